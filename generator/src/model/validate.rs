//! Checks a loaded model for the problems that would otherwise surface as broken generated code or a panic:
//! dangling references, trait values of the wrong type, member names that clash, and recursion that no value
//! could ever satisfy.
use super::ast::{Model, Shape, ShapeKind};
use super::prelude::is_unit;
use super::shape_id::ShapeId;
use crate::error::Diagnostic;
use crate::graph;
use crate::naming;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub fn validate(model: &Model, problems: &mut Vec<Diagnostic>) {
    for shape in model.shapes.values() {
        let at = |d: Diagnostic| d.in_file(&shape.file);
        let mut local = Vec::new();
        check_references(model, shape, &mut local);
        check_traits(&shape.id.to_string(), &shape.traits.0, &mut local);
        for m in &shape.members {
            check_traits(&shape.id.member(&m.name), &m.traits.0, &mut local);
        }
        check_member_names(shape, &mut local);
        check_kind_rules(model, shape, &mut local);
        super::bindings::check(model, shape, &mut local);
        problems.extend(local.into_iter().map(at));
    }
    check_recursion(model, problems);
}

fn check_references(model: &Model, shape: &Shape, problems: &mut Vec<Diagnostic>) {
    let missing = |id: &ShapeId| !model.shapes.contains_key(id);
    for m in &shape.members {
        if missing(&m.target) {
            problems.push(Diagnostic::at_shape(
                shape.id.member(&m.name),
                format!("target `{}` does not exist", m.target),
            ));
        }
    }
    let op = &shape.operation;
    for (what, id) in op.input.iter().map(|i| ("input", i)).chain(op.output.iter().map(|o| ("output", o))) {
        if missing(id) {
            problems.push(Diagnostic::at_shape(&shape.id, format!("{what} `{id}` does not exist")));
        }
    }
    let b = &shape.bindings;
    let refs = op.errors.iter().map(|e| ("error", e))
        .chain(b.errors.iter().map(|e| ("error", e)))
        .chain(b.operations.iter().map(|o| ("operation", o)))
        .chain(b.lifecycle.iter().map(|o| ("operation", o)))
        .chain(b.resources.iter().map(|r| ("resource", r)));
    for (what, id) in refs {
        match model.shapes.get(id) {
            None => problems.push(Diagnostic::at_shape(&shape.id, format!("{what} `{id}` does not exist"))),
            Some(t) if what == "error" && !t.is_error() => problems.push(Diagnostic::at_shape(
                &shape.id,
                format!("error `{id}` has no @error trait"),
            )),
            Some(t) if what == "operation" && t.kind != ShapeKind::Operation => problems.push(Diagnostic::at_shape(
                &shape.id,
                format!("`{id}` is bound as an operation but is a {:?}", t.kind),
            )),
            Some(t) if what == "resource" && t.kind != ShapeKind::Resource => problems.push(Diagnostic::at_shape(
                &shape.id,
                format!("`{id}` is bound as a resource but is a {:?}", t.kind),
            )),
            Some(_) => {}
        }
    }
}

/// The JSON form a trait's value must have.
enum Expect {
    Object,
    String,
    Number,
    StringOrNumber,
    OneOf(&'static [&'static str]),
    /// An object whose listed keys, when present, have the given form.
    Fields(&'static [(&'static str, Expect)]),
}

fn expected(trait_id: &str) -> Option<Expect> {
    use Expect::*;
    let name = trait_id.strip_prefix("smithy.api#");
    Some(match (name, trait_id) {
        (Some(
            "required" | "sensitive" | "idempotencyToken" | "idempotent" | "readonly" | "input" | "output"
            | "httpLabel" | "httpPayload" | "httpResponseCode" | "httpQueryParams" | "box" | "sparse"
            | "clientOptional" | "streaming" | "unitType" | "eventPayload" | "eventHeader" | "hostLabel"
            | "requiresLength" | "uniqueItems" | "addedDefault" | "private",
        ), _) => Object,
        (Some("documentation" | "pattern" | "jsonName" | "httpHeader" | "httpQuery" | "httpPrefixHeaders" | "title" | "mediaType"), _) => String,
        (Some("httpError"), _) => Number,
        (Some("enumValue"), _) => StringOrNumber,
        (Some("error"), _) => OneOf(&["client", "server"]),
        (Some("timestampFormat"), _) => OneOf(&["date-time", "http-date", "epoch-seconds"]),
        (Some("length" | "range"), _) => Fields(&[("min", Number), ("max", Number)]),
        (Some("http"), _) => Fields(&[("method", String), ("uri", String), ("code", Number)]),
        (Some("retryable"), _) => Fields(&[]),
        (Some("paginated"), _) => Fields(&[("inputToken", String), ("outputToken", String), ("items", String), ("pageSize", String)]),
        (_, "aws.auth#sigv4") => Fields(&[("name", String)]),
        (_, "aws.api#service") => Fields(&[("sdkId", String)]),
        (_, "smithy.rules#endpointRuleSet") => Fields(&[("version", String)]),
        _ => return None,
    })
}

fn matches(value: &Value, expect: &Expect) -> Result<(), std::string::String> {
    let ok = match expect {
        Expect::Object => value.is_object(),
        Expect::String => value.is_string(),
        Expect::Number => value.is_number(),
        Expect::StringOrNumber => value.is_string() || value.is_number(),
        Expect::OneOf(options) => value.as_str().is_some_and(|s| options.contains(&s)),
        Expect::Fields(fields) => {
            let Some(obj) = value.as_object() else { return Err("expected an object".into()) };
            for (key, e) in *fields {
                if let Some(v) = obj.get(*key) {
                    matches(v, e).map_err(|msg| format!("`{key}`: {msg}"))?;
                }
            }
            true
        }
    };
    if ok {
        return Ok(());
    }
    Err(match expect {
        Expect::Object => "expected an object".to_string(),
        Expect::String => "expected a string".to_string(),
        Expect::Number => "expected a number".to_string(),
        Expect::StringOrNumber => "expected a string or a number".to_string(),
        Expect::OneOf(options) => format!("expected one of {options:?}"),
        Expect::Fields(_) => "expected an object".to_string(),
    } + &format!(", found `{value}`"))
}

fn check_traits(owner: &str, traits: &BTreeMap<String, Value>, problems: &mut Vec<Diagnostic>) {
    for (id, value) in traits {
        if let Some(expect) = expected(id) {
            if let Err(msg) = matches(value, &expect) {
                problems.push(Diagnostic::at_shape(owner, format!("invalid value: {msg}")).with_trait(id));
            }
        }
    }
    if let Some(http) = traits.get("smithy.api#http") {
        for key in ["method", "uri"] {
            if http.get(key).is_none() {
                problems.push(Diagnostic::at_shape(owner, format!("missing `{key}`")).with_trait("smithy.api#http"));
            }
        }
    }
}

/// Member names must be unique ignoring case (Smithy's rule). A structure's members must also stay apart as
/// Rust fields (`fooBar` and `foo_bar` are both `foo_bar`; `build` is escaped to `build_value`, which another
/// member may already be): the crate would not compile, so the model is refused, naming both members.
fn check_member_names(shape: &Shape, problems: &mut Vec<Diagnostic>) {
    let before = problems.len();
    let mut seen: BTreeMap<std::string::String, &str> = BTreeMap::new();
    for m in &shape.members {
        if let Some(first) = seen.insert(m.name.to_ascii_lowercase(), &m.name) {
            if first != m.name {
                problems.push(Diagnostic::at_shape(
                    &shape.id,
                    format!("members `{first}` and `{}` differ only in case", m.name),
                ));
            }
        }
    }
    if shape.kind != ShapeKind::Structure || problems.len() > before {
        return;
    }
    let mut fields: BTreeMap<std::string::String, &str> = BTreeMap::new();
    for m in &shape.members {
        let field = naming::field_name(&m.name);
        if let Some(first) = fields.insert(field.clone(), &m.name) {
            problems.push(Diagnostic::at_shape(
                &shape.id,
                format!("members `{first}` and `{}` would both be the Rust field `{field}`; rename one", m.name),
            ));
        }
    }
}

fn check_kind_rules(model: &Model, shape: &Shape, problems: &mut Vec<Diagnostic>) {
    match shape.kind {
        ShapeKind::Enum => {
            for m in &shape.members {
                if !is_unit(&m.target) {
                    problems.push(Diagnostic::at_shape(shape.id.member(&m.name), "enum members must target smithy.api#Unit"));
                }
                if m.traits.get("smithy.api#enumValue").is_some_and(|v| !v.is_string()) {
                    problems.push(
                        Diagnostic::at_shape(shape.id.member(&m.name), "enum values must be strings").with_trait("smithy.api#enumValue"),
                    );
                }
            }
        }
        ShapeKind::IntEnum => {
            for m in &shape.members {
                if !m.traits.get("smithy.api#enumValue").is_some_and(|v| v.is_i64()) {
                    problems.push(
                        Diagnostic::at_shape(shape.id.member(&m.name), "intEnum members need an integer @enumValue")
                            .with_trait("smithy.api#enumValue"),
                    );
                }
            }
        }
        ShapeKind::Map => {
            if let Some(key) = shape.member("key") {
                if let Some(t) = model.shapes.get(&key.target) {
                    if !matches!(t.kind, ShapeKind::String | ShapeKind::Enum) {
                        problems.push(Diagnostic::at_shape(shape.id.member("key"), "map keys must target a string or enum"));
                    }
                }
            }
        }
        ShapeKind::Operation => {
            for id in shape.operation.input.iter().chain(shape.operation.output.iter()) {
                if model.shapes.get(id).is_some_and(|t| t.kind != ShapeKind::Structure) {
                    problems.push(Diagnostic::at_shape(&shape.id, format!("input/output `{id}` must be a structure")));
                }
            }
        }
        _ => {}
    }
}

/// A cycle of members that every value must contain (required structure members without a default, or a list
/// or map containing itself) cannot be built: no finite value exists. Cycles through an optional member, a list,
/// a map or a union are fine (the generator boxes them). One linear pass (strongly connected components), one
/// report per cycle, naming its first shape in id order.
fn check_recursion(model: &Model, problems: &mut Vec<Diagnostic>) {
    let ids: Vec<&ShapeId> = model.shapes.keys().collect();
    let index: BTreeMap<&ShapeId, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut members: Vec<Vec<(&str, usize)>> = vec![Vec::new(); ids.len()];
    for (i, shape) in model.shapes.values().enumerate() {
        for m in &shape.members {
            let forced = match shape.kind {
                ShapeKind::Structure => m.traits.has_api("required") && !m.traits.has_api("default"),
                ShapeKind::List | ShapeKind::Set | ShapeKind::Map => m.target == shape.id,
                _ => false,
            };
            if let (true, Some(&to)) = (forced, index.get(&m.target)) {
                members[i].push((&m.name, to));
            }
        }
    }
    let edges: Vec<Vec<usize>> = members.iter().map(|ms| ms.iter().map(|(_, t)| *t).collect()).collect();
    let component = graph::components(&edges);
    // Only components with a cycle are searched: more than one shape, or a shape pointing at itself.
    let mut size = vec![0usize; ids.len()];
    for &c in &component {
        size[c] += 1;
    }
    let mut reported = BTreeSet::new();
    for start in 0..ids.len() {
        if reported.contains(&component[start]) || (size[component[start]] == 1 && !edges[start].contains(&start)) {
            continue;
        }
        let Some(cycle) = graph::cycle_through(&edges, &component, start) else { continue };
        reported.insert(component[start]);
        let text: Vec<String> = cycle
            .iter()
            .enumerate()
            .map(|(k, &node)| {
                let next = cycle.get(k + 1).copied().unwrap_or(start);
                let name = members[node].iter().find(|(_, t)| *t == next).map_or("", |(m, _)| *m);
                format!("{}${name}", ids[node])
            })
            .collect();
        let file = model.shapes.get(ids[start]).map(|s| s.file.clone()).unwrap_or_default();
        problems.push(Diagnostic::at_shape(
            ids[start],
            format!(
                "recursive without indirection ({}): every member on the cycle is required, so no value can exist; \
                 make one member optional or go through a list, map or union",
                text.join(" -> ")
            ),
        ).in_file(file));
    }
}
