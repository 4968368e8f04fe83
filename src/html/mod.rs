//! Web copy (DESIGN.md §9): a `Document` as one clean, self-contained HTML5 file for a
//! website's content system: `lang` and `dir` on the root, headings, paragraphs, nested lists,
//! quotes, tables with a header row, pictures embedded as `data:` URIs with their alt text,
//! and footnotes as numbered notes that link to their references and back. No scripts, no
//! external files, one small style sheet. Review comments are not part of web copy. Pure:
//! the pictures come in with the document; nothing here reads files or prints.

pub mod review;

use std::fmt::Write as _;

use base64::Engine as _;

use crate::document::{table_at, Align, Block, BlockKind, Document, Inline, TableGrid, TableSpan};
use crate::library::Lang;
use crate::picture::Pictures;

/// What the page needs beyond the document.
#[derive(Debug, Clone)]
pub struct PageMeta {
    /// `<title>`, when the document has no title of its own.
    pub title: String,
    pub lang: Lang,
    /// The heading of the notes section, localised ("Notes").
    pub notes_label: String,
    /// The accessible name of a link back from a note to its reference, localised.
    pub back_label: String,
    /// `<meta name="generator">`.
    pub generator: String,
}

const STYLE: &str = "body{max-width:42em;margin:2em auto;padding:0 1em;font-family:system-ui,sans-serif;line-height:1.5}img{max-width:100%;height:auto}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.25em .5em;text-align:start;vertical-align:top}.footnotes{font-size:.9em;border-top:1px solid #ccc;margin-top:2em}";

/// The whole page.
pub fn page(doc: &Document, meta: &PageMeta, pictures: &Pictures) -> String {
    let mut w = Html {
        doc,
        pictures,
        out: String::with_capacity(doc.blocks.len() * 200 + 2048),
        refs: vec![0; doc.footnotes.len()],
        order: Vec::new(),
    };
    let title = doc.title().unwrap_or_else(|| meta.title.clone());
    let dir = if meta.lang.is_rtl() { "rtl" } else { "ltr" };
    let _ = write!(
        w.out,
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"{}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<article>\n",
        meta.lang.code(),
        escape(&meta.generator),
        escape(&title),
    );
    w.body();
    w.notes(meta);
    w.out.push_str("</article>\n</body>\n</html>\n");
    w.out
}

struct Html<'a> {
    doc: &'a Document,
    pictures: &'a Pictures,
    out: String,
    /// References made so far to each footnote (its back links are numbered from these).
    refs: Vec<usize>,
    /// Footnotes in order of first reference: note `order[k]` is numbered `k + 1`.
    order: Vec<usize>,
}

/// An open list: numbered or not, its id in the model.
#[derive(PartialEq)]
struct OpenList {
    numbered: bool,
    id: u32,
}

impl Html<'_> {
    fn body(&mut self) {
        let blocks = &self.doc.blocks;
        let mut lists: Vec<OpenList> = Vec::new();
        let mut in_quote = false;
        let mut k = 0;
        while k < blocks.len() {
            let b = &blocks[k];
            let list = match b.kind {
                BlockKind::Bullet { level } => Some((usize::from(level), false, 0)),
                BlockKind::Numbered { level, list } => Some((usize::from(level), true, list)),
                _ => None,
            };
            match list {
                Some((level, numbered, id)) => {
                    if in_quote {
                        self.out.push_str("</blockquote>\n");
                        in_quote = false;
                    }
                    self.list_item(&mut lists, level, OpenList { numbered, id }, b);
                    k += 1;
                    continue;
                }
                None => self.close_lists(&mut lists, 0),
            }
            if b.kind == BlockKind::Quote {
                if !in_quote {
                    self.out.push_str("<blockquote>\n");
                    in_quote = true;
                }
            } else if in_quote {
                self.out.push_str("</blockquote>\n");
                in_quote = false;
            }
            if let Some(span) = table_at(blocks, k) {
                self.table(span);
                k = span.end;
                continue;
            }
            let (open, close) = match b.kind {
                BlockKind::Title => ("<h1>", "</h1>"),
                BlockKind::Heading(1) => ("<h2>", "</h2>"),
                BlockKind::Heading(2) => ("<h3>", "</h3>"),
                BlockKind::Heading(_) => ("<h4>", "</h4>"),
                BlockKind::PageBreak => {
                    self.out.push_str("<hr>\n");
                    k += 1;
                    continue;
                }
                _ => ("<p>", "</p>"),
            };
            if !b.inlines.is_empty() {
                match b.lang {
                    // A passage in another language than the page's (DESIGN.md §12).
                    Some(lang) => {
                        let dir = if lang.is_rtl() { "rtl" } else { "ltr" };
                        let _ = write!(
                            self.out,
                            "{} lang=\"{lang}\" dir=\"{dir}\">",
                            open.trim_end_matches('>')
                        );
                    }
                    None => self.out.push_str(open),
                }
                self.inlines(&b.inlines);
                self.out.push_str(close);
                self.out.push('\n');
            }
            k += 1;
        }
        self.close_lists(&mut lists, 0);
        if in_quote {
            self.out.push_str("</blockquote>\n");
        }
    }

    /// One list item at `level`, opening and closing lists so they nest as in the model;
    /// every open list has an open `<li>`.
    fn list_item(&mut self, lists: &mut Vec<OpenList>, level: usize, kind: OpenList, b: &Block) {
        self.close_lists(lists, level + 1);
        if lists.len() == level + 1 {
            if lists[level] == kind {
                self.out.push_str("</li>\n");
            } else {
                self.close_lists(lists, level);
            }
        }
        while lists.len() <= level {
            if lists.len() < level {
                // A level the model skips: an unnumbered list with an empty item holds it.
                self.out.push_str("<ul>\n<li>");
                lists.push(OpenList {
                    numbered: false,
                    id: u32::MAX,
                });
            } else {
                self.out
                    .push_str(if kind.numbered { "<ol>\n" } else { "<ul>\n" });
                lists.push(OpenList {
                    numbered: kind.numbered,
                    id: kind.id,
                });
            }
        }
        self.out.push_str("<li>");
        self.inlines(&b.inlines);
    }

    /// Close open lists down to `keep` levels.
    fn close_lists(&mut self, lists: &mut Vec<OpenList>, keep: usize) {
        while lists.len() > keep {
            let l = lists.pop().expect("checked non-empty");
            let tag = if l.numbered { "ol" } else { "ul" };
            let _ = write!(self.out, "</li>\n</{tag}>\n");
        }
    }

    fn table(&mut self, span: TableSpan) {
        let doc = self.doc;
        let table = TableGrid::of(&doc.blocks[span.start..span.end]);
        self.out.push_str("<table>\n");
        for (r, row) in table.rows.iter().enumerate() {
            if r == 0 {
                self.out.push_str("<thead>\n");
            } else if r == 1 {
                self.out.push_str("<tbody>\n");
            }
            self.out.push_str("<tr>");
            let tag = if r == 0 { "th" } else { "td" };
            for (cell, align) in row.iter().zip(&table.aligns) {
                let style = match align {
                    Align::None | Align::Left => "",
                    Align::Center => " style=\"text-align:center\"",
                    Align::Right => " style=\"text-align:end\"",
                };
                let scope = if r == 0 { " scope=\"col\"" } else { "" };
                let _ = write!(self.out, "<{tag}{scope}{style}>");
                for (n, b) in cell.iter().enumerate() {
                    if n > 0 {
                        self.out.push(' ');
                    }
                    self.inlines(&b.inlines);
                }
                let _ = write!(self.out, "</{tag}>");
            }
            self.out.push_str("</tr>\n");
            if r == 0 {
                self.out.push_str("</thead>\n");
            }
        }
        if table.rows.len() > 1 {
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n");
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        let mut link: Option<&str> = None;
        for i in inlines {
            let wanted = match i {
                Inline::Text { link, .. } => link.as_deref(),
                _ => None,
            };
            if wanted != link {
                if link.is_some() {
                    self.out.push_str("</a>");
                }
                if let Some(url) = wanted {
                    let _ = write!(self.out, "<a href=\"{}\">", escape(url));
                }
                link = wanted;
            }
            match i {
                Inline::Text { text, style, .. } => {
                    let tags: Vec<(&str, &str)> = [
                        (style.bold, "<strong>", "</strong>"),
                        (style.italic, "<em>", "</em>"),
                        (style.code, "<code>", "</code>"),
                        (
                            style.vert == crate::document::VertAlign::Superscript,
                            "<sup>",
                            "</sup>",
                        ),
                        (
                            style.vert == crate::document::VertAlign::Subscript,
                            "<sub>",
                            "</sub>",
                        ),
                    ]
                    .into_iter()
                    .filter(|t| t.0)
                    .map(|t| (t.1, t.2))
                    .collect();
                    for (open, _) in &tags {
                        self.out.push_str(open);
                    }
                    self.out
                        .push_str(&escape(&clean(text)).replace('\n', "<br>\n"));
                    for (_, close) in tags.iter().rev() {
                        self.out.push_str(close);
                    }
                }
                Inline::LineBreak => self.out.push_str("<br>\n"),
                Inline::Tab => self.out.push(' '),
                Inline::FootnoteRef(n) if *n < self.refs.len() => {
                    let number = match self.order.iter().position(|o| o == n) {
                        Some(p) => p + 1,
                        None => {
                            self.order.push(*n);
                            self.order.len()
                        }
                    };
                    self.refs[*n] += 1;
                    let id = ref_id(number, self.refs[*n]);
                    let _ = write!(
                        self.out,
                        "<sup><a id=\"{id}\" href=\"#fn-{number}\" role=\"doc-noteref\">{number}</a></sup>"
                    );
                }
                Inline::Image { src, alt } => self.image(src, alt),
                Inline::FootnoteRef(_) | Inline::CommentStart(_) | Inline::CommentEnd(_) => {}
            }
        }
        if link.is_some() {
            self.out.push_str("</a>");
        }
    }

    fn image(&mut self, src: &str, alt: &str) {
        match self.pictures.get(src) {
            Some(pic) => {
                let (w, h) = pic.inches();
                let data = base64::engine::general_purpose::STANDARD.encode(&pic.bytes);
                let _ = write!(
                    self.out,
                    "<img src=\"data:{};base64,{data}\" alt=\"{}\" width=\"{}\" height=\"{}\">",
                    pic.format.mime(),
                    escape(&clean(alt)),
                    (w * 96.0).round().max(1.0),
                    (h * 96.0).round().max(1.0),
                );
            }
            // Not loaded: the caller decided to leave the file alongside, by its path.
            None => {
                let _ = write!(
                    self.out,
                    "<img src=\"{}\" alt=\"{}\">",
                    escape(src),
                    escape(&clean(alt))
                );
            }
        }
    }

    /// The notes, numbered in order of first reference, each linking back to every reference.
    fn notes(&mut self, meta: &PageMeta) {
        if self.order.is_empty() {
            return;
        }
        let _ = write!(
            self.out,
            "<section class=\"footnotes\" role=\"doc-endnotes\">\n<h2>{}</h2>\n<ol>\n",
            escape(&meta.notes_label)
        );
        let order = self.order.clone();
        for (k, n) in order.iter().enumerate() {
            let number = k + 1;
            let _ = write!(self.out, "<li id=\"fn-{number}\">");
            let note = self.doc.footnotes[*n].inlines.clone();
            // A note cannot hold a note: references inside are dropped, as in the DOCX.
            let inner: Vec<Inline> = note
                .into_iter()
                .filter(|i| !matches!(i, Inline::FootnoteRef(_)))
                .collect();
            self.inlines(&inner);
            for r in 1..=self.refs[*n] {
                let _ = write!(
                    self.out,
                    " <a href=\"#{}\" role=\"doc-backlink\" aria-label=\"{}\">↩</a>",
                    ref_id(number, r),
                    escape(&meta.back_label)
                );
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ol>\n</section>\n");
    }
}

fn ref_id(number: usize, nth: usize) -> String {
    if nth <= 1 {
        format!("fnref-{number}")
    } else {
        format!("fnref-{number}-{nth}")
    }
}

/// Text without the characters HTML may not carry (C0 controls other than tab and newline).
pub(crate) fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| !(c.is_control() && c != '\n' && c != '\t') || c == '\u{85}')
        .filter(|&c| c != '\u{85}')
        .collect()
}

/// Escape text for an HTML element or a double-quoted attribute.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse::parse;

    fn meta(lang: Lang) -> PageMeta {
        PageMeta {
            title: "T".into(),
            lang,
            notes_label: "Notes".into(),
            back_label: "Back".into(),
            generator: "lectern test".into(),
        }
    }

    #[test]
    fn structure_lists_tables_notes() {
        let md = "# Title & co\n\nText[^a] and **bold** <x>.\n\n- one\n  - two\n- three\n\n1. first\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\nAgain[^a].\n\n[^a]: The *source*.\n";
        let html = page(&parse(md, vec![]), &meta(Lang::En), &Pictures::new());
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"),
            "{html}"
        );
        assert!(html.contains("<title>Title &amp; co</title>"), "{html}");
        assert!(html.contains("<h1>Title &amp; co</h1>"), "{html}");
        assert!(html.contains("&lt;x&gt;"), "{html}");
        assert!(
            html.contains("<ul>\n<li>one<ul>\n<li>two</li>\n</ul>\n</li>\n<li>three</li>\n</ul>\n<ol>\n<li>first</li>\n</ol>"),
            "{html}"
        );
        assert!(html.contains("<thead>\n<tr><th scope=\"col\">A</th><th scope=\"col\" style=\"text-align:end\">B</th></tr>"), "{html}");
        assert!(
            html.contains("<sup><a id=\"fnref-1\" href=\"#fn-1\" role=\"doc-noteref\">1</a></sup>"),
            "{html}"
        );
        assert!(html.contains("id=\"fnref-1-2\""), "{html}");
        assert!(html.contains("<li id=\"fn-1\">The <em>source</em>. <a href=\"#fnref-1\" role=\"doc-backlink\" aria-label=\"Back\">↩</a> <a href=\"#fnref-1-2\""), "{html}");
    }

    #[test]
    fn superscript_and_subscript() {
        let html = page(
            &parse("The XXI^e^ century, CO~2~ and **x^2^**.\n", vec![]),
            &meta(Lang::En),
            &Pictures::new(),
        );
        assert!(
            html.contains("The XXI<sup>e</sup> century, CO<sub>2</sub> and <strong>x</strong><strong><sup>2</sup></strong>."),
            "{html}"
        );
    }

    #[test]
    fn arabic_is_right_to_left() {
        let html = page(
            &parse("# عنوان\n", vec![]),
            &meta(Lang::Ar),
            &Pictures::new(),
        );
        assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{html}");
    }
}
