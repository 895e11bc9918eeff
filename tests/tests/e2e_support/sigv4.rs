//! Independent SigV4 verification of a received request, written from the AWS Signature Version 4
//! specification with hmac/sha2 (it does not call the client's signing code).

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use tests::stub_server::RecordedRequest;

/// What a verified `Authorization` header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub access_key: String,
    pub date: String,
    pub region: String,
    pub service: String,
    pub signed_headers: Vec<String>,
}

/// Re-derives the canonical request and signature of `request` with `secret` and compares it with the
/// `Authorization` header; returns the parsed scope so callers can check region and signing name.
pub fn verify(request: &RecordedRequest, secret: &str) -> Result<Signature, String> {
    let auth = request
        .header("authorization")
        .ok_or("no Authorization header")?;
    let rest = auth
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .ok_or_else(|| format!("not AWS4-HMAC-SHA256: {auth}"))?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',').map(str::trim) {
        match part.split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("SignedHeaders", v)) => signed_headers = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => return Err(format!("unexpected Authorization part `{part}`")),
        }
    }
    let (credential, signed_headers, signature) = match (credential, signed_headers, signature) {
        (Some(c), Some(h), Some(s)) => (c, h, s),
        _ => return Err(format!("incomplete Authorization header: {auth}")),
    };
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key, date, region, service, terminator] = scope[..] else {
        return Err(format!("bad credential scope `{credential}`"));
    };
    if terminator != "aws4_request" {
        return Err(format!("bad scope terminator `{terminator}`"));
    }
    let amz_date = request.header("x-amz-date").ok_or("no X-Amz-Date header")?;
    if !amz_date.starts_with(date) || amz_date.len() != 16 {
        return Err(format!(
            "X-Amz-Date {amz_date} does not match scope date {date}"
        ));
    }

    let canonical = canonical_request(request, signed_headers)?;
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{date}/{region}/{service}/aws4_request\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    for part in [region, service, "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let expected = hex::encode(hmac(&key, string_to_sign.as_bytes()));
    if expected != signature {
        return Err(format!(
            "signature mismatch: expected {expected}, got {signature}\ncanonical request:\n{canonical}"
        ));
    }
    Ok(Signature {
        access_key: access_key.to_owned(),
        date: date.to_owned(),
        region: region.to_owned(),
        service: service.to_owned(),
        signed_headers: signed_headers.split(';').map(str::to_owned).collect(),
    })
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn canonical_request(request: &RecordedRequest, signed_headers: &str) -> Result<String, String> {
    let (path, query) = request
        .path
        .split_once('?')
        .unwrap_or((request.path.as_str(), ""));
    let mut canonical = format!(
        "{}\n{}\n{}\n",
        request.method,
        encode_path_again(path),
        canonical_query(query)
    );
    for name in signed_headers.split(';') {
        if name != name.to_ascii_lowercase() {
            return Err(format!("signed header `{name}` is not lower case"));
        }
        let values: Vec<String> = request
            .headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| collapse_spaces(v))
            .collect();
        if values.is_empty() {
            return Err(format!("signed header `{name}` was not sent"));
        }
        canonical.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let payload_hash = hex::encode(Sha256::digest(&request.body));
    if let Some(declared) = request.header("x-amz-content-sha256") {
        if declared != payload_hash {
            return Err(format!(
                "x-amz-content-sha256 {declared} != body hash {payload_hash}"
            ));
        }
    }
    canonical.push_str(&format!("\n{signed_headers}\n{payload_hash}"));
    Ok(canonical)
}

/// Non-S3 services sign the path percent-encoded a second time: every byte outside the unreserved set
/// (and `/`) is encoded again, so `%3A` on the wire is `%253A` in the canonical request.
fn encode_path_again(path: &str) -> String {
    let path = if path.is_empty() { "/" } else { path };
    path.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Query pairs sorted by name then value (they arrive already percent-encoded by the client).
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn collapse_spaces(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}
