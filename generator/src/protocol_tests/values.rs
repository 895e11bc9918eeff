//! Rust expressions for the `params` of protocol test cases: a JSON value read as a value of an IR type.
use super::{ident, lookup_struct, lookup_union, rust_path};
use crate::ir::{Elem, Service, Struct, Ty};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

/// Why a test case's parameters cannot be expressed (the case is emitted as a failing test naming it).
pub type ValueError = String;

/// An expression building structure `s` from the JSON object `params`.
pub fn struct_expr(svc: &Service, s: &Struct, params: &Value) -> Result<TokenStream, ValueError> {
    let empty = serde_json::Map::new();
    let object = match params {
        Value::Object(o) => o,
        Value::Null => &empty,
        other => return Err(format!("`{}` expects an object, got {other}", s.path.name)),
    };
    let ty = rust_path(svc, &s.path);
    let mut setters = Vec::new();
    for (key, value) in object {
        // A null parameter is a member left unset.
        if value.is_null() {
            continue;
        }
        let field = s
            .fields
            .iter()
            .find(|f| &f.wire_name == key)
            .ok_or_else(|| format!("`{}` has no member `{key}`", s.path.name))?;
        let set = format_ident!("set_{}", field.rust_name.trim_start_matches("r#"));
        let v = value_expr(svc, &field.ty, value)?;
        setters.push(quote!(.#set(::std::option::Option::Some(#v))));
    }
    let build = if s.builder_fallible() {
        quote!(.build().expect("the test parameters set every required member"))
    } else {
        quote!(.build())
    };
    Ok(quote!(#ty::builder() #(#setters)* #build))
}

/// An expression of type `ty` for the JSON `value`.
pub fn value_expr(svc: &Service, ty: &Ty, value: &Value) -> Result<TokenStream, ValueError> {
    let mismatch = || format!("cannot read {value} as {ty:?}");
    Ok(match (ty, value) {
        (Ty::String, Value::String(s)) => quote!(::std::string::String::from(#s)),
        (Ty::Bool, Value::Bool(b)) => quote!(#b),
        (Ty::Byte | Ty::Short | Ty::Int | Ty::Long, Value::Number(n)) => {
            let v = n.as_i64().ok_or_else(mismatch)?;
            match ty {
                Ty::Byte => int_literal(i8::try_from(v).map_err(|_| mismatch())?),
                Ty::Short => int_literal(i16::try_from(v).map_err(|_| mismatch())?),
                Ty::Int => int_literal(i32::try_from(v).map_err(|_| mismatch())?),
                _ => {
                    let l = Literal::i64_suffixed(v);
                    quote!(#l)
                }
            }
        }
        (Ty::Float | Ty::Double, v) => float_expr(ty, v).ok_or_else(mismatch)?,
        (Ty::BigInteger | Ty::BigDecimal, v @ (Value::Number(_) | Value::String(_))) => {
            let text = v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string());
            let t = if *ty == Ty::BigInteger {
                quote!(crate::runtime::number::BigInteger)
            } else {
                quote!(crate::runtime::number::BigDecimal)
            };
            quote!(#text.parse::<#t>().expect("a valid number in the test"))
        }
        (Ty::Blob, Value::String(s)) => quote!(crate::runtime::blob::Blob::new(#s.as_bytes().to_vec())),
        (Ty::ByteStream, Value::String(s)) => quote!(crate::runtime::byte_stream::ByteStream::from(#s.as_bytes().to_vec())),
        (Ty::Timestamp, Value::Number(n)) => {
            let secs = Literal::f64_suffixed(n.as_f64().ok_or_else(mismatch)?);
            quote!(crate::runtime::datetime::DateTime::from_secs_f64(#secs).expect("a valid timestamp in the test"))
        }
        (Ty::Timestamp, Value::String(s)) => quote!(
            crate::runtime::datetime::DateTime::parse(#s, crate::runtime::datetime::Format::DateTime).expect("a valid timestamp in the test")
        ),
        (Ty::Document, v) => {
            let text = v.to_string();
            quote!(::serde_json::from_str::<::serde_json::Value>(#text).expect("valid JSON"))
        }
        (Ty::Enum(p), Value::String(s)) => {
            let t = rust_path(svc, p);
            quote!(#t::from(#s))
        }
        (Ty::IntEnum(p), Value::Number(n)) => {
            let t = rust_path(svc, p);
            let v = int_literal(n.as_i64().and_then(|v| i32::try_from(v).ok()).ok_or_else(mismatch)?);
            quote!(#t::from(#v))
        }
        (Ty::Struct(p), v) => {
            let s = lookup_struct(svc, p).ok_or_else(|| format!("no structure {}", p.name))?;
            struct_expr(svc, s, v)?
        }
        (Ty::Union(p), Value::Object(o)) if o.len() == 1 => {
            let u = lookup_union(svc, p).ok_or_else(|| format!("no union {}", p.name))?;
            let (key, inner) = o.iter().next().ok_or_else(mismatch)?;
            let variant = u
                .variants
                .iter()
                .find(|v| &v.wire_name == key)
                .ok_or_else(|| format!("union `{}` has no member `{key}`", p.name))?;
            let t = rust_path(svc, p);
            let name = ident(&variant.rust_name);
            if variant.unit {
                return Ok(quote!(#t::#name));
            }
            let v = value_expr(svc, &variant.ty, inner)?;
            let v = if variant.boxed { quote!(::std::boxed::Box::new(#v)) } else { v };
            quote!(#t::#name(#v))
        }
        (Ty::List(elem), Value::Array(items)) => {
            let items = items.iter().map(|i| elem_expr(svc, elem, i)).collect::<Result<Vec<_>, _>>()?;
            quote!(::std::vec![#(#items),*])
        }
        (Ty::Map(elem), Value::Object(o)) => {
            let mut inserts = Vec::new();
            for (k, v) in o {
                let v = elem_expr(svc, elem, v)?;
                inserts.push(quote!(m.insert(::std::string::String::from(#k), #v);));
            }
            quote!({
                #[allow(unused_mut)]
                let mut m = ::std::collections::HashMap::new();
                #(#inserts)*
                m
            })
        }
        _ => return Err(mismatch()),
    })
}

fn elem_expr(svc: &Service, elem: &Elem, value: &Value) -> Result<TokenStream, ValueError> {
    if !elem.sparse {
        return value_expr(svc, &elem.ty, value);
    }
    if value.is_null() {
        return Ok(quote!(::std::option::Option::None));
    }
    let v = value_expr(svc, &elem.ty, value)?;
    Ok(quote!(::std::option::Option::Some(#v)))
}

fn int_literal(v: impl Into<i64> + Copy) -> TokenStream {
    let v: i64 = v.into();
    let l = Literal::i64_unsuffixed(v);
    if v < 0 {
        let l = Literal::i64_unsuffixed(-v);
        quote!(-#l)
    } else {
        quote!(#l)
    }
}

/// Numbers, or the strings `NaN`, `Infinity` and `-Infinity` the test format uses for special values.
fn float_expr(ty: &Ty, value: &Value) -> Option<TokenStream> {
    let t = if *ty == Ty::Float { quote!(f32) } else { quote!(f64) };
    Some(match value {
        Value::Number(n) => {
            let v = n.as_f64()?;
            let l = if *ty == Ty::Float { Literal::f32_suffixed(v as f32) } else { Literal::f64_suffixed(v) };
            if v < 0.0 {
                let l = if *ty == Ty::Float { Literal::f32_suffixed(-v as f32) } else { Literal::f64_suffixed(-v) };
                quote!(-#l)
            } else {
                quote!(#l)
            }
        }
        Value::String(s) if s == "NaN" => quote!(#t::NAN),
        Value::String(s) if s == "Infinity" => quote!(#t::INFINITY),
        Value::String(s) if s == "-Infinity" => quote!(#t::NEG_INFINITY),
        _ => return None,
    })
}
