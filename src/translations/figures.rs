//! Figures agree across languages: the numbers each language's text states (read by
//! `numbers` with that language's conventions) must be the numbers of the source text, as a
//! multiset. A mismatch is a `check` error at the translation's text, naming the item, the
//! language and the numbers on each side. An outdated translation is left to its status: it
//! states the figures of the version it translates.

use std::path::Path;

use crate::check::Finding;
use crate::error::Origin;
use crate::jsonpos::{locate, Step};
use crate::library::{Lang, Loaded};
use crate::workspace::Workspace;

use super::numbers::{missing_from, read, Number};
use super::{state, State, Tracked};

/// One language whose numbers are not its source's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub lang: Lang,
    pub source: Lang,
    /// Numbers the translation states that the source does not.
    pub extra: Vec<Number>,
    /// Numbers of the source the translation does not state.
    pub missing: Vec<Number>,
}

/// Every language of `item` whose numbers differ from its source text's.
pub fn mismatches<T: Tracked>(item: &T) -> Vec<Mismatch> {
    let source = item.source();
    let Some(source_text) = item.texts().get(&source) else {
        return Vec::new();
    };
    let wanted = read(source_text, source);
    item.texts()
        .iter()
        // An outdated translation states an earlier version's figures: its status says so.
        .filter(|(l, _)| **l != source && !matches!(state(item, **l), State::Outdated { .. }))
        .filter_map(|(&lang, text)| {
            let got = read(text, lang);
            let extra = missing_from(&got, &wanted);
            let missing = missing_from(&wanted, &got);
            (!extra.is_empty() || !missing.is_empty()).then_some(Mismatch {
                lang,
                source,
                extra,
                missing,
            })
        })
        .collect()
}

fn list(ns: &[Number]) -> String {
    ns.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The check's findings for the whole library.
pub fn check(ws: &Workspace) -> Vec<Finding> {
    let mut out = Vec::new();
    for m in ws.messages.values() {
        findings(m, &mut out);
    }
    for f in ws.facts.values() {
        findings(f, &mut out);
    }
    out
}

fn findings<T: Tracked>(loaded: &Loaded<T>, out: &mut Vec<Finding>) {
    let found = mismatches(&loaded.item);
    if found.is_empty() {
        return;
    }
    let text = crate::capped::read_text(&loaded.path, &loaded.path, crate::capped::CONTENT).ok();
    let id = loaded.item.id();
    for m in found {
        let what = T::WHAT.name();
        let field = T::FIELD;
        let mut parts = Vec::new();
        if !m.extra.is_empty() {
            parts.push(format!("{} only in `{}`", list(&m.extra), m.lang));
        }
        if !m.missing.is_empty() {
            parts.push(format!("{} only in `{}`", list(&m.missing), m.source));
        }
        let at = origin(&loaded.path, text.as_deref(), id.as_str(), field, m.lang);
        out.push(
            Finding::error(
                "figures",
                format!(
                    "{what} `{id}`: the numbers of its `{}` {field} are not those of its `{}` source: {}",
                    m.lang,
                    m.source,
                    parts.join("; ")
                ),
            )
            .at(&at)
            .hint(format!(
                "correct the `{}` {field} (numbers are read as written in {}: {}), or the source",
                m.lang,
                m.lang,
                example(m.lang)
            )),
        );
    }
}

/// How `lang` writes 5500 and 3.5, for the hint.
fn example(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "5,500 and 3.5",
        Lang::Fr => "5 500 and 3,5",
        Lang::Es => "5.500 and 3,5",
        Lang::Ar => "٥٬٥٠٠ and ٣٫٥, or 5,500 and 3.5",
    }
}

fn origin(path: &Path, text: Option<&str>, id: &str, field: &str, lang: Lang) -> Origin {
    text.and_then(|t| locate(t, id, &[Step::Key(field), Step::Key(lang.code())]))
        .map_or_else(
            || Origin::file(path),
            |l| Origin::at(path, l.line, l.column),
        )
}
