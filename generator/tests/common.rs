//! Helpers shared by the generator's integration tests.
#![allow(dead_code)]
use std::path::PathBuf;

/// ../shared, or $SHARED_DIR. `None` (with one message saying why) when it is absent: those tests skip.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    if dir.join("aws-models").is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: shared material not found at {} (set SHARED_DIR)", dir.display());
        None
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
