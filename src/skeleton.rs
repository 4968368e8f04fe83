//! Skeleton content files for a person to fill in: every value still to write is a
//! placeholder that says what belongs there ("FILL IN: the event's title, as printed in
//! drafts"), so the file is its own instructions. The file is valid JSON; `lectern check` (the
//! validator) reports each placeholder left unfilled, at its position. Nothing here writes files.

use serde_json::{json, Map, Value};

use crate::library::{Id, Kind};

/// How every placeholder value starts.
pub const MARK: &str = "FILL IN: ";

/// True when `text` is a placeholder nobody has filled in.
pub fn is_placeholder(text: &str) -> bool {
    text.starts_with(MARK)
}

fn fill(what: &str) -> Value {
    Value::String(format!("{MARK}{what}"))
}

/// The skeleton of event `id` drafting `kinds` (speech when none), as pretty JSON.
pub fn event(id: &Id, kinds: &[Kind]) -> String {
    let kinds: Vec<Kind> = if kinds.is_empty() {
        vec![Kind::Speech]
    } else {
        kinds.to_vec()
    };
    let has = |k: Kind| kinds.contains(&k);
    let mut e = Map::new();
    let mut put = |k: &str, v: Value| {
        e.insert(k.to_string(), v);
    };
    put("id", json!(id.as_str()));
    put("title", fill("the event's title, as printed in drafts"));
    put(
        "outputs",
        json!(kinds.iter().map(|k| k.name()).collect::<Vec<_>>()),
    );
    put(
        "starts_at",
        fill("local date and time it starts, like 2027-03-15T10:00:00"),
    );
    put(
        "timezone",
        fill("IANA time zone of the place, like Europe/Paris or Asia/Singapore"),
    );
    put(
        "city",
        fill("the city (optional: fill in or remove the line)"),
    );
    put(
        "country",
        fill("the country (optional: fill in or remove the line)"),
    );
    put(
        "venue",
        fill("the venue (optional: fill in or remove the line)"),
    );
    put(
        "audience",
        fill("who is in the room, like Ministers of the interior (optional)"),
    );
    put(
        "speaker",
        json!({
            "name": fill("the speaker's name"),
            "role": fill("the speaker's title, like Secretary General (optional)")
        }),
    );
    put("language", json!("en"));
    if has(Kind::Speech) {
        put("target", json!({ "minutes": 5 }));
    } else if has(Kind::Blog) {
        put("target", json!({ "words": 600 }));
    }
    if has(Kind::PressBriefing) {
        put(
            "embargo_until",
            fill("local date and time the embargo lifts, like 2027-03-15T10:30:00 (optional)"),
        );
    }
    put(
        "messages",
        json!([fill(
            "id of an approved message, in delivery order (see `lectern snippets list`)"
        )]),
    );
    put(
        "facts",
        json!([fill(
            "id of a fact to cite (see `lectern facts list`), or remove it"
        )]),
    );
    if has(Kind::PressBriefing) || has(Kind::BriefingNote) {
        put(
            "qa",
            json!([{
                "question": fill("a question journalists may ask"),
                "messages": [fill("id of the message that answers it")]
            }]),
        );
    }
    if has(Kind::PressBriefing) || has(Kind::BriefingNote) {
        put(
            "contacts",
            json!([{
                "name": fill("press contact's name"),
                "role": fill("their role, like Press officer (optional)"),
                "email": fill("their email address (optional)")
            }]),
        );
    }
    if has(Kind::BriefingNote) {
        put(
            "notes",
            fill("internal notes for the principal, printed only in the briefing note (optional)"),
        );
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(e)).expect("JSON values serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skeleton_is_json_with_the_kinds_it_was_asked_for() {
        let id = Id::parse("press-day").unwrap();
        let v: Value = serde_json::from_str(&event(&id, &[Kind::PressBriefing])).unwrap();
        assert_eq!(v["outputs"], json!(["press-briefing"]));
        assert!(v["embargo_until"].as_str().is_some_and(is_placeholder));
        assert!(v.get("notes").is_none());
        let v: Value = serde_json::from_str(&event(&id, &[])).unwrap();
        assert_eq!(v["outputs"], json!(["speech"]));
        assert_eq!(v["target"], json!({ "minutes": 5 }));
    }
}
