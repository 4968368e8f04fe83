//! Markdown → document model → DOCX and web copy on arbitrary text: never panics, and every
//! XML part of the package is well-formed and free of XML-illegal characters.
#![no_main]

use lectern::document::parse::parse;
use lectern::docx::{write_with, DocMeta};
use lectern::library::{Clearance, Kind, Lang};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the language and kind (speech and Arabic take other code paths).
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(markdown) = std::str::from_utf8(rest) else {
        return;
    };
    let doc = parse(markdown, Vec::new());
    let lang = [Lang::En, Lang::Fr, Lang::Es, Lang::Ar][usize::from(pick & 3)];
    let kind = Kind::ALL[usize::from(pick >> 2) % Kind::ALL.len()];
    let title: String = markdown.chars().take(40).collect();
    let meta = DocMeta {
        company: String::new(),
        title: title.clone(),
        author: title.clone(),
        created: chrono::DateTime::from_timestamp(1_800_000_000, 0).expect("a valid time"),
        lang,
        kind,
        event_id: "fuzz".into(),
        version: 1,
        clearance: Clearance::Public,
        header: vec![title.clone()],
        not_cleared: (pick & 0x80 != 0).then(|| title.clone()),
        footer: title,
        page_word: "Page".into(),
        of_word: "of".into(),
        marks: lectern::docx::Marks::default(),
    };
    // Every picture the text names is "loaded" (the writer never decodes the bytes).
    let mut pictures = lectern::picture::Pictures::new();
    for (src, _) in doc.images() {
        pictures.insert(
            src.to_string(),
            lectern::picture::Picture {
                bytes: std::sync::Arc::from(&b"\x89PNG\r\n\x1a\n"[..]),
                format: lectern::picture::Format::Png,
                width: 1 + u32::from(pick),
                height: 1 + u32::from(pick >> 1),
                dpi: (96.0, 72.0),
            },
        );
    }
    let bytes = write_with(&doc, &meta, &pictures).expect("a parsed document always writes");
    let page = lectern::html::page(
        &doc,
        &lectern::html::PageMeta {
            title: meta.title.clone(),
            lang,
            notes_label: "Notes".into(),
            back_label: "Back".into(),
            generator: "fuzz".into(),
        },
        &pictures,
    );
    assert!(page.ends_with("</html>\n"));
    common::assert_valid_docx(&bytes);
    // The Markdown text of record parses again.
    let _ = lectern::document::markdown::to_markdown(&doc);
});
