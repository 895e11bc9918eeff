//! Smithy shape ids: `namespace#Name` with an optional `$member`.
use std::fmt;

/// Smithy's identifier grammar (shape, member and namespace-part names): ASCII letters, digits and `_`, starting
/// with a letter or with underscores followed by a letter or digit (`_` alone is not an identifier). Non-ASCII
/// letters and digits (`٣`, `²`, `１`) are not identifiers.
pub fn is_identifier(s: &str) -> bool {
    let rest = s.trim_start_matches('_');
    let underscored = rest.len() < s.len();
    match rest.chars().next() {
        Some(c) if c.is_ascii_alphabetic() || (underscored && c.is_ascii_digit()) => {
            rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        _ => false,
    }
}

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
        let valid_ident = is_identifier;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_grammar() {
        for ok in ["a", "A1", "_a", "__1", "_1_", "snake_case", "CamelCase"] {
            assert!(is_identifier(ok), "{ok}");
        }
        for bad in ["", "_", "__", "1a", "٣", "a٣", "²", "１", "é", "a-b", "a b", "a$b"] {
            assert!(!is_identifier(bad), "{bad}");
        }
    }
}
