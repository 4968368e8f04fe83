//! `lectern draft`: versions, manifests and governance, end to end.

use crate::Ws;

#[test]
fn drafts_every_output_of_an_event_as_docx_md_and_manifest() {
    let ws = Ws::fixture("basic");
    let r = ws.run(&["draft", "summit"]);
    r.success();
    for kind in ["speech", "blog", "press-briefing", "briefing-note"] {
        for ext in ["docx", "md", "json"] {
            let rel = format!("output/summit/{kind}/v001.{ext}");
            assert!(ws.exists(&rel), "missing {rel}");
        }
        r.stdout_has(&format!(
            "summit/{kind}: v001 output/summit/{kind}/v001.docx"
        ));
    }
    let m = ws.manifest("output/summit/speech/v001.json");
    assert_eq!(m["event"], "summit");
    assert_eq!(m["kind"], "speech");
    assert_eq!(m["version"], 1);
    assert_eq!(m["language"], "en");
    assert_eq!(m["clearance"], "public");
    assert_eq!(m["not_cleared"], false);
    assert_eq!(m["template"]["name"], "builtin:speech");
    assert_eq!(m["inputs"]["event"]["id"], "summit");
    let ids: Vec<&str> = m["inputs"]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["msg-cooperation", "msg-victims"]);
    assert_eq!(m["inputs"]["messages"][0]["version"], 2);
    assert!(m["words"].as_u64().unwrap() > 30);
    assert!(m["speaking_seconds"].as_u64().unwrap() > 10);
    assert_eq!(
        m["tool_version"],
        concat!("lectern ", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(
        ws.manifest("output/summit/briefing-note/v001.json")["clearance"],
        "restricted"
    );
}

#[test]
fn message_text_reaches_the_markdown_and_the_docx_literally() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let md = ws.read("output/summit/speech/v001.md");
    assert!(
        md.contains("No country can fight transnational crime alone."),
        "{md}"
    );
    let xml = ws.docx_xml("output/summit/speech/v001.docx", "word/document.xml");
    assert!(xml.contains("No country can fight transnational crime alone."));
}

#[test]
fn drafting_again_unchanged_writes_nothing() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("summit/speech: unchanged since v001");
    assert!(!ws.exists("output/summit/speech/v002.json"));
}

#[test]
fn a_changed_input_makes_a_new_version_and_keeps_the_old_one() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let v1 = ws.read("output/summit/speech/v001.md");
    // An edit of approved text comes with a new version (else it is refused, see governance).
    let msgs = ws
        .read("snippets/messages/core.json")
        .replace(
            "protection comes before prosecution",
            "their protection comes first",
        )
        .replace(
            "\"approved_on\": \"2026-02-01\",\n    \"version\": 1",
            "\"approved_on\": \"2026-02-01\",\n    \"version\": 2",
        );
    ws.write("snippets/messages/core.json", &msgs);
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("summit/speech: v002")
        .stdout_has("  since v001: +2 \u{2212}2 words, 1 paragraph changed; message msg-victims v1\u{2192}v2");
    assert_eq!(ws.read("output/summit/speech/v001.md"), v1);
    assert!(ws
        .read("output/summit/speech/v002.md")
        .contains("their protection comes first"));
}

#[test]
fn concurrent_drafts_of_one_event_get_distinct_complete_versions() {
    let ws = Ws::fixture("basic");
    let children: Vec<_> = (0..4)
        .map(|_| {
            ws.command()
                .args(["draft", "summit", "--kind", "speech"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Each run either wrote a version or found one unchanged; all versions are whole.
    let dir = ws.path().join("output/summit/speech");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    let manifests = names.iter().filter(|n| n.ends_with(".json")).count();
    assert!(manifests >= 1);
    for n in names.iter().filter(|n| n.ends_with(".json")) {
        let stem = n.trim_end_matches(".json");
        assert!(names.contains(&format!("{stem}.docx")) && names.contains(&format!("{stem}.md")));
        let m: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(n)).unwrap()).unwrap();
        assert_eq!(format!("v{:03}", m["version"].as_u64().unwrap()), stem);
    }
}

#[test]
fn a_restricted_fact_is_refused_in_a_public_kind_without_override() {
    let ws = Ws::fixture("basic");
    let ev = ws.read("events/summit.json").replace(
        "\"fact-haechi\"\n  ]",
        "\"fact-haechi\",\n    \"fact-internal\"\n  ]",
    );
    ws.write("events/summit.json", &ev);
    for args in [
        &["draft", "summit", "--kind", "speech"][..],
        &[
            "draft",
            "summit",
            "--kind",
            "press-briefing",
            "--allow-unapproved",
        ][..],
    ] {
        ws.run(args)
            .failure(1)
            .stderr_has("error: fact `fact-internal` is restricted and cannot appear in the")
            .stderr_has("of event `summit`, a public document")
            .stderr_has("--> events/summit.json:");
    }
    assert!(!ws.exists("output/summit/speech"));
    // The internal briefing note may carry it.
    ws.run(&["draft", "summit", "--kind", "briefing-note"])
        .success();
}

#[test]
fn the_briefing_note_marks_restricted_facts_and_keeps_notes() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "note"]).success();
    let md = ws.read("output/note/briefing-note/v001.md");
    assert!(
        md.contains("Internal estimates point to further compounds"),
        "{md}"
    );
    assert!(md.to_lowercase().contains("restricted"), "{md}");
    assert!(
        md.contains("should not take questions on ongoing cases"),
        "{md}"
    );
}

#[test]
fn a_draft_message_is_refused_naming_message_status_and_event() {
    let ws = Ws::fixture("basic");
    let ev = ws
        .read("events/summit.json")
        .replace("\"msg-victims\"", "\"msg-draft\"");
    ws.write("events/summit.json", &ev);
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(1)
        .stderr_has("error: message `msg-draft` has status draft (not approved); event `summit` cannot use it")
        .stderr_has("--allow-unapproved");
}

#[test]
fn an_expired_message_is_refused_with_its_date() {
    let ws = Ws::fixture("basic");
    let ev = ws
        .read("events/summit.json")
        .replace("\"msg-victims\"", "\"msg-expired\"");
    ws.write("events/summit.json", &ev);
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(1)
        .stderr_has("error: message `msg-expired` expired: review_by 2026-06-30 is before today, 2026-11-21; event `summit` cannot use it");
}

#[test]
fn expiry_is_judged_against_the_event_date_too() {
    let ws = Ws::fixture("basic");
    // Valid today, but expires before the event takes place.
    let msgs = ws
        .read("snippets/messages/core.json")
        .replace("2027-12-31", "2026-12-01");
    ws.write("snippets/messages/core.json", &msgs);
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(1)
        .stderr_has("review_by 2026-12-01 is before the event date, 2026-12-08");
}

#[test]
fn allow_unapproved_marks_the_draft_not_cleared() {
    let ws = Ws::fixture("basic");
    let ev = ws
        .read("events/summit.json")
        .replace("\"msg-victims\"", "\"msg-draft\"");
    ws.write("events/summit.json", &ev);
    ws.run(&["draft", "summit", "--kind", "speech", "--allow-unapproved"])
        .success()
        .stdout_has("NOT CLEARED")
        .stderr_has("warning: summit/speech: message `msg-draft` has status draft");
    let m = ws.manifest("output/summit/speech/v001.json");
    assert_eq!(m["not_cleared"], true);
    assert!(m["not_cleared_items"][0]
        .as_str()
        .unwrap()
        .contains("msg-draft"));
    let header = ws.docx_xml("output/summit/speech/v001.docx", "word/header1.xml");
    assert!(header.contains("NOT CLEARED"), "{header}");
    let comments = ws.docx_xml("output/summit/speech/v001.docx", "word/comments.xml");
    assert!(comments.contains("NOT CLEARED"), "{comments}");
}

#[test]
fn missing_language_text_names_the_id_and_the_language() {
    let ws = Ws::fixture("basic");
    let ev = ws
        .read("events/summit-fr.json")
        .replace("\"msg-victims\"", "\"msg-draft\"");
    ws.write("events/summit-fr.json", &ev);
    ws.run(&[
        "draft",
        "summit-fr",
        "--kind",
        "speech",
        "--allow-unapproved",
    ])
    .failure(2)
    .stderr_has("error: message `msg-draft` has no text in `fr`, the language of event `summit-fr`")
    .stderr_has("--> snippets/messages/core.json")
    .stderr_has("hint: add a \"fr\" entry to the message's `text`");
}

#[test]
fn a_stale_fact_warns_and_still_drafts() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "note"])
        .success()
        .stderr_has("warning: note/briefing-note: fact `fact-old` is stale: as_of 2020-12-01 is");
    let m = ws.manifest("output/note/briefing-note/v001.json");
    assert!(m["warnings"][0].as_str().unwrap().contains("fact-old"));
    let comments = ws.docx_xml("output/note/briefing-note/v001.docx", "word/comments.xml");
    assert!(comments.to_lowercase().contains("stale"), "{comments}");
}

#[test]
fn today_comes_from_the_flag_or_the_environment() {
    let ws = Ws::fixture("basic");
    // On 2020-12-02 the fact is fresh: no warning.
    let r = ws.run(&["--today", "2020-12-02", "draft", "note"]);
    r.success();
    assert!(!r.stderr().contains("stale"), "{}", r.stderr());
    let r = ws
        .command()
        .env("LECTERN_TODAY", "2027-06-01")
        .args(["draft", "summit", "--kind", "speech"])
        .output()
        .unwrap();
    // msg-cooperation is valid until 2027-12-31 but msg-victims has no review date: fine.
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let r = ws
        .command()
        .env("LECTERN_TODAY", "2028-01-02")
        .args(["draft", "summit", "--kind", "blog"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("is before today, 2028-01-02"));
}

#[test]
fn a_kind_the_event_does_not_list_is_refused_with_a_hint() {
    Ws::fixture("basic")
        .run(&["draft", "note", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: event `note` has no `speech` output (its outputs: briefing-note)");
}

#[test]
fn a_template_error_is_located_in_the_workspace_given_with_c() {
    let ws = Ws::fixture("basic");
    ws.write(
        "templates/speech.hbs",
        "# {{event.title}\n\n{{message \"msg-victims\"}}\n",
    );
    let out = ws
        .command()
        .current_dir(ws.path().parent().unwrap())
        .args([
            "-C",
            ws.path().to_str().unwrap(),
            "draft",
            "summit",
            "--kind",
            "speech",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let path = ws.path().join("templates/speech.hbs");
    assert!(stderr.contains("error: template syntax error"), "{stderr}");
    assert!(
        stderr.contains(&format!("--> {}:1:", path.display())),
        "{stderr}"
    );
    assert!(stderr.contains("1 | # {{event.title}"), "{stderr}");
}

#[test]
fn a_workspace_template_overrides_the_built_in_and_is_recorded() {
    let ws = Ws::fixture("basic");
    ws.write(
        "templates/speech.hbs",
        "# {{event.title}}\n\n{{#each messages}}{{message id}}\n\n{{/each}}",
    );
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let m = ws.manifest("output/summit/speech/v001.json");
    assert_eq!(m["template"]["name"], "templates/speech.hbs");
    let md = ws.read("output/summit/speech/v001.md");
    assert!(!md.contains("Check against delivery"), "{md}");
    assert!(
        md.contains("No country can fight transnational crime alone."),
        "{md}"
    );
}
