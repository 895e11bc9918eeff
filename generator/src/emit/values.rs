//! Rust expressions for `@default` values and for the "zero" value that fills a required output member the
//! service left out (Smithy's error correction for clients).
use super::common::{rust_type, shape_fn};
use crate::ir::{Service, Ty};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// An expression of type `ty` for a `@default` JSON value.
pub fn default_expr(svc: &Service, ty: &Ty, value: &Value) -> TokenStream {
    match (ty, value) {
        (Ty::String, Value::String(s)) => quote!(::std::string::String::from(#s)),
        (Ty::Bool, Value::Bool(b)) => quote!(#b),
        (Ty::Byte | Ty::Short | Ty::Int | Ty::Long, Value::Number(n)) => int_literal(ty, n.as_i64().unwrap_or_default()),
        (Ty::Float, Value::Number(n)) => {
            let l = Literal::f32_suffixed(n.as_f64().unwrap_or_default() as f32);
            quote!(#l)
        }
        (Ty::Double, Value::Number(n)) => {
            let l = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
            quote!(#l)
        }
        (Ty::Enum(p), Value::String(s)) => {
            let t = super::common::type_path(svc, p);
            quote!(#t::from(#s))
        }
        (Ty::IntEnum(p), Value::Number(n)) => {
            let t = super::common::type_path(svc, p);
            let v = Literal::i32_unsuffixed(n.as_i64().unwrap_or_default() as i32);
            quote!(#t::from(#v))
        }
        (Ty::Timestamp, Value::Number(n)) => {
            let secs = n.as_f64().unwrap_or_default();
            let whole = secs.floor() as i64;
            let nanos = ((secs - secs.floor()) * 1e9).round() as u32;
            quote!(crate::runtime::datetime::DateTime::from_secs_and_nanos(#whole, #nanos))
        }
        (Ty::Timestamp, Value::String(s)) => quote!(
            crate::runtime::datetime::DateTime::parse(#s, crate::runtime::datetime::Format::DateTime)
                .unwrap_or(crate::runtime::datetime::DateTime::UNIX_EPOCH)
        ),
        (Ty::Blob, Value::String(s)) => quote!(crate::runtime::blob::Blob::new(
            crate::runtime::encoding::base64_decode(#s).unwrap_or_default()
        )),
        (Ty::List(_), _) => quote!(::std::vec::Vec::new()),
        (Ty::Map(_), _) => quote!(::std::collections::HashMap::new()),
        (Ty::BigInteger | Ty::BigDecimal, v) => {
            let text = v.to_string();
            let t = rust_type(svc, ty);
            quote!(#text.parse::<#t>().unwrap_or_else(|_| #t::from(0i64)))
        }
        (Ty::Document, v) => {
            let text = v.to_string();
            quote!(::serde_json::from_str(#text).unwrap_or(::serde_json::Value::Null))
        }
        _ => zero_expr(svc, ty),
    }
}

fn int_literal(ty: &Ty, v: i64) -> TokenStream {
    let l = match ty {
        Ty::Byte => Literal::i8_suffixed(v as i8),
        Ty::Short => Literal::i16_suffixed(v as i16),
        Ty::Int => Literal::i32_suffixed(v as i32),
        _ => Literal::i64_suffixed(v),
    };
    quote!(#l)
}

/// The empty value of a type: used for required members missing from a response.
pub fn zero_expr(svc: &Service, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(::std::string::String::new()),
        Ty::Bool => quote!(false),
        Ty::Byte | Ty::Short | Ty::Int | Ty::Long => int_literal(ty, 0),
        Ty::Float => quote!(0.0f32),
        Ty::Double => quote!(0.0f64),
        Ty::BigInteger | Ty::BigDecimal => {
            let t = rust_type(svc, ty);
            quote!(#t::from(0i64))
        }
        Ty::Blob => quote!(crate::runtime::blob::Blob::new(::std::vec::Vec::new())),
        Ty::ByteStream => quote!(crate::runtime::byte_stream::ByteStream::empty()),
        Ty::Timestamp => quote!(crate::runtime::datetime::DateTime::UNIX_EPOCH),
        Ty::Document => quote!(::serde_json::Value::Null),
        Ty::Enum(p) => {
            let t = super::common::type_path(svc, p);
            quote!(#t::from(""))
        }
        Ty::IntEnum(p) => {
            let t = super::common::type_path(svc, p);
            quote!(#t::from(0))
        }
        Ty::Union(p) => {
            let t = super::common::type_path(svc, p);
            quote!(#t::Unknown)
        }
        Ty::Struct(p) => {
            let de = shape_fn("de", p);
            let svc_mod = super::common::ident(&svc.module);
            quote!(crate::#svc_mod::json::#de(&::serde_json::Value::Object(::serde_json::Map::new()))?)
        }
        Ty::List(_) => quote!(::std::vec::Vec::new()),
        Ty::Map(_) => quote!(::std::collections::HashMap::new()),
        Ty::EventSender(_) => quote!(crate::runtime::event_stream::EventSender::from_events(::std::vec::Vec::new())),
        Ty::EventReceiver { .. } => quote!(crate::runtime::event_stream::EventReceiver::closed()),
    }
}
