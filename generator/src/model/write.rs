//! The way back: a [`Model`] written as a Smithy 2.0 JSON AST document, so that tools that cut or edit models
//! (`cargo xtask import`) load, transform and write through the same model the generator reads.
//!
//! The output is canonical: shapes sorted by id, traits sorted by id, members in declaration order (they are the
//! serialisation order), shape keys in one fixed order (`type`, then bindings, members, `traits`). Prelude shapes are not written (models refer to them);
//! mixins are already flattened by the loader, so no `mixins` key is written. Resources are written with their
//! identifiers, child resources and every bound operation under `operations` (the model keeps lifecycle
//! bindings without their kind).
use super::ast::{Member, Model, Shape, ShapeKind, Traits};
use super::shape_id::ShapeId;
use serde_json::{Map, Value};

/// The whole document: `{"smithy": "2.0", "metadata": ..., "shapes": ...}`.
pub fn to_json_ast(model: &Model) -> Value {
    let mut shapes: Vec<&Shape> = model.shapes.values().filter(|s| !s.id.is_prelude()).collect();
    shapes.sort_by_cached_key(|s| s.id.to_string());
    let mut document = Map::new();
    document.insert("smithy".into(), Value::String("2.0".into()));
    document.insert("metadata".into(), Value::Object(model.metadata.clone()));
    document.insert("shapes".into(), Value::Object(shapes.into_iter().map(|s| (s.id.to_string(), shape(s))).collect()));
    Value::Object(document)
}

/// One shape's JSON AST object.
pub fn shape(shape: &Shape) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), Value::String(type_name(shape.kind).into()));
    match shape.kind {
        ShapeKind::Service | ShapeKind::Resource => bindings(shape, &mut out),
        ShapeKind::Operation => {
            // `errors` before `input` and `output`, the key order the committed slices have always had.
            let op = &shape.operation;
            if !op.errors.is_empty() {
                out.insert("errors".into(), references(&op.errors));
            }
            if let Some(input) = &op.input {
                out.insert("input".into(), reference(input));
            }
            if let Some(output) = &op.output {
                out.insert("output".into(), reference(output));
            }
        }
        ShapeKind::List | ShapeKind::Set | ShapeKind::Map => {
            for m in &shape.members {
                out.insert(m.name.clone(), member(m));
            }
        }
        kind if kind.has_members() => {
            out.insert("members".into(), Value::Object(shape.members.iter().map(|m| (m.name.clone(), member(m))).collect()));
        }
        _ => {}
    }
    if !shape.traits.0.is_empty() {
        out.insert("traits".into(), traits(&shape.traits));
    }
    Value::Object(out)
}

/// Service and resource keys, in the order `version`, `operations`, `resources`, `errors`, `rename`,
/// `identifiers`.
fn bindings(shape: &Shape, out: &mut Map<String, Value>) {
    let b = &shape.bindings;
    if let Some(version) = &b.version {
        out.insert("version".into(), Value::String(version.clone()));
    }
    let operations: Vec<ShapeId> = b.operations.iter().chain(&b.lifecycle).cloned().collect();
    if !operations.is_empty() {
        out.insert("operations".into(), references(&operations));
    }
    if !b.resources.is_empty() {
        out.insert("resources".into(), references(&b.resources));
    }
    if !b.errors.is_empty() {
        out.insert("errors".into(), references(&b.errors));
    }
    if !b.rename.is_empty() {
        let rename = b.rename.iter().map(|(id, name)| (id.to_string(), Value::String(name.clone())));
        out.insert("rename".into(), Value::Object(rename.collect()));
    }
    if !b.identifiers.is_empty() {
        let identifiers = b.identifiers.iter().map(|(name, id)| (name.clone(), reference(id)));
        out.insert("identifiers".into(), Value::Object(identifiers.collect()));
    }
}

fn member(m: &Member) -> Value {
    let mut out = Map::new();
    out.insert("target".into(), Value::String(m.target.to_string()));
    if !m.traits.0.is_empty() {
        out.insert("traits".into(), traits(&m.traits));
    }
    Value::Object(out)
}

/// Traits are a `BTreeMap`, so they come out sorted by id.
fn traits(traits: &Traits) -> Value {
    Value::Object(traits.0.iter().map(|(id, value)| (id.clone(), value.clone())).collect())
}

fn reference(id: &ShapeId) -> Value {
    let mut out = Map::new();
    out.insert("target".into(), Value::String(id.to_string()));
    Value::Object(out)
}

fn references(ids: &[ShapeId]) -> Value {
    Value::Array(ids.iter().map(reference).collect())
}

/// The JSON AST `type` of a kind (the inverse of [`ShapeKind::from_type_name`]).
pub fn type_name(kind: ShapeKind) -> &'static str {
    use ShapeKind::*;
    match kind {
        Blob => "blob",
        Boolean => "boolean",
        String => "string",
        Byte => "byte",
        Short => "short",
        Integer => "integer",
        Long => "long",
        Float => "float",
        Double => "double",
        BigInteger => "bigInteger",
        BigDecimal => "bigDecimal",
        Timestamp => "timestamp",
        Document => "document",
        Enum => "enum",
        IntEnum => "intEnum",
        List => "list",
        Set => "set",
        Map => "map",
        Structure => "structure",
        Union => "union",
        Service => "service",
        Resource => "resource",
        Operation => "operation",
    }
}
