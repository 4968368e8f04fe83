//! `lectern history`: versions, sizes, speaking time, NOT CLEARED and input changes.

use std::path::Path;

use super::diff::{lectern, store_version};

fn sample(root: &Path) {
    let text = "# Title\n\n".to_string() + &"word ".repeat(300);
    store_version(
        root,
        "sg-test",
        "speech",
        1,
        &text,
        &[("cyber-1", 1)],
        false,
    );
    store_version(
        root,
        "sg-test",
        "speech",
        2,
        &text,
        &[("cyber-1", 2)],
        false,
    );
    store_version(
        root,
        "sg-test",
        "speech",
        3,
        &text,
        &[("cyber-1", 3), ("fin-2", 1)],
        true,
    );
    store_version(
        root,
        "sg-test",
        "blog",
        1,
        "# Blog\n\nShort.\n",
        &[("cyber-1", 3)],
        false,
    );
}

#[test]
fn human_history_shows_every_kind_and_what_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    sample(dir.path());
    let o = lectern(dir.path(), &["history", "sg-test"]);
    assert!(o.status.success(), "{o:?}");
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains("sg-test \u{b7} speech \u{b7} 3 versions\n"),
        "{s}"
    );
    assert!(s.contains("sg-test \u{b7} blog \u{b7} 1 version\n"), "{s}");
    assert!(
        s.contains("  v001  2026-03-01 09:00 UTC     302 words            2:19  00000000\n"),
        "{s}"
    );
    assert!(s.contains("        first version\n"), "{s}");
    assert!(
        s.contains("        event changed, message cyber-1 v1\u{2192}v2\n"),
        "{s}"
    );
    assert!(s.contains("NOT CLEARED\n        message cyber-1 v2\u{2192}v3, message fin-2 v1 added, now NOT CLEARED\n"), "{s}");
}

#[test]
fn json_history_for_one_kind() {
    let dir = tempfile::tempdir().expect("temp dir");
    sample(dir.path());
    let o = lectern(
        dir.path(),
        &["history", "sg-test", "--kind", "speech", "--format", "json"],
    );
    assert!(o.status.success(), "{o:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["event"], "sg-test");
    let kinds = v["kinds"].as_array().expect("kinds");
    assert_eq!(kinds.len(), 1);
    let versions = kinds[0]["versions"].as_array().expect("versions");
    assert_eq!(versions.len(), 3);
    assert_eq!(versions[0]["speaking_time"], "2:19");
    assert!(versions[0].get("changes").is_none());
    assert_eq!(versions[2]["not_cleared"], true);
    assert_eq!(versions[2]["changes"][0]["change"], "changed");
    assert_eq!(versions[2]["changes"][0]["from"], 2);
    assert_eq!(versions[2]["changes"][0]["to"], 3);
}

#[test]
fn history_works_from_output_when_the_workspace_does_not_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    sample(dir.path());
    std::fs::create_dir_all(dir.path().join("events")).expect("mkdir");
    std::fs::write(dir.path().join("events/broken.json"), "{ not json").expect("write");
    let o = lectern(dir.path(), &["history", "sg-test"]);
    assert!(o.status.success(), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("3 versions"));
    // The broken event blocks only itself: the workspace loads, and the history is read.
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn an_event_without_drafts_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    sample(dir.path());
    let o = lectern(dir.path(), &["history", "nothing-here"]);
    assert_eq!(o.status.code(), Some(2));
}
