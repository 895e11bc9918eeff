//! Enums (string and int) and unions. All are `#[non_exhaustive]` with an unknown case: a value added to the
//! service later still parses (enums keep the wire value; unions keep that an unknown member arrived).
use super::common::{docs, ident, rust_type};
use super::structs::REDACTED;
use crate::ir::{Enum, IntEnum, Service, Union};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit_enum(e: &Enum) -> TokenStream {
    let name = ident(&e.path.name);
    let doc = docs(&format!("{}\n\n{}", e.docs, super::doc_text::enum_values(e)));
    let variants = e.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let d = docs(&v.docs);
        quote!(#d #vn,)
    });
    let entries = e.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let val = &v.value;
        quote!(#vn => #val,)
    });
    let debug = if e.sensitive { quote!(redacted) } else { quote!(plain) };
    quote! {
        #doc
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know; `as_str()` gives it as sent.
            Unknown(crate::runtime::unknown::UnknownVariantValue),
        }
        crate::runtime::macros::string_enum_impls! { #name { #(#entries)* } debug: #debug }
    }
}

pub fn emit_int_enum(e: &IntEnum) -> TokenStream {
    let name = ident(&e.path.name);
    let doc = docs(&format!("{}\n\n{}", e.docs, super::doc_text::int_enum_values(e)));
    let variants = e.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let d = docs(&v.docs);
        quote!(#d #vn,)
    });
    let entries = e.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let val = v.value as i32;
        quote!(#vn => #val,)
    });
    quote! {
        #doc
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know.
            Unknown(crate::runtime::unknown::UnknownIntValue),
        }
        crate::runtime::macros::int_enum_impls! { #name { #(#entries)* } }
    }
}

pub fn emit_union(svc: &Service, u: &Union) -> TokenStream {
    let name = ident(&u.path.name);
    let doc = docs(&u.docs);
    let variants = u.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let d = docs(&v.docs);
        if v.unit {
            return quote!(#d #vn,);
        }
        let t = rust_type(svc, &v.ty);
        let t = if v.boxed { quote!(::std::boxed::Box<#t>) } else { t };
        quote!(#d #vn(#t),)
    });
    let accessors = u.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let snake = crate::naming::snake(&v.rust_name);
        let as_fn = ident(&format!("as_{snake}"));
        let is_fn = ident(&format!("is_{snake}"));
        let t = rust_type(svc, &v.ty);
        let doc_as = format!(" The `{}` value, or `Err(self)` when this is another variant.", v.wire_name);
        let doc_is = format!(" Whether this is the `{}` variant.", v.wire_name);
        if v.unit {
            return quote! {
                #[doc = #doc_is]
                pub fn #is_fn(&self) -> bool {
                    ::std::matches!(self, #name::#vn)
                }
            };
        }
        quote! {
            #[doc = #doc_as]
            pub fn #as_fn(&self) -> ::std::result::Result<&#t, &Self> {
                if let #name::#vn(v) = self { ::std::result::Result::Ok(v) } else { ::std::result::Result::Err(self) }
            }
            #[doc = #doc_is]
            pub fn #is_fn(&self) -> bool {
                ::std::matches!(self, #name::#vn(_))
            }
        }
    });
    let debug_arms = u.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let label = &v.rust_name;
        if v.unit {
            quote!(#name::#vn => f.write_str(#label),)
        } else if v.sensitive || u.sensitive {
            quote!(#name::#vn(_) => f.debug_tuple(#label).field(&#REDACTED).finish(),)
        } else {
            quote!(#name::#vn(v) => f.debug_tuple(#label).field(v).finish(),)
        }
    });
    quote! {
        #doc
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A member this version of the client does not know was received.
            #[non_exhaustive]
            Unknown,
        }
        impl #name {
            #(#accessors)*
            /// Whether an unknown member was received.
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, #name::Unknown)
            }
        }
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#debug_arms)*
                    #name::Unknown => f.write_str("Unknown"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_runtime_enum_macro_redacts_with_the_same_text_as_emitted_debug_impls() {
        let macros = crate::runtime_files::RUNTIME_FILES.iter().find(|(name, _)| *name == "macros.rs").map(|(_, text)| *text);
        let needle = format!("f.write_str(\"{}\")", super::REDACTED);
        assert!(macros.is_some_and(|text| text.contains(&needle)), "macros.rs must redact with {needle}");
    }
}
