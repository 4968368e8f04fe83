//! A `Diff` as text for people: `human` (changed paragraphs with word marks and a little
//! context), `unified` (a line-based unified diff, one paragraph a line) and `stat` (the
//! summary).
//! Colour is applied through the `paint` function the caller passes in; without colour the
//! changes stay visible as `[-removed-]` and `{+added+}` marks. Returns strings; never prints.

use std::borrow::Cow;

use super::{Diff, InputChange, Item, Span, SpanOp};
use crate::output::{visible, Paint};

/// How to style a piece of text (the caller's colour decision).
pub type Painter<'a> = &'a dyn Fn(Paint, &str) -> String;

/// What the two sides are called in headers.
#[derive(Debug, Clone)]
pub struct Labels {
    pub old: String,
    pub new: String,
}

/// `d` and `labels` with every text `visible`: the files compared may hold terminal escape
/// sequences, which must show as text, not act. Borrowed when nothing needs escaping.
fn shown<'a>(d: &'a Diff, labels: &'a Labels) -> (Cow<'a, Diff>, Labels) {
    let escaped = |t: &str| matches!(visible(t), Cow::Owned(_));
    let spans = |item: &Item| match item {
        Item::Changed { spans, .. } | Item::MovedHere { spans, .. } => {
            spans.iter().any(|s| escaped(&s.text))
        }
        _ => false,
    };
    let labels = Labels {
        old: visible(&labels.old).into_owned(),
        new: visible(&labels.new).into_owned(),
    };
    if !d.old.iter().chain(&d.new).any(|p| escaped(&p.text)) && !d.items.iter().any(spans) {
        return (Cow::Borrowed(d), labels);
    }
    let mut v = d.clone();
    for p in v.old.iter_mut().chain(v.new.iter_mut()) {
        p.text = visible(&p.text).into_owned();
    }
    for item in &mut v.items {
        if let Item::Changed { spans, .. } | Item::MovedHere { spans, .. } = item {
            for s in spans {
                s.text = visible(&s.text).into_owned();
            }
        }
    }
    (Cow::Owned(v), labels)
}

/// Context paragraphs are cut to this many characters.
const CONTEXT_CHARS: usize = 100;

/// The human format. Paragraph numbers are the new text's (`¶3`); removed paragraphs and the
/// old place of moved ones carry the old text's number in parentheses (`(¶5)`).
pub fn human(
    d: &Diff,
    labels: &Labels,
    inputs: &[InputChange],
    paint: Painter<'_>,
    color: bool,
) -> String {
    let (d, labels) = shown(d, labels);
    let (d, labels) = (d.as_ref(), &labels);
    let mut s = String::new();
    s.push_str(&paint(Paint::Removed, &format!("--- {}", labels.old)));
    s.push('\n');
    s.push_str(&paint(Paint::Added, &format!("+++ {}", labels.new)));
    s.push('\n');
    inputs_section(&mut s, inputs, paint);

    let shown = shown_items(&d.items, 1);
    let mut last: Option<usize> = None;
    for (i, item) in d.items.iter().enumerate() {
        if !shown[i] {
            continue;
        }
        let gap = match last {
            None => i,
            Some(l) => i - l - 1,
        };
        if gap > 0 {
            s.push_str(&paint(Paint::Dim, &elided(gap)));
            s.push('\n');
        }
        last = Some(i);
        human_item(&mut s, d, item, paint, color);
    }
    let tail = d.items.len() - last.map_or(0, |l| l + 1);
    if tail > 0 && last.is_some() {
        s.push_str(&paint(Paint::Dim, &elided(tail)));
        s.push('\n');
    }
    s.push_str(&paint(Paint::Bold, &d.stats.summary()));
    s.push('\n');
    s
}

fn elided(n: usize) -> String {
    let what = if n == 1 { "paragraph" } else { "paragraphs" };
    format!("  \u{2026} {n} unchanged {what}")
}

fn inputs_section(s: &mut String, inputs: &[InputChange], paint: Painter<'_>) {
    if inputs.is_empty() {
        return;
    }
    s.push_str(&paint(Paint::Bold, "inputs changed:"));
    s.push('\n');
    for c in inputs {
        s.push_str(&format!("  {}\n", visible(&c.to_string())));
    }
}

/// Which items to show: every change, and `context` unchanged paragraphs around each.
fn shown_items(items: &[Item], context: usize) -> Vec<bool> {
    let mut shown = vec![false; items.len()];
    for (i, item) in items.iter().enumerate() {
        if !matches!(item, Item::Same { .. }) {
            let lo = i.saturating_sub(context);
            let hi = (i + context).min(items.len().saturating_sub(1));
            for x in shown.iter_mut().take(hi + 1).skip(lo) {
                *x = true;
            }
        }
    }
    shown
}

fn human_item(s: &mut String, d: &Diff, item: &Item, paint: Painter<'_>, color: bool) {
    let line = |s: &mut String, mark: &str, num: String, body: String| {
        let head = format!("{mark} {num:<7}");
        let indent = " ".repeat(head.chars().count());
        s.push_str(&head);
        s.push_str(&body.replace('\n', &format!("\n{indent}")));
        s.push('\n');
    };
    match item {
        Item::Same { new, .. } => {
            let text = truncate(&d.new[*new].text, CONTEXT_CHARS);
            line(s, " ", pnum(*new), paint(Paint::Dim, &text));
        }
        Item::Changed { new, spans, .. } => {
            line(s, "~", pnum(*new), marked(spans, paint, color));
        }
        Item::Added { new } => {
            let body = whole(SpanOp::Added, &d.new[*new].text, paint, color);
            line(s, &paint(Paint::Added, "+"), pnum(*new), body);
        }
        Item::Removed { old } => {
            let body = whole(SpanOp::Removed, &d.old[*old].text, paint, color);
            line(
                s,
                &paint(Paint::Removed, "-"),
                format!("({})", pnum(*old)),
                body,
            );
        }
        Item::MovedAway { old, new } => {
            let body = paint(Paint::Moved, &format!("\u{21c4} moved to {}", pnum(*new)));
            line(
                s,
                &paint(Paint::Moved, "<"),
                format!("({})", pnum(*old)),
                body,
            );
        }
        Item::MovedHere { old, new, spans } => {
            let mut body = paint(
                Paint::Moved,
                &format!("\u{21c4} moved from ({}): ", pnum(*old)),
            );
            if spans.iter().all(|x| x.op == SpanOp::Same) {
                body.push_str(&paint(Paint::Moved, &d.new[*new].text));
            } else {
                body.push_str(&marked(spans, paint, color));
            }
            line(s, &paint(Paint::Moved, ">"), pnum(*new), body);
        }
    }
}

fn pnum(i: usize) -> String {
    format!("\u{b6}{}", i + 1)
}

fn truncate(text: &str, max: usize) -> String {
    let one_line = text.replace('\n', " ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max).collect();
    format!("{}\u{2026}", cut.trim_end())
}

/// A whole added or removed text, marked.
fn whole(op: SpanOp, text: &str, paint: Painter<'_>, color: bool) -> String {
    marked(
        &[Span {
            op,
            text: text.to_string(),
        }],
        paint,
        color,
    )
}

/// Spans with their changes marked: coloured when `color`, else `[-…-]` / `{+…+}`.
pub fn marked(spans: &[Span], paint: Painter<'_>, color: bool) -> String {
    let mut s = String::new();
    for span in spans {
        match (span.op, color) {
            (SpanOp::Same, _) => s.push_str(&span.text),
            (SpanOp::Removed, true) => s.push_str(&paint(Paint::Removed, &span.text)),
            (SpanOp::Added, true) => s.push_str(&paint(Paint::Added, &span.text)),
            (SpanOp::Removed, false) => {
                s.push_str("[-");
                s.push_str(&span.text);
                s.push_str("-]");
            }
            (SpanOp::Added, false) => {
                s.push_str("{+");
                s.push_str(&span.text);
                s.push_str("+}");
            }
        }
    }
    s
}

/// Lines of context around each change in the unified format, as `diff -u` and `git diff`.
const UNIFIED_CONTEXT: usize = 3;

/// The unified format: a real line-based unified diff (`---`/`+++` headers, `@@` hunks with
/// three lines of context, whole lines marked `-` or `+`) of the two texts of record, one
/// paragraph a line (a line break inside a paragraph starts a new line), so `patch`, editors
/// and review tools read it. Words are not marked inside lines (the human format does that);
/// a moved paragraph is a removal and an addition. The input changes come first, before the
/// headers, where patch tools ignore them.
pub fn unified(d: &Diff, labels: &Labels, inputs: &[InputChange], paint: Painter<'_>) -> String {
    let (d, labels) = shown(d, labels);
    let (d, labels) = (d.as_ref(), &labels);
    let text = |paras: &[super::Para]| -> String {
        let mut t = String::new();
        for p in paras {
            t.push_str(&p.text);
            t.push('\n');
        }
        t
    };
    let (old, new) = (text(&d.old), text(&d.new));
    let mut s = String::new();
    for c in inputs {
        s.push_str(&format!("input changed: {}\n", visible(&c.to_string())));
    }
    let lines = similar::TextDiff::from_lines(&old, &new);
    let mut udiff = lines.unified_diff();
    udiff.context_radius(UNIFIED_CONTEXT);
    let mut hunks = udiff.iter_hunks().peekable();
    if hunks.peek().is_none() {
        return s;
    }
    s.push_str(&paint(Paint::Bold, &format!("--- {}", labels.old)));
    s.push('\n');
    s.push_str(&paint(Paint::Bold, &format!("+++ {}", labels.new)));
    s.push('\n');
    for hunk in hunks {
        s.push_str(&paint(Paint::Hint, &hunk.header().to_string()));
        s.push('\n');
        for change in hunk.iter_changes() {
            let line = change.value().trim_end_matches('\n');
            match change.tag() {
                similar::ChangeTag::Equal => {
                    s.push(' ');
                    s.push_str(line);
                }
                similar::ChangeTag::Delete => {
                    s.push_str(&paint(Paint::Removed, &format!("-{line}")));
                }
                similar::ChangeTag::Insert => {
                    s.push_str(&paint(Paint::Added, &format!("+{line}")));
                }
            }
            s.push('\n');
        }
    }
    s
}

/// The stat format: the headers, the input changes and the summary.
pub fn stat(d: &Diff, labels: &Labels, inputs: &[InputChange], paint: Painter<'_>) -> String {
    let labels = Labels {
        old: visible(&labels.old).into_owned(),
        new: visible(&labels.new).into_owned(),
    };
    let mut s = format!("{} \u{2192} {}\n", labels.old, labels.new);
    inputs_section(&mut s, inputs, paint);
    s.push_str(&paint(Paint::Bold, &d.stats.summary()));
    s.push('\n');
    s
}
