#!/bin/sh
# Warm `search` as a whole process against a whole sqlite3 process running the
# same FTS5 MATCH with bm25 ordering and LIMIT on the same database file.
#
#   bench/search.sh CORPUS_DIR [BINARY] [QUERY...]
#   BENCH_RUNS=21   runs of each, interleaved; the median is reported
#
# With perf(1) installed, the CPU time of each (task-clock; BENCH_RUNS runs
# of the three, interleaved, the median of each) is printed too: on a loaded
# machine the wall clock includes the run queue, the CPU time does not.
set -eu
c=$1
bin=${2:-build/contentcal}
shift 2 || shift $#
[ $# -gt 0 ] || set -- pipeline "zero trust" "kubernetes migration"
runs=${BENCH_RUNS:-21}
db=$(mktemp -d)/bench.db
"$bin" -C "$c" --db "$db" index --full-text -q

now() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ms() { median | awk '{ print $1 / 1e6 }'; } # the median of nanoseconds, in ms

printf '%-24s %12s %14s %12s %8s\n' query contentcal "--no-index" sqlite3 ratio
for q in "$@"; do
	match=$(printf '%s' "$q" | sed 's/"/""/g; s/\([^ ][^ ]*\)/"\1"/g')
	sql="SELECT rowid, bm25(assets_fts, 10.0, 4.0, 1.0) AS r FROM assets_fts WHERE assets_fts MATCH '$match' ORDER BY r LIMIT 10"
	: >"$db.a"; : >"$db.b"; : >"$db.s"
	i=0
	while [ $i -lt "$runs" ]; do
		s=$(now); "$bin" -C "$c" --db "$db" search "$q" >/dev/null 2>&1 || :; e=$(now); echo $((e - s)) >>"$db.a"
		s=$(now); "$bin" -C "$c" --db "$db" --no-index search "$q" >/dev/null 2>&1 || :; e=$(now); echo $((e - s)) >>"$db.b"
		s=$(now); sqlite3 "$db" "$sql" >/dev/null; e=$(now); echo $((e - s)) >>"$db.s"
		i=$((i + 1))
	done
	a=$(ms <"$db.a"); b=$(ms <"$db.b"); s=$(ms <"$db.s")
	printf '%-24s %9.1f ms %11.1f ms %9.1f ms %7.2fx\n' "$q" "$a" "$b" "$s" "$(echo "$a / $s" | bc -l)"
	if command -v perf >/dev/null 2>&1; then
		# CPU time of one run (task-clock, ms); the three interleaved, the median of each
		cpu() { perf stat -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ { print $1 }'; }
		: >"$db.a"; : >"$db.b"; : >"$db.s"
		i=0
		while [ $i -lt "$runs" ]; do
			cpu "$bin" -C "$c" --db "$db" search "$q" >>"$db.a"
			cpu "$bin" -C "$c" --db "$db" --no-index search "$q" >>"$db.b"
			cpu sqlite3 "$db" "$sql" >>"$db.s"
			i=$((i + 1))
		done
		a=$(median <"$db.a"); b=$(median <"$db.b"); s=$(median <"$db.s")
		printf '%-24s %9.1f ms %11.1f ms %9.1f ms %7.2fx  (CPU)\n' "" "$a" "$b" "$s" "$(echo "$a / $s" | bc -l)"
	fi
done
rm -rf "$(dirname "$db")"
