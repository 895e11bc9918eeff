//! Initial messages of protocols without HTTP bindings (awsJson1_0/1_1): the input's members other than the
//! event stream travel as the first message of the request stream (`initial-request`), the output's as the
//! first message of the response stream (`initial-response`), each a JSON document of those members.

use crate::runtime::error::SdkError;
use crate::runtime::event_message::{HeaderValue, Message};
use crate::runtime::event_receiver::{EventReceiver, Unmarshaller};
use crate::runtime::event_sender::MessageStream;
use crate::runtime::http::Response;
use crate::runtime::json::DeserializeError;
use bytes::Bytes;
use futures_core::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use crate::runtime::event_receiver::INITIAL_RESPONSE;

/// The `:event-type` of the message that carries an awsJson input's members ahead of its events.
pub const INITIAL_REQUEST: &str = "initial-request";

/// The `initial-request` event: `payload` is the JSON document of the input's other members.
pub fn initial_request(content_type: &'static str, payload: Vec<u8>) -> Message {
    Message::new(Bytes::from(payload))
        .header(":message-type", HeaderValue::from("event"))
        .header(":event-type", HeaderValue::from(INITIAL_REQUEST))
        .header(":content-type", HeaderValue::from(content_type))
}

/// `first`, then the messages of `rest` (none when the input has no sender): the initial request is signed
/// and sent like every other message.
pub fn starting_with(first: Message, rest: Option<MessageStream>) -> MessageStream {
    Box::pin(StartingWith { first: Some(first), rest })
}

struct StartingWith {
    first: Option<Message>,
    rest: Option<MessageStream>,
}

impl Stream for StartingWith {
    type Item = Result<Message, crate::runtime::event_stream::EventStreamError>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(first)));
        }
        match self.rest.as_mut() {
            Some(rest) => rest.as_mut().poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

/// The generated function building an output from the `initial-response` payload and the event receiver.
pub type InitialResponseParser<O, T, E> = fn(&[u8], EventReceiver<T, E>) -> Result<O, DeserializeError>;

/// The outcome of an awsJson call whose output receives events: an error status is the operation's error;
/// otherwise the output is `parse` of the `initial-response` payload (empty when the stream starts with an
/// event instead) and the receiver, which then yields the events that follow.
pub async fn receive_output<O, T, E>(
    response: Response,
    unmarshal: Unmarshaller<T, E>,
    parse: InitialResponseParser<O, T, E>,
    parse_error: impl FnOnce(&Response) -> E,
) -> Result<O, SdkError<E>> {
    if !(200..300).contains(&response.status()) {
        let error = parse_error(&response);
        return Err(SdkError::Service(error, response));
    }
    let mut events = EventReceiver::from_response(&response, unmarshal);
    let members = events.initial_response().await?.unwrap_or_default();
    parse(&members, events).map_err(|e| SdkError::response_error(&response, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::event_stream::{event_message, EventStreamError};
    use std::future::poll_fn;

    #[test]
    fn the_initial_request_comes_first_then_the_events() {
        let events: MessageStream = Box::pin(crate::runtime::event_sender::IterStream(
            [Ok::<_, EventStreamError>(event_message("a"))].into_iter().collect(),
        ));
        let mut messages = starting_with(initial_request("application/x-amz-json-1.1", b"{}".to_vec()), Some(events));
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap_or_else(|e| panic!("{e}"));
        let sent: Vec<Message> = runtime.block_on(async {
            let mut sent = Vec::new();
            while let Some(m) = poll_fn(|cx| messages.as_mut().poll_next(cx)).await {
                sent.push(m.unwrap_or_else(|e| panic!("{e}")));
            }
            sent
        });
        let kinds: Vec<_> = sent.iter().map(|m| crate::runtime::event_stream::message_type(m).ok()).collect();
        use crate::runtime::event_stream::MessageType::Event;
        assert_eq!(kinds, vec![Some(Event(INITIAL_REQUEST)), Some(Event("a"))]);
        assert_eq!(sent[0].header_value(":content-type"), Some(&HeaderValue::from("application/x-amz-json-1.1")));
        assert_eq!(sent[0].payload().as_ref(), b"{}");
    }
}
