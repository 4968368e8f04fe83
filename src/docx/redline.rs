//! The redline: the newer text of a diff as a DOCX with real tracked changes, so a reviewer
//! can accept or reject them in Word or LibreOffice. Inside an edited paragraph removed words
//! are `w:del` runs and added words `w:ins` runs; a removed paragraph has its runs deleted and
//! its paragraph mark deleted (`w:pPr/w:rPr/w:del`), an added one the same with insertions;
//! a moved paragraph is a deletion at its old place and an insertion at its new one. Accepting
//! every change gives exactly the newer text, rejecting every change exactly the older.
//!
//! docx-rs numbers revisions from a process-global counter (not thread-safe, and different
//! from run to run), so the ids are rewritten in document order after building; and it has no
//! switch for "track changes", so `<w:trackRevisions/>` is added to the settings part, which
//! makes further edits by the reviewer tracked too.

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, Delete, Docx, IndentLevel, Insert, Level, LevelJc, LevelText, NumberFormat,
    Numbering, NumberingId, Paragraph, Run, SpecialIndentType, Start, Style, StyleType,
};
use quick_xml::events::{BytesStart, Event};

use crate::diff::{Diff, Item, Para, SpanOp};
use crate::document::BlockKind;
use crate::error::{Error, Result};

/// Who made the changes and when.
#[derive(Debug, Clone)]
pub struct RedlineMeta {
    pub author: String,
    /// RFC 3339, e.g. `2026-03-02T09:12:00Z`.
    pub date: String,
    /// Core property `dc:title`.
    pub title: String,
}

const BULLET_NUM: usize = 2;
const NUMBER_NUM: usize = 3;

/// Build the redline DOCX of `d`.
pub fn redline(d: &Diff, meta: &RedlineMeta) -> Result<Vec<u8>> {
    let mut docx = base();
    let rev = Rev { meta };
    for item in &d.items {
        let p = match item {
            Item::Same { new, .. } => plain(&d.new[*new]),
            Item::Changed { new, spans, .. } => {
                let mut p = styled(d.new[*new].kind);
                for s in spans {
                    p = match s.op {
                        SpanOp::Same => add_runs(p, &s.text),
                        SpanOp::Removed => p.add_delete(rev.deleted(&s.text)),
                        SpanOp::Added => p.add_insert(rev.inserted(&s.text)),
                    };
                }
                p
            }
            Item::Added { new } | Item::MovedHere { new, .. } => {
                let para = &d.new[*new];
                styled(para.kind)
                    .add_insert(rev.inserted(&para.text))
                    .insert(&meta.author, &meta.date)
            }
            Item::Removed { old } | Item::MovedAway { old, .. } => {
                let para = &d.old[*old];
                styled(para.kind)
                    .add_delete(rev.deleted(&para.text))
                    .delete(&meta.author, &meta.date)
            }
        };
        docx = docx.add_paragraph(p);
    }
    let mut x = docx.build();
    x.document = renumber_revisions(&x.document)?;
    x.settings = track_revisions(&x.settings)?;
    x.doc_props.core = core_xml(meta);
    let mut buf = Cursor::new(Vec::new());
    x.pack(&mut buf)
        .map_err(|e| Error::input(format!("cannot package the redline: {e}")))?;
    Ok(buf.into_inner())
}

struct Rev<'a> {
    meta: &'a RedlineMeta,
}

impl Rev<'_> {
    fn inserted(&self, text: &str) -> Insert {
        Insert::new(text_run(text, false))
            .author(&self.meta.author)
            .date(&self.meta.date)
    }

    fn deleted(&self, text: &str) -> Delete {
        Delete::new()
            .add_run(text_run(text, true))
            .author(&self.meta.author)
            .date(&self.meta.date)
    }
}

/// The styles and list numberings the block kinds map to (the same names `read` maps back).
fn base() -> Docx {
    let heading = |id: &str, name: &str, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(size)
    };
    let list_level = |format: &str, text: &str| {
        Level::new(
            0,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .indent(Some(720), Some(SpecialIndentType::Hanging(360)), None, None)
    };
    Docx::new()
        .add_style(Style::new("Normal", StyleType::Paragraph).name("Normal"))
        .add_style(heading("Title", "Title", 40))
        .add_style(heading("Heading1", "heading 1", 32))
        .add_style(heading("Heading2", "heading 2", 28))
        .add_style(heading("Heading3", "heading 3", 24))
        .add_style(
            Style::new("Quote", StyleType::Paragraph)
                .name("Quote")
                .based_on("Normal")
                .italic(),
        )
        .add_style(
            Style::new("ListParagraph", StyleType::Paragraph)
                .name("List Paragraph")
                .based_on("Normal"),
        )
        .add_abstract_numbering(
            AbstractNumbering::new(BULLET_NUM).add_level(list_level("bullet", "\u{2022}")),
        )
        .add_abstract_numbering(
            AbstractNumbering::new(NUMBER_NUM).add_level(list_level("decimal", "%1.")),
        )
        .add_numbering(Numbering::new(BULLET_NUM, BULLET_NUM))
        .add_numbering(Numbering::new(NUMBER_NUM, NUMBER_NUM))
}

fn styled(kind: BlockKind) -> Paragraph {
    let p = Paragraph::new();
    match kind {
        BlockKind::Title => p.style("Title"),
        BlockKind::Heading(1) => p.style("Heading1"),
        BlockKind::Heading(2) => p.style("Heading2"),
        BlockKind::Heading(_) => p.style("Heading3"),
        BlockKind::Quote => p.style("Quote"),
        BlockKind::Bullet { level } => p.style("ListParagraph").numbering(
            NumberingId::new(BULLET_NUM),
            IndentLevel::new(usize::from(level.min(8))),
        ),
        BlockKind::Numbered { level, .. } => p.style("ListParagraph").numbering(
            NumberingId::new(NUMBER_NUM),
            IndentLevel::new(usize::from(level.min(8))),
        ),
        BlockKind::Paragraph | BlockKind::PageBreak => p,
    }
}

fn plain(para: &Para) -> Paragraph {
    add_runs(styled(para.kind), &para.text)
}

fn add_runs(p: Paragraph, text: &str) -> Paragraph {
    p.add_run(text_run(text, false))
}

/// One run holding `text`, with `\n` as line breaks and `\t` as tabs (docx-rs drops `\n` from
/// text), XML-illegal characters removed, and deleted text when `deleted`.
fn text_run(text: &str, deleted: bool) -> Run {
    let mut run = Run::new();
    let mut piece = String::new();
    let flush = |run: Run, piece: &mut String| {
        if piece.is_empty() {
            return run;
        }
        let t = std::mem::take(piece);
        if deleted {
            run.add_delete_text(t)
        } else {
            run.add_text(t)
        }
    };
    for c in text.chars() {
        match c {
            '\n' => {
                run = flush(run, &mut piece);
                run = run.add_break(docx_rs::BreakType::TextWrapping);
            }
            '\t' => {
                run = flush(run, &mut piece);
                run = run.add_tab();
            }
            c if xml_legal(c) => piece.push(c),
            _ => {}
        }
    }
    flush(run, &mut piece)
}

fn xml_legal(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Give every `w:ins` / `w:del` a fresh id in document order (1, 2, 3, …).
fn renumber_revisions(xml: &[u8]) -> Result<Vec<u8>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len()));
    let mut next = 1u32;
    let bad = |e: &dyn std::fmt::Display| Error::input(format!("redline XML: {e}"));
    loop {
        let ev = reader.read_event().map_err(|e| bad(&e))?;
        let ev = match ev {
            Event::Eof => break,
            Event::Start(s) if is_revision(&s) => Event::Start(with_id(&s, &mut next)),
            Event::Empty(s) if is_revision(&s) => Event::Empty(with_id(&s, &mut next)),
            other => other,
        };
        writer.write_event(ev).map_err(|e| bad(&e))?;
    }
    Ok(writer.into_inner())
}

fn is_revision(s: &BytesStart<'_>) -> bool {
    matches!(s.name().as_ref(), b"w:ins" | b"w:del")
}

fn with_id(s: &BytesStart<'_>, next: &mut u32) -> BytesStart<'static> {
    let name = String::from_utf8_lossy(s.name().as_ref()).into_owned();
    let mut out = BytesStart::new(name);
    let id = next.to_string();
    *next += 1;
    out.push_attribute(("w:id", id.as_str()));
    for a in s.attributes().flatten() {
        if a.key.as_ref() != b"w:id" {
            out.push_attribute(a);
        }
    }
    out
}

/// Insert `<w:trackRevisions/>` into the settings part, before the first element the schema
/// places after it.
fn track_revisions(xml: &[u8]) -> Result<Vec<u8>> {
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

fn core_xml(meta: &RedlineMeta) -> Vec<u8> {
    let esc = |s: &str| quick_xml::escape::escape(s).into_owned();
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = esc(&meta.title),
        author = esc(&meta.author),
        date = esc(&meta.date),
    )
    .into_bytes()
}
