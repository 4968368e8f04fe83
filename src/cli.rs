//! The command line, as clap derive types only. Each field's doc comment is its help text.
//! `crate::cmd` turns these into validated options before any work starts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::ArgValueCompleter;

/// Subcommands for which "today" means nothing: the global `--today` stays out of their help
/// (it is still accepted there, so `LECTERN_TODAY` in the environment never gets in the way).
const UNDATED: &[&str] = &[
    "init",
    "diff",
    "history",
    "templates",
    "schema",
    "completions",
    "man",
];

/// The command line as clap parses it: the derive types, with `--today` hidden where dates do
/// not matter.
pub fn command() -> clap::Command {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let today = cmd
        .get_arguments()
        .find(|a| a.get_id() == "today")
        .cloned()
        .expect("the --today option is defined");
    for name in UNDATED {
        if cmd.find_subcommand(name).is_some() {
            cmd = cmd.mut_subcommand(name, |sc| sc.arg(today.clone().hide(true)));
        }
    }
    cmd
}

#[derive(Debug, Parser)]
#[command(
    name = "lectern",
    version,
    about = "Draft speeches, blogs, press briefings and briefing notes from approved content",
    long_about = "lectern combines approved strategic messages, policy-unit facts and event \
metadata through Handlebars templates into DOCX + Markdown drafts, keeps every version with a \
provenance manifest, shows word-level diffs and enforces content governance.",
    propagate_version = true
)]
pub struct Cli {
    /// Workspace folder (default: the nearest folder, from the current one upwards, holding
    /// lectern.json, or events/ and snippets/)
    #[arg(short = 'C', long = "workspace", global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// The draft date for governance checks, YYYY-MM-DD (default: today)
    #[arg(long, global = true, env = "LECTERN_TODAY", value_name = "DATE")]
    pub today: Option<String>,

    /// Print only errors
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Print more detail
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Speech,
    Blog,
    PressBriefing,
    BriefingNote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold a workspace with realistic sample content
    Init {
        /// Folder to create (default: the current folder)
        dir: Option<PathBuf>,
    },
    /// Draft an event's outputs as DOCX + Markdown, as a new version
    Draft(DraftArgs),
    /// Draft many events in parallel, with progress and a summary
    Batch(BatchArgs),
    /// Compare two versions of a draft, or any two .docx / .md / .txt files
    Diff(DiffArgs),
    /// Keep a reviewer's DOCX as the next version of an event's output
    Import(ImportArgs),
    /// Write a stored version as web copy: one self-contained HTML5 file
    // `--version N` picks a version here, so the subcommand has no version flag of its own.
    #[command(disable_version_flag = true)]
    Export(ExportArgs),
    /// List an event's versions and what changed between them
    History {
        /// Event id
        #[arg(add = ArgValueCompleter::new(crate::cmd::complete::events))]
        event: String,
        /// Only this output kind
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Only this language: the event's `language` or one of its `translations` (default: every one)
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Validate the whole workspace and report every problem
    Check(CheckArgs),
    /// Sign a version off (clearance): recorded beside the version, never rewritten
    #[command(disable_version_flag = true)]
    Clear(ClearArgs),
    /// Write the release copy of a cleared version (vNNN.release.docx)
    #[command(disable_version_flag = true)]
    Release(ReleaseArgs),
    /// Each event's latest versions: stage, sign-offs missing, days before the event
    Status {
        /// Only this event (default: every event)
        #[arg(add = ArgValueCompleter::new(crate::cmd::complete::events))]
        event: Option<String>,
        /// Only this language (default: every language each event is drafted in)
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Approved strategic messages
    Snippets {
        #[command(subcommand)]
        command: ListCommand<SnippetFilter>,
    },
    /// Policy-unit facts
    Facts {
        #[command(subcommand)]
        command: ListCommand<FactFilter>,
    },
    /// Events
    Events {
        #[command(subcommand)]
        command: EventsCommand,
    },
    /// Built-in templates, to copy and adapt
    Templates {
        #[command(subcommand)]
        command: TemplatesCommand,
    },
    /// The house style: export the built-in look as a .docx, or show where each style comes from
    Style {
        #[command(subcommand)]
        command: StyleCommand,
    },
    /// Translations of messages and facts: status, XLIFF export and import
    Translations {
        #[command(subcommand)]
        command: TranslationsCommand,
    },
    /// Print the JSON Schema of a content file, for editor validation
    Schema {
        #[arg(value_enum)]
        what: SchemaWhat,
    },
    /// Print a shell completion script (commands, options, event, message and fact ids)
    ///
    /// The script asks lectern for candidates, so ids come from the workspace in use (or the
    /// one -C names). bash: `source <(lectern completions bash)`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff: `lectern man | man -l -`)
    Man,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// Event ids or paths of event files
    #[arg(required = true, value_name = "EVENT", add = ArgValueCompleter::new(crate::cmd::complete::events))]
    pub events: Vec<String>,
    /// Only this output kind (default: every output the event lists)
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Only this language: the event's `language` or one of its `translations` (default: every one)
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Proceed with draft, retired or expired messages; the draft is marked NOT CLEARED
    #[arg(long)]
    pub allow_unapproved: bool,
    /// Regenerate from the inputs alone, leaving out the hand edits of the latest version
    /// (recorded in the manifest); by default they are merged with the new render
    #[arg(long)]
    pub discard_edits: bool,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Event ids, globs over ids, event files or folders of events (default: every event)
    #[arg(value_name = "EVENT|DIR", add = ArgValueCompleter::new(crate::cmd::complete::events))]
    pub events: Vec<String>,
    /// Only this output kind
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Only events starting on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only events starting on or before this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Parallel jobs (default: the number of cores)
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Proceed with unapproved messages; those drafts are marked NOT CLEARED
    #[arg(long)]
    pub allow_unapproved: bool,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// A version number as given on the command line: `v001` as lectern prints it, `001` or `1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionArg(pub u32);

impl std::str::FromStr for VersionArg {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let digits = s.strip_prefix(['v', 'V']).unwrap_or(s);
        match digits.parse::<u32>() {
            Ok(n) if n >= 1 && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(VersionArg(n)),
            _ => Err(format!(
                "`{s}` is not a version: write it as printed (v001), or as a number (1)"
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Unified,
    Stat,
    /// One self-contained review page: side by side, words marked, moves linked
    Html,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("written").args(["redline", "output"]).multiple(true)))]
pub struct DiffArgs {
    /// An event id, or two files (.docx, .md, .txt) to compare
    #[arg(
        required = true,
        num_args = 1..=2,
        value_name = "EVENT | FILE_A FILE_B",
        add = ArgValueCompleter::new(crate::cmd::complete::events_or_files)
    )]
    pub targets: Vec<String>,
    /// Only this output kind (default: each kind the event has drafts of)
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Only this language: the event's `language` or one of its `translations` (default: every one)
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Older version: v001 as printed, 001 or 1 (default: the one before --to)
    #[arg(long, value_name = "N")]
    pub from: Option<VersionArg>,
    /// Newer version: v002 as printed, 002 or 2 (default: the latest)
    #[arg(long, value_name = "M")]
    pub to: Option<VersionArg>,
    /// human: paragraphs with changed words marked; unified: a line-based unified diff
    /// (one paragraph a line) for patch tools; stat: the summary; json: everything;
    /// html: a review page to open in a browser or print
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Also write a DOCX of the newer text with tracked changes against the older
    #[arg(long, value_name = "OUT.docx")]
    pub redline: Option<PathBuf>,
    /// Author of the tracked changes (default: the workspace's author setting)
    #[arg(long)]
    pub author: Option<String>,
    /// Write the comparison to FILE instead of standard output (never inside the output folder)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --redline or -o file if it exists (never a stored version)
    #[arg(long, requires = "written")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One HTML5 file: pictures embedded, footnotes as numbered notes
    Html,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Event id
    #[arg(value_name = "EVENT")]
    pub event: String,
    /// Output kind of the event (needed when it has several)
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// The language: the event's `language` or one of its `translations` (needed when it has translations)
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[arg(long, value_enum, default_value_t = ExportFormat::Html)]
    pub format: ExportFormat,
    /// Version number (default: the latest)
    #[arg(long, value_name = "N")]
    pub version: Option<u32>,
    /// Write to FILE instead of standard output (never inside the output folder)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ClearArgs {
    /// Event id
    #[arg(add = ArgValueCompleter::new(crate::cmd::complete::events))]
    pub event: String,
    /// The output kind
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// The language: the event's `language` or one of its `translations` (needed when it has translations)
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// The version: v003 as printed, 003 or 3 (default: the latest)
    #[arg(long, value_name = "N")]
    pub version: Option<VersionArg>,
    /// Who signs off (a name or role the clearance policy lists, e.g. Spokesperson)
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// A note kept with the sign-off
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReleaseArgs {
    /// Event id
    #[arg(add = ArgValueCompleter::new(crate::cmd::complete::events))]
    pub event: String,
    /// The output kind
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// The language: the event's `language` or one of its `translations` (needed when it has translations)
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// The version: v003 as printed, 003 or 3 (default: the latest)
    #[arg(long, value_name = "N")]
    pub version: Option<VersionArg>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Event id or path of the event file
    #[arg(value_name = "EVENT")]
    pub event: String,
    /// The output kind the file is a version of
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// The language: the event's `language` or one of its `translations` (needed when it has translations)
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    /// The reviewer's Word document
    #[arg(value_name = "FILE.docx")]
    pub file: PathBuf,
    /// Who edited the file
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// The version the file was edited from (default: the most similar version)
    #[arg(long, value_name = "N")]
    pub from: Option<u32>,
    /// A note kept in the manifest
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The file is the text as delivered (stage delivered, based on the last cleared version)
    #[arg(long)]
    pub as_delivered: bool,
    /// How long the delivery took, M:SS or H:MM:SS (with --as-delivered; a speech's duration
    /// calibrates its speaker's speaking rate)
    #[arg(long, value_name = "M:SS", requires = "as_delivered")]
    pub duration: Option<String>,
    /// The day it was delivered, YYYY-MM-DD, not after today (with --as-delivered)
    #[arg(long, value_name = "DATE", requires = "as_delivered")]
    pub delivered_on: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Fail on warnings too
    #[arg(long)]
    pub strict: bool,
    /// Warn about messages whose review date falls within this many days
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub expiring_within: i64,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum ListCommand<F: Args> {
    /// List with filters
    List {
        #[command(flatten)]
        filter: F,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// List with filters
    List {
        #[command(flatten)]
        filter: EventFilter,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write a skeleton event, events/ID.json, to fill in (never overwrites)
    New {
        /// The new event's id (letters, digits, '.', '_' or '-')
        id: String,
        /// Output kinds to draft (repeat for several; default: speech)
        #[arg(long, value_enum)]
        kind: Vec<KindArg>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Draft,
    Approved,
    Retired,
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClearanceArg {
    Public,
    Restricted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Fr,
    Es,
    Ar,
}

#[derive(Debug, Args)]
pub struct SnippetFilter {
    /// Only these message ids (globs such as `cyber-*` work)
    #[arg(value_name = "ID", add = ArgValueCompleter::new(crate::cmd::complete::messages))]
    pub ids: Vec<String>,
    /// Only this topic
    #[arg(long)]
    pub topic: Option<String>,
    /// Only this status (expired = approved but past its review date)
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Only messages with text in this language
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Only messages whose review date falls within this many days
    #[arg(long, value_name = "DAYS")]
    pub expiring_within: Option<i64>,
}

#[derive(Debug, Args)]
pub struct FactFilter {
    /// Only these fact ids (globs such as `fact-haechi-*` work)
    #[arg(value_name = "ID", add = ArgValueCompleter::new(crate::cmd::complete::facts))]
    pub ids: Vec<String>,
    /// Only this topic
    #[arg(long)]
    pub topic: Option<String>,
    /// Only this policy unit
    #[arg(long)]
    pub unit: Option<String>,
    /// Only this clearance
    #[arg(long, value_enum)]
    pub clearance: Option<ClearanceArg>,
    /// Only facts with a statement in this language
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Only stale facts
    #[arg(long)]
    pub stale: bool,
}

#[derive(Debug, Args)]
pub struct EventFilter {
    /// Only events starting on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only events starting on or before this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only events drafted in this language (their `language` or one of their `translations`)
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Only events with this output kind
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the templates in use, built-in or overridden
    List,
    /// Print a built-in template
    Show {
        #[arg(value_enum)]
        kind: KindArg,
    },
    /// Write built-in templates into templates/ to adapt; existing files are kept unless --force
    Export {
        /// Only this kind's template (default: every kind's, and the partials)
        #[arg(value_enum)]
        kind: Option<KindArg>,
        /// Replace files that already exist in templates/
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum StyleCommand {
    /// Write the built-in look as a .docx to change in Word or LibreOffice and use as
    /// `house_style` (never overwrites a file)
    Export {
        /// The file to write (default: style/house.docx in the workspace)
        file: Option<PathBuf>,
    },
    /// Show which style each role uses, where it comes from, and what falls back to built-ins
    Show,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaWhat {
    Message,
    Fact,
    Event,
    Settings,
}

#[derive(Debug, Subcommand)]
pub enum TranslationsCommand {
    /// Every message and fact × language: ok, outdated, unreviewed or missing, with the events
    /// that use it
    Status {
        /// Only this language
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write one language's texts as XLIFF 2.0 for translators (to standard output by default)
    Export {
        /// The language to translate into
        #[arg(long, value_enum)]
        lang: LangArg,
        /// Only the texts that are outdated, or missing
        #[arg(long, value_enum)]
        only: Option<OnlyArg>,
        /// The source language of the texts to export (default en)
        #[arg(long, value_enum, value_name = "LANG")]
        from: Option<LangArg>,
        /// Write to this file instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Write the translated texts of an XLIFF 2.0 file back into the content files
    Import {
        /// The XLIFF file the translation tool saved
        file: PathBuf,
        /// Who translated or reviewed the texts, recorded in `translations`
        #[arg(long, value_name = "NAME")]
        by: String,
        /// When, YYYY-MM-DD (default: today)
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Refuse a file that translates into another language
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnlyArg {
    Outdated,
    Missing,
}
