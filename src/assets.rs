//! What a draft takes from the workspace besides its content (DESIGN.md §9): the pictures its
//! Markdown shows, each loaded and checked with the place it was named (the template line, or
//! the event's `image` field) for errors, and warnings, located in the templates, about
//! Markdown that cannot be rendered. Returns data; never prints.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::document::parse::Unrendered;
use crate::document::Document;
use crate::error::{location_of, Error, Origin, Result};
use crate::library::{Event, Kind, Loaded};
use crate::picture::{self, Pictures};
use crate::render::Templates;
use crate::workspace::hex;

/// Where the event names its picture: the `field` (`path` or `alt`) inside `"image"`, else
/// `"image"` itself, else the file.
pub fn event_image_origin(event: &Loaded<Event>, field: &str) -> Origin {
    // Through the capped reader, like every re-read of a content file.
    let Ok(text) = crate::capped::read_text(&event.path, &event.path, crate::capped::CONTENT)
    else {
        return Origin::file(&event.path);
    };
    let key = |from: usize, name: &str| {
        let needle = format!("\"{name}\"");
        let mut at = from;
        while let Some(i) = text[at..].find(&needle) {
            let pos = at + i;
            if text[pos + needle.len()..].trim_start().starts_with(':') {
                return Some(pos);
            }
            at = pos + needle.len();
        }
        None
    };
    let Some(image) = key(0, "image") else {
        return Origin::file(&event.path);
    };
    let close = text[image..].find('}').map_or(text.len(), |i| image + i);
    let at = key(image, field).filter(|&p| p < close).unwrap_or(image);
    let loc = location_of(&text, at);
    Origin::at(&event.path, loc.line, loc.column)
}

/// Hashes of the picture files a draft of `kind` may show (the event's picture and those the
/// templates name), for the draft's fingerprint: a changed picture is a changed draft. A file
/// that cannot be read counts as absent; drafting reports it.
pub fn fingerprint(root: &Path, templates: &Templates, event: &Event, kind: Kind) -> String {
    let mut paths = templates.picture_paths(kind);
    if let Some(i) = &event.image {
        paths.push(i.path.clone());
    }
    if paths.is_empty() {
        return String::new();
    }
    let mut h = Sha256::new();
    for p in paths {
        h.update(p.as_bytes());
        h.update([0]);
        if let Ok(pic) = picture::load(root, &p) {
            h.update(Sha256::digest(&pic.bytes));
        }
    }
    hex(&h.finalize())
}

/// Load every picture `doc` shows. A picture that is missing, unreadable, outside the
/// workspace, or without alt text in a public kind is an error naming where it was written.
pub fn pictures(
    root: &Path,
    templates: &Templates,
    event: &Loaded<Event>,
    kind: Kind,
    doc: &Document,
) -> Result<Pictures> {
    let mut out = Pictures::new();
    for (src, alt) in doc.images() {
        let from_event = event.item.image.as_ref().is_some_and(|i| i.path == src);
        let origin = |field: &str| {
            if from_event {
                event_image_origin(event, field)
            } else {
                templates.locate(kind, src)
            }
        };
        if alt.trim().is_empty() && kind.is_public() {
            let (at, hint) = if from_event {
                (
                    origin("alt"),
                    "add \"alt\" to the event's image: what the picture shows, in a sentence",
                )
            } else {
                (
                    origin("path"),
                    "describe the picture between the brackets: ![what it shows](path)",
                )
            };
            return Err(Error::input(format!(
                "picture `{src}` has no alt text, which the {kind} needs as a public document"
            ))
            .at(at)
            .hint(hint));
        }
        if out.contains_key(src) {
            continue;
        }
        let pic = picture::load(root, src).map_err(|p| {
            let mut e = Error::input(p.message).at(origin("path"));
            if let Some(h) = p.hint {
                e = e.hint(h);
            }
            e
        })?;
        out.insert(src.to_string(), pic);
    }
    Ok(out)
}

/// One warning per piece of Markdown that is printed as text, naming its template line.
pub fn unrendered_warnings(templates: &Templates, kind: Kind, list: &[Unrendered]) -> Vec<String> {
    unrendered(templates, kind, list)
        .into_iter()
        .map(|(origin, message)| format!("{origin}: {message}"))
        .collect()
}

/// Where each piece of unrenderable Markdown is written, and what to say about it.
pub fn unrendered(templates: &Templates, kind: Kind, list: &[Unrendered]) -> Vec<(Origin, String)> {
    list.iter()
        .map(|u| {
            let needle = u.snippet.trim_end_matches('…');
            (
                templates.locate(kind, needle),
                format!(
                    "{} `{}` cannot be rendered; it is printed as text",
                    u.what, u.snippet
                ),
            )
        })
        .collect()
}

/// Load every picture a stored version's Markdown (`text`, read from `path`) shows; an error
/// names the line of the Markdown where the picture is.
pub fn pictures_of_version(
    root: &Path,
    path: &Path,
    text: &str,
    doc: &Document,
) -> Result<Pictures> {
    let mut out = Pictures::new();
    for (src, _) in doc.images() {
        if out.contains_key(src) {
            continue;
        }
        let pic = picture::load(root, src).map_err(|p| {
            let origin = match text.find(src) {
                Some(at) => {
                    let loc = location_of(text, at);
                    Origin::at(path, loc.line, loc.column)
                }
                None => Origin::file(path),
            };
            let mut e = Error::input(p.message).at(origin);
            if let Some(h) = p.hint {
                e = e.hint(h);
            }
            e
        })?;
        out.insert(src.to_string(), pic);
    }
    Ok(out)
}
