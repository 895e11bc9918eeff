//! Smithy shape ids: `namespace#Name` with an optional `$member`.
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId {
    namespace: String,
    name: String,
}

impl ShapeId {
    /// Parses an absolute shape id (`ns#Name`); a member part is refused: members are not shapes here.
    pub fn parse(text: &str) -> Result<ShapeId, String> {
        let (ns, name) = text
            .split_once('#')
            .ok_or_else(|| format!("`{text}` is not an absolute shape id (expected `namespace#Name`)"))?;
        let valid_ident = |s: &str| {
            let mut chars = s.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if !ns.split('.').all(valid_ident) {
            return Err(format!("`{text}` has an invalid namespace"));
        }
        if name.contains('$') {
            return Err(format!("`{text}` names a member where a shape was expected"));
        }
        if !valid_ident(name) {
            return Err(format!("`{text}` has an invalid shape name"));
        }
        Ok(ShapeId { namespace: ns.to_string(), name: name.to_string() })
    }

    pub fn new(namespace: &str, name: &str) -> ShapeId {
        ShapeId { namespace: namespace.to_string(), name: name.to_string() }
    }

    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn is_prelude(&self) -> bool {
        self.namespace == "smithy.api"
    }

    /// `ns#Name$member`, for messages.
    pub fn member(&self, member: &str) -> String {
        format!("{self}${member}")
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)
    }
}
