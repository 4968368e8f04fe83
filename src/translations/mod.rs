//! Translation status of messages and facts (DESIGN.md §12): which language's text is the
//! source, which translations are up to date, outdated (the item's `version` moved past their
//! `of_version`) or unreviewed (text without a record), and the cross-field rules of the
//! `translations` field checked while loading. `numbers` reads figures per language for the
//! agreement check, `xliff` exchanges texts with translation tools, `edit` writes imported
//! translations back into content files in place. Nothing here prints.

use std::collections::BTreeMap;

use crate::jsonpos::{Node, Value};
use crate::library::{Event, Fact, Id, Lang, Loaded, Message, Texts, Translations};
use crate::problems::What;
use crate::validate::Problem;
use crate::workspace::Workspace;

pub mod edit;
pub mod exchange;
pub mod figures;
pub mod numbers;
pub mod xliff;

/// The language an item's text is written in when it does not say.
pub const DEFAULT_SOURCE: Lang = Lang::En;

/// A message or a fact, as far as translation goes.
pub trait Tracked {
    const WHAT: What;
    /// The field holding the text per language: `text` or `statement`.
    const FIELD: &'static str;
    fn id(&self) -> &Id;
    fn version(&self) -> u32;
    fn texts(&self) -> &Texts;
    fn source_lang(&self) -> Option<Lang>;
    fn records(&self) -> Option<&Translations>;

    /// The language the text is translated from.
    fn source(&self) -> Lang {
        self.source_lang().unwrap_or(DEFAULT_SOURCE)
    }
}

impl Tracked for Message {
    const WHAT: What = What::Message;
    const FIELD: &'static str = "text";
    fn id(&self) -> &Id {
        &self.id
    }
    fn version(&self) -> u32 {
        self.version
    }
    fn texts(&self) -> &Texts {
        &self.text
    }
    fn source_lang(&self) -> Option<Lang> {
        self.source_lang
    }
    fn records(&self) -> Option<&Translations> {
        self.translations.as_ref()
    }
}

impl Tracked for Fact {
    const WHAT: What = What::Fact;
    const FIELD: &'static str = "statement";
    fn id(&self) -> &Id {
        &self.id
    }
    fn version(&self) -> u32 {
        self.version
    }
    fn texts(&self) -> &Texts {
        &self.statement
    }
    fn source_lang(&self) -> Option<Lang> {
        self.source_lang
    }
    fn records(&self) -> Option<&Translations> {
        self.translations.as_ref()
    }
}

/// Where one language of one item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// The source text itself.
    Source,
    /// A translation of the current version.
    Ok,
    /// A translation of an earlier version.
    Outdated { of_version: u32 },
    /// Text with no translation record.
    Unreviewed,
    /// No text in this language.
    Missing,
    /// Text in an item that does not track its translations.
    Untracked,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Source => "source",
            State::Ok => "ok",
            State::Outdated { .. } => "outdated",
            State::Unreviewed => "unreviewed",
            State::Missing => "missing",
            State::Untracked => "untracked",
        }
    }

    /// Whether text in this state may not be used as approved text.
    pub fn blocks(self) -> bool {
        matches!(self, State::Outdated { .. } | State::Unreviewed)
    }
}

/// Where `lang` of `item` stands.
pub fn state<T: Tracked>(item: &T, lang: Lang) -> State {
    if !item.texts().contains_key(&lang) {
        return State::Missing;
    }
    if lang == item.source() {
        return State::Source;
    }
    let Some(records) = item.records() else {
        return State::Untracked;
    };
    match records.get(&lang) {
        Some(r) if r.of_version < item.version() => State::Outdated {
            of_version: r.of_version,
        },
        Some(_) => State::Ok,
        None => State::Unreviewed,
    }
}

/// Why `item`'s text in `lang` is not approved in that language, if it is not: the words
/// follow "message `x`" or "fact `x`". Items without `translations` are never refused here.
pub fn not_approved<T: Tracked>(item: &T, lang: Lang) -> Option<String> {
    match state(item, lang) {
        State::Outdated { of_version } => Some(format!(
            "has an outdated `{lang}` translation: it translates version {of_version}, the {} is at version {}",
            T::FIELD,
            item.version()
        )),
        State::Unreviewed => Some(format!(
            "has an unreviewed `{lang}` translation: `translations` has no `{lang}` entry"
        )),
        _ => None,
    }
}

/// The next step for a translation that is not approved.
pub fn hint<T: Tracked>(item: &T, lang: Lang) -> String {
    let flag = "or draft with --allow-unapproved to mark the draft NOT CLEARED";
    let v = item.version();
    match state(item, lang) {
        State::Outdated { .. } => format!(
            "update the `{lang}` {} to version {v} and set its `of_version` to {v} (`lectern translations export --lang {lang} --only outdated`), {flag}",
            T::FIELD
        ),
        _ => format!(
            "have the `{lang}` {} reviewed and record it in `translations` ({{\"{lang}\": {{\"of_version\": {v}, \"by\": \"...\", \"on\": \"YYYY-MM-DD\"}}}}), {flag}",
            T::FIELD
        ),
    }
}

/// Every event that lists each message and each fact (in its messages, facts or Q&A), in id
/// order.
#[derive(Debug, Default)]
pub struct Users<'a> {
    pub messages: BTreeMap<&'a Id, Vec<&'a Loaded<Event>>>,
    pub facts: BTreeMap<&'a Id, Vec<&'a Loaded<Event>>>,
}

impl<'a> Users<'a> {
    pub fn of(ws: &'a Workspace) -> Users<'a> {
        let mut out = Users::default();
        for ev in ws.events.values() {
            let add = |map: &mut BTreeMap<&'a Id, Vec<&'a Loaded<Event>>>, id: &'a Id| {
                let list = map.entry(id).or_default();
                if !list.iter().any(|e| e.item.id == ev.item.id) {
                    list.push(ev);
                }
            };
            for e in ev.item.message_entries() {
                add(&mut out.messages, &e.id);
            }
            for e in ev.item.fact_entries() {
                add(&mut out.facts, &e.id);
            }
        }
        out
    }

    pub fn get(&self, what: What, id: &Id) -> &[&'a Loaded<Event>] {
        let map = if what == What::Message {
            &self.messages
        } else {
            &self.facts
        };
        map.get(id).map_or(&[], Vec::as_slice)
    }
}

/// The cross-field rules of `source_lang` and `translations` in one message or fact (`field`
/// is `text` or `statement`), located: an entry for a language with no text, an entry for the
/// source language, an `of_version` above `version`, a source language without text. Unknown
/// language codes are the schema's to report.
pub fn check_fields(node: &Node, field: &str, problems: &mut Vec<Problem>) {
    let texts: Vec<&str> = match node.get(field).map(|n| &n.value) {
        Some(Value::Object(members)) => members.iter().map(|m| m.key.as_str()).collect(),
        // Missing or mistyped text is reported by the schema.
        _ => return,
    };
    let source_node = node.get("source_lang");
    let source = source_node
        .and_then(Node::as_str)
        .map_or(Some(DEFAULT_SOURCE), Lang::parse);
    let Some(source) = source else {
        return; // an unknown code: the schema says so
    };
    let records = node.get("translations");
    if (source_node.is_some() || records.is_some()) && !texts.contains(&source.code()) {
        let at = source_node.or(records).map_or(node.at, |n| n.at);
        problems.push(Problem {
            message: format!("the source language `{source}` has no `{field}`"),
            at,
            hints: vec![if source_node.is_some() {
                format!("add the \"{source}\" {field}, or set `source_lang` to the language the {field} is written in first")
            } else {
                format!("add the \"{source}\" {field}, or name the language it is written in first with `source_lang`")
            }],
        });
    }
    let Some(Value::Object(entries)) = records.map(|n| &n.value) else {
        return;
    };
    let version = node.get("version").and_then(|n| match &n.value {
        Value::Number(v) => v.as_u64(),
        _ => None,
    });
    for m in entries {
        let Some(lang) = Lang::parse(&m.key) else {
            continue;
        };
        if lang == source {
            problems.push(Problem {
                message: format!(
                    "`translations` has an entry for `{lang}`, the source language"
                ),
                at: m.key_at,
                hints: vec![format!(
                    "the source {field} is not a translation: remove the `{lang}` entry, or set `source_lang`"
                )],
            });
        } else if !texts.contains(&lang.code()) {
            problems.push(Problem {
                message: format!(
                    "`translations` has an entry for `{lang}`, but `{field}` has no `{lang}`"
                ),
                at: m.key_at,
                hints: vec![format!(
                    "add the \"{lang}\" {field}, or remove the `{lang}` entry"
                )],
            });
        }
        let of = m.value.get("of_version");
        if let (Some(of), Some(version)) = (of, version) {
            if let Value::Number(n) = &of.value {
                if let Some(o) = n.as_u64().filter(|&o| o > version) {
                    problems.push(Problem {
                        message: format!(
                            "`of_version` of `{lang}` is {o}, above the item's `version`, {version}"
                        ),
                        at: of.at,
                        hints: vec![format!(
                            "a translation is of a version that exists: set `of_version` to {version} or lower"
                        )],
                    });
                }
            }
        }
    }
}

/// Why a stored version may not be cleared as of now: it uses a message or fact whose text
/// in the version's language is an outdated (or unreviewed) translation. Unlocated; the caller
/// points it at the manifest.
pub fn clearance_refusal(
    ws: &Workspace,
    number: u32,
    m: &crate::versions::Manifest,
) -> Option<crate::error::Error> {
    let lang = m.language;
    let found = |what: What, r: &crate::versions::InputRef| -> Option<(String, String)> {
        let id = Id::parse(&r.id).ok()?;
        let why = match what {
            What::Message => not_approved(&ws.messages.get(&id)?.item, lang),
            _ => not_approved(&ws.facts.get(&id)?.item, lang),
        }?;
        Some((format!("{} `{id}`", what.name()), why))
    };
    let (item, why) = m
        .inputs
        .messages
        .iter()
        .find_map(|r| found(What::Message, r))
        .or_else(|| m.inputs.facts.iter().find_map(|r| found(What::Fact, r)))?;
    Some(
        crate::error::Error::refused(format!("v{number:03} uses {item}, which {why}"))
            .hint(format!(
                "bring the `{lang}` translation up to date (`lectern translations export --lang {lang}`), draft a new version and clear that"
            )),
    )
}

/// Items that have text in several languages and do not track their translations, for
/// `check`'s suggestion.
pub fn untracked(ws: &Workspace) -> Vec<(What, &Id)> {
    let several = |t: &Texts| t.len() > 1;
    ws.messages
        .values()
        .filter(|m| m.item.translations.is_none() && several(&m.item.text))
        .map(|m| (What::Message, &m.item.id))
        .chain(
            ws.facts
                .values()
                .filter(|f| f.item.translations.is_none() && several(&f.item.statement))
                .map(|f| (What::Fact, &f.item.id)),
        )
        .collect()
}

/// `check`'s error for an event whose language's text of `item` is an outdated or unreviewed
/// translation: drafting it would be refused. Located at the item's entry in the event.
pub fn event_finding<T: Tracked>(
    item: &T,
    ev: &Event,
    at: &crate::error::Origin,
) -> Option<crate::check::Finding> {
    event_finding_in(item, ev, ev.language, at)
}

/// `event_finding` for the event's drafts in `lang`: its language, one of its translations or
/// a passage's own language (DESIGN.md §12).
pub fn event_finding_in<T: Tracked>(
    item: &T,
    ev: &Event,
    lang: crate::library::Lang,
    at: &crate::error::Origin,
) -> Option<crate::check::Finding> {
    let why = not_approved(item, lang)?;
    Some(
        crate::check::Finding::error(
            "translation",
            format!(
                "event `{}` uses {} `{}`, which {why}",
                ev.id,
                T::WHAT.name(),
                item.id()
            ),
        )
        .at(at)
        .hint(hint(item, lang)),
    )
}

/// `check`'s suggestion, in one finding: the items with text in several languages whose
/// translations are not tracked.
pub fn tracking_note(ws: &Workspace) -> Option<crate::check::Finding> {
    let items = untracked(ws);
    let first = items.first()?;
    let n = items.len();
    let (what, id) = first;
    let more = match n {
        1 => String::new(),
        2 => " and 1 other".to_string(),
        _ => format!(" and {} others", n - 1),
    };
    let path = match what {
        What::Message => &ws.messages[*id].path,
        _ => &ws.facts[*id].path,
    };
    Some(
        crate::check::Finding::note(
            "untracked-translations",
            format!(
                "{n} {} text in several languages and no translation tracking ({} `{id}`{more})",
                if n == 1 { "item has" } else { "items have" },
                what.name()
            ),
        )
        .at(&crate::error::Origin::file(path))
        .hint(
            "track them with `\"translations\": {}` (or `lectern translations import`), so a translation that lags behind its source is never drafted; `lectern translations status` lists them",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(extra: serde_json::Value) -> Message {
        let mut v = serde_json::json!({
            "id": "m", "title": "T", "topic": "t", "status": "approved", "version": 3,
            "approved_by": "x", "approved_on": "2026-01-01",
            "text": {"en": "Hello.", "fr": "Bonjour.", "es": "Hola."}
        });
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn states_follow_the_records() {
        let m = message(serde_json::json!({
            "translations": {"fr": {"of_version": 2, "by": "A", "on": "2026-01-01"},
                             "es": {"of_version": 3, "by": "B", "on": "2026-01-02"}}
        }));
        assert_eq!(state(&m, Lang::En), State::Source);
        assert_eq!(state(&m, Lang::Fr), State::Outdated { of_version: 2 });
        assert_eq!(state(&m, Lang::Es), State::Ok);
        assert_eq!(state(&m, Lang::Ar), State::Missing);
        assert_eq!(
            not_approved(&m, Lang::Fr).unwrap(),
            "has an outdated `fr` translation: it translates version 2, the text is at version 3"
        );
        assert_eq!(not_approved(&m, Lang::Es), None);
    }

    #[test]
    fn without_tracking_nothing_is_refused() {
        let m = message(serde_json::json!({}));
        assert_eq!(state(&m, Lang::Fr), State::Untracked);
        assert_eq!(not_approved(&m, Lang::Fr), None);
        let m = message(serde_json::json!({"translations": {}}));
        assert_eq!(state(&m, Lang::Fr), State::Unreviewed);
        assert!(not_approved(&m, Lang::Fr).is_some());
    }

    #[test]
    fn another_source_language() {
        let m = message(serde_json::json!({"source_lang": "fr", "translations": {}}));
        assert_eq!(state(&m, Lang::Fr), State::Source);
        assert_eq!(state(&m, Lang::En), State::Unreviewed);
    }
}
