//! The lowered service: plain data with final Rust names, Rust types, HTTP bindings and docs. Emitters read
//! only this, never the raw model.
mod endpoint_bindings;
mod fallback_docs;
mod http;
mod lifecycle;
mod lower;
mod path_types;
mod types;
mod waiters;

pub use http::{HttpTrait, UriSegment};
pub use lifecycle::*;
pub use lower::lower_service;
pub use types::*;
