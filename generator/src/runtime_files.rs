//! The hand-written runtime (generator/runtime/src/runtime/), embedded so the generator can copy it verbatim
//! into every generated crate. A test checks that this list matches the directory.

pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("blob.rs", include_str!("../runtime/src/runtime/blob.rs")),
    ("body_hash.rs", include_str!("../runtime/src/runtime/body_hash.rs")),
    ("checksum.rs", include_str!("../runtime/src/runtime/checksum.rs")),
    ("client.rs", include_str!("../runtime/src/runtime/client.rs")),
    ("clock_skew.rs", include_str!("../runtime/src/runtime/clock_skew.rs")),
    ("compression.rs", include_str!("../runtime/src/runtime/compression.rs")),
    ("config.rs", include_str!("../runtime/src/runtime/config.rs")),
    ("config_loader.rs", include_str!("../runtime/src/runtime/config_loader.rs")),
    ("credentials.rs", include_str!("../runtime/src/runtime/credentials.rs")),
    ("credentials_cache.rs", include_str!("../runtime/src/runtime/credentials_cache.rs")),
    ("credentials_chain.rs", include_str!("../runtime/src/runtime/credentials_chain.rs")),
    ("credentials_context.rs", include_str!("../runtime/src/runtime/credentials_context.rs")),
    ("credentials_ecs.rs", include_str!("../runtime/src/runtime/credentials_ecs.rs")),
    ("credentials_http.rs", include_str!("../runtime/src/runtime/credentials_http.rs")),
    ("credentials_imds.rs", include_str!("../runtime/src/runtime/credentials_imds.rs")),
    ("credentials_process.rs", include_str!("../runtime/src/runtime/credentials_process.rs")),
    ("credentials_profile.rs", include_str!("../runtime/src/runtime/credentials_profile.rs")),
    ("credentials_sso.rs", include_str!("../runtime/src/runtime/credentials_sso.rs")),
    ("credentials_sts.rs", include_str!("../runtime/src/runtime/credentials_sts.rs")),
    ("credentials_web_identity.rs", include_str!("../runtime/src/runtime/credentials_web_identity.rs")),
    ("customize.rs", include_str!("../runtime/src/runtime/customize.rs")),
    ("datetime.rs", include_str!("../runtime/src/runtime/datetime.rs")),
    ("document.rs", include_str!("../runtime/src/runtime/document.rs")),
    ("encoding.rs", include_str!("../runtime/src/runtime/encoding.rs")),
    ("endpoint.rs", include_str!("../runtime/src/runtime/endpoint.rs")),
    ("endpoint_lib.rs", include_str!("../runtime/src/runtime/endpoint_lib.rs")),
    ("endpoint_target.rs", include_str!("../runtime/src/runtime/endpoint_target.rs")),
    ("error.rs", include_str!("../runtime/src/runtime/error.rs")),
    ("event_decoder.rs", include_str!("../runtime/src/runtime/event_decoder.rs")),
    ("event_initial.rs", include_str!("../runtime/src/runtime/event_initial.rs")),
    ("event_message.rs", include_str!("../runtime/src/runtime/event_message.rs")),
    ("event_receiver.rs", include_str!("../runtime/src/runtime/event_receiver.rs")),
    ("event_sender.rs", include_str!("../runtime/src/runtime/event_sender.rs")),
    ("event_signing.rs", include_str!("../runtime/src/runtime/event_signing.rs")),
    ("event_stream.rs", include_str!("../runtime/src/runtime/event_stream.rs")),
    ("host_prefix.rs", include_str!("../runtime/src/runtime/host_prefix.rs")),
    ("http.rs", include_str!("../runtime/src/runtime/http.rs")),
    ("interceptor.rs", include_str!("../runtime/src/runtime/interceptor.rs")),
    ("jmespath.rs", include_str!("../runtime/src/runtime/jmespath.rs")),
    ("json.rs", include_str!("../runtime/src/runtime/json.rs")),
    ("json_traits.rs", include_str!("../runtime/src/runtime/json_traits.rs")),
    ("macros.rs", include_str!("../runtime/src/runtime/macros.rs")),
    ("mock.rs", include_str!("../runtime/src/runtime/mock.rs")),
    ("mod.rs", include_str!("../runtime/src/runtime/mod.rs")),
    ("number.rs", include_str!("../runtime/src/runtime/number.rs")),
    ("paginator.rs", include_str!("../runtime/src/runtime/paginator.rs")),
    ("partitions.json", include_str!("../runtime/src/runtime/partitions.json")),
    ("profile.rs", include_str!("../runtime/src/runtime/profile.rs")),
    ("reflect.rs", include_str!("../runtime/src/runtime/reflect.rs")),
    ("region.rs", include_str!("../runtime/src/runtime/region.rs")),
    ("region_check.rs", include_str!("../runtime/src/runtime/region_check.rs")),
    ("response_fuzz.rs", include_str!("../runtime/src/runtime/response_fuzz.rs")),
    ("retry.rs", include_str!("../runtime/src/runtime/retry.rs")),
    ("sha1.rs", include_str!("../runtime/src/runtime/sha1.rs")),
    ("sign.rs", include_str!("../runtime/src/runtime/sign.rs")),
    ("stalled_stream.rs", include_str!("../runtime/src/runtime/stalled_stream.rs")),
    ("test_util.rs", include_str!("../runtime/src/runtime/test_util.rs")),
    ("token.rs", include_str!("../runtime/src/runtime/token.rs")),
    ("trace.rs", include_str!("../runtime/src/runtime/trace.rs")),
    ("unknown.rs", include_str!("../runtime/src/runtime/unknown.rs")),
    ("user_agent.rs", include_str!("../runtime/src/runtime/user_agent.rs")),
    ("validate.rs", include_str!("../runtime/src/runtime/validate.rs")),
    ("waiter.rs", include_str!("../runtime/src/runtime/waiter.rs")),
];

/// The runtime crate's manifest: its `[dependencies]` and `[features]` become the generated crate's.
pub const RUNTIME_MANIFEST: &str = include_str!("../runtime/Cargo.toml");

/// The text of one `[section]` of a manifest (without its header), up to the next section.
pub fn manifest_section(name: &str) -> String {
    let header = format!("[{name}]");
    let mut out = String::new();
    let mut inside = false;
    for line in RUNTIME_MANIFEST.lines() {
        if line.starts_with('[') {
            inside = line.trim() == header;
            continue;
        }
        if inside && !line.trim().is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_matches_runtime_directory() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = super::RUNTIME_FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, listed, "update RUNTIME_FILES in generator/src/runtime_files.rs");
    }

    #[test]
    fn dependencies_section_is_found() {
        let deps = super::manifest_section("dependencies");
        assert!(deps.contains("aws-sigv4"), "{deps}");
        assert!(!deps.contains("[dev-dependencies]"));
    }
}
