//! The JMESPath subset that Smithy uses for waiter acceptors (`smithy.waiters#waitable`) and endpoint
//! parameters bound from the input (`smithy.rules#operationContextParams`): fields, sub-expressions, indexes,
//! slices, list / object projections, flattening, filters with comparators, `&&` `||` `!`, pipes, multi-select
//! lists, literals and the functions `length`, `contains`, `keys` and `values`.
//!
//! This file depends on `std` and `serde_json` only: the generator compiles the very same file to parse and
//! type-check every path at generation time, so a path that reaches a generated crate always parses.
//! Values are seen through [`Reflect`] / [`ToValue`], which generated shapes implement for the members some
//! path names; nothing is converted to JSON first.
//!
//! Where JMESPath would raise a type error (`length(5)`, `a < 'x'`), evaluation gives `null`, which no acceptor
//! matches.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// A comparison operator of a filter or comparison expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A supported built-in function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `length(string | array | object)`: characters, elements or members.
    Length,
    /// `contains(array | string, value)`.
    Contains,
    /// `keys(object)`.
    Keys,
    /// `values(object)`.
    Values,
}

impl Function {
    fn named(name: &str) -> Option<(Function, usize)> {
        Some(match name {
            "length" => (Function::Length, 1),
            "contains" => (Function::Contains, 2),
            "keys" => (Function::Keys, 1),
            "values" => (Function::Values, 1),
            _ => return None,
        })
    }
}

/// A literal: `'raw string'` or `` `json` `` (scalars and arrays of them).
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `` `null` ``
    Null,
    /// `` `true` ``, `` `false` ``
    Bool(bool),
    /// `` `1.5` ``
    Number(f64),
    /// `'text'` or `` `"text"` ``
    String(String),
    /// `` `[1, "a"]` ``
    Array(Vec<Literal>),
}

/// A parsed expression (the shape of the JMESPath reference AST).
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `@`, and the implicit right side of a projection that ends.
    Identity,
    /// A member name (`Name` or `"quoted name"`).
    Field(String),
    /// `left.right`.
    Sub(Box<Expr>, Box<Expr>),
    /// `[n]` applied to the current value (negative counts from the end).
    Index(i64),
    /// `[start:stop:step]` applied to the current value.
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// Evaluates the left side; when it is an array, the right side runs on every element (nulls dropped).
    Projection(Box<Expr>, Box<Expr>),
    /// `left.*.right`: a projection over the values of an object.
    ValueProjection(Box<Expr>, Box<Expr>),
    /// `left[]`: one level of nested arrays flattened.
    Flatten(Box<Expr>),
    /// `left[?condition].right`.
    Filter(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `left <op> right`.
    Compare(Comparator, Box<Expr>, Box<Expr>),
    /// `left && right`.
    And(Box<Expr>, Box<Expr>),
    /// `left || right`.
    Or(Box<Expr>, Box<Expr>),
    /// `!inner`.
    Not(Box<Expr>),
    /// `left | right`: the right side runs on the whole result of the left (ends projections).
    Pipe(Box<Expr>, Box<Expr>),
    /// `[a, b]`.
    MultiList(Vec<Expr>),
    /// A literal value.
    Literal(Literal),
    /// A function call.
    Call(Function, Vec<Expr>),
}

/// A path that does not parse: what was expected, and where (character offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Character offset into the path.
    pub offset: usize,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.message, self.offset)
    }
}

impl std::error::Error for ParseError {}

/// Deepest nesting a path may have (keeps parsing and evaluation off the edge of the stack).
const MAX_DEPTH: usize = 64;

/// Parses a path.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let tokens = lex(text)?;
    let mut parser = Parser { tokens, pos: 0, depth: 0 };
    let expr = parser.expression(0)?;
    match parser.peek() {
        Token::End => Ok(expr),
        other => Err(parser.error(format!("unexpected {other:?}"))),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String),
    Quoted(String),
    Number(i64),
    Literal(Literal),
    Dot,
    Star,
    LBracket,
    RBracket,
    Filter,
    Flatten,
    LParen,
    RParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    At,
    Compare(Comparator),
    LBrace,
    End,
}

impl Token {
    fn binding_power(&self) -> u8 {
        match self {
            Token::Pipe => 1,
            Token::Or => 2,
            Token::And => 3,
            Token::Compare(_) => 5,
            Token::Flatten => 9,
            Token::Star => 20,
            Token::Filter => 21,
            Token::Dot => 40,
            Token::Not => 45,
            Token::LBrace => 50,
            Token::LBracket => 55,
            Token::LParen => 60,
            _ => 0,
        }
    }
}

fn lex(text: &str) -> Result<Vec<(usize, Token)>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let err = |offset: usize, message: &str| ParseError { offset, message: message.to_owned() };
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let next = chars.get(i + 1).copied();
        let token = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            'a'..='z' | 'A'..='Z' | '_' => {
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                tokens.push((start, Token::Name(chars[start..i].iter().collect())));
                continue;
            }
            '0'..='9' | '-' => {
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let digits: String = chars[start..i].iter().collect();
                let n = digits.parse::<i64>().map_err(|_| err(start, "invalid number"))?;
                tokens.push((start, Token::Number(n)));
                continue;
            }
            '"' => {
                let (value, end) = delimited(&chars, i, '"').ok_or_else(|| err(start, "unterminated quoted identifier"))?;
                let name: String = serde_json::from_str(&format!("\"{value}\""))
                    .map_err(|_| err(start, "invalid quoted identifier"))?;
                i = end;
                tokens.push((start, Token::Quoted(name)));
                continue;
            }
            '\'' => {
                let (value, end) = delimited(&chars, i, '\'').ok_or_else(|| err(start, "unterminated raw string"))?;
                i = end;
                tokens.push((start, Token::Literal(Literal::String(value.replace("\\'", "'")))));
                continue;
            }
            '`' => {
                let (value, end) = delimited(&chars, i, '`').ok_or_else(|| err(start, "unterminated literal"))?;
                let json: serde_json::Value = serde_json::from_str(value.replace("\\`", "`").trim())
                    .map_err(|_| err(start, "literal is not JSON"))?;
                let literal = literal_of(&json).ok_or_else(|| err(start, "object literals are not supported"))?;
                i = end;
                tokens.push((start, Token::Literal(literal)));
                continue;
            }
            '.' => Token::Dot,
            '*' => Token::Star,
            '@' => Token::At,
            ']' => Token::RBracket,
            '(' => Token::LParen,
            ')' => Token::RParen,
            ',' => Token::Comma,
            ':' => Token::Colon,
            '{' => Token::LBrace,
            '[' => match next {
                Some(']') => {
                    i += 1;
                    Token::Flatten
                }
                Some('?') => {
                    i += 1;
                    Token::Filter
                }
                _ => Token::LBracket,
            },
            '|' if next == Some('|') => {
                i += 1;
                Token::Or
            }
            '|' => Token::Pipe,
            '&' if next == Some('&') => {
                i += 1;
                Token::And
            }
            '!' if next == Some('=') => {
                i += 1;
                Token::Compare(Comparator::Ne)
            }
            '!' => Token::Not,
            '=' if next == Some('=') => {
                i += 1;
                Token::Compare(Comparator::Eq)
            }
            '<' if next == Some('=') => {
                i += 1;
                Token::Compare(Comparator::Le)
            }
            '<' => Token::Compare(Comparator::Lt),
            '>' if next == Some('=') => {
                i += 1;
                Token::Compare(Comparator::Ge)
            }
            '>' => Token::Compare(Comparator::Gt),
            _ => return Err(err(start, &format!("unexpected character `{c}`"))),
        };
        i += 1;
        tokens.push((start, token));
    }
    tokens.push((chars.len(), Token::End));
    Ok(tokens)
}

/// The text between `chars[open]` and the next unescaped `delimiter`, and the index after it.
fn delimited(chars: &[char], open: usize, delimiter: char) -> Option<(String, usize)> {
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            c if c == delimiter => return Some((chars[open + 1..i].iter().collect(), i + 1)),
            _ => i += 1,
        }
    }
    None
}

fn literal_of(json: &serde_json::Value) -> Option<Literal> {
    Some(match json {
        serde_json::Value::Null => Literal::Null,
        serde_json::Value::Bool(b) => Literal::Bool(*b),
        serde_json::Value::Number(n) => Literal::Number(n.as_f64()?),
        serde_json::Value::String(s) => Literal::String(s.clone()),
        serde_json::Value::Array(items) => Literal::Array(items.iter().map(literal_of).collect::<Option<_>>()?),
        serde_json::Value::Object(_) => return None,
    })
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    depth: usize,
}

/// Tokens below this binding power end a projection's right side.
const PROJECTION_STOP: u8 = 10;

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos.min(self.tokens.len() - 1)].1
    }

    fn peek_at(&self, ahead: usize) -> &Token {
        &self.tokens[(self.pos + ahead).min(self.tokens.len() - 1)].1
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        token
    }

    fn error(&self, message: String) -> ParseError {
        ParseError { offset: self.tokens[self.pos.min(self.tokens.len() - 1)].0, message }
    }

    fn expect(&mut self, wanted: Token) -> Result<(), ParseError> {
        if *self.peek() == wanted {
            self.advance();
            Ok(())
        } else {
            Err(self.error(format!("expected {wanted:?}, found {:?}", self.peek())))
        }
    }

    fn expression(&mut self, binding_power: u8) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("path nests deeper than {MAX_DEPTH} levels")));
        }
        let mut left = self.nud()?;
        while binding_power < self.peek().binding_power() {
            left = self.led(left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    fn nud(&mut self) -> Result<Expr, ParseError> {
        match self.advance() {
            Token::Name(name) => Ok(Expr::Field(name)),
            Token::Quoted(name) => {
                if *self.peek() == Token::LParen {
                    return Err(self.error("a quoted identifier cannot name a function".to_owned()));
                }
                Ok(Expr::Field(name))
            }
            Token::Literal(literal) => Ok(Expr::Literal(literal)),
            Token::At => Ok(Expr::Identity),
            Token::Star => {
                let right = self.projection_rhs(Token::Star.binding_power())?;
                Ok(Expr::ValueProjection(Box::new(Expr::Identity), Box::new(right)))
            }
            Token::Filter => self.filter(Expr::Identity),
            Token::Flatten => {
                let right = self.projection_rhs(Token::Flatten.binding_power())?;
                Ok(Expr::Projection(Box::new(Expr::Flatten(Box::new(Expr::Identity))), Box::new(right)))
            }
            Token::Not => Ok(Expr::Not(Box::new(self.expression(Token::Not.binding_power())?))),
            Token::LParen => {
                let inner = self.expression(0)?;
                self.expect(Token::RParen)?;
                Ok(inner)
            }
            Token::LBracket => match self.peek() {
                Token::Number(_) | Token::Colon => self.index_or_slice(Expr::Identity),
                Token::Star if *self.peek_at(1) == Token::RBracket => {
                    self.advance();
                    self.advance();
                    let right = self.projection_rhs(Token::Star.binding_power())?;
                    Ok(Expr::Projection(Box::new(Expr::Identity), Box::new(right)))
                }
                _ => self.multi_list(),
            },
            Token::LBrace => Err(self.error("multi-select hashes are not supported".to_owned())),
            other => Err(self.error(format!("unexpected {other:?}"))),
        }
    }

    fn led(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let token = self.advance();
        let power = token.binding_power();
        match token {
            Token::Dot => {
                if *self.peek() == Token::Star {
                    self.advance();
                    let right = self.projection_rhs(power)?;
                    return Ok(Expr::ValueProjection(Box::new(left), Box::new(right)));
                }
                let right = self.dot_rhs(power)?;
                Ok(Expr::Sub(Box::new(left), Box::new(right)))
            }
            Token::Pipe => Ok(Expr::Pipe(Box::new(left), Box::new(self.expression(power)?))),
            Token::Or => Ok(Expr::Or(Box::new(left), Box::new(self.expression(power)?))),
            Token::And => Ok(Expr::And(Box::new(left), Box::new(self.expression(power)?))),
            Token::Compare(op) => Ok(Expr::Compare(op, Box::new(left), Box::new(self.expression(power)?))),
            Token::Filter => self.filter(left),
            Token::Flatten => {
                let right = self.projection_rhs(power)?;
                Ok(Expr::Projection(Box::new(Expr::Flatten(Box::new(left))), Box::new(right)))
            }
            Token::LBracket => match self.peek() {
                Token::Number(_) | Token::Colon => self.index_or_slice(left),
                _ => {
                    self.expect(Token::Star)?;
                    self.expect(Token::RBracket)?;
                    let right = self.projection_rhs(Token::Star.binding_power())?;
                    Ok(Expr::Projection(Box::new(left), Box::new(right)))
                }
            },
            Token::LParen => {
                let Expr::Field(name) = left else {
                    return Err(self.error("only a name can be called".to_owned()));
                };
                let (function, arity) = Function::named(&name)
                    .ok_or_else(|| self.error(format!("unsupported function `{name}`")))?;
                let mut args = Vec::new();
                while *self.peek() != Token::RParen {
                    args.push(self.expression(0)?);
                    if *self.peek() == Token::Comma {
                        self.advance();
                    } else {
                        break;
                    }
                }
                self.expect(Token::RParen)?;
                if args.len() != arity {
                    return Err(self.error(format!("`{name}` takes {arity} argument(s), got {}", args.len())));
                }
                Ok(Expr::Call(function, args))
            }
            other => Err(self.error(format!("unexpected {other:?}"))),
        }
    }

    /// After `[`: `n]`, or a slice `start:stop:step]` (a projection over the sliced elements).
    fn index_or_slice(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let mut parts: [Option<i64>; 3] = [None; 3];
        let mut part = 0;
        loop {
            match self.advance() {
                Token::Number(n) => parts[part] = Some(n),
                Token::Colon if part < 2 => part += 1,
                Token::RBracket => break,
                other => return Err(self.error(format!("unexpected {other:?} in an index or slice"))),
            }
        }
        if part == 0 {
            let index = parts[0].ok_or_else(|| self.error("empty index".to_owned()))?;
            return Ok(sub(left, Expr::Index(index)));
        }
        if parts[2] == Some(0) {
            return Err(self.error("slice step cannot be 0".to_owned()));
        }
        let right = self.projection_rhs(Token::Star.binding_power())?;
        let slice = sub(left, Expr::Slice(parts[0], parts[1], parts[2]));
        Ok(Expr::Projection(Box::new(slice), Box::new(right)))
    }

    fn filter(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let condition = self.expression(0)?;
        self.expect(Token::RBracket)?;
        let right = self.projection_rhs(Token::Filter.binding_power())?;
        Ok(Expr::Filter(Box::new(left), Box::new(condition), Box::new(right)))
    }

    fn multi_list(&mut self) -> Result<Expr, ParseError> {
        let mut items = vec![self.expression(0)?];
        while *self.peek() == Token::Comma {
            self.advance();
            items.push(self.expression(0)?);
        }
        self.expect(Token::RBracket)?;
        Ok(Expr::MultiList(items))
    }

    fn projection_rhs(&mut self, power: u8) -> Result<Expr, ParseError> {
        match self.peek() {
            t if t.binding_power() < PROJECTION_STOP => Ok(Expr::Identity),
            Token::LBracket | Token::Filter => self.expression(power),
            Token::Dot => {
                self.advance();
                self.dot_rhs(power)
            }
            other => Err(self.error(format!("unexpected {other:?} after a projection"))),
        }
    }

    fn dot_rhs(&mut self, power: u8) -> Result<Expr, ParseError> {
        match self.peek() {
            Token::Name(_) | Token::Quoted(_) => self.expression(power),
            Token::LBracket => {
                self.advance();
                self.multi_list()
            }
            other => Err(self.error(format!("expected a name after `.`, found {other:?}"))),
        }
    }
}

/// `left.right`, without a needless `@.` in front.
fn sub(left: Expr, right: Expr) -> Expr {
    match left {
        Expr::Identity => right,
        left => Expr::Sub(Box::new(left), Box::new(right)),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation

/// A value seen by a path: scalars are copied or borrowed, structures and maps are borrowed.
#[derive(Clone)]
pub enum Value<'a> {
    /// Absent or unset.
    Null,
    /// A boolean.
    Bool(bool),
    /// Any number (integers, floats, timestamps as epoch seconds).
    Number(f64),
    /// A string (enums as their wire value).
    String(Cow<'a, str>),
    /// A list, or the result of a projection.
    Array(Vec<Value<'a>>),
    /// A structure, union or map.
    Object(&'a dyn Reflect),
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Array(items) => f.debug_list().entries(items).finish(),
            Value::Object(o) => f.debug_map().entries(o.members()).finish(),
        }
    }
}

/// A structure, union or map as a path sees it: members by their Smithy names (map entries by key).
pub trait Reflect {
    /// The member called `name`, or `Null` when it is unset or not exposed.
    fn member(&self, name: &str) -> Value<'_>;
    /// Every exposed member that is set, for `keys`, `values`, `length`, `*` and equality.
    fn members(&self) -> Vec<(Cow<'_, str>, Value<'_>)>;
}

/// A member value as a path sees it.
pub trait ToValue {
    /// This value as a path sees it.
    fn to_value(&self) -> Value<'_>;
}

impl<'a> Value<'a> {
    /// JMESPath truthiness: false, null, and empty strings, arrays and objects are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(_) => true,
            Value::String(s) => !s.is_empty(),
            Value::Array(items) => !items.is_empty(),
            Value::Object(o) => !o.members().is_empty(),
        }
    }

    /// Whether this is `Null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    fn from_literal(literal: &Literal) -> Value<'static> {
        match literal {
            Literal::Null => Value::Null,
            Literal::Bool(b) => Value::Bool(*b),
            Literal::Number(n) => Value::Number(*n),
            Literal::String(s) => Value::String(Cow::Owned(s.clone())),
            Literal::Array(items) => Value::Array(items.iter().map(Value::from_literal).collect()),
        }
    }
}

impl PartialEq for Value<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => {
                let (a, b) = (a.members(), b.members());
                a.len() == b.len() && a.iter().all(|(k, v)| b.iter().any(|(k2, v2)| k == k2 && v == v2))
            }
            _ => false,
        }
    }
}

/// Evaluates `expr` against `value`.
pub fn search<'a>(expr: &Expr, value: &Value<'a>) -> Value<'a> {
    match expr {
        Expr::Identity => value.clone(),
        Expr::Field(name) => match value {
            Value::Object(o) => o.member(name),
            _ => Value::Null,
        },
        Expr::Sub(left, right) => search(right, &search(left, value)),
        Expr::Pipe(left, right) => search(right, &search(left, value)),
        Expr::Index(index) => match value {
            Value::Array(items) => {
                let at = if *index < 0 { items.len() as i64 + index } else { *index };
                usize::try_from(at).ok().and_then(|i| items.get(i)).cloned().unwrap_or(Value::Null)
            }
            _ => Value::Null,
        },
        Expr::Slice(start, stop, step) => match value {
            Value::Array(items) => Value::Array(slice(items, *start, *stop, step.unwrap_or(1))),
            _ => Value::Null,
        },
        Expr::Projection(left, right) => match search(left, value) {
            Value::Array(items) => project(right, items.iter()),
            _ => Value::Null,
        },
        Expr::ValueProjection(left, right) => match search(left, value) {
            Value::Object(o) => {
                let values: Vec<Value<'a>> = o.members().into_iter().map(|(_, v)| v).collect();
                project(right, values.iter())
            }
            _ => Value::Null,
        },
        Expr::Flatten(inner) => match search(inner, value) {
            Value::Array(items) => {
                let mut flat = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::Array(nested) => flat.extend(nested),
                        other => flat.push(other),
                    }
                }
                Value::Array(flat)
            }
            _ => Value::Null,
        },
        Expr::Filter(left, condition, right) => match search(left, value) {
            Value::Array(items) => {
                project(right, items.iter().filter(|item| search(condition, item).is_truthy()))
            }
            _ => Value::Null,
        },
        Expr::Compare(op, left, right) => compare(*op, &search(left, value), &search(right, value)),
        Expr::And(left, right) => {
            let left = search(left, value);
            if left.is_truthy() {
                search(right, value)
            } else {
                left
            }
        }
        Expr::Or(left, right) => {
            let left = search(left, value);
            if left.is_truthy() {
                left
            } else {
                search(right, value)
            }
        }
        Expr::Not(inner) => Value::Bool(!search(inner, value).is_truthy()),
        Expr::MultiList(items) => match value {
            Value::Null => Value::Null,
            _ => Value::Array(items.iter().map(|item| search(item, value)).collect()),
        },
        Expr::Literal(literal) => Value::from_literal(literal),
        Expr::Call(function, args) => {
            let args: Vec<Value<'a>> = args.iter().map(|a| search(a, value)).collect();
            call(*function, &args)
        }
    }
}

fn project<'a, 'b>(right: &Expr, items: impl Iterator<Item = &'b Value<'a>>) -> Value<'a>
where
    'a: 'b,
{
    Value::Array(items.map(|item| search(right, item)).filter(|v| !v.is_null()).collect())
}

fn slice<'a>(items: &[Value<'a>], start: Option<i64>, stop: Option<i64>, step: i64) -> Vec<Value<'a>> {
    let len = items.len() as i64;
    let clamp = |at: i64, low: i64, high: i64| {
        let at = if at < 0 { at + len } else { at };
        at.clamp(low, high)
    };
    let mut out = Vec::new();
    if step > 0 {
        let (mut at, end) = (start.map_or(0, |s| clamp(s, 0, len)), stop.map_or(len, |s| clamp(s, 0, len)));
        while at < end {
            out.push(items[at as usize].clone());
            at += step;
        }
    } else {
        let (mut at, end) = (start.map_or(len - 1, |s| clamp(s, -1, len - 1)), stop.map_or(-1, |s| clamp(s, -1, len - 1)));
        while at > end {
            out.push(items[at as usize].clone());
            at += step;
        }
    }
    out
}

fn compare<'a>(op: Comparator, left: &Value<'a>, right: &Value<'a>) -> Value<'a> {
    match op {
        Comparator::Eq => Value::Bool(left == right),
        Comparator::Ne => Value::Bool(left != right),
        _ => match (left, right) {
            (Value::Number(a), Value::Number(b)) => Value::Bool(match op {
                Comparator::Lt => a < b,
                Comparator::Le => a <= b,
                Comparator::Gt => a > b,
                _ => a >= b,
            }),
            _ => Value::Null,
        },
    }
}

fn call<'a>(function: Function, args: &[Value<'a>]) -> Value<'a> {
    match (function, args) {
        (Function::Length, [Value::String(s)]) => Value::Number(s.chars().count() as f64),
        (Function::Length, [Value::Array(items)]) => Value::Number(items.len() as f64),
        (Function::Length, [Value::Object(o)]) => Value::Number(o.members().len() as f64),
        (Function::Contains, [Value::Array(items), search]) => Value::Bool(items.contains(search)),
        (Function::Contains, [Value::String(s), Value::String(part)]) => Value::Bool(s.contains(part.as_ref())),
        (Function::Keys, [Value::Object(o)]) => {
            Value::Array(o.members().into_iter().map(|(k, _)| Value::String(k)).collect())
        }
        (Function::Values, [Value::Object(o)]) => Value::Array(o.members().into_iter().map(|(_, v)| v).collect()),
        _ => Value::Null,
    }
}

// ---------------------------------------------------------------------------------------------------------
// Values of common types

impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::String(Cow::Borrowed(self))
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

macro_rules! number_values {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Number(*self as f64)
            }
        }
    )*};
}
number_values!(i8, i16, i32, i64, f32, f64);

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

impl<T: ToValue + ?Sized> ToValue for Box<T> {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value<'_> {
        Value::Array(self.iter().map(ToValue::to_value).collect())
    }
}

impl<T: ToValue> Reflect for HashMap<String, T> {
    fn member(&self, name: &str) -> Value<'_> {
        self.get(name).map_or(Value::Null, ToValue::to_value)
    }

    fn members(&self) -> Vec<(Cow<'_, str>, Value<'_>)> {
        // Sorted, so `keys()` and `values()` are deterministic.
        let mut entries: Vec<_> = self.iter().map(|(k, v)| (Cow::Borrowed(k.as_str()), v.to_value())).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    }
}

impl<T: ToValue> ToValue for HashMap<String, T> {
    fn to_value(&self) -> Value<'_> {
        Value::Object(self)
    }
}

impl ToValue for serde_json::Value {
    fn to_value(&self) -> Value<'_> {
        match self {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => n.as_f64().map_or(Value::Null, Value::Number),
            serde_json::Value::String(s) => Value::String(Cow::Borrowed(s)),
            serde_json::Value::Array(items) => Value::Array(items.iter().map(ToValue::to_value).collect()),
            serde_json::Value::Object(map) => Value::Object(map),
        }
    }
}

impl Reflect for serde_json::Map<String, serde_json::Value> {
    fn member(&self, name: &str) -> Value<'_> {
        self.get(name).map_or(Value::Null, ToValue::to_value)
    }

    fn members(&self) -> Vec<(Cow<'_, str>, Value<'_>)> {
        self.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (Cow::Borrowed(k.as_str()), v.to_value())).collect()
    }
}

/// A value as JSON (for evaluating paths at generation time and for tests).
pub fn to_json(value: &Value<'_>) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 9e15 {
                serde_json::Value::from(*n as i64)
            } else {
                serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
        }
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Object(o) => {
            serde_json::Value::Object(o.members().iter().map(|(k, v)| (k.to_string(), to_json(v))).collect())
        }
    }
}

/// A path parsed once, on first use (generated code keeps one per path in a `static`).
pub struct CompiledPath {
    text: &'static str,
    expr: std::sync::OnceLock<Option<Expr>>,
}

impl CompiledPath {
    /// A path that parses `text` on first use.
    pub const fn new(text: &'static str) -> Self {
        CompiledPath { text, expr: std::sync::OnceLock::new() }
    }

    /// The path's text, as the model wrote it.
    pub fn text(&self) -> &'static str {
        self.text
    }

    /// Evaluates the path against `value`; `Null` if the path does not parse (the generator checked it does).
    pub fn search<'a>(&self, value: &Value<'a>) -> Value<'a> {
        match self.expr.get_or_init(|| parse(self.text).ok()) {
            Some(expr) => search(expr, value),
            None => Value::Null,
        }
    }
}

impl fmt::Debug for CompiledPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CompiledPath({:?})", self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(path: &str, input: serde_json::Value) -> serde_json::Value {
        let expr = parse(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        to_json(&search(&expr, &input.to_value()))
    }

    #[test]
    fn fields_and_subexpressions() {
        assert_eq!(eval("a", json!({"a": "foo", "b": "bar"})), json!("foo"));
        assert_eq!(eval("a.b.c.d", json!({"a": {"b": {"c": {"d": "value"}}}})), json!("value"));
        assert_eq!(eval("a.x", json!({"a": "foo"})), json!(null));
        assert_eq!(eval("\"with space\"", json!({"with space": 1})), json!(1));
    }

    #[test]
    fn indexes_and_slices() {
        let list = json!({"a": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]});
        assert_eq!(eval("a[1]", list.clone()), json!(1));
        assert_eq!(eval("a[-1]", list.clone()), json!(9));
        assert_eq!(eval("a[20]", list.clone()), json!(null));
        assert_eq!(eval("a[0:5]", list.clone()), json!([0, 1, 2, 3, 4]));
        assert_eq!(eval("a[5:10:2]", list.clone()), json!([5, 7, 9]));
        assert_eq!(eval("a[::-1]", list.clone()), json!([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]));
        assert_eq!(eval("a[:2]", list), json!([0, 1]));
        assert!(parse("a[::0]").is_err());
    }

    #[test]
    fn projections_and_flattening() {
        let people = json!({"people": [{"first": "James", "age": 55}, {"first": "Jacob"}, {"first": "Jayden", "age": 7}]});
        assert_eq!(eval("people[*].first", people.clone()), json!(["James", "Jacob", "Jayden"]));
        assert_eq!(eval("people[*].age", people.clone()), json!([55, 7]), "nulls are dropped");
        assert_eq!(eval("people[:2].first", people), json!(["James", "Jacob"]));
        let ops = json!({"ops": {"a": {"n": 1}, "b": {"n": 2}, "c": {"x": 3}}});
        assert_eq!(eval("ops.*.n", ops), json!([1, 2]));
        let nested = json!({"r": [{"i": [{"s": "a"}, {"s": "b"}]}, {"i": [{"s": "c"}]}]});
        assert_eq!(eval("r[].i[].s", nested.clone()), json!(["a", "b", "c"]));
        assert_eq!(eval("r[*].i[*].s", nested), json!([["a", "b"], ["c"]]));
        assert_eq!(eval("[a, b]", json!(null)), json!(null), "a multi-select of null is null");
        assert_eq!(eval("a[]", json!({"a": [[1, 2], 3, [4]]})), json!([1, 2, 3, 4]));
    }

    #[test]
    fn filters_comparators_and_logic() {
        let machines = json!({"m": [{"name": "a", "state": "running"}, {"name": "b", "state": "stopped"}, {"name": "c", "state": "running"}]});
        assert_eq!(eval("m[?state=='running'].name", machines.clone()), json!(["a", "c"]));
        assert_eq!(eval("m[?state!='running'].name", machines.clone()), json!(["b"]));
        assert_eq!(eval("length(m[?state=='running']) > `1`", machines.clone()), json!(true));
        assert_eq!(eval("m[?state=='running' && name=='c'].name", machines.clone()), json!(["c"]));
        assert_eq!(eval("m[?state=='x' || name=='b'].name", machines.clone()), json!(["b"]));
        assert_eq!(eval("!contains(m[].state, 'stopped')", machines), json!(false));
        assert_eq!(eval("a < `2`", json!({"a": 1})), json!(true));
        assert_eq!(eval("a < 'x'", json!({"a": 1})), json!(null), "ordering needs numbers");
        assert_eq!(eval("a == `[1, 2]`", json!({"a": [1, 2]})), json!(true));
        assert_eq!(eval("a || b", json!({"a": "", "b": "x"})), json!("x"));
        assert_eq!(eval("a && b", json!({"a": [], "b": "x"})), json!([]));
    }

    #[test]
    fn functions_pipes_and_multi_select() {
        let input = json!({"map": {"k1": 1, "k2": 2}, "s": "abc", "l": ["x", "y"]});
        assert_eq!(eval("keys(map)", input.clone()), json!(["k1", "k2"]));
        assert_eq!(eval("values(map)", input.clone()), json!([1, 2]));
        assert_eq!(eval("length(s)", input.clone()), json!(3));
        assert_eq!(eval("length(map)", input.clone()), json!(2));
        assert_eq!(eval("contains(s, 'bc')", input.clone()), json!(true));
        assert_eq!(eval("contains(l, 'z')", input.clone()), json!(false));
        assert_eq!(eval("l | [0]", input.clone()), json!("x"));
        assert_eq!(eval("[s, l[1]]", input.clone()), json!(["abc", "y"]));
        assert_eq!(eval("length(`5`)", input), json!(null), "a type error is null");
        let unions = json!({"u": [{"string": "s1"}, {"object": {"key": "k2"}}]});
        assert_eq!(eval("u[*][string, object.key][]", unions), json!(["s1", "k2"]));
    }

    #[test]
    fn the_smithy_waiter_examples() {
        // Shapes of the examples in the Smithy waiters specification.
        let table = json!({"Table": {"TableStatus": "ACTIVE"}});
        assert_eq!(eval("Table.TableStatus", table), json!("ACTIVE"));
        let instances = json!({"Reservations": [{"Instances": [{"State": {"Name": "running"}}, {"State": {"Name": "pending"}}]}]});
        assert_eq!(eval("Reservations[].Instances[].State.Name", instances.clone()), json!(["running", "pending"]));
        assert_eq!(eval("length(Reservations[].Instances[]) > `0`", instances), json!(true));
        let io = json!({"input": {"Name": "x"}, "output": {"Things": [{"Name": "x"}]}});
        assert_eq!(eval("contains(output.Things[].Name, input.Name)", io), json!(true));
    }

    #[test]
    fn malformed_paths_are_errors_with_offsets() {
        for bad in ["", "a.", "a[", "a[?b", "foo(a)", "length(a, b)", "{a: b}", "a ^ b", "'open", "`{\"a\": 1}`", "a[1:2:3:4]"] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
        let deep = format!("{}a{}", "(".repeat(500), ")".repeat(500));
        assert!(parse(&deep).unwrap_err().message.contains("deeper"));
        assert_eq!(parse("a.b ^").unwrap_err().offset, 4);
    }

    #[test]
    fn compiled_paths_parse_once_and_evaluate() {
        static PATH: CompiledPath = CompiledPath::new("a[?b==`1`].c");
        let input = json!({"a": [{"b": 1, "c": "x"}, {"b": 2, "c": "y"}]});
        assert_eq!(to_json(&PATH.search(&input.to_value())), json!(["x"]));
        assert_eq!(PATH.text(), "a[?b==`1`].c");
    }
}
