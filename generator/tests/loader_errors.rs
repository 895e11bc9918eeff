//! Each kind of broken model gives an error naming the file, the shape (member or trait) and the problem,
//! and every problem in a model is reported in one run.
use generator::model::{load, SourceFile};

fn errors_of(text: &str) -> Vec<String> {
    let file = SourceFile { name: "bad.json".into(), text: text.into() };
    match load(&[file]) {
        Ok(_) => panic!("model unexpectedly loaded"),
        Err(e) => e.0.iter().map(|d| d.to_string()).collect(),
    }
}

fn model(shapes: &str) -> String {
    format!(r#"{{"smithy": "2.0", "shapes": {{{shapes}}}}}"#)
}

#[test]
fn malformed_json_names_file_and_position() {
    let errs = errors_of(r#"{"smithy": "2.0", "shapes": {"#);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with("bad.json: malformed JSON: EOF while parsing"), "{errs:?}");
    assert!(errs[0].contains("line 1 column"), "{errs:?}");
}

#[test]
fn dangling_member_target() {
    let errs = errors_of(&model(r#""a.b#S": {"type": "structure", "members": {"x": {"target": "a.b#Nope"}}}"#));
    assert_eq!(errs, vec!["bad.json: a.b#S$x: target `a.b#Nope` does not exist"]);
}

#[test]
fn dangling_operation_input_and_error() {
    let errs = errors_of(&model(
        r#""a.b#Op": {"type": "operation", "input": {"target": "a.b#In"}, "errors": [{"target": "a.b#E"}]}"#,
    ));
    assert_eq!(
        errs,
        vec!["bad.json: a.b#Op: error `a.b#E` does not exist", "bad.json: a.b#Op: input `a.b#In` does not exist"]
    );
}

#[test]
fn wrong_trait_value_type() {
    let errs = errors_of(&model(
        r#""a.b#S": {"type": "string", "traits": {"smithy.api#length": {"min": "one"}, "smithy.api#pattern": 5}}"#,
    ));
    assert_eq!(
        errs,
        vec![
            "bad.json: a.b#S: trait smithy.api#length: invalid value: `min`: expected a number, found `\"one\"`",
            "bad.json: a.b#S: trait smithy.api#pattern: invalid value: expected a string, found `5`",
        ]
    );
}

#[test]
fn wrong_member_trait_value_type() {
    let errs = errors_of(&model(
        r#""a.b#S": {"type": "structure", "members": {"x": {"target": "smithy.api#String", "traits": {"smithy.api#required": true}}}}"#,
    ));
    assert_eq!(errs, vec!["bad.json: a.b#S$x: trait smithy.api#required: invalid value: expected an object, found `true`"]);
}

#[test]
fn cycle_without_indirection() {
    let errs = errors_of(&model(
        r#""a.b#A": {"type": "structure", "members": {"b": {"target": "a.b#B", "traits": {"smithy.api#required": {}}}}},
           "a.b#B": {"type": "structure", "members": {"a": {"target": "a.b#A", "traits": {"smithy.api#required": {}}}}}"#,
    ));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("bad.json: a.b#A: recursive without indirection (a.b#A$b -> a.b#B$a)"), "{errs:?}");
}

#[test]
fn cycle_through_optional_member_is_fine() {
    let text = model(
        r#""a.b#A": {"type": "structure", "members": {"b": {"target": "a.b#B"}}},
           "a.b#B": {"type": "structure", "members": {"a": {"target": "a.b#A", "traits": {"smithy.api#required": {}}}}}"#,
    );
    assert!(load(&[SourceFile { name: "ok.json".into(), text }]).is_ok());
}

#[test]
fn duplicate_member_exact() {
    let errs = errors_of(&model(
        r#""a.b#S": {"type": "structure", "members": {"x": {"target": "smithy.api#String"}, "x": {"target": "smithy.api#Integer"}}}"#,
    ));
    assert_eq!(errs, vec!["bad.json: a.b#S: duplicate member `x`"]);
}

#[test]
fn duplicate_member_differing_in_case() {
    let errs = errors_of(&model(
        r#""a.b#S": {"type": "structure", "members": {"fooBar": {"target": "smithy.api#String"}, "FooBar": {"target": "smithy.api#String"}}}"#,
    ));
    assert_eq!(errs, vec!["bad.json: a.b#S: members `fooBar` and `FooBar` differ only in case"]);
}

#[test]
fn unknown_shape_type_and_bad_shape_id() {
    let errs = errors_of(&model(r#""a.b#S": {"type": "strnig"}, "nohash": {"type": "string"}"#));
    assert_eq!(
        errs,
        vec![
            "bad.json: `nohash` is not an absolute shape id (expected `namespace#Name`)",
            "bad.json: a.b#S: unknown shape type `strnig`",
        ]
    );
}

#[test]
fn every_problem_reported_in_one_run() {
    let errs = errors_of(&model(
        r#""a.b#S": {"type": "structure", "members": {"x": {"target": "a.b#Missing1"}}},
           "a.b#T": {"type": "list", "member": {"target": "a.b#Missing2"}},
           "a.b#U": {"type": "string", "traits": {"smithy.api#error": "sometimes"}}"#,
    ));
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("a.b#S$x") && e.contains("Missing1")));
    assert!(errs.iter().any(|e| e.contains("a.b#T$member") && e.contains("Missing2")));
    assert!(errs.iter().any(|e| e.contains("a.b#U: trait smithy.api#error: invalid value")));
}

#[test]
fn apply_to_missing_shape() {
    let errs = errors_of(&model(r#""a.b#Gone": {"type": "apply", "traits": {"smithy.api#sensitive": {}}}"#));
    assert_eq!(errs, vec!["bad.json: a.b#Gone: `apply` targets a shape or member that does not exist"]);
}

#[test]
fn apply_and_mixins_are_resolved() {
    let text = model(
        r#""a.b#M": {"type": "structure", "members": {"m": {"target": "smithy.api#String"}}, "traits": {"smithy.api#mixin": {}, "smithy.api#sensitive": {}}},
           "a.b#S": {"type": "structure", "mixins": [{"target": "a.b#M"}], "members": {"own": {"target": "smithy.api#Integer"}}},
           "a.b#S$own": {"type": "apply", "traits": {"smithy.api#required": {}}}"#,
    );
    let m = load(&[SourceFile { name: "ok.json".into(), text }]).unwrap();
    let s = m.shape(&generator::model::ShapeId::parse("a.b#S").unwrap()).unwrap();
    let names: Vec<_> = s.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["m", "own"]);
    assert!(s.traits.has_api("sensitive") && !s.traits.has_api("mixin"));
    assert!(s.member("own").unwrap().traits.has_api("required"));
}
