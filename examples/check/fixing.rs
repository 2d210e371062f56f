//! `--fix` and `--fix --dry-run`: each page's fixable findings fixed with
//! the lossless edits, written back whole or shown as a diff.

use std::io::Write;
use std::path::Path;

use pagefmt::{Page, SiteDiagnostic, ValidateOptions};

/// What fixing one page gave.
pub struct Fixed {
    /// The page's path, as found.
    pub path: String,
    /// The text before.
    pub old: String,
    /// The text after.
    pub new: String,
    /// The codes of the findings fixed.
    pub codes: Vec<&'static str>,
}

/// The fixes of every page that has fixable findings (`found` is grouped
/// by page, as a site check gives it).
pub fn fixes(
    texts: &[(String, String)],
    found: &[SiteDiagnostic],
    options: &ValidateOptions,
) -> Vec<Fixed> {
    let mut out = Vec::new();
    let mut rest = found;
    while let Some(first) = rest.first() {
        let n = rest.iter().take_while(|d| d.page == first.page).count();
        let (of_page, after) = rest.split_at(n);
        rest = after;
        let Some((path, text)) = texts.get(first.page) else {
            continue;
        };
        let mut page = Page::parse(text);
        let diagnostics: Vec<_> = of_page.iter().map(|d| d.diagnostic.clone()).collect();
        let codes = pagefmt::validate::fix(&mut page, &diagnostics, options);
        if !codes.is_empty() {
            out.push(Fixed {
                path: path.clone(),
                old: text.clone(),
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

/// Writes `text` to `path` atomically: into a new file beside it, then
/// renamed over it, so that the file is never left cut or emptied.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy());
    let tmp = dir.join(format!(".{name}.pagefmt-{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        if let Ok(meta) = std::fs::metadata(path) {
            f.set_permissions(meta.permissions())?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
