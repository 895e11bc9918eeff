//! The `@http` trait: method, URI pattern (literal segments, labels, greedy labels, literal query) and code.
use crate::error::Diagnostic;

#[derive(Debug, Clone, PartialEq)]
pub enum UriSegment {
    Literal(String),
    /// Member name of the label.
    Label { name: String, greedy: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct HttpTrait {
    pub method: String,
    /// Path segments between `/`; a trailing slash shows as a final empty literal.
    pub segments: Vec<UriSegment>,
    /// Literal query parameters from the URI (`?list-type=2&x`).
    pub query: Vec<(String, Option<String>)>,
    pub code: u16,
}

impl HttpTrait {
    /// The implied binding of awsJson: `POST /`.
    pub fn aws_json() -> HttpTrait {
        HttpTrait { method: "POST".into(), segments: Vec::new(), query: Vec::new(), code: 200 }
    }

    pub fn parse(value: &serde_json::Value, owner: &str) -> Result<HttpTrait, Diagnostic> {
        let err = |m: String| Diagnostic::at_shape(owner, m).with_trait("smithy.api#http");
        let method = value.get("method").and_then(|v| v.as_str()).ok_or_else(|| err("missing `method`".into()))?;
        let uri = value.get("uri").and_then(|v| v.as_str()).ok_or_else(|| err("missing `uri`".into()))?;
        let code = value.get("code").and_then(|v| v.as_u64()).unwrap_or(200);
        let code = u16::try_from(code).map_err(|_| err(format!("invalid status code {code}")))?;
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let path = path.strip_prefix('/').ok_or_else(|| err(format!("uri `{uri}` must start with `/`")))?;
        let mut segments = Vec::new();
        if !path.is_empty() {
            for seg in path.split('/') {
                if let Some(inner) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    let (name, greedy) = match inner.strip_suffix('+') {
                        Some(n) => (n, true),
                        None => (inner, false),
                    };
                    segments.push(UriSegment::Label { name: name.to_string(), greedy });
                } else if seg.contains('{') || seg.contains('}') {
                    return Err(err(format!("uri `{uri}`: a label must fill a whole path segment")));
                } else {
                    segments.push(UriSegment::Literal(seg.to_string()));
                }
            }
        }
        let query = query
            .split('&')
            .filter(|q| !q.is_empty())
            .map(|q| match q.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (q.to_string(), None),
            })
            .collect();
        Ok(HttpTrait { method: method.to_string(), segments, query, code })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_labels_greedy_trailing_slash_and_query() {
        let h = HttpTrait::parse(&json!({"method": "PUT", "uri": "/bots/{botId}/replicas/", "code": 202}), "x").unwrap();
        assert_eq!(h.code, 202);
        assert_eq!(
            h.segments,
            vec![
                UriSegment::Literal("bots".into()),
                UriSegment::Label { name: "botId".into(), greedy: false },
                UriSegment::Literal("replicas".into()),
                UriSegment::Literal("".into()),
            ]
        );
        let h = HttpTrait::parse(&json!({"method": "GET", "uri": "/a/{Key+}?list-type=2&flag"}), "x").unwrap();
        assert_eq!(h.segments[1], UriSegment::Label { name: "Key".into(), greedy: true });
        assert_eq!(h.query, vec![("list-type".into(), Some("2".into())), ("flag".into(), None)]);
    }

    #[test]
    fn rejects_partial_label() {
        let e = HttpTrait::parse(&json!({"method": "GET", "uri": "/a{b}"}), "ns#Op").unwrap_err();
        assert_eq!(e.to_string(), "ns#Op: trait smithy.api#http: uri `/a{b}`: a label must fill a whole path segment");
    }
}
