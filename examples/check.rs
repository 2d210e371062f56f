//! Checks pages and the site they make, and prints every finding.
//!
//! ```text
//! cargo run --release --example check -- [OPTIONS] PATH...
//!
//!   --format human|json   rustc-like text (default), or one JSON object per line
//!   --deny warnings|CODE  make warnings (or one rule) errors; repeatable
//!   --warn CODE           report a rule as a warning; repeatable
//!   --allow CODE          do not check a rule; repeatable
//!   --known-path PATH     a site path that exists but is no page, such as
//!                         /blog.html (PATH/* for everything below); repeatable
//!   --site-host HOST      a host the site is served at: links to it are
//!                         checked as links to its paths; repeatable
//!   --known-key KEY       a header key the site's templates read; repeatable
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
//! Findings go to stdout: in `human` format rendered like rustc's (in
//! colour when stdout is a terminal and `NO_COLOR` is not set), in `json`
//! format one object per line with the keys `path`, `code`, `severity`,
//! `line`, `column`, `start`, `end` (byte offsets), `message` and `help`.
//! Then a summary goes to stderr: `N pages, E errors, W warnings, K notes`.
//!
//! `--deny`, `--warn` and `--allow` apply in the order: `--deny warnings`
//! first, then the per-rule `--deny` and `--warn`, then `--allow`.
//!
//! Exit status: 0 when there is no error, 1 when there is one, 2 on a usage
//! error or a path that does not exist (nothing is checked), and 2 when a
//! file could not be read or is not UTF-8: that file is reported on stderr
//! and left out, the other pages are checked and reported, and the status
//! is 2 even if they have errors.

#[path = "common/mod.rs"]
mod common;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use pagefmt::validate::render::Renderer;
use pagefmt::{Level, Page, Rule, Severity, Site, ValidateOptions};

/// How findings are printed.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// Rendered like rustc's diagnostics.
    Human,
    /// One JSON object per line.
    Json,
}

/// Checks pages and the site they make.
#[derive(Debug, Parser)]
#[command(name = "check")]
struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
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
    #[command(flatten)]
    read: common::ReadArgs,
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

fn options(args: &Args) -> ValidateOptions {
    let mut o = ValidateOptions::default();
    o.body = args.body.options();
    if args.deny.iter().any(|d| matches!(d, Deny::Warnings)) {
        o.deny_warnings();
    }
    for d in &args.deny {
        if let Deny::Rule(r) = d {
            o.set_level(*r, Level::Deny);
        }
    }
    for &r in &args.warn {
        o.set_level(r, Level::Warn);
    }
    for &r in &args.allow {
        o.allow(r);
    }
    o.known_paths(args.known_paths.iter().cloned());
    o.site_hosts.extend(args.site_hosts.iter().cloned());
    o.known_keys
        .extend(args.known_keys.iter().map(|k| k.to_ascii_lowercase()));
    o
}

/// `n thing` or `n things`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("{n} {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = options(&args);
    let (files, walk_failed) = common::page_files("check", &args.paths);
    if walk_failed && files.is_empty() {
        return ExitCode::from(2);
    }

    // Read every file; those that cannot be read are reported and left out.
    let mut unreadable = usize::from(walk_failed);
    let mut texts: Vec<(String, String)> = Vec::with_capacity(files.len());
    for path in &files {
        let shown = common::path_text(path);
        let bytes = match common::read(path, args.read.max_size) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("check: {e}");
                unreadable += 1;
                continue;
            }
        };
        if let Err(e) = Page::from_bytes(&bytes) {
            eprintln!("check: {shown}: {e}");
            unreadable += 1;
            continue;
        }
        let text = String::from_utf8(bytes).unwrap_or_default();
        texts.push((shown, text));
    }

    let site: Site = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let found = site.check(&options);

    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for d in &found {
        match d.diagnostic.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Note => notes += 1,
        }
        let written = match args.format {
            Format::Json => serde_json::to_string(d)
                .map_err(std::io::Error::other)
                .and_then(|line| writeln!(out, "{line}")),
            Format::Human => {
                let text = site.page(d.page).map_or("", |(_, p)| p.text());
                let shown = renderer.render(&d.diagnostic, &d.path, text);
                writeln!(out, "{shown}\n")
            }
        };
        if written.is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    eprintln!(
        "{}, {}, {}, {}",
        count(site.len(), "page"),
        count(errors, "error"),
        count(warnings, "warning"),
        count(notes, "note")
    );
    if unreadable > 0 {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
