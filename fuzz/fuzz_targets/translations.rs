//! Translations on arbitrary text: the XLIFF reader (every error located inside the file), the
//! number reader in every language, and the in-place editor of content files (an edit either
//! fails or gives JSON that parses). Nothing may panic.
#![no_main]

use std::path::Path;

use lectern::library::{Date, Lang, TranslationRecord};
use lectern::translations::edit::{apply, Change};
use lectern::translations::{numbers, xliff};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(errors) = xliff::read(Path::new("fuzz.xlf"), text) {
        for e in errors {
            let l = e.origin().and_then(|o| o.location).expect("located");
            assert!(l.line >= 1 && l.line <= text.lines().count() + 1);
        }
    }
    for lang in Lang::ALL {
        for n in numbers::read(text, lang) {
            assert!(!n.int.is_empty() && n.int.bytes().all(|b| b.is_ascii_digit()));
        }
    }
    let change = Change {
        item: "a".into(),
        field: "text",
        lang: Lang::Fr,
        text: Some("T".into()),
        record: TranslationRecord {
            of_version: 1,
            by: "B".into(),
            on: Date::parse("2026-01-01").expect("date"),
        },
    };
    if let Ok(out) = apply(text, &[change]) {
        if out != text {
            assert!(
                serde_json::from_str::<serde_json::Value>(&out).is_ok(),
                "{out}"
            );
        }
    }
});
