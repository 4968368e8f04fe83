#!/usr/bin/env bash
# bench-calibration.sh [EVENTS] [VERSIONS] — what reading the delivered speeches costs.
#   1. generates a workspace of EVENTS events (default 1000, a mix of kinds and languages, one
#      speaker) and drafts it (release build)
#   2. copies it and gives every speech VERSIONS versions (default 20: v001 copied, manifests
#      renumbered, files hard-linked), one in five delivered with a plausible duration, so the
#      calibration has thousands of manifests to look through
#   3. times whole-process runs with hyperfine on both copies: `batch` over unchanged inputs
#      (its summary shows calibrated speech times) and `status`
# The difference between the two copies is the scan (plus listing the longer version folders).
# Run from the repository root: benches/bench-calibration.sh
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
versions=${2:-20}
bin=${LECTERN:-./target/release/lectern}
[ -n "${LECTERN:-}" ] || cargo build --release --quiet --bin lectern
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 2; }
ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT
python3 benches/gen_workspace.py "$ws/one" "$n" >/dev/null
"$bin" -q -C "$ws/one" --today 2026-11-21 batch >/dev/null
cp -r "$ws/one" "$ws/many"
python3 - "$ws/many/output" "$versions" <<'PY'
import json, os, random, sys
out, k = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
made = delivered = 0
for event in sorted(os.listdir(out)):
    d = os.path.join(out, event, "speech")
    if not os.path.isdir(d):
        continue
    m = json.load(open(os.path.join(d, "v001.json")))
    for v in range(2, k + 1):
        name = f"v{v:03}"
        for ext in ("docx", "md"):
            os.link(os.path.join(d, f"v001.{ext}"), os.path.join(d, f"{name}.{ext}"))
        m2 = dict(m, version=v, files=dict(m["files"], docx=f"{name}.docx", markdown=f"{name}.md"))
        if v % 5 == 0:
            rate = rng.uniform(100, 160)
            m2["origin"] = {"kind": "delivered", "by": "Speechwriter", "file": "as-said.docx",
                            "sha256": "0" * 64, "based_on": 1,
                            "duration_seconds": round(m["words"] * 60 / rate),
                            "delivered_on": "2026-11-20", "speaker": "Dr Amina Okafor"}
            delivered += 1
        with open(os.path.join(d, f"{name}.json"), "w") as f:
            json.dump(m2, f, indent=2)
        made += 1
print(f"{made} speech versions added, {delivered} delivered")
PY
speeches=$(find "$ws/many/output" -path '*/speech/v*.json' | wc -l)
echo "workspace: $n events; 'one' has one version per output, 'many' $speeches speech manifests"
# The scan alone: `status` of one event runs it only when the event has a speech (it is read on
# first use), so a speech event against a blog event on the same workspace isolates it.
speech_ev= other_ev=
for d in "$ws"/many/output/*/; do
  e=$(basename "$d")
  [ -z "$speech_ev" ] && [ -d "$d/speech" ] && speech_ev=$e
  [ -z "$other_ev" ] && [ -d "$d/blog" ] && other_ev=$e
done
hyperfine -N --warmup 3 --runs 30 \
  -n "status $other_ev (blog: no scan)" "$bin -C $ws/many --today 2026-11-21 status $other_ev" \
  -n "status $speech_ev (speech: scan of $speeches manifests)" "$bin -C $ws/many --today 2026-11-21 status $speech_ev"
for cmd in "batch" "status"; do
  hyperfine -N --warmup 2 --runs 15 \
    -n "$cmd, one version each" "$bin -C $ws/one --today 2026-11-21 $cmd" \
    -n "$cmd, $speeches speech manifests" "$bin -C $ws/many --today 2026-11-21 $cmd"
done
