//! Pictures from the workspace (DESIGN.md §9): a path from a template or an event, checked to
//! stay inside the workspace, the file read and checked to be a whole PNG or JPEG, its pixel
//! size decoded from the file itself (imagesize) and its resolution from the PNG `pHYs` chunk
//! or the JPEG JFIF header. Nothing the file declares is trusted blindly: sizes and
//! resolutions outside sane bounds are refused or replaced by the usual 96 dpi. The exporters
//! (DOCX, HTML) take the bytes from here; the document model only holds the path.

use std::collections::BTreeMap;
use std::path::{Component, Path};
use std::sync::Arc;

/// Largest picture file read (a lead photo is a few MB).
pub const MAX_PICTURE_BYTES: u64 = 20 * 1024 * 1024;

const PICTURE: crate::capped::Cap = crate::capped::Cap {
    bytes: MAX_PICTURE_BYTES,
    what: "picture",
    hint: "save a smaller copy of the picture",
};

/// Largest width or height in pixels accepted.
const MAX_SIDE: usize = 20_000;

/// Resolution assumed when the file gives none, or one outside 24..=2400 dpi.
const DEFAULT_DPI: f64 = 96.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
}

impl Format {
    /// The file extension used for the part name.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpeg",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
        }
    }
}

/// A decoded, checked picture.
#[derive(Debug, Clone)]
pub struct Picture {
    pub bytes: Arc<[u8]>,
    pub format: Format,
    /// Pixels.
    pub width: u32,
    pub height: u32,
    /// Dots per inch, horizontally and vertically.
    pub dpi: (f64, f64),
}

impl Picture {
    /// Natural size in inches.
    pub fn inches(&self) -> (f64, f64) {
        (
            f64::from(self.width) / self.dpi.0,
            f64::from(self.height) / self.dpi.1,
        )
    }
}

/// Pictures of one document, by the path written in its Markdown.
pub type Pictures = BTreeMap<String, Picture>;

/// Why a picture cannot be used; the caller says where it was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>, hint: Option<&str>) -> Problem {
        Problem {
            message: message.into(),
            hint: hint.map(str::to_string),
        }
    }
}

/// Check that `src` names a file inside the workspace: relative, without `..`, not an address.
pub fn check_path(src: &str) -> Result<(), Problem> {
    let inside = Some("name a file inside the workspace, e.g. assets/photo.jpg");
    if src.trim().is_empty() {
        return Err(Problem::new("picture path is empty", inside));
    }
    if src.contains("://") || src.starts_with("data:") || src.starts_with("mailto:") {
        return Err(Problem::new(
            format!("picture `{src}` is an address; pictures must be files in the workspace"),
            inside,
        ));
    }
    let path = Path::new(src);
    let windows_drive = src.len() > 1 && src.as_bytes()[1] == b':';
    if path.is_absolute() || src.starts_with(['/', '\\']) || windows_drive {
        return Err(Problem::new(
            format!("picture path `{src}` is absolute; it must be relative to the workspace"),
            inside,
        ));
    }
    if path.components().any(|c| matches!(c, Component::ParentDir))
        || src.split(['/', '\\']).any(|p| p == "..")
    {
        return Err(Problem::new(
            format!("picture path `{src}` leaves the workspace (`..`)"),
            inside,
        ));
    }
    Ok(())
}

/// Load `src` (a path relative to `root`): inside the workspace even through symbolic links,
/// a PNG or JPEG file, whole, of a sane size.
pub fn load(root: &Path, src: &str) -> Result<Picture, Problem> {
    check_path(src)?;
    let path = root.join(src);
    let missing = || {
        Problem::new(
            format!("picture `{src}` does not exist"),
            Some("put the file in the workspace (e.g. under assets/) or fix the path"),
        )
    };
    let real = match path.canonicalize() {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(missing()),
        Err(e) => {
            return Err(Problem::new(
                format!("cannot read picture `{src}`: {e}"),
                None,
            ))
        }
    };
    let root_real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !real.starts_with(&root_real) {
        return Err(Problem::new(
            format!("picture `{src}` is a link to a file outside the workspace"),
            Some("copy the picture into the workspace instead of linking to it"),
        ));
    }
    let meta = std::fs::metadata(&real)
        .map_err(|e| Problem::new(format!("cannot read picture `{src}`: {e}"), None))?;
    if !meta.is_file() {
        return Err(Problem::new(format!("picture `{src}` is not a file"), None));
    }
    if meta.len() > MAX_PICTURE_BYTES {
        return Err(Problem::new(
            format!(
                "picture `{src}` is {} MB; pictures may be at most {} MB",
                meta.len().div_ceil(1024 * 1024),
                MAX_PICTURE_BYTES / (1024 * 1024)
            ),
            Some("save a smaller copy of the picture"),
        ));
    }
    // Through the one reader of user content: regular files only, opened without blocking,
    // the cap enforced while reading (the file may have changed since the checks above).
    let bytes = crate::capped::read_bytes(&real, Path::new(src), PICTURE).map_err(|e| Problem {
        message: e.message(),
        hint: e.hints().first().cloned(),
    })?;
    decode(&bytes)
        .map_err(|why| {
            Problem::new(
                format!("picture `{src}` cannot be used: {why}"),
                Some("save it again as PNG or JPEG"),
            )
        })
        .map(|(format, width, height, dpi)| Picture {
            bytes: bytes.into(),
            format,
            width,
            height,
            dpi,
        })
}

/// Format, pixel size and resolution of a whole PNG or JPEG file.
pub fn decode(bytes: &[u8]) -> Result<(Format, u32, u32, (f64, f64)), String> {
    let kind = imagesize::image_type(bytes).map_err(|_| "not a PNG or JPEG file".to_string())?;
    let format = match kind {
        imagesize::ImageType::Png => Format::Png,
        imagesize::ImageType::Jpeg => Format::Jpeg,
        other => {
            let name = format!("{other:?}").to_uppercase();
            return Err(format!("it is {name}, not PNG or JPEG"));
        }
    };
    let size = imagesize::blob_size(bytes).map_err(|e| format!("its header is damaged ({e})"))?;
    if size.width == 0 || size.height == 0 {
        return Err("it has no pixels".into());
    }
    if size.width > MAX_SIDE || size.height > MAX_SIDE {
        return Err(format!(
            "it claims {}×{} pixels; at most {MAX_SIDE} a side",
            size.width, size.height
        ));
    }
    let dpi = match format {
        Format::Png => png_dpi(bytes)?,
        Format::Jpeg => jpeg_dpi(bytes)?,
    };
    let sane = |d: f64| {
        if (24.0..=2400.0).contains(&d) {
            d
        } else {
            DEFAULT_DPI
        }
    };
    let dpi = dpi.map_or((DEFAULT_DPI, DEFAULT_DPI), |(x, y)| (sane(x), sane(y)));
    Ok((format, size.width as u32, size.height as u32, dpi))
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Walk a PNG's chunks (each checked against its CRC) to `IEND`; the resolution from `pHYs`.
fn png_dpi(bytes: &[u8]) -> Result<Option<(f64, f64)>, String> {
    let truncated = || "the file is cut short".to_string();
    let mut at = 8;
    let mut dpi = None;
    let mut saw_data = false;
    loop {
        let head = bytes.get(at..at + 8).ok_or_else(truncated)?;
        let len = be32(head) as usize;
        let kind = &head[4..8];
        let end = at
            .checked_add(12)
            .and_then(|x| x.checked_add(len))
            .ok_or_else(truncated)?;
        let chunk = bytes.get(at + 4..end - 4).ok_or_else(truncated)?;
        let crc = be32(&bytes[end - 4..end]);
        if crc32fast::hash(chunk) != crc {
            return Err(format!(
                "its {} chunk is damaged",
                String::from_utf8_lossy(kind)
            ));
        }
        let data = &chunk[4..];
        match kind {
            b"pHYs" if data.len() == 9 && data[8] == 1 => {
                // Pixels per metre are integers: 96 dpi is stored as 3780 (96.01 dpi). Word
                // and LibreOffice round to whole dots per inch, and so does this.
                let per_inch = |ppm: u32| (f64::from(ppm) * 0.0254).round();
                dpi = Some((per_inch(be32(&data[0..4])), per_inch(be32(&data[4..8]))));
            }
            b"IDAT" => saw_data = true,
            b"IEND" => break,
            _ => {}
        }
        at = end;
    }
    if !saw_data {
        return Err("it has no image data".into());
    }
    Ok(dpi)
}

/// Walk a JPEG's segments to the start of the scan; the resolution from the JFIF header; the
/// file must end with the end-of-image marker.
fn jpeg_dpi(bytes: &[u8]) -> Result<Option<(f64, f64)>, String> {
    let truncated = || "the file is cut short".to_string();
    let mut at = 2;
    let mut dpi = None;
    loop {
        let marker = bytes.get(at..at + 2).ok_or_else(truncated)?;
        if marker[0] != 0xFF {
            return Err("its header is damaged".into());
        }
        let m = marker[1];
        if m == 0xFF {
            at += 1;
            continue;
        }
        if m == 0xD8 || (0xD0..=0xD7).contains(&m) || m == 0x01 {
            at += 2;
            continue;
        }
        let len_bytes = bytes.get(at + 2..at + 4).ok_or_else(truncated)?;
        let len = usize::from(u16::from_be_bytes([len_bytes[0], len_bytes[1]]));
        let seg = bytes.get(at + 4..at + 2 + len).ok_or_else(truncated)?;
        if m == 0xE0 && seg.len() >= 12 && &seg[..5] == b"JFIF\0" {
            let x = f64::from(u16::from_be_bytes([seg[8], seg[9]]));
            let y = f64::from(u16::from_be_bytes([seg[10], seg[11]]));
            dpi = match seg[7] {
                1 => Some((x, y)),
                2 => Some((x * 2.54, y * 2.54)),
                _ => None,
            };
        }
        at += 2 + len;
        if m == 0xDA {
            break;
        }
    }
    let tail = &bytes[at.min(bytes.len())..];
    if !tail.windows(2).any(|w| w == [0xFF, 0xD9]) {
        return Err("the file is cut short".into());
    }
    Ok(dpi)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A valid PNG of `w`×`h` pixels (grey, one IDAT of stored deflate blocks), with a pHYs
    /// chunk when `dpi` is given.
    pub(crate) fn png(w: u32, h: u32, dpi: Option<u32>) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut c = kind.to_vec();
            c.extend_from_slice(data);
            out.extend_from_slice(&c);
            out.extend_from_slice(&crc32fast::hash(&c).to_be_bytes());
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        if let Some(d) = dpi {
            let ppm = (f64::from(d) / 0.0254).round() as u32;
            let mut p = Vec::new();
            p.extend_from_slice(&ppm.to_be_bytes());
            p.extend_from_slice(&ppm.to_be_bytes());
            p.push(1);
            chunk(&mut out, b"pHYs", &p);
        }
        let mut raw = Vec::new();
        for y in 0..h {
            raw.push(0);
            for x in 0..w {
                raw.push(((x * 7 + y * 3) % 200 + 30) as u8);
            }
        }
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut z, &raw).expect("deflate");
        chunk(&mut out, b"IDAT", &z.finish().expect("deflate"));
        chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn png_size_and_resolution() {
        let (f, w, h, dpi) = decode(&png(40, 20, Some(192))).expect("decodes");
        assert_eq!((f, w, h), (Format::Png, 40, 20));
        assert!((dpi.0 - 192.0).abs() < 0.1, "{dpi:?}");
        let (_, _, _, dpi) = decode(&png(4, 2, None)).expect("decodes");
        assert_eq!(dpi, (96.0, 96.0));
    }

    #[test]
    fn damaged_pictures_are_refused() {
        let good = png(8, 8, None);
        let cut = &good[..good.len() - 20];
        assert_eq!(decode(cut).unwrap_err(), "the file is cut short");
        let mut flipped = good.clone();
        let n = flipped.len() - 20;
        flipped[n] ^= 0xFF;
        assert!(decode(&flipped).unwrap_err().contains("damaged"));
        assert_eq!(
            decode(b"GIF89a\x10\x00\x10\x00\x00\x00\x00\x2c\x00\x00\x00\x00").unwrap_err(),
            "it is GIF, not PNG or JPEG"
        );
        assert_eq!(decode(b"hello").unwrap_err(), "not a PNG or JPEG file");
        assert_eq!(decode(&png(0, 5, None)).unwrap_err(), "it has no pixels");
    }

    #[test]
    fn jpeg_header_walk() {
        // SOI, JFIF at 300 dpi, SOF0 8×4, SOS, one byte of scan data, EOI.
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        j.extend_from_slice(b"JFIF\0\x01\x01\x01\x01\x2C\x01\x2C\0\0");
        j.extend_from_slice(&[0xFF, 0xC0, 0, 11, 8, 0, 4, 0, 8, 1, 1, 0x11, 0]);
        j.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0x55, 0xFF, 0xD9]);
        let (f, w, h, dpi) = decode(&j).expect("decodes");
        assert_eq!((f, w, h, dpi), (Format::Jpeg, 8, 4, (300.0, 300.0)));
        assert_eq!(
            decode(&j[..j.len() - 2]).unwrap_err(),
            "the file is cut short"
        );
    }

    #[test]
    fn paths_stay_inside() {
        assert!(check_path("assets/x.png").is_ok());
        for bad in [
            "",
            "/etc/x.png",
            "../x.png",
            "a/../../x.png",
            "https://x.org/a.png",
            "C:\\x.png",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }
}
