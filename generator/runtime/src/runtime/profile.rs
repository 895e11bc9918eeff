//! The shared AWS config (`~/.aws/config`) and credentials (`~/.aws/credentials`) files: an INI dialect where the
//! config file names profiles `[profile x]` (and `[default]`), the credentials file `[x]`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the two files are; a missing file is simply empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileFiles {
    /// The config file (`~/.aws/config` by default); `None` when no home directory is known.
    pub config: Option<PathBuf>,
    /// The credentials file (`~/.aws/credentials` by default); `None` when no home directory is known.
    pub credentials: Option<PathBuf>,
}

impl ProfileFiles {
    /// Honours `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` (with `~` expanded), else `<home>/.aws/...`.
    pub fn locate(lookup: &dyn Fn(&str) -> Option<String>, home: Option<&Path>) -> Self {
        let resolve = |var: &str, default_name: &str| match lookup(var).filter(|v| !v.is_empty()) {
            Some(path) => Some(expand_home(&path, home)),
            None => home.map(|h| h.join(".aws").join(default_name)),
        };
        ProfileFiles {
            config: resolve("AWS_CONFIG_FILE", "config"),
            credentials: resolve("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
        }
    }
}

fn expand_home(path: &str, home: Option<&Path>) -> PathBuf {
    match (
        path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\")),
        home,
    ) {
        (Some(rest), Some(home)) => home.join(rest),
        _ if path == "~" => home
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(path)),
        _ => PathBuf::from(path),
    }
}

/// The merged profiles: keys of the credentials file win over the config file's for the same profile.
#[derive(Debug, Clone, Default)]
pub struct ProfileSet {
    profiles: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Config,
    Credentials,
}

impl ProfileSet {
    /// Reads both files; unreadable or missing files contribute nothing.
    pub fn load(files: &ProfileFiles) -> Self {
        let read = |p: &Option<PathBuf>| {
            p.as_ref()
                .and_then(|p| std::fs::read_to_string(p).ok())
                .unwrap_or_default()
        };
        Self::parse(&read(&files.config), &read(&files.credentials))
    }

    /// Parses the two files' contents (either may be empty); lines that do not parse are skipped.
    pub fn parse(config_text: &str, credentials_text: &str) -> Self {
        let mut set = ProfileSet::default();
        set.merge(config_text, FileKind::Config);
        set.merge(credentials_text, FileKind::Credentials);
        set
    }

    /// A property of a profile (keys are case-insensitive).
    pub fn get(&self, profile: &str, key: &str) -> Option<&str> {
        self.profiles
            .get(profile)?
            .get(&key.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// Whether either file gave `profile` at least one property.
    pub fn has_profile(&self, profile: &str) -> bool {
        self.profiles.contains_key(profile)
    }

    fn merge(&mut self, text: &str, kind: FileKind) {
        // `None` while inside a section we ignore (e.g. `[sso-session x]`, or `[x]` in the config file).
        let mut current: Option<String> = None;
        let mut in_sub_properties = false;
        for raw in text.lines() {
            let line = strip_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            let indented = raw.starts_with([' ', '\t']);
            if let Some(header) = line.trim().strip_prefix('[') {
                current = header
                    .strip_suffix(']')
                    .and_then(|name| profile_name(name.trim(), kind));
                in_sub_properties = false;
                continue;
            }
            if indented && in_sub_properties {
                continue; // nested `key = value` lines of a sub-section such as `s3 =`
            }
            let Some(profile) = &current else { continue };
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
            in_sub_properties = value.is_empty();
            if !key.is_empty() && !value.is_empty() {
                self.profiles
                    .entry(profile.clone())
                    .or_default()
                    .insert(key, value.to_owned());
            }
        }
    }
}

/// Drops full-line comments and ` #` / ` ;` trailing comments.
fn strip_comment(line: &str) -> &str {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') || trimmed.starts_with(';') {
        return "";
    }
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if (*b == b'#' || *b == b';') && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return &line[..i];
        }
    }
    line
}

fn profile_name(header: &str, kind: FileKind) -> Option<String> {
    match kind {
        FileKind::Credentials => Some(header.to_owned()),
        FileKind::Config => {
            if header == "default" {
                return Some(header.to_owned());
            }
            let rest = header.strip_prefix("profile")?;
            rest.starts_with([' ', '\t'])
                .then(|| rest.trim().to_owned())
                .filter(|n| !n.is_empty())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
# leading comment
[default]
region = us-east-1 ; trailing comment

[profile dev]
region=eu-west-1
s3 =
  max_concurrent_requests = 10
max_attempts = 5

[dev]
region = ignored-in-config-file

[sso-session corp]
sso_region = us-east-2
";

    const CREDENTIALS: &str = "\
[dev]
aws_access_key_id = AKIDDEV
aws_secret_access_key = secret#with-hash
[default]
region = from-credentials
";

    #[test]
    fn profile_sections_follow_file_kind() {
        let set = ProfileSet::parse(CONFIG, CREDENTIALS);
        assert_eq!(set.get("dev", "region"), Some("eu-west-1"));
        assert_eq!(set.get("dev", "max_attempts"), Some("5"));
        assert_eq!(set.get("dev", "max_concurrent_requests"), None);
        assert_eq!(set.get("dev", "aws_access_key_id"), Some("AKIDDEV"));
        assert_eq!(
            set.get("dev", "aws_secret_access_key"),
            Some("secret#with-hash")
        );
        assert_eq!(set.get("default", "region"), Some("from-credentials"));
        assert!(!set.has_profile("corp"));
        assert!(!set.has_profile("sso-session corp"));
    }

    #[test]
    fn locate_honours_overrides_and_home() {
        let home = Path::new("/home/u");
        let none = |_: &str| None;
        let files = ProfileFiles::locate(&none, Some(home));
        assert_eq!(
            files.config.as_deref(),
            Some(Path::new("/home/u/.aws/config"))
        );
        assert_eq!(
            files.credentials.as_deref(),
            Some(Path::new("/home/u/.aws/credentials"))
        );
        let custom = |n: &str| (n == "AWS_CONFIG_FILE").then(|| "~/cfg/aws".to_owned());
        let files = ProfileFiles::locate(&custom, Some(home));
        assert_eq!(files.config.as_deref(), Some(Path::new("/home/u/cfg/aws")));
        assert_eq!(ProfileFiles::locate(&none, None), ProfileFiles::default());
    }
}
