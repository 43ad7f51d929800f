#!/bin/sh
# search rankings: the same results, scores and counts as before search kept
# its per-asset priors (relevance percentile, freshness, lifecycle) in the
# index (t0840 data recorded with the earlier implementation); the same on a
# cache hit, after an ingest, after a new commit, and on another as-of day.
data=$(cd "$(dirname "$0")/data" && pwd)
. "$(dirname "$0")/lib.sh"

# Every query of the comparison, in JSON with --explain and as text.
ranks() { # ranks AS_OF
	for q in "migration" "cloud --limit 30" "zero trust --include-stale" "pricing --all --limit 50" \
		"migration --stage decision --include-stale" "identity --limit 3" "plan* --include-stale"; do
		echo "## $q @ $1" &&
		{ contentcal -C r search $q --as-of "$1" --explain --format json; echo "rc=$?"; } &&
		{ contentcal -C r search $q --as-of "$1" --explain 2>&1; echo "rc=$?"; } || return 1
	done
}

test_expect_success 'setup: 40 assets of every state, engagement in two stages' '
	. "$data/search-rank-fixture.sh"
'

test_expect_success 'rankings as recorded before the priors cache, three as-of days' '
	{ ranks 2026-11-23 && ranks 2026-03-01 && ranks 2026-08-15; } >out &&
	test_cmp "$data/t0840-search-rank.expected" out
'

test_expect_success 'a cache hit gives the same; the cache row is there' '
	{ ranks 2026-11-23 && ranks 2026-03-01 && ranks 2026-08-15; } >again &&
	test_cmp "$data/t0840-search-rank.expected" again &&
	test "$(sqlite3 r/.git/contentcal/index.db "SELECT count(*) FROM search_priors")" = 1
'

# The same queries on a copy of the index without the cache (computed afresh).
cold_ranks() {
	rm -rf cold && mkdir cold &&
	cp r/.git/contentcal/index.db r/.git/contentcal/engagement.db cold/ &&
	sqlite3 cold/index.db "DROP TABLE search_priors" &&
	for q in "migration" "cloud --limit 30 --include-stale" "pricing --all --limit 50"; do
		contentcal -C r --db "$PWD/cold/index.db" --no-index search $q --as-of 2026-11-23 --explain \
			--format json || return 1
	done
}
warm_ranks() {
	for q in "migration" "cloud --limit 30 --include-stale" "pricing --all --limit 50"; do
		contentcal -C r search $q --as-of 2026-11-23 --explain --format json || return 1
	done
}

test_expect_success 'an ingest that changes the figures is seen at once' '
	warm_ranks >before &&
	printf "date,asset,views,downloads\n2026-11-01,content/a7.md,5000,40\n" >more.csv &&
	contentcal -C r ingest "$PWD/more.csv" >/dev/null &&
	warm_ranks >warm && cold_ranks >cold.out &&
	test_cmp cold.out warm &&
	! cmp -s before warm
'

test_expect_success 'a new commit (a review date moved) is seen at once' '
	sed "s/^review_by: 2026-08-01/review_by: 2027-08-01/" r/content/a2.md >tmp && mv tmp r/content/a2.md &&
	commit r "review a2" 2026-11-01T10:00:00+00:00 &&
	warm_ranks >warm && cold_ranks >cold.out &&
	test_cmp cold.out warm &&
	expect_grep "content/a2.md" warm
'

test_done
