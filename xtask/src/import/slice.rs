//! The pure import: upstream model + selection + our docs and fixes -> slice document.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::ast::{self, Shapes};
use super::closure::{self, BoundOperation};
use super::docs::{self, DocsFile, DocsReport};
use super::error::ImportError;
use super::fixes::{self, Fix, FixOutcome};
use super::flatten::flatten;
use super::prose;
use super::render;

/// Metadata key describing where a slice came from; an array, so that Smithy's metadata merge
/// concatenates the entries of several slices instead of reporting a conflict.
pub const SLICE_METADATA: &str = "aws-lite#slices";

/// Service shape properties that the slice keeps as they are.
const KEPT_SERVICE_KEYS: [&str; 2] = ["type", "version"];

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
        render::to_text(&self.document)
    }
}

/// File stem of a service's slice, from its `aws.api#service` sdkId: lower case, letters and
/// digits only ("PartnerCentral Selling" -> "partnercentralselling").
pub fn file_stem(upstream: &Value) -> Result<String, ImportError> {
    let shapes = ast::shapes_of(upstream)?;
    let (service_id, service) = closure::find_service(shapes)?;
    let sdk_id = service
        .pointer("/traits/aws.api#service/sdkId")
        .and_then(Value::as_str);
    let name = sdk_id.unwrap_or_else(|| ast::local_name(&service_id));
    let stem: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if stem.is_empty() {
        return Err(ImportError::Model {
            message: format!("cannot derive a file name from service `{service_id}`"),
        });
    }
    Ok(stem)
}

pub fn cut(
    upstream: &Value,
    source_name: &str,
    requested: &[String],
    docs_file: &DocsFile,
    fix_list: &[Fix],
) -> Result<Slice, ImportError> {
    let mut shapes = ast::shapes_of(upstream)?.clone();
    flatten(&mut shapes)?;
    let (service_id, service) = closure::find_service(&shapes)?;
    let bound = closure::bound_operations(&shapes, &service);
    let operations = closure::select_operations(&bound, &service_id, requested)?;
    let service_errors = targets(&service, "errors");

    let roots = operations
        .iter()
        .map(|op| op.id.as_str())
        .chain(service_errors.iter().map(String::as_str));
    let reachable = closure::closure(&shapes, roots)?;
    let mut slice = Shapes::new();
    for id in &reachable {
        let Some(shape) = shapes.get(id) else {
            continue;
        };
        let mut shape = shape.clone();
        prose::strip_shape(&mut shape);
        slice.insert(id.clone(), shape);
    }
    slice.insert(
        service_id.clone(),
        sliced_service(&service, &operations, &reachable),
    );

    let namespace = ast::namespace(&service_id).to_string();
    let fixes = fixes::apply_fixes(fix_list, &shapes, &mut slice, &namespace)?;
    let operation_ids: Vec<String> = operations.iter().map(|op| op.id.clone()).collect();
    let required = docs::required_ids(&slice, &service_id, &operation_ids);
    let docs = docs::merge(&mut slice, &service_id, docs_file, &required);

    let metadata = json!({ SLICE_METADATA: [provenance(&service_id, source_name, &operations)] });
    Ok(Slice {
        shape_count: slice.len(),
        document: render::model_document(&slice, metadata),
        service_id,
        operations,
        fixes,
        docs,
    })
}

/// The service keeps its version, traits (minus prose), service-level errors and renames of
/// shapes in the slice; `operations` lists exactly the selection, resources are not kept.
fn sliced_service(
    service: &Value,
    operations: &[BoundOperation],
    reachable: &std::collections::BTreeSet<String>,
) -> Value {
    let mut out = Map::new();
    for key in KEPT_SERVICE_KEYS {
        if let Some(value) = service.get(key) {
            out.insert(key.to_string(), value.clone());
        }
    }
    let mut operation_ids: Vec<&str> = operations.iter().map(|op| op.id.as_str()).collect();
    operation_ids.sort_unstable();
    out.insert(
        "operations".to_string(),
        operation_ids
            .iter()
            .map(|id| json!({ "target": id }))
            .collect(),
    );
    if let Some(errors) = service.get("errors") {
        out.insert("errors".to_string(), errors.clone());
    }
    if let Some(rename) = service.get("rename").and_then(Value::as_object) {
        let kept: Map<String, Value> = rename
            .iter()
            .filter(|(id, _)| reachable.contains(*id))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !kept.is_empty() {
            out.insert("rename".to_string(), Value::Object(kept));
        }
    }
    let mut traits = service
        .get("traits")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    prose::strip_traits(&mut traits);
    out.insert("traits".to_string(), Value::Object(traits));
    Value::Object(out)
}

fn provenance(service_id: &str, source_name: &str, operations: &[BoundOperation]) -> Value {
    let mut names: Vec<&str> = operations
        .iter()
        .map(|op| ast::local_name(&op.id))
        .collect();
    names.sort_unstable();
    let lifted: BTreeMap<&str, &str> = operations
        .iter()
        .filter_map(|op| Some((op.id.as_str(), op.resource.as_deref()?)))
        .collect();
    let mut entry = json!({ "service": service_id, "source": source_name, "operations": names });
    if !lifted.is_empty() {
        // Upstream binds these operations through resources; the slice binds them to the service.
        entry["liftedFromResources"] = json!(lifted);
    }
    entry
}

fn targets(shape: &Value, key: &str) -> Vec<String> {
    shape
        .get(key)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(ast::target)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}
