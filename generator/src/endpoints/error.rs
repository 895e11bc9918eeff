//! Problems found in a rule set or its tests; each names where in the trait value it is.
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    /// Where in the rule set or test list (`rules[2].conditions[0]`, `parameter `Region``, `test case 3`).
    pub at: String,
    pub message: String,
}

impl EndpointError {
    pub fn new(at: impl Into<String>, message: impl Into<String>) -> Self {
        EndpointError {
            at: at.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

impl std::error::Error for EndpointError {}
