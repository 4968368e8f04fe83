//! `lectern diff … --redline`: the redline is the newer document, as its draft looks, with the
//! changes tracked inside it (DESIGN.md §10).

use super::Ws;

/// Two versions of the basic fixture's press briefing: v002 has a longer title, a message
/// reworded and a fact's source title fixed (a footnote); a message still in clearance gives
/// both versions a review comment. The press briefing has a table and bold text.
fn two_versions() -> Ws {
    let ws = Ws::fixture("basic");
    let ev = ws
        .read("events/summit.json")
        .replace("\"msg-victims\"", "\"msg-victims\", \"msg-draft\"");
    ws.write("events/summit.json", &ev);
    let draft = [
        "draft",
        "summit",
        "--kind",
        "press-briefing",
        "--allow-unapproved",
    ];
    ws.run(&draft).success();
    let ev = ws.read("events/summit.json").replace(
        "\"Global Summit on Financial Crime\"",
        "\"Global Summit on Financial and Cyber Crime\"",
    );
    ws.write("events/summit.json", &ev);
    let bump = |text: String, id: &str| -> String {
        let at = text.find(&format!("\"id\": \"{id}\"")).expect("id");
        let v = at + text[at..].find("\"version\": 1").expect("version");
        format!("{}\"version\": 2{}", &text[..v], &text[v + 12..])
    };
    let facts = ws.read("snippets/facts/core.json").replace(
        "Financial crime operation makes record 5,500 arrests",
        "Financial crime operation makes a record 5,500 arrests",
    );
    ws.write("snippets/facts/core.json", &bump(facts, "fact-haechi"));
    let messages = ws
        .read("snippets/messages/core.json")
        .replace("faster than law.", "faster than the law.");
    ws.write("snippets/messages/core.json", &bump(messages, "msg-draft"));
    ws.run(&draft).success();
    ws
}

#[test]
fn a_redline_of_two_versions_is_the_newer_draft_with_the_changes_inside() {
    let ws = two_versions();
    let r = ws.run(&[
        "diff",
        "summit",
        "--kind",
        "press-briefing",
        "--redline",
        "red.docx",
    ]);
    r.success();
    r.stderr_has("wrote red.docx (tracked changes by Communications Office)");
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    // The change, tracked with author and date, inside the heading as the draft styles it.
    let ins = r#"<w:ins w:id="10" w:author="Communications Office" w:date=""#;
    assert!(doc.contains(ins), "{doc}");
    assert!(
        doc.contains(r#"<w:t xml:space="preserve">Global Summit on Financial </w:t></w:r><w:ins "#),
        "{doc}"
    );
    assert!(doc.contains(">and Cyber </w:t></w:r></w:ins>"), "{doc}");
    assert!(doc.contains(" faster than </w:t></w:r><w:ins "), "{doc}");
    // The draft's table, bold text and footnote references are there.
    assert!(doc.contains("<w:tbl>"), "{doc}");
    assert!(doc.contains("<w:b />"), "{doc}");
    assert!(doc.contains("<w:footnoteReference "), "{doc}");
    // The source fixed in a footnote is a tracked change inside the footnote.
    let notes = ws.docx_xml("red.docx", "word/footnotes.xml");
    assert!(
        notes.contains(">Financial crime operation makes </w:t></w:r><w:ins "),
        "{notes}"
    );
    assert!(notes.contains(">a </w:t></w:r></w:ins>"), "{notes}");
    // The header carries the newer version's markings, the embargo and NOT CLEARED.
    let header = ws.docx_xml("red.docx", "word/header1.xml");
    // The version number's change is tracked inside the header, the identity's in the
    // footer (their ids come first: the header and footer are written before the body).
    assert!(
        header.contains(
            r#">DRAFT · Version </w:t></w:r><w:del w:id="6" w:author="Communications Office""#
        ),
        "{header}"
    );
    assert!(
        header.contains(">1</w:delText></w:r></w:del><w:ins w:id=\"7\" "),
        "{header}"
    );
    assert!(header.contains(">2</w:t></w:r></w:ins><w:r>"), "{header}");
    for line in [
        " · PUBLIC",
        "Embargoed until 8 December 2026, 10:30 (UTC+08:00)",
        "NOT CLEARED",
    ] {
        assert!(header.contains(line), "{line}: {header}");
    }
    let footer = ws.docx_xml("red.docx", "word/footer1.xml");
    assert!(
        footer.contains("summit · press-briefing · </w:t>"),
        "{footer}"
    );
    assert!(footer.contains(">v1</w:delText>"), "{footer}");
    assert!(footer.contains(">v2</w:t></w:r></w:ins>"), "{footer}");
    // The review comment of the message in clearance, anchored where the draft has it.
    let comments = ws.docx_xml("red.docx", "word/comments.xml");
    assert!(
        comments.contains("NOT CLEARED: message `msg-draft` has status draft (not approved)"),
        "{comments}"
    );
    assert!(doc.contains("<w:commentRangeStart "), "{doc}");
    // Further edits by the reader are tracked too.
    let settings = ws.docx_xml("red.docx", "word/settings.xml");
    assert!(settings.contains("<w:trackRevisions/>"), "{settings}");
    // Accepted, the redline reads as v002.
    let r = ws.run(&[
        "diff",
        "output/summit/press-briefing/v002.md",
        "red.docx",
        "--format",
        "stat",
    ]);
    assert!(r.stdout().ends_with("no changes\n"), "{}", r.stdout());
}

#[test]
fn an_arabic_redline_is_right_to_left_with_its_footnote() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit-ar", "--kind", "blog"]).success();
    let ev = ws.read("events/summit-ar.json").replace(
        "\"Global Summit on Financial Crime\"",
        "\"Global Summit on Financial Crime 2026\"",
    );
    ws.write("events/summit-ar.json", &ev);
    ws.run(&["draft", "summit-ar", "--kind", "blog"]).success();
    ws.run(&[
        "diff",
        "summit-ar",
        "--kind",
        "blog",
        "--redline",
        "red.docx",
    ])
    .success();
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    assert!(doc.contains(r#"<w:pStyle w:val="Title" /><w:bidi /><w:jc w:val="start" />"#));
    assert!(doc.contains(r#"<w:rtl/><w:lang w:val="ar-SA" w:bidi="ar-SA" /></w:rPr><w:t xml:space="preserve"> 2026</w:t></w:r></w:ins>"#), "{doc}");
    assert!(doc.contains("<w:footnoteReference "), "{doc}");
    let notes = ws.docx_xml("red.docx", "word/footnotes.xml");
    assert!(notes.contains("<w:bidi />"), "{notes}");
    let header = ws.docx_xml("red.docx", "word/header1.xml");
    assert!(header.contains("<w:rtl/>"), "{header}");
}

/// A Markdown pair in a folder of its own.
fn pair(old: &str, new: &str) -> Ws {
    let ws = Ws::empty();
    ws.write("old.md", old).write("new.md", new);
    ws
}

/// The attribute `name` of every element `tag` in `xml`, in order.
fn attrs(xml: &str, tag: &str, name: &str) -> Vec<String> {
    xml.match_indices(&format!("<{tag} "))
        .map(|(at, _)| {
            let el = &xml[at..at + xml[at..].find('>').unwrap()];
            let v = el.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            el[v..v + el[v..].find('"').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn a_moved_paragraph_is_marked_as_moved_and_the_shorter_one_moves() {
    let long = "Le Secrétaire général a rappelé que la coopération policière internationale reste \
        la seule réponse durable aux réseaux criminels qui opèrent par-delà les frontières, et que \
        chaque pays membre doit partager ses données en temps réel.";
    let short = "Les délégués se retrouveront mardi à Dakar.";
    let ws = pair(
        &format!("# Titre\n\nOuverture.\n\n{short}\n\n{long}\n\nClôture.\n"),
        &format!("# Titre\n\nOuverture.\n\n{long}\n\n{short}\n\nClôture.\n"),
    );
    let r = ws.run(&["diff", "old.md", "new.md", "--redline", "red.docx"]);
    r.success().stdout_has("+0 −0 words, 1 paragraph moved");
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    // Both ends of the move are named ranges with the same name; each range ends with its id.
    let from = attrs(&doc, "w:moveFromRangeStart", "w:name");
    let to = attrs(&doc, "w:moveToRangeStart", "w:name");
    assert_eq!((from.len(), to.len()), (1, 1), "{doc}");
    assert_eq!(from, to);
    assert_eq!(
        attrs(&doc, "w:moveFromRangeStart", "w:id"),
        attrs(&doc, "w:moveFromRangeEnd", "w:id")
    );
    assert_eq!(
        attrs(&doc, "w:moveToRangeStart", "w:id"),
        attrs(&doc, "w:moveToRangeEnd", "w:id")
    );
    // The 7-word paragraph moved, not the 37-word one: its text is in w:moveFrom and
    // w:moveTo, its paragraph marks too.
    assert!(doc.contains(&format!(
        "<w:delText xml:space=\"preserve\">{short}</w:delText>"
    )));
    let moved_to = &doc[doc.find("<w:moveTo ").unwrap()..];
    assert!(moved_to.contains(short), "{doc}");
    assert!(doc.contains("<w:rPr><w:moveFrom "), "{doc}");
    assert!(doc.contains("<w:rPr><w:moveTo "), "{doc}");
    assert!(
        !doc.contains("<w:delText xml:space=\"preserve\">Le Secrétaire"),
        "{doc}"
    );
}

#[test]
fn a_rewritten_sentence_is_marked_word_by_word() {
    let ws = pair(
        "# Title\n\nThe summit opens on Monday in Singapore.\n\nDelegates arrive from forty countries.\n",
        "# Title\n\nOn Tuesday, ministers open the summit in Singapore.\n\nDelegates arrive from forty countries.\n",
    );
    ws.run(&["diff", "old.md", "new.md", "--redline", "red.docx"])
        .success();
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    // One paragraph holds the edit: no paragraph mark deleted or inserted, the words kept
    // are plain text between the marks.
    assert!(!doc.contains("<w:rPr><w:del "), "{doc}");
    assert!(!doc.contains("<w:rPr><w:ins "), "{doc}");
    assert!(
        doc.contains(r#"<w:t xml:space="preserve"> in Singapore.</w:t>"#),
        "{doc}"
    );
    let deleted: Vec<&str> = doc
        .split("<w:delText xml:space=\"preserve\">")
        .skip(1)
        .map(|s| &s[..s.find('<').unwrap()])
        .collect();
    let words: usize = deleted.iter().map(|s| s.split_whitespace().count()).sum();
    assert!(words < 7, "{deleted:?}");
}

#[test]
fn a_reviewers_docx_is_the_document_of_its_redline() {
    let ws = Ws::empty();
    for f in ["old.md", "reviewer-python.docx"] {
        std::fs::copy(
            super::repo().join("tests/fixtures/review").join(f),
            ws.path().join(f),
        )
        .unwrap();
    }
    ws.run(&[
        "diff",
        "old.md",
        "reviewer-python.docx",
        "--redline",
        "red.docx",
    ])
    .success();
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    // The reviewer's list, quote and table are what they are; the changes are tracked.
    assert!(doc.contains("<w:tbl>"), "{doc}");
    assert!(doc.contains(r#"<w:pStyle w:val="ListBullet" />"#), "{doc}");
    assert!(doc.contains(r#"<w:pStyle w:val="Quote" />"#), "{doc}");
    assert!(
        doc.contains(
            ">The Secretary General stated that cybercrime is rising.</w:t></w:r></w:ins>"
        ),
        "{doc}"
    );
    assert!(doc.contains(">Thank you</w:t></w:r><w:ins "), "{doc}");
}

#[test]
fn a_damaged_newer_file_is_named_and_no_redline_is_written() {
    let ws = pair("# T\n\nOne two three.\n", "# T\n\nOne two four.\n");
    ws.write("broken.docx", "not a zip");
    let r = ws.run(&["diff", "old.md", "broken.docx", "--redline", "red.docx"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: cannot read broken.docx as DOCX: it is not a DOCX package (not a zip file)\nhint: is it a Word document? A .doc (Word 97) file must be saved as .docx first\n"
    );
    assert!(!ws.exists("red.docx"));
}

/// The paragraph (`<w:p …>…</w:p>`) holding `text` in `xml`.
fn para_with<'x>(xml: &'x str, text: &str) -> &'x str {
    let at = xml.find(text).unwrap_or_else(|| panic!("{text}: {xml}"));
    let start = xml[..at].rfind("<w:p ").unwrap();
    let end = at + xml[at..].find("</w:p>").unwrap() + 6;
    &xml[start..end]
}

#[test]
fn a_changed_paragraph_style_is_a_tracked_formatting_change() {
    let ws = pair(
        "# Title\n\n## Background\n\nThe summit opens on Monday.\n\n- Delegates arrive from forty countries.\n\nThank you.\n",
        "# Title\n\nBackground\n\n## The summit opens on Monday.\n\nDelegates arrive from forty countries.\n\nThank you.\n",
    );
    let r = ws.run(&["diff", "old.md", "new.md", "--redline", "red.docx"]);
    r.success();
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    let change = r#"<w:rPr /><w:pPrChange w:id=""#;
    // A heading made body text: no style now, the heading style before, after the mark's
    // run properties (CT_PPr order), with author and date.
    let p = para_with(&doc, ">Background<");
    assert!(p.starts_with("<w:p w14:paraId=\""), "{p}");
    assert!(p.contains(&format!("<w:pPr>{change}")), "{p}");
    assert!(
        p.contains(r#"" w:author=""#) && p.contains(r#"" w:date=""#),
        "{p}"
    );
    assert!(
        p.contains(r#"><w:pPr><w:pStyle w:val="Heading1" /></w:pPr></w:pPrChange></w:pPr>"#),
        "{p}"
    );
    // Body text made a heading: the heading style now, no style before.
    let p = para_with(&doc, ">The summit opens on Monday.<");
    assert!(
        p.contains(r#""><w:pPr><w:pStyle w:val="Heading1" /><w:rPr /><w:pPrChange "#),
        "{p}"
    );
    assert!(p.contains("><w:pPr></w:pPr></w:pPrChange></w:pPr>"), "{p}");
    // A list item made a paragraph: the list style and numbering before.
    let p = para_with(&doc, ">Delegates arrive from forty countries.<");
    assert!(p.contains(&format!("<w:pPr>{change}")), "{p}");
    assert!(
        p.contains(r#"><w:pPr><w:pStyle w:val="ListBullet" /><w:numPr><w:ilvl w:val="0" />"#),
        "{p}"
    );
    // The text itself is unchanged, and unchanged paragraphs carry no formatting change.
    assert!(!doc.contains("<w:ins "), "{doc}");
    assert!(!doc.contains("<w:del "), "{doc}");
    assert_eq!(doc.matches("<w:pPrChange ").count(), 3, "{doc}");
    // The list's numbering is in the package for the former look.
    let numbering = ws.docx_xml("red.docx", "word/numbering.xml");
    assert!(numbering.contains("<w:num "), "{numbering}");
    // Read back, the redline reports the pending formatting changes.
    let r = ws.run(&["diff", "new.md", "red.docx", "--format", "stat"]);
    assert!(r.stdout().ends_with("no changes\n"), "{}", r.stdout());
}

#[test]
fn a_paragraph_removed_at_the_end_leaves_no_empty_paragraph() {
    let ws = pair(
        "# Title\n\nThe summit opens on Monday.\n\nDelegates arrive from forty countries.\n\n- Thank you all for coming.\n",
        "# Title\n\nThe summit opens on Monday.\n",
    );
    ws.run(&["diff", "old.md", "new.md", "--redline", "red.docx"])
        .success();
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    // As Word records it: the last paragraph kept has its mark deleted…
    let kept = para_with(&doc, ">The summit opens on Monday.<");
    assert!(kept.contains("<w:rPr><w:del "), "{kept}");
    assert!(!kept.contains("<w:delText"), "{kept}");
    // …the paragraph between goes whole…
    let between = para_with(&doc, ">Delegates arrive from forty countries.<");
    assert!(between.contains("<w:rPr><w:del "), "{between}");
    // …and the body's last paragraph keeps its mark, dressed as the paragraph kept (no
    // style), its own list look a formatting change: accepting leaves the kept paragraph as
    // it is, rejecting gives the list item back.
    let last = para_with(&doc, ">Thank you all for coming.<");
    assert!(
        doc[doc.find(last).unwrap() + last.len()..].starts_with("<w:sectPr>"),
        "{doc}"
    );
    assert!(last.contains("<w:pPr><w:rPr /><w:pPrChange "), "{last}");
    assert!(
        last.contains(r#"><w:pPr><w:pStyle w:val="ListBullet" /><w:numPr>"#),
        "{last}"
    );
    assert!(last.contains("<w:delText"), "{last}");
    let r = ws.run(&["diff", "new.md", "red.docx", "--format", "stat"]);
    assert!(r.stdout().ends_with("no changes\n"), "{}", r.stdout());
}

/// `from` copied to `to` with part `part` edited by `edit`.
fn edited(ws: &Ws, from: &str, to: &str, part: &str, edit: impl Fn(String) -> String) {
    use std::io::{Read, Write};
    let mut z = zip::ZipArchive::new(std::fs::File::open(ws.path().join(from)).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(ws.path().join(to)).unwrap());
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let name = e.name().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if name == part {
            bytes = edit(String::from_utf8(bytes).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn an_edited_header_line_is_tracked_inside_the_header() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "press-briefing"])
        .success();
    let draft = "output/summit/press-briefing/v001.docx";
    std::fs::copy(ws.path().join(draft), ws.path().join("old.docx")).unwrap();
    // A reviewer moved the embargo by a day, in the header only.
    edited(&ws, draft, "new.docx", "word/header1.xml", |x| {
        assert!(x.contains("Embargoed until 8 December"), "{x}");
        x.replace("Embargoed until 8 December", "Embargoed until 9 December")
    });
    ws.run(&["diff", "old.docx", "new.docx", "--redline", "red.docx"])
        .success();
    let header = ws.docx_xml("red.docx", "word/header1.xml");
    assert!(
        header.contains(">Embargoed until </w:t></w:r><w:del w:id="),
        "{header}"
    );
    assert!(
        header.contains(">8</w:delText></w:r></w:del><w:ins "),
        "{header}"
    );
    assert!(
        header.contains(">9</w:t></w:r></w:ins><w:r><w:rPr><w:lang w:val=\"en-GB\" /></w:rPr><w:t xml:space=\"preserve\"> December 2026"),
        "{header}"
    );
    // The body has no change.
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    assert!(
        !doc.contains("<w:ins ") && !doc.contains("<w:del "),
        "{doc}"
    );
}

/// An edited copy of a stored version's Markdown is redlined as that version's document (its
/// kind's layout, markings and footer), not as a loose file.
#[test]
fn an_edited_copy_of_a_stored_version_keeps_that_versions_document() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let md = ws.read("output/summit/speech/v001.md");
    ws.write(
        "edited.md",
        &md.replacen("No country can fight", "No nation can fight", 1),
    );
    ws.run(&[
        "diff",
        "output/summit/speech/v001.md",
        "edited.md",
        "--redline",
        "review.docx",
    ])
    .success();
    let doc = ws.docx_xml("review.docx", "word/document.xml");
    assert!(doc.contains("<w:del "), "no tracked deletion");
    let footer = ws.docx_xml("review.docx", "word/footer1.xml");
    assert!(footer.contains("summit · speech · v1"), "{footer}");
    assert!(!footer.contains("edited"), "{footer}");
}

/// Paragraphs (kind and text) of the redline `red` with every change accepted or rejected
/// (lectern's reader); the rejected view's kinds are the ones written (the reader does not
/// apply `w:pPrChange`: scripts/redline-check.py does), so only its texts are compared.
fn views(ws: &Ws, red: &str) -> [Vec<(String, String)>; 2] {
    use lectern::docx::{read_view, View};
    let bytes = std::fs::read(ws.path().join(red)).unwrap();
    [View::Accepted, View::Rejected].map(|v| paras(&read_view(&bytes, v).unwrap()))
}

fn texts(paras: &[(String, String)]) -> Vec<&str> {
    paras.iter().map(|p| p.1.as_str()).collect()
}

fn paras(doc: &lectern::document::Document) -> Vec<(String, String)> {
    lectern::diff::paragraphs(doc)
        .into_iter()
        .map(|p| (format!("{:?}", p.kind), p.text))
        .collect()
}

fn md(ws: &Ws, file: &str) -> Vec<(String, String)> {
    paras(&lectern::diff::source::markdown(&ws.read(file)))
}

/// The body's last paragraph, which must end the body.
fn last_paragraph(doc: &str) -> &str {
    let end = doc.find("<w:sectPr>").unwrap();
    assert!(doc[..end].ends_with("</w:p>"), "{doc}");
    let start = doc[..end].rfind("<w:p ").unwrap();
    &doc[start..end]
}

/// The paragraph mark's properties (`w:pPr/w:rPr`) of paragraph `p`.
fn mark(p: &str) -> &str {
    let at = p.find("<w:rPr").unwrap();
    let end = if p[at..].starts_with("<w:rPr />") {
        at + 9
    } else {
        at + p[at..].find("</w:rPr>").unwrap() + 8
    };
    &p[at..end]
}

#[test]
fn the_last_paragraph_moved_up_keeps_the_last_mark() {
    let ws = pair(
        "# Title\n\nThe summit opens on Monday in Singapore.\n\nDelegates arrive from forty countries and six regional bodies.\n\nMinisters sign the declaration on Friday afternoon.\n\nThank you.\n",
        "# Title\n\nThank you.\n\nThe summit opens on Monday in Singapore.\n\nDelegates arrive from forty countries and six regional bodies.\n\nMinisters sign the declaration on Friday afternoon.\n",
    );
    ws.run(&["diff", "old.md", "new.md", "--redline", "red.docx"])
        .success()
        .stdout_has("1 paragraph moved");
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    // The moved text is still a move, its range in the body's last paragraph, whose mark is
    // kept; the mark of the paragraph before it is the deleted one.
    let last = last_paragraph(&doc);
    assert!(last.contains("<w:moveFromRangeStart "), "{last}");
    assert!(last.contains(">Thank you.</w:delText>"), "{last}");
    assert_eq!(mark(last), "<w:rPr />", "{last}");
    let before = para_with(&doc, ">Ministers sign the declaration");
    assert!(mark(before).starts_with("<w:rPr><w:del "), "{before}");
    assert_eq!(attrs(&doc, "w:moveToRangeStart", "w:name"), ["move1"]);
    let [accepted, rejected] = views(&ws, "red.docx");
    assert_eq!(accepted, md(&ws, "new.md"));
    assert_eq!(texts(&rejected), texts(&md(&ws, "old.md")));
}

#[test]
fn the_last_paragraph_replaced_is_one_paragraph_with_both_texts() {
    let ws = pair(
        "# Title\n\nThe summit opens on Monday.\n\nThank you all for coming.\n",
        "# Title\n\nThe summit opens on Monday.\n\n- Questions go to the press office.\n",
    );
    ws.run(&["diff", "old.md", "new.md", "--redline", "red.docx"])
        .success();
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    // The last paragraph holds the removed text and the added one; its mark is kept, its
    // look the newer one (a list item) and the former one a formatting change.
    let last = last_paragraph(&doc);
    assert!(
        last.contains(">Thank you all for coming.</w:delText>"),
        "{last}"
    );
    assert!(
        last.contains(">Questions go to the press office.</w:t></w:r></w:ins>"),
        "{last}"
    );
    assert!(
        last.contains(r#"<w:pPr><w:pStyle w:val="ListBullet" />"#),
        "{last}"
    );
    assert!(last.contains("<w:rPr /><w:pPrChange "), "{last}");
    assert!(
        !doc.contains("<w:rPr><w:ins ") && !doc.contains("<w:rPr><w:del "),
        "{doc}"
    );
    let [accepted, rejected] = views(&ws, "red.docx");
    assert_eq!(accepted, md(&ws, "new.md"));
    assert_eq!(texts(&rejected), texts(&md(&ws, "old.md")));
}

#[test]
fn a_paragraph_added_after_the_last_keeps_the_last_mark() {
    let ws = pair(
        "# Title\n\nThe summit opens on Monday.\n\n- Thank you all for coming.\n",
        "# Title\n\nThe summit opens on Monday.\n\n- Thank you all for coming.\n\nQuestions go to the press office.\n",
    );
    ws.run(&["diff", "old.md", "new.md", "--redline", "red.docx"])
        .success();
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    // As Word records typing a paragraph at the end: the mark of the paragraph before is
    // the inserted one, the last mark is kept, its former look that paragraph's (rejecting
    // joins it into the last mark).
    let before = para_with(&doc, ">Thank you all for coming.<");
    assert!(mark(before).starts_with("<w:rPr><w:ins "), "{before}");
    let last = last_paragraph(&doc);
    assert!(
        last.contains(">Questions go to the press office.</w:t></w:r></w:ins>"),
        "{last}"
    );
    assert!(last.contains("<w:rPr /><w:pPrChange "), "{last}");
    assert!(
        last.contains(r#"<w:pPrChange "#)
            && last.contains(r#"<w:pPr><w:pStyle w:val="ListBullet" />"#),
        "{last}"
    );
    let [accepted, rejected] = views(&ws, "red.docx");
    assert_eq!(accepted, md(&ws, "new.md"));
    assert_eq!(texts(&rejected), texts(&md(&ws, "old.md")));
}

#[test]
fn a_removed_tail_after_a_table_leaves_a_plain_last_paragraph() {
    let table = "| Figure | Source |\n|---|---|\n| 40 countries | INTERPOL |\n";
    let ws = pair(
        &format!("# Title\n\nThe summit opens on Monday.\n\n{table}\nClosing words of the briefing.\n\n- A last point to remember.\n"),
        &format!("# Title\n\nThe summit opens on Monday.\n\n{table}"),
    );
    ws.run(&["diff", "old.md", "new.md", "--redline", "red.docx"])
        .success();
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    // Accepted, the body closes with the table and the empty body paragraph Word keeps
    // after a closing table (not an empty list item); rejected, the list item is back.
    let last = last_paragraph(&doc);
    assert!(
        last.contains(">A last point to remember.</w:delText>"),
        "{last}"
    );
    assert!(
        last.starts_with("<w:p ") && last.contains("<w:pPr><w:rPr /><w:pPrChange "),
        "{last}"
    );
    assert!(
        last.contains(r#"<w:pPr><w:pStyle w:val="ListBullet" />"#),
        "{last}"
    );
    let closing = para_with(&doc, ">Closing words of the briefing.<");
    assert!(mark(closing).starts_with("<w:rPr><w:del "), "{closing}");
    assert!(
        doc[..doc.find(closing).unwrap()].ends_with("</w:tbl>"),
        "{doc}"
    );
    let [accepted, rejected] = views(&ws, "red.docx");
    assert_eq!(accepted, md(&ws, "new.md"));
    assert_eq!(texts(&rejected), texts(&md(&ws, "old.md")));
}

/// The text of an XML part, tags removed, paragraphs on lines of their own.
fn lines_of(xml: &str) -> Vec<String> {
    xml.split("</w:p>")
        .map(|p| {
            let mut out = String::new();
            let mut in_tag = false;
            for c in p.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => out.push(c),
                    _ => {}
                }
            }
            out.trim().to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn a_redline_of_two_drafted_docx_files_looks_like_the_draft() {
    let ws = Ws::sample();
    ws.run(&["draft", "singapore-cyber-summit-2026", "--kind", "speech"])
        .success();
    let draft = "output/singapore-cyber-summit-2026/speech/v001.docx";
    std::fs::copy(ws.path().join(draft), ws.path().join("old.docx")).unwrap();
    edited(&ws, draft, "new.docx", "word/document.xml", |x| {
        x.replacen("Cybercrime does not stop", "Cybercrime never stops", 1)
    });
    ws.run(&["diff", "old.docx", "new.docx", "--redline", "red.docx"])
        .success();
    // The house header once, with the draft's markings in its placeholders; the footer names
    // the event, kind and version the files' properties give, not the file.
    let header = lines_of(&ws.docx_xml("red.docx", "word/header1.xml"));
    assert_eq!(header, lines_of(&ws.docx_xml(draft, "word/header1.xml")));
    assert_eq!(
        header
            .iter()
            .filter(|l| l.contains("International Criminal Police Organization"))
            .count(),
        1,
        "{header:?}"
    );
    assert!(
        header.contains(&"DRAFT · Version 1 · PUBLIC".to_string()),
        "{header:?}"
    );
    let footer = lines_of(&ws.docx_xml("red.docx", "word/footer1.xml"));
    assert_eq!(footer, lines_of(&ws.docx_xml(draft, "word/footer1.xml")));
    assert!(
        footer[0].starts_with("singapore-cyber-summit-2026 · speech · Version 1"),
        "{footer:?}"
    );
    // The speech's reading copy, as the draft: same styles, and the same properties.
    assert_eq!(
        ws.docx_xml("red.docx", "word/styles.xml"),
        ws.docx_xml(draft, "word/styles.xml")
    );
    let custom = ws.docx_xml("red.docx", "docProps/custom.xml");
    assert!(custom.contains(">speech<"), "{custom}");
    assert!(custom.contains(">singapore-cyber-summit-2026<"), "{custom}");
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    assert!(doc.contains(">never stops</w:t></w:r></w:ins>"), "{doc}");
}

#[test]
fn a_redline_of_docx_files_without_lecterns_properties_is_named_after_the_file() {
    let ws = Ws::sample();
    ws.run(&["draft", "singapore-cyber-summit-2026", "--kind", "speech"])
        .success();
    let draft = "output/singapore-cyber-summit-2026/speech/v001.docx";
    // Files whose properties say nothing of their draft.
    let bare = |x: String| {
        let start = x.find("<property ").unwrap();
        let end = x.rfind("</property>").unwrap() + "</property>".len();
        format!("{}{}", &x[..start], &x[end..])
    };
    edited(&ws, draft, "old.docx", "docProps/custom.xml", bare);
    edited(&ws, "old.docx", "review.docx", "word/document.xml", |x| {
        x.replacen("Cybercrime does not stop", "Cybercrime never stops", 1)
    });
    ws.run(&["diff", "old.docx", "review.docx", "--redline", "red.docx"])
        .success();
    // Each side is named after its file: the footer's name is tracked, "old" → "review".
    let xml = ws.docx_xml("red.docx", "word/footer1.xml");
    assert!(
        xml.contains(r#"<w:delText xml:space="preserve">old</w:delText>"#),
        "{xml}"
    );
    let footer = lines_of(&super::strip(&xml, "w:del"));
    assert!(footer[0].starts_with("review · blog"), "{footer:?}");
}

#[test]
fn a_note_cited_twice_stays_one_note_when_its_first_citation_is_removed() {
    let ws = pair(
        "# Drug markets\n\nCocaine production reached a record in 2023.[^wdr]\n\nSome 316 million people used drugs in 2023.[^wdr]\n\n## Why now?\n\nTrafficking routes multiplied.[^other]\n\n[^wdr]: UNODC, World Drug Report 2025.\n[^other]: INTERPOL, Operation Lionfish, 2024.\n",
        "# Drug markets\n\nSome 316 million people used drugs in 2023.[^wdr]\n\n## Why now?\n\nTrafficking routes multiplied.[^other]\n\n[^wdr]: UNODC, World Drug Report 2025.\n[^other]: INTERPOL, Operation Lionfish, 2024.\n",
    );
    ws.run(&["diff", "old.md", "new.md", "--redline", "red.docx"])
        .success();
    // Two notes, as in both texts: the removed first citation is a removed cross-reference
    // to the note, which stays at the kept citation.
    let notes = ws.docx_xml("red.docx", "word/footnotes.xml");
    assert_eq!(notes.matches("<w:footnote w:id=").count(), 2, "{notes}");
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    let removed = para_with(&doc, ">Cocaine production reached a record in 2023.<");
    assert!(
        removed.contains(
            r#"<w:delInstrText xml:space="preserve"> NOTEREF _RefNote1 \f \h </w:delInstrText>"#
        ),
        "{removed}"
    );
    assert!(removed.contains("<w:delText>1</w:delText>"), "{removed}");
    assert!(!removed.contains("<w:footnoteReference"), "{removed}");
    let kept = para_with(&doc, ">Some 316 million people used drugs in 2023.<");
    assert!(
        kept.contains(r#"<w:footnoteReference w:id="1" />"#),
        "{kept}"
    );
    let [accepted, _] = views(&ws, "red.docx");
    assert_eq!(accepted, md(&ws, "new.md"));
}
