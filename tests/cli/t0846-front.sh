#!/bin/sh
# The front end (cmd/front.c, built as contentcal) answers a search on an
# index proven current without loading libgit2 or libmicrohttpd, and hands
# every other run to contentcal-full, beside it (docs/design.md, "Search
# start-up"). Its answers are the full program's, byte for byte; a run it
# does not answer leaves nothing of its own behind.
. "$(dirname "$0")/lib.sh"

FULL=$(dirname "$CONTENTCAL")/contentcal-full
# LeakSanitizer cannot run under ptrace (the ASan+UBSan pass of make check)
NOLEAK="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# execs ARGS...: runs contentcal ARGS under strace; prints how many programs ran (1: answered, 2: handed over).
execs() {
	ASAN_OPTIONS=$NOLEAK strace -f -qq -e trace=execve -o exec.txt "$CONTENTCAL" "$@" >out 2>err
	echo "rc=$?" >rc
	grep -c 'execve(' exec.txt
}

# same ARGS...: the front end and the full program print the same and exit the same.
same() {
	"$CONTENTCAL" "$@" >front.out 2>front.err
	echo $? >front.rc
	"$FULL" "$@" >full.out 2>full.err
	echo $? >full.rc
	cmp front.out full.out && cmp front.err full.err && cmp front.rc full.rc
}

asset() { # REPO PATH TITLE [FIELD...]
	a_repo=$1 a_path=$2 a_title=$3
	shift 3
	add_asset "$a_repo" "$a_path" "title: $a_title" "status: published" "date: 2026-01-02" "stage: awareness" \
		"persona: cio" "$@"
}

test_expect_success 'the front end links neither libgit2 nor libmicrohttpd; the full program does' '
	if command -v readelf >/dev/null 2>&1; then
		readelf -d "$CONTENTCAL" >needed && grep -q "libsqlite3" needed &&
		expect_no_grep "libgit2" needed && expect_no_grep "libmicrohttpd" needed &&
		readelf -d "$FULL" >needed && grep -q "libgit2" needed && grep -q "libmicrohttpd" needed
	else
		test -x "$FULL"
	fi
'

test_expect_success 'setup: a repository with fresh, stale and expired assets, searched once' '
	make_repo r &&
	asset r content/a.md "Pipeline fresh" "topic: cloud" &&
	asset r content/b.md "Pipeline past review" "review_by: 2026-02-01" &&
	asset r content/c.md "Pipeline expired" "expires: 2026-03-01" &&
	add_asset r content/d.md "title: Pipeline draft" "status: draft" "stage: decision" &&
	commit r one &&
	contentcal -C r search pipeline >/dev/null 2>&1 && contentcal -C r search pipeline >/dev/null 2>&1
'

if ! command -v strace >/dev/null 2>&1; then
	test_skip "which program ran" "strace not installed (.ci/deps test)"
else
	test_expect_success 'a proven search is answered by the front end alone' '
		test "$(execs -C r search pipeline --as-of 2026-06-01)" = 1 && grep -q "rc=0" rc &&
		expect_grep "Pipeline fresh" out && expect_no_grep "past review" out
	'

	test_expect_success 'every other command, and a search it cannot answer, goes to contentcal-full' '
		test "$(execs -C r list)" = 2 && grep -q "rc=0" rc && expect_grep "content/a.md" out &&
		grep -q "contentcal-full" exec.txt &&
		test "$(execs -C r search pipeline --as-of commit)" = 2 && grep -q "rc=0" rc &&
		test "$(execs -C r --rev HEAD search pipeline)" = 2 &&
		test "$(execs -C r search --limit x pipeline)" = 2 && grep -q "rc=2" rc &&
		test "$(execs -C r search --help)" = 2 && expect_grep "usage: contentcal search" out &&
		test "$(execs --version)" = 2 && expect_grep "contentcal 0" out &&
		asset r content/e.md "Pipeline new" && commit r two &&
		test "$(execs -C r search pipeline)" = 2 && expect_grep "Pipeline new" out &&
		test "$(execs -C r search pipeline)" = 1 && expect_grep "Pipeline new" out
	'
fi

test_expect_success 'the front end prints what contentcal-full prints, for every kind of answer' '
	same -C r search pipeline --as-of 2026-06-01 &&
	same -C r search pipeline --as-of 2026-06-01 --format json &&
	same -C r search pipeline --as-of 2026-06-01 --explain --include-stale &&
	same -C r search pipeline --as-of 2026-06-01 --all --limit 2 &&
	same -C r search pipeline --stage awareness --topic cloud --as-of 2026-06-01 &&
	same -C r/content search "title:pipeline" -draft &&
	same -C r search nothingmatchesthis && test "$(cat front.rc)" = 1 &&
	same -C r search --limit 0 pipeline && test "$(cat front.rc)" = 2 &&
	same -C r search --stage nosuchstage pipeline && test "$(cat front.rc)" = 2 &&
	same -C r search && test "$(cat front.rc)" = 2
'

test_expect_success 'config warnings are printed once, as by the full program' '
	printf "content: [\"content/**\"]\nnosuchkey: 1\n" >r/contentcal.yml &&
	git -C r add contentcal.yml && git -C r commit -q -m config &&
	contentcal -C r search pipeline >/dev/null 2>&1 &&
	same -C r search pipeline && test "$(grep -c nosuchkey front.err)" = 1
'

test_expect_success 'a damaged index: handed over, set aside and rebuilt once, said once' '
	contentcal -C r search pipeline >/dev/null 2>&1 &&
	db=r/.git/contentcal/index.db &&
	printf "this is not a database, but it is in contentcal'\''s own directory" >"$db" &&
	rm -f "$db-wal" "$db-shm" &&
	contentcal -C r search pipeline >out 2>err &&
	expect_grep "Pipeline fresh" out && test "$(grep -c "damaged" err)" = 1 &&
	test -f "$db.corrupt"
'

test_expect_success 'an index of an older schema or a missing one: handed over, brought up to date there' '
	db=r/.git/contentcal/index.db &&
	now=$(sqlite3 "$db" "PRAGMA user_version") &&
	sqlite3 "$db" "PRAGMA user_version = $((now - 1))" &&
	contentcal -C r search pipeline >out 2>err && expect_grep "Pipeline fresh" out &&
	test "$(sqlite3 "$db" "PRAGMA user_version")" = "$now" &&
	rm -f "$db" "$db-wal" "$db-shm" &&
	contentcal -C r search pipeline >out 2>err && expect_grep "Pipeline fresh" out && test -s "$db"
'

test_expect_success 'without contentcal-full beside it: a proven search still answered, the rest a clear error' '
	mkdir -p lone && cp "$CONTENTCAL" lone/contentcal &&
	contentcal -C r search pipeline >/dev/null 2>&1 &&
	lone/contentcal -C r search pipeline >out 2>err && expect_grep "Pipeline fresh" out &&
	{ lone/contentcal -C r list >out 2>err; test $? = 2; } &&
	expect_grep "contentcal: cannot run contentcal-full (tried .*lone/contentcal-full" err &&
	test ! -s out
'

test_done
