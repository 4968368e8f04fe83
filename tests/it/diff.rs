//! `lectern diff`: files of every format, versions of an event, output formats, redlines.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review")
}

/// Run lectern in `dir` with a clean environment and no colour.
pub(super) fn lectern(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("lectern")
        .expect("binary builds")
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .arg("--color")
        .arg("never")
        .args(args)
        .output()
        .expect("lectern runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn human_output_of_a_small_pair() {
    let o = lectern(&fixtures(), &["diff", "old.md", "new.md"]);
    assert!(o.status.success(), "{o:?}");
    insta::assert_snapshot!("diff_human", stdout(&o));
}

#[test]
fn json_output_of_a_small_pair() {
    let o = lectern(
        &fixtures(),
        &["diff", "old.md", "new.md", "--format", "json"],
    );
    assert!(o.status.success(), "{o:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    insta::assert_json_snapshot!("diff_json", v);
}

#[test]
fn unified_and_stat_formats() {
    let o = lectern(
        &fixtures(),
        &["diff", "old.md", "new.md", "--format", "unified"],
    );
    // A real line-based unified diff: whole lines, no word marks, a move is a removal and an
    // addition.
    assert_eq!(
        stdout(&o),
        "--- old.md\n+++ new.md\n@@ -1,8 +1,9 @@\n Speech on cybercrime\n\
         -The Secretary General said that cybercrime is rising across every region.\n\
         +The Secretary General stated clearly that cybercrime keeps rising across every region.\n\
         \x20Cooperation\n\
         -Police forces must share data quickly and lawfully.\n\
         \x20We will strengthen the global network of analysts.\n\
         +A brand new paragraph on financial crime.\n\
         \x20First bullet about ransomware.\n\
         \x20Second bullet about fraud.\n\
         +Police forces must share data quickly and lawfully.\n\
         \x20Thank you.\n"
    );
    let o = lectern(
        &fixtures(),
        &["diff", "old.md", "new.md", "--format", "stat"],
    );
    assert_eq!(
        stdout(&o),
        "old.md \u{2192} new.md\n+10 \u{2212}2 words, 1 paragraph changed, 1 moved, 1 added\n"
    );
}

#[test]
fn french_words_are_compared_as_words() {
    let o = lectern(&fixtures(), &["diff", "fr-old.txt", "fr-new.txt"]);
    let s = stdout(&o);
    assert!(s.contains("progresse{+ rapidement+}."), "{s}");
    assert!(s.contains("des [-analystes-]{+enquêteurs+}."), "{s}");
    assert!(
        s.contains("+2 \u{2212}1 words, 2 paragraphs changed"),
        "{s}"
    );
}

#[test]
fn arabic_words_are_compared_as_words() {
    let o = lectern(&fixtures(), &["diff", "ar-old.txt", "ar-new.txt"]);
    let s = stdout(&o);
    assert!(s.contains("التعاون [-الشرطي-]{+الأمني+} الدولي"), "{s}");
    assert!(s.contains("ضرورة{+ ملحة+}."), "{s}");
}

#[test]
fn reviewer_edited_docx_is_read_in_its_accepted_view() {
    // The redline of old.md → new.md, opened and saved by LibreOffice with its tracked
    // changes still pending: accepted, it is exactly new.md.
    let o = lectern(
        &fixtures(),
        &[
            "diff",
            "new.md",
            "reviewer-libreoffice.docx",
            "--format",
            "stat",
        ],
    );
    assert!(stdout(&o).ends_with("no changes\n"), "{}", stdout(&o));
    // Made with python-docx, edited with tracked changes ("said" → "stated", a paragraph
    // deleted); tables, line breaks and tabs read as text.
    let o = lectern(
        &fixtures(),
        &["diff", "old.md", "reviewer-python.docx", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let text = v.to_string();
    assert!(text.contains("The Secretary General stated that cybercrime is rising."));
    assert!(!text.contains("deleted by the reviewer"));
    assert!(text.contains("Line one\\nline two\\tafter a tab"));
    assert!(text.contains("Cell B"));
}

#[test]
fn redline_accepts_to_new_and_rejects_to_old() {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["old.md", "new.md"] {
        std::fs::copy(fixtures().join(f), dir.path().join(f)).expect("copy");
    }
    let o = lectern(
        dir.path(),
        &[
            "diff",
            "old.md",
            "new.md",
            "--format",
            "stat",
            "--redline",
            "red.docx",
            "--author",
            "A & B",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("wrote red.docx"));
    // Read back through lectern itself: accepted view equals the newer text.
    let o = lectern(
        dir.path(),
        &["diff", "new.md", "red.docx", "--format", "stat"],
    );
    assert!(stdout(&o).ends_with("no changes\n"), "{}", stdout(&o));
    // No temporary files left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".lectern-")),
        "{names:?}"
    );
}

#[test]
fn unknown_formats_and_missing_files_are_usage_errors() {
    let o = lectern(&fixtures(), &["diff", "old.md", "make_python_docx.py"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a .docx, .md or .txt file"));
    let o = lectern(&fixtures(), &["diff", "old.md", "nope.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such file: nope.md"));
}

/// A version as `lectern draft` stores it: `.md` and manifest (`.docx` is not needed here).
pub(crate) fn store_version(
    root: &Path,
    event: &str,
    kind: &str,
    n: u32,
    md: &str,
    messages: &[(&str, u32)],
    not_cleared: bool,
) {
    let dir = root.join("output").join(event).join(kind);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join(format!("v{n:03}.md")), md).expect("write md");
    let words = md.split_whitespace().count();
    let messages: Vec<serde_json::Value> = messages
        .iter()
        .map(|(id, v)| serde_json::json!({"id": id, "version": v, "hash": format!("h-{id}-{v}")}))
        .collect();
    let manifest = serde_json::json!({
        "event": event, "kind": kind, "version": n,
        "created_at": format!("2026-03-0{n}T09:00:00Z"), "tool_version": "0.1.0",
        "language": "en",
        "template": {"name": format!("builtin:{kind}"), "hash": "t1"},
        "inputs": {"event": {"id": event, "hash": format!("e{}", n.min(2))},
                   "messages": messages, "facts": []},
        "fingerprint": format!("f{n}"), "content_hash": format!("sha256:{n:0>64}"),
        "words": words, "speaking_seconds": words as u64 * 60 / 130,
        "warnings": [], "not_cleared": not_cleared, "clearance": "public",
        "files": {"docx": format!("v{n:03}.docx"), "markdown": format!("v{n:03}.md"), "docx_bytes": 0}
    });
    std::fs::write(
        dir.join(format!("v{n:03}.json")),
        serde_json::to_string_pretty(&manifest).expect("json"),
    )
    .expect("write manifest");
}

#[test]
fn event_versions_default_to_the_last_two_with_input_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = std::fs::read_to_string(fixtures().join("old.md")).expect("fixture");
    let new = std::fs::read_to_string(fixtures().join("new.md")).expect("fixture");
    store_version(
        dir.path(),
        "sg-test",
        "speech",
        1,
        &old,
        &[("cyber-1", 1)],
        false,
    );
    store_version(
        dir.path(),
        "sg-test",
        "speech",
        2,
        &old,
        &[("cyber-1", 2)],
        false,
    );
    store_version(
        dir.path(),
        "sg-test",
        "speech",
        3,
        &new,
        &[("cyber-1", 3), ("fin-2", 1)],
        true,
    );
    let o = lectern(dir.path(), &["diff", "sg-test"]);
    assert!(o.status.success(), "{o:?}");
    let s = stdout(&o);
    assert!(
        s.starts_with("--- sg-test speech v002\n+++ sg-test speech v003\n"),
        "{s}"
    );
    assert!(s.contains("inputs changed:\n  message cyber-1 v2\u{2192}v3\n  message fin-2 v1 added\n  now NOT CLEARED\n"), "{s}");
    let o = lectern(
        dir.path(),
        &[
            "diff", "sg-test", "--from", "1", "--to", "2", "--format", "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["old"]["version"], 1);
    assert_eq!(v["inputs"][0]["change"], "event_changed");
    assert_eq!(v["inputs"][1]["id"], "cyber-1");
    assert_eq!(v["summary"]["words_added"], 0);
    let o = lectern(dir.path(), &["diff", "sg-test", "--from", "7"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("has no version 7"));
}
