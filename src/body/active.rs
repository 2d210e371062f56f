//! Raw HTML that runs script or loads a URL, besides the links (`<a href>`,
//! `<img src>`): `<script>` elements, event-handler attributes, and the
//! URL attributes of frames, embeds, forms, areas, `<base>`, SVG's
//! `xlink:href` and meta refreshes.

use std::borrow::Cow;

use super::html::{decode_attribute, is_html_space, Active, ActiveTag};
use super::links::{classify, Target};
use super::locate::Sweep;
use crate::span::{Location, Span};

/// What an [`ActiveHtml`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum ActiveKind {
    /// A `<script>` element (its start tag).
    Script,
    /// An event-handler attribute, `on` and a name (`onclick`, `onerror`,
    /// `onload` ...): script run when the event fires.
    EventHandler,
    /// An attribute holding a URL the browser loads or follows:
    /// `<iframe src>`, `<frame src>`, `<embed src>`, `<object data>`,
    /// `<area href>`, `<form action>`, `<button formaction>`, `<input
    /// formaction>`, `<base href>`, `xlink:href` on any element (SVG), and
    /// the URL of `<meta http-equiv="refresh" content="0;url=...">`.
    Url,
}

/// A piece of raw HTML that runs script or loads a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ActiveHtml<'a> {
    /// What it does.
    pub kind: ActiveKind,
    /// The element's name, lowercased: `script`, `iframe`, `div` ...
    pub tag: String,
    /// The attribute's name, lowercased (`onclick`, `src`, `content` for a
    /// meta refresh); empty for a `<script>` element.
    pub attribute: String,
    /// The attribute's value with character references decoded as a browser
    /// decodes them (for a meta refresh, the URL in `content`); empty for a
    /// `<script>` element.
    pub value: Cow<'a, str>,
    /// The whole tag, `<` to `>`.
    pub span: Span,
    /// Where the tag starts.
    pub location: Location,
}

impl<'a> ActiveHtml<'a> {
    /// What the URL of a [`ActiveKind::Url`] points at; `None` for the
    /// other kinds.
    #[must_use]
    pub fn target(&self) -> Option<Target<'_>> {
        (self.kind == ActiveKind::Url).then(|| classify(&self.value))
    }

    /// The item for `tag`, found by the scanner in `s`, whose tag stands at
    /// `span` of the file; `body` is the body text, which the value borrows
    /// from when it can. (Located later, by [`locate_all`].)
    pub(super) fn found(s: &str, tag: &Active, span: Span, body: &'a str) -> Self {
        let (attribute, value) = match &tag.attribute {
            Some((name, value)) => (
                s.get(name.clone()).unwrap_or_default(),
                s.get(value.clone()).unwrap_or_default(),
            ),
            None => ("", ""),
        };
        let name: String = s
            .get(tag.tag.start + 1..tag.tag.end)
            .unwrap_or_default()
            .bytes()
            .take_while(|&c| !is_html_space(c) && c != b'>' && c != b'/')
            .map(|c| char::from(c.to_ascii_lowercase()))
            .collect();
        let attribute = attribute.to_ascii_lowercase();
        let raw = decode_attribute(value);
        let (kind, value) = match tag.kind {
            ActiveTag::Script => (ActiveKind::Script, Cow::Borrowed("")),
            ActiveTag::Handler => (ActiveKind::EventHandler, raw),
            ActiveTag::Refresh => {
                let url = refresh_url(&raw).to_owned();
                (ActiveKind::Url, Cow::Owned(url))
            }
            ActiveTag::Url => (ActiveKind::Url, raw),
        };
        ActiveHtml {
            kind,
            tag: name,
            attribute,
            value: super::rebind(body, value),
            span,
            location: Location::default(),
        }
    }
}

/// The URL of a meta refresh's `content` (`5; url='/next.html'`), read as
/// the HTML standard reads it: a time (digits and dots), then `;` or `,`
/// and white space, then an optional `url=` (any case), then the URL, up to
/// its closing quote when it starts with one. Empty when there is none.
pub(crate) fn refresh_url(content: &str) -> &str {
    let ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c');
    let rest = content.trim_start_matches(ws);
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let rest = rest.trim_start_matches(ws);
    let rest = rest.strip_prefix([';', ',']).unwrap_or(rest);
    let rest = rest.trim_start_matches(ws);
    let rest = match rest.get(..3) {
        Some(u) if u.eq_ignore_ascii_case("url") => {
            let after = rest[3..].trim_start_matches(ws);
            match after.strip_prefix('=') {
                Some(after) => after.trim_start_matches(ws),
                None => rest,
            }
        }
        _ => rest,
    };
    match rest.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let inner = &rest[1..];
            inner.find(q).map_or(inner, |end| &inner[..end])
        }
        _ => rest,
    }
}

/// Fills in the locations of `items` in `text`.
pub(super) fn locate_all(text: &str, items: &mut [ActiveHtml<'_>]) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| items[i].span.start);
    let mut sweep = Sweep::new(text);
    for i in order {
        items[i].location = sweep.locate(items[i].span.start);
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ActiveHtml<'_> {
    /// `{"kind", "tag", "attribute", "value", "line", "column", "start",
    /// "end"}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ActiveHtml", 8)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("tag", &self.tag)?;
        st.serialize_field("attribute", &self.attribute)?;
        st.serialize_field("value", &self.value)?;
        st.serialize_field("line", &self.location.line)?;
        st.serialize_field("column", &self.location.column)?;
        st.serialize_field("start", &self.span.start)?;
        st.serialize_field("end", &self.span.end)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_urls() {
        for (content, url) in [
            ("0;url=javascript:alert(1)", "javascript:alert(1)"),
            ("0; URL = 'javascript:x' trailing", "javascript:x"),
            ("5, \"/next.html\"", "/next.html"),
            ("  3.5 ; url=/a b", "/a b"),
            ("0;urlx", "urlx"),
            ("10", ""),
            ("0;", ""),
        ] {
            assert_eq!(refresh_url(content), url, "{content:?}");
        }
    }
}
