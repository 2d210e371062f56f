//! The header rules.

use crate::error::ErrorKind;
use crate::header::Field;
use crate::meta::{Category, PageMeta};
use crate::page::Page;
use crate::span::Span;

use super::{closest, quote, Report, Rule};

/// The span of a field's whole value: from its first value to its last
/// (continuation lines included).
pub(crate) fn value_span(field: &Field<'_>) -> Span {
    let mut values = field.values();
    let first = values.next().map_or(field.key_span().end, |v| v.span.start);
    let last = values.last().map_or(field.value().span.end, |v| v.span.end);
    Span::new(first, last.max(first))
}

/// What makes `slug` unusable for Pelican, if anything: it is written
/// into the output path and the URL as it is.
fn pelican_slug_problem(slug: &str) -> Option<&'static str> {
    if slug.starts_with('/') {
        return Some("a leading `/` makes Pelican write outside the output folder");
    }
    if slug.split(['/', '\\']).any(|s| s == "..") {
        return Some("a `..` segment makes Pelican write outside the output folder");
    }
    let c = slug.chars().find(|&c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '?' | '#' | '%' | '\\' | '"' | '\'' | '<' | '>')
    })?;
    Some(match c {
        '?' | '#' => "the URL's path would end there",
        c if c.is_whitespace() => {
            "white space in a URL must be escaped, and the file name keeps it"
        }
        _ => "the character cannot stand bare in a URL",
    })
}

/// Whether `slug` is lowercase ASCII letters and digits in words joined by
/// single hyphens (the strict form of a house style).
pub(crate) fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A valid slug made from `text`: lowercased, each run of other characters
/// made one hyphen, hyphens trimmed. Empty when `text` has no ASCII letter
/// or digit.
fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The name a required key is checked under: `sort-order` and `sortorder`
/// are one field.
fn canonical_key(key: &str) -> String {
    if key.eq_ignore_ascii_case("sort-order") {
        "sortorder".to_owned()
    } else {
        key.to_ascii_lowercase()
    }
}

/// Whether `key` (any case) names the field `canonical` (as
/// [`canonical_key`] writes it).
fn is_key(key: &str, canonical: &str) -> bool {
    key.eq_ignore_ascii_case(canonical)
        || (canonical == "sortorder" && key.eq_ignore_ascii_case("sort-order"))
}

/// Runs the header rules on `page`; returns the typed meta-data read on
/// the way (for the body and site rules).
pub(crate) fn check(page: &Page<'_>, out: &mut Report<'_>) -> PageMeta {
    let (meta, errors) = page.meta_lenient();
    let header = page.header();
    let options = out.options();
    super::text::check(page, out);

    // Fields whose value the typed reading found bad: an empty one there is
    // reported as a bad value, not also as an empty one.
    let bad_values: Vec<Span> = errors
        .iter()
        .filter(|e| matches!(e.kind(), ErrorKind::InvalidValue { .. }))
        .map(crate::Error::span)
        .collect();

    // Field by field: unknown keys, empty values, choice groups.
    // choices[n] = (first field's span, which parts are present).
    let mut choices: [(Option<Span>, [bool; 3]); 4] = [(None, [false; 3]); 4];
    for field in header.fields() {
        let name = field.name();
        let known = crate::PELICAN_KEYS.contains(&name.as_ref())
            || options.known_keys.iter().any(|k| *k == name);
        if !known && (out.on(Rule::UnknownKey) || out.on(Rule::MisspelledKey)) {
            let candidates = crate::PELICAN_KEYS
                .iter()
                .copied()
                .chain(options.known_keys.iter().map(String::as_str));
            match closest(&name, candidates) {
                Some(near) => out.emit(
                    Rule::MisspelledKey,
                    field.key_span(),
                    format!("unknown key `{}`", field.key()),
                    Some(format!("did you mean `{near}`?")),
                ),
                None => out.emit(
                    Rule::UnknownKey,
                    field.key_span(),
                    format!("unknown key `{}`", field.key()),
                    Some("Pelican keeps it as page metadata, but only a theme or plugin that reads it uses it; add it to the known keys if yours does".to_owned()),
                ),
            }
        }
        if field.values().all(|v| v.text.is_empty())
            && !bad_values.iter().any(|s| field.span().contains(*s))
        {
            out.emit(
                Rule::EmptyValue,
                field.span(),
                format!("empty value for `{}`", field.key()),
                Some("give it a value or remove the line".to_owned()),
            );
        }
        if out.on(Rule::TrailingWhitespace) {
            for (v, line) in field.values().zip(field.line_spans()) {
                if !v.text.is_empty() && v.span.end < line.end {
                    out.emit(
                        Rule::TrailingWhitespace,
                        Span::new(v.span.end, line.end),
                        format!("white space after the value of `{}`", field.key()),
                        Some("remove it: Pelican drops it".to_owned()),
                    );
                }
            }
        }
        if let Some((n, part)) = choice_part(&name) {
            let group = &mut choices[n];
            group.0.get_or_insert(field.key_span());
            group.1[part] = true;
        }
    }
    for (n, (span, parts)) in choices.iter().enumerate() {
        let Some(span) = *span else { continue };
        if parts.iter().all(|&p| p) {
            continue;
        }
        let name = |i: usize| format!("`choice{}{}`", n + 1, ["url", "icon", "text"][i]);
        let have: Vec<String> = (0..3).filter(|&i| parts[i]).map(name).collect();
        let lack: Vec<String> = (0..3).filter(|&i| !parts[i]).map(name).collect();
        out.emit(
            Rule::IncompleteChoice,
            span,
            format!(
                "incomplete choice {}: found {} but no {}",
                n + 1,
                have.join(" and "),
                lack.join(" or ")
            ),
            Some(format!(
                "a choice needs `choice{0}url`, `choice{0}icon` and `choice{0}text`",
                n + 1
            )),
        );
    }

    // Bad values and repeated keys, as the typed reading found them.
    for e in &errors {
        match e.kind() {
            ErrorKind::InvalidValue { key, expected } => {
                let lower = key.to_ascii_lowercase();
                let rule = match lower.as_str() {
                    "toc" | "newsletter" => Rule::InvalidBool,
                    "sortorder" | "sort-order" => Rule::InvalidSortOrder,
                    "date" | "modified" => Rule::InvalidDate,
                    "slug" => Rule::InvalidSlug,
                    "category" => Rule::UnknownCategory,
                    _ => Rule::InvalidValue,
                };
                let found = e.found();
                let help = match rule {
                    _ if found.contains('\n') => {
                        "write the value on one line: Pelican reads only the first".to_owned()
                    }
                    Rule::InvalidBool if found.eq_ignore_ascii_case("true") => {
                        "write `True`: the templates compare the text exactly".to_owned()
                    }
                    Rule::InvalidBool if found.eq_ignore_ascii_case("false") => {
                        "write `False`: the templates compare the text exactly".to_owned()
                    }
                    Rule::InvalidBool => "write `True` or `False`".to_owned(),
                    Rule::InvalidSortOrder => {
                        "a sort order is digits only, such as `0719`".to_owned()
                    }
                    Rule::InvalidDate => "write the date as `YYYY-MM-DD`, such as `2023-04-14`, with an optional ` HH:MM` time".to_owned(),
                    _ => format!("write {expected}"),
                };
                out.emit(
                    rule,
                    e.span(),
                    format!(
                        "invalid value for `{key}`: expected {expected}, found {}",
                        quote(found)
                    ),
                    Some(help),
                );
            }
            ErrorKind::DuplicateKey { key, first } => {
                if !out.on(Rule::DuplicateKey) {
                    continue;
                }
                let this = header.fields().find(|f| f.key_span() == e.span());
                let kept = header
                    .fields()
                    .find(|f| same_field(&f.name(), &key.to_ascii_lowercase()))
                    .map(|f| f.joined().into_owned())
                    .unwrap_or_default();
                let found = this.map(|f| f.joined().into_owned()).unwrap_or_default();
                out.emit(
                    Rule::DuplicateKey,
                    this.map_or(e.span(), |f| f.span()),
                    format!(
                        "duplicate key `{key}`: found {} here; the first value, {} at line {}, is kept",
                        quote(&found),
                        quote(&kept),
                        first.line
                    ),
                    Some("Pelican keeps the first value and ignores this one; remove one of them".to_owned()),
                );
            }
            _ => {}
        }
    }

    // Values that read well but are wrong for the site.
    let first = |key: &str| header.get(key);
    if let (Some(slug), Some(field)) = (&meta.slug, first("slug")) {
        if !slug.is_empty() {
            let fixed = slugify(slug);
            let fixed = (!fixed.is_empty()).then(|| format!("write `{fixed}`"));
            if let Some(problem) = pelican_slug_problem(slug) {
                out.emit(
                    Rule::InvalidSlug,
                    value_span(&field),
                    format!("invalid slug {}: {problem}", quote(slug)),
                    fixed,
                );
            } else if options.strict_slugs && !is_valid_slug(slug) {
                out.emit(
                    Rule::InvalidSlug,
                    value_span(&field),
                    format!(
                        "invalid slug {}: expected lowercase ASCII letters, digits and single hyphens",
                        quote(slug)
                    ),
                    fixed,
                );
            }
        }
    }
    if let (Some(category), Some(field)) = (&meta.category, first("category")) {
        let cat = category.as_str();
        // An empty one is reported as an empty value.
        let allowed = &options.categories;
        if !cat.is_empty() && !allowed.is_empty() && !allowed.iter().any(|c| c == cat) {
            let list = allowed.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>();
            let list = match list.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => list.join(""),
            };
            let help = match closest(cat, allowed.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("write {list}"),
            };
            out.emit(
                Rule::UnknownCategory,
                value_span(&field),
                format!("unknown category {}: expected {list}", quote(cat)),
                Some(help),
            );
        }
    }
    if let (Some(date), Some(modified), Some(field)) =
        (&meta.date, &meta.modified, first("modified"))
    {
        if modified.chronological_cmp(date).is_lt() {
            out.emit(
                Rule::InvalidDate,
                value_span(&field),
                format!(
                    "`modified` is before `date`: found {}, but the page is dated {}",
                    quote(modified.as_str()),
                    quote(date.as_str())
                ),
                Some(
                    "a page is modified on or after the date it is published; fix one of the dates"
                        .to_owned(),
                ),
            );
        }
    }
    if let (Some(description), Some(field)) = (&meta.description, first("meta")) {
        let chars = description.chars().count();
        let max = options.max_description;
        if chars > max {
            out.emit(
                Rule::LongDescription,
                value_span(&field),
                format!("description (`meta`) is {chars} characters long, over {max}"),
                Some(format!(
                    "search results show about {max} characters; shorten it"
                )),
            );
        }
    }
    if let Some(line) = page.header_not_terminated() {
        let text = page.text().get(line.range()).unwrap_or_default();
        out.emit(
            Rule::HeaderNotTerminated,
            line,
            format!(
                "header not ended by a blank line: {} is read as the first body line",
                quote(text)
            ),
            Some("add a blank line after the header, or write this line as `key: value` if it belongs to it".to_owned()),
        );
    }

    // Required keys.
    let present: Vec<&str> = header.fields().map(|f| f.key()).collect();
    let start = Span::empty(header.span().start);
    let mut asked: Vec<String> = Vec::new();
    let below = header_below_blank(page);
    for key in &options.required {
        let moved = below.as_ref().and_then(|(blank, keys)| {
            let (found, line) = keys.iter().find(|(k, _)| is_key(k, &canonical_key(key)))?;
            Some((*blank, format!(
                "the page starts with a blank line, which ends the header before it starts: the `{found}:` line (line {line}) is read as body text; remove the blank first line"
            )))
        });
        let (span, help) = moved.map_or((start, None), |(s, h)| (s, Some(h)));
        check_required(key, None, span, help, &present, &mut asked, out);
    }
    if let (Some(category), Some(field)) = (&meta.category, first("category")) {
        for (cat, keys) in &options.required_by_category {
            if cat == category {
                for key in keys {
                    check_required(
                        key,
                        Some(cat),
                        value_span(&field),
                        None,
                        &present,
                        &mut asked,
                        out,
                    );
                }
            }
        }
    }
    meta
}

/// When the page has no header because its first line is blank, that
/// line's span and the keys (as written, with their lines) of the header
/// that would be read without the blank lines.
fn header_below_blank(page: &Page<'_>) -> Option<(Span, Vec<(String, usize)>)> {
    if !page.header().is_empty() {
        return None;
    }
    let text = page.text();
    let bom = if page.has_bom() { 3 } else { 0 };
    let rest = text.get(bom..)?;
    let first_end = rest.find('\n').map_or(rest.len(), |n| n + 1);
    if !rest[..first_end].trim().is_empty() || first_end == rest.len() && rest.trim().is_empty() {
        return None;
    }
    let blank_lines = rest.len() - rest.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    // Back to the start of the line the trimmed white space stopped in.
    let below_at = rest[..blank_lines].rfind('\n').map_or(0, |n| n + 1);
    let below = Page::parse(&rest[below_at..]);
    let skipped = rest[..below_at].matches('\n').count();
    let index = crate::LineIndex::new(below.text());
    let keys: Vec<(String, usize)> = below
        .header()
        .fields()
        .map(|f| {
            let line = index.location(below.text(), f.key_span().start).line;
            (f.key().to_owned(), line + skipped)
        })
        .collect();
    let line_end = rest[..first_end].trim_end_matches(['\n', '\r']).len();
    (!keys.is_empty()).then(|| (Span::new(bom, bom + line_end), keys))
}

/// Reports `key` when the header lacks it (once per key), with `help` if
/// given (else the plain advice to add it).
fn check_required(
    key: &str,
    category: Option<&Category>,
    span: Span,
    help: Option<String>,
    present: &[&str],
    asked: &mut Vec<String>,
    out: &mut Report<'_>,
) {
    let key = canonical_key(key);
    if present.iter().any(|p| is_key(p, &key)) || asked.contains(&key) {
        return;
    }
    let rule = match key.as_str() {
        "title" => Rule::MissingTitle,
        "slug" => Rule::MissingSlug,
        "category" => Rule::MissingCategory,
        _ => Rule::MissingField,
    };
    let message = match category {
        Some(cat) => format!("missing `{key}`: a page of category `{cat}` needs one"),
        None => format!("missing `{key}`: every page needs one"),
    };
    out.emit(
        rule,
        span,
        message,
        Some(help.unwrap_or_else(|| format!("add a `{key}: ...` line to the header"))),
    );
    asked.push(key);
}

/// Whether two lowercase keys name the same typed field.
fn same_field(a: &str, b: &str) -> bool {
    canonical_key(a) == canonical_key(b)
}

/// The group (0 to 3) and part (0 url, 1 icon, 2 text) of a `choiceN...`
/// key.
fn choice_part(name: &str) -> Option<(usize, usize)> {
    let rest = name.strip_prefix("choice")?;
    let n = match rest.as_bytes().first()? {
        d @ b'1'..=b'4' => usize::from(d - b'1'),
        _ => return None,
    };
    let part = ["url", "icon", "text"]
        .iter()
        .position(|p| rest.get(1..) == Some(*p))?;
    Some((n, part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["a", "wsgi-servers", "python-3", "0719"] {
            assert!(is_valid_slug(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "Oracle", "a_b", "é"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
        assert_eq!(slugify("Oracle"), "oracle");
        assert_eq!(slugify(" Task  Queues! "), "task-queues");
        assert_eq!(slugify("--"), "");
    }

    #[test]
    fn choice_keys() {
        assert_eq!(choice_part("choice1url"), Some((0, 0)));
        assert_eq!(choice_part("choice4text"), Some((3, 2)));
        assert_eq!(choice_part("choice5url"), None);
        assert_eq!(choice_part("choice1"), None);
    }
}
