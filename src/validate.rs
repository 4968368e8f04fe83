//! Field-by-field validation of a positioned JSON tree (`jsonpos`) against the JSON Schemas
//! `schema` generates from the library's types, collecting every problem with its line and
//! column instead of stopping at the first as serde does. Messages speak of fields, text,
//! numbers and lists, never of Rust types; misspelt field names and values get a
//! "did you mean". The value types with rules of their own (ids, dates, date-times, languages,
//! time zones) are recognised by their schema name and checked by their own parsers, so the
//! validator and the loader always agree. Rules across fields (an approved message needs its
//! approver, a length target takes one unit) are checked by the loader after deserialising.
//! Nothing here prints.

use serde_json::{Map, Value as Json};

use crate::error::Location;
use crate::jsonpos::{Node, Value};
use crate::library::{Date, Id, Lang};
use crate::suggest;

/// One problem: what is wrong, where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub at: Location,
    pub hints: Vec<String>,
}

impl Problem {
    fn new(at: Location, message: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            at,
            hints: Vec::new(),
        }
    }

    fn hint(mut self, h: impl Into<String>) -> Problem {
        self.hints.push(h.into());
        self
    }
}

/// A field's place in an item, shown as `speaker.name` or `qa[1].messages[0]`.
#[derive(Debug, Clone, Default)]
struct Path(String);

impl Path {
    fn key(&self, k: &str) -> Path {
        if self.0.is_empty() {
            Path(k.to_string())
        } else {
            Path(format!("{}.{k}", self.0))
        }
    }
    fn index(&self, i: usize) -> Path {
        Path(format!("{}[{i}]", self.0))
    }
    /// "`speaker.name`", or `whole` for the item itself.
    fn shown(&self, whole: &str) -> String {
        if self.0.is_empty() {
            whole.to_string()
        } else {
            format!("`{}`", self.0)
        }
    }
    /// " in `speaker`", or nothing at the top of the item.
    fn inside(&self) -> String {
        if self.0.is_empty() {
            String::new()
        } else {
            format!(" in `{}`", self.0)
        }
    }
}

/// Validate `node` against `schema`, resolving `$ref`s in `root`'s `$defs`. `noun` names the
/// item in messages ("message", "event").
pub fn validate(node: &Node, schema: &Json, root: &Json, noun: &str) -> Vec<Problem> {
    let v = Validator { root, noun };
    let mut out = Vec::new();
    v.check(node, schema, &Path::default(), &mut out);
    out
}

struct Validator<'a> {
    root: &'a Json,
    noun: &'a str,
}

/// The name of the definition a `$ref` points at.
fn ref_name(schema: &Json) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix("#/$defs/")
}

/// JSON type names, as JSON Schema spells them.
fn json_type(node: &Node) -> &'static str {
    match &node.value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A JSON type in words.
fn type_words(t: &str) -> &'static str {
    match t {
        "null" => "null",
        "boolean" => "true or false",
        "integer" => "a whole number",
        "number" => "a number",
        "string" => "text",
        "array" => "a list",
        "object" => "an object",
        _ => "a value",
    }
}

/// What was found, in words: `the text "one"`, `the number 3.5`.
fn found(node: &Node) -> String {
    match &node.value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            let more = if short.len() < s.len() { "…" } else { "" };
            format!("the text \"{short}{more}\"")
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// What a named value type is, in words, for "must be …".
fn named_words(name: &str) -> Option<&'static str> {
    Some(match name {
        "Id" => "an id (text)",
        "Date" => "a date (text, YYYY-MM-DD)",
        "DateTime" => "a date and time (text, like 2026-12-03T10:00:00+01:00)",
        "Lang" => "a language code (text: en, fr, es or ar)",
        "TimeZone" => "a time-zone name (text, like \"Europe/Paris\")",
        "Kind" => "an output kind (text)",
        "Status" => "a status (text)",
        "Clearance" => "a clearance (text)",
        _ => return None,
    })
}

/// The noun for a value of an enumerated type, for "unknown …".
fn enum_noun(name: Option<&str>) -> &'static str {
    match name {
        Some("Kind") => "output kind",
        Some("Status") => "status",
        Some("Clearance") => "clearance",
        Some("Lang") => "language",
        _ => "value",
    }
}

/// `a`, `b` and `c`.
fn listing<'a>(items: impl IntoIterator<Item = &'a str>, conj: &str) -> String {
    let items: Vec<String> = items.into_iter().map(|s| format!("`{s}`")).collect();
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} {conj} {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

impl Validator<'_> {
    fn resolve<'s>(&'s self, schema: &'s Json) -> &'s Json {
        match ref_name(schema) {
            Some(name) => self
                .root
                .get("$defs")
                .and_then(|d| d.get(name))
                .unwrap_or(schema),
            None => schema,
        }
    }

    /// The JSON types `schema` accepts, or `None` when it does not say.
    fn types(&self, schema: &Json) -> Option<Vec<String>> {
        let s = self.resolve(schema);
        match s.get("type") {
            Some(Json::String(t)) => Some(vec![t.clone()]),
            Some(Json::Array(ts)) => Some(
                ts.iter()
                    .filter_map(|t| t.as_str().map(str::to_string))
                    .collect(),
            ),
            _ => {
                let branches = s.get("anyOf").or_else(|| s.get("oneOf"))?.as_array()?;
                let mut all = Vec::new();
                for b in branches {
                    all.extend(self.types(b)?);
                }
                Some(all)
            }
        }
    }

    fn accepts_type(&self, schema: &Json, node: &Node) -> Option<bool> {
        let t = json_type(node);
        self.types(schema).map(|ts| {
            ts.iter()
                .any(|x| x == t || (x == "number" && t == "integer"))
        })
    }

    /// "must be text", with the named type's words when the schema is a named value type.
    fn expected(&self, schema: &Json) -> String {
        if let Some(w) = ref_name(schema).and_then(named_words) {
            return w.to_string();
        }
        let mut words: Vec<&str> = self
            .types(schema)
            .unwrap_or_default()
            .iter()
            .filter(|t| *t != "null")
            .map(|t| type_words(t))
            .collect();
        words.dedup();
        match words.len() {
            0 => "null".into(),
            1 => words[0].to_string(),
            _ => words.join(" or "),
        }
    }

    fn check(&self, node: &Node, schema: &Json, path: &Path, out: &mut Vec<Problem>) {
        // A skeleton's "FILL IN: …" value nobody has replaced yet.
        if let Some(text) = node.as_str().filter(|t| crate::skeleton::is_placeholder(t)) {
            let what = text[crate::skeleton::MARK.len()..].trim();
            let whole = format!("the {}", self.noun);
            out.push(
                Problem::new(
                    node.at,
                    format!("{} is not filled in yet: {what}", path.shown(&whole)),
                )
                .hint("replace the \"FILL IN: …\" text with the real value; an optional field can be removed instead"),
            );
            return;
        }
        let name = ref_name(schema);
        let s = self.resolve(schema);
        // anyOf / oneOf that choose by type (an optional value, a choice of shapes).
        if let Some(branches) = s
            .get("anyOf")
            .or_else(|| s.get("oneOf"))
            .and_then(Json::as_array)
        {
            if s.get("type").is_none() && branches.iter().all(|b| self.types(b).is_some()) {
                self.check_branches(node, schema, branches, path, out);
                return;
            }
        }
        if self.accepts_type(schema, node) == Some(false) {
            let whole = format!("a {}", self.noun);
            out.push(Problem::new(
                node.at,
                format!(
                    "{} must be {}, not {}",
                    path.shown(&whole),
                    self.expected(schema),
                    found(node)
                ),
            ));
            return;
        }
        if let Some(name) = name {
            if self.named(node, name, out) {
                return;
            }
        }
        match &node.value {
            Value::String(text) => self.string(node, text, s, name, path, out),
            Value::Number(_) => self.number(node, s, path, out),
            Value::Array(items) => self.array(node, items, s, path, out),
            Value::Object(_) => {
                self.object(node, s, path, out);
                self.one_of_fields(node, s, path, out);
            }
            Value::Null | Value::Bool(_) => {}
        }
    }

    /// `oneOf` branches that each require one field ("minutes" or "words"): exactly one of the
    /// fields must be given.
    fn one_of_fields(&self, node: &Node, s: &Json, path: &Path, out: &mut Vec<Problem>) {
        let Some(branches) = s.get("oneOf").and_then(Json::as_array) else {
            return;
        };
        if branches.iter().any(|b| self.types(b).is_some()) {
            return;
        }
        let fields: Vec<&str> = branches
            .iter()
            .filter_map(|b| b.get("required")?.as_array()?.first()?.as_str())
            .collect();
        if fields.len() != branches.len() {
            return;
        }
        let given = branches.iter().filter(|b| holds(node, b)).count();
        if given != 1 {
            out.push(Problem::new(
                node.at,
                format!(
                    "{} takes exactly one of {}",
                    path.shown(&format!("a {}", self.noun)),
                    listing(fields.iter().copied(), "or")
                ),
            ));
        }
    }

    fn check_branches(
        &self,
        node: &Node,
        schema: &Json,
        branches: &[Json],
        path: &Path,
        out: &mut Vec<Problem>,
    ) {
        let fitting: Vec<&Json> = branches
            .iter()
            .filter(|b| self.accepts_type(b, node) == Some(true))
            .collect();
        if fitting.is_empty() {
            let expected: Vec<String> = branches
                .iter()
                .filter(|b| self.types(b).is_none_or_not_only_null())
                .map(|b| self.expected(b))
                .collect();
            let whole = format!("a {}", self.noun);
            out.push(Problem::new(
                node.at,
                format!(
                    "{} must be {}, not {}",
                    path.shown(&whole),
                    if expected.is_empty() {
                        self.expected(schema)
                    } else {
                        expected.join(" or ")
                    },
                    found(node)
                ),
            ));
            return;
        }
        let mut best: Option<Vec<Problem>> = None;
        for b in fitting {
            let mut found = Vec::new();
            self.check(node, b, path, &mut found);
            if found.is_empty() {
                return;
            }
            if best.as_ref().is_none_or_longer(found.len()) {
                best = Some(found);
            }
        }
        out.extend(best.unwrap_or_default());
    }

    /// Value types with parsers of their own. True when the value was fully checked here.
    fn named(&self, node: &Node, name: &str, out: &mut Vec<Problem>) -> bool {
        let Some(text) = node.as_str() else {
            return false;
        };
        let problem = match name {
            "Id" => Id::parse(text).err().map(|m| Problem::new(node.at, m)),
            "Date" => Date::parse(text).err().map(|m| Problem::new(node.at, m)),
            "DateTime" => crate::zone::parse_written(text)
                .err()
                .map(|m| Problem::new(node.at, m)),
            "TimeZone" => crate::zone::TimeZone::parse(text)
                .err()
                .map(|(m, h)| Problem::new(node.at, m).hint(h)),
            "Lang" => Lang::parse(text).is_none().then(|| {
                Problem::new(node.at, format!("unknown language `{text}`"))
                    .hint(suggest::language_hint(text))
            }),
            _ => return false,
        };
        out.extend(problem);
        true
    }

    fn string(
        &self,
        node: &Node,
        text: &str,
        s: &Json,
        name: Option<&str>,
        path: &Path,
        out: &mut Vec<Problem>,
    ) {
        if let Some(allowed) = s.get("enum").and_then(Json::as_array) {
            let allowed: Vec<&str> = allowed.iter().filter_map(Json::as_str).collect();
            if !allowed.contains(&text) {
                let noun = enum_noun(name);
                let noun = if noun == "value" {
                    format!("value for {}", path.shown("it"))
                } else {
                    noun.to_string()
                };
                out.push(
                    Problem::new(node.at, format!("unknown {noun} `{text}`")).hint(suggest::hint(
                        text,
                        allowed.iter().copied(),
                        format!("expected {}", listing(allowed.iter().copied(), "or")),
                    )),
                );
            }
        }
        if s.get("pattern").and_then(Json::as_str) == Some("\\S") && text.trim().is_empty() {
            out.push(Problem::new(
                node.at,
                format!("{} is empty", path.shown("the text")),
            ));
        }
    }

    fn number(&self, node: &Node, s: &Json, path: &Path, out: &mut Vec<Problem>) {
        let Value::Number(n) = &node.value else {
            return;
        };
        let Some(x) = n.as_f64() else {
            return;
        };
        let field = path.shown("the number");
        let bound = |key: &str| s.get(key).and_then(Json::as_f64);
        let (lo, hi): (Option<f64>, Option<f64>) = match s.get("format").and_then(Json::as_str) {
            Some("uint8") => (Some(0.0), Some(u8::MAX as f64)),
            Some("uint16") => (Some(0.0), Some(u16::MAX as f64)),
            Some("uint32") => (Some(0.0), Some(u32::MAX as f64)),
            Some("uint64" | "uint") => (Some(0.0), Some(u64::MAX as f64)),
            Some("int32") => (Some(i32::MIN as f64), Some(i32::MAX as f64)),
            Some("int64" | "int") => (Some(i64::MIN as f64), Some(i64::MAX as f64)),
            _ => (None, None),
        };
        let min = match (bound("minimum"), lo) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        if let Some(m) = min {
            if x < m {
                out.push(Problem::new(
                    node.at,
                    format!("{field} must be at least {m}, not {n}"),
                ));
                return;
            }
        }
        if let Some(m) = bound("exclusiveMinimum") {
            if x <= m {
                out.push(Problem::new(
                    node.at,
                    format!("{field} must be more than {m}, not {n}"),
                ));
                return;
            }
        }
        let max = match (bound("maximum"), hi) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(m) = max {
            if x > m {
                out.push(Problem::new(
                    node.at,
                    format!("{field} must be at most {m}, not {n}"),
                ));
            }
        }
    }

    fn array(&self, node: &Node, items: &[Node], s: &Json, path: &Path, out: &mut Vec<Problem>) {
        if let Some(item_schema) = s.get("items") {
            for (i, item) in items.iter().enumerate() {
                self.check(item, item_schema, &path.index(i), out);
            }
        }
        if let Some(min) = s.get("minItems").and_then(Json::as_u64) {
            if (items.len() as u64) < min {
                let need = if min == 1 {
                    "at least one item".to_string()
                } else {
                    format!("at least {min} items")
                };
                out.push(Problem::new(
                    node.at,
                    format!("{} is empty: it needs {need}", path.shown("the list")),
                ));
            }
        }
        if s.get("uniqueItems") == Some(&Json::Bool(true)) {
            // Seen items by their JSON text: linear, however long the list.
            let mut seen = std::collections::HashSet::new();
            for item in items {
                if !seen.insert(item.to_json().to_string()) {
                    let shown = match &item.value {
                        Value::String(t) => format!("`{t}`"),
                        _ => "the same item".into(),
                    };
                    out.push(
                        Problem::new(
                            item.at,
                            format!("{} lists {shown} twice", path.shown("the list")),
                        )
                        .hint("remove one of them"),
                    );
                }
            }
        }
    }

    fn object(&self, node: &Node, s: &Json, path: &Path, out: &mut Vec<Problem>) {
        let Value::Object(members) = &node.value else {
            return;
        };
        let empty = Map::new();
        let props = s
            .get("properties")
            .and_then(Json::as_object)
            .unwrap_or(&empty);
        let extra = s.get("additionalProperties");
        // The keys of a map of texts by language are language codes.
        let lang_keyed = !props.is_empty() && props.keys().all(|k| Lang::parse(k).is_some());
        // A misspelt field is reported once, with its suggestion, not again as missing.
        let mut suggested: Vec<&str> = Vec::new();
        let mut first_at: std::collections::HashMap<&str, Location> =
            std::collections::HashMap::new();
        for m in members {
            if let Some(first) = first_at.get(m.key.as_str()) {
                out.push(
                    Problem::new(
                        m.key_at,
                        format!(
                            "`{}` is given twice{} (first on line {})",
                            m.key,
                            path.inside(),
                            first.line
                        ),
                    )
                    .hint("keep one of them; only the last would count"),
                );
                continue;
            }
            first_at.insert(&m.key, m.key_at);
            if let Some(p) = props.get(&m.key) {
                self.check(&m.value, p, &path.key(&m.key), out);
                continue;
            }
            match extra {
                Some(Json::Bool(false)) => {
                    let problem = if lang_keyed {
                        Problem::new(
                            m.key_at,
                            format!("unknown language `{}`{}", m.key, path.inside()),
                        )
                        .hint(suggest::language_hint(&m.key))
                    } else {
                        let names = props.keys().map(String::as_str);
                        let whole = format!("a {}", self.noun);
                        let fallback = format!(
                            "the fields of {} are {}",
                            if path.0.is_empty() {
                                whole
                            } else {
                                format!("`{}`", path.0)
                            },
                            listing(props.keys().map(String::as_str), "and")
                        );
                        let close = suggest::closest(&m.key, names);
                        suggested.extend(close);
                        let hint = match close {
                            Some(c) => format!("did you mean `{c}`?"),
                            None => fallback,
                        };
                        Problem::new(
                            m.key_at,
                            format!("unknown field `{}`{}", m.key, path.inside()),
                        )
                        .hint(hint)
                    };
                    out.push(problem);
                }
                Some(schema @ Json::Object(_)) => {
                    self.check(&m.value, schema, &path.key(&m.key), out);
                }
                _ => {}
            }
        }
        if let Some(required) = s.get("required").and_then(Json::as_array) {
            for r in required.iter().filter_map(Json::as_str) {
                if node.member(r).is_none() && !suggested.contains(&r) {
                    let mut p = Problem::new(
                        node.at,
                        format!("missing required field `{r}`{}", path.inside()),
                    );
                    if let Some(d) = props
                        .get(r)
                        .and_then(|p| {
                            p.get("description")
                                .or_else(|| self.resolve(p).get("description"))
                        })
                        .and_then(Json::as_str)
                    {
                        p = p.hint(format!("`{r}`: {d}"));
                    }
                    out.push(p);
                }
            }
        }
        // A rule that holds under a condition ("an approved message names its approver").
        if let (Some(cond), Some(then)) = (s.get("if"), s.get("then")) {
            if holds(node, cond) {
                let reason = condition_words(cond);
                // Point at what calls for the field (`"status": "approved"`).
                let at = cond
                    .get("properties")
                    .and_then(Json::as_object)
                    .and_then(|p| p.keys().find_map(|k| node.get(k)))
                    .map_or(node.at, |n| n.at);
                if let Some(required) = then.get("required").and_then(Json::as_array) {
                    for r in required.iter().filter_map(Json::as_str) {
                        if node.member(r).is_none() && !suggested.contains(&r) {
                            out.push(
                                Problem::new(
                                    at,
                                    format!(
                                        "missing field `{r}`{}, required when {reason}",
                                        path.inside()
                                    ),
                                )
                                .hint(format!("add `{r}`, or change `{}`", condition_keys(cond))),
                            );
                        }
                    }
                }
            }
        }
        if let Some(min) = s.get("minProperties").and_then(Json::as_u64) {
            if (members.len() as u64) < min {
                let what = if lang_keyed {
                    "text in at least one language (en, fr, es or ar)"
                } else {
                    "at least one entry"
                };
                out.push(Problem::new(
                    node.at,
                    format!("{} is empty: it needs {what}", path.shown("the object")),
                ));
            }
        }
    }
}

/// Whether `node` satisfies a condition schema: `required`, `properties` with `const`, `not`.
fn holds(node: &Node, cond: &Json) -> bool {
    if let Some(inner) = cond.get("not") {
        return !holds(node, inner);
    }
    let required_ok = match cond.get("required").and_then(Json::as_array) {
        None => true,
        Some(keys) => keys
            .iter()
            .all(|r| r.as_str().is_some_and(|k| node.member(k).is_some())),
    };
    let consts_ok = match cond.get("properties").and_then(Json::as_object) {
        None => true,
        Some(props) => props
            .iter()
            .all(|(k, p)| match (p.get("const"), node.get(k)) {
                (Some(c), Some(v)) => &v.to_json() == c,
                _ => true,
            }),
    };
    required_ok && consts_ok
}

/// The fields a condition looks at: "status".
fn condition_keys(cond: &Json) -> String {
    cond.get("properties")
        .and_then(Json::as_object)
        .map(|p| p.keys().cloned().collect::<Vec<_>>().join("`, `"))
        .unwrap_or_default()
}

/// A condition in words: "`status` is `approved`".
fn condition_words(cond: &Json) -> String {
    let parts: Vec<String> = cond
        .get("properties")
        .and_then(Json::as_object)
        .map(|props| {
            props
                .iter()
                .filter_map(|(k, p)| {
                    let c = p.get("const")?;
                    Some(match c.as_str() {
                        Some(s) => format!("`{k}` is `{s}`"),
                        None => format!("`{k}` is {c}"),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    if parts.is_empty() {
        "the other fields call for it".into()
    } else {
        parts.join(" and ")
    }
}

/// Small helpers that read better at the call sites above.
trait TypesExt {
    fn is_none_or_not_only_null(&self) -> bool;
}

impl TypesExt for Option<Vec<String>> {
    /// A branch that is not just `null` (an optional value's other half).
    fn is_none_or_not_only_null(&self) -> bool {
        match self {
            None => true,
            Some(ts) => ts.iter().any(|t| t != "null"),
        }
    }
}

trait BestExt {
    fn is_none_or_longer(&self, n: usize) -> bool;
}

impl BestExt for Option<&Vec<Problem>> {
    fn is_none_or_longer(&self, n: usize) -> bool {
        match self {
            None => true,
            Some(v) => v.len() > n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonpos::parse;
    use crate::schema::{schema, Subject};

    fn problems(subject: Subject, text: &str) -> Vec<String> {
        let root = schema(subject);
        let node = parse(text).unwrap();
        let item = match subject {
            Subject::Message => &root["$defs"]["Message"],
            Subject::Fact => &root["$defs"]["Fact"],
            _ => &root,
        };
        validate(&node, item, &root, subject.name())
            .into_iter()
            .map(|p| {
                format!(
                    "{}:{} {} | {}",
                    p.at.line,
                    p.at.column,
                    p.message,
                    p.hints.join(" | ")
                )
            })
            .collect()
    }

    const MESSAGE: &str = r#"{
  "id": "m-1",
  "tittle": "T",
  "topic": "x",
  "status": "aproved",
  "version": 0,
  "text": { "English": "Hello", "fr": " " }
}"#;

    #[test]
    fn every_problem_in_an_item_is_reported_with_its_position() {
        assert_eq!(
            problems(Subject::Message, MESSAGE),
            vec![
                "3:3 unknown field `tittle` | did you mean `title`?",
                "5:13 unknown status `aproved` | did you mean `approved`?",
                "6:14 `version` must be at least 1, not 0 | ",
                "7:13 unknown language `English` in `text` | did you mean `en`? languages are written as codes: en, fr, es or ar",
                "7:39 `text.fr` is empty | ",
            ]
        );
    }

    #[test]
    fn types_are_named_in_words() {
        let text = r#"{"id": 3, "title": null, "topic": ["x"], "status": "draft", "version": "one", "text": {"en": "a"}}"#;
        assert_eq!(
            problems(Subject::Message, text),
            vec![
                "1:8 `id` must be an id (text), not the number 3 | ",
                "1:20 `title` must be text, not null | ",
                "1:35 `topic` must be text, not a list | ",
                "1:72 `version` must be a whole number, not the text \"one\" | ",
            ]
        );
    }

    #[test]
    fn nested_fields_and_lists_are_checked() {
        let text = r#"{"id": "e", "title": "T", "outputs": ["speach", "blog", "blog"],
 "starts_at": "2026-12-03T10:00:00+01:00", "speaker": {"nmae": "S"},
 "language": "English", "messages": [], "target": {"minutes": -1}}"#;
        assert_eq!(
            problems(Subject::Event, text),
            vec![
                "1:39 unknown output kind `speach` | did you mean `speech`?",
                "1:57 `outputs` lists `blog` twice | remove one of them",
                "2:56 unknown field `nmae` in `speaker` | did you mean `name`?",
                "3:14 unknown language `English` | did you mean `en`? languages are written as codes: en, fr, es or ar",
                "3:37 `messages` is empty: it needs at least one item | ",
                "3:63 `target.minutes` must be more than 0, not -1 | ",
            ]
        );
    }

    #[test]
    fn a_target_takes_one_unit() {
        let event = |target: &str| {
            format!(
                r#"{{"id": "e", "title": "T", "outputs": ["speech"], "starts_at": "2026-12-03T10:00:00+01:00",
 "speaker": {{"name": "S"}}, "language": "en", "messages": ["m"], "target": {target}}}"#
            )
        };
        let both = problems(Subject::Event, &event(r#"{"minutes": 5, "words": 600}"#));
        assert_eq!(
            both,
            vec!["2:75 `target` takes exactly one of `minutes` or `words` | "]
        );
        let none = problems(Subject::Event, &event("{}"));
        assert_eq!(none, both);
        assert!(problems(Subject::Event, &event(r#"{"words": 600}"#)).is_empty());
    }

    #[test]
    fn a_good_item_has_no_problems() {
        assert!(problems(
            Subject::Fact,
            r#"{"id": "f", "unit": "U", "statement": {"en": "S"}, "figures": {"n": {"value": 3, "unit": "x"}},
               "source": {"title": "R"}, "as_of": "2026-01-01", "clearance": "public", "version": 1}"#
        )
        .is_empty());
    }
}
