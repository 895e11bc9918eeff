//! The list of endpoint test cases known to fail (tests/endpoints/skip.txt), read here so that the suite
//! harness and code generation (which marks the cases `#[ignore]`) share one format:
//! `<service shape id> <test function name> # <reason>` (the reason follows the first ` #`), blank lines
//! and `#` comments ignored.

use std::collections::BTreeMap;

/// Known failures by service shape id, then test function name, with the reason.
pub type KnownFailures = BTreeMap<String, BTreeMap<String, String>>;

/// The project's list, embedded so code generation needs no file access.
const PROJECT_LIST: &str = include_str!("../../../tests/endpoints/skip.txt");

/// The project's known failures of one service (test function name to reason); empty when the list has
/// none for it (a malformed list is reported by `parse_known_failures`' own test of it).
pub fn project_known_failures(service_id: &str) -> BTreeMap<String, String> {
    parse_known_failures(PROJECT_LIST)
        .ok()
        .and_then(|mut list| list.remove(service_id))
        .unwrap_or_default()
}

/// Reads the list; an entry without a reason or with extra words is an error naming its line.
pub fn parse_known_failures(text: &str) -> Result<KnownFailures, String> {
    let mut list = KnownFailures::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (entry, reason) = line.split_once(" #").unwrap_or((line, ""));
        let mut words = entry.split_whitespace();
        match (words.next(), words.next(), words.next(), reason.trim()) {
            (Some(service), Some(case), None, reason) if !reason.is_empty() => {
                list.entry(service.to_owned())
                    .or_default()
                    .insert(case.to_owned(), reason.to_owned());
            }
            _ => {
                return Err(format!(
                    "line {}: expected `<service shape id> <test name> # <reason>`",
                    number + 1
                ))
            }
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_list_parses() {
        let list = parse_known_failures(PROJECT_LIST).expect("tests/endpoints/skip.txt");
        assert!(list.values().all(|cases| !cases.is_empty()));
    }

    #[test]
    fn entries_need_a_reason() {
        let list =
            parse_known_failures("# header\n\nns#Svc case_one # data is newer\n").expect("list");
        assert_eq!(list["ns#Svc"]["case_one"], "data is newer");
        assert_eq!(
            parse_known_failures("ns#Svc case_one\n").unwrap_err(),
            "line 1: expected `<service shape id> <test name> # <reason>`"
        );
    }
}
