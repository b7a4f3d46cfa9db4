//! Rendering: the context (assigned variables, counters, limits) and evaluation of
//! nodes, expressions and variable paths with liquidjs's semantics.

use super::ast::{Arg, Expr, FilteredValue, Lit, Loc, Node, Op, Operand};
use super::env::Env;
use super::error::LiquidError;
use super::filters;
use super::value::{compare, contains, equals, read_property, liquid_stringify_into, Val};
use crate::json::{js_number_to_string, v8, Value};
use crate::mapping::Clock;
use std::collections::HashMap;

/// Steps (nodes, operands, filter calls) before giving up: the deterministic stand-in
/// for Segment's 500 ms render limit. No 1000-character template comes near it.
const STEP_LIMIT: u64 = 1_000_000;
/// Longest range `(a..b)` we build (Segment's bound is its memory limit, 1e8).
pub(crate) const MAX_RANGE: f64 = 1e6;

pub(crate) struct Ctx<'e> {
    event: &'e Value,
    assigned: HashMap<String, Val<'e>>,
    /// `increment`/`decrement` write into the environment (the event) in liquidjs.
    counters: HashMap<String, f64>,
    cycles: HashMap<String, usize>,
    halted: bool,
    steps: u64,
    /// What filters may use: the memory budget and the clock.
    pub env: Env<'e>,
}

impl<'e> Ctx<'e> {
    pub fn new(event: &'e Value, now: Clock<'e>) -> Self {
        Ctx {
            event,
            assigned: HashMap::new(),
            counters: HashMap::new(),
            cycles: HashMap::new(),
            halted: false,
            steps: 0,
            env: Env::new(now),
        }
    }

    fn step(&mut self) -> Result<(), LiquidError> {
        self.steps += 1;
        if self.steps > STEP_LIMIT {
            return Err(LiquidError { message: "template render limit exceeded".into(), positioned: true });
        }
        Ok(())
    }


    pub fn render_nodes(&mut self, nodes: &'e [Node], out: &mut String) -> Result<(), LiquidError> {
        for node in nodes {
            self.step()?;
            self.render_node(node, out)?;
            if self.halted {
                break;
            }
        }
        Ok(())
    }

    fn render_node(&mut self, node: &'e Node, out: &mut String) -> Result<(), LiquidError> {
        let loc = match node {
            Node::Text(s) => {
                out.push_str(s);
                return Ok(());
            }
            Node::Halt => {
                self.halted = true;
                return Ok(());
            }
            Node::Group(nodes) => return self.render_nodes(nodes, out),
            Node::Output { loc, .. }
            | Node::Conditional { loc, .. }
            | Node::Assign { loc, .. }
            | Node::Capture { loc, .. }
            | Node::Counter { loc, .. }
            | Node::Cycle { loc, .. }
            | Node::Echo { loc, .. } => *loc,
        };
        self.render_tag(node, out).map_err(|e| locate(e, loc))
    }

    fn render_tag(&mut self, node: &'e Node, out: &mut String) -> Result<(), LiquidError> {
        match node {
            Node::Output { value, .. } | Node::Echo { value: Some(value), .. } => {
                let v = self.eval_filtered(value)?;
                liquid_stringify_into(v.value(), out);
            }
            Node::Echo { value: None, .. } | Node::Text(_) | Node::Halt | Node::Group(_) => {}
            Node::Conditional { branches, otherwise, .. } => {
                for b in branches {
                    let v = self.eval_filtered(&b.condition)?;
                    if v.is_truthy() == b.when_truthy {
                        return self.render_nodes(&b.body, out);
                    }
                }
                self.render_nodes(otherwise, out)?;
            }
            Node::Assign { name, value, .. } => {
                let v = self.eval_filtered(value)?;
                self.assigned.insert(name.clone(), v);
            }
            Node::Capture { name, body, .. } => {
                let mut captured = String::new();
                self.render_nodes(body, &mut captured)?;
                self.assigned.insert(name.clone(), Val::Own(Value::String(captured)));
            }
            Node::Counter { name, increment, .. } => {
                let current = match self.counters.get(name) {
                    Some(n) => *n,
                    None => self.event.get(name).and_then(Value::as_f64).unwrap_or(0.0),
                };
                let (next, shown) = if *increment { (current + 1.0, current) } else { (current - 1.0, current - 1.0) };
                self.counters.insert(name.clone(), next);
                out.push_str(&js_number_to_string(shown));
            }
            Node::Cycle { group, candidates, .. } => {
                let group_text = match group {
                    Some(g) => self.eval_lit(g)?.value().to_js_string(),
                    None => "undefined".into(),
                };
                let texts: Vec<&str> = candidates.iter().map(|c| c.text.as_str()).collect();
                let fingerprint = format!("cycle:{group_text}:{}", texts.join(","));
                let idx = *self.cycles.get(&fingerprint).unwrap_or(&0);
                self.cycles.insert(fingerprint, (idx + 1) % candidates.len().max(1));
                if let Some(c) = candidates.get(idx) {
                    let v = self.eval_filtered(c)?;
                    // liquidjs writes a tag's result only when it is truthy in JS.
                    if v.value().is_truthy() {
                        liquid_stringify_into(v.value(), out);
                    }
                }
            }
        }
        Ok(())
    }

    pub fn eval_filtered(&mut self, fv: &'e FilteredValue) -> Result<Val<'e>, LiquidError> {
        let mut v = self.eval_expr(&fv.expr)?;
        for f in &fv.filters {
            self.step()?;
            let mut args = Vec::with_capacity(f.args.len());
            for a in &f.args {
                args.push(match a {
                    Arg::Positional(l) => self.eval_lit(l)?,
                    Arg::Keyword(k, l) => {
                        let value = match l {
                            Some(l) => self.eval_lit(l)?.into_value(),
                            None => Value::Undefined,
                        };
                        Val::Own(Value::Array(vec![Value::String(k.clone()), value]))
                    }
                });
            }
            v = filters::apply(&mut self.env, &f.name, v, args)?;
        }
        Ok(v)
    }

    fn eval_expr(&mut self, expr: &'e Expr) -> Result<Val<'e>, LiquidError> {
        let mut stack: Vec<Val<'e>> = Vec::new();
        for item in &expr.0 {
            self.step()?;
            let v = match item {
                Operand::Value(l) => self.eval_lit(l)?,
                Operand::Op(Op::Not) => {
                    let r = stack.pop().unwrap_or(Val::UNDEFINED);
                    Val::Own(Value::Bool(!r.is_truthy()))
                }
                Operand::Op(op) => {
                    let r = stack.pop().unwrap_or(Val::UNDEFINED);
                    let l = stack.pop().unwrap_or(Val::UNDEFINED);
                    Val::Own(Value::Bool(binary(*op, &l, &r)))
                }
            };
            stack.push(v);
        }
        Ok(if stack.is_empty() { Val::UNDEFINED } else { stack.swap_remove(0) })
    }

    pub fn eval_lit(&mut self, lit: &'e Lit) -> Result<Val<'e>, LiquidError> {
        Ok(match lit {
            Lit::Number(n) => Val::Own(Value::Number(*n)),
            Lit::Bool(b) => Val::Own(Value::Bool(*b)),
            Lit::Nil => Val::Nil,
            Lit::Empty => Val::Empty,
            Lit::Blank => Val::Blank,
            Lit::Str(s) | Lit::Ident(s) => Val::Own(Value::String(s.clone())),
            Lit::Range(lo, hi) => {
                let lo = v8::to_number(self.eval_lit(lo)?.value());
                let hi = v8::to_number(self.eval_lit(hi)?.value());
                let count = hi - lo + 1.0;
                self.env.use_memory(count)?;
                if count > MAX_RANGE {
                    return Err(LiquidError::plain("memory alloc limit exceeded"));
                }
                let mut items = Vec::new();
                let mut i = lo;
                while i < hi + 1.0 {
                    items.push(Value::Number(i));
                    i += 1.0;
                }
                Val::Own(Value::Array(items))
            }
            Lit::Path { root, props } => {
                let mut keys = Vec::with_capacity(props.len());
                for p in props {
                    keys.push(self.eval_lit(p)?.into_value());
                }
                let mut keys = keys.into_iter();
                let mut cur = match root {
                    Some(r) => self.eval_lit(r)?,
                    None => match keys.next() {
                        Some(k) => self.lookup_root(&k),
                        None => Val::UNDEFINED,
                    },
                };
                for k in keys {
                    cur = read_property(&cur, &k);
                }
                cur
            }
        })
    }

    /// `findScope` then the first property: assigned variables, then the event
    /// (with counters), then an empty globals object.
    fn lookup_root(&self, key: &Value) -> Val<'e> {
        let name = key.to_js_string();
        if let Some(v) = self.assigned.get(&name) {
            return v.clone();
        }
        if let Some(n) = self.counters.get(&name) {
            return Val::Own(Value::Number(*n));
        }
        if let Some(v) = self.event.get(&name) {
            return Val::Ref(v);
        }
        if matches!(key, Value::String(s) if s == "size") {
            return Val::Own(Value::Number(0.0));
        }
        Val::UNDEFINED
    }
}

fn locate(mut e: LiquidError, loc: Loc) -> LiquidError {
    if !e.positioned {
        e.message = format!("{}, line:{}, col:{}", e.message, loc.0, loc.1);
        e.positioned = true;
    }
    e
}

fn binary(op: Op, l: &Val, r: &Val) -> bool {
    match op {
        Op::Eq => equals(l, r),
        Op::Ne => !equals(l, r),
        Op::Contains => contains(l, r),
        Op::And => l.is_truthy() && r.is_truthy(),
        Op::Or => l.is_truthy() || r.is_truthy(),
        Op::Not => !r.is_truthy(),
        Op::Lt | Op::Gt | Op::Le | Op::Ge => compare(l, r, op),
    }
}

