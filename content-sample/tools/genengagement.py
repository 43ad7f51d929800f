#!/usr/bin/env python3
"""Generate content-sample/engagement.csv: synthetic daily engagement for every
published asset in the Northwind Cloud sample library.

Deterministic (seeded). Reads the front matter of content/**/*.md(x) with a
simple regex, so it needs nothing beyond the standard library.

Shape (wide): date,asset,views,downloads,demo_requests
  - one row per published asset per day, from its publish date (or the start
    of the window) up to and including END
  - `asset` is usually the slug; ~5% of rows use the repository path or the
    public URL instead, to exercise contentcal's asset matching

    python3 content-sample/tools/genengagement.py
"""
import datetime as dt
import math
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONTENT = os.path.join(ROOT, "content")
OUT = os.path.join(ROOT, "engagement.csv")
START = dt.date(2025, 11, 24)
END = dt.date(2026, 11, 22)
URL = "https://northwind.example/resources/{slug}"

# Deliberately strong and weak performers (relative to their stage).
QUALITY = {
    "cloud-finops-playbook-2026": 2.4,               # awareness, strong
    "what-we-learned-from-100-migrations": 1.9,      # awareness, strong
    "terraform-module-hygiene": 0.22,                # awareness, weak
    "mainframe-to-cloud-myths": 0.3,                 # awareness, weak
    "zero-trust-hybrid-cloud-field-guide": 2.3,      # consideration, strong
    "observability-budget": 0.22,                    # consideration, weak
    "harbourline-bank-zero-trust": 2.1,              # decision, strong
    "northwind-backup-and-recovery-datasheet": 0.2,  # decision, weak
}
DOWNLOAD_RATE = {"whitepaper": (0.04, 0.08), "ebook": (0.04, 0.08), "datasheet": (0.02, 0.05),
                 "case-study": (0.008, 0.02), "webinar": (0.004, 0.01), "blog": (0.0, 0.0)}
DEMO_RATE = {"awareness": 0.0003, "consideration": 0.001, "decision": 0.004}

FM = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def field(fm, name):
    m = re.search(r"^%s:\s*(.+?)\s*$" % name, fm, re.M)
    return m.group(1).strip('"') if m else None


def load_assets():
    assets = []
    for dirpath, _, files in os.walk(CONTENT):
        for fn in sorted(files):
            if not fn.endswith((".md", ".mdx")):
                continue
            path = os.path.join(dirpath, fn)
            with open(path, encoding="utf-8") as fh:
                m = FM.match(fh.read())
            if not m:
                continue
            fm = m.group(1)
            if field(fm, "status") != "published":
                continue
            assets.append({
                "slug": field(fm, "slug"),
                "date": dt.date.fromisoformat(field(fm, "date")),
                "format": field(fm, "format"),
                "stage": field(fm, "stage"),
                "path": os.path.relpath(path, os.path.dirname(ROOT)).replace(os.sep, "/"),
            })
    return sorted(assets, key=lambda a: (a["date"], a["slug"]))


def binom(rng, n, p):
    if p <= 0 or n <= 0:
        return 0
    return sum(1 for _ in range(n) if rng.random() < p)


def main():
    rng = random.Random(20261123)
    rows = []
    for a in load_assets():
        arng = random.Random("engagement:" + a["slug"])
        q = QUALITY.get(a["slug"], min(1.45, max(0.65, math.exp(arng.gauss(0, 0.25)))))
        peak = arng.uniform(70, 150) * q
        floor = peak * arng.uniform(0.06, 0.12)
        tau = arng.uniform(12, 30)
        lo, hi = DOWNLOAD_RATE[a["format"]]
        drate = arng.uniform(lo, hi)
        demo = DEMO_RATE[a["stage"]] * (2.5 if q > 1.5 else 1.0) * (0.3 if q < 0.5 else 1.0)
        # a couple of newsletter / campaign pushes per asset
        pushes = {a["date"] + dt.timedelta(days=arng.randint(10, 200)) for _ in range(arng.randint(1, 3))}
        day = max(a["date"], START)
        while day <= END:
            t = (day - a["date"]).days
            v = floor + (peak - floor) * math.exp(-t / tau)
            if day.weekday() >= 5:
                v *= 0.5
            if day in pushes:
                v *= 2.2
            v *= math.exp(rng.gauss(0, 0.3))
            views = max(0, min(300, int(round(v))))
            downloads = binom(rng, views, drate)
            demos = min(3, binom(rng, views, demo))
            r = rng.random()
            if r < 0.025:
                ident = a["path"]
            elif r < 0.05:
                ident = URL.format(slug=a["slug"])
            else:
                ident = a["slug"]
            rows.append((day.isoformat(), ident, views, downloads, demos))
            day += dt.timedelta(days=1)
    rows.sort(key=lambda r: (r[0], r[1]))
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        fh.write("date,asset,views,downloads,demo_requests\n")
        for r in rows:
            fh.write("%s,%s,%d,%d,%d\n" % r)
    print("wrote %d rows for %d assets to %s" % (len(rows), len(load_assets()), OUT))


if __name__ == "__main__":
    main()
