//! The built-in look as a house style file to start from (`lectern style export`, and the one
//! `lectern init` scaffolds with a logo): lectern's style sheet, a page showing each role,
//! and a header and footer holding every placeholder, so an office opens it in Word or
//! LibreOffice, changes fonts, colours, margins and letterhead, saves it and points
//! `house_style` at it.

use std::io::{Cursor, Read, Write};

use chrono::{TimeZone, Utc};

use super::super::container::ZipOut;
use super::super::{write_with, DocMeta, Marks};
use crate::error::{Error, Result};
use crate::library::{Clearance, Kind, Lang};

/// The page of the sample: every role lectern writes, and how the placeholders work.
const SAMPLE: &str = "\
# Title of the draft

## Heading 1

Body text (style Normal). Change fonts, sizes, colours and spacing of the styles in this file: \
drafts take them by style name (Title, Subtitle, heading 1-3, Normal, List Bullet, List Number, \
Quote, footnote text, footnote reference, Table Grid, caption).[^1]

### Heading 2

- List Bullet, first item
- List Bullet, second item

1. List Number, first item
2. List Number, second item

#### Heading 3

> Quote: a passage quoted in a draft.

The header and footer of this file are copied into every draft. Type the placeholders \
{status}, {clearance}, {embargo}, {version}, {event}, {kind}, {title}, {date}, {page} and \
{pages} where the markings should go; a marking without a placeholder gets a line of its own, \
and the clearance marking is on every page whatever the header says.

[^1]: Footnote text: sources of facts are cited here.
";

/// The built-in look as a `.docx`; with `letterhead`, a logo and that name in the header.
pub fn export(letterhead: Option<&str>) -> Result<Vec<u8>> {
    let doc = crate::document::parse::parse(SAMPLE, Vec::new());
    let meta = DocMeta {
        title: "House style".into(),
        author: "lectern".into(),
        created: Utc
            .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default(),
        lang: Lang::En,
        kind: Kind::Blog,
        event_id: "{event}".into(),
        version: 1,
        clearance: Clearance::Public,
        header: vec![
            "{status} · {version} · {clearance}".into(),
            "{embargo}".into(),
        ],
        not_cleared: None,
        footer: String::new(),
        company: String::new(),
        page_word: String::new(),
        of_word: String::new(),
        marks: Marks::default(),
    };
    let bytes = write_with(&doc, &meta, &crate::picture::Pictures::new())?;
    rewrite(&bytes, letterhead)
}

/// The footer with placeholders instead of fields.
const FOOTER: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">{event} · {kind} · {version}  ·  Page {page} of {pages}</w:t></w:r></w:p></w:ftr>"#
);

const NS_WP: &str =
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing""#;

/// The letterhead paragraph: the logo, 1.5 cm square, and the organisation's name.
fn letterhead_paragraph(name: &str) -> String {
    const EMU: u32 = 540_000;
    format!(
        concat!(
            r#"<w:p><w:pPr><w:pStyle w:val="Header"/><w:spacing w:after="120"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">"#,
            r#"<wp:extent cx="{e}" cy="{e}"/><wp:docPr id="{id}" name="Logo" descr="Logo"/>"#,
            r#"<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">"#,
            r#"<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>"#,
            r#"<pic:blipFill><a:blip r:embed="rIdLogo"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"#,
            r#"<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{e}" cy="{e}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>"#,
            r#"</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#,
            r#"<w:r><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">   {name}</w:t></w:r></w:p>"#
        ),
        e = EMU,
        id = super::DRAWING_IDS_FROM,
        name = super::super::text::escape_xml(&super::super::text::sanitize(name)),
    )
}

/// Copy the package `bytes`, replacing the footer and, with `letterhead`, adding the logo.
fn rewrite(bytes: &[u8], letterhead: Option<&str>) -> Result<Vec<u8>> {
    let bad =
        |e: &dyn std::fmt::Display| Error::input(format!("cannot build the house style: {e}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let mut out = ZipOut::with_capacity(bytes.len() + 4096);
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| bad(&e))?;
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| bad(&e))?;
        match name.as_str() {
            "word/footer1.xml" => data = FOOTER.as_bytes().to_vec(),
            "word/header1.xml" => {
                if let Some(org) = letterhead {
                    let mut s = String::from_utf8_lossy(&data).into_owned();
                    if let Some(at) = s.find("<w:hdr ") {
                        s.insert_str(at + "<w:hdr ".len(), &format!("{NS_WP} "));
                    }
                    if let Some(at) = s.find("<w:p ") {
                        s.insert_str(at, &letterhead_paragraph(org));
                    }
                    data = s.into_bytes();
                }
            }
            _ => {}
        }
        out.deflated(&name, &data, 9)?;
    }
    if letterhead.is_some() {
        out.deflated(
            "word/_rels/header1.xml.rels",
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
                r#"<Relationship Id="rIdLogo" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/logo.png"/></Relationships>"#
            )
            .as_bytes(),
            9,
        )?;
        out.deflated("word/media/logo.png", &logo()?, 9)?;
    }
    out.finish()
}

/// A 96 × 96 PNG: a dark blue disc with a white bar, a stand-in emblem.
pub fn logo() -> Result<Vec<u8>> {
    const SIZE: u32 = 96;
    let mut raw = Vec::with_capacity((SIZE * (SIZE * 4 + 1)) as usize);
    let c = (SIZE as i32) / 2;
    for y in 0..SIZE as i32 {
        raw.push(0); // no filter
        for x in 0..SIZE as i32 {
            let (dx, dy) = (x - c, y - c);
            let inside = dx * dx + dy * dy <= (c - 2) * (c - 2);
            let bar = (c - 7..=c + 7).contains(&y) && (12..SIZE as i32 - 12).contains(&x);
            let px: [u8; 4] = match (inside, bar) {
                (true, false) => [0x1F, 0x38, 0x64, 0xFF],
                (true, true) => [0xFF, 0xFF, 0xFF, 0xFF],
                (false, _) => [0xFF, 0xFF, 0xFF, 0x00],
            };
            raw.extend_from_slice(&px);
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&raw)
        .map_err(|e| Error::input(format!("cannot draw the logo: {e}")))?;
    let idat = z
        .finish()
        .map_err(|e| Error::input(format!("cannot draw the logo: {e}")))?;
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&SIZE.to_be_bytes());
    ihdr.extend_from_slice(&SIZE.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]); // 8 bits, RGBA
    for (kind, data) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", &idat), (b"IEND", &[])] {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        png.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    Ok(png)
}
