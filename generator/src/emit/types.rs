//! The `types` module of a service: shared structures, enums, int enums and unions, with builders.
use super::enums::{emit_enum, emit_int_enum, emit_union};
use super::structs::emit_struct;
use crate::ir::{Service, StructKind};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit_types_module(svc: &Service) -> TokenStream {
    let mut items = Vec::new();
    let mut builders = Vec::new();
    for s in svc.structs.iter().filter(|s| s.kind == StructKind::Plain) {
        let (t, b) = emit_struct(svc, s);
        items.push(t);
        builders.push(b);
    }
    items.extend(svc.enums.iter().map(emit_enum));
    items.extend(svc.int_enums.iter().map(emit_int_enum));
    items.extend(svc.unions.iter().map(|u| emit_union(svc, u)));
    quote! {
        //! Structures, enums and unions shared by this service's operations.
        #(#items)*
        /// Builders of the structures in this module.
        pub mod builders {
            #(#builders)*
        }
    }
}
