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
# Latest figures (2-core machine, no other build running; compare the columns of one row,
# not rows of different days). Mean wall time ± σ, hyperfine as above:
#
#   pair         lectern (user / sys)               git (user / sys)              lectern is
#   20k  .txt     2.6 ± 0.1 ms  (1.6 / 0.9 ms)      3.2 ± 0.1 ms  (2.3 / 0.8 ms)   1.21x faster
#   20k  .md      2.9 ± 0.2 ms  (1.8 / 1.1 ms)      3.3 ± 0.2 ms  (2.2 / 1.0 ms)   1.13x faster
#   200k .txt    11.9 ± 0.5 ms  (7.2 / 4.3 ms)     18.0 ± 0.5 ms (15.6 / 2.2 ms)   1.52x faster
#   200k .md     13.4 ± 0.6 ms  (8.1 / 5.0 ms)     17.8 ± 0.3 ms (15.4 / 2.2 ms)   1.33x faster
#
# At 20k start-up is most of the time: packed relocations (.cargo/config.toml) and reading the
# time zone only when a command needs today's date took 0.5-0.8 ms off it. lectern's system
# time at 200k is still higher than git's: it reads the files and keeps each paragraph as a
# String (~1,740 pages touched at 200k .txt against git's ~640). In-process diff alone
# (cargo bench --bench diff): 20k 0.45 ms, 200k 6.0 ms.
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
