//! Event streams as users see them: [`EventSender`] (an input member: the events a request sends) and
//! [`EventReceiver`] (an output member: the events a response delivers), plus the message-level rules generated
//! marshallers share (`:message-type`, `:event-type`, `:exception-type`, typed member headers).

use crate::runtime::blob::Blob;
use crate::runtime::datetime::DateTime;
use crate::runtime::error::{BoxError, ErrorMetadata, SdkError};
use crate::runtime::event_decoder::MessageDecoder;
use crate::runtime::event_message::{FrameError, HeaderValue, Message};
use crate::runtime::event_signing::MessageSigner;
use crate::runtime::http::Response;
use bytes::Bytes;
use futures_core::Stream;
use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

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
            EventStreamError::Frame(e) => Some(e),
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

/// The events a request sends, taken from any async source; the request ends when the source does.
///
/// Cloning shares the one source (the first request that sends takes it).
pub struct EventSender<T> {
    source: Arc<Mutex<Option<EventSource<T>>>>,
}

/// The events an [`EventSender`] has not sent yet.
type EventSource<T> = Pin<Box<dyn Stream<Item = T> + Send>>;

impl<T: Send + 'static> EventSender<T> {
    /// Sends the items of `stream`, in order, as they become ready.
    pub fn from_stream(stream: impl Stream<Item = T> + Send + 'static) -> Self {
        EventSender { source: Arc::new(Mutex::new(Some(Box::pin(stream)))) }
    }

    /// Sends a fixed sequence of events.
    pub fn from_events(events: impl IntoIterator<Item = T>) -> Self {
        let events: std::collections::VecDeque<T> = events.into_iter().collect();
        EventSender::from_stream(IterStream(events))
    }

    /// A sender fed through a channel: events sent on the returned [`tokio::sync::mpsc::Sender`] go out in
    /// order; dropping every channel sender ends the stream.
    pub fn channel(capacity: usize) -> (tokio::sync::mpsc::Sender<T>, Self) {
        let (tx, rx) = tokio::sync::mpsc::channel(capacity.max(1));
        (tx, EventSender::from_stream(ChannelStream(rx)))
    }

    /// The events as messages, each made by `marshal`; empty (after one error) when another request already
    /// took them.
    pub fn into_messages(self, marshal: fn(&T) -> Result<Message, EventStreamError>) -> MessageStream {
        match self.source.lock().ok().and_then(|mut s| s.take()) {
            Some(source) => Box::pin(Marshalled { source, marshal }),
            None => Box::pin(IterStream(std::collections::VecDeque::from([Err(EventStreamError::AlreadyConsumed)]))),
        }
    }
}

/// Messages to send, in order.
pub type MessageStream = Pin<Box<dyn Stream<Item = Result<Message, EventStreamError>> + Send>>;

struct Marshalled<T> {
    source: EventSource<T>,
    marshal: fn(&T) -> Result<Message, EventStreamError>,
}

impl<T> Stream for Marshalled<T> {
    type Item = Result<Message, EventStreamError>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let marshal = self.marshal;
        self.source.as_mut().poll_next(cx).map(|event| event.map(|e| marshal(&e)))
    }
}

/// The request body of an event stream: each message encoded as a frame, wrapped and signed when `signer` is
/// given (then an empty signed message ends the body).
pub fn encode_body(messages: MessageStream, signer: Option<MessageSigner>) -> BodyStream {
    Box::pin(EncodedBody { messages, signer, ended: false })
}

struct EncodedBody {
    messages: MessageStream,
    signer: Option<MessageSigner>,
    ended: bool,
}

impl EncodedBody {
    fn frame(&mut self, payload: Bytes) -> Result<Bytes, BoxError> {
        let message = match self.signer.as_mut() {
            Some(signer) => signer.sign(payload, std::time::SystemTime::now()),
            None => return Ok(payload),
        };
        Ok(Bytes::from(message.encode()?))
    }
}

impl Stream for EncodedBody {
    type Item = Result<Bytes, BoxError>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        match self.messages.as_mut().poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(message))) => {
                let frame = message.encode().map_err(BoxError::from).and_then(|f| self.frame(Bytes::from(f)));
                Poll::Ready(Some(frame))
            }
            Poll::Ready(Some(Err(e))) => {
                self.ended = true;
                Poll::Ready(Some(Err(Box::new(e))))
            }
            Poll::Ready(None) => {
                self.ended = true;
                if self.signer.is_some() {
                    Poll::Ready(Some(self.frame(Bytes::new())))
                } else {
                    Poll::Ready(None)
                }
            }
        }
    }
}

impl<T> Clone for EventSender<T> {
    fn clone(&self) -> Self {
        EventSender { source: Arc::clone(&self.source) }
    }
}

/// Two senders are equal when they share one source.
impl<T> PartialEq for EventSender<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.source, &other.source)
    }
}

impl<T> fmt::Debug for EventSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventSender")
    }
}

struct IterStream<T>(std::collections::VecDeque<T>);

impl<T> Unpin for IterStream<T> {}

impl<T> Stream for IterStream<T> {
    type Item = T;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(self.0.pop_front())
    }
}

struct ChannelStream<T>(tokio::sync::mpsc::Receiver<T>);

impl<T> Stream for ChannelStream<T> {
    type Item = T;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.0.poll_recv(cx)
    }
}

/// A decoded message: a modeled event of the union, or an error for the operation's error type.
#[derive(Debug)]
pub enum Unmarshalled<T, E> {
    /// A modeled event (or the union's `Unknown` variant for an event type this client does not know).
    Event(T),
    /// A modeled exception, or an unmodeled `error` message as the operation's `Unhandled` error.
    Error(E),
}

/// The generated function turning one message into an event or an operation error.
pub type Unmarshaller<T, E> = fn(&Message) -> Result<Unmarshalled<T, E>, EventStreamError>;

pub use crate::runtime::http::BodyStream;

/// The events of a response, decoded as they arrive.
///
/// Cloning shares the one stream (each event goes to whichever clone asks first).
pub struct EventReceiver<T, E> {
    state: Arc<Mutex<ReceiverState<T, E>>>,
}

struct ReceiverState<T, E> {
    /// Status and headers of the initial response (its body is the stream), for errors' raw response.
    initial: Response,
    body: Option<BodyStream>,
    decoder: MessageDecoder,
    unmarshal: Unmarshaller<T, E>,
}

impl<T, E> EventReceiver<T, E> {
    /// Decodes the events of `response`'s body (still arriving, or already whole).
    pub fn from_response(response: &Response, unmarshal: Unmarshaller<T, E>) -> Self {
        let body = match response.take_body_stream() {
            Some(stream) => stream,
            None => crate::runtime::http::body_stream_of(response.body_bytes().clone()),
        };
        let head = Response::new(response.status(), response.header_map().clone(), Bytes::new());
        EventReceiver::from_body(head, body, unmarshal)
    }

    /// Decodes the events of a body that arrives in chunks; `initial` holds the response's status and headers.
    pub fn from_body(initial: Response, body: BodyStream, unmarshal: Unmarshaller<T, E>) -> Self {
        let state = ReceiverState { initial, body: Some(body), decoder: MessageDecoder::new(), unmarshal };
        EventReceiver { state: Arc::new(Mutex::new(state)) }
    }

    /// A receiver whose stream has already ended (the value of a required stream member a response lacked).
    pub fn closed() -> Self {
        let head = Response::new(200, http::HeaderMap::new(), Bytes::new());
        EventReceiver::from_body(head, crate::runtime::http::body_stream_of(Bytes::new()), |_| {
            Err(EventStreamError::UnknownVariant)
        })
    }

    /// The next event; `Ok(None)` once the stream has ended cleanly. A modeled exception in the stream is
    /// `SdkError::Service` with the operation's error; malformed messages are `SdkError::EventStream`.
    pub async fn recv(&mut self) -> Result<Option<T>, SdkError<E>> {
        poll_fn(|cx| self.poll_recv(cx)).await
    }

    fn poll_recv(&self, cx: &mut Context<'_>) -> Poll<Result<Option<T>, SdkError<E>>> {
        let Ok(mut state) = self.state.lock() else {
            return Poll::Ready(Ok(None));
        };
        loop {
            match state.decoder.next_message() {
                Err(e) => return Poll::Ready(Err(SdkError::EventStream(e.into()))),
                Ok(Some(message)) => return Poll::Ready(state.deliver(&message)),
                Ok(None) => {}
            }
            let Some(body) = state.body.as_mut() else {
                return Poll::Ready(match state.decoder.finish() {
                    Ok(()) => Ok(None),
                    Err(e) => Err(SdkError::EventStream(e.into())),
                });
            };
            match body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => state.decoder.feed(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    state.body = None;
                    let failure = crate::runtime::error::DispatchFailure::new("event stream body failed", Some(e));
                    return Poll::Ready(Err(SdkError::Dispatch(failure)));
                }
                Poll::Ready(None) => state.body = None,
            }
        }
    }
}

impl<T, E> ReceiverState<T, E> {
    // `SdkError` is the operation's error type everywhere; boxing it here alone would not help.
    #[allow(clippy::result_large_err)]
    fn deliver(&self, message: &Message) -> Result<Option<T>, SdkError<E>> {
        match (self.unmarshal)(message) {
            Ok(Unmarshalled::Event(event)) => Ok(Some(event)),
            Ok(Unmarshalled::Error(error)) => {
                let raw = Response::new(self.initial.status(), self.initial.header_map().clone(), message.payload().clone());
                Err(SdkError::Service(error, raw))
            }
            Err(e) => Err(SdkError::EventStream(e)),
        }
    }
}

impl<T, E> Clone for EventReceiver<T, E> {
    fn clone(&self) -> Self {
        EventReceiver { state: Arc::clone(&self.state) }
    }
}

/// Two receivers are equal when they share one stream.
impl<T, E> PartialEq for EventReceiver<T, E> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.state, &other.state)
    }
}

impl<T, E> fmt::Debug for EventReceiver<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventReceiver")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::error::{ProvideErrorMetadata, Unhandled};

    fn unmarshal(message: &Message) -> Result<Unmarshalled<String, Unhandled>, EventStreamError> {
        match message_type(message)? {
            MessageType::Event(_) => Ok(Unmarshalled::Event(payload_text(message, "chat")?)),
            MessageType::Exception(code) | MessageType::Error { code: Some(code), .. } => {
                Ok(Unmarshalled::Error(Unhandled::new(error_metadata(message, code, None))))
            }
            MessageType::Error { code: None, .. } => Ok(Unmarshalled::Error(Unhandled::new(ErrorMetadata::default()))),
        }
    }

    fn chat(text: &str) -> Vec<u8> {
        let mut message = event_message("chat");
        set_payload(&mut message, "text/plain", text.as_bytes().to_vec());
        message.encode().unwrap_or_default()
    }

    /// A body delivered in the given chunks.
    fn chunked(chunks: Vec<Vec<u8>>) -> BodyStream {
        let chunks: std::collections::VecDeque<Result<Bytes, BoxError>> = chunks.into_iter().map(|c| Ok(Bytes::from(c))).collect();
        Box::pin(IterStream(chunks))
    }

    fn receiver(chunks: Vec<Vec<u8>>) -> EventReceiver<String, Unhandled> {
        let head = Response::new(200, http::HeaderMap::new(), Bytes::new());
        EventReceiver::from_body(head, chunked(chunks), unmarshal)
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().map(|rt| rt.block_on(future)).unwrap_or_else(|e| panic!("{e}"))
    }

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

    #[test]
    fn receiver_yields_events_across_chunk_boundaries_then_ends() {
        let body = [chat("one"), chat("two")].concat();
        let (a, b) = body.split_at(7);
        let (b, c) = b.split_at(b.len() / 2);
        let mut events = receiver(vec![a.to_vec(), b.to_vec(), c.to_vec()]);
        block_on(async {
            assert_eq!(events.recv().await.ok().flatten().as_deref(), Some("one"));
            assert_eq!(events.recv().await.ok().flatten().as_deref(), Some("two"));
            assert!(matches!(events.recv().await, Ok(None)));
        });
    }

    #[test]
    fn receiver_reports_truncation_corruption_and_exceptions() {
        let frame = chat("one");
        let mut truncated = receiver(vec![frame[..frame.len() - 1].to_vec()]);
        let result = block_on(truncated.recv());
        assert!(matches!(result, Err(SdkError::EventStream(EventStreamError::Frame(FrameError::Truncated { .. })))));
        let mut corrupt = frame.clone();
        corrupt[frame.len() - 6] ^= 0xff;
        let result = block_on(receiver(vec![corrupt]).recv());
        assert!(matches!(result, Err(SdkError::EventStream(EventStreamError::Frame(FrameError::MessageChecksum { .. })))));
        let mut exception = exception_message("Throttled");
        set_payload(&mut exception, "application/json", br#"{"message":"slow down"}"#.to_vec());
        let result = block_on(receiver(vec![exception.encode().unwrap_or_default()]).recv());
        match result {
            Err(SdkError::Service(error, _)) => {
                assert_eq!(error.meta().code(), Some("Throttled"));
                assert_eq!(error.meta().message(), Some("slow down"));
            }
            other => panic!("expected a service error, got {other:?}"),
        }
    }

    #[test]
    fn a_sender_is_consumed_once() {
        fn marshal(text: &&str) -> Result<Message, EventStreamError> {
            Ok(event_message(text))
        }
        let sender = EventSender::from_events(["a", "b"]);
        let shared = sender.clone();
        assert_eq!(sender, shared);
        let first: Vec<_> = block_on(collect(sender.into_messages(marshal)));
        assert_eq!(first.len(), 2);
        let second = block_on(collect(shared.into_messages(marshal)));
        assert_eq!(second, vec![Err(EventStreamError::AlreadyConsumed)]);
    }

    async fn collect(mut messages: MessageStream) -> Vec<Result<Message, EventStreamError>> {
        let mut out = Vec::new();
        while let Some(m) = poll_fn(|cx| messages.as_mut().poll_next(cx)).await {
            out.push(m);
        }
        out
    }
}
