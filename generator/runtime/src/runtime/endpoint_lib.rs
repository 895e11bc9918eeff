//! The endpoint rules standard library, called by generated resolvers.
//!
//! Each function follows the Smithy rules-engine definition of the function of the same name (`substring`,
//! `uriEncode`, `parseURL`, `isValidHostLabel`, `split`, `aws.partition`, `aws.parseArn`,
//! `aws.isVirtualHostableS3Bucket`). Functions return `None` where the rules engine yields an empty value,
//! which makes the calling condition fail.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

/// `isValidHostLabel`: one DNS label (letters, digits, `-`, not starting with `-`, 1 to 63 characters), or with
/// `allow_subdomains` several such labels joined by dots.
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        value.split('.').all(is_single_host_label)
    } else {
        is_single_host_label(value)
    }
}

fn is_single_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes[0] != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// `substring`: characters `start..stop` of an ASCII string, counted from the end when `reverse`.
/// Empty when the input is not ASCII or too short, or the range is empty.
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if start >= stop || stop > input.len() || !input.is_ascii() {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - stop, input.len() - start)
    } else {
        (start, stop)
    };
    input.get(from..to).map(str::to_owned)
}

/// `uriEncode`: percent-encodes every byte except the RFC 3986 unreserved characters, with upper-case hex.
pub fn uri_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// The result of `parseURL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// `http` or `https`.
    pub scheme: String,
    /// Host with optional port, as written (e.g. `example.com:8443`, `[::1]`).
    pub authority: String,
    /// The path as written, possibly empty.
    pub path: String,
    /// The path with a leading and a trailing `/`.
    pub normalized_path: String,
    /// Whether the host is an IPv4 address or a bracketed IPv6 address.
    pub is_ip: bool,
}

/// `parseURL`: an `http` or `https` URL without query or fragment; empty otherwise.
pub fn parse_url(value: &str) -> Option<Url> {
    let (scheme, rest) = value.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    if rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    let host = host_of(authority)?;
    let is_ip = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().is_ok(),
        None => host.parse::<Ipv4Addr>().is_ok(),
    };
    Some(Url {
        scheme: scheme.to_owned(),
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path: normalize_path(path),
        is_ip,
    })
}

/// The host of an authority, checking that a port, when present, is a number.
fn host_of(authority: &str) -> Option<&str> {
    if authority.is_empty() || authority.contains(['@', ' ']) {
        return None;
    }
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, after) = authority.split_at(close + 1);
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (!host.is_empty() && port_ok).then_some(host)
}

fn normalize_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        out.push('/');
    }
    out.push_str(path);
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// `split`: splits on `delimiter`, into at most `limit` parts (`0` means no limit).
pub fn split(value: &str, delimiter: &str, limit: usize) -> Vec<String> {
    if limit == 0 {
        value.split(delimiter).map(str::to_owned).collect()
    } else {
        value.splitn(limit, delimiter).map(str::to_owned).collect()
    }
}

/// The result of `aws.partition`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partition {
    /// Partition id, e.g. `aws`, `aws-cn`, `aws-us-gov`.
    pub name: String,
    /// DNS suffix of regular endpoints, e.g. `amazonaws.com`.
    pub dns_suffix: String,
    /// DNS suffix of dual-stack endpoints, e.g. `api.aws`.
    pub dual_stack_dns_suffix: String,
    /// Whether the partition offers FIPS endpoints.
    pub supports_fips: bool,
    /// Whether the partition offers dual-stack endpoints.
    pub supports_dual_stack: bool,
    /// Region used for global services of the partition (e.g. `us-east-1`); empty when unknown.
    pub implicit_global_region: String,
}

struct PartitionEntry {
    region_regex: Option<regex_lite::Regex>,
    regions: Vec<String>,
    outputs: Partition,
}

/// Partition data (ids, region patterns, known regions, DNS suffixes), from botocore's partitions file.
const PARTITIONS_JSON: &str = include_str!("partitions.json");

fn partitions() -> &'static [PartitionEntry] {
    static PARTITIONS: OnceLock<Vec<PartitionEntry>> = OnceLock::new();
    PARTITIONS.get_or_init(|| load_partitions(PARTITIONS_JSON))
}

/// Reads the partition table; entries that are malformed are left out rather than failing resolution.
fn load_partitions(json: &str) -> Vec<PartitionEntry> {
    let root: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let Some(list) = root.get("partitions").and_then(|p| p.as_array()) else {
        return Vec::new();
    };
    list.iter().filter_map(partition_entry).collect()
}

fn partition_entry(value: &serde_json::Value) -> Option<PartitionEntry> {
    let outputs = value.get("outputs")?;
    let text = |key: &str| outputs.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let flag = |key: &str| outputs.get(key).and_then(|v| v.as_bool()).unwrap_or(false);
    let id = value.get("id").and_then(|v| v.as_str())?;
    Some(PartitionEntry {
        region_regex: value
            .get("regionRegex")
            .and_then(|v| v.as_str())
            .and_then(|r| regex_lite::Regex::new(r).ok()),
        regions: value
            .get("regions")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.as_str())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        outputs: Partition {
            name: text("name").unwrap_or_else(|| id.to_owned()),
            dns_suffix: text("dnsSuffix")?,
            dual_stack_dns_suffix: text("dualStackDnsSuffix")?,
            supports_fips: flag("supportsFIPS"),
            supports_dual_stack: flag("supportsDualStack"),
            implicit_global_region: text("implicitGlobalRegion").unwrap_or_default(),
        },
    })
}

/// `aws.partition`: the partition listing `region`, else the first whose region pattern matches, else `aws`.
pub fn partition(region: &str) -> Option<Partition> {
    let all = partitions();
    let listed = all.iter().find(|p| p.regions.iter().any(|r| r == region));
    let matched = || {
        all.iter().find(|p| {
            p.region_regex
                .as_ref()
                .is_some_and(|re| re.is_match(region))
        })
    };
    let fallback = || all.iter().find(|p| p.outputs.name == "aws");
    listed
        .or_else(matched)
        .or_else(fallback)
        .map(|p| p.outputs.clone())
}

/// The result of `aws.parseArn`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arn {
    /// Partition, e.g. `aws`.
    pub partition: String,
    /// Service namespace, e.g. `s3`.
    pub service: String,
    /// Region; empty for global resources.
    pub region: String,
    /// Twelve-digit account id; empty for some resources (e.g. S3 buckets).
    pub account_id: String,
    /// The resource part split on `:` and `/`.
    pub resource_id: Vec<String>,
}

/// `aws.parseArn`: `arn:<partition>:<service>:<region>:<account>:<resource>`; empty when malformed.
pub fn parse_arn(value: &str) -> Option<Arn> {
    let mut parts = value.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account_id = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

/// `aws.isVirtualHostableS3Bucket`: whether the bucket name can be used as a host label (lower case,
/// 3 to 63 characters, not an IPv4 address, no `.-` or `-.`); with `allow_subdomains`, dots are allowed.
pub fn is_virtual_hostable_s3_bucket(bucket: &str, allow_subdomains: bool) -> bool {
    if !is_valid_host_label(bucket, allow_subdomains) {
        return false;
    }
    let labels_ok = if allow_subdomains {
        bucket.split('.').all(is_lower_case_label)
    } else {
        is_lower_case_label(bucket)
    };
    labels_ok
        && (3..=63).contains(&bucket.len())
        && bucket.parse::<Ipv4Addr>().is_err()
        && !bucket.contains(".-")
        && !bucket.contains("-.")
}

/// Lower-case letters, digits and `-`, starting and ending with a letter or digit.
fn is_lower_case_label(label: &str) -> bool {
    let edge_ok = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let bytes = label.as_bytes();
    bytes.first().is_some_and(edge_ok)
        && bytes.last().is_some_and(edge_ok)
        && bytes.iter().all(|b| edge_ok(b) || *b == b'-')
}

/// Builds a JSON object for endpoint properties, keeping the rule set's key order.
pub fn object(entries: Vec<(&str, serde_json::Value)>) -> serde_json::Value {
    serde_json::Value::Object(properties(entries))
}

/// Builds the endpoint's property map.
pub fn properties(
    entries: Vec<(&str, serde_json::Value)>,
) -> serde_json::Map<String, serde_json::Value> {
    entries
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("3aws4", false));
        assert!(!is_valid_host_label("part1.part2", false));
        assert!(is_valid_host_label("part1.part2", true));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("part1.", true));
        assert!(!is_valid_host_label("part1..part2", true));
        assert!(!is_valid_host_label("part1.-part2", true));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
    }

    #[test]
    fn substring_counts_from_either_end_and_rejects_non_ascii() {
        assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("defg", 1, 3, false).as_deref(), Some("ef"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("\u{fdfd}", 0, 1, false), None);
        assert_eq!(substring("abc", 2, 2, false), None);
    }

    #[test]
    fn uri_encode_keeps_only_unreserved() {
        assert_eq!(uri_encode("abc:defg"), "abc%3Adefg");
        assert_eq!(
            uri_encode("0123456789.underscore_dash-Tilda~"),
            "0123456789.underscore_dash-Tilda~"
        );
        assert_eq!(uri_encode("\u{1F639}"), "%F0%9F%98%B9");
        assert_eq!(uri_encode(" /"), "%20%2F");
    }

    #[test]
    fn parse_url_splits_and_normalizes() {
        let url = parse_url("https://authority.com:8000/custom-path").expect("valid url");
        assert_eq!(url.scheme, "https");
        assert_eq!(url.authority, "authority.com:8000");
        assert_eq!(url.path, "/custom-path");
        assert_eq!(url.normalized_path, "/custom-path/");
        assert!(!url.is_ip);
        assert_eq!(
            parse_url("https://a.com")
                .map(|u| u.normalized_path)
                .as_deref(),
            Some("/")
        );
        assert!(parse_url("http://192.168.1.1:1234/foo/").is_some_and(|u| u.is_ip));
        assert!(parse_url("https://[2001:db8::1]:443").is_some_and(|u| u.is_ip));
        assert!(parse_url("https://999.999.abc.blah").is_some_and(|u| !u.is_ip));
        assert_eq!(parse_url("acbd://example.com"), None);
        assert_eq!(parse_url("http://abc.com:a/foo"), None);
        assert_eq!(parse_url("https://example.com/path?query1=foo"), None);
    }

    #[test]
    fn split_honours_limit() {
        assert_eq!(split("a--b--c", "--", 0), ["a", "b", "c"]);
        assert_eq!(split("a--b--c", "--", 2), ["a", "b--c"]);
        assert_eq!(split("a--b--c", "--", 1), ["a--b--c"]);
        assert_eq!(split("", "--", 0), [""]);
    }

    #[test]
    fn partition_by_listed_region_then_pattern_then_default() {
        let cn = partition("cn-north-1").expect("partition");
        assert_eq!(cn.name, "aws-cn");
        assert_eq!(cn.dns_suffix, "amazonaws.com.cn");
        let gov = partition("us-gov-west-9").expect("partition");
        assert_eq!(gov.name, "aws-us-gov");
        let unknown = partition("moon-base-1").expect("partition");
        assert_eq!(unknown.name, "aws");
        assert_eq!(
            partition("us-east-1")
                .map(|p| p.implicit_global_region)
                .as_deref(),
            Some("us-east-1")
        );
    }

    #[test]
    fn parse_arn_fields() {
        let arn = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap:x").expect("arn");
        assert_eq!(arn.partition, "aws");
        assert_eq!(arn.service, "s3");
        assert_eq!(arn.region, "us-west-2");
        assert_eq!(arn.account_id, "123456789012");
        assert_eq!(arn.resource_id, ["accesspoint", "my-ap", "x"]);
        assert_eq!(parse_arn("arn:aws:s3:::"), None);
        assert_eq!(parse_arn("not-an-arn"), None);
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.1.1", true));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
    }

    #[test]
    fn property_objects_hold_entries() {
        let value = object(vec![
            ("b", serde_json::Value::Bool(true)),
            ("a", serde_json::Value::Null),
        ]);
        assert_eq!(value, serde_json::json!({"a": null, "b": true}));
    }
}
