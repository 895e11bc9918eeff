//! The JMESPath subset that `smithy.rules#operationContextParams` paths use, evaluated over JSON operation
//! inputs at generation time (for endpoint tests): `a.b`, `a[*].b` projections, `[]` flattening,
//! multi-select lists `[a, b.c]`, and `keys(a)`.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Wildcard,
    Flatten,
    MultiList(Vec<Vec<Step>>),
    Keys(Vec<Step>),
}

/// Evaluates `path` on `input`; `Err` names what in the path is not supported.
pub(crate) fn evaluate(path: &str, input: &Value) -> Result<Value, String> {
    let mut parser = Parser {
        chars: path.chars().collect(),
        pos: 0,
    };
    let steps = parser.steps()?;
    if parser.pos != parser.chars.len() {
        return Err(format!(
            "unsupported JMESPath `{path}` at offset {}",
            parser.pos
        ));
    }
    Ok(eval(&steps, input))
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(' ') {
            self.pos += 1;
        }
    }

    fn eat(&mut self, text: &str) -> bool {
        let wanted: Vec<char> = text.chars().collect();
        if self.chars.get(self.pos..self.pos + wanted.len()) == Some(&wanted[..]) {
            self.pos += wanted.len();
            true
        } else {
            false
        }
    }

    fn identifier(&mut self) -> Option<String> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.pos += 1;
        }
        (self.pos > start).then(|| self.chars[start..self.pos].iter().collect())
    }

    /// A chain of steps, up to `,`, `]`, `)` or the end.
    fn steps(&mut self) -> Result<Vec<Step>, String> {
        let mut steps = Vec::new();
        self.skip_spaces();
        if self.eat("keys(") {
            let inner = self.steps()?;
            if !self.eat(")") {
                return Err("`keys(` without `)`".to_owned());
            }
            steps.push(Step::Keys(inner));
        } else if self.peek() != Some('[') {
            let name = self
                .identifier()
                .ok_or_else(|| format!("expected a name at offset {}", self.pos))?;
            steps.push(Step::Field(name));
        }
        loop {
            self.skip_spaces();
            if self.eat("[*]") {
                steps.push(Step::Wildcard);
            } else if self.eat("[]") {
                steps.push(Step::Flatten);
            } else if self.eat("[") {
                let mut items = vec![self.steps()?];
                while self.eat(",") {
                    items.push(self.steps()?);
                }
                if !self.eat("]") {
                    return Err(format!("expected `]` at offset {}", self.pos));
                }
                steps.push(Step::MultiList(items));
            } else if self.eat(".") {
                if self.peek() == Some('[') {
                    continue;
                }
                let name = self
                    .identifier()
                    .ok_or_else(|| format!("expected a name at offset {}", self.pos))?;
                steps.push(Step::Field(name));
            } else {
                return Ok(steps);
            }
        }
    }
}

/// `[]` ends the projections before it: the left side is evaluated whole, flattened, and the rest is
/// applied to each element.
fn eval(steps: &[Step], value: &Value) -> Value {
    match steps.iter().position(|s| *s == Step::Flatten) {
        Some(at) => {
            let left = eval_projecting(&steps[..at], value);
            let Value::Array(items) = left else {
                return Value::Null;
            };
            let mut flat = Vec::new();
            for item in items {
                match item {
                    Value::Array(inner) => flat.extend(inner),
                    other => flat.push(other),
                }
            }
            project(&steps[at + 1..], flat)
        }
        None => eval_projecting(steps, value),
    }
}

fn project(steps: &[Step], items: Vec<Value>) -> Value {
    Value::Array(
        items
            .iter()
            .map(|i| eval(steps, i))
            .filter(|v| !v.is_null())
            .collect(),
    )
}

fn eval_projecting(steps: &[Step], value: &Value) -> Value {
    let Some((first, rest)) = steps.split_first() else {
        return value.clone();
    };
    match first {
        Step::Field(name) => match value.get(name) {
            Some(inner) => eval_projecting(rest, inner),
            None => Value::Null,
        },
        Step::Wildcard => match value {
            Value::Array(items) => project(rest, items.clone()),
            _ => Value::Null,
        },
        Step::MultiList(items) => {
            if value.is_null() {
                return Value::Null;
            }
            let list = Value::Array(items.iter().map(|i| eval(i, value)).collect());
            eval_projecting(rest, &list)
        }
        Step::Keys(inner) => match eval(inner, value) {
            Value::Object(map) => {
                let keys = Value::Array(map.keys().cloned().map(Value::String).collect());
                eval_projecting(rest, &keys)
            }
            _ => Value::Null,
        },
        Step::Flatten => eval(steps, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_projections_flattening_and_keys() {
        let input = json!({
            "nested": {"bar": "b", "listOfObjects": [{"key": "k1"}, {"key": "k2"}]},
            "map": {"key1": "v"},
            "listOfUnions": [{"string": "s1"}, {"object": {"key": "k2"}}]
        });
        assert_eq!(evaluate("nested.bar", &input), Ok(json!("b")));
        assert_eq!(
            evaluate("nested.listOfObjects[*].key", &input),
            Ok(json!(["k1", "k2"]))
        );
        assert_eq!(evaluate("keys(map)", &input), Ok(json!(["key1"])));
        assert_eq!(
            evaluate("listOfUnions[*][string, object.key][]", &input),
            Ok(json!(["s1", "k2"]))
        );
        assert_eq!(evaluate("missing.field", &input), Ok(Value::Null));
        assert!(evaluate("a | b", &input).is_err());
    }
}
