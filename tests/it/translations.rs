//! Translation status (DESIGN.md §12): outdated and unreviewed translations refused like
//! draft messages, NOT CLEARED with --allow-unapproved, refused by `clear`; figures that must
//! agree across languages; `translations status`, `export` (XLIFF 2.0) and `import`. The
//! fixture `translations` has a message, a fact and an event in each of en, fr, es and ar.

use crate::{Run, Ws};

fn ws() -> Ws {
    Ws::fixture("translations")
}

const MESSAGES: &str = "snippets/messages/tracked.json";
const FACTS: &str = "snippets/facts/figures.json";

/// Every content file's bytes, to prove nothing was written.
fn content(ws: &Ws) -> Vec<String> {
    vec![ws.read(MESSAGES), ws.read(FACTS)]
}

/// The fixture with the Spanish text of `msg-borders` brought up to date.
fn es_updated(ws: &Ws) {
    let text = ws.read(MESSAGES)
        .replace(
            "En 2024, 195 países compartieron 20 millones",
            "En 2025, 196 países compartieron 25 millones",
        )
        .replace(
            "\"es\": {\"of_version\": 2, \"by\": \"Servicio de traducción\", \"on\": \"2025-10-10\"}",
            "\"es\": {\"of_version\": 3, \"by\": \"Servicio de traducción\", \"on\": \"2026-11-20\"}",
        );
    ws.write(MESSAGES, &text);
}

#[test]
fn an_outdated_translation_is_refused_like_a_draft_message() {
    let ws = ws();
    ws.run(&["draft", "summit-es"]).failure(1).stderr_has(
        "error: message `msg-borders` has an outdated `es` translation: it translates version 2, the text is at version 3; event `summit-es` cannot use it
  --> events/summit-es.json:9:16
  |
9 |   \"messages\": [\"msg-borders\"],
  |                ^
hint: update the `es` text to version 3 and set its `of_version` to 3 (`lectern translations export --lang es --only outdated`), or draft with --allow-unapproved to mark the draft NOT CLEARED
",
    );
    assert!(!ws.exists("output/summit-es"));
    ws.run(&["check"]).failure(1).stderr_has(
        "error: event `summit-es` uses message `msg-borders`, which has an outdated `es` translation: it translates version 2, the text is at version 3
  --> events/summit-es.json:9:16
",
    );
    // The languages whose translation is up to date draft as before.
    for l in ["en", "fr", "ar"] {
        ws.run(&["draft", &format!("summit-{l}")]).success();
    }
}

#[test]
fn allow_unapproved_marks_the_draft_not_cleared_and_clear_refuses_it() {
    let ws = ws();
    ws.run(&["draft", "summit-es", "--allow-unapproved"])
        .success()
        .stderr_has("warning: summit-es/speech: message `msg-borders` has an outdated `es` translation: it translates version 2, the text is at version 3: the draft is marked NOT CLEARED");
    let m = ws.manifest("output/summit-es/speech/v001.json");
    assert_eq!(m["not_cleared"], true);
    assert_eq!(
        m["not_cleared_items"][0],
        "message `msg-borders` has an outdated `es` translation: it translates version 2, the text is at version 3"
    );
    assert!(ws
        .docx_xml("output/summit-es/speech/v001.docx", "word/header1.xml")
        .contains("NO APROBADO"));
    ws.run(&["clear", "summit-es", "--kind", "speech", "--by", "Legal"])
        .failure(1)
        .stderr_has("error: v001 has NOT CLEARED content");
}

#[test]
fn an_unreviewed_translation_is_refused_and_untracked_items_draft_as_before() {
    let ws = ws();
    let ev = ws.read("events/summit-ar.json").replace(
        "\"messages\": [\"msg-borders\"]",
        "\"messages\": [\"msg-borders\", \"msg-victims\"]",
    );
    ws.write("events/summit-ar.json", &ev);
    ws.run(&["draft", "summit-ar"]).failure(1).stderr_has(
        "error: message `msg-victims` has an unreviewed `ar` translation: `translations` has no `ar` entry; event `summit-ar` cannot use it
  --> events/summit-ar.json:9:31
",
    );
    // msg-plain has no `translations`: its French text drafts as it always did.
    let ev = ws.read("events/summit-fr.json").replace(
        "\"messages\": [\"msg-borders\"]",
        "\"messages\": [\"msg-borders\", \"msg-plain\"]",
    );
    ws.write("events/summit-fr.json", &ev);
    ws.run(&["draft", "summit-fr"]).success();
}

#[test]
fn a_fact_with_an_outdated_translation_is_refused_too() {
    let ws = ws();
    es_updated(&ws);
    let facts = ws.read(FACTS).replace(
        "\"fr\": {\"of_version\": 2, \"by\": \"Service de traduction\", \"on\": \"2026-06-04\"}",
        "\"fr\": {\"of_version\": 1, \"by\": \"Service de traduction\", \"on\": \"2026-06-04\"}",
    );
    ws.write(FACTS, &facts);
    ws.run(&["draft", "summit-fr"]).failure(1).stderr_has(
        "error: fact `fact-arrests` has an outdated `fr` translation: it translates version 1, the statement is at version 2; event `summit-fr` cannot use it
  --> events/summit-fr.json:10:13
",
    );
    ws.run(&["draft", "summit-fr", "--allow-unapproved"])
        .success()
        .stderr_has("warning: summit-fr/speech: fact `fact-arrests` has an outdated `fr` translation: it translates version 1, the statement is at version 2: the draft is marked NOT CLEARED");
    ws.run(&["draft", "summit-es"]).success();
}

#[test]
fn clear_refuses_a_version_whose_translation_went_out_of_date() {
    let ws = ws();
    ws.run(&["draft", "summit-fr"]).success();
    // The English text moves on to version 4; the French version drafted from version 3 is
    // no longer a translation of the approved text.
    let text = ws
        .read(MESSAGES)
        .replace("\"version\": 3,", "\"version\": 4,")
        .replace(
            "shared 25 million messages",
            "shared 25 million messages and alerts",
        );
    ws.write(MESSAGES, &text);
    ws.run(&["clear", "summit-fr", "--kind", "speech", "--by", "Legal"])
        .failure(1)
        .stderr_has(
            "error: v001 uses message `msg-borders`, which has an outdated `fr` translation: it translates version 3, the text is at version 4
  --> output/summit-fr/speech/v001.json
hint: bring the `fr` translation up to date (`lectern translations export --lang fr`), draft a new version and clear that
",
        );
    assert!(!ws.exists("output/summit-fr/speech/v001.signoffs"));
    // The English version is not a translation: it clears.
    ws.run(&["draft", "summit-en"]).success();
    ws.run(&["clear", "summit-en", "--kind", "speech", "--by", "Legal"])
        .success();
}

#[test]
fn translation_records_are_checked_where_they_are_written() {
    let ws = ws();
    let text = ws
        .read(MESSAGES)
        .replace(
            "\"ar\": {\"of_version\": 3, \"by\": \"قسم الترجمة\", \"on\": \"2026-09-04\"}",
            "\"ar\": {\"of_version\": 4, \"by\": \"قسم الترجمة\", \"on\": \"2026-09-04\"},\n      \"de\": {\"of_version\": 1, \"by\": \"X\", \"on\": \"2026-09-04\"}",
        )
        .replace(
            "\"fr\": {\"of_version\": 1, \"by\": \"Service de traduction\", \"on\": \"2026-02-03\"}",
            "\"fr\": {\"of_version\": 1, \"by\": \"Service de traduction\", \"on\": \"2026-02-03\"},\n      \"es\": {\"of_version\": 1, \"by\": \"X\", \"on\": \"2026-02-03\"}",
        )
        .replace(
            "\"es\": \"Cada víctima rescatada es una persona, no una estadística.\",\n",
            "",
        );
    ws.write(MESSAGES, &text);
    let run = ws.run(&["check"]);
    run.failure(1)
        .stderr_has(
            "error: `of_version` of `ar` is 4, above the item's `version`, 3
  --> snippets/messages/tracked.json:19:28
   |
19 |       \"ar\": {\"of_version\": 4, \"by\": \"قسم الترجمة\", \"on\": \"2026-09-04\"},
   |                            ^
hint: a translation is of a version that exists: set `of_version` to 3 or lower
",
        )
        .stderr_has(
            "error: unknown language `de` in `translations`
  --> snippets/messages/tracked.json:20:7
",
        )
        .stderr_has(
            "error: `translations` has an entry for `es`, but `text` has no `es`
  --> snippets/messages/tracked.json:38:7
   |
38 |       \"es\": {\"of_version\": 1, \"by\": \"X\", \"on\": \"2026-02-03\"}
   |       ^
hint: add the \"es\" text, or remove the `es` entry
",
        );
    // An entry for the source language itself, and a source language without text.
    let facts = ws.read(FACTS).replace(
        "\"translations\": {\n      \"fr\"",
        "\"source_lang\": \"de\",\n    \"translations\": {\n      \"en\": {\"of_version\": 1, \"by\": \"X\", \"on\": \"2026-06-04\"},\n      \"fr\"",
    );
    ws.write(FACTS, &facts);
    ws.run(&["check"])
        .failure(1)
        .stderr_has("error: unknown language `de`\n  --> snippets/facts/figures.json:15:20\n");
    let facts = ws
        .read(FACTS)
        .replace("\"source_lang\": \"de\"", "\"source_lang\": \"en\"");
    ws.write(FACTS, &facts);
    ws.run(&["check"]).failure(1).stderr_has(
        "error: `translations` has an entry for `en`, the source language
  --> snippets/facts/figures.json:17:7
",
    );
}

#[test]
fn figures_that_differ_between_languages_are_located_check_errors() {
    let ws = ws();
    es_updated(&ws);
    ws.run(&["check"]).success();
    let facts = ws
        .read(FACTS)
        .replace("plus de 5 500 arrestations", "plus de 5 600 arrestations")
        .replace("٣٫٥ أضعاف", "٣ أضعاف");
    ws.write(FACTS, &facts);
    ws.run(&["check"])
        .failure(1)
        .stderr_has(
            "error: fact `fact-arrests`: the numbers of its `fr` statement are not those of its `en` source: 5600 only in `fr`; 5500 only in `en`
  --> snippets/facts/figures.json:7:13
",
        )
        .stderr_has(
            "error: fact `fact-arrests`: the numbers of its `ar` statement are not those of its `en` source: 3 only in `ar`; 3.5 only in `en`
  --> snippets/facts/figures.json:9:13
",
        )
        .stderr_has(
            "hint: correct the `fr` statement (numbers are read as written in fr: 5 500 and 3,5), or the source\n",
        )
        .stderr_has("2 errors, 0 warnings\n");
}

#[test]
fn the_sample_library_has_no_figure_mismatch() {
    let ws = Ws::sample();
    let run = ws.run(&["check", "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&run.stdout()).unwrap();
    let figures: Vec<_> = findings.iter().filter(|f| f["code"] == "figures").collect();
    assert!(figures.is_empty(), "{figures:#?}");
    let note: Vec<_> = findings
        .iter()
        .filter(|f| f["code"] == "untracked-translations")
        .collect();
    assert_eq!(note.len(), 1, "{findings:#?}");
    assert_eq!(note[0]["severity"], "note");
}

#[test]
fn status_lists_items_by_language_with_the_events_using_them() {
    let ws = ws();
    let run = ws.run(&["translations", "status"]);
    run.success();
    assert_eq!(
        run.stdout(),
        "ITEM                 V  EN      FR         ES             AR          EVENTS
message msg-borders  3  source  ok         outdated (v2)  ok          summit-ar (ar), summit-en (en), summit-es (es), summit-fr (fr)
message msg-plain    1  source  untracked  missing        missing     -
message msg-victims  1  source  ok         unreviewed     unreviewed  -
fact fact-arrests    2  source  ok         ok             ok          summit-ar (ar), summit-en (en), summit-es (es), summit-fr (fr)
"
    );
    assert_eq!(
        run.stderr(),
        "4 items: 6 ok, 1 outdated, 2 unreviewed, 2 missing; 1 not tracked\n"
    );
    let run = ws.run(&["translations", "status", "--lang", "ar"]);
    assert_eq!(
        run.stdout(),
        "ITEM                 V  AR          EVENTS
message msg-borders  3  ok          summit-ar
message msg-plain    1  missing     -
message msg-victims  1  unreviewed  -
fact fact-arrests    2  ok          summit-ar
"
    );
    assert_eq!(
        run.stderr(),
        "4 items: 2 ok, 0 outdated, 1 unreviewed, 1 missing; 1 not tracked\n"
    );
    let run = ws.run(&["translations", "status", "--lang", "es", "--format", "json"]);
    run.success();
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(v[0]["id"], "msg-borders");
    assert_eq!(
        v[0]["languages"],
        serde_json::json!({"es": {"state": "outdated", "of_version": 2}})
    );
    assert_eq!(
        v[0]["events"],
        serde_json::json!([{"id": "summit-es", "language": "es"}])
    );
    assert_eq!(v[3]["kind"], "fact");
    assert_eq!(v[1]["tracked"], false);
}

fn export(ws: &Ws, args: &[&str]) -> String {
    let mut all = vec!["translations", "export"];
    all.extend_from_slice(args);
    let run = ws.run(&all);
    run.success();
    run.stdout()
}

#[test]
fn export_writes_xliff_2_with_source_target_state_and_version() {
    let ws = ws();
    let xlf = export(&ws, &["--lang", "es", "--only", "outdated"]);
    assert_eq!(
        xlf,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"es\">
  <file id=\"f1\" original=\"snippets/messages/tracked.json\" srcDir=\"ltr\" trgDir=\"ltr\">
    <unit id=\"message:msg-borders:text\" name=\"Borders are no shelter\">
      <notes>
        <note category=\"lectern:source-version\">3</note>
        <note category=\"lectern:status\">outdated</note>
      </notes>
      <segment state=\"initial\" subState=\"lectern:outdated\">
        <source xml:space=\"preserve\">Criminals use every border as a shelter. In 2025, 196 countries shared 25 million messages through our network.</source>
        <target xml:space=\"preserve\">Los delincuentes usan cada frontera como refugio. En 2024, 195 países compartieron 20 millones de mensajes a través de nuestra red.</target>
      </segment>
    </unit>
  </file>
</xliff>
"
    );
    let all = export(&ws, &["--lang", "ar"]);
    assert!(all.contains("trgLang=\"ar\""));
    assert!(all.contains("srcDir=\"ltr\" trgDir=\"rtl\""));
    assert!(all.contains("<segment state=\"reviewed\">"), "{all}");
    assert!(all.contains("<unit id=\"message:msg-victims:text\" name=\"Victims first\">"));
    assert!(all.contains("<note category=\"lectern:status\">unreviewed</note>"));
    // A missing text: a unit without a target.
    let missing = export(&ws, &["--lang", "es", "--only", "missing"]);
    assert!(missing.contains("<unit id=\"message:msg-plain:text\""));
    assert!(!missing.contains("<target"), "{missing}");
    // To a file: never over an existing one without --force.
    ws.run(&["translations", "export", "--lang", "fr", "-o", "fr.xlf"])
        .success()
        .stderr_has("wrote 4 units (en → fr) to fr.xlf\n");
    ws.run(&["translations", "export", "--lang", "fr", "-o", "fr.xlf"])
        .failure(2);
    ws.run(&["translations", "export", "--lang", "en"])
        .failure(2)
        .stderr_has(
            "error: --lang en is the source language: there is nothing to translate into it\n",
        );
}

fn import(ws: &Ws, file: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "translations",
        "import",
        file,
        "--by",
        "Servicio de traducción",
        "--on",
        "2026-11-21",
    ];
    args.extend_from_slice(extra);
    ws.run(&args)
}

#[test]
fn import_writes_the_target_and_records_of_version_keeping_every_other_byte() {
    let ws = ws();
    let before = ws.read(MESSAGES);
    let xlf = export(&ws, &["--lang", "es", "--only", "outdated"]).replace(
        "En 2024, 195 países compartieron 20 millones de mensajes",
        "En 2025, 196 países compartieron 25 millones de mensajes",
    );
    ws.write("es.xlf", &xlf);
    import(&ws, "es.xlf", &[]).success().stderr_has(
        "imported 1 translation into 1 file (by Servicio de traducción, on 2026-11-21); 0 units unchanged\n",
    );
    let expected = before
        .replace(
            "En 2024, 195 países compartieron 20 millones",
            "En 2025, 196 países compartieron 25 millones",
        )
        .replace(
            "\"es\": {\"of_version\": 2, \"by\": \"Servicio de traducción\", \"on\": \"2025-10-10\"}",
            "\"es\": {\"of_version\": 3, \"by\": \"Servicio de traducción\", \"on\": \"2026-11-21\"}",
        );
    assert_eq!(ws.read(MESSAGES), expected);
    ws.run(&["draft", "summit-es"]).success();
    ws.run(&["check"]).success();
    // The same file again writes nothing.
    import(&ws, "es.xlf", &[])
        .success()
        .stderr_has("nothing to import: 1 unit with no new translation\n");
    assert_eq!(ws.read(MESSAGES), expected);
}

#[test]
fn import_of_a_first_translation_starts_tracking() {
    let ws = ws();
    let xlf = export(&ws, &["--lang", "es", "--only", "missing"]).replace(
        "</source>\n      </segment>",
        "</source>\n        <target>Ningún país puede luchar solo contra la delincuencia transnacional.</target>\n      </segment>",
    );
    ws.write("es.xlf", &xlf);
    import(&ws, "es.xlf", &[])
        .success()
        .stderr_has("warning: message `msg-plain` now tracks its translations: its `fr` text has no record yet (unreviewed until imported or recorded)\n");
    let text = ws.read(MESSAGES);
    assert!(text.contains(
        "      \"fr\": \"Aucun pays ne peut lutter seul contre la criminalité transnationale.\",
      \"es\": \"Ningún país puede luchar solo contra la delincuencia transnacional.\"
    },
    \"translations\": {
      \"es\": {\"of_version\": 1, \"by\": \"Servicio de traducción\", \"on\": \"2026-11-21\"}
    }
  }
]"
    ), "{text}");
}

#[test]
fn import_refuses_units_whose_source_changed_since_the_export() {
    let ws = ws();
    let xlf = export(&ws, &["--lang", "es"]).replace("En 2024, 195", "En 2025, 196");
    ws.write("es.xlf", &xlf);
    let text = ws
        .read(MESSAGES)
        .replace("\"version\": 3,", "\"version\": 4,")
        .replace(
            "Every rescued victim is a person, not a statistic.",
            "Every rescued victim is a person.",
        );
    ws.write(MESSAGES, &text);
    let before = content(&ws);
    import(&ws, "es.xlf", &[]).failure(1).stderr_has(
        "error: 2 units of es.xlf translate a source that changed since the export: message:msg-borders:text (exported at version 3, now at version 4), message:msg-victims:text (its `en` text changed under version 1)
hint: nothing was written; export again (`lectern translations export --lang es`) and translate the new source
",
    );
    assert_eq!(content(&ws), before);
}

#[test]
fn bad_xliff_is_a_located_error_and_nothing_is_written() {
    let ws = ws();
    let before = content(&ws);
    ws.write("page.xlf", "<html><body>Not a translation</body></html>\n");
    import(&ws, "page.xlf", &[]).failure(2).stderr_has(
        "error: not an XLIFF document: its root element is <html>\n  --> page.xlf:1:1\n",
    );
    ws.write(
        "old.xlf",
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n</xliff>\n",
    );
    import(&ws, "old.xlf", &[]).failure(2).stderr_has(
        "error: XLIFF 1.2 is not supported: lectern reads XLIFF 2.0\n  --> old.xlf:2:1\n",
    );
    ws.write(
        "broken.xlf",
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"fr\"><file></xliff>\n",
    );
    import(&ws, "broken.xlf", &[])
        .failure(2)
        .stderr_has("error: not well-formed XML");
    let fr = export(&ws, &["--lang", "fr"]);
    ws.write("fr.xlf", &fr);
    import(&ws, "fr.xlf", &["--lang", "es"])
        .failure(2)
        .stderr_has("error: fr.xlf translates into `fr`, not `es`\n  --> fr.xlf:2:1\n");
    ws.write("de.xlf", &fr.replace("trgLang=\"fr\"", "trgLang=\"de\""));
    import(&ws, "de.xlf", &[])
        .failure(2)
        .stderr_has("error: unknown language `de` in `trgLang`\n  --> de.xlf:2:1\n");
    ws.write(
        "from-es.xlf",
        &fr.replace("srcLang=\"en\"", "srcLang=\"es\""),
    );
    import(&ws, "from-es.xlf", &[]).failure(2).stderr_has(
        "error: unit `message:msg-borders:text`: message `msg-borders` is translated from `en`, the file from `es`\n",
    );
    let unknown = fr.replace("message:msg-victims:text", "message:msg-victim:text");
    ws.write("unknown.xlf", &unknown);
    import(&ws, "unknown.xlf", &[])
        .failure(2)
        .stderr_has(
            "error: unit `message:msg-victim:text`: there is no message `msg-victim` in the library
  --> unknown.xlf:24:5
",
        )
        .stderr_has("hint: did you mean `msg-victims`?\n");
    assert_eq!(content(&ws), before);
}

/// The XLIFF of every language, for the schema check in CI (scripts/check-xliff.sh) and here
/// for its structure: each unit's source is the item's source text.
#[test]
fn every_language_exports_and_imports_back_unchanged() {
    let ws = ws();
    let before = content(&ws);
    for l in ["fr", "es", "ar"] {
        let xlf = export(&ws, &["--lang", l]);
        ws.write(&format!("{l}.xlf"), &xlf);
        import(&ws, &format!("{l}.xlf"), &[]).success();
        assert_eq!(content(&ws), before, "{l}");
    }
}

#[test]
fn an_item_written_first_in_french_is_exported_from_french() {
    let ws = ws();
    ws.write(
        "snippets/messages/fr.json",
        r#"{"id": "msg-fr", "title": "Écrit en français", "topic": "t", "status": "approved",
  "approved_by": "D", "approved_on": "2026-01-01", "version": 2, "source_lang": "fr",
  "text": {"fr": "Écrit d’abord en français, en 2026.", "en": "Written in French first, in 2026."},
  "translations": {"en": {"of_version": 1, "by": "T", "on": "2026-01-02"}}}"#,
    );
    ws.run(&["translations", "export", "--lang", "es", "--only", "missing"])
        .success()
        .stderr_has("warning: 1 item is translated from another language than `en` left out (export them with --from)\n");
    let xlf = export(&ws, &["--lang", "en", "--from", "fr", "--only", "outdated"]);
    assert!(xlf.contains("srcLang=\"fr\" trgLang=\"en\""), "{xlf}");
    assert!(
        xlf.contains("<source xml:space=\"preserve\">Écrit d’abord en français, en 2026.</source>")
    );
    // The English text is a translation here: drafting in English is refused while outdated.
    let ev = ws.read("events/summit-en.json").replace(
        "\"messages\": [\"msg-borders\"]",
        "\"messages\": [\"msg-fr\"]",
    );
    ws.write("events/summit-en.json", &ev);
    ws.run(&["draft", "summit-en"]).failure(1).stderr_has(
        "error: message `msg-fr` has an outdated `en` translation: it translates version 1, the text is at version 2; event `summit-en` cannot use it\n",
    );
    ws.write(
        "en.xlf",
        &xlf.replace(
            "state=\"initial\" subState=\"lectern:outdated\"",
            "state=\"translated\"",
        ),
    );
    import(&ws, "en.xlf", &[]).success();
    ws.run(&["draft", "summit-en"]).success();
}
