//! Errors that teach: every problem in a file is reported with its position, misspellings get
//! a suggestion, serde's jargon never reaches the user, syntax errors point at the mistake,
//! the workspace is found from a subfolder, and event times may name a time zone.

use crate::Ws;

fn edit(ws: &Ws, rel: &str, from: &str, to: &str) {
    let text = ws.read(rel);
    assert!(text.contains(from), "{rel} lacks {from:?}");
    ws.write(rel, &text.replacen(from, to, 1));
}

#[test]
fn two_mistakes_in_one_event_are_two_located_errors() {
    let ws = Ws::fixture("basic");
    edit(&ws, "events/summit.json", "\"speech\",", "\"speach\",");
    edit(
        &ws,
        "events/summit.json",
        "\"language\": \"en\"",
        "\"language\": \"English\"",
    );
    let run = ws.run(&["check"]);
    run.failure(1).stderr_has(
        "error: unknown output kind `speach`
  --> events/summit.json:5:5
  |
5 |     \"speach\",
  |     ^
hint: did you mean `speech`?
error: unknown language `English`
  --> events/summit.json:19:15
   |
19 |   \"language\": \"English\",
   |               ^
hint: did you mean `en`? languages are written as codes: en, fr, es or ar
",
    );
    run.stderr_has("2 errors, 1 warning");
    // Drafting reports both as well.
    ws.run(&["draft", "summit"])
        .failure(2)
        .stderr_has("events/summit.json:5:5")
        .stderr_has("events/summit.json:19:15")
        .stderr_has("2 errors");
}

#[test]
fn misspelt_fields_values_and_ids_get_a_suggestion() {
    let ws = Ws::fixture("basic");
    edit(&ws, "events/summit.json", "\"title\":", "\"tittle\":");
    ws.run(&["check"]).failure(1).stderr_has(
        "error: unknown field `tittle`
  --> events/summit.json:3:3
  |
3 |   \"tittle\": \"Global Summit on Financial Crime\",
  |   ^
hint: did you mean `title`?
",
    );

    let ws = Ws::fixture("basic");
    ws.write(
        "snippets/messages/shared.json",
        r#"{
  "id": "cyber-shared-responsibility",
  "title": "Shared responsibility",
  "topic": "cybercrime",
  "status": "approved",
  "approved_by": "Director",
  "approved_on": "2026-01-01",
  "version": 1,
  "text": { "en": "Security online is everyone's business." }
}
"#,
    );
    edit(
        &ws,
        "events/summit.json",
        "\"msg-victims\"",
        "\"cyber-shared-responsability\"",
    );
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has(
            "error: event `summit` refers to message `cyber-shared-responsability`, which does not exist
  --> events/summit.json:26:5
   |
26 |     \"cyber-shared-responsability\"
   |     ^
hint: did you mean `cyber-shared-responsibility`?
",
        );
    ws.run(&["check"])
        .failure(1)
        .stderr_has("hint: did you mean `cyber-shared-responsibility`?");

    let ws = Ws::fixture("basic");
    edit(&ws, "snippets/facts/core.json", "\"public\"", "\"Public\"");
    ws.run(&["check"])
        .failure(1)
        .stderr_has("error: unknown clearance `Public`\n")
        .stderr_has("hint: did you mean `public`?\n");
}

#[test]
fn no_serde_jargon_reaches_the_user() {
    let cases: [(&str, &str, &str); 9] = [
        (
            "\"version\": 1",
            "\"version\": \"one\"",
            "`version` must be a whole number, not the text \"one\"",
        ),
        (
            "\"version\": 1",
            "\"version\": -1",
            "`version` must be at least 1, not -1",
        ),
        (
            "\"version\": 1",
            "\"version\": 1.5",
            "`version` must be a whole number, not the number 1.5",
        ),
        (
            "\"status\": \"approved\"",
            "\"status\": \"aproved\"",
            "unknown status `aproved`",
        ),
        (
            "\"status\": \"approved\"",
            "\"status\": null",
            "`status` must be a status (text), not null",
        ),
        (
            "\"text\": {",
            "\"text\": [1], \"x\": {",
            "`text` must be an object, not a list",
        ),
        (
            "\"title\": \"New\"",
            "\"title\": 7",
            "`title` must be text, not the number 7",
        ),
        (
            "\"approved_on\": \"2026-01-01\"",
            "\"approved_on\": 20260101",
            "`approved_on` must be a date (text, YYYY-MM-DD), not the number 20260101",
        ),
        (
            "\"title\": \"New\",",
            "\"title\": \"New\", \"title\": \"Again\",",
            "`title` is given twice (first on line 3)",
        ),
    ];
    let good = r#"{
  "id": "msg-new",
  "title": "New",
  "topic": "cybercrime",
  "status": "approved",
  "approved_by": "Director",
  "approved_on": "2026-01-01",
  "version": 1,
  "text": { "en": "Hello." }
}
"#;
    for (from, to, expected) in cases {
        let ws = Ws::fixture("basic");
        assert!(good.contains(from), "{from}");
        ws.write("snippets/messages/new.json", &good.replacen(from, to, 1));
        let run = ws.run(&["check"]);
        run.failure(1).stderr_has(&format!(
            "error: {expected}\n  --> snippets/messages/new.json:"
        ));
        let stderr = run.stderr();
        for jargon in [
            "invalid type",
            "invalid value",
            "unknown variant",
            "expected u32",
            "a sequence",
            "a map",
            "struct ",
            "duplicate field",
        ] {
            assert!(!stderr.contains(jargon), "{to}: {jargon:?} in\n{stderr}");
        }
    }
}

#[test]
fn a_trailing_comma_points_at_the_comma() {
    let ws = Ws::fixture("basic");
    edit(
        &ws,
        "events/summit.json",
        "\"fact-haechi\"\n",
        "\"fact-haechi\",\n",
    );
    ws.run(&["check"]).failure(1).stderr_has(
        "error: trailing comma: no item follows it before `]`
  --> events/summit.json:29:18
   |
29 |     \"fact-haechi\",
   |                  ^
hint: remove this comma; JSON allows no comma after the last item
",
    );
    let ws = Ws::fixture("basic");
    edit(
        &ws,
        "events/summit.json",
        "\"role\": \"Secretary General\"\n",
        "\"role\": \"Secretary General\",\n",
    );
    ws.run(&["check"]).failure(1).stderr_has(
        "error: trailing comma: no field follows it before `}`
  --> events/summit.json:17:32
   |
17 |     \"role\": \"Secretary General\",
   |                                ^
hint: remove this comma; JSON allows no comma after the last field
",
    );
}

#[test]
fn an_impossible_date_says_why() {
    let ws = Ws::fixture("basic");
    edit(
        &ws,
        "events/summit.json",
        "2026-12-08T10:00:00+08:00",
        "2026-02-30T10:00:00+08:00",
    );
    edit(
        &ws,
        "snippets/facts/core.json",
        "\"as_of\": \"2020-12-01\"",
        "\"as_of\": \"2027-02-29\"",
    );
    let run = ws.run(&["check"]);
    run.failure(1).stderr_has(
        "error: invalid date-time \"2026-02-30T10:00:00+08:00\": there is no 30 February
  --> events/summit.json:10:16
",
    );
    run.stderr_has(
        "error: invalid date \"2027-02-29\": there is no 29 February in 2027, which is not a leap year
  --> snippets/facts/core.json:41:14
",
    );
    edit(&ws, "events/summit.json", "2026-02-30", "2026-04-31");
    ws.run(&["check"]).failure(1).stderr_has(
        "error: invalid date-time \"2026-04-31T10:00:00+08:00\": there is no 31 April\n",
    );
}

#[test]
fn the_workspace_is_found_from_a_subfolder() {
    let ws = Ws::fixture("basic");
    std::fs::create_dir_all(ws.path().join("events/archive")).unwrap();
    let mut cmd = ws.command();
    let out = cmd
        .current_dir(ws.path().join("events/archive"))
        .args(["draft", "summit", "--kind", "speech"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("summit/speech: v001 "), "{stdout}");
    assert!(ws.exists("output/summit/speech/v001.docx"));

    // Errors point from where the user stands.
    edit(&ws, "events/summit.json", "\"speech\",", "\"speach\",");
    let out = ws
        .command()
        .current_dir(ws.path().join("events"))
        .args(["check"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("  --> summit.json:5:5\n")
            || stderr.contains("  --> ../events/summit.json:5:5\n"),
        "{stderr}"
    );

    // -C still wins.
    let other = Ws::fixture("basic");
    let out = ws
        .command()
        .current_dir(ws.path().join("events"))
        .args(["-C", other.path().to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn outside_any_workspace_says_so() {
    let ws = Ws::empty();
    std::fs::create_dir_all(ws.path().join("notes")).unwrap();
    for args in [
        &["events", "list"][..],
        &["draft", "summit"],
        &["batch"],
        &["check"],
    ] {
        let out = ws
            .command()
            .current_dir(ws.path().join("notes"))
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: not inside a lectern workspace: neither ")
                && stderr.ends_with(
                    "notes nor any folder above it has lectern.json, or events/ and snippets/\nhint: create one with `lectern init`, or name one with -C DIR\n"
                ),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn events_new_needs_a_workspace() {
    let ws = Ws::empty();
    ws.run(&["-C", "missing", "events", "new", "press-day"])
        .failure(2)
        .stderr_has("error: workspace missing is not a folder\n");
    assert!(!ws.exists("missing"));
    std::fs::create_dir_all(ws.path().join("empty")).unwrap();
    ws.run(&["-C", "empty", "events", "new", "press-day"])
        .failure(2)
        .stderr_has("error: empty is not a lectern workspace: it has no lectern.json, snippets/, events/ or templates/\nhint: create one with `lectern init`, or name one with -C DIR\n");
    assert!(!ws.exists("empty/events"));
}

#[test]
fn event_times_may_name_a_time_zone() {
    let ws = Ws::fixture("basic");
    edit(
        &ws,
        "events/summit.json",
        "\"2026-12-08T10:00:00+08:00\"",
        "\"2026-12-08T10:00:00\"",
    );
    edit(
        &ws,
        "events/summit.json",
        "\"2026-12-08T10:30:00+08:00\"",
        "\"2026-12-08T10:30:00\"",
    );
    ws.run(&["draft", "summit", "--kind", "press-briefing"])
        .failure(2)
        .stderr_has(
            "error: `starts_at`: 2026-12-08T10:00:00 has no time zone: add the event's `timezone` or an offset
  --> events/summit.json:10:16
   |
10 |   \"starts_at\": \"2026-12-08T10:00:00\",
   |                ^
hint: add \"timezone\": \"Asia/Singapore\" (the IANA name of the place), or write 2026-12-08T10:00:00+08:00
",
        );

    edit(
        &ws,
        "events/summit.json",
        "\"city\"",
        "\"timezone\": \"Asia/Singapur\",\n  \"city\"",
    );
    ws.run(&["check"]).failure(1).stderr_has(
        "error: unknown time zone `Asia/Singapur`
  --> events/summit.json:11:15
   |
11 |   \"timezone\": \"Asia/Singapur\",
   |               ^
hint: did you mean `Asia/Singapore`?
",
    );

    edit(&ws, "events/summit.json", "Asia/Singapur", "Asia/Singapore");
    ws.run(&["draft", "summit", "--kind", "press-briefing"])
        .success();
    let md = ws.read("output/summit/press-briefing/v001.md");
    assert!(
        md.contains("**Embargoed until 8 December 2026, 10:30 (UTC+08:00) — 02:30 UTC**"),
        "{md}"
    );
    // The same instant written with its offset is the same draft.
    let ws2 = Ws::fixture("basic");
    ws2.run(&["draft", "summit", "--kind", "press-briefing"])
        .success();
    assert_eq!(md, ws2.read("output/summit/press-briefing/v001.md"));

    // Daylight saving: Paris is UTC+2 in July, and a time the clocks skip is refused.
    let ws = Ws::fixture("basic");
    edit(
        &ws,
        "events/summit.json",
        "\"2026-12-08T10:00:00+08:00\"",
        "\"2026-07-08T10:00:00\"",
    );
    edit(
        &ws,
        "events/summit.json",
        "\"2026-12-08T10:30:00+08:00\"",
        "\"2026-03-29T02:30:00\"",
    );
    edit(
        &ws,
        "events/summit.json",
        "\"city\"",
        "\"timezone\": \"Europe/Paris\",\n  \"city\"",
    );
    ws.run(&["check"]).failure(1).stderr_has(
        "error: `embargo_until`: 2026-03-29T02:30:00 does not exist in Europe/Paris (the clocks go forward that night)
  --> events/summit.json:24:20
",
    );
    edit(
        &ws,
        "events/summit.json",
        "\"2026-03-29T02:30:00\"",
        "\"2026-07-08T09:00:00\"",
    );
    ws.run(&["draft", "summit", "--kind", "press-briefing"])
        .success();
    ws.read("output/summit/press-briefing/v001.md")
        .contains("**Embargoed until 8 July 2026, 09:00 (UTC+02:00) — 07:00 UTC**")
        .then_some(())
        .expect("the embargo in Paris summer time");
}
