//! `@endpoint(hostPrefix)` support: the check a `@hostLabel` member's value must pass before it becomes part
//! of the request's host.

/// The rule [`is_valid_host_label`] applies, as a regex (reported in validation errors).
pub const HOST_LABEL_PATTERN: &str = r"^[A-Za-z0-9][A-Za-z0-9-]{0,62}(\.[A-Za-z0-9][A-Za-z0-9-]{0,62})*$";

/// Whether `value` can be placed in a host name: one or more `.`-separated labels of 1 to 63 ASCII letters,
/// digits and `-`, none starting with `-`.
pub fn is_valid_host_label(value: &str) -> bool {
    !value.is_empty()
        && value.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_host_labels_and_rejects_the_rest() {
        for good in ["bar", "a-b", "x1.y2", "0", &"a".repeat(63)] {
            assert!(is_valid_host_label(good), "{good}");
        }
        for bad in ["", "-a", "a..b", "a.", "a b", "a/b", "a:1", "ü", &"a".repeat(64)] {
            assert!(!is_valid_host_label(bad), "{bad}");
        }
    }
}
