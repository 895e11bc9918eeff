//! `cargo xtask`: the project's commands. The generator library returns file plans; this binary owns the
//! filesystem (reading models, writing or checking `generated/`).
mod bench;
mod codegen;
mod import;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Project commands: code generation and model import")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `generated/` from `models/` (or any models into any directory with --model/--out).
    Codegen {
        /// Compare instead of writing; fail naming every stale or orphan file.
        #[arg(long)]
        check: bool,
        /// Model files to generate from (default: every models/*.json).
        #[arg(long = "model")]
        models: Vec<PathBuf>,
        /// Output crate directory (default: generated/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// `all` or a comma-separated list of operation names.
        #[arg(long, default_value = "all")]
        operations: String,
        /// Package name of the generated crate (default: aws-lite, or the --out directory's name).
        #[arg(long)]
        crate_name: Option<String>,
    },
    /// Benchmarks: generator speed and the client side by side with the official AWS SDK (see BENCHMARKS.md).
    Bench(bench::BenchArgs),
    /// Cut a model slice out of an upstream AWS model into models/.
    ///
    /// The slice holds the named operations and every shape they reach. When the output file already
    /// exists, the named operations are ADDED to the operations it holds (and the whole slice is
    /// refreshed from upstream; with no --operation it is only refreshed); --replace keeps only the
    /// named operations.
    Import {
        /// The upstream Smithy JSON AST model.
        #[arg(long)]
        from: PathBuf,
        /// Operation to add to the slice (repeatable; a local name such as StartCopyJob, or a shape id).
        #[arg(long = "operation")]
        operations: Vec<String>,
        /// Replace the existing slice's operations with the named ones instead of adding to them.
        #[arg(long)]
        replace: bool,
        /// Output file (default: models/<service>.json).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print what would change without writing.
        #[arg(long)]
        dry_run: bool,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Codegen { check, models, out, operations, crate_name } => {
            codegen::run(codegen::CodegenArgs { check, models, out, operations, crate_name })
        }
        Command::Bench(args) => bench::run(args),
        Command::Import { from, operations, replace, out, dry_run } => {
            import::run(import::ImportArgs { from, operations, replace, out, dry_run })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
