//! Template rendering with arbitrary data and arbitrary templates: arbitrary strings go into a
//! message's text, a fact's statement and the event's fields of the `basic` test workspace,
//! which is then rendered with the built-in templates for every kind. Never panics; the
//! rendered document contains the message text literally (checked for single-line texts,
//! where whitespace is unambiguous).
//!
//! When the input carries templates (a fourth field and on), they replace the speech template
//! and become partials `p` and `q`: loading may refuse them, rendering may fail, but neither
//! may panic, overflow the stack (deep or oddly spaced nesting, inline partials including
//! each other) or grow past the output limit (loops inside loops over the data; libFuzzer's
//! `-rss_limit_mb` in `fuzz/run.sh` makes runaway memory a finding).
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use lectern::library::{Id, Kind, Lang};
use lectern::render::{self, limits, Templates};
use lectern::resolve::{resolve, Policy};
use lectern::workspace::Workspace;
use libfuzzer_sys::fuzz_target;

fn fixture() -> &'static (Workspace, Templates) {
    static FIXTURE: OnceLock<(Workspace, Templates)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/basic");
        let ws = Workspace::open(&root).expect("the basic fixture loads");
        let templates = Templates::load(&root.join("no-templates")).expect("built-ins compile");
        (ws, templates)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Fields are separated by NUL: message text, fact statement, then event fields.
    let mut parts = text.split('\0');
    let message = parts.next().unwrap_or_default();
    let statement = parts.next().unwrap_or(message);
    let field = parts.next().unwrap_or(message);
    // Then, optionally: the speech template and partials `p` and `q`.
    let template = parts.next();
    let partial_p = parts.next().unwrap_or("");
    let partial_q = parts.next().unwrap_or("");
    // The loader refuses blank message text; so does this target.
    if message.trim().is_empty() || statement.trim().is_empty() {
        return;
    }
    let (base, templates) = fixture();
    let mut ws = base.clone();
    let id = |s: &str| Id::parse(s).expect("fixture id");
    ws.messages
        .get_mut(&id("msg-cooperation"))
        .expect("fixture message")
        .item
        .text
        .insert(Lang::En, message.to_string());
    ws.facts
        .get_mut(&id("fact-haechi"))
        .expect("fixture fact")
        .item
        .statement
        .insert(Lang::En, statement.to_string());
    let event = ws.events.get_mut(&id("summit")).expect("fixture event");
    event.item.title = field.to_string();
    event.item.venue = Some(field.to_string());
    event.item.speaker.name = field.to_string();
    event.item.notes = Some(field.to_string());
    let event = ws.events[&id("summit")].clone();
    let policy = Policy {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("a date"),
        allow_unapproved: true,
    };
    let simple = !message.contains(|c: char| c.is_control() || c.is_whitespace() && c != ' ')
        && message.trim() == message
        && !message.contains("  ");
    if let Some(template) = template {
        let Ok(own) = Templates::from_sources(
            &[(Kind::Speech, template)],
            &[("p", partial_p), ("q", partial_q)],
        ) else {
            return;
        };
        let resolved = resolve(&ws, &event, Kind::Speech, policy).expect("the fixture resolves");
        if let Ok(rendered) = render::render(&own, &resolved) {
            assert!(rendered.markdown.len() <= limits::MAX_OUTPUT_BYTES + (1 << 20));
            let _ = lectern::document::parse::parse(&rendered.markdown, rendered.comments);
        }
        return;
    }
    for kind in Kind::ALL {
        let resolved = resolve(&ws, &event, kind, policy).expect("the fixture resolves");
        let rendered = render::render(templates, &resolved).expect("built-in templates render");
        let doc = lectern::document::parse::parse(&rendered.markdown, rendered.comments);
        if simple {
            let plain: Vec<String> = doc.blocks.iter().map(|b| b.plain_text()).collect();
            assert!(
                plain.iter().any(|p| p.contains(message)),
                "{kind}: message text not literal: {message:?}\n{}",
                rendered.markdown
            );
        }
    }
});
