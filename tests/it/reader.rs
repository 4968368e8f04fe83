//! The DOCX reader through `lectern diff`, on hostile and Word-shaped packages written here
//! and packed at test time: bounded nesting, many empty paragraphs, empty or garbage
//! document parts, headers and footers.

use std::io::Write;

use crate::Ws;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A package as Word lays it out, with `document` as `word/document.xml` (whole, so it can be
/// garbage) and an optional header part.
fn pack(ws: &Ws, name: &str, document: &str, header: Option<&str>) {
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    if header.is_some() {
        rels.push_str(r#"<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#);
    }
    rels.push_str("</Relationships>");
    let mut files = vec![
        ("[Content_Types].xml".to_string(), r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_string()),
        ("_rels/.rels".to_string(), r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
        ("word/_rels/document.xml.rels".to_string(), rels),
        ("word/document.xml".to_string(), document.to_string()),
    ];
    if let Some(h) = header {
        files.push((
            "word/header1.xml".into(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:hdr {NS}><w:p><w:r><w:t>{h}</w:t></w:r></w:p></w:hdr>"#),
        ));
    }
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (n, t) in files {
        z.start_file(n, opts).unwrap();
        z.write_all(t.as_bytes()).unwrap();
    }
    std::fs::write(ws.path().join(name), z.finish().unwrap().into_inner()).unwrap();
}

fn body(inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{inner}</w:body></w:document>"#
    )
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

#[test]
fn tables_nested_a_thousand_deep_are_refused_not_a_crash() {
    let ws = Ws::empty();
    let deep =
        "<w:tbl><w:tr><w:tc>".repeat(1000) + &para("x") + &"</w:tc></w:tr></w:tbl>".repeat(1000);
    pack(&ws, "deep.docx", &body(&deep), None);
    pack(&ws, "plain.docx", &body(&para("x")), None);
    let r = ws.run(&["diff", "plain.docx", "deep.docx"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: cannot read deep.docx as DOCX: word/document.xml nests elements more than 512 deep (tables inside tables?)\nhint: is it a Word document? A .doc (Word 97) file must be saved as .docx first\n"
    );
}

#[test]
fn millions_of_empty_paragraphs_read_in_bounded_memory() {
    let ws = Ws::empty();
    // 12 MB of `<w:p/>` in a package of a few kilobytes.
    let empty = "<w:p/>".repeat(2_000_000) + &para("Last words.");
    pack(&ws, "bomb.docx", &body(&empty), None);
    pack(&ws, "plain.docx", &body(&para("Last words.")), None);
    ws.run(&["diff", "plain.docx", "bomb.docx"])
        .success()
        .stdout_has("no changes\n");
}

#[test]
fn an_empty_or_garbage_document_part_is_an_error() {
    let ws = Ws::empty();
    pack(&ws, "plain.docx", &body(&para("Text.")), None);
    pack(&ws, "empty.docx", "", None);
    pack(&ws, "garbage.docx", "\u{1}\u{2} this is not XML <<<", None);
    pack(&ws, "words.docx", "plain words, no markup", None);
    for (file, why) in [
        (
            "empty.docx",
            "word/document.xml holds no document body (it is empty or not WordprocessingML)",
        ),
        (
            "words.docx",
            "word/document.xml holds no document body (it is empty or not WordprocessingML)",
        ),
        (
            "garbage.docx",
            "word/document.xml is not well-formed XML (at byte 19): syntax error: tag not closed: `>` not found before end of input",
        ),
    ] {
        let r = ws.run(&["diff", "plain.docx", file]);
        r.failure(2);
        assert_eq!(
            r.stderr(),
            format!("error: cannot read {file} as DOCX: {why}\nhint: is it a Word document? A .doc (Word 97) file must be saved as .docx first\n")
        );
    }
    pack(
        &ws,
        "broken.docx",
        &body("<w:p><w:r><w:t>open</w:r></w:p>"),
        None,
    );
    ws.run(&["diff", "plain.docx", "broken.docx"])
        .failure(2)
        .stderr_has("error: cannot read broken.docx as DOCX: word/document.xml is not well-formed XML (at byte ");
}

#[test]
fn an_edit_in_the_header_is_a_change_between_two_docx() {
    let ws = Ws::empty();
    pack(
        &ws,
        "a.docx",
        &body(&para("Body.")),
        Some("Embargoed until 10:00"),
    );
    pack(
        &ws,
        "b.docx",
        &body(&para("Body.")),
        Some("Embargoed until 11:00"),
    );
    pack(&ws, "c.docx", &body(&para("Body.")), None);
    ws.run(&["diff", "a.docx", "b.docx"])
        .success()
        .stdout_has("[header/footer] Embargoed until [-10-]{+11+}:00")
        .stdout_has("+1 \u{2212}1 words, 1 paragraph changed\n");
    // Against a file without one (a .md, a bare DOCX) the body alone is compared.
    ws.run(&["diff", "a.docx", "c.docx"])
        .success()
        .stdout_has("no changes\n");
}
