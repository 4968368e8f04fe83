//! The content formats are documented: every field of every JSON Schema has a description,
//! docs/formats.md covers every field, the README and docs name only files that exist, and
//! `lectern events new` writes a skeleton whose unfilled placeholders `check` reports.

use std::path::Path;

use serde_json::Value;

use crate::{repo, Ws};

fn schema(what: &str) -> Value {
    let run = Ws::empty().run(&["schema", what]);
    run.success();
    serde_json::from_str(&run.stdout()).expect("schema is JSON")
}

/// Every property of every object in `s`, with whether it has a description (on the property
/// or on the type it refers to).
fn undescribed(s: &Value, root: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        for (name, p) in props {
            let target = p
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
                .and_then(|d| root["$defs"].get(d));
            let described = p.get("description").is_some()
                || target.is_some_and(|t| t.get("description").is_some());
            if !described {
                out.push(format!("{at}.{name}"));
            }
        }
    }
    if let Some(defs) = s.get("$defs").and_then(Value::as_object) {
        for (name, d) in defs {
            undescribed(d, root, name, out);
        }
    }
}

#[test]
fn every_schema_field_has_a_description() {
    for what in ["message", "fact", "event", "settings"] {
        let s = schema(what);
        let mut missing = Vec::new();
        undescribed(&s, &s, what, &mut missing);
        assert!(
            missing.is_empty(),
            "fields without a description: {missing:?}"
        );
    }
}

#[test]
fn the_formats_document_covers_every_field_and_the_readme_links_it() {
    let doc = std::fs::read_to_string(repo().join("docs/formats.md")).expect("docs/formats.md");
    for what in ["message", "fact", "event"] {
        let s = schema(what);
        let mut fields = Vec::new();
        collect_fields(&s, &mut fields);
        for f in fields {
            assert!(
                doc.contains(&format!("`{f}`")),
                "docs/formats.md does not describe `{f}` ({what})"
            );
        }
    }
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(
        readme.contains("(docs/formats.md)"),
        "the README does not link docs/formats.md"
    );
}

fn collect_fields(s: &Value, out: &mut Vec<String>) {
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        out.extend(props.keys().cloned());
    }
    if let Some(defs) = s.get("$defs").and_then(Value::as_object) {
        for d in defs.values() {
            collect_fields(d, out);
        }
    }
}

/// Relative links and backquoted paths in the README and docs point at files that exist.
#[test]
fn documents_name_only_files_in_the_repository() {
    let mut docs = vec![repo().join("README.md")];
    for entry in std::fs::read_dir(repo().join("docs")).unwrap() {
        docs.push(entry.unwrap().path());
    }
    for doc in docs {
        let text = std::fs::read_to_string(&doc).unwrap();
        let base = doc.parent().unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("](") {
            rest = &rest[i + 2..];
            let target = &rest[..rest.find(')').unwrap_or(0)];
            let target = target.split('#').next().unwrap_or("");
            if target.is_empty() || target.contains("://") || target.starts_with('<') {
                continue;
            }
            assert!(
                base.join(target).exists(),
                "{} links to {target}, which is not in the repository",
                doc.display()
            );
        }
    }
}

#[test]
fn events_new_writes_a_skeleton_that_check_asks_to_fill_in() {
    let ws = Ws::fixture("basic");
    ws.run(&["events", "new", "press-day", "--kind", "press-briefing"])
        .success()
        .stderr_has("created events/press-day.json\n");
    let skeleton = ws.read("events/press-day.json");
    let run = ws.run(&["check"]);
    run.failure(1).stderr_has(
        "error: `title` is not filled in yet: the event's title, as printed in drafts
  --> events/press-day.json:3:12
  |
3 |   \"title\": \"FILL IN: the event's title, as printed in drafts\",
  |            ^
hint: replace the \"FILL IN: …\" text with the real value; an optional field can be removed instead
",
    );
    run.stderr_has("error: `speaker.name` is not filled in yet: the speaker's name\n");
    run.stderr_has("error: `messages[0]` is not filled in yet: id of an approved message");

    // An id in use is refused, whatever its file is called.
    std::fs::rename(
        ws.path().join("events/note.json"),
        ws.path().join("events/misc.json"),
    )
    .unwrap();
    ws.run(&["events", "new", "note"])
        .failure(2)
        .stderr_has("error: there is already an event `note`\nhint: choose another id; `lectern events list` shows the ids in use\n");
    // Never overwritten.
    ws.run(&["events", "new", "press-day"])
        .failure(2)
        .stderr_has("error: events/press-day.json already exists; `lectern events new` never overwrites files\n");
    assert_eq!(ws.read("events/press-day.json"), skeleton);

    // Filled in (optional fields removed), it drafts.
    let mut v: Value = serde_json::from_str(&skeleton).unwrap();
    let e = v.as_object_mut().unwrap();
    for optional in [
        "country",
        "venue",
        "audience",
        "facts",
        "embargo_until",
        "qa",
    ] {
        e.remove(optional);
    }
    e.insert("title".into(), "Press day".into());
    e.insert("starts_at".into(), "2026-12-09T10:00:00".into());
    e.insert("timezone".into(), "Asia/Singapore".into());
    e.insert("city".into(), "Singapore".into());
    e.insert(
        "speaker".into(),
        serde_json::json!({ "name": "Dr Amina Okafor" }),
    );
    e.insert("messages".into(), serde_json::json!(["msg-cooperation"]));
    e.insert(
        "contacts".into(),
        serde_json::json!([{ "name": "Press Office", "email": "press@example.org" }]),
    );
    ws.write(
        "events/press-day.json",
        &serde_json::to_string_pretty(&v).unwrap(),
    );
    ws.run(&["draft", "press-day"]).success();
    assert!(ws.exists("output/press-day/press-briefing/v001.docx"));
    assert!(Path::new(&ws.path().join("output/press-day/press-briefing/v001.md")).exists());
}
