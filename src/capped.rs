//! The one reader of user content: content files, `lectern.json`, templates and partials, stored
//! manifests and Markdown, and the files `check` and the error printer re-read to locate a
//! problem. Every read of a file the user (or anyone who can write to the workspace) controls
//! goes through here, so memory stays bounded whatever sits at the path:
//!
//! - only regular files are read: a FIFO, device or socket (or a link to one, such as
//!   `x.json -> /dev/zero`) is refused after a non-blocking open, before any byte is read, so
//!   nothing blocks on a FIFO without a writer and nothing reads an endless device;
//! - the size cap is checked on the open file's metadata, then enforced while reading
//!   (`take(cap + 1)`), so a file growing between the check and the read is caught too.
//!
//! Each kind of file has its own cap (`Cap`); going over it is a located input error naming the
//! file. Nothing here prints.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Origin, Result};

/// What is being read and how much of it lectern accepts.
#[derive(Debug, Clone, Copy)]
pub struct Cap {
    /// The most bytes read from one file.
    pub bytes: u64,
    /// Names the file in messages: "content file", "template" …
    pub what: &'static str,
    /// What to do about a file over the cap.
    pub hint: &'static str,
}

/// A message, fact or event JSON file. Real ones are a few kilobytes; a file is held several
/// times over while parsed, rendered and exported.
pub const CONTENT: Cap = Cap {
    bytes: 8 * 1024 * 1024,
    what: "content file",
    hint: "split the items over several files, or shorten the text",
};

/// `lectern.json`: a screenful of settings.
pub const SETTINGS: Cap = Cap {
    bytes: 1024 * 1024,
    what: "settings file",
    hint: "lectern.json holds a few settings; move long lists elsewhere",
};

/// A template or partial: a few kilobytes of Handlebars. The cap also bounds compilation time.
pub const TEMPLATE: Cap = Cap {
    bytes: crate::render::limits::MAX_TEMPLATE_BYTES as u64,
    what: "template",
    hint: "split the template into partials under templates/partials/",
};

/// A stored manifest (`vNNN.json`): inputs are bounded per event, so real ones stay far below.
pub const MANIFEST: Cap = Cap {
    bytes: 4 * 1024 * 1024,
    what: "manifest",
    hint: "this file is not a manifest lectern wrote; move it out of the output folder",
};

/// A stored draft's Markdown (`vNNN.md`).
pub const STORED_MARKDOWN: Cap = Cap {
    bytes: 64 * 1024 * 1024,
    what: "stored draft",
    hint: "this file is not a draft lectern wrote; move it out of the output folder",
};

/// A file given to `diff` (.docx, .md, .txt).
pub const DIFF_INPUT: Cap = Cap {
    bytes: 256 * 1024 * 1024,
    what: "file to compare",
    hint: "compare smaller documents, or split the document",
};

/// `bytes` as people say it: "8 MB", "256 KB".
fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

fn too_big(display: &Path, cap: Cap) -> Error {
    Error::input(format!(
        "{} is larger than {}, the most lectern reads from one {}",
        display.display(),
        size(cap.bytes),
        cap.what
    ))
    .at(Origin::file(display))
    .hint(cap.hint)
}

fn not_a_file(display: &Path, cap: Cap, what: &str) -> Error {
    Error::input(format!(
        "{} is {what}, not a regular file; lectern reads a {} only from a regular file",
        display.display(),
        cap.what
    ))
    .at(Origin::file(display))
    .hint("replace it with an ordinary file (a link to an ordinary file is fine)")
}

/// What a non-regular file is, in words.
fn describe(ft: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_dir() {
        "a folder"
    } else if ft.is_fifo() {
        "a FIFO (named pipe)"
    } else if ft.is_char_device() || ft.is_block_device() {
        "a device"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

/// A missing file, in words (`ErrorKind::NotFound` alone reads "entity not found").
fn no_such_file() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::NotFound, "there is no such file")
}

/// Read `path` (shown as `display`) as bytes, whole, within `cap`. `Ok(None)` when there is no
/// such file (nor a dangling link); every other failure is an error naming the file.
pub fn read_bytes_opt(path: &Path, display: &Path, cap: Cap) -> Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    Ok(read_into_opt(path, display, cap, &mut bytes)?.then_some(bytes))
}

/// Replace `buf`'s contents with the file's bytes, keeping its allocation; a missing file is
/// an error.
pub fn read_into(path: &Path, display: &Path, cap: Cap, buf: &mut Vec<u8>) -> Result<()> {
    if read_into_opt(path, display, cap, buf)? {
        Ok(())
    } else {
        Err(Error::io("cannot read", display, no_such_file()))
    }
}

/// The reader itself: `Ok(false)` when there is no such file.
fn read_into_opt(path: &Path, display: &Path, cap: Cap, bytes: &mut Vec<u8>) -> Result<bool> {
    use rustix::fs::{openat, Mode, OFlags, CWD};
    bytes.clear();
    // The metadata of the final target first, for a clear message: a socket cannot even be
    // opened, and a FIFO or device is never opened at all.
    match std::fs::metadata(path) {
        Ok(m) if !m.file_type().is_file() => {
            return Err(not_a_file(display, cap, describe(m.file_type())))
        }
        Ok(m) if m.len() > cap.bytes => return Err(too_big(display, cap)),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io("cannot read", display, e)),
    }
    // Non-blocking: should the path have become a FIFO since, opening it does not wait for a
    // writer; the type is then checked again on what was actually opened.
    let fd = match openat(
        CWD,
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
        Mode::empty(),
    ) {
        Ok(fd) => fd,
        Err(e) if e == rustix::io::Errno::NOENT => return Ok(false),
        Err(e) => return Err(Error::io("cannot read", display, e.into())),
    };
    let file = std::fs::File::from(fd);
    let meta = file
        .metadata()
        .map_err(|e| Error::io("cannot read", display, e))?;
    if !meta.file_type().is_file() {
        return Err(not_a_file(display, cap, describe(meta.file_type())));
    }
    if meta.len() > cap.bytes {
        return Err(too_big(display, cap));
    }
    // One more byte than the size, so the read that sees the end needs no growth.
    bytes.reserve(usize::try_from(meta.len()).unwrap_or(0) + 1);
    // `take` as well: the file may grow between the size check and the read.
    file.take(cap.bytes + 1)
        .read_to_end(bytes)
        .map_err(|e| Error::io("cannot read", display, e))?;
    if bytes.len() as u64 > cap.bytes {
        return Err(too_big(display, cap));
    }
    Ok(true)
}

/// `read_bytes_opt`, where a missing file is an error too.
pub fn read_bytes(path: &Path, display: &Path, cap: Cap) -> Result<Vec<u8>> {
    read_bytes_opt(path, display, cap)?
        .ok_or_else(|| Error::io("cannot read", display, no_such_file()))
}

/// Read `path` as UTF-8 text within `cap`; `Ok(None)` when there is no such file.
pub fn read_text_opt(path: &Path, display: &Path, cap: Cap) -> Result<Option<String>> {
    let Some(bytes) = read_bytes_opt(path, display, cap)? else {
        return Ok(None);
    };
    String::from_utf8(bytes).map(Some).map_err(|e| {
        Error::input(format!(
            "{} is not UTF-8 text (invalid byte at offset {})",
            display.display(),
            e.utf8_error().valid_up_to()
        ))
        .at(Origin::file(display))
        .hint("save the file as UTF-8")
    })
}

/// `read_text_opt`, where a missing file is an error too.
pub fn read_text(path: &Path, display: &Path, cap: Cap) -> Result<String> {
    read_text_opt(path, display, cap)?
        .ok_or_else(|| Error::io("cannot read", display, no_such_file()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size(8 * 1024 * 1024), "8 MB");
        assert_eq!(size(256 * 1024), "256 KB");
        assert_eq!(size(1000), "1 KB");
    }

    #[test]
    fn devices_fifos_and_oversized_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = |s: &str| dir.path().join(s);
        std::fs::write(p("ok.json"), "{}").unwrap();
        assert_eq!(
            read_text(&p("ok.json"), &p("ok.json"), CONTENT).unwrap(),
            "{}"
        );
        assert!(read_text_opt(&p("none"), &p("none"), CONTENT)
            .unwrap()
            .is_none());
        std::os::unix::fs::symlink("/dev/zero", p("zero.json")).unwrap();
        let e = read_text(&p("zero.json"), Path::new("zero.json"), CONTENT).unwrap_err();
        assert_eq!(
            e.message(),
            "zero.json is a device, not a regular file; lectern reads a content file only from a regular file"
        );
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            p("fifo.json"),
            rustix::fs::Mode::from(0o600),
        )
        .unwrap();
        let e = read_text(&p("fifo.json"), Path::new("fifo.json"), CONTENT).unwrap_err();
        assert!(e.message().contains("is a FIFO (named pipe)"), "{e}");
        let small = Cap {
            bytes: 4,
            ..TEMPLATE
        };
        std::fs::write(p("big"), "12345").unwrap();
        let e = read_text(&p("big"), Path::new("big"), small).unwrap_err();
        assert_eq!(
            e.message(),
            "big is larger than 1 KB, the most lectern reads from one template"
        );
    }
}
