#!/usr/bin/python3
"""lo-accept-reject.py DIR — LibreOffice's own "Accept All" and "Reject All" on each redline.

For each DIR/NAME.redline.docx beside DIR/NAME.old.docx and DIR/NAME.new.docx, one headless
LibreOffice (through UNO: run with the system python3 that has the `uno` module) opens the
redline, accepts every tracked change and exports the text; opens it again, rejects every
change and exports the text; and exports the text of the older and newer files. Accepted must
equal the newer text and rejected the older, paragraph by paragraph, each with its paragraph
style, and an empty paragraph closing the body counts (other blank paragraphs and trailing
spaces are ignored; footnotes are not part of LibreOffice's text export). Exit 1 on a difference.
"""
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(100):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx), ctx
        except Exception:
            time.sleep(0.2)
    sys.exit("lo-accept-reject: LibreOffice did not start")


def text(desktop, ctx, path, command=None):
    url = uno.systemPathToFileUrl(str(path.resolve()))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    if command:
        helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        helper.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
    paras = []
    last_empty = False
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements():
        el = enum.nextElement()
        last_empty = False
        if el.supportsService("com.sun.star.text.Paragraph"):
            s = el.getString().strip()
            if s:
                paras.append(f"[{el.ParaStyleName}] {s}")
            else:
                last_empty = True
        elif el.supportsService("com.sun.star.text.TextTable"):
            for name in el.getCellNames():
                s = el.getCellByName(name).getString().strip()
                if s:
                    paras.append(s)
    if last_empty:
        paras.append("(empty last paragraph)")
    doc.close(True)
    return paras


def main():
    folder = pathlib.Path(sys.argv[1])
    reds = sorted(folder.glob("*.redline.docx"))
    pipe = f"lectern{os.getpid()}"
    profile = tempfile.mkdtemp()
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", f"-env:UserInstallation=file://{profile}",
         f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bad = 0
    try:
        desktop, ctx = connect(pipe)
        for red in reds:
            name = red.name[: -len(".redline.docx")]
            for command, want in ((".uno:AcceptAllTrackedChanges", "new"), (".uno:RejectAllTrackedChanges", "old")):
                got = text(desktop, ctx, red, command)
                expected = text(desktop, ctx, folder / f"{name}.{want}.docx")
                if got != expected:
                    bad += 1
                    diff = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
                    print(f"{red.name}: {command} differs from {want} at paragraph {diff + 1}:\n"
                          f"  got  {got[diff:diff + 1]}\n  want {expected[diff:diff + 1]}")
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        office.wait(timeout=30)
    if bad:
        sys.exit(1)
    print(f"lo-accept-reject: {len(reds)} redlines: LibreOffice's Accept All gives the newer text, Reject All the older")


if __name__ == "__main__":
    main()
