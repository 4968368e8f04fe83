//! Clearance (DESIGN.md §11): sign-offs on a version, the workspace's policy, the refusals
//! that keep a version from being cleared, each version's stage, and the release copy.
//!
//! Sign-offs live beside the version they belong to, one file each, in
//! `output/<event>/<kind>/vNNN.signoffs/<time>-<name>-<random>.json`. Each is placed whole
//! through `safefs::Folder::place_new` (an unnamed file linked to its name, never replacing),
//! so two officers signing at once both land and a killed process leaves no half record.
//! Records are never rewritten or removed; a damaged one is reported, never skipped silently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::document;
use crate::docx::{self, DocMeta};
use crate::error::{Error, Origin, Result};
use crate::library::{Event, Kind, Loaded};
use crate::render::l10n;
use crate::safefs::Folder;
use crate::settings::locate_key;
use crate::versions::{Manifest, Store, Version};
use crate::workspace::{hex, Workspace};

/// The tool version recorded in each sign-off.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// `"clearance"` in `lectern.json`: who must sign a version off (`lectern clear`) and how
/// early `lectern check` warns about an event without a cleared version.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Per kind, the names who must all sign a version off (compared without case). A kind
    /// not listed is cleared by one sign-off.
    pub required: BTreeMap<Kind, Vec<String>>,
    /// `lectern check` warns about a public event this many days away or less that has no
    /// cleared version of one of its public kinds.
    pub warn_days: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            required: BTreeMap::new(),
            warn_days: 3,
        }
    }
}

impl Policy {
    /// The policy never shapes a draft's content, so it stays out of the settings a draft's
    /// fingerprint hashes.
    pub fn not_in_fingerprint(&self) -> bool {
        true
    }

    /// Check the values serde cannot: located errors in `lectern.json`.
    pub fn check(&self, path: &Path, text: &str) -> Result<()> {
        if self.warn_days < 0 {
            return Err(
                Error::input("`clearance.warn_days` must be 0 or more").at(locate_key(
                    path,
                    text,
                    "warn_days",
                )),
            );
        }
        for (kind, names) in &self.required {
            let key = kind.name();
            if names.is_empty() {
                return Err(
                    Error::input(format!("`clearance.required.{key}` lists nobody"))
                        .at(locate_key(path, text, key))
                        .hint(
                            "name who must sign, or remove the kind: one sign-off then clears it",
                        ),
                );
            }
            let mut seen: Vec<String> = Vec::new();
            for n in names {
                if n.trim().is_empty() {
                    return Err(Error::input(format!(
                        "`clearance.required.{key}` has an empty name"
                    ))
                    .at(locate_key(path, text, key)));
                }
                let low = n.trim().to_lowercase();
                if seen.contains(&low) {
                    return Err(Error::input(format!(
                        "`clearance.required.{key}` lists `{n}` twice"
                    ))
                    .at(locate_key(path, text, key)));
                }
                seen.push(low);
            }
        }
        Ok(())
    }

    /// The names `kind` requires; empty when one sign-off clears it.
    pub fn required(&self, kind: Kind) -> &[String] {
        self.required.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// One sign-off record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    pub event: String,
    pub kind: Kind,
    pub version: u32,
    /// sha256 of the version's `.docx` and `.md` when signed, hex.
    pub docx_sha256: String,
    pub markdown_sha256: String,
    pub by: String,
    /// RFC 3339, UTC.
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub tool_version: String,
}

/// A version's life: draft → cleared → released; delivered for a text as delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Draft,
    Cleared,
    Released,
    Delivered,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Stage::Draft => "draft",
            Stage::Cleared => "cleared",
            Stage::Released => "released",
            Stage::Delivered => "delivered",
        })
    }
}

/// The sign-offs of one version as read from disk.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub signoffs: Vec<SignOff>,
    /// Records that could not be read: where and why.
    pub damaged: Vec<(Origin, String)>,
}

/// What clearance knows about one version.
#[derive(Debug, Clone)]
pub struct State {
    pub stage: Stage,
    pub records: Records,
    /// Required names that have not signed yet (empty once cleared).
    pub missing: Vec<String>,
    /// Sign-offs by names the policy does not require: recorded, not counted.
    pub outside_policy: Vec<String>,
}

/// `v003` → `v003.signoffs`.
pub fn signoff_folder(n: u32) -> String {
    format!("v{n:03}.signoffs")
}

/// `v003` → `v003.release.docx`.
pub fn release_name(n: u32) -> String {
    format!("v{n:03}.release.docx")
}

/// The folder holding `v`'s files.
fn dir_of(v: &Version) -> &Path {
    v.manifest.parent().unwrap_or(Path::new("."))
}

/// Read every sign-off of version `v`, oldest first.
pub fn records(v: &Version) -> Result<Records> {
    let dir = dir_of(v).join(signoff_folder(v.number));
    let mut out = Records::default();
    let names = match std::fs::read_dir(&dir) {
        Ok(rd) => {
            let mut n: Vec<String> = rd
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            n.sort();
            n
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(Error::io("cannot read the sign-offs", &dir, e)),
    };
    for name in names {
        // A `.lectern-*.tmp` is a write that never finished: not a record (check reports it).
        if name.starts_with(".lectern-") {
            continue;
        }
        let path = dir.join(&name);
        if !name.ends_with(".json") {
            out.damaged.push((
                Origin::file(path),
                "not a sign-off record (lectern writes .json files)".into(),
            ));
            continue;
        }
        let text = match crate::capped::read_text(&path, &path, crate::capped::MANIFEST) {
            Ok(t) => t,
            Err(e) => {
                out.damaged.push((Origin::file(path), e.message()));
                continue;
            }
        };
        match serde_json::from_str::<SignOff>(&text) {
            Ok(s) if s.version == v.number => out.signoffs.push(s),
            Ok(s) => out.damaged.push((
                Origin::file(path),
                format!(
                    "it signs v{:03}, but it is in v{:03}'s folder",
                    s.version, v.number
                ),
            )),
            Err(e) => {
                let why = e.to_string();
                let why = why
                    .split(" at line ")
                    .next()
                    .unwrap_or_default()
                    .to_string();
                out.damaged
                    .push((Origin::at(path, e.line(), e.column()), why));
            }
        }
    }
    out.signoffs.sort_by(|a, b| a.at.cmp(&b.at));
    Ok(out)
}

/// The stage of version `v` and what is still missing.
pub fn state(
    v: &Version,
    manifest_json: Option<&serde_json::Value>,
    policy: &Policy,
    kind: Kind,
) -> Result<State> {
    let records = records(v)?;
    let required = policy.required(kind);
    let signed: Vec<String> = records
        .signoffs
        .iter()
        .map(|s| s.by.trim().to_lowercase())
        .collect();
    let missing: Vec<String> = required
        .iter()
        .filter(|r| !signed.contains(&r.trim().to_lowercase()))
        .cloned()
        .collect();
    let mut outside_policy: Vec<String> = Vec::new();
    if !required.is_empty() {
        for s in &records.signoffs {
            let low = s.by.trim().to_lowercase();
            if !required.iter().any(|r| r.trim().to_lowercase() == low)
                && !outside_policy.iter().any(|o| o.to_lowercase() == low)
            {
                outside_policy.push(s.by.clone());
            }
        }
    }
    let cleared = !records.signoffs.is_empty() && missing.is_empty();
    let delivered = manifest_json
        .and_then(|m| m.pointer("/origin/kind"))
        .and_then(|k| k.as_str())
        == Some("delivered");
    let stage = if delivered {
        Stage::Delivered
    } else if dir_of(v).join(release_name(v.number)).is_file() {
        Stage::Released
    } else if cleared {
        Stage::Cleared
    } else {
        Stage::Draft
    };
    Ok(State {
        stage,
        records,
        missing,
        outside_policy,
    })
}

/// The manifest of `v` as loose JSON, for fields other work adds (`origin`,
/// `pending_changes`, `merge`); `None` when it does not parse.
pub fn manifest_json(v: &Version) -> Option<serde_json::Value> {
    let text = crate::capped::read_text(&v.manifest, &v.manifest, crate::capped::MANIFEST).ok()?;
    serde_json::from_str(&text).ok()
}

/// The version `--version` names, or the latest; a located error listing the versions that
/// exist otherwise.
pub fn pick(store: &Store, event: &str, kind: Kind, n: Option<u32>) -> Result<Version> {
    let versions = store.versions()?;
    let Some(last) = versions.last() else {
        return Err(Error::refused(format!("{event} has no {kind} drafts yet"))
            .at(Origin::file(store.dir()))
            .hint(format!(
                "draft it with `lectern draft {event} --kind {kind}`"
            )));
    };
    match n {
        None => Ok(last.clone()),
        Some(n) => versions
            .iter()
            .find(|v| v.number == n)
            .cloned()
            .ok_or_else(|| {
                let list: Vec<String> = versions
                    .iter()
                    .map(|v| format!("v{:03}", v.number))
                    .collect();
                Error::refused(format!("{event} has no {kind} version v{n:03}"))
                    .at(Origin::file(store.dir()))
                    .hint(format!("the versions are {}", list.join(", ")))
            }),
    }
}

fn sha_file(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("cannot read", path, e))?;
    Ok(hex(&Sha256::digest(&bytes)))
}

/// The hashes of `v`'s files, after checking them against the manifest: a file edited on disk
/// after drafting is refused.
pub fn verified_hashes(v: &Version, m: &Manifest) -> Result<(String, String)> {
    let md = sha_file(&v.markdown)?;
    if md != m.content_hash.trim_start_matches("sha256:") {
        return Err(Error::refused(format!(
            "v{:03}.md no longer matches its manifest: it was edited after drafting",
            v.number
        ))
        .at(Origin::file(&v.markdown))
        .hint(
            "draft a new version, or review the edited file with `lectern import` and clear that",
        ));
    }
    let docx_bytes = std::fs::read(&v.docx).map_err(|e| Error::io("cannot read", &v.docx, e))?;
    let docx = hex(&Sha256::digest(&docx_bytes));
    let matches = match &m.files.docx_sha256 {
        Some(h) => *h == docx,
        // Manifests from before docx hashes were recorded: the size is all there is.
        None => docx_bytes.len() as u64 == m.files.docx_bytes,
    };
    if !matches {
        return Err(Error::refused(format!(
            "v{:03}.docx no longer matches its manifest: it was edited after drafting",
            v.number
        ))
        .at(Origin::file(&v.docx))
        .hint(
            "draft a new version, or review the edited file with `lectern import` and clear that",
        ));
    }
    Ok((docx, md))
}

/// Why version `v` may not be cleared or released as of `today`, if it may not.
pub fn refusal(
    ws: &Workspace,
    event: Option<&Loaded<Event>>,
    v: &Version,
    m: &Manifest,
    today: NaiveDate,
) -> Result<()> {
    let at = Origin::file(&v.manifest);
    if m.origin.as_ref().is_some_and(|o| o.kind == "delivered") {
        return Err(Error::refused(format!(
            "v{:03} is the text as delivered: a record of what was said, not a draft to clear or release",
            v.number
        ))
        .at(at)
        .hint("clear and release the prepared version; `lectern history` shows each version's stage"));
    }
    if m.not_cleared {
        let mut e =
            Error::refused(format!("v{:03} has NOT CLEARED content", v.number)).at(at.clone());
        for item in &m.not_cleared_items {
            e = e.hint(item.clone());
        }
        return Err(e.hint("draft a new version with approved messages"));
    }
    if let Some(j) = manifest_json(v) {
        let pending = j
            .get("pending_changes")
            .and_then(|p| p.as_array())
            .map_or(0, Vec::len);
        if pending > 0 {
            return Err(Error::refused(format!(
                "v{:03} has {pending} pending tracked change{}",
                v.number,
                if pending == 1 { "" } else { "s" }
            ))
            .at(at.clone())
            .hint("accept or reject them in Word and import the document again"));
        }
        let conflicts = j
            .pointer("/merge/conflicts")
            .and_then(|p| p.as_array())
            .map_or(0, Vec::len);
        if conflicts > 0 {
            return Err(Error::refused(format!(
                "v{:03} has {conflicts} unresolved merge conflict{}",
                v.number,
                if conflicts == 1 { "" } else { "s" }
            ))
            .at(at.clone())
            .hint("each is marked by a comment in the document: settle the wording in Word and import it with `lectern import`, or draft again with --discard-edits"));
        }
    }
    let event_date = event.map_or(today, |e| e.item.date());
    for r in &m.inputs.messages {
        let problem = match crate::library::Id::parse(&r.id)
            .ok()
            .and_then(|id| ws.messages.get(&id))
        {
            None => Some("is no longer in the library".to_string()),
            Some(msg) => crate::resolve::message_problem(&msg.item, event_date, today),
        };
        if let Some(p) = problem {
            return Err(Error::refused(format!(
                "v{:03} uses message `{}`, which {p} as of {today}",
                v.number, r.id
            ))
            .at(at)
            .hint("draft a new version once the message is approved again, and clear that"));
        }
    }
    if let Some(e) = crate::translations::clearance_refusal(ws, v.number, m) {
        return Err(e.at(at));
    }
    Ok(())
}

/// `Jane O'Neil` → `jane-o-neil`: a file-name-safe form of a name, at most 40 characters.
pub fn sanitise(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "signer".into()
    } else {
        out
    }
}

/// A suffix no other process picks at the same moment: process id, clock and a counter,
/// hashed.
fn random_suffix(by: &str, attempt: u32) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut h = Sha256::new();
    h.update(std::process::id().to_le_bytes());
    h.update(nanos.to_le_bytes());
    h.update(attempt.to_le_bytes());
    h.update(by.as_bytes());
    hex(&h.finalize())[..8].to_string()
}

/// The name of the folder `v` is in: `speech`, or `speech.fr` for a translation's versions
/// (DESIGN.md §12).
fn version_folder(v: &Version, kind: Kind) -> String {
    v.manifest
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .filter(|n| crate::languages::parse_folder_name(n).is_some_and(|(k, _)| k == kind))
        .map_or_else(|| kind.name().to_string(), str::to_string)
}

/// Record a sign-off of `v` by `by`. The caller has checked `refusal` and the hashes.
#[allow(clippy::too_many_arguments)]
pub fn record(
    root: &Path,
    output: &str,
    event: &str,
    kind: Kind,
    v: &Version,
    hashes: (String, String),
    by: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(PathBuf, SignOff)> {
    let s = SignOff {
        event: event.to_string(),
        kind,
        version: v.number,
        docx_sha256: hashes.0,
        markdown_sha256: hashes.1,
        by: by.trim().to_string(),
        at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        note: note.map(str::to_string),
        tool_version: TOOL_VERSION.to_string(),
    };
    let mut json = serde_json::to_vec_pretty(&s).expect("a sign-off serialises");
    json.push(b'\n');
    let rel = Path::new(output)
        .join(event)
        .join(version_folder(v, kind))
        .join(signoff_folder(v.number));
    let shown = crate::safefs::shown(root, &rel);
    let folder = Folder::inside(root, &rel, true, |e| {
        Error::io("cannot write the sign-off", &shown, e)
    })?
    .expect("created folders exist");
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    for attempt in 0..16 {
        let name = format!(
            "{stamp}-{}-{}.json",
            sanitise(by),
            random_suffix(by, attempt)
        );
        match folder.place_new(&name, &json) {
            Ok(()) => return Ok((shown.join(name), s)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(Error::io(
                    "cannot write the sign-off",
                    &shown.join(&name),
                    e,
                ))
            }
        }
    }
    Err(Error::io(
        "cannot write the sign-off",
        &shown,
        std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "every name tried is taken",
        ),
    ))
}

/// Write `vNNN.release.docx` beside `v`: the version's Markdown through the draft writer,
/// without the draft status line. Never replaces an existing release.
pub fn release(
    ws: &Workspace,
    event: &Loaded<Event>,
    v: &Version,
    m: &Manifest,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    let text = crate::capped::read_text(&v.markdown, &v.markdown, crate::capped::MANIFEST)?;
    let doc = document::parse::parse(&text, Vec::new());
    let lang = m.language;
    let label = |k: &str| l10n::label(lang, k).unwrap_or(k).to_string();
    let clearance = match m.clearance {
        crate::library::Clearance::Public => label("public"),
        crate::library::Clearance::Restricted => label("restricted"),
    };
    let embargo = event
        .item
        .embargo_until
        .as_ref()
        .map(|e| l10n::embargo_line(lang, &e.0));
    let mut header = vec![clearance.to_uppercase()];
    header.extend(embargo.clone());
    // No status and no version: a house header shows the marking and the embargo only.
    let marks = docx::Marks {
        status: String::new(),
        version: String::new(),
        clearance: clearance.to_uppercase(),
        embargo,
        date: l10n::format_date(lang, now.date_naive(), l10n::DateStyle::Long),
        kind: m.kind.to_string(),
    };
    let meta = DocMeta {
        title: doc.title().unwrap_or_else(|| event.item.title.clone()),
        author: ws.settings.author.clone(),
        company: ws.settings.organisation.trim().to_string(),
        created: now,
        lang,
        kind: m.kind,
        event_id: m.event.clone(),
        version: v.number,
        clearance: m.clearance,
        header,
        not_cleared: None,
        footer: format!("{} · {} · v{}", m.event, m.kind, v.number),
        page_word: label("page"),
        of_word: label("of"),
        marks,
    };
    let house = crate::draft::house_style(ws, lang)?;
    let pictures = crate::assets::pictures_of_version(&ws.root, &v.markdown, &text, &doc)?;
    let bytes = docx::write_release(&doc, &meta, &pictures, house.as_deref())?;
    let rel = Path::new(&ws.settings.output)
        .join(&m.event)
        .join(version_folder(v, m.kind));
    let shown = crate::safefs::shown(&ws.root, &rel);
    let name = release_name(v.number);
    let path = shown.join(&name);
    let folder = Folder::inside(&ws.root, &rel, false, |e| {
        Error::io("cannot write the release", &shown, e)
    })?
    .ok_or_else(|| Error::input(format!("{} is gone", shown.display())))?;
    match folder.place_new(&name, &bytes) {
        Ok(()) => Ok(path),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::refused(format!(
            "v{:03} is already released",
            v.number
        ))
        .at(Origin::file(&path))
        .hint("a release is never replaced; draft, clear and release a new version to change it")),
        Err(e) => Err(Error::io("cannot write the release", &path, e)),
    }
}

/// What `lectern check` reports about clearance: damaged sign-off records and interrupted
/// writes (every version of every kind), and public events within `warn_days` of `today` with
/// no cleared version of one of their public kinds.
pub(crate) fn check(ws: &Workspace, today: NaiveDate) -> Vec<crate::check::Finding> {
    use crate::check::Finding;
    let mut out = Vec::new();
    let policy = &ws.settings.clearance;
    let output = crate::safefs::shown(&ws.root, Path::new(&ws.settings.output));
    let mut event_ids: Vec<String> = std::fs::read_dir(&output)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    event_ids.sort();
    for id in &event_ids {
        let stores = Kind::ALL
            .into_iter()
            .flat_map(|kind| crate::languages::tracks(&output, id, kind, None))
            .map(|t| t.store);
        for store in stores {
            let Ok(versions) = store.versions() else {
                continue;
            };
            for v in &versions {
                let dir = dir_of(v).join(signoff_folder(v.number));
                if let Ok(rd) = std::fs::read_dir(&dir) {
                    for e in rd.flatten() {
                        let name = e.file_name().to_string_lossy().into_owned();
                        if name.starts_with(".lectern-") {
                            out.push(
                                Finding::warning(
                                    "stray-temporary",
                                    format!("temporary file {name} left by an interrupted sign-off"),
                                )
                                .at(&Origin::file(e.path()))
                                .hint("it is not a sign-off; it can be removed once no lectern is running"),
                            );
                        }
                    }
                }
                match records(v) {
                    Ok(r) => {
                        for (origin, why) in r.damaged {
                            out.push(
                                Finding::error(
                                    "damaged-signoff",
                                    format!("damaged sign-off record: {why}"),
                                )
                                .at(&origin)
                                .hint("it does not count toward clearance; keep it for the record and sign again with `lectern clear`"),
                            );
                        }
                    }
                    Err(e) => out.push(Finding::error("damaged-signoff", e.message())),
                }
            }
        }
    }
    for ev in ws.events.values() {
        let days = (ev.item.date() - today).num_days();
        if days < 0 || days > policy.warn_days {
            continue;
        }
        let id = ev.item.id.as_str();
        for &kind in ev.item.outputs.iter().filter(|k| k.is_public()) {
            for lang in crate::languages::of(&ev.item) {
                let store = crate::languages::store_in_workspace(
                    &ws.root,
                    &ws.settings.output,
                    &ev.item,
                    kind,
                    lang,
                );
                let cleared = store.versions().unwrap_or_default().iter().any(|v| {
                    let json = manifest_json(v);
                    state(v, json.as_ref(), policy, kind).is_ok_and(|s| s.stage != Stage::Draft)
                });
                if !cleared {
                    // The main language as before; a translation names its language.
                    let (what, flag) = if lang == ev.item.language {
                        (kind.to_string(), String::new())
                    } else {
                        (format!("{kind} in `{lang}`"), format!(" --lang {lang}"))
                    };
                    out.push(
                    Finding::warning(
                        "not-cleared",
                        format!(
                            "event `{id}` is in {days} day{} and has no cleared {what}",
                            if days == 1 { "" } else { "s" }
                        ),
                    )
                    .at(&Origin::file(&ev.path))
                    .hint(format!("sign the latest version off with `lectern clear {id} --kind {kind}{flag} --by NAME`")),
                );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_names_each_signer_once() {
        let path = Path::new("lectern.json");
        let parse = |text: &str| {
            let p: Policy = serde_json::from_str(text).unwrap();
            p.check(path, text).map(|()| p)
        };
        let p = parse(r#"{"required": {"speech": ["Spokesperson", "Legal"]}}"#).unwrap();
        assert_eq!(p.required(Kind::Speech), ["Spokesperson", "Legal"]);
        assert!(p.required(Kind::Blog).is_empty());
        assert_eq!(p.warn_days, 3);
        let e = parse(r#"{"required": {"speech": ["Legal", " legal "]}}"#).unwrap_err();
        assert_eq!(
            e.message(),
            "`clearance.required.speech` lists ` legal ` twice"
        );
        let e = parse(r#"{"required": {"blog": [" "]}}"#).unwrap_err();
        assert_eq!(e.message(), "`clearance.required.blog` has an empty name");
    }

    #[test]
    fn names_become_safe_file_names() {
        assert_eq!(sanitise("Jane O'Neil"), "jane-o-neil");
        assert_eq!(sanitise("../../etc"), "etc");
        assert_eq!(sanitise("Légal"), "l-gal");
        assert_eq!(sanitise("!!!"), "signer");
        assert!(sanitise(&"x".repeat(100)).len() <= 40);
    }
}
