//! The input fields of each action. Segment's two actions are copied from
//! `@segment/action-destinations` 3.497 (keys, labels, types, formats, required flags,
//! descriptions and default mappings, in definition order: that order is also the key
//! order of the default mapping, and so of the request body).

use crate::schema::{Field, FieldType};

const BASE: Field = Field {
    key: "",
    label: "",
    description: "",
    field_type: FieldType::String,
    required: false,
    format: None,
    allow_null: false,
    multiple: false,
    default: None,
};

/// The settings field (`authentication.fields`).
pub const SETTINGS: &[Field] = &[Field {
    key: "apiKey",
    label: "API Key",
    description: "Your Loops API Key",
    field_type: FieldType::Password,
    required: true,
    ..BASE
}];

pub const CREATE_OR_UPDATE_CONTACT: &[Field] = &[
    Field {
        key: "createdAt",
        label: "Contact Created Date",
        description: "Date the contact was created.",
        field_type: FieldType::Datetime,
        format: Some("date-time"),
        ..BASE
    },
    Field {
        key: "customAttributes",
        label: "Custom Contact Attributes",
        description: "Contact attributes maintained by your team.",
        field_type: FieldType::Object,
        default: Some(r#"{"@path":"$.traits"}"#),
        ..BASE
    },
    Field {
        key: "email",
        label: "Contact Email",
        description: "Email address for the contact. This is required when creating new contacts.",
        format: Some("email"),
        default: Some(
            r#"{"@if":{"exists":{"@path":"$.traits.email"},"then":{"@path":"$.traits.email"},"else":{"@path":"$.email"}}}"#,
        ),
        ..BASE
    },
    Field {
        key: "firstName",
        label: "First Name",
        description: "The contact's given name.",
        default: Some(r#"{"@path":"$.traits.firstName"}"#),
        ..BASE
    },
    Field {
        key: "lastName",
        label: "Last Name",
        description: "The contact's surname.",
        default: Some(r#"{"@path":"$.traits.lastName"}"#),
        ..BASE
    },
    Field {
        key: "mailingLists",
        label: "Mailing Lists",
        description: "Key-value pairs of mailing list IDs and a boolean denoting if the contact should be added (true) or removed (false) from the list. Input list IDs as keys on the right, and a boolean true or false value on the left.",
        field_type: FieldType::Object,
        ..BASE
    },
    Field {
        key: "source",
        label: "Source",
        description: "The contact's source.",
        default: Some(
            r#"{"@if":{"exists":{"@path":"$.traits.source"},"then":{"@path":"$.traits.source"},"else":"Segment"}}"#,
        ),
        ..BASE
    },
    Field {
        key: "subscribed",
        label: "Subscribed",
        description: "Whether the contact is subscribed to email.",
        field_type: FieldType::Boolean,
        ..BASE
    },
    Field {
        key: "userGroup",
        label: "User Group",
        description: "The contact's user group.",
        default: Some(r#"{"@path":"$.traits.userGroup"}"#),
        ..BASE
    },
    USER_ID,
];

/// Segment's `userId` field, the same in both of its actions.
const USER_ID: Field = Field {
    key: "userId",
    label: "User ID",
    description: "User ID for the contact.",
    format: Some("text"),
    required: true,
    default: Some(r#"{"@path":"$.userId"}"#),
    ..BASE
};

/// `email` as a track event carries it: `properties.email`, else `context.traits.email`.
const TRACK_EMAIL: &str = r#"{"@if":{"exists":{"@path":"$.properties.email"},"then":{"@path":"$.properties.email"},"else":{"@path":"$.context.traits.email"}}}"#;

pub const SEND_EVENT: &[Field] = &[
    Field {
        key: "email",
        label: "Contact Email",
        description: "Email address for the contact.",
        format: Some("email"),
        default: Some(TRACK_EMAIL),
        ..BASE
    },
    Field {
        key: "eventName",
        label: "Event Name",
        description: "Name of the event.",
        required: true,
        default: Some(r#"{"@path":"$.event"}"#),
        ..BASE
    },
    USER_ID,
    Field {
        key: "contactProperties",
        label: "Contact Properties",
        description: "Optional properties that will be updated on the event's contact.",
        field_type: FieldType::Object,
        ..BASE
    },
    Field {
        key: "eventProperties",
        label: "Event Properties",
        description: "Event-specific properties that can be included in emails triggered by this event.",
        field_type: FieldType::Object,
        default: Some(r#"{"@path":"$.properties"}"#),
        ..BASE
    },
];

// Beyond Segment.

pub const DELETE_CONTACT: &[Field] = &[
    Field {
        key: "userId",
        label: "User ID",
        description: "User ID of the contact to delete. Sent instead of the email when both are present, since Loops takes only one.",
        format: Some("text"),
        default: Some(r#"{"@path":"$.userId"}"#),
        ..BASE
    },
    Field {
        key: "email",
        label: "Contact Email",
        description: "Email address of the contact to delete, used when there is no User ID.",
        format: Some("email"),
        default: Some(
            r#"{"@if":{"exists":{"@path":"$.traits.email"},"then":{"@path":"$.traits.email"},"else":{"@path":"$.context.traits.email"}}}"#,
        ),
        ..BASE
    },
];

pub const SEND_TRANSACTIONAL_EMAIL: &[Field] = &[
    Field {
        key: "transactionalId",
        label: "Transactional Email ID",
        description: "ID of a published transactional email in Loops.",
        required: true,
        default: Some(r#"{"@path":"$.properties.transactionalId"}"#),
        ..BASE
    },
    Field {
        key: "email",
        label: "Recipient Email",
        description: "Email address of the recipient.",
        format: Some("email"),
        required: true,
        default: Some(TRACK_EMAIL),
        ..BASE
    },
    Field {
        key: "addToAudience",
        label: "Add to Audience",
        description: "Create a contact for this email address if none exists.",
        field_type: FieldType::Boolean,
        ..BASE
    },
    Field {
        key: "dataVariables",
        label: "Data Variables",
        description: "Values for the email's data variables: strings, numbers, or arrays of objects for repeating blocks. Send \"\" for an optional variable, never null.",
        field_type: FieldType::Object,
        default: Some(r#"{"@path":"$.properties"}"#),
        ..BASE
    },
    Field {
        key: "attachments",
        label: "Attachments",
        description: "Files to attach, each { filename, contentType, data (base64) }. Loops must enable attachments for the account.",
        field_type: FieldType::Object,
        multiple: true,
        ..BASE
    },
];
