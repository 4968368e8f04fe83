//! JSON Schemas (draft 2020-12) of the content files, generated from the very types the loader
//! deserialises, so an editor validating against them agrees with `lectern check`. A few rules
//! the loader checks in code after deserialising (non-empty text, an approved message's
//! approver, one length target) are added here by hand, so the editor flags them too.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{json, Map, Value};

use crate::library::{Event, Fact, Message};
use crate::settings::Settings;

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Message,
    Fact,
    Event,
    Settings,
}

impl Subject {
    pub fn name(self) -> &'static str {
        match self {
            Subject::Message => "message",
            Subject::Fact => "fact",
            Subject::Event => "event",
            Subject::Settings => "settings",
        }
    }
}

/// The schema of a file holding `subject`, as a JSON value ready to print.
pub fn schema(subject: Subject) -> Value {
    match subject {
        // A snippets file holds one object or an array of them.
        Subject::Message => one_or_many::<Message>(
            "lectern message file",
            "One approved strategic message, or an array of them (snippets/messages/*.json).",
        ),
        Subject::Fact => one_or_many::<Fact>(
            "lectern fact file",
            "One policy-unit fact, or an array of them (snippets/facts/*.json).",
        ),
        Subject::Event => single::<Event>(
            "lectern event file",
            "One event: what is drafted, for whom, when and from which content (events/*.json).",
        ),
        Subject::Settings => single::<Settings>(
            "lectern settings",
            "Workspace settings (lectern.json); every field is optional.",
        ),
    }
}

fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12().into_generator()
}

fn single<T: JsonSchema>(title: &str, description: &str) -> Value {
    let root = generator().into_root_schema_for::<T>().to_value();
    // `$schema`, title and description first, where a reader looks for them.
    let mut obj = Map::new();
    obj.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    obj.insert("title".into(), json!(title));
    obj.insert("description".into(), json!(description));
    if let Value::Object(generated) = root {
        for (k, v) in generated {
            if !obj.contains_key(&k) {
                obj.insert(k, v);
            }
        }
    }
    tighten(&mut obj);
    Value::Object(obj)
}

fn one_or_many<T: JsonSchema>(title: &str, description: &str) -> Value {
    let mut generator = generator();
    let item = generator.subschema_for::<T>().to_value();
    let defs: Map<String, Value> = generator.take_definitions(true);
    let mut obj = Map::new();
    obj.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    obj.insert("title".into(), json!(title));
    obj.insert("description".into(), json!(description));
    obj.insert(
        "oneOf".into(),
        json!([item, { "type": "array", "items": item }]),
    );
    obj.insert("$defs".into(), Value::Object(defs));
    tighten(&mut obj);
    Value::Object(obj)
}

/// Add the rules the loader enforces in code, wherever the type appears in the schema (the root
/// or `$defs`).
fn tighten(root: &mut Map<String, Value>) {
    let title = root
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if title == "lectern event file" {
        tighten_event(root);
    }
    if title == "lectern settings" {
        set_in(root, "stale_after_days", "minimum", json!(1));
        if let Some(Value::Object(rates)) = root
            .get_mut("properties")
            .and_then(|p| p.get_mut("speaking_rates"))
            .and_then(|r| r.get_mut("properties"))
        {
            for rate in rates.values_mut() {
                if let Value::Object(r) = rate {
                    r.insert("exclusiveMinimum".into(), json!(0));
                }
            }
        }
    }
    let Some(Value::Object(defs)) = root.get_mut("$defs") else {
        return;
    };
    if let Some(Value::Object(m)) = defs.get_mut("Message") {
        set_in(m, "text", "minProperties", json!(1));
        // An approved message names who approved it and when.
        m.insert(
            "if".into(),
            json!({ "properties": { "status": { "const": "approved" } }, "required": ["status"] }),
        );
        m.insert(
            "then".into(),
            json!({
                "required": ["approved_by", "approved_on"],
                "properties": {
                    "approved_by": { "type": "string" },
                    "approved_on": { "$ref": "#/$defs/Date" }
                }
            }),
        );
        if let Some(Value::Object(props)) = m.get_mut("properties") {
            // Each language's text must have something in it.
            if let Some(Value::Object(langs)) =
                props.get_mut("text").and_then(|t| t.get_mut("properties"))
            {
                for text in langs.values_mut() {
                    if let Value::Object(t) = text {
                        t.insert("pattern".into(), json!("\\S"));
                    }
                }
            }
        }
    }
    if let Some(Value::Object(f)) = defs.get_mut("Fact") {
        set_in(f, "statement", "minProperties", json!(1));
    }
    if let Some(Value::Object(t)) = defs.get_mut("Target") {
        t.insert(
            "oneOf".into(),
            json!([
                { "required": ["minutes"], "not": { "required": ["words"] } },
                { "required": ["words"], "not": { "required": ["minutes"] } }
            ]),
        );
        set_in(t, "minutes", "exclusiveMinimum", json!(0));
        set_in(t, "words", "minimum", json!(1));
    }
}

fn tighten_event(root: &mut Map<String, Value>) {
    set_in(root, "outputs", "minItems", json!(1));
    set_in(root, "outputs", "uniqueItems", json!(true));
    set_in(root, "translations", "uniqueItems", json!(true));
    set_in(root, "messages", "minItems", json!(1));
    // A local time (no offset) needs the event's `timezone`.
    let with_offset = json!({
        "pattern": "([Zz]|[+-][0-9]{2}:[0-9]{2})$",
        "description": "Without `timezone`, a date-time needs an offset from UTC."
    });
    root.insert("if".into(), json!({ "not": { "required": ["timezone"] } }));
    root.insert(
        "then".into(),
        json!({ "properties": { "starts_at": with_offset, "embargo_until": with_offset } }),
    );
}

/// Set `key` on the schema of property `prop` of the object schema `obj`.
fn set_in(obj: &mut Map<String, Value>, prop: &str, key: &str, value: Value) {
    if let Some(Value::Object(p)) = obj
        .get_mut("properties")
        .and_then(|props| props.get_mut(prop))
    {
        p.insert(key.into(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_refused_and_custom_types_appear() {
        let s = schema(Subject::Message);
        assert_eq!(
            s["$schema"],
            json!("https://json-schema.org/draft/2020-12/schema")
        );
        let msg = &s["$defs"]["Message"];
        assert_eq!(msg["additionalProperties"], json!(false));
        assert_eq!(
            s["$defs"]["Id"]["pattern"],
            json!(crate::library::ID_PATTERN)
        );
        assert_eq!(s["$defs"]["Date"]["format"], json!("date"));
        let e = schema(Subject::Event);
        assert_eq!(e["additionalProperties"], json!(false));
        // A local time is allowed beside a `timezone`, so the pattern, not `date-time`.
        assert!(e["$defs"]["DateTime"]["pattern"].is_string());
        assert!(e["properties"]["timezone"].is_object());
    }
}
