//! Files the user names on the command line (`diff --redline OUT.docx`, and any `-o FILE`-style
//! output a command adds): the one way they are written. Use `write` for every such file:
//!
//! - an existing file (or link, or anything else at the path) is refused unless `force`; with
//!   `force` it is replaced by rename, so a link is replaced itself, never written through;
//! - nothing is ever written inside the workspace's output folder (resolved through links, so
//!   `--redline output/ev/speech/v001.json` and `--redline link-to-output/x.docx` are both
//!   refused), nor into any folder holding stored versions (a `vNNN.json`), so another
//!   workspace's versions are safe too;
//! - the file appears whole or not at all (a temporary file in the same folder, then a link or
//!   rename), with permissions 0644 less the umask, like any document the user saves.
//!
//! Nothing here prints; errors name the path and say what to do.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::safefs::Folder;

/// Write `bytes` to the user-named `path`. `output_dir` is the workspace's output folder (it
/// need not exist). See the module documentation for the rules.
pub fn write(path: &Path, bytes: &[u8], force: bool, output_dir: &Path) -> Result<()> {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Err(Error::input(format!(
            "cannot write {}: it does not name a file",
            path.display()
        ))
        .hint("give a file name, such as redline.docx"));
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let real_parent = std::fs::canonicalize(&parent).map_err(|e| {
        Error::io("cannot write into", &parent, e)
            .hint("the folder must exist; create it first, or choose another path")
    })?;
    if let Ok(real_output) = std::fs::canonicalize(output_dir) {
        if real_parent.starts_with(&real_output) {
            return Err(Error::input(format!(
                "refusing to write {}: it is inside the output folder {}, which holds only stored versions",
                path.display(),
                output_dir.display()
            ))
            .hint("write it outside the output folder, e.g. in the workspace itself"));
        }
    }
    // Nor into a version folder of another workspace's output (it holds a `vNNN.json`).
    if holds_versions(&real_parent) {
        return Err(Error::input(format!(
            "refusing to write {}: {} holds stored versions",
            path.display(),
            parent.display()
        ))
        .hint("write it outside the output folder, e.g. in the workspace itself"));
    }
    // Nor a file taking the output folder's own name before lectern has created it.
    let output_name = output_dir.file_name().and_then(|n| {
        let parent = match output_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Some(std::fs::canonicalize(parent).ok()?.join(n))
    });
    if output_name == Some(real_parent.join(name)) {
        return Err(Error::input(format!(
            "refusing to write {}: it is the workspace's output folder",
            path.display()
        ))
        .hint("choose another name, such as redline.docx"));
    }
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.is_dir() {
            return Err(
                Error::input(format!("cannot write {}: it is a folder", path.display()))
                    .hint("give a file name inside it, such as redline.docx"),
            );
        }
        let ft = meta.file_type();
        if !(ft.is_file() || ft.is_symlink()) {
            return Err(Error::input(format!(
                "cannot write {}: it is not a regular file",
                path.display()
            ))
            .hint("give the path of an ordinary file, such as redline.docx"));
        }
        if !force {
            return Err(Error::input(format!("{} already exists", path.display()))
                .hint("pass --force to replace it, or choose another name"));
        }
    }
    let folder = Folder::at(&parent).map_err(|e| Error::io("cannot write into", &parent, e))?;
    let placed = if force {
        folder.place_replace(name, bytes)
    } else {
        folder.place_new(name, bytes)
    };
    placed.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::input(format!("{} already exists", path.display()))
                .hint("pass --force to replace it, or choose another name")
        } else {
            Error::io("cannot write", path, e)
        }
    })
}

/// `dir` is a version folder: it holds at least one manifest (`vNNN.json`).
fn holds_versions(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|rd| {
        rd.flatten().any(|e| {
            crate::versions::parse_version_name(&e.file_name().to_string_lossy(), "json").is_some()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn existing_files_output_and_versions_are_refused() {
        let ws = tempfile::tempdir().unwrap();
        let out = ws.path().join("output");
        std::fs::create_dir_all(out.join("ev/speech")).unwrap();
        std::fs::write(out.join("ev/speech/v001.json"), "{}").unwrap();
        let target = ws.path().join("r.docx");
        write(&target, b"one", false, &out).unwrap();
        let e = write(&target, b"two", false, &out).unwrap_err();
        assert!(e.message().ends_with("r.docx already exists"), "{e}");
        write(&target, b"three", true, &out).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"three");
        let e = write(&out.join("ev/speech/v001.json"), b"x", true, &out).unwrap_err();
        assert!(e.message().starts_with("refusing to write"), "{e}");
        let e = write(&out.join("ev/new.docx"), b"x", true, &out).unwrap_err();
        assert!(e.message().contains("inside the output folder"), "{e}");
        assert!(!out.join("ev/new.docx").exists());
        // A stored version elsewhere (another workspace's output folder).
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("v002.json"), "{}").unwrap();
        std::fs::write(other.path().join("v002.md"), "x").unwrap();
        let e = write(&other.path().join("v002.md"), b"x", true, &out).unwrap_err();
        assert!(e.message().ends_with("holds stored versions"), "{e}");
        let e = write(&other.path().join("new.docx"), b"x", false, &out).unwrap_err();
        assert!(e.message().ends_with("holds stored versions"), "{e}");
        // The output folder's own name, before it exists.
        let fresh = tempfile::tempdir().unwrap();
        let fresh_out = fresh.path().join("output");
        let e = write(&fresh_out, b"x", false, &fresh_out).unwrap_err();
        assert!(
            e.message().ends_with("it is the workspace's output folder"),
            "{e}"
        );
    }
}
