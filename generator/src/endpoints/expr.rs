//! Rules-language expressions (references, templates, function calls) to typed Rust expressions.
//!
//! A function that expects a value but is given an optional one is *lifted*: it runs only when the value
//! is set, and is otherwise empty (`None`), or `false` for functions returning a boolean.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::ast::{Call, Expr, TemplatePart};
use super::attr::get_attr;
use super::choice::{coalesce, ite};
use super::error::EndpointError;
use super::value::{Scope, Ty, Typed};

type Emit<T> = Result<T, EndpointError>;

pub(crate) fn lib_path() -> TokenStream {
    quote!(crate::runtime::endpoint_lib)
}

pub(crate) fn emit_expr(expr: &Expr, scope: &Scope, at: &str) -> Emit<Typed> {
    match expr {
        Expr::Template(parts) => emit_template(parts, scope, at),
        Expr::Bool(b) => Ok(Typed::borrowed(quote!(#b), Ty::Bool, false)),
        Expr::Int(n) => {
            let n = usize::try_from(*n).map_err(|_| {
                EndpointError::new(at, format!("negative integer {n} is not supported"))
            })?;
            let lit = Literal::usize_unsuffixed(n);
            Ok(Typed::borrowed(quote!(#lit), Ty::Int, false))
        }
        Expr::Ref(name) => lookup(name, scope, at),
        Expr::Call(call) => emit_call(call, scope, at),
        Expr::Array(_) | Expr::Object(_) => Err(EndpointError::new(
            at,
            "array and object literals are only supported in endpoint properties",
        )),
    }
}

fn lookup(name: &str, scope: &Scope, at: &str) -> Emit<Typed> {
    scope
        .get(name)
        .map(|var| var.value.clone())
        .ok_or_else(|| EndpointError::new(at, format!("reference to unknown name `{name}`")))
}

fn emit_template(parts: &[TemplatePart], scope: &Scope, at: &str) -> Emit<Typed> {
    if let [TemplatePart::Text(text)] = parts {
        return Ok(Typed::borrowed(quote!(#text), Ty::Str, false));
    }
    let mut values = Vec::new();
    let mut pattern = String::new();
    for part in parts {
        match part {
            TemplatePart::Text(text) => {
                pattern.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            TemplatePart::Ref { name, path } => {
                let mut value = lookup(name, scope, at)?;
                if let Some(path) = path {
                    value = get_attr(value, path, at)?;
                }
                if !matches!(value.ty, Ty::Str | Ty::Bool) {
                    return Err(EndpointError::new(
                        at,
                        format!("template inserts `{name}`, a {} value", value.ty.describe()),
                    ));
                }
                pattern.push_str("{}");
                values.push(value);
            }
        }
    }
    // A template that is exactly one reference is that string itself.
    if let ([TemplatePart::Ref { .. }], [value]) = (parts, values.as_slice()) {
        if value.ty == Ty::Str {
            return Ok(value.clone());
        }
    }
    let expects = vec![true; values.len()];
    lift(values, &expects, |args| {
        let args = args.iter().map(Typed::canonical);
        Typed::owned(quote!(::std::format!(#pattern, #(#args),*)), Ty::Str, false)
    })
}

/// Runs `build` on the values of `args`, unwrapping the optional ones where `expects_value` says so.
fn lift(
    args: Vec<Typed>,
    expects_value: &[bool],
    build: impl FnOnce(&[Typed]) -> Typed,
) -> Emit<Typed> {
    let mut inner = Vec::with_capacity(args.len());
    let mut lifted = Vec::new();
    for (i, arg) in args.into_iter().enumerate() {
        if arg.optional && expects_value.get(i).copied().unwrap_or(true) {
            let name = format_ident!("lifted_{}", i);
            lifted.push((name.clone(), arg.canonical()));
            inner.push(Typed::borrowed(quote!(#name), arg.ty, false));
        } else {
            inner.push(arg);
        }
    }
    let result = build(&inner);
    if lifted.is_empty() {
        return Ok(result);
    }
    let body = &result.tokens;
    if let [(name, source)] = lifted.as_slice() {
        let tokens = match (result.ty, result.optional) {
            (Ty::Bool, false) => quote!(#source.is_some_and(|#name| #body)),
            (_, true) => quote!(#source.and_then(|#name| #body)),
            (_, false) => quote!(#source.map(|#name| #body)),
        };
        return Ok(Typed {
            tokens,
            optional: result.ty != Ty::Bool || result.optional,
            atomic: true,
            ..result
        });
    }
    let names = lifted.iter().map(|(n, _)| n);
    let sources = lifted.iter().map(|(_, s)| s);
    let (some, none) = match (result.ty, result.optional) {
        (Ty::Bool, false) => (quote!(#body), quote!(false)),
        (_, true) => (quote!(#body), quote!(::std::option::Option::None)),
        (_, false) => (
            quote!(::std::option::Option::Some(#body)),
            quote!(::std::option::Option::None),
        ),
    };
    let tokens = quote! {
        match (#(#sources,)*) {
            (#(::std::option::Option::Some(#names),)*) => #some,
            _ => #none,
        }
    };
    let optional = result.ty != Ty::Bool || result.optional;
    Ok(Typed {
        tokens,
        optional,
        atomic: false,
        ..result
    })
}

fn expect_arity(call: &Call, n: usize, at: &str) -> Emit<()> {
    if call.args.len() == n {
        Ok(())
    } else {
        Err(EndpointError::new(
            at,
            format!(
                "`{}` takes {n} arguments, found {}",
                call.func,
                call.args.len()
            ),
        ))
    }
}

pub(crate) fn expect_type(value: &Typed, ty: Ty, func: &str, at: &str) -> Emit<()> {
    if value.ty == ty {
        Ok(())
    } else {
        Err(EndpointError::new(
            at,
            format!(
                "`{func}` expects a {} argument, found a {}",
                ty.describe(),
                value.ty.describe()
            ),
        ))
    }
}

pub(crate) fn emit_call(call: &Call, scope: &Scope, at: &str) -> Emit<Typed> {
    let args = call
        .args
        .iter()
        .map(|a| emit_expr(a, scope, at))
        .collect::<Emit<Vec<_>>>()?;
    let lib = lib_path();
    let func = call.func.as_str();
    let signature: &[Ty] = match func {
        "isSet" | "coalesce" | "ite" | "getAttr" => &[],
        "not" => &[Ty::Bool],
        "booleanEquals" => &[Ty::Bool, Ty::Bool],
        "stringEquals" => &[Ty::Str, Ty::Str],
        "substring" => &[Ty::Str, Ty::Int, Ty::Int, Ty::Bool],
        "uriEncode" | "parseURL" | "aws.partition" | "aws.parseArn" => &[Ty::Str],
        "isValidHostLabel" | "aws.isVirtualHostableS3Bucket" => &[Ty::Str, Ty::Bool],
        "split" => &[Ty::Str, Ty::Str, Ty::Int],
        other => {
            return Err(EndpointError::new(
                at,
                format!("unsupported function `{other}`"),
            ))
        }
    };
    if !signature.is_empty() {
        expect_arity(call, signature.len(), at)?;
        for (arg, ty) in args.iter().zip(signature) {
            expect_type(arg, *ty, func, at)?;
        }
    }
    if func == "not" {
        if let Some(value) = negated_is_set(call, scope, at)? {
            let operand = value.operand();
            return Ok(Typed::borrowed(quote!(#operand.is_none()), Ty::Bool, false));
        }
    }
    let expects = vec![true; args.len()];
    match func {
        "isSet" => {
            expect_arity(call, 1, at)?;
            let arg = &args[0];
            let tokens = if arg.optional {
                let operand = arg.operand();
                quote!(#operand.is_some())
            } else {
                quote!(true)
            };
            Ok(Typed::borrowed(tokens, Ty::Bool, false))
        }
        "not" => lift(args, &expects, |a| {
            let operand = a[0].operand();
            Typed::borrowed(quote!(!#operand), Ty::Bool, false)
        }),
        "booleanEquals" => lift(args, &expects, |a| boolean_equals(&a[0], &a[1])),
        "stringEquals" => lift(args, &expects, |a| {
            let is_empty_literal = |t: &Typed| t.tokens.to_string() == "\"\"";
            match (is_empty_literal(&a[0]), is_empty_literal(&a[1])) {
                (false, true) => is_empty(&a[0]),
                (true, false) => is_empty(&a[1]),
                _ => {
                    let (l, r) = (a[0].canonical(), a[1].canonical());
                    Typed::borrowed(quote!(#l == #r), Ty::Bool, false).compound()
                }
            }
        }),
        "substring" => lift(args, &expects, |a| {
            let [s, start, stop, rev] = [0, 1, 2, 3].map(|i| a[i].canonical());
            Typed::owned(
                quote!(#lib::substring(#s, #start, #stop, #rev)),
                Ty::Str,
                true,
            )
        }),
        "uriEncode" => lift(args, &expects, |a| {
            let s = a[0].canonical();
            Typed::owned(quote!(#lib::uri_encode(#s)), Ty::Str, false)
        }),
        "parseURL" => lift(args, &expects, |a| {
            let s = a[0].canonical();
            Typed::owned(quote!(#lib::parse_url(#s)), Ty::Url, true)
        }),
        "aws.partition" => lift(args, &expects, |a| {
            let s = a[0].canonical();
            Typed::owned(quote!(#lib::partition(#s)), Ty::Partition, true)
        }),
        "aws.parseArn" => lift(args, &expects, |a| {
            let s = a[0].canonical();
            Typed::owned(quote!(#lib::parse_arn(#s)), Ty::Arn, true)
        }),
        "isValidHostLabel" => lift(args, &expects, |a| {
            let (s, dots) = (a[0].canonical(), a[1].canonical());
            Typed::borrowed(
                quote!(#lib::is_valid_host_label(#s, #dots)),
                Ty::Bool,
                false,
            )
        }),
        "aws.isVirtualHostableS3Bucket" => lift(args, &expects, |a| {
            let (s, dots) = (a[0].canonical(), a[1].canonical());
            Typed::borrowed(
                quote!(#lib::is_virtual_hostable_s3_bucket(#s, #dots)),
                Ty::Bool,
                false,
            )
        }),
        "split" => lift(args, &expects, |a| {
            let [s, d, n] = [0, 1, 2].map(|i| a[i].canonical());
            Typed::owned(quote!(#lib::split(#s, #d, #n)), Ty::StrArray, false)
        }),
        "getAttr" => {
            expect_arity(call, 2, at)?;
            let path = match &call.args[1] {
                Expr::Template(parts) => match parts.as_slice() {
                    [TemplatePart::Text(path)] => path.clone(),
                    _ => {
                        return Err(EndpointError::new(
                            at,
                            "`getAttr` path must be a plain string",
                        ))
                    }
                },
                _ => {
                    return Err(EndpointError::new(
                        at,
                        "`getAttr` path must be a string literal",
                    ))
                }
            };
            let mut args = args;
            get_attr(args.swap_remove(0), &path, at)
        }
        "coalesce" => coalesce(args, at),
        "ite" => {
            expect_arity(call, 3, at)?;
            ite(args, at)
        }
        _ => Err(EndpointError::new(
            at,
            format!("unsupported function `{func}`"),
        )),
    }
}

/// For `not(isSet(x))` with an optional `x`: `x`, so the call reads `x.is_none()`.
fn negated_is_set(call: &Call, scope: &Scope, at: &str) -> Emit<Option<Typed>> {
    let [Expr::Call(inner)] = call.args.as_slice() else {
        return Ok(None);
    };
    let [value] = inner.args.as_slice() else {
        return Ok(None);
    };
    if inner.func != "isSet" {
        return Ok(None);
    }
    let value = emit_expr(value, scope, at)?;
    Ok(value.optional.then_some(value))
}

/// `stringEquals(x, "")` as `x.is_empty()`, the form clippy asks for.
fn is_empty(value: &Typed) -> Typed {
    let canonical = value.canonical();
    let operand = if value.atomic {
        canonical
    } else {
        quote!((#canonical))
    };
    Typed::borrowed(quote!(#operand.is_empty()), Ty::Bool, false)
}

fn boolean_equals(left: &Typed, right: &Typed) -> Typed {
    let literal = |t: &Typed| match t.tokens.to_string().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    };
    let (value, constant) = match (literal(left), literal(right)) {
        (_, Some(c)) => (left, Some(c)),
        (Some(c), _) => (right, Some(c)),
        _ => (left, None),
    };
    match constant {
        Some(true) => value.clone(),
        Some(false) => {
            let operand = value.operand();
            Typed::borrowed(quote!(!#operand), Ty::Bool, false)
        }
        None => {
            let (l, r) = (left.operand(), right.operand());
            Typed::borrowed(quote!(#l == #r), Ty::Bool, false).compound()
        }
    }
}
