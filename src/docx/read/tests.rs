//! The reader against Word's markup: each construct written as Word writes it (XML in the
//! test, packed at test time), and the packages python-docx and LibreOffice made.

use std::io::Write;

use super::*;
use crate::document::{BlockKind, Inline, Style};

const PYTHON_DOCX: &[u8] = include_bytes!("../../../tests/fixtures/review/reviewer-python.docx");
const LIBREOFFICE_DOCX: &[u8] =
    include_bytes!("../../../tests/fixtures/review/reviewer-libreoffice.docx");

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" mc:Ignorable="w14""#;

/// A package as Word lays it out: the body, and optional parts (`footnotes`, `comments`,
/// `header1` …) with their relationships.
pub(crate) fn pack(body: &str, parts: &[(&str, &str)]) -> Vec<u8> {
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut files: Vec<(String, String)> = Vec::new();
    for (k, (kind, xml)) in parts.iter().enumerate() {
        let target = format!("{kind}.xml");
        let ty = kind.trim_end_matches(char::is_numeric);
        rels.push_str(&format!(
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{ty}" Target="{target}"/>"#,
            k + 10
        ));
        files.push((format!("word/{target}"), xml.to_string()));
    }
    rels.push_str(r#"<Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/a" TargetMode="External"/></Relationships>"#);
    files.push(("word/_rels/document.xml.rels".into(), rels));
    files.push((
        "word/document.xml".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#),
    ));
    files.push((
        "_rels/.rels".into(),
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into(),
    ));
    files.push((
        "[Content_Types].xml".into(),
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.into(),
    ));
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, text) in files {
        z.start_file(name, opts).expect("zip");
        z.write_all(text.as_bytes()).expect("zip");
    }
    z.finish().expect("zip").into_inner()
}

pub(crate) fn part(root: &str, inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} {NS}>{inner}</w:{root}>"#
    )
}

fn texts(doc: &Document) -> Vec<(BlockKind, String)> {
    doc.blocks
        .iter()
        .map(|b| (b.kind, b.plain_text()))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

fn body_texts(body: &str) -> Vec<String> {
    let doc = read(&pack(body, &[])).expect("reads");
    doc.blocks.iter().map(|b| b.plain_text()).collect()
}

fn p(runs: &str) -> String {
    format!("<w:p>{runs}</w:p>")
}

fn r(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

#[test]
fn a_damaged_package_is_an_error_not_a_panic() {
    let mut bytes = PYTHON_DOCX.to_vec();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(PYTHON_DOCX)).expect("fixture");
    let data_start = z.by_name("word/document.xml").expect("part").data_start();
    let at = usize::try_from(data_start.expect("offset")).expect("offset") + 10;
    bytes[at] ^= 0xff;
    assert!(read(&bytes).is_err());
    assert!(read(b"PK\x03\x04 not a zip").is_err());
}

#[test]
fn python_docx_styles_map_to_block_kinds() {
    let doc = read(PYTHON_DOCX).expect("fixture reads");
    let t = texts(&doc);
    assert_eq!(t[0], (BlockKind::Title, "Speech on cybercrime".into()));
    assert_eq!(t[1], (BlockKind::Heading(1), "Cooperation".into()));
    assert_eq!(t[3].0, BlockKind::Bullet { level: 0 });
    assert_eq!(
        t[5],
        (
            BlockKind::Quote,
            "Justice delayed is justice denied.".into()
        )
    );
    assert_eq!(t[6].1, "Line one\nline two\tafter a tab");
    let cells: Vec<_> = t.iter().filter(|(k, _)| k.table().is_some()).collect();
    assert_eq!(cells.len(), 2, "{t:?}");
    assert!(matches!(cells[1].0, BlockKind::Cell { row: 0, col: 1, .. }));
    assert_eq!(cells[1].1, "Cell B");
    assert_eq!(t.last().map(|x| x.1.as_str()), Some("Thank you & goodbye."));
}

#[test]
fn libreoffice_package_reads() {
    let doc = read(LIBREOFFICE_DOCX).expect("fixture reads");
    assert!(!doc.blocks.is_empty());
}

#[test]
fn tracked_changes_read_accepted_or_rejected() {
    let accepted = texts(&read(PYTHON_DOCX).expect("fixture reads"));
    assert_eq!(
        accepted[2].1,
        "The Secretary General stated that cybercrime is rising."
    );
    assert!(!accepted
        .iter()
        .any(|(_, s)| s.contains("deleted by the reviewer")));
    let rejected = texts(&read_view(PYTHON_DOCX, View::Rejected).expect("fixture reads"));
    assert_eq!(
        rejected[2].1,
        "The Secretary General said that cybercrime is rising."
    );
    assert!(rejected
        .iter()
        .any(|(_, s)| s == "This paragraph was deleted by the reviewer."));
}

#[test]
fn bold_and_italic_are_in_the_model() {
    let doc = read(&pack(
        &p(r#"<w:r><w:rPr><w:b/></w:rPr><w:t>Bold</w:t></w:r><w:r><w:t xml:space="preserve"> and </w:t></w:r><w:r><w:rPr><w:i/><w:b w:val="0"/></w:rPr><w:t>italic</w:t></w:r>"#),
        &[],
    ))
    .expect("reads");
    let styles: Vec<Style> = doc.blocks[0]
        .inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Text { style, .. } => Some(*style),
            _ => None,
        })
        .collect();
    assert!(styles[0].bold && !styles[0].italic);
    assert_eq!(styles[1], Style::default());
    assert!(styles[2].italic && !styles[2].bold);
}

#[test]
fn hyphens_symbols_tabs_and_breaks() {
    let t = body_texts(&p(
        r#"<w:r><w:t>private</w:t><w:noBreakHyphen/><w:t>sector co</w:t><w:softHyphen/><w:t>operation</w:t><w:tab/><w:sym w:font="Symbol" w:char="F061"/><w:t>end</w:t><w:br w:type="page"/><w:t>next</w:t><w:br/><w:t>line</w:t></w:r>"#,
    ));
    assert_eq!(
        t,
        ["private\u{2011}sector co\u{AD}operation\t\u{3b1}end next\nline"]
    );
}

#[test]
fn field_results_not_codes() {
    let t = body_texts(&p(&format!(
        r#"{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE \@ "d MMMM yyyy" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr=" PAGE ">{}</w:fldSimple>"#,
        r("Dated "),
        r("2 March 2026"),
        r(", page 4")
    )));
    assert_eq!(t, ["Dated 2 March 2026, page 4"]);
}

#[test]
fn content_controls_and_text_boxes_read_once() {
    let shape = format!(
        r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
        p(&r("Boxed quote")),
        p(&r("Boxed quote")),
    );
    let body = format!(
        r#"<w:sdt><w:sdtPr><w:alias w:val="Lead"/><w:text/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>{}"#,
        p(&r("Inside a control")),
        p(&format!("{}{shape}", r("Anchor")))
    );
    assert_eq!(
        body_texts(&body),
        ["Inside a control", "Boxed quote", "Anchor"]
    );
}

#[test]
fn drop_caps_and_deleted_paragraph_marks_join() {
    let body = format!(
        r#"<w:p><w:pPr><w:framePr w:dropCap="drop" w:lines="3"/></w:pPr>{}</w:p>{}<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="Ann" w:date="2026-03-02T09:00:00Z"/></w:rPr></w:pPr>{}</w:p>{}"#,
        r("T"),
        p(&r("he day began.")),
        r("First half"),
        p(&r(" and second half.")),
    );
    assert_eq!(
        body_texts(&body),
        ["The day began.", "First half and second half."]
    );
}

#[test]
fn words_either_side_of_a_deleted_paragraph_mark_stay_apart() {
    // pandoc's test file paragraph_insertion_deletion.docx, accepted: "split Paragraph.".
    let mark_del = r#"<w:pPr><w:rPr><w:del w:id="1" w:author="Ann" w:date="2026-03-02T09:00:00Z"/></w:rPr></w:pPr>"#;
    let body = format!(
        "{}<w:p>{mark_del}{}</w:p>{}<w:p>{mark_del}{}</w:p>{}",
        p(&r("This is a")),
        r("split"),
        p(&r("Paragraph.")),
        r("Ends with a break:"),
        p(&format!("{}{}", r("</w:t><w:br/><w:t>"), r("next"))),
    );
    assert_eq!(
        body_texts(&body),
        ["This is a", "split Paragraph.", "Ends with a break:\nnext"]
    );
}

#[test]
fn moves_keep_the_destination_only() {
    let body = format!(
        r#"<w:p><w:moveFrom w:id="1" w:author="Ann" w:date="d"><w:r><w:t>Moved.</w:t></w:r></w:moveFrom>{}</w:p><w:p>{}<w:moveTo w:id="2" w:author="Ann" w:date="d"><w:r><w:t>Moved.</w:t></w:r></w:moveTo></w:p>"#,
        r("Stays."),
        r("Here. ")
    );
    let review = read_review(&pack(&body, &[])).expect("reads");
    assert_eq!(
        review.doc.paragraphs().collect::<Vec<_>>(),
        ["Stays.", "Here. Moved."]
    );
    assert_eq!(review.pending.len(), 1);
    assert_eq!(review.pending[0].kind, ChangeKind::Move);
    assert_eq!(review.pending[0].text, "Moved.");
}

#[test]
fn footnotes_endnotes_comments_and_furniture() {
    let footnotes = part(
        "footnotes",
        &format!(
            r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>{}</w:p></w:footnote>"#,
            r(" Source: UNODC, 2025.")
        ),
    );
    let endnotes = part(
        "endnotes",
        &format!(
            r#"<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r>{}</w:p></w:endnote>"#,
            r(" An endnote.")
        ),
    );
    let comments = part(
        "comments",
        &format!(
            r#"<w:comment w:id="0" w:author="Ann Reviewer" w:date="2026-03-02T09:00:00Z" w:initials="AR"><w:p><w:r><w:annotationRef/></w:r>{}</w:p></w:comment>"#,
            r("Check this figure.")
        ),
    );
    let header = part("hdr", &p(&r("Embargoed until 10:00")));
    let body = format!(
        r#"<w:p>{}<w:commentRangeStart w:id="0"/>{}<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r>{}<w:r><w:endnoteReference w:id="1"/></w:r></w:p>"#,
        r("Losses reached "),
        r("USD 10 trillion"),
        r(".")
    );
    let review = read_review(&pack(
        &body,
        &[
            ("footnotes", &footnotes),
            ("endnotes", &endnotes),
            ("comments", &comments),
            ("header1", &header),
        ],
    ))
    .expect("reads");
    assert_eq!(
        review.doc.blocks[0].plain_text(),
        "Losses reached USD 10 trillion."
    );
    let notes: Vec<String> = review
        .doc
        .footnotes
        .iter()
        .map(|f| crate::document::plain_text(&f.inlines))
        .collect();
    assert_eq!(notes, ["Source: UNODC, 2025.", "An endnote."]);
    assert_eq!(
        review.comments,
        [ReviewComment {
            author: "Ann Reviewer".into(),
            date: "2026-03-02T09:00:00Z".into(),
            text: "Check this figure.".into(),
            anchor: "USD 10 trillion".into(),
        }]
    );
    assert_eq!(review.furniture[0].plain_text(), "Embargoed until 10:00");
}

#[test]
fn formatting_changes_are_pending() {
    let body = r#"<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="Ann" w:date="2026-03-02T09:00:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t>now bold</w:t></w:r></w:p>"#;
    let review = read_review(&pack(body, &[])).expect("reads");
    assert_eq!(review.pending.len(), 1);
    assert_eq!(review.pending[0].kind, ChangeKind::Format);
    assert_eq!(review.pending[0].text, "now bold");
}

#[test]
fn an_empty_or_garbage_document_is_an_error() {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("zip");
    let empty = z.finish().expect("zip").into_inner();
    assert_eq!(
        read(&empty).err().as_deref(),
        Some("word/document.xml holds no document body (it is empty or not WordprocessingML)")
    );
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("zip");
    z.write_all(b"\x00\x01garbage<<<").expect("zip");
    let garbage = z.finish().expect("zip").into_inner();
    assert!(read(&garbage).is_err());
}

#[test]
fn nesting_is_bounded_without_recursion() {
    let deep = "<w:tbl><w:tr><w:tc>".repeat(2000) + &"</w:tc></w:tr></w:tbl>".repeat(2000);
    let err = read(&pack(&deep, &[])).expect_err("refused");
    assert!(err.contains("nests elements more than 512 deep"), "{err}");
    // Nested tables within the limit read into the outer cell.
    let inner = format!(
        "<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
        p(&r("inner"))
    );
    let outer = format!(
        "<w:tbl><w:tr><w:tc>{}{inner}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
        p(&r("outer")),
        p(&r("B"))
    );
    assert_eq!(body_texts(&outer), ["outer\ninner", "B"]);
}

#[test]
fn empty_paragraphs_cost_nothing() {
    let body = "<w:p/>".repeat(200_000) + &p(&r("last"));
    let doc = read(&pack(&body, &[])).expect("reads");
    assert_eq!(doc.blocks.len(), 1);
}

#[test]
fn a_note_cited_again_is_a_reference_to_the_same_note() {
    let footnotes = part(
        "footnotes",
        &format!(
            r#"<w:footnote w:id="1"><w:p>{}</w:p></w:footnote>"#,
            r("Source.")
        ),
    );
    let refstyle = r#"<w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>"#;
    let body = format!(
        r#"<w:p>{}<w:bookmarkStart w:id="1" w:name="_RefNote1"/><w:r>{refstyle}<w:footnoteReference w:id="1"/></w:r><w:bookmarkEnd w:id="1"/>{}<w:r>{refstyle}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{refstyle}<w:instrText xml:space="preserve"> NOTEREF _RefNote1 \f \h </w:instrText></w:r><w:r>{refstyle}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{refstyle}<w:t>1</w:t></w:r><w:r>{refstyle}<w:fldChar w:fldCharType="end"/></w:r>{}</w:p>"#,
        r("First"),
        r(" and again"),
        r(".")
    );
    let doc = read(&pack(&body, &[("footnotes", &footnotes)])).expect("reads");
    assert_eq!(doc.blocks[0].plain_text(), "First and again.");
    let refs: Vec<&Inline> = doc.blocks[0]
        .inlines
        .iter()
        .filter(|i| matches!(i, Inline::FootnoteRef(_)))
        .collect();
    assert_eq!(refs, [&Inline::FootnoteRef(0), &Inline::FootnoteRef(0)]);
    assert_eq!(doc.footnotes.len(), 1);
}

#[test]
fn superscript_and_subscript_direct_and_from_character_styles() {
    use crate::document::VertAlign;
    let styles = part(
        "styles",
        r#"<w:style w:type="character" w:styleId="Base"><w:name w:val="Lowered"/><w:rPr><w:vertAlign w:val="subscript"/><w:rPrChange w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:rPrChange></w:rPr></w:style><w:style w:type="character" w:styleId="Chem"><w:name w:val="Chemistry"/><w:basedOn w:val="Base"/></w:style>"#,
    );
    let body = p(concat!(
        r#"<w:r><w:t>XXI</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>e</w:t></w:r>"#,
        r#"<w:r><w:t xml:space="preserve"> CO</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Chem"/></w:rPr><w:t>2</w:t></w:r>"#,
        r#"<w:r><w:rPr><w:rStyle w:val="Chem"/><w:vertAlign w:val="baseline"/></w:rPr><w:t xml:space="preserve"> x</w:t></w:r>"#,
    ));
    let doc = read(&pack(&body, &[("styles", &styles)])).expect("reads");
    let verts: Vec<(String, VertAlign)> = doc.blocks[0]
        .inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Text { text, style, .. } => Some((text.clone(), style.vert)),
            _ => None,
        })
        .collect();
    assert_eq!(
        verts,
        [
            ("XXI".to_string(), VertAlign::Baseline),
            ("e".to_string(), VertAlign::Superscript),
            (" CO".to_string(), VertAlign::Baseline),
            ("2".to_string(), VertAlign::Subscript),
            (" x".to_string(), VertAlign::Baseline),
        ]
    );
}

#[test]
fn libreoffices_point_bookmark_before_a_note_marks_it_for_a_cross_reference() {
    // LibreOffice saves the bookmark of a note cited again as an empty bookmark just before
    // the reference, where Word's wraps it.
    let footnotes = part(
        "footnotes",
        &format!(
            r#"<w:footnote w:id="2"><w:p>{}</w:p></w:footnote><w:footnote w:id="3"><w:p>{}</w:p></w:footnote>"#,
            r("First source."),
            r("Second source.")
        ),
    );
    let noteref = r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">NOTEREF _RefNote2 \f \h</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#;
    let body = format!(
        r#"<w:p>{}<w:r><w:footnoteReference w:id="2"/></w:r>{}<w:bookmarkStart w:id="1" w:name="_RefNote2"/><w:bookmarkEnd w:id="1"/><w:r><w:footnoteReference w:id="3"/></w:r></w:p><w:p>{}{noteref}</w:p>"#,
        r("One."),
        r(" Two."),
        r("Again."),
    );
    let doc = read(&pack(&body, &[("footnotes", &footnotes)])).expect("reads");
    assert_eq!(doc.blocks[1].plain_text(), "Again.");
    assert_eq!(doc.blocks[1].inlines.last(), Some(&Inline::FootnoteRef(1)));
    assert_eq!(doc.footnotes.len(), 2);

    // A point bookmark with text after it marks no note; nor does Word's bookmark around
    // one reference mark the reference right after it.
    let body = format!(
        r#"<w:p><w:bookmarkStart w:id="1" w:name="_RefNote2"/><w:bookmarkEnd w:id="1"/>{}<w:r><w:footnoteReference w:id="2"/></w:r><w:bookmarkStart w:id="4" w:name="_RefNote3"/><w:r><w:footnoteReference w:id="3"/></w:r><w:bookmarkEnd w:id="4"/><w:r><w:footnoteReference w:id="2"/></w:r></w:p><w:p>{}{noteref}</w:p>"#,
        r("One."),
        r("Again."),
    );
    let doc = read(&pack(&body, &[("footnotes", &footnotes)])).expect("reads");
    assert_eq!(doc.blocks[1].plain_text(), "Again.2");
}

#[test]
fn page_breaks_between_paragraphs_are_page_breaks_not_spaces() {
    let pb = r#"<w:r><w:br w:type="page"/></w:r>"#;
    // As lectern writes it (the next paragraph starts a page), as LibreOffice saves it (a
    // break ending the paragraph before), as Word's Ctrl+Enter makes it (a break before the
    // text, or alone in a paragraph).
    let body = [
        p(&r("One")),
        r#"<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>Two</w:t></w:r></w:p>"#.to_string(),
        p(&format!("{}{pb}", r("ENDS"))),
        p(&format!("{pb}{}", r("Three"))),
        p(pb),
        p(&format!("{}{pb}{}", r("four"), r("five"))),
    ]
    .concat();
    let doc = read(&pack(&body, &[])).expect("reads");
    let got: Vec<(BlockKind, String)> = doc
        .blocks
        .iter()
        .map(|b| (b.kind, b.plain_text()))
        .collect();
    let (t, brk) = (BlockKind::Paragraph, BlockKind::PageBreak);
    assert_eq!(
        got,
        [
            (t, "One".to_string()),
            (brk, String::new()),
            (t, "Two".to_string()),
            (t, "ENDS".to_string()),
            (brk, String::new()),
            (t, "Three".to_string()),
            (brk, String::new()),
            (t, "four five".to_string()),
        ]
    );
    // The text of record keeps them as thematic breaks.
    let md = crate::document::markdown::to_markdown(&doc);
    assert_eq!(
        md,
        "One\n\n---\n\nTwo\n\nENDS\n\n---\n\nThree\n\n---\n\nfour five\n"
    );
}

#[test]
fn a_header_rows_bold_is_the_rows_not_the_words() {
    let cell = |t: &str| {
        format!(r#"<w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{t}</w:t></w:r></w:p></w:tc>"#)
    };
    let body = format!(
        r#"<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>"#,
        cell("Figure"),
        cell("Source"),
        cell("41 arrests"),
        r#"<w:tc><w:p><w:r><w:t>INTERPOL</w:t></w:r></w:p></w:tc>"#
    );
    let doc = read(&pack(&body, &[])).expect("reads");
    let bold: Vec<bool> = doc
        .blocks
        .iter()
        .map(|b| matches!(&b.inlines[..], [Inline::Text { style, .. }] if style.bold))
        .collect();
    assert_eq!(bold, [false, false, true, false]);
}
