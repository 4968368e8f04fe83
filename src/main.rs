//! The `lectern` binary: parse arguments, run, map the outcome to an exit status.

use std::process::ExitCode;

use clap::FromArgMatches;

fn main() -> ExitCode {
    lectern::cmd::install_panic_hook();
    lectern::cmd::complete::respond();
    let matches = lectern::cli::command().get_matches();
    let cli = lectern::cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    lectern::cmd::run(cli)
}
