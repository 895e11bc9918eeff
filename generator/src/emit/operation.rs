//! One module per operation: input and output types, the operation's error enum, the fluent builder and the
//! one `send` path (fill idempotency token, validate, serialize, invoke, parse).
use super::common::{ident, type_path};
use super::http_bindings::{parse_response_body, serialize_request};
use super::structs::emit_struct;
use crate::ir::{Auth, Binding, Operation, Service, Ty};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn emit_operation(svc: &Service, op: &Operation) -> TokenStream {
    let (input_ty, input_builder) = emit_struct(svc, &op.input);
    let (output_ty, output_builder) = emit_struct(svc, &op.output);
    let input = type_path(svc, &op.input.path);
    let output = type_path(svc, &op.output.path);
    let error = type_path(svc, &op.error_enum);
    let svc_mod = ident(&svc.module);
    let wire = &op.wire_name;
    let fluent = fluent_builder(svc, op);
    let error_enum = error_enum(svc, op);
    let retryable = op.errors.iter().filter(|e| e.info.retryable).map(|e| {
        let code = &e.info.code;
        let throttling = e.info.throttling;
        quote!(crate::runtime::client::RetryableError { code: #code, throttling: #throttling })
    });
    let auth = match op.auth {
        Auth::SigV4 => quote!(crate::runtime::client::AuthMode::SigV4),
        Auth::Optional => quote!(crate::runtime::client::AuthMode::Optional),
        Auth::None => quote!(crate::runtime::client::AuthMode::None),
    };
    let target = (!svc.protocol.uses_http_bindings()).then(|| format!("{}.{}", svc.target_prefix, op.wire_name));
    let ser = serialize_request(svc, op, svc.protocol.json_content_type(), target, &error);
    let parse_output = parse_response_body(svc, &op.output);
    let token_fields = op.input.fields.iter().filter(|f| f.idempotency_token && f.optional).map(|f| ident(&f.rust_name));
    let input_name = ident(&op.input.path.name);
    let validate_fn = super::validate::shape_validate_fn(&op.input.path);
    let sensitive_headers = sensitive_headers(op);
    // Only operations with these traits pay for them; the checksum covers the body as sent (compressed).
    let gzip = op.gzip_request.then(|| quote!(let request = crate::runtime::compression::gzip_request(request, handle.config());));
    let md5 = op.checksum_required.then(|| quote!(let request = crate::runtime::checksum::with_content_md5(request);));
    let body_encoding = quote!(#gzip #md5);
    let error_arms = op.errors.iter().map(|e| {
        let code = &e.info.code;
        let variant = ident(&e.variant);
        let parse = format_ident!("parse_{}", crate::naming::snake(&e.path.name));
        quote!(#code => #variant(crate::#svc_mod::error::#parse),)
    });
    let error_name = ident(&op.error_enum.name);
    // An awsQuery-compatible service may name a modeled error only by its `awsQueryError` code.
    let query_arms = svc.query_compatible.then(|| {
        let arms = op.errors.iter().filter_map(|e| {
            let code = e.info.query_code.as_ref()?;
            let variant = ident(&e.variant);
            let parse = format_ident!("parse_{}", crate::naming::snake(&e.path.name));
            Some(quote!(#code => #variant(crate::#svc_mod::error::#parse),))
        });
        quote!(query_compatible { #(#arms)* })
    });
    // Event stream calls take their own path: the request body streams from the sender (messages signed one
    // by one) and a response stream is handed over as its head arrives.
    let sender = op.input.fields.iter().find_map(|f| match &f.ty {
        Ty::EventSender(union) => Some((ident(&f.rust_name), super::common::shape_fn("marshal", union))),
        _ => None,
    });
    let receives = op.output.fields.iter().any(|f| matches!(f.ty, Ty::EventReceiver { .. }));
    // A byte stream output is handed over as its response head arrives, like an event stream.
    let streams_output = op.output.fields.iter().any(|f| f.ty == Ty::ByteStream);
    // awsJson: the other input members go first, as the initial-request message of the stream.
    let rpc = !svc.protocol.uses_http_bindings();
    let invoke = match (&sender, receives) {
        (None, false) if streams_output => {
            quote!(handle.invoke_event_stream(&OPERATION, request, ::std::option::Option::None, true).await?)
        }
        (None, false) => quote!(handle.invoke(&OPERATION, request).await?),
        (Some((field, marshal)), _) => {
            let events = quote!(input.#field.take().map(|events| events.into_messages(crate::#svc_mod::json::#marshal)));
            let messages = if rpc {
                quote!(::std::option::Option::Some(crate::runtime::event_initial::starting_with(initial_request, #events)))
            } else {
                events
            };
            quote! {
                handle.invoke_event_stream(&OPERATION, request, #messages, #receives).await?
            }
        }
        (None, true) => quote!(handle.invoke_event_stream(&OPERATION, request, ::std::option::Option::None, true).await?),
    };
    let unmarshal_event = unmarshal_event_fn(svc, op);
    let initial_request = (rpc && sender.is_some()).then(|| super::event_initial::initial_request_fn(svc, op, &error));
    let build_initial_request = initial_request.is_some().then(|| quote!(let initial_request = serialize_initial_request(&input)?;));
    let (outcome, parse_fn) = if rpc && receives {
        (
            quote!(crate::runtime::event_initial::receive_output(#invoke, unmarshal_event, parse_initial_response, parse_error).await),
            super::event_initial::parse_initial_response_fn(svc, op, &output),
        )
    } else {
        (
            quote!(crate::runtime::error::call_outcome(#invoke, parse_response, parse_error)),
            quote! {
                pub(crate) fn parse_response(response: &crate::runtime::http::Response) -> ::std::result::Result<#output, crate::runtime::json::DeserializeError> {
                    #[allow(unused_mut)]
                    let mut builder = #output::builder();
                    #parse_output
                }
            },
        )
    };
    let (resolve_endpoint, endpoint_params) = super::endpoint_params::per_call_endpoint(svc, op, &input).unzip();
    let op_doc = super::common::inner_docs(&op.docs);
    let protocol_tests = crate::protocol_tests::emit_operation_tests(svc, op);
    let paginator = super::paginator::paginator_module(svc, op);
    quote! {
        #op_doc
        #input_ty
        #output_ty
        #error_enum

        /// Builders of this operation's input and output, and its fluent builder.
        pub mod builders {
            #input_builder
            #output_builder
            #fluent
        }

        #paginator

        pub(crate) static OPERATION: crate::runtime::client::OperationMeta = crate::runtime::client::OperationMeta {
            name: #wire,
            retryable_errors: &[#(#retryable),*],
            auth: #auth,
            sensitive_headers: &[#(#sensitive_headers),*],
        };

        crate::runtime::macros::operation_send! {
            #wire, crate::#svc_mod::Client, #input_name => #output, #error,
            validate: crate::#svc_mod::validate::#validate_fn, idempotency_tokens: [#(#token_fields),*]
        }

        /// Serialization, invocation, parsing.
        async fn send_http(
            handle: &crate::runtime::client::Handle,
            #[allow(unused_mut)] mut input: #input,
        ) -> ::std::result::Result<#output, crate::runtime::error::SdkError<#error>> {
            let request = serialize_request(&input)?;
            #resolve_endpoint
            #build_initial_request
            #body_encoding
            #outcome
        }

        // Which of `input`/`request` are used depends on the operation's bindings.
        #[allow(unused_mut, unused_variables)]
        pub(crate) fn serialize_request(input: &#input) -> ::std::result::Result<crate::runtime::http::Request, crate::runtime::error::SdkError<#error>> {
            #ser
        }

        #initial_request

        #endpoint_params

        #parse_fn

        pub(crate) fn parse_error(response: &crate::runtime::http::Response) -> #error {
            crate::runtime::macros::parse_operation_error!(response, #error_name { #(#error_arms)* } #query_arms)
        }

        #unmarshal_event

        #protocol_tests
    }
}

/// `unmarshal_event(message)`: one message of the output's event stream as an event or as this operation's
/// error (modeled exceptions by `:exception-type`, anything else as `Unhandled`).
fn unmarshal_event_fn(svc: &Service, op: &Operation) -> Option<TokenStream> {
    let union = op.output.fields.iter().find_map(|f| match &f.ty {
        Ty::EventReceiver { union, .. } => Some(union),
        _ => None,
    })?;
    let svc_mod = ident(&svc.module);
    let t = type_path(svc, union);
    let error = type_path(svc, &op.error_enum);
    let unmarshal = super::common::shape_fn("unmarshal", union);
    let variants = svc.unions.iter().find(|u| &u.path == union).map(|u| u.variants.as_slice()).unwrap_or_default();
    let exceptions = variants.iter().filter_map(|v| {
        let Ty::Struct(path) = &v.ty else { return None };
        let e = op.errors.iter().find(|e| &e.path == path)?;
        let wire = &v.wire_name;
        let code = &e.info.code;
        let variant = ident(&e.variant);
        let read = super::common::shape_fn("unmarshal", path);
        Some(quote! {
            es::MessageType::Exception(#wire) => #error::#variant(
                crate::#svc_mod::json::#read(message, es::error_metadata(message, #code, ::std::option::Option::None))?,
            ),
        })
    });
    Some(quote! {
        fn unmarshal_event(message: &crate::runtime::event_message::Message)
            -> ::std::result::Result<crate::runtime::event_stream::Unmarshalled<#t, #error>, crate::runtime::event_stream::EventStreamError> {
            use crate::runtime::event_stream as es;
            let error = match es::message_type(message)? {
                es::MessageType::Event(event_type) => {
                    return ::std::result::Result::Ok(es::Unmarshalled::Event(crate::#svc_mod::json::#unmarshal(event_type, message)?));
                }
                #(#exceptions)*
                es::MessageType::Exception(code) => {
                    #error::Unhandled(crate::runtime::error::Unhandled::new(es::error_metadata(message, code, ::std::option::Option::None)))
                }
                es::MessageType::Error { code, message: text } => #error::Unhandled(crate::runtime::error::Unhandled::new(
                    es::error_metadata(message, code.unwrap_or("error"), text),
                )),
            };
            ::std::result::Result::Ok(es::Unmarshalled::Error(error))
        }
    })
}

/// The operation's one `send(handle, input)` (from `operation_send!`), for the fluent builder and the paginator.
pub fn send_path(svc: &Service, op: &Operation) -> TokenStream {
    let (svc_mod, op_mod) = (ident(&svc.module), ident(&op.module));
    quote!(crate::#svc_mod::operation::#op_mod::send)
}

fn fluent_builder(svc: &Service, op: &Operation) -> TokenStream {
    let name = format_ident!("{}FluentBuilder", crate::naming::type_name(&op.wire_name));
    let input_builder = format_ident!("{}Builder", op.input.path.name);
    let output = type_path(svc, &op.output.path);
    let error = type_path(svc, &op.error_enum);
    let input = type_path(svc, &op.input.path);
    let send = send_path(svc, op);
    let wire = &op.wire_name;
    let setters =
        super::structs::setter_macro(svc, &op.input.fields, quote!(crate::runtime::macros::fluent_setters));
    let into_paginator = super::paginator::into_paginator_method(svc, op);
    let build = if op.input.builder_fallible() { quote!(fallible) } else { quote!(infallible) };
    quote! {
        crate::runtime::macros::fluent_builder! {
            #name(#wire, #input_builder => #input, #output, #error, send: #send, build: #build)
        }
        impl #name {
            #setters
            #into_paginator
        }
    }
}

fn error_enum(svc: &Service, op: &Operation) -> TokenStream {
    let name = ident(&op.error_enum.name);
    let doc = format!(" Errors of the `{}` operation.", op.wire_name);
    let variants = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let t = type_path(svc, &e.path);
        let d = super::common::docs(&super::doc_text::error_variant(svc, e));
        quote!(#d #v(#t),)
    });
    let entries = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let f = format_ident!("is_{}", crate::naming::snake(&e.variant));
        let code = &e.info.code;
        quote!(#v => #f, #code;)
    });
    let retryable = op.errors.iter().filter(|e| e.info.retryable).map(|e| ident(&e.variant));
    let throttling = op.errors.iter().filter(|e| e.info.throttling).map(|e| ident(&e.variant));
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error the model does not declare for this operation (or one that could not be parsed).
            Unhandled(crate::runtime::error::Unhandled),
        }
        crate::runtime::macros::operation_error_impls! {
            #name { #(#entries)* }
            retryable: [#(#retryable),*]
            throttling: [#(#throttling),*]
        }
    }
}

/// Lower-case names of the headers bound to `@sensitive` members, input and output (`prefix*` for prefix maps):
/// the runtime redacts their values in logs.
fn sensitive_headers(op: &Operation) -> Vec<String> {
    let mut names: Vec<String> = op
        .input
        .fields
        .iter()
        .chain(&op.output.fields)
        .filter(|f| f.sensitive)
        .filter_map(|f| match &f.binding {
            Binding::Header(name) => Some(name.to_ascii_lowercase()),
            Binding::PrefixHeaders(prefix) => Some(format!("{}*", prefix.to_ascii_lowercase())),
            _ => None,
        })
        .collect();
    names.sort();
    names.dedup();
    names
}
