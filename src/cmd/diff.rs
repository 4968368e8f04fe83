//! `lectern diff`: compare two versions of a draft, or any two files.

use super::{CmdResult, Context, Failure};
use crate::cli::DiffArgs;
use crate::error::Error;

pub(super) fn run(_ctx: &Context, _args: DiffArgs) -> CmdResult {
    Err(Failure::One(Error::input("diff is not available yet")))
}
