//! `@idempotencyToken` members filled in automatically when the caller leaves them unset, from the
//! [`IdempotencyTokenProvider`] of the client's config (random UUID v4 by default).

use std::fmt;
use std::sync::Arc;

/// A fresh random UUID v4 in its hyphenated lowercase form, e.g. `a1b2c3d4-...`.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// Where idempotency tokens come from; cloning is cheap.
#[derive(Clone)]
pub struct IdempotencyTokenProvider {
    source: TokenSource,
}

#[derive(Clone)]
enum TokenSource {
    Random,
    Fixed(Arc<str>),
    Custom(Arc<dyn Fn() -> String + Send + Sync>),
}

impl IdempotencyTokenProvider {
    /// A random UUID v4 per call (the default).
    pub fn random() -> Self {
        IdempotencyTokenProvider { source: TokenSource::Random }
    }

    /// The same token every time: for tests that compare requests byte for byte.
    pub fn fixed(token: impl Into<String>) -> Self {
        IdempotencyTokenProvider { source: TokenSource::Fixed(Arc::from(token.into())) }
    }

    /// Tokens from `make`, called once per request that needs one.
    pub fn from_fn(make: impl Fn() -> String + Send + Sync + 'static) -> Self {
        IdempotencyTokenProvider { source: TokenSource::Custom(Arc::new(make)) }
    }

    /// A token for one call (the same one is reused by that call's retries).
    pub fn make_token(&self) -> String {
        match &self.source {
            TokenSource::Random => idempotency_token(),
            TokenSource::Fixed(token) => token.to_string(),
            TokenSource::Custom(make) => make(),
        }
    }
}

impl Default for IdempotencyTokenProvider {
    fn default() -> Self {
        IdempotencyTokenProvider::random()
    }
}

impl fmt::Debug for IdempotencyTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.source {
            TokenSource::Random => "random",
            TokenSource::Fixed(_) => "fixed",
            TokenSource::Custom(_) => "custom",
        };
        write!(f, "IdempotencyTokenProvider({kind})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_v4_uuids() {
        let a = idempotency_token();
        let b = idempotency_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4', "version nibble in {a}");
        assert!(
            matches!(a.as_bytes()[19], b'8' | b'9' | b'a' | b'b'),
            "variant nibble in {a}"
        );
        assert!(a
            .chars()
            .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }

    #[test]
    fn providers_give_random_fixed_or_custom_tokens() {
        let random = IdempotencyTokenProvider::default();
        assert_ne!(random.make_token(), random.make_token());
        let fixed = IdempotencyTokenProvider::fixed("00000000-0000-4000-8000-000000000000");
        assert_eq!(fixed.make_token(), "00000000-0000-4000-8000-000000000000");
        assert_eq!(fixed.make_token(), fixed.make_token());
        let custom = IdempotencyTokenProvider::from_fn(|| "t-1".to_owned());
        assert_eq!(custom.make_token(), "t-1");
        assert_eq!(format!("{fixed:?}"), "IdempotencyTokenProvider(fixed)");
    }
}
