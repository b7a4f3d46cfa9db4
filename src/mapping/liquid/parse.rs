//! Tokens → nodes, as liquidjs's `Parser` and tag constructors build them.

use super::ast::{Branch, Loc, Node};
use super::error::{position, LiquidError};
use super::lexer::{html_content, Delimited, TopToken, Tokenizer};
use std::collections::VecDeque;

/// Tags Segment's engine registers as throwing.
const DISABLED_TAGS: [&str; 6] = ["case", "for", "include", "layout", "render", "tablerow"];

pub(super) struct Parser<'c> {
    pub chars: &'c [char],
}

type Queue = VecDeque<TopToken>;

impl<'c> Parser<'c> {
    pub fn parse_all(&self, mut queue: Queue) -> Result<Vec<Node>, LiquidError> {
        let mut nodes = Vec::new();
        while let Some(token) = queue.pop_front() {
            nodes.push(self.parse_token(token, &mut queue)?);
        }
        Ok(nodes)
    }

    fn loc(&self, pos: usize) -> Loc {
        let (l, c) = position(self.chars, pos);
        Loc(l, c)
    }

    fn parse_token(&self, token: TopToken, queue: &mut Queue) -> Result<Node, LiquidError> {
        match token {
            TopToken::Html { begin, end, trim_left, trim_right } => {
                Ok(Node::Text(html_content(self.chars, begin, end, trim_left, trim_right)))
            }
            TopToken::Output(d) => {
                let mut t = Tokenizer::new(self.chars, d.content.0, d.content.1);
                let value = t.read_filtered_value()?;
                Ok(Node::Output { loc: self.loc(d.begin), value })
            }
            TopToken::Tag(d) => {
                let begin = d.begin;
                self.parse_tag(d, queue).map_err(|mut e| {
                    e.locate(self.chars, begin);
                    e
                })
            }
        }
    }

    fn parse_tag(&self, tag: Delimited, queue: &mut Queue) -> Result<Node, LiquidError> {
        let loc = self.loc(tag.begin);
        let name = tag.name.as_str();
        let mut t = tag.args_tokenizer(self.chars);
        match name {
            "assign" => {
                let name = t.read_identifier();
                if name.is_empty() {
                    return Err(t.error("expected variable name", t.p));
                }
                t.skip_blank();
                if t.peek(0) != Some('=') {
                    return Err(t.error("expected \"=\"", t.p));
                }
                t.p += 1;
                Ok(Node::Assign { loc, name, value: t.read_filtered_value()? })
            }
            "capture" => {
                let mut name = t.read_identifier();
                if name.is_empty() {
                    match t.read_quoted() {
                        Some(super::ast::Lit::Str(s)) => name = s,
                        _ => return Err(t.error("invalid capture name", t.p)),
                    }
                }
                let body = self.parse_until(&tag, "endcapture", queue)?;
                Ok(Node::Capture { loc, name, body })
            }
            "block" => Ok(Node::Group(self.parse_until(&tag, "endblock", queue)?)),
            "comment" | "raw" => {
                let end = if name == "raw" { "endraw" } else { "endcomment" };
                let mut text = String::new();
                while let Some(token) = queue.pop_front() {
                    match token {
                        TopToken::Tag(d) if d.name == end => {
                            return Ok(if name == "raw" { Node::Text(text) } else { Node::Group(Vec::new()) });
                        }
                        TopToken::Tag(d) | TopToken::Output(d) => text.push_str(&d.text(self.chars)),
                        TopToken::Html { begin, end, .. } => text.extend(self.chars.get(begin..end).unwrap_or(&[])),
                    }
                }
                Err(not_closed(&tag, self.chars))
            }
            "if" | "unless" => self.parse_conditional(&tag, t, name == "if", queue),
            "increment" | "decrement" => Ok(Node::Counter { loc, name: t.read_identifier(), increment: name == "increment" }),
            "cycle" => {
                let begin = t.p;
                let mut group = None;
                if let Some(g) = t.read_value()? {
                    t.skip_blank();
                    if t.peek(0) == Some(':') {
                        group = Some(g);
                        t.p += 1;
                    } else {
                        t.p = begin;
                    }
                }
                let mut candidates = Vec::new();
                while !t.end() {
                    candidates.push(t.read_filtered_value()?);
                    t.read_to(",");
                }
                if candidates.is_empty() {
                    return Err(t.error(format!("empty candidates: \"{}\"", tag.text(self.chars)), t.p));
                }
                Ok(Node::Cycle { loc, group, candidates })
            }
            "echo" => {
                t.skip_blank();
                let value = if t.end() { None } else { Some(t.read_filtered_value()?) };
                Ok(Node::Echo { loc, value })
            }
            "liquid" => {
                let lines = t.read_liquid_lines()?;
                self.parse_all(lines.into_iter().map(TopToken::Tag).collect())
                    .map(Node::Group)
            }
            "#" => {
                if inline_comment_has_bad_line(tag.args(self.chars)) {
                    return Err(LiquidError::plain("every line of an inline comment must start with a '#' character"));
                }
                Ok(Node::Group(Vec::new()))
            }
            "break" | "continue" => Ok(Node::Halt),
            _ if DISABLED_TAGS.contains(&name) => Err(LiquidError::plain(format!("tag \"{name}\" is disabled"))),
            _ => Err(LiquidError::plain(format!("tag \"{name}\" not found"))),
        }
    }

    /// Nodes up to the `end` tag (capture, block).
    fn parse_until(&self, tag: &Delimited, end: &str, queue: &mut Queue) -> Result<Vec<Node>, LiquidError> {
        let mut body = Vec::new();
        while let Some(token) = queue.pop_front() {
            if matches!(&token, TopToken::Tag(d) if d.name == end) {
                return Ok(body);
            }
            body.push(self.parse_token(token, queue)?);
        }
        Err(not_closed(tag, self.chars))
    }

    fn parse_conditional(&self, tag: &Delimited, mut t: Tokenizer<'c>, is_if: bool, queue: &mut Queue) -> Result<Node, LiquidError> {
        let loc = self.loc(tag.begin);
        let mut branches = vec![Branch { condition: t.read_filtered_value()?, when_truthy: is_if, body: Vec::new() }];
        let mut otherwise: Vec<Node> = Vec::new();
        // Where parsed nodes go: the last branch, the else part, or nowhere.
        #[derive(PartialEq)]
        enum Sink {
            Branch,
            Else,
            Discard,
        }
        let mut sink = Sink::Branch;
        let mut else_count = 0;
        let end_name = if is_if { "endif" } else { "endunless" };
        loop {
            let Some(token) = queue.pop_front() else { return Err(not_closed(tag, self.chars)) };
            if let TopToken::Tag(d) = &token {
                let args: String = d.args(self.chars).iter().collect();
                if d.name == "elsif" {
                    if is_if && else_count > 0 {
                        return Err(LiquidError::plain("unexpected elsif after else"));
                    }
                    if !is_if && else_count > 0 {
                        sink = Sink::Discard;
                        continue;
                    }
                    let mut et = d.args_tokenizer(self.chars);
                    branches.push(Branch { condition: et.read_filtered_value()?, when_truthy: true, body: Vec::new() });
                    sink = Sink::Branch;
                    continue;
                }
                if d.name == "else" {
                    if is_if {
                        assert_empty(&args)?;
                        if else_count > 0 {
                            return Err(LiquidError::plain("duplicated else"));
                        }
                    }
                    else_count += 1;
                    sink = if is_if || else_count == 1 { Sink::Else } else { Sink::Discard };
                    continue;
                }
                if d.name == end_name {
                    if is_if {
                        assert_empty(&args)?;
                    }
                    break;
                }
            }
            let node = self.parse_token(token, queue)?;
            match sink {
                Sink::Branch => {
                    if let Some(b) = branches.last_mut() {
                        b.body.push(node);
                    }
                }
                Sink::Else => otherwise.push(node),
                Sink::Discard => {}
            }
        }
        Ok(Node::Conditional { loc, branches, otherwise })
    }
}

fn assert_empty(args: &str) -> Result<(), LiquidError> {
    if args.is_empty() {
        return Ok(());
    }
    let mut q = String::new();
    crate::json::write_string(args, &mut q);
    Err(LiquidError::plain(format!("unexpected {q}")))
}

fn not_closed(tag: &Delimited, chars: &[char]) -> LiquidError {
    LiquidError::plain(format!("tag {} not closed", tag.text(chars)))
}

/// `/\n\s*[^#\s]/`: a line of an inline comment that does not start with `#`.
fn inline_comment_has_bad_line(args: &[char]) -> bool {
    args.iter().enumerate().any(|(i, &c)| {
        c == '\n' && args[i + 1..].iter().find(|c| !c.is_whitespace()).is_some_and(|&c| c != '#')
    })
}
