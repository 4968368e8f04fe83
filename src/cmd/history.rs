//! `lectern history`: an event's versions and what changed between them. Works from the
//! output folder alone when the workspace cannot be loaded (say the event's file was deleted
//! or another file has an error): a version's manifest says everything history shows.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{kind_of, CmdResult, Context, Failure};
use crate::cli::{Format, KindArg};
use crate::diff::{input_changes, InputChange};
use crate::error::Error;
use crate::library::{Kind, Lang};
use crate::output::Paint;
use crate::settings::Settings;
use crate::versions::Manifest;

/// Where an event's history lives.
#[derive(Debug, Clone)]
pub(super) struct Place {
    pub(super) event_id: String,
    pub(super) output_dir: PathBuf,
    /// Kinds with at least one stored version, in the canonical order.
    pub(super) kinds: Vec<Kind>,
    /// The workspace's default author (for redlines).
    pub(super) author: String,
    /// The event's file and languages, when it loads (DESIGN.md §12).
    pub(super) known: Option<crate::languages::Known>,
}

impl Place {
    /// The event's main language, when the event loads.
    pub(super) fn main_lang(&self) -> Option<Lang> {
        self.known.as_ref().and_then(|k| k.langs.first().copied())
    }

    /// The histories of `kind`, one per language, that `--lang` picks (every one without it).
    pub(super) fn tracks(
        &self,
        kind: Kind,
        lang: Option<Lang>,
    ) -> Result<Vec<crate::languages::Track>, Error> {
        let all =
            crate::languages::tracks(&self.output_dir, &self.event_id, kind, self.main_lang());
        crate::languages::pick(all, lang, &self.event_id, self.known.as_ref())
    }

    /// The one history of `kind` a command acting on one version uses (see `languages::pick_one`).
    pub(super) fn track(
        &self,
        kind: Kind,
        lang: Option<Lang>,
        command: &str,
    ) -> Result<crate::languages::Track, Error> {
        let all =
            crate::languages::tracks(&self.output_dir, &self.event_id, kind, self.main_lang());
        crate::languages::pick_one(
            all,
            lang,
            &self.event_id,
            self.known.as_ref(),
            kind,
            command,
        )
    }
}

/// Find an event's output folder: through the workspace when it loads, else through the
/// settings (or their defaults) and the event id as given.
pub(super) fn locate(ctx: &Context, event: &str) -> Result<Place, Failure> {
    let mut known = None;
    let (event_id, output_dir, author) = match ctx.workspace() {
        Ok(ws) => {
            let id = match ws.event(event) {
                Ok(e) => {
                    known = Some(crate::languages::Known::of(e));
                    e.item.id.as_str().to_string()
                }
                Err(e) => {
                    // The event's file may be gone while its drafts remain.
                    let id = id_from_arg(event);
                    if !ws.output_dir().join(&id).is_dir() {
                        return Err(e.into());
                    }
                    id
                }
            };
            (id, ws.output_dir(), ws.settings.author.clone())
        }
        Err(failure) => {
            let settings = Settings::load(&ctx.root).unwrap_or_default();
            let out = ctx.root.join(&settings.output);
            let id = id_from_arg(event);
            if !out.join(&id).is_dir() {
                return Err(failure);
            }
            ctx.out.warning(&format!(
                "the workspace did not load; reading {id}'s history from {}",
                out.display()
            ));
            (id, out, settings.author)
        }
    };
    let kinds = Kind::ALL
        .into_iter()
        .filter(|k| {
            crate::languages::tracks(&output_dir, &event_id, *k, None)
                .iter()
                .any(|t| t.store.versions().is_ok_and(|v| !v.is_empty()))
        })
        .collect();
    Ok(Place {
        event_id,
        output_dir,
        kinds,
        author,
        known,
    })
}

/// `events/x.json` → `x`; an id stays as it is.
fn id_from_arg(arg: &str) -> String {
    let p = Path::new(arg);
    if p.extension().is_some_and(|e| e == "json") {
        if let Some(stem) = p.file_stem() {
            return stem.to_string_lossy().into_owned();
        }
    }
    arg.to_string()
}

#[derive(Debug, Serialize)]
struct KindHistory {
    kind: Kind,
    /// The language of these versions (DESIGN.md §12), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<Lang>,
    /// "speech", or "speech.fr" for a translation's versions.
    #[serde(skip)]
    label: String,
    versions: Vec<Entry>,
}

#[derive(Debug, Serialize)]
struct Entry {
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    words: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaking_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaking_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_hash: Option<String>,
    not_cleared: bool,
    /// What the version was drafted from that differs from the previous version; absent for
    /// the first version.
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<Vec<InputChange>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// draft, cleared, released or delivered (DESIGN.md §11).
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<crate::clearance::Stage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    signoffs: Vec<crate::clearance::SignOff>,
    /// Sign-off records that could not be read: `path: why`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    damaged_signoffs: Vec<String>,
    /// Who edited an imported version, from which file, based on which version.
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<crate::versions::VersionOrigin>,
    /// How many reviewers' comments an imported version carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    comments: Option<usize>,
    /// What a draft over a reviewer's edits kept, and its conflicts.
    #[serde(skip_serializing_if = "Option::is_none")]
    merge: Option<crate::versions::MergeRecord>,
    /// The edits a `--discard-edits` draft left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    discarded_edits: Option<crate::versions::DiscardedEdits>,
    #[serde(skip)]
    manifest: Option<Manifest>,
}

pub(super) fn run(
    ctx: &Context,
    event: &str,
    kind: Option<KindArg>,
    lang: Option<Lang>,
    format: Format,
) -> CmdResult {
    let place = locate(ctx, event)?;
    let kinds: Vec<Kind> = match kind {
        Some(k) => vec![kind_of(k)],
        None => place.kinds.clone(),
    };
    let policy = Settings::load(&ctx.root).unwrap_or_default().clearance;
    let mut all = Vec::new();
    let mut tracks = Vec::new();
    for k in &kinds {
        for t in place.tracks(*k, lang)? {
            // A translation's folder without versions says nothing; the main one says "none".
            if t.translation.is_some() && t.store.versions().is_ok_and(|v| v.is_empty()) {
                continue;
            }
            tracks.push((*k, t));
        }
    }
    if tracks.is_empty() {
        if let Some(l) = lang {
            let what = kind.map_or(String::new(), |k| format!("{} ", kind_of(k)));
            return Err(
                Error::input(format!("{} has no {what}drafts in `{l}`", place.event_id))
                    .hint(format!(
                        "draft it first: lectern draft {} --lang {l}",
                        place.event_id
                    ))
                    .into(),
            );
        }
    }
    for (k, track) in tracks {
        let store = track.store;
        let label = match track.translation {
            Some(l) => format!("{k}.{l}"),
            None => k.to_string(),
        };
        let mut entries: Vec<Entry> = Vec::new();
        for v in store.versions()? {
            let entry = match v.read_manifest() {
                Ok(m) => {
                    let changes = entries
                        .iter()
                        .rev()
                        .find_map(|e| e.manifest.as_ref())
                        .map(|prev| input_changes(prev, &m));
                    Entry {
                        version: v.number,
                        created_at: Some(m.created_at.clone()),
                        words: Some(m.words),
                        speaking_seconds: Some(m.speaking_seconds),
                        speaking_time: Some(mmss(m.speaking_seconds)),
                        content_hash: Some(m.content_hash.clone()),
                        not_cleared: m.not_cleared,
                        changes,
                        error: None,
                        stage: None,
                        signoffs: Vec::new(),
                        damaged_signoffs: Vec::new(),
                        origin: m.origin.clone(),
                        comments: m.origin.as_ref().map(|_| m.comments.len()),
                        merge: m.merge.clone(),
                        discarded_edits: m.discarded_edits.clone(),
                        manifest: Some(m),
                    }
                }
                Err(e) => Entry {
                    version: v.number,
                    created_at: None,
                    words: None,
                    speaking_seconds: None,
                    speaking_time: None,
                    content_hash: None,
                    not_cleared: false,
                    changes: None,
                    error: Some(e.message()),
                    stage: None,
                    signoffs: Vec::new(),
                    damaged_signoffs: Vec::new(),
                    origin: None,
                    comments: None,
                    merge: None,
                    discarded_edits: None,
                    manifest: None,
                },
            };
            let mut entry = entry;
            let json = crate::clearance::manifest_json(&v);
            if let Ok(st) = crate::clearance::state(&v, json.as_ref(), &policy, k) {
                entry.stage = Some(st.stage);
                entry.signoffs = st.records.signoffs;
                entry.damaged_signoffs = st
                    .records
                    .damaged
                    .iter()
                    .map(|(o, why)| format!("{o}: {why}"))
                    .collect();
            }
            entries.push(entry);
        }
        all.push(KindHistory {
            kind: k,
            lang: track.lang,
            label,
            versions: entries,
        });
    }

    let text = match format {
        Format::Json => {
            let v = serde_json::json!({ "event": place.event_id, "kinds": all });
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Human => human(ctx, &place.event_id, &all),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    if all.iter().all(|k| k.versions.is_empty()) {
        return Err(
            Error::input(format!("{} has no drafts yet", place.event_id))
                .hint(format!("draft it with `lectern draft {}`", place.event_id))
                .into(),
        );
    }
    Ok(())
}

/// Where a version came from when lectern did not draft it: "imported from FILE, edited by
/// NAME, based on v002; 3 comments"; for a draft over a reviewer's edits, what it kept ("kept 7
/// edits from v002, edited by NAME; 1 conflict marked") or discarded.
fn provenance(m: &Manifest) -> Option<String> {
    let Some(o) = m.origin.as_ref() else {
        return crate::regenerate::describe(m).map(|l| crate::output::visible(&l).into_owned());
    };
    if o.kind == "delivered" {
        // "as delivered on 2026-11-20 in 6:10 (118 words a minute), from FILE by NAME, based on
        // v002": the day and duration when they were given.
        let mut s = "as delivered".to_string();
        if let Some(d) = &o.delivered_on {
            s.push_str(&format!(" on {d}"));
        }
        if let Some(secs) = o.duration_seconds.filter(|s| *s > 0) {
            s.push_str(&format!(
                " in {} ({:.0} words a minute)",
                crate::delivered::duration_text(secs),
                m.words as f64 * 60.0 / secs as f64
            ));
        }
        return Some(format!(
            "{s}, from {} by {}, based on v{:03}",
            o.file, o.by, o.based_on
        ));
    }
    let what = if o.kind == "delivered" {
        "as delivered"
    } else {
        "imported"
    };
    let c = m.comments.len();
    Some(format!(
        "{what} from {}, edited by {}, based on v{:03}; {c} comment{}",
        o.file,
        o.by,
        o.based_on,
        if c == 1 { "" } else { "s" }
    ))
}

/// 375 → "6:15".
fn mmss(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The first 8 hex digits of a content hash ("sha256:…" or bare hex).
fn short_hash(h: &str) -> &str {
    let h = h.strip_prefix("sha256:").unwrap_or(h);
    h.get(..8).unwrap_or(h)
}

fn when(created_at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(created_at)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .format("%Y-%m-%d %H:%M UTC")
                .to_string()
        })
        .unwrap_or_else(|_| created_at.to_string())
}

fn human(ctx: &Context, event: &str, all: &[KindHistory]) -> String {
    let o = &ctx.out;
    let mut s = String::new();
    for (i, k) in all.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let n = k.versions.len();
        s.push_str(&o.out(
            Paint::Bold,
            &format!(
                "{event} \u{b7} {} \u{b7} {n} version{}",
                k.label,
                if n == 1 { "" } else { "s" }
            ),
        ));
        s.push('\n');
        if n == 0 {
            s.push_str("  no versions\n");
        }
        let mut prev_words: Option<usize> = None;
        for e in &k.versions {
            let Some(m) = &e.manifest else {
                s.push_str(&format!(
                    "  v{:03}  {}\n",
                    e.version,
                    o.out(Paint::Error, e.error.as_deref().unwrap_or("unreadable"))
                ));
                continue;
            };
            let delta = match prev_words {
                Some(p) if m.words >= p => format!("(+{})", m.words - p),
                Some(p) => format!("(\u{2212}{})", p - m.words),
                None => String::new(),
            };
            prev_words = Some(m.words);
            s.push_str(&format!(
                "  {}  {}  {:>6} words {:<8} {:>6}  {}",
                o.out(Paint::Bold, &format!("v{:03}", e.version)),
                when(&m.created_at),
                m.words,
                delta,
                mmss(m.speaking_seconds),
                o.out(Paint::Dim, short_hash(&m.content_hash)),
            ));
            if m.not_cleared {
                s.push_str("  ");
                s.push_str(&o.out(Paint::Error, "NOT CLEARED"));
            }
            if let Some(stage) = e.stage.filter(|st| *st != crate::clearance::Stage::Draft) {
                s.push_str("  ");
                s.push_str(&o.out(Paint::Bold, &stage.to_string()));
            }
            s.push('\n');
            if !e.signoffs.is_empty() {
                let list: Vec<String> = e
                    .signoffs
                    .iter()
                    .map(|so| format!("{} ({})", so.by, when(&so.at)))
                    .collect();
                s.push_str(&format!("        signed off by {}\n", list.join(", ")));
            }
            for d in &e.damaged_signoffs {
                s.push_str(&format!(
                    "        {}\n",
                    o.out(Paint::Error, &format!("damaged sign-off record {d}"))
                ));
            }
            if let Some(line) = provenance(m) {
                s.push_str(&format!("        {line}\n"));
            }
            match &e.changes {
                None => s.push_str(&format!("        {}\n", o.out(Paint::Dim, "first version"))),
                Some(c) if c.is_empty() => {
                    s.push_str(&format!("        {}\n", o.out(Paint::Dim, "same inputs")))
                }
                Some(c) => {
                    let list: Vec<String> = c.iter().map(ToString::to_string).collect();
                    s.push_str(&format!("        {}\n", list.join(", ")));
                }
            }
        }
    }
    if all.is_empty() {
        s.push_str(&format!("{event}: no versions\n"));
    }
    s
}
