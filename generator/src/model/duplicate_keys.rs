//! serde_json keeps the last of two equal object keys silently; Smithy forbids them (two members with one name,
//! two definitions of one shape). This scanner walks the raw text once and reports every duplicated key with
//! the JSON path of its object. Its findings are used only for text serde_json accepted, but it runs beside the
//! parse, so it must end (in linear time, without recursion) on any text at all.
use std::collections::HashSet;

/// A duplicated key: the path of the object holding it (keys from the root) and the key.
#[derive(Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    pub path: Vec<String>,
    pub key: String,
}

pub fn find_duplicate_keys(text: &str) -> Vec<DuplicateKey> {
    let mut scanner = Scanner { bytes: text.as_bytes(), pos: 0, path: Vec::new(), found: Vec::new() };
    scanner.scan();
    scanner.found
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    path: Vec<String>,
    found: Vec<DuplicateKey>,
}

/// An open container. `keyed`: whether its key (or index) was pushed on the path when it opened.
enum Frame {
    Object { seen: HashSet<String>, keyed: bool },
    Array { index: usize, keyed: bool },
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// One pass with an explicit stack (no recursion, so no depth can overflow the call stack). Every step
    /// consumes a byte or closes a container, so the scan ends on any input, even text serde_json rejects
    /// (the scan runs beside the parse, before its verdict is known): `[}` once never terminated here.
    fn scan(&mut self) {
        let mut frames: Vec<Frame> = Vec::new();
        self.value(&mut frames, false);
        while let Some(frame) = frames.last_mut() {
            self.skip_ws();
            let Some(byte) = self.peek() else { break };
            match frame {
                Frame::Object { seen, .. } => match byte {
                    b'}' => {
                        self.pos += 1;
                        self.close(&mut frames);
                    }
                    b'"' => {
                        let key = self.string();
                        if seen.contains(&key) {
                            self.found.push(DuplicateKey { path: self.path.clone(), key: key.clone() });
                        } else {
                            seen.insert(key.clone());
                        }
                        self.skip_ws();
                        if self.peek() == Some(b':') {
                            self.pos += 1;
                        }
                        self.path.push(key);
                        self.value(&mut frames, true);
                    }
                    _ => self.pos += 1,
                },
                Frame::Array { index, .. } => match byte {
                    b']' => {
                        self.pos += 1;
                        self.close(&mut frames);
                    }
                    b',' => {
                        self.pos += 1;
                        *index += 1;
                    }
                    b'}' => self.pos += 1,
                    _ => {
                        self.path.push(index.to_string());
                        self.value(&mut frames, true);
                    }
                },
            }
        }
    }

    fn close(&mut self, frames: &mut Vec<Frame>) {
        if let Some(Frame::Object { keyed: true, .. } | Frame::Array { keyed: true, .. }) = frames.pop() {
            self.path.pop();
        }
    }

    /// Starts a value: a container opens a frame (keeping its path entry until it closes); a scalar is
    /// skipped and its path entry dropped.
    fn value(&mut self, frames: &mut Vec<Frame>, keyed: bool) {
        self.skip_ws();
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                frames.push(Frame::Object { seen: HashSet::new(), keyed });
                return;
            }
            Some(b'[') => {
                self.pos += 1;
                frames.push(Frame::Array { index: 0, keyed });
                return;
            }
            Some(b'"') => {
                self.string();
            }
            _ => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace() {
                        break;
                    }
                    self.pos += 1;
                }
            }
        }
        if keyed {
            self.path.pop();
        }
    }

    /// Reads a string literal; the raw text between the quotes is decoded through serde_json for exactness.
    fn string(&mut self) -> String {
        let start = self.pos;
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'"' => break,
                _ => {}
            }
        }
        let raw = &self.bytes[start..self.pos.min(self.bytes.len())];
        serde_json::from_slice::<String>(raw).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_nested_duplicates_with_path() {
        let text = r#"{"shapes": {"a#B": {"members": {"x": {}, "y": [1, {"k": 1, "k": 2}], "x": {}}}}}"#;
        let found = find_duplicate_keys(text);
        assert_eq!(
            found,
            vec![
                DuplicateKey { path: vec!["shapes".into(), "a#B".into(), "members".into(), "y".into(), "1".into()], key: "k".into() },
                DuplicateKey { path: vec!["shapes".into(), "a#B".into(), "members".into()], key: "x".into() },
            ]
        );
    }

    #[test]
    fn escaped_keys_compare_decoded() {
        let found = find_duplicate_keys(r#"{"a\u0062": 1, "ab": 2, "s": "}\"{"}"#);
        assert_eq!(found, vec![DuplicateKey { path: vec![], key: "ab".into() }]);
    }

    #[test]
    fn ends_on_malformed_text() {
        for text in ["[}", "[}}}]", "{]", "{\"a\" 1 }", "{\"a\":", "\"", "[[[", "}", ":", "{\"a\":}", "[1 2 } 3]"] {
            find_duplicate_keys(text);
        }
    }

    #[test]
    fn deep_nesting_needs_no_call_stack() {
        let depth = 100_000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(find_duplicate_keys(&text).is_empty());
        let text = format!("{}{{\"k\":1,\"k\":2}}{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let found = find_duplicate_keys(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path.len(), depth);
    }

    #[test]
    fn many_keys_take_linear_time() {
        let keys: Vec<String> = (0..200_000).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}, \"k7\": 0}}", keys.join(", "));
        let started = std::time::Instant::now();
        assert_eq!(find_duplicate_keys(&text), vec![DuplicateKey { path: vec![], key: "k7".into() }]);
        // Quadratic (the old linear search of seen keys) took tens of seconds here; linear takes milliseconds.
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }

    #[test]
    fn no_duplicates_in_valid_document() {
        assert!(find_duplicate_keys(r#"{"a": {"a": {"a": [{"a": 1}, {"a": 2}]}}}"#).is_empty());
    }
}
