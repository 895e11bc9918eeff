//! Event streams over the real hyper client and a loopback server: the request body streams (the server
//! answers the first event before the client has sent the second), every message is signed in a chain that
//! ends with an empty signed message, response events arrive one at a time, a call that only receives is
//! retried, and an event that cannot be marshalled fails the call with that error.

mod support;

use aws_lite_runtime::runtime::client::Handle;
use aws_lite_runtime::runtime::config::{Config, TimeoutConfig};
use aws_lite_runtime::runtime::credentials::Credentials;
use aws_lite_runtime::runtime::error::{ErrorMetadata, InvokeError, SdkError, Unhandled};
use aws_lite_runtime::runtime::event_decoder::MessageDecoder;
use aws_lite_runtime::runtime::event_message::{HeaderValue, Message};
use aws_lite_runtime::runtime::event_signing::unwrap_signed;
use aws_lite_runtime::runtime::event_stream::{
    event_message, EventReceiver, EventSender, EventStreamError, Unmarshalled,
};
use aws_lite_runtime::runtime::http::Request;
use std::time::Duration;
use support::{OPERATION, SERVICE};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Events are strings carried as the payload of `chat` events (a marshaller takes `&T`, here `&String`).
#[allow(clippy::ptr_arg)]
fn marshal(text: &String) -> Result<Message, EventStreamError> {
    let mut message = event_message("chat");
    message.set_payload(text.clone().into_bytes());
    Ok(message)
}

fn unmarshal(message: &Message) -> Result<Unmarshalled<String, Unhandled>, EventStreamError> {
    match message.header_value(":message-type").and_then(HeaderValue::as_str) {
        Some("event") => Ok(Unmarshalled::Event(String::from_utf8_lossy(message.payload()).into_owned())),
        _ => Ok(Unmarshalled::Error(Unhandled::new(ErrorMetadata::default()))),
    }
}

/// Reads request head bytes up to the blank line; returns the head text and whatever body bytes followed.
async fn read_head(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            return (head, buffer[end + 4..].to_vec());
        }
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "connection closed before the request head");
        buffer.extend_from_slice(&chunk[..n]);
    }
}

/// Decodes a chunked request body as it arrives, feeding the event decoder.
struct ChunkedReader {
    pending: Vec<u8>,
    decoder: MessageDecoder,
    ended: bool,
}

impl ChunkedReader {
    /// The next inner (unwrapped) message, or `None` for the empty signed message that ends the stream.
    async fn next(&mut self, stream: &mut TcpStream) -> Option<Message> {
        loop {
            if let Some(message) = self.decoder.next_message().expect("valid frames") {
                return unwrap_signed(message).expect("a signed message");
            }
            assert!(!self.ended, "the body ended without the closing signed message");
            self.read_chunk(stream).await;
        }
    }

    async fn read_chunk(&mut self, stream: &mut TcpStream) {
        let mut buf = [0u8; 4096];
        loop {
            if let Some(line_end) = self.pending.windows(2).position(|w| w == b"\r\n") {
                let size_text = String::from_utf8_lossy(&self.pending[..line_end]).into_owned();
                let size = usize::from_str_radix(size_text.trim(), 16).expect("chunk size");
                if self.pending.len() >= line_end + 2 + size + 2 {
                    let data = self.pending[line_end + 2..line_end + 2 + size].to_vec();
                    self.pending.drain(..line_end + 2 + size + 2);
                    self.ended = size == 0;
                    self.decoder.feed(&data);
                    return;
                }
            }
            let n = stream.read(&mut buf).await.expect("read");
            assert!(n > 0, "connection closed inside the body");
            self.pending.extend_from_slice(&buf[..n]);
        }
    }
}

/// Calls must be usable from multi-threaded runtimes (`tokio::spawn`).
fn assert_send<T: Send>(_: &T) {}

#[test]
fn senders_and_receivers_cross_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<EventSender<String>>();
    assert_send_sync::<EventReceiver<String, Unhandled>>();
}

/// The receiver's next event, within five seconds.
async fn next(
    receiver: &mut EventReceiver<String, Unhandled>,
) -> Result<Result<Option<String>, SdkError<Unhandled>>, tokio::time::error::Elapsed> {
    tokio::time::timeout(Duration::from_secs(5), receiver.recv()).await
}

async fn write_event(stream: &mut TcpStream, text: &str) {
    let frame = chat_frame(text);
    let chunk = [format!("{:x}\r\n", frame.len()).into_bytes(), frame, b"\r\n".to_vec()].concat();
    stream.write_all(&chunk).await.expect("write");
}

#[tokio::test]
async fn duplex_events_stream_both_ways_and_are_signed() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("accept");
        let (head, rest) = read_head(&mut stream).await;
        let head = head.to_ascii_lowercase();
        assert!(head.contains("x-amz-content-sha256: streaming-aws4-hmac-sha256-events"), "{head}");
        assert!(head.contains("transfer-encoding: chunked"), "{head}");
        let mut body = ChunkedReader { pending: rest, decoder: MessageDecoder::new(), ended: false };
        let first = body.next(&mut stream).await.expect("a first event");
        assert_eq!(first.payload().as_ref(), b"hello");
        // Answer while the request is still open: the client only sends its second event after reading this.
        let response_head = "HTTP/1.1 200 OK\r\ncontent-type: application/vnd.amazon.eventstream\r\ntransfer-encoding: chunked\r\n\r\n";
        stream.write_all(response_head.as_bytes()).await.expect("write");
        write_event(&mut stream, "hi there").await;
        let second = body.next(&mut stream).await.expect("a second event");
        assert_eq!(second.payload().as_ref(), b"bye");
        write_event(&mut stream, "goodbye").await;
        assert!(body.next(&mut stream).await.is_none(), "the stream ends with an empty signed message");
        stream.write_all(b"0\r\n\r\n").await.expect("write");
    });

    let handle = Handle::new(&config_to(format!("http://{addr}")), &SERVICE);
    let (events, sender) = EventSender::channel(4);
    events.send("hello".to_owned()).await.expect("queued");
    let call = handle.invoke_event_stream(
        &OPERATION,
        Request::new("POST", "/chat".into()),
        Some(sender.into_messages(marshal)),
        true,
    );
    assert_send(&call);
    let response = tokio::time::timeout(Duration::from_secs(5), call).await.expect("head in time").expect("a response");
    assert_eq!(response.status(), 200);
    let mut receiver: EventReceiver<String, Unhandled> = EventReceiver::from_response(&response, unmarshal);
    let got: Result<Option<String>, SdkError<Unhandled>> = next(&mut receiver).await.expect("in time");
    assert_eq!(got.ok().flatten().as_deref(), Some("hi there"));
    events.send("bye".to_owned()).await.expect("queued");
    let got = next(&mut receiver).await.expect("in time");
    assert_eq!(got.ok().flatten().as_deref(), Some("goodbye"));
    drop(events);
    let end = next(&mut receiver).await.expect("in time");
    assert!(matches!(end, Ok(None)), "the stream ends cleanly");
    server.await.expect("the server saw everything");
}

/// A sender whose second event cannot be marshalled.
fn failing_marshal(text: &&'static str) -> Result<Message, EventStreamError> {
    match *text {
        "bad" => Err(EventStreamError::UnknownVariant),
        ok => Ok(event_message(ok)),
    }
}

fn config_to(url: String) -> Config {
    Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None, None))
        .endpoint_url(url)
        .timeout_config(TimeoutConfig::default().with_attempt_timeout(Duration::from_secs(5)))
        .build()
}

#[tokio::test]
async fn an_event_that_cannot_be_marshalled_fails_the_call_with_that_error() {
    // Buffered path (a client that cannot stream).
    let capture = aws_lite_runtime::runtime::test_util::CaptureClient::new();
    let handle = Handle::new(&capture.config("https://example.com"), &SERVICE);
    let events = EventSender::from_events(["good", "bad"]).into_messages(failing_marshal);
    let result = handle.invoke_event_stream(&OPERATION, Request::new("POST", "/".into()), Some(events), true).await;
    assert!(matches!(result, Err(InvokeError::EventStream(EventStreamError::UnknownVariant))), "{result:?}");
    assert!(capture.last_request().is_none(), "nothing was sent");

    // Streaming path: the server reads but never answers; the body fails at the bad event.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("accept");
        let mut sink = Vec::new();
        let _ = stream.read_to_end(&mut sink).await;
    });
    let handle = Handle::new(&config_to(format!("http://{addr}")), &SERVICE);
    let events = EventSender::from_events(["good", "bad"]).into_messages(failing_marshal);
    let call = handle.invoke_event_stream(&OPERATION, Request::new("POST", "/".into()), Some(events), true);
    let result = tokio::time::timeout(Duration::from_secs(5), call).await.expect("fails in time");
    assert!(matches!(result, Err(InvokeError::EventStream(EventStreamError::UnknownVariant))), "{result:?}");
    server.abort();
}

#[tokio::test]
async fn a_response_only_stream_is_retried_until_its_head_arrives() {
    let frames = [chat_frame("one"), chat_frame("two")].concat();
    let server = support::StubServer::sequence(vec![
        support::respond(503, "{}"),
        support::Action::Respond { status: 200, headers: vec![], body: frames },
    ])
    .await;
    let handle = Handle::new(&support::config_for(&server).build(), &SERVICE);
    let response = handle
        .invoke_event_stream(&OPERATION, Request::new("POST", "/".into()).body(b"{}".to_vec()), None, true)
        .await
        .expect("a response after one retry");
    assert_eq!(response.status(), 200);
    assert_eq!(server.requests().len(), 2, "the 503 was retried");
    let mut receiver: EventReceiver<String, Unhandled> = EventReceiver::from_response(&response, unmarshal);
    assert_eq!(next(&mut receiver).await.expect("in time").ok().flatten().as_deref(), Some("one"));
    assert_eq!(next(&mut receiver).await.expect("in time").ok().flatten().as_deref(), Some("two"));
    assert!(matches!(next(&mut receiver).await.expect("in time"), Ok(None)));
}

fn chat_frame(text: &str) -> Vec<u8> {
    let mut message = event_message("chat");
    message.set_payload(text.as_bytes().to_vec());
    message.encode().expect("encodes")
}
