//! The `Params` struct of a rule set: one field per parameter, its `Default`, and `from_builtins`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::Value;

use super::ast::{ParamType, Parameter};
use super::error::EndpointError;
use super::value::{local_ident, Scope, Ty, Typed};

/// Built-ins that client configuration provides, with the `BuiltIns` field holding each.
pub(crate) fn builtin_field(built_in: &str) -> Option<(&'static str, ParamType)> {
    match built_in {
        "AWS::Region" => Some(("region", ParamType::String)),
        "AWS::UseFIPS" => Some(("use_fips", ParamType::Boolean)),
        "AWS::UseDualStack" => Some(("use_dual_stack", ParamType::Boolean)),
        "SDK::Endpoint" => Some(("endpoint", ParamType::String)),
        "AWS::Auth::AccountId" => Some(("account_id", ParamType::String)),
        "AWS::Auth::AccountIdEndpointMode" => Some(("account_id_endpoint_mode", ParamType::String)),
        _ => None,
    }
}

pub(crate) fn field_ident(param: &Parameter) -> Ident {
    local_ident(&param.name)
}

/// Parameters whose names make the same Rust field (`Region` and `region`).
pub(crate) fn check_field_names(parameters: &[Parameter]) -> Result<(), EndpointError> {
    let mut seen = std::collections::BTreeMap::new();
    for param in parameters {
        if let Some(other) = seen.insert(field_ident(param).to_string(), &param.name) {
            return Err(EndpointError::new(
                format!("parameter `{}`", param.name),
                format!("its Rust field name is the same as parameter `{other}`'s"),
            ));
        }
    }
    Ok(())
}

fn field_type(param: &Parameter) -> TokenStream {
    let inner = match param.ty {
        ParamType::String => quote!(::std::string::String),
        ParamType::Boolean => quote!(bool),
        ParamType::StringArray => quote!(::std::vec::Vec<::std::string::String>),
    };
    if param.is_optional() {
        quote!(::std::option::Option<#inner>)
    } else {
        inner
    }
}

fn doc_line(param: &Parameter) -> String {
    let kind = match param.ty {
        ParamType::String => "string",
        ParamType::Boolean => "boolean",
        ParamType::StringArray => "string array",
    };
    let mut doc = format!(
        "The `{}` {kind} parameter of the endpoint rules",
        param.name
    );
    if let Some(built_in) = &param.built_in {
        doc.push_str(&format!(", bound to the `{built_in}` built-in"));
    }
    match (&param.default, param.required) {
        (Some(default), _) => doc.push_str(&format!("; defaults to `{default}`.")),
        (None, true) => doc.push_str("; required."),
        (None, false) => doc.push('.'),
    }
    doc
}

/// A JSON value of the parameter's type as a Rust value of the field's inner type.
pub(crate) fn literal_value(ty: ParamType, value: &Value) -> Option<TokenStream> {
    match (ty, value) {
        (ParamType::String, Value::String(s)) => Some(quote!(::std::string::String::from(#s))),
        (ParamType::Boolean, Value::Bool(b)) => Some(quote!(#b)),
        (ParamType::StringArray, Value::Array(items)) => {
            let items = items
                .iter()
                .map(Value::as_str)
                .collect::<Option<Vec<_>>>()?;
            Some(quote!(::std::vec::Vec::from([#(::std::string::String::from(#items)),*])))
        }
        _ => None,
    }
}

/// Whether the parameter's default is what `Default` gives its field type (`None`, `false`, empty).
fn has_type_default(param: &Parameter) -> bool {
    match &param.default {
        None => true,
        Some(Value::Bool(b)) => !b,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(items)) => items.is_empty(),
        Some(_) => false,
    }
}

/// The value a field takes when nothing sets it.
fn default_value(param: &Parameter) -> TokenStream {
    match param
        .default
        .as_ref()
        .and_then(|d| literal_value(param.ty, d))
    {
        Some(value) => value,
        None => quote!(::std::option::Option::None),
    }
}

pub(crate) fn emit_params(parameters: &[Parameter]) -> TokenStream {
    let fields = parameters.iter().map(|p| {
        let doc = doc_line(p);
        let name = field_ident(p);
        let ty = field_type(p);
        quote!(#[doc = #doc] pub #name: #ty,)
    });
    let defaults = parameters.iter().map(|p| {
        let name = field_ident(p);
        let value = default_value(p);
        quote!(#name: #value,)
    });
    let mut from_builtins = Vec::new();
    for param in parameters {
        let Some((field, ty)) = param.built_in.as_deref().and_then(builtin_field) else {
            continue;
        };
        if ty != param.ty {
            continue;
        }
        let name = field_ident(param);
        let source = Ident::new(field, proc_macro2::Span::call_site());
        let value = match (ty, param.is_optional()) {
            (ParamType::Boolean, false) => quote!(builtins.#source),
            (ParamType::Boolean, true) => quote!(::std::option::Option::Some(builtins.#source)),
            (_, true) => quote!(builtins.#source.clone()),
            (_, false) => {
                let default = default_value(param);
                quote!(builtins.#source.clone().unwrap_or_else(|| #default))
            }
        };
        from_builtins.push(quote!(#name: #value,));
    }
    let rest = if from_builtins.len() < parameters.len() {
        quote!(..Params::default())
    } else {
        quote!()
    };
    let builtins_arg = if from_builtins.is_empty() {
        quote!(_builtins)
    } else {
        quote!(builtins)
    };
    // Derive `Default` when every default is the type's own (clippy prefers it); else write it out.
    let (derive_default, default_impl) = if parameters.iter().all(has_type_default) {
        (quote!(::std::default::Default,), quote!())
    } else {
        let default_impl = quote! {
            impl ::std::default::Default for Params {
                fn default() -> Self {
                    Params { #(#defaults)* }
                }
            }
        };
        (quote!(), default_impl)
    };
    quote! {
        /// Inputs of the endpoint rules. `Params::default()` holds the rule set's defaults.
        #[derive(::std::clone::Clone, ::std::fmt::Debug, #derive_default ::std::cmp::PartialEq)]
        pub struct Params {
            #(#fields)*
        }

        #default_impl

        impl Params {
            /// Parameters bound to built-ins take their values from client configuration; the others
            /// keep their defaults.
            pub fn from_builtins(#builtins_arg: &BuiltIns) -> Self {
                Params { #(#from_builtins)* #rest }
            }
        }
    }
}

/// The scope at the start of `resolve_endpoint`, and the statements that check required parameters.
pub(crate) fn entry_scope(
    parameters: &[Parameter],
    is_used: impl Fn(&str) -> bool,
) -> (Scope, TokenStream) {
    let mut scope = Scope::default();
    let mut checks = TokenStream::new();
    for param in parameters {
        let field = field_ident(param);
        let ty = match param.ty {
            ParamType::String => Ty::Str,
            ParamType::Boolean => Ty::Bool,
            ParamType::StringArray => Ty::StrArray,
        };
        let access = match (param.ty, param.is_optional()) {
            (ParamType::Boolean, _) => quote!(params.#field),
            (ParamType::String, false) => quote!(params.#field.as_str()),
            (ParamType::StringArray, false) => quote!(params.#field.as_slice()),
            (_, true) => quote!(params.#field.as_deref()),
        };
        let name = &param.name;
        if param.required && param.is_optional() {
            if is_used(name) {
                checks.extend(quote! {
                    let ::std::option::Option::Some(#field) = #access else {
                        return ::std::result::Result::Err(ResolveError::missing_parameter(#name));
                    };
                });
                scope = scope.with(name, Typed::borrowed(quote!(#field), ty, false));
            } else {
                checks.extend(quote! {
                    if params.#field.is_none() {
                        return ::std::result::Result::Err(ResolveError::missing_parameter(#name));
                    }
                });
            }
        } else {
            scope = scope.with(name, Typed::borrowed(access, ty, param.is_optional()));
        }
    }
    (scope, checks)
}
