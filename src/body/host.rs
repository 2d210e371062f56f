//! [`Link::host`]: the host a link's URL names.

use super::Link;

impl Link<'_> {
    /// The host of the destination, for a URL with an authority
    /// (`https://host/...`, `http:`, `//host/...`, `ftp://...`): without
    /// user information or port, as written (hosts compare
    /// case-insensitively: see [`host`]). `None` for a path, a fragment,
    /// `mailto:` and other URLs without `//`.
    ///
    /// ```
    /// use pagefmt::{BodyOptions, Page};
    ///
    /// let page = Page::parse("[a](https://Docs.Python.org:443/3/) [b](//cdn.example.com/x.js) [c](/local.html)\n");
    /// let body = page.outline(&BodyOptions::default());
    /// let hosts: Vec<Option<&str>> = body.links.iter().map(|l| l.host()).collect();
    /// assert_eq!(hosts, [Some("Docs.Python.org"), Some("cdn.example.com"), None]);
    /// ```
    #[must_use]
    pub fn host(&self) -> Option<&str> {
        host(&self.dest)
    }
}

/// The host of a URL with an authority (`scheme://host` or `//host`):
/// between the `//` and the first `/`, `?` or `#`, without the user
/// information (up to the last `@`) and the port (`:digits`, after an IPv6
/// literal's `]`). `None` when there is no `//` authority or the host is
/// empty.
///
/// ```
/// use pagefmt::body::host;
///
/// assert_eq!(host("https://user:pw@example.com:8080/a?b#c"), Some("example.com"));
/// assert_eq!(host("http://[::1]:8000/"), Some("[::1]"));
/// assert_eq!(host("mailto:a@example.com"), None);
/// assert_eq!(host("/wsgi-servers.html"), None);
/// ```
#[must_use]
pub fn host(url: &str) -> Option<&str> {
    let rest = match url.find("//") {
        Some(0) => &url[2..],
        Some(i) => {
            let scheme = url[..i].strip_suffix(':')?;
            let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
            if !valid {
                return None;
            }
            &url[i + 2..]
        }
        None => return None,
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.rfind(':') {
        Some(i) if !host_port[i..].contains(']') => &host_port[..i],
        _ => host_port,
    };
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn hosts() {
        for (url, want) in [
            ("https://example.com", Some("example.com")),
            ("HTTPS://EXAMPLE.com/", Some("EXAMPLE.com")),
            ("http://a.b:80", Some("a.b")),
            ("//cdn.x.org/lib.js", Some("cdn.x.org")),
            ("ftp://u@files.org/x", Some("files.org")),
            ("http://[2001:db8::1]/", Some("[2001:db8::1]")),
            ("https://example.com?q=//x", Some("example.com")),
            ("https:///path", None),
            ("/path//x", None),
            ("a/b//c", None),
            ("#x", None),
            ("", None),
            ("1http://x", None),
        ] {
            assert_eq!(host(url), want, "{url}");
        }
    }
}
