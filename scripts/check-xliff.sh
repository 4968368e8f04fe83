#!/usr/bin/env bash
# check-xliff.sh LECTERN WORKSPACE... — export every workspace's texts in every language
# (all, outdated only, missing only) as XLIFF 2.0 and validate each file against the OASIS
# XLIFF 2.0 core schema (xliff_core_2.0.xsd) with lxml.
#
# The schema is not in the repository (its OASIS notice reserves all rights and grants no
# redistribution in the file itself). It is read from $XLIFF_SCHEMA_DIR when set (a folder
# holding xliff_core_2.0.xsd and informativeCopiesOf3rdPartySchemas/w3c/xml.xsd, the layout of
# the OASIS schemas folder), else downloaded once from docs.oasis-open.org into
# ~/.cache/lectern/xliff-2.0. Without network, a structural check runs instead, with a warning.
set -euo pipefail
lectern=${1:?usage: check-xliff.sh LECTERN WORKSPACE...}
shift
[ $# -gt 0 ] || { echo "usage: check-xliff.sh LECTERN WORKSPACE..." >&2; exit 2; }

base=https://docs.oasis-open.org/xliff/xliff-core/v2.0/os/schemas
dir=${XLIFF_SCHEMA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lectern/xliff-2.0}
if [ ! -s "$dir/xliff_core_2.0.xsd" ]; then
  mkdir -p "$dir/informativeCopiesOf3rdPartySchemas/w3c"
  get() { curl -fsSL --retry 3 --retry-delay 3 --connect-timeout 10 -o "$dir/$1.part" "$base/$1" \
    && mv "$dir/$1.part" "$dir/$1"; }
  get informativeCopiesOf3rdPartySchemas/w3c/xml.xsd && get xliff_core_2.0.xsd || true
fi
schema="$dir/xliff_core_2.0.xsd"
if [ ! -s "$schema" ]; then
  # A machine that cannot reach docs.oasis-open.org still checks what can be checked without
  # the schema (well-formed, the XLIFF 2.0 namespace and version, languages, unit ids), and
  # says loudly that the schema check did not run.
  echo "warning: the OASIS XLIFF 2.0 schema could not be downloaded; set XLIFF_SCHEMA_DIR to validate against it" >&2
  schema=""
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
python3 - "$schema" "$out"/*.xlf <<'PY'
import re, sys
from lxml import etree
NS = "urn:oasis:names:tc:xliff:document:2.0"
NMTOKEN = re.compile(r"^[\w.:-]+$")
schema = etree.XMLSchema(etree.parse(sys.argv[1])) if sys.argv[1] else None
files = sys.argv[2:]
bad = 0
for f in files:
    doc = etree.parse(f)
    if schema is not None:
        if not schema.validate(doc):
            bad += 1
            print(f"{f}: not valid XLIFF 2.0:\n{schema.error_log}")
        continue
    root = doc.getroot()
    problems = []
    if root.tag != f"{{{NS}}}xliff" or root.get("version") != "2.0":
        problems.append("root is not <xliff version=\"2.0\"> in the XLIFF 2.0 namespace")
    if not root.get("srcLang"):
        problems.append("no srcLang")
    units = root.findall(f".//{{{NS}}}unit")
    if not units:
        problems.append("no unit")
    for u in units:
        if not NMTOKEN.match(u.get("id", "")):
            problems.append(f"unit id {u.get('id')!r} is not an NMTOKEN")
        if u.find(f"{{{NS}}}segment/{{{NS}}}source") is None:
            problems.append(f"unit {u.get('id')} has no segment/source")
    if problems:
        bad += 1
        print(f"{f}: " + "; ".join(problems))
what = "valid against xliff_core_2.0.xsd" if schema is not None else "structurally valid (schema unavailable)"
print(f"{len(files) - bad} of {len(files)} XLIFF files {what}")
sys.exit(1 if bad else 0)
PY
