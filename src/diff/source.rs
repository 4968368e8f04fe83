//! What `lectern diff` compares: a `.docx`, `.md` or `.txt` file loaded into the document
//! model. DOCX goes through `docx::read` (accepted view of tracked changes), Markdown through
//! the shared parser, plain text is split into paragraphs at blank lines.

use std::path::Path;

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

/// Load a file into the document model.
pub fn load(path: &Path) -> Result<Document> {
    let Some(format) = Format::of(path) else {
        return Err(Error::input(format!(
            "cannot compare {}: not a .docx, .md or .txt file",
            path.display()
        ))
        .hint("lectern diff compares .docx, .md and .txt files, or two versions of an event"));
    };
    let bytes = std::fs::read(path).map_err(|e| Error::io("cannot read", path, e))?;
    match format {
        Format::Docx => crate::docx::read(&bytes).map_err(|e| {
            Error::input(format!("cannot read {} as DOCX: {e}", path.display()))
                .hint("is it a Word document? A .doc (Word 97) file must be saved as .docx first")
        }),
        Format::Markdown | Format::Text => {
            let text = String::from_utf8(bytes).map_err(|e| {
                Error::input(format!(
                    "{} is not UTF-8 text (invalid byte at offset {})",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ))
                .hint("save the file as UTF-8")
            })?;
            Ok(if format == Format::Markdown {
                markdown(&text)
            } else {
                plain_text(&text)
            })
        }
    }
}

/// Markdown text of record → document, through the shared parser.
pub fn markdown(text: &str) -> Document {
    crate::document::parse::parse(text, vec![])
}

/// Plain text → document: paragraphs are separated by blank lines; a single newline inside a
/// paragraph is a line break.
pub fn plain_text(text: &str) -> Document {
    // Only Windows line ends need a copy of the text.
    let text: std::borrow::Cow<'_, str> = if text.contains("\r\n") {
        text.replace("\r\n", "\n").into()
    } else {
        text.into()
    };
    let mut blocks = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    let mut flush = |lines: &mut Vec<&str>| {
        if lines.is_empty() {
            return;
        }
        let mut inlines = Vec::with_capacity(lines.len() * 2);
        for (i, l) in lines.drain(..).enumerate() {
            if i > 0 {
                inlines.push(Inline::LineBreak);
            }
            inlines.push(Inline::text(l));
        }
        blocks.push(Block::new(BlockKind::Paragraph, inlines));
    };
    for line in text.split('\n') {
        if line.trim().is_empty() {
            flush(&mut lines);
        } else {
            lines.push(line);
        }
    }
    flush(&mut lines);
    Document {
        blocks,
        ..Document::default()
    }
}
