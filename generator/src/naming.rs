//! The only place Rust names are made. Policy: heck for case conversion; keywords become raw identifiers where
//! Rust allows it and get a `_value` suffix where it does not; names that would collide with generated API
//! (builder methods, the unknown enum case) get a suffix. Callers store the wire name beside the Rust name.
use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (2021 edition, strict and reserved).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Method names the generated builders and structs define themselves; members with these names get a suffix.
const RESERVED_METHODS: &[&str] = &["build", "builder", "send", "default", "new", "clone", "into", "validate", "meta", "customize", "as_input", "input", "into_paginator"];

/// snake_case for members, functions and modules; acronyms stay together (`IAMRoleArn` -> `iam_role_arn`).
pub fn snake(name: &str) -> String {
    let s = ascii_only(&name.to_snake_case(), "_u");
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n_{s}")
    } else {
        s
    }
}

/// The loader admits only Smithy identifiers (ASCII) as shape and member names, but names also come from other
/// model text (endpoint parameters, sdkIds); a character Rust does not take in an identifier becomes `_u<hex>`
/// (`U<hex>` in type names, which take no underscores), the same every run, so no name can panic `Ident::new`.
pub(crate) fn ascii_only(name: &str, escape: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            out.push_str(&format!("{escape}{:x}", u32::from(c)));
        }
    }
    out
}

/// UpperCamelCase for types and variants.
pub fn camel(name: &str) -> String {
    let s = ascii_only(&name.to_upper_camel_case(), "U");
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N{s}")
    } else {
        s
    }
}

/// A field or function identifier as source text: `type` -> `r#type`, `self` -> `self_value`.
pub fn ident_text(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_value")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// Module (and file) name of an operation: its snake name, except `mod`, whose file would be the `operation`
/// module's own `mod.rs`.
pub fn operation_module(operation: &str) -> String {
    match snake(operation).as_str() {
        "mod" => "mod_operation".to_string(),
        s => ident_text(s),
    }
}

/// Field name of a structure member.
pub fn field_name(member: &str) -> String {
    let s = snake(member);
    if RESERVED_METHODS.contains(&s.as_str()) || s.starts_with("set_") || s.starts_with("get_") {
        format!("{s}_value")
    } else {
        s
    }
}

/// Name of a type made from a shape name (`Self` cannot be a type name).
pub fn type_name(shape_name: &str) -> String {
    let s = camel(shape_name);
    if s == "Self" {
        "SelfValue".to_string()
    } else {
        s
    }
}

/// Enum and union variants; `Unknown` is reserved for the forward-compatible case.
pub fn variant_name(member: &str) -> String {
    let s = type_name(member);
    if s == "Unknown" {
        "UnknownValue".to_string()
    } else {
        s
    }
}

/// Service module name from the `aws.api#service` sdkId (`Lex Models V2` -> `lexmodelsv2`) or the shape name.
/// A name that is a keyword or one of the crate's own root modules (`runtime`; `lib`, whose `src/lib/mod.rs`
/// would clash with the crate root `src/lib.rs`) gets a `_service` suffix: the module name is also a directory and
/// a Cargo feature, where a raw identifier (`r#type`) cannot go.
pub fn service_module(sdk_id: &str) -> String {
    let s: String = sdk_id.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("s{s}")
    } else if KEYWORDS.contains(&s.as_str()) || RESERVED_MODULES.contains(&s.as_str()) {
        format!("{s}_service")
    } else {
        s
    }
}

/// Modules at the root of the generated crate besides the services (and `lib`, the root's own file name).
const RESERVED_MODULES: &[&str] = &["runtime", "lib", "main", "build"];

/// `AWS_ENDPOINT_URL_<SUFFIX>` for a service: sdkId upper-cased, spaces and hyphens to `_`.
pub fn endpoint_env_suffix(sdk_id: &str) -> String {
    sdk_id.chars().map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_uppercase() }).collect()
}

/// Makes `names` unique by appending `2`, `3`... to later duplicates, keeping order.
pub fn dedupe(names: &mut [String]) {
    let mut seen = std::collections::BTreeSet::new();
    for name in names.iter_mut() {
        if !seen.insert(name.clone()) {
            let mut n = 2;
            while !seen.insert(format!("{name}{n}")) {
                n += 1;
            }
            *name = format!("{name}{n}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_and_digits() {
        assert_eq!(snake("IAMRoleArn"), "iam_role_arn");
        assert_eq!(snake("S3BucketArn"), "s3_bucket_arn");
        assert_eq!(snake("KmsKeyId"), "kms_key_id");
        assert_eq!(snake("botId"), "bot_id");
        assert_eq!(snake("StartCopyJob"), "start_copy_job");
        assert_eq!(type_name("AWSSimbaAPIService_v20180301"), "AwsSimbaApiServiceV20180301");
        assert_eq!(type_name("lowercaseShape"), "LowercaseShape");
        assert_eq!(variant_name("GP2"), "Gp2");
        assert_eq!(variant_name("TOP_LEVEL"), "TopLevel");
    }

    #[test]
    fn characters_rust_rejects_are_escaped_deterministically() {
        assert_eq!(snake("a٣b"), "a_u663b");
        assert_eq!(snake("٣x"), "_u663x");
        assert_eq!(snake("²"), "_ub2");
        assert_eq!(camel("１a"), "Uff11a");
        assert_eq!(type_name("a٣b"), "AU663b");
        assert_eq!(snake("a-b"), "a_b");
        for name in ["a٣b", "٣x", "²", "１a", "é", "a b", "_1", "__x", "x__"] {
            for made in [ident_text(&field_name(name)), type_name(name), variant_name(name)] {
                let bare = made.strip_prefix("r#").unwrap_or(&made);
                assert!(
                    bare.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                        && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && bare != "_"
                        && (made.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') || !made.contains('_')),
                    "{name} -> {made}"
                );
            }
        }
    }

    #[test]
    fn keywords() {
        assert_eq!(ident_text(&field_name("Type")), "r#type");
        assert_eq!(ident_text(&field_name("async")), "r#async");
        assert_eq!(ident_text(&field_name("Self")), "self_value");
        assert_eq!(ident_text(&field_name("super")), "super_value");
        assert_eq!(ident_text(&field_name("crate")), "crate_value");
        assert_eq!(type_name("Self"), "SelfValue");
    }

    #[test]
    fn reserved_members() {
        assert_eq!(field_name("Build"), "build_value");
        assert_eq!(field_name("Send"), "send_value");
        assert_eq!(field_name("SetName"), "set_name_value");
        assert_eq!(field_name("GetThing"), "get_thing_value");
        assert_eq!(variant_name("Unknown"), "UnknownValue");
        assert_eq!(variant_name("unknown"), "UnknownValue");
    }

    #[test]
    fn service_modules() {
        assert_eq!(service_module("Lex Models V2"), "lexmodelsv2");
        assert_eq!(service_module("PartnerCentral Selling"), "partnercentralselling");
        assert_eq!(service_module("FSx"), "fsx");
        assert_eq!(endpoint_env_suffix("PartnerCentral Selling"), "PARTNERCENTRAL_SELLING");
        assert_eq!(service_module("runtime"), "runtime_service");
        assert_eq!(service_module("Lib"), "lib_service");
        assert_eq!(service_module("Type"), "type_service");
        assert_eq!(service_module("Self"), "self_service");
        assert_eq!(service_module("3D"), "s3d");
        assert_eq!(endpoint_env_suffix("Lex Models V2"), "LEX_MODELS_V2");
    }

    #[test]
    fn dedupe_appends_numbers() {
        let mut v = vec!["a".to_string(), "b".into(), "a".into(), "a".into()];
        dedupe(&mut v);
        assert_eq!(v, ["a", "b", "a2", "a3"]);
    }
}
