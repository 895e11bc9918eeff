//! Hand-written support code shared by every generated service module.
//! (Copied verbatim by the generator; edit it in generator/runtime/src/runtime/.)
pub mod endpoint;
pub mod endpoint_lib;
pub mod datetime;
pub mod blob;
pub mod document;
pub mod encoding;
pub mod number;
pub mod token;
