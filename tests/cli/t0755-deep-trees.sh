#!/bin/sh
# A crafted repository can nest folders far deeper than any C stack: every
# walk over a tree (the content listing, the history's tree comparison) keeps
# its own stack, and stays linear in the depth. git_tree_walk recursed once a
# level and overflowed the stack at about 75,000 levels (SIGSEGV in every
# command); the history's tree cache was a list, quadratic in the folders one
# commit touches.
. "$(dirname "$0")/lib.sh"

deep="python3 $SRC_DIR/tests/cli/data/deep-tree.py"

test_expect_success 'a file 100,000 folders deep is indexed and listed' '
	make_repo d && $deep d 100000 a.md "---\ntitle: Deep one\nstatus: published\ndate: 2026-01-05\n---\nbody\n" >c1 &&
	git -C d update-ref refs/heads/main "$(cat c1)" && git -C d symbolic-ref HEAD refs/heads/main &&
	contentcal -C d list --format csv >out 2>err &&
	expect_grep "Deep one" out &&
	test "$(wc -l <out)" = 2
'

test_expect_success 'a second deep commit is walked incrementally (history sees both)' '
	c2=$($deep d 100000 a.md "---\ntitle: Deep two\nstatus: published\ndate: 2026-01-05\n---\nnew body\n" "$(cat c1)") &&
	git -C d update-ref refs/heads/main "$c2" &&
	contentcal -C d list --format json >out 2>err &&
	expect_grep "Deep two" out &&
	contentcal -C d sql --format csv "SELECT commits FROM history" >out 2>err &&
	expect_grep "^2" out
'

test_expect_success 'a cold build over the same history agrees' '
	rm -rf d/.git/contentcal &&
	contentcal -C d sql --format csv "SELECT commits FROM history" >out 2>err &&
	expect_grep "^2" out
'

test_expect_success 'the other commands run over the deep tree without crashing' '
	for cmd in lint gaps calendar coverage "search deep" report; do
		contentcal -C d $cmd >out 2>err; rc=$?
		test "$rc" -le 2 || { echo "$cmd exited $rc"; return 1; }
	done
'

test_done
