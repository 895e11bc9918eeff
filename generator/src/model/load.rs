//! Reads Smithy 2.0 JSON AST files into a [`Model`]. Interprets only the structure of the AST; the meaning of
//! traits is checked later (validate.rs). Every problem is collected; nothing stops at the first one.
use super::ast::{Bindings, Member, Model, OperationRefs, Shape, ShapeKind, Traits};
use super::duplicate_keys::find_duplicate_keys;
use super::shape_id::ShapeId;
use super::{mixins, prelude, validate};
use crate::error::{Diagnostic, Errors};
use serde_json::{Map, Value};

/// One model file's name (for messages) and text.
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// Traits to add to a shape or member, from `"type": "apply"` entries.
struct Apply {
    target: String,
    traits: Traits,
    file: String,
}

/// Loads, merges, flattens and validates model files. Returns every problem found when any is found.
pub fn load(files: &[SourceFile]) -> Result<Model, Errors> {
    let mut model = Model::default();
    let mut applies = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        read_file(file, &mut model, &mut applies, &mut problems);
    }
    prelude::add_prelude(&mut model);
    // Traits applied to a mixin or its members must reach the shapes using the mixin, so whatever can be applied
    // is applied before flattening; members that exist only through a mixin get theirs after.
    let pending = apply_traits(&mut model, applies);
    mixins::flatten(&mut model, &mut problems);
    for apply in apply_traits(&mut model, pending) {
        problems.push(
            Diagnostic::at_shape(&apply.target, "`apply` targets a shape or member that does not exist")
                .in_file(apply.file),
        );
    }
    validate::validate(&model, &mut problems);
    if problems.is_empty() {
        Ok(model)
    } else {
        Err(Errors::from(problems))
    }
}

fn read_file(file: &SourceFile, model: &mut Model, applies: &mut Vec<Apply>, problems: &mut Vec<Diagnostic>) {
    let at = |d: Diagnostic| d.in_file(&file.name);
    // serde_json keeps the last of duplicate keys silently, so a second pass over the text looks for them; it
    // runs beside the parse (both only read the text).
    let (parsed, duplicates) = std::thread::scope(|scope| {
        let duplicates = scope.spawn(|| find_duplicate_keys(&file.text));
        let parsed = serde_json::from_str::<Value>(&file.text);
        (parsed, duplicates.join())
    });
    let root = match parsed {
        Ok(v) => v,
        Err(e) => {
            problems.push(at(Diagnostic::new(format!("malformed JSON: {e}"))));
            return;
        }
    };
    let duplicates = duplicates.unwrap_or_else(|_| {
        problems.push(at(Diagnostic::new("generator bug: the duplicate-key scan failed")));
        Vec::new()
    });
    for dup in duplicates {
        problems.push(at(duplicate_key_problem(&dup.path, &dup.key)));
    }
    let Some(root) = root.as_object() else {
        problems.push(at(Diagnostic::new("the top level must be a JSON object")));
        return;
    };
    match root.get("smithy").and_then(Value::as_str) {
        Some(v) if v.starts_with('1') || v.starts_with('2') => {}
        Some(v) => problems.push(at(Diagnostic::new(format!("unsupported Smithy IDL version `{v}`")))),
        None => problems.push(at(Diagnostic::new("missing the `smithy` version property"))),
    }
    if let Some(meta) = root.get("metadata") {
        match meta.as_object() {
            Some(meta) => merge_metadata(&mut model.metadata, meta, &file.name, problems),
            None => problems.push(at(Diagnostic::new("`metadata` must be an object"))),
        }
    }
    let shapes = match root.get("shapes") {
        None => return,
        Some(Value::Object(shapes)) => shapes,
        Some(_) => {
            problems.push(at(Diagnostic::new("`shapes` must be an object")));
            return;
        }
    };
    for (id_text, body) in shapes {
        // `apply` may target a member (`ns#Shape$member`), which is not a shape id.
        if body.get("type").and_then(Value::as_str) == Some("apply") {
            let traits = read_traits(id_text, body.get("traits"), problems);
            applies.push(Apply { target: id_text.clone(), traits, file: file.name.clone() });
            continue;
        }
        let id = match ShapeId::parse(id_text) {
            Ok(id) => id,
            Err(e) => {
                problems.push(at(Diagnostic::new(e)));
                continue;
            }
        };
        let mut local = Vec::new();
        if let Some(shape) = read_shape(&id, body, &file.name, &mut local) {
            if let Some(existing) = model.shapes.get(&id) {
                let same = Shape { file: existing.file.clone(), ..shape.clone() } == *existing;
                if !same {
                    local.push(Diagnostic::at_shape(&id, format!("defined twice (also in {})", existing.file)));
                }
            } else {
                model.shapes.insert(id.clone(), shape);
            }
        }
        problems.extend(local.into_iter().map(at));
    }
}

fn duplicate_key_problem(path: &[String], key: &str) -> Diagnostic {
    match path {
        [s] if s == "shapes" => Diagnostic::at_shape(key, "defined twice in the same file"),
        [s, id, m] if s == "shapes" && m == "members" => {
            Diagnostic::at_shape(id, format!("duplicate member `{key}`"))
        }
        [s, id, t] if s == "shapes" && t == "traits" => {
            Diagnostic::at_shape(id, "trait given twice").with_trait(key)
        }
        [s, id, m, member, t] if s == "shapes" && m == "members" && t == "traits" => {
            Diagnostic::at_shape(format!("{id}${member}"), "trait given twice").with_trait(key)
        }
        _ => Diagnostic::new(format!("duplicate key `{key}` in object at `{}`", path.join("."))),
    }
}

fn merge_metadata(into: &mut Map<String, Value>, from: &Map<String, Value>, file: &str, problems: &mut Vec<Diagnostic>) {
    for (k, v) in from {
        match (into.get_mut(k), v) {
            (None, _) => {
                into.insert(k.clone(), v.clone());
            }
            (Some(Value::Array(existing)), Value::Array(more)) => existing.extend(more.iter().cloned()),
            (Some(existing), _) if existing == v => {}
            (Some(_), _) => problems.push(
                Diagnostic::new(format!("metadata key `{k}` conflicts with a value from another file")).in_file(file),
            ),
        }
    }
}

fn read_shape(
    id: &ShapeId,
    body: &Value,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Shape> {
    let Some(obj) = body.as_object() else {
        problems.push(Diagnostic::at_shape(id, "a shape must be a JSON object"));
        return None;
    };
    let traits = read_traits(&id.to_string(), obj.get("traits"), problems);
    let type_name = match obj.get("type").and_then(Value::as_str) {
        Some(t) => t,
        None => {
            problems.push(Diagnostic::at_shape(id, "missing `type`"));
            return None;
        }
    };
    let Some(kind) = ShapeKind::from_type_name(type_name) else {
        problems.push(Diagnostic::at_shape(id, format!("unknown shape type `{type_name}`")));
        return None;
    };
    let mut shape = Shape {
        id: id.clone(),
        kind,
        traits,
        members: Vec::new(),
        mixins: read_targets(id, obj, "mixins", problems),
        operation: OperationRefs::default(),
        bindings: Bindings::default(),
        file: file.to_string(),
    };
    match kind {
        ShapeKind::List | ShapeKind::Set => {
            shape.members = read_named_members(id, obj, &["member"], problems);
        }
        ShapeKind::Map => shape.members = read_named_members(id, obj, &["key", "value"], problems),
        ShapeKind::Structure | ShapeKind::Union | ShapeKind::Enum | ShapeKind::IntEnum => {
            shape.members = read_members(id, obj, problems)
        }
        ShapeKind::Operation => {
            shape.operation = OperationRefs {
                input: read_target(id, obj, "input", problems),
                output: read_target(id, obj, "output", problems),
                errors: read_targets(id, obj, "errors", problems),
            }
        }
        ShapeKind::Service | ShapeKind::Resource => shape.bindings = read_bindings(id, obj, problems),
        _ => {}
    }
    Some(shape)
}

fn read_traits(owner: &str, value: Option<&Value>, problems: &mut Vec<Diagnostic>) -> Traits {
    let mut traits = Traits::default();
    match value {
        None => {}
        Some(Value::Object(map)) => {
            for (k, v) in map {
                if ShapeId::parse(k).is_err() {
                    problems.push(Diagnostic::at_shape(owner, "trait id must be absolute (`namespace#name`)").with_trait(k));
                    continue;
                }
                traits.0.insert(k.clone(), v.clone());
            }
        }
        Some(_) => problems.push(Diagnostic::at_shape(owner, "`traits` must be an object")),
    }
    traits
}

fn parse_target(owner: &str, value: &Value, problems: &mut Vec<Diagnostic>) -> Option<ShapeId> {
    match value.get("target").and_then(Value::as_str) {
        Some(t) => match ShapeId::parse(t) {
            Ok(id) => Some(id),
            Err(e) => {
                problems.push(Diagnostic::at_shape(owner, e));
                None
            }
        },
        None => {
            problems.push(Diagnostic::at_shape(owner, "reference without a string `target`"));
            None
        }
    }
}

fn read_target(id: &ShapeId, obj: &Map<String, Value>, key: &str, problems: &mut Vec<Diagnostic>) -> Option<ShapeId> {
    obj.get(key).and_then(|v| parse_target(&format!("{id} ({key})"), v, problems))
}

fn read_targets(id: &ShapeId, obj: &Map<String, Value>, key: &str, problems: &mut Vec<Diagnostic>) -> Vec<ShapeId> {
    match obj.get(key) {
        None => Vec::new(),
        Some(Value::Array(items)) => {
            items.iter().filter_map(|v| parse_target(&format!("{id} ({key})"), v, problems)).collect()
        }
        Some(_) => {
            problems.push(Diagnostic::at_shape(id, format!("`{key}` must be an array of references")));
            Vec::new()
        }
    }
}

fn read_member(id: &ShapeId, name: &str, value: &Value, problems: &mut Vec<Diagnostic>) -> Option<Member> {
    let owner = id.member(name);
    let target = parse_target(&owner, value, problems)?;
    let traits = read_traits(&owner, value.get("traits"), problems);
    Some(Member { name: name.to_string(), target, traits })
}

fn read_named_members(
    id: &ShapeId,
    obj: &Map<String, Value>,
    names: &[&str],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Member> {
    let mut out = Vec::new();
    for name in names {
        match obj.get(*name) {
            Some(v) => out.extend(read_member(id, name, v, problems)),
            // A shape using mixins may inherit its member.
            None if obj.contains_key("mixins") => {}
            None => problems.push(Diagnostic::at_shape(id, format!("missing `{name}` member"))),
        }
    }
    out
}

fn read_members(id: &ShapeId, obj: &Map<String, Value>, problems: &mut Vec<Diagnostic>) -> Vec<Member> {
    match obj.get("members") {
        None => Vec::new(),
        Some(Value::Object(members)) => {
            members.iter().filter_map(|(name, v)| read_member(id, name, v, problems)).collect()
        }
        Some(_) => {
            problems.push(Diagnostic::at_shape(id, "`members` must be an object"));
            Vec::new()
        }
    }
}

fn read_bindings(id: &ShapeId, obj: &Map<String, Value>, problems: &mut Vec<Diagnostic>) -> Bindings {
    let mut b = Bindings {
        version: obj.get("version").and_then(Value::as_str).map(str::to_string),
        operations: read_targets(id, obj, "operations", problems),
        resources: read_targets(id, obj, "resources", problems),
        errors: read_targets(id, obj, "errors", problems),
        ..Bindings::default()
    };
    b.operations.extend(read_targets(id, obj, "collectionOperations", problems));
    for key in ["create", "put", "read", "update", "delete", "list"] {
        b.lifecycle.extend(read_target(id, obj, key, problems));
    }
    if let Some(Value::Object(renames)) = obj.get("rename") {
        for (from, to) in renames {
            match (ShapeId::parse(from), to.as_str()) {
                (Ok(from), Some(to)) => {
                    b.rename.insert(from, to.to_string());
                }
                _ => problems.push(Diagnostic::at_shape(id, format!("invalid `rename` entry `{from}`"))),
            }
        }
    }
    if let Some(Value::Object(idents)) = obj.get("identifiers") {
        for (name, v) in idents {
            if let Some(t) = parse_target(&format!("{id} (identifier {name})"), v, problems) {
                b.identifiers.push((name.clone(), t));
            }
        }
    }
    b
}

/// `apply` adds traits to a shape (`ns#Name`) or a member (`ns#Name$member`) defined anywhere. Returns the
/// entries whose target does not exist (yet).
fn apply_traits(model: &mut Model, applies: Vec<Apply>) -> Vec<Apply> {
    let mut unapplied = Vec::new();
    for apply in applies {
        let (shape_text, member) = match apply.target.split_once('$') {
            Some((s, m)) => (s, Some(m)),
            None => (apply.target.as_str(), None),
        };
        let target = ShapeId::parse(shape_text).ok().and_then(|id| model.shapes.get_mut(&id));
        let traits = match (target, member) {
            (Some(shape), None) => Some(&mut shape.traits),
            (Some(shape), Some(m)) => shape.members.iter_mut().find(|x| x.name == m).map(|x| &mut x.traits),
            (None, _) => None,
        };
        match traits {
            Some(t) => t.merge(&apply.traits, true),
            None => unapplied.push(apply),
        }
    }
    unapplied
}
