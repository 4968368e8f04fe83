//! What a reviewer's DOCX brings back beyond its text: the language of each passage of a
//! bilingual speech (DESIGN.md §12) through `import` and `diff --redline`, for lectern's own
//! files, the same files saved by LibreOffice, and python-docx files
//! (tests/fixtures/review/make_bilingual.py, make_duo_libreoffice.sh).

use crate::import::reviewed;
use crate::{repo, Ws};

/// `duo` (an English speech with a French and an Arabic passage), drafted.
fn duo() -> Ws {
    let ws = crate::languages::duo();
    ws.run(&["draft", "duo"]).success();
    ws
}

/// `basic` with the python-docx bilingual file, its LibreOffice save, and `new.docx`: the
/// python-docx file with one word added by a reviewer.
fn reviewers_files() -> Ws {
    let ws = Ws::fixture("basic");
    for name in ["bilingual-python.docx", "bilingual-python-libreoffice.docx"] {
        std::fs::copy(fixture(name), ws.path().join(name)).unwrap();
    }
    reviewed(
        &ws,
        "bilingual-python.docx",
        "new.docx",
        |x| x.replace("Thank you.", "Thank you, all."),
        None,
    );
    ws
}

fn fixture(name: &str) -> String {
    repo()
        .join("tests/fixtures/review")
        .join(name)
        .display()
        .to_string()
}

const V1: &str = "output/duo/speech/v001.docx";

/// Seconds to speak `md` at the duo rates, each passage at its own.
fn seconds(md: &str) -> u64 {
    use unicode_segmentation::UnicodeSegmentation;
    let mut s = 0.0;
    for para in md.split("\n\n") {
        let rate = if para.contains("lang=\"fr\"") {
            300.0
        } else if para.contains("lang=\"ar\"") {
            60.0
        } else {
            130.0
        };
        let text = para
            .replace("<span lang=\"fr\">", "")
            .replace("<span lang=\"ar\" dir=\"rtl\">", "")
            .replace("</span>", "");
        s += text.unicode_words().count() as f64 / rate * 60.0;
    }
    s.round() as u64
}

#[test]
fn an_imported_bilingual_speech_keeps_its_passages() {
    let ws = duo();
    let v1 = ws.read("output/duo/speech/v001.md");
    assert!(v1.contains("<span lang=\"fr\">") && v1.contains("<span lang=\"ar\" dir=\"rtl\">"));
    // The draft itself, and the draft saved by LibreOffice: nothing to import.
    for file in [V1.to_string(), fixture("duo-libreoffice.docx")] {
        ws.run(&["import", "duo", "--kind", "speech", &file, "--by", "Ann"])
            .success()
            .stdout_has("is unchanged from v001; nothing written");
    }
    assert!(!ws.exists("output/duo/speech/v002.md"));

    // A reviewer edits the English closing line in Word: the passages stay passages.
    reviewed(
        &ws,
        V1,
        "edited.docx",
        |x| x.replace(">Thank you.<", ">Thank you all.<"),
        None,
    );
    ws.run(&[
        "import",
        "duo",
        "--kind",
        "speech",
        "edited.docx",
        "--by",
        "Ann",
    ])
    .success()
    .stdout_has("duo/speech: v002");
    let v2 = ws.read("output/duo/speech/v002.md");
    assert_eq!(v2, v1.replace("Thank you.", "Thank you all."));
    let m = ws.manifest("output/duo/speech/v002.json");
    assert_eq!(m["speaking_seconds"].as_u64(), Some(seconds(&v2)));
    assert_ne!(
        seconds(&v2),
        (m["words"].as_u64().unwrap() as f64 / 130.0 * 60.0).round() as u64,
        "the rates must make a difference here"
    );

    // The same edit made in LibreOffice's copy reads as the same text, passages included.
    let lo = std::fs::read(fixture("duo-libreoffice.docx")).unwrap();
    std::fs::write(ws.path().join("lo.docx"), lo).unwrap();
    reviewed(
        &ws,
        "lo.docx",
        "lo-edited.docx",
        |x| x.replace(">Thank you.<", ">Thank you all.<"),
        None,
    );
    ws.run(&[
        "import",
        "duo",
        "--kind",
        "speech",
        "lo-edited.docx",
        "--by",
        "Lou",
    ])
    .success()
    .stdout_has("lo-edited.docx is unchanged from v002; nothing written");
}

#[test]
fn a_passage_a_reviewer_sets_in_another_language_is_an_edit() {
    let ws = duo();
    // The French passage set to English in Word (Review → Language): same words, but no longer
    // a French passage, so it is a new version, read at the English rate.
    reviewed(
        &ws,
        V1,
        "relang.docx",
        |x| x.replace(r#"w:val="fr-FR""#, r#"w:val="en-GB""#),
        None,
    );
    ws.run(&[
        "import",
        "duo",
        "--kind",
        "speech",
        "relang.docx",
        "--by",
        "Ann",
    ])
    .success()
    .stdout_has("duo/speech: v002");
    let v1 = ws.read("output/duo/speech/v001.md");
    let v2 = ws.read("output/duo/speech/v002.md");
    assert_eq!(
        v2,
        v1.replace("<span lang=\"fr\">", "")
            .replacen("</span>", "", 1)
    );
    assert!(v2.contains("<span lang=\"ar\" dir=\"rtl\">"));
    // A paragraph whose runs are mixed (one French word added in English text) stays English.
    reviewed(
        &ws,
        V1,
        "mixed.docx",
        |x| {
            x.replace(
                r#"<w:t xml:space="preserve">Thank you.</w:t></w:r>"#,
                r#"<w:t xml:space="preserve">Thank you. </w:t></w:r><w:r><w:rPr><w:lang w:val="fr-FR" /></w:rPr><w:t xml:space="preserve">Merci.</w:t></w:r>"#,
            )
        },
        None,
    );
    ws.run(&[
        "import",
        "duo",
        "--kind",
        "speech",
        "mixed.docx",
        "--by",
        "Ann",
    ])
    .success()
    .stdout_has("duo/speech: v003");
    let v3 = ws.read("output/duo/speech/v003.md");
    assert!(v3.contains("\n\nThank you. Merci.\n"), "{v3}");
}

#[test]
fn a_redline_of_reviewers_files_keeps_their_passages() {
    let ws = reviewers_files();
    for old in ["bilingual-python.docx", "bilingual-python-libreoffice.docx"] {
        let out = format!("red-{old}");
        ws.run(&["diff", old, "new.docx", "--redline", &out])
            .success();
        let xml = ws.docx_xml(&out, "word/document.xml");
        let para = |text: &str| {
            let at = xml.find(text).unwrap_or_else(|| panic!("{text} in {xml}"));
            let start = xml[..at]
                .rfind("<w:p ")
                .or_else(|| xml[..at].rfind("<w:p>"))
                .unwrap();
            let end = at + xml[at..].find("</w:p>").unwrap();
            xml[start..end].to_string()
        };
        // The French paragraph in French, the mixed one and the unmarked one in English.
        assert!(
            para("Les réseaux criminels").contains(r#"<w:lang w:val="fr-FR" />"#),
            "{old}"
        );
        for english in ["Merci à tous", "Bonjour et bienvenue", "Excellencies"] {
            let p = para(english);
            assert!(
                !p.contains("fr-FR") && p.contains("w:lang w:val=\"en-"),
                "{old}: {p}"
            );
        }
        // The Arabic paragraph right to left, its runs in Arabic; the French cell in French.
        let ar = para("الاتجار بالبشر");
        assert!(
            ar.contains("<w:bidi />") && ar.contains(r#"w:bidi="ar-SA""#),
            "{old}: {ar}"
        );
        assert!(para("Coopération policière").contains("fr-FR"), "{old}");
    }
}

// Pictures (DESIGN.md §9, §10): a reviewer's own pictures reach the redline, and an import
// keeps them beside the version.

/// `from` (a DOCX in the workspace) saved as `to` with the picture `png` added, described as
/// `alt`, in a paragraph of its own before the paragraph holding `before`, the way Word
/// stores it (a media part, its relationship and an inline drawing).
fn with_picture(ws: &Ws, from: &str, to: &str, png: &[u8], alt: &str, before: &str) {
    use std::io::{Read, Write};
    let f = std::fs::File::open(ws.path().join(from)).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let drawing = format!(
        r#"<w:p><w:r><w:drawing><wp:inline><wp:extent cx="1828800" cy="914400"/><wp:docPr id="77" name="Picture 77" descr="{alt}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="added.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdReviewer1"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
    );
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let name = e.name().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        let text = || String::from_utf8(bytes.clone()).unwrap();
        let bytes = match name.as_str() {
            "word/document.xml" => {
                let x = text();
                let at = x.find(before).unwrap_or_else(|| panic!("{before} in {x}"));
                let p = x[..at].rfind("<w:p ").or_else(|| x[..at].rfind("<w:p>")).unwrap();
                format!("{}{drawing}{}", &x[..p], &x[p..]).into_bytes()
            }
            "word/_rels/document.xml.rels" => text()
                .replace(
                    "</Relationships>",
                    r#"<Relationship Id="rIdReviewer1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/reviewer1.png"/></Relationships>"#,
                )
                .into_bytes(),
            _ => bytes,
        };
        out.start_file(name, opts).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.start_file("word/media/reviewer1.png", opts).unwrap();
    out.write_all(png).unwrap();
    std::fs::write(ws.path().join(to), out.finish().unwrap().into_inner()).unwrap();
}

fn media(ws: &Ws, docx: &str) -> Vec<Vec<u8>> {
    use std::io::Read;
    let f = std::fs::File::open(ws.path().join(docx)).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut names: Vec<String> = z
        .file_names()
        .filter(|n| n.starts_with("word/media/"))
        .map(str::to_string)
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| {
            let mut b = Vec::new();
            z.by_name(n).unwrap().read_to_end(&mut b).unwrap();
            b
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The basic fixture's blog, drafted with a lead picture.
fn blog_with_lead() -> (Ws, Vec<u8>) {
    let ws = Ws::fixture("basic");
    let rel = "events/summit.json";
    let text = ws.read(rel);
    let at = text.find("  \"language\"").unwrap();
    ws.write(
        rel,
        &format!(
            "{}  \"image\": {{\"path\": \"assets/lead.png\", \"alt\": \"Delegates in the main hall\"}},\n{}",
            &text[..at],
            &text[at..]
        ),
    );
    let lead = crate::pictures::png(400, 200, 96);
    std::fs::create_dir_all(ws.path().join("assets")).unwrap();
    std::fs::write(ws.path().join("assets/lead.png"), &lead).unwrap();
    ws.run(&["draft", "summit", "--kind", "blog"]).success();
    (ws, lead)
}

#[test]
fn a_picture_a_reviewer_adds_is_kept_beside_the_imported_version() {
    let (ws, lead) = blog_with_lead();
    let dir = "output/summit/blog";
    let v1 = ws.read(&format!("{dir}/v001.md"));
    assert!(
        v1.contains("![Delegates in the main hall](<assets/lead.png>)"),
        "{v1}"
    );
    // The draft itself: nothing to import (its picture is the one the version shows).
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "blog",
        &format!("{dir}/v001.docx"),
        "--by",
        "Ann",
    ])
    .success()
    .stdout_has("is unchanged from v001; nothing written");

    // A reviewer adds a picture before the first paragraph of text.
    let added = crate::pictures::png(120, 60, 72);
    with_picture(
        &ws,
        &format!("{dir}/v001.docx"),
        "added.docx",
        &added,
        "Police officers at work",
        "No country can fight",
    );
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "blog",
        "added.docx",
        "--by",
        "Ann",
    ])
    .success()
    .stdout_has("summit/blog: v002");
    let hash = sha256_hex(&added);
    let name = format!("v002.pic-{}.png", &hash[..16]);
    assert_eq!(
        std::fs::read(ws.path().join(dir).join(&name)).unwrap(),
        added
    );
    // The lead picture keeps its workspace path; the new one is the file beside the version.
    // (Compared up to the footnotes: an imported note is numbered.)
    let body = |md: &str| md[..md.find("[^").unwrap()].to_string();
    assert_eq!(
        body(&ws.read(&format!("{dir}/v002.md"))),
        body(&v1.replace(
            "No country can fight",
            &format!("![Police officers at work](<{dir}/{name}>)\n\nNo country can fight")
        ))
    );
    // The same file again: unchanged, pictures included.
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "blog",
        "added.docx",
        "--by",
        "Ann",
    ])
    .success()
    .stdout_has("is unchanged from v002; nothing written");
    // A picture replaced by another (same alt text, same words) is an edit.
    with_picture(
        &ws,
        &format!("{dir}/v001.docx"),
        "replaced.docx",
        &crate::pictures::png(60, 60, 72),
        "Police officers at work",
        "No country can fight",
    );
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "blog",
        "replaced.docx",
        "--by",
        "Bob",
    ])
    .success()
    .stdout_has("summit/blog: v003");
    // v002 redlined against v003, both rebuilt from their Markdown: every picture is there.
    ws.run(&[
        "diff",
        "summit",
        "--kind",
        "blog",
        "--from",
        "2",
        "--to",
        "3",
        "--redline",
        "red.docx",
    ])
    .success();
    let shown = media(&ws, "red.docx");
    assert!(shown.contains(&lead) && shown.len() == 2, "{}", shown.len());
    // The first picture again, in a later round: the file v002 keeps is shown, not copied.
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "blog",
        "added.docx",
        "--by",
        "Ann",
    ])
    .success()
    .stdout_has("summit/blog: v004");
    assert!(ws
        .read(&format!("{dir}/v004.md"))
        .contains(&format!("![Police officers at work](<{dir}/{name}>)")));
    assert!(!ws.exists(&format!("{dir}/v004.pic-{}.png", &hash[..16])));
    // A picture removed is an edit too.
    reviewed(
        &ws,
        &format!("{dir}/v001.docx"),
        "removed.docx",
        |x| {
            let (a, b) = (
                x.find("<w:drawing>").unwrap(),
                x.find("</w:drawing>").unwrap(),
            );
            format!("{}{}", &x[..a], &x[b + "</w:drawing>".len()..])
        },
        None,
    );
    ws.run(&[
        "import",
        "summit",
        "--kind",
        "blog",
        "removed.docx",
        "--by",
        "Ann",
    ])
    .success()
    .stdout_has("summit/blog: v005");
    assert!(!ws.read(&format!("{dir}/v005.md")).contains("!["));
    // Drafting over the reviewer's edits works, and the web copy of v002 shows its picture.
    ws.run(&["draft", "summit", "--kind", "blog"]).success();
    ws.run(&[
        "export",
        "summit",
        "--kind",
        "blog",
        "--format",
        "html",
        "--version",
        "2",
    ])
    .success()
    .stdout_has("alt=\"Police officers at work\"");
    ws.run(&["check"]).success();
}

#[test]
fn a_redline_of_a_reviewers_docx_shows_its_pictures() {
    let ws = reviewers_files();
    let picture = media(&ws, "bilingual-python.docx");
    assert_eq!(picture.len(), 1);
    for (old, new) in [
        ("bilingual-python-libreoffice.docx", "new.docx"),
        ("new.docx", "bilingual-python-libreoffice.docx"),
    ] {
        let out = format!("red-{new}");
        ws.run(&["diff", old, new, "--redline", &out]).success();
        assert_eq!(media(&ws, &out), picture, "{new}");
        let xml = ws.docx_xml(&out, "word/document.xml");
        // In place (after the table, before the closing line), with its alt text, at the size
        // the reviewer's file shows it (2.5 in: 240 px at 96 dpi).
        let at = xml
            .find("descr=\"A blue square beside a red circle\"")
            .expect("the picture");
        assert!(
            xml.find("Police cooperation").unwrap() < at && at < xml.find("Thank you").unwrap()
        );
        assert!(
            xml.contains(r#"<wp:extent cx="2286000" cy="1143000" />"#),
            "{xml}"
        );
    }
}

#[test]
fn a_picture_lectern_cannot_show_is_named_when_imported() {
    let (ws, _) = blog_with_lead();
    let dir = "output/summit/blog";
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    with_picture(
        &ws,
        &format!("{dir}/v001.docx"),
        "gif.docx",
        &gif,
        "An animation",
        "No country can fight",
    );
    let warning = |file: &str| {
        format!("warning: summit/blog: {file}: picture \"An animation\" (word/media/reviewer1.png) cannot be used: it is GIF, not PNG or JPEG; it is left out\n")
    };
    // Nothing else changed: nothing to import, but the picture left out is named.
    let r = ws.run(&[
        "import", "summit", "--kind", "blog", "gif.docx", "--by", "Ann",
    ]);
    r.success()
        .stdout_has("gif.docx is unchanged from v001; nothing written");
    assert_eq!(r.stderr(), warning("gif.docx"));
    // With a word changed, the new version records the warning.
    reviewed(
        &ws,
        "gif.docx",
        "gif2.docx",
        |x| x.replace("No country can fight", "No nation can fight"),
        None,
    );
    let r = ws.run(&[
        "import",
        "summit",
        "--kind",
        "blog",
        "gif2.docx",
        "--by",
        "Ann",
    ]);
    r.success().stdout_has("summit/blog: v002");
    assert!(r.stderr().contains(&warning("gif2.docx")), "{}", r.stderr());
    let m = ws.manifest(&format!("{dir}/v002.json"));
    assert!(
        m["warnings"]
            .to_string()
            .contains("it is GIF, not PNG or JPEG"),
        "{m}"
    );
    assert!(!ws.read(&format!("{dir}/v002.md")).contains("An animation"));
}
