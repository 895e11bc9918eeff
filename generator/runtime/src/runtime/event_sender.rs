//! [`EventSender`]: the events a request sends, from any async source, marshalled into messages and encoded
//! (and signed) into the request body as they are produced.

use crate::runtime::error::BoxError;
use crate::runtime::event_message::Message;
use crate::runtime::event_signing::MessageSigner;
use crate::runtime::event_stream::EventStreamError;
use crate::runtime::http::BodyStream;
use bytes::Bytes;
use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

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
        Ok(Bytes::from(message.encode().map_err(EventStreamError::from)?))
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
                let encoded = message.encode().map_err(|e| BoxError::from(EventStreamError::from(e)));
                let frame = encoded.and_then(|f| self.frame(Bytes::from(f)));
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

/// The items of a queue, all ready at once.
pub(crate) struct IterStream<T>(pub(crate) std::collections::VecDeque<T>);

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::event_stream::event_message;
    use std::future::poll_fn;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().map(|rt| rt.block_on(future)).unwrap_or_else(|e| panic!("{e}"))
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
