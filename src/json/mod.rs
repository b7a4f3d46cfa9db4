//! JSON with JavaScript's semantics: numbers are `f64`, objects keep JS key order
//! (array-index keys first, ascending, then insertion order), `undefined` exists,
//! and text is written exactly as `JSON.stringify` writes it.
//!
//! Segment's code runs on V8; to give byte-identical results we model V8's values,
//! not JSON's.

mod canonical;
mod hash;
mod lexical;
mod number;
mod object;
mod parse;
mod partial;
pub mod v8;
mod value;
mod write;

pub use number::{js_number_to_string, write_js_number};
pub use v8::{is_js_whitespace, js_string_to_number};
pub use object::{is_array_index, Object};
pub use parse::{parse, MAX_DEPTH};
pub use partial::{parse_wanted, RawText, Wanted};
pub use value::Value;
pub use write::{stringify, stringify_into, stringify_into_without, write_message_list, write_string};
