//! Subcommands: each file under `cmd/` orchestrates one command — it turns arguments into
//! options, calls the library and prints through `output`. This is the only layer that prints,
//! reads the environment or decides exit codes.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::{Cli, Command, KindArg, ListCommand};
use crate::error::{Error, ErrorKind};
use crate::library::{Date, Kind};
use crate::output::Out;
use crate::workspace::Workspace;

mod batch;
mod check;
mod diff;
mod draft;
mod export;
mod list;
mod schema;
mod templates;

pub mod complete;
mod history;
mod init;
mod man;

/// Exit statuses, in one place.
pub mod exit {
    pub const OK: u8 = 0;
    /// A check failed, a draft was refused, or a batch item failed.
    pub const FAILED: u8 = 1;
    /// Bad usage or input.
    pub const USAGE: u8 = 2;
}

/// What every command gets: where the workspace is, what day it is, how to print.
#[derive(Debug, Clone)]
pub struct Context {
    pub root: PathBuf,
    /// `--today`, or the local date on first use (reading the time zone costs a few system
    /// calls that `diff` and the listings of files never need).
    today: std::cell::OnceCell<NaiveDate>,
    pub out: Out,
}

impl Context {
    /// "Today" for governance and listings: `--today` / `LECTERN_TODAY`, else the local date.
    pub fn today(&self) -> NaiveDate {
        *self.today.get_or_init(|| chrono::Local::now().date_naive())
    }

    /// Load the workspace as far as it loads: a broken file blocks only what depends on it
    /// (`Workspace::problems`), so the rest can still be drafted and listed.
    pub fn workspace(&self) -> Result<Workspace, Failure> {
        Workspace::load_all(&self.root)
            .map(|l| l.workspace)
            .map_err(Failure::Many)
    }
}

/// Why a command failed, for `run` to print and map to an exit status.
#[derive(Debug)]
pub enum Failure {
    /// One error, printed with its location and hints.
    One(Error),
    /// Several errors, printed in order.
    Many(Vec<Error>),
    /// Already reported; exit with this status.
    Reported(u8),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::One(e)
    }
}

pub type CmdResult = Result<(), Failure>;

pub fn kind_of(k: KindArg) -> Kind {
    match k {
        KindArg::Speech => Kind::Speech,
        KindArg::Blog => Kind::Blog,
        KindArg::PressBriefing => Kind::PressBriefing,
        KindArg::BriefingNote => Kind::BriefingNote,
    }
}

pub fn parse_date(flag: &str, s: &str) -> Result<NaiveDate, Error> {
    Date::parse(s)
        .map(|d| d.0)
        .map_err(|e| Error::input(format!("{flag}: {e}")))
}

/// `--from` and `--until`, each optional, as dates.
pub fn date_range(
    from: Option<&str>,
    until: Option<&str>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), Error> {
    Ok((
        from.map(|s| parse_date("--from", s)).transpose()?,
        until.map(|s| parse_date("--until", s)).transpose()?,
    ))
}

pub fn run(cli: Cli) -> ExitCode {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let out = Out::new(cli.color, no_color, cli.quiet, cli.verbose);
    let today = std::cell::OnceCell::new();
    if let Some(s) = &cli.today {
        match parse_date("--today", s) {
            Ok(d) => {
                let _ = today.set(d);
            }
            Err(e) => {
                out.error(&e.hint("set --today or LECTERN_TODAY as YYYY-MM-DD"));
                return ExitCode::from(exit::USAGE);
            }
        }
    }
    let root = cli.workspace.clone().unwrap_or_else(|| PathBuf::from("."));
    let ctx = Context { root, today, out };
    let result = match cli.command {
        Command::Init { dir } => init::run(&ctx, dir),
        Command::Draft(args) => draft::run(&ctx, args),
        Command::Batch(args) => batch::run(&ctx, args),
        Command::Diff(args) => diff::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Completions { shell } => complete::script(shell),
        Command::Man => man::run(),
        Command::History {
            event,
            kind,
            format,
        } => history::run(&ctx, &event, kind, format),
        Command::Check(args) => check::run(&ctx, args),
        Command::Snippets {
            command: ListCommand::List { filter, format },
        } => list::snippets(&ctx, filter, format),
        Command::Facts {
            command: ListCommand::List { filter, format },
        } => list::facts(&ctx, filter, format),
        Command::Events {
            command: ListCommand::List { filter, format },
        } => list::events(&ctx, filter, format),
        Command::Schema { what } => schema::run(&ctx, what),
        Command::Templates { command } => templates::run(&ctx, command),
    };
    match result {
        Ok(()) => ExitCode::from(exit::OK),
        Err(f) => ExitCode::from(report(&ctx.out, f)),
    }
}

/// Write `bytes` to stdout. A closed pipe (`lectern man | head`) is not an error: the reader
/// has what it wanted.
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Print a failure and choose the exit status.
fn report(out: &Out, f: Failure) -> u8 {
    let status_of = |e: &Error| match e.kind() {
        ErrorKind::Refused => exit::FAILED,
        ErrorKind::Input | ErrorKind::Io => exit::USAGE,
    };
    match f {
        Failure::One(e) => {
            out.error(&e);
            status_of(&e)
        }
        Failure::Many(errors) => {
            let mut status = exit::FAILED;
            for e in &errors {
                out.error(e);
                status = status.max(status_of(e));
            }
            if errors.len() > 1 {
                out.status(&format!("{} errors", errors.len()));
            }
            status
        }
        Failure::Reported(code) => code,
    }
}

/// A panic is a bug: print a short report instead of a backtrace wall. The process then exits
/// with Rust's panic status (101), non-zero, whichever thread panicked: batch threads hand their
/// panic back to the main thread.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        // `println!` panics when stdout is a closed pipe (`lectern ... | head`); the reader
        // has what it wanted, so that is a quiet success, not a bug.
        if is_broken_pipe(info.payload()) {
            std::process::exit(i32::from(exit::OK));
        }
        eprint!("{}", panic_report(info.payload(), info.location()));
    }));
}

/// Whether a panic is the standard library's "failed printing to stdout: Broken pipe".
fn is_broken_pipe(payload: &(dyn std::any::Any + Send)) -> bool {
    let msg = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or_default();
    msg.starts_with("failed printing to stdout") && msg.contains("Broken pipe")
}

/// The two lines a panic prints.
fn panic_report(
    payload: &(dyn std::any::Any + Send),
    location: Option<&std::panic::Location<'_>>,
) -> String {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    let at = location
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    format!(
        "error: internal error: {msg}{at}\nhint: this is a bug in lectern; please report it with the command you ran\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_reported_in_two_lines_without_a_backtrace() {
        let payload: Box<dyn std::any::Any + Send> = Box::new(String::from("index out of bounds"));
        let report = panic_report(payload.as_ref(), Some(std::panic::Location::caller()));
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 2, "{report}");
        assert!(lines[0].starts_with("error: internal error: index out of bounds at src/"));
        assert!(lines[1].starts_with("hint: this is a bug in lectern"));
        assert!(!report.contains("backtrace"));
        let opaque: Box<dyn std::any::Any + Send> = Box::new(42_u8);
        assert!(panic_report(opaque.as_ref(), None)
            .starts_with("error: internal error: unknown panic\n"));
    }
}
