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
    let mut plan = generate_from_files(&model_paths, &settings)?;
    if args.out.as_deref().is_some_and(|o| o.canonicalize().ok() != root.join("generated").canonicalize().ok()) {
        make_standalone(&mut plan);
    }
    if args.check {
        check(&out, &plan)
    } else {
        write(&out, &plan)
    }
}

/// A crate generated anywhere but the workspace's `generated/` is its own workspace, so it builds even in a
/// directory inside this (or another) workspace.
pub fn make_standalone(plan: &mut generator::FilePlan) {
    if let Some(manifest) = plan.get_mut(Path::new("Cargo.toml")) {
        if !manifest.lines().any(|l| l.trim() == "[workspace]") {
            manifest.push_str("\n# A workspace of its own, so the crate builds wherever it is written.\n[workspace]\n");
        }
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

/// Writes the plan as the crate at `out`, atomically: the new tree is built beside `out` and swapped in, so a
/// failure (a full disk, a name the file system refuses) leaves the previous crate as it was, with nothing
/// half-written. Unchanged files keep their inode and modification time (hard links into the new tree), so cargo
/// does not rebuild them. Entries of `out` outside `src/` and `Cargo.toml` (hand-written tests, a README) are
/// kept. A directory the generator did not produce is refused unless empty.
pub fn write(out: &Path, plan: &FilePlan) -> Result<(), String> {
    if !is_ours_or_empty(out)? {
        return Err(format!(
            "refusing to write into {}: it is not empty and was not produced by `cargo xtask codegen` (its Cargo.toml \
             does not start with the generated header); choose a new or empty directory",
            out.display()
        ));
    }
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "generated".into());
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let staging = parent.join(format!(".{name}.codegen-new"));
    let retired = parent.join(format!(".{name}.codegen-old"));
    for leftover in [&staging, &retired] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| format!("cannot remove {}: {e}", leftover.display()))?;
        }
    }
    let built = build_tree(&staging, out, plan);
    let changed = match built {
        Ok(changed) => changed,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(format!("{e}; {} was left unchanged", out.display()));
        }
    };
    if out.exists() {
        std::fs::rename(out, &retired).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            format!("cannot move {} aside: {e}; it was left unchanged", out.display())
        })?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        // Put the previous crate back.
        let _ = std::fs::rename(&retired, out);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(format!("cannot move the new crate into {}: {e}; the previous crate was restored", out.display()));
    }
    if retired.exists() {
        std::fs::remove_dir_all(&retired).map_err(|e| format!("cannot remove {}: {e}", retired.display()))?;
    }
    eprintln!("codegen: {} files in {} ({changed} changed)", plan.len(), out.display());
    Ok(())
}

/// The first line of every generated Cargo.toml.
const GENERATED_HEADER: &str = "# Generated by `cargo xtask codegen`";

/// Whether `out` is absent, an empty directory, or a crate this generator wrote (recognised by the header of
/// its Cargo.toml).
fn is_ours_or_empty(out: &Path) -> Result<bool, String> {
    if !out.exists() {
        return Ok(true);
    }
    if !out.is_dir() {
        return Err(format!("{} exists and is not a directory", out.display()));
    }
    let mut entries = std::fs::read_dir(out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    if entries.next().is_none() {
        return Ok(true);
    }
    Ok(std::fs::read_to_string(out.join("Cargo.toml")).is_ok_and(|t| t.starts_with(GENERATED_HEADER)))
}

/// Writes the plan into `staging`, linking files whose text is unchanged from `previous`, and moves over
/// `previous`'s entries that the generator does not own. Returns how many files changed.
fn build_tree(staging: &Path, previous: &Path, plan: &FilePlan) -> Result<usize, String> {
    std::fs::create_dir_all(staging).map_err(|e| format!("cannot create {}: {e}", staging.display()))?;
    let mut changed = 0;
    for (rel, text) in plan {
        let path = staging.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let old = previous.join(rel);
        let same = std::fs::read_to_string(&old).ok().as_deref() == Some(text.as_str());
        if same && std::fs::hard_link(&old, &path).is_ok() {
            continue;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", rel.display()))?;
        changed += 1;
    }
    if let Ok(entries) = std::fs::read_dir(previous) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name == "src" || name == "Cargo.toml" {
                continue;
            }
            copy_tree(&entry.path(), &staging.join(&name))?;
        }
    }
    Ok(changed)
}

/// Copies a file or directory tree (hard links where possible: the previous crate is removed afterwards).
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    let mut stack = vec![(from.to_path_buf(), to.to_path_buf())];
    while let Some((from, to)) = stack.pop() {
        if from.is_dir() {
            std::fs::create_dir_all(&to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
            let entries = std::fs::read_dir(&from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
            for entry in entries.flatten() {
                stack.push((entry.path(), to.join(entry.file_name())));
            }
        } else if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to).map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
        }
    }
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
