//! Documentation sentences made from model facts: the values of an enum, and when an error occurs (HTTP
//! status, client or server fault, whether the client retries it).
use crate::ir::{Enum, ErrorInfo, IntEnum, OperationError, Service};

/// "Values: `A`, `B`." with a note on unknown values.
pub fn enum_values(e: &Enum) -> String {
    let values: Vec<String> = e.variants.iter().map(|v| format!("`{}`", v.value)).collect();
    format!(
        "Values: {}. A value not listed here is kept as `Unknown` with its text (`as_str()`), so a newer service's \
         values round-trip.",
        values.join(", ")
    )
}

/// "Values: `1` (`One`), ...".
pub fn int_enum_values(e: &IntEnum) -> String {
    let values: Vec<String> = e.variants.iter().map(|v| format!("`{}` (`{}`)", v.value, v.rust_name)).collect();
    format!("Values: {}. Other values are kept as `Unknown`.", values.join(", "))
}

/// When the service returns this error and what the client does with it.
pub fn error_circumstances(info: &ErrorInfo) -> String {
    let fault = if info.server_fault {
        "a server fault: the request may succeed unchanged later"
    } else {
        "a client fault: the request must change before it can succeed"
    };
    let mut text = match info.http_status {
        Some(status) => format!("Returned with HTTP status {status} ({fault})."),
        None => format!("Returned as {fault}."),
    };
    if info.throttling {
        text.push_str(" The service is throttling requests: the client retries it with backoff, within the configured attempts.");
    } else if info.retryable {
        text.push_str(" The client retries it, within the configured attempts.");
    }
    text
}

/// The doc of an operation error enum's variant: the error's own first paragraph, then when it occurs.
pub fn error_variant(svc: &Service, e: &OperationError) -> String {
    let summary = svc
        .structs
        .iter()
        .find(|s| s.path == e.path)
        .and_then(|s| s.docs.split("\n\n").next())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or("The service returned this error.");
    format!("`{}`: {summary}\n\n{}", e.info.code, error_circumstances(&e.info))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(status: Option<u16>, server_fault: bool, retryable: bool, throttling: bool) -> ErrorInfo {
        ErrorInfo { code: "X".into(), server_fault, http_status: status, retryable, throttling, response_tests: None, query_code: None }
    }

    #[test]
    fn circumstances_say_status_fault_and_retry() {
        assert_eq!(
            error_circumstances(&info(Some(404), false, false, false)),
            "Returned with HTTP status 404 (a client fault: the request must change before it can succeed)."
        );
        let text = error_circumstances(&info(None, true, true, false));
        assert!(text.starts_with("Returned as a server fault") && text.ends_with("The client retries it, within the configured attempts."), "{text}");
        assert!(error_circumstances(&info(Some(429), false, true, true)).contains("throttling"));
    }
}
