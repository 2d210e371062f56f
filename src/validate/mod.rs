//! Checks pages, alone and as a site, and reports every finding as a
//! [`Diagnostic`].
//!
//! ```
//! use pagefmt::{validate, Page, Severity, ValidateOptions};
//!
//! let page = Page::parse("title: Queues\nslug: task queues\ntoc: maybe\nDlug: x\n\nBody.\n");
//! let found = validate(&page, &ValidateOptions::default());
//! let codes: Vec<_> = found.iter().map(|d| (d.code, d.severity, d.location.line)).collect();
//! assert_eq!(
//!     codes,
//!     [
//!         ("invalid-slug", Severity::Warning, 2),
//!         ("unknown-key", Severity::Note, 3),
//!         ("misspelled-key", Severity::Warning, 4),
//!     ]
//! );
//! assert_eq!(found[2].help.as_deref(), Some("did you mean `slug`?"));
//! ```
//!
//! # Rules and levels
//!
//! Each [`Rule`] has a stable kebab-case code and a [`Level`], set in
//! [`ValidateOptions`] the way lint levels are set for a compiler:
//! [`Level::Deny`] reports it as an error, [`Level::Warn`] as a warning,
//! [`Level::Note`] as a note and [`Level::Allow`] not at all. Every rule
//! runs to the end: a check reports every finding, never only the first.
//!
//! The default levels are Pelican's judgement on any site: what Pelican
//! rejects, mangles or would build differently than written is reported;
//! what is one site's taste (allowed categories, required keys, sort
//! orders, the h1 policy, heading-level skips, `http:` links, orphan
//! pages) is a house rule, [`Level::Allow`] until a configuration sets its
//! level (`examples/fullstackpython.toml` holds one site's house rules).
//!
//! Header rules (see [`Rule`] for each one's default level):
//! `missing-title`, `missing-slug`, `missing-category`, `missing-field`,
//! `unknown-category`, `invalid-slug`, `invalid-sort-order`,
//! `invalid-bool`, `invalid-date`, `invalid-value`, `duplicate-key`,
//! `unknown-key`, `misspelled-key`, `empty-value`, `trailing-whitespace`,
//! `incomplete-choice`, `header-not-terminated`, `long-description`,
//! `control-character`, `mixed-line-endings`.
//!
//! Body rules: `multiple-h1`, `heading-level-skip`, `title-h1-mismatch`,
//! `duplicate-heading-id`, `empty-link`, `unresolved-reference`,
//! `unused-definition`, `insecure-link`, `dangerous-link`,
//! `script-in-page`, `fragment-not-found`. `dangerous-link` reads a URL
//! as a browser does (leading C0 controls and spaces skipped, tabs and
//! line breaks in the scheme ignored, character references decoded in
//! HTML), in Markdown links and images, in `<a href>` and `<img src>`, and
//! in the other URL attributes of raw HTML (see
//! [`ActiveKind::Url`](crate::body::ActiveKind::Url)).
//!
//! Site rules, over a [`Site`]: `duplicate-slug`, `duplicate-sort-order`,
//! `broken-internal-link`, `broken-fragment`, `orphan-page`.
//!
//! # Suppressions, configuration, fixes
//!
//! A page silences a rule with an HTML comment in its body: `<!--
//! pagefmt: allow CODE[, CODE] -->` for the whole page, `<!-- pagefmt:
//! allow-next-line CODE -->` for the next line; a suppression that
//! suppresses nothing is reported as `unfulfilled-suppression`. With the
//! `config` feature, [`CheckConfig`] reads the `[check]` table of a
//! `pagefmt.toml` (levels, per-path overrides, known keys, categories,
//! paths). [`fix()`] fixes what can be fixed without guessing.
//!
//! # Values
//!
//! Header values are read as [`Page::meta_lenient`] reads them; its errors
//! become `invalid-sort-order` (`sort-order`, `sortorder`), `invalid-bool`
//! (`toc`, `newsletter`), `invalid-date` (`date`, `modified`),
//! `invalid-slug` (`slug`), `unknown-category` (`category`) and
//! `invalid-value` (any other typed key: a one-line field written on
//! several lines), and `duplicate-key` (a typed key written again: as in
//! Pelican, the first value is kept).
//!
//! # Output
//!
//! With the `serde` feature, a [`Diagnostic`] serializes as one flat object
//! `{"code", "severity", "line", "column", "start", "end", "message",
//! "help"}` (a [`SiteDiagnostic`] puts `"path"` first). With the `render`
//! feature, `render::Renderer` shows a diagnostic the way rustc shows its
//! own: `error[code]: message`, `--> path:line:column`, the source lines
//! with the span underlined, then the help.

mod active;
mod anchors;
mod body;
#[cfg(feature = "config")]
mod config;
mod cross;
mod facts;
mod fix;
mod header;
#[cfg(all(feature = "config", feature = "site"))]
mod pelican;
mod select;
mod site;
mod suppress;
mod text;

#[cfg(feature = "render")]
#[cfg_attr(docsrs, doc(cfg(feature = "render")))]
pub mod render;

use std::fmt;

use crate::body::BodyOptions;
use crate::meta::Category;
use crate::page::Page;
use crate::span::{Location, Span};

#[cfg(feature = "config")]
#[cfg_attr(docsrs, doc(cfg(feature = "config")))]
pub use config::{CheckConfig, ConfigError};
pub use cross::RELATED_MAX;
pub use fix::fix;
pub use site::{Related, Site, SiteCheck, SiteDiagnostic};

/// Pelican's documented metadata keys, lowercase: the keys every site
/// knows.
pub const PELICAN_KEYS: [&str; 16] = [
    "title",
    "date",
    "modified",
    "tags",
    "keywords",
    "category",
    "slug",
    "author",
    "authors",
    "summary",
    "lang",
    "translation",
    "status",
    "template",
    "save_as",
    "url",
];

/// How serious a reported finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; not a defect by itself.
    Note,
    /// Likely a mistake.
    Warning,
    /// A defect: the page will not be built or read as meant.
    Error,
}

impl Severity {
    /// `error`, `warning` or `note`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Severity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What a rule's findings are reported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// Not reported (the rule does not run).
    Allow,
    /// Reported as a [`Severity::Note`].
    Note,
    /// Reported as a [`Severity::Warning`].
    Warn,
    /// Reported as a [`Severity::Error`].
    Deny,
}

impl Level {
    /// Every level, from the quietest.
    pub const ALL: [Level; 4] = [Level::Allow, Level::Note, Level::Warn, Level::Deny];

    /// `allow`, `note`, `warn` or `deny`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Note => "note",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    /// The level named `name` (as [`Level::as_str`] writes it).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == name)
    }

    /// The severity findings get at this level; `None` for
    /// [`Level::Allow`].
    #[must_use]
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Note => Some(Severity::Note),
            Level::Warn => Some(Severity::Warning),
            Level::Deny => Some(Severity::Error),
        }
    }
}

macro_rules! rules {
    ($( $(#[doc = $doc:literal])* $name:ident = $code:literal, $level:ident; )*) => {
        /// A check, named by a stable kebab-case code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $( $(#[doc = $doc])* $name, )*
        }

        impl Rule {
            /// Every rule, in the order of their codes in the docs.
            pub const ALL: &'static [Rule] = &[$(Rule::$name,)*];

            /// The rule's code, e.g. `missing-title`.
            #[must_use]
            pub fn code(self) -> &'static str {
                match self { $(Rule::$name => $code,)* }
            }

            /// The rule of a code.
            #[must_use]
            pub fn from_code(code: &str) -> Option<Rule> {
                match code { $($code => Some(Rule::$name),)* _ => None }
            }

            /// The level the rule has in [`ValidateOptions::default`].
            #[must_use]
            pub fn default_level(self) -> Level {
                match self { $(Rule::$name => Level::$level,)* }
            }

            /// What the rule checks, as its documentation says (in
            /// Markdown, on one line, the default level last).
            #[must_use]
            pub fn description(self) -> String {
                let doc = match self { $(Rule::$name => concat!($($doc, "\n",)*),)* };
                plain_doc(doc)
            }
        }
    };
}

rules! {
    /// The page has no `title` (Pelican skips such a page). Deny.
    MissingTitle = "missing-title", Deny;
    /// The page has no `slug`. A house rule: Pelican makes one from the
    /// title. Allow.
    MissingSlug = "missing-slug", Allow;
    /// The page has no `category`. A house rule: Pelican takes the folder's
    /// or the default one. Allow.
    MissingCategory = "missing-category", Allow;
    /// A key that [`ValidateOptions::required`] asks for is missing (a
    /// post needs a `date`: Pelican skips an article without one). Deny.
    MissingField = "missing-field", Deny;
    /// The category is not one of [`ValidateOptions::categories`]. A house
    /// rule: Pelican takes any category. Allow.
    UnknownCategory = "unknown-category", Allow;
    /// A slug Pelican cannot use as written: white space, a character that
    /// ends a URL's path (`?`, `#`) or is never bare in one (`%`, `\`,
    /// quotes, `<`, `>`, control characters), a leading `/` or a `..`
    /// segment (the file would be written outside the output folder). With
    /// [`ValidateOptions::strict_slugs`], also anything but lowercase ASCII
    /// letters and digits in words joined by single hyphens. Warn.
    InvalidSlug = "invalid-slug", Warn;
    /// The sort order is not 1 to 19 ASCII digits. A house rule (Pelican
    /// has no sort order). Allow.
    InvalidSortOrder = "invalid-sort-order", Allow;
    /// `toc` or `newsletter` is not `True` or `False`. A house rule (the
    /// keys of one site's templates). Allow.
    InvalidBool = "invalid-bool", Allow;
    /// `date` or `modified` is not a date, or `modified` is before
    /// `date`. Deny.
    InvalidDate = "invalid-date", Deny;
    /// Any other typed field with a bad value (a one-line field written on
    /// several lines). Deny.
    InvalidValue = "invalid-value", Deny;
    /// A typed key is written again; the first value is kept. Warn.
    DuplicateKey = "duplicate-key", Warn;
    /// A key that is neither one of Pelican's documented metadata keys
    /// ([`PELICAN_KEYS`]) nor in [`ValidateOptions::known_keys`], and not
    /// close to one (see `misspelled-key`). Themes read keys of their own,
    /// so this is only a note. Note.
    UnknownKey = "unknown-key", Note;
    /// An unknown key one or two edits away from a known one (`Dlug`: did
    /// you mean `slug`?). Warn.
    MisspelledKey = "misspelled-key", Warn;
    /// A key with no value. Warn.
    EmptyValue = "empty-value", Warn;
    /// White space after a header value (Pelican drops it). A house rule.
    /// Allow.
    TrailingWhitespace = "trailing-whitespace", Allow;
    /// A `choiceN` group with some but not all of `url`, `icon` and
    /// `text`. A house rule. Allow.
    IncompleteChoice = "incomplete-choice", Allow;
    /// The header ended at a line that is neither blank nor a fence, so
    /// that line was read as the first body line. Warn.
    HeaderNotTerminated = "header-not-terminated", Warn;
    /// The `meta` description is longer than
    /// [`ValidateOptions::max_description`] characters. A house rule.
    /// Allow.
    LongDescription = "long-description", Allow;
    /// A control character (C0 other than tab, or U+2028/U+2029) in a
    /// header value or a link destination: invisible, and refused by XML
    /// (Pelican's feeds). Deny.
    ControlCharacter = "control-character", Deny;
    /// The page's lines end in more than one way (`\n`, `\r\n`, `\r`).
    /// Fixable: [`Page::unify_newlines`] writes them all as the first
    /// line's. Note.
    MixedLineEndings = "mixed-line-endings", Note;
    /// A second level-1 heading. A house rule (many themes print the title
    /// as the page's level-1 heading). Allow.
    MultipleH1 = "multiple-h1", Allow;
    /// A heading more than one level below the heading before it (`##`
    /// then `####`). A house rule. Allow.
    HeadingLevelSkip = "heading-level-skip", Allow;
    /// The page's first level-1 heading says something else than its
    /// `title` (letter case aside, white space runs counted as one space).
    /// A house rule. Allow.
    TitleH1Mismatch = "title-h1-mismatch", Allow;
    /// Two headings with the same id (only explicit `{#id}` ids can
    /// clash: ids made from text are made unique). Warn.
    DuplicateHeadingId = "duplicate-heading-id", Warn;
    /// A link with no text (a link that holds only an image takes the
    /// image's alt text as its text), or a link or image with no
    /// destination. Warn.
    EmptyLink = "empty-link", Warn;
    /// A reference link or image, `[text][label]` or `[label][]`, whose
    /// label has no definition (a lone `[label]` is not reported: it is
    /// plain text as often as not). Warn.
    UnresolvedReference = "unresolved-reference", Warn;
    /// A link reference definition no link uses. Warn.
    UnusedDefinition = "unused-definition", Warn;
    /// An `http://` link to an external host (not `localhost`, a loopback
    /// address, or a name reserved for examples such as `example.com`).
    /// A house rule: older pages hold many of them. Allow.
    InsecureLink = "insecure-link", Allow;
    /// A `javascript:`, `vbscript:` or non-image `data:` link. Deny.
    DangerousLink = "dangerous-link", Deny;
    /// A `<script>` element or an event-handler attribute (`onclick=`,
    /// `onerror=` ...) in the page's raw HTML: the page runs script. Deny.
    ScriptInPage = "script-in-page", Deny;
    /// A link to `#id` where no heading of the page has that id (nor an
    /// element of its raw HTML an `id` or `name`). Warn.
    FragmentNotFound = "fragment-not-found", Warn;
    /// Two pages of the site are written to the same path (same slug, both
    /// pages or both posts). Deny.
    DuplicateSlug = "duplicate-slug", Deny;
    /// Two pages of the same category have the same sort order. A house
    /// rule. Allow.
    DuplicateSortOrder = "duplicate-sort-order", Allow;
    /// A link to `/slug.html` or `/blog/slug.html` that no page of the site
    /// has and that is not a known path. Deny.
    BrokenInternalLink = "broken-internal-link", Deny;
    /// A link to `/slug.html#id` where that page has no heading `id`. Warn.
    BrokenFragment = "broken-fragment", Warn;
    /// A page that no other page links to. Articles (see
    /// [`ValidateOptions::article_categories`]) are not reported: the blog
    /// index lists them; nor is the page of a site of one page. A house
    /// rule. Allow.
    OrphanPage = "orphan-page", Allow;
    /// A `<!-- pagefmt: allow CODE -->` or `<!-- pagefmt: allow-next-line
    /// CODE -->` comment that suppresses nothing (the rule runs but found
    /// nothing there), or that names no rule. Warn.
    UnfulfilledSuppression = "unfulfilled-suppression", Warn;
}

/// A rule's documentation on one line: white space runs made one space,
/// intra-doc links written as their text.
fn plain_doc(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    let mut rest = doc;
    // `[text](target)` and `[text]` become `text`.
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        out.push_str(&after[..close]);
        rest = &after[close + 1..];
        if rest.starts_with('(') {
            if let Some(end) = rest.find(')') {
                rest = &rest[end + 1..];
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One finding: what rule, how serious, where, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable code, e.g. `duplicate-key`.
    pub code: &'static str,
    /// How serious it is (from the rule's [`Level`]).
    pub severity: Severity,
    /// What was found, quoting the text found, e.g. ``invalid value for
    /// `toc`: expected `True` or `False`, found 'maybe'``.
    pub message: String,
    /// The bytes of the page's text it is about.
    pub span: Span,
    /// Where the span starts.
    pub location: Location,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// The rule that reported it.
    #[must_use]
    pub fn rule(&self) -> Option<Rule> {
        Rule::from_code(self.code)
    }
}

impl fmt::Display for Diagnostic {
    /// `severity[code]: message at line L, column C`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {} at {}",
            self.severity, self.code, self.message, self.location
        )
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Diagnostic {
    /// An object `{"code", "severity", "line", "column", "start", "end",
    /// "message", "help"}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Diagnostic", 8)?;
        write_fields::<S>(&mut st, self)?;
        st.end()
    }
}

#[cfg(feature = "serde")]
fn write_fields<S: serde::Serializer>(
    st: &mut S::SerializeStruct,
    d: &Diagnostic,
) -> Result<(), S::Error> {
    use serde::ser::SerializeStruct;
    st.serialize_field("code", d.code)?;
    st.serialize_field("severity", &d.severity)?;
    st.serialize_field("line", &d.location.line)?;
    st.serialize_field("column", &d.location.column)?;
    st.serialize_field("start", &d.span.start)?;
    st.serialize_field("end", &d.span.end)?;
    st.serialize_field("message", &d.message)?;
    st.serialize_field("help", &d.help)
}

/// What to check and how: each rule's level, required and known keys, and
/// the paths of the site that are not pages.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidateOptions {
    levels: Vec<Level>,
    /// Keys every page must have. A missing `title`, `slug` or `category`
    /// is reported as `missing-title`, `missing-slug` or
    /// `missing-category`, any other key as `missing-field`. Default:
    /// `title`, `slug`, `category`.
    pub required: Vec<String>,
    /// Keys the pages of a category must have besides, reported as
    /// `missing-field` (or as above), such as a `date` for a `post`.
    /// `sort-order` and `sortorder` count as the same key. Default: none.
    pub required_by_category: Vec<(Category, Vec<String>)>,
    /// Keys accepted besides Pelican's documented ones ([`PELICAN_KEYS`]),
    /// lowercase: the keys the site's theme and plugins read. Default:
    /// none.
    pub known_keys: Vec<String>,
    /// The categories `unknown-category` accepts (ASCII case ignored);
    /// empty, the default, accepts any.
    pub categories: Vec<String>,
    /// Whether `invalid-slug` also asks for lowercase ASCII letters and
    /// digits in words joined by single hyphens (a house rule). Default:
    /// `false`, only what Pelican cannot use.
    pub strict_slugs: bool,
    /// Paths of the site that exist but are no page, such as generated
    /// indexes (`/blog.html`): links to them are not broken. Each is a path
    /// from the site's root, starting with `/`; one ending in `/*` stands
    /// for every path below it. Default: none.
    pub known_paths: Vec<String>,
    /// The categories whose pages are articles, written to
    /// `/blog/SLUG.html` (the others are written to `/SLUG.html`). Default:
    /// `post` and `talk`.
    pub article_categories: Vec<Category>,
    /// Host names the site is served at, such as `www.example.com`: an
    /// `http:` or `https:` link to one of them is checked as a link to its
    /// path. Default: none.
    pub site_hosts: Vec<String>,
    /// Host names known to serve `https:`: a fix may turn an `http:` link
    /// to one of them into an `https:` link. Default: none.
    pub https_hosts: Vec<String>,
    /// The most characters a `meta` description may have. Default: 160.
    pub max_description: usize,
    /// How bodies are read (heading ids, Markdown extensions).
    pub body: BodyOptions,
    /// How many threads [`Site::check`] may use: 0 (the default) for as
    /// many as the machine has, 1 for none besides the caller's.
    pub threads: usize,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions {
            levels: Rule::ALL.iter().map(|r| r.default_level()).collect(),
            required: ["title", "slug", "category"].map(String::from).into(),
            required_by_category: Vec::new(),
            known_keys: Vec::new(),
            categories: Vec::new(),
            strict_slugs: false,
            known_paths: Vec::new(),
            article_categories: vec![Category::Post, Category::Talk],
            site_hosts: Vec::new(),
            https_hosts: Vec::new(),
            max_description: 160,
            body: BodyOptions::default(),
            threads: 0,
        }
    }
}

impl ValidateOptions {
    /// A finding of `rule` at the level these options give it, or `None`
    /// when the rule is allowed.
    pub(crate) fn finding(
        &self,
        rule: Rule,
        span: Span,
        location: Location,
        message: String,
        help: Option<String>,
    ) -> Option<Diagnostic> {
        let severity = self.level(rule).severity()?;
        Some(Diagnostic {
            code: rule.code(),
            severity,
            message,
            span,
            location,
            help,
        })
    }

    /// The level of `rule`.
    #[must_use]
    pub fn level(&self, rule: Rule) -> Level {
        self.levels
            .get(rule as usize)
            .copied()
            .unwrap_or(Level::Allow)
    }

    /// Sets the level of `rule`.
    pub fn set_level(&mut self, rule: Rule, level: Level) -> &mut Self {
        if let Some(l) = self.levels.get_mut(rule as usize) {
            *l = level;
        }
        self
    }

    /// Sets `rule` to [`Level::Allow`]: it is not checked.
    pub fn allow(&mut self, rule: Rule) -> &mut Self {
        self.set_level(rule, Level::Allow)
    }

    /// Makes every rule at [`Level::Warn`] a [`Level::Deny`], so that
    /// warnings become errors (set levels afterwards to make exceptions).
    pub fn deny_warnings(&mut self) -> &mut Self {
        for l in &mut self.levels {
            if *l == Level::Warn {
                *l = Level::Deny;
            }
        }
        self
    }

    /// Adds known site paths (see [`ValidateOptions::known_paths`]).
    pub fn known_paths<I, S>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.known_paths.extend(paths.into_iter().map(Into::into));
        self
    }

    /// Whether `rule` runs at all.
    pub(crate) fn on(&self, rule: Rule) -> bool {
        self.level(rule) != Level::Allow
    }

    /// Whether `path` is one of the known paths.
    pub(crate) fn is_known_path(&self, path: &str) -> bool {
        self.known_paths.iter().any(|k| match k.strip_suffix('*') {
            Some(prefix) if prefix.ends_with('/') => path.starts_with(prefix),
            _ => k == path,
        })
    }
}

/// Checks one page: its header, and (with the body outline) its body.
/// Returns every finding, in source order. Site rules need a [`Site`].
#[must_use]
pub fn validate(page: &Page<'_>, options: &ValidateOptions) -> Vec<Diagnostic> {
    let mut out = Report::new(page.text(), options);
    let meta = header::check(page, &mut out);
    let outline = page.outline(&options.body);
    body::check(&meta, &outline, &mut out, &mut None, &mut |_, _| {});
    let mut found = out.finish();
    if let Some(s) = suppress::Suppressions::read(page.text(), page.body_offset()) {
        suppress::apply(s, &mut found, &|r| options.level(r));
    }
    found
}

/// Collects diagnostics for one page's text, locating spans on demand.
pub(crate) struct Report<'t> {
    text: &'t str,
    options: &'t ValidateOptions,
    at: Cursor,
    found: Vec<Diagnostic>,
}

impl<'t> Report<'t> {
    pub(crate) fn new(text: &'t str, options: &'t ValidateOptions) -> Self {
        Report {
            text,
            options,
            at: Cursor::default(),
            found: Vec::new(),
        }
    }

    pub(crate) fn options(&self) -> &'t ValidateOptions {
        self.options
    }

    pub(crate) fn on(&self, rule: Rule) -> bool {
        self.options.on(rule)
    }

    /// The location of byte `offset` of the text.
    pub(crate) fn locate(&mut self, offset: usize) -> Location {
        self.at.locate(self.text, offset)
    }

    /// Reports a finding of `rule` at `span` (unless the rule is allowed).
    pub(crate) fn emit(&mut self, rule: Rule, span: Span, message: String, help: Option<String>) {
        if self.on(rule) {
            let location = self.locate(span.start);
            self.emit_at(rule, span, location, message, help);
        }
    }

    /// Reports a finding of `rule` at `span`, located from a nearby earlier
    /// byte `from` whose location is `at`.
    pub(crate) fn emit_near(
        &mut self,
        rule: Rule,
        span: Span,
        (from, at): (usize, Location),
        message: String,
        help: Option<String>,
    ) {
        if self.on(rule) {
            let location = location_after(self.text, from, at, span.start)
                .unwrap_or_else(|| self.locate(span.start));
            self.emit_at(rule, span, location, message, help);
        }
    }

    /// Reports a finding of `rule` at `span`, which starts at `location`.
    pub(crate) fn emit_at(
        &mut self,
        rule: Rule,
        span: Span,
        location: Location,
        message: String,
        help: Option<String>,
    ) {
        if let Some(d) = self.options.finding(rule, span, location, message, help) {
            self.found.push(d);
        }
    }

    /// The findings, in source order (ties keep the order they were found
    /// in).
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        self.found.sort_by_key(|d| d.span.start);
        self.found
    }
}

/// A fast hash for the short keys of the site maps (paths, sort orders),
/// eight bytes at a time (the multiply-rotate scheme of rustc's `FxHasher`);
/// no key comes from anything but the site's own pages.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Fast(u64);

impl Fast {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for Fast {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        let mut word = [0u8; 8];
        for chunk in &mut chunks {
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// A hash map with [`Fast`] hashing.
pub(crate) type HashMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fast>>;

/// Finds locations by reading the text forward from the last one found
/// (findings come mostly in source order), from the start when asked for
/// an earlier one: cheaper than indexing every line of a page that has one
/// or two findings. Lines and columns are those of
/// [`LineIndex`](crate::LineIndex).
#[derive(Clone, Copy, Debug, Default)]
struct Cursor {
    /// A byte offset at the start of a line, or past a line ending.
    offset: usize,
    /// Its line.
    line: usize,
    /// Where that line starts.
    line_start: usize,
}

impl Cursor {
    fn locate(&mut self, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        if self.line == 0 || offset < self.offset {
            *self = Cursor {
                offset: 0,
                line: 1,
                line_start: 0,
            };
        }
        let b = text.as_bytes();
        let mut pos = self.offset;
        while let Some(i) = memchr::memchr2(b'\n', b'\r', &b[pos..offset]) {
            let at = pos + i;
            let next = if b[at] == b'\r' && b.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            if next > offset {
                // `offset` is the `\n` of a `\r\n`: still on this line.
                break;
            }
            self.line += 1;
            self.line_start = next;
            pos = next;
        }
        self.offset = pos;
        let mut start = self.line_start;
        if start == 0 && text.starts_with('\u{feff}') && offset >= 3 {
            start = 3;
        }
        let column = b[start..offset]
            .iter()
            .filter(|&&c| (c as i8) >= -0x40)
            .count()
            + 1;
        Location {
            line: self.line,
            column,
        }
    }
}

/// The location of byte `to` of `text`, found from that of byte `from`
/// (`at`) when both are on one line; `None` when a line break is between.
pub(crate) fn location_after(text: &str, from: usize, at: Location, to: usize) -> Option<Location> {
    let between = text.as_bytes().get(from..to)?;
    if memchr::memchr2(b'\n', b'\r', between).is_some() {
        return None;
    }
    let chars = between.iter().filter(|&&c| (c as i8) >= -0x40).count();
    Some(Location {
        line: at.line,
        column: at.column + chars,
    })
}

/// `text` in single quotes, with control characters escaped so that a
/// message stays on one line (as error messages quote what they found).
pub(crate) fn quote(text: &str) -> String {
    crate::error::Quoted(text).to_string()
}

/// The Optimal String Alignment distance between `a` and `b` (edits:
/// insert, delete, substitute, swap two neighbours), in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The candidate closest to `word` (ASCII case ignored), if it is close
/// enough to be a likely misspelling: at most a third of the word's length
/// in edits, at least one and at most three. The first of equally close
/// candidates wins.
pub(crate) fn closest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let lower = word.to_ascii_lowercase();
    let word: Vec<char> = lower.chars().collect();
    let limit = (word.len() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    let counts = |chars: &mut dyn Iterator<Item = char>| {
        let mut n = [0i32; 128];
        for c in chars {
            n[usize::from(u8::try_from(c.to_ascii_lowercase()).unwrap_or(127) & 127)] += 1;
        }
        n
    };
    let want = counts(&mut word.iter().copied());
    for c in candidates {
        // Cheap tests first: lengths in bytes bound lengths in characters,
        // and an edit changes the count of at most one character each way
        // (a swap, none), so the counts' difference bounds the distance.
        if c.len() + limit < word.len() || c.chars().count().abs_diff(word.len()) > limit {
            continue;
        }
        let have = counts(&mut c.chars());
        let (more, fewer) = want.iter().zip(&have).fold((0, 0), |(m, f), (w, h)| {
            (m + (w - h).max(0), f + (h - w).max(0))
        });
        if usize::try_from(more.max(fewer)).unwrap_or(usize::MAX) > limit {
            continue;
        }
        let d = edit_distance(&lower, &c.to_ascii_lowercase());
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_swaps_once() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("slug", "dlug"), 1);
        assert_eq!(edit_distance("title", "titel"), 1);
        assert_eq!(edit_distance("newsletters", "newsletter"), 1);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn cursor_agrees_with_the_line_index() {
        let texts = [
            "",
            "\u{feff}a\r\nb\rc\n\nd",
            "\r\r\n\n\r",
            "é\ré\r\né\n",
            "\u{feff}",
        ];
        for text in texts {
            let index = crate::LineIndex::new(text);
            let offsets: Vec<usize> = (0..=text.len() + 1).collect();
            // Forward, backward and jumping about.
            let mut order = offsets.clone();
            order.extend(offsets.iter().rev());
            order.extend(offsets.iter().step_by(3));
            let mut cursor = Cursor::default();
            for o in order {
                assert_eq!(
                    cursor.locate(text, o),
                    index.location(text, o),
                    "{text:?} {o}"
                );
            }
        }
    }

    #[test]
    fn closest_needs_a_near_match() {
        let keys = ["slug", "title", "toc", "newsletter"];
        assert_eq!(closest("Dlug", keys), Some("slug"));
        assert_eq!(closest("newsletters", keys), Some("newsletter"));
        assert_eq!(closest("foo", keys), None);
        assert_eq!(closest("", keys), None);
    }

    #[test]
    fn descriptions_are_plain_lines() {
        assert_eq!(
            Rule::MisspelledKey.description(),
            "An unknown key one or two edits away from a known one (`Dlug`: did you mean `slug`?). Warn."
        );
        assert_eq!(
            Rule::MissingField.description(),
            "A key that `ValidateOptions::required` asks for is missing (a post needs a `date`: Pelican skips an article without one). Deny."
        );
        for rule in Rule::ALL {
            assert!(!rule.description().is_empty(), "{rule:?}");
        }
    }

    #[test]
    fn every_code_round_trips() {
        for &rule in Rule::ALL {
            assert_eq!(Rule::from_code(rule.code()), Some(rule));
        }
        assert_eq!(Rule::from_code("no-such-rule"), None);
    }

    #[test]
    fn deny_warnings_keeps_notes_and_allows() {
        let mut o = ValidateOptions::default();
        o.allow(Rule::DuplicateKey).deny_warnings();
        assert_eq!(o.level(Rule::DuplicateKey), Level::Allow);
        assert_eq!(o.level(Rule::EmptyValue), Level::Deny);
        assert_eq!(o.level(Rule::UnknownKey), Level::Note);
        assert_eq!(o.level(Rule::OrphanPage), Level::Allow);
    }

    #[test]
    fn known_paths_match_exactly_or_below_a_star() {
        let mut o = ValidateOptions::default();
        o.known_paths(["/blog.html", "/tag/*"]);
        assert!(o.is_known_path("/blog.html"));
        assert!(o.is_known_path("/tag/python.html"));
        assert!(!o.is_known_path("/blog.htm"));
        assert!(!o.is_known_path("/tags.html"));
    }
}
