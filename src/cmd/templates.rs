//! `lectern templates list | show KIND | export [KIND] [--force]`: which template each kind uses, the
//! built-in sources, and a copy of them in `templates/` to start a custom template from.
//! Export never replaces a file unless `--force`, and each file appears whole (written to a
//! temporary file in the same folder, then moved into place).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{kind_of, CmdResult, Context, Failure};
use crate::cli::{KindArg, TemplatesCommand};
use crate::error::Error;
use crate::library::Kind;
use crate::output::Paint;
use crate::render::{builtin, BUILTIN_PARTIALS};
use crate::workspace::TEMPLATES_DIR;

pub(super) fn run(ctx: &Context, command: TemplatesCommand) -> CmdResult {
    match command {
        TemplatesCommand::List => list(ctx),
        TemplatesCommand::Show { kind } => show(ctx, kind),
        TemplatesCommand::Export { kind, force } => export(ctx, kind.map(kind_of), force),
    }
}

/// Every template a draft may use, in the workspace (`templates/…`) and in the binary.
fn files() -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Kind::ALL
        .iter()
        .map(|k| (format!("{}.hbs", k.name()), builtin(*k)))
        .collect();
    out.extend(
        BUILTIN_PARTIALS
            .iter()
            .map(|(name, src)| (format!("partials/{name}.hbs"), *src)),
    );
    out
}

fn templates_dir(ctx: &Context) -> PathBuf {
    let dir = ctx.root.join(TEMPLATES_DIR);
    dir.strip_prefix(".").map(Path::to_path_buf).unwrap_or(dir)
}

fn list(ctx: &Context) -> CmdResult {
    let dir = templates_dir(ctx);
    let mut rows: Vec<(String, String, bool)> = files()
        .into_iter()
        .map(|(file, _)| {
            let name = file.trim_end_matches(".hbs").to_string();
            let path = dir.join(&file);
            if path.is_file() {
                (name, path.display().to_string(), true)
            } else {
                (name, "built-in".to_string(), false)
            }
        })
        .collect();
    // Workspace partials that replace nothing are in use too (templates may include them).
    if let Ok(rd) = std::fs::read_dir(dir.join("partials")) {
        let mut extra: Vec<(String, String, bool)> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "hbs"))
            .filter_map(|p| {
                let stem = p.file_stem()?.to_string_lossy().into_owned();
                let name = format!("partials/{stem}");
                (!rows.iter().any(|(n, _, _)| *n == name))
                    .then(|| (name, p.display().to_string(), true))
            })
            .collect();
        extra.sort();
        rows.extend(extra);
    }
    let width = rows.iter().map(|(n, _, _)| n.len()).max().unwrap_or(0);
    let mut s = String::new();
    for (name, source, overridden) in rows {
        let shown = if overridden {
            ctx.out.out(Paint::Path, &source)
        } else {
            ctx.out.out(Paint::Dim, &source)
        };
        s.push_str(&format!("{name:width$}  {shown}\n"));
    }
    let _ = std::io::stdout().lock().write_all(s.as_bytes());
    Ok(())
}

fn show(ctx: &Context, kind: KindArg) -> CmdResult {
    let kind = kind_of(kind);
    let _ = std::io::stdout().lock().write_all(builtin(kind).as_bytes());
    let path = templates_dir(ctx).join(format!("{}.hbs", kind.name()));
    if path.is_file() {
        ctx.out.status(&format!(
            "note: this is the built-in {kind} template; this workspace uses {} instead",
            path.display()
        ));
    }
    Ok(())
}

fn export(ctx: &Context, only: Option<Kind>, force: bool) -> CmdResult {
    if !ctx.root.is_dir() {
        return Err(Failure::One(
            Error::input(format!("workspace {} is not a folder", ctx.root.display()))
                .hint("pass the workspace with -C DIR, or create one with `lectern init DIR`"),
        ));
    }
    let dir = templates_dir(ctx);
    let (mut written, mut kept) = (0, 0);
    let wanted = only.map(|k| format!("{}.hbs", k.name()));
    for (file, source) in files() {
        if wanted.as_ref().is_some_and(|w| *w != file) {
            continue;
        }
        let path = dir.join(&file);
        match write_new(ctx, &file, &path, source.as_bytes(), force)? {
            true => {
                written += 1;
                ctx.out.status(&format!("wrote {}", path.display()));
            }
            false => {
                kept += 1;
                ctx.out.warning(&format!(
                    "kept {}: it already exists (--force overwrites it)",
                    path.display()
                ));
            }
        }
    }
    let them = if written + kept == 1 { "it" } else { "them" };
    ctx.out.status(&format!(
        "{written} written, {kept} kept; edit {them}, then `lectern check` renders every event with {them}"
    ));
    Ok(())
}

/// Write `bytes` to `templates/<file>` whole: through a temporary file in the same folder.
/// Every folder from the workspace root down is opened without following a symbolic link
/// (`safefs`), so a `templates` link to elsewhere is refused, not written through. Without
/// `force` an existing file is left alone (returns false), even one created meanwhile.
fn write_new(
    ctx: &Context,
    file: &str,
    path: &Path,
    bytes: &[u8],
    force: bool,
) -> Result<bool, Failure> {
    let rel = Path::new(TEMPLATES_DIR).join(file);
    let (Some(dir), Some(name)) = (rel.parent(), rel.file_name().and_then(|n| n.to_str())) else {
        return Ok(false);
    };
    let shown_dir = crate::safefs::shown(&ctx.root, dir);
    let folder = crate::safefs::Folder::inside(&ctx.root, dir, true, |e| {
        Error::io("cannot create", &shown_dir, e)
    })?
    .expect("created folders exist");
    let placed = if force {
        folder.place_replace(name, bytes)
    } else {
        folder.place_new(name, bytes)
    };
    match placed {
        Ok(()) => Ok(true),
        Err(e) if !force && e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(Error::io("cannot write", path, e).into()),
    }
}
