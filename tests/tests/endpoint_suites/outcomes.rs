//! Per-case outcomes from `cargo test` output, the skip list, and the per-suite summary.

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
}

/// `test <suite>::tests::<case> ... ok|FAILED` lines, keyed by (suite, case).
pub fn parse_test_output(output: &str) -> BTreeMap<(String, String), Outcome> {
    let mut outcomes = BTreeMap::new();
    for line in output.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        let Some((path, result)) = rest.split_once(" ... ") else { continue };
        let outcome = match result.trim() {
            "ok" => Outcome::Passed,
            "FAILED" => Outcome::Failed,
            _ => continue,
        };
        let mut parts = path.split("::");
        if let (Some(suite), Some("tests"), Some(case), None) = (parts.next(), parts.next(), parts.next(), parts.next()) {
            outcomes.insert((suite.to_owned(), case.to_owned()), outcome);
        }
    }
    outcomes
}

/// `<suite> <case> # <reason>` lines; blank lines and `#` comments are ignored. An entry without a reason
/// is an error.
pub fn parse_skip_list(text: &str) -> Result<BTreeSet<(String, String)>, String> {
    let mut skipped = BTreeSet::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (entry, reason) = line.split_once('#').unwrap_or((line, ""));
        let mut words = entry.split_whitespace();
        match (words.next(), words.next(), words.next(), reason.trim().is_empty()) {
            (Some(suite), Some(case), None, false) => {
                skipped.insert((suite.to_owned(), case.to_owned()));
            }
            _ => return Err(format!("skip list line {}: expected `<suite> <case> # <reason>`", number + 1)),
        }
    }
    Ok(skipped)
}

#[derive(Debug, Default)]
pub struct SuiteSummary {
    pub passed: usize,
    pub failed: Vec<String>,
    pub skipped: usize,
    /// Listed in the skip list but passing: the entry must go.
    pub stale_skips: Vec<String>,
}

pub fn summarize(
    suite: &str,
    outcomes: &BTreeMap<(String, String), Outcome>,
    skips: &BTreeSet<(String, String)>,
) -> SuiteSummary {
    let mut summary = SuiteSummary::default();
    for ((s, case), outcome) in outcomes.range((suite.to_owned(), String::new())..) {
        if s != suite {
            break;
        }
        let listed = skips.contains(&(s.clone(), case.clone()));
        match (outcome, listed) {
            (Outcome::Passed, false) => summary.passed += 1,
            (Outcome::Passed, true) => summary.stale_skips.push(case.clone()),
            (Outcome::Failed, true) => summary.skipped += 1,
            (Outcome::Failed, false) => summary.failed.push(case.clone()),
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_outcomes_and_skips() {
        let output = "running 3 tests\ntest a::tests::x ... ok\ntest a::tests::y ... FAILED\ntest b::tests::z ... ok\n";
        let outcomes = parse_test_output(output);
        let skips = parse_skip_list("# comment\na y # known bug\n").expect("skip list");
        let a = summarize("a", &outcomes, &skips);
        assert_eq!((a.passed, a.failed.len(), a.skipped), (1, 0, 1));
        assert!(parse_skip_list("a y\n").is_err());
    }
}
