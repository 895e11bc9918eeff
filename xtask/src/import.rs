//! `cargo xtask import`: cuts a self-contained Smithy 2.0 JSON AST slice of one AWS service (the
//! selected operations and every shape they reach) out of an upstream model, drops upstream prose,
//! merges our own docs (`models/docs/<service>.json`) and re-applies our fixes (`models/fixes.json`).
//! The named operations are added to those an existing slice already holds (`replace` starts over).
//! On refresh it reports what changed against the existing slice.
//!
//! Loading, mixin and `apply` flattening, operation binding, the closure of reached shapes and the
//! writing back to JSON AST are the generator's (`generator::model`, `generator::transform`).

// Explicit paths keep the submodules resolvable both from main.rs and from tests that include
// this file with `#[path]`.
#[path = "import/diff.rs"]
mod diff;
#[path = "import/docs.rs"]
pub mod docs;
#[path = "import/error.rs"]
pub mod error;
#[path = "import/fixes.rs"]
pub mod fixes;
#[path = "import/prose.rs"]
mod prose;
#[path = "import/select.rs"]
mod select;
#[path = "import/slice.rs"]
pub mod slice;
#[path = "import/suggest.rs"]
mod suggest;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use docs::DocsFile;
pub use error::ImportError;
pub use fixes::FixOutcome;
pub use slice::Slice;

/// Arguments of `cargo xtask import`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportArgs {
    /// Upstream model (Smithy JSON AST of one whole service).
    pub from: PathBuf,
    /// Operation names (local names such as `StartCopyJob`, or full shape ids), added to the
    /// operations the existing slice holds.
    pub operations: Vec<String>,
    /// Keep only `operations`, dropping those the existing slice holds.
    pub replace: bool,
    /// Output file; defaults to `models/<sdkId in lower case, letters and digits>.json`.
    pub out: Option<PathBuf>,
    /// Report what would change without writing.
    pub dry_run: bool,
}

/// Runs the import and prints its report.
pub fn run(args: ImportArgs) -> Result<(), String> {
    let report = execute(&args).map_err(|error| error.to_string())?;
    print!("{report}");
    Ok(())
}

/// Runs the import and returns the report instead of printing it.
pub fn execute(args: &ImportArgs) -> Result<String, ImportError> {
    let upstream = read_model(&args.from)?;
    let stem = slice::file_stem(&upstream)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_models_dir().join(format!("{stem}.json")));
    let models_dir = out.parent().map(Path::to_path_buf).unwrap_or_default();
    let docs_path = models_dir.join("docs").join(format!("{stem}.json"));
    let fixes_path = models_dir.join("fixes.json");

    let docs = match read_optional_json(&docs_path)? {
        Some(value) => DocsFile::parse(&value, &display(&docs_path))?,
        None => DocsFile::default(),
    };
    let fixes = match read_optional_json(&fixes_path)? {
        Some(value) => fixes::parse_fixes(&value, &display(&fixes_path))?,
        None => Vec::new(),
    };
    let source_name = args
        .from
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let existing = read_optional_json(&out)?;
    let mut requested = Vec::new();
    if !args.replace && out.exists() {
        requested.extend(operations_of_slice(&out)?);
    }
    for name in &args.operations {
        if !requested.contains(name) {
            requested.push(name.clone());
        }
    }
    let slice = slice::cut(&upstream, &source_name, &requested, &docs, &fixes)?;
    let text = slice.to_text();

    let mut report = summary(&slice, &out, &docs_path);
    match existing {
        None => {
            let _ = writeln!(report, "new file");
        }
        Some(old) => {
            let changes = diff::summarize(&old, &slice.document);
            if changes.is_empty() {
                let _ = writeln!(report, "no changes");
            } else {
                let _ = writeln!(report, "changes:");
                changes.iter().for_each(|line| {
                    let _ = writeln!(report, "  {line}");
                });
            }
        }
    }
    if args.dry_run {
        let _ = writeln!(
            report,
            "dry run: {} not written ({} bytes)",
            display(&out),
            text.len()
        );
    } else {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        fs::write(&out, &text).map_err(|e| io_error(&out, &e))?;
        let _ = writeln!(report, "wrote {}", display(&out));
    }
    Ok(report)
}

fn summary(slice: &Slice, out: &Path, docs_path: &Path) -> String {
    let mut report = String::new();
    let names: Vec<&str> = slice
        .operations
        .iter()
        .map(|op| op.id.name())
        .collect();
    let _ = writeln!(
        report,
        "{}: {} ({} shapes) -> {}",
        slice.service_id,
        names.join(", "),
        slice.shape_count,
        display(out)
    );
    for op in &slice.operations {
        if let Some(resource) = &op.resource {
            let _ = writeln!(report, "  {} lifted out of resource {resource}", op.id);
        }
    }
    for (shape, outcome) in &slice.fixes {
        let note = match outcome {
            FixOutcome::Applied => "applied",
            FixOutcome::AlreadyUpstream => "already upstream: remove it from fixes.json",
            FixOutcome::NotInSlice => "not in this slice",
        };
        let _ = writeln!(report, "  fix {shape}: {note}");
    }
    let _ = writeln!(
        report,
        "  docs ({}): {} applied",
        display(docs_path),
        slice.docs.applied
    );
    for id in &slice.docs.stale {
        let _ = writeln!(report, "  stale doc: {id}");
    }
    for id in &slice.docs.missing {
        let _ = writeln!(report, "  undocumented: {id}");
    }
    report
}

/// `models/` of the workspace, wherever the command is run from.
fn default_models_dir() -> PathBuf {
    let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask_dir.parent().unwrap_or(xtask_dir).join("models")
}

fn read_json(path: &Path) -> Result<Value, ImportError> {
    let text = fs::read_to_string(path).map_err(|e| io_error(path, &e))?;
    serde_json::from_str(&text).map_err(|e| ImportError::Json {
        path: display(path),
        message: e.to_string(),
    })
}

/// A model file through the generator's loader, which names the file in every problem it reports.
fn read_model(path: &Path) -> Result<generator::model::Model, ImportError> {
    let text = fs::read_to_string(path).map_err(|e| io_error(path, &e))?;
    slice::load(&display(path), text)
}

/// Local names of the operations an existing slice binds to its service.
fn operations_of_slice(path: &Path) -> Result<Vec<String>, ImportError> {
    let model = read_model(path)?;
    let service = select::find_service(&model)?;
    let mut names: Vec<String> = generator::transform::service_operations(&model, service)
        .iter()
        .map(|id| id.name().to_string())
        .collect();
    names.sort();
    Ok(names)
}

fn read_optional_json(path: &Path) -> Result<Option<Value>, ImportError> {
    if path.exists() {
        read_json(path).map(Some)
    } else {
        Ok(None)
    }
}

fn io_error(path: &Path, error: &std::io::Error) -> ImportError {
    ImportError::Io {
        path: display(path),
        message: error.to_string(),
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
