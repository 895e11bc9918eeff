//! The one error type of the import; every variant names the file or shape it is about.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// A file could not be read or written.
    Io { path: String, message: String },
    /// A file is not the JSON we expect.
    Json { path: String, message: String },
    /// The upstream model does not have the shape of a Smithy JSON AST.
    Model { message: String },
    /// The generator's loader refused a model (dangling targets, mixin cycles, `apply` without a target, trait
    /// values of the wrong type...); `problems` lists every one, each naming its shape.
    Load { path: String, problems: String },
    /// A requested operation is not bound to the service.
    UnknownOperation {
        name: String,
        service: String,
        near: Vec<String>,
    },
    /// A fix in `models/fixes.json` no longer fits the model.
    Fix { shape: String, message: String },
    /// No operation was requested.
    NoOperations,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Io { path, message } => write!(f, "cannot access `{path}`: {message}"),
            ImportError::Json { path, message } => write!(f, "`{path}` is not valid: {message}"),
            ImportError::Model { message } => write!(f, "upstream model: {message}"),
            ImportError::Load { path, problems } => write!(f, "cannot load `{path}`: {problems}"),
            ImportError::UnknownOperation {
                name,
                service,
                near,
            } => {
                write!(f, "operation `{name}` is not bound to service `{service}`")?;
                if near.is_empty() {
                    write!(f, " (no similar operation names)")
                } else {
                    write!(f, "; did you mean: {}?", near.join(", "))
                }
            }
            ImportError::Fix { shape, message } => write!(f, "fix for `{shape}`: {message}"),
            ImportError::NoOperations => {
                write!(
                    f,
                    "no operation selected: pass at least one --operation (there is no slice to add to)"
                )
            }
        }
    }
}

impl std::error::Error for ImportError {}
