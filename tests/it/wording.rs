//! What an editor notices first in a draft: the place line, the salutation, and one note per
//! source however often it is cited.

use crate::Ws;

/// The basic fixture's summit, moved to Lyon with `venue`, `city` and `audience` replaced.
fn lyon(ws: &Ws, id: &str, lang: &str, venue: &str, city: &str, audience: &str) {
    let mut ev: serde_json::Value = serde_json::from_str(&ws.read("events/summit.json")).unwrap();
    ev["id"] = id.into();
    ev["language"] = lang.into();
    ev["outputs"] = serde_json::json!(["speech"]);
    ev["venue"] = venue.into();
    ev["city"] = city.into();
    ev["audience"] = audience.into();
    ws.write(
        &format!("events/{id}.json"),
        &serde_json::to_string_pretty(&ev).unwrap(),
    );
}

#[test]
fn a_venue_naming_the_city_is_not_followed_by_the_city_again() {
    let ws = Ws::fixture("basic");
    lyon(
        &ws,
        "hq",
        "en",
        "General Secretariat, Lyon",
        "Lyon",
        "Media",
    );
    lyon(
        &ws,
        "hq-fr",
        "fr",
        "Secrétariat général, Lyon",
        "lyon",
        "Journalistes",
    );
    lyon(&ws, "congress", "en", "Palais des Congrès", "Lyon", "Media");
    lyon(&ws, "lyonnais", "en", "Centre Lyonnais", "Lyon", "Media");
    ws.run(&["draft", "hq", "hq-fr", "congress", "lyonnais"])
        .success();
    let line = |id: &str| {
        ws.read(&format!("output/{id}/speech/v001.md"))
            .lines()
            .find(|l| l.contains("2026"))
            .unwrap()
            .to_string()
    };
    assert_eq!(line("hq"), "General Secretariat, Lyon, 8 December 2026");
    assert_eq!(line("hq-fr"), "Secrétariat général, Lyon, 8 décembre 2026");
    assert_eq!(
        line("congress"),
        "Palais des Congrès, Lyon, 8 December 2026"
    );
    // "Lyonnais" is not the word "Lyon".
    assert_eq!(line("lyonnais"), "Centre Lyonnais, Lyon, 8 December 2026");
}

#[test]
fn the_salutation_follows_the_audience_in_every_language() {
    let ws = Ws::fixture("basic");
    let cases = [
        (
            "press-en",
            "en",
            "Media at the press conference",
            "Ladies and gentlemen of the press,",
        ),
        (
            "press-fr",
            "fr",
            "Journalistes accrédités",
            "Mesdames et Messieurs les journalistes,",
        ),
        (
            "press-es",
            "es",
            "Medios de comunicación",
            "Señoras y señores periodistas:",
        ),
        (
            "press-ar",
            "ar",
            "ممثلو وسائل الإعلام",
            "السيدات والسادة ممثلي وسائل الإعلام،",
        ),
        (
            "ministers-en",
            "en",
            "Ministers, ambassadors and the media",
            "Excellencies, distinguished guests, ladies and gentlemen,",
        ),
        (
            "ministers-fr",
            "fr",
            "Ministres et chefs de police",
            "Excellences, Mesdames et Messieurs,",
        ),
        (
            "ministers-ar",
            "ar",
            "وزراء الداخلية",
            "أصحاب المعالي والسعادة، الضيوف الكرام، السيدات والسادة،",
        ),
        (
            "students-es",
            "es",
            "Estudiantes de derecho",
            "Queridos estudiantes, señoras y señores:",
        ),
        (
            "staff-en",
            "en",
            "All staff of the General Secretariat",
            "Dear colleagues,",
        ),
        (
            "partners-en",
            "en",
            "Police chiefs and partners",
            "Distinguished guests, ladies and gentlemen,",
        ),
        // "pressure groups" is not the press.
        (
            "groups-en",
            "en",
            "Civil society and pressure groups",
            "Distinguished guests, ladies and gentlemen,",
        ),
    ];
    for (id, lang, audience, _) in cases {
        lyon(&ws, id, lang, "Palais des Congrès", "Lyon", audience);
    }
    let ids: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let mut args = vec!["draft"];
    args.extend(&ids);
    ws.run(&args).success();
    for (id, _, _, salutation) in cases {
        let md = ws.read(&format!("output/{id}/speech/v001.md"));
        assert!(
            md.contains(&format!("\n\n{salutation}\n\n")),
            "{id}: expected {salutation:?} in\n{md}"
        );
    }
    let md = ws.read("output/press-en/speech/v001.md");
    assert!(!md.contains("Excellencies"), "{md}");
}

#[test]
fn a_fact_cited_three_times_has_one_note_referenced_three_times() {
    let ws = Ws::fixture("basic");
    // On the lead message's topic, the fact supports the release's lead, is listed under
    // facts and figures and answers a question.
    let msgs = ws.read("snippets/messages/core.json").replace(
        r#""topic": "partnerships""#,
        r#""topic": "financial crime""#,
    );
    ws.write("snippets/messages/core.json", &msgs);
    ws.run(&["draft", "summit", "--kind", "press-briefing"])
        .success();
    let md = ws.read("output/summit/press-briefing/v001.md");
    assert_eq!(md.matches("[^src-fact-haechi]:").count(), 1, "{md}");
    // Three references and the definition.
    assert_eq!(md.matches("[^src-fact-haechi]").count(), 4, "{md}");

    let rel = "output/summit/press-briefing/v001.docx";
    let notes = ws.docx_xml(rel, "word/footnotes.xml");
    assert_eq!(notes.matches("<w:footnote w:id=").count(), 1, "{notes}");
    assert_eq!(
        notes
            .matches("Financial crime operation makes record")
            .count(),
        1
    );
    let doc = ws.docx_xml(rel, "word/document.xml");
    assert_eq!(doc.matches("<w:footnoteReference ").count(), 1, "{doc}");
    assert!(doc.contains(
        r#"<w:bookmarkStart w:id="1" w:name="_RefNote1" /><w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:footnoteReference w:id="1" /></w:r><w:bookmarkEnd w:id="1" />"#
    ));
    assert_eq!(
        doc.matches(r#"<w:instrText xml:space="preserve"> NOTEREF _RefNote1 \f \h </w:instrText>"#)
            .count(),
        2,
        "{doc}"
    );
    // Each later citation shows the note's number as a note reference.
    assert_eq!(
        doc.matches(
            r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:t>1</w:t></w:r>"#
        )
        .count(),
        2
    );
    // Reading the DOCX back gives the text of record: the cross-reference adds no "1".
    ws.run(&[
        "diff",
        "output/summit/press-briefing/v001.md",
        "output/summit/press-briefing/v001.docx",
        "--format",
        "stat",
    ])
    .success()
    .stdout_has("\nno changes\n");
}
