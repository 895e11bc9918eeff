//! Rules to straight-line Rust: each rule is a chain of nested `if`s (one per condition) ending in a
//! `return`; rules follow each other, so the first matching rule wins. A rule whose conditions cannot fail
//! ends the list, which keeps the emitted code free of unreachable statements.

use proc_macro2::TokenStream;
use quote::quote;

use super::ast::{Call, EndpointDef, Expr, Rule, RuleBody};
use super::error::EndpointError;
use super::expr::{emit_call, emit_expr};
use super::value::{Scope, Ty, Typed};

type Emit<T> = Result<T, EndpointError>;

/// Emitted statements and whether they always return.
pub(crate) struct Block {
    pub tokens: TokenStream,
    pub returns: bool,
}

pub(crate) fn emit_rules(rules: &[Rule], scope: &Scope, at: &str) -> Emit<Block> {
    let mut tokens = TokenStream::new();
    for (i, rule) in rules.iter().enumerate() {
        let block = emit_conditions(rule, 0, scope, &format!("{at}[{i}]"))?;
        tokens.extend(block.tokens);
        if block.returns {
            return Ok(Block {
                tokens,
                returns: true,
            });
        }
    }
    Ok(Block {
        tokens,
        returns: false,
    })
}

fn later_mentions(rule: &Rule, after: usize, name: &str) -> bool {
    rule.conditions[after..]
        .iter()
        .any(|c| c.args.iter().any(|a| a.mentions(name)))
        || rule.body.mentions(name)
}

fn emit_conditions(rule: &Rule, index: usize, scope: &Scope, at: &str) -> Emit<Block> {
    let Some(condition) = rule.conditions.get(index) else {
        return emit_body(&rule.body, scope, at);
    };
    let cond_at = format!("{at}.conditions[{index}]");
    if let Some(block) = narrow_is_set(rule, index, condition, scope, at)? {
        return Ok(block);
    }
    let value = emit_call(condition, scope, &cond_at)?;
    let binding = condition
        .assign
        .as_deref()
        .filter(|name| later_mentions(rule, index + 1, name));
    let ident = binding.map(|name| scope.binding_ident(name));
    match (value.ty, value.optional, &ident) {
        (Ty::Bool, optional, _) => {
            let next_scope = match binding {
                Some(name) => scope.with(name, Typed::borrowed(quote!(true), Ty::Bool, false)),
                None => scope.clone(),
            };
            let inner = emit_conditions(rule, index + 1, &next_scope, at)?.tokens;
            let test = if optional {
                let operand = value.operand();
                quote!(#operand == ::std::option::Option::Some(true))
            } else {
                value.tokens
            };
            Ok(Block {
                tokens: quote!(if #test { #inner }),
                returns: false,
            })
        }
        (ty, true, Some(ident)) => {
            let name = binding.unwrap_or_default();
            let next_scope = scope.with(name, Typed::borrowed(quote!(#ident), ty, false));
            let inner = emit_conditions(rule, index + 1, &next_scope, at)?.tokens;
            let source = value.canonical();
            Ok(Block {
                tokens: quote!(if let ::std::option::Option::Some(#ident) = #source { #inner }),
                returns: false,
            })
        }
        (_, true, None) => {
            let inner = emit_conditions(rule, index + 1, scope, at)?.tokens;
            let operand = value.operand();
            Ok(Block {
                tokens: quote!(if #operand.is_some() { #inner }),
                returns: false,
            })
        }
        // A value that is always present: the condition holds; bind it if it is used.
        (ty, false, Some(ident)) => {
            let name = binding.unwrap_or_default();
            let owned = value.clone().into_owned();
            let bound = Typed {
                tokens: quote!(#ident),
                ty,
                optional: false,
                owned: true,
                atomic: true,
            };
            let next_scope = scope.with(name, bound);
            let inner = emit_conditions(rule, index + 1, &next_scope, at)?;
            let init = owned.tokens;
            let rest = inner.tokens;
            let tokens = quote!(let #ident = #init; #rest);
            let tokens = if inner.returns {
                tokens
            } else {
                quote!({ #tokens })
            };
            Ok(Block {
                tokens,
                returns: inner.returns,
            })
        }
        (_, false, None) => emit_conditions(rule, index + 1, scope, at),
    }
}

/// `isSet(name)` on an optional value that later conditions or the body read: bind the value, so what
/// follows sees it as set.
fn narrow_is_set(
    rule: &Rule,
    index: usize,
    condition: &Call,
    scope: &Scope,
    at: &str,
) -> Emit<Option<Block>> {
    let [Expr::Ref(name)] = condition.args.as_slice() else {
        return Ok(None);
    };
    if condition.func != "isSet"
        || condition.assign.is_some()
        || !later_mentions(rule, index + 1, name)
    {
        return Ok(None);
    }
    let Some(var) = scope.get(name).filter(|v| v.value.optional) else {
        return Ok(None);
    };
    let ident = scope.binding_ident(name);
    let source = var.value.canonical();
    let next_scope = scope.with(name, Typed::borrowed(quote!(#ident), var.value.ty, false));
    let inner = emit_conditions(rule, index + 1, &next_scope, at)?.tokens;
    Ok(Some(Block {
        tokens: quote!(if let ::std::option::Option::Some(#ident) = #source { #inner }),
        returns: false,
    }))
}

fn emit_body(body: &RuleBody, scope: &Scope, at: &str) -> Emit<Block> {
    let tokens = match body {
        RuleBody::Endpoint(endpoint) => emit_endpoint(endpoint, scope, at)?,
        RuleBody::Error(message) => {
            // `ResolveError::new` takes `impl Into<String>`, so a borrowed message needs no copy here.
            let message = required_string(message, scope, &format!("{at}.error"))?.tokens;
            quote!(return ::std::result::Result::Err(ResolveError::new(#message));)
        }
        RuleBody::Tree(rules) => {
            let inner = emit_rules(rules, scope, &format!("{at}.rules"))?;
            let tokens = inner.tokens;
            if inner.returns {
                tokens
            } else {
                quote!(#tokens return ::std::result::Result::Err(ResolveError::no_rule_matched());)
            }
        }
    };
    Ok(Block {
        tokens,
        returns: true,
    })
}

/// A string that must be set (URL, error message, header value).
fn required_string(expr: &Expr, scope: &Scope, at: &str) -> Emit<Typed> {
    let value = emit_expr(expr, scope, at)?;
    if value.ty != Ty::Str || value.optional {
        let kind = if value.optional {
            "possibly unset "
        } else {
            ""
        };
        return Err(EndpointError::new(
            at,
            format!(
                "expected a string, found a {kind}{} value",
                value.ty.describe()
            ),
        ));
    }
    Ok(value)
}

fn emit_endpoint(endpoint: &EndpointDef, scope: &Scope, at: &str) -> Emit<TokenStream> {
    let url = required_string(&endpoint.url, scope, &format!("{at}.url"))?.to_owned_value();
    let headers = endpoint
        .headers
        .iter()
        .map(|(name, values)| {
            let values =
                values
                    .iter()
                    .map(|v| {
                        Ok(required_string(v, scope, &format!("{at}.headers.{name}"))?
                            .to_owned_value())
                    })
                    .collect::<Emit<Vec<_>>>()?;
            Ok(quote!((::std::string::String::from(#name), ::std::vec::Vec::from([#(#values),*]))))
        })
        .collect::<Emit<Vec<_>>>()?;
    let headers = if headers.is_empty() {
        quote!(::std::vec::Vec::new())
    } else {
        quote!(::std::vec::Vec::from([#(#headers),*]))
    };
    let properties = if endpoint.properties.is_empty() {
        quote!(::serde_json::Map::new())
    } else {
        let entries = property_entries(&endpoint.properties, scope, at)?;
        quote!(crate::runtime::endpoint_lib::properties(::std::vec::Vec::from([#(#entries),*])))
    };
    Ok(quote! {
        return ::std::result::Result::Ok(Endpoint { url: #url, headers: #headers, properties: #properties });
    })
}

fn property_entries(entries: &[(String, Expr)], scope: &Scope, at: &str) -> Emit<Vec<TokenStream>> {
    entries
        .iter()
        .map(|(key, value)| {
            let value = property_value(value, scope, &format!("{at}.properties.{key}"))?;
            Ok(quote!((#key, #value)))
        })
        .collect()
}

/// A property value as a `serde_json::Value` expression.
fn property_value(expr: &Expr, scope: &Scope, at: &str) -> Emit<TokenStream> {
    match expr {
        Expr::Array(items) => {
            let items = items
                .iter()
                .map(|i| property_value(i, scope, at))
                .collect::<Emit<Vec<_>>>()?;
            Ok(quote!(::serde_json::Value::Array(::std::vec::Vec::from([#(#items),*]))))
        }
        Expr::Object(entries) => {
            let entries = property_entries(entries, scope, at)?;
            Ok(quote!(crate::runtime::endpoint_lib::object(::std::vec::Vec::from([#(#entries),*]))))
        }
        Expr::Int(n) => Ok(quote!(::serde_json::Value::from(#n))),
        other => {
            let value = emit_expr(other, scope, at)?;
            if value.optional {
                return Err(EndpointError::new(at, "a property value may be unset"));
            }
            let owned = value.to_owned_value();
            match value.ty {
                Ty::Str => Ok(quote!(::serde_json::Value::String(#owned))),
                Ty::Bool => Ok(quote!(::serde_json::Value::Bool(#owned))),
                Ty::StrArray => Ok(quote!(::serde_json::Value::from(#owned))),
                ty => Err(EndpointError::new(
                    at,
                    format!("a {} value cannot be a property", ty.describe()),
                )),
            }
        }
    }
}
