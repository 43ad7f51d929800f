#!/usr/bin/env python3
"""Sanity checks for the sample library: front matter, vocabularies, slugs,
coverage matrix and the deliberate gaps documented in README.md."""
import collections
import datetime as dt
import os
import re
import sys

import_yaml = True
try:
    import yaml
except ImportError:  # fall back to a regex reader
    import_yaml = False

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PERSONAS = {"cio": "cio", "chief-information-officer": "cio", "cfo": "cfo", "finance": "cfo",
            "it-director": "it-director", "it-manager": "it-director", "security-lead": "security-lead",
            "ciso": "security-lead", "developer": "developer", "engineer": "developer", "dev": "developer"}
STAGES = ["awareness", "consideration", "decision"]
TOPICS = ["cloud-migration", "security", "cost-optimisation", "data-governance", "devops", "ai-adoption"]
FORMATS = ["blog", "whitepaper", "case-study", "webinar", "datasheet", "ebook"]
STATUSES = ["idea", "draft", "review", "approved", "scheduled", "published", "archived"]
TODAY = dt.date(2026, 11, 23)
errors = []


def parse(text):
    m = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    if not m:
        return None
    if import_yaml:
        return yaml.safe_load(m.group(1))
    fm = {}
    for line in m.group(1).splitlines():
        k, _, v = line.partition(":")
        v = v.strip()
        if v.startswith("["):
            v = [x.strip() for x in v.strip("[]").split(",")]
        fm[k.strip()] = v.strip('"') if isinstance(v, str) else v
    return fm


assets = []
for d, _, fs in os.walk(os.path.join(ROOT, "content")):
    for f in sorted(fs):
        p = os.path.join(d, f)
        fm = parse(open(p, encoding="utf-8").read())
        if fm is None:
            errors.append("no front matter: " + p)
            continue
        slug = os.path.splitext(f)[0]
        if fm.get("slug") != slug:
            errors.append("slug mismatch " + p)
        if fm.get("format") != os.path.basename(d):
            errors.append("format/folder mismatch " + p)
        for k in ("date", "due", "review_by"):
            if k in fm and not isinstance(fm[k], dt.date):
                fm[k] = dt.date.fromisoformat(str(fm[k]))
        fm["persona"] = [PERSONAS.get(x, "??" + x) for x in fm["persona"]]
        for x in fm["persona"]:
            if x.startswith("??"):
                errors.append("unknown persona %s in %s" % (x, p))
        if fm["stage"] not in STAGES or fm["format"] not in FORMATS or fm["status"] not in STATUSES:
            errors.append("bad vocabulary in " + p)
        for t in fm["topic"]:
            if t not in TOPICS:
                errors.append("bad topic %s in %s" % (t, p))
        if fm["status"] in ("published", "scheduled", "review") and "date" not in fm:
            errors.append("missing date " + p)
        if fm["status"] == "draft" and "due" not in fm:
            errors.append("draft without due " + p)
        if fm["status"] == "idea" and ("date" in fm or "due" in fm):
            errors.append("idea with a date " + p)
        assets.append(fm)

slugs = [a["slug"] for a in assets]
if len(slugs) != len(set(slugs)):
    errors.append("duplicate slugs")

pub = [a for a in assets if a["status"] == "published" and a["date"] >= dt.date(2025, 12, 1)]
print("assets: %d total, %d published, by status %s" % (
    len(assets), len(pub), dict(collections.Counter(a["status"] for a in assets))))
print("by format:", dict(collections.Counter(a["format"] for a in assets)))
print("authors:", dict(collections.Counter(a["author"] for a in assets)))
print("\npublished persona x stage (canonical):")
cells = collections.Counter((p, a["stage"]) for a in pub for p in a["persona"])
print("%-14s" % "" + "".join("%15s" % s for s in STAGES))
for p in ["cio", "cfo", "it-director", "security-lead", "developer"]:
    print("%-14s" % p + "".join("%15d" % cells[(p, s)] for s in STAGES))
    for s in STAGES:
        if cells[(p, s)] == 0 and (p, s) != ("cfo", "decision"):
            errors.append("empty cell %s/%s" % (p, s))
print("\nall assets by stage:", dict(collections.Counter(a["stage"] for a in assets)))
print("all assets by persona:", dict(collections.Counter(p for a in assets for p in a["persona"])))
print("all assets by topic:", dict(collections.Counter(t for a in assets for t in a["topic"])))
print("published by stage:", dict(collections.Counter(a["stage"] for a in pub)))
print("published by persona:", dict(collections.Counter(p for a in pub for p in a["persona"])))
print("published by topic:", dict(collections.Counter(t for a in pub for t in a["topic"])))

# Gap (a): cfo has no decision-stage asset at all.
if any("cfo" in a["persona"] and a["stage"] == "decision" for a in assets):
    errors.append("gap (a) broken: cfo/decision asset exists")
# Gap (b): nothing dated 2026-10-12 .. 2026-10-25.
if any("date" in a and dt.date(2026, 10, 12) <= a["date"] <= dt.date(2026, 10, 25) for a in assets):
    errors.append("gap (b) broken: asset dated in weeks of 10-12/10-19")
# Gap (c): no ai-adoption published/scheduled after 2026-07-31.
if any("ai-adoption" in a["topic"] and a["status"] in ("published", "scheduled") and a["date"] > dt.date(2026, 7, 31)
       for a in assets):
    errors.append("gap (c) broken")

# Other empty Monday-weeks between 2025-12-01 and today.
dated = {a["date"] for a in assets if a["status"] in ("published", "scheduled") and "date" in a}
wk = dt.date(2025, 12, 1)
empty = []
while wk + dt.timedelta(days=6) < TODAY:
    if not any(wk <= d <= wk + dt.timedelta(days=6) for d in dated):
        empty.append(wk.isoformat())
    wk += dt.timedelta(days=7)
print("\nempty weeks before today:", empty)
print("stale (review_by < today):", [a["slug"] for a in assets if a.get("review_by") and a["review_by"] < TODAY])
print("overdue scheduled:", [a["slug"] for a in assets if a["status"] == "scheduled" and a["date"] < TODAY])
print("aliases used:", sorted({x for a in assets for x in open(os.path.join(ROOT, "content", a["format"],
      a["slug"] + (".mdx" if a["slug"] == "kubernetes-day-two-operations" else ".md"))).read().split("---")[1].split("persona: [")[1].split("]")[0].split(", ")
      if x not in PERSONAS.values()}))

csv_path = os.path.join(ROOT, "engagement.csv")
lines = open(csv_path).read().splitlines()
print("\nengagement.csv: %d rows, %d bytes" % (len(lines) - 1, os.path.getsize(csv_path)))
if lines[0] != "date,asset,views,downloads,demo_requests":
    errors.append("bad csv header")

print("\nERRORS:" if errors else "\nOK: all checks passed")
for e in errors:
    print("  " + e)
sys.exit(1 if errors else 0)
