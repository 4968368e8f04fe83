//! Reading one content file (message, fact, event or settings JSON) into library values:
//! `jsonpos` parses it with positions, `validate` checks every field against the generated
//! schema and collects every problem, the type's own preparation runs (an event's local times
//! are placed in its time zone), and only a clean item is deserialised. A file of several items
//! keeps its good items when one is broken. Nothing here reads files or prints.

use std::path::Path;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use crate::error::{reword_serde, Error, Location, Origin};
use crate::jsonpos::{self, Node};
use crate::library::{Event, Fact, Message};
use crate::schema::{schema, Subject};
use crate::settings::Settings;
use crate::validate::{validate, Problem};
use crate::zone::{self, TimeZone};

/// A type read from content files.
pub trait Content: DeserializeOwned {
    const SUBJECT: Subject;

    /// Checks and rewrites that need more than one field, before deserialising. `json` is the
    /// item's plain value, to adjust in place.
    fn prepare(_node: &Node, _json: &mut Json, _problems: &mut Vec<Problem>) {}
}

impl Content for Message {
    const SUBJECT: Subject = Subject::Message;

    fn prepare(node: &Node, _json: &mut Json, problems: &mut Vec<Problem>) {
        crate::translations::check_fields(node, "text", problems);
    }
}

impl Content for Fact {
    const SUBJECT: Subject = Subject::Fact;

    fn prepare(node: &Node, _json: &mut Json, problems: &mut Vec<Problem>) {
        crate::translations::check_fields(node, "statement", problems);
    }
}

impl Content for Settings {
    const SUBJECT: Subject = Subject::Settings;
}

impl Content for Event {
    const SUBJECT: Subject = Subject::Event;

    /// `starts_at` and `embargo_until` may be local times read in the event's `timezone`;
    /// either way they become date-times with the offset in force in the event's zone.
    fn prepare(node: &Node, json: &mut Json, problems: &mut Vec<Problem>) {
        empty_kinds(node, problems);
        crate::languages::check_event(node, problems);
        let zone = match node.get("timezone").and_then(Node::as_str) {
            Some(name) => match TimeZone::parse(name) {
                Ok(z) => Some(z),
                // Already reported by the validator; do not pile on.
                Err(_) => return,
            },
            None => None,
        };
        for field in ["starts_at", "embargo_until"] {
            let Some(value) = node.get(field) else {
                continue;
            };
            let Some(Ok(written)) = value.as_str().map(zone::parse_written) else {
                continue;
            };
            let city = node.get("city").and_then(Node::as_str);
            match zone::resolve(written, zone, city) {
                Ok(at) => {
                    if let Some(obj) = json.as_object_mut() {
                        obj.insert(field.into(), Json::String(at.to_rfc3339()));
                    }
                }
                Err((message, hint)) => problems.push(Problem {
                    message: format!("`{field}`: {message}"),
                    at: value.at,
                    hints: vec![hint],
                }),
            }
        }
    }
}

/// An entry scoped to no kind at all (`{"id": "x", "kinds": []}`) is a mistake: located at
/// its `kinds`, in the event's own list and in each Q&A entry.
fn empty_kinds(node: &Node, problems: &mut Vec<Problem>) {
    let mut lists: Vec<&Node> = ["messages", "facts"]
        .iter()
        .filter_map(|f| node.get(f))
        .collect();
    for qa in node.get("qa").and_then(Node::as_array).unwrap_or_default() {
        lists.extend(["messages", "facts"].iter().filter_map(|f| qa.get(f)));
    }
    for entry in lists.iter().filter_map(|l| l.as_array()).flatten() {
        let Some(kinds) = entry.get("kinds") else {
            continue;
        };
        if kinds.as_array().is_some_and(<[Node]>::is_empty) {
            let id = entry.get("id").and_then(Node::as_str).unwrap_or("?");
            problems.push(Problem {
                message: format!(
                    "`kinds` of `{id}` is empty: name at least one output, or leave `kinds` out"
                ),
                at: kinds.at,
                hints: Vec::new(),
            });
        }
    }
}

/// The schema a whole file of `subject` is checked against, generated once per process.
fn file_schema(subject: Subject) -> &'static Json {
    static SCHEMAS: [OnceLock<Json>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let i = match subject {
        Subject::Message => 0,
        Subject::Fact => 1,
        Subject::Event => 2,
        Subject::Settings => 3,
    };
    SCHEMAS[i].get_or_init(|| schema(subject))
}

/// The schema of one item: the file schema itself, or its `$defs` entry for files that hold
/// one item or a list.
fn item_schema(subject: Subject) -> &'static Json {
    let root = file_schema(subject);
    let def = match subject {
        Subject::Message => "Message",
        Subject::Fact => "Fact",
        Subject::Event | Subject::Settings => return root,
    };
    root.get("$defs").and_then(|d| d.get(def)).unwrap_or(root)
}

fn located(path: &Path, at: Location, message: String, hints: Vec<String>) -> Error {
    let mut e = Error::input(message).at(Origin::at(path, at.line, at.column));
    for h in hints {
        e = e.hint(h);
    }
    e
}

/// Check and deserialise one item, or return every problem found in it.
fn item<T: Content>(path: &Path, node: &Node) -> Result<T, Vec<Error>> {
    let subject = T::SUBJECT;
    let mut problems = validate(
        node,
        item_schema(subject),
        file_schema(subject),
        subject.name(),
    );
    let mut json = node.to_json();
    T::prepare(node, &mut json, &mut problems);
    if !problems.is_empty() {
        return Err(problems
            .into_iter()
            .map(|p| located(path, p.at, p.message, p.hints))
            .collect());
    }
    serde_json::from_value::<T>(json).map_err(|e| {
        // The schema should have caught it; say it in plain words all the same.
        let (message, hint) = reword_serde(&e.to_string());
        vec![located(path, node.at, message, hint.into_iter().collect())]
    })
}

/// Parse `text`, reporting a syntax error at its position.
fn parse(path: &Path, text: &str) -> Result<Node, Error> {
    jsonpos::parse(text).map_err(|e| located(path, e.at, e.message, e.hint.into_iter().collect()))
}

/// A file holding one item or a list of items (snippets). Returns the items that are good, in
/// file order, and every problem in the others.
pub fn read_items<T: Content>(path: &Path, text: &str) -> (Vec<T>, Vec<Error>) {
    let node = match parse(path, text) {
        Ok(n) => n,
        Err(e) => return (Vec::new(), vec![e]),
    };
    let nodes: Vec<&Node> = match &node.value {
        jsonpos::Value::Array(items) => items.iter().collect(),
        _ => vec![&node],
    };
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for n in nodes {
        match item::<T>(path, n) {
            Ok(t) => items.push(t),
            Err(mut es) => errors.append(&mut es),
        }
    }
    (items, errors)
}

/// A file holding exactly one item (an event, the settings).
pub fn read_one<T: Content>(path: &Path, text: &str) -> Result<T, Vec<Error>> {
    let node = parse(path, text).map_err(|e| vec![e])?;
    item::<T>(path, &node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_in_a_named_zone_gets_that_zones_offset() {
        let text = r#"{"id": "e", "title": "T", "outputs": ["speech"],
            "starts_at": "2026-07-09T10:00:00", "timezone": "Europe/Paris",
            "embargo_until": "2026-07-09T08:00:00Z",
            "speaker": {"name": "S"}, "language": "en", "messages": ["m"]}"#;
        let e: Event = read_one(Path::new("e.json"), text).unwrap();
        assert_eq!(e.starts_at.0.to_rfc3339(), "2026-07-09T10:00:00+02:00");
        assert_eq!(
            e.embargo_until.unwrap().0.to_rfc3339(),
            "2026-07-09T10:00:00+02:00"
        );
        assert_eq!(e.timezone.unwrap().name(), "Europe/Paris");
    }

    const EVENT: &str = r#"{"id": "e", "title": "T", "outputs": ["speech"],
        "starts_at": "2026-07-09T10:00:00", "timezone": "Europe/Paris",
        "speaker": {"name": "S"}, "language": "en", "messages": ["m"],
        "qa": [{"question": "Q?", "facts": ["f"]}], "target": {"minutes": 5}}"#;

    proptest::proptest! {
        /// Any edit of a good file is read without a panic, and every error has a position
        /// inside the file.
        #[test]
        fn edited_files_never_panic(at in 0usize..400, cut in 0usize..6, insert in "[\\PC\n\",:{}\\[\\]]{0,4}") {
            let mut text = EVENT.to_string();
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, &insert);
            let (_, errors) = read_items::<Event>(Path::new("e.json"), &text);
            let lines = text.lines().count().max(1);
            for e in errors {
                let o = e.origin().expect("located");
                let l = o.location.expect("line and column");
                proptest::prop_assert!(l.line >= 1 && l.line <= lines + 1, "{e:?}");
            }
        }
    }

    #[test]
    fn a_list_keeps_its_good_items() {
        let text = r#"[{"id": "a", "unit": "U", "statement": {"en": "S"}, "source": {"title": "R"},
              "as_of": "2026-01-01", "clearance": "public", "version": 1},
             {"id": "b", "unit": "U", "statement": {"en": "S"}, "source": {"title": "R"},
              "as_of": "2026-01-01", "clearance": "secret", "version": 1}]"#;
        let (items, errors) = read_items::<Fact>(Path::new("f.json"), text);
        assert_eq!(items.len(), 1);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message(), "unknown clearance `secret`");
        assert_eq!(errors[0].origin().unwrap().to_string(), "f.json:4:51");
    }
}
