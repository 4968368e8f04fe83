#!/usr/bin/env bash
# bench-batch.sh [EVENTS] — the batch benchmark.
#   1. generates a workspace of EVENTS events (default 1000; ~800 words each, facts, footnotes)
#   2. times `lectern batch` on it as a whole process (release build, --jobs = cores): three
#      cold runs that write every draft (median reported), and a warm run over unchanged
#      inputs (writes nothing)
#   3. the same workspace with a house style (HOUSE_STYLE=FILE.docx, default
#      tests/fixtures/house/pydocx.docx; HOUSE_STYLE= skips it), its cold runs interleaved with
#      the runs without one so both see the same machine; prints the ratio (goal: within 10%)
#   4. runs docxtpl (python-docx-template) on equivalent content in one Python process
#   5. prints documents per second, peak memory (GNU time's max RSS) and the ratio.
# DOCXTPL=0 skips docxtpl. RUNS=N sets the number of cold runs of each configuration (default 3). On a shared machine
# compare the two configurations of one run, never figures from different runs.
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
runs=${RUNS:-3}
house=${HOUSE_STYLE-tests/fixtures/house/pydocx.docx}
configs=(plain)
if [ -n "$house" ]; then
  configs+=(house)
  cp -r "$ws/src" "$ws/src-house"
  mkdir -p "$ws/src-house/style" && cp "$house" "$ws/src-house/style/house.docx"
  python3 - "$ws/src-house/lectern.json" <<'PY'
import json, os, sys
path = sys.argv[1]
s = json.load(open(path)) if os.path.exists(path) else {}
s["house_style"] = "style/house.docx"
json.dump(s, open(path, "w"), indent=2)
PY
fi
# One copy per cold run and configuration (a cold run needs an empty output folder), written
# to disk before timing so the generator's writeback does not land in lectern's time.
for i in $(seq "$runs"); do
  for c in "${configs[@]}"; do
    src="$ws/src"; [ "$c" = house ] && src="$ws/src-house"
    mkdir "$ws/$c-$i" && cp -r "$src/." "$ws/$c-$i/"
  done
done
sync
sleep 1

# run DIR: one whole-process batch; sets secs, kib and cpu (user + system seconds).
run() {
  /usr/bin/time -f '%e %M %U %S' -o "$ws/time.txt" ./target/release/lectern -q -C "$1" --today 2026-11-21 batch --format json >"$1/batch.json"
  read -r secs kib user sys <"$ws/time.txt"
  cpu=$(python3 -c "print(round($user + $sys, 2))")
}
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
declare -A walls cpus peaks
kernel_heavy=0
# Interleaved: plain 1, house 1, plain 2, house 2, ...
for i in $(seq "$runs"); do
  for c in "${configs[@]}"; do
    run "$ws/$c-$i"
    walls[$c]="${walls[$c]:-} $secs"
    cpus[$c]="${cpus[$c]:-} $cpu"
    peaks[$c]=$(( kib > ${peaks[$c]:-0} ? kib : ${peaks[$c]:-0} ))
    kernel_heavy=$(python3 -c "print(int($kernel_heavy or $sys > 1.5 * $user))")
  done
done
load=$(cut -d' ' -f1-3 /proc/loadavg)
for c in "${configs[@]}"; do
  # shellcheck disable=SC2086
  med_wall=$(median ${walls[$c]}) med_cpu=$(median ${cpus[$c]})
  files=$(find "$ws/$c-1/output" -name 'v001.docx' | wc -l)
  avg_kb=$(find "$ws/$c-1/output" -name 'v001.docx' -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/NR/1024}')
  words=$(python3 -c "import json,sys; d=json.load(open('$ws/$c-1/batch.json')); w=[i['words'] for i in d['items']]; print(sum(w)//len(w))")
  run "$ws/$c-1"
  label="lectern batch"; [ "$c" = house ] && label="with house style"
  echo "$label: $n events, $files DOCX (avg $avg_kb KB, $words words), cold ${med_wall}s (median of${walls[$c]}), CPU ${med_cpu}s (median of${cpus[$c]}), peak $((peaks[$c] / 1024)) MiB; unchanged re-run ${secs}s, CPU ${cpu}s, peak $((kib / 1024)) MiB"
  eval "wall_$c=$med_wall cpu_$c=$med_cpu"
done
echo "load average during the runs: $load (2 cores: above 2, other work shares the CPU)"
if [ -n "$house" ]; then
  python3 - "$wall_plain" "$wall_house" "$cpu_plain" "$cpu_house" "$house" <<'PY'
import sys
wp, wh, cp, ch = map(float, sys.argv[1:5])
print(f"house style ({sys.argv[5]}) / none: wall {wh / wp:.2f}x, CPU {ch / cp:.2f}x (goal: within 1.10x)")
PY
fi
cold_s=$wall_plain
lectern_dps=$(python3 -c "print(round($n / $cold_s, 1))")

if [ "$kernel_heavy" = 1 ]; then
  echo "note: kernel time exceeded 1.5x user time. On ext4 without a journal, creating files" \
    "within ~5 minutes of deleting many (an earlier run's clean-up, a build) is slow:" \
    "the kernel checks every recently freed inode. See benches/README.md."
fi

[ "${DOCXTPL:-1}" = 0 ] && exit 0
docxtpl=$(python3 benches/bench_docxtpl.py "$ws/src" | tail -1)
echo "docxtpl:       $docxtpl"
python3 - "$lectern_dps" "$docxtpl" <<'PY'
import json, sys
ours = float(sys.argv[1]); theirs = json.loads(sys.argv[2])["docs_per_second"]
print(f"ratio: lectern is {ours / theirs:.1f}x docxtpl's documents per second (goal: 40x)")
PY
