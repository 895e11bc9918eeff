//! The service module root: `Client` with one method per operation, and the service's static facts.
use super::common::{docs, ident};
use crate::ir::Service;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn emit_service_root(svc: &Service) -> TokenStream {
    let svc_doc = super::common::inner_docs(&svc.docs);
    let methods = svc.operations.iter().map(|op| {
        let f = ident(&op.fn_name);
        let module = ident(&op.module);
        let builder = format_ident!("{}FluentBuilder", crate::naming::type_name(&op.wire_name));
        let d = docs(&op.docs);
        quote! {
            #d
            pub fn #f(&self) -> operation::#module::builders::#builder {
                operation::#module::builders::#builder::new(self.handle.clone())
            }
        }
    });
    let waiter_methods = svc.lifecycle.waiters.iter().map(super::waiters::client_method);
    let waiters_mod = (!svc.lifecycle.waiters.is_empty()).then(|| quote!(pub mod waiters;));
    let reflect_mod = (!svc.lifecycle.reflect.is_empty()).then(|| quote!(mod reflect;));
    let (shape_name, sdk_id, signing, env, version) =
        (&svc.target_prefix, &svc.sdk_id, &svc.signing_name, &svc.env_suffix, &svc.api_version);
    let client_doc = format!(" Client for {sdk_id}. Cheap to clone; clones share connections and retry state.");
    quote! {
        #svc_doc
        pub mod endpoint;
        pub mod error;
        pub mod operation;
        pub mod types;
        pub(crate) mod json;
        pub(crate) mod validate;
        #[cfg(test)]
        mod fuzz_targets;
        #waiters_mod
        #reflect_mod

        pub(crate) static SERVICE: crate::runtime::client::ServiceMeta = crate::runtime::client::ServiceMeta {
            shape_name: #shape_name,
            sdk_id: #sdk_id,
            signing_name: #signing,
            env_var_suffix: #env,
            api_version: #version,
            resolve_endpoint: endpoint::resolve,
        };

        #[doc = #client_doc]
        #[derive(Debug, Clone)]
        pub struct Client {
            handle: crate::runtime::client::Handle,
        }

        impl Client {
            /// A client for `config` (see [`Config::from_env`](crate::runtime::config::Config::from_env)).
            pub fn new(config: &crate::runtime::config::Config) -> Self {
                Client { handle: crate::runtime::client::Handle::new(config, &SERVICE) }
            }
            pub(crate) fn handle(&self) -> &crate::runtime::client::Handle {
                &self.handle
            }
            #(#methods)*
            #(#waiter_methods)*
        }
    }
}

pub fn emit_operation_index(svc: &Service) -> TokenStream {
    let mods = svc.operations.iter().map(|op| {
        let m = ident(&op.module);
        let d = format!(" The `{}` operation.", op.wire_name);
        quote!(#[doc = #d] pub mod #m;)
    });
    quote! {
        //! One module per operation: input, output, error enum and builders.
        #(#mods)*
    }
}

/// Endpoint module for a service without `smithy.rules#endpointRuleSet`: the configured endpoint URL only.
pub fn emit_static_endpoint() -> TokenStream {
    quote! {
        //! This service's model has no endpoint rules: requests go to the configured endpoint URL.
        use crate::runtime::endpoint::{BuiltIns, Endpoint, ResolveError};

        /// The configured endpoint URL, or an error when none is configured.
        pub fn resolve(builtins: &BuiltIns) -> ::std::result::Result<Endpoint, ResolveError> {
            match &builtins.endpoint {
                ::std::option::Option::Some(url) => ::std::result::Result::Ok(Endpoint {
                    url: url.clone(),
                    headers: ::std::vec::Vec::new(),
                    properties: ::serde_json::Map::new(),
                }),
                ::std::option::Option::None => ::std::result::Result::Err(ResolveError {
                    message: "this service has no endpoint rules: set an endpoint URL".to_string(),
                }),
            }
        }
    }
}
