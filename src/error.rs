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
    let (message, hint) = reword_serde(&message);
    let mut err = Error::input(message);
    if let Some(h) = hint {
        err = err.hint(h);
    }
    if e.line() > 0 {
        let column = char_column(text, e.line(), e.column()).unwrap_or(e.column().max(1));
        err = err.at(Origin::at(path, e.line(), column));
    } else {
        err = err.at(Origin::file(path));
    }
    if (e.is_syntax() || e.is_eof()) && err.hints().is_empty() {
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

/// serde's messages in plain words: no Rust types, no "variant" or "sequence". Returns the
/// message and, where serde listed what it expected, a hint.
pub fn reword_serde(message: &str) -> (String, Option<String>) {
    let m = message.trim();
    // "unknown field `x`, expected one of `a`, `b`" / "unknown variant `x`, expected `a` or `b`"
    for (prefix, noun) in [("unknown field ", "field"), ("unknown variant ", "value")] {
        if let Some(rest) = m.strip_prefix(prefix) {
            let (name, expected) = match rest.split_once(", expected ") {
                Some((n, e)) => (n, Some(e)),
                None => (rest, None),
            };
            let hint = expected.map(|e| {
                let e = e.strip_prefix("one of ").unwrap_or(e);
                let known: Vec<&str> = e
                    .split(", ")
                    .flat_map(|p| p.split(" or "))
                    .map(|p| p.trim_matches('`'))
                    .filter(|p| !p.is_empty())
                    .collect();
                crate::suggest::hint(
                    name.trim_matches('`'),
                    known.iter().copied(),
                    format!("expected {}", e.replace(", expected", "")),
                )
            });
            return (format!("unknown {noun} {name}"), hint);
        }
    }
    if let Some(rest) = m.strip_prefix("missing field ") {
        return (format!("missing required field {rest}"), None);
    }
    if let Some(rest) = m.strip_prefix("duplicate field ") {
        return (
            format!("{rest} is given twice"),
            Some("keep one of them".into()),
        );
    }
    // "invalid type: string \"one\", expected u32" / "invalid value: integer `-1`, expected u32"
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = m.strip_prefix(prefix) {
            let (got, expected) = rest
                .split_once(", expected ")
                .unwrap_or((rest, "another value"));
            return (
                format!(
                    "expected {}, found {}",
                    type_in_words(expected),
                    value_in_words(got)
                ),
                None,
            );
        }
    }
    if let Some(rest) = m.strip_prefix("invalid length ") {
        let n = rest.split(',').next().unwrap_or(rest);
        return (format!("wrong number of items ({n})"), None);
    }
    if m.starts_with("EOF while parsing") {
        return (
            "the file ends too early: something is not closed".into(),
            Some("check that every {, [ and \" is closed".into()),
        );
    }
    let plain = m
        .replace("EOF", "the end of the file")
        .replace("a sequence", "a list")
        .replace("a map", "an object");
    (plain, None)
}

/// A type as serde names it, in words.
fn type_in_words(t: &str) -> String {
    let t = t.trim();
    let words = match t {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a string" | "string" | "a borrowed string" | "char" => "text",
        "a boolean" | "bool" => "true or false",
        "a sequence" => "a list",
        "a map" => "an object",
        _ if t.starts_with("struct ") || t.starts_with("a map") => "an object",
        _ if t.starts_with("a sequence") || t.starts_with("tuple") => "a list",
        _ if t.starts_with("one of ") || t.starts_with('`') => return t.to_string(),
        _ => {
            return t
                .replace("variant identifier", "value")
                .replace("field identifier", "field name")
        }
    };
    words.to_string()
}

/// A value as serde describes it (`string "x"`, `integer `3``, `map`), in words.
fn value_in_words(v: &str) -> String {
    let v = v.trim();
    if let Some(s) = v.strip_prefix("string ") {
        return format!("the text {s}");
    }
    for prefix in ["integer ", "floating point "] {
        if let Some(n) = v.strip_prefix(prefix) {
            return format!("the number {}", n.trim_matches('`'));
        }
    }
    if let Some(b) = v.strip_prefix("boolean ") {
        return b.trim_matches('`').to_string();
    }
    match v {
        "null" | "unit value" => "null".into(),
        "sequence" => "a list".into(),
        "map" => "an object".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_are_reworded_without_jargon() {
        let r = |m: &str| reword_serde(m);
        assert_eq!(
            r("invalid type: string \"one\", expected u32").0,
            "expected a whole number, 0 or more, found the text \"one\""
        );
        assert_eq!(
            r("unknown variant `aproved`, expected one of `draft`, `approved`, `retired`"),
            (
                "unknown value `aproved`".into(),
                Some("did you mean `approved`?".into())
            )
        );
        assert_eq!(
            r("unknown field `titel`, expected one of `id`, `title`"),
            (
                "unknown field `titel`".into(),
                Some("did you mean `title`?".into())
            )
        );
        assert_eq!(
            r("invalid type: map, expected a sequence").0,
            "expected a list, found an object"
        );
        assert_eq!(
            r("missing field `topic`").0,
            "missing required field `topic`"
        );
        for m in [
            "invalid type: integer `3`, expected a string",
            "invalid value: integer `-1`, expected u32",
            "invalid type: floating point `1.5`, expected struct Target",
            "invalid type: null, expected a boolean",
        ] {
            let out = r(m).0;
            for jargon in [
                "u32",
                "struct",
                "string",
                "map",
                "sequence",
                "variant",
                "invalid type",
            ] {
                assert!(!out.contains(jargon), "{m} -> {out}");
            }
        }
    }
}
