//! Markdown (CommonMark with footnotes) → `Document`.
//!
//! Lists are flattened: every paragraph of an item becomes a `Bullet`/`Numbered` block with
//! its nesting level, and each numbered list gets its own id so numbering restarts. Inline
//! HTML is literal text except for the few tags lectern writes itself: the review-comment
//! markers (`<span data-lectern-comment="N">` … `</span>`), `<br>` (a line break where a
//! backslash break cannot be written) and `<em>`, `<strong>`, `<code>` (emphasis where `*`
//! would not parse). Data is always escaped, so none of these can come from data.

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Block, BlockKind, Comment, Document, Footnote, Inline, Style};

/// The opening marker of review comment `index`.
pub fn comment_start(index: usize) -> String {
    format!("<span data-lectern-comment=\"{index}\">")
}

/// The closing marker of a review comment.
pub const COMMENT_END: &str = "</span>";

const COMMENT_ATTR: &str = "<span data-lectern-comment=\"";

/// Parse `markdown` into a document whose comment markers refer to `comments`.
pub fn parse(markdown: &str, comments: Vec<Comment>) -> Document {
    let mut p = State::default();
    let options = Options::ENABLE_FOOTNOTES;
    for event in Parser::new_ext(markdown, options) {
        p.event(event);
    }
    p.finish(comments)
}

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
    links: Vec<String>,
    /// Open `<span>`s: `Some(i)` for a comment marker.
    spans: Vec<Option<usize>>,
    /// Footnote being defined: label and inlines collected so far.
    footnote: Option<(String, Vec<Inline>)>,
    definitions: Vec<(String, Vec<Inline>)>,
    /// Normalised footnote label → index, in order of first reference.
    refs: HashMap<String, usize>,
    ref_labels: Vec<String>,
    heading: Option<BlockKind>,
    html_block: Option<String>,
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
        }
    }

    fn container_kind(&self) -> BlockKind {
        if let Some(h) = self.heading {
            return h;
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
        if let Some((kind, inlines)) = self.current.take() {
            if !inlines.is_empty() {
                self.blocks.push(Block::new(kind, merge(inlines)));
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
        if tag.starts_with("<!--") {
            // An HTML comment: invisible, used as a separator by `to_markdown`.
            return;
        }
        match lower.as_str() {
            "<br>" | "<br/>" | "<br />" => self.push(Inline::LineBreak),
            "<em>" | "<i>" => self.italic += 1,
            "</em>" | "</i>" => self.italic = self.italic.saturating_sub(1),
            "<strong>" | "<b>" => self.bold += 1,
            "</strong>" | "</b>" => self.bold = self.bold.saturating_sub(1),
            "<code>" => self.code_html += 1,
            "</code>" => self.code_html = self.code_html.saturating_sub(1),
            "</span>" => match self.spans.pop() {
                Some(Some(n)) => self.push(Inline::CommentEnd(n)),
                Some(None) => {}
                None => self.text(html),
            },
            _ if lower.starts_with("<span") => self.spans.push(None),
            _ => self.text(html),
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some(h) = self.html_block.as_mut() {
                    h.push_str(&t);
                } else {
                    self.text(&t);
                }
            }
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
            Tag::Paragraph | Tag::CodeBlock(_) => self.open_block(),
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
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            Tag::Image { .. } => {}
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
            TagEnd::Link => {
                self.links.pop();
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
    fn other_html_is_literal() {
        let d = parse("a <div> b\n", vec![]);
        assert_eq!(d.blocks[0].plain_text(), "a <div> b");
    }
}
