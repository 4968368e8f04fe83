//! The workspace: a folder of messages, facts, events, templates and settings (DESIGN.md §1).
//! Loading reads every file, reports every problem it finds with its file, line and column
//! (never stopping at the first), and indexes the items by id. Nothing here prints.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::content::{self, Content};
use crate::error::{location_of, Error, Origin, Result};
use crate::library::{Event, Fact, Id, Loaded, Message, Status};
use crate::problems::{item_ids, Problem, Problems, What};
use crate::settings::Settings;

pub const MESSAGES_DIR: &str = "snippets/messages";
pub const FACTS_DIR: &str = "snippets/facts";
pub const EVENTS_DIR: &str = "events";
pub const TEMPLATES_DIR: &str = "templates";

#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub settings: Settings,
    pub messages: BTreeMap<Id, Loaded<Message>>,
    pub facts: BTreeMap<Id, Loaded<Fact>>,
    pub events: BTreeMap<Id, Loaded<Event>>,
    /// The load problems, each with the ids it blocks (see `problems`).
    pub problems: std::sync::Arc<Problems>,
    /// The hashes earlier drafts recorded under output/, read on first use.
    pub recorded: std::sync::Arc<std::sync::OnceLock<crate::recorded::Recorded>>,
}

/// A workspace as far as it could be loaded, with every problem found on the way.
#[derive(Debug)]
pub struct Loading {
    pub workspace: Workspace,
    pub errors: Vec<Error>,
}

impl Workspace {
    /// Load the workspace at `root`, failing when any file has a problem. The error is the
    /// first problem; `load_all` returns them all.
    pub fn open(root: &Path) -> std::result::Result<Workspace, Vec<Error>> {
        let loading = Workspace::load_all(root)?;
        if loading.errors.is_empty() {
            Ok(loading.workspace)
        } else {
            Err(loading.errors)
        }
    }

    /// Load everything that can be loaded and collect every problem. Fails outright only
    /// when the settings cannot be read (then nothing else is meaningful).
    pub fn load_all(root: &Path) -> std::result::Result<Loading, Vec<Error>> {
        if !root.is_dir() {
            return Err(vec![Error::input(format!(
                "workspace {} is not a folder",
                root.display()
            ))
            .hint(
                "pass the workspace with -C DIR, or create one with `lectern init DIR`",
            )]);
        }
        let settings = Settings::load(root).map_err(|e| vec![e])?;
        let mut problems = Problems::default();
        let messages =
            load_kind::<Message>(root, MESSAGES_DIR, What::Message, &mut problems, |m| {
                check_message(m)
            });
        let facts = load_kind::<Fact>(root, FACTS_DIR, What::Fact, &mut problems, |f| {
            if f.version == 0 {
                return Err("`version` must be at least 1".into());
            }
            if f.statement.is_empty() {
                return Err("`statement` needs text in at least one language".into());
            }
            Ok(())
        });
        let events = load_kind::<Event>(root, EVENTS_DIR, What::Event, &mut problems, check_event);
        let errors = problems
            .list
            .iter()
            .map(|p| crate::problems::duplicate(&p.error))
            .collect();
        Ok(Loading {
            workspace: Workspace {
                root: root.to_path_buf(),
                settings,
                messages,
                facts,
                events,
                problems: std::sync::Arc::new(problems),
                recorded: Default::default(),
            },
            errors,
        })
    }

    pub fn templates_dir(&self) -> PathBuf {
        self.root.join(TEMPLATES_DIR)
    }

    pub fn output_dir(&self) -> PathBuf {
        // Shown in messages: keep it as short as the user would type it.
        if self.root == Path::new(".") {
            PathBuf::from(&self.settings.output)
        } else {
            self.root.join(&self.settings.output)
        }
    }

    /// Every load problem of the file `e` (an error from [`Workspace::event`]) is about, `e`
    /// first: a broken event file reports all its mistakes, not only the first.
    pub fn file_problems(&self, e: &Error) -> Vec<Error> {
        let mut all = vec![crate::problems::duplicate(e)];
        if let Some(path) = crate::problems::file_of(e) {
            all.extend(
                self.problems
                    .list
                    .iter()
                    .filter(|p| p.path == path && p.error.message() != e.message())
                    .map(|p| crate::problems::duplicate(&p.error)),
            );
        }
        all
    }

    /// Find an event by id, or by the path of its file.
    pub fn event(&self, arg: &str) -> Result<&Loaded<Event>> {
        if let Ok(id) = Id::parse(arg) {
            if let Some(e) = self.events.get(&id) {
                return Ok(e);
            }
        }
        let as_path = Path::new(arg);
        if as_path.extension().is_some_and(|x| x == "json") {
            let wanted = std::fs::canonicalize(as_path).ok();
            // An event file is drafted only from the workspace: one from elsewhere would draft
            // content nobody has loaded, checked or versioned here.
            if let (Some(file), Ok(root)) = (&wanted, std::fs::canonicalize(&self.root)) {
                if !file.starts_with(&root) {
                    return Err(Error::input(format!(
                        "event file {arg} is outside the workspace {}",
                        self.root.display()
                    ))
                    .hint(format!(
                        "copy it into {}/ and draft it by id, or point -C at its workspace",
                        EVENTS_DIR
                    )));
                }
            }
            if let Some(e) = self
                .events
                .values()
                .find(|e| wanted.is_some() && std::fs::canonicalize(&e.path).ok() == wanted)
            {
                return Ok(e);
            }
        }
        // An event whose file does not load: its own problem says why.
        let wanted = std::fs::canonicalize(arg).ok();
        let in_file = self.problems.list.iter().find(|p| {
            p.what == What::Event
                && wanted.is_some()
                && std::fs::canonicalize(&p.path).ok() == wanted
        });
        if let Some(p) = self.problems.claiming(What::Event, arg).next().or(in_file) {
            return Err(crate::problems::duplicate(&p.error));
        }
        let mut err = Error::input(format!("no event `{arg}` in {}", self.root.display()));
        if let Some(p) = self.problems.unreadable(What::Event).next() {
            return Err(err.hint(format!(
                "{} cannot be loaded and may define it; run `lectern check`",
                p.path.display()
            )));
        }
        let close = self
            .events
            .keys()
            .map(Id::as_str)
            .map(|id| (strsim::levenshtein(id, arg), id))
            .filter(|(d, _)| *d <= 3)
            .min();
        err = match close {
            Some((_, c)) => err.hint(format!("did you mean `{c}`?")),
            None => err.hint("run `lectern events list` to see the event ids"),
        };
        Err(err)
    }
}

fn check_message(m: &Message) -> std::result::Result<(), String> {
    if m.version == 0 {
        return Err("`version` must be at least 1".into());
    }
    if m.text.is_empty() {
        return Err("`text` needs at least one language".into());
    }
    if let Some((lang, _)) = m.text.iter().find(|(_, t)| t.trim().is_empty()) {
        return Err(format!("`text.{lang}` is empty"));
    }
    if m.status == Status::Approved {
        if m.approved_by.is_none() {
            return Err("an approved message needs `approved_by`".into());
        }
        if m.approved_on.is_none() {
            return Err("an approved message needs `approved_on` (YYYY-MM-DD)".into());
        }
    }
    Ok(())
}

fn check_event(e: &Event) -> std::result::Result<(), String> {
    if e.outputs.is_empty() {
        return Err(
            "`outputs` needs at least one of speech, blog, press-briefing, briefing-note".into(),
        );
    }
    if e.messages.is_empty() {
        return Err("`messages` needs at least one message id".into());
    }
    // An event is a speech or a press pack: these bounds are far above any real one and keep
    // drafting fast and its memory bounded (DESIGN.md is silent; ARCHITECTURE.md invariants).
    for (field, n, max) in [
        ("messages", e.messages.len(), MAX_EVENT_MESSAGES),
        ("facts", e.facts.len(), MAX_EVENT_FACTS),
        ("qa", e.qa.len(), MAX_EVENT_QA),
    ] {
        if n > max {
            return Err(format!(
                "`{field}` lists {n} items; an event may list at most {max}"
            ));
        }
    }
    if let Some(t) = &e.target {
        match (t.minutes, t.words) {
            (Some(m), None) if m > 0.0 => {}
            (None, Some(w)) if w > 0 => {}
            _ => return Err("`target` takes exactly one of `minutes` or `words`, positive".into()),
        }
    }
    let mut seen = Vec::new();
    for k in &e.outputs {
        if seen.contains(k) {
            return Err(format!("`outputs` lists `{k}` twice"));
        }
        seen.push(*k);
    }
    Ok(())
}

/// JSON files under `dir`, recursively, in a stable order, with the problems met on the way.
/// A missing `dir` has no files; `dir` being a file, or a folder that cannot be read, is an
/// error (never silently an empty library). Links to folders below `dir` are not followed (a
/// link such as `a -> .` would otherwise loop forever, or load every file twice): each is an
/// error naming it. Links to files are read like files.
pub fn json_files(dir: &Path) -> (Vec<PathBuf>, Vec<Error>) {
    let shown = |p: &Path| p.strip_prefix(".").unwrap_or(p).to_path_buf();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            let d = shown(dir);
            errors.push(
                Error::input(format!("{} is a file; it must be a folder", d.display()))
                    .at(Origin::file(&d))
                    .hint(format!(
                        "move the file into a folder named {}/ (content files go inside it)",
                        d.display()
                    )),
            );
            return (out, errors);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (out, errors),
        Err(e) => {
            errors.push(Error::io("cannot read the folder", &shown(dir), e));
            return (out, errors);
        }
    }
    let mut stack = vec![(dir.to_path_buf(), 0)];
    let mut entries = 0usize;
    while let Some((d, depth)) = stack.pop() {
        if depth > MAX_FOLDER_DEPTH {
            let at = shown(&d);
            errors.push(
                Error::input(format!(
                    "{} is more than {MAX_FOLDER_DEPTH} folders deep; lectern does not look further",
                    at.display()
                ))
                .at(Origin::file(&at))
                .hint("move the files up into a shallower folder"),
            );
            continue;
        }
        let rd = match std::fs::read_dir(&d) {
            Ok(rd) => rd,
            Err(e) => {
                errors.push(Error::io("cannot read the folder", &shown(&d), e));
                continue;
            }
        };
        for entry in rd.flatten() {
            entries += 1;
            if entries > MAX_FOLDER_ENTRIES {
                let at = shown(dir);
                errors.push(
                    Error::input(format!(
                        "{} holds more than {MAX_FOLDER_ENTRIES} files and folders; lectern stops reading it there",
                        at.display()
                    ))
                    .at(Origin::file(&at))
                    .hint("keep only content files in it; group items into fewer, larger files"),
                );
                stack.clear();
                break;
            }
            let p = entry.path();
            let Ok(ft) = entry.file_type() else {
                continue;
            };
            if ft.is_dir() {
                stack.push((p, depth + 1));
            } else if ft.is_symlink() && std::fs::metadata(&p).is_ok_and(|m| m.is_dir()) {
                let target = std::fs::read_link(&p)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                let at = shown(&p);
                errors.push(
                    Error::input(format!(
                        "{} is a link to a folder ({target}); lectern does not follow links to folders",
                        at.display()
                    ))
                    .at(Origin::file(&at))
                    .hint("move or copy the folder here instead, or link each file"),
                );
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    errors.sort_by_key(Error::message);
    (out, errors)
}

fn load_kind<T>(
    root: &Path,
    dir: &str,
    kind: What,
    problems: &mut Problems,
    check: impl Fn(&T) -> std::result::Result<(), String> + Sync,
) -> BTreeMap<Id, Loaded<T>>
where
    T: Content + Serialize + HasId + Send,
{
    use rayon::prelude::*;
    let what = kind.name();
    /// One file read and parsed: each good item with its canonical hash, or why `check`
    /// refused it, and the problems of the items that could not be read (with their ids).
    type Parsed<T> = (
        PathBuf,
        String,
        Vec<(T, std::result::Result<String, String>)>,
        Vec<Problem>,
    );
    // Files are read, parsed and hashed in parallel (a large library is thousands of files);
    // ids are then checked for duplicates in path order, so messages do not depend on timing.
    type Failed = Box<(PathBuf, Option<Vec<String>>, Error)>;
    let (paths, walk_errors) = json_files(&root.join(dir));
    // A folder that cannot be walked may hold any id: its ids are unknown.
    for error in walk_errors {
        let path = crate::problems::file_of(&error).unwrap_or_else(|| root.join(dir));
        problems.list.push(Problem {
            what: kind,
            path,
            ids: None,
            error,
        });
    }
    let files: Vec<std::result::Result<Parsed<T>, Failed>> = paths
        .par_iter()
        .map(|path| {
            // Paths are shown as the user would type them from the current folder.
            let display = path.strip_prefix(".").unwrap_or(path).to_path_buf();
            let text =
                read_content(path, &display).map_err(|e| Box::new((display.clone(), None, e)))?;
            let (items, errors) = content::read_items::<T>(&display, &text);
            let mut problems = Vec::new();
            if !errors.is_empty() {
                // The ids the file meant to define but could not, so only what uses them is
                // blocked. An id that is not valid cannot be referred to: the ids are unknown.
                let good: Vec<String> = items.iter().map(|i| i.id().to_string()).collect();
                let ids = Some(item_ids(&text))
                    .filter(|ids| !ids.is_empty() && ids.iter().all(|i| Id::parse(i).is_ok()))
                    .map(|ids| ids.into_iter().filter(|i| !good.contains(i)).collect());
                problems = errors
                    .into_iter()
                    .map(|error| Problem {
                        what: kind,
                        path: display.clone(),
                        ids: ids.clone(),
                        error,
                    })
                    .collect();
            }
            let items = items
                .into_iter()
                .map(|item| {
                    let hashed = check(&item).map(|()| {
                        let canonical =
                            serde_json::to_vec(&item).expect("library types always serialise");
                        hex(&Sha256::digest(&canonical))
                    });
                    (item, hashed)
                })
                .collect();
            Ok((display, text, items, problems))
        })
        .collect();
    let mut out: BTreeMap<Id, Loaded<T>> = BTreeMap::new();
    for file in files {
        let (display, text, items, mut broken) = match file {
            Ok(parsed) => parsed,
            Err(failed) => {
                let (path, ids, error) = *failed;
                problems.list.push(Problem {
                    what: kind,
                    path,
                    ids,
                    error,
                });
                continue;
            }
        };
        problems.list.append(&mut broken);
        for (item, hashed) in items {
            let id = item.id().clone();
            let hash = match hashed {
                Ok(hash) => hash,
                Err(msg) => {
                    problems.list.push(Problem {
                        what: kind,
                        path: display.clone(),
                        ids: Some(vec![id.to_string()]),
                        error: Error::input(format!("{what} `{id}`: {msg}"))
                            .at(locate_id(&display, &text, &id)),
                    });
                    continue;
                }
            };
            if let Some(first) = out.get(&id) {
                let error = Error::input(format!(
                    "duplicate {what} id `{id}`: also defined in {}",
                    first.path.display()
                ))
                .at(locate_id(&display, &text, &id))
                .hint("ids must be unique within their kind; rename one of them");
                problems.list.push(Problem {
                    what: kind,
                    path: display.clone(),
                    ids: Some(vec![id.to_string()]),
                    error,
                });
                continue;
            }
            out.insert(
                id,
                Loaded {
                    item,
                    path: display.clone(),
                    hash,
                },
            );
        }
    }
    out
}

/// How deep folders nest under one content folder, and how many entries (files and folders)
/// it may hold in all, before the walk stops with an error: far above any real library, and a
/// bound on the walk whatever the content folder turns out to be.
pub const MAX_FOLDER_DEPTH: usize = 32;
pub const MAX_FOLDER_ENTRIES: usize = 200_000;

/// The most message ids, fact ids and Q&A entries one event may list.
pub const MAX_EVENT_MESSAGES: usize = 500;
pub const MAX_EVENT_FACTS: usize = 1000;
pub const MAX_EVENT_QA: usize = 500;

/// The largest content file (message, fact or event JSON) lectern reads (`capped::CONTENT`).
pub const MAX_CONTENT_BYTES: u64 = crate::capped::CONTENT.bytes;

/// Read a content file as UTF-8 text through the capped reader: at most `MAX_CONTENT_BYTES`,
/// regular files only.
pub fn read_content(path: &Path, display: &Path) -> Result<String> {
    crate::capped::read_text(path, display, crate::capped::CONTENT)
}

/// Where `"id": "<id>"` is written in `text`.
pub fn locate_id(path: &Path, text: &str, id: &Id) -> Origin {
    let needle = format!("\"{id}\"");
    let mut from = 0;
    while let Some(i) = text[from..].find(&needle) {
        let at = from + i;
        let before = text[..at].trim_end();
        if before.ends_with(':') && before[..before.len() - 1].trim_end().ends_with("\"id\"") {
            let loc = location_of(text, at);
            return Origin::at(path, loc.line, loc.column);
        }
        from = at + needle.len();
    }
    Origin::file(path)
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Items with an id.
pub trait HasId {
    fn id(&self) -> &Id;
}

impl HasId for Message {
    fn id(&self) -> &Id {
        &self.id
    }
}
impl HasId for Fact {
    fn id(&self) -> &Id {
        &self.id
    }
}
impl HasId for Event {
    fn id(&self) -> &Id {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_workspace_loads_without_errors() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let loading = Workspace::load_all(root).expect("settings load");
        let msgs: Vec<String> = loading.errors.iter().map(|e| format!("{e:?}")).collect();
        assert!(msgs.is_empty(), "{msgs:#?}");
        assert!(loading.workspace.messages.len() >= 12);
        assert!(loading.workspace.facts.len() >= 12);
        assert!(loading.workspace.events.len() >= 5);
    }

    #[test]
    fn an_id_points_at_its_definition() {
        let text = "[\n  {\n    \"id\": \"a-b\",\n    \"x\": \"a-b\"\n  }\n]";
        let o = locate_id(Path::new("f.json"), text, &Id::parse("a-b").unwrap());
        assert_eq!(o.to_string(), "f.json:3:11");
    }
}
