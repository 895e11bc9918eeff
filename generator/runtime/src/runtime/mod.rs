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
pub mod client;
pub mod clock_skew;
pub mod config;
pub mod credentials;
pub mod endpoint_target;
pub mod error;
pub mod http;
pub mod profile;
pub mod retry;
pub mod sign;
pub mod user_agent;
pub mod validate;
pub mod json;
pub mod unknown;
pub mod test_util;
pub mod host_prefix;
pub mod compression;
pub mod checksum;
