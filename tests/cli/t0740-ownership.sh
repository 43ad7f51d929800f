#!/bin/sh
# Ownership: contentcal rebuilds, moves aside or overwrites only a database
# file it can prove it created (SQLite application_id, or an older
# contentcal's tables); every other file named by --db, reached through a
# symbolic link, or found where the engagement file goes is refused with
# exit 2, named, and left byte for byte as it was. Also: -C applies to
# relative --db and --config, sql finds the engagement file like every
# other command, database errors name their file, and two runs creating the
# engagement file at once both succeed.
. "$(dirname "$0")/lib.sh"

if ! command -v sqlite3 >/dev/null; then
	echo "1..0 # SKIP needs the sqlite3 shell"
	exit 0
fi

# refused FILE ARGS...: contentcal ARGS must exit 2 naming FILE (or $NAMED), FILE unchanged.
refused() {
	f=$1
	shift
	cp "$f" "$TEST_DIR/.keep" &&
	test_must_fail 2 contentcal "$@" >/dev/null 2>"$TEST_DIR/.err" &&
	expect_grep "${NAMED:-$(basename "$f")}" "$TEST_DIR/.err" &&
	cmp "$TEST_DIR/.keep" "$f" &&
	! test -e "$f.corrupt"
}

test_expect_success 'setup' '
	make_repo r &&
	add_asset r content/a.md "title: Alpha" "status: published" "date: 2026-01-05" &&
	add_asset r content/b.md "title: Beta" "status: published" "date: 2026-01-06" &&
	commit r "two assets" &&
	printf "date,asset,metric,value\n2026-01-10,content/a.md,views,5\n" >ga.csv &&
	contentcal -C r index 2>err &&
	contentcal -C r ingest "$PWD/ga.csv" >out
'

test_expect_success 'the index and the engagement file carry their application_id' '
	test "$(sqlite3 r/.git/contentcal/index.db "PRAGMA application_id")" = 1128491384 &&
	test "$(sqlite3 r/.git/contentcal/engagement.db "PRAGMA application_id")" = 1128490343
'

test_expect_success '--db naming the engagement file is refused, its rows kept' '
	refused r/.git/contentcal/engagement.db -C r --db "$PWD/r/.git/contentcal/engagement.db" list &&
	test "$(sqlite3 r/.git/contentcal/engagement.db "SELECT count(*) FROM engagement")" = 1
'

test_expect_success '--db naming the engagement file through a symbolic link (and a chain) is refused' '
	ln -s r/.git/contentcal/engagement.db link1 && ln -s link1 link2 &&
	NAMED=link1 refused r/.git/contentcal/engagement.db -C r --db "$PWD/link1" index &&
	NAMED=link2 refused r/.git/contentcal/engagement.db -C r --db "$PWD/link2" list &&
	test -L link1 && test -L link2
'

test_expect_success '--db through a symbolic link to our own index is refused too' '
	ln -s r/.git/contentcal/index.db ilink &&
	NAMED="ilink. is a symbolic link" refused r/.git/contentcal/index.db -C r --db "$PWD/ilink" list
'

test_expect_success '--db naming a text file (contentcal.yml, a copy of /etc/passwd) is refused' '
	refused r/contentcal.yml -C r --db "$PWD/r/contentcal.yml" list &&
	cp /etc/passwd passwd && refused passwd -C r --db "$PWD/passwd" index &&
	head -c 70000 /dev/urandom >random.bin && refused random.bin -C r --db "$PWD/random.bin" lint
'

test_expect_success 'foreign SQLite databases are refused, even ones that look like ours' '
	sqlite3 plain.db "CREATE TABLE t(x); INSERT INTO t VALUES (1)" &&
	refused plain.db -C r --db "$PWD/plain.db" list &&
	sqlite3 lookalike.db "CREATE TABLE meta(key, value); CREATE TABLE assets(id); CREATE TABLE problems(x); CREATE TABLE history(p); PRAGMA user_version = 6" &&
	sqlite3 lookalike.db "PRAGMA application_id = 42" &&
	refused lookalike.db -C r --db "$PWD/lookalike.db" index &&
	sqlite3 nover.db "CREATE TABLE meta(key, value); CREATE TABLE assets(id); CREATE TABLE problems(x); CREATE TABLE history(p)" &&
	refused nover.db -C r --db "$PWD/nover.db" list &&
	sqlite3 notables.db "PRAGMA user_version = 6; CREATE TABLE x(y); DROP TABLE x" &&
	refused notables.db -C r --db "$PWD/notables.db" list &&
	sqlite3 newer.db "CREATE TABLE meta(key, value); CREATE TABLE assets(id); CREATE TABLE problems(x); CREATE TABLE history(p); PRAGMA user_version = 99" &&
	refused newer.db -C r --db "$PWD/newer.db" list &&
	sqlite3 wal.db "PRAGMA journal_mode = WAL; CREATE TABLE t(x); INSERT INTO t VALUES (2)" >/dev/null &&
	refused wal.db -C r --db "$PWD/wal.db" index &&
	test "$(sqlite3 wal.db "SELECT x FROM t")" = 2
'

test_expect_success 'a symbolic link as the -wal side file is refused, its target untouched' '
	rm -rf w && mkdir w && contentcal -C r --db "$PWD/w/i.db" index 2>/dev/null &&
	echo precious >precious && ln -s "$PWD/precious" w/i.db-wal &&
	NAMED="i.db-wal. is a symbolic link" refused precious -C r --db "$PWD/w/i.db" index &&
	test "$(cat precious)" = precious
'

test_expect_success 'a symbolic link as the -journal or -shm side file is refused too' '
	rm -f w/i.db-wal && ln -s "$PWD/precious" w/i.db-journal &&
	NAMED="i.db-journal. is a symbolic link" refused precious -C r --db "$PWD/w/i.db" list &&
	rm -f w/i.db-journal && ln -s "$PWD/precious" w/i.db-shm &&
	NAMED="i.db-shm. is a symbolic link" refused precious -C r --db "$PWD/w/i.db" list &&
	rm -f w/i.db-shm && contentcal -C r --db "$PWD/w/i.db" list --format jsonl >out &&
	test $(wc -l <out) -eq 2
'

test_expect_success 'a directory or a fifo as --db is refused' '
	mkdir adir && test_must_fail 2 contentcal -C r --db "$PWD/adir" list 2>err &&
	expect_grep "adir" err && test -d adir &&
	mkfifo afifo && test_must_fail 2 contentcal -C r --db "$PWD/afifo" list 2>err &&
	expect_grep "afifo" err && test -p afifo
'

test_expect_success 'an absent or empty --db file is created' '
	rm -f new.db* && contentcal -C r --db "$PWD/new.db" list --format jsonl >out &&
	test $(wc -l <out) -eq 2 &&
	: >empty.db && contentcal -C r --db "$PWD/empty.db" list --format jsonl >out &&
	test $(wc -l <out) -eq 2 &&
	test "$(sqlite3 empty.db "PRAGMA application_id")" = 1128491384 &&
	! ls *.new-* 2>/dev/null
'

test_expect_success 'a damaged index of ours at --db is set aside and rebuilt' '
	rm -f d.db* && contentcal -C r --db "$PWD/d.db" index 2>/dev/null &&
	truncate -s 5000 d.db &&
	contentcal -C r --db "$PWD/d.db" list --format jsonl >out 2>err &&
	test $(wc -l <out) -eq 2 && test -f d.db.corrupt
'

test_expect_success 'random bytes at --db are refused; at the default location they are set aside' '
	head -c 65536 /dev/urandom >rnd.db && refused rnd.db -C r --db "$PWD/rnd.db" list &&
	DB=r/.git/contentcal/index.db && rm -f "$DB"* &&
	head -c 65536 /dev/urandom >"$DB" &&
	contentcal -C r list --format jsonl >out 2>err &&
	test $(wc -l <out) -eq 2 && test -f "$DB.corrupt"
'

test_expect_success 'an older index of ours (no application_id) is recognised and upgraded' '
	rm -f old.db* && contentcal -C r --db "$PWD/old.db" index 2>/dev/null &&
	sqlite3 old.db "PRAGMA application_id = 0" &&
	contentcal -C r --db "$PWD/old.db" list --format jsonl >out &&
	test $(wc -l <out) -eq 2 &&
	test "$(sqlite3 old.db "PRAGMA application_id")" = 1128491384 &&
	sqlite3 old.db "PRAGMA application_id = 0; PRAGMA user_version = 3" &&
	contentcal -C r --db "$PWD/old.db" list --format jsonl >out &&
	test $(wc -l <out) -eq 2 &&
	test "$(sqlite3 old.db "PRAGMA application_id")" = 1128491384
'

test_expect_success 'an older engagement file (no application_id) keeps its rows and is labelled' '
	E=r/.git/contentcal/engagement.db &&
	sqlite3 "$E" "PRAGMA application_id = 0" &&
	contentcal -C r relevance --format json >out &&
	test "$(sqlite3 "$E" "PRAGMA application_id")" = 1128490343 &&
	test "$(sqlite3 "$E" "SELECT count(*) FROM engagement")" = 1
'

test_expect_success 'a foreign SQLite file where the engagement file goes is refused, untouched' '
	mkdir -p o && sqlite3 o/engagement.db "CREATE TABLE meta(key, value); CREATE TABLE notes(x); INSERT INTO notes VALUES (1)" &&
	refused o/engagement.db -C r --db "$PWD/o/index.db" ingest "$PWD/ga.csv" &&
	sqlite3 o/engagement.db "PRAGMA user_version = 1; CREATE TABLE assets(id); CREATE TABLE engagement(x); CREATE TABLE imports(x); CREATE TABLE problems(x)" &&
	refused o/engagement.db -C r --db "$PWD/o/index.db" ingest "$PWD/ga.csv" &&
	sqlite3 o/engagement.db "PRAGMA application_id = 1128491384" &&
	refused o/engagement.db -C r --db "$PWD/o/index.db" ingest "$PWD/ga.csv"
'

test_expect_success '-C applies to a relative --db and --config' '
	mkdir -p sub && rm -f r/rel.db* &&
	contentcal -C r --db rel.db list --format jsonl >out &&
	test -f r/rel.db && ! test -e rel.db &&
	cp r/contentcal.yml r/other.yml &&
	contentcal -C r --config other.yml --db rel.db list --format jsonl >out &&
	test $(wc -l <out) -eq 2 &&
	(cd sub && contentcal -C ../r --config other.yml --db rel.db list --format jsonl >../out2) &&
	test $(wc -l <out2) -eq 2
'

test_expect_success 'sql sees the engagement file of a --db index (found like every command does)' '
	rm -f s/* && mkdir -p s &&
	contentcal -C r --db "$PWD/s/index.db" ingest "$PWD/ga.csv" >out &&
	contentcal -C r --db "$PWD/s/index.db" sql --format csv "SELECT count(*) FROM engagement.engagement" >out &&
	test "$(tail -n 1 out | tr -d "\r")" = 1 &&
	contentcal -C r --db "$PWD/s/custom.db" ingest "$PWD/ga.csv" >out &&
	test -f s/custom-engagement.db &&
	contentcal -C r --db "$PWD/s/custom.db" sql --format csv "SELECT count(*) FROM engagement.engagement" >out &&
	test "$(tail -n 1 out | tr -d "\r")" = 1
'

test_expect_success 'sql sees the engagement file with the config in a subdirectory' '
	make_repo sd && mv sd/contentcal.yml sd/site.yml && mkdir -p sd/site &&
	mv sd/site.yml sd/site/contentcal.yml &&
	add_asset sd site/content/a.md "title: A" "status: published" &&
	commit sd "one" &&
	printf "date,asset,metric,value\n2026-01-10,content/a.md,views,3\n" >sd.csv &&
	contentcal -C sd/site ingest "$PWD/sd.csv" >out &&
	contentcal -C sd/site sql --format csv "SELECT sum(value) FROM engagement.engagement" >out &&
	test "$(tail -n 1 out | tr -d "\r")" = 3
'

test_expect_success 'a read-only engagement file: the error names it, not the index' '
	rm -rf ro && mkdir ro && contentcal -C r --db "$PWD/ro/index.db" ingest "$PWD/ga.csv" >out &&
	chmod a-w ro/engagement.db &&
	printf "date,asset,metric,value\n2026-01-11,content/a.md,views,7\n" >ga2.csv &&
	if [ "$(id -u)" -ne 0 ]; then
		test_must_fail 2 contentcal -C r --db "$PWD/ro/index.db" ingest "$PWD/ga2.csv" 2>err &&
		expect_grep "engagement.db" err && expect_no_grep "index.db" err
	fi
'

# The holder keeps the lock past the busy timeout: 13 s, longer under a
# wrapper (valgrind takes seconds just to reach the ingest).
HOLD=13
[ -n "${CONTENTCAL_WRAP:-}" ] && HOLD=45

test_expect_success 'a locked engagement file: the message names it' '
	rm -rf lk && mkdir lk && contentcal -C r --db "$PWD/lk/index.db" ingest "$PWD/ga.csv" >out &&
	rm -f locked &&
	( echo "BEGIN IMMEDIATE; SELECT 1;"; touch locked; sleep $HOLD; echo "COMMIT;" ) | sqlite3 lk/engagement.db >/dev/null &
	holder=$! && n=0 &&
	while [ ! -f locked ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done &&
	sleep 0.3 &&
	test_must_fail 2 contentcal -C r --db "$PWD/lk/index.db" ingest "$PWD/ga2.csv" 2>err;
	st=$?; wait $holder; test $st -eq 0 &&
	expect_grep "engagement.db. is locked" err
'

test_expect_success 'two runs creating the engagement file at once both store their rows (10 rounds)' '
	printf "date,asset,metric,value\n2026-01-12,content/b.md,downloads,2\n" >gb.csv &&
	for i in 1 2 3 4 5 6 7 8 9 10; do
		rm -rf c && mkdir c &&
		contentcal -C r --db "$PWD/c/index.db" index 2>/dev/null &&
		{ contentcal -C r --db "$PWD/c/index.db" ingest "$PWD/ga.csv" >o1 2>e1 & p1=$!; } &&
		{ contentcal -C r --db "$PWD/c/index.db" ingest "$PWD/gb.csv" >o2 2>e2 & p2=$!; } &&
		wait $p1 && wait $p2 &&
		test "$(sqlite3 c/engagement.db "SELECT count(*) FROM engagement")" = 2 || { cat e1 e2; return 1; }
	done
'

test_expect_success 'two runs creating the index at once both succeed (10 rounds)' '
	for i in 1 2 3 4 5 6 7 8 9 10; do
		rm -rf ci && mkdir ci &&
		{ contentcal -C r --db "$PWD/ci/index.db" list --format jsonl >o1 2>e1 & p1=$!; } &&
		{ contentcal -C r --db "$PWD/ci/index.db" list --format jsonl >o2 2>e2 & p2=$!; } &&
		wait $p1 && wait $p2 &&
		test $(wc -l <o1) -eq 2 && test $(wc -l <o2) -eq 2 || { cat e1 e2; return 1; }
	done
'

test_done
