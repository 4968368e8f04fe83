//! `lectern import EVENT --kind K FILE.docx --by NAME`: keep a reviewer's DOCX as the next
//! version, and say what it was based on and what it carries.

use super::{exit, kind_of, lang_of, parse_date, CmdResult, Context, Failure};
use crate::cli::ImportArgs;
use crate::error::{Error, ErrorKind};
use crate::import::{import_in, Basis, Delivered, Options, Outcome};
use crate::output::Paint;

pub(super) fn run(ctx: &Context, args: ImportArgs) -> CmdResult {
    let delivered = if args.as_delivered {
        Some(Delivered {
            duration_seconds: args.duration.as_deref().map(duration).transpose()?,
            delivered_on: args
                .delivered_on
                .as_deref()
                .map(|d| delivered_on(ctx, d))
                .transpose()?,
        })
    } else {
        None
    };
    if args.duration.is_some() && kind_of(args.kind) != crate::library::Kind::Speech {
        return Err(Error::input(format!(
            "--duration: a {} is read, not delivered aloud; only a speech's duration calibrates its speaker",
            kind_of(args.kind)
        ))
        .hint("leave --duration out, or import the speech with it")
        .into());
    }
    if args.by.trim().is_empty() {
        return Err(Error::input("--by: the reviewer's name is empty")
            .hint("say who edited the file, e.g. --by \"Ann Lee\"")
            .into());
    }
    let ws = ctx.workspace()?;
    let event = ws.event(&args.event)?;
    let kind = kind_of(args.kind);
    // The language the file is a version of (DESIGN.md §12).
    let lang = crate::languages::one(event, lang_of(args.lang), kind, "import")?;
    let opts = Options {
        by: args.by.trim().to_string(),
        from: args.from,
        note: args.note.clone(),
        delivered,
        now: chrono::Utc::now(),
    };
    let report = match import_in(&ws, event, kind, lang, &args.file, &opts) {
        Ok(r) => r,
        Err(e) => {
            ctx.out.error(&e);
            return Err(Failure::Reported(match e.kind() {
                ErrorKind::Refused => exit::FAILED,
                ErrorKind::Input | ErrorKind::Io => exit::USAGE,
            }));
        }
    };
    let out = &ctx.out;
    // "speech", or "speech.fr" for a translation, as `draft` says it.
    let label = crate::languages::label(report.kind, lang, event.item.language);
    for w in &report.warnings {
        out.warning(&format!("{}/{label}: {w}", report.event));
    }
    let file = args.file.display();
    match &report.outcome {
        Outcome::Unchanged { version } => {
            println!(
                "{}/{label}: {file} is unchanged from v{version:03}; nothing written",
                report.event
            );
        }
        Outcome::Created {
            version,
            manifest,
            based_on,
            basis,
            previous,
        } if opts.delivered.is_some() => {
            let path = version.docx.strip_prefix(&ws.root).unwrap_or(&version.docx);
            let origin = manifest.origin.as_ref();
            let took = match origin.and_then(|o| o.duration_seconds) {
                Some(s) => {
                    let rate = manifest.words as f64 * 60.0 / s as f64;
                    format!(
                        "{} words in {}, {rate:.0} words a minute",
                        manifest.words,
                        crate::delivered::duration_text(s)
                    )
                }
                None => format!("{} words", manifest.words),
            };
            let on = origin
                .and_then(|o| o.delivered_on.as_deref())
                .map_or_else(String::new, |d| format!(" on {d}"));
            println!(
                "{}/{label}: v{:03} {} as delivered{on}, from {file} by {} ({took})",
                report.event,
                version.number,
                out.out(Paint::Path, &path.display().to_string()),
                opts.by,
            );
            let how = if args.from.is_some() {
                "the cleared version --from names"
            } else {
                "the last cleared version"
            };
            let _ = basis;
            println!(
                "  based on v{based_on:03}, {how}; `lectern diff {} --kind {}` compares them",
                report.event, report.kind
            );
            if let Some(line) = crate::draft::changes_since(previous, version) {
                println!("  since v{:03}: {line}", previous.number);
            }
            // What later estimates of this speaker's speeches use. The manifests are read
            // now, after this version was written, so it is among them.
            if let Some(o) = origin.filter(|o| o.duration_seconds.is_some()) {
                let speaker = o.speaker.clone().unwrap_or_default();
                if let Some(r) = crate::calibrate::of(&ws).rate(&speaker, manifest.language) {
                    println!(
                        "  {speaker} ({}): {:.0} words a minute, {}",
                        manifest.language.code(),
                        r.words_per_minute,
                        crate::calibrate::note(r.speeches)
                    );
                }
            }
        }
        Outcome::Created {
            version,
            manifest,
            based_on,
            basis,
            previous,
        } => {
            let path = version.docx.strip_prefix(&ws.root).unwrap_or(&version.docx);
            println!(
                "{}/{label}: v{:03} {} imported from {file}, edited by {} ({} words, ~{} spoken)",
                report.event,
                version.number,
                out.out(Paint::Path, &path.display().to_string()),
                opts.by,
                manifest.words,
                super::draft::minutes(manifest.speaking_seconds),
            );
            match basis {
                Basis::Given | Basis::Cleared => println!("  based on v{based_on:03} (--from)"),
                Basis::Recorded => println!(
                    "  based on v{based_on:03}, the version the file was drafted as"
                ),
                Basis::MostSimilar(score) => println!(
                    "  based on v{based_on:03}, the most similar version ({:.0}% of words shared); use --from N to choose",
                    score * 100.0
                ),
            }
            if let Some(line) = crate::draft::changes_since(previous, version) {
                println!("  since v{:03}: {line}", previous.number);
            }
            let (c, p) = (manifest.comments.len(), manifest.pending_changes.len());
            if c + p > 0 {
                println!(
                    "  {c} comment{}, {p} pending tracked change{}",
                    if c == 1 { "" } else { "s" },
                    if p == 1 { "" } else { "s" }
                );
            }
        }
    }
    Ok(())
}

/// `M:SS` or `H:MM:SS` → seconds.
fn duration(s: &str) -> Result<u64, Failure> {
    crate::delivered::parse_duration(s).map_err(|why| {
        Failure::One(
            Error::input(format!("--duration: {why}")).hint(
                "give how long the delivery took, e.g. --duration 12:30 or --duration 1:05:00",
            ),
        )
    })
}

/// `--delivered-on`: a date, not after today (`--today`).
fn delivered_on(ctx: &Context, s: &str) -> Result<String, Failure> {
    let d = parse_date("--delivered-on", s)?;
    let today = ctx.today();
    if d > today {
        return Err(Error::input(format!(
            "--delivered-on: {d} is after today ({today})"
        ))
        .hint("give the day the text was delivered; --today sets today for a reproducible run")
        .into());
    }
    Ok(d.to_string())
}
