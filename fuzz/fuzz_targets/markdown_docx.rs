//! Markdown → document model → DOCX on arbitrary text: never panics, and every XML part of the
//! package is well-formed and free of XML-illegal characters.
#![no_main]

use lectern::document::parse::parse;
use lectern::docx::{write, DocMeta};
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
    let bytes = write(&doc, &meta).expect("a parsed document always writes");
    common::assert_valid_docx(&bytes);
    // The Markdown text of record parses again.
    let _ = lectern::document::markdown::to_markdown(&doc);
});
