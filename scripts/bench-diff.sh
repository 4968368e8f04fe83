#!/bin/sh
# Whole-process diff speed, lectern against git, on the same deterministic pairs
# (20,000 and 200,000 words, ~5% of sentences edited, one paragraph moved):
#
#   scripts/bench-diff.sh [OUT_DIR]
#
# which builds a release binary and runs, for each size and for .md and .txt:
#   hyperfine -N -i --warmup 3 --runs 20 \
#     'target/release/lectern --color never diff A B --format stat' \
#     'git diff --no-index --word-diff A B'
# Needs hyperfine (apt-get install -y hyperfine). CARGO_TARGET_DIR is honoured.
# In-process timings of the diff alone: cargo bench --bench diff
#
# Latest figures (2-core machine shared with other builds, load average ~6: compare the two
# columns of one row, not rows of different days). Mean wall time, lectern vs git:
#
#   pair         before        after         git
#   20k  .txt    12.2 ms       6.3 ms        7.4 ms
#   20k  .md      9.4 ms       5.6 ms        6.9 ms
#   200k .txt    61.7 ms      31.8 ms       28.6 ms   (σ ≈ 7 ms; user CPU 12.9 vs git 22.5 ms)
#   200k .md     53.0 ms      32.0 ms       39.4 ms
#
# In-process diff alone (cargo bench --bench diff): 20k 2.54 -> 0.80 ms, 200k 43 -> 19 ms.
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
    hyperfine -N -i --warmup 3 --runs 20 --style basic \
      "$bin --color never diff $a $b --format stat" \
      "git diff --no-index --word-diff $a $b"
  done
done
