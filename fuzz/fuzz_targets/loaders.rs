//! The content loaders on arbitrary text: messages, facts, events and settings go through the
//! same parsing as `Workspace::load_all` (`workspace::parse_items`), and every error is
//! located the way the loader locates it. Nothing may panic.
#![no_main]

use std::path::Path;

use lectern::library::{Event, Fact, Message};
use lectern::workspace::{locate_id, parse_items, HasId};
use libfuzzer_sys::fuzz_target;

fn load<T: serde::de::DeserializeOwned + HasId>(text: &str) {
    let path = Path::new("snippets/fuzz.json");
    match parse_items::<T>(text) {
        Ok(items) => {
            for item in &items {
                let _ = locate_id(path, text, item.id()).to_string();
            }
        }
        Err(e) => {
            let _ = lectern::error::json_error(path, text, &e).to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    load::<Message>(text);
    load::<Fact>(text);
    load::<Event>(text);
    if let Err(e) = serde_json::from_str::<lectern::settings::Settings>(text) {
        let _ = lectern::error::json_error(Path::new("lectern.json"), text, &e).to_string();
    }
});
