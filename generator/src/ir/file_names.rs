//! Names that become files: an operation's module is `src/<service>/operation/<module>.rs` and a service's
//! module a directory. Two operations whose names make the same module (`FooBar`, `Foo_Bar`) would overwrite
//! each other's file, and a very long name (a 262-character operation name) makes a file name the file system
//! refuses halfway through writing; both are errors naming the shapes instead.
use super::types::Operation;
use crate::error::Diagnostic;
use std::collections::BTreeMap;

/// The longest file name common file systems take (ext4, APFS, NTFS: 255 bytes).
pub const MAX_FILE_NAME: usize = 255;

pub fn check(operations: &[Operation], problems: &mut Vec<Diagnostic>) {
    let mut modules: BTreeMap<&str, &Operation> = BTreeMap::new();
    for op in operations {
        let file = format!("{}.rs", op.module.trim_start_matches("r#"));
        if file.len() > MAX_FILE_NAME {
            problems.push(Diagnostic::at_shape(
                &op.id,
                format!(
                    "the operation name is {} characters long: its module file `{}...rs` would exceed the {MAX_FILE_NAME}-byte \
                     file-name limit of common file systems",
                    op.wire_name.chars().count(),
                    file.chars().take(40).collect::<String>()
                ),
            ));
        }
        if let Some(first) = modules.insert(&op.module, op) {
            problems.push(Diagnostic::at_shape(
                &op.id,
                format!("operations `{}` and `{}` would both be the Rust module `{}`", first.id, op.id, op.module),
            ));
        }
    }
}

/// A service module is a directory (and a Cargo feature) named from the sdkId.
pub fn check_service_module(service: &super::types::Service) -> Option<Diagnostic> {
    (service.module.len() > MAX_FILE_NAME).then(|| {
        Diagnostic::at_shape(
            &service.id,
            format!(
                "the service module name from sdkId `{}` is {} bytes long, over the {MAX_FILE_NAME}-byte file-name limit",
                service.sdk_id.chars().take(40).collect::<String>(),
                service.module.len()
            ),
        )
    })
}
