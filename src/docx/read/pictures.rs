//! The pictures of a reviewer's DOCX: each picture part the body places (`w:drawing` with
//! `a:blip r:embed`, or VML `v:imagedata r:id`) read through the package's capped streams,
//! checked as lectern checks a workspace picture (a whole PNG or JPEG of a sane size), and
//! sized as the document shows it. A picture lectern cannot show (another format, damaged,
//! too large) is left out of the model with a note saying so, never silently.

use std::io::Read;

use super::package::Package;
use super::walk::Placed;
use crate::document::{Document, Inline};
use crate::picture::{Picture, Pictures, MAX_PICTURE_BYTES};

/// EMU per inch (DrawingML sizes).
const EMU_PER_INCH: f64 = 914_400.0;

/// Read the pictures `placed` into `Pictures` keyed by part name (the `src` of their
/// `Inline::Image`); those that cannot be shown are taken out of `doc` and noted in `notes`.
pub(super) fn load(
    pkg: &mut Package<'_>,
    placed: &[Placed],
    doc: &mut Document,
    notes: &mut Vec<String>,
) -> Result<Pictures, String> {
    let mut out = Pictures::new();
    let mut refused: Vec<String> = Vec::new();
    for p in placed {
        if out.contains_key(&p.part) || refused.contains(&p.part) {
            continue;
        }
        match picture(pkg, p)? {
            Ok(pic) => {
                out.insert(p.part.clone(), pic);
            }
            Err(why) => {
                let alt = doc
                    .images()
                    .find(|(src, _)| *src == p.part)
                    .map(|(_, alt)| alt.to_string())
                    .unwrap_or_default();
                let name = if alt.is_empty() {
                    format!("picture {}", p.part)
                } else {
                    format!("picture \"{alt}\" ({})", p.part)
                };
                notes.push(format!("{name} {why}; it is left out"));
                refused.push(p.part.clone());
            }
        }
    }
    if !refused.is_empty() {
        for b in &mut doc.blocks {
            b.inlines
                .retain(|i| !matches!(i, Inline::Image { src, .. } if refused.contains(src)));
        }
    }
    Ok(out)
}

/// One picture part: `Err(why)` when it cannot be shown; the outer error is a damaged or
/// over-large package, as for any part.
fn picture(pkg: &mut Package<'_>, p: &Placed) -> Result<Result<Picture, String>, String> {
    let Some(r) = pkg.part(&p.part)? else {
        return Ok(Err("is missing from the package".into()));
    };
    let mut bytes = Vec::new();
    r.take(MAX_PICTURE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("part {} cannot be read: {e}", p.part))?;
    if bytes.len() as u64 > MAX_PICTURE_BYTES {
        return Ok(Err(format!(
            "is larger than {} MB",
            MAX_PICTURE_BYTES / (1024 * 1024)
        )));
    }
    let (format, width, height, mut dpi) = match crate::picture::decode(&bytes) {
        Ok(d) => d,
        Err(why) => return Ok(Err(format!("cannot be used: {why}"))),
    };
    // Shown at the size the document gives it: the resolution that makes its natural size
    // that size (when sane), so a picture the reviewer resized keeps its size.
    if let Some((cx, cy)) = p.extent {
        let at = |px: u32, emu: u64| f64::from(px) / (emu as f64 / EMU_PER_INCH);
        let (x, y) = (at(width, cx), at(height, cy));
        if (24.0..=2400.0).contains(&x) && (24.0..=2400.0).contains(&y) {
            dpi = (x, y);
        }
    }
    Ok(Ok(Picture {
        bytes: bytes.into(),
        format,
        width,
        height,
        dpi,
    }))
}
