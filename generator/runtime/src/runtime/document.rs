//! Smithy `document`: untyped JSON-like data, represented by `serde_json::Value`.
//!
//! Documents are rare in AWS APIs; reusing `serde_json::Value` (already needed to read JSON bodies)
//! gives users a familiar type with indexing, `json!` and serde interop for free.

/// An open content value (`null`, booleans, numbers, strings, lists and string-keyed maps).
pub type Document = serde_json::Value;

pub use serde_json::{Map as DocumentMap, Number as DocumentNumber};
