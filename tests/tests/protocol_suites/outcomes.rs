//! Per-case outcomes, the skip list (`tests/protocol-skip.txt`) and the per-service summary.

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
}

/// `<service module> <case> # <reason>` lines; blank lines and `#` comments are ignored. An entry without a
/// reason is an error.
pub fn parse_skip_list(text: &str) -> Result<BTreeSet<(String, String)>, String> {
    let mut skipped = BTreeSet::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (entry, reason) = line.split_once('#').unwrap_or((line, ""));
        let words: Vec<&str> = entry.split_whitespace().collect();
        match (words.as_slice(), reason.trim().is_empty()) {
            ([module, case], false) => {
                skipped.insert(((*module).to_owned(), (*case).to_owned()));
            }
            _ => return Err(format!("line {}: expected `<service module> <case> # <reason>`", number + 1)),
        }
    }
    Ok(skipped)
}

#[derive(Debug, Default)]
pub struct Summary {
    pub passed: usize,
    pub failed: Vec<String>,
    pub skipped: usize,
    /// Listed in the skip list but passing: the entry must go.
    pub stale_skips: Vec<String>,
}

pub fn summarize(
    module: &str,
    outcomes: &BTreeMap<(String, String), Outcome>,
    skips: &BTreeSet<(String, String)>,
) -> Summary {
    let mut summary = Summary::default();
    for ((m, case), outcome) in outcomes.range((module.to_owned(), String::new())..) {
        if m != module {
            break;
        }
        match (outcome, skips.contains(&(m.clone(), case.clone()))) {
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
    fn skips_need_reasons_and_passing_skips_are_stale() {
        let skips = parse_skip_list("# comment\nsvc a_request # known bug\n").expect("skip list");
        assert!(parse_skip_list("svc a_request\n").is_err());
        let mut outcomes = BTreeMap::new();
        outcomes.insert(("svc".to_owned(), "a_request".to_owned()), Outcome::Passed);
        outcomes.insert(("svc".to_owned(), "b_request".to_owned()), Outcome::Failed);
        outcomes.insert(("other".to_owned(), "c_request".to_owned()), Outcome::Passed);
        let s = summarize("svc", &outcomes, &skips);
        assert_eq!((s.passed, s.failed.len(), s.skipped, s.stale_skips.len()), (0, 1, 0, 1));
    }
}
