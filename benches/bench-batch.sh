#!/usr/bin/env bash
# bench-batch.sh [EVENTS] — the batch benchmark.
#   1. generates a workspace of EVENTS events (default 1000; ~800 words each, facts, footnotes)
#   2. times `lectern batch` on it as a whole process (release build, --jobs = cores): three
#      cold runs that write every draft (median reported), and a warm run over unchanged
#      inputs (writes nothing)
#   3. runs docxtpl (python-docx-template) on equivalent content in one Python process
#   4. prints documents per second, peak memory (GNU time's max RSS) and the ratio.
# With HOUSE_STYLE=FILE.docx, the workspace drafts with that house style (to compare with and
# without one: the house parts are prepared once per process, so the two should be close).
# Run from the repository root: benches/bench-batch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --quiet
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
python3 -c 'import docxtpl' 2>/dev/null || pip install -q docxtpl
ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT
python3 benches/gen_workspace.py "$ws/src" "$n" >/dev/null
if [ -n "${HOUSE_STYLE:-}" ]; then
  mkdir -p "$ws/src/style" && cp "$HOUSE_STYLE" "$ws/src/style/house.docx"
  python3 - "$ws/src/lectern.json" <<'PY'
import json, os, sys
path = sys.argv[1]
s = json.load(open(path)) if os.path.exists(path) else {}
s["house_style"] = "style/house.docx"
json.dump(s, open(path, "w"), indent=2)
PY
fi
# Three copies, one per cold run (a cold run needs an empty output folder), written to disk
# before timing so the generator's writeback does not land in lectern's time.
for i in 1 2 3; do mkdir "$ws/$i" && cp -r "$ws/src/." "$ws/$i/"; done
sync
sleep 1

# run DIR: one whole-process batch; sets secs and kib.
run() { /usr/bin/time -f '%e %M %U %S' -o "$ws/time.txt" ./target/release/lectern -q -C "$1" --today 2026-11-21 batch --format json >"$1/batch.json"; read -r secs kib user sys <"$ws/time.txt"; }
colds=()
peak=0
kernel_heavy=0
for i in 1 2 3; do
  run "$ws/$i"
  colds+=("$secs")
  peak=$(( kib > peak ? kib : peak ))
  kernel_heavy=$(python3 -c "print(int($kernel_heavy or $sys > 1.5 * $user))")
done
cold_s=$(printf '%s\n' "${colds[@]}" | sort -n | sed -n 2p)
files=$(find "$ws/1/output" -name 'v001.docx' | wc -l)
avg_kb=$(find "$ws/1/output" -name 'v001.docx' -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/NR/1024}')
words=$(python3 -c "import json,sys; d=json.load(open('$ws/1/batch.json')); w=[i['words'] for i in d['items']]; print(sum(w)//len(w))")
run "$ws/1"
warm_s=$secs warm_kib=$kib
lectern_dps=$(python3 -c "print(round($n / $cold_s, 1))")
echo "lectern batch: $n events, $files DOCX (avg $avg_kb KB, $words words), cold ${cold_s}s (median of ${colds[*]}) = $lectern_dps drafts/s, peak $((peak / 1024)) MiB; unchanged re-run ${warm_s}s, peak $((warm_kib / 1024)) MiB"

if [ "$kernel_heavy" = 1 ]; then
  echo "note: kernel time exceeded 1.5x user time. On ext4 without a journal, creating files" \
    "within ~5 minutes of deleting many (an earlier run's clean-up, a build) is slow:" \
    "the kernel checks every recently freed inode. See benches/README.md."
fi

docxtpl=$(python3 benches/bench_docxtpl.py "$ws/src" | tail -1)
echo "docxtpl:       $docxtpl"
python3 - "$lectern_dps" "$docxtpl" <<'PY'
import json, sys
ours = float(sys.argv[1]); theirs = json.loads(sys.argv[2])["docs_per_second"]
print(f"ratio: lectern is {ours / theirs:.1f}x docxtpl's documents per second (goal: 40x)")
PY
