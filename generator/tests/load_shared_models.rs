//! The loader must read every real model we have: the five full AWS models and all protocol test suites.
mod common;
use generator::model::{load, ShapeKind};

#[test]
fn loads_all_full_aws_models() {
    let Some(shared) = common::shared_dir() else { return };
    for path in common::json_files(&shared.join("aws-models")) {
        let model = load(&[common::source(&path)]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(model.services().count(), 1, "{}", path.display());
        let ops = model.shapes.values().filter(|s| s.kind == ShapeKind::Operation).count();
        assert!(ops >= 3, "{}: {ops} operations", path.display());
    }
}

#[test]
fn loads_all_protocol_test_suites_flattened_and_with_mixins() {
    let Some(shared) = common::shared_dir() else { return };
    let dir = shared.join("smithy-protocol-tests");
    let mut files = common::json_files(&dir);
    files.extend(common::json_files(&dir.join("mixins-preserved")));
    assert_eq!(files.len(), 14);
    for path in files {
        load(&[common::source(&path)]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

#[test]
fn mixin_flattening_matches_the_pre_flattened_suite() {
    let Some(shared) = common::shared_dir() else { return };
    let dir = shared.join("smithy-protocol-tests");
    let flat = load(&[common::source(&dir.join("restJson1.json"))]).unwrap();
    let mixed = load(&[common::source(&dir.join("mixins-preserved/restJson1.json"))]).unwrap();
    for (id, shape) in &flat.shapes {
        let other = mixed.shapes.get(id).unwrap_or_else(|| panic!("{id} missing"));
        let names = |s: &generator::model::Shape| s.members.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(shape), names(other), "{id}");
        for m in &shape.members {
            assert_eq!(Some(&m.traits), other.member(&m.name).map(|x| &x.traits), "{id}${}", m.name);
        }
    }
}

#[test]
fn loads_all_endpoint_rule_suites() {
    let Some(shared) = common::shared_dir() else { return };
    for path in common::json_files(&shared.join("smithy-rules-tests")) {
        load(&[common::source(&path)]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
