//! `Document` → `docx_rs::Docx`: blocks become styled paragraphs, inlines become runs,
//! footnotes and comments become real footnotes and comment ranges, and the header and footer
//! carry the draft's status and page numbers. Every string is sanitised (and, for French,
//! spaced) here before docx-rs sees it; every id is chosen here, never by docx-rs's
//! process-wide counters, so the output is deterministic on any thread.

use std::collections::BTreeMap;

use docx_rs::{
    AlignmentType, BreakType, Comment as DocxComment, Docx, Footer, Footnote as DocxFootnote,
    Header, Hyperlink, HyperlinkData, IndentLevel, LineSpacing, NumPages, NumberingId, PageNum,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run,
};

use super::styles::{self, BULLET_NUM_ID, FIRST_DECIMAL_NUM_ID, LIST_LEVELS};
use super::text::{self, Dir};
use super::DocMeta;
use crate::document::{Block, BlockKind, Document, Inline, Style};
use crate::error::{Error, Result};
use crate::library::Lang;

/// Build the docx-rs document for `doc` with its page setup but without its style sheet and
/// numbering, which `styles::styles_part` and `styles::numbering_part(lists)` provide ready
/// made; `lists` are the numbering instance ids of the numbered lists, in the order they are
/// written. Packing is `package::finish_xml`'s job.
pub(crate) fn build(doc: &Document, meta: &DocMeta) -> Result<(Docx, Vec<usize>)> {
    let mut w = Writer {
        doc,
        meta,
        rtl: meta.lang == Lang::Ar,
        para_id: 0,
        footnote_id: 0,
        link_id: 0,
        lists: BTreeMap::new(),
        open_comments: Vec::new(),
        date: meta.created.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        comment_base: footnote_refs(doc) + 1,
    };
    let mut docx = styles::page(Docx::new(), meta.kind);
    docx = docx.header(w.header()).footer(w.footer());

    let mut page_break = false;
    for block in &doc.blocks {
        if block.kind == BlockKind::PageBreak {
            page_break = true;
            continue;
        }
        let mut p = w.block(block)?;
        if page_break {
            p = p.page_break_before(true);
            page_break = false;
        }
        docx = docx.add_paragraph(p);
    }
    // A comment left open by the model would leave a dangling range: close it on a last,
    // empty paragraph rather than lose the comment.
    if !w.open_comments.is_empty() {
        let mut p = w.paragraph();
        for i in std::mem::take(&mut w.open_comments) {
            p = p.add_comment_end(w.comment_base + i);
        }
        docx = docx.add_paragraph(p);
    }
    Ok((docx, w.lists.values().copied().collect()))
}

struct Writer<'a> {
    doc: &'a Document,
    meta: &'a DocMeta,
    rtl: bool,
    /// Last `w14:paraId` given out (docx-rs's own counter is thread-local and never reset).
    para_id: u32,
    /// Last footnote id given out; footnotes are numbered 1.. in reference order.
    footnote_id: usize,
    /// Last hyperlink relationship number given out.
    link_id: usize,
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
}

impl Writer<'_> {
    /// A new paragraph with a deterministic id and, for Arabic, right-to-left direction.
    fn paragraph(&mut self) -> Paragraph {
        self.para_id += 1;
        let p = Paragraph::new().id(format!("{:08X}", self.para_id));
        self.directional(p)
    }

    fn directional(&self, mut p: Paragraph) -> Paragraph {
        if self.rtl {
            p.property = p.property.bidi(true);
            // In a bidi paragraph `Right` renders on the left; `Start` is the reading side.
            p = p.align(AlignmentType::Start);
        }
        p
    }

    fn block(&mut self, block: &Block) -> Result<Paragraph> {
        let mut p = self.paragraph();
        p = match block.kind {
            BlockKind::Title => p.style("Title"),
            BlockKind::Heading(level) => p.style(match level {
                0 | 1 => "Heading1",
                2 => "Heading2",
                _ => "Heading3",
            }),
            BlockKind::Paragraph | BlockKind::PageBreak => p,
            BlockKind::Quote => p.style("Quote"),
            BlockKind::Bullet { level } => p
                .style("ListParagraph")
                .numbering(NumberingId::new(BULLET_NUM_ID), list_level(level)),
            BlockKind::Numbered { level, list } => {
                let next = FIRST_DECIMAL_NUM_ID + self.lists.len();
                let num_id = *self.lists.entry(list).or_insert(next);
                p.style("ListParagraph")
                    .numbering(NumberingId::new(num_id), list_level(level))
            }
        };
        self.inlines(p, &block.inlines, false)
    }

    /// Add `inlines` to `p`. In a footnote (`in_note`), comment marks are ignored and nested
    /// footnote references are not possible in WordprocessingML, so they are dropped too.
    fn inlines(
        &mut self,
        mut p: Paragraph,
        inlines: &[Inline],
        in_note: bool,
    ) -> Result<Paragraph> {
        for (k, inline) in inlines.iter().enumerate() {
            match inline {
                Inline::Text { text, style, link } => {
                    let clean = text::sanitize(text);
                    let spaced = if self.meta.lang == Lang::Fr && !style.code {
                        let before = prev_char(inlines, k);
                        let after = next_char(inlines, k);
                        text::french_spacing(&clean, before, after).into_owned()
                    } else {
                        clean.into_owned()
                    };
                    // A footnote or comment part has no relationships of its own in docx-rs, so
                    // a link there is printed as text and address: a printed source must show
                    // where it is anyway.
                    let shown_link = if in_note { None } else { link.as_ref() };
                    let spaced = match link {
                        Some(url) if in_note && url != &spaced => {
                            format!("{spaced} ({})", text::sanitize(url))
                        }
                        _ => spaced,
                    };
                    let runs = self.text_runs(&spaced, *style, shown_link.is_some());
                    match shown_link {
                        Some(url) => {
                            self.link_id += 1;
                            let mut h = Hyperlink {
                                link: HyperlinkData::External {
                                    rid: format!("rIdLink{}", self.link_id),
                                    path: text::escape_xml(&text::sanitize(url)).into_owned(),
                                },
                                history: None,
                                children: Vec::new(),
                            };
                            for r in runs {
                                h = h.add_run(r);
                            }
                            p = p.add_hyperlink(h);
                        }
                        None => {
                            for r in runs {
                                p = p.add_run(r);
                            }
                        }
                    }
                }
                Inline::LineBreak => p = p.add_run(Run::new().add_break(BreakType::TextWrapping)),
                Inline::Tab => p = p.add_run(Run::new().add_tab()),
                Inline::FootnoteRef(i) if !in_note => {
                    let note = self.doc.footnotes.get(*i).ok_or_else(|| {
                        Error::input(format!(
                            "footnote reference {i} has no footnote in the document"
                        ))
                    })?;
                    self.footnote_id += 1;
                    let mut content = self.paragraph().style("FootnoteText");
                    content = self.inlines(content, &note.inlines, true)?;
                    let footnote = DocxFootnote {
                        id: self.footnote_id,
                        content: vec![content],
                    };
                    p = p.add_run(Run::new().add_footnote_reference(footnote));
                }
                Inline::CommentStart(i) if !in_note => {
                    let c = self.doc.comments.get(*i).ok_or_else(|| {
                        Error::input(format!("comment mark {i} has no comment in the document"))
                    })?;
                    if !self.open_comments.contains(i) {
                        let body = self
                            .paragraph()
                            .style("CommentText")
                            .add_run(self.plain_run(&text::sanitize(&c.text)));
                        let comment = DocxComment::new(self.comment_base + *i)
                            .author(text::escape_xml(&text::sanitize(&c.author)))
                            .date(self.date.clone())
                            .add_paragraph(body);
                        p = p.add_comment_start(comment);
                        self.open_comments.push(*i);
                    }
                }
                Inline::CommentEnd(i) if !in_note => {
                    if let Some(pos) = self.open_comments.iter().position(|o| o == i) {
                        self.open_comments.remove(pos);
                        p = p.add_comment_end(self.comment_base + *i);
                    }
                }
                Inline::FootnoteRef(_) | Inline::CommentStart(_) | Inline::CommentEnd(_) => {}
            }
        }
        Ok(p)
    }

    /// Runs for one text inline: split at `\n` and `\t` into breaks and tabs (docx-rs drops
    /// newlines and writes tabs literally, trap 2), and in Arabic drafts into right-to-left
    /// and left-to-right stretches so Latin words keep their order.
    fn text_runs(&self, s: &str, style: Style, link: bool) -> Vec<Run> {
        let stretches = if self.rtl && !style.code {
            text::direction_runs(s)
        } else {
            vec![(Dir::Ltr, s)]
        };
        stretches
            .into_iter()
            .map(|(dir, piece)| {
                let mut r = Run::new();
                if style.code {
                    r = r.style("Code");
                } else if link {
                    r = r.style("Hyperlink");
                }
                if style.bold {
                    r = r.bold();
                }
                if style.italic {
                    r = r.italic();
                }
                if self.rtl && dir == Dir::Rtl {
                    r = rtl_marker(r);
                }
                add_text(r, piece)
            })
            .collect()
    }

    fn plain_run(&self, s: &str) -> Run {
        let r = if self.rtl {
            rtl_marker(Run::new())
        } else {
            Run::new()
        };
        add_text(r, s)
    }

    /// Status lines, then the NOT CLEARED warning in red, closed by a thin rule.
    fn header(&mut self) -> Header {
        let mut paragraphs = Vec::new();
        for line in &self.meta.header {
            let run = self.plain_run(&text::sanitize(line));
            paragraphs.push(self.paragraph().style("Header").add_run(run));
        }
        if let Some(warning) = &self.meta.not_cleared {
            let run = self
                .plain_run(&text::sanitize(warning))
                .bold()
                .color("C00000")
                .size(24);
            paragraphs.push(self.paragraph().style("Header").add_run(run));
        }
        if let Some(last) = paragraphs.pop() {
            let mut last = last.line_spacing(LineSpacing::new().after(240));
            last.property.borders = Some(
                ParagraphBorders::with_empty().set(
                    ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                        .size(4)
                        .space(4)
                        .color("A6A6A6"),
                ),
            );
            paragraphs.push(last);
        }
        paragraphs
            .into_iter()
            .fold(Header::new(), Header::add_paragraph)
    }

    fn footer(&mut self) -> Footer {
        let meta = self.meta;
        let left = format!(
            "{}  ·  {} ",
            text::sanitize(&meta.footer),
            text::sanitize(&meta.page_word)
        );
        let of = format!(" {} ", text::sanitize(&meta.of_word));
        let p = self
            .paragraph()
            .style("Footer")
            .add_run(self.plain_run(&left))
            .add_page_num(PageNum::new())
            .add_run(self.plain_run(&of))
            .add_num_pages(NumPages::new());
        Footer::new().add_paragraph(p)
    }
}

/// Number of footnote references in the body (each becomes one footnote).
fn footnote_refs(doc: &Document) -> usize {
    doc.blocks
        .iter()
        .flat_map(|b| &b.inlines)
        .filter(|i| matches!(i, Inline::FootnoteRef(_)))
        .count()
}

fn list_level(level: u8) -> IndentLevel {
    IndentLevel::new((level as usize).min(LIST_LEVELS - 1))
}

/// docx-rs has no run-level `w:rtl`; `w:specVanish` (never used otherwise) marks the run and
/// `schema_order` turns it into `w:rtl`. Complex-script fonts come from the styles.
fn rtl_marker(mut r: Run) -> Run {
    r.run_property.spec_vanish = Some(docx_rs::SpecVanish::new());
    r
}

/// Add `s` to `r`, turning `\n` into line breaks and `\t` into tabs.
fn add_text(mut r: Run, s: &str) -> Run {
    let mut first = true;
    for line in s.split('\n') {
        if !first {
            r = r.add_break(BreakType::TextWrapping);
        }
        first = false;
        let mut first_piece = true;
        for piece in line.split('\t') {
            if !first_piece {
                r = r.add_tab();
            }
            first_piece = false;
            if !piece.is_empty() {
                r = r.add_text(piece);
            }
        }
    }
    r
}

/// Last visible character before inline `k` in the same paragraph, for French spacing.
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
