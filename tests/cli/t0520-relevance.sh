#!/bin/sh
# relevance: ranking within stages, fallback to all assets for small groups,
# --top/--bottom, --explain, --retire.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: three decision assets, one awareness asset' '
	make_repo r &&
	cat >>r/contentcal.yml <<-"YML" &&
	engagement: {half_life_days: 30, min_sample: 3, weights: {views: 1, downloads: 5}}
	coverage: {fresh_days: 100}
	YML
	add_asset r content/d1.md "title: D1" "status: published" "stage: decision" "persona: cio" &&
	add_asset r content/d2.md "title: D2" "status: published" "stage: decision" "persona: cio" &&
	add_asset r content/d3.md "title: D3" "status: published" "stage: decision" "persona: cio" "review_by: 2026-06-01" &&
	add_asset r content/a1.md "title: A1" "status: published" "stage: awareness" "persona: cio" &&
	add_asset r content/x1.md "title: X1" "status: draft" "stage: awareness" "persona: cio" &&
	commit r "assets" 2026-10-01T10:00:00+00:00 &&
	printf "date,asset,views,downloads\n2026-11-01,content/d1.md,100,0\n2026-11-01,content/d2.md,50,1\n2026-11-01,content/d3.md,10,0\n2026-11-01,content/a1.md,30,0\n" >e.csv &&
	contentcal -C r ingest "$PWD/e.csv" >/dev/null
'

test_expect_success 'decision assets ranked within decision; awareness falls back to all' '
	contentcal -C r relevance --as-of 2026-11-01 --format csv >out &&
	expect_grep "^1,content/d1.md,D1,decision,,100.0000,100.0,decision,decision,3," out &&
	expect_grep "^2,content/d2.md,D2,decision,,55.0000,50.0,decision,decision,3," out &&
	expect_grep "content/d3.md,D3,decision,,10.0000,0.0,decision,decision,3," out &&
	expect_grep "content/a1.md,A1,awareness,,30.0000,33.3,awareness,all,4," out &&
	expect_no_grep "x1.md" out &&
	contentcal -C r relevance --all --as-of 2026-11-01 --format csv >out &&
	expect_grep "x1.md" out
'

test_expect_success '--top, --bottom, --stage and --explain' '
	contentcal -C r relevance --top 1 --as-of 2026-11-01 >out 2>/dev/null &&
	test $(grep -c "content/" out) -eq 1 && expect_grep "D1" out &&
	contentcal -C r relevance --bottom 1 --as-of 2026-11-01 >out 2>/dev/null &&
	expect_grep "D3" out &&
	contentcal -C r relevance --stage awareness --explain --as-of 2026-11-01 >out 2>/dev/null &&
	expect_grep "A1" out && expect_no_grep "D1" out &&
	expect_grep "views .*raw *30.00 .*decayed *30.0000 *x weight 1 *= *30.0000" out &&
	expect_grep "within all" out &&
	expect_grep "fewer assets with data than engagement.min_sample" out &&
	contentcal -C r relevance --stage decision --explain --as-of 2026-12-01 >out 2>/dev/null &&
	expect_grep "downloads .*raw *1.00 .*decayed *0.5000 *x weight 5 *= *2.5000" out &&
	test_must_fail 2 contentcal -C r relevance --top 1 --bottom 1 2>err &&
	test_must_fail 2 contentcal -C r relevance --as-of someday 2>err
'

test_expect_success '--retire: bottom quartile and stale' '
	test_must_fail 1 contentcal -C r relevance --retire --as-of 2026-11-01 >out 2>/dev/null &&
	expect_grep "D3.*review-by date 2026-06-01 passed" out &&
	expect_no_grep "D1" out && expect_no_grep "D2" out
'

test_done
