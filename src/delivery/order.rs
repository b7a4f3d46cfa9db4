//! Per-contact order under retries and replays. Queues redeliver out of order: an
//! identify A that failed once is retried after a newer identify B went through, and
//! would overwrite B (say, re-subscribe someone who unsubscribed). So, per contact, the
//! time of the newest update and of the newest delete delivered are kept (by the
//! Worker, in a Durable Object), and:
//! - an update older than the newest update or delete delivered is skipped (stale: Loops
//!   already has newer values, or the contact was deleted after it);
//! - an event or transactional email older than the newest delete is skipped (it would
//!   re-create a deleted contact);
//! - a delete is always delivered: a deletion request is not undone by ordering.
//! Equal times deliver: a repeat of the same event is an idempotent upsert.

pub use crate::loops::Kind;

/// What was delivered for one contact, in ms since the epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ContactState {
    pub updated_ms: Option<f64>,
    pub deleted_ms: Option<f64>,
}

/// Whether an event of `kind` at `time_ms` may still be delivered. No time: nothing to
/// order by, so it is delivered.
pub fn is_stale(kind: Kind, time_ms: Option<f64>, state: ContactState) -> bool {
    let Some(t) = time_ms else { return false };
    let older = |newest: Option<f64>| newest.is_some_and(|n| t < n);
    match kind {
        Kind::Update => older(state.updated_ms) || older(state.deleted_ms),
        Kind::Event => older(state.deleted_ms),
        Kind::Delete => false,
    }
}

/// The state after an event of `kind` at `time_ms` was delivered.
pub fn after(kind: Kind, time_ms: Option<f64>, state: ContactState) -> ContactState {
    let Some(t) = time_ms else { return state };
    let newest = |n: Option<f64>| Some(n.map_or(t, |n| n.max(t)));
    match kind {
        Kind::Update => ContactState { updated_ms: newest(state.updated_ms), ..state },
        Kind::Delete => ContactState { deleted_ms: newest(state.deleted_ms), ..state },
        Kind::Event => state,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: ContactState = ContactState { updated_ms: None, deleted_ms: None };

    #[test]
    fn stale_rules() {
        let s = ContactState { updated_ms: Some(100.0), deleted_ms: None };
        let d = ContactState { updated_ms: Some(50.0), deleted_ms: Some(80.0) };
        // (kind, time, state, stale)
        let rows = [
            (Kind::Update, Some(99.0), s, true),
            (Kind::Update, Some(100.0), s, false),
            (Kind::Update, Some(101.0), s, false),
            (Kind::Update, None, s, false),
            (Kind::Update, Some(1.0), NONE, false),
            (Kind::Update, Some(79.0), d, true),
            (Kind::Update, Some(81.0), d, false),
            (Kind::Event, Some(1.0), s, false),
            (Kind::Event, Some(79.0), d, true),
            (Kind::Event, Some(80.0), d, false),
            (Kind::Delete, Some(1.0), d, false),
        ];
        for (i, (kind, t, state, stale)) in rows.into_iter().enumerate() {
            assert_eq!(is_stale(kind, t, state), stale, "row {i}");
        }
    }

    #[test]
    fn state_keeps_the_newest() {
        let s = after(Kind::Update, Some(10.0), NONE);
        assert_eq!(s, ContactState { updated_ms: Some(10.0), deleted_ms: None });
        assert_eq!(after(Kind::Update, Some(5.0), s), s, "an older one never moves it back");
        let s = after(Kind::Delete, Some(20.0), s);
        assert_eq!(s, ContactState { updated_ms: Some(10.0), deleted_ms: Some(20.0) });
        assert_eq!(after(Kind::Event, Some(30.0), s), s);
        assert_eq!(after(Kind::Update, None, s), s);
    }
}
