//! `smithy.api#paginated` -> a [`Paginator`] fact on the operation: the operation's trait merged field by field
//! over the service's, each member name resolved against the lowered input and output (dotted output paths
//! through nested structures), and every type checked. A trait that names a missing member or one of the wrong
//! type is a diagnostic naming the operation, the trait and the member.
use super::types::{Field, Operation, Struct, Ty, TypePath};
use crate::error::Diagnostic;
use crate::model::{Model, Shape};
use serde_json::Value;
use std::collections::BTreeMap;

const TRAIT: &str = "smithy.api#paginated";

/// How an operation pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Paginator {
    /// The input member the token is sent in (Smithy name; its Rust field is `Option<token type>`).
    pub input_token: Field,
    /// The output token, one step per member of the dotted path (`Result.NextToken`).
    pub output_token: Vec<PathStep>,
    /// The token's type: `Ty::String` or `Ty::Map`.
    pub token: Ty,
    /// The items member path and its type (`Ty::List` or `Ty::Map`), when the trait names one.
    pub items: Option<(Vec<PathStep>, Ty)>,
    /// The input member that sets the page size (an integer).
    pub page_size: Option<Field>,
}

/// One member on a path through the output.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStep {
    pub wire_name: String,
    pub rust_name: String,
    pub optional: bool,
    pub boxed: bool,
}

/// The trait after merging, as member names.
struct Names<'a> {
    input_token: Option<&'a str>,
    output_token: Option<&'a str>,
    items: Option<&'a str>,
    page_size: Option<&'a str>,
}

/// Attaches a [`Paginator`] to every operation with `smithy.api#paginated`; returns the problems found.
pub fn lower_paginators(model: &Model, service: &Shape, operations: &mut [Operation], structs: &[Struct]) -> Vec<Diagnostic> {
    let by_path: BTreeMap<&TypePath, &Struct> = structs.iter().map(|s| (&s.path, s)).collect();
    let defaults = service.traits.get(TRAIT);
    let mut problems = Vec::new();
    for op in operations.iter_mut() {
        let Some(shape) = model.shape(&op.id) else { continue };
        let Some(own) = shape.traits.get(TRAIT) else { continue };
        let field = |key: &str| own.get(key).or_else(|| defaults.and_then(|d| d.get(key))).and_then(Value::as_str);
        let names = Names {
            input_token: field("inputToken"),
            output_token: field("outputToken"),
            items: field("items"),
            page_size: field("pageSize"),
        };
        match lower(op, &names, &by_path) {
            Ok(paginator) => op.paginator = Some(paginator),
            Err(messages) => problems.extend(
                messages
                    .into_iter()
                    .map(|m| Diagnostic::at_shape(&op.id, m).with_trait(TRAIT).in_file(&shape.file)),
            ),
        }
    }
    problems
}

fn lower(op: &Operation, names: &Names, structs: &BTreeMap<&TypePath, &Struct>) -> Result<Paginator, Vec<String>> {
    let mut problems = Vec::new();
    let (Some(input_name), Some(output_name)) = (names.input_token, names.output_token) else {
        return Err(vec!["`inputToken` and `outputToken` must both be set (on the operation or the service)".into()]);
    };
    let input_token = top_level(&op.input, "inputToken", input_name).map_err(|e| problems.push(e)).ok();
    if let Some(f) = input_token {
        if !is_token(&f.ty) {
            problems.push(format!("`inputToken` `{input_name}` must target a string or a map, not {}", describe(&f.ty)));
        } else if !f.optional {
            problems.push(format!("`inputToken` `{input_name}` must be optional (not @required, no @default)"));
        }
    }
    let output = walk(&op.output, "outputToken", output_name, structs).map_err(|e| problems.push(e)).ok();
    if let Some((_, ty)) = &output {
        if !is_token(ty) {
            problems.push(format!("`outputToken` `{output_name}` must target a string or a map, not {}", describe(ty)));
        } else if let Some(f) = input_token.filter(|f| is_token(&f.ty) && !same_type(&f.ty, ty)) {
            problems.push(format!(
                "`inputToken` `{input_name}` ({}) and `outputToken` `{output_name}` ({}) have different types",
                describe(&f.ty),
                describe(ty)
            ));
        }
    }
    let items = names.items.and_then(|name| match walk(&op.output, "items", name, structs) {
        Ok((_, ty)) if !matches!(ty, Ty::List(_) | Ty::Map(_)) => {
            problems.push(format!("`items` `{name}` must target a list or a map, not {}", describe(&ty)));
            None
        }
        Ok(found) => Some(found),
        Err(e) => {
            problems.push(e);
            None
        }
    });
    let page_size = names.page_size.and_then(|name| match top_level(&op.input, "pageSize", name) {
        Ok(f) if f.ty != Ty::Int => {
            problems.push(format!("`pageSize` `{name}` must target an integer, not {}", describe(&f.ty)));
            None
        }
        Ok(f) => Some(f.clone()),
        Err(e) => {
            problems.push(e);
            None
        }
    });
    match (input_token, output) {
        (Some(input_token), Some((output_token, token))) if problems.is_empty() => Ok(Paginator {
            input_token: input_token.clone(),
            output_token,
            token,
            items,
            page_size,
        }),
        _ => Err(problems),
    }
}

/// An input member named directly (input tokens and page sizes are not paths).
fn top_level<'s>(input: &'s Struct, key: &str, name: &str) -> Result<&'s Field, String> {
    input
        .fields
        .iter()
        .find(|f| f.wire_name == name)
        .ok_or_else(|| format!("`{key}` names `{name}`, which is not a member of the input `{}`", input.id))
}

/// Follows a dotted member path from the output through nested structures.
fn walk(output: &Struct, key: &str, path: &str, structs: &BTreeMap<&TypePath, &Struct>) -> Result<(Vec<PathStep>, Ty), String> {
    let mut at = output;
    let mut steps = Vec::new();
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let field = at
            .fields
            .iter()
            .find(|f| f.wire_name == *part)
            .ok_or_else(|| format!("`{key}` path `{path}`: `{part}` is not a member of `{}`", at.id))?;
        steps.push(PathStep {
            wire_name: field.wire_name.clone(),
            rust_name: field.rust_name.clone(),
            optional: field.optional,
            boxed: field.boxed,
        });
        if i + 1 == parts.len() {
            return Ok((steps, field.ty.clone()));
        }
        at = match &field.ty {
            Ty::Struct(p) => structs.get(p).copied().ok_or_else(|| format!("`{key}` path `{path}`: `{part}` is not generated"))?,
            other => return Err(format!("`{key}` path `{path}`: `{part}` is {}, not a structure", describe(other))),
        };
    }
    Err(format!("`{key}` is empty"))
}

fn is_token(ty: &Ty) -> bool {
    matches!(ty, Ty::String | Ty::Map(_))
}

/// The same Rust type (constraints aside): what lets an output token be sent back as the input token.
fn same_type(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::List(x), Ty::List(y)) | (Ty::Map(x), Ty::Map(y)) => x.sparse == y.sparse && same_type(&x.ty, &y.ty),
        _ => a == b,
    }
}

fn describe(ty: &Ty) -> String {
    match ty {
        Ty::String => "a string".into(),
        Ty::Bool => "a boolean".into(),
        Ty::Int => "an integer".into(),
        Ty::Byte => "a byte".into(),
        Ty::Short => "a short".into(),
        Ty::Long => "a long".into(),
        Ty::BigInteger => "a bigInteger".into(),
        Ty::Float | Ty::Double | Ty::BigDecimal => "a number".into(),
        Ty::Blob => "a blob".into(),
        Ty::Timestamp => "a timestamp".into(),
        Ty::Document => "a document".into(),
        Ty::Struct(p) => format!("the structure `{}`", p.name),
        Ty::Union(p) => format!("the union `{}`", p.name),
        Ty::Enum(p) => format!("the enum `{}`", p.name),
        Ty::IntEnum(p) => format!("the intEnum `{}`", p.name),
        Ty::List(e) => format!("a list of {}", describe(&e.ty)),
        Ty::Map(e) => format!("a map of {}", describe(&e.ty)),
        Ty::EventSender(_) | Ty::EventReceiver { .. } => "an event stream".into(),
    }
}
