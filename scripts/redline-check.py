#!/usr/bin/env python3
"""redline-check.py DIR — accept and reject every tracked change of each redline, the way Word
and LibreOffice do, and compare the result with the texts compared.

For each DIR/NAME.redline.docx beside DIR/NAME.old.docx and DIR/NAME.new.docx: "accept all"
(insertions and moves-to kept, deletions and moves-from dropped, a paragraph whose mark is
deleted joined to the next one, rows removed with their row mark, former formatting
forgotten) must give exactly the newer file's text, paragraph by paragraph, footnotes
included; "reject all" (the reverse, `w:rPrChange` restoring the former formatting and
`w:pPrChange` the former paragraph style) exactly the older file's. Bold and italic are
compared too (as **…** and *…*), superscript and subscript (as ^…^ and ~…~), and each
paragraph's style (as `[StyleId] text`), and an empty paragraph closing the body (a body
closing with a table has one in Word). Header and footer lines the redline changes must, accepted,
be lines of the newer file's header or footer and, rejected, of the older file's. Applied with lxml on the
XML, independently of lectern's own reader. Exit 1 on the first difference.
"""
import copy
import pathlib
import sys
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(name):
    return f"{{{W}}}{name}"


def parts(path):
    with zipfile.ZipFile(path) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml")) if "word/footnotes.xml" in z.namelist() else None
    return doc, notes


def unwrap(el):
    parent = el.getparent()
    i = parent.index(el)
    for c in list(el):
        parent.insert(i, c)
        i += 1
    parent.remove(el)


def apply(root, accept):
    """Accept (or reject) every tracked change under root, in place."""
    keep, drop = (("ins", "moveTo"), ("del", "moveFrom")) if accept else (("del", "moveFrom"), ("ins", "moveTo"))
    # Paragraph marks first: a paragraph whose mark goes is joined to the next one.
    for p in list(root.iter(q("p"))):
        rpr = p.find("w:pPr/w:rPr", NS)
        if rpr is None:
            continue
        if any(rpr.find(f"w:{d}", NS) is not None for d in drop):
            nxt = p.getnext()
            content = [c for c in p if c.tag != q("pPr")]
            if nxt is not None and nxt.tag == q("p"):
                at = 1 if nxt.find("w:pPr", NS) is not None else 0
                for c in content:
                    nxt.insert(at, c)
                    at += 1
                p.getparent().remove(p)
            else:
                # The last paragraph of its container keeps its mark.
                for d in drop:
                    for m in rpr.findall(f"w:{d}", NS):
                        rpr.remove(m)
        for k in keep:
            for m in rpr.findall(f"w:{k}", NS):
                rpr.remove(m)
    # Table rows.
    for tr in list(root.iter(q("tr"))):
        trpr = tr.find("w:trPr", NS)
        if trpr is None:
            continue
        if any(trpr.find(f"w:{d}", NS) is not None for d in drop):
            tr.getparent().remove(tr)
        else:
            for k in keep:
                for m in trpr.findall(f"w:{k}", NS):
                    trpr.remove(m)
    # A table whose rows are all gone goes with them.
    for tbl in list(root.iter(q("tbl"))):
        if tbl.find("w:tr", NS) is None:
            tbl.getparent().remove(tbl)
    for d in drop:
        for el in list(root.iter(q(d))):
            if el.getparent() is not None and el.getparent().tag != q("rPr"):
                el.getparent().remove(el)
    for k in keep:
        for el in list(root.iter(q(k))):
            if el.getparent() is not None and el.getparent().tag not in (q("rPr"), q("trPr")):
                unwrap(el)
    for t in list(root.iter(q("delText"))):
        t.tag = q("t")
    for t in list(root.iter(q("delInstrText"))):
        t.tag = q("instrText")
    for ch in list(root.iter(q("rPrChange"))):
        rpr = ch.getparent()
        if accept:
            rpr.remove(ch)
        else:
            was = ch.find("w:rPr", NS)
            for c in list(rpr):
                if c.tag in (q("b"), q("bCs"), q("i"), q("iCs"), q("vertAlign"), q("rPrChange")):
                    rpr.remove(c)
            for c in list(was if was is not None else []):
                rpr.insert(0, copy.deepcopy(c))
    # Paragraph style changes: the former properties come back on reject.
    for ch in list(root.iter(q("pPrChange"))):
        ppr = ch.getparent()
        if not accept:
            was = ch.find("w:pPr", NS)
            for c in list(ppr):
                if c.tag not in (q("rPr"), q("sectPr"), q("pPrChange")):
                    ppr.remove(c)
            for i, c in enumerate(list(was if was is not None else [])):
                ppr.insert(i, copy.deepcopy(c))
        ppr.remove(ch)
    for name in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"):
        for el in list(root.iter(q(name))):
            el.getparent().remove(el)


def para_text(p):
    """A paragraph's text, bold and italic marked as in Markdown (`**…**`, `*…*`) around
    stretches of runs formatted alike. A NOTEREF field's result (a footnote cited again, shown
    as its number) is a reference, not text, and is left out, as footnote references are."""
    pieces, field, noteref = [], 0, False
    for r in p.iter(q("r")):
        for c in r:
            if c.tag == q("fldChar"):
                kind = c.get(q("fldCharType"))
                if kind == "begin":
                    field += 1
                elif kind == "end":
                    field = max(0, field - 1)
                    noteref = noteref and field > 0
            elif c.tag == q("instrText") and "NOTEREF" in (c.text or ""):
                noteref = True
        if noteref:
            continue
        s = ""
        for c in r:
            if c.tag == q("t"):
                s += c.text or ""
            elif c.tag == q("tab"):
                s += "\t"
            elif c.tag == q("br"):
                s += "\n"
        if not s:
            continue
        rpr = r.find("w:rPr", NS)
        bold = rpr is not None and rpr.find("w:b", NS) is not None
        italic = rpr is not None and rpr.find("w:i", NS) is not None
        va = rpr.find("w:vertAlign", NS) if rpr is not None else None
        vert = {"superscript": "^", "subscript": "~"}.get(va.get(q("val")) if va is not None else "", "")
        if pieces and pieces[-1][1:] == (bold, italic, vert):
            pieces[-1] = (pieces[-1][0] + s, bold, italic, vert)
        else:
            pieces.append((s, bold, italic, vert))
    out = ""
    for s, bold, italic, vert in pieces:
        mark = "**" * bold + "*" * italic + vert
        core = s.strip()
        if mark and core:
            lead = s[: len(s) - len(s.lstrip())]
            trail = s[len(s.rstrip()):]
            out += f"{lead}{mark}{core}{mark[::-1]}{trail}"
        else:
            out += s
    return out.strip()


def paragraphs(root, notes):
    """Body paragraph texts in order, then the footnotes' texts in order of citation."""
    note_text = {}
    if notes is not None:
        for fn in notes.findall("w:footnote", NS):
            note_text[fn.get(q("id"))] = " ".join(para_text(p) for p in fn.findall("w:p", NS))
    out, cited = [], []
    body = root.find("w:body", NS)
    for p in body.iter(q("p")):
        if p.getparent().tag == q("hdr"):
            continue
        text = para_text(p)
        if text:
            style = p.find("w:pPr/w:pStyle", NS)
            out.append(text if style is None else f"[{style.get(q('val'))}] {text}")
        for ref in p.iter(q("footnoteReference")):
            cited.append(note_text.get(ref.get(q("id")), "?"))
    # An empty paragraph closing the body (a removed last paragraph whose mark stayed). A body
    # closing with a table counts as one: Word always shows (and saves) an empty paragraph
    # after a table that closes the body, so the two are the same document.
    last = body.findall("w:p", NS)
    closing = body[-2 if body[-1].tag == q("sectPr") else -1] if len(body) else None
    if (last and last[-1] is closing and not para_text(last[-1])) or (
            closing is not None and closing.tag == q("tbl")):
        out.append("(empty last paragraph)")
    # Each note once, in order of first citation: a source cited twice is one source, whether
    # the second citation is a cross-reference or a note of its own.
    seen = []
    for n in cited:
        if n not in seen:
            seen.append(n)
    return out + [f"[note] {n}" for n in seen]


def texts(path, accept=None):
    doc, notes = parts(path)
    if accept is not None:
        apply(doc, accept)
        if notes is not None:
            apply(notes, accept)
    return paragraphs(doc, notes)


def furniture(path, accept=None):
    """Each header and footer part's paragraph texts, accepted or rejected."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for n in sorted(z.namelist()):
            if n.startswith(("word/header", "word/footer")) and n.endswith(".xml"):
                root = etree.fromstring(z.read(n))
                if accept is not None:
                    apply(root, accept)
                out[n] = [t for t in (para_text(p) for p in root.iter(q("p"))) if t]
    return out


def furniture_changes(red, old, new):
    """The header and footer lines a redline changes: accepted, each must be a line of the
    newer file's header or footer; rejected, a line of the older file's. (The redline lays
    the lines out in its own header and footer, so only the changed lines are compared.)"""
    acc, rej = furniture(red, True), furniture(red, False)
    have = {True: {l for ls in furniture(new).values() for l in ls},
            False: {l for ls in furniture(old).values() for l in ls}}
    bad = []
    for part in acc:
        a, r = acc[part], rej.get(part, [])
        for accept, lines, other in ((True, a, r), (False, r, a)):
            for line in lines:
                if line not in other and line not in have[accept]:
                    what = "accept all" if accept else "reject all"
                    bad.append(f"{part}: {what} gives {line!r}, not a line of the {'newer' if accept else 'older'} file")
    return bad


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"paragraph {i + 1}:\n  got  {x!r}\n  want {y!r}"
    return f"{len(a)} paragraphs, want {len(b)}: {a[len(b):] or b[len(a):]}"


def main():
    folder = pathlib.Path(sys.argv[1])
    reds = sorted(folder.glob("*.redline.docx"))
    if not reds:
        sys.exit(f"redline-check: no *.redline.docx in {folder}")
    bad = 0
    for red in reds:
        name = red.name[: -len(".redline.docx")]
        old, new = folder / f"{name}.old.docx", folder / f"{name}.new.docx"
        for accept, want, what in ((True, new, "accept all"), (False, old, "reject all")):
            got, expected = texts(red, accept), texts(want)
            if got != expected:
                print(f"{red.name}: {what} differs from {want.name} at {first_difference(got, expected)}")
                bad += 1
        for problem in furniture_changes(red, old, new):
            print(f"{red.name}: {problem}")
            bad += 1
    if bad:
        sys.exit(1)
    print(f"redline-check: {len(reds)} redlines accept to the newer text and reject to the older")


if __name__ == "__main__":
    main()
