#!/bin/sh
# The man page and the bash completion cover every command in the command
# table, and every option each command's --help lists.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC/tests/cli/lib.sh"
MAN=$SRC/docs/contentcal.1
COMPLETION=$SRC/docs/contentcal.bash

# Commands specified in issues #4-#6 and documented ahead of their code.
IN_PROGRESS=""

test_expect_success 'the command names of contentcal help and the man page agree' '
	contentcal help | sed -n "/^Commands:/,/^$/p" | sed -n "s/^  \([a-z][a-z-]*\) .*/\1/p" | sort >help.cmds &&
	test -s help.cmds && expect_grep "^sql$" help.cmds &&
	# A command is the .B word opening a tagged paragraph (.TP or .TQ) under COMMANDS.
	awk "/^\.SH /{in_cmds = (\$2 == \"COMMANDS\")} in_cmds && tag && /^\.B [a-z]/{print \$2} {tag = /^\.T[PQ]\$/}" "$MAN" | sort -u >man.cmds &&
	comm -23 help.cmds man.cmds >missing &&
	if test -s missing; then echo "in contentcal help but not in the man page:"; cat missing; false; fi &&
	comm -13 help.cmds man.cmds >extra &&
	for c in $(cat extra); do
		case " $IN_PROGRESS " in
		*" $c "*) echo "# documented, not in this build yet: $c" >&3 ;;
		*) echo "in the man page but not a command: $c"; false ;;
		esac || return 1
	done
' 3>&1

test_expect_success 'every option of every command help is in the man page' '
	LC_ALL=C.UTF-8 groff -man -Tutf8 -P-cbu "$MAN" >page 2>/dev/null || man -l "$MAN" | col -b >page &&
	for c in $(cat help.cmds); do
		contentcal help $c | grep -o -- "--[a-z][a-z-]*" | sort -u >opts &&
		for o in $(cat opts); do
			grep -q -- "$o" page || { echo "contentcal $c: $o is not in the man page"; return 1; }
		done
	done
'

test_expect_success 'the completion offers every option of every command help' '
	# Option lines of the generated help start "  -" (the option tables, lib/options.h).
	for c in $(cat help.cmds); do
		test "$c" = help && continue
		contentcal help $c | sed -n "s/^  \(-[^ ].*\)/\1/p" | sed "s/   .*//" |
			grep -o -- "--[a-z][a-z-]*" | sort -u >opts &&
		line=$(grep "^	$c) opts=" "$COMPLETION") || { echo "completion has no options for $c"; return 1; }
		for o in $(cat opts); do
			case " $(echo "$line" | sed "s/.*opts=\"\(.*\)\".*/\1/") " in
			*" $o "*) ;;
			*) echo "completion of $c lacks $o"; false ;;
			esac || return 1
		done
	done
'

test_expect_success 'the completion knows every command' '
	for c in $(cat help.cmds); do
		grep -q "^_contentcal_commands=\".*\b$c\b" "$COMPLETION" ||
			{ echo "completion lacks $c"; return 1; }
	done
'

test_expect_success 'every global option of contentcal --help is in the man page and the completion' '
	contentcal --help | sed -n "/^Global options:/,/^$/p" | grep -o -- "^  -[-a-zA-Z]*" | sed "s/^  //" >g &&
	test -s g &&
	for o in $(cat g); do
		grep -q -- "$o" page || { echo "man page lacks $o"; return 1; }
		grep -q -- "$o" "$COMPLETION" || { echo "completion lacks $o"; return 1; }
	done
'

test_done
