//! Three-way merge of three Markdown files as one process, the way `git merge-file -p` is run,
//! for the whole-process comparison in `scripts/bench-merge.sh`: prints the merged text and
//! exits 1 when there are conflicts (the reviewer's wording is kept in the text).
//!
//! Usage: cargo run --release --example merge3 -- BASE EDITS INPUTS

use std::io::{BufWriter, Write};

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
    // The merged text goes out as it is joined, through one buffer.
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let merged = lectern::diff::merge::merge_markdown_to(&base, &edits, &inputs, &mut out)
        .and_then(|m| out.flush().map(|()| m));
    match merged {
        // Exit straight away: the texts are not freed one by one (the system takes the memory
        // back at once), as a short-lived tool like `git merge-file` does.
        Ok(m) => std::process::exit(i32::from(!m.conflicts.is_empty())),
        Err(e) => {
            eprintln!("error: writing the merged text: {e}");
            std::process::exit(2);
        }
    }
}
