//! The suites' services (module, protocol, number of client cases), the generated file plan, and per-case
//! outcomes read from `cargo test` output.

use std::collections::BTreeMap;
use std::path::PathBuf;

use generator::model::{load, SourceFile};
use generator::protocol::Protocol;
use serde_json::Value;

use super::outcomes::Outcome;

pub struct ServiceSuite {
    /// The service's Rust module in the generated crate.
    pub module: String,
    pub protocol: &'static str,
    /// Client cases on the service's operations and on the error structures they return.
    pub client_cases: usize,
    /// Why the service could not be generated (its cases then all count as failed).
    pub not_generated: Option<String>,
}

pub struct Suites {
    pub services: Vec<ServiceSuite>,
    pub plan: generator::FilePlan,
}

/// Event stream cases (`eventStreamTests`) are counted like the HTTP request and response cases.
const TEST_TRAITS: &[&str] = &["smithy.test#httpRequestTests", "smithy.test#httpResponseTests", "smithy.test#eventStreamTests"];

pub fn load_suites(files: &[PathBuf]) -> Result<Suites, String> {
    let mut models = Vec::new();
    let mut services = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        let model = load(&[SourceFile { name: file.display().to_string(), text }]).map_err(|e| e.to_string())?;
        let mut generated = true;
        for service in model.services() {
            let shape_names = service_shapes(&json, &service.id.to_string());
            let client_cases = shape_names.iter().map(|name| client_case_count(&json, name)).sum();
            let suite = match generator::ir::lower_service(&model, &service.id, None) {
                Ok(svc) => ServiceSuite { module: svc.module, protocol: protocol_name(svc.protocol), client_cases, not_generated: None },
                Err(problems) => {
                    generated = false;
                    let why = problems.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("; ");
                    ServiceSuite {
                        module: service.id.to_string(),
                        protocol: protocol_of_file(file),
                        client_cases,
                        not_generated: Some(format!("{}: {why}", file.display())),
                    }
                }
            };
            services.push(suite);
        }
        if generated {
            models.push(model);
        }
    }
    let settings = generator::Settings {
        crate_settings: generator::CrateSettings { crate_name: "protocol-suites".into(), service_features: false },
        operations: None,
    };
    let plan = generator::generate(&models, &settings).map_err(|e| e.to_string())?;
    Ok(Suites { services, plan })
}

fn protocol_name(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::RestJson1 => "restJson1",
        Protocol::AwsJson1_0 => "awsJson1_0",
        Protocol::AwsJson1_1 => "awsJson1_1",
    }
}

/// The protocol a suite file is for, from its name (used when its service cannot be lowered).
fn protocol_of_file(file: &std::path::Path) -> &'static str {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    ["awsJson1_0", "awsJson1_1", "restJson1"].into_iter().find(|p| name.starts_with(p)).unwrap_or("unknown")
}

/// Ids of the service's operations and of the errors they (or the service) declare, from the raw JSON.
fn service_shapes(json: &Value, service: &str) -> Vec<String> {
    let shapes = &json["shapes"];
    let targets = |v: &Value| -> Vec<String> {
        v.as_array().into_iter().flatten().filter_map(|t| t["target"].as_str().map(str::to_owned)).collect()
    };
    let mut errors = targets(&shapes[service]["errors"]);
    let operations = targets(&shapes[service]["operations"]);
    for op in &operations {
        errors.extend(targets(&shapes[op.as_str()]["errors"]));
    }
    errors.sort();
    errors.dedup();
    operations.into_iter().chain(errors).collect()
}

fn client_case_count(json: &Value, shape: &str) -> usize {
    let traits = &json["shapes"][shape]["traits"];
    TEST_TRAITS
        .iter()
        .flat_map(|t| traits[*t].as_array().into_iter().flatten())
        .filter(|case| case["appliesTo"].as_str().is_none_or(|to| to == "client"))
        .count()
}

/// `test <module>::operation::<op>::protocol_tests::<case> ... ok|FAILED`, keyed by (module, case).
pub fn parse_test_output(output: &str) -> BTreeMap<(String, String), Outcome> {
    let mut outcomes = BTreeMap::new();
    for line in output.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        let Some((path, result)) = rest.split_once(" ... ") else { continue };
        let outcome = match result.trim() {
            "ok" => Outcome::Passed,
            "FAILED" => Outcome::Failed,
            _ => continue,
        };
        let parts: Vec<&str> = path.split("::").collect();
        if let [module, "operation", _op, "protocol_tests", case] = parts.as_slice() {
            outcomes.insert(((*module).to_owned(), (*case).to_owned()), outcome);
        }
    }
    outcomes
}
