#!/bin/sh
# The HTML report in a real browser (headless Chromium): no console errors,
# no network request, the filter script runs, a screenshot is taken.
# Skipped, visibly, when chromium is not installed (.ci/deps browser; make
# check installs it when CI is set).
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROMIUM" ]; then
	test_skip 'the report in headless Chromium' 'chromium is not installed: .ci/deps browser'
	test_done
	exit 0
fi

# chrome ARGS...: headless, offline-minded, its own profile; stderr to chrome.err.
chrome() {
	profile=$(mktemp -d "$TEST_DIR/profile.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-dev-shm-usage --user-data-dir="$profile" --enable-logging=stderr --v=0 \
		--log-net-log="$TEST_DIR/net.json" "$@" 2>chrome.err
}

test_expect_success 'setup: the sample with engagement, and its report' '
	mkdir sample && cp -r "$SRC/content-sample/." sample/ && git -C sample init -q &&
	commit sample "sample" 2026-11-01T10:00:00+00:00 &&
	contentcal -C sample ingest engagement.csv >/dev/null &&
	contentcal -C sample report --as-of 2026-11-23 --quarter FY2026Q4 -o "$TEST_DIR/report.html" 2>/dev/null &&
	test -s report.html
'

test_expect_success 'the page renders without console errors and its script runs' '
	chrome --dump-dom "file://$TEST_DIR/report.html" >dom.html &&
	expect_grep "data-filter-ready=\"[1-9][0-9]*\"" dom.html &&
	{ ! grep -E "CONSOLE|Uncaught|Refused to|Content.Security.Policy" chrome.err || { cat chrome.err; false; }; }
'

test_expect_success 'no network request from the page' '
	test -s net.json &&
	# Requests the page makes carry its origin as initiator; the browser'"'"'s
	# own (updates, accounts) carry "not an origin".
	python3 - net.json <<-\PY
	import json, sys
	text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
	try:
	    log = json.JSONDecoder().raw_decode(text)[0]
	except ValueError:  # a log cut short when the browser quits: close it
	    log = json.loads(text.rstrip().rstrip(",") + "]}")
	bad, seen = set(), 0
	for ev in log.get("events", []):
	    p = ev.get("params") or {}
	    url, init = p.get("url"), p.get("initiator")
	    seen += bool(url)
	    if url and init and init != "not an origin" and not url.startswith(("file:", "data:")):
	        bad.add(url)
	assert seen, "the net log holds no request at all"
	assert not bad, sorted(bad)
	PY
'

test_expect_success 'a screenshot: a non-empty PNG' '
	chrome --hide-scrollbars --screenshot="$TEST_DIR/shot.png" --window-size=1400,2000 "file://$TEST_DIR/report.html" &&
	test -s shot.png &&
	test "$(head -c 8 shot.png | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a &&
	test $(wc -c <shot.png) -gt 50000
'

test_done
