//! Regeneration over hand edits (DESIGN.md §10): when the latest version of an event's kind
//! carries a reviewer's edits (imported, or merged with edits kept), a new render is merged
//! with them instead of replacing them. base = the generated text the edits were made on,
//! edits = the latest version's text, inputs = the new render; `diff::merge` does the merge,
//! this module finds the three texts, builds the merged document (conflicts and lectern's own
//! comments anchored on it), and applies governance to the merged text as to an import.
//! Returns data; never prints.

use crate::diff::merge;
use crate::document::{self, Block, Comment, Document, Inline};
use crate::error::{Error, Result};
use crate::library::{Kind, Lang};
use crate::versions::{DiscardedEdits, Manifest, MergeConflict, MergeRecord, Store, Version};
use crate::workspace::Workspace;

/// The author of the comments lectern writes.
const AUTHOR: &str = "lectern";

/// What a draft is made of, given the latest version.
#[derive(Debug, Clone)]
pub enum Over {
    /// No hand edits to keep: the draft is the render.
    Render,
    /// `--discard-edits`: the render, recorded as leaving these edits out.
    Discarded(DiscardedEdits),
    /// The render merged with the edits.
    Merged(Box<Merged>),
}

/// A render merged with a reviewer's edits.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merged document, with the conflicts and lectern's own comments anchored.
    pub doc: Document,
    /// Its text of record.
    pub markdown: String,
    /// For the manifest; `generated` is set when the version number is known.
    pub record: MergeRecord,
    /// Warnings on the merged text (banned phrases).
    pub warnings: Vec<String>,
    /// Tracked changes the edited version left pending: its text reads them accepted, so the
    /// merged version records them too, and `clear` waits until they are settled.
    pub pending: Vec<crate::versions::PendingChange>,
    /// The reviewers' comments carried into the merged document, for its manifest.
    pub comments: Vec<crate::versions::ReviewComment>,
}

/// Who edited the version `m` describes, if it carries hand edits: an imported review, or a
/// merge that kept edits, conflicts, reviewers' comments or pending tracked changes (a review
/// that only commented keeps its comments through every later draft). The text as delivered
/// is a record of the event, not edits to carry into the next draft.
pub fn edited_by(m: &Manifest) -> Option<&str> {
    if let Some(o) = &m.origin {
        return (o.kind == "import").then_some(o.by.as_str());
    }
    m.merge
        .as_ref()
        .filter(|r| {
            r.edits_kept > 0
                || !r.conflicts.is_empty()
                || !m.comments.is_empty()
                || !m.pending_changes.is_empty()
        })
        .map(|r| r.edited_by.as_str())
}

/// One line on the edits a draft kept or discarded: "kept 7 edits from v002, edited by Ann
/// Lee; 1 conflict marked", "discarded the edits in v002, edited by Ann Lee".
pub fn describe(m: &Manifest) -> Option<String> {
    if let Some(d) = &m.discarded_edits {
        return Some(format!(
            "discarded the edits in v{:03}, edited by {}",
            d.version, d.edited_by
        ));
    }
    let r = m.merge.as_ref()?;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "kept {} from v{:03}, edited by {}",
        plural(r.edits_kept, "edit", "edits"),
        r.edits,
        r.edited_by
    );
    if !r.conflicts.is_empty() {
        line.push_str(&format!(
            "; {} marked",
            plural(r.conflicts.len(), "conflict", "conflicts")
        ));
    }
    Some(line)
}

/// The name of the generated text kept beside merged version `n`.
pub fn generated_name(n: u32) -> String {
    crate::versions::file_name(n, "generated.md")
}

/// The generated text version `n` was made from, and the version it is stored with: a merged
/// version's own `vNNN.generated.md`; an imported version's base's; a drafted version's
/// `.md` (versions drafted before merges existed included).
pub fn generated_text(store: &Store, n: u32) -> Result<(u32, String)> {
    let mut n = n;
    // Each step goes to an earlier version, so this ends; the bound only guards the loop.
    for _ in 0..=crate::versions::MAX_VERSION {
        let v = store.version(n);
        let m = v.read_manifest()?;
        if m.merge.is_some() {
            let path = store.dir().join(generated_name(n));
            let text = crate::capped::read_text(&path, &path, crate::capped::STORED_MARKDOWN)
                .map_err(|e| {
                    e.hint("the generated text of a merged version is the base of the next merge; draft with --discard-edits to regenerate from the inputs alone")
                })?;
            return Ok((n, text));
        }
        match &m.origin {
            Some(o) if o.based_on < n => n = o.based_on,
            Some(o) => {
                return Err(Error::input(format!(
                    "{} is based on v{:03}, which is not an earlier version",
                    v.manifest.display(),
                    o.based_on
                ))
                .at(crate::error::Origin::file(&v.manifest))
                .hint("draft with --discard-edits to regenerate from the inputs alone"));
            }
            None => {
                return Ok((
                    n,
                    crate::capped::read_text(
                        &v.markdown,
                        &v.markdown,
                        crate::capped::STORED_MARKDOWN,
                    )?,
                ))
            }
        }
    }
    Err(Error::input(format!(
        "{}: versions are based on one another in a loop",
        store.dir().display()
    )))
}

/// What to draft over `latest` (the newest version and its manifest): the render alone, the
/// render with the edits discarded, or the render merged with the edits. `render` and
/// `markdown` are the new render and its text; `discard` is `--discard-edits`.
#[allow(clippy::too_many_arguments)] // the draft's pieces, each needed once
pub fn over(
    ws: &Workspace,
    store: &Store,
    latest: Option<&(Version, Option<Manifest>)>,
    render: &Document,
    markdown: &str,
    event: &str,
    kind: Kind,
    lang: Lang,
    discard: bool,
) -> Result<Over> {
    let Some((edits, Some(m))) = latest else {
        return Ok(Over::Render);
    };
    let Some(by) = edited_by(m) else {
        return Ok(Over::Render);
    };
    if discard {
        return Ok(Over::Discarded(DiscardedEdits {
            version: edits.number,
            edited_by: by.to_string(),
        }));
    }
    let (base_n, base) = generated_text(store, edits.number)?;
    let edited = crate::capped::read_text(
        &edits.markdown,
        &edits.markdown,
        crate::capped::STORED_MARKDOWN,
    )?;
    let edited = with_base_notes(&base, &edited);
    let m = merge::merge_text(&base, &edited, markdown);
    let merged_md = merge::join(&m.units);
    let mut doc = document::parse::parse(&merged_md, Vec::new());
    keep_comments(&mut doc, render);
    for c in &m.conflicts {
        let text = crate::render::l10n::merge_conflict_comment(
            lang,
            &plain(&c.inputs),
            c.edits.is_empty(),
        );
        let unit = c.at.and_then(|k| m.units.get(k)).map(String::as_str);
        mark_conflict(&mut doc, unit, &c.edits, text);
    }
    let mut warnings = Vec::new();
    let comments = keep_review_comments(&mut doc, edits, &mut warnings);
    if !m_pending(latest).is_empty() {
        // The file that holds them: the imported version the merges go back to.
        let mut source = (edits.number, latest.and_then(|(_, m)| m.clone()));
        for _ in 0..1000 {
            let Some(r) = source
                .1
                .as_ref()
                .filter(|m| m.origin.is_none())
                .and_then(|m| m.merge.as_ref())
            else {
                break;
            };
            let n = r.edits;
            source = (n, store.version(n).read_manifest().ok());
        }
        warnings.push(format!(
            "v{:03} has {}, merged as if accepted; `clear` waits until they are accepted or rejected in v{:03}.docx and the file is imported again",
            edits.number,
            match m_pending(latest).len() {
                1 => "1 pending tracked change".to_string(),
                n => format!("{n} pending tracked changes"),
            },
            source.0
        ));
    }

    // Governance on the merged text, as on an import.
    let text = all_text(&doc);
    if kind.is_public() {
        if let Some((id, passage)) = crate::import::restricted_leak(ws, &text) {
            return Err(Error::refused(format!(
                "cannot draft {event}/{kind}, a public document, over the edits in v{:03}: the merged text contains restricted fact `{id}`",
                edits.number
            ))
            .at(crate::error::Origin::file(&edits.markdown))
            .hint(format!(
                "remove the passage \"{passage}\" from the edited version and import it again, or draft with --discard-edits"
            )));
        }
    }
    warnings.extend(
        ws.settings
            .banned_phrases
            .iter()
            .map(|p| p.trim())
            .filter(|p| {
                let phrase = crate::check::Phrase::new(p);
                !phrase.is_empty() && phrase.find(&text).is_some()
            })
            .map(|p| {
                format!(
                    "the text merged with v{:03} uses the banned phrase \"{p}\"",
                    edits.number
                )
            }),
    );

    Ok(Over::Merged(Box::new(Merged {
        doc,
        markdown: merged_md,
        record: MergeRecord {
            base: base_n,
            edits: edits.number,
            edited_by: by.to_string(),
            edits_kept: m.edits_kept,
            generated: String::new(),
            conflicts: m
                .conflicts
                .iter()
                .map(|c| MergeConflict {
                    base: c.base.clone(),
                    edits: c.edits.clone(),
                    inputs: c.inputs.clone(),
                })
                .collect(),
        },
        warnings,
        pending: m_pending(latest).to_vec(),
        comments,
    })))
}

/// The tracked changes the latest version's manifest lists as pending.
fn m_pending(latest: Option<&(Version, Option<Manifest>)>) -> &[crate::versions::PendingChange] {
    match latest {
        Some((_, Some(m))) => &m.pending_changes,
        _ => &[],
    }
}

/// The reviewers' comments in the edited version's DOCX, anchored again on the same words in
/// the merged document (on its first paragraph, with a warning, when the words are gone).
/// lectern's own comments are not carried: the merge writes them again where they apply.
/// Returns the comments carried.
fn keep_review_comments(
    doc: &mut Document,
    edits: &Version,
    warnings: &mut Vec<String>,
) -> Vec<crate::versions::ReviewComment> {
    let mut carried = Vec::new();
    let Ok(Some(bytes)) =
        crate::capped::read_bytes_opt(&edits.docx, &edits.docx, crate::import::IMPORT_FILE)
    else {
        return carried;
    };
    let Ok(review) = crate::docx::read_review(&bytes) else {
        return carried;
    };
    for c in review.comments {
        let known = doc
            .comments
            .iter()
            .any(|d| d.author == c.author && d.text == c.text);
        if c.author == AUTHOR || known || c.text.trim().is_empty() {
            continue;
        }
        let words = c.anchor.lines().map(str::trim).find(|l| !l.is_empty());
        let found = words.and_then(|w| {
            doc.blocks
                .iter()
                .position(|b| b.plain_text().contains(w))
                .map(|k| (k, w))
        });
        let comment = Comment {
            author: c.author.clone(),
            text: c.text.clone(),
        };
        carried.push(crate::versions::ReviewComment {
            author: c.author.clone(),
            date: c.date.clone(),
            text: c.text.clone(),
            anchor: c.anchor.clone(),
        });
        match found {
            Some((k, w)) => add_comment(doc, k, Some(w), comment),
            None => {
                let Some(k) = doc.blocks.iter().position(|b| !b.inlines.is_empty()) else {
                    carried.pop();
                    continue;
                };
                warnings.push(format!(
                    "the comment by {} in v{:03} (\"{}\") was on words the merge no longer has; it is on the first paragraph",
                    c.author,
                    edits.number,
                    c.text.trim()
                ));
                add_comment(doc, k, None, comment);
            }
        }
    }
    carried
}

/// The edited text with its footnotes under the generated text's labels: an imported file's
/// notes are numbered (`[^1]`) where lectern writes `[^src-fact-…]`, and a note whose text is
/// the same as one of the base's takes that note's label and form (its link), so only what
/// the reviewer changed differs.
fn with_base_notes(base: &str, edited: &str) -> String {
    let base_doc = document::parse::parse(base, Vec::new());
    let mut doc = document::parse::parse(edited, Vec::new());
    let mut changed = false;
    for note in &mut doc.footnotes {
        let text = document::plain_text(&note.inlines);
        if let Some(b) = base_doc
            .footnotes
            .iter()
            .find(|b| document::plain_text(&b.inlines) == text)
        {
            if b.label != note.label || b.inlines != note.inlines {
                note.label = b.label.clone();
                note.inlines = b.inlines.clone();
                changed = true;
            }
        }
    }
    if changed {
        document::markdown::to_markdown(&doc)
    } else {
        edited.to_string()
    }
}

/// Markdown as the words a reader sees (a fragment's marks and escapes removed).
fn plain(md: &str) -> String {
    let doc = document::parse::parse(md, Vec::new());
    let text: Vec<String> = doc.blocks.iter().map(Block::plain_text).collect();
    let text = text.join(" ");
    if text.trim().is_empty() {
        md.trim().to_string()
    } else {
        text
    }
}

/// Everything a reader of the document sees: body and footnotes.
fn all_text(doc: &Document) -> String {
    let mut s = String::new();
    for b in &doc.blocks {
        s.push_str(&b.plain_text());
        s.push('\n');
    }
    for f in &doc.footnotes {
        s.push_str(&document::plain_text(&f.inlines));
        s.push('\n');
    }
    s
}

/// lectern's own comments on the render (NOT CLEARED, stale facts), anchored again on the
/// same words in the merged document where they are still there.
fn keep_comments(doc: &mut Document, render: &Document) {
    for (n, c) in render.comments.iter().enumerate() {
        let Some(words) = commented_text(render, n) else {
            continue;
        };
        if words.trim().is_empty() {
            continue;
        }
        if let Some(k) = doc
            .blocks
            .iter()
            .position(|b| b.plain_text().contains(&words))
        {
            add_comment(doc, k, Some(&words), c.clone());
        }
    }
}

/// The text comment `n` is anchored to in `doc` (within the block it starts in).
fn commented_text(doc: &Document, n: usize) -> Option<String> {
    for b in &doc.blocks {
        let Some(start) = b.inlines.iter().position(|i| *i == Inline::CommentStart(n)) else {
            continue;
        };
        let end = b.inlines[start..]
            .iter()
            .position(|i| *i == Inline::CommentEnd(n))
            .map_or(b.inlines.len(), |e| start + e);
        return Some(document::plain_text(&b.inlines[start..end]));
    }
    None
}

/// Anchor a conflict's comment on the reviewer's wording `edits` inside the block of merged
/// paragraph `unit` (the whole block where the wording cannot be found; the first block
/// when the paragraph is not known).
fn mark_conflict(doc: &mut Document, unit: Option<&str>, edits: &str, text: String) {
    let comment = Comment {
        author: AUTHOR.into(),
        text,
    };
    let target = unit.map(plain).filter(|t| !t.trim().is_empty());
    let k = target
        .as_deref()
        .and_then(|t| {
            doc.blocks
                .iter()
                .position(|b| b.plain_text() == t)
                .or_else(|| {
                    let head: String = t.chars().take(40).collect();
                    doc.blocks
                        .iter()
                        .position(|b| b.plain_text().contains(&head))
                })
        })
        .or_else(|| doc.blocks.iter().position(|b| !b.inlines.is_empty()));
    let Some(k) = k else { return };
    let words = plain(edits);
    let words =
        (!words.trim().is_empty() && doc.blocks[k].plain_text().contains(&words)).then_some(words);
    add_comment(doc, k, words.as_deref(), comment);
}

/// Add `comment` to the document on `words` in block `k` (their first occurrence), or on the
/// whole block.
fn add_comment(doc: &mut Document, k: usize, words: Option<&str>, comment: Comment) {
    let n = doc.comments.len();
    doc.comments.push(comment);
    let block = &mut doc.blocks[k];
    let text = block.plain_text();
    let (from, to) = match words.and_then(|w| text.find(w).map(|s| (s, s + w.len()))) {
        Some(range) => range,
        None => (0, text.len()),
    };
    block.inlines = anchored(std::mem::take(&mut block.inlines), from, to, n);
}

/// `inlines` with `CommentStart(n)` at plain-text byte offset `from` and `CommentEnd(n)` at
/// `to`, text runs split where needed.
fn anchored(inlines: Vec<Inline>, from: usize, to: usize, n: usize) -> Vec<Inline> {
    let width = |i: &Inline| match i {
        Inline::Text { text, .. } => text.len(),
        Inline::LineBreak | Inline::Tab => 1,
        _ => 0,
    };
    let mut split = Vec::with_capacity(inlines.len() + 2);
    let mut at = 0;
    for i in inlines {
        let end = at + width(&i);
        match i {
            Inline::Text { text, style, link } => {
                let mut prev = 0;
                for cut in [from, to]
                    .into_iter()
                    .filter(|&c| c > at && c < end && text.is_char_boundary(c - at))
                    .map(|c| c - at)
                    .chain([text.len()])
                {
                    if cut > prev {
                        split.push(Inline::Text {
                            text: text[prev..cut].to_string(),
                            style,
                            link: link.clone(),
                        });
                        prev = cut;
                    }
                }
            }
            other => split.push(other),
        }
        at = end;
    }
    let mut out = Vec::with_capacity(split.len() + 2);
    let (mut at, mut started, mut ended) = (0, false, false);
    for i in split {
        let w = width(&i);
        if !started && at >= from && w > 0 {
            out.push(Inline::CommentStart(n));
            started = true;
        }
        if started && !ended && at >= to && w > 0 {
            out.push(Inline::CommentEnd(n));
            ended = true;
        }
        out.push(i);
        at += w;
    }
    if !started {
        out.push(Inline::CommentStart(n));
    }
    if !ended {
        out.push(Inline::CommentEnd(n));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(md: &str) -> Document {
        document::parse::parse(md, Vec::new())
    }

    #[test]
    fn a_comment_goes_on_the_words_across_runs() {
        let mut d = doc("Of some **30,000** addresses, 22,500 were taken down.\n");
        add_comment(
            &mut d,
            0,
            Some("22,500 were"),
            Comment {
                author: AUTHOR.into(),
                text: "x".into(),
            },
        );
        let b = &d.blocks[0];
        let start = b
            .inlines
            .iter()
            .position(|i| *i == Inline::CommentStart(0))
            .unwrap();
        let end = b
            .inlines
            .iter()
            .position(|i| *i == Inline::CommentEnd(0))
            .unwrap();
        assert_eq!(document::plain_text(&b.inlines[start..end]), "22,500 were");
        assert_eq!(
            b.plain_text(),
            "Of some 30,000 addresses, 22,500 were taken down."
        );
        // From the very start of a run, and the whole block.
        let mut d = doc("One **two** three\n");
        add_comment(
            &mut d,
            0,
            Some("two"),
            Comment {
                author: "a".into(),
                text: "t".into(),
            },
        );
        add_comment(
            &mut d,
            0,
            None,
            Comment {
                author: "a".into(),
                text: "u".into(),
            },
        );
        let b = &d.blocks[0];
        assert_eq!(b.inlines.first(), Some(&Inline::CommentStart(1)));
        assert_eq!(b.inlines.last(), Some(&Inline::CommentEnd(1)));
        let s = b
            .inlines
            .iter()
            .position(|i| *i == Inline::CommentStart(0))
            .unwrap();
        let e = b
            .inlines
            .iter()
            .position(|i| *i == Inline::CommentEnd(0))
            .unwrap();
        assert_eq!(document::plain_text(&b.inlines[s..e]), "two");
    }

    #[test]
    fn numbered_notes_take_the_generated_labels() {
        let base =
            "Said.[^src-a]\n\n[^src-a]: INTERPOL, *Release*, [https://x.int](<https://x.int>)\n";
        let edited = "Said again.[^1]\n\n[^1]: INTERPOL, *Release*, https://x.int\n";
        assert_eq!(
            with_base_notes(base, edited),
            "Said again.[^src-a]\n\n[^src-a]: INTERPOL, *Release*, [https://x.int](<https://x.int>)\n"
        );
    }
}
