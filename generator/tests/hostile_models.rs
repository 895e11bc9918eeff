//! Hostile and malformed models (issue 9): each becomes errors naming the file, shape (member or trait) and the
//! problem, all in one run, with no hang, panic or abort; nothing that loads gives a crate that does not compile.
use generator::model::{load, SourceFile};
use std::time::Duration;

/// Loads on a thread with the main thread's 8 MiB stack, failing the test after 10 s instead of hanging it.
fn load_text(text: String) -> Result<generator::model::Model, Vec<String>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let result = load(&[SourceFile { name: "bad.json".into(), text }]);
            let _ = tx.send(result.map_err(|e| e.0.iter().map(|d| d.to_string()).collect()));
        })
        .unwrap();
    rx.recv_timeout(Duration::from_secs(10)).expect("the loader hung or panicked")
}

fn errors_of(text: impl Into<String>) -> Vec<String> {
    match load_text(text.into()) {
        Ok(_) => panic!("model unexpectedly loaded"),
        Err(e) => e,
    }
}

fn model(shapes: &str) -> String {
    format!(r#"{{"smithy": "2.0", "shapes": {{{shapes}}}}}"#)
}

/// A restJson1 service with one operation `a.b#Op` (`method`, `uri`) whose input is `a.b#In` with `members`.
fn operation(method: &str, uri: &str, members: &str) -> String {
    model(&format!(
        r#""a.b#Svc": {{"type": "service", "operations": [{{"target": "a.b#Op"}}], "traits": {{"aws.protocols#restJson1": {{}}}}}},
           "a.b#Op": {{"type": "operation", "input": {{"target": "a.b#In"}}, "traits": {{"smithy.api#http": {{"method": "{method}", "uri": "{uri}"}}}}}},
           "a.b#In": {{"type": "structure", "members": {{{members}}}}}"#
    ))
}

#[test]
fn a_brace_in_an_array_is_malformed_json_not_a_hang() {
    for text in ["[}", r#"{"smithy": "2.0", "shapes": [}]}"#] {
        let errs = errors_of(text);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].starts_with("bad.json: malformed JSON: "), "{errs:?}");
    }
}

#[test]
fn deep_nesting_is_malformed_json_not_an_abort() {
    for (open, close) in [("[", "]"), (r#"{"a":"#, "}")] {
        let errs = errors_of(format!("{}{}", open.repeat(100_000), close.repeat(100_000)));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].starts_with("bad.json: malformed JSON: recursion limit exceeded"), "{errs:?}");
    }
}

#[test]
fn member_names_outside_the_smithy_identifier_grammar() {
    let errs = errors_of(model(
        r#""a.b#S": {"type": "structure", "members": {"٣x": {"target": "smithy.api#String"}, "²": {"target": "smithy.api#String"},
                                                    "１": {"target": "smithy.api#String"}, "_": {"target": "smithy.api#String"},
                                                    "a b": {"target": "smithy.api#String"}, "_1ok": {"target": "smithy.api#String"}}}"#,
    ));
    let rule = "is not a Smithy identifier (ASCII letters, digits and `_`, not starting with a digit)";
    let expected: Vec<String> =
        ["_", "a b", "²", "٣x", "１"].iter().map(|n| format!("bad.json: a.b#S: member name `{n}` {rule}")).collect();
    assert_eq!(errs, expected);
}

#[test]
fn members_that_would_be_the_same_rust_field() {
    let errs = errors_of(model(
        r#""a.b#S": {"type": "structure", "members": {"fooBar": {"target": "smithy.api#String"}, "foo_bar": {"target": "smithy.api#String"},
                                                    "build": {"target": "smithy.api#String"}, "build_value": {"target": "smithy.api#String"}}}"#,
    ));
    assert_eq!(
        errs,
        vec![
            "bad.json: a.b#S: members `build` and `build_value` would both be the Rust field `build_value`; rename one",
            "bad.json: a.b#S: members `fooBar` and `foo_bar` would both be the Rust field `foo_bar`; rename one",
        ]
    );
}

#[test]
fn traits_on_members_of_the_wrong_type() {
    let errs = errors_of(model(
        r#""a.b#S": {"type": "structure", "members": {
               "token": {"target": "smithy.api#Integer", "traits": {"smithy.api#idempotencyToken": {}}},
               "code": {"target": "smithy.api#String", "traits": {"smithy.api#httpResponseCode": {}}},
               "head": {"target": "a.b#T", "traits": {"smithy.api#eventHeader": {}}}}},
           "a.b#T": {"type": "structure", "members": {}}"#,
    ));
    assert_eq!(
        errs,
        vec![
            "bad.json: a.b#S$code: trait smithy.api#httpResponseCode: applies only to a member targeting an integer, but `smithy.api#String` is a String",
            "bad.json: a.b#S$head: trait smithy.api#eventHeader: applies only to a member targeting a boolean, byte, short, integer, long, blob, string or timestamp, but `a.b#T` is a Structure",
            "bad.json: a.b#S$token: trait smithy.api#idempotencyToken: applies only to a member targeting a string, but `smithy.api#Integer` is a Integer",
        ]
    );
}

#[test]
fn two_payload_members() {
    let errs = errors_of(operation("POST", "/", r#""a": {"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}},
                                                   "b": {"target": "smithy.api#String", "traits": {"smithy.api#httpPayload": {}}}"#));
    assert_eq!(errs, vec!["bad.json: a.b#In: trait smithy.api#httpPayload: members `a`, `b` are all bound to the payload; at most one may be"]);
}

#[test]
fn labels_and_uri_must_match() {
    let errs = errors_of(operation(
        "GET",
        "/x/{id}/{Key+}",
        r#""id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
           "other": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}"#,
    ));
    assert_eq!(
        errs,
        vec![
            "bad.json: a.b#In$other: trait smithy.api#httpLabel: @httpLabel member is not a label of `a.b#Op`'s uri `/x/{id}/{Key+}`",
            "bad.json: a.b#Op: trait smithy.api#http: uri label `Key` has no @httpLabel input member",
        ]
    );
}

#[test]
fn invalid_http_method() {
    let errs = errors_of(operation("GE T", "/", ""));
    assert_eq!(errs, vec!["bad.json: a.b#Op: trait smithy.api#http: `GE T` is not a valid HTTP method (an RFC 9110 token)"]);
}

#[test]
fn length_and_range_with_min_above_max() {
    let errs = errors_of(model(
        r#""a.b#S": {"type": "string", "traits": {"smithy.api#length": {"min": 5, "max": 2}}},
           "a.b#N": {"type": "integer", "traits": {"smithy.api#range": {"min": 1.5, "max": 1}}}"#,
    ));
    assert_eq!(
        errs,
        vec![
            "bad.json: a.b#N: trait smithy.api#range: `min` (1.5) is greater than `max` (1)",
            "bad.json: a.b#S: trait smithy.api#length: `min` (5) is greater than `max` (2)",
        ]
    );
}

#[test]
fn pattern_that_does_not_compile() {
    let errs = errors_of(model(
        r#""a.b#S": {"type": "string", "traits": {"smithy.api#pattern": "^[a-z+$"}},
           "a.b#T": {"type": "structure", "members": {"m": {"target": "smithy.api#String", "traits": {"smithy.api#pattern": "(ab"}}}}"#,
    ));
    assert_eq!(
        errs,
        vec![
            "bad.json: a.b#S: trait smithy.api#pattern: `^[a-z+$` is not a valid regular expression: unclosed `[` at 1",
            "bad.json: a.b#T$m: trait smithy.api#pattern: `(ab` is not a valid regular expression: unclosed `(` at 0",
        ]
    );
}

#[test]
fn header_names_must_be_tokens_and_bound_once() {
    let errs = errors_of(operation(
        "POST",
        "/",
        r#""a": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-Same"}},
           "b": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "x-same"}},
           "c": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X Bad:"}}"#,
    ));
    assert_eq!(
        errs,
        vec![
            "bad.json: a.b#In: trait smithy.api#httpHeader: members `a`, `b` are bound to the same header `x-same`",
            "bad.json: a.b#In$c: trait smithy.api#httpHeader: `X Bad:` is not a valid HTTP header name (an RFC 9110 token)",
        ]
    );
}

#[test]
fn every_binding_problem_in_one_run() {
    let errs = errors_of(operation(
        "GE T",
        "/{missing}",
        r#""a": {"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}},
           "b": {"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}, "smithy.api#length": {"min": 3, "max": 1}}},
           "c": {"target": "smithy.api#String", "traits": {"smithy.api#pattern": "*"}}"#,
    ));
    assert_eq!(errs.len(), 5, "{errs:?}");
}

/// Generates from a restJson1 service (`sdk_id`) whose operations are `ops` (no input): the errors, if any.
fn generate_errors(sdk_id: &str, ops: &[&str]) -> Vec<String> {
    let targets: Vec<String> = ops.iter().map(|o| format!(r#"{{"target": "a.b#{o}"}}"#)).collect();
    let shapes: Vec<String> = ops
        .iter()
        .map(|o| format!(r#""a.b#{o}": {{"type": "operation", "traits": {{"smithy.api#http": {{"method": "POST", "uri": "/{o}"}}}}}}"#))
        .collect();
    let text = model(&format!(
        r#""a.b#Svc": {{"type": "service", "operations": [{}], "traits": {{"aws.protocols#restJson1": {{}}, "aws.api#service": {{"sdkId": "{sdk_id}"}}}}}}, {}"#,
        targets.join(","),
        shapes.join(",")
    ));
    let model = load_text(text).unwrap_or_else(|e| panic!("{e:?}"));
    let settings = generator::Settings {
        crate_settings: generator::CrateSettings { crate_name: "x".into(), service_features: false },
        operations: None,
    };
    match generator::generate(&[model], &settings) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn an_operation_name_too_long_for_a_file_name_is_an_error() {
    let name = format!("Op{}", "x".repeat(260));
    let errs = generate_errors("Svc", &[&name]);
    assert_eq!(
        errs,
        vec![format!(
            "bad.json: a.b#{name}: the operation name is 262 characters long: its module file `op{}...rs` would exceed the \
             255-byte file-name limit of common file systems",
            "x".repeat(38)
        )]
    );
}

#[test]
fn operations_that_would_share_a_module_are_an_error_and_mod_is_escaped() {
    let errs = generate_errors("Svc", &["FooBar", "Foo_Bar", "Mod"]);
    assert_eq!(errs, vec!["bad.json: a.b#Foo_Bar: operations `a.b#FooBar` and `a.b#Foo_Bar` would both be the Rust module `foo_bar`"]);
    assert!(generate_errors("Svc", &["Mod"]).is_empty());
}

#[test]
fn a_structure_with_too_many_members_is_refused_with_the_limit() {
    let members: Vec<String> = (0..10_000).map(|i| format!(r#""m{i}": {{"target": "smithy.api#String"}}"#)).collect();
    let errs = errors_of(model(&format!(r#""a.b#S": {{"type": "structure", "members": {{{}}}}}"#, members.join(","))));
    assert_eq!(
        errs,
        vec!["bad.json: a.b#S: 10000 members; at most 2000 are supported (rustc overflows its stack on the derived impls \
              of a structure with 10,000 fields)"]
    );
    let members: Vec<String> = (0..2000).map(|i| format!(r#""m{i}": {{"target": "smithy.api#String"}}"#)).collect();
    assert!(load_text(model(&format!(r#""a.b#S": {{"type": "structure", "members": {{{}}}}}"#, members.join(",")))).is_ok());
}

/// One JSON object with many keys (here an enum's members) once took quadratic time twice over: the duplicate-key
/// scan searched a list of the keys seen, and mixin flattening compared every member with every other.
#[test]
fn an_object_with_40000_keys_loads_in_linear_time() {
    let members: Vec<String> = (0..40_000)
        .map(|i| format!(r#""V{i}": {{"target": "smithy.api#Unit", "traits": {{"smithy.api#enumValue": "v{i}"}}}}"#))
        .collect();
    let text = model(&format!(r#""a.b#E": {{"type": "enum", "members": {{{}}}}}"#, members.join(",")));
    let started = std::time::Instant::now();
    let loaded = load_text(text).unwrap_or_else(|e| panic!("{e:?}"));
    let shape = loaded.shape(&generator::model::ShapeId::parse("a.b#E").unwrap()).unwrap();
    assert_eq!(shape.members.len(), 40_000);
    // Linear is a second or two in a debug build; quadratic was far slower.
    assert!(started.elapsed() < Duration::from_secs(9), "{:?}", started.elapsed());
}

/// Mixins of mixins, 20,000 deep, and a chain of 20,000 required structures ending in a cycle: flattening and the
/// recursion check walk them without the call stack (which a recursive walk overflowed) and in linear time.
#[test]
fn deep_mixin_and_required_chains_need_no_call_stack() {
    let n = 20_000;
    let mixins: Vec<String> = (0..n)
        .map(|i| {
            // Only the deepest mixin has members (each level copies them: members on every level would make the
            // flattened model itself quadratic in size).
            let mixin = if i + 1 < n { format!(r#", "mixins": [{{"target": "a.b#M{}"}}]"#, i + 1) } else { String::new() };
            let members = if i + 1 == n { r#""deep": {"target": "smithy.api#String"}"# } else { "" };
            format!(r#""a.b#M{i}": {{"type": "structure", "members": {{{members}}}, "traits": {{"smithy.api#mixin": {{}}}}{mixin}}}"#)
        })
        .collect();
    let loaded = load_text(model(&format!(r#"{}, "a.b#S": {{"type": "structure", "mixins": [{{"target": "a.b#M0"}}]}}"#, mixins.join(","))))
        .unwrap_or_else(|e| panic!("{e:?}"));
    let s = loaded.shape(&generator::model::ShapeId::parse("a.b#S").unwrap()).unwrap();
    assert_eq!(s.members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["deep"]);
    let chain: Vec<String> = (0..n)
        .map(|i| format!(r#""a.b#R{i}": {{"type": "structure", "members": {{"next": {{"target": "a.b#R{}", "traits": {{"smithy.api#required": {{}}}}}}}}}}"#, (i + 1) % n))
        .collect();
    let errs = errors_of(model(&chain.join(",")));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("bad.json: a.b#R0: recursive without indirection (a.b#R0$next -> a.b#R1$next -> "), "{}", &errs[0][..200]);
}
