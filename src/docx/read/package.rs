//! The package side of reading: telling a DOCX from an encrypted or legacy Word file, finding
//! the parts through their relationships, and handing each part out as a stream whose size is
//! capped while it is decompressed (a zip bomb stops at the cap; a damaged entry fails its
//! checksum), so no part is ever held whole in memory by the reader.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::events::Event;
use quick_xml::NsReader;

/// The most one part may hold uncompressed, and all the parts read together.
pub(super) const MAX_PART_BYTES: u64 = 64 << 20;
const MAX_PACKAGE_BYTES: u64 = 256 << 20;

/// The start of an OLE compound file: a Word 97-2003 document, or an encrypted DOCX (Office
/// wraps the encrypted package in one).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub(super) struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    read_so_far: u64,
    /// The main document part, e.g. `word/document.xml`.
    pub(super) main: String,
    /// The main part's relationships: id → (type's last segment, target part or URL, external).
    pub(super) rels: HashMap<String, Rel>,
}

#[derive(Debug, Clone)]
pub(super) struct Rel {
    pub(super) kind: String,
    /// `TargetMode="External"`: the target is outside the package.
    pub(super) external: bool,
    pub(super) target: String,
}

impl<'a> Package<'a> {
    pub(super) fn open(bytes: &'a [u8]) -> Result<Package<'a>, String> {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(if contains_utf16(bytes, "EncryptedPackage") {
                "it is encrypted (password-protected); save an unprotected copy from Word".into()
            } else {
                "it is a Word 97-2003 document (.doc), not a .docx".into()
            });
        }
        if !bytes.starts_with(b"PK") {
            return Err("it is not a DOCX package (not a zip file)".into());
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("the zip package is damaged: {e}"))?;
        let mut p = Package {
            zip,
            read_so_far: 0,
            main: String::new(),
            rels: HashMap::new(),
        };
        let main = match p.part("_rels/.rels")? {
            Some(r) => relationships(r, "", "_rels/.rels")?
                .into_values()
                .find(|r| r.kind == "officeDocument")
                .map(|r| r.target),
            None => None,
        };
        p.main = main.unwrap_or_else(|| "word/document.xml".into());
        if p.zip.index_for_name(&p.main).is_none() {
            // An OpenDocument file names its type in a `mimetype` entry.
            let odf = match p.part("mimetype")? {
                Some(r) => {
                    let mut head = Vec::new();
                    let _ = std::io::Read::read_to_end(&mut std::io::Read::take(r, 64), &mut head);
                    head.starts_with(b"application/vnd.oasis.opendocument")
                }
                None => false,
            };
            if odf {
                return Err(
                    "it is an OpenDocument file (LibreOffice's .odt), not a .docx; save it as Word (.docx)"
                        .into(),
                );
            }
            return Err(format!("the package has no main document ({})", p.main));
        }
        let (dir, file) = p.main.rsplit_once('/').unwrap_or(("", &p.main));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let base = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let rels = match p.part(&rels_name)? {
            Some(r) => relationships(r, &base, &rels_name)?,
            None => HashMap::new(),
        };
        p.rels = rels;
        Ok(p)
    }

    /// The targets of the main part's relationships of one type, in id order.
    pub(super) fn related(&self, kind: &str) -> Vec<String> {
        let mut v: Vec<(&String, &Rel)> =
            self.rels.iter().filter(|(_, r)| r.kind == kind).collect();
        v.sort_by(|a, b| natural(a.0).cmp(&natural(b.0)));
        v.into_iter().map(|(_, r)| r.target.clone()).collect()
    }

    /// A part as a capped stream, or `None` when the package has no such part.
    pub(super) fn part(&mut self, name: &str) -> Result<Option<PartReader<'_, 'a>>, String> {
        let Some(i) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let entry = self
            .zip
            .by_index(i)
            .map_err(|e| format!("part {name} is damaged: {e}"))?;
        if entry.size() > MAX_PART_BYTES {
            return Err(too_large(name));
        }
        let budget = MAX_PART_BYTES.min(MAX_PACKAGE_BYTES.saturating_sub(self.read_so_far));
        Ok(Some(BufReader::with_capacity(
            64 << 10,
            Capped {
                inner: entry,
                left: budget,
                total: &mut self.read_so_far,
            },
        )))
    }
}

/// `rId12` sorts after `rId2`.
fn natural(id: &str) -> (usize, &str) {
    let digits = id.trim_start_matches(|c: char| !c.is_ascii_digit());
    (digits.parse().unwrap_or(usize::MAX), id)
}

pub(super) fn too_large(name: &str) -> String {
    format!(
        "part {name} is larger than {} MB uncompressed (or the package is larger than {} MB)",
        MAX_PART_BYTES >> 20,
        MAX_PACKAGE_BYTES >> 20
    )
}

/// One part, decompressed as it is read.
pub(super) type PartReader<'p, 'a> =
    BufReader<Capped<'p, zip::read::ZipFile<'p, Cursor<&'a [u8]>>>>;

/// A reader that fails once more than `left` bytes have come through.
pub(super) struct Capped<'t, R> {
    inner: R,
    left: u64,
    total: &'t mut u64,
}

/// The message a `Capped` reader fails with; the walker turns it into `too_large`.
pub(super) const CAPPED: &str = "part exceeds the size cap";

impl<R: Read> Read for Capped<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let n64 = n as u64;
        if n64 > self.left {
            return Err(std::io::Error::other(CAPPED));
        }
        self.left -= n64;
        *self.total += n64;
        Ok(n)
    }
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes
        .windows(pattern.len())
        .any(|w| w == pattern.as_slice())
}

/// Parse a relationships part: id → relationship. Internal targets are resolved against
/// `base` (the folder of the part they belong to).
fn relationships(r: impl BufRead, base: &str, name: &str) -> Result<HashMap<String, Rel>, String> {
    let mut out = HashMap::new();
    let mut x = NsReader::from_reader(r);
    x.config_mut().expand_empty_elements = false;
    let mut buf = Vec::new();
    loop {
        let ev = x
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(name, x.error_position(), &e))?;
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let (mut id, mut kind, mut target, mut external) =
                    (String::new(), String::new(), String::new(), false);
                for a in e.attributes().flatten() {
                    let v = a.unescape_value().unwrap_or_default().into_owned();
                    match a.key.local_name().as_ref() {
                        b"Id" => id = v,
                        b"Type" => kind = v.rsplit('/').next().unwrap_or_default().to_string(),
                        b"Target" => target = v,
                        b"TargetMode" => external = v == "External",
                        _ => {}
                    }
                }
                if !external {
                    target = resolve(base, &target);
                }
                out.insert(
                    id,
                    Rel {
                        kind,
                        target,
                        external,
                    },
                );
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// A relationship target relative to `base` (`word/`), with `..` and a leading `/` handled.
fn resolve(base: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{base}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

pub(super) fn xml_error(part: &str, at: u64, e: &quick_xml::Error) -> String {
    if let quick_xml::Error::Io(io) = e {
        if io.to_string() == CAPPED {
            return too_large(part);
        }
        return format!("part {part} is damaged: {io}");
    }
    format!("{part} is not well-formed XML (at byte {at}): {e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_part_folder() {
        assert_eq!(resolve("word/", "footnotes.xml"), "word/footnotes.xml");
        assert_eq!(resolve("word/", "/word/media/a.png"), "word/media/a.png");
        assert_eq!(
            resolve("word/", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
    }

    #[test]
    fn ole_files_are_told_apart() {
        let mut enc = OLE_MAGIC.to_vec();
        enc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        let err = |b: &[u8]| Package::open(b).err().unwrap_or_default();
        assert!(err(&enc).starts_with("it is encrypted"));
        assert!(err(&OLE_MAGIC).contains("Word 97-2003"));
        assert!(err(b"hello").contains("not a zip file"));
    }
}
