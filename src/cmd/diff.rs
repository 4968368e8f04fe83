//! `lectern diff`: compare two versions of an event's draft (their `.md` text of record and
//! manifests), or any two `.docx` / `.md` / `.txt` files; print the result in the chosen
//! format and, with `--redline`, write a DOCX with tracked changes.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{kind_of, CmdResult, Context, Failure};
use crate::cli::{DiffArgs, DiffFormat};
use crate::diff::json::Side;
use crate::diff::show::Labels;
use crate::diff::source::Paragraphs;
use crate::diff::{self, InputChange};
use crate::error::Error;
use crate::library::Kind;
use crate::output::Paint;
use crate::settings::Settings;
use crate::versions::{Store, Version};

/// One side of the comparison, loaded.
struct Loaded {
    /// Its paragraphs and title; the paragraphs move into the diff.
    text: Paragraphs,
    label: String,
    version: Option<u32>,
    /// The draft's language, from its manifest (event diffs).
    lang: Option<crate::library::Lang>,
}

pub(super) fn run(ctx: &Context, args: DiffArgs) -> CmdResult {
    // The redline author of an event's versions; for files it is looked up only when a
    // redline is written (it may mean reading the workspace settings).
    let (mut old, mut new, inputs, event_author) = match args.targets.as_slice() {
        [a, b] => {
            if args.kind.is_some() || args.from.is_some() || args.to.is_some() {
                return Err(Error::input(
                    "--kind, --from and --to apply to an event, not to files",
                )
                .hint("compare files with `lectern diff FILE_A FILE_B`")
                .into());
            }
            let (a, b) = (PathBuf::from(a), PathBuf::from(b));
            let mut buf = Vec::new();
            let old = file(&a, &mut buf)?;
            let new = file(&b, &mut buf)?;
            drop(buf);
            (old, new, None, None)
        }
        [event] => {
            let (old, new, inputs, author) = versions(ctx, event, &args)?;
            (old, new, Some(inputs), Some(author))
        }
        _ => return Err(Error::input("diff takes an event id, or two files to compare").into()),
    };

    // Two DOCX files: their headers and footers are compared too (an embargo time edited
    // there is a change), after the body. A redline holds the body only.
    let (fo, fn_) = (&mut old.text.furniture, &mut new.text.furniture);
    if !fo.is_empty() && !fn_.is_empty() && args.redline.is_none() {
        old.text.paras.append(fo);
        new.text.paras.append(fn_);
    }
    let d = diff::diff_paras(
        std::mem::take(&mut old.text.paras),
        std::mem::take(&mut new.text.paras),
    );
    let labels = Labels {
        old: old.label.clone(),
        new: new.label.clone(),
    };
    let paint = |p: Paint, s: &str| ctx.out.out(p, s);
    let color = ctx.out.color_stdout;
    let no_inputs: &[InputChange] = &[];
    let inputs_slice = inputs.as_deref().unwrap_or(no_inputs);
    let text = match args.format {
        DiffFormat::Human => diff::show::human(&d, &labels, inputs_slice, &paint, color),
        DiffFormat::Unified => diff::show::unified(&d, &labels, inputs_slice, &paint, color),
        DiffFormat::Stat => diff::show::stat(&d, &labels, inputs_slice, &paint),
        DiffFormat::Json => {
            let side = |l: &Loaded, n: usize| Side {
                label: l.label.clone(),
                version: l.version,
                paragraphs: n,
            };
            let v = diff::json::to_json(
                &d,
                side(&old, d.old.len()),
                side(&new, d.new.len()),
                inputs.as_deref(),
            );
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    print(&text);

    if let Some(out) = &args.redline {
        let author = match (&args.author, event_author) {
            (Some(a), _) => a.clone(),
            (None, Some(a)) => a,
            (None, None) => file_author(ctx),
        };
        redline(ctx, &d, out, &author, &new)?;
    }
    Ok(())
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn print(s: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(s.as_bytes());
    let _ = stdout.flush();
}

fn file(path: &Path, buf: &mut Vec<u8>) -> Result<Loaded, Failure> {
    if path.is_dir() {
        return Err(
            Error::input(format!("{} is a folder, not a file", path.display()))
                .hint("compare two files, or give an event id to compare its last two versions")
                .into(),
        );
    }
    if !path.exists() {
        return Err(Error::input(format!("no such file: {}", path.display())).into());
    }
    Ok(Loaded {
        text: diff::source::load_paragraphs(path, buf)?,
        label: path.display().to_string(),
        version: None,
        lang: None,
    })
}

/// The redline author when comparing files: the workspace's author setting when run inside a
/// workspace, else "lectern".
fn file_author(ctx: &Context) -> String {
    if ctx.root.join(Settings::FILE).is_file() || ctx.root.join("events").is_dir() {
        if let Ok(s) = Settings::load(&ctx.root) {
            return s.author;
        }
    }
    "lectern".into()
}

/// Compare two stored versions of an event.
fn versions(
    ctx: &Context,
    event: &str,
    args: &DiffArgs,
) -> Result<(Loaded, Loaded, Vec<InputChange>, String), Failure> {
    let path = Path::new(event);
    if diff::source::Format::of(path).is_some() && path.is_file() {
        return Err(Error::input(format!(
            "{event} is a file: give a second file to compare it with"
        ))
        .hint("lectern diff FILE_A FILE_B")
        .into());
    }
    let place = super::history::locate(ctx, event)?;
    let kind = choose_kind(&place, args.kind.map(kind_of), event)?;
    let store = Store::new(&place.output_dir, &place.event_id, kind);
    let all = store.versions()?;
    let find = |n: u32| -> Result<Version, Failure> {
        all.iter().find(|v| v.number == n).cloned().ok_or_else(|| {
            let have: Vec<String> = all.iter().map(|v| v.number.to_string()).collect();
            Failure::One(
                Error::input(format!("{} {kind} has no version {n}", place.event_id))
                    .hint(format!("versions stored: {}", have.join(", "))),
            )
        })
    };
    let to = match args.to {
        Some(n) => find(n)?,
        None => all.last().cloned().ok_or_else(|| {
            Failure::One(
                Error::input(format!("{} {kind} has no versions yet", place.event_id))
                    .hint(format!("draft it first: lectern draft {}", place.event_id)),
            )
        })?,
    };
    let from = match args.from {
        Some(n) => find(n)?,
        None => all
            .iter()
            .rev()
            .find(|v| v.number < to.number)
            .cloned()
            .ok_or_else(|| {
                Failure::One(
                    Error::input(format!(
                        "{} {kind} has only version {} before --to: nothing to compare",
                        place.event_id, to.number
                    ))
                    .hint("draft again after a change, or compare with --from N --to M"),
                )
            })?,
    };
    let (from_m, to_m) = (from.read_manifest(), to.read_manifest());
    let load = |v: &Version, lang: Option<crate::library::Lang>| -> Result<Loaded, Failure> {
        let md = std::fs::read_to_string(&v.markdown)
            .map_err(|e| Error::io("cannot read", &v.markdown, e))?;
        Ok(Loaded {
            text: diff::source::document_paragraphs(diff::source::markdown(&md)),
            label: format!("{} {kind} v{:03}", place.event_id, v.number),
            version: Some(v.number),
            lang,
        })
    };
    let old = load(&from, from_m.as_ref().ok().map(|m| m.language))?;
    let new = load(&to, to_m.as_ref().ok().map(|m| m.language))?;
    let inputs = match (from_m, to_m) {
        (Ok(a), Ok(b)) => diff::input_changes(&a, &b),
        (Err(e), _) | (_, Err(e)) => {
            ctx.out
                .warning(&format!("input changes unknown: {}", e.message()));
            Vec::new()
        }
    };
    Ok((old, new, inputs, place.author.clone()))
}

fn choose_kind(
    place: &super::history::Place,
    wanted: Option<Kind>,
    event: &str,
) -> Result<Kind, Failure> {
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

/// Write the redline atomically: a temporary file beside the target, then a rename.
fn redline(
    ctx: &Context,
    d: &diff::Diff,
    out: &Path,
    author: &str,
    new: &Loaded,
) -> Result<(), Failure> {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned());
    if let Some(name) = &name {
        if crate::versions::parse_version_name(name, "docx").is_some() && out.exists() {
            return Err(Error::input(format!(
                "{} is a stored version; a redline never replaces one",
                out.display()
            ))
            .hint("write the redline elsewhere, e.g. --redline redline.docx")
            .into());
        }
    }
    let title = new.text.title.clone().unwrap_or_else(|| new.label.clone());
    let bytes = crate::docx::redline(
        d,
        &crate::docx::RedlineMeta {
            author: author.to_string(),
            date: chrono::Utc::now(),
            title,
            lang: new.lang,
        },
    )?;
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".lectern-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io("cannot create a temporary file in", &dir, e))?;
    tmp.write_all(&bytes)
        .map_err(|e| Error::io("cannot write", tmp.path(), e))?;
    tmp.persist(out)
        .map_err(|e| Error::io("cannot write", out, e.error))?;
    ctx.out.status(&format!(
        "{} {} (tracked changes by {author})",
        ctx.out.err(Paint::Ok, "wrote"),
        out.display()
    ));
    Ok(())
}
