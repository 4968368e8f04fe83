#!/bin/sh
# Three-way merge speed, lectern against git merge-file, whole process, on the same three
# deterministic texts (20,000 and 200,000 words; the reviewer's copy has ~5% of sentences
# edited and one paragraph moved, the new render another ~5% of sentences edited):
#
#   scripts/bench-merge.sh [OUT_DIR]
#
# which builds the release example `merge3` (reads the three files, merges them paragraph by
# paragraph then word by word, prints the result) and runs, for each size:
#   hyperfine -N -i --warmup 5 --runs 40 \
#     'target/release/examples/merge3 BASE EDITS INPUTS' \
#     'git merge-file -p EDITS BASE INPUTS'
# then the CPU time (user + system) of both run in turn, 100 rounds, so that a busy machine slows
# them alike (scripts/cpu-interleaved.py; its ratio is the figure to compare).
# Needs hyperfine (apt-get install -y hyperfine) and python3. CARGO_TARGET_DIR is honoured.
# In-process timings of the merge alone: cargo bench --bench merge
# Figures: benches/README.md (Merge).
set -eu
cd "$(dirname "$0")/.."
out="${1:-target/bench-merge}"
bin="${CARGO_TARGET_DIR:-target}/release/examples/merge3"
cargo build --release --quiet --example merge3
cargo bench --quiet --bench merge -- --write "$out" >/dev/null
for size in 20k 200k; do
  b="$out/$size-base.md"
  e="$out/$size-edits.md"
  i="$out/$size-inputs.md"
  # Both exit 1 when there are conflicts; -i lets hyperfine accept that.
  lc=$("$bin" "$b" "$e" "$i" | wc -l) || true
  gc=$(git merge-file -p "$e" "$b" "$i" | grep -c '^<<<<<<<') || true
  echo "== $size words: lectern's merged text has $lc lines; git merge-file marks $gc conflicts"
  hyperfine -N -i --warmup 5 --runs 40 --style basic \
    "$bin $b $e $i" \
    "git merge-file -p $e $b $i"
  scripts/cpu-interleaved.py --runs 100 "$bin $b $e $i" "git merge-file -p $e $b $i"
done
