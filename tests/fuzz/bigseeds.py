#!/usr/bin/env python3
"""Writes the big fuzz seeds: inputs that prove each parser is linear.

Usage: bigseeds.py OUTDIR [MAX_BYTES]

One directory per fuzz target under OUTDIR, each seed at most MAX_BYTES
(default 4 MiB): long lines, many nodes, deep nesting, many duplicates.
`make fuzz` runs every target once over these with libFuzzer's -timeout
(a quadratic parser takes minutes on them; a linear one well under a
second) before fuzzing with -max_len set to the same size. Generated,
not committed: together they are tens of megabytes.
"""
import os
import sys

out = sys.argv[1]
cap = int(sys.argv[2]) if len(sys.argv) > 2 else 4 << 20


def fit(make):
    """The largest make(n) (n doubling) that fits in cap bytes."""
    n, best = 1, None
    while True:
        s = make(n)
        if len(s) > cap:
            return best if best is not None else s[:cap]
        best, n = s, n * 2


def seq_line(n):  # one long front-matter line: a flow sequence
    return "tags: [" + ", ".join("\u00e9%06d" % i for i in range(n)) + "]\n"


def dup_keys(n):
    return "".join("k%d: {a: 1}\n" % (i % max(1, n // 2)) for i in range(n))


def flow_map(n):
    return "p: {" + ", ".join("k%d: %d" % (i % max(1, n // 2), i) for i in range(n)) + "}\n"


def deep_json(n):
    return '{"a": ' + "[" * n + "]" * n + "}\n"


def dup_json(n):
    return "{" + ",".join('"k%d": [1]' % (i % max(1, n // 2)) for i in range(n)) + "}\n"


def emphasis(n):
    return "*" * n + "a" + "*" * n + "\n"


def blocks(n):
    return ">" * n + " q\n\n" + "- " * n + "l\n\n" + "[" * n + "x" + "]" * n + "\n"


yaml_seeds = {
    "long-line": lambda n: seq_line(n),
    "dup-keys": dup_keys,
    "flow-map-dups": flow_map,
    "long-key": lambda n: "? " + "k" * n + "\n: [" + ", ".join(["1"] * 1000) + "]\n",
}
seeds = {
    "yaml": yaml_seeds,
    "fm": {
        **{k: (lambda f: lambda n: "---\n" + f(n) + "---\nbody\n")(f) for k, f in yaml_seeds.items()},
        "json-deep": deep_json,
        "json-dups": dup_json,
        "json-long-key": lambda n: '{"' + "k" * n + '": [' + ",".join(["1"] * 1000) + "]}\n",
    },
    "asset": {
        "long-tags": lambda n: "---\ntitle: T\n" + seq_line(n) + "---\nbody\n",
        "emphasis": lambda n: "---\ntitle: T\n---\n" + emphasis(n),
    },
    "md": {  # the first byte chooses MDX (odd) or Markdown
        "emphasis": lambda n: "0" + emphasis(n),
        "blocks": lambda n: "0" + blocks(n),
        "mdx-jsx": lambda n: "1" + "<Box>\n" * n + "text\n",
        "mdx-import": lambda n: "1import {" + "{" * n + "\n" + "x\n" * n,
    },
    "config": {
        "one-line": lambda n: 'content: ["**/*.md"]\nx: [' + ",".join(["1"] * n) + "]\n",
        "vocab": lambda n: "stages: [" + ", ".join("s%d" % i for i in range(n)) + "]\n",
        "dup-keys": dup_keys,
    },
    "csv": {
        "many-rows": lambda n: "date,asset,metric,value\n" + "2026-01-02,alpha,views,1\n" * n,
        "long-line": lambda n: "date,asset," + ",".join("m%d" % i for i in range(n)) + "\n"
        + "2026-01-02,alpha," + ",".join(["1"] * n) + "\n",
        "unknown": lambda n: "date,asset,metric,value\n"
        + "".join("2026-01-02,nobody%d,views,1\n" % i for i in range(n)),
        "quoted": lambda n: 'date,asset,metric,value\n2026-01-02,alpha,views,"' + "x\n" * n + '"\n',
    },
    "query": {
        "words": lambda n: " ".join("w%d" % i for i in range(n)),
        "negated": lambda n: "a " + " ".join("-w%d" % i for i in range(n)),
        "quotes": lambda n: '"' * n,
        "columns": lambda n: " ".join("title:w%d*" % i for i in range(n)),
    },
    "glob": {  # pattern NL path
        "deep-path": lambda n: "**/a/**/b\n" + "a/" * n + "b",
        "stars": lambda n: "*" * n + "b\n" + "a" * n,
        # a star retrying a long segment at every byte (was seconds at 200 KB)
        "star-segment": lambda n: "*" + "a" * 4000 + "b*\n" + "a" * n,
        "anchored-tail": lambda n: "*" + "a" * 4000 + "b\n" + "a" * n,
        "wild-segment": lambda n: "*" + "?" * 63 + "b*\n" + "a" * n,
        "wide-wild-segment": lambda n: "*" + "?" * 4000 + "b*\n" + "a" * n,
        "many-dstars": lambda n: "**/x/" * n + "y\n" + "x/" * n + "z",
    },
    "date": {
        "long": lambda n: "2026-01-02" + "0" * n,
        "spaces": lambda n: " " * n + "2026-01-02",
    },
}

for target, makers in seeds.items():
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    for name, make in makers.items():
        with open(os.path.join(d, "big-" + name), "w", encoding="utf-8") as f:
            f.write(fit(make))
