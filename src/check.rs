//! `lectern check` as data: validate a whole workspace in one pass and return every finding —
//! load errors, broken references, governance refusals, template errors, and the warnings
//! a content librarian acts on (stale facts, expiring messages, edits without a version bump,
//! banned phrases, drafts off their length target, damaged history). Nothing here prints or
//! decides exit codes; a finding carries its file, line and column where there is one.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{location_of, Error, Origin};
use crate::library::{Clearance, Event, Id, Lang, Loaded};
use crate::listing::days_to_review;
use crate::render::{self, Templates};
use crate::resolve::{fact_staleness, message_problem, resolve, Policy};
use crate::settings::Settings;
use crate::workspace::{Workspace, EVENTS_DIR, FACTS_DIR, MESSAGES_DIR, TEMPLATES_DIR};

mod history;
mod house_style;

/// How much a finding matters: errors fail the check, warnings only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// A suggestion: shown, never counted, never fails the check.
    Note,
}

/// One problem, with a stable `code` a script can match on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub hint: Option<String>,
}

impl Finding {
    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            severity,
            code,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            hint: None,
        }
    }

    pub(crate) fn error(code: &'static str, message: impl Into<String>) -> Finding {
        Finding::new(Severity::Error, code, message)
    }

    pub(crate) fn warning(code: &'static str, message: impl Into<String>) -> Finding {
        Finding::new(Severity::Warning, code, message)
    }

    pub(crate) fn note(code: &'static str, message: impl Into<String>) -> Finding {
        Finding::new(Severity::Note, code, message)
    }

    pub(crate) fn at(mut self, origin: &Origin) -> Finding {
        self.file = Some(origin.path.display().to_string());
        self.line = origin.location.map(|l| l.line);
        self.column = origin.location.map(|l| l.column);
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }

    /// Where the finding points, for printing with the source line.
    pub fn origin(&self) -> Option<Origin> {
        let path = self.file.as_ref()?;
        Some(match (self.line, self.column) {
            (Some(l), Some(c)) => Origin::at(path, l, c),
            _ => Origin::file(path),
        })
    }
}

/// What the check is measured against.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub today: NaiveDate,
    /// Warn about approved messages whose review date falls within this many days.
    pub expiring_within: i64,
}

/// A target is missed when the draft is off by more than this fraction: the tolerance `draft`
/// warns beyond, so the two never disagree.
pub const LENGTH_TOLERANCE: f64 = crate::length::TOLERANCE;

/// Check the workspace at `root`. Fails only when there is no workspace to check.
pub fn check(root: &Path, opts: &Options) -> Result<Vec<Finding>, Vec<Error>> {
    let is_workspace = [
        MESSAGES_DIR,
        FACTS_DIR,
        EVENTS_DIR,
        TEMPLATES_DIR,
        Settings::FILE,
    ]
    .iter()
    .any(|p| root.join(p).exists());
    if root.is_dir() && !is_workspace {
        return Err(vec![Error::input(format!(
            "{} is not a lectern workspace: it has no snippets/, events/, templates/ or lectern.json",
            root.display()
        ))
        .hint(
            "pass the workspace with -C DIR, or create one with `lectern init DIR`",
        )]);
    }
    let loading = match Workspace::load_all(root) {
        Ok(l) => l,
        // The folder exists, so what failed is the settings file: a finding, not a crash.
        Err(errors) if root.is_dir() => {
            return Ok(errors.iter().map(|e| load_finding(e, "settings")).collect());
        }
        Err(errors) => return Err(errors),
    };
    let ws = &loading.workspace;
    let mut files = Files::default();
    let mut findings = Vec::new();

    // Ids defined in files that failed to load: a reference to them is not reported again.
    let mut unloaded = Unloaded::default();
    for e in &loading.errors {
        let code = classify(e);
        findings.push(load_finding(e, code));
        if let Some(o) = e.origin() {
            if let Some(text) = files.get(&o.path) {
                let ids = ids_in(text);
                if o.path.starts_with(shown(root, MESSAGES_DIR)) {
                    unloaded.messages.extend(ids);
                } else if o.path.starts_with(shown(root, FACTS_DIR)) {
                    unloaded.facts.extend(ids);
                }
            }
        }
    }

    for event in ws.events.values() {
        check_event(ws, event, opts, &unloaded, &mut files, &mut findings);
    }
    check_templates(ws, opts.today, &mut findings);
    check_library(ws, opts, &mut files, &mut findings);
    history::check(ws, &mut findings);
    house_style::check(ws, &mut findings);
    findings.extend(crate::clearance::check(ws, opts.today));
    findings.extend(crate::translations::figures::check(ws));
    findings.extend(crate::translations::tracking_note(ws));

    findings.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column).cmp(&(b.severity, &b.file, b.line, b.column))
    });
    findings.dedup();
    Ok(findings)
}

/// `root/dir` as the loader shows paths (`./events` is shown as `events`).
fn shown(root: &Path, dir: &str) -> PathBuf {
    let joined = root.join(dir);
    joined
        .strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or(joined)
}

/// Count errors and warnings (notes are neither).
pub fn tally(findings: &[Finding]) -> (usize, usize) {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    (count(Severity::Error), count(Severity::Warning))
}

/// File contents read once per check, for locating ids and fields.
#[derive(Default)]
struct Files {
    texts: HashMap<PathBuf, Option<String>>,
}

impl Files {
    fn get(&mut self, path: &Path) -> Option<&str> {
        self.texts
            .entry(path.to_path_buf())
            // The same capped reader as the loader: never an endless device, FIFO or huge file.
            .or_insert_with(|| crate::capped::read_text(path, path, crate::capped::CONTENT).ok())
            .as_deref()
    }

    /// Where item `id` is defined in `path`: the byte offset of its `"id": "…"` value.
    fn id_offset(&mut self, path: &Path, id: &Id) -> Option<usize> {
        let text = self.get(path)?;
        let needle = format!("\"{id}\"");
        let mut from = 0;
        while let Some(i) = text[from..].find(&needle) {
            let at = from + i;
            let before = text[..at].trim_end();
            if let Some(key) = before.strip_suffix(':') {
                if key.trim_end().ends_with("\"id\"") {
                    return Some(at);
                }
            }
            from = at + needle.len();
        }
        None
    }

    /// The origin of item `id` in `path`, or of `field` inside it when it can be found,
    /// and deeper still for each further key in `path_in_item`.
    fn locate(&mut self, path: &Path, id: &Id, path_in_item: &[&str]) -> Origin {
        let Some(mut at) = self.id_offset(path, id) else {
            return Origin::file(path);
        };
        let Some(text) = self.get(path) else {
            return Origin::file(path);
        };
        for key in path_in_item {
            match text[at..].find(&format!("\"{key}\"")) {
                Some(i) => at += i,
                None => break,
            }
        }
        let loc = location_of(text, at);
        Origin::at(path, loc.line, loc.column)
    }
}

#[derive(Default)]
struct Unloaded {
    messages: BTreeSet<String>,
    facts: BTreeSet<String>,
}

/// Every `"id": "…"` value written in `text`, whether or not the file parses.
fn ids_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("\"id\"") {
        rest = &rest[i + 4..];
        let after = rest.trim_start();
        let Some(after) = after.strip_prefix(':') else {
            continue;
        };
        let Some(value) = after.trim_start().strip_prefix('"') else {
            continue;
        };
        if let Some(end) = value.find('"') {
            out.push(value[..end].to_string());
        }
    }
    out
}

/// Which kind of load problem `e` is, for the finding's code.
fn classify(e: &Error) -> &'static str {
    let message = e.message();
    if message.starts_with("duplicate ") {
        return "duplicate-id";
    }
    let Some(origin) = e.origin() else {
        return "io";
    };
    match crate::capped::read_text(&origin.path, &origin.path, crate::capped::CONTENT) {
        Ok(text) => match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(_) => "schema",
            Err(_) => "json-syntax",
        },
        Err(_) => "io",
    }
}

fn load_finding(e: &Error, code: &'static str) -> Finding {
    let mut f = Finding::error(code, e.message());
    if let Some(o) = e.origin() {
        f = f.at(o);
    }
    if !e.hints().is_empty() {
        f = f.hint(e.hints().join("\n"));
    }
    f
}

/// References, governance and languages of one event.
fn check_event(
    ws: &Workspace,
    event: &Loaded<Event>,
    opts: &Options,
    unloaded: &Unloaded,
    files: &mut Files,
    findings: &mut Vec<Finding>,
) {
    let ev = &event.item;
    let lang = ev.language;
    let message_ids = crate::governance::entries(event, crate::problems::What::Message);
    let fact_ids = crate::governance::entries(event, crate::problems::What::Fact);

    // An item scoped to a kind the event does not draft is used nowhere there.
    for (what, list) in [("message", &message_ids), ("fact", &fact_ids)] {
        let entries: Vec<&crate::library::Entry> = if what == "message" {
            ev.message_entries().collect()
        } else {
            ev.fact_entries().collect()
        };
        for (id, at, _) in list.iter() {
            let unused: Vec<String> = entries
                .iter()
                .filter(|e| &e.id == *id)
                .flat_map(|e| e.kinds.iter().flatten())
                .filter(|k| !ev.outputs.contains(k))
                .map(|k| format!("`{k}`"))
                .collect();
            if let Some(first) = unused.first() {
                findings.push(
                    Finding::warning(
                        "scope",
                        format!(
                            "event `{}` scopes {what} `{id}` to {first}, which is not one of its outputs",
                            ev.id
                        ),
                    )
                    .at(at)
                    .hint("add the kind to `outputs`, or correct `kinds`"),
                );
            }
        }
    }

    for (id, at, _) in message_ids {
        let Some(m) = ws.messages.get(id) else {
            if !unloaded.messages.contains(id.as_str()) {
                findings.push(
                    Finding::error(
                        "missing-reference",
                        format!(
                            "event `{}` refers to message `{id}`, which does not exist",
                            ev.id
                        ),
                    )
                    .at(&at)
                    .hint(crate::suggest::hint(
                        id.as_str(),
                        ws.messages.keys().map(Id::as_str),
                        "run `lectern snippets list` to see the message ids",
                    )),
                );
            }
            continue;
        };
        if let Some(problem) = message_problem(&m.item, ev.date(), opts.today) {
            findings.push(
                Finding::error(
                    "not-cleared",
                    format!(
                        "event `{}` ({}) uses message `{id}`, which {problem}",
                        ev.id,
                        ev.date()
                    ),
                )
                .at(&at)
                .hint(format!(
                    "{} ({})",
                    crate::governance::message_hint(&m.item),
                    m.path.display()
                )),
            );
        }
        // A passage in its own language needs that text; any other message, the text of
        // every language the event is drafted in (DESIGN.md §12).
        let passage = ev
            .message_entries()
            .filter(|e| &e.id == id)
            .find_map(|e| e.lang);
        if let Some(p) = passage {
            if !m.item.text.contains_key(&p) {
                findings.push(
                    Finding::error(
                        "missing-text",
                        format!(
                            "message `{id}` has no text in `{p}`, the language event `{}` gives the passage",
                            ev.id
                        ),
                    )
                    .at(&at)
                    .hint(format!(
                        "add a \"{p}\" entry to the message's `text` ({}), or remove `lang` from this entry",
                        m.path.display()
                    )),
                );
            }
            findings.extend(crate::translations::event_finding_in(&m.item, ev, p, &at));
            continue;
        }
        for l in crate::languages::of(ev) {
            if m.item.text.contains_key(&l) {
                continue;
            }
            let which = if l == lang {
                "the language"
            } else {
                "a translation"
            };
            findings.push(
                Finding::error(
                    "missing-text",
                    format!(
                        "message `{id}` has no text in `{l}`, {which} of event `{}`",
                        ev.id
                    ),
                )
                .at(&files.locate(&m.path, id, &["text"]))
                .hint(format!("add a \"{l}\" entry to the message's `text`")),
            );
        }
        for l in crate::languages::of(ev) {
            findings.extend(crate::translations::event_finding_in(&m.item, ev, l, &at));
        }
    }

    for (id, at, kinds) in fact_ids {
        let Some(f) = ws.facts.get(id) else {
            if !unloaded.facts.contains(id.as_str()) {
                findings.push(
                    Finding::error(
                        "missing-reference",
                        format!(
                            "event `{}` refers to fact `{id}`, which does not exist",
                            ev.id
                        ),
                    )
                    .at(&at)
                    .hint(crate::suggest::hint(
                        id.as_str(),
                        ws.facts.keys().map(Id::as_str),
                        "run `lectern facts list` to see the fact ids",
                    )),
                );
            }
            continue;
        };
        for l in crate::languages::of(ev) {
            findings.extend(crate::translations::event_finding_in(&f.item, ev, l, &at));
        }
        let public: Vec<&str> = kinds
            .iter()
            .filter(|k| k.is_public())
            .map(|k| k.name())
            .collect();
        if f.item.clearance == Clearance::Restricted && !public.is_empty() {
            findings.push(
                Finding::error(
                    "restricted-fact",
                    format!(
                        "fact `{id}` is restricted, but event `{}` has public outputs ({})",
                        ev.id,
                        public.join(", ")
                    ),
                )
                .at(&at)
                .hint(format!(
                    "scope the fact to the briefing note: {{\"id\": \"{id}\", \"kinds\": [\"briefing-note\"]}}, or remove it from the event"
                )),
            );
        }
        for l in crate::languages::of(ev) {
            if f.item.statement.contains_key(&l) {
                continue;
            }
            let which = if l == lang {
                "the language"
            } else {
                "a translation"
            };
            findings.push(
                Finding::error(
                    "missing-text",
                    format!(
                        "fact `{id}` has no statement in `{l}`, {which} of event `{}`",
                        ev.id
                    ),
                )
                .at(&files.locate(&f.path, id, &["statement"]))
                .hint(format!("add a \"{l}\" entry to the fact's `statement`")),
            );
        }
    }
    let public: Vec<&str> = ev
        .outputs
        .iter()
        .filter(|k| k.is_public())
        .map(|k| k.name())
        .collect();
    check_event_image(ws, event, &public, findings);
}

/// What drafting would find after rendering: template pictures that cannot be used (the
/// event's own picture is checked with the event) and Markdown printed as text.
fn check_rendered(
    ws: &Workspace,
    templates: &Templates,
    event: &Loaded<Event>,
    kind: crate::library::Kind,
    rendered: render::Rendered,
    seen: &mut BTreeSet<(String, Option<String>)>,
    findings: &mut Vec<Finding>,
) {
    let (doc, unrendered) =
        crate::document::parse::parse_checked(&rendered.markdown, rendered.comments);
    if let Err(e) = crate::assets::pictures(&ws.root, templates, event, kind, &doc) {
        let in_event = e.origin().is_some_and(|o| o.path == event.path);
        let key = (e.message(), e.origin().map(|o| o.to_string()));
        if !in_event && seen.insert(key) {
            findings.push(in_workspace(ws, load_finding(&e, "picture")));
        }
    }
    for (origin, message) in crate::assets::unrendered(templates, kind, &unrendered) {
        if seen.insert((message.clone(), Some(origin.to_string()))) {
            findings.push(in_workspace(
                ws,
                Finding::warning("markdown", message).at(&origin),
            ));
        }
    }
}

/// The event's picture is a readable PNG or JPEG inside the workspace, described when the
/// event has public outputs.
fn check_event_image(
    ws: &Workspace,
    event: &Loaded<Event>,
    public: &[&str],
    findings: &mut Vec<Finding>,
) {
    let Some(image) = &event.item.image else {
        return;
    };
    if let Err(p) = crate::picture::load(&ws.root, &image.path) {
        let mut f = Finding::error("picture", p.message)
            .at(&crate::assets::event_image_origin(event, "path"));
        if let Some(h) = p.hint {
            f = f.hint(h);
        }
        findings.push(f);
    }
    if image.alt.as_deref().map_or(true, |a| a.trim().is_empty()) && !public.is_empty() {
        findings.push(
            Finding::error(
                "picture",
                format!(
                    "picture `{}` has no alt text, which the {} {} as public documents",
                    image.path,
                    public.join(" and "),
                    if public.len() > 1 { "need" } else { "needs" }
                ),
            )
            .at(&crate::assets::event_image_origin(event, "alt"))
            .hint("add \"alt\" to the event's image: what the picture shows, in a sentence"),
        );
    }
}

/// Templates compile, and render every event's outputs in memory (nothing is written): this
/// catches unknown helpers, unknown figures, missing partials and, in strict mode, variables
/// the context does not have. Events that cannot be resolved are already reported above.
fn check_templates(ws: &Workspace, today: NaiveDate, findings: &mut Vec<Finding>) {
    let templates = match Templates::load(&ws.templates_dir()) {
        Ok(t) => t,
        Err(e) => {
            findings.push(in_workspace(ws, load_finding(&e, "template")));
            return;
        }
    };
    let policy = Policy {
        today,
        // Governance problems are reported on their own; the template is still worth checking.
        allow_unapproved: true,
    };
    // One template mistake shows up in many events: report it once, naming the first.
    let mut seen = BTreeSet::new();
    for event in ws.events.values() {
        for &kind in &event.item.outputs {
            let Ok(resolved) = resolve(ws, event, kind, policy) else {
                continue;
            };
            let e = match render::render(&templates, &resolved) {
                Ok(rendered) => {
                    check_rendered(ws, &templates, event, kind, rendered, &mut seen, findings);
                    continue;
                }
                Err(e) => e,
            };
            let key = (e.message(), e.origin().cloned().map(|o| o.to_string()));
            if !seen.insert(key) {
                continue;
            }
            let mut f = in_workspace(ws, load_finding(&e, "template"));
            f.message = format!(
                "{} (drafting the {kind} of event `{}`)",
                f.message, event.item.id
            );
            findings.push(f);
        }
    }
}

/// Template errors name files relative to the workspace (`templates/speech.hbs`); point them
/// at the workspace, as every other finding is, so `-C DIR` still shows the source line.
fn in_workspace(ws: &Workspace, mut f: Finding) -> Finding {
    if let Some(file) = &f.file {
        let rel = Path::new(file);
        if rel.is_relative() && rel.starts_with(TEMPLATES_DIR) {
            f.file = Some(shown(&ws.root, file).display().to_string());
        }
    }
    f
}

/// Warnings on the library itself: stale facts, expiring messages, banned phrases.
fn check_library(ws: &Workspace, opts: &Options, files: &mut Files, findings: &mut Vec<Finding>) {
    let today = opts.today;
    for f in ws.facts.values() {
        if let Some(why) = fact_staleness(&f.item, today, ws.settings.stale_after_days) {
            findings.push(
                Finding::warning("stale-fact", format!("fact `{}` is stale: {why}", f.item.id))
                    .at(&files.locate(&f.path, &f.item.id, &["as_of"]))
                    .hint(format!(
                        "confirm the fact with {} and update `as_of` (and `version` if the statement changes)",
                        f.item.unit
                    )),
            );
        }
    }
    for m in ws.messages.values() {
        if let Some(days) = days_to_review(&m.item, today) {
            if (0..=opts.expiring_within).contains(&days) {
                let review_by = m.item.review_by.map(|d| d.to_string()).unwrap_or_default();
                let when = match days {
                    0 => "today".to_string(),
                    1 => "tomorrow".to_string(),
                    n => format!("in {n} days"),
                };
                findings.push(
                    Finding::warning(
                        "expiring",
                        format!(
                            "message `{}` expires {when}: review_by {review_by}",
                            m.item.id
                        ),
                    )
                    .at(&files.locate(&m.path, &m.item.id, &["review_by"]))
                    .hint(
                        "have the message reviewed and extend `review_by`, or plan its replacement",
                    ),
                );
            }
        }
    }
    let banned: Vec<(&str, Phrase)> = ws
        .settings
        .banned_phrases
        .iter()
        .map(|p| (p.as_str(), Phrase::new(p)))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    if banned.is_empty() {
        return;
    }
    let mut hits = Vec::new();
    for m in ws.messages.values() {
        for (lang, text) in &m.item.text {
            hits.push(("message", &m.item.id, &m.path, "text", *lang, text.as_str()));
        }
    }
    for f in ws.facts.values() {
        for (lang, text) in &f.item.statement {
            hits.push((
                "fact",
                &f.item.id,
                &f.path,
                "statement",
                *lang,
                text.as_str(),
            ));
        }
    }
    for (what, id, path, field, lang, text) in hits {
        for (phrase, folded) in &banned {
            if folded.find(text).is_none() {
                continue;
            }
            let origin = locate_phrase(files, path, id, field, lang, folded);
            findings.push(
                Finding::warning(
                    "banned-phrase",
                    format!("{what} `{id}` ({lang}) uses the banned phrase \"{phrase}\""),
                )
                .at(&origin)
                .hint("rephrase it; the list is `banned_phrases` in lectern.json"),
            );
        }
    }
}

/// A banned phrase as it is matched: letters and digits case-folded, and any run of other
/// characters (spaces, no-break spaces, hyphens, punctuation) one separator, so "war on drugs"
/// also finds "War on\u{a0}drugs" and "war-on-drugs".
pub(crate) struct Phrase(Vec<Option<char>>);

impl Phrase {
    pub(crate) fn new(phrase: &str) -> Phrase {
        let mut units: Vec<Option<char>> = Vec::new();
        for c in phrase.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                units.push(Some(c));
            } else if units.last().is_some_and(Option::is_some) {
                units.push(None);
            }
        }
        if units.last() == Some(&None) {
            units.pop();
        }
        Phrase(units)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The byte offset in `hay` where the phrase starts, if it occurs.
    pub(crate) fn find(&self, hay: &str) -> Option<usize> {
        let first = *self.0.first()?;
        hay.char_indices()
            .filter(|&(_, c)| c.to_lowercase().next() == first)
            .map(|(i, _)| i)
            .find(|&i| self.matches_at(&hay[i..]))
    }

    fn matches_at(&self, hay: &str) -> bool {
        let mut it = hay.chars().flat_map(char::to_lowercase).peekable();
        for unit in &self.0 {
            match unit {
                Some(c) => {
                    if it.next() != Some(*c) {
                        return false;
                    }
                }
                None => {
                    if !it.peek().is_some_and(|x| !x.is_alphanumeric()) {
                        return false;
                    }
                    while it.peek().is_some_and(|x| !x.is_alphanumeric()) {
                        it.next();
                    }
                }
            }
        }
        true
    }
}

/// The phrase inside `id`'s `field.lang` text in the file, as written there; failing that
/// (an escape inside the phrase), the language key; failing that, the id.
fn locate_phrase(
    files: &mut Files,
    path: &Path,
    id: &Id,
    field: &str,
    lang: Lang,
    folded: &Phrase,
) -> Origin {
    let base = files.locate(path, id, &[field, lang.code()]);
    let (Some(start), Some(text)) = (files.id_offset(path, id), files.get(path)) else {
        return base;
    };
    let mut at = start;
    for key in [field, lang.code()] {
        if let Some(i) = text[at..].find(&format!("\"{key}\"")) {
            at += i;
        }
    }
    match folded.find(&text[at..]) {
        Some(i) => {
            let loc = location_of(text, at + i);
            Origin::at(path, loc.line, loc.column)
        }
        None => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_in_broken_json() {
        let text = r#"[{"id": "a-1", "x": }, { "id" : "b.2" "#;
        assert_eq!(ids_in(text), vec!["a-1", "b.2"]);
    }

    #[test]
    fn phrases_are_found_regardless_of_case_and_separators() {
        let needle = Phrase::new("Going Forward");
        assert_eq!(needle.find("We act, going forward."), Some(8));
        assert_eq!(needle.find("GOING FORWARD"), Some(0));
        assert_eq!(needle.find("going for"), None);
        assert_eq!(needle.find("going\u{a0}forward"), Some(0));
        assert_eq!(needle.find("going-forward"), Some(0));
        assert_eq!(needle.find("going, — forward"), Some(0));
        assert_eq!(needle.find("goingforward"), None);
        assert_eq!(Phrase::new("نص").find("هذا نص"), Some(7));
        assert!(Phrase::new(" — ").is_empty());
        // A phrase is found inside longer words, as before ("war on crimes").
        assert_eq!(Phrase::new("war on crime").find("a war on crimes"), Some(2));
    }
}
