//! Checks pages and the site they make, and prints every finding.
//!
//! ```text
//! cargo run --release --example check -- [OPTIONS] PATH...
//!
//!   --format FORMAT       human (rustc-like, the default), concise (one
//!                         `path:line:col: severity[code] message` line),
//!                         json (one object per line), github (workflow
//!                         commands that annotate a pull request), sarif
//!                         (one SARIF 2.1.0 log)
//!   --statistics          print a count per code instead of the findings
//!   --color WHEN          auto (the default: on a terminal, unless NO_COLOR
//!                         is set), always, never
//!   --config FILE         the configuration file; by default the
//!                         pagefmt.toml of the first PATH's folder or of the
//!                         nearest folder above it
//!   --no-config           use no configuration file
//!   --deny warnings|CODE  make warnings (or one rule) errors; repeatable
//!   --warn CODE           report a rule as a warning; repeatable
//!   --allow CODE          do not check a rule; repeatable
//!   --known-path PATH     a site path that exists but is no page, such as
//!                         /blog.html (PATH/* for everything below); repeatable
//!   --site-host HOST      a host the site is served at: links to it are
//!                         checked as links to its paths; repeatable
//!   --known-key KEY       a header key the site's templates read; repeatable
//!   --fix                 fix what can be fixed without guessing, then
//!                         report what is left
//!   --dry-run             with --fix: print the fixes as a diff, change
//!                         nothing
//!   --dialect pymd|commonmark
//!                         how bodies are read: as Pelican renders them with
//!                         Python-Markdown (default), or as CommonMark
//! ```
//!
//! Each PATH is a page file or a folder, searched recursively for `*.md`
//! and `*.markdown` files (sorted; each found path is the folder argument as
//! given joined with the path below it). All the pages found make one
//! site: each is checked, then the site rules run across them.
//!
//! With no configuration, the rules are Pelican's judgement on any site;
//! a `pagefmt.toml` `[check]` table adds a site's house rules
//! (`examples/fullstackpython.toml` holds Full Stack Python's). The flags
//! apply over the file, in the order: `--deny warnings` first, then the
//! per-rule `--deny` and `--warn`, then `--allow`.
//!
//! Findings go to stdout. In `json` format each line is an object with the
//! keys `path`, `code`, `severity`, `line`, `column`, `start`, `end` (byte
//! offsets), `message` and `help`; a finding about a group of pages (one
//! per group: pages written to one path, or sharing a sort order) adds
//! `related` (the first other pages, each `{path, line, column, start,
//! end}`) and `related_count` (how many others in all); in `sarif` they are
//! the result's `relatedLocations`. Then a summary goes to stderr: `N pages,
//! E errors, W warnings, K notes in T s` (and what `--fix` fixed).
//!
//! The pages of folders are checked a batch at a time and only what the
//! rules across pages need is kept; a page's text is read again to show
//! its findings (human, github and sarif formats) or to fix them.
//!
//! Exit status: 0 when there is no error, 1 when there is one (or, with
//! `--fix --dry-run`, a fix to make), 2 on a usage error, a bad
//! configuration or a path that does not exist (nothing is checked), and 2
//! when a file could not be read or is not UTF-8: that file is reported on
//! stderr and left out, the other pages are checked and reported, and the
//! status is 2 even if they have errors.

#[path = "../common/mod.rs"]
mod common;
mod fixing;
mod output;
mod pages;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, ValueEnum};
use pagefmt::site::{Config, LoadOptions};
use pagefmt::validate::render::Renderer;
use pagefmt::validate::CheckConfig;
use pagefmt::{Level, Page, Rule, Severity, SiteCheck, SiteDiagnostic};

use pages::Pages;

/// How findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Rendered like rustc's diagnostics.
    Human,
    /// One `path:line:col: severity[code] message` line each.
    Concise,
    /// One JSON object per line.
    Json,
    /// GitHub Actions workflow commands.
    Github,
    /// One SARIF 2.1.0 log.
    Sarif,
}

/// When to use colour.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Checks pages and the site they make.
#[derive(Debug, Parser)]
#[command(name = "check")]
struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Print a count per code instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// The configuration file (by default, `pagefmt.toml` found by walking
    /// up from the first path).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Use no configuration file.
    #[arg(long)]
    no_config: bool,
    /// `warnings` (every warning becomes an error) or a rule's code.
    #[arg(long, value_name = "warnings|CODE", value_parser = parse_deny)]
    deny: Vec<Deny>,
    /// A rule to report as a warning.
    #[arg(long, value_name = "CODE", value_parser = parse_rule)]
    warn: Vec<Rule>,
    /// A rule not to check.
    #[arg(long, value_name = "CODE", value_parser = parse_rule)]
    allow: Vec<Rule>,
    /// A path of the site that is no page (`/blog.html`, or `/tag/*`).
    #[arg(long = "known-path", value_name = "PATH")]
    known_paths: Vec<String>,
    /// A host name the site is served at: links to it are checked as links
    /// to its paths.
    #[arg(long = "site-host", value_name = "HOST")]
    site_hosts: Vec<String>,
    /// A header key the site's templates read.
    #[arg(long = "known-key", value_name = "KEY")]
    known_keys: Vec<String>,
    /// Fix what can be fixed without guessing.
    #[arg(long)]
    fix: bool,
    /// With `--fix`: print the fixes as a diff instead of writing them.
    #[arg(long, requires = "fix")]
    dry_run: bool,
    #[command(flatten)]
    read: common::ReadArgs,
    /// The Pelican settings file (default: ROOT/pelicanconf.py): check
    /// ROOT as the site Pelican builds.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// A setting over all others, NAME=VALUE (JSON or a Python literal);
    /// repeatable.
    #[arg(long = "setting", value_name = "NAME=VALUE")]
    setting: Vec<String>,
    #[command(flatten)]
    body: common::BodyArgs,
    /// Page files and folders.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// What `--deny` names.
#[derive(Clone, Copy, Debug)]
enum Deny {
    Warnings,
    Rule(Rule),
}

fn parse_rule(code: &str) -> Result<Rule, String> {
    Rule::from_code(code).ok_or_else(|| {
        let codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        format!("no rule `{code}`; the rules are: {}", codes.join(", "))
    })
}

fn parse_deny(what: &str) -> Result<Deny, String> {
    if what == "warnings" {
        Ok(Deny::Warnings)
    } else {
        parse_rule(what).map(Deny::Rule)
    }
}

/// The configuration: the file's (given, found or none), then the flags.
fn config(args: &Args) -> Result<CheckConfig, String> {
    let file = if args.no_config {
        None
    } else if let Some(f) = &args.config {
        Some(f.clone())
    } else {
        args.paths.first().and_then(|p| Config::discover(p))
    };
    let mut c = match &file {
        Some(f) => CheckConfig::from_file(f).map_err(|e| e.to_string())?,
        None => CheckConfig::default(),
    };
    if args.deny.iter().any(|d| matches!(d, Deny::Warnings)) {
        c.deny_warnings();
    }
    for d in &args.deny {
        if let Deny::Rule(r) = d {
            c.set_level(*r, Level::Deny);
        }
    }
    for &r in &args.warn {
        c.set_level(r, Level::Warn);
    }
    for &r in &args.allow {
        c.set_level(r, Level::Allow);
    }
    let o = &mut c.options;
    o.body = args.body.options();
    o.known_paths(args.known_paths.iter().cloned());
    o.site_hosts.extend(args.site_hosts.iter().cloned());
    o.known_keys
        .extend(args.known_keys.iter().map(|k| k.to_ascii_lowercase()));
    Ok(c)
}

/// `n thing` or `n things`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("{n} {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// How many pages are read and checked at once: enough to keep every
/// thread busy, few enough that the texts held at once stay small.
const BATCH: usize = 256;

/// Checks the pages in `files`, a batch at a time: only what the rules
/// across pages need is kept of each. Those that cannot be read are
/// reported and left out (the last value counts them).
fn check_files(
    config: &CheckConfig,
    files: &[PathBuf],
    limit: u64,
) -> (Pages, Vec<SiteDiagnostic>, usize) {
    let mut check = SiteCheck::with_config(config);
    check.reserve(files.len());
    let mut unreadable = 0;
    let mut shown = Vec::with_capacity(files.len());
    let mut paths = Vec::with_capacity(files.len());
    for chunk in files.chunks(BATCH) {
        let mut batch: Vec<(String, String)> = Vec::with_capacity(chunk.len());
        for path in chunk {
            let name = common::path_text(path);
            let bytes = match common::read(path, limit) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("check: {e}");
                    unreadable += 1;
                    continue;
                }
            };
            if let Err(e) = Page::from_bytes(&bytes) {
                eprintln!("check: {name}: {e}");
                unreadable += 1;
                continue;
            }
            let text = String::from_utf8(bytes).unwrap_or_default();
            batch.push((name, text));
            paths.push(path.clone());
        }
        check.add_all(&batch);
        shown.extend(batch.into_iter().map(|(name, _)| name));
    }
    (
        Pages::on_disk(shown, paths, limit),
        check.finish(),
        unreadable,
    )
}

/// What is checked.
enum Input {
    /// Page files and folders, as one site of `/slug.html` pages.
    Files(Vec<PathBuf>),
    /// A Pelican project, read as Pelican builds it.
    Pelican(PathBuf, LoadOptions),
}

/// What a check gave: the pages, the findings, how many files could not
/// be read.
struct Checked {
    pages: Pages,
    found: Vec<SiteDiagnostic>,
    unreadable: usize,
}

/// The input the arguments name: a Pelican project when a settings file
/// or setting is given, or the only PATH is a folder with a
/// `pelicanconf.py`, or with a `pagefmt.toml` that has a `[settings]`
/// table.
fn input(args: &Args) -> Result<Input, String> {
    let mut load = LoadOptions {
        settings_file: args.settings.clone(),
        config: args.config.clone(),
        overrides: Vec::new(),
    };
    for s in &args.setting {
        load.add_setting(s)?;
    }
    let root = match args.paths.as_slice() {
        [root] if root.is_dir() => root,
        _ if args.settings.is_some() || !args.setting.is_empty() => {
            return Err("--settings and --setting take one project folder".to_owned());
        }
        _ => return Ok(Input::Files(args.paths.clone())),
    };
    // A `pagefmt.toml` in ROOT itself (or given) with `[settings]`.
    let has_settings = || {
        let file = args
            .config
            .clone()
            .unwrap_or_else(|| root.join("pagefmt.toml"));
        Config::read(&file).is_ok_and(|c| c.get("settings").is_some())
    };
    let pelican = args.settings.is_some()
        || !args.setting.is_empty()
        || root.join("pelicanconf.py").is_file()
        || (!args.no_config && has_settings());
    Ok(if pelican {
        Input::Pelican(root.clone(), load)
    } else {
        Input::Files(args.paths.clone())
    })
}

/// Checks the input; `notes` says whether to print the site's notes.
fn check(config: &CheckConfig, input: &Input, limit: u64, notes: bool) -> Result<Checked, String> {
    match input {
        Input::Files(args) => {
            let (files, walk_failed) = common::page_files("check", args);
            if walk_failed && files.is_empty() {
                return Err(String::new());
            }
            let (pages, found, unreadable) = check_files(config, &files, limit);
            Ok(Checked {
                pages,
                found,
                unreadable: unreadable + usize::from(walk_failed),
            })
        }
        Input::Pelican(root, load) => {
            let site = pagefmt::site::Site::load_with(root, load).map_err(|e| e.to_string())?;
            if notes {
                for note in site.notes() {
                    eprintln!("check: note: {note}");
                }
            }
            let (pages, found) = config.check_pelican(&site);
            Ok(Checked {
                pages: Pages::held(pages),
                found,
                unreadable: 0,
            })
        }
    }
}

fn main() -> ExitCode {
    let started = Instant::now();
    let args = Args::parse();
    let config = match config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("check: {e}");
            return ExitCode::from(2);
        }
    };
    let input = match input(&args) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("check: {e}");
            return ExitCode::from(2);
        }
    };
    let limit = args.read.max_size;
    let Checked {
        mut pages,
        mut found,
        unreadable,
    } = match check(&config, &input, limit, true) {
        Ok(c) => c,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("check: {e}");
            }
            return ExitCode::from(2);
        }
    };

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut fixed_note = String::new();
    let mut failed = false;
    if args.fix {
        let fixes = fixing::fixes(&pages, &found, &config.options);
        let n: usize = fixes.iter().map(|f| f.codes.len()).sum();
        if args.dry_run {
            for f in &fixes {
                failed |= fixing::diff(&mut out, f).is_err();
            }
            let _ = out.flush();
            eprintln!(
                "{}, would fix {} in {} in {:.2} s",
                count(pages.len(), "page"),
                count(n, "finding"),
                count(fixes.len(), "file"),
                started.elapsed().as_secs_f64()
            );
            return if failed || unreadable > 0 {
                ExitCode::from(2)
            } else if n > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
        for f in &fixes {
            let Some(path) = pages.path(f.page) else {
                continue;
            };
            if let Err(e) = common::write(&path, f.new.as_bytes()) {
                eprintln!("check: {e}");
                failed = true;
            }
        }
        if n > 0 {
            match check(&config, &input, limit, false) {
                Ok(again) => {
                    found = again.found;
                    pages = again.pages;
                }
                Err(e) => {
                    eprintln!("check: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        fixed_note = format!(", {} fixed", count(n, "finding"));
    }

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let written = if args.statistics {
        output::statistics(&mut out, &found)
    } else {
        write_findings(&mut out, args.format, &renderer, &pages, &found)
    };
    if written.and_then(|()| out.flush()).is_err() {
        return ExitCode::from(2);
    }
    let of = |s: Severity| found.iter().filter(|d| d.diagnostic.severity == s).count();
    let errors = of(Severity::Error);
    eprintln!(
        "{}, {}, {}, {}{fixed_note} in {:.2} s",
        count(pages.len(), "page"),
        count(errors, "error"),
        count(of(Severity::Warning), "warning"),
        count(of(Severity::Note), "note"),
        started.elapsed().as_secs_f64()
    );
    if unreadable > 0 || failed {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints every finding in `format`.
fn write_findings(
    out: &mut impl Write,
    format: Format,
    renderer: &Renderer,
    pages: &Pages,
    found: &[SiteDiagnostic],
) -> std::io::Result<()> {
    match format {
        Format::Sarif => {
            let log = output::sarif(found, &output::ends(pages, found)?);
            serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::other)?;
            writeln!(out)
        }
        Format::Json => {
            for d in found {
                serde_json::to_writer(&mut *out, d).map_err(std::io::Error::other)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Concise => {
            for d in found {
                output::concise(out, d)?;
            }
            Ok(())
        }
        // Each page's text is read again, once, for its findings.
        Format::Human => pages::with_texts(
            pages,
            found,
            |d| d.page,
            |_, d, text| writeln!(out, "{}\n", renderer.render_site(d, text)),
        ),
        Format::Github => {
            for (d, &end) in found.iter().zip(&output::ends(pages, found)?) {
                writeln!(out, "{}", output::github(d, end))?;
            }
            Ok(())
        }
    }
}
