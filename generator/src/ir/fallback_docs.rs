//! Documentation for members the project's docs do not cover (shapes imported with a slice, whose upstream
//! prose is never copied): a sentence made from facts of the model, the member's name, type and constraints,
//! e.g. "`SubnetIds`: a list of strings, 1 to 50 elements."
use super::{Constraints, Elem, Ty};

pub fn member_docs(name: &str, ty: &Ty, constraints: &Constraints) -> String {
    let mut text = format!("`{name}`: {}", describe(ty, false));
    let limits = limits(ty, constraints);
    if !limits.is_empty() {
        text.push_str(", ");
        text.push_str(&limits.join(", "));
    }
    text.push('.');
    text
}

/// "a string", "a list of `Tag` structures"; `plural` for list elements and map values.
fn describe(ty: &Ty, plural: bool) -> String {
    let (one, many) = match ty {
        Ty::String => ("a string".to_string(), "strings".to_string()),
        Ty::Bool => ("a boolean".into(), "booleans".into()),
        Ty::Byte | Ty::Short | Ty::Int | Ty::Long | Ty::BigInteger => ("an integer".into(), "integers".into()),
        Ty::Float | Ty::Double | Ty::BigDecimal => ("a number".into(), "numbers".into()),
        Ty::Timestamp => ("a timestamp".into(), "timestamps".into()),
        Ty::Blob => ("binary data".into(), "binary values".into()),
        Ty::ByteStream => ("a stream of bytes".into(), "byte streams".into()),
        Ty::Document => ("a JSON-like document".into(), "documents".into()),
        Ty::Struct(p) => (format!("a `{}` structure", p.name), format!("`{}` structures", p.name)),
        Ty::Union(p) => (format!("a `{}` (one of several members)", p.name), format!("`{}` values", p.name)),
        Ty::Enum(p) | Ty::IntEnum(p) => (format!("a `{}` value", p.name), format!("`{}` values", p.name)),
        Ty::List(e) => (format!("a list of {}", elem(e)), format!("lists of {}", elem(e))),
        Ty::Map(e) => (format!("a map from strings to {}", elem(e)), format!("maps from strings to {}", elem(e))),
        Ty::EventSender(p) => (format!("a stream of `{}` events to send", p.name), "event streams".into()),
        Ty::EventReceiver { union, .. } => (format!("a stream of `{}` events received", union.name), "event streams".into()),
    };
    if plural {
        many
    } else {
        one
    }
}

fn elem(e: &Elem) -> String {
    let text = describe(&e.ty, true);
    if e.sparse {
        format!("{text} (entries may be null)")
    } else {
        text
    }
}

/// "1 to 50 elements", "matching `^[a-z]+$`", "from 1 to 10".
fn limits(ty: &Ty, c: &Constraints) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((min, max)) = c.length {
        let unit = match ty {
            Ty::String => "characters",
            Ty::Blob => "bytes",
            Ty::Map(_) => "entries",
            _ => "elements",
        };
        out.push(match (min, max) {
            (Some(min), Some(max)) if min == max => format!("exactly {min} {unit}"),
            (Some(min), Some(max)) => format!("{min} to {max} {unit}"),
            (Some(min), None) => format!("at least {min} {unit}"),
            (None, Some(max)) => format!("at most {max} {unit}"),
            (None, None) => String::new(),
        });
    }
    if let Some((min, max)) = c.range {
        out.push(match (min, max) {
            (Some(min), Some(max)) => format!("from {min} to {max}"),
            (Some(min), None) => format!("at least {min}"),
            (None, Some(max)) => format!("at most {max}"),
            (None, None) => String::new(),
        });
    }
    if let Some(p) = &c.pattern {
        // A pattern with a backtick cannot sit in a code span; it is left out rather than garbled.
        if !p.contains('`') {
            out.push(format!("matching `{p}`"));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypePath;

    fn path(name: &str) -> TypePath {
        TypePath { module: vec!["types".into()], name: name.into() }
    }

    #[test]
    fn sentences_name_type_and_constraints() {
        let c = Constraints { length: Some((Some(1), Some(250))), pattern: Some("^[a-z]+$".into()), range: None };
        assert_eq!(member_docs("InstanceId", &Ty::String, &c), "`InstanceId`: a string, 1 to 250 characters, matching `^[a-z]+$`.");
        let tags = Ty::List(Box::new(Elem {
            ty: Ty::Struct(path("Tag")),
            sparse: false,
            constraints: Constraints::default(),
            timestamp_format: None,
            collection_constraints: Constraints::default(),
        }));
        let c = Constraints { length: Some((Some(1), Some(50))), ..Constraints::default() };
        assert_eq!(member_docs("Tags", &tags, &c), "`Tags`: a list of `Tag` structures, 1 to 50 elements.");
        let c = Constraints { range: Some((Some(1.0), None)), ..Constraints::default() };
        assert_eq!(member_docs("Days", &Ty::Long, &c), "`Days`: an integer, at least 1.");
        assert_eq!(member_docs("Kind", &Ty::Enum(path("Kind")), &Constraints::default()), "`Kind`: a `Kind` value.");
        let c = Constraints { pattern: Some("a`b".into()), ..Constraints::default() };
        assert_eq!(member_docs("Odd", &Ty::String, &c), "`Odd`: a string.");
    }
}
