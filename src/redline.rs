//! What a redline is made from (DESIGN.md §10, `diff --redline`): the two sides of a
//! comparison as documents, and how the newer one looks. A stored version is rebuilt the way
//! `draft` builds it: its Markdown text of record through the document model, its header and
//! footer markings from its manifest (and the event's embargo), the house style of its
//! language, its pictures; the comments of its DOCX put back where they were. Any other file
//! is read into the model (`docx::read` for a DOCX: styles, bold and italic, lists, tables,
//! footnotes, comments; its header and footer lines become the redline's). `docx::redline`
//! then writes the newer document with the changes tracked inside it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::diff::source::Format;
use crate::document::{self, Block, Document, Inline};
use crate::docx::{self, DocMeta, Marks};
use crate::error::Result;
use crate::library::{Clearance, Event, Kind, Lang};
use crate::picture::Pictures;
use crate::render::l10n;
use crate::settings::Settings;
use crate::versions::{Manifest, Version};

/// One side of a comparison.
#[derive(Debug, Clone)]
pub enum Source {
    /// A `.docx`, `.md` or `.txt` file.
    File(PathBuf),
    /// A stored version of an event's draft, with its manifest when it reads.
    Version {
        version: Version,
        manifest: Option<Box<Manifest>>,
    },
}

/// What the redline needs besides its two sides.
pub struct Options<'a> {
    /// The workspace root (house style and pictures are found from it).
    pub root: &'a Path,
    /// The workspace's settings, when there is a workspace.
    pub settings: Option<&'a Settings>,
    /// The event of a stored version (its title and embargo), when it loads.
    pub event: Option<&'a Event>,
    /// Who made the changes, and when.
    pub author: &'a str,
    pub now: DateTime<Utc>,
}

/// A side loaded: its document, and for a DOCX its header and footer paragraphs.
#[derive(Debug, Clone)]
pub struct Side {
    doc: Document,
    furniture: Vec<Block>,
    /// The stored Markdown a version was read from (to locate pictures), and its path.
    markdown: Option<(PathBuf, String)>,
    source: Source,
    /// A DOCX's tracked changes still pending, and who saved it last.
    pending: usize,
    saved: docx::CoreProperties,
    /// A DOCX's own language, as the reader found it (its passages are relative to it).
    lang: Option<Lang>,
    /// A DOCX's own pictures, as the reader found them.
    pictures: Pictures,
    /// What a DOCX lectern drafted says it is (its document properties).
    recorded: Option<Recorded>,
}

/// What a draft's DOCX says it is: lectern writes the event, kind, version and clearance into
/// its custom document properties, its language and date into the core ones, and Word and
/// LibreOffice keep them when a reviewer saves the file.
#[derive(Debug, Clone)]
struct Recorded {
    event: String,
    kind: Kind,
    version: u32,
    clearance: Clearance,
    lang: Option<Lang>,
    created: Option<DateTime<Utc>>,
}

impl Recorded {
    /// `None` unless the file names its event, kind and version as lectern writes them.
    fn of(bytes: &[u8], core: &docx::CoreProperties) -> Option<Recorded> {
        let props = docx::custom_properties(bytes);
        let get = |name: &str| {
            props
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let event = crate::library::Id::parse(get("event")?).ok()?;
        let lang = core
            .language
            .as_deref()
            .and_then(|t| t.split(['-', '_']).next())
            .and_then(|c| Lang::parse(&c.to_ascii_lowercase()));
        Some(Recorded {
            event: event.to_string(),
            kind: Kind::parse(get("kind")?)?,
            version: get("version")?.parse().ok()?,
            clearance: match get("clearance") {
                Some("restricted") => Clearance::Restricted,
                _ => Clearance::Public,
            },
            lang,
            created: core
                .created
                .as_deref()
                .and_then(|c| DateTime::parse_from_rfc3339(c).ok())
                .map(|d| d.with_timezone(&Utc)),
        })
    }
}

impl Side {
    /// Read `source` into the document model (once: `paragraphs` gives what the diff
    /// compares).
    pub fn load(source: Source) -> Result<Side> {
        load(source)
    }

    /// The paragraphs and title the diff compares (`diff::paragraphs` of the document).
    pub fn paragraphs(&self) -> crate::diff::source::Paragraphs {
        let mut p = crate::diff::source::document_paragraphs(self.doc.clone());
        p.pending = self.pending;
        p.saved = self.saved.clone();
        p
    }
}

/// The redline DOCX of `old` → `new`.
pub fn write(old: &Side, new: Side, opts: &Options<'_>) -> Result<Vec<u8>> {
    let old_side = old;
    let mut new_side = new;
    let (meta, house) = match new_side.source.clone() {
        Source::Version { version, manifest } => {
            let lang = manifest.as_ref().map_or(Lang::En, |m| m.language);
            put_back_comments(&version, &mut new_side.doc);
            (
                version_meta(&version, manifest.as_deref(), &new_side.doc, opts),
                house(opts, lang)?,
            )
        }
        // A file edited from a stored version (an edited copy of its Markdown) keeps that
        // version's kind, event, language and markings.
        Source::File(path) => match &old_side.source {
            Source::Version { version, manifest } => {
                let lang = manifest.as_ref().map_or(Lang::En, |m| m.language);
                relative_to(&mut new_side, lang);
                (
                    version_meta(version, manifest.as_deref(), &new_side.doc, opts),
                    house(opts, lang)?,
                )
            }
            Source::File(_) => {
                let lang = file_lang(&new_side);
                (file_meta(&path, &new_side, lang, opts), house(opts, lang)?)
            }
        },
    };
    // The older side's markings, for the changes of the header and footer lines.
    let was = match &old_side.source {
        Source::Version { version, manifest } => {
            version_meta(version, manifest.as_deref(), &old_side.doc, opts)
        }
        Source::File(path) => file_meta(path, old_side, file_lang(old_side), opts),
    };
    let pictures = pictures(opts.root, &mut new_side);
    docx::redline(
        &old_side.doc,
        &new_side.doc,
        &meta,
        &pictures,
        house.as_deref(),
        &docx::Reviser {
            author: opts.author.to_string(),
            date: opts.now,
        },
        Some(&was),
    )
}

fn load(source: Source) -> Result<Side> {
    match &source {
        Source::File(path) if Format::of(path) == Some(Format::Docx) => {
            let mut bytes = Vec::new();
            crate::capped::read_into(path, path, crate::capped::DIFF_INPUT, &mut bytes)?;
            let review = docx::read_review(&bytes).map_err(|e| {
                crate::error::Error::input(format!("cannot read {} as DOCX: {e}", path.display()))
                    .hint(
                        "is it a Word document? A .doc (Word 97) file must be saved as .docx first",
                    )
            })?;
            let saved = docx::core_properties(&bytes);
            Ok(Side {
                doc: review.doc,
                furniture: review.furniture,
                markdown: None,
                pending: review.pending.len(),
                recorded: Recorded::of(&bytes, &saved),
                saved,
                lang: review.lang,
                pictures: review.pictures,
                source,
            })
        }
        Source::File(path) => Ok(Side {
            doc: crate::diff::source::load(path)?,
            furniture: Vec::new(),
            markdown: None,
            pending: 0,
            saved: docx::CoreProperties::default(),
            recorded: None,
            lang: None,
            pictures: Pictures::new(),
            source,
        }),
        Source::Version { version, .. } => {
            let md = crate::capped::read_text(
                &version.markdown,
                &version.markdown,
                crate::capped::STORED_MARKDOWN,
            )?;
            let doc = document::parse::parse(&md, Vec::new());
            let markdown = Some((version.markdown.clone(), md));
            Ok(Side {
                doc,
                furniture: Vec::new(),
                markdown,
                pending: 0,
                saved: docx::CoreProperties::default(),
                recorded: None,
                lang: None,
                pictures: Pictures::new(),
                source,
            })
        }
    }
}

/// The house style of `lang`, when the workspace has one.
fn house(opts: &Options<'_>, lang: Lang) -> Result<Option<std::sync::Arc<docx::house::House>>> {
    let Some(path) = opts
        .settings
        .and_then(|s| s.house_style.as_ref())
        .and_then(|h| h.for_lang(lang))
    else {
        return Ok(None);
    };
    crate::draft::house_style_at(opts.root, path).map(Some)
}

/// The pictures a version shows; one that no longer loads is left out of the redline
/// rather than failing it.
fn pictures(root: &Path, side: &mut Side) -> Pictures {
    let Some((path, md)) = &side.markdown else {
        // A file: the pictures it holds itself (a DOCX's, through the reader).
        return std::mem::take(&mut side.pictures);
    };
    if side.doc.images().next().is_none() {
        return Pictures::new();
    }
    match crate::assets::pictures_of_version(root, path, md, &side.doc) {
        Ok(p) => p,
        Err(_) => {
            let mut out = Pictures::new();
            for (src, _) in side.doc.images() {
                if let Ok(p) = crate::picture::load(root, src) {
                    out.insert(src.to_string(), p);
                }
            }
            for b in &mut side.doc.blocks {
                b.inlines
                    .retain(|i| !matches!(i, Inline::Image { src, .. } if !out.contains_key(src)));
            }
            out
        }
    }
}

/// The header, footer and properties of a stored version, as `draft` wrote them.
fn version_meta(v: &Version, m: Option<&Manifest>, doc: &Document, opts: &Options<'_>) -> DocMeta {
    let lang = m.map_or(Lang::En, |m| m.language);
    let kind = m.map_or(Kind::Blog, |m| m.kind);
    let event_id = m.map_or_else(String::new, |m| m.event.clone());
    let label = |k: &str| l10n::label(lang, k).unwrap_or(k).to_string();
    let drafted = Drafted {
        lang,
        kind,
        clearance: m.map_or(Clearance::Public, |m| m.clearance),
        version: v.number,
        // The version's own date, as its draft shows it.
        created: m
            .and_then(|m| DateTime::parse_from_rfc3339(&m.created_at).ok())
            .map(|d| d.with_timezone(&Utc)),
        // The embargo line the version's header showed; for a manifest that does not record
        // it, the event's.
        embargo: m.and_then(|m| m.embargo.clone()).or_else(|| {
            opts.event
                .and_then(|e| e.embargo_until.as_ref())
                .map(|e| l10n::embargo_line(lang, &e.0))
        }),
        not_cleared: m.is_some_and(|m| m.not_cleared).then(|| {
            format!(
                "{} — {}",
                label("not_cleared").to_uppercase(),
                label("not_cleared_detail")
            )
        }),
        title: doc
            .title()
            .or_else(|| opts.event.map(|e| e.title.clone()))
            .unwrap_or_else(|| event_id.clone()),
        event_id,
    };
    drafted.meta(opts)
}

/// What a draft's header, footer and properties are made from.
struct Drafted {
    lang: Lang,
    kind: Kind,
    clearance: Clearance,
    version: u32,
    created: Option<DateTime<Utc>>,
    /// The embargo line and the NOT CLEARED warning, when the draft has them.
    embargo: Option<String>,
    not_cleared: Option<String>,
    title: String,
    event_id: String,
}

impl Drafted {
    /// The header, footer and properties `draft` writes.
    fn meta(self, opts: &Options<'_>) -> DocMeta {
        let lang = self.lang;
        let label = |k: &str| l10n::label(lang, k).unwrap_or(k).to_string();
        let marking = match self.clearance {
            Clearance::Public => label("public"),
            Clearance::Restricted => label("restricted"),
        }
        .to_uppercase();
        let created = self.created.unwrap_or(opts.now);
        let marks = Marks {
            status: label("draft").to_uppercase(),
            version: format!("{} {}", label("version"), self.version),
            clearance: marking,
            embargo: self.embargo.clone(),
            date: l10n::format_date(lang, created.date_naive(), l10n::DateStyle::Long),
            kind: self.kind.to_string(),
        };
        let mut header = vec![format!(
            "{} · {} · {}",
            marks.status, marks.version, marks.clearance
        )];
        header.extend(self.embargo);
        let org = opts
            .settings
            .map(|s| s.organisation.trim().to_string())
            .unwrap_or_default();
        let (event_id, kind, n) = (&self.event_id, self.kind, self.version);
        DocMeta {
            title: self.title,
            author: opts.author.to_string(),
            company: org.clone(),
            created,
            lang,
            kind,
            event_id: event_id.clone(),
            version: n,
            clearance: self.clearance,
            header,
            not_cleared: self.not_cleared,
            footer: if org.is_empty() {
                format!("{event_id} · {kind} · v{n}")
            } else {
                format!("{org} · {event_id} · {kind} · v{n}")
            },
            page_word: label("page"),
            of_word: label("of"),
            marks,
        }
    }
}

/// The language of a file: the one the reader found in it, else the one its properties
/// name, else Arabic or English by its letters.
fn file_lang(side: &Side) -> Lang {
    side.lang
        .or_else(|| side.recorded.as_ref().and_then(|r| r.lang))
        .unwrap_or_else(|| guess_lang(&side.doc))
}

/// The header, footer and properties of a file: its own header and footer lines (a line
/// ending in "Page X of Y" is the footer, whose page numbers the writer adds again). A DOCX
/// lectern drafted (or a reviewer saved from one) is the draft its properties name: its kind's
/// layout, and the markings a house style places (status, version, clearance, the embargo and
/// NOT CLEARED lines its header shows, event, kind, date), so a house header shows them once,
/// as in the draft. Anything else is named after the file.
fn file_meta(path: &Path, side: &Side, lang: Lang, opts: &Options<'_>) -> DocMeta {
    let label = |k: &str| l10n::label(lang, k).unwrap_or(k).to_string();
    let (page, of) = (label("page"), label("of"));
    let mut header = Vec::new();
    let mut footer = Vec::new();
    for b in &side.furniture {
        let text = b.plain_text();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match strip_pages(text, &page, &of).or_else(|| strip_pages(text, "Page", "of")) {
            Some(rest) => footer.push(rest.to_string()),
            None => header.push(text.to_string()),
        }
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = side.doc.title().unwrap_or_else(|| name.clone());
    if let Some(r) = &side.recorded {
        // The header's own lines: the embargo line and the NOT CLEARED warning, in the
        // draft's language or in English.
        let embargo = crate::import::embargo_line(&header, lang);
        let not_cleared_word = label("not_cleared").to_uppercase();
        let warning = header
            .iter()
            .position(|l| l.starts_with(&not_cleared_word) || l.starts_with("NOT CLEARED"));
        let not_cleared = warning.map(|i| header.remove(i));
        let mut meta = Drafted {
            lang,
            kind: r.kind,
            clearance: r.clearance,
            version: r.version,
            created: r.created,
            embargo,
            not_cleared,
            title,
            event_id: r.event.clone(),
        }
        .meta(opts);
        // The lines the file shows are the ones a header and footer without house style
        // write (a reviewer's edit of them is tracked).
        meta.header = header;
        meta.footer = footer.join(" · ");
        return meta;
    }
    DocMeta {
        title,
        author: opts.author.to_string(),
        company: opts
            .settings
            .map(|s| s.organisation.trim().to_string())
            .unwrap_or_default(),
        created: opts.now,
        lang,
        kind: Kind::Blog,
        event_id: name,
        version: 1,
        clearance: Clearance::Public,
        header,
        not_cleared: None,
        footer: footer.join(" · "),
        page_word: page,
        of_word: of,
        marks: Marks::default(),
    }
}

/// `text` without a trailing "Page X of Y" (and the separator before it), if it has one.
pub(crate) fn strip_pages<'a>(text: &'a str, page: &str, of: &str) -> Option<&'a str> {
    let at = text.rfind(page)?;
    let tail = text[at + page.len()..].trim();
    let mut parts = tail.split_whitespace();
    let ok = parts.next()?.chars().all(|c| c.is_ascii_digit())
        && parts.next()? == of
        && parts.next()?.chars().all(|c| c.is_ascii_digit())
        && parts.next().is_none();
    ok.then(|| text[..at].trim_end().trim_end_matches('·').trim_end())
}

/// A file's passages as passages of a document in `lang` (the stored version it was edited
/// from): its own language marks the blocks it left unmarked, and `lang` is unmarked.
fn relative_to(side: &mut Side, lang: Lang) {
    let Some(own) = side.lang.filter(|l| *l != lang) else {
        return;
    };
    for b in &mut side.doc.blocks {
        b.lang = match b.lang {
            None => Some(own),
            Some(l) if l == lang => None,
            other => other,
        };
    }
    side.lang = Some(lang);
}

/// Arabic when most letters are Arabic, else English: the direction and spelling language of
/// a file that does not say (the text is written as it is, never re-spaced).
fn guess_lang(doc: &Document) -> Lang {
    let (mut arabic, mut other) = (0usize, 0usize);
    for b in doc.blocks.iter().take(200) {
        for c in b.plain_text().chars().filter(|c| c.is_alphabetic()) {
            if ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{0750}'..='\u{077F}').contains(&c) {
                arabic += 1;
            } else {
                other += 1;
            }
        }
    }
    if arabic > other {
        Lang::Ar
    } else {
        Lang::En
    }
}

/// A stored version's Markdown does not carry the draft's review comments; its DOCX does.
/// When the DOCX reads back to the same paragraphs, its comment marks are put back into the
/// model at the same places (block and offset in the visible text).
fn put_back_comments(v: &Version, doc: &mut Document) {
    let Ok(bytes) = crate::capped::read_bytes(&v.docx, &v.docx, crate::capped::DIFF_INPUT) else {
        return;
    };
    let Ok(stored) = docx::read(&bytes) else {
        return;
    };
    if stored.comments.is_empty() {
        return;
    }
    let texts = |d: &Document| -> Vec<String> {
        d.blocks
            .iter()
            .map(Block::plain_text)
            .filter(|t| !t.trim().is_empty())
            .collect()
    };
    if texts(&stored) != texts(doc) {
        return;
    }
    let mut mine = doc
        .blocks
        .iter_mut()
        .filter(|b| !b.plain_text().trim().is_empty());
    for theirs in stored
        .blocks
        .iter()
        .filter(|b| !b.plain_text().trim().is_empty())
    {
        let Some(block) = mine.next() else { break };
        let marks: Vec<(usize, Inline)> = {
            let mut at = 0;
            let mut v = Vec::new();
            for i in &theirs.inlines {
                match i {
                    Inline::CommentStart(_) | Inline::CommentEnd(_) => v.push((at, i.clone())),
                    other => at += document::plain_text(std::slice::from_ref(other)).len(),
                }
            }
            v
        };
        if marks.is_empty() {
            continue;
        }
        block.inlines = insert_marks(std::mem::take(&mut block.inlines), marks);
    }
    doc.comments = stored.comments;
}

/// `inlines` with `marks` inserted at their offsets in the visible text (splitting text where
/// one falls inside it); a mark at the boundary of two inlines goes before the second.
fn insert_marks(inlines: Vec<Inline>, marks: Vec<(usize, Inline)>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len() + marks.len());
    let mut marks = marks.into_iter().peekable();
    let mut at = 0;
    for i in inlines {
        let len = document::plain_text(std::slice::from_ref(&i)).len();
        match i {
            Inline::Text { text, style, link } => {
                let mut start = 0;
                while let Some((m, _)) = marks.peek() {
                    let k = m.saturating_sub(at);
                    if k >= text.len() || !text.is_char_boundary(k) {
                        break;
                    }
                    if k > start {
                        out.push(Inline::Text {
                            text: text[start..k].to_string(),
                            style,
                            link: link.clone(),
                        });
                        start = k;
                    }
                    if let Some((_, mark)) = marks.next() {
                        out.push(mark);
                    }
                }
                if start < text.len() {
                    out.push(Inline::Text {
                        text: text[start..].to_string(),
                        style,
                        link,
                    });
                }
            }
            other => {
                while marks.peek().is_some_and(|(m, _)| *m <= at) {
                    if let Some((_, mark)) = marks.next() {
                        out.push(mark);
                    }
                }
                out.push(other);
            }
        }
        at += len;
    }
    out.extend(marks.map(|(_, m)| m));
    out
}
