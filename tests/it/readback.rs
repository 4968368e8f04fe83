//! What a reviewer's DOCX brings back beyond its text: the language of each passage of a
//! bilingual speech (DESIGN.md §12) through `import` and `diff --redline`, for lectern's own
//! files, the same files saved by LibreOffice, and python-docx files
//! (tests/fixtures/review/make_bilingual.py, make_duo_libreoffice.sh).

use crate::import::reviewed;
use crate::{repo, Ws};

/// `basic` with `duo`: an English speech with a French and an Arabic passage (the event
/// make_duo_libreoffice.sh drafts).
fn duo() -> Ws {
    let ws = Ws::fixture("basic");
    ws.write(
        "events/duo.json",
        r#"{
  "id": "duo",
  "title": "Bilingual address",
  "outputs": ["speech"],
  "starts_at": "2026-12-08T10:00:00+08:00",
  "speaker": {"name": "Dr Amina Okafor"},
  "language": "en",
  "messages": [
    {"id": "msg-cooperation", "lang": "fr"},
    {"id": "msg-victims", "lang": "ar"}
  ]
}
"#,
    );
    // Rates far apart, so a passage counted at the wrong one shows.
    ws.write(
        "lectern.json",
        r#"{"speaking_rates": {"en": 130, "fr": 300, "es": 150, "ar": 60}}"#,
    );
    ws.run(&["draft", "duo"]).success();
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
