//! Placeholders in the house header and footer: `{status}`, `{clearance}`, `{embargo}`,
//! `{version}`, `{event}`, `{kind}`, `{title}`, `{date}` become slots filled per draft;
//! `{page}` and `{pages}` become PAGE and NUMPAGES fields. Word splits typed text into runs
//! wherever the editing history says (`{`, `status`, `}` in three runs is common), so the
//! text of a paragraph's runs is joined to find them; the value takes the formatting of the
//! run where the placeholder starts.

use super::tree::{El, Node};

/// A marking a house header or footer may place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Mark {
    Status,
    Clearance,
    Embargo,
    Version,
    Event,
    Kind,
    Title,
    Date,
    Page,
    Pages,
}

impl Mark {
    pub(crate) const ALL: [Mark; 10] = [
        Mark::Status,
        Mark::Clearance,
        Mark::Embargo,
        Mark::Version,
        Mark::Event,
        Mark::Kind,
        Mark::Title,
        Mark::Date,
        Mark::Page,
        Mark::Pages,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Mark::Status => "status",
            Mark::Clearance => "clearance",
            Mark::Embargo => "embargo",
            Mark::Version => "version",
            Mark::Event => "event",
            Mark::Kind => "kind",
            Mark::Title => "title",
            Mark::Date => "date",
            Mark::Page => "page",
            Mark::Pages => "pages",
        }
    }

    /// The slot number of a marking filled with text.
    pub(crate) fn slot(self) -> usize {
        self as usize
    }

    pub(crate) fn from_slot(k: usize) -> Option<Mark> {
        Mark::ALL.get(k).copied()
    }

    fn field(self) -> Option<&'static str> {
        match self {
            Mark::Page => Some("PAGE"),
            Mark::Pages => Some("NUMPAGES"),
            _ => None,
        }
    }
}

/// A placeholder found: which marking, and whether it shows (not in hidden text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) mark: Mark,
    pub(crate) visible: bool,
}

/// Turn every placeholder under `root` (a header or footer) into a slot or a field.
pub(crate) fn prepare(root: &mut El) -> Vec<Found> {
    let mut found = Vec::new();
    visit(root, &mut found);
    found
}

fn visit(el: &mut El, found: &mut Vec<Found>) {
    for c in el.elements_mut() {
        if c.is("w:p") {
            paragraph(c, found);
        } else {
            visit(c, found);
        }
    }
}

/// A `w:t` of the paragraph: its escaped text and whether its run is hidden.
struct Text {
    raw: String,
    hidden: bool,
}

/// What a changed `w:t` becomes.
enum Seg {
    Text(String),
    Mark(Mark),
}

fn paragraph(p: &mut El, found: &mut Vec<Found>) {
    let mut texts = Vec::new();
    collect(p, &mut texts);
    let joined: String = texts.iter().map(|t| t.raw.as_str()).collect();
    let matches = placeholders(&joined);
    if !matches.is_empty() {
        // Where each text starts in `joined`.
        let mut starts = Vec::with_capacity(texts.len());
        let mut at = 0;
        for t in &texts {
            starts.push(at);
            at += t.raw.len();
        }
        let mut plan: Vec<Option<Vec<Seg>>> = Vec::with_capacity(texts.len());
        for (j, t) in texts.iter().enumerate() {
            let (a, b) = (starts[j], starts[j] + t.raw.len());
            let touched = matches.iter().any(|(s, e, _)| *s < b && *e > a);
            if !touched {
                plan.push(None);
                continue;
            }
            let mut segs = Vec::new();
            let mut pos = a;
            for (s, e, mark) in &matches {
                if *e <= a || *s >= b {
                    continue;
                }
                if *s > pos {
                    segs.push(Seg::Text(joined[pos..*s].to_string()));
                }
                if *s >= a {
                    segs.push(Seg::Mark(*mark));
                }
                pos = (*e).min(b);
            }
            if pos < b {
                segs.push(Seg::Text(joined[pos..b].to_string()));
            }
            plan.push(Some(segs));
        }
        for (s, _, mark) in &matches {
            let j = starts.iter().rposition(|st| st <= s).unwrap_or(0);
            found.push(Found {
                mark: *mark,
                visible: !texts[j].hidden,
            });
        }
        let mut k = 0;
        rewrite(p, &plan, &mut k);
    }
    // Paragraphs nested in this one (text boxes) are paragraphs of their own.
    nested(p, found);
}

fn nested(el: &mut El, found: &mut Vec<Found>) {
    for c in el.elements_mut() {
        if c.is("w:p") {
            paragraph(c, found);
        } else {
            nested(c, found);
        }
    }
}

/// The `w:t` texts of `el`'s runs in order, not descending into nested paragraphs.
fn collect(el: &El, texts: &mut Vec<Text>) {
    for c in el.elements() {
        if c.is("w:p") {
            continue;
        }
        if c.is("w:r") {
            let hidden = is_hidden(c);
            for t in c.elements().filter(|t| t.is("w:t")) {
                texts.push(Text {
                    raw: raw_text(t),
                    hidden,
                });
            }
        } else {
            collect(c, texts);
        }
    }
}

fn raw_text(t: &El) -> String {
    t.children
        .iter()
        .filter_map(|n| match n {
            Node::Text(s) => Some(s.as_str()),
            _ => None,
        })
        .collect()
}

fn is_hidden(run: &El) -> bool {
    run.child("w:rPr")
        .and_then(|r| r.child("w:vanish"))
        .is_some_and(|v| !matches!(v.attr("w:val"), Some("0" | "false" | "off")))
}

/// `{name}` placeholders in `s`: byte start, end, marking.
fn placeholders(s: &str) -> Vec<(usize, usize, Mark)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = s[from..].find('{').map(|i| from + i) {
        let Some(close) = s[open..].find('}').map(|i| open + i) else {
            break;
        };
        let name = s[open + 1..close].trim();
        match Mark::ALL
            .iter()
            .find(|m| m.name().eq_ignore_ascii_case(name))
        {
            Some(m) => {
                out.push((open, close + 1, *m));
                from = close + 1;
            }
            None => from = open + 1,
        }
    }
    out
}

/// Replace the runs the plan changes; `k` counts `w:t` elements in `collect`'s order.
fn rewrite(el: &mut El, plan: &[Option<Vec<Seg>>], k: &mut usize) {
    let children = std::mem::take(&mut el.children);
    let mut out = Vec::with_capacity(children.len());
    for node in children {
        match node {
            Node::El(c) if c.is("w:p") => out.push(Node::El(c)),
            Node::El(c) if c.is("w:r") => {
                let n = c.elements().filter(|t| t.is("w:t")).count();
                let changed = (*k..*k + n).any(|j| plan.get(j).is_some_and(Option::is_some));
                if changed {
                    out.extend(split_run(&c, plan, *k));
                } else {
                    out.push(Node::El(c));
                }
                *k += n;
            }
            Node::El(mut c) => {
                rewrite(&mut c, plan, k);
                out.push(Node::El(c));
            }
            other => out.push(other),
        }
    }
    el.children = out;
}

/// The run `r` with its placeholders replaced: slots stay in the run, fields split it.
fn split_run(r: &El, plan: &[Option<Vec<Seg>>], first: usize) -> Vec<Node> {
    let rpr = r.child("w:rPr").cloned();
    let fresh = || {
        let mut run = El::new("w:r");
        run.attrs = r.attrs.clone();
        if let Some(p) = &rpr {
            run.children.push(Node::El(p.clone()));
        }
        run
    };
    let base = usize::from(rpr.is_some());
    let mut runs = Vec::new();
    let mut cur = fresh();
    let mut j = first;
    for c in r.elements() {
        if c.is("w:rPr") {
            continue;
        }
        if !c.is("w:t") {
            cur.children.push(Node::El(c.clone()));
            continue;
        }
        let segs = plan.get(j).and_then(Option::as_ref);
        j += 1;
        let Some(segs) = segs else {
            cur.children.push(Node::El(c.clone()));
            continue;
        };
        for seg in segs {
            match seg {
                Seg::Text(s) if s.is_empty() => {}
                Seg::Text(s) => cur
                    .children
                    .push(Node::El(preserved_t(Node::Text(s.clone())))),
                Seg::Mark(m) => match m.field() {
                    Some(instr) => {
                        if cur.children.len() > base {
                            runs.push(Node::El(std::mem::replace(&mut cur, fresh())));
                        }
                        let mut f = fresh();
                        field(&mut f, instr);
                        runs.push(Node::El(f));
                    }
                    None => cur
                        .children
                        .push(Node::El(preserved_t(Node::Slot(m.slot())))),
                },
            }
        }
    }
    if cur.children.len() > base {
        runs.push(Node::El(cur));
    }
    runs
}

fn preserved_t(content: Node) -> El {
    let mut t = El::new("w:t").with_attr("xml:space", "preserve");
    t.children.push(content);
    t
}

/// A field showing 1 until the reader updates it, in run `r`.
fn field(r: &mut El, instr: &str) {
    let chr = |kind: &str| El::new("w:fldChar").with_attr("w:fldCharType", kind);
    r.children.push(Node::El(chr("begin")));
    let mut i = El::new("w:instrText").with_attr("xml:space", "preserve");
    i.children.push(Node::Text(format!(" {instr} ")));
    r.children.push(Node::El(i));
    r.children.push(Node::El(chr("separate")));
    r.children
        .push(Node::El(preserved_t(Node::Text("1".into()))));
    r.children.push(Node::El(chr("end")));
}

#[cfg(test)]
mod tests {
    use super::super::tree::{parse, Piece};
    use super::*;

    fn prepared(xml: &str) -> (String, Vec<Found>) {
        let mut root = parse(xml.as_bytes()).expect("parses");
        let found = prepare(&mut root);
        let t = root.to_template();
        let mut s = String::new();
        t.fill(&mut s, &|k| {
            format!("[{}]", Mark::from_slot(k).map_or("?", Mark::name))
        });
        assert!(t.pieces.iter().any(|p| matches!(p, Piece::Raw(_))));
        (s, found)
    }

    #[test]
    fn placeholders_split_across_runs_are_found_with_the_first_runs_formatting() {
        let (s, found) = prepared(concat!(
            r#"<w:hdr><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Status: {sta</w:t></w:r>"#,
            r#"<w:r><w:rPr><w:i/></w:rPr><w:t>tus</w:t></w:r><w:r><w:t>} and {</w:t></w:r>"#,
            r#"<w:r><w:t>clearance}</w:t></w:r></w:p></w:hdr>"#
        ));
        assert_eq!(
            found.iter().map(|f| f.mark).collect::<Vec<_>>(),
            [Mark::Status, Mark::Clearance]
        );
        assert!(
            s.contains(
                r#"<w:b/></w:rPr><w:t xml:space="preserve">Status: </w:t><w:t xml:space="preserve">[status]</w:t>"#
            ),
            "{s}"
        );
        assert!(!s.contains("tus<"), "{s}");
        assert!(
            s.contains(r#"<w:t xml:space="preserve"> and </w:t>"#),
            "{s}"
        );
        assert!(
            s.contains(r#"<w:t xml:space="preserve">[clearance]</w:t>"#),
            "{s}"
        );
    }

    #[test]
    fn page_placeholders_become_fields_and_unknown_braces_stay() {
        let (s, found) = prepared(
            r#"<w:ftr><w:p><w:r><w:t>Page {page} of {pages} {other}</w:t></w:r></w:p></w:ftr>"#,
        );
        assert_eq!(found.len(), 2);
        assert!(s.contains(" PAGE </w:instrText>"), "{s}");
        assert!(s.contains(" NUMPAGES </w:instrText>"), "{s}");
        assert!(s.contains("{other}"), "{s}");
        assert!(s.starts_with("<?xml"));
    }

    #[test]
    fn hidden_placeholders_do_not_count_as_shown() {
        let (_, found) = prepared(
            r#"<w:hdr><w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>{clearance}</w:t></w:r></w:p></w:hdr>"#,
        );
        assert_eq!(
            found,
            [Found {
                mark: Mark::Clearance,
                visible: false
            }]
        );
    }
}
