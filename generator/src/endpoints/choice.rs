//! `coalesce` and `ite`: pick one of several values of the same type. The result is optional when it
//! can be unset, and owned when any candidate is an owned temporary (a borrow of it would not outlive
//! the statement).

use quote::quote;

use super::error::EndpointError;
use super::expr::expect_type;
use super::value::{Ty, Typed};

type Emit<T> = Result<T, EndpointError>;

fn same_type(values: &[Typed], func: &str, at: &str) -> Emit<Ty> {
    let first = values
        .first()
        .ok_or_else(|| EndpointError::new(at, format!("`{func}` needs arguments")))?
        .ty;
    if let Some(other) = values.iter().find(|v| v.ty != first) {
        return Err(EndpointError::new(
            at,
            format!(
                "`{func}` mixes {} and {} arguments",
                first.describe(),
                other.ty.describe()
            ),
        ));
    }
    Ok(first)
}

/// Values from a borrowed origin stay borrowed; once one is an owned temporary, all become owned so the
/// result never borrows from a temporary.
fn unify_ownership(values: Vec<Typed>) -> (Vec<Typed>, bool) {
    let owned = values
        .iter()
        .any(|v| v.owned && !matches!(v.ty, Ty::Bool | Ty::Int));
    let values = if owned {
        values.into_iter().map(Typed::into_owned).collect()
    } else {
        values
    };
    (values, owned)
}

pub(crate) fn coalesce(args: Vec<Typed>, at: &str) -> Emit<Typed> {
    let ty = same_type(&args, "coalesce", at)?;
    let (args, owned) = unify_ownership(args);
    let form = |v: &Typed| if owned { v.operand() } else { v.canonical() };
    let mut iter = args.iter();
    let Some(first) = iter.next() else {
        return Err(EndpointError::new(at, "`coalesce` needs arguments"));
    };
    if !first.optional {
        return Ok(first.clone());
    }
    let mut tokens = form(first);
    for next in iter {
        let value = form(next);
        if next.optional {
            tokens = quote!(#tokens.or(#value));
        } else {
            tokens = quote!(#tokens.unwrap_or(#value));
            return Ok(Typed {
                tokens,
                ty,
                optional: false,
                owned,
                atomic: true,
            });
        }
    }
    Ok(Typed {
        tokens,
        ty,
        optional: true,
        owned,
        atomic: true,
    })
}

pub(crate) fn ite(args: Vec<Typed>, at: &str) -> Emit<Typed> {
    let mut args = args.into_iter();
    let (Some(condition), Some(then), Some(otherwise)) = (args.next(), args.next(), args.next())
    else {
        return Err(EndpointError::new(at, "`ite` takes 3 arguments"));
    };
    expect_type(&condition, Ty::Bool, "ite", at)?;
    let ty = same_type(&[then.clone(), otherwise.clone()], "ite", at)?;
    let condition = if condition.optional {
        let operand = condition.operand();
        quote!(#operand.unwrap_or(false))
    } else {
        condition.tokens
    };
    let (branches, owned) = unify_ownership(vec![then, otherwise]);
    let optional = branches.iter().any(|b| b.optional);
    let [then, otherwise] = [&branches[0], &branches[1]].map(|b| {
        let value = if owned {
            b.tokens.clone()
        } else {
            b.canonical()
        };
        if optional && !b.optional {
            quote!(::std::option::Option::Some(#value))
        } else {
            value
        }
    });
    let tokens = quote!(if #condition { #then } else { #otherwise });
    Ok(Typed {
        tokens,
        ty,
        optional,
        owned,
        atomic: false,
    })
}
