//! Emitters write fully qualified std paths (`::std::option::Option::Some`) so that a model shape named
//! `Option` or `String` can never capture them. Before formatting, this pass shortens such paths to the prelude
//! name wherever the file itself defines no item of that name: the generated code reads naturally, and
//! syn/prettyplease (most of the generator's time) get far fewer tokens to work through.
use super::relative_paths::is_colon_pair;
use proc_macro2::{Group, Punct, Spacing, TokenStream, TokenTree};
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

/// Keywords a path can follow.
const KEYWORDS_BEFORE_PATH: &[&str] =
    &["let", "in", "as", "return", "mut", "ref", "dyn", "impl", "move", "else", "for", "if", "match", "while", "where", "break"];

/// Prelude macros written as `::std::name!`.
const MACROS: &[&str] = &["matches", "format", "vec"];

/// Shortens std paths in `tokens`; `defined` holds the names of the items the file defines (which must keep
/// their full std paths to stay unambiguous).
pub fn shorten_std_paths(tokens: TokenStream, defined: &BTreeSet<String>) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        if let Some((replacement, consumed)) = match_std_path(&trees[i..], out.last(), defined) {
            out.extend(replacement);
            i += consumed;
            continue;
        }
        out.push(match &trees[i] {
            TokenTree::Group(g) => {
                let mut ng = Group::new(g.delimiter(), shorten_std_paths(g.stream(), defined));
                ng.set_span(g.span());
                TokenTree::Group(ng)
            }
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}


fn ident_is(t: Option<&TokenTree>, name: &str) -> bool {
    matches!(t, Some(TokenTree::Ident(i)) if i == name)
}

fn ident_text(t: Option<&TokenTree>) -> Option<String> {
    match t {
        Some(TokenTree::Ident(i)) => Some(i.to_string()),
        _ => None,
    }
}

/// Matches `::std::<module>::<Item>[::<Variant>]` or `::std::<macro>` at the start of `t`.
fn match_std_path(t: &[TokenTree], previous: Option<&TokenTree>, defined: &BTreeSet<String>) -> Option<(Vec<TokenTree>, usize)> {
    // A leading `::` only: `a::std::...` is some other path.
    // After a plain identifier, `::std` continues another path (`a::std::...`); after a keyword it starts one.
    if matches!(previous, Some(TokenTree::Ident(i)) if !KEYWORDS_BEFORE_PATH.iter().any(|k| i == k)) {
        return None;
    }
    if !is_colon_pair(t.first(), t.get(1)) || !ident_is(t.get(2), "std") || !is_colon_pair(t.get(3), t.get(4)) {
        return None;
    }
    let module = ident_text(t.get(5))?;
    let is_macro_call = matches!(t.get(6), Some(TokenTree::Punct(p)) if p.as_char() == '!');
    if is_macro_call && MACROS.contains(&module.as_str()) && !defined.contains(&module) {
        return Some((vec![t[5].clone()], 6));
    }
    if !is_colon_pair(t.get(6), t.get(7)) {
        return None;
    }
    let item = ident_text(t.get(8))?;
    let (_, _, variants) = PRELUDE.iter().find(|(m, i, _)| *m == module && *i == item)?;
    // `Option::Some` -> `Some` when the file does not define `Some`.
    if is_colon_pair(t.get(9), t.get(10)) {
        if let Some(variant) = ident_text(t.get(11)).filter(|v| variants.contains(&v.as_str())) {
            if !defined.contains(&variant) {
                return Some((vec![t[11].clone()], 12));
            }
            if !defined.contains(&item) {
                return Some((vec![t[8].clone(), colon(Spacing::Joint), colon(Spacing::Alone), t[11].clone()], 12));
            }
            return None;
        }
    }
    if defined.contains(&item) {
        return None;
    }
    Some((vec![t[8].clone()], 9))
}

fn colon(spacing: Spacing) -> TokenTree {
    TokenTree::Punct(Punct::new(':', spacing))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn run(tokens: TokenStream, defined: &[&str]) -> String {
        let defined = defined.iter().map(|s| s.to_string()).collect();
        shorten_std_paths(tokens, &defined).to_string()
    }

    #[test]
    fn shortens_prelude_paths_and_variants() {
        let t = quote!(fn f(x: ::std::option::Option<::std::string::String>) -> ::std::result::Result<(), ()> {
            let _ = ::std::option::Option::Some(1); ::std::matches!(x, ::std::option::Option::None);
            ::std::result::Result::Ok(())
        });
        assert_eq!(
            run(t, &[]),
            quote!(fn f(x: Option<String>) -> Result<(), ()> { let _ = Some(1); matches!(x, None); Ok(()) }).to_string()
        );
    }

    #[test]
    fn keeps_full_paths_for_names_the_file_defines() {
        let t = quote!(struct Option; fn f() -> ::std::option::Option<::std::string::String> { ::std::option::Option::Some(::std::string::String::new()) });
        assert_eq!(
            run(t, &["Option"]),
            quote!(struct Option; fn f() -> ::std::option::Option<String> { Some(String::new()) }).to_string()
        );
        let t = quote!(::std::option::Option::Some(1));
        assert_eq!(run(t, &["Some"]), quote!(Option::Some(1)).to_string());
    }

    #[test]
    fn paths_after_keywords_are_shortened() {
        let t = quote!(if let ::std::option::Option::Some(v) = x { return ::std::result::Result::Ok(v as ::std::string::String) });
        assert_eq!(run(t, &[]), quote!(if let Some(v) = x { return Ok(v as String) }).to_string());
    }

    #[test]
    fn leaves_other_paths_alone() {
        let t = quote!(::std::fmt::Result; ::std::collections::HashMap<K, V>; crate::std::option::Option; a::std::vec::Vec);
        assert_eq!(run(t.clone(), &[]), t.to_string());
    }
}
