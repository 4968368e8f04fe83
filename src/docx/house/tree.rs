//! A small XML tree for the house-style parts: read once per process, changed (ids renumbered,
//! placeholders found, properties added) and written back. Text and attribute values stay as
//! they were escaped in the file, so what is not changed comes out as it went in.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::{Error, Result};

/// A node: an element, escaped text, or a slot a value is written into for each draft.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    El(El),
    Text(String),
    Slot(usize),
}

/// An element with its qualified name, its attributes (values escaped) and its children.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct El {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) children: Vec<Node>,
}

/// A serialised tree: raw XML pieces with the slots between them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Template {
    pub(crate) pieces: Vec<Piece>,
    /// Per slot, in order: the opening of the run it is in (`<w:r …>` and its `w:rPr`), or
    /// empty. A redline closes the run there to track a changed value in runs of its own.
    pub(crate) runs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    Raw(String),
    Slot(usize),
}

const DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

impl El {
    pub(crate) fn new(name: &str) -> El {
        El {
            name: name.to_string(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    pub(crate) fn with_attr(mut self, name: &str, value: &str) -> El {
        self.set(name, value);
        self
    }

    /// The local name (after the prefix).
    pub(crate) fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    pub(crate) fn is(&self, name: &str) -> bool {
        self.name == name
    }

    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn set(&mut self, name: &str, value: &str) {
        match self.attrs.iter_mut().find(|(n, _)| n == name) {
            Some(a) => a.1 = value.to_string(),
            None => self.attrs.push((name.to_string(), value.to_string())),
        }
    }

    pub(crate) fn remove_attr(&mut self, name: &str) {
        self.attrs.retain(|(n, _)| n != name);
    }

    /// Child elements.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|n| match n {
            Node::El(e) => Some(e),
            _ => None,
        })
    }

    pub(crate) fn elements_mut(&mut self) -> impl Iterator<Item = &mut El> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::El(e) => Some(e),
            _ => None,
        })
    }

    pub(crate) fn child(&self, name: &str) -> Option<&El> {
        self.elements().find(|e| e.name == name)
    }

    pub(crate) fn child_mut(&mut self, name: &str) -> Option<&mut El> {
        self.elements_mut().find(|e| e.name == name)
    }

    /// The child `name`, added (last) when missing.
    pub(crate) fn child_or_insert(&mut self, name: &str) -> &mut El {
        if self.child(name).is_none() {
            self.children.push(Node::El(El::new(name)));
        }
        self.child_mut(name).expect("just added")
    }

    pub(crate) fn remove_children(&mut self, name: &str) {
        self.children
            .retain(|n| !matches!(n, Node::El(e) if e.name == name));
    }

    /// Call `f` on every element below this one, depth first.
    pub(crate) fn for_each_mut(&mut self, f: &mut dyn FnMut(&mut El)) {
        for c in self.elements_mut() {
            f(c);
            c.for_each_mut(f);
        }
    }

    /// The element as a part: the XML declaration, then the element.
    pub(crate) fn to_part(&self) -> Vec<u8> {
        let mut t = Template::default();
        t.raw(DECL);
        self.write(&mut t, None);
        t.pieces
            .into_iter()
            .map(|p| match p {
                Piece::Raw(s) => s,
                Piece::Slot(_) => String::new(),
            })
            .collect::<String>()
            .into_bytes()
    }

    /// The element as a part with its slots kept.
    pub(crate) fn to_template(&self) -> Template {
        let mut t = Template::default();
        t.raw(DECL);
        self.write(&mut t, None);
        t
    }

    /// The element alone, without declaration (slots are dropped).
    pub(crate) fn to_xml(&self) -> String {
        let mut t = Template::default();
        self.write(&mut t, None);
        t.pieces
            .into_iter()
            .filter_map(|p| match p {
                Piece::Raw(s) => Some(s),
                Piece::Slot(_) => None,
            })
            .collect()
    }

    /// `run`: the run this element is in, whose opening a slot records (`Template::runs`).
    fn write(&self, t: &mut Template, run: Option<&El>) {
        let mut s = self.open_tag();
        if self.children.is_empty() {
            s.insert(s.len() - 1, '/');
            t.raw(&s);
            return;
        }
        t.raw(&s);
        let run = if self.is("w:r") { Some(self) } else { run };
        for c in &self.children {
            match c {
                Node::El(e) => e.write(t, run),
                Node::Text(x) => t.raw(x),
                Node::Slot(k) => {
                    t.pieces.push(Piece::Slot(*k));
                    let opening = run.map(|r| match r.child("w:rPr") {
                        Some(p) => format!("{}{}", r.open_tag(), p.to_xml()),
                        None => r.open_tag(),
                    });
                    t.runs.push(opening.unwrap_or_default());
                }
            }
        }
        t.raw("</");
        t.raw(&self.name);
        t.raw(">");
    }

    /// `<name attr="…" …>`.
    fn open_tag(&self) -> String {
        let mut s = String::with_capacity(64);
        s.push('<');
        s.push_str(&self.name);
        for (n, v) in &self.attrs {
            s.push(' ');
            s.push_str(n);
            s.push_str("=\"");
            s.push_str(v);
            s.push('"');
        }
        s.push('>');
        s
    }
}

impl Template {
    fn raw(&mut self, s: &str) {
        match self.pieces.last_mut() {
            Some(Piece::Raw(last)) => last.push_str(s),
            _ => self.pieces.push(Piece::Raw(s.to_string())),
        }
    }

    /// Fill the slots with `value(k)` (already escaped) into `out`. A marking with no value
    /// (the status and version of a release copy, a missing embargo) takes one separator next
    /// to it along (`{status} · {version} · {clearance}` reads "PUBLIC", not " ·  · PUBLIC"):
    /// the one after it, else the one before it.
    #[cfg(test)]
    pub(crate) fn fill(&self, out: &mut String, value: &dyn Fn(usize) -> String) {
        self.fill_spans(out, &|k, _| value(k), &mut Vec::new());
    }

    /// `fill`, noting where each raw piece written whole went: (start, end, piece index).
    /// A separator dropped later may change a piece already written: check before use.
    pub(crate) fn fill_spans(
        &self,
        out: &mut String,
        value: &dyn Fn(usize, &str) -> String,
        spans: &mut Vec<(usize, usize, usize)>,
    ) {
        let mut empty_before = false;
        let mut slots = self.runs.iter();
        for (i, p) in self.pieces.iter().enumerate() {
            match p {
                Piece::Raw(s) => {
                    if std::mem::take(&mut empty_before) {
                        if let Some(rest) = without_leading_separator(s) {
                            out.push_str(rest.0);
                            out.push_str(rest.1);
                            continue;
                        }
                        drop_trailing_separator(out);
                    }
                    spans.push((out.len(), out.len() + s.len(), i));
                    out.push_str(s);
                }
                Piece::Slot(k) => {
                    let v = value(*k, slots.next().map_or("", String::as_str));
                    empty_before = v.is_empty();
                    out.push_str(&v);
                }
            }
        }
    }
}

/// How `marks` writes a slot's or a text segment's `w:t`.
const T_OPEN: &str = "<w:t xml:space=\"preserve\">";

/// A separator between markings: one punctuation mark with spaces around it.
fn is_separator(s: &str) -> bool {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    t.chars().count() == 1 && t.len() < s.len() + 1 && "·•|–—-/,:".contains(t)
}

/// `</w:t><w:t …>SEP</w:t>rest` → (`</w:t><w:t …>`, `</w:t>rest`): the separator dropped.
fn without_leading_separator(s: &str) -> Option<(&str, &str)> {
    let head = s.strip_prefix("</w:t>")?.strip_prefix(T_OPEN)?;
    let end = head.find("</w:t>")?;
    let open = "</w:t>".len() + T_OPEN.len();
    is_separator(&head[..end]).then(|| (&s[..open], &head[end..]))
}

/// `…<w:t …>SEP</w:t><w:t …>` at the end of `out`: the separator dropped.
fn drop_trailing_separator(out: &mut String) {
    let Some(before) = out
        .strip_suffix(T_OPEN)
        .and_then(|b| b.strip_suffix("</w:t>"))
    else {
        return;
    };
    let Some(start) = before.rfind(T_OPEN).map(|i| i + T_OPEN.len()) else {
        return;
    };
    if is_separator(&before[start..]) {
        let end = before.len();
        out.replace_range(start..end, "");
    }
}

/// Parse a part; its root element.
pub(crate) fn parse(xml: &[u8]) -> Result<El> {
    let bad = |e: &dyn std::fmt::Display| Error::input(format!("malformed XML: {e}"));
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    let mut buf = Vec::new();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let mut el = El::new(&text(s.name().as_ref()));
                for a in s.attributes() {
                    let a = a.map_err(|e| bad(&e))?;
                    el.attrs.push((text(a.key.as_ref()), text(&a.value)));
                }
                if matches!(event, Event::Start(_)) {
                    if stack.len() >= crate::docx::MAX_XML_DEPTH {
                        return Err(bad(&format_args!(
                            "elements nest more than {} deep",
                            crate::docx::MAX_XML_DEPTH
                        )));
                    }
                    stack.push(el);
                } else {
                    match stack.last_mut() {
                        Some(p) => p.children.push(Node::El(el)),
                        None => root = Some(el),
                    }
                }
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| bad(&"a closing tag without its opening tag"))?;
                match stack.last_mut() {
                    Some(p) => p.children.push(Node::El(el)),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(p) = stack.last_mut() {
                    p.children.push(Node::Text(text(&t)));
                }
            }
            Event::CData(c) => {
                if let Some(p) = stack.last_mut() {
                    let escaped = quick_xml::escape::escape(text(&c)).into_owned();
                    p.children.push(Node::Text(escaped));
                }
            }
            Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err(bad(&"the part ends inside an element"));
    }
    root.ok_or_else(|| bad(&"the part is empty"))
}

/// Unescape text or an attribute value; on a malformed entity, the text as it is.
pub(crate) fn unescape(s: &str) -> String {
    quick_xml::escape::unescape(s)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_what_it_does_not_change() {
        let xml = br#"<?xml version="1.0"?><w:hdr xmlns:w="x"><w:p><w:r><w:t xml:space="preserve">a &amp; b </w:t></w:r><w:r/></w:p></w:hdr>"#;
        let root = parse(xml).expect("parses");
        assert_eq!(
            root.to_xml(),
            r#"<w:hdr xmlns:w="x"><w:p><w:r><w:t xml:space="preserve">a &amp; b </w:t></w:r><w:r/></w:p></w:hdr>"#
        );
    }

    #[test]
    fn malformed_parts_are_errors() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<a>").is_err());
        assert!(parse(b"").is_err());
    }

    #[test]
    fn an_empty_marking_takes_one_separator_along() {
        let t = |x: &str| format!("{T_OPEN}{x}</w:t>");
        let fill = |pieces: Vec<Piece>, values: &[&str]| {
            let mut out = String::new();
            Template {
                pieces,
                runs: Vec::new(),
            }
            .fill(&mut out, &|k| values[k].to_string());
            out.replace(T_OPEN, "[").replace("</w:t>", "]")
        };
        // {status} · {version} · {clearance}, as marks.rs writes it into one run.
        let line = || {
            vec![
                Piece::Raw(format!("<w:r>{T_OPEN}")),
                Piece::Slot(0),
                Piece::Raw(format!("</w:t>{}{T_OPEN}", t(" · "))),
                Piece::Slot(1),
                Piece::Raw(format!("</w:t>{}{T_OPEN}", t(" · "))),
                Piece::Slot(2),
                Piece::Raw("</w:t></w:r>".into()),
            ]
        };
        assert_eq!(
            fill(line(), &["DRAFT", "Version 1", "PUBLIC"]),
            "<w:r>[DRAFT][ · ][Version 1][ · ][PUBLIC]</w:r>"
        );
        assert_eq!(
            fill(line(), &["", "", "PUBLIC"]),
            "<w:r>[][][][][PUBLIC]</w:r>"
        );
        // The last marking empty: the separator before it goes.
        assert_eq!(
            fill(line(), &["DRAFT", "Version 1", ""]),
            "<w:r>[DRAFT][ · ][Version 1][][]</w:r>"
        );
        // Text that is not a separator stays.
        let words = vec![
            Piece::Raw(format!("<w:r>{}{T_OPEN}", t("Status: "))),
            Piece::Slot(0),
            Piece::Raw(format!("</w:t>{}</w:r>", t(" and more"))),
        ];
        assert_eq!(fill(words, &[""]), "<w:r>[Status: ][][ and more]</w:r>");
    }
}
