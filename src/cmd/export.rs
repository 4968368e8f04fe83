//! `lectern export EVENT --kind K --format html [--version N] [-o FILE] [--force]`: a stored
//! version as web copy, from its Markdown text of record through the document model; a file
//! is written through `outfile` (never replaced without `--force`, never among versions).

use std::io::Write;

use super::{kind_of, lang_of, CmdResult, Context, Failure};
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::Error;
use crate::html::{self, PageMeta};
use crate::output::Paint;
use crate::render::l10n;

pub(super) fn run(ctx: &Context, args: ExportArgs) -> CmdResult {
    let place = super::history::locate(ctx, &args.event)?;
    let kind = choose_kind(&place, args.kind.map(kind_of), &args.event)?;
    // The language's versions: --lang, or the only language drafted (DESIGN.md §12).
    let store = place.track(kind, lang_of(args.lang), "export")?.store;
    let all = store.versions()?;
    let version = match args.version {
        Some(n) => all.iter().find(|v| v.number == n).cloned().ok_or_else(|| {
            let have: Vec<String> = all.iter().map(|v| v.number.to_string()).collect();
            Error::input(format!("{} {kind} has no version {n}", place.event_id))
                .hint(format!("versions stored: {}", have.join(", ")))
        })?,
        None => all.last().cloned().ok_or_else(|| {
            Error::input(format!("{} {kind} has no versions yet", place.event_id))
                .hint(format!("draft it first: lectern draft {}", place.event_id))
        })?,
    };
    let manifest = version.read_manifest()?;
    let text = crate::capped::read_text(
        &version.markdown,
        &version.markdown,
        crate::capped::STORED_MARKDOWN,
    )?;
    let doc = crate::document::parse::parse(&text, Vec::new());
    let pictures = crate::assets::pictures_of_version(&ctx.root, &version.markdown, &text, &doc)?;
    let lang = manifest.language;
    let label = |k: &str| l10n::label(lang, k).unwrap_or(k).to_string();
    let page = match args.format {
        ExportFormat::Html => html::page(
            &doc,
            &PageMeta {
                title: format!("{} · {kind}", place.event_id),
                lang,
                notes_label: label("notes"),
                back_label: label("back_to_text"),
                generator: crate::draft::TOOL_VERSION.to_string(),
            },
            &pictures,
        ),
    };
    match &args.output {
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error.
            let _ = stdout.write_all(page.as_bytes());
            let _ = stdout.flush();
        }
        Some(out) => {
            crate::outfile::write(out, page.as_bytes(), args.force, &place.output_dir)?;
            ctx.out.status(&format!(
                "{} {} ({} {kind} v{:03})",
                ctx.out.err(Paint::Ok, "wrote"),
                out.display(),
                place.event_id,
                version.number
            ));
        }
    }
    Ok(())
}

/// The kind to export: `--kind`, else the event's only drafted kind.
fn choose_kind(
    place: &super::history::Place,
    wanted: Option<crate::library::Kind>,
    event: &str,
) -> Result<crate::library::Kind, Failure> {
    if let Some(k) = wanted {
        return Ok(k);
    }
    match place.kinds.as_slice() {
        [k] => Ok(*k),
        [] => Err(Error::input(format!("{event} has no drafts yet"))
            .hint(format!("draft it first: lectern draft {event}"))
            .into()),
        many => {
            let names: Vec<&str> = many.iter().map(|k| k.name()).collect();
            Err(Error::input(format!(
                "{event} has drafts of several kinds: {}",
                names.join(", ")
            ))
            .hint(format!("choose one with --kind {}", names[0]))
            .into())
        }
    }
}
