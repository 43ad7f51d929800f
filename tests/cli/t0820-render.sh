#!/bin/sh
# Every format's character rules, checked by parsing the output with a real
# parser: JUnit with python's XML parser (XML 1.0 forbids U+FFFE, U+FFFF and
# most C0 controls), SARIF and JSON with its JSON parser, GitHub annotations
# one workflow command a line. Paths and titles are hostile.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: stale assets and lint problems on hostile paths and titles' '
	make_repo r &&
	mkdir -p r/content &&
	for name in "$(printf "nc\357\277\276\357\277\277.md")" "$(printf "ctl\001\033[31m.md")" \
		"$(printf "amp&<q\"x\047>.md")" "$(printf "nl\n::error::x.md")" "$(printf "bad\377.md")"; do
		printf -- "---\ntitle: \"T \\\\uFFFE \\\\uFFFF \\\\u0001 \\\\u001b[1m <&> %%0A\"\nstage: awareness\npersona: cio\nstatus: published\ndate: 2026-01-05\nreview_by: 2026-02-01\nexpires: nope\n---\nbody\n" >"r/content/$name" || return 1
	done &&
	commit r "hostile" 2026-01-10T10:00:00+00:00 &&
	contentcal -C r index 2>/dev/null
'

check_junit() {
	python3 - "$1" "$2" <<-\PY
	import sys, xml.etree.ElementTree as ET
	root = ET.parse(sys.argv[1]).getroot()
	names = [t.get("file") or t.get("name") for t in root.iter("testcase")]
	assert len([n for n in names if n and n.startswith("content/")]) >= int(sys.argv[2]), names
	for t in root.iter("testcase"):
	    for v in t.attrib.values():
	        assert "\ufffe" not in v and "\uffff" not in v and "\x01" not in v, v
	PY
}

check_sarif() {
	python3 - "$1" "$2" <<-\PY
	import json, sys, urllib.parse
	raw = open(sys.argv[1], "rb").read()
	assert all(b < 0x80 for b in raw), "not ASCII"
	d = json.loads(raw)
	res = d["runs"][0]["results"]
	uris = [l["physicalLocation"]["artifactLocation"]["uri"] for r in res for l in r["locations"]]
	assert len([u for u in uris if u.startswith("content/")]) >= int(sys.argv[2]), uris
	for u in uris:
	    assert all(c.isalnum() or c in "-._~/%" for c in u), u
	paths = {urllib.parse.unquote(u, errors="replace") for u in uris}
	assert "content/nl\n::error::x.md" in paths, paths
	PY
}

# check_github FILE N: N annotations, every line a workflow command, none injected.
check_github() {
	test $(wc -l <"$1") -eq "$2" &&
	! grep -v "^::\(error\|warning\|notice\) " "$1" &&
	test $(grep -c "::error::" "$1") -eq 0
}

test_expect_success 'lint: junit, sarif, github and json survive hostile names' '
	test_must_fail 1 contentcal -C r --no-index lint --format junit >lint.xml &&
	check_junit lint.xml 5 &&
	test_must_fail 1 contentcal -C r --no-index lint --format sarif >lint.sarif &&
	check_sarif lint.sarif 5 &&
	test_must_fail 1 contentcal -C r --no-index lint --format github >lint.gh &&
	check_github lint.gh "$(grep -c . lint.gh)" &&
	test_must_fail 1 contentcal -C r --no-index lint --format json >lint.json &&
	python3 -c "import json; d = json.load(open(\"lint.json\")); assert len({p[\"path\"] for p in d}) == 5, d"
'

test_expect_success 'gaps: junit, sarif, github, markdown and json survive hostile names and titles' '
	contentcal -C r --no-index gaps --as-of 2026-03-01 --quarter FY2026Q1 --fail-on none --format junit >gaps.xml &&
	check_junit gaps.xml 5 &&
	contentcal -C r --no-index gaps --as-of 2026-03-01 --quarter FY2026Q1 --fail-on none --format sarif >gaps.sarif &&
	check_sarif gaps.sarif 5 &&
	contentcal -C r --no-index gaps --as-of 2026-03-01 --quarter FY2026Q1 --fail-on none --format github >gaps.gh &&
	check_github gaps.gh "$(grep -c . gaps.gh)" &&
	contentcal -C r --no-index gaps --as-of 2026-03-01 --quarter FY2026Q1 --fail-on none --format json >gaps.json &&
	python3 -c "import json; d = json.load(open(\"gaps.json\")); assert len([f for f in d[\"findings\"] if f[\"kind\"] == \"stale\"]) == 5, d" &&
	contentcal -C r --no-index gaps --as-of 2026-03-01 --quarter FY2026Q1 --fail-on none --format markdown >gaps.md &&
	expect_grep "amp&amp;&lt;q" gaps.md
'

test_expect_success 'list, search and relevance JSON keep every hostile asset' '
	contentcal -C r --no-index list --as-of 2026-01-20 --format json >list.json &&
	contentcal -C r --no-index relevance --all --as-of 2026-01-20 --format json >rel.json &&
	python3 - <<-\PY
	import json
	paths = {a["path"] for a in json.load(open("list.json"))}
	assert len(paths) == 5, paths
	titles = {a["title"] for a in json.load(open("list.json"))}
	assert all("\ufffe" in t and "\uffff" in t for t in titles), titles
	assert {a["path"] for a in json.load(open("rel.json"))["assets"]} == paths
	PY
'

test_done
