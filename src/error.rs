//! The library's one error type. Every variant that comes from a file carries its path, and,
//! where the format has them, a line and column, so the output module can print
//! `path:line:col`, the offending source line and a caret. Nothing here prints.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position inside a file, 1-based like editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// Where an error happened: a file, and a position in it when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: PathBuf,
    pub location: Option<Location>,
}

impl Origin {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Origin {
            path: path.into(),
            location: None,
        }
    }

    pub fn at(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Origin {
            path: path.into(),
            location: Some(Location { line, column }),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some(l) => write!(f, "{}:{}:{}", self.path.display(), l.line, l.column),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// What kind of failure it is; decides the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The user's input (files, arguments) is wrong: exit 2.
    Input,
    /// A governance rule refused the draft: exit 1.
    Refused,
    /// The machine failed us (disk, permissions): exit 2.
    Io,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A located problem in an input file (JSON, template, settings).
    #[error("{message}")]
    Input {
        message: String,
        origin: Option<Origin>,
        hints: Vec<String>,
    },
    /// A governance rule refused to draft.
    #[error("{message}")]
    Refused {
        message: String,
        origin: Option<Origin>,
        hints: Vec<String>,
    },
    #[error("{message}: {source}")]
    Io {
        message: String,
        path: PathBuf,
        #[source]
        source: std::io::Error,
        hints: Vec<String>,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn input(message: impl Into<String>) -> Self {
        Error::Input {
            message: message.into(),
            origin: None,
            hints: Vec::new(),
        }
    }

    pub fn refused(message: impl Into<String>) -> Self {
        Error::Refused {
            message: message.into(),
            origin: None,
            hints: Vec::new(),
        }
    }

    pub fn io(message: impl Into<String>, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            message: message.into(),
            path: path.to_path_buf(),
            source,
            hints: Vec::new(),
        }
    }

    /// Attach where the problem is.
    pub fn at(mut self, o: Origin) -> Self {
        match &mut self {
            Error::Input { origin, .. } | Error::Refused { origin, .. } => *origin = Some(o),
            Error::Io { .. } => {}
        }
        self
    }

    /// Attach a next step the user can take.
    pub fn hint(mut self, h: impl Into<String>) -> Self {
        match &mut self {
            Error::Input { hints, .. } | Error::Refused { hints, .. } | Error::Io { hints, .. } => {
                hints.push(h.into())
            }
        }
        self
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Input { .. } => ErrorKind::Input,
            Error::Refused { .. } => ErrorKind::Refused,
            Error::Io { .. } => ErrorKind::Io,
        }
    }

    pub fn origin(&self) -> Option<&Origin> {
        match self {
            Error::Input { origin, .. } | Error::Refused { origin, .. } => origin.as_ref(),
            Error::Io { .. } => None,
        }
    }

    pub fn hints(&self) -> &[String] {
        match self {
            Error::Input { hints, .. } | Error::Refused { hints, .. } | Error::Io { hints, .. } => {
                hints
            }
        }
    }

    /// The message without location or hints.
    pub fn message(&self) -> String {
        match self {
            Error::Input { message, .. } | Error::Refused { message, .. } => message.clone(),
            Error::Io {
                message,
                path,
                source,
                ..
            } => format!("{message} {}: {source}", path.display()),
        }
    }
}

/// Turn a serde_json error on `path` into a located input error. serde_json points at the
/// last character it read, which for a string is its closing quote; with the source `text`,
/// the caret is moved to the opening quote, where the offending key or value starts.
pub fn json_error(path: &Path, text: &str, e: &serde_json::Error) -> Error {
    let full = e.to_string();
    // serde_json appends " at line L column C"; the location goes in the origin instead.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let mut err = Error::input(message);
    if e.line() > 0 {
        let column = char_column(text, e.line(), e.column()).unwrap_or(e.column().max(1));
        err = err.at(Origin::at(path, e.line(), column));
    } else {
        err = err.at(Origin::file(path));
    }
    if e.is_syntax() || e.is_eof() {
        err = err.hint("check for a missing comma, quote or bracket just before this position");
    }
    err
}

/// serde_json counts columns in bytes; editors count characters. Converts, and when the byte
/// at the column closes a string, moves to the column where that string opens.
fn char_column(text: &str, line: usize, byte_column: usize) -> Option<usize> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let mut end = byte_column.checked_sub(1)?.min(l.len().saturating_sub(1));
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    let chars: Vec<char> = l[..end].chars().collect();
    if l[end..].starts_with('"') {
        if let Some(open) = (0..chars.len())
            .rev()
            .find(|&i| chars[i] == '"' && (i == 0 || chars[i - 1] != '\\'))
        {
            return Some(open + 1);
        }
    }
    Some(chars.len() + 1)
}

/// Line and column (1-based, column in characters) of byte offset `offset` in `text`.
pub fn location_of(text: &str, offset: usize) -> Location {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Location { line, column }
}
