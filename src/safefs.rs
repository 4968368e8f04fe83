//! Writing files safely: the one place folders are opened for writing and files are placed.
//!
//! - `Folder::inside(root, rel, …)` opens `root/rel` one component at a time from the
//!   workspace root down, each with `O_NOFOLLOW` (`openat` relative to the folder above), and
//!   creates missing components with `mkdirat` in the folder just opened. A symbolic link at any
//!   component is refused before anything is created through it, and `rel` may only descend
//!   (no `..`, not absolute), so the result is inside the workspace by construction, and stays
//!   so even if a component is swapped for a link afterwards: every later write is relative to
//!   the open folder, never by path.
//! - `Folder::place_new` writes a file whole or not at all and links it to its name, failing
//!   with `AlreadyExists` instead of replacing; `Folder::place_replace` renames over the name
//!   (replacing a link itself, never writing through it).
//! - `Folder::lock` takes an advisory lock (flock) on the folder, held until the `Folder` is
//!   dropped, so "read the latest version → decide → commit" is atomic across processes.
//!
//! Files are created 0644 (less the umask): drafts and templates are shared documents.

use std::io::Write;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rustix::fs::{linkat, mkdirat, openat, readlinkat, renameat, unlinkat, AtFlags, Mode, OFlags};
use rustix::io::Errno;

use crate::error::{Error, Origin, Result};

/// An open folder; writes go relative to it. `path` is for messages only.
#[derive(Debug)]
pub struct Folder {
    fd: OwnedFd,
    path: PathBuf,
}

const DIR_FLAGS: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::CLOEXEC)
    .union(OFlags::NOFOLLOW);

/// `root` joined with `rel` as the user would type it (`./output` is shown as `output`).
pub fn shown(root: &Path, rel: &Path) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        rel.to_path_buf()
    } else {
        root.join(rel)
    }
}

impl Folder {
    /// Open `root/rel`, never following a symbolic link below `root` (the workspace itself may
    /// be reached through one: that is the user's choice). With `create`, missing folders are
    /// made; without, a missing one gives `Ok(None)`. `io` turns any other failure (a file
    /// where a folder should be, permissions) into the caller's error.
    pub fn inside(
        root: &Path,
        rel: &Path,
        create: bool,
        io: impl Fn(std::io::Error) -> Error,
    ) -> Result<Option<Folder>> {
        let root_dir = if root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            root
        };
        let mut fd = openat(
            rustix::fs::CWD,
            root_dir,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| io(e.into()))?;
        let mut at = PathBuf::new();
        for c in rel.components() {
            let name = match c {
                Component::Normal(n) => n,
                Component::CurDir => continue,
                _ => {
                    return Err(Error::input(format!(
                        "refusing to write to {}: the path leaves the workspace",
                        shown(root, rel).display()
                    )))
                }
            };
            at.push(name);
            let next = match openat(&fd, name, DIR_FLAGS, Mode::empty()) {
                Ok(next) => next,
                Err(Errno::NOENT) if create => {
                    match mkdirat(&fd, name, Mode::from_raw_mode(0o755)) {
                        Ok(()) | Err(Errno::EXIST) => {}
                        Err(e) => return Err(io(e.into())),
                    }
                    openat(&fd, name, DIR_FLAGS, Mode::empty())
                        .map_err(|e| refuse_link(&fd, name, root, &at).unwrap_or(io(e.into())))?
                }
                Err(Errno::NOENT) => return Ok(None),
                Err(e) => return Err(refuse_link(&fd, name, root, &at).unwrap_or(io(e.into()))),
            };
            fd = next;
        }
        Ok(Some(Folder {
            fd,
            path: shown(root, rel),
        }))
    }

    /// Open a folder the user named (following links: it is theirs to choose).
    pub fn at(dir: &Path) -> std::io::Result<Folder> {
        let fd = openat(
            rustix::fs::CWD,
            dir,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        Ok(Folder {
            fd,
            path: dir.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Hold an exclusive advisory lock on this folder until the `Folder` is dropped. Other
    /// lectern processes locking the same folder wait; nothing else is affected.
    pub fn lock(&self) -> std::io::Result<()> {
        rustix::fs::flock(&self.fd, rustix::fs::FlockOperation::LockExclusive)?;
        Ok(())
    }

    /// The names in this folder (not `.` and `..`).
    pub fn names(&self) -> std::io::Result<Vec<String>> {
        // A fresh open of the folder, not a dup: a dup would share the read position, and a
        // second listing would start where the first ended.
        let again = openat(&self.fd, ".", DIR_FLAGS, Mode::empty())?;
        let mut dir = rustix::fs::Dir::new(again)?;
        let mut out = Vec::new();
        while let Some(entry) = dir.read() {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name != "." && name != ".." {
                out.push(name);
            }
        }
        Ok(out)
    }

    /// Open `name` in this folder for reading, not through a link.
    pub fn open_read(&self, name: &str) -> std::io::Result<std::fs::File> {
        let fd = openat(
            &self.fd,
            name,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        let file = std::fs::File::from(fd);
        if !file.metadata()?.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "not a regular file",
            ));
        }
        Ok(file)
    }

    /// Write `bytes` to `name` whole or not at all, never replacing what is there
    /// (`AlreadyExists`, even for a link). No fsync: a killed process leaves no partial file;
    /// fsync would only guard against power loss, at ~ms per file.
    pub fn place_new(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        #[cfg(target_os = "linux")]
        match self.place_unnamed(name, bytes) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {} // not supported here
            done => return done,
        }
        self.place_named(name, bytes)
    }

    /// `place_new` through a named `.lectern-*.tmp` file, for filesystems without `O_TMPFILE`.
    fn place_named(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let tmp = self.write_temporary(bytes)?;
        let linked = linkat(&self.fd, tmp.as_str(), &self.fd, name, AtFlags::empty());
        let _ = unlinkat(&self.fd, tmp.as_str(), AtFlags::empty());
        linked.map_err(Into::into)
    }

    /// Write `bytes` to `name` whole, replacing a file (or link) already there by rename.
    pub fn place_replace(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let tmp = self.write_temporary(bytes)?;
        renameat(&self.fd, tmp.as_str(), &self.fd, name).map_err(|e| {
            let _ = unlinkat(&self.fd, tmp.as_str(), AtFlags::empty());
            e.into()
        })
    }

    /// Linux: write an unnamed file (`O_TMPFILE`) and link it into place. A process killed
    /// before the link leaves nothing at all behind, not even a temporary name.
    #[cfg(target_os = "linux")]
    fn place_unnamed(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        use std::os::fd::AsRawFd;
        let fd = openat(
            &self.fd,
            ".",
            OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o644),
        )?;
        let mut file = std::fs::File::from(fd);
        file.write_all(bytes)?;
        let handle = format!("/proc/self/fd/{}", file.as_raw_fd());
        linkat(
            rustix::fs::CWD,
            handle.as_str(),
            &self.fd,
            name,
            AtFlags::SYMLINK_FOLLOW,
        )?;
        Ok(())
    }

    /// A new `.lectern-*.tmp` file in this folder holding `bytes`; returns its name.
    fn write_temporary(&self, bytes: &[u8]) -> std::io::Result<String> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        loop {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let name = format!(
                ".lectern-{}-{}-{nanos:x}.tmp",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            );
            let fd = match openat(
                &self.fd,
                name.as_str(),
                OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o644),
            ) {
                Ok(fd) => fd,
                Err(Errno::EXIST) => continue,
                Err(e) => return Err(e.into()),
            };
            let mut file = std::fs::File::from(fd);
            if let Err(e) = file.write_all(bytes) {
                let _ = unlinkat(&self.fd, name.as_str(), AtFlags::empty());
                return Err(e);
            }
            return Ok(name);
        }
    }
}

impl AsFd for Folder {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// The refusal for `name` in `parent` when it is a symbolic link; `None` when it is not.
fn refuse_link(parent: &OwnedFd, name: &std::ffi::OsStr, root: &Path, at: &Path) -> Option<Error> {
    let target = readlinkat(parent, name, Vec::new()).ok()?;
    let shown_at = shown(root, at);
    Some(
        Error::input(format!(
            "refusing to write through the symbolic link {} → {}",
            shown_at.display(),
            Path::new(&target.to_string_lossy().into_owned()).display()
        ))
        .at(Origin::file(&shown_at))
        .hint("lectern writes only inside the workspace and never through a link; replace the link with a real folder"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_anywhere_below_the_root_is_refused() {
        let ws = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), ws.path().join("drafts")).unwrap();
        let e = Folder::inside(ws.path(), Path::new("drafts/out/ev"), true, |e| {
            Error::io("x", Path::new("x"), e)
        })
        .unwrap_err();
        assert!(
            e.message()
                .starts_with("refusing to write through the symbolic link"),
            "{e}"
        );
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);

        let f = Folder::inside(ws.path(), Path::new("a/b"), true, |e| {
            Error::io("x", Path::new("x"), e)
        })
        .unwrap()
        .unwrap();
        f.place_new("v001.docx", b"one").unwrap();
        let again = f.place_new("v001.docx", b"two").unwrap_err();
        assert_eq!(again.kind(), std::io::ErrorKind::AlreadyExists);
        f.place_replace("v001.docx", b"three").unwrap();
        assert_eq!(
            std::fs::read(ws.path().join("a/b/v001.docx")).unwrap(),
            b"three"
        );
        assert_eq!(f.names().unwrap(), vec!["v001.docx".to_string()]);
        // The fallback without O_TMPFILE: same promise, no temporary file left behind.
        f.place_named("v002.docx", b"two").unwrap();
        let again = f.place_named("v002.docx", b"other").unwrap_err();
        assert_eq!(again.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(
            std::fs::read(ws.path().join("a/b/v002.docx")).unwrap(),
            b"two"
        );
        std::fs::remove_file(ws.path().join("a/b/v002.docx")).unwrap();
        // Listing twice sees the same names.
        assert_eq!(f.names().unwrap(), vec!["v001.docx".to_string()]);
        assert!(Folder::inside(ws.path(), Path::new("a/c"), false, |e| {
            Error::io("x", Path::new("x"), e)
        })
        .unwrap()
        .is_none());
        assert!(Folder::inside(ws.path(), Path::new("../x"), true, |e| {
            Error::io("x", Path::new("x"), e)
        })
        .is_err());
    }
}
