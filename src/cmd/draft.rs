//! `lectern draft EVENT... [--kind K]`: draft each event's outputs as a new version.

use super::{exit, kind_of, lang_of, CmdResult, Context, Failure};
use crate::cli::DraftArgs;
use crate::draft::{draft_in, Options, Outcome, Report};
use crate::error::ErrorKind;
use crate::output::{Out, Paint};
use crate::render::Templates;

pub(super) fn run(ctx: &Context, args: DraftArgs) -> CmdResult {
    let ws = ctx.workspace()?;
    let templates = Templates::load(&ws.templates_dir())?;
    let opts = Options {
        today: ctx.today(),
        allow_unapproved: args.allow_unapproved,
        now: chrono::Utc::now(),
        discard_edits: args.discard_edits,
    };
    let mut status = exit::OK;
    for arg in &args.events {
        let event = match ws.event(arg) {
            Ok(e) => e,
            Err(e) => {
                let all = ws.file_problems(&e);
                for e in &all {
                    ctx.out.error(e);
                }
                if all.len() > 1 {
                    ctx.out.status(&format!("{} errors", all.len()));
                }
                status = status.max(exit::USAGE);
                continue;
            }
        };
        let kinds = match args.kind {
            Some(k) => vec![kind_of(k)],
            None => event.item.outputs.clone(),
        };
        // Every language the event is drafted in, or the one --lang names (DESIGN.md §12).
        let langs = match crate::languages::select(event, lang_of(args.lang)) {
            Ok(langs) => langs,
            Err(e) => {
                ctx.out.error(&e);
                status = status.max(exit::USAGE);
                continue;
            }
        };
        for (n, &lang) in langs.iter().enumerate() {
            // Each problem once per event, naming kinds only where it is kind-specific; the
            // kinds it does not stop are still drafted. Text missing in one language stops
            // only that language's drafts.
            let blocked = crate::governance::screen_in(&ws, event, &kinds, lang, opts.policy());
            for b in blocked.iter().filter(|b| n == 0 || b.lang.is_some()) {
                ctx.out.error(&b.error);
                status = status.max(match b.error.kind() {
                    ErrorKind::Refused => exit::FAILED,
                    ErrorKind::Input | ErrorKind::Io => exit::USAGE,
                });
            }
            for &kind in &kinds {
                if blocked.iter().any(|b| b.kinds.contains(&kind)) {
                    continue;
                }
                match draft_in(&ws, &templates, event, kind, lang, &opts) {
                    Ok(report) => print_report(&ctx.out, &ws, &report, event),
                    Err(e) => {
                        ctx.out.error(&e);
                        status = status.max(match e.kind() {
                            ErrorKind::Refused => exit::FAILED,
                            ErrorKind::Input | ErrorKind::Io => exit::USAGE,
                        });
                    }
                }
            }
        }
    }
    if status == exit::OK {
        Ok(())
    } else {
        Err(Failure::Reported(status))
    }
}

pub(super) use crate::length::minutes;

fn print_report(
    out: &Out,
    ws: &crate::workspace::Workspace,
    r: &Report,
    event: &crate::library::Loaded<crate::library::Event>,
) {
    let root = &ws.root;
    let target = event.item.target;
    let m = r.manifest();
    // "speech", or "speech.fr" for a translation, as its folder is named.
    let kind = crate::languages::label(r.kind, m.language, event.item.language);
    for w in &r.warnings {
        out.warning(&format!("{}/{kind}: {w}", r.event));
    }
    // A speech by a speaker with delivered speeches: their own rate (`calibrate`).
    let est = crate::calibrate::estimate(ws, &event.item.speaker.name, m.language, r.kind, m.words);
    let length = match est.calibrated_on {
        Some(n) => {
            crate::length::describe_calibrated(r.kind, m.words, est.seconds, Some(n), target)
        }
        None => crate::length::describe(r.kind, m.words, m.speaking_seconds, target),
    };
    if let Some(off) = &length.off_target {
        out.warning(&format!("{}/{kind}: {off}", r.event));
    }
    // `-q`: errors only, for scripts and nightly jobs.
    if out.quiet {
        return;
    }
    match &r.outcome {
        Outcome::Unchanged { version, .. } => {
            println!("{}/{kind}: unchanged since v{version:03}", r.event);
        }
        Outcome::Created {
            version, previous, ..
        } => {
            let path = version.docx.strip_prefix(root).unwrap_or(&version.docx);
            let flag = if m.not_cleared {
                format!(" {}", out.out(Paint::Error, "NOT CLEARED"))
            } else {
                String::new()
            };
            println!(
                "{}/{kind}: v{:03} {} ({}){flag}",
                r.event,
                version.number,
                out.out(Paint::Path, &path.display().to_string()),
                length.summary,
            );
            if let Some(prev) = previous {
                if let Some(line) = crate::draft::changes_since(prev, version) {
                    println!("  since v{:03}: {line}", prev.number);
                }
            }
            if let Some(line) = crate::regenerate::describe(m) {
                println!("  {}", crate::output::visible(&line));
            }
        }
    }
}
