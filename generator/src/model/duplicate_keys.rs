//! serde_json keeps the last of two equal object keys silently; Smithy forbids them (two members with one name,
//! two definitions of one shape). This scanner walks the raw text once and reports every duplicated key with
//! the JSON path of its object. It runs only on text serde_json already accepted, so it may assume valid JSON.

/// A duplicated key: the path of the object holding it (keys from the root) and the key.
#[derive(Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    pub path: Vec<String>,
    pub key: String,
}

pub fn find_duplicate_keys(text: &str) -> Vec<DuplicateKey> {
    let mut scanner = Scanner { bytes: text.as_bytes(), pos: 0, path: Vec::new(), found: Vec::new() };
    scanner.value();
    scanner.found
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    path: Vec<String>,
    found: Vec<DuplicateKey>,
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

    fn value(&mut self) {
        self.skip_ws();
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace() {
                        break;
                    }
                    self.pos += 1;
                }
            }
            None => {}
        }
    }

    fn object(&mut self) {
        self.pos += 1;
        let mut seen: Vec<String> = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'}') | None => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => self.pos += 1,
                Some(b'"') => {
                    let key = self.string();
                    if seen.contains(&key) {
                        self.found.push(DuplicateKey { path: self.path.clone(), key: key.clone() });
                    } else {
                        seen.push(key.clone());
                    }
                    self.skip_ws();
                    self.pos += 1; // ':'
                    self.path.push(key);
                    self.value();
                    self.path.pop();
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn array(&mut self) {
        self.pos += 1;
        let mut index = 0usize;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b']') | None => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => {
                    self.pos += 1;
                    index += 1;
                }
                Some(_) => {
                    self.path.push(index.to_string());
                    self.value();
                    self.path.pop();
                }
            }
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
    fn no_duplicates_in_valid_document() {
        assert!(find_duplicate_keys(r#"{"a": {"a": {"a": [{"a": 1}, {"a": 2}]}}}"#).is_empty());
    }
}
