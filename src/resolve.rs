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
    /// The passage's own language when the event gives it one other than the draft's
    /// (`{"id": ..., "lang": "fr"}`: a bilingual speech); `text` is in it.
    pub lang: Option<Lang>,
}

/// A fact ready for the template: its statement in the event language, and a staleness note.
#[derive(Debug, Clone)]
pub struct ResolvedFact<'a> {
    pub loaded: &'a Loaded<Fact>,
    pub statement: &'a str,
    /// e.g. "as of 2021-06-30, older than 1095 days"; the draft still proceeds.
    pub stale: Option<String>,
    /// Why its statement is not approved in the draft's language (an outdated or unreviewed
    /// translation); `Some` only when the officer drafted with `--allow-unapproved`.
    pub not_cleared: Option<String>,
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
            || self.fact_index.values().any(|f| f.not_cleared.is_some())
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

/// What a stale fact's comment in the draft says: without the day count, so the document (and
/// its fingerprint) is the same whichever day it is drafted on.
pub fn stale_note(f: &Fact, stale_after_days: i64) -> String {
    format!("as_of {} is more than {stale_after_days} days old", f.as_of)
}

/// Why a message is marked NOT CLEARED in a draft: `message_problem` without today's date,
/// since the reason is written into the document and its manifest, which must not change
/// from one day to the next while the content does not.
pub fn not_cleared_reason(m: &Message, event_date: NaiveDate, today: NaiveDate) -> Option<String> {
    message_problem(m, event_date, today)?;
    Some(match (m.status, m.review_by) {
        (Status::Approved, Some(r)) if r.0 < event_date => {
            format!("expired: review_by {r} is before the event date, {event_date}")
        }
        (Status::Approved, Some(r)) => format!("expired: review_by {r} has passed"),
        _ => message_problem(m, event_date, today)?,
    })
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

/// Resolve `event` for `kind` in the event's language: every refusal names the event and the
/// culprit.
pub fn resolve<'a>(
    ws: &'a Workspace,
    event: &'a Loaded<Event>,
    kind: Kind,
    policy: Policy,
) -> Result<Resolved<'a>> {
    resolve_in(ws, event, kind, event.item.language, policy)
}

/// `kind` is one of the event's outputs, else an error located at the event file.
pub fn has_output(event: &Loaded<Event>, kind: Kind) -> Result<()> {
    let ev = &event.item;
    if ev.outputs.contains(&kind) {
        return Ok(());
    }
    let listed: Vec<&str> = ev.outputs.iter().map(|k| k.name()).collect();
    Err(Error::input(format!(
        "event `{}` has no `{kind}` output (its outputs: {})",
        ev.id,
        listed.join(", ")
    ))
    .at(Origin::file(&event.path))
    .hint(format!(
        "add \"{kind}\" to `outputs`, or draft with --kind {}",
        listed.first().copied().unwrap_or("speech")
    )))
}

/// `resolve`, in `lang`: the event's language or one of its `translations` (DESIGN.md §12).
pub fn resolve_in<'a>(
    ws: &'a Workspace,
    event: &'a Loaded<Event>,
    kind: Kind,
    lang: Lang,
    policy: Policy,
) -> Result<Resolved<'a>> {
    let ev = &event.item;
    has_output(event, kind)?;

    // Every refusal, found the way `draft` reports them (once per event, located).
    if let Some(b) = crate::governance::screen_in(ws, event, &[kind], lang, policy)
        .into_iter()
        .next()
    {
        return Err(b.error);
    }
    let missing = |what: &str, id: &Id| {
        Error::input(format!(
            "event `{}` refers to {what} `{id}`, which does not exist",
            ev.id
        ))
        .at(Origin::file(&event.path))
    };

    let mut message_index = BTreeMap::new();
    for entry in ev.message_entries().filter(|e| e.applies_to(kind)) {
        let id = &entry.id;
        if message_index.contains_key(id) {
            continue;
        }
        let loaded = ws.messages.get(id).ok_or_else(|| missing("message", id))?;
        let passage = entry.lang.filter(|l| *l != lang);
        let text = loaded
            .item
            .text
            .get(&passage.unwrap_or(lang))
            .ok_or_else(|| missing("message", id))?;
        let problem = not_cleared_reason(&loaded.item, ev.date(), policy.today)
            .or_else(|| {
                crate::governance::edited(ws, crate::problems::What::Message, id, ev)
                    .map(|_| "was edited after approval without a new version".to_string())
            })
            .or_else(|| crate::translations::not_approved(&loaded.item, passage.unwrap_or(lang)));
        if problem.is_some() && !policy.allow_unapproved {
            // `screen` refuses these; reaching here means the workspace changed under us.
            return Err(Error::refused(format!(
                "message `{id}` cannot be used by event `{}`",
                ev.id
            )));
        }
        message_index.insert(
            id,
            ResolvedMessage {
                loaded,
                text,
                not_cleared: problem,
                lang: passage,
            },
        );
    }

    let mut fact_index = BTreeMap::new();
    let mut warnings = Vec::new();
    for entry in ev.fact_entries().filter(|e| e.applies_to(kind)) {
        let id = &entry.id;
        if fact_index.contains_key(id) {
            continue;
        }
        let loaded = ws.facts.get(id).ok_or_else(|| missing("fact", id))?;
        if kind.is_public() && loaded.item.clearance == Clearance::Restricted {
            // The rule has no override; `screen` names it, this keeps it whatever the caller.
            return Err(Error::refused(format!(
                "fact `{id}` is restricted and cannot appear in the {kind} of event `{}`",
                ev.id
            )));
        }
        let statement = loaded
            .item
            .statement
            .get(&lang)
            .ok_or_else(|| missing("fact", id))?;
        let not_cleared = crate::translations::not_approved(&loaded.item, lang);
        if not_cleared.is_some() && !policy.allow_unapproved {
            // `screen` refuses these; reaching here means the workspace changed under us.
            return Err(Error::refused(format!(
                "fact `{id}` cannot be used by event `{}`",
                ev.id
            )));
        }
        let stale = fact_staleness(&loaded.item, policy.today, ws.settings.stale_after_days);
        if let Some(s) = &stale {
            warnings.push(format!("fact `{id}` is stale: {s}"));
        }
        fact_index.insert(
            id,
            ResolvedFact {
                loaded,
                statement,
                stale: stale.map(|_| stale_note(&loaded.item, ws.settings.stale_after_days)),
                not_cleared,
            },
        );
    }

    let messages = ev
        .messages
        .iter()
        .filter(|e| e.applies_to(kind))
        .map(|e| message_index[&e.id].clone())
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let facts = ev
        .facts
        .iter()
        .filter(|e| e.applies_to(kind) && seen.insert(&e.id))
        .map(|e| fact_index[&e.id].clone())
        .collect();
    for m in message_index.values() {
        if let Some(p) = &m.not_cleared {
            warnings.push(format!(
                "message `{}` {p}: the draft is marked NOT CLEARED",
                m.loaded.item.id
            ));
        }
    }
    for f in fact_index.values() {
        if let Some(p) = &f.not_cleared {
            warnings.push(format!(
                "fact `{}` {p}: the draft is marked NOT CLEARED",
                f.loaded.item.id
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
