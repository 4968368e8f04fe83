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
    // Written by `house_style_file`, listed here so an existing one is never replaced.
    (HOUSE_STYLE, ""),
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
    std::fs::create_dir_all(&root).map_err(|e| Error::io("cannot create folder", &root, e))?;
    for (rel, text) in FILES {
        if *rel == HOUSE_STYLE {
            write_new(&root, Path::new(rel), &house_style_file()?)?;
        } else {
            write_new(&root, Path::new(rel), text.as_bytes())?;
        }
    }
    ctx.out.status(&format!(
        "created a workspace in {}\n  next: cd {} && lectern check && lectern batch",
        root.display(),
        root.display()
    ));
    Ok(())
}

/// The house style `lectern.json` names: the built-in look with a simple logo in the header,
/// so the feature shows in the first drafts.
const HOUSE_STYLE: &str = "style/house.docx";

fn house_style_file() -> Result<Vec<u8>, Error> {
    let settings: crate::settings::Settings =
        serde_json::from_str(include_str!("../init/lectern.json"))
            .map_err(|e| Error::input(format!("the starter lectern.json: {e}")))?;
    crate::docx::house::export(Some(&settings.organisation))
}

/// Write `root/rel` whole, never replacing a file and never through a symbolic link below
/// `root` (`safefs`).
fn write_new(root: &Path, rel: &Path, text: &[u8]) -> Result<(), Error> {
    let path = root.join(rel);
    let (Some(dir), Some(name)) = (rel.parent(), rel.file_name().and_then(|n| n.to_str())) else {
        return Ok(());
    };
    let shown_dir = root.join(dir);
    let folder = crate::safefs::Folder::inside(root, dir, true, |e| {
        Error::io("cannot create folder", &shown_dir, e)
    })?
    .expect("created folders exist");
    folder
        .place_new(name, text)
        .map_err(|e| Error::io("cannot create", &path, e))
}
