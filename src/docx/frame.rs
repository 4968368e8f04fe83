//! The page frame of a draft with a house style: its section properties and its headers and
//! footers, the house's own filled with the draft's markings. A marking the house has no
//! placeholder for is added as a line of its own; the clearance marking and the NOT CLEARED
//! warning are added to every header that does not show them (first-page and even-page ones
//! too), so no house style can hide them. (Drafts without a house style get lectern's own
//! header and footer from `write`.)

use super::container::Packed;
use super::house::{part_name, House, Mark, Pages};
use super::text;
use super::track::{self, LineFrom, Op, Revisions, TrackedLine};
use super::DocMeta;
use crate::library::Lang;

/// A header or footer part of a draft: its name under `word/` and its bytes.
pub(crate) struct FramePart {
    pub(crate) name: String,
    pub(crate) footer: bool,
    pub(crate) pages: Pages,
    pub(crate) xml: Vec<u8>,
    /// The part compressed already: the house's pieces as deflated once, the draft's values
    /// and lines between them (`None`: deflate `xml` when packing).
    pub(crate) packed: Option<Packed>,
}

impl FramePart {
    /// The relationship id the document uses for it.
    pub(crate) fn rel_id(&self) -> String {
        let n = match self.pages {
            Pages::Default => 1,
            Pages::First => 2,
            Pages::Even => 3,
        };
        format!("rId{}{n}", if self.footer { "Footer" } else { "Header" })
    }
}

const NS: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
);

/// The headers and footers of a draft with house style `house`, and its `w:sectPr`.
/// In a redline (`rev`), the lines lectern adds are compared with the older side's, the
/// changes tracked; so are the values of the house's own placeholders.
pub(crate) fn house_frame(
    meta: &DocMeta,
    house: &House,
    rev: Option<&Revisions<'_>>,
) -> (Vec<FramePart>, String) {
    let mut parts = Vec::with_capacity(house.layout.len());
    let was = rev.and_then(|r| r.track.was_meta.as_ref().map(|m| (r, m)));
    for &(footer, pages) in &house.layout {
        let own = house.part(footer, pages);
        let lines_of = |meta: &DocMeta| {
            if footer {
                footer_lines(meta, own.map(|p| |m| p.shows(m)))
            } else {
                header_lines(meta, pages, own.map(|p| |m| p.shows(m)))
            }
        };
        let lines = lines_of(meta);
        let old = was.map(|(_, m)| lines_of(m));
        let tracked = match &old {
            Some(old) => {
                let o: Vec<&str> = old.iter().map(Line::key).collect();
                let n: Vec<&str> = lines.iter().map(Line::key).collect();
                track::lines(&o, &n)
            }
            None => (0..lines.len())
                .map(|i| TrackedLine {
                    from: LineFrom::New(i),
                    pieces: Vec::new(),
                    mark: Op::Same,
                })
                .collect(),
        };
        let set = Lines {
            new: &lines,
            old: old.as_deref().unwrap_or_default(),
            tracked: &tracked,
            rev: was.map(|(r, _)| r),
        };
        let mut out = String::with_capacity(4096);
        let mut packed = None;
        match own {
            Some(p) => {
                let mut spans = Vec::new();
                let fill = |k: usize, run: &str| match was {
                    Some((rev, old)) => tracked_value(rev, run, &value(old, k), value(meta, k)),
                    None => value(meta, k),
                };
                p.body.fill_spans(&mut out, &fill, &mut spans);
                write_lines(&mut out, meta, house, footer, &set);
                out.push_str(&p.close);
                packed = Some(p.pack(&out, &spans));
            }
            None => {
                let root = if footer { "w:ftr" } else { "w:hdr" };
                out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
                out.push_str(&format!("<{root} {NS}>"));
                write_lines(&mut out, meta, house, footer, &set);
                if tracked.is_empty() {
                    out.push_str("<w:p/>");
                }
                out.push_str(&format!("</{root}>"));
            }
        }
        parts.push(FramePart {
            name: part_name(footer, pages),
            footer,
            pages,
            xml: out.into_bytes(),
            packed: packed.and_then(std::result::Result::ok),
        });
    }
    let mut sect = String::from("<w:sectPr>");
    for p in &parts {
        sect.push_str(&format!(
            r#"<w:{}Reference w:type="{}" r:id="{}"/>"#,
            if p.footer { "footer" } else { "header" },
            p.pages.attr(),
            p.rel_id()
        ));
    }
    if !house.section.contains("<w:pgSz") {
        // A house document without page setup: lectern's A4.
        let look = super::styles::Look::for_kind(meta.kind);
        sect.push_str(&format!(
            r#"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="709" w:footer="709" w:gutter="0"/>"#,
            look.margin_top, look.margin_side, look.margin_bottom, look.margin_side
        ));
    }
    sect.push_str(&house.section);
    sect.push_str("</w:sectPr>");
    (parts, sect)
}

/// The lines of a header or footer part: the newer side's, in a redline the older side's
/// too and both in one list with their changes.
struct Lines<'l> {
    new: &'l [Line],
    old: &'l [Line],
    tracked: &'l [TrackedLine],
    rev: Option<&'l Revisions<'l>>,
}

impl Line {
    /// What the redline compares.
    fn key(&self) -> &str {
        match self {
            Line::Text(s) | Line::Warning(s) => s,
            Line::Pages => "\u{1}pages",
        }
    }
}

/// A line lectern adds.
enum Line {
    Text(String),
    /// The NOT CLEARED warning, in red.
    Warning(String),
    /// "Page X of Y", the numbers as fields.
    Pages,
}

/// The value of slot `k` for this draft, escaped.
fn value(meta: &DocMeta, k: usize) -> String {
    let m = &meta.marks;
    let v = match Mark::from_slot(k) {
        Some(Mark::Status) => m.status.clone(),
        Some(Mark::Clearance) => m.clearance.clone(),
        Some(Mark::Embargo) => m.embargo.clone().unwrap_or_default(),
        Some(Mark::Version) => m.version.clone(),
        Some(Mark::Event) => meta.event_id.clone(),
        Some(Mark::Kind) => {
            if m.kind.is_empty() {
                meta.kind.name().to_string()
            } else {
                m.kind.clone()
            }
        }
        Some(Mark::Title) => meta.title.clone(),
        Some(Mark::Date) => m.date.clone(),
        Some(Mark::Page | Mark::Pages) | None => String::new(),
    };
    text::escape_xml(&text::sanitize(&v)).into_owned()
}

/// In a redline, the value of a house placeholder that changed (an embargo time, the
/// version, the status): the older value deleted and the newer inserted, each in a run of its
/// own with the formatting of `run` (the opening of the run the placeholder is in, which is
/// closed before them and opened again after). A value added or emptied is shown as it is now.
fn tracked_value(rev: &Revisions<'_>, run: &str, old: &str, new: String) -> String {
    if old == new || old.is_empty() || new.is_empty() || !run.starts_with("<w:r") {
        return new;
    }
    let mut out = String::with_capacity(2 * run.len() + old.len() + new.len() + 256);
    out.push_str("</w:t></w:r>");
    for (op, tag, text) in [
        (Op::Deleted, "w:delText", old),
        (Op::Inserted, "w:t", new.as_str()),
    ] {
        rev.open(&mut out, op);
        out.push_str(run);
        out.push_str(&format!(
            r#"<{tag} xml:space="preserve">{text}</{tag}></w:r>"#
        ));
        rev.close(&mut out, op);
    }
    out.push_str(run);
    out.push_str(r#"<w:t xml:space="preserve">"#);
    out
}

/// The header lines lectern adds to the house header for `pages` (`shows`: which markings
/// the house part already shows; `None`: the house has no such header).
fn header_lines(meta: &DocMeta, pages: Pages, shows: Option<impl Fn(Mark) -> bool>) -> Vec<Line> {
    let shown = |m: Mark| shows.as_ref().is_some_and(|f| f(m));
    let m = &meta.marks;
    let mut lines: Vec<Line> = Vec::new();
    if m.status.is_empty() && m.clearance.is_empty() {
        // No separate markings given: the header lines as lectern writes them.
        lines.extend(meta.header.iter().map(|l| Line::Text(l.clone())));
    } else if pages == Pages::First {
        // The first page of a letterhead: only what must be on every page.
        if !shown(Mark::Clearance) {
            lines.push(Line::Text(m.clearance.clone()));
        }
    } else {
        let status: Vec<&str> = [
            (Mark::Status, &m.status),
            (Mark::Version, &m.version),
            (Mark::Clearance, &m.clearance),
        ]
        .iter()
        .filter(|(k, v)| !shown(*k) && !v.is_empty())
        .map(|(_, v)| v.as_str())
        .collect();
        if !status.is_empty() {
            lines.push(Line::Text(status.join(" · ")));
        }
        if let Some(e) = &m.embargo {
            if !shown(Mark::Embargo) {
                lines.push(Line::Text(e.clone()));
            }
        }
    }
    if let Some(w) = &meta.not_cleared {
        lines.push(Line::Warning(w.clone()));
    }
    lines
}

/// The footer line lectern adds: the draft's identity and "Page X of Y", each unless the
/// house footer places them.
fn footer_lines(meta: &DocMeta, shows: Option<impl Fn(Mark) -> bool>) -> Vec<Line> {
    let shown = |m: Mark| shows.as_ref().is_some_and(|f| f(m));
    let mut lines = Vec::new();
    if !(shown(Mark::Event) || shown(Mark::Kind)) {
        lines.push(Line::Text(meta.footer.clone()));
    }
    if !(shown(Mark::Page) || shown(Mark::Pages)) {
        lines.push(Line::Pages);
    }
    lines
}

/// Write lectern's lines as paragraphs in the house's header or footer style.
fn write_lines(out: &mut String, meta: &DocMeta, house: &House, footer: bool, lines: &Lines<'_>) {
    let rtl = meta.lang == Lang::Ar;
    let style = if footer {
        &house.ids.footer
    } else {
        &house.ids.header
    };
    for t in lines.tracked {
        let line = match t.from {
            LineFrom::New(n) => &lines.new[n],
            LineFrom::Old(a) => &lines.old[a],
        };
        out.push_str(r#"<w:p><w:pPr><w:pStyle w:val=""#);
        out.push_str(&text::escape_xml(style));
        out.push_str(r#""/>"#);
        if rtl {
            out.push_str("<w:bidi/>");
        }
        if rtl {
            out.push_str(r#"<w:jc w:val="start"/>"#);
        }
        if let (Some(rev), true) = (lines.rev, t.mark != Op::Same) {
            out.push_str("<w:rPr>");
            rev.mark(out, t.mark);
            out.push_str("</w:rPr>");
        }
        out.push_str("</w:pPr>");
        let mut rpr = String::new();
        if matches!(line, Line::Warning(_)) {
            rpr.push_str(r#"<w:b/><w:bCs/><w:color w:val="C00000"/>"#);
        }
        if rtl {
            rpr.push_str("<w:rtl/>");
        }
        let run = |out: &mut String, s: &str, op: Op| {
            if let Some(rev) = lines.rev {
                rev.open(out, op);
            }
            out.push_str("<w:r>");
            if !rpr.is_empty() {
                out.push_str("<w:rPr>");
                out.push_str(&rpr);
                out.push_str("</w:rPr>");
            }
            let tag = if op.is_removal() { "w:delText" } else { "w:t" };
            out.push_str(&format!(r#"<{tag} xml:space="preserve">"#));
            out.push_str(&text::escape_xml(&text::sanitize(s)));
            out.push_str(&format!("</{tag}></w:r>"));
            if let Some(rev) = lines.rev {
                rev.close(out, op);
            }
        };
        match line {
            Line::Pages => {
                run(out, &format!("{} ", meta.page_word), Op::Same);
                field(out, "PAGE");
                run(out, &format!(" {} ", meta.of_word), Op::Same);
                field(out, "NUMPAGES");
            }
            Line::Text(s) | Line::Warning(s) if t.pieces.is_empty() => run(out, s, Op::Same),
            Line::Text(_) | Line::Warning(_) => {
                for (piece, op) in &t.pieces {
                    run(out, piece, *op);
                }
            }
        }
        out.push_str("</w:p>");
    }
}

fn field(out: &mut String, instr: &str) {
    out.push_str(concat!(
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r>"#,
        r#"<w:r><w:instrText xml:space="preserve"> "#
    ));
    out.push_str(instr);
    out.push_str(concat!(
        r#" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#,
        r#"<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
    ));
}
