//! The lowered service: plain data with final Rust names, Rust types, HTTP bindings and docs. Emitters read
//! only this, never the raw model.
mod endpoint_bindings;
mod file_names;
mod http;
mod lifecycle;
mod lower;
mod paginator;
mod path_types;
mod types;
mod waiters;

pub use file_names::check_service_module;
pub use http::{HttpTrait, UriSegment};
pub use lifecycle::*;
pub use lower::lower_service;
pub use paginator::{Paginator, PathStep};
pub use types::*;
