//! A `Diff` as text for people: `human` (changed paragraphs with word marks and a little
//! context), `unified` (a unified diff whose lines are paragraphs) and `stat` (the summary).
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

/// Only the old (`Same` + marked `Removed`) or new (`Same` + marked `Added`) side of spans.
fn side(spans: &[Span], keep: SpanOp, paint: Painter<'_>, color: bool) -> String {
    let kept: Vec<Span> = spans
        .iter()
        .filter(|s| s.op == SpanOp::Same || s.op == keep)
        .cloned()
        .collect();
    marked(&kept, paint, color)
}

/// The unified format: a unified diff in which each line is a paragraph (a paragraph with
/// line breaks continues on lines with the same prefix); changed paragraphs appear as a `-`
/// and a `+` line with word marks; moves are noted on `\ ` lines.
pub fn unified(
    d: &Diff,
    labels: &Labels,
    inputs: &[InputChange],
    paint: Painter<'_>,
    color: bool,
) -> String {
    let (d, labels) = shown(d, labels);
    let (d, labels) = (d.as_ref(), &labels);
    let mut s = String::new();
    s.push_str(&paint(Paint::Bold, &format!("--- {}", labels.old)));
    s.push('\n');
    s.push_str(&paint(Paint::Bold, &format!("+++ {}", labels.new)));
    s.push('\n');
    for c in inputs {
        s.push_str(&format!("# input: {}\n", visible(&c.to_string())));
    }
    let shown = shown_items(&d.items, 1);
    let mut i = 0;
    // Position (0-based) in each text just before item `i`.
    let mut pos_old = 0;
    let mut pos_new = 0;
    let advance = |item: &Item| -> (usize, usize) {
        match item {
            Item::Same { .. } | Item::Changed { .. } => (1, 1),
            Item::Removed { .. } | Item::MovedAway { .. } => (1, 0),
            Item::Added { .. } | Item::MovedHere { .. } => (0, 1),
        }
    };
    while i < d.items.len() {
        if !shown[i] {
            let (a, b) = advance(&d.items[i]);
            pos_old += a;
            pos_new += b;
            i += 1;
            continue;
        }
        let start = i;
        while i < d.items.len() && shown[i] {
            i += 1;
        }
        let hunk = &d.items[start..i];
        let (lo, ln) = hunk
            .iter()
            .map(advance)
            .fold((0, 0), |(x, y), (a, b)| (x + a, y + b));
        let range = |pos: usize, len: usize| {
            if len == 0 {
                format!("{pos},0")
            } else {
                format!("{},{len}", pos + 1)
            }
        };
        s.push_str(&paint(
            Paint::Hint,
            &format!("@@ -{} +{} @@", range(pos_old, lo), range(pos_new, ln)),
        ));
        s.push('\n');
        for item in hunk {
            unified_item(&mut s, d, item, paint, color);
        }
        pos_old += lo;
        pos_new += ln;
    }
    s
}

fn unified_item(s: &mut String, d: &Diff, item: &Item, paint: Painter<'_>, color: bool) {
    let line = |s: &mut String, prefix: &str, body: &str| {
        for l in body.split('\n') {
            s.push_str(prefix);
            s.push_str(l);
            s.push('\n');
        }
    };
    let minus = paint(Paint::Removed, "-");
    let plus = paint(Paint::Added, "+");
    match item {
        Item::Same { new, .. } => line(s, " ", &d.new[*new].text),
        Item::Changed { spans, .. } => {
            line(s, &minus, &side(spans, SpanOp::Removed, paint, color));
            line(s, &plus, &side(spans, SpanOp::Added, paint, color));
        }
        Item::Removed { old } => line(s, &minus, &d.old[*old].text),
        Item::Added { new } => line(s, &plus, &d.new[*new].text),
        Item::MovedAway { old, new } => {
            line(s, &minus, &d.old[*old].text);
            s.push_str(&paint(Paint::Moved, &format!("\\ moved to +{}", new + 1)));
            s.push('\n');
        }
        Item::MovedHere { old, spans, .. } => {
            line(s, &plus, &side(spans, SpanOp::Added, paint, color));
            s.push_str(&paint(Paint::Moved, &format!("\\ moved from -{}", old + 1)));
            s.push('\n');
        }
    }
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
