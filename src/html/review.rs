//! The review page (DESIGN.md §10): a `Diff` as one self-contained HTML5 file for a person
//! reviewing an edit. The two texts side by side in one table, paragraphs aligned row by row;
//! inserted and deleted words marked inside the paragraphs (`<ins>`/`<del>`, underlined and
//! struck through, so the marks never rest on colour alone); a moved paragraph linked from
//! where it was to where it is and back; the inputs that changed, who edited, the reviewers'
//! comments (each linked to the paragraph it is anchored in) and, after a merge, the
//! conflicts. Right-to-left paragraphs are set right to left, each with its language. One
//! inline style sheet with print rules; no script, no external file, no font to fetch.
//! Pure: the caller gathers manifests and comments; nothing here reads files or prints.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{clean, escape};
use crate::diff::{Diff, InputChange, Item, SpanOp};
use crate::document::BlockKind;
use crate::library::Lang;
use crate::versions::{Manifest, ReviewComment};

/// One side of a comparison as the header shows it.
#[derive(Debug, Clone, Default)]
pub struct SideMeta {
    /// The event and kind of a stored version.
    pub event: Option<String>,
    pub kind: Option<String>,
    /// `sg-test speech v002`, or the file's path.
    pub label: String,
    /// The column heading: `v002`, or the file's name.
    pub short: String,
    /// How and when the side came to be: `drafted 2026-03-02 09:00 UTC`, `imported by Ana
    /// Ruiz from review.docx, 2026-03-03 10:00 UTC`, `modified 2026-03-04 08:00 UTC`.
    pub about: Option<String>,
    /// The text's language, where a manifest says it.
    pub lang: Option<Lang>,
}

impl SideMeta {
    /// A stored version, from its manifest.
    pub fn of_version(label: String, m: &Manifest) -> SideMeta {
        SideMeta {
            event: Some(m.event.clone()),
            kind: Some(m.kind.name().to_string()),
            label,
            short: format!("v{:03}", m.version),
            about: Some(provenance(m)),
            lang: Some(m.language),
        }
    }
}

/// A comment with where it was found (`v002`, or a file name).
#[derive(Debug, Clone)]
pub struct Noted {
    pub source: String,
    pub comment: ReviewComment,
}

/// A merge conflict to list: the generated wording both started from, the reviewer's
/// wording (kept; empty when the reviewer removed the passage) and the inputs' new wording
/// (empty when the inputs no longer have it).
#[derive(Debug, Clone, Default)]
pub struct Conflict {
    pub base: String,
    pub kept: String,
    pub inputs: String,
}

/// One side of a comparison with what is known of how it came to be.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    pub side: SideMeta,
    /// Who changed the text since the older side, one line each, oldest first (the newer
    /// side of an event's comparison).
    pub edits: Vec<String>,
    /// The reviewers' comments it carries, or that the versions since the older side
    /// recorded.
    pub comments: Vec<Noted>,
    /// Tracked changes it still carries.
    pub pending: usize,
    pub conflicts: Vec<Conflict>,
}

/// One comparison: an event's kind between two versions, or two files.
#[derive(Debug, Clone, Copy)]
pub struct Comparison<'a> {
    /// Prefix of the anchors in this comparison's section (unique in the page).
    pub id: &'a str,
    pub event: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub old: &'a Provenance,
    pub new: &'a Provenance,
    pub diff: &'a Diff,
    pub inputs: &'a [InputChange],
}

/// How a version came to be, for the header: drafted, or imported by whom from which file.
pub fn provenance(m: &Manifest) -> String {
    let when = when(&m.created_at);
    let s = match &m.origin {
        Some(o) if o.kind == "delivered" => {
            format!("as delivered, imported by {} from {}, {when}", o.by, o.file)
        }
        Some(o) => format!(
            "edited by {} in {} (based on v{:03}), imported {when}",
            o.by, o.file, o.based_on
        ),
        None => format!("drafted by {}, {when}", m.tool_version),
    };
    match m.origin.as_ref().and_then(|o| o.note.as_deref()) {
        Some(note) => format!("{s} \u{2014} \u{201c}{note}\u{201d}"),
        None => s,
    }
}

/// The edits between two versions: one line for each version after the older one, up to
/// and including the newer one (`manifests` in that order).
pub fn edits_of(manifests: &[Manifest]) -> Vec<String> {
    manifests
        .iter()
        .map(|m| format!("v{:03}: {}", m.version, provenance(m)))
        .collect()
}

/// The comments recorded by `manifests`, each with its version.
pub fn comments_of(manifests: &[Manifest]) -> Vec<Noted> {
    manifests
        .iter()
        .flat_map(|m| {
            m.comments.iter().map(|c| Noted {
                source: format!("v{:03}", m.version),
                comment: c.clone(),
            })
        })
        .collect()
}

/// `2026-03-02T09:00:00Z` as `2026-03-02 09:00 UTC`; anything else as it is.
pub fn when(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => t
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%d %H:%M UTC")
            .to_string(),
        Err(_) => rfc3339.to_string(),
    }
}

const STYLE: &str = r#"
:root{color-scheme:light}
body{margin:0 auto;max-width:100rem;padding:1rem 1.5rem 3rem;font:16px/1.5 system-ui,"Noto Sans","Noto Sans Arabic","DejaVu Sans",sans-serif;color:#1b1b1b;background:#fff}
h1{font-size:1.55rem;line-height:1.25;margin:.4rem 0 .8rem}
h2{font-size:1.2rem;margin:1.6rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid #444}
h3{font-size:1.02rem;margin:1.2rem 0 .4rem}
a{color:#1a4fa3}
dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1.2rem;margin:0 0 .6rem}
dl.meta dt{font-weight:600;color:#333}
dl.meta dd{margin:0}
dl.meta ul{margin:0;padding-inline-start:1.1rem}
.legend,.tools{font-size:.9rem;color:#333;margin:.4rem 0}
.legend span{margin-inline-end:1.2em}
section.list ul,section.list ol{margin:.2rem 0;padding-inline-start:1.6rem}
section.list li{margin:.25rem 0}
ol.comments li{margin:.5rem 0}
.who{font-weight:600}
.on{font-size:.85em;color:#555}
blockquote.anchor{margin:.15rem 0;padding:.1rem .6rem;border-inline-start:3px solid #999;background:#f6f6f6;color:#333}
table.sbs{width:100%;border-collapse:collapse;table-layout:fixed;margin-top:.4rem}
table.sbs col.n{width:4.6em}
table.sbs th{position:sticky;top:0;z-index:1;background:#eef0f3;text-align:start;padding:.45rem .6rem;border-bottom:2px solid #666;font-size:.95rem}
table.sbs td{vertical-align:top;padding:.4rem .6rem;border-bottom:1px solid #e2e2e2;overflow-wrap:anywhere}
td.n{color:#555;font-size:.78rem;text-align:end;padding-inline:.15rem .35rem;line-height:1.3;padding-top:.55rem}
td.n b{display:block;font-weight:600;font-size:.95em}
tr.changed td.n b{color:#6b4c00}tr.added td.n b{color:#0d5a1c}tr.removed td.n b{color:#8a1111}tr.moved td.n b{color:#3a3f99}
tr:not(.same) td.n{border-inline-start:4px solid #8c8c8c}
tr.same td.t{color:#333}
td.t p{margin:0;white-space:pre-wrap}
td.gap{background:repeating-linear-gradient(135deg,#fafafa 0 6px,#f0f0f0 6px 12px)}
ins{background:#d6f2db;color:#053d10;text-decoration:underline 2px;text-underline-offset:.18em}
del{background:#fbdcdb;color:#7d0f0f;text-decoration:line-through 2px}
.moved{background:#eef0fb}
a.move{display:inline-block;font-size:.82em;margin-block-end:.15rem}
p.title{font-size:1.3em;font-weight:700}
p.h{font-weight:700}p.h1{font-size:1.15em}p.h2{font-size:1.05em}
p.li{padding-inline-start:calc(var(--lvl,0)*1.4em + 1.4em)}
p.li .m{display:inline-block;width:1.4em;margin-inline-start:-1.4em}
p.quote{border-inline-start:3px solid #aaa;padding-inline-start:.6em;font-style:italic}
p.note{font-size:.9em}
.m{color:#555}p.cell .m{font-size:.8em;font-weight:400}
.mk{color:#8a8a8a}
sup.c a{font-size:.75em;text-decoration:none;border:1px solid #1a4fa3;border-radius:3px;padding:0 .2em;margin-inline-start:.25em}
.tools label{cursor:pointer}
body:has(#only-changes:checked) tr.same{display:none}
@media screen{
ins::before,ins::after,del::before,del::after{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(100%);white-space:nowrap}
ins::before{content:" [inserted: "}del::before{content:" [deleted: "}ins::after,del::after{content:"] "}
}
@page{size:A4;margin:12mm 10mm 14mm}
@media print{
body{max-width:none;padding:0;font-size:9.5pt}
.tools{display:none}
h2,h3{break-after:avoid}
section.comparison+section.comparison{break-before:page}
table.sbs th{position:static}
table.sbs thead{display:table-header-group}
table.sbs tr{break-inside:avoid}
table.sbs col.n{width:4.8em}
table.sbs td{padding:.25rem .4rem}
a{color:inherit;text-decoration:none}
*{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
"#;

/// The whole page around `body` (sections from `section`, notes from `note`).
pub fn page(title: &str, body: &str, generator: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + 1024);
    let title = escape(&clean(title));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"{}\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{title}</h1>\n",
        escape(generator),
    );
    out.push_str(
        "<p class=\"legend\"><span><ins>inserted</ins></span><span><del>deleted</del></span><span class=\"moved\">\u{21c4} moved</span><span>\u{b6}3 paragraph of the newer text, (\u{b6}3) of the older</span></p>\n<p class=\"tools\"><input type=\"checkbox\" id=\"only-changes\"> <label for=\"only-changes\">Show changed paragraphs only</label></p>\n</header>\n<main>\n",
    );
    out.push_str(body);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// A line of the page outside any comparison (a kind with nothing to compare, say).
pub fn note(text: &str) -> String {
    format!("<p class=\"note\">{}</p>\n", escape(&clean(text)))
}

/// One comparison: its header, what changed around the text, then the text side by side.
pub fn section(c: &Comparison<'_>) -> String {
    let mut out = String::with_capacity((c.diff.old.len() + c.diff.new.len()) * 240 + 4096);
    let out = &mut out;
    let k = c.id;
    let (old, new) = (&c.old.side, &c.new.side);
    let _ = writeln!(out, "<section class=\"comparison\" id=\"{k}\">");
    if let Some(kind) = c.kind {
        let _ = writeln!(
            out,
            "<h2>{} \u{2014} {} \u{2192} {}</h2>",
            escape(kind),
            escape(&clean(&old.short)),
            escape(&clean(&new.short))
        );
    }
    out.push_str("<dl class=\"meta\">\n");
    let row = |out: &mut String, dt: &str, dd: &str| {
        let _ = writeln!(out, "<dt>{dt}</dt><dd>{dd}</dd>");
    };
    if let Some(e) = c.event {
        row(out, "Event", &escape(&clean(e)));
    }
    if let Some(kind) = c.kind {
        row(out, "Kind", &escape(kind));
    }
    let side = |s: &SideMeta| -> String {
        let mut t = format!("<strong>{}</strong>", escape(&clean(&s.label)));
        if let Some(a) = &s.about {
            let _ = write!(t, " \u{2014} {}", escape(&clean(a)));
        }
        t
    };
    row(out, "Older", &side(old));
    row(out, "Newer", &side(new));
    // One version since the older side: the newer side's line already says who edited.
    if c.new.edits.len() > 1 {
        let mut dd = String::from("<ul>");
        for e in &c.new.edits {
            let _ = write!(dd, "<li>{}</li>", escape(&clean(e)));
        }
        dd.push_str("</ul>");
        row(out, "Edited", &dd);
    }
    if let Some(lang) = new.lang.or(old.lang) {
        row(out, "Language", lang.code());
    }
    let mut summary = escape(&c.diff.stats.summary());
    let pending = c.new.pending;
    if pending > 0 {
        let _ = write!(
            summary,
            "; {pending} tracked change{} still pending in the newer text",
            if pending == 1 { "" } else { "s" }
        );
    }
    row(out, "Changes", &summary);
    out.push_str("</dl>\n");

    let comments: Vec<&Noted> = c.old.comments.iter().chain(&c.new.comments).collect();
    let comment_at = comment_places(c.diff, &comments);

    if !c.inputs.is_empty() {
        let _ = writeln!(
            out,
            "<section class=\"list\" id=\"{k}-inputs\">\n<h3>Inputs that changed</h3>\n<ul>"
        );
        for i in c.inputs {
            let _ = writeln!(out, "<li>{}</li>", escape(&clean(&i.to_string())));
        }
        out.push_str("</ul>\n</section>\n");
    }
    if !c.new.conflicts.is_empty() {
        let _ = writeln!(
            out,
            "<section class=\"list\" id=\"{k}-conflicts\">\n<h3>Merge conflicts ({})</h3>\n<ol>",
            c.new.conflicts.len()
        );
        let quote = |out: &mut String, label: &str, text: &str, empty: &str| {
            if text.trim().is_empty() {
                let _ = write!(out, "<div>{label} <em>{empty}</em></div>");
            } else {
                let _ = write!(
                    out,
                    "<div>{label}</div><blockquote class=\"anchor\"{}>{}</blockquote>",
                    dir_attr(text),
                    escape(&clean(text))
                );
            }
        };
        for x in &c.new.conflicts {
            out.push_str("<li>");
            quote(out, "Generated, before both edits:", &x.base, "(nothing)");
            quote(
                out,
                "Kept, the reviewer\u{2019}s wording:",
                &x.kept,
                "(the reviewer removed the passage)",
            );
            quote(
                out,
                "The inputs now say:",
                &x.inputs,
                "(the inputs no longer have the passage)",
            );
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</section>\n");
    }
    if !comments.is_empty() {
        let _ = writeln!(
            out,
            "<section class=\"list\" id=\"{k}-comments\">\n<h3>Reviewers\u{2019} comments ({})</h3>\n<ol class=\"comments\">",
            comments.len()
        );
        for (n, noted) in comments.iter().enumerate() {
            let cm = &noted.comment;
            let _ = write!(
                out,
                "<li id=\"{k}-c{}\"><bdi class=\"who\">{}</bdi> <span class=\"on\">{} \u{b7} {}",
                n + 1,
                escape(&clean(&cm.author)),
                escape(&clean(&when(&cm.date))),
                escape(&clean(&noted.source)),
            );
            if let Some((side, p)) = comment_at
                .iter()
                .find(|(_, v)| v.iter().any(|(m, _)| *m == n))
                .map(|(k, _)| *k)
            {
                let (id, label) = match side {
                    Side::New => (format!("{k}-n{}", p + 1), format!("\u{b6}{}", p + 1)),
                    Side::Old => (format!("{k}-o{}", p + 1), format!("(\u{b6}{})", p + 1)),
                };
                let _ = write!(out, " \u{b7} <a href=\"#{id}\">on {label}</a>");
            }
            out.push_str("</span>");
            if !cm.anchor.trim().is_empty() {
                let _ = write!(
                    out,
                    "<blockquote class=\"anchor\"{}>{}</blockquote>",
                    dir_attr(&cm.anchor),
                    escape(&clean(&cm.anchor))
                );
            }
            let _ = writeln!(
                out,
                "<p{}>{}</p></li>",
                dir_attr(&cm.text),
                escape(&clean(&cm.text)).replace('\n', "<br>")
            );
        }
        out.push_str("</ol>\n</section>\n");
    }
    table(out, k, c, &comment_at);
    out.push_str("</section>\n");
    std::mem::take(out)
}

/// For each paragraph (side, index) the comments anchored in it: (comment index, byte
/// offset just after the anchored words when known).
type Places = HashMap<(Side, usize), Vec<(usize, Option<usize>)>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Side {
    Old,
    New,
}

/// Where each comment is anchored: the first paragraph of the newer text holding its
/// anchor text, else of the older one, with the byte offset in that paragraph's text just
/// after the anchor where it is found as it is. Comments without anchor text stay unplaced.
fn comment_places(d: &Diff, comments: &[&Noted]) -> Places {
    let mut at: Places = HashMap::new();
    for (n, c) in comments.iter().enumerate() {
        let anchor = c.comment.anchor.trim();
        if anchor.is_empty() {
            continue;
        }
        let find = |paras: &[crate::diff::Para]| {
            paras
                .iter()
                .enumerate()
                .find_map(|(i, p)| match p.text.find(anchor) {
                    Some(at) => Some((i, Some(at + anchor.len()))),
                    None => unmarked(&p.text).contains(anchor).then_some((i, None)),
                })
        };
        let place = find(&d.new)
            .map(|p| (Side::New, p))
            .or_else(|| find(&d.old).map(|p| (Side::Old, p)));
        if let Some((side, (i, end))) = place {
            at.entry((side, i)).or_default().push((n, end));
        }
    }
    at
}

/// A paragraph's text without the marks of bold, italic, superscript and subscript.
fn unmarked(s: &str) -> String {
    s.replace(['*', '^', '~'], "")
}

/// The table: old text on one side, new on the other, one row per step of the diff.
fn table(out: &mut String, k: &str, c: &Comparison<'_>, comment_at: &Places) {
    let d = c.diff;
    let rtl = match c.new.side.lang.or(c.old.side.lang) {
        Some(l) => l.is_rtl(),
        None => mostly_rtl(d),
    };
    let old_lang = c.old.side.lang.map_or("", |l| l.code());
    let new_lang = c.new.side.lang.map_or("", |l| l.code());
    let old_marks = list_marks(&d.old);
    let new_marks = list_marks(&d.new);
    let _ = writeln!(
        out,
        "<h3 id=\"{k}-text\">Text, side by side</h3>\n<table class=\"sbs\" dir=\"{}\">\n<colgroup><col class=\"n\"><col class=\"t\"><col class=\"n\"><col class=\"t\"></colgroup>\n<thead><tr><th scope=\"col\" colspan=\"2\">Older: {}</th><th scope=\"col\" colspan=\"2\">Newer: {}</th></tr></thead>\n<tbody>",
        if rtl { "rtl" } else { "ltr" },
        escape(&clean(&c.old.side.short)),
        escape(&clean(&c.new.side.short)),
    );
    let ctx = Cell {
        k,
        old_lang,
        new_lang,
        old_marks: &old_marks,
        new_marks: &new_marks,
        comment_at,
    };
    // A moved paragraph's edits on the way, shown on both sides.
    let moved: HashMap<usize, &Vec<crate::diff::Span>> = d
        .items
        .iter()
        .filter_map(|i| match i {
            Item::MovedHere { old, spans, .. } => Some((*old, spans)),
            _ => None,
        })
        .collect();
    for item in &d.items {
        match item {
            Item::Same { old, new } => {
                out.push_str("<tr class=\"same\">");
                ctx.num(out, Side::Old, *old, "");
                ctx.para(
                    out,
                    Side::Old,
                    d,
                    *old,
                    &[(SpanOp::Same, &d.old[*old].text)],
                    "",
                    "",
                );
                ctx.num(out, Side::New, *new, "");
                ctx.para(
                    out,
                    Side::New,
                    d,
                    *new,
                    &[(SpanOp::Same, &d.new[*new].text)],
                    "",
                    "",
                );
            }
            Item::Changed { old, new, spans } => {
                let o: Vec<(SpanOp, &str)> = spans
                    .iter()
                    .filter(|s| s.op != SpanOp::Added)
                    .map(|s| (s.op, s.text.as_str()))
                    .collect();
                let n: Vec<(SpanOp, &str)> = spans
                    .iter()
                    .filter(|s| s.op != SpanOp::Removed)
                    .map(|s| (s.op, s.text.as_str()))
                    .collect();
                out.push_str("<tr class=\"changed\">");
                ctx.num(out, Side::Old, *old, "");
                ctx.para(out, Side::Old, d, *old, &o, "", "");
                ctx.num(out, Side::New, *new, "edited");
                ctx.para(out, Side::New, d, *new, &n, "", "");
            }
            Item::Removed { old } => {
                out.push_str("<tr class=\"removed\">");
                ctx.num(out, Side::Old, *old, "deleted");
                ctx.para(
                    out,
                    Side::Old,
                    d,
                    *old,
                    &[(SpanOp::Removed, &d.old[*old].text)],
                    "",
                    "",
                );
                out.push_str("<td class=\"n\"></td><td class=\"t gap\"></td>");
            }
            Item::Added { new } => {
                out.push_str("<tr class=\"added\">");
                out.push_str("<td class=\"n\"></td><td class=\"t gap\"></td>");
                ctx.num(out, Side::New, *new, "new");
                ctx.para(
                    out,
                    Side::New,
                    d,
                    *new,
                    &[(SpanOp::Added, &d.new[*new].text)],
                    "",
                    "",
                );
            }
            Item::MovedAway { old, new } => {
                let link = format!(
                    "<a class=\"move\" href=\"#{k}-n{}\" id=\"{k}-away{}\">\u{21c4} moved to \u{b6}{} \u{2193}</a>",
                    new + 1,
                    old + 1,
                    new + 1
                );
                let o: Vec<(SpanOp, &str)> = match moved.get(old) {
                    Some(spans) => spans
                        .iter()
                        .filter(|s| s.op != SpanOp::Added)
                        .map(|s| (s.op, s.text.as_str()))
                        .collect(),
                    None => vec![(SpanOp::Same, d.old[*old].text.as_str())],
                };
                out.push_str("<tr class=\"moved\">");
                ctx.num(out, Side::Old, *old, "moved");
                ctx.para(out, Side::Old, d, *old, &o, &link, " moved");
                out.push_str("<td class=\"n\"></td><td class=\"t gap\"></td>");
            }
            Item::MovedHere { old, new, spans } => {
                let link = format!(
                    "<a class=\"move\" href=\"#{k}-o{}\">\u{21c4} moved from (\u{b6}{}) \u{2191}</a>",
                    old + 1,
                    old + 1
                );
                let n: Vec<(SpanOp, &str)> = spans
                    .iter()
                    .filter(|s| s.op != SpanOp::Removed)
                    .map(|s| (s.op, s.text.as_str()))
                    .collect();
                out.push_str("<tr class=\"moved\">");
                out.push_str("<td class=\"n\"></td><td class=\"t gap\"></td>");
                ctx.num(out, Side::New, *new, "moved");
                ctx.para(out, Side::New, d, *new, &n, &link, " moved");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// What every cell needs to know.
struct Cell<'a> {
    k: &'a str,
    old_lang: &'a str,
    new_lang: &'a str,
    old_marks: &'a [Option<String>],
    new_marks: &'a [Option<String>],
    comment_at: &'a Places,
}

impl Cell<'_> {
    /// The paragraph number cell: `¶3` on the newer side, `(¶3)` on the older, and what
    /// happened in words.
    fn num(&self, out: &mut String, side: Side, i: usize, what: &str) {
        let n = match side {
            Side::New => format!("\u{b6}{}", i + 1),
            Side::Old => format!("(\u{b6}{})", i + 1),
        };
        let _ = write!(out, "<td class=\"n\"><span dir=\"ltr\">{n}</span>");
        if !what.is_empty() {
            let _ = write!(out, "<b>{what}</b>");
        }
        out.push_str("</td>");
    }

    /// One paragraph's cell: its pieces marked, set in its direction and language, shaped
    /// by its kind (heading, list item, quote, table cell, note).
    #[allow(clippy::too_many_arguments)] // the cell's parts, each used once
    fn para(
        &self,
        out: &mut String,
        side: Side,
        d: &Diff,
        i: usize,
        pieces: &[(SpanOp, &str)],
        before: &str,
        class: &str,
    ) {
        let (p, lang, marks, prefix) = match side {
            Side::Old => (&d.old[i], self.old_lang, self.old_marks, 'o'),
            Side::New => (&d.new[i], self.new_lang, self.new_marks, 'n'),
        };
        let text = &p.text;
        // In a right-to-left document every paragraph holding right-to-left text is set
        // right to left, as Word sets it; elsewhere a paragraph is when most of it is.
        let rtl = if lang == "ar" {
            text.chars().any(is_rtl_char)
        } else {
            is_rtl_text(text)
        };
        // The paragraph's own language where its script says more than the side's.
        let own_lang = match (rtl, lang) {
            (true, l) if l != "ar" && is_arabic_script(text) => Some("ar"),
            (false, "ar") if has_strong(text) => Some(""),
            _ => None,
        };
        let _ = write!(
            out,
            "<td class=\"t{class}\" id=\"{}-{prefix}{}\"",
            self.k,
            i + 1
        );
        let _ = write!(out, " lang=\"{lang}\">");
        out.push_str(before);

        let mut pieces: Vec<(SpanOp, &str)> = pieces.to_vec();
        let whole_len: usize = pieces.iter().map(|p| p.1.len()).sum();
        let (kind_class, mut marker) = kind_of(p.kind, marks.get(i).and_then(|m| m.as_deref()));
        let mut kind_class = kind_class.to_string();
        // A note is `[^n] text`: shown as a note numbered n, without the Markdown label.
        if p.kind == BlockKind::Paragraph {
            if let Some((n, rest)) = note_label(pieces.first().map_or("", |x| x.1)) {
                if pieces[0].0 == SpanOp::Same {
                    marker = Some(format!("note {n}"));
                    kind_class = "note".into();
                    pieces[0].1 = rest;
                }
            }
        }
        let _ = write!(out, "<p class=\"{kind_class}\"");
        if let Some(l) = own_lang {
            let _ = write!(out, " lang=\"{l}\"");
        }
        let _ = write!(out, " dir=\"{}\"", if rtl { "rtl" } else { "ltr" });
        if let BlockKind::Bullet { level } | BlockKind::Numbered { level, .. } = p.kind {
            let _ = write!(out, " style=\"--lvl:{level}\"");
        }
        out.push('>');
        if let Some(m) = marker {
            // A list marker hangs in its own width; the others lead the text.
            let space = if kind_class == "li" { "" } else { " " };
            let _ = write!(out, "<span class=\"m\">{}</span>{space}", escape(&m));
        }
        // Each comment's mark goes just after its anchored words (offsets in the pieces,
        // which may have lost a note label at the start), else at the paragraph's end.
        let cut = whole_len.saturating_sub(pieces.iter().map(|p| p.1.len()).sum());
        let mut marks: Vec<(usize, usize)> = self
            .comment_at
            .get(&(side, i))
            .map(|v| {
                v.iter()
                    .map(|(n, end)| {
                        let at = end.and_then(|e| e.checked_sub(cut)).unwrap_or(usize::MAX);
                        (at, *n)
                    })
                    .collect()
            })
            .unwrap_or_default();
        marks.sort_unstable();
        let mut marks = marks.into_iter().peekable();
        // Superscripts and subscripts over the whole paragraph: a word diff may cut one.
        let joined: String = pieces.iter().map(|p| p.1).collect();
        let verts = vert_spans(&joined);
        let mut offset = 0;
        for (op, t) in &pieces {
            let end = offset + t.len();
            let mut from = 0;
            while let Some(&(at, n)) = marks.peek() {
                let k = at.saturating_sub(offset).max(from);
                if at > end || !t.is_char_boundary(k) {
                    break;
                }
                piece(out, *op, &t[from..k], offset + from, &verts);
                self.comment_mark(out, n);
                marks.next();
                from = k;
            }
            piece(out, *op, &t[from..], offset + from, &verts);
            offset = end;
        }
        for (_, n) in marks {
            self.comment_mark(out, n);
        }
        out.push_str("</p></td>");
    }
}

impl Cell<'_> {
    fn comment_mark(&self, out: &mut String, n: usize) {
        let _ = write!(
            out,
            "<sup class=\"c\"><a href=\"#{}-c{}\" title=\"comment {}\">C{}</a></sup>",
            self.k,
            n + 1,
            n + 1,
            n + 1
        );
    }
}

/// A superscript or subscript in a paragraph's text: the byte offsets of its opening and its
/// closing mark, and the element it is shown with.
type VertSpan = (usize, usize, &'static str);

/// The superscripts (`^e^`) and subscripts (`~2~`) the diff's text marks, as the Markdown reads
/// them: a mark, a word without spaces, the same mark (`~~` is no subscript mark).
fn vert_spans(text: &str) -> Vec<VertSpan> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // A `~` beside another is part of `~~`.
        let doubled = c == b'~' && (b.get(i + 1) == Some(&c) || (i > 0 && b[i - 1] == c));
        if (c == b'^' || c == b'~') && !doubled {
            let close = b[i + 1..]
                .iter()
                .position(|&x| x == c || x.is_ascii_whitespace())
                .map(|n| i + 1 + n)
                .filter(|&j| b[j] == c && j > i + 1)
                .filter(|&j| !text[i + 1..j].chars().any(char::is_whitespace))
                .filter(|&j| !(c == b'~' && b.get(j + 1) == Some(&c)));
            if let Some(j) = close {
                out.push((i, j, if c == b'^' { "sup" } else { "sub" }));
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Where byte `at` of the paragraph is: on a mark, inside a superscript or subscript (its
/// element), or neither.
fn vert_at(at: usize, verts: &[VertSpan]) -> (bool, Option<&'static str>) {
    let k = verts.partition_point(|v| v.1 < at);
    match verts.get(k) {
        Some(&(o, c, _)) if at == o || at == c => (true, None),
        Some(&(o, _, tag)) if at > o => (false, Some(tag)),
        _ => (false, None),
    }
}

/// One piece of a paragraph starting at byte `at` of it, marked as inserted or deleted as it
/// is; superscripts and subscripts are set as such, their marks dimmed.
fn piece(out: &mut String, op: SpanOp, text: &str, at: usize, verts: &[VertSpan]) {
    if text.is_empty() {
        return;
    }
    // The piece cut where superscripts and their marks start and end.
    let mut segs: Vec<(&str, (bool, Option<&str>))> = Vec::new();
    let mut start = 0;
    let mut state = vert_at(at, verts);
    for (i, _) in text.char_indices().skip(1) {
        let now = vert_at(at + i, verts);
        if now != state {
            segs.push((&text[start..i], state));
            start = i;
            state = now;
        }
    }
    segs.push((&text[start..], state));
    let mut body = String::with_capacity(text.len() + 16);
    let raised = |k: Option<&(&str, (bool, Option<&str>))>| k.is_some_and(|s| s.1 != (false, None));
    for (k, &(seg, state)) in segs.iter().enumerate() {
        // A superscript beside a `**` is a word beside it ("**^er^**").
        let before = k > 0 && raised(segs.get(k - 1));
        let after = raised(segs.get(k + 1));
        match state {
            (true, _) => {
                let _ = write!(body, "<span class=\"mk\">{}</span>", escape(seg));
            }
            (false, Some(tag)) => {
                let _ = write!(
                    body,
                    "<{tag}>{}</{tag}>",
                    marked_up_between(seg, true, true)
                );
            }
            (false, None) => body.push_str(&marked_up_between(seg, before, after)),
        }
    }
    match op {
        SpanOp::Same => out.push_str(&body),
        SpanOp::Added => {
            let _ = write!(out, "<ins>{body}</ins>");
        }
        SpanOp::Removed => {
            let _ = write!(out, "<del>{body}</del>");
        }
    }
}

/// The class and leading marker of a paragraph of this kind.
fn kind_of(kind: BlockKind, list_mark: Option<&str>) -> (&'static str, Option<String>) {
    match kind {
        BlockKind::Title => ("title", None),
        BlockKind::Heading(1) => ("h h1", None),
        BlockKind::Heading(2) => ("h h2", None),
        BlockKind::Heading(_) => ("h h3", None),
        BlockKind::Bullet { .. } => ("li", Some("\u{2022}".into())),
        BlockKind::Numbered { .. } => ("li", list_mark.map(str::to_string)),
        BlockKind::Quote => ("quote", None),
        BlockKind::Cell { row, col, .. } => (
            if row == 0 { "cell h" } else { "cell" },
            Some(format!("row {}, col {}:", row + 1, u32::from(col) + 1)),
        ),
        BlockKind::Paragraph | BlockKind::PageBreak => ("p", None),
    }
}

/// The number of each numbered list item (`3.`), counted per list and level.
fn list_marks(paras: &[crate::diff::Para]) -> Vec<Option<String>> {
    let mut counts: HashMap<(u32, u8), usize> = HashMap::new();
    paras
        .iter()
        .map(|p| match p.kind {
            BlockKind::Numbered { level, list } => {
                counts.retain(|(l, lv), _| *l != list || *lv <= level);
                let n = counts.entry((list, level)).or_insert(0);
                *n += 1;
                Some(format!("{n}."))
            }
            _ => None,
        })
        .collect()
}

/// `[^3] text` → (3, "text").
fn note_label(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix("[^")?;
    let end = rest.find("] ")?;
    let n = &rest[..end];
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then(|| (n, &rest[end + 2..]))
}

/// Escaped text, with the `*` runs that mark bold and italic in the text of record dimmed
/// so they read as marks.
#[cfg(test)]
fn marked_up(t: &str) -> String {
    marked_up_between(t, false, false)
}

/// `marked_up` of text with a word just before it (`word_before`) or just after it.
fn marked_up_between(t: &str, word_before: bool, word_after: bool) -> String {
    let t = escape(&clean(t));
    if !t.contains('*') {
        return t;
    }
    let mut out = String::with_capacity(t.len() + 32);
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '*' {
            let start = i;
            while i < chars.len() && chars[i] == '*' {
                i += 1;
            }
            let space = |c: Option<&char>, word: bool| c.map_or(!word, |c| !c.is_alphanumeric());
            let before = space(start.checked_sub(1).map(|j| &chars[j]), word_before);
            let after = space(chars.get(i), word_after);
            // A mark hugs its words: a word on one side, a space or punctuation on the other.
            let run: String = chars[start..i].iter().collect();
            if i - start <= 3 && before != after {
                let _ = write!(out, "<span class=\"mk\">{run}</span>");
            } else {
                out.push_str(&run);
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// A right-to-left character (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation
/// forms).
fn is_rtl_char(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

fn is_arabic_script(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF))
}

fn has_strong(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// Whether most of a text's letters are written right to left (so a paragraph of Arabic
/// that opens with a Latin acronym is still right to left).
fn is_rtl_text(s: &str) -> bool {
    let (mut r, mut l) = (0usize, 0usize);
    for c in s.chars() {
        if is_rtl_char(c) {
            r += 1;
        } else if c.is_alphabetic() {
            l += 1;
        }
    }
    r > l
}

fn dir_attr(s: &str) -> &'static str {
    if is_rtl_text(s) {
        " dir=\"rtl\""
    } else {
        ""
    }
}

/// Whether most paragraphs of a comparison without a known language are right to left.
fn mostly_rtl(d: &Diff) -> bool {
    let all = d.new.len() + d.old.len();
    let rtl = d
        .new
        .iter()
        .chain(&d.old)
        .filter(|p| is_rtl_text(&p.text))
        .count();
    all > 0 && rtl * 2 > all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> crate::diff::Para {
        crate::diff::Para {
            kind: BlockKind::Paragraph,
            text: text.into(),
        }
    }

    #[test]
    fn comments_mark_their_words_and_conflicts_are_listed() {
        let d = crate::diff::diff_paras(
            vec![para("Intro."), para("[^1] The old source, 2024.")],
            vec![para("Intro."), para("[^1] The new source, 2024.")],
        );
        let comment = |anchor: &str| Noted {
            source: "v002".into(),
            comment: ReviewComment {
                author: "A".into(),
                date: "2026-01-02T03:04:05Z".into(),
                text: "Check.".into(),
                anchor: anchor.into(),
            },
        };
        let new = Provenance {
            side: SideMeta {
                short: "v002".into(),
                ..SideMeta::default()
            },
            comments: vec![comment("new source"), comment("absent words")],
            conflicts: vec![Conflict {
                base: "Generated words.".into(),
                kept: "Reviewer's words.".into(),
                inputs: String::new(),
            }],
            ..Provenance::default()
        };
        let html = section(&Comparison {
            id: "f",
            event: None,
            kind: None,
            old: &Provenance::default(),
            new: &new,
            diff: &d,
            inputs: &[],
        });
        // The note's label is gone, and the mark still lands after the anchored words.
        assert!(
            html.contains("<p class=\"note\" dir=\"ltr\"><span class=\"m\">note 1</span> The <ins>new</ins> source<sup class=\"c\"><a href=\"#f-c1\" title=\"comment 1\">C1</a></sup>, 2024.</p>"),
            "{html}"
        );
        // A comment whose words are nowhere is listed, unlinked.
        assert!(html.contains("<li id=\"f-c2\"><bdi class=\"who\">A</bdi> <span class=\"on\">2026-01-02 03:04 UTC \u{b7} v002</span><blockquote"), "{html}");
        assert!(html.contains("<h3>Merge conflicts (1)</h3>"), "{html}");
        assert!(html.contains("<li><div>Generated, before both edits:</div><blockquote class=\"anchor\">Generated words.</blockquote><div>Kept, the reviewer\u{2019}s wording:</div><blockquote class=\"anchor\">Reviewer's words.</blockquote><div>The inputs now say: <em>(the inputs no longer have the passage)</em></div></li>"), "{html}");
    }

    #[test]
    fn superscripts_and_subscripts_are_set_as_such() {
        let d = crate::diff::diff_paras(
            vec![para("The XXIe siècle, CO2 and ~~x~~.")],
            vec![para("The XXI^e^ siècle, CO~2~ and ~~x~~.")],
        );
        let html = section(&Comparison {
            id: "f",
            event: None,
            kind: None,
            old: &Provenance::default(),
            new: &Provenance::default(),
            diff: &d,
            inputs: &[],
        });
        let mk = |m: &str| format!("<span class=\"mk\">{m}</span>");
        assert!(
            html.contains(&format!("XXI{}<sup>e</sup>{}", mk("^"), mk("^"))),
            "{html}"
        );
        assert!(
            html.contains(&format!("CO{}<sub>2</sub>{}", mk("~"), mk("~"))),
            "{html}"
        );
        assert!(html.contains("~~x~~"), "{html}");
        // Bold around a superscript: its marks are dimmed too.
        let t = "and **^er^**";
        let mut out = String::new();
        piece(&mut out, SpanOp::Same, t, 0, &vert_spans(t));
        assert_eq!(
            out,
            format!(
                "and {}{}<sup>er</sup>{}{}",
                mk("**"),
                mk("^"),
                mk("^"),
                mk("**")
            )
        );
        assert_eq!(
            vert_spans("a^b^ 2^10 and 3^2 H~2~O ~~s~~ x^^"),
            vec![(1, 3, "sup"), (19, 21, "sub")]
        );
    }

    #[test]
    fn note_labels() {
        assert_eq!(note_label("[^12] The source."), Some(("12", "The source.")));
        assert_eq!(note_label("[^x] no"), None);
        assert_eq!(note_label("plain"), None);
    }

    #[test]
    fn direction_by_majority() {
        assert!(is_rtl_text("UNESCO تقول إن الجرائم الإلكترونية"));
        assert!(!is_rtl_text("The word سلام is Arabic"));
        assert!(!is_rtl_text("2026"));
    }

    #[test]
    fn marks_are_dimmed_but_kept() {
        assert_eq!(
            marked_up("a **bold** move 5 * 3 <x>"),
            "a <span class=\"mk\">**</span>bold<span class=\"mk\">**</span> move 5 * 3 &lt;x&gt;"
        );
    }

    #[test]
    fn numbered_lists_count_per_list_and_level() {
        let p = |kind| crate::diff::Para {
            kind,
            text: "x".into(),
        };
        let n = |level, list| BlockKind::Numbered { level, list };
        let marks = list_marks(&[
            p(n(0, 1)),
            p(n(1, 1)),
            p(n(1, 1)),
            p(n(0, 1)),
            p(n(1, 1)),
            p(n(0, 2)),
        ]);
        let got: Vec<&str> = marks.iter().map(|m| m.as_deref().unwrap_or("")).collect();
        assert_eq!(got, ["1.", "1.", "2.", "2.", "1.", "1."]);
    }
}
