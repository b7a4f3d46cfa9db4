//! The module graph of src/, read from the source text: which module names which
//! (`use crate::…`, `use super::…`, inline `crate::a::b` paths). It must have no cycle,
//! and no module outside `src/wasm/` may reach JavaScript or a clock.
//!
//! A module naming one of its ancestors (a child using its parent's items) is not an
//! edge: the parent is the child's façade. `#[cfg(test)]` modules are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Module path (`mapping::liquid::render`; `""` for the crate) → its source text.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
                let rel = path.strip_prefix(&src).unwrap().with_extension("");
                let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
                if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                    parts.pop();
                }
                out.insert(parts.join("::"), std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

/// The text without comments and without its `#[cfg(test)]` inline module (by the
/// crate's convention the file's last item). A `#[cfg(test)] mod x;` declaration is
/// dropped alone: what follows it is still code.
fn code(text: &str) -> String {
    let mut lines = Vec::new();
    let mut test_attribute = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or_default();
        let item = line.trim_start().strip_prefix("pub ").unwrap_or(line.trim_start());
        if test_attribute && item.starts_with("mod ") {
            if !item.trim_end().ends_with(';') {
                break; // an inline test module: the rest of the file
            }
            lines.pop();
            test_attribute = false;
            continue;
        }
        test_attribute = line.trim() == "#[cfg(test)]";
        lines.push(line);
    }
    lines.join("\n")
}

/// The modules declared `#[cfg(test)] mod x;` (files of their own), e.g. `delivery::tests`.
fn test_modules(modules: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (module, text) in modules {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            if let ["#[cfg(test)]", item] = pair {
                if let Some(name) = item.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
                    out.insert(if module.is_empty() { name.to_owned() } else { format!("{module}::{name}") });
                }
            }
        }
    }
    out
}

/// Every path a `use` tree names, braces expanded: `a::{b, c::d}` → `a::b`, `a::c::d`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else { return vec![tree] };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items.into_iter().filter(|i| !i.is_empty()).flat_map(|i| expand(&format!("{prefix}{i}"))).collect()
}

/// The paths (as segments, `crate`/`super`/`self` still in front) a module's code names.
fn named_paths(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = code;
    // `use` trees, braces and all.
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        rest = &rest[at + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let end = rest.find(';').unwrap_or(rest.len());
        paths.extend(expand(&rest[..end]));
        rest = &rest[end..];
    }
    // Inline paths: `crate::a::b(…)`, `super::x::Y`.
    let bytes = code.as_bytes();
    for start in ["crate::", "super::", "self::"] {
        for (at, _) in code.match_indices(start) {
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b':') {
                continue;
            }
            let len = code[at..].find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(code.len() - at);
            paths.push(code[at..at + len].trim_end_matches(':').to_owned());
        }
    }
    paths.into_iter().map(|p| p.split("::").map(str::to_owned).collect()).collect()
}

/// Module `from`'s edges: for each path, the longest module prefix it names.
fn edges(from: &str, code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let own: Vec<&str> = if from.is_empty() { Vec::new() } else { from.split("::").collect() };
    let mut out = BTreeSet::new();
    for path in named_paths(code) {
        let mut abs: Vec<&str> = match path.first().map(String::as_str) {
            Some("crate") => Vec::new(),
            Some("super" | "self") => own.clone(),
            _ => continue, // an outside crate, or a name in scope
        };
        for seg in path.iter().skip(usize::from(path[0] == "crate")) {
            match seg.as_str() {
                "super" => {
                    abs.pop();
                }
                "self" => {}
                s => abs.push(s),
            }
        }
        let target = (0..=abs.len()).rev().map(|n| abs[..n].join("::")).find(|m| known.contains(m)).unwrap_or_default();
        let is_ancestor_or_self = own.len() >= target.split("::").filter(|s| !s.is_empty()).count()
            && own[..target.split("::").filter(|s| !s.is_empty()).count()].join("::") == target;
        if !is_ancestor_or_self {
            out.insert(target);
        }
    }
    out
}

/// Module → the modules it names; test modules left out.
fn graph() -> Graph {
    let modules = modules();
    let tests = test_modules(&modules);
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    modules.iter().filter(|(m, _)| !tests.contains(*m)).map(|(m, text)| (m.clone(), edges(m, &code(text), &known))).collect()
}

/// The graph of the crate's top-level modules (`src/loops/` and all below it is
/// `loops`): a folder that names another names it from any of its files.
fn top_level(graph: &Graph) -> Graph {
    let top = |m: &str| m.split("::").next().unwrap_or_default().to_owned();
    let mut out = Graph::new();
    for (from, to) in graph {
        let edges = out.entry(top(from)).or_default();
        edges.extend(to.iter().map(|m| top(m)).filter(|m| *m != top(from) && !m.is_empty()));
    }
    out
}

/// One cycle of `graph`, as the modules around it, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(m: &str, graph: &Graph, state: &mut BTreeMap<String, u8>, stack: &mut Vec<String>) -> Option<Vec<String>> {
        match state.get(m) {
            Some(1) => {
                let from = stack.iter().position(|s| s == m).unwrap_or(0);
                return Some(stack[from..].iter().cloned().chain([m.to_owned()]).collect());
            }
            Some(_) => return None,
            None => {}
        }
        state.insert(m.to_owned(), 1);
        stack.push(m.to_owned());
        for next in graph.get(m).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, state, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        state.insert(m.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    graph.keys().find_map(|m| visit(m, graph, &mut state, &mut Vec::new()))
}

#[test]
fn src_has_no_module_cycle() {
    let graph = graph();
    assert!(graph.get("mapping::eval").is_some_and(|e| e.contains("mapping::node")), "the reader lost an edge: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("module cycle: {}", cycle.join(" -> "));
    }
}

/// What each folder of src/ may import, the one-way flow of docs/architecture.md
/// ("`src/` modules and what each may import"): event (segment) → trigger
/// (subscription) → mapping → payload (schema) → request (loops) → delivery →
/// transport (wasm). A folder names only folders above it in this list.
const MAY_IMPORT: [(&str, &[&str]); 12] = [
    ("", &[]),
    ("error", &[]),
    ("digest", &[]),
    ("json", &["error"]),
    ("options", &["error", "json"]),
    ("segment", &["error", "json", "digest"]),
    ("subscription", &["error", "json"]),
    ("mapping", &["error", "json", "digest"]),
    ("schema", &["error", "json"]),
    ("loops", &["error", "json", "digest", "options", "segment", "subscription", "mapping", "schema"]),
    ("delivery", &["error", "json", "options", "loops"]),
    ("wasm", &["error", "json", "options", "segment", "subscription", "mapping", "schema", "loops", "delivery"]),
];

#[test]
fn src_folders_have_no_cycle_and_import_only_what_the_flow_allows() {
    let top = top_level(&graph());
    assert!(top.get("delivery").is_some_and(|e| e.contains("loops")), "the reader lost an edge: {top:?}");
    if let Some(cycle) = find_cycle(&top) {
        panic!("cycle between folders of src/: {}", cycle.join(" -> "));
    }
    let allowed: BTreeMap<&str, &[&str]> = MAY_IMPORT.into_iter().collect();
    for (from, to) in &top {
        let Some(may) = allowed.get(from.as_str()) else { panic!("src/{from} is not in MAY_IMPORT (and docs/architecture.md)") };
        let extra: Vec<&String> = to.iter().filter(|m| !may.contains(&m.as_str())).collect();
        assert!(extra.is_empty(), "src/{from} imports {extra:?}, against the one-way flow (MAY_IMPORT, docs/architecture.md)");
    }
}

#[test]
fn only_src_wasm_reaches_javascript_or_a_clock() {
    const JS_OR_CLOCK: [&str; 6] = ["wasm_bindgen", "js_sys", "web_sys", "SystemTime", "Instant::now", "crate::wasm"];
    let graph = graph();
    for (module, text) in modules() {
        if module == "wasm" || module.starts_with("wasm::") || module.is_empty() {
            continue;
        }
        let code = code(&text);
        for name in JS_OR_CLOCK {
            assert!(!code.contains(name), "{module} names {name}: only src/wasm/ may");
        }
        let reaches: Vec<_> = graph.get(&module).into_iter().flatten().filter(|m| *m == "wasm" || m.starts_with("wasm::")).collect();
        assert!(reaches.is_empty(), "{module} reaches {reaches:?}");
    }
}

/// The checker itself: a cycle is found, and an edge to an ancestor is not one.
#[test]
fn the_checker_finds_a_cycle() {
    // Two folders that name each other from different files (loops/destination.rs →
    // delivery::order, delivery/mod.rs → loops::response) are a cycle of folders, though
    // no file names a file that names it back; and code after `#[cfg(test)] mod tests;`
    // is still read.
    let known: BTreeSet<String> = ["", "x", "x::one", "y", "y::two"].map(str::to_owned).into();
    let x = edges("x::one", &code("use crate::y::two::Kind;\n"), &known);
    let y = edges("y", &code("mod two;\n#[cfg(test)]\nmod tests;\nuse crate::x::one::f;\n"), &known);
    let files: Graph = [("x::one".to_owned(), x), ("y".to_owned(), y)].into();
    assert_eq!(find_cycle(&files), None);
    assert_eq!(find_cycle(&top_level(&files)), Some(vec!["x".to_owned(), "y".to_owned(), "x".to_owned()]));

    let known: BTreeSet<String> = ["", "a", "a::b", "a::c"].map(str::to_owned).into();
    let b = edges("a::b", &code("use super::{c::X, Y};\nfn f() { crate::a::Z }\n"), &known);
    assert_eq!(b, ["a::c".to_owned()].into());
    let c = edges("a::c", &code("// use super::b;\nfn g() { super::b::f() }\n#[cfg(test)]\nmod tests { use crate::a::b; }"), &known);
    let graph: Graph = [("a::b".to_owned(), b), ("a::c".to_owned(), c)].into();
    assert_eq!(find_cycle(&graph), Some(vec!["a::b".to_owned(), "a::c".to_owned(), "a::b".to_owned()]));
}

