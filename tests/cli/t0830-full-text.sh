#!/bin/sh
# The full-text index: `index --full-text` builds it even when the index is
# otherwise current; `search.full_text: true` keeps it current on every run.
. "$(dirname "$0")/lib.sh"

fts_tables() { sqlite3 "$1/.git/contentcal/index.db" "SELECT count(*) FROM sqlite_schema WHERE name = 'assets_fts'"; }
fts_match() { sqlite3 "$1/.git/contentcal/index.db" "SELECT count(*) FROM assets_fts WHERE assets_fts MATCH '$2'"; }

test_expect_success 'setup' '
	make_repo r &&
	add_asset r content/a.md "title: Kubernetes Primer" "stage: awareness" &&
	commit r "one" &&
	contentcal -C r index 2>/dev/null &&
	test "$(fts_tables r)" = 0
'

test_expect_success 'index --full-text builds the FTS index although the index is current' '
	contentcal -C r index 2>err && expect_grep "(up to date)" err &&
	test "$(fts_tables r)" = 0 &&
	contentcal -C r index --full-text 2>err && expect_grep "(up to date)" err &&
	test "$(fts_tables r)" = 1 &&
	test "$(fts_match r kubernetes)" = 1 &&
	contentcal -C r --no-index search kubernetes --as-of 2026-01-20 >out 2>/dev/null &&
	expect_grep "Kubernetes Primer" out
'

test_expect_success 'search.full_text: true builds it on the first index run and keeps it current' '
	make_repo s &&
	printf "search:\n  full_text: true\n" >>s/contentcal.yml &&
	add_asset s content/a.md "title: Kubernetes Primer" &&
	commit s "one" &&
	contentcal -C s index 2>/dev/null &&
	test "$(fts_tables s)" = 1 && test "$(fts_match s kubernetes)" = 1 &&
	add_asset s content/b.md "title: Serverless Handbook" &&
	commit s "two" &&
	contentcal -C s list >/dev/null 2>&1 &&
	test "$(fts_match s serverless)" = 1 &&
	git -C s rm -q content/a.md && commit s "three" &&
	contentcal -C s index 2>/dev/null &&
	test "$(fts_match s kubernetes)" = 0
'

test_expect_success 'without either, an index run builds no FTS index' '
	add_asset r content/b.md "title: Serverless Handbook" &&
	commit r "two" &&
	rm -f r/.git/contentcal/index.db* &&
	contentcal -C r index 2>/dev/null &&
	test "$(fts_tables r)" = 0
'

test_done
