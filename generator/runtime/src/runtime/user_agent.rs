//! The `User-Agent` / `x-amz-user-agent` value, built once per client.

/// Name and version this runtime reports.
pub const SDK_NAME: &str = "aws-lite-rust";
/// Version of this runtime crate, reported next to [`SDK_NAME`].
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// `aws-lite-rust/0.1.0 ua/2.1 api/<sdk id, lowercase, no spaces>/<api-version> os/<os> lang/rust [app/<name>]`.
pub fn user_agent(sdk_id: &str, api_version: &str, app_name: Option<&str>) -> String {
    let mut ua = format!(
        "{SDK_NAME}/{SDK_VERSION} ua/2.1 api/{}/{} os/{} lang/rust",
        token(&sdk_id.replace(' ', "")),
        token(api_version),
        std::env::consts::OS
    );
    if let Some(app) = app_name.filter(|a| !a.is_empty()) {
        ua.push_str(" app/");
        ua.push_str(&token(app));
    }
    ua
}

/// Keeps only the characters the user-agent grammar allows in a token; the rest become `-`.
fn token(value: &str) -> String {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    value
        .chars()
        .map(|c| {
            if allowed(c) {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_names_api_and_app() {
        let ua = user_agent("Lex Models V2", "2020-08-07", Some("my app"));
        assert!(ua.starts_with("aws-lite-rust/"), "{ua}");
        assert!(ua.contains(" api/lexmodelsv2/2020-08-07 "), "{ua}");
        assert!(ua.ends_with(" app/my-app"), "{ua}");
        assert!(!user_agent("backup", "1", None).contains("app/"));
    }
}
