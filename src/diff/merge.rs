//! Three-way merge of paragraph lists (DESIGN.md §10, "Regeneration keeps hand edits"): the
//! generated text the reviewer worked on (base), the reviewer's text (edits) and the new render
//! (inputs). Paragraphs are aligned first, with the diff's own alignment (Patience on paragraph
//! texts, similar paragraphs paired, moves found; the anchors found in O(n log n) here), then words inside paragraphs both sides
//! changed. A change on one side only is taken; changes on both sides that touch different
//! words are both taken; anything else is a conflict, resolved in the reviewer's favour and
//! recorded with the inputs' wording. Pure functions over text: no files, no printing.
//!
//! A "paragraph" is whatever unit the caller splits into; `blocks` splits lectern's Markdown
//! at blank lines, so a heading, a list item, a whole table and a footnote definition are
//! one unit each, and the merged units joined by blank lines are Markdown again.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use similar::{Algorithm, DiffTag};
use unicode_segmentation::UnicodeSegmentation;

use super::token::{self, Interner};
#[cfg(test)]
use super::Para;
use super::{
    common_words, detect_moves, dice, text_ids, Item, Span, SpanOp, Work, PAIR_SIMILARITY,
    PAIR_WINDOW,
};

/// The outcome of a merge.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Merged {
    /// The merged paragraphs, in reading order.
    pub units: Vec<String>,
    /// Where both sides changed the same words, or one removed what the other changed.
    pub conflicts: Vec<Conflict>,
    /// How many of the reviewer's changes are in the result that the inputs did not make
    /// themselves: word changes, paragraphs added, removed or moved.
    pub edits_kept: usize,
}

/// One conflict: the reviewer's wording was kept, the inputs' wording is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The merged paragraph holding the reviewer's wording; when the reviewer removed the
    /// paragraph, the one before where it was (`None` when nothing precedes it).
    pub at: Option<usize>,
    /// The wording the reviewer started from.
    pub base: String,
    /// The reviewer's wording, kept in the result (empty: the reviewer removed it).
    pub edits: String,
    /// The inputs' wording, not in the result (empty: the inputs no longer have it).
    pub inputs: String,
}

/// Lectern's Markdown as paragraphs: runs of non-blank lines, without their line ends.
pub fn blocks(markdown: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut at = 0;
    let len = markdown.len();
    // Line ends found with `memchr` (vector instructions): on a long text, finding them was
    // most of the cost of splitting.
    let ends = memchr::memchr_iter(b'\n', markdown.as_bytes()).map(|i| i + 1);
    for line_end in ends.chain((!markdown.ends_with('\n') && len > 0).then_some(len)) {
        let body = markdown[at..line_end].trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(&markdown[s..end]);
            }
        } else {
            if start.is_none() {
                start = Some(at);
            }
            end = at + body.len();
        }
        at = line_end;
    }
    if let Some(s) = start {
        out.push(&markdown[s..end]);
    }
    out
}

/// Paragraphs back into Markdown: separated by a blank line, ending with a newline.
pub fn join(units: &[String]) -> String {
    let mut s = units.join("\n\n");
    if !s.is_empty() {
        s.push('\n');
    }
    s
}

/// Merge three Markdown texts paragraph by paragraph (see `blocks`).
pub fn merge_text(base: &str, edits: &str, inputs: &str) -> Merged {
    merge_slices(&blocks(base), &blocks(edits), &blocks(inputs)).owned()
}

/// `merge_text` with the merged paragraphs written to `to` as `join` joins them, straight from
/// the texts given where no side changed them, with no copy of the whole text in memory (`to`
/// should be buffered). The merge comes back without its `units`.
pub fn merge_markdown_to(
    base: &str,
    edits: &str,
    inputs: &str,
    to: &mut impl std::io::Write,
) -> std::io::Result<Merged> {
    let out = merge_slices(&blocks(base), &blocks(edits), &blocks(inputs));
    write_joined(&out.units, to)?;
    Ok(out.without_units())
}

/// Paragraphs written as `join` joins them.
fn write_joined(units: &[Cow<'_, str>], to: &mut impl std::io::Write) -> std::io::Result<()> {
    for (k, u) in units.iter().enumerate() {
        if k > 0 {
            to.write_all(b"\n\n")?;
        }
        to.write_all(u.as_bytes())?;
    }
    // A newline ends the text unless it is empty.
    if units.len() > 1 || units.first().is_some_and(|u| !u.is_empty()) {
        to.write_all(b"\n")?;
    }
    Ok(())
}

/// A merge whose paragraphs borrow from the texts merged where they are unchanged.
#[derive(Default)]
struct Out<'t> {
    units: Vec<Cow<'t, str>>,
    conflicts: Vec<Conflict>,
    edits_kept: usize,
}

impl Out<'_> {
    fn without_units(self) -> Merged {
        Merged {
            units: Vec::new(),
            conflicts: self.conflicts,
            edits_kept: self.edits_kept,
        }
    }

    fn owned(self) -> Merged {
        Merged {
            units: self.units.into_iter().map(Cow::into_owned).collect(),
            conflicts: self.conflicts,
            edits_kept: self.edits_kept,
        }
    }
}

/// Where a base paragraph went on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Still in reading order with its neighbours (perhaps edited): that side's index.
    InPlace(usize),
    /// Moved elsewhere: that side's index.
    Moved(usize),
    Deleted,
}

/// What one side's paragraph is, seen from the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    InPlace(usize),
    Moved(usize),
    New,
}

/// One side aligned with the base.
struct Side<'a, 't> {
    texts: &'a [&'t str],
    fate: Vec<Fate>,
    /// Per base paragraph this side kept: how many separate word changes it made to it
    /// (counted on the reviewer's side only: the merge reads no other).
    changes: Vec<usize>,
    /// Paragraphs this side has that are not in place, grouped by the base paragraph they
    /// follow (index 0: before every base paragraph; `b + 1`: after base paragraph `b`).
    inserted: Vec<Vec<(usize, Entry)>>,
}

/// Runs of changed spans in a word diff: one word change each.
fn count_changes(spans: &[Span]) -> usize {
    let mut n = 0;
    let mut in_change = false;
    for s in spans {
        let changed = s.op != SpanOp::Same;
        n += usize::from(changed && !in_change);
        in_change = changed;
    }
    n
}

impl<'a, 't> Side<'a, 't> {
    /// `ids`: the paragraph numbers of `base` and of `texts` (`Ids`); `count`: whether to
    /// count the word changes of paragraphs kept in place.
    fn align(
        base: &[&'t str],
        texts: &'a [&'t str],
        ids: (&[u32], &[u32]),
        count: bool,
    ) -> Side<'a, 't> {
        let mut fate = vec![Fate::Deleted; base.len()];
        let mut changes = vec![0; base.len()];
        let mut entry = vec![Entry::New; texts.len()];
        let (items, counted) = align_texts(base, texts, ids.0, ids.1, count);
        for (old, n) in counted {
            changes[old] = n;
        }
        for item in items {
            match item {
                Item::Same { old, new } | Item::Changed { old, new, .. } => {
                    fate[old] = Fate::InPlace(new);
                    entry[new] = Entry::InPlace(old);
                }
                Item::MovedHere { old, new, spans } => {
                    fate[old] = Fate::Moved(new);
                    entry[new] = Entry::Moved(old);
                    changes[old] = count_changes(&spans);
                }
                Item::MovedAway { .. } | Item::Removed { .. } | Item::Added { .. } => {}
            }
        }
        let mut inserted = vec![Vec::new(); base.len() + 1];
        let mut anchor = 0;
        for (s, e) in entry.into_iter().enumerate() {
            match e {
                Entry::InPlace(b) => anchor = b + 1,
                other => inserted[anchor].push((s, other)),
            }
        }
        Side {
            texts,
            fate,
            changes,
            inserted,
        }
    }

    /// This side's wording of base paragraph `b`, wherever it is; `None` when removed.
    fn text_of(&self, b: usize) -> Option<&'t str> {
        match self.fate[b] {
            Fate::InPlace(s) | Fate::Moved(s) => Some(self.texts[s]),
            Fate::Deleted => None,
        }
    }
}

/// Merge paragraph lists: `base` is what both sides started from, `edits` the reviewer's
/// paragraphs, `inputs` the new render's.
pub fn merge(base: &[String], edits: &[String], inputs: &[String]) -> Merged {
    merge_slices(&strs(base), &strs(edits), &strs(inputs)).owned()
}

fn strs(ts: &[String]) -> Vec<&str> {
    ts.iter().map(String::as_str).collect()
}

fn merge_slices<'t>(base: &[&'t str], edits: &[&'t str], inputs: &[&'t str]) -> Out<'t> {
    let texts = |ps: &[&'t str]| -> Vec<Cow<'t, str>> { ps.iter().map(|&p| p.into()).collect() };
    if edits == base || inputs == edits {
        return Out {
            units: texts(inputs),
            ..Out::default()
        };
    }
    if inputs == base {
        let ids = Ids::of(base, edits, &[]);
        let e = Side::align(base, edits, (&ids.base, &ids.edits), true);
        return Out {
            units: texts(edits),
            edits_kept: count_edits(&e),
            ..Out::default()
        };
    }
    aligned_slices(base, edits, inputs)
}

/// Every paragraph of the three texts numbered (equal numbers: equal text), the base's once
/// for both alignments.
struct Ids {
    base: Vec<u32>,
    edits: Vec<u32>,
    inputs: Vec<u32>,
}

impl Ids {
    fn of<'t>(base: &[&'t str], edits: &[&'t str], inputs: &[&'t str]) -> Ids {
        let n = base.len() + edits.len() + inputs.len();
        let mut ids = HashMap::with_capacity_and_hasher(n, Default::default());
        let base = text_ids(&mut ids, base.iter().copied());
        let edits = text_ids(&mut ids, edits.iter().copied());
        let inputs = text_ids(&mut ids, inputs.iter().copied());
        Ids {
            base,
            edits,
            inputs,
        }
    }
}

/// `merge` without the shortcuts for sides equal to the base or to each other.
fn aligned_slices<'t>(base: &[&'t str], edits: &[&'t str], inputs: &[&'t str]) -> Out<'t> {
    let ids = Ids::of(base, edits, inputs);
    let e = Side::align(base, edits, (&ids.base, &ids.edits), true);
    let i = Side::align(base, inputs, (&ids.base, &ids.inputs), false);
    let mut m = Run {
        base,
        e: &e,
        i: &i,
        out: Out::default(),
    };
    m.insertions(0);
    for b in 0..base.len() {
        m.paragraph(b);
        m.insertions(b + 1);
    }
    m.out
}

/// The reviewer's changes when the inputs made none: paragraphs added, removed or moved, and
/// word changes inside the paragraphs kept in place.
fn count_edits(e: &Side<'_, '_>) -> usize {
    let mut n = e.inserted.iter().map(Vec::len).sum::<usize>();
    for (b, f) in e.fate.iter().enumerate() {
        match *f {
            Fate::Deleted => n += 1,
            Fate::InPlace(_) => n += e.changes[b],
            Fate::Moved(_) => {}
        }
    }
    n
}

struct Run<'a, 't> {
    base: &'a [&'t str],
    e: &'a Side<'a, 't>,
    i: &'a Side<'a, 't>,
    out: Out<'t>,
}

impl<'t> Run<'_, 't> {
    fn push(&mut self, text: impl Into<Cow<'t, str>>) {
        self.out.units.push(text.into());
    }

    fn last(&self) -> Option<usize> {
        self.out.units.len().checked_sub(1)
    }

    fn conflict(&mut self, at: Option<usize>, base: &str, edits: &str, inputs: &str) {
        self.out.conflicts.push(Conflict {
            at,
            base: base.to_string(),
            edits: edits.to_string(),
            inputs: inputs.to_string(),
        });
    }

    /// Base paragraph `b` where it stands (unless a side moved it: it is written there).
    fn paragraph(&mut self, b: usize) {
        let base = self.base[b];
        match (self.e.fate[b], self.i.fate[b]) {
            (Fate::Moved(_), _) | (_, Fate::Moved(_)) => {}
            (Fate::InPlace(s), Fate::InPlace(t)) => {
                let (e, i) = (self.e.texts[s], self.i.texts[t]);
                self.words(b, e, i);
            }
            (Fate::InPlace(s), Fate::Deleted) => {
                let e = self.e.texts[s];
                if e != base {
                    // The inputs dropped a paragraph the reviewer edited: the edit stays.
                    self.push(e);
                    let at = self.last();
                    self.conflict(at, base, e, "");
                }
            }
            (Fate::Deleted, Fate::InPlace(t)) => {
                let i = self.i.texts[t];
                if i == base {
                    self.out.edits_kept += 1;
                } else {
                    // The reviewer removed a paragraph the inputs changed: it stays removed.
                    let at = self.last();
                    self.conflict(at, base, "", i);
                }
            }
            (Fate::Deleted, Fate::Deleted) => {}
        }
    }

    /// Three-way merge of base paragraph `b`'s words, written to the result.
    fn words(&mut self, b: usize, e: &'t str, i: &'t str) {
        let base = self.base[b];
        if e == i || i == base {
            if e != i {
                self.out.edits_kept += self.e.changes[b];
            }
            self.push(e);
            return;
        }
        if e == base {
            self.push(i);
            return;
        }
        let w = merge_words(base, e, i);
        self.out.edits_kept += w.kept;
        self.push(w.text);
        let at = self.last();
        for c in w.conflicts {
            self.conflict(at, &c.base, &c.edits, &c.inputs);
        }
    }

    /// The paragraphs either side added or moved to after base paragraph `anchor - 1`: the
    /// reviewer's first, then the inputs' (those the reviewer did not add as well).
    fn insertions(&mut self, anchor: usize) {
        let e_list = &self.e.inserted[anchor];
        let i_list = &self.i.inserted[anchor];
        for &(s, entry) in e_list {
            match entry {
                Entry::New => {
                    let text = self.e.texts[s];
                    if !i_list
                        .iter()
                        .any(|&(t, x)| x == Entry::New && self.i.texts[t] == text)
                    {
                        self.out.edits_kept += 1;
                    }
                    self.push(text);
                }
                Entry::Moved(b) => self.moved_by_reviewer(b, s),
                Entry::InPlace(_) => {}
            }
        }
        for &(t, entry) in i_list {
            match entry {
                Entry::New => {
                    let text = self.i.texts[t];
                    if !e_list
                        .iter()
                        .any(|&(s, x)| x == Entry::New && self.e.texts[s] == text)
                    {
                        self.push(text);
                    }
                }
                Entry::Moved(b) => self.moved_by_inputs(b, t),
                Entry::InPlace(_) => {}
            }
        }
    }

    /// Base paragraph `b`, which the reviewer moved to their paragraph `s`.
    fn moved_by_reviewer(&mut self, b: usize, s: usize) {
        let base = self.base[b];
        let e = self.e.texts[s];
        if !self.same_place(b) {
            self.out.edits_kept += 1;
        }
        match self.i.text_of(b) {
            Some(i) => self.words(b, e, i),
            None if e == base => {}
            None => {
                self.push(e);
                let at = self.last();
                self.conflict(at, base, e, "");
            }
        }
    }

    /// Whether both sides moved base paragraph `b` after the same base paragraph.
    fn same_place(&self, b: usize) -> bool {
        let place = |side: &Side<'_, '_>| {
            side.inserted
                .iter()
                .position(|l| l.iter().any(|&(_, x)| x == Entry::Moved(b)))
        };
        place(self.e) == place(self.i)
    }

    /// Base paragraph `b`, which the inputs moved to their paragraph `t`.
    fn moved_by_inputs(&mut self, b: usize, t: usize) {
        let base = self.base[b];
        let i = self.i.texts[t];
        match self.e.fate[b] {
            // The reviewer's place wins; the paragraph was written there.
            Fate::Moved(_) => {}
            Fate::InPlace(s) => {
                let e = self.e.texts[s];
                self.words(b, e, i);
            }
            Fate::Deleted => {
                if i == base {
                    self.out.edits_kept += 1;
                } else {
                    let at = self.last();
                    self.conflict(at, base, "", i);
                }
            }
        }
    }
}

/// The diff's items for `old` → `new`, as `diff_paras` makes them (the same pairing of
/// similar paragraphs and the same moves), with the paragraph alignment done here: paragraphs
/// that occur once on each side are anchors, the longest run of them in the same order is
/// found by patience sorting (O(n log n)), and only the stretches between anchors are diffed.
/// `similar`'s Patience runs Myers over the anchor lists instead, which costs O(n·d) when a
/// long document has many edited paragraphs (5% of sentences edited on a 200,000-word text
/// made it most of the merge's time). Paired paragraphs carry no spans: the merge needs only
/// how many word changes each has, returned beside the items as (old index, count).
fn align_texts(
    old: &[&str],
    new: &[&str],
    old_h: &[u32],
    new_h: &[u32],
    count: bool,
) -> (Vec<Item>, Vec<(usize, usize)>) {
    let mut ops = Vec::new();
    align(old_h, 0..old_h.len(), new_h, 0..new_h.len(), 0, &mut ops);
    let mut w = Work::of_texts(old.to_vec(), new.to_vec());
    let mut items = Vec::with_capacity(old.len().max(new.len()));
    let mut counted = Vec::new();
    for (tag, o, n) in ops {
        match tag {
            DiffTag::Equal => {
                for (a, b) in o.zip(n) {
                    items.push(Item::Same { old: a, new: b });
                }
            }
            DiffTag::Delete => items.extend(o.map(|a| Item::Removed { old: a })),
            DiffTag::Insert => items.extend(n.map(|b| Item::Added { new: b })),
            DiffTag::Replace => {
                pair_counted(
                    &mut w,
                    o.clone(),
                    n.clone(),
                    &mut items,
                    &mut counted,
                    count,
                );
                w.old.forget(o);
                w.new.forget(n);
            }
        }
    }
    detect_moves(&mut w, old_h, new_h, &mut items);
    (items, counted)
}

/// `diff::pair_up`, counting the word changes of each pair instead of spelling them out.
fn pair_counted(
    w: &mut Work<'_>,
    o: Range<usize>,
    n: Range<usize>,
    items: &mut Vec<Item>,
    counted: &mut Vec<(usize, usize)>,
    count: bool,
) {
    let mut next_new = n.start;
    for a in o {
        let mut best: Option<(usize, f64, Option<Middles>)> = None;
        let window = next_new..n.end.min(next_new + PAIR_WINDOW);
        let single = window.len() == 1;
        for b in window {
            let m = middles(w, a, b, single);
            let s = m
                .as_ref()
                .map_or_else(|| w.similarity(a, b), |m| m.similarity);
            if s >= PAIR_SIMILARITY && best.as_ref().map_or(true, |&(_, bs, _)| s > bs) {
                best = Some((b, s, m));
            }
        }
        match best {
            Some((b, _, m)) => {
                items.extend((next_new..b).map(|x| Item::Added { new: x }));
                if count {
                    let n = match m {
                        Some(m) => changes(&m.old, &m.new).len(),
                        None => {
                            w.prepare(a, b);
                            w.pair(a, b)
                                .map_or(1, |(x, y)| changes(&x.ids, &y.ids).len())
                        }
                    };
                    counted.push((a, n));
                }
                items.push(Item::Changed {
                    old: a,
                    new: b,
                    spans: Vec::new(),
                });
                next_new = b + 1;
            }
            None => items.push(Item::Removed { old: a }),
        }
    }
    items.extend((next_new..n.end).map(|x| Item::Added { new: x }));
}

/// Two paragraphs compared between their cuts (`token::cut`): the segments of the middles,
/// and the similarity of the whole paragraphs. The words before and after the cuts are the
/// same words on both sides, so they are counted, not numbered: the Dice coefficient comes
/// out exactly as over the whole paragraphs (min(p + a, p + b) = p + min(a, b) per word), and
/// so does the count of word changes (Myers takes the common ends off first).
struct Middles {
    old: Vec<u32>,
    new: Vec<u32>,
    /// Exact, or (when only pairing or not matters) any value at or above `PAIR_SIMILARITY`
    /// when the exact one is.
    similarity: f64,
}

/// The fewest words around the cuts with which two middles having `common` words in common
/// and `rest` words in all make the paragraphs similar enough to pair.
fn shared_needed(common: usize, rest: usize) -> usize {
    let pairs = |k: usize| dice(k + common, 2 * k + rest) >= PAIR_SIMILARITY;
    // 2(k + c) / (2k + r) >= t  <=>  k >= (t·r - 2c) / (2 - 2t); then made exact.
    let t = PAIR_SIMILARITY;
    let guess = ((t * rest as f64 - 2.0 * common as f64) / (2.0 - 2.0 * t)).ceil();
    let mut k = if guess > 0.0 { guess as usize } else { 0 };
    while k > 0 && pairs(k - 1) {
        k -= 1;
    }
    while !pairs(k) {
        k += 1;
    }
    k
}

/// Old paragraph `a` and new paragraph `b` between their cuts, when the parts around the cuts
/// are at least half of the shorter one; `None` otherwise, or when both are already split.
/// `single`: `b` is the only candidate, so only whether the pair reaches `PAIR_SIMILARITY`
/// matters, and the words around the cuts are counted only as far as that needs.
fn middles(w: &mut Work<'_>, a: usize, b: usize, single: bool) -> Option<Middles> {
    if w.old.tokens[a].is_some() && w.new.tokens[b].is_some() {
        return None;
    }
    let (x, y) = (w.old.paras[a], w.new.paras[b]);
    let (p, s) = token::cut(x, y);
    if 2 * (p + s) < x.len().min(y.len()) {
        return None;
    }
    let mut ids = |t| {
        let mut v = Vec::new();
        token::for_each_segment(t, |seg| v.push(w.words.id(seg)));
        v
    };
    let old = ids(&x[p..x.len() - s]);
    let new = ids(&y[p..y.len() - s]);
    let words = &w.words;
    let bag = |v: &[u32]| -> Vec<u32> { v.iter().copied().filter(|&i| words.is_word(i)).collect() };
    let (ob, nb) = (bag(&old), bag(&new));
    w.counts.resize(w.words.len(), 0);
    let common = common_words(&mut w.counts, &ob, &nb);
    let rest = ob.len() + nb.len();
    let limit = if single {
        shared_needed(common, rest)
    } else {
        usize::MAX
    };
    let before = token::count_words_upto(&x[..p], limit);
    let shared = before + token::count_words_upto(&x[x.len() - s..], limit - before);
    Some(Middles {
        old,
        new,
        similarity: dice(shared + common, 2 * shared + rest),
    })
}

type Op = (DiffTag, Range<usize>, Range<usize>);

/// Below this many cells (old × new paragraphs) a stretch without anchors is diffed with
/// Myers; above it, it is one replaced stretch (paired by similarity).
const MYERS_CELLS: usize = 1 << 20;

/// Align paragraph ids `old[o]` with `new[n]` into `ops`, in order.
fn align(
    old: &[u32],
    o: Range<usize>,
    new: &[u32],
    n: Range<usize>,
    depth: u32,
    ops: &mut Vec<Op>,
) {
    let (mut o, mut n) = (o, n);
    // Equal ends first.
    let mut head = 0;
    while o.start + head < o.end
        && n.start + head < n.end
        && old[o.start + head] == new[n.start + head]
    {
        head += 1;
    }
    push(
        ops,
        DiffTag::Equal,
        o.start..o.start + head,
        n.start..n.start + head,
    );
    o.start += head;
    n.start += head;
    let mut tail = 0;
    while o.end - tail > o.start
        && n.end - tail > n.start
        && old[o.end - tail - 1] == new[n.end - tail - 1]
    {
        tail += 1;
    }
    let tail_ops = (o.end - tail..o.end, n.end - tail..n.end);
    o.end -= tail;
    n.end -= tail;

    if o.is_empty() || n.is_empty() {
        push(ops, DiffTag::Delete, o.clone(), n.start..n.start);
        push(ops, DiffTag::Insert, o.end..o.end, n.clone());
    } else {
        let found = if depth < 8 {
            anchors(old, o.clone(), new, n.clone())
        } else {
            Vec::new()
        };
        if found.is_empty() {
            if o.len().saturating_mul(n.len()) <= MYERS_CELLS {
                let (os, ns) = (o.start, n.start);
                for op in similar::capture_diff_slices(Algorithm::Myers, &old[o], &new[n]) {
                    let (tag, a, b) = op.as_tag_tuple();
                    push(ops, tag, os + a.start..os + a.end, ns + b.start..ns + b.end);
                }
            } else {
                push(ops, DiffTag::Replace, o, n);
            }
        } else {
            let (mut a, mut b) = (o.start, n.start);
            for (x, y) in found {
                align(old, a..x, new, b..y, depth + 1, ops);
                push(ops, DiffTag::Equal, x..x + 1, y..y + 1);
                (a, b) = (x + 1, y + 1);
            }
            align(old, a..o.end, new, b..n.end, depth + 1, ops);
        }
    }
    push(ops, DiffTag::Equal, tail_ops.0, tail_ops.1);
}

/// Add an op, joined to the last one when they continue each other (equal after equal; a
/// deletion and an insertion side by side make a replacement).
fn push(ops: &mut Vec<Op>, tag: DiffTag, o: Range<usize>, n: Range<usize>) {
    if o.is_empty() && n.is_empty() {
        return;
    }
    if let Some((last, lo, ln)) = ops.last_mut() {
        if lo.end == o.start && ln.end == n.start {
            let joined = match (*last, tag) {
                (DiffTag::Equal, DiffTag::Equal) => Some(DiffTag::Equal),
                (DiffTag::Equal, _) | (_, DiffTag::Equal) => None,
                (DiffTag::Delete, DiffTag::Delete) => Some(DiffTag::Delete),
                (DiffTag::Insert, DiffTag::Insert) => Some(DiffTag::Insert),
                _ => Some(DiffTag::Replace),
            };
            if let Some(t) = joined {
                *last = t;
                lo.end = o.end;
                ln.end = n.end;
                return;
            }
        }
    }
    ops.push((tag, o, n));
}

/// The paragraphs found exactly once in `old[o]` and once in `new[n]` that keep their order
/// on both sides: the longest such run, as (old index, new index) pairs.
fn anchors(old: &[u32], o: Range<usize>, new: &[u32], n: Range<usize>) -> Vec<(usize, usize)> {
    // Per id: occurrences in old, in new, and where it was last seen in new.
    let mut seen: HashMap<u32, (u32, u32, usize), token::FxBuild> =
        HashMap::with_capacity_and_hasher(o.len(), Default::default());
    for i in o.clone() {
        seen.entry(old[i]).or_insert((0, 0, 0)).0 += 1;
    }
    for j in n {
        if let Some(e) = seen.get_mut(&new[j]) {
            e.1 += 1;
            e.2 = j;
        }
    }
    let pairs: Vec<(usize, usize)> = o
        .filter_map(|i| match seen.get(&old[i]) {
            Some(&(1, 1, j)) => Some((i, j)),
            _ => None,
        })
        .collect();
    // The longest increasing run of new indices: patience sorting with back links.
    let mut piles: Vec<usize> = Vec::new();
    let mut back: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let at = piles.partition_point(|&p| pairs[p].1 < j);
        if at > 0 {
            back[k] = Some(piles[at - 1]);
        }
        if at == piles.len() {
            piles.push(k);
        } else {
            piles[at] = k;
        }
    }
    let mut run = Vec::with_capacity(piles.len());
    let mut k = piles.last().copied();
    while let Some(x) = k {
        run.push(pairs[x]);
        k = back[x];
    }
    run.reverse();
    run
}

/// A word-level merge of one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Words {
    text: String,
    conflicts: Vec<Conflict>,
    kept: usize,
}

/// One side's change to a run of base tokens: base `[start, end)` becomes `with`.
#[derive(Debug, Clone, Copy)]
struct Change {
    start: usize,
    end: usize,
    with: (usize, usize),
}

/// The changes that turn token list `a` into `b`, in order, never overlapping.
fn changes(a: &[u32], b: &[u32]) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Myers, a, b) {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        // A delete next to an insert is one replacement.
        match out.last_mut() {
            Some(last) if last.end == o.start && last.with.1 == n.start => {
                last.end = o.end;
                last.with.1 = n.end;
            }
            _ => out.push(Change {
                start: o.start,
                end: o.end,
                with: (n.start, n.end),
            }),
        }
    }
    out
}

/// Whether change `c` collides with the run `[start, end)` of a cluster. Changes touching
/// different words do not: an insertion at the edge of a replaced run goes beside it.
fn collides(c: &Change, start: usize, end: usize) -> bool {
    let c_ins = c.start == c.end;
    let run_ins = start == end;
    match (c_ins, run_ins) {
        (true, true) => c.start == start,
        (true, false) => start < c.start && c.start < end,
        (false, true) => c.start < start && start < c.end,
        (false, false) => c.start < end && start < c.end,
    }
}

/// Three-way merge of one paragraph's words (Unicode word-boundary tokens, spaces included).
/// Only the part between the cuts the three texts share (`token::cut`) is split and merged:
/// outside it nothing changed, and the changes inside come out as over the whole texts (Myers
/// takes the common ends off first).
fn merge_words(base: &str, e: &str, i: &str) -> Words {
    let (p1, s1) = token::cut(base, e);
    let (p2, s2) = token::cut(base, i);
    // A cut valid for base and one side is valid for the other side too wherever it falls
    // inside the part base shares with that side, as the nearer of two cuts does.
    let p = p1.min(p2);
    let s = suffix_cut([base, e, i], p, s1.min(s2));
    let mid = |t: &'_ str| -> (usize, usize) { (p, t.len() - s) };
    let ((b0, b1), (e0, e1), (i0, i1)) = (mid(base), mid(e), mid(i));
    let inner = merge_whole(&base[b0..b1], &e[e0..e1], &i[i0..i1]);
    let mut text = String::with_capacity(p + inner.text.len() + s);
    text.push_str(&base[..p]);
    text.push_str(&inner.text);
    text.push_str(&base[b1..]);
    Words { text, ..inner }
}

/// How many bytes at the end `merge_words` may leave out: at most `s`, a cut common to the three
/// texts, moved right until the word after it occurs nowhere between the cuts. Over the whole
/// texts Myers may take more of the start as common than the cuts do, and `similar`'s
/// compaction slides a change down over equal words; either can carry a change past the end
/// cut only over that word. (At the start, both go no further than over the whole texts.)
fn suffix_cut(texts: [&str; 3], p: usize, s: usize) -> usize {
    let base = texts[0];
    let mut tries = 0;
    for k in (1..=s).rev() {
        let at = base.len() - k;
        // Inside the common end, a cut in the base is a cut in all three.
        if !token::is_cut(base.as_bytes(), at) {
            continue;
        }
        let Some(word) = base[at..].split_word_bounds().next() else {
            continue;
        };
        if texts.iter().all(|t| !t[p..t.len() - k].contains(word)) {
            return k;
        }
        tries += 1;
        if tries == 8 {
            break;
        }
    }
    0
}

/// `merge_words` over the whole texts.
fn merge_whole(base: &str, e: &str, i: &str) -> Words {
    let bt = token::split(base);
    let et = token::split(e);
    let it = token::split(i);
    let mut words = Interner::with_capacity(bt.len() + 16);
    let bi: Vec<u32> = bt.iter().map(|t| words.id(t)).collect();
    let ei: Vec<u32> = et.iter().map(|t| words.id(t)).collect();
    let ii: Vec<u32> = it.iter().map(|t| words.id(t)).collect();
    let ec = changes(&bi, &ei);
    let ic = changes(&bi, &ii);

    let mut out = Words {
        text: String::with_capacity(e.len().max(i.len())),
        conflicts: Vec::new(),
        kept: 0,
    };
    let concat = |ts: &[&str]| -> String { ts.concat() };
    // `side`'s version of base `[start, end)`, its changes `cs` all inside it.
    let version = |cs: &[Change], toks: &[&str], start: usize, end: usize| -> String {
        let mut s = String::new();
        let mut pos = start;
        for c in cs {
            s.push_str(&concat(&bt[pos..c.start]));
            s.push_str(&concat(&toks[c.with.0..c.with.1]));
            pos = c.end;
        }
        s.push_str(&concat(&bt[pos..end]));
        s
    };
    let (mut x, mut y, mut pos) = (0, 0, 0);
    while x < ec.len() || y < ic.len() {
        // The cluster starts with the earlier change (an insertion before a replacement at
        // the same place; the reviewer's first on a tie).
        let key = |c: &Change| (c.start, c.end != c.start);
        let take_e = match (ec.get(x), ic.get(y)) {
            (Some(a), Some(b)) => key(a) <= key(b),
            (Some(_), None) => true,
            _ => false,
        };
        let first = if take_e { ec[x] } else { ic[y] };
        let (ex0, iy0) = (x, y);
        if take_e {
            x += 1;
        } else {
            y += 1;
        }
        let (mut start, mut end) = (first.start, first.end);
        loop {
            if let Some(c) = ec.get(x).filter(|c| collides(c, start, end)) {
                start = start.min(c.start);
                end = end.max(c.end);
                x += 1;
            } else if let Some(c) = ic.get(y).filter(|c| collides(c, start, end)) {
                start = start.min(c.start);
                end = end.max(c.end);
                y += 1;
            } else {
                break;
            }
        }
        out.text.push_str(&concat(&bt[pos..start]));
        let (e_cs, i_cs) = (&ec[ex0..x], &ic[iy0..y]);
        match (e_cs.is_empty(), i_cs.is_empty()) {
            (false, true) => {
                out.kept += e_cs.len();
                out.text.push_str(&version(e_cs, &et, start, end));
            }
            (true, false) => out.text.push_str(&version(i_cs, &it, start, end)),
            _ => {
                let ev = version(e_cs, &et, start, end);
                let iv = version(i_cs, &it, start, end);
                if ev != iv {
                    out.conflicts.push(Conflict {
                        at: None,
                        base: concat(&bt[start..end]),
                        edits: ev.clone(),
                        inputs: iv,
                    });
                }
                out.text.push_str(&ev);
            }
        }
        pos = end;
    }
    out.text.push_str(&concat(&bt[pos..]));
    out
}

/// A paragraph for the tests.
#[cfg(test)]
fn para(text: &str) -> Para {
    Para {
        kind: crate::document::BlockKind::Paragraph,
        text: text.to_string(),
    }
}

/// The paragraphs' texts, for the tests.
#[cfg(test)]
fn para_strs(ps: &[Para]) -> Vec<&str> {
    ps.iter().map(|p| p.text.as_str()).collect()
}

/// `aligned_slices` over paragraphs, for the tests.
#[cfg(test)]
fn merge_aligned(base: &[Para], edits: &[Para], inputs: &[Para]) -> Merged {
    let (b, e, i) = (para_strs(base), para_strs(edits), para_strs(inputs));
    aligned_slices(&b, &e, &i).owned()
}

/// `align_texts` over paragraphs, counting the word changes, for the tests.
#[cfg(test)]
fn align_items(old: &[Para], new: &[Para]) -> (Vec<Item>, Vec<(usize, usize)>) {
    let (o, n) = (para_strs(old), para_strs(new));
    let ids = Ids::of(&o, &n, &[]);
    align_texts(&o, &n, &ids.base, &ids.edits, true)
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
