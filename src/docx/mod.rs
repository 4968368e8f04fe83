//! DOCX: the only module that uses docx-rs. Writes a `Document` as a publication-grade DOCX
//! (styles, header and footer, footnotes, comments, right-to-left), reads DOCX files back into
//! the model for diffs, and writes tracked-changes redlines. Works around the traps listed in
//! shared/notes/docx-rs.md inside this module; nothing outside it knows about them.

use chrono::{DateTime, Utc};

use crate::document::Document;
use crate::error::Result;
use crate::library::{Clearance, Kind, Lang};

/// Everything about a draft the DOCX needs beyond its content. All strings are already
/// localised by the caller.
#[derive(Debug, Clone)]
pub struct DocMeta {
    /// Core property `dc:title`.
    pub title: String,
    /// Core property `dc:creator` and comment author.
    pub author: String,
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
}

/// Write `doc` as a DOCX package.
pub fn write(doc: &Document, meta: &DocMeta) -> Result<Vec<u8>> {
    let _ = (doc, meta);
    unimplemented!("docx::write")
}
