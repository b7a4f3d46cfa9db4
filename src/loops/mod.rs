//! Segment's Loops (Actions) destination and what it lacks, as pure code: settings,
//! actions (fields, default mappings, request bodies byte for byte as Segment builds
//! them), Loops-aware checks, idempotency keys, the response classifier and a
//! previewing [`Destination`]. No I/O: a [`Request`] is data for the transport.
//!
//! Differences from Segment's destination (each has its own test):
//! - `User-Agent: loops-destination/<version>` instead of `Segment (Actions)`.
//! - `deleteContact` sends one string (`{"userId":"u"}`, else `{"email":…}`); Segment's
//!   `onDelete` sends `{"userId":["u"]}`, which Loops rejects.
//! - `sendTransactionalEmail` (`POST /v1/transactional`) exists.
//! - Mailing lists in Loops' array shape (`[{"id"|"listId", "subscribed"}]`) or as an
//!   array of list ids become `{listId: bool}`: Segment sends `{}` for those from traits
//!   and refuses a mapped array. Other arrays keep Segment's walk by index.
//! - `Idempotency-Key` (from `messageId`) on `events/send` and `transactional`.
//! - Loops-aware warnings (errors in strict mode), which Segment does not have.
//! - A subscription without a mapping uses the action's default mapping (Segment: `{}`).

mod action;
mod api_key;
mod checks;
mod contact;
mod delete;
mod describe;
mod destination;
mod dropped;
mod event;
pub mod fields;
mod idempotency;
mod plan;
pub mod lists;
mod request;
pub mod response;
mod settings;
mod transactional;
mod wire;

pub use action::ActionKind;
pub use api_key::{classify_key_check, key_check_unreachable, test_authentication, KeyCheck};
pub use describe::actions_value;
pub use checks::{check, Warning, MAX_VALUE_CHARS};
pub use destination::{Destination, PreviewEntry, SubscriptionSpec};
pub use dropped::{DropLevel, Dropped};
pub use plan::{Kind, Plan};
pub use idempotency::key as idempotency_key;
pub use request::{Request, REDACTED_AUTHORIZATION, USER_AGENT};
pub use response::{classify, Outcome};
pub use settings::{contact_properties, ContactProperty, Settings, DEFAULT_BASE_URL};
pub use wire::preview_json;


/// Every action, for a UI's field table: each has its key, title, description, default
/// trigger and fields (key, label, type, required flag, default mapping).
pub fn actions() -> &'static [ActionKind] {
    &ActionKind::ALL
}
