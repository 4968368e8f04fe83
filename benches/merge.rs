//! Three-way merge speed: deterministic 20,000- and 200,000-word documents (the base), a
//! reviewer's copy (~5% of sentences edited, one paragraph moved) and a new render (another
//! ~5% of sentences edited), merged in-process and timed; `--write DIR` writes the three texts
//! as `DIR/{20k,200k}-{base,edits,inputs}.md` instead, for the whole-process comparison with
//! `git merge-file` in `scripts/bench-merge.sh`.
//!
//!     cargo bench --bench merge                 # in-process timings
//!     cargo bench --bench merge -- --write DIR  # write the texts

mod corpus;

use std::time::{Duration, Instant};

use lectern::diff::merge;

/// The base, the reviewer's copy and the new render.
fn triple(words: usize) -> (String, String, String) {
    let base = corpus::generate(words, 0x5eed_0000 + words as u64);
    let edits = corpus::edit(&base, 0xed17_0000 + words as u64, true);
    let inputs = corpus::edit(&base, 0x1a9c_0000 + words as u64, false);
    (
        corpus::text(&base),
        corpus::text(&edits),
        corpus::text(&inputs),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let Some(dir) = args.get(i + 1) else {
            eprintln!("--write needs a folder");
            std::process::exit(2);
        };
        std::fs::create_dir_all(dir).expect("create the output folder");
        for (name, words) in [("20k", 20_000), ("200k", 200_000)] {
            let (base, edits, inputs) = triple(words);
            for (what, text) in [("base", &base), ("edits", &edits), ("inputs", &inputs)] {
                std::fs::write(format!("{dir}/{name}-{what}.md"), text).expect("write");
            }
        }
        return;
    }
    for (name, words) in [("20k", 20_000), ("200k", 200_000)] {
        let (base, edits, inputs) = triple(words);
        let runs = if words > 100_000 { 10 } else { 50 };
        let mut best = Duration::MAX;
        let mut m = merge::Merged::default();
        for _ in 0..runs {
            let t = Instant::now();
            m = merge::merge_text(&base, &edits, &inputs);
            best = best.min(t.elapsed());
        }
        println!(
            "merge {name:>5} words: best of {runs}: {:>7.2} ms   ({} paragraphs, {} edits kept, {} conflicts)",
            best.as_secs_f64() * 1e3,
            m.units.len(),
            m.edits_kept,
            m.conflicts.len()
        );
    }
}
