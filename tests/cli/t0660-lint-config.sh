#!/bin/sh
# Lint that fits real sites: rule levels (lint.rules) and path overrides
# change what is reported and the exit code; lint PATH... and --since check
# only those files (duplicates still judged against the whole repository);
# unknown values list the valid ones; YAML errors sit at their cause; an
# asset left out of coverage by an unknown value is a gaps finding.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a site with news, docs and two pages at one URL' '
	make_repo r &&
	add_asset r content/news/old.md "title: Old news" "stage: awarness" "persona: cio" "date: 2020-01-01" "review_by: 2021-01-01" &&
	add_asset r content/docs/guide.md "title: Guide" "stage: awareness" "persona: cio" "date: 2026-01-01" "review_by: 2026-01-10" &&
	add_asset r content/docs/nopersona.md "title: No persona" "stage: decision" "date: 2026-01-02" &&
	add_asset r content/a/dup.md "title: Dup A" "slug: same" "stage: decision" "persona: cfo" &&
	add_asset r content/a/dup2.md "title: Dup B" "slug: same" "stage: decision" "persona: cfo" &&
	commit r base
'

test_expect_success 'without lint config: the defaults (warnings, duplicate slug errors)' '
	test_must_fail 1 contentcal -C r lint --format line >out &&
	expect_grep "^content/news/old.md:3:8: warning: unknown-value: unknown stage .awarness.; did you mean .awareness.? (valid: awareness, consideration, decision)$" out &&
	expect_grep "^content/docs/nopersona.md:.*warning: missing-field" out &&
	expect_grep "^content/a/dup.md:3:1: error: duplicate-slug" out
'

test_expect_success 'lint.rules: off hides a rule, a severity changes the exit code' '
	cat >>r/contentcal.yml <<-\EOF &&
	lint:
	  rules: {duplicate-slug: warning, missing-field: off, unknown-value: error}
	EOF
	commit r rules &&
	test_must_fail 1 contentcal -C r lint --format line >out &&
	expect_grep "^content/a/dup.md:3:1: warning: duplicate-slug" out &&
	expect_no_grep "missing-field" out &&
	expect_grep "^content/news/old.md:3:8: error: unknown-value" out &&
	sed -i "s/unknown-value: error/unknown-value: info/" r/contentcal.yml && commit r info &&
	contentcal -C r lint --format line >out &&
	expect_grep "^content/news/old.md:3:8: info: unknown-value" out &&
	test_must_fail 1 contentcal -C r lint --fail-on warning
'

test_expect_success 'overrides: per-path rule levels for lint, stale off for gaps' '
	contentcal -C r gaps --format line --as-of 2026-02-01 --quarter FY2026Q1 --fail-on none >gaps.out &&
	expect_grep "^content/news/old.md:[0-9]*:1: warning: stale:" gaps.out &&
	expect_grep "^content/docs/guide.md:[0-9]*:1: warning: stale: review-by date 2026-01-10" gaps.out &&
	cat >>r/contentcal.yml <<-\EOF &&
	overrides:
	  - paths: ["content/news/**"]
	    stale: off
	    rules: {unknown-value: error}
	  - paths: ["content/docs/**"]
	    stale: error
	EOF
	commit r overrides &&
	test_must_fail 1 contentcal -C r lint --format line >out &&
	expect_grep "^content/news/old.md:3:8: error: unknown-value" out &&
	test_must_fail 1 contentcal -C r gaps --format line --as-of 2026-02-01 --quarter FY2026Q1 --fail-on error >gaps.out &&
	expect_no_grep "^content/news/old.md:.*stale:" gaps.out &&
	expect_grep "^content/docs/guide.md:[0-9]*:1: error: stale:" gaps.out
'

test_expect_success 'overrides and lint.rules are validated, located' '
	cp r/contentcal.yml good.yml &&
	cat >>r/contentcal.yml <<-\EOF &&
	  - {paths: ["/etc/**"], stale: sometimes, rules: {duplicate-slag: off}}
	  - {stale: off}
	EOF
	test_must_fail 2 contentcal -C r lint 2>err &&
	expect_grep "contentcal.yml:1[0-9]:[0-9]*: error: invalid-config: .overrides.2.paths.0. must be relative" err &&
	expect_grep "contentcal.yml:1[0-9]:[0-9]*: error: invalid-config: .overrides.2.stale. must be error, warning, info or off, not .sometimes." err &&
	expect_grep "contentcal.yml:1[0-9]:[0-9]*: warning: unknown-config-key: unknown key .overrides.2.rules.duplicate-slag. (did you mean .duplicate-slug.?)" err &&
	expect_grep "error: invalid-config: .overrides.3. needs .paths." err &&
	cp good.yml r/contentcal.yml
'

test_expect_success 'lint PATH... reports only those files; a duplicate is judged against the whole repository' '
	contentcal -C r lint --format line --fail-on warning content/a/dup.md >out
	test $? -eq 1 &&
	expect_grep "^content/a/dup.md:3:1: warning: duplicate-slug: URL ./a/same/. is resolved for 2 files: .content/a/dup.md., .content/a/dup2.md." out &&
	test $(wc -l <out) -eq 1 &&
	contentcal -C r lint --format line --fail-on warning content/a/dup2.md >out2
	test $? -eq 1 &&
	test_cmp out out2 &&
	contentcal -C r lint --format line content/docs >out &&
	expect_no_grep "duplicate-slug" out &&
	expect_no_grep "content/news" out &&
	(cd r/content && contentcal lint --format line news/old.md) >out2; test $? -eq 1 &&
	expect_grep "^content/news/old.md:3:8: error: unknown-value" out2 &&
	test $(wc -l <out2) -eq 1 &&
	test_must_fail 2 contentcal -C r lint ../outside.md 2>err &&
	expect_grep "outside" err
'

test_expect_success 'lint --since REV checks only the files the change touches' '
	git -C r checkout -q -b pr &&
	add_asset r content/docs/new.md "title: New" "stage: desicion" "persona: cfo" &&
	commit r "pr: a new file with a typo" &&
	contentcal -C r lint --format line --since main >out
	test $? -eq 0 &&
	expect_grep "^content/docs/new.md:3:8: info: unknown-value: unknown stage .desicion.; did you mean .decision.?" out &&
	test $(wc -l <out) -eq 1 &&
	git -C r checkout -q main && git -C r merge -q --no-ff -m "merge" pr 2>/dev/null &&
	git -C r checkout -q pr && add_asset r content/a/dup.md "title: Dup A2" "slug: same" "stage: decision" "persona: cfo" &&
	commit r "pr: touch a duplicate" &&
	contentcal -C r lint --format line --since main >out &&
	expect_grep "^content/a/dup.md:3:1: warning: duplicate-slug" out &&
	expect_no_grep "content/docs/new.md" out &&
	test_must_fail 2 contentcal -C r lint --since no-such-rev 2>err &&
	expect_grep "no-such-rev" err
'

test_expect_success 'lint --worktree --since includes uncommitted changes' '
	sed -i "s/^title: Guide$/title: [Guide/" r/content/docs/guide.md &&
	contentcal -C r --worktree lint --format line --since main >out; test $? -eq 1 &&
	expect_grep "^content/docs/guide.md:2:8: error: invalid-yaml" out &&
	git -C r checkout -q -- content/docs/guide.md
'

test_expect_success 'an asset left out of coverage by an unknown value is a gaps finding' '
	git -C r checkout -q main &&
	contentcal -C r gaps --format line --as-of 2026-02-01 --quarter FY2026Q1 --fail-on none >out &&
	expect_grep "^content/docs/new.md:3:8: warning: vocabulary: left out of coverage: stage .desicion. (did you mean .decision.?) not in the config.s vocabulary" out &&
	contentcal -C r gaps --format json --as-of 2026-02-01 --quarter FY2026Q1 --fail-on none >out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
v = [f for f in d[\"findings\"] if f[\"kind\"] == \"vocabulary\"]
assert [f[\"subject\"] for f in v] == [\"content/docs/new.md\", \"content/news/old.md\"], v
assert v[0][\"data\"][\"values\"] == [{\"dimension\": \"stage\", \"value\": \"desicion\", \"nearest\": \"decision\"}], v[0]
assert d[\"summary\"][\"by_kind\"][\"vocabulary\"] == 2
"
'

test_expect_success 'unknown values in command options list the valid ones, nearest first' '
	test_must_fail 2 contentcal -C r list --stage evaluation 2>err &&
	expect_grep "unknown stage .evaluation.; valid: " err &&
	test_must_fail 2 contentcal -C r list --persona cfoo 2>err &&
	expect_grep "unknown persona .cfoo.; did you mean .cfo.? (valid: cfo, cio, developer)" err
'

test_expect_success 'an unclosed quote on line 2 is an error on line 2' '
	mkdir -p r/content/q && printf -- "---\ntitle: \"Unclosed\nstage: awareness\npersona: cio\ndate: 2026-01-01\nauthor: x\n---\n\nbody\n" >r/content/q/q.md &&
	commit r quote &&
	test_must_fail 1 contentcal -C r lint --format line content/q >out &&
	expect_grep "^content/q/q.md:2:8: error: invalid-yaml: while scanning a quoted scalar: found unexpected end of stream (noticed at line 7)$" out
'

test_done
