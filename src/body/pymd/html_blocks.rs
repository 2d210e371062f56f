//! What Python-Markdown takes out of the text before it reads blocks:
//! fenced code blocks (a fence at the start of a line, closed by the same
//! fence alone on a later line), then raw HTML blocks (a block-level tag,
//! a comment or a declaration at most 3 spaces into a line, kept as written
//! up to the tag that closes it, or to the end of the text). A block-level
//! tag with `markdown="1"` (or `block`, `span`) keeps only its own tags raw:
//! what is between them is Markdown.

use std::collections::HashMap;

use super::lines::{Kind, Seg};

/// Tags that start a raw HTML block at the start of a line.
const BLOCK_LEVEL: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "canvas",
    "center",
    "colgroup",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "group",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "main",
    "map",
    "math",
    "menu",
    "nav",
    "noscript",
    "object",
    "ol",
    "option",
    "output",
    "p",
    "pre",
    "progress",
    "script",
    "section",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "video",
];

/// Elements with no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The top-level pieces of `body`: one per line, except that each fenced
/// code block and each raw HTML block is one piece (and what follows a raw
/// block's end on its line is a piece of its own).
pub(super) fn top_level(body: &[u8], lines: &[(usize, usize)]) -> Vec<Seg> {
    let fences = fenced_blocks(body, lines);
    let mut out = Vec::with_capacity(lines.len());
    let mut fence = fences.iter().peekable();
    let mut md_open: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (ls, le) = lines[i];
        if let Some(&&(a, b)) = fence.peek() {
            if a == i {
                out.push(Seg {
                    start: ls,
                    end: lines[b].1,
                    kind: Kind::Code,
                });
                fence.next();
                i = b + 1;
                continue;
            }
        }
        let line = &body[ls..le];
        let spaces = line.iter().take_while(|&&c| c == b' ').count();
        if spaces <= 3 && line.get(spaces) == Some(&b'<') {
            let p = ls + spaces;
            if let Some((end, open)) = raw_block(body, p, &mut md_open) {
                out.push(Seg {
                    start: p,
                    end,
                    kind: Kind::Raw,
                });
                // The line holding the end; what follows on it is text.
                let mut j = i;
                while j + 1 < lines.len() && lines[j].1 < end {
                    j += 1;
                }
                let rest = Seg::text(end.min(lines[j].1), lines[j].1);
                if !rest.is_blank(body) {
                    if !open {
                        // Python-Markdown ends a raw block with a blank line.
                        out.push(Seg::text(rest.start, rest.start));
                    }
                    out.push(rest);
                }
                i = j + 1;
                // Fences inside the raw block are part of it.
                while fence.peek().is_some_and(|&&(a, _)| a < i) {
                    fence.next();
                }
                continue;
            }
        }
        out.push(Seg::text(ls, le));
        i += 1;
    }
    out
}

/// Fenced code blocks as (first line, last line) pairs, in order.
fn fenced_blocks(body: &[u8], lines: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // Lines that can close a fence: the fence alone, then spaces.
    let mut closers: HashMap<&[u8], Vec<usize>> = HashMap::new();
    for (i, &(s, e)) in lines.iter().enumerate() {
        let l = &body[s..e];
        let run = fence_run(l);
        if run >= 3 && l[run..].iter().all(|&c| c == b' ') {
            closers.entry(&l[..run]).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (s, e) = lines[i];
        let l = &body[s..e];
        let run = fence_run(l);
        if run >= 3 && opener_info_ok(&l[run..]) {
            if let Some(list) = closers.get(&l[..run]) {
                let k = list.partition_point(|&j| j <= i);
                if let Some(&j) = list.get(k) {
                    out.push((i, j));
                    i = j + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// The length of the run of backticks or tildes a line starts with.
fn fence_run(l: &[u8]) -> usize {
    match l.first() {
        Some(&c @ (b'`' | b'~')) => l.iter().take_while(|&&x| x == c).count(),
        _ => 0,
    }
}

/// What may follow an opening fence on its line: `{attributes}`, or an
/// optional `.`, a language (word characters, `#`, `.`, `+`, `-`), and an
/// optional `hl_lines="..."`.
fn opener_info_ok(rest: &[u8]) -> bool {
    let s = match std::str::from_utf8(rest) {
        Ok(s) => s.trim_start_matches(' '),
        Err(_) => return false,
    };
    if s.starts_with('{') {
        return s.ends_with('}');
    }
    let s = s.strip_prefix('.').unwrap_or(s);
    let lang_end = s
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '#' | '.' | '+' | '-')))
        .unwrap_or(s.len());
    let s = s[lang_end..].trim_start_matches(' ');
    if s.is_empty() {
        return true;
    }
    let Some(v) = s.strip_prefix("hl_lines=") else {
        return false;
    };
    let Some(q) = v.chars().next().filter(|q| matches!(q, '"' | '\'')) else {
        return false;
    };
    v[1..]
        .find(q)
        .is_some_and(|k| v[1 + k + 1..].trim_matches(' ').is_empty())
}

/// A raw block starting with the `<` at `p`: where it ends, and whether
/// it is the opening tag of a Markdown-in-HTML element (whose content is
/// Markdown). `md_open` holds the names of the open ones.
fn raw_block(body: &[u8], p: usize, md_open: &mut Vec<String>) -> Option<(usize, bool)> {
    let rest = &body[p..];
    if rest.starts_with(b"<!--") {
        // A comment never closed is text.
        let end = find(body, p + 4, b"-->")? + 3;
        return Some((end, false));
    }
    if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
        let end = memchr::memchr(b'>', rest).map_or(body.len(), |k| p + k + 1);
        return Some((end, false));
    }
    let tag = parse_tag(body, p)?;
    if tag.close {
        if md_open.last().is_some_and(|n| *n == tag.name) {
            md_open.pop();
            return Some((tag.end, false));
        }
        return None;
    }
    if !BLOCK_LEVEL.contains(&tag.name.as_str()) {
        return None;
    }
    if tag.markdown && !VOID.contains(&tag.name.as_str()) && !tag.self_closing {
        md_open.push(tag.name);
        return Some((tag.end, true));
    }
    if tag.self_closing || VOID.contains(&tag.name.as_str()) {
        return Some((tag.end, false));
    }
    Some((close_of(body, tag.end, tag.name), false))
}

/// Where the raw block opened by `name` (its start tag ending at `from`)
/// ends: after the end tag that empties the stack of open elements, or at
/// the end of the text.
fn close_of(body: &[u8], from: usize, name: String) -> usize {
    let mut stack = vec![name];
    let mut i = from;
    while let Some(k) = memchr::memchr(b'<', &body[i..]) {
        let p = i + k;
        if body[p..].starts_with(b"<!--") {
            match find(body, p + 4, b"-->") {
                Some(e) => {
                    i = e + 3;
                    continue;
                }
                None => return body.len(),
            }
        }
        let Some(tag) = parse_tag(body, p) else {
            i = p + 1;
            continue;
        };
        i = tag.end;
        if tag.close {
            if let Some(at) = stack.iter().rposition(|n| *n == tag.name) {
                stack.truncate(at);
                if stack.is_empty() {
                    return tag.end;
                }
            }
        } else if matches!(tag.name.as_str(), "script" | "style") {
            let close = format!("</{}", tag.name);
            match find_ci(body, i, close.as_bytes()) {
                Some(e) => i = e,
                None => return body.len(),
            }
        } else if !tag.self_closing && !VOID.contains(&tag.name.as_str()) {
            stack.push(tag.name);
        }
    }
    body.len()
}

struct Tag {
    name: String,
    close: bool,
    self_closing: bool,
    markdown: bool,
    end: usize,
}

/// A start or end tag at `p`, read loosely as an HTML parser does: a
/// letter after `<` or `</`, attributes up to the `>` (quotes respected).
fn parse_tag(body: &[u8], p: usize) -> Option<Tag> {
    let mut i = p + 1;
    let close = body.get(i) == Some(&b'/');
    if close {
        i += 1;
    }
    if !body.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let name_start = i;
    while i < body.len()
        && !matches!(
            body[i],
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
        )
    {
        i += 1;
    }
    let name = String::from_utf8_lossy(&body[name_start..i]).to_ascii_lowercase();
    let attrs_start = i;
    let mut quote = None;
    while i < body.len() {
        let c = body[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => break,
            None if c == b'<' && i > attrs_start => return None,
            None => {}
        }
        i += 1;
    }
    if i >= body.len() {
        return None;
    }
    let attrs = &body[attrs_start..i];
    let self_closing = attrs.last() == Some(&b'/');
    Some(Tag {
        name,
        close,
        self_closing,
        markdown: !close && markdown_attr(attrs),
        end: i + 1,
    })
}

/// Whether the attributes hold `markdown="1"` (or `block`, `span`).
fn markdown_attr(attrs: &[u8]) -> bool {
    let s = String::from_utf8_lossy(attrs).to_ascii_lowercase();
    let Some(k) = s.find("markdown") else {
        return false;
    };
    let v = s[k + 8..].trim_start();
    let Some(v) = v.strip_prefix('=') else {
        return false;
    };
    let v = v.trim_start().trim_start_matches(['"', '\'']);
    v.starts_with('1') || v.starts_with("block") || v.starts_with("span")
}

fn find(body: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&body[from.min(body.len())..], needle).map(|k| from + k)
}

fn find_ci(body: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(k) = memchr::memchr(b'<', &body[i.min(body.len())..]) {
        let p = i + k;
        if body.len() >= p + needle.len() && body[p..p + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(p);
        }
        i = p + 1;
    }
    None
}
