//! Three-way merge of three Markdown files as one process, the way `git merge-file -p` is run,
//! for the whole-process comparison in `scripts/bench-merge.sh`: prints the merged text and
//! exits 1 when there are conflicts (the reviewer's wording is kept in the text).
//!
//! Usage: cargo run --release --example merge3 -- BASE EDITS INPUTS

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, edits, inputs] = args.as_slice() else {
        anyhow::bail!("usage: merge3 BASE EDITS INPUTS");
    };
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| anyhow::anyhow!("{p}: {e}"));
    let m = lectern::diff::merge::merge_text(&read(base)?, &read(edits)?, &read(inputs)?);
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(lectern::diff::merge::join(&m.units).as_bytes())?;
    out.flush()?;
    if !m.conflicts.is_empty() {
        std::process::exit(1);
    }
    Ok(())
}
