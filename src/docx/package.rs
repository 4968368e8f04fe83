//! Packing: turns a finished `docx_rs::Docx` into the bytes of a `.docx`. Every part goes
//! through the schema-order fixer, core and custom properties are written here (docx-rs has
//! no setter for title or creator, trap 5), and the zip is deflated with fixed timestamps so
//! the same input gives the same bytes (docx-rs 0.4.22 stores parts uncompressed, trap 9).
//!
//! Parts most documents share byte for byte (content types, package relationships, app
//! properties, styles, settings, font table, numbering, empty comments) are fixed and deflated
//! once per process and copied into each package already compressed: per draft only the
//! document, header, footer, footnotes, comments and properties are fixed and deflated.
//!
//! `finish` is the one way out of this module for any DOCX built with docx-rs: the draft
//! writer and the redline writer both use it.

use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use chrono::{DateTime, SecondsFormat, Utc};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

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
    finish_xml(docx.build(), props)
}

/// `finish` for parts already built, so a caller can put in parts it keeps ready (the draft
/// writer's style sheet and numbering).
pub(crate) fn finish_xml(xml: docx_rs::XMLDocx, props: &CoreProps) -> Result<Vec<u8>> {
    let rtl = props.rtl_marker;
    let fix = |part: Part, bytes: &[u8]| schema_order::fix(part, bytes, rtl);
    let memo = |name: &str, part: Option<Part>, raw: Vec<u8>| Entry::Memo {
        name: name.to_string(),
        part,
        rtl,
        raw,
    };
    let fresh = |name: &str, bytes: Vec<u8>| Entry::Fresh(name.to_string(), bytes);

    let mut parts: Vec<Entry> = Vec::with_capacity(20);
    parts.push(memo(
        "[Content_Types].xml",
        Some(Part::ContentTypes),
        xml.content_type,
    ));
    parts.push(memo("_rels/.rels", Some(Part::Rels), xml.rels));
    parts.push(memo("docProps/app.xml", None, xml.doc_props.app));
    parts.push(fresh("docProps/core.xml", core_xml(props).into_bytes()));
    parts.push(fresh(
        "docProps/custom.xml",
        custom_xml(&props.custom).into_bytes(),
    ));
    parts.push(fresh(
        "word/_rels/document.xml.rels",
        fix(Part::Rels, &xml.document_rels)?,
    ));
    parts.push(fresh(
        "word/document.xml",
        fix(Part::Document, &xml.document)?,
    ));
    parts.push(memo("word/styles.xml", Some(Part::Styles), xml.styles));
    parts.push(memo(
        "word/settings.xml",
        Some(Part::Settings),
        xml.settings,
    ));
    parts.push(memo(
        "word/fontTable.xml",
        Some(Part::Other),
        xml.font_table,
    ));
    parts.push(memo_if_empty(
        "word/comments.xml",
        Part::Comments,
        rtl,
        xml.comments,
        b"<w:comment ",
    )?);
    parts.push(memo(
        "word/numbering.xml",
        Some(Part::Numbering),
        xml.numberings,
    ));
    parts.push(memo_if_empty(
        "word/commentsExtended.xml",
        Part::Other,
        rtl,
        xml.comments_extended,
        b"<w15:commentEx ",
    )?);
    parts.push(fresh(
        "word/footnotes.xml",
        fix(Part::Footnotes, &xml.footnotes)?,
    ));
    for (i, h) in xml.headers.iter().enumerate() {
        parts.push(fresh(
            &format!("word/header{}.xml", i + 1),
            fix(Part::Header, h)?,
        ));
        if let Some(r) = xml.header_rels.get(i).filter(|r| has_relationship(r)) {
            parts.push(fresh(
                &format!("word/_rels/header{}.xml.rels", i + 1),
                fix(Part::Rels, r)?,
            ));
        }
    }
    for (i, f) in xml.footers.iter().enumerate() {
        parts.push(fresh(
            &format!("word/footer{}.xml", i + 1),
            fix(Part::Header, f)?,
        ));
        if let Some(r) = xml.footer_rels.get(i).filter(|r| has_relationship(r)) {
            parts.push(fresh(
                &format!("word/_rels/footer{}.xml.rels", i + 1),
                fix(Part::Rels, r)?,
            ));
        }
    }
    for (name, bytes) in xml.media {
        parts.push(fresh(&format!("word/media/{name}.png"), bytes));
    }
    zip_parts(parts)
}

/// Pack a draft: the parts `write::build` made for it, and the parts every draft shares,
/// which docx-rs writes once per process (`shared`) and which are fixed and deflated once.
pub(crate) fn pack_draft(
    parts: super::write::Parts,
    styles: Vec<u8>,
    numbering: Vec<u8>,
    props: &CoreProps,
) -> Result<Vec<u8>> {
    let shared = shared()?;
    let rtl = props.rtl_marker;
    let memo = |name: &str, part: Option<Part>, raw: &[u8]| Entry::Memo {
        name: name.to_string(),
        part,
        rtl,
        raw: raw.to_vec(),
    };
    let fresh = |name: &str, bytes: Vec<u8>| Entry::Fresh(name.to_string(), bytes);
    let (comments, comments_ext) = match parts.comments {
        Some((c, e)) => (
            fresh("word/comments.xml", c),
            fresh("word/commentsExtended.xml", e),
        ),
        None => (
            memo("word/comments.xml", Some(Part::Comments), &shared.comments),
            memo(
                "word/commentsExtended.xml",
                Some(Part::Other),
                &shared.comments_ext,
            ),
        ),
    };
    let entries = vec![
        memo(
            "[Content_Types].xml",
            Some(Part::ContentTypes),
            &shared.content_types,
        ),
        memo("_rels/.rels", Some(Part::Rels), &shared.rels),
        memo("docProps/app.xml", None, &shared.app),
        fresh("docProps/core.xml", core_xml(props).into_bytes()),
        fresh(
            "docProps/custom.xml",
            custom_xml(&props.custom).into_bytes(),
        ),
        fresh("word/_rels/document.xml.rels", parts.rels),
        fresh("word/document.xml", parts.document),
        Entry::Memo {
            name: "word/styles.xml".into(),
            part: Some(Part::Styles),
            rtl,
            raw: styles,
        },
        memo("word/settings.xml", Some(Part::Settings), &shared.settings),
        memo("word/fontTable.xml", Some(Part::Other), &shared.font_table),
        comments,
        Entry::Memo {
            name: "word/numbering.xml".into(),
            part: Some(Part::Numbering),
            rtl,
            raw: numbering,
        },
        comments_ext,
        fresh("word/footnotes.xml", parts.footnotes),
        fresh("word/header1.xml", parts.header),
        fresh("word/footer1.xml", parts.footer),
    ];
    zip_parts(entries)
}

/// The parts of a draft that do not depend on its content, as docx-rs writes them.
struct Shared {
    content_types: Vec<u8>,
    rels: Vec<u8>,
    app: Vec<u8>,
    settings: Vec<u8>,
    font_table: Vec<u8>,
    /// Empty comments parts, for drafts without comments.
    comments: Vec<u8>,
    comments_ext: Vec<u8>,
}

fn shared() -> Result<&'static Shared> {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    if let Some(s) = SHARED.get() {
        return Ok(s);
    }
    // A package with one header, one footer and footnotes, as every draft has (a draft
    // without footnotes still has the part, with its separators).
    // (With no content docx-rs would print the footnote to stderr.)
    let note = docx_rs::Footnote {
        id: 1,
        content: vec![docx_rs::Paragraph::new()],
    };
    let xml = docx_rs::Docx::new()
        .header(docx_rs::Header::new())
        .footer(docx_rs::Footer::new())
        .add_paragraph(
            docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_footnote_reference(note)),
        )
        .build();
    let made = Shared {
        content_types: xml.content_type,
        rels: xml.rels,
        app: xml.doc_props.app,
        settings: xml.settings,
        font_table: xml.font_table,
        comments: xml.comments,
        comments_ext: xml.comments_extended,
    };
    Ok(SHARED.get_or_init(|| made))
}

/// One part of the package, ready to pack.
enum Entry {
    /// Fixed bytes, deflated for this document.
    Fresh(String, Vec<u8>),
    /// Bytes as docx-rs wrote them, which most documents share (styles, settings, the
    /// content types ...): fixed (unless `part` is `None`) and deflated once per process and
    /// copied in compressed (see `Memo`).
    Memo {
        name: String,
        part: Option<Part>,
        rtl: bool,
        raw: Vec<u8>,
    },
}

/// A part that is memoised only while it holds no `item` (an empty comments part is the
/// same for every draft; a filled one is not worth keeping).
fn memo_if_empty(name: &str, part: Part, rtl: bool, raw: Vec<u8>, item: &[u8]) -> Result<Entry> {
    if raw.windows(item.len()).any(|w| w == item) {
        Ok(Entry::Fresh(
            name.to_string(),
            schema_order::fix(part, &raw, rtl)?,
        ))
    } else {
        Ok(Entry::Memo {
            name: name.to_string(),
            part: Some(part),
            rtl,
            raw,
        })
    }
}

/// A one-entry zip holding a part deflated once, ready for `ZipWriter::raw_copy_file`.
type Packed = ZipArchive<Cursor<Arc<[u8]>>>;

/// Key of a memoised part: its name, the fixer option, and the bytes docx-rs wrote.
#[derive(PartialEq, Eq, Hash)]
struct MemoKey {
    name: String,
    rtl: bool,
    raw: Vec<u8>,
}

/// At most this many memoised parts per process (a few dozen occur: styles per kind and
/// language, numbering per count of numbered lists, two content types ...); beyond it parts
/// are still packed the same way, just not kept, so memory stays flat whatever the input.
const MEMO_LIMIT: usize = 256;

/// Deflate level of memoised parts: they are compressed once, so the smallest output is free.
const MEMO_DEFLATE_LEVEL: i64 = 9;

fn memo_table() -> &'static Mutex<HashMap<MemoKey, Packed>> {
    static TABLE: OnceLock<Mutex<HashMap<MemoKey, Packed>>> = OnceLock::new();
    TABLE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The packed form of a memoised part, from the table or made now. A part made now goes
/// through exactly the same steps as one from the table, so the output does not depend on
/// what the process packed before.
fn packed(name: String, part: Option<Part>, rtl: bool, raw: Vec<u8>) -> Result<Packed> {
    let key = MemoKey { name, rtl, raw };
    if let Some(p) = lock(memo_table()).get(&key) {
        return Ok(p.clone());
    }
    let fixed = match part {
        Some(part) => schema_order::fix(part, &key.raw, rtl)?,
        None => key.raw.clone(),
    };
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(fixed.len() / 2 + 256)));
    zip.start_file(key.name.as_str(), options(MEMO_DEFLATE_LEVEL))
        .map_err(zip_error)?;
    zip.write_all(&fixed)
        .map_err(|e| Error::input(format!("cannot write DOCX part {}: {e}", key.name)))?;
    let bytes: Arc<[u8]> = zip.finish().map_err(zip_error)?.into_inner().into();
    let packed = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    let mut table = lock(memo_table());
    if table.len() < MEMO_LIMIT {
        table.insert(key, packed.clone());
    }
    Ok(packed)
}

/// A poisoned lock only means another thread panicked while holding it; the table itself is
/// always consistent (entries are inserted whole), so keep using it.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether a relationships part lists anything (docx-rs writes empty ones for every header
/// and footer; an absent part means the same and saves an entry).
fn has_relationship(rels: &[u8]) -> bool {
    rels.windows(14).any(|w| w == b"<Relationship ")
}

/// Zip entry options: deflated at `level`, fixed timestamp and permissions.
fn options(level: i64) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(level))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
}

/// Pack `parts` into a zip with fixed timestamps and permissions.
fn zip_parts(parts: Vec<Entry>) -> Result<Vec<u8>> {
    let total: usize = parts
        .iter()
        .map(|e| match e {
            Entry::Fresh(_, b) => b.len(),
            Entry::Memo { raw, .. } => raw.len() / 4,
        })
        .sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(total / 4 + 4096)));
    let fresh = options(DEFLATE_LEVEL);
    for entry in parts {
        match entry {
            Entry::Fresh(name, bytes) => {
                zip.start_file(name.as_str(), fresh).map_err(zip_error)?;
                zip.write_all(&bytes)
                    .map_err(|e| Error::input(format!("cannot write DOCX part {name}: {e}")))?;
            }
            Entry::Memo {
                name,
                part,
                rtl,
                raw,
            } => {
                let mut p = packed(name, part, rtl, raw)?;
                let file = p.by_index_raw(0).map_err(zip_error)?;
                zip.raw_copy_file(file).map_err(zip_error)?;
            }
        }
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
