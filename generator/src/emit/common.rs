//! Small helpers every emitter uses: identifiers, type paths, Rust types of IR types, doc attributes.
use crate::ir::{Elem, Field, Service, TimestampFormat, Ty, TypePath};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

/// An identifier from already-made name text (`r#type` becomes a raw identifier).
pub fn ident(text: &str) -> Ident {
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(text, Span::call_site()),
    }
}

/// `crate::<svc>::<module...>::<Name>`.
pub fn type_path(svc: &Service, path: &TypePath) -> TokenStream {
    let svc_mod = ident(&svc.module);
    let modules = path.module.iter().map(|m| ident(m));
    let name = ident(&path.name);
    quote!(crate::#svc_mod #(::#modules)* ::#name)
}

/// The builder of a structure: `<module>::builders::<Name>Builder`.
pub fn builder_path(svc: &Service, path: &TypePath) -> TokenStream {
    let mut module = path.module.clone();
    module.push("builders".to_string());
    type_path(svc, &TypePath { module, name: format!("{}Builder", path.name) })
}

pub fn rust_type(svc: &Service, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(::std::string::String),
        Ty::Bool => quote!(bool),
        Ty::Byte => quote!(i8),
        Ty::Short => quote!(i16),
        Ty::Int => quote!(i32),
        Ty::Long => quote!(i64),
        Ty::Float => quote!(f32),
        Ty::Double => quote!(f64),
        Ty::BigInteger => quote!(crate::runtime::number::BigInteger),
        Ty::BigDecimal => quote!(crate::runtime::number::BigDecimal),
        Ty::Blob => quote!(crate::runtime::blob::Blob),
        Ty::ByteStream => quote!(crate::runtime::byte_stream::ByteStream),
        Ty::Timestamp => quote!(crate::runtime::datetime::DateTime),
        Ty::Document => quote!(crate::runtime::document::Document),
        Ty::Struct(p) | Ty::Union(p) | Ty::Enum(p) | Ty::IntEnum(p) => type_path(svc, p),
        Ty::List(elem) => {
            let inner = elem_type(svc, elem);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(elem) => {
            let inner = elem_type(svc, elem);
            quote!(::std::collections::HashMap<::std::string::String, #inner>)
        }
        Ty::EventSender(p) => {
            let union = type_path(svc, p);
            quote!(crate::runtime::event_stream::EventSender<#union>)
        }
        Ty::EventReceiver { union, error } => {
            let union = type_path(svc, union);
            let error = type_path(svc, error);
            quote!(crate::runtime::event_stream::EventReceiver<#union, #error>)
        }
    }
}

pub fn elem_type(svc: &Service, elem: &Elem) -> TokenStream {
    let t = rust_type(svc, &elem.ty);
    if elem.sparse {
        quote!(::std::option::Option<#t>)
    } else {
        t
    }
}

/// The member's type as stored in its structure (boxing and `Option` applied).
pub fn field_type(svc: &Service, f: &Field) -> TokenStream {
    let t = value_type(svc, f);
    if f.optional {
        quote!(::std::option::Option<#t>)
    } else {
        t
    }
}

/// The member's value type with boxing, without `Option`.
pub fn value_type(svc: &Service, f: &Field) -> TokenStream {
    let t = rust_type(svc, &f.ty);
    if f.boxed {
        quote!(::std::boxed::Box<#t>)
    } else {
        t
    }
}

/// `#[doc = "..."]` lines for Markdown text.
pub fn docs(text: &str) -> TokenStream {
    let lines = text.lines().map(doc_line);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = "..."]` lines: documentation of the module (file) the tokens are in.
pub fn inner_docs(text: &str) -> TokenStream {
    let lines = text.lines().map(doc_line);
    quote!(#(#![doc = #lines])*)
}

/// One documentation line as a string literal, with the leading space rustdoc's `///` has.
fn doc_line(line: &str) -> Literal {
    str_literal(&format!(" {line}"))
}

/// A string literal for `text`, the same token `Literal::string` makes. Documentation is most of the literal
/// text the generator writes, and `Literal::string` escapes char by char (a Unicode printability lookup for
/// each); text that needs no escape is wrapped in quotes and lexed instead, which is several times cheaper.
fn str_literal(text: &str) -> Literal {
    let plain = text.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\');
    if plain {
        if let Ok(lit) = format!("\"{text}\"").parse::<Literal>() {
            return lit;
        }
    }
    Literal::string(text)
}

pub fn format_tokens(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote!(crate::runtime::datetime::Format::DateTime),
        TimestampFormat::HttpDate => quote!(crate::runtime::datetime::Format::HttpDate),
        TimestampFormat::EpochSeconds => quote!(crate::runtime::datetime::Format::EpochSeconds),
    }
}

/// Name of a per-shape (de)serializer function: `ser_lifecycle`, `de_lifecycle`.
pub fn shape_fn(prefix: &str, path: &TypePath) -> Ident {
    let mut parts: Vec<String> =
        path.module.iter().filter(|m| *m != "types").map(|m| m.trim_start_matches("r#").to_string()).collect();
    parts.push(crate::naming::snake(&path.name));
    format_ident!("{}_{}", prefix, parts.join("_"))
}

