//! One line on why an event does not match, for the playground.

use super::eval::{self, Found};
use super::{Condition, Group, Node, Op};
use crate::json::{self, Value};

/// Why `group` fails on `event` (the caller knows it fails).
pub(super) fn group(group: &Group, event: &Value) -> String {
    let mut reasons = Vec::new();
    for child in &group.children {
        match eval::node(child, event) {
            // Segment would throw here: that is the reason, whatever else was seen.
            Err(_) => return node(child, event),
            Ok(false) if !group.any => return node(child, event),
            Ok(_) => reasons.push(node(child, event)),
        }
    }
    if reasons.len() == 1 {
        return reasons.join("");
    }
    format!("none of the `or` conditions holds: {}", reasons.join("; "))
}

fn node(node: &Node, event: &Value) -> String {
    match node {
        Node::Group(g) => format!("({})", group(g, event)),
        Node::Condition(c) => condition(c, event),
        Node::Hole(pos) => format!(
            "the parentheses at position {pos} hold no condition on a field Segment knows: Segment fails on this event with a TypeError"
        ),
    }
}

fn condition(c: &Condition, event: &Value) -> String {
    let Ok(actual) = eval::lookup(&c.field, event) else {
        return format!(
            "{} names no field: Segment fails on this event with a TypeError",
            c.label
        );
    };
    let holds = eval::check(&actual, &c.op, &c.expected);
    let text = &c.expected.text;
    let quoted = json::stringify(&Value::String(text.clone())).unwrap_or_default();
    let number = json::js_number_to_string(c.expected.number);
    let want = match &c.op {
        Op::Equals => format!("the text {quoted}"),
        Op::NotEquals => format!("anything but the text {quoted}"),
        Op::NumberEquals => format!("the number {number}"),
        Op::NumberNotEquals => format!("a number other than {number}"),
        Op::Less => format!("a number < {number}"),
        Op::LessOrEqual => format!("a number <= {number}"),
        Op::Greater => format!("a number > {number}"),
        Op::GreaterOrEqual => format!("a number >= {number}"),
        Op::Contains => format!("text containing {quoted}"),
        Op::NotContains => format!("text not containing {quoted}"),
        Op::StartsWith => format!("text starting with {quoted}"),
        Op::NotStartsWith => format!("text not starting with {quoted}"),
        Op::EndsWith => format!("text ending with {quoted}"),
        Op::NotEndsWith => format!("text not ending with {quoted}"),
        Op::Exists => "it to be present and not null".into(),
        Op::NotExists => "it to be missing or null".into(),
        Op::IsTrue => "the boolean true".into(),
        Op::IsFalse => "the boolean false".into(),
        Op::Unknown(op) => {
            return format!(
                "{}: \"{op}\" is not an operator Segment knows, so this never matches",
                c.label
            )
        }
    };
    let mut out = format!("{} is {}, expected {want}", c.label, describe(&actual));
    if holds {
        // Only reached inside an `or` whose other branches fail.
        out = format!("{} holds", c.label);
    } else if c.op == Op::Equals && text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'') {
        out.push_str(" (single quotes stay part of the value in Segment: use double quotes)");
    } else if c.op == Op::Equals && text == "eos" {
        out.push_str(" (nothing follows the operator, so Segment compares with \"eos\")");
    } else if c.op == Op::Equals && actual.as_number().is_some() {
        out.push_str(" (= with quotes compares text; write the number without quotes)");
    } else if matches!(c.op, Op::IsTrue | Op::IsFalse) && actual.as_str().is_some() {
        out.push_str(" (a string \"true\" or \"false\" is not a boolean)");
    }
    out
}

fn describe(found: &Found) -> String {
    match found {
        Found::Value(Value::Undefined) => "missing".into(),
        Found::Value(v) => {
            let mut text = json::stringify(v).unwrap_or_default();
            if text.chars().count() > 60 {
                text = text.chars().take(57).collect::<String>() + "…";
            }
            text
        }
        Found::Number(n) => json::js_number_to_string(*n),
        Found::String(s) => json::stringify(&Value::String(s.clone())).unwrap_or_default(),
        Found::Builtin => "a built-in JavaScript property".into(),
    }
}
