//! Versions and provenance (DESIGN.md §5): `output/<event>/<kind>/vNNN.{docx,md,json}`.
//!
//! Invariants: a version is never overwritten or deleted; files appear whole or not at all
//! (written to a temporary file in the same folder, then hard-linked to their final name, which
//! fails instead of replacing); the manifest is written last, so a version exists exactly when
//! its manifest does. Two processes drafting the same event at once get distinct numbers: each
//! claims `vNNN.docx` by linking, and moves on to the next number when it is taken.

use std::io::Write;
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
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
}

/// The history folder of one event's kind.
#[derive(Debug, Clone)]
pub struct Store {
    /// The output folder the history lives under.
    output: PathBuf,
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
        let text = std::fs::read_to_string(&self.manifest)
            .map_err(|e| Error::io("cannot read manifest", &self.manifest, e))?;
        serde_json::from_str(&text).map_err(|e| {
            json_error(&self.manifest, &text, &e)
                .hint("this manifest is damaged; the version's .docx and .md are still usable")
        })
    }
}

pub fn file_name(n: u32, ext: &str) -> String {
    format!("v{n:03}.{ext}")
}

impl Store {
    pub fn new(output_dir: &Path, event: &str, kind: Kind) -> Store {
        Store {
            output: output_dir.to_path_buf(),
            dir: output_dir.join(event).join(kind.name()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every complete version (those with a manifest), oldest first.
    pub fn versions(&self) -> Result<Vec<Version>> {
        let rd = match std::fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(blocked(&self.dir, e)),
        };
        let mut out = Vec::new();
        for entry in rd.flatten() {
            let name = entry.file_name();
            let Some(n) = parse_version_name(&name.to_string_lossy(), "json") else {
                continue;
            };
            out.push(self.version(n));
        }
        out.sort_by_key(|v| v.number);
        Ok(out)
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

    /// The highest number used by any file, complete or not, so a crashed half-version is
    /// never reused.
    fn highest_taken(&self) -> Result<u32> {
        let rd = match std::fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(blocked(&self.dir, e)),
        };
        Ok(rd
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                ["docx", "md", "json"]
                    .iter()
                    .find_map(|ext| parse_version_name(&name, ext))
            })
            .max()
            .unwrap_or(0))
    }

    /// Write a new version atomically. `build` is called with the number about to be claimed
    /// (the files may print it) and returns the DOCX, the Markdown and the manifest; if another
    /// process takes that number first, `build` is called again with the next one.
    pub fn commit(
        &self,
        mut build: impl FnMut(u32) -> Result<(Vec<u8>, Vec<u8>, Manifest)>,
    ) -> Result<(Version, Manifest)> {
        self.refuse_links()?;
        std::fs::create_dir_all(&self.dir).map_err(|e| blocked(&self.dir, e))?;
        let mut n = self.highest_taken()? + 1;
        loop {
            let (docx, markdown, manifest) = build(n)?;
            let v = self.version(n);
            // Claim the number by placing the DOCX; a taken number fails instead of replacing.
            match place_new(&self.dir, &v.docx, &docx) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    n = n.max(self.highest_taken()?) + 1;
                    continue;
                }
                Err(e) => return Err(Error::io("cannot write", &v.docx, e)),
            }
            place_new(&self.dir, &v.markdown, &markdown)
                .map_err(|e| Error::io("cannot write", &v.markdown, e))?;
            let mut json =
                serde_json::to_vec_pretty(&manifest).expect("manifest always serialises");
            json.push(b'\n');
            // The manifest comes last: a version exists exactly when its manifest does.
            place_new(&self.dir, &v.manifest, &json)
                .map_err(|e| Error::io("cannot write", &v.manifest, e))?;
            return Ok((v, manifest));
        }
    }

    /// output/ is written only by lectern: a symbolic link at `output`, `output/<event>` or
    /// `output/<event>/<kind>` would send versions somewhere nobody chose (possibly outside the
    /// workspace), so it is refused before anything is created through it.
    fn refuse_links(&self) -> Result<()> {
        let mut at = self.output.clone();
        let below: Vec<_> = self
            .dir
            .strip_prefix(&self.output)
            .map(|p| p.components().collect())
            .unwrap_or_default();
        for next in std::iter::once(None).chain(below.into_iter().map(Some)) {
            if let Some(c) = next {
                at.push(c);
            }
            let Ok(meta) = std::fs::symlink_metadata(&at) else {
                // Missing: nothing below it exists either, and create_dir_all makes real folders.
                return Ok(());
            };
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&at)
                    .map(|t| format!(" → {}", t.display()))
                    .unwrap_or_default();
                return Err(Error::input(format!(
                    "refusing to write through the symbolic link {}{target}",
                    at.display()
                ))
                .at(crate::error::Origin::file(&at))
                .hint("the output folder is written only by lectern; replace the link with a real folder"));
            }
        }
        Ok(())
    }
}

/// Write `bytes` to `target` (in `dir`) whole or not at all, never replacing a file that is
/// already there (`AlreadyExists`). No fsync: the protocol guarantees a killed process leaves
/// no partial version; fsync would only guard against power loss, at ~ms per file.
fn place_new(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    match place_unnamed(dir, target, bytes) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {} // not supported here
        done => return done,
    }
    let mut f = tempfile::Builder::new()
        .prefix(".lectern-")
        .suffix(".tmp")
        // Drafts are shared documents: readable by colleagues like any file the user saves.
        .permissions(std::fs::Permissions::from_mode(0o644))
        .tempfile_in(dir)?;
    f.write_all(bytes)?;
    std::fs::hard_link(f.path(), target)
}

/// Linux: write an unnamed file (`O_TMPFILE`) and link it into place. A process killed before
/// the link leaves nothing at all behind, not even a temporary name.
#[cfg(target_os = "linux")]
fn place_unnamed(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use rustix::fs::{linkat, openat, AtFlags, Mode, OFlags, CWD};
    use std::os::fd::AsRawFd;
    let fd = openat(
        CWD,
        dir,
        OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o644),
    )?;
    let mut file = std::fs::File::from(fd);
    file.write_all(bytes)?;
    let handle = format!("/proc/self/fd/{}", file.as_raw_fd());
    linkat(CWD, handle.as_str(), CWD, target, AtFlags::SYMLINK_FOLLOW)?;
    Ok(())
}

/// `v012.json` → 12.
pub fn parse_version_name(name: &str, ext: &str) -> Option<u32> {
    let stem = name.strip_suffix(ext)?.strip_suffix('.')?;
    let digits = stem.strip_prefix('v')?;
    if digits.len() < 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The output folder cannot be used: missing permissions, or a file where a folder should be.
fn blocked(dir: &Path, e: std::io::Error) -> Error {
    Error::io("cannot use the output folder", dir, e).hint(
        "check that the output folder is writable and that no file has the name of one of its folders",
    )
}
