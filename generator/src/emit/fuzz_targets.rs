//! A service's test-only table for the runtime's response fuzzer (`runtime::response_fuzz`): every operation's
//! response and error parsers, and the service's wire vocabulary (member names, bound header names, error
//! codes) so that generated hostile responses reach past the first key lookup into the members' parsers.
use super::common::ident;
use crate::ir::{Binding, Service, Ty};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

pub fn emit_fuzz_targets(svc: &Service) -> TokenStream {
    let rpc = !svc.protocol.uses_http_bindings();
    let parsers = svc.operations.iter().map(|op| {
        let module = ident(&op.module);
        let name = &op.wire_name;
        // An awsJson call with an event stream output reads its initial response from the stream instead.
        let receives = op.output.fields.iter().any(|f| matches!(f.ty, Ty::EventReceiver { .. }));
        let output = (!(rpc && receives)).then(|| quote!(let _ = super::operation::#module::parse_response(response);));
        quote! {
            (#name, |response| {
                #output
                let _ = super::operation::#module::parse_error(response);
            }),
        }
    });
    let structs = svc.structs.iter().chain(svc.operations.iter().map(|o| &o.output));
    let mut members = BTreeSet::new();
    let mut headers = BTreeSet::new();
    for s in structs {
        for f in &s.fields {
            members.insert(f.wire_name.as_str());
            match &f.binding {
                Binding::Header(name) | Binding::PrefixHeaders(name) => {
                    headers.insert(name.as_str());
                }
                _ => {}
            }
        }
    }
    members.extend(svc.unions.iter().flat_map(|u| u.variants.iter().map(|v| v.wire_name.as_str())));
    let mut codes = BTreeSet::new();
    for e in svc.operations.iter().flat_map(|o| &o.errors) {
        codes.insert(e.info.code.as_str());
        codes.extend(e.info.query_code.as_deref());
    }
    let (members, headers, codes) = (members.into_iter(), headers.into_iter(), codes.into_iter());
    let service = &svc.module;
    quote! {
        //! Every operation's response and error parsers with the service's wire vocabulary, for the response
        //! fuzz test (`crate::runtime::response_fuzz`). Test builds only.

        /// `(operation, feed one response to its output and error parsers)`.
        const PARSERS: &[crate::runtime::response_fuzz::Parser<'static>] = &[#(#parsers)*];
        /// Every member name on the wire (body keys worth generating).
        const MEMBERS: &[&str] = &[#(#members),*];
        /// Every header an output or error binds.
        const HEADERS: &[&str] = &[#(#headers),*];
        /// Every error code the operations declare.
        const ERROR_CODES: &[&str] = &[#(#codes),*];

        #[test]
        fn response_parsers_survive_hostile_responses() {
            crate::runtime::response_fuzz::run(&crate::runtime::response_fuzz::Targets {
                service: #service,
                parsers: PARSERS,
                members: MEMBERS,
                headers: HEADERS,
                error_codes: ERROR_CODES,
            });
        }
    }
}
