//! Markdown (CommonMark with footnotes) → `Document`.
//!
//! Lists are flattened: every paragraph of an item becomes a `Bullet`/`Numbered` block with
//! its nesting level, and each numbered list gets its own id so numbering restarts. Inline
//! HTML is literal text except for the few tags lectern writes itself: the review-comment
//! markers (`<span data-lectern-comment="N">` … `</span>`), `<br>` (a line break where a
//! backslash break cannot be written) and `<em>`, `<strong>`, `<code>` (emphasis where `*`
//! would not parse). Data is always escaped, so none of these can come from data.
//!
//! Superscript `^e^` and subscript `~2~` are read as pandoc reads them: also inside a word
//! ("XXI^e^", "CO~2~", which pulldown-cmark leaves as text), when what is between the marks
//! has no spaces; `<sup>`/`<sub>` are the same where marks cannot be written. `~~x~~` stays
//! strikethrough.
//!
//! GitHub-style tables become runs of `Cell` blocks, and `![alt](path)` an `Inline::Image`.
//! Markdown the exporters cannot render (other raw HTML) is kept as literal text and reported
//! by `parse_checked`, so the caller can warn where it came from; nothing is dropped silently.

use std::collections::HashMap;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{Align, Block, BlockKind, Comment, Document, Footnote, Inline, Style, VertAlign};
use crate::library::Lang;

/// The opening marker of review comment `index`.
pub fn comment_start(index: usize) -> String {
    format!("<span data-lectern-comment=\"{index}\">")
}

/// The closing marker of a review comment.
pub const COMMENT_END: &str = "</span>";

const COMMENT_ATTR: &str = "<span data-lectern-comment=\"";

/// The opening marker of a passage in `lang` (DESIGN.md §12): the paragraph it opens is in that
/// language, and right to left for Arabic. Pandoc reads the same span as the passage's language.
pub fn lang_start(lang: Lang) -> String {
    if lang.is_rtl() {
        format!("<span lang=\"{lang}\" dir=\"rtl\">")
    } else {
        format!("<span lang=\"{lang}\">")
    }
}

/// The closing marker of a passage in another language.
pub const LANG_END: &str = "</span>";

/// The language a `lang_start` marker names.
fn lang_of_marker(tag: &str) -> Option<Lang> {
    let rest = tag.strip_prefix("<span lang=\"")?;
    let (code, rest) = rest.split_once('"')?;
    let lang = Lang::parse(code)?;
    matches!(rest, ">" | " dir=\"rtl\">" | " dir=\"ltr\">").then_some(lang)
}

/// Parse `markdown` into a document whose comment markers refer to `comments`.
pub fn parse(markdown: &str, comments: Vec<Comment>) -> Document {
    parse_checked(markdown, comments).0
}

/// Markdown that no exporter can render, kept as literal text: what it was, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrendered {
    /// The construct, e.g. "raw HTML".
    pub what: &'static str,
    /// The Markdown as written (its first line, at most 60 characters).
    pub snippet: String,
}

/// `parse`, also reporting every piece of Markdown printed as text because it cannot be
/// rendered, in order.
pub fn parse_checked(markdown: &str, comments: Vec<Comment>) -> (Document, Vec<Unrendered>) {
    let mut p = State::default();
    // Strikethrough is parsed only to be reported: printing `~~` as text would hide it.
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT;
    // Consecutive text events, gathered so that marks inside words can be paired across them.
    let mut run = TextRun::default();
    // Inside a code block, an HTML block or an autolink, `^` and `~` are only text.
    let mut literal = 0usize;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            // Text is gathered from the first `^` or `~` on; before, it goes straight on.
            Event::Text(t) if literal == 0 && (!run.text.is_empty() || t.contains(['^', '~'])) => {
                run.add(&t, markdown, range);
                continue;
            }
            Event::Start(
                Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::Link {
                    link_type: LinkType::Autolink | LinkType::Email,
                    ..
                },
            ) => literal += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                literal = literal.saturating_sub(1);
            }
            Event::End(TagEnd::Link) if literal > 0 => literal -= 1,
            _ => {}
        }
        run.flush(&mut p);
        p.event(event);
    }
    run.flush(&mut p);
    let unrendered = std::mem::take(&mut p.unrendered);
    (p.finish(comments), unrendered)
}

/// Text events in a row: their text joined, and where in it a `^` or `~` is written as such
/// in the Markdown (not backslash-escaped, not a character reference). pulldown-cmark pairs
/// these marks only at the edges of words; the ones it leaves are paired here as pandoc pairs
/// them: a mark, text without spaces, the same mark ("XXI^e^", "H~2~O", "10^-3^").
#[derive(Default)]
struct TextRun {
    text: String,
    marks: Vec<usize>,
}

impl TextRun {
    fn add(&mut self, t: &str, markdown: &str, range: std::ops::Range<usize>) {
        let at = self.text.len();
        self.text.push_str(t);
        if !t.contains(['^', '~']) || markdown.get(range.clone()) != Some(t) {
            return;
        }
        // An escaped character starts a text event of its own, after its backslash.
        let backslashes = markdown[..range.start]
            .bytes()
            .rev()
            .take_while(|b| *b == b'\\')
            .count();
        let escaped_first = backslashes % 2 == 1;
        for (i, c) in t.char_indices() {
            if matches!(c, '^' | '~') && !(i == 0 && escaped_first) {
                self.marks.push(at + i);
            }
        }
    }

    fn flush(&mut self, p: &mut State) {
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        let marks = std::mem::take(&mut self.marks);
        let mut done = 0;
        let mut k = 0;
        while k < marks.len() {
            let open = marks[k];
            let c = text.as_bytes()[open];
            let close = marks[k + 1..]
                .iter()
                .position(|&m| text.as_bytes()[m] == c)
                .map(|n| k + 1 + n);
            let Some(close_k) = close else {
                k += 1;
                continue;
            };
            let close = marks[close_k];
            let inner = &text[open + 1..close];
            // `~~` is strikethrough's mark, never two subscript marks.
            let doubled = |at: usize| marks.binary_search(&at).is_ok() && text.as_bytes()[at] == c;
            if inner.is_empty()
                || inner.chars().any(char::is_whitespace)
                || (open > 0 && doubled(open - 1))
                || doubled(close + 1)
            {
                k += 1;
                continue;
            }
            if done < open {
                p.text(&text[done..open]);
            }
            let vert = if c == b'^' {
                VertAlign::Superscript
            } else {
                VertAlign::Subscript
            };
            p.vert.push(vert);
            p.text(inner);
            p.vert.pop();
            done = close + 1;
            k = close_k + 1;
        }
        if done < text.len() {
            p.text(&text[done..]);
        }
    }
}

/// Most columns a table keeps (Word's limit); the text of cells beyond joins the last one.
pub const MAX_TABLE_COLS: u16 = 63;

#[derive(Clone, Copy, PartialEq)]
enum ListKind {
    Bullet,
    Numbered(u32),
}

#[derive(Default)]
struct State {
    blocks: Vec<Block>,
    /// Inlines of the block being built, and its kind.
    current: Option<(BlockKind, Vec<Inline>)>,
    lists: Vec<ListKind>,
    next_list: u32,
    quote_depth: usize,
    bold: u32,
    italic: u32,
    code_html: u32,
    /// Open superscripts and subscripts, innermost last.
    vert: Vec<VertAlign>,
    links: Vec<String>,
    /// Open `<span>`s: `Some(i)` for a comment marker.
    spans: Vec<Option<usize>>,
    /// Open passage-language spans (`lang_start`), counted apart so their `</span>` is known.
    lang_spans: Vec<usize>,
    /// The language of the block being built, set by a passage marker inside it.
    block_lang: Option<Lang>,
    /// Footnote being defined: label and inlines collected so far.
    footnote: Option<(String, Vec<Inline>)>,
    definitions: Vec<(String, Vec<Inline>)>,
    /// Normalised footnote label → index, in order of first reference.
    refs: HashMap<String, usize>,
    ref_labels: Vec<String>,
    heading: Option<BlockKind>,
    html_block: Option<String>,
    /// The table being read: its id, column alignments, current row and column.
    table: Option<TableState>,
    next_table: u32,
    /// The picture being read: its path and the alt text collected so far.
    image: Option<(String, String)>,
    unrendered: Vec<Unrendered>,
    /// A code block has started and its first line is not reported yet.
    code_block: bool,
}

struct TableState {
    id: u32,
    aligns: Vec<Align>,
    row: u32,
    col: u16,
}

fn norm_label(label: &str) -> String {
    label.to_lowercase()
}

impl State {
    fn style(&self) -> Style {
        Style {
            bold: self.bold > 0,
            italic: self.italic > 0,
            code: self.code_html > 0,
            vert: self.vert.last().copied().unwrap_or_default(),
        }
    }

    fn container_kind(&self) -> BlockKind {
        if let Some(h) = self.heading {
            return h;
        }
        if let Some(t) = &self.table {
            return BlockKind::Cell {
                table: t.id,
                row: t.row,
                col: t.col.min(MAX_TABLE_COLS - 1),
                align: t
                    .aligns
                    .get(usize::from(t.col))
                    .copied()
                    .unwrap_or_default(),
            };
        }
        match self.lists.last() {
            Some(ListKind::Bullet) => BlockKind::Bullet {
                level: level(self.lists.len()),
            },
            Some(ListKind::Numbered(list)) => BlockKind::Numbered {
                level: level(self.lists.len()),
                list: *list,
            },
            None if self.quote_depth > 0 => BlockKind::Quote,
            None => BlockKind::Paragraph,
        }
    }

    fn open_block(&mut self) {
        if self.footnote.is_some() {
            return;
        }
        self.flush();
        self.current = Some((self.container_kind(), Vec::new()));
    }

    fn flush(&mut self) {
        let lang = self.block_lang.take();
        if let Some((kind, inlines)) = self.current.take() {
            // An empty cell is still a cell: the table keeps its shape.
            if !inlines.is_empty() || kind.table().is_some() {
                self.blocks
                    .push(Block::new(kind, merge(inlines)).in_lang(lang));
            }
        }
    }

    fn sink(&mut self) -> &mut Vec<Inline> {
        if self.footnote.is_none() && self.current.is_none() {
            // Inline content outside a paragraph (a tight list item).
            self.current = Some((self.container_kind(), Vec::new()));
        }
        match (&mut self.footnote, &mut self.current) {
            (Some((_, inlines)), _) | (None, Some((_, inlines))) => inlines,
            (None, None) => unreachable!("a block was opened above"),
        }
    }

    fn text(&mut self, s: &str) {
        if let Some((_, alt)) = self.image.as_mut() {
            alt.push_str(s);
            return;
        }
        let style = self.style();
        let link = self.links.last().cloned();
        let sink = self.sink();
        for (i, part) in s.split('\t').enumerate() {
            if i > 0 {
                sink.push(Inline::Tab);
            }
            if !part.is_empty() {
                sink.push(Inline::Text {
                    text: part.to_string(),
                    style,
                    link: link.clone(),
                });
            }
        }
    }

    fn push(&mut self, i: Inline) {
        self.sink().push(i);
    }

    fn inline_html(&mut self, html: &str) {
        let tag = html.trim();
        let lower = tag.to_ascii_lowercase();
        if let Some(rest) = tag.strip_prefix(COMMENT_ATTR) {
            if let Some(n) = rest
                .strip_suffix("\">")
                .and_then(|n| n.parse::<usize>().ok())
            {
                self.spans.push(Some(n));
                self.push(Inline::CommentStart(n));
                return;
            }
        }
        if let Some(lang) = lang_of_marker(tag) {
            self.lang_spans.push(self.spans.len());
            self.spans.push(None);
            // A passage's language is its paragraph's: a marker that opens the block (after a
            // comment mark at most) sets it; one further in is read as plain text's span.
            if self.footnote.is_none() {
                let at_start = self
                    .sink()
                    .iter()
                    .all(|i| matches!(i, Inline::CommentStart(_)));
                if at_start {
                    self.block_lang = Some(lang);
                }
            }
            return;
        }
        if tag.starts_with("<!--") {
            // An HTML comment: invisible, used as a separator by `to_markdown`.
            return;
        }
        let known = matches!(
            lower.as_str(),
            "<br>"
                | "<br/>"
                | "<br />"
                | "<em>"
                | "</em>"
                | "<i>"
                | "</i>"
                | "<strong>"
                | "</strong>"
                | "<b>"
                | "</b>"
                | "<code>"
                | "</code>"
                | "<sup>"
                | "</sup>"
                | "<sub>"
                | "</sub>"
        ) || (lower == "</span>"
            && (self.spans.last().is_some_and(Option::is_some)
                || self.lang_spans.last() == Some(&(self.spans.len().wrapping_sub(1)))));
        if !known {
            self.unrender("raw HTML", tag);
        }
        match lower.as_str() {
            "<br>" | "<br/>" | "<br />" => self.push(Inline::LineBreak),
            "<em>" | "<i>" => self.italic += 1,
            "</em>" | "</i>" => self.italic = self.italic.saturating_sub(1),
            "<strong>" | "<b>" => self.bold += 1,
            "</strong>" | "</b>" => self.bold = self.bold.saturating_sub(1),
            "<code>" => self.code_html += 1,
            "</code>" => self.code_html = self.code_html.saturating_sub(1),
            "<sup>" => self.vert.push(VertAlign::Superscript),
            "<sub>" => self.vert.push(VertAlign::Subscript),
            "</sup>" => self.end_vert(VertAlign::Superscript),
            "</sub>" => self.end_vert(VertAlign::Subscript),
            "</span>" => match self.pop_span() {
                Some(Some(n)) => self.push(Inline::CommentEnd(n)),
                Some(None) => {}
                None => self.text(html),
            },
            _ if lower.starts_with("<span") => self.spans.push(None),
            _ => self.text(html),
        }
    }

    /// Close the innermost superscript (or subscript) still open.
    fn end_vert(&mut self, v: VertAlign) {
        if let Some(at) = self.vert.iter().rposition(|x| *x == v) {
            self.vert.remove(at);
        }
    }

    /// Close the innermost `<span>`: `Some(Some(i))` for comment `i`'s marker.
    fn pop_span(&mut self) -> Option<Option<usize>> {
        if self.lang_spans.last() == Some(&(self.spans.len().wrapping_sub(1))) {
            self.lang_spans.pop();
        }
        self.spans.pop()
    }

    fn unrender(&mut self, what: &'static str, source: &str) {
        let line = source.trim().lines().next().unwrap_or_default();
        let mut snippet: String = line.chars().take(60).collect();
        if snippet.len() < line.len() {
            snippet.push('…');
        }
        self.unrendered.push(Unrendered { what, snippet });
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if std::mem::take(&mut self.code_block) {
                    self.unrender("code block", &t);
                }
                if let Some(h) = self.html_block.as_mut() {
                    h.push_str(&t);
                } else {
                    self.text(&t);
                }
            }
            Event::Code(t) if self.image.is_some() => self.text(&t),
            Event::Code(t) => {
                let saved = self.code_html;
                self.code_html = 1;
                self.text(&t);
                self.code_html = saved;
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::Html(t) => match self.html_block.as_mut() {
                Some(h) => h.push_str(&t),
                None => self.text(&t),
            },
            Event::InlineHtml(t) => self.inline_html(&t),
            Event::FootnoteReference(label) => {
                let key = norm_label(&label);
                let next = self.refs.len();
                let n = *self.refs.entry(key).or_insert(next);
                if n == self.ref_labels.len() {
                    self.ref_labels.push(label.to_string());
                }
                self.push(Inline::FootnoteRef(n));
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.push(Inline::LineBreak),
            Event::Rule => {
                self.flush();
                self.blocks
                    .push(Block::new(BlockKind::PageBreak, Vec::new()));
            }
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open_block(),
            Tag::CodeBlock(_) => {
                // Printed as a plain paragraph: its monospaced layout is lost, so say so.
                self.code_block = true;
                self.open_block();
            }
            Tag::Strikethrough => self.unrender("strikethrough", "~~"),
            Tag::Heading { level, .. } => {
                let kind = match level as u8 {
                    1 => BlockKind::Title,
                    2 => BlockKind::Heading(1),
                    3 => BlockKind::Heading(2),
                    _ => BlockKind::Heading(3),
                };
                self.heading = Some(kind);
                self.open_block();
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html_block = Some(String::new());
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote_depth += 1;
            }
            Tag::List(start) => {
                self.flush();
                let kind = match start {
                    Some(_) => {
                        let id = self.next_list;
                        self.next_list += 1;
                        ListKind::Numbered(id)
                    }
                    None => ListKind::Bullet,
                };
                self.lists.push(kind);
            }
            Tag::Item => self.flush(),
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.footnote = Some((label.to_string(), Vec::new()));
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Superscript => self.vert.push(VertAlign::Superscript),
            Tag::Subscript => self.vert.push(VertAlign::Subscript),
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            // A picture inside a picture's description adds only its text.
            Tag::Image { dest_url, .. } if self.image.is_none() => {
                self.image = Some((dest_url.to_string(), String::new()));
            }
            Tag::Table(aligns) => {
                self.flush();
                let id = self.next_table;
                self.next_table += 1;
                let aligns = aligns
                    .iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::None => Align::None,
                        pulldown_cmark::Alignment::Left => Align::Left,
                        pulldown_cmark::Alignment::Center => Align::Center,
                        pulldown_cmark::Alignment::Right => Align::Right,
                    })
                    .collect();
                self.table = Some(TableState {
                    id,
                    aligns,
                    row: 0,
                    col: 0,
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.col = 0;
                }
            }
            Tag::TableCell => {
                // Cells past the last column Word allows join the last one.
                let overflow = self.table.as_ref().is_some_and(|t| t.col >= MAX_TABLE_COLS);
                match self.blocks.pop() {
                    Some(last) if overflow && self.footnote.is_none() => {
                        let mut inlines = last.inlines;
                        inlines.push(Inline::text(" "));
                        self.current = Some((last.kind, inlines));
                    }
                    last => {
                        self.blocks.extend(last);
                        self.open_block();
                    }
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::CodeBlock => {
                if let Some((_, inlines)) = self.footnote.as_mut() {
                    // A footnote with several paragraphs: keep them apart with a line break.
                    if !inlines.is_empty() {
                        inlines.push(Inline::LineBreak);
                    }
                } else {
                    self.flush();
                }
            }
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html_block.take() {
                    self.html_block_done(&html);
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Item => self.flush(),
            TagEnd::FootnoteDefinition => {
                if let Some((label, mut inlines)) = self.footnote.take() {
                    if inlines.last() == Some(&Inline::LineBreak) {
                        inlines.pop();
                    }
                    self.definitions.push((label, merge(inlines)));
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Superscript => self.end_vert(VertAlign::Superscript),
            TagEnd::Subscript => self.end_vert(VertAlign::Subscript),
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::Image => {
                if let Some((src, alt)) = self.image.take() {
                    self.push(Inline::Image { src, alt });
                }
            }
            TagEnd::TableCell => {
                self.flush();
                if let Some(t) = self.table.as_mut() {
                    t.col = t.col.saturating_add(1);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.row = t.row.saturating_add(1);
                }
            }
            TagEnd::Table => {
                self.flush();
                self.table = None;
            }
            _ => {}
        }
    }

    /// An HTML block is literal text, except a block of `<br>`s (a paragraph that is only line
    /// breaks) and HTML comments, which are dropped.
    fn html_block_done(&mut self, html: &str) {
        let body = html.trim_end_matches('\n');
        if body.trim_start().starts_with("<!--") && body.trim_end().ends_with("-->") {
            return;
        }
        self.open_block();
        let brs = body
            .trim()
            .replace("<br />", "<br>")
            .replace("<br/>", "<br>");
        if !brs.is_empty() && brs.split("<br>").all(str::is_empty) {
            for _ in 0..brs.matches("<br>").count() {
                self.push(Inline::LineBreak);
            }
        } else {
            self.unrender("raw HTML", body);
            for (i, line) in body.split('\n').enumerate() {
                if i > 0 {
                    self.push(Inline::LineBreak);
                }
                self.text(line);
            }
        }
        self.flush();
    }

    fn finish(mut self, comments: Vec<Comment>) -> Document {
        self.flush();
        let mut by_label: HashMap<String, Vec<Inline>> = HashMap::new();
        let mut unreferenced = Vec::new();
        for (label, inlines) in self.definitions {
            let key = norm_label(&label);
            if self.refs.contains_key(&key) {
                by_label.entry(key).or_insert(inlines);
            } else {
                unreferenced.push(Footnote { label, inlines });
            }
        }
        let mut footnotes: Vec<Footnote> = self
            .ref_labels
            .iter()
            .map(|label| Footnote {
                label: label.clone(),
                inlines: by_label.remove(&norm_label(label)).unwrap_or_default(),
            })
            .collect();
        footnotes.extend(unreferenced);
        Document {
            blocks: self.blocks,
            footnotes,
            comments,
        }
    }
}

fn level(depth: usize) -> u8 {
    u8::try_from(depth.saturating_sub(1)).unwrap_or(u8::MAX)
}

/// Merge adjacent text runs with the same style and link.
pub(crate) fn merge(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines {
        if let Inline::Text { text, style, link } = &i {
            if text.is_empty() {
                continue;
            }
            if let Some(Inline::Text {
                text: prev,
                style: ps,
                link: pl,
            }) = out.last_mut()
            {
                if ps == style && pl == link {
                    prev.push_str(text);
                    continue;
                }
            }
        }
        out.push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::text(s)
    }

    #[test]
    fn headings_paragraphs_and_breaks() {
        let d = parse(
            "# T\n\n## H\n\nA *b* c\\\nd\n\n---\n\n#### deep\n",
            Vec::new(),
        );
        assert_eq!(d.blocks[0], Block::new(BlockKind::Title, vec![t("T")]));
        assert_eq!(d.blocks[1].kind, BlockKind::Heading(1));
        assert_eq!(
            d.blocks[2].inlines,
            vec![
                t("A "),
                Inline::Text {
                    text: "b".into(),
                    style: Style {
                        italic: true,
                        ..Style::default()
                    },
                    link: None
                },
                t(" c"),
                Inline::LineBreak,
                t("d")
            ]
        );
        assert_eq!(d.blocks[3].kind, BlockKind::PageBreak);
        assert_eq!(d.blocks[4].kind, BlockKind::Heading(3));
    }

    #[test]
    fn lists_are_flattened_and_numbering_restarts() {
        let d = parse("1. a\n2. b\n   - c\n\ntext\n\n1. x\n", Vec::new());
        let kinds: Vec<BlockKind> = d.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Numbered { level: 0, list: 0 },
                BlockKind::Numbered { level: 0, list: 0 },
                BlockKind::Bullet { level: 1 },
                BlockKind::Paragraph,
                BlockKind::Numbered { level: 0, list: 1 },
            ]
        );
    }

    #[test]
    fn footnotes_in_order_of_first_reference() {
        let md = "A[^b] B[^a] C[^b]\n\n[^a]: Alpha\n[^b]: *Beta*\n";
        let d = parse(md, Vec::new());
        assert_eq!(d.footnotes.len(), 2);
        assert_eq!(d.footnotes[0].label, "b");
        assert_eq!(d.footnotes[1].inlines, vec![t("Alpha")]);
        assert_eq!(
            d.blocks[0].inlines,
            vec![
                t("A"),
                Inline::FootnoteRef(0),
                t(" B"),
                Inline::FootnoteRef(1),
                t(" C"),
                Inline::FootnoteRef(0)
            ]
        );
    }

    #[test]
    fn comment_markers_span_paragraphs() {
        let md = format!(
            "{}One\n\nTwo{}\n\n<span>x</span> <b\n",
            comment_start(0),
            COMMENT_END
        );
        let d = parse(&md, vec![]);
        assert_eq!(d.blocks[0].inlines, vec![Inline::CommentStart(0), t("One")]);
        assert_eq!(d.blocks[1].inlines, vec![t("Two"), Inline::CommentEnd(0)]);
        assert_eq!(d.blocks[2].plain_text(), "x <b");
    }

    #[test]
    fn tables_are_cells_and_pictures_inlines() {
        let md = "| A | *B* |\n|:-:|--:|\n| 1 | ![x *y*](p.png) |\n| 2 |\n\nafter\n";
        let d = parse(md, vec![]);
        let cell = |row, col, align| BlockKind::Cell {
            table: 0,
            row,
            col,
            align,
        };
        let kinds: Vec<BlockKind> = d.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                cell(0, 0, Align::Center),
                cell(0, 1, Align::Right),
                cell(1, 0, Align::Center),
                cell(1, 1, Align::Right),
                cell(2, 0, Align::Center),
                cell(2, 1, Align::Right),
                BlockKind::Paragraph,
            ]
        );
        assert_eq!(
            d.blocks[3].inlines,
            vec![Inline::Image {
                src: "p.png".into(),
                alt: "x y".into()
            }]
        );
        // The row short of a cell is padded with an empty one.
        assert!(d.blocks[5].inlines.is_empty());
        assert_eq!(d.images().collect::<Vec<_>>(), vec![("p.png", "x y")]);
    }

    #[test]
    fn wide_tables_fold_into_words_last_column() {
        let header: String = (0..70).map(|i| format!("| h{i} ")).collect();
        let delim = "| - ".repeat(70);
        let d = parse(&format!("{header}|\n{delim}|\n"), vec![]);
        assert_eq!(d.blocks.len(), usize::from(MAX_TABLE_COLS));
        assert!(d.blocks.last().unwrap().plain_text().ends_with("h69"));
    }

    #[test]
    fn unrendered_html_is_reported_and_kept() {
        let md = "a <u>1</u> <br> <em>b</em> ~~c~~\n\n<div>\nx\n</div>\n\n```\nlet x;\n```\n";
        let (d, u) = parse_checked(md, vec![]);
        let found: Vec<(&str, &str)> = u.iter().map(|u| (u.what, u.snippet.as_str())).collect();
        assert_eq!(
            found,
            [
                ("raw HTML", "<u>"),
                ("raw HTML", "</u>"),
                ("strikethrough", "~~"),
                ("raw HTML", "<div>"),
                ("code block", "let x;")
            ]
        );
        assert_eq!(d.blocks[0].plain_text(), "a <u>1</u> \n b c");
        assert_eq!(d.blocks[1].plain_text(), "<div>\nx\n</div>");
        assert_eq!(d.blocks[2].plain_text(), "let x;\n");
    }

    #[test]
    fn superscript_and_subscript_inside_and_between_words() {
        let v = |text: &str, vert| Inline::Text {
            text: text.into(),
            style: Style {
                vert,
                ..Style::default()
            },
            link: None,
        };
        let (sup, sub) = (VertAlign::Superscript, VertAlign::Subscript);
        let cases: [(&str, Vec<Inline>); 9] = [
            ("XXI^e^ siècle", vec![t("XXI"), v("e", sup), t(" siècle")]),
            ("le 1^er^ mai", vec![t("le 1"), v("er", sup), t(" mai")]),
            (
                "CO~2~ H~2~O",
                vec![t("CO"), v("2", sub), t(" H"), v("2", sub), t("O")],
            ),
            ("10^-3^", vec![t("10"), v("-3", sup)]),
            ("a ^b c^ d", vec![t("a "), v("b c", sup), t(" d")]),
            ("x<sup>a b</sup>", vec![t("x"), v("a b", sup)]),
            // Spaces inside, an escaped mark, a code span, an autolink: no superscript.
            ("2^10 and 3^2", vec![t("2^10 and 3^2")]),
            (
                "a\\^b^ `c^d^`",
                vec![
                    t("a^b^ "),
                    Inline::Text {
                        text: "c^d^".into(),
                        style: Style {
                            code: true,
                            ..Style::default()
                        },
                        link: None,
                    },
                ],
            ),
            (
                "<http://x.org/a^b^>",
                vec![Inline::Text {
                    text: "http://x.org/a^b^".into(),
                    style: Style::default(),
                    link: Some("http://x.org/a^b^".into()),
                }],
            ),
        ];
        for (md, want) in cases {
            let (d, u) = parse_checked(md, vec![]);
            assert_eq!(d.blocks[0].inlines, want, "{md}");
            assert!(u.is_empty(), "{md}: {u:?}");
        }
        // `~~` is still strikethrough: reported, its text kept.
        let (d, u) = parse_checked("a ~~b~~ c~~d", vec![]);
        assert_eq!(d.blocks[0].inlines, vec![t("a b c~~d")]);
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].what, "strikethrough");
    }

    #[test]
    fn other_html_is_literal() {
        let d = parse("a <div> b\n", vec![]);
        assert_eq!(d.blocks[0].plain_text(), "a <div> b");
    }
}
