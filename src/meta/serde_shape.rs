//! The serde shape of [`PageMeta`]: one entry per header key, as the page
//! writes it (see the [module docs](crate::meta#serde)).

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Deserializer, Serialize};

use super::read::{text_field, text_field_mut, Part, Slot, SORT_ORDER_EXPECTED};
use super::{Category, Date, PageMeta, SortOrder, SortOrderKey};

/// The key of the nested map of [`PageMeta::extra`].
const EXTRA: &str = "extra";

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl Serialize for PageMeta {
    /// A map of the present fields in canonical order, under their header
    /// keys, then `extra` (when there are extra fields).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for slot in Slot::PLAIN {
            match slot {
                Slot::Category => {
                    if let Some(c) = &self.category {
                        map.serialize_entry("category", c.as_str())?;
                    }
                }
                Slot::SortOrder => {
                    if let Some(o) = &self.sort_order {
                        map.serialize_entry(o.key.as_str(), &o.digits)?;
                    }
                }
                Slot::Date | Slot::Modified => {
                    let d = if slot == Slot::Date {
                        &self.date
                    } else {
                        &self.modified
                    };
                    if let Some(d) = d {
                        map.serialize_entry(&slot.key(), d)?;
                    }
                }
                Slot::Toc | Slot::Newsletter => {
                    let b = if slot == Slot::Toc {
                        self.toc
                    } else {
                        self.newsletter
                    };
                    if let Some(b) = b {
                        map.serialize_entry(&slot.key(), &b)?;
                    }
                }
                Slot::Tags | Slot::Authors => {
                    let items = if slot == Slot::Tags {
                        &self.tags
                    } else {
                        &self.authors
                    };
                    if !items.is_empty() {
                        map.serialize_entry(&slot.key(), items)?;
                    }
                }
                _ => {
                    if let Some(Some(v)) = text_field(self, slot) {
                        map.serialize_entry(&slot.key(), v)?;
                    }
                }
            }
        }
        for i in 0..self.choices.len() {
            for part in Part::ALL {
                let slot = Slot::Choice(i, part);
                if let Some(Some(v)) = text_field(self, slot) {
                    map.serialize_entry(&slot.key(), v)?;
                }
            }
        }
        if !self.extra.is_empty() {
            map.serialize_entry(EXTRA, &ExtraOut(self))?;
        }
        map.end()
    }
}

/// [`PageMeta::extra`] as a map: a key that occurs more than once is
/// written once, at its first place, with the list of its values.
struct ExtraOut<'m>(&'m PageMeta);

impl Serialize for ExtraOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let groups = self.0.extra_grouped();
        let mut map = s.serialize_map(Some(groups.len()))?;
        for (key, values) in groups {
            match values.as_slice() {
                [one] => map.serialize_entry(key, one)?,
                many => map.serialize_entry(key, many)?,
            }
        }
        map.end()
    }
}

/// One extra value or the list of a repeated key's values.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// [`PageMeta::extra`] read from a map.
struct ExtraIn(Vec<(String, String)>);

impl<'de> Deserialize<'de> for ExtraIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ExtraIn;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of keys to a string or a list of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ExtraIn, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    match map.next_value::<OneOrMany>()? {
                        OneOrMany::One(v) => out.push((key, v)),
                        OneOrMany::Many(vs) => out.extend(vs.into_iter().map(|v| (key.clone(), v))),
                    }
                }
                Ok(ExtraIn(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> Deserialize<'de> for PageMeta {
    /// Reads the map [`Serialize`] writes: keys in any order and any case;
    /// an unknown key, a field given twice or a bad value is an error.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(MetaVisitor)
    }
}

struct MetaVisitor;

impl<'de> Visitor<'de> for MetaVisitor {
    type Value = PageMeta;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of page header keys to values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PageMeta, A::Error> {
        let mut meta = PageMeta::default();
        let mut seen: Vec<Slot> = Vec::new();
        let mut extra_seen = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let name = key.to_ascii_lowercase();
            if name == EXTRA {
                if std::mem::replace(&mut extra_seen, true) {
                    return Err(de::Error::custom("`extra` is given more than once"));
                }
                meta.extra = map.next_value::<ExtraIn>()?.0;
                continue;
            }
            let Some(slot) = Slot::from_name(&name) else {
                return Err(de::Error::custom(format_args!(
                    "unknown key `{key}`: expected a typed header key (`title`, `slug`, `sortorder`, `choice1url`, ...) or `extra`"
                )));
            };
            if seen.contains(&slot) {
                return Err(de::Error::custom(format_args!(
                    "key `{key}`: the field is given more than once"
                )));
            }
            seen.push(slot);
            match slot {
                Slot::Category => {
                    meta.category = Some(Category::parse(&map.next_value::<String>()?));
                }
                Slot::SortOrder => {
                    let digits = map.next_value::<String>()?;
                    let key = if name == "sort-order" {
                        SortOrderKey::Hyphenated
                    } else {
                        SortOrderKey::Joined
                    };
                    meta.sort_order = Some(SortOrder::parse(&digits, key).ok_or_else(|| {
                        de::Error::custom(format_args!(
                            "invalid value for `{name}`: expected {SORT_ORDER_EXPECTED}, found {digits:?}"
                        ))
                    })?);
                }
                Slot::Date => meta.date = Some(map.next_value::<Date>()?),
                Slot::Modified => meta.modified = Some(map.next_value::<Date>()?),
                Slot::Toc => meta.toc = Some(map.next_value::<bool>()?),
                Slot::Newsletter => meta.newsletter = Some(map.next_value::<bool>()?),
                Slot::Tags => meta.tags = map.next_value::<Vec<String>>()?,
                Slot::Authors => meta.authors = map.next_value::<Vec<String>>()?,
                _ => {
                    let value = map.next_value::<String>()?;
                    if let Some(field) = text_field_mut(&mut meta, slot) {
                        *field = Some(value);
                    }
                }
            }
        }
        Ok(meta)
    }
}
