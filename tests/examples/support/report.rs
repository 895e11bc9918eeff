//! How the examples print a failed call: the service's code and message when there is one, else the error.

use aws_lite::runtime::error::{ProvideErrorMetadata, SdkError};
use std::fmt::Display;
use std::process::ExitCode;

pub fn failure<E: ProvideErrorMetadata + Display>(err: &SdkError<E>) -> ExitCode {
    match err.code() {
        Some(code) => eprintln!(
            "service error {code}: {} (request id {})",
            err.message().unwrap_or("no message"),
            err.request_id().unwrap_or("none")
        ),
        None => eprintln!("error: {err}"),
    }
    ExitCode::FAILURE
}

/// The `n`th command-line argument, or `default`.
pub fn arg(n: usize, default: &str) -> String {
    std::env::args()
        .nth(n)
        .unwrap_or_else(|| default.to_owned())
}
