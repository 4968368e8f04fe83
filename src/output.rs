//! Terminal output: the one place that decides colour and writes diagnostics. Results go to
//! stdout, diagnostics and progress to stderr; colour is decided separately for each stream
//! from `--color`, `NO_COLOR` and whether the stream is a terminal.

use std::io::{IsTerminal, Write};

use crate::cli::ColorChoice;
use crate::error::Error;

/// Semantic styles, defined once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Error,
    Warning,
    Hint,
    Path,
    Added,
    Removed,
    Moved,
    Bold,
    Dim,
    Ok,
}

impl Paint {
    fn code(self) -> &'static str {
        match self {
            Paint::Error => "1;31",
            Paint::Warning => "1;33",
            Paint::Hint => "1;36",
            Paint::Path => "1;34",
            Paint::Added => "32",
            Paint::Removed => "31",
            Paint::Moved => "35",
            Paint::Bold => "1",
            Paint::Dim => "2",
            Paint::Ok => "32",
        }
    }
}

/// Output settings for one run.
#[derive(Debug, Clone, Copy)]
pub struct Out {
    pub color_stdout: bool,
    pub color_stderr: bool,
    pub quiet: bool,
    pub verbose: bool,
}

impl Out {
    pub fn new(choice: ColorChoice, no_color_env: bool, quiet: bool, verbose: bool) -> Out {
        let decide = |is_tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_tty && !no_color_env,
        };
        Out {
            color_stdout: decide(std::io::stdout().is_terminal()),
            color_stderr: decide(std::io::stderr().is_terminal()),
            quiet,
            verbose,
        }
    }

    /// `s` styled for stdout.
    pub fn out(&self, p: Paint, s: &str) -> String {
        paint(self.color_stdout, p, s)
    }

    /// `s` styled for stderr.
    pub fn err(&self, p: Paint, s: &str) -> String {
        paint(self.color_stderr, p, s)
    }

    /// Print `error: …` with its location, the source line and a caret, and hints.
    pub fn error(&self, e: &Error) {
        self.diagnostic("error", Paint::Error, &e.message(), e);
    }

    pub fn warning(&self, message: &str) {
        if self.quiet {
            return;
        }
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "{}: {message}", self.err(Paint::Warning, "warning"));
    }

    /// A status line on stderr (suppressed by -q).
    pub fn status(&self, line: &str) {
        if self.quiet {
            return;
        }
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }

    pub fn diagnostic(&self, label: &str, paint_as: Paint, message: &str, e: &Error) {
        let mut s = format!("{}: {message}\n", self.err(paint_as, label));
        if let Some(origin) = e.origin() {
            s.push_str(&format!("  {} {}\n", self.err(Paint::Path, "-->"), origin));
            if let Some(loc) = origin.location {
                if let Some(line) = source_line(&origin.path, loc.line) {
                    let gutter = loc.line.to_string();
                    let pad = " ".repeat(gutter.len());
                    let caret_pad: String = line
                        .chars()
                        .take(loc.column.saturating_sub(1))
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    s.push_str(&format!(
                        "{pad} |\n{gutter} | {line}\n{pad} | {caret_pad}{}\n",
                        self.err(paint_as, "^")
                    ));
                }
            }
        }
        for h in e.hints() {
            s.push_str(&format!("{}: {h}\n", self.err(Paint::Hint, "hint")));
        }
        let _ = std::io::stderr().lock().write_all(s.as_bytes());
    }
}

fn paint(on: bool, p: Paint, s: &str) -> String {
    if on {
        format!("\x1b[{}m{s}\x1b[0m", p.code())
    } else {
        s.to_string()
    }
}

/// Line `n` (1-based) of the file, if it can be read; long lines are cut for display.
fn source_line(path: &std::path::Path, n: usize) -> Option<String> {
    // Through the capped reader: the file an error points at may be the very one refused.
    let text = crate::capped::read_text(path, path, crate::capped::CONTENT).ok()?;
    let line = text.lines().nth(n.checked_sub(1)?)?;
    Some(line.chars().take(200).collect())
}
