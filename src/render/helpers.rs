//! The template helpers of DESIGN.md §3: `message`, `fact`, `figure`, `date`, `label`,
//! `number`, plus `text` (any string as paragraphs), `upper` and `picture` (§9). Helpers that print content
//! write Markdown that is already escaped; helpers that compute a value return it, so `{{ }}`
//! escapes it and `{{{ }}}` does not. An unknown id or key is an error; handlebars adds the
//! template name, line and column.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason, ScopedJson,
};
use serde_json::Value;

use super::context::{self, State};
use super::escape::{escape_markdown, escape_url, paragraphs};
use super::l10n::{self, DateStyle};
use crate::document::parse::{comment_start, COMMENT_END};
use crate::document::Comment;

fn fail(msg: String) -> RenderError {
    RenderErrorReason::Other(msg).into()
}

/// Parameter `i` of `h` as a string (numbers are accepted as their decimal form).
fn str_param(h: &Helper<'_>, i: usize, what: &str) -> Result<String, RenderError> {
    let name = h.name();
    match h.param(i).map(|p| p.value()) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(Value::Null) | None => Err(fail(format!(
            "`{name}` needs {what} as parameter {}",
            i + 1
        ))),
        Some(other) => Err(fail(format!(
            "`{name}` needs {what} as parameter {}, not {other}",
            i + 1
        ))),
    }
}

fn with_state<R>(f: impl FnOnce(&mut State) -> Result<R, RenderError>) -> Result<R, RenderError> {
    context::state(f).unwrap_or_else(|| Err(fail("helper used outside a draft render".into())))
}

/// Paragraphs joined by a blank line; continuation paragraphs indented by `indent` spaces so
/// they stay inside a list item.
fn write_paragraphs(paras: &[String], indent: usize) -> String {
    write_paragraphs_in(paras, indent, None)
}

/// `write_paragraphs`, each paragraph marked as being in `lang` when it is given (a passage in
/// another language than the draft's, DESIGN.md §12).
fn write_paragraphs_in(
    paras: &[String],
    indent: usize,
    lang: Option<crate::library::Lang>,
) -> String {
    let pad = " ".repeat(indent);
    let mut s = String::new();
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            s.push_str("\n\n");
            s.push_str(&pad);
        }
        let mut escaped = escape_markdown(p);
        if let Some(lang) = lang {
            escaped = format!(
                "{}{escaped}{}",
                crate::document::parse::lang_start(lang),
                crate::document::parse::LANG_END
            );
        }
        if indent > 0 {
            s.push_str(&escaped.replace('\n', &format!("\n{pad}")));
        } else {
            s.push_str(&escaped);
        }
    }
    s
}

fn indent_of(h: &Helper<'_>) -> usize {
    h.hash_get("indent")
        .and_then(|v| v.value().as_u64())
        .map_or(0, |n| n.min(16) as usize)
}

/// Wrap `body` in a review-comment marker pair when `comment` is given.
fn commented(state: &mut State, body: String, comment: Option<String>) -> String {
    match comment {
        None => body,
        Some(text) => {
            let n = state.comments.len();
            state.comments.push(Comment {
                author: "lectern".into(),
                text,
            });
            format!("{}{body}{COMMENT_END}", comment_start(n))
        }
    }
}

/// `{{message ID [indent=N]}}`: the message's text as paragraphs.
struct MessageHelper;

impl HelperDef for MessageHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let id = str_param(h, 0, "a message id")?;
        let indent = indent_of(h);
        let md = with_state(|st| {
            let m = st.messages.get(&id).ok_or_else(|| {
                fail(format!(
                    "message `{id}` is not one of this event's messages (list it in the event's `messages` or `qa`)"
                ))
            })?;
            let body = write_paragraphs_in(&paragraphs(&m.text), indent, m.lang);
            let comment = m.not_cleared.clone();
            Ok(commented(st, body, comment))
        })?;
        out.write(&md)?;
        Ok(())
    }
}

/// `{{fact ID [cite=false]}}`: the statement, and a footnote citing its source.
struct FactHelper;

impl HelperDef for FactHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let id = str_param(h, 0, "a fact id")?;
        let cite = h
            .hash_get("cite")
            .map_or(true, |v| v.value().as_bool() != Some(false));
        let md = with_state(|st| {
            let f = st.facts.get(&id).ok_or_else(|| {
                fail(format!(
                    "fact `{id}` is not one of this event's facts (list it in the event's `facts` or `qa`)"
                ))
            })?;
            let body = escape_markdown(f.statement.trim_matches('\n'));
            let comment = f.stale.clone();
            let label = f.label.clone();
            let mut md = commented(st, body, comment);
            if cite {
                md.push_str("[^");
                md.push_str(&label);
                md.push(']');
                if !st.cited.contains(&id) {
                    st.cited.push(id.clone());
                }
            }
            Ok(md)
        })?;
        out.write(&md)?;
        Ok(())
    }
}

/// `{{text VALUE}}`: any string as paragraphs (a blank line starts a new one).
struct TextHelper;

impl HelperDef for TextHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let text = match h.param(0).map(|p| p.value()) {
            Some(Value::Null) => String::new(),
            _ => str_param(h, 0, "a string")?,
        };
        out.write(&write_paragraphs(&paragraphs(&text), indent_of(h)))?;
        Ok(())
    }
}

/// `{{figure ID NAME}}`: a fact's figure, localised, with its qualifier and unit.
struct FigureHelper;

impl HelperDef for FigureHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let id = str_param(h, 0, "a fact id")?;
        let name = str_param(h, 1, "a figure name")?;
        let s = with_state(|st| {
            let f = st
                .facts
                .get(&id)
                .ok_or_else(|| fail(format!("fact `{id}` is not one of this event's facts")))?;
            f.figures.get(&name).cloned().ok_or_else(|| {
                let mut names: Vec<&str> = f.figures.keys().map(String::as_str).collect();
                names.sort_unstable();
                fail(format!(
                    "fact `{id}` has no figure `{name}` (its figures: {})",
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ))
            })
        })?;
        Ok(ScopedJson::Derived(Value::String(s)))
    }
}

/// `{{date VALUE [FORMAT]}}`: FORMAT is long (default), short, time or datetime.
struct DateHelper;

impl HelperDef for DateHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let value = str_param(h, 0, "a date (YYYY-MM-DD or RFC 3339)")?;
        let format = match h.param(1) {
            Some(_) => str_param(h, 1, "a format")?,
            None => "long".into(),
        };
        let lang = with_state(|st| Ok(st.lang))?;
        let (date, datetime) = l10n::parse_date_value(&value).ok_or_else(|| {
            fail(format!(
                "`date` cannot read {value:?}: expected YYYY-MM-DD or an RFC 3339 date-time"
            ))
        })?;
        let s = match (format.as_str(), datetime) {
            ("long", _) => l10n::format_date(lang, date, DateStyle::Long),
            ("short", _) => l10n::format_date(lang, date, DateStyle::Short),
            ("time", Some(dt)) => l10n::format_time(lang, dt.time()),
            ("datetime", Some(dt)) => l10n::format_datetime(lang, &dt),
            ("time" | "datetime", None) => {
                return Err(fail(format!(
                    "`date` format `{format}` needs a date-time, and {value:?} is only a date"
                )))
            }
            _ => {
                return Err(fail(format!(
                    "unknown date format `{format}`: use long, short, time or datetime"
                )))
            }
        };
        Ok(ScopedJson::Derived(Value::String(s)))
    }
}

/// `{{label KEY}}`: a fixed string in the event's language.
struct LabelHelper;

impl HelperDef for LabelHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let mut key = str_param(h, 0, "a label key")?;
        let (lang, salutation) = with_state(|st| Ok((st.lang, st.salutation)))?;
        if key == "salutation" {
            key = salutation.to_string();
        }
        let s = l10n::label(lang, &key).ok_or_else(|| {
            fail(format!(
                "unknown label `{key}` (labels: {})",
                l10n::label_keys().collect::<Vec<_>>().join(", ")
            ))
        })?;
        Ok(ScopedJson::Derived(Value::String(s.to_string())))
    }
}

/// `{{number VALUE}}`: a number in the event language's convention.
struct NumberHelper;

impl HelperDef for NumberHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let v = match h.param(0).map(|p| p.value()) {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => None,
        }
        .ok_or_else(|| fail("`number` needs a number".into()))?;
        let lang = with_state(|st| Ok(st.lang))?;
        Ok(ScopedJson::Derived(Value::String(l10n::format_number(
            lang, v,
        ))))
    }
}

/// `{{upper VALUE}}`: upper case, e.g. the city in a press-release dateline.
struct UpperHelper;

impl HelperDef for UpperHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let s = str_param(h, 0, "a string")?;
        Ok(ScopedJson::Derived(Value::String(s.to_uppercase())))
    }
}

/// Register every helper on `registry`.
pub(crate) fn register(registry: &mut Handlebars<'static>) {
    registry.register_helper("message", Box::new(MessageHelper));
    registry.register_helper("fact", Box::new(FactHelper));
    registry.register_helper("figure", Box::new(FigureHelper));
    registry.register_helper("date", Box::new(DateHelper));
    registry.register_helper("label", Box::new(LabelHelper));
    registry.register_helper("number", Box::new(NumberHelper));
    registry.register_helper("text", Box::new(TextHelper));
    registry.register_helper("upper", Box::new(UpperHelper));
    registry.register_helper("picture", Box::new(PictureHelper));
    registry.register_helper("each", Box::new(super::each::Each));
}

/// `{{picture event.image}}` or `{{picture "assets/x.png" "alt text"}}`: a picture, as
/// Markdown `![alt](<path>)` with both parts escaped, so any path and any text are literal.
struct PictureHelper;

impl HelperDef for PictureHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let (path, alt) = match h.param(0).map(|p| p.value()) {
            Some(Value::Object(o)) => (
                o.get("path")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                o.get("alt")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            ),
            _ => {
                let path = str_param(h, 0, "a picture (an object with `path`) or a path")?;
                let alt = match h.param(1).map(|p| p.value()) {
                    Some(Value::Null) | None => String::new(),
                    _ => str_param(h, 1, "the alt text")?,
                };
                (path, alt)
            }
        };
        if path.is_empty() {
            return Err(fail("`picture` needs a path".into()));
        }
        let alt = escape_markdown(&alt.trim().replace(['\n', '\r'], " "));
        out.write(&format!("![{alt}](<{}>)", escape_url(&path)))?;
        Ok(())
    }
}
