#!/bin/sh
# Whole-process diff speed, lectern against git, on the same deterministic pairs
# (20,000 and 200,000 words, ~5% of sentences edited, one paragraph moved):
#
#   scripts/bench-diff.sh [OUT_DIR]
#
# which builds a release binary and runs, for each size and for .md and .txt:
#   hyperfine -N -i --warmup 5 --runs 60 \
#     'target/release/lectern --color never diff A B --format stat' \
#     'git diff --no-index --word-diff A B'
# Needs hyperfine (apt-get install -y hyperfine). CARGO_TARGET_DIR is honoured.
# In-process timings of the diff alone: cargo bench --bench diff
#
# Latest figures (2-core machine shared with other builds, load average ~2.4: compare the
# columns of one row, not rows of different days; σ of 1-3 ms at 200k is common, so repeat).
# Mean wall time, hyperfine as above, before and after the copy-free loading:
#
#   pair         before     lectern (user / sys)         git (user / sys)
#   20k  .txt     4.7 ms    3.5 ms  (2.1 / 1.2 ms)       4.5 ms  (2.6 / 1.8 ms)
#   20k  .md      4.3 ms    3.9 ms  (2.4 / 1.3 ms)       5.6 ms  (2.5 / 1.9 ms; median 4.5)
#   200k .txt    24.0 ms   14.9 ms  (9.1 / 5.4 ms)      19.7 ms  (16.3 / 2.8 ms)
#   200k .md     22.4 ms   15.3 ms  (8.9 / 5.5 ms)      19.2 ms  (16.1 / 2.7 ms)
#
# lectern's system time is still higher than git's: it touches ~1,740 (200k .txt) and ~1,940
# (.md) pages against git's ~640 (git maps the files; lectern reads them, and each paragraph
# is a String of its own). In-process diff alone (cargo bench --bench diff): 20k 0.45 ms,
# 200k 6.0 ms.
set -eu
cd "$(dirname "$0")/.."
out="${1:-target/bench-diff}"
bin="${CARGO_TARGET_DIR:-target}/release/lectern"
cargo build --release --quiet
cargo bench --quiet --bench diff -- --write "$out" >/dev/null
for size in 20k 200k; do
  for ext in txt md; do
    a="$out/$size-old.$ext"
    b="$out/$size-new.$ext"
    echo "== $size words ($ext): $("$bin" --color never diff "$a" "$b" --format stat | tail -n 1)"
    # git exits 1 when the files differ; -i lets hyperfine accept that.
    hyperfine -N -i --warmup 5 --runs 60 --style basic \
      "$bin --color never diff $a $b --format stat" \
      "git diff --no-index --word-diff $a $b"
  done
done
