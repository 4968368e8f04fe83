//! Writing a file a command produces (a redline, web copy): whole or not at all, through a
//! temporary file in the same folder, readable by the team like the drafts (0644, not the
//! temporary file's private 0600).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Write `bytes` to `path`. Without `replace`, an existing file is kept and `Ok(false)`
/// returned.
pub(super) fn write_whole(path: &Path, bytes: &[u8], replace: bool) -> Result<bool> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".lectern-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io("cannot create a temporary file in", &dir, e))?;
    tmp.write_all(bytes)
        .map_err(|e| Error::io("cannot write", tmp.path(), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io("cannot set the permissions of", tmp.path(), e))?;
    }
    if replace {
        tmp.persist(path)
            .map_err(|e| Error::io("cannot write", path, e.error))?;
        Ok(true)
    } else {
        match tmp.persist_noclobber(path) {
            Ok(_) => Ok(true),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(Error::io("cannot write", path, e.error)),
        }
    }
}
