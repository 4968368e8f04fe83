//! Event times and time zones: an event may give its times as local times with an IANA
//! time-zone name (`"timezone": "Asia/Singapore"`), daylight saving included, or with an
//! explicit offset as before. Everything downstream sees a date-time with the offset in force
//! in the event's zone at that instant, so dates are shown in the event's zone.
//! The zone database is chrono-tz's (compiled in; no system files needed). Nothing here prints.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone as _};
use chrono_tz::Tz;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::suggest;

/// An IANA time-zone name, such as `Europe/Paris` or `Asia/Singapore`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeZone(pub Tz);

impl TimeZone {
    /// The zone named `s`, or why not, with the closest name when one is close.
    pub fn parse(s: &str) -> Result<TimeZone, (String, String)> {
        if let Ok(tz) = s.parse::<Tz>() {
            return Ok(TimeZone(tz));
        }
        let names = || chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
        let lower = s.to_lowercase().replace(' ', "_");
        // A name in the wrong case, or a city without its region ("Singapore", "new york").
        let by_case = names().find(|n| n.to_lowercase() == lower);
        let by_city = || {
            names().find(|n| {
                n.rsplit('/')
                    .next()
                    .is_some_and(|city| city.to_lowercase() == lower)
                    && n.contains('/')
            })
        };
        let guess = by_case
            .or_else(by_city)
            .or_else(|| suggest::closest(s, names()));
        let hint = match guess {
            Some(n) => format!("did you mean `{n}`?"),
            None => "time zones are IANA names such as \"Europe/Paris\", \"America/New_York\" or \"Asia/Singapore\"".into(),
        };
        Err((format!("unknown time zone `{s}`"), hint))
    }

    /// The zone named after `city` ("Singapore" → Asia/Singapore, "New York" →
    /// America/New_York), if there is one.
    pub fn for_city(city: &str) -> Option<TimeZone> {
        let wanted = city.trim().to_lowercase().replace(' ', "_");
        chrono_tz::TZ_VARIANTS
            .iter()
            .find(|t| {
                let n = t.name();
                n.contains('/')
                    && n.rsplit('/')
                        .next()
                        .is_some_and(|c| c.to_lowercase() == wanted)
            })
            .map(|t| TimeZone(*t))
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl<'de> Deserialize<'de> for TimeZone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TimeZone::parse(&s).map_err(|(m, h)| serde::de::Error::custom(format!("{m}; {h}")))
    }
}

impl Serialize for TimeZone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl JsonSchema for TimeZone {
    fn schema_name() -> Cow<'static, str> {
        "TimeZone".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "An IANA time-zone name, such as \"Europe/Paris\" or \"Asia/Singapore\"; daylight saving is applied.",
            "examples": ["Europe/Paris", "Asia/Singapore", "America/New_York"]
        })
    }
}

/// A date-time as written: with an offset, or local (to be placed in a time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Offset(DateTime<FixedOffset>),
    Local(NaiveDateTime),
}

/// Read `s` as an RFC 3339 date-time with an offset, or as a local date-time
/// (`YYYY-MM-DDTHH:MM[:SS[.fff]]`). An impossible calendar day says which.
pub fn parse_written(s: &str) -> Result<Written, String> {
    let shape = || {
        format!(
            "invalid date-time \"{s}\": write it like 2026-12-03T10:00:00+01:00, or 2026-12-03T10:00:00 with a `timezone`"
        )
    };
    if let Some(date) = s.get(..10) {
        if let Err(why) = crate::library::Date::parse(date) {
            if date.len() == 10 && !why.ends_with("expected YYYY-MM-DD") {
                return Err(format!("invalid date-time \"{s}\": {}", after_colon(&why)));
            }
            return Err(shape());
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(Written::Offset(dt));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, format) {
            return Ok(Written::Local(dt));
        }
    }
    if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
        return Err(format!(
            "invalid date-time \"{s}\": it has a date but no time; write it like {s}T10:00:00+01:00"
        ));
    }
    Err(shape())
}

fn after_colon(why: &str) -> &str {
    why.split_once(": ").map_or(why, |(_, r)| r)
}

/// Place a written date-time in `zone`: a local time is read in the zone (refusing a time
/// that does not exist or happens twice there), a time with an offset is moved into the zone.
/// Without a zone, only a time with an offset is accepted.
/// `place`, when given, is the event's city: its zone is suggested for a local time.
pub fn resolve(
    written: Written,
    zone: Option<TimeZone>,
    place: Option<&str>,
) -> Result<DateTime<FixedOffset>, (String, String)> {
    match (written, zone) {
        (Written::Offset(dt), None) => Ok(dt),
        (Written::Offset(dt), Some(z)) => Ok(dt.with_timezone(&z.0).fixed_offset()),
        (Written::Local(naive), None) => {
            let local = naive.format("%Y-%m-%dT%H:%M:%S");
            let guess = place.and_then(TimeZone::for_city);
            let hint = match guess.and_then(|z| resolve(written, Some(z), None).ok().map(|at| (z, at))) {
                Some((z, at)) => format!(
                    "add \"timezone\": \"{z}\" (the IANA name of the place), or write {}",
                    at.to_rfc3339()
                ),
                None => format!(
                    "add \"timezone\" with the IANA name of the place, such as \"Europe/Paris\", or write the offset from UTC: {local}+01:00"
                ),
            };
            Err((
                format!("{local} has no time zone: add the event's `timezone` or an offset"),
                hint,
            ))
        }
        (Written::Local(naive), Some(z)) => match z.0.from_local_datetime(&naive) {
            LocalResult::Single(dt) => Ok(dt.fixed_offset()),
            LocalResult::Ambiguous(a, b) => Err((
                format!(
                    "{} happens twice in {z} (the clocks go back that night)",
                    naive.format("%Y-%m-%dT%H:%M:%S")
                ),
                format!(
                    "add the offset that is meant: {} or {}",
                    a.fixed_offset().to_rfc3339(),
                    b.fixed_offset().to_rfc3339()
                ),
            )),
            LocalResult::None => Err((
                format!(
                    "{} does not exist in {z} (the clocks go forward that night)",
                    naive.format("%Y-%m-%dT%H:%M:%S")
                ),
                "pick a time an hour later, or give an explicit offset".into(),
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(s: &str) -> Written {
        parse_written(s).unwrap()
    }

    #[test]
    fn local_times_take_the_zone_offset_with_daylight_saving() {
        let sg = TimeZone::parse("Asia/Singapore").unwrap();
        let at = resolve(local("2026-12-09T10:00:00"), Some(sg), None).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-12-09T10:00:00+08:00");
        let paris = TimeZone::parse("Europe/Paris").unwrap();
        let winter = resolve(local("2026-12-03T10:00"), Some(paris), None).unwrap();
        let summer = resolve(local("2026-07-03T10:00:00"), Some(paris), None).unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-12-03T10:00:00+01:00");
        assert_eq!(summer.to_rfc3339(), "2026-07-03T10:00:00+02:00");
        // An offset is moved into the zone: the same instant, shown in the event's zone.
        let moved = resolve(local("2026-12-03T09:00:00Z"), Some(paris), None).unwrap();
        assert_eq!(moved.to_rfc3339(), "2026-12-03T10:00:00+01:00");
    }

    #[test]
    fn gaps_and_repeats_are_refused() {
        let paris = TimeZone::parse("Europe/Paris").unwrap();
        let (gap, _) = resolve(local("2026-03-29T02:30:00"), Some(paris), None).unwrap_err();
        assert_eq!(
            gap,
            "2026-03-29T02:30:00 does not exist in Europe/Paris (the clocks go forward that night)"
        );
        let (twice, hint) = resolve(local("2026-10-25T02:30:00"), Some(paris), None).unwrap_err();
        assert!(twice.contains("happens twice"), "{twice}");
        assert_eq!(
            hint,
            "add the offset that is meant: 2026-10-25T02:30:00+02:00 or 2026-10-25T02:30:00+01:00"
        );
        let (_, hint) = resolve(local("2026-10-25T10:00:00"), None, Some("Singapore")).unwrap_err();
        assert_eq!(
            hint,
            "add \"timezone\": \"Asia/Singapore\" (the IANA name of the place), or write 2026-10-25T10:00:00+08:00"
        );
    }

    #[test]
    fn unknown_zones_get_a_suggestion() {
        let hint = |s: &str| TimeZone::parse(s).unwrap_err().1;
        assert_eq!(hint("Asia/Singapur"), "did you mean `Asia/Singapore`?");
        assert_eq!(hint("asia/singapore"), "did you mean `Asia/Singapore`?");
        assert_eq!(hint("New York"), "did you mean `America/New_York`?");
        assert!(hint("Atlantis/Nowhere").starts_with("time zones are IANA names"));
    }

    #[test]
    fn impossible_days_say_so() {
        assert_eq!(
            parse_written("2026-02-30T10:00:00+01:00").unwrap_err(),
            "invalid date-time \"2026-02-30T10:00:00+01:00\": there is no 30 February"
        );
        assert!(parse_written("2026-12-03").unwrap_err().contains("no time"));
    }
}
