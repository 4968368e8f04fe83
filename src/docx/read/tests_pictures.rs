//! Pictures read from a reviewer's DOCX: DrawingML (`w:drawing`, `a:blip r:embed`) and VML
//! (`w:pict`, `v:imagedata r:id`) as Word and LibreOffice write them, with their alt text;
//! what cannot be shown is left out with a note.

use std::io::Write;

use super::*;
use crate::document::Inline;

const PYTHON: &[u8] = include_bytes!("../../../tests/fixtures/review/bilingual-python.docx");
const PYTHON_LO: &[u8] =
    include_bytes!("../../../tests/fixtures/review/bilingual-python-libreoffice.docx");

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office""#;

/// A grey PNG of `w`×`h` pixels (no resolution chunk: 96 dpi).
fn png(w: u32, h: u32) -> Vec<u8> {
    let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut c = kind.to_vec();
        c.extend_from_slice(data);
        out.extend_from_slice(&c);
        out.extend_from_slice(&crc32fast::hash(&c).to_be_bytes());
    };
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let raw: Vec<u8> = (0..h)
        .flat_map(|_| std::iter::once(0).chain((0..w).map(|_| 128)))
        .collect();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(&raw).expect("zlib");
    chunk(&mut out, b"IDAT", &z.finish().expect("zlib"));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A package with `body`, relationships `rels` (id, type, target, external) and `media`
/// parts (name under `word/`, bytes).
fn package(body: &str, rels: &[(&str, &str, &str, bool)], media: &[(&str, &[u8])]) -> Vec<u8> {
    let mut r = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (id, ty, target, external) in rels {
        let mode = if *external {
            r#" TargetMode="External""#
        } else {
            ""
        };
        r.push_str(&format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{ty}" Target="{target}"{mode}/>"#
        ));
    }
    r.push_str("</Relationships>");
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, bytes: &[u8]| {
        z.start_file(name, opts).expect("zip");
        z.write_all(bytes).expect("zip");
    };
    put(
        "_rels/.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    put("word/_rels/document.xml.rels", r.as_bytes());
    put(
        "word/document.xml",
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>"#).as_bytes(),
    );
    for (name, bytes) in media {
        put(&format!("word/{name}"), bytes);
    }
    z.finish().expect("zip").into_inner()
}

/// A DrawingML inline picture as Word writes it.
fn drawing(rid: &str, descr: &str, title: &str, cx: u64, cy: u64) -> String {
    format!(
        r#"<w:r><w:drawing><wp:inline><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="Picture 1" descr="{descr}" title="{title}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="x.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    )
}

fn images(doc: &Document) -> Vec<(String, String)> {
    doc.images()
        .map(|(s, a)| (s.to_string(), a.to_string()))
        .collect()
}

#[test]
fn inline_pictures_are_read_with_their_alt_text_and_size() {
    let pic = png(200, 100);
    let body = format!(
        "<w:p><w:r><w:t>Before </w:t></w:r>{}<w:r><w:t> after.</w:t></w:r></w:p><w:p>{}</w:p><w:p>{}</w:p>",
        drawing("rId5", "Delegates in the hall", "Hall", 1_905_000, 952_500),
        // No description: the title is the alt text. The same part again is one picture.
        drawing("rId5", "", "Hall again", 914_400, 457_200),
        // VML, as older Word files store pictures: the shape's alt text.
        r#"<w:r><w:pict><v:shape id="s1" alt="An old picture" style="width:100pt;height:50pt"><v:imagedata r:id="rId6" o:title="old"/></v:shape></w:pict></w:r>"#
    );
    let bytes = package(
        &body,
        &[
            ("rId5", "image", "media/image1.png", false),
            ("rId6", "image", "media/image2.png", false),
        ],
        &[
            ("media/image1.png", &pic),
            ("media/image2.png", &png(40, 40)),
        ],
    );
    let r = read_review(&bytes).expect("reads");
    assert_eq!(
        images(&r.doc),
        [
            (
                "word/media/image1.png".into(),
                "Delegates in the hall".into()
            ),
            ("word/media/image1.png".into(), "Hall again".into()),
            ("word/media/image2.png".into(), "An old picture".into()),
        ]
    );
    // In place, between the words.
    assert!(matches!(r.doc.blocks[0].inlines[1], Inline::Image { .. }));
    assert_eq!(r.doc.blocks[0].plain_text(), "Before  after.");
    let p = &r.pictures["word/media/image1.png"];
    assert_eq!(&p.bytes[..], &pic[..]);
    assert_eq!((p.width, p.height), (200, 100));
    // Shown at the size the document gives it: 1,905,000 EMU is 2.083 in for 200 px.
    assert_eq!(p.dpi, (96.0, 96.0));
    assert_eq!(r.pictures["word/media/image2.png"].dpi, (96.0, 96.0));
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn pictures_that_cannot_be_shown_are_left_out_with_a_note() {
    let body = format!(
        "<w:p>{}{}{}{}</w:p><w:p><w:r><w:t>Text.</w:t></w:r><w:del w:id=\"1\" w:author=\"A\">{}</w:del></w:p>",
        drawing("rId5", "A chart", "", 914_400, 914_400),
        drawing("rId6", "A linked photo", "", 914_400, 914_400),
        drawing("rId7", "", "", 914_400, 914_400),
        drawing("rId8", "Gone", "", 914_400, 914_400),
        drawing("rId9", "Deleted", "", 914_400, 914_400),
    );
    let bytes = package(
        &body,
        &[
            ("rId5", "image", "media/chart.gif", false),
            ("rId6", "image", "file:///C:/photo.png", true),
            ("rId8", "image", "media/missing.png", false),
            ("rId9", "image", "media/ok.png", false),
        ],
        &[
            ("media/chart.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
            ("media/ok.png", &png(10, 10)),
        ],
    );
    let r = read_review(&bytes).expect("reads");
    assert!(images(&r.doc).is_empty(), "{:?}", images(&r.doc));
    assert!(r.pictures.is_empty());
    assert_eq!(
        r.notes,
        [
            "picture \"A linked photo\" is linked to a file outside the document; it is left out",
            "a picture names no picture in the package; it is left out",
            "picture \"A chart\" (word/media/chart.gif) cannot be used: it is GIF, not PNG or JPEG; it is left out",
            "picture \"Gone\" (word/media/missing.png) is missing from the package; it is left out",
        ]
    );
    // A picture deleted with tracked changes is in the rejected view only.
    let rejected = read_view(&bytes, View::Rejected).expect("reads");
    assert_eq!(
        images(&rejected)[0],
        ("word/media/ok.png".into(), "Deleted".into())
    );
}

#[test]
fn a_picture_over_the_size_cap_is_left_out() {
    let mut big = png(10, 10);
    big.resize(
        usize::try_from(crate::picture::MAX_PICTURE_BYTES).expect("fits") + 10,
        0,
    );
    let bytes = package(
        &format!(
            "<w:p>{}</w:p>",
            drawing("rId5", "Huge", "", 914_400, 914_400)
        ),
        &[("rId5", "image", "media/huge.png", false)],
        &[("media/huge.png", &big)],
    );
    let r = read_review(&bytes).expect("reads");
    assert_eq!(
        r.notes,
        ["picture \"Huge\" (word/media/huge.png) is larger than 20 MB; it is left out"]
    );
    assert!(images(&r.doc).is_empty());
}

#[test]
fn python_docx_and_libreoffice_pictures_are_read() {
    for (name, bytes) in [("python-docx", PYTHON), ("LibreOffice", PYTHON_LO)] {
        let r = read_review(bytes).expect("reads");
        let found = images(&r.doc);
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(found[0].1, "A blue square beside a red circle", "{name}");
        let p = &r.pictures[&found[0].0];
        assert_eq!((p.width, p.height), (240, 120), "{name}");
        assert_eq!(p.format, crate::picture::Format::Png, "{name}");
    }
}
