//! JSON with positions: a strict RFC 8259 reader that keeps the line and column of every key
//! and value, so any later check (the schema validator, governance) can point at the exact
//! place in the file. Syntax errors are worded for a person editing the file, with the caret
//! where the mistake is (a trailing comma's caret is on the comma). Nothing here knows about
//! lectern's content types, and nothing here prints.
//!
//! `parse(text)` gives a `Node` tree; `Node::to_json` turns it into a `serde_json::Value` for
//! deserialising once the content has been checked.

use serde_json::Number;

use crate::error::Location;

/// Objects and arrays nest at most this deep (serde_json's own limit), so a hostile file cannot
/// exhaust the stack.
pub const MAX_DEPTH: usize = 128;

/// A value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub at: Location,
    pub value: Value,
}

/// A JSON value whose children carry positions. Object members keep their order and any
/// repeated key, so a checker can report duplicates.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

/// One `"key": value` of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_at: Location,
    pub value: Node,
}

/// A syntax error: what is wrong, where, and how to fix it when that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub at: Location,
    pub hint: Option<String>,
}

impl Node {
    /// The member `key` of an object (the last one, if the key is repeated).
    pub fn member(&self, key: &str) -> Option<&Member> {
        match &self.value {
            Value::Object(members) => members.iter().rev().find(|m| m.key == key),
            _ => None,
        }
    }

    /// The value of member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The plain JSON value (for a repeated key, the last one wins, as in serde_json).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Object(members) => {
                let mut map = serde_json::Map::new();
                for m in members {
                    map.insert(m.key.clone(), m.value.to_json());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

/// One step of a path into a JSON value: an object key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where the value at `path` starts in `text`, for pointing at what the user wrote in a file
/// that already loaded (a governance refusal, an unknown id). When the text is an array of
/// items, the path starts inside the item whose `"id"` is `item_id`. `None` when the text does
/// not parse or holds no such value.
pub fn locate(text: &str, item_id: &str, path: &[Step<'_>]) -> Option<Location> {
    let root = parse(text).ok()?;
    let mut node = match root.as_array() {
        Some(items) => items
            .iter()
            .find(|n| n.get("id").and_then(Node::as_str) == Some(item_id))?,
        None => &root,
    };
    for step in path {
        node = match step {
            Step::Key(k) => node.get(k)?,
            Step::Index(i) => node.as_array()?.get(*i)?,
        };
    }
    Some(node.at)
}

/// Parse `text` (a leading byte-order mark is allowed) into a tree of positioned values.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        line: 1,
        column: 1,
    };
    if text.starts_with('\u{feff}') {
        p.pos = '\u{feff}'.len_utf8();
    }
    p.skip_space()?;
    if p.peek().is_none() {
        return Err(SyntaxError {
            message: "the file is empty: expected a JSON object".into(),
            at: p.here(),
            hint: None,
        });
    }
    let node = p.value(0)?;
    p.skip_space()?;
    if let Some(c) = p.peek_char() {
        return Err(p.error_here(
            format!("unexpected {} after the end of the JSON value", show(c)),
            Some("a file holds one value: wrap several objects in [ ], separated by commas"),
        ));
    }
    Ok(node)
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    line: usize,
    /// Column of `pos`, counted in characters like editors do.
    column: usize,
}

/// A character as shown in a message.
fn show(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("character U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

impl Parser<'_> {
    fn here(&self) -> Location {
        Location {
            line: self.line,
            column: self.column,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    /// Move past one byte, keeping line and column.
    fn bump(&mut self) {
        if let Some(&b) = self.bytes.get(self.pos) {
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
            self.pos += 1;
        }
    }

    fn error_here(&self, message: String, hint: Option<&str>) -> SyntaxError {
        SyntaxError {
            message,
            at: self.here(),
            hint: hint.map(str::to_string),
        }
    }

    /// What was found at the current position, for "expected X, found Y".
    fn found(&self) -> String {
        match self.peek_char() {
            None => "the end of the file".into(),
            Some(c) => show(c),
        }
    }

    fn skip_space(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.bump(),
                Some(b'/') if matches!(self.bytes.get(self.pos + 1), Some(b'/' | b'*')) => {
                    return Err(self.error_here(
                        "JSON does not allow comments".into(),
                        Some("remove the comment; a note for people can go in a field such as `notes`"),
                    ))
                }
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        let at = self.here();
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(b'\'') => {
                return Err(self.error_here(
                    "text is written in double quotes, not single quotes".into(),
                    Some("replace ' with \" around the text"),
                ))
            }
            Some(b'a'..=b'z' | b'A'..=b'Z' | b'_') => self.word()?,
            _ => {
                return Err(
                    self.error_here(format!("expected a value, found {}", self.found()), None)
                )
            }
        };
        Ok(Node { at, value })
    }

    /// `true`, `false`, `null`, or a bare word someone meant as text.
    fn word(&mut self) -> Result<Value, SyntaxError> {
        let at = self.here();
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            self.bump();
        }
        let word = &self.text[start..self.pos];
        match word {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            "null" => Ok(Value::Null),
            _ => Err(SyntaxError {
                message: format!("expected a value, found the bare word `{word}`"),
                at,
                hint: Some(format!(
                    "text is written in double quotes: \"{word}\"; the only bare words are true, false and null"
                )),
            }),
        }
    }

    fn nested_too_deep(&self, depth: usize) -> Option<SyntaxError> {
        (depth >= MAX_DEPTH).then(|| {
            self.error_here(
                format!("objects and lists nest more than {MAX_DEPTH} levels deep here"),
                Some("content files are shallow; check for a runaway [ or {"),
            )
        })
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if let Some(e) = self.nested_too_deep(depth) {
            return Err(e);
        }
        let open = self.here();
        self.bump(); // {
        let mut members: Vec<Member> = Vec::new();
        self.skip_space()?;
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_space()?;
            let key_at = self.here();
            let key = match self.peek() {
                Some(b'"') => self.string()?,
                None => return Err(unclosed(open, "object", '}')),
                Some(b'\'') => {
                    return Err(self.error_here(
                        "field names are written in double quotes, not single quotes".into(),
                        Some("replace ' with \" around the field name"),
                    ))
                }
                Some(_) => {
                    let found = self.found();
                    let hint = match self.peek() {
                        Some(b) if b.is_ascii_alphabetic() => {
                            Some("put the field name in double quotes: \"name\": value")
                        }
                        _ => None,
                    };
                    return Err(self.error_here(
                        format!("expected a field name in double quotes, found {found}"),
                        hint,
                    ));
                }
            };
            self.skip_space()?;
            if self.peek() != Some(b':') {
                if self.peek().is_none() {
                    return Err(unclosed(open, "object", '}'));
                }
                return Err(self.error_here(
                    format!(
                        "expected `:` after the field name `{key}`, found {}",
                        self.found()
                    ),
                    None,
                ));
            }
            self.bump();
            self.skip_space()?;
            if self.peek().is_none() {
                return Err(unclosed(open, "object", '}'));
            }
            let value = self.value(depth + 1)?;
            let value_end_line = self.line;
            members.push(Member { key, key_at, value });
            self.skip_space()?;
            match self.peek() {
                Some(b',') => {
                    let comma = self.here();
                    self.bump();
                    self.skip_space()?;
                    if self.peek() == Some(b'}') {
                        return Err(SyntaxError {
                            message: "trailing comma: no field follows it before `}`".into(),
                            at: comma,
                            hint: Some(
                                "remove this comma; JSON allows no comma after the last field"
                                    .into(),
                            ),
                        });
                    }
                }
                Some(b'}') => {
                    self.bump();
                    return Ok(Value::Object(members));
                }
                None => return Err(unclosed(open, "object", '}')),
                Some(_) => {
                    let last = &members[members.len() - 1].key;
                    return Err(self.error_here(
                        format!("expected `,` or `}}` after the value of `{last}`, found {}", self.found()),
                        Some(&format!(
                            "add a comma after the value of `{last}` (line {value_end_line}), or close the object with }}"
                        )),
                    ));
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if let Some(e) = self.nested_too_deep(depth) {
            return Err(e);
        }
        let open = self.here();
        self.bump(); // [
        let mut items = Vec::new();
        self.skip_space()?;
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_space()?;
            if self.peek().is_none() {
                return Err(unclosed(open, "list", ']'));
            }
            items.push(self.value(depth + 1)?);
            let value_end_line = self.line;
            self.skip_space()?;
            match self.peek() {
                Some(b',') => {
                    let comma = self.here();
                    self.bump();
                    self.skip_space()?;
                    if self.peek() == Some(b']') {
                        return Err(SyntaxError {
                            message: "trailing comma: no item follows it before `]`".into(),
                            at: comma,
                            hint: Some(
                                "remove this comma; JSON allows no comma after the last item"
                                    .into(),
                            ),
                        });
                    }
                }
                Some(b']') => {
                    self.bump();
                    return Ok(Value::Array(items));
                }
                None => return Err(unclosed(open, "list", ']')),
                Some(_) => {
                    return Err(self.error_here(
                        format!("expected `,` or `]` after a list item, found {}", self.found()),
                        Some(&format!(
                            "add a comma after the item ending on line {value_end_line}, or close the list with ]"
                        )),
                    ))
                }
            }
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let open = self.here();
        self.bump(); // "
        let mut out = String::new();
        loop {
            let start = self.pos;
            // Plain run up to a quote, backslash or control character.
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.bump();
            }
            out.push_str(&self.text[start..self.pos]);
            match self.peek() {
                None => {
                    return Err(SyntaxError {
                        message: "this text is not closed: it has no closing quote".into(),
                        at: open,
                        hint: Some("add the closing \" at the end of the text".into()),
                    })
                }
                Some(b'"') => {
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => {
                    let escape_at = self.here();
                    self.bump();
                    let c = self.escape(escape_at)?;
                    out.push(c);
                }
                Some(b) => {
                    let (message, hint) = match b {
                        b'\n' | b'\r' => (
                            "a line break cannot appear inside text in JSON".to_string(),
                            if self.text[self.pos..].contains('"') {
                                "write a line break as \\n (a blank line, a new paragraph, as \\n\\n)".to_string()
                            } else {
                                "this text has no closing quote; add the \" at its end".to_string()
                            },
                        ),
                        b'\t' => (
                            "a tab character cannot appear inside text in JSON".to_string(),
                            "write it as \\t, or use spaces".to_string(),
                        ),
                        _ => (
                            format!("control character U+{b:04X} inside text"),
                            format!("remove it, or write it as \\u{b:04X}"),
                        ),
                    };
                    return Err(self.error_here(message, Some(&hint)));
                }
            }
        }
    }

    /// After a backslash: the escaped character.
    fn escape(&mut self, at: Location) -> Result<char, SyntaxError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.bump();
                let first = self.hex4(at)?;
                if (0xD800..0xDC00).contains(&first) {
                    // A surrogate pair: the low half must follow as another \u escape.
                    if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                        self.bump();
                        self.bump();
                        let second = self.hex4(at)?;
                        if (0xDC00..0xE000).contains(&second) {
                            let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                            return char::from_u32(c).ok_or_else(|| bad_unicode(at));
                        }
                    }
                    return Err(SyntaxError {
                        message: format!("`\\u{first:04X}` is half of a character: the other half (a `\\uDC00`-`\\uDFFF` escape) must follow it"),
                        at,
                        hint: Some("write the character itself instead of its escape".into()),
                    });
                }
                return char::from_u32(first).ok_or_else(|| bad_unicode(at));
            }
            _ => {
                let found = self.peek_char().map(|c| c.to_string()).unwrap_or_default();
                return Err(SyntaxError {
                    message: format!("unknown escape `\\{found}` in text"),
                    at,
                    hint: Some(
                        "a backslash starts an escape such as \\n or \\\"; write a backslash itself as \\\\"
                            .into(),
                    ),
                });
            }
        };
        self.bump();
        Ok(c)
    }

    fn hex4(&mut self, at: Location) -> Result<u32, SyntaxError> {
        let mut v = 0;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|b| (b as char).to_digit(16))
                .ok_or_else(|| bad_unicode(at))?;
            v = v * 16 + d;
            self.bump();
        }
        Ok(v)
    }

    fn number(&mut self) -> Result<Number, SyntaxError> {
        let at = self.here();
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        {
            self.bump();
        }
        let written = &self.text[start..self.pos];
        if !number_shape(written) {
            return Err(SyntaxError {
                message: format!("`{written}` is not a number as JSON writes them"),
                at,
                hint: Some(
                    "write numbers like 42, 3.5 or 1e6, without leading zeros or a trailing point"
                        .into(),
                ),
            });
        }
        serde_json::from_str::<Number>(written).map_err(|_| SyntaxError {
            message: format!("the number `{written}` is too large"),
            at,
            hint: None,
        })
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
fn number_shape(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let digits = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == digits {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let digits = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == digits {
            return false;
        }
    }
    i == b.len()
}

fn bad_unicode(at: Location) -> SyntaxError {
    SyntaxError {
        message: "invalid `\\u` escape: it takes four hexadecimal digits naming a character".into(),
        at,
        hint: Some("write the character itself instead of its escape".into()),
    }
}

/// The file ended inside an object or list: point at where it opened.
fn unclosed(open: Location, what: &str, close: char) -> SyntaxError {
    SyntaxError {
        message: format!("the file ends before this {what} is closed"),
        at: open,
        hint: Some(format!(
            "add the missing `{close}`, and check the brackets inside it"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(line: usize, column: usize) -> Location {
        Location { line, column }
    }

    #[test]
    fn keys_and_values_carry_their_positions() {
        let text = "{\n  \"id\": \"a\",\n  \"list\": [1, \"é\", {\"k\": null}]\n}";
        let n = parse(text).unwrap();
        assert_eq!(n.at, loc(1, 1));
        let id = n.member("id").unwrap();
        assert_eq!((id.key_at, id.value.at), (loc(2, 3), loc(2, 9)));
        let list = n.get("list").unwrap().as_array().unwrap();
        assert_eq!(list[1].at, loc(3, 15));
        // Columns count characters: `é` is two bytes but one column.
        assert_eq!(list[2].at, loc(3, 20));
        assert_eq!(list[2].member("k").unwrap().key_at, loc(3, 21));
        assert_eq!(
            n.to_json(),
            serde_json::json!({"id": "a", "list": [1, "é", {"k": null}]})
        );
    }

    #[test]
    fn agrees_with_serde_json_on_values() {
        for text in [
            r#"{"a": "\u00e9\ud83d\ude00\n\t\"\\\/", "b": [true, false, null], "c": -0.5e3}"#,
            "[]",
            "{}",
            " [ 1 , 2 ] ",
            "\u{feff}{\"x\": 18446744073709551615}",
            r#"{"n": -9223372036854775808, "f": 1.7976931348623157e308}"#,
        ] {
            let ours = parse(text).unwrap().to_json();
            let theirs: serde_json::Value =
                serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn rejects_what_serde_json_rejects() {
        for text in [
            "",
            "{",
            "{\"a\" 1}",
            "{\"a\": 1,}",
            "[1,]",
            "[01]",
            "[1.]",
            "[.5]",
            "[1e]",
            "{'a': 1}",
            "{a: 1}",
            "[\"\\x\"]",
            "[\"\\ud800\"]",
            "[\"a\nb\"]",
            "[tru]",
            "[1] [2]",
            "[1e999]",
            "// c\n{}",
        ] {
            assert!(parse(text).is_err(), "{text:?} parsed");
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_err(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_trailing_comma_points_at_the_comma() {
        let e = parse("{\n  \"a\": 1,\n  \"b\": 2,\n}\n").unwrap_err();
        assert_eq!(e.at, loc(3, 9));
        assert_eq!(e.message, "trailing comma: no field follows it before `}`");
        let e = parse("[1, 2 ,\n ]").unwrap_err();
        assert_eq!(e.at, loc(1, 7));
    }

    #[test]
    fn a_missing_comma_names_the_previous_field() {
        let e = parse("{\n  \"a\": \"x\"\n  \"b\": 2\n}").unwrap_err();
        assert_eq!(e.at, loc(3, 3));
        assert_eq!(
            e.message,
            "expected `,` or `}` after the value of `a`, found `\"`"
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("add a comma after the value of `a` (line 2), or close the object with }")
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("nest more than 128"), "{}", e.message);
    }

    #[test]
    fn an_unclosed_object_points_where_it_opens() {
        let e = parse("[\n  {\"a\": 1\n").unwrap_err();
        assert_eq!(e.at, loc(2, 3));
        assert_eq!(e.message, "the file ends before this object is closed");
    }

    #[test]
    fn locate_finds_a_value_by_path_inside_the_item_with_that_id() {
        let text = "[\n  {\"id\": \"a\", \"facts\": [\"x\"]},\n  {\"id\": \"b\", \"facts\": [\"y\", {\"id\": \"z\"}]}\n]";
        let at = locate(
            text,
            "b",
            &[Step::Key("facts"), Step::Index(1), Step::Key("id")],
        )
        .unwrap();
        assert_eq!((at.line, at.column), (3, 37));
        let at = locate(text, "a", &[Step::Key("facts"), Step::Index(0)]).unwrap();
        assert_eq!((at.line, at.column), (2, 25));
        assert!(locate(text, "c", &[Step::Key("facts")]).is_none());
        assert!(locate(text, "a", &[Step::Key("facts"), Step::Index(3)]).is_none());
        assert!(locate("{not json", "a", &[]).is_none());
    }
}
