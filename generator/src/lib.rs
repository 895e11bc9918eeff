//! Smithy 2.0 JSON AST -> Rust client generator. The library is the pipeline and does no I/O:
//! `xtask` reads the model files and writes (or checks) the returned file plan.
//!
//! load (model) -> transform -> lower to IR (ir, naming) -> emit (emit, protocol, endpoints) -> format.
pub mod customizations;
pub mod docs;
pub mod emit;
pub mod endpoints;
pub mod graph;
pub mod error;
pub mod ir;
/// The JMESPath parser and evaluator, compiled from the runtime's own file so both read paths the same way.
#[allow(dead_code)]
#[path = "../runtime/src/runtime/jmespath.rs"]
pub mod jmespath;
pub mod model;
pub mod naming;
pub mod protocol;
pub mod protocol_tests;
pub mod runtime_files;
pub mod transform;

pub use emit::{CrateSettings, FilePlan};
pub use error::{Diagnostic, Errors};

/// What to generate.
pub struct Settings {
    pub crate_settings: CrateSettings,
    /// Operation names to generate; `None` generates every operation of every service.
    pub operations: Option<Vec<String>>,
}

/// Generates a whole crate from loaded models (each model may hold one or more services).
/// Every problem found is reported; no partial plan is returned.
pub fn generate(models: &[model::Model], settings: &Settings) -> Result<FilePlan, Errors> {
    let mut problems = Vec::new();
    let mut services = Vec::new();
    for m in models {
        for service in m.services() {
            match ir::lower_service(m, &service.id, settings.operations.as_deref()) {
                Ok(s) => {
                    problems.extend(ir::check_service_module(&s).map(|d| with_file(m, d)));
                    services.push(s)
                }
                Err(d) => problems.extend(d.into_iter().map(|d| with_file(m, d))),
            }
        }
    }
    if let Some(names) = &settings.operations {
        for name in names {
            if !services.iter().any(|s| s.operations.iter().any(|o| &o.wire_name == name)) {
                problems.push(Diagnostic::new(format!("operation `{name}` is in no loaded service")));
            }
        }
    }
    services.sort_by(|a, b| a.module.cmp(&b.module));
    for pair in services.windows(2) {
        if pair[0].module == pair[1].module {
            problems.push(Diagnostic::at_shape(&pair[1].id, format!("module name `{}` is used by two services", pair[1].module)));
        }
    }
    let mut plan = FilePlan::new();
    if let Err(d) = emit::crate_files(&settings.crate_settings, &services, &mut plan) {
        problems.push(d);
    }
    if let Err(mut d) = emit::service_files(&services, &settings.crate_settings.crate_ident(), &mut plan) {
        problems.append(&mut d);
    }
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(Errors::from(problems))
    }
}

/// Lowering names the shape a problem belongs to; the model knows the file it came from.
fn with_file(model: &model::Model, d: Diagnostic) -> Diagnostic {
    if d.file.is_some() {
        return d;
    }
    let shape = d.shape.as_deref().and_then(|s| s.split(['$', ' ']).next()).and_then(|s| model::ShapeId::parse(s).ok());
    match shape.and_then(|id| model.shape(&id)) {
        Some(found) => {
            let file = found.file.clone();
            d.in_file(file)
        }
        None => d,
    }
}
