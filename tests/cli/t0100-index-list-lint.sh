#!/bin/sh
# index, list and lint on small repositories made here.
. "$(dirname "$0")/lib.sh"

test_expect_success 'index a repository and list it' '
	make_repo r &&
	add_asset r content/blog/a.md "title: Alpha" "date: 2026-01-05" "stage: awareness" "persona: cio" "topic: security" &&
	add_asset r content/blog/b.md "title: Beta" "date: 2026-02-05" "stage: [mofu]" "persona: [CFO, developer]" &&
	commit r "two assets" &&
	(cd r && contentcal index) 2>err &&
	expect_grep "+2 added ~0 changed -0 removed, 0 problems" err &&
	(cd r && contentcal list --format jsonl) >out &&
	test $(wc -l <out) -eq 2 &&
	expect_grep "\"stages\":\[\"consideration\"\]" out &&
	expect_grep "\"personas\":\[\"cfo\",\"developer\"\]" out
'

test_expect_success 're-indexing an unchanged repository does nothing' '
	(cd r && contentcal index) 2>err &&
	expect_grep "+0 added ~0 changed -0 removed, 0 problems (up to date)" err
'

test_expect_success 'a changed, an added and a removed file are counted' '
	add_asset r content/blog/a.md "title: Alpha 2" "stage: awareness" "persona: cio" &&
	add_asset r content/blog/c.md "title: Gamma" "stage: decision" "persona: cio" &&
	git -C r rm -q content/blog/b.md &&
	commit r "change" 2026-02-01T10:00:00+00:00 &&
	contentcal -C r index 2>err &&
	expect_grep "+1 added ~1 changed -1 removed" err &&
	contentcal -C r list --format csv >out &&
	expect_grep "Alpha 2" out && expect_no_grep "Beta" out
'

test_expect_success 'filters, where and sort' '
	contentcal -C r list --stage bofu --format jsonl >out &&
	test $(wc -l <out) -eq 1 && expect_grep Gamma out &&
	contentcal -C r list --where title=Gamma --format jsonl >out &&
	test $(wc -l <out) -eq 1 &&
	contentcal -C r list --where "title!=Gamma" --format jsonl >out &&
	test $(wc -l <out) -eq 1 && expect_grep "Alpha 2" out &&
	contentcal -C r list --sort title- --format csv >out &&
	head -2 out | tail -1 | grep -q Gamma
'

test_expect_success 'unknown filter values are usage errors with a suggestion' '
	test_must_fail 2 contentcal -C r list --stage decison 2>err &&
	expect_grep "did you mean .decision." err &&
	test_must_fail 2 contentcal -C r list --sort nonsense 2>err &&
	test_must_fail 2 contentcal -C r list --where "bad key=1" 2>err &&
	test_must_fail 2 contentcal -C r list --format xml 2>err
'

test_expect_success 'lint reports located problems and exits 1 on errors' '
	mkdir -p r/content/bad &&
	printf -- "---\ntitle: Bad\ndate: 2026-02-30\nstage: awarness\npersona: cio\n---\nbody\n" >r/content/bad/x.md &&
	commit r "bad" &&
	test_must_fail 1 contentcal -C r lint --format line >out &&
	expect_grep "content/bad/x.md:3:1: error: invalid-date:" out &&
	expect_grep "content/bad/x.md:4:8: warning: unknown-value: unknown stage .awarness.; did you mean .awareness.?" out &&
	contentcal -C r lint --fail-on error --format json >out; test $? -eq 1 &&
	expect_grep "\"rule\": \"invalid-date\"" out
'

test_expect_success '--where on nested keys and list elements; one row per asset' '
	add_asset r content/blog/n.md "title: Nested" "stage: awareness" "persona: cio" "params: {audience: [cfo, cio], level: 3}" "tags: [a, b, a]" &&
	commit r "nested" &&
	contentcal -C r list --where params.audience=cfo --format jsonl >out &&
	test $(wc -l <out) -eq 1 && expect_grep Nested out &&
	contentcal -C r list --where params.level=3 --format jsonl >out &&
	test $(wc -l <out) -eq 1 &&
	contentcal -C r list --where tags=a --format jsonl >out &&
	test $(wc -l <out) -eq 1 &&
	contentcal -C r sql --format csv "SELECT count(*) AS n FROM asset_fields WHERE key = \"tags\"" >out &&
	expect_grep "^3" out
'

test_expect_success 'a malformed config is a located error, exit 2, nothing done' '
	cp r/contentcal.yml good.yml &&
	printf "stages: hubspot\ncalendar:\n  fiscal_year_start: 13\npersonas: [cio\n" >r/contentcal.yml &&
	test_must_fail 2 contentcal -C r list 2>err &&
	expect_grep "contentcal.yml:" err &&
	printf "stages: hubspot\ncalendar:\n  fiscal_year_start: 13\n" >r/contentcal.yml &&
	test_must_fail 2 contentcal -C r list 2>err &&
	expect_grep "contentcal.yml:3:[0-9]*: error" err &&
	cp good.yml r/contentcal.yml
'

test_expect_success 'not a repository is exit 2' '
	mkdir -p plain &&
	test_must_fail 2 contentcal -C plain list 2>err &&
	expect_grep "not a git repository" err
'

test_expect_success 'help for every command' '
	contentcal help >out && expect_grep "index" out &&
	contentcal help list >out && expect_grep "usage: contentcal list" out &&
	contentcal list --help >out && expect_grep "usage: contentcal list" out &&
	test_must_fail 2 contentcal frobnicate 2>err
'

test_done
