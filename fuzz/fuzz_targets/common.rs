//! Shared by the fuzz targets: a valid DOCX package checker.

use std::io::Read;

/// Every XML part of the package parses as well-formed XML and holds only XML-legal characters.
pub fn assert_valid_docx(bytes: &[u8]) {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the DOCX is a zip");
    for i in 0..z.len() {
        let mut part = z.by_index(i).expect("zip entry");
        let name = part.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut text = String::new();
        part.read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
        if let Some(c) = text.chars().find(|c| {
            matches!(*c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
        }) {
            panic!("{name} holds the XML-illegal character {c:?}");
        }
        let mut reader = quick_xml::Reader::from_str(&text);
        let mut depth = 0usize;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed XML: {e}\n{text}"),
            }
        }
        assert_eq!(depth, 0, "{name}: unclosed elements");
    }
}
