//! Library listings as data: which messages, facts and events match a filter, and each one's
//! standing on a given day (approved, expiring, expired, stale). `cmd::list` lays the rows out
//! as tables or JSON; nothing here prints.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::library::{Clearance, Event, Fact, Kind, Lang, Loaded, Message, Status};
use crate::resolve::fact_staleness;
use crate::workspace::Workspace;

/// A message's standing on a day: its status, with approved split into current and expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    Draft,
    Approved,
    Retired,
    /// Approved, but its review date is before the day.
    Expired,
}

impl Standing {
    pub fn of(m: &Message, today: NaiveDate) -> Standing {
        match m.status {
            Status::Draft => Standing::Draft,
            Status::Retired => Standing::Retired,
            Status::Approved if m.review_by.is_some_and(|d| d.0 < today) => Standing::Expired,
            Status::Approved => Standing::Approved,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Standing::Draft => "draft",
            Standing::Approved => "approved",
            Standing::Retired => "retired",
            Standing::Expired => "expired",
        }
    }
}

/// Days from `today` to an approved message's review date (negative once past).
pub fn days_to_review(m: &Message, today: NaiveDate) -> Option<i64> {
    if m.status != Status::Approved {
        return None;
    }
    m.review_by.map(|d| (d.0 - today).num_days())
}

#[derive(Debug, Clone, Default)]
pub struct MessageFilter {
    /// Only ids matching one of these globs.
    pub ids: Option<globset::GlobSet>,
    /// Case-insensitive.
    pub topic: Option<String>,
    pub standing: Option<Standing>,
    pub lang: Option<Lang>,
    /// Approved messages whose review date is today or within this many days.
    pub expiring_within: Option<i64>,
}

pub fn messages<'a>(
    ws: &'a Workspace,
    f: &MessageFilter,
    today: NaiveDate,
) -> Vec<&'a Loaded<Message>> {
    let mut out: Vec<&Loaded<Message>> = ws
        .messages
        .values()
        .filter(|l| {
            let m = &l.item;
            f.ids.as_ref().map_or(true, |g| g.is_match(m.id.as_str()))
                && unset_or_eq(f.topic.as_ref(), &m.topic)
                && unset_or(f.standing, |s| Standing::of(m, today) == s)
                && unset_or(f.lang, |lang| m.text.contains_key(&lang))
                && unset_or(f.expiring_within, |n| {
                    days_to_review(m, today).is_some_and(|d| (0..=n).contains(&d))
                })
        })
        .collect();
    if f.expiring_within.is_some() {
        // Soonest first: the question is what needs attention next.
        out.sort_by_key(|l| (l.item.review_by, l.item.id.clone()));
    }
    out
}

#[derive(Debug, Clone, Default)]
pub struct FactFilter {
    /// Only ids matching one of these globs.
    pub ids: Option<globset::GlobSet>,
    /// Case-insensitive.
    pub topic: Option<String>,
    /// Case-insensitive.
    pub unit: Option<String>,
    pub clearance: Option<Clearance>,
    pub lang: Option<Lang>,
    pub stale: bool,
}

pub fn facts<'a>(ws: &'a Workspace, f: &FactFilter, today: NaiveDate) -> Vec<&'a Loaded<Fact>> {
    ws.facts
        .values()
        .filter(|l| {
            let fact = &l.item;
            f.ids
                .as_ref()
                .map_or(true, |g| g.is_match(fact.id.as_str()))
                && unset_or_eq(f.topic.as_ref(), fact.topic.as_deref().unwrap_or(""))
                && unset_or_eq(f.unit.as_ref(), &fact.unit)
                && unset_or(f.clearance, |c| fact.clearance == c)
                && unset_or(f.lang, |lang| fact.statement.contains_key(&lang))
                && (!f.stale || stale(ws, fact, today).is_some())
        })
        .collect()
}

/// Why a fact is stale on `today` under the workspace's setting, if it is.
pub fn stale(ws: &Workspace, fact: &Fact, today: NaiveDate) -> Option<String> {
    fact_staleness(fact, today, ws.settings.stale_after_days)
}

#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Events starting on or after this date (in the event's own offset).
    pub from: Option<NaiveDate>,
    /// Events starting on or before this date.
    pub until: Option<NaiveDate>,
    pub lang: Option<Lang>,
    pub kind: Option<Kind>,
}

/// Matching events, in the order they take place.
pub fn events<'a>(ws: &'a Workspace, f: &EventFilter) -> Vec<&'a Loaded<Event>> {
    let mut out: Vec<&Loaded<Event>> = ws
        .events
        .values()
        .filter(|l| {
            let e = &l.item;
            unset_or(f.from, |d| e.date() >= d)
                && unset_or(f.until, |d| e.date() <= d)
                && unset_or(f.lang, |lang| crate::languages::of(e).contains(&lang))
                && unset_or(f.kind, |k| e.outputs.contains(&k))
        })
        .collect();
    out.sort_by_key(|l| (l.item.starts_at.0, l.item.id.clone()));
    out
}

/// Which events use each message and fact (in the event list or in its Q&A), as event ids in
/// the order the events take place: what a listing shows beside an expiring message or a
/// restricted fact.
#[derive(Debug, Default)]
pub struct Usage<'a> {
    pub messages: HashMap<&'a str, Vec<&'a str>>,
    pub facts: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Usage<'a> {
    pub fn of(ws: &'a Workspace) -> Usage<'a> {
        let mut u = Usage::default();
        for l in events(ws, &EventFilter::default()) {
            let e = &l.item;
            let id = e.id.as_str();
            let messages = e
                .messages
                .iter()
                .chain(e.qa.iter().flat_map(|q| &q.messages));
            for m in messages {
                let users = u.messages.entry(m.id.as_str()).or_default();
                if !users.contains(&id) {
                    users.push(id);
                }
            }
            for f in e.facts.iter().chain(e.qa.iter().flat_map(|q| &q.facts)) {
                let users = u.facts.entry(f.id.as_str()).or_default();
                if !users.contains(&id) {
                    users.push(id);
                }
            }
        }
        u
    }

    pub fn message(&self, id: &str) -> Vec<&'a str> {
        self.messages.get(id).cloned().unwrap_or_default()
    }

    pub fn fact(&self, id: &str) -> Vec<&'a str> {
        self.facts.get(id).cloned().unwrap_or_default()
    }
}

/// "No filter, or the filter matches", spelled once. (`Option::is_none_or` needs a newer
/// compiler than the crate's minimum.)
fn unset_or<T>(filter: Option<T>, pred: impl FnOnce(T) -> bool) -> bool {
    filter.map_or(true, pred)
}

/// No text filter, or it equals `value` ignoring case and surrounding spaces.
fn unset_or_eq(filter: Option<&String>, value: &str) -> bool {
    filter.map_or(true, |want| {
        want.trim().to_lowercase() == value.trim().to_lowercase()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Date;

    fn message(status: Status, review_by: Option<&str>) -> Message {
        serde_json::from_value(serde_json::json!({
            "id": "m", "title": "T", "topic": "t", "status": status, "version": 1,
            "approved_by": "x", "approved_on": "2026-01-01",
            "review_by": review_by, "text": {"en": "Hello."}
        }))
        .expect("valid message")
    }

    #[test]
    fn standing_splits_approved_by_review_date() {
        let today = Date::parse("2026-11-21").map(|d| d.0).expect("date");
        assert_eq!(
            Standing::of(&message(Status::Approved, Some("2026-11-20")), today),
            Standing::Expired
        );
        assert_eq!(
            Standing::of(&message(Status::Approved, Some("2026-11-21")), today),
            Standing::Approved
        );
        assert_eq!(
            Standing::of(&message(Status::Draft, Some("2020-01-01")), today),
            Standing::Draft
        );
        assert_eq!(
            days_to_review(&message(Status::Approved, Some("2026-12-21")), today),
            Some(30)
        );
    }
}
