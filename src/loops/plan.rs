//! What an event does to its contact, known before anything is sent: the input of the
//! per-contact order rule (`delivery::order`), decided here by the actions.

/// Which contact an event concerns, when, and what it does to it: see
/// [`Destination::plan`](super::Destination::plan).
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub contact: Option<String>,
    /// The event's `timestamp` (else `sentAt`, `receivedAt`), ms since the epoch.
    pub time_ms: Option<f64>,
    /// `None`: no subscription matches, nothing will be sent.
    pub kind: Option<Kind>,
}

/// What an event does to its contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Update,
    Delete,
    Event,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Update => "update",
            Kind::Delete => "delete",
            Kind::Event => "event",
        }
    }

    pub fn from_str(s: &str) -> Option<Kind> {
        [Kind::Update, Kind::Delete, Kind::Event].into_iter().find(|k| k.as_str() == s)
    }
}
