//! The in-memory document model every export and every diff works on (DESIGN.md §4).
//!
//! It is deliberately flat: a document is a sequence of blocks (headings, paragraphs, list
//! items, quotes, page breaks), each holding inline runs. Footnotes and review comments are
//! side tables referenced by index from the inlines. `parse` builds it from the Markdown the
//! templates produce; `markdown` writes it back as the `.md` text of record. This module owns
//! pulldown-cmark; it never touches files or prints.

pub mod markdown;
pub mod parse;

/// A whole draft.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Footnotes, referenced by `Inline::FootnoteRef(index)`.
    pub footnotes: Vec<Footnote>,
    /// Review comments, referenced by `Inline::CommentStart/End(index)`.
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    pub inlines: Vec<Inline>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Markdown `#`: the document title.
    Title,
    /// Markdown `##`..`####` map to levels 1..3.
    Heading(u8),
    Paragraph,
    /// A bulleted list item; `level` 0 is the outermost list.
    Bullet {
        level: u8,
    },
    /// A numbered list item; `list` identifies the list so numbering restarts per list.
    Numbered {
        level: u8,
        list: u32,
    },
    /// A paragraph inside a block quote.
    Quote,
    /// A thematic break (`---`): the next block starts a new page. No inlines.
    PageBreak,
    /// One cell of a table. A table is the run of consecutive cells with the same `table`
    /// id, row by row; row 0 is the header row. Keeping cells as blocks keeps the model flat:
    /// the diff, word counts and plain text see every cell as a paragraph of its own.
    Cell {
        table: u32,
        row: u32,
        col: u16,
        align: Align,
    },
}

/// Horizontal alignment of a table column (GFM `:--`, `:-:`, `--:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    /// Inline code: printed in a monospaced font.
    pub code: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text {
        text: String,
        style: Style,
        /// The target when this text is a hyperlink.
        link: Option<String>,
    },
    /// A line break inside a paragraph (a newline in data).
    LineBreak,
    /// A tab character in data.
    Tab,
    FootnoteRef(usize),
    CommentStart(usize),
    CommentEnd(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    /// The Markdown label, e.g. `src-fact-haechi-v`.
    pub label: String,
    pub inlines: Vec<Inline>,
}

/// A review comment on the passage between its `CommentStart` and `CommentEnd`.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub author: String,
    pub text: String,
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text {
            text: s.into(),
            style: Style::default(),
            link: None,
        }
    }
}

impl Block {
    pub fn new(kind: BlockKind, inlines: Vec<Inline>) -> Block {
        Block { kind, inlines }
    }

    /// The block's visible text: runs concatenated, a line break as `\n`, a tab as `\t`;
    /// footnote references and comment marks contribute nothing.
    pub fn plain_text(&self) -> String {
        plain_text(&self.inlines)
    }
}

/// Visible text of a run of inlines (see `Block::plain_text`).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text { text, .. } => s.push_str(text),
            Inline::LineBreak => s.push('\n'),
            Inline::Tab => s.push('\t'),
            Inline::FootnoteRef(_) | Inline::CommentStart(_) | Inline::CommentEnd(_) => {}
        }
    }
    s
}

impl BlockKind {
    /// The table this block is a cell of, if any.
    pub fn table(self) -> Option<u32> {
        match self {
            BlockKind::Cell { table, .. } => Some(table),
            _ => None,
        }
    }
}

impl Document {
    /// Text of every block, one string per block (page breaks excluded).
    pub fn paragraphs(&self) -> impl Iterator<Item = String> + '_ {
        self.blocks
            .iter()
            .filter(|b| b.kind != BlockKind::PageBreak)
            .map(Block::plain_text)
    }

    /// The title: text of the first `Title` block, if any.
    pub fn title(&self) -> Option<String> {
        self.blocks
            .iter()
            .find(|b| b.kind == BlockKind::Title)
            .map(Block::plain_text)
    }
}

/// Words in `text`, by Unicode word boundaries (numbers count as words, punctuation does not).
pub fn word_count(text: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    text.unicode_words().count()
}

impl Document {
    /// Words in the body (every block; footnotes and comments excluded): what is read aloud.
    pub fn word_count(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| word_count(&b.plain_text()))
            .sum()
    }
}
