//! DOCX: the only module that uses docx-rs. Writes a `Document` as a publication-grade DOCX
//! (styles, header and footer, footnotes, comments, right-to-left), reads DOCX files back into
//! the model for diffs, and writes tracked-changes redlines. Works around the traps listed in
//! shared/notes/docx-rs.md inside this module; nothing outside it knows about them.

mod container;

/// The deepest any XML part lectern reads may nest its elements (the reader of reviewers'
/// files and the house style's parts alike); Word's own files stay below 40. Deeper is refused
/// with an error, so nothing recursive over the tree can exhaust the stack.
pub(crate) const MAX_XML_DEPTH: usize = 512;
mod frame;
pub mod house;
mod package;
mod schema_order;
mod styles;
#[cfg(test)]
mod tests;
mod text;
mod theme;
pub(crate) mod track;
mod write;

use chrono::{DateTime, Utc};

pub(crate) use package::{CoreProps, PropValue};
mod read;
mod redline;
pub use read::{
    core_properties, custom_properties, read, read_review, read_review_in, read_view, ChangeKind,
    CoreProperties, PendingChange, Review, ReviewComment, View,
};
pub use redline::{redline, tracked, Reviser};

use crate::document::Document;
use crate::error::Result;
use crate::library::{Clearance, Kind, Lang};
use crate::picture::Pictures;

/// Everything about a draft the DOCX needs beyond its content. All strings are already
/// localised by the caller.
#[derive(Debug, Clone)]
pub struct DocMeta {
    /// Core property `dc:title`.
    pub title: String,
    /// Core property `dc:creator` and comment author.
    pub author: String,
    /// App property `Company` (the organisation); empty leaves it out.
    pub company: String,
    /// Core property `dcterms:created` (the manifest's created_at).
    pub created: DateTime<Utc>,
    pub lang: Lang,
    pub kind: Kind,
    pub event_id: String,
    pub version: u32,
    pub clearance: Clearance,
    /// Header lines, top to bottom, e.g. ["DRAFT · Version 3 · PUBLIC", "Embargoed until …"].
    pub header: Vec<String>,
    /// When set, the header also shows this warning prominently (e.g. "NOT CLEARED — …").
    pub not_cleared: Option<String>,
    /// Footer text before the page numbers, e.g. "sg-cyber-2026 · speech · v3".
    pub footer: String,
    /// Localised "Page" and "of" for "Page X of Y".
    pub page_word: String,
    pub of_word: String,
    /// Each marking on its own, for the placeholders of a house style's header and footer.
    pub marks: Marks,
}

/// The markings a house header or footer may place (`{status}`, `{version}` ...), localised.
/// Empty ones fall back to `DocMeta::header` as a whole.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// "DRAFT".
    pub status: String,
    /// "Version 3".
    pub version: String,
    /// "PUBLIC" or "RESTRICTED".
    pub clearance: String,
    /// The embargo line, when the event has one.
    pub embargo: Option<String>,
    /// The draft date, written out in the draft's language.
    pub date: String,
    /// The kind, in the draft's language (empty: its name).
    pub kind: String,
}

/// Write `doc` as a DOCX package: A4, named styles (the speech reading copy for speeches),
/// header and footer, real footnotes and comments, right-to-left for Arabic, schema-ordered
/// parts, deflated. Deterministic: the same `doc` and `meta` give the same bytes, on any thread.
pub fn write(doc: &Document, meta: &DocMeta) -> Result<Vec<u8>> {
    write_with(doc, meta, &Pictures::new())
}

/// `write`, for a document with pictures: `pictures` holds every one it shows, by the path
/// written in the document.
pub fn write_with(doc: &Document, meta: &DocMeta, pictures: &Pictures) -> Result<Vec<u8>> {
    write_house(doc, meta, pictures, None)
}

/// `write_with` in a house style (see `house`): its styles, theme, fonts, numbering, page
/// setup, headers and footers; lectern's body and markings.
pub fn write_house(
    doc: &Document,
    meta: &DocMeta,
    pictures: &Pictures,
    house: Option<&house::House>,
) -> Result<Vec<u8>> {
    let parts = write::build(doc, meta, pictures, house)?;
    package::pack_draft(parts, meta.kind, meta.lang, &core_props(meta), house)
}

/// Apply the language's typography (French no-break spaces) to the model, before it is
/// written as Markdown and DOCX, so both carry the same characters.
pub fn typeset(doc: &mut Document, lang: Lang) {
    write::typeset(doc, lang);
}

/// Write the release copy of a version: the same writer and house style as `write`; the
/// caller gives the header without the draft status line, and the properties say `released`.
pub fn write_release(
    doc: &Document,
    meta: &DocMeta,
    pictures: &Pictures,
    house: Option<&house::House>,
) -> Result<Vec<u8>> {
    let parts = write::build(doc, meta, pictures, house)?;
    let mut props = core_props(meta);
    props
        .custom
        .push(("stage".into(), PropValue::Text("released".into())));
    package::pack_draft(parts, meta.kind, meta.lang, &props, house)
}

/// Core and custom properties for a draft.
pub(crate) fn core_props(meta: &DocMeta) -> CoreProps {
    CoreProps {
        title: meta.title.clone(),
        creator: meta.author.clone(),
        company: meta.company.clone(),
        created: meta.created,
        language: language_tag(meta.lang).to_string(),
        revision: meta.version,
        custom: vec![
            ("event".into(), PropValue::Text(meta.event_id.clone())),
            ("kind".into(), PropValue::Text(meta.kind.name().to_string())),
            ("version".into(), PropValue::Int(i64::from(meta.version))),
            (
                "clearance".into(),
                PropValue::Text(meta.clearance.to_string()),
            ),
        ],
    }
}

/// The BCP 47 tag written as the document language.
pub(crate) fn language_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en-GB",
        Lang::Fr => "fr-FR",
        Lang::Es => "es-ES",
        Lang::Ar => "ar-SA",
    }
}
