//! Several languages (DESIGN.md §12): an event drafted in its language and its translations,
//! each with its own versions (`--lang` picks one), text missing in one language stopping only
//! that language's drafts, bad language fields located, and bilingual speeches whose passages
//! carry their own language, direction and speaking rate.

use crate::Ws;

/// The `basic` fixture with `pack`: a speech and a blog in English with French, Spanish and
/// Arabic translations (its messages and fact have text in all four).
fn pack() -> Ws {
    let ws = Ws::fixture("basic");
    ws.write(
        "events/pack.json",
        r#"{
  "id": "pack",
  "title": "Global Summit on Financial Crime",
  "outputs": ["speech", "blog"],
  "starts_at": "2026-12-08T10:00:00+08:00",
  "city": "Singapore",
  "speaker": {"name": "Dr Amina Okafor"},
  "language": "en",
  "translations": ["fr", "es", "ar"],
  "messages": ["msg-cooperation", "msg-victims"],
  "facts": ["fact-haechi"]
}
"#,
    );
    ws
}

#[test]
fn each_output_is_drafted_in_each_language_with_its_own_versions() {
    let ws = pack();
    let r = ws.run(&["draft", "pack", "--kind", "speech"]);
    r.success();
    let lines: Vec<String> = r
        .stdout()
        .lines()
        .map(|l| l.split(" (").next().unwrap().to_string())
        .collect();
    assert_eq!(
        lines,
        [
            "pack/speech: v001 output/pack/speech/v001.docx",
            "pack/speech.fr: v001 output/pack/speech.fr/v001.docx",
            "pack/speech.es: v001 output/pack/speech.es/v001.docx",
            "pack/speech.ar: v001 output/pack/speech.ar/v001.docx",
        ]
    );
    // The main language keeps the §5 paths; each manifest says its language.
    for (dir, lang) in [
        ("speech", "en"),
        ("speech.fr", "fr"),
        ("speech.es", "es"),
        ("speech.ar", "ar"),
    ] {
        let m = ws.manifest(&format!("output/pack/{dir}/v001.json"));
        assert_eq!(m["language"], lang, "{dir}");
        assert_eq!(m["version"], 1);
    }
    // Each in its own language: labels, text, and Arabic right to left.
    assert!(ws
        .read("output/pack/speech.fr/v001.md")
        .contains("*Seul le prononcé fait foi*"));
    assert!(ws
        .read("output/pack/speech.es/v001.md")
        .contains("*Cotéjese con el discurso pronunciado*"));
    let ar = ws.docx_xml("output/pack/speech.ar/v001.docx", "word/document.xml");
    assert!(ar.contains("<w:bidi />") && ar.contains(r#"w:lang w:val="ar-SA" w:bidi="ar-SA""#));

    // Unchanged is decided per language.
    ws.run(&["draft", "pack", "--kind", "speech"])
        .success()
        .stdout_has("pack/speech: unchanged since v001\n")
        .stdout_has("pack/speech.ar: unchanged since v001\n");
    // --lang drafts one language: its own numbering goes on, the others stay as they are.
    let msg =
        ws.read("snippets/messages/core.json")
            .replacen("\"version\": 2", "\"version\": 3", 1);
    ws.write("snippets/messages/core.json", &msg);
    ws.run(&["draft", "pack", "--kind", "speech", "--lang", "fr"])
        .success()
        .stdout_has("pack/speech.fr: v002 output/pack/speech.fr/v002.docx");
    assert!(!ws.exists("output/pack/speech/v002.json"));
    assert!(!ws.exists("output/pack/speech.es/v002.json"));

    // History: every language, or the one --lang names.
    let h = ws.run(&["history", "pack"]);
    h.success()
        .stdout_has("pack · speech · 1 version\n")
        .stdout_has("pack · speech.fr · 2 versions\n")
        .stdout_has("pack · speech.ar · 1 version\n");
    let h = ws.run(&["history", "pack", "--lang", "fr", "--format", "json"]);
    h.success();
    let v: serde_json::Value = serde_json::from_str(&h.stdout()).unwrap();
    let kinds = v["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 1, "{v}");
    assert_eq!(kinds[0]["lang"], "fr");
    assert_eq!(kinds[0]["versions"].as_array().unwrap().len(), 2);
    // Diff of one language's versions.
    ws.run(&[
        "diff", "pack", "--kind", "speech", "--lang", "fr", "--format", "stat",
    ])
    .success();
    // `check` reads the translation folders as versions, and has nothing to say about them.
    let c = ws.run(&["check", "--format", "json"]);
    assert!(!c.stdout().contains("pack/speech.fr"), "{}", c.stdout());
    // With the event's file gone, history still finds every language from the output folder.
    std::fs::remove_file(ws.path().join("events/pack.json")).unwrap();
    ws.run(&["history", "pack", "--lang", "ar"])
        .success()
        .stdout_has("pack · speech.ar · 1 version\n");
    let all = ws.run(&["history", "pack"]);
    all.success()
        .stdout_has("pack · speech · 1 version\n")
        .stdout_has("pack · speech.es · 1 version\n");
}

#[test]
fn a_language_the_event_does_not_have_is_a_clear_error() {
    let ws = pack();
    ws.run(&["draft", "pack", "--lang", "fr", "--kind", "speech"])
        .success();
    let r = ws.run(&["draft", "summit", "--lang", "fr"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: event `summit` is not drafted in `fr` (its languages: en)\n  --> events/summit.json\nhint: add \"fr\" to the event's `translations` to draft it in that language too\n"
    );
    assert!(!ws.exists("output/summit"));
    // The same for the commands that read versions.
    ws.run(&["history", "summit", "--lang", "es"]).failure(2);
    let r = ws.run(&["export", "pack", "--kind", "speech", "--lang", "de"]);
    r.failure(2)
        .stderr_has("invalid value 'de' for '--lang <LANG>'");
}

#[test]
fn commands_on_one_version_need_lang_when_the_event_has_translations() {
    let ws = pack();
    ws.run(&["draft", "pack", "--kind", "speech"]).success();
    let r = ws.run(&["clear", "pack", "--kind", "speech", "--by", "Spokesperson"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: event `pack` is drafted in several languages (en, fr, es, ar): name one with --lang\nhint: lectern clear pack --kind speech --lang en for the main language, --lang fr for a translation\n"
    );
    ws.run(&[
        "clear",
        "pack",
        "--kind",
        "speech",
        "--lang",
        "fr",
        "--by",
        "Spokesperson",
    ])
    .success()
    .stdout_has(
        "pack/speech.fr: v001 signed off by Spokesperson (output/pack/speech.fr/v001.signoffs/",
    );
    assert!(!ws.exists("output/pack/speech/v001.signoffs"));
    ws.run(&["release", "pack", "--kind", "speech", "--lang", "fr"])
        .success()
        .stdout_has("pack/speech.fr: released v001 → output/pack/speech.fr/v001.release.docx");
    // Export: the Arabic version as an Arabic page.
    let r = ws.run(&["export", "pack", "--kind", "speech"]);
    r.failure(2)
        .stderr_has("error: event `pack` has speech drafts in several languages (en, fr, es, ar): name one with --lang\n");
    let r = ws.run(&["export", "pack", "--kind", "speech", "--lang", "ar"]);
    r.success().stdout_has("<html lang=\"ar\" dir=\"rtl\">");
    // Import onto one language's versions.
    std::fs::copy(
        ws.path().join("output/pack/speech.es/v001.docx"),
        ws.path().join("edited.docx"),
    )
    .unwrap();
    ws.run(&[
        "import",
        "pack",
        "--kind",
        "speech",
        "edited.docx",
        "--by",
        "Ana",
    ])
    .failure(2)
    .stderr_has("name one with --lang");
    ws.run(&[
        "import",
        "pack",
        "--kind",
        "speech",
        "--lang",
        "es",
        "edited.docx",
        "--by",
        "Ana",
    ])
    .success()
    .stdout_has("pack/speech.es: edited.docx is unchanged from v001; nothing written");
    // The Spanish file imported as the French version would become the wrong translation.
    let r = ws.run(&[
        "import",
        "pack",
        "--kind",
        "speech",
        "--lang",
        "fr",
        "edited.docx",
        "--by",
        "Ana",
    ]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: edited.docx is the `es` speech of pack, not the `fr` one\n  --> edited.docx\nhint: import it with --lang es, or pick the file of the `fr` version\n"
    );
    assert!(!ws.exists("output/pack/speech.fr/v002.json"));
    // Status lists each language.
    ws.run(&["status", "pack"])
        .success()
        .stdout_has("pack   speech.fr       v001    released      17 ")
        .stdout_has("pack   blog.ar         -       none");
}

#[test]
fn text_missing_in_one_language_stops_only_that_languages_drafts() {
    let ws = pack();
    ws.write(
        "snippets/messages/two.json",
        r#"{
  "id": "msg-two",
  "title": "Two languages",
  "topic": "cooperation",
  "status": "approved",
  "approved_by": "Head of Communications",
  "approved_on": "2026-10-01",
  "version": 1,
  "text": {
    "en": "Cooperation is our answer.",
    "fr": "La coopération est notre réponse."
  }
}
"#,
    );
    let ev = ws
        .read("events/pack.json")
        .replace("\"msg-victims\"]", "\"msg-victims\", \"msg-two\"]");
    ws.write("events/pack.json", &ev);
    let r = ws.run(&["draft", "pack", "--kind", "speech"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: message `msg-two` has no text in `es`, a translation of event `pack`\n  --> snippets/messages/two.json:9:11\n  |\n9 |   \"text\": {\n  |           ^\nhint: add a \"es\" entry to the message's `text`\nerror: message `msg-two` has no text in `ar`, a translation of event `pack`\n  --> snippets/messages/two.json:9:11\n  |\n9 |   \"text\": {\n  |           ^\nhint: add a \"ar\" entry to the message's `text`\n"
    );
    r.stdout_has("pack/speech: v001")
        .stdout_has("pack/speech.fr: v001");
    assert!(!ws.exists("output/pack/speech.es"));
    assert!(!ws.exists("output/pack/speech.ar"));
    // Batch: the same, one failed item per language; the table shows the language.
    let b = ws.run(&["batch", "pack"]);
    b.failure(1);
    let out = b.stdout();
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(
        rows[0],
        "DATE        EVENT  KIND    LANG  VERSION         WORDS  TIME  STATUS"
    );
    assert!(
        rows[1].starts_with("2026-12-08  pack   speech  en    unchanged v001"),
        "{out}"
    );
    assert!(
        rows[2].starts_with("2026-12-08  pack   speech  fr    unchanged v001"),
        "{out}"
    );
    assert!(
        rows[3].starts_with("2026-12-08  pack   speech  es    -"),
        "{out}"
    );
    assert!(rows[3].ends_with("FAILED"), "{out}");
    b.stderr_has("error: pack/speech.es, blog.es: message `msg-two` has no text in `es`, a translation of event `pack`\n");
    // `check` names the item and each language.
    ws.run(&["check"])
        .failure(1)
        .stderr_has("error: message `msg-two` has no text in `es`, a translation of event `pack`\n  --> snippets/messages/two.json:9:3")
        .stderr_has("error: message `msg-two` has no text in `ar`, a translation of event `pack`\n");
}

#[test]
fn bad_language_fields_are_located() {
    let ws = Ws::fixture("basic");
    ws.write(
        "events/bad.json",
        r#"{
  "id": "bad",
  "title": "T",
  "outputs": ["speech"],
  "starts_at": "2026-12-08T10:00:00+08:00",
  "speaker": {"name": "S"},
  "language": "en",
  "translations": ["French", "es", "es", "en"],
  "messages": ["msg-cooperation", {"id": "msg-victims", "lang": "Arabic"}],
  "facts": [{"id": "fact-haechi", "lang": "fr"}]
}
"#,
    );
    let r = ws.run(&["draft", "bad"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        r#"error: unknown language `French`
  --> events/bad.json:8:20
  |
8 |   "translations": ["French", "es", "es", "en"],
  |                    ^
hint: did you mean `fr`? languages are written as codes: en, fr, es or ar
error: `translations` lists `es` twice
  --> events/bad.json:8:36
  |
8 |   "translations": ["French", "es", "es", "en"],
  |                                    ^
hint: remove one of them
error: unknown language `Arabic`
  --> events/bad.json:9:65
  |
9 |   "messages": ["msg-cooperation", {"id": "msg-victims", "lang": "Arabic"}],
  |                                                                 ^
hint: did you mean `ar`? languages are written as codes: en, fr, es or ar
error: `translations` lists `en`, which is the event's `language`
  --> events/bad.json:8:42
  |
8 |   "translations": ["French", "es", "es", "en"],
  |                                          ^
hint: `translations` names the other languages to draft in; remove `en` from it
error: `lang` on fact `fact-haechi`: only a message can be a passage in another language
  --> events/bad.json:10:43
   |
10 |   "facts": [{"id": "fact-haechi", "lang": "fr"}]
   |                                           ^
hint: a fact is cited in the draft's language; remove `lang`, or add the event's language to `translations`
5 errors
"#
    );
    assert!(!ws.exists("output/bad"));
}

/// `basic` with `duo`: an English speech with a French and an Arabic passage (the event
/// tests/fixtures/review/make_duo_libreoffice.sh drafts).
pub(crate) fn duo() -> Ws {
    let ws = Ws::fixture("basic");
    ws.write(
        "events/duo.json",
        r#"{
  "id": "duo",
  "title": "Bilingual address",
  "outputs": ["speech"],
  "starts_at": "2026-12-08T10:00:00+08:00",
  "speaker": {"name": "Dr Amina Okafor"},
  "language": "en",
  "messages": [
    {"id": "msg-cooperation", "lang": "fr"},
    {"id": "msg-victims", "lang": "ar"}
  ]
}
"#,
    );
    // Rates far apart, so a passage read at the wrong one shows.
    ws.write(
        "lectern.json",
        r#"{"speaking_rates": {"en": 130, "fr": 300, "es": 150, "ar": 60}}"#,
    );
    ws
}

#[test]
fn a_passage_in_another_language_carries_its_language_direction_and_rate() {
    let ws = duo();
    let r = ws.run(&["draft", "duo"]);
    r.success().stdout_has("duo/speech: v001");
    let md = ws.read("output/duo/speech/v001.md");
    let messages = ws.read("snippets/messages/core.json");
    let json: serde_json::Value = serde_json::from_str(&messages).unwrap();
    let text = |id: &str, lang: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap()["text"][lang]
            .as_str()
            .unwrap()
            .to_string()
    };
    // The text of record marks each paragraph of a passage with its language.
    let fr = text("msg-cooperation", "fr");
    let first_fr = fr.split("\n\n").next().unwrap();
    assert!(
        md.contains(&format!("<span lang=\"fr\">{}", &first_fr[..20])),
        "{md}"
    );
    assert!(md.contains("<span lang=\"ar\" dir=\"rtl\">"), "{md}");
    assert!(md.contains("*Check against delivery*"), "{md}");
    // The DOCX: French runs in French, Arabic paragraphs right to left, the rest in English.
    let xml = ws.docx_xml("output/duo/speech/v001.docx", "word/document.xml");
    assert!(xml.contains(r#"<w:lang w:val="fr-FR" />"#), "{xml}");
    assert!(xml.contains(r#"<w:lang w:val="en-GB" />"#));
    let arabic = text("msg-victims", "ar");
    let first_ar: String = arabic.chars().take(12).collect();
    let at = xml.find(&first_ar).expect("the Arabic passage");
    let para = &xml[xml[..at].rfind("<w:p ").unwrap()..at];
    assert!(para.contains("<w:bidi />"), "{para}");
    assert!(
        para.contains(r#"<w:rtl/><w:lang w:val="ar-SA" w:bidi="ar-SA" />"#),
        "{para}"
    );
    // The .md and the .docx are the same text.
    ws.run(&[
        "diff",
        "output/duo/speech/v001.md",
        "output/duo/speech/v001.docx",
        "--format",
        "stat",
    ])
    .success()
    .stdout_has("no changes");
    // Speaking time: each passage at its language's rate (fr 300, ar 60), the rest at en 130.
    let m = ws.manifest("output/duo/speech/v001.json");
    let words = |s: &str| {
        use unicode_segmentation::UnicodeSegmentation;
        s.unicode_words().count()
    };
    let (fr_words, ar_words) = (words(&fr), words(&arabic));
    let total = m["words"].as_u64().unwrap() as usize;
    let en_words = total - fr_words - ar_words;
    let expected = (en_words as f64 / 130.0 * 60.0
        + fr_words as f64 / 300.0 * 60.0
        + ar_words as f64 / 60.0 * 60.0)
        .round() as u64;
    assert_eq!(m["speaking_seconds"].as_u64().unwrap(), expected);
    assert_ne!(
        expected,
        (total as f64 / 130.0 * 60.0).round() as u64,
        "the rates must make a difference here"
    );
    // Changing a passage's rate is a new version; nothing else changed, so the rest is as was.
    ws.write(
        "lectern.json",
        r#"{"speaking_rates": {"en": 130, "fr": 300, "es": 150, "ar": 50}}"#,
    );
    ws.run(&["draft", "duo"])
        .success()
        .stdout_has("duo/speech: v002");
    // Web copy marks the passage too.
    ws.run(&["export", "duo", "--kind", "speech"])
        .success()
        .stdout_has("<p lang=\"ar\" dir=\"rtl\">");
}

#[test]
fn a_passage_needs_text_in_its_language() {
    let ws = duo();
    let ev = ws.read("events/duo.json").replace(
        r#"{"id": "msg-victims", "lang": "ar"}"#,
        r#"{"id": "msg-draft", "lang": "fr"}"#,
    );
    ws.write("events/duo.json", &ev);
    let r = ws.run(&["draft", "duo", "--allow-unapproved"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: message `msg-draft` has no text in `fr`, the language event `duo` gives the passage\n  --> events/duo.json:10:12\n   |\n10 |     {\"id\": \"msg-draft\", \"lang\": \"fr\"}\n   |            ^\nhint: add a \"fr\" entry to the message's `text` (snippets/messages/core.json), or remove `lang` from this entry\n"
    );
    assert!(!ws.exists("output/duo"));
    ws.run(&["check"])
        .failure(1)
        .stderr_has("error: message `msg-draft` has no text in `fr`, the language event `duo` gives the passage\n  --> events/duo.json:10:12");
}

#[test]
fn an_outdated_translation_stops_only_that_languages_drafts() {
    let ws = pack();
    let msg = ws.read("snippets/messages/core.json").replacen(
        "    \"version\": 2,\n",
        "    \"version\": 2,\n    \"translations\": {\n      \"fr\": {\"of_version\": 1, \"by\": \"Language Services\", \"on\": \"2026-01-10\"},\n      \"es\": {\"of_version\": 2, \"by\": \"Language Services\", \"on\": \"2026-01-20\"},\n      \"ar\": {\"of_version\": 2, \"by\": \"Language Services\", \"on\": \"2026-01-20\"}\n    },\n",
        1,
    );
    ws.write("snippets/messages/core.json", &msg);
    let r = ws.run(&["draft", "pack", "--kind", "speech"]);
    r.failure(1);
    assert_eq!(
        r.stderr(),
        "error: message `msg-cooperation` has an outdated `fr` translation: it translates version 1, the text is at version 2; event `pack` cannot use it\n  --> events/pack.json:10:16\n   |\n10 |   \"messages\": [\"msg-cooperation\", \"msg-victims\"],\n   |                ^\nhint: update the `fr` text to version 2 and set its `of_version` to 2 (`lectern translations export --lang fr --only outdated`), or draft with --allow-unapproved to mark the draft NOT CLEARED\n"
    );
    r.stdout_has("pack/speech: v001")
        .stdout_has("pack/speech.es: v001")
        .stdout_has("pack/speech.ar: v001");
    assert!(!ws.exists("output/pack/speech.fr"));
    // --allow-unapproved drafts it, marked NOT CLEARED; the others stay unchanged.
    ws.run(&["draft", "pack", "--kind", "speech", "--allow-unapproved"])
        .success()
        .stdout_has("pack/speech.fr: v001")
        .stdout_has("NOT CLEARED")
        .stdout_has("pack/speech.es: unchanged since v001");
    assert_eq!(
        ws.manifest("output/pack/speech.fr/v001.json")["not_cleared"],
        true
    );
}
