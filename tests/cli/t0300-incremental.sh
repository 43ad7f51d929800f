#!/bin/sh
# Incremental indexing gives the same database as a cold build; history
# dates match git log --follow; the working tree can be indexed; thread
# count does not change results.
. "$(dirname "$0")/lib.sh"

# dump DB: the whole index content, keyed by path instead of row ids.
dump() {
	sqlite3 "$1" <<'SQL'
.mode list
SELECT 'asset', path, blob, fm_kind, fm_ok, slug, title, summary, status, format, author, url, date, date_full, due, review_by, expires, words, reading_minutes, body_line, slug_line, slug_col, slug_declared, fields, headings, links, date_line, due_line, review_line, expires_line FROM assets ORDER BY path;
SELECT 'tag', a.path, t.dimension, t.value, t.ord FROM asset_tags t JOIN assets a ON a.id = t.asset ORDER BY 2, 3, 5;
SELECT 'field', a.path, f.key, f.idx, f.value_text, f.value_num, f.value_date FROM asset_fields f JOIN assets a ON a.id = f.asset ORDER BY 2, 3, 4, 5;
SELECT 'problem', path, line, col, severity, rule, message FROM problems ORDER BY 2, 3, 4, 6, 7;
SELECT 'history', path, created, updated, commits FROM history ORDER BY 2;
SELECT 'author', path, name, email, commits FROM history_authors ORDER BY 2, 3, 4;
SQL
}

test_expect_success 'a sequence of commits: add, modify, rename, delete, config change' '
	make_repo r &&
	add_asset r content/a.md "title: A" "date: 2026-01-05" "stage: awareness" "persona: cio" &&
	add_asset r content/b.md "title: B" "stage: decision" "persona: [cfo, cio]" "tags: [x, y]" &&
	add_asset r content/c.md "title: C" "slug: b" "stage: tofu" "persona: developer" &&
	commit r "one" 2026-01-01T09:00:00+01:00 &&
	contentcal -C r --db "$TEST_DIR/inc.db" index 2>/dev/null &&
	add_asset r content/a.md "title: A two" "date: 2026-01-06" "stage: awareness" "persona: cio" &&
	commit r "modify a" 2026-01-10T09:00:00-05:00 &&
	contentcal -C r --db "$TEST_DIR/inc.db" index 2>/dev/null &&
	git -C r mv content/b.md content/b-renamed.md &&
	commit r "rename b" 2026-01-12T09:00:00+00:00 &&
	contentcal -C r --db "$TEST_DIR/inc.db" index 2>/dev/null &&
	git -C r rm -q content/c.md &&
	add_asset r content/sub/d.md "title: D" "stage: consideration" "persona: cfo" "params: {audience: cfo}" &&
	commit r "delete c, add d" 2026-01-14T09:00:00+00:00 &&
	contentcal -C r --db "$TEST_DIR/inc.db" index 2>/dev/null &&
	printf "content: [\"content/**/*.md\"]\nstages: funnel\npersonas: [cio, cfo]\n" >r/contentcal.yml &&
	commit r "config" 2026-01-15T09:00:00+00:00 &&
	contentcal -C r --db "$TEST_DIR/inc.db" index 2>/dev/null &&
	contentcal -C r --db "$TEST_DIR/cold.db" index 2>/dev/null &&
	dump inc.db >inc.txt && dump cold.db >cold.txt &&
	test_cmp cold.txt inc.txt &&
	grep -q "^asset|content/b-renamed.md" cold.txt &&
	grep -q "unknown-value" cold.txt
'

test_expect_success 'history dates and counts match git log --follow' '
	for f in content/a.md content/b-renamed.md content/sub/d.md; do
		created=$(git -C r log --follow --format=%aI -- "$f" | tail -1) &&
		updated=$(git -C r log --follow --format=%aI -- "$f" | head -1) &&
		n=$(git -C r log --follow --format=%H -- "$f" | wc -l) &&
		got=$(sqlite3 cold.db "SELECT created || \" \" || updated || \" \" || commits FROM history WHERE path = \"$f\"") &&
		test "$got" = "$created $updated $n" || { echo "$f: got $got, want $created $updated $n"; return 1; }
	done
'

test_expect_success 'list shows git dates; front-matter dates win' '
	contentcal -C r --db "$PWD/cold.db" list --format json >out.json &&
	python3 -c "
import json, sys
a = {x[\"path\"]: x for x in json.load(open(\"out.json\"))}
assert a[\"content/a.md\"][\"date\"] == \"2026-01-06\", a[\"content/a.md\"]
assert a[\"content/b-renamed.md\"][\"created\"] == \"2026-01-01T09:00:00+01:00\", a[\"content/b-renamed.md\"]
assert a[\"content/b-renamed.md\"][\"date\"] is None
"
'

test_expect_success 'rewritten history (amend) is walked again from scratch' '
	add_asset r content/e.md "title: E" "stage: top" "persona: cio" &&
	commit r "add e" 2026-01-20T09:00:00+00:00 &&
	contentcal -C r --db "$PWD/inc.db" index 2>/dev/null &&
	GIT_AUTHOR_DATE=2026-01-21T09:00:00+00:00 GIT_COMMITTER_DATE=2026-01-21T09:00:00+00:00 git -C r commit -q --amend --reset-author -m "add e, amended" &&
	contentcal -C r --db "$PWD/inc.db" index 2>/dev/null &&
	test "$(sqlite3 inc.db "SELECT created FROM history WHERE path = \"content/e.md\"")" = "2026-01-21T09:00:00+00:00" &&
	rm -f cold.db* && contentcal -C r --db "$PWD/cold.db" index 2>/dev/null &&
	dump inc.db >inc.txt && dump cold.db >cold.txt && test_cmp cold.txt inc.txt
'

test_expect_success 'a commit outside the content folder only moves history on' '
	echo "notes" >r/NOTES.txt &&
	commit r "notes" 2026-01-22T09:00:00+00:00 &&
	contentcal -C r --db "$PWD/inc.db" index 2>err &&
	expect_grep "+0 added ~0 changed -0 removed" err && expect_no_grep "up to date" err &&
	contentcal -C r --db "$PWD/inc.db" index 2>err && expect_grep "(up to date)" err &&
	test "$(sqlite3 inc.db "SELECT value FROM meta WHERE key = \"history_head\"")" = "$(git -C r rev-parse HEAD)" &&
	rm -f cold.db* && contentcal -C r --db "$PWD/cold.db" index 2>/dev/null &&
	dump inc.db >inc.txt && dump cold.db >cold.txt && test_cmp cold.txt inc.txt
'

test_expect_success 'thread count does not change the index' '
	i=0 && while [ $i -lt 60 ]; do
		add_asset r content/many/f$i.md "title: F$i" "stage: top" "persona: cio" "date: 2026-02-0$((i % 9 + 1))" &&
		i=$((i + 1)) || return 1
	done &&
	commit r "many" 2026-02-01T00:00:00+00:00 &&
	contentcal -C r --db "$PWD/t1.db" --threads 1 index 2>/dev/null &&
	contentcal -C r --db "$PWD/t4.db" --threads 4 index 2>/dev/null &&
	dump t1.db >t1.txt && dump t4.db >t4.txt && test_cmp t1.txt t4.txt
'

test_expect_success 'indexing HEAD reads the committed bytes, whatever the work tree holds' '
	git -C r checkout -q -- . &&
	i=0 && while [ $i -lt 70 ]; do
		add_asset r content/disk/d$i.md "title: Disk $i" "stage: top" "persona: cio" &&
		i=$((i + 1)) || return 1
	done &&
	commit r "disk" 2026-02-02T00:00:00+00:00 &&
	sleep 1 && touch r/content/disk/d1.md &&
	add_asset r content/disk/d2.md "title: Edited but not committed" "stage: top" "persona: cio" &&
	printf "%s" "$(cat r/content/disk/d3.md)" | sed "s/Disk 3/Disk 3 same size/; s/Some body/Some/" >r/content/disk/d3.md &&
	rm -f disk.db* && contentcal -C r --db "$PWD/disk.db" index 2>/dev/null &&
	contentcal -C r --db "$PWD/disk.db" list --format jsonl --where title="Disk 2" >out &&
	test $(wc -l <out) -eq 1 &&
	contentcal -C r --db "$PWD/disk.db" list --format jsonl >out &&
	expect_no_grep "Edited but not committed" out && expect_no_grep "same size" out &&
	git clone -q --no-checkout r noco && git -C noco read-tree HEAD && git -C noco checkout -q -- contentcal.yml &&
	contentcal -C noco --db "$PWD/blob.db" index 2>/dev/null &&
	git -C r checkout -q -- . &&
	dump disk.db >a.txt && dump blob.db >b.txt && test_cmp a.txt b.txt
'

test_expect_success 'a work tree with converted line ends is not mistaken for the blob' '
	git -C r config core.autocrlf true &&
	rm -f r/content/disk/d5.md && git -C r checkout -q -- content/disk/d5.md &&
	rm -f crlf.db* && contentcal -C r --db "$PWD/crlf.db" index 2>/dev/null &&
	git -C r config core.autocrlf false &&
	test "$(sqlite3 crlf.db "SELECT fields FROM assets WHERE path = \"content/disk/d5.md\"")" = "$(sqlite3 blob.db "SELECT fields FROM assets WHERE path = \"content/disk/d5.md\"")" &&
	test "$(sqlite3 crlf.db "SELECT body_line FROM assets WHERE path = \"content/disk/d5.md\"")" = "$(sqlite3 blob.db "SELECT body_line FROM assets WHERE path = \"content/disk/d5.md\"")"
'

test_expect_success '--worktree indexes uncommitted drafts, edits and deletions' '
	add_asset r content/draft.md "title: Draft" "status: draft" "stage: top" "persona: cio" &&
	add_asset r content/a.md "title: A edited" "stage: top" "persona: cio" &&
	rm r/content/many/f0.md &&
	contentcal -C r --db "$PWD/wt.db" --worktree list --format jsonl >out &&
	expect_grep "\"title\":\"Draft\"" out &&
	expect_grep "A edited" out &&
	expect_no_grep "many/f0.md" out &&
	contentcal -C r --db "$PWD/wt.db" index --worktree 2>err &&
	expect_grep "+0 added ~0 changed -0 removed" err &&
	contentcal -C r --db "$PWD/wt.db" list --format jsonl >out &&
	expect_no_grep "Draft" out
'

test_expect_success 'a shallow clone warns, or fails with --require-history' '
	git clone -q --depth 1 "file://$TEST_DIR/r" shallow &&
	contentcal -C shallow index 2>err &&
	expect_grep "shallow clone" err &&
	test_must_fail 2 contentcal -C shallow index --require-history 2>err &&
	expect_grep "fetch-depth: 0" err
'

test_expect_success 'a repository with no commits indexes nothing, with a warning' '
	make_repo empty &&
	contentcal -C empty index 2>err &&
	expect_grep "+0 added" err &&
	contentcal -C empty lint --format line >out; test $? -eq 0 &&
	expect_grep "no-commits" out
'

test_expect_success 'unknown revision is exit 2' '
	test_must_fail 2 contentcal -C r index --rev nosuchbranch 2>err &&
	expect_grep "unknown revision" err
'

test_done
