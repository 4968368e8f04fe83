//! `lectern check`: every planted problem is found, with its code, file, line and column; a
//! clean workspace reports nothing; exit statuses follow errors, `--strict` and a missing
//! workspace. Each test writes its own workspace into a temporary folder.

use std::path::Path;

use assert_cmd::Command;
use serde_json::{json, Value};
use tempfile::TempDir;

const TODAY: &str = "2026-11-21";

/// A small, clean workspace: two approved messages, one public fact, one event.
fn workspace() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "lectern.json",
        &json!({ "banned_phrases": ["going forward"] }),
    );
    write(
        dir.path(),
        "snippets/messages/core.json",
        &json!([
            {
                "id": "m-core",
                "title": "Cooperation works",
                "topic": "partnerships",
                "status": "approved",
                "approved_by": "Director of Communications",
                "approved_on": "2026-01-10",
                "review_by": "2027-06-30",
                "version": 2,
                "text": {
                    "en": "Police cooperation across borders saves lives.\n\nEvery country gains.",
                    "fr": "La coopération policière sauve des vies."
                }
            },
            {
                "id": "m-second",
                "title": "Victims first",
                "topic": "trafficking",
                "status": "approved",
                "approved_by": "Director of Communications",
                "approved_on": "2026-02-01",
                "version": 1,
                "text": { "en": "We put victims first." }
            }
        ]),
    );
    write(
        dir.path(),
        "snippets/facts/core.json",
        &json!([{
            "id": "f-public",
            "unit": "Cybercrime Directorate",
            "topic": "cybercrime",
            "statement": { "en": "An operation led to 120 arrests.", "fr": "Une opération a conduit à 120 arrestations." },
            "figures": { "arrests": { "value": 120, "unit": "arrests" } },
            "source": { "title": "Operation report", "publisher": "General Secretariat", "published": "2026-03-01" },
            "as_of": "2026-03-01",
            "clearance": "public",
            "version": 1
        }]),
    );
    write(dir.path(), "events/ev.json", &event(json!({})));
    dir
}

/// The clean event, with `changes` merged over it.
fn event(changes: Value) -> Value {
    let mut e = json!({
        "id": "ev",
        "title": "Opening of the regional conference",
        "outputs": ["speech", "briefing-note"],
        "starts_at": "2026-12-03T10:00:00+01:00",
        "city": "Lyon",
        "speaker": { "name": "Dr Amina Okafor", "role": "Secretary General" },
        "language": "en",
        "target": { "minutes": 3 },
        "messages": ["m-core", "m-second"],
        "facts": ["f-public"],
        "qa": [{ "question": "Does it work?", "messages": ["m-core"], "facts": ["f-public"] }]
    });
    if let (Some(base), Value::Object(over)) = (e.as_object_mut(), changes) {
        for (k, v) in over {
            base.insert(k, v);
        }
    }
    e
}

fn write(root: &Path, rel: &str, value: &Value) {
    let text = serde_json::to_string_pretty(value).expect("json");
    write_text(root, rel, &text);
}

fn write_text(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn lectern(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lectern").expect("binary");
    cmd.current_dir(dir)
        .env_remove("LECTERN_TODAY")
        .env_remove("NO_COLOR")
        .args(["--color", "never", "--today", TODAY]);
    cmd
}

/// `lectern check --format json`: the findings and the exit status.
fn check_json(dir: &Path, extra: &[&str]) -> (Vec<Value>, i32) {
    let out = lectern(dir)
        .args(["check", "--format", "json"])
        .args(extra)
        .output()
        .expect("run");
    let mut findings: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not a JSON array ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    // Notes (suggestions such as translation tracking) are tested in `translations`.
    findings.retain(|f| f["severity"] != "note");
    (findings, out.status.code().unwrap_or(-1))
}

/// The findings with `code`.
fn with_code<'a>(findings: &'a [Value], code: &str) -> Vec<&'a Value> {
    findings.iter().filter(|f| f["code"] == code).collect()
}

#[track_caller]
fn only(findings: &[Value], code: &str) -> Value {
    let found = with_code(findings, code);
    assert_eq!(found.len(), 1, "expected one `{code}` in {findings:#?}");
    found[0].clone()
}

#[test]
fn clean_workspace_reports_nothing() {
    let ws = workspace();
    let (findings, status) = check_json(ws.path(), &[]);
    assert_eq!(findings, Vec::<Value>::new());
    assert_eq!(status, 0);
    lectern(ws.path())
        .args(["check", "--strict"])
        .assert()
        .success()
        .stdout("")
        .stderr(concat!(
            "note: 2 items have text in several languages and no translation tracking (message `m-core` and 1 other)\n",
            "  --> snippets/messages/core.json\n",
            "hint: track them with `\"translations\": {}` (or `lectern translations import`), so a translation that lags behind its source is never drafted; `lectern translations status` lists them\n",
            "0 errors, 0 warnings\n"
        ));
}

#[test]
fn json_syntax_error_is_located() {
    let ws = workspace();
    write_text(
        ws.path(),
        "snippets/messages/broken.json",
        "{\n  \"id\": \"m-broken\",\n  \"title\": ,\n}\n",
    );
    let (findings, status) = check_json(ws.path(), &[]);
    let f = only(&findings, "json-syntax");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], "snippets/messages/broken.json");
    assert_eq!(
        (f["line"].clone(), f["column"].clone()),
        (json!(3), json!(12))
    );
    assert_eq!(status, 1);
}

#[test]
fn unknown_field_is_a_schema_error_with_its_position() {
    let ws = workspace();
    write_text(
        ws.path(),
        "snippets/facts/extra.json",
        "{\n  \"id\": \"f-extra\",\n  \"unit\": \"U\",\n  \"colour\": \"red\"\n}\n",
    );
    let (findings, _) = check_json(ws.path(), &[]);
    let schema: Vec<&Value> = findings.iter().filter(|f| f["code"] == "schema").collect();
    let f = schema
        .iter()
        .find(|f| f["message"].as_str().is_some_and(|m| m.contains("colour")))
        .unwrap_or_else(|| panic!("no finding names `colour`: {findings:#?}"));
    assert_eq!(f["file"], "snippets/facts/extra.json");
    assert_eq!(f["line"], 4);
    // Every other problem in the same fact is reported too, not only the first.
    let missing: Vec<&str> = schema
        .iter()
        .filter_map(|f| f["message"].as_str())
        .filter(|m| m.starts_with("missing required field"))
        .collect();
    assert_eq!(
        missing,
        [
            "missing required field `statement`",
            "missing required field `source`",
            "missing required field `as_of`",
            "missing required field `clearance`",
            "missing required field `version`"
        ]
    );
}

#[test]
fn duplicate_ids_are_errors() {
    let ws = workspace();
    write(
        ws.path(),
        "snippets/messages/zz-copy.json",
        &json!({
            "id": "m-second", "title": "Copy", "topic": "t", "status": "draft",
            "version": 1, "text": { "en": "Copy." }
        }),
    );
    let (findings, status) = check_json(ws.path(), &[]);
    let f = only(&findings, "duplicate-id");
    assert_eq!(f["file"], "snippets/messages/zz-copy.json");
    assert_eq!(
        (f["line"].clone(), f["column"].clone()),
        (json!(2), json!(9))
    );
    assert_eq!(status, 1);
}

#[test]
fn a_reference_to_a_broken_file_is_not_reported_twice() {
    let ws = workspace();
    write_text(
        ws.path(),
        "snippets/messages/core.json",
        "[{ \"id\": \"m-core\", \"title\": }, { \"id\": \"m-second\" }]",
    );
    let (findings, _) = check_json(ws.path(), &[]);
    assert_eq!(with_code(&findings, "json-syntax").len(), 1);
    assert_eq!(
        with_code(&findings, "missing-reference").len(),
        0,
        "{findings:#?}"
    );
}

#[test]
fn missing_references_are_found_in_the_delivery_list_and_in_qa() {
    let ws = workspace();
    write(
        ws.path(),
        "events/ev.json",
        &event(json!({
            "messages": ["m-core", "m-nope"],
            "qa": [{ "question": "Q?", "messages": ["m-qa-nope"], "facts": ["f-gone"] }]
        })),
    );
    let (findings, status) = check_json(ws.path(), &[]);
    let missing = with_code(&findings, "missing-reference");
    let messages: Vec<&str> = missing
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(missing.len(), 3, "{findings:#?}");
    for id in ["`m-nope`", "`m-qa-nope`", "`f-gone`"] {
        assert!(
            messages.iter().any(|m| m.contains(id)),
            "{id} in {messages:?}"
        );
    }
    for f in missing {
        assert_eq!(f["file"], "events/ev.json");
        assert!(f["line"].as_u64().is_some_and(|l| l > 1));
    }
    assert_eq!(status, 1);
}

fn add_restricted_fact(root: &Path) {
    write(
        root,
        "snippets/facts/restricted.json",
        &json!({
            "id": "f-secret",
            "unit": "Criminal Intelligence",
            "statement": { "en": "An internal assessment." },
            "source": { "title": "Internal assessment" },
            "as_of": "2026-10-01",
            "clearance": "restricted",
            "version": 1
        }),
    );
}

#[test]
fn restricted_fact_on_an_event_with_public_outputs_is_an_error() {
    let ws = workspace();
    add_restricted_fact(ws.path());
    write(
        ws.path(),
        "events/ev.json",
        &event(json!({ "qa": [{ "question": "Q?", "facts": ["f-secret"] }] })),
    );
    let (findings, status) = check_json(ws.path(), &[]);
    let f = only(&findings, "restricted-fact");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("`f-secret`") && m.contains("speech")),
        "{f:#}"
    );
    assert_eq!(f["file"], "events/ev.json");
    assert_eq!(status, 1);
}

#[test]
fn restricted_fact_on_a_briefing_note_only_event_is_allowed() {
    let ws = workspace();
    add_restricted_fact(ws.path());
    write(
        ws.path(),
        "events/ev.json",
        &event(json!({ "outputs": ["briefing-note"], "facts": ["f-public", "f-secret"] })),
    );
    let (findings, status) = check_json(ws.path(), &[]);
    assert_eq!(findings, Vec::<Value>::new());
    assert_eq!(status, 0);
}

#[test]
fn draft_retired_and_expired_messages_used_by_events_are_errors() {
    let ws = workspace();
    write(
        ws.path(),
        "snippets/messages/problems.json",
        &json!([
            { "id": "m-draft", "title": "D", "topic": "t", "status": "draft", "version": 1,
              "text": { "en": "Draft text." } },
            { "id": "m-retired", "title": "R", "topic": "t", "status": "retired", "version": 1,
              "text": { "en": "Old text." } },
            // Still valid today, but not on the event's date.
            { "id": "m-lapsing", "title": "L", "topic": "t", "status": "approved",
              "approved_by": "Director", "approved_on": "2026-01-01", "review_by": "2026-12-01",
              "version": 1, "text": { "en": "Lapsing text." } }
        ]),
    );
    write(
        ws.path(),
        "events/ev.json",
        &event(json!({
            "messages": ["m-core", "m-draft", "m-lapsing"],
            "qa": [{ "question": "Q?", "messages": ["m-retired"] }]
        })),
    );
    let (findings, status) = check_json(ws.path(), &["--expiring-within", "0"]);
    let refused = with_code(&findings, "not-cleared");
    let text: Vec<&str> = refused
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(refused.len(), 3, "{findings:#?}");
    assert!(text
        .iter()
        .any(|m| m.contains("`m-draft`") && m.contains("draft")));
    assert!(text
        .iter()
        .any(|m| m.contains("`m-retired`") && m.contains("retired")));
    assert!(text
        .iter()
        .any(|m| m.contains("`m-lapsing`") && m.contains("expired") && m.contains("2026-12-03")));
    assert_eq!(status, 1);
}

#[test]
fn missing_text_in_the_event_language_is_an_error() {
    let ws = workspace();
    write(
        ws.path(),
        "events/ev.json",
        &event(json!({ "language": "fr", "messages": ["m-core"], "qa": [
            { "question": "Q ?", "messages": ["m-second"], "facts": ["f-public"] }
        ] })),
    );
    let (findings, status) = check_json(ws.path(), &[]);
    let f = only(&findings, "missing-text");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("`m-second`") && m.contains("`fr`") && m.contains("`ev`")),
        "{f:#}"
    );
    assert_eq!(f["file"], "snippets/messages/core.json");
    assert_eq!(status, 1);
}

#[test]
fn template_errors_are_found_by_rendering_every_event() {
    let ws = workspace();
    write_text(
        ws.path(),
        "templates/speech.hbs",
        "# {{event.title}}\n\n{{figure \"f-public\" \"no_such_figure\"}}\n",
    );
    let (findings, status) = check_json(ws.path(), &[]);
    let f = only(&findings, "template");
    assert_eq!(f["file"], "templates/speech.hbs");
    assert_eq!(f["line"], 3);
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("no_such_figure")),
        "{f:#}"
    );
    assert_eq!(status, 1);

    write_text(
        ws.path(),
        "templates/speech.hbs",
        "# {{event.title}}\n\n{{shout event.title}}\n",
    );
    let (findings, _) = check_json(ws.path(), &[]);
    let f = only(&findings, "template");
    assert!(f["message"].as_str().is_some_and(|m| m.contains("shout")));

    write_text(
        ws.path(),
        "templates/speech.hbs",
        "# {{event.title}}\n\n{{#if x}}\n",
    );
    let (findings, _) = check_json(ws.path(), &[]);
    let f = only(&findings, "template");
    assert_eq!(f["file"], "templates/speech.hbs");
    assert!(f["line"].as_u64().is_some());
}

#[test]
fn stale_facts_and_expiring_messages_are_warnings() {
    let ws = workspace();
    write(
        ws.path(),
        "snippets/facts/old.json",
        &json!({
            "id": "f-old", "unit": "Drugs Unit",
            "statement": { "en": "Old numbers." },
            "source": { "title": "Report 2020" },
            "as_of": "2020-01-15", "clearance": "public", "version": 1
        }),
    );
    write(
        ws.path(),
        "snippets/messages/soon.json",
        &json!({
            "id": "m-soon", "title": "S", "topic": "t", "status": "approved",
            "approved_by": "Director", "approved_on": "2026-01-01", "review_by": "2026-12-11",
            "version": 1, "text": { "en": "Soon." }
        }),
    );
    let (findings, status) = check_json(ws.path(), &[]);
    assert_eq!(findings.len(), 2, "{findings:#?}");
    let stale = only(&findings, "stale-fact");
    assert_eq!(stale["severity"], "warning");
    assert_eq!(stale["file"], "snippets/facts/old.json");
    assert_eq!(stale["line"], 10);
    let soon = only(&findings, "expiring");
    assert!(soon["message"]
        .as_str()
        .is_some_and(|m| m.contains("`m-soon`") && m.contains("in 20 days")));
    assert_eq!(status, 0);

    let (findings, _) = check_json(ws.path(), &["--expiring-within", "10"]);
    assert_eq!(with_code(&findings, "expiring").len(), 0);
    let (_, status) = check_json(ws.path(), &["--strict"]);
    assert_eq!(status, 1);
}

#[test]
fn banned_phrases_are_found_with_their_position() {
    let ws = workspace();
    write_text(
        ws.path(),
        "snippets/messages/style.json",
        r#"{
  "id": "m-style",
  "title": "Style",
  "topic": "t",
  "status": "draft",
  "version": 1,
  "text": {
    "en": "We will act. Going Forward, we will cooperate."
  }
}
"#,
    );
    let (findings, status) = check_json(ws.path(), &[]);
    let f = only(&findings, "banned-phrase");
    assert_eq!(f["severity"], "warning");
    assert_eq!(
        f["message"],
        "message `m-style` (en) uses the banned phrase \"going forward\""
    );
    assert_eq!(f["file"], "snippets/messages/style.json");
    assert_eq!(
        (f["line"].clone(), f["column"].clone()),
        (json!(8), json!(25))
    );
    assert_eq!(status, 0);
}

/// A manifest as `lectern draft` writes it.
fn manifest(version: u32, words: u64, message_hash: &str) -> Value {
    json!({
        "event": "ev",
        "kind": "speech",
        "version": version,
        "created_at": format!("2026-11-0{version}T09:00:00Z"),
        "tool_version": "lectern 0.1.0",
        "language": "en",
        "template": { "name": "builtin:speech", "hash": "t" },
        "inputs": {
            "event": { "id": "ev", "hash": "e" },
            "messages": [{ "id": "m-core", "version": 2, "hash": message_hash }],
            "facts": []
        },
        "fingerprint": "f",
        "content_hash": "c",
        "words": words,
        "speaking_seconds": words * 60 / 130,
        "warnings": [],
        "not_cleared": false,
        "clearance": "public",
        "files": { "docx": format!("v{version:03}.docx"), "markdown": format!("v{version:03}.md"), "docx_bytes": 1 }
    })
}

#[test]
fn history_problems_are_reported() {
    let ws = workspace();
    let dir = "output/ev/speech";
    // v003 is the latest, 1000 words against a 3-minute target (390 words at 130 a minute),
    // made with m-core version 2 but other content than m-core version 2 has now.
    write(
        ws.path(),
        &format!("{dir}/v001.json"),
        &manifest(1, 390, "aaaa"),
    );
    write_text(ws.path(), &format!("{dir}/v002.json"), "{ \"event\": ");
    write(
        ws.path(),
        &format!("{dir}/v003.json"),
        &manifest(3, 1000, "bbbb"),
    );
    write_text(ws.path(), &format!("{dir}/v004.docx"), "PK");
    let (findings, status) = check_json(ws.path(), &[]);
    // Approved text edited without a new version fails the check (drafting refuses it).
    let changed = only(&findings, "unversioned-change");
    assert_eq!(changed["severity"], "error");
    assert!(
        changed["message"].as_str().is_some_and(|m| m
            .starts_with("message `m-core` was edited without a new version")
            && m.contains("version 2 as recorded by ev/speech v003")),
        "{changed:#}"
    );
    assert_eq!(changed["file"], "snippets/messages/core.json");
    let length = only(&findings, "length");
    assert!(
        length["message"]
            .as_str()
            .is_some_and(|m| m.contains("v3") && m.contains("over")),
        "{length:#}"
    );
    let damaged = only(&findings, "damaged-manifest");
    assert_eq!(damaged["file"], format!("{dir}/v002.json"));
    let orphan = only(&findings, "orphan-version");
    assert_eq!(orphan["file"], format!("{dir}/v004.docx"));
    assert_eq!(findings.len(), 4, "{findings:#?}");
    assert_eq!(status, 1);
}

#[test]
fn a_draft_within_its_target_is_not_reported() {
    let ws = workspace();
    write(
        ws.path(),
        "output/ev/speech/v001.json",
        // 420 words at 130 a minute is 3.2 minutes: within 20% of 3.
        &manifest(1, 420, "anything"),
    );
    let (findings, _) = check_json(ws.path(), &[]);
    assert_eq!(with_code(&findings, "length").len(), 0, "{findings:#?}");
}

#[test]
fn human_output_names_file_line_and_column() {
    let ws = workspace();
    write(
        ws.path(),
        "events/ev.json",
        &event(json!({ "messages": ["m-core", "m-nope"] })),
    );
    lectern(ws.path())
        .arg("check")
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            "error: event `ev` refers to message `m-nope`, which does not exist
  --> events/ev.json:20:5
   |
20 |     \"m-nope\"
   |     ^
hint: run `lectern snippets list` to see the message ids
note: 2 items have text in several languages and no translation tracking (message `m-core` and 1 other)
  --> snippets/messages/core.json
hint: track them with `\"translations\": {}` (or `lectern translations import`), so a translation that lags behind its source is never drafted; `lectern translations status` lists them
1 error, 0 warnings
",
        );
}

#[test]
fn a_missing_workspace_cannot_be_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    lectern(dir.path())
        .args(["-C", "no-such-folder", "check"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "error: workspace no-such-folder is not a folder",
        ));
    lectern(dir.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "error: not inside a lectern workspace: neither ",
        ))
        .stderr(predicates::str::contains(
            "hint: create one with `lectern init`, or name one with -C DIR",
        ));
}

#[test]
fn the_sample_workspace_has_only_its_planted_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ws = tempfile::tempdir().expect("temp dir");
    for part in ["snippets", "events", "templates", "style", "lectern.json"] {
        copy(&root.join(part), &ws.path().join(part));
    }
    let (findings, status) = check_json(ws.path(), &[]);
    let errors: Vec<&Value> = findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(status, 0);
    assert!(
        !with_code(&findings, "stale-fact").is_empty(),
        "{findings:#?}"
    );
    assert!(
        !with_code(&findings, "expiring").is_empty(),
        "{findings:#?}"
    );
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read dir").flatten() {
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else if from.is_file() {
        std::fs::copy(from, to).expect("copy");
    }
}

#[test]
fn check_and_draft_agree_on_the_length_tolerance() {
    let ws = workspace();
    write(
        ws.path(),
        "output/ev/speech/v001.json",
        // 324 words at 130 a minute is 2.5 minutes: 17% short of 3, inside draft's ±20%.
        &manifest(1, 324, "anything"),
    );
    let (findings, _) = check_json(ws.path(), &[]);
    assert_eq!(with_code(&findings, "length").len(), 0, "{findings:#?}");
    write(
        ws.path(),
        "output/ev/speech/v002.json",
        // 300 words: 23% short, beyond it.
        &manifest(2, 300, "anything else"),
    );
    let (findings, _) = check_json(ws.path(), &[]);
    assert_eq!(with_code(&findings, "length").len(), 1, "{findings:#?}");
}
