#!/bin/sh
# The bad-input catalogue: one directory per case under tests/catalogue/.
#
# A case directory may hold:
#   repo/            files to put in a fresh repository (committed)
#   setup            shell commands run in the repository before the commit
#                    (for generated inputs: big or binary files, symlinks,
#                    submodules, clones)
#   cmd              the contentcal arguments, one line, run in the repository
#                    (shell-quoted; -C works for clones made by setup)
#   expect-exit      the exit code (default 0)
#   expect-stdout, expect-stderr   fixed strings (grep -F), one a line, that
#                    must appear; reject-stdout, reject-stderr must not
#   expect-count     assets `list --format jsonl` must show afterwards
#   description      what the case is about
#   no-config        no default contentcal.yml (repo/ may bring its own)
#   no-control       no control asset; otherwise content/zz-control.md is
#                    added and must still be listed (nothing else is lost)
#   no-commit        leave everything uncommitted (no commits at all)
#   allow-empty      commit even when there is nothing to commit
#   todo             a known bug (one line: what and where): the case is
#                    reported as TAP TODO, so it shows but does not fail
#
# Every case also checks that nothing crashed (exit < 128, no sanitizer
# report) and that no raw escape byte reached stdout or stderr.
CATALOGUE=$(cd "$(dirname "$0")/../catalogue" && pwd)
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')

# test_expect_todo DESC SCRIPT REASON: a known breakage (TAP TODO).
test_expect_todo() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TEST_DIR/.out" 2>&1; then
		echo "ok $test_count - $1 # TODO $3 (passes here)"
	else
		echo "not ok $test_count - $1 # TODO $3"
		sed 's/^/# /' "$TEST_DIR/.out"
	fi
}

# check_patterns FILE PATTERNS-FILE MODE: MODE "want" or "reject".
check_patterns() {
	[ -f "$2" ] || return 0
	status=0
	while IFS= read -r pat || [ -n "$pat" ]; do
		[ -n "$pat" ] || continue
		if grep -qF -- "$pat" "$1"; then
			[ "$3" = want ] || { echo "unexpected '$pat' in $(basename "$1")" >&2; status=1; }
		else
			[ "$3" = reject ] || { echo "missing '$pat' in $(basename "$1")" >&2; status=1; }
		fi
	done <"$2"
	if [ $status -ne 0 ]; then
		echo "--- $(basename "$1"):" >&2
		head -c 4000 "$1" >&2
	fi
	return $status
}

run_case() {
	c=$1 w=$2
	rm -rf "$w" && mkdir -p "$w/repo" &&
	git -C "$w/repo" init -q || return 1
	[ -d "$c/repo" ] && cp -R "$c/repo/." "$w/repo/"
	if [ ! -f "$c/no-config" ] && [ ! -f "$w/repo/contentcal.yml" ]; then
		cat >"$w/repo/contentcal.yml" <<'YML'
content: ["content/**/*.md", "content/**/*.mdx"]
stages: hubspot
personas: [cio, cfo, developer]
topics: [security, cloud]
YML
	fi
	if [ ! -f "$c/no-control" ]; then
		mkdir -p "$w/repo/content" &&
		printf -- '---\ntitle: Control\nstage: awareness\npersona: cio\ntopic: security\n---\n\nStill here.\n' \
			>"$w/repo/content/zz-control.md"
	fi
	if [ -f "$c/setup" ]; then
		(cd "$w/repo" && . "$c/setup") || { echo "setup failed" >&2; return 1; }
	fi
	if [ ! -f "$c/no-commit" ]; then
		git -C "$w/repo" add -A &&
		GIT_AUTHOR_DATE=2026-01-15T10:00:00Z GIT_COMMITTER_DATE=2026-01-15T10:00:00Z \
			git -C "$w/repo" commit -q --allow-empty -m "catalogue case" || return 1
	fi
	args=$(cat "$c/cmd")
	(cd "$w/repo" && eval "contentcal $args") >"$w/stdout" 2>"$w/stderr"
	rc=$?
	want=0
	[ -f "$c/expect-exit" ] && want=$(cat "$c/expect-exit")
	ok=0
	if [ "$rc" -ne "$want" ]; then
		echo "exit $rc, expected $want: contentcal $args" >&2
		sed 's/^/stderr: /' "$w/stderr" | head -20 >&2
		ok=1
	fi
	if [ "$rc" -ge 128 ] || grep -q "Sanitizer\|runtime error:" "$w/stderr"; then
		echo "crashed (exit $rc)" >&2
		cat "$w/stderr" >&2
		ok=1
	fi
	for f in stdout stderr; do
		if grep -q "$ESC" "$w/$f"; then
			echo "raw escape byte in $f" >&2
			ok=1
		fi
	done
	check_patterns "$w/stdout" "$c/expect-stdout" want || ok=1
	check_patterns "$w/stderr" "$c/expect-stderr" want || ok=1
	check_patterns "$w/stdout" "$c/reject-stdout" reject || ok=1
	check_patterns "$w/stderr" "$c/reject-stderr" reject || ok=1
	if [ -f "$c/expect-count" ] || [ ! -f "$c/no-control" ]; then
		(cd "$w/repo" && contentcal list --format jsonl) >"$w/list" 2>"$w/list.err" || {
			echo "list failed afterwards:" >&2
			cat "$w/list.err" >&2
			ok=1
		}
		if [ -f "$c/expect-count" ] && [ "$(wc -l <"$w/list")" -ne "$(cat "$c/expect-count")" ]; then
			echo "list shows $(wc -l <"$w/list") assets, expected $(cat "$c/expect-count"):" >&2
			cat "$w/list" >&2
			ok=1
		fi
		if [ ! -f "$c/no-control" ] && [ ! -f "$c/no-commit" ] && ! grep -q '"path":"content/zz-control.md"' "$w/list"; then
			echo "the control asset was lost" >&2
			ok=1
		fi
	fi
	return $ok
}

ncases=0
for c in "$CATALOGUE"/*/; do
	c=${c%/}
	name=$(basename "$c")
	[ -f "$c/cmd" ] || continue
	ncases=$((ncases + 1))
	desc=$name
	[ -f "$c/description" ] && desc="$name: $(head -1 "$c/description")"
	if [ -f "$c/todo" ]; then
		test_expect_todo "$desc" "run_case '$c' '$TEST_DIR/$name'" "$(head -1 "$c/todo")"
	else
		test_expect_success "$desc" "run_case '$c' '$TEST_DIR/$name'"
	fi
done

test_expect_success "the catalogue has at least 40 cases ($ncases)" "test $ncases -ge 40"

test_done
