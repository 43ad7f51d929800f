#!/bin/sh
# Crash safety: `index` killed with SIGKILL at random moments never leaves a
# damaged or half-written index. After every kill the database passes
# PRAGMA integrity_check and holds exactly the state of a completed run (the
# run is one transaction); a later run completes and equals a clean build.
#
# A generated repository (gencorpus.py, 3000 files) has two commits that
# differ in half the files; runs alternate between them so every run has
# work to do and the kill lands mid-run. CONTENTCAL_LONG_TESTS=1 runs 120
# kills instead of 30. Skipped under CONTENTCAL_WRAP (valgrind is too slow
# for the kill to mean anything).
GENCORPUS=${GENCORPUS:-/work/shared/bench/gencorpus.py}
. "$(dirname "$0")/lib.sh"

if [ -n "${CONTENTCAL_WRAP:-}" ] || [ ! -f "$GENCORPUS" ] || ! command -v sqlite3 >/dev/null; then
	echo "1..0 # SKIP needs gencorpus.py and sqlite3, and no CONTENTCAL_WRAP"
	exit 0
fi
KILLS=30
[ -n "${CONTENTCAL_LONG_TESTS:-}" ] && KILLS=120

# dump DB REV OUT: the canonical content of an index, as the user sees it.
dump() {
	"$CONTENTCAL" -C g --db "$PWD/$1" --rev "$2" ${4:-} list --format jsonl >"$3.list" 2>"$3.err" &&
	sort "$3.list" >"$3" &&
	"$CONTENTCAL" -C g --db "$PWD/$1" --rev "$2" --no-index lint --format line >>"$3" 2>>"$3.err"
	test $? -le 1
}

# snapshot DB: what the index holds, straight from SQLite (fast enough to run
# after every kill; the full user-visible dump is compared at the end). The
# meta "run" is a random id drawn by every run that writes (a cache key).
snapshot() {
	sqlite3 "$1" "SELECT key, value FROM meta WHERE key <> 'run' ORDER BY key;
		SELECT path, blob, title, slug, status, date FROM assets ORDER BY path;
		SELECT a.path, t.dimension, t.value FROM asset_tags t JOIN assets a ON a.id = t.asset ORDER BY 1, 2, 3;
		SELECT path, line, col, severity, rule, message FROM problems ORDER BY 1, 2, 3, 5, 6;
		SELECT path, created, updated, commits FROM history ORDER BY path;"
}

test_expect_success 'a generated repository with two revisions' '
	python3 "$GENCORPUS" g --docs 3000 --noise 0.02 >/dev/null &&
	git -C g tag A &&
	i=0 && for f in $(git -C g ls-files "content/*.md" | awk "NR % 2 == 0"); do
		printf "\nAn added paragraph.\n" >>"g/$f"
	done &&
	git -C g rm -q -f $(git -C g ls-files "content/*.md" | awk "NR % 97 == 0") &&
	GIT_AUTHOR_DATE=2026-02-01T10:00:00Z GIT_COMMITTER_DATE=2026-02-01T10:00:00Z \
		git -C g commit -q -am "edit half of the files" &&
	git -C g tag B
'

test_expect_success 'clean builds of both revisions' '
	start=$(date +%s%N) &&
	dump clean-A.db A expect-A &&
	end=$(date +%s%N) &&
	dump clean-B.db B expect-B &&
	echo $(( (end - start) / 1000000 )) >cold-ms &&
	test $(wc -l <expect-A.list) -gt 2900 &&
	! test_cmp expect-A expect-B >/dev/null &&
	cp clean-A.db warm.db &&
	start=$(date +%s%N) &&
	"$CONTENTCAL" -C g --db "$PWD/warm.db" --rev B index -q &&
	end=$(date +%s%N) &&
	echo $(( (end - start) / 1000000 )) >warm-ms &&
	snapshot clean-A.db >snap-A && snapshot clean-B.db >snap-B &&
	echo "# a cold run takes $(cat cold-ms) ms, A to B $(cat warm-ms) ms"
'

# One kill: start index towards REV, kill it after a random delay, then check.
kill_once() {
	rev=$1 seed=$2
	ms=$(awk -v s="$seed" -v t="$scale" "BEGIN { srand(s); printf \"%d\", 5 + rand() * t }")
	"$CONTENTCAL" -C g --db "$PWD/k.db" --rev "$rev" index -q 2>/dev/null &
	pid=$!
	sleep "$(awk -v ms="$ms" "BEGIN { printf \"%.3f\", ms / 1000 }")"
	# The delay adapts to the machine's load: a kill that comes too late
	# shrinks the range, one that lands widens it again.
	if kill -9 "$pid" 2>/dev/null; then
		landed=$((landed + 1))
		scale=$((scale * 11 / 10 + 1))
	else
		scale=$((scale * 2 / 3 + 1))
	fi
	wait "$pid" 2>/dev/null
	ic=$(sqlite3 k.db "PRAGMA integrity_check" 2>&1)
	if [ "$ic" != ok ]; then
		echo "integrity_check after a kill at $ms ms towards $rev: $ic" >&2
		return 1
	fi
	# Whatever the moment, the index holds a completed run: A, B or nothing.
	snapshot k.db >seen || return 1
	if ! cmp -s seen snap-A && ! cmp -s seen snap-B && test -s seen; then
		echo "after a kill at $ms ms towards $rev the index matches neither revision:" >&2
		diff snap-$rev seen | head -20 >&2
		return 1
	fi
	return 0
}

test_expect_success "$KILLS kills at random moments leave a sound index" '
	test -s snap-A && test -s snap-B &&
	landed=0 && n=0 && fail=0 && scale=$(cat warm-ms) &&
	while [ $n -lt $KILLS ]; do
		rev=A; [ $((n % 2)) -eq 1 ] && rev=B
		kill_once $rev $((n + 1)) || fail=$((fail + 1))
		n=$((n + 1))
	done &&
	echo "# $landed of $KILLS kills landed while index was running" &&
	test $fail -eq 0 &&
	test $landed -ge $((KILLS / 3))
'

test_expect_success 'after the kills a run completes and equals a clean build' '
	"$CONTENTCAL" -C g --db "$PWD/k.db" --rev B index 2>err &&
	test "$(sqlite3 k.db "PRAGMA integrity_check")" = ok &&
	dump k.db B actual-B && test_cmp expect-B actual-B &&
	dump k.db A actual-A && test_cmp expect-A actual-A
'

test_expect_success 'a kill during a cold build, then a full run' '
	rm -f cold.db* &&
	{ "$CONTENTCAL" -C g --db "$PWD/cold.db" --rev A index -q 2>/dev/null & } &&
	pid=$! &&
	sleep "$(awk -v t="$(cat cold-ms)" "BEGIN { printf \"%.3f\", t / 2000 }")" &&
	{ kill -9 $pid 2>/dev/null || echo "# the cold build ended before the kill"; } &&
	{ wait $pid 2>/dev/null || :; } &&
	{ test ! -s cold.db || test "$(sqlite3 cold.db "PRAGMA integrity_check")" = ok; } &&
	"$CONTENTCAL" -C g --db "$PWD/cold.db" --rev A index -q 2>err &&
	test "$(sqlite3 cold.db "PRAGMA integrity_check")" = ok &&
	dump cold.db A actual-cold && test_cmp expect-A actual-cold
'

test_done
