//! `smithy.rules#endpointRuleSet` to a Rust resolver, and `smithy.rules#endpointTests` to unit tests.
//!
//! The emitted module (`<svc>::endpoint`) holds `Params`, `resolve_endpoint(&Params)` written as nested
//! `if`s with early returns, `resolve(&BuiltIns)`, and the tests. Runtime support is in
//! `runtime/src/runtime/endpoint.rs` and `endpoint_lib.rs`.

mod ast;
mod attr;
mod bindings;
mod choice;
mod error;
mod expr;
mod known_failures;
mod params;
mod rules;
mod test_cases;
mod value;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

pub use bindings::{OperationBindings, OperationParamBindings};
pub use error::EndpointError;
pub use known_failures::{parse_known_failures, project_known_failures, KnownFailures};

/// The type of a rule-set parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    String,
    Boolean,
    StringArray,
}

/// A rule-set parameter as the rest of the generator sees it: its `Params` field and type.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamInfo {
    pub name: String,
    /// The field of the generated `Params` struct (identifier text).
    pub field: String,
    pub kind: ParamKind,
    /// `Option<T>` in `Params` (no default).
    pub optional: bool,
    pub built_in: Option<String>,
}

/// The parameters of a rule set.
pub fn parameter_infos(rule_set: &Value) -> Result<Vec<ParamInfo>, EndpointError> {
    let rule_set = ast::read_rule_set(rule_set)?;
    Ok(rule_set
        .parameters
        .iter()
        .map(|p| ParamInfo {
            name: p.name.clone(),
            field: params::field_ident(p).to_string(),
            kind: match p.ty {
                ast::ParamType::String => ParamKind::String,
                ast::ParamType::Boolean => ParamKind::Boolean,
                ast::ParamType::StringArray => ParamKind::StringArray,
            },
            optional: p.is_optional(),
            built_in: p.built_in.clone(),
        })
        .collect())
}

/// A JSON value as a Rust value of the parameter's field type (`None` if it does not fit the type).
pub fn param_value(param: &ParamInfo, value: &Value) -> Option<TokenStream> {
    let ty = match param.kind {
        ParamKind::String => ast::ParamType::String,
        ParamKind::Boolean => ast::ParamType::Boolean,
        ParamKind::StringArray => ast::ParamType::StringArray,
    };
    let value = params::literal_value(ty, value)?;
    Some(if param.optional { quote!(::std::option::Option::Some(#value)) } else { value })
}

/// How endpoint tests are emitted.
#[derive(Debug, Clone, Default)]
pub struct TestSettings {
    /// What operations bind, for test cases with `operationInputs` (when empty, those cases use their
    /// `params` only).
    pub operations: OperationBindings,
    /// Test function names to emit as `#[ignore = "<reason>"]`, besides the project's known failures of the
    /// service (tests/endpoints/skip.txt), which are always ignored.
    pub ignored: std::collections::BTreeMap<String, String>,
}

/// Lints the generated shape makes unavoidable: one `if` per condition nests deeply, every rule returns
/// explicitly (the last one too), and a function given an optional value runs in a closure over it.
fn module_allows() -> TokenStream {
    quote! {
        #![allow(clippy::collapsible_if, clippy::needless_return, clippy::redundant_closure, clippy::nonminimal_bool)]
    }
}

/// Emits the body of `<svc>::endpoint` for one service's rule set (`service_id` names it in the docs;
/// errors say where in the rule set or tests they are, callers add the service). `tests` is the
/// `smithy.rules#endpointTests` value, if any; `settings` says what operations bind and which tests are
/// known to fail.
pub fn emit_endpoint_module(
    service_id: &str,
    rule_set: &Value,
    tests: Option<&Value>,
    settings: &TestSettings,
) -> Result<TokenStream, Vec<EndpointError>> {
    let rule_set = ast::read_rule_set(rule_set).map_err(|e| vec![e])?;
    params::check_field_names(&rule_set.parameters).map_err(|e| vec![e])?;
    let params = params::emit_params(&rule_set.parameters);
    let is_used = |name: &str| rule_set.rules.iter().any(|r| r.mentions(name));
    let (scope, checks) = params::entry_scope(&rule_set.parameters, is_used);
    let body = rules::emit_rules(&rule_set.rules, &scope, "rules").map_err(|e| vec![e])?;
    let rules_tokens = body.tokens;
    let fallback = if body.returns {
        quote!()
    } else {
        quote!(return ::std::result::Result::Err(ResolveError::no_rule_matched());)
    };
    let tests = match tests {
        Some(tests) => {
            let mut settings = settings.clone();
            for (case, reason) in project_known_failures(service_id) {
                settings.ignored.entry(case).or_insert(reason);
            }
            test_cases::emit_tests(tests, &rule_set.parameters, &settings)?
        }
        None => TokenStream::new(),
    };
    let allows = module_allows();
    let module_doc =
        format!(" Endpoint resolution for `{service_id}`, generated from its endpoint rule set.");
    Ok(quote! {
        #![doc = #module_doc]
        #allows

        use crate::runtime::endpoint::{BuiltIns, Endpoint, ResolveError};

        #params

        /// Resolves the endpoint for `params` by the service's endpoint rules.
        pub fn resolve_endpoint(params: &Params) -> ::std::result::Result<Endpoint, ResolveError> {
            #checks
            #rules_tokens
            #fallback
        }

        /// Resolves the endpoint for client configuration.
        pub fn resolve(builtins: &BuiltIns) -> ::std::result::Result<Endpoint, ResolveError> {
            resolve_endpoint(&Params::from_builtins(builtins))
        }

        #tests
    })
}

#[cfg(test)]
mod emitter_tests;
