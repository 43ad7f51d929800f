#!/bin/sh
# calendar, coverage and gaps: the sample's deliberate gaps, every gap kind,
# every format, exit codes and --since.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

test_expect_success 'gaps on content-sample finds exactly its deliberate gaps' '
	mkdir sample && cp -r "$SRC/content-sample/." sample/ && git -C sample init -q &&
	commit sample "sample" 2026-11-01T10:00:00+00:00 &&
	test_must_fail 1 contentcal -C sample gaps --as-of 2026-11-23 --quarter FY2026Q4 --format json >out &&
	python3 - out <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["version"] == 1 and d["quarter"]["name"] == "FY2026Q4", d["quarter"]
	got = sorted((f["kind"], f["subject"]) for f in d["findings"])
	want = sorted([("coverage", "cfo/decision"), ("cadence", "2026-10-12"), ("cadence", "2026-10-19"),
	    ("rotation", "ai-adoption"), ("overdue", "content/blog/introducing-the-developer-portal.md")] +
	    [("stale", "content/%s.md" % p) for p in ("blog/cloud-migration-readiness-checklist",
	    "datasheet/northwind-platform-pricing-datasheet", "blog/data-residency-rules-2026",
	    "blog/ai-governance-starter-kit")])
	assert got == want, got
	assert d["summary"] == {"error": 1, "warning": 8, "info": 0,
	    "by_kind": {"coverage": 1, "cadence": 2, "rotation": 1, "overdue": 1, "stale": 4,
	                "vocabulary": 0, "demand": 0}}, d["summary"]
	PY
'

test_expect_success 'the sample: coverage matrix and calendar' '
	contentcal -C sample coverage --as-of 2026-11-23 --quarter FY2026Q4 --format csv >out &&
	expect_grep "^cfo,decision,0,0,0,0,1,true" out &&
	expect_grep "^cio,awareness,11,8,1,9,1,false" out &&
	contentcal -C sample calendar --as-of 2026-11-23 --quarter FY2026Q4 >out &&
	expect_grep "^2026-W42  week of 2026-10-12 to 2026-10-18  (empty)" out &&
	expect_grep "^2026-W43  week of 2026-10-19 to 2026-10-25  (empty)" out &&
	expect_grep "2026-11-10  overdue .*introducing-the-developer-portal" out &&
	test $(grep -c "(empty)" out) -eq 3 &&
	expect_grep "^2026-W52  week of 2026-12-21 to 2026-12-27  (empty)" out
'

# A small library with one gap of every kind, as of Wednesday 2026-10-14:
# FY2026Q4 weeks start 09-28 (past), 10-05 (past), 10-12 (current), 10-19 (upcoming).
test_expect_success 'setup: one gap of every kind' '
	mkdir -p r && git -C r init -q && cat >r/contentcal.yml <<-\YML &&
	content: ["content/**/*.md"]
	stages: hubspot
	personas: [cio, cfo]
	topics: [security, cloud]
	calendar: {fiscal_year_start: 1, cadence_per_week: 1, topic_rotation_weeks: 4, horizon_weeks: 2}
	coverage: {min_per_cell: 1, fresh_days: 100}
	YML
	add_asset r content/c.md "title: Old decision" "status: published" "date: 2026-01-10" "stage: decision" "persona: cio" "topic: cloud" &&
	commit r "old" 2026-01-15T10:00:00+00:00 &&
	add_asset r content/a.md "title: Alpha, beta; gamma \\\\ delta" "status: published" "date: 2026-09-30" "stage: awareness" "persona: cio" "topic: security" &&
	add_asset r content/b.md "title: Scheduled ahead" "status: scheduled" "date: 2026-10-21" "stage: consideration" "persona: cio" "topic: security" &&
	add_asset r "content/d&<draft>, x.md" "title: Draft late" "status: draft" "due: 2026-10-01" "stage: awareness" "persona: cio" &&
	add_asset r content/e.md "title: Missed slot" "status: scheduled" "date: 2026-10-05" "stage: awareness" "persona: cio" &&
	add_asset r content/f.md "title: Ångström résumé naïve façade über Ünïcödé títlé that is long enough to fold twice over" "status: published" "date: 2026-08-01" "review_by: 2026-10-01" "expires: 2026-10-10" "stage: awareness" "persona: cfo" "topic: cloud" &&
	commit r "the rest" 2026-10-01T10:00:00+00:00
'

cc_gaps() { contentcal -C r gaps --as-of 2026-10-14 --quarter FY2026Q4 "$@"; }

test_expect_success 'every gap kind, located, in the line format' '
	test_must_fail 1 cc_gaps --format line >out &&
	cat >expect <<-\EOF &&
	contentcal.yml:3:12: error: coverage: persona '"'"'cio'"'"' has 0 fresh or scheduled decision-stage assets, below the minimum of 1 (0 fresh, 0 scheduled; 1 live but stale (past review-by, or not updated within 100 days))
	contentcal.yml:3:17: error: coverage: persona '"'"'cfo'"'"' has 0 fresh or scheduled awareness-stage assets, below the minimum of 1 (0 fresh, 0 scheduled)
	contentcal.yml:3:17: error: coverage: persona '"'"'cfo'"'"' has 0 fresh or scheduled consideration-stage assets, below the minimum of 1 (0 fresh, 0 scheduled)
	contentcal.yml:3:17: error: coverage: persona '"'"'cfo'"'"' has 0 fresh or scheduled decision-stage assets, below the minimum of 1 (0 fresh, 0 scheduled)
	contentcal.yml:5:34: warning: cadence: past week of 2026-10-05 (2026-W41): 0 published, below the cadence of 1 a week (empty week)
	contentcal.yml:5:34: warning: cadence: current week of 2026-10-12 (2026-W42): 0 published and 0 scheduled, below the cadence of 1 a week
	contentcal.yml:4:20: warning: rotation: topic '"'"'cloud'"'"': last published on 2026-08-01 (10 weeks ago), nothing scheduled; the rotation is every 4 weeks
	content/d&<draft>, x.md:4:1: warning: overdue: due 2026-10-01 (13 days ago); status is '"'"'draft'"'"'
	content/e.md:4:1: warning: overdue: scheduled for 2026-10-05 (9 days ago) but not published; status is '"'"'scheduled'"'"'
	content/c.md:1:1: warning: stale: not updated since 2026-01-15 (272 days, fresh_days is 100)
	content/f.md:6:1: warning: stale: expired on 2026-10-10 (4 days ago); review-by date 2026-10-01 passed 13 days ago
	EOF
	test_cmp expect out
'

test_expect_success 'the upcoming horizon: an empty week within it is a gap, beyond it is not' '
	test_must_fail 1 cc_gaps --as-of 2026-10-07 --format json >out &&
	python3 - out <<-\PY
	import json, sys
	c = [f for f in json.load(open(sys.argv[1]))["findings"] if f["kind"] == "cadence"]
	assert [(f["subject"], f["data"]["when"]) for f in c] == [("2026-10-05", "current"), ("2026-10-12", "upcoming")], c
	assert "upcoming week of 2026-10-12" in c[1]["message"]
	PY
'

test_expect_success 'exit codes: --fail-on and configured severities' '
	cc_gaps --fail-on none >/dev/null &&
	test_must_fail 1 cc_gaps --fail-on warning >/dev/null &&
	cp r/contentcal.yml saved.yml &&
	echo "  severity: {cell: warning}" >>r/contentcal.yml &&
	sed -i "s/^coverage: {min_per_cell: 1, fresh_days: 100}/coverage:\n  min_per_cell: 1\n  fresh_days: 100/" r/contentcal.yml &&
	cc_gaps --format line >out &&
	expect_no_grep ": error:" out &&
	test_must_fail 1 cc_gaps --fail-on warning >/dev/null &&
	echo "  severity: {cell: fatal}" >r/bad.yml && cat saved.yml >r/contentcal.yml &&
	printf "coverage:\n  severity: {cell: fatal}\n" >>r/contentcal.yml &&
	test_must_fail 2 cc_gaps 2>err &&
	expect_grep "fatal" err &&
	cp saved.yml r/contentcal.yml
'

test_expect_success 'usage errors exit 2' '
	test_must_fail 2 cc_gaps --quarter FY2026Q5 2>err && expect_grep "not a quarter" err &&
	test_must_fail 2 contentcal -C r gaps --as-of yesterday 2>err && expect_grep "as-of" err &&
	test_must_fail 2 cc_gaps --format xml 2>err &&
	test_must_fail 2 cc_gaps --fail-on sometimes 2>err &&
	test_must_fail 2 cc_gaps extra 2>err &&
	test_must_fail 2 contentcal -C r coverage --by format 2>err &&
	test_must_fail 2 contentcal -C r calendar --deadlines 2>err &&
	test_must_fail 2 contentcal -C r gaps --since no-such-rev 2>err && expect_grep "no-such-rev" err
'

test_expect_success 'json: the documented, versioned shape' '
	test_must_fail 1 cc_gaps --format json >out &&
	python3 - out <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert set(d) == {"version", "as_of", "quarter", "summary", "findings"}, d.keys()
	assert d["as_of"] == "2026-10-14"
	q = d["quarter"]
	assert (q["start"], q["end"], q["weeks_start"], q["weeks_end"], q["weeks"]) == ("2026-10-01", "2026-12-31", "2026-09-28", "2027-01-03", 14), q
	for f in d["findings"]:
	    assert set(f) == {"kind", "severity", "subject", "message", "path", "line", "col", "data"}, f
	by = {(f["kind"], f["subject"]): f for f in d["findings"]}
	assert by[("coverage", "cio/decision")]["data"] == {"by": "persona", "value": "cio", "stage": "decision",
	    "live": 1, "fresh": 0, "scheduled": 0, "count": 0, "min": 1}
	assert by[("rotation", "cloud")]["data"] == {"topic": "cloud", "last_published": "2026-08-01",
	    "next_scheduled": None, "rotation_weeks": 4}
	assert by[("stale", "content/f.md")]["data"]["reasons"] == ["expires", "review_by"]
	assert by[("overdue", "content/e.md")]["data"]["days_late"] == 9
	PY
'

test_expect_success 'sarif 2.1.0 structure' '
	test_must_fail 1 cc_gaps --format sarif >out &&
	python3 - out <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["version"] == "2.1.0" and "sarif-2.1.0" in d["$schema"]
	run = d["runs"][0]
	drv = run["tool"]["driver"]
	assert drv["name"] == "contentcal"
	ids = [r["id"] for r in drv["rules"]]
	assert ids == ["coverage", "cadence", "rotation", "overdue", "stale", "vocabulary", "demand"], ids
	assert len(run["results"]) == 11
	for r in run["results"]:
	    assert r["ruleId"] in ids and ids[r["ruleIndex"]] == r["ruleId"]
	    assert r["level"] in ("error", "warning", "note")
	    assert r["message"]["text"]
	    loc = r["locations"][0]["physicalLocation"]
	    assert loc["artifactLocation"]["uri"] and loc["region"]["startLine"] >= 1
	uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
	assert "content/d%26%3Cdraft%3E%2C%20x.md" in uris, uris
	assert "contentcal.yml" in uris
	PY
'

test_expect_success 'junit: well-formed, escaped, failures follow --fail-on' '
	test_must_fail 1 cc_gaps --format junit >out &&
	python3 - out 4 <<-\PY &&
	import sys, xml.etree.ElementTree as ET
	root = ET.parse(sys.argv[1]).getroot()
	assert root.tag == "testsuites"
	assert root.get("failures") == sys.argv[2], root.attrib
	names = [t.get("name") for t in root.iter("testcase")]
	assert "content/d&<draft>, x.md" in names, names
	assert len(root.findall("testsuite")) == 7
	PY
	test_must_fail 1 cc_gaps --format junit --fail-on warning >out &&
	python3 - out 11 <<-\PY
	import sys, xml.etree.ElementTree as ET
	root = ET.parse(sys.argv[1]).getroot()
	assert root.get("failures") == sys.argv[2], root.attrib
	PY
'

test_expect_success 'github annotations and the step summary' '
	GITHUB_STEP_SUMMARY=$PWD/summary.md && export GITHUB_STEP_SUMMARY &&
	echo "earlier step" >summary.md &&
	test_must_fail 1 cc_gaps --format github >out &&
	unset GITHUB_STEP_SUMMARY &&
	test $(wc -l <out) -eq 11 &&
	expect_grep "^::error file=contentcal.yml,line=3,col=17,title=coverage gap%3A cfo/awareness::persona" out &&
	expect_grep "^::warning file=content/d&<draft>%2C x.md,line=4,col=1,title=overdue gap%3A content/d&<draft>%2C x.md::due 2026-10-01" out &&
	expect_grep "^earlier step" summary.md &&
	expect_grep "^## contentcal gaps: FY2026Q4" summary.md &&
	expect_grep "| error | coverage | cfo/decision |" summary.md &&
	cc_gaps --format markdown --fail-on none >md &&
	expect_grep "content/d&amp;&lt;draft&gt;, x.md" md
'

test_expect_success 'calendar: weeks, empty weeks, filters, csv' '
	contentcal -C r calendar --as-of 2026-10-14 --quarter FY2026Q4 --format json >out &&
	python3 - out <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	w = {x["start"]: x for x in d["weeks"]}
	assert len(d["weeks"]) == 14
	assert w["2026-09-28"]["counts"]["published"] == 1 and not w["2026-09-28"]["empty"]
	assert w["2026-10-05"]["counts"]["overdue"] == 1
	assert w["2026-10-12"]["empty"] and w["2026-10-12"]["iso_week"] == "2026-W42"
	assert [e["kind"] for e in w["2026-10-19"]["entries"]] == ["scheduled"]
	assert w["2026-09-28"]["entries"][0]["title"] == "Alpha, beta; gamma \\ delta"
	PY
	contentcal -C r calendar --as-of 2026-10-14 --quarter FY2026Q3 --persona cfo --format csv >out &&
	test $(grep -c ",published,published," out) -eq 1 && expect_grep "content/f.md" out &&
	expect_no_grep "content/c.md" out
'

test_expect_success 'calendar: the ics feed parses, folds at 75 octets, escapes text' '
	contentcal -C r calendar --as-of 2026-10-14 --format ics >feed.ics &&
	contentcal -C r calendar --as-of 2026-10-14 --format ics --deadlines >due.ics &&
	python3 - feed.ics due.ics <<-\PY
	import re, sys
	def parse(path):
	    raw = open(path, "rb").read()
	    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "CRLF only"
	    phys = raw.split(b"\r\n")[:-1]
	    for l in phys:
	        assert len(l) <= 75, l
	        l.decode("utf-8")  # folding never splits a character
	    text = raw.decode("utf-8").replace("\r\n ", "")
	    lines = text.split("\r\n")[:-1]
	    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
	    assert "VERSION:2.0" in lines and any(l.startswith("PRODID:") for l in lines)
	    events, cur, depth = [], None, 0
	    for l in lines:
	        assert re.match(r"^[A-Z-]+(;[A-Z-]+=[^:;]+)*:", l), l
	        if l == "BEGIN:VEVENT": cur = {}
	        elif l == "END:VEVENT": events.append(cur); cur = None
	        elif cur is not None:
	            k, _, v = l.partition(":"); cur[k.split(";")[0]] = (k, v)
	    for e in events:
	        for k in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
	            assert k in e, (k, e)
	        assert re.match(r"^DTSTART;VALUE=DATE$", e["DTSTART"][0]) and re.match(r"^\d{8}$", e["DTSTART"][1])
	        assert re.match(r"^\d{8}T\d{6}Z$", e["DTSTAMP"][1])
	    uids = [e["UID"][1] for e in events]
	    assert len(uids) == len(set(uids)) and all(re.match(r"^[A-Za-z0-9._-]+@contentcal$", u) for u in uids), uids
	    return events
	ev = parse(sys.argv[1])
	s = {e["SUMMARY"][1] for e in ev}
	assert len(ev) == 5, len(ev)
	assert "Alpha\\, beta\\; gamma \\\\ delta [published]" in s, s
	assert any("Ångström" in x for x in s)
	assert all("\\n" in e["DESCRIPTION"][1] for e in ev)
	due = parse(sys.argv[2])
	assert [e["SUMMARY"][1] for e in due] == ["Due: Draft late [due-overdue]"], due
	PY
'

test_expect_success 'coverage: json, and by topic' '
	contentcal -C r coverage --as-of 2026-10-14 --quarter FY2026Q4 --format json >out &&
	python3 - out <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["version"] == 1 and d["by"] == "persona" and d["rows"] == ["cio", "cfo"]
	c = {(x["value"], x["stage"]): x for x in d["cells"]}
	assert c[("cio", "awareness")] == {"value": "cio", "stage": "awareness", "live": 1, "fresh": 1, "scheduled": 0, "count": 1, "gap": False}
	assert c[("cio", "consideration")]["scheduled"] == 1
	assert c[("cio", "decision")]["live"] == 1 and c[("cio", "decision")]["gap"]
	assert c[("cfo", "awareness")]["live"] == 0  # expired
	PY
	contentcal -C r coverage --as-of 2026-10-14 --by topic >out &&
	expect_grep "^security  *1/1 +0  *0/0 +1 " out
'

test_expect_success '--since: the coverage a change adds, and the gap it closes' '
	add_asset r content/g.md "title: CFO decision" "status: published" "date: 2026-10-02" "stage: decision" "persona: cfo" "topic: cloud" &&
	commit r "cfo decision" 2026-10-02T10:00:00+00:00 &&
	test_must_fail 1 cc_gaps --since HEAD~1 --format json >out &&
	python3 - out <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert len(d["since"].pop("base")) == 40, d["since"]
	assert d["since"] == {"rev": "HEAD~1", "cells": [{"by": "persona", "value": "cfo", "stage": "decision",
	    "before": 0, "after": 1, "change": "closes"}]}, d["since"]
	assert ("coverage", "cfo/decision") not in [(f["kind"], f["subject"]) for f in d["findings"]]
	PY
	test_must_fail 1 cc_gaps --since HEAD~1 >out 2>/dev/null &&
	expect_grep "cfo/decision: 0 -> 1 (closes a gap)" out &&
	test_must_fail 1 cc_gaps --since HEAD >out 2>/dev/null &&
	expect_grep "no cell changed" out &&
	ls "${TMPDIR:-/tmp}" | grep -c contentcal-since >n; test $(cat n) -eq 0
'

test_done
