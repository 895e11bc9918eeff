//! Paginators: one generic engine behind every `smithy.api#paginated` operation.
//!
//! A paginated operation's generated glue supplies only data: where the input token is ([`Tokens::input`]),
//! where the output token is ([`Tokens::output`]), where the items are (a function for [`items`]), and a
//! closure that sends one page through the operation's ordinary `send` path (so every page gets the usual
//! validation, retries and timeouts). The loop itself lives here, tested once.
//!
//! The stream ends after a page whose next token is absent or empty, after an error (yielded as the last
//! item), and, unless turned off, when the service hands back a token the stream has already sent: a service
//! that repeats itself cannot keep a paginator running forever.

use crate::runtime::error::SdkError;
use futures_core::Stream;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

/// The future of one page: the operation's `send` for one input.
pub type PageFuture<O, E> = Pin<Box<dyn Future<Output = Result<O, SdkError<E>>> + Send>>;

/// A pagination token: a string or, in some services (DynamoDB `Query`/`Scan`), a map.
pub trait PageToken: Clone + PartialEq + Send + 'static {
    /// An empty token means "no more pages", like an absent one.
    fn is_empty(&self) -> bool;

    /// A fingerprint of the token for spotting a cycle of tokens (A, B, A, ...), or `None` when the type
    /// cannot be fingerprinted cheaply (then only a token equal to the one just sent is spotted).
    fn fingerprint(&self) -> Option<u64> {
        None
    }
}

impl PageToken for String {
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }

    fn fingerprint(&self) -> Option<u64> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut hasher);
        Some(hasher.finish())
    }
}

impl<V: Clone + PartialEq + Send + 'static> PageToken for HashMap<String, V> {
    fn is_empty(&self) -> bool {
        HashMap::is_empty(self)
    }
}

/// Where one operation keeps its pagination token, in the input and in the output (generated per operation as
/// two non-capturing closures).
pub struct Tokens<I, O, T> {
    /// The input's token member.
    pub input: fn(&mut I) -> &mut Option<T>,
    /// The output's token, following its path (`Result.NextToken`); `None` when any step is absent.
    pub output: fn(&O) -> Option<&T>,
}

impl<I, O, T> Clone for Tokens<I, O, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, O, T> Copy for Tokens<I, O, T> {}

/// A stream of pages or items. Use the inherent [`next`](Self::next) / [`try_next`](Self::try_next), gather
/// everything with [`collect`](Self::collect) / [`try_collect`](Self::try_collect), or any `futures` combinator
/// through its [`Stream`] implementation. Nothing is sent until the stream is polled.
pub struct PaginationStream<Item>(Pin<Box<dyn Stream<Item = Item> + Send>>);

impl<Item> PaginationStream<Item> {
    /// Wraps any stream (the engine's pages and items streams, or a test's).
    pub fn new(stream: impl Stream<Item = Item> + Send + 'static) -> Self {
        PaginationStream(Box::pin(stream))
    }

    /// The next page or item; `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Item> {
        std::future::poll_fn(|cx| self.0.as_mut().poll_next(cx)).await
    }

    /// Polls for the next page or item (for hand-written futures).
    pub fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        self.0.as_mut().poll_next(cx)
    }

    /// Everything the stream yields, gathered into any collection: `Vec<Result<_, _>>`, or
    /// `Result<Vec<_>, _>` (the stream ends at its first error, so nothing is lost either way).
    pub async fn collect<C: FromIterator<Item>>(mut self) -> C {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item);
        }
        all.into_iter().collect()
    }
}

impl<T, E> PaginationStream<Result<T, E>> {
    /// The next page or item, with the error as an `Err`; `Ok(None)` once the stream has ended.
    pub async fn try_next(&mut self) -> Result<Option<T>, E> {
        self.next().await.transpose()
    }

    /// Every page or item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, E> {
        let mut all = Vec::new();
        while let Some(item) = self.try_next().await? {
            all.push(item);
        }
        Ok(all)
    }
}

impl<Item> Stream for PaginationStream<Item> {
    type Item = Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        self.get_mut().0.as_mut().poll_next(cx)
    }
}

impl<Item> fmt::Debug for PaginationStream<Item> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PaginationStream")
    }
}

/// The pages of an operation, starting from `first` (the built input, or the error building it, which becomes
/// the stream's only item). `send` sends one page; `stop_on_duplicate_token` ends the stream when the service
/// returns a token already sent.
pub fn pages<I, O, E, T, F>(
    first: Result<I, SdkError<E>>,
    stop_on_duplicate_token: bool,
    tokens: Tokens<I, O, T>,
    send: F,
) -> PaginationStream<Result<O, SdkError<E>>>
where
    I: Clone + Send + 'static,
    O: Send + 'static,
    E: Send + 'static,
    T: PageToken,
    F: FnMut(I) -> PageFuture<O, E> + Send + 'static,
{
    PaginationStream::new(Pages {
        first: Some(first),
        input: None,
        in_flight: None,
        sent: HashSet::new(),
        stop_on_duplicate_token,
        tokens,
        send,
    })
}

/// The items of every page: `extract` takes them out of a page (a list's elements, or a map's entries as
/// `(key, value)` pairs). An error ends the stream like it ends the pages.
pub fn items<O, E, X>(pages: PaginationStream<Result<O, SdkError<E>>>, extract: fn(O) -> Vec<X>) -> PaginationStream<Result<X, SdkError<E>>>
where
    O: Send + 'static,
    E: Send + 'static,
    X: Send + 'static,
{
    PaginationStream::new(Items { pages, extract, buffer: Vec::new().into_iter() })
}

/// The state machine of [`pages`].
struct Pages<I, O, E, T, F> {
    /// The built input (or the error building it), until the first page is sent.
    first: Option<Result<I, SdkError<E>>>,
    /// The input of the next page (its token already set); `None` once the stream has ended.
    input: Option<I>,
    in_flight: Option<PageFuture<O, E>>,
    /// Fingerprints of the tokens sent so far.
    sent: HashSet<u64>,
    stop_on_duplicate_token: bool,
    tokens: Tokens<I, O, T>,
    send: F,
}

impl<I, O, E, T, F> Pages<I, O, E, T, F>
where
    I: Clone,
    T: PageToken,
    F: FnMut(I) -> PageFuture<O, E>,
{
    /// Sets up the next page from `output`, or ends the stream (`input` becomes `None`).
    fn advance(&mut self, output: &O) {
        let Some(input) = self.input.as_mut() else { return };
        let slot = (self.tokens.input)(input);
        let next = match (self.tokens.output)(output) {
            Some(token) if !token.is_empty() => token,
            _ => {
                self.input = None;
                return;
            }
        };
        let repeated = slot.as_ref() == Some(next) || next.fingerprint().is_some_and(|f| self.sent.contains(&f));
        if repeated && self.stop_on_duplicate_token {
            self.input = None;
            return;
        }
        *slot = Some(next.clone());
    }

    /// Sends the page of `self.input`, remembering its token.
    fn start(&mut self) -> Option<PageFuture<O, E>> {
        let input = self.input.as_mut()?;
        if let Some(fingerprint) = (self.tokens.input)(input).as_ref().and_then(PageToken::fingerprint) {
            self.sent.insert(fingerprint);
        }
        Some((self.send)(input.clone()))
    }
}

// No field is ever pinned in place (the page future is boxed), so moving the state is fine.
impl<I, O, E, T, F> Unpin for Pages<I, O, E, T, F> {}

impl<I, O, E, T, F> Stream for Pages<I, O, E, T, F>
where
    I: Clone,
    T: PageToken,
    F: FnMut(I) -> PageFuture<O, E>,
{
    type Item = Result<O, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match this.first.take() {
            Some(Ok(input)) => this.input = Some(input),
            Some(Err(error)) => return Poll::Ready(Some(Err(error))),
            None => {}
        }
        if this.in_flight.is_none() {
            this.in_flight = this.start();
        }
        let Some(page) = this.in_flight.as_mut() else { return Poll::Ready(None) };
        let result = match page.as_mut().poll(cx) {
            Poll::Ready(result) => result,
            Poll::Pending => return Poll::Pending,
        };
        this.in_flight = None;
        match &result {
            Ok(output) => this.advance(output),
            Err(_) => this.input = None,
        }
        Poll::Ready(Some(result))
    }
}

/// The state machine of [`items`].
struct Items<O, E, X> {
    pages: PaginationStream<Result<O, SdkError<E>>>,
    extract: fn(O) -> Vec<X>,
    /// What is left of the current page.
    buffer: std::vec::IntoIter<X>,
}

// No field is ever pinned in place (the pages stream is boxed).
impl<O, E, X> Unpin for Items<O, E, X> {}

impl<O, E, X> Stream for Items<O, E, X> {
    type Item = Result<X, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match this.pages.poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => this.buffer = (this.extract)(page).into_iter(),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // scripted pages are `Result<_, SdkError<_>>`, as the operations return
mod tests {
    use super::*;
    use crate::runtime::validate::{Constraint, Path, ValidationError};
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Debug, Default, PartialEq)]
    struct Input {
        token: Option<String>,
    }

    #[derive(Clone, Debug, PartialEq)]
    struct Output {
        next: Option<String>,
        items: Vec<u32>,
    }

    fn page(next: Option<&str>, items: &[u32]) -> Output {
        Output { next: next.map(str::to_owned), items: items.to_vec() }
    }

    fn failure() -> SdkError<()> {
        SdkError::Validation(ValidationError::new(Path::root("Test"), Constraint::Required))
    }

    const TOKENS: Tokens<Input, Output, String> = Tokens { input: |i| &mut i.token, output: |o| o.next.as_ref() };

    /// A paginator over scripted pages; returns it and the tokens each request carried. Past the end of the
    /// script every request fails, so a stream that does not stop shows up as an error.
    #[allow(clippy::type_complexity)]
    fn scripted(
        first: Input,
        script: Vec<Result<Output, SdkError<()>>>,
        stop_on_duplicate_token: bool,
    ) -> (PaginationStream<Result<Output, SdkError<()>>>, Arc<Mutex<Vec<Option<String>>>>) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = sent.clone();
        let mut script = script.into_iter();
        let stream = pages(Ok(first), stop_on_duplicate_token, TOKENS, move |input: Input| {
            log.lock().unwrap().push(input.token.clone());
            let answer = script.next().unwrap_or_else(|| Err(failure()));
            Box::pin(async move { answer }) as PageFuture<Output, ()>
        });
        (stream, sent)
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(future)
    }

    fn tokens(sent: &Arc<Mutex<Vec<Option<String>>>>) -> Vec<Option<String>> {
        sent.lock().unwrap().clone()
    }

    fn some(tokens: &[Option<&str>]) -> Vec<Option<String>> {
        tokens.iter().map(|t| t.map(str::to_owned)).collect()
    }

    #[test]
    fn each_page_sends_the_previous_output_token_until_it_is_absent() {
        let script = vec![Ok(page(Some("a"), &[1, 2])), Ok(page(Some("b"), &[3])), Ok(page(None, &[4]))];
        let (stream, sent) = scripted(Input::default(), script, true);
        let pages = block_on(stream.try_collect()).unwrap();
        assert_eq!(pages.iter().map(|p| p.items.clone()).collect::<Vec<_>>(), [vec![1, 2], vec![3], vec![4]]);
        assert_eq!(tokens(&sent), some(&[None, Some("a"), Some("b")]));
    }

    #[test]
    fn an_empty_token_ends_the_stream() {
        let (stream, sent) = scripted(Input::default(), vec![Ok(page(Some("a"), &[])), Ok(page(Some(""), &[]))], true);
        assert_eq!(block_on(stream.try_collect()).unwrap().len(), 2);
        assert_eq!(tokens(&sent), some(&[None, Some("a")]));
    }

    #[test]
    fn the_starting_token_is_sent_and_a_repeated_token_ends_the_stream() {
        let first = Input { token: Some("start".into()) };
        let (stream, sent) = scripted(first, vec![Ok(page(Some("x"), &[1])), Ok(page(Some("x"), &[2]))], true);
        assert_eq!(block_on(stream.try_collect()).unwrap().len(), 2, "the page with the repeated token is kept");
        assert_eq!(tokens(&sent), some(&[Some("start"), Some("x")]));
    }

    #[test]
    fn a_cycle_of_tokens_ends_the_stream() {
        let script = vec![Ok(page(Some("a"), &[])), Ok(page(Some("b"), &[])), Ok(page(Some("a"), &[]))];
        let (stream, sent) = scripted(Input::default(), script, true);
        assert_eq!(block_on(stream.try_collect()).unwrap().len(), 3);
        assert_eq!(tokens(&sent), some(&[None, Some("a"), Some("b")]));
    }

    #[test]
    fn repeated_tokens_are_followed_when_asked_to() {
        let script = vec![Ok(page(Some("x"), &[])), Ok(page(Some("x"), &[])), Ok(page(None, &[]))];
        let (stream, sent) = scripted(Input::default(), script, false);
        assert_eq!(block_on(stream.try_collect()).unwrap().len(), 3);
        assert_eq!(tokens(&sent), some(&[None, Some("x"), Some("x")]));
    }

    #[test]
    fn an_error_is_the_last_item() {
        let (mut stream, sent) = scripted(Input::default(), vec![Ok(page(Some("a"), &[1])), Err(failure())], true);
        block_on(async {
            assert!(matches!(stream.next().await, Some(Ok(_))));
            assert!(matches!(stream.next().await, Some(Err(SdkError::Validation(_)))));
            assert!(stream.next().await.is_none());
            assert!(stream.next().await.is_none(), "an ended stream stays ended");
        });
        assert_eq!(tokens(&sent), some(&[None, Some("a")]));
    }

    #[test]
    fn an_input_that_could_not_be_built_is_the_only_item_and_nothing_is_sent() {
        let calls = Arc::new(Mutex::new(0));
        let counter = calls.clone();
        let stream = pages(Err(failure()), true, TOKENS, move |_: Input| {
            *counter.lock().unwrap() += 1;
            Box::pin(async { Ok(page(None, &[])) }) as PageFuture<Output, ()>
        });
        let all: Vec<Result<Output, SdkError<()>>> = block_on(stream.collect());
        assert!(matches!(all.as_slice(), [Err(SdkError::Validation(_))]));
        assert_eq!(*calls.lock().unwrap(), 0);
    }

    #[test]
    fn items_flatten_the_pages_and_keep_the_error() {
        let script = vec![Ok(page(Some("a"), &[1, 2])), Ok(page(Some("b"), &[])), Ok(page(Some("c"), &[3])), Err(failure())];
        let (stream, _) = scripted(Input::default(), script, true);
        let all: Vec<Result<u32, SdkError<()>>> = block_on(items(stream, |o: Output| o.items).collect());
        assert_eq!(all.iter().filter_map(|r| r.as_ref().ok().copied()).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(matches!(all.last(), Some(Err(SdkError::Validation(_)))));
        let (stream, _) = scripted(Input::default(), vec![Ok(page(None, &[7, 8]))], true);
        assert_eq!(block_on(items(stream, |o: Output| o.items).try_collect()).unwrap(), [7, 8]);
    }

    #[test]
    fn map_tokens_are_carried_and_an_empty_map_ends_the_stream() {
        type Key = HashMap<String, u8>;
        #[derive(Clone, Default)]
        struct MapInput {
            start: Option<Key>,
        }
        struct MapOutput {
            last: Option<Key>,
        }
        let key = |v: u8| Key::from([("id".to_string(), v)]);
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = sent.clone();
        let mut script = vec![Some(key(1)), Some(key(2)), Some(Key::new())].into_iter();
        let tokens: Tokens<MapInput, MapOutput, Key> = Tokens { input: |i| &mut i.start, output: |o| o.last.as_ref() };
        let stream = pages(Ok(MapInput::default()), true, tokens, move |input: MapInput| {
            log.lock().unwrap().push(input.start.clone());
            let last = script.next().flatten();
            Box::pin(async move { Ok(MapOutput { last }) }) as PageFuture<MapOutput, ()>
        });
        assert_eq!(block_on(stream.try_collect()).unwrap().len(), 3);
        assert_eq!(*sent.lock().unwrap(), [None, Some(key(1)), Some(key(2))]);
    }

    #[test]
    fn a_map_token_equal_to_the_one_sent_ends_the_stream() {
        type Key = HashMap<String, u8>;
        let stream = pages(
            Ok(Some(Key::from([("k".to_string(), 1)]))),
            true,
            Tokens::<Option<Key>, Key, Key> { input: |i| i, output: |o| Some(o) },
            |_| Box::pin(async { Ok(Key::from([("k".to_string(), 1)])) }) as PageFuture<Key, ()>,
        );
        assert_eq!(block_on(stream.try_collect()).unwrap().len(), 1);
    }

    #[test]
    fn the_stream_is_a_futures_stream_and_sends_nothing_until_polled() {
        let (mut stream, sent) = scripted(Input::default(), vec![Ok(page(None, &[1]))], true);
        assert!(sent.lock().unwrap().is_empty());
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let polled = Stream::poll_next(Pin::new(&mut stream), &mut cx);
        assert!(matches!(polled, Poll::Ready(Some(Ok(_)))));
        assert!(matches!(Stream::poll_next(Pin::new(&mut stream), &mut cx), Poll::Ready(None)));
        assert_eq!(format!("{stream:?}"), "PaginationStream");
    }
}
