//! Helpers shared by the generator's integration tests.
#![allow(dead_code)]
use std::path::PathBuf;

/// ../shared beside the checkout, or $SHARED_DIR. `None` (with one message saying why) when it is absent: those
/// tests skip, except under `CI=true`, where missing shared material fails the test.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    if dir.join("aws-models").is_dir() {
        return Some(dir);
    }
    let message = format!("shared material not found at {} (set SHARED_DIR)", dir.display());
    if std::env::var("CI").is_ok_and(|ci| ci == "true") {
        panic!("{message}; CI=true requires it");
    }
    eprintln!("SKIPPED: {message}");
    None
}

/// The directory nested cargo runs build into: `$CARGO_TARGET_DIR` when set (relative to the workspace root, as
/// cargo reads it from the directory it is started in), else the workspace's `target/`.
pub fn target_dir() -> PathBuf {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace.join(dir),
        None => workspace.join("target"),
    }
}

pub fn source(path: &std::path::Path) -> generator::model::SourceFile {
    generator::model::SourceFile {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        text: std::fs::read_to_string(path).unwrap(),
    }
}

pub fn json_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}
