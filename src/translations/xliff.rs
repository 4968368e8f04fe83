//! XLIFF 2.0 (OASIS, the exchange format of translation tools), the one module that writes and
//! reads it: a document of units, one per item text (`message:<id>:text`,
//! `fact:<id>:statement`), each with the source text, the current target, the segment state
//! and, in notes, the source version it was exported at. Reading accepts what tools write back
//! (other notes, modules' elements and attributes, `<cp>` code points, inline codes whose text
//! is kept) and locates every mistake at its line and column.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{location_of, Error, Origin};
use crate::library::{Id, Lang};
use crate::problems::What;

pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The note carrying the item version the source text had at export.
pub const SOURCE_VERSION: &str = "lectern:source-version";
/// The note carrying the translation status at export (ok, outdated, unreviewed …).
pub const STATUS: &str = "lectern:status";

/// One unit: an item's text in the source and the target language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub what: What,
    pub item: Id,
    /// The file the item is defined in, relative to the workspace (the `<file>` it is in).
    pub original: String,
    /// A short description for the translator (the message's title, the fact's topic).
    pub name: Option<String>,
    pub source_version: u32,
    /// lectern's status of the target at export.
    pub status: String,
    /// XLIFF segment state: initial, translated, reviewed or final.
    pub state: String,
    pub source: String,
    pub target: Option<String>,
}

impl Unit {
    pub fn id(&self) -> String {
        unit_id(self.what, &self.item)
    }
}

/// `message:<id>:text` or `fact:<id>:statement` (unit ids are NMTOKENs: no `/`).
pub fn unit_id(what: What, item: &Id) -> String {
    let field = if what == What::Message {
        "text"
    } else {
        "statement"
    };
    format!("{}:{item}:{field}", what.name())
}

/// A whole document: every unit translates `src` into `trg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub src: Lang,
    pub trg: Lang,
    pub units: Vec<Unit>,
}

/// Text as XML character data: markup escaped, carriage returns kept as references, and
/// characters XML cannot carry written as `<cp>` code points.
fn text(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => {
                if !attr {
                    out.push_str(&format!("<cp hex=\"{:04X}\"/>", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The document as XLIFF 2.0, grouped in one `<file>` per content file, in unit order.
pub fn write(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff xmlns=\"{NAMESPACE}\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n",
        doc.src, doc.trg
    ));
    let mut files: Vec<&str> = Vec::new();
    for u in &doc.units {
        if !files.contains(&u.original.as_str()) {
            files.push(&u.original);
        }
    }
    let src_dir = if doc.src.is_rtl() { "rtl" } else { "ltr" };
    let trg_dir = if doc.trg.is_rtl() { "rtl" } else { "ltr" };
    for (i, file) in files.iter().enumerate() {
        out.push_str(&format!(
            "  <file id=\"f{}\" original=\"{}\" srcDir=\"{src_dir}\" trgDir=\"{trg_dir}\">\n",
            i + 1,
            text(file, true)
        ));
        for u in doc.units.iter().filter(|u| u.original == *file) {
            out.push_str(&format!("    <unit id=\"{}\"", u.id()));
            if let Some(name) = &u.name {
                out.push_str(&format!(" name=\"{}\"", text(name, true)));
            }
            out.push_str(">\n      <notes>\n");
            out.push_str(&format!(
                "        <note category=\"{SOURCE_VERSION}\">{}</note>\n",
                u.source_version
            ));
            out.push_str(&format!(
                "        <note category=\"{STATUS}\">{}</note>\n",
                text(&u.status, false)
            ));
            out.push_str("      </notes>\n");
            let sub = if u.status == "outdated" {
                " subState=\"lectern:outdated\""
            } else {
                ""
            };
            out.push_str(&format!("      <segment state=\"{}\"{sub}>\n", u.state));
            out.push_str(&format!(
                "        <source xml:space=\"preserve\">{}</source>\n",
                text(&u.source, false)
            ));
            if let Some(t) = &u.target {
                out.push_str(&format!(
                    "        <target xml:space=\"preserve\">{}</target>\n",
                    text(t, false)
                ));
            }
            out.push_str("      </segment>\n    </unit>\n");
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// A unit as read back, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadUnit {
    pub unit: Unit,
    pub origin: Origin,
}

/// A document as read back.
#[derive(Debug, Clone)]
pub struct ReadDocument {
    pub src: Lang,
    pub trg: Lang,
    pub units: Vec<ReadUnit>,
}

struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Ctx<'_> {
    fn at(&self, offset: usize) -> Origin {
        let l = location_of(self.text, boundary(self.text, offset));
        Origin::at(self.path, l.line, l.column)
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> Error {
        Error::input(message.into()).at(self.at(offset))
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref() == name.as_bytes())
            .then(|| a.unescape_value().map(|v| v.into_owned()).ok())
            .flatten()
    })
}

/// `offset`, or the character boundary before it.
fn boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where the element that was just read starts: quick-xml reports the position after it.
fn start_of(text: &str, end: usize) -> usize {
    text[..boundary(text, end)].rfind('<').unwrap_or(0)
}

/// Read an XLIFF 2.0 document. Every mistake is an error with its position; a file that is not
/// XLIFF 2.0 stops at the first.
pub fn read(path: &Path, text: &str) -> Result<ReadDocument, Vec<Error>> {
    let cx = Ctx { path, text };
    let mut r = Reader::from_str(text);
    r.config_mut().trim_text(false);
    let mut errors = Vec::new();
    let mut doc: Option<ReadDocument> = None;
    // Parsing state.
    let mut original = String::new();
    let mut unit: Option<(Option<Unit>, usize)> = None;
    let mut note: Option<String> = None;
    let mut note_text = String::new();
    let mut in_source = false;
    let mut in_target = false;
    let mut depth_ignored = 0usize;
    let mut source = String::new();
    let mut target: Option<String> = None;
    let mut state = String::from("initial");
    let mut version: Option<u32> = None;
    let mut status = String::new();
    let xml_error = |r: &Reader<&[u8]>, e: quick_xml::Error| {
        let at = r.error_position() as usize;
        cx.error(at, format!("not well-formed XML: {e}")).hint(
            "an XLIFF file is XML; check that it was saved as XLIFF 2.0 by the translation tool",
        )
    };
    loop {
        let ev = match r.read_event() {
            Ok(ev) => ev,
            Err(e) => return Err(vec![xml_error(&r, e)]),
        };
        let end = r.buffer_position() as usize;
        match ev {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.local_name();
                let name = std::str::from_utf8(name.as_ref()).unwrap_or("");
                let at = start_of(text, end);
                if doc.is_none() {
                    if name != "xliff" {
                        return Err(vec![cx
                            .error(at, format!("not an XLIFF document: its root element is <{name}>"))
                            .hint("export a file with `lectern translations export`, translate it and import that")]);
                    }
                    if attr(e, "xmlns").as_deref() != Some(NAMESPACE) {
                        let version = attr(e, "version").unwrap_or_default();
                        if version.starts_with('1') {
                            return Err(vec![unsupported(&cx, at, &version)]);
                        }
                        return Err(vec![cx
                            .error(
                                at,
                                format!(
                                    "not an XLIFF 2.0 document: its namespace is not {NAMESPACE}"
                                ),
                            )
                            .hint("save the file as XLIFF 2.0 in the translation tool")]);
                    }
                    let version = attr(e, "version").unwrap_or_default();
                    if version != "2.0" {
                        return Err(vec![unsupported(&cx, at, &version)]);
                    }
                    let lang = |key: &str| -> Result<Lang, Error> {
                        let v = attr(e, key).unwrap_or_default();
                        let code = v
                            .split(['-', '_'])
                            .next()
                            .unwrap_or("")
                            .to_ascii_lowercase();
                        Lang::parse(&code).ok_or_else(|| {
                            cx.error(
                                at,
                                if v.is_empty() {
                                    format!("the XLIFF document has no `{key}`")
                                } else {
                                    format!("unknown language `{v}` in `{key}`")
                                },
                            )
                            .hint("languages are en, fr, es or ar")
                        })
                    };
                    let (src, trg) = match (lang("srcLang"), lang("trgLang")) {
                        (Ok(s), Ok(t)) => (s, t),
                        (a, b) => return Err([a.err(), b.err()].into_iter().flatten().collect()),
                    };
                    doc = Some(ReadDocument {
                        src,
                        trg,
                        units: Vec::new(),
                    });
                    continue;
                }
                if depth_ignored > 0 || (in_source || in_target) && !matches!(name, "cp") {
                    // Inline codes and other elements inside a text: their text is kept.
                    if in_source || in_target {
                        continue;
                    }
                    if !empty {
                        depth_ignored += 1;
                    }
                    continue;
                }
                match name {
                    "file" => original = attr(e, "original").unwrap_or_default(),
                    "unit" => {
                        let id = attr(e, "id").unwrap_or_default();
                        let parsed = parse_unit_id(&id);
                        if parsed.is_none() {
                            errors.push(
                                cx.error(at, format!("unit `{id}` is not a lectern unit id"))
                                    .hint("unit ids are message:<id>:text or fact:<id>:statement, as exported"),
                            );
                        }
                        unit = Some((
                            parsed.map(|(what, item)| Unit {
                                what,
                                item,
                                original: original.clone(),
                                name: attr(e, "name"),
                                source_version: 0,
                                status: String::new(),
                                state: String::new(),
                                source: String::new(),
                                target: None,
                            }),
                            at,
                        ));
                        version = None;
                        status.clear();
                        source.clear();
                        target = None;
                        state = "initial".into();
                    }
                    "note" => {
                        note = Some(attr(e, "category").unwrap_or_default());
                        note_text.clear();
                        if empty {
                            note = None;
                        }
                    }
                    "segment" => {
                        if let Some(s) = attr(e, "state") {
                            state = s;
                        }
                    }
                    "source" if !empty => in_source = true,
                    "target" => {
                        target = Some(String::new());
                        in_target = !empty;
                    }
                    "cp" => {
                        let hex = attr(e, "hex").unwrap_or_default();
                        match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            Some(c) => push(
                                c.to_string().as_str(),
                                in_source,
                                in_target,
                                &mut source,
                                &mut target,
                            ),
                            None => errors.push(
                                cx.error(at, format!("`<cp hex=\"{hex}\">` is not a character")),
                            ),
                        }
                    }
                    "xliff" | "notes" | "originalData" | "data" | "group" | "skeleton"
                    | "ignorable" => {}
                    _ => {
                        if !empty {
                            depth_ignored += 1;
                        }
                    }
                }
            }
            Event::End(ref e) => {
                let name = e.local_name();
                let name = std::str::from_utf8(name.as_ref()).unwrap_or("");
                if depth_ignored > 0 {
                    depth_ignored -= 1;
                    continue;
                }
                match name {
                    "source" => in_source = false,
                    "target" => in_target = false,
                    "note" => match note.take().as_deref() {
                        Some(SOURCE_VERSION) => version = note_text.trim().parse().ok(),
                        Some(STATUS) => status = note_text.trim().to_string(),
                        _ => {}
                    },
                    "unit" => {
                        let Some((found, at)) = unit.take() else {
                            continue;
                        };
                        let Some(mut u) = found else { continue };
                        let Some(v) = version else {
                            errors.push(
                                cx.error(at, format!(
                                    "unit `{}` has no `{SOURCE_VERSION}` note: lectern cannot tell which version it translates",
                                    u.id()
                                ))
                                .hint("import the file lectern exported, with its notes kept"),
                            );
                            continue;
                        };
                        u.source_version = v;
                        u.status = std::mem::take(&mut status);
                        u.state = state.clone();
                        u.source = std::mem::take(&mut source);
                        u.target = target.take();
                        if let Some(d) = doc.as_mut() {
                            d.units.push(ReadUnit {
                                unit: u,
                                origin: cx.at(at),
                            });
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) => {
                let s = match t.unescape() {
                    Ok(s) => s,
                    Err(e) => return Err(vec![xml_error(&r, e)]),
                };
                if note.is_some() {
                    note_text.push_str(&s);
                }
                push(&s, in_source, in_target, &mut source, &mut target);
            }
            Event::CData(ref t) => {
                let s = String::from_utf8_lossy(t.as_ref()).into_owned();
                push(&s, in_source, in_target, &mut source, &mut target);
            }
            _ => {}
        }
    }
    let Some(doc) = doc else {
        return Err(vec![cx
            .error(0, "not an XLIFF document: it holds no XML element")
            .hint(
                "export a file with `lectern translations export`, translate it and import that",
            )]);
    };
    if errors.is_empty() {
        Ok(doc)
    } else {
        Err(errors)
    }
}

fn push(
    s: &str,
    in_source: bool,
    in_target: bool,
    source: &mut String,
    target: &mut Option<String>,
) {
    if in_source {
        source.push_str(s);
    } else if in_target {
        if let Some(t) = target.as_mut() {
            t.push_str(s);
        }
    }
}

fn unsupported(cx: &Ctx<'_>, at: usize, version: &str) -> Error {
    cx.error(
        at,
        if version.is_empty() {
            "the XLIFF document does not say its version: lectern reads XLIFF 2.0".to_string()
        } else {
            format!("XLIFF {version} is not supported: lectern reads XLIFF 2.0")
        },
    )
    .hint("save the file as XLIFF 2.0 in the translation tool, or translate the file lectern exported")
}

/// `message:<id>:text` (or the `message/<id>/text` form) → the item it names.
pub fn parse_unit_id(id: &str) -> Option<(What, Id)> {
    let sep = if id.contains(':') { ':' } else { '/' };
    let (what, rest) = id.split_once(sep)?;
    let (item, field) = rest.rsplit_once(sep)?;
    let what = match (what, field) {
        ("message", "text") => What::Message,
        ("fact", "statement") => What::Fact,
        _ => return None,
    };
    Some((what, Id::parse(item).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(target: Option<&str>) -> Unit {
        Unit {
            what: What::Message,
            item: Id::parse("m-1").unwrap(),
            original: "snippets/messages/a & b.json".into(),
            name: Some("A \"title\"".into()),
            source_version: 3,
            status: "outdated".into(),
            state: "initial".into(),
            source: "Line one & <two>\n\nPara\r\u{1}  two.".into(),
            target: target.map(str::to_string),
        }
    }

    #[test]
    fn units_read_back_as_written() {
        let doc = Document {
            src: Lang::En,
            trg: Lang::Ar,
            units: vec![unit(Some("نص\n\nفقرة")), unit(None)],
        };
        let xml = write(&doc);
        let back = read(Path::new("x.xlf"), &xml).unwrap();
        assert_eq!((back.src, back.trg), (Lang::En, Lang::Ar));
        let units: Vec<Unit> = back.units.into_iter().map(|u| u.unit).collect();
        assert_eq!(units, doc.units);
    }

    #[test]
    fn not_xliff_2() {
        let e = read(Path::new("x.xlf"), "<html/>").unwrap_err();
        assert_eq!(
            e[0].message(),
            "not an XLIFF document: its root element is <html>"
        );
        let e = read(
            Path::new("x.xlf"),
            "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"/>",
        )
        .unwrap_err();
        assert_eq!(
            e[0].message(),
            "XLIFF 1.2 is not supported: lectern reads XLIFF 2.0"
        );
        assert_eq!(e[0].origin().unwrap().to_string(), "x.xlf:2:1");
        let e = read(Path::new("x.xlf"), "not xml <").unwrap_err();
        assert!(e[0].message().starts_with("not "), "{}", e[0].message());
    }

    proptest::proptest! {
        /// Any edit of an exported file is read without a panic, every error located inside it.
        #[test]
        fn edited_files_never_panic(at in 0usize..900, cut in 0usize..8, insert in "[\\PC\n<>/=\"&;#]{0,6}") {
            let doc = Document { src: Lang::En, trg: Lang::Fr, units: vec![unit(Some("Cible & <x>"))] };
            let mut text = write(&doc);
            let at = boundary(&text, at);
            let end = boundary(&text, at + cut);
            text.replace_range(at..end, &insert);
            if let Err(errors) = read(Path::new("x.xlf"), &text) {
                for e in errors {
                    let l = e.origin().and_then(|o| o.location).expect("located");
                    proptest::prop_assert!(l.line >= 1 && l.line <= text.lines().count() + 1);
                }
            }
        }
    }

    #[test]
    fn unit_ids() {
        let id = Id::parse("a.b-c").unwrap();
        assert_eq!(
            parse_unit_id("message:a.b-c:text"),
            Some((What::Message, id.clone()))
        );
        assert_eq!(
            parse_unit_id("fact/a.b-c/statement"),
            Some((What::Fact, id))
        );
        assert_eq!(parse_unit_id("fact:x:text"), None);
    }
}
