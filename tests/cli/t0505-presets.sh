#!/bin/sh
# ingest: vendor exports as downloaded (presets), period totals, gauges, and
# the CSV edges (NUL bytes, bare CR, overflow, extra columns, day range).
FIXTURES=$(cd "$(dirname "$0")/../fixtures/analytics" && pwd)
. "$(dirname "$0")/lib.sh"

dump() {
	sqlite3 r/.git/contentcal/engagement.db "SELECT e.source, a.path, e.metric, date(e.day*86400,'unixepoch'), e.days, e.value FROM engagement e JOIN assets a ON a.id=e.asset ORDER BY 1,2,3,4"
}

test_expect_success 'setup: three assets with URLs' '
	make_repo r &&
	cat >>r/contentcal.yml <<-"YML" &&
	url: "https://example.com/r/{slug}"
	engagement: {half_life_days: 30, min_sample: 1}
	YML
	add_asset r content/blog/alpha.md "title: Alpha" "status: published" "date: 2026-01-05" "stage: awareness" "persona: cio" &&
	add_asset r content/blog/beta.md "title: Beta" "status: published" "date: 2026-01-06" "stage: awareness" "persona: cfo" &&
	add_asset r content/blog/gamma.md "title: Gamma" "status: published" "date: 2026-01-07" "stage: decision" "persona: cio" &&
	commit r "three assets"
'

test_expect_success 'GA4 pages export: preamble period, BOM, blank line, totals row, 1,834' '
	contentcal -C r ingest "$FIXTURES/ga4-pages.csv" --source ga4-pages-csv >out 2>err &&
	expect_grep "4 rows read (ga4 preset): 15 values stored (15 new" out &&
	expect_grep "period totals for 2026-11-01..2026-11-30 (30 days" out &&
	expect_grep "1 total row skipped" out &&
	expect_grep "ga4-pages.csv:16: warning: ./r/unknown-page/. unknown asset" err
'

test_expect_success 'GA4 daily export: CRLF, YYYYMMDD, Grand total, a second table not read' '
	contentcal -C r ingest "$FIXTURES/ga4-daily.csv" --source ga4-daily-csv >out 2>err &&
	expect_grep "3 rows read (ga4 preset): 12 values stored" out &&
	expect_grep "ga4-daily.csv:13: warning: another table starts here" err
'

test_expect_success 'GA4 BigQuery events as CSV and as JSON lines: counted per page, day, event' '
	contentcal -C r ingest "$FIXTURES/ga4-bigquery.csv" --source ga4-bigquery-csv >out &&
	expect_grep "6 rows read (ga4-bigquery preset): 6 values stored (5 new" out &&
	contentcal -C r ingest "$FIXTURES/ga4-bigquery.jsonl" --source ga4-bigquery-jsonl >out 2>err_bq &&
	expect_grep "3 rows read (ga4-bigquery preset)" out
'

test_expect_success 'a metric holding data with weight 0 is warned about in ingest, relevance and lint' '
	expect_grep "contentcal.yml: warning: metric .generate-lead. holds engagement data but has weight 0 (no weight configured)" err_bq &&
	expect_grep "contentcal.yml: warning: metric .scroll. holds engagement data but has weight 0" err_bq &&
	contentcal -C r relevance >out 2>err &&
	expect_grep "warning: metric .scroll. holds engagement data but has weight 0" err &&
	contentcal -C r lint >out &&
	expect_grep "contentcal.yml: warning: unweighted-metric: metric .generate-lead. holds engagement data but has weight 0" out &&
	expect_no_grep "metric .views." out &&
	expect_no_grep "bounce-rate" out
'

test_expect_success 'Plausible, Search Console, Matomo, HubSpot' '
	contentcal -C r ingest "$FIXTURES/plausible-pages.csv" --period 2026-11-01..2026-11-30 --source plausible-pages-csv >out &&
	contentcal -C r ingest "$FIXTURES/plausible-visitors.csv" --asset alpha --source plausible-visitors-csv >out &&
	contentcal -C r ingest "$FIXTURES/search-console-pages.csv" --period 2026-09-01..2026-11-30 --source search-console-pages-csv >out 2>err &&
	expect_grep "period totals for 2026-09-01..2026-11-30 (91 days" out &&
	contentcal -C r ingest "$FIXTURES/search-console-dates.csv" --asset /r/beta/ --source search-console-dates-csv >out &&
	contentcal -C r ingest "$FIXTURES/matomo-pages.csv" --period 2026-11-01..2026-11-07 --source matomo-pages-csv >out &&
	contentcal -C r ingest "$FIXTURES/hubspot-pages.csv" --period 2026-11-01..2026-11-30 --source hubspot-pages-csv >out &&
	expect_grep "1 total row skipped" out
'

test_expect_success 'every stored figure, exactly' '
	dump >stored &&
	test_cmp "$FIXTURES/expected-stored.txt" stored
'

test_expect_success 'gauges are never summed into a score; a period total decays as spread over its days' '
	contentcal -C r relevance --as-of 2026-11-30 --format json >out &&
	python3 - out <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	a = {x["path"]: x for x in d["assets"]}["content/blog/gamma.md"]
	t = {x["metric"]: x for x in a["terms"]}
	gauges = {"ctr", "position", "bounce-rate", "time-on-page", "avg-engagement-seconds", "scroll-depth", "views-per-visitor"}
	assert not gauges & set(t), t.keys()
	# gamma views: GA4 107 and Plausible 120 over Nov 1-30, BigQuery 2 on Nov 5; h = 30
	spread = sum(2 ** (-k / 30) for k in range(30)) / 30
	want = (107 + 120) * spread + 2 * 2 ** (-25 / 30)
	assert abs(t["views"]["decayed"] - want) < 1e-9 * want, (t["views"], want)
	assert t["views"]["raw"] == 229, t["views"]
	PY
'

test_expect_success 'the decay counts only the days of a period up to --as-of' '
	contentcal -C r relevance --as-of 2026-11-10 --format json >out &&
	python3 - out <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	a = {x["path"]: x for x in d["assets"]}["content/blog/gamma.md"]
	t = {x["metric"]: x for x in a["terms"]}
	# 10 of 30 days of 227 views, plus 2 BigQuery views on Nov 5
	assert abs(t["views"]["raw"] - (227 * 10 / 30 + 2)) < 1e-6, t["views"]
	PY
'

test_expect_success '--explain names the source of every figure and shows period totals' '
	contentcal -C r relevance --as-of 2026-11-30 --explain >out 2>/dev/null &&
	expect_grep "from ga4-pages-csv: period total 107 for 2026-11-01..2026-11-30 (30 days, spread evenly)" out &&
	expect_grep "from ga4-bigquery-jsonl: 2 over 1 day, 2026-11-05..2026-11-05" out &&
	expect_grep "bounce-rate *gauge: stored, never summed into the score" out &&
	expect_grep "from ga4-daily-csv: mean 0.42615 over 2 days, 2026-11-01..2026-11-02" out
'

test_expect_success 'dateless without a period, site-wide without --asset, wrong --preset: clear errors' '
	test_must_fail 1 contentcal -C r ingest "$FIXTURES/search-console-pages.csv" 2>err &&
	expect_grep "search-console-pages.csv:1: the file has no date column and no period: give the days it covers with --period" err &&
	test_must_fail 1 contentcal -C r ingest "$FIXTURES/plausible-visitors.csv" 2>err &&
	expect_grep "plausible-visitors.csv:1: this is a Plausible visitors.csv: it holds the whole site.s figures, with no page column; export it filtered to one page and name that page with --asset" err &&
	test_must_fail 1 contentcal -C r ingest "$FIXTURES/plausible-pages.csv" --preset matomo 2>err &&
	expect_grep "plausible-pages.csv:1: not a matomo export: it needs columns label and nb_hits or nb_visits (missing .label.)" err &&
	test_must_fail 2 contentcal -C r ingest "$FIXTURES/plausible-pages.csv" --preset nosuch 2>err &&
	expect_grep "unknown preset .nosuch. (known: ga4-bigquery, ga4," err &&
	test_must_fail 1 contentcal -C r ingest "$FIXTURES/ga4-daily.csv" --period 2026-11-01..2026-11-02 2>err &&
	expect_grep "ga4-daily.csv:7:1: --period is for exports without a date column" err &&
	test_must_fail 2 contentcal -C r ingest "$FIXTURES/ga4-daily.csv" --period 2026-11-02..2026-11-01 2>err &&
	expect_grep "START not after END" err &&
	dump >stored &&
	test_cmp "$FIXTURES/expected-stored.txt" stored
'

test_expect_success 'bad JSON lines and bad cells are located; nothing of the file is stored' '
	printf "{\"event_date\":\"20261107\",\"event_name\":\"page_view\",\"page_location\":\"/r/alpha\"}\n{not json\n{\"event_date\":\"20261107\",\"event_name\":\"page_view\"}\n" >bad.jsonl &&
	test_must_fail 1 contentcal -C r ingest "$PWD/bad.jsonl" 2>err &&
	expect_grep "bad.jsonl:2: not a JSON object" err &&
	expect_grep "bad.jsonl:3: missing page_location" err &&
	printf "Top pages,Clicks,Impressions,CTR,Position\n/r/alpha,\"1,83\",10,2.4%%,3\n/r/beta,1,10,abc%%,3\n" >bad.csv &&
	test_must_fail 1 contentcal -C r ingest "$PWD/bad.csv" --period 2026-11-01..2026-11-02 2>err &&
	expect_grep "bad.csv:2: not a number value .1,83. in column .Clicks." err &&
	expect_grep "bad.csv:3: not a number value .abc%. in column .CTR." err &&
	dump >stored &&
	test_cmp "$FIXTURES/expected-stored.txt" stored
'

test_expect_success 'a preset warns once about columns it does not know; a gauge given twice keeps the later row' '
	printf "name,visitors,pageviews,bounce_rate,time_on_page,mystery\n/r/alpha,1,2,40,10,x\n/r/alpha/,3,4,60,20,y\n" >twice.csv &&
	contentcal -C r ingest "$PWD/twice.csv" --period 2026-10-01..2026-10-31 --source twice >out 2>err &&
	expect_grep "twice.csv:1: warning: column .mystery. ignored: not a metric plausible-pages reads" err &&
	expect_grep "twice.csv:3: warning: bounce-rate given twice for the same asset and day: a gauge is not added up" err &&
	sqlite3 r/.git/contentcal/engagement.db "SELECT metric, value FROM engagement WHERE source = \"twice\" ORDER BY 1" >v &&
	printf "bounce-rate|0.6\ntime-on-page|20.0\nviews|6.0\nvisitors|4.0\n" >expect && test_cmp expect v
'

test_expect_success 'a generic file without a date column is a period total too' '
	printf "asset,views\nalpha,30\n" >nodate.csv &&
	test_must_fail 1 contentcal -C r ingest "$PWD/nodate.csv" --source nodate 2>err &&
	expect_grep "nodate.csv:1: the file has no date column and no period: give the days it covers with --period" err &&
	contentcal -C r ingest "$PWD/nodate.csv" --source nodate --period 2026-10-01..2026-10-10 >out &&
	sqlite3 r/.git/contentcal/engagement.db "SELECT date(day * 86400, \"unixepoch\"), days, value FROM engagement WHERE source = \"nodate\"" >v &&
	echo "2026-10-01|10|30.0" >expect && test_cmp expect v
'

test_expect_success 'a header matching no preset says which were tried and what each needs' '
	printf "when,what\n2026-11-01,alpha\n" >h.csv &&
	test_must_fail 1 contentcal -C r ingest "$PWD/h.csv" 2>err &&
	expect_grep "tried ga4-bigquery (GA4 BigQuery events export: columns event_date, event_name and page_location); ga4 (GA4 report export: a column .Page path and screen class., .Page path., .Landing page. or .Page location.); search-console-pages" err
'

test_expect_success 'huge values are refused with their line: no Inf is ever stored' '
	printf "date,asset,views\n2026-11-01,alpha,1e308\n2026-11-01,alpha,1e308\n2026-11-02,alpha,1e16\n" >inf.csv &&
	test_must_fail 1 contentcal -C r ingest "$PWD/inf.csv" --source inf 2>err &&
	expect_grep "inf.csv:2: too large value .1e308. in column .views." err &&
	expect_grep "inf.csv:3: too large value .1e308. in column .views." err &&
	expect_grep "inf.csv:4: too large value .1e16." err &&
	printf "date,asset,views\n2026-11-01,alpha,1e15\n2026-11-01,alpha,1e15\n" >big.csv &&
	contentcal -C r ingest "$PWD/big.csv" --source big >out &&
	sqlite3 r/.git/contentcal/engagement.db "SELECT value FROM engagement WHERE source = \"big\"" >v &&
	echo "2.0e+15" >expect && test_cmp expect v &&
	contentcal -C r relevance --as-of 2026-11-30 --format json >out &&
	expect_grep "\"score\"" out &&
	expect_no_grep "inf" out
'

test_expect_success 'a NUL byte in a cell is a located error' '
	printf "date,asset,views\n2026-11-01,alpha\0zzz,3\n2026-11-01\0x,beta,4\n" >nul.csv &&
	test_must_fail 1 contentcal -C r ingest "$PWD/nul.csv" --source nul 2>err &&
	expect_grep "nul.csv:2: a NUL byte in column 2 (.asset.)" err &&
	expect_grep "nul.csv:3: a NUL byte in column 1 (.date.)" err
'

test_expect_success 'bare CR line ends: bad rows are reported at their own line' '
	printf "date,asset,views\r2026-11-01,alpha,3\r2026-11-02,alpha,x\r2026-11-03,beta,-1\r" >cr.csv &&
	test_must_fail 1 contentcal -C r ingest "$PWD/cr.csv" --source cr 2>err &&
	expect_grep "cr.csv:3: not a number value .x." err &&
	expect_grep "cr.csv:4: negative value .-1." err
'

test_expect_success 'long shape: extra columns are ignored with a warning, a second value or date column is an error' '
	printf "date,asset,metric,value,note\n2026-11-01,alpha,views,3,hello\n" >l1.csv &&
	contentcal -C r ingest "$PWD/l1.csv" --source l1 >out 2>err &&
	expect_grep "l1.csv:1: warning: column .note. ignored: not a metric the long shape reads" err &&
	printf "date,asset,metric,value,value\n2026-11-01,alpha,views,3,4\n" >l2.csv &&
	test_must_fail 1 contentcal -C r ingest "$PWD/l2.csv" --source l2 2>err &&
	expect_grep "l2.csv:1:5: a second value column .value. (column 4 is the value): remove one" err &&
	printf "date,asset,views,date\n2026-11-01,alpha,3,2026-11-02\n" >l3.csv &&
	test_must_fail 1 contentcal -C r ingest "$PWD/l3.csv" --source l3 2>err &&
	expect_grep "l3.csv:1:4: a second date column .date. (column 1 is the date): remove one" err
'

test_expect_success 'days outside the sane range are located errors; future days warnings' '
	future=$(date -u -d "+30 days" +%Y-%m-%d) &&
	printf "date,asset,views\n0001-01-01,alpha,1\n2062-01-01,alpha,1\n$future,beta,2\n" >range.csv &&
	test_must_fail 1 contentcal -C r ingest "$PWD/range.csv" --source range 2>err &&
	expect_grep "range.csv:2: day 0001-01-01 is before 1995-01-01 (engagement.earliest)" err &&
	expect_grep "range.csv:3: day 2062-01-01 is more than 366 days in the future (engagement.future_days)" err &&
	printf "date,asset,views\n$future,beta,2\n" >future.csv &&
	contentcal -C r ingest "$PWD/future.csv" --source future >out 2>err &&
	expect_grep "future.csv:2: warning: 1 row is dated after today" err &&
	sed -i "s/^engagement: {/engagement: {earliest: 2026-01-01, future_days: 0, /" r/contentcal.yml &&
	commit r "range" &&
	test_must_fail 1 contentcal -C r ingest "$PWD/future.csv" --source future2 2>err &&
	expect_grep "is more than 0 days in the future" err
'

test_expect_success 'a version 1 engagement file is migrated in place, rows kept' '
	make_repo m &&
	add_asset m content/a.md "title: A" "status: published" "stage: awareness" &&
	commit m "one" &&
	contentcal -C m index 2>/dev/null &&
	sqlite3 m/.git/contentcal/engagement.db "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID; CREATE TABLE assets(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE); CREATE TABLE engagement(asset INTEGER NOT NULL, metric TEXT NOT NULL, day INTEGER NOT NULL, source TEXT NOT NULL, value REAL NOT NULL, batch INTEGER NOT NULL, prev REAL, PRIMARY KEY(asset, metric, day, source)) WITHOUT ROWID; CREATE TABLE unmatched(name TEXT NOT NULL, metric TEXT NOT NULL, day INTEGER NOT NULL, source TEXT NOT NULL, value REAL NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL, PRIMARY KEY(name, metric, day, source)) WITHOUT ROWID; CREATE TABLE imports(id INTEGER PRIMARY KEY, file TEXT NOT NULL, source TEXT NOT NULL, at TEXT NOT NULL, rows INTEGER NOT NULL, stored INTEGER NOT NULL, replaced INTEGER NOT NULL, unchanged INTEGER NOT NULL, unknown INTEGER NOT NULL, bad INTEGER NOT NULL); INSERT INTO meta VALUES (\"generation\", \"1\"); INSERT INTO assets VALUES (1, \"content/a.md\"); INSERT INTO engagement VALUES (1, \"shares\", 20758, \"default\", 4, 1, NULL); PRAGMA user_version = 1;" &&
	contentcal -C m relevance --as-of 2026-11-02 --format json >out 2>err &&
	expect_grep "metric .shares. holds engagement data but has weight 0" err &&
	sqlite3 m/.git/contentcal/engagement.db "PRAGMA user_version; SELECT metric, days, value FROM engagement" >v &&
	printf "3\nshares|1|4.0\n" >expect && test_cmp expect v &&
	sqlite3 m/.git/contentcal/engagement.db "SELECT count(*) FROM ratings" >ratings.out &&
	echo 0 >expect && test_cmp expect ratings.out
'

test_done
