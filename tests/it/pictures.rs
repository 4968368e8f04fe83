//! Pictures, tables, language tags and Markdown that cannot be rendered, end to end
//! (DESIGN.md §9): what reaches the DOCX parts, and every bad picture refused with its place.

use crate::Ws;

/// A valid grey PNG of `w`×`h` pixels at `dpi` dots per inch, made here (no fixture files).
pub(crate) fn png(w: u32, h: u32, dpi: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut c = kind.to_vec();
        c.extend_from_slice(data);
        out.extend_from_slice(&c);
        out.extend_from_slice(&crc32fast::hash(&c).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let ppm = (f64::from(dpi) / 0.0254).round() as u32;
    let mut phys = Vec::new();
    phys.extend_from_slice(&ppm.to_be_bytes());
    phys.extend_from_slice(&ppm.to_be_bytes());
    phys.push(1);
    chunk(&mut out, b"pHYs", &phys);
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0);
        raw.extend((0..w).map(|x| ((x + y) % 200 + 30) as u8));
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut z, &raw).unwrap();
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

fn put(ws: &Ws, rel: &str, bytes: &[u8]) {
    let p = ws.path().join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// The fixture with `image` added to event `event` (after its `language`).
fn with_image(event: &str, image: &str) -> Ws {
    let ws = Ws::fixture("basic");
    let rel = format!("events/{event}.json");
    let text = ws.read(&rel);
    let at = text.find("  \"language\"").unwrap();
    let text = format!("{}  \"image\": {image},\n{}", &text[..at], &text[at..]);
    ws.write(&rel, &text);
    ws
}

fn zip_part(ws: &Ws, rel: &str, part: &str) -> Vec<u8> {
    let f = std::fs::File::open(ws.path().join(rel)).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut z.by_name(part).unwrap(), &mut out).unwrap();
    out
}

#[test]
fn the_blog_shows_the_events_lead_picture_capped_to_the_text_width() {
    let ws = with_image(
        "summit",
        r#"{"path": "assets/lead.png", "alt": "Delegates in the main hall", "credit": "J. Martin / Example"}"#,
    );
    let lead = png(800, 400, 96);
    put(&ws, "assets/lead.png", &lead);
    ws.run(&["draft", "summit", "--kind", "blog"]).success();
    let md = ws.read("output/summit/blog/v001.md");
    assert!(
        md.contains(
            "![Delegates in the main hall](<assets/lead.png>)\n\n*Photo: J. Martin / Example*\n"
        ),
        "{md}"
    );
    let rel = "output/summit/blog/v001.docx";
    let doc = ws.docx_xml(rel, "word/document.xml");
    // 800 px at 96 dpi is 8.33 in, wider than the 9070-twip text width: scaled to it, 2:1 kept.
    assert!(
        doc.contains(r#"<wp:extent cx="5759450" cy="2879725" />"#),
        "{doc}"
    );
    assert!(
        doc.contains(
            r#"<wp:docPr id="1001" name="Picture 1001" descr="Delegates in the main hall" />"#
        ),
        "{doc}"
    );
    assert!(doc.contains(r#"<a:blip r:embed="rIdImage1" />"#), "{doc}");
    let rels = ws.docx_xml(rel, "word/_rels/document.xml.rels");
    assert!(
        rels.contains(r#"<Relationship Id="rIdImage1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png" />"#),
        "{rels}"
    );
    let types = ws.docx_xml(rel, "[Content_Types].xml");
    assert!(
        types.contains(r#"<Default Extension="png" ContentType="image/png"/>"#),
        "{types}"
    );
    assert_eq!(zip_part(&ws, rel, "word/media/image1.png"), lead);
    // The speech does not show it, and needs nothing of it.
    ws.run(&["draft", "summit", "--kind", "speech"]).success();
    let speech = ws.docx_xml("output/summit/speech/v001.docx", "word/document.xml");
    assert!(!speech.contains("<w:drawing>"));

    // A new picture file is a new draft.
    put(&ws, "assets/lead.png", &png(400, 400, 96));
    ws.run(&["draft", "summit", "--kind", "blog"])
        .success()
        .stdout_has("summit/blog: v002");
}

#[test]
fn template_pictures_keep_their_natural_size_and_share_one_part() {
    let ws = Ws::fixture("basic");
    put(&ws, "assets/logo.png", &png(96, 48, 192));
    ws.write(
        "templates/blog.hbs",
        "![Office logo](assets/logo.png)\n\n# {{event.title}}\n\nSigned ![Office logo](assets/logo.png)\n",
    );
    ws.run(&["draft", "summit", "--kind", "blog"]).success();
    let rel = "output/summit/blog/v001.docx";
    let doc = ws.docx_xml(rel, "word/document.xml");
    // 96 × 48 px at 192 dpi: half an inch by a quarter.
    assert_eq!(
        doc.matches(r#"<wp:extent cx="457200" cy="228600" />"#)
            .count(),
        2,
        "{doc}"
    );
    assert!(doc.contains(r#"<wp:docPr id="1001""#) && doc.contains(r#"<wp:docPr id="1002""#));
    assert_eq!(doc.matches(r#"r:embed="rIdImage1""#).count(), 2, "{doc}");
    let rels = ws.docx_xml(rel, "word/_rels/document.xml.rels");
    assert_eq!(rels.matches("media/image").count(), 1, "{rels}");
}

#[test]
fn a_missing_picture_names_the_template_line_and_writes_nothing() {
    let ws = Ws::fixture("basic");
    ws.write(
        "templates/blog.hbs",
        "# {{event.title}}\n\nText.\n\nSee ![The logo](assets/missing.png)\n",
    );
    let r = ws.run(&["draft", "summit", "--kind", "blog"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: picture `assets/missing.png` does not exist
  --> templates/blog.hbs:5:17
  |
5 | See ![The logo](assets/missing.png)
  |                 ^
hint: put the file in the workspace (e.g. under assets/) or fix the path
"
    );
    assert!(!ws.exists("output/summit/blog"));
}

#[test]
fn a_picture_without_alt_text_is_refused_in_a_public_kind_only() {
    let ws = Ws::fixture("basic");
    put(&ws, "assets/logo.png", &png(10, 10, 96));
    let template = "# {{event.title}}\n\n![](assets/logo.png)\n";
    ws.write("templates/blog.hbs", template);
    ws.write("templates/briefing-note.hbs", template);
    let r = ws.run(&["draft", "summit", "--kind", "blog"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: picture `assets/logo.png` has no alt text, which the blog needs as a public document
  --> templates/blog.hbs:3:5
  |
3 | ![](assets/logo.png)
  |     ^
hint: describe the picture between the brackets: ![what it shows](path)
"
    );
    assert!(!ws.exists("output/summit/blog"));
    ws.run(&["draft", "summit", "--kind", "briefing-note"])
        .success();
}

#[test]
fn the_events_picture_errors_name_its_field() {
    // No alt text.
    let ws = with_image("summit", r#"{"path": "assets/lead.png"}"#);
    put(&ws, "assets/lead.png", &png(10, 10, 96));
    let r = ws.run(&["draft", "summit", "--kind", "blog"]);
    r.failure(2);
    assert_eq!(
        r.stderr(),
        "error: picture `assets/lead.png` has no alt text, which the blog needs as a public document
  --> events/summit.json:19:3
   |
19 |   \"image\": {\"path\": \"assets/lead.png\"},
   |   ^
hint: add \"alt\" to the event's image: what the picture shows, in a sentence
"
    );

    // Not a picture.
    let ws = with_image("summit", r#"{"path": "assets/lead.png", "alt": "A hall"}"#);
    put(&ws, "assets/lead.png", b"<html>not a picture</html>");
    ws.run(&["draft", "summit", "--kind", "blog"])
        .failure(2)
        .stderr_has("error: picture `assets/lead.png` cannot be used: not a PNG or JPEG file\n  --> events/summit.json:19:13\n")
        .stderr_has("hint: save it again as PNG or JPEG");

    // Cut short: the header is fine, the data is not all there.
    let whole = png(40, 40, 96);
    put(&ws, "assets/lead.png", &whole[..whole.len() - 30]);
    ws.run(&["draft", "summit", "--kind", "blog"])
        .failure(2)
        .stderr_has("error: picture `assets/lead.png` cannot be used: the file is cut short\n");

    // Outside the workspace.
    let ws = with_image("summit", r#"{"path": "../lead.png", "alt": "A hall"}"#);
    ws.run(&["draft", "summit", "--kind", "blog"])
        .failure(2)
        .stderr_has("error: picture path `../lead.png` leaves the workspace (`..`)\n  --> events/summit.json:19:13\n");
    let ws = with_image("summit", r#"{"path": "/etc/lead.png", "alt": "A hall"}"#);
    ws.run(&["draft", "summit", "--kind", "blog"])
        .failure(2)
        .stderr_has(
        "error: picture path `/etc/lead.png` is absolute; it must be relative to the workspace\n",
    );
    assert!(!ws.exists("output/summit/blog"));
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_workspace_is_refused() {
    let ws = with_image("summit", r#"{"path": "assets/lead.png", "alt": "A hall"}"#);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("lead.png"), png(10, 10, 96)).unwrap();
    std::fs::create_dir_all(ws.path().join("assets")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("lead.png"),
        ws.path().join("assets/lead.png"),
    )
    .unwrap();
    ws.run(&["draft", "summit", "--kind", "blog"])
        .failure(2)
        .stderr_has("error: picture `assets/lead.png` is a link to a file outside the workspace\n")
        .stderr_has("hint: copy the picture into the workspace instead of linking to it");
    assert!(!ws.exists("output/summit/blog"));
}

#[test]
fn tables_become_docx_tables_with_a_repeating_header_row() {
    let ws = Ws::fixture("basic");
    ws.write(
        "templates/blog.hbs",
        "# {{event.title}}\n\n| Operation | Arrests |\n| :-- | --: |\n| {{event.city}} | 5,500 |\n| Pipe \\| inside | `a\\|b` |\n",
    );
    ws.run(&["draft", "summit", "--kind", "blog"]).success();
    let md = ws.read("output/summit/blog/v001.md");
    assert!(
        md.contains("| Operation | Arrests |\n| :--- | ---: |\n| Singapore | 5,500 |\n| Pipe \\| inside | <code>a\\|b</code> |\n"),
        "{md}"
    );
    let doc = ws.docx_xml("output/summit/blog/v001.docx", "word/document.xml");
    assert!(
        doc.contains(r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid" />"#),
        "{doc}"
    );
    assert_eq!(doc.matches("<w:tblHeader />").count(), 1, "{doc}");
    assert_eq!(doc.matches("<w:tc>").count(), 6, "{doc}");
    // The right-aligned column.
    assert_eq!(doc.matches(r#"<w:jc w:val="end" />"#).count(), 3, "{doc}");
    assert!(doc.contains(">Pipe | inside<"), "{doc}");
    let styles = ws.docx_xml("output/summit/blog/v001.docx", "word/styles.xml");
    assert!(styles.contains(r#"w:styleId="TableGrid""#), "{styles}");
    // The text of record and the DOCX read back the same.
    ws.run(&[
        "diff",
        "output/summit/blog/v001.md",
        "output/summit/blog/v001.docx",
        "--format",
        "stat",
    ])
    .success()
    .stdout_has("no changes");
}

#[test]
fn the_press_briefing_has_a_facts_and_figures_table_right_to_left_in_arabic() {
    let ws = Ws::fixture("basic");
    ws.run(&["draft", "summit", "--kind", "press-briefing"])
        .success();
    let md = ws.read("output/summit/press-briefing/v001.md");
    assert!(
        md.contains("| Figure | Source |\n| --- | --- |\n| more than 5,500 arrests | INTERPOL, 2 December 2024 |\n"),
        "{md}"
    );
    ws.run(&["draft", "summit-ar", "--kind", "press-briefing"])
        .success();
    let doc = ws.docx_xml(
        "output/summit-ar/press-briefing/v001.docx",
        "word/document.xml",
    );
    assert!(
        doc.contains(r#"<w:tblStyle w:val="TableGrid" /><w:bidiVisual />"#),
        "{doc}"
    );
}

#[test]
fn every_run_carries_the_draft_language() {
    let ws = Ws::fixture("basic");
    for (event, tag) in [
        ("summit", r#"<w:lang w:val="en-GB" />"#),
        ("summit-fr", r#"<w:lang w:val="fr-FR" />"#),
        ("summit-es", r#"<w:lang w:val="es-ES" />"#),
        // Arabic stretches are also right to left; Latin words inside them are not.
        ("summit-ar", r#"<w:lang w:val="ar-SA" w:bidi="ar-SA" />"#),
    ] {
        ws.run(&["draft", event, "--kind", "blog"]).success();
        let rel = format!("output/{event}/blog/v001.docx");
        for part in [
            "word/document.xml",
            "word/header1.xml",
            "word/footnotes.xml",
        ] {
            let xml = ws.docx_xml(&rel, part);
            let mut with_text = 0;
            for chunk in xml.split("<w:r>").skip(1) {
                let run = &chunk[..chunk.find("</w:r>").unwrap()];
                // Text other than a space (the one after a footnote's number) says its language.
                if run.contains("<w:t ") && !run.contains(r#"<w:t xml:space="preserve"> </w:t>"#) {
                    with_text += 1;
                    assert!(run.contains(tag), "{event} {part}: {run}");
                }
            }
            assert!(with_text > 0, "{event} {part}");
        }
    }
    let ar = ws.docx_xml("output/summit-ar/blog/v001.docx", "word/document.xml");
    assert!(ar.contains(r#"<w:rtl/><w:lang w:val="ar-SA" w:bidi="ar-SA" /></w:rPr><w:t xml:space="preserve">بقلم"#), "{ar}");
}

#[test]
fn raw_html_in_a_template_is_a_located_warning_and_stays_as_text() {
    let ws = Ws::fixture("basic");
    ws.write(
        "templates/blog.hbs",
        "# {{event.title}}\n\nA <u>note</u> here.\n\n<div class=\"box\">Boxed</div>\n",
    );
    let r = ws.run(&["draft", "summit", "--kind", "blog"]);
    r.success();
    // The three warnings come first (the length warning follows: the template is short).
    let stderr = r.stderr();
    let ours: String = stderr.split_inclusive('\n').take(3).collect();
    assert_eq!(
        ours,
        "warning: summit/blog: templates/blog.hbs:3:3: raw HTML `<u>` cannot be rendered; it is printed as text
warning: summit/blog: templates/blog.hbs:3:10: raw HTML `</u>` cannot be rendered; it is printed as text
warning: summit/blog: templates/blog.hbs:5:1: raw HTML `<div class=\"box\">Boxed</div>` cannot be rendered; it is printed as text
"
    );
    let doc = ws.docx_xml("output/summit/blog/v001.docx", "word/document.xml");
    assert!(
        doc.contains("&lt;div class=&quot;box&quot;&gt;Boxed&lt;/div&gt;"),
        "{doc}"
    );
    let m = ws.manifest("output/summit/blog/v001.json");
    let warnings = m["warnings"].as_array().unwrap();
    assert_eq!(
        warnings[0],
        "templates/blog.hbs:3:3: raw HTML `<u>` cannot be rendered; it is printed as text"
    );
    assert_eq!(warnings.len(), 3);
    // Unchanged, the warnings are still shown.
    ws.run(&["draft", "summit", "--kind", "blog"])
        .success()
        .stderr_has("templates/blog.hbs:5:1: raw HTML");
}

#[test]
fn review_comments_speak_the_draft_language() {
    let ws = Ws::fixture("basic");
    ws.write(
        "snippets/messages/fr-draft.json",
        r#"{
  "id": "msg-fr-draft",
  "title": "Ligne en cours de validation",
  "topic": "cybercrime",
  "status": "draft",
  "version": 1,
  "text": { "fr": "La coopération avance plus vite que le crime." }
}
"#,
    );
    let ev = ws.read("events/summit-fr.json").replacen(
        "\"messages\": [",
        "\"messages\": [\n    \"msg-fr-draft\",",
        1,
    );
    ws.write("events/summit-fr.json", &ev);
    ws.run(&["draft", "summit-fr", "--kind", "blog", "--allow-unapproved"])
        .success();
    let comments = ws.docx_xml("output/summit-fr/blog/v001.docx", "word/comments.xml");
    assert!(
        comments.contains("NON VALIDÉ\u{a0}: le message `msg-fr-draft` a le statut «\u{a0}brouillon\u{a0}» (non approuvé)"),
        "{comments}"
    );
    assert!(
        comments.contains(r#"<w:lang w:val="fr-FR" />"#),
        "{comments}"
    );
}

#[cfg(unix)]
#[test]
fn the_redline_is_tagged_with_the_language_and_readable_by_the_team() {
    use std::os::unix::fs::PermissionsExt;
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
    let mode = std::fs::metadata(ws.path().join("red.docx"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
    let doc = ws.docx_xml("red.docx", "word/document.xml");
    assert!(doc.contains(r#"<w:ins w:id=""#), "{doc}");
    // Every run of text is tagged Arabic, every paragraph is right to left, as in the draft.
    assert_eq!(
        doc.matches(r#"<w:lang w:val="ar-SA" w:bidi="ar-SA" />"#)
            .count(),
        doc.matches("<w:t ").count(),
        "{doc}"
    );
    assert_eq!(
        doc.matches("<w:bidi />").count(),
        doc.matches("<w:p ").count(),
        "{doc}"
    );
}

#[test]
fn check_reports_the_events_picture_where_it_is_named() {
    let ws = with_image("summit", r#"{"path": "assets/gone.jpg"}"#);
    let r = ws.run(&["check"]);
    r.failure(1);
    r.stderr_has(
        "error: picture `assets/gone.jpg` does not exist\n  --> events/summit.json:19:13\n",
    )
    .stderr_has(
        "error: picture `assets/gone.jpg` has no alt text, which the speech and blog and press-briefing need as public documents\n  --> events/summit.json:19:3\n",
    );
}

#[test]
fn check_finds_template_pictures_and_raw_html_as_drafting_would() {
    let ws = Ws::fixture("basic");
    ws.write(
        "templates/blog.hbs",
        "# {{event.title}}\n\n![The logo](assets/missing.png)\n\n<div>boxed</div>\n",
    );
    let r = ws.run(&["check"]);
    r.failure(1);
    r.stderr_has("error: picture `assets/missing.png` does not exist\n  --> templates/blog.hbs:3:13\n")
        .stderr_has("warning: raw HTML `<div>boxed</div>` cannot be rendered; it is printed as text\n  --> templates/blog.hbs:5:1\n");
    // Once per template line, not once per event using it.
    assert_eq!(
        r.stderr()
            .matches("assets/missing.png` does not exist")
            .count(),
        1
    );
}
