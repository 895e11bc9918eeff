//! Parameters of an endpoint test's `operationInputs` entry: built-ins, client parameters, and what the
//! operation binds (operation context paths, `@contextParam` members, static context values).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::ast::Parameter;
use super::error::EndpointError;
use crate::jmespath::{self, ToValue};

/// What one operation binds to rule-set parameters (read from its traits and its input's members).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationParamBindings {
    /// `smithy.rules#staticContextParams`: parameter name to value.
    pub static_params: Map<String, Value>,
    /// Input members with `smithy.rules#contextParam`: member name to parameter name.
    pub context_params: BTreeMap<String, String>,
    /// `smithy.rules#operationContextParams`: parameter name to JMESPath path into the input.
    pub operation_context_params: BTreeMap<String, String>,
}

/// Operation bindings keyed by operation name (the shape name, without namespace).
pub type OperationBindings = BTreeMap<String, OperationParamBindings>;

/// The parameters one `operationInputs` entry resolves to. Later sources win: built-ins, client
/// parameters, operation context paths, context members, static values.
pub(crate) fn params_for_input(
    input: &Value,
    parameters: &[Parameter],
    operations: &OperationBindings,
    at: &str,
) -> Result<Map<String, Value>, EndpointError> {
    let mut params = Map::new();
    let empty = Map::new();
    let section = |key: &str| input.get(key).and_then(Value::as_object).unwrap_or(&empty);
    for (built_in, value) in section("builtInParams") {
        let param = parameters
            .iter()
            .find(|p| p.built_in.as_deref() == Some(built_in.as_str()))
            .ok_or_else(|| {
                EndpointError::new(
                    at,
                    format!("no parameter is bound to built-in `{built_in}`"),
                )
            })?;
        params.insert(param.name.clone(), value.clone());
    }
    for (name, value) in section("clientParams") {
        params.insert(name.clone(), value.clone());
    }
    let operation = input
        .get("operationName")
        .and_then(Value::as_str)
        .ok_or_else(|| EndpointError::new(at, "operation input without `operationName`"))?;
    let bindings = operations
        .get(operation)
        .ok_or_else(|| EndpointError::new(at, format!("unknown operation `{operation}`")))?;
    let operation_params = input
        .get("operationParams")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    for (name, path) in &bindings.operation_context_params {
        let expr = jmespath::parse(path)
            .map_err(|e| EndpointError::new(at, format!("path `{path}` does not parse: {e}")))?;
        let value = jmespath::to_json(&jmespath::search(&expr, &operation_params.to_value()));
        if !value.is_null() {
            params.insert(name.clone(), value);
        }
    }
    for (member, name) in &bindings.context_params {
        if let Some(value) = operation_params.get(member).filter(|v| !v.is_null()) {
            params.insert(name.clone(), value.clone());
        }
    }
    for (name, value) in &bindings.static_params {
        params.insert(name.clone(), value.clone());
    }
    Ok(params)
}
