//! IR of what follows a service's calls beyond one request: waiters, endpoint parameters bound per call, and
//! which shapes and members JMESPath paths read (so only those get `Reflect` impls).
use super::TypePath;
use crate::endpoints::ParamInfo;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Lowered from the model after the service's types (paths are checked against them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lifecycle {
    /// `smithy.waiters#waitable` waiters of every operation, in operation then name order.
    pub waiters: Vec<Waiter>,
    /// Per operation (wire name): the endpoint parameters it binds from its input and traits.
    pub endpoint_bindings: BTreeMap<String, Vec<EndpointBinding>>,
    /// The rule set reads `AWS::Auth::AccountId`: every operation resolves its endpoint per call, once the
    /// credentials (and their account id) are known.
    pub account_id_endpoints: bool,
    /// Shapes and members that paths read.
    pub reflect: ReflectPlan,
}

impl Lifecycle {
    /// Whether the operation resolves its endpoint per call.
    pub fn resolves_per_call(&self, operation: &str) -> bool {
        self.account_id_endpoints || self.endpoint_bindings.contains_key(operation)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// The waiter's name in the model (`TableExists`).
    pub name: String,
    /// The polled operation's wire name.
    pub operation: String,
    /// Module under `<svc>::waiters` and the client method's suffix (`table_exists`).
    pub module: String,
    pub min_delay: u64,
    pub max_delay: u64,
    pub acceptors: Vec<Acceptor>,
    pub docs: String,
    /// The waiter is `deprecated` in the model.
    pub deprecated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    pub state: AcceptorState,
    pub matcher: Matcher,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    Success,
    Failure,
    Retry,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    Output { path: String, expected: String, comparator: Comparator },
    InputOutput { path: String, expected: String, comparator: Comparator },
    Success(bool),
    ErrorType(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    StringEquals,
    BooleanEquals,
    AllStringEquals,
    AnyStringEquals,
}

/// One endpoint parameter an operation binds.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointBinding {
    pub param: ParamInfo,
    pub source: BindingSource,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BindingSource {
    /// `smithy.rules#staticContextParams`: a fixed value.
    Static(Value),
    /// `@contextParam` on the input member with this Rust field name.
    Member(String),
    /// `smithy.rules#operationContextParams`: a JMESPath over the input.
    Path(String),
}

/// The structures (members by Smithy name), unions (variants) and enums that some path reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReflectPlan {
    pub structs: BTreeMap<TypePath, BTreeSet<String>>,
    pub unions: BTreeMap<TypePath, BTreeSet<String>>,
    pub enums: BTreeSet<TypePath>,
    pub int_enums: BTreeSet<TypePath>,
}

impl ReflectPlan {
    pub fn is_empty(&self) -> bool {
        self.structs.is_empty() && self.unions.is_empty() && self.enums.is_empty() && self.int_enums.is_empty()
    }
}

/// Lowers waiters and endpoint bindings of a lowered service, checking every path against its shapes.
pub(crate) fn lower(model: &crate::model::Model, svc: &super::Service) -> Result<Lifecycle, Vec<crate::error::Diagnostic>> {
    use super::path_types::{Checker, PType, Shapes};
    let shapes = Shapes::of(svc);
    let mut reflect = ReflectPlan::default();
    let mut checker = Checker::new(svc, &shapes, &mut reflect);
    let mut problems = Vec::new();
    let waiters = super::waiters::lower_waiters(model, svc, &mut checker).unwrap_or_else(|mut p| {
        problems.append(&mut p);
        Vec::new()
    });
    // The waiter engine sees the polled operation's input and output as values.
    for waiter in &waiters {
        if let Some(op) = svc.operations.iter().find(|o| o.wire_name == waiter.operation) {
            checker.note(&PType::Struct(op.input.path.clone()));
            checker.note(&PType::Struct(op.output.path.clone()));
        }
    }
    // A malformed rule set is reported by the endpoint emitter; here it just binds nothing.
    let params = svc.rule_set.as_ref().and_then(|r| crate::endpoints::parameter_infos(r).ok()).unwrap_or_default();
    let endpoint_bindings = super::endpoint_bindings::lower_bindings(model, svc, &params, &mut checker).unwrap_or_else(|mut p| {
        problems.append(&mut p);
        BTreeMap::new()
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Lifecycle {
        waiters,
        endpoint_bindings,
        account_id_endpoints: params.iter().any(|p| p.built_in.as_deref() == Some("AWS::Auth::AccountId")),
        reflect,
    })
}
