//! Smithy protocol compliance tests: `smithy.test#httpRequestTests` and `httpResponseTests` (on operations and
//! on error structures) become a `#[cfg(test)] mod protocol_tests` in each operation's module. Only cases that
//! apply to clients (`appliesTo` absent or `"client"`) are emitted.
//!
//! A request test builds the input, sends it through the generated client with the runtime's capturing
//! HTTP client and checks the recorded request; a response test parses the canned response with the
//! operation's own parser and compares the output (or modelled error) member by member.
//!
//! `smithy.test#eventStreamTests` cases send or receive their events through the same clients (event_cases.rs).
mod cases;
mod event_cases;
mod values;

pub use values::struct_expr;

use crate::ir::{Operation, Service, Struct, TypePath, Union};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

/// The test module of one operation (empty when it has no client cases).
pub fn emit_operation_tests(svc: &Service, op: &Operation) -> TokenStream {
    let mut tests = Vec::new();
    for case in client_cases(op.request_tests.as_ref()) {
        tests.push(cases::request_test(svc, op, case));
    }
    for case in client_cases(op.response_tests.as_ref()) {
        tests.push(cases::output_test(svc, op, case));
    }
    for case in client_cases(op.event_stream_tests.as_ref()) {
        tests.push(event_cases::event_stream_test(svc, op, case));
    }
    for error in &op.errors {
        // An error structure's cases run once, through the first operation that can return it.
        let first_owner = svc.operations.iter().find(|o| o.errors.iter().any(|e| e.path == error.path));
        if first_owner.map(|o| &o.id) != Some(&op.id) {
            continue;
        }
        for case in client_cases(error.info.response_tests.as_ref()) {
            tests.push(cases::error_test(svc, op, error, case));
        }
    }
    if tests.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[cfg(test)]
        #[allow(non_snake_case, unused, clippy::all)]
        mod protocol_tests {
            #(#tests)*
        }
    }
}

/// The cases of a test trait value that apply to clients.
fn client_cases(tests: Option<&Value>) -> impl Iterator<Item = &Value> {
    tests
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|case| case.get("appliesTo").and_then(Value::as_str).is_none_or(|to| to == "client"))
}

/// An identifier from name text (`r#type` becomes a raw identifier).
fn ident(text: &str) -> Ident {
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(text, Span::call_site()),
    }
}

/// `crate::<svc>::<module...>::<Name>`.
fn rust_path(svc: &Service, path: &TypePath) -> TokenStream {
    let svc_mod = ident(&svc.module);
    let modules = path.module.iter().map(|m| ident(m));
    let name = ident(&path.name);
    quote!(crate::#svc_mod #(::#modules)* ::#name)
}

/// A structure of the service by its Rust path: a shared one or an operation's input or output.
fn lookup_struct<'a>(svc: &'a Service, path: &TypePath) -> Option<&'a Struct> {
    svc.structs
        .iter()
        .chain(svc.operations.iter().flat_map(|o| [&o.input, &o.output]))
        .find(|s| &s.path == path)
}

fn lookup_union<'a>(svc: &'a Service, path: &TypePath) -> Option<&'a Union> {
    svc.unions.iter().find(|u| &u.path == path)
}

#[cfg(test)]
mod tests;
