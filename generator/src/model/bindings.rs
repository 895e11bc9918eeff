//! Trait rules Smithy's own validators enforce and the generated crate relies on: what a trait may be applied to
//! (`@idempotencyToken` on a string, `@httpResponseCode` on an integer, `@eventHeader` on a scalar), HTTP bindings
//! (one payload, labels that match the URI, a valid method, header names that are tokens and bound once) and
//! constraint values (`@length` / `@range` with min <= max, a `@pattern` that is a valid regex). A model breaking
//! one of them used to load and give a crate that did not compile, or a check that silently passed everything.
use super::ast::{Model, Shape, ShapeKind, Traits};
use super::pattern;
use crate::error::Diagnostic;
use serde_json::Value;
use std::collections::BTreeMap;

/// Checks one shape (and its members); problems name the shape or member and the trait.
pub fn check(model: &Model, shape: &Shape, problems: &mut Vec<Diagnostic>) {
    check_constraints(&shape.id.to_string(), &shape.traits, problems);
    for m in &shape.members {
        let owner = shape.id.member(&m.name);
        let target = model.shapes.get(&m.target).map(|t| t.kind);
        let mut wrong_target = |trait_name: &str, allowed: &[ShapeKind], what: &str| {
            if m.traits.has_api(trait_name) {
                if let Some(kind) = target.filter(|k| !allowed.contains(k)) {
                    problems.push(
                        Diagnostic::at_shape(&owner, format!("applies only to {what}, but `{}` is a {kind:?}", m.target))
                            .with_trait(format!("smithy.api#{trait_name}")),
                    );
                }
            }
        };
        wrong_target("idempotencyToken", &[ShapeKind::String], "a member targeting a string");
        wrong_target("httpResponseCode", &[ShapeKind::Integer], "a member targeting an integer");
        use ShapeKind::*;
        wrong_target(
            "eventHeader",
            &[Boolean, Byte, Short, Integer, Long, Blob, String, Enum, IntEnum, Timestamp],
            "a member targeting a boolean, byte, short, integer, long, blob, string or timestamp",
        );
        if let Some(header) = m.traits.api("httpHeader").and_then(Value::as_str) {
            if !is_token(header) {
                problems.push(
                    Diagnostic::at_shape(&owner, format!("`{header}` is not a valid HTTP header name (an RFC 9110 token)"))
                        .with_trait("smithy.api#httpHeader"),
                );
            }
        }
        if let Some(prefix) = m.traits.api("httpPrefixHeaders").and_then(Value::as_str) {
            if !prefix.is_empty() && !is_token(prefix) {
                problems.push(
                    Diagnostic::at_shape(&owner, format!("`{prefix}` is not a valid HTTP header name prefix (an RFC 9110 token)"))
                        .with_trait("smithy.api#httpPrefixHeaders"),
                );
            }
        }
        check_constraints(&owner, &m.traits, problems);
    }
    if shape.kind == ShapeKind::Structure {
        check_structure_bindings(shape, problems);
        if shape.members.len() > MAX_STRUCTURE_MEMBERS {
            problems.push(Diagnostic::at_shape(
                &shape.id,
                format!(
                    "{} members; at most {MAX_STRUCTURE_MEMBERS} are supported (rustc overflows its stack on the derived \
                     impls of a structure with 10,000 fields)",
                    shape.members.len()
                ),
            ));
        }
    }
    if shape.kind == ShapeKind::Operation {
        if let Some(http) = shape.traits.api("http") {
            check_operation_http(model, shape, http, problems);
        }
    }
}

/// The most members a structure may have: a generated crate with 2,000 in one structure compiles; with 10,000,
/// rustc crashes (the derived `PartialEq` is one `&&` chain per field).
pub const MAX_STRUCTURE_MEMBERS: usize = 2000;

/// RFC 9110 `token`: the characters a header name or method may use.
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn check_constraints(owner: &str, traits: &Traits, problems: &mut Vec<Diagnostic>) {
    for name in ["length", "range"] {
        let Some(v) = traits.api(name) else { continue };
        let (min, max) = (v.get("min").and_then(Value::as_f64), v.get("max").and_then(Value::as_f64));
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                problems.push(
                    Diagnostic::at_shape(owner, format!("`min` ({min}) is greater than `max` ({max})"))
                        .with_trait(format!("smithy.api#{name}")),
                );
            }
        }
        if name == "length" && min.is_some_and(|m| m < 0.0) {
            problems.push(Diagnostic::at_shape(owner, "`min` is negative").with_trait("smithy.api#length"));
        }
    }
    if let Some(p) = traits.api("pattern").and_then(Value::as_str) {
        if let Err(problem) = pattern::check(p) {
            problems.push(
                Diagnostic::at_shape(owner, format!("`{p}` is not a valid regular expression: {problem}"))
                    .with_trait("smithy.api#pattern"),
            );
        }
    }
}

/// One `@httpPayload` per structure; one member per header name (header names are case-insensitive).
fn check_structure_bindings(shape: &Shape, problems: &mut Vec<Diagnostic>) {
    let payloads: Vec<&str> =
        shape.members.iter().filter(|m| m.traits.has_api("httpPayload")).map(|m| m.name.as_str()).collect();
    if payloads.len() > 1 {
        problems.push(
            Diagnostic::at_shape(&shape.id, format!("members {} are all bound to the payload; at most one may be", list(&payloads)))
                .with_trait("smithy.api#httpPayload"),
        );
    }
    let mut headers: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for m in &shape.members {
        if let Some(h) = m.traits.api("httpHeader").and_then(Value::as_str) {
            headers.entry(h.to_ascii_lowercase()).or_default().push(&m.name);
        }
    }
    for (header, members) in headers {
        if members.len() > 1 {
            problems.push(
                Diagnostic::at_shape(&shape.id, format!("members {} are bound to the same header `{header}`", list(&members)))
                    .with_trait("smithy.api#httpHeader"),
            );
        }
    }
}

fn list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// The method is a token; every URI label names an `@httpLabel` input member and every such member is in the URI.
fn check_operation_http(model: &Model, op: &Shape, http: &Value, problems: &mut Vec<Diagnostic>) {
    let err = |m: String| Diagnostic::at_shape(&op.id, m).with_trait("smithy.api#http");
    if let Some(method) = http.get("method").and_then(Value::as_str) {
        if !is_token(method) {
            problems.push(err(format!("`{method}` is not a valid HTTP method (an RFC 9110 token)")));
        }
    }
    let Some(uri) = http.get("uri").and_then(Value::as_str) else { return };
    let path = uri.split_once('?').map_or(uri, |(p, _)| p);
    let mut labels: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        if let Some(inner) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let name = inner.strip_suffix('+').unwrap_or(inner);
            if labels.contains(&name) {
                problems.push(err(format!("uri `{uri}` names label `{name}` twice")));
            }
            labels.push(name);
        }
    }
    let input = op.operation.input.as_ref().and_then(|id| model.shapes.get(id));
    let label_members: Vec<&str> = input
        .map(|s| s.members.iter().filter(|m| m.traits.has_api("httpLabel")).map(|m| m.name.as_str()).collect())
        .unwrap_or_default();
    for label in &labels {
        if !label_members.contains(label) {
            problems.push(err(format!("uri label `{label}` has no @httpLabel input member")));
        }
    }
    if let Some(input) = input {
        for member in label_members.iter().filter(|m| !labels.contains(m)) {
            problems.push(
                Diagnostic::at_shape(input.id.member(member), format!("@httpLabel member is not a label of `{}`'s uri `{uri}`", op.id))
                    .with_trait("smithy.api#httpLabel"),
            );
        }
    }
}
