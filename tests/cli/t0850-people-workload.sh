#!/bin/sh
# People: every author kept, an owner; shown in list, calendar, report; workload with capacity.
. "$(dirname "$0")/lib.sh"

# As of Wednesday 2026-10-14, FY2026Q4 weeks start 09-28, 10-05, 10-12, 10-19 ...
test_expect_success 'setup: co-authored, owned and unowned assets' '
	mkdir -p r && git -C r init -q && cat >r/contentcal.yml <<-\YML &&
	content: ["content/**/*.md"]
	stages: hubspot
	personas: [cio, cfo]
	calendar:
	  capacity_per_week: {default: 2, "Ana Lopez": 1}
	YML
	add_asset r content/a.md "title: Co-written" "status: scheduled" "date: 2026-10-21" "authors: [Ana Lopez, Ben Ng]" "author: Cy Dee" "owner: Dee Editor" "stage: awareness" "persona: cio" &&
	add_asset r content/b.md "title: Ana draft" "status: draft" "due: 2026-10-20" "date: 2026-10-22" "author: Ana Lopez" "stage: awareness" "persona: cio" &&
	add_asset r content/c.md "title: Ana late" "status: draft" "due: 2026-10-01" "authors: [{name: Ana Lopez}]" "stage: awareness" "persona: cfo" &&
	add_asset r content/d.md "title: Nobody" "status: scheduled" "date: 2026-10-23" "stage: awareness" "persona: cfo" &&
	add_asset r content/e.md "title: Old news" "status: published" "date: 2026-09-30" "author: Ana Lopez" "stage: awareness" "persona: cfo" &&
	commit r "assets" 2026-10-01T10:00:00+00:00
'

test_expect_success 'list: every author kept, in order; owner apart; text, csv, json' '
	contentcal -C r list --format json >out &&
	python3 - out <<-\PY &&
	import json, sys
	d = {a["path"]: a for a in json.load(open(sys.argv[1]))}
	a = d["content/a.md"]
	assert a["authors"] == ["Ana Lopez", "Ben Ng", "Cy Dee"], a["authors"]
	assert a["author"] == "Ana Lopez" and a["owner"] == "Dee Editor", a
	assert d["content/c.md"]["authors"] == ["Ana Lopez"], d["content/c.md"]
	assert d["content/d.md"]["authors"] == [] and d["content/d.md"]["owner"] is None
	PY
	contentcal -C r list >out 2>/dev/null &&
	expect_grep "Ana Lopez,Ben Ng,Cy Dee  Co-written" out &&
	expect_grep " -  *Nobody" out &&
	contentcal -C r list --format csv >out &&
	expect_grep "^path,.*,author,url,state,freshness,authors,owner" out &&
	expect_grep "^content/a.md,.*,Ana Lopez;Ben Ng;Cy Dee,Dee Editor" out &&
	contentcal -C r sql "SELECT value FROM asset_tags WHERE dimension = '\''owner'\''" >out &&
	expect_grep "Dee Editor" out
'

test_expect_success 'calendar: authors in text, json and ics (escaped)' '
	contentcal -C r calendar --as-of 2026-10-14 --quarter FY2026Q4 >out &&
	expect_grep "Co-written .*by Ana Lopez, Ben Ng, Cy Dee; owner Dee Editor" out &&
	contentcal -C r calendar --as-of 2026-10-14 --quarter FY2026Q4 --format json >out &&
	python3 - out <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	e = [e for w in d["weeks"] for e in w["entries"] if e["path"] == "content/a.md"][0]
	assert e["authors"] == ["Ana Lopez", "Ben Ng", "Cy Dee"] and e["owner"] == "Dee Editor", e
	PY
	contentcal -C r calendar --as-of 2026-10-14 --format ics >out &&
	tr -d "\r\n " <out >flat &&
	expect_grep "authors:AnaLopez\\\\,BenNg\\\\,CyDee\\\\nowner:DeeEditor" flat
'

test_expect_success 'report shows authors' '
	contentcal -C r report --as-of 2026-10-14 --quarter FY2026Q4 --format markdown >out &&
	expect_grep "Co-written (scheduled, .*by Ana Lopez, Ben Ng, Cy Dee)" out
'

test_expect_success 'workload by owner: due, scheduled, overdue; capacity per person' '
	contentcal -C r workload --as-of 2026-10-14 --quarter FY2026Q4 --format json >out &&
	python3 - out <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["by"] == "owner" and d["quarter"]["name"] == "FY2026Q4"
	p = {x["person"]: x for x in d["people"]}
	assert sorted(p) == ["(unassigned)", "Ana Lopez", "Dee Editor"], sorted(p)
	ana = p["Ana Lopez"]
	assert ana["capacity"] == 1 and p["Dee Editor"]["capacity"] == 2
	# b: due 10-20 and planned 10-22 (one asset, load 1? both in week 10-19: load 1)
	# c: due 10-01, overdue
	assert (ana["due"], ana["scheduled"], ana["overdue"]) == (2, 1, 1), ana
	w = {x["start"]: x for x in ana["weeks"]}
	assert w["2026-09-28"] == {"start": "2026-09-28", "iso_week": "2026-W40", "due": 1, "scheduled": 0,
	    "overdue": 1, "load": 1, "over": False}, w["2026-09-28"]
	assert w["2026-10-19"]["load"] == 1 and not w["2026-10-19"]["over"], w["2026-10-19"]
	assert p["Dee Editor"]["weeks"][3]["scheduled"] == 1
	assert p["(unassigned)"]["scheduled"] == 1
	assert all(x["over_weeks"] == 0 for x in d["people"])
	PY
'

test_expect_success 'workload by author: every co-author; over capacity flagged, exit 1' '
	test_must_fail 1 contentcal -C r workload --by author --as-of 2026-10-14 --quarter FY2026Q4 >out &&
	expect_grep "^Ana Lopez: 2 due, 2 scheduled, 1 overdue; capacity 1 a week, 1 week over" out &&
	expect_grep "2026-W43  2026-10-19  due 1  scheduled 2  overdue 0  load 2  OVER CAPACITY (2 > 1)" out &&
	expect_grep "^Ben Ng: 0 due, 1 scheduled" out &&
	test_must_fail 1 contentcal -C r workload --by author --as-of 2026-10-14 --quarter FY2026Q4 --format csv >out &&
	expect_grep "^person,week,iso_week,due,scheduled,overdue,load,capacity,over" out &&
	expect_grep "^Ana Lopez,2026-10-19,2026-W43,1,2,0,2,1,yes" out &&
	test $(grep -c "^Ben Ng," out) -eq 14
'

test_expect_success 'capacity_per_week: located config errors' '
	make_repo bad && printf "calendar:\n  capacity_per_week: {default: x, Ana: -1}\n" >>bad/contentcal.yml &&
	commit bad init &&
	test_must_fail 2 contentcal -C bad workload 2>err &&
	expect_grep "contentcal.yml:6:23: error: invalid-config: .calendar.capacity_per_week.default. must be a number" err &&
	expect_grep "contentcal.yml:6:35: error: invalid-config: .calendar.capacity_per_week.Ana. must be a number of assets per week (0-1000, 0 means no limit), not -1" err &&
	make_repo bad2 && printf "calendar: {capacity_per_week: [1]}\n" >>bad2/contentcal.yml && commit bad2 init &&
	test_must_fail 2 contentcal -C bad2 workload 2>err &&
	expect_grep "capacity_per_week. must be a number of assets per week .*, or a mapping of person to number, not a list" err &&
	test_must_fail 2 contentcal -C r workload --by editor 2>err &&
	expect_grep "owner or author" err
'

test_done
