//! Model -> IR for one service. Every naming decision is made here (through naming.rs), once.
use super::http::HttpTrait;
use super::types::*;
use crate::docs::html_to_markdown;
use crate::error::Diagnostic;
use crate::model::{is_unit, Member, Model, Shape, ShapeId, ShapeKind, Traits};
use crate::naming;
use crate::protocol::Protocol;
use crate::transform::{boxed_members, Closure};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone)]
struct Lowerer<'a> {
    model: &'a Model,
    protocol: Protocol,
    boxed: BTreeSet<(ShapeId, String)>,
    /// Rust paths of the named types (structures, unions, enums) shared across operations.
    paths: BTreeMap<ShapeId, TypePath>,
    problems: Vec<Diagnostic>,
}

/// Lowers one service (with the selected operations, or all) to IR.
pub fn lower_service(model: &Model, service_id: &ShapeId, selection: Option<&[String]>) -> Result<Service, Vec<Diagnostic>> {
    let service = model
        .shape(service_id)
        .ok_or_else(|| vec![Diagnostic::at_shape(service_id, "service does not exist")])?;
    let protocol = Protocol::of_service(service).map_err(|d| vec![d])?;
    let closure = Closure::compute(model, service, selection).map_err(|d| vec![d])?;
    let mut lw = Lowerer {
        model,
        protocol,
        boxed: boxed_members(model, &closure.shapes),
        paths: BTreeMap::new(),
        problems: Vec::new(),
    };
    lw.assign_paths(service, &closure);

    let custom = crate::customizations::for_service(&service.id);
    let op_shapes: Vec<&Shape> = closure.operations.iter().filter_map(|id| model.shape(id)).collect();
    let mut operations: Vec<Operation> = lw
        .in_parallel(&op_shapes, |lw, op, out| out.extend(lw.operation(service, op)))
        .into_iter()
        .map(|op| match custom {
            Some(c) => with_request_rules(op, c),
            None => op,
        })
        .collect();
    super::file_names::check(&operations, &mut lw.problems);
    let named: Vec<(&Shape, TypePath)> =
        lw.paths.iter().filter_map(|(id, path)| Some((model.shape(id)?, path.clone()))).collect();
    let lowered = lw.in_parallel(&named, |lw, (shape, path), out| {
        let path = path.clone();
        out.push(match shape.kind {
            ShapeKind::Structure => {
                let kind = if shape.is_error() { StructKind::Error } else { StructKind::Plain };
                NamedType::Struct(lw.structure(shape, path, kind))
            }
            ShapeKind::Union => NamedType::Union(lw.union(shape, path)),
            ShapeKind::Enum => NamedType::Enum(lw.enumeration(shape, path)),
            ShapeKind::IntEnum => NamedType::IntEnum(lw.int_enum(shape, path)),
            _ => return,
        })
    });
    let (mut structs, mut enums, mut int_enums, mut unions) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for named_type in lowered {
        match named_type {
            NamedType::Struct(s) => structs.push(s),
            NamedType::Union(u) => unions.push(u),
            NamedType::Enum(e) => enums.push(e),
            NamedType::IntEnum(e) => int_enums.push(e),
        }
    }
    // Paginator paths run through nested output structures, so they are resolved once those are lowered.
    lw.problems.extend(super::paginator::lower_paginators(model, service, &mut operations, &structs));
    if !lw.problems.is_empty() {
        return Err(lw.problems);
    }
    let service_traits = &service.traits;
    let sdk_id = service_traits
        .get("aws.api#service")
        .and_then(|v| v.get("sdkId"))
        .and_then(Value::as_str)
        .unwrap_or(service.id.name())
        .to_string();
    let signing_name = service_traits
        .get("aws.auth#sigv4")
        .and_then(|v| v.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| naming::service_module(&sdk_id));
    let api_version = service.bindings.version.clone().unwrap_or_default();
    let static_headers = custom
        .map(|c| {
            c.static_headers
                .iter()
                .map(|(name, value)| {
                    let value = match value {
                        crate::customizations::HeaderValue::Text(text) => text.to_string(),
                        crate::customizations::HeaderValue::ServiceVersion => api_version.clone(),
                    };
                    (name.to_string(), value)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut lowered = Service {
        id: service.id.clone(),
        module: naming::service_module(&sdk_id),
        env_suffix: naming::endpoint_env_suffix(&sdk_id),
        target_prefix: service.id.name().to_string(),
        protocol,
        signing_name,
        api_version,
        query_compatible: service_traits.get("aws.protocols#awsQueryCompatible").is_some(),
        static_headers,
        rule_set: service_traits.get("smithy.rules#endpointRuleSet").cloned(),
        endpoint_tests: service_traits.get("smithy.rules#endpointTests").cloned(),
        docs: docs_or(&service.traits, || format!("Client for {sdk_id}.")),
        sdk_id,
        operations,
        structs,
        enums,
        int_enums,
        unions,
        lifecycle: Default::default(),
    };
    lowered.lifecycle = super::lifecycle::lower(model, &lowered)?;
    Ok(lowered)
}

/// Documentation as Markdown, or the fallback when there is none (or it is empty once converted, e.g. `<p></p>`):
/// every public item gets a doc.
fn docs_or(traits: &Traits, fallback: impl FnOnce() -> String) -> String {
    let md = traits.api_str("documentation").map(html_to_markdown).unwrap_or_default();
    if md.trim().is_empty() {
        fallback()
    } else {
        md
    }
}

fn shape_name<'s>(service: &'s Shape, id: &'s ShapeId) -> &'s str {
    service.bindings.rename.get(id).map(String::as_str).unwrap_or(id.name())
}

/// One lowered named type (kept in the order of the shape ids).
enum NamedType {
    Struct(Struct),
    Union(Union),
    Enum(Enum),
    IntEnum(IntEnum),
}

impl<'a> Lowerer<'a> {
    /// Lowers `items` on the machine's cores, each worker with its own copy of the lowerer (after `assign_paths`
    /// only `problems` changes). Results and problems keep the order of `items`, so output does not depend on
    /// scheduling.
    fn in_parallel<I: Sync, T: Send>(&mut self, items: &[I], lower: impl Fn(&mut Lowerer<'a>, &I, &mut Vec<T>) + Sync) -> Vec<T> {
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, items.len().max(1));
        let chunk = items.len().div_ceil(workers).max(1);
        let results: Vec<(Vec<T>, Vec<Diagnostic>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = items
                .chunks(chunk)
                .map(|part| {
                    let mut lw = self.clone();
                    lw.problems.clear();
                    let lower = &lower;
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        for item in part {
                            lower(&mut lw, item, &mut out);
                        }
                        (out, lw.problems)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|_| (Vec::new(), vec![Diagnostic::new("generator bug: a lowering worker panicked")]))).collect()
        });
        let mut out = Vec::with_capacity(items.len());
        for (mut part, mut problems) in results {
            out.append(&mut part);
            self.problems.append(&mut problems);
        }
        out
    }
}

impl Lowerer<'_> {
    /// Named types: every structure referenced as a member target or used as an error, every union and enum.
    /// Operation inputs and outputs get their own per-operation copies instead.
    fn assign_paths(&mut self, service: &Shape, closure: &Closure) {
        let mut member_targets = BTreeSet::new();
        for id in &closure.shapes {
            if let Some(s) = self.model.shape(id) {
                member_targets.extend(s.members.iter().map(|m| m.target.clone()));
            }
        }
        let mut by_module: BTreeMap<&str, Vec<(ShapeId, String)>> = BTreeMap::new();
        for id in &closure.shapes {
            let Some(shape) = self.model.shape(id) else { continue };
            if is_unit(id) || shape.traits.has("smithy.api#mixin") {
                continue;
            }
            let module = match shape.kind {
                ShapeKind::Structure if shape.is_error() => "error",
                ShapeKind::Structure if member_targets.contains(id) => "types",
                ShapeKind::Union | ShapeKind::Enum | ShapeKind::IntEnum => "types",
                _ => continue,
            };
            by_module.entry(module).or_default().push((id.clone(), naming::type_name(shape_name(service, id))));
        }
        for (module, entries) in by_module {
            let mut names: Vec<String> = entries.iter().map(|(_, n)| n.clone()).collect();
            naming::dedupe(&mut names);
            for ((id, _), name) in entries.into_iter().zip(names) {
                self.paths.insert(id, TypePath { module: vec![module.to_string()], name });
            }
        }
    }

    fn operation(&mut self, service: &Shape, op: &Shape) -> Option<Operation> {
        let wire_name = op.id.name().to_string();
        let fn_name = naming::ident_text(&naming::snake(&wire_name));
        let module = vec!["operation".to_string(), naming::operation_module(&wire_name)];
        let type_base = naming::type_name(&wire_name);
        let http = if self.protocol.uses_http_bindings() {
            match op.traits.api("http") {
                Some(v) => match HttpTrait::parse(v, &op.id.to_string()) {
                    Ok(h) => h,
                    Err(d) => {
                        self.problems.push(d);
                        return None;
                    }
                },
                None => {
                    self.problems.push(Diagnostic::at_shape(&op.id, "restJson1 operation without an @http trait"));
                    return None;
                }
            }
        } else {
            HttpTrait::aws_json()
        };
        let mut input = self.io_struct(op.operation.input.as_ref(), &module, format!("{type_base}Input"), StructKind::Input, &op.id);
        for f in input.fields.iter_mut() {
            if let Binding::Label { greedy } = &mut f.binding {
                *greedy = http.segments.iter().any(|s| matches!(s, super::UriSegment::Label { name, greedy: true } if *name == f.wire_name));
            }
        }
        let mut output = self.io_struct(op.operation.output.as_ref(), &module, format!("{type_base}Output"), StructKind::Output, &op.id);
        let error_enum = TypePath { module: module.clone(), name: format!("{type_base}Error") };
        self.bind_event_streams(&mut input, &mut output, &error_enum);
        if let Some(label) = unbound_label(&http, &input) {
            self.problems.push(Diagnostic::at_shape(&op.id, format!("uri label `{label}` has no @httpLabel input member")));
            return None;
        }
        let mut error_ids: Vec<&ShapeId> = op.operation.errors.iter().collect();
        // Modeled errors of an output event stream arrive inside the stream, as the operation's errors.
        let stream_errors = self.output_stream_errors(op);
        for e in service.bindings.errors.iter().chain(stream_errors.iter()) {
            if !error_ids.contains(&e) {
                error_ids.push(e);
            }
        }
        let mut errors: Vec<OperationError> = error_ids
            .into_iter()
            .filter_map(|id| {
                let shape = self.model.shape(id)?;
                let path = self.paths.get(id)?.clone();
                Some(OperationError { variant: path.name.clone(), path, info: error_info(shape) })
            })
            .collect();
        let mut variants: Vec<String> = errors.iter().map(|e| e.variant.clone()).collect();
        for v in variants.iter_mut() {
            if v == "Unhandled" {
                *v = "UnhandledValue".into();
            }
        }
        naming::dedupe(&mut variants);
        for (e, v) in errors.iter_mut().zip(variants) {
            e.variant = v;
        }
        let host_prefix = match op.traits.api("endpoint").and_then(|e| e.get("hostPrefix")).and_then(Value::as_str) {
            Some(template) => match host_prefix_parts(template, &input) {
                Ok(parts) => parts,
                Err(problem) => {
                    self.problems.push(Diagnostic::at_shape(&op.id, format!("@endpoint hostPrefix `{template}`: {problem}")));
                    return None;
                }
            },
            None => Vec::new(),
        };
        let gzip_request = op
            .traits
            .api("requestCompression")
            .and_then(|c| c.get("encodings"))
            .and_then(Value::as_array)
            .is_some_and(|encodings| encodings.iter().any(|e| e.as_str().is_some_and(|e| e.eq_ignore_ascii_case("gzip"))));
        let auth_empty = op.traits.api("auth").and_then(Value::as_array).is_some_and(|a| a.is_empty());
        Some(Operation {
            id: op.id.clone(),
            module: module[1].clone(),
            fn_name,
            error_enum,
            input,
            output,
            errors,
            http,
            auth: if auth_empty {
                Auth::None
            } else if op.traits.has_api("optionalAuth") {
                Auth::Optional
            } else {
                Auth::SigV4
            },
            docs: docs_or(&op.traits, || format!("Calls the `{wire_name}` operation.")),
            host_prefix,
            gzip_request,
            checksum_required: op.traits.has_api("httpChecksumRequired"),
            request_rules: RequestRules::default(),
            request_tests: op.traits.get("smithy.test#httpRequestTests").cloned(),
            response_tests: op.traits.get("smithy.test#httpResponseTests").cloned(),
            event_stream_tests: op.traits.get("smithy.test#eventStreamTests").cloned(),
            paginator: None,
            wire_name,
        })
    }

    /// Input and output members targeting a `@streaming` union become the event sender and receiver.
    fn bind_event_streams(&self, input: &mut Struct, output: &mut Struct, error_enum: &TypePath) {
        let streaming = |ty: &Ty| match ty {
            Ty::Union(p) => self.paths.iter().any(|(id, path)| {
                path == p && self.model.shape(id).is_some_and(|s| s.traits.has_api("streaming"))
            }),
            _ => false,
        };
        // awsJson has no HTTP bindings, but the event stream is the HTTP body all the same (the other members
        // travel in the initial-request / initial-response message).
        let rpc = !self.protocol.uses_http_bindings();
        for f in input.fields.iter_mut().filter(|f| streaming(&f.ty)) {
            if let Ty::Union(p) = &f.ty {
                f.ty = Ty::EventSender(p.clone());
                if rpc {
                    f.binding = Binding::Payload;
                }
            }
        }
        for f in output.fields.iter_mut().filter(|f| streaming(&f.ty)) {
            if let Ty::Union(p) = &f.ty {
                f.ty = Ty::EventReceiver { union: p.clone(), error: error_enum.clone() };
                if rpc {
                    f.binding = Binding::Payload;
                }
            }
        }
    }

    /// The error structures that members of the operation's output event stream target.
    fn output_stream_errors(&self, op: &Shape) -> Vec<ShapeId> {
        let output = op.operation.output.as_ref().and_then(|id| self.model.shape(id));
        output
            .into_iter()
            .flat_map(|o| o.members.iter())
            .filter_map(|m| self.model.shape(&m.target))
            .filter(|u| u.kind == ShapeKind::Union && u.traits.has_api("streaming"))
            .flat_map(|u| u.members.iter())
            .filter(|m| self.model.shape(&m.target).is_some_and(Shape::is_error))
            .map(|m| m.target.clone())
            .collect()
    }

    fn io_struct(&mut self, target: Option<&ShapeId>, module: &[String], name: String, kind: StructKind, op: &ShapeId) -> Struct {
        let path = TypePath { module: module.to_vec(), name };
        match target.filter(|t| !is_unit(t)).and_then(|t| self.model.shape(t)) {
            Some(shape) => {
                let mut s = self.structure(shape, path, kind);
                s.id = shape.id.clone();
                s
            }
            None => Struct {
                id: op.clone(),
                path,
                kind,
                fields: Vec::new(),
                error: None,
                sensitive: false,
                docs: String::new(),
            },
        }
        .with_default_docs(kind, op)
    }

    fn structure(&mut self, shape: &Shape, path: TypePath, kind: StructKind) -> Struct {
        let fields = shape.members.iter().map(|m| self.field(shape, m, kind)).collect();
        Struct {
            id: shape.id.clone(),
            docs: docs_or(&shape.traits, || format!("The `{}` structure.", shape.id.name())),
            path,
            kind,
            fields,
            error: shape.is_error().then(|| error_info(shape)),
            sensitive: shape.traits.has_api("sensitive"),
        }
    }

    fn field(&mut self, container: &Shape, member: &Member, kind: StructKind) -> Field {
        let target = self.model.shape(&member.target);
        let t = &member.traits;
        let target_traits = target.map(|s| &s.traits);
        let trait_of = |name: &str| t.api(name).or_else(|| target_traits.and_then(|tt| tt.api(name)));
        let required = t.has_api("required");
        let mut default = t.api("default").cloned();
        if default.is_none() && member.target.is_prelude() && member.target.name().starts_with("Primitive") {
            default = target_traits.and_then(|tt| tt.api("default")).cloned();
        }
        let default = default.filter(|d| !d.is_null());
        // Members of an `@input` structure are implicitly `@clientOptional` (Smithy's rule, so that a
        // default the server may change is never frozen into a client's request).
        let client_optional = t.has_api("clientOptional") || (kind == StructKind::Input && container.traits.has_api("input"));
        let optional = client_optional
            || (kind == StructKind::Input && required && default.is_none())
            || (!required && default.is_none());
        let ty = self.ty(&member.target, &container.id.member(&member.name));
        let binding = match (kind, self.binding(t)) {
            // Members of event structures travel in message headers or as the message payload.
            (StructKind::Plain | StructKind::Error, _) if t.has_api("eventHeader") => Binding::EventHeader,
            (StructKind::Plain | StructKind::Error, _) if t.has_api("eventPayload") => Binding::EventPayload,
            (StructKind::Plain, _) => Binding::Body,
            // Labels and query strings only exist in requests: in outputs and errors the member is in the body.
            (StructKind::Output | StructKind::Error, Binding::Label { .. } | Binding::Query(_) | Binding::QueryParams) => {
                Binding::Body
            }
            (_, b) => b,
        };
        let json_name = match (self.protocol.honours_json_name(), t.api_str("jsonName")) {
            (true, Some(n)) => n.to_string(),
            _ => member.name.clone(),
        };
        let mut constraints = self.constraints_of(target_traits);
        constraints.merge_over(self.constraints_of(Some(t)));
        Field {
            rust_name: naming::ident_text(&naming::field_name(&member.name)),
            json_name,
            ty,
            optional,
            default: if optional { None } else { default },
            required,
            boxed: self.boxed.contains(&(container.id.clone(), member.name.clone())),
            sensitive: t.has_api("sensitive") || target_traits.is_some_and(|tt| tt.has_api("sensitive")),
            idempotency_token: t.has_api("idempotencyToken"),
            binding,
            constraints,
            timestamp_format: trait_of("timestampFormat").and_then(Value::as_str).and_then(timestamp_format),
            media_type: trait_of("mediaType").and_then(Value::as_str).map(str::to_string),
            docs: docs_or(t, || member_fallback_docs(&member.name, required)),
            wire_name: member.name.clone(),
        }
    }

    fn binding(&self, t: &Traits) -> Binding {
        if !self.protocol.uses_http_bindings() {
            return Binding::Body;
        }
        if t.has_api("httpLabel") {
            Binding::Label { greedy: false }
        } else if let Some(q) = t.api_str("httpQuery") {
            Binding::Query(q.to_string())
        } else if t.has_api("httpQueryParams") {
            Binding::QueryParams
        } else if let Some(h) = t.api_str("httpHeader") {
            Binding::Header(h.to_string())
        } else if let Some(p) = t.api_str("httpPrefixHeaders") {
            Binding::PrefixHeaders(p.to_string())
        } else if t.has_api("httpPayload") {
            Binding::Payload
        } else if t.has_api("httpResponseCode") {
            Binding::ResponseCode
        } else {
            Binding::Body
        }
    }

    fn constraints_of(&self, traits: Option<&Traits>) -> Constraints {
        let Some(t) = traits else { return Constraints::default() };
        let bounds = |v: &Value| (v.get("min").and_then(Value::as_f64), v.get("max").and_then(Value::as_f64));
        Constraints {
            length: t.api("length").map(|v| {
                let (min, max) = bounds(v);
                (min.map(|x| x.max(0.0) as u64), max.map(|x| x.max(0.0) as u64))
            }),
            pattern: t.api_str("pattern").map(str::to_string),
            range: t.api("range").map(bounds),
        }
    }

    /// The Rust type of a member target.
    fn ty(&mut self, id: &ShapeId, owner: &str) -> Ty {
        let Some(shape) = self.model.shape(id) else {
            self.problems.push(Diagnostic::at_shape(owner, format!("target `{id}` does not exist")));
            return Ty::String;
        };
        let path = || self.paths.get(id).cloned();
        match shape.kind {
            ShapeKind::Blob => Ty::Blob,
            ShapeKind::Boolean => Ty::Bool,
            ShapeKind::String => Ty::String,
            ShapeKind::Byte => Ty::Byte,
            ShapeKind::Short => Ty::Short,
            ShapeKind::Integer => Ty::Int,
            ShapeKind::Long => Ty::Long,
            ShapeKind::Float => Ty::Float,
            ShapeKind::Double => Ty::Double,
            ShapeKind::BigInteger => Ty::BigInteger,
            ShapeKind::BigDecimal => Ty::BigDecimal,
            ShapeKind::Timestamp => Ty::Timestamp,
            ShapeKind::Document => Ty::Document,
            ShapeKind::Enum => path().map(Ty::Enum).unwrap_or(Ty::String),
            ShapeKind::IntEnum => path().map(Ty::IntEnum).unwrap_or(Ty::Int),
            ShapeKind::Union => path().map(Ty::Union).unwrap_or(Ty::Document),
            ShapeKind::Structure => match path() {
                Some(p) => Ty::Struct(p),
                None => {
                    self.problems.push(Diagnostic::at_shape(owner, format!("structure `{id}` is not generated")));
                    Ty::Document
                }
            },
            ShapeKind::List | ShapeKind::Set => {
                let elem = self.elem(shape, "member");
                Ty::List(Box::new(elem))
            }
            ShapeKind::Map => Ty::Map(Box::new(self.elem(shape, "value"))),
            ShapeKind::Service | ShapeKind::Resource | ShapeKind::Operation => {
                self.problems.push(Diagnostic::at_shape(owner, format!("targets `{id}`, a {:?}", shape.kind)));
                Ty::Document
            }
        }
    }

    fn elem(&mut self, collection: &Shape, member_name: &str) -> Elem {
        let Some(member) = collection.member(member_name) else {
            self.problems.push(Diagnostic::at_shape(&collection.id, format!("missing `{member_name}` member")));
            return Elem { ty: Ty::Document, sparse: false, constraints: Constraints::default(), timestamp_format: None, collection_constraints: Constraints::default() };
        };
        let target_traits = self.model.shape(&member.target).map(|s| &s.traits);
        let mut constraints = self.constraints_of(target_traits);
        constraints.merge_over(self.constraints_of(Some(&member.traits)));
        let format = member
            .traits
            .api_str("timestampFormat")
            .or_else(|| target_traits.and_then(|t| t.api_str("timestampFormat")))
            .and_then(timestamp_format);
        Elem {
            ty: self.ty(&member.target, &collection.id.member(member_name)),
            sparse: collection.traits.has_api("sparse"),
            constraints,
            timestamp_format: format,
            collection_constraints: self.constraints_of(Some(&collection.traits)),
        }
    }

    fn union(&mut self, shape: &Shape, path: TypePath) -> Union {
        let names = variant_names(shape);
        let variants = shape
            .members
            .iter()
            .zip(names)
            .map(|(m, rust_name)| {
                let target_traits = self.model.shape(&m.target).map(|s| &s.traits);
                UnionVariant {
                    json_name: match (self.protocol.honours_json_name(), m.traits.api_str("jsonName")) {
                        (true, Some(n)) => n.to_string(),
                        _ => m.name.clone(),
                    },
                    unit: is_unit(&m.target),
                    ty: if is_unit(&m.target) { Ty::Document } else { self.ty(&m.target, &shape.id.member(&m.name)) },
                    boxed: self.boxed.contains(&(shape.id.clone(), m.name.clone())),
                    sensitive: m.traits.has_api("sensitive") || target_traits.is_some_and(|t| t.has_api("sensitive")),
                    timestamp_format: m
                        .traits
                        .api_str("timestampFormat")
                        .or_else(|| target_traits.and_then(|t| t.api_str("timestampFormat")))
                        .and_then(timestamp_format),
                    docs: docs_or(&m.traits, || format!("The `{}` variant.", m.name)),
                    wire_name: m.name.clone(),
                    rust_name,
                }
            })
            .collect();
        Union {
            id: shape.id.clone(),
            docs: docs_or(&shape.traits, || format!("The `{}` union.", shape.id.name())),
            path,
            variants,
            streaming: shape.traits.has_api("streaming"),
            sensitive: shape.traits.has_api("sensitive"),
        }
    }

    fn enumeration(&mut self, shape: &Shape, path: TypePath) -> Enum {
        let variants = shape
            .members
            .iter()
            .zip(variant_names(shape))
            .map(|(m, rust_name)| EnumVariant {
                value: m.traits.api_str("enumValue").unwrap_or(&m.name).to_string(),
                docs: docs_or(&m.traits, || format!("The `{}` value.", m.traits.api_str("enumValue").unwrap_or(&m.name))),
                rust_name,
            })
            .collect();
        Enum {
            id: shape.id.clone(),
            docs: docs_or(&shape.traits, || format!("The `{}` enumeration.", shape.id.name())),
            path,
            variants,
            sensitive: shape.traits.has_api("sensitive"),
        }
    }

    fn int_enum(&mut self, shape: &Shape, path: TypePath) -> IntEnum {
        let variants = shape
            .members
            .iter()
            .zip(variant_names(shape))
            .map(|(m, rust_name)| IntEnumVariant {
                value: m.traits.api("enumValue").and_then(Value::as_i64).unwrap_or_default(),
                docs: docs_or(&m.traits, || format!("The `{}` value.", m.name)),
                rust_name,
            })
            .collect();
        IntEnum {
            id: shape.id.clone(),
            docs: docs_or(&shape.traits, || format!("The `{}` enumeration.", shape.id.name())),
            path,
            variants,
        }
    }
}

impl Struct {
    fn with_default_docs(mut self, kind: StructKind, op: &ShapeId) -> Struct {
        if self.docs.is_empty() || self.docs.starts_with("The `") {
            self.docs = match kind {
                StructKind::Input => format!("Input of the `{}` operation.", op.name()),
                StructKind::Output => format!("Output of the `{}` operation.", op.name()),
                _ => self.docs,
            };
        }
        self
    }
}

impl Constraints {
    /// Member constraints override the target's, trait by trait.
    fn merge_over(&mut self, member: Constraints) {
        if member.length.is_some() {
            self.length = member.length;
        }
        if member.pattern.is_some() {
            self.pattern = member.pattern;
        }
        if member.range.is_some() {
            self.range = member.range;
        }
    }
}

/// Rust variant names of an enum's or union's members, unique within the type.
fn variant_names(shape: &Shape) -> Vec<String> {
    let mut names: Vec<String> = shape.members.iter().map(|m| naming::variant_name(&m.name)).collect();
    naming::dedupe(&mut names);
    names
}

fn member_fallback_docs(name: &str, required: bool) -> String {
    if required {
        format!("The `{name}` member (required).")
    } else {
        format!("The `{name}` member.")
    }
}

fn timestamp_format(s: &str) -> Option<TimestampFormat> {
    match s {
        "date-time" => Some(TimestampFormat::DateTime),
        "http-date" => Some(TimestampFormat::HttpDate),
        "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
        _ => None,
    }
}

fn error_info(shape: &Shape) -> ErrorInfo {
    let retryable = shape.traits.api("retryable");
    ErrorInfo {
        code: shape.id.name().to_string(),
        server_fault: shape.traits.api_str("error") == Some("server"),
        http_status: shape.traits.api("httpError").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok()),
        retryable: retryable.is_some(),
        throttling: retryable.and_then(|r| r.get("throttling")).and_then(Value::as_bool).unwrap_or(false),
        response_tests: shape.traits.get("smithy.test#httpResponseTests").cloned(),
        query_code: shape
            .traits
            .get("aws.protocols#awsQueryError")
            .and_then(|t| t.get("code"))
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

/// The customization table's facts about `op`, kept where they match its input: a label default only for a
/// bound label (which the caller then need not set), the endpoint member only when it is a string.
fn with_request_rules(mut op: Operation, custom: &crate::customizations::Customization) -> Operation {
    let overrides = custom.for_operation(&op.wire_name);
    for (member, value) in overrides.label_defaults {
        let label = op.input.fields.iter_mut().find(|f| f.wire_name == member && matches!(f.binding, Binding::Label { .. }));
        if let Some(field) = label {
            field.required = false;
            op.request_rules.label_defaults.push((member.to_string(), value.to_string()));
        }
    }
    let has_payload = op.input.fields.iter().any(|f| f.binding == Binding::Payload);
    if has_payload {
        op.request_rules.body_hashes = overrides.body_hashes.into_iter().map(|(h, hash)| (h.to_string(), hash)).collect();
    }
    op.request_rules.endpoint_member = overrides
        .endpoint_member
        .filter(|member| op.input.fields.iter().any(|f| f.wire_name == *member && f.ty == Ty::String))
        .map(str::to_string);
    op
}

/// A URI label with no matching `@httpLabel` member (the request could not be built).
fn unbound_label(http: &HttpTrait, input: &Struct) -> Option<String> {
    http.segments.iter().find_map(|seg| match seg {
        super::UriSegment::Label { name, .. } => {
            let bound = input.fields.iter().any(|f| &f.wire_name == name && matches!(f.binding, Binding::Label { .. }));
            (!bound).then(|| name.clone())
        }
        _ => None,
    })
}

/// `foo.{label}.` -> literal and label parts; every label must name a string member of the input.
fn host_prefix_parts(template: &str, input: &Struct) -> Result<Vec<HostPrefixPart>, String> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(HostPrefixPart::Literal(rest[..open].to_string()));
        }
        let close = rest[open..].find('}').ok_or("unclosed `{`")? + open;
        let name = &rest[open + 1..close];
        match input.fields.iter().find(|f| f.wire_name == name) {
            Some(f) if f.ty == Ty::String => parts.push(HostPrefixPart::Label(name.to_string())),
            Some(_) => return Err(format!("label `{name}` is not a string member")),
            None => return Err(format!("label `{name}` names no input member")),
        }
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err("unmatched `}`".into());
    }
    if !rest.is_empty() {
        parts.push(HostPrefixPart::Literal(rest.to_string()));
    }
    Ok(parts)
}
