#!/bin/sh
# contentcal sql: read-only queries, refused writes, the three formats.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a small indexed repository' '
	make_repo r &&
	add_asset r content/blog/a.md "title: Alpha" "date: 2026-01-05" "stage: awareness" "persona: cio" "topic: security" &&
	add_asset r content/blog/b.md "title: \"=HYPERLINK(\\\"x\\\")\"" "date: 2026-02-05" "stage: [mofu]" "persona: [cfo, developer]" &&
	add_asset r content/blog/c.md "title: \"Ctl \\x1b[31mred\"" "stage: decision" "persona: cio" &&
	commit r "three" &&
	contentcal -C r index 2>/dev/null
'

test_expect_success 'text output: header, rule, aligned columns, numbers on the right' '
	contentcal -C r sql "SELECT path, words, date FROM assets ORDER BY path" >out 2>err &&
	head -2 out >head &&
	printf "path               words  date\n-----------------  -----  ----------\n" >expect &&
	test_cmp expect head &&
	test $(wc -l <out) -eq 5 &&
	expect_grep "(3 rows)" err &&
	sed -n 3p out | grep -q "^content/blog/a.md     *[0-9][0-9]*  2026-01-05$"
'

test_expect_success 'text output strips terminal control sequences' '
	contentcal -C r sql "SELECT title FROM assets WHERE path LIKE '"'"'%c.md'"'"'" >out &&
	expect_grep "Ctl \[31mred" out &&
	! grep -q "$(printf "\033")" out
'

test_expect_success 'json: an array of objects with typed values' '
	contentcal -C r sql "SELECT a.path, a.words, 1.5 AS half, NULL AS none_, t.value, t.value FROM assets a JOIN asset_tags t ON t.asset = a.id AND t.dimension = '"'"'stage'"'"' ORDER BY a.path" --format json >out &&
	python3 -c "
import json
rows = json.load(open(\"out\"))
assert len(rows) == 3, rows
r = rows[0]
assert list(r) == [\"path\", \"words\", \"half\", \"none_\", \"value\", \"value_2\"], list(r)
assert isinstance(r[\"words\"], int) and r[\"half\"] == 1.5 and r[\"none_\"] is None
assert [x[\"value\"] for x in rows] == [\"awareness\", \"consideration\", \"decision\"]
"
'

test_expect_success 'csv: RFC 4180 with the formula-injection guard, numbers as numbers' '
	contentcal -C r sql "SELECT title, -words AS neg, '"'"'a,b'"'"' AS comma FROM assets ORDER BY path" --format csv >out &&
	head -1 out | tr -d "\r" >h && echo "title,neg,comma" >expect && test_cmp expect h &&
	sed -n 3p out | grep -q "^\"'"'"'=HYPERLINK(\"\"x\"\")\",-[0-9]*,\"a,b\"" &&
	python3 -c "
import csv
rows = list(csv.reader(open(\"out\", newline=\"\")))
assert len(rows) == 4 and rows[2][0] == \"'"'"'=HYPERLINK(\\\"x\\\")\", rows
"
'

for q in \
	"INSERT INTO meta(key, value) VALUES ('x', 'y')" \
	"DELETE FROM assets" \
	"UPDATE assets SET title = 'x'" \
	"DROP TABLE assets" \
	"CREATE TABLE t(x)" \
	"CREATE TEMP TABLE t(x)" \
	"ATTACH DATABASE 'other.db' AS o" \
	"ATTACH DATABASE ':memory:' AS m" \
	"PRAGMA writable_schema = ON" \
	"PRAGMA user_version = 7" \
	"PRAGMA journal_mode = DELETE" \
	"VACUUM" \
	"VACUUM INTO 'copy.db'" \
	"REINDEX" \
	"SELECT 1; DELETE FROM assets" \
	"WITH x AS (SELECT 1) DELETE FROM assets"
do
	test_expect_success "refused: $q" '
		test_must_fail 2 contentcal -C r sql "$q" >out 2>err &&
		expect_grep "refused" err &&
		test ! -s out &&
		test ! -e r/other.db && test ! -e r/copy.db && test ! -e other.db && test ! -e copy.db
	'
done

test_expect_success 'the index is unchanged after the refused writes' '
	contentcal -C r sql "SELECT count(*) AS n FROM assets" --format csv >out &&
	printf "n\r\n3\r\n" >expect && test_cmp expect out &&
	contentcal -C r sql "PRAGMA user_version" --format csv >out &&
	v=$(sed -n "s/^#define CC_SCHEMA_VERSION //p" "$SRC_DIR/lib/db.h") &&
	printf "user_version\r\n%s\r\n" "$v" >expect && test_cmp expect out
'

test_expect_success 'reads that are allowed: PRAGMA table_info, WITH, EXPLAIN, a trailing semicolon' '
	contentcal -C r sql "PRAGMA table_info(assets)" --format csv >out &&
	expect_grep ",title,TEXT," out &&
	contentcal -C r sql "WITH s AS (SELECT value FROM asset_tags) SELECT count(*) FROM s;  -- done" --format csv >out &&
	expect_grep "^[1-9]" out &&
	contentcal -C r sql "EXPLAIN QUERY PLAN SELECT * FROM assets WHERE slug = 1" >out
'

test_expect_success 'usage errors: two statements, syntax errors, no query, bad format' '
	test_must_fail 2 contentcal -C r sql "SELECT 1; SELECT 2" 2>err &&
	expect_grep "one statement at a time" err &&
	test_must_fail 2 contentcal -C r sql "SELEC 1" 2>err &&
	expect_grep "syntax error" err &&
	test_must_fail 2 contentcal -C r sql 2>err &&
	test_must_fail 2 contentcal -C r sql "  -- nothing" 2>err &&
	test_must_fail 2 contentcal -C r sql "SELECT 1" --format xml 2>err
'

test_expect_success 'a runtime error while stepping is exit 2' '
	test_must_fail 2 contentcal -C r sql "SELECT json_extract('"'"'{bad'"'"', '"'"'$.a'"'"')" 2>err &&
	expect_grep "malformed JSON" err
'

test_done
