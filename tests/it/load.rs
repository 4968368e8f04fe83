//! Loading errors: every class reports `path:line:col`, the source line, a caret, and what was
//! expected.

use crate::Ws;

/// A workspace with `body` as snippets/messages/bad.json, whose message `msg-new` the event
/// `summit` uses (a broken file blocks only the events that use its ids).
fn bad_message(body: &str) -> Ws {
    let ws = Ws::fixture("basic");
    ws.write("snippets/messages/bad.json", body);
    let ev = ws
        .read("events/summit.json")
        .replace("\"msg-victims\"", "\"msg-victims\", \"msg-new\"");
    ws.write("events/summit.json", &ev);
    ws
}

const GOOD: &str = r#"{
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

#[test]
fn a_good_extra_file_loads() {
    bad_message(GOOD)
        .run(&["draft", "summit", "--kind", "speech"])
        .success();
}

#[test]
fn json_syntax_error_is_located() {
    let ws = bad_message(&GOOD.replace("\"New\",", "\"New\""));
    ws.run(&["draft", "summit"])
        .failure(2)
        .stderr_has("error: expected `,` or `}` after the value of `title`, found `\"`\n  --> snippets/messages/bad.json:4:3\n")
        .stderr_has("4 |   \"topic\": \"cybercrime\",")
        .stderr_has("hint: add a comma after the value of `title` (line 3), or close the object with }");
}

#[test]
fn unknown_field_is_located_with_a_suggestion() {
    let ws = bad_message(&GOOD.replace("\"title\"", "\"titel\""));
    let run = ws.run(&["draft", "summit"]);
    run.failure(2).stderr_has(
        "error: unknown field `titel`\n  --> snippets/messages/bad.json:3:3\n  |\n3 |   \"titel\": \"New\",\n  |   ^\nhint: did you mean `title`?\n",
    );
    // The misspelt field is not reported a second time as missing.
    assert!(!run.stderr().contains("missing"), "{}", run.stderr());
    let ws = bad_message(&GOOD.replace("\"title\"", "\"colour\""));
    ws.run(&["draft", "summit"]).failure(2).stderr_has(
        "hint: the fields of a message are `id`, `title`, `topic`, `audiences`, `status`, `approved_by`, `approved_on`, `review_by`, `version`, `owner`, `text`, `source_lang` and `translations`",
    );
}

#[test]
fn wrong_type_is_located() {
    let ws = bad_message(&GOOD.replace("\"version\": 1", "\"version\": \"one\""));
    ws.run(&["draft", "summit"])
        .failure(2)
        .stderr_has("error: `version` must be a whole number, not the text \"one\"\n  --> snippets/messages/bad.json:8:14\n");
}

#[test]
fn bad_id_is_located() {
    let ws = bad_message(&GOOD.replace("\"msg-new\"", "\"msg new!\""));
    ws.run(&["draft", "summit"])
        .failure(2)
        .stderr_has("error: invalid id \"msg new!\"")
        .stderr_has("--> snippets/messages/bad.json:2:9");
}

#[test]
fn bad_date_is_located() {
    let ws = bad_message(&GOOD.replace("2026-01-01", "2026-02-30"));
    ws.run(&["draft", "summit"])
        .failure(2)
        .stderr_has("error: invalid date \"2026-02-30\": there is no 30 February\n  --> snippets/messages/bad.json:7:18\n");
    let ws = bad_message(&GOOD.replace("2026-01-01", "01/01/2026"));
    ws.run(&["draft", "summit"])
        .failure(2)
        .stderr_has("error: invalid date \"01/01/2026\": expected YYYY-MM-DD");
}

#[test]
fn missing_required_field_is_located() {
    let ws = bad_message(&GOOD.replace("  \"topic\": \"cybercrime\",\n", ""));
    ws.run(&["draft", "summit"])
        .failure(2)
        .stderr_has("error: missing required field `topic`\n  --> snippets/messages/bad.json:1:1\n  |\n1 | {\n  | ^\nhint: `topic`: Topic, for filtering (`lectern snippets list --topic`).\n");
}

#[test]
fn approved_without_approver_names_the_message() {
    let ws = bad_message(&GOOD.replace("  \"approved_by\": \"Director\",\n", ""));
    ws.run(&["draft", "summit"])
        .failure(2)
        .stderr_has("error: missing field `approved_by`, required when `status` is `approved`\n  --> snippets/messages/bad.json:5:13\n  |\n5 |   \"status\": \"approved\",\n  |             ^\nhint: add `approved_by`, or change `status`\n");
    // Both missing fields are reported, not only the first.
    let ws = bad_message(
        &GOOD
            .replace("  \"approved_by\": \"Director\",\n", "")
            .replace("  \"approved_on\": \"2026-01-01\",\n", ""),
    );
    ws.run(&["check"])
        .failure(1)
        .stderr_has("error: missing field `approved_by`, required when `status` is `approved`\n")
        .stderr_has("error: missing field `approved_on`, required when `status` is `approved`\n");
}

#[test]
fn duplicate_ids_name_both_files() {
    let ws = bad_message(&GOOD.replace("msg-new", "msg-victims"));
    ws.run(&["draft", "summit"])
        .failure(2)
        .stderr_has("error: duplicate message id `msg-victims`: also defined in snippets/messages/")
        .stderr_has("--> snippets/messages/");
    let s = ws.run(&["draft", "summit"]).stderr();
    assert!(s.contains("bad.json") && s.contains("core.json"), "{s}");
}

#[test]
fn every_load_problem_is_reported_not_just_the_first() {
    let ws = bad_message(&GOOD.replace("\"title\"", "\"titel\""));
    ws.write("events/broken.json", "{ \"id\": \"broken\", ");
    // `draft` reports what blocks the event it drafts; `check` reports everything.
    let s = ws.run(&["draft", "summit"]).stderr();
    assert!(
        s.contains("bad.json:3:3") && !s.contains("broken.json"),
        "{s}"
    );
    let s = ws.run(&["check"]).stderr();
    assert!(
        s.contains("bad.json:3:3") && s.contains("events/broken.json:1:"),
        "{s}"
    );
}

#[test]
fn missing_reference_names_the_event_and_the_id() {
    let ws = Ws::fixture("basic");
    let ev = ws
        .read("events/summit.json")
        .replace("\"msg-victims\"", "\"msg-nowhere\"");
    ws.write("events/summit.json", &ev);
    ws.run(&["draft", "summit", "--kind", "speech"])
        .failure(2)
        .stderr_has("error: event `summit` refers to message `msg-nowhere`, which does not exist")
        .stderr_has("--> events/summit.json:")
        .stderr_has("hint: run `lectern snippets list`");
}

#[test]
fn unknown_event_is_a_usage_error_with_a_hint() {
    Ws::fixture("basic")
        .run(&["draft", "sumit"])
        .failure(2)
        .stderr_has("error: no event `sumit`")
        .stderr_has("hint: did you mean `summit`?");
}

#[test]
fn a_bad_today_is_a_usage_error() {
    let ws = Ws::fixture("basic");
    ws.run(&["--today", "tomorrow", "draft", "summit"])
        .failure(2)
        .stderr_has("error: --today: invalid date \"tomorrow\": expected YYYY-MM-DD");
}
