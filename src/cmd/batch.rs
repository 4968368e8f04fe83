//! `lectern batch [EVENT|DIR]...`: select events, draft them in parallel with a progress bar
//! (only when stderr is a terminal), then print a summary table or JSON.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use globset::Glob;
use serde_json::json;

use super::draft::minutes;
use super::{date_range, exit, kind_of, CmdResult, Context, Failure};
use crate::batch::{self, Done, Item};
use crate::cli::{BatchArgs, Format};
use crate::draft::Options;
use crate::error::Error;
use crate::library::{Event, Loaded};
use crate::output::Paint;
use crate::problems::{Problem, What};
use crate::render::Templates;
use crate::workspace::Workspace;

pub(super) fn run(ctx: &Context, args: BatchArgs) -> CmdResult {
    let ws = ctx.workspace()?;
    let templates = Templates::load(&ws.templates_dir())?;
    let (from, until) = date_range(args.from.as_deref(), args.until.as_deref())?;
    let events = select(&ws, &args.events)?;
    let items: Vec<Item<'_>> = events
        .into_iter()
        .filter(|e| from.map_or(true, |d| e.item.date() >= d))
        .filter(|e| until.map_or(true, |d| e.item.date() <= d))
        .flat_map(|e| {
            e.item
                .outputs
                .iter()
                .filter(|k| args.kind.map_or(true, |want| kind_of(want) == **k))
                .flat_map(move |&kind| {
                    // Every language the event is drafted in (DESIGN.md §12).
                    crate::languages::of(&e.item)
                        .into_iter()
                        .map(move |lang| Item {
                            event: e,
                            kind,
                            lang,
                        })
                })
        })
        .collect();
    let broken = broken_events(&ws, &args.events);
    if items.is_empty() && broken.is_empty() {
        return Err(Error::input("no event matches the selection")
            .hint("run `lectern events list` to see events, their dates and outputs")
            .into());
    }
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
    });
    let opts = Options {
        today: ctx.today(),
        allow_unapproved: args.allow_unapproved,
        now: chrono::Utc::now(),
        discard_edits: false,
    };

    let cancel = Arc::new(AtomicBool::new(false));
    {
        let cancel = Arc::clone(&cancel);
        // A second Ctrl-C while finishing is ignored: the items in flight complete whole.
        let _ = ctrlc::set_handler(move || cancel.store(true, Ordering::SeqCst));
    }
    let bar = (std::io::stderr().is_terminal() && !ctx.out.quiet).then(|| {
        let bar = indicatif::ProgressBar::new(items.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{bar:30}] {pos}/{len} drafts  {rate}  ETA {eta_mmss}  {wide_msg}",
            )
            .expect("the progress template is valid")
            .with_key(
                "rate",
                |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}", rate(s.per_sec()));
                },
            )
            .with_key(
                "eta_mmss",
                |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}", minutes(s.eta().as_secs()));
                },
            )
            .progress_chars("=> "),
        );
        bar
    });
    let progress = |d: &Done| {
        if let Some(bar) = &bar {
            bar.set_message(format!("{}/{}", d.event, label(d)));
            bar.inc(1);
        }
    };
    let started = std::time::Instant::now();
    let done = batch::run(&ws, &templates, &items, &opts, jobs, &cancel, &progress)?;
    let elapsed = started.elapsed();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let failed = done
        .iter()
        .filter(|d| matches!(d.result, Some(Err(_))))
        .count();
    let cancelled = done.iter().filter(|d| d.result.is_none()).count();
    let mut done = done;
    sort_by_date(&ws, &mut done);
    // Event files that do not load are items that failed: each is reported once.
    for p in &broken {
        ctx.out.error(&p.error);
    }
    match args.format {
        Format::Json => print_json(&ws, &done, &broken, elapsed),
        Format::Human => print_table(ctx, &ws, &done, broken.len(), elapsed),
    }
    if cancelled > 0 {
        ctx.out.warning(&format!(
            "interrupted: {cancelled} drafts were not started; every version written is complete"
        ));
        return Err(Failure::Reported(130));
    }
    if failed > 0 || !broken.is_empty() {
        return Err(Failure::Reported(exit::FAILED));
    }
    Ok(())
}

/// The event files that do not load among those selected (all of them when none is named).
fn broken_events<'a>(ws: &'a Workspace, args: &[String]) -> Vec<&'a Problem> {
    ws.problems
        .list
        .iter()
        .filter(|p| p.what == What::Event)
        .filter(|p| {
            args.is_empty()
                || args.iter().any(|arg| {
                    let file = std::fs::canonicalize(&p.path).ok();
                    let by_path = std::fs::canonicalize(arg)
                        .ok()
                        .is_some_and(|a| file.as_ref().is_some_and(|f| f.starts_with(&a)));
                    let by_id = Glob::new(arg).is_ok_and(|g| {
                        let g = g.compile_matcher();
                        p.ids.iter().flatten().any(|id| g.is_match(id))
                    });
                    by_path || by_id
                })
        })
        .collect()
}

/// Events named by ids, id globs, event files or folders; every event when none is named.
fn select<'a>(ws: &'a Workspace, args: &[String]) -> Result<Vec<&'a Loaded<Event>>, Failure> {
    if args.is_empty() {
        return Ok(ws.events.values().collect());
    }
    let mut out: Vec<&Loaded<Event>> = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        let found: Vec<&Loaded<Event>> = if path.is_dir() {
            let dir = std::fs::canonicalize(path).map_err(|e| Error::io("cannot read", path, e))?;
            ws.events
                .values()
                .filter(|e| std::fs::canonicalize(&e.path).is_ok_and(|p| p.starts_with(&dir)))
                .collect()
        } else if path.is_file() {
            match ws.event(arg) {
                Ok(e) => vec![e],
                // A broken event file is a failed item, reported with the others.
                Err(_) if !broken_events(ws, std::slice::from_ref(arg)).is_empty() => Vec::new(),
                Err(e) => return Err(e.into()),
            }
        } else {
            let glob = Glob::new(arg)
                .map_err(|e| Error::input(format!("invalid pattern `{arg}`: {e}")))?
                .compile_matcher();
            ws.events
                .values()
                .filter(|e| glob.is_match(e.item.id.as_str()))
                .collect()
        };
        if found.is_empty() && broken_events(ws, std::slice::from_ref(arg)).is_empty() {
            return Err(Error::input(format!("`{arg}` matches no event"))
                .hint("give event ids, globs such as `sg-*`, event files, or folders of events")
                .into());
        }
        for e in found {
            if !out.iter().any(|o| o.item.id == e.item.id) {
                out.push(e);
            }
        }
    }
    Ok(out)
}

/// A rate for people: "12 drafts/s", "0.4 drafts/s" below one a second.
fn rate(per_sec: f64) -> String {
    if !per_sec.is_finite() || per_sec <= 0.0 {
        "- drafts/s".to_string()
    } else if per_sec < 1.0 {
        format!("{per_sec:.1} drafts/s")
    } else {
        format!("{per_sec:.0} drafts/s")
    }
}

/// The event's date, for the summary.
fn date_of(ws: &Workspace, event: &str) -> Option<chrono::NaiveDate> {
    crate::library::Id::parse(event)
        .ok()
        .and_then(|id| ws.events.get(&id))
        .map(|e| e.item.date())
}

/// The summary follows the calendar: by event date, then event id, then the kind's order.
fn sort_by_date(ws: &Workspace, done: &mut [Done]) {
    done.sort_by_cached_key(|d| {
        (
            date_of(ws, &d.event),
            d.event.clone(),
            crate::library::Kind::ALL.iter().position(|k| *k == d.kind),
            // The main language first, then the translations in the event's order.
            date_of_lang(ws, d),
        )
    });
}

/// Where a draft's language comes among its event's: the main one first.
fn date_of_lang(ws: &Workspace, d: &Done) -> usize {
    crate::library::Id::parse(&d.event)
        .ok()
        .and_then(|id| ws.events.get(&id))
        .and_then(|e| {
            crate::languages::of(&e.item)
                .iter()
                .position(|l| *l == d.lang)
        })
        .unwrap_or(0)
}

/// "speech", or "speech.fr" for a translation: as the draft's folder is named.
fn label(d: &Done) -> String {
    crate::languages::label(d.kind, d.lang, d.main)
}

/// Warnings of every drafted item, each text once with the drafts it concerns, in order of
/// first appearance: a stale fact used by ten drafts is one warning, not ten.
fn grouped_warnings(ws: &Workspace, done: &[Done]) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for d in done {
        let Some(Ok(r)) = &d.result else { continue };
        let target = crate::library::Id::parse(&d.event)
            .ok()
            .and_then(|id| ws.events.get(&id))
            .and_then(|e| e.item.target);
        let (seconds, calibrated_on) = spoken(ws, d, r);
        let length =
            crate::length::describe_calibrated(d.kind, r.words, seconds, calibrated_on, target);
        let off = length.off_target.into_iter();
        for w in r.warnings.iter().cloned().chain(off) {
            let item = format!("{}/{}", d.event, label(d));
            match groups.iter_mut().find(|(text, _)| *text == w) {
                Some((_, items)) => items.push(item),
                None => groups.push((w, vec![item])),
            }
        }
    }
    groups
}

/// The speaking time of a drafted item: at its speaker's calibrated rate when they have
/// delivered speeches in its language (`calibrate`), else the manifest's.
fn spoken(ws: &Workspace, d: &Done, r: &crate::batch::Drafted) -> (u64, Option<usize>) {
    if d.kind != crate::library::Kind::Speech {
        return (r.speaking_seconds, None);
    }
    let Some((speaker, _)) = crate::calibrate::speaker_of_event(ws, &d.event) else {
        return (r.speaking_seconds, None);
    };
    let est = crate::calibrate::estimate(ws, &speaker, r.lang, d.kind, r.words);
    match est.calibrated_on {
        Some(n) => (est.seconds, Some(n)),
        None => (r.speaking_seconds, None),
    }
}

/// "a/speech", "a/speech and b/blog", "a/speech, b/blog, c/speech and 4 more".
fn some_of(items: &[String]) -> String {
    const SHOWN: usize = 3;
    match items {
        [one] => one.clone(),
        [init @ .., last] if items.len() <= SHOWN => format!("{} and {last}", init.join(", ")),
        _ => format!(
            "{} and {} more",
            items[..SHOWN].join(", "),
            items.len() - SHOWN
        ),
    }
}

/// The drafts one error stopped, for its heading: `event` when it stopped every kind of one
/// event, `event/speech, blog` for some of its kinds, `3 drafts (a/speech, b/speech and
/// c/blog)` across events.
fn failed_items(done: &[Done], items: &[&Done]) -> String {
    let first = items[0];
    if items.iter().all(|d| d.event == first.event) {
        let of_event = done.iter().filter(|x| x.event == first.event).count();
        if items.len() > 1 && items.len() == of_event {
            return first.event.clone();
        }
        let kinds: Vec<String> = items.iter().map(|d| label(d)).collect();
        return format!("{}/{}", first.event, kinds.join(", "));
    }
    let names: Vec<String> = items
        .iter()
        .map(|d| format!("{}/{}", d.event, label(d)))
        .collect();
    format!("{} drafts ({})", items.len(), some_of(&names))
}

fn print_table(
    ctx: &Context,
    ws: &Workspace,
    done: &[Done],
    broken: usize,
    elapsed: std::time::Duration,
) {
    let out = &ctx.out;
    let mut rows: Vec<[String; 8]> = Vec::new();
    let mut created = 0;
    let mut unchanged = 0;
    let mut failures = Vec::new();
    for d in done {
        let date = date_of(ws, &d.event).map_or_else(|| "-".to_string(), |d| d.to_string());
        let (version, words, time, status) = match &d.result {
            None => ("-".into(), "-".into(), "-".into(), "not started".into()),
            Some(Err(e)) => {
                failures.push((d, e));
                ("-".into(), "-".into(), "-".into(), "FAILED".into())
            }
            Some(Ok(r)) => {
                let version = if r.created {
                    created += 1;
                    format!("v{:03}", r.version)
                } else {
                    unchanged += 1;
                    format!("unchanged v{:03}", r.version)
                };
                let status = if r.not_cleared {
                    "NOT CLEARED".to_string()
                } else if r.warnings.is_empty() {
                    "ok".to_string()
                } else if r.warnings.len() == 1 {
                    "1 warning".to_string()
                } else {
                    format!("{} warnings", r.warnings.len())
                };
                // Press packs and briefing notes are read, not delivered.
                let time = if crate::length::has_speaking_time(d.kind) {
                    minutes(spoken(ws, d, r).0)
                } else {
                    "-".to_string()
                };
                (version, r.words.to_string(), time, status)
            }
        };
        rows.push([
            date,
            d.event.clone(),
            d.kind.to_string(),
            d.lang.to_string(),
            version,
            words,
            time,
            status,
        ]);
    }
    for (w, items) in grouped_warnings(ws, done) {
        if items.len() == 1 {
            out.warning(&format!("{}: {w}", items[0]));
        } else {
            out.warning(&format!(
                "{w} ({} drafts: {})",
                items.len(),
                some_of(&items)
            ));
        }
    }
    if !out.quiet {
        let header = [
            "DATE", "EVENT", "KIND", "LANG", "VERSION", "WORDS", "TIME", "STATUS",
        ];
        let mut widths = header.map(|h| h.chars().count());
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let last = header.len() - 1;
        let line = |cells: [&str; 8]| {
            let mut s = String::new();
            for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
                let pad = w.saturating_sub(c.chars().count());
                // Numbers are right-aligned.
                if i == 5 || i == 6 {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(c);
                } else {
                    s.push_str(c);
                    if i < last {
                        s.push_str(&" ".repeat(pad));
                    }
                }
                if i < last {
                    s.push_str("  ");
                }
            }
            s.trim_end().to_string()
        };
        let mut text = format!("{}\n", out.out(Paint::Bold, &line(header)));
        for r in &rows {
            let cells =
                [&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6], &r[7]].map(String::as_str);
            let plain = line(cells);
            let painted = match r[7].as_str() {
                "FAILED" | "NOT CLEARED" => out.out(Paint::Error, &plain),
                _ => plain,
            };
            text.push_str(&painted);
            text.push('\n');
        }
        let _ = super::write_stdout(text.as_bytes());
    }
    // One error shared by several kinds of an event is printed once, naming those kinds; one
    // shared by several events (a broken house style or template) once for the batch.
    let mut grouped: Vec<(Vec<&Done>, &Error)> = Vec::new();
    for (d, e) in &failures {
        let same = grouped
            .iter_mut()
            .find(|(_, ge)| ge.message() == e.message() && ge.origin() == e.origin());
        match same {
            Some((items, _)) => items.push(d),
            None => grouped.push((vec![d], e)),
        }
    }
    for (items, e) in &grouped {
        out.diagnostic(
            "error",
            Paint::Error,
            &format!("{}: {}", failed_items(done, items), e.message()),
            e,
        );
    }
    let secs = elapsed.as_secs_f64();
    out.status(&format!(
        "{} drafts: {created} written, {unchanged} unchanged, {} failed in {:.2}s ({}) → {}",
        done.len(),
        failures.len() + broken,
        secs,
        rate(done.len() as f64 / secs.max(1e-9)),
        ws.output_dir().display()
    ));
}

fn print_json(ws: &Workspace, done: &[Done], broken: &[&Problem], elapsed: std::time::Duration) {
    let rel = |p: &Path| p.strip_prefix(&ws.root).unwrap_or(p).display().to_string();
    let (mut written, mut unchanged, mut failed, mut not_started) = (0, 0, broken.len(), 0);
    let broken = broken.iter().map(|p| {
        let e = &p.error;
        json!({
            "event": p.ids.as_ref().and_then(|ids| ids.first()),
            "status": "failed",
            "error": e.message(),
            "file": p.path.display().to_string(),
            "line": e.origin().and_then(|o| o.location).map(|l| l.line),
            "column": e.origin().and_then(|o| o.location).map(|l| l.column),
        })
    });
    let items: Vec<serde_json::Value> = done
        .iter()
        .map(|d| {
            let date = date_of(ws, &d.event).map(|d| d.to_string());
            match &d.result {
                None => {
                    not_started += 1;
                    json!({"event": d.event, "kind": d.kind, "lang": d.lang, "date": date, "status": "not-started"})
                }
                Some(Err(e)) => {
                    failed += 1;
                    json!({
                        "event": d.event, "kind": d.kind, "lang": d.lang, "date": date, "status": "failed",
                        "error": e.message(),
                        "file": e.origin().map(|o| o.path.display().to_string()),
                        "line": e.origin().and_then(|o| o.location).map(|l| l.line),
                        "column": e.origin().and_then(|o| o.location).map(|l| l.column),
                    })
                }
                Some(Ok(r)) => {
                    if r.created {
                        written += 1;
                    } else {
                        unchanged += 1;
                    }
                    let mut store = crate::versions::Store::new(&ws.output_dir(), &d.event, d.kind);
                    if d.lang != d.main {
                        store = store.translation(d.lang);
                    }
                    let v = store.version(r.version);
                    let mut item = json!({
                        "event": d.event, "kind": d.kind, "lang": d.lang, "date": date,
                        "status": if r.created { "created" } else { "unchanged" },
                        "version": r.version,
                        "files": {
                            "docx": rel(&v.docx),
                            "markdown": rel(&v.markdown),
                            "manifest": rel(&v.manifest),
                        },
                        "words": r.words, "speaking_seconds": r.speaking_seconds,
                        "not_cleared": r.not_cleared, "warnings": r.warnings,
                    });
                    // The speaker's own rate, beside the manifest's estimate at the settings'.
                    if let (seconds, Some(n)) = spoken(ws, d, r) {
                        item["calibrated_seconds"] = json!(seconds);
                        item["calibrated_on"] = json!(n);
                    }
                    item
                }
            }
        })
        .chain(broken)
        .collect();
    let doc = json!({
        "items": items,
        "counts": {
            "written": written,
            "unchanged": unchanged,
            "failed": failed,
            "not_started": not_started,
        },
        "elapsed_ms": elapsed.as_millis() as u64,
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("json values serialise");
    text.push('\n');
    let _ = super::write_stdout(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_rounded_for_people() {
        assert_eq!(rate(64.4821), "64 drafts/s");
        assert_eq!(rate(0.4321), "0.4 drafts/s");
        assert_eq!(rate(0.0), "- drafts/s");
        assert_eq!(rate(f64::INFINITY), "- drafts/s");
    }

    #[test]
    fn long_lists_of_drafts_are_shortened() {
        let items: Vec<String> = ["a/speech", "a/blog", "b/speech", "c/speech"]
            .map(String::from)
            .to_vec();
        assert_eq!(some_of(&items[..1]), "a/speech");
        assert_eq!(some_of(&items[..2]), "a/speech and a/blog");
        assert_eq!(some_of(&items[..3]), "a/speech, a/blog and b/speech");
        assert_eq!(some_of(&items), "a/speech, a/blog, b/speech and 1 more");
    }
}
