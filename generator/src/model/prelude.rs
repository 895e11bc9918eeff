//! The Smithy prelude (`smithy.api#String`, `smithy.api#PrimitiveInteger`, `smithy.api#Unit`...): models refer to
//! these without defining them.
use super::ast::{Bindings, Model, OperationRefs, Shape, ShapeKind, Traits};
use super::shape_id::ShapeId;
use serde_json::{json, Value};

const SIMPLE: &[(&str, ShapeKind)] = &[
    ("String", ShapeKind::String),
    ("Blob", ShapeKind::Blob),
    ("BigInteger", ShapeKind::BigInteger),
    ("BigDecimal", ShapeKind::BigDecimal),
    ("Timestamp", ShapeKind::Timestamp),
    ("Document", ShapeKind::Document),
    ("Boolean", ShapeKind::Boolean),
    ("Byte", ShapeKind::Byte),
    ("Short", ShapeKind::Short),
    ("Integer", ShapeKind::Integer),
    ("Long", ShapeKind::Long),
    ("Float", ShapeKind::Float),
    ("Double", ShapeKind::Double),
];

fn prelude_shape(name: &str, kind: ShapeKind, traits: Traits) -> Shape {
    Shape {
        id: ShapeId::new("smithy.api", name),
        kind,
        traits,
        members: Vec::new(),
        mixins: Vec::new(),
        operation: OperationRefs::default(),
        bindings: Bindings::default(),
        file: "<prelude>".to_string(),
    }
}

pub fn add_prelude(model: &mut Model) {
    let mut shapes = Vec::new();
    for (name, kind) in SIMPLE {
        shapes.push(prelude_shape(name, *kind, Traits::default()));
    }
    for (name, kind, default) in [
        ("PrimitiveBoolean", ShapeKind::Boolean, json!(false)),
        ("PrimitiveByte", ShapeKind::Byte, json!(0)),
        ("PrimitiveShort", ShapeKind::Short, json!(0)),
        ("PrimitiveInteger", ShapeKind::Integer, json!(0)),
        ("PrimitiveLong", ShapeKind::Long, json!(0)),
        ("PrimitiveFloat", ShapeKind::Float, json!(0)),
        ("PrimitiveDouble", ShapeKind::Double, json!(0)),
    ] {
        let mut traits = Traits::default();
        traits.0.insert("smithy.api#default".to_string(), default);
        shapes.push(prelude_shape(name, kind, traits));
    }
    let mut unit = Traits::default();
    unit.0.insert("smithy.api#unitType".to_string(), Value::Object(Default::default()));
    shapes.push(prelude_shape("Unit", ShapeKind::Structure, unit));
    for shape in shapes {
        model.shapes.entry(shape.id.clone()).or_insert(shape);
    }
}

/// `smithy.api#Unit`, the target of "no input/output" and of enum members.
pub fn is_unit(id: &ShapeId) -> bool {
    id.is_prelude() && id.name() == "Unit"
}
