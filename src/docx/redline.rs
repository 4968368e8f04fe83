//! The redline: the newer document as it is (styles, house style, header and footer,
//! footnotes, comments, pictures, tables, right to left), written by the draft writer, with
//! the changes from the older text tracked inside it, so a reviewer can accept or reject them
//! in Word or LibreOffice.
//!
//! `tracked` lays both texts into one document: paragraphs are aligned and compared word by
//! word (`diff::diff_paras`, on each block's visible text); the newer document's blocks are
//! kept with their inlines split where words were added (`w:ins`), the older text's removed
//! words are put back where they were (`w:del`, with the formatting they had), a removed
//! paragraph is put back with its paragraph mark deleted, an added one has its mark inserted,
//! and a moved paragraph is `w:moveFrom` where it was and `w:moveTo` where it is, each end a
//! named range. Footnotes are compared note by note with their references; bold and italic
//! changes are `w:rPrChange`; table rows added or removed whole are tracked as rows. Accepting
//! every change gives exactly the newer text, rejecting every change exactly the older.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use quick_xml::events::{BytesStart, Event};

use super::house::House;
use super::track::{BlockTrack, Op, Track};
use super::DocMeta;
use crate::diff::{Item, Para, Span, SpanOp};
use crate::document::{Block, BlockKind, Document, Inline, Style};
use crate::error::{Error, Result};
use crate::picture::Pictures;

/// Who made the changes and when.
#[derive(Debug, Clone)]
pub struct Reviser {
    pub author: String,
    /// Written to the second.
    pub date: DateTime<Utc>,
}

/// The redline DOCX of `old` → `new`: `new` written as a draft with `meta`, `pictures` and
/// `house`, the changes tracked inside it.
pub fn redline(
    old: &Document,
    new: &Document,
    meta: &DocMeta,
    pictures: &Pictures,
    house: Option<&House>,
    by: &Reviser,
    was: Option<&DocMeta>,
) -> Result<Vec<u8>> {
    let (doc, mut track) = tracked(old, new, by);
    track.was_meta = was.cloned();
    let parts = super::write::build_tracked(&doc, meta, pictures, house, Some(&track))?;
    super::package::pack_draft(parts, meta.kind, meta.lang, &super::core_props(meta), house)
}

/// The paragraphs the diff compares (a block's visible text) and the block each comes from;
/// page breaks and blocks without text are left out, as `diff::paragraphs` does.
fn compared(doc: &Document) -> (Vec<Para>, Vec<usize>) {
    let mut paras = Vec::with_capacity(doc.blocks.len());
    let mut at = Vec::with_capacity(doc.blocks.len());
    for (i, b) in doc.blocks.iter().enumerate() {
        if b.kind == BlockKind::PageBreak {
            continue;
        }
        let text = b.plain_text();
        if text.trim().is_empty() {
            continue;
        }
        paras.push(Para { kind: b.kind, text });
        at.push(i);
    }
    (paras, at)
}

/// Both texts in one document, and the changes that tell them apart.
pub fn tracked(old: &Document, new: &Document, by: &Reviser) -> (Document, Track) {
    let (old_paras, old_at) = compared(old);
    let (new_paras, new_at) = compared(new);
    let d = crate::diff::diff_paras(old_paras, new_paras);
    let mut b = Builder {
        old,
        new,
        out: Document {
            blocks: Vec::with_capacity(new.blocks.len() + 8),
            footnotes: new.footnotes.clone(),
            comments: new.comments.clone(),
        },
        blocks: Vec::with_capacity(new.blocks.len() + 8),
        notes: vec![Vec::new(); new.footnotes.len()],
        notes_done: vec![false; new.footnotes.len()],
        next_new: 0,
        moves: HashMap::new(),
        tables: HashMap::new(),
        next_table: new
            .blocks
            .iter()
            .filter_map(|b| b.kind.table())
            .max()
            .map_or(0, |t| t + 1),
        last_deleted_row: None,
    };
    for item in &d.items {
        match item {
            Item::Same { old: a, new: n } => {
                let text = &d.new[*n].text;
                let spans = [Span {
                    op: SpanOp::Same,
                    text: text.clone(),
                }];
                b.both(old_at[*a], new_at[*n], &spans, Op::Same);
            }
            Item::Changed {
                old: a,
                new: n,
                spans,
            } => b.both(old_at[*a], new_at[*n], spans, Op::Same),
            Item::Added { new: n } => b.added(new_at[*n], Op::Inserted, None),
            Item::Removed { old: a } => b.removed(old_at[*a], Op::Deleted, None),
            Item::MovedAway { old: a, new: n } => {
                if is_cell(&d.old[*a]) || is_cell(&d.new[*n]) {
                    b.removed(old_at[*a], Op::Deleted, None);
                } else {
                    let m = b.move_number(*a, *n);
                    b.removed(old_at[*a], Op::MovedFrom, Some(m));
                }
            }
            Item::MovedHere {
                old: a,
                new: n,
                spans,
            } => {
                if is_cell(&d.old[*a]) || is_cell(&d.new[*n]) {
                    b.added(new_at[*n], Op::Inserted, None);
                } else {
                    let m = b.move_number(*a, *n);
                    b.moved_here(old_at[*a], new_at[*n], spans, m);
                }
            }
        }
    }
    b.emit_new_upto(new.blocks.len());
    b.keep_last_mark();
    let notes = b
        .notes
        .into_iter()
        .zip(&b.out.footnotes)
        .map(|(ops, note)| {
            if ops.is_empty() {
                vec![Op::Same; note.inlines.len()]
            } else {
                ops
            }
        })
        .collect();
    let track = Track {
        author: by.author.clone(),
        date: by.date.to_rfc3339_opts(SecondsFormat::Secs, true),
        blocks: b.blocks,
        notes,
        was_meta: None,
    };
    (b.out, track)
}

fn is_cell(p: &Para) -> bool {
    matches!(p.kind, BlockKind::Cell { .. })
}

struct Builder<'a> {
    old: &'a Document,
    new: &'a Document,
    out: Document,
    blocks: Vec<BlockTrack>,
    /// Ops of each footnote of `out` (empty: unchanged).
    notes: Vec<Vec<Op>>,
    /// The newer document's notes already compared with their older text.
    notes_done: Vec<bool>,
    /// The newer document's blocks before this one are written.
    next_new: usize,
    /// Move numbers by (old paragraph, new paragraph).
    moves: HashMap<(usize, usize), u32>,
    /// Tables of the older text removed whole → the table id they take in `out`.
    tables: HashMap<u32, u32>,
    next_table: u32,
    /// The row a removed cell was last put in: (older table, older row) → (table, row).
    last_deleted_row: Option<((u32, u32), (u32, u32))>,
}

/// What a cursor over a run of inlines finds next.
enum Piece<'a> {
    /// Text (of a `Text` inline, a line break `\n` or a tab `\t`): the inline it is from and
    /// the slice.
    Text(&'a Inline, &'a str),
    /// An inline with no text: a footnote reference, a comment mark, a picture.
    Mark(&'a Inline),
    End,
}

/// A position in a run of inlines: inline `i`, byte `off` of its text.
struct Cursor<'a> {
    inlines: &'a [Inline],
    i: usize,
    off: usize,
}

impl<'a> Cursor<'a> {
    fn new(inlines: &'a [Inline]) -> Self {
        Cursor {
            inlines,
            i: 0,
            off: 0,
        }
    }

    fn text_of(inline: &Inline) -> Option<&str> {
        match inline {
            Inline::Text { text, .. } => Some(text),
            Inline::LineBreak => Some("\n"),
            Inline::Tab => Some("\t"),
            _ => None,
        }
    }

    /// The next piece, at most `max` bytes of text, and the cursor moved past it.
    fn next(&mut self, max: usize) -> Piece<'a> {
        loop {
            let Some(inline) = self.inlines.get(self.i) else {
                return Piece::End;
            };
            match Self::text_of(inline) {
                None => {
                    self.i += 1;
                    self.off = 0;
                    return Piece::Mark(inline);
                }
                Some(t) if self.off >= t.len() => {
                    self.i += 1;
                    self.off = 0;
                }
                Some(t) => {
                    let rest = &t[self.off..];
                    let mut take = rest.len().min(max);
                    while !rest.is_char_boundary(take) {
                        take -= 1;
                    }
                    self.off += take;
                    return Piece::Text(inline, &rest[..take]);
                }
            }
        }
    }

    /// Bytes of text left in the current inline (0 at a mark or the end).
    fn here(&self) -> usize {
        self.inlines
            .get(self.i)
            .and_then(Self::text_of)
            .map_or(0, |t| t.len() - self.off)
    }

    /// Whether the next piece is a mark (skipping inlines whose text is used up).
    fn at_mark(&mut self) -> bool {
        while let Some(inline) = self.inlines.get(self.i) {
            match Self::text_of(inline) {
                None => return true,
                Some(t) if self.off >= t.len() => {
                    self.i += 1;
                    self.off = 0;
                }
                Some(_) => return false,
            }
        }
        false
    }
}

/// `inline`'s text replaced by `text` (a line break and a tab stay what they are).
fn piece_of(inline: &Inline, text: &str) -> Inline {
    match inline {
        Inline::Text { style, link, .. } => Inline::Text {
            text: text.to_string(),
            style: *style,
            link: link.clone(),
        },
        other => other.clone(),
    }
}

fn style_of(inline: &Inline) -> Option<Style> {
    match inline {
        Inline::Text { style, .. } => Some(*style),
        _ => None,
    }
}

/// Inlines with their ops and former formatting, as they are built.
#[derive(Default)]
struct Out {
    inlines: Vec<Inline>,
    ops: Vec<Op>,
    was: Vec<Option<Style>>,
}

impl Out {
    fn push(&mut self, i: Inline, op: Op, was: Option<Style>) {
        self.inlines.push(i);
        self.ops.push(op);
        self.was.push(was);
    }
}

/// Which side of the comparison an inline without text comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

/// Walk `spans` (a word diff of `old`'s and `new`'s visible texts) through both runs of
/// inlines: unchanged text is taken from `new` with `same` (its former formatting noted when it
/// changed), added text from `new` as inserted, removed text from `old` as deleted (or left
/// out, `keep_removed` false). Inlines without text are handed to `mark` as they are passed.
fn walk(
    old: &[Inline],
    new: &[Inline],
    spans: &[Span],
    same: Op,
    keep_removed: bool,
    mark: &mut dyn FnMut(Side, &Inline, &mut Out),
) -> Out {
    let mut out = Out::default();
    let (mut o, mut w) = (Cursor::new(old), Cursor::new(new));
    let flush = |c: &mut Cursor<'_>,
                 side: Side,
                 out: &mut Out,
                 mark: &mut dyn FnMut(Side, &Inline, &mut Out)| {
        while c.at_mark() {
            if let Piece::Mark(m) = c.next(0) {
                mark(side, m, out);
            }
        }
    };
    for span in spans {
        let mut n = span.text.len();
        while n > 0 {
            match span.op {
                SpanOp::Same => {
                    flush(&mut o, Side::Old, &mut out, mark);
                    flush(&mut w, Side::New, &mut out, mark);
                    let take = n.min(w.here()).min(o.here());
                    let (Piece::Text(ni, nt), Piece::Text(oi, _)) = (w.next(take), o.next(take))
                    else {
                        break;
                    };
                    if nt.is_empty() {
                        break;
                    }
                    let was = match (style_of(oi), style_of(ni)) {
                        (Some(a), Some(b)) if a.tracked() != b.tracked() => Some(a),
                        _ => None,
                    };
                    out.push(piece_of(ni, nt), same, was);
                    n -= nt.len();
                }
                SpanOp::Added => {
                    flush(&mut w, Side::New, &mut out, mark);
                    let Piece::Text(ni, nt) = w.next(n) else {
                        break;
                    };
                    if nt.is_empty() {
                        break;
                    }
                    out.push(piece_of(ni, nt), Op::Inserted, None);
                    n -= nt.len();
                }
                SpanOp::Removed => {
                    flush(&mut o, Side::Old, &mut out, mark);
                    let Piece::Text(oi, ot) = o.next(n) else {
                        break;
                    };
                    if ot.is_empty() {
                        break;
                    }
                    if keep_removed {
                        out.push(piece_of(oi, ot), Op::Deleted, None);
                    }
                    n -= ot.len();
                }
            }
        }
    }
    flush(&mut o, Side::Old, &mut out, mark);
    flush(&mut w, Side::New, &mut out, mark);
    out
}

/// The footnotes a block references, in order.
fn refs(b: &Block) -> Vec<usize> {
    b.inlines
        .iter()
        .filter_map(|i| match i {
            Inline::FootnoteRef(n) => Some(*n),
            _ => None,
        })
        .collect()
}

fn note_text(doc: &Document, n: usize) -> String {
    doc.footnotes
        .get(n)
        .map(|f| crate::document::plain_text(&f.inlines))
        .unwrap_or_default()
}

impl Builder<'_> {
    /// Write the newer document's blocks before block `n` that the diff did not compare
    /// (page breaks, pictures alone, empty paragraphs), unchanged.
    fn emit_new_upto(&mut self, n: usize) {
        while self.next_new < n {
            let b = &self.new.blocks[self.next_new];
            self.out.blocks.push(b.clone());
            self.blocks.push(BlockTrack::default());
            self.next_new += 1;
        }
    }

    fn move_number(&mut self, a: usize, n: usize) -> u32 {
        let next = self.moves.len() as u32 + 1;
        *self.moves.entry((a, n)).or_insert(next)
    }

    /// A copy of the older footnote `k`, every inline removed (`op`); its index in `out`.
    fn copy_note(&mut self, k: usize, op: Op) -> usize {
        let note =
            self.old
                .footnotes
                .get(k)
                .cloned()
                .unwrap_or_else(|| crate::document::Footnote {
                    label: String::new(),
                    inlines: Vec::new(),
                });
        let op = if op.is_removal() { Op::Deleted } else { op };
        self.notes.push(vec![op; note.inlines.len()]);
        self.notes_done.push(true);
        self.out.footnotes.push(note);
        self.out.footnotes.len() - 1
    }

    /// Mark every inline of the newer footnote `k` with `op`, unless already compared.
    fn whole_note(&mut self, k: usize, op: Op) {
        if self.notes_done.get(k) == Some(&false) {
            self.notes[k] = vec![op; self.new.footnotes[k].inlines.len()];
            self.notes_done[k] = true;
        }
    }

    /// Compare the newer footnote `k` with the older footnote `was`, word by word.
    fn compare_note(&mut self, was: usize, k: usize) {
        if self.notes_done.get(k) != Some(&false) {
            return;
        }
        self.notes_done[k] = true;
        let (a, b) = (note_text(self.old, was), note_text(self.new, k));
        if a == b {
            return;
        }
        let spans = crate::diff::word_diff(&a, &b);
        let old = &self.old.footnotes[was].inlines;
        let new = &self.new.footnotes[k].inlines;
        let out = walk(old, new, &spans, Op::Same, true, &mut |side, m, out| {
            if side == Side::New {
                out.push(m.clone(), Op::Same, None);
            }
        });
        self.out.footnotes[k].inlines = out.inlines;
        self.notes[k] = out.ops;
    }

    /// Pair the footnote references of two versions of a paragraph: same text first, then in
    /// order. Returns, per reference of `new_refs`, the older note it is paired with, and per
    /// reference of `old_refs` whether it is paired.
    fn pair_notes(
        &self,
        old_refs: &[usize],
        new_refs: &[usize],
    ) -> (Vec<Option<usize>>, Vec<bool>) {
        let mut new_pair = vec![None; new_refs.len()];
        let mut old_used = vec![false; old_refs.len()];
        for (j, &k) in new_refs.iter().enumerate() {
            let text = note_text(self.new, k);
            if let Some(i) = (0..old_refs.len())
                .find(|&i| !old_used[i] && note_text(self.old, old_refs[i]) == text)
            {
                old_used[i] = true;
                new_pair[j] = Some(old_refs[i]);
            }
        }
        let mut free = (0..old_refs.len())
            .filter(|&i| !old_used[i])
            .collect::<Vec<_>>()
            .into_iter();
        for p in new_pair.iter_mut().filter(|p| p.is_none()) {
            match free.next() {
                Some(i) => {
                    old_used[i] = true;
                    *p = Some(old_refs[i]);
                }
                None => break,
            }
        }
        (new_pair, old_used)
    }

    /// Older block `a` edited into newer block `n` (`spans`), in place.
    fn both(&mut self, a: usize, n: usize, spans: &[Span], same: Op) {
        self.emit_new_upto(n);
        let (old, new) = (self.old, self.new);
        let (ob, nb) = (&old.blocks[a], &new.blocks[n]);
        let (new_pair, old_paired) = self.pair_notes(&refs(ob), &refs(nb));
        let (mut oi, mut ni) = (0usize, 0usize);
        let out = walk(
            &ob.inlines,
            &nb.inlines,
            spans,
            same,
            true,
            &mut |side, m, out| match (side, m) {
                (Side::New, Inline::FootnoteRef(k)) => {
                    let pair = new_pair.get(ni).copied().flatten();
                    ni += 1;
                    match pair {
                        Some(was) => {
                            self.compare_note(was, *k);
                            out.push(m.clone(), Op::Same, None);
                        }
                        None => {
                            self.whole_note(*k, Op::Inserted);
                            out.push(m.clone(), Op::Inserted, None);
                        }
                    }
                }
                (Side::New, _) => out.push(m.clone(), Op::Same, None),
                (Side::Old, Inline::FootnoteRef(k)) => {
                    let paired = old_paired.get(oi).copied().unwrap_or(true);
                    oi += 1;
                    if !paired {
                        let idx = self.copy_note(*k, Op::Deleted);
                        out.push(Inline::FootnoteRef(idx), Op::Deleted, None);
                    }
                }
                (Side::Old, _) => {}
            },
        );
        self.push_block((nb.kind, nb.lang), out, Op::Same, None);
        self.restyled(ob.kind, nb.kind);
        self.next_new = self.next_new.max(n + 1);
    }

    /// Newer block `n` moved here from older block `a` (edited by `spans` on the way).
    fn moved_here(&mut self, a: usize, n: usize, spans: &[Span], m: u32) {
        self.emit_new_upto(n);
        let nb = &self.new.blocks[n];
        let old = &self.old.blocks[a];
        let out = walk(
            &old.inlines,
            &nb.inlines,
            spans,
            Op::MovedTo,
            false,
            &mut |side, i, out| {
                if side == Side::New {
                    let op = match i {
                        Inline::FootnoteRef(k) => {
                            if let Some(done) = self.notes_done.get_mut(*k) {
                                *done = true;
                            }
                            Op::MovedTo
                        }
                        Inline::Image { .. } => Op::MovedTo,
                        _ => Op::Same,
                    };
                    out.push(i.clone(), op, None);
                }
            },
        );
        self.push_block((nb.kind, nb.lang), out, Op::MovedTo, Some(m));
        self.restyled(old.kind, nb.kind);
        self.next_new = self.next_new.max(n + 1);
    }

    /// Newer block `n`, added (`op`: inserted).
    fn added(&mut self, n: usize, op: Op, moved: Option<u32>) {
        self.emit_new_upto(n);
        let nb = &self.new.blocks[n];
        let mut out = Out::default();
        for i in &nb.inlines {
            match i {
                Inline::FootnoteRef(k) => {
                    self.whole_note(*k, op);
                    out.push(i.clone(), op, None);
                }
                Inline::CommentStart(_) | Inline::CommentEnd(_) => {
                    out.push(i.clone(), Op::Same, None)
                }
                _ => out.push(i.clone(), op, None),
            }
        }
        self.push_block((nb.kind, nb.lang), out, op, moved);
        self.next_new = self.next_new.max(n + 1);
    }

    /// Older block `a`, put back removed (`op`: deleted, or moved from here).
    fn removed(&mut self, a: usize, op: Op, moved: Option<u32>) {
        let ob = &self.old.blocks[a];
        let mut out = Out::default();
        for i in &ob.inlines {
            match i {
                Inline::Text { .. } | Inline::LineBreak | Inline::Tab => {
                    out.push(i.clone(), op, None)
                }
                Inline::FootnoteRef(k) => {
                    let idx = self.copy_note(*k, op);
                    out.push(Inline::FootnoteRef(idx), op, None);
                }
                // Comments belong to the newer document; its pictures are the ones loaded.
                Inline::CommentStart(_) | Inline::CommentEnd(_) | Inline::Image { .. } => {}
            }
        }
        let kind = self.removed_kind(ob.kind);
        self.push_block((kind, ob.lang), out, op, moved);
    }

    /// Where a removed block goes: a removed table cell joins the table it sits in (a row of
    /// its own, removed), or a table of its own when its whole table was removed.
    fn removed_kind(&mut self, kind: BlockKind) -> BlockKind {
        let BlockKind::Cell {
            table,
            row,
            col,
            align,
        } = kind
        else {
            return kind;
        };
        let around = self
            .out
            .blocks
            .last()
            .and_then(|b| b.kind.table())
            .or_else(|| {
                self.new
                    .blocks
                    .get(self.next_new)
                    .and_then(|b| b.kind.table())
            });
        let (t, r) = match (self.last_deleted_row, around) {
            (Some((key, place)), _) if key == (table, row) => place,
            (_, Some(t)) => {
                // A row number no row of the newer table has.
                let r = u32::MAX - self.blocks.len() as u32;
                (t, r)
            }
            (_, None) => {
                let next = self.next_table;
                let t = *self.tables.entry(table).or_insert(next);
                if t == next {
                    self.next_table += 1;
                }
                (t, row)
            }
        };
        self.last_deleted_row = Some(((table, row), (t, r)));
        BlockKind::Cell {
            table: t,
            row: r,
            col,
            align,
        }
    }

    /// Paragraphs removed at the very end: the body's last paragraph mark cannot be deleted
    /// (Word keeps it, so accepting would leave an empty last paragraph). As Word records such
    /// a deletion, the mark of the last paragraph kept is deleted instead and the last mark
    /// kept, dressed as that paragraph (its former look as a style change): accepting joins the
    /// kept paragraph into it, rejecting gives every paragraph back with its own style.
    fn keep_last_mark(&mut self) {
        let plain = |b: &Block| !matches!(b.kind, BlockKind::Cell { .. } | BlockKind::PageBreak);
        let removed = |t: &BlockTrack| t.mark == Op::Deleted && t.moved.is_none();
        let n = self.out.blocks.len();
        let mut first = n;
        while first > 0 && plain(&self.out.blocks[first - 1]) && removed(&self.blocks[first - 1]) {
            first -= 1;
        }
        if first == n || first == 0 {
            return;
        }
        let kept = first - 1;
        if !plain(&self.out.blocks[kept]) || self.blocks[kept].mark != Op::Same {
            return;
        }
        self.blocks[kept].mark = Op::Deleted;
        let look = self.out.blocks[kept].kind;
        let last = &mut self.out.blocks[n - 1];
        let was = std::mem::replace(&mut last.kind, look);
        let t = &mut self.blocks[n - 1];
        t.mark = Op::Same;
        t.was_kind = (was != look).then_some(was);
    }

    /// The block just added had `was` in the older text: when that is another style (a
    /// heading become body text, a list item a paragraph…), the change is tracked. Table cells
    /// keep their table's look; a numbered item only changes with its level.
    fn restyled(&mut self, was: BlockKind, now: BlockKind) {
        let look = |k: BlockKind| match k {
            BlockKind::Numbered { level, .. } => BlockKind::Numbered { level, list: 0 },
            k => k,
        };
        let cell = |k: BlockKind| matches!(k, BlockKind::Cell { .. } | BlockKind::PageBreak);
        if cell(was) || cell(now) || look(was) == look(now) {
            return;
        }
        if let Some(t) = self.blocks.last_mut() {
            t.was_kind = Some(was);
        }
    }

    /// Add a block (its kind and language) with its changes.
    fn push_block(
        &mut self,
        (kind, lang): (BlockKind, Option<crate::library::Lang>),
        out: Out,
        mark: Op,
        moved: Option<u32>,
    ) {
        if !matches!(kind, BlockKind::Cell { .. }) {
            self.last_deleted_row = None;
        }
        self.out.blocks.push(Block {
            kind,
            inlines: out.inlines,
            lang,
        });
        self.blocks.push(BlockTrack {
            mark,
            ops: out.ops,
            was: out.was,
            moved,
            was_kind: None,
        });
    }
}

/// Insert `<w:trackRevisions/>` into the settings part, before the first element the schema
/// places after it.
pub(crate) fn track_revisions(xml: &[u8]) -> Result<Vec<u8>> {
    const AFTER: &[&[u8]] = &[
        b"w:doNotTrackMoves",
        b"w:doNotTrackFormatting",
        b"w:documentProtection",
        b"w:autoFormatOverride",
        b"w:styleLockTheme",
        b"w:styleLockQFSet",
        b"w:defaultTabStop",
        b"w:autoHyphenation",
        b"w:consecutiveHyphenLimit",
        b"w:hyphenationZone",
        b"w:doNotHyphenateCaps",
        b"w:showEnvelope",
        b"w:summaryLength",
        b"w:clickAndTypeStyle",
        b"w:defaultTableStyle",
        b"w:evenAndOddHeaders",
        b"w:bookFoldRevPrinting",
        b"w:bookFoldPrinting",
        b"w:bookFoldPrintingSheets",
        b"w:drawingGridHorizontalSpacing",
        b"w:drawingGridVerticalSpacing",
        b"w:displayHorizontalDrawingGridEvery",
        b"w:displayVerticalDrawingGridEvery",
        b"w:doNotUseMarginsForDrawingGridOrigin",
        b"w:drawingGridHorizontalOrigin",
        b"w:drawingGridVerticalOrigin",
        b"w:doNotShadeFormData",
        b"w:noPunctuationKerning",
        b"w:characterSpacingControl",
        b"w:printTwoOnOne",
        b"w:strictFirstAndLastChars",
        b"w:noLineBreaksAfter",
        b"w:noLineBreaksBefore",
        b"w:savePreviewPicture",
        b"w:doNotValidateAgainstSchema",
        b"w:saveInvalidXml",
        b"w:ignoreMixedContent",
        b"w:alwaysShowPlaceholderText",
        b"w:doNotDemarcateInvalidXml",
        b"w:saveXmlDataOnly",
        b"w:useXSLTWhenSaving",
        b"w:saveThroughXslt",
        b"w:showXMLTags",
        b"w:alwaysMergeEmptyNamespace",
        b"w:updateFields",
        b"w:hdrShapeDefaults",
        b"w:footnotePr",
        b"w:endnotePr",
        b"w:compat",
        b"w:docVars",
        b"w:rsids",
        b"m:mathPr",
        b"w:attachedSchema",
        b"w:themeFontLang",
        b"w:clrSchemeMapping",
        b"w:doNotIncludeSubdocsInStats",
        b"w:doNotAutoCompressPictures",
        b"w:forceUpgrade",
        b"w:captions",
        b"w:readModeInkLockDown",
        b"w:smartTagType",
        b"sl:schemaLibrary",
        b"w:shapeDefaults",
        b"w:doNotEmbedSmartTags",
        b"w:decimalSymbol",
        b"w:listSeparator",
    ];
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len() + 24));
    let bad = |e: &dyn std::fmt::Display| Error::input(format!("redline settings XML: {e}"));
    let mut depth = 0usize;
    let mut done = false;
    loop {
        let ev = reader.read_event().map_err(|e| bad(&e))?;
        let child_of_settings = depth == 1;
        match &ev {
            Event::Eof => break,
            Event::Start(s) | Event::Empty(s)
                if child_of_settings && !done && AFTER.contains(&s.name().as_ref()) =>
            {
                writer
                    .write_event(Event::Empty(BytesStart::new("w:trackRevisions")))
                    .map_err(|e| bad(&e))?;
                done = true;
            }
            Event::Start(s) if s.name().as_ref() == b"w:trackRevisions" => done = true,
            Event::Empty(s) if s.name().as_ref() == b"w:trackRevisions" => done = true,
            Event::End(e) if depth == 1 && e.name().as_ref() == b"w:settings" && !done => {
                writer
                    .write_event(Event::Empty(BytesStart::new("w:trackRevisions")))
                    .map_err(|e| bad(&e))?;
                done = true;
            }
            _ => {}
        }
        match &ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        writer.write_event(ev).map_err(|e| bad(&e))?;
    }
    Ok(writer.into_inner())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::diff::paragraphs;
    use crate::docx::{read_view, View};
    use crate::library::{Kind, Lang};

    const WORDS: &[&str] = &[
        "police",
        "cooperation",
        "the",
        "of",
        "cybercrime",
        "Secretary",
        "General",
        "réseau",
        "coopération",
        "l'organisation",
        "sécurité",
        "policía",
        "cooperación",
        "الشرطة",
        "التعاون",
        "الدولي",
        "2026",
        "1,500",
        "and",
        "&",
        "<data>",
        "\"quoted\"",
        "—",
    ];

    fn by() -> Reviser {
        Reviser {
            author: "R & D <review>".into(),
            date: DateTime::parse_from_rfc3339("2026-03-02T09:12:00Z")
                .map(|d| d.with_timezone(&Utc))
                .unwrap_or_default(),
        }
    }

    fn meta(lang: Lang) -> DocMeta {
        DocMeta {
            title: "Test".into(),
            author: "lectern".into(),
            company: String::new(),
            created: by().date,
            lang,
            kind: Kind::Blog,
            event_id: "ev".into(),
            version: 2,
            clearance: crate::library::Clearance::Public,
            header: vec!["DRAFT · Version 2 · PUBLIC".into()],
            not_cleared: None,
            footer: "ev · blog · v2".into(),
            page_word: "Page".into(),
            of_word: "of".into(),
            marks: super::super::Marks::default(),
        }
    }

    fn doc_of(paras: &[Para]) -> Document {
        Document {
            blocks: paras
                .iter()
                .map(|p| Block::new(p.kind, vec![Inline::text(p.text.clone())]))
                .collect(),
            ..Document::default()
        }
    }

    fn redline_of(old: &[Para], new: &[Para]) -> Vec<u8> {
        redline(
            &doc_of(old),
            &doc_of(new),
            &meta(Lang::En),
            &Pictures::new(),
            None,
            &by(),
            None,
        )
        .expect("redline builds")
    }

    fn para_strategy() -> impl Strategy<Value = Vec<usize>> {
        prop::collection::vec(0..WORDS.len(), 1..12)
    }

    fn text(words: &[usize], punct: &str) -> String {
        let mut s: Vec<&str> = words.iter().map(|&i| WORDS[i]).collect();
        if s.is_empty() {
            s.push("x");
        }
        format!("{}{punct}", s.join(" "))
    }

    #[derive(Debug, Clone)]
    enum Edit {
        InsertWord(usize, usize, usize),
        DeleteWord(usize, usize),
        ReplaceWord(usize, usize, usize),
        InsertPara(usize, Vec<usize>),
        DeletePara(usize),
        MovePara(usize, usize),
    }

    fn edit_strategy() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), any::<usize>(), 0..WORDS.len())
                .prop_map(|(p, w, x)| Edit::InsertWord(p, w, x)),
            (any::<usize>(), any::<usize>()).prop_map(|(p, w)| Edit::DeleteWord(p, w)),
            (any::<usize>(), any::<usize>(), 0..WORDS.len())
                .prop_map(|(p, w, x)| Edit::ReplaceWord(p, w, x)),
            (any::<usize>(), para_strategy()).prop_map(|(p, v)| Edit::InsertPara(p, v)),
            any::<usize>().prop_map(Edit::DeletePara),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::MovePara(a, b)),
        ]
    }

    fn apply(mut doc: Vec<Vec<usize>>, edits: &[Edit]) -> Vec<Vec<usize>> {
        for e in edits {
            let n = doc.len();
            match e.clone() {
                Edit::InsertWord(p, w, x) if n > 0 => {
                    let para = &mut doc[p % n];
                    para.insert(w % (para.len() + 1), x);
                }
                Edit::DeleteWord(p, w) if n > 0 => {
                    let para = &mut doc[p % n];
                    if para.len() > 1 {
                        para.remove(w % para.len());
                    }
                }
                Edit::ReplaceWord(p, w, x) if n > 0 => {
                    let para = &mut doc[p % n];
                    let l = para.len();
                    para[w % l] = x;
                }
                Edit::InsertPara(p, v) => doc.insert(p % (n + 1), v),
                Edit::DeletePara(p) if n > 1 => {
                    doc.remove(p % n);
                }
                Edit::MovePara(a, b) if n > 1 => {
                    let para = doc.remove(a % n);
                    doc.insert(b % n, para);
                }
                _ => {}
            }
        }
        doc
    }

    fn paras(doc: &[Vec<usize>], kinds: &[BlockKind]) -> Vec<Para> {
        doc.iter()
            .enumerate()
            .map(|(i, w)| Para {
                kind: kinds[i % kinds.len()],
                text: text(w, if i % 3 == 0 { "." } else { "" }),
            })
            .collect()
    }

    fn read_texts(bytes: &[u8], view: View) -> Vec<String> {
        let doc = read_view(bytes, view).expect("redline reads back");
        paragraphs(&doc).into_iter().map(|p| p.text).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn accepting_gives_new_and_rejecting_gives_old(
            base in prop::collection::vec(para_strategy(), 1..8),
            edits in prop::collection::vec(edit_strategy(), 0..8),
        ) {
            let kinds = [BlockKind::Paragraph, BlockKind::Heading(1), BlockKind::Bullet { level: 0 }];
            let old = paras(&base, &kinds);
            let new = paras(&apply(base.clone(), &edits), &kinds);
            let bytes = redline_of(&old, &new);
            let want_new: Vec<String> = new.iter().map(|p| p.text.clone()).collect();
            let want_old: Vec<String> = old.iter().map(|p| p.text.clone()).collect();
            prop_assert_eq!(read_texts(&bytes, View::Accepted), want_new);
            prop_assert_eq!(read_texts(&bytes, View::Rejected), want_old);
        }
    }

    /// A paragraph of the richer model: words, each bold or not, and maybe a footnote.
    #[derive(Debug, Clone)]
    struct Rich {
        words: Vec<(usize, bool)>,
        note: Option<Vec<usize>>,
    }

    fn rich_strategy() -> impl Strategy<Value = Rich> {
        (
            prop::collection::vec((0..WORDS.len(), prop::bool::weighted(0.2)), 1..10),
            prop::option::weighted(0.4, prop::collection::vec(0..WORDS.len(), 1..6)),
        )
            .prop_map(|(words, note)| Rich { words, note })
    }

    #[derive(Debug, Clone)]
    enum RichEdit {
        Word(Edit),
        Bold(usize, usize),
        NoteWord(usize, usize, usize),
        AddNote(usize, Vec<usize>),
        DropNote(usize),
    }

    fn rich_edit_strategy() -> impl Strategy<Value = RichEdit> {
        prop_oneof![
            3 => edit_strategy().prop_map(RichEdit::Word),
            1 => (any::<usize>(), any::<usize>()).prop_map(|(p, w)| RichEdit::Bold(p, w)),
            1 => (any::<usize>(), any::<usize>(), 0..WORDS.len())
                .prop_map(|(p, w, x)| RichEdit::NoteWord(p, w, x)),
            1 => (any::<usize>(), prop::collection::vec(0..WORDS.len(), 1..4))
                .prop_map(|(p, v)| RichEdit::AddNote(p, v)),
            1 => any::<usize>().prop_map(RichEdit::DropNote),
        ]
    }

    fn rich_apply(mut doc: Vec<Rich>, edits: &[RichEdit]) -> Vec<Rich> {
        for e in edits {
            let n = doc.len();
            match e.clone() {
                RichEdit::Word(w) => {
                    // Words through the plain model; bold and notes follow their paragraph.
                    let plain: Vec<Vec<usize>> = doc
                        .iter()
                        .map(|p| p.words.iter().map(|w| w.0).collect())
                        .collect();
                    let tagged: Vec<Vec<usize>> = plain
                        .iter()
                        .enumerate()
                        .map(|(i, w)| {
                            let mut w = w.clone();
                            w.push(WORDS.len() + i);
                            w
                        })
                        .collect();
                    let edited = apply(tagged, &[w]);
                    doc = edited
                        .into_iter()
                        .map(|mut ws| {
                            let tag = ws.iter().position(|&x| x >= WORDS.len());
                            let src = tag.map(|t| ws.remove(t) - WORDS.len());
                            let src = src.and_then(|i| doc.get(i));
                            Rich {
                                words: ws
                                    .iter()
                                    .filter(|&&x| x < WORDS.len())
                                    .map(|&x| {
                                        (
                                            x,
                                            src.is_some_and(|s| {
                                                s.words.iter().any(|w| w == &(x, true))
                                            }),
                                        )
                                    })
                                    .collect(),
                                note: src.and_then(|s| s.note.clone()),
                            }
                        })
                        .map(|mut r| {
                            if r.words.is_empty() {
                                r.words.push((0, false));
                            }
                            r
                        })
                        .collect();
                }
                RichEdit::Bold(p, w) if n > 0 => {
                    let para = &mut doc[p % n];
                    let l = para.words.len();
                    para.words[w % l].1 ^= true;
                }
                RichEdit::NoteWord(p, w, x) if n > 0 => {
                    if let Some(note) = doc[p % n].note.as_mut() {
                        let l = note.len();
                        note[w % l] = x;
                    }
                }
                RichEdit::AddNote(p, v) if n > 0 => doc[p % n].note = Some(v),
                RichEdit::DropNote(p) if n > 0 => doc[p % n].note = None,
                _ => {}
            }
        }
        doc
    }

    fn rich_doc(paras: &[Rich]) -> Document {
        let mut doc = Document::default();
        for (i, p) in paras.iter().enumerate() {
            let mut inlines = Vec::new();
            for (k, &(w, bold)) in p.words.iter().enumerate() {
                if k > 0 {
                    inlines.push(Inline::text(" "));
                }
                inlines.push(Inline::Text {
                    text: WORDS[w].to_string(),
                    style: Style {
                        bold,
                        ..Style::default()
                    },
                    link: None,
                });
            }
            if i % 2 == 0 {
                inlines.push(Inline::text("."));
            }
            if let Some(note) = &p.note {
                inlines.push(Inline::FootnoteRef(doc.footnotes.len()));
                doc.footnotes.push(crate::document::Footnote {
                    label: format!("n{i}"),
                    inlines: vec![Inline::text(text(note, ""))],
                });
            }
            let kind = [BlockKind::Paragraph, BlockKind::Quote][i % 2];
            doc.blocks.push(Block::new(kind, inlines));
        }
        doc
    }

    /// Paragraph texts, footnotes after the body, bold as `**`; `plain` drops the marks (the
    /// reader gives every view the formatting runs have now: `w:rPrChange` is checked by
    /// scripts/redline-check.py).
    fn rich_texts(doc: &Document, plain: bool) -> Vec<String> {
        paragraphs(doc)
            .into_iter()
            .map(|p| {
                if plain {
                    p.text.replace("**", "")
                } else {
                    p.text
                }
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn with_bold_and_footnotes_accepting_gives_new_and_rejecting_gives_old(
            base in prop::collection::vec(rich_strategy(), 1..7),
            edits in prop::collection::vec(rich_edit_strategy(), 0..8),
        ) {
            let old = rich_doc(&base);
            let new = rich_doc(&rich_apply(base.clone(), &edits));
            let bytes = redline(&old, &new, &meta(Lang::En), &Pictures::new(), None, &by(), None)
                .expect("redline builds");
            let accepted = read_view(&bytes, View::Accepted).expect("reads");
            let rejected = read_view(&bytes, View::Rejected).expect("reads");
            prop_assert_eq!(rich_texts(&accepted, false), rich_texts(&new, false));
            prop_assert_eq!(rich_texts(&rejected, true), rich_texts(&old, true));
        }
    }

    #[test]
    fn a_formatting_change_keeps_the_former_formatting() {
        let doc = |bold: bool| Document {
            blocks: vec![Block::new(
                BlockKind::Paragraph,
                vec![
                    Inline::text("one "),
                    Inline::Text {
                        text: "two".into(),
                        style: Style {
                            bold,
                            ..Style::default()
                        },
                        link: None,
                    },
                ],
            )],
            ..Document::default()
        };
        let (merged, track) = tracked(&doc(false), &doc(true), &by());
        assert_eq!(merged.blocks, doc(true).blocks);
        assert_eq!(track.blocks[0].ops, vec![Op::Same, Op::Same]);
        assert_eq!(track.blocks[0].was, vec![None, Some(Style::default())]);
    }

    #[test]
    fn revision_ids_are_sequential_and_tracking_is_on() {
        let old = vec![Para {
            kind: BlockKind::Paragraph,
            text: "one two three".into(),
        }];
        let new = vec![Para {
            kind: BlockKind::Paragraph,
            text: "one deux three".into(),
        }];
        let bytes = redline_of(&old, &new);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
        let mut part = |name: &str| {
            use std::io::Read;
            let mut s = String::new();
            zip.by_name(name)
                .expect("part")
                .read_to_string(&mut s)
                .expect("utf-8");
            s
        };
        let doc = part("word/document.xml");
        assert!(doc.contains(r#"<w:del w:id="3""#), "{doc}");
        assert!(doc.contains(r#"<w:ins w:id="4""#), "{doc}");
        assert!(part("word/settings.xml").contains("<w:trackRevisions/>"));
    }
}
