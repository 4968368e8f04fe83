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
                .map(|d| parse_date("--delivered-on", d).map(|d| d.to_string()))
                .transpose()?,
        })
    } else {
        None
    };
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
    for w in &report.warnings {
        out.warning(&format!("{}/{}: {w}", report.event, report.kind));
    }
    let file = args.file.display();
    match &report.outcome {
        Outcome::Unchanged { version } => {
            println!(
                "{}/{}: {file} is unchanged from v{version:03}; nothing written",
                report.event, report.kind
            );
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
                "{}/{}: v{:03} {} imported from {file}, edited by {} ({} words, ~{} spoken)",
                report.event,
                report.kind,
                version.number,
                out.out(Paint::Path, &path.display().to_string()),
                opts.by,
                manifest.words,
                super::draft::minutes(manifest.speaking_seconds),
            );
            match basis {
                Basis::Given => println!("  based on v{based_on:03} (--from)"),
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

/// `M:SS` → seconds.
fn duration(s: &str) -> Result<u64, Failure> {
    let bad = || {
        Failure::One(
            Error::input(format!("--duration: `{s}` is not M:SS"))
                .hint("give minutes and seconds, e.g. --duration 12:30"),
        )
    };
    let (m, sec) = s.trim().split_once(':').ok_or_else(bad)?;
    let m: u64 = m.parse().map_err(|_| bad())?;
    let sec: u64 = sec.parse().map_err(|_| bad())?;
    if sec >= 60 || sec.to_string().len() > 2 || m > 24 * 60 {
        return Err(bad());
    }
    Ok(m * 60 + sec)
}
