#!/bin/sh
# contentcal report: sections, escaping (HTML and Markdown), no network
# resources, the CSP hashes, -o and symbolic links, the sample.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a small library with a hostile title' '
	make_repo r &&
	mkdir -p r/content && cat >r/content/a.md <<-\MD &&
	---
	title: "<script>alert(1)</script> \"onmouseover=alert(2) x'"'"'y | `tick` & co"
	status: published
	date: 2026-11-02
	stage: awareness
	persona: cio
	topic: security
	---

	Body.
	MD
	add_asset r content/b.md "title: \"# Heading-like *title* - [x](javascript:alert(3))\"" "status: scheduled" "date: 2026-11-25" "stage: decision" "persona: cfo" &&
	add_asset r content/c.md "title: Plain planned" "status: draft" "date: 2026-12-09" "stage: consideration" "persona: developer" &&
	add_asset r content/d.md "title: Late one" "status: scheduled" "date: 2026-11-10" "stage: awareness" "persona: cio" &&
	commit r "assets" 2026-11-02T10:00:00+00:00
'

cc_report() { contentcal -C r report --as-of 2026-11-23 --quarter FY2026Q4 "$@"; }

test_expect_success 'html: every section, a CSP, no network resources' '
	cc_report -o out.html 2>err &&
	expect_grep "^report written to out.html (" err &&
	test -s r/out.html && mv r/out.html . &&
	for id in coverage gaps calendar relevance; do expect_grep "id=\"$id\"" out.html || return 1; done &&
	expect_grep "<table class=\"heatmap\">" out.html &&
	expect_grep "<ol class=\"weeks\">" out.html &&
	expect_grep "class=\"badge sev-error\"" out.html &&
	expect_grep "<span class=\"pill\">[0-9]* errors\?, [0-9]* warnings\?</span>" out.html &&
	expect_grep "http-equiv=\"Content-Security-Policy\" content=\"default-src .none.; script-src .sha256-" out.html &&
	expect_no_grep "{{" out.html &&
	! grep -Ei "src=\"?https?:|url\(|@import|<link|srcset" out.html &&
	# http(s) only inside <a href>: strip those, nothing may remain
	sed "s/<a href=\"https\?:[^\"]*\"//g" out.html | { ! grep -E "https?://"; }
'

test_expect_success 'html: the CSP hashes match the inline script and style' '
	python3 - out.html <<-\PY
	import base64, hashlib, re, sys
	page = open(sys.argv[1], encoding="utf-8").read()
	csp = re.search(r"Content-Security-Policy\" content=\"([^\"]*)\"", page).group(1)
	for tag, directive in (("script", "script-src"), ("style", "style-src")):
	    bodies = re.findall(r"<%s>(.*?)</%s>" % (tag, tag), page, re.S)
	    assert bodies, tag
	    want = " ".join("'"'"'sha256-%s'"'"'" % base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in bodies)
	    got = re.search(directive + r" ([^;]*);", csp).group(1)
	    assert got == want, (tag, got, want)
	PY
'

test_expect_success 'html: content is escaped, never markup' '
	cat >want <<-\EOF &&
	&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=alert(2) x&#39;y | `tick` &amp; co
	EOF
	grep -F -f want out.html >/dev/null &&
	expect_no_grep "<script>alert" out.html &&
	expect_no_grep "\"onmouseover" out.html &&
	expect_no_grep "href=\"javascript" out.html &&
	test $(grep -c "<script>" out.html) -eq 1
'

test_expect_success 'html: the calendar shows every kind and empty weeks' '
	expect_grep "class=\"entry k-published\"" out.html &&
	expect_grep "class=\"entry k-scheduled\"" out.html &&
	expect_grep "class=\"entry k-planned\"" out.html &&
	expect_grep "class=\"entry k-overdue\"" out.html &&
	expect_grep "class=\"week past empty\"" out.html &&
	expect_grep "<span class=\"now\">this week</span>" out.html
'

test_expect_success 'no engagement data: said plainly, no empty table' '
	expect_grep "No engagement data up to 2026-11-23" out.html &&
	expect_no_grep "class=\"ranking\"" out.html
'

test_expect_success 'markdown: structure and escaping' '
	cc_report --format markdown >out.md &&
	expect_grep "^# Content report FY2026Q4$" out.md &&
	for h in "## Coverage: persona × stage" "## Calendar" "## Gaps" "## Relevance by stage"; do
		expect_grep "^$h$" out.md || return 1
	done &&
	expect_grep "^| persona | awareness | consideration | decision |$" out.md &&
	expect_grep "^| cfo | " out.md &&
	expect_grep "^| 2026-W48 (this week) | Nov 23 – 29 | 0 | 1 | 0 | 0 | " out.md &&
	expect_grep "empty week" out.md &&
	cat >want <<-\EOF &&
	&lt;script&gt;alert(1)&lt;/script&gt; "onmouseover=alert(2) x'"'"'y \| \`tick\` &amp; co (published, Nov 2)
	\# Heading-like \*title\* - \[x\](javascript:alert(3)) (scheduled, Nov 25)
	EOF
	test $(grep -c -F -f want out.md) -eq 2 &&
	expect_no_grep "<script" out.md &&
	# every table row has the same number of unescaped bars as its header
	python3 - out.md <<-\PY
	import re, sys
	cols = None
	for line in open(sys.argv[1], encoding="utf-8"):
	    if not line.startswith("|"):
	        cols = None
	        continue
	    n = len(re.findall(r"(?<!\\)\|", line))
	    if cols is None:
	        cols = n
	    assert n == cols, line
	PY
'

test_expect_success 'markdown to a file; - is standard output' '
	cc_report --format markdown -o "$TEST_DIR/r.md" 2>err && test_cmp out.md r.md &&
	cc_report -o - >stdout.html && test_cmp out.html stdout.html
'

test_expect_success '-o refuses a symbolic link and leaves its target alone' '
	echo precious >target && ln -s "$TEST_DIR/target" link.html &&
	test_must_fail 2 cc_report -o "$TEST_DIR/link.html" 2>err &&
	expect_grep "symbolic link" err &&
	echo precious >expect && test_cmp expect target && test -L link.html &&
	ln -s "$TEST_DIR/nowhere" dangling.html &&
	test_must_fail 2 cc_report -o "$TEST_DIR/dangling.html" 2>err &&
	test ! -e nowhere && test -L dangling.html &&
	ls -a | { ! grep contentcal-report; }
'

test_expect_success '-o replaces a file atomically, keeps no temporary file' '
	echo old >rep.html && cc_report -o "$TEST_DIR/rep.html" 2>/dev/null &&
	test_cmp out.html rep.html &&
	ls -a | { ! grep "^\.contentcal-"; } &&
	mkdir dir && test_must_fail 2 cc_report -o "$TEST_DIR/dir" 2>err && expect_grep "not a regular file" err &&
	test_must_fail 2 cc_report -o "$TEST_DIR/missing/x.html" 2>err && expect_grep "cannot write" err
'

test_expect_success 'usage errors' '
	test_must_fail 2 cc_report --format pdf 2>err && expect_grep "unknown format" err &&
	test_must_fail 2 cc_report --quarter FY26 2>err && expect_grep "quarter" err &&
	test_must_fail 2 cc_report extra 2>err
'

test_expect_success 'a repository template overrides the built-in one; unknown placeholders are located' '
	mkdir -p r/templates/report &&
	printf "<p>{{quarter}} {{summary}}</p>\n" >r/templates/report/report.html &&
	cc_report -o - >mine.html && expect_grep "^<p>FY2026Q4 [0-9]* errors\?, [0-9]* warnings\?</p>" mine.html &&
	printf "ok\n<p>{{nope}}</p>\n" >r/templates/report/report.html &&
	test_must_fail 2 cc_report -o - 2>err && expect_grep "report.html:2:4: unknown placeholder {{nope}}" err &&
	rm -r r/templates
'

test_expect_success 'the sample: relevance per stage after ingest' '
	mkdir sample && cp -r "$SRC/content-sample/." sample/ && git -C sample init -q &&
	commit sample "sample" 2026-11-01T10:00:00+00:00 &&
	contentcal -C sample ingest engagement.csv >/dev/null &&
	contentcal -C sample report --as-of 2026-11-23 --quarter FY2026Q4 -o - >s.html &&
	test $(grep -c "class=\"stage card\"" s.html) -eq 3 &&
	expect_grep "<h4>Bottom</h4>" s.html &&
	expect_grep "1 error, 8 warnings" s.html &&
	expect_grep "<a href=\"https://northwind.example/resources/" s.html &&
	contentcal -C sample report --as-of 2026-11-23 --quarter FY2026Q4 --format markdown >s.md &&
	expect_grep "^### decision$" s.md && expect_grep "^Bottom:$" s.md &&
	expect_grep "| cfo | .*\*\*0 gap\*\*" s.md
'

test_done
