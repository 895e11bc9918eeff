//! Lowering of `smithy.api#paginated`: the operation's trait merged over the service's, member paths resolved
//! against the lowered input and output, and every bad trait reported with the operation, the trait and the file.
mod common;
use generator::ir::{lower_service, Paginator, Ty};
use generator::model::{load, ShapeId, SourceFile};
use serde_json::{json, Value};

/// A service with one operation `List` whose trait is `paginated`; `service_defaults` go on the service.
fn model(paginated: Option<Value>, service_defaults: Option<Value>) -> generator::model::Model {
    let op_traits = match paginated {
        Some(p) => json!({"smithy.api#paginated": p}),
        None => json!({}),
    };
    let mut service_traits = json!({"aws.protocols#awsJson1_0": {}});
    if let Some(d) = service_defaults {
        service_traits["smithy.api#paginated"] = d;
    }
    let shapes = json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#List"}], "traits": service_traits},
            "ex#List": {"type": "operation", "input": {"target": "ex#ListInput"}, "output": {"target": "ex#ListOutput"},
                        "traits": op_traits},
            "ex#ListInput": {"type": "structure", "traits": {"smithy.api#input": {}}, "members": {
                "Token": {"target": "smithy.api#String"},
                "Start": {"target": "ex#Key"},
                "Count": {"target": "smithy.api#Integer"},
                "Big": {"target": "smithy.api#Long"},
                "Name": {"target": "smithy.api#String"}}},
            "ex#ListOutput": {"type": "structure", "traits": {"smithy.api#output": {}}, "members": {
                "Next": {"target": "smithy.api#String"},
                "Last": {"target": "ex#Key"},
                "Number": {"target": "smithy.api#Integer"},
                "Things": {"target": "ex#Names"},
                "Result": {"target": "ex#Page"}}},
            "ex#Page": {"type": "structure", "members": {
                "Next": {"target": "smithy.api#String"},
                "Items": {"target": "ex#Names"}}},
            "ex#Names": {"type": "list", "member": {"target": "smithy.api#String"}},
            "ex#Key": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}}
        }
    });
    load(&[SourceFile { name: "pager.json".into(), text: shapes.to_string() }]).expect("the model loads")
}

fn lower(paginated: Value, defaults: Option<Value>) -> Result<Paginator, Vec<String>> {
    let svc = lower_service(&model(Some(paginated), defaults), &ShapeId::parse("ex#Svc").expect("id"), None)
        .map_err(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    Ok(svc.operations[0].paginator.clone().expect("a paginator"))
}

fn problems(paginated: Value) -> Vec<String> {
    lower(paginated, None).expect_err("a bad trait")
}

fn path(p: &Paginator) -> Vec<&str> {
    p.output_token.iter().map(|s| s.wire_name.as_str()).collect()
}

#[test]
fn the_operation_trait_is_merged_over_the_service_defaults() {
    let defaults = json!({"inputToken": "Token", "outputToken": "Next", "pageSize": "Count"});
    let p = lower(json!({"outputToken": "Result.Next", "items": "Result.Items"}), Some(defaults)).expect("lowers");
    assert_eq!(p.input_token.wire_name, "Token");
    assert_eq!(path(&p), ["Result", "Next"]);
    assert_eq!(p.token, Ty::String);
    assert_eq!(p.page_size.as_ref().map(|f| f.wire_name.as_str()), Some("Count"));
    let (items, ty) = p.items.as_ref().expect("items");
    assert_eq!(items.iter().map(|s| s.rust_name.as_str()).collect::<Vec<_>>(), ["result", "items"]);
    assert!(matches!(ty, Ty::List(_)));
    assert!(items.iter().all(|s| s.optional && !s.boxed));
}

#[test]
fn map_tokens_and_an_operation_without_items_or_page_size() {
    let p = lower(json!({"inputToken": "Start", "outputToken": "Last"}), None).expect("lowers");
    assert!(matches!(p.token, Ty::Map(_)));
    assert!(p.items.is_none() && p.page_size.is_none());
}

#[test]
fn operations_without_the_trait_have_no_paginator() {
    let defaults = json!({"inputToken": "Token", "outputToken": "Next"});
    // Without its own trait, the service's defaults do not make the operation paginated.
    let svc = lower_service(&model(None, Some(defaults)), &ShapeId::parse("ex#Svc").expect("id"), None).expect("lowers");
    assert!(svc.operations[0].paginator.is_none());
}

#[test]
fn a_missing_member_names_the_operation_the_trait_and_the_file() {
    assert_eq!(
        problems(json!({"inputToken": "Nope", "outputToken": "Next"})),
        ["pager.json: ex#List: trait smithy.api#paginated: `inputToken` names `Nope`, which is not a member of the input `ex#ListInput`"]
    );
    assert_eq!(
        problems(json!({"inputToken": "Token", "outputToken": "Result.Nope"})),
        ["pager.json: ex#List: trait smithy.api#paginated: `outputToken` path `Result.Nope`: `Nope` is not a member of `ex#Page`"]
    );
    assert_eq!(
        problems(json!({"inputToken": "Token", "outputToken": "Next", "items": "Missing", "pageSize": "Gone"})),
        [
            "pager.json: ex#List: trait smithy.api#paginated: `items` path `Missing`: `Missing` is not a member of `ex#ListOutput`",
            "pager.json: ex#List: trait smithy.api#paginated: `pageSize` names `Gone`, which is not a member of the input `ex#ListInput`",
        ]
    );
}

#[test]
fn members_of_the_wrong_type_are_reported_together() {
    let all = problems(json!({"inputToken": "Count", "outputToken": "Number", "items": "Next", "pageSize": "Name"}));
    let prefix = "pager.json: ex#List: trait smithy.api#paginated: ";
    let expected = [
        "`inputToken` `Count` must target a string or a map, not an integer",
        "`outputToken` `Number` must target a string or a map, not an integer",
        "`items` `Next` must target a list or a map, not a string",
        "`pageSize` `Name` must target an integer, not a string",
    ];
    assert_eq!(all, expected.iter().map(|e| format!("{prefix}{e}")).collect::<Vec<_>>());
    assert_eq!(
        problems(json!({"inputToken": "Token", "outputToken": "Next", "pageSize": "Big"})),
        [format!("{prefix}`pageSize` `Big` must target an integer, not a long")]
    );
}

#[test]
fn tokens_of_different_types_paths_through_non_structures_and_missing_tokens() {
    let prefix = "pager.json: ex#List: trait smithy.api#paginated: ";
    assert_eq!(
        problems(json!({"inputToken": "Token", "outputToken": "Last"})),
        [format!("{prefix}`inputToken` `Token` (a string) and `outputToken` `Last` (a map of a string) have different types")]
    );
    assert_eq!(
        problems(json!({"inputToken": "Token", "outputToken": "Next.Deeper"})),
        [format!("{prefix}`outputToken` path `Next.Deeper`: `Next` is a string, not a structure")]
    );
    assert_eq!(
        problems(json!({"items": "Things"})),
        [format!("{prefix}`inputToken` and `outputToken` must both be set (on the operation or the service)")]
    );
}

#[test]
fn a_bad_trait_fails_the_whole_generation() {
    let settings = generator::Settings {
        crate_settings: generator::CrateSettings { crate_name: "x".into(), service_features: false },
        operations: None,
    };
    let err = generator::generate(&[model(Some(json!({"inputToken": "Nope", "outputToken": "Next"})), None)], &settings)
        .expect_err("nothing is generated");
    assert_eq!(err.0.len(), 1, "{err}");
    assert!(err.to_string().contains("ex#List: trait smithy.api#paginated: `inputToken` names `Nope`"), "{err}");
}

/// The upstream DynamoDB model pages `Query` and `Scan` with map tokens (`ExclusiveStartKey` /
/// `LastEvaluatedKey`); every paginated operation of the extra models lowers.
#[test]
fn dynamodb_and_kinesis_paginators_lower() {
    let Some(shared) = common::shared_dir() else { return };
    let mut seen = 0;
    for name in ["dynamodb-2012-08-10.json", "kinesis-2013-12-02.json"] {
        let file = shared.join("aws-models-extra").join(name);
        if !file.exists() {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is missing", file.display());
            eprintln!("SKIPPED: {} not found", file.display());
            return;
        }
        let model = load(&[common::source(&file)]).expect("loads");
        for service in model.services() {
            let svc = lower_service(&model, &service.id, None).expect("lowers");
            for op in svc.operations.iter().filter(|o| o.paginator.is_some()) {
                seen += 1;
                let p = op.paginator.as_ref().expect("paginator");
                if op.wire_name == "Query" || op.wire_name == "Scan" {
                    assert_eq!(p.input_token.wire_name, "ExclusiveStartKey");
                    assert_eq!(path(p), ["LastEvaluatedKey"]);
                    assert!(matches!(p.token, Ty::Map(_)));
                    assert_eq!(p.page_size.as_ref().map(|f| f.wire_name.as_str()), Some("Limit"));
                    assert!(matches!(p.items.as_ref().map(|i| &i.1), Some(Ty::List(_))));
                }
            }
        }
    }
    assert_eq!(seen, 8, "6 DynamoDB and 2 Kinesis paginated operations");
}
