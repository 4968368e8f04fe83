//! What `lectern diff` compares: a `.docx`, `.md` or `.txt` file loaded into the document
//! model, or straight into the paragraphs the diff compares. DOCX goes through `docx::read`
//! (accepted view of tracked changes), Markdown through the shared parser, plain text is split
//! into paragraphs at blank lines.

use std::path::Path;

use super::Para;
use crate::document::{Block, BlockKind, Document, Inline};
use crate::error::{Error, Result};

/// The file formats `lectern diff` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Markdown,
    Text,
}

impl Format {
    /// The format a file's extension names, if it is one `diff` reads.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "docx" => Some(Format::Docx),
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            _ => None,
        }
    }
}

/// A file as the diff needs it: its paragraphs (`diff::paragraphs` of its document) and its
/// title (`Document::title`, for a redline's properties).
#[derive(Debug, Clone, Default)]
pub struct Paragraphs {
    pub paras: Vec<Para>,
    pub title: Option<String>,
    /// A DOCX's header and footer paragraphs, `[header/footer] text` (empty for other
    /// formats): compared only when both sides have them.
    pub furniture: Vec<Para>,
    /// A DOCX's review comments (empty for other formats).
    pub comments: Vec<crate::versions::ReviewComment>,
    /// How many tracked changes a DOCX still carries (its text is their accepted view).
    pub pending: usize,
    /// Who last saved a DOCX, and when, from its core properties.
    pub saved: crate::docx::CoreProperties,
}

/// Load a file into the document model.
pub fn load(path: &Path) -> Result<Document> {
    let format = format_of(path)?;
    let mut bytes = Vec::new();
    read_into(path, &mut bytes)?;
    match format {
        Format::Docx => docx(path, &bytes),
        Format::Markdown => Ok(markdown(utf8(path, &bytes)?)),
        Format::Text => Ok(plain_text(utf8(path, &bytes)?)),
    }
}

/// Load a file's paragraphs, reading it into `buf`. Two files compared one after the other
/// share `buf`, so the second read lands in memory already touched; plain text goes straight
/// from the file's bytes to paragraphs, with no document in between. On a long document the
/// memory touched costs as much as the comparison.
pub fn load_paragraphs(path: &Path, buf: &mut Vec<u8>) -> Result<Paragraphs> {
    let format = format_of(path)?;
    read_into(path, buf)?;
    let doc = match format {
        Format::Docx => {
            let review = crate::docx::read_review(buf).map_err(|e| docx_error(path, &e))?;
            let mut p = document_paragraphs(review.doc);
            p.furniture = review
                .furniture
                .iter()
                .map(|b| Para {
                    kind: BlockKind::Paragraph,
                    text: format!("[header/footer] {}", b.plain_text()),
                })
                .filter(|p| p.text.len() > "[header/footer] ".len())
                .collect();
            p.comments = review
                .comments
                .into_iter()
                .map(|c| crate::versions::ReviewComment {
                    author: c.author,
                    date: c.date,
                    text: c.text,
                    anchor: c.anchor,
                })
                .collect();
            p.pending = review.pending.len();
            p.saved = crate::docx::core_properties(buf);
            return Ok(p);
        }
        Format::Markdown => markdown(utf8(path, buf)?),
        Format::Text => {
            return Ok(Paragraphs {
                paras: text_paragraphs(utf8(path, buf)?),
                ..Paragraphs::default()
            })
        }
    };
    Ok(document_paragraphs(doc))
}

/// A document's paragraphs and title, taking the paragraph texts out of the document instead
/// of copying them where a paragraph is one run of text.
pub fn document_paragraphs(doc: Document) -> Paragraphs {
    Paragraphs {
        title: doc.title(),
        paras: super::into_paragraphs(doc),
        ..Paragraphs::default()
    }
}

fn format_of(path: &Path) -> Result<Format> {
    Format::of(path).ok_or_else(|| {
        Error::input(format!(
            "cannot compare {}: not a .docx, .md or .txt file",
            path.display()
        ))
        .hint("lectern diff compares .docx, .md and .txt files, or two versions of an event")
    })
}

/// Replace `buf`'s contents with the file's bytes, keeping its allocation.
fn read_into(path: &Path, buf: &mut Vec<u8>) -> Result<()> {
    // The capped reader: regular files only (a FIFO or device is refused, not read), bounded.
    crate::capped::read_into(path, path, crate::capped::DIFF_INPUT, buf)
}

fn docx(path: &Path, bytes: &[u8]) -> Result<Document> {
    crate::docx::read(bytes).map_err(|e| docx_error(path, &e))
}

fn docx_error(path: &Path, e: &str) -> Error {
    Error::input(format!("cannot read {} as DOCX: {e}", path.display()))
        .hint("is it a Word document? A .doc (Word 97) file must be saved as .docx first")
}

fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        Error::input(format!(
            "{} is not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.valid_up_to()
        ))
        .hint("save the file as UTF-8")
    })
}

/// Markdown text of record → document, through the shared parser.
pub fn markdown(text: &str) -> Document {
    crate::document::parse::parse(text, vec![])
}

/// Plain text → document: paragraphs are separated by blank lines; a single newline inside a
/// paragraph is a line break.
pub fn plain_text(text: &str) -> Document {
    let mut blocks = Vec::new();
    each_text_paragraph(text, |para| {
        let mut inlines = Vec::new();
        for (i, l) in para.split('\n').enumerate() {
            if i > 0 {
                inlines.push(Inline::LineBreak);
            }
            inlines.push(Inline::text(l));
        }
        blocks.push(Block::new(BlockKind::Paragraph, inlines));
    });
    Document {
        blocks,
        ..Document::default()
    }
}

/// `diff::paragraphs(&plain_text(text))` without the document: a paragraph's text is its
/// lines joined by `\n`, which is exactly its stretch of the (LF-ended) text.
fn text_paragraphs(text: &str) -> Vec<Para> {
    let mut paras = Vec::new();
    each_text_paragraph(text, |p| {
        paras.push(Para {
            kind: BlockKind::Paragraph,
            text: p.to_owned(),
        });
    });
    paras
}

/// Call `f` with each paragraph of plain text: a run of lines that are not blank, from the
/// start of its first line to the end of its last, Windows line ends read as `\n`.
fn each_text_paragraph(text: &str, mut f: impl FnMut(&str)) {
    // Only Windows line ends need a copy of the text.
    let text: std::borrow::Cow<'_, str> = if text.contains("\r\n") {
        text.replace("\r\n", "\n").into()
    } else {
        text.into()
    };
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut at = 0;
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                f(&text[s..end]);
            }
        } else {
            start.get_or_insert(at);
            end = at + line.len();
        }
        at += line.len() + 1;
    }
    if let Some(s) = start {
        f(&text[s..end]);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::diff::paragraphs;

    proptest! {
        #[test]
        fn text_paragraphs_are_those_of_the_document(
            s in "([ab \t\r\n\u{a0}\u{2003}é]){0,40}",
        ) {
            prop_assert_eq!(text_paragraphs(&s), paragraphs(&plain_text(&s)));
        }

        #[test]
        fn document_paragraphs_are_paragraphs(
            s in "([ab #*_`>\\-\t\n\u{a0}]|\\[\\^x\\]|\\[\\^x\\]: |\\\\\n|---\n|<br>){0,30}",
        ) {
            let doc = markdown(&s);
            let (want, title) = (paragraphs(&doc), doc.title());
            let got = document_paragraphs(doc);
            prop_assert_eq!(got.paras, want);
            prop_assert_eq!(got.title, title);
        }
    }

    #[test]
    fn load_paragraphs_reuses_one_buffer() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.md"));
        std::fs::write(&a, "One\r\ntwo\r\n\r\n  \r\nThree\n").expect("write");
        std::fs::write(&b, "# T\n\nOne *two*\nthree\n\n---\n").expect("write");
        let mut buf = Vec::new();
        let pa = load_paragraphs(&a, &mut buf).expect("a");
        let pb = load_paragraphs(&b, &mut buf).expect("b");
        assert_eq!(pa.paras, paragraphs(&load(&a).expect("a")));
        assert_eq!(pb.paras, paragraphs(&load(&b).expect("b")));
        assert_eq!(pa.paras[0].text, "One\ntwo");
        assert_eq!(pb.title.as_deref(), Some("T"));
        assert_eq!(pb.paras[1].text, "One *two* three");
    }
}
