//! Subcommands: each file under `cmd/` orchestrates one command — it turns arguments into
//! options, calls the library and prints through `output`. This is the only layer that prints,
//! reads the environment or decides exit codes.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::{Cli, Command, EventsCommand, KindArg, ListCommand};
use crate::error::{Error, ErrorKind};
use crate::library::{Date, Kind};
use crate::output::Out;
use crate::workspace::Workspace;

mod batch;
mod check;
mod clear;
mod diff;
mod draft;
mod events;
mod export;
mod import;
mod list;
mod schema;
mod style;
mod templates;
mod translations;

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
    /// Why there is no workspace to work on, when there is none (`-C` names a folder without
    /// content, or none was found from the current folder upwards).
    no_workspace: Option<String>,
}

impl Context {
    /// "Today" for governance and listings: `--today` / `LECTERN_TODAY`, else the local date.
    pub fn today(&self) -> NaiveDate {
        *self.today.get_or_init(|| chrono::Local::now().date_naive())
    }

    /// Load the workspace as far as it loads: a broken file blocks only what depends on it
    /// (`Workspace::problems`), so the rest can still be drafted and listed.
    pub fn workspace(&self) -> Result<Workspace, Failure> {
        self.require_workspace()?;
        Workspace::load_all(&self.root)
            .map(|l| l.workspace)
            .map_err(Failure::Many)
    }

    /// Fail when there is no workspace here (rather than report an empty one).
    pub fn require_workspace(&self) -> Result<(), Failure> {
        match &self.no_workspace {
            Some(why) => Err(Failure::One(
                Error::input(why.clone())
                    .hint("create one with `lectern init`, or name one with -C DIR"),
            )),
            None => Ok(()),
        }
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

/// `--lang` as the library's language.
pub fn lang_of(l: Option<crate::cli::LangArg>) -> Option<crate::library::Lang> {
    use crate::cli::LangArg;
    use crate::library::Lang;
    l.map(|l| match l {
        LangArg::En => Lang::En,
        LangArg::Fr => Lang::Fr,
        LangArg::Es => Lang::Es,
        LangArg::Ar => Lang::Ar,
    })
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
    let (root, no_workspace) = workspace_root(&cli);
    let ctx = Context {
        root,
        today,
        out,
        no_workspace,
    };
    let result = match cli.command {
        Command::Init { dir } => init::run(&ctx, dir),
        Command::Draft(args) => draft::run(&ctx, args),
        Command::Batch(args) => batch::run(&ctx, args),
        Command::Diff(args) => diff::run(&ctx, args),
        Command::Import(args) => import::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Completions { shell } => complete::script(shell),
        Command::Man => man::run(),
        Command::History {
            event,
            kind,
            lang,
            format,
        } => history::run(&ctx, &event, kind, lang_of(lang), format),
        Command::Check(args) => check::run(&ctx, args),
        Command::Clear(args) => clear::clear(&ctx, args),
        Command::Release(args) => clear::release(&ctx, args),
        Command::Status {
            event,
            lang,
            format,
        } => clear::status(&ctx, event.as_deref(), lang_of(lang), format),
        Command::Snippets {
            command: ListCommand::List { filter, format },
        } => list::snippets(&ctx, filter, format),
        Command::Facts {
            command: ListCommand::List { filter, format },
        } => list::facts(&ctx, filter, format),
        Command::Events {
            command: EventsCommand::List { filter, format },
        } => list::events(&ctx, filter, format),
        Command::Events {
            command: EventsCommand::New { id, kind },
        } => events::new(&ctx, &id, &kind),
        Command::Schema { what } => schema::run(&ctx, what),
        Command::Templates { command } => templates::run(&ctx, command),
        Command::Style { command } => style::run(&ctx, command),
        Command::Translations { command } => translations::run(&ctx, command),
    };
    match result {
        Ok(()) => ExitCode::from(exit::OK),
        Err(f) => ExitCode::from(report(&ctx.out, f)),
    }
}

/// The workspace: `-C DIR`, else the nearest folder from here upwards that is one
/// (`init` creates one where it is told, so it never looks upwards); and why there is none.
fn workspace_root(cli: &Cli) -> (PathBuf, Option<String>) {
    if let Some(dir) = &cli.workspace {
        let why = if !dir.is_dir() {
            Some(format!("workspace {} is not a folder", dir.display()))
        } else if !crate::discover::has_content(dir) {
            Some(format!(
                "{} is not a lectern workspace: it has no lectern.json, snippets/, events/ or templates/",
                dir.display()
            ))
        } else {
            None
        };
        return (dir.clone(), why);
    }
    if matches!(cli.command, Command::Init { .. }) {
        return (PathBuf::from("."), None);
    }
    let here = std::path::Path::new(".");
    match crate::discover::find_root(here) {
        Some(root) => (root, None),
        // A folder with only some of a workspace (templates/, say) is still worked on here.
        None if crate::discover::has_content(here) => (here.to_path_buf(), None),
        None => {
            let here = std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|_| ".".into());
            let why = format!(
                "not inside a lectern workspace: neither {here} nor any folder above it has lectern.json, or events/ and snippets/"
            );
            (PathBuf::from("."), Some(why))
        }
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
