//! `translations status`, `export` and `import` as data: the status of every item × language
//! with the events using it; the units of an export; an import checked unit by unit (unknown
//! items, another language, sources changed since the export) and planned as whole new file
//! texts, written only when every unit is accepted. Nothing here prints.

use std::path::{Path, PathBuf};

use crate::error::{Error, Origin};
use crate::library::{Date, Event, Fact, Id, Lang, Loaded, Message, TranslationRecord};
use crate::problems::What;
use crate::workspace::Workspace;

use super::edit::{self, Change};
use super::xliff::{self, Document, ReadUnit, Unit};
use super::{state, State, Tracked, Users};

/// One item's row of the status table.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub what: What,
    pub id: &'a Id,
    pub path: &'a Path,
    pub version: u32,
    pub source: Lang,
    pub tracked: bool,
    /// Every language, in `Lang::ALL` order.
    pub states: Vec<(Lang, State)>,
    /// The events that list the item.
    pub events: Vec<&'a Loaded<Event>>,
}

fn row<'a, T: Tracked>(loaded: &'a Loaded<T>, users: &Users<'a>) -> Row<'a> {
    let item = &loaded.item;
    Row {
        what: T::WHAT,
        id: item.id(),
        path: &loaded.path,
        version: item.version(),
        source: item.source(),
        tracked: item.records().is_some(),
        states: Lang::ALL.iter().map(|&l| (l, state(item, l))).collect(),
        events: users.get(T::WHAT, item.id()).to_vec(),
    }
}

/// Every message, then every fact, in id order.
pub fn status(ws: &Workspace) -> Vec<Row<'_>> {
    let users = Users::of(ws);
    ws.messages
        .values()
        .map(|m| row(m, &users))
        .chain(ws.facts.values().map(|f| row(f, &users)))
        .collect()
}

/// Which units an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    Outdated,
    Missing,
}

/// The XLIFF segment state a status is exported with.
pub fn segment_state(s: State) -> &'static str {
    match s {
        State::Missing | State::Outdated { .. } => "initial",
        State::Unreviewed | State::Untracked => "translated",
        State::Ok | State::Source => "reviewed",
    }
}

/// What an export holds, and how many items were left out because they are translated from
/// another language than `src`.
pub struct Export {
    pub document: Document,
    pub other_source: usize,
}

fn unit_of<T: Tracked>(
    root: &Path,
    loaded: &Loaded<T>,
    trg: Lang,
    name: Option<String>,
) -> Option<(Unit, State)> {
    let item = &loaded.item;
    let s = state(item, trg);
    let original = loaded
        .path
        .strip_prefix(root)
        .unwrap_or(&loaded.path)
        .to_string_lossy()
        .into_owned();
    Some((
        Unit {
            what: T::WHAT,
            item: item.id().clone(),
            original,
            name,
            source_version: item.version(),
            status: s.name().to_string(),
            state: segment_state(s).to_string(),
            source: item.texts().get(&item.source())?.clone(),
            target: item.texts().get(&trg).cloned(),
        },
        s,
    ))
}

/// The units translating `src` into `trg`, filtered by `only`.
pub fn export(ws: &Workspace, src: Lang, trg: Lang, only: Option<Only>) -> Export {
    let mut units = Vec::new();
    let mut other_source = 0;
    let keep = |s: State| match only {
        None => true,
        Some(Only::Outdated) => matches!(s, State::Outdated { .. }),
        Some(Only::Missing) => s == State::Missing,
    };
    let messages = ws.messages.values().map(|m| {
        (
            m.item.source(),
            unit_of(&ws.root, m, trg, Some(m.item.title.clone())),
        )
    });
    let facts = ws.facts.values().map(|f| {
        (
            f.item.source(),
            unit_of(&ws.root, f, trg, f.item.topic.clone()),
        )
    });
    for (source, unit) in messages.chain(facts) {
        if source == trg {
            continue;
        }
        if source != src {
            other_source += 1;
            continue;
        }
        if let Some((u, s)) = unit {
            if keep(s) {
                units.push(u);
            }
        }
    }
    Export {
        document: Document { src, trg, units },
        other_source,
    }
}

/// An import ready to write: the new text of each content file that changes.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<(PathBuf, String)>,
    /// Units whose text (or only their record) is written.
    pub written: Vec<String>,
    /// Units with no target, or nothing new.
    pub untouched: usize,
    /// Warnings to show (numbers that differ from the source, say).
    pub warnings: Vec<String>,
}

/// The item a unit names, or a located error with the closest id.
fn find<'a, T: Tracked>(
    items: &'a std::collections::BTreeMap<Id, Loaded<T>>,
    u: &ReadUnit,
) -> Result<&'a Loaded<T>, Error> {
    items.get(&u.unit.item).ok_or_else(|| {
        let name = T::WHAT.name();
        Error::input(format!(
            "unit `{}`: there is no {name} `{}` in the library",
            u.unit.id(),
            u.unit.item
        ))
        .at(u.origin.clone())
        .hint(crate::suggest::hint(
            u.unit.item.as_str(),
            items.keys().map(Id::as_str),
            "the file may come from another workspace",
        ))
    })
}

/// What to do with one unit: an error, a refusal (its source changed), or a change (or none).
enum Verdict {
    Error(Error),
    Changed(String),
    Apply(Option<Change>, PathBuf, Option<String>),
}

fn judge<T: Tracked>(
    loaded: &Loaded<T>,
    u: &ReadUnit,
    src: Lang,
    trg: Lang,
    by: &str,
    on: Date,
) -> Verdict {
    let item = &loaded.item;
    let id = u.unit.id();
    if item.source() != src {
        return Verdict::Error(
            Error::input(format!(
                "unit `{id}`: {} `{}` is translated from `{}`, the file from `{src}`",
                T::WHAT.name(),
                item.id(),
                item.source()
            ))
            .at(u.origin.clone())
            .hint(format!(
                "export it with `lectern translations export --lang {trg} --from {}`",
                item.source()
            )),
        );
    }
    if trg == src {
        return Verdict::Error(
            Error::input(format!(
                "unit `{id}`: the file translates `{src}` into itself"
            ))
            .at(u.origin.clone()),
        );
    }
    let current = item.texts().get(&src).map(String::as_str).unwrap_or("");
    if item.version() != u.unit.source_version || current != u.unit.source {
        let why = if item.version() != u.unit.source_version {
            format!(
                "exported at version {}, now at version {}",
                u.unit.source_version,
                item.version()
            )
        } else {
            format!("its `{src}` text changed under version {}", item.version())
        };
        return Verdict::Changed(format!("{id} ({why})"));
    }
    let target = match &u.unit.target {
        Some(t) if !t.trim().is_empty() => t,
        _ => return Verdict::Apply(None, loaded.path.clone(), None),
    };
    let record = TranslationRecord {
        of_version: u.unit.source_version,
        by: by.to_string(),
        on,
    };
    let existing = item.texts().get(&trg);
    let change = if existing.map(String::as_str) != Some(target.as_str()) {
        Some(Change {
            item: item.id().to_string(),
            field: T::FIELD,
            lang: trg,
            text: Some(target.clone()),
            record,
        })
    } else {
        // The same text: recorded only when the translator marked the unit anew (an outdated
        // text confirmed for the new version, an unreviewed one reviewed).
        let exported = u.unit.status.as_str().to_string();
        let was = match exported.as_str() {
            "missing" | "outdated" => "initial",
            "unreviewed" | "untracked" => "translated",
            _ => "reviewed",
        };
        let confirmed = matches!(u.unit.state.as_str(), "translated" | "reviewed" | "final")
            && u.unit.state != was;
        confirmed.then(|| Change {
            item: item.id().to_string(),
            field: T::FIELD,
            lang: trg,
            text: None,
            record,
        })
    };
    // Numbers that do not agree with the source: said, not refused (check reports it too).
    let warning = change.as_ref().and_then(|_| {
        let a = super::numbers::read(target, trg);
        let b = super::numbers::read(current, src);
        let extra = super::numbers::missing_from(&a, &b);
        let missing = super::numbers::missing_from(&b, &a);
        (!extra.is_empty() || !missing.is_empty()).then(|| {
            format!(
                "unit `{id}`: the numbers of the `{trg}` text are not those of the `{src}` source ({})",
                [
                    (!extra.is_empty()).then(|| format!("{} only in `{trg}`", join(&extra))),
                    (!missing.is_empty()).then(|| format!("{} only in `{src}`", join(&missing))),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; ")
            )
        })
    });
    // The first record starts tracking: the item's other translations become unreviewed.
    let starts = change.is_some() && item.records().is_none();
    let others: Vec<&str> = item
        .texts()
        .keys()
        .filter(|l| starts && **l != src && **l != trg)
        .map(|l| l.code())
        .collect();
    let warning = match (warning, others.is_empty()) {
        (w, true) => w,
        (w, false) => Some(
            w.into_iter()
                .chain(std::iter::once(format!(
                    "{} `{}` now tracks its translations: its {} text{} no record yet (unreviewed until imported or recorded)",
                    T::WHAT.name(),
                    item.id(),
                    and_list(&others.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>()),
                    if others.len() == 1 { " has" } else { "s have" }
                )))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    };
    Verdict::Apply(change, loaded.path.clone(), warning)
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn join(ns: &[super::numbers::Number]) -> String {
    ns.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Check an XLIFF file against the library and plan the writes. Input errors (not XLIFF,
/// another language, unknown ids) come first; then units whose source changed since the
/// export are refused together, naming each. Either way nothing is planned.
pub fn plan_import(
    ws: &Workspace,
    path: &Path,
    text: &str,
    lang: Option<Lang>,
    by: &str,
    on: Date,
) -> Result<Plan, Vec<Error>> {
    let doc = xliff::read(path, text)?;
    if let Some(l) = lang {
        if doc.trg != l {
            let at = crate::error::location_of(text, text.find("<xliff").unwrap_or(0));
            return Err(vec![Error::input(format!(
                "{} translates into `{}`, not `{l}`",
                path.display(),
                doc.trg
            ))
            .at(Origin::at(path, at.line, at.column))
            .hint(format!(
                "import the `{l}` file, or leave out --lang to import into `{}`",
                doc.trg
            ))]);
        }
    }
    let mut errors = Vec::new();
    let mut changed = Vec::new();
    let mut by_file: Vec<(PathBuf, Vec<Change>)> = Vec::new();
    let mut plan = Plan::default();
    let mut seen = std::collections::HashSet::new();
    for u in &doc.units {
        if !seen.insert(u.unit.id()) {
            errors.push(
                Error::input(format!("unit `{}` is given twice", u.unit.id()))
                    .at(u.origin.clone())
                    .hint("keep one of them"),
            );
            continue;
        }
        let verdict = match u.unit.what {
            What::Message => {
                find::<Message>(&ws.messages, u).map(|m| judge(m, u, doc.src, doc.trg, by, on))
            }
            _ => find::<Fact>(&ws.facts, u).map(|f| judge(f, u, doc.src, doc.trg, by, on)),
        };
        match verdict {
            Err(e) | Ok(Verdict::Error(e)) => errors.push(e),
            Ok(Verdict::Changed(c)) => changed.push(c),
            Ok(Verdict::Apply(None, _, _)) => plan.untouched += 1,
            Ok(Verdict::Apply(Some(c), file, warning)) => {
                plan.written.push(u.unit.id());
                plan.warnings.extend(warning);
                match by_file.iter_mut().find(|(p, _)| *p == file) {
                    Some((_, list)) => list.push(c),
                    None => by_file.push((file, vec![c])),
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if !changed.is_empty() {
        let n = changed.len();
        return Err(vec![Error::refused(format!(
            "{n} unit{} of {} translate{} a source that changed since the export: {}",
            if n == 1 { "" } else { "s" },
            path.display(),
            if n == 1 { "s" } else { "" },
            changed.join(", ")
        ))
        .hint(format!(
            "nothing was written; export again (`lectern translations export --lang {}`) and translate the new source",
            doc.trg
        ))]);
    }
    for (file, changes) in by_file {
        let old =
            crate::capped::read_text(&file, &file, crate::capped::CONTENT).map_err(|e| vec![e])?;
        let new = edit::apply(&old, &changes).map_err(|why| {
            vec![Error::input(format!(
                "cannot write {}: {why}",
                file.display()
            ))]
        })?;
        // The edited file must load exactly as before, with the new texts.
        let reloaded = if changes.first().map(|c| c.field) == Some("text") {
            crate::content::read_items::<Message>(&file, &new).1
        } else {
            crate::content::read_items::<Fact>(&file, &new).1
        };
        if let Some(e) = reloaded.into_iter().next() {
            return Err(vec![Error::input(format!(
                "the translated text would not load, so nothing was written: {}",
                e.message()
            ))
            .at(Origin::file(&file))]);
        }
        if new != old {
            plan.files.push((file, new));
        }
    }
    Ok(plan)
}

/// Write the planned files, each whole (a temporary file renamed over it), never following a
/// link below the workspace root.
pub fn commit(root: &Path, plan: &Plan) -> Result<(), Error> {
    for (file, text) in &plan.files {
        let rel = file.strip_prefix(root).unwrap_or(file);
        let (Some(parent), Some(name)) = (rel.parent(), rel.file_name().and_then(|n| n.to_str()))
        else {
            return Err(Error::input(format!("cannot write {}", file.display())));
        };
        let io = |e: std::io::Error| Error::input(format!("cannot write {}: {e}", file.display()));
        let folder = crate::safefs::Folder::inside(root, parent, false, io)?.ok_or_else(|| {
            Error::input(format!(
                "cannot write {}: its folder is gone",
                file.display()
            ))
        })?;
        folder.place_replace(name, text.as_bytes()).map_err(io)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A message file in one of two layouts, with `texts` by language and, optionally, records.
    fn file(texts: &[(Lang, String)], tracked: bool, pretty: bool) -> String {
        let lit = |s: &str| serde_json::to_string(s).unwrap();
        let text: Vec<String> = texts
            .iter()
            .map(|(l, t)| format!("\"{l}\": {}", lit(t)))
            .collect();
        let records: Vec<String> = texts
            .iter()
            .skip(1)
            .map(|(l, _)| {
                format!("\"{l}\": {{\"of_version\": 2, \"by\": \"T\", \"on\": \"2026-01-01\"}}")
            })
            .collect();
        let tracking = if tracked {
            format!(", \"translations\": {{{}}}", records.join(", "))
        } else {
            String::new()
        };
        let one = format!(
            "{{\"id\": \"m\", \"title\": \"T\", \"topic\": \"t\", \"status\": \"approved\", \"approved_by\": \"A\", \"approved_on\": \"2026-01-01\", \"version\": 2, \"text\": {{{}}}{tracking}}}",
            text.join(", ")
        );
        if pretty {
            let v: serde_json::Value = serde_json::from_str(&one).unwrap();
            format!("[\n{}\n]\n", serde_json::to_string_pretty(&v).unwrap())
        } else {
            format!("[{one}]")
        }
    }

    fn any_text() -> impl Strategy<Value = String> {
        // Quotes, backslashes, line breaks, control characters, no-break spaces, Arabic, markup.
        proptest::string::string_regex("[a-zé \"\\\\\n\r\t\u{1}\u{A0}\u{202F}<>&ب٣؟]{0,40}")
            .unwrap()
            .prop_map(|t| format!("a{t}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Exporting a language and importing the file untouched writes nothing: every file
        /// stays byte for byte as it was.
        #[test]
        fn export_then_import_without_changes_writes_nothing(
            en in any_text(),
            others in proptest::collection::vec(any_text(), 0..4),
            tracked in proptest::bool::ANY,
            pretty in proptest::bool::ANY,
            trg in 1usize..4,
        ) {
            let langs = [Lang::En, Lang::Fr, Lang::Es, Lang::Ar];
            let mut texts = vec![(Lang::En, en)];
            for (i, t) in others.into_iter().take(3).enumerate() {
                texts.push((langs[i + 1], t));
            }
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(dir.path().join("snippets/messages")).unwrap();
            let path = dir.path().join("snippets/messages/m.json");
            let original = file(&texts, tracked, pretty);
            std::fs::write(&path, &original).unwrap();
            let ws = Workspace::load_all(dir.path()).unwrap();
            prop_assert!(ws.errors.is_empty(), "{:?}", ws.errors);
            let ws = ws.workspace;
            let trg = langs[trg];
            let doc = export(&ws, Lang::En, trg, None).document;
            prop_assert_eq!(doc.units.len(), 1);
            let xlf = xliff::write(&doc);
            let date = Date::parse("2026-11-21").unwrap();
            let plan = plan_import(&ws, Path::new("x.xlf"), &xlf, None, "T", date).unwrap();
            prop_assert!(plan.files.is_empty(), "{:?}", plan.files);
            commit(dir.path(), &plan).unwrap();
            prop_assert_eq!(std::fs::read_to_string(&path).unwrap(), original);

            // A new target goes in as written and is read back by the loader.
            let mut changed = doc.clone();
            changed.units[0].target = Some(format!("{}+", changed.units[0].source));
            let xlf = xliff::write(&changed);
            let plan = plan_import(&ws, Path::new("x.xlf"), &xlf, None, "T", date).unwrap();
            commit(dir.path(), &plan).unwrap();
            let ws = Workspace::load_all(dir.path()).unwrap();
            prop_assert!(ws.errors.is_empty(), "{:?}", ws.errors);
            let m = &ws.workspace.messages[&Id::parse("m").unwrap()].item;
            prop_assert_eq!(&m.text[&trg], changed.units[0].target.as_ref().unwrap());
            prop_assert_eq!(m.translations.as_ref().unwrap()[&trg].of_version, 2);
        }
    }
}
