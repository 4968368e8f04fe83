#!/usr/bin/env python3
"""bench_docxtpl.py WORKSPACE — render the benchmark content (WORKSPACE/bench-content.json,
written by gen_workspace.py) with docxtpl (python-docx-template) in one Python process: one
DOCX per event with the same title block, message paragraphs, facts with their sources and a
Q&A line. Prints documents per second and peak memory, as JSON on the last line.
"""
import json
import os
import resource
import sys
import tempfile
import time

import docx
from docxtpl import DocxTemplate

ws = sys.argv[1]
content = json.load(open(os.path.join(ws, "bench-content.json"), encoding="utf-8"))
tmp = tempfile.mkdtemp()

# The template: a title block, message sections, facts with sources, Q&A.
d = docx.Document()
d.add_heading("{{ title }}", 0)
d.add_paragraph("{{ speaker }}, {{ city }}, {{ date }}")
d.add_paragraph("Check against delivery")
d.add_paragraph("{%p for m in messages %}")
d.add_heading("{{ m.title }}", 2)
d.add_paragraph("{%p for para in m.paragraphs %}")
d.add_paragraph("{{ para }}")
d.add_paragraph("{%p endfor %}")
d.add_paragraph("{%p endfor %}")
d.add_heading("Facts and figures", 1)
d.add_paragraph("{%p for f in facts %}")
d.add_paragraph("{{ f.statement }} ({{ f.source }})", style="List Bullet")
d.add_paragraph("{%p endfor %}")
d.add_heading("Questions and answers", 1)
d.add_paragraph("What are the results? {{ facts[0].statement }}")
template_path = os.path.join(tmp, "template.docx")
d.save(template_path)

out = os.path.join(tmp, "out")
os.makedirs(out)
start = time.perf_counter()
for item in content:
    t = DocxTemplate(template_path)
    t.render(item)
    t.save(os.path.join(out, item["id"] + ".docx"))
elapsed = time.perf_counter() - start
peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"tool": "docxtpl", "documents": len(content), "seconds": round(elapsed, 3),
                  "docs_per_second": round(len(content) / elapsed, 1), "peak_mib": round(peak_mib, 1)}))
