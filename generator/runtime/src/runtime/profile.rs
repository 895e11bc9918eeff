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

/// The merged profiles: keys of the credentials file win over the config file's for the same profile. Also
/// keeps the config file's `[sso-session x]` and `[services x]` sections. A nested property (`dynamodb =`
/// followed by indented `endpoint_url = ...`) is stored under `dynamodb.endpoint_url`.
///
/// `Debug` shows section and key names only: values (keys, tokens) never.
#[derive(Clone, Default)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Properties>,
    sso_sessions: BTreeMap<String, Properties>,
    services: BTreeMap<String, Properties>,
}

type Properties = BTreeMap<String, String>;

impl std::fmt::Debug for ProfileSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = |m: &BTreeMap<String, Properties>| {
            m.iter()
                .map(|(name, props)| (name.clone(), props.keys().cloned().collect::<Vec<_>>()))
                .collect::<BTreeMap<_, _>>()
        };
        f.debug_struct("ProfileSet")
            .field("profiles", &names(&self.profiles))
            .field("sso_sessions", &names(&self.sso_sessions))
            .field("services", &names(&self.services))
            .finish()
    }
}

/// Which kind of section a header opens.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Section {
    Profile(String),
    SsoSession(String),
    Services(String),
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

    /// Reads both files without blocking the async runtime; unreadable or missing files contribute nothing.
    pub async fn load_async(files: &ProfileFiles) -> Self {
        async fn read(path: &Option<PathBuf>) -> String {
            match path {
                Some(path) => tokio::fs::read_to_string(path).await.unwrap_or_default(),
                None => String::new(),
            }
        }
        Self::parse(&read(&files.config).await, &read(&files.credentials).await)
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

    /// Whether either file has a section for `profile` (even an empty one).
    pub fn has_profile(&self, profile: &str) -> bool {
        self.profiles.contains_key(profile)
    }

    /// The names of every profile, sorted.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// A property of an `[sso-session name]` section.
    pub fn sso_session(&self, name: &str, key: &str) -> Option<&str> {
        self.sso_sessions
            .get(name)?
            .get(&key.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// Whether the config file has an `[sso-session name]` section.
    pub fn has_sso_session(&self, name: &str) -> bool {
        self.sso_sessions.contains_key(name)
    }

    /// The `endpoint_url` a `[services section]` gives one service (`service_key` as in the file: the sdk id
    /// lower-cased with spaces as `_`, e.g. `lex_models_v2`; compared case-insensitively).
    pub fn service_endpoint_url(&self, section: &str, service_key: &str) -> Option<&str> {
        let key = format!("{}.endpoint_url", service_key.to_ascii_lowercase());
        self.services.get(section)?.get(&key).map(String::as_str)
    }

    /// Every service of a `[services section]` that has an `endpoint_url`, with its URL.
    pub fn service_endpoint_urls(&self, section: &str) -> impl Iterator<Item = (&str, &str)> {
        self.services.get(section).into_iter().flat_map(|props| {
            props.iter().filter_map(|(k, v)| {
                k.strip_suffix(".endpoint_url").map(|service| (service, v.as_str()))
            })
        })
    }

    /// Whether the config file has a `[services section]`.
    pub fn has_services(&self, section: &str) -> bool {
        self.services.contains_key(section)
    }

    fn merge(&mut self, text: &str, kind: FileKind) {
        // `None` while inside a section we ignore (e.g. `[x]` in the config file).
        let mut current: Option<Section> = None;
        // The property whose value is an indented block of `key = value` lines (`s3 =`).
        let mut parent: Option<String> = None;
        // The last top-level property with a value, which indented lines continue.
        let mut last_key: Option<String> = None;
        // `[default]` is ignored when the config file also has `[profile default]`, as the AWS SDKs do.
        let has_profile_default = kind == FileKind::Config
            && text.lines().any(|l| {
                let h = strip_comment(l).trim();
                h.strip_prefix('[')
                    .and_then(|h| h.strip_suffix(']'))
                    .and_then(|h| h.trim().strip_prefix("profile"))
                    .is_some_and(|rest| rest.starts_with([' ', '\t']) && rest.trim() == "default")
            });
        for raw in text.lines() {
            let line = strip_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            let indented = raw.starts_with([' ', '\t']);
            if let Some(header) = line.trim().strip_prefix('[') {
                current = header
                    .strip_suffix(']')
                    .and_then(|name| section_of(name.trim(), kind))
                    .filter(|section| {
                        !(has_profile_default
                            && *section == Section::Profile("default".into())
                            && !line.contains("profile"))
                    });
                if let Some(Section::Profile(name)) = &current {
                    self.profiles.entry(name.clone()).or_default();
                }
                parent = None;
                last_key = None;
                continue;
            }
            let Some(section) = &current else { continue };
            let properties = match section {
                Section::Profile(name) => self.profiles.entry(name.clone()),
                Section::SsoSession(name) => self.sso_sessions.entry(name.clone()),
                Section::Services(name) => self.services.entry(name.clone()),
            }
            .or_default();
            // An indented line after a property with a value continues that value (on a new line).
            if indented && parent.is_none() {
                if let Some(value) = last_key.as_ref().and_then(|k| properties.get_mut(k)) {
                    value.push('\n');
                    value.push_str(raw.trim());
                    continue;
                }
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
            let key = match (&parent, indented) {
                (Some(parent), true) => format!("{parent}.{key}"),
                _ => {
                    parent = value.is_empty().then(|| key.clone());
                    last_key = (!value.is_empty()).then(|| key.clone());
                    key
                }
            };
            if key.is_empty() || value.is_empty() {
                continue;
            }
            properties.insert(key, value.to_owned());
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

fn section_of(header: &str, kind: FileKind) -> Option<Section> {
    match kind {
        FileKind::Credentials => Some(Section::Profile(header.to_owned())),
        FileKind::Config => {
            if header == "default" {
                return Some(Section::Profile(header.to_owned()));
            }
            let named = |prefix: &str| {
                let rest = header.strip_prefix(prefix)?;
                rest.starts_with([' ', '\t'])
                    .then(|| rest.trim().to_owned())
                    .filter(|n| !n.is_empty())
            };
            named("profile")
                .map(Section::Profile)
                .or_else(|| named("sso-session").map(Section::SsoSession))
                .or_else(|| named("services").map(Section::Services))
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
        assert_eq!(set.sso_session("corp", "sso_region"), Some("us-east-2"));
        assert_eq!(set.get("dev", "s3.max_concurrent_requests"), Some("10"));
    }

    #[test]
    fn services_sections_and_empty_profiles() {
        let config = "\
[profile local]
services = local-svcs
[profile empty]
[services local-svcs]
dynamodb =
  endpoint_url = http://localhost:8000
lex_models_v2 =
    endpoint_url = http://localhost:9000 # comment
[profile default]
region = from-profile-default
credential_process = /usr/bin/tool
    --flag value
[default]
region = ignored
";
        let set = ProfileSet::parse(config, "");
        assert_eq!(set.get("local", "services"), Some("local-svcs"));
        assert_eq!(
            set.service_endpoint_url("local-svcs", "DynamoDB"),
            Some("http://localhost:8000")
        );
        let all: Vec<_> = set.service_endpoint_urls("local-svcs").collect();
        assert_eq!(
            all,
            [
                ("dynamodb", "http://localhost:8000"),
                ("lex_models_v2", "http://localhost:9000")
            ]
        );
        assert!(set.has_profile("empty"));
        assert!(!set.has_profile("local-svcs"));
        assert_eq!(set.get("default", "region"), Some("from-profile-default"));
        assert_eq!(set.get("default", "credential_process"), Some("/usr/bin/tool\n--flag value"));
        let shown = format!("{set:?}");
        assert!(!shown.contains("localhost"), "{shown}");
    }

    #[tokio::test]
    async fn async_load_reads_both_files() {
        let dir = std::env::temp_dir().join(format!("aws-lite-profile-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("c"), "[profile a]\nregion = r1\n").expect("write");
        std::fs::write(dir.join("k"), "[a]\naws_access_key_id = AK\n").expect("write");
        let files = ProfileFiles {
            config: Some(dir.join("c")),
            credentials: Some(dir.join("k")),
        };
        let set = ProfileSet::load_async(&files).await;
        assert_eq!((set.get("a", "region"), set.get("a", "aws_access_key_id")), (Some("r1"), Some("AK")));
        let missing = ProfileSet::load_async(&ProfileFiles::default()).await;
        assert_eq!(missing.profile_names().count(), 0);
        let _ = std::fs::remove_dir_all(&dir);
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
