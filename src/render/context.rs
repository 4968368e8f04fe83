//! The template context (DESIGN.md §3) built from a `Resolved` draft, and the per-render state
//! the helpers read and write (the message and fact lookups, the review comments raised and
//! the sources cited). Values are plain, already localised strings; escaping happens when the
//! template prints them.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use serde_json::{json, Map, Value};

use super::l10n::{self, DateStyle};
use crate::document::Comment;
use crate::library::{Clearance, Id, Kind, Lang};
use crate::resolve::{Resolved, ResolvedFact, ResolvedMessage};

/// What the `message` helper needs of a message.
pub(crate) struct MessageData {
    pub(crate) text: String,
    /// The review comment, in the draft's language, when the message is not cleared.
    pub(crate) not_cleared: Option<String>,
    /// The passage's own language, when the event gives it one other than the draft's.
    pub(crate) lang: Option<Lang>,
}

/// What the `fact` and `figure` helpers need of a fact.
pub(crate) struct FactData {
    pub(crate) statement: String,
    pub(crate) figures: HashMap<String, String>,
    /// The review comment when the fact is not cleared in the draft's language (an outdated
    /// or unreviewed translation), else when it is stale (in the draft's language).
    pub(crate) stale: Option<String>,
    /// The footnote label of its source citation.
    pub(crate) label: String,
    /// The footnote text, as Markdown.
    pub(crate) citation: String,
}

/// Per-render state, installed in a thread-local for the duration of one render so the
/// registry (shared by every thread) stays immutable.
pub(crate) struct State {
    pub(crate) lang: Lang,
    /// The label key `{{label "salutation"}}` stands for, chosen by the event's audience.
    pub(crate) salutation: &'static str,
    pub(crate) messages: HashMap<String, MessageData>,
    pub(crate) facts: HashMap<String, FactData>,
    pub(crate) comments: Vec<Comment>,
    /// Fact ids whose source was cited, in order of first citation.
    pub(crate) cited: Vec<String>,
    /// Loop iterations charged so far (`each`), weighted by the size of their blocks.
    pub(crate) loop_steps: u64,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Run `f` with `state` installed; return its result and the state as `f` left it.
pub(crate) fn with_state<R>(state: State, f: impl FnOnce() -> R) -> (R, State) {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            STATE.with(|s| s.borrow_mut().take());
        }
    }
    STATE.with(|s| *s.borrow_mut() = Some(state));
    let reset = Reset;
    let r = f();
    let state = STATE
        .with(|s| s.borrow_mut().take())
        .expect("render state is installed for the whole render");
    drop(reset);
    (r, state)
}

/// Access the current render's state; `None` outside a render.
pub(crate) fn state<R>(f: impl FnOnce(&mut State) -> R) -> Option<R> {
    STATE.with(|s| s.borrow_mut().as_mut().map(f))
}

fn opt(s: Option<&str>) -> Value {
    s.map_or(Value::Null, |s| Value::String(s.to_string()))
}

/// The citation of a fact's source as Markdown: publisher, *title*, date, URL.
fn citation(lang: Lang, f: &ResolvedFact<'_>) -> String {
    use super::escape::{escape_markdown, escape_url};
    let src = &f.loaded.item.source;
    let mut parts = Vec::new();
    if let Some(p) = src.publisher.as_deref().filter(|p| !p.is_empty()) {
        parts.push(escape_markdown(p));
    }
    let title = escape_markdown(&src.title);
    let starts_ok = src.title.chars().next().is_some_and(char::is_alphanumeric);
    let ends_ok = src
        .title
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    parts.push(if starts_ok && ends_ok {
        format!("*{title}*")
    } else {
        format!("<em>{title}</em>")
    });
    if let Some(d) = src.published {
        parts.push(escape_markdown(&l10n::format_date(
            lang,
            d.0,
            DateStyle::Long,
        )));
    }
    if let Some(url) = src.url.as_deref().filter(|u| !u.is_empty()) {
        parts.push(format!("[{}](<{}>)", escape_markdown(url), escape_url(url)));
    }
    let comma = l10n::label(lang, "comma").unwrap_or(",");
    parts.join(&format!("{comma} "))
}

/// `json!` serialises (deep-copies) every value it is given, so values built here are put in
/// with `with` instead.
fn with(mut object: Value, entries: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    if let Value::Object(map) = &mut object {
        for (k, v) in entries {
            map.insert(k.to_string(), v);
        }
    }
    object
}

fn message_json(m: &ResolvedMessage<'_>) -> Value {
    let item = &m.loaded.item;
    let paragraphs = super::escape::paragraphs(m.text)
        .into_iter()
        .map(Value::String)
        .collect();
    let message = json!({
        "id": item.id.as_str(),
        "title": item.title,
        "topic": item.topic,
        "text": m.text,
    });
    with(
        message,
        [
            ("paragraphs", Value::Array(paragraphs)),
            ("version", Value::from(item.version)),
            ("not_cleared", opt(m.not_cleared.as_deref())),
        ],
    )
}

fn fact_json(lang: Lang, kind: Kind, f: &ResolvedFact<'_>) -> Value {
    let item = &f.loaded.item;
    let figures: Map<String, Value> = item
        .figures
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(l10n::format_figure(lang, v))))
        .collect();
    let src = &item.source;
    let note = if kind == Kind::BriefingNote {
        opt(item.note.as_deref())
    } else {
        Value::Null
    };
    let fact = json!({
        "id": item.id.as_str(),
        "statement": f.statement,
        "source": {
            "title": src.title,
            "publisher": opt(src.publisher.as_deref()),
            "published": src.published.map(|d| l10n::format_date(lang, d.0, DateStyle::Long)),
            "url": opt(src.url.as_deref()),
        },
        "clearance": item.clearance.to_string(),
        "restricted": item.clearance == Clearance::Restricted,
        "stale": opt(f.stale.as_deref()),
    });
    with(fact, [("figures", Value::Object(figures)), ("note", note)])
}

/// The `labels` object for `lang`, built once per process: every draft of a batch needs it.
fn labels_of(lang: Lang) -> &'static Map<String, Value> {
    static LABELS: std::sync::OnceLock<Vec<(Lang, Map<String, Value>)>> =
        std::sync::OnceLock::new();
    let all = LABELS.get_or_init(|| {
        Lang::ALL
            .iter()
            .map(|&lang| {
                let map = l10n::LABELS
                    .iter()
                    .map(|(k, _)| {
                        (
                            (*k).to_string(),
                            Value::String(l10n::label(lang, k).unwrap_or_default().to_string()),
                        )
                    })
                    .collect();
                (lang, map)
            })
            .collect()
    });
    &all.iter()
        .find(|(l, _)| *l == lang)
        .expect("every language has labels")
        .1
}

/// An upper bound on the bytes of text `build` puts into the context and the helpers' state,
/// counting every copy: a message is in `messages` and again in `lead_message` or
/// `other_messages`, as its text and as its paragraphs; a fact is in `facts`, in its
/// message or `other_facts`, and in that message's copy; Q&A entries hold their own.
pub(crate) fn size(draft: &Resolved<'_>) -> usize {
    let message = |m: &ResolvedMessage<'_>| {
        (2 * m.text.len())
            .saturating_add(m.loaded.item.title.len() + m.loaded.item.topic.len() + 64)
    };
    let fact = |f: &ResolvedFact<'_>| {
        let item = &f.loaded.item;
        f.statement.len()
            + item.source.title.len()
            + item.note.as_deref().map_or(0, str::len)
            + item
                .figures
                .iter()
                .map(|(k, v)| {
                    k.len() + v.unit.len() + v.qualifier.as_deref().map_or(0, str::len) + 32
                })
                .sum::<usize>()
            + 64
    };
    let mut n: usize = 0;
    for m in &draft.messages {
        n = n.saturating_add(2 * message(m));
    }
    for f in &draft.facts {
        n = n.saturating_add(3 * fact(f));
    }
    for q in &draft.event.item.qa {
        n = n.saturating_add(q.question.len());
        for e in &q.messages {
            n = n.saturating_add(draft.message_index.get(&e.id).map_or(0, message));
        }
        for e in &q.facts {
            n = n.saturating_add(draft.fact_index.get(&e.id).map_or(0, fact));
        }
    }
    for m in draft.message_index.values() {
        n = n.saturating_add(m.text.len());
    }
    for f in draft.fact_index.values() {
        n = n.saturating_add(f.statement.len());
    }
    n
}

/// Build the template context and the helpers' state for `draft`.
pub(crate) fn build(draft: &Resolved<'_>) -> (Value, State) {
    let lang = draft.lang;
    let kind = draft.kind;
    let ev = &draft.event.item;
    let starts = ev.starts_at.0;

    let salutation = l10n::salutation_key(lang, ev.audience.as_deref());
    let mut labels = labels_of(lang).clone();
    labels.insert(
        "salutation".to_string(),
        Value::String(
            l10n::label(lang, salutation)
                .unwrap_or_default()
                .to_string(),
        ),
    );

    let facts: Vec<Value> = draft
        .facts
        .iter()
        .map(|f| fact_json(lang, kind, f))
        .collect();
    // Weave each fact into the first message on its topic; the rest are `other_facts`.
    let mut woven: Vec<Vec<Value>> = vec![Vec::new(); draft.messages.len()];
    let mut other_facts = Vec::new();
    for (f, json) in draft.facts.iter().zip(&facts) {
        let topic = f.loaded.item.topic.as_deref();
        match draft
            .messages
            .iter()
            .position(|m| Some(m.loaded.item.topic.as_str()) == topic)
        {
            Some(i) => woven[i].push(json.clone()),
            None => other_facts.push(json.clone()),
        }
    }
    let messages: Vec<Value> = draft
        .messages
        .iter()
        .zip(woven)
        .map(|(m, fs)| {
            let mut v = message_json(m);
            v["facts"] = Value::Array(fs);
            v
        })
        .collect();
    let lead_message = messages.first().cloned().unwrap_or(Value::Null);
    let other_messages: Vec<Value> = messages.iter().skip(1).cloned().collect();

    // Each message and fact a Q&A entry refers to is built once, however often it is listed.
    let mut qa_messages: HashMap<&Id, Value> = HashMap::new();
    let mut qa_facts: HashMap<&Id, Value> = HashMap::new();
    let qa: Vec<Value> = ev
        .qa
        .iter()
        .map(|q| {
            let ms: Vec<Value> = q
                .messages
                .iter()
                .filter(|e| e.applies_to(kind))
                .filter_map(|e| {
                    let (id, m) = draft.message_index.get_key_value(&e.id)?;
                    Some(
                        qa_messages
                            .entry(id)
                            .or_insert_with(|| message_json(m))
                            .clone(),
                    )
                })
                .collect();
            let fs: Vec<Value> = q
                .facts
                .iter()
                .filter(|e| e.applies_to(kind))
                .filter_map(|e| {
                    let (id, f) = draft.fact_index.get_key_value(&e.id)?;
                    Some(
                        qa_facts
                            .entry(id)
                            .or_insert_with(|| fact_json(lang, kind, f))
                            .clone(),
                    )
                })
                .collect();
            with(
                json!({ "question": q.question }),
                [("messages", Value::Array(ms)), ("facts", Value::Array(fs))],
            )
        })
        .collect();

    let contacts: Vec<Value> = ev
        .contacts
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "role": opt(c.role.as_deref()),
                "email": opt(c.email.as_deref()),
                "phone": opt(c.phone.as_deref()),
            })
        })
        .collect();

    let target = match &ev.target {
        Some(t) => json!({ "minutes": t.minutes, "words": t.words }),
        None => Value::Null,
    };
    let notes = if kind == Kind::BriefingNote {
        opt(ev.notes.as_deref())
    } else {
        Value::Null
    };

    // The arrays and objects built above are moved in: `json!` would serialise (deep-copy)
    // every value it is given by reference.
    let event = json!({
        "id": ev.id.as_str(),
        "title": ev.title,
        "city": opt(ev.city.as_deref()),
        "country": opt(ev.country.as_deref()),
        "venue": opt(ev.venue.as_deref()),
        "place": opt(l10n::place(lang, ev.venue.as_deref(), ev.city.as_deref()).as_deref()),
        "audience": opt(ev.audience.as_deref()),
        "starts_at": starts.to_rfc3339(),
        "date": l10n::format_date(lang, starts.date_naive(), DateStyle::Long),
        "time": l10n::format_time(lang, starts.time()),
        "utc_offset": l10n::format_offset(starts.offset()),
        "embargo_until": ev.embargo_until.map(|e| e.0.to_rfc3339()),
        "embargo_line": ev.embargo_until.map(|e| l10n::embargo_line(lang, &e.0)),
        "language": lang.code(),
        "rtl": lang.is_rtl(),
    });
    let image = match &ev.image {
        Some(i) => json!({
            "path": i.path,
            "alt": opt(i.alt.as_deref()),
            "credit": opt(i.credit.as_deref()),
        }),
        None => Value::Null,
    };
    let event = with(event, [("target", target), ("image", image)]);
    let draft_info = json!({
        "kind": kind.name(),
        "version": Value::Null,
        "date": l10n::format_date(lang, draft.today, DateStyle::Long),
        "today": draft.today.format("%Y-%m-%d").to_string(),
        "clearance": draft.clearance.to_string(),
        "restricted": draft.clearance == Clearance::Restricted,
        "not_cleared": draft.not_cleared(),
    });
    // Every figure of the event's facts, for a facts-and-figures table: the value as printed
    // (qualifier, number, unit) and its source.
    let comma = l10n::label(lang, "comma").unwrap_or(",");
    let figures: Vec<Value> = draft
        .facts
        .iter()
        .flat_map(|f| {
            let item = &f.loaded.item;
            let src = &item.source;
            let mut source = src.publisher.clone().unwrap_or_else(|| src.title.clone());
            if let Some(d) = src.published {
                source.push_str(comma);
                source.push(' ');
                source.push_str(&l10n::format_date(lang, d.0, DateStyle::Long));
            }
            item.figures.iter().map(move |(name, fig)| {
                json!({
                    "fact": item.id.as_str(),
                    "name": name,
                    "value": l10n::format_figure(lang, fig),
                    "source": source.clone(),
                })
            })
        })
        .collect();
    let entries: [(&str, Value); 14] = [
        ("event", event),
        ("figures", Value::Array(figures)),
        (
            "speaker",
            json!({ "name": ev.speaker.name, "role": opt(ev.speaker.role.as_deref()) }),
        ),
        ("messages", Value::Array(messages)),
        ("lead_message", lead_message),
        ("other_messages", Value::Array(other_messages)),
        ("facts", Value::Array(facts)),
        ("other_facts", Value::Array(other_facts)),
        ("qa", Value::Array(qa)),
        ("contacts", Value::Array(contacts)),
        ("draft", draft_info),
        ("labels", Value::Object(labels)),
        ("notes", notes),
        (
            "organisation",
            Value::String(draft.settings.organisation.clone()),
        ),
    ];
    let context = Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    );

    let messages = draft
        .message_index
        .iter()
        .map(|(id, m)| {
            (
                id.as_str().to_string(),
                MessageData {
                    text: m.text.to_string(),
                    lang: m.lang,
                    not_cleared: m.not_cleared.as_ref().map(|why| {
                        match crate::resolve::message_problem_of(
                            &m.loaded.item,
                            draft.event.item.date(),
                            draft.today,
                        ) {
                            Some(p) => l10n::not_cleared_comment(lang, id.as_str(), &p),
                            None => format!("NOT CLEARED: message `{id}` {why}"),
                        }
                    }),
                },
            )
        })
        .collect();
    // Footnote labels match case-insensitively; ids are case-sensitive, so make labels unique.
    let mut used = HashSet::new();
    let facts = draft
        .fact_index
        .iter()
        .map(|(id, f)| {
            let mut label = format!("src-{id}");
            let mut n = 2;
            while !used.insert(label.to_lowercase()) {
                label = format!("src-{id}-{n}");
                n += 1;
            }
            let figures = f
                .loaded
                .item
                .figures
                .iter()
                .map(|(k, v)| (k.clone(), l10n::format_figure(lang, v)))
                .collect();
            (
                id.as_str().to_string(),
                FactData {
                    statement: f.statement.to_string(),
                    figures,
                    stale: f
                        .not_cleared
                        .as_ref()
                        .map(|why| format!("NOT CLEARED: fact `{id}` {why}"))
                        .or_else(|| {
                            f.stale.as_ref().map(|_| {
                                let as_of = f.loaded.item.as_of.0;
                                l10n::stale_comment(
                                    lang,
                                    id.as_str(),
                                    as_of,
                                    draft.settings.stale_after_days,
                                )
                            })
                        }),
                    label,
                    citation: citation(lang, f),
                },
            )
        })
        .collect();
    let state = State {
        lang,
        salutation,
        messages,
        facts,
        comments: Vec::new(),
        cited: Vec::new(),
        loop_steps: 0,
    };
    (context, state)
}
