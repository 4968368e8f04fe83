//! A draft's length against its event's target, as `draft` and `batch` report it: "~2:29 of a
//! 5:00 target, 50% short", "412 words of a 600-word target, 31% short". Only speeches and blog
//! posts have a length to meet; press packs and briefing notes are read, not delivered, so they
//! show their words and no speaking time. Pure data; the caller prints.

use crate::document::Document;
use crate::library::{Kind, Lang, Target};

/// How long `doc` takes to deliver, in seconds: each passage at the rate of its own language
/// (a bilingual speech, DESIGN.md §12), the rest at `lang`'s. `rate` gives words per minute.
pub fn speaking_seconds(doc: &Document, lang: Lang, rate: impl Fn(Lang) -> f64) -> u64 {
    let seconds: f64 = doc
        .words_by_lang()
        .iter()
        .map(|(l, words)| *words as f64 / rate(l.unwrap_or(lang)) * 60.0)
        .sum();
    seconds.round() as u64
}

/// How far from the target a draft may be before `draft` warns: ±20%.
pub const TOLERANCE: f64 = 0.20;

/// The length of one draft as shown after it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Length {
    /// "372 words, ~2:29 of a 5:00 target, 50% short", without parentheses.
    pub summary: String,
    /// Set when the draft is more than [`TOLERANCE`] away from its target: "50% short of the
    /// 5:00 target (~2:29)".
    pub off_target: Option<String>,
}

/// `m:ss` for a number of seconds.
pub fn minutes(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Whether a kind is delivered aloud or read as a post, so has a length to meet and a speaking
/// time worth showing.
pub fn has_speaking_time(kind: Kind) -> bool {
    matches!(kind, Kind::Speech | Kind::Blog)
}

/// Compare `words` (and the speaking time they take) with `target`.
pub fn describe(kind: Kind, words: usize, speaking_seconds: u64, target: Option<Target>) -> Length {
    describe_calibrated(kind, words, speaking_seconds, None, target)
}

/// As `describe`, for a speaking time at the speaker's own rate, calibrated on
/// `calibrated_on` delivered speeches (`crate::calibrate`): the summary and the warning say
/// so, "~6:10, calibrated on 3 delivered speeches".
pub fn describe_calibrated(
    kind: Kind,
    words: usize,
    speaking_seconds: u64,
    calibrated_on: Option<usize>,
    target: Option<Target>,
) -> Length {
    let mut l = describe_plain(kind, words, speaking_seconds, target);
    if let (Some(n), true) = (calibrated_on, has_speaking_time(kind)) {
        let note = crate::calibrate::note(n);
        l.summary = format!("{}, {note}", l.summary);
        let spoken = format!("(~{})", minutes(speaking_seconds));
        if let Some(w) = &mut l.off_target {
            if w.ends_with(&spoken) {
                *w = format!("{}, {note})", w.trim_end_matches(')'));
            }
        }
    }
    l
}

fn describe_plain(
    kind: Kind,
    words: usize,
    speaking_seconds: u64,
    target: Option<Target>,
) -> Length {
    let words_text = format!("{words} {}", if words == 1 { "word" } else { "words" });
    if !has_speaking_time(kind) {
        return Length {
            summary: words_text,
            off_target: None,
        };
    }
    let spoken = format!("~{}", minutes(speaking_seconds));
    let by_minutes = target
        .and_then(|t| t.minutes)
        .filter(|m| m.is_finite() && *m > 0.0);
    let by_words = target.and_then(|t| t.words).filter(|w| *w > 0);
    if let Some(m) = by_minutes {
        let wanted = (m * 60.0).round() as u64;
        let (off, pct) = offset(speaking_seconds as f64, wanted as f64);
        let target = format!("{} target", minutes(wanted));
        Length {
            summary: format!("{words_text}, {spoken} of a {target}, {pct}"),
            off_target: (off.abs() > TOLERANCE).then(|| warning(off, &target, &spoken)),
        }
    } else if let Some(w) = by_words {
        let (off, pct) = offset(words as f64, f64::from(w));
        let target = format!("{w}-word target");
        Length {
            summary: format!("{words} of a {target}, {pct}, {spoken} spoken"),
            off_target: (off.abs() > TOLERANCE).then(|| warning(off, &target, &words_text)),
        }
    } else {
        Length {
            summary: format!("{words_text}, {spoken} spoken"),
            off_target: None,
        }
    }
}

/// "50% short of the 5:00 target (~2:29)", "30% over the 600-word target (780 words)".
fn warning(off: f64, target: &str, actual: &str) -> String {
    let pct = (off.abs() * 100.0).round();
    let side = if off < 0.0 { "short of" } else { "over" };
    format!("{pct:.0}% {side} the {target} ({actual})")
}

/// The relative offset of `actual` from `wanted`, and how it reads: "50% short", "12% long",
/// "on target" when it rounds to 0%.
fn offset(actual: f64, wanted: f64) -> (f64, String) {
    let off = (actual - wanted) / wanted;
    let pct = (off.abs() * 100.0).round();
    let text = if pct == 0.0 {
        "on target".to_string()
    } else if off < 0.0 {
        format!("{pct:.0}% short")
    } else {
        format!("{pct:.0}% long")
    };
    (off, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(minutes: Option<f64>, words: Option<u32>) -> Option<Target> {
        Some(Target { minutes, words })
    }

    #[test]
    fn minutes_targets_compare_the_speaking_time() {
        let l = describe(Kind::Speech, 323, 149, t(Some(5.0), None));
        assert_eq!(l.summary, "323 words, ~2:29 of a 5:00 target, 50% short");
        assert_eq!(
            l.off_target.as_deref(),
            Some("50% short of the 5:00 target (~2:29)")
        );
        let l = describe(Kind::Speech, 600, 270, t(Some(4.5), None));
        assert_eq!(l.summary, "600 words, ~4:30 of a 4:30 target, on target");
        assert_eq!(l.off_target, None);
        // 20% exactly is within the tolerance; just over is not.
        assert_eq!(
            describe(Kind::Speech, 1, 360, t(Some(5.0), None)).off_target,
            None
        );
        assert!(describe(Kind::Speech, 1, 361, t(Some(5.0), None))
            .off_target
            .is_some());
    }

    #[test]
    fn words_targets_compare_the_word_count() {
        let l = describe(Kind::Blog, 780, 360, t(None, Some(600)));
        assert_eq!(
            l.summary,
            "780 of a 600-word target, 30% long, ~6:00 spoken"
        );
        assert_eq!(
            l.off_target.as_deref(),
            Some("30% over the 600-word target (780 words)")
        );
    }

    #[test]
    fn calibrated_times_say_so() {
        let l = describe_calibrated(Kind::Speech, 800, 370, Some(3), t(Some(5.0), None));
        assert_eq!(
            l.summary,
            "800 words, ~6:10 of a 5:00 target, 23% long, calibrated on 3 delivered speeches"
        );
        assert_eq!(
            l.off_target.as_deref(),
            Some("23% over the 5:00 target (~6:10, calibrated on 3 delivered speeches)")
        );
        assert_eq!(
            describe_calibrated(Kind::Speech, 800, 370, Some(1), None).summary,
            "800 words, ~6:10 spoken, calibrated on 1 delivered speech"
        );
        // A words target compares words; the time is still the speaker's.
        let l = describe_calibrated(Kind::Speech, 780, 370, Some(2), t(None, Some(600)));
        assert_eq!(
            l.summary,
            "780 of a 600-word target, 30% long, ~6:10 spoken, calibrated on 2 delivered speeches"
        );
        assert_eq!(
            l.off_target.as_deref(),
            Some("30% over the 600-word target (780 words)")
        );
        assert_eq!(
            describe_calibrated(Kind::Speech, 800, 370, None, None),
            describe(Kind::Speech, 800, 370, None)
        );
    }

    #[test]
    fn read_kinds_show_words_only() {
        for kind in [Kind::PressBriefing, Kind::BriefingNote] {
            let l = describe(kind, 412, 190, t(Some(5.0), None));
            assert_eq!(l.summary, "412 words");
            assert_eq!(l.off_target, None);
        }
        assert_eq!(
            describe(Kind::Speech, 1, 1, None).summary,
            "1 word, ~0:01 spoken"
        );
    }
}
