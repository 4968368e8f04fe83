//! `lectern diff`: compare two versions of an event's draft (their `.md` text of record and
//! manifests), or any two `.docx` / `.md` / `.txt` files; print the result in the chosen
//! format and, with `--redline`, write a DOCX with tracked changes.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{kind_of, lang_of, CmdResult, Context, Failure};
use crate::cli::{DiffArgs, DiffFormat, VersionArg};
use crate::diff::json::Side;
use crate::diff::show::Labels;
use crate::diff::source::Paragraphs;
use crate::diff::{self, InputChange};
use crate::error::Error;
use crate::html::review;
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
    /// What the review page says about it: how it came to be, who edited, comments.
    review: review::Provenance,
    /// The version folder (`speech`, `speech.fr`) of a stored version: the review page's
    /// section id, unique within an event.
    folder: Option<String>,
    /// Where it was read from, for the redline.
    source: crate::redline::Source,
    /// The document itself, kept for the redline when one is asked for (read once).
    side: Option<crate::redline::Side>,
}

pub(super) fn run(ctx: &Context, args: DiffArgs) -> CmdResult {
    match args.targets.as_slice() {
        [a, b] => {
            if args.kind.is_some()
                || args.from.is_some()
                || args.to.is_some()
                || args.lang.is_some()
            {
                return Err(Error::input(
                    "--kind, --lang, --from and --to apply to an event, not to files",
                )
                .hint("compare files with `lectern diff FILE_A FILE_B`")
                .into());
            }
            let (a, b) = (PathBuf::from(a), PathBuf::from(b));
            let mut buf = Vec::new();
            let keep = args.redline.is_some();
            let mut old = file(&a, &mut buf, keep)?;
            let mut new = file(&b, &mut buf, keep)?;
            drop(buf);
            let (text, _) = compare(ctx, &args, &mut old, &mut new, None);
            let title = || format!("Review: {} \u{2192} {}", old.label, new.label);
            emit(ctx, &args, &text, title)?;
            if let Some(out) = &args.redline {
                let author = args.author.clone().unwrap_or_else(|| file_author(ctx));
                redline(ctx, out, &author, &old, &new, None, args.force)?;
            }
            Ok(())
        }
        [event] => event_diff(ctx, &args, event),
        _ => Err(Error::input("diff takes an event id, or two files to compare").into()),
    }
}

/// `lectern diff EVENT`: the kind asked for, or each kind with drafts in turn.
fn event_diff(ctx: &Context, args: &DiffArgs, event: &str) -> CmdResult {
    let path = Path::new(event);
    if diff::source::Format::of(path).is_some() && path.is_file() {
        return Err(Error::input(format!(
            "{event} is a file: give a second file to compare it with"
        ))
        .hint("lectern diff FILE_A FILE_B")
        .into());
    }
    let place = super::history::locate(ctx, event)?;
    let kinds = match args.kind.map(kind_of) {
        Some(k) => vec![k],
        None if place.kinds.is_empty() => {
            return Err(Error::input(format!("{event} has no drafts yet"))
                .hint(format!("draft it first: lectern draft {event}"))
                .into())
        }
        None => place.kinds.clone(),
    };
    // Each kind in each language (DESIGN.md §12), or the one --lang names.
    let mut tracks: Vec<(Kind, String, Store)> = Vec::new();
    for &kind in &kinds {
        for t in place.tracks(kind, lang_of(args.lang))? {
            if t.translation.is_some() && t.store.versions().is_ok_and(|v| v.is_empty()) {
                continue;
            }
            let label = match t.translation {
                Some(l) => format!("{kind}.{l}"),
                None => kind.to_string(),
            };
            tracks.push((kind, label, t.store));
        }
    }
    if tracks.len() == 1 {
        let (_, label, store) = &tracks[0];
        let (mut old, mut new, inputs) = versions(ctx, &place, label, store, args)?;
        let (text, _) = compare(ctx, args, &mut old, &mut new, Some(inputs));
        let title = || format!("Review: {} \u{2192} {}", old.label, new.review.side.short);
        emit(ctx, args, &text, title)?;
        if let Some(out) = &args.redline {
            let author = args.author.clone().unwrap_or_else(|| place.author.clone());
            let event = Some(place.event_id.as_str());
            redline(ctx, out, &author, &old, &new, event, args.force)?;
        }
        return Ok(());
    }
    if args.redline.is_some() {
        if kinds.len() == 1 {
            let names: Vec<&str> = tracks.iter().map(|t| t.1.as_str()).collect();
            return Err(Error::input(format!(
                "--redline writes one file, and {} has {} drafts in several languages: {}",
                place.event_id,
                kinds[0],
                names.join(", ")
            ))
            .hint(format!(
                "choose one with --lang {}",
                place.main_lang().map_or("en", |l| l.code())
            ))
            .into());
        }
        let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
        return Err(Error::input(format!(
            "--redline writes one file, and {} has drafts of several kinds: {}",
            place.event_id,
            names.join(", ")
        ))
        .hint(format!("choose one with --kind {}", names[0]))
        .into());
    }
    // Several kinds: each compared in turn; a kind with nothing to compare says so and the
    // others go on.
    let mut texts = Vec::new();
    let mut json = Vec::new();
    let mut skipped = Vec::new();
    let mut failed = false;
    for (kind, label, store) in &tracks {
        let kind = *kind;
        match versions(ctx, &place, label, store, args) {
            Ok((mut old, mut new, inputs)) => {
                let (text, _) = compare(ctx, args, &mut old, &mut new, Some(inputs));
                if args.format == DiffFormat::Json {
                    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                    if let serde_json::Value::Object(m) = &mut v {
                        m.insert("kind".into(), kind.name().into());
                        if let Some(l) = new.lang {
                            m.insert("lang".into(), l.code().into());
                        }
                    }
                    json.push(v);
                } else {
                    texts.push(text);
                }
            }
            Err(Failure::One(e)) if e.kind() == crate::error::ErrorKind::Input => {
                let why = e.message();
                if args.format == DiffFormat::Json {
                    skipped.push(
                        serde_json::json!({ "kind": kind.name(), "folder": label, "reason": why }),
                    );
                } else if args.format == DiffFormat::Html {
                    texts.push(review::note(&why));
                } else {
                    texts.push(format!("{why}\n"));
                }
                failed |= args.from.is_some() || args.to.is_some();
            }
            Err(f) => return Err(f),
        }
    }
    let text = if args.format == DiffFormat::Json {
        let v = serde_json::json!({ "event": place.event_id, "kinds": json, "skipped": skipped });
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        s
    } else {
        texts.join("\n")
    };
    emit(ctx, args, &text, || format!("Review: {}", place.event_id))?;
    if failed {
        Err(Failure::Reported(super::exit::USAGE))
    } else {
        Ok(())
    }
}

/// Diff two loaded texts and format the result as asked.
fn compare(
    ctx: &Context,
    args: &DiffArgs,
    old: &mut Loaded,
    new: &mut Loaded,
    inputs: Option<Vec<InputChange>>,
) -> (String, diff::Diff) {
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
        DiffFormat::Unified => diff::show::unified(&d, &labels, inputs_slice, &paint),
        DiffFormat::Stat => diff::show::stat(&d, &labels, inputs_slice, &paint),
        DiffFormat::Html => review::section(&review::Comparison {
            // Unique per section: a pack drafts each kind in each of its languages.
            id: &new
                .folder
                .as_deref()
                .or(new.review.side.kind.as_deref())
                .unwrap_or("f")
                .replace('.', "-"),
            event: new.review.side.event.as_deref(),
            kind: new.review.side.kind.as_deref(),
            old: &old.review,
            new: &new.review,
            diff: &d,
            inputs: inputs_slice,
        }),
        DiffFormat::Json => {
            let side = |l: &Loaded, n: usize| Side {
                label: l.label.clone(),
                version: l.version,
                paragraphs: n,
            };
            let v = diff::json::to_json(
                &d,
                side(old, d.old.len()),
                side(new, d.new.len()),
                inputs.as_deref(),
            );
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    (text, d)
}

/// The comparison (an HTML page around it for `--format html`) to `-o FILE` through `outfile`,
/// else on stdout.
fn emit(
    ctx: &Context,
    args: &DiffArgs,
    text: &str,
    title: impl FnOnce() -> String,
) -> Result<(), Failure> {
    let page;
    let text = if args.format == DiffFormat::Html {
        page = review::page(&title(), text, crate::draft::TOOL_VERSION);
        page.as_str()
    } else {
        text
    };
    match &args.output {
        None => print_result(ctx, text),
        Some(out) => {
            crate::outfile::write(out, text.as_bytes(), args.force, &workspace_output(ctx))?;
            ctx.out.status(&format!(
                "{} {}",
                ctx.out.err(Paint::Ok, "wrote"),
                out.display()
            ));
        }
    }
    Ok(())
}

/// The comparison on stdout, unless `-q` asked for errors only (for instance while writing a
/// redline).
fn print_result(ctx: &Context, text: &str) {
    if !ctx.out.quiet {
        print(text);
    }
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn print(s: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(s.as_bytes());
    let _ = stdout.flush();
}

/// `keep`: keep the document for a redline (read once, into the model).
fn file(path: &Path, buf: &mut Vec<u8>, keep: bool) -> Result<Loaded, Failure> {
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
    // A stored version's Markdown is that version: its redline side is rebuilt as `draft`
    // builds it (kind, event, language, markings), not as a loose file.
    let stored_md = keep && path.extension().is_some_and(|e| e == "md");
    let source = match stored_md.then(|| stored_version(path)).flatten() {
        Some((version, manifest)) => crate::redline::Source::Version {
            version,
            manifest: Some(Box::new(manifest)),
        },
        None => crate::redline::Source::File(path.to_path_buf()),
    };
    let (mut text, side) = if keep {
        let side = crate::redline::Side::load(source.clone())?;
        (side.paragraphs(), Some(side))
    } else {
        (diff::source::load_paragraphs(path, buf)?, None)
    };
    let label = path.display().to_string();
    let name = path
        .file_name()
        .map_or_else(|| label.clone(), |n| n.to_string_lossy().into_owned());
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    // A stored version's file says how it came to be and its language through its manifest.
    let stored = stored_manifest(path);
    let review = review::Provenance {
        side: review::SideMeta {
            label: label.clone(),
            short: name.clone(),
            about: match &stored {
                Some(m) => Some(review::provenance(m)),
                None => match (&text.saved.last_modified_by, &text.saved.modified) {
                    // A Word file says who saved it last.
                    (Some(by), at) => Some(match at {
                        Some(at) => format!("last saved by {by}, {}", review::when(at)),
                        None => format!("last saved by {by}"),
                    }),
                    (None, _) => modified.map(|t| {
                        let t: chrono::DateTime<chrono::Utc> = t.into();
                        format!("modified {}", t.format("%Y-%m-%d %H:%M UTC"))
                    }),
                },
            },
            lang: stored.as_ref().map(|m| m.language),
            ..review::SideMeta::default()
        },
        comments: std::mem::take(&mut text.comments)
            .into_iter()
            .map(|comment| review::Noted {
                source: name.clone(),
                comment,
            })
            .collect(),
        pending: text.pending,
        ..review::Provenance::default()
    };
    Ok(Loaded {
        text,
        label,
        version: None,
        lang: None,
        review,
        folder: None,
        source,
        side,
    })
}

/// The manifest beside `path` when it is a stored version's `vNNN.md` or `vNNN.docx`.
fn stored_manifest(path: &Path) -> Option<crate::versions::Manifest> {
    stored_version(path).map(|(_, m)| m)
}

/// The stored version `path` is a file of, with its manifest.
fn stored_version(path: &Path) -> Option<(crate::versions::Version, crate::versions::Manifest)> {
    let stem = path.file_stem()?.to_str()?;
    let digits = stem.strip_prefix('v')?;
    if digits.len() < 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let manifest = path.with_extension("json");
    if !manifest.is_file() {
        return None;
    }
    let version = crate::versions::Version {
        number: digits.parse().ok()?,
        docx: path.with_extension("docx"),
        markdown: path.with_extension("md"),
        manifest,
    };
    let m = version.read_manifest().ok()?;
    Some((version, m))
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

/// The workspace's output folder (from its settings, or the default), which a redline never
/// writes into.
fn workspace_output(ctx: &Context) -> PathBuf {
    let output = Settings::load(&ctx.root)
        .map(|s| s.output)
        .unwrap_or_else(|_| Settings::default().output);
    crate::safefs::shown(&ctx.root, Path::new(&output))
}

/// Compare two stored versions of an event, in `store`; `kind` names them ("speech", or
/// "speech.fr" for a translation's versions).
fn versions(
    ctx: &Context,
    place: &super::history::Place,
    kind: &str,
    store: &Store,
    args: &DiffArgs,
) -> Result<(Loaded, Loaded, Vec<InputChange>), Failure> {
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
        Some(VersionArg(n)) => find(n)?,
        None => all.last().cloned().ok_or_else(|| {
            Failure::One(
                Error::input(format!("{} {kind} has no versions yet", place.event_id))
                    .hint(format!("draft it first: lectern draft {}", place.event_id)),
            )
        })?,
    };
    // The text as delivered is compared with what was prepared: the cleared version it is
    // based on, unless --from says otherwise.
    let delivered_from = to
        .read_manifest()
        .ok()
        .and_then(|m| m.origin)
        .filter(|o| o.kind == "delivered")
        .map(|o| o.based_on);
    let from = match args.from {
        Some(VersionArg(n)) => find(n)?,
        None if delivered_from.is_some_and(|b| all.iter().any(|v| v.number == b)) => {
            find(delivered_from.unwrap_or_default())?
        }
        None => all
            .iter()
            .rev()
            .find(|v| v.number < to.number)
            .cloned()
            .ok_or_else(|| {
                let message = if args.to.is_some() {
                    format!(
                        "{} {kind} has no version before v{:03}: nothing to compare",
                        place.event_id, to.number
                    )
                } else {
                    format!(
                        "{} {kind} has one version, v{:03}: nothing to compare yet",
                        place.event_id, to.number
                    )
                };
                Failure::One(
                    Error::input(message)
                        .hint("draft again after a change, or compare with --from N --to M"),
                )
            })?,
    };
    let (from_m, to_m) = (from.read_manifest(), to.read_manifest());
    let load = |v: &Version, m: Option<&crate::versions::Manifest>| -> Result<Loaded, Failure> {
        let md =
            crate::capped::read_text(&v.markdown, &v.markdown, crate::capped::STORED_MARKDOWN)?;
        let label = format!("{} {kind} v{:03}", place.event_id, v.number);
        let side = match m {
            Some(m) => review::SideMeta::of_version(label.clone(), m),
            None => review::SideMeta {
                event: Some(place.event_id.clone()),
                kind: Some(kind.split('.').next().unwrap_or(kind).to_string()),
                label: label.clone(),
                short: format!("v{:03}", v.number),
                ..review::SideMeta::default()
            },
        };
        Ok(Loaded {
            text: diff::source::document_paragraphs(diff::source::markdown(&md)),
            label,
            version: Some(v.number),
            lang: m.map(|m| m.language),
            review: review::Provenance {
                side,
                ..review::Provenance::default()
            },
            folder: Some(kind.to_string()),
            source: crate::redline::Source::Version {
                version: v.clone(),
                manifest: m.cloned().map(Box::new),
            },
            side: None,
        })
    };
    let mut old = load(&from, from_m.as_ref().ok())?;
    let mut new = load(&to, to_m.as_ref().ok())?;
    if delivered_from == Some(from.number) {
        old.label.push_str(" (as prepared)");
        new.label.push_str(" (as delivered)");
        old.review.side.label.push_str(" (as prepared)");
        new.review.side.label.push_str(" (as delivered)");
    }
    if args.format == DiffFormat::Html {
        // Who edited in between, and the comments their files carried.
        let since: Vec<crate::versions::Manifest> = all
            .iter()
            .filter(|v| v.number > from.number && v.number <= to.number)
            .filter_map(|v| v.read_manifest().ok())
            .collect();
        new.review.edits = review::edits_of(&since);
        new.review.comments = review::comments_of(&since);
        new.review.pending = to_m.as_ref().map_or(0, |m| m.pending_changes.len());
        // The conflicts a merge marked in the newer version, with both wordings.
        if let Some(merge) = to_m.as_ref().ok().and_then(|m| m.merge.as_ref()) {
            new.review.conflicts = merge
                .conflicts
                .iter()
                .map(|c| review::Conflict {
                    base: c.base.clone(),
                    kept: c.edits.clone(),
                    inputs: c.inputs.clone(),
                })
                .collect();
        }
    }
    let inputs = match (from_m, to_m) {
        (Ok(a), Ok(b)) => diff::input_changes(&a, &b),
        (Err(e), _) | (_, Err(e)) => {
            ctx.out
                .warning(&format!("input changes unknown: {}", e.message()));
            Vec::new()
        }
    };
    Ok((old, new, inputs))
}

/// Write the redline as a user-named output file (`outfile`): never over an existing file
/// without `--force`, never inside the output folder, whole or not at all. The newer side is
/// the document, as a draft of it looks, with the changes tracked inside (`redline`).
fn redline(
    ctx: &Context,
    out: &Path,
    author: &str,
    old: &Loaded,
    new: &Loaded,
    event: Option<&str>,
    force: bool,
) -> Result<(), Failure> {
    let output_dir = workspace_output(ctx);
    // The workspace gives the house style, the organisation and the event's embargo; two
    // files need only the settings.
    let ws = event.and_then(|_| ctx.workspace().ok());
    let settings = match &ws {
        Some(ws) => Some(ws.settings.clone()),
        None if ctx.root.join(Settings::FILE).is_file() => Settings::load(&ctx.root).ok(),
        None => None,
    };
    let ev = ws
        .as_ref()
        .zip(event)
        .and_then(|(ws, id)| ws.event(id).ok())
        .map(|e| &e.item);
    let load = |l: &Loaded| match &l.side {
        Some(side) => Ok(side.clone()),
        None => crate::redline::Side::load(l.source.clone()),
    };
    let (old_side, new_side) = (load(old)?, load(new)?);
    let bytes = crate::redline::write(
        &old_side,
        new_side,
        &crate::redline::Options {
            root: &ctx.root,
            settings: settings.as_ref(),
            event: ev,
            author,
            now: chrono::Utc::now(),
        },
    )?;
    crate::outfile::write(out, &bytes, force, &output_dir)?;
    ctx.out.status(&format!(
        "{} {} (tracked changes by {author})",
        ctx.out.err(Paint::Ok, "wrote"),
        out.display()
    ));
    Ok(())
}
