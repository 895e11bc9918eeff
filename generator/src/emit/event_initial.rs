//! awsJson operations with event streams: the functions that write the input's other members as the
//! initial-request message and read the output's from the initial-response message (restJson1 binds those
//! members to HTTP instead).
use super::common::{ident, shape_fn, type_path};
use crate::ir::{Operation, Service, Ty};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `serialize_initial_request(input) -> Result<Message, SdkError<Error>>`: the input's members beside the
/// event stream as the JSON payload of the `initial-request` event.
pub fn initial_request_fn(svc: &Service, op: &Operation, error: &TokenStream) -> TokenStream {
    let svc_mod = ident(&svc.module);
    let input = type_path(svc, &op.input.path);
    let ser = shape_fn("ser", &op.input.path);
    let content_type = svc.protocol.json_content_type();
    let wire = &op.wire_name;
    quote! {
        pub(crate) fn serialize_initial_request(input: &#input)
            -> ::std::result::Result<crate::runtime::event_message::Message, crate::runtime::error::SdkError<#error>> {
            let mut members = ::std::string::String::with_capacity(64);
            let mut o = crate::runtime::json::ObjectWriter::new(&mut members);
            crate::#svc_mod::json::#ser(&mut o, input)
                .map_err(|e| crate::runtime::error::SdkError::unserializable_timestamp(#wire, e))?;
            o.finish();
            ::std::result::Result::Ok(crate::runtime::event_initial::initial_request(#content_type, members.into_bytes()))
        }
    }
}

/// `parse_initial_response(members, events) -> Result<Output, DeserializeError>`: the output from the
/// `initial-response` payload (empty when the stream had none) and the receiver of the events that follow.
pub fn parse_initial_response_fn(svc: &Service, op: &Operation, output: &TokenStream) -> TokenStream {
    let svc_mod = ident(&svc.module);
    let receiver = op.output.fields.iter().find_map(|f| match &f.ty {
        Ty::EventReceiver { union, error } => Some((ident(&f.rust_name), type_path(svc, union), type_path(svc, error))),
        _ => None,
    });
    let Some((field, union, error)) = receiver else { return quote!() };
    let de = shape_fn("de", &op.output.path);
    let into = format_ident!("{}_into", de);
    let finish = format_ident!("finish_{}", de.to_string().trim_start_matches("de_"));
    quote! {
        pub(crate) fn parse_initial_response(
            members: &[u8],
            events: crate::runtime::event_stream::EventReceiver<#union, #error>,
        ) -> ::std::result::Result<#output, crate::runtime::json::DeserializeError> {
            let mut builder = #output::builder();
            builder.#field = ::std::option::Option::Some(events);
            crate::runtime::json::read_body(members, builder, crate::#svc_mod::json::#into, crate::#svc_mod::json::#finish)
        }
    }
}
