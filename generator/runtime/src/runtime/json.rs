//! JSON for the emitted serializers and deserializers.
//!
//! Writing: [`ObjectWriter`], [`ArrayWriter`] and [`ValueWriter`] append straight to a `String`
//! (no intermediate `Value`). Containers close themselves when dropped, so a forgotten
//! `finish()` cannot produce malformed JSON; calling it still reads better.
//!
//! Reading: bodies are parsed once into a `serde_json::Value`; the helpers below convert one
//! value each, naming the member in the error. JSON `null` means "absent": emitted code filters
//! it with [`non_null`] before converting.

use crate::runtime::blob::Blob;
use crate::runtime::datetime::{DateTime, DateTimeError, Format};
use crate::runtime::document::Document;
use crate::runtime::encoding;
use crate::runtime::number::{BigDecimal, BigInteger};
use serde_json::{Map, Value};
use std::fmt;

// Generated code reaches the type-directed readers through this module (one alias, `rt`).
pub use crate::runtime::json_traits::{member, value, FromJson, ToJson};

// =============================================================================================
// Writer

/// Writes a JSON object; keys are added with [`ObjectWriter::key`].
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Starts an object at the end of `out`.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, empty: true }
    }

    /// Writes `"key":` and returns the writer for its value (which must be written).
    pub fn key(&mut self, key: &str) -> ValueWriter<'_> {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        push_string(self.out, key);
        self.out.push(':');
        ValueWriter { out: self.out }
    }

    /// Closes the object (dropping the writer does the same).
    pub fn finish(self) {}
}

impl Drop for ObjectWriter<'_> {
    fn drop(&mut self) {
        self.out.push('}');
    }
}

/// Writes a JSON array; elements are added with [`ArrayWriter::value`].
pub struct ArrayWriter<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> ArrayWriter<'a> {
    /// Starts an array at the end of `out`.
    pub fn new(out: &'a mut String) -> Self {
        out.push('[');
        ArrayWriter { out, empty: true }
    }

    /// Returns the writer for the next element (which must be written).
    pub fn value(&mut self) -> ValueWriter<'_> {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        ValueWriter { out: self.out }
    }

    /// Closes the array (dropping the writer does the same).
    pub fn finish(self) {}
}

impl Drop for ArrayWriter<'_> {
    fn drop(&mut self) {
        self.out.push(']');
    }
}

/// Writes exactly one JSON value.
#[must_use = "a key or array slot needs a value"]
pub struct ValueWriter<'a> {
    out: &'a mut String,
}

impl<'a> ValueWriter<'a> {
    /// A writer for a top-level value at the end of `out`.
    pub fn new(out: &'a mut String) -> Self {
        ValueWriter { out }
    }

    /// A string, escaped.
    pub fn string(self, value: &str) {
        push_string(self.out, value);
    }

    /// `true` or `false`.
    pub fn boolean(self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// An integer (byte, short, integer, long and intEnum members).
    pub fn integer(self, value: i64) {
        encoding::push_i64(self.out, value);
    }

    /// A double; NaN and the infinities become the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    pub fn float(self, value: f64) {
        match encoding::non_finite_name(value) {
            Some(name) => push_quoted_ascii(self.out, name),
            None => encoding::push_f64(self.out, value),
        }
    }

    /// A `float` member, written at single precision (`1.1f32` is `1.1`, not `1.100000023841858`).
    pub fn float32(self, value: f32) {
        match encoding::non_finite_name(f64::from(value)) {
            Some(name) => push_quoted_ascii(self.out, name),
            None => encoding::push_f32(self.out, value),
        }
    }

    /// `null`.
    pub fn null(self) {
        self.out.push_str("null");
    }

    /// A document, written as is.
    pub fn document(self, value: &Document) {
        push_document(self.out, value);
    }

    /// Bytes as a base64 string.
    pub fn blob(self, value: &[u8]) {
        self.out.push('"');
        encoding::push_base64(self.out, value);
        self.out.push('"');
    }

    /// A timestamp: a number for epoch seconds, a string otherwise. Fails only for
    /// date-time / http-date instants outside years 0000..=9999 (then nothing is written).
    pub fn timestamp(self, value: &DateTime, format: Format) -> Result<(), DateTimeError> {
        if format == Format::EpochSeconds {
            return value.write_to(self.out, format);
        }
        let mark = self.out.len();
        self.out.push('"');
        match value.write_to(self.out, format) {
            Ok(()) => {
                self.out.push('"');
                Ok(())
            }
            Err(e) => {
                self.out.truncate(mark);
                Err(e)
            }
        }
    }

    /// A big integer as a JSON number.
    pub fn big_integer(self, value: &BigInteger) {
        push_number_text(self.out, value.as_str());
    }

    /// A big decimal as a JSON number.
    pub fn big_decimal(self, value: &BigDecimal) {
        push_number_text(self.out, value.as_str());
    }

    /// Starts a nested object.
    pub fn start_object(self) -> ObjectWriter<'a> {
        ObjectWriter::new(self.out)
    }

    /// Starts a nested array.
    pub fn start_array(self) -> ArrayWriter<'a> {
        ArrayWriter::new(self.out)
    }
}

fn push_quoted_ascii(out: &mut String, text: &str) {
    out.push('"');
    out.push_str(text);
    out.push('"');
}

/// Appends `value` as a JSON string. Only `"`, `\` and control characters are escaped;
/// everything else (including U+2028/U+2029, valid in JSON) is copied in runs.
pub fn push_string(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(value.len() + 2);
    out.push('"');
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0x00..=0x1F => "",
            _ => continue,
        };
        // Escaped bytes are ASCII, so run boundaries are char boundaries.
        if start < i {
            out.push_str(&value[start..i]);
        }
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    if start < bytes.len() {
        out.push_str(&value[start..]);
    }
    out.push('"');
}

/// Appends validated big-number text as a strict JSON number: no `+`, no leading zeros,
/// no bare `.` (`+007.` becomes `7`, `.5` becomes `0.5`).
fn push_number_text(out: &mut String, text: &str) {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let mantissa_end = unsigned.find(['e', 'E']).unwrap_or(unsigned.len());
    let (mantissa, exponent) = unsigned.split_at(mantissa_end);
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let int_part = int_part.trim_start_matches('0');
    if negative {
        out.push('-');
    }
    out.push_str(if int_part.is_empty() { "0" } else { int_part });
    if !frac_part.is_empty() {
        out.push('.');
        out.push_str(frac_part);
    }
    if let Some(exp) = exponent.get(1..) {
        out.push('e');
        let (sign, digits) = match exp.as_bytes().first() {
            Some(b'-') => ("-", &exp[1..]),
            Some(b'+') => ("", &exp[1..]),
            _ => ("", exp),
        };
        out.push_str(sign);
        out.push_str(digits);
    }
}

fn push_document(out: &mut String, value: &Value) {
    use fmt::Write;
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // serde_json's Display for numbers is valid JSON (it never holds NaN or infinities).
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => push_string(out, s),
        Value::Array(items) => {
            let mut array = ArrayWriter::new(out);
            for item in items {
                array.value().document(item);
            }
        }
        Value::Object(map) => {
            let mut object = ObjectWriter::new(out);
            for (key, item) in map {
                object.key(key).document(item);
            }
        }
    }
}

// =============================================================================================
// Reader

/// A JSON value that does not fit its shape, with the member path where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeserializeError {
    /// Innermost segment first; errors are rare, so the path is assembled on the way out.
    path: Vec<PathSegment>,
    message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum PathSegment {
    Member(&'static str),
    Index(usize),
    Key(String),
}

impl DeserializeError {
    /// An error at member (or shape) `context`.
    pub fn new(context: &'static str, message: impl Into<String>) -> Self {
        DeserializeError {
            path: vec![PathSegment::Member(context)],
            message: message.into(),
        }
    }

    /// An error about the whole body (no member path).
    pub fn body(message: impl Into<String>) -> Self {
        DeserializeError {
            path: Vec::new(),
            message: message.into(),
        }
    }

    /// Prefixes the path with an enclosing member: `DeleteAfterDays` becomes `Lifecycle.DeleteAfterDays`.
    pub fn at(mut self, member: &'static str) -> Self {
        self.path.push(PathSegment::Member(member));
        self
    }

    /// Prefixes the path with a list index: `Key` becomes `[2].Key`, then `Tags[2].Key` after `at("Tags")`.
    pub fn at_index(mut self, index: usize) -> Self {
        self.path.push(PathSegment::Index(index));
        self
    }

    /// Prefixes the path with a map key, shown as `["key"]`.
    pub fn at_key(mut self, key: &str) -> Self {
        self.path.push(PathSegment::Key(key.to_owned()));
        self
    }

    /// The path, outermost first, e.g. `Tags[2].Key`.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                PathSegment::Member(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                PathSegment::Index(i) => {
                    out.push('[');
                    encoding::push_i64(&mut out, *i as i64);
                    out.push(']');
                }
                PathSegment::Key(key) => {
                    out.push('[');
                    push_string(&mut out, key);
                    out.push(']');
                }
            }
        }
        out
    }

    /// What was wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "invalid JSON response: {}", self.message)
        } else {
            write!(
                f,
                "invalid JSON response at `{}`: {}",
                self.path(),
                self.message
            )
        }
    }
}

impl std::error::Error for DeserializeError {}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn mismatch(value: &Value, expected: &str, context: &'static str) -> DeserializeError {
    DeserializeError::new(
        context,
        format!("expected {expected}, found {}", kind_of(value)),
    )
}

/// Parses a response body; an empty (or all-whitespace) body is an empty object.
pub fn parse_body(body: &[u8]) -> Result<Value, DeserializeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(body).map_err(|e| DeserializeError::body(e.to_string()))
}

/// An output whose members are all in the JSON body: `into` reads the body's members into `builder` (an empty
/// body has none), `finish` builds the output.
pub fn read_body<B, T>(
    body: &[u8],
    builder: B,
    into: fn(&Value, B) -> Result<B, DeserializeError>,
    finish: fn(B) -> Result<T, DeserializeError>,
) -> Result<T, DeserializeError> {
    let builder = if body.is_empty() {
        builder
    } else {
        into(&parse_body(body)?, builder)?
    };
    finish(builder)
}

/// `None` for JSON `null`, which Smithy treats like an absent member.
pub fn non_null(value: &Value) -> Option<&Value> {
    match value {
        Value::Null => None,
        other => Some(other),
    }
}

// Shapes of reading for values the type-directed readers (`json_traits`) do not cover: timestamps in a format
// other than epoch seconds, alone or in collections (generated code passes the per-value reader as a closure).

/// A member value: `None` when `null`, otherwise `read` of it.
pub fn opt<T>(
    value: &Value,
    read: impl FnOnce(&Value) -> Result<T, DeserializeError>,
) -> Result<Option<T>, DeserializeError> {
    non_null(value).map(read).transpose()
}

/// An array's elements through `read`; `null` elements are skipped unless `keep_nulls` (then `read` gets them).
/// The one element loop behind [`list`], [`sparse_list`] and `FromJson for Vec<T>`.
pub fn elements<T>(
    value: &Value,
    context: &'static str,
    keep_nulls: bool,
    mut read: impl FnMut(&Value) -> Result<T, DeserializeError>,
) -> Result<Vec<T>, DeserializeError> {
    let items = array(value, context)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if keep_nulls || !item.is_null() {
            out.push(read(item)?);
        }
    }
    Ok(out)
}

/// An object's entries through `read`, like [`elements`]: the loop behind [`map`], [`sparse_map`] and
/// `FromJson for HashMap<String, T>`.
pub fn entries<T>(
    value: &Value,
    context: &'static str,
    keep_nulls: bool,
    mut read: impl FnMut(&Value) -> Result<T, DeserializeError>,
) -> Result<std::collections::HashMap<String, T>, DeserializeError> {
    let members = object(value, context)?;
    let mut out = std::collections::HashMap::with_capacity(members.len());
    for (key, item) in members {
        if keep_nulls || !item.is_null() {
            out.insert(key.clone(), read(item)?);
        }
    }
    Ok(out)
}

/// A dense list: `null` elements are skipped.
pub fn list<T>(
    value: &Value,
    context: &'static str,
    read: impl FnMut(&Value) -> Result<T, DeserializeError>,
) -> Result<Vec<T>, DeserializeError> {
    elements(value, context, false, read)
}

/// A sparse list: `null` elements are kept as `None`.
pub fn sparse_list<T>(
    value: &Value,
    context: &'static str,
    mut read: impl FnMut(&Value) -> Result<T, DeserializeError>,
) -> Result<Vec<Option<T>>, DeserializeError> {
    elements(value, context, true, |item| opt(item, &mut read))
}

/// A dense map: entries with `null` values are skipped.
pub fn map<T>(
    value: &Value,
    context: &'static str,
    read: impl FnMut(&Value) -> Result<T, DeserializeError>,
) -> Result<std::collections::HashMap<String, T>, DeserializeError> {
    entries(value, context, false, read)
}

/// A sparse map: `null` values are kept as `None`.
pub fn sparse_map<T>(
    value: &Value,
    context: &'static str,
    mut read: impl FnMut(&Value) -> Result<T, DeserializeError>,
) -> Result<std::collections::HashMap<String, Option<T>>, DeserializeError> {
    entries(value, context, true, |item| opt(item, &mut read))
}

/// An object's members.
pub fn object<'v>(
    value: &'v Value,
    context: &'static str,
) -> Result<&'v Map<String, Value>, DeserializeError> {
    value
        .as_object()
        .ok_or_else(|| mismatch(value, "an object", context))
}

/// An array's elements.
pub fn array<'v>(value: &'v Value, context: &'static str) -> Result<&'v [Value], DeserializeError> {
    match value {
        Value::Array(items) => Ok(items),
        other => Err(mismatch(other, "an array", context)),
    }
}

/// A string, borrowed from the document.
pub fn string<'v>(value: &'v Value, context: &'static str) -> Result<&'v str, DeserializeError> {
    value
        .as_str()
        .ok_or_else(|| mismatch(value, "a string", context))
}

/// A boolean.
pub fn boolean(value: &Value, context: &'static str) -> Result<bool, DeserializeError> {
    value
        .as_bool()
        .ok_or_else(|| mismatch(value, "a boolean", context))
}

/// Any JSON integer (an integral float such as `3.0` is accepted too) as `i64`.
fn integer(
    value: &Value,
    context: &'static str,
    type_name: &'static str,
) -> Result<i64, DeserializeError> {
    let Value::Number(number) = value else {
        return Err(mismatch(value, "an integer", context));
    };
    if let Some(v) = number.as_i64() {
        return Ok(v);
    }
    let out_of_range =
        || DeserializeError::new(context, format!("{number} is out of range for {type_name}"));
    if number.is_u64() {
        return Err(out_of_range());
    }
    match number.as_f64() {
        // i64::MIN is exactly representable; i64::MAX rounds up to 2^63, which is out of range.
        Some(f) if f.fract() == 0.0 && (i64::MIN as f64..-(i64::MIN as f64)).contains(&f) => {
            Ok(f as i64)
        }
        Some(f) if f.fract() == 0.0 => Err(out_of_range()),
        _ => Err(DeserializeError::new(
            context,
            format!("expected an integer, found {number}"),
        )),
    }
}

macro_rules! integer_reader {
    ($name:ident, $ty:ty, $type_name:literal) => {
        #[doc = concat!("An integer that must fit `", stringify!($ty), "`.")]
        pub fn $name(value: &Value, context: &'static str) -> Result<$ty, DeserializeError> {
            let wide = integer(value, context, $type_name)?;
            <$ty>::try_from(wide).map_err(|_| {
                DeserializeError::new(
                    context,
                    format!("{wide} is out of range for {}", $type_name),
                )
            })
        }
    };
}

integer_reader!(i8, i8, "a byte");
integer_reader!(i16, i16, "a short");
integer_reader!(i32, i32, "an integer");
integer_reader!(i64, i64, "a long");

/// A double: a JSON number or one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub fn f64(value: &Value, context: &'static str) -> Result<f64, DeserializeError> {
    match value {
        Value::Number(n) => n
            .as_f64()
            .ok_or_else(|| mismatch(value, "a number", context)),
        Value::String(s) => match s.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(DeserializeError::new(
                context,
                format!("expected a number, found the string {s:?}"),
            )),
        },
        other => Err(mismatch(other, "a number", context)),
    }
}

/// A float (single precision); like [`f64()`].
pub fn f32(value: &Value, context: &'static str) -> Result<f32, DeserializeError> {
    f64(value, context).map(|v| v as f32)
}

/// A base64 string.
pub fn blob(value: &Value, context: &'static str) -> Result<Blob, DeserializeError> {
    let text = string(value, context)?;
    encoding::base64_decode(text)
        .map(Blob::from)
        .map_err(|e| DeserializeError::new(context, e.to_string()))
}

/// A timestamp. A JSON number is always read as epoch seconds (what services send by default);
/// a string is parsed in `format`.
pub fn timestamp(
    value: &Value,
    format: Format,
    context: &'static str,
) -> Result<DateTime, DeserializeError> {
    let parsed = match value {
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(secs), _) => Ok(DateTime::from_secs(secs)),
            (None, Some(secs)) => DateTime::from_secs_f64(secs),
            (None, None) => return Err(mismatch(value, "a timestamp", context)),
        },
        Value::String(s) => DateTime::parse(s, format),
        other => return Err(mismatch(other, "a timestamp", context)),
    };
    parsed.map_err(|e| DeserializeError::new(context, e.to_string()))
}

/// A big integer from a JSON number or numeric string.
pub fn big_integer(value: &Value, context: &'static str) -> Result<BigInteger, DeserializeError> {
    let text = number_text(value, context)?;
    text.parse()
        .map_err(|e: crate::runtime::number::ParseNumberError| {
            DeserializeError::new(context, e.to_string())
        })
}

/// A big decimal from a JSON number or numeric string.
pub fn big_decimal(value: &Value, context: &'static str) -> Result<BigDecimal, DeserializeError> {
    let text = number_text(value, context)?;
    text.parse()
        .map_err(|e: crate::runtime::number::ParseNumberError| {
            DeserializeError::new(context, e.to_string())
        })
}

fn number_text(value: &Value, context: &'static str) -> Result<String, DeserializeError> {
    match value {
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) => Ok(s.clone()),
        other => Err(mismatch(other, "a number", context)),
    }
}

/// A document: any JSON value, copied.
pub fn document(value: &Value, _context: &'static str) -> Result<Document, DeserializeError> {
    Ok(value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn write(f: impl FnOnce(ValueWriter<'_>)) -> String {
        let mut out = String::new();
        f(ValueWriter::new(&mut out));
        out
    }

    #[test]
    fn nested_structures_are_valid_json() {
        let mut out = String::new();
        let mut root = ObjectWriter::new(&mut out);
        root.key("stringValue").string("string");
        root.key("trueBooleanValue").boolean(true);
        root.key("integerValue").integer(-3);
        root.key("floatValue").float32(5.5);
        root.key("DoubleDribble").float(6.5);
        {
            let mut list = root.key("list").start_array();
            list.value().string("a");
            let mut inner = list.value().start_object();
            inner.key("k").null();
            inner.finish();
            list.value().start_array().finish();
            list.finish();
        }
        root.key("empty").start_object().finish();
        root.finish();
        assert_eq!(
            out,
            r#"{"stringValue":"string","trueBooleanValue":true,"integerValue":-3,"floatValue":5.5,"DoubleDribble":6.5,"list":["a",{"k":null},[]],"empty":{}}"#
        );
        let parsed: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(parsed["list"][1], json!({"k": null}));
    }

    #[test]
    fn dropped_writers_close_their_containers() {
        let mut out = String::new();
        {
            let mut root = ObjectWriter::new(&mut out);
            let mut list = root.key("a").start_array();
            list.value().integer(1);
        }
        assert_eq!(out, r#"{"a":[1]}"#);
    }

    #[test]
    fn string_escaping() {
        let cases = [
            ("plain", r#""plain""#),
            ("quote\"back\\slash", r#""quote\"back\\slash""#),
            ("\n\r\t\u{8}\u{c}", r#""\n\r\t\b\f""#),
            ("\u{0}\u{1f}\u{7f}", "\"\\u0000\\u001f\u{7f}\""),
            ("line\u{2028}sep\u{2029}", "\"line\u{2028}sep\u{2029}\""),
            ("é😹/<>", "\"é😹/<>\""),
            ("", r#""""#),
        ];
        for (input, expected) in cases {
            let out = write(|w| w.string(input));
            assert_eq!(out, expected);
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), input);
        }
    }

    #[test]
    fn floats_follow_smithy() {
        assert_eq!(write(|w| w.float(f64::NAN)), r#""NaN""#);
        assert_eq!(write(|w| w.float(f64::INFINITY)), r#""Infinity""#);
        assert_eq!(write(|w| w.float32(f32::NEG_INFINITY)), r#""-Infinity""#);
        assert_eq!(write(|w| w.float(1234.5)), "1234.5");
        assert_eq!(write(|w| w.float32(1.1)), "1.1");
        for value in [
            0.1,
            -0.0,
            1e300,
            1e-7,
            123456789.12345679,
            f64::MAX,
            f64::MIN_POSITIVE,
            5.0,
        ] {
            let out = write(|w| w.float(value));
            assert_eq!(serde_json::from_str::<f64>(&out).unwrap(), value, "{out}");
        }
    }

    #[test]
    fn integers_blobs_and_big_numbers() {
        assert_eq!(write(|w| w.integer(i64::MIN)), "-9223372036854775808");
        assert_eq!(write(|w| w.blob(b"value")), r#""dmFsdWU=""#);
        assert_eq!(write(|w| w.blob(b"")), r#""""#);
        let big: BigInteger = "+00123456789012345678901234567890".parse().unwrap();
        assert_eq!(
            write(|w| w.big_integer(&big)),
            "123456789012345678901234567890"
        );
        for (text, expected) in [
            (".5", "0.5"),
            ("-1.", "-1"),
            ("+2.50E+3", "2.50e3"),
            ("-0.0e-7", "-0.0e-7"),
            ("000", "0"),
        ] {
            let value: BigDecimal = text.parse().unwrap();
            let out = write(|w| w.big_decimal(&value));
            assert_eq!(out, expected);
            assert!(
                serde_json::from_str::<Value>(&out).is_ok(),
                "{out} is not JSON"
            );
        }
    }

    #[test]
    fn timestamps_by_format() {
        let t = DateTime::from_secs(1398796238);
        assert_eq!(
            write(|w| w.timestamp(&t, Format::EpochSeconds).unwrap()),
            "1398796238"
        );
        assert_eq!(
            write(|w| w.timestamp(&t, Format::DateTime).unwrap()),
            r#""2014-04-29T18:30:38Z""#
        );
        assert_eq!(
            write(|w| w.timestamp(&t, Format::HttpDate).unwrap()),
            r#""Tue, 29 Apr 2014 18:30:38 GMT""#
        );
        let frac = DateTime::from_secs_and_nanos(946845296, 123_000_000);
        assert_eq!(
            write(|w| w.timestamp(&frac, Format::EpochSeconds).unwrap()),
            "946845296.123"
        );
        let far = DateTime::from_secs(i64::MAX);
        assert_eq!(
            write(|w| assert!(w.timestamp(&far, Format::DateTime).is_err())),
            ""
        );
    }

    #[test]
    fn documents_round_trip() {
        let doc = json!({"a": [1, 2.5, "x\"y", null, true], "b": {"c": {}}, "n": -7});
        let out = write(|w| w.document(&doc));
        assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), doc);
        assert_eq!(document(&doc, "Doc").unwrap(), doc);
    }

    #[test]
    fn reading_scalars() {
        let v = json!({
            "s": "text", "b": true, "i": 300, "neg": -129, "f": 1234.5, "nan": "NaN",
            "inf": "Infinity", "ninf": "-Infinity", "blob": "dmFsdWU=", "big": 18446744073709551615u64,
            "whole": 3.0, "null": null
        });
        let obj = object(&v, "Shape").unwrap();
        assert_eq!(string(&obj["s"], "s").unwrap(), "text");
        assert!(boolean(&obj["b"], "b").unwrap());
        assert_eq!(i16(&obj["i"], "i").unwrap(), 300);
        assert_eq!(i32(&obj["whole"], "whole").unwrap(), 3);
        assert_eq!(
            i8(&obj["i"], "i").unwrap_err().to_string(),
            "invalid JSON response at `i`: 300 is out of range for a byte"
        );
        assert!(i8(&obj["neg"], "neg").is_err());
        assert_eq!(i64(&obj["neg"], "neg").unwrap(), -129);
        assert!(i64(&obj["big"], "big").is_err());
        assert!(i64(&obj["f"], "f").is_err());
        assert_eq!(f64(&obj["f"], "f").unwrap(), 1234.5);
        assert_eq!(f32(&obj["f"], "f").unwrap(), 1234.5);
        assert!(f64(&obj["nan"], "nan").unwrap().is_nan());
        assert_eq!(f64(&obj["inf"], "inf").unwrap(), f64::INFINITY);
        assert_eq!(f32(&obj["ninf"], "ninf").unwrap(), f32::NEG_INFINITY);
        assert!(f64(&obj["s"], "s").is_err());
        assert_eq!(blob(&obj["blob"], "blob").unwrap().as_ref(), b"value");
        assert!(blob(&json!("not base64!"), "s").is_err());
        assert_eq!(
            big_integer(&obj["big"], "big").unwrap().as_str(),
            "18446744073709551615"
        );
        assert!(big_integer(&obj["f"], "f").is_err());
        assert_eq!(big_decimal(&obj["f"], "f").unwrap().as_str(), "1234.5");
        assert!(non_null(&obj["null"]).is_none());
        assert!(non_null(&obj["s"]).is_some());
        assert_eq!(array(&json!([1, 2]), "l").unwrap().len(), 2);
        assert_eq!(
            string(&obj["b"], "s").unwrap_err().to_string(),
            "invalid JSON response at `s`: expected a string, found a boolean"
        );
    }

    #[test]
    fn reading_timestamps() {
        let t = DateTime::from_secs(946845296);
        assert_eq!(
            timestamp(&json!(946845296), Format::EpochSeconds, "t").unwrap(),
            t
        );
        assert_eq!(
            timestamp(&json!(946845296.123), Format::EpochSeconds, "t").unwrap(),
            DateTime::from_secs_and_nanos(946845296, 123_000_000)
        );
        assert_eq!(
            timestamp(&json!("2000-01-02T20:34:56Z"), Format::DateTime, "t").unwrap(),
            t
        );
        assert_eq!(
            timestamp(
                &json!("Sun, 02 Jan 2000 20:34:56 GMT"),
                Format::HttpDate,
                "t"
            )
            .unwrap(),
            t
        );
        assert_eq!(
            timestamp(&json!(946845296), Format::DateTime, "t").unwrap(),
            t
        );
        let err = timestamp(&json!("2000-13-02T20:34:56Z"), Format::DateTime, "When").unwrap_err();
        assert_eq!(err.path(), "When");
        assert!(timestamp(&json!(true), Format::DateTime, "t").is_err());
    }

    #[test]
    fn error_paths_nest() {
        let err = DeserializeError::new("Key", "expected a string, found a number")
            .at_index(2)
            .at("Tags")
            .at("Output");
        assert_eq!(err.path(), "Output.Tags[2].Key");
        let err = DeserializeError::new("Value", "bad")
            .at_key("a\"b")
            .at("Map");
        assert_eq!(err.path(), r#"Map["a\"b"].Value"#);
        assert_eq!(
            DeserializeError::body("eof").to_string(),
            "invalid JSON response: eof"
        );
    }

    #[test]
    fn parsing_bodies() {
        assert_eq!(parse_body(b"").unwrap(), json!({}));
        assert_eq!(parse_body(b" \n").unwrap(), json!({}));
        assert_eq!(parse_body(br#"{"a":1}"#).unwrap(), json!({"a": 1}));
        assert!(parse_body(b"{").is_err());
    }

    #[test]
    fn collection_readers_skip_or_keep_nulls() {
        let v: Value = serde_json::from_str(r#"{"l": ["a", null, "b"], "m": {"x": 1, "y": null}, "s": null}"#).unwrap();
        let read = |v: &Value| string(v, "l").map(str::to_owned);
        assert_eq!(list(&v["l"], "l", read).unwrap(), ["a", "b"]);
        assert_eq!(sparse_list(&v["l"], "l", read).unwrap(), [Some("a".to_owned()), None, Some("b".to_owned())]);
        let m = map(&v["m"], "m", |v| i32(v, "m")).unwrap();
        assert_eq!((m.len(), m.get("x")), (1, Some(&1)));
        let m = sparse_map(&v["m"], "m", |v| i32(v, "m")).unwrap();
        assert_eq!((m.get("x"), m.get("y")), (Some(&Some(1)), Some(&None)));
        assert_eq!(opt(&v["s"], |v| boolean(v, "s")).unwrap(), None);
        assert!(opt(&v["l"][0], |v| boolean(v, "s")).is_err());
        assert!(list(&v["m"], "m", read).is_err());
    }
}
