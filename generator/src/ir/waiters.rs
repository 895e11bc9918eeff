//! `smithy.waiters#waitable` -> [`Waiter`]s, each path type-checked against the operation's output (or its
//! input and output).
use super::lifecycle::{Acceptor, AcceptorState, Comparator, Matcher, Waiter};
use super::path_types::{Checker, PType};
use super::{Operation, Service};
use crate::error::Diagnostic;
use crate::model::Model;
use serde_json::{Map, Value};

const WAITABLE: &str = "smithy.waiters#waitable";

/// Every waiter of the service's operations; all problems are reported.
pub(crate) fn lower_waiters(model: &Model, svc: &Service, checker: &mut Checker<'_, '_>) -> Result<Vec<Waiter>, Vec<Diagnostic>> {
    let mut waiters = Vec::new();
    let mut problems = Vec::new();
    for op in &svc.operations {
        let Some(trait_value) = model.shape(&op.id).and_then(|s| s.traits.get(WAITABLE)) else { continue };
        let at = |message: String| Diagnostic::at_shape(&op.id, message).with_trait(WAITABLE);
        let Some(definitions) = trait_value.as_object() else {
            problems.push(at("the trait value must be an object of waiters".into()));
            continue;
        };
        for (name, definition) in definitions {
            match waiter(op, name, definition, checker) {
                Ok(w) => waiters.push(w),
                Err(message) => problems.push(at(format!("waiter `{name}`: {message}"))),
            }
        }
    }
    let mut seen = std::collections::BTreeMap::new();
    for w in &waiters {
        if let Some(other) = seen.insert(w.module.clone(), &w.operation) {
            problems.push(Diagnostic::at_shape(&svc.id, format!(
                "waiters of `{other}` and `{}` both make `wait_until_{}`", w.operation, w.module
            )).with_trait(WAITABLE));
        }
    }
    if problems.is_empty() {
        Ok(waiters)
    } else {
        Err(problems)
    }
}

fn waiter(op: &Operation, name: &str, definition: &Value, checker: &mut Checker<'_, '_>) -> Result<Waiter, String> {
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err("a waiter name starts with an upper-case letter and holds only letters and digits".into());
    }
    let definition = definition.as_object().ok_or("the definition must be an object")?;
    let delay = |key: &str, default: u64| match definition.get(key) {
        None => Ok(default),
        Some(v) => v.as_u64().filter(|d| *d >= 1).ok_or(format!("`{key}` must be a whole number of seconds, at least 1")),
    };
    let (min_delay, max_delay) = (delay("minDelay", 2)?, delay("maxDelay", 120)?);
    if max_delay < min_delay {
        return Err(format!("`maxDelay` ({max_delay}) is less than `minDelay` ({min_delay})"));
    }
    let list = definition.get("acceptors").and_then(Value::as_array).filter(|a| !a.is_empty());
    let list = list.ok_or("`acceptors` must be a non-empty list")?;
    let mut acceptors = Vec::with_capacity(list.len());
    for (i, acceptor) in list.iter().enumerate() {
        acceptors.push(lower_acceptor(op, acceptor, checker).map_err(|m| format!("acceptor {}: {m}", i + 1))?);
    }
    let docs = definition
        .get("documentation")
        .and_then(Value::as_str)
        .map(crate::docs::html_to_markdown)
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| format!("Waits until `{}` reaches the `{name}` state.", op.wire_name));
    Ok(Waiter {
        name: name.to_string(),
        operation: op.wire_name.clone(),
        module: crate::naming::snake(name),
        min_delay,
        max_delay,
        acceptors,
        docs,
        deprecated: definition.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
    })
}

fn lower_acceptor(op: &Operation, acceptor: &Value, checker: &mut Checker<'_, '_>) -> Result<Acceptor, String> {
    let state = match acceptor.get("state").and_then(Value::as_str) {
        Some("success") => AcceptorState::Success,
        Some("failure") => AcceptorState::Failure,
        Some("retry") => AcceptorState::Retry,
        _ => return Err("`state` must be success, failure or retry".into()),
    };
    let matcher = acceptor.get("matcher").and_then(Value::as_object).ok_or("`matcher` must be an object")?;
    if matcher.len() != 1 {
        return Err("`matcher` must have exactly one of output, inputOutput, success, errorType".into());
    }
    let output = PType::Struct(op.output.path.clone());
    let (kind, value) = matcher.iter().next().ok_or("`matcher` is empty")?;
    let matcher = {
        match kind.as_str() {
            "output" => {
                let (path, expected, comparator) = path_matcher(value, &output, checker)?;
                Matcher::Output { path, expected, comparator }
            }
            "inputOutput" => {
                let root = PType::InputOutput(Box::new(PType::Struct(op.input.path.clone())), Box::new(output));
                let (path, expected, comparator) = path_matcher(value, &root, checker)?;
                Matcher::InputOutput { path, expected, comparator }
            }
            "success" => Matcher::Success(value.as_bool().ok_or("`success` must be a boolean")?),
            "errorType" => {
                let code = value.as_str().filter(|s| !s.is_empty()).ok_or("`errorType` must be a shape name")?;
                Matcher::ErrorType(code.to_string())
            }
            other => return Err(format!("unknown matcher `{other}`")),
        }
    };
    Ok(Acceptor { state, matcher })
}

fn path_matcher(value: &Value, root: &PType, checker: &mut Checker<'_, '_>) -> Result<(String, String, Comparator), String> {
    let fields: &Map<String, Value> = value.as_object().ok_or("a path matcher must be an object")?;
    let text = |key: &str| fields.get(key).and_then(Value::as_str).ok_or(format!("`{key}` must be a string"));
    let (path, expected) = (text("path")?, text("expected")?);
    let comparator = match text("comparator")? {
        "stringEquals" => Comparator::StringEquals,
        "booleanEquals" => Comparator::BooleanEquals,
        "allStringEquals" => Comparator::AllStringEquals,
        "anyStringEquals" => Comparator::AnyStringEquals,
        other => return Err(format!("unknown comparator `{other}`")),
    };
    let ty = checker.check_path(path, root)?;
    checker.check_comparison(&ty, comparator, expected).map_err(|m| format!("path `{path}`: {m}"))?;
    Ok((path.to_string(), expected.to_string(), comparator))
}
