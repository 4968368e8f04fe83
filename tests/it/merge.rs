//! Regeneration keeps hand edits (DESIGN.md §10): a reviewer's DOCX is imported, the inputs
//! change, and `draft` merges the new render with the edits: one-sided changes taken,
//! disjoint ones both, overlapping ones kept as the reviewer's with a comment carrying the
//! inputs' wording; `--discard-edits`; governance on the merged text. The reviewer's files are
//! lectern's own drafts with their text edited in `word/document.xml`, packed at test time.

use crate::import::reviewed;
use crate::Ws;

const SPEECH: &str = "output/summit/speech";

/// The reviewer's work: one edit alone, one beside an input change in the same paragraph,
/// and one on the words an input changes too.
fn review(xml: String) -> String {
    let mut xml = xml;
    for (from, to) in [
        ("Thank you.", "Thank you all."),
        ("Every rescued victim", "Every single rescued victim"),
        ("in real time", "in record time"),
    ] {
        assert!(xml.contains(from), "the draft changed shape: {from}");
        xml = xml.replace(from, to);
    }
    xml
}

/// A new version of each message used by the speech: `in real time` becomes `in seconds`,
/// `not a statistic` becomes `never a statistic`.
fn change_inputs(ws: &Ws) {
    let path = "snippets/messages/core.json";
    let text = ws
        .read(path)
        .replace("in real time", "in seconds")
        .replace("not a statistic", "never a statistic")
        .replace("\"version\": 2,", "\"version\": 3,")
        .replace(
            "\"approved_on\": \"2026-02-01\",\n    \"version\": 1,",
            "\"approved_on\": \"2026-02-01\",\n    \"version\": 2,",
        );
    ws.write(path, &text);
}

/// A drafted speech with the review imported as v002.
fn imported() -> Ws {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "review.docx",
        review,
        None,
    );
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "review.docx",
        "--by",
        "Ann Lee",
    ])
    .success();
    ws
}

#[test]
fn a_draft_over_changed_inputs_keeps_the_reviewers_edits() {
    let ws = imported();
    change_inputs(&ws);
    let r = ws.run(&["draft", "summit", "--kind", "speech"]);
    r.success();
    // The report: what draft printed and what the manifest records.
    let record = ws.manifest(&format!("{SPEECH}/v003.json"))["merge"].clone();
    insta::assert_snapshot!(
        "merge_report",
        format!(
            "{}\n{}",
            r.stdout(),
            serde_json::to_string_pretty(&record).unwrap()
        )
    );
    r.stdout_has("\n  kept 2 edits from v002, edited by Ann Lee; 1 conflict marked\n");

    // The merged text: the reviewer's edits, the inputs' change beside one, the reviewer's
    // wording where both changed the same words; the notes as lectern writes them.
    let md = ws.read(&format!("{SPEECH}/v003.md"));
    for line in [
        "No country can fight transnational crime alone.\n",
        "When police share information in record time, criminals lose the borders they hide behind.\n",
        "Every single rescued victim is a person, never a statistic: protection comes before prosecution.\n",
        "Thank you all.\n",
        "over USD 400 million.[^src-fact-haechi]\n",
        "[^src-fact-haechi]: INTERPOL, *Financial crime operation makes record 5,500 arrests*, 2 December 2024, [https://",
    ] {
        assert!(md.contains(line), "{line:?} not in\n{md}");
    }
    // The render alone is kept beside it, the base of the next merge.
    let generated = ws.read(&format!("{SPEECH}/v003.generated.md"));
    assert!(generated.contains("share information in seconds, criminals"));
    assert!(generated.contains("\nThank you.\n"));
    assert!(generated.contains("Every rescued victim is a person, never a statistic"));

    let m = ws.manifest(&format!("{SPEECH}/v003.json"));
    assert_eq!(
        m["merge"],
        serde_json::json!({
            "base": 1,
            "edits": 2,
            "edited_by": "Ann Lee",
            "edits_kept": 2,
            "generated": "v003.generated.md",
            "conflicts": [{"base": "real time", "edits": "record time", "inputs": "seconds"}]
        })
    );
    assert!(m.get("discarded_edits").is_none());

    // The conflict is a comment on the reviewer's wording.
    let comments = ws.docx_xml(&format!("{SPEECH}/v003.docx"), "word/comments.xml");
    assert!(
        comments.contains("Inputs changed since this was edited: \u{201C}seconds\u{201D}"),
        "{comments}"
    );
    let body = ws.docx_xml(&format!("{SPEECH}/v003.docx"), "word/document.xml");
    let start = body
        .find("<w:commentRangeStart")
        .expect("a comment in the body");
    let end = body.find("<w:commentRangeEnd").expect("the comment's end");
    let anchored: String = body[start..end]
        .split("<w:t")
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
        .map(|rest| rest.split("</w:t>").next().unwrap_or(""))
        .collect();
    assert_eq!(anchored, "record time");
    // The text of record is the document's text.
    ws.run(&[
        "diff",
        &format!("{SPEECH}/v003.md"),
        &format!("{SPEECH}/v003.docx"),
    ])
    .success()
    .stdout_has("\nno changes\n");

    // The review page lists the conflict with its three wordings.
    let page = ws.run(&["diff", "summit", "--kind", "speech", "--format", "html"]);
    page.success().stdout_has("<h3>Merge conflicts (1)</h3>");
    for wording in ["real time", "record time", "seconds"] {
        assert!(page.stdout().contains(wording), "{wording}");
    }

    // Nothing new to merge: unchanged.
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("summit/speech: unchanged since v003\n");
    // history says what the merge kept.
    ws.run(&["history", "summit", "--kind", "speech"])
        .success()
        .stdout_has("        kept 2 edits from v002, edited by Ann Lee; 1 conflict marked\n");
    let h = ws.run(&["history", "summit", "--kind", "speech", "--format", "json"]);
    h.success();
    assert!(h.stdout().contains("\"edits_kept\": 2"), "{}", h.stdout());
    // A version with a conflict is not cleared.
    let c = ws.run(&["clear", "summit", "--kind", "speech", "--by", "Jo Park"]);
    c.failure(1);
    assert_eq!(
        c.stderr(),
        format!(
            "error: v003 has 1 unresolved merge conflict\n  --> {SPEECH}/v003.json\nhint: each is marked by a comment in the document: settle the wording in Word and import it with `lectern import`, or draft again with --discard-edits\n"
        )
    );
}

#[test]
fn the_next_round_merges_over_the_merged_version() {
    let ws = imported();
    change_inputs(&ws);
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    // The reviewer settles the conflict on v003 and imports it; the inputs change again.
    reviewed(
        &ws,
        "output/summit/speech/v003.docx",
        "settled.docx",
        |xml| xml.replace(">record time<", ">seconds<"),
        None,
    );
    // Without --from: the file says it is v003 (its document properties, kept by Word), where
    // counting shared words would pick v002, whose wording the settled text is closer to.
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "settled.docx",
        "--by",
        "Bo Chen",
    ])
    .success()
    .stdout_has("\n  based on v003, the version the file was drafted as\n");
    assert_eq!(
        ws.manifest(&format!("{SPEECH}/v004.json"))["origin"]["based_on"],
        3
    );
    let path = "snippets/messages/core.json";
    ws.write(
        path,
        &ws.read(path)
            .replace("No country can fight", "No nation can fight")
            .replace("\"version\": 3,", "\"version\": 4,"),
    );
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("\n  kept 2 edits from v004, edited by Bo Chen\n");
    let md = ws.read(&format!("{SPEECH}/v005.md"));
    assert!(md.contains("No nation can fight transnational crime alone.\n"));
    assert!(md.contains("share information in seconds, criminals"));
    assert!(md.contains("Every single rescued victim"));
    assert!(md.contains("Thank you all.\n"));
    let m = ws.manifest(&format!("{SPEECH}/v005.json"));
    assert_eq!(m["merge"]["base"], 3);
    assert!(m["merge"].get("conflicts").is_none());
    // Without conflicts it can be cleared.
    ws.run(&["clear", "summit", "--kind", "speech", "--by", "Jo Park"])
        .success();
}

#[test]
fn discard_edits_regenerates_from_the_inputs_alone_and_records_it() {
    let ws = imported();
    let r = ws.run(&["draft", "summit", "--kind", "speech", "--discard-edits"]);
    r.success();
    r.stdout_has("\n  discarded the edits in v002, edited by Ann Lee\n");
    assert_eq!(
        ws.read(&format!("{SPEECH}/v003.md")),
        ws.read(&format!("{SPEECH}/v001.md"))
    );
    assert!(!ws.exists(&format!("{SPEECH}/v003.generated.md")));
    let m = ws.manifest(&format!("{SPEECH}/v003.json"));
    assert_eq!(
        m["discarded_edits"],
        serde_json::json!({"version": 2, "edited_by": "Ann Lee"})
    );
    assert!(m.get("merge").is_none());
    // The edits are gone from the latest version: nothing more to discard or merge.
    ws.run(&["draft", "summit", "--kind", "speech", "--discard-edits"])
        .success()
        .stdout_has("summit/speech: unchanged since v003\n");
    ws.run(&["history", "summit", "--kind", "speech"])
        .success()
        .stdout_has("        discarded the edits in v002, edited by Ann Lee\n");
}

#[test]
fn a_restricted_fact_in_the_merged_text_of_a_public_kind_is_refused() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    // The reviewer quotes a fact that was public then.
    reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "review.docx",
        |xml| {
            xml.replace(
                "Thank you.",
                "An earlier wildlife operation seized thousands of protected specimens. Thank you.",
            )
        },
        None,
    );
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "review.docx",
        "--by",
        "Ann Lee",
    ])
    .success();
    // The fact is restricted now, and an input changes.
    let facts = "snippets/facts/core.json";
    ws.write(
        facts,
        &ws.read(facts).replace(
            "\"as_of\": \"2020-12-01\",\n    \"clearance\": \"public\"",
            "\"as_of\": \"2020-12-01\",\n    \"clearance\": \"restricted\"",
        ),
    );
    change_inputs(&ws);
    let r = ws.run(&["draft", "summit", "--kind", "speech"]);
    r.failure(1);
    assert_eq!(
        r.stderr(),
        format!(
            "error: cannot draft summit/speech, a public document, over the edits in v002: the merged text contains restricted fact `fact-old`\n  --> {SPEECH}/v002.md\nhint: remove the passage \"An earlier wildlife operation seized thousands of protected…\" from the edited version and import it again, or draft with --discard-edits\n"
        )
    );
    for ext in ["docx", "md", "json", "generated.md"] {
        assert!(!ws.exists(&format!("{SPEECH}/v003.{ext}")), "v003.{ext}");
    }
    // Discarding the edits drafts from the inputs alone.
    ws.run(&["draft", "summit", "--kind", "speech", "--discard-edits"])
        .success();
    assert!(!ws.read(&format!("{SPEECH}/v003.md")).contains("wildlife"));
}
