//! Reading a DOCX back into the document model, for `lectern diff` on a file a colleague
//! edited in Word or LibreOffice. Tracked changes are read in their *accepted* view: inserted
//! and moved-to runs count, deleted and moved-from runs do not, and a paragraph whose mark was
//! deleted joins the next one. Paragraph styles map back to block kinds through the style's
//! name (so localised style ids such as `Titre1` still work), list paragraphs through their
//! numbering format. Tables become one paragraph per cell.
//!
//! docx-rs's reader is used for parsing; its traps (shared/notes/docx-rs.md item 11) are
//! handled here: `Paragraph::raw_text` skips hyperlinks, so the runs are walked by hand.
//! Known limits: footnotes are not read, and docx-rs unescapes text twice, so the literal
//! text `&amp;` reads back as `&` (both sides of a diff read through here, so they agree).

use std::collections::HashMap;

use docx_rs::{
    BreakType, DeleteChild, DocumentChild, InsertChild, MoveToChild, Paragraph, ParagraphChild,
    Run, RunChild, StructuredDataTagChild, Table, TableCellContent, TableChild, TableRowChild,
};

use crate::document::{Block, BlockKind, Document, Inline};

/// Which side of tracked changes to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// As if every change were accepted (what the author now proposes).
    Accepted,
    /// As if every change were rejected (the text before the changes).
    Rejected,
}

/// Read a DOCX package (accepted view of tracked changes).
pub fn read(bytes: &[u8]) -> Result<Document, String> {
    read_view(bytes, View::Accepted)
}

/// Read a DOCX package in the given view of its tracked changes.
pub fn read_view(bytes: &[u8], view: View) -> Result<Document, String> {
    check_package(bytes)?;
    let docx = docx_rs::read_docx(bytes).map_err(|e| e.to_string())?;
    let styles: HashMap<String, String> = docx
        .styles
        .styles
        .iter()
        .map(|s| (s.style_id.clone(), style_name(&s.name)))
        .collect();
    let mut bullet_nums: HashMap<usize, bool> = HashMap::new();
    for n in &docx.numberings.numberings {
        let is_bullet = docx
            .numberings
            .abstract_nums
            .iter()
            .find(|a| a.id == n.abstract_num_id)
            .and_then(|a| a.levels.first())
            .is_some_and(|l| l.format.val == "bullet");
        bullet_nums.insert(n.id, is_bullet);
    }
    let mut r = Reader {
        view,
        styles,
        bullet_nums,
        blocks: Vec::new(),
        carry: None,
    };
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(p) => r.paragraph(p),
            DocumentChild::Table(t) => r.table(t),
            DocumentChild::StructuredDataTag(sdt) => {
                for c in &sdt.children {
                    match c {
                        StructuredDataTagChild::Paragraph(p) => r.paragraph(p),
                        StructuredDataTagChild::Table(t) => r.table(t),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(b) = r.carry.take() {
        r.blocks.push(b);
    }
    Ok(Document {
        blocks: r.blocks,
        ..Document::default()
    })
}

/// A style's display name, lower-cased ("heading 1", "title", "list bullet").
/// The most one part of a package may hold uncompressed, and the whole package.
const MAX_PART_BYTES: u64 = 64 << 20;
const MAX_PACKAGE_BYTES: u64 = 256 << 20;

/// docx-rs unwraps its zip reads (a damaged entry panics) and allocates each part's declared
/// size up front (a zip bomb exhausts memory), so every entry is read here first: damaged,
/// oversized or over-compressed packages become an error instead.
fn check_package(bytes: &[u8]) -> Result<(), String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut total = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| e.to_string())?;
        let name = entry.name().to_string();
        if entry.size() > MAX_PART_BYTES {
            return Err(format!(
                "part {name} is larger than {} MB",
                MAX_PART_BYTES >> 20
            ));
        }
        let read = std::io::copy(&mut entry.take(MAX_PART_BYTES + 1), &mut std::io::sink())
            .map_err(|e| format!("part {name} is damaged: {e}"))?;
        total += read;
        if read > MAX_PART_BYTES || total > MAX_PACKAGE_BYTES {
            return Err(format!("part {name} makes the package too large to read"));
        }
    }
    Ok(())
}

fn style_name(name: &docx_rs::Name) -> String {
    match serde_json::to_value(name) {
        Ok(serde_json::Value::String(s)) => s.to_lowercase(),
        _ => String::new(),
    }
}

struct Reader {
    view: View,
    /// Style id → lower-cased style name.
    styles: HashMap<String, String>,
    /// Numbering id → whether its first level is a bullet.
    bullet_nums: HashMap<usize, bool>,
    blocks: Vec<Block>,
    /// A paragraph whose mark is deleted in this view: it joins the next paragraph.
    carry: Option<Block>,
}

impl Reader {
    fn table(&mut self, t: &Table) {
        for TableChild::TableRow(row) in &t.rows {
            for TableRowChild::TableCell(cell) in &row.cells {
                for c in &cell.children {
                    match c {
                        TableCellContent::Paragraph(p) => self.paragraph(p),
                        TableCellContent::Table(t) => self.table(t),
                        _ => {}
                    }
                }
            }
        }
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let mut inlines = Vec::new();
        for c in &p.children {
            self.paragraph_child(c, &mut inlines);
        }
        let kind = self.kind_of(p);
        let block = match self.carry.take() {
            // Joined paragraphs keep the properties of the mark that survives: this one's.
            Some(mut prev) => {
                prev.inlines.extend(inlines);
                Block::new(kind, prev.inlines)
            }
            None => Block::new(kind, inlines),
        };
        let rp = &p.property.run_property;
        let mark_gone = match self.view {
            View::Accepted => rp.del.is_some(),
            View::Rejected => rp.ins.is_some(),
        };
        if mark_gone {
            self.carry = Some(block);
        } else {
            self.blocks.push(block);
        }
    }

    fn kind_of(&self, p: &Paragraph) -> BlockKind {
        let name = p
            .property
            .style
            .as_ref()
            .map(|s| {
                self.styles
                    .get(&s.val)
                    .cloned()
                    .unwrap_or_else(|| s.val.to_lowercase())
            })
            .unwrap_or_default();
        let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        if compact == "title" {
            return BlockKind::Title;
        }
        if let Some(n) = compact.strip_prefix("heading") {
            if let Ok(n) = n.parse::<u8>() {
                return BlockKind::Heading(n.clamp(1, 3));
            }
        }
        if compact.contains("quote") || compact == "quotations" {
            return BlockKind::Quote;
        }
        let num = p.property.numbering_property.as_ref();
        let level = num
            .and_then(|n| n.level.as_ref())
            .map_or(0, |l| l.val.min(8) as u8);
        if let Some(id) = num.and_then(|n| n.id.as_ref()).map(|i| i.id) {
            // numId 0 means "no numbering" (a list style switched off for this paragraph).
            if id != 0 {
                return match self.bullet_nums.get(&id) {
                    Some(false) => BlockKind::Numbered {
                        level,
                        list: id as u32,
                    },
                    _ => BlockKind::Bullet { level },
                };
            }
        }
        if compact.starts_with("listbullet") {
            return BlockKind::Bullet { level };
        }
        if compact.starts_with("listnumber") {
            return BlockKind::Numbered { level, list: 0 };
        }
        BlockKind::Paragraph
    }

    fn paragraph_child(&self, c: &ParagraphChild, out: &mut Vec<Inline>) {
        let accepted = self.view == View::Accepted;
        match c {
            ParagraphChild::Run(r) => run(r, out),
            ParagraphChild::Insert(ins) if accepted => {
                for c in &ins.children {
                    if let InsertChild::Run(r) = c {
                        run(r, out);
                    }
                }
            }
            ParagraphChild::Delete(del) if !accepted => {
                for c in &del.children {
                    if let DeleteChild::Run(r) = c {
                        run(r, out);
                    }
                }
            }
            ParagraphChild::MoveTo(m) if accepted => {
                for c in &m.children {
                    if let MoveToChild::Run(r) = c {
                        run(r, out);
                    }
                }
            }
            ParagraphChild::MoveFrom(m) if !accepted => {
                for c in &m.children {
                    if let docx_rs::MoveFromChild::Run(r) = c {
                        run(r, out);
                    }
                }
            }
            ParagraphChild::Hyperlink(h) => {
                for c in &h.children {
                    self.paragraph_child(c, out);
                }
            }
            ParagraphChild::StructuredDataTag(sdt) => {
                for c in &sdt.children {
                    if let StructuredDataTagChild::Run(r) = c {
                        run(r, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The visible content of one run: text (inserted or, inside a deletion, deleted text),
/// tabs and line breaks. Page and column breaks are layout, not text.
fn run(r: &Run, out: &mut Vec<Inline>) {
    // A note reference mark is not text: a note cited again is a NOTEREF field whose shown
    // result is the note's number in the note-reference style.
    if r.run_property
        .style
        .as_ref()
        .is_some_and(|s| s.val == "FootnoteReference")
    {
        return;
    }
    for c in &r.children {
        match c {
            RunChild::Text(t) => push_text(out, &t.text),
            RunChild::DeleteText(t) => push_text(out, &delete_text(t)),
            RunChild::Tab(_) => out.push(Inline::Tab),
            RunChild::Break(b)
                if *b != docx_rs::Break::new(BreakType::Page)
                    && *b != docx_rs::Break::new(BreakType::Column) =>
            {
                out.push(Inline::LineBreak)
            }
            RunChild::CarriageReturn(_) => out.push(Inline::LineBreak),
            _ => {}
        }
    }
}

/// docx-rs keeps deleted text private; its serialised form carries it.
fn delete_text(t: &docx_rs::DeleteText) -> String {
    match serde_json::to_value(t) {
        Ok(v) => v
            .get("text")
            .and_then(|x| x.as_str())
            .map(str::to_string)
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}

fn push_text(out: &mut Vec<Inline>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Inline::Text { text, .. }) = out.last_mut() {
        text.push_str(s);
    } else {
        out.push(Inline::text(s));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PYTHON_DOCX: &[u8] = include_bytes!("../../tests/fixtures/review/reviewer-python.docx");

    fn texts(doc: &Document) -> Vec<(BlockKind, String)> {
        doc.blocks
            .iter()
            .map(|b| (b.kind, b.plain_text()))
            .filter(|(_, t)| !t.is_empty())
            .collect()
    }

    #[test]
    fn a_damaged_package_is_an_error_not_a_panic() {
        // A stored entry whose checksum does not match its bytes: docx-rs unwraps the read.
        let mut bytes = PYTHON_DOCX.to_vec();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(PYTHON_DOCX)).expect("fixture");
        let data_start = z.by_name("word/document.xml").expect("part").data_start();
        let at = usize::try_from(data_start.expect("offset")).expect("offset") + 10;
        bytes[at] ^= 0xff;
        assert!(read(&bytes).is_err());
        assert!(read(b"PK\x03\x04 not a zip").is_err());
    }

    #[test]
    fn python_docx_styles_map_to_block_kinds() {
        let doc = read(PYTHON_DOCX).expect("fixture reads");
        let t = texts(&doc);
        assert_eq!(t[0], (BlockKind::Title, "Speech on cybercrime".into()));
        assert_eq!(t[1], (BlockKind::Heading(1), "Cooperation".into()));
        assert_eq!(t[3].0, BlockKind::Bullet { level: 0 });
        assert_eq!(
            t[5],
            (
                BlockKind::Quote,
                "Justice delayed is justice denied.".into()
            )
        );
        assert_eq!(t[6].1, "Line one\nline two\tafter a tab");
        assert!(t.iter().any(|(_, s)| s == "Cell A"));
        assert!(t.iter().any(|(_, s)| s == "Cell B"));
        assert_eq!(t.last().map(|x| x.1.as_str()), Some("Thank you & goodbye."));
    }

    #[test]
    fn tracked_changes_read_accepted_or_rejected() {
        let accepted = texts(&read(PYTHON_DOCX).expect("fixture reads"));
        assert_eq!(
            accepted[2].1,
            "The Secretary General stated that cybercrime is rising."
        );
        assert!(!accepted
            .iter()
            .any(|(_, s)| s.contains("deleted by the reviewer")));
        let rejected = texts(&read_view(PYTHON_DOCX, View::Rejected).expect("fixture reads"));
        assert_eq!(
            rejected[2].1,
            "The Secretary General said that cybercrime is rising."
        );
        assert!(rejected
            .iter()
            .any(|(_, s)| s == "This paragraph was deleted by the reviewer."));
    }
}
