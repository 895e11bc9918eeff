//! Diagnostics: every problem found in a model names where it is (file, shape id, member or trait) and what is wrong.
use std::fmt;

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The model file the problem was found in, when known.
    pub file: Option<String>,
    /// The shape id (`ns#Name`, or `ns#Name$member`), when the problem belongs to a shape.
    pub shape: Option<String>,
    /// The trait involved, when the problem is a trait value.
    pub trait_id: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic { file: None, shape: None, trait_id: None, message: message.into() }
    }
    pub fn at_shape(shape: impl fmt::Display, message: impl Into<String>) -> Self {
        Diagnostic { shape: Some(shape.to_string()), ..Diagnostic::new(message) }
    }
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
    pub fn with_trait(mut self, trait_id: impl Into<String>) -> Self {
        self.trait_id = Some(trait_id.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        if let Some(shape) = &self.shape {
            write!(f, "{shape}: ")?;
        }
        if let Some(t) = &self.trait_id {
            write!(f, "trait {t}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// All problems found in one run, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Diagnostic>);

impl Errors {
    pub fn one(d: Diagnostic) -> Self {
        Errors(vec![d])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} problem(s) found:", self.0.len())?;
        for d in &self.0 {
            writeln!(f, "  - {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

impl From<Vec<Diagnostic>> for Errors {
    fn from(mut v: Vec<Diagnostic>) -> Self {
        v.sort();
        v.dedup();
        Errors(v)
    }
}
