//! `lectern history`: an event's versions and what changed between them.

use super::{CmdResult, Context, Failure};
use crate::cli::{Format, KindArg};
use crate::error::Error;

pub(super) fn run(
    _ctx: &Context,
    _event: &str,
    _kind: Option<KindArg>,
    _format: Format,
) -> CmdResult {
    Err(Failure::One(Error::input("history is not available yet")))
}
