//! Importing a reviewer's DOCX as the next version of an event's output (DESIGN.md §10): the
//! file is kept byte for byte, its accepted-view text becomes the `.md` through the document
//! model, and the manifest records where it came from, the comments and the pending tracked
//! changes. Governance applies as to a draft: a public kind that carries a restricted fact is
//! refused before anything is written. Returns data; never prints.

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

use crate::document::{self, Document, Inline};
use crate::docx;
use crate::error::{Error, Origin, Result};
use crate::library::{Clearance, Event, Kind, Loaded};
use crate::versions::{
    Files, Manifest, PendingChange, ReviewComment, Store, Version, VersionOrigin,
};
use crate::workspace::{hex, Workspace};

/// The largest file `import` reads (the reader's own package cap).
pub(crate) const IMPORT_FILE: crate::capped::Cap = crate::capped::Cap {
    bytes: 256 * 1024 * 1024,
    what: "file to import",
    hint: "import takes a Word document of at most 256 MB",
};

#[derive(Debug, Clone)]
pub struct Options {
    /// Who edited the file.
    pub by: String,
    /// The version the file was edited from; the most similar one when `None`.
    pub from: Option<u32>,
    pub note: Option<String>,
    /// Set for the text as delivered: `origin.kind = "delivered"`.
    pub delivered: Option<Delivered>,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct Delivered {
    pub duration_seconds: Option<u64>,
    pub delivered_on: Option<String>,
}

/// How `based_on` was chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Basis {
    /// `--from N`.
    Given,
    /// The text as delivered: the last cleared version, or the cleared one `--from` names.
    Cleared,
    /// The version the file itself says it is a draft of (lectern's `version` document
    /// property, which Word and LibreOffice keep), for this event and kind.
    Recorded,
    /// The most similar version; the share of words it has in common with the file.
    MostSimilar(f64),
}

#[derive(Debug, Clone)]
pub enum Outcome {
    Created {
        version: Version,
        manifest: Box<Manifest>,
        based_on: u32,
        basis: Basis,
        /// The latest version before this one, to summarise what changed.
        previous: Version,
    },
    /// The file's text equals the latest version's and it has no comments: nothing written.
    Unchanged { version: u32 },
}

#[derive(Debug, Clone)]
pub struct Report {
    pub event: String,
    pub kind: Kind,
    pub outcome: Outcome,
    pub warnings: Vec<String>,
}

/// Import `path` as the next version of `event`'s `kind`.
pub fn import(
    ws: &Workspace,
    event: &Loaded<Event>,
    kind: Kind,
    path: &Path,
    opts: &Options,
) -> Result<Report> {
    import_in(ws, event, kind, event.item.language, path, opts)
}

/// `import`, as a version of the drafts in `lang`: the event's language or a translation's
/// (DESIGN.md §12).
pub fn import_in(
    ws: &Workspace,
    event: &Loaded<Event>,
    kind: Kind,
    lang: crate::library::Lang,
    path: &Path,
    opts: &Options,
) -> Result<Report> {
    let shown = path.display().to_string();
    let bytes = read_file(path)?;
    let review = docx::read_review_in(&bytes, lang).map_err(|e| {
        Error::input(format!("cannot import {shown}: {e}"))
            .at(Origin::file(path))
            .hint("import takes a Word document (.docx) saved from a draft of this event")
    })?;
    let doc = review.doc;
    let file_pictures = review.pictures;
    let event_id = event.item.id.to_string();
    let mut store = Store::new(&ws.output_dir(), &event_id, kind);
    if lang != event.item.language {
        store = store.translation(lang);
    }
    // The same error `draft` gives: drafting it first would not help.
    crate::resolve::has_output(event, kind)?;
    refuse_other_draft(&bytes, &event_id, kind, &shown, path)?;
    refuse_other_language(&bytes, &event_id, kind, lang, &shown, path)?;
    let versions = store.versions()?;
    let Some(latest) = versions.last().cloned() else {
        return Err(Error::input(format!(
            "{event_id} has no {kind} version to import {shown} onto"
        ))
        .hint(format!(
            "draft it first with `lectern draft {event_id} --kind {kind}`"
        )));
    };

    // The version the file was edited from; for the text as delivered, a cleared one.
    let (based_on, basis) = match opts.from {
        _ if opts.delivered.is_some() => (
            crate::delivered::based_on(ws, &store, &event_id, kind, &versions, opts.from)?,
            Basis::Cleared,
        ),
        Some(n) => {
            if !versions.iter().any(|v| v.number == n) {
                return Err(Error::input(format!(
                    "--from {n}: {event_id}/{kind} has no version {n}"
                ))
                .hint(format!(
                    "see the versions with `lectern history {event_id}`"
                )));
            }
            (n, Basis::Given)
        }
        None => match recorded_version(&bytes, &event_id, kind, &versions) {
            Some(n) => (n, Basis::Recorded),
            None => most_similar(&versions, &doc),
        },
    };
    let base = store.version(based_on);
    let base_manifest = base.read_manifest()?;
    // A file edited from an older version lacks what the inputs changed since: the next
    // draft merges it in, so say so.
    let inputs_since = (opts.delivered.is_none() && based_on < latest.number)
        .then(|| latest.read_manifest().ok())
        .flatten()
        .filter(|m| m.fingerprint != base_manifest.fingerprint)
        .map(|m| m.version);

    // Governance, before anything is written.
    let text = all_text(&doc, &review.furniture, &review.comments);
    if kind.is_public() {
        if let Some((id, passage)) = restricted_leak(ws, &text) {
            return Err(Error::refused(format!(
                "cannot import {shown} as the {kind} of event `{event_id}`, a public document: it contains restricted fact `{id}`"
            ))
            .at(Origin::file(path))
            .hint(format!(
                "remove the passage \"{passage}\" from the document, or keep it out of public kinds"
            )));
        }
    }
    let mut warnings: Vec<String> = review
        .notes
        .iter()
        .map(|n| format!("{shown}: {n}"))
        .collect();
    for phrase in banned_phrases_in(ws, &text) {
        warnings.push(format!("{shown} uses the banned phrase \"{phrase}\""));
    }

    // Comments lectern itself wrote into the base version are not the reviewer's, and those
    // the latest version already carries (the same review sent again) are already recorded.
    let comments_of = |v: &Version| -> Vec<(String, String)> {
        crate::capped::read_bytes_opt(&v.docx, &v.docx, IMPORT_FILE)
            .ok()
            .flatten()
            .and_then(|b| docx::read_review(&b).ok())
            .map(|r| r.comments.into_iter().map(|c| (c.author, c.text)).collect())
            .unwrap_or_default()
    };
    let mut own = comments_of(&base);
    if latest.number != base.number {
        own.extend(comments_of(&latest));
    }
    let comments: Vec<ReviewComment> = review
        .comments
        .into_iter()
        .filter(|c| !own.contains(&(c.author.clone(), c.text.clone())))
        .map(|c| ReviewComment {
            author: c.author,
            date: c.date,
            text: c.text,
            anchor: c.anchor,
        })
        .collect();
    let pending_changes: Vec<PendingChange> = review
        .pending
        .into_iter()
        .map(|c| PendingChange {
            kind: c.kind.name().to_string(),
            author: c.author,
            date: c.date,
            text: c.text,
        })
        .collect();

    let sha256 = hex(&Sha256::digest(&bytes));
    // The text as delivered is a record of its own even when it equals the prepared text;
    // only the same delivery imported again writes nothing.
    if let Some(n) = inputs_since {
        let lang_arg = if lang == event.item.language {
            String::new()
        } else {
            format!(" --lang {lang}")
        };
        warnings.push(format!(
            "{shown} was edited from v{based_on:03}; the inputs changed by v{n:03} are not in it, and the next `lectern draft {event_id} --kind {kind}{lang_arg}` merges them in"
        ));
    }
    // A header or footer the reviewer edited (an embargo time) is an edit the text does not
    // show; the next draft writes them from the event again, so say so.
    // Compared with the version the file was drafted as, whose header it carries.
    let drafted_as = recorded_version(&bytes, &event_id, kind, &versions).unwrap_or(based_on);
    let lines = furniture_lines(&review.furniture, base_manifest.language);
    let stored = match opts.delivered {
        None => stored_furniture(&store.version(drafted_as), base_manifest.language),
        Some(_) => None,
    };
    let furniture_edited = stored.as_ref().is_some_and(|s| *s != lines);
    if let (true, Some(stored)) = (furniture_edited, &stored) {
        let new = lines
            .iter()
            .find(|l| !stored.contains(l))
            .map_or_else(String::new, |l| format!(" (\"{l}\")"));
        warnings.push(format!(
            "{shown}: its header or footer was edited{new}; the next draft writes them from the event again, so make the same change there to keep it"
        ));
    }
    // The embargo line the file's header shows, else the one the base had.
    let embargo =
        embargo_line(&lines, base_manifest.language).or_else(|| base_manifest.embargo.clone());
    let unchanged = match &opts.delivered {
        None => (comments.is_empty()
            && !furniture_edited
            && same_text(&latest, &doc)
            && same_pictures(&latest, &doc, &file_pictures))
        .then_some(latest.number),
        Some(d) => versions.iter().rev().find_map(|v| {
            v.read_manifest()
                .is_ok_and(|m| {
                    crate::delivered::already_recorded(
                        &m,
                        &sha256,
                        d.duration_seconds,
                        d.delivered_on.as_deref(),
                    )
                })
                .then_some(v.number)
        }),
    };
    if let Some(version) = unchanged {
        return Ok(Report {
            event: event_id,
            kind,
            outcome: Outcome::Unchanged { version },
            warnings,
        });
    }

    // Pictures: one a version already shows keeps its path; a new one is kept beside the
    // version, named by its content.
    let mut known = std::collections::HashMap::new();
    if doc.images().next().is_some() {
        known = stored_sources(&base);
        if latest.number != base.number {
            known.extend(stored_sources(&latest));
        }
    }
    let folder = store.dir().file_name().map_or_else(
        || kind.name().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let folder = format!(
        "{}/{event_id}/{folder}",
        ws.settings.output.trim_end_matches('/')
    );
    if doc.images().next().is_some() {
        kept_pictures(store.dir(), &folder, &file_pictures, &mut known);
    }
    let placed = place_pictures(&doc, &file_pictures, &known);
    let words = doc.word_count();
    // Each passage at its own language's rate (DESIGN.md §12).
    let speaking_seconds = crate::length::speaking_seconds(&doc, base_manifest.language, |l| {
        ws.settings.speaking_rate(l)
    });
    if let Some(w) = opts
        .delivered
        .as_ref()
        .and_then(|d| d.duration_seconds)
        .and_then(|s| crate::delivered::implausible(words, s))
    {
        warnings.push(w);
    }
    let file_name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let origin = VersionOrigin {
        kind: if opts.delivered.is_some() {
            "delivered".into()
        } else {
            "import".into()
        },
        by: opts.by.clone(),
        file: file_name,
        sha256,
        based_on,
        note: opts.note.clone(),
        duration_seconds: opts.delivered.as_ref().and_then(|d| d.duration_seconds),
        delivered_on: opts.delivered.as_ref().and_then(|d| d.delivered_on.clone()),
        speaker: opts
            .delivered
            .as_ref()
            .map(|_| event.item.speaker.name.trim().to_string()),
    };
    let mut all_warnings = base_manifest.warnings.clone();
    all_warnings.extend(warnings.iter().cloned());
    let created_at = opts.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let (version, manifest) = store.writer()?.commit_with(|n| {
        let (doc, extra) = placed.apply(&doc, n, &folder);
        let markdown = document::markdown::to_markdown(&doc);
        let manifest = Manifest {
            event: event_id.clone(),
            kind,
            version: n,
            created_at: created_at.clone(),
            tool_version: crate::draft::TOOL_VERSION.to_string(),
            language: base_manifest.language,
            template: base_manifest.template.clone(),
            inputs: base_manifest.inputs.clone(),
            // The inputs are those of the base: an unchanged workspace drafts nothing over
            // the reviewer's text.
            fingerprint: base_manifest.fingerprint.clone(),
            content_hash: hex(&Sha256::digest(markdown.as_bytes())),
            words,
            speaking_seconds,
            warnings: all_warnings.clone(),
            not_cleared: base_manifest.not_cleared,
            not_cleared_items: base_manifest.not_cleared_items.clone(),
            clearance: if kind.is_public() {
                Clearance::Public
            } else {
                Clearance::Restricted
            },
            embargo: embargo.clone(),
            files: Files {
                docx: crate::versions::file_name(n, "docx"),
                markdown: crate::versions::file_name(n, "md"),
                docx_bytes: bytes.len() as u64,
                docx_sha256: Some(hex(&Sha256::digest(&bytes))),
            },
            origin: Some(origin.clone()),
            comments: comments.clone(),
            pending_changes: pending_changes.clone(),
            merge: None,
            discarded_edits: None,
        };
        Ok((bytes.clone(), markdown.into_bytes(), extra, manifest))
    })?;
    Ok(Report {
        event: event_id,
        kind,
        outcome: Outcome::Created {
            version,
            manifest: Box::new(manifest),
            based_on,
            basis,
            previous: latest,
        },
        warnings,
    })
}

/// Read through the one capped reader: a regular file, at most `IMPORT_FILE` bytes.
fn read_file(path: &Path) -> Result<Vec<u8>> {
    crate::capped::read_bytes(path, path, IMPORT_FILE)
}

/// The stored Markdown of a version, as a document.
fn stored(v: &Version) -> Option<Document> {
    let text =
        crate::capped::read_text_opt(&v.markdown, &v.markdown, crate::capped::STORED_MARKDOWN)
            .ok()??;
    Some(document::parse::parse(&text, Vec::new()))
}

/// A file's header and footer lines as a reviewer can edit them: the page numbers of a
/// "Page X of Y" line (which any save may update) left out.
fn furniture_lines(blocks: &[document::Block], lang: crate::library::Lang) -> Vec<String> {
    let label = |k: &'static str| crate::render::l10n::label(lang, k).unwrap_or(k);
    let (page, of) = (label("page"), label("of"));
    blocks
        .iter()
        .map(document::Block::plain_text)
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            let t = t.trim();
            crate::redline::strip_pages(t, page, of)
                .or_else(|| crate::redline::strip_pages(t, "Page", "of"))
                .unwrap_or(t)
                .to_string()
        })
        .collect()
}

/// The embargo line among a file's header and footer lines, in its language or in English.
pub(crate) fn embargo_line(lines: &[String], lang: crate::library::Lang) -> Option<String> {
    let label = crate::render::l10n::label(lang, "embargoed_until").unwrap_or("Embargoed until");
    lines
        .iter()
        .find(|l| l.starts_with(label) || l.starts_with("Embargoed until"))
        .cloned()
}

/// A stored version's header and footer lines (`None` when its DOCX cannot be read).
fn stored_furniture(v: &Version, lang: crate::library::Lang) -> Option<Vec<String>> {
    let bytes = crate::capped::read_bytes_opt(&v.docx, &v.docx, IMPORT_FILE).ok()??;
    docx::read_review(&bytes)
        .ok()
        .map(|r| furniture_lines(&r.furniture, lang))
}

/// The file's text equals `v`'s, as the diff compares them (formatting and footnotes
/// included).
fn same_text(v: &Version, doc: &Document) -> bool {
    stored(v).is_some_and(|old| {
        crate::diff::paragraphs(&old) == crate::diff::paragraphs(doc)
            && passages(&old) == passages(doc)
    })
}

/// The language of each block with text (`None`: the document's): a passage marked in
/// another language, or no longer marked, is an edit.
fn passages(doc: &Document) -> Vec<Option<crate::library::Lang>> {
    doc.blocks
        .iter()
        .filter(|b| !b.plain_text().trim().is_empty())
        .map(|b| b.lang)
        .collect()
}

/// The pictures a file shows, in order: alt text and a hash of the bytes.
fn picture_list(doc: &Document, pictures: &crate::picture::Pictures) -> Vec<(String, String)> {
    doc.images()
        .map(|(src, alt)| {
            let hash = pictures
                .get(src)
                .map(|p| hex(&Sha256::digest(&p.bytes)))
                .unwrap_or_default();
            (alt.to_string(), hash)
        })
        .collect()
}

/// A stored version's DOCX through the reader: its document and pictures.
fn stored_docx(v: &Version) -> Option<(Document, crate::picture::Pictures)> {
    let bytes = crate::capped::read_bytes_opt(&v.docx, &v.docx, IMPORT_FILE).ok()??;
    docx::read_review(&bytes).ok().map(|r| (r.doc, r.pictures))
}

/// The file shows the same pictures as `v`'s DOCX (the same bytes, the same alt text, in the
/// same order): a picture added, removed or replaced is an edit.
fn same_pictures(v: &Version, doc: &Document, pictures: &crate::picture::Pictures) -> bool {
    let mine = picture_list(doc, pictures);
    if mine.is_empty() {
        // No DOCX to read: the version's Markdown says whether it shows pictures.
        return stored(v).map_or(true, |d| d.images().next().is_none());
    }
    match stored_docx(v) {
        Some((d, p)) => picture_list(&d, &p) == mine,
        None => mine.is_empty(),
    }
}

/// The paths a stored version's Markdown gives its pictures, by the hash of the bytes its
/// DOCX holds for them (the writer places them in the order the Markdown shows them).
fn stored_sources(v: &Version) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    let (Some(md), Some((d, p))) = (stored(v), stored_docx(v)) else {
        return out;
    };
    let (paths, files): (Vec<_>, Vec<_>) = (md.images().collect(), picture_list(&d, &p));
    if paths.len() != files.len() {
        return out;
    }
    for ((src, alt), (alt2, hash)) in paths.into_iter().zip(files) {
        if alt == alt2 && !hash.is_empty() {
            out.entry(hash).or_insert_with(|| src.to_string());
        }
    }
    out
}

/// Where each picture of an imported file goes: a path a stored version already uses for the
/// same bytes, or a new file beside the version.
struct Placement {
    /// Reader's `src` (a part of the package) → the path kept, or the new file's content.
    each: Vec<(String, Placed)>,
}

enum Placed {
    Known(String),
    New {
        hash: String,
        ext: &'static str,
        bytes: std::sync::Arc<[u8]>,
    },
}

fn place_pictures(
    doc: &Document,
    pictures: &crate::picture::Pictures,
    known: &std::collections::HashMap<String, String>,
) -> Placement {
    let mut each: Vec<(String, Placed)> = Vec::new();
    for (src, _) in doc.images() {
        if each.iter().any(|(s, _)| s == src) {
            continue;
        }
        let Some(pic) = pictures.get(src) else {
            continue;
        };
        let hash = hex(&Sha256::digest(&pic.bytes));
        let placed = match known.get(&hash) {
            Some(path) => Placed::Known(path.clone()),
            None => Placed::New {
                hash,
                ext: pic.format.extension(),
                bytes: pic.bytes.clone(),
            },
        };
        each.push((src.to_string(), placed));
    }
    Placement { each }
}

/// Pictures earlier imports kept beside their versions (`vNNN.pic-<hash>.<ext>` in `dir`,
/// the store's folder, `folder` in the workspace) with the same bytes as one of `pictures`:
/// added to `known`, so the same picture imported again is not stored twice.
fn kept_pictures(
    dir: &Path,
    folder: &str,
    pictures: &crate::picture::Pictures,
    known: &mut std::collections::HashMap<String, String>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut wanted: std::collections::HashMap<String, String> = pictures
        .values()
        .map(|p| hex(&Sha256::digest(&p.bytes)))
        .filter(|h| !known.contains_key(h))
        .map(|h| (h[..16].to_string(), h))
        .collect();
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".pic-"))
        .collect();
    names.sort();
    for name in names {
        let Some(prefix) = name
            .split_once(".pic-")
            .and_then(|(_, rest)| rest.split('.').next())
        else {
            continue;
        };
        let Some(hash) = wanted.get(prefix).cloned() else {
            continue;
        };
        let path = dir.join(&name);
        let same = crate::capped::read_bytes(&path, &path, PICTURE_FILE)
            .is_ok_and(|b| hex(&Sha256::digest(&b)) == hash);
        if same {
            known.insert(hash, format!("{folder}/{name}"));
            wanted.remove(prefix);
        }
    }
}

/// A picture an earlier import kept, read again to compare it.
const PICTURE_FILE: crate::capped::Cap = crate::capped::Cap {
    bytes: crate::picture::MAX_PICTURE_BYTES,
    what: "picture",
    hint: "save a smaller copy of the picture",
};

/// `vNNN.pic-<16 hex digits of the content's SHA-256>.png`: a picture an import keeps beside
/// version `n` (never overwritten: the version's files are placed new).
fn picture_name(n: u32, hash: &str, ext: &str) -> String {
    format!("v{n:03}.pic-{}.{ext}", &hash[..16.min(hash.len())])
}

impl Placement {
    /// The document with its pictures at their workspace paths as version `n` of the store
    /// in `folder` (workspace-relative), and the new files to place beside it.
    fn apply(&self, doc: &Document, n: u32, folder: &str) -> (Document, Vec<(String, Vec<u8>)>) {
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut paths: std::collections::HashMap<&str, String> = Default::default();
        for (src, placed) in &self.each {
            let path = match placed {
                Placed::Known(p) => p.clone(),
                Placed::New { hash, ext, bytes } => {
                    let name = picture_name(n, hash, ext);
                    if !files.iter().any(|(f, _)| *f == name) {
                        files.push((name.clone(), bytes.to_vec()));
                    }
                    format!("{folder}/{name}")
                }
            };
            paths.insert(src.as_str(), path);
        }
        let mut doc = doc.clone();
        for b in &mut doc.blocks {
            for i in &mut b.inlines {
                if let Inline::Image { src, .. } = i {
                    if let Some(p) = paths.get(src.as_str()) {
                        *src = p.clone();
                    }
                }
            }
        }
        (doc, files)
    }
}

/// The version sharing the most words with `doc` (Dice coefficient on word counts); the
/// latest wins a tie.
/// A draft of this event and kind in another language than the one it is imported as (a
/// French review imported with `--lang es`) is refused: it would become a version of the
/// wrong translation. lectern writes each draft's language as the document language; files
/// that do not say are taken as they come.
/// A draft of another event or kind (its document properties say which) is not a review of
/// this one: most likely the wrong file was picked.
fn refuse_other_draft(
    bytes: &[u8],
    event_id: &str,
    kind: Kind,
    shown: &str,
    path: &Path,
) -> Result<()> {
    let props = docx::custom_properties(bytes);
    let get = |name: &str| {
        props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let (Some(file_event), Some(file_kind)) = (get("event"), get("kind")) else {
        return Ok(());
    };
    if file_event == event_id && file_kind == kind.name() {
        return Ok(());
    }
    Err(Error::input(format!(
        "{shown} is a draft of the {file_kind} of {file_event}, not of the {kind} of {event_id}"
    ))
    .at(Origin::file(path))
    .hint(format!(
        "import it with `lectern import {file_event} --kind {file_kind}`, or pick the file of the {kind} of {event_id}"
    )))
}

fn refuse_other_language(
    bytes: &[u8],
    event_id: &str,
    kind: Kind,
    lang: crate::library::Lang,
    shown: &str,
    path: &Path,
) -> Result<()> {
    let props = docx::custom_properties(bytes);
    let is = |name: &str, value: &str| props.iter().any(|(n, v)| n == name && v == value);
    if !is("event", event_id) || !is("kind", kind.name()) {
        return Ok(());
    }
    let Some(tag) = docx::core_properties(bytes).language else {
        return Ok(());
    };
    let code = tag
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let Some(file_lang) = crate::library::Lang::parse(&code) else {
        return Ok(());
    };
    if file_lang == lang {
        return Ok(());
    }
    Err(Error::input(format!(
        "{shown} is the `{file_lang}` {kind} of {event_id}, not the `{lang}` one"
    ))
    .at(Origin::file(path))
    .hint(format!(
        "import it with --lang {file_lang}, or pick the file of the `{lang}` version"
    )))
}

/// The version a file says it was drafted as: lectern writes the event, kind and version into
/// every draft's custom document properties, and a reviewer's save keeps them. `None` when the
/// file is not a draft of this event and kind, or names a version that is not stored.
fn recorded_version(bytes: &[u8], event_id: &str, kind: Kind, versions: &[Version]) -> Option<u32> {
    let props = docx::custom_properties(bytes);
    let get = |name: &str| {
        props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if get("event")? != event_id || get("kind")? != kind.name() {
        return None;
    }
    let n: u32 = get("version")?.parse().ok()?;
    versions.iter().any(|v| v.number == n).then_some(n)
}

fn most_similar(versions: &[Version], doc: &Document) -> (u32, Basis) {
    let bag = |d: &Document| {
        let mut m: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for p in crate::diff::paragraphs(d) {
            for w in unicode_segmentation::UnicodeSegmentation::unicode_words(p.text.as_str()) {
                *m.entry(w.to_lowercase()).or_default() += 1;
            }
        }
        m
    };
    let mine = bag(doc);
    let total_mine: usize = mine.values().sum();
    let mut best = (versions.last().map_or(0, |v| v.number), -1.0_f64);
    for v in versions.iter().rev() {
        let Some(old) = stored(v) else { continue };
        let theirs = bag(&old);
        let total: usize = total_mine + theirs.values().sum::<usize>();
        let shared: usize = mine
            .iter()
            .map(|(w, n)| (*n).min(theirs.get(w).copied().unwrap_or(0)))
            .sum();
        let score = if total == 0 {
            1.0
        } else {
            2.0 * shared as f64 / total as f64
        };
        if score > best.1 {
            best = (v.number, score);
        }
    }
    (best.0, Basis::MostSimilar(best.1.max(0.0)))
}

/// Everything a reader of the file sees: body, footnotes, header and footer, comments.
fn all_text(
    doc: &Document,
    furniture: &[document::Block],
    comments: &[docx::ReviewComment],
) -> String {
    let mut s = String::new();
    for b in doc.blocks.iter().chain(furniture) {
        s.push_str(&b.plain_text());
        s.push('\n');
    }
    for f in &doc.footnotes {
        s.push_str(&document::plain_text(&f.inlines));
        s.push('\n');
    }
    for c in comments {
        s.push_str(&c.text);
        s.push('\n');
    }
    s
}

/// Text compared without case, spacing and punctuation differences: lower-case words
/// separated by single spaces, with a space at each end so matches fall on word boundaries.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(' ');
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Sentences of at least this many words are recognised on their own.
const SENTENCE_WORDS: usize = 8;

/// The first restricted fact whose statement (in any language), or any sentence of eight
/// words or more from it, or any run of eight of its words in a row, appears in `text`: its
/// id and the start of the passage found. A sentence pasted without its first words, or cut
/// short, is still the fact's wording.
pub fn restricted_leak(ws: &Workspace, text: &str) -> Option<(String, String)> {
    let hay = normalise(text);
    let hay_words: Vec<&str> = hay.split_whitespace().collect();
    let runs: std::collections::HashSet<&[&str]> = hay_words.windows(SENTENCE_WORDS).collect();
    for f in ws.facts.values() {
        if f.item.clearance != Clearance::Restricted {
            continue;
        }
        for statement in f.item.statement.values() {
            let mut candidates = vec![statement.as_str()];
            candidates.extend(sentences(statement));
            for (k, c) in candidates.into_iter().enumerate() {
                let n = normalise(c);
                let words = n.split_whitespace().count();
                // The whole statement counts at any length; its sentences from eight words.
                if words == 0 || (k > 0 && words < SENTENCE_WORDS) {
                    continue;
                }
                if hay.contains(&n) {
                    return Some((f.item.id.to_string(), opening(c)));
                }
            }
            // Eight of its words in a row, wherever they start.
            let n = normalise(statement);
            let words: Vec<&str> = n.split_whitespace().collect();
            if let Some(run) = words.windows(SENTENCE_WORDS).find(|w| runs.contains(w)) {
                return Some((f.item.id.to_string(), format!("{}…", run.join(" "))));
            }
        }
    }
    None
}

/// The workspace's banned phrases that `text` uses (`check::Phrase`: any case, any
/// separators), trimmed, in the settings' order.
pub fn banned_phrases_in<'w>(ws: &'w Workspace, text: &str) -> Vec<&'w str> {
    ws.settings
        .banned_phrases
        .iter()
        .map(|p| p.trim())
        .filter(|p| {
            let phrase = crate::check::Phrase::new(p);
            !phrase.is_empty() && phrase.find(text).is_some()
        })
        .collect()
}

/// The first eight words of `c`, with an ellipsis when it goes on.
fn opening(c: &str) -> String {
    let passage: Vec<&str> = c.split_whitespace().take(SENTENCE_WORDS).collect();
    let mut passage = passage.join(" ");
    if c.split_whitespace().count() > SENTENCE_WORDS {
        passage.push('…');
    }
    passage
}

/// Sentences of a text: split after `.`, `!`, `?`, `;`, `…` and their Arabic and CJK forms.
fn sentences(s: &str) -> Vec<&str> {
    s.split_inclusive(['.', '!', '?', ';', '…', '؟', '۔', '。', '！', '？', '؛'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_ignores_case_spacing_and_punctuation() {
        assert_eq!(
            normalise("L'Union\u{a0}européenne — a DIT : « oui »."),
            " l union européenne a dit oui "
        );
        assert_eq!(normalise(""), " ");
    }

    #[test]
    fn sentences_split_in_every_script() {
        assert_eq!(
            sentences("One two. Three? Four؟ Five。"),
            ["One two.", "Three?", "Four؟", "Five。"]
        );
    }
}
