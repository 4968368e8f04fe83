//! The diff on an arbitrary pair of texts (plain text and Markdown): never panics; every
//! changed paragraph's spans rebuild both sides (`old_text` / `new_text`); every paragraph of
//! each side is accounted for exactly once; a document compared with itself is unchanged.
#![no_main]

use lectern::diff::{self, source, Item};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The two texts are separated by the first NUL (or the whole input is both).
    let (a, b) = text.split_once('\0').unwrap_or((text, text));
    for (old, new) in [
        (source::plain_text(a), source::plain_text(b)),
        (source::markdown(a), source::markdown(b)),
    ] {
        let d = diff::diff(&old, &new);
        let mut seen_old = vec![0u32; d.old.len()];
        let mut seen_new = vec![0u32; d.new.len()];
        for item in &d.items {
            match item {
                Item::Same { old, new } => {
                    seen_old[*old] += 1;
                    seen_new[*new] += 1;
                    assert_eq!(d.old[*old].text, d.new[*new].text);
                }
                Item::Changed { old, new, spans } => {
                    seen_old[*old] += 1;
                    seen_new[*new] += 1;
                    assert_eq!(diff::old_text(spans), d.old[*old].text);
                    assert_eq!(diff::new_text(spans), d.new[*new].text);
                }
                Item::Removed { old } => seen_old[*old] += 1,
                Item::Added { new } => seen_new[*new] += 1,
                // A move is one removal and one addition, linked.
                Item::MovedAway { old, .. } => seen_old[*old] += 1,
                Item::MovedHere { old, new, spans } => {
                    seen_new[*new] += 1;
                    assert_eq!(diff::old_text(spans), d.old[*old].text);
                    assert_eq!(diff::new_text(spans), d.new[*new].text);
                }
            }
        }
        assert!(
            seen_old.iter().all(|&n| n == 1),
            "old paragraphs: {seen_old:?}"
        );
        assert!(
            seen_new.iter().all(|&n| n == 1),
            "new paragraphs: {seen_new:?}"
        );
        let _ = d.stats.summary();
        let same = diff::diff(&old, &old);
        assert!(
            same.stats.is_empty() && same.items.iter().all(|i| matches!(i, Item::Same { .. })),
            "a document differs from itself"
        );
        // Word diff directly on the raw texts.
        let spans = diff::word_diff(a, b);
        assert_eq!(diff::old_text(&spans), a);
        assert_eq!(diff::new_text(&spans), b);
    }
});
