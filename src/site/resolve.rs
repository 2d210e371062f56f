//! What a link points at: [`Site::resolve`].

use std::borrow::Cow;

use super::items::Item;
use super::url::{fill, FieldValue};
use super::{FileRole, Ref, Site};
use crate::body::{BodyOptions, Link};
use crate::page::Page;

/// What a link resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResolvedKind {
    /// An item of the site.
    Item,
    /// A static file.
    Static,
    /// Another path the build writes (a category page, a feed, a file
    /// `pagefmt.toml` lists, a page in a format not read here ...).
    Output,
    /// A place on the linking page itself (`#id`).
    Fragment,
    /// A URL off the site.
    External,
    /// Nothing the site has.
    Unresolved,
}

impl ResolvedKind {
    /// `item`, `static`, `output`, `fragment`, `external` or `unresolved`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ResolvedKind::Item => "item",
            ResolvedKind::Static => "static",
            ResolvedKind::Output => "output",
            ResolvedKind::Fragment => "fragment",
            ResolvedKind::External => "external",
            ResolvedKind::Unresolved => "unresolved",
        }
    }
}

/// What [`Site::resolve`] found for a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// What the link points at.
    pub kind: ResolvedKind,
    /// The source path of the item or static file, or the output path;
    /// for an external link, its host; `None` when unresolved.
    pub target: Option<String>,
    /// Whether the `#fragment` is a heading id or an anchor of the item
    /// pointed at (`None` when there is no fragment or the target is not
    /// a page read here).
    pub fragment_found: Option<bool>,
    /// Why it is unresolved, or a remark (`{filename}` used for a static
    /// file).
    pub note: Option<String>,
}

impl Resolved {
    fn new(kind: ResolvedKind, target: Option<String>) -> Resolved {
        Resolved {
            kind,
            target,
            fragment_found: None,
            note: None,
        }
    }

    fn unresolved(why: impl Into<String>) -> Resolved {
        Resolved {
            note: Some(why.into()),
            ..Resolved::new(ResolvedKind::Unresolved, None)
        }
    }
}

/// Heading ids and raw-HTML `id`/`name` anchors of a page, and its link
/// destinations, from one reading of its body in the Python-Markdown
/// dialect (as Pelican renders it).
pub(crate) fn read_links(page: &Page<'_>) -> (Vec<String>, Vec<String>) {
    let body = page.outline(&BodyOptions::pelican());
    let dests = body.links.iter().map(|l| l.dest.to_string()).collect();
    let mut out: Vec<String> = body
        .headings
        .into_iter()
        .map(|h| h.id.to_string())
        .collect();
    let text = page.body();
    static FINDERS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        std::sync::LazyLock::new(|| {
            [
                memchr::memmem::Finder::new("id="),
                memchr::memmem::Finder::new("name="),
            ]
        });
    for finder in FINDERS.iter() {
        let attr = finder.needle();
        for at in finder.find_iter(text.as_bytes()) {
            let before = text.as_bytes().get(at.wrapping_sub(1)).copied();
            if !matches!(before, Some(b' ' | b'\t' | b'\n' | b'\r')) {
                continue;
            }
            let rest = &text[at + attr.len()..];
            let value = match rest.as_bytes().first() {
                Some(&q @ (b'"' | b'\'')) => rest[1..].split(char::from(q)).next(),
                _ => rest.split([' ', '\t', '\n', '\r', '>', '/']).next(),
            };
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                out.push(v.to_owned());
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    (out, dests)
}

/// An intrasite link's parts: `{what}` (or `|what|`) and the value after.
pub(crate) fn intrasite<'d>(dest: &'d str, pattern: &str) -> Option<(&'d str, &'d str)> {
    // Pelican's default pattern, `[{|](?P<what>.*?)[|}]`, is read directly;
    // another pattern is compiled.
    if pattern == "[{|](?P<what>.*?)[|}]" {
        let rest = dest.strip_prefix(['{', '|'])?;
        let end = rest.find(['|', '}'])?;
        return Some((&rest[..end], &rest[end + 1..]));
    }
    let re = super::slug::python_regex(&format!("\\A(?:{pattern})"), false).ok()?;
    let caps = re.captures(dest)?;
    let what = caps.name("what")?;
    let end = caps.get(0)?.end();
    Some((what.as_str(), &dest[end..]))
}

/// The `{static}` and `{attach}` paths an item links to (relative to the
/// content folder), which Pelican copies even outside `STATIC_PATHS`.
pub(crate) fn static_links(item: &Item, pattern: &str) -> Vec<String> {
    let dir = item.source.rsplit_once('/').map_or("", |(d, _)| d);
    item.link_dests
        .iter()
        .filter_map(|dest| {
            let (what, value) = intrasite(dest, pattern)?;
            if what != "static" && what != "attach" {
                return None;
            }
            let path = split_url(value).0;
            Some(content_path(dir, path)?.replace("%20", " "))
        })
        .collect()
}

/// `path?query#fragment` split into the path and the fragment.
pub(crate) fn split_url(value: &str) -> (&str, Option<&str>) {
    let (before, fragment) = match memchr::memchr(b'#', value.as_bytes()) {
        Some(i) => (&value[..i], Some(&value[i + 1..])),
        None => (value, None),
    };
    match memchr::memchr(b'?', before.as_bytes()) {
        Some(i) => (&before[..i], fragment),
        None => (before, fragment),
    }
}

/// A path written in a link from a file in `dir`: from the content root
/// when it starts with `/`, else from `dir`; `.` and `..` folded. `None`
/// when it climbs above the root.
pub(crate) fn content_path<'p>(dir: &str, path: &'p str) -> Option<Cow<'p, str>> {
    let joined = match path.strip_prefix('/') {
        Some(p) => Cow::Borrowed(p),
        None if dir.is_empty() => Cow::Borrowed(path),
        None => Cow::Owned(format!("{dir}/{path}")),
    };
    // Nothing to fold: no empty, `.` or `..` part.
    if joined.split('/').all(|p| !matches!(p, "" | "." | "..")) {
        return Some(joined);
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(Cow::Owned(parts.join("/")))
}

/// A relative URL path written in a link on a page whose URL is in `dir`,
/// as a browser resolves it: `.` and `..` folded, and a `..` at the root
/// stays at the root (`../x.html` on a page at the root is `/x.html`).
pub(crate) fn url_path(dir: &str, path: &str) -> String {
    let joined = if dir.is_empty() {
        path.to_owned()
    } else {
        format!("{dir}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `%XX` decoded (bytes that are not UTF-8 are replaced).
fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// The host of an absolute or protocol-relative URL, lowercased, and the
/// rest after it.
pub(crate) fn host_of(url: &str) -> Option<(String, &str)> {
    let scheme_end = memchr::memchr(b':', url.as_bytes()).filter(|&i| url[i..].starts_with("://"));
    let after = match scheme_end {
        Some(i)
            if url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            &url[i + 3..]
        }
        _ => url.strip_prefix("//")?,
    };
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let host = after[..end].rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("").to_lowercase();
    Some((host, &after[end..]))
}

impl Site {
    /// What `link`, on the page read from `from` (its source path),
    /// points at.
    ///
    /// - `{filename}`/`|filename|` (from the linking file's folder, or
    ///   from the content root when the path starts with `/`), `{static}`
    ///   and `{attach}` name a source file: an item, a static file, or a
    ///   page in a format not read here; `{filename}` naming a static file
    ///   resolves, as in Pelican. `{tag}`, `{category}`, `{author}` and
    ///   `{index}` resolve to the output path their pattern gives.
    /// - A root-absolute path, or a URL on `SITEURL`'s host, is looked up
    ///   among items' URLs and output paths, static files and every other
    ///   output; a relative URL is first resolved against the linking
    ///   page's own URL, as a browser does.
    /// - `#fragment` alone points into the linking page.
    /// - Other URLs are external (the target is the host).
    ///
    /// A fragment on a link to an item is checked against that item's
    /// heading ids and raw-HTML `id`/`name` anchors.
    #[must_use]
    pub fn resolve(&self, from: &str, link: &Link<'_>) -> Resolved {
        self.resolve_dest(from, &link.dest)
    }

    /// [`Site::resolve`] for a destination given as text.
    #[must_use]
    pub fn resolve_dest(&self, from: &str, dest: &str) -> Resolved {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        if let Some((what, value)) = intrasite(dest, &self.intrasite_pattern) {
            return self.resolve_intrasite(from, dir, what, value);
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            let found = self
                .item(from)
                .map(|i| fragment.is_empty() || i.has_anchor(fragment));
            return Resolved {
                fragment_found: found,
                ..Resolved::new(ResolvedKind::Fragment, Some(from.to_owned()))
            };
        }
        let mut path = None;
        if let Some((host, rest)) = host_of(dest) {
            let on_site = self.site_host.as_ref().filter(|(h, _)| *h == host);
            match on_site {
                Some((_, site_path)) => {
                    let site_path = site_path.trim_end_matches('/');
                    let rest = rest.strip_prefix(site_path).unwrap_or(rest);
                    path = Some(if rest.is_empty() {
                        "/".to_owned()
                    } else {
                        rest.to_owned()
                    });
                }
                None => return Resolved::new(ResolvedKind::External, Some(host)),
            }
        } else if let Some(scheme_end) = dest.find(':') {
            let scheme = &dest[..scheme_end];
            if !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..scheme_end].contains('/')
            {
                return Resolved::new(ResolvedKind::External, None);
            }
        }
        let dest = path.as_deref().unwrap_or(dest);
        let (p, fragment) = split_url(dest);
        let absolute: Cow<'_, str> = if let Some(abs) = p.strip_prefix('/') {
            Cow::Borrowed(abs)
        } else {
            // Relative to the linking page's URL.
            let base = match self.item(from) {
                Some(item) => item.url.as_str(),
                None => from,
            };
            let base_dir = base.rsplit_once('/').map_or("", |(d, _)| d);
            Cow::Owned(url_path(base_dir, p))
        };
        let (mut r, found) = self.lookup_output(&percent_decode(&absolute));
        if r.kind == ResolvedKind::Unresolved {
            r.note = Some(format!("no item, static file or output at /{absolute}"));
        }
        self.check_fragment(&mut r, found, fragment);
        r
    }

    /// Looks up an output path (no leading `/`): items by URL or save-as,
    /// static files, then every other output.
    /// With the position of the item found, if any.
    fn lookup_output(&self, path: &str) -> (Resolved, Option<usize>) {
        let item_at = |c: &str| {
            let by_url = self.by_url.first(c, |i| &self.items[i].url);
            by_url
                .or_else(|| self.by_save_as.first(c, |i| &self.items[i].save_as))
                .filter(|_| !c.is_empty() || path.is_empty())
        };
        let found = |i: usize| {
            let r = Resolved::new(ResolvedKind::Item, Some(self.items[i].source.clone()));
            (r, Some(i))
        };
        if let Some(i) = item_at(path) {
            return found(i);
        }
        let candidates = [
            format!("{path}index.html"),
            format!("{}/index.html", path.trim_end_matches('/')),
        ];
        for c in &candidates {
            if let Some(i) = item_at(c) {
                return found(i);
            }
        }
        if let Some(i) = self.static_at(path) {
            let r = Resolved::new(ResolvedKind::Static, Some(self.files[i].source.clone()));
            return (r, None);
        }
        let outputs = self.output_set();
        for c in std::iter::once(path).chain(candidates.iter().map(String::as_str)) {
            if outputs.contains(c) {
                return (
                    Resolved::new(ResolvedKind::Output, Some(c.to_owned())),
                    None,
                );
            }
        }
        (Resolved::unresolved(""), None)
    }

    /// Checks `fragment` against the item `r` points at (`found`, its
    /// position, when known).
    fn check_fragment(&self, r: &mut Resolved, found: Option<usize>, fragment: Option<&str>) {
        let Some(f) = fragment else { return };
        if r.kind == ResolvedKind::Item {
            let item = match found {
                Some(i) => self.items.get(i),
                None => r.target.as_deref().and_then(|t| self.item(t)),
            };
            if let Some(item) = item {
                r.fragment_found = Some(f.is_empty() || item.has_anchor(f));
            }
        }
    }

    fn resolve_intrasite(&self, from: &str, dir: &str, what: &str, value: &str) -> Resolved {
        let (path, fragment) = split_url(value);
        let (mut r, found) = match what {
            "filename" | "static" | "attach" => {
                // As written, percent-decoded, entity-decoded (the decoded
                // forms only when they differ).
                let decoded = [
                    percent_decode(path),
                    html_escape::decode_html_entities(path),
                ];
                let decoded = decoded
                    .iter()
                    .map(|d| matches!(d, Cow::Owned(_)).then_some(d.as_ref()));
                let tries: [Option<&str>; 3] = {
                    let mut d = decoded;
                    [Some(path), d.next().flatten(), d.next().flatten()]
                };
                let mut found = None;
                for t in tries.iter().flatten() {
                    let Some(p) = content_path(dir, t) else {
                        continue;
                    };
                    if let Some(r) = self.source_ref(&p, what == "filename") {
                        found = Some(r);
                        break;
                    }
                }
                if found.is_none() && what == "filename" {
                    for t in tries.iter().flatten() {
                        let Some(p) = content_path(dir, t) else {
                            continue;
                        };
                        if let Some((mut r, i)) = self.source_ref(&p, false) {
                            r.note =
                                Some("{filename} used for a static file: use {static}".to_owned());
                            found = Some((r, i));
                            break;
                        }
                    }
                }
                found.unwrap_or_else(|| {
                    let why = format!("no file {{{what}}}{value} in the content");
                    (Resolved::unresolved(why), None)
                })
            }
            "category" | "tag" | "author" => {
                let (key, slug) = match what {
                    "category" => (
                        "CATEGORY_SAVE_AS",
                        self.slugifier("CATEGORY_REGEX_SUBSTITUTIONS").slugify(path),
                    ),
                    "tag" => (
                        "TAG_SAVE_AS",
                        self.slugifier("TAG_REGEX_SUBSTITUTIONS").slugify(path),
                    ),
                    _ => (
                        "AUTHOR_SAVE_AS",
                        self.slugifier("AUTHOR_REGEX_SUBSTITUTIONS").slugify(path),
                    ),
                };
                let lookup = |n: &str| match n {
                    "slug" | "name" => Some(FieldValue::Text(slug.as_str())),
                    _ => None,
                };
                let r = match fill(self.settings.str(key), &lookup) {
                    Ok(p) => Resolved::new(ResolvedKind::Output, Some(p)),
                    Err(e) => Resolved::unresolved(e.to_string()),
                };
                (r, None)
            }
            "index" => (
                Resolved::new(
                    ResolvedKind::Output,
                    Some(self.settings.str("INDEX_SAVE_AS").to_owned()),
                ),
                None,
            ),
            other => (
                Resolved::unresolved(format!(
                    "`{{{other}}}` is not an intrasite link Pelican knows"
                )),
                None,
            ),
        };
        let _ = from;
        self.check_fragment(&mut r, found, fragment);
        r
    }

    /// The item or file read from `path` as a link target: items and
    /// sources for `{filename}`, static files otherwise.
    /// With the item's position, for an item.
    fn source_ref(&self, path: &str, generated: bool) -> Option<(Resolved, Option<usize>)> {
        match self.ref_of(path)? {
            Ref::Item(i) if generated => Some((
                Resolved::new(ResolvedKind::Item, Some(self.items[i].source.clone())),
                Some(i),
            )),
            Ref::File(i) => {
                let f = &self.files[i];
                let r = match f.role {
                    FileRole::Source if generated => {
                        Some(Resolved::new(ResolvedKind::Output, Some(f.source.clone())))
                    }
                    FileRole::Static if !generated => {
                        Some(Resolved::new(ResolvedKind::Static, Some(f.source.clone())))
                    }
                    FileRole::MissingStatic if !generated => Some(Resolved {
                        note: Some(
                            "the file is not in the content folder: nothing is copied".to_owned(),
                        ),
                        ..Resolved::new(ResolvedKind::Static, Some(f.source.clone()))
                    }),
                    _ => None,
                };
                r.map(|r| (r, None))
            }
            Ref::Item(_) => None,
        }
    }

    /// Every output path but the items' own, as a set (computed on first
    /// use). [`Site::lookup_output`] looks for items first: an item's
    /// output path never reaches this set.
    fn output_set(&self) -> &hashbrown::HashSet<String> {
        self.outputs_cache
            .get_or_init(|| self.outputs_with(false).0.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_links() {
        assert_eq!(content_path("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(content_path("a", "/x/y.png").as_deref(), Some("x/y.png"));
        assert_eq!(content_path("", "../x"), None);
        // URLs, unlike content paths, stop at the root as a browser does.
        assert_eq!(url_path("", "../x.html"), "x.html");
        assert_eq!(url_path("blog", "../../x.html#a"), "x.html#a");
        assert_eq!(url_path("blog", "./a/../c.html"), "blog/c.html");
        assert_eq!(url_path("blog/2020", "x.html"), "blog/2020/x.html");
        assert_eq!(
            intrasite("{filename}/a.md#x", "[{|](?P<what>.*?)[|}]"),
            Some(("filename", "/a.md#x"))
        );
        assert_eq!(
            intrasite("|filename|a.md", "[{|](?P<what>.*?)[|}]"),
            Some(("filename", "a.md"))
        );
        assert_eq!(
            intrasite("%7Bfilename%7Da.md", "[{|](?P<what>.*?)[|}]"),
            None
        );
        assert_eq!(split_url("a.html?x=1#top"), ("a.html", Some("top")));
        assert_eq!(
            host_of("https://User@Example.com:8080/x"),
            Some(("example.com".to_owned(), "/x"))
        );
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
    }
}
