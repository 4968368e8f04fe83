//! Versions and provenance (DESIGN.md §5): `output/<event>/<kind>/vNNN.{docx,md,json}`.
//!
//! Invariants: a version is never overwritten or deleted; files appear whole or not at all
//! (written to a temporary file in the same folder, then hard-linked to their final name, which
//! fails instead of replacing); the manifest is written last, so a version exists exactly when
//! its manifest does. Two processes drafting the same event at once get distinct numbers: each
//! claims `vNNN.docx` by linking, and moves on to the next number when it is taken.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{json_error, Error, Result};
use crate::library::{Clearance, Kind, Lang};

/// One input a draft used, with the version and hash it had then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputRef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    pub hash: String,
    /// sha256 of the item's wording (what it says, not its approval metadata): the same id
    /// and version with other wording is text edited without a new version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    pub event: InputRef,
    pub messages: Vec<InputRef>,
    pub facts: Vec<InputRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRef {
    /// `builtin:speech` or the workspace path of the override.
    pub name: String,
    /// sha256 of the template and every partial it could use.
    pub hash: String,
}

/// The provenance manifest of one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub event: String,
    pub kind: Kind,
    pub version: u32,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub tool_version: String,
    pub language: Lang,
    pub template: TemplateRef,
    pub inputs: Inputs,
    /// sha256 of everything that decides the content (inputs, template, kind, governance
    /// outcome, tool version); equal fingerprints mean an unchanged draft.
    pub fingerprint: String,
    /// sha256 of the Markdown text of record.
    pub content_hash: String,
    pub words: usize,
    /// Estimated speaking time in seconds, at the language's rate.
    pub speaking_seconds: u64,
    pub warnings: Vec<String>,
    pub not_cleared: bool,
    /// The messages that were not cleared, with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_cleared_items: Vec<String>,
    pub clearance: Clearance,
    /// The embargo line the version's header shows ("Embargoed until …", in its language):
    /// from the event when drafted, from the reviewer's header when imported; so a later
    /// redline shows the embargo this version had. Absent without an embargo (and in manifests
    /// older than the field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embargo: Option<String>,
    pub files: Files,
    /// Where the version came from when lectern did not draft it (an imported review).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<VersionOrigin>,
    /// The reviewers' comments in an imported file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<ReviewComment>,
    /// Tracked changes an imported file still carries (its text is their accepted view).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending_changes: Vec<PendingChange>,
    /// A draft that kept a reviewer's edits: the three-way merge that made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge: Option<MergeRecord>,
    /// A draft made with `--discard-edits`: the edited version it did not keep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discarded_edits: Option<DiscardedEdits>,
}

/// `merge` of a version drafted over a reviewer's edits (DESIGN.md §10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeRecord {
    /// The version whose generated text the edits were made on.
    pub base: u32,
    /// The version holding the edits.
    pub edits: u32,
    /// Who made them.
    pub edited_by: String,
    /// How many of the edits the merged text keeps.
    pub edits_kept: usize,
    /// The generated text alone, beside the version: the base of the next merge.
    pub generated: String,
    /// Where the reviewer's wording was kept over changed inputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<MergeConflict>,
}

/// One merge conflict: the reviewer's wording (kept) and the inputs' (marked in a comment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeConflict {
    /// The generated wording both started from.
    pub base: String,
    /// The reviewer's wording, in the version (empty: the reviewer removed the passage).
    pub edits: String,
    /// The inputs' new wording (empty: the inputs no longer have the passage).
    pub inputs: String,
}

/// `discarded_edits` of a version drafted with `--discard-edits`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscardedEdits {
    /// The version whose edits were left out.
    pub version: u32,
    pub edited_by: String,
}

/// `origin` of an imported version (DESIGN.md §10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionOrigin {
    /// `import`, or `delivered` for the text as it was delivered.
    pub kind: String,
    /// Who edited the file.
    pub by: String,
    /// The file's name as it was imported.
    pub file: String,
    /// sha256 of the file's bytes (the version's DOCX).
    pub sha256: String,
    /// The version the file was edited from.
    pub based_on: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_on: Option<String>,
    /// Who delivered the text (the event's speaker), for calibrating their speaking rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewComment {
    pub author: String,
    pub date: String,
    pub text: String,
    /// The text the comment is anchored to.
    pub anchor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingChange {
    /// `insert`, `delete`, `move` or `format`.
    #[serde(rename = "type")]
    pub kind: String,
    pub author: String,
    pub date: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Files {
    pub docx: String,
    pub markdown: String,
    pub docx_bytes: u64,
    /// sha256 of the `.docx`, hex; absent in manifests written before clearance existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docx_sha256: Option<String>,
}

/// The history folder of one event's kind.
#[derive(Debug, Clone)]
pub struct Store {
    /// Where writes are resolved from: the workspace root (or, for a store opened only to be
    /// read, the output folder), and the version folder relative to it.
    root: PathBuf,
    rel: PathBuf,
    dir: PathBuf,
}

/// One stored version: its number and the paths of its files.
#[derive(Debug, Clone)]
pub struct Version {
    pub number: u32,
    pub manifest: PathBuf,
    pub docx: PathBuf,
    pub markdown: PathBuf,
}

impl Version {
    pub fn read_manifest(&self) -> Result<Manifest> {
        let text =
            crate::capped::read_text(&self.manifest, &self.manifest, crate::capped::MANIFEST)?;
        parse_manifest(&self.manifest, &text)
    }
}

fn parse_manifest(path: &Path, text: &str) -> Result<Manifest> {
    serde_json::from_str(text).map_err(|e| {
        json_error(path, text, &e)
            .hint("this manifest is damaged; the version's .docx and .md are still usable")
    })
}

pub fn file_name(n: u32, ext: &str) -> String {
    format!("v{n:03}.{ext}")
}

/// The highest version number lectern uses. A stray file past it (`v4294967295.docx`) is an
/// error naming the file rather than a number that could overflow.
pub const MAX_VERSION: u32 = 99_999;

impl Store {
    /// The history of `event` as `kind` under `output_dir`, for reading. Drafts are written
    /// through `Store::in_workspace`, which resolves every folder from the workspace root.
    pub fn new(output_dir: &Path, event: &str, kind: Kind) -> Store {
        let rel = Path::new(event).join(kind.name());
        Store {
            root: output_dir.to_path_buf(),
            dir: output_dir.join(&rel),
            rel,
        }
    }

    /// The history of `event` as `kind` in the workspace at `root`, whose `output` setting is
    /// `output` (relative, checked by the settings loader).
    pub fn in_workspace(root: &Path, output: &str, event: &str, kind: Kind) -> Store {
        let rel = Path::new(output).join(event).join(kind.name());
        Store {
            root: root.to_path_buf(),
            dir: crate::safefs::shown(root, &rel),
            rel,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The same history in translation `lang` (DESIGN.md §12): the folder `<kind>.<lang>`
    /// beside the main language's `<kind>` (see `languages`).
    pub fn translation(mut self, lang: Lang) -> Store {
        let name = format!(
            "{}.{}",
            self.rel
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            lang.code()
        );
        self.rel.set_file_name(&name);
        self.dir.set_file_name(&name);
        self
    }

    /// Every complete version (those with a manifest), oldest first.
    pub fn versions(&self) -> Result<Vec<Version>> {
        let names = match std::fs::read_dir(&self.dir) {
            Ok(rd) => rd
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(blocked(&self.dir, e)),
        };
        self.versions_in(names)
    }

    fn versions_in(&self, names: Vec<String>) -> Result<Vec<Version>> {
        let mut out = Vec::new();
        for name in names {
            // A stray number past the maximum is refused whatever the file's extension.
            if self.number_of(&name, &["docx", "md", "json"])?.is_some() && name.ends_with(".json")
            {
                if let Some(n) = parse_version_name(&name, "json") {
                    out.push(self.version(n));
                }
            }
        }
        out.sort_by_key(|v| v.number);
        Ok(out)
    }

    /// The version number `name` carries for one of `exts`; an error naming the file when the
    /// number is past `MAX_VERSION`.
    fn number_of(&self, name: &str, exts: &[&str]) -> Result<Option<u32>> {
        for ext in exts {
            match version_number(name, ext) {
                Some(Ok(n)) => return Ok(Some(n)),
                Some(Err(())) => return Err(too_high(&self.dir.join(name))),
                None => {}
            }
        }
        Ok(None)
    }

    pub fn version(&self, n: u32) -> Version {
        Version {
            number: n,
            manifest: self.dir.join(file_name(n, "json")),
            docx: self.dir.join(file_name(n, "docx")),
            markdown: self.dir.join(file_name(n, "md")),
        }
    }

    pub fn latest(&self) -> Result<Option<Version>> {
        Ok(self.versions()?.pop())
    }

    /// Open the version folder for writing: every folder from the workspace root down is
    /// opened without following a symbolic link (and created where missing), then locked, so
    /// no other lectern process drafts this event's kind until the `Writer` is dropped.
    pub fn writer(&self) -> Result<Writer<'_>> {
        let folder =
            crate::safefs::Folder::inside(&self.root, &self.rel, true, |e| blocked(&self.dir, e))?
                .expect("created folders exist");
        if let Err(e) = folder.lock() {
            // Where the filesystem has no locks (some network mounts), drafting goes on without
            // one: the link protocol still never replaces a file, at worst two processes write
            // the same content as two versions.
            let unsupported = [
                rustix::io::Errno::NOLCK,
                rustix::io::Errno::OPNOTSUPP,
                rustix::io::Errno::NOSYS,
            ]
            .iter()
            .any(|n| e.raw_os_error() == Some(n.raw_os_error()));
            if !unsupported {
                return Err(blocked(&self.dir, e));
            }
        }
        Ok(Writer {
            store: self,
            folder,
        })
    }

    /// The newest complete version and its manifest, read through the version folder opened
    /// from the workspace root without following links (so a link is refused here too, before
    /// anything is decided), without creating or locking anything. `None` when there is none.
    pub fn peek_latest(&self) -> Result<Option<(Version, Option<Manifest>)>> {
        match crate::safefs::Folder::inside(&self.root, &self.rel, false, |e| {
            blocked(&self.dir, e)
        })? {
            Some(folder) => latest_in(self, &folder),
            None => Ok(None),
        }
    }

    /// Write a new version atomically (see `Writer::commit`).
    pub fn commit(
        &self,
        build: impl FnMut(u32) -> Result<(Vec<u8>, Vec<u8>, Manifest)>,
    ) -> Result<(Version, Manifest)> {
        self.writer()?.commit(build)
    }
}

/// A version folder opened for writing and locked (see `Store::writer`).
pub struct Writer<'a> {
    store: &'a Store,
    folder: crate::safefs::Folder,
}

impl Writer<'_> {
    /// The newest complete version and its manifest, read through the open folder. The
    /// manifest is `None` when it is damaged (a damaged manifest is never reused).
    pub fn latest(&self) -> Result<Option<(Version, Option<Manifest>)>> {
        latest_in(self.store, &self.folder)
    }

    /// The highest number used by any file, complete or not, so a crashed half-version is
    /// never reused.
    fn highest_taken(&self) -> Result<u32> {
        let names = self
            .folder
            .names()
            .map_err(|e| blocked(&self.store.dir, e))?;
        let mut high = 0;
        for name in names {
            if let Some(n) = self.store.number_of(&name, &["docx", "md", "json"])? {
                high = high.max(n);
            }
        }
        Ok(high)
    }

    /// Write a new version atomically. `build` is called with the number about to be claimed
    /// (the files may print it) and returns the DOCX, the Markdown and the manifest; if another
    /// process takes that number first, `build` is called again with the next one.
    pub fn commit(
        &self,
        mut build: impl FnMut(u32) -> Result<(Vec<u8>, Vec<u8>, Manifest)>,
    ) -> Result<(Version, Manifest)> {
        self.commit_with(|n| {
            let (docx, markdown, manifest) = build(n)?;
            Ok((docx, markdown, Vec::new(), manifest))
        })
    }

    /// `commit`, with more files beside the version (`(name, bytes)`, e.g. the generated
    /// text of a merged draft), placed after the Markdown and before the manifest.
    pub fn commit_with(
        &self,
        mut build: impl FnMut(u32) -> Result<(Vec<u8>, Vec<u8>, Vec<(String, Vec<u8>)>, Manifest)>,
    ) -> Result<(Version, Manifest)> {
        let next = |n: u32| -> Result<u32> {
            n.checked_add(1)
                .filter(|n| *n <= MAX_VERSION)
                .ok_or_else(|| {
                    Error::input(format!(
                        "{} has reached version {MAX_VERSION}, the highest lectern numbers",
                        self.store.dir.display()
                    ))
                    .at(crate::error::Origin::file(&self.store.dir))
                    .hint("move the old versions elsewhere to keep drafting this event")
                })
        };
        let mut n = next(self.highest_taken()?)?;
        loop {
            let (docx, markdown, extra, manifest) = build(n)?;
            let v = self.store.version(n);
            // Claim the number by placing the DOCX; a taken number fails instead of replacing.
            match self.folder.place_new(&file_name(n, "docx"), &docx) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    n = next(n.max(self.highest_taken()?))?;
                    continue;
                }
                Err(e) => return Err(Error::io("cannot write", &v.docx, e)),
            }
            self.folder
                .place_new(&file_name(n, "md"), &markdown)
                .map_err(|e| Error::io("cannot write", &v.markdown, e))?;
            for (name, bytes) in &extra {
                self.folder
                    .place_new(name, bytes)
                    .map_err(|e| Error::io("cannot write", &self.store.dir.join(name), e))?;
            }
            let mut json =
                serde_json::to_vec_pretty(&manifest).expect("manifest always serialises");
            json.push(b'\n');
            // The manifest comes last: a version exists exactly when its manifest does.
            self.folder
                .place_new(&file_name(n, "json"), &json)
                .map_err(|e| Error::io("cannot write", &v.manifest, e))?;
            return Ok((v, manifest));
        }
    }
}

/// The newest complete version in `folder` (the store's), with its manifest if it parses.
fn latest_in(
    store: &Store,
    folder: &crate::safefs::Folder,
) -> Result<Option<(Version, Option<Manifest>)>> {
    let names = folder.names().map_err(|e| blocked(&store.dir, e))?;
    let Some(v) = store.versions_in(names)?.pop() else {
        return Ok(None);
    };
    let manifest = folder
        .open_read(&file_name(v.number, "json"))
        .ok()
        .and_then(|f| {
            use std::io::Read;
            let mut text = String::new();
            f.take(crate::capped::MANIFEST.bytes)
                .read_to_string(&mut text)
                .ok()?;
            parse_manifest(&v.manifest, &text).ok()
        });
    Ok(Some((v, manifest)))
}

/// A stray file whose version number is past `MAX_VERSION`.
fn too_high(path: &Path) -> Error {
    Error::input(format!(
        "{} has a version number past {MAX_VERSION}, the highest lectern numbers",
        path.display()
    ))
    .at(crate::error::Origin::file(path))
    .hint("lectern did not write this file; move it out of the output folder")
}

/// `v012.json` → 12. `None` for anything else, and for a number past `MAX_VERSION`.
pub fn parse_version_name(name: &str, ext: &str) -> Option<u32> {
    version_number(name, ext)?.ok()
}

/// `v012.json` → `Some(Ok(12))`; a version name whose number is past `MAX_VERSION` (however
/// many digits) → `Some(Err(()))`; anything else, including another spelling of a number
/// (`v0012.json`), → `None`. Never overflows.
pub fn version_number(name: &str, ext: &str) -> Option<std::result::Result<u32, ()>> {
    let stem = name.strip_suffix(ext)?.strip_suffix('.')?;
    let digits = stem.strip_prefix('v')?;
    if digits.len() < 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let Some(n) = digits.bytes().try_fold(0u32, |n, b| {
        n.checked_mul(10)?
            .checked_add(u32::from(b - b'0'))
            .filter(|n| *n <= MAX_VERSION)
    }) else {
        return Some(Err(()));
    };
    // Only the spelling lectern writes (`v007`, `v1000`): `v0007` is some other file.
    (file_name(n, ext) == name).then_some(Ok(n))
}

/// The output folder cannot be used: missing permissions, or a file where a folder should be.
fn blocked(dir: &Path, e: std::io::Error) -> Error {
    Error::io("cannot use the output folder", dir, e).hint(
        "check that the output folder is writable and that no file has the name of one of its folders",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any name: no panic, no overflow; a number only in lectern's own spelling and never
        /// past the maximum; every number up to the maximum round-trips.
        #[test]
        fn any_name_parses_safely(digits in "[0-9]{0,30}", ext in "(docx|md|json|x)", n in 0u32..=MAX_VERSION) {
            let name = format!("v{digits}.{ext}");
            match version_number(&name, &ext) {
                Some(Ok(v)) => {
                    prop_assert!(v <= MAX_VERSION);
                    prop_assert_eq!(file_name(v, &ext), name);
                }
                Some(Err(())) => prop_assert!(digits.trim_start_matches('0').len() >= 6),
                None => {}
            }
            prop_assert_eq!(version_number(&file_name(n, &ext), &ext), Some(Ok(n)));
        }
    }

    #[test]
    fn version_names_never_overflow() {
        assert_eq!(version_number("v012.json", "json"), Some(Ok(12)));
        assert_eq!(version_number("v1000.md", "md"), Some(Ok(1000)));
        assert_eq!(version_number("v99999.docx", "docx"), Some(Ok(99_999)));
        assert_eq!(version_number("v100000.docx", "docx"), Some(Err(())));
        assert_eq!(version_number("v4294967295.docx", "docx"), Some(Err(())));
        assert_eq!(
            version_number(&format!("v{}.md", "9".repeat(40)), "md"),
            Some(Err(()))
        );
        for other in [
            "v0012.json",
            "v12.json",
            "v012.md",
            "x012.json",
            "v01a.json",
            "v012json",
        ] {
            assert_eq!(version_number(other, "json"), None, "{other}");
        }
    }
}
