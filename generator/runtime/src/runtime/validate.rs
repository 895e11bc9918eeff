//! PLACEHOLDER created by the transport/config part so `error::SdkError::Validation` compiles; the data part
//! owns this module and replaces this file with the real constraint checks.

use std::fmt;

/// An input broke a model constraint (placeholder: just a message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ValidationError {}
