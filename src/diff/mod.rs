//! Diff: the only module that uses `similar`. Compares two documents the way a reviewer reads
//! them: paragraphs are aligned first (Patience on numbered paragraph texts), then words are
//! compared inside the paragraphs that changed, and a paragraph deleted in one place and
//! inserted (nearly) identically elsewhere is reported as moved. The result is plain data (`Diff`): `show` turns
//! it into text, `json` into the documented JSON structure, `inputs` compares two manifests and
//! `docx::redline` writes it as tracked changes. Nothing here prints or touches files except
//! `source`, which loads a file into the model.

use std::collections::HashMap;

use similar::{Algorithm, DiffTag};

use token::Interner;

use crate::document::{BlockKind, Document, Inline, Style};

mod align;
pub mod inputs;
pub mod json;
pub mod merge;
pub mod show;
pub mod source;
mod token;

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
/// reviewer could compare and are left out. Bold, italic, superscript and subscript are part
/// of a paragraph's text (`**bold**`, `*italic*`, `XXI^e^`, `CO~2~`, as in the Markdown text of
/// record), so a formatting-only edit is a change; footnotes follow the body as paragraphs `[^n] text`, one per reference, so an edited source
/// is a change too.
pub fn paragraphs(doc: &Document) -> Vec<Para> {
    let mut paras: Vec<Para> = doc
        .blocks
        .iter()
        .filter(|b| b.kind != BlockKind::PageBreak)
        .map(|b| Para {
            kind: b.kind,
            text: block_text(b.kind, &b.inlines),
        })
        .filter(|p| !p.text.trim().is_empty())
        .collect();
    paras.extend(footnote_paragraphs(doc));
    paras
}

/// `paragraphs`, taking each text out of the document instead of copying it where the block
/// is a single run of plain text (most blocks): the document is not needed afterwards.
pub fn into_paragraphs(doc: Document) -> Vec<Para> {
    let mut paras = Vec::with_capacity(doc.blocks.len() + doc.footnotes.len());
    let notes = footnote_paragraphs(&doc);
    for b in doc.blocks {
        if b.kind == BlockKind::PageBreak {
            continue;
        }
        let text = match <[Inline; 1]>::try_from(b.inlines) {
            Ok([Inline::Text { text, style, .. }]) if style == Style::default() => text,
            Ok(one) => block_text(b.kind, &one),
            Err(inlines) => block_text(b.kind, &inlines),
        };
        if !text.trim().is_empty() {
            paras.push(Para { kind: b.kind, text });
        }
    }
    paras.extend(notes);
    paras
}

/// The footnotes as paragraphs, one at each reference from the body, as a printed page shows
/// them (a DOCX holds one note per reference, where Markdown may reference one note twice).
fn footnote_paragraphs(doc: &Document) -> Vec<Para> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        for i in &b.inlines {
            if let Inline::FootnoteRef(n) = i {
                if let Some(note) = doc.footnotes.get(*n) {
                    out.push(Para {
                        kind: BlockKind::Paragraph,
                        text: format!("[^{}] {}", out.len() + 1, styled_text(&note.inlines, true)),
                    });
                }
            }
        }
    }
    out
}

/// A block's text for the diff: `styled_text`, without bold and italic in a table's header
/// row, which is bold by definition (the DOCX writer sets it bold, the Markdown does not say
/// it); a superscript there ("Area (km^2^)") is marked all the same.
fn block_text(kind: BlockKind, inlines: &[Inline]) -> String {
    styled_text(inlines, !matches!(kind, BlockKind::Cell { row: 0, .. }))
}

/// Visible text with bold, italic, superscript and subscript marked as in Markdown (each word
/// of a superscript between its own marks: `^a^ ^b^`); `emphasis` false: bold and italic are
/// not marked.
fn styled_text(inlines: &[Inline], emphasis: bool) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text { text, style, .. } => {
                let mark = match (style.bold && emphasis, style.italic && emphasis) {
                    (true, true) => "***",
                    (true, false) => "**",
                    (false, true) => "*",
                    (false, false) => "",
                };
                let vert = style.vert.mark();
                // Marks hug the words: spaces at the edges stay outside them.
                let core = text.trim_matches(' ');
                if (mark.is_empty() && vert.is_none()) || core.is_empty() {
                    s.push_str(text);
                    continue;
                }
                let lead = &text[..text.len() - text.trim_start_matches(' ').len()];
                let trail = &text[text.trim_end_matches(' ').len()..];
                s.push_str(lead);
                s.push_str(mark);
                match vert {
                    Some(v) => {
                        for (k, word) in core.split(' ').enumerate() {
                            if k > 0 {
                                s.push(' ');
                            }
                            if !word.is_empty() {
                                s.push(v);
                                s.push_str(word);
                                s.push(v);
                            }
                        }
                    }
                    None => s.push_str(core),
                }
                s.push_str(mark);
                s.push_str(trail);
            }
            Inline::LineBreak => s.push('\n'),
            Inline::Tab => s.push('\t'),
            _ => {}
        }
    }
    s
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

/// The diff's working state: every paragraph text and word token numbered by one interner,
/// and each paragraph's tokens computed at most once, only for paragraphs that need a word
/// comparison (most paragraphs of a long document are unchanged and never split).
struct Work<'a> {
    words: Interner<'a>,
    /// Reused while splitting a paragraph: its segment ids.
    scratch: Vec<u32>,
    /// Reused by `similarity`: a count per interned id, all zero between calls.
    counts: Vec<u32>,
    old: Side<'a>,
    new: Side<'a>,
}

struct Side<'a> {
    /// The paragraphs' texts.
    paras: Vec<&'a str>,
    tokens: Vec<Option<Tokens>>,
}

/// One paragraph split into word-boundary segments, as interned ids (8 bytes a segment: on a
/// long document the memory touched costs as much as the work).
struct Tokens {
    ids: Box<[u32]>,
    /// The ids of the segments that are words, in reading order: the paragraph's word
    /// multiset.
    bag: Box<[u32]>,
}

impl<'a> Side<'a> {
    fn new(paras: Vec<&'a str>) -> Self {
        Side {
            tokens: (0..paras.len()).map(|_| None).collect(),
            paras,
        }
    }

    fn tokens(&mut self, words: &mut Interner<'a>, scratch: &mut Vec<u32>, i: usize) -> &Tokens {
        let text = self.paras[i];
        self.tokens[i].get_or_insert_with(|| tokenize(words, scratch, text))
    }

    /// Forget the tokens of paragraphs that are done with, so the memory is reused.
    fn forget(&mut self, range: std::ops::Range<usize>) {
        for t in &mut self.tokens[range] {
            *t = None;
        }
    }
}

fn tokenize<'a>(words: &mut Interner<'a>, scratch: &mut Vec<u32>, s: &'a str) -> Tokens {
    scratch.clear();
    token::for_each_segment(s, |t| scratch.push(words.id(t)));
    let ids: Box<[u32]> = scratch.as_slice().into();
    let bag: Box<[u32]> = ids
        .iter()
        .copied()
        .filter(|&id| words.is_word(id))
        .collect();
    Tokens { ids, bag }
}

impl<'a> Work<'a> {
    fn new(old: &'a [Para], new: &'a [Para]) -> Self {
        let texts = |ps: &'a [Para]| ps.iter().map(|p| p.text.as_str()).collect();
        Work::of_texts(texts(old), texts(new))
    }

    /// The working state over paragraph texts.
    fn of_texts(old: Vec<&'a str>, new: Vec<&'a str>) -> Self {
        Work {
            words: Interner::with_capacity(4096),
            scratch: Vec::new(),
            counts: Vec::new(),
            old: Side::new(old),
            new: Side::new(new),
        }
    }

    /// Make sure both paragraphs are split; then they can be borrowed together.
    fn prepare(&mut self, a: usize, b: usize) {
        self.old.tokens(&mut self.words, &mut self.scratch, a);
        self.new.tokens(&mut self.words, &mut self.scratch, b);
    }

    fn old_words(&mut self, a: usize) -> usize {
        self.old
            .tokens(&mut self.words, &mut self.scratch, a)
            .bag
            .len()
    }

    fn pair(&self, a: usize, b: usize) -> Option<(&Tokens, &Tokens)> {
        Some((self.old.tokens[a].as_ref()?, self.new.tokens[b].as_ref()?))
    }

    fn similarity(&mut self, a: usize, b: usize) -> f64 {
        self.prepare(a, b);
        let (Some(x), Some(y)) = (&self.old.tokens[a], &self.new.tokens[b]) else {
            return 0.0;
        };
        self.counts.resize(self.words.len(), 0);
        similarity(&mut self.counts, &x.bag, &y.bag)
    }

    /// Old paragraph `a` and new paragraph `b`, in the same place, are one sentence each and
    /// a word diff marks fewer words than removing one and adding the other: a rewritten
    /// sentence, shown word by word.
    fn rewritten_sentence(&mut self, a: usize, b: usize) -> bool {
        if !align::one_sentence(self.old.paras[a]) || !align::one_sentence(self.new.paras[b]) {
            return false;
        }
        let whole = self.old_words(a)
            + self
                .new
                .tokens(&mut self.words, &mut self.scratch, b)
                .bag
                .len();
        let marked: usize = self
            .word_diff(a, b)
            .iter()
            .filter(|s| s.op != SpanOp::Same)
            .map(|s| count_words(&s.text))
            .sum();
        marked < whole
    }

    fn word_diff(&mut self, a: usize, b: usize) -> Vec<Span> {
        self.prepare(a, b);
        match self.pair(a, b) {
            Some((x, y)) => word_diff_tokens(&self.words, &x.ids, &y.ids),
            None => word_diff(self.old.paras[a], self.new.paras[b]),
        }
    }
}

/// Number each paragraph text: equal numbers mean equal text (no hash collisions possible).
fn para_ids<'a>(ids: &mut HashMap<&'a str, u32, token::FxBuild>, paras: &'a [Para]) -> Vec<u32> {
    text_ids(ids, paras.iter().map(|p| p.text.as_str()))
}

/// `para_ids` over paragraph texts.
fn text_ids<'a>(
    ids: &mut HashMap<&'a str, u32, token::FxBuild>,
    texts: impl IntoIterator<Item = &'a str>,
) -> Vec<u32> {
    texts
        .into_iter()
        .map(|t| {
            let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
            *ids.entry(t).or_insert(next)
        })
        .collect()
}

/// Compare two paragraph lists.
pub fn diff_paras(old: Vec<Para>, new: Vec<Para>) -> Diff {
    let (items, stats) = {
        let mut ids = HashMap::with_capacity_and_hasher(old.len() + new.len(), Default::default());
        let old_h = para_ids(&mut ids, &old);
        let new_h = para_ids(&mut ids, &new);
        drop(ids);
        let ops = align::align(&old_h, &new_h, &old);

        let mut w = Work::new(&old, &new);
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
                DiffTag::Replace => {
                    pair_up(&mut w, o.clone(), n.clone(), &mut items);
                    w.old.forget(o);
                    w.new.forget(n);
                }
            }
        }
        detect_moves(&mut w, &old_h, &new_h, &mut items);
        let stats = stats_of(&w, &items);
        (items, stats)
    };
    Diff {
        old,
        new,
        items,
        stats,
    }
}

fn stats_of(w: &Work<'_>, items: &[Item]) -> Stats {
    // A paragraph already split knows its word count; the others are counted here.
    let words = |side: &Side<'_>, i: usize| match &side.tokens[i] {
        Some(t) => t.bag.len(),
        None => count_words(side.paras[i]),
    };
    let mut stats = Stats::default();
    for item in items {
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
                stats.words_removed += words(&w.old, *a);
            }
            Item::Added { new: b } => {
                stats.paragraphs_added += 1;
                stats.words_added += words(&w.new, *b);
            }
        }
    }
    stats
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
    token::count_words(s)
}

/// Dice coefficient of two word multisets (word ids in any order): 1.0 identical, 0.0
/// nothing in common. `counts` has a zero for every id, and is left so.
fn similarity(counts: &mut [u32], a: &[u32], b: &[u32]) -> f64 {
    dice(common_words(counts, a, b), a.len() + b.len())
}

/// Dice coefficient from the words two multisets have in common and their sizes added.
fn dice(common: usize, total: usize) -> f64 {
    if total == 0 {
        return 1.0;
    }
    2.0 * common as f64 / total as f64
}

/// How many words two multisets (word ids in any order) have in common. `counts` has a zero
/// for every id, and is left so.
fn common_words(counts: &mut [u32], a: &[u32], b: &[u32]) -> usize {
    // Each word is counted min(count in a, count in b) times: a's words are counted up, and
    // each of b's words uses one up while any are left. Cheaper than sorting the multisets.
    for &id in a {
        counts[id as usize] += 1;
    }
    let mut common = 0usize;
    for &id in b {
        let c = &mut counts[id as usize];
        if *c > 0 {
            *c -= 1;
            common += 1;
        }
    }
    for &id in a {
        counts[id as usize] = 0;
    }
    common
}

/// Inside a replaced stretch, pair each old paragraph with the most similar new one further
/// on (keeping reading order); unpaired ones are removals and additions.
fn pair_up(
    w: &mut Work<'_>,
    o: std::ops::Range<usize>,
    n: std::ops::Range<usize>,
    items: &mut Vec<Item>,
) {
    let mut next_new = n.start;
    let o_end = o.end;
    for a in o {
        let mut best: Option<(usize, f64)> = None;
        for b in next_new..n.end.min(next_new + PAIR_WINDOW) {
            let s = w.similarity(a, b);
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
                    spans: w.word_diff(a, b),
                });
                next_new = b + 1;
            }
            None if next_new < n.end
                && !(a + 1..o_end.min(a + 1 + PAIR_WINDOW))
                    .any(|x| w.similarity(x, next_new) >= PAIR_SIMILARITY)
                && w.rewritten_sentence(a, next_new) =>
            {
                items.push(Item::Changed {
                    old: a,
                    new: next_new,
                    spans: w.word_diff(a, next_new),
                });
                next_new += 1;
            }
            None => items.push(Item::Removed { old: a }),
        }
    }
    items.extend((next_new..n.end).map(|x| Item::Added { new: x }));
}

/// Turn removed/added pairs that hold the same (or nearly the same) text into moves.
fn detect_moves(w: &mut Work<'_>, old_h: &[u32], new_h: &[u32], items: &mut [Item]) {
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
    let mark = |w: &mut Work<'_>, items: &mut [Item], ri: usize, ai: usize, a: usize, b: usize| {
        items[ri] = Item::MovedAway { old: a, new: b };
        items[ai] = Item::MovedHere {
            old: a,
            new: b,
            spans: w.word_diff(a, b),
        };
    };

    // Identical text first: exact, and cheap for any size.
    let mut by_text: HashMap<u32, Vec<usize>, token::FxBuild> = HashMap::default();
    for &ai in added.iter().rev() {
        if let Some(b) = new_of(items, ai) {
            by_text.entry(new_h[b]).or_default().push(ai);
        }
    }
    for &ri in &removed {
        let Some(a) = old_of(items, ri) else { continue };
        if let Some(ai) = by_text.get_mut(&old_h[a]).and_then(Vec::pop) {
            if let Some(b) = new_of(items, ai) {
                mark(w, items, ri, ai, a, b);
            }
        }
    }

    // Then nearly identical text, when the number of candidates keeps it cheap.
    let removed: Vec<usize> = removed
        .into_iter()
        .filter(|&i| old_of(items, i).is_some())
        .collect();
    let added: Vec<(usize, usize)> = added
        .into_iter()
        .filter_map(|i| new_of(items, i).map(|b| (i, b)))
        .collect();
    if removed.is_empty()
        || added.is_empty()
        || removed.len().saturating_mul(added.len()) > FUZZY_MOVE_BUDGET
    {
        return;
    }
    let mut taken = vec![false; added.len()];
    for &ri in &removed {
        let Some(a) = old_of(items, ri) else { continue };
        // Very short paragraphs ("Thank you.") are too common to call a move.
        if w.old_words(a) < 4 {
            continue;
        }
        let mut best: Option<(usize, f64)> = None;
        for (k, &(_, b)) in added.iter().enumerate() {
            if taken[k] {
                continue;
            }
            let s = w.similarity(a, b);
            if s >= MOVE_SIMILARITY && best.map_or(true, |(_, bs)| s > bs) {
                best = Some((k, s));
            }
        }
        if let Some((k, _)) = best {
            taken[k] = true;
            let (ai, b) = added[k];
            mark(w, items, ri, ai, a, b);
        }
    }
}

/// Word-level diff of two texts. Tokens are Unicode word-boundary segments (so French,
/// Spanish and Arabic split where a reader expects), whitespace included, so the `Same` and
/// `Removed` spans rebuild `old` exactly and the `Same` and `Added` spans rebuild `new`.
pub fn word_diff(old: &str, new: &str) -> Vec<Span> {
    let ot = token::split(old);
    let nt = token::split(new);
    let mut words = Interner::with_capacity(ot.len() + nt.len());
    let oi: Vec<u32> = ot.iter().map(|t| words.id(t)).collect();
    let ni: Vec<u32> = nt.iter().map(|t| words.id(t)).collect();
    word_diff_tokens(&words, &oi, &ni)
}

/// `word_diff` on texts already split into segments numbered by `words` (so comparing two
/// segments is comparing two integers).
fn word_diff_tokens(words: &Interner<'_>, oi: &[u32], ni: &[u32]) -> Vec<Span> {
    let ops = similar::capture_diff_slices(Algorithm::Myers, oi, ni);
    let concat = |ids: &[u32]| -> String {
        let mut s = String::new();
        for &id in ids {
            s.push_str(words.text(id));
        }
        s
    };

    // Raw spans token by token, then tidied: a lone stretch of whitespace between two
    // changes becomes part of the change, so "[-a b-]{+c d+}" reads as one edit instead of
    // "[-a-]{+c+} [-b-]{+d+}".
    let mut raw: Vec<(SpanOp, &[u32], &[u32])> = Vec::new();
    for op in &ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => raw.push((SpanOp::Same, &oi[o], &[])),
            DiffTag::Delete => raw.push((SpanOp::Removed, &oi[o], &[])),
            DiffTag::Insert => raw.push((SpanOp::Added, &[], &ni[n])),
            DiffTag::Replace => {
                raw.push((SpanOp::Removed, &oi[o], &[]));
                raw.push((SpanOp::Added, &[], &ni[n]));
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
                let text: String = concat(o);
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
            SpanOp::Removed => removed.push_str(&concat(o)),
            SpanOp::Added => added.push_str(&concat(n)),
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
