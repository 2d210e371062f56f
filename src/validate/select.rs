//! Choosing rules: [`ValidateOptions::only`] and
//! [`ValidateOptions::all_but`].

use super::{Level, Rule, ValidateOptions};

impl ValidateOptions {
    /// The default options with only `rules` checked: every other rule is
    /// allowed, and each of `rules` keeps its default level ([`Level::Warn`]
    /// for one that is allowed by default).
    ///
    /// ```
    /// use pagefmt::{validate, Page, Rule, ValidateOptions};
    ///
    /// let page = Page::parse("title: T\ntoc: maybe\n\n[a](b)\n");
    /// let options = ValidateOptions::only(&[Rule::InvalidBool]);
    /// let codes: Vec<&str> = validate(&page, &options).iter().map(|d| d.code).collect();
    /// assert_eq!(codes, ["invalid-bool"]);
    /// ```
    #[must_use]
    pub fn only(rules: &[Rule]) -> ValidateOptions {
        let mut options = ValidateOptions::default();
        for &rule in Rule::ALL {
            let level = match rule.default_level() {
                _ if !rules.contains(&rule) => Level::Allow,
                Level::Allow => Level::Warn,
                level => level,
            };
            options.set_level(rule, level);
        }
        options
    }

    /// The default options with `rules` allowed (not checked).
    #[must_use]
    pub fn all_but(rules: &[Rule]) -> ValidateOptions {
        let mut options = ValidateOptions::default();
        for &rule in rules {
            options.allow(rule);
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_and_all_but_are_complements() {
        let picked = [Rule::InvalidBool, Rule::ALL[0]];
        let only = ValidateOptions::only(&picked);
        let all_but = ValidateOptions::all_but(&picked);
        let default = ValidateOptions::default();
        for &rule in Rule::ALL {
            if picked.contains(&rule) {
                assert_ne!(only.level(rule), Level::Allow, "{rule:?}");
                assert_eq!(all_but.level(rule), Level::Allow, "{rule:?}");
            } else {
                assert_eq!(only.level(rule), Level::Allow, "{rule:?}");
                assert_eq!(all_but.level(rule), default.level(rule), "{rule:?}");
            }
        }
    }
}
