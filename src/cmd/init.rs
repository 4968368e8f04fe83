//! `lectern init [DIR]`: scaffold a workspace with a small, realistic starter library. Never
//! overwrites a file that is already there.

use std::path::{Path, PathBuf};

use super::{CmdResult, Context};
use crate::error::Error;

/// The starter files, relative to the new workspace.
const FILES: &[(&str, &str)] = &[
    (
        "snippets/messages/starter.json",
        include_str!("../init/messages.json"),
    ),
    (
        "snippets/facts/starter.json",
        include_str!("../init/facts.json"),
    ),
    (
        "events/starter-event.json",
        include_str!("../init/event.json"),
    ),
    ("lectern.json", include_str!("../init/lectern.json")),
    ("templates/partials/.keep", ""),
    (".gitignore", "/output/\n"),
];

pub(super) fn run(ctx: &Context, dir: Option<PathBuf>) -> CmdResult {
    let root = dir.unwrap_or_else(|| ctx.root.clone());
    let existing: Vec<PathBuf> = FILES
        .iter()
        .map(|(rel, _)| root.join(rel))
        .filter(|p| p.exists())
        .collect();
    if let Some(first) = existing.first() {
        return Err(Error::input(format!(
            "{} already exists; `lectern init` never overwrites files",
            first.display()
        ))
        .hint("choose an empty folder: `lectern init NEW-DIR`")
        .into());
    }
    for (rel, text) in FILES {
        write_new(&root.join(rel), text)?;
    }
    ctx.out.status(&format!(
        "created a workspace in {}\n  next: cd {} && lectern check && lectern batch",
        root.display(),
        root.display()
    ));
    Ok(())
}

fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io("cannot create folder", parent, e))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io("cannot create", path, e))?;
    std::io::Write::write_all(&mut f, text.as_bytes())
        .map_err(|e| Error::io("cannot write", path, e))
}
