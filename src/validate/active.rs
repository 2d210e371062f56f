//! `script-in-page` and the `dangerous-link`s of raw HTML's other URL
//! attributes (`<iframe src>`, `<form action>`, meta refresh ...).

use crate::body::{ActiveKind, Body, Target};

use super::body::dangerous_words;
use super::{quote, Report, Rule};

/// The rules over [`Body::active`].
pub(crate) fn check(body: &Body<'_>, out: &mut Report<'_>) {
    for item in &body.active {
        match item.kind {
            ActiveKind::Script => out.emit_at(
                Rule::ScriptInPage,
                item.span,
                item.location,
                "`<script>` element: the page runs script".to_owned(),
                Some("remove it; scripts belong in the theme's templates".to_owned()),
            ),
            ActiveKind::EventHandler => out.emit_at(
                Rule::ScriptInPage,
                item.span,
                item.location,
                format!(
                    "event-handler attribute `{}` on `<{}>` runs script: {}",
                    item.attribute,
                    item.tag,
                    quote(&item.value)
                ),
                Some("remove the attribute".to_owned()),
            ),
            _ => {
                if let Some(Target::Dangerous(scheme)) = item.target() {
                    let (name, why) = dangerous_words(scheme);
                    let place = if item.tag == "meta" {
                        "`<meta http-equiv=\"refresh\">`".to_owned()
                    } else {
                        format!("`<{} {}>`", item.tag, item.attribute)
                    };
                    out.emit_at(
                        Rule::DangerousLink,
                        item.span,
                        item.location,
                        format!(
                            "dangerous link {} in {place}: a `{name}` URL {why}",
                            quote(&item.value)
                        ),
                        Some("link to a page or an `https://` address instead".to_owned()),
                    );
                }
            }
        }
    }
}
