//! Incremental decoder of event stream frames: fed bytes as they arrive, in chunks of any size, it yields whole
//! messages and rejects bad lengths and CRCs with a [`FrameError`] instead of reading (or allocating) further.

use crate::runtime::event_message::{
    read_headers, FrameError, Message, MAX_HEADERS_LEN, MAX_MESSAGE_LEN, MESSAGE_CRC_LEN, MIN_MESSAGE_LEN,
    PRELUDE_LEN,
};
use bytes::{Buf, BytesMut};

/// Buffers input until a whole frame is present, then decodes it.
#[derive(Debug, Default)]
pub struct MessageDecoder {
    buffer: BytesMut,
    /// Set after the first error: the stream cannot be resynchronised, so every later call fails the same way.
    failed: Option<FrameError>,
}

impl MessageDecoder {
    /// An empty decoder.
    pub fn new() -> Self {
        MessageDecoder::default()
    }

    /// Appends received bytes.
    pub fn feed(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            self.buffer.extend_from_slice(bytes);
        }
    }

    /// The next whole message, `Ok(None)` when more bytes are needed.
    pub fn next_message(&mut self) -> Result<Option<Message>, FrameError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        match self.try_decode() {
            Ok(message) => Ok(message),
            Err(error) => {
                self.buffer.clear();
                self.failed = Some(error.clone());
                Err(error)
            }
        }
    }

    /// Checks the input ended between frames (call once the source is exhausted).
    pub fn finish(&self) -> Result<(), FrameError> {
        match &self.failed {
            Some(error) => Err(error.clone()),
            None if self.buffer.is_empty() => Ok(()),
            None => Err(FrameError::Truncated { buffered: self.buffer.len() }),
        }
    }

    fn try_decode(&mut self) -> Result<Option<Message>, FrameError> {
        if self.buffer.len() < PRELUDE_LEN {
            return Ok(None);
        }
        let word = |at: usize| u32::from_be_bytes([self.buffer[at], self.buffer[at + 1], self.buffer[at + 2], self.buffer[at + 3]]);
        let (total, headers_len, prelude_crc) = (word(0), word(4), word(8));
        // The prelude is checked before its lengths are trusted, so a corrupt length never makes us wait for
        // (or allocate) bytes that are not coming.
        let actual = crc32fast::hash(&self.buffer[..8]);
        if actual != prelude_crc {
            return Err(FrameError::PreludeChecksum { expected: prelude_crc, actual });
        }
        let (total_len, header_bytes) = (total as usize, headers_len as usize);
        if total_len > MAX_MESSAGE_LEN {
            return Err(FrameError::TooLarge { len: total_len, limit: MAX_MESSAGE_LEN });
        }
        if header_bytes > MAX_HEADERS_LEN {
            return Err(FrameError::TooLarge { len: header_bytes, limit: MAX_HEADERS_LEN });
        }
        if total_len < MIN_MESSAGE_LEN || header_bytes > total_len - MIN_MESSAGE_LEN {
            return Err(FrameError::InvalidLength { total, headers: headers_len });
        }
        if self.buffer.len() < total_len {
            self.buffer.reserve(total_len - self.buffer.len());
            return Ok(None);
        }
        let crc_at = total_len - MESSAGE_CRC_LEN;
        let expected = word(crc_at);
        let actual = crc32fast::hash(&self.buffer[..crc_at]);
        if actual != expected {
            return Err(FrameError::MessageChecksum { expected, actual });
        }
        let mut frame = self.buffer.split_to(total_len);
        frame.advance(PRELUDE_LEN);
        let headers = read_headers(&frame[..header_bytes])?;
        let payload = frame.split_to(crc_at - PRELUDE_LEN).split_off(header_bytes).freeze();
        let mut message = Message::new(payload);
        for (name, value) in headers {
            message.add_header(name, value);
        }
        Ok(Some(message))
    }
}

/// Decodes a complete byte sequence of frames (every byte must belong to a whole frame).
pub fn decode_all(bytes: &[u8]) -> Result<Vec<Message>, FrameError> {
    let mut decoder = MessageDecoder::new();
    decoder.feed(bytes);
    let mut messages = Vec::new();
    while let Some(message) = decoder.next_message()? {
        messages.push(message);
    }
    decoder.finish()?;
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::datetime::DateTime;
    use crate::runtime::event_message::HeaderValue;
    use base64::Engine as _;

    /// Smithy's protocol test frame for an event with `booleanHeader: true` and no payload.
    const BOOLEAN_HEADER_FRAME: &str =
        "AAAASwAAADv7Cl8VDTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcAB2hlYWRlcnMNYm9vbGVhbkhlYWRlcgC4J9Ws";

    fn sample() -> Message {
        Message::new(&b"{\"a\":1}"[..])
            .header("bool", HeaderValue::Bool(false))
            .header("byte", HeaderValue::Byte(-1))
            .header("short", HeaderValue::Short(-2))
            .header("int", HeaderValue::Int(3))
            .header("long", HeaderValue::Long(4_294_967_294))
            .header("bytes", HeaderValue::Bytes(bytes::Bytes::from_static(b"\x00\xff")))
            .header("string", HeaderValue::from("text"))
            .header("time", HeaderValue::Timestamp(DateTime::from_millis(1_730_384_114_000)))
            .header("uuid", HeaderValue::Uuid([7; 16]))
    }

    fn known_frame() -> Vec<u8> {
        base64::engine::general_purpose::STANDARD.decode(BOOLEAN_HEADER_FRAME).unwrap_or_default()
    }

    #[test]
    fn decodes_and_reencodes_the_spec_frame_exactly() {
        let frame = known_frame();
        let messages = decode_all(&frame).expect("valid frame");
        assert_eq!(messages.len(), 1);
        let message = &messages[0];
        assert_eq!(message.header_value(":message-type"), Some(&HeaderValue::from("event")));
        assert_eq!(message.header_value(":event-type"), Some(&HeaderValue::from("headers")));
        assert_eq!(message.header_value("booleanHeader"), Some(&HeaderValue::Bool(true)));
        assert!(message.payload().is_empty());
        assert_eq!(message.encode().expect("encodes"), frame);
    }

    #[test]
    fn every_header_type_round_trips() {
        let message = sample();
        let frame = message.encode().expect("encodes");
        assert_eq!(decode_all(&frame).expect("decodes"), vec![message]);
    }

    #[test]
    fn any_chunk_split_yields_the_same_messages() {
        let mut stream = sample().encode().expect("encodes");
        stream.extend(known_frame());
        for chunk in 1..stream.len() {
            let mut decoder = MessageDecoder::new();
            let mut got = Vec::new();
            for piece in stream.chunks(chunk) {
                decoder.feed(piece);
                while let Some(message) = decoder.next_message().expect("valid") {
                    got.push(message);
                }
            }
            decoder.finish().expect("ends between frames");
            assert_eq!(got.len(), 2, "chunk size {chunk}");
            assert_eq!(got[0], sample());
        }
    }

    #[test]
    fn corrupted_crcs_are_rejected() {
        let frame = known_frame();
        let mut prelude = frame.clone();
        prelude[9] ^= 1;
        assert!(matches!(decode_all(&prelude), Err(FrameError::PreludeChecksum { .. })));
        let mut body = frame.clone();
        body[20] ^= 1;
        assert!(matches!(decode_all(&body), Err(FrameError::MessageChecksum { .. })));
        let mut trailer = frame;
        let last = trailer.len() - 1;
        trailer[last] ^= 1;
        assert!(matches!(decode_all(&trailer), Err(FrameError::MessageChecksum { .. })));
    }

    #[test]
    fn truncated_input_is_an_error_at_the_end() {
        let frame = known_frame();
        for cut in 1..frame.len() {
            let mut decoder = MessageDecoder::new();
            decoder.feed(&frame[..cut]);
            assert_eq!(decoder.next_message(), Ok(None), "cut at {cut}");
            assert_eq!(decoder.finish(), Err(FrameError::Truncated { buffered: cut }));
        }
    }

    /// A prelude with valid CRC but hostile lengths.
    fn prelude(total: u32, headers: u32) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&total.to_be_bytes());
        out.extend_from_slice(&headers.to_be_bytes());
        let crc = crc32fast::hash(&out);
        out.extend_from_slice(&crc.to_be_bytes());
        out
    }

    #[test]
    fn hostile_lengths_are_rejected_before_buffering() {
        assert!(matches!(decode_all(&prelude(u32::MAX, 0)), Err(FrameError::TooLarge { .. })));
        assert!(matches!(decode_all(&prelude(100, 1_000_000)), Err(FrameError::TooLarge { .. })));
        assert!(matches!(decode_all(&prelude(15, 0)), Err(FrameError::InvalidLength { .. })));
        assert!(matches!(decode_all(&prelude(20, 5)), Err(FrameError::InvalidLength { .. })));
    }

    #[test]
    fn malformed_headers_are_typed_errors() {
        // A header claiming a 200-byte name, and one with an unknown value type, each in a valid frame.
        for headers in [vec![200u8, b'a'], vec![1, b'a', 42]] {
            let total = (MIN_MESSAGE_LEN + headers.len()) as u32;
            let mut frame = prelude(total, headers.len() as u32);
            frame.extend_from_slice(&headers);
            let crc = crc32fast::hash(&frame);
            frame.extend_from_slice(&crc.to_be_bytes());
            assert!(matches!(decode_all(&frame), Err(FrameError::InvalidHeader(_))), "{headers:?}");
        }
    }

    #[test]
    fn errors_stick_and_oversized_messages_do_not_encode() {
        let mut decoder = MessageDecoder::new();
        decoder.feed(&prelude(15, 0));
        assert!(decoder.next_message().is_err());
        decoder.feed(&known_frame());
        assert!(decoder.next_message().is_err(), "no resynchronisation after an error");
        let huge = Message::new(vec![0u8; crate::runtime::event_message::MAX_MESSAGE_LEN]);
        assert!(matches!(huge.encode(), Err(FrameError::TooLarge { .. })));
        let long_name = Message::new(Vec::new()).header("n".repeat(256), HeaderValue::Bool(true));
        assert!(matches!(long_name.encode(), Err(FrameError::InvalidHeader(_))));
    }

    /// Random header sections and payloads inside frames with valid CRCs (so the header parser sees them),
    /// fed in random chunks: decoding returns messages or typed errors and never panics.
    #[test]
    fn random_frames_never_panic() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2000 {
            let headers: Vec<u8> = (0..next() % 64).map(|_| next() as u8).collect();
            let payload: Vec<u8> = (0..next() % 32).map(|_| next() as u8).collect();
            let total = (MIN_MESSAGE_LEN + headers.len() + payload.len()) as u32;
            let mut frame = prelude(total, headers.len() as u32);
            frame.extend_from_slice(&headers);
            frame.extend_from_slice(&payload);
            let crc = crc32fast::hash(&frame);
            frame.extend_from_slice(&crc.to_be_bytes());
            let mut decoder = MessageDecoder::new();
            let chunk = 1 + (next() % 17) as usize;
            for piece in frame.chunks(chunk) {
                decoder.feed(piece);
                let _ = decoder.next_message();
            }
            let _ = decoder.finish();
        }
    }
}
