//! Emitter tests: small rule sets through the emitter, syn and prettyplease, checked for the Rust they produce.

use serde_json::json;

use super::{emit_endpoint_module, TestSettings};

fn render(rule_set: serde_json::Value, tests: Option<serde_json::Value>) -> String {
    render_with(rule_set, tests, &TestSettings::default())
}

fn render_with(
    rule_set: serde_json::Value,
    tests: Option<serde_json::Value>,
    settings: &TestSettings,
) -> String {
    let tokens = emit_endpoint_module("test#Service", &rule_set, tests.as_ref(), settings)
        .unwrap_or_else(|errors| panic!("emit failed: {errors:?}"));
    let file = syn::parse2::<syn::File>(tokens)
        .unwrap_or_else(|e| panic!("emitted code does not parse: {e}"));
    prettyplease::unparse(&file)
}

fn aws_like_rule_set() -> serde_json::Value {
    json!({
        "version": "1.0",
        "parameters": {
            "Region": {"builtIn": "AWS::Region", "required": false, "type": "String"},
            "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": true, "default": false, "type": "Boolean"},
            "Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "type": "String"}
        },
        "rules": [
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
             "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"},
            {"conditions": [
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}
             ],
             "rules": [
                {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                 "endpoint": {"url": "https://svc-fips.{Region}.{PartitionResult#dnsSuffix}",
                              "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}"}]},
                              "headers": {"x-a": ["{Region}"]}},
                 "type": "endpoint"},
                {"conditions": [], "endpoint": {"url": "https://svc.{Region}.{PartitionResult#dnsSuffix}"},
                 "type": "endpoint"}
             ],
             "type": "tree"},
            {"conditions": [], "error": "Invalid Configuration: Missing Region", "type": "error"}
        ]
    })
}

#[test]
fn emits_params_with_defaults_and_builtins() {
    let text = squeezed(&render(aws_like_rule_set(), None));
    let expected = [
        "pub region: ::std::option::Option<::std::string::String>,",
        "pub use_fips: bool,",
        "#[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::default::Default, ::std::cmp::PartialEq)]",
        "use_fips: builtins.use_fips,",
        "pub fn resolve_endpoint(params: &Params)",
        "pub fn resolve(builtins: &BuiltIns)",
    ];
    for snippet in expected {
        assert!(
            text.contains(&squeezed(snippet)),
            "missing {snippet} in {text}"
        );
    }
}

/// The text without whitespace and trailing commas, so checks do not depend on line breaks.
fn squeezed(text: &str) -> String {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact.replace(",)", ")")
}

#[test]
fn emits_straight_line_rules() {
    let text = squeezed(&render(aws_like_rule_set(), None));
    let expected = [
        "iflet::std::option::Option::Some(endpoint)=params.endpoint.as_deref()",
        "crate::runtime::endpoint_lib::partition(region).as_ref()",
        "ifparams.use_fips{",
        "::std::format!(\"https://svc-fips.{}.{}\",region,partition_result.dns_suffix.as_str())",
        "ResolveError::new(\"InvalidConfiguration:MissingRegion\")",
    ];
    for snippet in expected {
        assert!(
            text.contains(&squeezed(snippet)),
            "missing {snippet} in {text}"
        );
    }
    // The last rule cannot fail, so nothing follows it.
    assert!(!text.contains("no_rule_matched"), "{text}");
}

#[test]
fn emission_is_deterministic() {
    let first = render(aws_like_rule_set(), None);
    let second = render(aws_like_rule_set(), None);
    assert_eq!(first, second);
}

#[test]
fn emits_one_test_per_case_with_unique_names() {
    // Names are checked on the formatted text; the rest squeezed.
    let tests = json!({"testCases": [
        {"documentation": "For region us-east-1", "params": {"Region": "us-east-1"},
         "expect": {"endpoint": {"url": "https://svc.us-east-1.amazonaws.com"}}},
        {"documentation": "For region us-east-1", "params": {"Region": "us-east-1", "UseFIPS": true},
         "expect": {"endpoint": {"url": "https://svc-fips.us-east-1.amazonaws.com"}}},
        {"documentation": "Missing region", "expect": {"error": "Invalid Configuration: Missing Region"}}
    ]});
    let text = render(aws_like_rule_set(), Some(tests));
    assert!(text.contains("fn for_region_us_east_1() {"), "{text}");
    assert!(text.contains("fn for_region_us_east_1_2() {"), "{text}");
    assert!(text.contains("fn missing_region() {"), "{text}");
    assert!(text.contains("use_fips: true,"), "{text}");
    assert!(
        text.contains("expect_error(&params, \"Invalid Configuration: Missing Region\")"),
        "{text}"
    );
}

#[test]
fn unknown_functions_and_names_are_reported() {
    let rule_set = json!({
        "parameters": {},
        "rules": [{"conditions": [{"fn": "frobnicate", "argv": []}], "error": "x", "type": "error"},
                  {"conditions": [], "endpoint": {"url": "{Nope}"}, "type": "endpoint"}]
    });
    let errors = emit_endpoint_module("test#S", &rule_set, None, &TestSettings::default())
        .expect_err("bad rules");
    assert_eq!(
        errors[0].to_string(),
        "rules[0].conditions[0]: unsupported function `frobnicate`"
    );
}

#[test]
fn optional_values_in_urls_are_reported() {
    let rule_set = json!({
        "parameters": {"Region": {"type": "string"}},
        "rules": [{"conditions": [], "endpoint": {"url": "https://{Region}"}, "type": "endpoint"}]
    });
    let errors = emit_endpoint_module("test#S", &rule_set, None, &TestSettings::default())
        .expect_err("unset");
    assert_eq!(
        errors[0].to_string(),
        "rules[0].url: expected a string, found a possibly unset string value"
    );
}

#[test]
fn non_trivial_defaults_get_a_written_default_impl() {
    let rule_set = json!({
        "parameters": {
            "baz": {"type": "String", "required": true, "default": "baz"},
            "list": {"type": "stringArray", "required": true, "default": ["a"]}
        },
        "rules": [{"conditions": [], "endpoint": {"url": "https://{baz}"}, "type": "endpoint"}]
    });
    let text = squeezed(&render(rule_set, None));
    for snippet in [
        "pub baz: ::std::string::String,",
        "baz: ::std::string::String::from(\"baz\"),",
        "list: ::std::vec::Vec::from([::std::string::String::from(\"a\")]),",
        "::std::format!(\"https://{}\", params.baz.as_str())",
    ] {
        assert!(
            text.contains(&squeezed(snippet)),
            "missing {snippet} in {text}"
        );
    }
}

#[test]
fn known_failures_are_emitted_ignored_with_their_reason() {
    let tests = json!({"testCases": [
        {"documentation": "Missing region", "expect": {"error": "Invalid Configuration: Missing Region"}}
    ]});
    let mut settings = TestSettings::default();
    settings
        .ignored
        .insert("missing_region".to_owned(), "stale expectation".to_owned());
    let text = squeezed(&render_with(aws_like_rule_set(), Some(tests), &settings));
    assert!(
        text.contains(&squeezed(
            "#[test] #[ignore = \"stale expectation\"] fn missing_region()"
        )),
        "{text}"
    );
}

#[test]
fn parameters_that_make_the_same_field_are_reported() {
    let rule_set = json!({
        "parameters": {"Region": {"type": "string"}, "region": {"type": "string"}},
        "rules": [{"conditions": [], "error": "x", "type": "error"}]
    });
    let errors = emit_endpoint_module("test#S", &rule_set, None, &TestSettings::default())
        .expect_err("duplicate field");
    assert_eq!(
        errors[0].to_string(),
        "parameter `region`: its Rust field name is the same as parameter `Region`'s"
    );
}

#[test]
fn project_known_failures_are_emitted_ignored() {
    let tests = json!({"testCases": [
        {"documentation": "For region us-iso-east-1 with FIPS enabled and DualStack enabled",
         "params": {"Region": "us-iso-east-1", "UseFIPS": true},
         "expect": {"error": "x"}}
    ]});
    let tokens = emit_endpoint_module(
        "com.amazonaws.partnercentralselling#AWSPartnerCentralSelling",
        &aws_like_rule_set(),
        Some(&tests),
        &TestSettings::default(),
    )
    .expect("emit");
    let text = squeezed(&tokens.to_string());
    assert!(text.contains("#[ignore=\"partitiondatanewerthanthemodel'stests:thisservicealwaysuses"), "{text}");
}

/// The ISO dual-stack decision holds for any service, listed or not: what every generated crate's own tests get.
#[test]
fn iso_dual_stack_error_cases_are_ignored_for_any_service() {
    let tests = json!({"testCases": [
        {"documentation": "For region us-isob-east-1 with FIPS disabled and DualStack enabled",
         "params": {"Region": "us-isob-east-1", "UseFIPS": false, "UseDualStack": true},
         "expect": {"error": "DualStack is enabled but this partition does not support DualStack"}},
        {"documentation": "For region us-isob-east-1 with FIPS enabled and DualStack disabled",
         "params": {"Region": "us-isob-east-1", "UseFIPS": true, "UseDualStack": false},
         "expect": {"error": "FIPS is enabled but this partition does not support FIPS"}}
    ]});
    let mut rule_set = aws_like_rule_set();
    rule_set["parameters"]["UseDualStack"] =
        json!({"builtIn": "AWS::UseDualStack", "required": true, "default": false, "type": "Boolean"});
    let tokens = emit_endpoint_module("com.example#AnyService", &rule_set, Some(&tests), &TestSettings::default())
        .expect("emit");
    let text = squeezed(&tokens.to_string());
    let reason = squeezed(super::PARTITION_DATA_NEWER);
    assert_eq!(text.matches(&format!("#[ignore=\"{reason}\"]")).count(), 1, "{text}");
    assert!(text.contains(&format!("#[ignore=\"{reason}\"]fnfor_region_us_isob_east_1_with_fips_disabled_and_dual_stack_enabled")), "{text}");
    assert_eq!(
        super::ignored_by_partition_data(&tests),
        std::collections::BTreeMap::from([(
            "for_region_us_isob_east_1_with_fips_disabled_and_dual_stack_enabled".to_string(),
            super::PARTITION_DATA_NEWER.to_string()
        )])
    );
}
