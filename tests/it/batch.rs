//! `lectern batch`: parallel drafting, failures isolated, summary, JSON, unchanged re-runs.

use crate::Ws;

#[test]
fn batch_drafts_every_event_and_prints_a_summary() {
    let ws = Ws::fixture("basic");
    let r = ws.run(&["batch", "--jobs", "2"]);
    r.success()
        .stdout_has("EVENT")
        .stdout_has("summit-ar")
        .stdout_has("v001")
        .stderr_has("drafts: 17 written, 0 unchanged, 0 failed");
    assert!(ws.exists("output/note/briefing-note/v001.docx"));
    assert!(ws.exists("output/summit-fr/press-briefing/v001.json"));
}

#[test]
fn a_second_batch_over_unchanged_inputs_writes_nothing_and_says_so() {
    let ws = Ws::fixture("basic");
    ws.run(&["batch"]).success();
    ws.run(&["batch"])
        .success()
        .stdout_has("unchanged v001")
        .stderr_has("0 written, 17 unchanged");
    assert!(!ws.exists("output/summit/speech/v002.json"));
}

#[test]
fn one_failure_does_not_stop_the_others_and_exits_1() {
    let ws = Ws::fixture("basic");
    let ev = ws
        .read("events/summit-es.json")
        .replace("\"msg-victims\"", "\"msg-draft\"");
    ws.write("events/summit-es.json", &ev);
    let r = ws.run(&["batch"]);
    r.failure(1)
        .stdout_has("FAILED")
        .stderr_has("error: summit-es: message `msg-draft` has no text in `es`")
        .stderr_has("13 written, 0 unchanged, 4 failed");
    assert!(ws.exists("output/summit-fr/speech/v001.docx"));
    assert!(!ws.exists("output/summit-es"));
}

#[test]
fn batch_json_reports_each_item() {
    let ws = Ws::fixture("basic");
    let r = ws.run(&["batch", "--format", "json", "--kind", "speech"]);
    r.success();
    let v: serde_json::Value = serde_json::from_str(&r.stdout()).unwrap();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert!(items
        .iter()
        .all(|i| i["kind"] == "speech" && i["status"] == "created" && i["version"] == 1));
    assert!(items.iter().all(|i| i["words"].as_u64().unwrap() > 20));
}

#[test]
fn batch_filters_by_glob_and_date() {
    let ws = Ws::fixture("basic");
    let r = ws.run(&["batch", "summit-*", "--kind", "blog", "--format", "json"]);
    r.success();
    let v: serde_json::Value = serde_json::from_str(&r.stdout()).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 3);
    let r = ws.run(&["batch", "--from", "2026-12-10", "--format", "json"]);
    r.success();
    let v: serde_json::Value = serde_json::from_str(&r.stdout()).unwrap();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["event"], "note");
    ws.run(&["batch", "--until", "2020-01-01"])
        .failure(2)
        .stderr_has("error: no event matches the selection");
    ws.run(&["batch", "nothing-*"])
        .failure(2)
        .stderr_has("error: `nothing-*` matches no event");
}

#[test]
fn batch_on_a_pipe_prints_no_progress_bar() {
    let ws = Ws::fixture("basic");
    let r = ws.run(&["batch", "--kind", "speech"]);
    r.success();
    assert!(
        !r.stderr().contains('\r') && !r.stderr().contains("\u{1b}["),
        "{}",
        r.stderr()
    );
}

#[test]
fn the_repository_sample_workspace_drafts_cleanly() {
    let ws = Ws::sample();
    let r = ws.run(&["batch"]);
    r.success().stderr_has("0 failed");
    // After drafting, check still finds only the planted problems (lengths are on target).
    ws.run(&["check"])
        .success()
        .stderr_has("0 errors, 2 warnings")
        .stderr_has("fact `fact-thunder-2022` is stale")
        .stderr_has("message `cyber-scam-centres-forced-criminality` expires in 24 days");
}

#[test]
fn ctrl_c_stops_the_batch_and_leaves_only_whole_versions() {
    let ws = Ws::fixture("basic");
    let event = ws.read("events/summit.json");
    for i in 0..60 {
        ws.write(
            &format!("events/gen-{i:03}.json"),
            &event.replace("\"id\": \"summit\"", &format!("\"id\": \"gen-{i:03}\"")),
        );
    }
    let child = ws
        .command()
        .args(["batch", "--jobs", "1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(150));
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Interrupted (130) — or, on a fast machine, finished before the signal (0).
    match out.status.code() {
        Some(130) => assert!(stderr.contains("interrupted:"), "{stderr}"),
        Some(0) => {}
        other => panic!("unexpected status {other:?}: {stderr}"),
    }
    let mut manifests = 0;
    for entry in walk(&ws.path().join("output")) {
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".tmp"),
            "stray temporary file {}",
            entry.display()
        );
        if let Some(stem) = name.strip_suffix(".json") {
            manifests += 1;
            let m: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&entry).unwrap()).unwrap();
            assert_eq!(format!("v{:03}", m["version"].as_u64().unwrap()), stem);
            let dir = entry.parent().unwrap();
            assert!(dir.join(format!("{stem}.docx")).exists());
            assert!(dir.join(format!("{stem}.md")).exists());
        }
    }
    assert!(manifests > 0, "nothing was drafted before the signal");
    // The next batch completes the rest.
    ws.run(&["batch"]).success().stderr_has("0 failed");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
