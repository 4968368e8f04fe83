//! Tracked changes laid over a document the draft writer writes (`write::build_tracked`): which
//! inlines of each block are inserted, deleted or moved, which paragraph marks are, and the
//! formatting a run had before. The redline builds a document holding both texts (the newer
//! document's blocks with the older text's deleted words and paragraphs put back where they
//! were) and one of these beside it, so the one writer writes the redline as it writes a draft:
//! styles, house style, header and footer, footnotes, comments, pictures, tables, right to left.

use std::cell::Cell;
use std::fmt::Write as _;

use crate::document::{BlockKind, Style};

/// What happened to an inline, or to a paragraph mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Op {
    #[default]
    Same,
    Inserted,
    Deleted,
    /// Moved away from here (`w:moveFrom`): deleted text, part of a move.
    MovedFrom,
    /// Moved to here (`w:moveTo`): inserted text, part of a move.
    MovedTo,
}

impl Op {
    /// Whether the text is gone once the changes are accepted (written as `w:delText`).
    pub fn is_removal(self) -> bool {
        matches!(self, Op::Deleted | Op::MovedFrom)
    }

    /// The revision element for runs with this op (`None` for unchanged runs).
    pub(crate) fn element(self) -> Option<&'static str> {
        match self {
            Op::Same => None,
            Op::Inserted => Some("w:ins"),
            Op::Deleted => Some("w:del"),
            Op::MovedFrom => Some("w:moveFrom"),
            Op::MovedTo => Some("w:moveTo"),
        }
    }
}

/// The changes of one block of the tracked document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BlockTrack {
    /// The paragraph mark: inserted with an added paragraph, deleted with a removed one.
    pub mark: Op,
    /// One op per inline of the block (missing ones are `Same`).
    pub ops: Vec<Op>,
    /// Per inline, the bold, italic and superscript/subscript it had in the older text when
    /// they changed.
    pub was: Vec<Option<Style>>,
    /// The move this paragraph is one end of: the same number at both ends.
    pub moved: Option<u32>,
    /// The kind the paragraph had before when its style changed (heading, list item, quote,
    /// body): written as a `w:pPrChange` holding the former paragraph properties.
    pub was_kind: Option<BlockKind>,
}

/// Tracked changes over a document: one `BlockTrack` per block, ops per footnote inline.
#[derive(Debug, Clone, Default)]
pub struct Track {
    pub author: String,
    /// RFC 3339, to the second.
    pub date: String,
    pub blocks: Vec<BlockTrack>,
    pub notes: Vec<Vec<Op>>,
    /// The older side's header and footer markings: the lines lectern writes into the header
    /// and footer are compared with them, the changes tracked inside those parts.
    pub was_meta: Option<super::DocMeta>,
}

/// Where a tracked header or footer line comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineFrom {
    Old(usize),
    New(usize),
}

/// A header or footer line of a redline: which line it is, its pieces with their changes,
/// and its paragraph mark's change.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TrackedLine {
    pub(crate) from: LineFrom,
    pub(crate) pieces: Vec<(String, Op)>,
    pub(crate) mark: Op,
}

/// The lines of `old` and `new` in one list: lines kept, changed word by word, added and
/// removed (a line moved is removed and added).
pub(crate) fn lines(old: &[&str], new: &[&str]) -> Vec<TrackedLine> {
    use crate::diff::{Item, Para, SpanOp};
    let paras = |v: &[&str]| -> Vec<Para> {
        v.iter()
            .map(|t| Para {
                kind: BlockKind::Paragraph,
                text: (*t).to_string(),
            })
            .collect()
    };
    let d = crate::diff::diff_paras(paras(old), paras(new));
    let whole = |from, text: &str, op| TrackedLine {
        from,
        pieces: vec![(text.to_string(), op)],
        mark: op,
    };
    d.items
        .iter()
        .map(|item| match item {
            Item::Same { new: n, .. } => whole(LineFrom::New(*n), new[*n], Op::Same),
            Item::Changed { new: n, spans, .. } => TrackedLine {
                from: LineFrom::New(*n),
                pieces: spans
                    .iter()
                    .map(|s| {
                        let op = match s.op {
                            SpanOp::Same => Op::Same,
                            SpanOp::Removed => Op::Deleted,
                            SpanOp::Added => Op::Inserted,
                        };
                        (s.text.clone(), op)
                    })
                    .collect(),
                mark: Op::Same,
            },
            Item::Added { new: n } | Item::MovedHere { new: n, .. } => {
                whole(LineFrom::New(*n), new[*n], Op::Inserted)
            }
            Item::Removed { old: a } | Item::MovedAway { old: a, .. } => {
                whole(LineFrom::Old(*a), old[*a], Op::Deleted)
            }
        })
        .collect()
}

impl Track {
    pub(crate) fn block(&self, i: usize) -> Option<&BlockTrack> {
        self.blocks.get(i)
    }
}

/// Writes revision markup with ids in document order, each id used once (`first` on).
pub(crate) struct Revisions<'a> {
    pub(crate) track: &'a Track,
    /// ` w:author="…" w:date="…"`, escaped.
    attrs: String,
    next: Cell<u32>,
}

impl<'a> Revisions<'a> {
    pub(crate) fn new(track: &'a Track, first: u32) -> Self {
        let author = super::text::escape_xml(&super::text::sanitize(&track.author)).into_owned();
        let date = super::text::escape_xml(&super::text::sanitize(&track.date)).into_owned();
        Revisions {
            track,
            attrs: format!(r#" w:author="{author}" w:date="{date}""#),
            next: Cell::new(first),
        }
    }

    pub(crate) fn id(&self) -> u32 {
        let id = self.next.get();
        self.next.set(id + 1);
        id
    }

    /// `<w:ins w:id=… w:author=… w:date=…>` (or `w:del`, `w:moveFrom`, `w:moveTo`); nothing
    /// for `Same`.
    pub(crate) fn open(&self, out: &mut String, op: Op) {
        if let Some(name) = op.element() {
            let _ = write!(out, r#"<{name} w:id="{}"{}>"#, self.id(), self.attrs);
        }
    }

    pub(crate) fn close(&self, out: &mut String, op: Op) {
        if let Some(name) = op.element() {
            let _ = write!(out, "</{name}>");
        }
    }

    /// The empty element marking a paragraph mark (inside `w:pPr/w:rPr`) or a table row
    /// (inside `w:trPr`).
    pub(crate) fn mark(&self, out: &mut String, op: Op) {
        if let Some(name) = op.element() {
            let _ = write!(out, r#"<{name} w:id="{}"{} />"#, self.id(), self.attrs);
        }
    }

    /// `w:rPrChange` holding the run properties before the change.
    pub(crate) fn format_change(&self, out: &mut String, was: Style) {
        let _ = write!(
            out,
            r#"<w:rPrChange w:id="{}"{}><w:rPr>"#,
            self.id(),
            self.attrs
        );
        if was.bold {
            out.push_str("<w:b /><w:bCs />");
        }
        if was.italic {
            out.push_str("<w:i /><w:iCs />");
        }
        if let Some(val) = was.vert.docx_val() {
            let _ = write!(out, r#"<w:vertAlign w:val="{val}" />"#);
        }
        out.push_str("</w:rPr></w:rPrChange>");
    }

    /// Open `w:pPrChange` and its `w:pPr` (the former properties follow, then
    /// `</w:pPr></w:pPrChange>`).
    pub(crate) fn para_change_open(&self, out: &mut String) {
        let _ = write!(
            out,
            r#"<w:pPrChange w:id="{}"{}><w:pPr>"#,
            self.id(),
            self.attrs
        );
    }

    /// The start of move `n`'s range in a paragraph (`from`: where it was).
    pub(crate) fn range_start(&self, out: &mut String, n: u32, from: bool) -> u32 {
        let id = self.id();
        let kind = if from { "moveFrom" } else { "moveTo" };
        let _ = write!(
            out,
            r#"<w:{kind}RangeStart w:id="{id}"{} w:name="move{n}" />"#,
            self.attrs
        );
        id
    }

    pub(crate) fn range_end(out: &mut String, id: u32, from: bool) {
        let kind = if from { "moveFrom" } else { "moveTo" };
        let _ = write!(out, r#"<w:{kind}RangeEnd w:id="{id}" />"#);
    }
}
