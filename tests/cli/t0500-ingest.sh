#!/bin/sh
# ingest: both CSV shapes, messy input, idempotence, all or nothing,
# --skip-bad, unknown assets, and the engagement file as primary data.
FIXTURES=$(cd "$(dirname "$0")/../fixtures" && pwd)
. "$(dirname "$0")/lib.sh"

eng_setup() {
	make_repo r &&
	cat >>r/contentcal.yml <<'YML' &&
url: "https://example.com/r/{slug}"
engagement: {half_life_days: 1, min_sample: 1, weights: {views: 1, downloads: 10}}
YML
	add_asset r content/blog/alpha.md "title: Alpha" "status: published" "date: 2026-01-05" "stage: awareness" "persona: cio" &&
	add_asset r content/blog/beta.md "title: Beta" "status: published" "date: 2026-01-06" "stage: awareness" "persona: cfo" &&
	add_asset r content/blog/gamma.md "title: Gamma" "status: published" "date: 2026-01-07" "stage: decision" "persona: cio" &&
	commit r "three assets"
}

test_expect_success 'messy file: every bad row located, nothing stored, exit 1' '
	eng_setup &&
	test_must_fail 1 contentcal -C r ingest "$FIXTURES/engagement-messy.csv" >out 2>err &&
	expect_grep "engagement-messy.csv:8: bad date .2026-02-30." err &&
	expect_grep "engagement-messy.csv:9: negative value .-3. in column .Views." err &&
	expect_grep "engagement-messy.csv:10: not a number value .lots. in column .Views." err &&
	expect_grep "engagement-messy.csv:11: missing column .Downloads." err &&
	expect_grep "engagement-messy.csv:5: warning: .Alpha, the \"renamed\" one" err &&
	expect_grep "nothing was stored" out &&
	sqlite3 r/.git/contentcal/engagement.db "SELECT count(*) FROM engagement; SELECT count(*) FROM unmatched" >counts &&
	printf "0\n0\n" >expect && test_cmp expect counts
'

test_expect_success '--skip-bad stores the good rows (BOM, CRLF, quotes, URL, path, YYYYMMDD)' '
	test_must_fail 1 contentcal -C r ingest --skip-bad "$FIXTURES/engagement-messy.csv" >out 2>err &&
	expect_grep "9 rows read (wide shape): 11 values stored (11 new, 0 replaced, 0 unchanged), 1 unknown-asset rows kept aside, 4 bad rows" out &&
	sqlite3 r/.git/contentcal/engagement.db "SELECT a.path, e.metric, date(e.day * 86400, \"unixepoch\"), e.value FROM engagement e JOIN assets a ON a.id = e.asset ORDER BY 1, 2, 3" >rows &&
	expect_grep "content/blog/beta.md|demo-requests|2026-11-01|1.0" rows &&
	expect_grep "content/blog/gamma.md|views|2026-11-02|5.0" rows &&
	expect_no_grep "beta.md|downloads" rows &&
	sqlite3 r/.git/contentcal/engagement.db "SELECT count(*), min(line) FROM unmatched" >un &&
	echo "3|5" >expect && test_cmp expect un
'

test_expect_success 'decayed, weighted score with exact numbers' '
	contentcal -C r relevance --as-of 2026-11-05 --format json >out &&
	python3 - out <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	a = {x["path"]: x for x in d["assets"]}["content/blog/alpha.md"]
	# views 10 @ age 4, 7 @ age 2; downloads 1 @ 4, 2 @ 2; half-life 1 day
	t = {x["metric"]: x for x in a["terms"]}
	assert t["views"]["raw"] == 17 and t["views"]["decayed"] == 10 / 16 + 7 / 4, t
	assert t["downloads"]["contribution"] == 10 * (1 / 16 + 2 / 4), t
	assert t["demo-requests"]["weighted"] is False and t["demo-requests"]["contribution"] == 0
	assert a["score"] == 8.0, a["score"]
	PY
'

test_expect_success 'importing the same file again changes nothing' '
	sqlite3 r/.git/contentcal/engagement.db "SELECT * FROM engagement ORDER BY 1,2,3,4" | cut -d"|" -f1-5 >before &&
	test_must_fail 1 contentcal -C r ingest --skip-bad "$FIXTURES/engagement-messy.csv" >out 2>err &&
	expect_grep "11 values stored (0 new, 0 replaced, 11 unchanged)" out &&
	sqlite3 r/.git/contentcal/engagement.db "SELECT * FROM engagement ORDER BY 1,2,3,4" | cut -d"|" -f1-5 >after &&
	test_cmp before after
'

test_expect_success 'long shape: a corrected file replaces what it covers; same-key rows add up' '
	printf "date,asset,metric,value\n2026-11-01,alpha,views,12\n2026-11-03,alpha,views,7\n2026-11-04,alpha,shares,2\n2026-11-04,alpha,shares,3\n" >long.csv &&
	contentcal -C r ingest "$PWD/long.csv" >out &&
	expect_grep "4 rows read (long shape): 4 values stored (1 new, 1 replaced, 1 unchanged)" out &&
	sqlite3 r/.git/contentcal/engagement.db "SELECT e.metric, e.value FROM engagement e JOIN assets a ON a.id = e.asset WHERE a.path = \"content/blog/alpha.md\" AND e.metric = \"views\" AND date(e.day * 86400, \"unixepoch\") = \"2026-11-01\" ORDER BY 1" >v &&
	echo "views|12.0" >expect && test_cmp expect v &&
	sqlite3 r/.git/contentcal/engagement.db "SELECT value FROM engagement WHERE metric = \"shares\"" >v &&
	echo "5.0" >expect && test_cmp expect v &&
	contentcal -C r ingest "$PWD/long.csv" >out &&
	expect_grep "4 values stored (0 new, 0 replaced, 3 unchanged)" out
'

test_expect_success 'sources are kept apart; --format json' '
	printf "date,asset,metric,value\n2026-11-01,alpha,views,99\n" >ga.csv &&
	contentcal -C r ingest "$PWD/ga.csv" --source ga4 --format json >out &&
	expect_grep "\"new\": 1" out &&
	sqlite3 r/.git/contentcal/engagement.db "SELECT source, value FROM engagement WHERE date(day * 86400, \"unixepoch\") = \"2026-11-01\" AND metric = \"views\" AND asset = (SELECT id FROM assets WHERE path = \"content/blog/alpha.md\") ORDER BY 1" >v &&
	printf "default|12.0\nga4|99.0\n" >expect && test_cmp expect v
'

test_expect_success 'bad headers, empty files and unreadable files' '
	printf "when,what\n2026-11-01,alpha\n" >h.csv &&
	test_must_fail 1 contentcal -C r ingest "$PWD/h.csv" 2>err &&
	expect_grep "h.csv:1: the header matches no export preset and names no asset column; tried ga4-bigquery (GA4 BigQuery events export: columns event_date, event_name and page_location); ga4 " err &&
	expect_grep "matomo (Matomo page URLs export: columns label and nb_hits or nb_visits); hubspot " err &&
	expect_grep "generic (a date column .date. or a period, an asset column .asset., and metric columns or metric,value); or force one with --preset NAME" err &&
	: >empty.csv &&
	test_must_fail 1 contentcal -C r ingest "$PWD/empty.csv" 2>err &&
	expect_grep "the file is empty" err &&
	test_must_fail 2 contentcal -C r ingest "$PWD/nosuch.csv" 2>err &&
	expect_grep "cannot read" err &&
	printf "date,asset,metric,value\n2026-11-01,alpha,views,\"12\n" >q.csv &&
	test_must_fail 1 contentcal -C r ingest "$PWD/q.csv" 2>err &&
	expect_grep "q.csv:2: a quoted field opened here is never closed" err &&
	test_must_fail 2 contentcal -C r ingest 2>err &&
	test_must_fail 2 contentcal -C r ingest --format xml "$PWD/ga.csv" 2>err
'

test_expect_success 'configured column names for real exports' '
	cat >>r/contentcal.yml <<-"YML" &&
	YML
	sed -i "s/^engagement: {half_life_days: 1,/engagement: {columns: {date: [Day Index], asset: [Landing Page]}, half_life_days: 1,/" r/contentcal.yml &&
	commit r "columns" &&
	printf "Day Index,Landing Page,Sessions\n2026-11-06,/r/gamma/,4\n" >export.csv &&
	contentcal -C r ingest "$PWD/export.csv" >out &&
	expect_grep "1 values stored (1 new" out
'

test_expect_success 'rebuilding the index never touches engagement' '
	sqlite3 r/.git/contentcal/engagement.db "SELECT count(*) FROM engagement" >before &&
	rm -f r/.git/contentcal/index.db* &&
	contentcal -C r index 2>/dev/null &&
	sqlite3 r/.git/contentcal/engagement.db "SELECT count(*) FROM engagement" >after &&
	test_cmp before after &&
	contentcal -C r relevance --as-of 2026-11-05 --format csv >out &&
	expect_grep "content/blog/alpha.md" out
'

test_expect_success 'a newer or foreign engagement file is never overwritten (exit 2)' '
	sqlite3 r/.git/contentcal/engagement.db "PRAGMA user_version = 99" &&
	cp r/.git/contentcal/engagement.db keep.db &&
	test_must_fail 2 contentcal -C r ingest "$PWD/ga.csv" 2>err &&
	expect_grep "has version 99, newer than this contentcal" err &&
	test_must_fail 2 contentcal -C r relevance 2>err &&
	cmp keep.db r/.git/contentcal/engagement.db &&
	mkdir -p other && echo "this is not a database, not at all, it is text" >other/engagement.db &&
	cp other/engagement.db keep2 &&
	test_must_fail 2 contentcal -C r --db "$PWD/other/index.db" ingest "$PWD/ga.csv" 2>err &&
	expect_grep "not a contentcal engagement database" err &&
	cmp keep2 other/engagement.db
'

test_done
