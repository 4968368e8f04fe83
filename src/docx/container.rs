//! Writing the zip container of a package: deflated entries, fixed timestamps and
//! permissions, no extra fields, so the same parts always give the same bytes.
//!
//! The `zip` crate opens a fresh compressor for every entry; its set-up (allocating and
//! clearing the window and hash tables) cost more than compressing a draft's small parts.
//! Here each thread keeps one raw-deflate compressor (flate2, zlib-rs) and resets it per
//! entry, and parts shared by many packages are compressed once and copied in as they are
//! (`Packed`). Reading DOCX files still goes through the `zip` crate.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};

use crate::error::{Error, Result};

/// A part already compressed: what an entry needs besides its name.
#[derive(Debug, Clone)]
pub(crate) struct Packed {
    crc: u32,
    size: u32,
    data: Vec<u8>,
}

impl Packed {
    /// Compress `raw` at `level` (0–9).
    pub(crate) fn new(raw: &[u8], level: u32) -> Result<Packed> {
        let size = u32::try_from(raw.len())
            .map_err(|_| Error::input("a DOCX part is larger than 4 GB"))?;
        let mut data = Vec::with_capacity(raw.len() / 3 + 64);
        COMPRESSORS.with(|c| {
            let mut kept = c.borrow_mut();
            let at = match kept.iter().position(|(l, _)| *l == level) {
                Some(at) => at,
                None => {
                    kept.push((level, Compress::new(Compression::new(level), false)));
                    kept.len() - 1
                }
            };
            deflate(&mut kept[at].1, raw, &mut data)
        })?;
        Ok(Packed {
            crc: crc32fast::hash(raw),
            size,
            data,
        })
    }
}

impl Packed {
    /// The part as it was before compression.
    pub(crate) fn inflate(&self) -> Result<Vec<u8>> {
        use std::io::Read;
        let mut out = Vec::with_capacity(self.size as usize);
        flate2::read::DeflateDecoder::new(&self.data[..])
            .read_to_end(&mut out)
            .map_err(|e| Error::input(format!("cannot read a shared DOCX part back: {e}")))?;
        Ok(out)
    }

    /// Compressed size.
    pub(crate) fn len(&self) -> usize {
        self.data.len()
    }
}

thread_local! {
    /// This thread's compressors, one per level used (two: per-draft and shared parts).
    static COMPRESSORS: RefCell<Vec<(u32, Compress)>> = const { RefCell::new(Vec::new()) };
}

/// Deflate all of `raw` into `out` with `c`, from a fresh stream.
fn deflate(c: &mut Compress, raw: &[u8], out: &mut Vec<u8>) -> Result<()> {
    c.reset();
    loop {
        let read = c.total_in() as usize;
        if out.capacity() - out.len() < 64 {
            out.reserve(raw.len() / 4 + 64);
        }
        let status = c
            .compress_vec(&raw[read..], out, FlushCompress::Finish)
            .map_err(|e| Error::input(format!("cannot compress a DOCX part: {e}")))?;
        if status == Status::StreamEnd {
            return Ok(());
        }
    }
}

/// Deflate all of `raw` with the thread's compressor for `level`, from a fresh stream, ending
/// on a byte boundary without a final block (a sync flush): blocks that can be followed by
/// other blocks, for a part spliced together from pieces compressed apart (`Splice`).
pub(crate) fn deflate_piece(raw: &[u8], level: u32, out: &mut Vec<u8>) -> Result<()> {
    COMPRESSORS.with(|c| {
        let mut kept = c.borrow_mut();
        let at = match kept.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                kept.push((level, Compress::new(Compression::new(level), false)));
                kept.len() - 1
            }
        };
        let c = &mut kept[at].1;
        c.reset();
        loop {
            let read = c.total_in() as usize;
            if out.capacity() - out.len() < 64 {
                out.reserve(raw.len() / 4 + 64);
            }
            c.compress_vec(&raw[read..], out, FlushCompress::Sync)
                .map_err(|e| Error::input(format!("cannot compress a DOCX part: {e}")))?;
            // Done when all input is in and the flush left room in the output.
            if c.total_in() as usize == raw.len() && out.capacity() - out.len() >= 64 {
                return Ok(());
            }
        }
    })
}

/// A part put together from pieces: some deflated beforehand (`deflate_piece`, shared by many
/// packages), the rest deflated or stored as they come, then one empty final block. The
/// inflated bytes are the pieces in order.
pub(crate) struct Splice {
    data: Vec<u8>,
}

/// Pieces shorter than this are stored: a deflate stream reset costs more than it saves.
const STORE_BELOW: usize = 128;

impl Splice {
    pub(crate) fn with_capacity(bytes: usize) -> Splice {
        Splice {
            data: Vec::with_capacity(bytes),
        }
    }

    /// A piece deflated by `deflate_piece`.
    pub(crate) fn deflated(&mut self, piece: &[u8]) {
        self.data.extend_from_slice(piece);
    }

    /// Bytes as they are: deflated at `level` when long enough, else stored.
    pub(crate) fn raw(&mut self, raw: &[u8], level: u32) -> Result<()> {
        if raw.len() >= STORE_BELOW {
            return deflate_piece(raw, level, &mut self.data);
        }
        for chunk in raw.chunks(usize::from(u16::MAX)) {
            // A stored block, not final: header bits 000 padded to the byte, LEN, NLEN.
            let len = chunk.len() as u16;
            self.data.push(0);
            self.data.extend_from_slice(&len.to_le_bytes());
            self.data.extend_from_slice(&(!len).to_le_bytes());
            self.data.extend_from_slice(chunk);
        }
        Ok(())
    }

    /// The part, whose inflated bytes are `whole` (the pieces in order).
    pub(crate) fn finish(mut self, whole: &[u8]) -> Result<Packed> {
        // An empty stored block, final.
        self.data.extend_from_slice(&[1, 0, 0, 0xFF, 0xFF]);
        Ok(Packed {
            crc: crc32fast::hash(whole),
            size: u32::try_from(whole.len())
                .map_err(|_| Error::input("a DOCX part is larger than 4 GB"))?,
            data: self.data,
        })
    }
}

/// A zip archive being written into memory.
pub(crate) struct ZipOut {
    out: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
}

/// 1980-01-01 00:00 in MS-DOS date and time: the earliest a zip can say.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// Deflate, and "version needed to extract" 2.0 (deflate).
const METHOD_DEFLATE: u16 = 8;
const VERSION_NEEDED: u16 = 20;
/// Made by Unix (3), spec 2.0: lets the external attributes carry permissions.
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// A regular file, rw-r--r--.
const UNIX_FILE_0644: u32 = (0o100_644) << 16;

/// Whether the part `name` is XML, and so passes through `text::sanitize_part`.
pub(crate) fn is_xml_part(name: &str) -> bool {
    name.ends_with(".xml") || name.ends_with(".rels")
}

impl ZipOut {
    pub(crate) fn with_capacity(bytes: usize) -> ZipOut {
        ZipOut {
            out: Vec::with_capacity(bytes),
            central: Vec::with_capacity(1024),
            entries: 0,
        }
    }

    /// Add `raw` as `name`, deflated at `level`. An XML part (`.xml`, `.rels`) loses any
    /// character XML cannot carry on the way in (`text::sanitize_part`).
    pub(crate) fn deflated(&mut self, name: &str, raw: &[u8], level: u32) -> Result<()> {
        let packed = if is_xml_part(name) {
            Packed::new(&super::text::sanitize_part(raw), level)?
        } else {
            Packed::new(raw, level)?
        };
        self.packed(name, &packed)
    }

    /// Add a part compressed beforehand.
    pub(crate) fn packed(&mut self, name: &str, p: &Packed) -> Result<()> {
        let too_big = || Error::input("a DOCX package is larger than 4 GB");
        let offset = u32::try_from(self.out.len()).map_err(|_| too_big())?;
        let compressed = u32::try_from(p.data.len()).map_err(|_| too_big())?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_big())?;
        self.entries = self.entries.checked_add(1).ok_or_else(too_big)?;

        // The fields a local header and its central directory record share, from "version
        // needed" to "extra field length".
        let common = |v: &mut Vec<u8>| {
            put16(v, VERSION_NEEDED);
            put16(v, 0); // flags
            put16(v, METHOD_DEFLATE);
            put16(v, DOS_TIME);
            put16(v, DOS_DATE);
            put32(v, p.crc);
            put32(v, compressed);
            put32(v, p.size);
            put16(v, name_len);
            put16(v, 0); // extra field length
        };
        let o = &mut self.out;
        put32(o, 0x0403_4b50);
        common(o);
        o.extend_from_slice(name.as_bytes());
        o.extend_from_slice(&p.data);

        let c = &mut self.central;
        put32(c, 0x0201_4b50);
        put16(c, VERSION_MADE_BY);
        common(c);
        put16(c, 0); // comment length
        put16(c, 0); // disk number
        put16(c, 0); // internal attributes
        put32(c, UNIX_FILE_0644);
        put32(c, offset);
        c.extend_from_slice(name.as_bytes());
        Ok(())
    }

    /// The central directory and its end record; the archive's bytes.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>> {
        let too_big = || Error::input("a DOCX package is larger than 4 GB");
        let offset = u32::try_from(self.out.len()).map_err(|_| too_big())?;
        let size = u32::try_from(self.central.len()).map_err(|_| too_big())?;
        self.out.extend_from_slice(&self.central);
        let o = &mut self.out;
        put32(o, 0x0605_4b50);
        put16(o, 0); // this disk
        put16(o, 0); // disk of the central directory
        put16(o, self.entries);
        put16(o, self.entries);
        put32(o, size);
        put32(o, offset);
        put16(o, 0); // comment length
        Ok(self.out)
    }
}

fn put16(v: &mut Vec<u8>, n: u16) {
    v.extend_from_slice(&n.to_le_bytes());
}

fn put32(v: &mut Vec<u8>, n: u32) {
    v.extend_from_slice(&n.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use super::*;

    #[test]
    fn zip_crate_reads_back_every_entry() {
        let big: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let shared = Packed::new(b"<shared/>", 9).expect("packs");
        let mut z = ZipOut::with_capacity(1024);
        z.deflated("a.xml", b"<a>hello</a>", 1).expect("adds");
        z.packed("dir/shared.xml", &shared).expect("adds");
        z.deflated("empty.xml", b"", 1).expect("adds");
        z.deflated("big.bin", &big, 6).expect("adds");
        let bytes = z.finish().expect("finishes");

        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        let mut read = |name: &str| {
            let mut f = zip.by_name(name).expect("entry");
            assert_eq!(f.unix_mode(), Some(0o100_644));
            let mut v = Vec::new();
            f.read_to_end(&mut v).expect("reads, crc checked");
            v
        };
        assert_eq!(read("a.xml"), b"<a>hello</a>");
        assert_eq!(read("dir/shared.xml"), b"<shared/>");
        assert_eq!(read("empty.xml"), b"");
        assert_eq!(read("big.bin"), big);
        assert_eq!(zip.len(), 4);
    }

    #[test]
    fn spliced_parts_inflate_to_their_pieces() {
        let long = "<w:p><w:r><w:t>house letterhead</w:t></w:r></w:p>".repeat(40);
        let pieces: [(&str, bool); 5] = [
            (&long, true),
            ("DRAFT", false),
            (&long[..300], true),
            ("", false),
            (&long, false),
        ];
        let mut splice = Splice::with_capacity(1024);
        let mut whole = Vec::new();
        for (text, shared) in pieces {
            if shared {
                let mut piece = Vec::new();
                deflate_piece(text.as_bytes(), 9, &mut piece).expect("deflates");
                splice.deflated(&piece);
            } else {
                splice.raw(text.as_bytes(), 1).expect("adds");
            }
            whole.extend_from_slice(text.as_bytes());
        }
        let packed = splice.finish(&whole).expect("finishes");
        assert!(packed.len() < whole.len() / 2, "{}", packed.len());
        let mut z = ZipOut::with_capacity(1024);
        z.packed("word/header1.xml", &packed).expect("adds");
        let bytes = z.finish().expect("finishes");
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        let mut v = Vec::new();
        zip.by_name("word/header1.xml")
            .expect("entry")
            .read_to_end(&mut v)
            .expect("reads, crc checked");
        assert_eq!(v, whole);
    }

    #[test]
    fn same_parts_give_same_bytes() {
        let make = || {
            let mut z = ZipOut::with_capacity(64);
            z.deflated("x", b"abcabcabc", 1).expect("adds");
            z.finish().expect("finishes")
        };
        assert_eq!(make(), make());
    }
}
