//! Event streams: the message-level rules generated marshallers share (`:message-type`, `:event-type`,
//! `:exception-type`, typed member headers, payloads), the error type, and (re-exported) the user-facing
//! [`EventSender`] (an input member: the events a request sends) and [`EventReceiver`] (an output member: the
//! events a response delivers).

use crate::runtime::blob::Blob;
use crate::runtime::datetime::DateTime;
use crate::runtime::error::ErrorMetadata;
use crate::runtime::event_message::{FrameError, HeaderValue, Message};
use bytes::Bytes;
use std::fmt;

pub use crate::runtime::event_receiver::{EventReceiver, Unmarshalled, Unmarshaller};
pub use crate::runtime::event_sender::{encode_body, EventSender, MessageStream};
pub use crate::runtime::http::BodyStream;

/// The media type of an event stream body.
pub const CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

/// Why an event could not be sent or received.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventStreamError {
    /// The bytes are not a valid frame (bad CRC or length, truncated, malformed header).
    Frame(FrameError),
    /// A required protocol header (`:message-type`, `:event-type`, `:exception-type`) is absent.
    MissingHeader(&'static str),
    /// A header has the wrong value type (e.g. `:message-type` sent as bytes).
    HeaderType {
        /// The header's name.
        name: String,
        /// The type the protocol or model requires.
        expected: &'static str,
    },
    /// `:message-type` is neither `event`, `exception` nor `error`.
    UnknownMessageType(String),
    /// The payload does not match the event's model (bad JSON, not UTF-8, a missing required member).
    Payload {
        /// The `:event-type` or `:exception-type` of the message.
        event: String,
        /// What is wrong.
        message: String,
    },
    /// The `Unknown` variant of an event union cannot be sent.
    UnknownVariant,
    /// The sender's events were already taken by an earlier request.
    AlreadyConsumed,
}

impl fmt::Display for EventStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventStreamError::Frame(e) => write!(f, "malformed event stream frame: {e}"),
            EventStreamError::MissingHeader(name) => write!(f, "event stream message without a `{name}` header"),
            EventStreamError::HeaderType { name, expected } => {
                write!(f, "event stream header `{name}` is not of type {expected}")
            }
            EventStreamError::UnknownMessageType(t) => write!(f, "unknown event stream message type `{t}`"),
            EventStreamError::Payload { event, message } => write!(f, "event `{event}`: {message}"),
            EventStreamError::UnknownVariant => f.write_str("the `Unknown` event variant cannot be sent"),
            EventStreamError::AlreadyConsumed => f.write_str("the event sender was already used by a request"),
        }
    }
}

impl std::error::Error for EventStreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // Display already states the frame error: the chain goes on with its own cause.
            EventStreamError::Frame(e) => std::error::Error::source(e),
            _ => None,
        }
    }
}

impl From<FrameError> for EventStreamError {
    fn from(error: FrameError) -> Self {
        EventStreamError::Frame(error)
    }
}

/// What a message is, from its protocol headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageType<'a> {
    /// `:message-type: event` with its `:event-type` (the union member name).
    Event(&'a str),
    /// `:message-type: exception` with its `:exception-type` (a modeled error member of the union).
    Exception(&'a str),
    /// `:message-type: error`: an unmodeled error with `:error-code` and `:error-message`.
    Error {
        /// `:error-code`, when present.
        code: Option<&'a str>,
        /// `:error-message`, when present.
        message: Option<&'a str>,
    },
}

/// Reads `:message-type` and the header that goes with it.
pub fn message_type(message: &Message) -> Result<MessageType<'_>, EventStreamError> {
    let kind = string_header(message, ":message-type")?.ok_or(EventStreamError::MissingHeader(":message-type"))?;
    match kind {
        "event" => string_header(message, ":event-type")?
            .map(MessageType::Event)
            .ok_or(EventStreamError::MissingHeader(":event-type")),
        "exception" => string_header(message, ":exception-type")?
            .map(MessageType::Exception)
            .ok_or(EventStreamError::MissingHeader(":exception-type")),
        "error" => Ok(MessageType::Error {
            code: string_header(message, ":error-code")?,
            message: string_header(message, ":error-message")?,
        }),
        other => Err(EventStreamError::UnknownMessageType(other.to_owned())),
    }
}

fn string_header<'a>(message: &'a Message, name: &'static str) -> Result<Option<&'a str>, EventStreamError> {
    match message.header_value(name) {
        None => Ok(None),
        Some(HeaderValue::String(s)) => Ok(Some(s)),
        Some(_) => Err(EventStreamError::HeaderType { name: name.to_owned(), expected: "string" }),
    }
}

/// A message of `:message-type: event` for the union member `event_type`.
pub fn event_message(event_type: &str) -> Message {
    Message::new(Bytes::new())
        .header(":message-type", HeaderValue::from("event"))
        .header(":event-type", HeaderValue::from(event_type))
}

/// A message of `:message-type: exception` for the modeled error member `exception_type`.
pub fn exception_message(exception_type: &str) -> Message {
    Message::new(Bytes::new())
        .header(":message-type", HeaderValue::from("exception"))
        .header(":exception-type", HeaderValue::from(exception_type))
}

/// Sets the payload and its `:content-type`.
pub fn set_payload(message: &mut Message, content_type: &'static str, payload: Vec<u8>) {
    message.add_header(":content-type", HeaderValue::from(content_type));
    message.set_payload(payload);
}

/// Adds the `@eventHeader` member `name` when it is set.
pub fn put_header<V: Into<HeaderValue>>(message: &mut Message, name: &str, value: Option<V>) {
    if let Some(value) = value {
        message.add_header(name, value.into());
    }
}

/// A member type that travels as an `@eventHeader`.
pub trait FromHeaderValue: Sized {
    /// The header value type the member requires.
    const TYPE: &'static str;
    /// The member value, when `value` has the right type.
    fn from_header_value(value: &HeaderValue) -> Option<Self>;
}

macro_rules! from_header_value {
    ($($t:ty, $name:literal, $variant:ident => $convert:expr;)*) => {$(
        impl FromHeaderValue for $t {
            const TYPE: &'static str = $name;
            fn from_header_value(value: &HeaderValue) -> Option<Self> {
                match value {
                    HeaderValue::$variant(v) => Some($convert(v)),
                    _ => None,
                }
            }
        }
    )*};
}

from_header_value! {
    bool, "boolean", Bool => |v: &bool| *v;
    i8, "byte", Byte => |v: &i8| *v;
    i16, "short", Short => |v: &i16| *v;
    i32, "integer", Int => |v: &i32| *v;
    i64, "long", Long => |v: &i64| *v;
    String, "string", String => |v: &String| v.clone();
    Blob, "bytes", Bytes => |v: &Bytes| Blob::new(v.to_vec());
    DateTime, "timestamp", Timestamp => |v: &DateTime| *v;
}

/// The `@eventHeader` member `name`: `None` when absent, an error when it has another type.
pub fn header<T: FromHeaderValue>(message: &Message, name: &str) -> Result<Option<T>, EventStreamError> {
    match message.header_value(name) {
        None => Ok(None),
        Some(value) => T::from_header_value(value)
            .map(Some)
            .ok_or_else(|| EventStreamError::HeaderType { name: name.to_owned(), expected: T::TYPE }),
    }
}

/// The payload as UTF-8 text.
pub fn payload_text(message: &Message, event: &str) -> Result<String, EventStreamError> {
    String::from_utf8(message.payload().to_vec())
        .map_err(|_| EventStreamError::Payload { event: event.to_owned(), message: "payload is not UTF-8".to_owned() })
}

/// The payload as a JSON document (an empty payload reads as `{}`).
pub fn payload_json(message: &Message, event: &str) -> Result<serde_json::Value, EventStreamError> {
    if message.payload().is_empty() {
        return Ok(serde_json::Value::Object(serde_json::Map::new()));
    }
    serde_json::from_slice(message.payload()).map_err(|e| payload_error(event, e))
}

/// A payload error of `event` from any displayable cause.
pub fn payload_error(event: &str, cause: impl fmt::Display) -> EventStreamError {
    EventStreamError::Payload { event: event.to_owned(), message: cause.to_string() }
}

/// Error metadata of an exception or error message: `code`, and the message from the JSON payload's
/// `message` / `Message` (or `message_text` when given).
pub fn error_metadata(message: &Message, code: &str, message_text: Option<&str>) -> ErrorMetadata {
    let from_payload = || {
        let value: serde_json::Value = serde_json::from_slice(message.payload()).ok()?;
        ["message", "Message"].iter().find_map(|k| value.get(*k)?.as_str().map(str::to_owned))
    };
    let text = message_text.map(str::to_owned).or_else(from_payload);
    ErrorMetadata::new(Some(code.to_owned()), text, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_type_rules() {
        let bare = Message::new(Bytes::new());
        assert_eq!(message_type(&bare), Err(EventStreamError::MissingHeader(":message-type")));
        let blob = bare.clone().header(":message-type", HeaderValue::Bytes(Bytes::from_static(b"event")));
        assert!(matches!(message_type(&blob), Err(EventStreamError::HeaderType { .. })));
        let no_event_type = bare.clone().header(":message-type", HeaderValue::from("event"));
        assert_eq!(message_type(&no_event_type), Err(EventStreamError::MissingHeader(":event-type")));
        let odd = bare.clone().header(":message-type", HeaderValue::from("gossip"));
        assert_eq!(message_type(&odd), Err(EventStreamError::UnknownMessageType("gossip".into())));
        let error = bare.header(":message-type", HeaderValue::from("error")).header(":error-code", HeaderValue::from("Boom"));
        assert_eq!(message_type(&error), Ok(MessageType::Error { code: Some("Boom"), message: None }));
    }

    #[test]
    fn typed_headers_are_checked() {
        let message = Message::new(Bytes::new()).header("n", HeaderValue::Int(3));
        assert_eq!(header::<i32>(&message, "n"), Ok(Some(3)));
        assert_eq!(header::<i32>(&message, "absent"), Ok(None));
        assert!(matches!(header::<String>(&message, "n"), Err(EventStreamError::HeaderType { expected: "string", .. })));
    }
}
