//! The parsed template: nodes, expressions (in postfix order) and filter calls.

/// Where a node starts: 1-based line and UTF-16 column, for error messages.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Loc(pub usize, pub usize);

#[derive(Clone, Debug)]
pub(crate) enum Node {
    Text(String),
    Output { loc: Loc, value: FilteredValue },
    /// `if` (branches taken when truthy) and `unless` (first branch when falsy).
    Conditional { loc: Loc, branches: Vec<Branch>, otherwise: Vec<Node> },
    Assign { loc: Loc, name: String, value: FilteredValue },
    Capture { loc: Loc, name: String, body: Vec<Node> },
    /// `increment` (writes the old value) and `decrement` (writes the new one).
    Counter { loc: Loc, name: String, increment: bool },
    Cycle { loc: Loc, group: Option<Lit>, candidates: Vec<FilteredValue> },
    Echo { loc: Loc, value: Option<FilteredValue> },
    /// `liquid` and `block`: their nodes, rendered in place.
    Group(Vec<Node>),
    /// `break` / `continue` outside a loop: nothing more renders.
    Halt,
}

#[derive(Clone, Debug)]
pub(crate) struct Branch {
    pub condition: FilteredValue,
    /// Taken when the condition is truthy (`if`, `elsif`) or falsy (`unless`).
    pub when_truthy: bool,
    pub body: Vec<Node>,
}

/// An expression and its filters: `a.b | append: "x"`.
#[derive(Clone, Debug)]
pub(crate) struct FilteredValue {
    pub expr: Expr,
    pub filters: Vec<FilterCall>,
    /// The source text (`cycle` groups candidates by it).
    pub text: String,
}

/// Operands and operators in postfix order.
#[derive(Clone, Debug)]
pub(crate) struct Expr(pub Vec<Operand>);

#[derive(Clone, Debug)]
pub(crate) enum Operand {
    Value(Lit),
    Op(Op),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Contains,
    Not,
    And,
    Or,
}

impl Op {
    pub fn precedence(self) -> u8 {
        match self {
            Op::And | Op::Or => 0,
            Op::Not => 1,
            _ => 2,
        }
    }
}

/// A value token: literal, string, number, variable path or range.
#[derive(Clone, Debug)]
pub(crate) enum Lit {
    Number(f64),
    Bool(bool),
    Nil,
    Empty,
    Blank,
    Str(String),
    /// A bare property name (`b` in `a.b`).
    Ident(String),
    /// `a.b[c]`, or `"x".size` (with a root value).
    Path { root: Option<Box<Lit>>, props: Vec<Lit> },
    Range(Box<Lit>, Box<Lit>),
}

#[derive(Clone, Debug)]
pub(crate) struct FilterCall {
    pub name: String,
    pub args: Vec<Arg>,
}

#[derive(Clone, Debug)]
pub(crate) enum Arg {
    Positional(Lit),
    /// `name: value` (liquidjs passes it as the array `[name, value]`).
    Keyword(String, Option<Lit>),
}
