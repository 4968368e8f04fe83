//! `lectern snippets list`, `facts list` and `events list`: the library as aligned tables (or
//! JSON), filtered, with each item's standing on the draft date — approved, expiring, EXPIRED,
//! stale, restricted. Columns are measured in display width, so accented, Arabic and CJK text
//! line up; long free text is cut with "…" and always sits in the last column, where a
//! right-to-left title cannot disturb the others.

use std::io::Write;

use serde::Serialize;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{date_range, kind_of, CmdResult, Context, Failure};
use crate::cli::{
    ClearanceArg, EventFilter as EventArgs, FactFilter as FactArgs, Format, LangArg, SnippetFilter,
    StatusArg,
};
use crate::error::Error;
use crate::library::{Clearance, Lang, Texts};
use crate::listing::{self, days_to_review, EventFilter, FactFilter, MessageFilter, Standing};
use crate::output::Paint;
use crate::problems::{duplicate, What};
use crate::workspace::Workspace;

/// Messages whose review date is this close are shown as needing attention.
const SOON_DAYS: i64 = 30;

pub(super) fn lang_of(l: LangArg) -> Lang {
    match l {
        LangArg::En => Lang::En,
        LangArg::Fr => Lang::Fr,
        LangArg::Es => Lang::Es,
        LangArg::Ar => Lang::Ar,
    }
}

/// The workspace as far as it loads, with the load problems of the files this listing shows
/// (a broken message file does not concern `events list`). A listing of the rest is still
/// useful: the problems are shown as warnings and the listing succeeds; `check` fails on them.
fn load(ctx: &Context, what: What) -> Result<(Workspace, Vec<Error>), Failure> {
    ctx.require_workspace()?;
    let loading = Workspace::load_all(&ctx.root).map_err(Failure::Many)?;
    let errors = loading
        .workspace
        .problems
        .list
        .iter()
        .filter(|p| p.what == what)
        .map(|p| duplicate(&p.error))
        .collect();
    Ok((loading.workspace, errors))
}

fn finish(ctx: &Context, errors: Vec<Error>) -> CmdResult {
    if errors.is_empty() {
        return Ok(());
    }
    for e in &errors {
        ctx.out
            .diagnostic("warning", Paint::Warning, &e.message(), e);
    }
    ctx.out
        .status("hint: the listing leaves out what could not be loaded; run `lectern check`");
    Ok(())
}

#[derive(Serialize)]
struct MessageRow<'a> {
    id: &'a str,
    title: &'a str,
    topic: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_by: Option<String>,
    /// Days from the draft date to the review date; negative once expired.
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_in_days: Option<i64>,
    languages: Vec<&'static str>,
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    /// Ids of the events that use the message, in the order they take place.
    used_by: Vec<&'a str>,
    file: String,
}

pub(super) fn snippets(ctx: &Context, args: SnippetFilter, format: Format) -> CmdResult {
    if let Some(n) = args.expiring_within.filter(|n| *n < 0) {
        return Err(Failure::One(Error::input(format!(
            "--expiring-within: expected a number of days, 0 or more, not {n}"
        ))));
    }
    let (ws, errors) = load(ctx, What::Message)?;
    let filter = MessageFilter {
        ids: id_globs(&args.ids)?,
        topic: args.topic,
        standing: args.status.map(|s| match s {
            StatusArg::Draft => Standing::Draft,
            StatusArg::Approved => Standing::Approved,
            StatusArg::Retired => Standing::Retired,
            StatusArg::Expired => Standing::Expired,
        }),
        lang: args.lang.map(lang_of),
        expiring_within: args.expiring_within,
    };
    let today = ctx.today();
    let usage = listing::Usage::of(&ws);
    // What needs attention shows who is affected.
    let show_users = ctx.out.verbose
        || filter.expiring_within.is_some()
        || filter.standing == Some(Standing::Expired);
    let rows: Vec<MessageRow> = listing::messages(&ws, &filter, today)
        .into_iter()
        .map(|l| {
            let m = &l.item;
            MessageRow {
                id: m.id.as_str(),
                title: &m.title,
                topic: &m.topic,
                status: Standing::of(m, today).name(),
                review_by: m.review_by.map(|d| d.to_string()),
                expires_in_days: days_to_review(m, today),
                languages: langs(&m.text),
                version: m.version,
                owner: m.owner.as_deref(),
                used_by: usage.message(m.id.as_str()),
                file: l.path.display().to_string(),
            }
        })
        .collect();
    match format {
        Format::Json => print_json(&rows)?,
        Format::Human => {
            let mut header = vec!["ID", "STATUS", "REVIEW BY", "TOPIC", "LANG", "V"];
            if show_users {
                header.push("USED BY");
            }
            header.push("TITLE");
            let mut t = Table::new(&header);
            for r in &rows {
                let status_paint = match r.status {
                    "expired" => Some(Paint::Error),
                    "draft" | "retired" => Some(Paint::Dim),
                    _ => None,
                };
                let review = match (r.expires_in_days, &r.review_by) {
                    (Some(d), Some(date)) if d < 0 => {
                        (format!("EXPIRED {date}"), Some(Paint::Error))
                    }
                    (Some(d), Some(date)) if d <= SOON_DAYS => {
                        (format!("expires {date}"), Some(Paint::Warning))
                    }
                    (Some(_), Some(date)) => (format!("expires {date}"), None),
                    // A draft's or retired message's review date means nothing until approval.
                    _ => ("-".to_string(), Some(Paint::Dim)),
                };
                let mut row = vec![
                    Cell::plain(r.id),
                    Cell::new(r.status, status_paint),
                    Cell::new(review.0, review.1),
                    Cell::plain(cut(r.topic, 24)),
                    Cell::plain(r.languages.join(" ")),
                    Cell::plain(r.version.to_string()),
                ];
                if show_users {
                    row.push(users_cell(&r.used_by));
                }
                row.push(Cell::plain(cut(r.title, 60)));
                t.row(row);
            }
            t.print(ctx);
            count(ctx, rows.len(), "message", "messages");
        }
    }
    finish(ctx, errors)
}

#[derive(Serialize)]
struct FactRow<'a> {
    id: &'a str,
    unit: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    topic: Option<&'a str>,
    clearance: Clearance,
    as_of: String,
    stale: bool,
    languages: Vec<&'static str>,
    version: u32,
    /// The statement in English, or the first language it has.
    statement: &'a str,
    /// Ids of the events that use the fact, in the order they take place.
    used_by: Vec<&'a str>,
    file: String,
}

pub(super) fn facts(ctx: &Context, args: FactArgs, format: Format) -> CmdResult {
    let (ws, errors) = load(ctx, What::Fact)?;
    let filter = FactFilter {
        ids: id_globs(&args.ids)?,
        topic: args.topic,
        unit: args.unit,
        clearance: args.clearance.map(|c| match c {
            ClearanceArg::Public => Clearance::Public,
            ClearanceArg::Restricted => Clearance::Restricted,
        }),
        lang: args.lang.map(lang_of),
        stale: args.stale,
    };
    let usage = listing::Usage::of(&ws);
    // Restricted and stale facts are the ones whose users need checking.
    let show_users =
        ctx.out.verbose || filter.clearance == Some(Clearance::Restricted) || filter.stale;
    let rows: Vec<FactRow> = listing::facts(&ws, &filter, ctx.today())
        .into_iter()
        .map(|l| {
            let f = &l.item;
            FactRow {
                id: f.id.as_str(),
                unit: &f.unit,
                topic: f.topic.as_deref(),
                clearance: f.clearance,
                as_of: f.as_of.to_string(),
                stale: listing::stale(&ws, f, ctx.today()).is_some(),
                languages: langs(&f.statement),
                version: f.version,
                statement: first_text(&f.statement),
                used_by: usage.fact(f.id.as_str()),
                file: l.path.display().to_string(),
            }
        })
        .collect();
    match format {
        Format::Json => print_json(&rows)?,
        Format::Human => {
            let mut header = vec!["ID", "CLEARANCE", "AS OF", "UNIT", "TOPIC", "LANG", "V"];
            if show_users {
                header.push("USED BY");
            }
            header.push("STATEMENT");
            let mut t = Table::new(&header);
            for r in &rows {
                let (as_of, as_of_paint) = if r.stale {
                    (format!("{} STALE", r.as_of), Some(Paint::Warning))
                } else {
                    (r.as_of.clone(), None)
                };
                let clearance_paint =
                    (r.clearance == Clearance::Restricted).then_some(Paint::Error);
                let mut row = vec![
                    Cell::plain(r.id),
                    Cell::new(r.clearance.to_string(), clearance_paint),
                    Cell::new(as_of, as_of_paint),
                    Cell::plain(cut(r.unit, 28)),
                    Cell::plain(cut(r.topic.unwrap_or("-"), 20)),
                    Cell::plain(r.languages.join(" ")),
                    Cell::plain(r.version.to_string()),
                ];
                if show_users {
                    row.push(users_cell(&r.used_by));
                }
                row.push(Cell::plain(cut(&one_line(r.statement), 60)));
                t.row(row);
            }
            t.print(ctx);
            count(ctx, rows.len(), "fact", "facts");
        }
    }
    finish(ctx, errors)
}

#[derive(Serialize)]
struct EventRow<'a> {
    id: &'a str,
    title: &'a str,
    starts_at: String,
    date: String,
    language: Lang,
    outputs: Vec<&'static str>,
    speaker: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    city: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    messages: usize,
    facts: usize,
    file: String,
}

pub(super) fn events(ctx: &Context, args: EventArgs, format: Format) -> CmdResult {
    let (from, until) = date_range(args.from.as_deref(), args.until.as_deref())?;
    let (ws, errors) = load(ctx, What::Event)?;
    let filter = EventFilter {
        from,
        until,
        lang: args.lang.map(lang_of),
        kind: args.kind.map(kind_of),
    };
    let rows: Vec<EventRow> = listing::events(&ws, &filter)
        .into_iter()
        .map(|l| {
            let e = &l.item;
            EventRow {
                id: e.id.as_str(),
                title: &e.title,
                starts_at: e.starts_at.0.to_rfc3339(),
                date: e.date().format("%Y-%m-%d").to_string(),
                language: e.language,
                outputs: e.outputs.iter().map(|k| k.name()).collect(),
                speaker: &e.speaker.name,
                city: e.city.as_deref(),
                country: e.country.as_deref(),
                messages: e.messages.len(),
                facts: e.facts.len(),
                file: l.path.display().to_string(),
            }
        })
        .collect();
    match format {
        Format::Json => print_json(&rows)?,
        Format::Human => {
            // Fits 100 columns: the kinds are abbreviated and the title takes the rest, cut
            // with "…"; `-v` adds the city and speaker and shows whole titles.
            let verbose = ctx.out.verbose;
            let mut header = vec!["ID", "DATE", "LANG", "OUTPUTS"];
            if verbose {
                header.extend(["CITY", "SPEAKER"]);
            }
            header.push("TITLE");
            let mut t = Table::new(&header);
            if !verbose {
                t.fit(WIDTH);
            }
            for r in &rows {
                let past = r.date < ctx.today().format("%Y-%m-%d").to_string();
                let outputs: Vec<&str> = r.outputs.iter().map(|k| short_kind(k)).collect();
                let mut row = vec![
                    Cell::plain(r.id),
                    Cell::new(r.date.clone(), past.then_some(Paint::Dim)),
                    Cell::plain(r.language.code()),
                    Cell::plain(outputs.join(",")),
                ];
                if verbose {
                    row.push(Cell::plain(r.city.unwrap_or("-")));
                    row.push(Cell::plain(r.speaker));
                }
                row.push(Cell::plain(r.title));
                t.row(row);
            }
            t.print(ctx);
            count(ctx, rows.len(), "event", "events");
        }
    }
    finish(ctx, errors)
}

/// The id patterns given on the command line, or `None` for every id.
fn id_globs(patterns: &[String]) -> Result<Option<globset::GlobSet>, Failure> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut set = globset::GlobSetBuilder::new();
    for p in patterns {
        set.add(
            globset::Glob::new(p)
                .map_err(|e| Error::input(format!("invalid pattern `{p}`: {e}")))?,
        );
    }
    set.build()
        .map(Some)
        .map_err(|e| Error::input(format!("invalid pattern: {e}")).into())
}

/// The width a listing keeps to when its last column can be cut.
const WIDTH: usize = 100;

/// An output kind as the events table shows it.
fn short_kind(kind: &str) -> &str {
    match kind {
        "press-briefing" => "press",
        "briefing-note" => "note",
        other => other,
    }
}

/// The events using an item, or "-" when none does.
fn users_cell(users: &[&str]) -> Cell {
    if users.is_empty() {
        Cell::new("-", Some(Paint::Dim))
    } else {
        Cell::plain(users.join(","))
    }
}

fn langs(texts: &Texts) -> Vec<&'static str> {
    texts.keys().map(|l| l.code()).collect()
}

fn first_text(texts: &Texts) -> &str {
    texts
        .get(&Lang::En)
        .or_else(|| texts.values().next())
        .map_or("", String::as_str)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn print_json<T: Serialize>(rows: &T) -> Result<(), Failure> {
    let mut text = serde_json::to_string_pretty(rows)
        .map_err(|e| Error::input(format!("cannot write JSON: {e}")))?;
    text.push('\n');
    // A closed pipe (`| head`) is not an error.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(())
}

fn count(ctx: &Context, n: usize, one: &str, many: &str) {
    let noun = if n == 1 { one } else { many };
    if n == 0 {
        ctx.out.status(&format!("no {many} match"));
    } else {
        ctx.out.status(&format!("{n} {noun}"));
    }
}

/// `s` cut to at most `max` display columns, ending in "…" when cut.
fn cut(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

pub(super) struct Cell {
    text: String,
    paint: Option<Paint>,
}

impl Cell {
    pub(super) fn new(text: impl Into<String>, paint: Option<Paint>) -> Cell {
        Cell {
            text: text.into(),
            paint,
        }
    }

    pub(super) fn plain(text: impl Into<String>) -> Cell {
        Cell::new(text, None)
    }
}

/// A table whose columns are as wide as their widest cell, two spaces apart.
pub(super) struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
    /// Cut the last column so each line fits this many columns (at least 20 are left to it).
    fit: Option<usize>,
}

impl Table {
    pub(super) fn new(header: &[&'static str]) -> Table {
        Table {
            header: header.to_vec(),
            rows: Vec::new(),
            fit: None,
        }
    }

    fn fit(&mut self, width: usize) {
        self.fit = Some(width);
    }

    pub(super) fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    pub(super) fn print(&self, ctx: &Context) {
        if self.rows.is_empty() {
            return;
        }
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.text.width());
            }
        }
        let last = widths.len() - 1;
        if let Some(width) = self.fit {
            let before: usize = widths[..last].iter().map(|w| w + 2).sum();
            let room = width.saturating_sub(before).max(20);
            widths[last] = widths[last].min(room);
        }
        let cut_last = |i: usize, text: &str| -> String {
            if i == last && text.width() > widths[last] {
                cut(text, widths[last])
            } else {
                text.to_string()
            }
        };
        let mut s = String::new();
        let line = |s: &mut String, cells: Vec<(&str, Option<Paint>)>| {
            for (i, (text, paint)) in cells.into_iter().enumerate() {
                let text = &cut_last(i, text);
                let painted = match paint {
                    Some(p) => ctx.out.out(p, text),
                    None => text.to_string(),
                };
                s.push_str(&painted);
                if i < last {
                    s.push_str(&" ".repeat(widths[i] - text.width() + 2));
                }
            }
            // No trailing spaces when the last cell is empty.
            let trimmed = s.trim_end_matches(' ').len();
            s.truncate(trimmed);
            s.push('\n');
        };
        line(
            &mut s,
            self.header
                .iter()
                .map(|h| (*h, Some(Paint::Bold)))
                .collect(),
        );
        for row in &self.rows {
            line(
                &mut s,
                row.iter().map(|c| (c.text.as_str(), c.paint)).collect(),
            );
        }
        let _ = std::io::stdout().lock().write_all(s.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_counts_display_columns() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("abcdefghij", 5), "abcd…");
        assert_eq!(cut("مؤتمر الأمن السيبراني", 6), "مؤتمر…");
        assert_eq!(cut("東京会議です", 5), "東京…");
    }
}
