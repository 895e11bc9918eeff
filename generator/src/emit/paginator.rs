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

/// The `paginator` module of a paginated operation: one `paginator!` invocation with the operation's types and
/// where its tokens and items are.
pub fn paginator_module(svc: &Service, op: &Operation) -> Option<TokenStream> {
    let p = op.paginator.as_ref()?;
    let name = ident(&paginator_path(op, "").name);
    let input = type_path(svc, &op.input.path);
    let output = type_path(svc, &op.output.path);
    let error = type_path(svc, &op.error_enum);
    let builder = builder_path(svc, &op.input.path);
    let build = if op.input.builder_fallible() { quote!(fallible) } else { quote!(infallible) };
    let input_token = ident(&p.input_token.rust_name);
    let output_token = borrowed_path(&p.output_token);
    let send_fn = super::operation::send_path(svc, op);
    let page_size = p.page_size.as_ref().map(|f| {
        let setter = ident(&f.rust_name);
        let wire = &f.wire_name;
        quote!(page_size: #setter(#wire);)
    });
    let items = items(svc, p, &output, &paginator_path(op, "Items").name);
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
            crate::runtime::macros::paginator! {
                #[doc = #doc]
                #name(#builder => #input, #output, #error, send: #send_fn, build: #build)
                tokens: #token { input: |input| &mut input.#input_token, output: |output| #output_token }
                #page_size
                #items
            }
        }
    })
}

/// The `items:` entry of `paginator!`, when the trait names an items member: the items type's name, the member,
/// what its items are, their type and how a page's output gives them up.
fn items(svc: &Service, p: &Paginator, output: &TokenStream, name: &str) -> Option<TokenStream> {
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
    let what = if matches!(ty, Ty::Map(_)) { "entries, as `(key, value)` pairs" } else { "elements" };
    let name = ident(name);
    Some(quote!(items: #name(#shown, #what) -> #item = |output: #output| #extract #to_vec;))
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
