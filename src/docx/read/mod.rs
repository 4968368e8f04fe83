//! Reading a DOCX back into the document model: for `lectern diff` on a file a colleague
//! edited in Word or LibreOffice, and for `lectern import`, which keeps such a file as a
//! version. The reader reads what reviewers edit (DESIGN.md §10), with pandoc's DOCX reader as
//! the reference for what each construct means: paragraphs and headings with bold and italic,
//! lists, tables (as tables), footnotes and endnotes at their references, headers and footers
//! (beside the body), text boxes and shapes, field results, content controls, tracked changes
//! including paragraph marks and moves, non-breaking and soft hyphens, symbols, tabs and
//! breaks; and the reviewers' comments with the text they are anchored to.
//!
//! It does not use docx-rs: the parts are streamed (`package`) through quick-xml by an
//! iterative walker (`walk`), so memory stays linear in the input with a small constant and
//! deep nesting is refused instead of overflowing the stack. Limits: 64 MB per part, 256 MB
//! per package, `walk::MAX_DEPTH` nested elements, `walk::MAX_BLOCKS` paragraphs per part.

mod core;
mod lang;
mod package;
mod pictures;
mod props;
mod walk;

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::NsReader;

use crate::document::{Block, Comment, Document, Footnote};
use crate::library::Lang;
pub use core::{core_properties, custom_properties, CoreProperties};
use package::{xml_error, Package};
use props::attr;
use walk::{Styles, Walker};

/// Which side of tracked changes to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// As if every change were accepted (what the author now proposes).
    Accepted,
    /// As if every change were rejected (the text before the changes).
    Rejected,
}

/// Everything a reviewer's file holds beyond the body's text.
#[derive(Debug, Clone, Default)]
pub struct Review {
    /// Body, footnotes and endnotes (in order of first reference), comment marks.
    pub doc: Document,
    /// Header and footer paragraphs, in the package's order.
    pub furniture: Vec<Block>,
    /// The comments, in the order of the comments part.
    pub comments: Vec<ReviewComment>,
    /// Tracked changes not yet accepted or rejected, in reading order.
    pub pending: Vec<PendingChange>,
    /// The document's language, when it is one lectern knows: a block whose `lang` is set is a
    /// passage in another language (DESIGN.md §12).
    pub lang: Option<Lang>,
    /// The body's pictures, by the `src` of their `Inline::Image` (the part's name in the
    /// package, e.g. `word/media/image1.png`).
    pub pictures: crate::picture::Pictures,
    /// What the reader left out and why (pictures it cannot show), one sentence each.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewComment {
    pub author: String,
    pub date: String,
    pub text: String,
    /// The text of the range the comment is anchored to (empty for a point comment).
    pub anchor: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Insert,
    Delete,
    Move,
    Format,
}

impl ChangeKind {
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Insert => "insert",
            ChangeKind::Delete => "delete",
            ChangeKind::Move => "move",
            ChangeKind::Format => "format",
        }
    }
}

/// One tracked change. A paragraph mark inserted or deleted reads as `¶`; a formatting
/// change carries the text it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingChange {
    pub kind: ChangeKind,
    pub author: String,
    pub date: String,
    pub text: String,
    /// Paragraph counter when recorded: changes of one kind and author in one paragraph merge.
    paragraph: usize,
}

/// Read a DOCX package (accepted view of tracked changes).
pub fn read(bytes: &[u8]) -> Result<Document, String> {
    read_view(bytes, View::Accepted)
}

/// Read a DOCX package in the given view of its tracked changes.
pub fn read_view(bytes: &[u8], view: View) -> Result<Document, String> {
    read_review_view(bytes, view, None).map(|r| r.doc)
}

/// Read a reviewer's DOCX: accepted view, with furniture, comments and pending changes.
pub fn read_review(bytes: &[u8]) -> Result<Review, String> {
    read_review_view(bytes, View::Accepted, None)
}

/// `read_review` of a document in `lang` (the language of the drafts it is a version of):
/// passages are the paragraphs in another language than `lang`, whatever the file says its
/// own language is.
pub fn read_review_in(bytes: &[u8], lang: Lang) -> Result<Review, String> {
    read_review_view(bytes, View::Accepted, Some(lang))
}

fn read_review_view(bytes: &[u8], view: View, lang: Option<Lang>) -> Result<Review, String> {
    let mut pkg = Package::open(bytes)?;
    let mut styles = Styles::default();
    for (id, rel) in &pkg.rels {
        match rel.kind.as_str() {
            "hyperlink" => {
                styles.links.insert(id.clone(), rel.target.clone());
            }
            "image" if rel.external => {
                styles.linked.insert(id.clone());
            }
            "image" => {
                styles.images.insert(id.clone(), rel.target.clone());
            }
            _ => {}
        }
    }
    if let Some(name) = pkg.related("styles").into_iter().next() {
        if let Some(r) = pkg.part(&name)? {
            read_styles(r, &name, &mut styles)?;
        }
    }
    if let Some(name) = pkg.related("numbering").into_iter().next() {
        if let Some(r) = pkg.part(&name)? {
            read_numbering(r, &name, &mut styles)?;
        }
    }

    // Notes and comments first, so the body can resolve its references to them.
    let mut notes: HashMap<(bool, String), Vec<crate::document::Inline>> = HashMap::new();
    for (endnote, kind) in [(false, "footnotes"), (true, "endnotes")] {
        for name in pkg.related(kind) {
            if let Some(r) = pkg.part(&name)? {
                let mut w = Walker::new(view, &styles, &name);
                w.walk(r)?;
                for n in w.notes {
                    notes.insert((endnote, n.id), n.inlines);
                }
            }
        }
    }
    let mut comment_notes = Vec::new();
    for name in pkg.related("comments") {
        if let Some(r) = pkg.part(&name)? {
            let mut w = Walker::new(view, &styles, &name);
            w.walk(r)?;
            comment_notes.extend(w.notes);
        }
    }

    let main = pkg.main.clone();
    let mut body = Walker::new(view, &styles, &main);
    for (i, c) in comment_notes.iter().enumerate() {
        body.refs.comments.insert(c.id.clone(), i);
    }
    body.refs.anchors = vec![String::new(); comment_notes.len()];
    body.read_pictures = true;
    let r = pkg
        .part(&main)?
        .ok_or_else(|| format!("the package has no main document ({main})"))?;
    body.walk(r)?;
    if !body.saw_root() {
        return Err(format!(
            "{main} holds no document body (it is empty or not WordprocessingML)"
        ));
    }

    let mut doc = Document {
        blocks: std::mem::take(&mut body.blocks),
        ..Document::default()
    };
    // Each block carries the language all its text is in; a passage is one in another
    // language than the document's.
    let core = core::core_properties(bytes).language;
    let lang = lang::document_lang(lang, core.as_deref(), &styles.langs, &doc.blocks);
    for b in &mut doc.blocks {
        if b.lang == lang {
            b.lang = None;
        }
    }
    for (k, key) in body.refs.footnote_order.iter().enumerate() {
        doc.footnotes.push(Footnote {
            label: (k + 1).to_string(),
            inlines: notes.remove(key).unwrap_or_default(),
        });
    }
    let mut comments = Vec::with_capacity(comment_notes.len());
    for (note, anchor) in comment_notes.into_iter().zip(&body.refs.anchors) {
        let text = crate::document::plain_text(&note.inlines);
        doc.comments.push(Comment {
            author: note.author.clone(),
            text: text.clone(),
        });
        comments.push(ReviewComment {
            author: note.author,
            date: note.date,
            text,
            anchor: anchor.trim().to_string(),
        });
    }
    let pending = std::mem::take(&mut body.pending);
    let mut notes = std::mem::take(&mut body.left_out);
    let pictures = pictures::load(&mut pkg, &body.placed, &mut doc, &mut notes)?;

    // Headers and footers: beside the body, never mixed into it.
    let mut furniture = Vec::new();
    let mut names = pkg.related("header");
    names.extend(pkg.related("footer"));
    let mut extra = Walker::new(view, &styles, "");
    for name in names {
        if let Some(r) = pkg.part(&name)? {
            extra.set_part(&name);
            extra.walk(r)?;
            furniture.append(&mut extra.blocks);
        }
    }
    for b in &mut furniture {
        b.lang = None;
    }
    Ok(Review {
        doc,
        furniture,
        comments,
        pending,
        lang,
        pictures,
        notes,
    })
}

/// `styles.xml`: each style's id, name and parent.
fn read_styles(r: impl BufRead, part: &str, out: &mut Styles) -> Result<(), String> {
    let mut x = NsReader::from_reader(r);
    let mut buf = Vec::new();
    let mut current: Option<(String, String, Option<String>)> = None;
    // Inside `w:docDefaults`; the current style's language has been read.
    let (mut defaults, mut lang_read) = (false, false);
    // The current style's `w:vertAlign` has been read (a later one, inside a tracked
    // formatting change, is the former one).
    let mut vert_read = false;
    loop {
        let ev = x
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(part, x.error_position(), &e))?;
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"style" => {
                    if let Some((id, name, based)) = current.take() {
                        out.styles.insert(id, (name, based));
                    }
                    current = attr(&e, b"styleId").map(|id| (id, String::new(), None));
                    lang_read = false;
                    vert_read = false;
                }
                b"docDefaults" => {
                    defaults = true;
                    lang_read = false;
                }
                // The first `w:lang` of a style or the defaults is theirs (one inside a
                // tracked formatting change, after it, is the former one).
                b"lang" if !lang_read && (defaults || current.is_some()) => {
                    lang_read = true;
                    let tags = lang::Tags::of(&e);
                    if defaults {
                        out.langs.defaults = tags;
                    } else if let Some((id, _, _)) = &current {
                        out.langs.styles.insert(id.clone(), tags);
                    }
                }
                b"vertAlign" if !vert_read && !defaults => {
                    vert_read = true;
                    if let Some((id, _, _)) = &current {
                        out.verts
                            .insert(id.clone(), props::vert_align(attr(&e, b"val").as_deref()));
                    }
                }
                b"name" => {
                    if let Some(c) = current.as_mut() {
                        c.1 = attr(&e, b"val").unwrap_or_default().to_lowercase();
                    }
                }
                b"basedOn" => {
                    if let Some(c) = current.as_mut() {
                        c.2 = attr(&e, b"val");
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"style" => {
                if let Some((id, name, based)) = current.take() {
                    out.styles.insert(id, (name, based));
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"docDefaults" => defaults = false,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// `numbering.xml`: which list levels are bullets, and which abstract list each list uses.
fn read_numbering(r: impl BufRead, part: &str, out: &mut Styles) -> Result<(), String> {
    let mut x = NsReader::from_reader(r);
    let mut buf = Vec::new();
    let (mut abs, mut lvl, mut num): (Option<u32>, u8, Option<u32>) = (None, 0, None);
    let parse = |v: Option<String>| v.and_then(|v| v.trim().parse::<u32>().ok());
    loop {
        let ev = x
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(part, x.error_position(), &e))?;
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"abstractNum" => abs = parse(attr(&e, b"abstractNumId")),
                b"lvl" => {
                    lvl = parse(attr(&e, b"ilvl"))
                        .and_then(|l| u8::try_from(l).ok())
                        .unwrap_or(0)
                        .min(8)
                }
                b"numFmt" => {
                    if let (Some(a), None) = (abs, num) {
                        let bullet = attr(&e, b"val").as_deref() == Some("bullet");
                        out.bullets.entry((a, lvl)).or_insert(bullet);
                    }
                }
                b"num" => num = parse(attr(&e, b"numId")),
                b"abstractNumId" => {
                    if let (Some(n), Some(a)) = (num, parse(attr(&e, b"val"))) {
                        out.nums.insert(n, a);
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"abstractNum" => abs = None,
                b"num" => num = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_lang;
#[cfg(test)]
mod tests_pictures;
