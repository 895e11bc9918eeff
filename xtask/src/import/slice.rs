//! The pure import: upstream model + selection + our docs and fixes -> slice document.
//!
//! Loading (mixins and `apply` flattened, every reference checked), operation binding, the closure of shapes an
//! operation reaches and the writing back to JSON AST are the generator's own (`generator::model`,
//! `generator::transform`), so the slice holds exactly what code generation will reach.

use std::collections::{BTreeMap, BTreeSet};

use generator::model::{self, Model, Shape, ShapeId, SourceFile};
use generator::transform::Closure;
use serde_json::{json, Value};

use super::docs::{self, DocsFile, DocsReport};
use super::error::ImportError;
use super::fixes::{self, Fix, FixOutcome};
use super::prose;
use super::select::{self, BoundOperation};

/// Metadata key describing where a slice came from; an array, so that Smithy's metadata merge
/// concatenates the entries of several slices instead of reporting a conflict.
pub const SLICE_METADATA: &str = "aws-lite#slices";

#[derive(Debug, Clone)]
pub struct Slice {
    pub service_id: String,
    pub operations: Vec<BoundOperation>,
    pub shape_count: usize,
    pub document: Value,
    pub fixes: Vec<(String, FixOutcome)>,
    pub docs: DocsReport,
}

impl Slice {
    /// The slice as written to disk: canonical, pretty-printed JSON with a final newline.
    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.document).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Loads a model file through the generator's loader; `name` names the file in messages.
pub fn load(name: &str, text: String) -> Result<Model, ImportError> {
    let file = SourceFile {
        name: name.to_string(),
        text,
    };
    model::load(&[file]).map_err(|errors| ImportError::Load {
        path: name.to_string(),
        problems: errors.to_string().trim_end().to_string(),
    })
}

/// File stem of a service's slice, from its `aws.api#service` sdkId: lower case, letters and
/// digits only ("PartnerCentral Selling" -> "partnercentralselling").
pub fn file_stem(upstream: &Model) -> Result<String, ImportError> {
    let service = select::find_service(upstream)?;
    let sdk_id = service
        .traits
        .get("aws.api#service")
        .and_then(|value| value.get("sdkId"))
        .and_then(Value::as_str);
    let name = sdk_id.unwrap_or_else(|| service.id.name());
    let stem: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if stem.is_empty() {
        return Err(ImportError::Model {
            message: format!("cannot derive a file name from service `{}`", service.id),
        });
    }
    Ok(stem)
}

pub fn cut(
    upstream: &Model,
    source_name: &str,
    requested: &[String],
    docs_file: &DocsFile,
    fix_list: &[Fix],
) -> Result<Slice, ImportError> {
    let service = select::find_service(upstream)?;
    let operations = select::select_operations(upstream, service, requested)?;
    let operation_ids: Vec<ShapeId> = operations.iter().map(|op| op.id.clone()).collect();
    let closure = Closure::of_operations(upstream, service, operation_ids.clone());

    let mut slice = Model {
        shapes: BTreeMap::new(),
        metadata: serde_json::Map::new(),
    };
    let kept = closure
        .shapes
        .iter()
        .chain(&operation_ids)
        .filter(|id| !id.is_prelude());
    for id in kept {
        if let Some(shape) = upstream.shape(id) {
            let mut shape = shape.clone();
            prose::strip_shape(&mut shape);
            slice.shapes.insert(id.clone(), shape);
        }
    }
    slice.shapes.insert(
        service.id.clone(),
        sliced_service(service, &operation_ids, &closure.shapes),
    );

    let namespace = service.id.namespace().to_string();
    let fixes = fixes::apply_fixes(fix_list, upstream, &mut slice, &namespace)?;
    let required = docs::required_ids(&slice, &service.id, &operation_ids);
    let docs = docs::merge(&mut slice, &service.id, docs_file, &required);

    slice.metadata.insert(
        SLICE_METADATA.to_string(),
        json!([provenance(&service.id, source_name, &operations)]),
    );
    Ok(Slice {
        shape_count: slice.shapes.len(),
        document: model::write::to_json_ast(&slice),
        service_id: service.id.to_string(),
        operations,
        fixes,
        docs,
    })
}

/// The service keeps its version, traits (minus prose), service-level errors and renames of
/// shapes in the slice; its operations are exactly the selection, resources are not kept.
fn sliced_service(service: &Shape, operations: &[ShapeId], reachable: &BTreeSet<ShapeId>) -> Shape {
    let mut sliced = service.clone();
    prose::strip_shape(&mut sliced);
    let bindings = &mut sliced.bindings;
    bindings.operations = operations.to_vec();
    bindings.operations.sort_by_cached_key(ToString::to_string);
    bindings.resources.clear();
    bindings.lifecycle.clear();
    bindings.identifiers.clear();
    bindings.rename.retain(|id, _| reachable.contains(id));
    sliced
}

fn provenance(service_id: &ShapeId, source_name: &str, operations: &[BoundOperation]) -> Value {
    let mut names: Vec<&str> = operations.iter().map(|op| op.id.name()).collect();
    names.sort_unstable();
    let lifted: BTreeMap<String, String> = operations
        .iter()
        .filter_map(|op| Some((op.id.to_string(), op.resource.as_ref()?.to_string())))
        .collect();
    let mut entry = json!({ "service": service_id.to_string(), "source": source_name, "operations": names });
    if !lifted.is_empty() {
        // Upstream binds these operations through resources; the slice binds them to the service.
        entry["liftedFromResources"] = json!(lifted);
    }
    entry
}
