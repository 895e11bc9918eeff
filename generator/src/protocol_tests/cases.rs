//! One `#[test]` function per protocol test case.
use super::values::struct_expr;
use super::{ident, rust_path};
use crate::ir::{Operation, OperationError, Service, Struct, Ty};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

/// The endpoint tests send to when the case names no host.
pub(super) const DEFAULT_ENDPOINT: &str = "https://example.com";

pub(super) fn case_id(case: &Value) -> String {
    let id = case.get("id").and_then(Value::as_str).unwrap_or("unnamed");
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
}

pub(super) fn str_field<'a>(case: &'a Value, key: &str) -> Option<&'a str> {
    case.get(key).and_then(Value::as_str)
}

fn str_list<'a>(case: &'a Value, key: &str) -> Vec<&'a str> {
    case.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect()
}

pub(super) fn header_pairs(case: &Value) -> Vec<TokenStream> {
    let headers = case.get("headers").and_then(Value::as_object);
    headers
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| v.as_str().map(|v| quote!((#k, #v))))
        .collect()
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

/// A test that fails with `reason` (parameters the generator cannot express are a bug to see, not hide).
pub(super) fn unexpressible(name: &proc_macro2::Ident, reason: &str) -> TokenStream {
    let message = format!("cannot express the test parameters: {reason}");
    quote! {
        #[test]
        fn #name() {
            panic!(#message);
        }
    }
}

pub fn request_test(svc: &Service, op: &Operation, case: &Value) -> TokenStream {
    let name = format_ident!("{}_request", case_id(case));
    let input = match struct_expr(svc, &op.input, case.get("params").unwrap_or(&Value::Null)) {
        Ok(e) => e,
        Err(reason) => return unexpressible(&name, &reason),
    };
    let svc_mod = ident(&svc.module);
    let endpoint = match str_field(case, "host") {
        Some(host) => format!("https://{host}"),
        None => DEFAULT_ENDPOINT.to_string(),
    };
    let method = str_field(case, "method").unwrap_or("");
    let uri = str_field(case, "uri").unwrap_or("");
    let query = str_list(case, "queryParams");
    let forbid_query = str_list(case, "forbidQueryParams");
    let require_query = str_list(case, "requireQueryParams");
    let headers = header_pairs(case);
    let forbid_headers = str_list(case, "forbidHeaders");
    let require_headers = str_list(case, "requireHeaders");
    let host = option_str(str_field(case, "resolvedHost"));
    let body = option_str(str_field(case, "body"));
    let media_type = option_str(str_field(case, "bodyMediaType"));
    quote! {
        #[test]
        fn #name() {
            let capture = crate::runtime::test_util::CaptureClient::new();
            let client = crate::#svc_mod::Client::new(&capture.config(#endpoint));
            let input = #input;
            let runtime = ::tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a test runtime");
            let result = runtime.block_on(input.send_with(&client));
            let request = capture
                .last_request()
                .unwrap_or_else(|| panic!("no request was sent: {:?}", result.err()));
            let expected = crate::runtime::test_util::ExpectedRequest {
                method: #method,
                uri: #uri,
                query_params: &[#(#query),*],
                forbid_query_params: &[#(#forbid_query),*],
                require_query_params: &[#(#require_query),*],
                headers: &[#(#headers),*],
                forbid_headers: &[#(#forbid_headers),*],
                require_headers: &[#(#require_headers),*],
                host: #host,
                body: #body,
                body_media_type: #media_type,
            };
            let problems = crate::runtime::test_util::request_mismatches(&request, &expected);
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
    }
}

/// The canned response of a response case.
fn response_expr(case: &Value) -> TokenStream {
    let code = case.get("code").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok()).unwrap_or(200);
    let headers = header_pairs(case);
    let count = headers.len();
    let body = str_field(case, "body").unwrap_or("");
    quote! {
        let headers: [(&str, &str); #count] = [#(#headers),*];
        let response = crate::runtime::http::Response::from_parts(#code, headers, #body.as_bytes().to_vec());
    }
}

/// `assert`s comparing every modelled member of `got` and `want` (floats treat NaN as equal to NaN).
fn member_asserts(s: &Struct) -> Vec<TokenStream> {
    s.fields
        .iter()
        .map(|f| {
            let field = ident(&f.rust_name);
            let wire = &f.wire_name;
            match (&f.ty, f.optional) {
                (Ty::Float | Ty::Double, false) => quote! {
                    assert!(crate::runtime::test_util::same_float(f64::from(got.#field), f64::from(want.#field)),
                        "member `{}`: got {:?}, want {:?}", #wire, got.#field, want.#field);
                },
                (Ty::Float | Ty::Double, true) => quote! {
                    let same = match (got.#field, want.#field) {
                        (::std::option::Option::Some(a), ::std::option::Option::Some(b)) =>
                            crate::runtime::test_util::same_float(f64::from(a), f64::from(b)),
                        (a, b) => a.is_none() && b.is_none(),
                    };
                    assert!(same, "member `{}`: got {:?}, want {:?}", #wire, got.#field, want.#field);
                },
                _ => quote!(assert_eq!(got.#field, want.#field, "member `{}`", #wire);),
            }
        })
        .collect()
}

pub fn output_test(svc: &Service, op: &Operation, case: &Value) -> TokenStream {
    let name = format_ident!("{}_response", case_id(case));
    let want = match struct_expr(svc, &op.output, case.get("params").unwrap_or(&Value::Null)) {
        Ok(e) => e,
        Err(reason) => return unexpressible(&name, &reason),
    };
    let response = response_expr(case);
    let asserts = member_asserts(&op.output);
    quote! {
        #[test]
        fn #name() {
            #response
            let got = super::parse_response(&response).expect("the response parses");
            let want = #want;
            #(#asserts)*
        }
    }
}

pub fn error_test(svc: &Service, op: &Operation, error: &OperationError, case: &Value) -> TokenStream {
    let name = format_ident!("{}_response", case_id(case));
    let Some(shape) = super::lookup_struct(svc, &error.path) else {
        return unexpressible(&name, &format!("no error structure {}", error.path.name));
    };
    let want = match struct_expr(svc, shape, case.get("params").unwrap_or(&Value::Null)) {
        Ok(e) => e,
        Err(reason) => return unexpressible(&name, &reason),
    };
    let response = response_expr(case);
    let asserts = member_asserts(shape);
    let error_enum = rust_path(svc, &op.error_enum);
    let variant = ident(&error.variant);
    let variant_name = &error.variant;
    let vendor_asserts = error_code_asserts(case);
    quote! {
        #[test]
        fn #name() {
            #response
            let error = super::parse_error(&response);
            #vendor_asserts
            match error {
                #error_enum::#variant(got) => {
                    let want = #want;
                    #(#asserts)*
                }
                other => panic!("expected the `{}` error, got {:?}", #variant_name, other),
            }
        }
    }
}

/// `vendorParams` of shape `aws.protocoltests.config#ErrorCodeParams` state the error code and type other SDKs
/// report (awsQuery-compatible services): `code` must be the error's code, `type` its error type (absent: none).
fn error_code_asserts(case: &Value) -> TokenStream {
    if str_field(case, "vendorParamsShape") != Some("aws.protocoltests.config#ErrorCodeParams") {
        return TokenStream::new();
    }
    let params = case.get("vendorParams");
    let field = |key: &str| option_str(params.and_then(|p| p.get(key)).and_then(Value::as_str));
    let (code, error_type) = (field("code"), field("type"));
    quote! {
        assert_eq!(error.code(), #code, "vendorParams code");
        assert_eq!(error.meta().error_type(), #error_type, "vendorParams type");
    }
}
