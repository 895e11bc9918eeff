//! SigV4 signing of event stream messages. Each message the client sends is wrapped in a message whose
//! headers are `:date` and `:chunk-signature` and whose payload is the encoded original; the signatures form a
//! chain seeded by the initial request's signature, and an empty signed message ends the stream.
//!
//! String to sign: `AWS4-HMAC-SHA256-PAYLOAD`, the date-time (`YYYYMMDDTHHMMSSZ`), the credential scope
//! (`YYYYMMDD/region/service/aws4_request`), the previous signature, and the hex SHA-256 of the encoded `:date`
//! header and of the payload, one per line. The HMAC and key derivation are aws-sigv4's.

use crate::runtime::credentials::Credentials;
use crate::runtime::datetime::{DateTime, Format};
use crate::runtime::event_message::{HeaderValue, Message};
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The payload hash the initial request is signed with when its body is signed message by message.
pub const STREAMING_PAYLOAD_HASH: &str = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

/// Signs the messages of one request, in order.
pub struct MessageSigner {
    credentials: Credentials,
    region: String,
    service: String,
    /// Hex signature of the previous message (at first, of the initial request).
    previous: String,
}

impl fmt::Debug for MessageSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageSigner").field("region", &self.region).field("service", &self.service).finish()
    }
}

impl MessageSigner {
    /// A signer continuing the chain from `seed_signature` (hex, the initial request's signature).
    pub fn new(credentials: Credentials, region: &str, service: &str, seed_signature: String) -> Self {
        MessageSigner { credentials, region: region.to_owned(), service: service.to_owned(), previous: seed_signature }
    }

    /// The signed wrapper of `payload` (an encoded message, or empty for the end of the stream), signed at `time`
    /// (whole seconds: the `:date` header and the string to sign must agree).
    pub fn sign(&mut self, payload: Bytes, time: SystemTime) -> Message {
        let seconds = time.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let time = UNIX_EPOCH + Duration::from_secs(seconds);
        let date = DateTime::from(time);
        let date_header = Message::new(Bytes::new()).header(":date", HeaderValue::Timestamp(date));
        let stamp = compact_date_time(date);
        let day = stamp.get(..8).unwrap_or_default();
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256-PAYLOAD\n{stamp}\n{day}/{}/{}/aws4_request\n{}\n{}\n{}",
            self.region,
            self.service,
            self.previous,
            sha256_hex(&encoded_headers(&date_header)),
            sha256_hex(&payload),
        );
        let key = aws_sigv4::sign::v4::generate_signing_key(
            self.credentials.secret_access_key(),
            time,
            &self.region,
            &self.service,
        );
        let signature = aws_sigv4::sign::v4::calculate_signature(key, string_to_sign.as_bytes());
        let signature_bytes = hex_decode(&signature);
        self.previous = signature;
        Message::new(payload)
            .header(":date", HeaderValue::Timestamp(date))
            .header(":chunk-signature", HeaderValue::Bytes(Bytes::from(signature_bytes)))
    }
}

/// The header section of `message` as encoded in a frame.
fn encoded_headers(message: &Message) -> Vec<u8> {
    let mut frame = Vec::new();
    // A message with one timestamp header always encodes; on the impossible failure the hash covers nothing.
    if message.encode_into(&mut frame).is_err() {
        return Vec::new();
    }
    let headers_len = frame.get(4..8).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize).unwrap_or(0);
    frame.get(12..12 + headers_len).map(<[u8]>::to_vec).unwrap_or_default()
}

/// `20241031T141514Z` from a whole-second time.
fn compact_date_time(date: DateTime) -> String {
    let text = date.fmt(Format::DateTime).unwrap_or_default();
    text.chars().filter(|c| *c != '-' && *c != ':').collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn hex_decode(text: &str) -> Vec<u8> {
    (0..text.len() / 2).filter_map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()).collect()
}

/// The inner message of a signed wrapper, `None` for the empty message that ends a signed stream; a message
/// without `:chunk-signature` is returned as it is.
pub fn unwrap_signed(message: Message) -> Result<Option<Message>, crate::runtime::event_message::FrameError> {
    if message.header_value(":chunk-signature").is_none() {
        return Ok(Some(message));
    }
    if message.payload().is_empty() {
        return Ok(None);
    }
    let mut inner = crate::runtime::event_decoder::decode_all(message.payload())?;
    match (inner.pop(), inner.is_empty()) {
        (Some(message), true) => Ok(Some(message)),
        _ => Err(crate::runtime::event_message::FrameError::InvalidHeader(
            "a signed message must wrap exactly one message".to_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature_hex(message: &Message) -> String {
        match message.header_value(":chunk-signature") {
            Some(HeaderValue::Bytes(b)) => b.iter().map(|b| format!("{b:02x}")).collect(),
            other => panic!("no signature: {other:?}"),
        }
    }

    /// Expected signatures computed independently (Python hmac/hashlib) from the documented string to sign.
    #[test]
    fn signature_chain_matches_an_independent_computation() {
        let credentials = Credentials::new("AKIDTEST", "SECRETTEST", None, None);
        let mut signer = MessageSigner::new(credentials, "us-east-1", "svc", "0".repeat(64));
        let time = UNIX_EPOCH + Duration::from_millis(1_730_384_114_900);
        let first = signer.sign(Bytes::from_static(b"hello"), time);
        assert_eq!(signature_hex(&first), "013c6400fabf7fb25598823204632ec4226bab747df289b499d9bba39b644b0d");
        assert_eq!(first.header_value(":date"), Some(&HeaderValue::Timestamp(DateTime::from_millis(1_730_384_114_000))));
        assert_eq!(first.payload().as_ref(), b"hello");
        let end = signer.sign(Bytes::new(), time);
        assert_eq!(signature_hex(&end), "ae6fa33972f28a6eeb8ba42541a22d47d1b7fce8119999c3fdff154099400822");
    }

    #[test]
    fn unwrapping_returns_the_inner_message_and_ends_at_the_empty_one() {
        let inner = Message::new(&b"{}"[..]).header(":message-type", HeaderValue::from("event"));
        let credentials = Credentials::new("AKIDTEST", "SECRETTEST", None, None);
        let mut signer = MessageSigner::new(credentials, "us-east-1", "svc", "0".repeat(64));
        let wrapped = signer.sign(Bytes::from(inner.encode().unwrap_or_default()), SystemTime::now());
        assert_eq!(unwrap_signed(wrapped), Ok(Some(inner.clone())));
        assert_eq!(unwrap_signed(signer.sign(Bytes::new(), SystemTime::now())), Ok(None));
        assert_eq!(unwrap_signed(inner.clone()), Ok(Some(inner)));
    }
}
