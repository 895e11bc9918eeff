//! `<svc>/reflect.rs`: the `Reflect` / `ToValue` impls that the service's JMESPath paths (waiters, endpoint
//! parameters bound from the input) need, for the shapes and members they read and nothing else.
use super::common::{ident, type_path};
use crate::ir::Service;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit_reflect_module(svc: &Service) -> TokenStream {
    let plan = &svc.lifecycle.reflect;
    let strings = plan.enums.iter().map(|p| type_path(svc, p));
    let ints = plan.int_enums.iter().map(|p| type_path(svc, p));
    let structs = plan.structs.iter().filter_map(|(path, members)| {
        let s = svc
            .structs
            .iter()
            .chain(svc.operations.iter().flat_map(|op| [&op.input, &op.output]))
            .find(|s| &s.path == path)?;
        let entries = s.fields.iter().filter(|f| members.contains(&f.wire_name)).map(|f| {
            let (wire, field) = (&f.wire_name, ident(&f.rust_name));
            quote!(#wire => #field)
        });
        let t = type_path(svc, path);
        Some(quote!(crate::runtime::reflect::reflect_struct!(#t { #(#entries),* });))
    });
    let unions = plan.unions.iter().filter_map(|(path, members)| {
        let u = svc.unions.iter().find(|u| &u.path == path)?;
        let entries = u.variants.iter().filter(|v| members.contains(&v.wire_name)).map(|v| {
            let (wire, variant) = (&v.wire_name, ident(&v.rust_name));
            quote!(#wire => #variant)
        });
        let t = type_path(svc, path);
        Some(quote!(crate::runtime::reflect::reflect_union!(#t { #(#entries),* });))
    });
    quote! {
        //! How this service's waiter and endpoint paths see its shapes: only the members they read.
        crate::runtime::reflect::reflect_enums!(strings: [#(#strings),*] ints: [#(#ints),*]);
        #(#structs)*
        #(#unions)*
    }
}
