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
        crate::import::banned_phrases_in(ws, &text)
            .into_iter()
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
/// notes are numbered (`[^1]`, and a note cited twice may come back as two, `[^3]` and
/// `[^7]`) where lectern writes one `[^src-fact-…]` per source. A note takes a base note's
/// label and form (its link) when its text is the same; a note the reviewer edited takes the
/// label of the base note with the most similar text, preferring the notes the corresponding
/// base paragraphs cite. Notes that end up under one label with the same text become one
/// definition, their references renumbered. So only what the reviewer changed differs.
fn with_base_notes(base: &str, edited: &str) -> String {
    let base_doc = document::parse::parse(base, Vec::new());
    let mut doc = document::parse::parse(edited, Vec::new());
    if doc.footnotes.is_empty() || base_doc.footnotes.is_empty() {
        return edited.to_string();
    }
    let before = doc.clone();
    let base_text: Vec<String> = base_doc
        .footnotes
        .iter()
        .map(|f| document::plain_text(&f.inlines))
        .collect();
    let texts: Vec<String> = doc
        .footnotes
        .iter()
        .map(|f| document::plain_text(&f.inlines))
        .collect();
    let cited = cited_at_same_place(&base_doc, &doc);

    // Which base note each edited note stands for. A base label goes to one wording only:
    // identical texts first, then the edited notes by how close they are.
    let mut target: Vec<Option<usize>> = vec![None; doc.footnotes.len()];
    let mut wording: Vec<Option<String>> = vec![None; base_doc.footnotes.len()];
    for (i, t) in texts.iter().enumerate() {
        if let Some(j) = base_text.iter().position(|b| b == t) {
            target[i] = Some(j);
            wording[j] = Some(t.clone());
        }
    }
    let mut guesses: Vec<(f64, bool, usize, usize)> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        if target[i].is_some() {
            continue;
        }
        for (j, b) in base_text.iter().enumerate() {
            let at_place = cited[i].contains(&j);
            let s = words_alike(t, b);
            if at_place || s >= 0.5 {
                guesses.push((s, at_place, i, j));
            }
        }
    }
    // Best first: cited at the same place, then the most similar text.
    guesses.sort_by(|a, b| {
        (b.1, b.0)
            .partial_cmp(&(a.1, a.0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    // A note goes to its best guess only: when another wording already has that label, the
    // note keeps its own rather than take a source it is less like.
    let mut decided = vec![false; doc.footnotes.len()];
    for (_, _, i, j) in guesses {
        if target[i].is_some() || decided[i] {
            continue;
        }
        decided[i] = true;
        let free = match &wording[j] {
            Some(w) => *w == texts[i],
            None => true,
        };
        if free {
            target[i] = Some(j);
            wording[j] = Some(texts[i].clone());
        }
    }

    // The notes again, one definition per label and wording; references renumbered.
    let mut notes: Vec<document::Footnote> = Vec::new();
    let mut renumber = vec![0; doc.footnotes.len()];
    for (i, note) in doc.footnotes.iter().enumerate() {
        let note = match target[i] {
            Some(j) if base_text[j] == texts[i] => base_doc.footnotes[j].clone(),
            Some(j) => document::Footnote {
                label: base_doc.footnotes[j].label.clone(),
                inlines: with_links(note.inlines.clone(), &base_doc.footnotes[j].inlines),
            },
            None => note.clone(),
        };
        renumber[i] = match notes.iter().position(|n| n.label == note.label) {
            Some(k) => k,
            None => {
                notes.push(note);
                notes.len() - 1
            }
        };
    }
    doc.footnotes = notes;
    for block in &mut doc.blocks {
        for inline in &mut block.inlines {
            if let Inline::FootnoteRef(i) = inline {
                if let Some(&k) = renumber.get(*i) {
                    *i = k;
                }
            }
        }
    }
    if doc == before {
        edited.to_string()
    } else {
        document::markdown::to_markdown(&doc)
    }
}

/// `inlines` with the links `base` has put back on the same words: Word gives a note's
/// address back as plain text where lectern writes it as a link.
fn with_links(inlines: Vec<Inline>, base: &[Inline]) -> Vec<Inline> {
    let links: Vec<(&str, &str)> = base
        .iter()
        .filter_map(|i| match i {
            Inline::Text {
                text,
                link: Some(l),
                ..
            } if !text.is_empty() => Some((text.as_str(), l.as_str())),
            _ => None,
        })
        .collect();
    let mut out = inlines;
    for (words, target) in links {
        let mut next = Vec::with_capacity(out.len() + 2);
        let mut done = false;
        for i in out {
            match i {
                Inline::Text {
                    text,
                    style,
                    link: None,
                } if !done && text.contains(words) => {
                    let at = text.find(words).unwrap_or(0);
                    let (before, rest) = text.split_at(at);
                    let after = &rest[words.len()..];
                    for (t, l) in [(before, None), (words, Some(target)), (after, None)] {
                        if !t.is_empty() {
                            next.push(Inline::Text {
                                text: t.to_string(),
                                style,
                                link: l.map(str::to_string),
                            });
                        }
                    }
                    done = true;
                }
                other => next.push(other),
            }
        }
        out = next;
    }
    out
}

/// For each of `doc`'s notes, the base notes cited at the same place: the same position among
/// the note references of a paragraph whose words are the base paragraph's.
fn cited_at_same_place(base: &Document, doc: &Document) -> Vec<Vec<usize>> {
    let refs = |b: &Block| -> Vec<usize> {
        b.inlines
            .iter()
            .filter_map(|i| match i {
                Inline::FootnoteRef(n) => Some(*n),
                _ => None,
            })
            .collect()
    };
    let mut by_text: std::collections::HashMap<String, Vec<Vec<usize>>> =
        std::collections::HashMap::new();
    for b in &base.blocks {
        let r = refs(b);
        if !r.is_empty() {
            by_text.entry(b.plain_text()).or_default().push(r);
        }
    }
    let mut cited = vec![Vec::new(); doc.footnotes.len()];
    for b in &doc.blocks {
        let r = refs(b);
        if r.is_empty() {
            continue;
        }
        for base_refs in by_text.get(&b.plain_text()).into_iter().flatten() {
            if base_refs.len() != r.len() {
                continue;
            }
            for (&i, &j) in r.iter().zip(base_refs) {
                if let Some(c) = cited.get_mut(i) {
                    if !c.contains(&j) {
                        c.push(j);
                    }
                }
            }
        }
    }
    cited
}

/// How alike two notes' words are: twice the words in common over all words (a multiset
/// Dice coefficient, case kept), 1.0 for the same words in any order.
fn words_alike(a: &str, b: &str) -> f64 {
    let mut counts: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    let (mut na, mut nb, mut common) = (0usize, 0usize, 0usize);
    for w in a.split_whitespace() {
        *counts.entry(w).or_default() += 1;
        na += 1;
    }
    for w in b.split_whitespace() {
        nb += 1;
        if let Some(c) = counts.get_mut(w) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    if na + nb == 0 {
        1.0
    } else {
        (2 * common) as f64 / (na + nb) as f64
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

    const BASE: &str = "Arrests were made.[^src-a] Servers were seized.[^src-b]\n\nAgain, arrests.[^src-a]\n\n[^src-a]: INTERPOL, *Record arrests*, 2 December 2024, [https://x.int/a](<https://x.int/a>)\n\n[^src-b]: Europol, *Botnets hit*, 30 May 2024, [https://eu.int/b](<https://eu.int/b>)\n";

    #[test]
    fn an_edited_note_takes_its_sources_label_and_link() {
        let edited = "Arrests were made.[^1] Servers were seized.[^2]\n\nAgain, arrests.[^1]\n\n[^1]: INTERPOL, *Record arrests*, 3 December 2024, https://x.int/a\n\n[^2]: Europol, *Botnets hit*, 30 May 2024, https://eu.int/b\n";
        assert_eq!(
            with_base_notes(BASE, edited),
            BASE.replace("2 December", "3 December")
        );
    }

    #[test]
    fn notes_of_one_source_with_one_wording_become_one_note() {
        // One note per reference, as some tools save a note cited twice.
        let edited = "Arrests were made.[^1] Servers were seized.[^2]\n\nAgain, arrests.[^3]\n\n[^1]: INTERPOL, *Record arrests*, 3 December 2024, https://x.int/a\n\n[^2]: Europol, *Botnets hit*, 30 May 2024, https://eu.int/b\n\n[^3]: INTERPOL, *Record arrests*, 3 December 2024, https://x.int/a\n";
        let out = with_base_notes(BASE, edited);
        assert_eq!(out, BASE.replace("2 December", "3 December"));
        // The model: both references point at the one note.
        let d = doc(&out);
        assert_eq!(d.footnotes.len(), 2);
        let refs: Vec<usize> = d
            .blocks
            .iter()
            .flat_map(|b| b.inlines.iter())
            .filter_map(|i| match i {
                Inline::FootnoteRef(n) => Some(*n),
                _ => None,
            })
            .collect();
        assert_eq!(refs, [0, 1, 0]);
        // Unedited copies too.
        let same = edited.replace("3 December", "2 December");
        assert_eq!(with_base_notes(BASE, &same), BASE);
    }

    #[test]
    fn a_note_reworded_at_one_place_keeps_a_label_of_its_own() {
        let edited = "Arrests were made.[^1] Servers were seized.[^2]\n\nAgain, arrests.[^3]\n\n[^1]: INTERPOL, *Record arrests*, 3 December 2024, https://x.int/a\n\n[^2]: Europol, *Botnets hit*, 30 May 2024, https://eu.int/b\n\n[^3]: INTERPOL, *Record arrests*, 2 December 2024, https://x.int/a\n";
        let out = with_base_notes(BASE, edited);
        assert!(
            out.contains("Arrests were made.[^1] Servers were seized.[^src-b]"),
            "{out}"
        );
        assert!(out.contains("Again, arrests.[^src-a]"), "{out}");
        assert!(
            out.contains("[^1]: INTERPOL, *Record arrests*, 3 December 2024"),
            "{out}"
        );
        assert!(
            out.contains(
                "[^src-a]: INTERPOL, *Record arrests*, 2 December 2024, [https://x.int/a]"
            ),
            "{out}"
        );
    }

    #[test]
    fn a_new_note_keeps_its_own_label() {
        let edited = "Arrests were made.[^1] Servers were seized.[^2] Also.[^3]\n\nAgain, arrests.[^1]\n\n[^1]: INTERPOL, *Record arrests*, 2 December 2024, https://x.int/a\n\n[^2]: Europol, *Botnets hit*, 30 May 2024, https://eu.int/b\n\n[^3]: A reviewer's own source on something else entirely\n";
        let out = with_base_notes(BASE, edited);
        assert!(
            out.contains("Also.[^3]") && out.contains("[^3]: A reviewer's own source"),
            "{out}"
        );
        assert!(out.contains("Servers were seized.[^src-b]"), "{out}");
    }

    #[test]
    fn an_edited_note_is_one_edit_kept() {
        // The note corrected, the inputs changed elsewhere: one edit, however often it is cited.
        let edited = "Arrests were made.[^1] Servers were seized.[^2]\n\nAgain, arrests.[^3]\n\n[^1]: INTERPOL, *Record arrests*, 3 December 2024, https://x.int/a\n\n[^2]: Europol, *Botnets hit*, 30 May 2024, https://eu.int/b\n\n[^3]: INTERPOL, *Record arrests*, 3 December 2024, https://x.int/a\n";
        let inputs = BASE.replace("Again, arrests.", "Again, many arrests.");
        let m = merge::merge_text(BASE, &with_base_notes(BASE, edited), &inputs);
        assert_eq!(m.edits_kept, 1);
        assert!(m.conflicts.is_empty());
        assert_eq!(
            merge::join(&m.units),
            inputs.replace("2 December", "3 December")
        );
    }

    #[test]
    fn a_note_whose_source_has_another_wording_takes_no_other_source() {
        // Two notes alike enough to be taken for one another; the first cited twice, its
        // copy reworded at one place, the second no longer cited. The reworded copy keeps its
        // own label rather than take the second source's.
        let base = "One.[^src-a] Two.[^src-b]\n\nThree.[^src-a]\n\n[^src-a]: INTERPOL, *Operation report*, 2 December 2024\n\n[^src-b]: INTERPOL, *Operation report*, 5 November 2024\n";
        let edited = "One.[^1] Two.\n\nThree.[^3]\n\n[^1]: INTERPOL, *Operation report*, 2 December 2024\n\n[^3]: INTERPOL, *Operation report*, 3 December 2024\n";
        let out = with_base_notes(base, edited);
        assert_eq!(
            out,
            "One.[^src-a] Two.\n\nThree.[^3]\n\n[^src-a]: INTERPOL, *Operation report*, 2 December 2024\n\n[^3]: INTERPOL, *Operation report*, 3 December 2024\n"
        );
    }
}
