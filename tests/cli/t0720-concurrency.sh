#!/bin/sh
# Concurrency and damaged indexes: a second writer waits for the first (or
# gives up after the busy timeout, exit 2, naming the lock); readers work
# while a writer holds the lock; a corrupt index is set aside and rebuilt.
#
# The writer holding the lock is simulated with the sqlite3 shell (BEGIN
# IMMEDIATE, then sleep), so timings are deterministic. Known gaps are TAP
# TODO tests: they run and report, but do not fail the suite.
. "$(dirname "$0")/lib.sh"

if ! command -v sqlite3 >/dev/null; then
	echo "1..0 # SKIP needs the sqlite3 shell"
	exit 0
fi

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

# hold_lock DB SECONDS: holds the write lock from the background; waits until
# it is taken. The holder's pid is in $holder.
hold_lock() {
	rm -f locked
	( echo "BEGIN IMMEDIATE; SELECT 1;" ; touch locked; sleep "$2"; echo "COMMIT;" ) |
		sqlite3 "$1" >/dev/null &
	holder=$!
	n=0
	while [ ! -f locked ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
	sleep 0.3
}

# elapsed_ms CMD...: runs CMD, prints its wall time in ms to elapsed; returns its status.
elapsed_ms() {
	s=$(date +%s%N)
	"$@"
	rc=$?
	echo $(( ($(date +%s%N) - s) / 1000000 )) >elapsed
	return $rc
}

DB=r/.git/contentcal/index.db
# Under a wrapper (valgrind) every run is slow: hold the lock longer and do
# not judge readers by the clock.
HOLD=12 FAST_MS=2500
[ -n "${CONTENTCAL_WRAP:-}" ] && HOLD=25 FAST_MS=60000

test_expect_success 'setup: a small indexed repository' '
	make_repo r &&
	for i in 1 2 3 4 5 6 7 8; do
		add_asset r content/a$i.md "title: Asset $i" "stage: awareness" "persona: cio" || return 1
	done &&
	commit r "eight assets" &&
	contentcal -C r index 2>err &&
	expect_grep "+8 added" err
'

test_expect_success 'a second writer waits for the lock, then completes' '
	add_asset r content/b.md "title: New" "stage: decision" "persona: cfo" &&
	commit r "one more" &&
	hold_lock "$DB" 2 &&
	elapsed_ms contentcal -C r index 2>err &&
	wait $holder &&
	echo "waited $(cat elapsed) ms" &&
	test "$(cat elapsed)" -ge 1000 &&
	expect_grep "+1 added" err &&
	test "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok
'

test_expect_success 'a writer gives up after the busy timeout: exit 2, naming the lock' '
	add_asset r content/c.md "title: Newer" "stage: decision" "persona: cfo" &&
	commit r "another" &&
	hold_lock "$DB" $HOLD &&
	test_must_fail 2 contentcal -C r index 2>err;
	st=$?; wait $holder; test $st -eq 0 &&
	expect_grep "is locked by another contentcal run" err &&
	expect_grep "index.db" err &&
	contentcal -C r index 2>err &&
	expect_grep "+1 added" err
'

test_expect_success 'two index runs at once both succeed and agree' '
	add_asset r content/d.md "title: D" "stage: decision" "persona: cfo" &&
	commit r "d" &&
	{ contentcal -C r index 2>err1 & p1=$!; } &&
	contentcal -C r index 2>err2 &&
	wait $p1 &&
	test "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok &&
	cat err1 err2 &&
	test "$(cat err1 err2 | grep -c "+1 added")" -eq 1 &&
	contentcal -C r list --format jsonl >out && test $(wc -l <out) -eq 11
'

test_expect_success 'readers with --no-index work while a writer holds the lock' '
	hold_lock "$DB" 4 &&
	elapsed_ms contentcal -C r --no-index list --format jsonl >out &&
	elapsed_ms contentcal -C r --no-index lint >lint-out; test $? -le 1 &&
	wait $holder &&
	test $(wc -l <out) -eq 11 &&
	echo "reader took $(cat elapsed) ms" &&
	test "$(cat elapsed)" -lt $FAST_MS
'

test_expect_success 'a reader of an up-to-date index does not wait for a writer' '
	hold_lock "$DB" 4 &&
	elapsed_ms contentcal -C r list --format jsonl >out;
	wait $holder &&
	test $(wc -l <out) -eq 11 &&
	echo "reader took $(cat elapsed) ms" &&
	test "$(cat elapsed)" -lt $FAST_MS
'

test_expect_success 'an index of random bytes is set aside and rebuilt' '
	rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.corrupt" &&
	head -c 65536 /dev/urandom >"$DB" &&
	contentcal -C r list --format jsonl >out 2>err &&
	test $(wc -l <out) -eq 11 &&
	test -f "$DB.corrupt" &&
	test "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok
'

test_expect_success 'a truncated index is set aside and rebuilt' '
	rm -f "$DB"* &&
	contentcal -C r index 2>err &&
	truncate -s 5000 "$DB" &&
	contentcal -C r list --format jsonl >out 2>err &&
	test $(wc -l <out) -eq 11 &&
	test -f "$DB.corrupt" &&
	test "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok
'

test_expect_success 'the user is told that a corrupt index was rebuilt' '
	rm -f "$DB"* &&
	head -c 65536 /dev/urandom >"$DB" &&
	contentcal -C r index 2>err &&
	expect_grep "corrupt" err
'

test_expect_success 'index --check finds a page damaged inside the index and rebuilds it' '
	rm -f "$DB"* &&
	contentcal -C r index 2>err &&
	size=$(wc -c <"$DB") && psize=$(sqlite3 "$DB" "PRAGMA page_size") &&
	dd if=/dev/urandom of="$DB" bs=$psize seek=$((size / psize / 2)) count=1 conv=notrunc 2>/dev/null &&
	test "$(sqlite3 "$DB" "PRAGMA integrity_check" 2>&1)" != ok &&
	contentcal -C r index --check 2>err &&
	expect_grep "damaged" err &&
	test -f "$DB.corrupt" &&
	test "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok &&
	contentcal -C r list --format jsonl >out && test $(wc -l <out) -eq 11
'

test_expect_success 'a command that hits a damaged page sets the index aside and runs again' '
	rm -f "$DB"* &&
	contentcal -C r index 2>err &&
	root=$(sqlite3 "$DB" "SELECT rootpage FROM sqlite_schema WHERE name = \"assets\"") &&
	psize=$(sqlite3 "$DB" "PRAGMA page_size") &&
	dd if=/dev/urandom of="$DB" bs=$psize seek=$((root - 1)) count=1 conv=notrunc 2>/dev/null &&
	contentcal -C r list --format jsonl >out 2>err; st=$?;
	cat err; test $st -eq 0 &&
	expect_grep "damaged" err &&
	test -f "$DB.corrupt" &&
	test $(wc -l <out) -eq 11
'

test_expect_todo 'damage no query touches is noticed without index --check' '
	rm -f "$DB"* &&
	contentcal -C r index 2>err &&
	size=$(wc -c <"$DB") && psize=$(sqlite3 "$DB" "PRAGMA page_size") &&
	dd if=/dev/urandom of="$DB" bs=$psize seek=$((size / psize / 2)) count=1 conv=notrunc 2>/dev/null &&
	contentcal -C r lint --format line >out 2>err;
	test -f "$DB.corrupt"
'

test_expect_success 'a read-only index directory is a clear error, not a crash' '
	rm -f "$DB"* && contentcal -C r index 2>err &&
	chmod a-w r/.git/contentcal "$DB" &&
	add_asset r content/e.md "title: E" "stage: decision" "persona: cfo" && commit r "e" &&
	contentcal -C r index >out 2>err; st=$?;
	chmod u+w r/.git/contentcal "$DB";
	cat err;
	if [ "$(id -u)" -ne 0 ]; then test $st -eq 2 && expect_grep "index" err; else test $st -le 2; fi
'

test_done
