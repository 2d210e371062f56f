//! `--fix` and `--fix --dry-run`: each page's fixable findings fixed with
//! the lossless edits, written back whole or shown as a diff.

use std::io::Write;

use pagefmt::{Page, SiteDiagnostic, ValidateOptions};

use crate::pages::Pages;

/// What fixing one page gave.
pub struct Fixed {
    /// The page's position among the pages read.
    pub page: usize,
    /// The page's path, as shown.
    pub path: String,
    /// The text before.
    pub old: String,
    /// The text after.
    pub new: String,
    /// The codes of the findings fixed.
    pub codes: Vec<&'static str>,
}

/// The fixes of every page that has fixable findings (`found` is grouped
/// by page, as a site check gives it), each page's text read again.
pub fn fixes(pages: &Pages, found: &[SiteDiagnostic], options: &ValidateOptions) -> Vec<Fixed> {
    let mut out = Vec::new();
    let mut rest = found;
    while let Some(first) = rest.first() {
        let n = rest.iter().take_while(|d| d.page == first.page).count();
        let (of_page, after) = rest.split_at(n);
        rest = after;
        let Some(path) = pages.shown.get(first.page) else {
            continue;
        };
        let text = pages.text(first.page);
        let mut page = Page::parse(&text);
        let diagnostics: Vec<_> = of_page.iter().map(|d| d.diagnostic.clone()).collect();
        let codes = pagefmt::validate::fix(&mut page, &diagnostics, options);
        if !codes.is_empty() {
            out.push(Fixed {
                page: first.page,
                path: path.clone(),
                old: text.to_string(),
                new: page.to_string(),
                codes,
            });
        }
    }
    out
}

/// A unified diff of one fixed page.
pub fn diff(out: &mut impl Write, fixed: &Fixed) -> std::io::Result<()> {
    let diff = similar::TextDiff::from_lines(&fixed.old, &fixed.new);
    let shown = diff
        .unified_diff()
        .context_radius(1)
        .header(&format!("a/{}", fixed.path), &format!("b/{}", fixed.path))
        .to_string();
    out.write_all(shown.as_bytes())
}
