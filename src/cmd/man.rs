//! `lectern man`: the manual page in roff, from the clap definitions (title, synopsis,
//! options) plus the sections a man page reader looks for: COMMANDS, EXAMPLES, FILES,
//! EXIT STATUS and ENVIRONMENT. Every subcommand is described here, in this one page, so the
//! page names no other page (clap_mangen's own subcommand section points at `lectern-draft(1)`
//! and the like, which are not installed).

use std::io::Write;

use super::{CmdResult, Failure};
use crate::error::Error;

/// The page, as roff.
pub(super) fn page() -> Result<Vec<u8>, std::io::Error> {
    let cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    commands(&mut out, &cmd)?;
    out.extend_from_slice(EXTRA.as_bytes());
    man.render_version_section(&mut out)?;
    Ok(out)
}

pub(super) fn run() -> CmdResult {
    let page = page().map_err(|e| {
        Failure::One(Error::io(
            "cannot render the man page for",
            std::path::Path::new("stdout"),
            e,
        ))
    })?;
    super::write_stdout(&page).map_err(|e| {
        Failure::One(Error::io(
            "cannot write the man page to",
            std::path::Path::new("stdout"),
            e,
        ))
    })?;
    Ok(())
}

/// COMMANDS: each subcommand (and each of its own subcommands) with its usage and help.
fn commands(out: &mut Vec<u8>, cmd: &clap::Command) -> std::io::Result<()> {
    writeln!(out, ".SH COMMANDS")?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let leaves: Vec<(String, &clap::Command)> = if sub.has_subcommands() {
            sub.get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| (format!("{} {}", sub.get_name(), s.get_name()), s))
                .collect()
        } else {
            vec![(sub.get_name().to_string(), sub)]
        };
        for (name, leaf) in leaves {
            let args: Vec<String> = leaf
                .get_positionals()
                .map(|a| {
                    let names = a
                        .get_value_names()
                        .map(|v| v.join(" "))
                        .unwrap_or_else(|| a.get_id().as_str().to_uppercase());
                    let many = matches!(a.get_num_args(), Some(r) if r.max_values() > 1);
                    let shown = if many { format!("{names}...") } else { names };
                    if a.is_required_set() {
                        shown
                    } else {
                        format!("[{shown}]")
                    }
                })
                .collect();
            writeln!(out, ".TP")?;
            writeln!(
                out,
                "\\fBlectern {}\\fR{}{}",
                roff(&name),
                if leaf.get_opts().next().is_some() {
                    " [\\fIOPTIONS\\fR]"
                } else {
                    ""
                },
                args.iter()
                    .map(|a| format!(" \\fI{}\\fR", roff(a)))
                    .collect::<String>()
            )?;
            if let Some(about) = leaf.get_about().or_else(|| sub.get_about()) {
                writeln!(out, "{}", roff(&about.to_string()))?;
            }
        }
    }
    writeln!(
        out,
        ".PP\n\\fBlectern help\\fR \\fICOMMAND\\fR and \\fBlectern\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR show each command's options."
    )?;
    Ok(())
}

/// Text for roff: backslashes and hyphens escaped, a leading `.` or `'` kept literal.
fn roff(s: &str) -> String {
    let mut t = s.replace('\\', "\\e").replace('-', "\\-");
    if t.starts_with('.') || t.starts_with('\'') {
        t.insert_str(0, "\\&");
    }
    t
}

const EXTRA: &str = r#".SH EXAMPLES
.TP
\fBlectern init office && cd office\fR
Create a workspace with sample messages, facts and events.
.TP
\fBlectern draft singapore\-cyber\-summit\-2026\fR
Draft every output the event lists, as a new version of each.
.TP
\fBlectern draft singapore\-cyber\-summit\-2026 \-\-kind speech \-\-today 2026\-12\-01\fR
Draft the speech only, with governance checked as of 1 December 2026.
.TP
\fBlectern batch \-\-from 2027\-01\-01 \-\-until 2027\-03\-31\fR
Draft every event of the first quarter in parallel, with a summary.
.TP
\fBlectern diff singapore\-cyber\-summit\-2026 \-\-kind speech \-\-from v001 \-\-to v002\fR
Show what changed between two versions of the speech.
.TP
\fBlectern diff old.docx new.docx \-\-redline changes.docx\fR
Compare two files and write the changes as tracked changes.
.TP
\fBlectern check \-\-strict\fR
Validate the whole workspace; fail on warnings too.
.TP
\fBlectern events list | head \-5\fR
The first events by date.
.SH FILES
.TP
\fIlectern.json\fR
Optional settings: organisation, author, speaking rates, stale_after_days, banned phrases, output folder.
.TP
\fIsnippets/messages/*.json\fR
Approved strategic messages.
.TP
\fIsnippets/facts/*.json\fR
Policy\-unit facts with their sources.
.TP
\fIevents/*.json\fR
One event per file.
.TP
\fItemplates/KIND.hbs\fR, \fItemplates/partials/*.hbs\fR
Handlebars templates overriding the built\-in ones (\fBlectern templates export\fR writes them).
.TP
\fIoutput/EVENT/KIND/vNNN.docx\fR, \fIvNNN.md\fR, \fIvNNN.json\fR
Each version of a draft, its Markdown text and its manifest. Written only by lectern; never overwritten.
.PP
The workspace is the folder given with \fB\-C\fR, else the nearest folder, from the current one upwards, that holds \fIlectern.json\fR, or \fIevents/\fR and \fIsnippets/\fR (as git and cargo find theirs).
.SH "EXIT STATUS"
.TP
\fB0\fR
Success, including drafts that were unchanged.
.TP
\fB1\fR
A check failed, a draft was refused by governance, or a batch item failed.
.TP
\fB2\fR
Bad usage or input: unknown options, unreadable or invalid files.
.TP
\fB101\fR
An internal error (a bug in lectern).
.SH ENVIRONMENT
.TP
\fBLECTERN_TODAY\fR
The draft date for governance checks (YYYY\-MM\-DD), as \fB\-\-today\fR.
.TP
\fBNO_COLOR\fR
When set and not empty, no colour unless \fB\-\-color always\fR.
.TP
\fBLECTERN_COMPLETE\fR
Set by the shell completion scripts to ask lectern for completions (see \fBlectern completions\fR).
"#;
