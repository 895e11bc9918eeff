//! Emitters name every generated type by its full path (`crate::connect::operation::list_users::ListUsersInput`),
//! which is always right. Before formatting, this pass rewrites the paths that point into the file's own module
//! (or into a module nested in it, or from a nested module to its parent) to the short relative form. Names are
//! unambiguous there by construction: they are the module's own items.
use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};

/// `module`: the path of the file's module below the crate root, e.g. `["connect", "operation", "list_users"]`.
pub fn relativize_paths(tokens: TokenStream, module: &[String]) -> TokenStream {
    walk(tokens, module)
}

fn walk(tokens: TokenStream, module: &[String]) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        // `mod name { ... }`: its contents live one module deeper.
        if let (TokenTree::Ident(kw), Some(TokenTree::Ident(name)), Some(TokenTree::Group(g))) =
            (&trees[i], trees.get(i + 1), trees.get(i + 2))
        {
            if kw == "mod" && g.delimiter() == Delimiter::Brace {
                let mut inner = module.to_vec();
                inner.push(name.to_string());
                out.push(trees[i].clone());
                out.push(trees[i + 1].clone());
                out.push(regroup(g, walk(g.stream(), &inner)));
                i += 3;
                continue;
            }
        }
        if let Some((segments, consumed)) = crate_path(&trees[i..]) {
            if let Some(short) = relative(&segments, module) {
                out.extend(path_tokens(&short));
                i += consumed;
                continue;
            }
        }
        out.push(match &trees[i] {
            TokenTree::Group(g) => regroup(g, walk(g.stream(), module)),
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}

fn regroup(g: &Group, stream: TokenStream) -> TokenTree {
    let mut ng = Group::new(g.delimiter(), stream);
    ng.set_span(g.span());
    TokenTree::Group(ng)
}

/// `::` as two tokens (`:` joint, then `:`).
pub(super) fn is_colon_pair(a: Option<&TokenTree>, b: Option<&TokenTree>) -> bool {
    matches!((a, b), (Some(TokenTree::Punct(p1)), Some(TokenTree::Punct(p2)))
        if p1.as_char() == ':' && p1.spacing() == Spacing::Joint && p2.as_char() == ':')
}

/// `crate :: a :: b :: ...` at the start of `t` (`crate` can only start a path): its segments after `crate`, and
/// how many tokens it spans.
fn crate_path(t: &[TokenTree]) -> Option<(Vec<String>, usize)> {
    match t.first() {
        Some(TokenTree::Ident(i)) if i == "crate" => {}
        _ => return None,
    }
    let mut segments = Vec::new();
    let mut n = 1;
    while is_colon_pair(t.get(n), t.get(n + 1)) {
        match t.get(n + 2) {
            Some(TokenTree::Ident(i)) => segments.push(i.to_string()),
            _ => break,
        }
        n += 3;
    }
    (!segments.is_empty()).then_some((segments, n))
}

/// The path relative to `module`, when it points into `module`, a module nested in it, or `module`'s parent.
fn relative(path: &[String], module: &[String]) -> Option<Vec<String>> {
    if path.len() > module.len() && path.starts_with(module) {
        return Some(path[module.len()..].to_vec());
    }
    let (_, parent) = module.split_last()?;
    if path.len() > parent.len() && path.starts_with(parent) {
        let mut short = vec!["super".to_string()];
        short.extend_from_slice(&path[parent.len()..]);
        return Some(short);
    }
    None
}

fn path_tokens(segments: &[String]) -> Vec<TokenTree> {
    let mut out = Vec::with_capacity(segments.len() * 3);
    for (k, s) in segments.iter().enumerate() {
        if k > 0 {
            out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
            out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
        }
        out.push(TokenTree::Ident(match s.strip_prefix("r#") {
            Some(raw) => Ident::new_raw(raw, Span::call_site()),
            None => Ident::new(s, Span::call_site()),
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn module(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn own_child_and_parent_items_get_short_paths() {
        let m = module(&["svc", "operation", "op"]);
        let t = quote! {
            fn f(i: crate::svc::operation::op::OpInput) -> crate::svc::operation::op::builders::OpInputBuilder {}
            pub mod builders { fn g(x: crate::svc::operation::op::OpInput) -> crate::svc::operation::op::builders::B {} }
            fn h(t: crate::svc::types::Tag, e: crate::runtime::error::Unhandled) {}
        };
        let expected = quote! {
            fn f(i: OpInput) -> builders::OpInputBuilder {}
            pub mod builders { fn g(x: super::OpInput) -> B {} }
            fn h(t: crate::svc::types::Tag, e: crate::runtime::error::Unhandled) {}
        };
        assert_eq!(relativize_paths(t, &m).to_string(), expected.to_string());
    }

    #[test]
    fn keeps_raw_identifiers_and_variant_paths() {
        let m = module(&["svc", "operation", "r#type"]);
        let t = quote!(crate::svc::operation::r#type::TypeError::Unhandled(x));
        assert_eq!(relativize_paths(t, &m).to_string(), quote!(TypeError::Unhandled(x)).to_string());
    }
}
