//! The configured region is checked before it reaches a host name or a signing scope: an empty region, or one
//! that is not a single host label, would otherwise build a host such as `service..amazonaws.com` or sign for
//! a scope no service accepts.

use crate::runtime::host_prefix::is_valid_host_label;

/// Why a region cannot be used; nothing is sent.
pub fn check_region(region: Option<&str>) -> Result<(), String> {
    match region {
        None => Ok(()), // the endpoint rules (or signing) report a missing region in their own words
        Some("") => Err(
            "the configured region is empty: set AWS_REGION or Config::builder().region(..) to a region such as `us-east-1`"
                .to_owned(),
        ),
        Some(region) if region.contains('.') || !is_valid_host_label(region) => Err(format!(
            "invalid region `{}`: a region is one host label (ASCII letters, digits and `-`, 1 to 63 characters, \
             not starting with `-`), such as `us-east-1`",
            region.escape_debug()
        )),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_region_names_and_rejects_the_rest() {
        for good in [None, Some("us-east-1"), Some("us-gov-west-1"), Some("fips-us-east-1"), Some("local")] {
            assert_eq!(check_region(good), Ok(()), "{good:?}");
        }
        let empty = check_region(Some("")).expect_err("empty");
        assert!(empty.contains("region is empty"), "{empty}");
        for bad in ["us east 1", "us-east-1.evil.com", "-us", "us/east", "us-east-1\n", &"a".repeat(64)] {
            let message = check_region(Some(bad)).expect_err(bad);
            assert!(message.starts_with("invalid region `"), "{message}");
        }
    }
}
