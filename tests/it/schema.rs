//! `lectern schema`: the printed JSON Schemas accept every sample content file in the repository
//! and reject what the loader rejects (unknown field, bad id, bad date), so an editor and
//! `lectern check` agree.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

fn lectern() -> Command {
    let mut cmd = Command::cargo_bin("lectern").expect("binary");
    cmd.env_remove("LECTERN_TODAY").args(["--color", "never"]);
    cmd
}

/// `lectern schema WHAT`, compiled with format checking on (dates and date-times are
/// checked as the loader checks them).
fn validator(what: &str) -> jsonschema::Validator {
    let out = lectern().args(["schema", what]).output().expect("run");
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).expect("schema is JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("`lectern schema {what}` is not a valid schema: {e}"))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in rd.flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(json_files(&p));
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[track_caller]
fn assert_valid(v: &jsonschema::Validator, path: &Path) {
    let text = std::fs::read_to_string(path).expect("read");
    let value: Value = serde_json::from_str(&text).expect("sample is JSON");
    let errors: Vec<String> = v
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
}

#[test]
fn every_sample_file_validates_against_its_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for (what, dir) in [
        ("message", "snippets/messages"),
        ("fact", "snippets/facts"),
        ("event", "events"),
    ] {
        let v = validator(what);
        for path in json_files(&root.join(dir)) {
            assert_valid(&v, &path);
            checked += 1;
        }
    }
    // The starter set `lectern init` writes.
    for (what, file) in [
        ("message", "src/init/messages.json"),
        ("fact", "src/init/facts.json"),
        ("event", "src/init/event.json"),
    ] {
        let path = root.join(file);
        if path.is_file() {
            assert_valid(&validator(what), &path);
            checked += 1;
        }
    }
    let settings = root.join("lectern.json");
    if settings.is_file() {
        assert_valid(&validator("settings"), &settings);
    }
    assert!(checked >= 10, "only {checked} sample files found");
}

fn good_message() -> Value {
    json!({
        "id": "m-good", "title": "T", "topic": "t", "status": "approved",
        "approved_by": "Director", "approved_on": "2026-01-10", "review_by": "2027-01-10",
        "version": 1, "text": { "en": "Text.", "ar": "نص." }
    })
}

fn good_event() -> Value {
    json!({
        "id": "ev-good", "title": "T", "outputs": ["speech"],
        "starts_at": "2026-12-03T10:00:00+01:00",
        "speaker": { "name": "S" }, "language": "en", "messages": ["m-good"],
        "target": { "minutes": 5 }
    })
}

/// `value` with `key` set (or removed, for `Value::Null`).
fn with(mut value: Value, key: &str, v: Value) -> Value {
    let obj = value.as_object_mut().expect("object");
    if v.is_null() {
        obj.remove(key);
    } else {
        obj.insert(key.into(), v);
    }
    value
}

/// Does `lectern check` reject a workspace holding `file` at `rel`?
fn loader_rejects(rel: &str, file: &Value) -> bool {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, serde_json::to_string_pretty(file).expect("json")).expect("write");
    let out = lectern()
        .current_dir(dir.path())
        .args(["--today", "2026-11-21", "check", "--format", "json"])
        .output()
        .expect("run");
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("findings");
    findings
        .iter()
        .any(|f| f["severity"] == "error" && f["code"] == "schema")
}

#[test]
fn schema_and_loader_agree_on_good_and_bad_files() {
    let messages = validator("message");
    let events = validator("event");
    let m = "snippets/messages/m.json";
    let e = "events/e.json";

    let good = good_message();
    assert!(messages.is_valid(&good));
    assert!(messages.is_valid(&json!([
        good.clone(),
        with(good.clone(), "id", json!("m-two"))
    ])));
    assert!(!loader_rejects(m, &good));
    assert!(events.is_valid(&good_event()));
    // A local time beside an IANA time zone is good for both.
    let zoned = with(
        with(good_event(), "starts_at", json!("2026-12-09T10:00:00")),
        "timezone",
        json!("Asia/Singapore"),
    );
    assert!(events.is_valid(&zoned));
    assert!(!loader_rejects(e, &zoned));

    let bad_messages = [
        ("unknown field", with(good.clone(), "colour", json!("red"))),
        (
            "bad id",
            with(good.clone(), "id", json!("-starts-with-dash")),
        ),
        (
            "id with a space",
            with(good.clone(), "id", json!("two words")),
        ),
        (
            "bad date",
            with(good.clone(), "review_by", json!("2026-02-30")),
        ),
        (
            "date in another shape",
            with(good.clone(), "approved_on", json!("10/01/2026")),
        ),
        (
            "unknown language",
            with(good.clone(), "text", json!({ "de": "Text." })),
        ),
        ("no text", with(good.clone(), "text", json!({}))),
        (
            "blank text",
            with(good.clone(), "text", json!({ "en": "  " })),
        ),
        ("version 0", with(good.clone(), "version", json!(0))),
        (
            "approved without approver",
            with(good.clone(), "approved_by", Value::Null),
        ),
        (
            "unknown status",
            with(good.clone(), "status", json!("cleared")),
        ),
    ];
    for (why, bad) in bad_messages {
        assert!(
            !messages.is_valid(&bad),
            "schema accepts a message with {why}"
        );
        assert!(
            loader_rejects(m, &bad),
            "loader accepts a message with {why}"
        );
        // Inside an array too.
        assert!(
            !messages.is_valid(&json!([good.clone(), bad])),
            "{why} in an array"
        );
    }

    let bad_events = [
        ("unknown field", with(good_event(), "venu", json!("Hall"))),
        (
            "bad date-time",
            with(good_event(), "starts_at", json!("2026-12-03 10:00")),
        ),
        (
            "date-time without offset",
            with(good_event(), "starts_at", json!("2026-12-03T10:00:00")),
        ),
        (
            "bad message id",
            with(good_event(), "messages", json!(["bad id"])),
        ),
        ("no outputs", with(good_event(), "outputs", json!([]))),
        (
            "unknown kind",
            with(good_event(), "outputs", json!(["podcast"])),
        ),
        ("no messages", with(good_event(), "messages", json!([]))),
        (
            "two targets",
            with(
                good_event(),
                "target",
                json!({ "minutes": 5, "words": 600 }),
            ),
        ),
    ];
    for (why, bad) in bad_events {
        assert!(!events.is_valid(&bad), "schema accepts an event with {why}");
        assert!(
            loader_rejects(e, &bad),
            "loader accepts an event with {why}"
        );
    }
}

#[test]
fn schemas_close_objects_and_name_the_custom_types() {
    let out = lectern().args(["schema", "event"]).output().expect("run");
    let s: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(s["additionalProperties"], false);
    assert_eq!(s["properties"]["starts_at"]["$ref"], "#/$defs/DateTime");
    assert!(s["$defs"]["DateTime"]["pattern"].is_string());
    assert_eq!(s["$defs"]["Id"]["type"], "string");
    assert_eq!(s["$defs"]["Speaker"]["additionalProperties"], false);

    let out = lectern().args(["schema", "fact"]).output().expect("run");
    let s: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(s["oneOf"][1]["type"], "array");
    assert_eq!(s["$defs"]["Fact"]["additionalProperties"], false);
    assert_eq!(s["$defs"]["Date"]["format"], "date");

    let out = lectern()
        .args(["schema", "settings"])
        .output()
        .expect("run");
    let s: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(s["additionalProperties"], false);
    assert!(s.get("required").is_none(), "every setting is optional");
}
