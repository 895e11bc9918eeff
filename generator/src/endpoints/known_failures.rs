//! The list of endpoint test cases known to fail (tests/endpoints/skip.txt), read here so that the suite
//! harness and code generation (which marks the cases `#[ignore]`) share one format:
//! `<service shape id> <test function name> # <reason>` (the reason follows the first ` #`), blank lines
//! and `#` comments ignored.

use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

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

/// Why an endpoint test case is emitted `#[ignore]`d when [`partition_data_disagrees`] says so.
pub const PARTITION_DATA_NEWER: &str = "the model's test expects this partition to refuse dual-stack, but the \
     partition data the client ships (botocore's) gives it dual-stack support, which live clients need";

/// The partition data the generated resolver uses (the runtime's copy of botocore's partitions file).
const PARTITIONS: &str = include_str!("../../runtime/src/runtime/partitions.json");

/// The one decision about the ISO-partition dual-stack cases, for the project's harness and for the endpoint
/// tests of every generated crate alike (`cargo test` in a crate generated from any AWS model must pass).
///
/// AWS models' endpoint tests (written when the ISO partitions had no dual-stack endpoints) expect an error for
/// `UseDualStack` in `us-iso-*`, `us-isob-*`, `eu-isoe-*` and `us-isof-*`; the partition data shipped with the
/// runtime says those partitions support dual-stack, so the resolver returns an endpoint. Following the data is
/// right for live calls, so the test is not changed to the data's answer (which would assert what no model says)
/// but ignored with this reason: it still runs with `--include-ignored`, and the project's harness fails when
/// such a case starts passing (data and model agreeing again). Decided from the case itself: it expects the
/// "does not support DualStack" error, asks for dual-stack (and FIPS only where the data supports FIPS too) in
/// a region the data lists, and that region's partition supports dual-stack.
pub fn partition_data_disagrees(case: &Value) -> Option<&'static str> {
    let error = case.get("expect")?.get("error")?.as_str()?;
    if !(error.contains("DualStack") && error.contains("does not support")) {
        return None;
    }
    let params = case.get("params")?;
    if params.get("UseDualStack").and_then(Value::as_bool) != Some(true) {
        return None;
    }
    let region = params.get("Region")?.as_str()?;
    let fips = params.get("UseFIPS").and_then(Value::as_bool) == Some(true);
    let partitions = shipped_partitions();
    let outputs = partitions.iter().find(|(regions, _)| regions.iter().any(|r| r == region)).map(|(_, o)| o)?;
    let supports = |key: &str| outputs.get(key).and_then(Value::as_bool) == Some(true);
    (supports("supportsDualStack") && (!fips || supports("supportsFIPS"))).then_some(PARTITION_DATA_NEWER)
}

/// Each partition's listed regions and its outputs.
fn shipped_partitions() -> &'static [(Vec<String>, Value)] {
    static PARSED: OnceLock<Vec<(Vec<String>, Value)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let data: Value = serde_json::from_str(PARTITIONS).unwrap_or(Value::Null);
        let list = data.get("partitions").and_then(Value::as_array).cloned().unwrap_or_default();
        list.into_iter()
            .map(|p| {
                let regions = p.get("regions").and_then(Value::as_array).map_or_else(Vec::new, |r| {
                    r.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()
                });
                (regions, p.get("outputs").cloned().unwrap_or(Value::Null))
            })
            .collect()
    })
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
    fn iso_dual_stack_error_expectations_are_decided_by_the_shipped_data() {
        let case = |region: &str, fips: bool, dual: bool, error: &str| {
            serde_json::json!({"expect": {"error": error}, "params": {"Region": region, "UseFIPS": fips, "UseDualStack": dual}})
        };
        let dual_error = "DualStack is enabled but this partition does not support DualStack";
        let both_error = "FIPS and DualStack are enabled, but this partition does not support one or both";
        for region in ["us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1"] {
            assert_eq!(partition_data_disagrees(&case(region, false, true, dual_error)), Some(PARTITION_DATA_NEWER));
            assert_eq!(partition_data_disagrees(&case(region, true, true, both_error)), Some(PARTITION_DATA_NEWER));
            assert_eq!(partition_data_disagrees(&case(region, false, false, dual_error)), None);
        }
        // Other expectations, unknown regions and endpoints are the model's to decide.
        assert_eq!(partition_data_disagrees(&case("us-iso-east-1", false, true, "Invalid Configuration: Missing Region")), None);
        assert_eq!(partition_data_disagrees(&case("xx-nowhere-1", false, true, dual_error)), None);
        let endpoint = serde_json::json!({"expect": {"endpoint": {"url": "https://x"}}, "params": {"Region": "us-iso-east-1", "UseDualStack": true}});
        assert_eq!(partition_data_disagrees(&endpoint), None);
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
