//! Three-way merge of three Markdown files as one process, the way `git merge-file -p` is run,
//! for the whole-process comparison in `scripts/bench-merge.sh`: prints the merged text and
//! exits 1 when there are conflicts (the reviewer's wording is kept in the text).
//!
//! Usage: cargo run --release --example merge3 -- BASE EDITS INPUTS

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, edits, inputs] = args.as_slice() else {
        eprintln!("usage: merge3 BASE EDITS INPUTS");
        std::process::exit(2);
    };
    let read = |p: &str| {
        std::fs::read_to_string(p).unwrap_or_else(|e| {
            eprintln!("error: {p}: {e}");
            std::process::exit(2);
        })
    };
    let (base, edits, inputs) = (read(base), read(edits), read(inputs));
    let (text, merged) = lectern::diff::merge::merge_markdown(&base, &edits, &inputs);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        eprintln!("error: writing the merged text: {e}");
        std::process::exit(2);
    }
    // Exit straight away: the texts are not freed one by one (the system takes the memory
    // back at once), as a short-lived tool like `git merge-file` does.
    std::process::exit(i32::from(!merged.conflicts.is_empty()));
}
