//! `@httpChecksumRequired`: a `Content-MD5` header over the body as sent.

use crate::runtime::http::Request;
use md5::{Digest, Md5};

/// Sets `Content-MD5` to the base64 of the body's MD5 digest (call it after any compression). A body streamed
/// from a file or a caller's stream is not read twice to hash it: no header is added (the caller can set one).
pub fn with_content_md5(request: Request) -> Request {
    if request.streaming_body_value().is_some() {
        return request;
    }
    let digest = Md5::digest(request.body_bytes());
    let value = crate::runtime::encoding::base64_encode(digest.as_slice());
    request.replace_header("Content-MD5", value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_md5_is_base64_of_the_body_digest() {
        // RFC 1321 test vectors: MD5("abc") = 900150983cd24fb0d6963f7d28e17f72, MD5("") = d41d8cd98f00b204e9800998ecf8427e.
        let request = with_content_md5(Request::new("POST", "/".into()).body(b"abc".to_vec()));
        assert_eq!(request.header_value("content-md5"), Some("kAFQmDzST7DWlj99KOF/cg=="));
        let empty = with_content_md5(Request::new("POST", "/".into()));
        assert_eq!(empty.header_value("Content-MD5"), Some("1B2M2Y8AsgTpgAmY7PhCfg=="));
        let stream = crate::runtime::byte_stream::ByteStream::from_stream(
            empty_stream::Empty,
            None,
        );
        let streamed = with_content_md5(Request::new("POST", "/".into()).streaming_body(stream));
        assert_eq!(streamed.header_value("Content-MD5"), None, "the digest of an empty body would be wrong");
    }

    mod empty_stream {
        /// A stream with no chunks.
        pub struct Empty;
        impl futures_core::Stream for Empty {
            type Item = Result<bytes::Bytes, std::io::Error>;
            fn poll_next(self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
                std::task::Poll::Ready(None)
            }
        }
    }
}
