//! The Markdown body: its headings (with ids), the section tree they imply,
//! and every link, read with `pulldown-cmark`.
//!
//! ```
//! use pagefmt::{BodyOptions, LinkKind, Page, Target};
//!
//! let text = "title: Deployment\n\nIntro.\n\n# Why?\n\nSee [WSGI](/wsgi-servers.html).\n";
//! let page = Page::parse(text);
//! let body = page.outline(&BodyOptions::default());
//! assert_eq!(body.headings[0].text, "Why?");
//! assert_eq!(body.headings[0].id, "why");
//! let link = &body.links[0];
//! assert_eq!((link.kind, &*link.dest), (LinkKind::Inline, "/wsgi-servers.html"));
//! assert_eq!(link.target(), Target::Page { slug: "wsgi-servers", fragment: None, post: false });
//! assert_eq!((link.location.line, link.location.column), (7, 5));
//! assert_eq!(body.sections[link.section].heading, Some(0));
//! ```
//!
//! # What is read, and how
//!
//! [`BodyOptions::dialect`] chooses the Markdown. [`Dialect::PythonMarkdown`]
//! ([`BodyOptions::pelican`]) reads the body as Pelican renders it, with
//! Python-Markdown and its `extra` and `toc` extensions: its block rules
//! (raw HTML blocks kept up to their closing tag, `markdown="1"`, `##Title`
//! headings, 4-space list nesting, attribute lists only after a space), its
//! link destinations (spaces allowed, parentheses counted, a quote starting
//! a title). [`Dialect::CommonMark`] (the default) parses CommonMark with
//! pulldown-cmark and these extensions, each of which [`BodyOptions`] can
//! turn off: tables, footnotes, strikethrough and heading attributes
//! (`# Title {#id}`). Both give the same [`Body`].
//!
//! Every position is a byte [`Span`] into the whole file (the header and a
//! BOM included), with 1-based lines and character columns.
//!
//! **Heading text** is the plain text of the heading: inline markup
//! removed, entities and escapes resolved, the text of code spans and the
//! alt text of images kept, raw HTML tags dropped, each soft or hard line
//! break made one space, and leading and trailing ASCII white space trimmed.
//! Link text is made the same way (not trimmed).
//!
//! **Sections** are stored flat: `sections[0]` is the preamble (the text
//! before the first heading, level 0, no heading, possibly empty) and
//! `sections[i + 1]` belongs to `headings[i]`. A section runs from its
//! heading to the next heading of the same or a higher level (a smaller
//! number); its children are the sections of the headings below it. Headings
//! go 6 levels deep, so the tree is at most 6 deep.
//!
//! **Links** are reported in source order: Markdown links and images
//! (inline, reference, collapsed, shortcut), autolinks, and `<a href>` and
//! `<img src>` in raw HTML (not inside HTML comments, `<script>`, `<style>`
//! or `<textarea>`; an unclosed comment goes on into later raw HTML, as
//! in a browser, though Markdown links in between are still reported).
//! Text in code spans and code blocks is never a link. A bracketed text that
//! could be a reference but has no definition (`[like this]`) is a
//! [`BrokenReference`], not a link.

mod active;
mod host;
mod html;
mod links;
mod locate;
mod pymd;
mod rewrite;
mod sections;
mod shared;
mod slug;
mod tree;

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, RefDefs, Tag, TagEnd};

use crate::page::Page;
use crate::span::{Location, Span};

pub use active::{ActiveHtml, ActiveKind};
pub use host::host;
pub use links::{classify, DangerousScheme, Target};
pub use rewrite::Rewritten;
pub use shared::{Children, HeadingId};
pub use slug::{github_slug, python_markdown_slug, SlugDialect};
pub use tree::HeadingNode;

use html::{FoundTag, ScanState, TagKind};

/// Which Markdown a body is read as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum Dialect {
    /// As Pelican renders it: Python-Markdown with its `extra` extensions
    /// (attribute lists, fenced code, footnotes, tables, definition lists,
    /// Markdown in HTML) and `toc` ids. The other options (tables,
    /// footnotes, strikethrough, heading attributes) do not apply.
    PythonMarkdown,
    /// CommonMark (pulldown-cmark), with the extensions the other options
    /// turn on.
    #[default]
    CommonMark,
}

impl std::str::FromStr for Dialect {
    type Err = String;

    /// `pymd` (or `python-markdown`) and `commonmark`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pymd" | "python-markdown" => Ok(Dialect::PythonMarkdown),
            "commonmark" => Ok(Dialect::CommonMark),
            _ => Err(format!(
                "unknown dialect '{s}' (expected 'pymd' or 'commonmark')"
            )),
        }
    }
}

/// How to read a body. The default reads CommonMark with tables,
/// footnotes, strikethrough and heading attributes, and makes ids the way
/// Python-Markdown does; [`BodyOptions::pelican`] reads it as Pelican
/// renders it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct BodyOptions {
    /// How heading ids are made.
    pub slugs: SlugDialect,
    /// GitHub-style tables.
    pub tables: bool,
    /// Footnotes: `[^1]` is a footnote reference, not a link.
    pub footnotes: bool,
    /// `~~strikethrough~~`.
    pub strikethrough: bool,
    /// `# Heading {#id .class}` sets the heading's id.
    pub heading_attributes: bool,
    /// Which Markdown the body is read as.
    pub dialect: Dialect,
}

impl Default for BodyOptions {
    fn default() -> Self {
        BodyOptions {
            slugs: SlugDialect::PythonMarkdown,
            tables: true,
            footnotes: true,
            strikethrough: true,
            heading_attributes: true,
            dialect: Dialect::CommonMark,
        }
    }
}

impl BodyOptions {
    /// The default options with another slug dialect.
    #[must_use]
    pub fn with_slugs(mut self, slugs: SlugDialect) -> Self {
        self.slugs = slugs;
        self
    }

    /// The body as Pelican renders it: the Python-Markdown dialect.
    #[must_use]
    pub fn pelican() -> Self {
        BodyOptions::default().with_dialect(Dialect::PythonMarkdown)
    }

    /// These options with another dialect.
    #[must_use]
    pub fn with_dialect(mut self, dialect: Dialect) -> Self {
        self.dialect = dialect;
        self
    }

    /// Only CommonMark: every extension off.
    #[must_use]
    pub fn commonmark() -> Self {
        BodyOptions {
            slugs: SlugDialect::PythonMarkdown,
            tables: false,
            footnotes: false,
            strikethrough: false,
            heading_attributes: false,
            dialect: Dialect::CommonMark,
        }
    }

    fn pulldown(&self) -> Options {
        let mut o = Options::empty();
        o.set(Options::ENABLE_TABLES, self.tables);
        o.set(Options::ENABLE_FOOTNOTES, self.footnotes);
        o.set(Options::ENABLE_STRIKETHROUGH, self.strikethrough);
        o.set(Options::ENABLE_HEADING_ATTRIBUTES, self.heading_attributes);
        o
    }
}

/// The outline of a body: headings, sections, links, reference
/// definitions and broken references. Borrows the file's text.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Body<'a> {
    /// Every ATX and setext heading, in order.
    pub headings: Vec<Heading<'a>>,
    /// The preamble, then one section per heading (see the module docs).
    pub sections: Vec<Section>,
    /// Every link, in source order.
    pub links: Vec<Link<'a>>,
    /// The link reference definitions, in source order (a repeated label's
    /// later definitions are ignored by Markdown and not listed).
    pub definitions: Vec<Definition<'a>>,
    /// References with no definition, in source order.
    pub broken_references: Vec<BrokenReference<'a>>,
    /// Raw HTML that runs script or loads a URL besides the links
    /// (`<script>`, `onclick=`, `<iframe src>` ...), in source order.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub active: Vec<ActiveHtml<'a>>,
    #[cfg_attr(feature = "serde", serde(skip))]
    text: &'a str,
}

/// A heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading<'a> {
    /// 1 to 6.
    pub level: u8,
    /// The plain text (see the module docs).
    pub text: Cow<'a, str>,
    /// Its id: the explicit `{#id}`, or a slug of the text made unique in
    /// the page.
    pub id: HeadingId,
    /// Whether the id was written as `{#id}`.
    pub explicit_id: bool,
    /// The heading's lines, without the final line ending (for a setext
    /// heading, the underline included).
    pub span: Span,
    /// Where the heading starts.
    pub location: Location,
}

/// A section of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Index into [`Body::headings`]; `None` for the preamble.
    pub heading: Option<usize>,
    /// The heading's level; 0 for the preamble.
    pub level: u8,
    /// The whole section, heading included.
    pub span: Span,
    /// The section after its heading line(s).
    pub content: Span,
    /// The enclosing section, if any (the preamble and top-level sections
    /// have none).
    pub parent: Option<usize>,
    /// Indices of the sections directly below it, in order.
    pub children: Children,
}

/// What kind of link a [`Link`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum LinkKind {
    /// `[text](dest)`.
    Inline,
    /// `[text][label]`.
    Reference,
    /// `[label][]`.
    Collapsed,
    /// `[label]`.
    Shortcut,
    /// `<https://...>`.
    Autolink,
    /// `<name@example.com>` (its destination is `mailto:name@example.com`).
    Email,
    /// An image, `![alt](src)` or by reference.
    Image,
    /// `<a href="...">` in raw HTML.
    Html,
    /// `<img src="...">` in raw HTML.
    HtmlImg,
}

/// A link, image or raw-HTML `href`/`src`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link<'a> {
    /// What kind of link it is.
    pub kind: LinkKind,
    /// The destination as Markdown (or HTML) resolves it: escapes and
    /// entities decoded, not percent-encoded.
    pub dest: Cow<'a, str>,
    /// The destination's bytes as written (for reference links, in the
    /// definition; for `<...>` destinations, inside the brackets). `None`
    /// when they could not be located exactly.
    pub raw_dest: Option<&'a str>,
    /// Where [`Link::raw_dest`] is.
    pub dest_span: Option<Span>,
    /// The title, if any and not empty.
    pub title: Option<Cow<'a, str>>,
    /// The plain link text: for images the alt text, for `<a>` the text up
    /// to `</a>`, for `<img>` its `alt`.
    pub text: Cow<'a, str>,
    /// The whole link (for raw HTML, the tag).
    pub span: Span,
    /// Where the link starts.
    pub location: Location,
    /// Index into [`Body::sections`] of the section it is in.
    pub section: usize,
    /// For reference-style links and images, index into
    /// [`Body::definitions`].
    pub definition: Option<usize>,
    in_table: bool,
}

impl Link<'_> {
    /// What the destination points at.
    #[must_use]
    pub fn target(&self) -> Target<'_> {
        classify(&self.dest)
    }
}

/// A link reference definition, `[label]: dest "title"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition<'a> {
    /// The label as written.
    pub label: Cow<'a, str>,
    /// The resolved destination.
    pub dest: Cow<'a, str>,
    /// The destination as written (inside `<...>` if bracketed).
    pub raw_dest: Option<&'a str>,
    /// Where [`Definition::raw_dest`] is.
    pub dest_span: Option<Span>,
    /// The title, if any.
    pub title: Option<Cow<'a, str>>,
    /// The whole definition.
    pub span: Span,
    /// Where it starts.
    pub location: Location,
    /// Whether some link or image uses it.
    pub used: bool,
}

/// A reference (`[text][label]`, `[label][]` or `[label]`) whose label has
/// no definition. Plain bracketed text such as `[1]` shows up here too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenReference<'a> {
    /// The label, as Markdown normalizes it (white space runs made one
    /// space).
    pub label: Cow<'a, str>,
    /// [`LinkKind::Reference`], [`LinkKind::Collapsed`] or
    /// [`LinkKind::Shortcut`].
    pub kind: LinkKind,
    /// Whether it is an image (`![...]`).
    pub image: bool,
    /// The brackets and what is between them.
    pub span: Span,
    /// Where it starts.
    pub location: Location,
}

impl<'a> Body<'a> {
    /// The text of the whole file the body belongs to.
    #[must_use]
    pub fn file_text(&self) -> &'a str {
        self.text
    }

    /// The index of the first section whose heading's text is exactly
    /// `heading_text`.
    #[must_use]
    pub fn find_section(&self, heading_text: &str) -> Option<usize> {
        let h = self.headings.iter().position(|h| h.text == heading_text)?;
        Some(h + 1)
    }

    /// The text of section `index`, its heading included.
    #[must_use]
    pub fn section_text(&self, index: usize) -> Option<&'a str> {
        let s = self.sections.get(index)?;
        self.text.get(s.span.range())
    }

    /// The text of section `index` after its heading: its content and its
    /// subsections.
    #[must_use]
    pub fn section_content(&self, index: usize) -> Option<&'a str> {
        let s = self.sections.get(index)?;
        self.text.get(s.content.range())
    }
}

impl<'a> Page<'a> {
    /// Reads the body: headings, sections, links. See [`parse_body`].
    #[must_use]
    pub fn outline(&self, options: &BodyOptions) -> Body<'_> {
        parse_body(self.text(), self.body_offset(), options)
    }
}

/// Reads the body of `text` (the whole file) that starts at byte
/// `body_offset`. Every span in the result is an offset into `text`.
///
/// An offset past the end or inside a character is moved back to the
/// previous character boundary; a BOM at offset 0 is skipped.
#[must_use]
pub fn parse_body<'a>(text: &'a str, body_offset: usize, options: &BodyOptions) -> Body<'a> {
    let mut base = body_offset.min(text.len());
    while !text.is_char_boundary(base) {
        base -= 1;
    }
    if base == 0 && text.starts_with('\u{feff}') {
        base = 3;
    }
    if options.dialect == Dialect::PythonMarkdown {
        let mut read = pymd::read(text, base);
        read.active.sort_by_key(|a| a.span.start);
        active::locate_all(text, &mut read.active);
        let mut body = assemble(text, base, options, read);
        set_locations(&mut body);
        let starts: Vec<usize> = body.headings.iter().map(|h| h.span.start).collect();
        for l in &mut body.links {
            l.section = starts.partition_point(|&s| s <= l.span.start);
        }
        return body;
    }
    let body = &text[base..];
    let mut broken: Vec<(Range<usize>, LinkType, CowStr<'a>)> = Vec::new();
    let mut walk = Walk::new(text, base);
    {
        let mut callback = |b: BrokenLink<'a>| {
            broken.push((b.span, b.link_type, b.reference));
            None
        };
        let mut events =
            Parser::new_with_broken_link_callback(body, options.pulldown(), Some(&mut callback))
                .into_offset_iter();
        walk.definitions(events.reference_definitions());
        // Each event is looked at where the iterator returned it: moving
        // it out first copied ~100 bytes per event just after they were
        // written (a store-forwarding stall in profiles).
        loop {
            let item = events.next();
            let Some((event, range)) = &item else {
                break;
            };
            walk.event(event, range.clone(), events.reference_definitions());
        }
    }
    let Walk {
        drafts,
        links,
        definitions,
        sweep,
        mut active,
        ..
    } = walk;
    active::locate_all(text, &mut active);

    let broken_references = broken
        .into_iter()
        .map(|(span, link_type, label)| {
            let mut span = Span::from(span).shift(base);
            // pulldown-cmark's span of `[label][]` stops before the `[]`.
            if matches!(link_type, LinkType::Collapsed | LinkType::CollapsedUnknown)
                && text
                    .get(span.end..)
                    .is_some_and(|rest| rest.starts_with("[]"))
            {
                span.end += 2;
            }
            BrokenReference {
                label: cow(label),
                kind: match link_type {
                    LinkType::Reference | LinkType::ReferenceUnknown => LinkKind::Reference,
                    LinkType::Collapsed | LinkType::CollapsedUnknown => LinkKind::Collapsed,
                    _ => LinkKind::Shortcut,
                },
                image: text.as_bytes().get(span.start) == Some(&b'!'),
                location: Location::default(),
                span,
            }
        })
        .collect();
    let found = Reading {
        drafts,
        links,
        definitions,
        broken: broken_references,
        active,
    };
    let mut body = assemble(text, base, options, found);
    locate_the_rest(&mut body, sweep);
    body
}

/// What a dialect's reading of a body finds, before ids, sections and
/// locations are added.
struct Reading<'a> {
    drafts: Vec<Draft<'a>>,
    links: Vec<Link<'a>>,
    definitions: Vec<Definition<'a>>,
    broken: Vec<BrokenReference<'a>>,
    active: Vec<ActiveHtml<'a>>,
}

/// The body from what a dialect's reading found: ids made, sections built
/// (locations are left to the caller).
fn assemble<'a>(text: &'a str, base: usize, options: &BodyOptions, found: Reading<'a>) -> Body<'a> {
    let Reading {
        drafts,
        links,
        definitions,
        broken: broken_references,
        active,
    } = found;
    let texts: Vec<&str> = drafts.iter().map(|d| &*d.text).collect();
    let explicit: Vec<Option<&str>> = drafts.iter().map(|d| d.id.as_deref()).collect();
    let ids = slug::assign_ids(options.slugs, &texts, &explicit);
    let headings: Vec<Heading<'a>> = drafts
        .into_iter()
        .zip(ids)
        .map(|(d, id)| Heading {
            level: d.level,
            explicit_id: d.id.is_some(),
            text: d.text,
            id,
            location: d.location,
            span: d.span,
        })
        .collect();
    let sections = sections::build(
        headings.iter().map(|h| (h.level, h.span.start)),
        &walk_content_starts(&headings, text),
        Span::new(base, text.len()),
    );
    Body {
        headings,
        sections,
        links,
        definitions,
        broken_references,
        active,
        text,
    }
}

/// Fills in the locations of the definitions and broken references.
/// Headings and links were located during the walk, in source order, while
/// their text was fresh in the cache; these are located after, each
/// counting on from the nearest heading or link before it (any located
/// offset is a place to resume from), so no text is counted twice.
fn locate_the_rest(body: &mut Body<'_>, mut sweep: locate::Sweep<'_>) {
    let Body {
        headings,
        links,
        definitions,
        broken_references,
        ..
    } = body;
    let mut defs = definitions
        .iter_mut()
        .map(|d| (d.span.start, &mut d.location));
    let mut broken = broken_references
        .iter_mut()
        .map(|b| (b.span.start, &mut b.location));
    let (mut def, mut bro) = (defs.next(), broken.next());
    // How many headings and links start at or before the last offset.
    let (mut hs, mut ls, mut last) = (0, 0, 0);
    loop {
        // The earlier of the two lists' next items.
        let (offset, slot) = match (def.take(), bro.take()) {
            (Some(d), Some(b)) if b.0 < d.0 => {
                def = Some(d);
                bro = broken.next();
                b
            }
            (Some(d), b) => {
                bro = b;
                def = defs.next();
                d
            }
            (None, Some(b)) => {
                bro = broken.next();
                b
            }
            (None, None) => break,
        };
        // The latest heading or link at or before `offset` (both lists are
        // in source order; any located offset at or before it will do):
        // the offsets come in order, so the counts of those before only
        // grow, but for an item out of order.
        if offset < last {
            hs = headings.partition_point(|h| h.span.start <= offset);
            ls = links.partition_point(|l| l.span.start <= offset);
        }
        last = offset;
        while headings.get(hs).is_some_and(|h| h.span.start <= offset) {
            hs += 1;
        }
        while links.get(ls).is_some_and(|l| l.span.start <= offset) {
            ls += 1;
        }
        let heading = (hs.checked_sub(1)).map(|i| (headings[i].span.start, headings[i].location));
        let link = (ls.checked_sub(1)).map(|i| (links[i].span.start, links[i].location));
        let resume = heading
            .into_iter()
            .chain(link)
            .filter(|&(start, _)| start <= offset)
            .max_by_key(|&(start, _)| start);
        if let Some((start, location)) = resume {
            if start > sweep.pos() || offset < sweep.pos() {
                sweep.resume(start, location);
            }
        }
        *slot = sweep.locate(offset);
    }
}

/// Fills in the location of everything by sorting all offsets and sweeping
/// them once: the plain way (the tests compare the walk's with it).
fn set_locations(body: &mut Body<'_>) {
    let offsets: Vec<usize> = (body.headings.iter().map(|h| h.span.start))
        .chain(body.links.iter().map(|l| l.span.start))
        .chain(body.definitions.iter().map(|d| d.span.start))
        .chain(body.broken_references.iter().map(|b| b.span.start))
        .collect();
    let mut locations = locate::locate_all(body.text, &offsets).into_iter();
    let slots = (body.headings.iter_mut().map(|h| &mut h.location))
        .chain(body.links.iter_mut().map(|l| &mut l.location))
        .chain(body.definitions.iter_mut().map(|d| &mut d.location))
        .chain(body.broken_references.iter_mut().map(|b| &mut b.location));
    for (slot, location) in slots.zip(&mut locations) {
        *slot = location;
    }
}

/// Where each heading's content starts: after the line ending that ends
/// the heading.
fn walk_content_starts(headings: &[Heading<'_>], text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    headings
        .iter()
        .map(|h| match b.get(h.span.end) {
            Some(b'\r') if b.get(h.span.end + 1) == Some(&b'\n') => h.span.end + 2,
            Some(b'\r' | b'\n') => h.span.end + 1,
            _ => h.span.end,
        })
        .collect()
}

fn cow(s: CowStr<'_>) -> Cow<'_, str> {
    match s {
        CowStr::Borrowed(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.into_string()),
    }
}

/// [`cow`] of a borrowed `CowStr`: a copy only when it is not borrowed.
fn cow_ref<'a>(s: &CowStr<'a>) -> Cow<'a, str> {
    match s {
        CowStr::Borrowed(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

/// A heading before its id is made.
struct Draft<'a> {
    level: u8,
    text: Cow<'a, str>,
    id: Option<Cow<'a, str>>,
    span: Span,
    location: Location,
}

/// Plain text being gathered for an open heading or link: where it starts
/// in the shared buffer, how many pieces it has, and, while its pieces are
/// borrowed and follow each other in the body, the text they make (then
/// returned without copying).
#[derive(Clone, Copy)]
struct Capture<'a> {
    start: usize,
    pieces: usize,
    borrowed: Option<&'a str>,
}

struct OpenHeading<'a> {
    level: u8,
    start: usize,
    location: Location,
    id: Option<CowStr<'a>>,
    capture: Capture<'a>,
}

struct OpenLink<'a> {
    index: usize,
    link_type: LinkType,
    id: CowStr<'a>,
    text_end: usize,
    /// Where the destination is in the body, when pulldown-cmark borrowed
    /// it from there.
    dest_range: Option<Range<usize>>,
    capture: Capture<'a>,
}

/// The walk over the events of one body.
struct Walk<'a> {
    text: &'a str,
    base: usize,
    drafts: Vec<Draft<'a>>,
    links: Vec<Link<'a>>,
    definitions: Vec<Definition<'a>>,
    /// Body-relative start of each definition, for look-ups.
    def_starts: Vec<usize>,
    buf: String,
    heading: Option<OpenHeading<'a>>,
    open: Vec<OpenLink<'a>>,
    /// An inline `<a href>` whose text is still being gathered.
    html_anchor: Option<(usize, Capture<'a>)>,
    html_state: ScanState,
    /// The pieces of the current HTML block (body-relative ranges).
    html_block: Vec<Range<usize>>,
    in_html_block: bool,
    html_buf: String,
    found: Vec<FoundTag>,
    active: Vec<ActiveHtml<'a>>,
    table_depth: usize,
    section: usize,
    /// Locates headings and links as they come, in source order.
    sweep: locate::Sweep<'a>,
}

impl<'a> Walk<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        Walk {
            text,
            base,
            drafts: Vec::new(),
            links: Vec::new(),
            definitions: Vec::new(),
            def_starts: Vec::new(),
            buf: String::new(),
            heading: None,
            open: Vec::new(),
            html_anchor: None,
            html_state: ScanState::Data,
            html_block: Vec::new(),
            in_html_block: false,
            html_buf: String::new(),
            found: Vec::new(),
            active: Vec::new(),
            table_depth: 0,
            section: 0,
            sweep: locate::Sweep::new(text),
        }
    }

    /// The location of body offset `at`. Offsets come in source order; one
    /// that does not (none is known to) resumes from the latest link before
    /// it rather than from the top.
    fn locate(&mut self, at: usize) -> Location {
        let at = at + self.base;
        if at < self.sweep.pos() {
            let before = self.links.partition_point(|l| l.span.start <= at);
            if let Some(l) = before.checked_sub(1).map(|i| &self.links[i]) {
                if l.span.start <= at {
                    self.sweep.resume(l.span.start, l.location);
                }
            }
        }
        self.sweep.locate(at)
    }

    fn body(&self) -> &'a str {
        &self.text[self.base..]
    }

    fn span(&self, r: &Range<usize>) -> Span {
        Span::new(r.start + self.base, r.end + self.base)
    }

    fn definitions(&mut self, defs: &RefDefs<'_>) {
        let body = self.body();
        // pulldown-cmark keeps them by label: put them in source order
        // first, sorting small pairs rather than whole definitions.
        let mut order: Vec<_> = defs
            .iter()
            .map(|(label, def)| (def.span.start, label, def))
            .collect();
        order.sort_unstable_by_key(|&(start, ..)| start);
        self.def_starts = order.iter().map(|&(start, ..)| start).collect();
        self.definitions = order
            .into_iter()
            .map(|(_, label, def)| {
                let parts = links::definition_parts(body, def.span.clone(), &def.dest);
                let span = self.span(&def.span);
                let (label, dest, raw_dest, dest_span) = match parts {
                    // `definition_parts` found the destination that
                    // reads as pulldown-cmark's: its reading, borrowed
                    // from the body where it is a slice of it.
                    Some((l, d)) => (
                        Cow::Borrowed(&body[l]),
                        rebind(body, cow_ref(&def.dest)),
                        Some(&body[d.clone()]),
                        Some(self.span(&d)),
                    ),
                    None => (
                        Cow::Owned(label.to_owned()),
                        Cow::Owned(def.dest.to_string()),
                        None,
                        None,
                    ),
                };
                // Borrowed from the body unless escapes were resolved.
                let title = (def.title.as_ref())
                    .filter(|t| !t.is_empty())
                    .map(|t| rebind(body, cow_ref(t)));
                Definition {
                    label,
                    dest,
                    raw_dest,
                    dest_span,
                    title,
                    span,
                    location: Location::default(),
                    used: false,
                }
            })
            .collect();
    }

    fn capturing(&self) -> bool {
        self.heading.is_some() || !self.open.is_empty() || self.html_anchor.is_some()
    }

    fn new_capture(&self) -> Capture<'a> {
        Capture {
            start: self.buf.len(),
            pieces: 0,
            borrowed: None,
        }
    }

    /// Adds a piece of plain text to every open capture.
    fn push_text(&mut self, piece: &str, borrowed: Option<&'a str>) {
        if !self.capturing() || piece.is_empty() {
            return;
        }
        self.buf.push_str(piece);
        let body = self.body();
        let add = |c: &mut Capture<'a>| {
            c.pieces += 1;
            c.borrowed = if c.pieces == 1 {
                borrowed
            } else {
                c.borrowed.zip(borrowed).and_then(|(a, b)| join(body, a, b))
            };
        };
        if let Some(h) = &mut self.heading {
            add(&mut h.capture);
        }
        for l in &mut self.open {
            add(&mut l.capture);
        }
        if let Some((_, c)) = &mut self.html_anchor {
            add(c);
        }
    }

    fn take_text(&mut self, c: Capture<'a>) -> Cow<'a, str> {
        let out = match (c.pieces, c.borrowed) {
            (0, _) => Cow::Borrowed(""),
            (_, Some(s)) => Cow::Borrowed(s),
            _ => Cow::Owned(self.buf.get(c.start..).unwrap_or_default().to_owned()),
        };
        if !self.capturing() {
            self.buf.clear();
        }
        out
    }

    fn event(&mut self, event: &Event<'a>, r: Range<usize>, defs: &RefDefs<'_>) {
        if !matches!(event, Event::End(TagEnd::Link | TagEnd::Image)) {
            for l in &mut self.open {
                l.text_end = l.text_end.max(r.end);
            }
        }
        match event {
            Event::Text(t) | Event::Code(t) => {
                let borrowed = match t {
                    CowStr::Borrowed(s) => Some(*s),
                    _ => None,
                };
                self.push_text(t, borrowed);
            }
            Event::SoftBreak | Event::HardBreak => self.push_text(" ", Some(" ")),
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.close_html_anchor();
                self.heading = Some(OpenHeading {
                    level: *level as u8,
                    start: r.start,
                    location: self.locate(r.start),
                    id: id.clone(),
                    capture: self.new_capture(),
                });
                self.section = self.drafts.len() + 1;
            }
            Event::End(TagEnd::Heading(_)) => {
                self.close_html_anchor();
                if let Some(h) = self.heading.take() {
                    let text = self.take_text(h.capture);
                    let text = match text {
                        Cow::Borrowed(s) => Cow::Borrowed(s.trim_ascii()),
                        Cow::Owned(s) if s.trim_ascii().len() != s.len() => {
                            Cow::Owned(s.trim_ascii().to_owned())
                        }
                        owned => owned,
                    };
                    let end = trim_line_end(self.body(), h.start, r.end);
                    self.drafts.push(Draft {
                        level: h.level,
                        text,
                        id: h.id.map(cow),
                        span: self.span(&(h.start..end)),
                        location: h.location,
                    });
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_link(false, *link_type, dest_url, title, id, &r),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_link(true, *link_type, dest_url, title, id, &r),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(open) = self.open.pop() {
                    self.finish_link(open, &r, defs);
                }
                for l in &mut self.open {
                    l.text_end = l.text_end.max(r.end);
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                self.in_html_block = true;
                self.html_block.clear();
            }
            Event::End(TagEnd::HtmlBlock) => {
                self.in_html_block = false;
                self.scan_html_block();
            }
            Event::Html(t) => {
                if self.in_html_block {
                    self.html_block.push(r);
                } else {
                    self.scan_html_piece(t, r, false);
                }
            }
            Event::InlineHtml(t) => self.scan_html_piece(t, r, true),
            Event::Start(Tag::Table(_)) => self.table_depth += 1,
            Event::End(TagEnd::Table) => self.table_depth = self.table_depth.saturating_sub(1),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::TableCell
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => self.close_html_anchor(),
            _ => {}
        }
    }

    fn start_link(
        &mut self,
        image: bool,
        link_type: LinkType,
        dest_url: &CowStr<'a>,
        title: &CowStr<'a>,
        id: &CowStr<'a>,
        r: &Range<usize>,
    ) {
        let kind = match link_type {
            _ if image => LinkKind::Image,
            LinkType::Inline => LinkKind::Inline,
            LinkType::Reference | LinkType::ReferenceUnknown => LinkKind::Reference,
            LinkType::Collapsed | LinkType::CollapsedUnknown => LinkKind::Collapsed,
            LinkType::Shortcut | LinkType::ShortcutUnknown | LinkType::WikiLink { .. } => {
                LinkKind::Shortcut
            }
            LinkType::Autolink => LinkKind::Autolink,
            LinkType::Email => LinkKind::Email,
        };
        // A borrowed destination is a slice of the body: its place is known.
        let dest_range = match dest_url {
            CowStr::Borrowed(d) => source_range(self.body(), d),
            _ => None,
        };
        let dest = if kind == LinkKind::Email {
            Cow::Owned(format!("mailto:{dest_url}"))
        } else {
            cow_ref(dest_url)
        };
        let span = self.span(r);
        let location = self.locate(r.start);
        self.links.push(Link {
            kind,
            dest,
            raw_dest: None,
            dest_span: None,
            title: (!title.is_empty()).then(|| cow_ref(title)),
            text: Cow::Borrowed(""),
            span,
            location,
            section: self.section,
            definition: None,
            in_table: self.table_depth > 0,
        });
        let text_start = r.start + if image { 2 } else { 1 };
        self.open.push(OpenLink {
            index: self.links.len() - 1,
            link_type,
            id: id.clone(),
            text_end: text_start,
            dest_range,
            capture: self.new_capture(),
        });
    }

    fn finish_link(&mut self, open: OpenLink<'a>, r: &Range<usize>, defs: &RefDefs<'_>) {
        let text = self.take_text(open.capture);
        let body = self.body();
        let base = self.base;
        let Some(link) = self.links.get_mut(open.index) else {
            return;
        };
        link.text = text;
        let known = open.dest_range.clone();
        let dest_range = match open.link_type {
            LinkType::Inline => known
                .filter(|d| r.start <= d.start && d.end <= r.end)
                .or_else(|| {
                    links::inline_dest(body, r.clone(), open.text_end, &link.dest, link.in_table)
                }),
            LinkType::Autolink | LinkType::Email => {
                let inner = r.start + 1..r.end.saturating_sub(1);
                let ok = body.as_bytes().get(r.start) == Some(&b'<')
                    && r.end > r.start + 1
                    && body.as_bytes().get(r.end - 1) == Some(&b'>');
                ok.then_some(inner)
            }
            _ => {
                // The definition holding the borrowed destination, or the
                // one its label names.
                let holding = known.and_then(|d| {
                    let i = self
                        .def_starts
                        .partition_point(|&s| s <= d.start)
                        .checked_sub(1)?;
                    let span = self.definitions.get(i)?.span;
                    span.contains(Span::new(d.start + base, d.end + base))
                        .then_some(i)
                });
                let def = holding.or_else(|| {
                    defs.get(&open.id)
                        .and_then(|d| self.def_starts.binary_search(&d.span.start).ok())
                });
                link.definition = def;
                def.and_then(|d| {
                    let def = self.definitions.get_mut(d)?;
                    def.used = true;
                    let s = def.dest_span?;
                    Some(s.start - base..s.end - base)
                })
            }
        };
        if let Some(d) = dest_range {
            if let Some(raw) = body.get(d.clone()) {
                link.raw_dest = Some(raw);
                link.dest_span = Some(Span::new(d.start + base, d.end + base));
            }
        }
    }

    fn close_html_anchor(&mut self) {
        if let Some((index, capture)) = self.html_anchor.take() {
            let text = self.take_text(capture);
            if let Some(link) = self.links.get_mut(index) {
                link.text = match text {
                    Cow::Borrowed(t) => html::collapse_spaces(t),
                    Cow::Owned(t) => Cow::Owned(html::collapse_spaces(&t).into_owned()),
                };
            }
        }
    }

    /// Scans the pieces of the HTML block just ended, as one text.
    fn scan_html_block(&mut self) {
        let pieces = std::mem::take(&mut self.html_block);
        let contiguous = pieces.windows(2).all(|w| w[0].end == w[1].start);
        if let (true, Some(first), Some(last)) = (contiguous, pieces.first(), pieces.last()) {
            let range = first.start..last.end;
            let body = self.body();
            if let Some(s) = body.get(range.clone()) {
                self.scan_html(s, &|p| Some(p + range.start), range.start, false);
            }
        } else if !pieces.is_empty() {
            // Inside a container: join the pieces, mapping positions back.
            let body = self.body();
            let mut buf = std::mem::take(&mut self.html_buf);
            buf.clear();
            let mut map: Vec<(usize, usize)> = Vec::with_capacity(pieces.len());
            for p in &pieces {
                map.push((buf.len(), p.start));
                buf.push_str(body.get(p.clone()).unwrap_or_default());
            }
            let total = buf.len();
            let locate = move |pos: usize| -> Option<usize> {
                let i = map.partition_point(|&(b, _)| b <= pos).checked_sub(1)?;
                let (b, s) = map[i];
                let next = map.get(i + 1).map_or(total, |&(nb, _)| nb);
                (pos <= next).then_some(s + (pos - b))
            };
            let fallback = pieces[0].start;
            self.scan_html(&buf, &locate, fallback, false);
            self.html_buf = buf;
        }
        self.html_block = pieces;
        self.html_block.clear();
    }

    /// Scans one inline HTML event (or a stray HTML event).
    fn scan_html_piece(&mut self, t: &str, r: Range<usize>, inline: bool) {
        let body = self.body();
        if body.get(r.clone()) == Some(t) {
            let start = r.start;
            self.scan_html(t, &|p| Some(p + start), start, inline);
        } else {
            // The event's text lacks what containers put at line starts:
            // align it with the source (values are checked against the
            // source before use).
            let owned = t.to_owned();
            let src = body.get(r.clone()).unwrap_or_default();
            let map = align(owned.as_bytes(), src.as_bytes());
            let start = r.start;
            self.scan_html(
                &owned,
                &|p| map.as_ref().and_then(|m| m.get(p)).map(|q| q + start),
                start,
                inline,
            );
        }
    }

    /// Finds `<a href>` and `<img src>` in `s`; `locate` maps a position in
    /// `s` to a body offset, when it can.
    fn scan_html(
        &mut self,
        s: &str,
        locate: &dyn Fn(usize) -> Option<usize>,
        fallback: usize,
        inline: bool,
    ) {
        let body = self.body();
        let mut found = std::mem::take(&mut self.found);
        found.clear();
        let mut active = Vec::new();
        html::scan_all(
            s,
            &mut self.html_state,
            |t| found.push(t),
            |a| active.push(a),
        );
        for a in &active {
            let start = locate(a.tag.start).unwrap_or(fallback);
            let end = locate(a.tag.end).unwrap_or(start).max(start);
            let span = self.span(&(start..end));
            self.active.push(ActiveHtml::found(s, a, span, body));
        }
        let mut pending_a: Option<(usize, usize)> = None;
        for tag in found.drain(..) {
            match tag.kind {
                TagKind::CloseA => {
                    if let Some((index, from)) = pending_a.take() {
                        let inner = s.get(from..tag.tag.start).unwrap_or_default();
                        if let Some(link) = self.links.get_mut(index) {
                            link.text = rebind(body, html::html_text(inner));
                        }
                    } else if inline {
                        self.close_html_anchor();
                    }
                }
                TagKind::A | TagKind::Img => {
                    let Some(value) = tag.value.clone() else {
                        continue;
                    };
                    let raw = s.get(value.clone()).unwrap_or_default();
                    let dest = html::decode_attribute(raw);
                    let start = locate(tag.tag.start).unwrap_or(fallback);
                    let end = locate(tag.tag.end).unwrap_or(start).max(start);
                    // An empty value is placed right after the byte before
                    // it: where pieces of the text were joined, its own
                    // position could map past what lay between them.
                    let value_start = match value.start.checked_sub(1) {
                        Some(before) if value.is_empty() => locate(before).map(|q| q + 1),
                        _ => locate(value.start),
                    };
                    let value_end = if value.is_empty() {
                        value_start
                    } else {
                        locate(value.end)
                    };
                    // CommonMark counts U+000B as white space and HTML does
                    // not: an unquoted value holding one may be raw HTML to
                    // Markdown only as written, so it is not offered for
                    // rewriting.
                    let quoted = value
                        .start
                        .checked_sub(1)
                        .and_then(|i| s.as_bytes().get(i))
                        .is_some_and(|q| matches!(q, b'"' | b'\''));
                    let value_start = if !quoted && raw.contains('\u{b}') {
                        None
                    } else {
                        value_start
                    };
                    let src = match (value_start, value_end) {
                        (Some(a), Some(b)) if b >= a => self
                            .body()
                            .get(a..b)
                            .filter(|src| *src == raw)
                            .map(|src| (a..b, src)),
                        _ => None,
                    };
                    let label = tag
                        .label
                        .as_ref()
                        .and_then(|l| s.get(l.clone()))
                        .map(html::decode_attribute);
                    let (title, text) = match tag.kind {
                        TagKind::Img => (None, label.unwrap_or_default()),
                        _ => (label, Cow::Borrowed("")),
                    };
                    let span = self.span(&(start..end));
                    let location = self.locate(start);
                    self.links.push(Link {
                        kind: if tag.kind == TagKind::A {
                            LinkKind::Html
                        } else {
                            LinkKind::HtmlImg
                        },
                        dest: rebind(body, dest),
                        raw_dest: src.as_ref().map(|x| x.1),
                        dest_span: src.as_ref().map(|x| self.span(&x.0)),
                        title: title.filter(|t| !t.is_empty()).map(|t| rebind(body, t)),
                        text: rebind(body, text),
                        span,
                        location,
                        section: self.section,
                        definition: None,
                        in_table: self.table_depth > 0,
                    });
                    if tag.kind == TagKind::A {
                        pending_a = Some((self.links.len() - 1, tag.tag.end));
                    }
                }
            }
        }
        self.found = found;
        if let (Some((index, _)), true) = (pending_a, inline) {
            self.close_html_anchor();
            self.html_anchor = Some((index, self.new_capture()));
        }
    }
}

/// `c` with the body's lifetime: borrowed from the body when it is a slice
/// of it, owned otherwise.
fn rebind<'a>(body: &'a str, c: Cow<'_, str>) -> Cow<'a, str> {
    match c {
        Cow::Borrowed(t) => match source_range(body, t) {
            Some(r) => Cow::Borrowed(&body[r]),
            None => Cow::Owned(t.to_owned()),
        },
        Cow::Owned(t) => Cow::Owned(t),
    }
}

/// Where `s` lies in `body`, if it is a (non-empty) slice of it: a
/// borrowed string from pulldown-cmark is either a slice of its input or a
/// constant, and distinct objects do not overlap.
fn source_range(body: &str, s: &str) -> Option<Range<usize>> {
    if s.is_empty() {
        return None;
    }
    let start = (s.as_ptr() as usize).checked_sub(body.as_ptr() as usize)?;
    let end = start.checked_add(s.len())?;
    (end <= body.len()).then_some(start..end)
}

/// `a` then `b`, when both are slices of `body` and `b` starts where `a`
/// ends: the slice of `body` they make.
fn join<'a>(body: &'a str, a: &str, b: &str) -> Option<&'a str> {
    let a = source_range(body, a)?;
    let b = source_range(body, b)?;
    (a.end == b.start).then(|| &body[a.start..b.end])
}

/// For each byte of `t` (and its end), the offset in `s` of the same byte
/// when `t` is `s` with some bytes left out.
fn align(t: &[u8], s: &[u8]) -> Option<Vec<usize>> {
    let mut map = Vec::with_capacity(t.len() + 1);
    let mut j = 0;
    for &c in t {
        j += s.get(j..)?.iter().position(|&x| x == c)?;
        map.push(j);
        j += 1;
    }
    map.push(j);
    Some(map)
}

/// `end` moved back over the line ending (and trailing blank lines' ending)
/// of the block that starts at `start`.
fn trim_line_end(body: &str, start: usize, end: usize) -> usize {
    let b = body.as_bytes();
    let mut e = end.min(b.len());
    while e > start && matches!(b[e - 1], b'\n' | b'\r') {
        e -= 1;
    }
    e
}

#[cfg(feature = "serde")]
mod ser {
    use serde::ser::{Serialize, SerializeStruct, Serializer};

    use super::{BrokenReference, Definition, Heading, Link, Section};

    impl Serialize for Heading<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("Heading", 7)?;
            st.serialize_field("level", &self.level)?;
            st.serialize_field("text", &self.text)?;
            st.serialize_field("id", &self.id)?;
            st.serialize_field("line", &self.location.line)?;
            st.serialize_field("column", &self.location.column)?;
            st.serialize_field("start", &self.span.start)?;
            st.serialize_field("end", &self.span.end)?;
            st.end()
        }
    }

    impl Serialize for Section {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("Section", 5)?;
            st.serialize_field("heading", &self.heading)?;
            st.serialize_field("level", &self.level)?;
            st.serialize_field("start", &self.span.start)?;
            st.serialize_field("end", &self.span.end)?;
            st.serialize_field("children", &self.children)?;
            st.end()
        }
    }

    impl Serialize for Link<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("Link", 10)?;
            st.serialize_field("kind", &self.kind)?;
            st.serialize_field("dest", &self.dest)?;
            st.serialize_field("title", &self.title)?;
            st.serialize_field("text", &self.text)?;
            st.serialize_field("line", &self.location.line)?;
            st.serialize_field("column", &self.location.column)?;
            st.serialize_field("start", &self.span.start)?;
            st.serialize_field("end", &self.span.end)?;
            st.serialize_field("section", &self.section)?;
            st.serialize_field("target", self.target().class())?;
            st.end()
        }
    }

    impl Serialize for Definition<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("Definition", 10)?;
            st.serialize_field("label", &self.label)?;
            st.serialize_field("dest", &self.dest)?;
            st.serialize_field("title", &self.title)?;
            st.serialize_field("used", &self.used)?;
            st.serialize_field("line", &self.location.line)?;
            st.serialize_field("column", &self.location.column)?;
            st.serialize_field("start", &self.span.start)?;
            st.serialize_field("end", &self.span.end)?;
            st.serialize_field("dest_start", &self.dest_span.map(|s| s.start))?;
            st.serialize_field("dest_end", &self.dest_span.map(|s| s.end))?;
            st.end()
        }
    }

    impl Serialize for BrokenReference<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("BrokenReference", 7)?;
            st.serialize_field("label", &self.label)?;
            st.serialize_field("kind", &self.kind)?;
            st.serialize_field("image", &self.image)?;
            st.serialize_field("line", &self.location.line)?;
            st.serialize_field("column", &self.location.column)?;
            st.serialize_field("start", &self.span.start)?;
            st.serialize_field("end", &self.span.end)?;
            st.end()
        }
    }
}

#[cfg(test)]
mod tests;
