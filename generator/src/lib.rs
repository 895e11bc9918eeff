//! Smithy 2.0 JSON AST -> Rust client generator. The library is the pipeline and does no I/O:
//! `xtask` reads the model files and writes (or checks) the returned file plan.
pub mod error;
pub mod model;
pub mod endpoints;
pub mod docs;
