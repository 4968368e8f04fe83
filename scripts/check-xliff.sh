#!/usr/bin/env bash
# check-xliff.sh LECTERN WORKSPACE... — export every workspace's texts in every language
# (all, outdated only, missing only) as XLIFF 2.0 and validate each file against the OASIS
# XLIFF 2.0 core schema (xliff_core_2.0.xsd) with lxml.
#
# The schema is not in the repository (its OASIS notice reserves all rights and grants no
# redistribution in the file itself). It is read from $XLIFF_SCHEMA_DIR when set (a folder
# holding xliff_core_2.0.xsd and informativeCopiesOf3rdPartySchemas/w3c/xml.xsd, the layout of
# the OASIS schemas folder), else downloaded once from docs.oasis-open.org into
# ~/.cache/lectern/xliff-2.0. No schema, no pass: the script fails rather than skip.
set -euo pipefail
lectern=${1:?usage: check-xliff.sh LECTERN WORKSPACE...}
shift
[ $# -gt 0 ] || { echo "usage: check-xliff.sh LECTERN WORKSPACE..." >&2; exit 2; }

base=https://docs.oasis-open.org/xliff/xliff-core/v2.0/os/schemas
dir=${XLIFF_SCHEMA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lectern/xliff-2.0}
if [ ! -s "$dir/xliff_core_2.0.xsd" ]; then
  mkdir -p "$dir/informativeCopiesOf3rdPartySchemas/w3c"
  curl -fsSL --retry 5 --retry-delay 5 --retry-all-errors -o "$dir/xliff_core_2.0.xsd" "$base/xliff_core_2.0.xsd"
  curl -fsSL --retry 5 --retry-delay 5 --retry-all-errors -o "$dir/informativeCopiesOf3rdPartySchemas/w3c/xml.xsd" \
    "$base/informativeCopiesOf3rdPartySchemas/w3c/xml.xsd"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0
for ws in "$@"; do
  for lang in fr es ar; do
    for only in all outdated missing; do
      args=(translations export --lang "$lang")
      [ "$only" = all ] || args+=(--only "$only")
      f="$out/$n-$lang-$only.xlf"
      "$lectern" -C "$ws" "${args[@]}" > "$f" 2>/dev/null
      # An empty selection writes nothing (XLIFF needs a unit).
      [ -s "$f" ] || { rm -f "$f"; continue; }
      n=$((n + 1))
    done
  done
done
[ "$n" -gt 0 ] || { echo "check-xliff: nothing was exported" >&2; exit 1; }
python3 - "$dir/xliff_core_2.0.xsd" "$out"/*.xlf <<'PY'
import sys
from lxml import etree
schema = etree.XMLSchema(etree.parse(sys.argv[1]))
bad = 0
for f in sys.argv[2:]:
    if not schema.validate(etree.parse(f)):
        bad += 1
        print(f"{f}: not valid XLIFF 2.0:\n{schema.error_log}")
print(f"{len(sys.argv) - 2 - bad} of {len(sys.argv) - 2} XLIFF files valid against xliff_core_2.0.xsd")
sys.exit(1 if bad else 0)
PY
