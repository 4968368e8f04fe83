//! Hostile input and faults: markup and control characters in every text field, paths that
//! climb out of the workspace, self-including and deeply nested templates, very large inputs,
//! an unusable output folder, concurrent drafts, a batch killed mid-way, a truncated manifest,
//! and the shell completions and man page.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::Ws;

/// Every part of a DOCX parses as well-formed XML and holds no XML-illegal character.
#[track_caller]
fn assert_valid_docx(path: &Path) {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    for i in 0..z.len() {
        let mut part = z.by_index(i).unwrap();
        let name = part.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        if let Some(c) = text.chars().find(|c| {
            matches!(*c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
        }) {
            panic!("{name} holds the XML-illegal character {c:?}");
        }
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed XML: {e}"),
            }
        }
    }
}

/// The text of every `<w:t>` in `word/document.xml`, unescaped, joined.
fn document_text(ws: &Ws, rel: &str) -> String {
    let xml = ws.docx_xml(rel, "word/document.xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
            quick_xml::events::Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            quick_xml::events::Event::Text(t) if in_t => out.push_str(&t.unescape().unwrap()),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// A message with `text` (English) and an event `hostile` that uses it.
fn with_message(ws: &Ws, text: &str, title: &str) {
    ws.write(
        "snippets/messages/hostile.json",
        &json!({
            "id": "msg-hostile",
            "title": "Hostile",
            "topic": "t",
            "status": "approved",
            "approved_by": "Director",
            "approved_on": "2026-01-01",
            "version": 1,
            "text": { "en": text }
        })
        .to_string(),
    );
    ws.write(
        "events/hostile.json",
        &json!({
            "id": "hostile",
            "title": title,
            "outputs": ["speech", "briefing-note"],
            "starts_at": "2026-12-08T10:00:00+01:00",
            "venue": title,
            "speaker": { "name": title, "role": title },
            "language": "en",
            "messages": ["msg-hostile"],
            "qa": [{ "question": title, "messages": ["msg-hostile"] }],
            "contacts": [{ "name": title }],
            "notes": title
        })
        .to_string(),
    );
}

#[test]
fn markup_template_syntax_and_controls_come_out_literal() {
    let ws = Ws::fixture("basic");
    let literal =
        "Say {{x}} and {{{raw}}} or {{> p}} with <w:t>x</w:t> ]]> &amp; *bold* _it_ # hash \
                   [link](http://x) `code` \\ back \u{200f}RTL\u{202e}over\u{202c} emoji 🚓👮🏽‍♀️ end";
    let controls = "\u{0}\u{1}\u{7}\u{b}\u{c}\u{1b}\u{1f}";
    let text = format!("{literal}{controls}\n\nSecond {{{{{{ paragraph ]]>");
    with_message(&ws, &text, "Title <w:p> {{event}} ]]> *x* \u{1}");
    ws.run(&["draft", "hostile"]).success();
    for kind in ["speech", "briefing-note"] {
        let docx = format!("output/hostile/{kind}/v001.docx");
        assert_valid_docx(&ws.path().join(&docx));
        let body = document_text(&ws, &docx);
        assert!(
            body.contains(literal),
            "{kind}: DOCX text lacks the literal:\n{body}"
        );
        assert!(body.contains("Second {{{ paragraph ]]>"), "{body}");
        assert!(body.contains("Title <w:p> {{event}} ]]> *x*"), "{body}");
        // The Markdown text of record reads back to the same literal text.
        let md = ws.read(&format!("output/hostile/{kind}/v001.md"));
        let doc = lectern::diff::source::markdown(&md);
        let plain: String = doc
            .blocks
            .iter()
            .map(|b| b.plain_text())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            plain.contains(literal),
            "{kind}: .md lacks the literal:\n{md}"
        );
        assert!(md.contains("emoji 🚓👮🏽\u{200d}♀️ end"), "{md}");
    }
}

#[test]
fn an_event_file_outside_the_workspace_is_refused() {
    let ws = Ws::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("x.json");
    std::fs::copy(ws.path().join("events/summit.json"), &outside).unwrap();
    let abs = outside.display().to_string();
    ws.run(&["draft", &abs])
        .failure(2)
        .stderr_has(&format!("error: event file {abs} is outside the workspace"));
    // The same through a relative path that climbs out (both folders are in the temp dir).
    let rel = format!(
        "../{}/x.json",
        elsewhere.path().file_name().unwrap().to_string_lossy()
    );
    if ws.path().parent() == elsewhere.path().parent() {
        ws.run(&["draft", &rel])
            .failure(2)
            .stderr_has(&format!("error: event file {rel} is outside the workspace"));
    }
    ws.run(&["batch", &abs])
        .failure(2)
        .stderr_has("is outside the workspace");
    assert!(!ws.exists("output"));
}

#[test]
fn an_output_setting_outside_the_workspace_is_refused() {
    let ws = Ws::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let abs = elsewhere.path().join("out").display().to_string();
    for output in ["../out", abs.as_str(), "out/../../x", ""] {
        ws.write("lectern.json", &json!({ "output": output }).to_string());
        ws.run(&["draft", "summit", "--kind", "speech"])
            .failure(2)
            .stderr_has(&format!("error: `output` is `{output}`"))
            .stderr_has("lectern.json:1:2");
    }
    assert!(!elsewhere.path().join("out").exists());
    assert!(!ws
        .path()
        .parent()
        .unwrap()
        .join("out")
        .join("summit")
        .exists());
    ws.write("lectern.json", r#"{ "output": "drafts/out" }"#);
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    assert!(ws.exists("drafts/out/summit/speech/v001.json"));
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_output_is_never_written_through() {
    let ws = Ws::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(ws.path().join("output")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), ws.path().join("output/summit")).unwrap();
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: refusing to write through the symbolic link output/summit");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    // The output folder itself, too.
    std::fs::remove_dir_all(ws.path().join("output")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), ws.path().join("output")).unwrap();
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("symbolic link output");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn self_including_and_deeply_nested_templates_are_clear_errors() {
    let ws = Ws::fixture("basic");
    ws.write("templates/speech.hbs", "{{> self}}\n");
    ws.write("templates/partials/self.hbs", "again {{> self}}\n");
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: partials include each other in a cycle: self → self");

    std::fs::remove_dir_all(ws.path().join("templates")).unwrap();
    ws.write("templates/speech.hbs", "{{> p0}}\n");
    for i in 0..5000 {
        ws.write(
            &format!("templates/partials/p{i}.hbs"),
            &format!("x{{{{> p{}}}}}", i + 1),
        );
    }
    ws.write("templates/partials/p5000.hbs", "end");
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: partials include each other more than 32 levels deep");
    ws.run(&["batch"]).failure(2).stderr_has("levels deep");

    std::fs::remove_dir_all(ws.path().join("templates")).unwrap();
    // Deep, yet under the template size cap (64 KB).
    let n = 3_000;
    ws.write(
        "templates/speech.hbs",
        &format!("{}x{}", "{{#if event}}".repeat(n), "{{/if}}".repeat(n)),
    );
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: template blocks are nested more than 64 levels deep")
        .stderr_has("templates/speech.hbs:1:");
    assert!(!ws.exists("output"));
}

#[test]
fn a_content_file_over_the_size_cap_is_refused() {
    let ws = Ws::fixture("basic");
    let para = "No country can fight transnational crime alone. ".repeat(40);
    let mut text = String::with_capacity(31 << 20);
    while text.len() < 30 << 20 {
        text.push_str(&para);
        text.push_str("\n\n");
    }
    with_message(&ws, &text, "Large");
    ws.run(&["draft", "hostile"])
        .failure(2)
        .stderr_has("error: snippets/messages/hostile.json is larger than 8 MB")
        .stderr_has("hint: split the items over several files");
    assert!(!ws.exists("output"));
}

#[test]
fn a_hundred_thousand_facts_load_and_an_event_listing_them_all_is_refused() {
    let ws = Ws::fixture("basic");
    for file in 0..10 {
        let facts: Vec<Value> = (file * 10_000..(file + 1) * 10_000)
            .map(|i| {
                json!({
                    "id": format!("f{i}"), "unit": "Unit",
                    "statement": { "en": format!("Statement {i}.") },
                    "source": { "title": "T" }, "as_of": "2026-01-01",
                    "clearance": "public", "version": 1
                })
            })
            .collect();
        ws.write(
            &format!("snippets/facts/many{file}.json"),
            &Value::Array(facts).to_string(),
        );
    }
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let mut event: Value = serde_json::from_str(&ws.read("events/summit.json")).unwrap();
    event["id"] = json!("all-facts");
    event["facts"] = (0..100_000).map(|i| json!(format!("f{i}"))).collect();
    ws.write("events/all-facts.json", &event.to_string());
    ws.run(&["draft", "all-facts", "--kind", "speech"])
        .failure(2)
        .stderr_has(
            "event `all-facts`: `facts` lists 100000 items; an event may list at most 1000",
        );
}

#[test]
fn an_output_folder_blocked_by_a_file_is_named() {
    let ws = Ws::fixture("basic");
    ws.write("output", "not a folder");
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: cannot use the output folder output/summit/speech: ")
        .stderr_has("hint: check that the output folder is writable");
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Ws::fixture("basic");
    let dir = ws.path().join("output/summit/speech");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions: then there is nothing to assert.
    let privileged = std::fs::write(dir.join("probe"), "").is_ok();
    let run = ws.run(&["draft", "summit", "--kind", "speech"]);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    if privileged {
        run.success();
        return;
    }
    run.failure(2)
        .stderr_has("output/summit/speech")
        .stderr_has("Permission denied");
}

/// Every `vNNN.json` under `output/` parses and has its `.docx` and `.md`; returns how many.
#[track_caller]
fn assert_versions_whole(root: &Path) -> usize {
    let mut count = 0;
    let mut stack = vec![root.join("output")];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".json") else {
                continue;
            };
            let m: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap())
                .unwrap_or_else(|e| panic!("{} is not whole: {e}", p.display()));
            assert_eq!(m["files"]["docx"], format!("{stem}.docx"));
            let docx = dir.join(format!("{stem}.docx"));
            assert_eq!(
                std::fs::metadata(&docx).unwrap().len(),
                m["files"]["docx_bytes"].as_u64().unwrap(),
                "{}",
                docx.display()
            );
            assert!(dir.join(format!("{stem}.md")).is_file());
            count += 1;
        }
    }
    count
}

#[test]
fn concurrent_drafts_of_one_event_all_complete() {
    let ws = Ws::fixture("basic");
    let children: Vec<_> = (0..6)
        .map(|i| {
            let mut cmd = ws.command();
            cmd.args(["draft", "summit", "--kind", "speech"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            if i % 2 == 1 {
                cmd.arg("--allow-unapproved");
            }
            cmd.spawn().unwrap()
        })
        .collect();
    let mut created = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(v) = stdout
            .split_whitespace()
            .find(|w| w.starts_with('v') && w.len() == 4)
        {
            if !stdout.contains("unchanged") {
                created.push(v.to_string());
            }
        }
    }
    let mut distinct = created.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), created.len(), "{created:?}");
    assert_eq!(assert_versions_whole(ws.path()), created.len());
}

#[cfg(unix)]
#[test]
fn a_batch_killed_mid_way_leaves_only_whole_versions() {
    let ws = Ws::fixture("basic");
    let template: Value = serde_json::from_str(&ws.read("events/summit.json")).unwrap();
    for i in 0..300 {
        let mut e = template.clone();
        e["id"] = json!(format!("ev-{i:03}"));
        e["outputs"] = json!(["speech", "blog"]);
        ws.write(&format!("events/gen/ev-{i:03}.json"), &e.to_string());
    }
    let mut child = ws
        .command()
        .args(["batch", "--jobs", "4"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until drafting is under way, then kill without warning.
    let started = std::time::Instant::now();
    while !ws.exists("output") && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(400));
    child.kill().unwrap();
    child.wait().unwrap();
    let before = assert_versions_whole(ws.path());

    // A stray temporary file, as a crash between write and link leaves it.
    ws.write("output/summit/speech/.lectern-crash.tmp", "{ \"event\": ");
    let run = ws.run(&["batch"]);
    run.success();
    let after = assert_versions_whole(ws.path());
    assert!(after >= before && after >= 300 * 2, "{before} then {after}");
    let (findings, _) = check_json(&ws);
    let stray: Vec<&Value> = findings
        .iter()
        .filter(|f| f["code"] == "stray-temporary")
        .collect();
    // Ours, and any the killed batch left behind.
    assert!(
        stray
            .iter()
            .any(|f| f["file"] == "output/summit/speech/.lectern-crash.tmp"),
        "{stray:#?}"
    );
    eprintln!(
        "killed after {before} versions; {} temporary files left",
        stray.len()
    );
    ws.run(&["history", "summit", "--kind", "speech"]).success();
}

fn check_json(ws: &Ws) -> (Vec<Value>, i32) {
    let run = ws.run(&["check", "--format", "json"]);
    let mut findings: Vec<Value> = serde_json::from_str(&run.stdout())
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout(), run.stderr()));
    // Notes (suggestions) are tested in `translations`.
    findings.retain(|f| f["severity"] != "note");
    (findings, run.code())
}

#[test]
fn a_truncated_manifest_is_reported_and_never_reused() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let manifest = ws.read("output/summit/speech/v001.json");
    ws.write(
        "output/summit/speech/v001.json",
        &manifest[..manifest.len() / 2],
    );
    let (findings, _) = check_json(&ws);
    let damaged: Vec<&Value> = findings
        .iter()
        .filter(|f| f["code"] == "damaged-manifest")
        .collect();
    assert_eq!(damaged.len(), 1, "{findings:#?}");
    assert_eq!(damaged[0]["file"], "output/summit/speech/v001.json");
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("summit/speech: v002");
    assert!(ws.exists("output/summit/speech/v002.json"));
}

#[test]
fn completions_and_the_man_page() {
    let ws = Ws::empty();
    // The scripts ask lectern itself for candidates (subcommands, options, ids).
    let bash = ws.run(&["completions", "bash"]);
    bash.success();
    bash.stdout_has(
        "complete -o nospace -o bashdefault -o nosort -F _clap_complete_lectern lectern",
    );
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = ws.run(&["completions", shell]);
        run.success();
        assert!(run.stdout().contains("COMPLETE"), "{shell}");
    }
    let subcommands = ws
        .command()
        .env("LECTERN_COMPLETE", "fish")
        .args(["--", "lectern", "d"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&subcommands.stdout).into_owned();
    for sub in ["draft", "diff"] {
        assert!(listed.contains(sub), "{listed}");
    }
    let man = ws.run(&["man"]);
    man.success().stdout_has(".TH lectern");
    man.stdout_has("draft");
}
