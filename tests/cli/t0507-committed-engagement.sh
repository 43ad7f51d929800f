#!/bin/sh
# engagement.files: exports committed in the repository are read while
# indexing, so every clone computes the same relevance; only changed blobs
# are read again; a bad export is a located lint error that stops nothing.
FIXTURES=$(cd "$(dirname "$0")/../fixtures/analytics" && pwd)
. "$(dirname "$0")/lib.sh"

# The relevance of a JSON ranking (path, score, percentile, terms), without
# the asset fields an edit changes.
scores() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for a in d["assets"]:
    print(a["path"], a["score"], a["percentile"], json.dumps(a["terms"], sort_keys=True))' "$1"
}

test_expect_success 'setup: assets and a committed GA4 export' '
	make_repo r &&
	cat >>r/contentcal.yml <<-"YML" &&
	url: "https://example.com/r/{slug}"
	engagement: {half_life_days: 30, min_sample: 1, files: ["analytics/**/*.csv"]}
	YML
	add_asset r content/blog/alpha.md "title: Alpha" "status: published" "date: 2026-01-05" "stage: awareness" &&
	add_asset r content/blog/beta.md "title: Beta" "status: published" "date: 2026-01-06" "stage: awareness" &&
	add_asset r content/blog/gamma.md "title: Gamma" "status: published" "date: 2026-01-07" "stage: decision" &&
	commit r "assets" &&
	mkdir -p r/analytics/ga4 &&
	cp "$FIXTURES/ga4-daily.csv" r/analytics/ga4/2026-11-daily.csv &&
	cp "$FIXTURES/ga4-pages.csv" r/analytics/ga4/2026-11-pages.csv &&
	commit r "analytics: November exports" &&
	contentcal -C r index 2>err &&
	expect_grep "2 committed engagement exports, 2 read" err &&
	contentcal -C r relevance --as-of 2026-11-30 --format json >orig.json &&
	python3 - orig.json <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	a = {x["path"]: x for x in d["assets"]}["content/blog/alpha.md"]
	t = {x["metric"]: x for x in a["terms"]}
	assert t["views"]["raw"] == 40 + 45 + 1834, t["views"]
	assert a["has_data"]
	PY
'

test_expect_success 'a fresh clone computes the same relevance' '
	git clone -q r clone &&
	contentcal -C clone index 2>/dev/null &&
	contentcal -C clone relevance --as-of 2026-11-30 --format json >clone.json &&
	test_cmp orig.json clone.json
'

test_expect_success 're-indexing an unchanged repository reads no export; a content change reads none either' '
	contentcal -C r index 2>err &&
	expect_grep "up to date" err &&
	echo "More body." >>r/content/blog/beta.md &&
	commit r "edit beta body" &&
	contentcal -C r index 2>err &&
	expect_grep "2 committed engagement exports, 0 read" err &&
	contentcal -C r relevance --as-of 2026-11-30 --format json >again.json &&
	scores orig.json >a && scores again.json >b && test_cmp a b
'

test_expect_success 'only the changed export is read again; a new asset re-matches all' '
	printf "Date,Page path,Views\n20261103,/r/beta,10\n" >r/analytics/ga4/2026-11-daily.csv &&
	commit r "analytics: corrected daily export" &&
	contentcal -C r index 2>err &&
	expect_grep "2 committed engagement exports, 1 read" err &&
	contentcal -C r relevance --as-of 2026-11-30 --format json >new.json &&
	python3 - new.json <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	a = {x["path"]: x for x in d["assets"]}
	t = {x["metric"]: x for x in a["content/blog/alpha.md"]["terms"]}
	assert t["views"]["raw"] == 1834, t["views"]
	t = {x["metric"]: x for x in a["content/blog/beta.md"]["terms"]}
	assert t["views"]["raw"] == 210 + 10, t["views"]
	PY
'

test_expect_success '--rev gives relevance as of that commit' '
	contentcal -C r --rev HEAD~2 --db "$PWD/old.db" relevance --as-of 2026-11-30 --format json >old.json &&
	test_cmp orig.json old.json &&
	contentcal -C r --rev HEAD~3 --db "$PWD/older.db" relevance --as-of 2026-11-30 --format json >older.json &&
	python3 - older.json <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert not any(x["has_data"] for x in d["assets"]), d
	PY
'

test_expect_success 'local ingest and committed exports add up; --explain names the source of each figure' '
	printf "date,asset,views\n2026-11-20,alpha,5\n" >local.csv &&
	contentcal -C r ingest "$PWD/local.csv" --source laptop >out &&
	contentcal -C r relevance --as-of 2026-11-30 --format json >sum.json &&
	python3 - sum.json <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	a = {x["path"]: x for x in d["assets"]}["content/blog/alpha.md"]
	t = [x for x in a["terms"] if x["metric"] == "views"]
	assert len(t) == 1 and t[0]["raw"] == 1834 + 5, t
	PY
	contentcal -C r relevance --as-of 2026-11-30 --explain >out 2>/dev/null &&
	expect_grep "from laptop: 5 over 1 day, 2026-11-20..2026-11-20" out &&
	expect_grep "from git:analytics/ga4/2026-11-pages.csv: period total 1834 for 2026-11-01..2026-11-30" out &&
	expect_grep "from git:analytics/ga4/2026-11-daily.csv: 10 over 1 day" out
'

test_expect_success 'lint warns about committed metrics with weight 0, without a local engagement file' '
	git clone -q r clone2 &&
	printf "event_date,event_name,page_location\n20261105,scroll,https://example.com/r/alpha\n" >clone2/analytics/ga4/events.csv &&
	commit clone2 "analytics: events" &&
	contentcal -C clone2 index 2>/dev/null &&
	contentcal -C clone2 lint >out &&
	expect_grep "warning: unweighted-metric: metric .scroll. holds engagement data but has weight 0" out &&
	! test -e clone2/.git/contentcal/engagement.db
'

test_expect_success 'a bad committed export is a located lint error; the rest is indexed' '
	printf "Date,Page path,Views\n20261104,/r/gamma,7\n2026-02-30,/r/gamma,x\n" >r/analytics/ga4/bad.csv &&
	add_asset r content/blog/delta.md "title: Delta" "status: published" "stage: decision" &&
	commit r "a bad export and a new post" &&
	contentcal -C r index 2>err &&
	expect_grep "3 committed engagement exports, 3 read" err &&
	test_must_fail 1 contentcal -C r lint >out &&
	expect_grep "analytics/ga4/bad.csv:3: .*bad date .2026-02-30." out &&
	expect_grep "analytics/ga4/bad.csv: .*nothing of this committed export counts" out &&
	contentcal -C r list --format json >list.json &&
	expect_grep "content/blog/delta.md" list.json &&
	contentcal -C r relevance --as-of 2026-11-30 --format json >bad.json &&
	python3 - bad.json <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	a = {x["path"]: x for x in d["assets"]}
	t = {x["metric"]: x for x in a["content/blog/gamma.md"]["terms"]}
	assert t["views"]["raw"] == 107, t
	PY
	git -C r rm -q analytics/ga4/bad.csv &&
	commit r "drop the bad export" &&
	contentcal -C r index 2>err &&
	contentcal -C r lint >out &&
	expect_no_grep "bad.csv" out
'

test_done
