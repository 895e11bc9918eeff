//! `getAttr`: attributes of records (partition, URL, ARN) and elements of string arrays, by path
//! (`field`, `[index]`, `field[index]`, joined by dots). Reading through an optional value stays optional.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::error::EndpointError;
use super::value::{Ty, Typed};

type Emit<T> = Result<T, EndpointError>;

enum Step<'a> {
    Field(&'a str),
    Index(usize),
}

pub(crate) fn get_attr(base: Typed, path: &str, at: &str) -> Emit<Typed> {
    let mut value = base;
    for step in parse_path(path).map_err(|m| EndpointError::new(at, m))? {
        value = apply(value, &step, at)?;
    }
    Ok(value)
}

fn parse_path(path: &str) -> Result<Vec<Step<'_>>, String> {
    let mut steps = Vec::new();
    for segment in path.split('.') {
        let (field, mut rest) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
        if !field.is_empty() {
            steps.push(Step::Field(field));
        }
        while let Some(open) = rest.strip_prefix('[') {
            let (digits, after) = open
                .split_once(']')
                .ok_or_else(|| format!("unclosed `[` in getAttr path `{path}`"))?;
            let index = digits
                .parse()
                .map_err(|_| format!("bad index `{digits}` in getAttr path `{path}`"))?;
            steps.push(Step::Index(index));
            rest = after;
        }
        if !rest.is_empty() || (field.is_empty() && steps.is_empty()) {
            return Err(format!("cannot read getAttr path `{path}`"));
        }
    }
    Ok(steps)
}

/// One step on a set value `v` (given as tokens), with the type it yields and whether it may be unset.
fn access(ty: Ty, step: &Step<'_>, v: TokenStream, at: &str) -> Emit<(TokenStream, Ty, bool)> {
    match (ty, step) {
        (Ty::StrArray, Step::Index(i)) => {
            let element = match i {
                0 => quote!(first()),
                _ => {
                    let i = Literal::usize_unsuffixed(*i);
                    quote!(get(#i))
                }
            };
            Ok((
                quote!(#v.#element.map(::std::string::String::as_str)),
                Ty::Str,
                true,
            ))
        }
        (_, Step::Index(_)) => Err(EndpointError::new(
            at,
            format!("cannot index a {} value", ty.describe()),
        )),
        (record, Step::Field(name)) => {
            let (field, field_ty) = record_field(record, name).ok_or_else(|| {
                EndpointError::new(
                    at,
                    format!("a {} value has no attribute `{name}`", record.describe()),
                )
            })?;
            let field = format_ident!("{}", field);
            let tokens = match field_ty {
                Ty::Str => quote!(#v.#field.as_str()),
                Ty::StrArray => quote!(#v.#field.as_slice()),
                _ => quote!(#v.#field),
            };
            Ok((tokens, field_ty, false))
        }
    }
}

fn apply(base: Typed, step: &Step<'_>, at: &str) -> Emit<Typed> {
    if !base.optional {
        let (tokens, ty, optional) = access(base.ty, step, base.canonical_operand(), at)?;
        return Ok(Typed::borrowed(tokens, ty, optional));
    }
    let (inner, ty, inner_optional) = access(base.ty, step, quote!(v), at)?;
    let source = base.canonical_operand();
    let tokens = if inner_optional {
        quote!(#source.and_then(|v| #inner))
    } else {
        quote!(#source.map(|v| #inner))
    };
    Ok(Typed::borrowed(tokens, ty, true))
}

/// Rust field name and type of a record attribute.
fn record_field(record: Ty, name: &str) -> Option<(&'static str, Ty)> {
    let field = match (record, name) {
        (Ty::Partition, "name") => ("name", Ty::Str),
        (Ty::Partition, "dnsSuffix") => ("dns_suffix", Ty::Str),
        (Ty::Partition, "dualStackDnsSuffix") => ("dual_stack_dns_suffix", Ty::Str),
        (Ty::Partition, "supportsFIPS") => ("supports_fips", Ty::Bool),
        (Ty::Partition, "supportsDualStack") => ("supports_dual_stack", Ty::Bool),
        (Ty::Partition, "implicitGlobalRegion") => ("implicit_global_region", Ty::Str),
        (Ty::Url, "scheme") => ("scheme", Ty::Str),
        (Ty::Url, "authority") => ("authority", Ty::Str),
        (Ty::Url, "path") => ("path", Ty::Str),
        (Ty::Url, "normalizedPath") => ("normalized_path", Ty::Str),
        (Ty::Url, "isIp") => ("is_ip", Ty::Bool),
        (Ty::Arn, "partition") => ("partition", Ty::Str),
        (Ty::Arn, "service") => ("service", Ty::Str),
        (Ty::Arn, "region") => ("region", Ty::Str),
        (Ty::Arn, "accountId") => ("account_id", Ty::Str),
        (Ty::Arn, "resourceId") => ("resource_id", Ty::StrArray),
        _ => return None,
    };
    Some(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_through_records_and_arrays() {
        let arn = Typed::borrowed(quote!(arn), Ty::Arn, false);
        let value = get_attr(arn, "resourceId[2]", "here").expect("path");
        assert_eq!(
            value.tokens.to_string(),
            "arn . resource_id . as_slice () . get (2) . map (:: std :: string :: String :: as_str)"
        );
        assert!(value.optional);
        let url = Typed::borrowed(quote!(url), Ty::Url, true);
        let scheme = get_attr(url, "scheme", "here").expect("path");
        assert_eq!(
            scheme.tokens.to_string(),
            "url . map (| v | v . scheme . as_str ())"
        );
    }

    #[test]
    fn bad_paths_are_reported() {
        let partition = Typed::borrowed(quote!(p), Ty::Partition, false);
        let error = get_attr(partition.clone(), "dnsSufix", "here").expect_err("typo");
        assert_eq!(
            error.to_string(),
            "here: a partition value has no attribute `dnsSufix`"
        );
        let error = get_attr(partition, "name[0", "here").expect_err("unclosed");
        assert_eq!(
            error.to_string(),
            "here: unclosed `[` in getAttr path `name[0`"
        );
    }
}
