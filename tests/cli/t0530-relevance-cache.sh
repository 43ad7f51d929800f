#!/bin/sh
# relevance cache: the cached figures equal a cold computation, history views
# (as-of inside the data) stay exact, an ingest that changes a value is seen
# at once, one that changes nothing keeps the cache, and search and
# recommend read the same figures.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: four assets with engagement into December' '
	make_repo r &&
	cat >>r/contentcal.yml <<-"YML" &&
	engagement: {half_life_days: 30, min_sample: 2, weights: {views: 1, downloads: 5}}
	YML
	add_asset r content/d1.md "title: Budget planning" "status: published" "stage: decision" "persona: cio" &&
	add_asset r content/d2.md "title: Budget review" "status: published" "stage: decision" "persona: cio" &&
	add_asset r content/a1.md "title: Budget basics" "status: published" "stage: awareness" "persona: cio" &&
	add_asset r content/a2.md "title: Budget myths" "status: published" "stage: awareness" "persona: cio" &&
	commit r "assets" 2026-10-01T10:00:00+00:00 &&
	cat >e.csv <<-"CSV" &&
	date,asset,views,downloads
	2026-10-01,content/d1.md,100,2
	2026-11-01,content/d1.md,10,0
	2026-12-15,content/d1.md,5,1
	2026-10-15,content/d2.md,40,0
	2026-12-20,content/d2.md,300,3
	2026-11-01,content/a1.md,30,0
	2026-12-01,content/a2.md,7,0
	CSV
	contentcal -C r ingest "$PWD/e.csv" >/dev/null &&
	db=r/.git/contentcal/index.db &&
	test -f "$db"
'

# The figures of a run against a fresh copy of the index without the cache tables.
cold() {
	rm -rf cold && mkdir cold &&
	cp r/.git/contentcal/index.db cold/index.db &&
	cp r/.git/contentcal/engagement.db cold/engagement.db &&
	sqlite3 cold/index.db "DROP TABLE IF EXISTS relevance_cache; DROP TABLE IF EXISTS relevance_sums" &&
	contentcal -C r --db "$PWD/cold/index.db" --no-index relevance --format json "$@"
}

test_expect_success 'after the data: cold, miss and hit agree exactly' '
	for d in 2027-01-20 2026-12-20 2027-06-01; do
		cold --as-of $d >expect &&
		contentcal -C r relevance --format json --as-of $d >first &&
		contentcal -C r relevance --format json --as-of $d >second &&
		test_cmp expect first && test_cmp expect second || return 1
	done &&
	test "$(sqlite3 r/.git/contentcal/index.db "SELECT count(*) FROM relevance_cache")" = 1
'

test_expect_success 'history views (as-of inside the data) are exact' '
	for d in 2026-12-19 2026-11-15 2026-10-01 2026-09-01; do
		cold --as-of $d >expect &&
		contentcal -C r relevance --format json --as-of $d >first &&
		contentcal -C r relevance --format json --as-of $d >second &&
		test_cmp expect first && test_cmp expect second || return 1
	done &&
	n=$(sqlite3 r/.git/contentcal/index.db "SELECT count(*) FROM relevance_cache") &&
	test "$n" -le 4 &&
	contentcal -C r relevance --explain --stage awareness --as-of 2026-11-15 >out 2>/dev/null &&
	expect_grep "views .*raw *30.00 .*decayed *21.7090" out
'

test_expect_success 'an ingest that changes nothing keeps the cache' '
	cat r/.git/contentcal/index.db >/dev/null && before=$(sqlite3 r/.git/contentcal/index.db "SELECT group_concat(slot) FROM relevance_cache") &&
	contentcal -C r ingest "$PWD/e.csv" >/dev/null &&
	contentcal -C r relevance --format json --as-of 2027-01-20 >/dev/null &&
	after=$(sqlite3 r/.git/contentcal/index.db "SELECT group_concat(slot) FROM relevance_cache") &&
	test "$before" = "$after"
'

test_expect_success 'an ingest that changes a value is seen at once' '
	contentcal -C r relevance --format csv --as-of 2027-01-20 >old &&
	expect_grep "content/a1.md,Budget basics,awareness,,4.7247," old &&
	printf "date,asset,views\n2026-11-01,content/a1.md,3000\n" >more.csv &&
	contentcal -C r ingest "$PWD/more.csv" >/dev/null &&
	contentcal -C r relevance --format csv --as-of 2027-01-20 >new &&
	expect_grep "content/a1.md,Budget basics,awareness,,472.4" new &&
	cold --as-of 2027-01-20 >expect &&
	contentcal -C r relevance --format json --as-of 2027-01-20 >actual &&
	test_cmp expect actual &&
	test "$(sqlite3 r/.git/contentcal/index.db "SELECT count(*) FROM relevance_cache")" = 1
'

test_expect_success 'a new half-life is a new key' '
	sed -i "s/half_life_days: 30/half_life_days: 60/" r/contentcal.yml &&
	cold --as-of 2027-01-20 >expect &&
	contentcal -C r relevance --format json --as-of 2027-01-20 >actual &&
	test_cmp expect actual &&
	expect_grep "\"half_life_days\": 60" actual
'

test_expect_success 'search and recommend rank with the same percentiles' '
	contentcal -C r search budget --explain --as-of 2027-01-20 --format json >s.json &&
	contentcal -C r relevance --format json --as-of 2027-01-20 >r.json &&
	python3 - <<-"PY"
	import json
	s = json.load(open("s.json"))["results"]
	r = {a["path"]: a for a in json.load(open("r.json"))["assets"]}
	assert len(s) == 4, s
	for hit in s:
	    want = r[hit["path"]]["percentile"] / 100 if r[hit["path"]]["has_data"] else 0
	    assert abs(hit["explain"]["relevance"] - want) < 1e-6, (hit, want)
	PY
	contentcal -C r recommend --persona cio --stage awareness --as-of 2027-01-20 >out &&
	expect_grep "Budget basics (.*relevance 100 within awareness" out
'

test_expect_success 'a read-only or locked index only costs a scan' '
	chmod a-w r/.git/contentcal &&
	cold --as-of 2027-02-01 >expect &&
	contentcal -C r --no-index relevance --format json --as-of 2027-02-01 >actual &&
	chmod u+w r/.git/contentcal &&
	test_cmp expect actual
'

test_done
