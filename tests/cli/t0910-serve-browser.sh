#!/bin/sh
# serve in a real browser: tests/browser/serve.test.mjs drives Debian's
# Chromium with playwright-core (node's test runner) against the sample
# library. Skipped, visibly, when chromium, node or the npm packages are
# missing (.ci/deps browser installs chromium and node; `npm ci` installs
# playwright-core from the committed lock).
. "$(dirname "$0")/lib.sh"

BROWSER_DIR="$SRC_DIR/tests/browser"
if ! command -v node >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
	test_skip "serve in a browser" "node or curl is not installed"
	test_done
	exit 0
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	test_skip "serve in a browser" "chromium is not installed (.ci/deps browser)"
	test_done
	exit 0
fi
if [ ! -d "$BROWSER_DIR/node_modules/playwright-core" ] && command -v npm >/dev/null 2>&1; then
	(cd "$BROWSER_DIR" && npm ci --prefer-offline --no-audit --no-fund >/dev/null 2>&1)
fi
if [ ! -d "$BROWSER_DIR/node_modules/playwright-core" ]; then
	test_skip "serve in a browser" "playwright-core is not installed (npm ci in tests/browser)"
	test_done
	exit 0
fi

# Polls wait at most WAIT tenths of a second: 10 s, or 60 s under
# CONTENTCAL_WRAP (valgrind takes over 10 s to start the server).
WAIT=100
[ -n "${CONTENTCAL_WRAP:-}" ] && WAIT=600

test_expect_success 'setup: the sample library in a repository, with engagement' '
	cp -R "$SRC_DIR/content-sample" r &&
	sed -i "s/^author: Elena Varga$/authors: [Elena Varga, \"Bo \& Co\"]\nowner: \"R\&D <Ops>\"/" r/content/ebook/cloud-finops-playbook-2026.md &&
	grep -q "^owner: \"R&D <Ops>\"$" r/content/ebook/cloud-finops-playbook-2026.md &&
	git -C r init -q && commit r "sample" "$(date -u +%Y-%m-%dT10:00:00+00:00)" &&
	contentcal -C r ingest engagement.csv >/dev/null 2>&1 &&
	( ${CONTENTCAL_WRAP:-} "$CONTENTCAL" -C r serve --listen 127.0.0.1:0 >srv.out 2>srv.err & echo $! >srv.pid; wait $!; echo $? >srv.rc ) &
	i=0 &&
	while ! grep -q "^serving" srv.out 2>/dev/null && [ $i -lt $WAIT ]; do sleep 0.1; i=$((i + 1)); done &&
	expect_grep "^serving http://127.0.0.1:" srv.out
'

test_expect_success 'type, tick facets, open an asset, copy the link, keyboard only, no JS; no errors, nothing external' '
	url=$(sed -n "s|^serving \(http://127.0.0.1:[0-9]*\)/$|\1|p" srv.out) &&
	mkdir -p "$SRC_DIR/build/browser" &&
	CC_SERVE_URL=$url CC_SHOTS="$SRC_DIR/build/browser" \
		timeout 120 node --test "$BROWSER_DIR/serve.test.mjs" >node.out 2>&1 ||
	{ cat node.out; false; }
'

test_expect_success 'the server stops on SIGTERM with status 0' '
	kill -TERM "$(cat srv.pid)" &&
	i=0 && while [ ! -s srv.rc ] && [ $i -lt $WAIT ]; do sleep 0.1; i=$((i + 1)); done &&
	echo 0 >want && test_cmp want srv.rc
'

test_expect_success 'typing records the query the seller settled on, not every prefix' '
	sqlite3 r/.git/contentcal/activity.db "SELECT query FROM searches WHERE persona = '"'"'cfo'"'"'" >q &&
	expect_grep "^cloud costs$" q &&
	expect_no_grep "^cloud cost$" q &&
	expect_no_grep "^clou$" q &&
	expect_no_grep "^c$" q
'

[ -s srv.pid ] && kill -KILL "$(cat srv.pid)" 2>/dev/null
test_done
