//! `lectern translations status | export | import`: the status table (or JSON), XLIFF out to
//! standard output or a file, XLIFF back into the content files with a one-line report.

use super::list::{lang_of, Cell, Table};
use super::{parse_date, CmdResult, Context, Failure};
use crate::cli::{Format, OnlyArg, TranslationsCommand};
use crate::error::Error;
use crate::library::{Date, Lang};
use crate::output::Paint;
use crate::translations::exchange::{self, Only, Row};
use crate::translations::{xliff, State};

pub(super) fn run(ctx: &Context, command: TranslationsCommand) -> CmdResult {
    match command {
        TranslationsCommand::Status { lang, format } => status(ctx, lang.map(lang_of), format),
        TranslationsCommand::Export {
            lang,
            only,
            from,
            output,
            force,
        } => {
            let ws = ctx.workspace()?;
            let trg = lang_of(lang);
            let src = from.map_or(crate::translations::DEFAULT_SOURCE, lang_of);
            if src == trg {
                return Err(Error::input(format!(
                    "--lang {trg} is the source language: there is nothing to translate into it"
                ))
                .hint("name the language to translate into, or the source with --from")
                .into());
            }
            let only = only.map(|o| match o {
                OnlyArg::Outdated => Only::Outdated,
                OnlyArg::Missing => Only::Missing,
            });
            let export = exchange::export(&ws, src, trg, only);
            let n = export.document.units.len();
            if n == 0 {
                // XLIFF needs at least one unit: say so rather than write an empty file.
                let what = match only {
                    Some(Only::Outdated) => "outdated ",
                    Some(Only::Missing) => "missing ",
                    None => "",
                };
                ctx.out.status(&format!(
                    "nothing to export: no {what}`{trg}` texts translated from `{src}`"
                ));
                return Ok(());
            }
            let text = xliff::write(&export.document);
            match &output {
                Some(path) => {
                    crate::outfile::write(path, text.as_bytes(), force, &ws.output_dir())?;
                    ctx.out.status(&format!(
                        "wrote {n} unit{} ({src} → {trg}) to {}",
                        if n == 1 { "" } else { "s" },
                        path.display()
                    ));
                }
                None => {
                    super::write_stdout(text.as_bytes())
                        .map_err(|e| Error::input(format!("cannot write: {e}")))?;
                }
            }
            if export.other_source > 0 {
                ctx.out.warning(&format!(
                    "{} item{} translated from another language than `{src}` left out (export them with --from)",
                    export.other_source,
                    if export.other_source == 1 { " is" } else { "s are" }
                ));
            }
            Ok(())
        }
        TranslationsCommand::Import { file, by, on, lang } => {
            let ws = ctx.workspace()?;
            if by.trim().is_empty() {
                return Err(Error::input("--by: name who translated or reviewed the texts").into());
            }
            let on = match on {
                Some(s) => parse_date("--on", &s)?,
                None => ctx.today(),
            };
            let text = crate::capped::read_text(&file, &file, crate::capped::CONTENT)?;
            let plan = exchange::plan_import(&ws, &file, &text, lang.map(lang_of), &by, Date(on))
                .map_err(Failure::Many)?;
            for w in plan.warnings.iter().flat_map(|w| w.lines()) {
                ctx.out.warning(w);
            }
            exchange::commit(&ws.root, &plan)?;
            let n = plan.written.len();
            let files = plan.files.len();
            ctx.out.status(&if n == 0 {
                format!(
                    "nothing to import: {} unit{} with no new translation",
                    plan.untouched,
                    if plan.untouched == 1 { "" } else { "s" }
                )
            } else {
                format!(
                    "imported {n} translation{} into {files} file{} (by {by}, on {on}); {} unit{} unchanged",
                    if n == 1 { "" } else { "s" },
                    if files == 1 { "" } else { "s" },
                    plan.untouched,
                    if plan.untouched == 1 { "" } else { "s" },
                )
            });
            Ok(())
        }
    }
}

fn paint(s: State) -> Option<Paint> {
    match s {
        State::Ok => Some(Paint::Ok),
        State::Outdated { .. } => Some(Paint::Error),
        State::Unreviewed => Some(Paint::Warning),
        State::Missing | State::Source | State::Untracked => Some(Paint::Dim),
    }
}

/// The word in a cell: outdated says which version it translates.
fn cell(s: State) -> String {
    match s {
        State::Outdated { of_version } => format!("outdated (v{of_version})"),
        s => s.name().to_string(),
    }
}

fn status(ctx: &Context, lang: Option<Lang>, format: Format) -> CmdResult {
    let ws = ctx.workspace()?;
    let rows = exchange::status(&ws);
    let langs: Vec<Lang> = match lang {
        Some(l) => vec![l],
        None => Lang::ALL.to_vec(),
    };
    let shown = |r: &Row<'_>| -> Vec<(Lang, State)> {
        r.states
            .iter()
            .copied()
            .filter(|(l, _)| langs.contains(l))
            .collect()
    };
    match format {
        Format::Json => {
            let items: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let languages: serde_json::Map<String, serde_json::Value> = shown(r)
                        .into_iter()
                        .map(|(l, s)| {
                            let mut v = serde_json::json!({ "state": s.name() });
                            if let State::Outdated { of_version } = s {
                                v["of_version"] = of_version.into();
                            }
                            (l.code().to_string(), v)
                        })
                        .collect();
                    serde_json::json!({
                        "kind": r.what.name(),
                        "id": r.id.as_str(),
                        "file": r.path.display().to_string(),
                        "version": r.version,
                        "source_lang": r.source.code(),
                        "tracked": r.tracked,
                        "languages": languages,
                        "events": r.events.iter().filter(|e| lang.map_or(true, |l| crate::languages::of(&e.item).contains(&l))).map(|e| {
                            let mut v = serde_json::json!({
                                "id": e.item.id.as_str(),
                                "language": e.item.language.code(),
                            });
                            // The languages it is translated into (§12), when it has some.
                            if !e.item.translations.is_empty() {
                                v["translations"] = serde_json::json!(e.item.translations);
                            }
                            v
                        }).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&items)
                .map_err(|e| Error::input(format!("cannot write JSON: {e}")))?;
            text.push('\n');
            super::write_stdout(text.as_bytes())
                .map_err(|e| Error::input(format!("cannot write: {e}")))?;
        }
        Format::Human => {
            let mut header: Vec<&'static str> = vec!["ITEM", "V"];
            header.extend(langs.iter().map(|l| match l {
                Lang::En => "EN",
                Lang::Fr => "FR",
                Lang::Es => "ES",
                Lang::Ar => "AR",
            }));
            header.push("EVENTS");
            let mut t = Table::new(&header);
            for r in &rows {
                let mut cells = vec![
                    Cell::plain(format!("{} {}", r.what.name(), r.id)),
                    Cell::plain(r.version.to_string()),
                ];
                cells.extend(
                    shown(r)
                        .into_iter()
                        .map(|(_, s)| Cell::new(cell(s), paint(s))),
                );
                // For one language, the events drafted in it (those its status concerns).
                let events: Vec<String> = r
                    .events
                    .iter()
                    // An event is drafted in its language and its translations (§12).
                    .filter(|e| lang.map_or(true, |l| crate::languages::of(&e.item).contains(&l)))
                    .map(|e| match lang {
                        Some(_) => e.item.id.to_string(),
                        None => {
                            let langs: Vec<&str> = crate::languages::of(&e.item)
                                .iter()
                                .map(|l| l.code())
                                .collect();
                            format!("{} ({})", e.item.id, langs.join(", "))
                        }
                    })
                    .collect();
                cells.push(Cell::plain(if events.is_empty() {
                    "-".to_string()
                } else {
                    events.join(", ")
                }));
                t.row(cells);
            }
            t.print(ctx);
            // What needs doing, in one line.
            let mut counts = [0usize; 4];
            for r in &rows {
                for (_, s) in shown(r) {
                    match s {
                        State::Ok => counts[0] += 1,
                        State::Outdated { .. } => counts[1] += 1,
                        State::Unreviewed => counts[2] += 1,
                        State::Missing => counts[3] += 1,
                        _ => {}
                    }
                }
            }
            let untracked = rows.iter().filter(|r| !r.tracked).count();
            ctx.out.status(&format!(
                "{} items: {} ok, {} outdated, {} unreviewed, {} missing; {untracked} not tracked",
                rows.len(),
                counts[0],
                counts[1],
                counts[2],
                counts[3]
            ));
        }
    }
    Ok(())
}
