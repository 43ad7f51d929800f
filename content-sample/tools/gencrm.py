#!/usr/bin/env python3
"""Generate content-sample/crm/: synthetic CRM exports for the Northwind Cloud
sample library, consistent with engagement.csv (touches only on published
assets, on or after their publish date, inside the engagement window).

Fictional accounts and people only: account ids 001NW…, contact ids 003NW…,
e-mail addresses buyerN@accountM.example; no names are written.

    python3 content-sample/tools/gencrm.py

Writes (deterministic, seeded):
  contacts.csv               Salesforce-style contacts export (Id, Email, AccountId, CreatedDate)
  touches.csv                generic touches (email, timestamp, url, channel), URLs and slugs mixed
  form-submissions.csv       a HubSpot form-submissions export (Conversion Date, Email, Page URL)
  opportunities.csv          Salesforce Opportunity export
  opportunity-history.csv    Salesforce OpportunityHistory export (stage dates)

The buying journey goes awareness -> consideration -> decision content; an
opportunity is created after the first consideration touches and moves
Prospecting -> Qualification -> Proposal -> Negotiation -> Closed Won/Lost.
Accounts that read the pricing datasheet while in Qualification reach
Proposal within 30 days far more often: it is the sample's intent asset.
"""
import datetime as dt
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "crm")
START = dt.date(2025, 12, 1)
END = dt.date(2026, 11, 22)
URL = "https://northwind.example/resources/{slug}"
INTENT = "northwind-platform-pricing-datasheet"


def assets():
    out = []
    with open(os.path.join(HERE, "assets.txt")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            p = line.rstrip("\n").split("|")
            if p[1] != "published":
                continue
            out.append({"date": dt.date.fromisoformat(p[0]), "slug": p[3], "stage": p[6]})
    return out


def main():
    rnd = random.Random(2026)
    lib = assets()
    by_stage = {s: [a for a in lib if a["stage"] == s] for s in ("awareness", "consideration", "decision")}
    os.makedirs(OUT, exist_ok=True)
    contacts, touches, forms, opps, hist = [], [], [], [], []
    n_accounts = 48
    cid = 0
    for acc in range(n_accounts):
        account = f"001NW{acc:010d}"
        people = []
        for _ in range(rnd.randint(2, 5)):
            cid += 1
            people.append((f"003NW{cid:010d}", f"buyer{cid}@account{acc}.example"))
        start = START + dt.timedelta(days=rnd.randrange(0, 240))
        created = start + dt.timedelta(days=rnd.randrange(20, 70))
        for c, email in people:
            contacts.append((c, email, account, start + dt.timedelta(days=rnd.randrange(0, 20))))

        def touch(day, stage, who=None):
            avail = [a for a in by_stage[stage] if a["date"] <= day]
            if not avail or day > END:
                return None
            a = rnd.choice(avail)
            c, email = who or rnd.choice(people)
            name = a["slug"] if rnd.random() < 0.6 else URL.format(slug=a["slug"]) + ("?utm_source=newsletter" if rnd.random() < 0.3 else "")
            ts = dt.datetime.combine(day, dt.time(rnd.randrange(8, 18), rnd.randrange(60)))
            if rnd.random() < 0.15:
                forms.append((ts, email, URL.format(slug=a["slug"])))
            else:
                touches.append((email, ts, name, rnd.choice(["web", "email", "social"])))
            return a["slug"]

        d = start
        while d < created:  # awareness, then consideration before the opportunity
            touch(d, "awareness" if d < created - dt.timedelta(days=15) else "consideration")
            d += dt.timedelta(days=rnd.randrange(2, 9))
        # Not every account becomes an opportunity.
        if acc % 6 == 5 or created > END - dt.timedelta(days=10):
            continue
        oid = f"006NW{acc:010d}"
        stages = [("Prospecting", created)]
        qual = created + dt.timedelta(days=rnd.randrange(3, 15))
        stages.append(("Qualification", qual))
        # In Qualification: one in two accounts reads the pricing datasheet.
        read_intent = rnd.random() < 0.5 and qual + dt.timedelta(days=5) <= END
        for k in range(rnd.randint(1, 4)):
            touch(qual + dt.timedelta(days=rnd.randrange(0, 25)), "consideration")
        if read_intent:
            pricing = next(a for a in lib if a["slug"] == INTENT)
            if pricing["date"] <= qual:
                c, email = rnd.choice(people)
                ts = dt.datetime.combine(qual + dt.timedelta(days=rnd.randrange(1, 5)), dt.time(10, 30))
                touches.append((email, ts, INTENT, "web"))
            else:
                read_intent = False
        fast = rnd.random() < (0.85 if read_intent else 0.3)
        prop = qual + dt.timedelta(days=rnd.randrange(8, 28) if fast else rnd.randrange(45, 110))
        won = lost = False
        close = None
        if prop <= END:
            stages.append(("Proposal", prop))
            for k in range(rnd.randint(1, 3)):
                touch(prop + dt.timedelta(days=rnd.randrange(0, 20)), "decision")
            neg = prop + dt.timedelta(days=rnd.randrange(10, 40))
            if neg <= END:
                stages.append(("Negotiation", neg))
                close = neg + dt.timedelta(days=rnd.randrange(5, 30))
                if close <= END:
                    won = rnd.random() < (0.7 if read_intent else 0.45)
                    lost = not won
                    stages.append(("Closed Won" if won else "Closed Lost", close))
        if close is None or close > END:
            close = created + dt.timedelta(days=180)
        amount = rnd.choice([12000, 18500, 24000, 36000, 48000, 75000, 120000]) + rnd.randrange(0, 100) / 100
        stage = stages[-1][0]
        opps.append((oid, account, f"{amount:.2f}", created, close, stage, won or lost, won))
        for name, day in stages:
            hist.append((oid, name, f"{amount:.2f}", day))

    def w(name, header, rows):
        with open(os.path.join(OUT, name), "w") as f:
            f.write(header + "\n")
            for r in rows:
                f.write(",".join(str(x) for x in r) + "\n")

    w("contacts.csv", "Id,Email,AccountId,CreatedDate", sorted(contacts))
    touches.sort(key=lambda t: (t[1], t[0]))
    w("touches.csv", "email,timestamp,url,channel",
      [(e, ts.strftime("%Y-%m-%dT%H:%M:00Z"), n, ch) for e, ts, n, ch in touches])
    forms.sort()
    w("form-submissions.csv", "Conversion Date,Email,Page URL",
      [(ts.strftime("%Y-%m-%d %H:%M"), e, u) for ts, e, u in forms])
    w("opportunities.csv", "Id,AccountId,Amount,CreatedDate,CloseDate,StageName,IsClosed,IsWon",
      [(o, a, amt, f"{c}T09:00:00.000+0000", cl, st, str(isc).lower(), str(iw).lower())
       for o, a, amt, c, cl, st, isc, iw in opps])
    w("opportunity-history.csv", "OpportunityId,StageName,Amount,CreatedDate",
      [(o, s, a, f"{d}T09:00:00.000+0000") for o, s, a, d in sorted(hist, key=lambda h: (h[0], h[3]))])


if __name__ == "__main__":
    main()
