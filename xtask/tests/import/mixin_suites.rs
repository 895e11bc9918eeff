//! Mixin flattening checked against real data: the Smithy protocol test suites exist both with
//! mixins preserved and flattened by Smithy itself (`$SHARED_DIR/smithy-protocol-tests`, see `shared.rs`).
//! Slicing the mixin form must give Smithy's flat shapes.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::import::docs::DocsFile;
use super::import::slice;
use super::shared::shared_path;

fn suites_dir() -> Option<PathBuf> {
    let mixins = shared_path("smithy-protocol-tests/mixins-preserved")?;
    mixins.parent().map(Path::to_path_buf)
}

fn read(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Traits compared: all but prose, which the slice drops or rewrites, and protocol test cases,
/// whose nested `documentation` fields the slice strips.
fn comparable_traits(node: &Value) -> TraitList {
    let Some(traits) = node.get("traits").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out: TraitList = traits
        .iter()
        .filter(|(id, _)| {
            !id.starts_with("smithy.test#")
                && !id.contains("ocumentation")
                && *id != "smithy.api#examples"
        })
        .map(|(id, value)| (id.clone(), value.clone()))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// `(trait id, value)` pairs sorted by id.
type TraitList = Vec<(String, Value)>;

fn members(shape: &Value) -> Vec<(String, Value, TraitList)> {
    let Some(members) = shape.get("members").and_then(Value::as_object) else {
        return Vec::new();
    };
    members
        .iter()
        .map(|(name, m)| (name.clone(), m["target"].clone(), comparable_traits(m)))
        .collect()
}

#[test]
fn flattened_mixins_match_smithys_own_flattening() {
    let Some(dir) = suites_dir() else { return };
    let mut compared = 0;
    for name in [
        "restJson1.json",
        "awsJson1_1.json",
        "restJson1-validation.json",
        "restJson1-glacier.json",
    ] {
        let mixed = read(&dir.join("mixins-preserved").join(name));
        let flat = read(&dir.join(name));
        let shapes = mixed["shapes"].as_object().expect("shapes");
        let service = shapes
            .values()
            .find(|s| s["type"] == "service")
            .expect("service");
        let operations: Vec<String> = service["operations"]
            .as_array()
            .expect("operations")
            .iter()
            .filter_map(|op| op["target"].as_str())
            .map(|id| id.split_once('#').map_or(id, |(_, n)| n).to_string())
            .collect();
        let model = slice::load(name, mixed.to_string()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let slice = slice::cut(&model, name, &operations, &DocsFile::default(), &[])
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for (id, ours) in slice.document["shapes"].as_object().expect("slice shapes") {
            if ours["type"] == "service" {
                continue;
            }
            let theirs = &flat["shapes"][id];
            assert_eq!(members(ours), members(theirs), "{name}: members of {id}");
            assert_eq!(
                comparable_traits(ours),
                comparable_traits(theirs),
                "{name}: traits of {id}"
            );
            assert!(ours.get("mixins").is_none(), "{name}: {id}");
            compared += 1;
        }
    }
    assert!(compared > 300, "only {compared} shapes compared");
}
