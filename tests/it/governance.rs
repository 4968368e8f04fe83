//! Governance and data hygiene: a fingerprint that holds across days, approved text edited
//! without a new version, the organisation in the document, items scoped to kinds, broken files
//! that block only what uses them, errors at the id in the event file once per event, and hints
//! that fit the reason.

use crate::Ws;

fn error_lines(stderr: &str) -> usize {
    stderr.lines().filter(|l| l.starts_with("error:")).count()
}

// 1. "Unchanged" holds across days.

#[test]
fn a_stale_fact_drafted_on_later_days_writes_no_new_version() {
    let ws = Ws::fixture("basic");
    ws.run(&["--today", "2026-12-20", "draft", "note"])
        .success()
        .stdout_has("note/briefing-note: v001")
        .stderr_has("warning: note/briefing-note: fact `fact-old` is stale: as_of 2020-12-01 is 2210 days old (stale after 1095)");
    for day in ["2026-12-21", "2026-12-22"] {
        ws.run(&["--today", day, "draft", "note"])
            .success()
            .stdout_has("note/briefing-note: unchanged since v001");
    }
    assert!(!ws.exists("output/note/briefing-note/v002.json"));
    // The comment in the document says what holds on any day, without a day count.
    let comments = ws.docx_xml("output/note/briefing-note/v001.docx", "word/comments.xml");
    assert!(
        comments.contains("Stale fact `fact-old`: as_of 2020-12-01 is more than 1095 days old"),
        "{comments}"
    );
    // A nightly batch writes nothing new either.
    ws.run(&["--today", "2026-12-20", "batch"]).success();
    for day in ["2026-12-21", "2026-12-22", "2026-12-23"] {
        ws.run(&["--today", day, "batch"])
            .success()
            .stderr_has("0 written, 17 unchanged, 0 failed");
    }
}

#[test]
fn an_expired_message_drafted_not_cleared_on_later_days_writes_no_new_version() {
    let ws = Ws::fixture("basic");
    let ev = ws
        .read("events/summit.json")
        .replace("\"msg-victims\"", "\"msg-expired\"");
    ws.write("events/summit.json", &ev);
    let args = |day: &'static str| {
        [
            "--today",
            day,
            "draft",
            "summit",
            "--kind",
            "speech",
            "--allow-unapproved",
        ]
    };
    ws.run(&args("2026-11-21"))
        .success()
        .stdout_has("summit/speech: v001");
    ws.run(&args("2026-11-22"))
        .success()
        .stdout_has("summit/speech: unchanged since v001");
    let m = ws.manifest("output/summit/speech/v001.json");
    assert_eq!(
        m["not_cleared_items"][0],
        "message `msg-expired` expired: review_by 2026-06-30 is before the event date, 2026-12-08"
    );
}

// 2. Approved text edited without a new version.

#[test]
fn approved_text_edited_without_a_new_version_is_refused_and_checked() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let edited = ws.read("snippets/messages/core.json").replace(
        "protection comes before prosecution",
        "prosecution comes first",
    );
    ws.write("snippets/messages/core.json", &edited);
    let r = ws.run(&["draft", "summit", "--kind", "speech"]);
    r.failure(1);
    assert_eq!(
        r.stderr(),
        "error: message `msg-victims` was edited without a new version: its text differs from version 1 as recorded by summit/speech v001; event `summit` cannot use it\n\
         \x20 --> snippets/messages/core.json:25:16\n\
         \x20  |\n\
         25 |     \"version\": 1,\n\
         \x20  |                ^\n\
         hint: bump `version` to 2 and have the message re-approved\n\
         hint: the earlier draft's manifest: output/summit/speech/v001.json\n"
    );
    assert!(!ws.exists("output/summit/speech/v002.json"));
    // Another event using the message is refused too, naming the earlier draft.
    ws.run(&["draft", "note"])
        .failure(1)
        .stderr_has("as recorded by summit/speech v001; event `note` cannot use it");
    // `check` reports it.
    ws.run(&["check"])
        .failure(1)
        .stderr_has("error: message `msg-victims` was edited without a new version: its text differs from version 1 as recorded by summit/speech v001\n  --> snippets/messages/core.json:25:16");
    // Proceeding anyway is marked NOT CLEARED.
    ws.run(&["draft", "summit", "--kind", "speech", "--allow-unapproved"])
        .success()
        .stdout_has("NOT CLEARED")
        .stderr_has("warning: summit/speech: message `msg-victims` was edited after approval without a new version: the draft is marked NOT CLEARED");
    // Drafting it NOT CLEARED once does not make the edit acceptable later.
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(1)
        .stderr_has("as recorded by summit/speech v001; event `summit` cannot use it");
    // The fix: a new version (approved again) drafts cleared.
    let bumped = edited.replace(
        "\"approved_on\": \"2026-02-01\",\n    \"version\": 1",
        "\"approved_on\": \"2026-02-01\",\n    \"version\": 2",
    );
    ws.write("snippets/messages/core.json", &bumped);
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("summit/speech: v003");
    ws.run(&["check"]).success();
}

#[test]
fn a_fact_edited_without_a_new_version_is_refused_but_a_new_as_of_is_not() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "blog"]).success();
    // Confirming the fact again (as_of) is not an edit of its wording.
    let facts = ws.read("snippets/facts/core.json");
    ws.write(
        "snippets/facts/core.json",
        &facts.replace("\"as_of\": \"2024-12-02\"", "\"as_of\": \"2025-12-02\""),
    );
    ws.run(&["draft", "summit", "--kind", "blog"])
        .success()
        .stdout_has("summit/blog: v002");
    ws.write(
        "snippets/facts/core.json",
        &facts.replace("more than 5,500 arrests", "more than 6,000 arrests"),
    );
    ws.run(&["draft", "summit", "--kind", "blog"])
        .failure(1)
        .stderr_has("error: fact `fact-haechi` was edited without a new version: its statement, figures or source differs from version 1 as recorded by summit/blog v002; event `summit` cannot use it\n  --> snippets/facts/core.json:")
        .stderr_has("hint: bump `version` to 2 and have the change confirmed by its unit");
}

// 3. The organisation reaches the document.

#[test]
fn the_organisation_is_the_company_property_and_in_the_footer() {
    let ws = Ws::fixture("basic");
    ws.write(
        "lectern.json",
        r#"{ "organisation": "Ministry of Examples & Co", "banned_phrases": ["going forward"] }"#,
    );
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let app = ws.docx_xml("output/summit/speech/v001.docx", "docProps/app.xml");
    assert!(
        app.contains("<Company>Ministry of Examples &amp; Co</Company>"),
        "{app}"
    );
    let footer = ws.docx_xml("output/summit/speech/v001.docx", "word/footer1.xml");
    assert!(
        footer.contains("Ministry of Examples &amp; Co · summit · speech · v1"),
        "{footer}"
    );
    // A setting that does not reach the document makes no new version; the organisation does.
    ws.write(
        "lectern.json",
        r#"{ "organisation": "Ministry of Examples & Co", "banned_phrases": ["at the end of the day"] }"#,
    );
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("summit/speech: unchanged since v001");
    ws.write(
        "lectern.json",
        r#"{ "organisation": "Ministry of Samples" }"#,
    );
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("summit/speech: v002");
    let app = ws.docx_xml("output/summit/speech/v002.docx", "docProps/app.xml");
    assert!(
        app.contains("<Company>Ministry of Samples</Company>"),
        "{app}"
    );
}

// 4. Items scoped to kinds.

#[test]
fn a_restricted_fact_scoped_to_the_briefing_note_leaves_the_public_kinds_alone() {
    let ws = Ws::fixture("basic");
    let ev = ws.read("events/summit.json").replace(
        "\"facts\": [\n    \"fact-haechi\"\n  ],",
        "\"facts\": [\n    \"fact-haechi\",\n    {\"id\": \"fact-internal\", \"kinds\": [\"briefing-note\"]}\n  ],",
    );
    ws.write("events/summit.json", &ev);
    ws.run(&["draft", "summit"]).success();
    for kind in ["speech", "blog", "press-briefing"] {
        let md = ws.read(&format!("output/summit/{kind}/v001.md"));
        assert!(!md.contains("Internal estimates"), "{kind}: {md}");
    }
    let note = ws.read("output/summit/briefing-note/v001.md");
    assert!(note.contains("Internal estimates"), "{note}");
    let m = ws.manifest("output/summit/speech/v001.json");
    assert_eq!(m["inputs"]["facts"].as_array().unwrap().len(), 1);
    ws.run(&["check"]).success();
}

#[test]
fn a_restricted_fact_scoped_to_a_public_kind_is_refused_at_its_id() {
    let ws = Ws::fixture("basic");
    let ev = ws.read("events/summit.json").replace(
        "\"facts\": [\n    \"fact-haechi\"\n  ],",
        "\"facts\": [\n    \"fact-haechi\",\n    {\"kinds\": [\"speech\", \"briefing-note\"], \"id\": \"fact-internal\"}\n  ],",
    );
    ws.write("events/summit.json", &ev);
    let r = ws.run(&["draft", "summit"]);
    r.failure(1);
    assert_eq!(error_lines(&r.stderr()), 1, "{}", r.stderr());
    r.stderr_has(
        "error: fact `fact-internal` is restricted and cannot appear in the speech of event `summit`, a public document\n\
         \x20 --> events/summit.json:30:50\n\
         \x20  |\n\
         30 |     {\"kinds\": [\"speech\", \"briefing-note\"], \"id\": \"fact-internal\"}\n\
         \x20  |                                                  ^\n\
         hint: scope the fact to the briefing note: {\"id\": \"fact-internal\", \"kinds\": [\"briefing-note\"]}, or remove it from the event\n"
    );
    // The kinds the fact is not in, and the briefing note, are drafted.
    for kind in ["blog", "press-briefing", "briefing-note"] {
        assert!(
            ws.exists(&format!("output/summit/{kind}/v001.docx")),
            "{kind}"
        );
    }
    assert!(!ws.exists("output/summit/speech"));
    ws.run(&["check"])
        .failure(1)
        .stderr_has("--> events/summit.json:30:50");
}

#[test]
fn a_scoped_message_and_a_scoped_qa_fact_stay_in_their_kinds() {
    let ws = Ws::fixture("basic");
    let ev = ws
        .read("events/summit.json")
        .replace(
            "\"msg-victims\"\n  ],",
            "{\"id\": \"msg-victims\", \"kinds\": [\"press-briefing\"]}\n  ],",
        )
        .replace(
            "\"facts\": [\n        \"fact-haechi\"\n      ]",
            "\"facts\": [\n        {\"id\": \"fact-haechi\", \"kinds\": [\"briefing-note\"]}\n      ]",
        );
    ws.write("events/summit.json", &ev);
    ws.run(&["draft", "summit"]).success();
    let speech = ws.read("output/summit/speech/v001.md");
    assert!(
        !speech.contains("protection comes before prosecution"),
        "{speech}"
    );
    let press = ws.read("output/summit/press-briefing/v001.md");
    assert!(
        press.contains("protection comes before prosecution"),
        "{press}"
    );
    let m = ws.manifest("output/summit/speech/v001.json");
    assert_eq!(m["inputs"]["messages"].as_array().unwrap().len(), 1);
}

#[test]
fn an_unknown_kind_in_kinds_is_a_located_error() {
    let ws = Ws::fixture("basic");
    let ev = ws.read("events/summit.json").replace(
        "\"facts\": [\n    \"fact-haechi\"\n  ],",
        "\"facts\": [\n    {\"id\": \"fact-haechi\", \"kinds\": [\"briefing-notes\"]}\n  ],",
    );
    ws.write("events/summit.json", &ev);
    ws.run(&["draft", "summit"])
        .failure(2)
        .stderr_has("briefing-notes")
        .stderr_has("--> events/summit.json:29:37");
    let ev = ev.replace("[\"briefing-notes\"]", "[]");
    ws.write("events/summit.json", &ev);
    ws.run(&["draft", "summit"])
        .failure(2)
        .stderr_has("error: `kinds` of `fact-haechi` is empty: name at least one output, or leave `kinds` out")
        .stderr_has("--> events/summit.json:29:");
}

#[test]
fn check_warns_about_an_item_scoped_to_a_kind_the_event_does_not_draft() {
    let ws = Ws::fixture("basic");
    let ev = ws.read("events/note.json").replace(
        "\"msg-victims\"",
        "{\"id\": \"msg-victims\", \"kinds\": [\"speech\", \"briefing-note\"]}",
    );
    ws.write("events/note.json", &ev);
    ws.run(&["check"])
        .success()
        .stderr_has("warning: event `note` scopes message `msg-victims` to `speech`, which is not one of its outputs\n  --> events/note.json:9:23");
}

#[test]
fn the_event_schema_describes_scoped_entries() {
    let ws = Ws::fixture("basic");
    let r = ws.run(&["schema", "event"]);
    r.success();
    let schema: serde_json::Value = serde_json::from_str(&r.stdout()).unwrap();
    let text = schema.to_string();
    assert!(text.contains("\"kinds\""), "{text}");
    assert!(text.contains("briefing-note"), "{text}");
}

// 5. A broken file blocks only what uses it.

#[test]
fn a_broken_event_blocks_only_itself() {
    let ws = Ws::fixture("basic");
    ws.write(
        "events/broken.json",
        "{\n  \"id\": \"broken\",\n  \"title\": \"Broken\",,\n}\n",
    );
    let r = ws.run(&["draft", "summit-fr"]);
    r.success().stdout_has("summit-fr/speech: v001");
    assert!(
        !r.stderr().contains("error") && !r.stderr().contains("broken"),
        "{}",
        r.stderr()
    );
    ws.run(&["draft", "broken"])
        .failure(2)
        .stderr_has("--> events/broken.json:3:21");
    ws.run(&["draft", "events/broken.json"])
        .failure(2)
        .stderr_has("--> events/broken.json:3:21");
    let r = ws.run(&["batch"]);
    r.failure(1)
        .stderr_has("--> events/broken.json:3:21")
        .stderr_has("17 drafts: 13 written, 4 unchanged, 1 failed");
    assert!(ws.exists("output/summit/speech/v001.docx"));
    let r = ws.run(&["events", "list"]);
    r.success()
        .stdout_has("summit-fr")
        .stderr_has("warning: ")
        .stderr_has("--> events/broken.json:3:21");
    ws.run(&["snippets", "list"]).success();
    ws.run(&["check"])
        .failure(1)
        .stderr_has("--> events/broken.json:3:21");
}

#[test]
fn a_broken_message_file_blocks_only_the_events_that_use_its_ids() {
    let ws = Ws::fixture("basic");
    ws.write(
        "snippets/messages/zz.json",
        "[{\"id\": \"msg-cooperation\", \"title\": }]\n",
    );
    // `note` uses msg-victims only.
    ws.run(&["draft", "note"]).success();
    let r = ws.run(&["draft", "summit"]);
    r.failure(2);
    assert_eq!(error_lines(&r.stderr()), 1, "{}", r.stderr());
    r.stderr_has("--> snippets/messages/zz.json:1:37")
        .stderr_has("hint: event `summit` uses message `msg-cooperation` from this file and cannot be drafted until it loads");
    ws.run(&["batch"])
        .failure(1)
        .stderr_has("17 drafts: 0 written, 1 unchanged, 16 failed");
    ws.run(&["check"])
        .failure(1)
        .stderr_has("--> snippets/messages/zz.json:1:37");
}

#[test]
fn a_message_file_whose_ids_cannot_be_read_is_named_where_an_id_is_unknown() {
    let ws = Ws::fixture("basic");
    ws.write("snippets/messages/zz.json", "[{\"title\": \"x\",, }]\n");
    let ev = ws
        .read("events/note.json")
        .replace("\"msg-victims\"", "\"msg-somewhere\"");
    ws.write("events/note.json", &ev);
    ws.run(&["draft", "summit-fr"]).success();
    ws.run(&["draft", "note"])
        .failure(2)
        .stderr_has("error: event `note` refers to message `msg-somewhere`, which does not exist\n  --> events/note.json:9:16")
        .stderr_has("hint: it may be defined in snippets/messages/zz.json, which cannot be loaded")
        .stderr_has("--> snippets/messages/zz.json:1:16");
}

// 8. Governance errors at the id, once per event.

#[test]
fn an_unknown_id_is_reported_once_at_its_position_in_the_event() {
    let ws = Ws::fixture("basic");
    let ev = ws
        .read("events/summit.json")
        .replace("\"msg-victims\"", "\"msg-nowhere\"");
    ws.write("events/summit.json", &ev);
    let r = ws.run(&["draft", "summit"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: event `summit` refers to message `msg-nowhere`, which does not exist\n\
         \x20 --> events/summit.json:26:5\n\
         \x20  |\n\
         26 |     \"msg-nowhere\"\n\
         \x20  |     ^\n\
         hint: run `lectern snippets list` to see the message ids\n"
    );
    let r = ws.run(&["batch", "summit"]);
    r.failure(1);
    assert_eq!(error_lines(&r.stderr()), 1, "{}", r.stderr());
    r.stderr_has("error: summit: event `summit` refers to message `msg-nowhere`, which does not exist\n  --> events/summit.json:26:5");
}

#[test]
fn a_restricted_fact_is_reported_once_naming_the_public_kinds() {
    let ws = Ws::fixture("basic");
    let ev = ws.read("events/summit.json").replace(
        "\"qa\": [\n    {\n      \"question\": \"How many arrests?\",\n      \"facts\": [\n        \"fact-haechi\"",
        "\"qa\": [\n    {\n      \"question\": \"How many arrests?\",\n      \"facts\": [\n        \"fact-haechi\", \"fact-internal\"",
    );
    ws.write("events/summit.json", &ev);
    let r = ws.run(&["draft", "summit"]);
    r.failure(1).stdout_has("summit/briefing-note: v001");
    assert_eq!(error_lines(&r.stderr()), 1, "{}", r.stderr());
    r.stderr_has("error: fact `fact-internal` is restricted and cannot appear in the speech, blog and press-briefing of event `summit`, public documents\n  --> events/summit.json:35:24");
}

#[test]
fn an_unknown_id_scoped_to_one_kind_names_that_kind_and_blocks_only_it() {
    let ws = Ws::fixture("basic");
    let ev = ws.read("events/summit.json").replace(
        "\"facts\": [\n    \"fact-haechi\"\n  ],",
        "\"facts\": [\n    \"fact-haechi\",\n    { \"id\": \"fact-nowhere\", \"kinds\": [\"briefing-note\"] }\n  ],",
    );
    ws.write("events/summit.json", &ev);
    let r = ws.run(&["draft", "summit"]);
    r.failure(2)
        .stdout_has("summit/speech: v001")
        .stderr_has("error: event `summit` refers to fact `fact-nowhere` (in its briefing-note), which does not exist\n  --> events/summit.json:30:13");
    assert_eq!(error_lines(&r.stderr()), 1, "{}", r.stderr());
}

// 9. Hints that fit the reason.

#[test]
fn each_unusable_message_gets_the_hint_for_its_reason() {
    let ws = Ws::fixture("basic");
    let use_message = |id: &str| {
        let ev = Ws::fixture("basic")
            .read("events/summit.json")
            .replace("\"msg-victims\"", &format!("\"{id}\""));
        ws.write("events/summit.json", &ev);
        ws.run(&["draft", "summit", "--kind", "speech"])
    };
    let r = use_message("msg-draft");
    r.failure(1).stderr_has(
        "error: message `msg-draft` has status draft (not approved); event `summit` cannot use it\n  --> events/summit.json:26:5",
    )
    .stderr_has("hint: the message is a draft: have it approved (`status` \"approved\" with `approved_by` and `approved_on`), or draft with --allow-unapproved to mark the draft NOT CLEARED\n");
    assert!(!r.stderr().contains("review"), "{}", r.stderr());
    use_message("msg-expired")
        .failure(1)
        .stderr_has("hint: have the message reviewed and its `review_by` date (2026-06-30) extended, or draft with --allow-unapproved to mark the draft NOT CLEARED\n");
    let msgs = ws
        .read("snippets/messages/core.json")
        .replace("\"status\": \"draft\"", "\"status\": \"retired\"");
    ws.write("snippets/messages/core.json", &msgs);
    let r = use_message("msg-draft");
    r.failure(1)
        .stderr_has("error: message `msg-draft` has status retired; event `summit` cannot use it")
        .stderr_has("hint: the message is retired: replace it in the event with a current message, or draft with --allow-unapproved to mark the draft NOT CLEARED\n");
    assert!(!r.stderr().contains("review"), "{}", r.stderr());
}
