#!/bin/sh
# Bounded stack and linear time on hostile input: deeply nested Markdown,
# very long front-matter lines, many duplicate keys, deep JSON, a huge
# one-line contentcal.yml, and ingest of endless input. Nothing here is
# timed: timeout(1) only keeps a regression from hanging the suite (the
# quadratic code took minutes on these inputs; bench/bench-parsers.sh
# measures the times).
. "$(dirname "$0")/lib.sh"

GUARD=300 # seconds: a hang guard, not a speed target

# repo_with NAME PYTHON-EXPR: a repository with one good asset and
# content/x.md written from the Python expression (the whole file).
repo_with() {
	make_repo "$1" &&
	add_asset "$1" content/ok.md "title: Still here" "status: published" "stage: awareness" "persona: cio" &&
	python3 -c "open('$1/content/x.md', 'w').write($2)" &&
	commit "$1" "hostile input"
}

# lists_both NAME: list shows the good asset and x.md, and lint runs to the end.
lists_both() {
	timeout $GUARD "$CONTENTCAL" -C "$1" list --format csv >out &&
	expect_grep "Still here" out &&
	expect_grep "content/x.md" out &&
	timeout $GUARD "$CONTENTCAL" -C "$1" lint >lint.out 2>&1
	test $? -le 1
}

test_expect_success '2 MB of nested emphasis indexes, and the rest of the repository still works' '
	repo_with emph "\"---\\ntitle: Emphasis\\n---\\n\" + \"*\" * 1000000 + \"a\" + \"*\" * 1000000 + \"\\n\"" &&
	lists_both emph &&
	timeout $GUARD "$CONTENTCAL" -C emph sql --format csv "SELECT count(*) FROM assets" >out &&
	printf "count(*)\r\n2\r\n" >expect && test_cmp expect out &&
	timeout $GUARD "$CONTENTCAL" -C emph search "here" >out &&
	expect_grep "Still here" out
'

test_expect_success 'nested strong, underscores, links and images (a million levels) index' '
	repo_with strong "\"---\\ntitle: S\\n---\\n\" + \"**\" * 500000 + \"a\" + \"**\" * 500000 + \"\\n\" + \"_\" * 500000 + \"b\" + \"_\" * 500000 + \"\\n\\n\" + \"[\" * 200000 + \"*\" * 200000 + \"c\" + \"*\" * 200000 + \"]\" * 200000 + \"(u)\\n\\n\" + \"![\" * 200000 + \"d\" + \"](u)\" * 200000 + \"\\n\"" &&
	lists_both strong
'

test_expect_success 'deep block nesting: 100000 block quotes, 200000 nested lists, both mixed' '
	repo_with deep "\"---\\ntitle: D\\n---\\n\" + \">\" * 100000 + \" quoted\\n\\n\" + \"- \" * 200000 + \"listed\\n\\n\" + \"> - 1. \" * 50000 + \"mixed\\n\"" &&
	lists_both deep &&
	timeout $GUARD "$CONTENTCAL" -C deep sql --format csv "SELECT words FROM assets WHERE path = '"'"'content/x.md'"'"'" >out &&
	printf "words\r\n3\r\n" >expect && test_cmp expect out
'

# Past the lookahead budget (8 times the body) elements are taken as
# unclosed, so the <Note> block at the end is prose here: 3 words.
test_expect_success 'MDX: 200000 unclosed JSX opening lines are stripped in linear time (was quadratic)' '
	make_repo mdx && mkdir -p mdx/content &&
	python3 -c "open(\"mdx/content/x.mdx\", \"w\").write(\"---\\ntitle: M\\n---\\n\" + \"<Box>\\n\" * 200000 + \"words here\\n\\n<Note>\\nhidden\\n</Note>\\n\")" &&
	printf -- "---\ntitle: N\n---\n<Box>\nopen\n\nwords here\n\n<Note>\nhidden\n</Note>\n" >mdx/content/y.mdx &&
	commit mdx "mdx" &&
	timeout $GUARD "$CONTENTCAL" -C mdx sql --format csv "SELECT path, words FROM assets ORDER BY path" >out &&
	printf "path,words\r\ncontent/x.mdx,3\r\ncontent/y.mdx,3\r\n" >expect && test_cmp expect out
'

test_expect_success 'a 7.8 MB one-line front-matter sequence (690000 items) is read in linear time' '
	repo_with longline "\"---\\ntags: [\" + \", \".join(\"é%07d\" % i for i in range(690000)) + \"]\\n---\\nbody\\n\"" &&
	test $(wc -c <longline/content/x.md) -gt 7000000 &&
	timeout $GUARD "$CONTENTCAL" -C longline lint >out 2>err
	test $? -le 1 &&
	expect_grep "content/x.md:2:[0-9]*: .*too many nodes" out
'

test_expect_success 'a one-line flow mapping under the node cap: columns in bytes, in linear time' '
	repo_with cols "\"---\\ntitle: C\\nparams: {\" + \", \".join(\"é%05d: 1\" % i for i in range(45000)) + \", é00000: 2}\\n---\\nbody\\n\"" &&
	col=$(python3 -c "print(open(\"cols/content/x.md\", \"rb\").read().split(b\"\\n\")[2].rindex(\"é00000\".encode()) + 1)") &&
	timeout $GUARD "$CONTENTCAL" -C cols lint >out 2>err
	test $? -le 1 &&
	expect_grep "content/x.md:3:$col: warning: duplicate-key: duplicate key .params.é00000. (line 3 wins over line 3)" out
'

test_expect_success 'many duplicate keys (YAML and JSON, few names replaced many times) and 100000-deep JSON' '
	make_repo dups &&
	add_asset dups content/ok.md "title: Still here" &&
	python3 -c "
open(\"dups/content/y.md\", \"w\").write(\"---\\n\" + \"\".join(\"k%d: {a: 1}\\n\" % (i % 10000) for i in range(20000)) + \"title: Y\\n---\\nbody\\n\")
open(\"dups/content/j.md\", \"w\").write(\"{\" + \",\".join(\"\\\"k%d\\\": [1]\" % (i % 20000) for i in range(40000)) + \", \\\"title\\\": \\\"J\\\"}\\nbody\\n\")
open(\"dups/content/z.md\", \"w\").write(\"{\" + \",\".join(\"\\\"k%d\\\": [1]\" % (i % 10) for i in range(300000)) + \", \\\"title\\\": \\\"Z\\\"}\\nbody\\n\")
open(\"dups/content/w.md\", \"w\").write(\"---\\n\" + \"\".join(\"k%d: 1\\n\" % (i % 10) for i in range(45000)) + \"title: W\\n---\\nbody\\n\")
open(\"dups/content/x.md\", \"w\").write(\"{\\\"title\\\": \\\"Deep\\\", \\\"a\\\": \" + \"[\" * 100000 + \"]\" * 100000 + \"}\\nbody\\n\")
" &&
	commit dups "dups" &&
	timeout $GUARD "$CONTENTCAL" -C dups lint >out 2>err
	test $? -le 1 &&
	expect_grep "content/y.md:10002:1: warning: duplicate-key: duplicate key .k0. (line 10002 wins over line 2)" out &&
	expect_grep "content/x.md:1:[0-9]*: error: invalid-json: maximum parsing depth reached" out &&
	expect_grep "content/j.md:1:[0-9]*: warning: duplicate-key" out &&
	test $(grep -c "content/z.md:1:[0-9]*: warning: duplicate-key" out) -eq 299990 &&
	expect_grep "content/w.md:44992:1: warning: duplicate-key: duplicate key .k0. (line 44992 wins over line 44982)" out &&
	timeout $GUARD "$CONTENTCAL" -C dups list --format csv >out &&
	expect_grep "Still here" out && expect_grep ",Y," out && expect_grep ",J," out &&
	expect_grep ",Z," out && expect_grep ",W," out
'

test_expect_success 'a 1 MB key over 30000 items: no copy of the key per item (was 22 GB, killed)' '
	repo_with longkey "\"---\\ntitle: K\\n? \" + \"k\" * 1000000 + \"\\n: [\" + \", \".join([\"1\"] * 30000) + \"]\\nx:\\n  ? \" + \"q\" * 1000000 + \"\\n  : {\" + \", \".join(\"a%d: 1\" % i for i in range(20000)) + \"}\\nshort: [1, 2]\\n---\\nbody\\n\"" &&
	timeout $GUARD "$CONTENTCAL" -C longkey list --format csv >out &&
	expect_grep ",K," out &&
	timeout $GUARD "$CONTENTCAL" -C longkey list --where short=2 --format csv >out &&
	expect_grep ",K," out &&
	timeout $GUARD "$CONTENTCAL" -C longkey sql --format csv "SELECT count(*) AS n, max(length(key)) AS l FROM asset_fields f JOIN assets a ON a.id = f.asset WHERE a.path = '"'"'content/x.md'"'"'" >out &&
	printf "n,l\r\n3,5\r\n" >expect && test_cmp expect out
'

test_expect_success 'a 37 MB one-line contentcal.yml fails fast on the node cap, located' '
	make_repo bigcfg &&
	python3 -c "open(\"bigcfg/contentcal.yml\", \"a\").write(\"x: [\" + \",\".join([\"1\"] * 18500000) + \"]\\n\")" &&
	add_asset bigcfg content/ok.md "title: OK" &&
	commit bigcfg "big config" &&
	test_must_fail 2 timeout $GUARD "$CONTENTCAL" -C bigcfg list 2>err &&
	expect_grep "contentcal.yml:5:[0-9]*: error: invalid-yaml: too many nodes (more than 100000)" err
'

test_expect_success 'a 45000-term vocabulary and 90000 topics on one asset lint in linear time' '
	make_repo vocab && mkdir -p vocab/content &&
	python3 -c "
n = 45000
open(\"vocab/contentcal.yml\", \"w\").write(\"content: [content/**/*.md]\\nstages: [\" + \", \".join(\"s%d\" % i for i in range(n)) + \"]\\ntopics: [\" + \", \".join(\"t%d\" % i for i in range(n)) + \"]\\n\")
open(\"vocab/content/x.md\", \"w\").write(\"---\\ntitle: X\\nstage: s44999\\ntopics: [\" + \", \".join(\"u%d\" % i for i in range(90000)) + \", t5, t5, u7]\\n---\\nbody\\n\")
" &&
	commit vocab "big vocabulary" &&
	timeout $GUARD "$CONTENTCAL" -C vocab lint >out 2>err
	test $? -le 1 &&
	test $(grep -c "unknown-value: unknown topic" out) -eq 90001 &&
	test $(grep -c "did you mean" out) -eq 100 &&
	timeout $GUARD "$CONTENTCAL" -C vocab sql --format csv "SELECT count(*) AS n, sum(value = '"'"'t5'"'"') AS t5 FROM asset_tags WHERE dimension = '"'"'topic'"'"'" >out &&
	printf "n,t5\r\n90001,1\r\n" >expect && test_cmp expect out
'

test_expect_success 'a content glob with more than 32 double stars is a located config error' '
	make_repo globs &&
	python3 -c "open(\"globs/contentcal.yml\", \"w\").write(\"content:\\n  - content/**/*.md\\n  - \\\"\" + \"**/d/\" * 33 + \"x.md\\\"\\n\")" &&
	add_asset globs content/ok.md "title: OK" &&
	commit globs "globs" &&
	test_must_fail 2 "$CONTENTCAL" -C globs list 2>err &&
	expect_grep "contentcal.yml:3:[0-9]*: .*content.1. has more than 32 .\*\*. components" err
'

test_expect_success 'a content glob longer than 4096 bytes is a located config error' '
	make_repo longglob &&
	python3 -c "open(\"longglob/contentcal.yml\", \"w\").write(\"content:\\n  - content/**/*.md\\n  - \\\"content/*\" + \"?\" * 4100 + \"*.md\\\"\\n\")" &&
	add_asset longglob content/ok.md "title: OK" &&
	commit longglob "globs" &&
	test_must_fail 2 "$CONTENTCAL" -C longglob list 2>err &&
	expect_grep "contentcal.yml:3:[0-9]*: .*content.1. is longer than 4096 bytes" err
'

test_expect_success 'search takes at most 100 terms (FTS5 is quadratic in them): a usage error beyond' '
	make_repo srch &&
	add_asset srch content/ok.md "title: Cloud guide" "status: published" &&
	commit srch "one" &&
	q=$(python3 -c "print(\" \".join(\"cloud\" for i in range(100)))") &&
	timeout $GUARD "$CONTENTCAL" -C srch search "$q" >out &&
	expect_grep "Cloud guide" out &&
	q=$(python3 -c "print(\" \".join(\"w%d*\" % i for i in range(10000)))") &&
	test_must_fail 2 timeout $GUARD "$CONTENTCAL" -C srch search "cloud $q" 2>err &&
	expect_grep "at most 100 words, phrases and prefixes" err &&
	test_must_fail 2 "$CONTENTCAL" -C srch search "cloud $(python3 -c "print(\" \".join(\"-x%d\" % i for i in range(100)))")" 2>err &&
	expect_grep "at most 100" err
'

# ---- ingest: a size cap at the reader ----

test_expect_success 'setup: a repository for ingest' '
	make_repo eng &&
	add_asset eng content/alpha.md "title: Alpha" "status: published" &&
	commit eng "one asset" &&
	printf "date,asset,metric,value\n2026-01-02,alpha,views,3\n" >small.csv
'

test_expect_success 'ingest /dev/zero stops at --max-bytes with a clear message, exit 2' '
	test_must_fail 2 timeout $GUARD "$CONTENTCAL" -C eng ingest --max-bytes 1000000 /dev/zero >out 2>err &&
	expect_grep "./dev/zero. is larger than 1000000 bytes, the most ingest reads (engagement.max_bytes in contentcal.yml, or --max-bytes)" err &&
	test ! -s out
'

test_expect_success 'an endless standard input stops at engagement.max_bytes, nothing stored' '
	cp eng/contentcal.yml eng.yml &&
	echo "engagement: {max_bytes: 100000}" >>eng/contentcal.yml &&
	(yes "2026-01-02,alpha,views,1" | timeout $GUARD "$CONTENTCAL" -C eng ingest - >out 2>err; echo $? >rc) &&
	echo 2 >expect && test_cmp expect rc &&
	expect_grep "is larger than 100000 bytes" err &&
	timeout $GUARD "$CONTENTCAL" -C eng sql --format csv "SELECT count(*) FROM engagement.engagement" >out 2>err
	! grep -q "^[1-9]" out
'

test_expect_success 'a file within the cap is stored; exactly the cap is allowed, one byte more is not' '
	n=$(wc -c <small.csv) &&
	timeout $GUARD "$CONTENTCAL" -C eng ingest --max-bytes $n "$TEST_DIR/small.csv" >out &&
	expect_grep "1 values stored" out &&
	test_must_fail 2 "$CONTENTCAL" -C eng ingest --max-bytes $((n - 1)) "$TEST_DIR/small.csv" 2>err &&
	expect_grep "is larger than $((n - 1)) bytes" err &&
	echo "engagement: {max_bytes: 10}" >>eng/contentcal.yml &&
	test_must_fail 2 "$CONTENTCAL" -C eng ingest "$TEST_DIR/small.csv" 2>err &&
	expect_grep "is larger than 10 bytes" err &&
	timeout $GUARD "$CONTENTCAL" -C eng ingest --max-bytes 1000 "$TEST_DIR/small.csv" >out &&
	expect_grep "1 rows read" out
'

test_expect_success 'a wide header of 200000 metric columns is read in linear time; duplicates still refused' '
	python3 -c "
n = 200000
open(\"wide.csv\", \"w\").write(\"date,asset,\" + \",\".join(\"m%d\" % i for i in range(n)) + \"\\n2026-01-02,alpha,\" + \",\".join([\"1\"] * n) + \"\\n\")
open(\"wide-dup.csv\", \"w\").write(\"date,asset,\" + \",\".join(\"m%d\" % i for i in range(n)) + \",M7\\n2026-01-02,alpha,\" + \",\".join([\"1\"] * (n + 1)) + \"\\n\")
" &&
	cp eng.yml eng/contentcal.yml &&
	timeout $GUARD "$CONTENTCAL" -C eng ingest "$TEST_DIR/wide.csv" >out &&
	expect_grep "1 rows read (wide shape): 200000 values stored" out &&
	test_must_fail 1 timeout $GUARD "$CONTENTCAL" -C eng ingest "$TEST_DIR/wide-dup.csv" >out 2>err &&
	expect_grep "wide-dup.csv:1:200003: metric column .m7. appears twice" err
'

test_expect_success 'bad max_bytes values are refused' '
	cp eng.yml eng/contentcal.yml &&
	echo "engagement: {max_bytes: -1}" >>eng/contentcal.yml &&
	test_must_fail 2 "$CONTENTCAL" -C eng ingest "$TEST_DIR/small.csv" 2>err &&
	expect_grep "contentcal.yml:[0-9]*:[0-9]*: .*engagement.max_bytes. must be a whole number of bytes" err &&
	cp eng.yml eng/contentcal.yml &&
	echo "engagement: {max_bytes: lots}" >>eng/contentcal.yml &&
	test_must_fail 2 "$CONTENTCAL" -C eng ingest "$TEST_DIR/small.csv" 2>err &&
	cp eng.yml eng/contentcal.yml &&
	test_must_fail 2 "$CONTENTCAL" -C eng ingest --max-bytes 0 "$TEST_DIR/small.csv" 2>err &&
	expect_grep "max-bytes: .0. must be at least 1" err &&
	test_must_fail 2 "$CONTENTCAL" -C eng ingest --max-bytes 1k "$TEST_DIR/small.csv" 2>err &&
	expect_grep "max-bytes: .1k. is not a number" err
'

test_done
