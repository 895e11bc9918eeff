//! The lowered service: plain data with final Rust names, Rust types, HTTP bindings and docs. Emitters read
//! only this, never the raw model.
mod file_names;
mod http;
mod lower;
mod types;

pub use file_names::check_service_module;
pub use http::{HttpTrait, UriSegment};
pub use lower::lower_service;
pub use types::*;
