//! Writing imported translations back into a content file as text edits: the positioned
//! reader (`jsonpos`) finds the item, its text and its `translations`; only the value that
//! changes is replaced (or the member that is new is inserted, indented like its neighbours),
//! so every other byte of the file (field order, spacing, escapes, other items) stays as the
//! author wrote it, and a file with nothing to change comes out byte-identical.

use crate::error::{location_of, Location};
use crate::jsonpos::{self, Member, Node, Value};
use crate::library::{Lang, TranslationRecord};

/// What to write for one item's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub item: String,
    /// `text` or `statement`.
    pub field: &'static str,
    pub lang: Lang,
    /// The new text, or `None` to keep the text as it is.
    pub text: Option<String>,
    pub record: TranslationRecord,
}

/// The byte offset of a line and column (columns counted in characters, as `jsonpos` does).
fn offset(text: &str, at: Location) -> usize {
    let mut line = 1;
    // `jsonpos` skips a byte-order mark without counting it as a column.
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if at.line > 1 {
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line += 1;
                if line == at.line {
                    start = i + 1;
                    break;
                }
            }
        }
    }
    text[start..]
        .char_indices()
        .nth(at.column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}

/// Where the JSON value starting at `start` ends (exclusive). The text parsed already.
fn value_end(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut i = start;
    let mut depth = 0usize;
    let mut in_string = false;
    while i < b.len() {
        let c = b[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => {
                    in_string = false;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
        } else {
            match c {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => return i,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                b',' | b' ' | b'\n' | b'\r' | b'\t' if depth == 0 => return i,
                _ => {}
            }
        }
        i += 1;
    }
    b.len()
}

/// A JSON string literal: quotes, backslashes and control characters escaped, everything
/// else (accents, Arabic, no-break spaces) as it is.
pub fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn record_literal(r: &TranslationRecord) -> String {
    format!(
        "{{\"of_version\": {}, \"by\": {}, \"on\": \"{}\"}}",
        r.of_version,
        string_literal(&r.by),
        r.on
    )
}

/// One text edit: replace `start..end` with `with`.
struct Edit {
    start: usize,
    end: usize,
    with: String,
}

/// The indentation of the line `at` is on (its leading blanks).
fn indent_at(text: &str, at: usize) -> &str {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Insert `"key": value` as the last member of `object` (a node starting at `obj_start`),
/// laid out like the object's members: on their own lines with their indentation, or inline.
fn insert_member(text: &str, object: &Node, key: &str, value: &str, edits: &mut Vec<Edit>) {
    let obj_start = offset(text, object.at);
    let obj_end = value_end(text, obj_start);
    let Value::Object(members) = &object.value else {
        return;
    };
    match members.last() {
        Some(last) => {
            let v_start = offset(text, last.value.at);
            let v_end = value_end(text, v_start);
            let key_start = offset(text, last.key_at);
            let multiline = text[obj_start..key_start].contains('\n');
            let with = if multiline {
                format!(",\n{}\"{key}\": {value}", indent_at(text, key_start))
            } else {
                format!(", \"{key}\": {value}")
            };
            edits.push(Edit {
                start: v_end,
                end: v_end,
                with,
            });
        }
        None => {
            // `{}`: the member goes inside.
            edits.push(Edit {
                start: obj_start + 1,
                end: obj_end - 1,
                with: format!("\"{key}\": {value}"),
            });
        }
    }
}

/// The indentation unit the file uses (the first indented line's blanks), two spaces by default.
fn indent_unit(text: &str) -> String {
    text.lines()
        .map(|l| &l[..l.len() - l.trim_start_matches([' ', '\t']).len()])
        .find(|i| !i.is_empty())
        .unwrap_or("  ")
        .to_string()
}

/// Apply `changes` to the content file `text`. Returns the new text (equal to `text` when
/// nothing changes), or why an item cannot be edited.
pub fn apply(text: &str, changes: &[Change]) -> Result<String, String> {
    let root = jsonpos::parse(text).map_err(|e| e.message)?;
    let items: Vec<&Node> = match root.as_array() {
        Some(items) => items.iter().collect(),
        None => vec![&root],
    };
    let unit = indent_unit(text);
    let mut edits: Vec<Edit> = Vec::new();
    // Item by item, in the order first named.
    let mut order: Vec<&str> = Vec::new();
    for c in changes {
        if !order.contains(&c.item.as_str()) {
            order.push(&c.item);
        }
    }
    for item in order {
        let mine: Vec<&Change> = changes.iter().filter(|c| c.item == item).collect();
        let node = items
            .iter()
            .find(|n| n.get("id").and_then(Node::as_str) == Some(item))
            .ok_or_else(|| format!("no item `{item}` in the file any more"))?;
        let mut new_records: Vec<String> = Vec::new();
        for c in &mine {
            let texts = node
                .get(c.field)
                .ok_or_else(|| format!("item `{item}` has no `{}`", c.field))?;
            if let Some(new) = &c.text {
                match texts.get(c.lang.code()) {
                    Some(v) if v.as_str() == Some(new.as_str()) => {}
                    Some(v) => {
                        let start = offset(text, v.at);
                        edits.push(Edit {
                            start,
                            end: value_end(text, start),
                            with: string_literal(new),
                        });
                    }
                    None => {
                        insert_member(text, texts, c.lang.code(), &string_literal(new), &mut edits)
                    }
                }
            }
            let record = record_literal(&c.record);
            match node.get("translations") {
                Some(records) => match records.get(c.lang.code()) {
                    Some(old) => {
                        let unchanged = serde_json::from_value::<TranslationRecord>(old.to_json())
                            .is_ok_and(|r| r == c.record);
                        if !unchanged {
                            let start = offset(text, old.at);
                            edits.push(Edit {
                                start,
                                end: value_end(text, start),
                                with: record,
                            });
                        }
                    }
                    None => insert_member(text, records, c.lang.code(), &record, &mut edits),
                },
                None => new_records.push(format!("\"{}\": {record}", c.lang.code())),
            }
        }
        if new_records.is_empty() {
            continue;
        }
        // No `translations` yet: one new member with every language, laid out like the item.
        let members: &[Member] = match &node.value {
            Value::Object(m) => m,
            _ => &[],
        };
        let multiline = members
            .first()
            .is_some_and(|m| text[offset(text, node.at)..offset(text, m.key_at)].contains('\n'));
        let value = if multiline {
            let key_indent = members
                .last()
                .map(|m| indent_at(text, offset(text, m.key_at)).to_string())
                .unwrap_or_default();
            let inner = format!(",\n{key_indent}{unit}");
            format!(
                "{{\n{key_indent}{unit}{}\n{key_indent}}}",
                new_records.join(&inner)
            )
        } else {
            format!("{{{}}}", new_records.join(", "))
        };
        insert_member(text, node, "translations", &value, &mut edits);
    }
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = text.to_string();
    for e in edits.iter().rev() {
        out.replace_range(e.start..e.end, &e.with);
    }
    Ok(out)
}

/// Where a line and column is, for messages about a content file.
pub fn location(text: &str, at: usize) -> Location {
    location_of(text, at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Date;

    fn record(v: u32) -> TranslationRecord {
        TranslationRecord {
            of_version: v,
            by: "Marie \"M\" Curie".into(),
            on: Date::parse("2026-12-01").unwrap(),
        }
    }

    const FILE: &str = "[\n  {\n    \"id\": \"a\",\n    \"version\": 2,\n    \"text\": {\n      \"en\": \"Five\\u0021 5,500 people.\",\n      \"fr\": \"Cinq.\"\n    }\n  },\n  {\"id\": \"b\", \"version\": 1, \"text\": {\"en\": \"B\"}}\n]\n";

    fn change(item: &str, lang: Lang, text: Option<&str>, v: u32) -> Change {
        Change {
            item: item.into(),
            field: "text",
            lang,
            text: text.map(str::to_string),
            record: record(v),
        }
    }

    #[test]
    fn only_the_changed_values_move() {
        let out = apply(
            FILE,
            &[change("a", Lang::Fr, Some("Cinq ! 5 500 personnes."), 2)],
        )
        .unwrap();
        assert_eq!(
            out,
            "[\n  {\n    \"id\": \"a\",\n    \"version\": 2,\n    \"text\": {\n      \"en\": \"Five\\u0021 5,500 people.\",\n      \"fr\": \"Cinq ! 5 500 personnes.\"\n    },\n    \"translations\": {\n      \"fr\": {\"of_version\": 2, \"by\": \"Marie \\\"M\\\" Curie\", \"on\": \"2026-12-01\"}\n    }\n  },\n  {\"id\": \"b\", \"version\": 1, \"text\": {\"en\": \"B\"}}\n]\n"
        );
        // Applying the same change again changes nothing.
        let again = apply(
            &out,
            &[change("a", Lang::Fr, Some("Cinq ! 5 500 personnes."), 2)],
        )
        .unwrap();
        assert_eq!(again, out);
    }

    #[test]
    fn inline_objects_stay_inline_and_languages_are_added() {
        let out = apply(
            FILE,
            &[
                change("b", Lang::Es, Some("Be"), 1),
                change("b", Lang::Ar, Some("ب"), 1),
            ],
        )
        .unwrap();
        assert!(out.contains(
            "{\"id\": \"b\", \"version\": 1, \"text\": {\"en\": \"B\", \"es\": \"Be\", \"ar\": \"ب\"}, \"translations\": {\"es\": {\"of_version\": 1, \"by\": \"Marie \\\"M\\\" Curie\", \"on\": \"2026-12-01\"}, \"ar\": {\"of_version\": 1, \"by\": \"Marie \\\"M\\\" Curie\", \"on\": \"2026-12-01\"}}}"
        ), "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v[1]["translations"]["ar"]["of_version"], 1);
    }

    #[test]
    fn two_new_languages_in_a_multiline_item() {
        let out = apply(
            FILE,
            &[
                change("a", Lang::Es, Some("Cinco"), 2),
                change("a", Lang::Fr, None, 2),
            ],
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).expect(&out);
        assert_eq!(v[0]["translations"]["es"]["of_version"], 2);
        assert_eq!(v[0]["translations"]["fr"]["of_version"], 2);
        assert_eq!(v[0]["text"]["es"], "Cinco");
        assert!(
            out.contains("    \"translations\": {\n      \"es\": {"),
            "{out}"
        );
    }

    proptest::proptest! {
        /// Any edit of a content file either cannot be changed (an error) or comes out as JSON
        /// that parses, with the new text in place; never a panic.
        #[test]
        fn edited_files_never_panic(at in 0usize..300, cut in 0usize..6, insert in "[\\PC\n\",:{}\\[\\]]{0,4}") {
            let mut text = FILE.to_string();
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, &insert);
            if let Ok(out) = apply(&text, &[change("a", Lang::Fr, Some("N\"ouveau"), 2)]) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&out) {
                    let item = v.as_array().and_then(|a| a.iter().find(|i| i["id"] == "a")).or(Some(&v));
                    if let Some(t) = item.and_then(|i| i["text"]["fr"].as_str()) {
                        proptest::prop_assert_eq!(t, "N\"ouveau");
                    }
                }
            }
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let text = "\u{feff}{\"id\": \"a\", \"text\": {}}";
        let out = apply(text, &[change("a", Lang::Fr, Some("T"), 1)]).unwrap();
        assert_eq!(
            out,
            "\u{feff}{\"id\": \"a\", \"text\": {\"fr\": \"T\"}, \"translations\": {\"fr\": {\"of_version\": 1, \"by\": \"Marie \\\"M\\\" Curie\", \"on\": \"2026-12-01\"}}}"
        );
    }

    #[test]
    fn positions_are_counted_in_characters() {
        let text = "{\"é\": \"ب\", \"x\": 1}";
        let root = jsonpos::parse(text).unwrap();
        let x = root.get("x").unwrap();
        assert_eq!(&text[offset(text, x.at)..], "1}");
        assert_eq!(value_end(text, offset(text, x.at)), text.len() - 1);
    }
}
