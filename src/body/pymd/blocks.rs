//! Python-Markdown's block reading: the text in blocks separated by blank
//! lines, each block offered to the block processors in their order
//! (list indentation, indented code, tables, `#` headings, setext
//! headings, rules, lists, definition lists, block quotes, footnotes,
//! reference definitions, paragraphs). Containers (list items, quotes,
//! footnotes, definitions) are read as documents of their own, queued on a
//! work list rather than by recursion.

use std::collections::VecDeque;
use std::ops::Range;

use super::lines::{dedent, indent, trim, Kind, Seg};
use super::marks::count;
use super::rules::Rules;
use super::starts::{
    def_mark, footnote_mark, head_cells, indented_item, is_table, list_item, quote_mark, ref_start,
    separator_cells,
};

/// A heading found by the block reader.
pub(super) struct HeadingDraft {
    pub level: u8,
    /// The heading's line(s).
    pub start: usize,
    pub end: usize,
    /// Its inline content (without the marks and the attribute list).
    pub content: Seg,
    /// The id of a `{#id}` attribute list.
    pub id: Option<Range<usize>>,
}

/// A reference definition found by the block reader.
pub(super) struct DefDraft {
    pub label: Range<usize>,
    pub dest: Range<usize>,
    pub title: Option<Range<usize>>,
    pub start: usize,
    pub end: usize,
}

/// What the block reader finds.
#[derive(Default)]
pub(super) struct Found {
    pub headings: Vec<HeadingDraft>,
    /// Inline runs, as ranges into `pool`.
    pub inlines: Vec<Range<usize>>,
    pub pool: Vec<Seg>,
    pub defs: Vec<DefDraft>,
    /// Raw HTML blocks.
    pub raw: Vec<Range<usize>>,
}

struct Doc {
    segs: Vec<Seg>,
    /// Read as the content of a list item (or definition).
    in_item: bool,
    /// Already taken out of a list by its indentation.
    detabbed: bool,
    /// What is known of its lines after the first.
    known: Known,
}

/// What is known of a document's lines after the first, when the
/// document it comes from read them, unchanged, in the block that opened
/// it: block tests that none of them passes (or, for the setext test, that
/// the second line fails). A document that nests one more list item or
/// quote on its first line and nothing else is then read level after
/// level by looking at the first line only (see [`open_nesting`]).
#[derive(Clone, Copy, Default)]
struct Known(u8);

impl Known {
    /// None is blank.
    const BLANK: u8 = 1;
    /// None starts with `#`.
    const HASH: u8 = 2;
    /// None is a rule.
    const RULE: u8 = 4;
    /// The second line is no setext underline.
    const SETEXT: u8 = 8;
    /// None is a list item or a nested item.
    const ITEMS: u8 = 16;
    /// None is a definition (`: `).
    const TERMS: u8 = 32;
    /// None is quoted.
    const QUOTES: u8 = 64;
    /// What a block that reaches the list and quote tests has shown.
    const PASSED: u8 = Self::BLANK | Self::HASH | Self::RULE | Self::SETEXT;

    fn has(self, facts: u8) -> bool {
        self.0 & facts == facts
    }

    fn with(self, facts: u8) -> Self {
        Known(self.0 | facts)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    None,
    /// A list (or definition list), with how many lists deep its last
    /// item goes.
    List(usize),
    Other,
}

/// Reads the blocks of the top-level pieces `top`.
pub(super) fn read(body: &[u8], top: Vec<Seg>) -> Found {
    let mut found = Found::default();
    for s in &top {
        if s.kind == Kind::Raw {
            found.raw.push(s.start..s.end);
        }
    }
    let mut work = vec![Doc {
        segs: top,
        in_item: false,
        detabbed: false,
        known: Known::default(),
    }];
    let mut tails = Rules::default();
    // The block queue, lent from document to document.
    let mut queue = VecDeque::new();
    while let Some(doc) = work.pop() {
        read_doc(body, doc, &mut work, &mut found, &mut tails, &mut queue);
    }
    found
}

/// The first line at or after `from` (before `end`) that `test` accepts,
/// remembering the answer so that later searches from further on reuse it:
/// blocks are read front to back, so each search starts at or after the
/// one before, and the whole document is searched at most once.
struct NextLine {
    from: usize,
    at: Option<usize>,
    searched_to: usize,
}

impl NextLine {
    fn new() -> Self {
        NextLine {
            from: 0,
            at: None,
            searched_to: 0,
        }
    }

    fn find(
        &mut self,
        segs: &[Seg],
        block: Range<usize>,
        mut test: impl FnMut(&Seg) -> bool,
    ) -> Option<usize> {
        if block.start >= self.from {
            if let Some(at) = self.at {
                if at >= block.start {
                    return (at < block.end).then_some(at);
                }
            } else if block.end <= self.searched_to {
                return None;
            }
        }
        let start = if self.at.is_none() && block.start >= self.from {
            block.start.max(self.searched_to)
        } else {
            block.start
        };
        self.from = block.start;
        for (k, s) in segs.iter().enumerate().take(block.end).skip(start) {
            count(1);
            if s.kind == Kind::Text && test(s) {
                self.at = Some(k);
                self.searched_to = k;
                return Some(k);
            }
        }
        self.at = None;
        self.searched_to = block.end;
        None
    }
}

fn read_doc(
    body: &[u8],
    doc: Doc,
    work: &mut Vec<Doc>,
    found: &mut Found,
    tails: &mut Rules,
    queue: &mut VecDeque<Range<usize>>,
) {
    let mut segs = doc.segs;
    count(segs.len());
    let (mut in_item, mut detabbed) = (doc.in_item, doc.detabbed);
    open_nesting(
        body,
        &mut segs,
        &mut in_item,
        &mut detabbed,
        doc.known,
        tails,
    );
    // Blocks: runs of text pieces that are not blank.
    queue.clear();
    let mut start = None;
    for (k, s) in segs.iter().enumerate() {
        let sep = s.kind != Kind::Text || s.is_blank(body);
        match (sep, start) {
            (true, Some(a)) => {
                queue.push_back(a..k);
                start = None;
            }
            (false, None) => start = Some(k),
            _ => {}
        }
    }
    if let Some(a) = start {
        queue.push_back(a..segs.len());
    }
    let mut prev = Prev::None;
    let mut last_end = 0;
    let (mut hashes, mut rules, mut quotes, mut notes, mut refs, mut terms) = (
        NextLine::new(),
        NextLine::new(),
        NextLine::new(),
        NextLine::new(),
        NextLine::new(),
        NextLine::new(),
    );
    let b = |s: &Seg| s.bytes(body);
    while let Some(block) = queue.pop_front() {
        if block.is_empty() {
            continue;
        }
        // A block after something other than blank lines or the block
        // before (a raw HTML block) starts afresh.
        if block.start > last_end
            && segs[last_end..block.start]
                .iter()
                .any(|s| s.kind != Kind::Text)
        {
            prev = Prev::Other;
        }
        last_end = block.end;
        let first = segs[block.start];
        let first_indent = indent(b(&first));
        // List indentation: a block indented after a list belongs to it.
        if first_indent >= 4 && !detabbed && (in_item || matches!(prev, Prev::List(_))) {
            let depth = match prev {
                Prev::List(d) => d + usize::from(in_item),
                _ => 1,
            };
            let levels = (first_indent / 4).min(depth).max(1);
            let child: Vec<Seg> = segs[block.clone()]
                .iter()
                .map(|s| dedent(body, *s, 4 * levels))
                .collect();
            // The item it went into is now the last; a list starting it
            // is one more level to indent into.
            let nested = usize::from(list_item(b(&child[0])).is_some());
            prev = Prev::List((levels + nested).saturating_sub(usize::from(in_item)));
            work.push(Doc {
                segs: child,
                in_item: true,
                detabbed: true,
                known: Known::default(),
            });
            continue;
        }
        // Indented code: the lines indented 4 or more; the rest is a block.
        if first_indent >= 4 {
            let n = segs[block.clone()]
                .iter()
                .take_while(|s| indent(b(s)) >= 4)
                .count();
            if block.start + n < block.end {
                queue.push_front(block.start + n..block.end);
            }
            prev = Prev::Other;
            continue;
        }
        // Tables.
        if block.len() >= 2 && is_table(body, &segs[block.clone()]) {
            for (k, s) in segs[block.clone()].iter().enumerate() {
                if k != 1 {
                    push_inline(found, std::slice::from_ref(s));
                }
            }
            prev = Prev::Other;
            continue;
        }
        // `#` headings, anywhere in the block.
        if let Some(k) = hashes.find(&segs, block.clone(), |s| b(s).first() == Some(&b'#')) {
            if k > block.start {
                queue.push_front(k..block.end);
                queue.push_front(block.start..k);
                last_end = block.start;
                continue;
            }
            found.headings.push(hash_heading(body, first));
            if k + 1 < block.end {
                queue.push_front(k + 1..block.end);
                last_end = k + 1;
            }
            prev = Prev::Other;
            continue;
        }
        // Setext headings: the block's first two lines.
        if block.len() >= 2 {
            let under = b(&segs[block.start + 1]);
            count(under.len());
            let marks = under
                .iter()
                .take_while(|&&c| c == under[0] && matches!(c, b'=' | b'-'))
                .count();
            if marks > 0 && under[marks..].iter().all(|&c| c == b' ') {
                let text = trim(body, first);
                let (content, id) = attr_list(body, text);
                found.headings.push(HeadingDraft {
                    level: if under[0] == b'=' { 1 } else { 2 },
                    start: first.start,
                    end: segs[block.start + 1].end,
                    content,
                    id,
                });
                if block.start + 2 < block.end {
                    queue.push_front(block.start + 2..block.end);
                    last_end = block.start + 2;
                }
                prev = Prev::Other;
                continue;
            }
        }
        // Horizontal rules, anywhere in the block.
        if let Some(k) = rules.find(&segs, block.clone(), |s| tails.is_rule(body, s)) {
            if k > block.start {
                queue.push_front(k..block.end);
                queue.push_front(block.start..k);
                last_end = block.start;
                continue;
            }
            if k + 1 < block.end {
                queue.push_front(k + 1..block.end);
                last_end = k + 1;
            }
            prev = Prev::Other;
            continue;
        }
        // Lists: the block starts with an item.
        if list_item(b(&first)).is_some() {
            let known = whole(&segs, &block, doc.known);
            let depth = read_list(body, &segs[block.clone()], work, known);
            prev = Prev::List(depth);
            continue;
        }
        // Definition lists: a `:` line after terms.
        if let Some(k) = terms.find(&segs, block.clone(), |s| def_mark(b(s)).is_some()) {
            if k > block.start || matches!(prev, Prev::List(_)) {
                for s in &segs[block.start..k] {
                    push_inline(found, std::slice::from_ref(s));
                }
                let mark = def_mark(b(&segs[k])).unwrap_or(0);
                let mut child = vec![Seg {
                    start: segs[k].start + mark,
                    ..segs[k]
                }];
                let n = segs[k + 1..block.end]
                    .iter()
                    .take_while(|s| indent(b(s)) >= 4)
                    .count();
                child.extend(segs[k + 1..k + 1 + n].iter().map(|s| dedent(body, *s, 4)));
                work.push(Doc {
                    segs: child,
                    in_item: true,
                    detabbed: false,
                    known: Known::default(),
                });
                if k + 1 + n < block.end {
                    queue.push_front(k + 1 + n..block.end);
                    last_end = k + 1 + n;
                }
                prev = Prev::List(1);
                continue;
            }
        }
        // Block quotes, from the first `>` line on.
        if let Some(k) = quotes.find(&segs, block.clone(), |s| quote_mark(b(s)).is_some()) {
            if k > block.start {
                queue.push_front(k..block.end);
                queue.push_front(block.start..k);
                last_end = block.start;
                continue;
            }
            let mut quoted = 0;
            let child: Vec<Seg> = segs[block.clone()]
                .iter()
                .map(|s| match quote_mark(b(s)) {
                    Some(m) => {
                        quoted += 1;
                        Seg {
                            start: s.start + m,
                            ..*s
                        }
                    }
                    None => *s,
                })
                .collect();
            // Only the first line quoted: the others come as they were.
            let known = if quoted == 1 {
                whole(&segs, &block, doc.known).with(Known::PASSED | Known::TERMS | Known::QUOTES)
            } else {
                Known::default()
            };
            work.push(Doc {
                segs: child,
                in_item: false,
                detabbed: false,
                known,
            });
            prev = Prev::Other;
            continue;
        }
        // Footnote definitions: the rest of the block (up to the next one)
        // and the indented blocks after it are the footnote.
        if let Some(k) = notes.find(&segs, block.clone(), |s| footnote_mark(b(s)).is_some()) {
            if k > block.start {
                queue.push_front(k..block.end);
                queue.push_front(block.start..k);
                last_end = block.start;
                continue;
            }
            let mark = footnote_mark(b(&first)).unwrap_or(0);
            let mut child = vec![Seg {
                start: first.start + mark,
                ..first
            }];
            let mut k = block.start + 1;
            while k < block.end && footnote_mark(b(&segs[k])).is_none() {
                child.push(dedent(body, segs[k], 4));
                k += 1;
            }
            if k < block.end {
                queue.push_front(k..block.end);
                last_end = k;
            } else {
                // Indented blocks after it belong to it.
                while let Some(next) = queue.front() {
                    if indent(b(&segs[next.start])) < 4 {
                        break;
                    }
                    let next = queue.pop_front().unwrap_or_default();
                    child.push(Seg::text(segs[next.start].start, segs[next.start].start));
                    child.extend(segs[next.clone()].iter().map(|s| dedent(body, *s, 4)));
                    last_end = next.end;
                }
            }
            work.push(Doc {
                segs: child,
                in_item: true,
                detabbed: false,
                known: Known::default(),
            });
            prev = Prev::Other;
            continue;
        }
        // Reference definitions, anywhere in the block.
        if let Some(k) = refs.find(&segs, block.clone(), |s| ref_start(b(s)).is_some()) {
            if let Some((def, used)) = definition(body, &segs[k..block.end]) {
                if k > block.start {
                    queue.push_front(k..block.end);
                    queue.push_front(block.start..k);
                    last_end = block.start;
                    refs = NextLine::new();
                    continue;
                }
                found.defs.push(def);
                if k + used < block.end {
                    queue.push_front(k + used..block.end);
                    last_end = k + used;
                }
                refs = NextLine::new();
                prev = Prev::Other;
                continue;
            }
            // Not a definition after all: look on from the next line.
            let mut rest_found = None;
            for j in k + 1..block.end {
                if ref_start(b(&segs[j])).is_some()
                    && definition(body, &segs[j..block.end]).is_some()
                {
                    rest_found = Some(j);
                    break;
                }
            }
            refs = NextLine::new();
            if let Some(j) = rest_found {
                queue.push_front(j..block.end);
                queue.push_front(block.start..j);
                last_end = block.start;
                // The part before holds no definition: read it as a paragraph.
                let before = queue.pop_front().unwrap_or_default();
                push_inline(found, &segs[before]);
                prev = Prev::Other;
                continue;
            }
        }
        // A paragraph.
        push_inline(found, &segs[block]);
        prev = Prev::Other;
    }
}

#[cfg(test)]
thread_local! {
    /// Whether [`open_nesting`] is off: every level read as a document,
    /// the reading it must agree with.
    pub(super) static LEVEL_BY_LEVEL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// What the document knows of its lines after the first that still holds
/// for the block `block`: all of it when the block is the whole document.
fn whole(segs: &[Seg], block: &Range<usize>, known: Known) -> Known {
    if *block == (0..segs.len()) {
        known
    } else {
        Known::default()
    }
}

/// Takes the container marks off the front of a document, level after
/// level, while each level would read the document as one block opening
/// one list item or block quote that holds the whole block, with only its
/// first line changed (`- - - - x`, or `> > > x` then lines that go with
/// it). Each such level would look at every line again; what `known` says
/// of the lines after the first lets the levels look at the first only.
fn open_nesting(
    body: &[u8],
    segs: &mut [Seg],
    in_item: &mut bool,
    detabbed: &mut bool,
    known: Known,
    tails: &mut Rules,
) {
    #[cfg(test)]
    if LEVEL_BY_LEVEL.with(std::cell::Cell::get) {
        return;
    }
    let rest = segs.len() > 1;
    if rest && !known.has(Known::PASSED) {
        return;
    }
    // The cells of the separator row a table would need, and of the
    // first line (the same from level to level while it does not start
    // with `|`: the marks taken off hold no `|`, backtick or backslash).
    let sep = if rest {
        separator_cells(body, segs[1])
    } else {
        None
    };
    let mut head = None;
    while let Some(&f) = segs.first() {
        if f.kind != Kind::Text || f.is_blank(body) {
            return;
        }
        let l = f.bytes(body);
        if indent(l) >= 4 {
            return;
        }
        if let Some(n) = sep {
            let t = trim(body, f).bytes(body);
            let cells = if t.first() == Some(&b'|') {
                head_cells(t)
            } else {
                *head.get_or_insert_with(|| head_cells(t))
            };
            if cells == Some(n) && n > 1 {
                return;
            }
        }
        if l.first() == Some(&b'#') || tails.is_rule(body, &f) {
            return;
        }
        let at = if let Some(at) = list_item(l) {
            if rest && !known.has(Known::ITEMS) {
                return;
            }
            *in_item = true;
            at
        } else if let Some(at) = quote_mark(l) {
            if rest && !known.has(Known::TERMS | Known::QUOTES) {
                return;
            }
            *in_item = false;
            at
        } else {
            return;
        };
        count(at);
        *detabbed = false;
        segs[0].start += at;
    }
}

fn push_inline(found: &mut Found, segs: &[Seg]) {
    let start = found.pool.len();
    found.pool.extend_from_slice(segs);
    found.inlines.push(start..found.pool.len());
}

/// A `#` heading on `line`: up to 6 marks, the text (its closing `#`s and
/// white space trimmed), and an attribute list.
fn hash_heading(body: &[u8], line: Seg) -> HeadingDraft {
    let l = line.bytes(body);
    let level = l.iter().take(6).take_while(|&&c| c == b'#').count();
    // The text ends before the closing `#`s, an escaped `#` kept.
    let mut end = l.len();
    let mut i = level;
    let mut last_text = level;
    while i < l.len() {
        if l[i] == b'\\' && i + 1 < l.len() {
            i += 2;
            last_text = i;
            continue;
        }
        if l[i] != b'#' {
            last_text = i + 1;
        }
        i += 1;
    }
    if l[last_text..].iter().all(|&c| c == b'#') {
        end = last_text;
    }
    let text = trim(body, Seg::text(line.start + level, line.start + end));
    let (content, id) = attr_list(body, text);
    #[allow(clippy::cast_possible_truncation, reason = "at most 6")]
    HeadingDraft {
        level: level as u8,
        start: line.start,
        end: line.end,
        content,
        id,
    }
}

/// A heading's trailing attribute list, `{#id .class}` or `{: ...}`, after
/// at least one space (or alone): the text without it, and its last id.
fn attr_list(body: &[u8], text: Seg) -> (Seg, Option<Range<usize>>) {
    let t = text.bytes(body);
    if t.last() != Some(&b'}') {
        return (text, None);
    }
    // The first `{` at the start or after a space opens it; what it holds
    // must read whole as attributes (no `}` inside), or the text is kept.
    let Some(open) = (0..t.len()).find(|&k| t[k] == b'{' && (k == 0 || t[k - 1] == b' ')) else {
        return (text, None);
    };
    let inner = &t[open + 1..t.len() - 1];
    if inner.iter().any(|&c| c == b'}' || c == b'\n') {
        return (text, None);
    }
    let mut id = None;
    let skip = usize::from(inner.first() == Some(&b':'));
    let base = text.start + open + 1;
    let mut i = skip;
    while i < inner.len() {
        while i < inner.len() && inner[i] == b' ' {
            i += 1;
        }
        let s = i;
        while i < inner.len() && inner[i] != b' ' {
            i += 1;
        }
        if inner.get(s) == Some(&b'#') && i > s + 1 {
            id = Some(base + s + 1..base + i);
        }
    }
    // Closing `#`s before the list go with it.
    let mut end = text.start + open;
    while end > text.start && body[end - 1] == b' ' {
        end -= 1;
    }
    let hashes_end = end;
    while end > text.start && body[end - 1] == b'#' {
        end -= 1;
    }
    if end == hashes_end || (end > text.start && body[end - 1] != b' ') {
        end = hashes_end;
    }
    let rest = trim(body, Seg::text(text.start, end));
    (rest, id)
}

/// Reads a list block into item documents; returns how many lists deep its
/// last item goes. `known`: what is known of the block's lines after the
/// first.
fn read_list(body: &[u8], segs: &[Seg], work: &mut Vec<Doc>, known: Known) -> usize {
    let mut items: Vec<Vec<Seg>> = Vec::new();
    let mut depth = 1;
    let mut marked = 0;
    for s in segs {
        let l = s.bytes(body);
        if list_item(l).is_some() || indented_item(l) {
            marked += 1;
        }
        if let Some(at) = list_item(l) {
            items.push(vec![Seg {
                start: s.start + at,
                ..*s
            }]);
            depth = 1;
        } else if indented_item(l) {
            depth = 1 + indent(l) / 4;
            match items.last_mut() {
                Some(last) if indent(last[0].bytes(body)) >= 4 => last.push(*s),
                _ => items.push(vec![*s]),
            }
        } else if let Some(last) = items.last_mut() {
            last.push(*s);
        }
    }
    // One item holding the block, its lines after the first as they were.
    let known = if marked == 1 {
        known.with(Known::PASSED | Known::ITEMS)
    } else {
        Known::default()
    };
    for segs in items {
        work.push(Doc {
            segs,
            in_item: true,
            detabbed: false,
            known,
        });
    }
    depth
}

/// A reference definition starting at `segs[0]`: `[label]: dest`, the
/// destination on the same or the next line, then an optional title in
/// quotes or parentheses on the same or the next line, and nothing after.
/// Returns it and how many lines it takes.
fn definition(body: &[u8], segs: &[Seg]) -> Option<(DefDraft, usize)> {
    let first = segs[0];
    let l = first.bytes(body);
    let label = ref_start(l)?;
    let mut line = 0;
    let mut at = label.end + 2;
    let skip = |l: &[u8], at: usize| at + l[at..].iter().take_while(|&&c| c == b' ').count();
    at = skip(l, at);
    let mut cur = l;
    let mut cur_seg = first;
    if at == cur.len() {
        // The destination on the next line.
        let next = segs.get(1).filter(|s| s.kind == Kind::Text)?;
        line = 1;
        cur_seg = *next;
        cur = next.bytes(body);
        at = skip(cur, 0);
    }
    let dest_start = at;
    while at < cur.len() && !cur[at].is_ascii_whitespace() {
        at += 1;
    }
    if at == dest_start {
        return None;
    }
    let (mut ds, mut de) = (dest_start, at);
    while ds < de && cur[ds] == b'<' {
        ds += 1;
    }
    while de > ds && cur[de - 1] == b'>' {
        de -= 1;
    }
    let dest = cur_seg.start + ds..cur_seg.start + de;
    at = skip(cur, at);
    let mut title = None;
    let mut end = cur_seg.end;
    if at < cur.len() {
        title = Some(title_at(cur, at)?).map(|r| cur_seg.start + r.start..cur_seg.start + r.end);
    } else if let Some(next) = segs.get(line + 1).filter(|s| s.kind == Kind::Text) {
        let n = next.bytes(body);
        let t = skip(n, 0);
        if let Some(r) = title_at(n, t) {
            title = Some(next.start + r.start..next.start + r.end);
            line += 1;
            end = next.end;
        }
    }
    Some((
        DefDraft {
            label: first.start + label.start..first.start + label.end,
            dest,
            title,
            start: first.start,
            end,
        },
        line + 1,
    ))
}

/// A title at `at` that runs to the end of the line (trailing spaces
/// allowed): `"..."`, `'...'` or `(...)`; the range inside the marks.
fn title_at(l: &[u8], at: usize) -> Option<Range<usize>> {
    let open = *l.get(at)?;
    let close = match open {
        b'"' | b'\'' => open,
        b'(' => b')',
        _ => return None,
    };
    let end = l.len() - l.iter().rev().take_while(|&&c| c == b' ').count();
    (end > at + 1 && l[end - 1] == close).then_some(at + 1..end - 1)
}
