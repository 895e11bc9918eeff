//! `smithy.rules#endpointTests` to a `#[cfg(test)] mod tests` with one `#[test]` per case.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

use super::ast::Parameter;
use super::bindings::{params_for_input, OperationBindings};
use super::error::EndpointError;
use super::params::{field_ident, literal_value};
use super::value::local_ident;
use super::TestSettings;

pub(crate) fn emit_tests(
    tests: &Value,
    parameters: &[Parameter],
    settings: &TestSettings,
) -> Result<TokenStream, Vec<EndpointError>> {
    let cases = match tests.get("testCases") {
        None => return Ok(TokenStream::new()),
        Some(Value::Array(cases)) => cases,
        Some(_) => {
            return Err(vec![EndpointError::new(
                "endpoint tests",
                "`testCases` is not a list",
            )])
        }
    };
    let mut names = TestNames::default();
    let mut functions = Vec::new();
    let mut errors = Vec::new();
    let (mut wants_endpoint, mut wants_error) = (false, false);
    for (i, case) in cases.iter().enumerate() {
        let at = format!("test case {i}");
        let name = names.unique(
            case.get("documentation")
                .and_then(Value::as_str)
                .unwrap_or(""),
            i,
        );
        match emit_case(case, parameters, &settings.operations, &at) {
            Ok((body, expects_endpoint)) => {
                wants_endpoint |= expects_endpoint;
                wants_error |= !expects_endpoint;
                let ignore = settings
                    .ignored
                    .get(&name.to_string())
                    .map(String::as_str)
                    .or_else(|| super::known_failures::partition_data_disagrees(case))
                    .map(|reason| quote!(#[ignore = #reason]));
                functions.push(quote! {
                    #[test]
                    #ignore
                    fn #name() { #body }
                });
            }
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let endpoint_helper = wants_endpoint.then(|| {
        quote! {
            fn expect_endpoint(params: &Params, url: &str, headers: &[(&str, &[&str])], properties: &str) {
                let endpoint = match resolve_endpoint(params) {
                    Ok(endpoint) => endpoint,
                    Err(error) => panic!("expected an endpoint for {params:?}, got the error: {error}"),
                };
                assert_eq!(endpoint.url, url);
                let mut actual = endpoint.headers.clone();
                actual.sort();
                let mut expected: Vec<(String, Vec<String>)> = headers
                    .iter()
                    .map(|(name, values)| (name.to_string(), values.iter().map(|v| v.to_string()).collect()))
                    .collect();
                expected.sort();
                assert_eq!(actual, expected);
                let expected_properties: ::serde_json::Value =
                    ::serde_json::from_str(properties).expect("expected properties are JSON");
                assert_eq!(::serde_json::Value::Object(endpoint.properties), expected_properties);
            }
        }
    });
    let error_helper = wants_error.then(|| {
        quote! {
            fn expect_error(params: &Params, message: &str) {
                match resolve_endpoint(params) {
                    Ok(endpoint) => panic!("expected the error {message:?} for {params:?}, got {endpoint:?}"),
                    Err(error) => assert_eq!(error.message, message),
                }
            }
        }
    });
    Ok(quote! {
        #[cfg(test)]
        mod tests {
            use super::*;
            #endpoint_helper
            #error_helper
            #(#functions)*
        }
    })
}

/// The test function names of the cases [`super::known_failures::partition_data_disagrees`] ignores, with
/// the reason: what the project's harness counts as known failures beside tests/endpoints/skip.txt.
pub fn ignored_by_partition_data(tests: &Value) -> std::collections::BTreeMap<String, String> {
    let mut names = TestNames::default();
    let cases = tests.get("testCases").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let mut ignored = std::collections::BTreeMap::new();
    for (i, case) in cases.iter().enumerate() {
        let name = names.unique(case.get("documentation").and_then(Value::as_str).unwrap_or(""), i);
        if let Some(reason) = super::known_failures::partition_data_disagrees(case) {
            ignored.insert(name.to_string(), reason.to_string());
        }
    }
    ignored
}

/// Test function names from case documentation: snake case, unique, never one of the helpers' names.
#[derive(Default)]
struct TestNames {
    taken: BTreeSet<String>,
}

impl TestNames {
    fn unique(&mut self, documentation: &str, index: usize) -> proc_macro2::Ident {
        const RESERVED: &[&str] = &[
            "expect_endpoint",
            "expect_error",
            "resolve",
            "resolve_endpoint",
            "tests",
        ];
        let words: String = documentation
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut base = local_ident(if words.is_empty() { "case" } else { &words }).to_string();
        if base.len() > 80 {
            let cut = base[..80].rfind('_').unwrap_or(80);
            base.truncate(cut);
        }
        if words.is_empty() {
            base = format!("case_{index}");
        }
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) || RESERVED.contains(&name.as_str()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        proc_macro2::Ident::new(&name, proc_macro2::Span::call_site())
    }
}

/// The body of one test, and whether it expects an endpoint (rather than an error).
fn emit_case(
    case: &Value,
    parameters: &[Parameter],
    operations: &OperationBindings,
    at: &str,
) -> Result<(TokenStream, bool), EndpointError> {
    let expect = case
        .get("expect")
        .ok_or_else(|| EndpointError::new(at, "no `expect`"))?;
    // The case's `params` are the resolved values; an operation input overlays what it binds (built-ins,
    // client parameters, the operation's context and static values), so both must agree on the outcome.
    let base = case
        .get("params")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let inputs = case
        .get("operationInputs")
        .and_then(Value::as_array)
        .filter(|_| !operations.is_empty());
    let param_sets = match inputs {
        Some(inputs) => inputs
            .iter()
            .enumerate()
            .map(|(i, input)| {
                let bound = params_for_input(
                    input,
                    parameters,
                    operations,
                    &format!("{at}, operation input {i}"),
                )?;
                let mut merged = base.clone();
                merged.extend(bound);
                Ok(merged)
            })
            .collect::<Result<Vec<_>, EndpointError>>()?,
        None => vec![base],
    };
    let (check, expects_endpoint) = if let Some(message) = expect.get("error") {
        let message = message
            .as_str()
            .ok_or_else(|| EndpointError::new(at, "`error` is not a string"))?;
        (quote!(expect_error(&params, #message);), false)
    } else if let Some(endpoint) = expect.get("endpoint") {
        (expected_endpoint(endpoint, at)?, true)
    } else {
        return Err(EndpointError::new(
            at,
            "`expect` has neither `endpoint` nor `error`",
        ));
    };
    let mut body = TokenStream::new();
    for set in &param_sets {
        let params = params_literal(set, parameters, at)?;
        body.extend(if param_sets.len() == 1 {
            quote!(let params = #params; #check)
        } else {
            quote!({ let params = #params; #check })
        });
    }
    Ok((body, expects_endpoint))
}

fn expected_endpoint(endpoint: &Value, at: &str) -> Result<TokenStream, EndpointError> {
    let url = endpoint
        .get("url")
        .and_then(Value::as_str)
        .ok_or_else(|| EndpointError::new(at, "expected endpoint without `url`"))?;
    let mut headers = Vec::new();
    if let Some(map) = endpoint.get("headers").and_then(Value::as_object) {
        for (name, values) in map {
            let values = values
                .as_array()
                .and_then(|vs| vs.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
                .ok_or_else(|| {
                    EndpointError::new(at, format!("expected header `{name}` is not a string list"))
                })?;
            headers.push(quote!((#name, &[#(#values),*])));
        }
    }
    let properties = endpoint
        .get("properties")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    let properties = properties.to_string();
    Ok(quote!(expect_endpoint(&params, #url, &[#(#headers),*], #properties);))
}

fn params_literal(
    values: &Map<String, Value>,
    parameters: &[Parameter],
    at: &str,
) -> Result<TokenStream, EndpointError> {
    let mut fields = Vec::new();
    for (name, value) in values {
        if value.is_null() {
            continue;
        }
        let param = parameters.iter().find(|p| &p.name == name).ok_or_else(|| {
            EndpointError::new(at, format!("test sets unknown parameter `{name}`"))
        })?;
        let literal = literal_value(param.ty, value).ok_or_else(|| {
            EndpointError::new(
                at,
                format!("test value {value} does not fit parameter `{name}`"),
            )
        })?;
        let field = field_ident(param);
        let value = if param.is_optional() {
            quote!(::std::option::Option::Some(#literal))
        } else {
            literal
        };
        fields.push(quote!(#field: #value,));
    }
    let rest = if fields.len() < parameters.len() {
        quote!(..Params::default())
    } else {
        quote!()
    };
    Ok(quote!(Params { #(#fields)* #rest }))
}
