#!/bin/sh
# bench-parsers.sh: time against input size for each parser, to show that
# every one is linear. Part of `make bench` (bench/run.sh runs every
# bench/bench-*.sh); alone:
#
#   bench/bench-parsers.sh [BINARY]
#   BENCH_PARSER_RUNS=3   runs per point (the best is kept)
#
# For each parser one hostile shape of input is generated at 1x, 2x, 4x
# and 8x a base size, and the command that reads it is timed end to end:
#   fm      one front-matter line of N sequence items, N/2 duplicate keys
#   md      N-deep emphasis, N/4 block quotes and lists, N/16 paragraphs
#   config  one-line vocabularies of N stages and N topics
#   csv     N long-shape rows (ingest)
#   query   50 search terms of N bytes in all (search, ten runs a point)
# (8x stays under the YAML node cap and the 128 KiB argument limit;
# search takes at most 100 terms, so the query grows in term length.)
# The time of the same command on an empty input is taken off, so what is
# left is the parser's share; "ratio" is that time over the 1x time. A
# linear parser doubles with the input (ratios near 1, 2, 4, 8); a
# quadratic one quadruples (1, 4, 16, 64). A benchmark, not a test: it
# prints and never fails on speed.
set -eu
bin=$(cd "$(dirname "${1:-build/contentcal}")" && pwd)/$(basename "${1:-build/contentcal}")
runs=${BENCH_PARSER_RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/contentcal-bench-parsers.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8 TZ=UTC HOME=$work
export GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.com GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.com

# best CMD...: the fastest wall time of $runs runs, in seconds.
best() {
	b=
	i=0
	while [ $i -lt "$runs" ]; do
		s=$(date +%s.%N)
		"$@" >/dev/null 2>&1 || true
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc -l)
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
		i=$((i + 1))
	done
	echo "$b"
}

# repo DIR: a git repository with a minimal config and one asset.
repo() {
	rm -rf "$1" && mkdir -p "$1/content" && git -C "$1" init -q &&
	printf 'content: ["content/**/*.md"]\n' >"$1/contentcal.yml" &&
	printf -- '---\ntitle: One\n---\nbody\n' >"$1/content/one.md"
}

commit() { git -C "$1" add -A && git -C "$1" commit -qm x; }

# gen KIND N FILE: writes one input of the shape KIND at scale N.
gen() {
	python3 - "$1" "$2" "$3" <<'PY'
import sys
kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if kind == "fm":  # one front-matter line, n items, plus n duplicate keys
    s = "---\ntags: [" + ", ".join("\u00e9%06d" % i for i in range(n)) + "]\n"
    s += "".join("k%d: 1\n" % (i % max(1, n // 4)) for i in range(n // 2)) + "---\nbody\n"
elif kind == "md":  # nested emphasis, deep quotes and lists, plain prose
    s = "---\ntitle: M\n---\n" + "*" * n + "a" + "*" * n + "\n\n" + ">" * (n // 4) + " q\n\n"
    s += "- " * (n // 4) + "l\n\n" + "Some words and a [link](x) here.\n\n" * (n // 16)
elif kind == "config":  # one line: a vocabulary of n stages, and n topics
    s = 'content: ["content/**/*.md"]\nstages: [' + ", ".join("s%d" % i for i in range(n)) + "]\n"
    s += "topics: [" + ", ".join("t%d" % i for i in range(n)) + "]\n"
elif kind == "csv":  # long shape, n rows
    s = "date,asset,metric,value\n" + "".join(
        "2026-01-%02d,one,m%d,%d\n" % (1 + i % 28, i % 97, i) for i in range(n))
elif kind == "query":  # 50 search terms (the most is 100) of n bytes each in all
    s = " ".join(("t%02d" % i) + "x" * (n // 50) + "*" * (i % 2) for i in range(50))
open(path, "w", encoding="utf-8").write(s)
PY
}

point() { # point KIND N: seconds for the parser's command at scale N
	kind=$1 n=$2 r=$work/$1-$2
	repo "$r"
	case $kind in
	fm | md)
		if [ "$n" -gt 0 ]; then gen "$kind" "$n" "$r/content/x.md"; fi
		commit "$r"
		run() { rm -f "$r/idx"*; "$bin" -C "$r" --db "$r/idx" --no-index lint; "$bin" -C "$r" --db "$r/idx" index; }
		;;
	config)
		if [ "$n" -gt 0 ]; then gen config "$n" "$r/contentcal.yml"; fi
		commit "$r"
		"$bin" -C "$r" --db "$r/idx" index >/dev/null 2>&1 || true
		run() { "$bin" -C "$r" --db "$r/idx" --no-index lint; }
		;;
	csv)
		gen csv "$n" "$r/e.csv"
		commit "$r"
		"$bin" -C "$r" --db "$r/idx" index >/dev/null 2>&1
		run() { rm -f "$r/engagement"* "$r/idx-engagement"*; "$bin" -C "$r" --db "$r/idx" --no-index ingest "$r/e.csv"; }
		;;
	query)
		gen query "$n" "$r/q"
		commit "$r"
		"$bin" -C "$r" --db "$r/idx" search one >/dev/null 2>&1 || true
		# ten searches a point: one is too short to time alone
		run() { for i in 1 2 3 4 5 6 7 8 9 10; do "$bin" -C "$r" --db "$r/idx" --no-index search "one $(cat "$r/q")"; done; }
		;;
	esac
	best run
}

printf '\n%-10s %10s %10s %10s %8s   %s\n' parser scale bytes seconds ratio "(linear: 1 2 4 8)"
for spec in fm:5000 md:100000 config:5000 csv:50000 query:15000; do
	kind=${spec%%:*} base=${spec#*:}
	zero=$(point "$kind" 0)
	t1=
	for k in 1 2 4 8; do
		n=$((base * k))
		t=$(point "$kind" "$n")
		bytes=$(cat "$work/$kind-$n/content/x.md" "$work/$kind-$n/e.csv" "$work/$kind-$n/q" 2>/dev/null | wc -c)
		[ "$kind" = config ] && bytes=$(wc -c <"$work/$kind-$n/contentcal.yml")
		t=$(echo "$t - $zero" | bc -l)
		if [ "$(echo "$t < 0.0001" | bc -l)" = 1 ]; then t=0.0001; fi
		[ -z "$t1" ] && t1=$t
		printf '%-10s %9sx %10s %10.4f %8.2f\n' "$kind" "$k" "$bytes" "$t" "$(echo "$t / $t1" | bc -l)"
		rm -rf "$work/$kind-$n"
	done
	rm -rf "$work/$kind-0"
done
