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
    /// The block's own language when it differs from the draft's (a passage of a bilingual
    /// speech, DESIGN.md §12); `None`: the draft's language.
    pub lang: Option<crate::library::Lang>,
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
    /// Raised or lowered text: `^e^` / `~2~` in Markdown, `w:vertAlign` in DOCX.
    pub vert: VertAlign,
}

impl Style {
    /// The formatting a redline tracks as `w:rPrChange`: bold, italic, superscript and
    /// subscript (code is a character style of its own, never a tracked change).
    pub fn tracked(self) -> Style {
        Style {
            code: false,
            ..self
        }
    }
}

/// The position of text on the line: superscript ("XXI^e^", "km^2^") or subscript ("CO~2~").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VertAlign {
    #[default]
    Baseline,
    Superscript,
    Subscript,
}

impl VertAlign {
    /// The Markdown mark around such text (`^` or `~`), none on the baseline.
    pub fn mark(self) -> Option<char> {
        match self {
            VertAlign::Baseline => None,
            VertAlign::Superscript => Some('^'),
            VertAlign::Subscript => Some('~'),
        }
    }

    /// The `w:vertAlign` value, none on the baseline.
    pub fn docx_val(self) -> Option<&'static str> {
        match self {
            VertAlign::Baseline => None,
            VertAlign::Superscript => Some("superscript"),
            VertAlign::Subscript => Some("subscript"),
        }
    }

    /// The HTML element (`sup`, `sub`), none on the baseline.
    pub fn html_tag(self) -> Option<&'static str> {
        match self {
            VertAlign::Baseline => None,
            VertAlign::Superscript => Some("sup"),
            VertAlign::Subscript => Some("sub"),
        }
    }
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
    /// A picture: `src` is the workspace-relative path written in the Markdown, `alt` its
    /// description. The bytes are looked up by the exporters, never held in the model.
    Image {
        src: String,
        alt: String,
    },
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
        Block {
            kind,
            inlines,
            lang: None,
        }
    }

    /// The block in `lang`, a language other than the draft's.
    pub fn in_lang(mut self, lang: Option<crate::library::Lang>) -> Block {
        self.lang = lang;
        self
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
            Inline::FootnoteRef(_)
            | Inline::CommentStart(_)
            | Inline::CommentEnd(_)
            | Inline::Image { .. } => {}
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

/// One table of a document: the cells of `blocks[start..end]` (see `TableGrid` for its rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableSpan {
    pub start: usize,
    pub end: usize,
}

/// The table starting at `blocks[start]` (a cell), up to the first block that is not a cell of
/// the same table.
pub fn table_at(blocks: &[Block], start: usize) -> Option<TableSpan> {
    let id = blocks.get(start)?.kind.table()?;
    let len = blocks[start..]
        .iter()
        .take_while(|b| b.kind.table() == Some(id))
        .count();
    Some(TableSpan {
        start,
        end: start + len,
    })
}

/// A table's cells as rows of columns, in reading order: `rows[r][c]` holds the blocks of that
/// cell (one, or none for a missing cell; cells past Word's 63 columns join the last column),
/// and the alignment of each column. Rows are counted as they come, so the size never depends
/// on the numbers in the model, only on its cells.
pub struct TableGrid<'a> {
    pub rows: Vec<Vec<Vec<&'a Block>>>,
    pub aligns: Vec<Align>,
}

impl<'a> TableGrid<'a> {
    pub fn of(cells: &'a [Block]) -> TableGrid<'a> {
        let max = usize::from(parse::MAX_TABLE_COLS);
        let cols = cells
            .iter()
            .filter_map(|b| match b.kind {
                BlockKind::Cell { col, .. } => Some(usize::from(col) + 1),
                _ => None,
            })
            .max()
            .unwrap_or(1)
            .min(max);
        let mut rows: Vec<Vec<Vec<&Block>>> = Vec::new();
        let mut aligns = vec![Align::None; cols];
        let mut current_row = None;
        for b in cells {
            let BlockKind::Cell {
                row, col, align, ..
            } = b.kind
            else {
                continue;
            };
            if current_row != Some(row) || rows.is_empty() {
                rows.push(vec![Vec::new(); cols]);
                current_row = Some(row);
            }
            let c = usize::from(col).min(cols - 1);
            if let Some(last) = rows.last_mut() {
                last[c].push(b);
            }
            if aligns[c] == Align::None {
                aligns[c] = align;
            }
        }
        if rows.is_empty() {
            rows.push(vec![Vec::new(); cols]);
        }
        TableGrid { rows, aligns }
    }

    pub fn cols(&self) -> usize {
        self.aligns.len()
    }
}

impl Document {
    /// Every picture in the body, in reading order (a path may appear more than once).
    pub fn images(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.blocks
            .iter()
            .flat_map(|b| &b.inlines)
            .filter_map(|i| match i {
                Inline::Image { src, alt } => Some((src.as_str(), alt.as_str())),
                _ => None,
            })
    }

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
    /// Words in the body by the language they are in (`None`: the draft's), for speaking
    /// times at each language's rate; the counts add up to `word_count`.
    pub fn words_by_lang(&self) -> Vec<(Option<crate::library::Lang>, usize)> {
        let mut out: Vec<(Option<crate::library::Lang>, usize)> = Vec::new();
        for b in &self.blocks {
            let n = word_count(&b.plain_text());
            match out.iter_mut().find(|(l, _)| *l == b.lang) {
                Some((_, total)) => *total += n,
                None => out.push((b.lang, n)),
            }
        }
        out
    }

    /// Words in the body (every block; footnotes and comments excluded): what is read aloud.
    pub fn word_count(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| word_count(&b.plain_text()))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_grid_is_as_big_as_its_cells_whatever_their_numbers() {
        let cell = |row, col| {
            Block::new(
                BlockKind::Cell {
                    table: 7,
                    row,
                    col,
                    align: Align::Right,
                },
                vec![Inline::text(format!("{row}/{col}"))],
            )
        };
        let blocks = vec![
            cell(0, 0),
            cell(4_000_000_000, 60_000),
            cell(4_000_000_000, 2),
        ];
        let span = table_at(&blocks, 0).expect("a table");
        assert_eq!((span.start, span.end), (0, 3));
        let grid = TableGrid::of(&blocks);
        assert_eq!((grid.rows.len(), grid.cols()), (2, 63));
        assert_eq!(grid.rows[1][62].len(), 1);
        assert_eq!(grid.rows[1][2][0].plain_text(), "4000000000/2");
        assert_eq!(grid.aligns[0], Align::Right);
    }
}
