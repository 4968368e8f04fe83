//! Resolve one event and one output kind against the library: look up every referenced id,
//! pick the text in the event's language, and apply the governance rules of DESIGN.md §2.
//! The result, `Resolved`, is everything the template stage needs and nothing it has to look up.
//! Refusals are errors naming the event and the culprit; warnings are returned as data.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::error::{Error, Origin, Result};
use crate::library::{Clearance, Event, Fact, Id, Kind, Lang, Loaded, Message, Status};
use crate::settings::Settings;
use crate::workspace::Workspace;

/// A message ready for the template: its text in the event language and, when the officer
/// drafted with `--allow-unapproved`, why it is not cleared.
#[derive(Debug, Clone)]
pub struct ResolvedMessage<'a> {
    pub loaded: &'a Loaded<Message>,
    pub text: &'a str,
    /// e.g. "status draft" or "expired on 2026-06-30 (review_by)"; `Some` only when allowed.
    pub not_cleared: Option<String>,
}

/// A fact ready for the template: its statement in the event language, and a staleness note.
#[derive(Debug, Clone)]
pub struct ResolvedFact<'a> {
    pub loaded: &'a Loaded<Fact>,
    pub statement: &'a str,
    /// e.g. "as of 2021-06-30, older than 1095 days"; the draft still proceeds.
    pub stale: Option<String>,
}

/// One event + kind, checked and resolved.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    pub event: &'a Loaded<Event>,
    pub kind: Kind,
    pub lang: Lang,
    /// The draft date ("today", or `--today`).
    pub today: NaiveDate,
    pub settings: &'a Settings,
    /// The event's messages, in delivery order.
    pub messages: Vec<ResolvedMessage<'a>>,
    /// The event's facts, in event order.
    pub facts: Vec<ResolvedFact<'a>>,
    /// Every message and fact the event references (delivery list and Q&A), by id, for the
    /// `message` and `fact` helpers.
    pub message_index: BTreeMap<&'a Id, ResolvedMessage<'a>>,
    pub fact_index: BTreeMap<&'a Id, ResolvedFact<'a>>,
    /// Human-readable warnings (stale facts).
    pub warnings: Vec<String>,
    /// The clearance of the resulting document.
    pub clearance: Clearance,
}

impl Resolved<'_> {
    /// True when any message in the draft is not cleared.
    pub fn not_cleared(&self) -> bool {
        self.message_index.values().any(|m| m.not_cleared.is_some())
    }
}

/// Options that change what resolving accepts.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub today: NaiveDate,
    pub allow_unapproved: bool,
}

/// Why a message may not be used on `date`, if it may not.
pub fn message_problem(m: &Message, event_date: NaiveDate, today: NaiveDate) -> Option<String> {
    message_problem_of(m, event_date, today).map(|p| p.to_string())
}

/// Why a message may not be used, as data (the comment in the draft is localised from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageProblem {
    Draft,
    Retired,
    /// `review_by` is before `against`: today's date when `today`, else the event's date.
    Expired {
        review_by: NaiveDate,
        against: NaiveDate,
        today: bool,
    },
}

impl std::fmt::Display for MessageProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MessageProblem::Draft => f.write_str("has status draft (not approved)"),
            MessageProblem::Retired => f.write_str("has status retired"),
            MessageProblem::Expired {
                review_by,
                against,
                today,
            } => {
                let what = if *today { "today" } else { "the event date" };
                write!(
                    f,
                    "expired: review_by {review_by} is before {what}, {against}"
                )
            }
        }
    }
}

/// `message_problem`, as data.
pub fn message_problem_of(
    m: &Message,
    event_date: NaiveDate,
    today: NaiveDate,
) -> Option<MessageProblem> {
    match m.status {
        Status::Draft => return Some(MessageProblem::Draft),
        Status::Retired => return Some(MessageProblem::Retired),
        Status::Approved => {}
    }
    let review_by = m.review_by?.0;
    if review_by < event_date || review_by < today {
        let (against, today) = if review_by < today {
            (today, true)
        } else {
            (event_date, false)
        };
        return Some(MessageProblem::Expired {
            review_by,
            against,
            today,
        });
    }
    None
}

/// Why a fact is stale on `today`, if it is.
pub fn fact_staleness(f: &Fact, today: NaiveDate, stale_after_days: i64) -> Option<String> {
    let age = (today - f.as_of.0).num_days();
    (age > stale_after_days).then(|| {
        format!(
            "as_of {} is {age} days old (stale after {stale_after_days})",
            f.as_of
        )
    })
}

/// Resolve `event` for `kind`: every refusal names the event and the culprit.
pub fn resolve<'a>(
    ws: &'a Workspace,
    event: &'a Loaded<Event>,
    kind: Kind,
    policy: Policy,
) -> Result<Resolved<'a>> {
    let ev = &event.item;
    let lang = ev.language;
    let origin = Origin::file(&event.path);
    if !ev.outputs.contains(&kind) {
        let listed: Vec<&str> = ev.outputs.iter().map(|k| k.name()).collect();
        return Err(Error::input(format!(
            "event `{}` has no `{kind}` output (its outputs: {})",
            ev.id,
            listed.join(", ")
        ))
        .at(origin)
        .hint(format!(
            "add \"{kind}\" to `outputs`, or draft with --kind {}",
            listed[0]
        )));
    }

    let mut message_ids: Vec<&Id> = ev.messages.iter().collect();
    let mut fact_ids: Vec<&Id> = ev.facts.iter().collect();
    for qa in &ev.qa {
        message_ids.extend(qa.messages.iter());
        fact_ids.extend(qa.facts.iter());
    }

    let mut message_index = BTreeMap::new();
    for id in message_ids {
        if message_index.contains_key(id) {
            continue;
        }
        let loaded = ws.messages.get(id).ok_or_else(|| {
            Error::input(format!(
                "event `{}` refers to message `{id}`, which does not exist",
                ev.id
            ))
            .at(locate(event, id))
            .hint("run `lectern snippets list` to see the message ids")
        })?;
        let text = loaded.item.text.get(&lang).ok_or_else(|| {
            Error::input(format!(
                "message `{id}` has no text in `{lang}`, the language of event `{}`",
                ev.id
            ))
            .at(Origin::file(&loaded.path))
            .hint(format!("add a \"{lang}\" entry to the message's `text`"))
        })?;
        let problem = message_problem(&loaded.item, ev.date(), policy.today);
        if let Some(p) = &problem {
            if !policy.allow_unapproved {
                return Err(Error::refused(format!(
                    "message `{id}` {p}; event `{}` cannot use it",
                    ev.id
                ))
                .at(Origin::file(&loaded.path))
                .hint("have the message approved (or its review date extended), or draft with --allow-unapproved to mark the draft NOT CLEARED"));
            }
        }
        message_index.insert(
            id,
            ResolvedMessage {
                loaded,
                text,
                not_cleared: problem,
            },
        );
    }

    let mut fact_index = BTreeMap::new();
    let mut warnings = Vec::new();
    for id in fact_ids {
        if fact_index.contains_key(id) {
            continue;
        }
        let loaded = ws.facts.get(id).ok_or_else(|| {
            Error::input(format!(
                "event `{}` refers to fact `{id}`, which does not exist",
                ev.id
            ))
            .at(locate(event, id))
            .hint("run `lectern facts list` to see the fact ids")
        })?;
        if kind.is_public() && loaded.item.clearance == Clearance::Restricted {
            return Err(Error::refused(format!(
                "fact `{id}` is restricted and cannot appear in the {kind} of event `{}`, a public document",
                ev.id
            ))
            .at(locate(event, id))
            .hint("remove the fact from the event, or use it only in a briefing-note event"));
        }
        let statement = loaded.item.statement.get(&lang).ok_or_else(|| {
            Error::input(format!(
                "fact `{id}` has no statement in `{lang}`, the language of event `{}`",
                ev.id
            ))
            .at(Origin::file(&loaded.path))
            .hint(format!("add a \"{lang}\" entry to the fact's `statement`"))
        })?;
        let stale = fact_staleness(&loaded.item, policy.today, ws.settings.stale_after_days);
        if let Some(s) = &stale {
            warnings.push(format!("fact `{id}` is stale: {s}"));
        }
        fact_index.insert(
            id,
            ResolvedFact {
                loaded,
                statement,
                stale,
            },
        );
    }

    let messages = ev
        .messages
        .iter()
        .map(|id| message_index[id].clone())
        .collect();
    let facts = ev.facts.iter().map(|id| fact_index[id].clone()).collect();
    for m in message_index.values() {
        if let Some(p) = &m.not_cleared {
            warnings.push(format!(
                "message `{}` {p}: the draft is marked NOT CLEARED",
                m.loaded.item.id
            ));
        }
    }
    let clearance = if kind.is_public() {
        Clearance::Public
    } else {
        Clearance::Restricted
    };
    Ok(Resolved {
        event,
        kind,
        lang,
        today: policy.today,
        settings: &ws.settings,
        messages,
        facts,
        message_index,
        fact_index,
        warnings,
        clearance,
    })
}

/// Point at the first mention of `id` as a JSON string in the event's file, if it can be found.
fn locate(event: &Loaded<Event>, id: &Id) -> Origin {
    let Ok(text) = crate::capped::read_text(&event.path, &event.path, crate::capped::CONTENT)
    else {
        return Origin::file(&event.path);
    };
    let needle = format!("\"{id}\"");
    let mut from = 0;
    while let Some(i) = text[from..].find(&needle) {
        let at = from + i;
        // A reference sits in an array; a value after `:` is some other field.
        if !text[..at].trim_end().ends_with(':') {
            let loc = crate::error::location_of(&text, at);
            return Origin::at(&event.path, loc.line, loc.column);
        }
        from = at + needle.len();
    }
    Origin::file(&event.path)
}
