//! Load problems, attributed to what they block. A broken content file must not stop work on
//! the rest of the workspace: a broken event blocks only itself, a broken message or fact only
//! the events that use one of its ids. The ids a file defines are read from its text even when
//! it does not parse; when none can be read, the file's ids are unknown and the file is named
//! wherever an id cannot be found. `lectern check` still reports every problem.

use std::path::PathBuf;

use crate::error::{Error, Origin};

/// Which kind of content file a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum What {
    Message,
    Fact,
    Event,
}

impl What {
    pub fn name(self) -> &'static str {
        match self {
            What::Message => "message",
            What::Fact => "fact",
            What::Event => "event",
        }
    }
}

/// One load problem and the ids it takes out of the workspace.
#[derive(Debug)]
pub struct Problem {
    pub what: What,
    /// The file the problem is in.
    pub path: PathBuf,
    /// The ids that could not be loaded because of it; `None` when they cannot be told.
    pub ids: Option<Vec<String>>,
    pub error: Error,
}

/// Every load problem of a workspace.
#[derive(Debug, Default)]
pub struct Problems {
    pub list: Vec<Problem>,
}

impl Problems {
    /// The problems that take `id` (a `what`) out of the workspace.
    pub fn claiming<'a>(&'a self, what: What, id: &'a str) -> impl Iterator<Item = &'a Problem> {
        self.list.iter().filter(move |p| {
            p.what == what
                && p.ids
                    .as_ref()
                    .is_some_and(|ids| ids.iter().any(|i| i == id))
        })
    }

    /// Files of `what` whose ids could not be read: any unknown id may be defined there.
    pub fn unreadable(&self, what: What) -> impl Iterator<Item = &Problem> {
        self.list
            .iter()
            .filter(move |p| p.what == what && p.ids.is_none())
    }
}

/// A copy of `e` (errors hold an `io::Error`, which cannot be cloned: its kind and text are).
pub fn duplicate(e: &Error) -> Error {
    let mut copy = match e {
        Error::Input { message, .. } => Error::input(message.clone()),
        Error::Refused { message, .. } => Error::refused(message.clone()),
        Error::Io {
            message,
            path,
            source,
            ..
        } => Error::io(
            message.clone(),
            path,
            std::io::Error::new(source.kind(), source.to_string()),
        ),
    };
    if let Some(o) = e.origin() {
        copy = copy.at(o.clone());
    }
    for h in e.hints() {
        copy = copy.hint(h.clone());
    }
    copy
}

/// The file an error is about, if it names one.
pub fn file_of(e: &Error) -> Option<PathBuf> {
    match e {
        Error::Io { path, .. } => Some(path.clone()),
        _ => e.origin().map(|o: &Origin| o.path.clone()),
    }
}

/// The `"id"` values of the items in a content file's text, read even when the text does not
/// parse: the `"id"` keys of the top-level object, or of the objects in a top-level array
/// (nested objects, such as an event's `{"id": …, "kinds": …}` entries, are skipped).
pub fn item_ids(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let top = b
        .iter()
        .position(|c| !c.is_ascii_whitespace() && *c != 0xef && *c != 0xbb && *c != 0xbf);
    // An item object sits at depth 1 in `{…}`, at depth 2 in `[{…}]`.
    let item_depth = match top.map(|i| b[i]) {
        Some(b'[') => 2,
        _ => 1,
    };
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(b.len());
                if depth == item_depth && &b[start..end] == b"id" {
                    let rest = text[(end + 1).min(text.len())..].trim_start();
                    if let Some(value) = rest.strip_prefix(':').map(str::trim_start) {
                        if let Some(v) = value.strip_prefix('"') {
                            if let Some(close) = v.find('"') {
                                out.push(v[..close].to_string());
                            }
                        }
                    }
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_are_read_from_broken_files_and_skip_nested_entries() {
        let event =
            r#"{"id": "summit", "facts": [{"id": "FCT-R1", "kinds": ["speech"]}], "title": }"#;
        assert_eq!(item_ids(event), ["summit"]);
        let many = r#"[{"id": "a", "x": }, {"id" : "b.2", "source": {"title": "t"}"#;
        assert_eq!(item_ids(many), ["a", "b.2"]);
        assert!(item_ids("{ \"title\": \"x\" ").is_empty());
        assert!(item_ids("\"\\").is_empty());
    }
}
