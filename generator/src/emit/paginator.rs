//! Per paginated operation: `into_paginator()` on the fluent builder and a `paginator` module with
//! `<Op>Paginator` (`page_size`, `items`, `stop_on_duplicate_token`, `send`) and `<Op>PaginatorItems`.
//! Only glue: where the tokens and the items are, as non-capturing closures, and a closure that sends one page
//! through the operation's `send`; the loop is `runtime::paginator`.
use super::common::{builder_path, elem_type, ident, type_path};
use crate::ir::{Operation, Paginator, PathStep, Service, Ty, TypePath};
use proc_macro2::TokenStream;
use quote::quote;

fn paginator_path(op: &Operation, suffix: &str) -> TypePath {
    let mut module = op.input.path.module.clone();
    module.push("paginator".into());
    TypePath { module, name: format!("{}Paginator{suffix}", crate::naming::type_name(&op.wire_name)) }
}

/// `into_paginator()` for the fluent builder of a paginated operation.
pub fn into_paginator_method(svc: &Service, op: &Operation) -> Option<TokenStream> {
    op.paginator.as_ref()?;
    let paginator = type_path(svc, &paginator_path(op, ""));
    let doc = format!(" Pages through the results of `{}`: `.send()` on the paginator streams the pages, `.items().send()` their items.", op.wire_name);
    Some(quote! {
        #[doc = #doc]
        pub fn into_paginator(self) -> #paginator {
            #paginator::new(self.handle, self.inner)
        }
    })
}

/// The `paginator` module of a paginated operation.
pub fn paginator_module(svc: &Service, op: &Operation) -> Option<TokenStream> {
    let p = op.paginator.as_ref()?;
    let name = ident(&paginator_path(op, "").name);
    let items_name = ident(&paginator_path(op, "Items").name);
    let input = type_path(svc, &op.input.path);
    let output = type_path(svc, &op.output.path);
    let error = type_path(svc, &op.error_enum);
    let builder = builder_path(svc, &op.input.path);
    let stream = |item: TokenStream| {
        quote!(crate::runtime::paginator::PaginationStream<::std::result::Result<#item, crate::runtime::error::SdkError<#error>>>)
    };
    let pages_stream = stream(output.clone());
    let first = if op.input.builder_fallible() {
        quote!(self.builder.build().map_err(crate::runtime::error::SdkError::from))
    } else {
        quote!(::std::result::Result::Ok(self.builder.build()))
    };
    let input_token = ident(&p.input_token.rust_name);
    let output_token = borrowed_path(&p.output_token);
    let svc_mod = ident(&svc.module);
    let op_mod = ident(&op.module);
    let send_fn = quote!(crate::#svc_mod::operation::#op_mod::send);
    let page_size = p.page_size.as_ref().map(|f| {
        let setter = ident(&f.rust_name);
        let doc = format!(" Sets the page size: the `{}` member of every request (overrides a value set before).", f.wire_name);
        quote! {
            #[doc = #doc]
            pub fn page_size(mut self, limit: i32) -> Self {
                self.builder = self.builder.#setter(limit);
                self
            }
        }
    });
    let (items_fn, items_type) = match items(svc, p, &output, &error, &name, &items_name) {
        Some((method, ty)) => (Some(method), Some(ty)),
        None => (None, None),
    };
    let doc = format!(
        " Paginator of `{}`: `send()` streams the pages, each an ordinary call (validation, retries, timeouts); the next \
         page's `{}` is the previous page's `{}`.",
        op.wire_name,
        p.input_token.wire_name,
        p.output_token.iter().map(|s| s.wire_name.as_str()).collect::<Vec<_>>().join("."),
    );
    let token = super::common::rust_type(svc, &p.token);
    Some(quote! {
        /// The paginator of this operation (`into_paginator()` on its fluent builder).
        pub mod paginator {
            #[doc = #doc]
            #[derive(Debug, Clone)]
            pub struct #name {
                handle: crate::runtime::client::Handle,
                builder: #builder,
                stop_on_duplicate_token: bool,
            }
            impl #name {
                pub(crate) fn new(handle: crate::runtime::client::Handle, builder: #builder) -> Self {
                    Self { handle, builder, stop_on_duplicate_token: true }
                }
                #page_size
                #items_fn
                /// Whether the stream ends when the service returns a token it was already sent (default `true`,
                /// so a service that repeats itself cannot page forever).
                pub fn stop_on_duplicate_token(mut self, stop: bool) -> Self {
                    self.stop_on_duplicate_token = stop;
                    self
                }
                /// The pages, as a stream; nothing is sent until it is polled. An error is the stream's last item.
                pub fn send(self) -> #pages_stream {
                    let handle = self.handle;
                    let tokens: crate::runtime::paginator::Tokens<#input, #output, #token> = crate::runtime::paginator::Tokens {
                        input: |input| &mut input.#input_token,
                        output: |output| #output_token,
                    };
                    crate::runtime::paginator::pages(#first, self.stop_on_duplicate_token, tokens, move |input| {
                        let handle = handle.clone();
                        ::std::boxed::Box::pin(async move { #send_fn(&handle, input).await })
                    })
                }
            }
            #items_type
        }
    })
}

/// `items()` on the paginator and the `<Op>PaginatorItems` type, when the trait names an items member.
fn items(
    svc: &Service,
    p: &Paginator,
    output: &TokenStream,
    error: &TokenStream,
    paginator: &proc_macro2::Ident,
    name: &proc_macro2::Ident,
) -> Option<(TokenStream, TokenStream)> {
    let (path, ty) = p.items.as_ref()?;
    let (item, to_vec) = match ty {
        Ty::List(elem) => (elem_type(svc, elem), quote!()),
        Ty::Map(elem) => {
            let value = elem_type(svc, elem);
            (quote!((::std::string::String, #value)), quote!(.into_iter().collect()))
        }
        _ => return None,
    };
    let extract = owned_path(path);
    let shown = path.iter().map(|s| s.wire_name.as_str()).collect::<Vec<_>>().join(".");
    let method_doc = format!(" Streams the items of every page (`{shown}`) instead of the pages.");
    let what = if matches!(ty, Ty::Map(_)) { "entries, as `(key, value)` pairs" } else { "elements" };
    let type_doc = format!(" The {what} of `{shown}` on every page of [`{paginator}`]: `send()` streams them.");
    let method = quote! {
        #[doc = #method_doc]
        pub fn items(self) -> #name {
            #name(self)
        }
    };
    let ty = quote! {
        #[doc = #type_doc]
        #[derive(Debug, Clone)]
        pub struct #name(#paginator);
        impl #name {
            /// The items, as a stream; nothing is sent until it is polled. An error is the stream's last item.
            pub fn send(self) -> crate::runtime::paginator::PaginationStream<::std::result::Result<#item, crate::runtime::error::SdkError<#error>>> {
                crate::runtime::paginator::items(self.0.send(), |output: #output| #extract #to_vec)
            }
        }
    };
    Some((method, ty))
}

/// An expression of type `Option<&T>` for the member at the end of `path`, from `output: &Output`.
fn borrowed_path(path: &[PathStep]) -> TokenStream {
    // `Place`: a place expression reached through non-optional members (Box derefs itself on field access);
    // `Opt`: an `Option<&_>` once an optional member was crossed.
    let mut place = quote!(output);
    let mut opt: Option<TokenStream> = None;
    for step in path {
        let f = ident(&step.rust_name);
        let as_ref = if step.boxed { quote!(as_deref) } else { quote!(as_ref) };
        opt = match (opt, step.optional) {
            (None, false) => {
                place = quote!(#place.#f);
                None
            }
            (None, true) => Some(quote!(#place.#f.#as_ref())),
            (Some(o), false) => {
                let deref = if step.boxed { quote!(&*) } else { quote!(&) };
                Some(quote!(#o.map(|v| #deref v.#f)))
            }
            (Some(o), true) => Some(quote!(#o.and_then(|v| v.#f.#as_ref()))),
        };
    }
    opt.unwrap_or_else(|| quote!(::std::option::Option::Some(&#place)))
}

/// An expression of the collection at the end of `path`, by value (empty when any step is absent), from
/// `output: Output`.
fn owned_path(path: &[PathStep]) -> TokenStream {
    let mut place = quote!(output);
    let mut opt: Option<TokenStream> = None;
    for step in path {
        let f = ident(&step.rust_name);
        opt = match (opt, step.optional) {
            (None, false) => {
                place = quote!(#place.#f);
                None
            }
            (None, true) => Some(quote!(#place.#f)),
            (Some(o), false) => Some(quote!(#o.map(|v| v.#f))),
            (Some(o), true) => Some(quote!(#o.and_then(|v| v.#f))),
        };
    }
    match opt {
        Some(o) => quote!(#o.unwrap_or_default()),
        None => place,
    }
}
