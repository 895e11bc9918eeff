//! Text encodings of the HTTP bindings: percent-encoding for labels and query strings, base64,
//! Smithy header lists, and the text form of numbers. Writers append to a caller's `String`
//! so a request line is built in one buffer.

use crate::runtime::datetime::{DateTime, DateTimeError, Format};
use base64::Engine as _;
use std::borrow::Cow;
use std::fmt;

// ---------------------------------------------------------------------------------------------
// Percent-encoding

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// RFC 3986 unreserved characters, which are never percent-encoded.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn push_percent_encoded(out: &mut String, value: &str, keep_slash: bool) {
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            continue;
        }
        // A non-empty `start..i` is a run of unreserved ASCII, so it starts and ends on char boundaries.
        if start < i {
            out.push_str(&value[start..i]);
        }
        out.push('%');
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xF)] as char);
        start = i + 1;
    }
    if start < bytes.len() {
        out.push_str(&value[start..]);
    }
}

/// Appends an `{label}` path segment: everything but unreserved characters is encoded, `/` included.
pub fn push_label(out: &mut String, value: &str) {
    push_percent_encoded(out, value, false);
}

/// Appends a greedy `{label+}` path value: like [`push_label`] but `/` is kept.
pub fn push_greedy_label(out: &mut String, value: &str) {
    push_percent_encoded(out, value, true);
}

/// Appends a required label's value (`greedy` for `{label+}`: `/` kept, leading ones dropped). Returns `None`,
/// appending nothing, when the value is unset or empty: such a request cannot be built.
pub fn push_required_label<S: AsRef<str>>(out: &mut String, value: Option<S>, greedy: bool) -> Option<()> {
    let value = value?;
    let text = value.as_ref();
    if text.is_empty() {
        return None;
    }
    if greedy {
        push_greedy_label(out, text.trim_start_matches('/'));
    } else {
        push_label(out, text);
    }
    Some(())
}

/// Appends a query-string key or value (space is `%20`, never `+`).
pub fn push_query_component(out: &mut String, value: &str) {
    push_percent_encoded(out, value, false);
}

/// Appends `key=value` pairs to a path, starting with `?` or `&` depending on whether the path
/// already has a query (URI patterns may carry constant ones, e.g. `/x?foo=bar`).
pub struct QueryWriter<'a> {
    out: &'a mut String,
    has_query: bool,
}

impl<'a> QueryWriter<'a> {
    /// Writes to the end of `path_and_query`.
    pub fn new(path_and_query: &'a mut String) -> Self {
        let has_query = path_and_query.contains('?');
        QueryWriter {
            out: path_and_query,
            has_query,
        }
    }

    fn separator(&mut self) {
        self.out.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
    }

    /// Appends `key=value`, both percent-encoded.
    pub fn pair(&mut self, key: &str, value: &str) {
        self.separator();
        push_query_component(self.out, key);
        self.out.push('=');
        push_query_component(self.out, value);
    }

    /// Appends a key with no `=` (a literal in a URI pattern such as `?list-type=2&flag`).
    pub fn key_only(&mut self, key: &str) {
        self.separator();
        push_query_component(self.out, key);
    }
}

// ---------------------------------------------------------------------------------------------
// Base64

/// Standard alphabet; padding optional on input (some services omit it).
const BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

/// Standard base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

/// Appends standard base64 with padding to `out`.
pub fn push_base64(out: &mut String, bytes: &[u8]) {
    BASE64.encode_string(bytes, out);
}

/// Decodes standard base64; padding may be present or not.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    BASE64
        .decode(text.trim_ascii())
        .map_err(|e| Base64Error(e.to_string()))
}

/// Input that is not valid base64.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base64Error(String);

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid base64: {}", self.0)
    }
}

impl std::error::Error for Base64Error {}

// ---------------------------------------------------------------------------------------------
// Numbers as text (headers, labels, query values)

/// Appends an integer in decimal without going through `fmt`.
pub fn push_i64(out: &mut String, value: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut v = value.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if value < 0 {
        out.push('-');
    }
    out.extend(buf[i..].iter().map(|&b| b as char));
}

/// Appends a double as Smithy writes it outside JSON numbers: `NaN`, `Infinity`, `-Infinity`,
/// otherwise the shortest round-trip form (`1.1`, `5.0`, `1e300`).
pub fn push_f64(out: &mut String, value: f64) {
    use fmt::Write;
    match non_finite_name(value) {
        Some(name) => out.push_str(name),
        None => {
            let _ = write!(out, "{value:?}");
        }
    }
}

/// [`push_f64`] for `float` members: formatted at single precision, so `1.1f32` is `1.1`.
pub fn push_f32(out: &mut String, value: f32) {
    use fmt::Write;
    match non_finite_name(f64::from(value)) {
        Some(name) => out.push_str(name),
        None => {
            let _ = write!(out, "{value:?}");
        }
    }
}

/// Smithy's names for the non-finite floats.
pub fn non_finite_name(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value == f64::INFINITY {
        Some("Infinity")
    } else if value == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// Parses a float from a header or similar; accepts `NaN`, `Infinity`, `-Infinity`.
pub fn parse_f64(text: &str) -> Option<f64> {
    match text.trim() {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        other
            if other
                .bytes()
                .any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') =>
        {
            None
        }
        other => other.parse().ok(),
    }
}

/// Parses a header boolean (`true` / `false`, as Smithy writes them).
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Header lists

/// Joins list members into one header value with `, `. A member containing `,` or `"` (or with
/// surrounding whitespace, which splitting would trim) is quoted, with `"` and `\` escaped.
pub fn join_header_list<I>(items: I) -> String
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_header_list_item(&mut out, item.as_ref());
    }
    out
}

fn push_header_list_item(out: &mut String, item: &str) {
    let needs_quotes = item.contains([',', '"']) || item.trim() != item;
    if !needs_quotes {
        out.push_str(item);
        return;
    }
    out.push('"');
    for c in item.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

/// Splits a header list value written by [`join_header_list`] (or by a service): members are
/// separated by commas, trimmed, and may be double-quoted with `\` escapes.
/// An empty or blank value is an empty list.
pub fn split_header_list(value: &str) -> Result<Vec<Cow<'_, str>>, HeaderListError> {
    let mut items = Vec::new();
    let mut rest = value.trim_start();
    if rest.is_empty() {
        return Ok(items);
    }
    loop {
        let (item, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let (item, after) = take_quoted(quoted, value)?;
            (item, after.trim_start())
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            (Cow::Borrowed(rest[..end].trim_end()), &rest[end..])
        };
        items.push(item);
        match after.strip_prefix(',') {
            Some(next) => rest = next.trim_start(),
            None if after.is_empty() => return Ok(items),
            None => return Err(HeaderListError::new(value, "text after a closing quote")),
        }
    }
}

/// Reads a quoted member whose opening quote was already consumed; returns it and the rest.
fn take_quoted<'v>(
    quoted: &'v str,
    whole: &str,
) -> Result<(Cow<'v, str>, &'v str), HeaderListError> {
    let mut unescaped: Option<String> = None;
    let mut chars = quoted.char_indices();
    let mut plain_end = 0;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let item = match unescaped {
                    Some(text) => Cow::Owned(text),
                    None => Cow::Borrowed(&quoted[..i]),
                };
                return Ok((item, &quoted[i + 1..]));
            }
            '\\' => {
                let text = unescaped.get_or_insert_with(|| quoted[..plain_end].to_owned());
                match chars.next() {
                    Some((_, escaped)) => text.push(escaped),
                    None => break,
                }
            }
            other => match unescaped.as_mut() {
                Some(text) => text.push(other),
                None => plain_end = i + other.len_utf8(),
            },
        }
    }
    Err(HeaderListError::new(whole, "unterminated quoted member"))
}

/// A header list value that cannot be split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderListError {
    value: String,
    reason: &'static str,
}

impl HeaderListError {
    fn new(value: &str, reason: &'static str) -> Self {
        HeaderListError {
            value: value.to_owned(),
            reason,
        }
    }
}

impl fmt::Display for HeaderListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid header list `{}`: {}", self.value, self.reason)
    }
}

impl std::error::Error for HeaderListError {}

/// Joins timestamps into one header value. Never quoted: HTTP dates contain a comma, and the
/// reader pairs the pieces back up (Smithy's `X-TimestampList` protocol test).
pub fn join_timestamp_list(items: &[DateTime], format: Format) -> Result<String, DateTimeError> {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        item.write_to(&mut out, format)?;
    }
    Ok(out)
}

/// Parses a header list of timestamps in `format`; HTTP dates are re-joined at their inner comma.
pub fn parse_timestamp_list(
    value: &str,
    format: Format,
) -> Result<Vec<DateTime>, TimestampListError> {
    let pieces = split_header_list(value).map_err(TimestampListError::List)?;
    let parse = |text: &str| DateTime::parse(text, format).map_err(TimestampListError::Timestamp);
    if format != Format::HttpDate {
        return pieces.iter().map(|p| parse(p)).collect();
    }
    let mut out = Vec::with_capacity(pieces.len() / 2);
    let mut iter = pieces.iter();
    while let Some(piece) = iter.next() {
        if piece.contains(',') {
            // Quoted by a lenient writer: the date arrives whole.
            out.push(parse(piece)?);
            continue;
        }
        let rest = iter.next().ok_or_else(|| {
            TimestampListError::List(HeaderListError::new(value, "incomplete http-date"))
        })?;
        out.push(parse(&format!("{piece}, {rest}"))?);
    }
    Ok(out)
}

/// A timestamp header list that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimestampListError {
    /// The list structure is broken.
    List(HeaderListError),
    /// A member is not a timestamp in the expected format.
    Timestamp(DateTimeError),
}

impl fmt::Display for TimestampListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimestampListError::List(e) => e.fmt(f),
            TimestampListError::Timestamp(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for TimestampListError {}

/// The value of a timestamp header (`@httpHeader` defaults to http-date).
pub fn timestamp_header(value: &DateTime, format: Format) -> Result<String, DateTimeError> {
    value.fmt(format)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(value: &str) -> String {
        let mut out = String::new();
        push_label(&mut out, value);
        out
    }

    #[test]
    fn required_labels_reject_unset_and_empty_values() {
        let mut out = String::from("/a/");
        assert_eq!(push_required_label(&mut out, Some("x y"), false), Some(()));
        assert_eq!(push_required_label::<&str>(&mut out, None, false), None);
        assert_eq!(push_required_label(&mut out, Some(""), true), None);
        assert_eq!(push_required_label(&mut out, Some(String::from("/b/c")), true), Some(()));
        assert_eq!(out, "/a/x%20yb/c");
    }

    #[test]
    fn labels_encode_everything_but_unreserved() {
        // restJson1 RestJsonHttpRequestLabelEscaping.
        assert_eq!(
            label(" %:/?#[]@!$&'()*+,;=😹"),
            "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9"
        );
        assert_eq!(label("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(label(""), "");
        assert_eq!(label("é"), "%C3%A9");
    }

    #[test]
    fn greedy_labels_keep_slashes() {
        let mut out = String::from("/HttpRequestWithGreedyLabelInPath/foo/");
        push_label(&mut out, "hello/escape");
        out.push_str("/baz/");
        push_greedy_label(&mut out, "there/guy");
        assert_eq!(
            out,
            "/HttpRequestWithGreedyLabelInPath/foo/hello%2Fescape/baz/there/guy"
        );
        let mut out = String::new();
        push_greedy_label(&mut out, "a b/c?d");
        assert_eq!(out, "a%20b/c%3Fd");
    }

    #[test]
    fn query_writer_separators() {
        let mut path = String::from("/AllQueryStringTypesInput");
        let mut query = QueryWriter::new(&mut path);
        query.pair("String", "Hello there");
        query.pair("Timestamp", "1970-01-01T00:00:01Z");
        query.pair("Empty", "");
        assert_eq!(path, "/AllQueryStringTypesInput?String=Hello%20there&Timestamp=1970-01-01T00%3A00%3A01Z&Empty=");
        let mut path = String::from("/ConstantQueryString/hi?foo=bar&hello");
        QueryWriter::new(&mut path).pair("a b", "c&d");
        assert_eq!(path, "/ConstantQueryString/hi?foo=bar&hello&a%20b=c%26d");
        let mut path = String::from("/");
        QueryWriter::new(&mut path).key_only("flag");
        assert_eq!(path, "/?flag");
    }

    #[test]
    fn base64_round_trips() {
        assert_eq!(base64_encode(b"value"), "dmFsdWU=");
        assert_eq!(base64_encode(b"true"), "dHJ1ZQ==");
        assert_eq!(base64_decode("dmFsdWU=").unwrap(), b"value");
        assert_eq!(base64_decode("dmFsdWU").unwrap(), b"value");
        assert_eq!(base64_decode("").unwrap(), b"");
        assert!(base64_decode("dmF$").is_err());
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(&base64_encode(&all)).unwrap(), all);
        let mut out = String::from("x");
        push_base64(&mut out, b"foo");
        assert_eq!(out, "xZm9v");
    }

    #[test]
    fn numbers_as_text() {
        let text = |f: &dyn Fn(&mut String)| {
            let mut out = String::new();
            f(&mut out);
            out
        };
        assert_eq!(text(&|o| push_i64(o, 0)), "0");
        assert_eq!(text(&|o| push_i64(o, i64::MIN)), "-9223372036854775808");
        assert_eq!(text(&|o| push_i64(o, i64::MAX)), "9223372036854775807");
        assert_eq!(text(&|o| push_f64(o, 1.1)), "1.1");
        assert_eq!(text(&|o| push_f64(o, f64::NAN)), "NaN");
        assert_eq!(text(&|o| push_f64(o, f64::INFINITY)), "Infinity");
        assert_eq!(text(&|o| push_f64(o, f64::NEG_INFINITY)), "-Infinity");
        assert_eq!(text(&|o| push_f32(o, 1.1)), "1.1");
        assert_eq!(text(&|o| push_f32(o, f32::NEG_INFINITY)), "-Infinity");
        assert_eq!(parse_f64("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(parse_f64("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_f64(" 1.5e3"), Some(1500.0));
        assert_eq!(parse_f64("inf"), None);
        assert_eq!(parse_f64("x"), None);
        assert_eq!(parse_bool("true"), Some(true));
        assert_eq!(parse_bool("TRUE"), None);
    }

    #[test]
    fn header_lists_quote_like_smithy() {
        // restJson1 RestJsonInputAndOutputWithQuotedStringHeaders.
        let joined = join_header_list(["b,c", "\"def\"", "a"]);
        assert_eq!(joined, r#""b,c", "\"def\"", a"#);
        assert_eq!(split_header_list(&joined).unwrap(), ["b,c", "\"def\"", "a"]);
        assert_eq!(join_header_list(["a", "b", "c"]), "a, b, c");
        assert_eq!(join_header_list(Vec::<String>::new()), "");
        assert_eq!(join_header_list([" padded"]), "\" padded\"");
        assert_eq!(split_header_list("\" padded\"").unwrap(), [" padded"]);
        assert_eq!(split_header_list("a,b ,  c").unwrap(), ["a", "b", "c"]);
        assert_eq!(split_header_list("").unwrap(), Vec::<Cow<str>>::new());
        assert_eq!(split_header_list("a,,b").unwrap(), ["a", "", "b"]);
        assert_eq!(
            split_header_list(r#""a\\b", "é\"x""#).unwrap(),
            ["a\\b", "é\"x"]
        );
        assert!(split_header_list("\"open").is_err());
        assert!(split_header_list("\"a\" b, c").is_err());
        assert!(matches!(
            split_header_list("\"plain\"").unwrap()[0],
            Cow::Borrowed("plain")
        ));
    }

    #[test]
    fn timestamp_header_lists() {
        let t = DateTime::from_secs(1576540098);
        let joined = join_timestamp_list(&[t, t], Format::HttpDate).unwrap();
        assert_eq!(
            joined,
            "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT"
        );
        assert_eq!(
            parse_timestamp_list(&joined, Format::HttpDate).unwrap(),
            [t, t]
        );
        let quoted = "\"Mon, 16 Dec 2019 23:48:18 GMT\", \"Mon, 16 Dec 2019 23:48:18 GMT\"";
        assert_eq!(
            parse_timestamp_list(quoted, Format::HttpDate).unwrap(),
            [t, t]
        );
        assert!(
            parse_timestamp_list("Mon, 16 Dec 2019 23:48:18 GMT, Mon", Format::HttpDate).is_err()
        );
        let joined = join_timestamp_list(&[t, t], Format::DateTime).unwrap();
        assert_eq!(joined, "2019-12-16T23:48:18Z, 2019-12-16T23:48:18Z");
        assert_eq!(
            parse_timestamp_list(&joined, Format::DateTime).unwrap(),
            [t, t]
        );
        assert_eq!(
            parse_timestamp_list("1576540098", Format::EpochSeconds).unwrap(),
            [t]
        );
        assert_eq!(
            timestamp_header(&t, Format::EpochSeconds).unwrap(),
            "1576540098"
        );
    }
}
