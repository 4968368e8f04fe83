//! Diff speed: deterministic 20,000- and 200,000-word document pairs (~5% of sentences edited,
//! one paragraph moved), diffed in-process and timed; `--write DIR` writes the pairs as
//! `.md` and `.txt` files instead, for the whole-process comparison with git in
//! `scripts/bench-diff.sh`.
//!
//!     cargo bench --bench diff                 # in-process timings
//!     cargo bench --bench diff -- --write DIR  # write DIR/{20k,200k}-{old,new}.{md,txt}

mod corpus;

use std::time::{Duration, Instant};

use lectern::diff;
use lectern::document::{Block, BlockKind, Document, Inline};

fn document(text: &str) -> Document {
    Document {
        blocks: text
            .split("\n\n")
            .map(|p| Block::new(BlockKind::Paragraph, vec![Inline::text(p.trim())]))
            .collect(),
        ..Document::default()
    }
}

fn pair(words: usize) -> (String, String) {
    let old = corpus::generate(words, 0x5eed_0000 + words as u64);
    let new = corpus::edit(&old, 0xed17_0000 + words as u64, true);
    (corpus::text(&old), corpus::text(&new))
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
            let (old, new) = pair(words);
            for ext in ["md", "txt"] {
                std::fs::write(format!("{dir}/{name}-old.{ext}"), &old).expect("write");
                std::fs::write(format!("{dir}/{name}-new.{ext}"), &new).expect("write");
            }
        }
        return;
    }
    for (name, words) in [("20k", 20_000), ("200k", 200_000)] {
        let (old, new) = pair(words);
        let (a, b) = (document(&old), document(&new));
        let runs = if words > 100_000 { 10 } else { 50 };
        let mut best = Duration::MAX;
        let mut summary = String::new();
        for _ in 0..runs {
            let t = Instant::now();
            summary = diff::diff(&a, &b).stats.summary();
            best = best.min(t.elapsed());
        }
        println!(
            "diff {name:>5} words: best of {runs}: {:>7.2} ms   ({summary})",
            best.as_secs_f64() * 1e3
        );
    }
}
