//! Packing: turns the parts of a draft, or a finished `docx_rs::Docx` (the redline), into the
//! bytes of a `.docx`. Core and custom properties are written here (docx-rs has no setter for
//! title or creator, trap 5), and every part is deflated into a zip with fixed timestamps so
//! the same input gives the same bytes (docx-rs 0.4.22 stores parts uncompressed, trap 9).
//!
//! Parts every draft of a kind and language shares (content types, package relationships,
//! app properties, styles, settings, font table, numbering, empty comments) are written by
//! docx-rs, put in schema order and deflated once per process, then copied into each package
//! already compressed: per draft only the parts `write` made and the properties are deflated.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use chrono::{DateTime, SecondsFormat, Utc};

use super::container::{Packed, ZipOut};
use super::house::House;
use super::schema_order::{self, Part};
use super::text::escape_xml;
use super::write::Parts;
use crate::error::Result;
use crate::library::{Kind, Lang};

/// Deflate level of the parts made per draft. Measured on the 730-word sample speech: level 1
/// gives 9.2 KB of deflated parts against 8.5 KB at level 6, in about two thirds of the time;
/// levels above 6 gain nothing for XML this size.
pub(crate) const DEFLATE_LEVEL: u32 = 1;

/// Deflate level of shared parts: they are compressed once, so the smallest output is free.
const SHARED_DEFLATE_LEVEL: u32 = 9;

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
    /// App property `Company`; empty leaves the shared app part in place.
    pub(crate) company: String,
    /// `dcterms:created` and `dcterms:modified`: fixed by the caller, never "now", so output
    /// is reproducible.
    pub(crate) created: DateTime<Utc>,
    /// `dc:language`, a BCP 47 tag such as `en-GB`.
    pub(crate) language: String,
    /// `cp:revision`.
    pub(crate) revision: u32,
    /// Custom properties in the order given.
    pub(crate) custom: Vec<(String, PropValue)>,
}

/// Pack a draft: the parts `write::build` made for it, and the shared parts (the house
/// style's, when there is one).
pub(crate) fn pack_draft(
    parts: Parts,
    kind: Kind,
    lang: Lang,
    props: &CoreProps,
    house: Option<&House>,
) -> Result<Vec<u8>> {
    let shared = shared()?;
    let (styles, numbering) = match house {
        Some(h) => (h.styles(kind), h.numbering(&parts.lists)?),
        None => (styles(kind, lang)?, numbering(&parts.lists)?),
    };
    let size = parts.document.len() + parts.footnotes.len();
    let media: usize = parts.media.iter().map(|(_, b)| b.len()).sum();
    // A house style sheet can be larger than the rest of the package together.
    let extra: usize = house.map_or(0, |h| {
        h.files.iter().map(|(_, p)| p.len()).sum::<usize>() + styles.len() + h.theme.len()
    });
    let mut zip = ZipOut::with_capacity(size / 3 + media + extra + 16 * 1024);
    let (types, types_xml) = match house {
        Some(h) => (&h.content_types, &h.content_types_xml),
        None => (&shared.content_types, &shared.content_types_xml),
    };
    if parts.media.is_empty() {
        zip.packed("[Content_Types].xml", types)?;
    } else {
        let types = with_picture_types(types_xml, &parts.media);
        zip.deflated("[Content_Types].xml", &types, DEFLATE_LEVEL)?;
    }
    zip.packed("_rels/.rels", &shared.rels)?;
    if props.company.trim().is_empty() {
        zip.packed("docProps/app.xml", &shared.app)?;
    } else {
        zip.deflated(
            "docProps/app.xml",
            app_xml(&props.company).as_bytes(),
            DEFLATE_LEVEL,
        )?;
    }
    zip.deflated(
        "docProps/core.xml",
        core_xml(props).as_bytes(),
        DEFLATE_LEVEL,
    )?;
    let custom = custom_xml(&props.custom);
    zip.deflated("docProps/custom.xml", custom.as_bytes(), DEFLATE_LEVEL)?;
    zip.deflated("word/_rels/document.xml.rels", &parts.rels, DEFLATE_LEVEL)?;
    zip.deflated("word/document.xml", &parts.document, DEFLATE_LEVEL)?;
    zip.packed("word/styles.xml", &styles)?;
    let settings = house.map_or(&shared.settings, |h| &h.settings);
    if parts.tracked {
        // A redline: further edits by its reader are tracked too.
        let xml = super::redline::track_revisions(&settings.inflate()?)?;
        zip.deflated("word/settings.xml", &xml, DEFLATE_LEVEL)?;
    } else {
        zip.packed("word/settings.xml", settings)?;
    }
    zip.packed(
        "word/fontTable.xml",
        house
            .and_then(|h| h.font_table.as_ref())
            .unwrap_or(&shared.font_table),
    )?;
    if let Some(rels) = house.and_then(|h| h.font_rels.as_ref()) {
        zip.packed("word/_rels/fontTable.xml.rels", rels)?;
    }
    zip.packed(
        "word/theme/theme1.xml",
        house.map_or(&shared.theme, |h| &h.theme),
    )?;
    match &parts.comments {
        Some((comments, _)) => zip.deflated("word/comments.xml", comments, DEFLATE_LEVEL)?,
        None => zip.packed("word/comments.xml", &shared.comments)?,
    }
    zip.packed("word/numbering.xml", &numbering)?;
    match &parts.comments {
        Some((_, ext)) => zip.deflated("word/commentsExtended.xml", ext, DEFLATE_LEVEL)?,
        None => zip.packed("word/commentsExtended.xml", &shared.comments_ext)?,
    }
    zip.deflated("word/footnotes.xml", &parts.footnotes, DEFLATE_LEVEL)?;
    for part in &parts.frame {
        let name = format!("word/{}", part.name);
        match &part.packed {
            Some(packed) => zip.packed(&name, packed)?,
            None => zip.deflated(&name, &part.xml, DEFLATE_LEVEL)?,
        }
        let rels = house
            .and_then(|h| h.part(part.footer, part.pages))
            .and_then(|p| p.rels.as_ref());
        if let Some(rels) = rels {
            zip.packed(&format!("word/_rels/{}.rels", part.name), rels)?;
        }
    }
    if let Some(h) = house {
        for (name, packed) in &h.files {
            zip.packed(name, packed)?;
        }
    }
    for (name, bytes) in &parts.media {
        // PNG and JPEG are compressed already: stored at level 0 costs nothing to read.
        zip.deflated(name, bytes, 0)?;
    }
    zip.finish()
}

/// `[Content_Types].xml` of a draft: the usual defaults and `extra` ones (extension, type),
/// and an override for each XML part, with `frame` the header and footer part names.
pub(crate) fn content_types(extra: &[(String, String)], frame: &[String]) -> String {
    const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Default Extension="png" ContentType="image/png"/>"#,
        r#"<Default Extension="jpeg" ContentType="image/jpeg"/>"#,
        r#"<Default Extension="jpg" ContentType="image/jpeg"/>"#,
        r#"<Default Extension="gif" ContentType="image/gif"/>"#,
        r#"<Default Extension="bmp" ContentType="image/bmp"/>"#,
    ));
    for (ext, ct) in extra {
        if !["rels", "xml", "png", "jpeg", "jpg", "gif", "bmp"].contains(&ext.as_str()) {
            s.push_str(&format!(
                r#"<Default Extension="{}" ContentType="{}"/>"#,
                escape_xml(ext),
                escape_xml(ct)
            ));
        }
    }
    let overrides = [
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/custom.xml",
            "application/vnd.openxmlformats-officedocument.custom-properties+xml".to_string(),
        ),
        ("/word/document.xml", format!("{WML}document.main+xml")),
        ("/word/styles.xml", format!("{WML}styles+xml")),
        ("/word/settings.xml", format!("{WML}settings+xml")),
        ("/word/fontTable.xml", format!("{WML}fontTable+xml")),
        ("/word/numbering.xml", format!("{WML}numbering+xml")),
        ("/word/footnotes.xml", format!("{WML}footnotes+xml")),
        ("/word/comments.xml", format!("{WML}comments+xml")),
        (
            "/word/commentsExtended.xml",
            format!("{WML}commentsExtended+xml"),
        ),
        (
            "/word/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".to_string(),
        ),
    ];
    for (name, ct) in overrides {
        s.push_str(&format!(
            r#"<Override PartName="{name}" ContentType="{ct}"/>"#
        ));
    }
    for name in frame {
        let kind = if name.starts_with("footer") {
            "footer"
        } else {
            "header"
        };
        s.push_str(&format!(
            r#"<Override PartName="/word/{name}" ContentType="{WML}{kind}+xml"/>"#
        ));
    }
    s.push_str("</Types>");
    s
}

/// The content types part with a `Default` for each picture extension in `media`.
fn with_picture_types(types: &[u8], media: &[(String, std::sync::Arc<[u8]>)]) -> Vec<u8> {
    let text = String::from_utf8_lossy(types);
    let mut defaults = String::new();
    let mut seen = Vec::new();
    for (name, _) in media {
        let ext = name.rsplit('.').next().unwrap_or_default();
        let mime = match ext {
            "png" => "image/png",
            _ => "image/jpeg",
        };
        if !seen.contains(&ext) && !text.contains(&format!("Extension=\"{ext}\"")) {
            seen.push(ext);
            defaults.push_str(&format!(
                r#"<Default Extension="{ext}" ContentType="{mime}" />"#
            ));
        }
    }
    // `Default` elements come first in `Types`: right after its start tag.
    match text
        .find("<Types")
        .and_then(|i| text[i..].find('>').map(|j| i + j + 1))
    {
        Some(at) => format!("{}{defaults}{}", &text[..at], &text[at..]).into_bytes(),
        None => types.to_vec(),
    }
}

/// Fix `raw` (unless `part` is `None`) and compress it for sharing.
fn share(part: Option<Part>, raw: &[u8]) -> Result<Packed> {
    match part {
        Some(part) => Packed::new(
            &super::text::sanitize_part(&schema_order::fix(part, raw, false)?),
            SHARED_DEFLATE_LEVEL,
        ),
        None => Packed::new(&super::text::sanitize_part(raw), SHARED_DEFLATE_LEVEL),
    }
}

/// The parts of a draft that do not depend on its content, ready to copy in.
struct Shared {
    content_types: Packed,
    theme: Packed,
    /// The same, as XML, for drafts that add picture types to it.
    content_types_xml: Vec<u8>,
    rels: Packed,
    app: Packed,
    settings: Packed,
    font_table: Packed,
    /// Empty comments parts, for drafts without comments.
    comments: Packed,
    comments_ext: Packed,
}

fn shared() -> Result<&'static Shared> {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    if let Some(s) = SHARED.get() {
        return Ok(s);
    }
    // A package with one header, one footer and footnotes, as every draft has (a draft
    // without footnotes still has the part, with its separators). (With no content docx-rs
    // would print the footnote to stderr.)
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
    let frame = ["header1.xml".to_string(), "footer1.xml".to_string()];
    let content_types_xml = content_types(&[], &frame).into_bytes();
    let made = Shared {
        content_types: share(None, &content_types_xml)?,
        content_types_xml,
        theme: share(None, super::theme::THEME.as_bytes())?,
        rels: share(Some(Part::Rels), &xml.rels)?,
        app: share(None, &xml.doc_props.app)?,
        settings: share(Some(Part::Settings), &xml.settings)?,
        font_table: share(Some(Part::Other), &xml.font_table)?,
        comments: share(Some(Part::Comments), &xml.comments)?,
        comments_ext: share(Some(Part::Other), &xml.comments_extended)?,
    };
    Ok(SHARED.get_or_init(|| made))
}

/// Shared parts made on first use, by what they depend on.
type Table<K> = OnceLock<Mutex<HashMap<K, Arc<Packed>>>>;

/// The style sheet of `kind` and `lang`, packed once per process.
fn styles(kind: Kind, lang: Lang) -> Result<Arc<Packed>> {
    static TABLE: Table<(Kind, Lang)> = OnceLock::new();
    let table = TABLE.get_or_init(Mutex::default);
    if let Some(p) = lock(table).get(&(kind, lang)) {
        return Ok(p.clone());
    }
    let packed = Arc::new(share(
        Some(Part::Styles),
        &super::styles::styles_part(kind, lang),
    )?);
    lock(table).insert((kind, lang), packed.clone());
    Ok(packed)
}

/// Numbering parts kept: drafts rarely have more numbered lists than this; beyond it a part
/// is packed the same way, just not kept, so memory stays flat whatever the input.
const NUMBERING_KEPT: usize = 64;

/// The numbering part for the numbered lists `lists`, packed once per process.
fn numbering(lists: &[usize]) -> Result<Arc<Packed>> {
    static TABLE: Table<Vec<usize>> = OnceLock::new();
    let table = TABLE.get_or_init(Mutex::default);
    if let Some(p) = lock(table).get(lists) {
        return Ok(p.clone());
    }
    let raw = super::styles::numbering_part(lists);
    let packed = Arc::new(share(Some(Part::Numbering), &raw)?);
    let mut table = lock(table);
    if table.len() < NUMBERING_KEPT {
        table.insert(lists.to_vec(), packed.clone());
    }
    Ok(packed)
}

/// A poisoned lock only means another thread panicked while holding it; the tables are
/// always consistent (entries are inserted whole), so keep using them.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
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

/// The extended (app) properties with the organisation as `Company`.
fn app_xml(company: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#,
            r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
            "<Company>{}</Company></Properties>"
        ),
        escape_xml(&super::text::sanitize(company.trim()))
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
