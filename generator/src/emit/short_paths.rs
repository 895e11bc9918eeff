//! Emitters name everything by its full path, which is always right: generated items as
//! `crate::connect::operation::list_users::ListUsersInput`, std items as `::std::option::Option::Some` (so a model
//! shape named `Option` or `String` can never capture them). Before formatting, one pass over each file's tokens
//! shortens what is unambiguous there:
//! - a `crate::` path into the file's own module (or a module nested in it) loses that prefix, and one into the
//!   parent module (below the crate root) becomes `super::...`: those names are the modules' own items;
//! - a std path to a prelude item (`Option`, `Some`, `String`, `vec!`, ...) becomes the bare name, unless the file
//!   itself defines an item of that name.
//!
//! The generated code reads naturally, and syn/prettyplease (most of the generator's time) get far fewer tokens.
//! The pass moves tokens rather than cloning them: a group's stream is detached from its group before it is
//! walked, so proc-macro2 hands over its tokens instead of copying them.
use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use std::collections::BTreeSet;

/// `(module, item)` of std paths whose item is in the Rust prelude, and the variants reachable through them.
const PRELUDE: &[(&str, &str, &[&str])] = &[
    ("option", "Option", &["Some", "None"]),
    ("result", "Result", &["Ok", "Err"]),
    ("string", "String", &[]),
    ("vec", "Vec", &[]),
    ("boxed", "Box", &[]),
    ("convert", "Into", &[]),
    ("convert", "From", &[]),
    ("default", "Default", &[]),
    ("borrow", "ToOwned", &[]),
];

/// Keywords a path can follow (after any other identifier, `::std` continues a longer path: `a::std::...`).
const KEYWORDS_BEFORE_PATH: &[&str] =
    &["let", "in", "as", "return", "mut", "ref", "dyn", "impl", "move", "else", "for", "if", "match", "while", "where", "break"];

/// Prelude macros written as `::std::name!`.
const MACROS: &[&str] = &["matches", "format", "vec"];

/// Where a file sits and what it defines.
pub struct FileScope<'a> {
    /// The file's module below the crate root, e.g. `["connect", "operation", "list_users"]`.
    pub module: &'a [String],
    /// Names of the items the file defines: std paths to items of these names keep their full form.
    pub defined: &'a BTreeSet<String>,
}

/// Shortens the crate and std paths of one file's tokens.
pub fn shorten_paths(tokens: TokenStream, scope: &FileScope<'_>) -> TokenStream {
    walk(tokens, scope.module, scope.defined)
}

fn walk(tokens: TokenStream, module: &[String], defined: &BTreeSet<String>) -> TokenStream {
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        if let Some(name) = module_item(&trees[i..]) {
            // `mod name { ... }`: its contents live one module deeper.
            let mut inner = module.to_vec();
            inner.push(name);
            out.push(take(&mut trees, i));
            out.push(take(&mut trees, i + 1));
            out.push(walk_group(take(&mut trees, i + 2), &inner, defined));
            i += 3;
            continue;
        }
        if let Some((keep_from, end, via_super)) = crate_path(&trees[i..], module) {
            if via_super {
                out.push(TokenTree::Ident(Ident::new("super", Span::call_site())));
                out.push(colon(Spacing::Joint));
                out.push(colon(Spacing::Alone));
            }
            out.extend((i + keep_from..i + end).map(|k| take(&mut trees, k)));
            i += end;
            continue;
        }
        if let Some((keep, end)) = std_path(&trees[i..], out.last(), defined) {
            for part in keep {
                match part {
                    Keep::Token(k) => out.push(take(&mut trees, i + k)),
                    Keep::PathSeparator => {
                        out.push(colon(Spacing::Joint));
                        out.push(colon(Spacing::Alone));
                    }
                }
            }
            i += end;
            continue;
        }
        let tree = take(&mut trees, i);
        out.push(match tree {
            TokenTree::Group(_) => walk_group(tree, module, defined),
            other => other,
        });
        i += 1;
    }
    out.into_iter().collect()
}

/// Moves the token at `i` out of `trees`, leaving a placeholder that is never read again.
fn take(trees: &mut [TokenTree], i: usize) -> TokenTree {
    std::mem::replace(&mut trees[i], TokenTree::Punct(Punct::new('.', Spacing::Alone)))
}

/// Walks a group's contents. The group is dropped before its stream is walked, so the stream is not shared and
/// its tokens move instead of being copied.
fn walk_group(tree: TokenTree, module: &[String], defined: &BTreeSet<String>) -> TokenTree {
    let TokenTree::Group(g) = tree else { return tree };
    let (delimiter, span, stream) = (g.delimiter(), g.span(), g.stream());
    drop(g);
    let mut regrouped = Group::new(delimiter, walk(stream, module, defined));
    regrouped.set_span(span);
    TokenTree::Group(regrouped)
}

/// The name of a `mod name { ... }` at the start of `t`.
fn module_item(t: &[TokenTree]) -> Option<String> {
    match t {
        [TokenTree::Ident(kw), TokenTree::Ident(name), TokenTree::Group(g), ..]
            if kw == "mod" && g.delimiter() == Delimiter::Brace =>
        {
            Some(name.to_string())
        }
        _ => None,
    }
}

/// `::` as two tokens (`:` joint, then `:`).
fn is_path_separator(a: Option<&TokenTree>, b: Option<&TokenTree>) -> bool {
    matches!((a, b), (Some(TokenTree::Punct(p1)), Some(TokenTree::Punct(p2)))
        if p1.as_char() == ':' && p1.spacing() == Spacing::Joint && p2.as_char() == ':')
}

fn colon(spacing: Spacing) -> TokenTree {
    TokenTree::Punct(Punct::new(':', spacing))
}

/// A `crate :: a :: b ...` path at the start of `t` that can be shortened in `module`: the index of the first
/// token to keep, the index just past the path, and whether `super::` goes in front.
fn crate_path(t: &[TokenTree], module: &[String]) -> Option<(usize, usize, bool)> {
    if !matches!(t.first(), Some(TokenTree::Ident(i)) if i == "crate") {
        return None;
    }
    // Segment k (0-based) is the identifier at token 3 + 3k.
    let mut segments = 0;
    while is_path_separator(t.get(1 + 3 * segments), t.get(2 + 3 * segments))
        && matches!(t.get(3 + 3 * segments), Some(TokenTree::Ident(_)))
    {
        segments += 1;
    }
    let end = 1 + 3 * segments;
    let segment_is = |k: usize, name: &String| matches!(&t[3 + 3 * k], TokenTree::Ident(i) if i == name);
    let starts_with = |prefix: &[String]| segments > prefix.len() && prefix.iter().enumerate().all(|(k, m)| segment_is(k, m));
    if starts_with(module) {
        return Some((3 + 3 * module.len(), end, false));
    }
    // From a service's root module, the parent is the crate root: `crate::` reads better than `super::` there.
    let (_, parent) = module.split_last().filter(|(_, parent)| !parent.is_empty())?;
    starts_with(parent).then_some((3 + 3 * parent.len(), end, true))
}

/// What a shortened std path keeps: tokens of the original path (by index) and new separators.
enum Keep {
    Token(usize),
    PathSeparator,
}

/// Matches `::std::<module>::<Item>[::<Variant>]` or `::std::<macro>!` at the start of `t`: what to keep of it
/// and the index just past it.
fn std_path(t: &[TokenTree], previous: Option<&TokenTree>, defined: &BTreeSet<String>) -> Option<(Vec<Keep>, usize)> {
    if !is_path_separator(t.first(), t.get(1))
        || !matches!(t.get(2), Some(TokenTree::Ident(i)) if i == "std")
        || !is_path_separator(t.get(3), t.get(4))
    {
        return None;
    }
    if matches!(previous, Some(TokenTree::Ident(i)) if !KEYWORDS_BEFORE_PATH.iter().any(|k| i == k)) {
        return None;
    }
    let Some(TokenTree::Ident(module)) = t.get(5) else { return None };
    let is_macro_call = matches!(t.get(6), Some(TokenTree::Punct(p)) if p.as_char() == '!');
    if is_macro_call {
        let name = MACROS.iter().find(|m| module == *m)?;
        return (!defined.contains(*name)).then(|| (vec![Keep::Token(5)], 6));
    }
    if !is_path_separator(t.get(6), t.get(7)) {
        return None;
    }
    let Some(TokenTree::Ident(item)) = t.get(8) else { return None };
    let (_, item_name, variants) = PRELUDE.iter().find(|(m, i, _)| module == m && item == i)?;
    let item_shadowed = defined.contains(*item_name);
    // `Option::Some` -> `Some` when the file does not define `Some`, else `Option::Some` if it can.
    if is_path_separator(t.get(9), t.get(10)) {
        if let Some(TokenTree::Ident(variant)) = t.get(11) {
            if let Some(variant_name) = variants.iter().find(|v| variant == *v) {
                if !defined.contains(*variant_name) {
                    return Some((vec![Keep::Token(11)], 12));
                }
                if !item_shadowed {
                    return Some((vec![Keep::Token(8), Keep::PathSeparator, Keep::Token(11)], 12));
                }
                return None;
            }
        }
    }
    (!item_shadowed).then(|| (vec![Keep::Token(8)], 9))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn run(tokens: TokenStream, module: &[&str], defined: &[&str]) -> String {
        let module: Vec<String> = module.iter().map(|s| s.to_string()).collect();
        let defined = defined.iter().map(|s| s.to_string()).collect();
        shorten_paths(tokens, &FileScope { module: &module, defined: &defined }).to_string()
    }

    #[test]
    fn own_child_and_parent_items_get_short_paths() {
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
        assert_eq!(run(t, &["svc", "operation", "op"], &[]), expected.to_string());
    }

    #[test]
    fn keeps_raw_identifiers_and_variant_paths() {
        let t = quote!(crate::svc::operation::r#type::TypeError::Unhandled(x));
        assert_eq!(run(t, &["svc", "operation", "r#type"], &[]), quote!(TypeError::Unhandled(x)).to_string());
    }

    #[test]
    fn the_module_path_itself_is_not_shortened_to_nothing() {
        let t = quote!(use crate::svc::operation; crate::svc::operation::op);
        assert_eq!(run(t, &["svc", "operation"], &[]), quote!(use super::operation; op).to_string());
    }

    #[test]
    fn shortens_prelude_paths_and_variants() {
        let t = quote!(fn f(x: ::std::option::Option<::std::string::String>) -> ::std::result::Result<(), ()> {
            let _ = ::std::option::Option::Some(1); ::std::matches!(x, ::std::option::Option::None);
            ::std::result::Result::Ok(())
        });
        assert_eq!(
            run(t, &["svc"], &[]),
            quote!(fn f(x: Option<String>) -> Result<(), ()> { let _ = Some(1); matches!(x, None); Ok(()) }).to_string()
        );
    }

    #[test]
    fn keeps_full_paths_for_names_the_file_defines() {
        let t = quote!(struct Option; fn f() -> ::std::option::Option<::std::string::String> { ::std::option::Option::Some(::std::string::String::new()) });
        assert_eq!(
            run(t, &["svc"], &["Option"]),
            quote!(struct Option; fn f() -> ::std::option::Option<String> { Some(String::new()) }).to_string()
        );
        assert_eq!(run(quote!(::std::option::Option::Some(1)), &["svc"], &["Some"]), quote!(Option::Some(1)).to_string());
        assert_eq!(
            run(quote!(::std::option::Option::Some(1)), &["svc"], &["Some", "Option"]),
            quote!(::std::option::Option::Some(1)).to_string()
        );
        assert_eq!(run(quote!(::std::vec![1]), &["svc"], &["vec"]), quote!(::std::vec![1]).to_string());
    }

    #[test]
    fn paths_after_keywords_are_shortened() {
        let t = quote!(if let ::std::option::Option::Some(v) = x { return ::std::result::Result::Ok(v as ::std::string::String) });
        assert_eq!(run(t, &["svc"], &[]), quote!(if let Some(v) = x { return Ok(v as String) }).to_string());
    }

    #[test]
    fn leaves_other_paths_alone() {
        let t = quote!(::std::fmt::Result; ::std::collections::HashMap<K, V>; crate::std::option::Option; a::std::vec::Vec);
        assert_eq!(run(t.clone(), &["svc"], &[]), t.to_string());
    }

    #[test]
    fn both_rules_apply_inside_nested_groups() {
        let t = quote!(fn f() { [(crate::svc::types::T, ::std::vec::Vec::<u8>::new())] });
        assert_eq!(run(t, &["svc", "types"], &[]), quote!(fn f() { [(T, Vec::<u8>::new())] }).to_string());
    }
}
