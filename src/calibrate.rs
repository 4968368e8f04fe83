//! Speaking rates calibrated on delivered speeches (DESIGN.md §11). A speech imported with
//! `--as-delivered --duration M:SS` records its words, how long it took, who spoke and in which
//! language. Later estimates of that speaker's speeches in that language use the median words
//! per minute of those deliveries ("~6:10, calibrated on 3 delivered speeches"); without any,
//! the settings' rate applies as before.
//!
//! The manifests are read once per process and workspace (`of`), on first use, so a batch pays
//! for the scan once. Only `vNNN.json` files under a `speech` folder are opened, and only those
//! mentioning "delivered" are parsed. A delivery whose rate falls outside the bounds the
//! settings accept (40–400 words a minute) is a mistaken duration and is never used.
//!
//! A version's manifest keeps `speaking_seconds` at the settings' rate (it is part of what the
//! version is; calibration never makes a new version): calibration is applied where estimates
//! are shown.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::library::{Kind, Lang};
use crate::settings_check::{MAX_RATE, MIN_RATE};
use crate::workspace::Workspace;

/// One delivered speech with its duration.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub speaker: String,
    pub lang: Lang,
    pub words: usize,
    pub seconds: u64,
}

/// A speaker's calibrated rate in one language.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// The median words per minute of their delivered speeches.
    pub words_per_minute: f64,
    /// How many delivered speeches it is the median of.
    pub speeches: usize,
}

/// The delivered speeches of a workspace, by speaker and language.
#[derive(Debug, Clone, Default)]
pub struct Calibration {
    /// Words per minute of each delivery, sorted, by (speaker key, language).
    rates: HashMap<(String, Lang), Vec<f64>>,
}

/// A speaking-time estimate and where its rate came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub seconds: u64,
    pub words_per_minute: f64,
    /// Set when the rate is the speaker's own: how many delivered speeches it comes from.
    pub calibrated_on: Option<usize>,
}

/// Names compared without case and with spaces collapsed: "Dr  Amina okafor" = "Dr Amina Okafor".
pub fn speaker_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The rate of one delivery, in words a minute; `None` for a rate no speaker has (outside the
/// bounds the settings accept): a mistaken duration, never used to calibrate.
pub fn words_per_minute(words: usize, seconds: u64) -> Option<f64> {
    if seconds == 0 || words == 0 {
        return None;
    }
    let r = words as f64 * 60.0 / seconds as f64;
    (MIN_RATE..=MAX_RATE).contains(&r).then_some(r)
}

fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

impl Calibration {
    pub fn from_deliveries(deliveries: impl IntoIterator<Item = Delivery>) -> Calibration {
        let mut rates: HashMap<(String, Lang), Vec<f64>> = HashMap::new();
        for d in deliveries {
            if let Some(r) = words_per_minute(d.words, d.seconds) {
                rates
                    .entry((speaker_key(&d.speaker), d.lang))
                    .or_default()
                    .push(r);
            }
        }
        for v in rates.values_mut() {
            v.sort_by(f64::total_cmp);
        }
        Calibration { rates }
    }

    /// `speaker`'s calibrated rate in `lang`, if they have delivered speeches with a duration.
    pub fn rate(&self, speaker: &str, lang: Lang) -> Option<Rate> {
        let v = self.rates.get(&(speaker_key(speaker), lang))?;
        Some(Rate {
            words_per_minute: median(v)?.clamp(MIN_RATE, MAX_RATE),
            speeches: v.len(),
        })
    }

    /// How many deliveries were found in all.
    pub fn len(&self) -> usize {
        self.rates.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Read the delivered speeches under `output`. `speaker_of(event)` names the speaker of a
    /// delivery whose manifest does not record one (the event's speaker now).
    pub fn scan(output: &Path, speaker_of: &dyn Fn(&str) -> Option<String>) -> Calibration {
        let mut files = Vec::new();
        let mut budget = MAX_ENTRIES;
        walk(output, 0, false, &mut files, &mut budget);
        // One delivery per event and language: a later delivered version of the same event
        // corrects an earlier one.
        let mut latest: HashMap<(String, Lang), (u64, Delivery)> = HashMap::new();
        for (event, version, d) in files.iter().filter_map(|p| delivery(p, speaker_of)) {
            let key = (event, d.lang);
            if latest.get(&key).map_or(true, |(v, _)| *v < version) {
                latest.insert(key, (version, d));
            }
        }
        Calibration::from_deliveries(latest.into_values().map(|(_, d)| d))
    }
}

/// Folders below the output folder that are looked into: event / kind / (language) / files.
const MAX_DEPTH: usize = 4;
/// Entries read at most while looking for manifests.
const MAX_ENTRIES: usize = 1_000_000;

/// Collect `vNNN.json` files below a `speech` folder.
fn walk(dir: &Path, depth: usize, in_speech: bool, files: &mut Vec<PathBuf>, budget: &mut usize) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        // Never follow links: the type of the entry itself.
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            // Sign-offs, and the folders of kinds that are never delivered aloud.
            // A translation's versions are `speech.fr` (DESIGN.md §12, `languages`).
            let folder = crate::languages::parse_folder_name(&name).map(|(k, _)| k);
            let other_kind = folder.is_some_and(|k| k != Kind::Speech);
            if depth < MAX_DEPTH && !name.ends_with(".signoffs") && !other_kind {
                walk(
                    &e.path(),
                    depth + 1,
                    in_speech || folder == Some(Kind::Speech),
                    files,
                    budget,
                );
            }
        } else if t.is_file() && in_speech && is_manifest_name(&name) {
            files.push(e.path());
        }
    }
}

/// `v003.json`, not `v003.release.docx` or `notes.json`.
fn is_manifest_name(name: &str) -> bool {
    name.strip_prefix('v')
        .and_then(|s| s.strip_suffix(".json"))
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// The delivery a manifest records, if it is a delivered speech with a duration: its event,
/// version and delivery.
fn delivery(
    path: &Path,
    speaker_of: &dyn Fn(&str) -> Option<String>,
) -> Option<(String, u64, Delivery)> {
    let text = crate::capped::read_text(path, path, crate::capped::MANIFEST).ok()?;
    if !text.contains("\"delivered\"") {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let origin = v.get("origin")?;
    if origin.get("kind")?.as_str()? != "delivered" || v.get("kind")?.as_str()? != "speech" {
        return None;
    }
    let seconds = origin.get("duration_seconds")?.as_u64()?;
    let words = usize::try_from(v.get("words")?.as_u64()?).ok()?;
    let lang: Lang = serde_json::from_value(v.get("language")?.clone()).ok()?;
    let event = v.get("event")?.as_str()?;
    let version = v.get("version")?.as_u64()?;
    let speaker = match origin.get("speaker").and_then(|s| s.as_str()) {
        Some(s) => s.to_string(),
        None => speaker_of(event)?,
    };
    Some((
        event.to_string(),
        version,
        Delivery {
            speaker,
            lang,
            words,
            seconds,
        },
    ))
}

/// The calibration of the workspace's output history: read on first use, then kept for the
/// rest of the process.
pub fn of(ws: &Workspace) -> Arc<Calibration> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<Calibration>>>> = OnceLock::new();
    let output = crate::safefs::shown(&ws.root, Path::new(&ws.settings.output));
    let cache = CACHE.get_or_init(Default::default);
    if let Some(c) = cache.lock().ok().and_then(|m| m.get(&output).cloned()) {
        return c;
    }
    let speaker_of = |event: &str| {
        crate::library::Id::parse(event)
            .ok()
            .and_then(|id| ws.events.get(&id))
            .map(|e| e.item.speaker.name.clone())
    };
    let c = Arc::new(Calibration::scan(&output, &speaker_of));
    if let Ok(mut m) = cache.lock() {
        m.insert(output, c.clone());
    }
    c
}

/// The speaking time of `words` words of `kind` by `speaker` in `lang`: at the speaker's
/// calibrated rate for a speech they have delivered before, else at the settings' rate.
pub fn estimate(ws: &Workspace, speaker: &str, lang: Lang, kind: Kind, words: usize) -> Estimate {
    let calibrated = (kind == Kind::Speech)
        .then(|| of(ws).rate(speaker, lang))
        .flatten();
    let (rate, calibrated_on) = match calibrated {
        Some(r) => (r.words_per_minute, Some(r.speeches)),
        None => (ws.settings.speaking_rate(lang), None),
    };
    Estimate {
        seconds: (words as f64 / rate * 60.0).round() as u64,
        words_per_minute: rate,
        calibrated_on,
    }
}

/// The speaker and language of `event`, for `estimate`.
pub fn speaker_of_event(ws: &Workspace, event: &str) -> Option<(String, Lang)> {
    crate::library::Id::parse(event)
        .ok()
        .and_then(|id| ws.events.get(&id))
        .map(|e| (e.item.speaker.name.clone(), e.item.language))
}

/// ", calibrated on 3 delivered speeches".
pub fn note(speeches: usize) -> String {
    format!(
        "calibrated on {speeches} delivered speech{}",
        if speeches == 1 { "" } else { "es" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(speaker: &str, lang: Lang, words: usize, seconds: u64) -> Delivery {
        Delivery {
            speaker: speaker.into(),
            lang,
            words,
            seconds,
        }
    }

    #[test]
    fn the_median_of_each_speakers_deliveries_in_a_language() {
        let c = Calibration::from_deliveries([
            d("Dr Amina Okafor", Lang::En, 600, 300),  // 120
            d("dr  amina OKAFOR", Lang::En, 700, 300), // 140
            d("Dr Amina Okafor", Lang::En, 500, 300),  // 100
            d("Dr Amina Okafor", Lang::Fr, 750, 300),  // 150
            d("Someone Else", Lang::En, 900, 300),     // 180
        ]);
        assert_eq!(
            c.rate("Dr Amina Okafor", Lang::En),
            Some(Rate {
                words_per_minute: 120.0,
                speeches: 3
            })
        );
        assert_eq!(c.rate("Dr Amina Okafor", Lang::Fr).unwrap().speeches, 1);
        assert_eq!(c.rate("Dr Amina Okafor", Lang::Ar), None);
        assert_eq!(c.rate("Nobody", Lang::En), None);
        let two =
            Calibration::from_deliveries([d("A", Lang::En, 600, 300), d("A", Lang::En, 700, 300)]);
        assert_eq!(two.rate("a", Lang::En).unwrap().words_per_minute, 130.0);
    }

    #[test]
    fn absurd_durations_are_never_used() {
        // 1000 words in 5 seconds, in 10 hours, and no time at all.
        assert_eq!(words_per_minute(1000, 5), None);
        assert_eq!(words_per_minute(1000, 36_000), None);
        assert_eq!(words_per_minute(1000, 0), None);
        assert_eq!(words_per_minute(0, 60), None);
        assert_eq!(words_per_minute(130, 60), Some(130.0));
        let c = Calibration::from_deliveries([
            d("A", Lang::En, 1000, 5),
            d("A", Lang::En, 1000, 36_000),
        ]);
        assert_eq!(c.rate("A", Lang::En), None);
        assert!(c.is_empty());
    }

    #[test]
    fn the_scan_finds_delivered_speeches_and_keeps_one_per_event() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let write = |rel: &str, event: &str, version: u32, kind: &str, lang: &str, secs: u64| {
            let p = out.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            let m = serde_json::json!({
                "event": event, "kind": kind, "version": version, "language": lang,
                "words": 600,
                "origin": {"kind": "delivered", "duration_seconds": secs, "speaker": "A"},
            });
            std::fs::write(p, m.to_string()).unwrap();
        };
        write("e1/speech/v002.json", "e1", 2, "speech", "en", 400); // 90, corrected below
        write("e1/speech/v003.json", "e1", 3, "speech", "en", 300); // 120
        write("e2/speech/fr/v001.json", "e2", 1, "speech", "fr", 240); // 150, a language folder
        write("e7/speech.es/v001.json", "e7", 1, "speech", "es", 360); // 100, a translation's
        write("e7/blog.es/v001.json", "e7", 1, "blog", "es", 60); // never a speech
        write("e3/blog/v001.json", "e3", 1, "blog", "en", 60); // never a speech
        write(
            "e4/speech/v001.signoffs/x.json",
            "e4",
            1,
            "speech",
            "en",
            60,
        );
        write("e5/speech/notes.json", "e5", 1, "speech", "en", 60);
        // An event without a recorded speaker takes the event's.
        let p = out.join("e6/speech/v001.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(
            &p,
            r#"{"event": "e6", "kind": "speech", "version": 1, "language": "en", "words": 600,
                "origin": {"kind": "delivered", "duration_seconds": 360}}"#,
        )
        .unwrap();
        let c = Calibration::scan(out, &|e| (e == "e6").then(|| "a".to_string()));
        assert_eq!(c.len(), 4);
        let en = c.rate("A", Lang::En).unwrap();
        assert_eq!((en.words_per_minute, en.speeches), (110.0, 2));
        assert_eq!(c.rate("A", Lang::Fr).unwrap().words_per_minute, 150.0);
        assert_eq!(c.rate("A", Lang::Es).unwrap().words_per_minute, 100.0);
    }

    #[test]
    fn only_manifests_below_a_speech_folder_are_read() {
        assert!(is_manifest_name("v001.json"));
        assert!(is_manifest_name("v12345.json"));
        assert!(!is_manifest_name("v.json"));
        assert!(!is_manifest_name("v001.release.docx"));
        assert!(!is_manifest_name("vx01.json"));
        assert_eq!(note(1), "calibrated on 1 delivered speech");
        assert_eq!(note(3), "calibrated on 3 delivered speeches");
    }
}
