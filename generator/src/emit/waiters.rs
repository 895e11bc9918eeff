//! `<svc>/waiters.rs`: per waiter, its acceptors as static data for the runtime engine
//! (`runtime::waiter`) and a fluent builder that takes the polled operation's input and `wait(max_wait)`.
use super::common::{builder_path, docs, ident, type_path};
use crate::ir::{AcceptorState, Comparator, Matcher, Service, Waiter};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn emit_waiters_module(svc: &Service) -> TokenStream {
    let modules = svc.lifecycle.waiters.iter().filter_map(|w| waiter_module(svc, w));
    quote! {
        //! Waiters: poll an operation until a resource reaches a state (`Client::wait_until_*`).
        #(#modules)*
    }
}

/// The client method that starts a waiter.
pub fn client_method(waiter: &Waiter) -> TokenStream {
    let method = format_ident!("wait_until_{}", waiter.module);
    let module = ident(&waiter.module);
    let builder = format_ident!("{}FluentBuilder", waiter.name);
    let doc = docs(&format!(
        "{}\n\nPolls `{}` (set its input on the returned builder), then `.wait(max_wait)`.",
        waiter.docs, waiter.operation
    ));
    let deprecated = waiter.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #doc
        #deprecated
        pub fn #method(&self) -> waiters::#module::#builder {
            waiters::#module::#builder::new(self.handle.clone())
        }
    }
}

fn waiter_module(svc: &Service, w: &Waiter) -> Option<TokenStream> {
    let op = svc.operations.iter().find(|o| o.wire_name == w.operation)?;
    let svc_mod = ident(&svc.module);
    let op_mod = ident(&op.module);
    let module = ident(&w.module);
    let builder = format_ident!("{}FluentBuilder", w.name);
    let input_builder = builder_path(svc, &op.input.path);
    let output = type_path(svc, &op.output.path);
    let error = type_path(svc, &op.error_enum);
    let acceptors = w.acceptors.iter().map(|a| {
        let state = match a.state {
            AcceptorState::Success => quote!(Success),
            AcceptorState::Failure => quote!(Failure),
            AcceptorState::Retry => quote!(Retry),
        };
        let matcher = match &a.matcher {
            Matcher::Output { path, expected, comparator } => {
                let c = comparator_tokens(*comparator);
                quote!(w::Matcher::Output { path: crate::runtime::jmespath::CompiledPath::new(#path), expected: #expected, comparator: w::PathComparator::#c })
            }
            Matcher::InputOutput { path, expected, comparator } => {
                let c = comparator_tokens(*comparator);
                quote!(w::Matcher::InputOutput { path: crate::runtime::jmespath::CompiledPath::new(#path), expected: #expected, comparator: w::PathComparator::#c })
            }
            Matcher::Success(ok) => quote!(w::Matcher::Success(#ok)),
            Matcher::ErrorType(code) => quote!(w::Matcher::ErrorType(#code)),
        };
        quote!(w::Acceptor { state: w::AcceptorState::#state, matcher: #matcher })
    });
    let count = proc_macro2::Literal::usize_unsuffixed(w.acceptors.len());
    let (name, wire) = (&w.name, &w.operation);
    let (min, max) = (proc_macro2::Literal::u64_unsuffixed(w.min_delay), proc_macro2::Literal::u64_unsuffixed(w.max_delay));
    let module_doc = format!(" The `{name}` waiter of `{wire}`.");
    let builder_doc = format!(
        " Waits by polling `{wire}`: set its input, then `wait(max_wait)`. Polls every {} to {} seconds.",
        w.min_delay, w.max_delay
    );
    let build = if op.input.builder_fallible() {
        quote!(let input = self.inner.build().map_err(|e| w::WaiterError::ConstructionFailure(e.into()))?;)
    } else {
        quote!(let input = self.inner.build();)
    };
    let setters = super::structs::setter_macro(svc, &op.input.fields, quote!(crate::runtime::macros::fluent_setters));
    Some(quote! {
        #[doc = #module_doc]
        pub mod #module {
            use crate::runtime::waiter as w;

            static ACCEPTORS: [w::Acceptor; #count] = [#(#acceptors),*];

            /// The waiter as the model defines it.
            pub static SPEC: w::WaiterSpec = w::WaiterSpec {
                name: #name,
                operation: #wire,
                min_delay: ::std::time::Duration::from_secs(#min),
                max_delay: ::std::time::Duration::from_secs(#max),
                acceptors: &ACCEPTORS,
            };

            #[doc = #builder_doc]
            #[derive(Debug, Clone)]
            pub struct #builder {
                handle: crate::runtime::client::Handle,
                inner: #input_builder,
            }

            impl #builder {
                pub(crate) fn new(handle: crate::runtime::client::Handle) -> Self {
                    Self { handle, inner: ::std::default::Default::default() }
                }

                /// Polls until an acceptor reports success (the final response) or failure, an unexpected error
                /// ends the wait, or `max_wait` elapses. Each poll is an ordinary call (retries, timeouts).
                pub async fn wait(
                    self,
                    max_wait: ::std::time::Duration,
                ) -> ::std::result::Result<
                    w::FinalPoll<#output, crate::runtime::error::SdkError<#error>>,
                    w::WaiterError<#output, #error>,
                > {
                    #build
                    let handle = self.handle;
                    w::wait(&SPEC, input, max_wait, |input| {
                        crate::#svc_mod::operation::#op_mod::send(&handle, input.clone())
                    })
                    .await
                }

                #setters
            }
        }
    })
}

fn comparator_tokens(c: Comparator) -> TokenStream {
    match c {
        Comparator::StringEquals => quote!(StringEquals),
        Comparator::BooleanEquals => quote!(BooleanEquals),
        Comparator::AllStringEquals => quote!(AllStringEquals),
        Comparator::AnyStringEquals => quote!(AnyStringEquals),
    }
}
