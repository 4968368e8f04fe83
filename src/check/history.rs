//! The history under `output/` as `lectern check` sees it: damaged manifests, orphan version
//! files and stray temporary files (reported, never reused), approved content edited without a
//! version bump (found by comparing each item with the newest manifest that used it), and
//! latest drafts that miss their event's length target.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{shown, Finding, LENGTH_TOLERANCE};
use crate::error::{json_error, Origin};
use crate::library::{Id, Kind};
use crate::problems::What;
use crate::versions::{version_number, Manifest, MAX_VERSION};
use crate::workspace::Workspace;

/// A version of a draft found under output/, with its parsed manifest.
struct Stored {
    manifest: Manifest,
    path: PathBuf,
}

/// History under output/: damaged manifests, orphan files, edits without a version bump and
/// drafts that miss their event's length target.
pub(super) fn check(ws: &Workspace, findings: &mut Vec<Finding>) {
    let mut latest: Vec<Stored> = Vec::new();
    for event_dir in subdirs(&shown(&ws.root, &ws.settings.output)) {
        for kind_dir in subdirs(&event_dir) {
            let kind_ok = kind_dir
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(crate::languages::parse_folder_name)
                .is_some();
            if !kind_ok {
                continue;
            }
            let stored = scan_kind_dir(&kind_dir, findings);
            // The latest draft is the highest-numbered manifest, if it is readable.
            if let Some((_, Some(s))) = stored.iter().next_back() {
                latest.push(Stored {
                    manifest: s.manifest.clone(),
                    path: s.path.clone(),
                });
            }
        }
    }
    check_version_bumps(ws, findings);
    for s in &latest {
        check_length(ws, s, findings);
    }
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// The versions in one `output/<event>/<kind>/` folder by number: `Some` for a readable
/// manifest, `None` for a damaged one (reported). Orphan files are reported too.
fn scan_kind_dir(dir: &Path, findings: &mut Vec<Finding>) -> BTreeMap<u32, Option<Stored>> {
    let mut by_number: BTreeMap<u32, Vec<(&'static str, PathBuf)>> = BTreeMap::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for entry in rd.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".lectern-") && name.ends_with(".tmp") {
                findings.push(
                    Finding::warning(
                        "stray-temporary",
                        format!("temporary file {name} left by an interrupted draft"),
                    )
                    .at(&Origin::file(entry.path()))
                    .hint("lectern never reads it as a version; it can be removed once no lectern is running"),
                );
                continue;
            }
            for ext in ["json", "docx", "md"] {
                match version_number(&name, ext) {
                    Some(Ok(n)) => by_number.entry(n).or_default().push((ext, entry.path())),
                    Some(Err(())) => findings.push(
                        Finding::error(
                            "version-number",
                            format!(
                                "{name} has a version number past {MAX_VERSION}, the highest lectern numbers"
                            ),
                        )
                        .at(&Origin::file(entry.path()))
                        .hint("lectern did not write this file; move it out of the output folder (drafting this kind fails until then)"),
                    ),
                    None => {}
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for (n, mut present) in by_number {
        present.sort();
        let manifest = present.iter().find(|(ext, _)| *ext == "json");
        let Some((_, json)) = manifest else {
            // Each file of the unfinished version: a kill can leave the DOCX, or the DOCX and
            // the Markdown.
            for (_, path) in &present {
                findings.push(
                    Finding::warning(
                        "orphan-version",
                        format!(
                            "version {n} has no manifest ({} without {})",
                            path.file_name().map(|f| f.to_string_lossy()).unwrap_or_default(),
                            crate::versions::file_name(n, "json")
                        ),
                    )
                    .at(&Origin::file(path))
                    .hint("a draft was interrupted, or the manifest was deleted; lectern never reuses this number, and the file can be removed or kept for reference"),
                );
            }
            continue;
        };
        let parsed = crate::capped::read_text(json, json, crate::capped::MANIFEST).and_then(|t| {
            serde_json::from_str::<Manifest>(&t).map_err(|e| json_error(json, &t, &e))
        });
        match parsed {
            Ok(manifest) => {
                out.insert(
                    n,
                    Some(Stored {
                        manifest,
                        path: json.clone(),
                    }),
                );
            }
            Err(e) => {
                let mut f = Finding::warning(
                    "damaged-manifest",
                    format!("damaged manifest of version {n}: {}", e.message()),
                )
                .hint("lectern never reuses this version number; its .docx and .md are still usable, and history and diff skip its provenance");
                f = match e.origin() {
                    Some(o) => f.at(o),
                    None => f.at(&Origin::file(json)),
                };
                findings.push(f);
                out.insert(n, None);
            }
        }
    }
    out
}

/// Same version, other wording: a manifest under output/ recorded the item's id and version
/// with other text, so approved text was edited without a new version (drafting refuses it).
fn check_version_bumps(ws: &Workspace, findings: &mut Vec<Finding>) {
    let ids = ws
        .messages
        .keys()
        .map(|id| (What::Message, id))
        .chain(ws.facts.keys().map(|id| (What::Fact, id)));
    for (what, id) in ids {
        let Some(e) = crate::governance::edited_item(ws, what, id) else {
            continue;
        };
        let mut f = Finding::error("unversioned-change", e.message());
        if let Some(o) = e.origin() {
            f = f.at(o);
        }
        findings.push(f.hint(e.hints().join("\n")));
    }
}

/// The latest draft of a speech or blog against its event's target: minutes are compared with
/// the estimated speaking time at the language's rate, words with the word count.
fn check_length(ws: &Workspace, s: &Stored, findings: &mut Vec<Finding>) {
    let m = &s.manifest;
    // Press packs and briefing notes are read, not delivered: the target is the speech's or
    // the blog post's.
    if !matches!(m.kind, Kind::Speech | Kind::Blog) {
        return;
    }
    let Some(event) = Id::parse(&m.event).ok().and_then(|id| ws.events.get(&id)) else {
        return;
    };
    let Some(target) = event.item.target else {
        return;
    };
    // The speaker's own rate when they have delivered speeches (`calibrate`).
    let est = crate::calibrate::estimate(ws, &event.item.speaker.name, m.language, m.kind, m.words);
    let rate = est.words_per_minute;
    let words = m.words as f64;
    let (actual, wanted, describe) = if let Some(minutes) = target.minutes {
        let estimated = words / rate;
        let how = match est.calibrated_on {
            Some(n) => format!("{rate:.0} words a minute, {}", crate::calibrate::note(n)),
            None => format!("{rate} words a minute"),
        };
        (
            estimated,
            minutes,
            format!(
                "runs about {estimated:.1} min ({} words at {how}) against a target of {minutes} min",
                m.words
            ),
        )
    } else if let Some(w) = target.words {
        (
            words,
            f64::from(w),
            format!("has {} words against a target of {w}", m.words),
        )
    } else {
        return;
    };
    if wanted <= 0.0 {
        return;
    }
    let off = (actual - wanted) / wanted;
    if off.abs() > LENGTH_TOLERANCE {
        let direction = if off > 0.0 { "over" } else { "under" };
        findings.push(
            Finding::warning(
                "length",
                format!(
                    "{} v{} of `{}` {describe}: {:.0}% {direction}",
                    m.kind,
                    m.version,
                    m.event,
                    off.abs() * 100.0
                ),
            )
            .at(&Origin::file(&s.path))
            .hint(if off > 0.0 {
                "cut messages or facts from the event, or raise its `target`"
            } else {
                "add messages to the event, or lower its `target`"
            }),
        );
    }
}
