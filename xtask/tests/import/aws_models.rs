//! Checks of the committed slices in `models/` against the upstream AWS models in
//! `$AWS_MODELS_DIR` (default `/work/shared/aws-models`); skipped with a note when that is absent.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::import::{self, ImportArgs};

const SLICES: [(&str, &str, &str); 5] = [
    ("connect", "connect-2017-08-08.json", "ReplicateInstance"),
    (
        "lexmodelsv2",
        "lex-models-v2-2020-08-07.json",
        "CreateBotReplica",
    ),
    ("backup", "backup-2018-11-15.json", "StartCopyJob"),
    (
        "partnercentralselling",
        "partnercentral-selling-2022-07-26.json",
        "CreateResourceSnapshotJob",
    ),
    ("fsx", "fsx-2018-03-01.json", "CopyBackup"),
];

fn upstream_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("AWS_MODELS_DIR")
        .map_or_else(|| PathBuf::from("/work/shared/aws-models"), PathBuf::from);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} not found, upstream comparison skipped",
            dir.display()
        );
        None
    }
}

fn models_dir() -> PathBuf {
    let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask_dir.parent().unwrap_or(xtask_dir).join("models")
}

fn read(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn service(model: &Value) -> &Value {
    let shapes = model["shapes"].as_object().expect("shapes");
    shapes
        .values()
        .find(|s| s["type"] == "service")
        .expect("service shape")
}

fn operation<'a>(model: &'a Value, name: &str) -> &'a Value {
    let shapes = model["shapes"].as_object().expect("shapes");
    shapes
        .iter()
        .find(|(id, s)| id.ends_with(&format!("#{name}")) && s["type"] == "operation")
        .expect("operation")
        .1
}

/// Every `smithy.api#documentation` string in the upstream model.
fn upstream_docs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                match (key.as_str(), child) {
                    ("smithy.api#documentation", Value::String(text)) => out.push(text.clone()),
                    _ => upstream_docs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| upstream_docs(item, out)),
        _ => {}
    }
}

#[test]
fn committed_slices_are_up_to_date_and_fully_documented() {
    let Some(upstream) = upstream_dir() else {
        return;
    };
    for (stem, file, op) in SLICES {
        let args = ImportArgs {
            from: upstream.join(file),
            operations: vec![op.to_string()],
            out: Some(models_dir().join(format!("{stem}.json"))),
            dry_run: true,
        };
        let report = import::execute(&args).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert!(
            report.contains("no changes"),
            "{stem}: run `cargo xtask import` again:\n{report}"
        );
        assert!(
            !report.contains("undocumented") && !report.contains("stale doc"),
            "{stem}:\n{report}"
        );
    }
}

#[test]
fn slices_keep_every_endpoint_test_case_and_the_rule_set() {
    let Some(upstream) = upstream_dir() else {
        return;
    };
    for (stem, file, _) in SLICES {
        let (up, ours) = (
            read(&upstream.join(file)),
            read(&models_dir().join(format!("{stem}.json"))),
        );
        let cases = |m: &Value| {
            m_traits(m)["smithy.rules#endpointTests"]["testCases"]
                .as_array()
                .expect("cases")
                .len()
        };
        assert_eq!(cases(&ours), cases(&up), "{stem}");
        let mut rules_up = m_traits(&up)["smithy.rules#endpointRuleSet"].clone();
        let mut rules_ours = m_traits(&ours)["smithy.rules#endpointRuleSet"].clone();
        for rules in [&mut rules_up, &mut rules_ours] {
            for parameter in rules["parameters"]
                .as_object_mut()
                .expect("parameters")
                .values_mut()
            {
                parameter
                    .as_object_mut()
                    .expect("parameter")
                    .shift_remove("documentation");
            }
        }
        assert_eq!(
            rules_ours, rules_up,
            "{stem}: rule set differs beyond parameter docs"
        );
    }
}

fn m_traits(model: &Value) -> &Value {
    &service(model)["traits"]
}

#[test]
fn slices_keep_each_operations_full_error_list() {
    let Some(upstream) = upstream_dir() else {
        return;
    };
    for (stem, file, op) in SLICES {
        let (up, ours) = (
            read(&upstream.join(file)),
            read(&models_dir().join(format!("{stem}.json"))),
        );
        let errors = operation(&ours, op)["errors"]
            .as_array()
            .expect("errors")
            .clone();
        assert_eq!(
            errors,
            *operation(&up, op)["errors"]
                .as_array()
                .expect("upstream errors"),
            "{stem}"
        );
        for error in &errors {
            let id = error["target"].as_str().expect("target");
            assert!(
                ours["shapes"][id]["traits"]["smithy.api#error"].is_string(),
                "{stem}: {id}"
            );
        }
        assert_eq!(
            service(&ours).get("errors"),
            service(&up).get("errors"),
            "{stem}: service errors"
        );
    }
}

#[test]
fn no_upstream_documentation_text_survives() {
    let Some(upstream) = upstream_dir() else {
        return;
    };
    for (stem, file, _) in SLICES {
        let mut docs = Vec::new();
        upstream_docs(&read(&upstream.join(file)), &mut docs);
        let ours = fs::read_to_string(models_dir().join(format!("{stem}.json"))).expect("slice");
        for text in docs.iter().filter(|text| text.len() >= 24) {
            let escaped = serde_json::to_string(text).expect("json");
            assert!(
                !ours.contains(escaped.trim_matches('"')),
                "{stem} carries upstream prose: {text}"
            );
        }
    }
}

#[test]
fn fixes_are_present_in_the_committed_slices() {
    let backup = read(&models_dir().join("backup.json"));
    let token =
        &backup["shapes"]["com.amazonaws.backup#StartCopyJobInput"]["members"]["IdempotencyToken"];
    assert_eq!(
        token["traits"]["smithy.api#idempotencyToken"],
        serde_json::json!({})
    );
    let lex = read(&models_dir().join("lexmodelsv2.json"));
    let http =
        &lex["shapes"]["com.amazonaws.lexmodelsv2#CreateBotReplica"]["traits"]["smithy.api#http"];
    assert_eq!(http["uri"], "/bots/{botId}/replicas/");
}

/// Rewrites `models/*.json` from upstream, like `cargo xtask import` would, and prints the reports:
/// `cargo test -p xtask --test import -- --ignored --nocapture regenerate`.
#[test]
#[ignore = "writes models/; run by hand to refresh the slices"]
fn regenerate_committed_slices() {
    let Some(upstream) = upstream_dir() else {
        return;
    };
    for (stem, file, op) in SLICES {
        let args = ImportArgs {
            from: upstream.join(file),
            operations: vec![op.to_string()],
            out: Some(models_dir().join(format!("{stem}.json"))),
            dry_run: false,
        };
        print!(
            "{}",
            import::execute(&args).unwrap_or_else(|e| panic!("{stem}: {e}"))
        );
    }
}
