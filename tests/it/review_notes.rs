//! What a draft over a reviewer's edits reports keeping (DESIGN.md §10): on the sample press
//! briefing a reviewer changes one word, moves one key message, adds a paragraph, changes a
//! table cell and corrects the date in a note cited twice; the event's date then changes and
//! the next draft keeps exactly those five edits. An imported file numbers its notes (`[^3]`,
//! or one note per reference) where lectern labels them by source (`[^src-fact-…]`): the
//! edited note goes back under its source's label, so it is one edit, not one per reference.

use crate::Ws;
use std::io::{Read, Write};

const EVENT: &str = "singapore-cyber-summit-2026";
const DIR: &str = "output/singapore-cyber-summit-2026/press-briefing";
const HAECHI: &str = "[^src-fact-haechi-v-2024]";

/// A copy of the DOCX `from` as `to`, each part's text passed through `edit(name, text)`.
fn repack(ws: &Ws, from: &str, to: &str, edit: impl Fn(&str, String) -> String) {
    let f = std::fs::File::open(ws.path().join(from)).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let name = e.name().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        let bytes = match String::from_utf8(bytes) {
            Ok(text) if name.ends_with(".xml") => edit(&name, text).into_bytes(),
            Ok(text) => text.into_bytes(),
            Err(e) => e.into_bytes(),
        };
        out.start_file(name, opts).unwrap();
        out.write_all(&bytes).unwrap();
    }
    std::fs::write(ws.path().join(to), out.finish().unwrap().into_inner()).unwrap();
}

/// The paragraph (`<w:p …>…</w:p>`) around byte `at` of `xml`, as a range.
fn paragraph_at(xml: &str, at: usize) -> std::ops::Range<usize> {
    let start = xml[..at]
        .rfind("<w:p ")
        .max(xml[..at].rfind("<w:p>"))
        .expect("a paragraph");
    let end = at + xml[at..].find("</w:p>").expect("its end") + "</w:p>".len();
    start..end
}

/// `xml` with `from` replaced once, checking it is there.
fn once(xml: &str, from: &str, to: &str) -> String {
    assert!(xml.contains(from), "the draft changed shape: {from}");
    xml.replacen(from, to, 1)
}

/// The reviewer's five edits to the body: one word, one key message moved down the list,
/// one paragraph added in the questions and answers, one table cell.
fn review_body(xml: String) -> String {
    let xml = once(
        &xml,
        "face this threat alone.",
        "face this threat single-handed.",
    );
    // Move the second key message after the last one.
    let at = xml
        .find("This is prevention at scale")
        .expect("a key message");
    let moved = paragraph_at(&xml, at);
    let para = xml[moved.clone()].to_string();
    let xml = format!("{}{}", &xml[..moved.start], &xml[moved.end..]);
    let at = xml
        .find("We invite every responsible company")
        .expect("the last key message");
    let after = paragraph_at(&xml, at).end;
    let xml = format!("{}{para}{}", &xml[..after], &xml[after..]);
    // A new paragraph after the last answer on scam centres.
    let at = xml
        .rfind("prosecuting the organizers must go hand in hand")
        .expect("an answer");
    let after = paragraph_at(&xml, at).end;
    let xml = format!(
        "{}<w:p><w:r><w:t>The summit brings together ministers, police chiefs and industry leaders from every region.</w:t></w:r></w:p>{}",
        &xml[..after],
        &xml[after..]
    );
    assert_eq!(
        xml.matches(">41 arrests<").count(),
        1,
        "one cell reads 41 arrests"
    );
    once(&xml, ">41 arrests<", ">41 people arrested<")
}

/// The date corrected in the first note that has it (HAECHI V's, cited twice).
fn review_notes(xml: String) -> String {
    once(&xml, "2 December 2024", "3 December 2024")
}

/// The note of the NOTEREF field that cites note 3 again made a note of its own (id 9, the
/// same text), as tools that write one note per reference save it: the import numbers them
/// `[^3]` and `[^5]`. `both` corrects the date in the copy too.
fn one_note_per_reference(name: &str, xml: String, both: bool) -> String {
    match name {
        "word/document.xml" => {
            let xml = review_body(xml);
            let field = xml.find(" NOTEREF _RefNote3 ").expect("note 3 cited again");
            let begin = xml[..field].rfind("<w:r>").expect("the field's first run");
            let begin = xml[..begin].rfind("<w:r>").expect("its begin run");
            let end_mark = field + xml[field..].find("w:fldCharType=\"end\"").unwrap();
            let end = end_mark + xml[end_mark..].find("</w:r>").unwrap() + "</w:r>".len();
            format!(
                r#"{}<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:footnoteReference w:id="9" /></w:r>{}"#,
                &xml[..begin],
                &xml[end..]
            )
        }
        "word/footnotes.xml" => {
            let start = xml.find(r#"<w:footnote w:id="3">"#).expect("note 3");
            let end = start + xml[start..].find("</w:footnote>").unwrap() + "</w:footnote>".len();
            let copy = xml[start..end].replace(r#"w:id="3""#, r#"w:id="9""#);
            let xml = format!("{}{copy}{}", &xml[..end], &xml[end..]);
            if both {
                xml.replace("2 December 2024", "3 December 2024")
            } else {
                review_notes(xml)
            }
        }
        _ => xml,
    }
}

/// The sample press briefing drafted, the reviewer's file made from v001 by `edit` and
/// imported as v002, and the event moved a day later.
fn reviewed(edit: impl Fn(&str, String) -> String) -> Ws {
    let ws = Ws::sample();
    ws.run(&["draft", EVENT, "--kind", "press-briefing"])
        .success();
    repack(&ws, &format!("{DIR}/v001.docx"), "review.docx", edit);
    ws.run(&[
        "import",
        EVENT,
        "--kind",
        "press-briefing",
        "review.docx",
        "--by",
        "Ann Lee",
    ])
    .success();
    let event = format!("events/{EVENT}.json");
    let text = ws.read(&event);
    ws.write(&event, &once(&text, "2026-12-08T09:30", "2026-12-09T09:30"));
    ws
}

fn draft_again(ws: &Ws) -> crate::Run {
    let r = ws.run(&["draft", EVENT, "--kind", "press-briefing"]);
    r.success();
    r
}

/// The merged text keeps the reviewer's five edits, the notes under their sources' labels.
fn assert_merged(ws: &Ws) {
    let md = ws.read(&format!("{DIR}/v003.md"));
    for kept in [
        "face this threat single-handed.",
        "| 41 people arrested |",
        "The summit brings together ministers, police chiefs and industry leaders from every region.",
        "**SINGAPORE, 9 December 2026**",
    ] {
        assert!(md.contains(kept), "{kept} is not in:\n{md}");
    }
    let invite = md.find("- We invite every responsible company").unwrap();
    let moved = md
        .find("- This is prevention at scale")
        .expect("the key message moved");
    assert!(
        moved > invite,
        "the key message is where the reviewer put it"
    );
    // One definition of the corrected note, under its label, with its link; cited twice.
    let def = format!("{HAECHI}: INTERPOL, *INTERPOL financial crime operation makes record 5,500 arrests, seizures worth over USD 400 million*, 3 December 2024, [https://");
    assert_eq!(md.matches(&def).count(), 1, "{md}");
    assert_eq!(md.matches(&format!("{HAECHI}:")).count(), 1, "{md}");
    assert_eq!(
        md.matches(HAECHI).count(),
        3,
        "two references and one note: {md}"
    );
    assert!(
        !md.contains("[^1]") && !md.contains("[^3]"),
        "numbered notes left: {md}"
    );
}

#[test]
fn a_review_of_five_edits_is_kept_as_five_edits() {
    let ws = reviewed(|name, xml| match name {
        "word/document.xml" => review_body(xml),
        "word/footnotes.xml" => review_notes(xml),
        _ => xml,
    });
    draft_again(&ws).stdout_has("  kept 5 edits from v002, edited by Ann Lee\n");
    assert_eq!(
        ws.manifest(&format!("{DIR}/v003.json"))["merge"]["edits_kept"],
        5
    );
    assert_merged(&ws);
}

#[test]
fn notes_saved_one_per_reference_become_one_note_again() {
    let ws = reviewed(|name, xml| one_note_per_reference(name, xml, true));
    let v2 = ws.read(&format!("{DIR}/v002.md"));
    assert!(
        v2.contains("[^3]: INTERPOL, *INTERPOL financial crime")
            && v2.contains("[^5]: INTERPOL, *INTERPOL financial crime"),
        "the import numbers the two copies: {v2}"
    );
    draft_again(&ws).stdout_has("  kept 5 edits from v002, edited by Ann Lee\n");
    assert_merged(&ws);
}

/// A note cited twice whose copy the reviewer corrected at one place only reads differently
/// there: that copy keeps a label of its own, nothing is lost.
#[test]
fn a_note_corrected_at_one_of_its_places_only_keeps_both_wordings() {
    let ws = reviewed(|name, xml| one_note_per_reference(name, xml, false));
    draft_again(&ws);
    let md = ws.read(&format!("{DIR}/v003.md"));
    assert_eq!(md.matches(&format!("{HAECHI}:")).count(), 1, "{md}");
    assert!(
        md.contains("3 December 2024") && md.contains("2 December 2024, ["),
        "{md}"
    );
    assert_eq!(
        md.matches("]: INTERPOL, *INTERPOL financial crime").count(),
        2,
        "{md}"
    );
}
