//! A resolved endpoint prepared once per client: URL prefix, `Host` value, extra headers and signing scope, so
//! each request only joins its path and copies a few headers.

use crate::runtime::endpoint::Endpoint;
use http::{HeaderName, HeaderValue};

#[derive(Debug, Clone)]
pub(crate) struct EndpointTarget {
    /// `scheme://authority` followed by the endpoint's path without a trailing `/`.
    prefix: String,
    pub(crate) host: HeaderValue,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) signing_name: Option<String>,
    pub(crate) signing_region: Option<String>,
    pub(crate) disable_double_encoding: bool,
    /// SigV4a region set (the endpoint asked for `sigv4a`); `None`: SigV4.
    pub(crate) region_set: Option<String>,
}

impl EndpointTarget {
    /// Checks that the URL is absolute http(s) with a host; the message explains what is wrong otherwise.
    pub(crate) fn new(endpoint: &Endpoint) -> Result<Self, String> {
        let uri: http::Uri = endpoint
            .url
            .parse()
            .map_err(|e| format!("invalid endpoint URL `{}`: {e}", endpoint.url))?;
        let scheme = uri.scheme_str().unwrap_or_default();
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "endpoint URL `{}` must start with http:// or https://",
                endpoint.url
            ));
        }
        let authority = uri
            .authority()
            .filter(|a| !a.host().is_empty())
            .ok_or_else(|| format!("endpoint URL `{}` has no host", endpoint.url))?;
        let default_port = if scheme == "https" { 443 } else { 80 };
        let host_text = match authority.port_u16() {
            Some(port) if port != default_port => format!("{}:{port}", authority.host()),
            _ => authority.host().to_owned(),
        };
        let host = HeaderValue::from_str(&host_text)
            .map_err(|e| format!("invalid endpoint host `{host_text}`: {e}"))?;
        let mut headers = Vec::new();
        for (name, values) in &endpoint.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| format!("invalid endpoint header `{name}`: {e}"))?;
            for value in values {
                let value = HeaderValue::from_str(value)
                    .map_err(|e| format!("invalid value of endpoint header `{name}`: {e}"))?;
                headers.push((name.clone(), value));
            }
        }
        let scheme_auth = endpoint.auth_scheme()?.unwrap_or_default();
        Ok(EndpointTarget {
            prefix: format!("{scheme}://{authority}{}", uri.path().trim_end_matches('/')),
            host,
            headers,
            signing_name: scheme_auth.signing_name,
            signing_region: scheme_auth.signing_region,
            disable_double_encoding: scheme_auth.disable_double_encoding,
            region_set: scheme_auth.region_set,
        })
    }

    /// The absolute URL of a request path (which starts with `/`, or gets one).
    pub(crate) fn url_for(&self, path_and_query: &str) -> String {
        let mut url = String::with_capacity(self.prefix.len() + path_and_query.len() + 1);
        url.push_str(&self.prefix);
        if !path_and_query.starts_with('/') {
            url.push('/');
        }
        url.push_str(path_and_query);
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(url: &str) -> Endpoint {
        Endpoint {
            url: url.to_owned(),
            ..Endpoint::default()
        }
    }

    #[test]
    fn joins_paths_and_computes_host() {
        let t =
            EndpointTarget::new(&endpoint("https://svc.us-east-1.amazonaws.com")).expect("valid");
        assert_eq!(
            t.url_for("/bots/x?a=1"),
            "https://svc.us-east-1.amazonaws.com/bots/x?a=1"
        );
        assert_eq!(t.host, "svc.us-east-1.amazonaws.com");
        let t = EndpointTarget::new(&endpoint("http://127.0.0.1:8080/prefix/")).expect("valid");
        assert_eq!(t.url_for("/"), "http://127.0.0.1:8080/prefix/");
        assert_eq!(t.url_for("x"), "http://127.0.0.1:8080/prefix/x");
        assert_eq!(t.host, "127.0.0.1:8080");
        let t = EndpointTarget::new(&endpoint("https://h:443")).expect("valid");
        assert_eq!(t.host, "h");
    }

    #[test]
    fn rejects_unusable_urls() {
        for bad in ["", "not a url", "ftp://host/", "/relative", "http://"] {
            assert!(EndpointTarget::new(&endpoint(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_headers_and_auth_scheme() {
        let mut e = endpoint("https://h");
        e.headers = vec![("x-amz-thing".into(), vec!["a".into(), "b".into()])];
        e.properties.insert(
            "authSchemes".into(),
            serde_json::json!([{"name": "sigv4", "signingName": "lex", "signingRegion": "eu-west-1"}]),
        );
        let t = EndpointTarget::new(&e).expect("valid");
        assert_eq!(t.headers.len(), 2);
        assert_eq!(
            (t.signing_name.as_deref(), t.signing_region.as_deref()),
            (Some("lex"), Some("eu-west-1"))
        );
    }
}
