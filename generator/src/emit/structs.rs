//! Structures: the type, its accessors, a Debug that redacts sensitive members, and its builder.
use super::common::{builder_path, docs, field_type, ident, rust_type};
use super::values::default_expr;
use crate::ir::{Field, Service, Struct, StructKind, Ty};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The structure and (separately, for the `builders` module) its builder.
pub fn emit_struct(svc: &Service, s: &Struct) -> (TokenStream, TokenStream) {
    let name = ident(&s.path.name);
    let doc = match &s.error {
        Some(info) => docs(&format!("{}\n\n{}", s.docs, super::doc_text::error_circumstances(info))),
        None => docs(&s.docs),
    };
    let is_error = s.kind == StructKind::Error;
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let ty = field_type(svc, f);
        let doc = docs(&f.docs);
        quote!(#doc pub #fname: #ty,)
    });
    let meta_field = is_error.then(|| quote!(pub(crate) meta: crate::runtime::error::ErrorMetadata,));
    let accessors = (!s.fields.is_empty()).then(|| {
        let entries = s.fields.iter().map(|f| accessor_entry(svc, f));
        quote!(crate::runtime::macros::accessors! { #(#entries)* })
    });
    let builder = builder_path(svc, &s.path);
    // Debug is written by hand only where something must be redacted; elsewhere derived (less code to compile).
    // Error structures compare their metadata too; unions (event streams) can hold them.
    let redacts = s.sensitive || s.fields.iter().any(|f| f.sensitive);
    let debug = redacts.then(|| debug_impl(&name, &s.path.name, s.sensitive, &s.fields));
    let derives = if redacts { quote!(#[derive(Clone, PartialEq)]) } else { quote!(#[derive(Clone, PartialEq, Debug)]) };
    let ty = quote! {
        #doc
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #meta_field
        }
        impl #name {
            #accessors
            /// A builder for this type.
            pub fn builder() -> #builder {
                ::std::default::Default::default()
            }
        }
        #debug
    };
    (ty, emit_builder(svc, s))
}

/// `x()` returns a reference (`&str` / `Option<&str>` for strings, slices for lists).
/// One entry of the `accessors!` macro: `(field, "Wire") -> ReturnType => how;` where `how` is `deref`
/// (`as_deref()`), `as_ref`, `copy` or `borrow` (`&field`).
fn accessor_entry(svc: &Service, f: &Field) -> TokenStream {
    let fname = ident(&f.rust_name);
    let wire = &f.wire_name;
    let (ret, how) = match (&f.ty, f.optional, f.boxed) {
        (Ty::String, true, _) => (quote!(::std::option::Option<&str>), quote!(deref)),
        (Ty::String, false, _) => (quote!(&str), quote!(borrow)),
        (Ty::List(e), true, _) => {
            let et = super::common::elem_type(svc, e);
            (quote!(::std::option::Option<&[#et]>), quote!(deref))
        }
        (Ty::List(e), false, _) => {
            let et = super::common::elem_type(svc, e);
            (quote!(&[#et]), quote!(borrow))
        }
        // Small Copy values are returned by value.
        (ty @ (Ty::Bool | Ty::Byte | Ty::Short | Ty::Int | Ty::Long | Ty::Float | Ty::Double | Ty::Timestamp), true, false) => {
            let t = rust_type(svc, ty);
            (quote!(::std::option::Option<#t>), quote!(copy))
        }
        (ty @ (Ty::Bool | Ty::Byte | Ty::Short | Ty::Int | Ty::Long | Ty::Float | Ty::Double | Ty::Timestamp), false, false) => {
            (rust_type(svc, ty), quote!(copy))
        }
        (ty, true, true) => {
            let t = rust_type(svc, ty);
            (quote!(::std::option::Option<&#t>), quote!(deref))
        }
        (ty, true, false) => {
            let t = rust_type(svc, ty);
            (quote!(::std::option::Option<&#t>), quote!(as_ref))
        }
        (ty, false, _) => {
            let t = rust_type(svc, ty);
            (quote!(&#t), quote!(borrow))
        }
    };
    quote!((#fname, #wire) -> #ret => #how;)
}

/// Debug that never prints sensitive members (or anything of a sensitive structure).
pub fn debug_impl(name: &proc_macro2::Ident, display_name: &str, sensitive: bool, fields: &[Field]) -> TokenStream {
    let body = if sensitive {
        quote!(f.debug_struct(#display_name).field("value", &#REDACTED).finish())
    } else {
        let entries = fields.iter().map(|f| {
            let fname = ident(&f.rust_name);
            let label = f.rust_name.trim_start_matches("r#");
            if f.sensitive {
                quote!(d.field(#label, &#REDACTED);)
            } else {
                quote!(d.field(#label, &self.#fname);)
            }
        });
        quote! {
            let mut d = f.debug_struct(#display_name);
            #(#entries)*
            d.finish()
        }
    };
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
    }
}

fn emit_builder(svc: &Service, s: &Struct) -> TokenStream {
    let target = super::common::type_path(svc, &s.path);
    let name = ident(&format!("{}Builder", s.path.name));
    let doc = format!(" A builder for [`{}`]({}).", s.path.name, target.to_string().replace(' ', ""));
    let redacts = s.sensitive || s.fields.iter().any(|f| f.sensitive);
    let debug = redacts.then(|| debug_impl(&name, &format!("{}Builder", s.path.name), s.sensitive, &s.fields));
    let derives =
        if redacts { quote!(#[derive(Clone, Default, PartialEq)]) } else { quote!(#[derive(Clone, Default, PartialEq, Debug)]) };
    // One `builder!` entry per member: struct field, setters and the member's part of `build()` all come from it.
    // An error's builder also holds the error metadata the response parser sets.
    let type_name = &s.path.name;
    let entries = s.fields.iter().map(|f| {
        let entry = setter_entry(svc, f);
        let (how, default) = match (&f.default, f.optional) {
            (_, true) => ("optional", None),
            (Some(d), false) => ("default", Some(default_expr(svc, &f.ty, d))),
            (None, false) => ("required", None),
        };
        let how = format_ident!("{how}{}", if f.boxed { "_boxed" } else { "" });
        let default = default.map(|d| quote!((#d)));
        quote!(#entry => #how #default;)
    });
    let meta = (s.kind == StructKind::Error).then(|| {
        quote! {
            /// Sets the error metadata (code, message, request id).
            one (meta, set_meta, get_meta, "meta"): crate::runtime::error::ErrorMetadata => meta;
        }
    });
    let build = if s.builder_fallible() { quote!(fallible) } else { quote!(infallible) };
    quote! {
        crate::runtime::macros::builder! {
            #[doc = #doc]
            #derives
            #name => #target, #type_name, build: #build {
                #(#entries)*
                #meta
            }
        }
        #debug
    }
}

/// One invocation of a setter macro (`builder_setters!` / `fluent_setters!`) with an entry per member:
/// `#[doc = ..]* kind (field, set_field, get_field, "Wire"): Type;` where `kind` is `list` (Type: the element),
/// `map` (Type: the value) or `one`. Nothing when there are no members.
pub fn setter_macro(svc: &Service, fields: &[Field], mac: TokenStream) -> TokenStream {
    if fields.is_empty() {
        return TokenStream::new();
    }
    let entries = fields.iter().map(|f| {
        let entry = setter_entry(svc, f);
        quote!(#entry;)
    });
    quote!(#mac! { #(#entries)* })
}

/// One member's entry of the setter macros and `builder!`, without the `;`:
/// `#[doc = ..]* kind (field, set_field, get_field, "Wire"): Type`.
fn setter_entry(svc: &Service, f: &Field) -> TokenStream {
    let fname = ident(&f.rust_name);
    let plain = f.rust_name.trim_start_matches("r#");
    let set = ident(&format!("set_{plain}"));
    let get = ident(&format!("get_{plain}"));
    let (kind, ty) = match &f.ty {
        Ty::List(e) => (quote!(list), super::common::elem_type(svc, e)),
        Ty::Map(e) => (quote!(map), super::common::elem_type(svc, e)),
        ty => (quote!(one), rust_type(svc, ty)),
    };
    let wire = &f.wire_name;
    let doc = docs(&setter_docs(f));
    quote!(#doc #kind (#fname, #set, #get, #wire): #ty)
}

/// A setter's documentation: the member's, then whether it is required.
fn setter_docs(f: &Field) -> String {
    let required = match (f.required, f.idempotency_token) {
        (true, true) => "\n\nRequired; the client fills it with a fresh UUID when it is not set.",
        (true, false) if f.default.is_none() => "\n\nRequired.",
        _ => "",
    };
    format!("{}{required}", f.docs)
}
