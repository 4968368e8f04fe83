//! `lectern batch [EVENT|DIR]...`: select events, draft them in parallel with a progress bar
//! (only when stderr is a terminal), then print a summary table or JSON.

use std::io::{IsTerminal, Write};
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
                .map(move |&kind| Item { event: e, kind })
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
                "{spinner} [{bar:30}] {pos}/{len} drafts {per_sec} {wide_msg}",
            )
            .expect("the progress template is valid")
            .progress_chars("=> "),
        );
        bar
    });
    let progress = |d: &Done| {
        if let Some(bar) = &bar {
            bar.set_message(format!("{}/{}", d.event, d.kind));
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
    // Event files that do not load are items that failed: each is reported once.
    for p in &broken {
        ctx.out.error(&p.error);
    }
    match args.format {
        Format::Json => print_json(&done, &broken, elapsed),
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

fn print_table(
    ctx: &Context,
    ws: &Workspace,
    done: &[Done],
    broken: usize,
    elapsed: std::time::Duration,
) {
    let out = &ctx.out;
    let mut rows: Vec<[String; 6]> = Vec::new();
    let mut created = 0;
    let mut unchanged = 0;
    let mut failures = Vec::new();
    for d in done {
        let (version, words, time, status) = match &d.result {
            None => ("-".into(), "-".into(), "-".into(), "not started".into()),
            Some(Err(e)) => {
                failures.push((d, e));
                ("-".into(), "-".into(), "-".into(), "FAILED".into())
            }
            Some(Ok(r)) => {
                for w in &r.warnings {
                    out.warning(&format!("{}/{}: {w}", d.event, d.kind));
                }
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
                } else {
                    format!("{} warning(s)", r.warnings.len())
                };
                (
                    version,
                    r.words.to_string(),
                    minutes(r.speaking_seconds),
                    status,
                )
            }
        };
        rows.push([
            d.event.clone(),
            d.kind.to_string(),
            version,
            words,
            time,
            status,
        ]);
    }
    let header = ["EVENT", "KIND", "VERSION", "WORDS", "TIME", "STATUS"];
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut stdout = std::io::stdout().lock();
    let line = |cells: [&str; 6]| {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            let pad = w.saturating_sub(c.chars().count());
            if i == 3 || i == 4 {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                if i < 5 {
                    s.push_str(&" ".repeat(pad));
                }
            }
            if i < 5 {
                s.push_str("  ");
            }
        }
        s.trim_end().to_string()
    };
    let _ = writeln!(stdout, "{}", out.out(Paint::Bold, &line(header)));
    for r in &rows {
        let text = line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]]);
        let painted = match r[5].as_str() {
            "FAILED" | "NOT CLEARED" => out.out(Paint::Error, &text),
            s if s.starts_with("unchanged") => text,
            _ => text,
        };
        let _ = writeln!(stdout, "{painted}");
    }
    drop(stdout);
    // One error shared by several kinds of an event is printed once, naming those kinds.
    let mut grouped: Vec<(&Done, Vec<String>, &Error)> = Vec::new();
    for (d, e) in &failures {
        let same = grouped.iter_mut().find(|(g, _, ge)| {
            g.event == d.event && ge.message() == e.message() && ge.origin() == e.origin()
        });
        match same {
            Some((_, kinds, _)) => kinds.push(d.kind.to_string()),
            None => grouped.push((d, vec![d.kind.to_string()], e)),
        }
    }
    for (d, kinds, e) in &grouped {
        let of_event = done.iter().filter(|x| x.event == d.event).count();
        let what = if kinds.len() > 1 && kinds.len() == of_event {
            d.event.clone()
        } else {
            format!("{}/{}", d.event, kinds.join(", "))
        };
        out.diagnostic(
            "error",
            Paint::Error,
            &format!("{what}: {}", e.message()),
            e,
        );
    }
    let secs = elapsed.as_secs_f64();
    out.status(&format!(
        "{} drafts: {created} written, {unchanged} unchanged, {} failed in {:.2}s ({:.0} drafts/s) → {}",
        done.len(),
        failures.len() + broken,
        secs,
        done.len() as f64 / secs.max(1e-9),
        ws.output_dir().display()
    ));
}

fn print_json(done: &[Done], broken: &[&Problem], elapsed: std::time::Duration) {
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
        .map(|d| match &d.result {
            None => json!({"event": d.event, "kind": d.kind, "status": "not-started"}),
            Some(Err(e)) => json!({
                "event": d.event, "kind": d.kind, "status": "failed",
                "error": e.message(),
                "file": e.origin().map(|o| o.path.display().to_string()),
                "line": e.origin().and_then(|o| o.location).map(|l| l.line),
                "column": e.origin().and_then(|o| o.location).map(|l| l.column),
            }),
            Some(Ok(r)) => json!({
                "event": d.event, "kind": d.kind,
                "status": if r.created { "created" } else { "unchanged" },
                "version": r.version,
                "words": r.words, "speaking_seconds": r.speaking_seconds,
                "not_cleared": r.not_cleared, "warnings": r.warnings,
            }),
        })
        .chain(broken)
        .collect();
    let doc = json!({
        "items": items,
        "elapsed_ms": elapsed.as_millis() as u64,
    });
    let _ = writeln!(
        std::io::stdout().lock(),
        "{}",
        serde_json::to_string_pretty(&doc).expect("json values serialise")
    );
}
