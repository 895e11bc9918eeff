//! The typed Smithy model: shapes keyed by id, members in declaration order, traits kept as JSON values.
use super::shape_id::ShapeId;
use serde_json::Value;
use std::collections::BTreeMap;

/// Every kind of shape in Smithy 2.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ShapeKind {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    List,
    Set,
    Map,
    Structure,
    Union,
    Service,
    Resource,
    Operation,
}

impl ShapeKind {
    pub fn from_type_name(name: &str) -> Option<ShapeKind> {
        use ShapeKind::*;
        Some(match name {
            "blob" => Blob,
            "boolean" => Boolean,
            "string" => String,
            "byte" => Byte,
            "short" => Short,
            "integer" => Integer,
            "long" => Long,
            "float" => Float,
            "double" => Double,
            "bigInteger" => BigInteger,
            "bigDecimal" => BigDecimal,
            "timestamp" => Timestamp,
            "document" => Document,
            "enum" => Enum,
            "intEnum" => IntEnum,
            "list" => List,
            "set" => Set,
            "map" => Map,
            "structure" => Structure,
            "union" => Union,
            "service" => Service,
            "resource" => Resource,
            "operation" => Operation,
            _ => return None,
        })
    }

    /// Kinds whose JSON form has a `members` object.
    pub fn has_members(self) -> bool {
        use ShapeKind::*;
        matches!(self, Enum | IntEnum | List | Set | Map | Structure | Union)
    }

    pub fn is_aggregate(self) -> bool {
        use ShapeKind::*;
        matches!(self, List | Set | Map | Structure | Union)
    }
}

/// Trait values by absolute trait id (`smithy.api#required`), sorted for determinism.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Traits(pub BTreeMap<String, Value>);

impl Traits {
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.0.get(id)
    }
    pub fn has(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }
    /// A `smithy.api#` trait by its short name.
    pub fn api(&self, name: &str) -> Option<&Value> {
        self.0.get(&format!("smithy.api#{name}"))
    }
    pub fn has_api(&self, name: &str) -> bool {
        self.api(name).is_some()
    }
    pub fn api_str(&self, name: &str) -> Option<&str> {
        self.api(name).and_then(Value::as_str)
    }
    /// Adds traits; existing values win unless `overwrite` (local traits override inherited ones).
    pub fn merge(&mut self, other: &Traits, overwrite: bool) {
        for (k, v) in &other.0 {
            if overwrite || !self.0.contains_key(k) {
                self.0.insert(k.clone(), v.clone());
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub target: ShapeId,
    pub traits: Traits,
}

/// Operation bindings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationRefs {
    pub input: Option<ShapeId>,
    pub output: Option<ShapeId>,
    pub errors: Vec<ShapeId>,
}

/// Service and resource bindings: everything that can lead to operations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bindings {
    pub version: Option<String>,
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
    pub errors: Vec<ShapeId>,
    /// Service `rename`: shape id -> the name used in this service's closure.
    pub rename: BTreeMap<ShapeId, String>,
    /// Resource lifecycle operations (create, put, read, update, delete, list) and collection operations.
    pub lifecycle: Vec<ShapeId>,
    /// Resource identifiers and properties (name -> target), kept for completeness.
    pub identifiers: Vec<(String, ShapeId)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub id: ShapeId,
    pub kind: ShapeKind,
    pub traits: Traits,
    /// Members in declaration order (list: `member`; map: `key`, `value`).
    pub members: Vec<Member>,
    pub mixins: Vec<ShapeId>,
    pub operation: OperationRefs,
    pub bindings: Bindings,
    /// The file the shape came from (for messages).
    pub file: String,
}

impl Shape {
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
    pub fn is_error(&self) -> bool {
        self.traits.has_api("error")
    }
}

/// A whole loaded model: all files merged, prelude included, mixins flattened, `apply` applied.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub shapes: BTreeMap<ShapeId, Shape>,
    pub metadata: serde_json::Map<String, Value>,
}

impl Model {
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// Service shapes, in id order.
    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values().filter(|s| s.kind == ShapeKind::Service)
    }
}
