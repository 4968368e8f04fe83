//! The DOCX reader on well-formed WordprocessingML built from the fuzzer's bytes: each byte is
//! an instruction (open a table, a tracked change, a field, a content control or a text box;
//! write a paragraph, a long run, thousands of paragraphs, a drop cap, a deleted paragraph
//! mark, a footnote or comment reference; close what is open), so the walker's states, its
//! nesting limit and its paragraph limit are reached instead of the zip or XML parser's
//! first error. Never panics; what reads back turns into Markdown and diff paragraphs.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape""#;

/// What is open, to be closed in order.
enum Open {
    Table,
    Change(&'static str),
    Sdt,
    Hyperlink,
}

/// Largest document built (1 MB of XML): the reader's own limits are far above and tested on
/// their own; this keeps each run well under libFuzzer's timeout so the fuzzer explores shapes.
const MAX_XML: usize = 1 << 20;

fn build(data: &[u8]) -> String {
    let mut x = String::new();
    let mut open: Vec<Open> = Vec::new();
    let mut it = data.iter().copied();
    let text = |n: u8| "word ".repeat(usize::from(n % 16) + 1);
    while let Some(op) = it.next() {
        if x.len() > MAX_XML {
            break;
        }
        let arg = it.next().unwrap_or(0);
        // Runs live inside a paragraph: tracked changes and hyperlinks open one.
        let in_para = matches!(open.last(), Some(Open::Change(_) | Open::Hyperlink));
        match op % 16 {
            0 if !in_para => {
                x.push_str("<w:tbl><w:tr><w:tc>");
                open.push(Open::Table);
            }
            1 => match open.pop() {
                Some(Open::Table) => x.push_str("<w:p/></w:tc></w:tr></w:tbl>"),
                Some(Open::Change(tag)) => x.push_str(&format!("</w:{tag}></w:p>")),
                Some(Open::Sdt) => x.push_str("</w:sdtContent></w:sdt>"),
                Some(Open::Hyperlink) => x.push_str("</w:hyperlink></w:p>"),
                None => {}
            },
            2 if !in_para => x.push_str(&format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", text(arg))),
            3 if !in_para => {
                let n = usize::from(arg) * 200;
                x.push_str(&"<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p/>".repeat(n));
            }
            4 if !in_para => {
                let tag = ["ins", "del", "moveFrom", "moveTo"][usize::from(arg % 4)];
                x.push_str(&format!(
                    r#"<w:p><w:{tag} w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z">"#
                ));
                open.push(Open::Change(tag));
            }
            5 => {
                let run = format!("<w:r><w:t>{}</w:t></w:r>", "x".repeat(usize::from(arg) * 1000));
                if in_para {
                    x.push_str(&run);
                } else {
                    x.push_str(&format!("<w:p>{run}</w:p>"));
                }
            }
            6 => {
                let field = r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>4</w:t></w:r>"#;
                let end = if arg & 1 == 0 { r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"# } else { "" };
                if in_para {
                    x.push_str(field);
                    x.push_str(end);
                } else {
                    x.push_str(&format!("<w:p>{field}{end}</w:p>"));
                }
            }
            7 if !in_para => {
                x.push_str(r#"<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>"#);
                open.push(Open::Sdt);
            }
            8 if !in_para => x.push_str(&format!(
                r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>fallback</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
                text(arg)
            )),
            9 => {
                let r = format!(r#"<w:r><w:footnoteReference w:id="{arg}"/></w:r><w:commentRangeStart w:id="{arg}"/><w:r><w:t>c</w:t></w:r><w:commentRangeEnd w:id="{arg}"/>"#);
                if in_para {
                    x.push_str(&r);
                } else {
                    x.push_str(&format!("<w:p>{r}</w:p>"));
                }
            }
            10 if !in_para => x.push_str(
                r#"<w:p><w:pPr><w:framePr w:dropCap="drop"/></w:pPr><w:r><w:t>D</w:t></w:r></w:p>"#,
            ),
            11 if !in_para => x.push_str(
                r#"<w:p><w:pPr><w:rPr><w:del w:id="2" w:author="A" w:date="d"/></w:rPr></w:pPr><w:r><w:t>joined</w:t></w:r></w:p>"#,
            ),
            12 => {
                let r = r#"<w:r><w:rPr><w:b/><w:i w:val="0"/><w:rPrChange w:id="3" w:author="A" w:date="d"><w:rPr/></w:rPrChange></w:rPr><w:t>bold</w:t><w:noBreakHyphen/><w:softHyphen/><w:sym w:font="Symbol" w:char="F061"/><w:tab/><w:br w:type="page"/><w:br/></w:r>"#;
                if in_para {
                    x.push_str(r);
                } else {
                    x.push_str(&format!("<w:p>{r}</w:p>"));
                }
            }
            13 if !in_para => {
                x.push_str(r#"<w:p><w:hyperlink r:id="rIdL">"#);
                open.push(Open::Hyperlink);
            }
            14 if !in_para => {
                // A deep stack of nested tables at once.
                let n = usize::from(arg) * 4;
                for _ in 0..n {
                    x.push_str("<w:tbl><w:tr><w:tc>");
                    open.push(Open::Table);
                }
            }
            _ => {}
        }
    }
    while let Some(o) = open.pop() {
        x.push_str(match o {
            Open::Table => "<w:p/></w:tc></w:tr></w:tbl>",
            Open::Change("ins") => "</w:ins></w:p>",
            Open::Change("del") => "</w:del></w:p>",
            Open::Change("moveFrom") => "</w:moveFrom></w:p>",
            Open::Change(_) => "</w:moveTo></w:p>",
            Open::Sdt => "</w:sdtContent></w:sdt>",
            Open::Hyperlink => "</w:hyperlink></w:p>",
        });
    }
    format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{x}<w:sectPr/></w:body></w:document>"#)
}

fn package(document: &str) -> Vec<u8> {
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
        ("word/_rels/document.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org" TargetMode="External"/></Relationships>"#.to_string()),
        ("word/document.xml", document.to_string()),
        ("word/footnotes.xml", format!(r#"<?xml version="1.0"?><w:footnotes {NS}><w:footnote w:id="1"><w:p><w:r><w:t>note</w:t></w:r></w:p></w:footnote></w:footnotes>"#)),
        ("word/comments.xml", format!(r#"<?xml version="1.0"?><w:comments {NS}><w:comment w:id="1" w:author="A" w:date="d"><w:p><w:r><w:t>comment</w:t></w:r></w:p></w:comment></w:comments>"#)),
    ];
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default();
        for (name, text) in parts {
            z.start_file(name, opts).expect("zip entry");
            z.write_all(text.as_bytes()).expect("zip write");
        }
        z.finish().expect("zip finish");
    }
    out.into_inner()
}

fuzz_target!(|data: &[u8]| {
    let bytes = package(&build(data));
    if let Ok(review) = lectern::docx::read_review(&bytes) {
        let _ = lectern::document::markdown::to_markdown(&review.doc);
        let _ = lectern::diff::paragraphs(&review.doc);
    }
    let _ = lectern::docx::read_view(&bytes, lectern::docx::View::Rejected);
});
