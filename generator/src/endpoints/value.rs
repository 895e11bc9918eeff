//! Typed Rust expressions produced while emitting a rule set, and the scope of named values.
//!
//! Every expression has a rules-language type and a Rust form. The *canonical* form borrows: `&str`,
//! `bool`, `&[String]`, `&Partition` / `&Url` / `&Arn`, each possibly inside `Option`. Runtime functions
//! return owned values (`String`, `Vec<String>`, `Option<Url>`...); those are marked `owned` and are
//! borrowed on use, or kept owned when bound to a local.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Str,
    Bool,
    Int,
    StrArray,
    Partition,
    Url,
    Arn,
}

impl Ty {
    pub fn describe(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Bool => "boolean",
            Ty::Int => "integer",
            Ty::StrArray => "stringArray",
            Ty::Partition => "partition",
            Ty::Url => "URL",
            Ty::Arn => "ARN",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Typed {
    pub tokens: TokenStream,
    pub ty: Ty,
    pub optional: bool,
    /// `tokens` is an owned value (see the module docs) rather than the canonical borrowed form.
    pub owned: bool,
    /// `tokens` can take a method call or an operator without parentheses.
    pub atomic: bool,
}

impl Typed {
    pub fn borrowed(tokens: TokenStream, ty: Ty, optional: bool) -> Self {
        Typed {
            tokens,
            ty,
            optional,
            owned: false,
            atomic: true,
        }
    }

    pub fn owned(tokens: TokenStream, ty: Ty, optional: bool) -> Self {
        Typed {
            tokens,
            ty,
            optional,
            owned: true,
            atomic: true,
        }
    }

    pub fn compound(mut self) -> Self {
        self.atomic = false;
        self
    }

    /// Tokens usable as an operand or method receiver.
    pub fn operand(&self) -> TokenStream {
        let tokens = &self.tokens;
        if self.atomic {
            tokens.clone()
        } else {
            quote!((#tokens))
        }
    }

    /// The canonical form, parenthesized when a method call or field access follows.
    pub fn canonical_operand(&self) -> TokenStream {
        let canonical = self.canonical();
        if self.atomic {
            canonical
        } else {
            quote!((#canonical))
        }
    }

    /// The canonical, borrowed form.
    pub fn canonical(&self) -> TokenStream {
        if !self.owned || matches!(self.ty, Ty::Bool | Ty::Int) {
            return self.tokens.clone();
        }
        let operand = self.operand();
        match (self.ty, self.optional) {
            (Ty::Str, false) => quote!(#operand.as_str()),
            (Ty::StrArray, false) => quote!(#operand.as_slice()),
            (Ty::Str | Ty::StrArray, true) => quote!(#operand.as_deref()),
            (_, false) => quote!(&#operand),
            (_, true) => quote!(#operand.as_ref()),
        }
    }

    /// An owned value (`String`, `Vec<String>`, records, `Option` of those); what bindings and results hold.
    pub fn to_owned_value(&self) -> TokenStream {
        if self.owned || matches!(self.ty, Ty::Bool | Ty::Int) {
            return self.tokens.clone();
        }
        let operand = self.operand();
        match (self.ty, self.optional) {
            (Ty::Str, false) => quote!(#operand.to_owned()),
            (Ty::Str, true) => quote!(#operand.map(::std::borrow::ToOwned::to_owned)),
            (Ty::StrArray, false) => quote!(#operand.to_vec()),
            (Ty::StrArray, true) => quote!(#operand.map(<[::std::string::String]>::to_vec)),
            (_, false) => quote!(#operand.clone()),
            (_, true) => quote!(#operand.cloned()),
        }
    }

    /// This value made owned (no-op for owned and copy values).
    pub fn into_owned(self) -> Typed {
        let tokens = self.to_owned_value();
        let atomic = self.atomic || !self.owned;
        Typed {
            tokens,
            ty: self.ty,
            optional: self.optional,
            owned: true,
            atomic,
        }
    }
}

/// A named value visible to the rules being emitted: a parameter or an `assign`ed result.
#[derive(Debug, Clone)]
pub(crate) struct Var {
    pub value: Typed,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    vars: BTreeMap<String, Var>,
}

impl Scope {
    pub fn get(&self, name: &str) -> Option<&Var> {
        self.vars.get(name)
    }

    /// A local name for `name` that no other visible value is using (a parameter `Arn` and an assigned
    /// `arn` would otherwise both be `arn`, and the second would hide the first).
    pub fn binding_ident(&self, name: &str) -> Ident {
        let base = local_ident(name);
        let taken = |candidate: &str| {
            self.vars
                .iter()
                .any(|(other, var)| other != name && var.value.tokens.to_string() == candidate)
        };
        if !taken(&base.to_string()) {
            return base;
        }
        (2..)
            .map(|n| Ident::new(&format!("{base}_{n}"), Span::call_site()))
            .find(|candidate| !taken(&candidate.to_string()))
            .unwrap_or(base)
    }

    pub fn with(&self, name: &str, value: Typed) -> Scope {
        let mut next = self.clone();
        next.vars.insert(name.to_owned(), Var { value });
        next
    }
}

/// The Rust local (or field) name of a rule-set name: snake case, keywords and the resolver's own names
/// made safe.
pub(crate) fn local_ident(name: &str) -> Ident {
    // Rule sets name parameters and assignments freely: a character Rust rejects is escaped (`_u<hex>`).
    let mut snake = crate::naming::ascii_only(&name.to_snake_case(), "_u");
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake = format!("v_{snake}");
    }
    if is_reserved(&snake) {
        snake.push('_');
    }
    Ident::new(&snake, Span::call_site())
}

fn is_reserved(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait",
        "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do",
        "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
        "union", "params",
    ];
    WORDS.contains(&word) || word.starts_with("lifted_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_rust_rejects_are_escaped_not_a_panic() {
        assert_eq!(local_ident("٣Region").to_string(), "_u663region");
        assert_eq!(local_ident("a b").to_string(), "a_b");
        assert_eq!(local_ident("é").to_string(), "_ue9");
    }

    #[test]
    fn local_names_are_snake_case_and_safe() {
        assert_eq!(local_ident("UseFIPS").to_string(), "use_fips");
        assert_eq!(
            local_ident("PartitionResult").to_string(),
            "partition_result"
        );
        assert_eq!(local_ident("type").to_string(), "type_");
        assert_eq!(local_ident("params").to_string(), "params_");
        assert_eq!(local_ident("1st").to_string(), "v_1st");
    }

    #[test]
    fn bindings_do_not_hide_other_names() {
        let scope = Scope::default().with("Arn", Typed::borrowed(quote!(arn), Ty::Str, false));
        assert_eq!(scope.binding_ident("arn").to_string(), "arn_2");
        assert_eq!(scope.binding_ident("Arn").to_string(), "arn");
        assert_eq!(scope.binding_ident("Region").to_string(), "region");
    }

    #[test]
    fn owned_strings_are_borrowed_on_use() {
        let value = Typed::owned(quote!(f()), Ty::Str, true);
        assert_eq!(value.canonical().to_string(), "f () . as_deref ()");
        let borrowed = Typed::borrowed(quote!(x), Ty::Str, false);
        assert_eq!(borrowed.to_owned_value().to_string(), "x . to_owned ()");
    }
}
