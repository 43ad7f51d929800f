#!/usr/bin/env python3
"""Synthetic CRM data for the influence benchmark (deterministic).

    bench/gencrm.py OUT [--touches N] [--opps N] [--assets N] [--files K]

Writes into OUT a git repository with N assets (content/a/asset-NNNNN.md)
and the exports: contacts.csv (Id, Email, AccountId, CreatedDate),
opportunities.csv (Salesforce Opportunity), opportunity-history.csv (stage
dates: the funnel for the nurturing effect), touches-K.csv (generic touches
by e-mail, split into K files so that no single import holds them all).
Accounts are fictional ids; e-mail addresses are @example.invalid.
Defaults: 10,000,000 touches, 100,000 opportunities, 10,000 assets.
"""
import argparse
import datetime
import os
import random
import subprocess

EPOCH = datetime.date(1970, 1, 1)


def day(d):
    return (EPOCH + datetime.timedelta(days=d)).isoformat()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--touches", type=int, default=10_000_000)
    ap.add_argument("--opps", type=int, default=100_000)
    ap.add_argument("--assets", type=int, default=10_000)
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--seed", type=int, default=16)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "content", "a"), exist_ok=True)
    stages = ["awareness", "consideration", "decision"]
    personas = ["cio", "cfo", "developer", "security-lead", "it-director"]
    for i in range(a.assets):
        with open(os.path.join(a.out, "content", "a", f"asset-{i:05d}.md"), "w") as f:
            f.write(f"---\ntitle: Asset {i}\nslug: asset-{i:05d}\nstage: {stages[i % 3]}\n"
                    f"persona: {personas[i % 5]}\ndate: 2025-01-01\n---\nBody {i}.\n")
    with open(os.path.join(a.out, "contentcal.yml"), "w") as f:
        f.write('content: ["content/**/*.md"]\nstages: hubspot\n'
                'url: "https://bench.example/r/{slug}"\nrequired: []\n')
    env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@example.invalid",
               GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@example.invalid")
    if not os.path.isdir(os.path.join(a.out, ".git")):
        subprocess.run(["git", "-C", a.out, "init", "-q"], check=True)
        subprocess.run(["git", "-C", a.out, "add", "-A"], check=True)
        subprocess.run(["git", "-C", a.out, "commit", "-q", "-m", "assets"], check=True, env=env)

    accounts = max(1, a.opps // 5)          # 5 opportunities per account on average
    contacts = max(1, accounts * 10)        # 10 contacts per account
    start = (datetime.date(2024, 1, 1) - EPOCH).days
    span = 730                              # two years of touches
    acct_of = [rnd.randrange(accounts) for _ in range(contacts)]
    with open(os.path.join(a.out, "contacts.csv"), "w") as f:
        f.write("Id,Email,AccountId,CreatedDate\n")
        for c in range(contacts):
            f.write(f"003B{c:011d},p{c}@example.invalid,001B{acct_of[c]:011d},"
                    f"{day(start + rnd.randrange(span))}\n")
    # Stage history from its own generator, so the other files stay as they were.
    hrnd = random.Random(a.seed + 1)
    funnel = ["Prospecting", "Qualification", "Proposal", "Negotiation"]
    with open(os.path.join(a.out, "opportunities.csv"), "w") as f, \
            open(os.path.join(a.out, "opportunity-history.csv"), "w") as h:
        f.write("Id,AccountId,Amount,CreatedDate,CloseDate,StageName,IsClosed,IsWon\n")
        h.write("OpportunityId,StageName,CreatedDate\n")
        for o in range(a.opps):
            created = start + 60 + rnd.randrange(span - 60)
            close = created + 10 + rnd.randrange(180)
            r = rnd.random()
            closed, won = (True, True) if r < 0.3 else ((True, False) if r < 0.6 else (False, False))
            stage = "Closed Won" if won else ("Closed Lost" if closed else "Prospecting")
            amount = f"{rnd.randrange(1000, 500000)}.{rnd.randrange(100):02d}"
            f.write(f"006B{o:011d},001B{rnd.randrange(accounts):011d},{amount},{day(created)},"
                    f"{day(close)},{stage},{'true' if closed else 'false'},{'true' if won else 'false'}\n")
            reached = len(funnel) if won else 1 + hrnd.randrange(len(funnel) - 1)
            d = created
            for k in range(reached):
                h.write(f"006B{o:011d},{funnel[k]},{day(d)}\n")
                d += 1 + hrnd.randrange(max(1, (close - created) // len(funnel)))
            if closed:
                h.write(f"006B{o:011d},{stage},{day(max(d, close))}\n")
    per = (a.touches + a.files - 1) // a.files
    n = 0
    # Popular assets get more touches (a rough power law).
    for k in range(a.files):
        with open(os.path.join(a.out, f"touches-{k:02d}.csv"), "w") as f:
            f.write("email,timestamp,asset,channel\n")
            lines = []
            for _ in range(min(per, a.touches - n)):
                c = rnd.randrange(contacts)
                asset = int(a.assets * rnd.random() ** 2)
                ts = (start + rnd.randrange(span)) * 86400 + rnd.randrange(86400)
                t = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
                lines.append(f"p{c}@example.invalid,{t:%Y-%m-%dT%H:%M:%SZ},asset-{asset:05d},web\n")
                if len(lines) == 100000:
                    f.writelines(lines)
                    lines = []
                n += 1
            f.writelines(lines)


if __name__ == "__main__":
    main()
