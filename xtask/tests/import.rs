//! Tests of `cargo xtask import` (xtask/src/import.rs), included by path because xtask has no lib.

#[allow(dead_code)]
#[path = "../src/import.rs"]
mod import;

#[path = "import/aws_models.rs"]
mod aws_models;
#[path = "import/mixin_suites.rs"]
mod mixin_suites;
#[path = "import/shared.rs"]
mod shared;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use import::docs::DocsFile;
use import::fixes::{parse_fixes, Change, Fix, FixOutcome};
use import::{slice, ImportArgs, ImportError};
use serde_json::{json, Value};

const FIXTURE: &str = include_str!("fixtures/tiny.json");
const NS: &str = "example.tiny#";

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).expect("fixture is JSON")
}

fn ops(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// A model built in memory, through the generator's loader as `import` loads files.
fn load(model: &Value) -> generator::model::Model {
    slice::load("tiny.json", model.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn cut(model: &Value, names: &[&str]) -> slice::Slice {
    slice::cut(&load(model), "tiny.json", &ops(names), &DocsFile::default(), &[]).expect("slice")
}

fn shape<'a>(slice: &'a slice::Slice, name: &str) -> &'a Value {
    &slice.document["shapes"][format!("{NS}{name}")]
}

fn shape_names(slice: &slice::Slice) -> BTreeSet<String> {
    let shapes = slice.document["shapes"].as_object().expect("shapes");
    shapes
        .keys()
        .map(|id| id.trim_start_matches(NS).to_string())
        .collect()
}

/// A fresh, empty directory under the system temp dir.
fn temp_dir(label: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("xtask-import-{label}-{}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write_json(path: &Path, value: &Value) {
    fs::create_dir_all(path.parent().expect("parent")).expect("dir");
    fs::write(path, serde_json::to_string_pretty(value).expect("json")).expect("write");
}

#[test]
fn closure_follows_lists_maps_unions_errors_and_resources() {
    let slice = cut(&fixture(), &["PutThing", "OpenLid"]);
    let expected: BTreeSet<String> = [
        "Tiny",
        "PutThing",
        "PutThingInput",
        "PutThingOutput",
        "Name",
        "PartList",
        "Part",
        "PartShape",
        "Radius",
        "Kind",
        "TagMap",
        "TagKey",
        "TagValue",
        "BadThing",
        "ServiceFault",
        "OpenLid",
        "OpenLidOutput",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(shape_names(&slice), expected);

    let service = shape(&slice, "Tiny");
    assert_eq!(
        service["operations"],
        json!([{ "target": "example.tiny#OpenLid" }, { "target": "example.tiny#PutThing" }])
    );
    assert!(
        service.get("resources").is_none(),
        "resources are not carried into the slice"
    );
    assert_eq!(
        service["errors"],
        json!([{ "target": "example.tiny#ServiceFault" }])
    );
    assert_eq!(
        shape(&slice, "PutThing")["errors"],
        json!([{ "target": "example.tiny#BadThing" }])
    );
    let provenance = &slice.document["metadata"]["aws-lite#slices"][0];
    assert_eq!(
        provenance["liftedFromResources"],
        json!({ "example.tiny#OpenLid": "example.tiny#Lid" })
    );
    assert_eq!(provenance["operations"], json!(["OpenLid", "PutThing"]));
}

#[test]
fn service_errors_are_reached_even_without_operation_errors() {
    let slice = cut(&fixture(), &["OpenLid"]);
    assert!(shape_names(&slice).contains("ServiceFault"));
    assert!(!shape_names(&slice).contains("BadThing"));
}

#[test]
fn mixins_and_apply_are_flattened() {
    let slice = cut(&fixture(), &["PutThing"]);
    let input = shape(&slice, "PutThingInput");
    assert!(input.get("mixins").is_none());
    let members: Vec<&String> = input["members"]
        .as_object()
        .expect("members")
        .keys()
        .collect();
    assert_eq!(
        members,
        ["Tags", "Name", "Parts", "Token"],
        "mixin members come first"
    );
    let traits = input["traits"].as_object().expect("traits");
    assert!(
        traits.contains_key("smithy.api#sensitive"),
        "inherited trait"
    );
    assert!(
        !traits.contains_key("smithy.api#private"),
        "local trait of the mixin stays behind"
    );
    assert!(!traits.contains_key("smithy.api#mixin"));
    assert_eq!(
        input["members"]["Token"]["traits"]["smithy.api#length"],
        json!({ "max": 64 })
    );
    assert_eq!(
        input["members"]["Tags"]["traits"]["smithy.api#jsonName"],
        json!("tags"),
        "apply on a mixed-in member"
    );
    assert!(
        !shape_names(&slice).contains("Tagged"),
        "the mixin itself is not needed"
    );
}

#[test]
fn constraint_traits_and_prelude_references_are_kept() {
    let slice = cut(&fixture(), &["PutThing"]);
    assert_eq!(
        shape(&slice, "Name")["traits"]["smithy.api#length"],
        json!({ "min": 1, "max": 8 })
    );
    assert_eq!(
        shape(&slice, "Name")["traits"]["smithy.api#pattern"],
        json!("^[a-z]+$")
    );
    assert_eq!(
        shape(&slice, "PartList")["traits"]["smithy.api#length"],
        json!({ "max": 3 })
    );
    assert_eq!(
        shape(&slice, "Radius")["traits"]["smithy.api#range"],
        json!({ "min": 0 })
    );
    assert_eq!(
        shape(&slice, "PutThingInput")["members"]["Name"]["traits"]["smithy.api#required"],
        json!({})
    );
    assert_eq!(
        shape(&slice, "PutThingInput")["members"]["Token"]["target"],
        json!("smithy.api#String")
    );
    assert!(!shape_names(&slice)
        .iter()
        .any(|id| id.starts_with("smithy.api#")));
}

#[test]
fn no_upstream_prose_survives() {
    let slice = cut(&fixture(), &["PutThing", "OpenLid"]);
    let text = slice.to_text();
    assert!(!text.contains("UPSTREAM PROSE"), "{text}");
    assert!(!text.contains("smithy.api#examples"));
    // Endpoint test cases are relabelled from their parameters (the label names the generated test).
    assert!(!text.contains("For region x"), "{text}");
    assert!(text.contains("\"documentation\": \"Region=x\""), "{text}");
}

#[test]
fn docs_are_merged_and_stale_and_missing_entries_reported() {
    let docs = DocsFile::parse(
        &json!({
            "shapes": {
                "example.tiny#Tiny": "Our service text.",
                "example.tiny#PutThingInput$Name": "Our member text.",
                "example.tiny#Kind": "Our enum text.",
                "example.tiny#Gone": "Left over.",
                "example.tiny#PutThingInput$Gone": "Left over too."
            },
            "endpointParameters": { "Region": "Our region text.", "Ghost": "No such parameter." }
        }),
        "docs.json",
    )
    .expect("docs parse");
    let slice =
        slice::cut(&load(&fixture()), "tiny.json", &ops(&["PutThing"]), &docs, &[]).expect("slice");
    let doc = "smithy.api#documentation";
    assert_eq!(
        shape(&slice, "Tiny")["traits"][doc],
        json!("Our service text.")
    );
    assert_eq!(
        shape(&slice, "PutThingInput")["members"]["Name"]["traits"][doc],
        json!("Our member text.")
    );
    assert_eq!(
        shape(&slice, "Kind")["traits"][doc],
        json!("Our enum text.")
    );
    let region =
        &shape(&slice, "Tiny")["traits"]["smithy.rules#endpointRuleSet"]["parameters"]["Region"];
    assert_eq!(region["documentation"], json!("Our region text."));
    assert_eq!(
        slice.docs.stale,
        [
            "example.tiny#Gone",
            "example.tiny#PutThingInput$Gone",
            "endpointParameters.Ghost"
        ]
    );
    for missing in [
        "example.tiny#PutThing",
        "example.tiny#PutThingOutput$Id",
        "example.tiny#BadThing",
        "example.tiny#ServiceFault",
    ] {
        assert!(
            slice.docs.missing.iter().any(|id| id == missing),
            "{missing} should be reported missing"
        );
    }
    assert!(
        !slice
            .docs
            .missing
            .iter()
            .any(|id| id == "example.tiny#Name"),
        "plain strings need no docs"
    );
}

#[test]
fn docs_file_with_unknown_key_is_rejected() {
    let error =
        DocsFile::parse(&json!({ "shape": {} }), "models/docs/x.json").expect_err("bad key");
    assert!(error.to_string().contains("models/docs/x.json"), "{error}");
}

fn fix(shape: &str, change: Change) -> Fix {
    Fix {
        shape: shape.to_string(),
        change,
        why: "test".to_string(),
    }
}

#[test]
fn fixes_are_applied_and_outcomes_reported() {
    let fixes = vec![
        fix(
            "example.tiny#PutThingInput$Token",
            Change::AddTrait {
                trait_id: "smithy.api#idempotencyToken".into(),
                value: json!({}),
            },
        ),
        fix(
            "example.tiny#PutThing",
            Change::SetTraitField {
                trait_id: "smithy.api#http".into(),
                field: "uri".into(),
                from: json!("/things"),
                to: json!("/things/"),
            },
        ),
        fix(
            "example.tiny#Name",
            Change::AddTrait {
                trait_id: "smithy.api#pattern".into(),
                value: json!("^[a-z]+$"),
            },
        ),
        fix(
            "example.tiny#UnusedInput",
            Change::AddTrait {
                trait_id: "smithy.api#input".into(),
                value: json!({}),
            },
        ),
        fix(
            "other.ns#Whatever",
            Change::AddTrait {
                trait_id: "smithy.api#input".into(),
                value: json!({}),
            },
        ),
    ];
    let slice = slice::cut(
        &load(&fixture()),
        "tiny.json",
        &ops(&["PutThing"]),
        &DocsFile::default(),
        &fixes,
    )
    .expect("slice");
    assert_eq!(
        shape(&slice, "PutThingInput")["members"]["Token"]["traits"]["smithy.api#idempotencyToken"],
        json!({})
    );
    assert_eq!(
        shape(&slice, "PutThing")["traits"]["smithy.api#http"]["uri"],
        json!("/things/")
    );
    let outcomes: Vec<FixOutcome> = slice.fixes.iter().map(|(_, outcome)| *outcome).collect();
    assert_eq!(
        outcomes,
        [
            FixOutcome::Applied,
            FixOutcome::Applied,
            FixOutcome::AlreadyUpstream,
            FixOutcome::NotInSlice
        ],
        "the fix of another namespace is ignored"
    );
}

#[test]
fn a_fix_whose_target_disappeared_is_an_error() {
    let fixes = [fix(
        "example.tiny#PutThingInput$Vanished",
        Change::AddTrait {
            trait_id: "smithy.api#required".into(),
            value: json!({}),
        },
    )];
    let error = slice::cut(
        &load(&fixture()),
        "tiny.json",
        &ops(&["PutThing"]),
        &DocsFile::default(),
        &fixes,
    )
    .expect_err("missing target");
    assert_eq!(
        error.to_string(),
        "fix for `example.tiny#PutThingInput$Vanished`: the target no longer exists in the upstream model"
    );
}

#[test]
fn a_fix_that_no_longer_matches_upstream_is_an_error() {
    let changed_upstream = [fix(
        "example.tiny#PutThing",
        Change::SetTraitField {
            trait_id: "smithy.api#http".into(),
            field: "uri".into(),
            from: json!("/old"),
            to: json!("/new"),
        },
    )];
    let error = slice::cut(
        &load(&fixture()),
        "tiny.json",
        &ops(&["PutThing"]),
        &DocsFile::default(),
        &changed_upstream,
    )
    .expect_err("changed");
    assert!(
        error
            .to_string()
            .contains("upstream is \"/things\", the fix expects \"/old\""),
        "{error}"
    );

    let conflicting = [fix(
        "example.tiny#Name",
        Change::AddTrait {
            trait_id: "smithy.api#pattern".into(),
            value: json!("^x$"),
        },
    )];
    let error = slice::cut(
        &load(&fixture()),
        "tiny.json",
        &ops(&["PutThing"]),
        &DocsFile::default(),
        &conflicting,
    )
    .expect_err("conflict");
    assert!(matches!(error, ImportError::Fix { .. }), "{error}");
}

#[test]
fn fixes_file_is_parsed_and_bad_entries_named() {
    let parsed = parse_fixes(
        &json!({ "fixes": [{ "shape": "a#B", "what": { "addTrait": "smithy.api#sensitive", "value": {} }, "why": "because" }] }),
        "fixes.json",
    )
    .expect("parse");
    assert_eq!(
        parsed,
        [fix(
            "a#B",
            Change::AddTrait {
                trait_id: "smithy.api#sensitive".into(),
                value: json!({})
            }
        )]
        .map(|f| Fix {
            why: "because".into(),
            ..f
        })
    );
    let error = parse_fixes(
        &json!({ "fixes": [{ "shape": "a#B", "why": "x" }] }),
        "fixes.json",
    )
    .expect_err("no what");
    assert_eq!(
        error.to_string(),
        "`fixes.json` is not valid: fixes[0]: missing object `what`"
    );
}

#[test]
fn unknown_operation_lists_near_matches() {
    let error = slice::cut(
        &load(&fixture()),
        "tiny.json",
        &ops(&["PutThings"]),
        &DocsFile::default(),
        &[],
    )
    .expect_err("unknown");
    assert_eq!(
        error.to_string(),
        "operation `PutThings` is not bound to service `example.tiny#Tiny`; did you mean: PutThing?"
    );
    let error =
        slice::cut(&load(&fixture()), "tiny.json", &[], &DocsFile::default(), &[]).expect_err("none");
    assert!(matches!(error, ImportError::NoOperations));
}

#[test]
fn a_dangling_target_names_the_referring_member_and_every_problem() {
    let mut model = fixture();
    model["shapes"]["example.tiny#PutThingOutput"]["members"]["Id"]["target"] =
        json!("example.tiny#Nowhere");
    model["shapes"]["example.tiny#Ghost$Name"] = json!({ "type": "apply", "traits": { "smithy.api#sensitive": {} } });
    let error = slice::load("tiny.json", model.to_string()).expect_err("dangling");
    let text = error.to_string();
    assert!(matches!(error, ImportError::Load { .. }), "{text}");
    assert!(
        text.contains("tiny.json: example.tiny#PutThingOutput$Id: target `example.tiny#Nowhere` does not exist"),
        "{text}"
    );
    assert!(text.contains("example.tiny#Ghost$Name: `apply` targets"), "both problems in one run: {text}");
}

#[test]
fn an_apply_on_a_mixin_member_reaches_the_shapes_using_the_mixin() {
    let mut model = fixture();
    model["shapes"]["example.tiny#Tagged$Tags"] =
        json!({ "type": "apply", "traits": { "smithy.api#length": { "max": 5 } } });
    let slice = cut(&model, &["PutThing"]);
    let tags = &shape(&slice, "PutThingInput")["members"]["Tags"]["traits"];
    assert_eq!(tags["smithy.api#length"], json!({ "max": 5 }), "{tags}");
    assert_eq!(tags["smithy.api#jsonName"], json!("tags"), "{tags}");
}

#[test]
fn unreadable_upstream_file_names_the_path() {
    let dir = temp_dir("unreadable");
    let missing = dir.join("no-such-model.json");
    let args = ImportArgs {
        from: missing.clone(),
        operations: ops(&["PutThing"]),
        replace: false,
        out: Some(dir.join("out.json")),
        dry_run: false,
    };
    let error = import::execute(&args).expect_err("missing file");
    assert!(
        error.to_string().contains(&missing.display().to_string()),
        "{error}"
    );

    fs::write(&missing, "{ not json").expect("write");
    let error = import::execute(&args).expect_err("bad json");
    assert!(
        error.to_string().starts_with(&format!(
            "cannot load `{0}`: 1 problem(s) found:\n  - {0}: malformed JSON",
            missing.display()
        )),
        "{error}"
    );
}

#[test]
fn output_is_deterministic_and_independent_of_upstream_order() {
    let model = fixture();
    let first = cut(&model, &["PutThing", "OpenLid"]).to_text();
    let second = cut(&model, &["OpenLid", "PutThing"]).to_text();
    assert_eq!(first, second);

    let mut reversed = model.clone();
    let shapes = model["shapes"].as_object().expect("shapes");
    reversed["shapes"] = Value::Object(
        shapes
            .iter()
            .rev()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    );
    assert_eq!(cut(&reversed, &["PutThing", "OpenLid"]).to_text(), first);

    let ids: Vec<&str> = first
        .lines()
        .filter(|l| l.starts_with("    \"example.tiny#"))
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "shapes are sorted by id");
    assert!(first.ends_with("}\n"));
}

#[test]
fn refresh_keeps_docs_and_fixes_and_reports_changes() {
    let dir = temp_dir("refresh");
    let upstream_path = dir.join("upstream.json");
    let models = dir.join("models");
    write_json(&upstream_path, &fixture());
    write_json(
        &models.join("docs/tinything.json"),
        &json!({ "shapes": { "example.tiny#PutThingInput$Name": "Our text." } }),
    );
    write_json(
        &models.join("fixes.json"),
        &json!({ "fixes": [{ "shape": "example.tiny#PutThingInput$Token", "what": { "addTrait": "smithy.api#idempotencyToken", "value": {} }, "why": "t" }] }),
    );
    let out = models.join("tinything.json");
    let args = ImportArgs {
        from: upstream_path.clone(),
        operations: ops(&["PutThing"]),
        replace: false,
        out: None,
        dry_run: false,
    };
    let args = ImportArgs {
        out: Some(out.clone()),
        ..args
    };

    let report = import::execute(&args).expect("first import");
    assert!(report.contains("new file"), "{report}");
    let first = fs::read_to_string(&out).expect("written");
    let report = import::execute(&args).expect("second import");
    assert!(report.contains("no changes"), "{report}");
    assert_eq!(fs::read_to_string(&out).expect("rewritten"), first);

    let mut changed = fixture();
    let shapes = &mut changed["shapes"];
    shapes["example.tiny#PutThingOutput"]["members"]["Size"] =
        json!({ "target": "smithy.api#Long" });
    shapes["example.tiny#PartShape"]["members"]
        .as_object_mut()
        .expect("members")
        .shift_remove("Round");
    shapes["example.tiny#Name"]["traits"]["smithy.api#length"] = json!({ "min": 1, "max": 16 });
    shapes["example.tiny#Name"]["traits"]["smithy.api#documentation"] =
        json!("UPSTREAM PROSE changed");
    write_json(&upstream_path, &changed);

    let report = import::execute(&ImportArgs {
        dry_run: true,
        ..args.clone()
    })
    .expect("dry run");
    assert!(report.contains("dry run"), "{report}");
    assert_eq!(
        fs::read_to_string(&out).expect("untouched"),
        first,
        "dry run writes nothing"
    );

    let report = import::execute(&args).expect("refresh");
    for line in [
        "+ member example.tiny#PutThingOutput$Size",
        "- member example.tiny#PartShape$Round",
        "- shape example.tiny#Radius",
        "~ trait smithy.api#length on example.tiny#Name",
    ] {
        assert!(report.contains(line), "missing `{line}` in:\n{report}");
    }
    assert!(
        !report.contains("documentation"),
        "upstream prose changes are invisible: {report}"
    );
    let refreshed: Value =
        serde_json::from_str(&fs::read_to_string(&out).expect("refreshed")).expect("json");
    let input = &refreshed["shapes"]["example.tiny#PutThingInput"]["members"];
    assert_eq!(
        input["Name"]["traits"]["smithy.api#documentation"],
        json!("Our text.")
    );
    assert_eq!(
        input["Token"]["traits"]["smithy.api#idempotencyToken"],
        json!({})
    );
}

#[test]
fn file_name_comes_from_the_sdk_id() {
    assert_eq!(slice::file_stem(&load(&fixture())).expect("stem"), "tinything");
}

/// Runs `import` into `out` and returns the operations the written slice binds.
fn import_operations(from: &Path, out: &Path, names: &[&str], replace: bool) -> Vec<String> {
    let args = ImportArgs {
        from: from.to_path_buf(),
        operations: ops(names),
        replace,
        out: Some(out.to_path_buf()),
        dry_run: false,
    };
    import::execute(&args).unwrap_or_else(|e| panic!("{e}"));
    let written: Value =
        serde_json::from_str(&fs::read_to_string(out).expect("written")).expect("json");
    written["shapes"][format!("{NS}Tiny")]["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .map(|op| op["target"].as_str().expect("target").trim_start_matches(NS).to_string())
        .collect()
}

#[test]
fn operations_are_added_to_an_existing_slice_unless_replaced() {
    let dir = temp_dir("add");
    let upstream = dir.join("upstream.json");
    write_json(&upstream, &fixture());
    let out = dir.join("models").join("tinything.json");
    assert_eq!(import_operations(&upstream, &out, &["PutThing"], false), ["PutThing"]);
    assert_eq!(
        import_operations(&upstream, &out, &["OpenLid"], false),
        ["OpenLid", "PutThing"],
        "added to what the slice holds"
    );
    assert_eq!(
        import_operations(&upstream, &out, &[], false),
        ["OpenLid", "PutThing"],
        "no operation named: a refresh"
    );
    assert_eq!(
        import_operations(&upstream, &out, &["OpenLid"], true),
        ["OpenLid"],
        "--replace starts over"
    );
    let error = import::execute(&ImportArgs {
        from: upstream,
        operations: Vec::new(),
        replace: false,
        out: Some(dir.join("models").join("absent.json")),
        dry_run: true,
    })
    .expect_err("nothing to add to");
    assert!(matches!(error, ImportError::NoOperations), "{error}");
}
