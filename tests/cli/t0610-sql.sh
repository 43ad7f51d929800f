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

# A query that never ends by itself; the test is bounded by timeout(1) all the same.
FOREVER="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
MILLION="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) SELECT x, printf('"'"'%0100d'"'"', x) AS pad FROM c"

test_expect_success '--timeout stops a recursive CTE: exit 2 with a clear message' '
	test_must_fail 2 timeout 120 "$CONTENTCAL" -C r sql --timeout 1 "$FOREVER" >out 2>err &&
	expect_grep "stopped after 1 seconds of computing (--timeout" err &&
	test_must_fail 2 timeout 120 "$CONTENTCAL" -C r sql --timeout 0.5 --format json "$FOREVER" >out 2>err &&
	expect_grep "stopped after 0.5 seconds" err &&
	contentcal -C r sql --timeout 0 "SELECT 1" --format csv >out &&
	printf "1\r\n1\r\n" >expect && test_cmp expect out
'

test_expect_success '--timeout and --max-rows refuse bad values' '
	test_must_fail 2 contentcal -C r sql --timeout soon "SELECT 1" 2>err &&
	expect_grep "timeout takes a number of seconds" err &&
	test_must_fail 2 contentcal -C r sql --timeout -1 "SELECT 1" 2>err &&
	test_must_fail 2 contentcal -C r sql --timeout nan "SELECT 1" 2>err &&
	test_must_fail 2 contentcal -C r sql --max-rows -3 "SELECT 1" 2>err &&
	expect_grep "contentcal sql: --max-rows: .-3. must be at least 0" err &&
	test_must_fail 2 contentcal -C r sql --max-rows x "SELECT 1" 2>err &&
	expect_grep "contentcal sql: --max-rows: .x. is not a number" err
'

test_expect_success 'text output stops at 10000 rows by default, with a note; --max-rows changes it' '
	Q="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10005) SELECT x FROM c" &&
	contentcal -C r sql "$Q" >out 2>err &&
	test $(wc -l <out) -eq 10002 &&
	expect_grep "cut after 10000 rows" err &&
	expect_no_grep "10001" out &&
	contentcal -C r sql --max-rows 0 "$Q" >out 2>err &&
	test $(wc -l <out) -eq 10007 &&
	expect_no_grep "cut after" err &&
	contentcal -C r sql --max-rows 3 --format json "$Q" >out 2>err &&
	python3 -c "import json,sys; assert [r[\"x\"] for r in json.load(open(\"out\"))] == [1, 2, 3]" &&
	expect_grep "cut after 3 rows" err &&
	contentcal -C r sql --max-rows 2 --format csv "$Q" >out 2>err &&
	printf "x\r\n1\r\n2\r\n" >expect && test_cmp expect out &&
	contentcal -C r sql --max-rows 5 "SELECT 1 AS one" >out 2>err &&
	expect_no_grep "cut after" err
'

test_expect_success 'text column widths come from the first 200 rows; later rows still print whole' '
	Q="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300) SELECT x, CASE WHEN x = 250 THEN '"'"'a much longer cell'"'"' ELSE '"'"'ab'"'"' END AS t, x AS y FROM c" &&
	contentcal -C r sql "$Q" >out 2>err &&
	expect_grep "^  1  ab  *1$" out &&
	expect_grep "^250  a much longer cell  250$" out &&
	expect_grep "^300  ab  *300$" out &&
	expect_grep "(300 rows)" err
'

# --timeout 0: under valgrind the million rows take over the default 30 s.
test_expect_success 'JSON streams as one valid array: empty, one row, many rows' '
	contentcal -C r sql --format json "SELECT 1 WHERE 0" >out &&
	echo "[]" >expect && test_cmp expect out &&
	contentcal -C r sql --format json "SELECT 1 AS a, '"'"'x\"y'"'"' AS b" >out &&
	printf "[\n  {\n    \"a\": 1,\n    \"b\": \"x\\\\\"y\"\n  }\n]\n" >expect && test_cmp expect out &&
	contentcal -C r sql --format json --timeout 0 "$MILLION" >out &&
	python3 -c "import json; v = json.load(open(\"out\")); assert len(v) == 1000000 and v[-1][\"x\"] == 1000000"
'

test_expect_success 'json and csv: reals exactly and alike, big integers, nulls, blobs, any bytes' '
	Q="SELECT 0.1 AS a, 0.1 + 0.2 AS b, 1e300 AS c, -0.0 AS d, 9007199254740993 AS e, 1e999 AS f, NULL AS g, x'"'"'00ff'"'"' AS h, CAST(x'"'"'41ff42'"'"' AS TEXT) AS i, char(233, 10, 9) AS j" &&
	contentcal -C r sql --format json "$Q" >out.json &&
	printf "[\n  {\n    \"a\": 0.1,\n    \"b\": 0.30000000000000004,\n    \"c\": 1e300,\n    \"d\": -0.0,\n    \"e\": 9007199254740993,\n    \"f\": null,\n    \"g\": null,\n    \"h\": \"x'"'"'00ff'"'"'\",\n    \"i\": \"A\\\\uFFFDB\",\n    \"j\": \"\\\\u00E9\\\\n\\\\t\"\n  }\n]\n" >expect &&
	test_cmp expect out.json &&
	contentcal -C r sql --format csv "$Q" >out.csv &&
	python3 -c "
import csv, json, math
j = json.load(open(\"out.json\"))[0]
c = list(csv.reader(open(\"out.csv\", newline=\"\")))[1]
for k, v in zip(\"abcd\", c):
    assert float(v) == j[k] and math.copysign(1, float(v)) == math.copysign(1, j[k]), (k, v, j[k])
assert int(c[4]) == j[\"e\"] and c[:5] == [\"0.1\", \"0.30000000000000004\", \"1e+300\", \"-0\", \"9007199254740993\"], c
"
'

# Memory stays flat: a million 100-byte rows in every format under a 250 MB
# address-space limit (the old text and JSON output held every row: 245 MB
# and 580 MB peak). Sanitizer and valgrind runs reserve far more address
# space than they use, so the limit only applies to a plain build.
if ldd "$CONTENTCAL" 2>/dev/null | grep -q "libasan\|libubsan" || [ -n "${CONTENTCAL_WRAP:-}" ]; then
	test_skip 'sql output memory stays flat under ulimit -v' 'sanitizer or valgrind build'
else
	test_expect_success 'sql output memory stays flat under ulimit -v (every format)' '
		for f in text json csv; do
			(ulimit -v 250000 && "$CONTENTCAL" -C r sql --max-rows 0 --format $f "$MILLION" >out.$f) || return 1
		done &&
		test $(wc -l <out.text) -eq 1000002 &&
		test $(wc -l <out.csv) -eq 1000001 &&
		test $(grep -c "^    \"x\": " out.json) -eq 1000000 &&
		test "$(tail -n 1 out.json)" = "]"
	'
fi

test_done
