//! A destination: settings plus subscriptions `[{action, subscribe, mapping}]`, compiled
//! once; each event becomes one entry per subscription, as Segment's `onEvent` runs them
//! (trigger, mapping, payload validation, request), plus our checks.

use super::dropped::{dropped, Dropped};
use super::{checks, idempotency, ActionKind, Kind, Plan, Request, Settings, Warning};
use crate::error::{pointer_push, Error, ErrorKind, Result};
use crate::json::{self, Value, Wanted};
use crate::mapping::{Clock, Mapping};
use crate::options::refuse_unknown_keys;
use crate::schema::validate_payload;
use crate::subscription::Subscription;
use crate::segment::time::iso_ms;

/// One subscription as given: which action, on which trigger, with which mapping
/// (`None`: the action's default mapping).
#[derive(Clone, Debug)]
pub struct SubscriptionSpec {
    pub action: String,
    /// Segment accepts only a non-empty string here; anything else is reported per event.
    pub subscribe: Value,
    pub mapping: Option<Value>,
}

/// What one subscription does with one event.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewEntry {
    pub action: &'static str,
    pub subscribed: bool,
    /// The request to send; `None` when not subscribed or on any error.
    pub request: Option<Request>,
    pub errors: Vec<Error>,
    pub warnings: Vec<Warning>,
    /// Why the trigger does not match this event (previews only; `None` when it matches).
    pub reason: Option<String>,
    /// The mapping's output before the schema (detailed previews only; `None` when the
    /// trigger does not match or the mapping fails).
    pub mapped: Option<Value>,
    /// What the request leaves out of `mapped`, and why (detailed previews with a request).
    pub dropped: Vec<Dropped>,
}

#[derive(Debug)]
struct Compiled {
    action: ActionKind,
    trigger: Result<Subscription>,
    mapping: Result<Mapping>,
    /// How many earlier subscriptions have the same action (tells their idempotency keys apart).
    ordinal: usize,
}

/// The keys of `new Destination({ … })`: the settings, the subscriptions and the sender's.
pub const OPTION_KEYS: [&str; 8] =
    ["apiKey", "baseUrl", "strict", "contactProperties", "subscriptions", "rateLimit", "retry", "timeoutMs"];

#[derive(Debug)]
pub struct Destination {
    settings: Settings,
    subscriptions: Vec<Compiled>,
    /// What of an event the triggers, mappings, idempotency keys and plans may read,
    /// decided once: `parse_event` builds only that. `None` when a mapping may read
    /// anything (then the whole event is built).
    reads: Option<Wanted>,
}

impl Destination {
    /// `subscriptions: None` gives Segment's two actions on their default triggers with
    /// their default mappings. An unknown action is an error here; a bad trigger or
    /// mapping is reported on each event it would apply to, as Segment does.
    pub fn new(settings: Settings, subscriptions: Option<Vec<SubscriptionSpec>>) -> Result<Destination> {
        let specs = match subscriptions {
            Some(specs) => specs,
            None => [ActionKind::CreateOrUpdateContact, ActionKind::SendEvent]
                .into_iter()
                .map(|a| SubscriptionSpec {
                    action: a.key().to_owned(),
                    subscribe: Value::from(a.default_subscription().unwrap_or_default()),
                    mapping: None,
                })
                .collect(),
        };
        let mut compiled: Vec<Compiled> = Vec::with_capacity(specs.len());
        for (i, spec) in specs.into_iter().enumerate() {
            let at = format!("/subscriptions/{i}");
            let Some(action) = ActionKind::from_key(&spec.action) else {
                let known: Vec<&str> = ActionKind::ALL.iter().map(|a| a.key()).collect();
                return Err(Error::config(
                    pointer_push(&at, "action"),
                    format!("unknown action '{}'; the actions are {}", spec.action, known.join(", ")),
                ));
            };
            let trigger = match &spec.subscribe {
                Value::String(s) if !s.is_empty() => Subscription::parse(s),
                _ => Err(Error::new(ErrorKind::Subscription, pointer_push(&at, "subscribe"), "Failed to validate subscription")),
            };
            let mapping = match &spec.mapping {
                Some(m) => Mapping::compile(m),
                None => action.default_mapping().and_then(|m| Mapping::compile(&m)),
            };
            let ordinal = compiled.iter().filter(|c| c.action == action).count();
            compiled.push(Compiled { action, trigger, mapping, ordinal });
        }
        let reads = event_reads(&compiled);
        Ok(Destination { settings, subscriptions: compiled, reads })
    }

    /// The event of `text` for [`preview`](Self::preview), [`requests`](Self::requests) and
    /// [`plan`](Self::plan): `json::parse(text)` with the same errors, but members no
    /// subscription reads are checked, not built. (An identify's `context` is a third of
    /// a typical event; the default subscriptions read only its `traits`.)
    pub fn parse_event(&self, text: &str) -> Result<Value> {
        let Some(reads) = &self.reads else { return json::parse(text) };
        match json::parse_wanted(text, reads, &mut [])? {
            Some(event) => Ok(event),
            // Not an object: parsed whole, as before.
            None => json::parse(text),
        }
    }

    /// From `{ apiKey, baseUrl?, strict?, contactProperties?, subscriptions? }` (the
    /// sender's `rateLimit`, `retry` and `timeoutMs` may be there too: `delivery::Config`).
    pub fn from_value(v: &Value) -> Result<Destination> {
        refuse_unknown_keys(v, "", &OPTION_KEYS)?;
        let settings = Settings::from_value(v)?;
        let specs = match v.get("subscriptions") {
            None | Some(Value::Undefined | Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| subscription_spec(item, i))
                    .collect::<Result<Vec<_>>>()?,
            ),
            Some(_) => return Err(Error::config("/subscriptions", "subscriptions must be an array")),
        };
        Destination::new(settings, specs)
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// What each subscription would send for `event`, with the API key redacted.
    /// `now` is the caller's clock (for Liquid's `"now"`).
    pub fn preview(&self, event: &Value, now: Clock) -> Vec<PreviewEntry> {
        self.preview_with(event, now, false)
    }

    /// [`preview`](Self::preview) with, for each subscribed entry, the mapped payload
    /// before the schema (`mapped`) and what the request leaves out of it (`dropped`):
    /// what a UI shows beside the request, decided here rather than guessed.
    pub fn preview_detailed(&self, event: &Value, now: Clock) -> Vec<PreviewEntry> {
        self.preview_with(event, now, true)
    }

    fn preview_with(&self, event: &Value, now: Clock, detail: bool) -> Vec<PreviewEntry> {
        let mut entries: Vec<PreviewEntry> = self.subscriptions.iter().map(|s| self.run(s, event, now, detail)).collect();
        for (entry, sub) in entries.iter_mut().zip(&self.subscriptions) {
            entry.request = entry.request.take().map(Request::redacted);
            if !entry.subscribed && entry.errors.is_empty() {
                entry.reason = sub.trigger.as_ref().ok().map(|t| t.explain(event));
            }
        }
        entries
    }

    /// Which contact `event` concerns, when, and what it does to it: what per-contact
    /// ordering needs before anything is sent (`delivery::order`). The contact is the one
    /// Loops sees: the first request body's `userId`, else its `email` (lower case). `now`
    /// is the caller's clock (for Liquid's `"now"`).
    pub fn plan(&self, event: &Value, now: Clock) -> Plan {
        let entries = self.requests(event, now);
        let subscribed = |a: ActionKind| entries.iter().any(|e| e.subscribed && e.action == a.key());
        let kind = if subscribed(ActionKind::DeleteContact) {
            Some(Kind::Delete)
        } else if subscribed(ActionKind::CreateOrUpdateContact) {
            Some(Kind::Update)
        } else if entries.iter().any(|e| e.subscribed) {
            Some(Kind::Event)
        } else {
            None
        };
        let contact = entries.iter().filter_map(|e| e.request.as_ref()?.body.as_deref()).find_map(|body| {
            let body = json::parse(body).ok()?;
            let text = |k: &str| body.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned);
            text("userId").map(|id| format!("userId:{id}")).or_else(|| text("email").map(|e| format!("email:{}", e.to_lowercase())))
        });
        let time_ms = ["timestamp", "sentAt", "receivedAt"].iter().find_map(|k| event.get(k).and_then(Value::as_str).and_then(iso_ms));
        Plan { contact, time_ms, kind }
    }

    /// What each subscription sends for `event`, with the real key (for the sender only).
    pub fn requests(&self, event: &Value, now: Clock) -> Vec<PreviewEntry> {
        self.subscriptions.iter().map(|s| self.run(s, event, now, false)).collect()
    }

    fn run(&self, sub: &Compiled, event: &Value, now: Clock, detail: bool) -> PreviewEntry {
        let mut entry = PreviewEntry {
            action: sub.action.key(),
            subscribed: false,
            request: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            reason: None,
            mapped: None,
            dropped: Vec::new(),
        };
        match &sub.trigger {
            Err(e) => {
                entry.errors.push(e.clone());
                return entry;
            }
            Ok(trigger) => match trigger.evaluate(event) {
                Ok(false) => return entry,
                Ok(true) => entry.subscribed = true,
                Err(e) => {
                    entry.errors.push(e);
                    return entry;
                }
            },
        }
        let mut seen = detail.then(Seen::default);
        match self.build(sub, event, now, seen.as_mut()) {
            Ok((request, warnings)) => {
                if self.settings.strict && !warnings.is_empty() {
                    entry.errors = warnings.into_iter().map(|w| Error::payload(w.path, w.message)).collect();
                } else {
                    entry.request = Some(request);
                    entry.warnings = warnings;
                    if let Some(Seen { mapped: Some(mapped), payload_keys, body: Some(body) }) = &seen {
                        let keys = sub.mapping.as_ref().map(Mapping::top_level_keys).unwrap_or_default();
                        entry.dropped = dropped(sub.action, &keys, mapped, payload_keys, body);
                    }
                }
            }
            Err(e) => entry.errors = e.flatten().into_iter().cloned().collect(),
        }
        entry.mapped = seen.and_then(|s| s.mapped);
        entry
    }

    /// `seen`, when given, keeps what a detailed preview shows: the mapped payload, the
    /// keys the schema kept and the body.
    fn build(&self, sub: &Compiled, event: &Value, now: Clock, mut seen: Option<&mut Seen>) -> Result<(Request, Vec<Warning>)> {
        let mapping = sub.mapping.as_ref().map_err(Clone::clone)?;
        let mut mapped = mapping.apply(event, now)?;
        if let Some(seen) = seen.as_deref_mut() {
            seen.mapped = Some(mapped.clone());
        }
        sub.action.prepare(&mut mapped);
        let payload = validate_payload(sub.action.fields(), mapped)?;
        if let Some(seen) = seen.as_deref_mut() {
            seen.payload_keys = payload.keys().cloned().collect();
        }
        let body = sub.action.body(payload)?;
        if let Some(seen) = seen {
            seen.body = Some(body.clone());
        }
        let warnings = checks::check(sub.action, &body, &self.settings);
        if sub.action == ActionKind::SendTransactionalEmail {
            // Loops refuses these outright: not a matter of taste, so errors even when not strict.
            let problems = super::transactional::attachment_problems(&body);
            if !problems.is_empty() {
                let errors = problems.into_iter().map(|(path, msg)| Error::payload(path, msg)).collect();
                return Err(Error::aggregate(ErrorKind::Payload, "Invalid attachments.", errors));
            }
        }
        let text = json::stringify(&Value::Object(body)).unwrap_or_default();
        let scope = (sub.action == ActionKind::SendTransactionalEmail).then_some("transactional");
        let key = if sub.action.idempotent() { idempotency::key(event.get("messageId"), scope, sub.ordinal) } else { None };
        let request = Request::new(&self.settings, sub.action.method(), sub.action.path(), Some(text), key);
        Ok((request, warnings))
    }
}

/// What the subscriptions read from an event (see `Destination::reads`).
fn event_reads(subscriptions: &[Compiled]) -> Option<Wanted> {
    let mut wanted = Wanted::default();
    // Idempotency keys read `messageId`; `plan` the times.
    for key in ["messageId", "timestamp", "sentAt", "receivedAt"] {
        wanted.at(&[key.to_owned()]).whole = true;
    }
    for sub in subscriptions {
        if let Ok(trigger) = &sub.trigger {
            trigger.mark_reads(&mut wanted);
        }
        // A mapping that does not compile reads nothing: its error is the entry.
        if let Ok(mapping) = &sub.mapping {
            if !mapping.mark_reads(&mut wanted) {
                return None;
            }
        }
    }
    Some(wanted)
}

/// What a detailed preview keeps from [`Destination::build`].
#[derive(Default)]
struct Seen {
    mapped: Option<Value>,
    payload_keys: Vec<String>,
    body: Option<json::Object>,
}

fn subscription_spec(item: &Value, i: usize) -> Result<SubscriptionSpec> {
    let at = format!("/subscriptions/{i}");
    refuse_unknown_keys(item, &at, &["action", "subscribe", "mapping"])?;
    let Some(o) = item.as_object() else {
        return Err(Error::config(at, "each subscription must be an object { action, subscribe, mapping }"));
    };
    let Some(action) = o.get("action").and_then(Value::as_str) else {
        return Err(Error::config(pointer_push(&at, "action"), "action must be a string"));
    };
    let action_kind = ActionKind::from_key(action);
    let subscribe = match o.get("subscribe") {
        // A missing trigger takes the action's default, as Segment's UI pre-fills it.
        None | Some(Value::Undefined) => {
            Value::from(action_kind.and_then(ActionKind::default_subscription).unwrap_or_default())
        }
        Some(v) => v.clone(),
    };
    let mapping = match o.get("mapping") {
        None | Some(Value::Undefined | Value::Null) => None,
        Some(m) => Some(m.clone()),
    };
    Ok(SubscriptionSpec { action: action.to_owned(), subscribe, mapping })
}
