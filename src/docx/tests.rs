//! Tests of the DOCX writer on whole packages: schema order of every part, determinism across
//! runs and threads, literal text (property test), and the draft features (footnotes,
//! comments, French spacing, right-to-left).

use std::io::{Cursor, Read};

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use quick_xml::events::Event;
use quick_xml::Reader;

use super::schema_order::order_rank_for_test;
use super::{write, DocMeta};
use crate::document::{Block, BlockKind, Comment, Document, Footnote, Inline, Style};
use crate::library::{Clearance, Kind, Lang};

fn meta(kind: Kind, lang: Lang) -> DocMeta {
    DocMeta {
        company: String::new(),
        title: "Title & <co>".into(),
        author: "Press <Office> & \"Media\"".into(),
        created: Utc
            .with_ymd_and_hms(2026, 11, 20, 9, 30, 0)
            .single()
            .expect("date"),
        lang,
        kind,
        event_id: "sg-cyber-2026".into(),
        version: 3,
        clearance: Clearance::Public,
        header: vec!["DRAFT · Version 3 · PUBLIC".into(), "Embargoed".into()],
        not_cleared: Some("NOT CLEARED — legal".into()),
        footer: "sg-cyber-2026 · speech · v3".into(),
        page_word: "Page".into(),
        of_word: "of".into(),
        marks: super::Marks::default(),
    }
}

fn sample() -> Document {
    let t = Inline::text;
    let bold = |s: &str| Inline::Text {
        text: s.into(),
        style: Style {
            bold: true,
            ..Style::default()
        },
        link: None,
    };
    Document {
        blocks: vec![
            Block::new(BlockKind::Title, vec![t("Faster than the criminals")]),
            Block::new(BlockKind::Heading(1), vec![t("What we did")]),
            Block::new(
                BlockKind::Paragraph,
                vec![
                    Inline::CommentStart(0),
                    t("We seized USD 400 million"),
                    Inline::FootnoteRef(0),
                    t(" in assets; why? Because: «coopération»"),
                ],
            ),
            Block::new(
                BlockKind::Bullet { level: 0 },
                vec![bold("one"), t(" تعمل INTERPOL مع")],
            ),
            Block::new(
                BlockKind::Bullet { level: 1 },
                vec![t("two"), Inline::CommentEnd(0)],
            ),
            Block::new(BlockKind::Numbered { level: 0, list: 1 }, vec![t("first")]),
            Block::new(
                BlockKind::Numbered { level: 0, list: 2 },
                vec![t("again first")],
            ),
            Block::new(BlockKind::Quote, vec![t("A quote")]),
            Block::new(BlockKind::PageBreak, vec![]),
            Block::new(
                BlockKind::Paragraph,
                vec![
                    Inline::Text {
                        text: "link".into(),
                        style: Style::default(),
                        link: Some("https://example.org/?a=1&b=2".into()),
                    },
                    Inline::LineBreak,
                    t("after\tTab"),
                    Inline::FootnoteRef(1),
                ],
            ),
        ],
        footnotes: vec![
            Footnote {
                label: "a".into(),
                inlines: vec![t("Source A & B")],
            },
            Footnote {
                label: "b".into(),
                inlines: vec![t("Source C")],
            },
        ],
        comments: vec![Comment {
            author: "Legal <LA> & Co".into(),
            text: "Check the figure".into(),
        }],
    }
}

fn parts(docx: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut s = String::new();
            f.read_to_string(&mut s).expect("UTF-8 part");
            (f.name().to_string(), s)
        })
        .collect()
}

fn part(docx: &[u8], name: &str) -> String {
    parts(docx)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no part {name}"))
}

/// Check that every XML part parses and that children of ordered elements are in schema
/// order.
fn assert_schema_order(name: &str, xml: &str) {
    let mut reader = Reader::from_str(xml);
    // For each open element: its name and the rank of its last ranked child.
    let mut stack: Vec<(Vec<u8>, Option<u16>)> = Vec::new();
    loop {
        let ev = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let (child, is_start) = match &ev {
            Event::Start(s) => (s.name().as_ref().to_vec(), true),
            Event::Empty(s) => (s.name().as_ref().to_vec(), false),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if let Some((parent, last)) = stack.last_mut() {
            if let Some(r) = order_rank_for_test(parent, &child) {
                if let Some(l) = *last {
                    assert!(
                        r >= l,
                        "{name}: <{}> out of order inside <{}>",
                        String::from_utf8_lossy(&child),
                        String::from_utf8_lossy(parent)
                    );
                }
                *last = Some(r);
            }
        }
        if is_start {
            stack.push((child, None));
        }
    }
}

#[test]
fn every_kind_and_language_is_in_schema_order() {
    for kind in Kind::ALL {
        for lang in Lang::ALL {
            let bytes = write(&sample(), &meta(kind, lang)).expect("writes");
            for (name, xml) in parts(&bytes) {
                if name.ends_with(".xml") || name.ends_with(".rels") {
                    assert_schema_order(&format!("{kind:?}/{lang:?}/{name}"), &xml);
                }
            }
        }
    }
}

#[test]
fn output_is_deterministic_across_runs_and_threads() {
    let doc = sample();
    let m = meta(Kind::Speech, Lang::Ar);
    let first = write(&doc, &m).expect("writes");
    assert_eq!(first, write(&doc, &m).expect("writes"));
    let others: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| write(&doc, &m).expect("writes")))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    for o in others {
        assert_eq!(first, o);
    }
}

#[test]
fn footnotes_comments_and_properties_are_real() {
    let bytes = write(&sample(), &meta(Kind::PressBriefing, Lang::En)).expect("writes");
    let doc = part(&bytes, "word/document.xml");
    assert!(doc.contains(r#"<w:footnoteReference w:id="1" />"#));
    assert!(doc.contains(r#"<w:footnoteReference w:id="2" />"#));
    let notes = part(&bytes, "word/footnotes.xml");
    assert!(notes.contains("Source A &amp; B") && notes.contains("<w:footnoteRef/>"));
    let comments = part(&bytes, "word/comments.xml");
    assert!(comments.contains(r#"w:author="Legal &lt;LA&gt; &amp; Co""#));
    // The comment spans paragraphs: started in one, ended in a later one.
    assert!(doc.contains("<w:commentRangeStart w:id=\"3\" />"));
    assert!(doc.contains("<w:commentRangeEnd w:id=\"3\" />"));
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>Title &amp; &lt;co&gt;</dc:title>"));
    assert!(core.contains("<dc:creator>Press &lt;Office&gt; &amp; &quot;Media&quot;</dc:creator>"));
    assert!(core.contains("2026-11-20T09:30:00Z"));
    let custom = part(&bytes, "docProps/custom.xml");
    assert!(custom.contains(r#"name="event"><vt:lpwstr>sg-cyber-2026</vt:lpwstr>"#));
    assert!(custom.contains(r#"name="version"><vt:i4>3</vt:i4>"#));
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Target="https://example.org/?a=1&amp;b=2""#));
    let header = part(&bytes, "word/header1.xml");
    assert!(header.contains("NOT CLEARED") && header.contains("C00000"));
    let footer = part(&bytes, "word/footer1.xml");
    assert!(footer.contains("PAGE") && footer.contains("NUMPAGES"));
    // Each numbered list restarts: two instances, each overriding its start.
    let numbering = part(&bytes, "word/numbering.xml");
    assert_eq!(numbering.matches("<w:startOverride").count(), 2 * 3);
}

#[test]
fn speech_is_reading_copy() {
    let bytes = write(&sample(), &meta(Kind::Speech, Lang::En)).expect("writes");
    let styles = part(&bytes, "word/styles.xml");
    let normal_at = styles.find(r#"w:styleId="Normal""#).expect("Normal");
    let normal =
        &styles[normal_at..styles[normal_at..].find("</w:style>").expect("end") + normal_at];
    assert!(normal.contains(r#"<w:sz w:val="32" />"#), "{normal}");
    assert!(normal.contains(r#"w:line="360""#) && normal.contains("<w:keepLines />"));
    assert!(normal.contains("<w:widowControl"));
    assert_eq!(styles.matches(r#"w:styleId="Normal""#).count(), 1);
    assert!(styles.contains(r#"w:styleId="FootnoteReference""#));
}

#[test]
fn arabic_is_right_to_left_with_latin_runs_left_to_right() {
    let bytes = write(&sample(), &meta(Kind::Blog, Lang::Ar)).expect("writes");
    let doc = part(&bytes, "word/document.xml");
    assert!(doc.contains("<w:bidi />") && doc.contains(r#"<w:jc w:val="start" />"#));
    assert!(!doc.contains(r#"<w:jc w:val="right""#));
    assert!(doc.contains("<w:rtl/>") && !doc.contains("specVanish"));
    // "INTERPOL " sits in its own run without w:rtl.
    let at = doc.find(">INTERPOL <").expect("Latin run");
    let run_start = doc[..at].rfind("<w:r>").expect("run");
    assert!(!doc[run_start..at].contains("w:rtl"));
}

#[test]
fn french_spacing_applies_to_french_only() {
    let fr = part(
        &write(&sample(), &meta(Kind::Blog, Lang::Fr)).expect("writes"),
        "word/document.xml",
    );
    assert!(fr.contains("why\u{202F}? Because\u{A0}: «\u{A0}coopération\u{A0}»"));
    let en = part(
        &write(&sample(), &meta(Kind::Blog, Lang::En)).expect("writes"),
        "word/document.xml",
    );
    assert!(en.contains("why? Because: «coopération»"));
}

/// The text of word/document.xml's body: `w:t` text, `w:br` as `\n`, `w:tab` as `\t`.
fn body_text(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event().expect("parses") {
            Event::Start(s) if s.name().as_ref() == b"w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            Event::Empty(s) if s.name().as_ref() == b"w:br" => out.push('\n'),
            Event::Empty(s) if s.name().as_ref() == b"w:tab" => out.push('\t'),
            Event::Text(t) if in_t => out.push_str(&t.unescape().expect("unescapes")),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn any_text_comes_out_literally(s in any::<String>()) {
        let doc = Document {
            blocks: vec![Block::new(BlockKind::Paragraph, vec![Inline::text(s.clone())])],
            footnotes: vec![],
            comments: vec![],
        };
        let mut m = meta(Kind::BriefingNote, Lang::En);
        m.header.clear();
        m.not_cleared = None;
        let bytes = write(&doc, &m).expect("writes");
        let xml = part(&bytes, "word/document.xml");
        let expected: String = super::text::sanitize(&s).into_owned();
        prop_assert_eq!(body_text(&xml), expected);
    }
}

/// Every prefix an XML part uses is declared: an empty comments part once lost its `w:`.
#[test]
fn a_document_without_comments_declares_every_namespace_it_uses() {
    let mut doc = sample();
    doc.comments.clear();
    for b in &mut doc.blocks {
        b.inlines
            .retain(|i| !matches!(i, Inline::CommentStart(_) | Inline::CommentEnd(_)));
    }
    let bytes = write(&doc, &meta(Kind::Speech, Lang::En)).expect("writes");
    for (name, xml) in parts(&bytes) {
        if !name.ends_with(".xml") && !name.ends_with(".rels") {
            continue;
        }
        let mut reader = quick_xml::NsReader::from_str(&xml);
        loop {
            match reader.read_resolved_event() {
                Ok((quick_xml::name::ResolveResult::Unknown(p), _)) => {
                    panic!("{name}: undeclared prefix {}", String::from_utf8_lossy(&p))
                }
                Ok((_, quick_xml::events::Event::Eof)) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: {e}"),
            }
        }
    }
}

#[test]
fn superscript_and_subscript_are_written_in_schema_order_and_read_back() {
    use crate::document::VertAlign;
    let v = |s: &str, vert| Inline::Text {
        text: s.into(),
        style: Style {
            vert,
            ..Style::default()
        },
        link: None,
    };
    let bold_sup = Inline::Text {
        text: "er".into(),
        style: Style {
            bold: true,
            vert: VertAlign::Superscript,
            ..Style::default()
        },
        link: None,
    };
    let t = Inline::text;
    let mut doc = sample();
    doc.blocks.push(Block::new(
        BlockKind::Paragraph,
        vec![
            t("XXI"),
            v("e", VertAlign::Superscript),
            t(" siècle, CO"),
            v("2", VertAlign::Subscript),
            t(", le 1"),
            bold_sup,
        ],
    ));
    for lang in [Lang::En, Lang::Ar] {
        let bytes = write(&doc, &meta(Kind::Blog, lang)).expect("writes");
        let xml = part(&bytes, "word/document.xml");
        assert_schema_order("document.xml", &xml);
        assert!(xml.contains(r#"<w:vertAlign w:val="superscript" />"#));
        assert!(xml.contains(r#"<w:vertAlign w:val="subscript" />"#));
        assert!(xml.contains(r#"<w:b /><w:bCs /><w:vertAlign w:val="superscript" />"#));
        let back = crate::docx::read::read(&bytes).expect("reads");
        let last = back.blocks.last().expect("a block");
        assert_eq!(last.inlines, doc.blocks.last().expect("a block").inlines);
    }
    // Nothing else changes: a draft without them has no `w:vertAlign` in its body.
    let plain = write(&sample(), &meta(Kind::Blog, Lang::En)).expect("writes");
    assert!(!part(&plain, "word/document.xml").contains("vertAlign"));
}
