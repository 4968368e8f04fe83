//! What earlier drafts recorded about their inputs: for each message and fact, by id and
//! version, the wording (and content hash) each manifest under output/ saw. Approved text must
//! not change without a new version: the same id and version with other wording means the text
//! was edited after approval, and drafting refuses it (`governance`), as `check` reports it.
//!
//! Built once per run, on first use, from the newest manifest of each `output/<event>/<kind>/`
//! folder (and those before it back to one without NOT CLEARED content) (only the fields needed are parsed, the folders in parallel). An older version's
//! record matters only if the item has since left that event and no other event's newest
//! draft uses it: a small gap, for a scan whose cost no longer grows with the history (on a
//! 1,000-event workspace with 5,000 versions, one `draft` reads 1,000 manifests, not 5,000).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::library::{Fact, Kind, Message};
use crate::problems::What;
use crate::versions::parse_version_name;
use crate::workspace::hex;

/// One manifest's record of one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The item's content hash then.
    pub hash: String,
    /// Its wording hash then; absent in manifests written before it was recorded.
    pub wording: Option<String>,
    pub event: String,
    pub kind: Kind,
    /// The draft's version number.
    pub version: u32,
    pub manifest: PathBuf,
}

/// Every record, by (message or fact, id, item version): one per distinct wording, the
/// earliest draft first.
#[derive(Debug, Default)]
pub struct Recorded {
    by_item: HashMap<(What, String, u32), Vec<Record>>,
    /// How many manifests were read.
    pub manifests: usize,
}

/// The part of a manifest this index reads; everything else is skipped unparsed.
#[derive(Deserialize)]
struct Light {
    event: String,
    kind: Kind,
    version: u32,
    inputs: LightInputs,
    #[serde(default)]
    not_cleared_items: Vec<String>,
}

#[derive(Deserialize)]
struct LightInputs {
    #[serde(default)]
    messages: Vec<LightRef>,
    #[serde(default)]
    facts: Vec<LightRef>,
}

#[derive(Deserialize)]
struct LightRef {
    id: String,
    #[serde(default)]
    version: Option<u32>,
    hash: String,
    #[serde(default)]
    wording: Option<String>,
}

impl Recorded {
    /// Read the manifests under `output` (see the module note). Unreadable or damaged ones are skipped here
    /// (`check` reports them).
    pub fn scan(output: &Path) -> Recorded {
        use rayon::prelude::*;
        let kind_dirs: Vec<PathBuf> = subdirs(output).iter().flat_map(|e| subdirs(e)).collect();
        let found: Vec<Vec<(Light, PathBuf)>> = kind_dirs
            .par_iter()
            .map(|dir| {
                let mut names: Vec<(u32, PathBuf)> = std::fs::read_dir(dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter_map(|e| {
                        let n = parse_version_name(&e.file_name().to_string_lossy(), "json")?;
                        Some((n, e.path()))
                    })
                    .collect();
                names.sort();
                // The newest readable manifest: an older draft's record of an item is in the
                // newer ones too, unless the item left the event, or the newer draft was made
                // NOT CLEARED (its records of those messages do not count), so reading goes
                // back to the newest draft without NOT CLEARED content.
                let mut read = Vec::new();
                for (_, path) in names.into_iter().rev() {
                    let Some(light) =
                        crate::capped::read_bytes(&path, &path, crate::capped::MANIFEST)
                            .ok()
                            .and_then(|b| serde_json::from_slice::<Light>(&b).ok())
                    else {
                        continue;
                    };
                    let cleared = light.not_cleared_items.is_empty();
                    read.push((light, path));
                    if cleared {
                        break;
                    }
                }
                read
            })
            .collect();
        let mut out = Recorded::default();
        for (m, path) in found.into_iter().flatten() {
            out.manifests += 1;
            let refs = m
                .inputs
                .messages
                .iter()
                .map(|r| (What::Message, r))
                .chain(m.inputs.facts.iter().map(|r| (What::Fact, r)));
            for (what, r) in refs {
                let Some(item_version) = r.version else {
                    continue;
                };
                // An item drafted NOT CLEARED was never approved in that wording.
                let prefix = format!("{} `{}` ", what.name(), r.id);
                if m.not_cleared_items.iter().any(|s| s.starts_with(&prefix)) {
                    continue;
                }
                let list = out
                    .by_item
                    .entry((what, r.id.clone(), item_version))
                    .or_default();
                if list
                    .iter()
                    .any(|x| x.hash == r.hash && x.wording == r.wording)
                {
                    continue;
                }
                list.push(Record {
                    hash: r.hash.clone(),
                    wording: r.wording.clone(),
                    event: m.event.clone(),
                    kind: m.kind,
                    version: m.version,
                    manifest: path.clone(),
                });
            }
        }
        out
    }

    /// A record of `id` at `version` with other wording than `wording` (or, for a record
    /// without wording, another content hash than `hash`).
    pub fn conflict(
        &self,
        what: What,
        id: &str,
        version: u32,
        hash: &str,
        wording: &str,
    ) -> Option<&Record> {
        self.by_item
            .get(&(what, id.to_string(), version))?
            .iter()
            .find(|r| match &r.wording {
                Some(w) => w != wording,
                None => r.hash != hash,
            })
    }
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = rd
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// sha256 of what a message says: title, topic, audiences and text. Its approval metadata
/// (status, approver, dates, owner) may change without a new version. A message that tracks
/// its translations is worded by its source text: a translation is revised under the same
/// version, with its own record (`translations`).
pub fn message_wording(m: &Message) -> String {
    let v = serde_json::json!([m.title, m.topic, m.audiences, worded(m)]);
    hex(&Sha256::digest(v.to_string().as_bytes()))
}

/// sha256 of what a fact says: statement, figures and source. Confirming it again (`as_of`),
/// its unit, topic, clearance and internal note may change without a new version. A fact that
/// tracks its translations is worded by its source statement, as a message is.
pub fn fact_wording(f: &Fact) -> String {
    let v = serde_json::json!([worded(f), f.figures, f.source]);
    hex(&Sha256::digest(v.to_string().as_bytes()))
}

/// The texts that make an item's wording: all of them, or only the source language's when
/// the item tracks its translations.
fn worded<T: crate::translations::Tracked>(item: &T) -> crate::library::Texts {
    let texts = item.texts();
    if item.records().is_none() {
        return texts.clone();
    }
    let source = item.source();
    texts
        .iter()
        .filter(|(l, _)| **l == source)
        .map(|(l, t)| (*l, t.clone()))
        .collect()
}

impl crate::workspace::Workspace {
    /// The records of the manifests under the output folder, read on first use.
    pub fn recorded(&self) -> &Recorded {
        self.recorded
            .get_or_init(|| Recorded::scan(&self.output_dir()))
    }
}
