//! The content loaders on arbitrary text: messages, facts, events and settings go through the
//! same reading as `Workspace::load_all` (`content::read_items`: the positioned JSON reader,
//! the schema validator, then serde; `Settings::parse` with its checks), and every error is
//! located the way the loader locates it. Nothing may panic, and settings that load are within
//! bounds: speaking rates 40-400, an output folder inside the
//! workspace and apart from the content folders. The same text as a file name in a version
//! folder never overflows a version number nor yields one past the maximum.
#![no_main]

use std::path::Path;

use lectern::content::{read_items, Content};
use lectern::library::{Event, Fact, Message};
use lectern::workspace::{locate_id, HasId};
use libfuzzer_sys::fuzz_target;

fn load<T: Content + HasId>(text: &str) {
    let path = Path::new("snippets/fuzz.json");
    let (items, errors) = read_items::<T>(path, text);
    for item in &items {
        let _ = locate_id(path, text, item.id()).to_string();
    }
    for e in &errors {
        let _ = e.to_string();
        let _ = e.origin().map(|o| o.to_string());
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    load::<Message>(text);
    load::<Fact>(text);
    load::<Event>(text);
    match lectern::settings::Settings::parse(Path::new("lectern.json"), text) {
        Ok(s) => {
            for rate in s.speaking_rates.values() {
                assert!((40.0..=400.0).contains(rate), "rate {rate} accepted");
            }
            let out = Path::new(&s.output);
            assert!(out.is_relative(), "{out:?}");
            assert!(
                out.components().all(|c| matches!(
                    c,
                    std::path::Component::Normal(_) | std::path::Component::CurDir
                )),
                "{out:?}"
            );
            let first = out
                .components()
                .find_map(|c| match c {
                    std::path::Component::Normal(n) => Some(n.to_string_lossy().to_lowercase()),
                    _ => None,
                })
                .expect("output names a folder");
            assert!(
                !["events", "snippets", "templates"].contains(&first.as_str()),
                "{out:?}"
            );
            assert!(s.banned_phrases.len() <= 1000);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    for ext in ["docx", "md", "json"] {
        if let Some(Ok(n)) = lectern::versions::version_number(text, ext) {
            assert!(n <= lectern::versions::MAX_VERSION, "{text}");
            assert_eq!(lectern::versions::parse_version_name(text, ext), Some(n));
        }
    }
});
