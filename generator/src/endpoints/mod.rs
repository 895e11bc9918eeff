//! `smithy.rules#endpointRuleSet` to a Rust resolver, and `smithy.rules#endpointTests` to unit tests.
//!
//! The emitted module (`<svc>::endpoint`) holds `Params`, `resolve_endpoint(&Params)` written as nested
//! `if`s with early returns, `resolve(&BuiltIns)`, and the tests. Runtime support is in
//! `runtime/src/runtime/endpoint.rs` and `endpoint_lib.rs`.

mod ast;
mod bindings;
mod error;
mod expr;
mod jmespath;
mod params;
mod rules;
mod test_cases;
mod value;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

pub use bindings::{OperationBindings, OperationParamBindings};
pub use error::EndpointError;

/// Lints the generated shape makes unavoidable: one `if` per condition nests deeply, and the last rule
/// returns explicitly like every other.
fn module_allows() -> TokenStream {
    quote! {
        #![allow(
            clippy::collapsible_if,
            clippy::collapsible_else_if,
            clippy::needless_return,
            clippy::nonminimal_bool,
            clippy::bool_comparison,
            clippy::useless_format,
            clippy::needless_borrow,
            clippy::redundant_field_names
        )]
    }
}

/// Emits the body of `<svc>::endpoint` for one service's rule set. `tests` is the
/// `smithy.rules#endpointTests` value, if any; `operations` says what each operation binds, used by test
/// cases with `operationInputs` (when empty, such cases use their `params`).
pub fn emit_endpoint_module(
    service_id: &str,
    rule_set: &Value,
    tests: Option<&Value>,
    operations: &OperationBindings,
) -> Result<TokenStream, Vec<EndpointError>> {
    let in_service = |e: EndpointError| EndpointError::new(format!("{service_id}: {}", e.at), e.message);
    let rule_set = ast::read_rule_set(rule_set).map_err(|e| vec![in_service(e)])?;
    let params = params::emit_params(&rule_set.parameters);
    let is_used = |name: &str| rule_set.rules.iter().any(|r| r.mentions(name));
    let (scope, checks) = params::entry_scope(&rule_set.parameters, is_used);
    let body = rules::emit_rules(&rule_set.rules, &scope, "rules").map_err(|e| vec![in_service(e)])?;
    let rules_tokens = body.tokens;
    let fallback = if body.returns {
        quote!()
    } else {
        quote!(return ::std::result::Result::Err(ResolveError::no_rule_matched());)
    };
    let tests = match tests {
        Some(tests) => test_cases::emit_tests(tests, &rule_set.parameters, operations)
            .map_err(|errors| errors.into_iter().map(in_service).collect::<Vec<_>>())?,
        None => TokenStream::new(),
    };
    let allows = module_allows();
    Ok(quote! {
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
