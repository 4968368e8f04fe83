//! The WordprocessingML walker: one part's XML, streamed event by event, into blocks. It keeps
//! an explicit stack of open elements instead of recursing, so deeply nested input costs memory
//! linear in its size and never the call stack; nesting beyond `MAX_DEPTH` is refused.
//!
//! What each construct means follows pandoc's DOCX reader: field results are read and field
//! codes skipped; content controls, smart tags and custom XML are transparent; of an
//! `mc:AlternateContent` only the first `mc:Choice` is read (the fallback repeats it); text
//! boxes become paragraphs of their own; a drop cap joins the paragraph it starts; tracked
//! changes are read in the chosen view, a deleted paragraph mark joining two paragraphs.

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::lang::{classify, Agree, RunLang, Tags, Tally};
use super::package::xml_error;
use super::props::{attr, author_date, kind_of, merge_text, run_properties, symbol, trim_start};
use super::{ChangeKind, PendingChange, View};
use crate::document::{Align, Block, BlockKind, Inline, Style};

/// Elements may nest this deep; Word's own files stay below 40.
pub(super) const MAX_DEPTH: usize = crate::docx::MAX_XML_DEPTH;
/// Paragraphs (and table cells) one part may hold.
pub(super) const MAX_BLOCKS: usize = 500_000;

const W: &[&[u8]] = &[
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";
const MATH: &[&[u8]] = &[
    b"http://schemas.openxmlformats.org/officeDocument/2006/math",
    b"http://purl.oclc.org/ooxml/officeDocument/math",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    Math,
    Other,
}

/// What the document-level tables say about paragraphs.
#[derive(Default)]
pub(super) struct Styles {
    /// Style id → (lower-cased name, based-on style id).
    pub(super) styles: HashMap<String, (String, Option<String>)>,
    /// numId → abstractNumId.
    pub(super) nums: HashMap<u32, u32>,
    /// (abstractNumId, level) → the level is a bullet.
    pub(super) bullets: HashMap<(u32, u8), bool>,
    /// Hyperlink relationship id → URL.
    pub(super) links: HashMap<String, String>,
    /// Languages of styles and the document defaults.
    pub(super) langs: super::lang::StyleLangs,
    /// Style id → the superscript or subscript its run properties set.
    pub(super) verts: HashMap<String, crate::document::VertAlign>,
    /// Picture relationship id → part name (the main part's), and relationship ids of
    /// pictures linked from outside the package.
    pub(super) images: HashMap<String, String>,
    pub(super) linked: std::collections::HashSet<String>,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum FieldState {
    /// Between `begin` and `separate`: the instruction, never shown.
    #[default]
    Code,
    /// After `separate`: the result, shown.
    Result,
    /// A result replaced by what it stands for (a note reference).
    Replaced,
}

#[derive(Default)]
struct Field {
    state: FieldState,
    instr: String,
}

/// What to do with an element that opens.
enum Next {
    Push(Frame),
    /// Its subtree is not read.
    Skip,
    /// Already read up to its end.
    Consumed,
}

/// One element on the open-element stack: what to undo when it closes.
enum Frame {
    Transparent,
    Para,
    Run,
    Text,
    /// A field's instruction text.
    Instr,
    Table,
    Row,
    Cell,
    /// A tracked change: `hidden` when its content is not in this view, `recorded` when it
    /// is listed among the pending changes.
    Change {
        hidden: bool,
        recorded: bool,
    },
    Hyperlink,
    Alternate {
        chosen: bool,
    },
    /// A footnote, endnote or comment: the blocks made since `start` are its content.
    Note {
        start: usize,
    },
    /// A DrawingML drawing (`w:drawing`) or a VML picture (`w:pict`): the pictures in it are
    /// placed when it closes.
    Drawing,
}

/// A drawing being read: its description, and the pictures found in it.
#[derive(Default)]
struct DrawingState {
    /// `wp:docPr` `descr` (else `title`), or VML `v:shape alt`: the drawing's alt text.
    alt: String,
    /// `pic:cNvPr` `descr`/`title` of the picture being read, when it has its own.
    pic_alt: Option<String>,
    /// `wp:extent`, EMU.
    extent: Option<(u64, u64)>,
    /// Each picture: its relationship id (`None`: linked to a file outside the package), and
    /// its alt text.
    pictures: Vec<(Option<String>, String)>,
}

/// A picture placed in the body: its part, and the size it is shown at (EMU).
pub(super) struct Placed {
    pub(super) part: String,
    pub(super) extent: Option<(u64, u64)>,
}

#[derive(Default)]
struct ParaState {
    style: Option<String>,
    num: Option<(u32, u8)>,
    drop_cap: bool,
    /// The paragraph mark is inserted / deleted (tracked).
    mark_ins: Option<(String, String)>,
    mark_del: Option<(String, String)>,
    /// Right to left (`w:bidi`).
    rtl: bool,
    /// The languages of its text.
    langs: Tally,
    inlines: Vec<Inline>,
    /// A page break before it (`w:pageBreakBefore`, or a page break before its first text).
    break_before: bool,
    /// The space a page break put after its text so far (inline count, text length): a
    /// break that ends the paragraph is a page break after it, not a space.
    break_gap: Option<(usize, usize)>,
}

#[derive(Default, Clone)]
struct RunState {
    style: Style,
    hidden: bool,
    format_change: Option<(String, String)>,
    lang: Tags,
    complex: bool,
    char_style: Option<String>,
    text: String,
}

struct TableState {
    id: u32,
    row: i64,
    col: u16,
    cell: Vec<Inline>,
    /// Paragraphs so far in the open cell.
    paras: usize,
    /// Tables nested inside this one: read into its cells.
    inner: usize,
    /// The languages of the open cell's paragraphs.
    langs: Agree,
}

struct OpenChange {
    kind: ChangeKind,
    author: String,
    date: String,
    text: String,
}

/// A footnote, endnote or comment read from its part.
pub(super) struct Note {
    pub(super) id: String,
    pub(super) author: String,
    pub(super) date: String,
    pub(super) inlines: Vec<Inline>,
}

/// What the body walk needs to resolve references into the notes parts.
#[derive(Default)]
pub(super) struct Refs {
    /// Footnote id → index into `footnotes`, in order of first reference.
    pub(super) footnotes: HashMap<(bool, String), usize>,
    pub(super) footnote_order: Vec<(bool, String)>,
    /// Comment id → index into the comments, and the text of its anchored range.
    pub(super) comments: HashMap<String, usize>,
    pub(super) anchors: Vec<String>,
}

pub(super) struct Walker<'s> {
    view: View,
    styles: &'s Styles,
    pub(super) blocks: Vec<Block>,
    pub(super) pending: Vec<PendingChange>,
    pub(super) notes: Vec<Note>,
    pub(super) refs: Refs,
    frames: Vec<Frame>,
    paras: Vec<ParaState>,
    runs: Vec<RunState>,
    tables: Vec<TableState>,
    next_table: u32,
    changes: Vec<OpenChange>,
    /// Open `ins`/`del`/moves whose content is not in this view.
    hidden: usize,
    /// Open complex fields, innermost last.
    fields: Vec<Field>,
    /// Bookmarks open at this point (id, name), and the note a bookmark marks: Word's
    /// cross-reference to a note cited again (`NOTEREF name`) reads as a reference to it.
    bookmarks: Vec<(String, String)>,
    /// Bookmarks that closed with nothing inside, since the last text: LibreOffice marks a
    /// note cited again with such a bookmark just before its reference.
    point_bookmarks: Vec<String>,
    /// Bookmarks open at this point: whether text came since they opened.
    bookmark_text: Vec<bool>,
    bookmark_notes: HashMap<String, (bool, String)>,
    /// Hyperlink targets of open `w:hyperlink` elements.
    links: Vec<Option<String>>,
    /// Comments whose range is open: their indices.
    open_comments: Vec<usize>,
    /// Inlines of a paragraph that joins the next one (drop cap, deleted mark), the languages
    /// of their text, and whether it joins by a deleted mark: then its words and the next
    /// paragraph's stay apart (as pandoc reads it: "split" + "Paragraph." is "split
    /// Paragraph."), where a drop cap joins its word.
    carry: Option<(Vec<Inline>, Tally, bool)>,
    paragraph_count: usize,
    saw_root: bool,
    part: String,
    /// Open drawings, innermost last.
    drawings: Vec<DrawingState>,
    /// Whether pictures are read (the main part, whose relationships `Styles::images` holds).
    pub(super) read_pictures: bool,
    /// Pictures placed, in reading order, and what could not be placed (for the reader's
    /// notes).
    pub(super) placed: Vec<Placed>,
    pub(super) left_out: Vec<String>,
}

impl<'s> Walker<'s> {
    pub(super) fn new(view: View, styles: &'s Styles, part: &str) -> Walker<'s> {
        Walker {
            view,
            styles,
            blocks: Vec::new(),
            pending: Vec::new(),
            notes: Vec::new(),
            refs: Refs::default(),
            frames: Vec::new(),
            paras: Vec::new(),
            runs: Vec::new(),
            tables: Vec::new(),
            next_table: 0,
            changes: Vec::new(),
            hidden: 0,
            fields: Vec::new(),
            bookmarks: Vec::new(),
            point_bookmarks: Vec::new(),
            bookmark_text: Vec::new(),
            bookmark_notes: HashMap::new(),
            links: Vec::new(),
            open_comments: Vec::new(),
            carry: None,
            paragraph_count: 0,
            saw_root: false,
            part: part.to_string(),
            drawings: Vec::new(),
            read_pictures: false,
            placed: Vec::new(),
            left_out: Vec::new(),
        }
    }

    /// Whether the part had a WordprocessingML root with content (`w:body`, `w:hdr`, …).
    pub(super) fn saw_root(&self) -> bool {
        self.saw_root
    }

    pub(super) fn set_part(&mut self, part: &str) {
        self.part = part.to_string();
        self.saw_root = false;
    }

    /// Walk one part.
    pub(super) fn walk(&mut self, r: impl BufRead) -> Result<(), String> {
        let mut x = NsReader::from_reader(r);
        x.config_mut().expand_empty_elements = true;
        x.config_mut().check_end_names = true;
        let mut buf = Vec::with_capacity(4096);
        let mut skip = Vec::new();
        loop {
            let (ns, ev) = match x.read_resolved_event_into(&mut buf) {
                Ok(v) => v,
                Err(e) => return Err(xml_error(&self.part, x.error_position(), &e)),
            };
            let ns = match ns {
                ResolveResult::Bound(n) if W.contains(&n.as_ref()) => Ns::W,
                ResolveResult::Bound(n) if n.as_ref() == MC => Ns::Mc,
                ResolveResult::Bound(n) if MATH.contains(&n.as_ref()) => Ns::Math,
                _ => Ns::Other,
            };
            match ev {
                Event::Start(e) => {
                    if self.frames.len() >= MAX_DEPTH {
                        return Err(format!(
                            "{} nests elements more than {MAX_DEPTH} deep (tables inside tables?)",
                            self.part
                        ));
                    }
                    let name = e.local_name();
                    match self.start(ns, name.as_ref(), &e, &mut x, &mut skip)? {
                        Next::Push(f) => self.frames.push(f),
                        Next::Consumed => {}
                        Next::Skip => {
                            // Not read: skip the whole subtree.
                            let end = e.to_end().into_owned();
                            x.read_to_end_into(end.name(), &mut skip)
                                .map_err(|e| xml_error(&self.part, x.error_position(), &e))?;
                            skip.clear();
                        }
                    }
                }
                Event::End(_) => {
                    if let Some(f) = self.frames.pop() {
                        self.end(f)?;
                    }
                }
                Event::Text(t) if matches!(self.frames.last(), Some(Frame::Instr)) => {
                    if let Some(f) = self.fields.last_mut() {
                        if f.instr.len() < 256 {
                            f.instr.push_str(&String::from_utf8_lossy(&t));
                        }
                    }
                }
                Event::Text(t) => {
                    if matches!(self.frames.last(), Some(Frame::Text)) {
                        let s = t
                            .unescape()
                            .map_err(|e| xml_error(&self.part, x.buffer_position(), &e))?;
                        self.text(&s);
                    }
                }
                Event::CData(t) => {
                    if matches!(self.frames.last(), Some(Frame::Text)) {
                        self.text(&String::from_utf8_lossy(&t));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        if let Some((c, langs, _)) = self.carry.take() {
            self.push_block(
                Block::new(BlockKind::Paragraph, c).in_lang(langs.result(false).lang()),
            )?;
        }
        Ok(())
    }

    /// An element opens: the frame to push, or `None` to skip its subtree.
    fn start<R: BufRead>(
        &mut self,
        ns: Ns,
        name: &[u8],
        e: &BytesStart<'_>,
        x: &mut NsReader<R>,
        skip: &mut Vec<u8>,
    ) -> Result<Next, String> {
        match ns {
            Ns::Mc => {
                return Ok(match name {
                    b"AlternateContent" => Next::Push(Frame::Alternate { chosen: false }),
                    b"Choice" | b"Fallback" => match self.frames.last_mut() {
                        Some(Frame::Alternate { chosen }) if !*chosen => {
                            *chosen = true;
                            Next::Push(Frame::Transparent)
                        }
                        Some(Frame::Alternate { .. }) => Next::Skip,
                        _ => Next::Push(Frame::Transparent),
                    },
                    _ => Next::Push(Frame::Transparent),
                });
            }
            Ns::Math => {
                return Ok(Next::Push(if name == b"t" {
                    Frame::Text
                } else {
                    Frame::Transparent
                }));
            }
            Ns::Other => {
                self.drawing_part(name, e);
                return Ok(Next::Push(Frame::Transparent));
            }
            Ns::W => {}
        }
        let frame = match name {
            b"document" | b"hdr" | b"ftr" | b"footnotes" | b"endnotes" | b"comments" => {
                Frame::Transparent
            }
            b"body" => {
                self.saw_root = true;
                Frame::Transparent
            }
            b"p" => {
                self.paras.push(ParaState::default());
                Frame::Para
            }
            b"pPr" => {
                self.paragraph_properties(x, skip)?;
                return Ok(Next::Consumed);
            }
            b"r" => {
                self.runs.push(RunState::default());
                Frame::Run
            }
            b"rPr" => {
                if !self.runs.is_empty() {
                    let props = run_properties(x, skip, self.styles)
                        .map_err(|e| xml_error(&self.part, x.error_position(), &e))?;
                    let run = self.runs.last_mut().expect("a run is open");
                    run.style = props.style;
                    run.hidden = props.hidden;
                    run.format_change = props.change;
                    run.lang = props.lang;
                    run.complex = props.complex;
                    run.char_style = props.char_style;
                    return Ok(Next::Consumed);
                }
                return Ok(Next::Skip);
            }
            b"t" | b"delText" => Frame::Text,
            b"instrText" | b"delInstrText" => Frame::Instr,
            b"bookmarkStart" => {
                if let (Some(id), Some(name)) = (attr(e, b"id"), attr(e, b"name")) {
                    if self.bookmarks.len() < 64 {
                        self.bookmarks.push((id, name));
                        self.bookmark_text.push(false);
                    }
                }
                Frame::Transparent
            }
            b"bookmarkEnd" => {
                if let Some(id) = attr(e, b"id") {
                    if let Some(k) = self.bookmarks.iter().position(|(b, _)| *b == id) {
                        let (_, name) = self.bookmarks.remove(k);
                        if !self.bookmark_text.remove(k) && self.point_bookmarks.len() < 64 {
                            self.point_bookmarks.push(name);
                        }
                    }
                }
                Frame::Transparent
            }
            b"tab" | b"ptab" => {
                self.inline(Inline::Tab);
                Frame::Transparent
            }
            b"br" => {
                match attr(e, b"type").as_deref() {
                    Some("page") | Some("column") => self.separate_words(),
                    _ => self.inline(Inline::LineBreak),
                }
                Frame::Transparent
            }
            b"cr" => {
                self.inline(Inline::LineBreak);
                Frame::Transparent
            }
            b"noBreakHyphen" => {
                self.text("\u{2011}");
                Frame::Transparent
            }
            b"softHyphen" => {
                self.text("\u{AD}");
                Frame::Transparent
            }
            b"sym" => {
                if let Some(c) = symbol(e) {
                    self.text(c.encode_utf8(&mut [0; 4]));
                }
                Frame::Transparent
            }
            b"fldChar" => {
                match attr(e, b"fldCharType").as_deref() {
                    Some("begin") => self.fields.push(Field::default()),
                    Some("separate") => self.field_result(),
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                }
                Frame::Transparent
            }
            b"footnoteReference" | b"endnoteReference" => {
                if self.visible() {
                    let key = (
                        name == b"endnoteReference",
                        attr(e, b"id").unwrap_or_default(),
                    );
                    let next = self.refs.footnote_order.len();
                    let i = *self
                        .refs
                        .footnotes
                        .entry(key.clone())
                        .or_insert_with(|| next);
                    for name in self
                        .bookmarks
                        .iter()
                        .map(|(_, n)| n)
                        .chain(&self.point_bookmarks)
                    {
                        self.bookmark_notes.insert(name.clone(), key.clone());
                    }
                    if i == next {
                        self.refs.footnote_order.push(key);
                    }
                    self.inline(Inline::FootnoteRef(i));
                }
                Frame::Transparent
            }
            b"commentRangeStart" => {
                if let Some(i) = attr(e, b"id").and_then(|id| self.refs.comments.get(&id).copied())
                {
                    self.open_comments.push(i);
                    self.inline(Inline::CommentStart(i));
                }
                Frame::Transparent
            }
            b"commentRangeEnd" => {
                if let Some(i) = attr(e, b"id").and_then(|id| self.refs.comments.get(&id).copied())
                {
                    self.open_comments.retain(|&o| o != i);
                    self.inline(Inline::CommentEnd(i));
                }
                Frame::Transparent
            }
            b"hyperlink" => {
                let target = attr(e, b"id")
                    .and_then(|id| self.styles.links.get(&id).cloned())
                    .or_else(|| attr(e, b"anchor").map(|a| format!("#{a}")));
                self.links.push(target);
                Frame::Hyperlink
            }
            b"tbl" => {
                if let Some(t) = self.tables.last_mut() {
                    t.inner += 1;
                } else {
                    self.tables.push(TableState {
                        id: self.next_table,
                        row: -1,
                        col: 0,
                        cell: Vec::new(),
                        paras: 0,
                        inner: 0,
                        langs: Agree::Nothing,
                    });
                    self.next_table += 1;
                }
                Frame::Table
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    if t.inner == 0 {
                        t.row += 1;
                        t.col = 0;
                    }
                }
                Frame::Row
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    if t.inner == 0 {
                        t.cell.clear();
                        t.paras = 0;
                        t.langs = Agree::Nothing;
                    }
                }
                Frame::Cell
            }
            b"tblPr"
            | b"tblGrid"
            | b"trPr"
            | b"tcPr"
            | b"tblPrEx"
            | b"sectPr"
            | b"sdtPr"
            | b"sdtEndPr"
            | b"footnotePr"
            | b"endnotePr"
            | b"fldData"
            | b"footnoteRef"
            | b"endnoteRef"
            | b"annotationRef"
            | b"proofErr"
            | b"lastRenderedPageBreak"
            | b"commentReference"
            | b"rPrChange"
            | b"pPrChange"
            | b"customXmlPr"
            | b"smartTagPr" => return Ok(Next::Skip),
            b"ins" | b"del" | b"moveTo" | b"moveFrom" => {
                let kind = match name {
                    b"ins" => ChangeKind::Insert,
                    b"del" => ChangeKind::Delete,
                    _ => ChangeKind::Move,
                };
                let shown = matches!(
                    (self.view, name),
                    (View::Accepted, b"ins" | b"moveTo") | (View::Rejected, b"del" | b"moveFrom")
                );
                if name != b"moveFrom" {
                    // A move is one change: its text is recorded where it lands.
                    self.changes.push(OpenChange {
                        kind,
                        author: attr(e, b"author").unwrap_or_default(),
                        date: attr(e, b"date").unwrap_or_default(),
                        text: String::new(),
                    });
                }
                if !shown {
                    self.hidden += 1;
                }
                Frame::Change {
                    hidden: !shown,
                    recorded: name != b"moveFrom",
                }
            }
            b"drawing" | b"pict" => {
                self.drawings.push(DrawingState::default());
                Frame::Drawing
            }
            b"footnote" | b"endnote" | b"comment" => {
                if matches!(
                    attr(e, b"type").as_deref(),
                    Some("separator" | "continuationSeparator" | "continuationNotice")
                ) {
                    return Ok(Next::Skip);
                }
                self.notes.push(Note {
                    id: attr(e, b"id").unwrap_or_default(),
                    author: attr(e, b"author").unwrap_or_default(),
                    date: attr(e, b"date").unwrap_or_default(),
                    inlines: Vec::new(),
                });
                Frame::Note {
                    start: self.blocks.len(),
                }
            }
            _ => Frame::Transparent,
        };
        Ok(Next::Push(frame))
    }

    fn end(&mut self, f: Frame) -> Result<(), String> {
        match f {
            Frame::Para => self.end_paragraph()?,
            Frame::Run => {
                if let Some(run) = self.runs.pop() {
                    if let Some((author, date)) = run.format_change {
                        if !run.text.is_empty() {
                            self.record(ChangeKind::Format, author, date, &run.text);
                        }
                    }
                }
            }
            Frame::Cell => {
                let carry = self.carry.take();
                if let Some(t) = self.tables.last_mut() {
                    if t.inner == 0 {
                        if let Some((c, langs, _)) = carry {
                            if t.paras > 0 {
                                t.cell.push(Inline::LineBreak);
                            }
                            t.cell.extend(c);
                            t.langs.merge(langs.result(false));
                        }
                        let kind = BlockKind::Cell {
                            table: t.id,
                            row: u32::try_from(t.row.max(0)).unwrap_or(u32::MAX),
                            col: t.col,
                            align: Align::None,
                        };
                        t.col = t.col.saturating_add(1);
                        let mut inlines = std::mem::take(&mut t.cell);
                        if t.row <= 0 {
                            // A header row is bold by definition (the writer sets it bold,
                            // the Markdown table does not say it): its bold is the row's.
                            for i in &mut inlines {
                                if let Inline::Text { style, .. } = i {
                                    style.bold = false;
                                }
                            }
                            merge_text(&mut inlines);
                        }
                        let lang = t.langs.lang();
                        self.push_block(Block::new(kind, inlines).in_lang(lang))?;
                    }
                }
            }
            Frame::Table => {
                if let Some(t) = self.tables.last_mut() {
                    if t.inner > 0 {
                        t.inner -= 1;
                    } else {
                        self.tables.pop();
                    }
                }
            }
            Frame::Change { hidden, recorded } => {
                if hidden {
                    self.hidden = self.hidden.saturating_sub(1);
                }
                if recorded {
                    if let Some(c) = self.changes.pop() {
                        if !c.text.is_empty() {
                            self.record(c.kind, c.author, c.date, &c.text);
                        }
                    }
                }
            }
            Frame::Hyperlink => {
                self.links.pop();
            }
            Frame::Drawing => self.end_drawing(),
            Frame::Note { start } => {
                let blocks = self.blocks.split_off(start.min(self.blocks.len()));
                let mut inlines = Vec::new();
                for (k, b) in blocks.into_iter().enumerate() {
                    if k > 0 {
                        inlines.push(Inline::LineBreak);
                    }
                    inlines.extend(b.inlines);
                }
                trim_start(&mut inlines);
                if let Some(n) = self.notes.last_mut() {
                    n.inlines = inlines;
                }
            }
            Frame::Transparent
            | Frame::Text
            | Frame::Instr
            | Frame::Row
            | Frame::Alternate { .. } => {}
        }
        Ok(())
    }

    /// An element of a drawing (DrawingML or VML): what it says about the pictures in it.
    fn drawing_part(&mut self, name: &[u8], e: &BytesStart<'_>) {
        let Some(d) = self.drawings.last_mut() else {
            return;
        };
        let described = |e: &BytesStart<'_>, attrs: &[&[u8]]| {
            attrs
                .iter()
                .filter_map(|a| attr(e, a))
                .map(|v| v.trim().to_string())
                .find(|v| !v.is_empty())
        };
        match name {
            b"docPr" => d.alt = described(e, &[b"descr", b"title"]).unwrap_or_default(),
            b"cNvPr" => d.pic_alt = described(e, &[b"descr", b"title"]),
            b"extent" => {
                let n = |a: &[u8]| attr(e, a).and_then(|v| v.trim().parse::<u64>().ok());
                if let (Some(cx), Some(cy)) = (n(b"cx"), n(b"cy")) {
                    d.extent.get_or_insert((cx, cy));
                }
            }
            b"shape" => {
                if let Some(alt) = described(e, &[b"alt"]) {
                    d.alt = alt;
                }
            }
            b"blip" | b"imagedata" => {
                let alt = d.pic_alt.clone().unwrap_or_else(|| d.alt.clone());
                // `r:embed` (DrawingML) or `r:id` (VML): a part in the package; `r:link`:
                // a file outside it.
                let id = attr(e, b"embed").or_else(|| attr(e, b"id"));
                let link = attr(e, b"link");
                let alt = match (name, alt.is_empty()) {
                    (b"imagedata", true) => described(e, &[b"title"]).unwrap_or_default(),
                    _ => alt,
                };
                match (id, link) {
                    (Some(id), _) => d.pictures.push((Some(id), alt)),
                    (None, Some(_)) => d.pictures.push((None, alt)),
                    (None, None) => {}
                }
            }
            _ => {}
        }
    }

    /// A drawing closes: its pictures take their place in the paragraph.
    fn end_drawing(&mut self) {
        let Some(d) = self.drawings.pop() else {
            return;
        };
        if !self.read_pictures || !self.visible() {
            return;
        }
        for (id, alt) in d.pictures {
            let named = |alt: &str| {
                if alt.is_empty() {
                    "a picture".to_string()
                } else {
                    format!("picture \"{alt}\"")
                }
            };
            let part = id
                .as_ref()
                .and_then(|id| self.styles.images.get(id).cloned());
            let linked = id
                .as_ref()
                .map_or(true, |id| self.styles.linked.contains(id));
            match part {
                Some(part) => {
                    self.placed.push(Placed {
                        part: part.clone(),
                        extent: d.extent,
                    });
                    self.inline(Inline::Image { src: part, alt });
                }
                None if linked => {
                    self.left_out.push(format!(
                        "{} is linked to a file outside the document; it is left out",
                        named(&alt)
                    ));
                }
                None => self.left_out.push(format!(
                    "{} names no picture in the package; it is left out",
                    named(&alt)
                )),
            }
        }
    }

    /// A field's `separate`: its result is shown from here, unless the field is a
    /// cross-reference to a note this part references, which reads as that note's reference.
    fn field_result(&mut self) {
        let Some(f) = self.fields.last_mut() else {
            return;
        };
        f.state = FieldState::Result;
        let mut words = f.instr.split_whitespace();
        if words.next() != Some("NOTEREF") {
            return;
        }
        let Some(key) = words
            .next()
            .and_then(|b| self.bookmark_notes.get(b))
            .cloned()
        else {
            return;
        };
        if let Some(f) = self.fields.last_mut() {
            f.state = FieldState::Replaced;
        }
        let outer = self.fields.len() - 1;
        let shown = self.hidden == 0
            && self.fields[..outer]
                .iter()
                .all(|f| f.state == FieldState::Result)
            && !self.runs.last().is_some_and(|r| r.hidden);
        if let (true, Some(&i)) = (shown, self.refs.footnotes.get(&key)) {
            if let Some(p) = self.paras.last_mut() {
                p.inlines.push(Inline::FootnoteRef(i));
            }
        }
    }

    fn end_paragraph(&mut self) -> Result<(), String> {
        let Some(mut p) = self.paras.pop() else {
            return Ok(());
        };
        // A page break that ends the paragraph (as LibreOffice saves a page break before the
        // next one) leaves no space behind: it is a page break after the paragraph.
        let mut break_after = false;
        let count = p.inlines.len();
        if let (Some(gap), Some(Inline::Text { text, .. })) = (p.break_gap, p.inlines.last_mut()) {
            if gap == (count, text.len()) {
                text.pop();
                if text.is_empty() {
                    p.inlines.pop();
                }
                break_after = true;
            }
        }
        self.paragraph_count += 1;
        // A comment's range may span paragraphs: their texts stay apart in its anchor.
        for &k in &self.open_comments {
            if let Some(a) = self.refs.anchors.get_mut(k) {
                if !a.is_empty() && !a.ends_with('\n') {
                    a.push('\n');
                }
            }
        }
        let mut langs = p.langs;
        let mut inlines = match self.carry.take() {
            Some((mut c, carried, apart)) => {
                if apart && joined_without_space(&c, &p.inlines) {
                    c.push(Inline::Text {
                        text: " ".to_string(),
                        style: Style::default(),
                        link: None,
                    });
                }
                c.extend(p.inlines);
                langs.merge(carried);
                c
            }
            None => p.inlines,
        };
        if let Some((author, date)) = &p.mark_ins {
            self.record(ChangeKind::Insert, author.clone(), date.clone(), "\u{b6}");
        }
        if let Some((author, date)) = &p.mark_del {
            self.record(ChangeKind::Delete, author.clone(), date.clone(), "\u{b6}");
        }
        let mark_gone = match self.view {
            View::Accepted => p.mark_del.is_some(),
            View::Rejected => p.mark_ins.is_some(),
        };
        if p.drop_cap || mark_gone {
            self.carry = Some((inlines, langs, !p.drop_cap));
            return Ok(());
        }
        merge_text(&mut inlines);
        let lang = langs.result(p.rtl);
        if let Some(t) = self.tables.last_mut() {
            if t.paras > 0 {
                t.cell.push(Inline::LineBreak);
            }
            t.paras += 1;
            t.langs.merge(lang);
            t.cell.extend(inlines);
            if t.cell.len() > MAX_BLOCKS {
                return Err(self.too_many());
            }
            return Ok(());
        }
        if p.break_before {
            self.page_break()?;
        }
        if !inlines.is_empty() {
            // Empty paragraphs carry nothing a reader could compare: not kept.
            let kind = kind_of(self.styles, p.style.as_deref(), p.num);
            self.push_block(Block::new(kind, inlines).in_lang(lang.lang()))?;
        }
        if break_after {
            self.page_break()?;
        }
        Ok(())
    }

    /// A page break between blocks (a thematic break in the Markdown): one, never first.
    fn page_break(&mut self) -> Result<(), String> {
        match self.blocks.last() {
            None => Ok(()),
            Some(b) if b.kind == BlockKind::PageBreak => Ok(()),
            Some(_) => self.push_block(Block::new(BlockKind::PageBreak, Vec::new())),
        }
    }

    fn push_block(&mut self, b: Block) -> Result<(), String> {
        if self.blocks.len() >= MAX_BLOCKS {
            return Err(self.too_many());
        }
        self.blocks.push(b);
        Ok(())
    }

    fn too_many(&self) -> String {
        format!(
            "{} has more than {MAX_BLOCKS} paragraphs and table cells; split the document",
            self.part
        )
    }

    /// Text is shown in this view: not inside a hidden change, a field code or hidden text.
    fn visible(&self) -> bool {
        self.hidden == 0
            && self.fields.iter().all(|f| f.state == FieldState::Result)
            && !self.runs.last().is_some_and(|r| r.hidden)
    }

    fn text(&mut self, s: &str) {
        if s.is_empty() || !self.fields.iter().all(|f| f.state == FieldState::Result) {
            return;
        }
        for c in &mut self.changes {
            c.text.push_str(s);
        }
        if let Some(run) = self.runs.last_mut() {
            if run.format_change.is_some() && self.hidden == 0 {
                run.text.push_str(s);
            }
        }
        if !self.visible() {
            return;
        }
        self.point_bookmarks.clear();
        self.bookmark_text.fill(true);
        for &i in &self.open_comments {
            if let Some(a) = self.refs.anchors.get_mut(i) {
                a.push_str(s);
            }
        }
        let style = self.runs.last().map(|r| r.style).unwrap_or_default();
        let link = self.links.iter().rev().find_map(Clone::clone);
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        if let Some(run) = self.runs.last() {
            let r = RunLang {
                own: &run.lang,
                complex: run.complex,
                char_style: run.char_style.as_deref(),
                para_style: p.style.as_deref(),
            };
            if let Some((rtl, lang)) = classify(s, &r, &self.styles.styles, &self.styles.langs) {
                p.langs.add(rtl, lang);
            }
        }
        if let Some(Inline::Text {
            text,
            style: st,
            link: l,
        }) = p.inlines.last_mut()
        {
            if *st == style && *l == link {
                text.push_str(s);
                return;
            }
        }
        p.inlines.push(Inline::Text {
            text: s.to_string(),
            style,
            link,
        });
    }

    fn inline(&mut self, i: Inline) {
        if !self.visible() {
            return;
        }
        self.point_bookmarks.clear();
        self.bookmark_text.fill(true);
        if matches!(i, Inline::Tab | Inline::LineBreak) {
            for &k in &self.open_comments {
                if let Some(a) = self.refs.anchors.get_mut(k) {
                    a.push(if i == Inline::Tab { '\t' } else { '\n' });
                }
            }
        }
        if let Some(p) = self.paras.last_mut() {
            p.inlines.push(i);
        }
    }

    /// A page or column break: the words on either side stay apart.
    fn separate_words(&mut self) {
        if !self.visible() {
            return;
        }
        let ends_in_space = match self.paras.last().and_then(|p| p.inlines.last()) {
            Some(Inline::Text { text, .. }) => text.ends_with(char::is_whitespace),
            Some(_) => true,
            None => {
                // Before any text (Word's Ctrl+Enter): a page break before the paragraph.
                if let Some(p) = self.paras.last_mut() {
                    p.break_before = true;
                }
                return;
            }
        };
        if !ends_in_space {
            self.text(" ");
            if let Some(p) = self.paras.last_mut() {
                if let Some(Inline::Text { text, .. }) = p.inlines.last() {
                    p.break_gap = Some((p.inlines.len(), text.len()));
                }
            }
        }
    }

    fn record(&mut self, kind: ChangeKind, author: String, date: String, text: &str) {
        if let Some(last) = self.pending.last_mut() {
            if last.kind == kind
                && last.author == author
                && last.date == date
                && last.paragraph == self.paragraph_count
            {
                last.text.push_str(text);
                return;
            }
        }
        self.pending.push(PendingChange {
            kind,
            author,
            date,
            text: text.to_string(),
            paragraph: self.paragraph_count,
        });
    }

    /// Read a `w:pPr` up to its end, keeping what decides the block.
    fn paragraph_properties<R: BufRead>(
        &mut self,
        x: &mut NsReader<R>,
        skip: &mut Vec<u8>,
    ) -> Result<(), String> {
        let mut buf = Vec::new();
        let mut depth = 1usize;
        let mut in_rpr = false;
        let mut state = ParaState::default();
        loop {
            let ev = x
                .read_event_into(&mut buf)
                .map_err(|e| xml_error(&self.part, x.error_position(), &e))?;
            match ev {
                Event::Start(e) => {
                    let name = e.local_name();
                    match name.as_ref() {
                        b"pPrChange" | b"rPrChange" | b"tabs" | b"sectPr" => {
                            if name.as_ref() == b"pPrChange" {
                                self.record(
                                    ChangeKind::Format,
                                    attr(&e, b"author").unwrap_or_default(),
                                    attr(&e, b"date").unwrap_or_default(),
                                    "\u{b6}",
                                );
                            }
                            let end = e.to_end().into_owned();
                            x.read_to_end_into(end.name(), skip)
                                .map_err(|e| xml_error(&self.part, x.error_position(), &e))?;
                            skip.clear();
                            buf.clear();
                            continue;
                        }
                        b"pStyle" => state.style = attr(&e, b"val"),
                        b"ilvl" => {
                            let lvl = attr(&e, b"val").and_then(|v| v.parse::<u8>().ok());
                            let n = state.num.get_or_insert((u32::MAX, 0));
                            n.1 = lvl.unwrap_or(0).min(8);
                        }
                        b"numId" => {
                            let id = attr(&e, b"val").and_then(|v| v.parse::<u32>().ok());
                            let n = state.num.get_or_insert((u32::MAX, 0));
                            n.0 = id.unwrap_or(0);
                        }
                        b"bidi" => {
                            state.rtl =
                                !matches!(attr(&e, b"val").as_deref(), Some("0" | "false" | "off"));
                        }
                        b"pageBreakBefore" => {
                            state.break_before =
                                !matches!(attr(&e, b"val").as_deref(), Some("0" | "false" | "off"));
                        }
                        b"framePr" => {
                            state.drop_cap =
                                matches!(attr(&e, b"dropCap").as_deref(), Some("drop" | "margin"));
                        }
                        b"rPr" => in_rpr = true,
                        b"ins" if in_rpr => state.mark_ins = Some(author_date(&e)),
                        b"del" if in_rpr => state.mark_del = Some(author_date(&e)),
                        _ => {}
                    }
                    depth += 1;
                }
                Event::End(e) => {
                    if e.local_name().as_ref() == b"rPr" {
                        in_rpr = false;
                    }
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Event::Eof => {
                    return Err(format!(
                        "{} ends inside a paragraph's properties",
                        self.part
                    ))
                }
                _ => {}
            }
            buf.clear();
        }
        if let Some(p) = self.paras.last_mut() {
            p.style = state.style;
            p.num = state.num;
            p.drop_cap = state.drop_cap;
            p.mark_ins = state.mark_ins;
            p.mark_del = state.mark_del;
            p.rtl = state.rtl;
            p.break_before |= state.break_before;
        }
        Ok(())
    }
}

/// Whether `before` ends and `after` starts with text, neither side with a space: joined as
/// they are, their words would run together.
fn joined_without_space(before: &[Inline], after: &[Inline]) -> bool {
    let last = before.iter().rev().find_map(|i| match i {
        Inline::Text { text, .. } if !text.is_empty() => text.chars().next_back(),
        Inline::LineBreak | Inline::Tab => Some(' '),
        _ => None,
    });
    let first = after.iter().find_map(|i| match i {
        Inline::Text { text, .. } if !text.is_empty() => text.chars().next(),
        Inline::LineBreak | Inline::Tab => Some(' '),
        _ => None,
    });
    matches!((last, first), (Some(a), Some(b)) if !a.is_whitespace() && !b.is_whitespace())
}
