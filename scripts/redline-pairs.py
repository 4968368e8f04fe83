#!/usr/bin/env python3
"""redline-pairs.py OUTPUT_DIR PAIRS_DIR — realistic edit pairs for redline checks and benchmarks.

Takes the drafted sample documents under OUTPUT_DIR (`lectern batch` of the sample workspace:
OUTPUT_DIR/EVENT/KIND/v001.docx) and writes PAIRS_DIR/NAME.old.docx (the draft) and
PAIRS_DIR/NAME.new.docx (the draft as a reviewer would edit it, without tracked changes):
a word changed, a sentence rewritten, a paragraph moved, a footnote source fixed, a paragraph
removed, a paragraph added, several edits at once, paragraph styles changed (heading ↔ body,
list item → paragraph), the last paragraph removed, moved up, replaced or followed by a new one,
everything after the last table removed, the header's embargo line edited, letters raised
and lowered (superscript and subscript, a formatting-only edit). Editing is done on
the XML with lxml, so every other part of the file (styles, header, footer, house style,
footnotes) is the draft's.
Deterministic: the same drafts give the same pairs.

The 25 benchmark pairs are the en, fr and ar ones (names start with the language); es pairs
are written too, for the reader checks.
"""
import copy
import pathlib
import re
import shutil
import sys
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

# Which drafts, under which language, and which edits (25 pairs in en/fr/ar).
DRAFTS = [
    ("en", "singapore-cyber-summit-2026/speech", ["word", "sentence", "move"]),
    ("en", "singapore-cyber-summit-2026/press-briefing", ["footnote", "remove", "add"]),
    ("en", "vienna-drugs-press-briefing-2027/press-briefing", ["several", "word"]),
    ("en", "blog-environmental-crime-2027/blog", ["sentence"]),
    ("fr", "dakar-forum-criminalite-organisee-2027/speech",
     ["word", "sentence", "move", "footnote", "remove", "add", "several", "move2"]),
    ("ar", "abu-dhabi-financial-crime-2027/speech",
     ["word", "sentence", "move", "footnote", "remove", "add", "several", "move2"]),
    ("es", "buenos-aires-trata-narcotrafico-2027/press-briefing",
     ["word", "sentence", "move", "footnote", "restyle", "last", "header", "lastmove", "lastreplace",
      "lastadd", "tabletail", "raise"]),
]

WORDS = {
    "en": ["newly", "regional", "partners", "together", "urgently"],
    "fr": ["nouvellement", "régionaux", "partenaires", "ensemble", "d’urgence"],
    "es": ["nuevamente", "regionales", "socios", "juntos", "urgentemente"],
    "ar": ["حديثا", "الإقليميين", "الشركاء", "معا", "بشكل عاجل"],
}


def text_of(p):
    return "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))


def body_paragraphs(body):
    """Plain body paragraphs with text (no title, headings, list items or table cells)."""
    out = []
    for p in body.findall("w:p", NS):
        style = p.find("w:pPr/w:pStyle", NS)
        name = style.get(f"{{{W}}}val") if style is not None else ""
        if re.match(r"(?i)(title|heading|list|quote)", name or ""):
            continue
        if len(text_of(p).split()) >= 6:
            out.append(p)
    return out


def longest_t(p):
    ts = list(p.iter(f"{{{W}}}t"))
    return max(ts, key=lambda t: len((t.text or "").split())) if ts else None


def edit_word(body, lang, k=0):
    ps = body_paragraphs(body)
    p = ps[(len(ps) // 3 + k * 2) % len(ps)]
    t = longest_t(p)
    words = t.text.split(" ")
    i = min(2, len(words) - 1)
    words[i] = WORDS[lang][k % len(WORDS[lang])]
    t.text = " ".join(words)


def edit_sentence(body, lang):
    ps = body_paragraphs(body)
    p = max(ps, key=lambda p: len(text_of(p)))
    t = longest_t(p)
    s = t.text
    end = min([i for i in (s.find(". "), s.find("، "), s.find("? ")) if i > 0] or [len(s) // 2])
    first, rest = s[: end + 1], s[end + 1:]
    ws = first.split(" ")
    # Rewritten: a third of the words replaced, one dropped, two swapped.
    for n in range(1, len(ws) - 1, 3):
        ws[n] = WORDS[lang][n % len(WORDS[lang])]
    if len(ws) > 4:
        del ws[-2]
        ws[1], ws[2] = ws[2], ws[1]
    t.text = " ".join(ws) + rest


def edit_move(body, far=False):
    ps = body_paragraphs(body)
    src = min(ps[: max(2, len(ps) // 2)], key=lambda p: len(text_of(p)))
    i = ps.index(src)
    dst = ps[min(len(ps) - 1, i + (4 if far else 2))]
    body.remove(src)
    dst.addnext(src)


def edit_remove(body):
    ps = body_paragraphs(body)
    body.remove(ps[len(ps) // 2])


def edit_restyle(body):
    """A heading made body text, a body paragraph made a heading, a list item a paragraph."""
    heading = None
    for p in body.findall("w:p", NS):
        style = p.find("w:pPr/w:pStyle", NS)
        if style is not None and re.match(r"(?i)heading", style.get(f"{{{W}}}val")) and text_of(p).strip():
            heading = style
            break
    ps = body_paragraphs(body)
    if heading is not None:
        ps[0].find("w:pPr", NS).insert(0, copy.deepcopy(heading))
        heading.getparent().remove(heading)
    for p in body.findall("w:p", NS):
        num = p.find("w:pPr/w:numPr", NS)
        if num is not None:
            style = p.find("w:pPr/w:pStyle", NS)
            if style is not None:
                style.getparent().remove(style)
            num.getparent().remove(num)
            break


def edit_last(body):
    """The last paragraph of the body removed."""
    last = [p for p in body.findall("w:p", NS) if text_of(p).strip()][-1]
    body.remove(last)


def edit_last_move(body):
    """The last paragraph moved up, before the three paragraphs ahead of it."""
    ps = [p for p in body.findall("w:p", NS) if text_of(p).strip()]
    last = ps[-1]
    body.remove(last)
    ps[-4].addprevious(last)


def edit_last_replace(body, lang):
    """The last paragraph replaced by another one (removed, and a new one added)."""
    last = [p for p in body.findall("w:p", NS) if text_of(p).strip()][-1]
    ts = list(last.iter(f"{{{W}}}t"))
    for t in ts[1:]:
        t.text = ""
    ts[0].text = " ".join(reversed(WORDS[lang])) + "."


def edit_last_add(body, lang):
    """A paragraph added after the last one."""
    last = [p for p in body.findall("w:p", NS) if text_of(p).strip()][-1]
    new = copy.deepcopy(last)
    for fn in new.findall(".//w:footnoteReference/..", NS):
        fn.getparent().remove(fn)
    ts = list(new.iter(f"{{{W}}}t"))
    for t in ts[1:]:
        t.text = ""
    ts[0].text = " ".join(WORDS[lang]) + "."
    last.addnext(new)


def edit_table_tail(body):
    """Everything after the last table removed, as Word saves it: the table, then the empty
    paragraph Word always keeps after a table closing the body."""
    tables = body.findall("w:tbl", NS)
    for el in list(tables[-1].itersiblings()):
        if el.tag != f"{{{W}}}sectPr":
            body.remove(el)
    tables[-1].addnext(etree.Element(f"{{{W}}}p"))


def edit_raise(body):
    """The last two letters of a word set as superscript ("XXIe" → "XXIᵉ" as Word stores it: a
    run of its own with `w:vertAlign`), and a later letter as subscript: the words unchanged."""
    later = ("rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange")
    for val in ("superscript", "subscript"):
        ps = body_paragraphs(body)
        # A run holding only its text, in a paragraph a quarter (or half) of the way down.
        start = len(ps) // 4 if val == "superscript" else len(ps) // 2
        t = next(
            t for p in ps[start:] + ps[:start] for t in [longest_t(p)]
            if t is not None and len(t.getparent()) <= 2 and " " in (t.text or "")[3:]
        )
        s = t.text
        end = s.find(" ", 3)
        end = end if end > 0 else len(s)
        cut = end - (2 if val == "superscript" else 1)
        r = t.getparent()
        pieces = [(s[:cut], None), (s[cut:end], val), (s[end:], None)]
        at = r.getparent().index(r)
        for text, v in pieces:
            if not text:
                continue
            nr = copy.deepcopy(r)
            for c in list(nr):
                if c.tag != f"{{{W}}}rPr":
                    nr.remove(c)
            nt = etree.SubElement(nr, f"{{{W}}}t")
            nt.text = text
            nt.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            if v:
                rpr = nr.find("w:rPr", NS)
                if rpr is None:
                    rpr = etree.Element(f"{{{W}}}rPr")
                    nr.insert(0, rpr)
                va = etree.Element(f"{{{W}}}vertAlign")
                va.set(f"{{{W}}}val", v)
                before = next((c for c in rpr if etree.QName(c).localname in later), None)
                if before is not None:
                    before.addprevious(va)
                else:
                    rpr.append(va)
            r.getparent().insert(at, nr)
            at += 1
        r.getparent().remove(r)


def edit_add(body, lang):
    ps = body_paragraphs(body)
    p = ps[len(ps) // 2]
    new = copy.deepcopy(p)
    for fn in new.findall(".//w:footnoteReference/..", NS):
        fn.getparent().remove(fn)
    ts = list(new.iter(f"{{{W}}}t"))
    for t in ts[1:]:
        t.text = ""
    ts[0].text = " ".join(WORDS[lang]) + "."
    p.addnext(new)


def edit_footnote(notes, lang):
    """Fix a source: a year or a word in the first real footnote."""
    for fn in notes.findall("w:footnote", NS):
        if int(fn.get(f"{{{W}}}id")) < 1:
            continue
        t = longest_t(fn)
        if t is None or not (t.text or "").strip():
            continue
        s = t.text
        m = re.search(r"(19|20)\d\d", s)
        if m:
            year = str(int(m.group(0)) + 1)
            t.text = s[: m.start()] + year + s[m.end():]
        else:
            ws = s.split(" ")
            ws[min(1, len(ws) - 1)] = WORDS[lang][0]
            t.text = " ".join(ws)
        return True
    return False


def make(old, new, lang, edit):
    with zipfile.ZipFile(old) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = etree.fromstring(parts["word/document.xml"])
    body = doc.find("w:body", NS)
    notes = etree.fromstring(parts["word/footnotes.xml"]) if "word/footnotes.xml" in parts else None
    if edit == "word":
        edit_word(body, lang)
    elif edit == "sentence":
        edit_sentence(body, lang)
    elif edit in ("move", "move2"):
        edit_move(body, far=edit == "move2")
    elif edit == "remove":
        edit_remove(body)
    elif edit == "add":
        edit_add(body, lang)
    elif edit == "restyle":
        edit_restyle(body)
    elif edit == "last":
        edit_last(body)
    elif edit == "lastmove":
        edit_last_move(body)
    elif edit == "lastreplace":
        edit_last_replace(body, lang)
    elif edit == "lastadd":
        edit_last_add(body, lang)
    elif edit == "tabletail":
        edit_table_tail(body)
    elif edit == "raise":
        edit_raise(body)
    elif edit == "header":
        # The embargo moved by a day, in the header only.
        for name in [n for n in parts if re.match(r"word/header\d*\.xml$", n)]:
            parts[name] = re.sub(rb"Embargo hasta el (\d+)", lambda m: b"Embargo hasta el %d" % (int(m.group(1)) + 1), parts[name])
    elif edit == "footnote":
        if notes is None or not edit_footnote(notes, lang):
            edit_word(body, lang, 1)
    elif edit == "several":
        edit_word(body, lang, 0)
        edit_word(body, lang, 1)
        edit_remove(body)
        if notes is not None:
            edit_footnote(notes, lang)
    parts["word/document.xml"] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
    if notes is not None:
        parts["word/footnotes.xml"] = etree.tostring(notes, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(new, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)


def main():
    out, pairs = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    pairs.mkdir(parents=True, exist_ok=True)
    n = 0
    for lang, draft, edits in DRAFTS:
        src = out / draft / "v001.docx"
        if not src.exists():
            sys.exit(f"redline-pairs: {src} is missing: draft the sample workspace first")
        for edit in edits:
            name = f"{lang}-{draft.split('/')[0]}-{draft.split('/')[1]}-{edit}"
            shutil.copy(src, pairs / f"{name}.old.docx")
            make(src, pairs / f"{name}.new.docx", lang, edit)
            n += 1
    print(f"{n} pairs in {pairs}")


if __name__ == "__main__":
    main()
