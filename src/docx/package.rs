//! Packing: turns a finished `docx_rs::Docx` into the bytes of a `.docx`. Every part goes
//! through the schema-order fixer, core and custom properties are written here (docx-rs has
//! no setter for title or creator, trap 5), and the zip is deflated with fixed timestamps so
//! the same input gives the same bytes (docx-rs 0.4.22 stores parts uncompressed, trap 9).
//!
//! `finish` is the one way out of this module for any DOCX built with docx-rs: the draft
//! writer and the redline writer both use it.

use std::io::{Cursor, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::schema_order::{self, Part};
use super::text::escape_xml;
use crate::error::{Error, Result};

/// Deflate level for every part. Measured on the 730-word sample speech (`cargo run --release
/// --example docx_sample -- --bench`): level 1 gives 9.2 KB of deflated parts against 8.5 KB at
/// level 6, in about two thirds of the time; levels above 6 gain nothing for XML this size.
pub(crate) const DEFLATE_LEVEL: i64 = 1;

/// A value of a custom document property.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PropValue {
    Text(String),
    Int(i64),
}

/// What `finish` writes into `docProps/core.xml` and `docProps/custom.xml`, and the options
/// of the part fixer.
#[derive(Debug, Clone)]
pub(crate) struct CoreProps {
    /// `dc:title`.
    pub(crate) title: String,
    /// `dc:creator` and `cp:lastModifiedBy`.
    pub(crate) creator: String,
    /// `dcterms:created` and `dcterms:modified`: fixed by the caller, never "now", so output
    /// is reproducible.
    pub(crate) created: DateTime<Utc>,
    /// `dc:language`, a BCP 47 tag such as `en-GB`.
    pub(crate) language: String,
    /// `cp:revision`.
    pub(crate) revision: u32,
    /// Custom properties in the order given.
    pub(crate) custom: Vec<(String, PropValue)>,
    /// Mark runs right-to-left: every `w:specVanish` docx-rs wrote in a run becomes `w:rtl`
    /// (docx-rs has no run-level `rtl`, trap 7; see `schema_order`). Set it only when the
    /// document uses `specVanish` as that marker.
    pub(crate) rtl_marker: bool,
}

/// Finish a document built with docx-rs: build its parts, put every element's children into
/// schema order and repair what docx-rs gets wrong (see `schema_order`), write core and custom
/// properties, and pack a deflated, reproducible zip.
///
/// Callers building with docx-rs must, for deterministic and thread-safe output:
/// - set `Footnote { id, .. }` explicitly (docx-rs counts footnotes process-wide);
/// - give hyperlinks their own relationship ids (`HyperlinkData::External { rid, path }`, path
///   XML-escaped) rather than `Hyperlink::new`, which uses a process-wide counter;
/// - escape `Comment::author` (docx-rs writes it raw) but not `Insert`/`Delete` authors.
///
/// Paragraph ids (`w14:paraId`) are renumbered here from 1 per part, so docx-rs's
/// thread-local counter does not leak into the output.
pub(crate) fn finish(docx: docx_rs::Docx, props: &CoreProps) -> Result<Vec<u8>> {
    let xml = docx.build();
    let fix = |part: Part, bytes: &[u8]| schema_order::fix(part, bytes, props.rtl_marker);

    let mut parts: Vec<(String, Vec<u8>)> = Vec::with_capacity(20);
    parts.push((
        "[Content_Types].xml".into(),
        fix(Part::ContentTypes, &xml.content_type)?,
    ));
    parts.push(("_rels/.rels".into(), fix(Part::Rels, &xml.rels)?));
    parts.push(("docProps/app.xml".into(), xml.doc_props.app));
    parts.push(("docProps/core.xml".into(), core_xml(props).into_bytes()));
    parts.push((
        "docProps/custom.xml".into(),
        custom_xml(&props.custom).into_bytes(),
    ));
    parts.push((
        "word/_rels/document.xml.rels".into(),
        fix(Part::Rels, &xml.document_rels)?,
    ));
    parts.push((
        "word/document.xml".into(),
        fix(Part::Document, &xml.document)?,
    ));
    parts.push(("word/styles.xml".into(), fix(Part::Styles, &xml.styles)?));
    parts.push((
        "word/settings.xml".into(),
        fix(Part::Settings, &xml.settings)?,
    ));
    parts.push((
        "word/fontTable.xml".into(),
        fix(Part::Other, &xml.font_table)?,
    ));
    parts.push((
        "word/comments.xml".into(),
        fix(Part::Comments, &xml.comments)?,
    ));
    parts.push((
        "word/numbering.xml".into(),
        fix(Part::Numbering, &xml.numberings)?,
    ));
    parts.push((
        "word/commentsExtended.xml".into(),
        fix(Part::Other, &xml.comments_extended)?,
    ));
    parts.push((
        "word/footnotes.xml".into(),
        fix(Part::Footnotes, &xml.footnotes)?,
    ));
    for (i, h) in xml.headers.iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), fix(Part::Header, h)?));
        if let Some(r) = xml.header_rels.get(i).filter(|r| has_relationship(r)) {
            parts.push((
                format!("word/_rels/header{}.xml.rels", i + 1),
                fix(Part::Rels, r)?,
            ));
        }
    }
    for (i, f) in xml.footers.iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), fix(Part::Header, f)?));
        if let Some(r) = xml.footer_rels.get(i).filter(|r| has_relationship(r)) {
            parts.push((
                format!("word/_rels/footer{}.xml.rels", i + 1),
                fix(Part::Rels, r)?,
            ));
        }
    }
    for (name, bytes) in xml.media {
        parts.push((format!("word/media/{name}.png"), bytes));
    }
    zip_parts(&parts)
}

/// Whether a relationships part lists anything (docx-rs writes empty ones for every header
/// and footer; an absent part means the same and saves an entry).
fn has_relationship(rels: &[u8]) -> bool {
    rels.windows(14).any(|w| w == b"<Relationship ")
}

/// Deflate `parts` into a zip with fixed timestamps and permissions.
fn zip_parts(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let total: usize = parts.iter().map(|(_, b)| b.len()).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(total / 4 + 4096)));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).map_err(zip_error)?;
        zip.write_all(bytes)
            .map_err(|e| Error::input(format!("cannot write DOCX part {name}: {e}")))?;
    }
    let cursor = zip.finish().map_err(zip_error)?;
    Ok(cursor.into_inner())
}

fn zip_error(e: zip::result::ZipError) -> Error {
    // Writing into memory fails only on a bug (e.g. a duplicate part name), never on input.
    Error::input(format!("cannot pack DOCX: {e}"))
}

fn w3cdtf(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn core_xml(p: &CoreProps) -> String {
    let created = w3cdtf(&p.created);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>",
            "<cp:lastModifiedBy>{creator}</cp:lastModifiedBy><cp:revision>{revision}</cp:revision>",
            "<dc:language>{language}</dc:language>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = escape_xml(&super::text::sanitize(&p.title)),
        creator = escape_xml(&super::text::sanitize(&p.creator)),
        revision = p.revision,
        language = escape_xml(&p.language),
        created = created,
    )
}

fn custom_xml(props: &[(String, PropValue)]) -> String {
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" "#,
        r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
    ));
    for (i, (name, value)) in props.iter().enumerate() {
        // pid 0 and 1 are reserved; user properties start at 2.
        s.push_str(&format!(
            r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="{}">"#,
            i + 2,
            escape_xml(&super::text::sanitize(name))
        ));
        match value {
            PropValue::Text(t) => {
                s.push_str("<vt:lpwstr>");
                s.push_str(&escape_xml(&super::text::sanitize(t)));
                s.push_str("</vt:lpwstr>");
            }
            PropValue::Int(n) => s.push_str(&format!("<vt:i4>{n}</vt:i4>")),
        }
        s.push_str("</property>");
    }
    s.push_str("</Properties>");
    s
}
