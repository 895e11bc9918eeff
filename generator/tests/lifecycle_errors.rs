//! Waiters and endpoint bindings that cannot work are generation errors naming the operation (or member), the
//! trait, the waiter and what is wrong; every problem is reported in one run and nothing is generated.
use generator::model::{load, SourceFile};
use generator::{CrateSettings, Settings};
use serde_json::{json, Value};

/// The lifecycle fixture with `edit` applied to its shapes.
fn fixture_with(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/lifecycle/model.json");
    let mut model: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON");
    edit(model["shapes"].as_object_mut().expect("shapes"));
    model
}

fn errors_of(model: &Value) -> Vec<String> {
    let file = SourceFile { name: "jobs.json".into(), text: model.to_string() };
    let model = load(&[file]).expect("the model loads");
    let settings =
        Settings { crate_settings: CrateSettings { crate_name: "x".into(), service_features: false }, operations: None };
    match generator::generate(&[model], &settings) {
        Ok(_) => panic!("generation unexpectedly succeeded"),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

fn acceptors<'a>(shapes: &'a mut serde_json::Map<String, Value>, waiter: &str) -> &'a mut Vec<Value> {
    shapes["example.jobs#DescribeJob"]["traits"]["smithy.waiters#waitable"][waiter]["acceptors"]
        .as_array_mut()
        .expect("acceptors")
}

#[test]
fn the_fixture_itself_generates() {
    let model = fixture_with(|_| {});
    let file = SourceFile { name: "jobs.json".into(), text: model.to_string() };
    let settings =
        Settings { crate_settings: CrateSettings { crate_name: "x".into(), service_features: false }, operations: None };
    let plan = generator::generate(&[load(&[file]).unwrap()], &settings).expect("generates");
    assert!(plan.keys().any(|p| p.ends_with("jobs/waiters.rs")));
}

#[test]
fn waiter_paths_the_output_cannot_have_are_errors_naming_waiter_and_shape() {
    let model = fixture_with(|shapes| {
        acceptors(shapes, "JobDone")[0]["matcher"]["output"]["path"] = json!("Job.State");
        acceptors(shapes, "StepsDone")[0]["matcher"]["output"]["path"] = json!("Job.Steps.State");
        acceptors(shapes, "TwoStepsDone")[0]["matcher"]["output"]["path"] = json!("Job.Name < `2`");
        acceptors(shapes, "JobRenamed")[0]["matcher"]["inputOutput"]["path"] = json!("output.Job.Secret");
    });
    let errors = errors_of(&model);
    let prefix = "example.jobs#DescribeJob: trait smithy.waiters#waitable: waiter";
    assert_eq!(
        errors,
        vec![
            format!("{prefix} `JobDone`: acceptor 1: path `Job.State`: `Job` has no member `State` (it has: Name, Status, Steps, Secret)"),
            format!("{prefix} `JobRenamed`: acceptor 1: path `output.Job.Secret`: member `Job$Secret` is a blob, which paths cannot read"),
            format!("{prefix} `StepsDone`: acceptor 1: path `Job.Steps.State`: reads member `State` of a list of the structure `Step`, which has no members"),
            format!("{prefix} `TwoStepsDone`: acceptor 1: path `Job.Name < `2``: orders a string and a number; only numbers can be ordered"),
        ]
    );
}

#[test]
fn comparators_must_fit_the_path_and_enum_values_must_exist() {
    let model = fixture_with(|shapes| {
        acceptors(shapes, "JobDone")[0]["matcher"]["output"]["expected"] = json!("FINISHED");
        acceptors(shapes, "JobDone")[1]["matcher"]["output"]["comparator"] = json!("allStringEquals");
        acceptors(shapes, "JobRenamed")[0]["matcher"]["inputOutput"]["expected"] = json!("yes");
        acceptors(shapes, "StepsDone")[1]["matcher"]["output"]["comparator"] = json!("stringEquals");
    });
    let errors = errors_of(&model);
    let prefix = "example.jobs#DescribeJob: trait smithy.waiters#waitable: waiter";
    assert_eq!(
        errors,
        vec![
            format!("{prefix} `JobDone`: acceptor 1: path `Job.Status`: expects `FINISHED`, which is not a value of the enum `JobStatus` (RUNNING, DONE, FAILED)"),
            format!("{prefix} `JobRenamed`: acceptor 1: path `output.Job.Name == input.JobId`: booleanEquals expects `true` or `false`, not `yes`"),
            format!("{prefix} `StepsDone`: acceptor 2: path `Job.Steps[].State`: stringEquals cannot match a list of the enum `JobStatus`"),
        ],
        "JobDone's second acceptor is reported after its first: one problem per waiter"
    );
}

#[test]
fn malformed_waiter_definitions() {
    let model = fixture_with(|shapes| {
        let waiters = &mut shapes["example.jobs#DescribeJob"]["traits"]["smithy.waiters#waitable"];
        waiters["JobDone"]["minDelay"] = json!(30);
        waiters["StepsDone"]["acceptors"] = json!([]);
        acceptors(shapes, "TwoStepsDone")[0]["matcher"]["output"]["path"] = json!("length(Job.Steps[?State == 'DONE'");
        acceptors(shapes, "JobGone")[0]["state"] = json!("done");
    });
    let errors = errors_of(&model);
    let prefix = "example.jobs#DescribeJob: trait smithy.waiters#waitable: waiter";
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert_eq!(errors[0], format!("{prefix} `JobDone`: `maxDelay` (20) is less than `minDelay` (30)"));
    assert_eq!(errors[1], format!("{prefix} `JobGone`: acceptor 1: `state` must be success, failure or retry"));
    assert_eq!(errors[2], format!("{prefix} `StepsDone`: `acceptors` must be a non-empty list"));
    assert!(errors[3].starts_with(&format!("{prefix} `TwoStepsDone`: acceptor 1: path `length(Job.Steps[?State == 'DONE'` does not parse: ")), "{}", errors[3]);
}

#[test]
fn endpoint_bindings_must_name_parameters_of_the_right_type() {
    let model = fixture_with(|shapes| {
        shapes["example.jobs#DescribeJobInput"]["members"]["JobId"]["traits"]["smithy.rules#contextParam"] = json!({"name": "Nope"});
        shapes["example.jobs#ListJobs"]["traits"]["smithy.rules#operationContextParams"] = json!({"JobId": {"path": "Filters[].Id"}});
        shapes["example.jobs#ListJobs"]["traits"]["smithy.rules#staticContextParams"] = json!({"Plane": {"value": true}});
    });
    assert_eq!(
        errors_of(&model),
        vec![
            "example.jobs#DescribeJobInput$JobId: trait smithy.rules#contextParam: names `Nope`, which is not a parameter of the endpoint rules",
            "example.jobs#ListJobs: trait smithy.rules#operationContextParams: path `Filters[].Id` gives a list of a string, which cannot bind String parameter `JobId`",
            "example.jobs#ListJobs: trait smithy.rules#staticContextParams: value true does not fit parameter `Plane` (String)",
        ]
    );
}
