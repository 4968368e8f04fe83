//! `lectern schema message|fact|event|settings`: print a content file's JSON Schema, for editor
//! validation (docs/editor-schemas.md).

use std::io::Write;

use super::{CmdResult, Context};
use crate::cli::SchemaWhat;
use crate::schema::{schema, Subject};

pub(super) fn run(_ctx: &Context, what: SchemaWhat) -> CmdResult {
    let subject = match what {
        SchemaWhat::Message => Subject::Message,
        SchemaWhat::Fact => Subject::Fact,
        SchemaWhat::Event => Subject::Event,
        SchemaWhat::Settings => Subject::Settings,
    };
    let mut text = serde_json::to_string_pretty(&schema(subject)).unwrap_or_default();
    text.push('\n');
    // A closed pipe (`| head`) is not an error.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(())
}
