//! The FQL parser, a port of `parse-fql.js` from `@segment/destination-subscriptions` 3.37.
//!
//! It keeps Segment's shape on purpose: a condition takes the next two tokens whatever they
//! are (so `type =` compares with `"eos"`, and `properties.a contains "x"` uses the name
//! `contains` as the operator); a function takes the next five; a flat list takes the last
//! `and`/`or` it saw; tokens it does not understand are skipped.

use super::lexer::{Kind, Token};
use super::prototype;
use super::{Condition, Expected, Field, Group, Node, Op};
use crate::json::{js_number_to_string, js_string_to_number};

/// A literal as `getTokenValue` returns it.
enum Literal {
    Str(String),
    Num(f64),
    Bool(bool),
}

impl Literal {
    fn of(token: &Token) -> Literal {
        match token.kind {
            // Only double quotes are stripped: 'x' keeps its quotes and never matches.
            Kind::Str if token.value.starts_with('"') => {
                Literal::Str(token.value.get(1..token.value.len().saturating_sub(1)).unwrap_or_default().to_owned())
            }
            Kind::Number => Literal::Num(js_string_to_number(&token.value)),
            Kind::Ident if token.value == "true" || token.value == "false" => Literal::Bool(token.value == "true"),
            _ => Literal::Str(token.value.clone()),
        }
    }

    /// `String(value)`.
    fn into_text(self) -> String {
        match self {
            Literal::Str(s) => s,
            Literal::Num(n) => js_number_to_string(n),
            Literal::Bool(b) => b.to_string(),
        }
    }

    fn into_expected(self) -> Expected {
        match self {
            Literal::Str(s) => Expected::text(s),
            Literal::Num(n) => Expected {
                text: js_number_to_string(n),
                number: n,
                units: None,
            },
            Literal::Bool(b) => Expected {
                text: b.to_string(),
                number: f64::from(u8::from(b)),
                units: None,
            },
        }
    }
}

/// What the first part of an identifier names (`tokenToConditionType` in Segment).
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Type,
    Event,
    Name,
    UserId,
    Nested(&'static str),
    /// A name inherited from `Object.prototype` (`constructor`, `toString`…): Segment's
    /// lookup finds it, takes the next two tokens and then builds nothing.
    Inherited,
}

fn target(ident: &str) -> Option<Target> {
    let first = ident.split('.').next().unwrap_or_default();
    Some(match first {
        "type" => Target::Type,
        "event" => Target::Event,
        "name" => Target::Name,
        "userId" => Target::UserId,
        "properties" => Target::Nested("properties"),
        "traits" => Target::Nested("traits"),
        "context" => Target::Nested("context"),
        _ if prototype::OBJECT.contains(&first) => Target::Inherited,
        _ => return None,
    })
}

/// The field under `properties`/`traits`/`context` named by `ident` (which starts with `root`).
fn nested(root: &'static str, ident: &str) -> Field {
    let name = ident
        .strip_prefix(root)
        .and_then(|rest| rest.strip_prefix('.'))
        .unwrap_or(ident);
    if name.is_empty() {
        // `get` answers undefined for an empty path.
        return Field::Nested { root, path: None };
    }
    let path: Vec<String> = name
        .split(['[', '.', ']'])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    // An empty list (a name made of `.`, `[`, `]` only) makes Segment's `get` throw.
    Field::Nested { root, path: Some(path) }
}

fn is_function(token: &Token) -> bool {
    token.kind == Kind::Ident && (token.value == "contains" || token.value == "match")
}

/// Tokens read front to back, as Segment's `tokens.shift()` reads them.
struct Stream {
    tokens: std::vec::IntoIter<Token>,
}

impl Stream {
    fn shift(&mut self) -> Option<Token> {
        self.tokens.next()
    }
    fn peek(&self) -> Option<&Token> {
        self.tokens.as_slice().first()
    }
}

/// `parseFql`: the tree, always a group at the top.
pub(super) fn parse(tokens: Vec<Token>) -> Result<Group, String> {
    match parse_list(tokens, false)? {
        Some(Node::Group(group)) => Ok(group),
        Some(node) => Ok(Group {
            any: false,
            children: vec![node],
        }),
        None => Err(
            "no condition on a field Segment knows (type, event, name, userId, properties.…, traits.…, context.…)"
                .into(),
        ),
    }
}

/// Segment's `parse`: one flat list, where parentheses open a sub-list.
fn parse_list(tokens: Vec<Token>, in_group: bool) -> Result<Option<Node>, String> {
    let mut stream = Stream {
        tokens: tokens.into_iter(),
    };
    // A `(…)` that held no condition stays in the list as a hole, as `undefined` does in Segment.
    let mut nodes: Vec<(Option<Node>, usize)> = Vec::new();
    let mut any = false;
    while let Some(token) = stream.shift() {
        match token.kind {
            Kind::Eos => break,
            Kind::Ident => {
                if let Some(target) = target(&token.value) {
                    let op = stream.shift().ok_or("Operator token is missing")?;
                    let value = stream.shift().ok_or("Value token is missing")?;
                    if let Some(condition) = condition(target, &token, &op, &value)? {
                        nodes.push((Some(Node::Condition(condition)), token.pos));
                    }
                }
                if is_function(&token) {
                    function(&token.value, false, &mut nodes, &mut stream)?;
                }
            }
            Kind::Operator if token.value == "!" => {
                let next = stream
                    .peek()
                    .ok_or_else(|| format!("\"!\" at position {} has nothing after it", token.pos))?;
                if is_function(next) {
                    let name = stream.shift().map(|t| t.value).unwrap_or_default();
                    function(&name, true, &mut nodes, &mut stream)?;
                }
            }
            Kind::ParenLeft => {
                let mut inner = Vec::new();
                loop {
                    let next = stream.shift().ok_or_else(|| {
                        if in_group {
                            format!("parentheses cannot be nested (\"(\" at position {})", token.pos)
                        } else {
                            format!("unclosed \"(\" at position {}", token.pos)
                        }
                    })?;
                    if next.kind == Kind::ParenRight {
                        break;
                    }
                    inner.push(next);
                }
                inner.push(Token {
                    kind: Kind::Eos,
                    value: "eos".into(),
                    pos: token.pos,
                });
                nodes.push((parse_list(inner, true)?, token.pos));
            }
            Kind::Conditional => any = token.value == "or",
            _ => {}
        }
    }
    if nodes.len() <= 1 {
        return Ok(nodes.pop().and_then(|(node, _)| node));
    }
    // Segment keeps the hole (`undefined`) and throws a TypeError on any event reaching it.
    let children = nodes
        .into_iter()
        .map(|(node, pos)| node.unwrap_or(Node::Hole(pos)))
        .collect();
    Ok(Some(Node::Group(Group { any, children })))
}

fn condition(target: Target, field: &Token, op: &Token, value: &Token) -> Result<Option<Condition>, String> {
    let is = |o: &str, v: &str| op.value == o && value.value == v;
    let (field_of, special) = match target {
        Target::Inherited => return Ok(None),
        Target::Type => (Field::Top("type"), false),
        Target::Event => (Field::Top("event"), false),
        Target::Name => (Field::Top("name"), false),
        Target::UserId => (Field::Top("userId"), false),
        Target::Nested(root) => (nested(root, &field.value), true),
    };
    // Which special forms each field has, as Segment writes them out one by one.
    let (has_null, has_bool, has_number) = match target {
        Target::Name => (true, false, false),
        Target::UserId => (true, true, false),
        _ => (special, special, special),
    };
    let (op_of, expected) = if has_null && is("!=", "null") {
        (Op::Exists, Expected::none())
    } else if has_null && is("=", "null") {
        (Op::NotExists, Expected::none())
    } else if has_bool && is("=", "true") {
        (Op::IsTrue, Expected::none())
    } else if has_bool && is("=", "false") {
        (Op::IsFalse, Expected::none())
    } else if has_number && value.kind == Kind::Number && (op.value == "=" || op.value == "!=") {
        let op_of = if op.value == "=" {
            Op::NumberEquals
        } else {
            Op::NumberNotEquals
        };
        (op_of, Literal::of(value).into_expected())
    } else if special {
        // properties/traits/context keep the literal's type: `< "5"` still compares numbers.
        (Op::of(&op.value), Literal::of(value).into_expected())
    } else {
        (Op::of(&op.value), Expected::text(Literal::of(value).into_text()))
    };
    Ok(Some(Condition {
        label: label_of(&field_of, &field.value),
        field: field_of,
        op: op_of,
        expected,
    }))
}

fn label_of(field: &Field, written: &str) -> String {
    match field {
        Field::Top(name) => (*name).to_owned(),
        Field::Nested { .. } => written.to_owned(),
    }
}

/// `parseFqlFunction`: `contains(field, "x")`, `match(field, "x*")`, `match(field, "*x")`,
/// reading its five tokens by position, whatever they are.
fn function(
    name: &str,
    negate: bool,
    nodes: &mut Vec<(Option<Node>, usize)>,
    stream: &mut Stream,
) -> Result<(), String> {
    stream.shift();
    let field = stream
        .shift()
        .ok_or_else(|| format!("{name}() is missing a 1st argument"))?;
    stream.shift();
    let value = stream
        .shift()
        .ok_or_else(|| format!("{name}() is missing a 2nd argument"))?;
    stream.shift();
    let text = Literal::of(&value).into_text();
    let pick = |plain, negated| if negate { negated } else { plain };
    // `match` slices UTF-16 units in JS: "x*" drops the last one, anything else the first.
    let units: Vec<u16> = text.encode_utf16().collect();
    let (op, expected) = if name == "contains" {
        (pick(Op::Contains, Op::NotContains), Expected::text(text))
    } else if value.value.ends_with("*\"") {
        let kept = units.get(..units.len().saturating_sub(1)).unwrap_or_default();
        (pick(Op::StartsWith, Op::NotStartsWith), Expected::units(kept))
    } else {
        (
            pick(Op::EndsWith, Op::NotEndsWith),
            Expected::units(units.get(1..).unwrap_or_default()),
        )
    };
    let field_of = match field.value.as_str() {
        "event" => Field::Top("event"),
        "name" => Field::Top("name"),
        "userId" => Field::Top("userId"),
        v if v.starts_with("properties") => nested("properties", v),
        v if v.starts_with("traits") => nested("traits", v),
        v if v.starts_with("context") => nested("context", v),
        _ => return Ok(()),
    };
    let label = label_of(&field_of, &field.value);
    nodes.push((
        Some(Node::Condition(Condition {
            label,
            field: field_of,
            op,
            expected,
        })),
        field.pos,
    ));
    Ok(())
}
