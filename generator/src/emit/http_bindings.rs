//! Request and response binding code: URI labels, query strings, headers, payloads and the JSON body.
//! Which members are bound where comes from the IR (the protocol decided it while lowering).
use super::common::{format_tokens, ident, rust_type, shape_fn, type_path};
use crate::ir::{Binding, Elem, Field, Service, Struct, TimestampFormat, Ty, UriSegment};
use crate::ir::{BodyHash, HostPrefixPart, Operation, RequestRules};
use proc_macro2::TokenStream;
use quote::quote;

/// Statements that produce a `&str`-compatible `String` or `&str` named `text` from `v` (a reference) for
/// labels and query values (timestamps default to date-time there).
fn to_text(ty: &Ty, v: TokenStream, format: Option<TimestampFormat>, default_format: TimestampFormat) -> TokenStream {
    match ty {
        Ty::String => quote!(::std::borrow::Cow::Borrowed(#v.as_str())),
        Ty::Enum(_) => quote!(::std::borrow::Cow::Borrowed(#v.as_str())),
        Ty::IntEnum(_) => quote!(::std::borrow::Cow::<str>::Owned(#v.value().to_string())),
        Ty::Bool | Ty::Byte | Ty::Short | Ty::Int | Ty::Long | Ty::BigInteger | Ty::BigDecimal => {
            quote!(::std::borrow::Cow::<str>::Owned(#v.to_string()))
        }
        Ty::Float => quote!(::std::borrow::Cow::<str>::Owned({
            let mut s = ::std::string::String::new();
            crate::runtime::encoding::push_f32(&mut s, *#v);
            s
        })),
        Ty::Double => quote!(::std::borrow::Cow::<str>::Owned({
            let mut s = ::std::string::String::new();
            crate::runtime::encoding::push_f64(&mut s, *#v);
            s
        })),
        Ty::Timestamp => {
            let f = format_tokens(format.unwrap_or(default_format));
            quote!(::std::borrow::Cow::<str>::Owned(#v.fmt(#f).map_err(construction)?))
        }
        Ty::Blob => quote!(::std::borrow::Cow::<str>::Owned(crate::runtime::encoding::base64_encode(#v.as_ref()))),
        _ => quote!(::std::borrow::Cow::<str>::Owned(::std::format!("{:?}", #v))),
    }
}

/// Appends literal path text (a single character as a `char`, as clippy prefers).
fn push_literal(text: &str) -> TokenStream {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => quote!(uri.push(#c);),
        _ => quote!(uri.push_str(#text);),
    }
}

/// Appends one `{label}` / `{label+}` value to `uri`. An unset or empty label makes the request impossible to
/// build (`missing_label`), unless the service's rules give it a default.
fn label_stmt(f: &Field, greedy: bool, rules: &RequestRules) -> TokenStream {
    let fname = ident(&f.rust_name);
    let wire = &f.wire_name;
    let text = to_text(&f.ty, quote!(v), f.timestamp_format, TimestampFormat::DateTime);
    let get = if f.optional { quote!(input.#fname.as_ref()) } else { quote!(::std::option::Option::Some(&input.#fname)) };
    let push = |value: TokenStream| {
        quote!(crate::runtime::encoding::push_required_label(&mut uri, #value, #greedy).ok_or_else(|| missing_label(#wire))?;)
    };
    if let Some((_, default)) = rules.label_defaults.iter().find(|(member, _)| member == wire) {
        let push = push(quote!(::std::option::Option::Some(text)));
        return quote! {
            {
                let text = match #get {
                    ::std::option::Option::Some(v) => #text,
                    ::std::option::Option::None => ::std::borrow::Cow::Borrowed(#default),
                };
                let text = if text.is_empty() { ::std::borrow::Cow::Borrowed(#default) } else { text };
                #push
            }
        };
    }
    // Text members are passed as `&str`; other types are formatted first (a timestamp may fail: `?`).
    let value = match (&f.ty, f.optional) {
        (Ty::String, true) => quote!(input.#fname.as_deref()),
        (Ty::Enum(_), true) => quote!(input.#fname.as_ref().map(|v| v.as_str())),
        (Ty::String | Ty::Enum(_), false) => quote!(::std::option::Option::Some(input.#fname.as_str())),
        // A timestamp's text may fail (`?`), which a closure cannot pass on.
        (Ty::Timestamp, true) => quote!(match &input.#fname { ::std::option::Option::Some(v) => ::std::option::Option::Some(#text), ::std::option::Option::None => ::std::option::Option::None }),
        (_, true) => quote!(input.#fname.as_ref().map(|v| #text)),
        (_, false) => quote!({ let v = &input.#fname; ::std::option::Option::Some(#text) }),
    };
    push(value)
}

/// Body of `serialize_request(input) -> Result<Request, SdkError<E>>`.
#[allow(clippy::too_many_arguments)]
pub fn serialize_request(svc: &Service, op: &Operation, content_type: &str, target: Option<String>, error: &TokenStream) -> TokenStream {
    let (input, http, host_prefix, rules) = (&op.input, &op.http, &op.host_prefix[..], &op.request_rules);
    let op_name = op.wire_name.as_str();
    let field = |name: &str| input.fields.iter().find(|f| f.wire_name == name);
    let mut path_stmts = Vec::new();
    // Literal path text is collected and pushed in one piece, up to the next label.
    let mut literal = String::new();
    for seg in &http.segments {
        literal.push('/');
        match seg {
            UriSegment::Literal(l) => literal.push_str(l),
            UriSegment::Label { name, greedy } => {
                let Some(f) = field(name) else { continue };
                path_stmts.push(push_literal(&literal));
                literal.clear();
                path_stmts.push(label_stmt(f, *greedy, rules));
            }
        }
    }
    if http.segments.is_empty() {
        literal.push('/');
    }
    if !literal.is_empty() {
        path_stmts.push(push_literal(&literal));
    }
    let mut query_stmts = Vec::new();
    for (k, v) in &http.query {
        query_stmts.push(match v {
            Some(v) => quote!(q.pair(#k, #v);),
            None => quote!(q.key_only(#k);),
        });
    }
    let explicit_query: Vec<&str> = input
        .fields
        .iter()
        .filter_map(|f| if let Binding::Query(n) = &f.binding { Some(n.as_str()) } else { None })
        .chain(http.query.iter().map(|(k, _)| k.as_str()))
        .collect();
    for f in &input.fields {
        let fname = ident(&f.rust_name);
        let stmt = match &f.binding {
            Binding::Query(name) => match &f.ty {
                Ty::List(e) => {
                    let text = to_text(&e.ty, quote!(item), e.timestamp_format, TimestampFormat::DateTime);
                    quote!(for item in v.iter() { let text = #text; q.pair(#name, &text); })
                }
                ty => {
                    let text = to_text(ty, quote!(v), f.timestamp_format, TimestampFormat::DateTime);
                    quote!(let text = #text; q.pair(#name, &text);)
                }
            },
            Binding::QueryParams => {
                let push = match &f.ty {
                    Ty::Map(e) => match &e.ty {
                        Ty::List(_) => quote!(for item in value.iter() { q.pair(key, item); }),
                        _ => quote!(q.pair(key, value);),
                    },
                    _ => quote!(),
                };
                quote! {
                    for (key, value) in v.iter() {
                        if ![#(#explicit_query),*].contains(&key.as_str()) { #push }
                    }
                }
            }
            _ => continue,
        };
        query_stmts.push(bind_optional(f, &fname, stmt));
    }
    let mut header_stmts = Vec::new();
    for f in &input.fields {
        let fname = ident(&f.rust_name);
        let stmt = match &f.binding {
            Binding::Header(name) => {
                let text = header_text(&f.ty, quote!(v), f);
                quote!(request = request.header(#name, #text);)
            }
            Binding::PrefixHeaders(prefix) => {
                // A header bound to its own member wins over the same name in the prefix map.
                let bound: Vec<String> = input
                    .fields
                    .iter()
                    .filter_map(|f| if let Binding::Header(h) = &f.binding { Some(h.to_ascii_lowercase()) } else { None })
                    .collect();
                quote! {
                    for (key, value) in v.iter() {
                        let name = ::std::format!("{}{}", #prefix, key);
                        if [#(#bound),*].iter().any(|b: &&str| b.eq_ignore_ascii_case(&name)) {
                            continue;
                        }
                        request = request.header(name, value.clone());
                    }
                }
            }
            _ => continue,
        };
        header_stmts.push(bind_optional(f, &fname, stmt));
    }
    // Service headers go after the members' so a member bound to the same header wins.
    let static_header_stmts = svc.static_headers.iter().map(|(name, value)| {
        quote!(if request.header_value(#name).is_none() { request = request.header(#name, #value); })
    });
    let body = body_stmts(svc, input, content_type);
    let body_hash_stmts = rules.body_hashes.iter().map(|(name, hash)| {
        let digest = match hash {
            BodyHash::Sha256 => quote!(crate::runtime::body_hash::sha256_hex(request.body_bytes())),
            BodyHash::Sha256Tree => quote!(crate::runtime::body_hash::tree_hash_hex(request.body_bytes())),
        };
        quote!(if request.header_value(#name).is_none() { let digest = #digest; request = request.header(#name, digest); })
    });
    let endpoint_stmt = rules.endpoint_member.as_ref().and_then(|name| field(name)).map(|f| {
        let fname = ident(&f.rust_name);
        bind_optional(f, &fname, quote!(if !v.is_empty() { request = request.endpoint_override(v.clone()); }))
    });
    let host_prefix_stmts = host_prefix_stmts(input, host_prefix, op_name, error);
    let query = (!query_stmts.is_empty()).then(|| {
        quote! {
            {
                let mut q = crate::runtime::encoding::QueryWriter::new(&mut uri);
                #(#query_stmts)*
            }
        }
    });
    let method = &http.method;
    let target_header = target.map(|t| quote!(request = request.header("x-amz-target", #t);));
    let query_mode_header = svc.query_compatible.then(|| quote!(request = request.header("x-amzn-query-mode", "true");));
    quote! {
        // Failure constructors, shared by every binding below.
        type E = crate::runtime::error::SdkError<#error>;
        let construction = |e| E::unserializable_timestamp(#op_name, e);
        let missing_label = |member| E::missing_label(#op_name, member);
        let mut uri = ::std::string::String::with_capacity(64);
        #(#path_stmts)*
        #query
        let mut request = crate::runtime::http::Request::new(#method, uri);
        #target_header
        #query_mode_header
        #(#header_stmts)*
        #(#static_header_stmts)*
        #body
        #(#body_hash_stmts)*
        #host_prefix_stmts
        #endpoint_stmt
        ::std::result::Result::Ok(request)
    }
}

/// Statements setting the request's host prefix from `@endpoint(hostPrefix)`, checking each `@hostLabel`
/// value first (empty values and characters not allowed in a host are validation errors).
fn host_prefix_stmts(input: &Struct, parts: &[HostPrefixPart], op_name: &str, error: &TokenStream) -> TokenStream {
    if parts.is_empty() {
        return TokenStream::new();
    }
    if let [HostPrefixPart::Literal(text)] = parts {
        return quote!(request = request.host_prefix(::std::string::String::from(#text)););
    }
    let pushes = parts.iter().map(|part| match part {
        HostPrefixPart::Literal(text) => quote!(prefix.push_str(#text);),
        HostPrefixPart::Label(name) => {
            let Some(f) = input.fields.iter().find(|f| &f.wire_name == name) else {
                return quote!();
            };
            let fname = ident(&f.rust_name);
            let get = if f.optional { quote!(input.#fname.as_deref()) } else { quote!(::std::option::Option::Some(input.#fname.as_str())) };
            quote! {
                let v: &str = #get.ok_or_else(|| missing_label(#name))?;
                if v.is_empty() {
                    return ::std::result::Result::Err(missing_label(#name));
                }
                if !crate::runtime::host_prefix::is_valid_host_label(v) {
                    return ::std::result::Result::Err(crate::runtime::error::SdkError::<#error>::Validation(
                        crate::runtime::validate::ValidationError::new(
                            crate::runtime::validate::Path::root(#op_name).member(#name),
                            crate::runtime::validate::Constraint::Pattern { pattern: crate::runtime::host_prefix::HOST_LABEL_PATTERN },
                        ),
                    ));
                }
                prefix.push_str(v);
            }
        }
    });
    quote! {
        {
            let mut prefix = ::std::string::String::with_capacity(64);
            #(#pushes)*
            request = request.host_prefix(prefix);
        }
    }
}

fn bind_optional(f: &Field, fname: &proc_macro2::Ident, stmt: TokenStream) -> TokenStream {
    if f.optional {
        quote!(if let ::std::option::Option::Some(v) = &input.#fname { #stmt })
    } else {
        quote!({ let v = &input.#fname; #stmt })
    }
}

/// A header value (`String`) for `v`.
fn header_text(ty: &Ty, v: TokenStream, f: &Field) -> TokenStream {
    match ty {
        Ty::String if f.media_type.is_some() => quote!(crate::runtime::encoding::base64_encode(#v.as_bytes())),
        Ty::List(e) => {
            let item = match &e.ty {
                Ty::Timestamp => {
                    let fmt = format_tokens(e.timestamp_format.unwrap_or(TimestampFormat::HttpDate));
                    quote!(item.fmt(#fmt).map_err(construction)?)
                }
                Ty::String | Ty::Enum(_) => quote!(item.as_str().to_string()),
                other => {
                    let t = to_text(other, quote!(item), e.timestamp_format, TimestampFormat::HttpDate);
                    quote!(#t.into_owned())
                }
            };
            // HTTP dates hold a comma but are never quoted in a list header (Smithy's rule).
            let join = if e.ty == Ty::Timestamp {
                quote!(items.join(", "))
            } else {
                quote!(crate::runtime::encoding::join_header_list(items.iter().map(|s| s.as_str())))
            };
            quote!({
                let mut items = ::std::vec::Vec::with_capacity(#v.len());
                for item in #v.iter() { items.push(#item); }
                #join
            })
        }
        other => {
            let t = to_text(other, v, f.timestamp_format, TimestampFormat::HttpDate);
            quote!(#t.into_owned())
        }
    }
}

fn body_stmts(svc: &Service, input: &Struct, content_type: &str) -> TokenStream {
    let svc_mod = ident(&svc.module);
    if let Some(p) = input.fields.iter().find(|f| f.binding == Binding::Payload) {
        if matches!(p.ty, Ty::EventSender(_)) {
            // The events are encoded into the body when the request is sent (`send` awaits the sender).
            return quote!(request = request.header("content-type", crate::runtime::event_stream::CONTENT_TYPE););
        }
        let fname = ident(&p.rust_name);
        let (bytes, ct) = match &p.ty {
            Ty::Blob => (quote!(v.as_ref().to_vec()), p.media_type.clone().unwrap_or_else(|| "application/octet-stream".into())),
            Ty::String => (quote!(v.as_bytes().to_vec()), p.media_type.clone().unwrap_or_else(|| "text/plain".into())),
            Ty::Enum(_) => (quote!(v.as_str().as_bytes().to_vec()), "text/plain".into()),
            Ty::Document => (quote!(::serde_json::to_vec(v).unwrap_or_default()), content_type.to_string()),
            Ty::Struct(sp) => {
                let f = shape_fn("ser", sp);
                (
                    quote!({
                        let mut out = ::std::string::String::with_capacity(128);
                        let mut o = crate::runtime::json::ObjectWriter::new(&mut out);
                        crate::#svc_mod::json::#f(&mut o, v).map_err(construction)?;
                        o.finish();
                        out.into_bytes()
                    }),
                    content_type.to_string(),
                )
            }
            Ty::Union(up) => {
                let f = shape_fn("ser", up);
                (
                    quote!({
                        let mut out = ::std::string::String::with_capacity(128);
                        crate::#svc_mod::json::#f(crate::runtime::json::ValueWriter::new(&mut out), v).map_err(construction)?;
                        out.into_bytes()
                    }),
                    content_type.to_string(),
                )
            }
            _ => (quote!(v.to_string().into_bytes()), "text/plain".into()),
        };
        let get = if p.optional { quote!(input.#fname.as_ref()) } else { quote!(::std::option::Option::Some(&input.#fname)) };
        let has_explicit_ct = input.fields.iter().any(|f| matches!(&f.binding, Binding::Header(h) if h.eq_ignore_ascii_case("content-type")));
        let set_ct = if has_explicit_ct { quote!() } else { quote!(request = request.header("content-type", #ct);) };
        // A structure payload that is absent still sends `{}` (restJson1); other absent payloads send nothing.
        let absent = if matches!(p.ty, Ty::Struct(_)) {
            quote!(request = request.header("content-type", #ct).body(b"{}".to_vec());)
        } else {
            quote!()
        };
        return quote! {
            match #get {
                ::std::option::Option::Some(v) => { #set_ct request = request.body(#bytes); }
                ::std::option::Option::None => { #absent }
            }
        };
    }
    let body_fields = input.fields.iter().any(|f| f.binding == Binding::Body);
    let always_body = !svc.protocol.uses_http_bindings();
    if !body_fields && !always_body {
        return quote!();
    }
    let ser = shape_fn("ser", &input.path);
    quote! {
        let mut body = ::std::string::String::with_capacity(256);
        let mut o = crate::runtime::json::ObjectWriter::new(&mut body);
        crate::#svc_mod::json::#ser(&mut o, input).map_err(construction)?;
        o.finish();
        request = request.header("content-type", #content_type).body(body.into_bytes());
    }
}

/// Body of a function `(response: &Response, builder) -> Result<T, DeserializeError>` that reads the HTTP
/// bindings (headers, status, payload) and the JSON body of an output or error structure.
pub fn parse_response_body(svc: &Service, s: &Struct) -> TokenStream {
    let svc_mod = ident(&svc.module);
    let j = quote!(crate::runtime::json);
    let mut stmts = Vec::new();
    for f in &s.fields {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        match &f.binding {
            Binding::Header(name) if s.error.is_some() => {
                // A header that does not parse leaves its member unset: the error stays the modeled one.
                let value = parse_header(svc, &f.ty, f, wire);
                stmts.push(quote! {
                    if let ::std::option::Option::Some(text) = response.header(#name) {
                        builder.#fname = crate::runtime::error::member_unless_invalid(|| {
                            let value = #value;
                            ::std::result::Result::Ok(value)
                        });
                    }
                });
            }
            Binding::Header(name) => {
                let value = parse_header(svc, &f.ty, f, wire);
                stmts.push(quote! {
                    if let ::std::option::Option::Some(text) = response.header(#name) {
                        builder.#fname = ::std::option::Option::Some(#value);
                    }
                });
            }
            Binding::PrefixHeaders(prefix) => {
                let lower = prefix.to_ascii_lowercase();
                stmts.push(quote! {
                    {
                        let mut map = ::std::collections::HashMap::new();
                        for (name, value) in response.headers() {
                            if name.len() >= #lower.len() && name[..#lower.len()].eq_ignore_ascii_case(#lower) {
                                map.insert(name[#lower.len()..].to_string(), value.to_string());
                            }
                        }
                        if !map.is_empty() {
                            builder.#fname = ::std::option::Option::Some(map);
                        }
                    }
                });
            }
            Binding::ResponseCode => {
                stmts.push(quote!(builder.#fname = ::std::option::Option::Some(i32::from(response.status()));));
            }
            Binding::Payload if matches!(f.ty, Ty::EventReceiver { .. }) => {
                // The body is the event stream; `unmarshal_event` is the operation's own message reader.
                stmts.push(quote! {
                    builder.#fname = ::std::option::Option::Some(
                        crate::runtime::event_stream::EventReceiver::from_response(response, unmarshal_event),
                    );
                });
            }
            Binding::Payload => {
                let value = match &f.ty {
                    Ty::Blob => quote!(crate::runtime::blob::Blob::new(body.to_vec())),
                    Ty::String => quote!(::std::string::String::from_utf8(body.to_vec()).map_err(|_| #j::DeserializeError::new(#wire, "payload is not UTF-8"))?),
                    Ty::Enum(p) => {
                        let t = type_path(svc, p);
                        quote!(#t::from(::std::str::from_utf8(body).map_err(|_| #j::DeserializeError::new(#wire, "payload is not UTF-8"))?))
                    }
                    Ty::Struct(p) | Ty::Union(p) => {
                        let de = shape_fn("de", p);
                        quote!(crate::#svc_mod::json::#de(&#j::parse_body(body)?)?)
                    }
                    Ty::Document => quote!(#j::parse_body(body)?),
                    _ => quote!(return ::std::result::Result::Err(#j::DeserializeError::new(#wire, "unsupported payload type"))),
                };
                let value = if f.boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
                stmts.push(quote!(if !body.is_empty() { builder.#fname = ::std::option::Option::Some(#value); }));
            }
            _ => {}
        }
    }
    let has_payload = s.fields.iter().any(|f| f.binding == Binding::Payload);
    let finish = quote::format_ident!("finish_{}", shape_fn("de", &s.path).to_string().trim_start_matches("de_"));
    if !has_payload && stmts.is_empty() {
        // Everything is in the JSON body (the common case): one runtime call.
        let into = quote::format_ident!("{}_into", shape_fn("de", &s.path));
        return quote!(#j::read_body(response.body(), builder, crate::#svc_mod::json::#into, crate::#svc_mod::json::#finish));
    }
    if !has_payload {
        let into = quote::format_ident!("{}_into", shape_fn("de", &s.path));
        stmts.push(quote! {
            if !body.is_empty() {
                let value = #j::parse_body(body)?;
                builder = crate::#svc_mod::json::#into(&value, builder)?;
            }
        });
    }
    quote! {
        let body = response.body();
        let _ = body;
        #(#stmts)*
        crate::#svc_mod::json::#finish(builder)
    }
}

fn parse_header(svc: &Service, ty: &Ty, f: &Field, wire: &str) -> TokenStream {
    let j = quote!(crate::runtime::json);
    let bad = quote!(|_| #j::DeserializeError::new(#wire, "invalid header value"));
    match ty {
        Ty::String if f.media_type.is_some() => quote!(
            ::std::string::String::from_utf8(crate::runtime::encoding::base64_decode(text).map_err(#bad)?).map_err(#bad)?
        ),
        Ty::List(e) => {
            let item = parse_scalar(svc, &e.ty, quote!(item.trim()), e, wire);
            match &e.ty {
                Ty::Timestamp => {
                    let fmt = format_tokens(e.timestamp_format.unwrap_or(TimestampFormat::HttpDate));
                    quote!(crate::runtime::encoding::parse_timestamp_list(text, #fmt).map_err(#bad)?)
                }
                _ => quote!({
                    let mut out = ::std::vec::Vec::new();
                    for item in crate::runtime::encoding::split_header_list(text).map_err(#bad)? {
                        out.push(#item);
                    }
                    out
                }),
            }
        }
        _ => {
            let elem = Elem {
                ty: ty.clone(),
                sparse: false,
                constraints: Default::default(),
                timestamp_format: f.timestamp_format,
                collection_constraints: Default::default(),
            };
            parse_scalar(svc, ty, quote!(text), &elem, wire)
        }
    }
}

fn parse_scalar(svc: &Service, ty: &Ty, text: TokenStream, e: &Elem, wire: &str) -> TokenStream {
    let j = quote!(crate::runtime::json);
    let bad = quote!(|_| #j::DeserializeError::new(#wire, "invalid header value"));
    match ty {
        Ty::String => quote!(#text.to_string()),
        Ty::Enum(p) => {
            let t = type_path(svc, p);
            quote!(#t::from(&*#text))
        }
        Ty::Bool => quote!(crate::runtime::encoding::parse_bool(&#text).ok_or_else(|| #j::DeserializeError::new(#wire, "invalid boolean header"))?),
        Ty::Float | Ty::Double => {
            let t = rust_type(svc, ty);
            quote!(crate::runtime::encoding::parse_f64(&#text).ok_or_else(|| #j::DeserializeError::new(#wire, "invalid number header"))? as #t)
        }
        Ty::Timestamp => {
            let f = format_tokens(e.timestamp_format.unwrap_or(TimestampFormat::HttpDate));
            quote!(crate::runtime::datetime::DateTime::parse(&#text, #f).map_err(#bad)?)
        }
        Ty::IntEnum(p) => {
            let t = type_path(svc, p);
            quote!(#t::from(#text.parse::<i32>().map_err(#bad)?))
        }
        other => {
            let t = rust_type(svc, other);
            quote!(#text.parse::<#t>().map_err(#bad)?)
        }
    }
}
