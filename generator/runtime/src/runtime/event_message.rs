//! One message of the AWS event stream encoding (`application/vnd.amazon.eventstream`) and its encoder.
//!
//! Frame layout (all integers big-endian):
//! `total length (u32) | headers length (u32) | prelude CRC32 (u32) | headers | payload | message CRC32 (u32)`.
//! The prelude CRC covers the first 8 bytes; the message CRC covers everything before it. A header is
//! `name length (u8) | name (UTF-8) | type (u8) | value`, the value's encoding depending on the type.

use crate::runtime::datetime::DateTime;
use bytes::Bytes;
use std::fmt;

/// Bytes of the prelude (two lengths and the prelude CRC).
pub const PRELUDE_LEN: usize = 12;
/// Bytes of the trailing message CRC.
pub const MESSAGE_CRC_LEN: usize = 4;
/// The smallest frame: a prelude and a message CRC, nothing else.
pub const MIN_MESSAGE_LEN: usize = PRELUDE_LEN + MESSAGE_CRC_LEN;
/// The largest frame the codec encodes or accepts (the service limit: 16 MiB).
pub const MAX_MESSAGE_LEN: usize = 16 * 1024 * 1024;
/// The largest header section the codec encodes or accepts (the service limit: 128 KiB).
pub const MAX_HEADERS_LEN: usize = 128 * 1024;

/// A typed header value; the variant decides the wire type byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValue {
    /// Types 0 (true) and 1 (false): no value bytes.
    Bool(bool),
    /// Type 2: one signed byte.
    Byte(i8),
    /// Type 3: a signed 16-bit integer.
    Short(i16),
    /// Type 4: a signed 32-bit integer.
    Int(i32),
    /// Type 5: a signed 64-bit integer.
    Long(i64),
    /// Type 6: bytes with a 16-bit length.
    Bytes(Bytes),
    /// Type 7: UTF-8 text with a 16-bit length.
    String(String),
    /// Type 8: milliseconds since the epoch, as a signed 64-bit integer.
    Timestamp(DateTime),
    /// Type 9: 16 bytes.
    Uuid([u8; 16]),
}

impl HeaderValue {
    /// The wire type byte (the first of the two boolean types for `Bool(true)`).
    pub fn type_byte(&self) -> u8 {
        match self {
            HeaderValue::Bool(true) => 0,
            HeaderValue::Bool(false) => 1,
            HeaderValue::Byte(_) => 2,
            HeaderValue::Short(_) => 3,
            HeaderValue::Int(_) => 4,
            HeaderValue::Long(_) => 5,
            HeaderValue::Bytes(_) => 6,
            HeaderValue::String(_) => 7,
            HeaderValue::Timestamp(_) => 8,
            HeaderValue::Uuid(_) => 9,
        }
    }

    /// The text of a `String` value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            HeaderValue::String(s) => Some(s),
            _ => None,
        }
    }
}

/// One event stream message: ordered headers and an opaque payload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    headers: Vec<(String, HeaderValue)>,
    payload: Bytes,
}

/// Why a message cannot be encoded or a frame cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FrameError {
    /// The prelude's CRC does not match its bytes.
    PreludeChecksum {
        /// The CRC in the frame.
        expected: u32,
        /// The CRC of the bytes received.
        actual: u32,
    },
    /// The message CRC does not match the frame's bytes.
    MessageChecksum {
        /// The CRC in the frame.
        expected: u32,
        /// The CRC of the bytes received.
        actual: u32,
    },
    /// The total length is below the minimum or the headers do not fit in it.
    InvalidLength {
        /// The declared total length.
        total: u32,
        /// The declared headers length.
        headers: u32,
    },
    /// The message is (or would be) larger than [`MAX_MESSAGE_LEN`] or its headers than [`MAX_HEADERS_LEN`].
    TooLarge {
        /// The size in bytes.
        len: usize,
        /// The limit it exceeds.
        limit: usize,
    },
    /// A header is malformed (truncated, unknown type, invalid UTF-8, name or value too long).
    InvalidHeader(String),
    /// The input ended inside a frame.
    Truncated {
        /// The bytes of the incomplete frame.
        buffered: usize,
    },
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::PreludeChecksum { expected, actual } => {
                write!(f, "prelude CRC mismatch: frame says {expected:#010x}, bytes give {actual:#010x}")
            }
            FrameError::MessageChecksum { expected, actual } => {
                write!(f, "message CRC mismatch: frame says {expected:#010x}, bytes give {actual:#010x}")
            }
            FrameError::InvalidLength { total, headers } => {
                write!(f, "invalid frame lengths: total {total}, headers {headers}")
            }
            FrameError::TooLarge { len, limit } => write!(f, "{len} bytes exceed the limit of {limit}"),
            FrameError::InvalidHeader(why) => write!(f, "invalid header: {why}"),
            FrameError::Truncated { buffered } => {
                write!(f, "the stream ended inside a frame ({buffered} bytes buffered)")
            }
        }
    }
}

impl std::error::Error for FrameError {}

impl Message {
    /// A message with this payload and no headers.
    pub fn new(payload: impl Into<Bytes>) -> Self {
        Message { headers: Vec::new(), payload: payload.into() }
    }

    /// Appends a header (names are not deduplicated; the encoding allows repeats).
    pub fn header(mut self, name: impl Into<String>, value: HeaderValue) -> Self {
        self.headers.push((name.into(), value));
        self
    }

    /// Appends a header in place.
    pub fn add_header(&mut self, name: impl Into<String>, value: HeaderValue) {
        self.headers.push((name.into(), value));
    }

    /// Replaces the payload.
    pub fn set_payload(&mut self, payload: impl Into<Bytes>) {
        self.payload = payload.into();
    }

    /// The headers in order.
    pub fn headers(&self) -> &[(String, HeaderValue)] {
        &self.headers
    }

    /// The first header of that name (names are case-sensitive).
    pub fn header_value(&self, name: &str) -> Option<&HeaderValue> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The payload.
    pub fn payload(&self) -> &Bytes {
        &self.payload
    }

    /// The message as one frame.
    pub fn encode(&self) -> Result<Vec<u8>, FrameError> {
        let mut out = Vec::new();
        self.encode_into(&mut out)?;
        Ok(out)
    }

    /// Appends the message as one frame to `out` (left unchanged on error).
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), FrameError> {
        let mut headers = Vec::new();
        for (name, value) in &self.headers {
            write_header(&mut headers, name, value)?;
        }
        if headers.len() > MAX_HEADERS_LEN {
            return Err(FrameError::TooLarge { len: headers.len(), limit: MAX_HEADERS_LEN });
        }
        let total = MIN_MESSAGE_LEN + headers.len() + self.payload.len();
        if total > MAX_MESSAGE_LEN {
            return Err(FrameError::TooLarge { len: total, limit: MAX_MESSAGE_LEN });
        }
        // Both lengths are below the limits checked above, so they fit in u32.
        let start = out.len();
        out.reserve(total);
        out.extend_from_slice(&(total as u32).to_be_bytes());
        out.extend_from_slice(&(headers.len() as u32).to_be_bytes());
        let prelude_crc = crc32fast::hash(&out[start..start + 8]);
        out.extend_from_slice(&prelude_crc.to_be_bytes());
        out.extend_from_slice(&headers);
        out.extend_from_slice(&self.payload);
        let message_crc = crc32fast::hash(&out[start..]);
        out.extend_from_slice(&message_crc.to_be_bytes());
        Ok(())
    }
}

fn write_header(out: &mut Vec<u8>, name: &str, value: &HeaderValue) -> Result<(), FrameError> {
    let name_len = u8::try_from(name.len())
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| FrameError::InvalidHeader(format!("name `{name}` must be 1 to 255 bytes")))?;
    out.push(name_len);
    out.extend_from_slice(name.as_bytes());
    out.push(value.type_byte());
    let with_len = |out: &mut Vec<u8>, bytes: &[u8]| {
        let len = u16::try_from(bytes.len())
            .map_err(|_| FrameError::InvalidHeader(format!("value of `{name}` is longer than 65535 bytes")))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(bytes);
        Ok::<(), FrameError>(())
    };
    match value {
        HeaderValue::Bool(_) => {}
        HeaderValue::Byte(v) => out.extend_from_slice(&v.to_be_bytes()),
        HeaderValue::Short(v) => out.extend_from_slice(&v.to_be_bytes()),
        HeaderValue::Int(v) => out.extend_from_slice(&v.to_be_bytes()),
        HeaderValue::Long(v) => out.extend_from_slice(&v.to_be_bytes()),
        HeaderValue::Bytes(v) => with_len(out, v)?,
        HeaderValue::String(v) => with_len(out, v.as_bytes())?,
        HeaderValue::Timestamp(v) => {
            let millis = v
                .to_millis()
                .ok_or_else(|| FrameError::InvalidHeader(format!("timestamp of `{name}` is out of range")))?;
            out.extend_from_slice(&millis.to_be_bytes());
        }
        HeaderValue::Uuid(v) => out.extend_from_slice(v),
    }
    Ok(())
}

/// Reads the header section of a frame (already length- and CRC-checked).
pub(crate) fn read_headers(mut bytes: &[u8]) -> Result<Vec<(String, HeaderValue)>, FrameError> {
    let truncated = || FrameError::InvalidHeader("truncated header".to_owned());
    let mut headers = Vec::new();
    while let Some((&name_len, rest)) = bytes.split_first() {
        let (name, rest) = split(rest, usize::from(name_len)).ok_or_else(truncated)?;
        let name = std::str::from_utf8(name)
            .map_err(|_| FrameError::InvalidHeader("name is not UTF-8".to_owned()))?
            .to_owned();
        let (&type_byte, rest) = rest.split_first().ok_or_else(truncated)?;
        let (value, rest) = read_value(type_byte, rest).ok_or_else(truncated)??;
        headers.push((name, value));
        bytes = rest;
    }
    Ok(headers)
}

/// The value of `type_byte` at the start of `bytes` and the bytes after it; `None` when truncated.
#[allow(clippy::type_complexity)]
fn read_value(type_byte: u8, bytes: &[u8]) -> Option<Result<(HeaderValue, &[u8]), FrameError>> {
    let fixed = |n: usize| split(bytes, n);
    let value = match type_byte {
        0 => (HeaderValue::Bool(true), bytes),
        1 => (HeaderValue::Bool(false), bytes),
        2 => fixed(1).map(|(v, r)| (HeaderValue::Byte(i8::from_be_bytes([v[0]])), r))?,
        3 => fixed(2).map(|(v, r)| (HeaderValue::Short(i16::from_be_bytes([v[0], v[1]])), r))?,
        4 => fixed(4).map(|(v, r)| (HeaderValue::Int(i32::from_be_bytes(array(v))), r))?,
        5 => fixed(8).map(|(v, r)| (HeaderValue::Long(i64::from_be_bytes(array(v))), r))?,
        6 | 7 => {
            let (len, rest) = fixed(2)?;
            let (v, rest) = split(rest, usize::from(u16::from_be_bytes([len[0], len[1]])))?;
            if type_byte == 6 {
                (HeaderValue::Bytes(Bytes::copy_from_slice(v)), rest)
            } else {
                match std::str::from_utf8(v) {
                    Ok(text) => (HeaderValue::String(text.to_owned()), rest),
                    Err(_) => return Some(Err(FrameError::InvalidHeader("string value is not UTF-8".to_owned()))),
                }
            }
        }
        8 => fixed(8).map(|(v, r)| (HeaderValue::Timestamp(DateTime::from_millis(i64::from_be_bytes(array(v)))), r))?,
        9 => fixed(16).map(|(v, r)| (HeaderValue::Uuid(array(v)), r))?,
        other => return Some(Err(FrameError::InvalidHeader(format!("unknown value type {other}")))),
    };
    Some(Ok(value))
}

fn split(bytes: &[u8], n: usize) -> Option<(&[u8], &[u8])> {
    (bytes.len() >= n).then(|| bytes.split_at(n))
}

/// The first `N` bytes as an array (callers pass slices of exactly `N` bytes).
fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes[..N]);
    out
}

impl From<bool> for HeaderValue {
    fn from(v: bool) -> Self {
        HeaderValue::Bool(v)
    }
}
impl From<i8> for HeaderValue {
    fn from(v: i8) -> Self {
        HeaderValue::Byte(v)
    }
}
impl From<i16> for HeaderValue {
    fn from(v: i16) -> Self {
        HeaderValue::Short(v)
    }
}
impl From<i32> for HeaderValue {
    fn from(v: i32) -> Self {
        HeaderValue::Int(v)
    }
}
impl From<i64> for HeaderValue {
    fn from(v: i64) -> Self {
        HeaderValue::Long(v)
    }
}
impl From<&str> for HeaderValue {
    fn from(v: &str) -> Self {
        HeaderValue::String(v.to_owned())
    }
}
impl From<String> for HeaderValue {
    fn from(v: String) -> Self {
        HeaderValue::String(v)
    }
}
impl From<&crate::runtime::blob::Blob> for HeaderValue {
    fn from(v: &crate::runtime::blob::Blob) -> Self {
        HeaderValue::Bytes(Bytes::copy_from_slice(v.as_slice()))
    }
}
impl From<DateTime> for HeaderValue {
    fn from(v: DateTime) -> Self {
        HeaderValue::Timestamp(v)
    }
}
