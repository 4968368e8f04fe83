#!/usr/bin/env bash
# check-docx.sh OUTPUT_DIR — open every DOCX under OUTPUT_DIR with real readers:
#   the ISO 29500 schema check (../shared/tools/docx-schema-check, when present),
#   LibreOffice headless (one process for all files; each PDF must exist and contain the
#   draft's title and the start of its first paragraph, taken from the .md beside it),
#   pandoc, python-docx, docx2python, mammoth, openxml-audit (permissive policy, one file per
#   process: its folder mode shares a cache between files) and ooxml-integrity (--fail-on warn).
# Every DOCX found is checked (drafts, release copies, redlines).
# Exit 1 on the first reader that fails.
set -euo pipefail
out=${1:?usage: check-docx.sh OUTPUT_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
mapfile -t files < <(find "$out" -name '*.docx' | sort)
[ ${#files[@]} -gt 0 ] || { echo "check-docx: no DOCX under $out" >&2; exit 1; }
echo "checking ${#files[@]} DOCX files"

schema="$here/../shared/tools/docx-schema-check"
if [ -x "$schema" ]; then
  python3 "$schema" "${files[@]}"
else
  echo "warning: schema check skipped: $schema not found" >&2
fi

pdfdir=$(mktemp -d)
trap 'rm -rf "$pdfdir"' EXIT
# Each file gets its own name in the PDF folder: event__kind__vNNN.pdf.
stage=$(mktemp -d)
for f in "${files[@]}"; do
  rel=${f#"$out"/}
  cp "$f" "$stage/${rel//\//__}"
done
soffice --headless --convert-to pdf --outdir "$pdfdir" "$stage"/*.docx >/dev/null 2>&1 || true
fail=0
for f in "${files[@]}"; do
  rel=${f#"$out"/}
  pdf="$pdfdir/${rel//\//__}"; pdf=${pdf%.docx}.pdf
  if [ ! -s "$pdf" ]; then echo "LibreOffice could not open $f"; fail=1; continue; fi
  text=$(pdftotext -layout "$pdf" - | tr -s ' \n' '  ')
  md=${f%.docx}.md
  # Files without a text of record beside them (a release copy, say) need only open.
  [ -f "$md" ] || continue
  python3 - "$md" "$text" "$f" <<'PY' || fail=1
import re, sys, unicodedata
md, pdf_text, name = sys.argv[1], sys.argv[2], sys.argv[3]
lines = [l for l in open(md, encoding="utf-8").read().splitlines()]
title = next((l[2:] for l in lines if l.startswith("# ")), "")
first = next((l for l in lines if l and not l.startswith(("#", "*", "-", ">", "[", "|", "!")) and len(l.split()) > 4), "")
def words(s, n):
    # A passage in another language is marked <span lang="fr">…</span> in the .md.
    s = re.sub(r"</?span[^>]*>", "", s)
    s = re.sub(r"\\(.)", r"\1", s)
    s = re.sub(r"[*_`\[\]^]", "", s)
    return " ".join(s.split()[:n])
BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
def norm(s):
    s = unicodedata.normalize("NFKC", s).translate(BIDI)
    return " ".join(s.replace("\u202f", " ").replace("\u00a0", " ").split())
hay = norm(pdf_text)
# Right-to-left text comes out of pdftotext with ligatures such as lam-alef decomposed in
# another order: compare those words as bags of letters.
bags = {"".join(sorted(w)) for w in hay.split()}
for label, needle in (("title", words(title, 3)), ("first paragraph", words(first, 3))):
    if needle and norm(needle) not in hay:
        if not all("".join(sorted(w)) in bags for w in norm(needle).split()):
            print(f"{name}: PDF text lacks the {label}: {needle!r}")
            sys.exit(1)
PY
done
[ $fail -eq 0 ] || exit 1
echo "LibreOffice: ${#files[@]} PDFs with the expected text"

for f in "${files[@]}"; do
  # Standalone: pandoc reads a Title-styled paragraph as the document title (metadata).
  text=$(pandoc "$f" -s -t plain --wrap=none) || { echo "pandoc could not read $f"; exit 1; }
  md=${f%.docx}.md
  # The draft's title as pandoc reads it (its first three words; Markdown escapes dropped).
  if [ -f "$md" ]; then
    python3 - "$md" "$text" "$f" <<'PY' || exit 1
import re, sys, unicodedata
md, text, name = sys.argv[1:4]
title = next((l[2:] for l in open(md, encoding="utf-8").read().splitlines() if l.startswith("# ")), "")
norm = lambda s: " ".join(unicodedata.normalize("NFKC", re.sub(r"\\(.)", r"\1", s)).replace("\u202f", " ").replace("\u00a0", " ").split())
needle = " ".join(norm(re.sub(r"[*_`]", "", title)).split()[:3])
if needle and needle not in norm(text):
    print(f"{name}: pandoc's text lacks the title: {needle!r}")
    sys.exit(1)
PY
  elif [ -z "${text//[[:space:]]/}" ]; then
    echo "pandoc read no text from $f"; exit 1
  fi
done
echo "pandoc: ${#files[@]} files read, titles found"

python3 - "${files[@]}" <<'PY'
import sys, docx
from docx.enum.style import WD_STYLE_TYPE
for f in sys.argv[1:]:
    d = docx.Document(f)
    assert any(p.text.strip() for p in d.paragraphs), f"{f}: no text"
    default = d.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    assert default is not None, f"{f}: no default paragraph style"
    # Every header and footer a section refers to can be read (its relationship resolves).
    for s in d.sections:
        for part in (s.header, s.footer, s.first_page_header, s.even_page_header):
            if not part.is_linked_to_previous:
                part.paragraphs
print(f"python-docx: {len(sys.argv) - 1} files read, default paragraph style set, headers and footers resolve")
PY

python3 - "${files[@]}" <<'PY'
import sys
from docx2python import docx2python
for f in sys.argv[1:]:
    with docx2python(f) as d:
        assert d.text.strip(), f"{f}: docx2python read no text"
print(f"docx2python: {len(sys.argv) - 1} files read")
PY

python3 - "${files[@]}" <<'PY'
import sys, mammoth
for f in sys.argv[1:]:
    with open(f, "rb") as fh:
        r = mammoth.convert_to_html(fh)
    assert r.value.strip(), f"{f}: mammoth read no text"
    bad = [m for m in r.messages if m.type == "error"]
    assert not bad, f"{f}: mammoth errors: {bad}"
print(f"mammoth: {len(sys.argv) - 1} files read")
PY

for f in "${files[@]}"; do
  report=$(openxml-audit --policy permissive "$f" 2>&1) || { echo "openxml-audit failed on $f:"; echo "$report"; exit 1; }
  grep -q '^Errors: 0$' <<<"$report" || { echo "openxml-audit findings in $f:"; echo "$report"; exit 1; }
done
echo "openxml-audit: ${#files[@]} files, no findings"

ooxml-integrity check --fail-on warn "${files[@]}" >/dev/null || {
  ooxml-integrity check --fail-on warn "${files[@]}" | grep -v ' - clean$'; exit 1; }
echo "ooxml-integrity: ${#files[@]} files clean"
