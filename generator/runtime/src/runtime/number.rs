//! Smithy `bigInteger` and `bigDecimal`: arbitrary-precision numbers kept as validated text,
//! so no precision is lost and no bignum crate is needed.

use std::fmt;
use std::str::FromStr;

/// Why text is not a valid big number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseNumberError {
    kind: &'static str,
    text: String,
}

impl fmt::Display for ParseNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid {}", self.text, self.kind)
    }
}

impl std::error::Error for ParseNumberError {}

/// An integer of any size, e.g. `-123456789012345678901234567890`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BigInteger(String);

/// A decimal number of any size and precision, e.g. `1.5e-300`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BigDecimal(String);

/// Length of a run of ASCII digits at the start of `bytes`.
fn digit_run(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// Optional sign, then at least one digit.
fn is_integer(bytes: &[u8]) -> bool {
    let unsigned = match bytes.first() {
        Some(b'-' | b'+') => &bytes[1..],
        _ => bytes,
    };
    !unsigned.is_empty() && digit_run(unsigned) == unsigned.len()
}

/// JSON-number-like: optional sign, digits with an optional fraction (`1.`, `.5` allowed), optional exponent.
fn is_decimal(bytes: &[u8]) -> bool {
    let mut rest = match bytes.first() {
        Some(b'-' | b'+') => &bytes[1..],
        _ => bytes,
    };
    let int_digits = digit_run(rest);
    rest = &rest[int_digits..];
    let mut frac_digits = 0;
    if let Some(after_dot) = rest.strip_prefix(b".") {
        frac_digits = digit_run(after_dot);
        rest = &after_dot[frac_digits..];
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    match rest.first() {
        None => true,
        Some(b'e' | b'E') => is_integer(&rest[1..]),
        Some(_) => false,
    }
}

macro_rules! text_number {
    ($ty:ident, $kind:literal, $check:ident) => {
        impl $ty {
            /// The number's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The number's text, by value.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl FromStr for $ty {
            type Err = ParseNumberError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                if $check(text.as_bytes()) {
                    Ok($ty(text.to_owned()))
                } else {
                    Err(ParseNumberError {
                        kind: $kind,
                        text: text.to_owned(),
                    })
                }
            }
        }

        impl TryFrom<String> for $ty {
            type Error = ParseNumberError;

            fn try_from(text: String) -> Result<Self, Self::Error> {
                if $check(text.as_bytes()) {
                    Ok($ty(text))
                } else {
                    Err(ParseNumberError { kind: $kind, text })
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<i64> for $ty {
            fn from(value: i64) -> Self {
                $ty(value.to_string())
            }
        }

        impl From<u64> for $ty {
            fn from(value: u64) -> Self {
                $ty(value.to_string())
            }
        }

        impl From<i128> for $ty {
            fn from(value: i128) -> Self {
                $ty(value.to_string())
            }
        }
    };
}

text_number!(BigInteger, "big integer", is_integer);
text_number!(BigDecimal, "big decimal", is_decimal);

impl From<BigInteger> for BigDecimal {
    fn from(value: BigInteger) -> Self {
        BigDecimal(value.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_integers() {
        for ok in ["0", "-1", "+7", "123456789012345678901234567890"] {
            assert_eq!(ok.parse::<BigInteger>().unwrap().to_string(), ok);
        }
        for bad in ["", "-", "1.0", "1e3", " 1", "0x10", "١"] {
            assert!(
                bad.parse::<BigInteger>().is_err(),
                "{bad:?} should be rejected"
            );
        }
        assert_eq!(BigInteger::from(-5i64).as_str(), "-5");
        assert_eq!(BigInteger::from(u64::MAX).as_str(), "18446744073709551615");
    }

    #[test]
    fn big_decimals() {
        for ok in [
            "0",
            "-1.5",
            "1.",
            ".5",
            "1e10",
            "1.5E-300",
            "+2.0e+3",
            "123456789.123456789123456789",
        ] {
            assert_eq!(ok.parse::<BigDecimal>().unwrap().as_str(), ok);
        }
        for bad in [
            "", ".", "-", "e5", "1e", "1.2.3", "NaN", "Infinity", "1 ", "1e5.5",
        ] {
            assert!(
                bad.parse::<BigDecimal>().is_err(),
                "{bad:?} should be rejected"
            );
        }
        let err = "x".parse::<BigDecimal>().unwrap_err();
        assert_eq!(err.to_string(), "`x` is not a valid big decimal");
        assert!(BigDecimal::try_from("1.5".to_string()).is_ok());
    }
}
