//! The `lectern` binary: parse arguments, run, map the outcome to an exit status.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    lectern::cmd::install_panic_hook();
    let cli = lectern::cli::Cli::parse();
    lectern::cmd::run(cli)
}
