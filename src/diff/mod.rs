//! Diff: the only module that uses `similar`. Compares two documents the way a reviewer reads
//! them: paragraphs are aligned first (Patience on paragraph hashes), then words are compared
//! inside the paragraphs that changed, and a paragraph deleted in one place and inserted (nearly)
//! identically elsewhere is reported as moved. The result is plain data (`Diff`): `show` turns
//! it into text, `json` into the documented JSON structure, `inputs` compares two manifests and
//! `docx::redline` writes it as tracked changes. Nothing here prints or touches files except
//! `source`, which loads a file into the model.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use similar::{Algorithm, DiffTag};
use unicode_segmentation::UnicodeSegmentation;

use crate::document::{BlockKind, Document};

pub mod inputs;
pub mod json;
pub mod show;
pub mod source;

pub use inputs::{input_changes, InputChange};

/// One paragraph as the diff sees it: its kind and its visible text.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub kind: BlockKind,
    pub text: String,
}

/// A piece of a paragraph's text in a word diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub op: SpanOp,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanOp {
    Same,
    Removed,
    Added,
}

/// One step of the walk through both documents, in reading order. Indices are 0-based
/// positions in `Diff::old` / `Diff::new`.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Same {
        old: usize,
        new: usize,
    },
    /// The paragraph was edited in place; `spans` rebuild both texts.
    Changed {
        old: usize,
        new: usize,
        spans: Vec<Span>,
    },
    Removed {
        old: usize,
    },
    Added {
        new: usize,
    },
    /// Where a moved paragraph used to be.
    MovedAway {
        old: usize,
        new: usize,
    },
    /// Where a moved paragraph is now; `spans` hold any small edit made on the way (all
    /// `Same` when it moved unchanged).
    MovedHere {
        old: usize,
        new: usize,
        spans: Vec<Span>,
    },
}

/// The counts a reviewer reads first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub words_added: usize,
    pub words_removed: usize,
    pub paragraphs_changed: usize,
    pub paragraphs_moved: usize,
    pub paragraphs_added: usize,
    pub paragraphs_removed: usize,
}

/// The comparison of two documents.
#[derive(Debug, Clone)]
pub struct Diff {
    pub old: Vec<Para>,
    pub new: Vec<Para>,
    pub items: Vec<Item>,
    pub stats: Stats,
}

/// Two paragraphs at least this similar (Dice coefficient on their words) are one edited
/// paragraph rather than a removal and an addition.
const PAIR_SIMILARITY: f64 = 0.5;
/// A paragraph removed here and added there at least this similar has moved.
const MOVE_SIMILARITY: f64 = 0.8;
/// How far ahead pairing looks for a partner inside one replaced stretch.
const PAIR_WINDOW: usize = 64;
/// Fuzzy move detection compares every removed with every added paragraph; beyond this many
/// pairs only identical moves are looked for, to keep huge rewrites fast.
const FUZZY_MOVE_BUDGET: usize = 250_000;

/// The paragraphs of a document, in order; page breaks and empty paragraphs carry no text a
/// reviewer could compare and are left out.
pub fn paragraphs(doc: &Document) -> Vec<Para> {
    doc.blocks
        .iter()
        .filter(|b| b.kind != BlockKind::PageBreak)
        .map(|b| Para {
            kind: b.kind,
            text: b.plain_text(),
        })
        .filter(|p| !p.text.trim().is_empty())
        .collect()
}

/// Compare two documents.
pub fn diff(old: &Document, new: &Document) -> Diff {
    diff_paras(paragraphs(old), paragraphs(new))
}

/// "+12 −5 words, 2 paragraphs changed, 1 moved" — the one-line summary `lectern draft`
/// prints after writing a new version.
pub fn summary_line(old: &Document, new: &Document) -> String {
    diff(old, new).stats.summary()
}

impl Stats {
    pub fn is_empty(&self) -> bool {
        *self == Stats::default()
    }

    /// One line: word counts always, paragraph counts when not zero.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "no changes".into();
        }
        let mut s = format!("+{} \u{2212}{} words", self.words_added, self.words_removed);
        let para = |n: usize| if n == 1 { "paragraph" } else { "paragraphs" };
        let mut first = true;
        for (n, what) in [
            (self.paragraphs_changed, "changed"),
            (self.paragraphs_moved, "moved"),
            (self.paragraphs_added, "added"),
            (self.paragraphs_removed, "removed"),
        ] {
            if n == 0 {
                continue;
            }
            if first {
                s.push_str(&format!(", {n} {} {what}", para(n)));
                first = false;
            } else {
                s.push_str(&format!(", {n} {what}"));
            }
        }
        s
    }
}

fn hash_of(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// Compare two paragraph lists.
pub fn diff_paras(old: Vec<Para>, new: Vec<Para>) -> Diff {
    let old_h: Vec<u64> = old.iter().map(|p| hash_of(&p.text)).collect();
    let new_h: Vec<u64> = new.iter().map(|p| hash_of(&p.text)).collect();
    let ops = similar::capture_diff_slices(Algorithm::Patience, &old_h, &new_h);

    let mut items = Vec::with_capacity(old.len().max(new.len()));
    for op in &ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                for (a, b) in o.zip(n) {
                    items.push(Item::Same { old: a, new: b });
                }
            }
            DiffTag::Delete => items.extend(o.map(|a| Item::Removed { old: a })),
            DiffTag::Insert => items.extend(n.map(|b| Item::Added { new: b })),
            DiffTag::Replace => pair_up(&old, &new, o, n, &mut items),
        }
    }
    detect_moves(&old, &new, &old_h, &new_h, &mut items);

    let mut stats = Stats::default();
    for item in &items {
        match item {
            Item::Same { .. } | Item::MovedAway { .. } => {}
            Item::Changed { spans, .. } => {
                stats.paragraphs_changed += 1;
                count_span_words(spans, &mut stats);
            }
            Item::MovedHere { spans, .. } => {
                stats.paragraphs_moved += 1;
                count_span_words(spans, &mut stats);
            }
            Item::Removed { old: a } => {
                stats.paragraphs_removed += 1;
                stats.words_removed += count_words(&old[*a].text);
            }
            Item::Added { new: b } => {
                stats.paragraphs_added += 1;
                stats.words_added += count_words(&new[*b].text);
            }
        }
    }
    Diff {
        old,
        new,
        items,
        stats,
    }
}

fn count_span_words(spans: &[Span], stats: &mut Stats) {
    for s in spans {
        match s.op {
            SpanOp::Same => {}
            SpanOp::Removed => stats.words_removed += count_words(&s.text),
            SpanOp::Added => stats.words_added += count_words(&s.text),
        }
    }
}

/// Words as a reader counts them: word-boundary segments holding a letter or digit.
pub fn count_words(s: &str) -> usize {
    s.split_word_bounds().filter(|t| is_word(t)).count()
}

fn is_word(t: &str) -> bool {
    t.chars().any(char::is_alphanumeric)
}

/// Word multiset of a paragraph, for similarity.
fn bag(s: &str) -> HashMap<&str, u32> {
    let mut m = HashMap::new();
    for t in s.split_word_bounds().filter(|t| is_word(t)) {
        *m.entry(t).or_insert(0) += 1;
    }
    m
}

/// Dice coefficient of the two word multisets: 1.0 identical, 0.0 nothing in common.
fn similarity(a: &HashMap<&str, u32>, b: &HashMap<&str, u32>) -> f64 {
    let total: u32 = a.values().sum::<u32>() + b.values().sum::<u32>();
    if total == 0 {
        return 1.0;
    }
    let common: u32 = a
        .iter()
        .map(|(w, n)| (*n).min(b.get(w).copied().unwrap_or(0)))
        .sum();
    2.0 * f64::from(common) / f64::from(total)
}

/// Inside a replaced stretch, pair each old paragraph with the most similar new one further
/// on (keeping reading order); unpaired ones are removals and additions.
fn pair_up(
    old: &[Para],
    new: &[Para],
    o: std::ops::Range<usize>,
    n: std::ops::Range<usize>,
    items: &mut Vec<Item>,
) {
    let new_bags: Vec<_> = n.clone().map(|b| bag(&new[b].text)).collect();
    let mut next_new = n.start;
    for a in o {
        let ob = bag(&old[a].text);
        let mut best: Option<(usize, f64)> = None;
        for b in next_new..n.end.min(next_new + PAIR_WINDOW) {
            let s = similarity(&ob, &new_bags[b - n.start]);
            if s >= PAIR_SIMILARITY && best.map_or(true, |(_, bs)| s > bs) {
                best = Some((b, s));
            }
        }
        match best {
            Some((b, _)) => {
                items.extend((next_new..b).map(|x| Item::Added { new: x }));
                items.push(Item::Changed {
                    old: a,
                    new: b,
                    spans: word_diff(&old[a].text, &new[b].text),
                });
                next_new = b + 1;
            }
            None => items.push(Item::Removed { old: a }),
        }
    }
    items.extend((next_new..n.end).map(|x| Item::Added { new: x }));
}

/// Turn removed/added pairs that hold the same (or nearly the same) text into moves.
fn detect_moves(old: &[Para], new: &[Para], old_h: &[u64], new_h: &[u64], items: &mut [Item]) {
    let removed: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| matches!(it, Item::Removed { .. }))
        .map(|(i, _)| i)
        .collect();
    let added: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| matches!(it, Item::Added { .. }))
        .map(|(i, _)| i)
        .collect();
    if removed.is_empty() || added.is_empty() {
        return;
    }
    let old_of = |items: &[Item], i: usize| match items[i] {
        Item::Removed { old } => Some(old),
        _ => None,
    };
    let new_of = |items: &[Item], i: usize| match items[i] {
        Item::Added { new } => Some(new),
        _ => None,
    };
    let mark = |items: &mut [Item], ri: usize, ai: usize, a: usize, b: usize| {
        items[ri] = Item::MovedAway { old: a, new: b };
        items[ai] = Item::MovedHere {
            old: a,
            new: b,
            spans: word_diff(&old[a].text, &new[b].text),
        };
    };

    // Identical text first: exact, and cheap for any size.
    let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
    for &ai in added.iter().rev() {
        if let Some(b) = new_of(items, ai) {
            by_hash.entry(new_h[b]).or_default().push(ai);
        }
    }
    for &ri in &removed {
        let Some(a) = old_of(items, ri) else { continue };
        if let Some(ai) = by_hash.get_mut(&old_h[a]).and_then(Vec::pop) {
            if let Some(b) = new_of(items, ai) {
                mark(items, ri, ai, a, b);
            }
        }
    }

    // Then nearly identical text, when the number of candidates keeps it cheap.
    let removed: Vec<usize> = removed
        .into_iter()
        .filter(|&i| old_of(items, i).is_some())
        .collect();
    let added: Vec<usize> = added
        .into_iter()
        .filter(|&i| new_of(items, i).is_some())
        .collect();
    if removed.is_empty()
        || added.is_empty()
        || removed.len().saturating_mul(added.len()) > FUZZY_MOVE_BUDGET
    {
        return;
    }
    let added_bags: Vec<_> = added
        .iter()
        .map(|&ai| new_of(items, ai).map(|b| bag(&new[b].text)))
        .collect();
    let mut taken = vec![false; added.len()];
    for &ri in &removed {
        let Some(a) = old_of(items, ri) else { continue };
        let ob = bag(&old[a].text);
        // Very short paragraphs ("Thank you.") are too common to call a move.
        if ob.values().sum::<u32>() < 4 {
            continue;
        }
        let mut best: Option<(usize, f64)> = None;
        for (k, nb) in added_bags.iter().enumerate() {
            let Some(nb) = nb else { continue };
            if taken[k] {
                continue;
            }
            let s = similarity(&ob, nb);
            if s >= MOVE_SIMILARITY && best.map_or(true, |(_, bs)| s > bs) {
                best = Some((k, s));
            }
        }
        if let Some((k, _)) = best {
            taken[k] = true;
            if let Some(b) = new_of(items, added[k]) {
                mark(items, ri, added[k], a, b);
            }
        }
    }
}

/// Word-level diff of two texts. Tokens are Unicode word-boundary segments (so French,
/// Spanish and Arabic split where a reader expects), whitespace included, so the `Same` and
/// `Removed` spans rebuild `old` exactly and the `Same` and `Added` spans rebuild `new`.
pub fn word_diff(old: &str, new: &str) -> Vec<Span> {
    let ot: Vec<&str> = old.split_word_bounds().collect();
    let nt: Vec<&str> = new.split_word_bounds().collect();
    let ops = similar::capture_diff_slices(Algorithm::Myers, &ot, &nt);

    // Raw spans token by token, then tidied: a lone stretch of whitespace between two
    // changes becomes part of the change, so "[-a b-]{+c d+}" reads as one edit instead of
    // "[-a-]{+c+} [-b-]{+d+}".
    let mut raw: Vec<(SpanOp, &[&str], &[&str])> = Vec::new();
    for op in &ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => raw.push((SpanOp::Same, &ot[o], &[])),
            DiffTag::Delete => raw.push((SpanOp::Removed, &ot[o], &[])),
            DiffTag::Insert => raw.push((SpanOp::Added, &[], &nt[n])),
            DiffTag::Replace => {
                raw.push((SpanOp::Removed, &ot[o], &[]));
                raw.push((SpanOp::Added, &[], &nt[n]));
            }
        }
    }

    let mut out: Vec<Span> = Vec::new();
    let mut removed = String::new();
    let mut added = String::new();
    let flush = |out: &mut Vec<Span>, removed: &mut String, added: &mut String| {
        if !removed.is_empty() {
            out.push(Span {
                op: SpanOp::Removed,
                text: std::mem::take(removed),
            });
        }
        if !added.is_empty() {
            out.push(Span {
                op: SpanOp::Added,
                text: std::mem::take(added),
            });
        }
    };
    for (i, (op, o, n)) in raw.iter().enumerate() {
        match op {
            SpanOp::Same => {
                let text: String = o.concat();
                let between_changes = i > 0
                    && i + 1 < raw.len()
                    && raw[i + 1].0 != SpanOp::Same
                    && (!removed.is_empty() || !added.is_empty());
                if between_changes && text.chars().all(char::is_whitespace) {
                    removed.push_str(&text);
                    added.push_str(&text);
                    continue;
                }
                flush(&mut out, &mut removed, &mut added);
                match out.last_mut() {
                    Some(last) if last.op == SpanOp::Same => last.text.push_str(&text),
                    _ => out.push(Span {
                        op: SpanOp::Same,
                        text,
                    }),
                }
            }
            SpanOp::Removed => removed.push_str(&o.concat()),
            SpanOp::Added => added.push_str(&n.concat()),
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out
}

/// The old text of a word diff (`Same` + `Removed`).
pub fn old_text(spans: &[Span]) -> String {
    spans
        .iter()
        .filter(|s| s.op != SpanOp::Added)
        .map(|s| s.text.as_str())
        .collect()
}

/// The new text of a word diff (`Same` + `Added`).
pub fn new_text(spans: &[Span]) -> String {
    spans
        .iter()
        .filter(|s| s.op != SpanOp::Removed)
        .map(|s| s.text.as_str())
        .collect()
}

#[cfg(test)]
mod tests;
