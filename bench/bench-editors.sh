#!/bin/sh
# bench/bench-editors.sh — audit and plan on the 10k-document corpus (issue
# #15), run by bench/run.sh or alone:
#
#   bench/bench-editors.sh [BINARY] [CORPUS_DIR]
#
# CORPUS_DIR defaults to bench/out/corpus-10000 (made by bench/run.sh; made
# here when missing). Measures, each the best wall time of 3 and the CPU time
# (user + system) of that run:
#   1. audit --format csv (near-duplicate pass included) on a current index,
#      against a cold index of the same corpus  (target: <= 2x)
#   2. peak RSS of that audit                    (target: < 200 MB)
#   3. plan --as-of 2026-11-23 on a current index (target: < 100 ms)
# The machine may be shared: CPU time is the steadier figure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-build/contentcal}")
c=${2:-$here/out/corpus-10000}
db=$here/out/editors.db
export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8
if [ ! -f "$c/.done" ]; then
	rm -rf "$c"
	GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=gc.auto GIT_CONFIG_VALUE_0=0 \
		python3 "$here/gencorpus.py" "$c" --docs 10000 >/dev/null
	git -C "$c" gc -q
	touch "$c/.done"
fi

# measure NAME CMD...: best of 3 as "WALL CPU RSS_KB"
measure() {
	name=$1
	shift
	best=
	for i in 1 2 3; do
		/usr/bin/time -o "$here/out/editors.time" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || true
		r=$(tail -1 "$here/out/editors.time")
		w=$(echo "$r" | cut -d' ' -f1)
		if [ -z "$best" ] || [ "$(echo "$w < $(echo "$best" | cut -d' ' -f1)" | bc -l)" = 1 ]; then
			best=$(echo "$r" | awk '{printf "%s %.2f %s", $1, $2 + $3, $4}')
		fi
	done
	echo "$best"
}
row() { printf '%-52s %12s %12s %8s %s\n' "$1" "$2" "$3" "$4" "$5"; }

cold=$(measure cold sh -c "rm -f '$db' '$db-wal' '$db-shm'; '$bin' -C '$c' --db '$db' index")
"$bin" -C "$c" --db "$db" index >/dev/null 2>&1
audit=$(measure audit "$bin" -C "$c" --db "$db" audit --as-of 2026-11-23 --format csv)
plan=$(measure plan "$bin" -C "$c" --db "$db" plan --as-of 2026-11-23)
pairs=$("$bin" -C "$c" --db "$db" audit --as-of 2026-11-23 --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['pairs'])")

w() { echo "$1" | cut -d' ' -f1; }
cpu() { echo "$1" | cut -d' ' -f2; }
kb() { echo "$1" | cut -d' ' -f3; }
row "audit (near-duplicates: $pairs pairs) vs cold index" "$(w "$audit")s" "$(w "$cold")s" \
	"$(printf %.2f "$(echo "$(w "$audit") / $(w "$cold")" | bc -l)")" "<= 2.00"
row "  the same in CPU time" "$(cpu "$audit")s" "$(cpu "$cold")s" \
	"$(printf %.2f "$(echo "$(cpu "$audit") / $(cpu "$cold")" | bc -l)")" ""
row "peak RSS, audit of 10k" "$(($(kb "$audit") / 1024)) MB" "" "" "< 200 MB"
row "plan --as-of 2026-11-23 (wall; CPU)" "$(w "$plan")s" "$(cpu "$plan")s" "" "< 100 ms"
rm -f "$db" "$db-wal" "$db-shm" "$here/out/editors-engagement.db"* "$here/out/editors.time"
