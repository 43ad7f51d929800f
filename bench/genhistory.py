#!/usr/bin/env python3
"""Generate a content repository with a long history, for the history benchmark.

    genhistory.py DEST --files 2000 --commits 20000 [--seed 1]

Writes FILES Markdown assets in a first commit, then COMMITS commits that
each edit one to three files (and now and then rename or add one), all
through `git fast-import`, so tens of thousands of commits take seconds.
The same arguments give byte-identical repositories.
"""
import argparse
import random
import subprocess


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dest")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    subprocess.run(["git", "init", "-q", "-b", "main", a.dest], check=True)
    stages = ["awareness", "consideration", "decision"]
    personas = ["cio", "cfo", "developer", "it-director"]
    paths = ["content/blog/post-%05d.md" % i for i in range(a.files)]
    versions = {p: 0 for p in paths}
    t0 = 1700000000
    out = []

    def doc(p):
        i = int(p[-8:-3]) if p[-8:-3].isdigit() else 0
        body = " ".join(rng.choice(["pipeline", "cloud", "budget", "risk", "team", "roadmap"]) for _ in range(80))
        text = ("---\ntitle: \"Post %d\"\nstage: %s\npersona: %s\ndate: 2025-%02d-%02d\n---\n\n# Post %d\n\n"
                "Version %d. %s\n" % (i, stages[i % 3], personas[i % 4], i % 12 + 1, i % 28 + 1, i, versions[p], body))
        return text.encode()

    def commit(n, files, renames=()):
        t = t0 + n * 600
        msg = b"commit %d\n" % n
        out.append(b"commit refs/heads/main\n")
        out.append(b"author Bench <bench@example.com> %d +0000\n" % t)
        out.append(b"committer Bench <bench@example.com> %d +0000\n" % t)
        out.append(b"data %d\n%s" % (len(msg), msg))
        for old, new in renames:
            out.append(b"R %s %s\n" % (old.encode(), new.encode()))
        for p in files:
            data = doc(p)
            out.append(b"M 100644 inline %s\ndata %d\n%s\n" % (p.encode(), len(data), data))

    commit(0, paths)
    for n in range(1, a.commits + 1):
        r = rng.random()
        if r < 0.01:
            old = rng.choice(paths)
            new = old.replace(".md", "-r%d.md" % n)
            paths[paths.index(old)] = new
            versions[new] = versions.pop(old)
            commit(n, [], [(old, new)])
        elif r < 0.03:
            p = "content/blog/new-%06d.md" % n
            paths.append(p)
            versions[p] = 0
            commit(n, [p])
        else:
            files = rng.sample(paths, rng.randint(1, 3))
            for p in files:
                versions[p] += 1
            commit(n, files)
    subprocess.run(["git", "-C", a.dest, "fast-import", "--quiet"], input=b"".join(out), check=True)
    subprocess.run(["git", "-C", a.dest, "checkout", "-q", "-f", "main"], check=True)


if __name__ == "__main__":
    main()
