//! Client-side validation of operation inputs (required members, @length, @pattern, @range), run before any
//! network I/O. Enum values are not checked on purpose: a newer service may accept values this client does not know.
use super::common::{ident, shape_fn, type_path};
use crate::ir::{Elem, Field, Service, Struct, Ty, TypePath};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

pub fn shape_validate_fn(path: &TypePath) -> Ident {
    shape_fn("validate", path)
}

pub fn emit_validate_module(svc: &Service) -> TokenStream {
    let structs: BTreeMap<&TypePath, &Struct> = svc.structs.iter().map(|s| (&s.path, s)).collect();
    let mut needed: BTreeSet<TypePath> = BTreeSet::new();
    let mut stack: Vec<&Struct> = svc.operations.iter().map(|o| &o.input).collect();
    let mut fns = Vec::new();
    // One lazily compiled regex cache per distinct `@pattern`, shared by every check that uses it.
    let mut patterns = Patterns::default();
    while let Some(s) = stack.pop() {
        if !needed.insert(s.path.clone()) {
            continue;
        }
        let mut nested = Vec::new();
        collect_structs(s.fields.iter().map(|f| &f.ty), &mut nested);
        for p in nested {
            if let Some(n) = structs.get(&p) {
                stack.push(n);
            }
        }
        fns.push(validate_fn(svc, s, &mut patterns));
    }
    let mut indices: Vec<usize> = patterns.0.values().copied().collect();
    indices.sort_unstable();
    let caches = indices.into_iter().map(|i| {
        let cache = format_ident!("PATTERN_{}", i);
        quote!(static #cache: rt::PatternCache = rt::PatternCache::new();)
    });
    quote! {
        //! Input validation (generated).
        use crate::runtime::validate as rt;
        #(#caches)*
        #(#fns)*
    }
}

/// Distinct `@pattern`s, each with the index of its cache static.
#[derive(Default)]
struct Patterns(BTreeMap<String, usize>);

impl Patterns {
    fn cache_for(&mut self, pattern: &str) -> proc_macro2::Ident {
        let next = self.0.len();
        let i = *self.0.entry(pattern.to_string()).or_insert(next);
        format_ident!("PATTERN_{}", i)
    }
}

fn collect_structs<'a>(tys: impl Iterator<Item = &'a Ty>, out: &mut Vec<TypePath>) {
    for ty in tys {
        match ty {
            Ty::Struct(p) => out.push(p.clone()),
            Ty::List(e) | Ty::Map(e) => collect_structs(std::iter::once(&e.ty), out),
            _ => {}
        }
    }
}

fn validate_fn(svc: &Service, s: &Struct, patterns: &mut Patterns) -> TokenStream {
    let name = shape_validate_fn(&s.path);
    let t = type_path(svc, &s.path);
    let checks: Vec<TokenStream> = s.fields.iter().filter_map(|f| field_check(svc, f, patterns)).collect();
    let (v, p) = if checks.is_empty() { (quote!(_input), quote!(_path)) } else { (quote!(input), quote!(path)) };
    quote! {
        pub(crate) fn #name(#v: &#t, #p: rt::Path<'_>) -> ::std::result::Result<(), rt::ValidationError> {
            #(#checks)*
            ::std::result::Result::Ok(())
        }
    }
}

fn field_check(svc: &Service, f: &Field, patterns: &mut Patterns) -> Option<TokenStream> {
    let fname = ident(&f.rust_name);
    let wire = &f.wire_name;
    let elem = Elem {
        ty: f.ty.clone(),
        sparse: false,
        constraints: f.constraints.clone(),
        timestamp_format: None,
        collection_constraints: f.constraints.clone(),
    };
    let inner = value_checks(svc, &elem, quote!(v), quote!(p), 0, patterns);
    let v = quote!(rt);
    if f.optional && f.required && !f.idempotency_token && inner.is_empty() {
        Some(quote!(#v::required(&input.#fname, path.member(#wire))?;))
    } else if f.optional && f.required && !f.idempotency_token {
        Some(quote!({
            let p = path.member(#wire);
            let v = #v::required(&input.#fname, p)?;
            #inner
        }))
    } else if inner.is_empty() {
        None
    } else if f.optional {
        Some(quote!(if let ::std::option::Option::Some(v) = &input.#fname { let p = path.member(#wire); #inner }))
    } else {
        Some(quote!({ let v = &input.#fname; let p = path.member(#wire); #inner }))
    }
}

fn bound_u64(b: Option<u64>) -> TokenStream {
    match b {
        Some(x) => quote!(::std::option::Option::Some(#x)),
        None => quote!(::std::option::Option::None),
    }
}

/// Checks on `v` (a reference) at path `p`; empty when nothing applies.
fn value_checks(svc: &Service, e: &Elem, v: TokenStream, p: TokenStream, depth: usize, patterns: &mut Patterns) -> TokenStream {
    let val = quote!(rt);
    let c = &e.constraints;
    let mut out = TokenStream::new();
    match &e.ty {
        Ty::String => {
            if let Some((min, max)) = c.length {
                let (min, max) = (bound_u64(min), bound_u64(max));
                out.extend(quote!(#val::length_str(#v, #min, #max, #p)?;));
            }
            if let Some(pat) = &c.pattern {
                let cache = patterns.cache_for(pat);
                out.extend(quote!(#val::pattern(#v, #pat, &#cache, #p)?;));
            }
        }
        Ty::Blob => {
            if let Some((min, max)) = c.length {
                let (min, max) = (bound_u64(min), bound_u64(max));
                out.extend(quote!(#val::length_blob(#v.as_ref(), #min, #max, #p)?;));
            }
        }
        Ty::Byte | Ty::Short | Ty::Int | Ty::Long => {
            if let Some((min, max)) = c.range {
                let b = |x: Option<f64>| match x {
                    Some(x) => {
                        let l = Literal::i64_suffixed(x as i64);
                        quote!(::std::option::Option::Some(#l))
                    }
                    None => quote!(::std::option::Option::None),
                };
                let (min, max) = (b(min), b(max));
                // A long is already an i64 (clippy flags a conversion to the same type).
                let value = if matches!(e.ty, Ty::Long) { quote!(*#v) } else { quote!(i64::from(*#v)) };
                out.extend(quote!(#val::range_i64(#value, #min, #max, #p)?;));
            }
        }
        Ty::Float | Ty::Double => {
            if let Some((min, max)) = c.range {
                let b = |x: Option<f64>| match x {
                    Some(x) => {
                        let l = Literal::f64_suffixed(x);
                        quote!(::std::option::Option::Some(#l))
                    }
                    None => quote!(::std::option::Option::None),
                };
                let (min, max) = (b(min), b(max));
                let value = if e.ty == Ty::Double { quote!(*#v) } else { quote!(f64::from(*#v)) };
                out.extend(quote!(#val::range_f64(#value, #min, #max, #p)?;));
            }
        }
        Ty::Struct(sp) => {
            let f = shape_validate_fn(sp);
            let svc_mod = ident(&svc.module);
            out.extend(quote!(crate::#svc_mod::validate::#f(#v, #p)?;));
        }
        Ty::List(inner) | Ty::Map(inner) => {
            if let Some((min, max)) = e.collection_constraints.length {
                let (min, max) = (bound_u64(min), bound_u64(max));
                out.extend(quote!(#val::length_collection(#v.len(), #min, #max, #p)?;));
            }
            let item = format_ident!("item{}", depth + 1);
            let ip = format_ident!("p{}", depth + 1);
            let checks = value_checks(svc, inner, quote!(#item), quote!(#ip), depth + 1, patterns);
            if !checks.is_empty() {
                let checks = if inner.sparse {
                    quote!(if let ::std::option::Option::Some(#item) = #item { #checks })
                } else {
                    checks
                };
                if matches!(e.ty, Ty::List(_)) {
                    out.extend(quote!(for (i, #item) in #v.iter().enumerate() { let #ip = #p.index(i); #checks }));
                } else {
                    out.extend(quote!(for (k, #item) in #v.iter() { let #ip = #p.key(k); #checks }));
                }
            }
        }
        _ => {}
    }
    out
}
