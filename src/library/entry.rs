//! An event's reference to a message or a fact: an id, written as a plain string, or an object
//! whose optional fields qualify it (`{"id": "FCT-R1", "kinds": ["briefing-note"]}` scopes the
//! item to some of the event's outputs). The object form is open to further optional fields;
//! an entry with none of them set is written back as the plain id, so an event's canonical
//! JSON (and so its hash) does not change when it uses only plain ids.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Id, Kind, Lang};

/// One message or fact an event (or one of its Q&A entries) uses.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entry {
    pub id: Id,
    /// The outputs that use the item; `None` means every output of the event.
    pub kinds: Option<Vec<Kind>>,
    /// The language the passage is in, when it is not the draft's (a bilingual speech);
    /// `None` means the draft's language.
    pub lang: Option<Lang>,
}

impl Entry {
    pub fn new(id: Id) -> Entry {
        Entry {
            id,
            kinds: None,
            lang: None,
        }
    }

    /// Whether a draft of `kind` uses this item.
    pub fn applies_to(&self, kind: Kind) -> bool {
        self.kinds.as_ref().map_or(true, |ks| ks.contains(&kind))
    }

    /// True when the entry is only an id (written as a plain string).
    fn is_plain(&self) -> bool {
        self.kinds.is_none() && self.lang.is_none()
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.id.fmt(f)
    }
}

/// A message or fact id with the event outputs that use it.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ScopedEntry")]
struct Full {
    /// The message or fact id.
    id: Id,
    /// Only these outputs of the event use the item (for example a restricted fact in the
    /// briefing note only); without it, every output does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kinds: Option<Vec<Kind>>,
    /// The language of this passage when it is not the draft's: a message in French inside an
    /// English speech (`en`, `fr`, `es` or `ar`; messages only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lang: Option<Lang>,
}

/// A message or fact the event uses: its id (used by every output), or an object with the id
/// and the outputs that use it, such as {"id": "FCT-R1", "kinds": ["briefing-note"]}.
#[allow(dead_code)] // only its schema is used: the loader reads entries with `EntryVisitor`
#[derive(JsonSchema)]
#[serde(untagged)]
enum EntrySchema {
    /// A message or fact id, used by every output of the event.
    Id(Id),
    /// A message or fact id with qualifiers.
    Full(Full),
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id, or an object such as {\"id\": \"...\", \"kinds\": [\"briefing-note\"]}")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Entry, E> {
        Id::parse(s).map(Entry::new).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
        let full = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
        if full.kinds.as_ref().is_some_and(Vec::is_empty) {
            return Err(de::Error::custom(format!(
                "`kinds` of `{}` is empty: name at least one output, or leave `kinds` out",
                full.id
            )));
        }
        Ok(Entry {
            id: full.id,
            kinds: full.kinds,
            lang: full.lang,
        })
    }
}

impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_plain() {
            self.id.serialize(s)
        } else {
            Full {
                id: self.id.clone(),
                kinds: self.kinds.clone(),
                lang: self.lang,
            }
            .serialize(s)
        }
    }
}

impl JsonSchema for Entry {
    fn schema_name() -> Cow<'static, str> {
        "Entry".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        EntrySchema::json_schema(g)
    }
}

impl super::Event {
    /// Every message entry: the delivery list, then each Q&A entry's, in file order.
    pub fn message_entries(&self) -> impl Iterator<Item = &Entry> {
        self.messages
            .iter()
            .chain(self.qa.iter().flat_map(|q| q.messages.iter()))
    }

    /// Every fact entry: the event's list, then each Q&A entry's, in file order.
    pub fn fact_entries(&self) -> impl Iterator<Item = &Entry> {
        self.facts
            .iter()
            .chain(self.qa.iter().flat_map(|q| q.facts.iter()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_an_id_or_an_object_and_round_trips() {
        let plain: Entry = serde_json::from_str(r#""FCT-1""#).unwrap();
        assert_eq!(plain, Entry::new(Id::parse("FCT-1").unwrap()));
        assert_eq!(serde_json::to_string(&plain).unwrap(), r#""FCT-1""#);
        let scoped: Entry =
            serde_json::from_str(r#"{"id": "FCT-R1", "kinds": ["briefing-note"]}"#).unwrap();
        assert!(scoped.applies_to(Kind::BriefingNote));
        assert!(!scoped.applies_to(Kind::Speech));
        assert_eq!(
            serde_json::to_string(&scoped).unwrap(),
            r#"{"id":"FCT-R1","kinds":["briefing-note"]}"#
        );
        let bare: Entry = serde_json::from_str(r#"{"id": "FCT-2"}"#).unwrap();
        assert_eq!(serde_json::to_string(&bare).unwrap(), r#""FCT-2""#);
    }

    #[test]
    fn bad_entries_are_refused() {
        for bad in [
            r#"{"id": "x", "kinds": []}"#,
            r#"{"id": "x", "kind": ["speech"]}"#,
            r#"{"id": "x", "kinds": ["speeches"]}"#,
            r#"{"kinds": ["speech"]}"#,
            "3",
        ] {
            assert!(serde_json::from_str::<Entry>(bad).is_err(), "{bad}");
        }
    }
}
