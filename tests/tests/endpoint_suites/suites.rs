//! Finds the endpoint suites (rules-engine test models and full AWS models), reads their rule sets and
//! operation bindings straight from the JSON AST, and emits one endpoint module per suite.

use std::fs;
use std::path::{Path, PathBuf};

use generator::endpoints::{
    emit_endpoint_module, OperationBindings, OperationParamBindings, TestSettings,
};
use serde_json::Value;

const RULE_SET: &str = "smithy.rules#endpointRuleSet";
const TESTS: &str = "smithy.rules#endpointTests";

pub struct Suite {
    /// Rust module name of the suite in the generated crate.
    pub module: String,
    pub file: PathBuf,
    /// The service shape id, which keys the known-failure list.
    pub service_id: String,
    /// Number of test cases in the model.
    pub cases: usize,
    /// Formatted Rust source of the endpoint module, tests included.
    pub source: String,
    /// Cases the generator ignores because the shipped partition data disagrees with the model
    /// (`generator::endpoints::partition_data_disagrees`): known failures like those of tests/endpoints/skip.txt.
    pub ignored_by_partition_data: std::collections::BTreeMap<String, String>,
}

/// The model files to test, in a fixed order: the rules-engine suites, then the AWS models.
pub fn suite_files(shared: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = json_files(&shared.join("smithy-rules-tests"))?;
    files.extend(json_files(&shared.join("aws-models"))?);
    Ok(files)
}

/// The `.json` files of a directory, sorted.
pub fn json_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    found.sort();
    Ok(found)
}

/// `lex-models-v2-2020-08-07.json` -> `lex_models_v2_2020_08_07`.
pub fn module_name(file: &Path) -> String {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("suite");
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("suite_{name}")
    } else {
        name
    }
}

pub fn load_suite(file: &Path) -> Result<Suite, String> {
    let text =
        fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let model: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", file.display()))?;
    let shapes = model
        .get("shapes")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{}: no `shapes`", file.display()))?;
    let (service_id, service) = shapes
        .iter()
        .find(|(_, s)| {
            s.get("type").and_then(Value::as_str) == Some("service")
                && trait_of(s, RULE_SET).is_some()
        })
        .ok_or_else(|| format!("{}: no service with an endpoint rule set", file.display()))?;
    let rule_set = trait_of(service, RULE_SET).unwrap_or(&Value::Null);
    let tests = trait_of(service, TESTS);
    let cases = tests
        .and_then(|t| t.get("testCases"))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let settings = TestSettings {
        operations: operation_bindings(shapes),
        ..TestSettings::default()
    };
    let tokens =
        emit_endpoint_module(service_id, rule_set, tests, &settings).map_err(|errors| {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            format!(
                "{} ({service_id}): endpoint emission failed:\n  {}",
                file.display(),
                list.join("\n  ")
            )
        })?;
    let syntax = syn::parse2::<syn::File>(tokens).map_err(|e| {
        format!(
            "{}: emitted endpoint module does not parse: {e}",
            file.display()
        )
    })?;
    Ok(Suite {
        module: module_name(file),
        file: file.to_owned(),
        service_id: service_id.clone(),
        cases,
        source: prettyplease::unparse(&syntax),
        ignored_by_partition_data: tests
            .map(generator::endpoints::ignored_by_partition_data)
            .unwrap_or_default(),
    })
}

fn trait_of<'a>(shape: &'a Value, id: &str) -> Option<&'a Value> {
    shape.get("traits").and_then(|t| t.get(id))
}

/// What every operation shape binds to endpoint parameters, keyed by the operation's name.
fn operation_bindings(shapes: &serde_json::Map<String, Value>) -> OperationBindings {
    let mut bindings = OperationBindings::new();
    for (id, shape) in shapes {
        if shape.get("type").and_then(Value::as_str) != Some("operation") {
            continue;
        }
        let name = id.rsplit('#').next().unwrap_or(id).to_owned();
        let mut binding = OperationParamBindings::default();
        if let Some(statics) =
            trait_of(shape, "smithy.rules#staticContextParams").and_then(Value::as_object)
        {
            for (param, definition) in statics {
                if let Some(value) = definition.get("value") {
                    binding.static_params.insert(param.clone(), value.clone());
                }
            }
        }
        if let Some(paths) =
            trait_of(shape, "smithy.rules#operationContextParams").and_then(Value::as_object)
        {
            for (param, definition) in paths {
                if let Some(path) = definition.get("path").and_then(Value::as_str) {
                    binding
                        .operation_context_params
                        .insert(param.clone(), path.to_owned());
                }
            }
        }
        let input = shape
            .get("input")
            .and_then(|i| i.get("target"))
            .and_then(Value::as_str)
            .and_then(|target| shapes.get(target));
        if let Some(members) = input
            .and_then(|i| i.get("members"))
            .and_then(Value::as_object)
        {
            for (member, definition) in members {
                let param = trait_of(definition, "smithy.rules#contextParam")
                    .and_then(|t| t.get("name"))
                    .and_then(Value::as_str);
                if let Some(param) = param {
                    binding
                        .context_params
                        .insert(member.clone(), param.to_owned());
                }
            }
        }
        bindings.insert(name, binding);
    }
    bindings
}
