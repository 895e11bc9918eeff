//! `cargo xtask codegen --out`: a directory the generator did not produce is refused, the crate is swapped in
//! atomically (a failure leaves the previous crate intact), hand-written files beside `src/` are kept, and unchanged
//! files keep their modification time. codegen.rs is included by path because xtask has no lib.
#[allow(dead_code)]
#[path = "../src/codegen.rs"]
mod codegen;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

fn temp_dir(label: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("xtask-codegen-{label}-{}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir` with its text.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), fs::read(&path).unwrap());
            }
        }
    }
    files
}

const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
    "a.b#Svc": {"type": "service", "version": "1", "operations": [{"target": "a.b#Ping"}],
                "traits": {"aws.protocols#awsJson1_0": {}, "aws.api#service": {"sdkId": "Tiny"}, "aws.auth#sigv4": {"name": "tiny"}}},
    "a.b#Ping": {"type": "operation"}}}"#;

fn plan() -> generator::FilePlan {
    let model = generator::model::load(&[generator::model::SourceFile { name: "tiny.json".into(), text: MODEL.into() }]).unwrap();
    let settings = generator::Settings {
        crate_settings: generator::CrateSettings { crate_name: "tiny".into(), service_features: false },
        operations: None,
    };
    generator::generate(&[model], &settings).unwrap()
}

#[test]
fn a_directory_the_generator_did_not_produce_is_refused_and_untouched() {
    let dir = temp_dir("foreign");
    fs::write(dir.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    fs::create_dir_all(dir.join("src")).unwrap();
    fs::write(dir.join("src/main.rs"), "fn main() {}\n").unwrap();
    let before = snapshot(&dir);
    let err = codegen::write(&dir, &plan()).unwrap_err();
    assert!(err.starts_with(&format!("refusing to write into {}: it is not empty and was not produced", dir.display())), "{err}");
    assert_eq!(snapshot(&dir), before);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_new_or_empty_directory_gets_the_crate_and_regeneration_keeps_hand_written_files() {
    let root = temp_dir("fresh");
    let out = root.join("crate");
    let plan = plan();
    codegen::write(&out, &plan).unwrap();
    let written = snapshot(&out);
    assert_eq!(written.len(), plan.len());
    // A hand-written test beside src/ is kept; a stray file inside src/ (not generated) is not.
    fs::create_dir_all(out.join("tests")).unwrap();
    fs::write(out.join("tests/mine.rs"), "// mine\n").unwrap();
    fs::write(out.join("src/stray.rs"), "// stray\n").unwrap();
    let lib = out.join("src/lib.rs");
    let mtime = fs::metadata(&lib).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    codegen::write(&out, &plan).unwrap();
    let again = snapshot(&out);
    assert_eq!(again.get(Path::new("tests/mine.rs")).map(Vec::as_slice), Some(&b"// mine\n"[..]));
    assert!(!again.contains_key(Path::new("src/stray.rs")));
    assert_eq!(again.len(), plan.len() + 1);
    assert_eq!(fs::metadata(&lib).unwrap().modified().unwrap(), mtime, "unchanged files keep their mtime");
    // Nothing is left beside the crate.
    let siblings: Vec<_> = fs::read_dir(&root).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(siblings, vec![std::ffi::OsString::from("crate")]);
    let empty = root.join("empty");
    fs::create_dir_all(&empty).unwrap();
    codegen::write(&empty, &plan).unwrap();
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_failed_write_leaves_the_previous_crate_intact() {
    let root = temp_dir("atomic");
    let out = root.join("crate");
    codegen::write(&out, &plan()).unwrap();
    let before = snapshot(&out);
    // A file name the file system refuses (over 255 bytes), written after others: the old writer had already
    // replaced files (and deleted orphans) by then.
    let mut bad = plan();
    for text in bad.values_mut() {
        text.push_str("// changed\n");
    }
    bad.insert(PathBuf::from(format!("src/{}.rs", "x".repeat(300))), String::new());
    let err = codegen::write(&out, &bad).unwrap_err();
    assert!(err.contains("cannot write src/xxxx") && err.ends_with("was left unchanged"), "{err}");
    assert_eq!(snapshot(&out), before);
    let siblings: Vec<_> = fs::read_dir(&root).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(siblings, vec![std::ffi::OsString::from("crate")], "the staging tree is removed");
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_crate_generated_inside_the_repository_is_a_workspace_of_its_own() {
    let mut plan = plan();
    codegen::make_standalone(&mut plan);
    codegen::make_standalone(&mut plan);
    let manifest = &plan[Path::new("Cargo.toml")];
    assert_eq!(manifest.matches("[workspace]").count(), 1, "added once: {manifest}");
    // Inside the repository (under target/), cargo accepts the manifest only if it is its own workspace.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let dir = root.join("target").join(format!("xtask-standalone-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    codegen::write(&dir, &plan).unwrap();
    let status = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--offline", "--no-deps", "--format-version", "1", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    let _ = fs::remove_dir_all(&dir);
    assert!(status.success(), "cargo rejected the generated manifest inside the repository");
}
