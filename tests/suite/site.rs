//! Sites as Pelican builds them: what `pagefmt::site` computes, compared
//! with what Pelican 4.12 computed for the same sites
//! (`tests/expected/sites/`, written by `scripts/pelican_site.py`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pagefmt::site::{LoadOptions, PyValue, ResolvedKind, Settings, Site};
use pagefmt::BodyOptions;
use serde_json::Value;

use crate::common::corpus;

/// One site of `SITES.tsv`.
struct SiteCase {
    name: String,
    root: PathBuf,
    settings: Option<PathBuf>,
    config: Option<PathBuf>,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn cases(corpus: &Path) -> Vec<SiteCase> {
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
            let opt = |s: &str| (s != "-").then(|| place(s));
            SiteCase {
                name: f[0].to_owned(),
                root: place(f[1]),
                settings: opt(f[2]),
                config: opt(f[3]),
            }
        })
        .collect()
}

fn load(case: &SiteCase) -> Site {
    let options = LoadOptions {
        settings_file: case.settings.clone(),
        // Without a fixture, no pagefmt.toml (none is searched for).
        config: Some(
            case.config
                .clone()
                .unwrap_or_else(|| repo().join("tests/fixtures/sites/empty.toml")),
        ),
        overrides: Vec::new(),
    };
    Site::load_with(&case.root, &options).unwrap_or_else(|e| panic!("{}: {e}", case.name))
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Differences known and explained (in the note of the site module):
/// `(site, what)`.
const KNOWN: [(&str, &str); 2] = [
    // deunicode writes ツ as "tu", Pelican's unidecode as "tsu".
    ("pelican-tests", "output only ours: tag/matuku.html"),
    ("pelican-tests", "output only Pelican's: tag/matsuku.html"),
];

#[test]
fn agrees_with_pelican() {
    let Some(corpus) = corpus() else { return };
    let mut differences = Vec::new();
    let (mut items_total, mut items_agree, mut fields_total, mut fields_agree) = (0, 0, 0, 0);
    let (mut outputs_total, mut outputs_agree, mut links_total, mut links_agree) = (0, 0, 0, 0);
    let mut field_links_pelicans = 0;
    for case in cases(&corpus) {
        let site = load(&case);
        let dir = repo().join("tests/expected/sites").join(&case.name);
        // Items, field by field.
        let expected = jsonl(&dir.join("items.jsonl"));
        let ours: BTreeMap<(String, &str), _> = site
            .items()
            .iter()
            .map(|i| ((i.source.clone(), i.kind.as_str()), i))
            .collect();
        let mut seen = BTreeSet::new();
        for e in &expected {
            items_total += 1;
            let key = (
                e["source"].as_str().unwrap().to_owned(),
                e["kind"].as_str().unwrap(),
            );
            seen.insert(key.clone());
            let Some(item) = ours.get(&key) else {
                differences.push(format!("{}: item only Pelican's: {}", case.name, key.0));
                continue;
            };
            let original = item.translation_of.map(|i| site.items()[i].source.clone());
            let date_local = |d: Option<pagefmt::site::SiteDate>| {
                d.map(|d| pagefmt::site::SiteDate { offset: None, ..d }.to_string())
            };
            let offset_ok = match item.date.and_then(|d| d.offset) {
                Some(off) => e["offset"].as_i64() == Some(i64::from(off)),
                None => true,
            };
            let checks: [(&str, Value, bool); 10] = [
                ("status", item.status.as_str().into(), true),
                ("slug", item.slug.clone().into(), true),
                ("url", item.url.clone().into(), true),
                ("save_as", item.save_as.clone().into(), true),
                ("lang", item.lang.clone().into(), true),
                ("category", item.category.clone().into(), true),
                ("date", date_local(item.date).into(), true),
                ("offset", Value::Null, offset_ok),
                ("modified", date_local(item.modified).into(), true),
                ("translation_of", original.into(), true),
            ];
            let mut all = true;
            for (field, value, ok) in checks {
                fields_total += 1;
                let same = ok && (field == "offset" || e[field] == value);
                if same {
                    fields_agree += 1;
                } else {
                    all = false;
                    differences.push(format!(
                        "{}: {} {field}: ours {value}, Pelican's {}",
                        case.name, key.0, e[field]
                    ));
                }
            }
            items_agree += usize::from(all);
        }
        for key in ours.keys() {
            if !seen.contains(key) {
                differences.push(format!("{}: item only ours: {}", case.name, key.0));
            }
        }
        // Outputs.
        let expected: BTreeSet<String> = std::fs::read_to_string(dir.join("outputs.txt"))
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        let (ours, notes) = site.outputs();
        assert!(notes.is_empty(), "{}: {notes:?}", case.name);
        let ours: BTreeSet<String> = ours.into_iter().collect();
        outputs_total += expected.len();
        outputs_agree += expected.intersection(&ours).count();
        for p in ours.difference(&expected) {
            differences.push(format!("{}: output only ours: {p}", case.name));
        }
        for p in expected.difference(&ours) {
            differences.push(format!("{}: output only Pelican's: {p}", case.name));
        }
        // Intrasite links (the body's and those of the header fields
        // Pelican renders): resolved or not, and to which source.
        let mut ours: BTreeMap<(String, String), (bool, Option<String>)> = BTreeMap::new();
        let mut field_intrasite = BTreeSet::new();
        for item in site.items() {
            let body = item.page.outline(&BodyOptions::pelican());
            let fields = item.field_links().iter().map(|l| l.dest.as_str());
            for dest in body.links.iter().map(|l| &*l.dest).chain(fields.clone()) {
                let r = site.resolve_dest(&item.source, dest);
                let target = match r.kind {
                    ResolvedKind::Item | ResolvedKind::Static => r.target.clone(),
                    _ => None,
                };
                ours.insert(
                    (item.source.clone(), dest.to_owned()),
                    (r.kind != ResolvedKind::Unresolved, target),
                );
            }
            let intrasite = fields.filter(|d| d.starts_with(['{', '|']));
            field_intrasite.extend(intrasite.map(|d| (item.source.clone(), d.to_owned())));
        }
        for e in jsonl(&dir.join("links.jsonl")) {
            links_total += 1;
            let key = (
                e["source"].as_str().unwrap().to_owned(),
                e["link"].as_str().unwrap().to_owned(),
            );
            field_links_pelicans += usize::from(field_intrasite.remove(&key));
            let want = (
                e["resolved"].as_bool().unwrap(),
                e["target"].as_str().map(str::to_owned),
            );
            match ours.get(&key) {
                Some(got) if *got == want => links_agree += 1,
                got => differences.push(format!(
                    "{}: link {} in {}: ours {got:?}, Pelican's {want:?}",
                    case.name, key.1, key.0
                )),
            }
        }
        for (source, dest) in &field_intrasite {
            differences.push(format!(
                "{}: header link only ours: {dest} in {source}",
                case.name
            ));
        }
    }
    eprintln!(
        "items {items_agree}/{items_total}, fields {fields_agree}/{fields_total}, \
         outputs {outputs_agree}/{outputs_total}, intrasite links {links_agree}/{links_total} \
         (of them in formatted header fields: {field_links_pelicans})"
    );
    let unexplained: Vec<&String> = differences
        .iter()
        .filter(|d| {
            !KNOWN
                .iter()
                .any(|(site, what)| **d == format!("{site}: {what}"))
        })
        .collect();
    assert!(unexplained.is_empty(), "{unexplained:#?}");
    assert!(items_total > 800 && links_total > 0 && field_links_pelicans > 0);
}

#[test]
fn settings_file_with_notes_and_overrides() {
    let dir = std::env::temp_dir().join(format!("pagefmt-site-{}", std::process::id()));
    let content = dir.join("content");
    std::fs::create_dir_all(content.join("pages")).unwrap();
    std::fs::create_dir_all(content.join("posts/python")).unwrap();
    std::fs::write(
        dir.join("pelicanconf.py"),
        concat!(
            "from base import *\n",
            "PATH = 'content'\n",
            "ARTICLE_URL = 'blog/{date:%Y}/{date:%m}/{slug}/'\n",
            "ARTICLE_SAVE_AS = ARTICLE_URL + 'index.html'\n",
            "PLUGINS = [load('x')]\n",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("base.py"),
        "DEFAULT_LANG = u'zh-TW'\nSLUGIFY_SOURCE = 'basename'\n",
    )
    .unwrap();
    std::fs::write(
        content.join("posts/python/Как-читать-архитектуру.md"),
        "Title: Чтение\nDate: Sunday 3 May 2020 10:00 +0100\nSummary: See [a]({filename}missing.md)\n    and [b]({filename}/pages/about.md#nope)\n\nBody [a]({filename}/pages/about.md#team) [b](../../pages/about.html) [c]({filename}missing.md)\n",
    )
    .unwrap();
    std::fs::write(
        content.join("pages/about.md"),
        "Title: About\nLang: EN\n\n## Team\n\n<a name=\"jobs\"></a>\n",
    )
    .unwrap();
    std::fs::write(
        content.join("posts/draft.md"),
        "Title: Soon\nStatus: draft\n\n",
    )
    .unwrap();
    std::fs::write(
        content.join("posts/bad.md"),
        "Title: Bad\nDate: someday\n\n",
    )
    .unwrap();

    let site = Site::load(&dir).unwrap();
    let notes: Vec<String> = site.notes().iter().map(ToString::to_string).collect();
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(notes[0].ends_with(
        "pelicanconf.py:5: setting PLUGINS not read: `PLUGINS = [load('x')]` is not a literal value"
    ));
    assert!(notes[1].ends_with("bad.md: not an item: 'someday' is not a valid date"));

    let post = site.item("posts/python/Как-читать-архитектуру.md").unwrap();
    assert_eq!(post.slug, "kak-chitat-arkhitekturu");
    assert_eq!(post.category.as_deref(), Some("python"));
    assert_eq!(post.lang, "zh-tw");
    assert_eq!(post.url, "blog/2020/05/kak-chitat-arkhitekturu/");
    assert_eq!(
        post.save_as,
        "blog/2020/05/kak-chitat-arkhitekturu/index.html"
    );
    assert_eq!(post.date.unwrap().to_string(), "2020-05-03T10:00:00+01:00");

    let about = site.item("pages/about.md").unwrap();
    // A page's own lang is kept as written; not the default, so the LANG_ pattern.
    assert_eq!(about.lang, "EN");
    assert_eq!(about.url, "pages/about-EN.html");
    let draft = site.item("posts/draft.md").unwrap();
    assert_eq!(
        (draft.url.as_str(), draft.date),
        ("drafts/draft.html", None)
    );

    let links = post.page.outline(&BodyOptions::default()).links;
    let r: Vec<_> = links
        .iter()
        .map(|l| site.resolve(&post.source, l))
        .collect();
    assert_eq!(r[0].kind, ResolvedKind::Item);
    assert_eq!(r[0].target.as_deref(), Some("pages/about.md"));
    assert_eq!(r[0].fragment_found, Some(true));
    // ../../pages/about.html from blog/2020/05/slug/: not the page's URL.
    assert_eq!(r[1].kind, ResolvedKind::Unresolved);
    assert_eq!(r[2].kind, ResolvedKind::Unresolved);
    let jobs = site.resolve_dest(&post.source, "/pages/about-EN.html#jobs");
    assert_eq!(
        (jobs.kind, jobs.fragment_found),
        (ResolvedKind::Item, Some(true))
    );
    let nope = site.resolve_dest(&post.source, "/pages/about-EN.html#nope");
    assert_eq!(nope.fragment_found, Some(false));

    // The summary's links (a formatted field), at their lines.
    let fields: Vec<_> = post
        .field_links()
        .iter()
        .map(|l| {
            let r = site.resolve_dest(&post.source, &l.dest);
            let at = (l.location.line, l.location.column);
            (
                l.field.as_str(),
                l.dest.as_str(),
                at,
                r.kind,
                r.fragment_found,
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "summary",
                "{filename}missing.md",
                (3, 14),
                ResolvedKind::Unresolved,
                None
            ),
            (
                "summary",
                "{filename}/pages/about.md#nope",
                (4, 9),
                ResolvedKind::Item,
                Some(false)
            ),
        ]
    );

    // --setting overrides, as on the command line.
    let mut options = LoadOptions::default();
    options.add_setting("ARTICLE_URL=\"{slug}.html\"").unwrap();
    options
        .add_setting("ARTICLE_SAVE_AS=\"{slug}.html\"")
        .unwrap();
    let site = Site::load_with(&dir, &options).unwrap();
    let post = site.item("posts/python/Как-читать-архитектуру.md").unwrap();
    assert_eq!(post.url, "kak-chitat-arkhitekturu.html");
    assert!(options.add_setting("X={slug}").is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_is_reported() {
    let missing = Site::load(Path::new("/nonexistent/site")).unwrap_err();
    assert!(
        missing
            .to_string()
            .contains("the content folder (PATH) does not exist"),
        "{missing}"
    );
    let mut settings = Settings::default();
    settings.set("PAGE_URL", PyValue::Str("{nope}.html".into()));
    let dir = std::env::temp_dir().join(format!("pagefmt-site-bad-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pages")).unwrap();
    std::fs::write(dir.join("pages/a.md"), "Title: A\n\n").unwrap();
    std::fs::write(dir.join("pages/b.md"), [0xffu8, 0xfe]).unwrap();
    let site = Site::from_dir(&dir, &settings);
    let notes: Vec<String> = site.notes().iter().map(ToString::to_string).collect();
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(notes[0]
        .contains("a.md: not an item: PAGE_URL: pattern '{nope}.html': unknown field `nope`"));
    assert!(notes[1].contains("b.md"), "{}", notes[1]);
    std::fs::remove_dir_all(&dir).unwrap();
}
