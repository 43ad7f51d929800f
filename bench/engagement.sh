#!/bin/sh
# bench/engagement.sh — engagement benchmarks on the 10k-document corpus.
#
#   bench/engagement.sh [BIN] [WORKDIR]
#
# Generates (once) the corpus with 365 days of engagement (~787k CSV rows,
# long shape), then measures in one run:
#   1. ingest into a fresh engagement file vs sqlite3 ".import" of the same
#      file into a fresh table (target: ingest <= 1.5x)
#   2. one search once the full-text index exists (target: <= 20 ms)
#   3. relevance over all assets (target: <= 100 ms)
# Times are the best of 5 runs (ingest: best of 3), wall clock.
set -eu
bin=$(realpath "${1:-build/contentcal}")
work=${2:-${TMPDIR:-/tmp}/contentcal-bench-engagement}
corpus=$work/corpus
mkdir -p "$work"
if [ ! -f "$corpus/engagement.csv" ]; then
	python3 /work/shared/bench/gencorpus.py "$corpus" --docs 10000 --engagement-days 365 >/dev/null
fi
csv=$corpus/engagement.csv
db=$work/index.db
eng=$work/engagement.db
echo "corpus: $corpus ($(($(wc -l <"$csv") - 1)) engagement rows)"

now() { date +%s.%N; }
best() { # best N CMD...: the best wall time of N runs, in seconds
	n=$1; shift; b=
	for _ in $(seq "$n"); do
		t0=$(now); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; t1=$(now)
		b=$(echo "$t0 $t1 ${b:-1e9}" | awk '{d = $2 - $1; print (d < $3) ? d : $3}')
	done
	echo "$b"
}

cc() { "$bin" -C "$corpus" --db "$db" "$@"; }
cc index >/dev/null 2>&1

ingest_fresh() { rm -f "$eng" "$eng-wal" "$eng-shm"; cc ingest "$csv"; }
import_fresh() { rm -f "$work/import.db"; sqlite3 -cmd ".mode csv" "$work/import.db" ".import $csv t"; }
t_ingest=$(best 3 ingest_fresh)
t_import=$(best 3 import_fresh)
echo "ingest:          $(echo "$t_ingest" | awk '{printf "%.3f s", $1}')"
echo "sqlite3 .import: $(echo "$t_import" | awk '{printf "%.3f s", $1}')"
echo "ratio:           $(echo "$t_ingest $t_import" | awk '{printf "%.2fx (target <= 1.5x)", $1 / $2}')"

cc search cloud >/dev/null 2>&1 || true # builds the full-text index once
t_search=$(best 5 cc --no-index search "budget forecast" --as-of 2026-12-30)
echo "search:          $(echo "$t_search" | awk '{printf "%.1f ms (target <= 20 ms)", $1 * 1000}')"
t_rel=$(best 5 cc --no-index relevance --as-of 2026-12-30 --format csv)
echo "relevance:       $(echo "$t_rel" | awk '{printf "%.1f ms (target <= 100 ms)", $1 * 1000}')"
