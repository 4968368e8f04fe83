//! The JSON form of a diff (`lectern diff --format json`). The structure is stable; fields
//! are only ever added:
//!
//! ```text
//! {
//!   "old": {"label": "output/sg/speech/v002.md", "version": 2, "paragraphs": 14},
//!   "new": {"label": "output/sg/speech/v003.md", "version": 3, "paragraphs": 15},
//!   "summary": {"words_added": 12, "words_removed": 5, "paragraphs_changed": 2,
//!               "paragraphs_moved": 1, "paragraphs_added": 1, "paragraphs_removed": 0},
//!   "inputs": [{"change": "changed", "input": "message", "id": "cyber-1", "from": 2, "to": 3},
//!              {"change": "event_changed"}, ...],
//!   "changes": [
//!     {"op": "changed", "old": 3, "new": 3, "kind": "paragraph",
//!      "spans": [{"op": "same", "text": "The "}, {"op": "removed", "text": "old"},
//!                {"op": "added", "text": "new"}, {"op": "same", "text": " text."}]},
//!     {"op": "added", "new": 4, "kind": "heading", "text": "…"},
//!     {"op": "removed", "old": 5, "kind": "paragraph", "text": "…"},
//!     {"op": "moved", "old": 2, "new": 9, "kind": "paragraph", "text": "…", "spans": [...]}
//!   ]
//! }
//! ```
//!
//! Paragraph numbers are 1-based. `version` is present only for event diffs. `inputs` is
//! present (possibly empty) only when both sides have manifests. Unchanged paragraphs are not
//! listed. A moved paragraph is listed once, at its new place; its `spans` show any edit made
//! on the way (all `same` when it moved unchanged). `kind` is one of `title`, `heading`,
//! `paragraph`, `bullet`, `numbered`, `quote` (with `level` for headings).

use serde::Serialize;

use super::{Diff, InputChange, Item, Span, SpanOp};
use crate::document::BlockKind;

#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    pub paragraphs: usize,
}

#[derive(Debug, Serialize)]
struct Report<'a> {
    old: Side,
    new: Side,
    summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    inputs: Option<&'a [InputChange]>,
    changes: Vec<Change<'a>>,
}

#[derive(Debug, Serialize)]
struct Summary {
    words_added: usize,
    words_removed: usize,
    paragraphs_changed: usize,
    paragraphs_moved: usize,
    paragraphs_added: usize,
    paragraphs_removed: usize,
}

#[derive(Debug, Serialize)]
struct Change<'a> {
    op: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    old: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<usize>,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    spans: Option<Vec<JsonSpan<'a>>>,
}

#[derive(Debug, Serialize)]
struct JsonSpan<'a> {
    op: &'static str,
    text: &'a str,
}

fn kind_name(k: BlockKind) -> (&'static str, Option<u8>) {
    match k {
        BlockKind::Title => ("title", None),
        BlockKind::Heading(l) => ("heading", Some(l)),
        BlockKind::Paragraph => ("paragraph", None),
        BlockKind::Bullet { level } => ("bullet", Some(level)),
        BlockKind::Numbered { level, .. } => ("numbered", Some(level)),
        BlockKind::Quote => ("quote", None),
        BlockKind::PageBreak => ("page_break", None),
        BlockKind::Cell { .. } => ("cell", None),
    }
}

fn spans(spans: &[Span]) -> Vec<JsonSpan<'_>> {
    spans
        .iter()
        .map(|s| JsonSpan {
            op: match s.op {
                SpanOp::Same => "same",
                SpanOp::Removed => "removed",
                SpanOp::Added => "added",
            },
            text: &s.text,
        })
        .collect()
}

/// The diff as a JSON value (see the module documentation for the structure).
pub fn to_json(
    d: &Diff,
    old: Side,
    new: Side,
    inputs: Option<&[InputChange]>,
) -> serde_json::Value {
    let mut changes = Vec::new();
    for item in &d.items {
        let c = match item {
            Item::Same { .. } | Item::MovedAway { .. } => continue,
            Item::Changed {
                old: a,
                new: b,
                spans: sp,
            } => (
                "changed",
                Some(*a),
                Some(*b),
                d.new[*b].kind,
                None,
                Some(sp),
            ),
            Item::Added { new: b } => (
                "added",
                None,
                Some(*b),
                d.new[*b].kind,
                Some(d.new[*b].text.as_str()),
                None,
            ),
            Item::Removed { old: a } => (
                "removed",
                Some(*a),
                None,
                d.old[*a].kind,
                Some(d.old[*a].text.as_str()),
                None,
            ),
            Item::MovedHere {
                old: a,
                new: b,
                spans: sp,
            } => (
                "moved",
                Some(*a),
                Some(*b),
                d.new[*b].kind,
                Some(d.new[*b].text.as_str()),
                Some(sp),
            ),
        };
        let (op, a, b, kind, text, sp) = c;
        let (kind, level) = kind_name(kind);
        changes.push(Change {
            op,
            old: a.map(|x| x + 1),
            new: b.map(|x| x + 1),
            kind,
            level,
            text,
            spans: sp.map(|s| spans(s)),
        });
    }
    let st = d.stats;
    let report = Report {
        old,
        new,
        summary: Summary {
            words_added: st.words_added,
            words_removed: st.words_removed,
            paragraphs_changed: st.paragraphs_changed,
            paragraphs_moved: st.paragraphs_moved,
            paragraphs_added: st.paragraphs_added,
            paragraphs_removed: st.paragraphs_removed,
        },
        inputs,
        changes,
    };
    serde_json::to_value(&report).unwrap_or(serde_json::Value::Null)
}
