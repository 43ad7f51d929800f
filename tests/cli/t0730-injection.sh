#!/bin/sh
# Injection: hostile values in titles, fields and paths must not become
# spreadsheet formulas (list --format csv), SQL (--where, --sort), CI
# workflow commands (lint --format github) or terminal control sequences
# (list text output, lint messages, errors).
#
# Hooks for commands built elsewhere (HTML report, `new` paths, search
# queries) belong in this file too: add them under their own heading.
. "$(dirname "$0")/lib.sh"

# hostile_repo DIR: assets whose values try every trick.
hostile_repo() {
	make_repo "$1" && mkdir -p "$1/content/x" &&
	printf -- '---\ntitle: "=HYPERLINK(\\"http://evil.example/\\",\\"click\\")"\nauthor: "@SUM(1+1)*cmd|/C calc!A0"\nstage: awareness\npersona: cio\n---\nbody\n' >"$1/content/x/eq.md" &&
	printf -- '---\ntitle: "+1+cmd|calc"\nauthor: "-2+3"\nstage: awareness\npersona: cio\n---\nbody\n' >"$1/content/x/plus.md" &&
	printf -- '---\ntitle: "\\t=1+1"\nauthor: "\\r=1+1"\nstage: awareness\npersona: cio\n---\nbody\n' >"$1/content/x/tab.md" &&
	printf -- '---\ntitle: "Evil \\e]0;owned\\a\\e[2J\\e[31mred\\x9b1m \\u202e"\nstage: awareness\npersona: cio\ndate: "\\e[2J\\n::error file=x.md,line=1::injected%%0A"\n---\nbody\n' >"$1/content/x/esc.md" &&
	printf -- "---\ntitle: \"Robert'); DROP TABLE assets;--\"\nstage: awareness\npersona: cio\n---\nbody\n" >"$1/content/x/bobby.md" &&
	printf -- '---\ntitle: Comma path\nstage: awareness\npersona: cio\ndate: nope\n---\nbody\n' >"$1/content/x/a,line=9::b.md" &&
	printf -- '---\ntitle: Raw C1 path\nstage: awareness\npersona: cio\ndate: nope\n---\nbody\n' >"$1/content/x/$(printf 'c1\233[31m\377.md')" &&
	printf -- '---\ntitle: Newline path\nstage: awareness\npersona: cio\ndate: nope\n---\nbody\n' >"$1/content/x/$(printf 'nl\n::error::x.md')" &&
	commit "$1" "hostile"
}

# no_controls FILE: no C0 control but \n, no DEL, no C1 (raw or UTF-8).
no_controls() {
	python3 - "$1" <<'PY'
import re, sys
data = open(sys.argv[1], 'rb').read()
bad = re.search(rb'[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]', data)
text = data.decode('utf-8', 'replace')
raw_c1 = re.search(r'[\x80-\x9f]', text)
if bad or raw_c1 or b'\x9b' in data:
    print('control bytes in %s: %r' % (sys.argv[1], data[:400]))
    sys.exit(1)
PY
}

test_expect_success 'setup: a repository of hostile values' '
	hostile_repo r &&
	contentcal -C r index 2>err &&
	contentcal -C r list --format jsonl >all && test $(wc -l <all) -eq 8
'

test_expect_success 'CSV: no cell starts a formula' '
	contentcal -C r list --format csv >out.csv &&
	python3 - out.csv <<-\PY
	import csv, sys
	rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8", errors="replace")))
	assert len(rows) == 9, len(rows)
	bad = [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
	assert not bad, bad
	titles = {r[2] for r in rows[1:]}
	assert "'\''=HYPERLINK(\"http://evil.example/\",\"click\")" in titles, titles
	assert "'\''+1+cmd|calc" in titles, titles
	authors = {r[13] for r in rows[1:]}
	assert "'\''@SUM(1+1)*cmd|/C calc!A0" in authors and "'\''-2+3" in authors, authors
	PY
'

test_expect_success 'CSV: quotes and line ends inside cells keep one record per asset' '
	python3 -c "import csv,sys; r=list(csv.reader(open(\"out.csv\", newline=\"\", encoding=\"utf-8\", errors=\"replace\"))); assert all(len(x) == 19 for x in r), [len(x) for x in r]"
'

test_expect_success 'SQL: --where values are bound, not spliced' '
	contentcal -C r list --format jsonl --where "title=x'\'' OR '\''1'\''='\''1" >out &&
	test ! -s out &&
	contentcal -C r list --format jsonl --where "title=Robert'\''); DROP TABLE assets;--" >out &&
	test $(wc -l <out) -eq 1 && expect_grep bobby.md out &&
	contentcal -C r list --format jsonl --where "title!=\" OR 1=1 --" >out &&
	test $(wc -l <out) -eq 8 &&
	contentcal -C r list --format jsonl >out && test $(wc -l <out) -eq 8
'

test_expect_success 'SQL: --where keys, --sort and --status cannot carry SQL' '
	test_must_fail 2 contentcal -C r list --where "title) OR 1=1 --=x" 2>err &&
	expect_grep "may hold only letters" err &&
	test_must_fail 2 contentcal -C r list --where "x'\''=1" 2>err &&
	test_must_fail 2 contentcal -C r list --sort "title; DROP TABLE assets" 2>err &&
	test_must_fail 2 contentcal -C r list --sort "path,(SELECT 1)" 2>err &&
	contentcal -C r list --status "published'\'' OR 1=1 --" --format jsonl >out &&
	test ! -s out &&
	test_must_fail 2 contentcal -C r list --stage "awareness'\'' OR 1=1" 2>err &&
	contentcal -C r list --format jsonl >out && test $(wc -l <out) -eq 8
'

test_expect_success 'GitHub annotations: one workflow command per problem, nothing injected' '
	contentcal -C r lint --format line >problems; test $? -eq 1 &&
	contentcal -C r lint --format github >gh; test $? -eq 1 &&
	n=$(wc -l <problems) && test $n -eq 4 &&
	test $(wc -l <gh) -eq $n &&
	! grep -v "^::\(error\|warning\|notice\) " gh &&
	test $(grep -c "::" gh) -eq $n &&
	no_controls gh &&
	python3 - gh <<-\PY
	import re, sys
	for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
	    m = re.match(r"::(error|warning|notice) ([^:]*)::(.*)$", line.rstrip("\n"))
	    assert m, line
	    props = dict(p.split("=", 1) for p in m.group(2).split(","))
	    assert set(props) <= {"file", "line", "col", "title"}, props
	    assert "::" not in m.group(2), line
	PY
'

test_expect_success 'GitHub annotations: properties are escaped' '
	expect_grep "file=content/x/a%2Cline=9%3A%3Ab.md,line=5,col=1" gh &&
	expect_grep "%0A::error file=x.md,line=1::injected%250A" gh
'

test_expect_success 'terminal: list text output carries no control sequences' '
	contentcal -C r list >out 2>err &&
	no_controls out && no_controls err &&
	expect_grep "Evil ]0;owned\[2J\[31mred1m" out &&
	test $(wc -l <out) -eq 8
'

test_expect_success 'terminal: lint messages carry no control sequences' '
	contentcal -C r lint >out 2>err; test $? -eq 1 &&
	no_controls out && no_controls err &&
	contentcal -C r lint --format line >out; test $? -eq 1 &&
	no_controls out &&
	expect_grep "content/x/nl ::error::x.md:5:1: error: invalid-date:" out
'

test_expect_success 'terminal: error messages quoting user input are sanitised' '
	test_must_fail 2 contentcal -C r list --stage "$(printf "\033[2Jx")" 2>err &&
	no_controls err &&
	test_must_fail 2 contentcal -C r list --format "$(printf "\033]0;t\007")" 2>err &&
	no_controls err &&
	test_must_fail 2 contentcal "$(printf "\033[31mcmd")" 2>err &&
	no_controls err
'

# test_expect_todo DESC SCRIPT: a known breakage (TAP TODO).
test_expect_todo() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TEST_DIR/.out" 2>&1; then
		echo "ok $test_count - $1 # TODO known breakage now passes"
	else
		echo "not ok $test_count - $1 # TODO known breakage"
		sed 's/^/# /' "$TEST_DIR/.out"
	fi
}

test_expect_success 'lint --format json keeps problems of files whose path is not UTF-8' '
	contentcal -C r lint --format json >problems.json; test $? -eq 1 &&
	python3 -c "import json; n = len(json.load(open(\"problems.json\"))); print(n); assert n == 4"
'

test_expect_success 'JSON output escapes control characters' '
	contentcal -C r list --format json >out.json &&
	no_controls out.json &&
	python3 -c "import json; d=json.load(open(\"out.json\")); assert any(\"\x1b\" in a[\"title\"] for a in d)"
'

test_done
