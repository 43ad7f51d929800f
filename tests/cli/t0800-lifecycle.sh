#!/bin/sh
# One lifecycle rule (lib/lifecycle.c, docs/lifecycle.md): every command gives
# each asset the same state and freshness verdict — list, coverage, gaps,
# relevance --retire, search, recommend, calendar and the report's counts.
. "$(dirname "$0")/lib.sh"

# doc PATH TITLE FRONT-MATTER-LINES...: an awareness-stage asset for the cio about kubernetes.
doc() {
	p=$1 t=$2
	shift 2
	mkdir -p "$(dirname "r/$p")" &&
	{
		printf -- "---\ntitle: %s\nstage: awareness\npersona: cio\ntopic: cloud\n" "$t"
		for l in "$@"; do printf "%s\n" "$l"; done
		printf -- "---\n\nKubernetes clusters for %s.\n" "$t"
	} >"r/$p"
}

AS_OF=2026-04-01

test_expect_success 'setup: expired, past review, undated, scheduled, fresh and unparseable assets' '
	make_repo r &&
	doc content/expired.md "Expired Offer" "status: published" "date: 2026-01-10" "expires: 2026-03-01" &&
	doc content/review.md "Past Review Datasheet" "status: published" "date: 2026-02-01" "review_by: 2026-03-01" &&
	doc content/undated.md "Undated Guide" "status: published" &&
	doc content/scheduled.md "Scheduled Launch" "status: scheduled" "date: 2026-05-01" &&
	doc content/fresh.md "Fresh Checklist" "status: published" "date: 2026-03-15" &&
	doc content/broken.md "Broken Draft" "status: draft" "summary: \"an unclosed quote" &&
	commit r "assets" 2026-03-20T10:00:00+00:00
'

# expected state and freshness of each asset as of $AS_OF
cat >expect.json <<-\JSON
{"content/expired.md":   ["expired",   "stale", ["expires"]],
 "content/review.md":    ["live",      "stale", ["review_by"]],
 "content/undated.md":   ["live",      "fresh", []],
 "content/scheduled.md": ["scheduled", null,    []],
 "content/fresh.md":     ["live",      "fresh", []],
 "content/broken.md":    ["invalid",   null,    []]}
JSON

test_expect_success 'list: state, freshness and reasons of every asset' '
	contentcal -C r list --as-of $AS_OF --format json >list.json &&
	python3 - <<-\PY &&
	import json
	want = json.load(open("expect.json"))
	got = {a["path"]: [a["state"], a["freshness"], a["stale_reasons"]] for a in json.load(open("list.json"))}
	assert got == want, got
	offered = sorted(a["path"] for a in json.load(open("list.json")) if a["offered"])
	assert offered == ["content/fresh.md", "content/undated.md"], offered
	PY
	contentcal -C r list --as-of $AS_OF >list.txt 2>/dev/null &&
	expect_grep "published  expired .*content/expired.md" list.txt &&
	expect_grep "published  stale .*content/review.md" list.txt &&
	expect_grep "scheduled  scheduled .*content/scheduled.md" list.txt &&
	contentcal -C r list --as-of $AS_OF --format csv >list.csv &&
	expect_grep "content/review.md,.*,live,stale" list.csv
'

test_expect_success 'coverage: live counts live assets, fresh only the fresh ones, scheduled the scheduled one' '
	contentcal -C r coverage --as-of $AS_OF --quarter FY2026Q2 --format csv >cov.csv &&
	expect_grep "^cio,awareness,3,2,1,3," cov.csv
'

test_expect_success 'gaps: stale findings for exactly the stale published assets, with their reasons' '
	contentcal -C r gaps --as-of $AS_OF --quarter FY2026Q2 --format json >gaps.json
	test $? -le 1 &&
	python3 - <<-\PY
	import json
	want = {p: v[2] for p, v in json.load(open("expect.json")).items() if v[1] == "stale"}
	got = {f["subject"]: f["data"]["reasons"] for f in json.load(open("gaps.json"))["findings"] if f["kind"] == "stale"}
	assert got == want, got
	PY
'

test_expect_success 'relevance --retire: the expired and the past-review asset, nothing fresh' '
	test_must_fail 1 contentcal -C r relevance --retire --as-of $AS_OF --format json >retire.json &&
	python3 - <<-\PY
	import json
	d = json.load(open("retire.json"))["assets"]
	assert sorted(a["path"] for a in d) == ["content/expired.md", "content/review.md"], d
	assert all(a["freshness"] == "stale" and a["stale"] for a in d), d
	PY
'

test_expect_success 'search: only offered assets, the stale ones counted; --include-stale marks them' '
	contentcal -C r search kubernetes --as-of $AS_OF --format json >s.json &&
	contentcal -C r search kubernetes --as-of $AS_OF >s.txt 2>s.err &&
	contentcal -C r search kubernetes --include-stale --as-of $AS_OF --format json >s-stale.json &&
	contentcal -C r search kubernetes --include-stale --as-of $AS_OF >s-stale.txt 2>/dev/null &&
	contentcal -C r search kubernetes --all --as-of $AS_OF --format json >s-all.json &&
	python3 - <<-\PY &&
	import json
	want = json.load(open("expect.json"))
	d = json.load(open("s.json"))
	assert sorted(r["path"] for r in d["results"]) == ["content/fresh.md", "content/undated.md"], d
	assert d["left_out_stale"] == 2, d
	s = json.load(open("s-stale.json"))
	assert sorted(r["path"] for r in s["results"]) == ["content/expired.md", "content/fresh.md",
	    "content/review.md", "content/undated.md"], s
	for f in ("s.json", "s-stale.json", "s-all.json"):
	    for r in json.load(open(f))["results"]:
	        assert [r["state"], r["freshness"], r["stale_reasons"]] == want[r["path"]], (f, r)
	        assert r["offered"] == (r["path"] in ("content/fresh.md", "content/undated.md")), r
	a = json.load(open("s-all.json"))
	assert len(a["results"]) == 6, a
	PY
	expect_grep "2 stale or expired left out (--include-stale shows them)" s.err &&
	expect_no_grep "Past Review" s.txt &&
	expect_grep "stale: review-by date 2026-03-01 passed 31 days ago" s-stale.txt &&
	expect_grep "expired: expired on 2026-03-01 (31 days ago)" s-stale.txt
'

test_expect_success 'recommend: only offered assets, the stale ones counted; --include-stale marks them' '
	contentcal -C r recommend --persona cio --stage awareness --as-of $AS_OF --format json >rec.json &&
	contentcal -C r recommend --persona cio --stage awareness --as-of $AS_OF >rec.txt 2>rec.err &&
	contentcal -C r recommend --persona cio --stage awareness --include-stale --limit 10 --as-of $AS_OF >rec-stale.txt 2>/dev/null &&
	python3 - <<-\PY &&
	import json
	want = json.load(open("expect.json"))
	d = json.load(open("rec.json"))
	assert sorted(p["path"] for p in d["now"]) == ["content/fresh.md", "content/undated.md"], d
	assert d["left_out_stale"] == 2, d
	for p in d["now"]:
	    assert [p["state"], p["freshness"], p["stale_reasons"]] == want[p["path"]], p
	PY
	expect_grep "2 stale or expired assets left out" rec.err &&
	expect_no_grep "Past Review" rec.txt &&
	expect_grep "Past Review Datasheet" rec-stale.txt &&
	expect_grep "stale: review-by date 2026-03-01 passed" rec-stale.txt
'

test_expect_success 'calendar: the scheduled asset is scheduled, the unparseable one is not on it' '
	contentcal -C r calendar --as-of $AS_OF --quarter FY2026Q2 --format json >cal.json &&
	python3 - <<-\PY
	import json
	want = json.load(open("expect.json"))
	es = [e for w in json.load(open("cal.json"))["weeks"] for e in w["entries"]]
	assert [(e["path"], e["kind"]) for e in es] == [("content/scheduled.md", "scheduled")], es
	for e in es:
	    assert [e["state"], e["freshness"], e["stale_reasons"]] == want[e["path"]], e
	PY
'

test_expect_success 'report: its counts are the lifecycle counts' '
	contentcal -C r report --as-of $AS_OF --quarter FY2026Q2 --format markdown >rep.md &&
	expect_grep "6 assets indexed, 3 live (1 of them stale), 1 expired" rep.md &&
	contentcal -C r report --as-of $AS_OF --quarter FY2026Q2 -o rep.html 2>/dev/null &&
	python3 - <<-\PY
	import re
	h = open("r/rep.html").read()
	tiles = dict((l, int(n)) for n, l in re.findall(r"<span class=\"stat-n\">(\d+)</span><span class=\"stat-label\">([^<]*)<", h))
	assert tiles["live"] == 3 and tiles["of them stale"] == 1 and tiles["expired"] == 1, tiles
	PY
'

test_expect_success 'as of another day, every command moves together' '
	contentcal -C r list --as-of 2026-02-15 --format json >early.json &&
	python3 - <<-\PY
	import json
	got = {a["path"]: a["state"] for a in json.load(open("early.json"))}
	# before its expiry the expired offer is live; the fresh checklist is not out yet
	assert got["content/expired.md"] == "live" and got["content/fresh.md"] == "scheduled", got
	PY
'

test_done
