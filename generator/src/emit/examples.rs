//! Rustdoc examples: per operation, a `no_run` call with every required member set (doc-tested, so it
//! compiles against the crate as generated), and the crate-level overview's complete example.
use crate::ir::{Elem, Field, Service, Struct, Ty, TypePath};
use std::fmt::Write as _;

/// How deep nested structures are filled in: deeper required members are left to a comment.
const MAX_DEPTH: usize = 2;

/// The Rust path of a named type as a user of crate `krate` writes it.
fn user_path(krate: &str, svc: &Service, path: &TypePath) -> String {
    let mut out = format!("{krate}::{}", svc.module);
    for m in &path.module {
        out.push_str("::");
        out.push_str(m);
    }
    out.push_str("::");
    out.push_str(&path.name);
    out
}

/// An expression of type `ty` that compiles (placeholder data), or `None` when none is simple enough to show.
fn value(krate: &str, svc: &Service, ty: &Ty, hint: &str, depth: usize) -> Option<String> {
    Some(match ty {
        Ty::String => format!("\"{}\"", crate::naming::snake(hint).replace('_', "-")),
        Ty::Bool => "true".into(),
        Ty::Byte | Ty::Short | Ty::Int | Ty::Long => "1".into(),
        Ty::Float | Ty::Double => "1.0".into(),
        Ty::Timestamp => format!("{krate}::runtime::datetime::DateTime::from_secs(1_700_000_000)"),
        Ty::Blob => format!("{krate}::runtime::blob::Blob::new(b\"bytes\".to_vec())"),
        // From memory here; `ByteStream::from_path(..).await?` sends a file without reading it whole.
        Ty::ByteStream => format!("{krate}::runtime::byte_stream::ByteStream::from(b\"bytes\".to_vec())"),
        Ty::Enum(p) => {
            let e = svc.enums.iter().find(|e| &e.path == p)?;
            let first = e.variants.first()?;
            format!("{}::{}", user_path(krate, svc, p), first.rust_name)
        }
        Ty::IntEnum(p) => {
            let e = svc.int_enums.iter().find(|e| &e.path == p)?;
            let first = e.variants.first()?;
            format!("{}::{}", user_path(krate, svc, p), first.rust_name)
        }
        Ty::Struct(p) if depth < MAX_DEPTH => {
            let s = svc.structs.iter().find(|s| &s.path == p)?;
            let mut out = format!("{}::builder()", user_path(krate, svc, p));
            for f in required_fields(s) {
                out.push_str(&setter_call(krate, svc, f, depth + 1)?);
            }
            out.push_str(".build()");
            if s.builder_fallible() {
                out.push('?');
            }
            out
        }
        _ => return None,
    })
}

fn elem_value(krate: &str, svc: &Service, elem: &Elem, hint: &str, depth: usize) -> Option<String> {
    let v = value(krate, svc, &elem.ty, hint, depth)?;
    Some(if elem.sparse { format!("Some({v})") } else { v })
}

/// `.member(value)` (`.member(key, value)` for a map), or `None` when no value is simple enough.
fn setter_call(krate: &str, svc: &Service, f: &Field, depth: usize) -> Option<String> {
    let name = &f.rust_name;
    let args = match &f.ty {
        Ty::List(e) => elem_value(krate, svc, e, &f.wire_name, depth)?,
        Ty::Map(e) => format!("\"key\", {}", elem_value(krate, svc, e, &f.wire_name, depth)?),
        ty => value(krate, svc, ty, &f.wire_name, depth)?,
    };
    Some(format!(".{name}({args})"))
}

/// Members a caller must set: required, without a default, not filled by the client.
fn required_fields(s: &Struct) -> impl Iterator<Item = &Field> {
    s.fields.iter().filter(|f| f.required && !f.idempotency_token && (f.optional || f.default.is_none()))
}

/// The chain of setter calls for an operation's required members, one per line (indented by `indent`).
fn required_setters(krate: &str, svc: &Service, input: &Struct, indent: &str) -> String {
    let mut out = String::new();
    for f in required_fields(input) {
        match setter_call(krate, svc, f, 0) {
            Some(call) => {
                let _ = writeln!(out, "{indent}{call}");
            }
            None => {
                let _ = writeln!(out, "{indent}// .{}(..) is required too; see its documentation.", f.rust_name);
            }
        }
    }
    out
}

/// The `no_run` example on a client's operation method.
pub fn operation_example(krate: &str, svc: &Service, op: &crate::ir::Operation) -> String {
    let setters = required_setters(krate, svc, &op.input, "    ");
    format!(
        "\n\n# Example\n\n```no_run\n\
         # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let config = {krate}::Config::from_env();\n\
         let client = {krate}::{module}::Client::new(&config);\n\
         let output = client\n    .{f}()\n{setters}    .send()\n    .await?;\n\
         println!(\"{{output:?}}\");\n\
         # Ok(())\n# }}\n```",
        module = svc.module,
        f = op.fn_name,
    )
}

/// The crate documentation: what the crate is, and a complete program calling the first operation (of the
/// first service that has one), with configuration and error handling.
pub fn crate_docs(krate: &str, services: &[Service]) -> String {
    let mut out = String::from(
        "AWS service clients generated from Smithy models: one module per service, sharing one small runtime.\n\n\
         Build a [`Config`] (usually [`Config::from_env`]: region, credentials and endpoint from the usual AWS \
         environment variables and profile files), make a service `Client` from it, and call operations through \
         their fluent builders. List members take one element per call (`.tags(tag)`), map members one entry \
         (`.labels(key, value)`); `set_x(..)` replaces the whole value.\n\n\
         Every call validates its input before anything is sent (all violations at once, see \
         [`runtime::validate::ValidationLevel`] to loosen it), retries throttling and transient errors, and \
         returns the operation's own error enum inside [`SdkError`].\n\n\
         Services:\n\n",
    );
    for svc in services {
        let _ = writeln!(out, "- [`{}`]: {} ({}).", svc.module, svc.sdk_id, svc.protocol.name());
    }
    let Some((svc, op)) = services.iter().find_map(|s| s.operations.first().map(|op| (s, op))) else {
        return out;
    };
    let setters = required_setters(krate, svc, &op.input, "        ");
    let error = user_path(krate, svc, &op.error_enum);
    let _ = write!(
        out,
        "\n# Example\n\n```no_run\n\
         use {krate}::{{Config, SdkError}};\n\n\
         #[tokio::main]\n\
         async fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    \
             let config = Config::builder()\n        \
                 .region(\"us-east-1\")\n        \
                 .credentials({krate}::Credentials::new(\"AKID\", \"SECRET\", None, None))\n        \
                 .build();\n    \
             let client = {krate}::{module}::Client::new(&config);\n    \
             let result = client\n        .{f}()\n{setters}        .send()\n        .await;\n    \
             match result {{\n        \
                 Ok(output) => println!(\"{{output:?}}\"),\n        \
                 // A modeled error of the operation: `{error}`.\n        \
                 Err(SdkError::Service(e, _)) => eprintln!(\"{{e}} (request id {{:?}})\", e.request_id()),\n        \
                 // Bad input: nothing was sent.\n        \
                 Err(SdkError::Validation(e)) => eprintln!(\"{{e}}\"),\n        \
                 Err(other) => eprintln!(\"{{other}}\"),\n    \
             }}\n    \
             Ok(())\n\
         }}\n```\n",
        module = svc.module,
        f = op.fn_name,
    );
    out
}
