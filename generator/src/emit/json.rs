//! JSON serializers and deserializers for the shapes that travel in JSON documents. Only what some operation
//! sends (serializers) or receives (deserializers) is emitted.
use super::common::{format_tokens, ident, shape_fn, type_path};
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
            // Event structures are (un)marshalled by the event stream emitter; what their members hold is JSON.
            Ty::EventSender(p) | Ty::EventReceiver { union: p, .. } => {
                for v in unions.get(p).into_iter().flat_map(|u| u.variants.iter()) {
                    if let Some(s) = event_struct(&structs, &v.ty) {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                    }
                }
            }
            _ => {}
        }
    }
    seen
}

fn event_struct<'a>(structs: &BTreeMap<&TypePath, &'a Struct>, ty: &Ty) -> Option<&'a Struct> {
    match ty {
        Ty::Struct(p) => structs.get(p).copied(),
        _ => None,
    }
}

/// Which deserializer functions of a structure to emit.
#[derive(Clone, Copy)]
struct DeFns {
    /// `de_x(value)`: the structure as a member value.
    whole: bool,
    /// `de_x_into(value, builder)`: body members from a JSON object.
    into: bool,
    /// `finish_x` fills missing required members with zero values (client error correction) instead of failing.
    correct: bool,
    /// Read in parts by someone else (an operation's response parser, an event's unmarshaller): `into` and
    /// `finish` are separate functions. Otherwise `de_x` is the one function.
    in_parts: bool,
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
    let received_events = super::event_stream::received_event_structs(svc);
    let mut items = Vec::new();
    for s in &svc.structs {
        if ser_set.contains(&s.path) {
            items.push(ser_struct_fn(svc, s, &s.fields.iter().collect::<Vec<_>>()));
        }
        // Error structures are parsed from responses (parts); as member values they are parsed whole. Events
        // read their JSON members (unless the payload is one member) and are finished from headers.
        let event = received_events.get(&s.path);
        if de_set.contains(&s.path) || s.error.is_some() || event.is_some() {
            let into = s.error.is_some() || de_set.contains(&s.path) || event.is_some_and(|implicit| *implicit);
            let in_parts = s.error.is_some() || event.is_some();
            items.push(de_struct_fns(svc, s, DeFns { whole: de_set.contains(&s.path), into, correct: true, in_parts }));
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
        // awsJson: the members beside an event stream are the JSON document of the initial message.
        let rpc = !svc.protocol.uses_http_bindings();
        let sends_events = op.input.fields.iter().any(|f| matches!(f.ty, Ty::EventSender(_)));
        if (!has_payload && (!body.is_empty() || rpc)) || (rpc && sends_events) {
            items.push(ser_struct_fn(svc, &op.input, &body));
        }
        // An output with an event stream is the initial response: a missing required member is an error.
        let streams = op.output.fields.iter().any(|f| matches!(f.ty, Ty::EventReceiver { .. }));
        let into = !op.output.fields.iter().any(|f| f.binding == Binding::Payload) || (rpc && streams);
        items.push(de_struct_fns(svc, &op.output, DeFns { whole: false, into, correct: !streams, in_parts: true }));
    }
    items.extend(super::event_stream::emit_event_stream_fns(svc));
    let shape_impls = json_shape_impls(svc, &ser_set, &de_set);
    quote! {
        //! JSON serializers and deserializers of this service's shapes.
        use crate::runtime::json as rt;
        #(#items)*
        #shape_impls
    }
}

/// `FromJson` / `ToJson` for the service's enums (all of them: a few tokens each) and for the structures and
/// unions that are read or written as member values, through their functions above.
fn json_shape_impls(svc: &Service, ser_set: &BTreeSet<TypePath>, de_set: &BTreeSet<TypePath>) -> TokenStream {
    let string_enums = svc.enums.iter().map(|e| type_path(svc, &e.path));
    let int_enums = svc.int_enums.iter().map(|e| type_path(svc, &e.path));
    let shapes = || svc.structs.iter().map(|s| (&s.path, true)).chain(svc.unions.iter().map(|u| (&u.path, false)));
    let read = shapes().filter(|(p, _)| de_set.contains(*p)).map(|(p, _)| {
        let (t, f) = (type_path(svc, p), shape_fn("de", p));
        quote!(#t => #f)
    });
    let written = || shapes().filter(|(p, _)| ser_set.contains(*p));
    let write_object = written().filter(|(_, is_struct)| *is_struct).map(|(p, _)| {
        let (t, f) = (type_path(svc, p), shape_fn("ser", p));
        quote!(#t => #f)
    });
    let write_value = written().filter(|(_, is_struct)| !*is_struct).map(|(p, _)| {
        let (t, f) = (type_path(svc, p), shape_fn("ser", p));
        quote!(#t => #f)
    });
    quote! {
        crate::runtime::json_traits::json_shapes! {
            string_enums: [#(#string_enums),*]
            int_enums: [#(#int_enums),*]
            read: [#(#read),*]
            write_object: [#(#write_object),*]
            write_value: [#(#write_value),*]
        }
    }
}

/// Whether a value of `ty` is converted through `FromJson` / `ToJson`: everything but timestamps in a format
/// other than the JSON protocols' default (epoch seconds), which are spelled out with their format.
fn by_trait(ty: &Ty, format: Option<TimestampFormat>) -> bool {
    match ty {
        Ty::Timestamp => matches!(format, None | Some(TimestampFormat::EpochSeconds)),
        Ty::List(e) | Ty::Map(e) => by_trait(&e.ty, e.timestamp_format),
        _ => true,
    }
}

/// `ser_x(o, v)`: writes the given members of a structure into an open JSON object.
fn ser_struct_fn(svc: &Service, s: &Struct, fields: &[&Field]) -> TokenStream {
    let name = shape_fn("ser", &s.path);
    let t = type_path(svc, &s.path);
    let writes = ser_member_writes(svc, fields);
    let input_name = if fields.is_empty() { quote!(_input) } else { quote!(input) };
    let o_name = if fields.is_empty() { quote!(_o) } else { quote!(o) };
    quote! {
        pub(crate) fn #name(#o_name: &mut rt::ObjectWriter<'_>, #input_name: &#t)
            -> ::std::result::Result<(), crate::runtime::datetime::DateTimeError> {
            #(#writes)*
            ::std::result::Result::Ok(())
        }
    }
}

/// Statements writing each member of `input` into the open object `o`.
pub(super) fn ser_member_writes(svc: &Service, fields: &[&Field]) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let fname = ident(&f.rust_name);
            let key = &f.json_name;
            if by_trait(&f.ty, f.timestamp_format) {
                return if f.optional {
                    quote!(o.write_opt(#key, &input.#fname)?;)
                } else {
                    quote!(o.write(#key, &input.#fname)?;)
                };
            }
            let write = ser_value(svc, &f.ty, quote!(o.key(#key)), quote!(v), f.timestamp_format, 0);
            if f.optional {
                quote!(if let ::std::option::Option::Some(v) = &input.#fname { #write })
            } else {
                quote!({ let v = &input.#fname; #write })
            }
        })
        .collect()
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
        if by_trait(&v.ty, v.timestamp_format) {
            return quote!(#t::#vn(v) => o.write(#key, v)?,);
        }
        let write = ser_value(svc, &v.ty, quote!(o.key(#key)), quote!(v), v.timestamp_format, 0);
        quote!(#t::#vn(v) => { #write })
    });
    quote! {
        pub(crate) fn #name(w: rt::ValueWriter<'_>, input: &#t)
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
        // Event streams and byte streams are never JSON members (they are the payload).
        Ty::EventSender(_) | Ty::EventReceiver { .. } | Ty::ByteStream => quote!(),
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
fn de_struct_fns(svc: &Service, s: &Struct, fns: DeFns) -> TokenStream {
    let DeFns { whole, into: emit_into, correct, in_parts } = fns;
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
        // One line per member; the builder holds the unboxed value (build() boxes it).
        if by_trait(&f.ty, f.timestamp_format) {
            quote!(#key => #fname(#ctx),)
        } else {
            let read = de_reader(svc, &f.ty, ctx, f.timestamp_format, 0);
            quote!(#key => #fname = rt::opt(v, #read)?,)
        }
    });
    let t_name = &s.path.name;
    let loop_body = if body_fields.is_empty() {
        quote!(let _ = rt::object(value, #t_name)?;)
    } else {
        quote!(crate::runtime::macros::read_members!(value, #t_name, builder, v { #(#arms)* });)
    };
    let corrections = s.fields.iter().filter(|f| correct && !f.optional && f.default.is_none()).map(|f| {
        let fname = ident(&f.rust_name);
        let zero = zero_expr(svc, &f.ty);
        quote!(if builder.#fname.is_none() { builder.#fname = ::std::option::Option::Some(#zero); })
    });
    let build = if s.builder_fallible() {
        quote!(builder.build().map_err(|e| rt::DeserializeError::body(e.to_string())))
    } else {
        quote!(::std::result::Result::Ok(builder.build()))
    };
    let corrections: Vec<TokenStream> = corrections.collect();
    let builder_mut = if corrections.is_empty() { quote!(builder) } else { quote!(mut builder) };
    let mutb = if body_fields.is_empty() { quote!(builder) } else { quote!(mut builder) };
    // A structure only ever read as a member value gets one function; operation outputs, errors and events are
    // read in parts (body into the builder, then headers and status by their parser, then finish).
    if whole && !in_parts {
        let builder_mut =
            if !body_fields.is_empty() || !corrections.is_empty() { quote!(mut builder) } else { quote!(builder) };
        return quote! {
            pub(crate) fn #de(value: &::serde_json::Value) -> ::std::result::Result<#t, rt::DeserializeError> {
                let #builder_mut = #t::builder();
                #loop_body
                #(#corrections)*
                #build
            }
        };
    }
    let whole_fn = whole.then(|| {
        quote! {
            pub(crate) fn #de(value: &::serde_json::Value) -> ::std::result::Result<#t, rt::DeserializeError> {
                #finish(#into(value, #t::builder())?)
            }
        }
    });
    let into_fn = emit_into.then(|| {
        quote! {
            pub(crate) fn #into(value: &::serde_json::Value, #mutb: #b) -> ::std::result::Result<#b, rt::DeserializeError> {
                #loop_body
                ::std::result::Result::Ok(builder)
            }
        }
    });
    quote! {
        #whole_fn
        #into_fn
        pub(crate) fn #finish(#builder_mut: #b) -> ::std::result::Result<#t, rt::DeserializeError> {
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
        let ctx = &v.wire_name;
        let value = if by_trait(&v.ty, v.timestamp_format) {
            quote!(rt::value(v, #ctx)?)
        } else {
            de_value(svc, &v.ty, quote!(v), ctx, v.timestamp_format, 0)
        };
        let value = if v.boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
        quote!(#key => #t::#vn(#value),)
    });
    quote! {
        pub(crate) fn #de(value: &::serde_json::Value) -> ::std::result::Result<#t, rt::DeserializeError> {
            let mut found: ::std::option::Option<#t> = ::std::option::Option::None;
            for (key, v) in rt::object(value, #name)? {
                if key == "__type" {
                    continue;
                }
                let ::std::option::Option::Some(v) = rt::non_null(v) else { continue };
                let _ = v;
                if found.is_some() {
                    return ::std::result::Result::Err(rt::DeserializeError::new(#name, "more than one union member is set"));
                }
                found = ::std::option::Option::Some(match key.as_str() {
                    #(#arms)*
                    _ => #t::Unknown,
                });
            }
            found.ok_or_else(|| rt::DeserializeError::new(#name, "no union member is set"))
        }
    }
}

/// An expression of type `ty` read from `v: &Value` (non-null), with `?` on failures.
fn de_value(svc: &Service, ty: &Ty, v: TokenStream, ctx: &str, format: Option<TimestampFormat>, depth: usize) -> TokenStream {
    let read = de_result(svc, ty, v, ctx, format, depth);
    quote!(#read?)
}

/// A callable `Fn(&Value) -> Result<ty, DeserializeError>`: the shape's own deserializer, or a closure.
fn de_reader(svc: &Service, ty: &Ty, ctx: &str, format: Option<TimestampFormat>, depth: usize) -> TokenStream {
    if let Ty::Struct(p) | Ty::Union(p) = ty {
        let svc_mod = ident(&svc.module);
        let f = shape_fn("de", p);
        return quote!(crate::#svc_mod::json::#f);
    }
    let item = format_ident!("item{}", depth);
    let value = de_result(svc, ty, quote!(#item), ctx, format, depth);
    quote!(|#item| #value)
}

/// An expression of type `Result<ty, DeserializeError>` reading `v: &Value` (non-null); it is what the runtime's
/// `opt`/`list`/`map` readers take as the per-value closure body.
fn de_result(svc: &Service, ty: &Ty, v: TokenStream, ctx: &str, format: Option<TimestampFormat>, depth: usize) -> TokenStream {
    let svc_mod = ident(&svc.module);
    let reader = |name: &str| {
        let f = format_ident!("{}", name);
        quote!(rt::#f(#v, #ctx))
    };
    match ty {
        Ty::String => {
            let r = reader("string");
            quote!(#r.map(str::to_owned))
        }
        Ty::Bool => reader("boolean"),
        Ty::Byte => reader("i8"),
        Ty::Short => reader("i16"),
        Ty::Int => reader("i32"),
        Ty::Long => reader("i64"),
        Ty::Float => reader("f32"),
        Ty::Double => reader("f64"),
        Ty::BigInteger => reader("big_integer"),
        Ty::BigDecimal => reader("big_decimal"),
        Ty::Blob => reader("blob"),
        Ty::Timestamp => {
            let f = format_tokens(format.unwrap_or(TimestampFormat::EpochSeconds));
            quote!(rt::timestamp(#v, #f, #ctx))
        }
        Ty::Document => reader("document"),
        Ty::Enum(p) => {
            let t = type_path(svc, p);
            let r = reader("string");
            quote!(#r.map(#t::from))
        }
        Ty::IntEnum(p) => {
            let t = type_path(svc, p);
            let r = reader("i32");
            quote!(#r.map(#t::from))
        }
        Ty::Struct(p) | Ty::Union(p) => {
            let f = shape_fn("de", p);
            quote!(crate::#svc_mod::json::#f(#v))
        }
        Ty::List(e) | Ty::Map(e) => {
            let read = de_reader(svc, &e.ty, ctx, e.timestamp_format, depth + 1);
            let collection = match (matches!(ty, Ty::List(_)), e.sparse) {
                (true, false) => quote!(list),
                (true, true) => quote!(sparse_list),
                (false, false) => quote!(map),
                (false, true) => quote!(sparse_map),
            };
            quote!(rt::#collection(#v, #ctx, #read))
        }
        Ty::EventSender(_) | Ty::EventReceiver { .. } | Ty::ByteStream => {
            quote!(::std::result::Result::Err(rt::DeserializeError::new(#ctx, "a stream is not a JSON value")))
        }
    }
}
