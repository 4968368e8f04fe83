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
    AbstractNumbering, AlignmentType, Delete, Docx, IndentLevel, Insert, Level, LevelJc, LevelText,
    NumberFormat, Numbering, NumberingId, Paragraph, Run, SpecialIndentType, Start, Style,
    StyleType,
};
use quick_xml::events::{BytesStart, Event};

use chrono::{DateTime, SecondsFormat, Utc};

use super::{finish, CoreProps};
use crate::diff::{Diff, Item, Para, SpanOp};
use crate::document::BlockKind;
use crate::error::{Error, Result};
use crate::library::Lang;

/// Who made the changes and when.
#[derive(Debug, Clone)]
pub struct RedlineMeta {
    pub author: String,
    /// When the changes were made (written to seconds).
    pub date: DateTime<Utc>,
    /// Core property `dc:title`.
    pub title: String,
    /// The text's language when known (an event's); Arabic makes paragraphs right-to-left.
    pub lang: Option<Lang>,
}

const BULLET_NUM: usize = 2;
const NUMBER_NUM: usize = 3;

/// Build the redline DOCX of `d`.
pub fn redline(d: &Diff, meta: &RedlineMeta) -> Result<Vec<u8>> {
    let mut docx = base();
    let date = meta.date.to_rfc3339_opts(SecondsFormat::Secs, true);
    // The author goes into attributes docx-rs writes: without characters XML cannot carry.
    let author = super::text::sanitize(&meta.author);
    let rev = Rev {
        author: &author,
        date: &date,
    };
    let rtl = meta.lang == Some(Lang::Ar);
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
                    .insert(author.as_ref(), &date)
            }
            Item::Removed { old } | Item::MovedAway { old, .. } => {
                let para = &d.old[*old];
                styled(para.kind)
                    .add_delete(rev.deleted(&para.text))
                    .delete(author.as_ref(), &date)
            }
        };
        let p = if rtl {
            let mut p = p.align(AlignmentType::Start);
            p.property = p.property.bidi(true);
            p
        } else {
            p
        };
        docx = docx.add_paragraph(p);
    }
    let props = CoreProps {
        title: meta.title.clone(),
        creator: meta.author.clone(),
        company: String::new(),
        created: meta.date,
        language: meta
            .lang
            .map(super::language_tag)
            .unwrap_or("en-GB")
            .to_string(),
        revision: 1,
        custom: Vec::new(),
        rtl_marker: false,
    };
    let packed = finish(docx, &props)?;
    let lang = meta.lang.map(super::language_tag);
    rewrite_parts(&packed, |name, bytes| match name {
        "word/document.xml" => {
            let renumbered = renumber_revisions(bytes)?;
            let tagged = match lang {
                Some(tag) => tag_runs(&renumbered, tag, rtl)?,
                None => renumbered,
            };
            // Readers that look up `r:id` through the root's namespaces (docx2python) need
            // the relationship namespace declared even where no element uses it.
            Ok(Some(
                declare(&tagged, "<w:document ", "r", R_NS).unwrap_or(tagged),
            ))
        }
        "word/settings.xml" => track_revisions(bytes).map(Some),
        "word/comments.xml" => Ok(declare(bytes, "<w:comments ", "w", W_NS)),
        "word/commentsExtended.xml" => Ok(declare(bytes, "<w15:commentsEx ", "w15", W15_NS)),
        _ => Ok(None),
    })
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const W15_NS: &str = "http://schemas.microsoft.com/office/word/2012/wordml";

/// docx-rs writes an empty comments part without declaring its own prefix (a redline has no
/// comments), which is not well-formed XML: declare it on the root.
fn declare(xml: &[u8], root: &str, prefix: &str, ns: &str) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(xml).ok()?;
    let start = text.find(root)?;
    let end = start + text[start..].find('>')?;
    if text[start..end].contains(&format!("xmlns:{prefix}=")) {
        return None;
    }
    let at = start + root.len();
    Some(format!("{}xmlns:{prefix}=\"{ns}\" {}", &text[..at], &text[at..]).into_bytes())
}

/// Re-pack a finished package, letting `edit` replace parts (`Some(new bytes)`).
fn rewrite_parts(
    zip_bytes: &[u8],
    mut edit: impl FnMut(&str, &[u8]) -> Result<Option<Vec<u8>>>,
) -> Result<Vec<u8>> {
    use std::io::{Read, Write};
    let bad = |e: &dyn std::fmt::Display| Error::input(format!("cannot re-pack the redline: {e}"));
    let mut archive = zip::ZipArchive::new(Cursor::new(zip_bytes)).map_err(|e| bad(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(zip_bytes.len() + 1024)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).map_err(|e| bad(&e))?;
        let name = f.name().to_string();
        let mut bytes = Vec::with_capacity(f.size() as usize);
        f.read_to_end(&mut bytes).map_err(|e| bad(&e))?;
        let bytes = edit(&name, &bytes)?.unwrap_or(bytes);
        let bytes = if super::container::is_xml_part(&name) {
            super::text::sanitize_part(&bytes).into_owned()
        } else {
            bytes
        };
        out.start_file(name.as_str(), options)
            .map_err(|e| bad(&e))?;
        out.write_all(&bytes).map_err(|e| bad(&e))?;
    }
    Ok(out.finish().map_err(|e| bad(&e))?.into_inner())
}

struct Rev<'a> {
    author: &'a str,
    date: &'a str,
}

impl Rev<'_> {
    fn inserted(&self, text: &str) -> Insert {
        Insert::new(text_run(text, false))
            .author(self.author)
            .date(self.date)
    }

    fn deleted(&self, text: &str) -> Delete {
        Delete::new()
            .add_run(text_run(text, true))
            .author(self.author)
            .date(self.date)
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
        // A table's cells are tracked as paragraphs of their own.
        BlockKind::Paragraph | BlockKind::PageBreak | BlockKind::Cell { .. } => p,
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
            c if !super::text::is_xml_illegal(c) => piece.push(c),
            _ => {}
        }
    }
    flush(run, &mut piece)
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

/// Mark every run with its language (`w:lang`, the complex-script one too for Arabic) and, in
/// a right-to-left document, as right-to-left (`w:rtl`), so Word spell-checks the redline in
/// the draft's language and lays Arabic out as the draft does. docx-rs has neither.
fn tag_runs(xml: &[u8], tag: &str, rtl: bool) -> Result<Vec<u8>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len() + xml.len() / 4));
    let bad = |e: &dyn std::fmt::Display| Error::input(format!("redline XML: {e}"));
    let mut lang = BytesStart::new("w:lang");
    lang.push_attribute(("w:val", tag));
    if rtl {
        lang.push_attribute(("w:bidi", tag));
    }
    // Elements `w:rPr` of a run must end with, in schema order (CT_RPr: … rtl, cs, em, lang …).
    let props = |w: &mut quick_xml::Writer<Vec<u8>>| -> Result<()> {
        if rtl {
            w.write_event(Event::Empty(BytesStart::new("w:rtl")))
                .map_err(|e| bad(&e))?;
        }
        w.write_event(Event::Empty(lang.borrow()))
            .map_err(|e| bad(&e))?;
        Ok(())
    };
    // Open elements; a run just opened still needs its properties.
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut run_needs_props = false;
    loop {
        let ev = reader.read_event().map_err(|e| bad(&e))?;
        let parent_is_run = stack.last().is_some_and(|p| p.as_slice() == b"w:r");
        if run_needs_props {
            run_needs_props = false;
            let is_rpr =
                matches!(&ev, Event::Start(s) | Event::Empty(s) if s.name().as_ref() == b"w:rPr");
            if !is_rpr {
                writer
                    .write_event(Event::Start(BytesStart::new("w:rPr")))
                    .map_err(|e| bad(&e))?;
                props(&mut writer)?;
                writer
                    .write_event(Event::End(quick_xml::events::BytesEnd::new("w:rPr")))
                    .map_err(|e| bad(&e))?;
            }
        }
        match &ev {
            Event::Eof => break,
            Event::Start(s) => {
                if s.name().as_ref() == b"w:r" {
                    run_needs_props = true;
                }
                stack.push(s.name().as_ref().to_vec());
            }
            Event::Empty(s) if s.name().as_ref() == b"w:rPr" && parent_is_run => {
                writer
                    .write_event(Event::Start(s.borrow()))
                    .map_err(|e| bad(&e))?;
                props(&mut writer)?;
                writer
                    .write_event(Event::End(quick_xml::events::BytesEnd::new("w:rPr")))
                    .map_err(|e| bad(&e))?;
                continue;
            }
            Event::End(e) => {
                stack.pop();
                let in_run = stack.last().is_some_and(|p| p.as_slice() == b"w:r");
                if e.name().as_ref() == b"w:rPr" && in_run {
                    props(&mut writer)?;
                }
            }
            _ => {}
        }
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::diff::{diff_paras, paragraphs};
    use crate::docx::{read_view, View};

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

    fn meta() -> RedlineMeta {
        RedlineMeta {
            author: "R & D <review>".into(),
            date: DateTime::parse_from_rfc3339("2026-03-02T09:12:00Z")
                .map(|d| d.with_timezone(&Utc))
                .unwrap_or_default(),
            title: "Test".into(),
            lang: None,
        }
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
            let d = diff_paras(old.clone(), new.clone());
            let bytes = redline(&d, &meta()).expect("redline builds");
            let want_new: Vec<String> = new.iter().map(|p| p.text.clone()).collect();
            let want_old: Vec<String> = old.iter().map(|p| p.text.clone()).collect();
            prop_assert_eq!(read_texts(&bytes, View::Accepted), want_new);
            prop_assert_eq!(read_texts(&bytes, View::Rejected), want_old);
        }
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
        let bytes = redline(&diff_paras(old, new), &meta()).expect("builds");
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).expect("zip");
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
        assert!(doc.contains(r#"<w:del w:id="1""#), "{doc}");
        assert!(doc.contains(r#"<w:ins w:id="2""#), "{doc}");
        assert!(part("word/settings.xml").contains("<w:trackRevisions/>"));
    }
}
