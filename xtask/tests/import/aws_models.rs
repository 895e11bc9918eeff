//! Checks of the committed slices in `models/` against the upstream AWS models in
//! `$SHARED_DIR/aws-models` (see `shared.rs`: a printed skip when absent, a failure under `CI=true`).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::import::{self, ImportArgs};
use super::shared::shared_path;

/// (file stem, upstream file, operations): each job's starting operation and its status companions.
const SLICES: [(&str, &str, &[&str]); 5] = [
    (
        "connect",
        "connect-2017-08-08.json",
        &["ReplicateInstance", "DescribeInstance", "ListInstances"],
    ),
    (
        "lexmodelsv2",
        "lex-models-v2-2020-08-07.json",
        &["CreateBotReplica", "DescribeBotReplica", "ListBotReplicas"],
    ),
    (
        "backup",
        "backup-2018-11-15.json",
        &["StartCopyJob", "DescribeCopyJob", "ListCopyJobs"],
    ),
    (
        "partnercentralselling",
        "partnercentral-selling-2022-07-26.json",
        &[
            "CreateResourceSnapshotJob",
            "StartResourceSnapshotJob",
            "GetResourceSnapshotJob",
            "ListResourceSnapshotJobs",
        ],
    ),
    (
        "fsx",
        "fsx-2018-03-01.json",
        &["CopyBackup", "DescribeBackups"],
    ),
];

fn operation_names(ops: &[&str]) -> Vec<String> {
    ops.iter().map(|op| op.to_string()).collect()
}

fn upstream_dir() -> Option<PathBuf> {
    shared_path("aws-models")
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
    for (stem, file, ops) in SLICES {
        let args = ImportArgs {
            from: upstream.join(file),
            operations: operation_names(ops),
            replace: true,
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
    for (stem, file, ops) in SLICES {
        let (up, ours) = (
            read(&upstream.join(file)),
            read(&models_dir().join(format!("{stem}.json"))),
        );
        for op in ops {
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

/// The five job waiters (our additions through `models/fixes.json`): (slice, operation, waiter).
const WAITERS: [(&str, &str, &str); 5] = [
    ("backup", "DescribeCopyJob", "CopyJobCompleted"),
    ("connect", "DescribeInstance", "InstanceReplicated"),
    ("lexmodelsv2", "DescribeBotReplica", "BotReplicaEnabled"),
    (
        "partnercentralselling",
        "GetResourceSnapshotJob",
        "ResourceSnapshotJobSucceeded",
    ),
    ("fsx", "DescribeBackups", "BackupAvailable"),
];

/// The shape a waiter path of fields and `[]` projections (`A.B[].C`) selects, starting at the
/// operation's output; `None` for paths with operators or functions.
fn shape_at_path<'a>(model: &'a Value, output_id: &str, path: &str) -> Option<(String, &'a Value)> {
    let is_simple = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '[' | ']' | '_'));
    if !is_simple {
        return None;
    }
    let shapes = &model["shapes"];
    let mut id = output_id.to_string();
    for step in path.split('.') {
        let (field, projections) = match step.find('[') {
            Some(at) => (&step[..at], step[at..].matches("[]").count()),
            None => (step, 0),
        };
        let member = &shapes[&id]["members"][field];
        assert!(
            member.is_object(),
            "`{path}`: `{id}` has no member `{field}`"
        );
        id = member["target"]
            .as_str()
            .expect("member target")
            .to_string();
        for _ in 0..projections {
            let list = &shapes[&id];
            assert_eq!(
                list["type"], "list",
                "`{path}`: `{id}` is projected but not a list"
            );
            id = list["member"]["target"]
                .as_str()
                .expect("list member")
                .to_string();
        }
    }
    Some((id.clone(), &shapes[&id]))
}

#[test]
fn job_waiters_are_in_the_slices_and_expect_values_of_the_enums_they_read() {
    for (stem, op, waiter_name) in WAITERS {
        let model = read(&models_dir().join(format!("{stem}.json")));
        let operation = operation(&model, op);
        let waiters = operation["traits"]["smithy.waiters#waitable"]
            .as_object()
            .unwrap_or_else(|| panic!("{stem} {op}: no waitable trait"));
        assert_eq!(
            waiters.keys().collect::<Vec<_>>(),
            [waiter_name],
            "{stem} {op}"
        );
        let waiter = &waiters[waiter_name];
        assert!(waiter["documentation"]
            .as_str()
            .is_some_and(|d| !d.is_empty()));
        let (min, max) = (waiter["minDelay"].as_u64(), waiter["maxDelay"].as_u64());
        assert!(
            matches!((min, max), (Some(min), Some(max)) if min >= 1 && min <= max),
            "{waiter_name}: delays {min:?}..{max:?}"
        );
        let acceptors = waiter["acceptors"].as_array().expect("acceptors");
        let states: Vec<&str> = acceptors
            .iter()
            .map(|a| a["state"].as_str().expect("state"))
            .collect();
        assert!(
            states.contains(&"success") && states.contains(&"failure"),
            "{waiter_name}: {states:?}"
        );
        let output_id = operation["output"]["target"].as_str().expect("output");
        for acceptor in acceptors {
            let matcher = &acceptor["matcher"]["output"];
            let (path, expected, comparator) = (
                matcher["path"].as_str().expect("path"),
                matcher["expected"].as_str().expect("expected"),
                matcher["comparator"].as_str().expect("comparator"),
            );
            match shape_at_path(&model, output_id, path) {
                Some((id, shape)) => {
                    assert!(
                        matches!(
                            comparator,
                            "stringEquals" | "allStringEquals" | "anyStringEquals"
                        ),
                        "{waiter_name}: `{path}` with {comparator}"
                    );
                    assert_eq!(
                        shape["type"], "enum",
                        "{waiter_name}: `{path}` reads `{id}`, not an enum"
                    );
                    let values: Vec<&str> = shape["members"]
                        .as_object()
                        .expect("enum members")
                        .values()
                        .map(|m| {
                            m["traits"]["smithy.api#enumValue"]
                                .as_str()
                                .expect("enum value")
                        })
                        .collect();
                    assert!(
                        values.contains(&expected),
                        "{waiter_name}: `{expected}` is not a value of `{id}` ({values:?})"
                    );
                    let is_list = path.contains("[]");
                    assert_eq!(
                        is_list,
                        comparator != "stringEquals",
                        "{waiter_name}: `{path}` needs a list comparator exactly when it projects"
                    );
                }
                None => {
                    assert_eq!(comparator, "booleanEquals", "{waiter_name}: `{path}`");
                    assert!(
                        matches!(expected, "true" | "false"),
                        "{waiter_name}: `{path}`"
                    );
                }
            }
        }
    }
}

/// Rewrites `models/*.json` from upstream, like `cargo xtask import` would, and prints the reports:
/// `cargo test -p xtask --test import -- --ignored --nocapture regenerate`.
#[test]
#[ignore = "writes models/; run by hand to refresh the slices"]
fn regenerate_committed_slices() {
    let Some(upstream) = upstream_dir() else {
        return;
    };
    for (stem, file, ops) in SLICES {
        let args = ImportArgs {
            from: upstream.join(file),
            operations: operation_names(ops),
            replace: true,
            out: Some(models_dir().join(format!("{stem}.json"))),
            dry_run: false,
        };
        print!(
            "{}",
            import::execute(&args).unwrap_or_else(|e| panic!("{stem}: {e}"))
        );
    }
}
