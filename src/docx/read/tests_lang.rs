//! Passage languages read back: Word's and LibreOffice's `w:lang` markup (XML in the test,
//! packed at test time) and the bilingual files python-docx and LibreOffice made
//! (tests/fixtures/review/make_bilingual.py, make_duo_libreoffice.sh).

use super::tests::{pack, part};
use super::*;
use crate::library::Lang;

const PYTHON: &[u8] = include_bytes!("../../../tests/fixtures/review/bilingual-python.docx");
const PYTHON_LO: &[u8] =
    include_bytes!("../../../tests/fixtures/review/bilingual-python-libreoffice.docx");
const DUO_LO: &[u8] = include_bytes!("../../../tests/fixtures/review/duo-libreoffice.docx");

/// A style sheet as Word writes one: English defaults (complex script Arabic), a French
/// paragraph style, a character style in Spanish based on nothing.
fn styles() -> String {
    part(
        "styles",
        r#"<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Citation"><w:name w:val="Citation FR"/><w:basedOn w:val="Normal"/><w:rPr><w:lang w:val="fr-FR"/><w:rPrChange w:id="1" w:author="A"><w:rPr><w:lang w:val="de-DE"/></w:rPr></w:rPrChange></w:rPr></w:style><w:style w:type="paragraph" w:styleId="CitationBis"><w:name w:val="Citation bis"/><w:basedOn w:val="Citation"/></w:style><w:style w:type="character" w:styleId="Espanol"><w:name w:val="Espanol"/><w:rPr><w:lang w:val="es-ES"/></w:rPr></w:style>"#,
    )
}

fn run(props: &str, text: &str) -> String {
    format!(r#"<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn langs(body: &str) -> Vec<(String, Option<Lang>)> {
    let doc = read(&pack(body, &[("styles", &styles())])).expect("reads");
    doc.blocks
        .iter()
        .map(|b| (b.plain_text(), b.lang))
        .collect()
}

#[test]
fn a_paragraph_whose_runs_are_all_in_another_language_is_a_passage() {
    let fr = r#"<w:lang w:val="fr-FR"/>"#;
    let body = [
        format!("<w:p>{}</w:p>", run("", "Welcome.")),
        // Every run French; a run without letters (digits, a space) says nothing.
        format!(
            "<w:p>{}{}{}</w:p>",
            run(fr, "Bonjour "),
            run("", "2027 "),
            run(fr, "à tous.")
        ),
        // Mixed: stays in the document's language.
        format!("<w:p>{}{}</w:p>", run(fr, "Merci, "), run("", "thank you.")),
        format!(
            "<w:p>{}{}</w:p>",
            run(fr, "Merci, "),
            run(r#"<w:lang w:val="es-ES"/>"#, "gracias.")
        ),
        // A language lectern does not know: not a passage.
        format!(
            "<w:p>{}</w:p>",
            run(r#"<w:lang w:val="de-DE"/>"#, "Guten Tag.")
        ),
        // From the paragraph style (through basedOn), and from a character style.
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="CitationBis"/></w:pPr>{}</w:p>"#,
            run("", "Liberté.")
        ),
        format!(
            "<w:p>{}</w:p>",
            run(r#"<w:rStyle w:val="Espanol"/>"#, "Hola a todos.")
        ),
        // The run's own language wins over its style's.
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Citation"/></w:pPr>{}</w:p>"#,
            run(r#"<w:lang w:val="en-GB"/>"#, "Freedom.")
        ),
    ]
    .concat();
    assert_eq!(
        langs(&body),
        [
            ("Welcome.".into(), None),
            ("Bonjour 2027 à tous.".into(), Some(Lang::Fr)),
            ("Merci, thank you.".into(), None),
            ("Merci, gracias.".into(), None),
            ("Guten Tag.".into(), None),
            ("Liberté.".into(), Some(Lang::Fr)),
            ("Hola a todos.".into(), Some(Lang::Es)),
            ("Freedom.".into(), None),
        ]
    );
}

#[test]
fn arabic_text_takes_the_complex_script_language() {
    let body = [
        // Word: right-to-left paragraph, runs with w:rtl and w:bidi; a Latin name in an
        // en-US run inside it does not split the passage.
        format!(
            r#"<w:p><w:pPr><w:bidi/></w:pPr>{}{}{}</w:p>"#,
            run(
                r#"<w:rtl/><w:lang w:val="en-US" w:bidi="ar-SA"/>"#,
                "تتعاون "
            ),
            run(r#"<w:lang w:val="en-US"/>"#, "INTERPOL"),
            run(r#"<w:rtl/><w:lang w:bidi="ar-EG"/>"#, " مع الشرطة.")
        ),
        // Arabic letters with no marking at all: the defaults' complex-script language.
        format!("<w:p>{}</w:p>", run("", "شكرا")),
        // Not right to left (`w:bidi w:val="0"`): Latin and Arabic text must agree.
        format!(
            r#"<w:p><w:pPr><w:bidi w:val="0"/></w:pPr>{}{}</w:p>"#,
            run(r#"<w:rtl/><w:lang w:bidi="ar-SA"/>"#, "تتعاون "),
            run(r#"<w:lang w:val="en-US"/>"#, "INTERPOL")
        ),
        // `w:rtl` makes a Latin run complex script: its language is `w:bidi`.
        format!(
            "<w:p>{}</w:p>",
            run(
                r#"<w:rtl/><w:lang w:val="en-US" w:bidi="fr-FR"/>"#,
                "Bonjour"
            )
        ),
    ]
    .concat();
    assert_eq!(
        langs(&body),
        [
            ("تتعاون INTERPOL مع الشرطة.".into(), Some(Lang::Ar)),
            ("شكرا".into(), Some(Lang::Ar)),
            ("تتعاون INTERPOL".into(), None),
            ("Bonjour".into(), Some(Lang::Fr)),
        ]
    );
}

#[test]
fn cells_and_joined_paragraphs_carry_their_language() {
    let fr = r#"<w:lang w:val="fr-FR"/>"#;
    let body = format!(
        r#"<w:tbl><w:tr><w:tc><w:p>{}</w:p><w:p>{}</w:p></w:tc><w:tc><w:p>{}</w:p><w:p>{}</w:p></w:tc></w:tr></w:tbl><w:p><w:pPr><w:framePr w:dropCap="drop"/></w:pPr>{}</w:p><w:p>{}</w:p>"#,
        run(fr, "Coopération"),
        run(fr, "policière"),
        run(fr, "Police"),
        run("", "cooperation"),
        run(fr, "L"),
        run(fr, "es polices coopèrent.")
    );
    assert_eq!(
        langs(&body),
        [
            ("Coopération\npolicière".into(), Some(Lang::Fr)),
            ("Police\ncooperation".into(), None),
            ("Les polices coopèrent.".into(), Some(Lang::Fr)),
        ]
    );
}

#[test]
fn the_document_language_is_given_or_the_files_own() {
    let fr = r#"<w:lang w:val="fr-FR"/>"#;
    let en = r#"<w:lang w:val="en-GB"/>"#;
    let body = format!(
        "<w:p>{}</w:p><w:p>{}</w:p><w:p>{}</w:p>",
        run(fr, "Bonjour à tous, chers amis."),
        run(fr, "Merci."),
        run(en, "Thank you.")
    );
    // No core properties, no defaults: the language of most words is the document's.
    let bytes = pack(&body, &[]);
    let r = read_review(&bytes).expect("reads");
    assert_eq!(r.lang, Some(Lang::Fr));
    let got: Vec<_> = r.doc.blocks.iter().map(|b| b.lang).collect();
    assert_eq!(got, [None, None, Some(Lang::En)]);
    // Read as a version of an English draft: the French paragraphs are the passages.
    let r = read_review_in(&bytes, Lang::En).expect("reads");
    let got: Vec<_> = r.doc.blocks.iter().map(|b| b.lang).collect();
    assert_eq!(got, [Some(Lang::Fr), Some(Lang::Fr), None]);
    // Unmarked text says nothing: of the languages marked, the one with the most text.
    let body = format!(
        "<w:p>{}</w:p><w:p>{}</w:p><w:p>{}</w:p>",
        run("", "A long paragraph whose runs name no language at all."),
        run(en, "Thank you all."),
        run(fr, "Merci.")
    );
    let r = read_review(&pack(&body, &[])).expect("reads");
    assert_eq!(r.lang, Some(Lang::En));
    let got: Vec<_> = r.doc.blocks.iter().map(|b| b.lang).collect();
    assert_eq!(got, [None, None, Some(Lang::Fr)]);
    // Header and footer lines are never passages.
    let hdr = part("hdr", &format!("<w:p>{}</w:p>", run(fr, "Projet")));
    let r = read_review_in(&pack(&body, &[("header1", &hdr)]), Lang::En).expect("reads");
    assert_eq!(r.furniture[0].lang, None);
}

#[test]
fn python_docx_and_libreoffice_files_keep_their_passages() {
    for (name, bytes) in [("python-docx", PYTHON), ("LibreOffice", PYTHON_LO)] {
        let r = read_review(bytes).expect("reads");
        assert_eq!(r.lang, Some(Lang::En), "{name}");
        let got: Vec<(String, Option<Lang>)> = r
            .doc
            .blocks
            .iter()
            .map(|b| (b.plain_text(), b.lang))
            .filter(|(t, _)| !t.is_empty())
            .collect();
        let want = [
            ("Address to the conference", None),
            (
                "Excellencies, ladies and gentlemen, welcome to Geneva.",
                None,
            ),
            (
                "Les réseaux criminels se sont mondialisés plus vite que les institutions.",
                Some(Lang::Fr),
            ),
            ("Merci à tous, and thank you all for coming.", None),
            ("Bonjour et bienvenue à tous les participants.", None),
            (
                "الاتجار بالبشر يحوّل الإنسان إلى سلعة، وتتعاون INTERPOL مع الشرطة في كل مكان.",
                Some(Lang::Ar),
            ),
            ("Coopération policière", Some(Lang::Fr)),
            ("Police cooperation", None),
            ("Thank you.", None),
        ];
        let want: Vec<(String, Option<Lang>)> =
            want.iter().map(|(t, l)| (t.to_string(), *l)).collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn lecterns_bilingual_draft_saved_by_libreoffice_keeps_its_passages() {
    let r = read_review(DUO_LO).expect("reads");
    assert_eq!(r.lang, Some(Lang::En));
    let passages: Vec<Option<Lang>> = r
        .doc
        .blocks
        .iter()
        .map(|b| b.lang)
        .filter(Option::is_some)
        .collect();
    assert!(passages.contains(&Some(Lang::Fr)), "{:?}", r.doc.blocks);
    assert!(passages.contains(&Some(Lang::Ar)), "{:?}", r.doc.blocks);
    // The title and the English paragraphs are not passages.
    assert_eq!(r.doc.blocks[0].lang, None);
    assert_eq!(r.doc.blocks.last().map(|b| b.lang), Some(None));
}
