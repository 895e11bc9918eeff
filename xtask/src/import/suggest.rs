//! "Did you mean" candidates for a mistyped operation name.

const MAX_SUGGESTIONS: usize = 5;

/// Up to five candidates, closest first: case-insensitive substring matches and names within a
/// small edit distance.
pub fn near_matches(wanted: &str, candidates: &[&str]) -> Vec<String> {
    let wanted_lower = wanted.to_lowercase();
    let threshold = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .iter()
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let distance = edit_distance(&wanted_lower, &lower);
            let contains = lower.contains(&wanted_lower) || wanted_lower.contains(&lower);
            (distance <= threshold || contains).then_some((distance, *candidate))
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, name)| name.to_string())
        .collect()
}

/// Levenshtein distance over Unicode scalar values.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_and_substring_are_suggested_closest_first() {
        let names = [
            "StartCopyJob",
            "StartBackupJob",
            "StopBackupJob",
            "ListCopyJobs",
        ];
        assert_eq!(near_matches("StartCopyjob", &names)[0], "StartCopyJob");
        assert!(near_matches("CopyJob", &names).contains(&"StartCopyJob".to_string()));
        assert!(near_matches("Zzzzzzzzzzzz", &names).is_empty());
    }
}
