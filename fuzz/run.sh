#!/usr/bin/env bash
# Build every fuzz target and run each for SECONDS (default 30), failing on the first crash,
# panic, out-of-memory or timeout. Needs cargo-fuzz and a nightly toolchain:
#   cargo install cargo-fuzz --locked && rustup toolchain install nightly
# The committed seeds in fuzz/corpus/<target>/ are read, never written: what libFuzzer finds
# goes to fuzz/target/corpus/<target>/ (ignored by git); a crash leaves its input in
# fuzz/artifacts/<target>/, to replay with `cargo +nightly fuzz run <target> <file>`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
targets=(loaders render markdown_docx docx_read docx_structure diff translations merge)
# libFuzzer's flags need a nightly compiler. Where only stable is installed (no toolchain can be
# downloaded on some machines), stable with RUSTC_BOOTSTRAP runs the same coverage-guided
# fuzzing without AddressSanitizer (safe Rust needs it least).
if [ -n "${FUZZ_TOOLCHAIN:-}" ]; then
  toolchain=$FUZZ_TOOLCHAIN; sanitizer=()
elif rustup run nightly rustc --version >/dev/null 2>&1; then
  toolchain=nightly; sanitizer=()
else
  toolchain=stable; sanitizer=(-s none); export RUSTC_BOOTSTRAP=1
  echo "fuzz: no nightly toolchain; using stable without AddressSanitizer"
fi

cargo "+$toolchain" fuzz build -O "${sanitizer[@]}"
for t in "${targets[@]}"; do
  mkdir -p "fuzz/target/corpus/$t"
  echo "== fuzz $t for ${seconds}s"
  log=$(mktemp)
  # -rss_limit_mb: an input that needs more memory than this is a finding, not a slow machine.
  if ! cargo "+$toolchain" fuzz run -O "${sanitizer[@]}" "$t" "fuzz/target/corpus/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
      >"$log" 2>&1; then
    tail -60 "$log"
    echo "fuzz target $t failed; the input is in fuzz/artifacts/$t/"
    rm -f "$log"
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^Done ' "$log" | sed "s/^/  $t: /" || true
  rm -f "$log"
done
echo "fuzzing passed"
