//! The content library's types: messages, facts and events, exactly as DESIGN.md §1 defines
//! their files, plus the small value types they share (ids, languages, kinds, dates).
//! Deserialisation validates everything that can be checked inside one value, so a bad id or
//! date is reported by serde_json with its line and column. Cross-field and cross-file rules live
//! in `workspace` (loading) and `resolve` (governance).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod entry;
pub use entry::Entry;

/// An id: `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(String);

pub const ID_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

impl Id {
    pub fn parse(s: &str) -> Result<Id, String> {
        let mut chars = s.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
        let rest_ok = s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if first_ok && rest_ok && s.len() <= 64 {
            Ok(Id(s.to_string()))
        } else {
            Err(format!(
                "invalid id {s:?}: expected 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Id::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": ID_PATTERN,
            "description": "An id: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit."
        })
    }
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    pub fn parse(s: &str) -> Result<Date, String> {
        let ok_shape = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !ok_shape {
            return Err(format!("invalid date {s:?}: expected YYYY-MM-DD"));
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| format!("invalid date {s:?}: {}", no_such_day(s)))
    }
}

/// Why a `YYYY-MM-DD` of the right shape is not a calendar day: "there is no 30 February".
fn no_such_day(s: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<u32>().ok());
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return "no such day".into();
    };
    if !(1..=12).contains(&month) {
        return format!("there is no month {month} (months run from 01 to 12)");
    }
    let name = MONTHS[month as usize - 1];
    if day == 0 {
        return "there is no day 00 (days start at 01)".into();
    }
    if month == 2 && day == 29 {
        return format!("there is no 29 February in {year}, which is not a leap year");
    }
    format!("there is no {day} {name}")
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A calendar date, YYYY-MM-DD."
        })
    }
}

/// An RFC 3339 date-time with an explicit offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTimeOffset(pub DateTime<FixedOffset>);

impl<'de> Deserialize<'de> for DateTimeOffset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&s)
            .map(DateTimeOffset)
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "invalid date-time {s:?}: expected RFC 3339 with an offset, like 2026-12-03T10:00:00+01:00"
                ))
            })
    }
}

impl Serialize for DateTimeOffset {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_rfc3339())
    }
}

impl JsonSchema for DateTimeOffset {
    fn schema_name() -> Cow<'static, str> {
        "DateTime".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // A local time (no offset) is allowed when the event names its `timezone`.
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?$",
            "description": "A date and time: with an offset from UTC (2026-12-03T10:00:00+01:00), or local (2026-12-03T10:00:00) when the event gives its `timezone`.",
            "examples": ["2026-12-03T10:00:00+01:00", "2026-12-09T10:00:00"]
        })
    }
}

/// One of the organisation's official languages.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Fr,
    Es,
    Ar,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Fr, Lang::Es, Lang::Ar];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Ar => "ar",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == s)
    }

    pub fn is_rtl(self) -> bool {
        self == Lang::Ar
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An output kind (DESIGN.md §2).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Speech,
    Blog,
    PressBriefing,
    BriefingNote,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Speech,
        Kind::Blog,
        Kind::PressBriefing,
        Kind::BriefingNote,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Speech => "speech",
            Kind::Blog => "blog",
            Kind::PressBriefing => "press-briefing",
            Kind::BriefingNote => "briefing-note",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// Public kinds may never contain a restricted fact.
    pub fn is_public(self) -> bool {
        self != Kind::BriefingNote
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a message stands: only `approved` messages draft without `--allow-unapproved`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Approved,
    Retired,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Draft => "draft",
            Status::Approved => "approved",
            Status::Retired => "retired",
        })
    }
}

/// Who may read a fact: `public`, or `restricted` (internal briefing notes only).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Clearance {
    Public,
    Restricted,
}

impl fmt::Display for Clearance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Clearance::Public => "public",
            Clearance::Restricted => "restricted",
        })
    }
}

/// Text in one or more languages.
pub type Texts = BTreeMap<Lang, String>;

/// Translation records of a message or fact, by language.
pub type Translations = BTreeMap<Lang, TranslationRecord>;

/// Which version of the source text a language's text translates, who translated or reviewed
/// it and when.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationRecord {
    /// The item's `version` this text translates; the text is outdated once `version` is above it.
    #[schemars(range(min = 1))]
    pub of_version: u32,
    /// Who translated or reviewed it.
    pub by: String,
    /// When (YYYY-MM-DD).
    pub on: Date,
}

/// An approved strategic-message snippet.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// Unique id among messages, used by events to refer to it: letters, digits, `.`, `_`, `-`.
    pub id: Id,
    /// Short title, shown in listings and the briefing note.
    pub title: String,
    /// Topic, for filtering (`lectern snippets list --topic`).
    pub topic: String,
    /// Audiences the message is written for (optional, informative).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<String>,
    /// `draft`, `approved` or `retired`; only approved messages draft without `--allow-unapproved`.
    pub status: Status,
    /// Who approved the text; required when `status` is `approved`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// When the text was approved (YYYY-MM-DD); required when `status` is `approved`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<Date>,
    /// Review date (YYYY-MM-DD): the message is expired when this date is before the event's
    /// date or today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_by: Option<Date>,
    /// Version of the approved text, from 1; bump it whenever the text changes.
    #[schemars(range(min = 1))]
    pub version: u32,
    /// The unit that owns the message (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The text per language code (`en`, `fr`, `es`, `ar`), at least one; plain text, every
    /// character literal; a blank line starts a new paragraph.
    pub text: Texts,
    /// The language the text is written in first and translated from (default `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_lang: Option<Lang>,
    /// Translation tracking: per language, the `version` its text translates. With this field,
    /// a language's text whose translation lags behind `version`, or has no entry, is not
    /// approved in that language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translations: Option<Translations>,
}

/// A figure quoted by a fact.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// The number itself, such as 5500 or 3.5; formatted for the draft's language.
    pub value: f64,
    /// What is counted, such as "arrests" or "million euros".
    pub unit: String,
    /// Words that must stay with the number, such as "more than" or "nearly".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
}

/// Where a fact comes from; printed as the fact's footnote.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the report or page.
    pub title: String,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// When it was published (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// Where to read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A fact from a policy unit.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Unique id among facts, used by events to refer to it.
    pub id: Id,
    /// The policy unit that owns the fact and confirms it.
    pub unit: String,
    /// Topic, for filtering (`lectern facts list --topic`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// The statement per language code (`en`, `fr`, `es`, `ar`), at least one; plain text.
    pub statement: Texts,
    /// Named figures templates can quote (`{{figure "fact-id" "name"}}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub figures: BTreeMap<String, Figure>,
    /// Where the fact comes from (the title at least); printed as a footnote.
    pub source: Source,
    /// The date the fact was true (YYYY-MM-DD); older than `stale_after_days` is stale.
    pub as_of: Date,
    /// `public`, or `restricted`: a restricted fact never appears in a public kind.
    pub clearance: Clearance,
    /// Version of the fact, from 1; bump it whenever the statement or figures change.
    #[schemars(range(min = 1))]
    pub version: u32,
    /// Internal note; never printed in public outputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The language the statement is written in first and translated from (default `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_lang: Option<Lang>,
    /// Translation tracking: per language, the `version` its statement translates. With this
    /// field, a language's statement whose translation lags behind `version`, or has no entry,
    /// is not approved in that language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translations: Option<Translations>,
}

/// Who speaks or signs.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    /// The speaker's name, as printed.
    pub name: String,
    /// The speaker's title, such as "Secretary General".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// A length target: minutes of speaking or words.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Speaking time in minutes (give this or `words`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<f64>,
    /// Length in words (give this or `minutes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<u32>,
}

/// An anticipated question and the approved lines that answer it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Qa {
    /// The question, as a journalist might ask it.
    pub question: String,
    /// The messages that answer it (ids, or objects scoped to kinds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<Entry>,
    /// The facts that support the answer (ids, or objects scoped to kinds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Entry>,
}

/// A press or logistics contact, printed in press briefings and briefing notes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The contact's name.
    pub name: String,
    /// Their role, such as "Press officer".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Telephone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// An event: what is drafted, for whom, when and from which content.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Unique id among events; drafts are stored under `output/<id>/`.
    pub id: Id,
    /// The event's title, as printed in drafts.
    pub title: String,
    /// What to draft: one or more of `speech`, `blog`, `press-briefing`, `briefing-note`.
    pub outputs: Vec<Kind>,
    /// When the event starts (for a blog: when it is published), with an offset, or local with
    /// `timezone`.
    pub starts_at: DateTimeOffset,
    /// The IANA time zone of the event's place, such as "Asia/Singapore": local times in
    /// `starts_at` and `embargo_until` are read in it, and dates are shown in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<crate::zone::TimeZone>,
    /// City where the event takes place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Country where the event takes place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Venue, such as "General Secretariat"; a venue that names the city is printed as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// Who is in the room, such as "Ministers of the interior" or "media".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Who speaks (or signs the blog).
    pub speaker: Speaker,
    /// The language of the drafts: `en`, `fr`, `es` or `ar`.
    pub language: Lang,
    /// More languages to draft each output in, beside `language` (DESIGN.md §12): each has
    /// its own versions, under `output/<id>/<kind>.<lang>/`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<Lang>,
    /// Length target: `{"minutes": 5}` or `{"words": 600}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// Embargo: no publication before this date and time; shown in the event's zone and in UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embargo_until: Option<DateTimeOffset>,
    /// The messages to deliver, in delivery order; at least one. Each is an id, or
    /// `{"id": ..., "kinds": [...]}` to use it only in those kinds.
    pub messages: Vec<Entry>,
    /// The facts to cite, in order: ids, or `{"id": ..., "kinds": [...]}` to cite a fact only in
    /// those kinds (a restricted fact only in the briefing note, say).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Entry>,
    /// Anticipated questions with the approved lines that answer them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qa: Vec<Qa>,
    /// Press and logistics contacts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// Internal notes; printed only in the briefing note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// A lead picture (a blog shows it under the title), given to templates as `event.image`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
}

/// A picture from the workspace: PNG or JPEG.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// Path relative to the workspace, e.g. `assets/summit.jpg`; no `..`, not absolute.
    #[schemars(length(min = 1))]
    pub path: String,
    /// What the picture shows, for readers who cannot see it; required in public outputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    /// Who took or owns the picture, printed under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
}

impl Event {
    /// The event's own calendar date, in its own offset.
    pub fn date(&self) -> NaiveDate {
        self.starts_at.0.date_naive()
    }
}

/// A loaded item together with where it came from and the hash of its content.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub item: T,
    pub path: PathBuf,
    /// sha256 of the item's canonical JSON, hex; recorded in manifests.
    pub hash: String,
}
