//! The actions: what each is called, its fields and trigger, and the request it makes
//! from a validated payload.

use super::{contact, delete, event, fields, lists, transactional};
use crate::error::Result;
use crate::json::{Object, Value};
use crate::schema::Field;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// Segment's: `PUT /v1/contacts/update`.
    CreateOrUpdateContact,
    /// Segment's: `POST /v1/events/send`.
    SendEvent,
    /// Ours: `POST /v1/contacts/delete` with one string identifier.
    DeleteContact,
    /// Ours: `POST /v1/transactional`.
    SendTransactionalEmail,
}

impl ActionKind {
    pub const ALL: [ActionKind; 4] = [
        ActionKind::CreateOrUpdateContact,
        ActionKind::SendEvent,
        ActionKind::DeleteContact,
        ActionKind::SendTransactionalEmail,
    ];

    pub fn from_key(key: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|a| a.key() == key)
    }

    pub fn key(self) -> &'static str {
        match self {
            ActionKind::CreateOrUpdateContact => "createOrUpdateContact",
            ActionKind::SendEvent => "sendEvent",
            ActionKind::DeleteContact => "deleteContact",
            ActionKind::SendTransactionalEmail => "sendTransactionalEmail",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ActionKind::CreateOrUpdateContact => "Create or update a contact",
            ActionKind::SendEvent => "Send Event",
            ActionKind::DeleteContact => "Delete a contact",
            ActionKind::SendTransactionalEmail => "Send a transactional email",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            ActionKind::CreateOrUpdateContact => "Create or update a contact in Loops",
            ActionKind::SendEvent => "Send an event for a contact in Loops",
            ActionKind::DeleteContact => "Delete a contact in Loops, found by User ID or else by email",
            ActionKind::SendTransactionalEmail => "Send a published transactional email to one address",
        }
    }

    /// The trigger a new subscription starts with (Segment's for its two actions).
    pub fn default_subscription(self) -> Option<&'static str> {
        match self {
            ActionKind::CreateOrUpdateContact => Some(r#"type = "identify""#),
            ActionKind::SendEvent => Some(r#"type = "track""#),
            ActionKind::DeleteContact | ActionKind::SendTransactionalEmail => None,
        }
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            ActionKind::CreateOrUpdateContact => fields::CREATE_OR_UPDATE_CONTACT,
            ActionKind::SendEvent => fields::SEND_EVENT,
            ActionKind::DeleteContact => fields::DELETE_CONTACT,
            ActionKind::SendTransactionalEmail => fields::SEND_TRANSACTIONAL_EMAIL,
        }
    }

    /// Whether Segment's destination has this action (and we must send what it sends).
    pub fn is_segments(self) -> bool {
        matches!(self, ActionKind::CreateOrUpdateContact | ActionKind::SendEvent)
    }

    pub fn method(self) -> &'static str {
        match self {
            ActionKind::CreateOrUpdateContact => "PUT",
            _ => "POST",
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            ActionKind::CreateOrUpdateContact => "/v1/contacts/update",
            ActionKind::SendEvent => "/v1/events/send",
            ActionKind::DeleteContact => "/v1/contacts/delete",
            ActionKind::SendTransactionalEmail => "/v1/transactional",
        }
    }

    /// Loops honours `Idempotency-Key` on these endpoints only.
    pub fn idempotent(self) -> bool {
        matches!(self, ActionKind::SendEvent | ActionKind::SendTransactionalEmail)
    }

    /// The default mapping: each field's default, in field order.
    pub fn default_mapping(self) -> Result<Value> {
        let mut mapping = Object::new();
        for f in self.fields() {
            if let Some(text) = f.default {
                mapping.insert(f.key, crate::json::parse(text)?);
            }
        }
        Ok(Value::Object(mapping))
    }

    /// Adjusts the mapped payload before field validation (beyond Segment: a mailing-list
    /// array in a Loops shape becomes the object the field requires).
    pub fn prepare(self, mapped: &mut Value) {
        if self == ActionKind::CreateOrUpdateContact {
            lists::normalize_mapped(mapped);
        }
    }

    /// The request body from a validated payload.
    pub fn body(self, payload: Object) -> Result<Object> {
        Ok(match self {
            ActionKind::CreateOrUpdateContact => contact::body(payload),
            ActionKind::SendEvent => event::body(payload),
            ActionKind::DeleteContact => delete::body(payload)?,
            ActionKind::SendTransactionalEmail => transactional::body(payload),
        })
    }
}
