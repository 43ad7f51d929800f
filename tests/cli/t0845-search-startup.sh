#!/bin/sh
# search proves its index current without libgit2 (lib/context.c,
# docs/design.md "Search start-up"), and falls back to libgit2 on every
# doubt. Which way a run went is seen with strace: only libgit2 reads the
# object store (.git/objects) to find the indexed commit's tree.
. "$(dirname "$0")/lib.sh"

if ! command -v strace >/dev/null 2>&1; then
	test_skip "search start-up" "strace not installed (.ci/deps test)"
	test_done
fi

# way REPO-OR-DIR [ARGS...]: runs search pipeline there, prints "fast" or "git"; output in out.
way() {
	d=$1
	shift
	# LeakSanitizer cannot run under ptrace (the ASan+UBSan pass of make check)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -qq -e trace=openat,open,stat,newfstatat -o trace.txt \
		"$CONTENTCAL" -C "$d" "$@" search --limit 1000 pipeline >out 2>err || return 1
	if grep -q '/objects' trace.txt; then echo git; else echo fast; fi
}

asset() { # REPO PATH TITLE
	add_asset "$1" "$2" "title: $3" "status: published" "date: 2026-01-02" "stage: awareness" "persona: cio"
}

test_expect_success 'the first search goes through libgit2 and records the stamp; the next is proven' '
	make_repo r && asset r content/a.md "Pipeline one" && commit r one &&
	test "$(way r)" = git &&
	sqlite3 r/.git/contentcal/index.db "SELECT value FROM meta WHERE key = \"git_stamp\"" >stamp &&
	grep -q "^v1;" stamp &&
	test "$(way r)" = fast && expect_grep "Pipeline one" out &&
	mkdir -p r/content/sub && test "$(way r/content/sub)" = fast
'

test_expect_success 'a new commit: libgit2, and the new asset is found' '
	asset r content/b.md "Pipeline two" && commit r two &&
	test "$(way r)" = git && expect_grep "Pipeline two" out &&
	test "$(way r)" = fast && expect_grep "Pipeline two" out
'

test_expect_success 'a commit that libgit2 never saw is never answered from the old index (20 rounds)' '
	i=0 &&
	while [ $i -lt 20 ]; do
		asset r content/n$i.md "Pipeline round$i" && commit r "round $i" &&
		contentcal -C r search --limit 100 pipeline >o 2>/dev/null && grep -q "round$i" o || return 1
		i=$((i + 1))
	done
'

test_expect_success 'packed refs: read from packed-refs; a loose ref again after a commit' '
	git -C r pack-refs --all && test ! -f r/.git/refs/heads/main &&
	test "$(way r)" = fast &&
	asset r content/c.md "Pipeline three" && commit r three &&
	test "$(way r)" = git && expect_grep "Pipeline three" out && test "$(way r)" = fast
'

test_expect_success 'detached HEAD: proven at the same commit, libgit2 at another' '
	git -C r checkout -q --detach HEAD && test "$(way r)" = fast &&
	git -C r checkout -q --detach HEAD~1 && test "$(way r)" = git &&
	expect_no_grep "Pipeline three" out && test "$(way r)" = fast &&
	git -C r checkout -q main && test "$(way r)" = git && expect_grep "Pipeline three" out
'

test_expect_success 'GIT_DIR and the like: libgit2 decides (it ignores them, so the answer is the same)' '
	make_repo other && asset other content/x.md "Pipeline elsewhere" && commit other x &&
	test "$(way r)" = fast &&
	test "$(GIT_DIR=$PWD/other/.git way r)" = git && expect_grep "Pipeline three" out &&
	expect_no_grep "elsewhere" out &&
	test "$(GIT_CEILING_DIRECTORIES=$PWD way r)" = git
'

test_expect_success 'a linked worktree (.git is a file): libgit2' '
	git -C r worktree add -q ../wt -b side &&
	test "$(way wt)" = git && expect_grep "Pipeline three" out &&
	test "$(way wt)" = git
'

test_expect_success 'a change to the repository or the global git config: libgit2 once, then proven' '
	test "$(way r)" = fast &&
	git -C r config core.quotepath false && test "$(way r)" = git && test "$(way r)" = fast &&
	git config --global color.ui auto && test "$(way r)" = git && test "$(way r)" = fast &&
	printf "[include]\n\tpath = extra\n" >>r/.git/config && test "$(way r)" = git && test "$(way r)" = git
'

test_expect_success '--rev, --worktree, a shallow clone and an index of the work tree: libgit2' '
	make_repo s && asset s content/a.md "Pipeline s" && commit s one &&
	test "$(way s)" = git && test "$(way s)" = fast &&
	test "$(way s --rev HEAD)" = git &&
	test "$(way s --worktree)" = git && test "$(way s)" = git && test "$(way s)" = fast &&
	asset s content/b.md "Pipeline s2" && commit s two &&
	git clone -q --depth 1 "file://$PWD/s" shallow && test -f shallow/.git/shallow &&
	test "$(way shallow)" = git && test "$(way shallow)" = git
'

test_expect_success 'a repository of another user is refused as before (not read past libgit2)' '
	if [ "$(id -u)" != 0 ]; then echo "# not root: cannot chown" && return 0; fi
	make_repo own && asset own content/a.md "Pipeline o" && commit own one &&
	contentcal -C own search pipeline >/dev/null 2>&1 && contentcal -C own search pipeline >/dev/null 2>&1 &&
	chown -R nobody own &&
	test_must_fail 2 contentcal -C own search pipeline >out 2>err &&
	expect_grep "belongs to another user" err
'

test_expect_success '--as-of commit opens the repository when the index was proven current' '
	make_repo d && asset d content/a.md "Pipeline d" && commit d one 2026-03-04T10:00:00+00:00 &&
	test "$(way d)" = git && test "$(way d)" = fast &&
	contentcal -C d search --as-of commit --format json pipeline >out 2>err && expect_grep "Pipeline d" out &&
	contentcal -C d search --as-of 2026-03-04 --format json pipeline >expect 2>/dev/null && test_cmp expect out
'

test_done
