//! `lectern style export [FILE] | style show`: the built-in look as a `.docx` to turn into a
//! house style, and which style each role of a draft uses and where it comes from.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{CmdResult, Context};
use crate::cli::StyleCommand;
use crate::docx::house::{self, RoleRow};
use crate::error::Error;
use crate::output::Paint;
use crate::settings::{HouseStyle, Settings};

/// Where `style export` writes without a FILE, relative to the workspace.
const DEFAULT_FILE: &str = "style/house.docx";

pub(super) fn run(ctx: &Context, command: StyleCommand) -> CmdResult {
    match command {
        StyleCommand::Export { file } => export(ctx, file),
        StyleCommand::Show => show(ctx),
    }
}

fn export(ctx: &Context, file: Option<PathBuf>) -> CmdResult {
    let default = file.is_none();
    let path = file.unwrap_or_else(|| {
        let p = ctx.root.join(DEFAULT_FILE);
        p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p)
    });
    let settings = Settings::load(&ctx.root)?;
    // The export never replaces a file (`outfile` would offer --force; this command has none).
    if path.symlink_metadata().is_ok() {
        return Err(Error::input(format!(
            "{} already exists; `lectern style export` never overwrites a file",
            path.display()
        ))
        .hint("name another file: `lectern style export style/house-new.docx`")
        .into());
    }
    if default {
        // The workspace's own style folder is made on first use.
        let dir = ctx.root.join("style");
        if !dir.exists() && ctx.root.is_dir() {
            std::fs::create_dir(&dir).map_err(|e| Error::io("cannot create folder", &dir, e))?;
        }
    }
    let bytes = house::export(None)?;
    crate::outfile::write(&path, &bytes, false, &ctx.root.join(&settings.output))?;
    ctx.out.status(&format!(
        "{} {}: the built-in look; change it in Word or LibreOffice, then set \"house_style\": \"{}\" in lectern.json",
        ctx.out.err(Paint::Ok, "wrote"),
        path.display(),
        path.display()
    ));
    Ok(())
}

fn show(ctx: &Context) -> CmdResult {
    let settings = Settings::load(&ctx.root)?;
    let mut s = String::new();
    let entries: Vec<(String, String)> = match &settings.house_style {
        None => Vec::new(),
        Some(HouseStyle::One(p)) => vec![("every language".into(), p.clone())],
        Some(HouseStyle::ByLanguage(m)) => m
            .iter()
            .map(|(k, p)| {
                let who = if k == "default" {
                    "languages without their own".to_string()
                } else {
                    format!("`{k}`")
                };
                (who, p.clone())
            })
            .collect(),
    };
    if entries.is_empty() {
        s.push_str("no house style: drafts use the built-in look\n\n");
        table(ctx, &mut s, &house::builtin_roles(), None);
        s.push_str(&format!(
            "\nhint: `lectern style export` writes the built-in look as {DEFAULT_FILE}; change it in Word or LibreOffice and set \"house_style\" in lectern.json\n"
        ));
    }
    for (n, (who, path)) in entries.iter().enumerate() {
        if n > 0 {
            s.push('\n');
        }
        let h = crate::draft::house_style_at(&ctx.root, path)?;
        s.push_str(&format!(
            "house style for {who}: {}\n\n",
            ctx.out.out(Paint::Path, h.path())
        ));
        let rows = h.roles();
        table(ctx, &mut s, &rows, Some(h.path()));
        s.push('\n');
        let parts = h.parts();
        let width = parts.iter().map(|(w, _)| w.len()).max().unwrap_or(0);
        for (what, desc) in &parts {
            s.push_str(&format!("{what:width$}  {desc}\n"));
        }
        let fallback: Vec<&str> = rows
            .iter()
            .filter(|r| !r.from_house)
            .map(|r| r.role)
            .collect();
        if fallback.is_empty() {
            s.push_str("\nevery role comes from the house style\n");
        } else {
            s.push_str(&format!(
                "\nbuilt-in definitions used for: {}\n",
                fallback.join(", ")
            ));
        }
    }
    let _ = std::io::stdout().lock().write_all(s.as_bytes());
    Ok(())
}

/// The roles as a table: role, style id, style name, where it comes from.
fn table(ctx: &Context, s: &mut String, rows: &[RoleRow], file: Option<&str>) {
    let w_role = rows.iter().map(|r| r.role.len()).max().unwrap_or(4).max(4);
    let w_id = rows.iter().map(|r| r.id.len()).max().unwrap_or(8).max(8);
    let w_name = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    s.push_str(&format!(
        "{:w_role$}  {:w_id$}  {:w_name$}  FROM\n",
        "ROLE", "STYLE ID", "NAME"
    ));
    for r in rows {
        let from = match (file, r.from_house) {
            (Some(f), true) => ctx.out.out(Paint::Path, f),
            (Some(f), false) => ctx.out.out(
                Paint::Dim,
                &format!(
                    "built-in ({f} has no style named {})",
                    r.looked_for
                        .iter()
                        .map(|n| format!("\"{n}\""))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            ),
            (None, _) => ctx.out.out(Paint::Dim, "built-in"),
        };
        let pad = w_name.saturating_sub(r.name.chars().count());
        s.push_str(&format!(
            "{:w_role$}  {:w_id$}  {}{}  {from}\n",
            r.role,
            r.id,
            r.name,
            " ".repeat(pad)
        ));
    }
}
