//! [`EventReceiver`]: the events of a response, decoded from its body as it arrives and turned into events or
//! the operation's errors by the generated unmarshaller.

use crate::runtime::error::SdkError;
use crate::runtime::event_decoder::MessageDecoder;
use crate::runtime::event_message::Message;
use crate::runtime::event_stream::{EventStreamError, MessageType};
use crate::runtime::http::{BodyStream, Response};
use bytes::Bytes;
use std::fmt;
use std::future::poll_fn;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// A decoded message: a modeled event of the union, or an error for the operation's error type.
#[derive(Debug)]
pub enum Unmarshalled<T, E> {
    /// A modeled event (or the union's `Unknown` variant for an event type this client does not know).
    Event(T),
    /// A modeled exception, or an unmodeled `error` message as the operation's `Unhandled` error.
    Error(E),
}

/// The `:event-type` of the message that carries an awsJson output's members ahead of its events.
pub const INITIAL_RESPONSE: &str = "initial-response";

/// The generated function turning one message into an event or an operation error.
pub type Unmarshaller<T, E> = fn(&Message) -> Result<Unmarshalled<T, E>, EventStreamError>;

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
    /// A message read ahead by [`EventReceiver::initial_response`] that is an event, kept for `recv`.
    pending: Option<Message>,
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
        let state = ReceiverState { initial, body: Some(body), decoder: MessageDecoder::new(), unmarshal, pending: None };
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

    /// Reads the first message when it is an `initial-response` event (awsJson: the output's other members)
    /// and returns its payload; any other first message stays for [`recv`](Self::recv) (`Ok(None)`), except
    /// an exception or error message, which is returned as the call's error. Call before the first `recv`.
    pub async fn initial_response(&mut self) -> Result<Option<Bytes>, SdkError<E>> {
        let first = poll_fn(|cx| self.poll_message(cx)).await?;
        let Some(message) = first else { return Ok(None) };
        let Ok(mut state) = self.state.lock() else { return Ok(None) };
        match crate::runtime::event_stream::message_type(&message).map_err(SdkError::EventStream)? {
            MessageType::Event(INITIAL_RESPONSE) => Ok(Some(message.payload().clone())),
            MessageType::Event(_) => {
                state.pending = Some(message);
                Ok(None)
            }
            MessageType::Exception(_) | MessageType::Error { .. } => state.deliver(&message).map(|_| None),
        }
    }

    fn poll_recv(&self, cx: &mut Context<'_>) -> Poll<Result<Option<T>, SdkError<E>>> {
        match self.poll_message(cx) {
            Poll::Ready(Ok(Some(message))) => match self.state.lock() {
                Ok(state) => Poll::Ready(state.deliver(&message)),
                Err(_) => Poll::Ready(Ok(None)),
            },
            Poll::Ready(Ok(None)) => Poll::Ready(Ok(None)),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }

    /// The next message (the one read ahead first), decoded as the body arrives.
    fn poll_message(&self, cx: &mut Context<'_>) -> Poll<Result<Option<Message>, SdkError<E>>> {
        let Ok(mut state) = self.state.lock() else {
            return Poll::Ready(Ok(None));
        };
        if let Some(message) = state.pending.take() {
            return Poll::Ready(Ok(Some(message)));
        }
        loop {
            match state.decoder.next_message() {
                Err(e) => return Poll::Ready(Err(SdkError::EventStream(e.into()))),
                Ok(Some(message)) => return Poll::Ready(Ok(Some(message))),
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
    use crate::runtime::error::{BoxError, ErrorMetadata, ProvideErrorMetadata, Unhandled};
    use crate::runtime::event_message::FrameError;
    use crate::runtime::event_sender::IterStream;
    use crate::runtime::event_stream::{error_metadata, event_message, exception_message, message_type, payload_text, set_payload, MessageType};

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

    fn initial(members: &str) -> Vec<u8> {
        let mut message = event_message(INITIAL_RESPONSE);
        set_payload(&mut message, "application/x-amz-json-1.1", members.as_bytes().to_vec());
        message.encode().unwrap_or_default()
    }

    #[test]
    fn initial_response_is_taken_then_the_events_follow() {
        let body = [initial(r#"{"Id":"7"}"#), chat("one")].concat();
        let mut events = receiver(vec![body]);
        block_on(async {
            let members = events.initial_response().await.ok().flatten();
            assert_eq!(members.as_deref(), Some(br#"{"Id":"7"}"#.as_slice()));
            assert_eq!(events.recv().await.ok().flatten().as_deref(), Some("one"));
            assert!(matches!(events.recv().await, Ok(None)));
        });
    }

    #[test]
    fn a_first_event_that_is_not_the_initial_response_is_kept() {
        let mut events = receiver(vec![chat("one"), chat("two")]);
        block_on(async {
            assert!(matches!(events.initial_response().await, Ok(None)));
            assert_eq!(events.recv().await.ok().flatten().as_deref(), Some("one"));
            assert_eq!(events.recv().await.ok().flatten().as_deref(), Some("two"));
        });
        let mut empty = receiver(vec![]);
        assert!(matches!(block_on(empty.initial_response()), Ok(None)));
    }

    #[test]
    fn a_first_exception_fails_the_initial_response() {
        let mut exception = exception_message("Throttled");
        set_payload(&mut exception, "application/json", br#"{"message":"slow down"}"#.to_vec());
        let mut events = receiver(vec![exception.encode().unwrap_or_default(), chat("late")]);
        match block_on(events.initial_response()) {
            Err(SdkError::Service(error, _)) => assert_eq!(error.meta().code(), Some("Throttled")),
            other => panic!("expected a service error, got {other:?}"),
        }
    }
}
