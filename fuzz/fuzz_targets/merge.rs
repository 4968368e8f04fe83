//! The three-way merge on arbitrary texts (base, the reviewer's, the new render, separated by
//! NULs): never panics; a side equal to the base gives the other side's paragraphs; equal
//! sides give that text; the joined Markdown is the merged paragraphs joined; every conflict
//! points at a paragraph of the result.
#![no_main]

use lectern::diff::merge;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(3, '\0');
    let base = parts.next().unwrap_or("");
    let edits = parts.next().unwrap_or(base);
    let inputs = parts.next().unwrap_or(edits);
    let blocks =
        |t: &str| -> Vec<String> { merge::blocks(t).into_iter().map(String::from).collect() };

    let m = merge::merge_text(base, edits, inputs);
    let mut joined = Vec::new();
    let mm = merge::merge_markdown_to(base, edits, inputs, &mut joined).expect("a Vec takes it");
    assert_eq!(joined, merge::join(&m.units).into_bytes());
    assert_eq!(
        (mm.conflicts.len(), mm.edits_kept),
        (m.conflicts.len(), m.edits_kept)
    );
    for c in &m.conflicts {
        if let Some(at) = c.at {
            assert!(at < m.units.len(), "conflict at {at} of {}", m.units.len());
        }
    }
    // Identities.
    assert_eq!(merge::merge_text(base, edits, base).units, blocks(edits));
    assert_eq!(merge::merge_text(base, base, inputs).units, blocks(inputs));
    assert_eq!(merge::merge_text(base, edits, edits).units, blocks(edits));
});
