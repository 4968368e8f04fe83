//! The languages of an event's drafts (DESIGN.md §12): its main `language` and its
//! `translations`, where each language's versions live, and which languages a command acts on
//! (`--lang`). The main language keeps the paths of §5 (`output/<event>/<kind>/`), so outputs
//! written before translations existed stay valid; a translation's versions live beside them,
//! in `output/<event>/<kind>.<lang>/` (`speech.fr`), which every reader of the output folder
//! that looks for kind folders by name skips or reads as a kind and a language.
//! Returns data; never prints.

use std::path::Path;

use crate::error::{Error, Origin, Result};
use crate::jsonpos::Node;
use crate::library::{Event, Kind, Lang, Loaded};
use crate::validate::Problem;
use crate::versions::Store;

/// Every language the event is drafted in: its `language`, then its `translations`.
pub fn of(ev: &Event) -> Vec<Lang> {
    let mut out = vec![ev.language];
    out.extend(
        ev.translations
            .iter()
            .copied()
            .filter(|l| *l != ev.language),
    );
    out
}

/// The name of the folder holding the versions of `kind` in `lang`, for an event whose main
/// language is `main`: `speech`, or `speech.fr` for a translation.
pub fn folder_name(kind: Kind, lang: Lang, main: Lang) -> String {
    if lang == main {
        kind.name().to_string()
    } else {
        format!("{}.{}", kind.name(), lang.code())
    }
}

/// A folder name under `output/<event>/`: the kind, and the language for a translation's
/// folder (`speech.fr`); `None` for anything else.
pub fn parse_folder_name(name: &str) -> Option<(Kind, Option<Lang>)> {
    if let Some(k) = Kind::parse(name) {
        return Some((k, None));
    }
    let (kind, lang) = name.rsplit_once('.')?;
    Some((Kind::parse(kind)?, Some(Lang::parse(lang)?)))
}

/// "speech" or "speech.fr": how a draft is named in the terminal, as its folder is.
pub fn label(kind: Kind, lang: Lang, main: Lang) -> String {
    folder_name(kind, lang, main)
}

/// The store of `kind` in `lang` for writing (see `Store::in_workspace`).
pub fn store_in_workspace(
    root: &Path,
    output: &str,
    event: &Event,
    kind: Kind,
    lang: Lang,
) -> Store {
    let store = Store::in_workspace(root, output, event.id.as_str(), kind);
    if lang == event.language {
        store
    } else {
        store.translation(lang)
    }
}

/// One language's history of a kind, as found under the output folder.
#[derive(Debug, Clone)]
pub struct Track {
    /// The language, when known: a translation's from its folder name, the main language's
    /// from the event or, when the event does not load, from its latest manifest.
    pub lang: Option<Lang>,
    /// `None` for the main language's folder (§5 paths).
    pub translation: Option<Lang>,
    pub store: Store,
}

/// The histories of `kind` for `event_id` under `output_dir`, main language first, then each
/// translation folder that exists, in language order. `main` is the event's language when the
/// event loads.
pub fn tracks(output_dir: &Path, event_id: &str, kind: Kind, main: Option<Lang>) -> Vec<Track> {
    let store = Store::new(output_dir, event_id, kind);
    let main = main.or_else(|| {
        store
            .versions()
            .ok()
            .and_then(|v| v.last().cloned())
            .and_then(|v| v.read_manifest().ok())
            .map(|m| m.language)
    });
    let mut out = vec![Track {
        lang: main,
        translation: None,
        store: store.clone(),
    }];
    for lang in Lang::ALL {
        if Some(lang) == main {
            continue;
        }
        let t = store.clone().translation(lang);
        if t.dir().is_dir() {
            out.push(Track {
                lang: Some(lang),
                translation: Some(lang),
                store: t,
            });
        }
    }
    out
}

/// What is known of an event whose history is read: its file and languages, when it loads.
#[derive(Debug, Clone)]
pub struct Known {
    pub path: std::path::PathBuf,
    pub langs: Vec<Lang>,
}

impl Known {
    pub fn of(event: &Loaded<Event>) -> Known {
        Known {
            path: event.path.clone(),
            langs: of(&event.item),
        }
    }
}

/// The tracks `--lang` picks: the one in `wanted`, or every one. An error when the event does
/// not have `wanted` (when it loads: not among its languages; else: no drafts in it).
pub fn pick(
    tracks: Vec<Track>,
    wanted: Option<Lang>,
    event_id: &str,
    known: Option<&Known>,
) -> Result<Vec<Track>> {
    let Some(wanted) = wanted else {
        return Ok(tracks);
    };
    if let Some(k) = known {
        check_has_in(event_id, &k.path, &k.langs, wanted)?;
    }
    let have: Vec<Track> = tracks
        .iter()
        .filter(|t| t.lang == Some(wanted))
        .cloned()
        .collect();
    if have.is_empty() {
        let known: Vec<&str> = tracks
            .iter()
            .filter(|t| t.store.versions().is_ok_and(|v| !v.is_empty()))
            .filter_map(|t| t.lang.map(Lang::code))
            .collect();
        return Err(Error::input(format!(
            "event `{event_id}` has no drafts in `{wanted}`{}",
            if known.is_empty() {
                String::new()
            } else {
                format!(" (its drafts: {})", known.join(", "))
            }
        ))
        .hint(format!(
            "draft it first: lectern draft {event_id} --lang {wanted}"
        )));
    }
    Ok(have)
}

/// The one track a command that acts on one version uses: the one `--lang` names, or the only
/// one there is; an error naming the languages when there are several and `--lang` is missing.
pub fn pick_one(
    tracks: Vec<Track>,
    wanted: Option<Lang>,
    event_id: &str,
    known: Option<&Known>,
    kind: Kind,
    command: &str,
) -> Result<Track> {
    let mut picked = pick(tracks, wanted, event_id, known)?;
    if wanted.is_none() {
        // Only the languages with versions (or the main one, which reports "no versions").
        let translations: Vec<&Track> = picked.iter().filter(|t| t.translation.is_some()).collect();
        if !translations.is_empty() {
            let mut langs: Vec<&str> = picked
                .iter()
                .filter_map(|t| t.lang.map(Lang::code))
                .collect();
            langs.dedup();
            let first = translations[0].lang.map_or("fr", Lang::code);
            return Err(Error::input(format!(
                "event `{event_id}` has {kind} drafts in several languages ({}): name one with --lang",
                langs.join(", ")
            ))
            .hint(format!(
                "lectern {command} {event_id} --kind {kind} --lang {first}, for instance"
            )));
        }
    }
    Ok(picked.remove(0))
}

/// An error when `--lang wanted` is not one of the event's languages.
pub fn check_has(event: &Loaded<Event>, wanted: Lang) -> Result<()> {
    check_has_in(
        event.item.id.as_str(),
        &event.path,
        &of(&event.item),
        wanted,
    )
}

/// `check_has`, for an event `id` in the file at `path` drafted in `langs`.
pub fn check_has_in(id: &str, path: &Path, langs: &[Lang], wanted: Lang) -> Result<()> {
    if langs.contains(&wanted) {
        return Ok(());
    }
    let listed: Vec<&str> = langs.iter().map(|l| l.code()).collect();
    Err(Error::input(format!(
        "event `{id}` is not drafted in `{wanted}` (its languages: {})",
        listed.join(", ")
    ))
    .at(Origin::file(path))
    .hint(format!(
        "add \"{wanted}\" to the event's `translations` to draft it in that language too"
    )))
}

/// The one language a command acting on one version of a loaded event uses: the one `--lang`
/// names, or the event's language when it has no translations; an error naming the languages
/// when it has some and `--lang` is missing.
pub fn one(event: &Loaded<Event>, wanted: Option<Lang>, kind: Kind, command: &str) -> Result<Lang> {
    if let Some(l) = wanted {
        check_has(event, l)?;
        return Ok(l);
    }
    let langs = of(&event.item);
    if langs.len() == 1 {
        return Ok(langs[0]);
    }
    let id = &event.item.id;
    let listed: Vec<&str> = langs.iter().map(|l| l.code()).collect();
    Err(Error::input(format!(
        "event `{id}` is drafted in several languages ({}): name one with --lang",
        listed.join(", ")
    ))
    .hint(format!(
        "lectern {command} {id} --kind {kind} --lang {} for the main language, --lang {} for a translation",
        langs[0], langs[1]
    )))
}

/// The languages `--lang` selects among the event's: the one named, or every one.
pub fn select(event: &Loaded<Event>, wanted: Option<Lang>) -> Result<Vec<Lang>> {
    match wanted {
        Some(l) => check_has(event, l).map(|()| vec![l]),
        None => Ok(of(&event.item)),
    }
}

/// Rules on an event's language fields that need more than one field, located: a translation
/// that is the event's own language, and a `lang` on a fact entry (only a message can be a
/// passage in another language). Unknown codes and duplicates are the validator's.
pub(crate) fn check_event(node: &Node, problems: &mut Vec<Problem>) {
    let main = node.get("language").and_then(Node::as_str);
    if let (Some(main), Some(list)) = (main, node.get("translations").and_then(Node::as_array)) {
        for t in list {
            if t.as_str() == Some(main) {
                problems.push(Problem {
                    message: format!(
                        "`translations` lists `{main}`, which is the event's `language`"
                    ),
                    at: t.at,
                    hints: vec![format!(
                        "`translations` names the other languages to draft in; remove `{main}` from it"
                    )],
                });
            }
        }
    }
    let mut lists: Vec<&Node> = node.get("facts").into_iter().collect();
    for qa in node.get("qa").and_then(Node::as_array).unwrap_or_default() {
        lists.extend(qa.get("facts"));
    }
    for entry in lists.iter().filter_map(|l| l.as_array()).flatten() {
        if let Some(lang) = entry.get("lang") {
            let id = entry.get("id").and_then(Node::as_str).unwrap_or("?");
            problems.push(Problem {
                message: format!(
                    "`lang` on fact `{id}`: only a message can be a passage in another language"
                ),
                at: lang.at,
                hints: vec![
                    "a fact is cited in the draft's language; remove `lang`, or add the event's language to `translations`".into(),
                ],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_round_trip() {
        for kind in Kind::ALL {
            for lang in Lang::ALL {
                let name = folder_name(kind, lang, Lang::En);
                let (k, l) = parse_folder_name(&name).unwrap();
                assert_eq!(k, kind);
                assert_eq!(l, (lang != Lang::En).then_some(lang));
            }
        }
        assert_eq!(folder_name(Kind::Speech, Lang::Fr, Lang::En), "speech.fr");
        assert_eq!(folder_name(Kind::Speech, Lang::En, Lang::En), "speech");
        for other in [
            "speech.de",
            "v001.json",
            "speeches",
            "speech.",
            ".fr",
            "speech.fr.fr",
        ] {
            assert_eq!(parse_folder_name(other), None, "{other}");
        }
    }
}
