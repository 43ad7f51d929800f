#!/bin/sh
# One JSON object for an asset: list, calendar, relevance, search and
# recommend print the same keys with the same values, also for a file whose
# name is not valid UTF-8.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: assets with plain and hostile names, and engagement' '
	make_repo r &&
	add_asset r content/plain.md "title: Plain Kubernetes Guide" "stage: awareness" "persona: cio" \
		"topic: cloud" "date: 2026-03-02" "review_by: 2026-12-01" "custom: {nested: [1, two]}" &&
	add_asset r "content/$(printf "bad\377name.md")" "title: \"Kubernetes \\u00e9 <b>&\"" "stage: awareness" \
		"persona: cio" "date: 2026-03-03" &&
	for f in r/content/*.md; do echo "Kubernetes everywhere." >>"$f" || return 1; done &&
	commit r "assets" 2026-03-20T10:00:00+00:00 &&
	printf "date,asset,views\n2026-03-10,content/plain.md,10\n" >views.csv &&
	contentcal -C r ingest "$PWD/views.csv" >/dev/null
'

test_expect_success 'the same asset object from list, calendar, relevance, search and recommend' '
	contentcal -C r list --as-of 2026-04-01 --format json >list.json &&
	contentcal -C r calendar --as-of 2026-04-01 --quarter FY2026Q1 --format json >cal.json &&
	contentcal -C r relevance --as-of 2026-04-01 --format json >rel.json &&
	contentcal -C r search kubernetes --as-of 2026-04-01 --format json >search.json &&
	contentcal -C r recommend --persona cio --stage awareness --as-of 2026-04-01 --format json >rec.json &&
	python3 - <<-\PY
	import json
	assets = {a["path"]: a for a in json.load(open("list.json"))}
	bad = "content/bad\ufffdname.md"
	assert set(assets) == {"content/plain.md", bad}, assets.keys()
	assert assets[bad]["title"] == "Kubernetes \u00e9 <b>&", assets[bad]
	assert assets["content/plain.md"]["fields"]["custom"] == {"nested": [1, "two"]}
	got = {
	    "calendar": [e for w in json.load(open("cal.json"))["weeks"] for e in w["entries"]],
	    "relevance": json.load(open("rel.json"))["assets"],
	    "search": json.load(open("search.json"))["results"],
	    "recommend": json.load(open("rec.json"))["now"],
	}
	for cmd, objs in got.items():
	    seen = set()
	    for o in objs:
	        want = assets[o["path"]]
	        same = {k: o.get(k, "<missing>") for k in want}
	        assert same == want, (cmd, same, want)
	        seen.add(o["path"])
	    assert seen == set(assets), (cmd, seen)
	PY
'

test_done
