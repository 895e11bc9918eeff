//! Values of enums that this version of the client does not know. The fields are private so that user code
//! cannot build an "unknown" value that is in fact known (which would break equality).

/// A string enum value not in the model the client was generated from.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct UnknownVariantValue(String);

impl UnknownVariantValue {
    #[allow(dead_code)] // called by generated enums only
    pub(crate) fn new(value: &str) -> Self {
        UnknownVariantValue(value.to_owned())
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An int enum value not in the model the client was generated from.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct UnknownIntValue(i32);

impl UnknownIntValue {
    #[allow(dead_code)] // called by generated int enums only
    pub(crate) fn new(value: i32) -> Self {
        UnknownIntValue(value)
    }

    /// The value as received.
    pub fn value(&self) -> i32 {
        self.0
    }
}
