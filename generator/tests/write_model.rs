//! `model::write`: a loaded model written back to JSON AST is the same document, key for key.
mod common;
use generator::model::{load, write, SourceFile};
use serde_json::{json, Value};
use std::path::Path;

fn round_trip(name: &str, text: String) -> Value {
    let model = load(&[SourceFile { name: name.into(), text }]).unwrap_or_else(|e| panic!("{name}: {e}"));
    write::to_json_ast(&model)
}

/// The committed slices are written by `cargo xtask import` through this writer: loading and writing one gives
/// it back unchanged (the prelude the loader adds is not written).
#[test]
fn committed_slices_round_trip() {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models");
    let files: Vec<_> = common::json_files(&models).into_iter().filter(|p| !p.ends_with("fixes.json")).collect();
    assert!(files.len() >= 5, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let original: Value = serde_json::from_str(&text).unwrap();
        let written = round_trip(&path.display().to_string(), text);
        assert_eq!(
            serde_json::to_string_pretty(&written).unwrap(),
            serde_json::to_string_pretty(&original).unwrap(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_shape_kind_is_written_in_canonical_form_with_mixins_and_apply_resolved() {
    let model = json!({
        "smithy": "2.0",
        "metadata": { "m": [1] },
        "shapes": {
            "a.b#Svc": { "type": "service", "version": "1", "operations": [{ "target": "a.b#Op" }],
                "errors": [{ "target": "a.b#Oops" }], "rename": { "a.b#S": "Renamed" },
                "traits": { "z.z#last": {}, "a.a#first": {} } },
            "a.b#Op": { "type": "operation", "output": { "target": "a.b#S" }, "input": { "target": "smithy.api#Unit" },
                "errors": [{ "target": "a.b#Oops" }] },
            "a.b#Oops": { "type": "structure", "members": {}, "traits": { "smithy.api#error": "client" } },
            "a.b#Mixin": { "type": "structure", "members": { "fromMixin": { "target": "smithy.api#String" } },
                "traits": { "smithy.api#mixin": {} } },
            "a.b#S": { "type": "structure", "mixins": [{ "target": "a.b#Mixin" }],
                "members": { "list": { "target": "a.b#L" }, "map": { "target": "a.b#M" }, "e": { "target": "a.b#E" },
                             "i": { "target": "a.b#I" }, "u": { "target": "a.b#U" } } },
            "a.b#S$fromMixin": { "type": "apply", "traits": { "smithy.api#required": {} } },
            "a.b#L": { "type": "list", "member": { "target": "smithy.api#Integer" }, "traits": { "smithy.api#length": { "max": 2 } } },
            "a.b#M": { "type": "map", "key": { "target": "smithy.api#String" }, "value": { "target": "smithy.api#Blob" } },
            "a.b#E": { "type": "enum", "members": { "X": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "x" } } } },
            "a.b#I": { "type": "intEnum", "members": { "ONE": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": 1 } } } },
            "a.b#U": { "type": "union", "members": { "t": { "target": "smithy.api#Timestamp" } } }
        }
    });
    let written = round_trip("m.json", model.to_string());
    let shapes = written["shapes"].as_object().unwrap();
    let ids: Vec<&str> = shapes.keys().map(String::as_str).collect();
    assert_eq!(ids, ["a.b#E", "a.b#I", "a.b#L", "a.b#M", "a.b#Mixin", "a.b#Oops", "a.b#Op", "a.b#S", "a.b#Svc", "a.b#U"]);
    assert_eq!(written["metadata"], json!({ "m": [1] }));
    let svc = &shapes["a.b#Svc"];
    let keys: Vec<&str> = svc.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["type", "version", "operations", "errors", "rename", "traits"]);
    let traits: Vec<&str> = svc["traits"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(traits, ["a.a#first", "z.z#last"], "traits sorted by id");
    let op_keys: Vec<&str> = shapes["a.b#Op"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(op_keys, ["type", "errors", "input", "output"]);
    let s = &shapes["a.b#S"];
    assert!(s.get("mixins").is_none(), "{s}");
    let members: Vec<&str> = s["members"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(members, ["fromMixin", "list", "map", "e", "i", "u"], "mixin members first, then declaration order");
    assert_eq!(s["members"]["fromMixin"], json!({ "target": "smithy.api#String", "traits": { "smithy.api#required": {} } }));
    assert_eq!(shapes["a.b#L"], json!({ "type": "list", "member": { "target": "smithy.api#Integer" }, "traits": { "smithy.api#length": { "max": 2 } } }));
    assert_eq!(shapes["a.b#M"]["value"], json!({ "target": "smithy.api#Blob" }));
    assert_eq!(shapes["a.b#I"]["members"]["ONE"]["traits"]["smithy.api#enumValue"], json!(1));
    // Written and loaded again: the same document (the writer's output is a fixed point).
    assert_eq!(round_trip("again.json", written.to_string()), written);
}
