//! The review round trip on the sample press briefing, as reviewers' tools save it: footnotes
//! cited twice, a page break before the questions and answers, a table with a header row.

use crate::import::reviewed;
use crate::Ws;

const EVENT: &str = "singapore-cyber-summit-2026";
const V1: &str = "output/singapore-cyber-summit-2026/press-briefing/v001.docx";

fn drafted() -> Ws {
    let ws = Ws::sample();
    ws.run(&["draft", EVENT, "--kind", "press-briefing"])
        .success();
    ws
}

fn import(ws: &Ws, file: &str) -> crate::Run {
    ws.run(&[
        "import",
        EVENT,
        "--kind",
        "press-briefing",
        file,
        "--by",
        "Ann Lee",
    ])
}

/// The draft's XML as LibreOffice saves it: the bookmark of a note cited again is an empty
/// one before the reference, and a page break before a paragraph ends the one before it.
fn as_libreoffice_saves(xml: String) -> String {
    let start = r#"<w:bookmarkStart w:id="2" w:name="_RefNote2" />"#;
    let end = r#"<w:bookmarkEnd w:id="2" />"#;
    let (a, b) = (
        xml.find(start).expect("bookmark"),
        xml.find(end).expect("end"),
    );
    let wrapped = &xml[a + start.len()..b];
    let xml = format!(
        "{}{start}{end}{wrapped}{}",
        &xml[..a],
        &xml[b + end.len()..]
    );
    let brk = "<w:pageBreakBefore />";
    let at = xml.find(brk).expect("a page break");
    let p_end = xml[..at].rfind("</w:p>").expect("a paragraph before");
    format!(
        r#"{}<w:r><w:br w:type="page"/></w:r>{}{}"#,
        &xml[..p_end],
        &xml[p_end..at],
        &xml[at + brk.len()..]
    )
}

#[test]
fn a_press_briefing_saved_by_libreoffice_is_unchanged() {
    let ws = drafted();
    reviewed(&ws, V1, "lo.docx", as_libreoffice_saves, None);
    import(&ws, "lo.docx").success().stdout_has(
        "singapore-cyber-summit-2026/press-briefing: lo.docx is unchanged from v001; nothing written",
    );
    assert!(!ws.exists("output/singapore-cyber-summit-2026/press-briefing/v002.md"));
}

#[test]
fn an_imported_press_briefing_keeps_its_page_break_and_table_and_merges_only_the_edit() {
    let ws = drafted();
    let threat = "face this threat alone";
    reviewed(
        &ws,
        V1,
        "edited.docx",
        |x| {
            assert!(x.contains(threat));
            x.replacen(threat, "face this danger alone", 1)
        },
        None,
    );
    import(&ws, "edited.docx").success();
    let v1 = ws.read("output/singapore-cyber-summit-2026/press-briefing/v001.md");
    let v2 = ws.read("output/singapore-cyber-summit-2026/press-briefing/v002.md");
    for kept in ["\n---\n", "\n| Figure | Source |\n"] {
        assert!(
            v1.contains(kept) && v2.contains(kept),
            "{kept:?} lost:\n{v2}"
        );
    }

    // The inputs change elsewhere in the same message: the one edit is kept, and nothing
    // the reviewer did not touch counts as an edit.
    let path = "snippets/messages/cybercrime.json";
    let mut messages: serde_json::Value = serde_json::from_str(&ws.read(path)).unwrap();
    let m = &mut messages[0];
    assert_eq!(m["id"], "cyber-shared-responsibility");
    let text = m["text"]["en"]
        .as_str()
        .unwrap()
        .replace("in real time", "in near real time");
    m["text"]["en"] = text.into();
    m["version"] = (m["version"].as_u64().unwrap() + 1).into();
    ws.write(path, &serde_json::to_string_pretty(&messages).unwrap());
    ws.run(&["draft", EVENT, "--kind", "press-briefing"])
        .success()
        .stdout_has("kept 1 edit from v002, edited by Ann Lee\n");
    let v3 = ws.read("output/singapore-cyber-summit-2026/press-briefing/v003.md");
    let generated = ws.read("output/singapore-cyber-summit-2026/press-briefing/v003.generated.md");
    assert_eq!(
        v3,
        generated.replacen("face this threat alone", "face this danger alone", 1)
    );
}

#[test]
fn a_draft_of_another_kind_or_event_is_refused_by_name() {
    let ws = Ws::sample();
    ws.run(&["draft", EVENT]).success();
    let speech = "output/singapore-cyber-summit-2026/speech/v001.docx";
    let r = import(&ws, speech);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        format!(
            "error: {speech} is a draft of the speech of {EVENT}, not of the press-briefing of {EVENT}\n  --> {speech}\nhint: import it with `lectern import {EVENT} --kind speech`, or pick the file of the press-briefing of {EVENT}\n"
        )
    );
    assert!(!ws.exists("output/singapore-cyber-summit-2026/press-briefing/v002.md"));

    // A kind the event does not have: the error `draft` gives, not "draft it first".
    let r = ws.run(&["import", EVENT, "--kind", "blog", speech, "--by", "Ann Lee"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        format!("error: event `{EVENT}` has no `blog` output (its outputs: speech, press-briefing, briefing-note)\n  --> events/{EVENT}.json\nhint: add \"blog\" to `outputs`, or draft with --kind speech\n")
    );

    // A LibreOffice document not saved as Word.
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("mimetype", opts).unwrap();
        z.write_all(b"application/vnd.oasis.opendocument.text")
            .unwrap();
        z.start_file("content.xml", opts).unwrap();
        z.write_all(b"<office:document-content/>").unwrap();
        std::fs::write(
            ws.path().join("review.odt"),
            z.finish().unwrap().into_inner(),
        )
        .unwrap();
    }
    let r = import(&ws, "review.odt");
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: cannot import review.odt: it is an OpenDocument file (LibreOffice's .odt), not a .docx; save it as Word (.docx)\n  --> review.odt\nhint: import takes a Word document (.docx) saved from a draft of this event\n"
    );
    assert!(!ws.exists("output/singapore-cyber-summit-2026/press-briefing/v002.md"));

    let r = import(&ws, "missing.docx");
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: cannot read missing.docx: there is no such file\n"
    );
}

/// Copy the DOCX `from` to `to` with `part` changed by `edit`.
fn with_part(ws: &Ws, from: &str, to: &str, part: &str, edit: impl Fn(String) -> String) {
    use std::io::{Read, Write};
    let f = std::fs::File::open(ws.path().join(from)).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let name = e.name().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if name == part {
            bytes = edit(String::from_utf8(bytes).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    std::fs::write(ws.path().join(to), out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn an_embargo_edited_in_the_header_is_an_edit_and_says_the_next_draft_rewrites_it() {
    let ws = drafted();
    let header = ws.docx_xml(V1, "word/header1.xml");
    assert!(header.contains("10:30 (UTC+08:00)"), "{header}");
    with_part(&ws, V1, "embargo.docx", "word/header1.xml", |x| {
        x.replace(
            "10:30 (UTC+08:00) — 02:30 UTC",
            "11:30 (UTC+08:00) — 03:30 UTC",
        )
    });
    // The page numbers of the footer are no edit: any save may update them.
    with_part(&ws, V1, "pages.docx", "word/footer1.xml", |x| {
        assert!(x.contains(">1<"), "{x}");
        x.replace(">1<", ">5<")
    });
    import(&ws, "pages.docx")
        .success()
        .stdout_has("pages.docx is unchanged from v001; nothing written");
    let r = import(&ws, "embargo.docx");
    r.success()
        .stdout_has("singapore-cyber-summit-2026/press-briefing: v002");
    assert_eq!(
        r.stderr(),
        "warning: singapore-cyber-summit-2026/press-briefing: embargo.docx: its header or footer was edited (\"Embargoed until 8 December 2026, 11:30 (UTC+08:00) — 03:30 UTC\"); the next draft writes them from the event again, so make the same change there to keep it\n"
    );
    assert_eq!(
        std::fs::read(ws.path().join("embargo.docx")).unwrap(),
        std::fs::read(
            ws.path()
                .join("output/singapore-cyber-summit-2026/press-briefing/v002.docx")
        )
        .unwrap()
    );
    // The version records the embargo its header shows, and a redline of the two versions
    // tracks the reviewer's change.
    let manifest = ws.read("output/singapore-cyber-summit-2026/press-briefing/v002.json");
    assert!(manifest.contains("11:30 (UTC+08:00)"), "{manifest}");
    ws.run(&[
        "diff",
        EVENT,
        "--kind",
        "press-briefing",
        "--redline",
        "red.docx",
    ])
    .success();
    let red = ws.docx_xml("red.docx", "word/header1.xml");
    let deleted = red.find("<w:delText").map(|i| &red[i..]).unwrap_or("");
    assert!(deleted.contains("10:30"), "{red}");
    let inserted = red.find("<w:ins ").map(|i| &red[i..]).unwrap_or("");
    assert!(inserted.contains("11:30"), "{red}");
}

/// `xml` with comment 0 on the run holding `para`, and `after` after its reference.
fn commented(xml: &str, para: &str, after: &str) -> String {
    let at = xml.find(para).expect("the paragraph");
    let run = xml[..at].rfind("<w:r>").unwrap();
    let end = at + xml[at..].find("</w:r>").unwrap() + "</w:r>".len();
    format!(
        r#"{}<w:commentRangeStart w:id="0"/>{}<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>{after}{}"#,
        &xml[..run],
        &xml[run..end],
        &xml[end..]
    )
}

#[test]
fn a_reviewers_comment_and_pending_changes_survive_the_next_draft() {
    let ws = drafted();
    let para = "No police force, no company and no government can face this threat alone.";
    reviewed(
        &ws,
        V1,
        "reviewed.docx",
        |x| {
            commented(
                &x,
                para,
                r#"<w:ins w:id="101" w:author="Ann Lee" w:date="2026-11-20T09:00:00Z"><w:r><w:t xml:space="preserve"> Pending words.</w:t></w:r></w:ins>"#,
            )
        },
        Some(
            r#"<w:comment w:id="0" w:author="Ann Lee" w:date="2026-11-20T09:05:00Z" w:initials="AL"><w:p><w:r><w:t>Check this line with Legal.</w:t></w:r></w:p></w:comment>"#,
        ),
    );
    import(&ws, "reviewed.docx")
        .success()
        .stdout_has("1 comment, 1 pending tracked change");
    let path = "events/singapore-cyber-summit-2026.json";
    let event = ws
        .read(path)
        .replace("2026-12-08T09:30", "2026-12-09T09:30");
    ws.write(path, &event);
    let r = ws.run(&["draft", EVENT, "--kind", "press-briefing"]);
    r.success();
    assert_eq!(
        r.stderr(),
        "warning: singapore-cyber-summit-2026/press-briefing: v002 has 1 pending tracked change, merged as if accepted; `clear` waits until they are accepted or rejected in v002.docx and the file is imported again\n"
    );
    let v3 = "output/singapore-cyber-summit-2026/press-briefing/v003";
    assert!(ws.read(&format!("{v3}.md")).contains("9 December 2026"));
    let comments = ws.docx_xml(&format!("{v3}.docx"), "word/comments.xml");
    assert!(
        comments.contains(r#"w:author="Ann Lee""#)
            && comments.contains("Check this line with Legal."),
        "{comments}"
    );
    let xml = ws.docx_xml(&format!("{v3}.docx"), "word/document.xml");
    let start = xml.find("<w:commentRangeStart").expect("anchored");
    assert!(xml[start..].find(para) < xml[start..].find("<w:commentRangeEnd"));
    let m = ws.manifest(&format!("{v3}.json"));
    assert_eq!(m["pending_changes"][0]["text"], " Pending words.");
    ws.run(&[
        "clear",
        EVENT,
        "--kind",
        "press-briefing",
        "--by",
        "Spokesperson",
    ])
    .failure(1)
    .stderr_has("error: v003 has 1 pending tracked change");
}

/// A review that only commented: its comment is carried by every later draft, not only the
/// next, and each merged version's manifest lists it.
#[test]
fn a_comment_only_review_keeps_its_comment_through_later_drafts() {
    let ws = drafted();
    let para = "No police force, no company and no government can face this threat alone.";
    reviewed(
        &ws,
        V1,
        "commented.docx",
        |x| commented(&x, para, ""),
        Some(
            r#"<w:comment w:id="0" w:author="Ann Lee" w:date="2026-11-20T09:05:00Z" w:initials="AL"><w:p><w:r><w:t>Check this line with Legal.</w:t></w:r></w:p></w:comment>"#,
        ),
    );
    import(&ws, "commented.docx")
        .success()
        .stdout_has("1 comment");
    let path = "events/singapore-cyber-summit-2026.json";
    for (day, v) in [("09", "v003"), ("10", "v004")] {
        let event = ws.read(path);
        let at = event.find("2026-12-").expect("a date");
        let event = format!("{}2026-12-{day}{}", &event[..at], &event[at + 10..]);
        ws.write(path, &event);
        ws.run(&["draft", EVENT, "--kind", "press-briefing"])
            .success();
        let file = format!("output/singapore-cyber-summit-2026/press-briefing/{v}");
        let comments = ws.docx_xml(&format!("{file}.docx"), "word/comments.xml");
        assert!(
            comments.contains("Check this line with Legal."),
            "{v}: {comments}"
        );
        let m = ws.manifest(&format!("{file}.json"));
        assert_eq!(
            m["comments"][0]["text"], "Check this line with Legal.",
            "{v}"
        );
    }
}

#[test]
fn a_review_of_an_older_version_says_the_next_draft_brings_the_newer_inputs() {
    let ws = drafted();
    let path = "events/singapore-cyber-summit-2026.json";
    let event = ws
        .read(path)
        .replace("2026-12-08T09:30", "2026-12-09T09:30");
    ws.write(path, &event);
    ws.run(&["draft", EVENT, "--kind", "press-briefing"])
        .success();
    reviewed(
        &ws,
        V1,
        "edited.docx",
        |x| x.replacen("face this threat alone", "face this danger alone", 1),
        None,
    );
    let r = import(&ws, "edited.docx");
    r.success()
        .stdout_has("singapore-cyber-summit-2026/press-briefing: v003");
    assert_eq!(
        r.stderr(),
        "warning: singapore-cyber-summit-2026/press-briefing: edited.docx was edited from v001; the inputs changed by v002 are not in it, and the next `lectern draft singapore-cyber-summit-2026 --kind press-briefing` merges them in\n"
    );
    ws.run(&["draft", EVENT, "--kind", "press-briefing"])
        .success()
        .stdout_has("kept 1 edit from v003");
    let v4 = ws.read("output/singapore-cyber-summit-2026/press-briefing/v004.md");
    assert!(v4.contains("9 December 2026") && v4.contains("face this danger alone"));
    // A review of the latest version says nothing of the kind.
    reviewed(
        &ws,
        "output/singapore-cyber-summit-2026/press-briefing/v004.docx",
        "again.docx",
        |x| x.replacen("Press release", "Press statement", 1),
        None,
    );
    let r = import(&ws, "again.docx");
    r.success();
    assert_eq!(r.stderr(), "");
}
