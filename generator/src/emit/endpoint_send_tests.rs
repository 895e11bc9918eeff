//! Endpoint test cases with `operationInputs`, run through the generated client: the case's built-ins become
//! client configuration, its `operationParams` the operation's input, and `send()` goes through a capturing
//! HTTP client. The test checks the URL the request went to and its signing scope (or the error, with nothing
//! sent). This covers what the rule-level tests cannot: the parameters each operation binds at run time.
use super::common::ident;
use crate::ir::Service;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

/// `#[cfg(test)] mod send_tests` for the endpoint module (empty when no case has operation inputs).
pub fn emit_send_tests(svc: &Service) -> TokenStream {
    let Some(cases) = svc.endpoint_tests.as_ref().and_then(|t| t.get("testCases")).and_then(Value::as_array) else {
        return TokenStream::new();
    };
    let svc_mod = ident(&svc.module);
    let mut tests = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let Some(inputs) = case.get("operationInputs").and_then(Value::as_array) else { continue };
        let Some(expected) = expectation(svc, case) else { continue };
        let calls: Vec<TokenStream> = inputs.iter().filter_map(|input| call(svc, input, &expected)).collect();
        if calls.len() != inputs.len() {
            continue;
        }
        let name = format_ident!("case_{i}_through_send");
        let doc = case.get("documentation").and_then(Value::as_str).unwrap_or("");
        tests.push(quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                #(#calls)*
            }
        });
    }
    if tests.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[cfg(test)]
        mod send_tests {
            use crate::runtime::test_util::{block_on, endpoint_mismatches, CaptureClient, EndpointCase, ExpectedEndpoint};

            fn check(client: &CaptureClient, failure: ::std::option::Option<::std::string::String>, expected: &ExpectedEndpoint<'_>) {
                let problems = endpoint_mismatches(client.last_request().as_ref(), failure, expected);
                assert!(problems.is_empty(), "{}", problems.join("\n"));
            }

            fn client(capture: &CaptureClient, case: &EndpointCase<'_>) -> crate::#svc_mod::Client {
                crate::#svc_mod::Client::new(&capture.endpoint_case_config(case))
            }

            #(#tests)*
        }
    }
}

/// `ExpectedEndpoint` of a case: the endpoint URL and signing scope, or the error.
fn expectation(svc: &Service, case: &Value) -> Option<TokenStream> {
    let expect = case.get("expect")?;
    if let Some(message) = expect.get("error").and_then(Value::as_str) {
        return Some(quote!(ExpectedEndpoint::Error(#message)));
    }
    let endpoint = expect.get("endpoint")?;
    let url = endpoint.get("url")?.as_str()?;
    let schemes = endpoint.get("properties").and_then(|p| p.get("authSchemes")).and_then(Value::as_array);
    let sigv4 = schemes.and_then(|s| s.iter().find(|s| s.get("name").and_then(Value::as_str) == Some("sigv4")));
    if schemes.is_some() && sigv4.is_none() {
        return None; // only sigv4 signing is checked
    }
    let scheme_field = |key: &str| sigv4.and_then(|s| s.get(key)).and_then(Value::as_str).map(str::to_string);
    let region = scheme_field("signingRegion").or_else(|| built_in(case, "AWS::Region").and_then(|v| v.as_str().map(str::to_string)))?;
    let name = scheme_field("signingName").unwrap_or_else(|| svc.signing_name.clone());
    Some(quote!(ExpectedEndpoint::Url { url: #url, signing_region: #region, signing_name: #name }))
}

/// A built-in value common to the case's operation inputs (the first one's).
fn built_in<'v>(case: &'v Value, name: &str) -> Option<&'v Value> {
    case.get("operationInputs")?.as_array()?.first()?.get("builtInParams")?.get(name)
}

/// One call of the case: configuration from its built-ins, the input from its parameters.
fn call(svc: &Service, input: &Value, expected: &TokenStream) -> Option<TokenStream> {
    let name = input.get("operationName").and_then(Value::as_str)?;
    let op = svc.operations.iter().find(|o| o.wire_name == name)?;
    if input.get("clientParams").and_then(Value::as_object).is_some_and(|p| !p.is_empty()) {
        return None; // client parameters other than built-ins have no configuration setting
    }
    let built_ins = input.get("builtInParams").and_then(Value::as_object).cloned().unwrap_or_default();
    let known = ["AWS::Region", "AWS::UseFIPS", "AWS::UseDualStack", "SDK::Endpoint", "AWS::Auth::AccountId", "AWS::Auth::AccountIdEndpointMode"];
    if built_ins.keys().any(|k| !known.contains(&k.as_str())) {
        return None;
    }
    let text = |key: &str| match built_ins.get(key).and_then(Value::as_str) {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    };
    let flag = |key: &str| built_ins.get(key).and_then(Value::as_bool).unwrap_or(false);
    let (region, endpoint, account, mode) =
        (text("AWS::Region"), text("SDK::Endpoint"), text("AWS::Auth::AccountId"), text("AWS::Auth::AccountIdEndpointMode"));
    let (fips, dual_stack) = (flag("AWS::UseFIPS"), flag("AWS::UseDualStack"));
    let params = input.get("operationParams").unwrap_or(&Value::Null);
    let input_expr = crate::protocol_tests::struct_expr(svc, &op.input, params).ok()?;
    Some(quote! {
        {
            let capture = CaptureClient::new();
            let client = client(&capture, &EndpointCase {
                region: #region,
                use_fips: #fips,
                use_dual_stack: #dual_stack,
                endpoint: #endpoint,
                account_id: #account,
                account_id_endpoint_mode: #mode,
            });
            let result = block_on((#input_expr).send_with(&client));
            check(&capture, result.err().map(|e| e.to_string()), &#expected);
        }
    })
}
