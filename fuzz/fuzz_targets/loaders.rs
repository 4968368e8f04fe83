//! The content loaders on arbitrary text: messages, facts, events and settings go through the
//! same reading as `Workspace::load_all` (`content::read_items`: the positioned JSON reader,
//! the schema validator, then serde), and every error is located the way the loader locates
//! it. Nothing may panic.
#![no_main]

use std::path::Path;

use lectern::content::{read_items, read_one, Content};
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
    if let Err(errors) = read_one::<lectern::settings::Settings>(Path::new("lectern.json"), text) {
        for e in &errors {
            let _ = e.to_string();
        }
    }
});
