//! The output formats of `check`: how each finding is printed, and the
//! SARIF log that holds them all.

use std::io::{self, Write};

use pagefmt::{LineIndex, Rule, Severity, SiteDiagnostic};
use serde_json::{json, Value};

use crate::pages::{self, Pages};

/// `path:line:column: severity[code] message`, on a line.
pub fn concise(out: &mut impl Write, d: &SiteDiagnostic) -> io::Result<()> {
    let x = &d.diagnostic;
    writeln!(
        out,
        "{}:{}:{}: {}[{}] {}",
        d.path, x.location.line, x.location.column, x.severity, x.code, x.message
    )
}

/// A GitHub Actions workflow command that annotates the finding's place:
/// `::error file=P,line=L,col=C,endLine=L,endColumn=C,title=CODE::MESSAGE`.
pub fn github(d: &SiteDiagnostic, end: (usize, usize)) -> String {
    let x = &d.diagnostic;
    let command = match x.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut message = x.message.clone();
    if let Some(help) = &x.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&d.path),
        x.location.line,
        x.location.column,
        end.0,
        end.1,
        escape_property(x.code),
        escape_data(&message)
    )
}

/// A workflow command's message: `%`, CR and LF escaped.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as a message, and `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Where each finding ends (line, column), found with one reading and one
/// line index per page that has findings.
pub fn ends(pages: &Pages, found: &[SiteDiagnostic]) -> io::Result<Vec<(usize, usize)>> {
    let mut out = Vec::with_capacity(found.len());
    let mut index: Option<(usize, LineIndex)> = None;
    pages::with_texts(
        pages,
        found,
        |d| d.page,
        |_, d, text| {
            if index.as_ref().is_none_or(|(i, _)| *i != d.page) {
                index = Some((d.page, LineIndex::new(text)));
            }
            let end = index
                .as_ref()
                .map(|(_, lines)| lines.location(text, d.diagnostic.span.end))
                .map_or((0, 0), |l| (l.line, l.column));
            out.push(end);
            Ok(())
        },
    )?;
    Ok(out)
}

/// One SARIF 2.1.0 log of every finding, with every rule (id, short
/// description, help, default level).
pub fn sarif(found: &[SiteDiagnostic], ends: &[(usize, usize)]) -> Value {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            let description = r.description();
            let short = description
                .split_once(". ")
                .map_or(description.as_str(), |(first, _)| first);
            json!({
                "id": r.code(),
                "shortDescription": { "text": short },
                "fullDescription": { "text": description },
                "help": { "text": description },
                "defaultConfiguration": {
                    "enabled": r.default_level() != pagefmt::Level::Allow,
                    "level": r.default_level().severity().map_or("none", level),
                },
            })
        })
        .collect();
    let results: Vec<Value> = found
        .iter()
        .zip(ends)
        .map(|(d, &(end_line, end_column))| {
            let x = &d.diagnostic;
            let mut text = x.message.clone();
            if let Some(help) = &x.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": x.code,
                "ruleIndex": Rule::ALL.iter().position(|r| r.code() == x.code),
                "level": level(x.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": d.path.replace('\\', "/") },
                        "region": {
                            "startLine": x.location.line,
                            "startColumn": x.location.column,
                            "endLine": end_line,
                            "endColumn": end_column,
                            "byteOffset": x.span.start,
                            "byteLength": x.span.len(),
                        },
                    },
                }],
            });
            // The other pages of a group (at most `RELATED_MAX`), and how
            // many there are in all.
            if d.related_count > 0 {
                let related: Vec<Value> = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, r)| {
                        json!({
                            "id": id,
                            "physicalLocation": {
                                "artifactLocation": { "uri": r.path.replace('\\', "/") },
                                "region": {
                                    "startLine": r.location.line,
                                    "startColumn": r.location.column,
                                    "byteOffset": r.span.start,
                                    "byteLength": r.span.len(),
                                },
                            },
                        })
                    })
                    .collect();
                result["relatedLocations"] = Value::Array(related);
                result["properties"] = json!({ "relatedCount": d.related_count });
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "pagefmt",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// `--statistics`: the count of findings per code, most frequent first.
pub fn statistics(out: &mut impl Write, found: &[SiteDiagnostic]) -> io::Result<()> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in found {
        *counts.entry(d.diagnostic.code).or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (code, n) in counts {
        writeln!(out, "{n:>6}  {code}")?;
    }
    Ok(())
}
