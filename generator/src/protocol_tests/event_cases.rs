//! One `#[test]` per `smithy.test#eventStreamTests` case. Request cases send the case's events through the
//! generated client and the capturing HTTP client, then decode the captured body and compare each message's
//! headers and payload (and the initial request's method, URI and headers). Response cases answer with the
//! initial response and the case's frames, then compare the initial-response members and every received
//! event, or check the expected failure (a modeled error by its variant, any error otherwise).
use super::cases::{case_id, header_pairs, str_field, unexpressible, DEFAULT_ENDPOINT};
use super::values::{struct_expr, value_expr};
use super::{ident, rust_path};
use crate::ir::{Operation, Service, Struct, Ty, TypePath};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

pub fn event_stream_test(svc: &Service, op: &Operation, case: &Value) -> TokenStream {
    let name = format_ident!("{}_event_stream", case_id(case));
    let events: Vec<&Value> = case.get("events").and_then(Value::as_array).into_iter().flatten().collect();
    let sends = events.iter().any(|e| e.get("type").and_then(Value::as_str) == Some("request"));
    let outcome = if sends || case.get("initialRequest").is_some() {
        request_test(svc, op, case, &events)
    } else {
        response_test(svc, op, case, &events)
    };
    match outcome {
        Ok(body) => quote! {
            #[test]
            fn #name() {
                #body
            }
        },
        Err(reason) => unexpressible(&name, &reason),
    }
}

/// The member holding the event stream, and the union it carries.
fn stream_member(s: &Struct) -> Option<(proc_macro2::Ident, &TypePath)> {
    s.fields.iter().find_map(|f| match &f.ty {
        Ty::EventSender(p) | Ty::EventReceiver { union: p, .. } => Some((ident(&f.rust_name), p)),
        _ => None,
    })
}

fn runtime() -> TokenStream {
    quote! {
        let runtime = ::tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a test runtime");
    }
}

fn request_test(svc: &Service, op: &Operation, case: &Value, events: &[&Value]) -> Result<TokenStream, String> {
    let svc_mod = ident(&svc.module);
    let params = case.get("initialRequestParams").unwrap_or(&Value::Null);
    let mut input = struct_expr(svc, &op.input, params)?;
    let mut message_checks = Vec::new();
    if !events.is_empty() {
        let (field, union) = stream_member(&op.input).ok_or("the input has no event stream member")?;
        let values = events
            .iter()
            .map(|e| value_expr(svc, &Ty::Union(union.clone()), e.get("params").unwrap_or(&Value::Null)))
            .collect::<Result<Vec<_>, _>>()?;
        input = quote!({
            let mut input = #input;
            input.#field = ::std::option::Option::Some(crate::runtime::event_stream::EventSender::from_events(::std::vec![#(#values),*]));
            input
        });
        for (i, event) in events.iter().enumerate() {
            let headers = expected_headers(event)?;
            let body = option_str(str_field(event, "body"));
            let media_type = option_str(str_field(event, "bodyMediaType"));
            message_checks.push(quote! {
                let expected = crate::runtime::test_util::ExpectedMessage { headers: &[#(#headers),*], body: #body, body_media_type: #media_type };
                let problems = crate::runtime::test_util::message_mismatches(&messages[#i], &expected);
                assert!(problems.is_empty(), "message {}:\n{}", #i, problems.join("\n"));
            });
        }
    }
    let count = events.len();
    // Sent events are signed message by message (the capture client's config has credentials).
    let signing_check = (!events.is_empty()).then(|| {
        quote! {
            let content_sha = request.headers().get("x-amz-content-sha256").and_then(|v| v.to_str().ok());
            assert_eq!(content_sha, ::std::option::Option::Some(crate::runtime::event_signing::STREAMING_PAYLOAD_HASH));
        }
    });
    let initial_check = case.get("initialRequest").map(|r| {
        let method = str_field(r, "method").unwrap_or("");
        let uri = str_field(r, "uri").unwrap_or("");
        let headers = header_pairs(r);
        quote! {
            let expected = crate::runtime::test_util::ExpectedRequest {
                method: #method,
                uri: #uri,
                headers: &[#(#headers),*],
                ..::std::default::Default::default()
            };
            let problems = crate::runtime::test_util::request_mismatches(&request, &expected);
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
    });
    // The canned response is not the case's concern, so only an expected failure is checked.
    let result_check = case
        .pointer("/expectation/failure")
        .map(|_| quote!(assert!(result.is_err(), "the call was expected to fail");));
    let runtime = runtime();
    Ok(quote! {
        let capture = crate::runtime::test_util::CaptureClient::new();
        let client = crate::#svc_mod::Client::new(&capture.config(#DEFAULT_ENDPOINT));
        let input = #input;
        #runtime
        let result = runtime.block_on(input.send_with(&client)).map(|_| ());
        let request = capture.last_request().unwrap_or_else(|| panic!("no request was sent: {:?}", result.as_ref().err()));
        #result_check
        #initial_check
        #signing_check
        let messages = crate::runtime::test_util::sent_event_messages(request.body()).expect("the body is event stream frames");
        assert_eq!(messages.len(), #count, "number of messages sent");
        #(#message_checks)*
    })
}

/// The canned response goes through the operation's own parsers (as in `send`), so the input, which may have
/// required members the case does not give, plays no part.
fn response_test(svc: &Service, op: &Operation, case: &Value, events: &[&Value]) -> Result<TokenStream, String> {
    let initial = case.get("initialResponse").unwrap_or(&Value::Null);
    let code = initial.get("code").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok()).unwrap_or(200);
    let headers = header_pairs(initial);
    let header_count = headers.len();
    let frames: Vec<&str> = events.iter().filter_map(|e| str_field(e, "bytes")).collect();
    if frames.len() != events.len() {
        return Err("an event without `bytes`".into());
    }
    let frame_count = frames.len();
    let body = match str_field(initial, "body") {
        Some(text) => quote!(#text.as_bytes().to_vec()),
        None => quote!({
            let frames: [&str; #frame_count] = [#(#frames),*];
            frames.iter().flat_map(|f| crate::runtime::encoding::base64_decode(f).expect("base64 frames")).collect::<::std::vec::Vec<u8>>()
        }),
    };
    let stream = stream_member(&op.output);
    let receive = stream.as_ref().map(|(field, _)| {
        quote! {
            if let ::std::option::Option::Some(stream) = output.#field.as_mut() {
                while let ::std::option::Option::Some(event) = stream.recv().await? {
                    events.push(event);
                }
            }
        }
    });
    let initial_asserts = match case.get("initialResponseParams") {
        Some(params) => {
            let want = struct_expr(svc, &op.output, params)?;
            let asserts = op.output.fields.iter().filter(|f| !matches!(f.ty, Ty::EventReceiver { .. })).map(|f| {
                let field = ident(&f.rust_name);
                let wire = &f.wire_name;
                quote!(assert_eq!(output.#field, want.#field, "member `{}`", #wire);)
            });
            quote!(let want = #want; #(#asserts)*)
        }
        None => quote!(),
    };
    let error = rust_path(svc, &op.error_enum);
    let check = match case.pointer("/expectation/failure") {
        None => {
            let union = stream.as_ref().map(|(_, u)| (*u).clone()).ok_or("the output has no event stream member")?;
            let want = events
                .iter()
                .map(|e| value_expr(svc, &Ty::Union(union.clone()), e.get("params").unwrap_or(&Value::Null)))
                .collect::<Result<Vec<_>, _>>()?;
            quote! {
                let events = outcome.unwrap_or_else(|e| panic!("unexpected error: {e:?}"));
                assert_eq!(events, ::std::vec![#(#want),*]);
            }
        }
        Some(failure) => match failure.get("errorId").and_then(Value::as_str) {
            Some(id) => {
                let shape = id.rsplit('#').next().unwrap_or(id);
                let e = op.errors.iter().find(|e| e.info.code == shape).ok_or_else(|| format!("`{id}` is not an error of {}", op.wire_name))?;
                let variant = ident(&e.variant);
                quote! {
                    assert!(
                        matches!(outcome, ::std::result::Result::Err(crate::runtime::error::SdkError::Service(#error::#variant(_), _))),
                        "expected the `{}` error, got {:?}", #shape, outcome
                    );
                }
            }
            None => {
                let pattern = unnamed_failure(code, events, &error);
                quote!(assert!(matches!(outcome, #pattern), "expected a failure, got {:?}", outcome);)
            }
        },
    };
    let runtime = runtime();
    Ok(quote! {
        let headers: [(&str, &str); #header_count] = [#(#headers),*];
        let response = crate::runtime::http::Response::from_parts(#code, headers, #body);
        #runtime
        let outcome = runtime.block_on(async {
            type E = crate::runtime::error::SdkError<#error>;
            if !(200..300).contains(&response.status()) {
                return ::std::result::Result::Err(E::Service(super::parse_error(&response), response.clone()));
            }
            #[allow(unused_mut)]
            let mut output = super::parse_response(&response).map_err(|e| E::response_error(&response, e.to_string()))?;
            #initial_asserts
            #[allow(unused_mut)]
            let mut events = ::std::vec::Vec::new();
            #receive
            ::std::result::Result::Ok::<_, E>(events)
        });
        #check
    })
}

/// The error an expected failure without an `errorId` must be: an error status or an `error` message is the
/// operation's `Unhandled` error; a message without a valid `:message-type` / `:event-type` is an event stream
/// error; anything else (a missing required initial-response member) is any error.
fn unnamed_failure(code: u16, events: &[&Value], error: &TokenStream) -> TokenStream {
    let typed_string = |event: &Value, name: &str| event.pointer(&format!("/headers/{name}/string")).and_then(Value::as_str).map(str::to_owned);
    let unhandled = quote!(::std::result::Result::Err(crate::runtime::error::SdkError::Service(#error::Unhandled(_), _)));
    if !(200..300).contains(&code) || events.iter().any(|e| typed_string(e, ":message-type").as_deref() == Some("error")) {
        return unhandled;
    }
    let malformed = events.iter().any(|e| match typed_string(e, ":message-type").as_deref() {
        None => true,
        Some("event") => typed_string(e, ":event-type").is_none(),
        Some(_) => false,
    });
    if malformed {
        quote!(::std::result::Result::Err(crate::runtime::error::SdkError::EventStream(_)))
    } else {
        quote!(::std::result::Result::Err(_))
    }
}

/// `(name, HeaderValue)` expressions for the case's typed headers (`{"name": {"string": "v"}}`).
fn expected_headers(event: &Value) -> Result<Vec<TokenStream>, String> {
    let headers = event.get("headers").and_then(Value::as_object).into_iter().flatten();
    headers
        .map(|(name, typed)| {
            let (kind, value) = typed
                .as_object()
                .and_then(|o| o.iter().next())
                .ok_or_else(|| format!("header `{name}` has no typed value"))?;
            let hv = quote!(crate::runtime::event_message::HeaderValue);
            let bad = || format!("header `{name}`: cannot read {value} as {kind}");
            let int = |v: &Value| v.as_i64().ok_or_else(bad);
            let expr = match kind.as_str() {
                "boolean" => {
                    let b = value.as_bool().ok_or_else(bad)?;
                    quote!(#hv::Bool(#b))
                }
                "byte" => {
                    let v = i8::try_from(int(value)?).map_err(|_| bad())?;
                    quote!(#hv::Byte(#v))
                }
                "short" => {
                    let v = i16::try_from(int(value)?).map_err(|_| bad())?;
                    quote!(#hv::Short(#v))
                }
                "integer" => {
                    let v = i32::try_from(int(value)?).map_err(|_| bad())?;
                    quote!(#hv::Int(#v))
                }
                "long" => {
                    let v = int(value)?;
                    quote!(#hv::Long(#v))
                }
                "string" => {
                    let s = value.as_str().ok_or_else(bad)?;
                    quote!(#hv::String(::std::string::String::from(#s)))
                }
                "blob" => {
                    let s = value.as_str().ok_or_else(bad)?;
                    quote!(#hv::Bytes(crate::runtime::encoding::base64_decode(#s).expect("base64 in the test").into()))
                }
                "timestamp" => match value {
                    Value::String(s) => quote!(#hv::Timestamp(
                        crate::runtime::datetime::DateTime::parse(#s, crate::runtime::datetime::Format::DateTime).expect("a valid timestamp in the test")
                    )),
                    _ => {
                        let millis = value.as_f64().map(|secs| (secs * 1000.0).round() as i64).ok_or_else(bad)?;
                        quote!(#hv::Timestamp(crate::runtime::datetime::DateTime::from_millis(#millis)))
                    }
                },
                "uuid" => {
                    let s = value.as_str().ok_or_else(bad)?;
                    quote!(#hv::Uuid(*::uuid::Uuid::parse_str(#s).expect("a valid UUID in the test").as_bytes()))
                }
                other => return Err(format!("header `{name}` has unknown type `{other}`")),
            };
            Ok(quote!((#name, #expr)))
        })
        .collect()
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}
