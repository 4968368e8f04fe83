//! `lectern events new ID [--kind K …]`: write a skeleton event file to fill in, never
//! overwriting one.

use super::{kind_of, CmdResult, Context};
use crate::cli::KindArg;
use crate::error::Error;
use crate::library::{Id, Kind};
use crate::skeleton;
use crate::workspace::EVENTS_DIR;

pub(super) fn new(ctx: &Context, id: &str, kinds: &[KindArg]) -> CmdResult {
    ctx.require_workspace()?;
    let id = Id::parse(id).map_err(|why| {
        Error::input(format!("the event id {why}"))
            .hint("for example: lectern events new press-day-2027")
    })?;
    let mut chosen: Vec<Kind> = Vec::new();
    for k in kinds.iter().copied().map(kind_of) {
        if !chosen.contains(&k) {
            chosen.push(k);
        }
    }
    let dir = ctx.root.join(EVENTS_DIR);
    let path = dir.join(format!("{id}.json"));
    let shown = path.strip_prefix(".").unwrap_or(&path).to_path_buf();
    // An id another event file already uses would only make a duplicate to untangle later.
    if !path.exists()
        && crate::complete::ids(&ctx.root, crate::complete::What::Events)
            .iter()
            .any(|(other, _)| other == id.as_str())
    {
        return Err(Error::input(format!("there is already an event `{id}`"))
            .hint("choose another id; `lectern events list` shows the ids in use")
            .into());
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create folder", &dir, e))?;
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::input(format!(
                "{} already exists; `lectern events new` never overwrites files",
                shown.display()
            ))
            .hint("choose another id, or edit the file")
            .into())
        }
        Err(e) => return Err(Error::io("cannot create", &shown, e).into()),
    };
    let text = skeleton::event(&id, &chosen);
    if let Err(e) = std::io::Write::write_all(&mut file, text.as_bytes()) {
        // Nothing half-written is left behind.
        let _ = std::fs::remove_file(&path);
        return Err(Error::io("cannot write", &shown, e).into());
    }
    ctx.out.status(&format!(
        "created {}\n  next: replace each \"{}…\" value (or remove the optional ones), then `lectern check`",
        shown.display(),
        skeleton::MARK
    ));
    Ok(())
}
