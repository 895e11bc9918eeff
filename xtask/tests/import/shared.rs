//! Where the tests find the shared material: `$SHARED_DIR`, by default `../shared` beside the checkout.
//! When it is missing, a test prints a clear skip, except under `CI=true`, where the material is required.

use std::path::{Path, PathBuf};

/// `$SHARED_DIR/<relative>` when it exists; `None` after printing why the test is skipped.
///
/// # Panics
/// When it is missing and `CI=true`: a CI run must not pass by skipping.
pub fn shared_path(relative: &str) -> Option<PathBuf> {
    let root = std::env::var_os("SHARED_DIR").map_or_else(default_shared_dir, PathBuf::from);
    let path = root.join(relative);
    if path.exists() {
        return Some(path);
    }
    let message = format!(
        "{} not found (set SHARED_DIR to the directory holding {relative})",
        path.display()
    );
    if std::env::var("CI").is_ok_and(|ci| ci == "true") {
        panic!("{message}; CI=true requires the shared material");
    }
    eprintln!("SKIPPED: {message}");
    None
}

/// `../shared` beside the checkout (the workspace root is the parent of the xtask crate).
fn default_shared_dir() -> PathBuf {
    let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask_dir
        .parent()
        .unwrap_or(xtask_dir)
        .join("..")
        .join("shared")
}
