//! `cargo xtask codegen [--check]`: models -> file plan -> disk (or a comparison with disk).
use generator::model::{load, SourceFile};
use generator::{CrateSettings, FilePlan, Settings};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub struct CodegenArgs {
    pub check: bool,
    pub models: Vec<PathBuf>,
    pub out: Option<PathBuf>,
    pub operations: String,
    pub crate_name: Option<String>,
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

pub fn run(args: CodegenArgs) -> Result<(), String> {
    let root = workspace_root();
    let default_models = args.models.is_empty();
    let model_paths = if default_models { model_files(&root.join("models"))? } else { args.models.clone() };
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    let crate_name = args.crate_name.clone().unwrap_or_else(|| {
        if args.out.is_none() {
            "aws-lite".to_string()
        } else {
            out.file_name().map(|n| n.to_string_lossy().replace('_', "-")).unwrap_or_else(|| "generated".into())
        }
    });
    let operations = match args.operations.as_str() {
        "all" => None,
        list => Some(list.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()),
    };
    let settings = Settings {
        crate_settings: CrateSettings { crate_name, service_features: default_models },
        operations,
    };
    let plan = generate_from_files(&model_paths, &settings)?;
    if args.check {
        check(&out, &plan)
    } else {
        write(&out, &plan)
    }
}

/// Every model `*.json` directly in `dir`, sorted (`fixes.json` is the import's data, not a model).
pub fn model_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| p.file_name().is_some_and(|n| n != "fixes.json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Loads each file as its own model (a service and its closure) and generates the crate.
pub fn generate_from_files(paths: &[PathBuf], settings: &Settings) -> Result<FilePlan, String> {
    let mut models = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let source = SourceFile { name: path.display().to_string(), text };
        match load(&[source]) {
            Ok(m) => models.push(m),
            Err(e) => problems.push(e.to_string()),
        }
    }
    if !problems.is_empty() {
        return Err(format!("the models have problems; nothing was written\n{}", problems.join("")));
    }
    generator::generate(&models, settings).map_err(|e| format!("generation failed; nothing was written\n{e}"))
}

fn write(out: &Path, plan: &FilePlan) -> Result<(), String> {
    for orphan in orphans(out, plan) {
        std::fs::remove_file(out.join(&orphan)).map_err(|e| format!("cannot remove {}: {e}", orphan.display()))?;
    }
    let mut written = 0;
    for (rel, text) in plan {
        let path = out.join(rel);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written += 1;
    }
    eprintln!("codegen: {} files in {} ({written} changed)", plan.len(), out.display());
    Ok(())
}

fn check(out: &Path, plan: &FilePlan) -> Result<(), String> {
    let mut stale = Vec::new();
    for (rel, text) in plan {
        match std::fs::read_to_string(out.join(rel)) {
            Ok(existing) if &existing == text => {}
            Ok(_) => stale.push(format!("  differs: {}", rel.display())),
            Err(_) => stale.push(format!("  missing: {}", rel.display())),
        }
    }
    for orphan in orphans(out, plan) {
        stale.push(format!("  orphan (not generated any more): {}", orphan.display()));
    }
    if stale.is_empty() {
        eprintln!("codegen --check: {} is up to date ({} files)", out.display(), plan.len());
        Ok(())
    } else {
        Err(format!("{} is stale; run `cargo xtask codegen` and commit the result:\n{}", out.display(), stale.join("\n")))
    }
}

/// Files under the crate's `src/` (and Cargo.toml) that the plan does not produce.
fn orphans(out: &Path, plan: &FilePlan) -> Vec<PathBuf> {
    let planned: BTreeSet<&PathBuf> = plan.keys().collect();
    let mut found = Vec::new();
    let mut stack = vec![out.join("src")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(out) {
                if !planned.contains(&rel.to_path_buf()) {
                    found.push(rel.to_path_buf());
                }
            }
        }
    }
    found.sort();
    found
}
