//! Event stream (un)marshallers, emitted into the service's `json` module: per `@streaming` union, `marshal_x`
//! (event -> message: `@eventHeader` members as typed headers, the `@eventPayload` member or the other members
//! as a JSON object as the payload) when some input sends it, `unmarshal_x` (message -> event) when some output
//! receives it, and `unmarshal_<error>` for the modeled errors such streams carry.
use super::common::{ident, shape_fn, type_path};
use super::json::ser_member_writes;
use crate::ir::{Binding, Field, Service, Struct, Ty, TypePath, Union};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

/// The streaming unions that inputs send and that outputs receive.
fn stream_unions(svc: &Service) -> (BTreeSet<&TypePath>, BTreeSet<&TypePath>) {
    let mut sent = BTreeSet::new();
    let mut received = BTreeSet::new();
    for op in &svc.operations {
        for f in op.input.fields.iter().chain(&op.output.fields) {
            match &f.ty {
                Ty::EventSender(p) => {
                    sent.insert(p);
                }
                Ty::EventReceiver { union, .. } => {
                    received.insert(union);
                }
                _ => {}
            }
        }
    }
    (sent, received)
}

fn lookup<'a>(svc: &'a Service, path: &TypePath) -> Option<&'a Union> {
    svc.unions.iter().find(|u| &u.path == path)
}

/// The structure an event variant carries.
fn variant_struct<'a>(svc: &'a Service, ty: &Ty) -> Option<&'a Struct> {
    match ty {
        Ty::Struct(p) => svc.structs.iter().find(|s| &s.path == p),
        _ => None,
    }
}

fn payload_member(s: &Struct) -> Option<&Field> {
    s.fields.iter().find(|f| f.binding == Binding::EventPayload)
}

/// Event structures that outputs receive (modeled errors excluded), each with whether its payload is the JSON
/// object of its non-header members (then the JSON module emits its `de_x_into`).
pub fn received_event_structs(svc: &Service) -> BTreeMap<TypePath, bool> {
    let (_, received) = stream_unions(svc);
    received
        .into_iter()
        .filter_map(|p| lookup(svc, p))
        .flat_map(|u| u.variants.iter())
        .filter_map(|v| variant_struct(svc, &v.ty))
        .filter(|s| s.error.is_none())
        .map(|s| (s.path.clone(), payload_member(s).is_none()))
        .collect()
}

/// The marshal/unmarshal functions of every streaming union some operation uses.
pub fn emit_event_stream_fns(svc: &Service) -> Vec<TokenStream> {
    let (sent, received) = stream_unions(svc);
    let mut items = Vec::new();
    for u in sent.iter().filter_map(|p| lookup(svc, p)) {
        items.push(marshal_fn(svc, u));
    }
    let mut errors = BTreeSet::new();
    for u in received.iter().filter_map(|p| lookup(svc, p)) {
        items.push(unmarshal_fn(svc, u));
        for s in u.variants.iter().filter_map(|v| variant_struct(svc, &v.ty)).filter(|s| s.error.is_some()) {
            if errors.insert(&s.path) {
                items.push(unmarshal_error_fn(svc, s));
            }
        }
    }
    items
}

/// `marshal_x(event) -> Result<Message, EventStreamError>`.
fn marshal_fn(svc: &Service, u: &Union) -> TokenStream {
    let name = shape_fn("marshal", &u.path);
    let t = type_path(svc, &u.path);
    let arms = u.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let wire = &v.wire_name;
        let Some(s) = variant_struct(svc, &v.ty) else {
            return quote!(#t::#vn(..) => ::std::result::Result::Err(es::payload_error(#wire, "only structures can be events")),);
        };
        let start = if s.error.is_some() { quote!(es::exception_message(#wire)) } else { quote!(es::event_message(#wire)) };
        let headers: Vec<TokenStream> = s.fields.iter().filter(|f| f.binding == Binding::EventHeader).map(header_write).collect();
        let payload = payload_write(svc, s, wire);
        if headers.is_empty() && payload.is_empty() {
            // An event without members (qbusiness `EndOfInputEvent`) is just its message: binding `input` and a
            // `mut` message would be warnings, which fail crates built with `-D warnings`.
            return quote!(#t::#vn(_) => ::std::result::Result::Ok(#start),);
        }
        quote! {
            #t::#vn(input) => {
                let mut m = #start;
                #(#headers)*
                #payload
                ::std::result::Result::Ok(m)
            }
        }
    });
    quote! {
        pub(crate) fn #name(event: &#t) -> ::std::result::Result<crate::runtime::event_message::Message, crate::runtime::event_stream::EventStreamError> {
            use crate::runtime::event_stream as es;
            match event {
                #(#arms)*
                #t::Unknown => ::std::result::Result::Err(es::EventStreamError::UnknownVariant),
            }
        }
    }
}

/// `es::put_header(..)` for one `@eventHeader` member of `input`.
fn header_write(f: &Field) -> TokenStream {
    let fname = ident(&f.rust_name);
    let wire = &f.wire_name;
    let value = match (&f.ty, f.optional) {
        (Ty::String, true) => quote!(input.#fname.as_deref()),
        (Ty::String, false) => quote!(::std::option::Option::Some(input.#fname.as_str())),
        (Ty::Enum(_), true) => quote!(input.#fname.as_ref().map(|v| v.as_str())),
        (Ty::Enum(_), false) => quote!(::std::option::Option::Some(input.#fname.as_str())),
        (Ty::IntEnum(_), true) => quote!(input.#fname.as_ref().map(|v| v.value())),
        (Ty::IntEnum(_), false) => quote!(::std::option::Option::Some(input.#fname.value())),
        (Ty::Blob, true) => quote!(input.#fname.as_ref()),
        (Ty::Blob, false) => quote!(::std::option::Option::Some(&input.#fname)),
        (_, true) => quote!(input.#fname),
        (_, false) => quote!(::std::option::Option::Some(input.#fname)),
    };
    quote!(es::put_header(&mut m, #wire, #value);)
}

/// The payload of an event: its `@eventPayload` member, else its other members as a JSON object (none when
/// every member is a header).
fn payload_write(svc: &Service, s: &Struct, event: &str) -> TokenStream {
    let svc_mod = ident(&svc.module);
    let json_error = quote!(.map_err(|e| es::payload_error(#event, e))?);
    if let Some(p) = payload_member(s) {
        let fname = ident(&p.rust_name);
        let (content_type, bytes) = match &p.ty {
            Ty::Blob => (p.media_type.clone().unwrap_or_else(|| "application/octet-stream".into()), quote!(v.as_ref().to_vec())),
            Ty::String => (p.media_type.clone().unwrap_or_else(|| "text/plain".into()), quote!(v.as_bytes().to_vec())),
            Ty::Struct(sp) => {
                let f = shape_fn("ser", sp);
                let bytes = quote!({
                    let mut out = ::std::string::String::new();
                    let mut o = crate::runtime::json::ObjectWriter::new(&mut out);
                    crate::#svc_mod::json::#f(&mut o, v)#json_error;
                    o.finish();
                    out.into_bytes()
                });
                ("application/json".into(), bytes)
            }
            Ty::Union(up) => {
                let f = shape_fn("ser", up);
                let bytes = quote!({
                    let mut out = ::std::string::String::new();
                    crate::#svc_mod::json::#f(crate::runtime::json::ValueWriter::new(&mut out), v)#json_error;
                    out.into_bytes()
                });
                ("application/json".into(), bytes)
            }
            _ => ("text/plain".into(), quote!(v.to_string().into_bytes())),
        };
        let get = if p.optional { quote!(input.#fname.as_ref()) } else { quote!(::std::option::Option::Some(&input.#fname)) };
        return quote! {
            if let ::std::option::Option::Some(v) = #get {
                es::set_payload(&mut m, #content_type, #bytes);
            }
        };
    }
    let body: Vec<&Field> = s.fields.iter().filter(|f| f.binding == Binding::Body).collect();
    if body.is_empty() {
        return quote!();
    }
    let writes = ser_member_writes(svc, &body);
    quote! {
        let mut out = ::std::string::String::new();
        {
            let mut o = crate::runtime::json::ObjectWriter::new(&mut out);
            let mut write = || -> ::std::result::Result<(), crate::runtime::datetime::DateTimeError> {
                #(#writes)*
                ::std::result::Result::Ok(())
            };
            write()#json_error;
            o.finish();
        }
        es::set_payload(&mut m, "application/json", out.into_bytes());
    }
}

/// `unmarshal_x(event_type, message) -> Result<Union, EventStreamError>` for the union's (non-error) events;
/// an event type this client does not know is the union's `Unknown` variant.
fn unmarshal_fn(svc: &Service, u: &Union) -> TokenStream {
    let name = shape_fn("unmarshal", &u.path);
    let t = type_path(svc, &u.path);
    let arms = u.variants.iter().filter_map(|v| {
        let s = variant_struct(svc, &v.ty).filter(|s| s.error.is_none())?;
        let vn = ident(&v.rust_name);
        let wire = &v.wire_name;
        let event = type_path(svc, &s.path);
        let read = read_struct(svc, s, quote!(#wire), quote!(#event::builder()));
        let value = if v.boxed { quote!(::std::boxed::Box::new(value)) } else { quote!(value) };
        Some(quote! {
            #wire => {
                #read
                #t::#vn(#value)
            }
        })
    });
    quote! {
        pub(crate) fn #name(event_type: &str, message: &crate::runtime::event_message::Message)
            -> ::std::result::Result<#t, crate::runtime::event_stream::EventStreamError> {
            use crate::runtime::event_stream as es;
            ::std::result::Result::Ok(match event_type {
                #(#arms)*
                _ => #t::Unknown,
            })
        }
    }
}

/// `unmarshal_<error>(message, meta) -> Result<Error, EventStreamError>` for a modeled error in a stream.
fn unmarshal_error_fn(svc: &Service, s: &Struct) -> TokenStream {
    let name = shape_fn("unmarshal", &s.path);
    let t = type_path(svc, &s.path);
    let code = s.error.as_ref().map(|e| e.code.clone()).unwrap_or_default();
    let read = read_struct(svc, s, quote!(#code), quote!(#t::builder().meta(meta)));
    quote! {
        pub(crate) fn #name(message: &crate::runtime::event_message::Message, meta: crate::runtime::error::ErrorMetadata)
            -> ::std::result::Result<#t, crate::runtime::event_stream::EventStreamError> {
            use crate::runtime::event_stream as es;
            #read
            ::std::result::Result::Ok(value)
        }
    }
}

/// Statements that read the structure from `message` into `value`, starting from the builder `start`.
fn read_struct(svc: &Service, s: &Struct, event: TokenStream, start: TokenStream) -> TokenStream {
    let svc_mod = ident(&svc.module);
    let de = shape_fn("de", &s.path);
    let into = format_ident!("{}_into", de);
    let finish = format_ident!("finish_{}", de.to_string().trim_start_matches("de_"));
    let payload_error = quote!(.map_err(|e| es::payload_error(#event, e))?);
    let headers = s.fields.iter().filter(|f| f.binding == Binding::EventHeader).map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        let value = match &f.ty {
            Ty::Enum(p) => {
                let e = type_path(svc, p);
                quote!(es::header::<::std::string::String>(message, #wire)?.map(|v| #e::from(v.as_str())))
            }
            Ty::IntEnum(p) => {
                let e = type_path(svc, p);
                quote!(es::header::<i32>(message, #wire)?.map(#e::from))
            }
            other => {
                let t = super::common::rust_type(svc, other);
                quote!(es::header::<#t>(message, #wire)?)
            }
        };
        quote!(builder.#fname = #value;)
    });
    let payload = match payload_member(s) {
        Some(p) => {
            let fname = ident(&p.rust_name);
            let value = match &p.ty {
                Ty::Blob => quote!(crate::runtime::blob::Blob::new(message.payload().to_vec())),
                Ty::String => quote!(es::payload_text(message, #event)?),
                Ty::Struct(sp) | Ty::Union(sp) => {
                    let f = shape_fn("de", sp);
                    quote!(crate::#svc_mod::json::#f(&es::payload_json(message, #event)?)#payload_error)
                }
                _ => quote!(es::payload_text(message, #event)?.parse().map_err(|_| es::payload_error(#event, "invalid payload"))?),
            };
            quote!(if !message.payload().is_empty() { builder.#fname = ::std::option::Option::Some(#value); })
        }
        None => quote!(let builder = crate::#svc_mod::json::#into(&es::payload_json(message, #event)?, builder)#payload_error;),
    };
    quote! {
        #[allow(unused_mut)]
        let mut builder = #start;
        #(#headers)*
        #payload
        let value = crate::#svc_mod::json::#finish(builder)#payload_error;
    }
}
