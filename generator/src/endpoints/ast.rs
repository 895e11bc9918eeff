//! The endpoint rule set as typed values, read from the trait's JSON (`smithy.rules#endpointRuleSet`).
//! Reading only checks shape; meaning (types, scopes) is checked while emitting.

use serde_json::Value;

use super::error::EndpointError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamType {
    String,
    Boolean,
    StringArray,
}

#[derive(Debug, Clone)]
pub(crate) struct Parameter {
    pub name: String,
    pub ty: ParamType,
    pub required: bool,
    pub default: Option<Value>,
    pub built_in: Option<String>,
}

impl Parameter {
    /// Parameters with a default always hold a value, so they are not optional in `Params`.
    pub fn is_optional(&self) -> bool {
        self.default.is_none()
    }
}

#[derive(Debug, Clone)]
pub(crate) enum TemplatePart {
    Text(String),
    /// `{name}` or `{name#path}`.
    Ref {
        name: String,
        path: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub(crate) enum Expr {
    Template(Vec<TemplatePart>),
    Bool(bool),
    Int(i64),
    Ref(String),
    Call(Call),
    /// Only inside endpoint properties.
    Array(Vec<Expr>),
    /// Only inside endpoint properties.
    Object(Vec<(String, Expr)>),
}

#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub func: String,
    pub args: Vec<Expr>,
    pub assign: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct EndpointDef {
    pub url: Expr,
    pub headers: Vec<(String, Vec<Expr>)>,
    pub properties: Vec<(String, Expr)>,
}

#[derive(Debug, Clone)]
pub(crate) enum RuleBody {
    Endpoint(EndpointDef),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub conditions: Vec<Call>,
    pub body: RuleBody,
}

#[derive(Debug, Clone)]
pub(crate) struct RuleSet {
    pub parameters: Vec<Parameter>,
    pub rules: Vec<Rule>,
}

type Read<T> = Result<T, EndpointError>;

pub(crate) fn read_rule_set(value: &Value) -> Read<RuleSet> {
    let params = value
        .get("parameters")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            EndpointError::new("rule set", "`parameters` is missing or not an object")
        })?;
    let parameters = params
        .iter()
        .map(|(name, p)| read_parameter(name, p))
        .collect::<Read<Vec<_>>>()?;
    let rules = read_rules(value.get("rules"), "rules")?;
    Ok(RuleSet { parameters, rules })
}

fn read_parameter(name: &str, value: &Value) -> Read<Parameter> {
    let at = format!("parameter `{name}`");
    let ty = match value
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("string") => ParamType::String,
        Some("boolean") => ParamType::Boolean,
        Some("stringarray") => ParamType::StringArray,
        other => {
            return Err(EndpointError::new(
                at,
                format!("unsupported parameter type {other:?}"),
            ))
        }
    };
    let default = value.get("default").cloned();
    let default_matches = match (&default, ty) {
        (None, _) => true,
        (Some(Value::String(_)), ParamType::String)
        | (Some(Value::Bool(_)), ParamType::Boolean) => true,
        (Some(Value::Array(items)), ParamType::StringArray) => items.iter().all(Value::is_string),
        _ => false,
    };
    if !default_matches {
        return Err(EndpointError::new(
            at,
            "the default value does not match the parameter type",
        ));
    }
    Ok(Parameter {
        name: name.to_owned(),
        ty,
        required: value
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        default,
        built_in: value
            .get("builtIn")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

fn read_rules(value: Option<&Value>, at: &str) -> Read<Vec<Rule>> {
    let list = value
        .and_then(Value::as_array)
        .ok_or_else(|| EndpointError::new(at, "expected a list of rules"))?;
    list.iter()
        .enumerate()
        .map(|(i, rule)| read_rule(rule, &format!("{at}[{i}]")))
        .collect()
}

fn read_rule(value: &Value, at: &str) -> Read<Rule> {
    let conditions = match value.get("conditions") {
        None => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(i, c)| read_call(c, &format!("{at}.conditions[{i}]")))
            .collect::<Read<_>>()?,
        Some(_) => return Err(EndpointError::new(at, "`conditions` is not a list")),
    };
    let body = match value.get("type").and_then(Value::as_str) {
        Some("endpoint") => RuleBody::Endpoint(read_endpoint(value.get("endpoint"), at)?),
        Some("error") => {
            let error = value
                .get("error")
                .ok_or_else(|| EndpointError::new(at, "error rule without `error`"))?;
            RuleBody::Error(read_expr(error, &format!("{at}.error"))?)
        }
        Some("tree") => RuleBody::Tree(read_rules(value.get("rules"), &format!("{at}.rules"))?),
        other => {
            return Err(EndpointError::new(
                at,
                format!("unknown rule type {other:?}"),
            ))
        }
    };
    Ok(Rule { conditions, body })
}

fn read_endpoint(value: Option<&Value>, at: &str) -> Read<EndpointDef> {
    let value = value.ok_or_else(|| EndpointError::new(at, "endpoint rule without `endpoint`"))?;
    let url = value
        .get("url")
        .ok_or_else(|| EndpointError::new(at, "endpoint without `url`"))?;
    let mut headers = Vec::new();
    if let Some(map) = value.get("headers").and_then(Value::as_object) {
        for (name, values) in map {
            let values = values
                .as_array()
                .ok_or_else(|| EndpointError::new(at, format!("header `{name}` is not a list")))?;
            let values = values
                .iter()
                .map(|v| read_expr(v, &format!("{at}.headers.{name}")))
                .collect::<Read<_>>()?;
            headers.push((name.clone(), values));
        }
    }
    let mut properties = Vec::new();
    if let Some(map) = value.get("properties").and_then(Value::as_object) {
        for (name, v) in map {
            properties.push((
                name.clone(),
                read_property(v, &format!("{at}.properties.{name}"))?,
            ));
        }
    }
    Ok(EndpointDef {
        url: read_expr(url, &format!("{at}.url"))?,
        headers,
        properties,
    })
}

/// Property values are JSON documents whose strings are templates and where `{"ref"}` / `{"fn"}` objects
/// are expressions.
fn read_property(value: &Value, at: &str) -> Read<Expr> {
    match value {
        Value::Array(items) => Ok(Expr::Array(
            items
                .iter()
                .map(|v| read_property(v, at))
                .collect::<Read<_>>()?,
        )),
        Value::Object(map) if !map.contains_key("ref") && !map.contains_key("fn") => {
            Ok(Expr::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), read_property(v, &format!("{at}.{k}"))?)))
                    .collect::<Read<_>>()?,
            ))
        }
        other => read_expr(other, at),
    }
}

pub(crate) fn read_expr(value: &Value, at: &str) -> Read<Expr> {
    match value {
        Value::String(s) => Ok(Expr::Template(
            parse_template(s).map_err(|m| EndpointError::new(at, m))?,
        )),
        Value::Bool(b) => Ok(Expr::Bool(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(Expr::Int)
            .ok_or_else(|| EndpointError::new(at, format!("unsupported number {n}"))),
        Value::Object(map) if map.contains_key("ref") => map
            .get("ref")
            .and_then(Value::as_str)
            .map(|r| Expr::Ref(r.to_owned()))
            .ok_or_else(|| EndpointError::new(at, "`ref` is not a string")),
        Value::Object(map) if map.contains_key("fn") => Ok(Expr::Call(read_call(value, at)?)),
        Value::Array(items) => Ok(Expr::Array(
            items
                .iter()
                .map(|v| read_expr(v, at))
                .collect::<Read<_>>()?,
        )),
        other => Err(EndpointError::new(
            at,
            format!("unsupported expression {other}"),
        )),
    }
}

fn read_call(value: &Value, at: &str) -> Read<Call> {
    let func = value
        .get("fn")
        .and_then(Value::as_str)
        .ok_or_else(|| EndpointError::new(at, "function call without `fn`"))?;
    let args = value
        .get("argv")
        .and_then(Value::as_array)
        .ok_or_else(|| EndpointError::new(at, format!("call of `{func}` without `argv` list")))?;
    let args = args
        .iter()
        .enumerate()
        .map(|(i, a)| read_expr(a, &format!("{at}.argv[{i}]")))
        .collect::<Read<_>>()?;
    Ok(Call {
        func: func.to_owned(),
        args,
        assign: value
            .get("assign")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

/// Splits `a{B}c{D#e}` into text and references; `{{` and `}}` are literal braces.
pub(crate) fn parse_template(text: &str) -> Result<Vec<TemplatePart>, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(ch) => inner.push(ch),
                        None => return Err(format!("unclosed `{{` in template {text:?}")),
                    }
                }
                if !literal.is_empty() {
                    parts.push(TemplatePart::Text(std::mem::take(&mut literal)));
                }
                let (name, path) = match inner.split_once('#') {
                    Some((n, p)) => (n.to_owned(), Some(p.to_owned())),
                    None => (inner, None),
                };
                if name.is_empty() {
                    return Err(format!("empty reference in template {text:?}"));
                }
                parts.push(TemplatePart::Ref { name, path });
            }
            other => literal.push(other),
        }
    }
    if !literal.is_empty() || parts.is_empty() {
        parts.push(TemplatePart::Text(literal));
    }
    Ok(parts)
}

impl Expr {
    /// Whether evaluating this expression reads the named value.
    pub fn mentions(&self, name: &str) -> bool {
        match self {
            Expr::Template(parts) => parts
                .iter()
                .any(|p| matches!(p, TemplatePart::Ref { name: n, .. } if n == name)),
            Expr::Ref(r) => r == name,
            Expr::Call(call) => call.args.iter().any(|a| a.mentions(name)),
            Expr::Array(items) => items.iter().any(|a| a.mentions(name)),
            Expr::Object(entries) => entries.iter().any(|(_, v)| v.mentions(name)),
            Expr::Bool(_) | Expr::Int(_) => false,
        }
    }
}

impl RuleBody {
    pub fn mentions(&self, name: &str) -> bool {
        match self {
            RuleBody::Endpoint(e) => {
                e.url.mentions(name)
                    || e.headers
                        .iter()
                        .any(|(_, vs)| vs.iter().any(|v| v.mentions(name)))
                    || e.properties.iter().any(|(_, v)| v.mentions(name))
            }
            RuleBody::Error(e) => e.mentions(name),
            RuleBody::Tree(rules) => rules.iter().any(|r| r.mentions(name)),
        }
    }
}

impl Rule {
    pub fn mentions(&self, name: &str) -> bool {
        self.conditions
            .iter()
            .any(|c| c.args.iter().any(|a| a.mentions(name)))
            || self.body.mentions(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_text_and_references() {
        let parts =
            parse_template("https://{Region}.{PartitionResult#dnsSuffix}{{x}}").expect("template");
        let shown: Vec<String> = parts
            .iter()
            .map(|p| match p {
                TemplatePart::Text(t) => format!("T:{t}"),
                TemplatePart::Ref { name, path } => format!("R:{name}:{path:?}"),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "T:https://",
                "R:Region:None",
                "T:.",
                "R:PartitionResult:Some(\"dnsSuffix\")",
                "T:{x}"
            ]
        );
        assert!(parse_template("{open").is_err());
    }

    #[test]
    fn unknown_parameter_types_are_errors() {
        let value = serde_json::json!({"parameters": {"X": {"type": "integer"}}, "rules": []});
        let error = read_rule_set(&value).expect_err("bad type");
        assert_eq!(
            error.to_string(),
            "parameter `X`: unsupported parameter type Some(\"integer\")"
        );
    }
}
