//! Governance of one event before it is drafted (DESIGN.md §2): every problem that refuses a
//! draft, found once per event rather than once per output kind, each naming the kinds it
//! stops only where it is kind-specific (a restricted fact in the public kinds, an item scoped
//! to some kinds). A problem with an id the event lists points at that id in the event file.
//! Load problems are attributed here too: a message or fact file that does not load stops only
//! the events that use one of its ids. Returns data; `resolve` and the commands act on it.

use std::path::Path;

use crate::error::{Error, Origin};
use crate::jsonpos::{locate, Step};
use crate::library::{Clearance, Entry, Event, Id, Kind, Lang, Loaded, Message, Status};
use crate::problems::{duplicate, What};
use crate::recorded::{fact_wording, message_wording};
use crate::resolve::{message_problem, Policy};
use crate::workspace::Workspace;

/// A problem that stops the drafts of `kinds`.
#[derive(Debug)]
pub struct Blocked {
    pub kinds: Vec<Kind>,
    pub error: Error,
    /// The one language whose drafts it stops (text missing in that language); `None` for a
    /// problem that stops every language's.
    pub lang: Option<Lang>,
}

/// An entry of the event with where it is written.
struct Placed<'a> {
    entry: &'a Entry,
    path: Vec<Step<'static>>,
}

fn placed(ev: &Event, what: What) -> Vec<Placed<'_>> {
    type OfQa = fn(&crate::library::Qa) -> &[Entry];
    let (top, in_qa): (&[Entry], OfQa) = match what {
        What::Message => (&ev.messages, |q| &q.messages),
        _ => (&ev.facts, |q| &q.facts),
    };
    let field = if what == What::Message {
        "messages"
    } else {
        "facts"
    };
    let mut out: Vec<Placed<'_>> = top
        .iter()
        .enumerate()
        .map(|(i, entry)| Placed {
            entry,
            path: vec![Step::Key(field), Step::Index(i)],
        })
        .collect();
    for (qi, q) in ev.qa.iter().enumerate() {
        for (i, entry) in in_qa(q).iter().enumerate() {
            out.push(Placed {
                entry,
                path: vec![
                    Step::Key("qa"),
                    Step::Index(qi),
                    Step::Key(field),
                    Step::Index(i),
                ],
            });
        }
    }
    out
}

/// Where the id of an entry is written in the event file.
fn locate_entry(event: &Loaded<Event>, text: Option<&str>, path: &[Step<'_>]) -> Origin {
    let Some(text) = text else {
        return Origin::file(&event.path);
    };
    let id = event.item.id.as_str();
    let mut with_id = path.to_vec();
    with_id.push(Step::Key("id"));
    match locate(text, id, &with_id).or_else(|| locate(text, id, path)) {
        Some(l) => Origin::at(&event.path, l.line, l.column),
        None => Origin::file(&event.path),
    }
}

/// "speech", "speech and blog", "speech, blog and press-briefing".
pub fn list_kinds(kinds: &[Kind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The next step for a message that may not be used, fitting the reason.
pub fn message_hint(m: &Message) -> String {
    let flag = "or draft with --allow-unapproved to mark the draft NOT CLEARED";
    match m.status {
        Status::Draft => format!(
            "the message is a draft: have it approved (`status` \"approved\" with `approved_by` and `approved_on`), {flag}"
        ),
        Status::Retired => format!(
            "the message is retired: replace it in the event with a current message, {flag}"
        ),
        Status::Approved => format!(
            "have the message reviewed and its `review_by` date ({}) extended, {flag}",
            m.review_by.map(|d| d.to_string()).unwrap_or_default()
        ),
    }
}

/// Every problem that stops drafting `event` as any of `kinds` (kinds the event does not
/// have are left to `resolve`, which says so).
pub fn screen(
    ws: &Workspace,
    event: &Loaded<Event>,
    kinds: &[Kind],
    policy: Policy,
) -> Vec<Blocked> {
    screen_in(ws, event, kinds, event.item.language, policy)
}

/// `screen` for the drafts in `lang`, the event's language or one of its translations: text
/// missing in `lang` is a problem with `lang` set, the others stop every language.
pub fn screen_in(
    ws: &Workspace,
    event: &Loaded<Event>,
    kinds: &[Kind],
    lang: Lang,
    policy: Policy,
) -> Vec<Blocked> {
    let ev = &event.item;
    let kinds: Vec<Kind> = kinds
        .iter()
        .copied()
        .filter(|k| ev.outputs.contains(k))
        .collect();
    let mut out = Vec::new();
    if kinds.is_empty() {
        return out;
    }
    // Read only when an error needs a position.
    let text = std::cell::OnceCell::new();
    let text = || text.get_or_init(|| read_content(&event.path)).as_deref();
    let mut reported: Vec<std::path::PathBuf> = Vec::new();
    for what in [What::Message, What::Fact] {
        let entries = placed(ev, what);
        let mut seen: Vec<&Id> = Vec::new();
        for p in &entries {
            let id = &p.entry.id;
            if seen.contains(&id) {
                continue;
            }
            seen.push(id);
            // The kinds that use the item: any of its entries may scope it.
            let using: Vec<Kind> = kinds
                .iter()
                .copied()
                .filter(|&k| {
                    entries
                        .iter()
                        .any(|q| &q.entry.id == id && q.entry.applies_to(k))
                })
                .collect();
            if using.is_empty() {
                continue;
            }
            // Kind-specific only when the item is scoped away from some requested kinds.
            let scope = if using.len() < kinds.len() {
                format!(" (in its {})", list_kinds(&using))
            } else {
                String::new()
            };
            let at = || locate_entry(event, text(), &p.path);
            // The passage language an entry of the item gives it (messages only).
            let passage = entries
                .iter()
                .filter(|q| &q.entry.id == id && using.iter().any(|&k| q.entry.applies_to(k)))
                .find_map(|q| q.entry.lang.map(|l| (l, q)));
            let mut block_in = |kinds: Vec<Kind>, error: Error, lang: Option<Lang>| {
                out.push(Blocked { kinds, error, lang })
            };
            let name = what.name();

            // A file that does not load: its own error, located there, once per event.
            let broken: Vec<&crate::problems::Problem> =
                ws.problems.claiming(what, id.as_str()).collect();
            if !broken.is_empty() {
                for problem in broken {
                    if reported.contains(&problem.path) {
                        continue;
                    }
                    reported.push(problem.path.clone());
                    block_in(
                        using.clone(),
                        duplicate(&problem.error).hint(format!(
                            "event `{}`{scope} uses {name} `{id}` from this file and cannot be drafted until it loads",
                            ev.id
                        )),
                        None,
                    );
                }
                continue;
            }
            let exists = match what {
                What::Message => ws.messages.contains_key(id),
                _ => ws.facts.contains_key(id),
            };
            if !exists {
                let mut error = Error::input(format!(
                    "event `{}` refers to {name} `{id}`{scope}, which does not exist",
                    ev.id
                ))
                .at(at());
                let unreadable: Vec<&crate::problems::Problem> =
                    ws.problems.unreadable(what).collect();
                error = if unreadable.is_empty() {
                    let (known, otherwise): (Vec<&str>, _) = if what == What::Message {
                        (
                            ws.messages.keys().map(|k| k.as_str()).collect(),
                            "run `lectern snippets list` to see the message ids",
                        )
                    } else {
                        (
                            ws.facts.keys().map(|k| k.as_str()).collect(),
                            "run `lectern facts list` to see the fact ids",
                        )
                    };
                    error.hint(crate::suggest::hint(id.as_str(), known, otherwise))
                } else {
                    let files: Vec<String> = unreadable
                        .iter()
                        .map(|p| p.path.display().to_string())
                        .collect();
                    error.hint(format!(
                        "it may be defined in {}, which cannot be loaded",
                        files.join(", ")
                    ))
                };
                block_in(using.clone(), error, None);
                // The files whose ids cannot be told: their own errors, once per event.
                for problem in unreadable {
                    if !reported.contains(&problem.path) {
                        reported.push(problem.path.clone());
                        block_in(using.clone(), duplicate(&problem.error), None);
                    }
                }
                continue;
            }
            match what {
                What::Message => {
                    let m = &ws.messages[id];
                    if let Some((passage, q)) = passage {
                        // A passage in its own language needs that text, whatever the draft's.
                        if !m.item.text.contains_key(&passage) {
                            block_in(
                                using,
                                Error::input(format!(
                                    "message `{id}` has no text in `{passage}`, the language event `{}` gives the passage",
                                    ev.id
                                ))
                                .at(locate_entry(event, text(), &q.path))
                                .hint(format!(
                                    "add a \"{passage}\" entry to the message's `text` ({}), or remove `lang` from this entry",
                                    m.path.display()
                                )),
                                None,
                            );
                            continue;
                        }
                    } else if !m.item.text.contains_key(&lang) {
                        block_in(
                            using,
                            missing_text(("message", "text"), id, &m.path, lang, ev),
                            Some(lang),
                        );
                        continue;
                    }
                    if policy.allow_unapproved {
                        continue;
                    }
                    if let Some(why) = message_problem(&m.item, ev.date(), policy.today) {
                        block_in(
                            using,
                            Error::refused(format!(
                                "message `{id}` {why}; event `{}`{scope} cannot use it",
                                ev.id
                            ))
                            .at(at())
                            .hint(message_hint(&m.item)),
                            None,
                        );
                        continue;
                    }
                    // The text used is the passage's language's, or the draft's: a refusal of
                    // the draft's language stops only that language's drafts.
                    let (used, only) = match passage {
                        Some((p, _)) => (p, None),
                        None => (lang, Some(lang)),
                    };
                    if let Some(why) = crate::translations::not_approved(&m.item, used) {
                        block_in(
                            using,
                            Error::refused(format!(
                                "message `{id}` {why}; event `{}`{scope} cannot use it",
                                ev.id
                            ))
                            .at(at())
                            .hint(crate::translations::hint(&m.item, used)),
                            only,
                        );
                        continue;
                    }
                    if let Some(e) = edited(ws, What::Message, id, ev) {
                        block_in(using, e, None);
                    }
                }
                _ => {
                    let f = &ws.facts[id];
                    let public: Vec<Kind> =
                        using.iter().copied().filter(|k| k.is_public()).collect();
                    if f.item.clearance == Clearance::Restricted && !public.is_empty() {
                        let are = if public.len() == 1 {
                            "a public document"
                        } else {
                            "public documents"
                        };
                        block_in(
                            public.clone(),
                            Error::refused(format!(
                                "fact `{id}` is restricted and cannot appear in the {} of event `{}`, {are}",
                                list_kinds(&public),
                                ev.id
                            ))
                            .at(at())
                            .hint(format!(
                                "scope the fact to the briefing note: {{\"id\": \"{id}\", \"kinds\": [\"briefing-note\"]}}, or remove it from the event"
                            )),
                            None,
                        );
                    }
                    if !f.item.statement.contains_key(&lang) {
                        block_in(
                            using,
                            missing_text(("fact", "statement"), id, &f.path, lang, ev),
                            Some(lang),
                        );
                        continue;
                    }
                    if let Some(why) = crate::translations::not_approved(&f.item, lang)
                        .filter(|_| !policy.allow_unapproved)
                    {
                        block_in(
                            using,
                            Error::refused(format!(
                                "fact `{id}` {why}; event `{}`{scope} cannot use it",
                                ev.id
                            ))
                            .at(at())
                            .hint(crate::translations::hint(&f.item, lang)),
                            Some(lang),
                        );
                        continue;
                    }
                    if let Some(e) = edited(ws, What::Fact, id, ev) {
                        block_in(using, e, None);
                    }
                }
            }
        }
    }
    out
}

/// Approved wording changed without a new version: an earlier draft recorded other wording
/// for the same id and version. For a message, only approved text counts (a draft message is
/// refused or marked NOT CLEARED anyway).
pub fn edited(ws: &Workspace, what: What, id: &Id, ev: &Event) -> Option<Error> {
    let e = edited_item(ws, what, id)?;
    let mut out = Error::refused(format!("{}; event `{}` cannot use it", e.message(), ev.id));
    if let Some(o) = e.origin() {
        out = out.at(o.clone());
    }
    for h in e.hints() {
        out = out.hint(h.clone());
    }
    Some(out)
}

/// The item's wording differs from what a manifest recorded for its id and version.
pub fn edited_item(ws: &Workspace, what: What, id: &Id) -> Option<Error> {
    let (version, hash, wording, path) = match what {
        What::Message => {
            let m = ws.messages.get(id)?;
            if m.item.status != Status::Approved {
                return None;
            }
            (m.item.version, &m.hash, message_wording(&m.item), &m.path)
        }
        _ => {
            let f = ws.facts.get(id)?;
            (f.item.version, &f.hash, fact_wording(&f.item), &f.path)
        }
    };
    let r = ws
        .recorded()
        .conflict(what, id.as_str(), version, hash, &wording)?;
    let name = what.name();
    let (changed, hint) = if what == What::Message {
        (
            "its text",
            format!(
                "bump `version` to {} and have the message re-approved",
                version + 1
            ),
        )
    } else {
        (
            "its statement, figures or source",
            format!(
                "bump `version` to {} and have the change confirmed by its unit",
                version + 1
            ),
        )
    };
    Some(
        Error::refused(format!(
            "{name} `{id}` was edited without a new version: {changed} differs from version {version} as recorded by {}/{} v{:03}",
            r.event, r.kind, r.version
        ))
        .at(locate_key_of(path, id, "version"))
        .hint(hint)
        .hint(format!("the earlier draft's manifest: {}", r.manifest.display())),
    )
}

/// Where `key` of item `id` is written in the content file at `path`.
/// A message (`text`) or fact (`statement`) with no text in `lang`, the event's language
/// (located at the item's file) or one of its translations (at the item's text field).
fn missing_text(
    (what, field): (&str, &str),
    id: &Id,
    path: &Path,
    lang: Lang,
    ev: &Event,
) -> Error {
    let (role, at) = if lang == ev.language {
        ("the language", Origin::file(path))
    } else {
        ("a translation", locate_key_of(path, id, field))
    };
    Error::input(format!(
        "{what} `{id}` has no {field} in `{lang}`, {role} of event `{}`",
        ev.id
    ))
    .at(at)
    .hint(format!("add a \"{lang}\" entry to the {what}'s `{field}`"))
}

fn locate_key_of(path: &Path, id: &Id, key: &str) -> Origin {
    let Some(text) = read_content(path) else {
        return Origin::file(path);
    };
    match locate(&text, id.as_str(), &[Step::Key(key)]) {
        Some(l) => Origin::at(path, l.line, l.column),
        None => Origin::file(path),
    }
}

/// A content file's text, through the capped reader, or `None` (positions are then left out).
fn read_content(path: &Path) -> Option<String> {
    crate::capped::read_text(path, path, crate::capped::CONTENT).ok()
}

/// A copy of each error, for the kinds it stops.
pub fn errors_for(blocked: &[Blocked], kind: Kind) -> Vec<Error> {
    blocked
        .iter()
        .filter(|b| b.kinds.contains(&kind))
        .map(|b| duplicate(&b.error))
        .collect()
}

/// Each distinct id the event lists as a `what` (message or fact), with where its first entry
/// is written and the event outputs that use it.
pub fn entries(event: &Loaded<Event>, what: What) -> Vec<(&Id, Origin, Vec<Kind>)> {
    let ev = &event.item;
    let text = read_content(&event.path);
    let all = placed(ev, what);
    let mut out: Vec<(&Id, Origin, Vec<Kind>)> = Vec::new();
    for p in &all {
        let id = &p.entry.id;
        if out.iter().any(|(seen, _, _)| *seen == id) {
            continue;
        }
        let kinds = ev
            .outputs
            .iter()
            .copied()
            .filter(|&k| {
                all.iter()
                    .any(|q| &q.entry.id == id && q.entry.applies_to(k))
            })
            .collect();
        out.push((id, locate_entry(event, text.as_deref(), &p.path), kinds));
    }
    out
}
