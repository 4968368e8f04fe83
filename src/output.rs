//! Terminal output: the one place that decides colour and writes diagnostics. Results go to
//! stdout, diagnostics and progress to stderr; colour is decided separately for each stream
//! from `--color`, `NO_COLOR` and whether the stream is a terminal.

use std::borrow::Cow;
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
        let _ = writeln!(
            stderr,
            "{}: {}",
            self.err(Paint::Warning, "warning"),
            visible(message)
        );
    }

    /// A status line on stderr (suppressed by -q).
    pub fn status(&self, line: &str) {
        if self.quiet {
            return;
        }
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }

    pub fn diagnostic(&self, label: &str, paint_as: Paint, message: &str, e: &Error) {
        let message = visible(message);
        let mut s = format!("{}: {message}\n", self.err(paint_as, label));
        if let Some(origin) = e.origin() {
            let shown = origin.to_string();
            s.push_str(&format!(
                "  {} {}\n",
                self.err(Paint::Path, "-->"),
                visible(&shown)
            ));
            if let Some(loc) = origin.location {
                if let Some(line) = source_line(&origin.path, loc.line) {
                    let line = visible(&line);
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
            let h = visible(h);
            s.push_str(&format!("{}: {h}\n", self.err(Paint::Hint, "hint")));
        }
        let _ = std::io::stderr().lock().write_all(s.as_bytes());
    }
}

/// `s` as a terminal should show it: every control character other than newline and tab
/// (escape, carriage return, backspace, DEL, the C1 controls) is written as a visible escape
/// such as `\u{1b}`, so text from a file can never move the cursor, change colours, retitle
/// the window or hide what precedes it. Text meant for programs (`--format json`) does not
/// pass through here: it stays exact.
pub fn visible(s: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n' && c != '\t';
    // C0 and DEL are single bytes; C1 controls are U+0080..U+009F, `C2 80`..`C2 9F`.
    let suspect = |b: &u8| (*b < 0x20 && *b != b'\n' && *b != b'\t') || *b == 0x7f || *b == 0xC2;
    if !s.as_bytes().iter().any(suspect) || !s.chars().any(hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(
            visible("a\u{1b}[2Jb\rc\u{7}d\u{9b}e\u{7f}"),
            "a\\u{1b}[2Jb\\u{d}c\\u{7}d\\u{9b}e\\u{7f}"
        );
        assert_eq!(visible("tab\tnew\nline é ☃"), "tab\tnew\nline é ☃");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
    }
}
