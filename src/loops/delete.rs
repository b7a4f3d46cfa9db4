//! `deleteContact` (beyond Segment; also the GDPR delete): `POST /v1/contacts/delete`
//! with ONE string identifier. Segment's `onDelete` sends `{"userId":[id]}`, an array,
//! which Loops rejects.

use crate::error::{Error, Result};
use crate::json::{Object, Value};

/// `{"userId": "…"}` when there is a userId (the stable identity), else `{"email": "…"}`.
pub fn body(mut payload: Object) -> Result<Object> {
    let mut body = Object::with_capacity(1);
    for key in ["userId", "email"] {
        if let Some(v @ Value::String(_)) = payload.remove(key) {
            body.insert(key, v);
            return Ok(body);
        }
    }
    Err(Error::payload("", "Deleting a contact needs a User ID or a Contact Email."))
}
