//! `lectern import`: a reviewer's DOCX kept as the next version, with its origin, comments and
//! pending changes; governance on what a reviewer added; bad files refused, nothing written.
//! The reviewer files are lectern's own drafts edited the way Word stores edits (XML written
//! here, packed at test time).

use std::io::{Read, Write};

use crate::Ws;

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// Rewrite `from` (a DOCX in the workspace) into `to` as Word would save a reviewer's work:
/// `edit` changes `word/document.xml`; `comments`, when given, becomes the comments part.
pub(crate) fn reviewed(
    ws: &Ws,
    from: &str,
    to: &str,
    edit: impl Fn(String) -> String,
    comments: Option<&str>,
) {
    let f = std::fs::File::open(ws.path().join(from)).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let name = e.name().to_string();
        let mut text = Vec::new();
        e.read_to_end(&mut text).unwrap();
        let text = match name.as_str() {
            "word/document.xml" => edit(String::from_utf8(text).unwrap()).into_bytes(),
            "word/comments.xml" if comments.is_some() => {
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {W_NS}>{}</w:comments>"#,
                    comments.unwrap()
                )
                .into_bytes()
            }
            "word/_rels/document.xml.rels" if comments.is_some() => String::from_utf8(text)
                .unwrap()
                .replace(
                    "</Relationships>",
                    r#"<Relationship Id="rIdC9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#,
                )
                .into_bytes(),
            _ => text,
        };
        out.start_file(name, opts).unwrap();
        out.write_all(&text).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    std::fs::write(ws.path().join(to), bytes).unwrap();
}

/// How the draft writes its closing line.
const THANKS: &str = r#"<w:r><w:rPr><w:lang w:val="en-GB" /></w:rPr><w:t xml:space="preserve">Thank you.</w:t></w:r>"#;

const SENTENCE: &str = r#"<w:r><w:rPr><w:lang w:val="en-GB" /></w:rPr><w:t xml:space="preserve">No country can fight transnational crime alone.</w:t></w:r>"#;

/// The usual review: a comment on "transnational crime" and a tracked insertion.
fn review_edit(xml: String) -> String {
    assert!(xml.contains(SENTENCE), "the draft changed shape");
    xml.replace(
        SENTENCE,
        r#"<w:r><w:t xml:space="preserve">No country can fight </w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>transnational crime</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r><w:r><w:t xml:space="preserve"> alone.</w:t></w:r><w:ins w:id="101" w:author="Ann Lee" w:date="2026-11-20T09:00:00Z"><w:r><w:t xml:space="preserve"> Together we are stronger.</w:t></w:r></w:ins>"#,
    )
}

const COMMENT: &str = r#"<w:comment w:id="0" w:author="Ann Lee" w:date="2026-11-20T09:05:00Z" w:initials="AL"><w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r><w:r><w:t>Say which crimes.</w:t></w:r></w:p></w:comment>"#;

fn drafted() -> Ws {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    ws
}

fn no_version_2(ws: &Ws) {
    for ext in ["docx", "md", "json"] {
        assert!(!ws.exists(&format!("output/summit/speech/v002.{ext}")));
    }
}

#[test]
fn a_review_becomes_the_next_version_byte_for_byte() {
    let ws = drafted();
    reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "review.docx",
        review_edit,
        Some(COMMENT),
    );
    let r = ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "review.docx",
        "--by",
        "Ann Lee",
        "--note",
        "legal review",
    ]);
    r.success();
    let out = r.stdout();
    assert!(
        out.starts_with("summit/speech: v002 output/summit/speech/v002.docx imported from review.docx, edited by Ann Lee ("),
        "{out}"
    );
    r.stdout_has("\n  based on v001, the version the file was drafted as\n")
        .stdout_has("\n  since v001: +4 \u{2212}0 words, 1 paragraph changed\n")
        .stdout_has("\n  1 comment, 1 pending tracked change\n");
    assert_eq!(
        std::fs::read(ws.path().join("review.docx")).unwrap(),
        std::fs::read(ws.path().join("output/summit/speech/v002.docx")).unwrap()
    );
    let md = ws.read("output/summit/speech/v002.md");
    assert!(
        md.contains("No country can fight transnational crime alone. Together we are stronger.\n"),
        "{md}"
    );
    // The text of record is the document's text.
    ws.run(&[
        "diff",
        "output/summit/speech/v002.md",
        "output/summit/speech/v002.docx",
    ])
    .success()
    .stdout_has("\nno changes\n");
    // The same file again: its comments are already those of the version it matches.
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "review.docx",
        "--by",
        "Ann Lee",
    ])
    .success()
    .stdout_has("summit/speech: review.docx is unchanged from v002; nothing written\n");
    let m = ws.manifest("output/summit/speech/v002.json");
    assert_eq!(m["version"], 2);
    assert_eq!(m["origin"]["kind"], "import");
    assert_eq!(m["origin"]["by"], "Ann Lee");
    assert_eq!(m["origin"]["file"], "review.docx");
    assert_eq!(m["origin"]["based_on"], 1);
    assert_eq!(m["origin"]["note"], "legal review");
    assert_eq!(m["origin"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(
        m["comments"],
        serde_json::json!([{
            "author": "Ann Lee",
            "date": "2026-11-20T09:05:00Z",
            "text": "Say which crimes.",
            "anchor": "transnational crime"
        }])
    );
    assert_eq!(
        m["pending_changes"],
        serde_json::json!([{
            "type": "insert",
            "author": "Ann Lee",
            "date": "2026-11-20T09:00:00Z",
            "text": " Together we are stronger."
        }])
    );
    // A drafted version's manifest has none of these fields.
    let v1 = ws.read("output/summit/speech/v001.json");
    for field in ["origin", "comments", "pending_changes"] {
        assert!(!v1.contains(&format!("\"{field}\"")), "{v1}");
    }

    // --from names the base; history says who edited what.
    reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "again.docx",
        |x| x.replace("Thank you.", "Thank you all."),
        None,
    );
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "again.docx",
        "--by",
        "Bo Chen",
        "--from",
        "1",
    ])
    .success()
    .stdout_has("\n  based on v001 (--from)\n");
    let h = ws.run(&["history", "summit", "--kind", "speech"]);
    h.success()
        .stdout_has(
            "\n        imported from review.docx, edited by Ann Lee, based on v001; 1 comment\n",
        )
        .stdout_has(
            "\n        imported from again.docx, edited by Bo Chen, based on v001; 0 comments\n",
        );
    let j = ws.run(&["history", "summit", "--kind", "speech", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&j.stdout()).unwrap();
    let versions = &v["kinds"][0]["versions"];
    assert_eq!(versions[1]["origin"]["by"], "Ann Lee");
    assert_eq!(versions[1]["comments"], 1);
    assert!(versions[0].get("origin").is_none());
}

#[test]
fn an_unchanged_file_writes_nothing() {
    let ws = drafted();
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "output/summit/speech/v001.docx",
        "--by",
        "Ann Lee",
    ])
    .success()
    .stdout_has(
        "summit/speech: output/summit/speech/v001.docx is unchanged from v001; nothing written\n",
    );
    no_version_2(&ws);
    // A comment alone is worth a version.
    reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "commented.docx",
        |x| {
            x.replace("Thank you.</w:t></w:r>", r#"Thank you.</w:t></w:r><w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/>"#)
        },
        Some(COMMENT),
    );
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "commented.docx",
        "--by",
        "Ann Lee",
    ])
    .success()
    .stdout_has("summit/speech: v002 ");
}

#[test]
fn a_bold_only_change_is_a_change() {
    let ws = drafted();
    reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "bold.docx",
        |x| {
            assert!(x.contains(THANKS), "the draft changed shape");
            x.replace(
            THANKS,
            r#"<w:r><w:rPr><w:b/><w:rPrChange w:id="7" w:author="Ann Lee" w:date="2026-11-20T09:10:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t xml:space="preserve">Thank you.</w:t></w:r>"#,
        )
        },
        None,
    );
    let r = ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "bold.docx",
        "--by",
        "Ann Lee",
    ]);
    // The words are the same; the paragraph is not.
    r.success()
        .stdout_has("  since v001: +0 \u{2212}0 words, 1 paragraph changed\n");
    assert!(ws
        .read("output/summit/speech/v002.md")
        .contains("\n<strong>Thank you.</strong>\n"));
    let m = ws.manifest("output/summit/speech/v002.json");
    assert_eq!(m["pending_changes"][0]["type"], "format");
    assert_eq!(m["pending_changes"][0]["text"], "Thank you.");
    // diff sees it too.
    ws.run(&["diff", "output/summit/speech/v001.docx", "bold.docx"])
        .success()
        .stdout_has("+0 \u{2212}0 words, 1 paragraph changed");
}

#[test]
fn files_that_are_not_readable_docx_are_refused_by_name() {
    let ws = drafted();
    ws.write("notes.docx", "just some text\n");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0u8; 504]);
    std::fs::write(ws.path().join("old.docx"), &ole).unwrap();
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(ws.path().join("secret.docx"), &ole).unwrap();
    let good = std::fs::read(ws.path().join("output/summit/speech/v001.docx")).unwrap();
    std::fs::write(ws.path().join("cut.docx"), &good[..good.len() / 2]).unwrap();
    reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "empty.docx",
        |_| String::new(),
        None,
    );
    for (file, why) in [
        ("notes.docx", "it is not a DOCX package (not a zip file)"),
        (
            "old.docx",
            "it is a Word 97-2003 document (.doc), not a .docx",
        ),
        (
            "secret.docx",
            "it is encrypted (password-protected); save an unprotected copy from Word",
        ),
        (
            "cut.docx",
            "the zip package is damaged: invalid Zip archive: Could not find EOCD",
        ),
        (
            "empty.docx",
            "word/document.xml holds no document body (it is empty or not WordprocessingML)",
        ),
    ] {
        let r = ws.run(&[
            "import", "summit", "--kind", "speech", file, "--by", "Ann Lee",
        ]);
        r.failure(2);
        assert_eq!(
            r.stderr(),
            format!("error: cannot import {file}: {why}\n  --> {file}\nhint: import takes a Word document (.docx) saved from a draft of this event\n"),
        );
        assert_eq!(r.stdout(), "");
        no_version_2(&ws);
    }
}

#[test]
fn a_restricted_fact_never_enters_a_public_kind_through_a_reviewer() {
    let ws = Ws::fixture("basic");
    ws.write("lectern.json", r#"{ "banned_phrases": ["war on crime"] }"#);
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    ws.run(&["draft", "summit", "--kind", "briefing-note"])
        .success();
    // Case, spacing and punctuation differ from the fact's statement; the sentence is whole.
    let add = |x: String, text: &str| {
        x.replace(
            "<w:sectPr>",
            &format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p><w:sectPr>"#),
        )
    };
    let leak = |x: String| {
        add(
            x,
            "So far. INTERNAL estimates point to further compounds,\u{a0}across the region!",
        )
    };
    reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "leak.docx",
        leak,
        None,
    );
    let r = ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "leak.docx",
        "--by",
        "Ann Lee",
    ]);
    r.failure(1);
    assert_eq!(
        r.stderr(),
        "error: cannot import leak.docx as the speech of event `summit`, a public document: it contains restricted fact `fact-internal`\n  --> leak.docx\nhint: remove the passage \"Internal estimates point to further compounds across the…\" from the document, or keep it out of public kinds\n"
    );
    no_version_2(&ws);
    // A restricted kind may carry it; a banned phrase warns.
    reviewed(
        &ws,
        "output/summit/briefing-note/v001.docx",
        "note.docx",
        |x| add(leak(x), "This is no War on Crime."),
        None,
    );
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "briefing-note",
        "note.docx",
        "--by",
        "Ann Lee",
    ])
    .success()
    .stdout_has("summit/briefing-note: v002 ")
    .stderr_has(
        "warning: summit/briefing-note: note.docx uses the banned phrase \"war on crime\"\n",
    );
}

#[test]
fn a_banned_phrase_typed_with_a_no_break_space_or_a_hyphen_still_warns() {
    let ws = Ws::fixture("basic");
    ws.write("lectern.json", r#"{ "banned_phrases": ["war on crime"] }"#);
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let para = "<w:p><w:r><w:t>This is no War\u{a0}on-crime.</w:t></w:r></w:p>";
    let add = |x: String| x.replace("<w:sectPr>", &format!("{para}<w:sectPr>"));
    let v1 = "output/summit/speech/v001.docx";
    reviewed(&ws, v1, "typed.docx", add, None);
    let args = [
        "import",
        "summit",
        "--kind",
        "speech",
        "typed.docx",
        "--by",
        "Ann",
    ];
    let warning = "warning: summit/speech: typed.docx uses the banned phrase \"war on crime\"\n";
    ws.run(&args).success().stderr_has(warning);
}

#[test]
fn eight_words_in_a_row_of_a_restricted_fact_are_refused_wherever_they_start() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    // The speech with one paragraph of the reviewer's added, imported.
    let import_with = |file: &str, text: &str| {
        let para = format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#);
        let add = move |x: String| x.replace("<w:sectPr>", &format!("{para}<w:sectPr>"));
        reviewed(&ws, "output/summit/speech/v001.docx", file, add, None);
        let args = [
            "import", "summit", "--kind", "speech", file, "--by", "Ann Lee",
        ];
        ws.run(&args)
    };
    // The fact's sentence without its first word, inside a sentence of the reviewer's own.
    let r = import_with(
        "leak.docx",
        "Analysts say Estimates point to further COMPOUNDS across the region, we hear.",
    );
    r.failure(1);
    assert_eq!(
        r.stderr(),
        "error: cannot import leak.docx as the speech of event `summit`, a public document: it contains restricted fact `fact-internal`\n  --> leak.docx\nhint: remove the passage \"estimates point to further compounds across the region…\" from the document, or keep it out of public kinds\n"
    );
    no_version_2(&ws);
    // Seven words in a row are not the fact's wording.
    import_with(
        "seven.docx",
        "Estimates point to further compounds across the valley.",
    )
    .success();
}

#[test]
fn as_delivered_records_duration_and_day() {
    let ws = drafted();
    ws.run(&[
        "clear",
        "summit",
        "--kind",
        "speech",
        "--by",
        "Spokesperson",
    ])
    .success();
    reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "delivered.docx",
        |x| x.replace("Thank you.", "Thank you very much."),
        None,
    );
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "delivered.docx",
        "--by",
        "Speechwriter",
        "--as-delivered",
        "--duration",
        "5:30",
        "--delivered-on",
        "2026-11-20",
    ])
    .success();
    let m = ws.manifest("output/summit/speech/v002.json");
    assert_eq!(m["origin"]["kind"], "delivered");
    assert_eq!(m["origin"]["duration_seconds"], 330);
    assert_eq!(m["origin"]["delivered_on"], "2026-11-20");
    let r = ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "delivered.docx",
        "--by",
        "X",
        "--as-delivered",
        "--duration",
        "5:75",
    ]);
    r.failure(2);
    assert_eq!(r.stderr(), "error: --duration: `5:75` is not M:SS or H:MM:SS\nhint: give how long the delivery took, e.g. --duration 12:30 or --duration 1:05:00\n");
}

#[test]
fn a_french_version_md_and_docx_compare_equal() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit-fr"]).success();
    let md = ws.read("output/summit-fr/briefing-note/v001.md");
    assert!(
        md.contains('\u{202f}'),
        "the text of record carries French spacing:\n{md}"
    );
    for kind in ["speech", "blog", "press-briefing", "briefing-note"] {
        let a = format!("output/summit-fr/{kind}/v001.md");
        let b = format!("output/summit-fr/{kind}/v001.docx");
        ws.run(&["diff", &a, &b])
            .success()
            .stdout_has("\nno changes\n");
    }
}

#[test]
fn diff_sees_footnotes_and_headers_edited_in_word() {
    let ws = drafted();
    reviewed(
        &ws,
        "output/summit/speech/v001.docx",
        "source.docx",
        |x| x,
        None,
    );
    // Edit the footnote part the way a reviewer fixing a citation would.
    let f = std::fs::File::open(ws.path().join("source.docx")).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut notes = String::new();
    z.by_name("word/footnotes.xml")
        .unwrap()
        .read_to_string(&mut notes)
        .unwrap();
    assert!(notes.contains("2 December 2024"));
    drop(z);
    let edited = notes.replace("2 December 2024", "3 December 2024");
    reviewed(&ws, "source.docx", "fixed.docx", |x| x, None);
    rewrite_part(&ws, "fixed.docx", "word/footnotes.xml", &edited);
    ws.run(&["diff", "output/summit/speech/v001.docx", "fixed.docx"])
        .success()
        .stdout_has("+1 \u{2212}1 words, 1 paragraph changed");
}

pub(crate) fn rewrite_part(ws: &Ws, docx: &str, part: &str, text: &str) {
    let bytes = std::fs::read(ws.path().join(docx)).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let name = e.name().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        out.start_file(name.clone(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(if name == part { text.as_bytes() } else { &data })
            .unwrap();
    }
    std::fs::write(ws.path().join(docx), out.finish().unwrap().into_inner()).unwrap();
}
