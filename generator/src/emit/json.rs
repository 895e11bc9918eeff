//! JSON serializers and deserializers for the shapes that travel in JSON documents. Only what some operation
//! sends (serializers) or receives (deserializers) is emitted.
use super::common::{elem_type, format_tokens, ident, shape_fn, type_path};
use super::values::zero_expr;
use crate::ir::{Binding, Elem, Field, Service, Struct, TimestampFormat, Ty, TypePath, Union};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

/// Named types reachable from a set of fields, through lists, maps, structures and unions.
fn reachable<'a>(svc: &'a Service, roots: impl Iterator<Item = &'a Field>) -> BTreeSet<TypePath> {
    let structs: BTreeMap<&TypePath, &Struct> = svc.structs.iter().map(|s| (&s.path, s)).collect();
    let unions: BTreeMap<&TypePath, &Union> = svc.unions.iter().map(|u| (&u.path, u)).collect();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&Ty> = roots.map(|f| &f.ty).collect();
    while let Some(ty) = stack.pop() {
        match ty {
            Ty::Struct(p) if seen.insert(p.clone()) => {
                if let Some(s) = structs.get(p) {
                    stack.extend(s.fields.iter().map(|f| &f.ty));
                }
            }
            Ty::Union(p) if seen.insert(p.clone()) => {
                if let Some(u) = unions.get(p) {
                    stack.extend(u.variants.iter().map(|v| &v.ty));
                }
            }
            Ty::List(e) | Ty::Map(e) => stack.push(&e.ty),
            _ => {}
        }
    }
    seen
}

pub fn emit_json_module(svc: &Service) -> TokenStream {
    let ser_roots = svc.operations.iter().flat_map(|o| o.input.fields.iter());
    let de_roots = svc
        .operations
        .iter()
        .flat_map(|o| o.output.fields.iter())
        .chain(svc.structs.iter().filter(|s| s.error.is_some()).flat_map(|s| s.fields.iter()));
    let ser_set = reachable(svc, ser_roots);
    let de_set = reachable(svc, de_roots);
    let mut items = Vec::new();
    for s in &svc.structs {
        if ser_set.contains(&s.path) {
            items.push(ser_struct_fn(svc, s, &s.fields.iter().collect::<Vec<_>>()));
        }
        // Error structures are parsed from responses (parts); as member values they are parsed whole.
        if de_set.contains(&s.path) || s.error.is_some() {
            items.push(de_struct_fns(svc, s, de_set.contains(&s.path)));
        }
    }
    for u in &svc.unions {
        if ser_set.contains(&u.path) {
            items.push(ser_union_fn(svc, u));
        }
        if de_set.contains(&u.path) {
            items.push(de_union_fn(svc, u));
        }
    }
    for op in &svc.operations {
        let body: Vec<&Field> = op.input.fields.iter().filter(|f| f.binding == Binding::Body).collect();
        let has_payload = op.input.fields.iter().any(|f| f.binding == Binding::Payload);
        if !has_payload && (!body.is_empty() || !svc.protocol.uses_http_bindings()) {
            items.push(ser_struct_fn(svc, &op.input, &body));
        }
        items.push(de_struct_fns(svc, &op.output, false));
    }
    quote! {
        //! JSON serializers and deserializers of this service's shapes.
        #(#items)*
    }
}

/// `ser_x(o, v)`: writes the given members of a structure into an open JSON object.
fn ser_struct_fn(svc: &Service, s: &Struct, fields: &[&Field]) -> TokenStream {
    let name = shape_fn("ser", &s.path);
    let t = type_path(svc, &s.path);
    let writes = fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let key = &f.json_name;
        let write = ser_value(svc, &f.ty, quote!(o.key(#key)), quote!(v), f.timestamp_format, 0);
        if f.optional {
            quote!(if let ::std::option::Option::Some(v) = &input.#fname { #write })
        } else {
            quote!({ let v = &input.#fname; #write })
        }
    });
    let input_name = if fields.is_empty() { quote!(_input) } else { quote!(input) };
    let o_name = if fields.is_empty() { quote!(_o) } else { quote!(o) };
    quote! {
        pub(crate) fn #name(#o_name: &mut crate::runtime::json::ObjectWriter<'_>, #input_name: &#t)
            -> ::std::result::Result<(), crate::runtime::datetime::DateTimeError> {
            #(#writes)*
            ::std::result::Result::Ok(())
        }
    }
}

fn ser_union_fn(svc: &Service, u: &Union) -> TokenStream {
    let name = shape_fn("ser", &u.path);
    let t = type_path(svc, &u.path);
    let arms = u.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let key = &v.json_name;
        if v.unit {
            return quote!(#t::#vn => { o.key(#key).start_object().finish(); });
        }
        let write = ser_value(svc, &v.ty, quote!(o.key(#key)), quote!(v), v.timestamp_format, 0);
        quote!(#t::#vn(v) => { #write })
    });
    quote! {
        pub(crate) fn #name(w: crate::runtime::json::ValueWriter<'_>, input: &#t)
            -> ::std::result::Result<(), crate::runtime::datetime::DateTimeError> {
            let mut o = w.start_object();
            match input {
                #(#arms)*
                #t::Unknown => {}
            }
            o.finish();
            ::std::result::Result::Ok(())
        }
    }
}

/// Statements writing `v` (a reference) of type `ty` into the ValueWriter expression `w`.
fn ser_value(svc: &Service, ty: &Ty, w: TokenStream, v: TokenStream, format: Option<TimestampFormat>, depth: usize) -> TokenStream {
    let svc_mod = ident(&svc.module);
    match ty {
        Ty::String => quote!(#w.string(#v);),
        Ty::Bool => quote!(#w.boolean(*#v);),
        Ty::Byte | Ty::Short | Ty::Int => quote!(#w.integer(i64::from(*#v));),
        Ty::Long => quote!(#w.integer(*#v);),
        Ty::Float => quote!(#w.float32(*#v);),
        Ty::Double => quote!(#w.float(*#v);),
        Ty::BigInteger => quote!(#w.big_integer(#v);),
        Ty::BigDecimal => quote!(#w.big_decimal(#v);),
        Ty::Blob => quote!(#w.blob(#v.as_ref());),
        Ty::Timestamp => {
            let f = format_tokens(format.unwrap_or(TimestampFormat::EpochSeconds));
            quote!(#w.timestamp(#v, #f)?;)
        }
        Ty::Document => quote!(#w.document(#v);),
        Ty::Enum(_) => quote!(#w.string(#v.as_str());),
        Ty::IntEnum(_) => quote!(#w.integer(i64::from(#v.value()));),
        Ty::Struct(p) => {
            let f = shape_fn("ser", p);
            let o = format_ident!("o{}", depth + 1);
            quote!({ let mut #o = #w.start_object(); crate::#svc_mod::json::#f(&mut #o, #v)?; #o.finish(); })
        }
        Ty::Union(p) => {
            let f = shape_fn("ser", p);
            quote!(crate::#svc_mod::json::#f(#w, #v)?;)
        }
        Ty::List(e) => {
            let a = format_ident!("a{}", depth + 1);
            let item = format_ident!("item{}", depth + 1);
            let write = ser_elem(svc, e, quote!(#a.value()), quote!(#item), depth + 1);
            quote!({ let mut #a = #w.start_array(); for #item in #v { #write } #a.finish(); })
        }
        Ty::Map(e) => {
            let o = format_ident!("m{}", depth + 1);
            let k = format_ident!("k{}", depth + 1);
            let item = format_ident!("item{}", depth + 1);
            let write = ser_elem(svc, e, quote!(#o.key(#k)), quote!(#item), depth + 1);
            quote!({ let mut #o = #w.start_object(); for (#k, #item) in #v { #write } #o.finish(); })
        }
    }
}

fn ser_elem(svc: &Service, e: &Elem, w: TokenStream, v: TokenStream, depth: usize) -> TokenStream {
    let write = ser_value(svc, &e.ty, w.clone(), v.clone(), e.timestamp_format, depth);
    if e.sparse {
        quote!(match #v { ::std::option::Option::Some(#v) => { #write } ::std::option::Option::None => #w.null(), })
    } else {
        write
    }
}

/// `de_x(value)` (a whole value), `de_x_into(value, builder)` (the body members into a builder) and
/// `finish_x(builder)` (error correction for missing required members, then build).
fn de_struct_fns(svc: &Service, s: &Struct, whole: bool) -> TokenStream {
    let de = shape_fn("de", &s.path);
    let into = format_ident!("{}_into", de);
    let finish = format_ident!("finish_{}", de.to_string().trim_start_matches("de_"));
    let t = type_path(svc, &s.path);
    let b = super::common::builder_path(svc, &s.path);
    let body_fields: Vec<&Field> = s.fields.iter().filter(|f| f.binding == Binding::Body).collect();
    let arms = body_fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let key = &f.json_name;
        let ctx = &f.wire_name;
        let value = de_value(svc, &f.ty, quote!(v), ctx, f.timestamp_format, 0);
        quote!(#key => { if let ::std::option::Option::Some(v) = crate::runtime::json::non_null(v) { builder.#fname = ::std::option::Option::Some(#value); } })
    });
    let t_name = &s.path.name;
    let loop_body = if body_fields.is_empty() {
        quote!(let _ = crate::runtime::json::object(value, #t_name)?;)
    } else {
        quote! {
            for (key, v) in crate::runtime::json::object(value, #t_name)? {
                match key.as_str() {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    };
    let corrections = s.fields.iter().filter(|f| !f.optional && f.default.is_none()).map(|f| {
        let fname = ident(&f.rust_name);
        let zero = zero_expr(svc, &f.ty);
        quote!(if builder.#fname.is_none() { builder.#fname = ::std::option::Option::Some(#zero); })
    });
    let build = if s.builder_fallible() {
        quote!(builder.build().map_err(|e| crate::runtime::json::DeserializeError::body(e.to_string())))
    } else {
        quote!(::std::result::Result::Ok(builder.build()))
    };
    let builder_mut = if s.builder_fallible() { quote!(mut builder) } else { quote!(builder) };
    let mutb = if body_fields.is_empty() { quote!(builder) } else { quote!(mut builder) };
    let whole_fn = whole.then(|| {
        quote! {
            pub(crate) fn #de(value: &::serde_json::Value) -> ::std::result::Result<#t, crate::runtime::json::DeserializeError> {
                #finish(#into(value, #t::builder())?)
            }
        }
    });
    quote! {
        #whole_fn
        pub(crate) fn #into(value: &::serde_json::Value, #mutb: #b) -> ::std::result::Result<#b, crate::runtime::json::DeserializeError> {
            #loop_body
            ::std::result::Result::Ok(builder)
        }
        pub(crate) fn #finish(#builder_mut: #b) -> ::std::result::Result<#t, crate::runtime::json::DeserializeError> {
            #(#corrections)*
            #build
        }
    }
}

fn de_union_fn(svc: &Service, u: &Union) -> TokenStream {
    let de = shape_fn("de", &u.path);
    let t = type_path(svc, &u.path);
    let name = &u.path.name;
    let arms = u.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let key = &v.json_name;
        if v.unit {
            return quote!(#key => #t::#vn,);
        }
        let value = de_value(svc, &v.ty, quote!(v), &v.wire_name, v.timestamp_format, 0);
        let value = if v.boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
        quote!(#key => #t::#vn(#value),)
    });
    quote! {
        pub(crate) fn #de(value: &::serde_json::Value) -> ::std::result::Result<#t, crate::runtime::json::DeserializeError> {
            let mut found: ::std::option::Option<#t> = ::std::option::Option::None;
            for (key, v) in crate::runtime::json::object(value, #name)? {
                if key == "__type" {
                    continue;
                }
                let ::std::option::Option::Some(v) = crate::runtime::json::non_null(v) else { continue };
                let _ = v;
                if found.is_some() {
                    return ::std::result::Result::Err(crate::runtime::json::DeserializeError::new(#name, "more than one union member is set"));
                }
                found = ::std::option::Option::Some(match key.as_str() {
                    #(#arms)*
                    _ => #t::Unknown,
                });
            }
            found.ok_or_else(|| crate::runtime::json::DeserializeError::new(#name, "no union member is set"))
        }
    }
}

/// An expression of type `ty` read from `v: &Value` (non-null), with `?` on failures.
fn de_value(svc: &Service, ty: &Ty, v: TokenStream, ctx: &str, format: Option<TimestampFormat>, depth: usize) -> TokenStream {
    let svc_mod = ident(&svc.module);
    let j = quote!(crate::runtime::json);
    match ty {
        Ty::String => quote!(#j::string(#v, #ctx)?.to_owned()),
        Ty::Bool => quote!(#j::boolean(#v, #ctx)?),
        Ty::Byte => quote!(#j::i8(#v, #ctx)?),
        Ty::Short => quote!(#j::i16(#v, #ctx)?),
        Ty::Int => quote!(#j::i32(#v, #ctx)?),
        Ty::Long => quote!(#j::i64(#v, #ctx)?),
        Ty::Float => quote!(#j::f32(#v, #ctx)?),
        Ty::Double => quote!(#j::f64(#v, #ctx)?),
        Ty::BigInteger => quote!(#j::big_integer(#v, #ctx)?),
        Ty::BigDecimal => quote!(#j::big_decimal(#v, #ctx)?),
        Ty::Blob => quote!(#j::blob(#v, #ctx)?),
        Ty::Timestamp => {
            let f = format_tokens(format.unwrap_or(TimestampFormat::EpochSeconds));
            quote!(#j::timestamp(#v, #f, #ctx)?)
        }
        Ty::Document => quote!(#j::document(#v, #ctx)?),
        Ty::Enum(p) => {
            let t = type_path(svc, p);
            quote!(#t::from(#j::string(#v, #ctx)?))
        }
        Ty::IntEnum(p) => {
            let t = type_path(svc, p);
            quote!(#t::from(#j::i32(#v, #ctx)?))
        }
        Ty::Struct(p) | Ty::Union(p) => {
            let f = shape_fn("de", p);
            quote!(crate::#svc_mod::json::#f(#v)?)
        }
        Ty::List(e) => {
            let item = format_ident!("item{}", depth + 1);
            let out = format_ident!("out{}", depth + 1);
            let et = elem_type(svc, e);
            let value = de_value(svc, &e.ty, quote!(#item), ctx, e.timestamp_format, depth + 1);
            let push = if e.sparse {
                quote!(#out.push(match #j::non_null(#item) { ::std::option::Option::Some(#item) => ::std::option::Option::Some(#value), ::std::option::Option::None => ::std::option::Option::None });)
            } else {
                quote!(if let ::std::option::Option::Some(#item) = #j::non_null(#item) { #out.push(#value); })
            };
            quote!({
                let items = #j::array(#v, #ctx)?;
                let mut #out: ::std::vec::Vec<#et> = ::std::vec::Vec::with_capacity(items.len());
                for #item in items { #push }
                #out
            })
        }
        Ty::Map(e) => {
            let item = format_ident!("item{}", depth + 1);
            let out = format_ident!("out{}", depth + 1);
            let et = elem_type(svc, e);
            let value = de_value(svc, &e.ty, quote!(#item), ctx, e.timestamp_format, depth + 1);
            let insert = if e.sparse {
                quote!(#out.insert(key.clone(), match #j::non_null(#item) { ::std::option::Option::Some(#item) => ::std::option::Option::Some(#value), ::std::option::Option::None => ::std::option::Option::None });)
            } else {
                quote!(if let ::std::option::Option::Some(#item) = #j::non_null(#item) { #out.insert(key.clone(), #value); })
            };
            quote!({
                let entries = #j::object(#v, #ctx)?;
                let mut #out: ::std::collections::HashMap<::std::string::String, #et> = ::std::collections::HashMap::with_capacity(entries.len());
                for (key, #item) in entries { #insert }
                #out
            })
        }
    }
}

