#!/bin/sh
# bench/bench-influence.sh — pipeline influence (issue #16), run by
# bench/run.sh or alone:
#
#   bench/bench-influence.sh [BINARY]
#
#   BENCH_TOUCHES=10000000  touches (default 1,000,000: the SQL peer takes
#                           tens of minutes past that on a shared machine)
#   BENCH_OPPS=100000       opportunities      BENCH_ASSETS=10000  assets
#   BENCH_SQL=0             skip the SQL peer
#
# Generates (once) bench/out/crm-TOUCHES with bench/gencrm.py, then measures
#   1. crm import of the contacts, opportunities and touch exports (fresh crm.db)
#   2. influence --models all --format csv: wall time and peak RSS
#   3. bench/influence.sql (the same models as plain SQL) run by sqlite3 on
#      the same crm.db in one run: wall time and peak RSS
#   4. with the stage history: influence --nurture, and search with intent
#      judged afresh against read from its cache
# and checks that 2 and 3 give the same rows. Targets: 2 at least 3x faster
# than 3, peak RSS under 500 MB.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-build/contentcal}")
touches=${BENCH_TOUCHES:-1000000}
opps=${BENCH_OPPS:-100000}
assets=${BENCH_ASSETS:-10000}
dir=$here/out/crm-$touches-$opps-$assets
files=$(( (touches + 999999) / 1000000 ))
as_of=2026-01-01
as_of_day=20454

if [ ! -f "$dir/.done" ]; then
	rm -rf "$dir"
	python3 "$here/gencrm.py" "$dir" --touches "$touches" --opps "$opps" --assets "$assets" --files "$files"
	touch "$dir/.done"
fi
row() { printf '%-52s %12s %12s %8s %s\n' "$1" "$2" "$3" "$4" "$5"; }

rm -f "$dir/.git/contentcal/crm."*
"$bin" -C "$dir" index -q
# measure CMD...: sets wall, cpu (user + sys) and rss (KB) from /usr/bin/time.
measure() {
	m=$( { /usr/bin/time -f "%e %U %S %M" "$@"; } 2>&1 >/dev/null | tail -1)
	set -- $m
	wall=$1 cpu=$(echo "$2 + $3" | bc -l) rss=$4
}
measure sh -c "cd '$dir' && '$bin' crm import contacts.csv opportunities.csv touches-*.csv"
row "crm import of $touches touches, $opps opportunities" "${wall}s" "cpu $(printf %.1f "$cpu")s" "" \
	"$(printf '%.0f rows/s of CPU' "$(echo "($touches + 3 * $opps) / $cpu" | bc -l)"), peak RSS $((rss / 1024)) MB"

measure sh -c "'$bin' -C '$dir' --no-index influence --models all --as-of '$as_of' --format csv >'$dir/c.csv'"
t_c=$wall c_c=$cpu rss_c=$rss
row "influence --models all" "${t_c}s" "cpu $(printf %.2f "$c_c")s" "" "peak RSS $((rss_c / 1024)) MB (<= 500 MB)"

if [ "${BENCH_SQL:-1}" = 1 ]; then
	sed -e "s/@AS_OF@/$as_of_day/" -e "s/@SINCE@/-1000000/" -e "s/@LOOKBACK@/365/" -e "s/@HALF_LIFE@/7.0/" \
		"$here/influence.sql" >"$dir/q.sql"
	measure sh -c "sqlite3 -csv '$dir/.git/contentcal/crm.db' <'$dir/q.sql' >'$dir/s.csv'"
	t_s=$wall c_s=$cpu rss_s=$rss
	row "same models as SQL (sqlite3, one run)" "${t_s}s" "cpu $(printf %.1f "$c_s")s" "" "peak RSS $((rss_s / 1024)) MB"
	row "influence vs SQL, wall" "${t_c}s" "${t_s}s" "$(printf %.3f "$(echo "$t_c / $t_s" | bc -l)")" "<= 0.33"
	row "influence vs SQL, CPU" "$(printf %.2f "$c_c")s" "$(printf %.1f "$c_s")s" "$(printf %.3f "$(echo "$c_c / $c_s" | bc -l)")" "<= 0.33"
	# amounts as digit strings: awk would print large numbers in %g
	awk -F, 'NR > 1 && $3 > 0 { for (k = 4; k <= 5; k++) { sub(/\./, "", $k); sub(/^0+/, "", $k); if ($k == "") $k = 0 }
		print $1 "," $2 "," $3 "," $4 "," $5 }' \
		"$dir/c.csv" | tr -d '\r' | sort >"$dir/c.sorted"
	tr -d '\r' <"$dir/s.csv" | sort >"$dir/s.sorted"
	if cmp -s "$dir/c.sorted" "$dir/s.sorted"; then
		row "same rows from both" "$(wc -l <"$dir/c.sorted") rows" "" "" "identical"
	else
		row "same rows from both" "DIFFERENT" "" "" "see $dir/c.sorted and $dir/s.sorted"
	fi
fi

# The nurturing effect and intent assets (docs/influence.md): the stage
# history, then `influence --nurture`, and a search that judges intent
# afresh (intent_cache dropped) against one that reads the cached set.
if [ -f "$dir/opportunity-history.csv" ]; then
	(cd "$dir" && "$bin" crm import opportunity-history.csv >/dev/null 2>&1)
	measure sh -c "'$bin' -C '$dir' --no-index influence --nurture --as-of '$as_of' >/dev/null"
	row "influence --nurture" "${wall}s" "cpu $(printf %.2f "$cpu")s" "" "peak RSS $((rss / 1024)) MB"
	"$bin" -C "$dir" --no-index search asset --as-of "$as_of" >/dev/null 2>&1 || true # full text, priors
	sqlite3 "$dir/.git/contentcal/index.db" "DROP TABLE IF EXISTS intent_cache"
	measure sh -c "'$bin' -C '$dir' --no-index search asset --as-of '$as_of' >/dev/null 2>&1"
	row "search, intent judged afresh" "${wall}s" "cpu $(printf %.2f "$cpu")s" "" "peak RSS $((rss / 1024)) MB"
	measure sh -c "'$bin' -C '$dir' --no-index search asset --as-of '$as_of' >/dev/null 2>&1"
	row "search, intent from intent_cache" "${wall}s" "cpu $(printf %.2f "$cpu")s" "" "peak RSS $((rss / 1024)) MB"
fi
