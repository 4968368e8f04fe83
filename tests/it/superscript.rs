//! Superscript and subscript end to end: a reviewer's "XXIᵉ" and "CO₂" set with Word's
//! `w:vertAlign` are imported as `XXI^e^` and `CO~2~`, kept by the next draft's merge and written
//! back as `w:vertAlign`; a superscript-only edit is a change for `diff`, the redline and the
//! review page; a template may write `^e^` itself.

use crate::import::reviewed;
use crate::Ws;

const SPEECH: &str = "output/summit/speech";

/// How the draft writes its closing line.
const THANKS: &str = r#"<w:r><w:rPr><w:lang w:val="en-GB" /></w:rPr><w:t xml:space="preserve">Thank you.</w:t></w:r>"#;

/// The reviewer's closing line: "Thank you, XXIᵉ century. CO₂." with Word's superscript and
/// subscript.
const RAISED: &str = concat!(
    r#"<w:r><w:t xml:space="preserve">Thank you, XXI</w:t></w:r>"#,
    r#"<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>e</w:t></w:r>"#,
    r#"<w:r><w:t xml:space="preserve"> century. CO</w:t></w:r>"#,
    r#"<w:r><w:rPr><w:vertAlign w:val="subscript"/></w:rPr><w:t>2</w:t></w:r>"#,
    r#"<w:r><w:t>.</w:t></w:r>"#,
);

/// A drafted speech with the reviewer's superscript and subscript imported as v002.
fn imported() -> Ws {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    reviewed(
        &ws,
        &format!("{SPEECH}/v001.docx"),
        "review.docx",
        |x| {
            assert!(x.contains(THANKS), "the draft changed shape");
            x.replace(THANKS, RAISED)
        },
        None,
    );
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "review.docx",
        "--by",
        "Ann Lee",
    ])
    .success()
    .stdout_has("  since v001: +7 \u{2212}2 words, 1 paragraph added, 1 removed\n");
    ws
}

#[test]
fn an_imported_superscript_is_markdown_and_survives_the_next_draft() {
    let ws = imported();
    let md = ws.read(&format!("{SPEECH}/v002.md"));
    assert!(
        md.contains("\nThank you, XXI^e^ century. CO~2~\\.\n"),
        "{md}"
    );
    // The text of record and the document agree, formatting included.
    ws.run(&[
        "diff",
        &format!("{SPEECH}/v002.md"),
        &format!("{SPEECH}/v002.docx"),
    ])
    .success()
    .stdout_has("\nno changes\n");

    // The inputs change: the draft merges the new render over the reviewer's text.
    let path = "snippets/messages/core.json";
    let text = ws
        .read(path)
        .replace("in real time", "in seconds")
        .replace("\"version\": 2,", "\"version\": 3,");
    ws.write(path, &text);
    ws.run(&["draft", "summit", "--kind", "speech"])
        .success()
        .stdout_has("summit/speech: v003 ");
    let md = ws.read(&format!("{SPEECH}/v003.md"));
    assert!(
        md.contains("\nThank you, XXI^e^ century. CO~2~\\.\n"),
        "{md}"
    );
    assert!(md.contains("share information in seconds"), "{md}");
    let doc = ws.docx_xml(&format!("{SPEECH}/v003.docx"), "word/document.xml");
    assert!(
        doc.contains(r#"<w:rPr><w:vertAlign w:val="superscript" /><w:lang w:val="en-GB" /></w:rPr><w:t xml:space="preserve">e</w:t>"#),
        "{doc}"
    );
    assert!(
        doc.contains(r#"<w:rPr><w:vertAlign w:val="subscript" /><w:lang w:val="en-GB" /></w:rPr><w:t xml:space="preserve">2</w:t>"#),
        "{doc}"
    );
    // v001, drafted before any superscript, has none.
    let first = ws.docx_xml(&format!("{SPEECH}/v001.docx"), "word/document.xml");
    assert!(!first.contains("vertAlign"));
}

#[test]
fn a_superscript_only_edit_is_a_change() {
    let ws = imported();
    // The same words, the superscript set back on the baseline.
    reviewed(
        &ws,
        &format!("{SPEECH}/v002.docx"),
        "flat.docx",
        |x| x.replace(r#"<w:vertAlign w:val="superscript"/>"#, ""),
        None,
    );
    let r = ws.run(&["diff", &format!("{SPEECH}/v002.docx"), "flat.docx"]);
    r.success()
        .stdout_has("1 paragraph changed")
        .stdout_has("XXI^e^")
        .stdout_has("XXIe");
    assert!(!r.stdout().contains("no changes"), "{}", r.stdout());

    // Imported, it is a new version: the words are the same, the paragraph is not.
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "speech",
        "flat.docx",
        "--by",
        "Ann Lee",
    ])
    .success()
    .stdout_has("summit/speech: v003 ")
    .stdout_has("  since v002: +1 \u{2212}2 words, 1 paragraph changed\n");
    let md = ws.read(&format!("{SPEECH}/v003.md"));
    assert!(md.contains("\nThank you, XXIe century. CO~2~\\.\n"), "{md}");

    // The redline tracks it as a formatting change holding the former superscript.
    ws.run(&[
        "diff",
        &format!("{SPEECH}/v002.docx"),
        "flat.docx",
        "--redline",
        "red.docx",
    ])
    .success();
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    let change = doc
        .split("<w:rPrChange ")
        .nth(1)
        .unwrap_or_else(|| panic!("no formatting change in\n{doc}"));
    assert!(
        change.starts_with(r#"w:id=""#)
            && change.contains(
                r#"<w:rPr><w:vertAlign w:val="superscript" /></w:rPr></w:rPrChange></w:rPr><w:t xml:space="preserve">e</w:t>"#
            ),
        "{doc}"
    );
    // The subscript did not change: no second formatting change.
    assert_eq!(doc.matches("<w:rPrChange ").count(), 1, "{doc}");
    assert!(
        doc.contains(r#"<w:vertAlign w:val="subscript" />"#),
        "{doc}"
    );

    // The review page sets the superscript as such.
    let page = ws.run(&[
        "diff",
        &format!("{SPEECH}/v002.docx"),
        "flat.docx",
        "--format",
        "html",
    ]);
    page.success();
    assert!(
        page.stdout()
            .contains(r#"XXI<span class="mk">^</span><sup>e</sup><span class="mk">^</span>"#),
        "{}",
        page.stdout()
    );
}

#[test]
fn a_template_may_write_superscript_and_subscript() {
    let ws = Ws::fixture("basic");
    ws.write(
        "templates/blog.hbs",
        "# {{event.title}}\n\nThe XXI^e^ century, le 1^er^ mai, CO~2~ and ^a b^; ~~struck~~.\n",
    );
    let r = ws.run(&["draft", "summit", "--kind", "blog"]);
    r.success();
    let md = ws.read("output/summit/blog/v001.md");
    assert!(
        md.contains("\nThe XXI^e^ century, le 1^er^ mai, CO~2~ and <sup>a b</sup>; struck.\n"),
        "{md}"
    );
    let doc = ws.docx_xml("output/summit/blog/v001.docx", "word/document.xml");
    assert_eq!(
        doc.matches(r#"<w:vertAlign w:val="superscript" />"#)
            .count(),
        3,
        "{doc}"
    );
    assert_eq!(
        doc.matches(r#"<w:vertAlign w:val="subscript" />"#).count(),
        1,
        "{doc}"
    );
    // Strikethrough is still printed as plain text, and said so.
    r.stderr_has("strikethrough");
}
