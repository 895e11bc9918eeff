//! Client-side checks of Smithy constraint traits (`@required`, `@length`, `@pattern`, `@range`),
//! run by emitted code before a request is built.
//!
//! Emitted validators thread a [`Path`] through nested members. A `Path` is a chain of stack
//! frames borrowing their parent, so the success path never allocates; the dotted member path
//! (`Lifecycle.DeleteAfterDays`, `Tags[2].Key`) is only rendered when a check fails.
//!
//! Every check of an input runs, and every violation is reported in one [`ValidationError`]: emitted
//! validators record into a [`Checker`], whose [`ValidationLevel`] (set with `Config::builder().validation(..)`)
//! decides which checks run.
//!
//! ```ignore
//! fn validate_input(input: &StartCopyJobInput, path: Path<'_>, c: &mut Checker) {
//!     c.required(&input.recovery_point_arn, path.member("RecoveryPointArn"));
//!     if let Some(lifecycle) = &input.lifecycle {
//!         let path = path.member("Lifecycle");
//!         c.range_i64(lifecycle.delete_after_days, Some(1), None, path.member("DeleteAfterDays"));
//!     }
//! }
//! validate::check(config.validation(), |c| validate_input(&input, Path::root("StartCopyJob"), c))?;
//! ```

use std::fmt;
use std::sync::OnceLock;

/// The lazily compiled regex of one `@pattern` (`None` when it cannot be compiled).
/// Emitted code declares one per pattern: `static P: PatternCache = PatternCache::new();`
pub type PatternCache = OnceLock<Option<fancy_regex::Regex>>;

/// An input that breaks constraints of the model; nothing was sent. Holds every violation found (at least one),
/// in the order of the input's members.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationError {
    /// The operation (or, for a builder, the structure) whose input was checked, e.g. `StartCopyJob`.
    pub operation: &'static str,
    /// Every violation, in member order; never empty.
    pub violations: Vec<Violation>,
}

/// One member that breaks one constraint.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// Path of the offending member, e.g. `Lifecycle.DeleteAfterDays` or `Tags[2].Key`.
    pub member: String,
    /// What was violated.
    pub constraint: Constraint,
}

/// Which client-side checks run before a request is sent (`Config::builder().validation(..)`).
/// The service checks its input anyway: loosening this never sends what the service would accept less
/// readily, it only lets through values a newer service accepts but this client's model rejects (a pattern
/// stricter than the live service, such as one written before a new partition existed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidationLevel {
    /// Required members, `@length`, `@pattern` and `@range` (the default).
    #[default]
    Full,
    /// Only that required members are set.
    RequiredOnly,
    /// No client-side checks (members a request cannot be built without, such as URI labels, are still
    /// reported).
    Off,
}

/// Collects the violations of one input; emitted validators call its checks, which record instead of
/// returning early, and skip the constraint checks the level turns off.
#[derive(Debug)]
pub struct Checker {
    level: ValidationLevel,
    operation: &'static str,
    violations: Vec<Violation>,
}

/// Runs `validate` on a new [`Checker`] at `level` (not at all when the level is `Off`); an error with every
/// violation it recorded, if any.
pub fn check(level: ValidationLevel, validate: impl FnOnce(&mut Checker)) -> Result<(), ValidationError> {
    if level == ValidationLevel::Off {
        return Ok(());
    }
    let mut checker = Checker {
        level,
        operation: "",
        violations: Vec::new(),
    };
    validate(&mut checker);
    checker.finish()
}

impl Checker {
    fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                operation: self.operation,
                violations: self.violations,
            })
        }
    }

    fn record(&mut self, result: Result<(), ValidationError>) {
        if let Err(e) = result {
            self.operation = e.operation;
            self.violations.extend(e.violations);
        }
    }

    fn constraints_checked(&self) -> bool {
        self.level == ValidationLevel::Full
    }

    /// `@required`: records a violation when unset; the value, for further checks, when set.
    pub fn required<'v, T>(&mut self, value: &'v Option<T>, path: Path<'_>) -> Option<&'v T> {
        if value.is_none() {
            self.record(Err(path.error(Constraint::Required)));
        }
        value.as_ref()
    }

    /// [`length_str`], recorded.
    pub fn length_str(&mut self, value: &str, min: Option<u64>, max: Option<u64>, path: Path<'_>) {
        if self.constraints_checked() {
            self.record(length_str(value, min, max, path));
        }
    }

    /// [`length_collection`], recorded.
    pub fn length_collection(&mut self, len: usize, min: Option<u64>, max: Option<u64>, path: Path<'_>) {
        if self.constraints_checked() {
            self.record(length_collection(len, min, max, path));
        }
    }

    /// [`length_blob`], recorded.
    pub fn length_blob(&mut self, value: &[u8], min: Option<u64>, max: Option<u64>, path: Path<'_>) {
        if self.constraints_checked() {
            self.record(length_blob(value, min, max, path));
        }
    }

    /// [`pattern`], recorded.
    pub fn pattern(&mut self, value: &str, regex: &'static str, cache: &'static PatternCache, path: Path<'_>) {
        if self.constraints_checked() {
            self.record(pattern(value, regex, cache, path));
        }
    }

    /// [`range_i64`], recorded.
    pub fn range_i64(&mut self, value: i64, min: Option<i64>, max: Option<i64>, path: Path<'_>) {
        if self.constraints_checked() {
            self.record(range_i64(value, min, max, path));
        }
    }

    /// [`range_f64`], recorded.
    pub fn range_f64(&mut self, value: f64, min: Option<f64>, max: Option<f64>, path: Path<'_>) {
        if self.constraints_checked() {
            self.record(range_f64(value, min, max, path));
        }
    }
}

/// A violated constraint. Values of `@pattern` members are not included (they may be sensitive).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Constraint {
    /// `@required` member not set.
    Required,
    /// `@length`: characters (Unicode scalar values) of a string, elements of a list or map,
    /// bytes of a blob.
    Length {
        /// Smallest allowed length, if bounded below.
        min: Option<u64>,
        /// Largest allowed length, if bounded above.
        max: Option<u64>,
        /// Length of the given value.
        actual: u64,
    },
    /// `@pattern` (an ECMA-262 regex, matched anywhere in the value) did not match.
    Pattern {
        /// The model's regex.
        pattern: &'static str,
    },
    /// `@range` of a number; bounds and value as text so integers and floats share the variant.
    Range {
        /// Smallest allowed value, if bounded below.
        min: Option<String>,
        /// Largest allowed value, if bounded above.
        max: Option<String>,
        /// The given value.
        actual: String,
    },
}

/// A builder's required member: the value, or the error naming `shape` and `member` when it was never set.
pub fn required_member<T>(value: Option<T>, shape: &'static str, member: &'static str) -> Result<T, ValidationError> {
    value.ok_or_else(|| ValidationError::new(Path::root(shape).member(member), Constraint::Required))
}

impl ValidationError {
    /// The failure of `constraint` at `path`.
    pub fn new(path: Path<'_>, constraint: Constraint) -> Self {
        let (operation, member) = path.render();
        ValidationError {
            operation,
            violations: vec![Violation { member, constraint }],
        }
    }

    /// Path of the first offending member.
    pub fn member(&self) -> &str {
        self.violations.first().map_or("", |v| v.member.as_str())
    }

    /// The first violated constraint.
    pub fn constraint(&self) -> Option<&Constraint> {
        self.violations.first().map(|v| &v.constraint)
    }
}

/// "at least 1", "at most 5", "between 1 and 5".
fn write_bounds<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    min: Option<T>,
    max: Option<T>,
) -> fmt::Result {
    match (min, max) {
        (Some(min), Some(max)) => write!(f, "between {min} and {max}"),
        (Some(min), None) => write!(f, "at least {min}"),
        (None, Some(max)) => write!(f, "at most {max}"),
        (None, None) => f.write_str("within its bounds"),
    }
}

impl fmt::Display for ValidationError {
    /// `Op: member `X` is required`, or for several: `Op: 2 invalid members: member `X` is required; member ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.operation)?;
        if self.violations.len() > 1 {
            write!(f, "{} invalid members: ", self.violations.len())?;
        }
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "member `{}` ", self.member)?;
        match &self.constraint {
            Constraint::Required => f.write_str("is required"),
            Constraint::Length { min, max, actual } => {
                let of = if min.is_some() && max.is_some() {
                    ""
                } else {
                    "of "
                };
                write!(f, "must have a length {of}")?;
                write_bounds(f, *min, *max)?;
                write!(f, " (was {actual})")
            }
            Constraint::Pattern { pattern } => write!(f, "must match the pattern `{pattern}`"),
            Constraint::Range { min, max, actual } => {
                f.write_str("must be ")?;
                write_bounds(f, min.as_deref(), max.as_deref())?;
                write!(f, " (was {actual})")
            }
        }
    }
}

impl std::error::Error for ValidationError {}

// ---------------------------------------------------------------------------------------------
// Paths

/// Where a value sits in an operation's input: a chain of frames, each borrowing its parent.
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    Operation(&'static str),
    Member(&'static str),
    Index(usize),
    Key(&'a str),
}

impl Path<'static> {
    /// The input of `operation`.
    pub const fn root(operation: &'static str) -> Self {
        Path {
            parent: None,
            segment: Segment::Operation(operation),
        }
    }
}

impl<'a> Path<'a> {
    /// A member of the structure at this path.
    pub fn member(&self, name: &'static str) -> Path<'_> {
        Path {
            parent: Some(self),
            segment: Segment::Member(name),
        }
    }

    /// An element of the list at this path.
    pub fn index(&self, index: usize) -> Path<'_> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// A value of the map at this path.
    pub fn key<'s>(&'s self, key: &'s str) -> Path<'s> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    /// The failure of `constraint` here.
    pub fn error(self, constraint: Constraint) -> ValidationError {
        ValidationError::new(self, constraint)
    }

    /// (operation, member path), walking up to the root.
    fn render(&self) -> (&'static str, String) {
        let mut frames = Vec::new();
        let mut frame = Some(self);
        while let Some(path) = frame {
            frames.push(path.segment);
            frame = path.parent;
        }
        let mut operation = "";
        let mut member = String::new();
        for segment in frames.iter().rev() {
            match segment {
                Segment::Operation(name) => operation = name,
                Segment::Member(name) => {
                    if !member.is_empty() {
                        member.push('.');
                    }
                    member.push_str(name);
                }
                Segment::Index(i) => {
                    member.push('[');
                    member.push_str(&i.to_string());
                    member.push(']');
                }
                Segment::Key(key) => {
                    member.push('[');
                    member.push_str(key);
                    member.push(']');
                }
            }
        }
        (operation, member)
    }
}

// ---------------------------------------------------------------------------------------------
// Checks

/// `@required`: the value must be set; returns it for further checks.
pub fn required<'v, T>(value: &'v Option<T>, path: Path<'_>) -> Result<&'v T, ValidationError> {
    value
        .as_ref()
        .ok_or_else(|| path.error(Constraint::Required))
}

fn check_length(
    actual: u64,
    min: Option<u64>,
    max: Option<u64>,
    path: Path<'_>,
) -> Result<(), ValidationError> {
    let too_short = min.is_some_and(|min| actual < min);
    let too_long = max.is_some_and(|max| actual > max);
    if too_short || too_long {
        Err(path.error(Constraint::Length { min, max, actual }))
    } else {
        Ok(())
    }
}

/// `@length` of a string, in Unicode scalar values. Counting is skipped when the byte length
/// alone proves the bound (a char is 1 to 4 bytes).
pub fn length_str(
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
    path: Path<'_>,
) -> Result<(), ValidationError> {
    let bytes = value.len() as u64;
    let surely_long_enough = min.is_none_or(|min| bytes.div_ceil(4) >= min);
    let surely_short_enough = max.is_none_or(|max| bytes <= max);
    if surely_long_enough && surely_short_enough {
        return Ok(());
    }
    check_length(value.chars().count() as u64, min, max, path)
}

/// `@length` of a list or map: its number of elements.
pub fn length_collection(
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
    path: Path<'_>,
) -> Result<(), ValidationError> {
    check_length(len as u64, min, max, path)
}

/// `@length` of a blob, in bytes.
pub fn length_blob(
    value: &[u8],
    min: Option<u64>,
    max: Option<u64>,
    path: Path<'_>,
) -> Result<(), ValidationError> {
    check_length(value.len() as u64, min, max, path)
}

/// `@pattern`: the ECMA-262 regex must match somewhere in the value (patterns carry their own
/// `^...$` anchors when they want them). The regex is compiled once into `cache` (fancy-regex: Unicode classes
/// and look-around work); a pattern that still cannot compile, or a match that exceeds the engine's backtracking
/// limit, is not held against the value: the service checks it too.
pub fn pattern(
    value: &str,
    pattern: &'static str,
    cache: &'static PatternCache,
    path: Path<'_>,
) -> Result<(), ValidationError> {
    let regex = cache.get_or_init(|| fancy_regex::Regex::new(pattern).ok());
    let mismatch = regex.as_ref().is_some_and(|r| matches!(r.is_match(value), Ok(false)));
    if mismatch {
        Err(path.error(Constraint::Pattern { pattern }))
    } else {
        Ok(())
    }
}

/// `@range` of an integral number (byte, short, integer, long).
pub fn range_i64(
    value: i64,
    min: Option<i64>,
    max: Option<i64>,
    path: Path<'_>,
) -> Result<(), ValidationError> {
    let below = min.is_some_and(|min| value < min);
    let above = max.is_some_and(|max| value > max);
    if below || above {
        Err(path.error(Constraint::Range {
            min: min.map(|v| v.to_string()),
            max: max.map(|v| v.to_string()),
            actual: value.to_string(),
        }))
    } else {
        Ok(())
    }
}

/// `@range` of a float or double. NaN is outside every range that has a bound.
pub fn range_f64(
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
    path: Path<'_>,
) -> Result<(), ValidationError> {
    let below = min.is_some_and(|min| value.is_nan() || value < min);
    let above = max.is_some_and(|max| value.is_nan() || value > max);
    if below || above {
        Err(path.error(Constraint::Range {
            min: min.map(|v| v.to_string()),
            max: max.map(|v| v.to_string()),
            actual: value.to_string(),
        }))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: Path<'static> = Path::root("StartCopyJob");

    #[test]
    fn required_members_name_shape_and_member() {
        assert_eq!(required_member(Some(3), "Lifecycle", "DeleteAfterDays").unwrap(), 3);
        let err = required_member::<i64>(None, "Lifecycle", "DeleteAfterDays").unwrap_err();
        assert_eq!((err.operation, err.member()), ("Lifecycle", "DeleteAfterDays"));
        assert_eq!(err.constraint(), Some(&Constraint::Required));
    }

    #[test]
    fn range_error_names_operation_member_and_values() {
        let lifecycle = ROOT.member("Lifecycle");
        let err = range_i64(0, Some(1), None, lifecycle.member("DeleteAfterDays")).unwrap_err();
        assert_eq!(err.operation, "StartCopyJob");
        assert_eq!(err.member(), "Lifecycle.DeleteAfterDays");
        assert_eq!(
            err.to_string(),
            "StartCopyJob: member `Lifecycle.DeleteAfterDays` must be at least 1 (was 0)"
        );
        assert!(range_i64(1, Some(1), Some(1), ROOT.member("X")).is_ok());
        let err = range_i64(11, Some(1), Some(10), ROOT.member("X")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "StartCopyJob: member `X` must be between 1 and 10 (was 11)"
        );
    }

    #[test]
    fn paths_through_lists_and_maps() {
        let tags = ROOT.member("Tags");
        let third = tags.index(2);
        let err = required(&None::<String>, third.member("Key")).unwrap_err();
        assert_eq!(err.member(), "Tags[2].Key");
        assert_eq!(err.constraint(), Some(&Constraint::Required));
        assert_eq!(
            err.to_string(),
            "StartCopyJob: member `Tags[2].Key` is required"
        );
        let key = String::from("env");
        let map = ROOT.member("Labels");
        let err = length_str("", Some(1), None, map.key(&key)).unwrap_err();
        assert_eq!(err.member(), "Labels[env]");
        assert_eq!(required(&Some(5), ROOT.member("N")), Ok(&5));
    }

    #[test]
    fn string_length_counts_scalar_values() {
        let path = ROOT.member("Name");
        // 4 chars, 16 bytes: fits max 4 although the byte length does not.
        assert!(length_str("😹😹😹😹", None, Some(4), path).is_ok());
        assert!(length_str("😹😹😹😹😹", None, Some(4), path).is_err());
        // 2 chars, 8 bytes: fails min 3 although the byte length would pass.
        let err = length_str("😹😹", Some(3), None, path).unwrap_err();
        assert_eq!(
            err.constraint(),
            Some(&Constraint::Length {
                min: Some(3),
                max: None,
                actual: 2
            })
        );
        assert_eq!(
            err.to_string(),
            "StartCopyJob: member `Name` must have a length of at least 3 (was 2)"
        );
        assert!(length_str("abc", Some(3), Some(3), path).is_ok());
        assert!(length_str("", None, None, path).is_ok());
        let err = length_collection(6, Some(1), Some(5), path).unwrap_err();
        assert_eq!(
            err.to_string(),
            "StartCopyJob: member `Name` must have a length between 1 and 5 (was 6)"
        );
        assert!(length_blob(b"", Some(1), None, path).is_err());
        assert!(length_blob(b"x", Some(1), None, path).is_ok());
    }

    #[test]
    fn patterns_are_unanchored_and_cached() {
        static ARN: PatternCache = PatternCache::new();
        static DIGIT: PatternCache = PatternCache::new();
        static LOOKAHEAD: PatternCache = PatternCache::new();
        let path = ROOT.member("Arn");
        assert!(pattern("arn:aws:backup", "^arn:[a-z\\-]+", &ARN, path).is_ok());
        let err = pattern("nope", "^arn:[a-z\\-]+", &ARN, path).unwrap_err();
        assert_eq!(
            err.to_string(),
            "StartCopyJob: member `Arn` must match the pattern `^arn:[a-z\\-]+`"
        );
        assert!(ARN.get().is_some_and(Option::is_some));
        assert!(pattern("abc1def", "\\d", &DIGIT, path).is_ok());
        // Look-ahead and Unicode classes, as AWS models use them, are enforced.
        assert!(pattern("aws:x", "^(?!aws:).*$", &LOOKAHEAD, path).is_err());
        assert!(pattern("user:x", "^(?!aws:).*$", &LOOKAHEAD, path).is_ok());
        static UNICODE: PatternCache = PatternCache::new();
        let tag = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$";
        assert!(pattern("Größe 1", tag, &UNICODE, path).is_ok());
        assert!(pattern("has#hash", tag, &UNICODE, path).is_err());
        // A pattern no engine here can compile is skipped, never a panic.
        static BROKEN: PatternCache = PatternCache::new();
        assert!(pattern("x", "(unclosed", &BROKEN, path).is_ok());
        assert!(BROKEN.get().is_some_and(Option::is_none));
    }

    #[test]
    fn float_ranges() {
        let path = ROOT.member("Ratio");
        assert!(range_f64(0.5, Some(0.0), Some(1.0), path).is_ok());
        assert!(range_f64(f64::NAN, Some(0.0), None, path).is_err());
        assert!(range_f64(f64::NAN, None, None, path).is_ok());
        assert!(range_f64(f64::INFINITY, None, Some(1.0), path).is_err());
        let err = range_f64(1.5, None, Some(1.0), path).unwrap_err();
        assert_eq!(
            err.to_string(),
            "StartCopyJob: member `Ratio` must be at most 1 (was 1.5)"
        );
    }

    #[test]
    fn checker_reports_every_violation_in_order() {
        static P: PatternCache = PatternCache::new();
        let run = |level| {
            check(level, |c| {
                c.required(&None::<String>, ROOT.member("A"));
                if let Some(v) = c.required(&Some("toolong".to_string()), ROOT.member("B")) {
                    c.length_str(v, None, Some(3), ROOT.member("B"));
                    c.pattern(v, "^[0-9]+$", &P, ROOT.member("B"));
                }
                c.range_i64(0, Some(1), None, ROOT.member("C"));
                c.range_f64(2.0, None, Some(1.0), ROOT.member("D"));
                c.length_collection(0, Some(1), None, ROOT.member("E"));
                c.length_blob(b"", Some(1), None, ROOT.member("F"));
            })
        };
        let err = run(ValidationLevel::Full).unwrap_err();
        let members: Vec<&str> = err.violations.iter().map(|v| v.member.as_str()).collect();
        assert_eq!(members, ["A", "B", "B", "C", "D", "E", "F"]);
        assert_eq!(err.operation, "StartCopyJob");
        assert_eq!(
            err.to_string(),
            "StartCopyJob: 7 invalid members: member `A` is required; member `B` must have a length of at most 3 \
             (was 7); member `B` must match the pattern `^[0-9]+$`; member `C` must be at least 1 (was 0); member `D` \
             must be at most 1 (was 2); member `E` must have a length of at least 1 (was 0); member `F` must have a \
             length of at least 1 (was 0)"
        );
        let err = run(ValidationLevel::RequiredOnly).unwrap_err();
        assert_eq!(err.violations.len(), 1);
        assert_eq!(err.to_string(), "StartCopyJob: member `A` is required");
        assert_eq!(run(ValidationLevel::Off), Ok(()));
        assert_eq!(check(ValidationLevel::Full, |c| {
            c.required(&Some(1), ROOT.member("A"));
        }), Ok(()));
    }
}
