//! The service's error structures: data members plus the error metadata, Display as `Code: message`, and a
//! parser from an HTTP response shared by every operation that declares the error.
use super::common::{ident, type_path};
use super::http_bindings::parse_response_body;
use super::structs::emit_struct;
use crate::ir::{Service, Struct, Ty};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn emit_error_module(svc: &Service) -> TokenStream {
    let mut types = Vec::new();
    let mut builders = Vec::new();
    for s in svc.structs.iter().filter(|s| s.error.is_some()) {
        let (t, b) = emit_struct(svc, s);
        types.push(t);
        types.push(error_impls(svc, s));
        builders.push(b);
    }
    quote! {
        //! Errors the service declares. Each operation's error enum (in its `operation` module) wraps these.
        #(#types)*
        /// Builders of the error structures.
        pub mod builders {
            #(#builders)*
        }
    }
}

fn error_impls(svc: &Service, s: &Struct) -> TokenStream {
    let name = ident(&s.path.name);
    let code = &s.error.as_ref().map(|e| e.code.clone()).unwrap_or_default();
    let parse = format_ident!("parse_{}", crate::naming::snake(&s.path.name));
    let t = type_path(svc, &s.path);
    let message_field = s
        .fields
        .iter()
        .find(|f| f.wire_name.eq_ignore_ascii_case("message") && f.ty == Ty::String && !f.sensitive);
    let message = match message_field {
        Some(f) if f.optional => {
            let fname = ident(&f.rust_name);
            quote!(self.#fname.as_deref().or(self.meta.message()))
        }
        Some(f) => {
            let fname = ident(&f.rust_name);
            quote!(::std::option::Option::Some(self.#fname.as_str()))
        }
        None => quote!(self.meta.message()),
    };
    // A `message` member already has an accessor of that name.
    let has_message_accessor = s.fields.iter().any(|f| f.rust_name == "message");
    let message_fn = (!has_message_accessor).then(|| {
        quote! {
            impl #name {
                /// The error message, from the error metadata.
                pub fn message(&self) -> ::std::option::Option<&str> {
                    self.meta.message()
                }
            }
        }
    });
    let body = parse_response_body(svc, s);
    // Services spell the message key variously (`message` / `Message` / `MESSAGE`); the metadata found it in
    // any case, so the modeled member starts from it and the body's own key, when present, overrides it.
    let message_prefill = message_field.map(|f| {
        let fname = ident(&f.rust_name);
        quote!(builder.#fname = meta.message().map(::std::borrow::ToOwned::to_owned);)
    });
    quote! {
        #message_fn
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#code)?;
                if let ::std::option::Option::Some(m) = #message {
                    write!(f, ": {m}")?;
                }
                ::std::result::Result::Ok(())
            }
        }
        impl ::std::error::Error for #name {}
        impl crate::runtime::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &crate::runtime::error::ErrorMetadata {
                &self.meta
            }
        }
        pub(crate) fn #parse(
            response: &crate::runtime::http::Response,
            meta: crate::runtime::error::ErrorMetadata,
        ) -> ::std::result::Result<#t, crate::runtime::json::DeserializeError> {
            let mut builder = #t::builder();
            #message_prefill
            builder = builder.meta(meta);
            #body
        }
    }
}
