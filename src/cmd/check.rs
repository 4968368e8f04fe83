//! `lectern check`: run every workspace check and report the findings, as diagnostics on stderr
//! or as a JSON array on stdout, then a one-line summary. Exit 1 on errors (and on warnings
//! with `--strict`), 2 when there is no workspace to check.

use std::io::Write;

use super::{exit, CmdResult, Context, Failure};
use crate::check::{self, Finding, Options, Severity};
use crate::cli::{CheckArgs, Format};
use crate::error::Error;
use crate::output::Paint;

pub(super) fn run(ctx: &Context, args: CheckArgs) -> CmdResult {
    if args.expiring_within < 0 {
        return Err(Failure::One(Error::input(format!(
            "--expiring-within: expected a number of days, 0 or more, not {}",
            args.expiring_within
        ))));
    }
    let opts = Options {
        today: ctx.today(),
        expiring_within: args.expiring_within,
    };
    ctx.require_workspace()?;
    let findings = check::check(&ctx.root, &opts).map_err(Failure::Many)?;
    let (errors, warnings) = check::tally(&findings);
    match args.format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&findings)
                .map_err(|e| Error::input(format!("cannot write JSON: {e}")))?;
            text.push('\n');
            // A closed pipe is not an error.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
        Format::Human => {
            for f in &findings {
                print(ctx, f);
            }
        }
    }
    let summary = format!(
        "{} {}, {} {}",
        errors,
        if errors == 1 { "error" } else { "errors" },
        warnings,
        if warnings == 1 { "warning" } else { "warnings" }
    );
    let paint = if errors > 0 {
        Paint::Error
    } else if warnings > 0 {
        Paint::Warning
    } else {
        Paint::Ok
    };
    ctx.out.status(&ctx.out.err(paint, &summary));
    if errors > 0 || (args.strict && warnings > 0) {
        Err(Failure::Reported(exit::FAILED))
    } else {
        Ok(())
    }
}

/// One finding as a diagnostic: `error:` / `warning:`, location with the source line, hint.
fn print(ctx: &Context, f: &Finding) {
    let (label, paint) = match f.severity {
        Severity::Error => ("error", Paint::Error),
        Severity::Warning if ctx.out.quiet => return,
        Severity::Warning => ("warning", Paint::Warning),
        Severity::Note if ctx.out.quiet => return,
        Severity::Note => ("note", Paint::Hint),
    };
    let mut e = Error::input(f.message.clone());
    if let Some(o) = f.origin() {
        e = e.at(o);
    }
    if let Some(h) = &f.hint {
        for line in h.lines() {
            e = e.hint(line);
        }
    }
    ctx.out.diagnostic(label, paint, &f.message, &e);
}
