//! Syntax check of `@pattern` values (ECMA-262 regular expressions, as Smithy specifies, plus the inline flags
//! `(?i)` and the possessive quantifiers (`?+`) AWS models use, which Smithy's Java validators and the client's
//! fancy-regex accept). The client compiles patterns lazily and lets a value through when its pattern does not
//! compile, so a malformed pattern used to disable the check silently; now it is a load error. This is a
//! recogniser, not an engine: it finds unbalanced groups and classes, quantifiers with nothing to repeat or with
//! min > max, reversed class ranges, and unknown or truncated escapes. It is iterative (a pattern of 100,000
//! nested groups costs no call stack) and linear.

/// `Ok` when `pattern` is a well-formed regular expression, otherwise what is wrong and where (character index).
pub fn check(pattern: &str) -> Result<(), String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut open_groups: Vec<usize> = Vec::new();
    // Whether the previous item is an atom a quantifier may follow.
    let mut can_repeat = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' => {
                let (used, is_group) = group_opening(&chars, i)?;
                if is_group {
                    open_groups.push(i);
                    can_repeat = false;
                } else {
                    // `(?i)`: flags for the rest of the pattern, nothing to repeat.
                    can_repeat = false;
                }
                i += used;
                continue;
            }
            ')' => {
                if open_groups.pop().is_none() {
                    return Err(format!("unmatched `)` at {i}"));
                }
                can_repeat = true;
            }
            '|' | '^' | '$' => can_repeat = false,
            '*' | '+' | '?' => {
                if !can_repeat {
                    return Err(format!("nothing to repeat before `{c}` at {i}"));
                }
                if matches!(chars.get(i + 1), Some('?' | '+')) {
                    i += 1;
                }
                can_repeat = false;
            }
            '{' => match counted_repetition(&chars, i) {
                Some((min, max, used)) => {
                    if !can_repeat {
                        return Err(format!("nothing to repeat before `{{` at {i}"));
                    }
                    if max.is_some_and(|max| min > max) {
                        return Err(format!("repetition `{}` at {i} has min > max", chars[i..i + used].iter().collect::<String>()));
                    }
                    i += used;
                    if matches!(chars.get(i), Some('?' | '+')) {
                        i += 1;
                    }
                    can_repeat = false;
                    continue;
                }
                None => return Err(format!("`{{` at {i} starts no repetition `{{n}}`, `{{n,}}` or `{{n,m}}` (escape it as `\\{{`)")),
            },
            '[' => {
                i = class_end(&chars, i)?;
                can_repeat = true;
            }
            '\\' => {
                let (used, assertion) = escape(&chars, i, false)?;
                can_repeat = !assertion;
                i += used;
                continue;
            }
            _ => can_repeat = true,
        }
        i += 1;
    }
    match open_groups.last() {
        Some(at) => Err(format!("unclosed `(` at {at}")),
        None => Ok(()),
    }
}

/// Length of a group opening at `at` and whether it opens a group (`false` for a flag setting `(?i)`).
fn group_opening(chars: &[char], at: usize) -> Result<(usize, bool), String> {
    if chars.get(at + 1) != Some(&'?') {
        return Ok((1, true));
    }
    let rest: String = chars[at + 2..chars.len().min(at + 4)].iter().collect();
    if rest.starts_with(':') || rest.starts_with('=') || rest.starts_with('!') {
        return Ok((3, true));
    }
    if rest.starts_with("<=") || rest.starts_with("<!") {
        return Ok((4, true));
    }
    if rest.starts_with('<') || rest.starts_with("P<") {
        let start = at + 2 + if rest.starts_with('<') { 1 } else { 2 };
        let len = chars[start..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').count();
        if len == 0 || chars.get(start + len) != Some(&'>') {
            return Err(format!("malformed group name at {at}"));
        }
        return Ok((start + len + 1 - at, true));
    }
    let flags = chars[at + 2..].iter().take_while(|c| matches!(c, 'i' | 'm' | 's' | 'x' | 'u' | 'U' | '-')).count();
    match chars.get(at + 2 + flags) {
        Some(')') if flags > 0 => Ok((flags + 3, false)),
        Some(':') => Ok((flags + 3, true)),
        _ => Err(format!("unknown group syntax `(?` at {at}")),
    }
}

/// `{n}`, `{n,}` or `{n,m}` at `at`: (min, max, length).
fn counted_repetition(chars: &[char], at: usize) -> Option<(u64, Option<u64>, usize)> {
    let close = at + chars[at..].iter().position(|c| *c == '}')?;
    let body: String = chars[at + 1..close].iter().collect();
    let number = |s: &str| if !s.is_empty() && s.len() < 10 && s.bytes().all(|b| b.is_ascii_digit()) { s.parse().ok() } else { None };
    let (min, max) = match body.split_once(',') {
        None => {
            let n = number(&body)?;
            (n, Some(n))
        }
        Some((min, "")) => (number(min)?, None),
        Some((min, max)) => (number(min)?, Some(number(max)?)),
    };
    Some((min, max, close + 1 - at))
}

/// Index of the `]` closing the class that opens at `at`; checks escapes and ranges inside it.
fn class_end(chars: &[char], at: usize) -> Result<usize, String> {
    let mut i = at + 1;
    if chars.get(i) == Some(&'^') {
        i += 1;
    }
    // A `]` first in the class is a literal (as in most engines).
    if chars.get(i) == Some(&']') {
        i += 1;
    }
    // The previous single character, when it could start a range.
    let mut previous: Option<char> = None;
    while i < chars.len() {
        let (item, used) = match chars[i] {
            ']' => return Ok(i),
            '\\' => {
                let (used, _) = escape(chars, i, true)?;
                (escaped_char(&chars[i..i + used]), used)
            }
            c => (Some(c), 1),
        };
        if item == Some('-') && used == 1 && previous.is_some() && chars.get(i + 1).is_some_and(|c| *c != ']') {
            // A range `a-z`: read its end.
            let start = previous.take();
            let j = i + 1;
            let (end, used) = match chars[j] {
                '\\' => {
                    let (used, _) = escape(chars, j, true)?;
                    (escaped_char(&chars[j..j + used]), used)
                }
                c => (Some(c), 1),
            };
            if let (Some(start), Some(end)) = (start, end) {
                if start > end {
                    return Err(format!("class range `{start}-{end}` at {} is out of order", i - 1));
                }
            }
            i = j + used;
            continue;
        }
        previous = item;
        i += used;
    }
    Err(format!("unclosed `[` at {at}"))
}

/// The character an escape inside a class stands for, when it stands for exactly one.
fn escaped_char(escape: &[char]) -> Option<char> {
    let hex = |s: &[char]| u32::from_str_radix(&s.iter().filter(|c| c.is_ascii_hexdigit()).collect::<String>(), 16).ok();
    match escape.get(1)? {
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'f' => Some('\u{c}'),
        'v' => Some('\u{b}'),
        '0' if escape.len() == 2 => Some('\0'),
        'x' | 'u' => hex(&escape[2..]).and_then(char::from_u32),
        c if !c.is_ascii_alphanumeric() => Some(*c),
        _ => None,
    }
}

/// Checks the escape at `at` (a `\`): its length and whether it is an assertion (`\b`, `\B`).
fn escape(chars: &[char], at: usize, in_class: bool) -> Result<(usize, bool), String> {
    let Some(&c) = chars.get(at + 1) else { return Err(format!("trailing `\\` at {at}")) };
    let hex_run = |from: usize, n: usize| chars.get(from..from + n).is_some_and(|s| s.iter().all(char::is_ascii_hexdigit));
    let braced = |from: usize, valid: fn(&char) -> bool| -> Option<usize> {
        if chars.get(from) != Some(&'{') {
            return None;
        }
        let len = chars[from + 1..].iter().take_while(|c| valid(c)).count();
        (len > 0 && chars.get(from + 1 + len) == Some(&'}')).then_some(len + 2)
    };
    Ok(match c {
        'b' | 'B' if !in_class => (2, true),
        'b' | 'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'n' | 'r' | 't' | 'f' | 'v' | '0' => (2, false),
        '1'..='9' if !in_class => (2 + chars[at + 2..].iter().take_while(|c| c.is_ascii_digit()).count(), false),
        'x' if hex_run(at + 2, 2) => (4, false),
        'x' => match braced(at + 2, char::is_ascii_hexdigit) {
            Some(len) => (2 + len, false),
            None => return Err(format!("`\\x` at {at} needs two hex digits")),
        },
        'u' if hex_run(at + 2, 4) => (6, false),
        'u' => match braced(at + 2, char::is_ascii_hexdigit) {
            Some(len) => (2 + len, false),
            None => return Err(format!("`\\u` at {at} needs four hex digits or `{{hex}}`")),
        },
        'c' if chars.get(at + 2).is_some_and(char::is_ascii_alphabetic) => (3, false),
        'p' | 'P' => match braced(at + 2, |c| c.is_ascii_alphanumeric() || matches!(c, '_' | '=' | ' ' | '-')) {
            Some(len) => (2 + len, false),
            None if chars.get(at + 2).is_some_and(char::is_ascii_alphabetic) => (3, false),
            None => return Err(format!("`\\{c}` at {at} needs a property name (`\\{c}{{L}}`)")),
        },
        'k' if !in_class => match chars[at + 2..].iter().position(|c| *c == '>') {
            Some(end) if chars.get(at + 2) == Some(&'<') && end > 1 => (end + 3, false),
            _ => return Err(format!("`\\k` at {at} needs a group name (`\\k<name>`)")),
        },
        c if c.is_ascii_alphanumeric() => return Err(format!("unknown escape `\\{c}` at {at}")),
        _ => (2, false),
    })
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn real_aws_patterns_are_accepted() {
        for p in [
            r"^arn:aws[a-z\-]*:backup:[a-z0-9\-]+:\d{12}:recovery-point:.*$",
            r"^([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)$",
            r"^[^\u0000\u0085\u2028\u2029\r\n]{1,255}$",
            r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$",
            r"^[\x20-\x21\x23-\x5B\x5D-\x7E]*$",
            r"^\p{Print}+$",
            r"(?i)^[a-z]{2}$",
            r"^(?<year>\d{4})-\k<year>?\b\w+\_\!\'$",
            r"[]a]",
            r"^[\/]?+[a-zA-Z0-9!_.*'()-]+(\/[a-z]+)*+$",
            r"^(a|b|)*?c{2,}d{3}?$",
        ] {
            assert_eq!(check(p), Ok(()), "{p}");
        }
    }

    #[test]
    fn malformed_patterns_say_what_and_where() {
        for (p, problem) in [
            ("(abc", "unclosed `(` at 0"),
            ("abc)", "unmatched `)` at 3"),
            ("[a-z", "unclosed `[` at 0"),
            ("*a", "nothing to repeat before `*` at 0"),
            ("a***", "nothing to repeat before `*` at 2"),
            ("(|+)", "nothing to repeat before `+` at 2"),
            ("a{3,1}", "repetition `{3,1}` at 1 has min > max"),
            ("a{x}", "`{` at 1 starts no repetition `{n}`, `{n,}` or `{n,m}` (escape it as `\\{`)"),
            ("[z-a]", "class range `z-a` at 1 is out of order"),
            ("a\\", "trailing `\\` at 1"),
            ("\\q", "unknown escape `\\q` at 0"),
            ("\\u12", "`\\u` at 0 needs four hex digits or `{hex}`"),
            ("\\p", "`\\p` at 0 needs a property name (`\\p{L}`)"),
            ("(?<>a)", "malformed group name at 0"),
            ("(?#x)", "unknown group syntax `(?` at 0"),
        ] {
            assert_eq!(check(p), Err(problem.to_string()), "{p}");
        }
    }

    #[test]
    fn deep_nesting_needs_no_call_stack() {
        let p = format!("{}a{}", "(".repeat(200_000), ")".repeat(200_000));
        assert_eq!(check(&p), Ok(()));
        assert!(check(&"(".repeat(200_000)).is_err());
    }
}
