//! Endpoint resolution types shared by every generated `<svc>::endpoint` module.
//!
//! The resolvers themselves are generated from each service's endpoint rule set; this file only holds the
//! inputs they read from client configuration ([`BuiltIns`]), what they return ([`Endpoint`]) and how they fail
//! ([`ResolveError`]).

use std::fmt;

/// Values the endpoint rules can bind to well-known built-ins (`AWS::Region`, `AWS::UseFIPS`,
/// `AWS::UseDualStack`, `SDK::Endpoint`, `AWS::Auth::AccountIdEndpointMode` from client configuration;
/// `AWS::Auth::AccountId` from the credentials of the call).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuiltIns {
    /// `AWS::Region`.
    pub region: Option<String>,
    /// `AWS::UseFIPS`.
    pub use_fips: bool,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`: an endpoint URL override.
    pub endpoint: Option<String>,
    /// `AWS::Auth::AccountId`: the account of the credentials (set per call, for rule sets that read it).
    pub account_id: Option<String>,
    /// `AWS::Auth::AccountIdEndpointMode`: `preferred`, `required` or `disabled`.
    pub account_id_endpoint_mode: Option<String>,
}

/// An endpoint parameter's field in the generated `Params`, set from a value an operation binds
/// (`@contextParam` members, `operationContextParams` paths). A value of the wrong type, or none, leaves the
/// field as it was (built-ins and defaults stay).
pub trait BindParam {
    /// Sets the field from `value` when it has the field's type.
    fn bind(&mut self, value: crate::runtime::jmespath::Value<'_>);
}

impl BindParam for Option<String> {
    fn bind(&mut self, value: crate::runtime::jmespath::Value<'_>) {
        if let crate::runtime::jmespath::Value::String(s) = value {
            *self = Some(s.into_owned());
        }
    }
}

impl BindParam for String {
    fn bind(&mut self, value: crate::runtime::jmespath::Value<'_>) {
        if let crate::runtime::jmespath::Value::String(s) = value {
            *self = s.into_owned();
        }
    }
}

impl BindParam for Option<bool> {
    fn bind(&mut self, value: crate::runtime::jmespath::Value<'_>) {
        if let crate::runtime::jmespath::Value::Bool(b) = value {
            *self = Some(b);
        }
    }
}

impl BindParam for bool {
    fn bind(&mut self, value: crate::runtime::jmespath::Value<'_>) {
        if let crate::runtime::jmespath::Value::Bool(b) = value {
            *self = b;
        }
    }
}

/// A list of strings (non-string elements are left out); anything else is no value.
fn string_list(value: crate::runtime::jmespath::Value<'_>) -> Option<Vec<String>> {
    match value {
        crate::runtime::jmespath::Value::Array(items) => Some(
            items
                .into_iter()
                .filter_map(|item| match item {
                    crate::runtime::jmespath::Value::String(s) => Some(s.into_owned()),
                    _ => None,
                })
                .collect(),
        ),
        _ => None,
    }
}

impl BindParam for Option<Vec<String>> {
    fn bind(&mut self, value: crate::runtime::jmespath::Value<'_>) {
        if let Some(list) = string_list(value) {
            *self = Some(list);
        }
    }
}

impl BindParam for Vec<String> {
    fn bind(&mut self, value: crate::runtime::jmespath::Value<'_>) {
        if let Some(list) = string_list(value) {
            *self = list;
        }
    }
}

/// A resolved endpoint: the URL to send to, headers to add, and properties such as auth schemes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Endpoint {
    /// Base URL (scheme, host, optional port and path prefix); the operation's path is appended to it.
    pub url: String,
    /// Headers the rule set requires, as name and values; added to every request.
    pub headers: Vec<(String, Vec<String>)>,
    /// Other endpoint properties as JSON, notably `authSchemes` (see [`Endpoint::sigv4_scheme`]).
    pub properties: serde_json::Map<String, serde_json::Value>,
}

/// The sigv4 signing details an endpoint asks for in its `authSchemes` property.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SigV4Scheme {
    /// Overrides the service's default signing name.
    pub signing_name: Option<String>,
    /// Overrides the configured region for signing.
    pub signing_region: Option<String>,
    /// Sign the path as sent, without encoding it a second time (S3-style); `false` when absent.
    pub disable_double_encoding: bool,
    /// SigV4a: the regions the signature is valid in (`signingRegionSet` joined by `,`, e.g. `*`). `None`:
    /// plain SigV4.
    pub region_set: Option<String>,
}

impl Endpoint {
    /// The first `authSchemes` entry this client can sign for: `sigv4`, or `sigv4a` when the crate is built
    /// with the `sigv4a` feature. `Ok(None)`: the endpoint names no scheme this client knows (plain SigV4
    /// with the service's defaults). `Err`: it asks for SigV4a and this build cannot sign with it.
    pub fn auth_scheme(&self) -> Result<Option<SigV4Scheme>, String> {
        let Some(schemes) = self.properties.get("authSchemes").and_then(|s| s.as_array()) else {
            return Ok(None);
        };
        let mut wants_v4a = false;
        for scheme in schemes {
            match scheme.get("name").and_then(|n| n.as_str()) {
                Some("sigv4") => return Ok(Some(read_scheme(scheme, false))),
                Some("sigv4a") if cfg!(feature = "sigv4a") => return Ok(Some(read_scheme(scheme, true))),
                Some("sigv4a") => wants_v4a = true,
                _ => {}
            }
        }
        if wants_v4a {
            return Err("the endpoint requires SigV4a signing: build the crate with its `sigv4a` feature".to_owned());
        }
        Ok(None)
    }

    /// The first `authSchemes` entry named `sigv4`, if the endpoint lists one.
    pub fn sigv4_scheme(&self) -> Option<SigV4Scheme> {
        let schemes = self.properties.get("authSchemes")?.as_array()?;
        let scheme = schemes.iter().find(|s| s.get("name").and_then(|n| n.as_str()) == Some("sigv4"))?;
        Some(read_scheme(scheme, false))
    }

    /// The sigv4 signing name the endpoint asks for, if any.
    pub fn signing_name(&self) -> Option<String> {
        self.sigv4_scheme().and_then(|s| s.signing_name)
    }

    /// The sigv4 signing region the endpoint asks for, if any.
    pub fn signing_region(&self) -> Option<String> {
        self.sigv4_scheme().and_then(|s| s.signing_region)
    }
}

/// A `sigv4` / `sigv4a` entry of `authSchemes`; SigV4a signs for `signingRegionSet` (all regions when absent).
fn read_scheme(scheme: &serde_json::Value, v4a: bool) -> SigV4Scheme {
    let text = |key: &str| scheme.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let region_set = v4a.then(|| {
        let regions: Vec<&str> = scheme
            .get("signingRegionSet")
            .and_then(|v| v.as_array())
            .map(|r| r.iter().filter_map(|r| r.as_str()).collect())
            .unwrap_or_default();
        if regions.is_empty() {
            "*".to_owned()
        } else {
            regions.join(",")
        }
    });
    SigV4Scheme {
        signing_name: text("signingName"),
        signing_region: text("signingRegion"),
        disable_double_encoding: scheme.get("disableDoubleEncoding").and_then(|v| v.as_bool()).unwrap_or(false),
        region_set,
    }
}

/// Endpoint resolution failed: an error rule of the rule set matched, no rule matched, or a required
/// parameter was missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveError {
    /// Human-readable reason, e.g. the text of the matched error rule.
    pub message: String,
}

impl ResolveError {
    /// An error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        ResolveError {
            message: message.into(),
        }
    }

    /// A required rule-set parameter had no value.
    pub fn missing_parameter(name: &str) -> Self {
        ResolveError::new(format!(
            "the endpoint parameter `{name}` is required but was not set"
        ))
    }

    /// Every rule's conditions failed (a rule set that ends in a tree rule can run out of rules).
    pub fn no_rule_matched() -> Self {
        ResolveError::new("no endpoint rule matched the given parameters")
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResolveError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sigv4_scheme_reads_signing_name_and_region() {
        let mut properties = serde_json::Map::new();
        properties.insert(
            "authSchemes".to_owned(),
            json!([{"name": "sigv4a"}, {"name": "sigv4", "signingName": "backup", "signingRegion": "us-west-2"}]),
        );
        let endpoint = Endpoint {
            url: "https://x".to_owned(),
            headers: vec![],
            properties,
        };
        assert_eq!(endpoint.signing_name().as_deref(), Some("backup"));
        assert_eq!(endpoint.signing_region().as_deref(), Some("us-west-2"));
        assert!(!endpoint
            .sigv4_scheme()
            .is_some_and(|s| s.disable_double_encoding));
    }

    #[test]
    fn auth_scheme_takes_the_first_one_this_build_can_sign_with() {
        let with = |schemes: serde_json::Value| Endpoint {
            properties: [("authSchemes".to_owned(), schemes)].into_iter().collect(),
            ..Endpoint::default()
        };
        let both = with(json!([{"name": "sigv4a", "signingName": "events", "signingRegionSet": ["*"]}, {"name": "sigv4", "signingName": "events", "signingRegion": "us-east-1"}]));
        let chosen = both.auth_scheme().expect("a usable scheme").expect("some scheme");
        if cfg!(feature = "sigv4a") {
            assert_eq!(chosen.region_set.as_deref(), Some("*"));
        } else {
            assert_eq!((chosen.region_set, chosen.signing_region.as_deref()), (None, Some("us-east-1")));
        }
        let only_v4a = with(json!([{"name": "sigv4a", "signingName": "kvs"}]));
        match only_v4a.auth_scheme() {
            Ok(Some(scheme)) => assert_eq!(scheme.region_set.as_deref(), Some("*"), "no set given: every region"),
            Err(message) => assert!(!cfg!(feature = "sigv4a") && message.contains("`sigv4a` feature"), "{message}"),
            Ok(None) => panic!("a sigv4a-only endpoint must not be signed with plain SigV4"),
        }
        assert_eq!(with(json!([{"name": "unknown"}])).auth_scheme(), Ok(None));
    }

    #[test]
    fn no_auth_schemes_means_no_sigv4_overrides() {
        let endpoint = Endpoint::default();
        assert_eq!(endpoint.sigv4_scheme(), None);
    }

    #[test]
    fn bound_values_set_fields_of_their_type_only() {
        use crate::runtime::jmespath::{ToValue, Value};
        let mut name: Option<String> = None;
        name.bind("table".to_owned().to_value());
        assert_eq!(name.as_deref(), Some("table"));
        name.bind(Value::Null);
        assert_eq!(name.as_deref(), Some("table"), "no value keeps what was there");
        name.bind(Value::Bool(true));
        assert_eq!(name.as_deref(), Some("table"), "a value of another type is ignored");
        let mut flag = false;
        flag.bind(Value::Bool(true));
        assert!(flag);
        let mut arns: Option<Vec<String>> = None;
        arns.bind(vec!["a".to_owned(), "b".to_owned()].to_value());
        assert_eq!(arns, Some(vec!["a".to_owned(), "b".to_owned()]));
        let mut required = String::from("default");
        required.bind("x".to_owned().to_value());
        assert_eq!(required, "x");
    }

    #[test]
    fn display_is_the_message() {
        assert_eq!(ResolveError::new("bad region").to_string(), "bad region");
    }
}
