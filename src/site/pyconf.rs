//! Reading a Pelican settings file (`pelicanconf.py`) without running it.
//!
//! A settings file is Python; what decides a site is almost always plain
//! top-level assignments of literals. This reader understands:
//!
//! - `NAME = value` (and `A = B = value`), where a value is a string
//!   (single, double or triple quotes, implicit concatenation of adjacent
//!   strings, prefixes `u`, `r`, `b` and their mixes), an integer or float,
//!   `True`, `False`, `None`, a list, tuple, dict or set of values (trailing
//!   commas allowed), a name assigned earlier, or `+` between values of one
//!   kind (strings, numbers, lists, tuples);
//! - `from NAME import *` (and `from .NAME import *`), reading `NAME.py`
//!   beside the file (publishconf.py does this with pelicanconf);
//! - comments, blank lines, line continuations and the `# -*- coding -*-`
//!   line.
//!
//! Anything else (a function call, an attribute such as `os.path`, an
//! f-string, an `import` of another module, `if`/`for`/`def` blocks) is
//! never run: it becomes a [`Note`] naming the setting (when there is one)
//! and the line, and the setting keeps its earlier value (Pelican's
//! default when there is none).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit1, one_of};
use nom::combinator::{opt, recognize};
use nom::multi::many0;
use nom::{IResult, Parser};

use super::value::PyValue;
use super::Note;

/// A parsed expression, before names are looked up.
#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Lit(PyValue),
    Name(String),
    Add(Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
}

/// A top-level statement this reader understands.
#[derive(Clone, Debug, PartialEq)]
enum Stmt {
    Assign(Vec<String>, Expr),
    StarImport(String),
}

/// What reading a settings file gave: every name assigned (the last value
/// wins), with the line of its assignment, and notes on what was not read.
#[derive(Clone, Debug, Default)]
pub struct PyConf {
    /// Names and values, as the file leaves them.
    pub values: BTreeMap<String, PyValue>,
    /// Where each name was last assigned: the file and the 1-based line.
    pub lines: BTreeMap<String, (PathBuf, usize)>,
    /// What could not be read or evaluated.
    pub notes: Vec<Note>,
}

/// Reads the settings file at `path` (and the siblings it star-imports).
///
/// A file that cannot be read is an `Err` naming it; anything inside the
/// file that cannot be evaluated is a note.
pub fn read_file(path: &Path) -> Result<PyConf, Note> {
    let mut conf = PyConf::default();
    read_into(path, &mut conf, 0)?;
    Ok(conf)
}

fn read_into(path: &Path, conf: &mut PyConf, depth: usize) -> Result<(), Note> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Note::new(path, None, format!("cannot read the settings file: {e}")))?;
    read_text(&text, path, conf, depth);
    Ok(())
}

/// Reads settings from `text` (of the file `path`, used in notes and to
/// find star-imported siblings) into `conf`.
pub fn read_text(text: &str, path: &Path, conf: &mut PyConf, depth: usize) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (line, stmt) in logical_lines(text) {
        let indented = stmt.starts_with([' ', '\t']);
        let trimmed = stmt.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indented {
            // Inside a block whose head line was already noted.
            continue;
        }
        match statement(trimmed) {
            Ok(("", Stmt::Assign(names, expr))) => match eval(&expr, &conf.values) {
                Ok(value) => {
                    for name in names {
                        conf.lines.insert(name.clone(), (path.to_owned(), line));
                        conf.values.insert(name, value.clone());
                    }
                }
                Err(why) => conf.notes.push(Note::new(
                    path,
                    Some(line),
                    format!("setting {} not read: {why}", names.join(", ")),
                )),
            },
            Ok(("", Stmt::StarImport(module))) => {
                let sibling = path
                    .parent()
                    .unwrap_or(Path::new(""))
                    .join(format!("{module}.py"));
                if depth >= 8 {
                    conf.notes.push(Note::new(
                        path,
                        Some(line),
                        format!("`from {module} import *` not followed: imports nest too deep"),
                    ));
                } else if let Err(mut note) = read_into(&sibling, conf, depth + 1) {
                    note.message = format!("`from {module} import *`: {}", note.message);
                    conf.notes.push(note);
                }
            }
            _ => {
                let shown: String = first_line(trimmed);
                let name = assigned_name(trimmed);
                let message = match name {
                    Some(name) => {
                        format!("setting {name} not read: `{shown}` is not a literal value")
                    }
                    None => format!("statement not read: `{shown}`"),
                };
                conf.notes.push(Note::new(path, Some(line), message));
            }
        }
    }
}

/// Reads one value as written on a command line (`--setting NAME=VALUE`):
/// JSON (`true`, `false` and `null` included) or a Python literal.
pub fn read_value(text: &str) -> Result<PyValue, String> {
    let expr = match ws_around(expression).parse(text) {
        Ok(("", e)) => e,
        _ => return Err(format!("not a JSON or Python value: `{text}`")),
    };
    eval(&expr, &BTreeMap::new())
}

/// The first line of `s`, shortened to 60 characters.
fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or_default();
    let mut out: String = line.chars().take(60).collect();
    if out.len() < line.len() || s.contains('\n') {
        out.push_str(" ...");
    }
    out
}

/// The name a statement assigns, if it looks like `NAME = ...`.
fn assigned_name(s: &str) -> Option<&str> {
    let (rest, name) = identifier(s).ok()?;
    let rest = rest.trim_start();
    (rest.starts_with('=') && !rest.starts_with("==")).then_some(name)
}

/// Splits `text` into logical lines: a line continues while a bracket is
/// open, inside a triple-quoted string, or after a backslash. Each comes
/// with its 1-based starting line.
fn logical_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let (mut start, mut line, mut start_line) = (0, 1, 1);
    let mut depth = 0i32;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                let end = match string_body(&text[i..]) {
                    Ok((rest, _)) => text.len() - rest.len(),
                    Err(_) => text[i..].find('\n').map_or(text.len(), |n| i + n),
                };
                line += text[i..end].matches('\n').count();
                i = end;
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 2;
                line += 1;
                continue;
            }
            b'\n' => {
                line += 1;
                if depth <= 0 {
                    out.push((start_line, &text[start..i]));
                    start = i + 1;
                    start_line = line;
                    depth = 0;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        out.push((start_line, &text[start..]));
    }
    out
}

/// White space inside a logical line: spaces, tabs, line breaks inside
/// brackets, comments, and backslash continuations.
fn ws(i: &str) -> IResult<&str, ()> {
    let (i, _) = many0(alt((
        take_while1(|c: char| c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\x0c'),
        recognize((char('#'), take_while(|c| c != '\n'))),
        tag("\\\n"),
        tag("\\\r\n"),
    )))
    .parse(i)?;
    Ok((i, ()))
}

fn ws_around<'a, O>(
    p: impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>>,
) -> impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>> {
    nom::sequence::delimited(ws, p, ws)
}

fn identifier(i: &str) -> IResult<&str, &str> {
    recognize((
        take_while1(|c: char| c == '_' || c.is_alphabetic()),
        take_while(|c: char| c == '_' || c.is_alphanumeric()),
    ))
    .parse(i)
}

fn statement(i: &str) -> IResult<&str, Stmt> {
    alt((star_import, assignment)).parse(i)
}

fn star_import(i: &str) -> IResult<&str, Stmt> {
    let (i, _) = (tag("from"), take_while1(|c| c == ' ' || c == '\t')).parse(i)?;
    let (i, _) = take_while(|c| c == '.').parse(i)?;
    let (i, module) = identifier(i)?;
    let (i, _) = (ws, tag("import"), ws, char('*'), ws).parse(i)?;
    Ok((i, Stmt::StarImport(module.to_owned())))
}

fn assignment(i: &str) -> IResult<&str, Stmt> {
    let (mut i, first) = identifier(i)?;
    let mut names = vec![first.to_owned()];
    let (rest, _) = (ws, char('='), ws).parse(i)?;
    i = rest;
    // `A = B = value`: more names, each followed by `=`.
    loop {
        let chained = (
            identifier,
            ws,
            char('='),
            nom::combinator::not(char('=')),
            ws,
        )
            .parse(i);
        match chained {
            Ok((rest, (name, ..))) => {
                names.push(name.to_owned());
                i = rest;
            }
            Err(_) => break,
        }
    }
    let (i, expr) = expression(i)?;
    let (i, _) = ws(i)?;
    let (i, _) = opt(char(';')).parse(i)?;
    let (i, _) = ws(i)?;
    Ok((i, Stmt::Assign(names, expr)))
}

/// `a + b + ...`, or a bare tuple `a, b` at the top of a statement.
fn expression(i: &str) -> IResult<&str, Expr> {
    let (i, first) = sum(i)?;
    let (i, more) = many0(nom::sequence::preceded((ws, char(','), ws), sum)).parse(i)?;
    let (i, trailing) = opt((ws, char(','))).parse(i)?;
    if more.is_empty() && trailing.is_none() {
        return Ok((i, first));
    }
    let mut items = vec![first];
    items.extend(more);
    Ok((i, Expr::Tuple(items)))
}

fn sum(i: &str) -> IResult<&str, Expr> {
    let (i, first) = unary(i)?;
    let (i, rest) = many0(nom::sequence::preceded((ws, char('+'), ws), unary)).parse(i)?;
    Ok((
        i,
        rest.into_iter()
            .fold(first, |a, b| Expr::Add(Box::new(a), Box::new(b))),
    ))
}

fn unary(i: &str) -> IResult<&str, Expr> {
    if let Ok((i, _)) = (char::<&str, nom::error::Error<&str>>('-'), ws).parse(i) {
        let (i, e) = unary(i)?;
        return Ok((i, Expr::Neg(Box::new(e))));
    }
    atom(i)
}

fn atom(i: &str) -> IResult<&str, Expr> {
    alt((strings, number, bracketed, name)).parse(i)
}

fn name(i: &str) -> IResult<&str, Expr> {
    let (rest, id) = identifier(i)?;
    if id == "set" {
        // `set()`, the empty set (as Python writes it).
        if let Ok((rest, _)) = (
            ws,
            char::<&str, nom::error::Error<&str>>('('),
            ws,
            char(')'),
        )
            .parse(rest)
        {
            return Ok((rest, Expr::Set(Vec::new())));
        }
    }
    // A call or an attribute is not something this reader evaluates.
    let after = rest.trim_start_matches([' ', '\t']);
    if after.starts_with(['(', '.', '[']) {
        return fail(i);
    }
    let e = match id {
        "True" | "true" => Expr::Lit(PyValue::Bool(true)),
        "False" | "false" => Expr::Lit(PyValue::Bool(false)),
        "None" | "null" => Expr::Lit(PyValue::None),
        _ => Expr::Name(id.to_owned()),
    };
    Ok((rest, e))
}

fn number(i: &str) -> IResult<&str, Expr> {
    let digits = |i| take_while1(|c: char| c.is_ascii_digit() || c == '_')(i);
    if let Ok((rest, hex)) = nom::sequence::preceded(
        alt((tag::<&str, &str, nom::error::Error<&str>>("0x"), tag("0X"))),
        take_while1(|c: char| c.is_ascii_hexdigit() || c == '_'),
    )
    .parse(i)
    {
        let v = i64::from_str_radix(&hex.replace('_', ""), 16);
        return match v {
            Ok(v) => Ok((rest, Expr::Lit(PyValue::Int(v)))),
            Err(_) => fail(i),
        };
    }
    let (rest, text) = recognize((
        alt((
            recognize((digits, opt((char('.'), opt(digit1))))),
            recognize((char('.'), digit1)),
        )),
        opt((one_of("eE"), opt(one_of("+-")), digit1)),
    ))
    .parse(i)?;
    let clean = text.replace('_', "");
    if clean.contains(['.', 'e', 'E']) {
        match clean.parse::<f64>() {
            Ok(f) => Ok((rest, Expr::Lit(PyValue::Float(f)))),
            Err(_) => fail(i),
        }
    } else {
        match clean.parse::<i64>() {
            Ok(v) => Ok((rest, Expr::Lit(PyValue::Int(v)))),
            Err(_) => fail(i),
        }
    }
}

fn fail<T>(i: &str) -> IResult<&str, T> {
    Err(nom::Err::Error(nom::error::Error::new(
        i,
        nom::error::ErrorKind::Verify,
    )))
}

/// One or more adjacent string literals, concatenated.
fn strings(i: &str) -> IResult<&str, Expr> {
    let (mut i, mut text) = string(i)?;
    loop {
        match nom::sequence::preceded(ws, string).parse(i) {
            Ok((rest, more)) => {
                text.push_str(&more);
                i = rest;
            }
            Err(_) => return Ok((i, Expr::Lit(PyValue::Str(text)))),
        }
    }
}

/// A string literal with its prefix.
fn string(i: &str) -> IResult<&str, String> {
    let (rest, prefix) = take_while(|c: char| "uUrRbB".contains(c)).parse(i)?;
    if prefix.len() > 2 || !rest.starts_with(['\'', '"']) {
        return fail(i);
    }
    let raw = prefix.contains(['r', 'R']);
    let (rest, body) = string_body(rest)?;
    if raw {
        return Ok((rest, body.to_owned()));
    }
    match unescape(body) {
        Some(s) => Ok((rest, s)),
        None => fail(i),
    }
}

/// The quotes and what is between them: returns the text inside, escapes
/// not yet read.
fn string_body(i: &str) -> IResult<&str, &str> {
    for quote in ["'''", "\"\"\"", "'", "\""] {
        let Some(rest) = i.strip_prefix(quote) else {
            continue;
        };
        let triple = quote.len() == 3;
        let mut chars = rest.char_indices();
        while let Some((at, c)) = chars.next() {
            if c == '\\' {
                chars.next();
            } else if c == '\n' && !triple {
                break;
            } else if rest[at..].starts_with(quote) {
                return Ok((&rest[at + quote.len()..], &rest[..at]));
            }
        }
        return fail(i);
    }
    fail(i)
}

/// Reads Python's escapes in a non-raw string; `None` for `\N{...}`,
/// which names a character by its Unicode name.
fn unescape(body: &str) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| {
            let s: String = (0..n).filter_map(|_| chars.next()).collect();
            u32::from_str_radix(&s, 16).ok().and_then(char::from_u32)
        };
        match e {
            '\n' => {}
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            'x' => out.push(hex(&mut chars, 2)?),
            'u' => out.push(hex(&mut chars, 4)?),
            'U' => out.push(hex(&mut chars, 8)?),
            '0'..='7' => {
                let mut n = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            n = n * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(n)?);
            }
            'N' => return None,
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

/// `[...]`, `(...)` and `{...}`.
fn bracketed(i: &str) -> IResult<&str, Expr> {
    let open = i.chars().next();
    let (close, rest) = match open {
        Some('[') => (']', &i[1..]),
        Some('(') => (')', &i[1..]),
        Some('{') => ('}', &i[1..]),
        _ => return fail(i),
    };
    let (mut rest, _) = ws(rest)?;
    if let Some(after) = rest.strip_prefix(close) {
        return Ok((
            after,
            match close {
                ']' => Expr::List(Vec::new()),
                ')' => Expr::Tuple(Vec::new()),
                _ => Expr::Dict(Vec::new()),
            },
        ));
    }
    let mut items = Vec::new();
    let mut pairs = Vec::new();
    let mut trailing_comma;
    loop {
        let (r, key) = sum(rest)?;
        let (r, _) = ws(r)?;
        if close == '}' && (!pairs.is_empty() || items.is_empty()) {
            if let Some(r2) = r.strip_prefix(':') {
                let (r2, _) = ws(r2)?;
                let (r2, value) = sum(r2)?;
                let (r2, _) = ws(r2)?;
                pairs.push((key, value));
                rest = r2;
            } else if pairs.is_empty() {
                items.push(key);
                rest = r;
            } else {
                return fail(r);
            }
        } else {
            items.push(key);
            rest = r;
        }
        if let Some(r) = rest.strip_prefix(',') {
            let (r, _) = ws(r)?;
            rest = r;
            trailing_comma = true;
            if let Some(after) = rest.strip_prefix(close) {
                rest = after;
                break;
            }
            continue;
        }
        trailing_comma = false;
        match rest.strip_prefix(close) {
            Some(after) => {
                rest = after;
                break;
            }
            None => return fail(rest),
        }
    }
    let e = match close {
        ']' => Expr::List(items),
        ')' if items.len() == 1 && !trailing_comma => items.pop().unwrap_or(Expr::Tuple(vec![])),
        ')' => Expr::Tuple(items),
        _ if !pairs.is_empty() => Expr::Dict(pairs),
        _ => Expr::Set(items),
    };
    Ok((rest, e))
}

/// Evaluates an expression against the names assigned so far.
fn eval(e: &Expr, env: &BTreeMap<String, PyValue>) -> Result<PyValue, String> {
    let all = |v: &[Expr]| {
        v.iter()
            .map(|x| eval(x, env))
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(match e {
        Expr::Lit(v) => v.clone(),
        Expr::Name(n) => env
            .get(n)
            .cloned()
            .ok_or_else(|| format!("`{n}` is not a name assigned earlier"))?,
        Expr::Neg(x) => match eval(x, env)? {
            PyValue::Int(i) => PyValue::Int(-i),
            PyValue::Float(f) => PyValue::Float(-f),
            v => return Err(format!("cannot negate a {}", v.type_name())),
        },
        Expr::Add(a, b) => match (eval(a, env)?, eval(b, env)?) {
            (PyValue::Str(a), PyValue::Str(b)) => PyValue::Str(a + &b),
            (PyValue::Int(a), PyValue::Int(b)) => {
                PyValue::Int(a.checked_add(b).ok_or("integer overflow")?)
            }
            (PyValue::Float(a), PyValue::Float(b)) => PyValue::Float(a + b),
            (PyValue::Int(a), PyValue::Float(b)) | (PyValue::Float(b), PyValue::Int(a)) =>
            {
                #[allow(clippy::cast_precision_loss, reason = "Python's int + float")]
                PyValue::Float(a as f64 + b)
            }
            (PyValue::List(mut a), PyValue::List(b)) => {
                a.extend(b);
                PyValue::List(a)
            }
            (PyValue::Tuple(mut a), PyValue::Tuple(b)) => {
                a.extend(b);
                PyValue::Tuple(a)
            }
            (a, b) => {
                return Err(format!(
                    "cannot add a {} and a {}",
                    a.type_name(),
                    b.type_name()
                ))
            }
        },
        Expr::List(v) => PyValue::List(all(v)?),
        Expr::Tuple(v) => PyValue::Tuple(all(v)?),
        Expr::Set(v) => PyValue::Set(all(v)?),
        Expr::Dict(v) => PyValue::Dict(
            v.iter()
                .map(|(k, x)| Ok((eval(k, env)?, eval(x, env)?)))
                .collect::<Result<Vec<_>, String>>()?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> PyConf {
        let mut conf = PyConf::default();
        read_text(text, Path::new("pelicanconf.py"), &mut conf, 0);
        conf
    }

    fn s(v: &str) -> PyValue {
        PyValue::Str(v.to_owned())
    }

    #[test]
    fn literals_and_names() {
        let conf = read(concat!(
            "# -*- coding: utf-8 -*-\n",
            "AUTHOR = u'Matt Makai'\n",
            "SITEURL = 'https://example.com'  # comment\n",
            "FEED = SITEURL + \"/feed\"\n",
            "DIRECT_TEMPLATES = ('index', 'sitemap',\n    'blog',) #'pdf'\n",
            "JINJA = (['a.b',])\n",
            "N = 10\nF = 1.5\nB = True\nX = None\n",
            "D = {'a': [1, 2], \"b\": {'c': ()}}\n",
            "S = {'x', 'y'}\n",
            "LONG = ('one '\n  'two')\n",
            "T = \"\"\"multi\nline\"\"\"\n",
            "R = r'\\d+'\n",
            "A = B = 'both'\n",
            "L = [1] + [2]\n",
            "NEG = -3\n",
        ));
        assert!(conf.notes.is_empty(), "{:?}", conf.notes);
        let v = &conf.values;
        assert_eq!(v["AUTHOR"], s("Matt Makai"));
        assert_eq!(v["FEED"], s("https://example.com/feed"));
        assert_eq!(
            v["DIRECT_TEMPLATES"],
            PyValue::Tuple(vec![s("index"), s("sitemap"), s("blog")])
        );
        assert_eq!(v["JINJA"], PyValue::List(vec![s("a.b")]));
        assert_eq!(v["N"], PyValue::Int(10));
        assert_eq!(v["F"], PyValue::Float(1.5));
        assert_eq!(v["X"], PyValue::None);
        assert_eq!(v["D"].to_string(), "{'a': [1, 2], 'b': {'c': ()}}");
        assert_eq!(v["S"], PyValue::Set(vec![s("x"), s("y")]));
        assert_eq!(v["LONG"], s("one two"));
        assert_eq!(v["T"], s("multi\nline"));
        assert_eq!(v["R"], s("\\d+"));
        assert_eq!(v["A"], s("both"));
        assert_eq!(v["B"], s("both"));
        assert_eq!(
            v["L"],
            PyValue::List(vec![PyValue::Int(1), PyValue::Int(2)])
        );
        assert_eq!(v["NEG"], PyValue::Int(-3));
        assert_eq!(conf.lines["DIRECT_TEMPLATES"].1, 5);
        assert_eq!(conf.lines["JINJA"].1, 7);
    }

    #[test]
    fn what_is_not_read_is_a_note() {
        let conf = read(concat!(
            "import os\n",
            "PATH = os.path.join('a', 'b')\n",
            "PLUGINS = [get_plugin()]\n",
            "MISSING = UNKNOWN + 'x'\n",
            "if True:\n    INSIDE = 1\n",
            "OK = 'yes'\n",
            "BAD = 'unterminated\n",
            "AFTER = 2\n",
        ));
        let notes: Vec<String> = conf.notes.iter().map(ToString::to_string).collect();
        assert_eq!(
            notes,
            [
                "pelicanconf.py:1: statement not read: `import os`",
                "pelicanconf.py:2: setting PATH not read: `PATH = os.path.join('a', 'b')` is not a literal value",
                "pelicanconf.py:3: setting PLUGINS not read: `PLUGINS = [get_plugin()]` is not a literal value",
                "pelicanconf.py:4: setting MISSING not read: `UNKNOWN` is not a name assigned earlier",
                "pelicanconf.py:5: statement not read: `if True:`",
                "pelicanconf.py:8: setting BAD not read: `BAD = 'unterminated` is not a literal value",
            ]
        );
        assert_eq!(conf.values["OK"], s("yes"));
        assert_eq!(conf.values["AFTER"], PyValue::Int(2));
        assert!(!conf.values.contains_key("INSIDE"));
    }

    #[test]
    fn command_line_values() {
        assert_eq!(read_value("\"{slug}.html\""), Ok(s("{slug}.html")));
        assert_eq!(read_value("true"), Ok(PyValue::Bool(true)));
        assert_eq!(read_value("null"), Ok(PyValue::None));
        assert_eq!(
            read_value("[\"a\", 1]"),
            Ok(PyValue::List(vec![s("a"), PyValue::Int(1)]))
        );
        assert!(read_value("{slug}.html").is_err());
    }
}
