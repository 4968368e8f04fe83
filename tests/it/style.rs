//! House styles: drafts take styles, page setup, headers and footers from an office's own
//! Word file (fixtures made by `tests/fixtures/house/make.py` with python-docx, a French-Word
//! renaming, LibreOffice and pandoc); `style export` and `style show`; the parts every draft
//! carries whatever its style (a theme, `xmlns:r` on every root, Normal as the default).

use std::collections::HashSet;
use std::io::Read;

use super::{repo, strip, Ws};

/// Copy fixture `name`.docx into the workspace's style/ and point `house_style` at `value`.
fn with_house(ws: &Ws, fixtures: &[&str], value: serde_json::Value) {
    for name in fixtures {
        let to = ws.path().join(format!("style/{name}.docx"));
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo().join(format!("tests/fixtures/house/{name}.docx")), to).unwrap();
    }
    let mut settings: serde_json::Value = serde_json::from_str(&ws.read("lectern.json")).unwrap();
    settings["house_style"] = value;
    ws.write(
        "lectern.json",
        &serde_json::to_string_pretty(&settings).unwrap(),
    );
}

/// The text of an XML part, tags removed.
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every part name in a DOCX of the workspace.
fn part_names(ws: &Ws, rel: &str) -> Vec<String> {
    let f = std::fs::File::open(ws.path().join(rel)).unwrap();
    let z = zip::ZipArchive::new(f).unwrap();
    z.file_names().map(String::from).collect()
}

/// Every `wp:docPr` id in the package.
fn drawing_ids(ws: &Ws, rel: &str) -> Vec<u64> {
    let f = std::fs::File::open(ws.path().join(rel)).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut ids = Vec::new();
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        if !e.name().ends_with(".xml") {
            continue;
        }
        let mut s = String::new();
        e.read_to_string(&mut s).unwrap();
        for piece in s.split("<wp:docPr id=\"").skip(1) {
            ids.push(piece.split('"').next().unwrap().parse().unwrap());
        }
    }
    ids
}

/// An event drafting an unapproved message, so drafts carry NOT CLEARED.
fn add_unapproved_event(ws: &Ws) {
    let mut e: serde_json::Value =
        serde_json::from_str(&ws.read("events/singapore-cyber-summit-2026.json")).unwrap();
    e["id"] = "not-cleared-check".into();
    let first = e["messages"][0].clone();
    e["messages"] = serde_json::json!([first, "cyber-ai-enabled-crime"]);
    ws.write(
        "events/not-cleared-check.json",
        &serde_json::to_string_pretty(&e).unwrap(),
    );
}

const PB: &str = "output/singapore-cyber-summit-2026/press-briefing/v001.docx";

#[test]
fn a_python_docx_house_style_gives_its_letterhead_and_lecterns_markings() {
    let ws = Ws::sample();
    with_house(&ws, &["pydocx"], "style/pydocx.docx".into());
    ws.run(&[
        "draft",
        "singapore-cyber-summit-2026",
        "--kind",
        "press-briefing",
    ])
    .success();
    let names = part_names(&ws, PB);
    for part in [
        "word/header1.xml",
        "word/header2.xml",
        "word/footer1.xml",
        "word/_rels/header1.xml.rels",
        "word/_rels/header2.xml.rels",
        "word/theme/theme1.xml",
    ] {
        assert!(names.iter().any(|n| n == part), "{part} in {names:?}");
    }
    assert!(
        names.iter().any(|n| n.starts_with("word/media/house-")),
        "{names:?}"
    );
    // Placeholders split across runs are filled; the run formatting where they start is kept.
    let header = ws.docx_xml(PB, "word/header1.xml");
    assert!(
        header.contains(r#"<w:b/></w:rPr><w:t xml:space="preserve">DRAFT</w:t>"#),
        "{header}"
    );
    assert!(header.contains("Version 1"), "{header}");
    assert!(header.contains(">PUBLIC<"), "{header}");
    assert!(
        header.contains("Embargoed until 8 December 2026"),
        "{header}"
    );
    assert!(!header.contains('{'), "{header}");
    // The first-page letterhead has no placeholder: the clearance marking is added.
    let first = ws.docx_xml(PB, "word/header2.xml");
    assert!(first.contains("ORGANISATION LETTERHEAD"), "{first}");
    assert!(
        first.contains(r#"<w:t xml:space="preserve">PUBLIC</w:t>"#),
        "{first}"
    );
    // {page} and {pages} are fields; {event} and {kind} filled.
    let footer = ws.docx_xml(PB, "word/footer1.xml");
    assert!(footer.contains(" PAGE </w:instrText>"), "{footer}");
    assert!(footer.contains(" NUMPAGES </w:instrText>"), "{footer}");
    assert!(
        text_of(&footer)
            .contains("singapore-cyber-summit-2026 · press-briefing   Page  PAGE 1 of  NUMPAGES 1"),
        "{footer}"
    );
    // The house's page setup and first-page header; every reference resolves.
    let doc = ws.docx_xml(PB, "word/document.xml");
    let sect = &doc[doc.rfind("<w:sectPr>").unwrap()..];
    assert!(
        sect.contains(r#"<w:headerReference w:type="first" r:id="rIdHeader2"/>"#),
        "{sect}"
    );
    assert!(sect.contains(r#"w:left="1134""#), "{sect}");
    assert!(sect.contains("<w:titlePg/>"), "{sect}");
    let rels = ws.docx_xml(PB, "word/_rels/document.xml.rels");
    for id in ["rIdHeader1", "rIdHeader2", "rIdFooter1", "rId4"] {
        assert!(rels.contains(&format!(r#"Id="{id}""#)), "{id}: {rels}");
    }
    // Drawing ids are unique, the house's far from the body's.
    let ids = drawing_ids(&ws, PB);
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "{ids:?}"
    );
    assert!(ids.iter().all(|i| *i >= 100_000), "{ids:?}");
    // The house's styles: its Normal font, lectern's footnote styles added.
    let styles = ws.docx_xml(PB, "word/styles.xml");
    assert!(styles.contains("Liberation Serif"), "house fonts");
    assert!(
        styles.contains(r#"w:styleId="FootnoteText""#),
        "fallback added"
    );
    assert_eq!(
        styles
            .matches(r#"w:default="1" w:styleId="Normal""#)
            .count()
            + styles
                .matches(r#"w:styleId="Normal" w:default="1""#)
                .count(),
        1
    );
    // Lists: lectern's numbering ids come after the house's, none shared.
    let numbering = ws.docx_xml(PB, "word/numbering.xml");
    let num_ids: Vec<&str> = numbering
        .split("<w:num w:numId=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(
        num_ids.iter().collect::<HashSet<_>>().len(),
        num_ids.len(),
        "{num_ids:?}"
    );
    assert!(
        doc.contains(r#"<w:numId w:val="10" />"#),
        "bullets after the house's 9 lists"
    );
}

#[test]
fn french_word_style_ids_are_found_by_name_and_even_pages_get_their_header() {
    let ws = Ws::sample();
    with_house(&ws, &["french"], "style/french.docx".into());
    ws.run(&[
        "draft",
        "singapore-cyber-summit-2026",
        "--kind",
        "press-briefing",
    ])
    .success();
    let doc = ws.docx_xml(PB, "word/document.xml");
    assert!(
        doc.contains(r#"<w:pStyle w:val="Titre1" />"#),
        "headings use Titre1"
    );
    assert!(
        doc.contains(r#"<w:pStyle w:val="Listepuces" />"#),
        "bullets use Listepuces"
    );
    assert!(!doc.contains(r#"w:val="Heading1""#));
    assert!(doc.contains(r#"<w:headerReference w:type="even" r:id="rIdHeader3"/>"#));
    let settings = ws.docx_xml(PB, "word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders/>"), "{settings}");
    let even = ws.docx_xml(PB, "word/header3.xml");
    assert!(
        even.contains("Opening address and press conference, Global Cybercrime Cooperation Summit"),
        "{{title}} filled: {even}"
    );
    assert!(
        even.contains("DRAFT · Version 1 · PUBLIC"),
        "markings added: {even}"
    );

    let show = ws.run(&["style", "show"]);
    show.success();
    let out = show.stdout();
    assert!(
        out.contains(
            "Heading 1           Titre1             heading 1           style/french.docx\n"
        ),
        "{out}"
    );
    assert!(out.contains("header (even pages)  house, placeholders {title}; lectern adds a line for: status, version, clearance, embargo\n"), "{out}");
}

#[test]
fn clearance_and_not_cleared_are_on_every_page_whatever_the_house_says() {
    let ws = Ws::sample();
    add_unapproved_event(&ws);
    with_house(&ws, &["french"], "style/french.docx".into());
    ws.run(&[
        "draft",
        "not-cleared-check",
        "--kind",
        "press-briefing",
        "--allow-unapproved",
    ])
    .success();
    let rel = "output/not-cleared-check/press-briefing/v001.docx";
    for part in ["word/header1.xml", "word/header2.xml", "word/header3.xml"] {
        let x = ws.docx_xml(rel, part);
        assert!(x.contains("NOT CLEARED"), "{part}: {x}");
        assert!(x.contains("PUBLIC"), "{part}: {x}");
    }
}

#[test]
fn libreoffice_and_pandoc_house_styles_draft_every_kind() {
    for fixture in ["libreoffice", "pandoc"] {
        let ws = Ws::sample();
        with_house(&ws, &[fixture], format!("style/{fixture}.docx").into());
        ws.run(&["batch", "-q"]).success();
        let doc = ws.docx_xml(PB, "word/document.xml");
        assert!(doc.contains("<w:sectPr><w:headerReference"), "{fixture}");
        let header = ws.docx_xml(PB, "word/header1.xml");
        assert!(header.contains("PUBLIC"), "{fixture}: {header}");
        // Every style a style refers to is defined: pandoc's reference document bases its
        // table style on `TableNormal`, which it does not define.
        let styles = ws.docx_xml(PB, "word/styles.xml");
        for reference in styles.split("<w:basedOn w:val=\"").skip(1) {
            let id = reference.split('"').next().unwrap();
            assert!(
                styles.contains(&format!("w:styleId=\"{id}\"")),
                "{fixture}: basedOn {id} is not defined"
            );
        }
    }
}

#[test]
fn each_language_takes_its_own_house_style() {
    let ws = Ws::sample();
    with_house(
        &ws,
        &["pydocx", "arabic"],
        serde_json::json!({"default": "style/pydocx.docx", "ar": "style/arabic.docx"}),
    );
    ws.run(&["batch", "-q"]).success();
    let ar = "output/abu-dhabi-financial-crime-2027/speech/v001.docx";
    let doc = ws.docx_xml(ar, "word/document.xml");
    assert!(
        doc.contains(r#"w:orient="landscape""#),
        "the Arabic letterhead is landscape"
    );
    let header = ws.docx_xml(ar, "word/header1.xml");
    assert!(header.contains("مكتب الأمين العام"), "{header}");
    let en = ws.docx_xml(PB, "word/document.xml");
    assert!(!en.contains("landscape"));
}

#[test]
fn a_speech_keeps_the_reading_copy_rules_over_the_house_styles() {
    let ws = Ws::sample();
    with_house(&ws, &["pydocx"], "style/pydocx.docx".into());
    ws.run(&["draft", "singapore-cyber-summit-2026", "--kind", "speech"])
        .success();
    let styles = ws.docx_xml(
        "output/singapore-cyber-summit-2026/speech/v001.docx",
        "word/styles.xml",
    );
    let normal = styles.split(r#"w:styleId="Normal""#).nth(1).unwrap();
    let normal = &normal[..normal.find("</w:style>").unwrap()];
    assert!(normal.contains(r#"<w:sz w:val="32"/>"#), "{normal}");
    assert!(normal.contains("<w:keepLines/>"), "{normal}");
    assert!(normal.contains(r#"w:line="360""#), "{normal}");
}

#[test]
fn a_changed_house_style_is_a_new_version_and_an_unchanged_one_is_not() {
    let ws = Ws::sample();
    with_house(&ws, &["pydocx"], "style/pydocx.docx".into());
    let args = ["draft", "singapore-cyber-summit-2026", "--kind", "speech"];
    ws.run(&args).success();
    ws.run(&args).success().stdout_has("unchanged since v001");
    std::fs::copy(
        repo().join("tests/fixtures/house/libreoffice.docx"),
        ws.path().join("style/pydocx.docx"),
    )
    .unwrap();
    ws.run(&args).success();
    assert!(ws.exists("output/singapore-cyber-summit-2026/speech/v002.docx"));
}

/// A redline of two versions tracks the values the house style's own placeholders show: the
/// version number and an embargo moved, each deleted and inserted in the placeholder's format.
#[test]
fn a_redline_tracks_the_values_of_the_house_placeholders() {
    let ws = Ws::sample();
    with_house(&ws, &["pydocx"], "style/pydocx.docx".into());
    let args = [
        "draft",
        "singapore-cyber-summit-2026",
        "--kind",
        "press-briefing",
    ];
    ws.run(&args).success();
    let event = "events/singapore-cyber-summit-2026.json";
    let json = ws.read(event);
    ws.write(
        event,
        &json.replace("2026-12-08T10:30:00+08:00", "2026-12-09T10:30:00+08:00"),
    );
    ws.run(&args).success();
    ws.run(&[
        "diff",
        "singapore-cyber-summit-2026",
        "--kind",
        "press-briefing",
        "--redline",
        "red.docx",
    ])
    .success();
    let header = ws.docx_xml("red.docx", "word/header1.xml");
    let del = |s: &str| format!(r#"<w:delText xml:space="preserve">{s}</w:delText></w:r></w:del>"#);
    let ins = |s: &str| format!(r#"<w:t xml:space="preserve">{s}</w:t></w:r></w:ins>"#);
    assert!(header.contains(&del("Version 1")), "{header}");
    assert!(header.contains(&ins("Version 2")), "{header}");
    assert!(header.contains("8 December 2026"), "{header}");
    assert!(header.contains("9 December 2026"), "{header}");
    // The deleted and inserted runs keep the placeholder's bold.
    assert!(
        header.contains(r#"<w:b/></w:rPr><w:delText xml:space="preserve">DRAFT"#)
            || !header.contains("<w:delText xml:space=\"preserve\">DRAFT"),
        "{header}"
    );
    // Accepting every change gives the newer header text, rejecting every change the older.
    let accepted = text_of(&strip(&header, "w:del"));
    let rejected = text_of(&strip(&header, "w:ins").replace("w:delText", "w:t"));
    assert!(
        accepted.contains("Version 2") && !accepted.contains("Version 1"),
        "{accepted}"
    );
    assert!(
        rejected.contains("Version 1") && !rejected.contains("Version 2"),
        "{rejected}"
    );
    assert!(
        accepted.contains("9 December") && !accepted.contains("8 December"),
        "{accepted}"
    );
    assert!(
        rejected.contains("8 December") && !rejected.contains("9 December"),
        "{rejected}"
    );
    // The drafts themselves carry no revision marks.
    let v2 = ws.docx_xml(
        "output/singapore-cyber-summit-2026/press-briefing/v002.docx",
        "word/header1.xml",
    );
    assert!(!v2.contains("<w:del ") && !v2.contains("<w:ins "), "{v2}");
}

#[test]
fn a_missing_house_style_is_an_error_at_its_setting() {
    let ws = Ws::sample();
    with_house(&ws, &[], "style/nope.docx".into());
    let run = ws.run(&["draft", "singapore-cyber-summit-2026", "--kind", "speech"]);
    run.failure(2);
    assert_eq!(
        run.stderr(),
        concat!(
            "error: house_style: cannot read style/nope.docx: there is no such file\n",
            "  --> lectern.json:16:18\n",
            "   |\n",
            "16 |   \"house_style\": \"style/nope.docx\"\n",
            "   |                  ^\n",
            "hint: house_style names a .docx or .dotx saved by Word, LibreOffice, pandoc or python-docx; `lectern style export` writes one to start from\n",
        )
    );
    assert!(!ws.exists("output/singapore-cyber-summit-2026/speech/v001.docx"));
}

#[test]
fn a_house_style_that_is_not_a_docx_is_an_error_at_its_setting() {
    let ws = Ws::sample();
    ws.write("style/notes.docx", "not a zip");
    with_house(&ws, &[], serde_json::json!({"default": "style/notes.docx"}));
    let run = ws.run(&["style", "show"]);
    run.failure(2);
    assert_eq!(
        run.stderr(),
        concat!(
            "error: house_style: style/notes.docx is not a Word document: not a zip package (invalid Zip archive: Could not find EOCD)\n",
            "  --> lectern.json:17:16\n",
            "   |\n",
            "17 |     \"default\": \"style/notes.docx\"\n",
            "   |                ^\n",
            "hint: house_style names a .docx or .dotx saved by Word, LibreOffice, pandoc or python-docx; `lectern style export` writes one to start from\n",
        )
    );
}

#[test]
fn an_unknown_language_key_is_an_error() {
    let ws = Ws::sample();
    with_house(&ws, &[], serde_json::json!({"english": "style/house.docx"}));
    ws.run(&["style", "show"])
        .failure(2)
        .stderr_has("error: `house_style` has `english`, which is neither `default` nor a language\n  --> lectern.json:17:5\n");
}

#[test]
fn style_export_writes_the_built_in_look_once() {
    let ws = Ws::empty();
    let run = ws.run(&["style", "export"]);
    run.success();
    assert_eq!(
        run.stderr(),
        "wrote style/house.docx: the built-in look; change it in Word or LibreOffice, then set \"house_style\": \"style/house.docx\" in lectern.json\n"
    );
    let styles = ws.docx_xml("style/house.docx", "word/styles.xml");
    for id in [
        "Normal",
        "Title",
        "Subtitle",
        "Heading1",
        "Heading2",
        "Heading3",
        "ListBullet",
        "ListNumber",
        "Quote",
        "FootnoteText",
        "FootnoteReference",
        "TableGrid",
        "Caption",
    ] {
        assert!(styles.contains(&format!(r#"w:styleId="{id}""#)), "{id}");
    }
    let footer = ws.docx_xml("style/house.docx", "word/footer1.xml");
    assert!(footer.contains("Page {page} of {pages}"), "{footer}");
    let before = std::fs::read(ws.path().join("style/house.docx")).unwrap();

    let again = ws.run(&["style", "export"]);
    again.failure(2);
    assert_eq!(
        again.stderr(),
        concat!(
            "error: style/house.docx already exists; `lectern style export` never overwrites a file\n",
            "hint: name another file: `lectern style export style/house-new.docx`\n"
        )
    );
    assert_eq!(
        std::fs::read(ws.path().join("style/house.docx")).unwrap(),
        before
    );

    // What it wrote works as a house style: every role comes from it.
    ws.write("lectern.json", r#"{"house_style": "style/house.docx"}"#);
    let show = ws.run(&["style", "show"]);
    show.success()
        .stdout_has("every role comes from the house style\n");

    std::fs::create_dir_all(ws.path().join("output")).unwrap();
    ws.run(&["style", "export", "output/look.docx"])
        .failure(2)
        .stderr_has("error: refusing to write output/look.docx: it is inside the output folder");
    assert!(!ws.exists("output/look.docx"));
}

#[test]
fn style_show_without_a_house_style_lists_the_built_in_roles() {
    let ws = Ws::empty();
    let run = ws.run(&["style", "show"]);
    run.success();
    let out = run.stdout();
    assert!(out.starts_with("no house style: drafts use the built-in look\n\nROLE                STYLE ID           NAME                FROM\nNormal              Normal             normal              built-in\n"), "{out}");
}

#[test]
fn the_sample_workspace_drafts_with_its_house_style() {
    let ws = Ws::sample();
    ws.run(&["draft", "singapore-cyber-summit-2026", "--kind", "speech"])
        .success();
    let rel = "output/singapore-cyber-summit-2026/speech/v001.docx";
    assert!(part_names(&ws, rel).contains(&"word/media/house-logo.png".to_string()));
    let header = ws.docx_xml(rel, "word/header1.xml");
    assert!(
        header.contains("International Criminal Police Organization"),
        "{header}"
    );
    assert!(
        text_of(&header).contains("DRAFT · Version 1 · PUBLIC"),
        "{header}"
    );
}

#[test]
fn drafts_without_a_house_style_carry_a_theme_xmlns_r_and_a_default_normal() {
    let ws = Ws::sample();
    ws.write("lectern.json", "{}");
    ws.run(&[
        "draft",
        "singapore-cyber-summit-2026",
        "--kind",
        "press-briefing",
    ])
    .success();
    let names = part_names(&ws, PB);
    assert!(names.contains(&"word/theme/theme1.xml".to_string()));
    for name in names
        .iter()
        .filter(|n| n.starts_with("word/") && n.ends_with(".xml"))
    {
        let xml = ws.docx_xml(PB, name);
        let body = xml.trim_start_matches(|c| c != '>').get(1..).unwrap_or("");
        let root_start = if xml.starts_with("<?xml") { body } else { &xml };
        let root = &root_start[..root_start.find('>').unwrap()];
        assert!(
            root.contains(
                r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
            ),
            "{name}: {root}"
        );
    }
    let styles = ws.docx_xml(PB, "word/styles.xml");
    assert!(
        styles.contains(r#"<w:style w:type="paragraph" w:styleId="Normal" w:default="1">"#),
        "Normal is the default paragraph style"
    );
    let types = ws.docx_xml(PB, "[Content_Types].xml");
    assert!(
        types.contains(r#"PartName="/word/theme/theme1.xml""#),
        "{types}"
    );
}

#[test]
fn init_scaffolds_a_house_style_with_a_logo() {
    let ws = Ws::empty();
    ws.run(&["init", "ws"]).success();
    let names = part_names(&ws, "ws/style/house.docx");
    assert!(
        names.contains(&"word/media/logo.png".to_string()),
        "{names:?}"
    );
    let settings = ws.read("ws/lectern.json");
    assert!(
        settings.contains(r#""house_style": "style/house.docx""#),
        "{settings}"
    );
    let png = {
        let f = std::fs::File::open(ws.path().join("ws/style/house.docx")).unwrap();
        let mut z = zip::ZipArchive::new(f).unwrap();
        let mut v = Vec::new();
        z.by_name("word/media/logo.png")
            .unwrap()
            .read_to_end(&mut v)
            .unwrap();
        v
    };
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
}

/// A Word package with a main document and nothing else: no styles, no page setup.
fn bare_docx() -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#).unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>"#).unwrap();
    z.finish().unwrap().into_inner()
}

const HOUSE_HINT: &str = "hint: house_style names a .docx or .dotx saved by Word, LibreOffice, pandoc or python-docx; `lectern style export` writes one to start from\n";

#[test]
fn a_broken_house_style_is_one_error_for_the_batch_and_other_languages_still_draft() {
    let ws = Ws::sample();
    ws.write("style/broken.docx", "not a zip");
    with_house(
        &ws,
        &["pydocx"],
        serde_json::json!({"default": "style/broken.docx", "ar": "style/pydocx.docx"}),
    );
    let run = ws.run(&["batch"]);
    run.failure(1);
    let error = concat!(
        "error: 12 drafts (singapore-cyber-summit-2026/speech, singapore-cyber-summit-2026/press-briefing, singapore-cyber-summit-2026/briefing-note and 9 more): house_style: style/broken.docx is not a Word document: not a zip package (invalid Zip archive: Could not find EOCD)\n",
        "  --> lectern.json:17:16\n",
        "   |\n",
        "17 |     \"default\": \"style/broken.docx\",\n",
        "   |                ^\n",
    );
    run.stderr_has(&format!("{error}{HOUSE_HINT}"))
        .stderr_has("14 drafts: 2 written, 0 unchanged, 12 failed");
    assert_eq!(
        run.stderr().matches("error:").count(),
        1,
        "{}",
        run.stderr()
    );
    assert_eq!(run.stdout().matches("FAILED").count(), 12);
    // The Arabic speech has its own, readable, house style.
    assert!(ws.exists("output/abu-dhabi-financial-crime-2027/speech/v001.docx"));
    assert!(!ws.exists(PB));
    // JSON still gives every failed item its error.
    let run = ws.run(&["batch", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(doc["counts"]["failed"], 12);
    assert_eq!(doc["counts"]["unchanged"], 2);
    let failed: Vec<&serde_json::Value> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "failed")
        .collect();
    assert!(failed
        .iter()
        .all(|i| i["file"] == "lectern.json" && i["line"] == 17 && i["column"] == 16));
}

#[test]
fn check_opens_the_house_style_and_reports_it_as_draft_does() {
    let ws = Ws::sample();
    with_house(&ws, &[], "style/nope.docx".into());
    let located = concat!(
        "error: house_style: cannot read style/nope.docx: there is no such file\n",
        "  --> lectern.json:16:18\n",
        "   |\n",
        "16 |   \"house_style\": \"style/nope.docx\"\n",
        "   |                  ^\n",
    );
    let check = ws.run(&["check"]);
    check
        .failure(1)
        .stderr_has(&format!("{located}{HOUSE_HINT}"));
    let draft = ws.run(&["draft", "singapore-cyber-summit-2026", "--kind", "speech"]);
    draft.failure(2);
    assert_eq!(draft.stderr(), format!("{located}{HOUSE_HINT}"));
    // JSON carries the same finding.
    let json = ws.run(&["check", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
    let f = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "house-style")
        .expect("a house-style finding");
    assert_eq!(f["severity"], "error");
    assert_eq!(
        (f["line"].clone(), f["column"].clone()),
        (16.into(), 18.into())
    );

    // Not a Word file: the reader's reason, at the entry of its language.
    ws.write("style/notes.docx", "not a zip");
    with_house(
        &ws,
        &["pydocx"],
        serde_json::json!({"default": "style/pydocx.docx", "ar": "style/notes.docx"}),
    );
    ws.run(&["check"]).failure(1).stderr_has(concat!(
        "error: house_style: style/notes.docx is not a Word document: not a zip package (invalid Zip archive: Could not find EOCD)\n",
        "  --> lectern.json:18:11\n",
    ));

    // A readable one passes; a language without an entry and a file without styles warn.
    std::fs::write(ws.path().join("style/bare.docx"), bare_docx()).unwrap();
    with_house(
        &ws,
        &[],
        serde_json::json!({"en": "style/pydocx.docx", "fr": "style/bare.docx", "ar": "style/pydocx.docx"}),
    );
    let run = ws.run(&["check"]);
    run.success()
        .stderr_has(concat!(
            "warning: house_style: style/bare.docx has no style lectern uses: every role takes the built-in look\n",
            "  --> lectern.json:18:11\n",
            "   |\n",
            "18 |     \"fr\": \"style/bare.docx\",\n",
            "   |           ^\n",
            "hint: lectern finds styles by name (Normal, Title, Heading 1 ...); `lectern style show` lists what it looks for\n",
        ))
        .stderr_has(concat!(
            "warning: house_style has no `es` and no `default` entry: drafts in `es` (`buenos-aires-trata-narcotrafico-2027`) take the built-in look\n",
            "  --> lectern.json:16:3\n",
            "   |\n",
            "16 |   \"house_style\": {\n",
            "   |   ^\n",
            "hint: add \"es\": \"style/house-es.docx\" (or a \"default\") to house_style\n",
        ))
        .stderr_has("0 errors, 4 warnings");
    // style show agrees: no role from a file without styles.
    ws.run(&["style", "show"])
        .success()
        .stdout_has("Normal              Normal             Normal              built-in (style/bare.docx has no style named \"normal\")");
}

/// A house style whose header nests elements far deeper than any real document (here 100,000
/// levels, a few hundred KB) is refused at its setting instead of exhausting the stack.
#[test]
fn a_house_style_nested_beyond_reason_is_an_error_not_a_crash() {
    use std::io::Write;
    let ws = Ws::sample();
    let src = std::fs::File::open(repo().join("tests/fixtures/house/pydocx.docx")).unwrap();
    let mut z = zip::ZipArchive::new(src).unwrap();
    let to = ws.path().join("style/deep.docx");
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(&to).unwrap());
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == "word/header1.xml" {
            let depth = 100_000;
            bytes = format!(
                "<?xml version=\"1.0\"?><w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{}{}</w:hdr>",
                "<w:sdt><w:sdtContent>".repeat(depth),
                "</w:sdtContent></w:sdt>".repeat(depth)
            )
            .into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
    with_house(&ws, &[], serde_json::json!("style/deep.docx"));
    let run = ws.run(&["draft", "singapore-cyber-summit-2026", "--kind", "speech"]);
    run.failure(2);
    assert!(
        run.stderr().starts_with(
            "error: house_style: cannot use style/deep.docx as a house style: its part word/header1.xml: malformed XML: elements nest more than 512 deep\n"
        ),
        "{}",
        run.stderr()
    );
    assert!(!ws.exists("output/singapore-cyber-summit-2026/speech/v001.docx"));
}
