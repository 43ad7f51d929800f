#!/bin/sh
# Option parsing from the commands' option tables (lib/options.h): the
# getopt semantics users rely on, and the errors, end to end.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a repository with three assets' '
	make_repo r &&
	add_asset r content/blog/a.md "title: Alpha" "date: 2026-01-05" "status: published" "stage: awareness" "persona: cio" &&
	add_asset r content/blog/b.md "title: Beta" "date: 2026-01-06" "status: published" "stage: decision" "persona: cfo" &&
	add_asset r "content/blog/-dash.md" "title: Dash" "date: 2026-01-07" "status: draft" "stage: awareness" &&
	commit r "three assets" &&
	contentcal -C r index -q
'

test_expect_success '--opt=value and --opt value, options after operands, a unique prefix' '
	contentcal -C r list --stage=awareness --format jsonl >a &&
	contentcal -C r list --stage awareness --format=jsonl >b &&
	test_cmp a b && test $(wc -l <a) -eq 2 &&
	contentcal -C r list --stag awareness --form jsonl >c &&
	test_cmp a c &&
	contentcal -C r search Alpha --limit 1 --format json >d &&
	contentcal -C r search --limit=1 --format json Alpha >e &&
	test_cmp d e && expect_grep "\"title\": \"Alpha\"" d
'

test_expect_success '-- ends the options: an operand that starts with a dash' '
	test_must_fail 2 contentcal -C r lint -dash 2>err &&
	expect_grep "contentcal lint: unknown option .-d." err &&
	contentcal -C r lint --format line -- content/blog/-dash.md >out 2>err &&
	expect_no_grep "unknown option" err
'

test_expect_success 'an unknown option is named, with a pointer to the help, exit 2' '
	test_must_fail 2 contentcal -C r list --nope 2>err &&
	expect_grep "^contentcal list: unknown option .--nope.$" err &&
	expect_grep "^see .contentcal help list.$" err &&
	test_must_fail 2 contentcal -C r list --s awareness 2>err &&
	expect_grep "ambiguous option .--s. (--stage, --status, --sort)" err &&
	test_must_fail 2 contentcal --nope list 2>err &&
	expect_grep "^contentcal: unknown option .--nope.$" err
'

test_expect_success 'integers are checked, with the option named' '
	test_must_fail 2 contentcal -C r list --limit x 2>err &&
	expect_grep "^contentcal list: --limit: .x. is not a number$" err &&
	test_must_fail 2 contentcal -C r list --limit 0 2>err &&
	expect_grep "^contentcal list: --limit: .0. must be at least 1$" err &&
	test_must_fail 2 contentcal -C r relevance --top 2x 2>err &&
	expect_grep "contentcal relevance: --top: .2x. is not a number" err &&
	test_must_fail 2 contentcal --threads none -C r list 2>err &&
	expect_grep "contentcal: --threads: .none. is not a number" err
'

test_expect_success 'a missing value, a value for a flag, a bad choice, a bad format' '
	test_must_fail 2 contentcal -C r list --limit 2>err &&
	expect_grep "contentcal list: --limit needs a value" err &&
	test_must_fail 2 contentcal -C r report -o 2>err &&
	expect_grep "contentcal report: -o needs a value" err &&
	test_must_fail 2 contentcal -C r relevance --all=yes 2>err &&
	expect_grep "contentcal relevance: --all takes no value" err &&
	test_must_fail 2 contentcal -C r coverage --by stage 2>err &&
	expect_grep "contentcal coverage: --by takes persona or topic, not .stage." err &&
	test_must_fail 2 contentcal -C r list --format yaml 2>err &&
	expect_grep "contentcal list: unknown format .yaml. (text, json, jsonl, csv)" err
'

test_expect_success 'the help of every command comes from its table and lists what it parses' '
	contentcal help index >h &&
	expect_grep "^  -q, --quiet " h &&
	contentcal -C r index --qui >out 2>&1 && test ! -s out &&
	contentcal help relevance >h &&
	expect_grep "^  --stage S, --persona P, --topic T$" h &&
	expect_grep "^  --top N, --bottom N " h
'

test_done
