#!/usr/bin/env python3
"""gen_workspace.py DIR [EVENTS] — write a benchmark workspace: EVENTS events (default 1000),
a mix of the four kinds, each ~800 words of drafted text with facts and footnotes.

Deterministic (fixed seed), so runs are comparable. Also writes DIR/bench-content.json, the
same content flattened for the docxtpl comparison (benches/bench_docxtpl.py).
"""
import json
import os
import random
import sys

out = sys.argv[1]
n_events = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
rng = random.Random(20261121)

WORDS = ("cooperation police network criminal border information sharing victims operation "
         "international partners evidence justice community security transnational analysis "
         "training capacity intelligence response officers countries data rapid financial "
         "assets trafficking cyber fraud prevention protection region global").split()

def sentence(k):
    w = [rng.choice(WORDS) for _ in range(k)]
    return " ".join(w).capitalize() + "."

def paragraph(sentences=4):
    return " ".join(sentence(rng.randint(10, 18)) for _ in range(sentences))

os.makedirs(f"{out}/snippets/messages", exist_ok=True)
os.makedirs(f"{out}/snippets/facts", exist_ok=True)
os.makedirs(f"{out}/events", exist_ok=True)

messages = []
for i in range(200):
    messages.append({
        "id": f"m{i:03}", "title": f"Message {i}", "topic": rng.choice(["cybercrime", "drugs", "trafficking"]),
        "status": "approved", "approved_by": "Director", "approved_on": "2026-01-01", "version": 1,
        "text": {"en": paragraph(4) + "\n\n" + paragraph(3), "fr": paragraph(4) + "\n\n" + paragraph(3)},
    })
facts = []
for i in range(100):
    facts.append({
        "id": f"f{i:03}", "unit": "Analysis", "topic": "operations",
        "statement": {"en": sentence(16), "fr": sentence(16)},
        "figures": {"arrests": {"value": rng.randint(100, 9000), "unit": "arrests", "qualifier": "more than"}},
        "source": {"title": f"Operation report {i}", "publisher": "INTERPOL", "published": "2025-06-30",
                   "url": f"https://www.example.org/reports/{i}"},
        "as_of": "2025-06-30", "clearance": "public", "version": 1,
    })
json.dump(messages, open(f"{out}/snippets/messages/bench.json", "w"), ensure_ascii=False)
json.dump(facts, open(f"{out}/snippets/facts/bench.json", "w"), ensure_ascii=False)

kinds = ["speech", "blog", "press-briefing", "briefing-note"]
flat = []
for i in range(n_events):
    kind = kinds[i % 4]
    lang = "fr" if i % 10 == 0 else "en"
    ms = rng.sample(messages, 6)
    fs = rng.sample(facts, 3)
    ev = {
        "id": f"ev{i:04}", "title": f"Conference on transnational crime {i}", "outputs": [kind],
        "starts_at": f"2027-0{1 + i % 9}-{1 + i % 28:02}T10:00:00+01:00", "city": "Lyon", "country": "France",
        "venue": "Headquarters", "audience": "Police chiefs",
        "speaker": {"name": "Dr Amina Okafor", "role": "Secretary General"}, "language": lang,
        "embargo_until": f"2027-0{1 + i % 9}-{1 + i % 28:02}T11:00:00+01:00",
        "messages": [m["id"] for m in ms], "facts": [f["id"] for f in fs],
        "qa": [{"question": "What are the results?", "facts": [fs[0]["id"]]}],
        "contacts": [{"name": "Press Office", "email": "press@example.org", "phone": "+33 4 72 44 70 00"}],
    }
    json.dump(ev, open(f"{out}/events/ev{i:04}.json", "w"), ensure_ascii=False)
    flat.append({
        "id": ev["id"], "title": ev["title"], "kind": kind, "speaker": ev["speaker"]["name"],
        "city": ev["city"], "date": ev["starts_at"][:10],
        "messages": [{"title": m["title"], "paragraphs": m["text"][lang].split("\n\n")} for m in ms],
        "facts": [{"statement": f["statement"][lang],
                   "source": f'{f["source"]["publisher"]}, {f["source"]["title"]}, {f["source"]["published"]}, {f["source"]["url"]}'}
                  for f in fs],
    })
json.dump({"organisation": "Benchmark", "author": "Bench", "output": "output"}, open(f"{out}/lectern.json", "w"))
json.dump(flat, open(f"{out}/bench-content.json", "w"), ensure_ascii=False)
print(f"wrote {n_events} events, {len(messages)} messages, {len(facts)} facts to {out}")
