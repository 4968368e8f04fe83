//! `lectern snippets list`, `facts list`, `events list`: each filter, the standing columns
//! (expires / EXPIRED / STALE) and the table's alignment with Arabic text. Each test writes its
//! own workspace into a temporary folder.

use std::path::Path;

use assert_cmd::Command;
use serde_json::{json, Value};
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

const TODAY: &str = "2026-11-21";

fn message(id: &str, topic: &str, status: &str, review_by: Option<&str>, langs: &[&str]) -> Value {
    let text: serde_json::Map<String, Value> = langs
        .iter()
        .map(|l| ((*l).to_string(), json!(format!("Text in {l}."))))
        .collect();
    let mut m = json!({
        "id": id, "title": format!("Title of {id}"), "topic": topic, "status": status,
        "version": 1, "text": text
    });
    if status == "approved" {
        m["approved_by"] = json!("Director");
        m["approved_on"] = json!("2026-01-01");
    }
    if let Some(d) = review_by {
        m["review_by"] = json!(d);
    }
    m
}

fn fact(id: &str, unit: &str, clearance: &str, as_of: &str, langs: &[&str]) -> Value {
    let statement: serde_json::Map<String, Value> = langs
        .iter()
        .map(|l| {
            (
                (*l).to_string(),
                json!(format!("Statement of {id} in {l}.")),
            )
        })
        .collect();
    json!({
        "id": id, "unit": unit, "topic": "cybercrime", "statement": statement,
        "source": { "title": "Report" }, "as_of": as_of, "clearance": clearance, "version": 1
    })
}

fn event(id: &str, title: &str, starts_at: &str, lang: &str, outputs: &[&str]) -> Value {
    json!({
        "id": id, "title": title, "outputs": outputs, "starts_at": starts_at,
        "speaker": { "name": "Dr Amina Okafor" }, "language": lang, "messages": ["m-current"]
    })
}

fn workspace() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "snippets/messages/all.json",
        &json!([
            message(
                "m-current",
                "cybercrime",
                "approved",
                Some("2027-06-30"),
                &["en", "fr", "ar"]
            ),
            message(
                "m-soon",
                "Cybercrime",
                "approved",
                Some("2026-12-15"),
                &["en"]
            ),
            message(
                "m-expired",
                "drugs",
                "approved",
                Some("2026-06-30"),
                &["en", "es"]
            ),
            message("m-draft", "drugs", "draft", None, &["en"]),
            message("m-retired", "drugs", "retired", Some("2026-12-01"), &["fr"]),
            message("m-open", "partnerships", "approved", None, &["en"]),
        ]),
    );
    write(
        dir.path(),
        "snippets/facts/all.json",
        &json!([
            fact(
                "f-public",
                "Cybercrime Directorate",
                "public",
                "2026-03-01",
                &["en", "fr"]
            ),
            fact(
                "f-secret",
                "Criminal Intelligence",
                "restricted",
                "2026-10-01",
                &["en"]
            ),
            fact(
                "f-old",
                "Cybercrime Directorate",
                "public",
                "2021-01-01",
                &["en", "ar"]
            ),
        ]),
    );
    for e in [
        event(
            "ev-lyon",
            "Opening address in Lyon",
            "2026-12-03T10:00:00+01:00",
            "en",
            &["speech", "briefing-note"],
        ),
        event(
            "ev-doha",
            "كلمة افتتاحية في مؤتمر الأمن السيبراني الإقليمي في الدوحة مع الشركاء الدوليين",
            "2027-02-10T09:00:00+03:00",
            "ar",
            &["speech"],
        ),
        event(
            "ev-blog",
            "Nature is not a free resource",
            "2027-01-28T08:00:00+01:00",
            "en",
            &["blog"],
        ),
        event(
            "ev-past",
            "Last year's forum",
            "2025-11-02T09:00:00+00:00",
            "fr",
            &["press-briefing"],
        ),
    ] {
        let id = e["id"].as_str().expect("id").to_string();
        write(dir.path(), &format!("events/{id}.json"), &e);
    }
    dir
}

fn write(root: &Path, rel: &str, value: &Value) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, serde_json::to_string_pretty(value).expect("json")).expect("write");
}

fn lectern(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lectern").expect("binary");
    cmd.current_dir(dir)
        .env_remove("LECTERN_TODAY")
        .env_remove("NO_COLOR")
        .args(["--color", "never", "--today", TODAY]);
    cmd
}

/// The ids a `--format json` listing returns, in order.
#[track_caller]
fn ids(dir: &Path, args: &[&str]) -> Vec<String> {
    let out = lectern(dir)
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON array");
    rows.iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn snippets_expiring_this_month_in_one_command() {
    let ws = workspace();
    // Approved messages only, soonest first; the expired one and the retired one are not
    // "expiring".
    assert_eq!(
        ids(ws.path(), &["snippets", "list", "--expiring-within", "30"]),
        ["m-soon"]
    );
    assert_eq!(
        ids(ws.path(), &["snippets", "list", "--expiring-within", "365"]),
        ["m-soon", "m-current"]
    );
}

#[test]
fn snippets_filter_by_status_topic_and_language() {
    let ws = workspace();
    let p = ws.path();
    assert_eq!(
        ids(p, &["snippets", "list", "--status", "expired"]),
        ["m-expired"]
    );
    assert_eq!(
        ids(p, &["snippets", "list", "--status", "draft"]),
        ["m-draft"]
    );
    assert_eq!(
        ids(p, &["snippets", "list", "--status", "retired"]),
        ["m-retired"]
    );
    assert_eq!(
        ids(p, &["snippets", "list", "--status", "approved"]),
        ["m-current", "m-open", "m-soon"]
    );
    // Topics match regardless of case.
    assert_eq!(
        ids(p, &["snippets", "list", "--topic", "cybercrime"]),
        ["m-current", "m-soon"]
    );
    assert_eq!(
        ids(p, &["snippets", "list", "--lang", "fr"]),
        ["m-current", "m-retired"]
    );
    assert_eq!(
        ids(p, &["snippets", "list", "--topic", "drugs", "--lang", "es"]),
        ["m-expired"]
    );
}

#[test]
fn snippets_json_carries_standing_and_days_to_review() {
    let ws = workspace();
    let out = lectern(ws.path())
        .args([
            "snippets", "list", "--status", "expired", "--format", "json",
        ])
        .output()
        .expect("run");
    let rows: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(rows[0]["status"], "expired");
    assert_eq!(rows[0]["review_by"], "2026-06-30");
    assert_eq!(rows[0]["expires_in_days"], -144);
    assert_eq!(rows[0]["languages"], json!(["en", "es"]));
}

#[test]
fn snippets_table_shows_expiry_and_lines_up() {
    let ws = workspace();
    let out = lectern(ws.path())
        .args(["snippets", "list"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("ID         STATUS    REVIEW BY           TOPIC"),
        "{table}"
    );
    let row = |id: &str| {
        *lines
            .iter()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no row for {id} in\n{table}"))
    };
    assert!(
        row("m-expired").contains("expired   EXPIRED 2026-06-30"),
        "{table}"
    );
    assert!(
        row("m-soon").contains("approved  expires 2026-12-15"),
        "{table}"
    );
    assert!(row("m-draft").contains("draft     -"), "{table}");
    // Every row's TITLE starts in the same display column as the header's.
    let title_col = lines[0].find("TITLE").expect("TITLE");
    for l in &lines[1..] {
        let title = l.rfind("Title of").expect("title");
        assert_eq!(l[..title].width(), title_col, "{table}");
    }
    assert_eq!(String::from_utf8_lossy(&out.stderr), "6 messages\n");
}

#[test]
fn facts_which_are_restricted_and_which_are_stale() {
    let ws = workspace();
    let p = ws.path();
    assert_eq!(
        ids(p, &["facts", "list", "--clearance", "restricted"]),
        ["f-secret"]
    );
    assert_eq!(
        ids(p, &["facts", "list", "--clearance", "public"]),
        ["f-old", "f-public"]
    );
    assert_eq!(ids(p, &["facts", "list", "--stale"]), ["f-old"]);
    assert_eq!(
        ids(p, &["facts", "list", "--unit", "cybercrime directorate"]),
        ["f-old", "f-public"]
    );
    assert_eq!(ids(p, &["facts", "list", "--lang", "ar"]), ["f-old"]);
    assert_eq!(
        ids(p, &["facts", "list", "--topic", "drugs"]),
        Vec::<String>::new()
    );

    let out = lectern(p).args(["facts", "list"]).output().expect("run");
    let table = String::from_utf8(out.stdout).expect("utf-8");
    let old = table
        .lines()
        .find(|l| l.starts_with("f-old "))
        .expect("f-old row");
    assert!(old.contains("public      2021-01-01 STALE"), "{table}");
    let secret = table
        .lines()
        .find(|l| l.starts_with("f-secret "))
        .expect("f-secret row");
    assert!(secret.contains("restricted"), "{table}");
}

#[test]
fn events_filter_by_dates_language_and_kind() {
    let ws = workspace();
    let p = ws.path();
    // In the order they take place.
    assert_eq!(
        ids(p, &["events", "list"]),
        ["ev-past", "ev-lyon", "ev-blog", "ev-doha"]
    );
    assert_eq!(
        ids(
            p,
            &[
                "events",
                "list",
                "--from",
                "2026-12-01",
                "--until",
                "2027-01-31"
            ]
        ),
        ["ev-lyon", "ev-blog"]
    );
    // Both ends are inclusive.
    assert_eq!(
        ids(
            p,
            &[
                "events",
                "list",
                "--from",
                "2027-02-10",
                "--until",
                "2027-02-10"
            ]
        ),
        ["ev-doha"]
    );
    assert_eq!(ids(p, &["events", "list", "--lang", "ar"]), ["ev-doha"]);
    assert_eq!(ids(p, &["events", "list", "--kind", "blog"]), ["ev-blog"]);
    assert_eq!(
        ids(p, &["events", "list", "--kind", "speech", "--lang", "en"]),
        ["ev-lyon"]
    );
}

#[test]
fn events_table_keeps_an_arabic_title_in_the_last_column() {
    let ws = workspace();
    let out = lectern(ws.path())
        .args(["events", "list", "--lang", "ar"])
        .output()
        .expect("run");
    let table = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = table.lines().collect();
    let title_col = lines[0].find("TITLE").expect("TITLE");
    let row = lines[1];
    assert!(
        row.starts_with("ev-doha  2027-02-10  ar    speech"),
        "{table}"
    );
    let title_at = row.find('ك').expect("arabic title");
    assert_eq!(row[..title_at].width(), title_col, "{table}");
    // Long titles are cut with an ellipsis.
    assert!(row.ends_with('…'), "{table}");
}

#[test]
fn a_bad_date_filter_is_a_usage_error() {
    let ws = workspace();
    lectern(ws.path())
        .args(["events", "list", "--from", "03/12/2026"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--from: invalid date"));
}

#[test]
fn nothing_matching_is_not_an_error() {
    let ws = workspace();
    lectern(ws.path())
        .args(["snippets", "list", "--topic", "no-such-topic"])
        .assert()
        .success()
        .stdout("")
        .stderr("no messages match\n");
    lectern(ws.path())
        .args([
            "snippets",
            "list",
            "--topic",
            "no-such-topic",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout("[]\n");
}
