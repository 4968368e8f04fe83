//! `Document` → the WordprocessingML parts that differ from draft to draft: the document,
//! header, footer, footnotes, comments and the document's relationships. Written straight
//! into byte buffers in schema order, so nothing is built twice and nothing needs the
//! schema-order pass afterwards: this is the hot path of a batch (a docx-rs tree took about
//! half of a draft's time to build, serialise and re-order). The parts every draft shares
//! (style sheet, numbering, settings ...) still come from docx-rs, once per process, in
//! `package`.
//!
//! Every string is sanitised (and, for French, spaced) and escaped here; every id is chosen
//! here, so the output is deterministic on any thread. Paragraph ids (`w14:paraId`) count
//! header, footer, then body paragraphs in reading order, each footnote's and comment's
//! paragraph taking the next id where its reference occurs.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::frame::FramePart;
use super::house::{House, NumIds, Pages, StyleIds};
use super::styles::{Look, LIST_LEVELS};
use super::text::{self, Dir};
use super::track::{self, LineFrom, Op, Revisions, Track, TrackedLine};
use super::DocMeta;
use crate::document::{
    table_at, Align, Block, BlockKind, Document, Inline, Style, TableGrid, TableSpan,
};
use crate::error::{Error, Result};
use crate::library::Lang;
use crate::picture::{Picture, Pictures};

/// The per-draft parts, ready to pack.
pub(crate) struct Parts {
    pub(crate) document: Vec<u8>,
    pub(crate) rels: Vec<u8>,
    /// Headers and footers (lectern's one of each, or the house's).
    pub(crate) frame: Vec<FramePart>,
    pub(crate) footnotes: Vec<u8>,
    /// `word/comments.xml` and `word/commentsExtended.xml`, when the draft has comments
    /// (otherwise the shared empty parts are packed).
    pub(crate) comments: Option<(Vec<u8>, Vec<u8>)>,
    /// Numbering instance ids of the numbered lists, in the order they are written (the
    /// numbering part restarts each at 1).
    pub(crate) lists: Vec<usize>,
    /// Pictures: part name (`word/media/image1.png`) and bytes, each file once.
    pub(crate) media: Vec<(String, std::sync::Arc<[u8]>)>,
    /// Whether changes are tracked in it (a redline): its settings turn tracking on.
    pub(crate) tracked: bool,
}

/// `wp:docPr` ids of the body's pictures start here, so they never collide with the drawing
/// ids of header or footer parts (which take small ones).
pub(crate) const BODY_DRAWING_ID_BASE: u32 = 1000;

/// EMUs per twip (914400 per inch, 1440 twips per inch).
const EMU_PER_TWIP: i64 = 635;
const EMU_PER_INCH: f64 = 914_400.0;
/// Page size (A4), in twips.
const PAGE_W: i32 = 11906;
const PAGE_H: i32 = 16838;

const DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
const NS_W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
const NS_MC: &str = r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;
const NS_W14: &str = r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml""#;
const NS_R: &str =
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const NS_WP: &str =
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing""#;
const REL_BASE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

/// The run Word puts first in a footnote's paragraph (its number, in the footnote reference
/// style), and the space after it.
fn footnote_ref_run(out: &mut String, style: &str) {
    let _ = write!(
        out,
        r#"<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>"#
    );
}

/// The run Word puts first in a comment's paragraph.
fn annotation_ref_run(out: &mut String, style: &str) {
    let _ = write!(
        out,
        r#"<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:annotationRef/></w:r>"#
    );
}
/// The separator footnotes Word expects before the real ones.
const SEPARATOR_FOOTNOTES: &str = r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#;

/// Write the per-draft parts of `doc`, in the house style when there is one; `pictures`
/// holds every picture it shows.
pub(crate) fn build(
    doc: &Document,
    meta: &DocMeta,
    pictures: &Pictures,
    house: Option<&House>,
) -> Result<Parts> {
    build_tracked(doc, meta, pictures, house, None)
}

/// `build`, with the changes in `track` (one entry per block of `doc`) written as tracked
/// changes: the redline. French spacing is left as the text has it, so accepting or
/// rejecting every change gives exactly the texts compared.
pub(crate) fn build_tracked(
    doc: &Document,
    meta: &DocMeta,
    pictures: &Pictures,
    house: Option<&House>,
    track: Option<&Track>,
) -> Result<Parts> {
    let look = Look::for_kind(meta.kind);
    // The text area pictures are scaled to: the house's page when it sets one.
    let (text_width, text_height) = match house.map(|h| &h.page).filter(|p| p.from_house) {
        Some(p) => (
            (p.width as i32 - (p.margins[1] + p.margins[3]) as i32).max(1440),
            (p.height as i32 - (p.margins[0] + p.margins[2]) as i32 - 1440).max(1440),
        ),
        None => (
            PAGE_W - 2 * look.margin_side,
            PAGE_H - look.margin_top - look.margin_bottom - 1440,
        ),
    };
    let mut w = Writer {
        doc,
        meta,
        ids: house.map_or(StyleIds::builtin(), |h| &h.ids),
        nums: house.map_or(NumIds::BUILTIN, House::num_ids),
        pictures,
        media: Vec::new(),
        drawings: 0,
        text_width,
        text_height,
        lang: super::language_tag(meta.lang),
        rtl: meta.lang == Lang::Ar,
        text_lang: meta.lang,
        para_id: 0,
        footnote_id: 0,
        note_ids: vec![None; doc.footnotes.len()],
        note_refs: note_ref_counts(doc),
        kept_refs: track.map(|t| kept_ref_counts(doc, t)).unwrap_or_default(),
        forward_refs: false,
        links: Vec::new(),
        lists: BTreeMap::new(),
        open_comments: Vec::new(),
        date: meta.created.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        comment_base: footnote_refs(doc) + 1,
        numbering_used: false,
        notes: String::new(),
        comments: String::new(),
        comments_ext: String::new(),
        // Revision ids come after every footnote and comment id.
        rev: track
            .map(|t| Revisions::new(t, (footnote_refs(doc) + doc.comments.len() + 2) as u32 + 1)),
        deleting: false,
    };
    let (frame, house_sect) = match house {
        Some(h) => {
            let (frame, sect) = super::frame::house_frame(meta, h, w.rev.as_ref());
            (frame, Some(sect))
        }
        None => {
            let header = w.header();
            let footer = w.footer();
            let part = |footer: bool, xml: Vec<u8>| FramePart {
                name: if footer { "footer1.xml" } else { "header1.xml" }.into(),
                footer,
                pages: Pages::Default,
                xml,
                packed: None,
            };
            (vec![part(false, header), part(true, footer)], None)
        }
    };

    let mut body = String::with_capacity(doc.blocks.len() * 600 + 2048);
    body.push_str(DECL);
    let _ = write!(
        body,
        r#"<w:document {NS_R} {NS_W} {NS_WP} {NS_MC} {NS_W14} mc:Ignorable="w14"><w:body>"#
    );
    let mut page_break = false;
    let mut k = 0;
    while k < doc.blocks.len() {
        let block = &doc.blocks[k];
        k += 1;
        if block.kind == BlockKind::PageBreak {
            page_break = true;
            continue;
        }
        if let Some(span) = table_at(&doc.blocks, k - 1) {
            if page_break {
                // Word ignores a page break before a paragraph inside a table.
                let props = Props {
                    page_break_before: true,
                    ..Props::default()
                };
                w.open_paragraph(&mut body, &props);
                body.push_str("</w:p>");
            }
            w.table(&mut body, span)?;
            k = span.end;
            page_break = false;
            continue;
        }
        w.block(&mut body, k - 1, page_break)?;
        page_break = false;
    }
    // A comment left open by the model would leave a dangling range: close it on a last,
    // empty paragraph rather than lose the comment.
    if !w.open_comments.is_empty() {
        w.open_paragraph(&mut body, &Props::default());
        for i in std::mem::take(&mut w.open_comments) {
            comment_end(&mut body, w.comment_base + i);
        }
        body.push_str("</w:p>");
    }
    if let Some(sect) = &house_sect {
        body.push_str(sect);
        body.push_str("</w:body></w:document>");
    } else {
        let _ = write!(
            body,
            concat!(
                r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1" />"#,
                r#"<w:footerReference w:type="default" r:id="rIdFooter1" />"#,
                r#"<w:pgSz w:w="11906" w:h="16838" />"#,
                r#"<w:pgMar w:top="{top}" w:right="{side}" w:bottom="{bottom}" w:left="{side}" w:header="709" w:footer="709" w:gutter="0" />"#,
                r#"<w:cols w:space="425" w:num="1" /></w:sectPr></w:body></w:document>"#
            ),
            top = look.margin_top,
            side = look.margin_side,
            bottom = look.margin_bottom,
        );
    }

    if w.forward_refs {
        body = NoteNumber::fill(&body, &w.note_ids);
    }
    let has_comments = !w.comments.is_empty();
    let rels = w.rels(has_comments, &frame);
    let footnotes = w.footnotes_part();
    let comments = has_comments.then(|| w.comments_parts());
    Ok(Parts {
        document: body.into_bytes(),
        rels: rels.into_bytes(),
        frame,
        footnotes,
        comments,
        lists: w.lists.values().copied().collect(),
        media: w
            .media
            .into_iter()
            .map(|m| (format!("word/{}", m.target), m.bytes))
            .collect(),
        tracked: track.is_some(),
    })
}

/// A picture part: the path it was named by, its part name under `word/`, its bytes.
struct Media {
    src: String,
    target: String,
    bytes: std::sync::Arc<[u8]>,
}

struct Writer<'a> {
    doc: &'a Document,
    meta: &'a DocMeta,
    /// The style ids of each role (lectern's, or the house's).
    ids: &'a StyleIds,
    /// Numbering ids of lectern's lists.
    nums: NumIds,
    pictures: &'a Pictures,
    /// Picture parts so far; picture `k` has relationship id `rIdImage{k+1}`.
    media: Vec<Media>,
    /// Pictures drawn so far (each drawing needs its own `wp:docPr` id).
    drawings: u32,
    /// The text area, in twips: pictures are scaled down to fit it.
    text_width: i32,
    text_height: i32,
    /// BCP 47 tag every run is marked with, so Word checks spelling in the right language.
    lang: &'static str,
    rtl: bool,
    /// The language of the text being written: the draft's, or a passage's own (§12).
    text_lang: Lang,
    /// Last `w14:paraId` given out.
    para_id: u32,
    /// Last footnote id given out; footnotes are numbered 1.. in order of first reference.
    footnote_id: usize,
    /// The id given to each footnote of the model at its first reference.
    note_ids: Vec<Option<usize>>,
    /// How many times the body references each footnote of the model.
    note_refs: Vec<usize>,
    /// In a redline, how many references to each footnote both views keep: the note is placed
    /// at the first of them, its other references (added or removed) are cross-references to
    /// it, so neither view loses the note.
    kept_refs: Vec<usize>,
    /// Whether a cross-reference was written before its note (its number is filled in once
    /// the body is written).
    forward_refs: bool,
    /// Hyperlink targets, escaped; link `k` has relationship id `rIdLink{k+1}`.
    links: Vec<String>,
    /// Numbered list id in the model → numbering instance id.
    lists: BTreeMap<u32, usize>,
    /// Comments started and not yet ended.
    open_comments: Vec<usize>,
    /// Date stamped on comments (the draft's creation time).
    date: String,
    /// Comment `i` gets id `comment_base + i`. Comment ids never equal a footnote id (nor
    /// the separators' -1 and 0): LibreOffice 7.4 shares one lookup between comments and
    /// footnotes and, on a clash, prints the wrong footnote.
    comment_base: usize,
    /// Whether any paragraph is in a list (the numbering part is then related).
    numbering_used: bool,
    /// The `w:footnote` elements written so far.
    notes: String,
    /// The `w:comment` and `w15:commentEx` elements written so far.
    comments: String,
    comments_ext: String,
    /// The tracked changes, when writing a redline.
    rev: Option<Revisions<'a>>,
    /// Whether the inline being written is removed text (`w:delText`).
    deleting: bool,
}

/// A paragraph's style and numbering (instance, level).
type ParaLook<'s> = (Option<&'s str>, Option<(usize, usize)>);

/// Paragraph properties this writer uses, written in schema order (CT_PPr).
#[derive(Default, Clone, Copy)]
struct Props<'s> {
    style: Option<&'s str>,
    page_break_before: bool,
    /// Numbering instance and level.
    numbering: Option<(usize, usize)>,
    /// The thin rule under the header.
    bottom_rule: bool,
    space_after: Option<u32>,
    /// Alignment inside a table cell.
    align: Align,
    /// The paragraph mark's tracked change.
    mark: Op,
    /// A redline's former paragraph style and numbering (`w:pPrChange`).
    was: Option<ParaLook<'s>>,
}

/// Run properties this writer uses, written in schema order (CT_RPr).
#[derive(Default, Clone, Copy)]
struct RunProps<'s> {
    style: Option<&'s str>,
    bold: bool,
    italic: bool,
    /// Colour and half-point size of the NOT CLEARED warning.
    warning: bool,
    /// `w:vertAlign`: superscript or subscript.
    vert: Option<&'static str>,
    rtl: bool,
    /// The language tag (`w:lang`); for Arabic it is also the complex-script language.
    lang: Option<&'static str>,
    /// Removed text of a redline: written as `w:delText`.
    deleted: bool,
    /// A redline's `w:rPrChange` (the formatting before), written last in the properties.
    change: Option<&'s str>,
}

impl<'a> Writer<'a> {
    /// Start a paragraph with the next id and `props` (plus, for Arabic, right-to-left).
    fn open_paragraph(&mut self, out: &mut String, props: &Props<'_>) -> u32 {
        self.para_id += 1;
        let _ = write!(out, r#"<w:p w14:paraId="{:08X}"><w:pPr>"#, self.para_id);
        self.base_props(out, props);
        match (&self.rev, props.mark) {
            (Some(rev), mark) if mark != Op::Same => {
                out.push_str("<w:rPr>");
                rev.mark(out, mark);
                out.push_str("</w:rPr>");
            }
            _ => out.push_str("<w:rPr />"),
        }
        // A style change: the former properties, last in `w:pPr` (CT_PPr).
        if let (Some(rev), Some((style, numbering))) = (&self.rev, props.was) {
            rev.para_change_open(out);
            let was = Props {
                style,
                numbering,
                ..*props
            };
            self.base_props(out, &was);
            out.push_str("</w:pPr></w:pPrChange>");
        }
        out.push_str("</w:pPr>");
        self.para_id
    }

    /// The paragraph properties of `props` before the mark's run properties (CT_PPrBase order).
    fn base_props(&self, out: &mut String, props: &Props<'_>) {
        if let Some(style) = props.style {
            let _ = write!(out, r#"<w:pStyle w:val="{style}" />"#);
        }
        if props.page_break_before {
            out.push_str("<w:pageBreakBefore />");
        }
        if let Some((num_id, level)) = props.numbering {
            let _ = write!(
                out,
                r#"<w:numPr><w:ilvl w:val="{level}" /><w:numId w:val="{num_id}" /></w:numPr>"#
            );
        }
        if props.bottom_rule {
            out.push_str(
                r#"<w:pBdr><w:bottom w:val="single" w:space="4" w:sz="4" w:color="A6A6A6" /></w:pBdr>"#,
            );
        }
        if self.rtl {
            out.push_str("<w:bidi />");
        }
        if let Some(after) = props.space_after {
            let _ = write!(out, r#"<w:spacing w:after="{after}" />"#);
        }
        // In a bidi paragraph `right` renders on the left: `start` and `end` are the reading
        // sides in both directions.
        match props.align {
            Align::Center => out.push_str(r#"<w:jc w:val="center" />"#),
            Align::Right => out.push_str(r#"<w:jc w:val="end" />"#),
            Align::Left => out.push_str(r#"<w:jc w:val="start" />"#),
            Align::None if self.rtl => out.push_str(r#"<w:jc w:val="start" />"#),
            Align::None => {}
        }
    }

    /// The paragraph style and numbering (instance, level) of a block of `kind`.
    fn kind_props(&mut self, kind: BlockKind) -> ParaLook<'a> {
        let ids = self.ids;
        match kind {
            BlockKind::Title => (Some(ids.title.as_str()), None),
            BlockKind::Heading(level) => {
                let k = usize::from(level.clamp(1, 3)) - 1;
                (Some(ids.heading[k].as_str()), None)
            }
            BlockKind::Paragraph | BlockKind::PageBreak | BlockKind::Cell { .. } => (None, None),
            BlockKind::Quote => (Some(ids.quote.as_str()), None),
            BlockKind::Bullet { level } => (
                Some(ids.list_bullet.as_str()),
                Some((self.nums.bullet, list_level(level))),
            ),
            BlockKind::Numbered { level, list } => {
                let next = self.nums.first_decimal + self.lists.len();
                let num_id = *self.lists.entry(list).or_insert(next);
                (
                    Some(ids.list_number.as_str()),
                    Some((num_id, list_level(level))),
                )
            }
        }
    }

    fn block(&mut self, out: &mut String, index: usize, page_break_before: bool) -> Result<()> {
        let doc = self.doc;
        let block = &doc.blocks[index];
        let (style, numbering) = self.kind_props(block.kind);
        self.numbering_used |= numbering.is_some();
        let track = self.rev.as_ref().and_then(|r| r.track.block(index));
        let was = match track.and_then(|t| t.was_kind) {
            Some(kind) => {
                let was = self.kind_props(kind);
                self.numbering_used |= was.1.is_some();
                Some(was)
            }
            None => None,
        };
        let props = Props {
            style,
            page_break_before,
            numbering,
            mark: track.map_or(Op::Same, |t| t.mark),
            was,
            ..Props::default()
        };
        // A passage in its own language: its paragraph and runs carry that language and
        // direction, then the draft's are back.
        let saved = (self.lang, self.rtl, self.text_lang);
        if let Some(lang) = block.lang {
            self.lang = super::language_tag(lang);
            self.rtl = lang.is_rtl();
            self.text_lang = lang;
        }
        self.open_paragraph(out, &props);
        // A moved paragraph is a named range at both ends.
        let range = match (track, &self.rev) {
            (Some(t), Some(rev)) => t.moved.map(|n| {
                // The last paragraph of a body moved away keeps its mark (`keep_last_mark`).
                let from = t.mark == Op::MovedFrom || t.ops.contains(&Op::MovedFrom);
                (rev.range_start(out, n, from), from)
            }),
            _ => None,
        };
        let done = self.inlines(
            out,
            &block.inlines,
            false,
            track.map(|t| (&t.ops[..], &t.was[..])),
        );
        (self.lang, self.rtl, self.text_lang) = saved;
        done?;
        if let Some((id, from)) = range {
            Revisions::range_end(out, id, from);
        }
        out.push_str("</w:p>");
        Ok(())
    }

    /// Write `inlines` into the paragraph open in `out`. In a footnote (`in_note`), comment
    /// marks are ignored and nested footnote references are not possible in
    /// WordprocessingML, so they are dropped too.
    /// `track`: in a redline, each inline's change and former formatting.
    fn inlines(
        &mut self,
        out: &mut String,
        inlines: &[Inline],
        in_note: bool,
        track: Option<(&[Op], &[Option<Style>])>,
    ) -> Result<()> {
        for (k, inline) in inlines.iter().enumerate() {
            let op = track.and_then(|t| t.0.get(k).copied()).unwrap_or_default();
            let was = track.and_then(|t| t.1.get(k).copied().flatten());
            let wrap = !matches!(inline, Inline::Text { link: Some(_), .. } if !in_note);
            if wrap {
                self.rev_open(out, op);
            }
            self.inline(out, inlines, k, in_note, op, was)?;
            if wrap {
                self.rev_close(out, op);
            }
        }
        Ok(())
    }

    fn rev_open(&self, out: &mut String, op: Op) {
        if let Some(rev) = &self.rev {
            rev.open(out, op);
        }
    }

    fn rev_close(&self, out: &mut String, op: Op) {
        if let Some(rev) = &self.rev {
            rev.close(out, op);
        }
    }

    /// Write inline `k` of `inlines`; `op` and `was` are its tracked change, if any.
    fn inline(
        &mut self,
        out: &mut String,
        inlines: &[Inline],
        k: usize,
        in_note: bool,
        op: Op,
        was: Option<Style>,
    ) -> Result<()> {
        {
            let inline = &inlines[k];
            match inline {
                Inline::Text { text, style, link } => {
                    let clean = text::sanitize(text);
                    let spaced = if self.text_lang == Lang::Fr && !style.code && self.rev.is_none()
                    {
                        let before = prev_char(inlines, k);
                        let after = next_char(inlines, k);
                        text::french_spacing(&clean, before, after)
                    } else {
                        clean
                    };
                    // A footnote or comment part has no relationships of its own here, so a
                    // link there is printed as text and address: a printed source must show
                    // where it is anyway.
                    let shown_link = if in_note { None } else { link.as_ref() };
                    let spaced = match link {
                        Some(url) if in_note && url.as_str() != spaced.as_ref() => {
                            format!("{spaced} ({})", text::sanitize(url)).into()
                        }
                        _ => spaced,
                    };
                    self.deleting = op.is_removal();
                    match shown_link {
                        Some(url) => {
                            self.links
                                .push(text::escape_xml(&text::sanitize(url)).into_owned());
                            let _ = write!(
                                out,
                                r#"<w:hyperlink r:id="rIdLink{}" w:history="1">"#,
                                self.links.len()
                            );
                            // A revision goes inside a hyperlink, never around it.
                            self.rev_open(out, op);
                            self.text_runs(out, &spaced, *style, true, was);
                            self.rev_close(out, op);
                            out.push_str("</w:hyperlink>");
                        }
                        None => self.text_runs(out, &spaced, *style, false, was),
                    }
                    self.deleting = false;
                }
                Inline::LineBreak => {
                    out.push_str(r#"<w:r><w:rPr /><w:br w:type="textWrapping" /></w:r>"#)
                }
                Inline::Tab => out.push_str("<w:r><w:rPr /><w:tab /></w:r>"),
                Inline::FootnoteRef(i) if !in_note => {
                    let note = self.doc.footnotes.get(*i).ok_or_else(|| {
                        Error::input(format!(
                            "footnote reference {i} has no footnote in the document"
                        ))
                    })?;
                    if let Some(id) = self.note_ids[*i] {
                        // A note cited again is one note referenced twice: Word's way is a
                        // cross-reference to the note's bookmarked mark, formatted as a note
                        // reference, so the reader sees the same number and one note.
                        note_ref_field(out, id, op.is_removal());
                        return Ok(());
                    }
                    if op != Op::Same && self.kept_refs.get(*i).is_some_and(|&n| n > 0) {
                        // A reference one view drops, to a note a later kept reference holds.
                        note_ref_field(out, NoteNumber(*i), op.is_removal());
                        self.forward_refs = true;
                        return Ok(());
                    }
                    self.footnote_id += 1;
                    let id = self.footnote_id;
                    let mut notes = std::mem::take(&mut self.notes);
                    let _ = write!(notes, r#"<w:footnote w:id="{id}">"#);
                    let props = Props {
                        style: Some(self.ids.footnote_text.as_str()),
                        ..Props::default()
                    };
                    self.open_paragraph(&mut notes, &props);
                    footnote_ref_run(&mut notes, &self.ids.footnote_ref);
                    let note_ops = self.rev.as_ref().and_then(|r| r.track.notes.get(*i));
                    let note_ops = note_ops.map(|ops| (&ops[..], &[][..]));
                    let done = self.inlines(&mut notes, &note.inlines, true, note_ops);
                    notes.push_str("</w:p></w:footnote>");
                    self.notes = notes;
                    done?;
                    self.note_ids[*i] = Some(id);
                    let shared = self.note_refs[*i] > 1;
                    if shared {
                        let _ = write!(
                            out,
                            r#"<w:bookmarkStart w:id="{id}" w:name="{}" />"#,
                            note_bookmark(id)
                        );
                    }
                    let _ = write!(
                        out,
                        r#"<w:r><w:rPr><w:rStyle w:val="{}" /></w:rPr><w:footnoteReference w:id="{id}" /></w:r>"#,
                        self.ids.footnote_ref
                    );
                    if shared {
                        let _ = write!(out, r#"<w:bookmarkEnd w:id="{id}" />"#);
                    }
                }
                Inline::CommentStart(i) if !in_note => {
                    let c = self.doc.comments.get(*i).ok_or_else(|| {
                        Error::input(format!("comment mark {i} has no comment in the document"))
                    })?;
                    if !self.open_comments.contains(i) {
                        let id = self.comment_base + *i;
                        let mut comments = std::mem::take(&mut self.comments);
                        let _ = write!(
                            comments,
                            r#"<w:comment w:id="{id}" w:author="{}" w:date="{}" w:initials="">"#,
                            text::escape_xml(&text::sanitize(&c.author)),
                            self.date
                        );
                        let props = Props {
                            style: Some(self.ids.comment_text.as_str()),
                            ..Props::default()
                        };
                        let para = self.open_paragraph(&mut comments, &props);
                        annotation_ref_run(&mut comments, &self.ids.comment_ref);
                        self.plain_run(&mut comments, &text::sanitize(&c.text));
                        comments.push_str("</w:p></w:comment>");
                        self.comments = comments;
                        let _ = write!(
                            self.comments_ext,
                            r#"<w15:commentEx w15:paraId="{para:08X}" w15:done="0" />"#
                        );
                        let _ = write!(out, r#"<w:commentRangeStart w:id="{id}" />"#);
                        self.open_comments.push(*i);
                    }
                }
                Inline::CommentEnd(i) if !in_note => {
                    if let Some(pos) = self.open_comments.iter().position(|o| o == i) {
                        self.open_comments.remove(pos);
                        comment_end(out, self.comment_base + *i);
                    }
                }
                Inline::Image { src, alt } if !in_note => self.picture(out, src, alt)?,
                Inline::Image { alt, .. } => {
                    // A note part has no relationships here: the description stands in.
                    let shown = format!("[{}]", text::sanitize(alt));
                    self.deleting = op.is_removal();
                    self.text_runs(out, &shown, Style::default(), false, None);
                    self.deleting = false;
                }
                Inline::FootnoteRef(_) | Inline::CommentStart(_) | Inline::CommentEnd(_) => {}
            }
        }
        Ok(())
    }

    /// A table: the house or built-in table style, full text width, equal columns, the header
    /// row repeated on every page and written in bold, right to left in Arabic.
    fn table(&mut self, out: &mut String, span: TableSpan) -> Result<()> {
        let doc = self.doc;
        let table = TableGrid::of(&doc.blocks[span.start..span.end]);
        let cols = table.cols();
        let col_w = self.text_width / i32::try_from(cols).unwrap_or(1).max(1);
        out.push_str("<w:tbl><w:tblPr>");
        let _ = write!(out, r#"<w:tblStyle w:val="{}" />"#, self.ids.table);
        if self.rtl {
            out.push_str("<w:bidiVisual />");
        }
        out.push_str(r#"<w:tblW w:w="5000" w:type="pct" />"#);
        out.push_str(r#"<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1" />"#);
        out.push_str("</w:tblPr><w:tblGrid>");
        for _ in 0..cols {
            let _ = write!(out, r#"<w:gridCol w:w="{col_w}" />"#);
        }
        out.push_str("</w:tblGrid>");
        let cells = &doc.blocks[span.start..span.end];
        // A cell's place in the document, for its tracked changes.
        let index = |b: &Block| {
            cells
                .iter()
                .position(|c| std::ptr::eq(c, b))
                .map(|k| span.start + k)
        };
        let tracked_doc = self.rev.as_ref().map(|r| r.track);
        let track = |b: &Block| tracked_doc?.block(index(b)?);
        for (r, row) in table.rows.iter().enumerate() {
            out.push_str("<w:tr>");
            // A row every cell of which was added (or removed) is an added (removed) row.
            let marks: Vec<Op> = row
                .iter()
                .flatten()
                .map(|b| track(b).map_or(Op::Same, |t| t.mark))
                .collect();
            let row_mark = match marks.first() {
                Some(&m) if m != Op::Same && marks.iter().all(|&x| x == m) => m,
                _ => Op::Same,
            };
            let row_mark = match row_mark {
                Op::MovedFrom => Op::Deleted,
                Op::MovedTo => Op::Inserted,
                m => m,
            };
            out.push_str("<w:trPr><w:cantSplit />");
            if r == 0 {
                out.push_str("<w:tblHeader />");
            }
            if let Some(rev) = &self.rev {
                rev.mark(out, row_mark);
            }
            out.push_str("</w:trPr>");
            for (cell, align) in row.iter().zip(&table.aligns) {
                let _ = write!(
                    out,
                    r#"<w:tc><w:tcPr><w:tcW w:w="{col_w}" w:type="dxa" /></w:tcPr>"#
                );
                let props = Props {
                    space_after: Some(0),
                    align: *align,
                    ..Props::default()
                };
                // A cell of a passage in its own language carries it, as a paragraph does.
                let saved = (self.lang, self.rtl, self.text_lang);
                let cell_lang = cell.first().and_then(|b| b.lang);
                if let Some(lang) = cell_lang.filter(|l| cell.iter().all(|b| b.lang == Some(*l))) {
                    self.lang = super::language_tag(lang);
                    self.rtl = lang.is_rtl();
                    self.text_lang = lang;
                }
                self.open_paragraph(out, &props);
                let mut inlines: Vec<Inline> = Vec::new();
                let mut ops: Vec<Op> = Vec::new();
                let mut was: Vec<Option<Style>> = Vec::new();
                for (n, b) in cell.iter().enumerate() {
                    let t = track(b);
                    if n > 0 {
                        inlines.push(Inline::text(" "));
                        // The space joining two blocks goes with the second.
                        ops.push(t.map_or(Op::Same, |t| match t.mark {
                            Op::Same => Op::Same,
                            m => m,
                        }));
                        was.push(None);
                    }
                    inlines.extend(b.inlines.iter().cloned());
                    for k in 0..b.inlines.len() {
                        ops.push(t.and_then(|t| t.ops.get(k).copied()).unwrap_or_default());
                        was.push(t.and_then(|t| t.was.get(k).copied().flatten()));
                    }
                }
                if r == 0 {
                    for i in &mut inlines {
                        if let Inline::Text { style, .. } = i {
                            style.bold = true;
                        }
                    }
                    // The header row is bold whatever the text says.
                    was.iter_mut().for_each(|w| *w = None);
                }
                let tracked = self.rev.is_some().then_some((&ops[..], &was[..]));
                let done = self.inlines(out, &inlines, false, tracked);
                (self.lang, self.rtl, self.text_lang) = saved;
                done?;
                out.push_str("</w:p></w:tc>");
            }
            out.push_str("</w:tr>");
        }
        out.push_str("</w:tbl>");
        Ok(())
    }

    /// An inline picture at its natural size, scaled down (aspect kept) to fit the text area;
    /// `alt` is its description for screen readers.
    fn picture(&mut self, out: &mut String, src: &str, alt: &str) -> Result<()> {
        let pic: &Picture = self.pictures.get(src).ok_or_else(|| {
            Error::input(format!("picture `{src}` was not loaded before writing"))
        })?;
        let rel = match self.media.iter().position(|m| m.src == src) {
            Some(i) => i + 1,
            None => {
                let n = self.media.len() + 1;
                self.media.push(Media {
                    src: src.to_string(),
                    target: format!("media/image{n}.{}", pic.format.extension()),
                    bytes: pic.bytes.clone(),
                });
                n
            }
        };
        let (cx, cy) = fit(
            pic.inches(),
            i64::from(self.text_width) * EMU_PER_TWIP,
            i64::from(self.text_height) * EMU_PER_TWIP,
        );
        self.drawings += 1;
        let id = BODY_DRAWING_ID_BASE + self.drawings;
        let descr = text::escape_xml(&text::sanitize(alt)).into_owned();
        let _ = write!(
            out,
            concat!(
                r#"<w:r><w:rPr /><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">"#,
                r#"<wp:extent cx="{cx}" cy="{cy}" /><wp:effectExtent l="0" t="0" r="0" b="0" />"#,
                r#"<wp:docPr id="{id}" name="Picture {id}" descr="{descr}" />"#,
                r#"<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1" /></wp:cNvGraphicFramePr>"#,
                r#"<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">"#,
                r#"<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">"#,
                r#"<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">"#,
                r#"<pic:nvPicPr><pic:cNvPr id="{id}" name="image{rel}.{ext}" descr="{descr}" /><pic:cNvPicPr /></pic:nvPicPr>"#,
                r#"<pic:blipFill><a:blip r:embed="rIdImage{rel}" /><a:stretch><a:fillRect /></a:stretch></pic:blipFill>"#,
                r#"<pic:spPr><a:xfrm><a:off x="0" y="0" /><a:ext cx="{cx}" cy="{cy}" /></a:xfrm><a:prstGeom prst="rect"><a:avLst /></a:prstGeom></pic:spPr>"#,
                r#"</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
            ),
            cx = cx,
            cy = cy,
            id = id,
            descr = descr,
            rel = rel,
            ext = pic.format.extension(),
        );
        Ok(())
    }

    /// Runs for one text inline: `\n` and `\t` become breaks and tabs, and in Arabic drafts
    /// the text is split into right-to-left and left-to-right stretches so Latin words keep
    /// their order.
    fn text_runs(&self, out: &mut String, s: &str, style: Style, link: bool, was: Option<Style>) {
        // Each run's formatting change needs an id of its own.
        let change = |rev: Option<&Revisions<'_>>| -> Option<String> {
            let (rev, was) = (rev?, was?);
            let mut s = String::new();
            rev.format_change(&mut s, was);
            Some(s)
        };
        let base = RunProps {
            style: if style.code {
                Some(self.ids.code.as_str())
            } else if link {
                Some(self.ids.hyperlink.as_str())
            } else {
                None
            },
            bold: style.bold,
            italic: style.italic,
            vert: style.vert.docx_val(),
            lang: Some(self.lang),
            deleted: self.deleting,
            ..RunProps::default()
        };
        if self.rtl && !style.code {
            for (dir, piece) in text::direction_runs(s) {
                let change = change(self.rev.as_ref());
                let props = RunProps {
                    rtl: dir == Dir::Rtl,
                    change: change.as_deref(),
                    ..base
                };
                run(out, props, piece);
            }
        } else {
            let change = change(self.rev.as_ref());
            let props = RunProps {
                change: change.as_deref(),
                ..base
            };
            run(out, props, s);
        }
    }

    /// One run of `s` as it is, right-to-left in an Arabic draft.
    fn plain_run(&self, out: &mut String, s: &str) {
        let props = RunProps {
            rtl: self.rtl,
            lang: Some(self.lang),
            deleted: self.deleting,
            ..RunProps::default()
        };
        run(out, props, s);
    }

    /// Status lines, then the NOT CLEARED warning in red, closed by a thin rule. In a redline,
    /// the older side's lines are compared with them, the changes tracked.
    fn header(&mut self) -> Vec<u8> {
        let header_lines = |meta: &DocMeta| -> Vec<(String, bool)> {
            let mut lines: Vec<(String, bool)> = meta
                .header
                .iter()
                .map(|l| (text::sanitize(l).into_owned(), false))
                .collect();
            if let Some(warning) = &meta.not_cleared {
                lines.push((text::sanitize(warning).into_owned(), true));
            }
            lines
        };
        let lines = header_lines(self.meta);
        let was = self
            .rev
            .as_ref()
            .and_then(|r| r.track.was_meta.as_ref())
            .map(header_lines);
        let tracked: Vec<TrackedLine> = match &was {
            Some(old) => {
                let texts = |v: &[(String, bool)]| -> Vec<String> {
                    v.iter().map(|(l, _)| l.clone()).collect()
                };
                let (o, n) = (texts(old), texts(&lines));
                let o: Vec<&str> = o.iter().map(String::as_str).collect();
                let n: Vec<&str> = n.iter().map(String::as_str).collect();
                track::lines(&o, &n)
            }
            None => (0..lines.len())
                .map(|i| TrackedLine {
                    from: LineFrom::New(i),
                    pieces: vec![(lines[i].0.clone(), Op::Same)],
                    mark: Op::Same,
                })
                .collect(),
        };
        let mut out = String::with_capacity(1024);
        out.push_str(DECL);
        let _ = write!(
            out,
            r#"<w:hdr {NS_R} {NS_W} {NS_MC} {NS_W14} mc:Ignorable="w14">"#
        );
        let last = tracked.len().saturating_sub(1);
        for (i, t) in tracked.iter().enumerate() {
            let warning = match (t.from, &was) {
                (LineFrom::Old(a), Some(old)) => old[a].1,
                (LineFrom::New(n), _) => lines[n].1,
                (LineFrom::Old(_), None) => false,
            };
            let props = Props {
                style: Some("Header"),
                bottom_rule: i == last,
                space_after: (i == last).then_some(240),
                mark: t.mark,
                ..Props::default()
            };
            self.open_paragraph(&mut out, &props);
            for (piece, op) in &t.pieces {
                let run_props = RunProps {
                    bold: warning,
                    warning,
                    rtl: self.rtl,
                    lang: Some(self.lang),
                    deleted: op.is_removal(),
                    ..RunProps::default()
                };
                self.rev_open(&mut out, *op);
                run(&mut out, run_props, piece);
                self.rev_close(&mut out, *op);
            }
            out.push_str("</w:p>");
        }
        if tracked.is_empty() {
            // A header holds at least one paragraph (a redline of files may have no lines).
            out.push_str("<w:p />");
        }
        out.push_str("</w:hdr>");
        out.into_bytes()
    }

    /// "event · kind · vN  ·  Page X of Y", the numbers as fields. In a redline, a change of
    /// the identity line is tracked.
    fn footer(&mut self) -> Vec<u8> {
        let meta = self.meta;
        let was = self
            .rev
            .as_ref()
            .and_then(|r| r.track.was_meta.as_ref())
            .filter(|w| !w.footer.is_empty() && !meta.footer.is_empty())
            .map(|w| text::sanitize(&w.footer).into_owned());
        let of = format!(" {} ", text::sanitize(&meta.of_word));
        let mut out = String::with_capacity(1200);
        out.push_str(DECL);
        let _ = write!(
            out,
            r#"<w:ftr {NS_R} {NS_W} {NS_MC} {NS_W14} mc:Ignorable="w14">"#
        );
        let props = Props {
            style: Some("Footer"),
            ..Props::default()
        };
        self.open_paragraph(&mut out, &props);
        match was {
            Some(was) => {
                let now = text::sanitize(&meta.footer).into_owned();
                for t in track::lines(&[was.as_str()], &[now.as_str()]) {
                    for (piece, op) in &t.pieces {
                        self.rev_open(&mut out, *op);
                        self.deleting = op.is_removal();
                        self.plain_run(&mut out, piece);
                        self.deleting = false;
                        self.rev_close(&mut out, *op);
                    }
                }
                let rest = format!("  ·  {} ", text::sanitize(&meta.page_word));
                self.plain_run(&mut out, &rest);
            }
            None => {
                let left = if meta.footer.is_empty() {
                    format!("{} ", text::sanitize(&meta.page_word))
                } else {
                    format!(
                        "{}  ·  {} ",
                        text::sanitize(&meta.footer),
                        text::sanitize(&meta.page_word)
                    )
                };
                self.plain_run(&mut out, &left);
            }
        }
        field(&mut out, "PAGE");
        self.plain_run(&mut out, &of);
        field(&mut out, "NUMPAGES");
        out.push_str("</w:p></w:ftr>");
        out.into_bytes()
    }

    /// `word/footnotes.xml`: the separators, then every footnote.
    fn footnotes_part(&mut self) -> Vec<u8> {
        let mut out = String::with_capacity(self.notes.len() + 1024);
        out.push_str(DECL);
        if self.notes.is_empty() {
            // Nothing uses `w14` without a footnote paragraph.
            let _ = write!(out, "<w:footnotes {NS_R} {NS_MC} {NS_W}>");
        } else {
            let _ = write!(
                out,
                r#"<w:footnotes {NS_R} {NS_MC} {NS_W} {NS_W14} mc:Ignorable="w14">"#
            );
        }
        out.push_str(SEPARATOR_FOOTNOTES);
        out.push_str(&self.notes);
        out.push_str("</w:footnotes>");
        out.into_bytes()
    }

    /// `word/comments.xml` and `word/commentsExtended.xml` for a draft with comments.
    fn comments_parts(&mut self) -> (Vec<u8>, Vec<u8>) {
        let mut comments = String::with_capacity(self.comments.len() + 400);
        comments.push_str(DECL);
        let _ = write!(
            comments,
            r#"<w:comments {NS_R} {NS_W} {NS_MC} {NS_W14} mc:Ignorable="w14">"#
        );
        comments.push_str(&self.comments);
        comments.push_str("</w:comments>");
        let mut ext = String::with_capacity(self.comments_ext.len() + 300);
        let _ = write!(
            ext,
            r#"<w15:commentsEx {NS_MC} {NS_R} xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">"#
        );
        ext.push_str(&self.comments_ext);
        ext.push_str("</w15:commentsEx>");
        (comments.into_bytes(), ext.into_bytes())
    }

    /// `word/_rels/document.xml.rels`, sorted by id.
    fn rels(&self, has_comments: bool, frame: &[FramePart]) -> String {
        let mut rels: Vec<(String, String)> = vec![
            ("rId1".into(), rel("styles", "styles.xml")),
            ("rId2".into(), rel("fontTable", "fontTable.xml")),
            ("rId3".into(), rel("settings", "settings.xml")),
            ("rId4".into(), rel("theme", "theme/theme1.xml")),
            (
                "rId5".into(),
                r#"Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml""#.into(),
            ),
        ];
        if has_comments {
            rels.push(("rId6".into(), rel("comments", "comments.xml")));
        }
        if self.numbering_used || self.nums.always {
            rels.push(("rId7".into(), rel("numbering", "numbering.xml")));
        }
        if self.footnote_id > 0 {
            rels.push(("rId8".into(), rel("footnotes", "footnotes.xml")));
        }
        for (k, m) in self.media.iter().enumerate() {
            rels.push((format!("rIdImage{}", k + 1), rel("image", &m.target)));
        }
        for part in frame {
            let kind = if part.footer { "footer" } else { "header" };
            rels.push((part.rel_id(), rel(kind, &part.name)));
        }
        for (k, target) in self.links.iter().enumerate() {
            rels.push((
                format!("rIdLink{}", k + 1),
                format!(r#"{} TargetMode="External""#, rel("hyperlink", target)),
            ));
        }
        rels.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = String::with_capacity(1200 + self.links.len() * 200);
        out.push_str(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#);
        for (id, rest) in rels {
            let _ = write!(out, r#"<Relationship Id="{id}" {rest} />"#);
        }
        out.push_str("</Relationships>");
        out
    }
}

/// `Type=… Target=…` of an officeDocument relationship.
fn rel(kind: &str, target: &str) -> String {
    format!(r#"Type="{REL_BASE}{kind}" Target="{target}""#)
}

/// One run: properties, then `s` with `\n` as line breaks and `\t` as tabs.
fn run(out: &mut String, p: RunProps<'_>, s: &str) {
    out.push_str("<w:r>");
    if p.style.is_none()
        && !p.bold
        && !p.italic
        && !p.warning
        && p.vert.is_none()
        && !p.rtl
        && p.lang.is_none()
        && p.change.is_none()
    {
        out.push_str("<w:rPr />");
    } else {
        out.push_str("<w:rPr>");
        if let Some(style) = p.style {
            let _ = write!(out, r#"<w:rStyle w:val="{style}" />"#);
        }
        if p.bold {
            out.push_str("<w:b /><w:bCs />");
        }
        if p.italic {
            out.push_str("<w:i /><w:iCs />");
        }
        if p.warning {
            out.push_str(r#"<w:color w:val="C00000" /><w:sz w:val="24" /><w:szCs w:val="24" />"#);
        }
        if let Some(val) = p.vert {
            let _ = write!(out, r#"<w:vertAlign w:val="{val}" />"#);
        }
        if p.rtl {
            out.push_str("<w:rtl/>");
        }
        match p.lang {
            Some(tag) if tag.starts_with("ar") => {
                let _ = write!(out, r#"<w:lang w:val="{tag}" w:bidi="{tag}" />"#);
            }
            Some(tag) => {
                let _ = write!(out, r#"<w:lang w:val="{tag}" />"#);
            }
            None => {}
        }
        if let Some(change) = p.change {
            out.push_str(change);
        }
        out.push_str("</w:rPr>");
    }
    let text_tag = if p.deleted { "w:delText" } else { "w:t" };
    for (n, line) in s.split('\n').enumerate() {
        if n > 0 {
            out.push_str(r#"<w:br w:type="textWrapping" />"#);
        }
        for (m, piece) in line.split('\t').enumerate() {
            if m > 0 {
                out.push_str("<w:tab />");
            }
            if !piece.is_empty() {
                let _ = write!(out, r#"<{text_tag} xml:space="preserve">"#);
                out.push_str(&text::escape_xml(piece));
                let _ = write!(out, "</{text_tag}>");
            }
        }
    }
    out.push_str("</w:r>");
}

/// Width and height in EMUs of a picture of `inches` natural size, scaled down (aspect kept)
/// to fit `max_w` × `max_h` EMUs; never below one EMU.
fn fit(inches: (f64, f64), max_w: i64, max_h: i64) -> (i64, i64) {
    let (w, h) = (inches.0 * EMU_PER_INCH, inches.1 * EMU_PER_INCH);
    let scale = (max_w as f64 / w).min(max_h as f64 / h).min(1.0);
    let emu = |x: f64| (x * scale).round().max(1.0) as i64;
    (emu(w), emu(h))
}

/// A PAGE or NUMPAGES field showing 1 until the reader updates it.
fn field(out: &mut String, instr: &str) {
    let _ = write!(
        out,
        concat!(
            r#"<w:r><w:rPr /><w:fldChar w:fldCharType="begin" w:dirty="false" />"#,
            r#"<w:instrText>{instr}</w:instrText>"#,
            r#"<w:fldChar w:fldCharType="separate" w:dirty="false" />"#,
            r#"<w:t xml:space="preserve">1</w:t>"#,
            r#"<w:fldChar w:fldCharType="end" w:dirty="false" /></w:r>"#
        ),
        instr = instr
    );
}

/// The end of comment `id`'s range and its reference mark.
fn comment_end(out: &mut String, id: usize) {
    let _ = write!(
        out,
        r#"<w:r><w:rPr /></w:r><w:commentRangeEnd w:id="{id}" /><w:r><w:commentReference w:id="{id}" /></w:r>"#
    );
}

/// Number of footnote references in the body (at most one footnote each).
fn footnote_refs(doc: &Document) -> usize {
    doc.blocks
        .iter()
        .flat_map(|b| &b.inlines)
        .filter(|i| matches!(i, Inline::FootnoteRef(_)))
        .count()
}

/// How many times the body references each footnote.
fn note_ref_counts(doc: &Document) -> Vec<usize> {
    let mut counts = vec![0; doc.footnotes.len()];
    for i in doc.blocks.iter().flat_map(|b| &b.inlines) {
        if let Inline::FootnoteRef(n) = i {
            if let Some(c) = counts.get_mut(*n) {
                *c += 1;
            }
        }
    }
    counts
}

/// The hidden bookmark around the first reference to footnote `id` (a leading underscore
/// hides it from Word's bookmark list, as Word's own `_Ref` bookmarks).
fn note_bookmark(id: impl std::fmt::Display) -> String {
    format!("_RefNote{id}")
}

/// A later reference to footnote `id`: a `NOTEREF` cross-reference to its bookmarked mark,
/// `\f` formatting it as a note reference and `\h` linking to it. The field's shown result
/// is the note's number (footnotes are numbered from 1 in order of first reference, so `id`
/// is the number); Word and LibreOffice keep it current when notes move.
/// In a redline, a removed cross-reference (`deleted`) has its code and result as removed
/// text (`w:delInstrText`, `w:delText`).
fn note_ref_field(out: &mut String, id: impl std::fmt::Display, deleted: bool) {
    let bookmark = note_bookmark(&id);
    let (instr, t) = if deleted {
        ("w:delInstrText", "w:delText")
    } else {
        ("w:instrText", "w:t")
    };
    let _ = write!(
        out,
        concat!(
            r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:fldChar w:fldCharType="begin" /></w:r>"#,
            r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><{instr} xml:space="preserve"> NOTEREF {bookmark} \f \h </{instr}></w:r>"#,
            r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:fldChar w:fldCharType="separate" /></w:r>"#,
            r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><{t}>{id}</{t}></w:r>"#,
            r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:fldChar w:fldCharType="end" /></w:r>"#
        ),
        bookmark = bookmark,
        id = id,
        instr = instr,
        t = t,
    );
}

/// The number of the model's footnote `i` before it is known (a cross-reference written
/// before the note): a mark `fill` replaces once the body is written.
struct NoteNumber(usize);

impl std::fmt::Display for NoteNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\u{1}{}\u{2}", self.0)
    }
}

impl NoteNumber {
    /// `body` with each mark replaced by its note's number.
    fn fill(body: &str, ids: &[Option<usize>]) -> String {
        let mut out = String::with_capacity(body.len());
        let mut rest = body;
        while let Some(at) = rest.find('\u{1}') {
            out.push_str(&rest[..at]);
            let tail = &rest[at + 1..];
            let end = tail.find('\u{2}').unwrap_or(tail.len());
            let id = tail[..end]
                .parse::<usize>()
                .ok()
                .and_then(|i| ids.get(i).copied().flatten())
                .unwrap_or(0);
            let _ = write!(out, "{id}");
            rest = tail.get(end + 1..).unwrap_or_default();
        }
        out.push_str(rest);
        out
    }
}

/// In a redline, how many references to each footnote of `doc` neither view drops.
fn kept_ref_counts(doc: &Document, track: &Track) -> Vec<usize> {
    let mut counts = vec![0; doc.footnotes.len()];
    for (b, block) in doc.blocks.iter().enumerate() {
        let ops = track.block(b).map_or(&[][..], |t| &t.ops[..]);
        for (k, i) in block.inlines.iter().enumerate() {
            if let (Inline::FootnoteRef(n), Op::Same) = (i, ops.get(k).copied().unwrap_or_default())
            {
                if let Some(c) = counts.get_mut(*n) {
                    *c += 1;
                }
            }
        }
    }
    counts
}

fn list_level(level: u8) -> usize {
    (level as usize).min(LIST_LEVELS - 1)
}

/// Last visible character before inline `k` in the same paragraph, for French spacing.
/// French spacing applied to the model itself, so the Markdown text of record carries the same
/// no-break and narrow no-break spaces as the DOCX (the writer's own pass then changes
/// nothing: the spacing is idempotent). Code is left alone, as the writer does.
pub(crate) fn typeset(doc: &mut Document, lang: Lang) {
    if lang != Lang::Fr && !doc.blocks.iter().any(|b| b.lang == Some(Lang::Fr)) {
        return;
    }
    let fix = |inlines: &mut Vec<Inline>| {
        for k in 0..inlines.len() {
            let (before, after) = (prev_char(inlines, k), next_char(inlines, k));
            if let Inline::Text { text, style, .. } = &mut inlines[k] {
                if style.code {
                    continue;
                }
                if let std::borrow::Cow::Owned(s) = text::french_spacing(text, before, after) {
                    *text = s;
                }
            }
        }
    };
    for b in &mut doc.blocks {
        // A passage in its own language is spaced as that language is.
        if b.lang.unwrap_or(lang) == Lang::Fr {
            fix(&mut b.inlines);
        }
    }
    if lang == Lang::Fr {
        for f in &mut doc.footnotes {
            fix(&mut f.inlines);
        }
    }
}

fn prev_char(inlines: &[Inline], k: usize) -> Option<char> {
    inlines[..k].iter().rev().find_map(|i| match i {
        Inline::Text { text, .. } => text.chars().last(),
        Inline::LineBreak | Inline::Tab => Some(' '),
        _ => None,
    })
}

/// First visible character after inline `k` in the same paragraph.
fn next_char(inlines: &[Inline], k: usize) -> Option<char> {
    inlines[k + 1..].iter().find_map(|i| match i {
        Inline::Text { text, .. } => text.chars().next(),
        Inline::LineBreak | Inline::Tab => Some(' '),
        _ => None,
    })
}
