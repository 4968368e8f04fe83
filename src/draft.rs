//! Drafting one event's output kind end to end: resolve (governance) → render (Markdown) →
//! parse (document model) → export (DOCX + Markdown) → store (a new version with its manifest).
//! Shared by `lectern draft` and `lectern batch`; returns data, never prints.

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

use crate::document::{self, Document};
use crate::docx::{self, DocMeta};
use crate::error::Result;
use crate::library::{Event, Kind, Loaded};
use crate::regenerate;
use crate::render::{self, l10n, Templates};
use crate::resolve::{resolve_in, Policy, Resolved};
use crate::versions::{Files, InputRef, Inputs, Manifest, Version};
use crate::workspace::{hex, Workspace};

pub const TOOL_VERSION: &str = concat!("lectern ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub today: chrono::NaiveDate,
    pub allow_unapproved: bool,
    /// The creation time recorded in the manifest and the DOCX properties.
    pub now: DateTime<Utc>,
    /// `--discard-edits`: regenerate from the inputs alone over a reviewer's edits.
    pub discard_edits: bool,
}

impl Options {
    /// What resolving accepts under these options.
    pub fn policy(&self) -> Policy {
        Policy {
            today: self.today,
            allow_unapproved: self.allow_unapproved,
        }
    }
}

/// What drafting one event + kind did.
#[derive(Debug, Clone)]
pub enum Outcome {
    Created {
        version: Version,
        manifest: Box<Manifest>,
        /// The version before this one, if any, to summarise what changed.
        previous: Option<Version>,
    },
    /// Nothing changed since this version; nothing was written.
    Unchanged {
        version: u32,
        manifest: Box<Manifest>,
    },
}

#[derive(Debug, Clone)]
pub struct Report {
    pub event: String,
    pub kind: Kind,
    pub outcome: Outcome,
    pub warnings: Vec<String>,
}

impl Report {
    pub fn manifest(&self) -> &Manifest {
        match &self.outcome {
            Outcome::Created { manifest, .. } | Outcome::Unchanged { manifest, .. } => manifest,
        }
    }
}

/// Draft `event` as `kind` into the workspace's output folder, in the event's language.
pub fn draft(
    ws: &Workspace,
    templates: &Templates,
    event: &Loaded<Event>,
    kind: Kind,
    opts: &Options,
) -> Result<Report> {
    draft_in(ws, templates, event, kind, event.item.language, opts)
}

/// `draft` in `lang`: the event's language, or one of its `translations`, whose versions are
/// kept apart (see `languages`).
pub fn draft_in(
    ws: &Workspace,
    templates: &Templates,
    event: &Loaded<Event>,
    kind: Kind,
    lang: crate::library::Lang,
    opts: &Options,
) -> Result<Report> {
    let resolved = resolve_in(ws, event, kind, lang, opts.policy())?;
    let template = templates.template_ref(kind);
    let inputs = inputs_of(&resolved);
    // Read and hashed here; prepared only when a draft is written.
    let house_file = house_file(ws, resolved.lang)?;
    let mut fingerprint = fingerprint(&resolved, &template.hash, &inputs, ws);
    if let Some(h) = &house_file {
        // A changed house style file is a new version; no house style keeps old fingerprints.
        fingerprint = hex(&Sha256::digest(format!("{fingerprint} {}", h.hash())));
    }
    let pictures_hash = crate::assets::fingerprint(&ws.root, templates, &event.item, kind);
    if !pictures_hash.is_empty() {
        // Only drafts with pictures: every other fingerprint stays as it was.
        fingerprint = hex(&Sha256::digest(format!("{fingerprint}\0{pictures_hash}")));
    }
    let passages = passage_rates(&resolved, ws);
    if !passages.is_empty() {
        // Only drafts with passages in other languages: their speaking time uses those rates.
        fingerprint = hex(&Sha256::digest(format!("{fingerprint}\0{passages}")));
    }
    let store = crate::languages::store_in_workspace(
        &ws.root,
        &ws.settings.output,
        &event.item,
        kind,
        lang,
    );
    // The warnings recorded with the version include the template's (see below).
    let unchanged = |prev: &Version, m: Manifest| Report {
        event: event.item.id.to_string(),
        kind,
        warnings: m.warnings.clone(),
        outcome: Outcome::Unchanged {
            version: prev.number,
            manifest: Box::new(m),
        },
    };
    // A first look without the lock, so an unchanged draft renders and writes nothing.
    // A damaged manifest is never reused: drafting goes on and writes a new version.
    // Discarding edits writes a new version even when the inputs did not change.
    let discarding = |m: &Manifest| opts.discard_edits && regenerate::edited_by(m).is_some();
    if let Some((prev, Some(m))) = store.peek_latest()? {
        if m.fingerprint == fingerprint && !discarding(&m) {
            return Ok(unchanged(&prev, m));
        }
    }
    let house = house_file
        .map(|f| f.prepare().map_err(|e| located(&ws.root, f.path(), e)))
        .transpose()?;

    let rendered = render::render(templates, &resolved)?;
    let (mut doc, unrendered) =
        document::parse::parse_checked(&rendered.markdown, rendered.comments);
    docx::typeset(&mut doc, resolved.lang);
    let pictures = crate::assets::pictures(&ws.root, templates, event, kind, &doc)?;
    let mut warnings = resolved.warnings.clone();
    warnings.extend(crate::assets::unrendered_warnings(
        templates,
        kind,
        &unrendered,
    ));
    let markdown = document::markdown::to_markdown(&doc);
    let generated = &markdown;
    let words = doc.word_count();
    let speaking_seconds =
        crate::length::speaking_seconds(&doc, resolved.lang, |l| ws.settings.speaking_rate(l));
    let content_hash = hex(&Sha256::digest(markdown.as_bytes()));
    let not_cleared_items: Vec<String> = resolved
        .message_index
        .values()
        .filter_map(|m| {
            m.not_cleared
                .as_ref()
                .map(|why| format!("message `{}` {why}", m.loaded.item.id))
        })
        .chain(resolved.fact_index.values().filter_map(|f| {
            f.not_cleared
                .as_ref()
                .map(|why| format!("fact `{}` {why}", f.loaded.item.id))
        }))
        .collect();
    let created_at = opts.now.to_rfc3339_opts(SecondsFormat::Secs, true);

    // The decision again, under the folder's lock and up to the commit: of several processes
    // drafting the same unchanged content at once, one writes and the others find its version.
    let writer = store.writer()?;
    let latest = match writer.latest()? {
        Some((prev, Some(m))) if m.fingerprint == fingerprint && !discarding(&m) => {
            return Ok(unchanged(&prev, m));
        }
        other => other,
    };
    let previous = latest.as_ref().map(|(prev, _)| prev.clone());
    // Over a reviewer's edits: merged with them, or discarded on request (DESIGN.md §10).
    let over = regenerate::over(
        ws,
        &store,
        latest.as_ref(),
        &doc,
        &markdown,
        event.item.id.as_str(),
        kind,
        resolved.lang,
        opts.discard_edits,
    )?;
    let (doc, markdown, words, speaking_seconds, content_hash) = match &over {
        regenerate::Over::Merged(m) => {
            warnings.extend(m.warnings.iter().cloned());
            let words = m.doc.word_count();
            (
                &m.doc,
                &m.markdown,
                words,
                crate::length::speaking_seconds(&m.doc, resolved.lang, |l| {
                    ws.settings.speaking_rate(l)
                }),
                hex(&Sha256::digest(m.markdown.as_bytes())),
            )
        }
        _ => (&doc, &markdown, words, speaking_seconds, content_hash),
    };
    let (version, manifest) = writer.commit_with(|n| {
        let meta = doc_meta(&resolved, doc, n, opts.now, ws);
        let bytes = docx::write_house(doc, &meta, &pictures, house.as_deref())?;
        let mut extra = Vec::new();
        let (merge, discarded_edits) = match &over {
            regenerate::Over::Render => (None, None),
            regenerate::Over::Discarded(d) => (None, Some(d.clone())),
            regenerate::Over::Merged(m) => {
                let name = regenerate::generated_name(n);
                extra.push((name.clone(), generated.as_bytes().to_vec()));
                let mut record = m.record.clone();
                record.generated = name;
                (Some(record), None)
            }
        };
        let manifest = Manifest {
            event: event.item.id.to_string(),
            kind,
            version: n,
            created_at: created_at.clone(),
            tool_version: TOOL_VERSION.to_string(),
            language: resolved.lang,
            template: template.clone(),
            inputs: inputs.clone(),
            fingerprint: fingerprint.clone(),
            content_hash: content_hash.clone(),
            words,
            speaking_seconds,
            warnings: warnings.clone(),
            not_cleared: !not_cleared_items.is_empty(),
            not_cleared_items: not_cleared_items.clone(),
            clearance: resolved.clearance,
            embargo: meta.marks.embargo.clone(),
            files: Files {
                docx: crate::versions::file_name(n, "docx"),
                markdown: crate::versions::file_name(n, "md"),
                docx_bytes: bytes.len() as u64,
                docx_sha256: Some(hex(&Sha256::digest(&bytes))),
            },
            origin: None,
            comments: match &over {
                regenerate::Over::Merged(m) => m.comments.clone(),
                _ => Vec::new(),
            },
            pending_changes: match &over {
                regenerate::Over::Merged(m) => m.pending.clone(),
                _ => Vec::new(),
            },
            merge,
            discarded_edits,
        };
        Ok((bytes, markdown.as_bytes().to_vec(), extra, manifest))
    })?;
    Ok(Report {
        event: event.item.id.to_string(),
        kind,
        outcome: Outcome::Created {
            version,
            manifest: Box::new(manifest),
            previous,
        },
        warnings,
    })
}

/// The house style for `lang`, read once per process; an unreadable one is an error located
/// at its `house_style` entry in `lectern.json`.
pub fn house_style(
    ws: &Workspace,
    lang: crate::library::Lang,
) -> Result<Option<std::sync::Arc<docx::house::House>>> {
    let Some(path) = house_path(ws, lang) else {
        return Ok(None);
    };
    house_style_at(&ws.root, path).map(Some)
}

fn house_path(ws: &Workspace, lang: crate::library::Lang) -> Option<&str> {
    ws.settings
        .house_style
        .as_ref()
        .and_then(|h| h.for_lang(lang))
}

/// The house style file for `lang`, read and hashed once per process, not yet prepared.
fn house_file(
    ws: &Workspace,
    lang: crate::library::Lang,
) -> Result<Option<std::sync::Arc<docx::house::HouseFile>>> {
    let Some(path) = house_path(ws, lang) else {
        return Ok(None);
    };
    docx::house::open(&ws.root, path)
        .map(Some)
        .map_err(|e| located(&ws.root, path, e))
}

/// The house style `path` names (as written in `lectern.json` under `root`), read once per
/// process; errors are located at it in `lectern.json`.
pub fn house_style_at(
    root: &std::path::Path,
    path: &str,
) -> Result<std::sync::Arc<docx::house::House>> {
    docx::house::load(root, path).map_err(|e| located(root, path, e))
}

/// A house style error located at its entry in `lectern.json`, with the hint.
fn located(root: &std::path::Path, path: &str, e: crate::error::Error) -> crate::error::Error {
    crate::error::Error::input(format!("house_style: {}", e.message()))
        .at(crate::settings::Settings::locate(root, path))
        .hint("house_style names a .docx or .dotx saved by Word, LibreOffice, pandoc or python-docx; `lectern style export` writes one to start from")
}

/// The languages of the passages in another language than the draft's, with their speaking
/// rates ("fr 150 ar 110"); empty when there are none.
fn passage_rates(r: &Resolved<'_>, ws: &Workspace) -> String {
    let mut langs: Vec<crate::library::Lang> =
        r.message_index.values().filter_map(|m| m.lang).collect();
    langs.sort();
    langs.dedup();
    langs
        .iter()
        .map(|l| format!("{l} {}", ws.settings.speaking_rate(*l)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The inputs, in delivery order: the event's own list first, then those only Q&A uses.
fn inputs_of(r: &Resolved<'_>) -> Inputs {
    let mut seen = std::collections::HashSet::new();
    let mut messages: Vec<InputRef> = Vec::new();
    for m in r.messages.iter().chain(r.message_index.values()) {
        let item = &m.loaded.item;
        if seen.insert(&item.id) {
            messages.push(InputRef {
                id: item.id.to_string(),
                version: Some(item.version),
                hash: m.loaded.hash.clone(),
                wording: Some(crate::recorded::message_wording(item)),
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut facts: Vec<InputRef> = Vec::new();
    for f in r.facts.iter().chain(r.fact_index.values()) {
        let item = &f.loaded.item;
        if seen.insert(&item.id) {
            facts.push(InputRef {
                id: item.id.to_string(),
                version: Some(item.version),
                hash: f.loaded.hash.clone(),
                wording: Some(crate::recorded::fact_wording(item)),
            });
        }
    }
    Inputs {
        event: InputRef {
            id: r.event.item.id.to_string(),
            version: None,
            hash: r.event.hash.clone(),
            wording: None,
        },
        messages,
        facts,
    }
}

/// One line on what changed from `prev` to `new`: words and paragraphs, then the inputs
/// ("message x v2→v3"). `None` when either version cannot be read back.
pub fn changes_since(prev: &Version, new: &Version) -> Option<String> {
    let read = |v: &Version| -> Option<Document> {
        let text =
            crate::capped::read_text(&v.markdown, &v.markdown, crate::capped::STORED_MARKDOWN)
                .ok()?;
        Some(document::parse::parse(&text, Vec::new()))
    };
    let mut line = crate::diff::summary_line(&read(prev)?, &read(new)?);
    if let (Ok(a), Ok(b)) = (prev.read_manifest(), new.read_manifest()) {
        let inputs: Vec<String> = crate::diff::inputs::input_changes(&a, &b)
            .iter()
            .map(ToString::to_string)
            .collect();
        if !inputs.is_empty() {
            line.push_str("; ");
            line.push_str(&inputs.join(", "));
        }
    }
    Some(line)
}

/// Everything that decides the draft's content. The draft date is deliberately left out, so
/// drafting the same content on another day reports "unchanged"; what the date changes is in
/// through the governance outcome, written without day counts (which facts are stale, which
/// messages are not cleared and why), so a nightly batch writes nothing new until the content
/// does change. Of the settings, only those that reach the document or its manifest count:
/// the organisation and author (document properties, footer) and the speaking rate of the
/// draft's language (the manifest's speaking time); banned phrases and the output folder
/// do not.
fn fingerprint(r: &Resolved<'_>, template_hash: &str, inputs: &Inputs, ws: &Workspace) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update(bytes);
        h.update([0]);
    };
    field(TOOL_VERSION.as_bytes());
    field(r.kind.name().as_bytes());
    field(template_hash.as_bytes());
    field(&serde_json::to_vec(inputs).expect("inputs serialise"));
    field(ws.settings.organisation.as_bytes());
    field(ws.settings.author.as_bytes());
    field(ws.settings.speaking_rate(r.lang).to_string().as_bytes());
    for f in r.fact_index.values() {
        if let Some(note) = &f.stale {
            field(format!("stale {} {note}", f.loaded.item.id).as_bytes());
        }
    }
    for m in r.message_index.values() {
        if let Some(why) = &m.not_cleared {
            field(format!("not cleared {} {why}", m.loaded.item.id).as_bytes());
        }
    }
    for f in r.fact_index.values() {
        if let Some(why) = &f.not_cleared {
            field(format!("not cleared fact {} {why}", f.loaded.item.id).as_bytes());
        }
    }
    hex(&h.finalize())
}

/// The header, footer and properties of the DOCX, localised to the event language.
fn doc_meta(
    r: &Resolved<'_>,
    doc: &Document,
    version: u32,
    now: DateTime<Utc>,
    ws: &Workspace,
) -> DocMeta {
    let lang = r.lang;
    let ev = &r.event.item;
    let label = |k: &str| l10n::label(lang, k).unwrap_or(k).to_string();
    let clearance = match r.clearance {
        crate::library::Clearance::Public => label("public"),
        crate::library::Clearance::Restricted => label("restricted"),
    };
    let marks = docx::Marks {
        status: label("draft").to_uppercase(),
        version: format!("{} {version}", label("version")),
        clearance: clearance.to_uppercase(),
        embargo: ev
            .embargo_until
            .as_ref()
            .map(|e| l10n::embargo_line(lang, &e.0)),
        date: l10n::format_date(lang, now.date_naive(), l10n::DateStyle::Long),
        kind: r.kind.to_string(),
    };
    let mut header = vec![format!(
        "{} · {} · {}",
        marks.status, marks.version, marks.clearance
    )];
    if let Some(e) = &ev.embargo_until {
        header.push(l10n::embargo_line(lang, &e.0));
    }
    let not_cleared = r.not_cleared().then(|| {
        format!(
            "{} — {}",
            label("not_cleared").to_uppercase(),
            label("not_cleared_detail")
        )
    });
    DocMeta {
        title: doc.title().unwrap_or_else(|| ev.title.clone()),
        author: ws.settings.author.clone(),
        created: now,
        lang,
        kind: r.kind,
        event_id: ev.id.to_string(),
        version,
        clearance: r.clearance,
        header,
        not_cleared,
        footer: if ws.settings.organisation.trim().is_empty() {
            format!("{} · {} · v{version}", ev.id, r.kind)
        } else {
            format!(
                "{} · {} · {} · v{version}",
                ws.settings.organisation.trim(),
                ev.id,
                r.kind
            )
        },
        company: ws.settings.organisation.trim().to_string(),
        page_word: label("page"),
        of_word: label("of"),
        marks,
    }
}
