//! Per-case outcomes from `cargo test` output, the skip list, and the per-suite summary.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
}

/// `test <suite>::tests::<case> ... ok|FAILED` lines, keyed by (suite, case).
pub fn parse_test_output(output: &str) -> BTreeMap<(String, String), Outcome> {
    let mut outcomes = BTreeMap::new();
    for line in output.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((path, result)) = rest.split_once(" ... ") else {
            continue;
        };
        let outcome = match result.trim() {
            "ok" => Outcome::Passed,
            "FAILED" => Outcome::Failed,
            _ => continue,
        };
        let mut parts = path.split("::");
        if let (Some(suite), Some("tests"), Some(case), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        {
            outcomes.insert((suite.to_owned(), case.to_owned()), outcome);
        }
    }
    outcomes
}

#[derive(Debug, Default)]
pub struct SuiteSummary {
    pub passed: usize,
    pub failed: Vec<String>,
    pub skipped: usize,
    /// Listed in the skip list but passing: the entry must go.
    pub stale_skips: Vec<String>,
}

/// Outcomes of one suite (by module name); `known_failures` are that service's listed cases.
pub fn summarize(
    suite: &str,
    outcomes: &BTreeMap<(String, String), Outcome>,
    known_failures: Option<&BTreeMap<String, String>>,
) -> SuiteSummary {
    let mut summary = SuiteSummary::default();
    for ((s, case), outcome) in outcomes.range((suite.to_owned(), String::new())..) {
        if s != suite {
            break;
        }
        let listed = known_failures.is_some_and(|list| list.contains_key(case));
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
        let known = BTreeMap::from([("y".to_owned(), "known bug".to_owned())]);
        let a = summarize("a", &outcomes, Some(&known));
        assert_eq!((a.passed, a.failed.len(), a.skipped), (1, 0, 1));
        let b = summarize("b", &outcomes, Some(&known));
        assert_eq!((b.passed, b.failed.len(), b.skipped), (1, 0, 0));
    }
}
