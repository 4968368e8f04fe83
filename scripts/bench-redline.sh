#!/usr/bin/env bash
# Whole-process redline speed on 25 realistic edit pairs in en, fr and ar (a word changed, a
# sentence rewritten, a paragraph moved, a footnote source fixed, paragraphs removed and
# added, several edits at once), DOCX in, redline DOCX out:
#
#   scripts/bench-redline.sh [OUT_DIR] [BEFORE_BINARY]
#
# builds a release binary, drafts the sample workspace into OUT_DIR (default
# target/bench-redline), makes the pairs (scripts/redline-pairs.py) and times, per pair, with
# hyperfine (-N, whole process, median of 30 runs; Docxodus 3 runs):
#   lectern -q diff OLD NEW --redline OUT --force
#   BEFORE_BINARY -q diff OLD NEW --redline OUT --force    (when given: an older lectern build)
#   Docxodus, the engine of python-redlines[all] (pip install 'python-redlines[all]'), run
#   as python-redlines runs it: REDLINE OLD NEW OUT --author=lectern
# then prints one row per pair and the medians. Needs hyperfine, python3 with lxml.
#
# Latest figures (2-core machine at load ~1; compare the columns of one run), run from the
# repository root so the sample's house style applies, BEFORE_BINARY a release build of the
# plain-document redline this replaced (d37a422):
#
#   median of 25 pairs   lectern 6.8 ms   before 4.7 ms (1.43x, every pair at most 1.49x)
#   Docxodus 542 ms (80x; every pair at least 75x faster than Docxodus)
#
# The difference from before is mostly the house style's per-process preparation: without a
# house style both take about the same CPU time.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/bench-redline}"
before="${2:-}"
bin="${CARGO_TARGET_DIR:-target}/release/lectern"
cargo build --release --quiet
rm -rf "$out" && mkdir -p "$out/ws"
cp -r snippets events lectern.json "$out/ws"/
for d in templates style assets; do [ -d "$d" ] && cp -r "$d" "$out/ws"/; done
"$bin" -C "$out/ws" --today 2026-11-21 batch -q
python3 scripts/redline-pairs.py "$out/ws/output" "$out/pairs" >/dev/null
docxodus=$(python3 -c "from python_redlines import DocxodusEngine as E; print(E()._build_command('a','b','c','d')[0])")
mkdir -p "$out/json"
for old in "$out"/pairs/{en,fr,ar}-*.old.docx; do
  n=$(basename "${old%.old.docx}")
  new="$out/pairs/$n.new.docx"
  cmds=("$bin -q diff $old $new --redline $out/pairs/$n.redline.docx --force")
  [ -n "$before" ] && cmds+=("$before -q diff $old $new --redline $out/pairs/$n.before.docx --force")
  hyperfine -N -i --warmup 3 --runs 30 --style none --export-json "$out/json/$n.lectern.json" "${cmds[@]}" >/dev/null
  hyperfine -N -i --warmup 1 --runs 3 --style none --export-json "$out/json/$n.docxodus.json" \
    "$docxodus $old $new $out/pairs/$n.docxodus.docx --author=lectern" >/dev/null
done
python3 - "$out/json" "${before:+yes}" <<'PY'
import json, pathlib, statistics, sys
folder, has_before = pathlib.Path(sys.argv[1]), sys.argv[2] == "yes"
rows = []
for f in sorted(folder.glob("*.lectern.json")):
    name = f.name[: -len(".lectern.json")]
    lec = json.load(open(f))["results"]
    dox = json.load(open(folder / f"{name}.docxodus.json"))["results"][0]["median"]
    now = lec[0]["median"]
    was = lec[1]["median"] if has_before else None
    rows.append((name, now, was, dox))
head = f"{'pair':58} {'lectern':>9}" + (f" {'before':>9} {'now/before':>10}" if has_before else "") + f" {'Docxodus':>9} {'faster':>7}"
print(head)
for name, now, was, dox in rows:
    line = f"{name:58} {now*1000:7.1f}ms"
    if has_before:
        line += f" {was*1000:7.1f}ms {now/was:9.2f}x"
    line += f" {dox*1000:7.0f}ms {dox/now:6.0f}x"
    print(line)
med = lambda k: statistics.median(r[k] for r in rows)
line = f"{'median of ' + str(len(rows)) + ' pairs':58} {med(1)*1000:7.1f}ms"
if has_before:
    line += f" {med(2)*1000:7.1f}ms {statistics.median(r[1]/r[2] for r in rows):9.2f}x"
line += f" {med(3)*1000:7.0f}ms {statistics.median(r[3]/r[1] for r in rows):6.0f}x"
print(line)
worst = max(r[1] / r[2] for r in rows) if has_before else None
if has_before:
    print(f"slowest against before: {worst:.2f}x; least ahead of Docxodus: {min(r[3]/r[1] for r in rows):.0f}x")
else:
    print(f"least ahead of Docxodus: {min(r[3]/r[1] for r in rows):.0f}x")
PY
