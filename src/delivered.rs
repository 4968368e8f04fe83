//! The text as delivered (DESIGN.md §11): `lectern import … --as-delivered` records what was
//! actually said as a version of its own, stage delivered. It is based on a cleared version:
//! the last one by default, or the one `--from` names, which must be cleared too (a speaker may
//! have read from an earlier cleared text). Returns data; never prints.

use crate::clearance::{self, Stage};
use crate::error::{Error, Origin, Result};
use crate::library::Kind;
use crate::versions::{Manifest, Store, Version};
use crate::workspace::Workspace;

/// The versions of `versions` that are cleared (or released), oldest first.
pub fn cleared(ws: &Workspace, kind: Kind, versions: &[Version]) -> Vec<u32> {
    versions
        .iter()
        .filter(|v| {
            let json = clearance::manifest_json(v);
            clearance::state(v, json.as_ref(), &ws.settings.clearance, kind)
                .is_ok_and(|s| matches!(s.stage, Stage::Cleared | Stage::Released))
        })
        .map(|v| v.number)
        .collect()
}

/// The version a text as delivered is based on: `from` when it names a cleared version, else
/// the last cleared version. Refused (nothing written) when there is none, or when `from` is
/// not cleared.
pub fn based_on(
    ws: &Workspace,
    store: &Store,
    event: &str,
    kind: Kind,
    versions: &[Version],
    from: Option<u32>,
) -> Result<u32> {
    let cleared = cleared(ws, kind, versions);
    let list = |c: &[u32]| {
        c.iter()
            .map(|n| format!("v{n:03}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match from {
        Some(n) if !versions.iter().any(|v| v.number == n) => Err(Error::input(format!(
            "--from {n}: {event}/{kind} has no version {n}"
        ))
        .hint(format!("see the versions with `lectern history {event}`"))),
        Some(n) if cleared.contains(&n) => Ok(n),
        Some(n) => {
            let e = Error::refused(format!(
                "--from {n}: {event}'s {kind} v{n:03} is not cleared, and a text as delivered is based on a cleared version"
            ))
            .at(Origin::file(store.dir()));
            Err(if cleared.is_empty() {
                e.hint(format!(
                    "sign the prepared version off first: `lectern clear {event} --kind {kind} --version {n} --by NAME`"
                ))
            } else {
                e.hint(format!("the cleared versions are {}", list(&cleared)))
            })
        }
        None => cleared.last().copied().ok_or_else(|| {
            Error::refused(format!(
                "{event} has no cleared {kind} version, and a text as delivered is based on the cleared one"
            ))
            .at(Origin::file(store.dir()))
            .hint(format!(
                "sign the prepared version off first: `lectern clear {event} --kind {kind} --by NAME`"
            ))
        }),
    }
}

/// Whether `latest` already records this delivery: the same file, duration and day.
pub fn already_recorded(
    latest: &Manifest,
    sha256: &str,
    duration_seconds: Option<u64>,
    delivered_on: Option<&str>,
) -> bool {
    latest.origin.as_ref().is_some_and(|o| {
        o.kind == "delivered"
            && o.sha256 == sha256
            && o.duration_seconds == duration_seconds
            && o.delivered_on.as_deref() == delivered_on
    })
}

/// A warning for a duration no speaker has: "612 words in 0:05 is 7344 words a minute …".
pub fn implausible(words: usize, seconds: u64) -> Option<String> {
    if crate::calibrate::words_per_minute(words, seconds).is_some() {
        return None;
    }
    let rate = if seconds == 0 {
        0.0
    } else {
        words as f64 * 60.0 / seconds as f64
    };
    Some(format!(
        "{words} words in {} is {rate:.0} words a minute, outside {:.0}–{:.0}: the duration is recorded but not used to calibrate speaking times",
        duration_text(seconds),
        crate::settings_check::MIN_RATE,
        crate::settings_check::MAX_RATE,
    ))
}

/// 370 → "6:10"; 3900 → "1:05:00".
pub fn duration_text(seconds: u64) -> String {
    if seconds >= 3600 {
        format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

/// `--duration`: `M:SS` or `H:MM:SS` → seconds. Seconds (and minutes after hours) below 60,
/// not zero, at most a day.
pub fn parse_duration(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim();
    let parts: Vec<&str> = t.split(':').collect();
    let num = |p: &str, max_len: usize| -> Option<u64> {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let bad = || format!("`{s}` is not M:SS or H:MM:SS");
    let seconds = match parts.as_slice() {
        [m, sec] => {
            let (m, sec) = (num(m, 4).ok_or_else(bad)?, num(sec, 2).ok_or_else(bad)?);
            if sec >= 60 || sec_digits(parts[1]) {
                return Err(bad());
            }
            m * 60 + sec
        }
        [h, m, sec] => {
            let (h, m, sec) = (
                num(h, 2).ok_or_else(bad)?,
                num(m, 2).ok_or_else(bad)?,
                num(sec, 2).ok_or_else(bad)?,
            );
            if m >= 60 || sec >= 60 || sec_digits(parts[1]) || sec_digits(parts[2]) {
                return Err(bad());
            }
            h * 3600 + m * 60 + sec
        }
        _ => return Err(bad()),
    };
    if seconds == 0 {
        return Err(format!("`{s}` is no time at all"));
    }
    if seconds > 24 * 3600 {
        return Err(format!("`{s}` is longer than a day"));
    }
    Ok(seconds)
}

/// Seconds and minutes after a colon are written with two digits: `5:7` is a typo.
fn sec_digits(p: &str) -> bool {
    p.len() != 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_m_ss_or_h_mm_ss() {
        assert_eq!(parse_duration("6:10"), Ok(370));
        assert_eq!(parse_duration(" 0:45 "), Ok(45));
        assert_eq!(parse_duration("75:00"), Ok(4500));
        assert_eq!(parse_duration("1:05:00"), Ok(3900));
        assert_eq!(parse_duration("01:05:09"), Ok(3909));
        for bad in [
            "5:75", "5:7", "5", "", ":30", "5:", "1:60:00", "1:5:00", "-1:00", "5:3O", "1:2:3:4",
            "+5:00", "5.5:00",
        ] {
            assert_eq!(
                parse_duration(bad),
                Err(format!("`{bad}` is not M:SS or H:MM:SS")),
                "{bad}"
            );
        }
        assert_eq!(
            parse_duration("0:00"),
            Err("`0:00` is no time at all".into())
        );
        assert_eq!(
            parse_duration("0:00:00"),
            Err("`0:00:00` is no time at all".into())
        );
        assert_eq!(
            parse_duration("25:00:00"),
            Err("`25:00:00` is longer than a day".into())
        );
    }

    #[test]
    fn durations_read_back_as_written() {
        assert_eq!(duration_text(370), "6:10");
        assert_eq!(duration_text(45), "0:45");
        assert_eq!(duration_text(3909), "1:05:09");
        assert_eq!(implausible(600, 300), None);
        assert_eq!(
            implausible(612, 5).as_deref(),
            Some("612 words in 0:05 is 7344 words a minute, outside 40–400: the duration is recorded but not used to calibrate speaking times")
        );
    }
}
