//! Writes the generated file plan as a stand-alone crate (its own `[workspace]`, so the enclosing workspace
//! does not claim it), touching only files whose content changed so cargo rebuilds only what it must.

use std::fs;
use std::path::Path;

use super::cases::Suites;

pub fn write_crate(dir: &Path, suites: &Suites) -> Result<(), String> {
    for (relative, text) in &suites.plan {
        let mut text = text.clone();
        if relative == Path::new("Cargo.toml") && !text.contains("[workspace]") {
            text.push_str("\n[workspace]\n");
        }
        write(&dir.join(relative), &text)?;
    }
    Ok(())
}

fn write(path: &Path, content: &str) -> Result<(), String> {
    if fs::read_to_string(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, content).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
