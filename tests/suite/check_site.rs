//! Checking whole sites as Pelican builds them
//! (`CheckConfig::check_pelican`): on Pelican's own test sites, every
//! error is one Pelican's build reports too, and every page Pelican skips
//! or link it cannot resolve (from a Markdown page) is reported; on Full
//! Stack Python, the real broken links.

use std::collections::BTreeMap;
use std::path::Path;

use pagefmt::site::{LoadOptions, Site};
use pagefmt::validate::CheckConfig;
use pagefmt::{Severity, SiteDiagnostic};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The sites of `tests/expected/sites/SITES.tsv`: name, root, settings
/// file, pagefmt.toml.
fn sites(corpus: &Path) -> Vec<(String, LoadOptions, std::path::PathBuf)> {
    let text = std::fs::read_to_string(repo().join("tests/expected/sites/SITES.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            // A path under the repository's tests/, or under the corpus.
            let place = |s: &str| {
                if s.starts_with("tests/") {
                    repo().join(s)
                } else {
                    corpus.join(s)
                }
            };
            let options = LoadOptions {
                settings_file: (f[2] != "-").then(|| place(f[2])),
                config: Some(if f[3] == "-" {
                    repo().join("tests/fixtures/sites/empty.toml")
                } else {
                    repo().join(f[3])
                }),
                overrides: Vec::new(),
            };
            (f[0].to_owned(), options, place(f[1]))
        })
        .collect()
}

/// Whether two paths name one file (the corpus may be reached through a
/// link).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn counts(found: &[SiteDiagnostic]) -> Vec<(&'static str, usize)> {
    let mut counts = BTreeMap::new();
    for d in found {
        *counts.entry(d.diagnostic.code).or_insert(0) += 1;
    }
    counts.into_iter().collect()
}

#[test]
fn pelican_test_sites_get_pelicans_errors() {
    let Some(corpus) = crate::common::corpus() else {
        return;
    };
    let config = CheckConfig::default();
    let mut checked = 0;
    for (name, options, root) in sites(&corpus) {
        if name.starts_with("fullstackpython") {
            continue;
        }
        let site = Site::load_with(&root, &options).unwrap();
        let (_, found) = config.check_pelican(&site);
        let content = site.content_path();
        println!("{name}: {:?}", counts(&found));
        let warnings = std::fs::read_to_string(
            repo().join(format!("tests/expected/sites/{name}/warnings.txt")),
        )
        .unwrap();
        let errors: Vec<&SiteDiagnostic> = found
            .iter()
            .filter(|d| d.diagnostic.severity == Severity::Error)
            .collect();
        let mut matched = vec![false; errors.len()];
        for w in warnings.lines() {
            // What the warning says, and which error of ours says it too.
            let hit = |d: &SiteDiagnostic| -> bool {
                if let Some(rest) = w.strip_prefix("Skipping ") {
                    let (path, why) = rest.split_once(": ").unwrap();
                    same_file(&content.join(path), Path::new(&d.path))
                        && match why {
                            "could not find information about 'title'" => {
                                d.diagnostic.code == "missing-title"
                            }
                            "could not find information about 'date'" => {
                                d.diagnostic.code == "missing-field"
                            }
                            _ => false,
                        }
                } else if let Some(rest) = w.strip_prefix("Cannot get modification stamp for ") {
                    let file = rest.split_whitespace().next().unwrap();
                    let name = Path::new(file).file_name().unwrap().to_str().unwrap();
                    d.diagnostic.code == "broken-internal-link"
                        && d.diagnostic.message.contains(name)
                } else if let Some(rest) = w.strip_prefix("Unable to find '") {
                    let target = rest.split('\'').next().unwrap();
                    d.diagnostic.code == "broken-internal-link"
                        && d.diagnostic.message.contains(target)
                } else {
                    false
                }
            };
            let at = errors.iter().position(|d| hit(d));
            assert!(at.is_some(), "{name}: Pelican says {w:?}; we do not");
            matched[at.unwrap()] = true;
        }
        // Pelican checks only intrasite links; a plain link we call broken
        // must lead to a path its build does not write.
        let outputs = std::fs::read_to_string(
            repo().join(format!("tests/expected/sites/{name}/outputs.txt")),
        )
        .unwrap();
        for (d, m) in errors.iter().zip(&matched) {
            if *m {
                continue;
            }
            let dest = d
                .diagnostic
                .message
                .strip_prefix("link to '")
                .and_then(|r| r.split('\'').next())
                .unwrap_or("");
            let path = dest
                .trim_start_matches('/')
                .split(['#', '?'])
                .next()
                .unwrap_or("");
            let plain = !dest.is_empty() && !dest.starts_with(['{', '|']);
            assert!(
                d.diagnostic.code == "broken-internal-link"
                    && plain
                    && !outputs.lines().any(|o| o == path),
                "{name}: error Pelican does not report: {} {}",
                d.path,
                d.diagnostic
            );
            println!("{name}: a plain link Pelican leaves unchecked: {dest}");
        }
        checked += 1;
    }
    assert_eq!(checked, 7);
}

#[test]
fn full_stack_python_sites() {
    let Some(corpus) = crate::common::corpus() else {
        return;
    };
    let house = crate::common::house_config();
    let mut figures = Vec::new();
    for (name, options, root) in sites(&corpus) {
        if !name.starts_with("fullstackpython") {
            continue;
        }
        let site = Site::load_with(&root, &options).unwrap();
        let (_, default) = CheckConfig::default().check_pelican(&site);
        let (_, with_house) = house.check_pelican(&site);
        println!("{name} default: {:?}", counts(&default));
        println!("{name} house: {:?}", counts(&with_house));
        figures.push((name, counts(&default), counts(&with_house), default));
    }
    assert_eq!(figures.len(), 2);
    // 2016's pages built with 2023's project: the only broken links are to
    // images of 2016's static folder, which 2023's no longer lists.
    let (_, _, _, found_2016) = &figures[1];
    for d in found_2016
        .iter()
        .filter(|d| d.diagnostic.code == "broken-internal-link")
    {
        assert!(
            d.diagnostic.message.starts_with("link to '/img/"),
            "{}",
            d.diagnostic.message
        );
    }
    let (_, default_2023, _, found_2023) = &figures[0];
    assert_eq!(
        default_2023,
        &[
            ("broken-internal-link", 43),
            ("empty-link", 1),
            ("script-in-page", 1),
            ("unknown-key", 9)
        ]
    );
    let broken: Vec<&str> = found_2023
        .iter()
        .filter(|d| d.diagnostic.code == "broken-internal-link")
        .map(|d| d.diagnostic.message.as_str())
        .collect();
    // Misspelled slugs and missing example pages are caught ...
    for message in [
        "link to '/sqlachemy.html': no item, static file or output at /sqlachemy.html",
        "link to '/web-framework.html': no item, static file or output at /web-framework.html",
        "link to '/django-template-engine-examples.html': no item, static file or output at /django-template-engine-examples.html",
    ] {
        assert!(broken.contains(&message), "{message}");
    }
    // ... and none of the pages the build publishes beyond the settings
    // (redirects, static HTML, direct templates).
    for published in [
        "/deployments.html",
        "/pymux.html",
        "/sqlobject.html",
        "/blog.html",
        "/table-of-contents.html",
    ] {
        assert!(
            !broken.iter().any(|m| m.contains(&format!("'{published}'"))),
            "{published} is published"
        );
    }
}

/// Links in the header fields Pelican renders as Markdown (`summary`) are
/// checked as the body's are, each at its place in the header, and a page
/// linked only from a summary is not an orphan.
#[test]
fn summary_links_are_checked() {
    let dir = std::env::temp_dir().join(format!("pagefmt-check-summary-{}", std::process::id()));
    let content = dir.join("content");
    std::fs::create_dir_all(content.join("pages")).unwrap();
    std::fs::write(dir.join("pelicanconf.py"), "PATH = 'content'\n").unwrap();
    // The last link's text reads as its destination: the finding is at
    // the destination.
    let post = concat!(
        "\u{feff}Summary: See [gone]({filename}missing.md) and\n",
        "    [about]({filename}pages/about.md#nope), [ok]({filename}pages/about.md#team)\n",
        "    [{filename}x.md]({filename}x.md)\n",
        "Title: Post\n",
        "Date: 2024-01-02\n",
        "\n",
        "No links in the body.\n",
    );
    std::fs::write(content.join("post.md"), post).unwrap();
    std::fs::write(content.join("pages/about.md"), "Title: About\n\n## Team\n").unwrap();
    std::fs::write(
        content.join("pages/alone.md"),
        "Title: Alone\n\nNobody links here.\n",
    )
    .unwrap();

    let site = Site::load(&dir).unwrap();
    let mut config = CheckConfig::default();
    config.set_level(
        pagefmt::validate::Rule::OrphanPage,
        pagefmt::validate::Level::Warn,
    );
    let (_, found) = config.check_pelican(&site);
    let shown: Vec<(&str, &str, String)> = found
        .iter()
        .map(|d| {
            let file = d.path.rsplit(['/', '\\']).next().unwrap_or("");
            (file, d.diagnostic.code, d.diagnostic.location.to_string())
        })
        .collect();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        shown,
        [
            ("alone.md", "orphan-page", "line 1, column 8".to_owned()),
            (
                "post.md",
                "broken-internal-link",
                "line 1, column 21".to_owned()
            ),
            ("post.md", "broken-fragment", "line 2, column 13".to_owned()),
            (
                "post.md",
                "broken-internal-link",
                "line 3, column 22".to_owned()
            ),
        ],
        "{found:#?}"
    );
    let written: Vec<&str> = found[1..]
        .iter()
        .map(|d| &post[d.diagnostic.span.range()])
        .collect();
    assert_eq!(
        written,
        [
            "{filename}missing.md",
            "{filename}pages/about.md#nope",
            "{filename}x.md"
        ]
    );
    let broken = &found[1].diagnostic;
    assert_eq!(
        broken.message,
        "link to '{filename}missing.md': no file {filename}missing.md in the content"
    );
}
