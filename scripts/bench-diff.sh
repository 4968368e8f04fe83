#!/bin/sh
# Whole-process diff speed, lectern against git, on the same deterministic pairs
# (20,000 and 200,000 words, ~5% of sentences edited, one paragraph moved):
#
#   scripts/bench-diff.sh [OUT_DIR]
#
# which runs, for each size and for .md and .txt:
#   hyperfine -N --warmup 3 \
#     'target/release/lectern diff A B --format stat' \
#     'git diff --no-index --word-diff A B'
# Needs hyperfine (apt-get install -y hyperfine) and a release build (built here).
# In-process timings of the diff alone: cargo bench --bench diff
set -eu
cd "$(dirname "$0")/.."
out="${1:-target/bench-diff}"
cargo build --release --quiet
cargo bench --quiet --bench diff -- --write "$out" >/dev/null
for size in 20k 200k; do
  for ext in txt md; do
    a="$out/$size-old.$ext"
    b="$out/$size-new.$ext"
    echo "== $size words ($ext): $(target/release/lectern --color never diff "$a" "$b" --format stat | tail -n 1)"
    # git exits 1 when the files differ; -i lets hyperfine accept that.
    hyperfine -N -i --warmup 3 --style basic \
      "target/release/lectern --color never diff $a $b --format stat" \
      "git diff --no-index --word-diff $a $b"
  done
done
