//! `lectern clear`, `release` and `status`: sign-offs, the policy, refusals, stages.

use super::Ws;

const SPEECH: &str = "output/summit/speech";

fn drafted() -> Ws {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit"]).success();
    ws
}

fn with_policy(ws: &Ws, policy: &str) {
    ws.write(
        "lectern.json",
        &format!("{{\n  \"clearance\": {policy}\n}}\n"),
    );
}

/// The sign-off records of a version, parsed, in name order.
fn records(ws: &Ws, kind: &str, n: u32) -> Vec<serde_json::Value> {
    let dir = ws
        .path()
        .join(format!("output/summit/{kind}/v{n:03}.signoffs"));
    let mut names: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.flatten().map(|e| e.path()).collect(),
        Err(_) => return Vec::new(),
    };
    names.sort();
    names
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_sign_off_records_the_version_hashes_who_when_and_note() {
    let ws = drafted();
    let run = ws.run(&[
        "clear",
        "summit",
        "--kind",
        "speech",
        "--by",
        "Spokesperson",
        "--note",
        "fine by me",
    ]);
    run.success()
        .stdout_has(
            "summit/speech: v001 signed off by Spokesperson (output/summit/speech/v001.signoffs/",
        )
        .stdout_has("summit/speech: v001 is cleared");
    let r = records(&ws, "speech", 1);
    assert_eq!(r.len(), 1);
    let s = &r[0];
    assert_eq!(s["version"], 1);
    assert_eq!(s["event"], "summit");
    assert_eq!(s["kind"], "speech");
    assert_eq!(s["by"], "Spokesperson");
    assert_eq!(s["note"], "fine by me");
    assert_eq!(s["tool_version"], env!("CARGO_PKG_VERSION"));
    let docx = std::fs::read(ws.path().join(SPEECH).join("v001.docx")).unwrap();
    let md = std::fs::read(ws.path().join(SPEECH).join("v001.md")).unwrap();
    assert_eq!(s["docx_sha256"], sha256_hex(&docx));
    assert_eq!(s["markdown_sha256"], sha256_hex(&md));
    let at = s["at"].as_str().unwrap();
    assert!(at.ends_with('Z'), "{at}");
    chrono::DateTime::parse_from_rfc3339(at).unwrap();
    // The manifest records the .docx hash too.
    let m = ws.manifest(&format!("{SPEECH}/v001.json"));
    assert_eq!(m["files"]["docx_sha256"], sha256_hex(&docx));
}

#[test]
fn version_spellings_and_a_version_that_does_not_exist() {
    let ws = drafted();
    for spelling in ["v001", "001", "1"] {
        ws.run(&[
            "clear",
            "summit",
            "--kind",
            "blog",
            "--version",
            spelling,
            "--by",
            "A",
        ])
        .success();
    }
    assert_eq!(records(&ws, "blog", 1).len(), 3);
    let run = ws.run(&[
        "clear",
        "summit",
        "--kind",
        "speech",
        "--version",
        "7",
        "--by",
        "A",
    ]);
    run.failure(1);
    assert_eq!(
        run.stderr(),
        "error: summit has no speech version v007\n  --> output/summit/speech\nhint: the versions are v001\n"
    );
    assert!(!ws.exists(&format!("{SPEECH}/v007.signoffs")));
    let none = Ws::fixture("basic");
    none.run(&["clear", "summit", "--kind", "speech", "--by", "A"])
        .failure(1)
        .stderr_has("error: summit has no speech drafts yet")
        .stderr_has("hint: draft it with `lectern draft summit --kind speech`");
}

#[test]
fn the_policy_needs_every_required_name_compared_without_case() {
    let ws = drafted();
    with_policy(
        &ws,
        r#"{"required": {"press-briefing": ["Spokesperson", "Legal"]}, "warn_days": 3}"#,
    );
    ws.run(&[
        "clear",
        "summit",
        "--kind",
        "press-briefing",
        "--by",
        "spokesperson",
    ])
    .success()
    .stdout_has("summit/press-briefing: v001 still needs Legal");
    let outsider = ws.run(&[
        "clear",
        "summit",
        "--kind",
        "press-briefing",
        "--by",
        "Intern",
    ]);
    outsider
        .success()
        .stdout_has("summit/press-briefing: v001 still needs Legal");
    assert_eq!(
        outsider.stderr(),
        "warning: summit/press-briefing: `Intern` is not in the clearance policy for press-briefing (Spokesperson, Legal): the sign-off is recorded but does not count toward clearance\n"
    );
    ws.run(&["status", "summit"])
        .success()
        .stdout_has("summit  press-briefing  v001    draft         17       -  Legal");
    ws.run(&[
        "clear",
        "summit",
        "--kind",
        "press-briefing",
        "--by",
        "LEGAL",
    ])
    .success()
    .stdout_has("summit/press-briefing: v001 is cleared");
    assert_eq!(records(&ws, "press-briefing", 1).len(), 3);
    // No policy for speeches: one sign-off clears.
    ws.run(&["clear", "summit", "--kind", "speech", "--by", "Anyone"])
        .success()
        .stdout_has("summit/speech: v001 is cleared");
}

#[test]
fn a_bad_policy_is_a_located_error() {
    let ws = drafted();
    with_policy(&ws, r#"{"required": {"speeches": ["Spokesperson"]}}"#);
    ws.run(&["status"])
        .failure(2)
        .stderr_has("error: unknown field `speeches` in `clearance.required`")
        .stderr_has("--> lectern.json:2:");
    with_policy(&ws, r#"{"required": {"speech": []}}"#);
    ws.run(&["status"])
        .failure(2)
        .stderr_has("error: `clearance.required.speech` lists nobody\n  --> lectern.json:2:30");
    with_policy(&ws, r#"{"warn_days": -1}"#);
    ws.run(&["status"])
        .failure(2)
        .stderr_has("error: `clearance.warn_days` must be 0 or more\n  --> lectern.json:2:17");
}

#[test]
fn not_cleared_content_is_refused_and_nothing_recorded() {
    let ws = Ws::fixture("basic");
    let ev = ws
        .read("events/summit.json")
        .replace("\"msg-victims\"", "\"msg-draft\"");
    ws.write("events/summit.json", &ev);
    ws.run(&["draft", "summit", "--kind", "speech", "--allow-unapproved"])
        .success();
    let run = ws.run(&[
        "clear",
        "summit",
        "--kind",
        "speech",
        "--by",
        "Spokesperson",
    ]);
    run.failure(1)
        .stderr_has("error: v001 has NOT CLEARED content\n  --> output/summit/speech/v001.json\nhint: message `msg-draft` has status draft");
    assert!(!ws.exists(&format!("{SPEECH}/v001.signoffs")));
}

#[test]
fn files_edited_after_drafting_are_refused() {
    let ws = drafted();
    let md = ws.path().join(SPEECH).join("v001.md");
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(&md, text.replace("Summit", "Sumit")).unwrap();
    ws.run(&["clear", "summit", "--kind", "speech", "--by", "A"])
        .failure(1)
        .stderr_has("error: v001.md no longer matches its manifest: it was edited after drafting\n  --> output/summit/speech/v001.md\n");
    let docx = ws.path().join("output/summit/blog/v001.docx");
    let mut bytes = std::fs::read(&docx).unwrap();
    bytes.push(0);
    std::fs::write(&docx, bytes).unwrap();
    ws.run(&["clear", "summit", "--kind", "blog", "--by", "A"])
        .failure(1)
        .stderr_has("error: v001.docx no longer matches its manifest: it was edited after drafting\n  --> output/summit/blog/v001.docx\n");
    assert!(!ws.exists(&format!("{SPEECH}/v001.signoffs")));
    assert!(!ws.exists("output/summit/blog/v001.signoffs"));
}

#[test]
fn a_message_expired_since_drafting_is_refused_as_of_today() {
    let ws = drafted();
    ws.run(&[
        "clear", "summit", "--kind", "speech", "--by", "A", "--today", "2028-01-01",
    ])
    .failure(1)
    .stderr_has("error: v001 uses message `msg-cooperation`, which expired: review_by 2027-12-31 is before today, 2028-01-01 as of 2028-01-01\n  --> output/summit/speech/v001.json\n");
    assert!(!ws.exists(&format!("{SPEECH}/v001.signoffs")));
}

#[test]
fn pending_changes_and_merge_conflicts_are_refused() {
    let ws = drafted();
    let path = ws.path().join(SPEECH).join("v001.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&ws.read(&format!("{SPEECH}/v001.json"))).unwrap();
    m["pending_changes"] = serde_json::json!([
        {"type": "insert", "author": "R", "date": "2026-11-20T10:00:00Z", "text": "x"},
        {"type": "delete", "author": "R", "date": "2026-11-20T10:00:00Z", "text": "y"}
    ]);
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    ws.run(&["clear", "summit", "--kind", "speech", "--by", "A"])
        .failure(1)
        .stderr_has("error: v001 has 2 pending tracked changes\n");
    m["pending_changes"] = serde_json::json!([]);
    m["merge"] = serde_json::json!({
        "base": 1, "edits": 1, "edited_by": "R", "edits_kept": 0,
        "generated": "v001.generated.md",
        "conflicts": [{"base": "22,000", "edits": "22,500", "inputs": "24,000"}]
    });
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    ws.run(&["clear", "summit", "--kind", "speech", "--by", "A"])
        .failure(1)
        .stderr_has("error: v001 has 1 unresolved merge conflict\n");
    assert!(!ws.exists(&format!("{SPEECH}/v001.signoffs")));
}

#[test]
fn two_concurrent_clears_both_land() {
    let ws = drafted();
    let spawn = |by: &str| {
        ws.command()
            .args(["clear", "summit", "--kind", "speech", "--by", by])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    for _ in 0..3 {
        let a = spawn("Spokesperson");
        let b = spawn("Spokesperson");
        assert!(a.wait_with_output().unwrap().status.success());
        assert!(b.wait_with_output().unwrap().status.success());
    }
    let r = records(&ws, "speech", 1);
    assert_eq!(r.len(), 6);
    let dir = ws.path().join(SPEECH).join("v001.signoffs");
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            name.ends_with(".json") && name.contains("-spokesperson-"),
            "{name}"
        );
    }
}

#[test]
fn a_damaged_record_is_reported_never_dropped() {
    let ws = drafted();
    ws.run(&["clear", "summit", "--kind", "speech", "--by", "A"])
        .success();
    ws.write(
        &format!("{SPEECH}/v001.signoffs/20261121T000000Z-b-00000000.json"),
        "{\"version\": 1, \"by\": ",
    );
    ws.run(&["check"])
        .failure(1)
        .stderr_has("error: damaged sign-off record: EOF while parsing a value\n  --> output/summit/speech/v001.signoffs/20261121T000000Z-b-00000000.json:1:21\n");
    ws.run(&["status", "summit"])
        .success()
        .stdout_has("(1 damaged sign-off record: run `lectern check`)");
    ws.run(&["history", "summit", "--kind", "speech"])
        .success()
        .stdout_has("        signed off by A (")
        .stdout_has("damaged sign-off record output/summit/speech/v001.signoffs/20261121T000000Z-b-00000000.json:1:21: EOF while parsing a value");
    // Still there, never rewritten or dropped.
    assert_eq!(
        ws.read(&format!(
            "{SPEECH}/v001.signoffs/20261121T000000Z-b-00000000.json"
        )),
        "{\"version\": 1, \"by\": "
    );
}

#[test]
fn release_is_refused_before_clearance_and_written_once_after() {
    let ws = drafted();
    let run = ws.run(&["release", "summit", "--kind", "press-briefing"]);
    run.failure(1);
    assert_eq!(
        run.stderr(),
        "error: v001 is not cleared\n  --> output/summit/press-briefing/v001.json\nhint: it still needs one sign-off: `lectern clear summit --kind press-briefing --version 1 --by NAME`\n"
    );
    assert!(!ws.exists("output/summit/press-briefing/v001.release.docx"));
    ws.run(&["clear", "summit", "--kind", "press-briefing", "--by", "A"])
        .success();
    ws.run(&["release", "summit", "--kind", "press-briefing"])
        .success()
        .stdout_has(
            "summit/press-briefing: released v001 → output/summit/press-briefing/v001.release.docx",
        );
    let header = ws.docx_xml(
        "output/summit/press-briefing/v001.release.docx",
        "word/header1.xml",
    );
    assert!(!header.contains("DRAFT"), "{header}");
    assert!(!header.contains("Version 1"), "{header}");
    assert!(header.contains("PUBLIC"), "{header}");
    assert!(header.contains("Embargoed"), "{header}");
    let draft_header = ws.docx_xml("output/summit/press-briefing/v001.docx", "word/header1.xml");
    assert!(draft_header.contains("DRAFT"), "{draft_header}");
    let custom = ws.docx_xml(
        "output/summit/press-briefing/v001.release.docx",
        "docProps/custom.xml",
    );
    assert!(custom.contains("released"), "{custom}");
    let body = ws.docx_xml(
        "output/summit/press-briefing/v001.release.docx",
        "word/document.xml",
    );
    let draft_body = ws.docx_xml(
        "output/summit/press-briefing/v001.docx",
        "word/document.xml",
    );
    assert_eq!(body.len(), draft_body.len());
    let before = std::fs::read(
        ws.path()
            .join("output/summit/press-briefing/v001.release.docx"),
    )
    .unwrap();
    ws.run(&["release", "summit", "--kind", "press-briefing"])
        .failure(1)
        .stderr_has("error: v001 is already released\n  --> output/summit/press-briefing/v001.release.docx\n");
    let after = std::fs::read(
        ws.path()
            .join("output/summit/press-briefing/v001.release.docx"),
    )
    .unwrap();
    assert_eq!(before, after);
    ws.run(&["status", "summit"])
        .success()
        .stdout_has("summit  press-briefing  v001    released      17       -  -");
}

#[test]
fn a_speech_release_keeps_check_against_delivery_and_a_note_its_marking() {
    let ws = drafted();
    for kind in ["speech", "briefing-note"] {
        ws.run(&["clear", "summit", "--kind", kind, "--by", "A"])
            .success();
        ws.run(&["release", "summit", "--kind", kind]).success();
    }
    let body = ws.docx_xml(&format!("{SPEECH}/v001.release.docx"), "word/document.xml");
    assert!(body.contains("Check against delivery"), "{body}");
    let header = ws.docx_xml(
        "output/summit/briefing-note/v001.release.docx",
        "word/header1.xml",
    );
    assert!(header.contains("RESTRICTED"), "{header}");
    assert!(!header.contains("DRAFT"), "{header}");
}

#[test]
fn a_later_version_is_not_cleared_by_an_earlier_sign_off() {
    let ws = drafted();
    ws.run(&["clear", "summit", "--kind", "speech", "--by", "A"])
        .success();
    let ev = ws
        .read("events/summit.json")
        .replace("Ministers and police chiefs", "Ministers");
    ws.write("events/summit.json", &ev);
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    ws.run(&["status", "summit"])
        .success()
        .stdout_has("summit  speech          v002    draft         17   ~0:37  one sign-off");
    ws.run(&["release", "summit", "--kind", "speech", "--version", "v001"])
        .success();
    ws.run(&["release", "summit", "--kind", "speech"])
        .failure(1);
}

#[test]
fn check_warns_about_a_close_public_event_without_a_cleared_version() {
    let ws = drafted();
    with_policy(&ws, r#"{"warn_days": 20}"#);
    ws.run(&["clear", "summit", "--kind", "speech", "--by", "A"])
        .success();
    let run = ws.run(&["check"]);
    run.stderr_has(
        "warning: event `summit` is in 17 days and has no cleared blog\n  --> events/summit.json\n",
    )
    .stderr_has("warning: event `summit` is in 17 days and has no cleared press-briefing\n");
    assert!(
        !run.stderr()
            .contains("`summit` is in 17 days and has no cleared speech"),
        "{}",
        run.stderr()
    );
    assert!(
        !run.stderr()
            .contains("`summit` is in 17 days and has no cleared briefing-note"),
        "{}",
        run.stderr()
    );
    // Default warn_days is 3: 17 days away is not yet a concern.
    ws.write("lectern.json", "{}\n");
    let quiet = ws.run(&["check"]);
    assert!(!quiet.stderr().contains("no cleared"), "{}", quiet.stderr());
}

#[test]
fn history_and_status_show_stages_as_json() {
    let ws = drafted();
    ws.run(&[
        "clear",
        "summit",
        "--kind",
        "speech",
        "--by",
        "Spokesperson",
        "--note",
        "ok",
    ])
    .success();
    let run = ws.run(&["history", "summit", "--kind", "speech", "--format", "json"]);
    run.success();
    let h: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let v = &h["kinds"][0]["versions"][0];
    assert_eq!(v["stage"], "cleared");
    assert_eq!(v["signoffs"][0]["by"], "Spokesperson");
    assert_eq!(v["signoffs"][0]["note"], "ok");
    ws.run(&["history", "summit", "--kind", "speech"])
        .success()
        .stdout_has("  cleared\n        signed off by Spokesperson (")
        .stdout_has(" UTC)\n        first version\n");
    let run = ws.run(&["status", "summit", "--format", "json"]);
    run.success();
    let s: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(s[0]["kind"], "speech");
    assert_eq!(s[0]["latest"], 1);
    assert_eq!(s[0]["stage"], "cleared");
    assert_eq!(s[0]["days_left"], 17);
    assert_eq!(s[1]["stage"], "draft");
    assert_eq!(s[1]["missing"][0], "one sign-off");
    let table = ws.run(&["status", "summit"]);
    assert_eq!(
        table.stdout(),
        "EVENT   KIND            LATEST  STAGE       DAYS  SPOKEN  MISSING\n\
         summit  speech          v001    cleared       17   ~0:37  -\n\
         summit  blog            v001    draft         17   ~0:30  one sign-off\n\
         summit  press-briefing  v001    draft         17       -  one sign-off\n\
         summit  briefing-note   v001    draft         17       -  one sign-off\n"
    );
}

#[test]
fn an_interrupted_sign_off_is_not_a_record_and_names_stay_inside_the_folder() {
    let ws = drafted();
    // What a kill on a filesystem without O_TMPFILE can leave: a temporary, never a record.
    ws.write(
        &format!("{SPEECH}/v001.signoffs/.lectern-123-0.tmp"),
        "{\"version\"",
    );
    ws.run(&["release", "summit", "--kind", "speech"])
        .failure(1)
        .stderr_has("error: v001 is not cleared\n");
    ws.run(&["check"])
        .stderr_has("warning: temporary file .lectern-123-0.tmp left by an interrupted sign-off\n  --> output/summit/speech/v001.signoffs/.lectern-123-0.tmp\n");
    ws.run(&[
        "clear",
        "summit",
        "--kind",
        "speech",
        "--by",
        "../../Jane O'Neil",
    ])
    .success();
    let names: Vec<String> = std::fs::read_dir(ws.path().join(SPEECH).join("v001.signoffs"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].contains("-jane-o-neil-"), "{names:?}");
    assert_eq!(records(&ws, "speech", 1)[0]["by"], "../../Jane O'Neil");
}

#[test]
fn a_policy_never_makes_a_new_version() {
    let ws = drafted();
    with_policy(&ws, r#"{"required": {"speech": ["Spokesperson"]}}"#);
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("summit/speech: unchanged since v001");
}

#[test]
fn a_version_imported_as_delivered_has_the_delivered_stage() {
    let ws = drafted();
    let rel = format!("{SPEECH}/v001.json");
    let mut m = ws.manifest(&rel);
    m["origin"] = serde_json::json!({"kind": "delivered", "file": "as-said.docx"});
    ws.write(&rel, &serde_json::to_string_pretty(&m).unwrap());
    ws.run(&["status", "summit"])
        .success()
        .stdout_has("summit  speech          v001    delivered     17   ~0:37  -\n");
    let run = ws.run(&["history", "summit", "--kind", "speech", "--format", "json"]);
    let h: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(h["kinds"][0]["versions"][0]["stage"], "delivered");
}

#[test]
fn killed_clear_and_release_leave_whole_files_or_nothing() {
    let ws = drafted();
    for i in 0..12u64 {
        let mut child = ws
            .command()
            .args([
                "clear",
                "summit",
                "--kind",
                "speech",
                "--by",
                "Spokesperson",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(i * 3));
        let _ = child.kill();
        let _ = child.wait();
    }
    // Every record there is whole (records() parses each one), and nothing else is there.
    let dir = ws.path().join(SPEECH).join("v001.signoffs");
    if dir.exists() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            assert!(name.ends_with(".json"), "{name}");
        }
    }
    let _ = records(&ws, "speech", 1);
    ws.run(&[
        "clear",
        "summit",
        "--kind",
        "speech",
        "--by",
        "Spokesperson",
    ])
    .success();
    let release = ws.path().join(SPEECH).join("v001.release.docx");
    for i in 0..12u64 {
        let mut child = ws
            .command()
            .args(["release", "summit", "--kind", "speech"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(i * 3));
        let _ = child.kill();
        let _ = child.wait();
        if release.exists() {
            // Whole: a readable package.
            zip::ZipArchive::new(std::fs::File::open(&release).unwrap()).unwrap();
        }
    }
    let names: Vec<String> = std::fs::read_dir(ws.path().join(SPEECH))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".lectern-")),
        "{names:?}"
    );
}
