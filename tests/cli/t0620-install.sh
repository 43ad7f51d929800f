#!/bin/sh
# make install into a DESTDIR: the front end and the full program (libexec),
# man page, templates, completion; the installed binary's `new` (run by the
# full program) uses the installed templates.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC/tests/cli/lib.sh"
BUILD_DIR=$(dirname "$CONTENTCAL")

test_expect_success 'make install DESTDIR=... PREFIX=/usr installs everything' '
	make -s -C "$SRC" install BUILD="$BUILD_DIR" DESTDIR="$TEST_DIR/dest" PREFIX=/usr >make.out 2>&1 ||
		{ cat make.out; false; } &&
	d=$TEST_DIR/dest/usr &&
	test -x $d/bin/contentcal &&
	cmp "$CONTENTCAL" $d/bin/contentcal &&
	test -x $d/libexec/contentcal/contentcal-full &&
	cmp "$BUILD_DIR/contentcal-full" $d/libexec/contentcal/contentcal-full &&
	test -f $d/share/man/man1/contentcal.1 &&
	test -f $d/share/bash-completion/completions/contentcal &&
	for f in blog whitepaper case-study webinar datasheet ebook; do
		test -f $d/share/contentcal/templates/content/$f.md || return 1
	done &&
	(cd "$SRC/templates" && find . -type f | sort) >expect &&
	(cd $d/share/contentcal/templates && find . -type f | sort) >actual &&
	test_cmp expect actual
'

test_expect_success 'the installed binary finds the installed templates' '
	make_repo r &&
	"$TEST_DIR/dest/usr/bin/contentcal" -C r new --list >list &&
	expect_grep "^blog  *built-in  *$TEST_DIR/dest/usr/share/contentcal/templates/content/blog.md$" list &&
	expect_no_grep "$SRC" list &&
	"$TEST_DIR/dest/usr/bin/contentcal" -C r new webinar "Installed Webinar" >out &&
	echo content/webinar/installed-webinar.md >expect && test_cmp expect out &&
	expect_grep "^## Agenda" r/content/webinar/installed-webinar.md &&
	commit r webinar && "$TEST_DIR/dest/usr/bin/contentcal" -C r search --all webinar >out &&
	expect_grep "Installed Webinar" out
'

test_expect_success 'the installed man page renders without warnings' '
	if command -v groff >/dev/null 2>&1; then
		LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$TEST_DIR/dest/usr/share/man/man1/contentcal.1" 2>warn &&
		test ! -s warn &&
		LC_ALL=C.UTF-8 groff -man -Tutf8 -P-cbu "$TEST_DIR/dest/usr/share/man/man1/contentcal.1" >page 2>/dev/null &&
		expect_grep "EXIT STATUS" page
	else
		echo "# SKIP groff is not installed: man page rendering not checked" >&3
	fi
' 3>&1

test_expect_success 'the installed completion script loads and completes' '
	bash -c ". \"$TEST_DIR/dest/usr/share/bash-completion/completions/contentcal\" &&
		COMP_WORDS=(contentcal ne); COMP_CWORD=1; _contentcal; test \"\${COMPREPLY[*]}\" = new"
'

test_done
