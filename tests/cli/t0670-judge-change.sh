#!/bin/sh
# Judge the change: gaps --since REV --fail-on-new fails only on findings
# the change opens (identity: kind + subject), lists what it opens and
# closes, places annotations on the files of the change that cause them,
# and --as-of commit takes the day from the commit under test.
. "$(dirname "$0")/lib.sh"

Q="--quarter FY2026Q1"

test_expect_success 'setup: main has an error gap (cfo has no decision asset)' '
	make_repo r &&
	cat >>r/contentcal.yml <<-\EOF &&
	calendar: {cadence_per_week: 0, topic_rotation_weeks: 0}
	EOF
	for p in cio cfo developer; do
		for s in awareness consideration; do
			add_asset r content/$p-$s.md "title: $p $s" "stage: $s" "persona: $p" "date: 2026-01-05" || return 1
		done
	done &&
	add_asset r content/cio-decision.md "title: cio decision" "stage: decision" "persona: cio" "date: 2026-01-05" &&
	add_asset r content/developer-decision.md "title: dev decision" "stage: decision" "persona: developer" "date: 2026-01-05" &&
	commit r base 2026-01-15T10:00:00+00:00 &&
	test_must_fail 1 contentcal -C r gaps --format line --as-of 2026-01-15 $Q >out &&
	expect_grep "error: coverage: persona .cfo. has 0 fresh or scheduled decision-stage assets" out &&
	test $(grep -c ": error: " out) -eq 1
'

test_expect_success 'a branch that only adds an asset passes --fail-on-new (plain gaps still fails)' '
	git -C r checkout -q -b add-only main &&
	add_asset r content/cio-extra.md "title: extra" "stage: awareness" "persona: cio" "date: 2026-01-06" &&
	commit r "add an asset" 2026-01-16T10:00:00+00:00 &&
	test_must_fail 1 contentcal -C r gaps --as-of commit $Q --since main >/dev/null &&
	contentcal -C r gaps --as-of commit $Q --since main --fail-on-new >out 2>err &&
	expect_grep "^no gap opened by the change$" out &&
	expect_grep "^the change (since main) opens 0 findings (above), closes 0, leaves 1 as they were$" out &&
	expect_grep "^0 errors, 0 warnings$" err
'

test_expect_success 'a branch removing the last decision asset of a persona fails it, annotated on the cause' '
	git -C r checkout -q -b remove main &&
	git -C r rm -q content/developer-decision.md &&
	commit r "remove the last developer decision asset" 2026-01-16T10:00:00+00:00 &&
	test_must_fail 1 contentcal -C r gaps --as-of commit $Q --since main --fail-on-new --format line >out &&
	test $(wc -l <out) -eq 1 &&
	expect_grep "^contentcal.yml:3:22: error: coverage: persona .developer. has 0 fresh or scheduled decision-stage assets.*; this change deleted .content/developer-decision.md., which counted here$" out &&
	expect_no_grep "cfo" out
'

test_expect_success 'a change that moves an asset out of a cell is annotated on that file' '
	git -C r checkout -q -b restage main &&
	sed -i "s/^stage: decision$/stage: awareness/" r/content/developer-decision.md &&
	commit r "restage" 2026-01-16T10:00:00+00:00 &&
	GITHUB_STEP_SUMMARY=$TEST_DIR/summary.md &&
	export GITHUB_STEP_SUMMARY &&
	test_must_fail 1 contentcal -C r gaps --as-of commit $Q --since main --fail-on-new --format github >out &&
	unset GITHUB_STEP_SUMMARY &&
	test $(wc -l <out) -eq 1 &&
	expect_grep "^::error file=content/developer-decision.md,line=1,col=1,title=coverage gap%3A developer/decision::.*this change made .content/developer-decision.md. leave the cell$" out &&
	expect_grep "^### What the change does to the findings" summary.md &&
	expect_grep "^Opens 1 (the table above), closes 0, leaves 1 as they were (not judged).$" summary.md
'

test_expect_success 'closing a gap is listed; json has the identities, closed and unchanged counts' '
	git -C r checkout -q -b close main &&
	add_asset r content/cfo-decision.md "title: cfo decision" "stage: decision" "persona: cfo" "date: 2026-01-06" &&
	commit r "close the gap" 2026-01-16T10:00:00+00:00 &&
	contentcal -C r gaps --as-of commit $Q --since main --fail-on-new >out &&
	expect_grep "^  closed   coverage cfo/decision: persona .cfo. has 0" out &&
	contentcal -C r gaps --as-of commit $Q --since main --fail-on-new --format json >out.json &&
	python3 - out.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["as_of"] == "2026-01-16", d["as_of"]
	assert d["findings"] == [], d["findings"]
	s = d["since"]
	assert s["rev"] == "main" and len(s["base"]) == 40
	assert [(f["kind"], f["subject"]) for f in s["closed"]] == [("coverage", "cfo/decision")], s["closed"]
	assert s["unchanged"] == 0
	PY
'

test_expect_success 'an unknown value in a file the change touches is an error under --fail-on-new' '
	git -C r checkout -q -b typo main &&
	add_asset r content/typo.md "title: typo" "stage: desicion" "persona: cfo" "date: 2026-01-06" &&
	commit r "typo" 2026-01-16T10:00:00+00:00 &&
	contentcal -C r gaps --as-of commit $Q --format line --fail-on error >out; test $? -eq 1 &&
	expect_grep "^content/typo.md:3:8: warning: vocabulary: left out of coverage: stage .desicion. (did you mean .decision.?)" out &&
	test_must_fail 1 contentcal -C r gaps --as-of commit $Q --since main --fail-on-new --format line >out &&
	expect_grep "^content/typo.md:3:8: error: vocabulary:" out &&
	contentcal -C r gaps --as-of commit $Q --since main --fail-on-new --format github >gh; test $? -eq 1 &&
	expect_grep "^::error file=content/typo.md,line=3,col=8,title=vocabulary gap%3A content/typo.md::left out of coverage: stage .desicion." gh &&
	test $(wc -l <out) -eq 1
'

test_expect_success 'the base is where the branch left main: later work on main is not the change' '
	git -C r checkout -q main &&
	add_asset r content/cfo-decision.md "title: cfo decision on main" "stage: decision" "persona: cfo" "date: 2026-01-07" &&
	commit r "main closes the gap" 2026-01-17T10:00:00+00:00 &&
	git -C r checkout -q add-only &&
	contentcal -C r gaps --as-of commit $Q --since main --fail-on-new --format json >out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert d[\"findings\"] == [], d[\"findings\"]
assert d[\"since\"][\"unchanged\"] == 1, d[\"since\"]
"
'

test_expect_success '--as-of commit takes the committer date of the revision under test' '
	contentcal -C r gaps --as-of commit $Q --format json --fail-on none >out.json &&
	expect_grep "\"as_of\": \"2026-01-16\"" out.json &&
	contentcal -C r --rev main gaps --as-of commit $Q --format json --fail-on none >out.json &&
	expect_grep "\"as_of\": \"2026-01-17\"" out.json &&
	contentcal -C r calendar --as-of commit $Q --format json >cal.json &&
	expect_grep "\"as_of\": \"2026-01-16\"" cal.json
'

test_expect_success 'usage: --fail-on-new needs --since; a bad --as-of names commit' '
	test_must_fail 2 contentcal -C r gaps --fail-on-new 2>err &&
	expect_grep "needs --since" err &&
	test_must_fail 2 contentcal -C r gaps --as-of yesterday 2>err &&
	expect_grep "YYYY-MM-DD) or commit" err
'

test_expect_success 'the action judges a pull request: only what it opens fails' '
	"$SRC_DIR/.ci/source-copy" "$TEST_DIR/action" &&
	mkdir -p action/build/action && cp "$CONTENTCAL" "$CONTENTCAL-full" action/build/action/ &&
	key=$(cd action && find Makefile cmd lib templates .ci/deps -type f -print0 | LC_ALL=C sort -z |
		xargs -0 sha256sum | sha256sum | cut -c1-32) &&
	echo "$key" >action/build/action/source-key &&
	git -C r checkout -q add-only &&
	git -C r update-ref refs/remotes/origin/main main &&
	GITHUB_WORKSPACE=$TEST_DIR/r GITHUB_BASE_REF=main python3 "$SRC_DIR/tests/cli/action-run.py" "$TEST_DIR/action" \
		working-directory="$TEST_DIR/r" install-deps=false args="$Q" >out 2>&1 ||
		{ cat out; false; } &&
	expect_grep "^contentcal: cached build" out &&
	expect_grep "^contentcal gaps --format github --fail-on error --since origin/main --fail-on-new --as-of commit --quarter FY2026Q1$" out &&
	expect_no_grep "^::error" out &&
	git -C r checkout -q remove &&
	GITHUB_WORKSPACE=$TEST_DIR/r GITHUB_BASE_REF=main python3 "$SRC_DIR/tests/cli/action-run.py" "$TEST_DIR/action" \
		working-directory="$TEST_DIR/r" install-deps=false args="$Q" >out 2>&1
	test $? -eq 1 || { cat out; false; } &&
	expect_grep "^::error file=contentcal.yml,line=3,col=22,title=coverage gap%3A developer/decision::" out &&
	GITHUB_WORKSPACE=$TEST_DIR/r GITHUB_BASE_REF=main python3 "$SRC_DIR/tests/cli/action-run.py" "$TEST_DIR/action" \
		working-directory="$TEST_DIR/r" install-deps=false command=lint >out 2>&1 ||
		{ cat out; false; } &&
	expect_grep "^contentcal lint --format github --fail-on error --since origin/main$" out
'

test_done
