//! `ByteStream`: the value of a `@streaming` blob member, like aws-sdk-rust's. A request body can come from
//! memory, a file (read in chunks as it is sent, never whole) or any `Stream` of byte chunks; a response body
//! is read incrementally as it arrives ([`ByteStream::next`], or as a `Stream`), or collected.
//!
//! Bodies from memory and files can be sent again, so a call that sends one is retried like any other; a
//! body from a caller's stream can be sent only once, so such a call makes one attempt.

use crate::runtime::http::{BodyStream, Response};
use bytes::Bytes;
use futures_core::Stream;
use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// Chunk size of bodies read from files.
const FILE_CHUNK: usize = 64 * 1024;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A body of bytes sent or received as a stream (`@streaming` blob members).
///
/// ```ignore
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// use aws_lite::runtime::byte_stream::ByteStream;
/// let upload = ByteStream::from_path("archive.tar").await?;   // read in 64 KiB chunks while sending
/// let small = ByteStream::from(b"hello".to_vec());             // from memory
/// # let mut output_body = small.clone();
/// while let Some(chunk) = output_body.next().await {           // a response body, as it arrives
///     let chunk = chunk?;
///     println!("{} bytes", chunk.len());
/// }
/// # let _ = upload; Ok(()) }
/// ```
#[derive(Clone)]
pub struct ByteStream {
    source: Source,
    /// The body being read by `next()` / `poll_next`, once reading started.
    reading: Option<Arc<Mutex<BodyStream>>>,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    File { path: Arc<PathBuf>, len: u64 },
    /// A stream that can be read once; clones share it (the first reader takes it).
    Once { stream: Arc<Mutex<Option<BodyStream>>>, len: Option<u64> },
}

/// Why a byte stream could not be read or sent.
#[derive(Debug)]
pub struct ByteStreamError {
    message: String,
    source: Option<BoxError>,
}

impl ByteStreamError {
    fn new(message: impl Into<String>, source: Option<BoxError>) -> Self {
        ByteStreamError { message: message.into(), source }
    }
}

impl fmt::Display for ByteStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ByteStreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl ByteStream {
    /// A body of `bytes` in memory.
    pub fn new(bytes: Bytes) -> Self {
        ByteStream { source: Source::Bytes(bytes), reading: None }
    }

    /// An empty body.
    pub fn empty() -> Self {
        ByteStream::new(Bytes::new())
    }

    /// The file at `path`, read in chunks as it is sent (and again on a retry). Its length is taken now and
    /// sent as `Content-Length`; a file that shrinks before it is sent fails the call.
    pub async fn from_path(path: impl AsRef<Path>) -> Result<Self, ByteStreamError> {
        let path = path.as_ref().to_path_buf();
        let shown = path.display().to_string();
        let len = blocking(move || std::fs::metadata(&path).map(|m| (m.len(), path)))
            .await
            .map_err(|e| ByteStreamError::new(format!("cannot read `{shown}`"), Some(e)))?;
        Ok(ByteStream { source: Source::File { path: Arc::new(len.1), len: len.0 }, reading: None })
    }

    /// Any stream of byte chunks, sent as it is produced. It can be sent only once: a call with such a body is
    /// not retried. Give `len` when known (some operations require a length); otherwise the body is sent with
    /// chunked transfer encoding.
    pub fn from_stream<S, E>(stream: S, len: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        let stream: BodyStream = Box::pin(MapErr(Box::pin(stream)));
        ByteStream { source: Source::Once { stream: Arc::new(Mutex::new(Some(stream))), len }, reading: None }
    }

    /// The body of `response`: still arriving when the HTTP client streams it, else the bytes already read.
    pub fn from_response(response: &Response) -> Self {
        match response.take_body_stream() {
            Some(stream) => {
                let len = response.header("content-length").and_then(|v| v.parse().ok());
                ByteStream { source: Source::Once { stream: Arc::new(Mutex::new(Some(stream))), len }, reading: None }
            }
            None => ByteStream::new(response.body_bytes().clone()),
        }
    }

    /// The length, when known before reading (memory, files, streams given one, responses with
    /// `Content-Length`).
    pub fn content_length(&self) -> Option<u64> {
        match &self.source {
            Source::Bytes(b) => Some(b.len() as u64),
            Source::File { len, .. } => Some(*len),
            Source::Once { len, .. } => *len,
        }
    }

    /// Whether the body can be sent again (memory and files): calls are retried only then.
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Once { .. })
    }

    /// The bytes, when the body is in memory.
    pub fn bytes(&self) -> Option<&Bytes> {
        match &self.source {
            Source::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The body as a stream of chunks for sending: a fresh one from memory or the file each time, the caller's
    /// stream the first time only.
    pub fn body_stream(&self) -> Result<BodyStream, ByteStreamError> {
        match &self.source {
            Source::Bytes(b) => Ok(crate::runtime::http::body_stream_of(b.clone())),
            Source::File { path, len } => {
                Ok(Box::pin(FileChunks { path: path.clone(), remaining: *len, state: FileState::Closed }))
            }
            Source::Once { stream, .. } => stream
                .lock()
                .ok()
                .and_then(|mut s| s.take())
                .ok_or_else(|| ByteStreamError::new("the body stream was already read (it can be read once)", None)),
        }
    }

    /// The next chunk of the body, `None` at its end.
    pub async fn next(&mut self) -> Option<Result<Bytes, ByteStreamError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the whole body into memory (unbounded: prefer [`ByteStream::next`] or
    /// [`ByteStream::collect_limited`] for bodies of unknown size).
    pub async fn collect(self) -> Result<Bytes, ByteStreamError> {
        self.collect_limited(usize::MAX).await
    }

    /// Reads the whole body into memory, failing once it exceeds `limit` bytes.
    pub async fn collect_limited(mut self, limit: usize) -> Result<Bytes, ByteStreamError> {
        if self.reading.is_none() {
            if let Source::Bytes(b) = &self.source {
                return match b.len() <= limit {
                    true => Ok(b.clone()),
                    false => Err(too_large(limit)),
                };
            }
        }
        let mut out = Vec::new();
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            if out.len() + chunk.len() > limit {
                return Err(too_large(limit));
            }
            out.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(out))
    }
}

fn too_large(limit: usize) -> ByteStreamError {
    ByteStreamError::new(format!("the body is larger than the limit of {limit} bytes"), None)
}

impl Stream for ByteStream {
    type Item = Result<Bytes, ByteStreamError>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.reading.is_none() {
            match self.body_stream() {
                Ok(stream) => self.reading = Some(Arc::new(Mutex::new(stream))),
                Err(e) => return Poll::Ready(Some(Err(e))),
            }
        }
        let Some(reading) = &self.reading else { return Poll::Ready(None) };
        let Ok(mut stream) = reading.lock() else {
            return Poll::Ready(Some(Err(ByteStreamError::new("the body stream is poisoned", None))));
        };
        stream.as_mut().poll_next(cx).map(|item| item.map(|r| r.map_err(|e| ByteStreamError::new("reading the body failed", Some(e)))))
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        ByteStream::empty()
    }
}

impl fmt::Debug for ByteStream {
    /// The kind and length, never the contents.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.source {
            Source::Bytes(_) => "bytes",
            Source::File { .. } => "file",
            Source::Once { .. } => "stream",
        };
        f.debug_struct("ByteStream").field("kind", &kind).field("content_length", &self.content_length()).finish()
    }
}

impl PartialEq for ByteStream {
    /// Bodies in memory compare by content, files by path and length, streams by identity.
    fn eq(&self, other: &Self) -> bool {
        match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::File { path: a, len: la }, Source::File { path: b, len: lb }) => a == b && la == lb,
            (Source::Once { stream: a, .. }, Source::Once { stream: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        ByteStream::new(bytes)
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        ByteStream::new(Bytes::from(bytes))
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        ByteStream::new(Bytes::from_static(bytes))
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        ByteStream::new(Bytes::from_static(text.as_bytes()))
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        ByteStream::new(Bytes::from(text))
    }
}

impl From<crate::runtime::blob::Blob> for ByteStream {
    fn from(blob: crate::runtime::blob::Blob) -> Self {
        ByteStream::new(Bytes::from(blob.into_inner()))
    }
}

/// A caller's stream with its error boxed.
struct MapErr<E>(Pin<Box<dyn Stream<Item = Result<Bytes, E>> + Send>>);

impl<E: Into<BoxError>> Stream for MapErr<E> {
    type Item = Result<Bytes, BoxError>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|item| item.map(|r| r.map_err(Into::into)))
    }
}

/// Runs blocking file I/O off the async workers.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> std::io::Result<T> + Send + 'static) -> Result<T, BoxError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result.map_err(Into::into),
        Err(e) => Err(Box::new(e)),
    }
}

type ChunkRead = tokio::task::JoinHandle<std::io::Result<(std::fs::File, Vec<u8>)>>;

/// A file read in chunks of [`FILE_CHUNK`] on the blocking pool, at most `remaining` bytes.
struct FileChunks {
    path: Arc<PathBuf>,
    remaining: u64,
    state: FileState,
}

enum FileState {
    Closed,
    Open(std::fs::File),
    Reading(ChunkRead),
    Done,
}

impl Stream for FileChunks {
    type Item = Result<Bytes, BoxError>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            match std::mem::replace(&mut self.state, FileState::Done) {
                FileState::Done => return Poll::Ready(None),
                _ if self.remaining == 0 => return Poll::Ready(None),
                FileState::Closed => {
                    let path = self.path.clone();
                    let want = self.remaining.min(FILE_CHUNK as u64) as usize;
                    self.state = FileState::Reading(tokio::task::spawn_blocking(move || {
                        read_chunk(std::fs::File::open(&*path)?, want)
                    }));
                }
                FileState::Open(file) => {
                    let want = self.remaining.min(FILE_CHUNK as u64) as usize;
                    self.state = FileState::Reading(tokio::task::spawn_blocking(move || read_chunk(file, want)));
                }
                FileState::Reading(mut read) => match Pin::new(&mut read).poll(cx) {
                    Poll::Pending => {
                        self.state = FileState::Reading(read);
                        return Poll::Pending;
                    }
                    Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(Box::new(e)))),
                    Poll::Ready(Ok(Err(e))) => return Poll::Ready(Some(Err(Box::new(e)))),
                    Poll::Ready(Ok(Ok((_, chunk)))) if chunk.is_empty() => {
                        let message = format!("`{}` is shorter than when the body was made", self.path.display());
                        return Poll::Ready(Some(Err(message.into())));
                    }
                    Poll::Ready(Ok(Ok((file, chunk)))) => {
                        self.remaining -= chunk.len() as u64;
                        self.state = FileState::Open(file);
                        return Poll::Ready(Some(Ok(Bytes::from(chunk))));
                    }
                },
            }
        }
    }
}

use std::future::Future as _;

fn read_chunk(mut file: std::fs::File, want: usize) -> std::io::Result<(std::fs::File, Vec<u8>)> {
    let mut buf = vec![0; want];
    let mut filled = 0;
    while filled < want {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    buf.truncate(filled);
    Ok((file, buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(bytes: &[u8]) -> PathBuf {
        let path = std::env::temp_dir().join(format!("aws-lite-bytestream-{}", uuid::Uuid::new_v4()));
        std::fs::write(&path, bytes).expect("temp file");
        path
    }

    #[tokio::test]
    async fn file_bodies_are_read_in_chunks_and_replayable() {
        let data: Vec<u8> = (0..(FILE_CHUNK * 2 + 10)).map(|i| (i % 251) as u8).collect();
        let path = temp_file(&data);
        let body = ByteStream::from_path(&path).await.expect("metadata");
        assert_eq!((body.content_length(), body.is_replayable()), (Some(data.len() as u64), true));
        let mut reading = body.clone();
        let mut sizes = Vec::new();
        let mut all = Vec::new();
        while let Some(chunk) = reading.next().await {
            let chunk = chunk.expect("chunk");
            sizes.push(chunk.len());
            all.extend_from_slice(&chunk);
        }
        assert_eq!(sizes, [FILE_CHUNK, FILE_CHUNK, 10]);
        assert_eq!(all, data);
        // The same body again, from the start (a retry).
        assert_eq!(body.clone().collect().await.expect("again"), data);
        std::fs::write(&path, b"short").expect("shrink");
        let err = body.collect().await.expect_err("shrunk");
        assert!(err.to_string().contains("shorter"), "{err}");
        let _ = std::fs::remove_file(&path);
        assert!(ByteStream::from_path(&path).await.is_err());
    }

    #[tokio::test]
    async fn caller_streams_are_read_once_and_limits_hold() {
        let chunks: Vec<Result<Bytes, std::io::Error>> = vec![Ok(Bytes::from_static(b"ab")), Ok(Bytes::from_static(b"cd"))];
        let body = ByteStream::from_stream(Chunks(chunks.into_iter()), None);
        assert!(!body.is_replayable());
        let copy = body.clone();
        assert_eq!(body.collect().await.expect("once"), Bytes::from_static(b"abcd"));
        assert!(copy.collect().await.is_err(), "a clone shares the one stream");
        let big = ByteStream::from(vec![0u8; 10]);
        assert!(big.clone().collect_limited(9).await.is_err());
        assert_eq!(big.collect_limited(10).await.expect("fits").len(), 10);
        let failing = ByteStream::from_stream(Chunks(vec![Err(std::io::Error::other("boom"))].into_iter()), Some(3));
        assert!(failing.collect().await.expect_err("fails").to_string().contains("boom"));
    }

    #[test]
    fn debug_shows_no_contents() {
        let body = ByteStream::from("secret-bytes");
        let text = format!("{body:?}");
        assert!(!text.contains("secret"), "{text}");
        assert!(text.contains("12"), "{text}");
    }

    struct Chunks<I>(I);
    impl<I: Iterator<Item = Result<Bytes, std::io::Error>> + Unpin> Stream for Chunks<I> {
        type Item = Result<Bytes, std::io::Error>;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.0.next())
        }
    }
}
