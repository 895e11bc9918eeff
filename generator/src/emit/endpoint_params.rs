//! Per-call endpoint resolution of an operation whose endpoint parameters depend on its input
//! (`staticContextParams`, `@contextParam`, `operationContextParams`) or on the credentials' account id:
//! `endpoint_params(&input, &built_ins)` and the statements in `send()` that resolve and attach the endpoint.
//! Other operations keep the endpoint their client resolved once.
use super::common::ident;
use crate::ir::{BindingSource, Operation, Service};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `(statements in send, the endpoint_params fn)`, or `None` when the client's endpoint serves.
pub fn per_call_endpoint(svc: &Service, op: &Operation, input_ty: &TokenStream) -> Option<(TokenStream, TokenStream)> {
    let lifecycle = &svc.lifecycle;
    if svc.rule_set.is_none() || !lifecycle.resolves_per_call(&op.wire_name) {
        return None;
    }
    let svc_mod = ident(&svc.module);
    let mut bindings: Vec<_> = lifecycle.endpoint_bindings.get(&op.wire_name).map(|b| b.iter().collect()).unwrap_or_default();
    // Later sources win, as in the rules specification: paths, then members, then static values.
    bindings.sort_by_key(|b| match b.source {
        BindingSource::Path(_) => 0,
        BindingSource::Member(_) => 1,
        BindingSource::Static(_) => 2,
    });
    let mut paths = Vec::new();
    let statements = bindings.iter().map(|b| {
        let field = ident(&b.param.field);
        match &b.source {
            BindingSource::Static(value) => {
                let value = crate::endpoints::param_value(&b.param, value).unwrap_or_else(|| quote!(::std::default::Default::default()));
                quote!(params.#field = #value;)
            }
            BindingSource::Member(member) => {
                let member = ident(member);
                quote!(crate::runtime::endpoint::BindParam::bind(&mut params.#field, crate::runtime::jmespath::ToValue::to_value(&input.#member));)
            }
            BindingSource::Path(path) => {
                let name = format_ident!("PATH_{}", paths.len());
                paths.push(quote!(static #name: crate::runtime::jmespath::CompiledPath = crate::runtime::jmespath::CompiledPath::new(#path);));
                quote!(crate::runtime::endpoint::BindParam::bind(&mut params.#field, #name.search(&crate::runtime::jmespath::ToValue::to_value(input)));)
            }
        }
    }).collect::<Vec<_>>();
    let (input_arg, body) = if statements.is_empty() {
        (quote!(_input), quote!(crate::#svc_mod::endpoint::Params::from_builtins(built_ins)))
    } else {
        let body = quote! {
            let mut params = crate::#svc_mod::endpoint::Params::from_builtins(built_ins);
            #(#statements)*
            params
        };
        (quote!(input), body)
    };
    let account_id = lifecycle.account_id_endpoints;
    let resolve = quote! {
        let request = {
            let built_ins = handle.endpoint_built_ins(#account_id).await;
            let endpoint = crate::#svc_mod::endpoint::resolve_endpoint(&endpoint_params(&input, &built_ins))
                .map_err(crate::runtime::client::endpoint_failure)?;
            request.with_resolved_endpoint(endpoint)
        };
    };
    let function = quote! {
        /// The endpoint parameters of one call: the client's built-ins, then what this operation binds.
        pub(crate) fn endpoint_params(#input_arg: &#input_ty, built_ins: &crate::runtime::endpoint::BuiltIns) -> crate::#svc_mod::endpoint::Params {
            #(#paths)*
            #body
        }
    };
    Some((resolve, function))
}
