//! Dynamic shell completion: `lectern completions SHELL` prints a script that asks lectern
//! itself for candidates (`LECTERN_COMPLETE=SHELL lectern -- WORDS…`, clap_complete's
//! protocol under a variable of our own, so a `COMPLETE` set for another tool is ignored), so
//! event, message and fact ids come from the workspace at the moment Tab is pressed. The
//! workspace is the one `-C`/`--workspace` names on the line being completed, else the
//! current folder or the nearest one above it that is a workspace (`discover::find_root`).

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap_complete::engine::{CompletionCandidate, ValueCompleter};

use super::{CmdResult, Failure};
use crate::complete::{ids, What};
use crate::error::Error;

/// The variable the completion scripts set to ask for candidates.
const VAR: &str = "LECTERN_COMPLETE";

/// Answer a completion request and exit, when the shell's script made one.
pub fn respond() {
    clap_complete::CompleteEnv::with_factory(crate::cli::command)
        .var(VAR)
        .bin("lectern")
        .completer("lectern")
        .complete();
}

/// `lectern completions SHELL`: the registration script for the shell.
pub(super) fn script(shell: clap_complete::Shell) -> CmdResult {
    let name = shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let Some(completer) = shells.completer(&name) else {
        return Err(Error::input(format!("no dynamic completion for {name}"))
            .hint("use bash, zsh, fish, elvish or powershell")
            .into());
    };
    let mut buf = Vec::new();
    completer
        .write_registration(VAR, "lectern", "lectern", "lectern", &mut buf)
        .and_then(|()| super::write_stdout(&buf))
        .map_err(|e| {
            Failure::One(Error::io(
                "cannot write the completions to",
                std::path::Path::new("stdout"),
                e,
            ))
        })
}

/// Candidates for an event id (or, where files are accepted too, the ids first).
pub fn events(current: &OsStr) -> Vec<CompletionCandidate> {
    candidates(current, What::Events)
}

/// `diff` takes an event id or files: ids that match, else paths.
pub fn events_or_files(current: &OsStr) -> Vec<CompletionCandidate> {
    let ids = candidates(current, What::Events);
    if !ids.is_empty() {
        return ids;
    }
    clap_complete::engine::PathCompleter::file().complete(current)
}

pub fn messages(current: &OsStr) -> Vec<CompletionCandidate> {
    candidates(current, What::Messages)
}

pub fn facts(current: &OsStr) -> Vec<CompletionCandidate> {
    candidates(current, What::Facts)
}

fn candidates(current: &OsStr, what: What) -> Vec<CompletionCandidate> {
    let prefix = current.to_string_lossy();
    ids(&workspace_root(std::env::args_os().collect()), what)
        .into_iter()
        .filter(|(id, _)| id.starts_with(prefix.as_ref()))
        .map(|(id, about)| {
            CompletionCandidate::new(id).help(about.map(|a| {
                let short: String = a.chars().take(60).collect();
                short.into()
            }))
        })
        .collect()
}

/// The workspace of the command line being completed.
fn workspace_root(args: Vec<OsString>) -> PathBuf {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let s = a.to_string_lossy();
        if s == "-C" || s == "--workspace" {
            if let Some(dir) = it.next() {
                return PathBuf::from(dir);
            }
        } else if let Some(dir) = s.strip_prefix("--workspace=") {
            return PathBuf::from(dir);
        } else if let Some(dir) = s.strip_prefix("-C").filter(|d| !d.is_empty()) {
            return PathBuf::from(dir);
        }
    }
    // The same rule as every other command (`discover`).
    crate::discover::find_root(std::path::Path::new(".")).unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_comes_from_the_line_being_completed() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            workspace_root(args(&[
                "lectern", "--", "lectern", "-C", "/ws", "draft", ""
            ])),
            PathBuf::from("/ws")
        );
        assert_eq!(
            workspace_root(args(&["lectern", "--workspace=/x", "diff"])),
            PathBuf::from("/x")
        );
        assert_eq!(
            workspace_root(args(&["lectern", "-C/y", "diff"])),
            PathBuf::from("/y")
        );
    }
}
