//! `@requestCompression`: gzip of request bodies, for operations whose model asks for it.

use crate::runtime::config::Config;
use crate::runtime::http::Request;
use std::io::Write;

/// Gzips the body unless compression is disabled in `config` or the body is smaller than its minimum size,
/// and appends `gzip` to `Content-Encoding` (after any encoding already set). Compression is an
/// optimisation: if it fails, the request is sent as it was.
pub fn gzip_request(request: Request, config: &Config) -> Request {
    let body = request.body_bytes();
    let min_size = usize::try_from(config.request_min_compression_size_bytes()).unwrap_or(usize::MAX);
    if config.disable_request_compression() || body.len() < min_size {
        return request;
    }
    let compressed = match gzip(body) {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::debug!(%error, "gzip failed; sending the body uncompressed");
            return request;
        }
    };
    let encoding = match request.header_value("content-encoding") {
        Some(existing) if !existing.trim().is_empty() => format!("{existing}, gzip"),
        _ => "gzip".to_owned(),
    };
    request
        .replace_header("Content-Encoding", encoding)
        .body(compressed)
}

fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 2),
        flate2::Compression::default(),
    );
    encoder.write_all(bytes)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("valid gzip");
        out
    }

    fn config(min: u32, disabled: bool) -> Config {
        Config::builder()
            .request_min_compression_size_bytes(min)
            .disable_request_compression(disabled)
            .build()
    }

    #[test]
    fn compresses_large_bodies_and_appends_the_encoding() {
        let body = b"abc".repeat(5000);
        let request = Request::new("POST", "/".into())
            .header("content-encoding", "custom")
            .body(body.clone());
        let sent = gzip_request(request, &Config::builder().build());
        assert_eq!(sent.header_value("Content-Encoding"), Some("custom, gzip"));
        assert_eq!(sent.headers().filter(|(n, _)| n.eq_ignore_ascii_case("content-encoding")).count(), 1);
        assert!(sent.body_bytes().len() < body.len());
        assert_eq!(gunzip(sent.body_bytes()), body);

        let plain = gzip_request(Request::new("POST", "/".into()).body(body.clone()), &config(0, false));
        assert_eq!(plain.header_value("content-encoding"), Some("gzip"));
    }

    #[test]
    fn leaves_small_bodies_and_disabled_configs_alone() {
        let small = gzip_request(Request::new("POST", "/".into()).body(vec![1; 100]), &config(101, false));
        assert_eq!(small.header_value("content-encoding"), None);
        assert_eq!(small.body_bytes().as_ref(), &[1; 100][..]);
        let at_min = gzip_request(Request::new("POST", "/".into()).body(vec![1; 100]), &config(100, false));
        assert_eq!(at_min.header_value("content-encoding"), Some("gzip"));
        let disabled = gzip_request(Request::new("POST", "/".into()).body(vec![1; 100]), &config(0, true));
        assert_eq!(disabled.header_value("content-encoding"), None);
    }
}
