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

# Priors stored in chunks of 128 asset ids: a corpus over several chunks,
# with ids made sparse by deletions, gives what computing afresh gives.
big_ranks() { # DB-ARGS...
	for q in "pipeline --limit 400 --all" "pipeline --limit 50" "pipeline --include-stale --limit 400" \
		"unique17" "unique250 --all" "pipeline --stage decision --limit 400"; do
		contentcal -C big "$@" search $q --as-of 2026-11-23 --explain --format json; echo "rc=$?"
	done
}

test_expect_success 'priors in chunks: many assets, sparse ids, the same as computed afresh' '
	make_repo big && i=0 &&
	while [ $i -lt 300 ]; do
		case $((i % 4)) in 0) st=published rb="review_by: 2027-01-01" ;; 1) st=published rb="review_by: 2026-01-01" ;;
		2) st=draft rb="review_by: 2027-01-01" ;; *) st=published rb="expires: 2026-06-01" ;; esac
		case $((i % 3)) in 0) sg=awareness ;; 1) sg=consideration ;; *) sg=decision ;; esac
		add_asset big content/p$i.md "title: Pipeline unique$i" "status: $st" "date: 2026-01-02" "$rb" \
			"stage: $sg" "persona: cio" || return 1
		i=$((i + 1))
	done &&
	commit big many && contentcal -C big index -q &&
	git -C big rm -q "content/p1[0-9]*.md" && i=300 &&
	while [ $i -lt 420 ]; do
		add_asset big content/q$i.md "title: Pipeline unique$i" "status: published" "date: 2026-02-02" \
			"stage: decision" "persona: cio" || return 1
		i=$((i + 1))
	done &&
	commit big sparse &&
	big_ranks >warm1 && big_ranks >warm2 &&
	test "$(sqlite3 big/.git/contentcal/index.db "SELECT count(*) > 2 FROM search_prior_chunks")" = 1 &&
	test "$(sqlite3 big/.git/contentcal/index.db "SELECT max(id) > 400 FROM assets")" = 1 &&
	rm -rf bcold && mkdir bcold && cp big/.git/contentcal/index.db bcold/ &&
	sqlite3 bcold/index.db "DROP TABLE search_priors; DROP TABLE search_prior_chunks" &&
	big_ranks --db "$PWD/bcold/index.db" --no-index >cold.out &&
	test_cmp cold.out warm1 && test_cmp cold.out warm2 &&
	expect_grep "unique250" warm1 && expect_grep "unique17" warm1
'

test_expect_success 'priors stored by an earlier version (one row, key and data) are a miss, then replaced' '
	sqlite3 big/.git/contentcal/index.db "DROP TABLE search_priors; DROP TABLE search_prior_chunks;
		CREATE TABLE search_priors(key TEXT PRIMARY KEY, data BLOB NOT NULL);
		INSERT INTO search_priors VALUES (hex(1), zeroblob(25))" &&
	big_ranks >old.out && test_cmp cold.out old.out &&
	test "$(sqlite3 big/.git/contentcal/index.db "SELECT count(*) FROM search_prior_chunks")" -gt 2
'

test_done
