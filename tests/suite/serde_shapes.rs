//! The serde shape of `PageMeta`, as JSON, YAML and TOML read it: the
//! page's own keys, nothing absent written, dates in ISO 8601.

use pagefmt::{Date, Page, PageMeta, Time};

const PAGE: &str = "\
Title: Shipping Logs with Python
slug: shipping-logs-python
meta: How to ship application logs
    from many servers to one place.
category: post
date: 2021-03-04 09:30
modified: 2021-03-05
sort-order: 0300
toc: False
sidebartitle: 3. Logs
headerimage: /img/210304-logs/header.jpg
tags: python, logging
choice2url: /monitoring.html
choice2text: Monitoring
x-series: logs
x-note: first
x-note: second

Body.
";

fn meta() -> PageMeta {
    Page::parse(PAGE).meta().unwrap()
}

#[test]
fn json() {
    let json = serde_json::to_string_pretty(&meta()).unwrap();
    insta::assert_snapshot!(json);
    let back: PageMeta = serde_json::from_str(&json).unwrap();
    assert_eq!(back, meta());
}

#[test]
fn yaml() {
    let yaml = serde_norway::to_string(&meta()).unwrap();
    insta::assert_snapshot!(yaml);
    let back: PageMeta = serde_norway::from_str(&yaml).unwrap();
    assert_eq!(back, meta());
}

#[test]
fn toml() {
    let toml = toml::to_string(&meta()).unwrap();
    insta::assert_snapshot!(toml);
    let back: PageMeta = toml::from_str(&toml).unwrap();
    assert_eq!(back, meta());
}

#[test]
fn an_empty_meta_is_an_empty_map() {
    assert_eq!(serde_json::to_string(&PageMeta::default()).unwrap(), "{}");
    let back: PageMeta = serde_json::from_str("{}").unwrap();
    assert_eq!(back, PageMeta::default());
}

#[test]
fn dates_carry_their_offset() {
    let meta = PageMeta {
        date: Date::new(2016, 5, 8, Time::new(10, 14, 0), Some(-5 * 3600)),
        modified: Date::new(2016, 5, 9, None, None),
        ..PageMeta::default()
    };
    let json = serde_json::to_string(&meta).unwrap();
    assert_eq!(
        json,
        r#"{"date":"2016-05-08T10:14:00-05:00","modified":"2016-05-09"}"#
    );
    assert_eq!(serde_json::from_str::<PageMeta>(&json).unwrap(), meta);
}
