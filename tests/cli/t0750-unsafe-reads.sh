#!/bin/sh
# Reads on behalf of the content repository stay inside it (templates, the
# templates directory, the report template, the config found by discovery,
# through symbolic links at the end or in the middle of a path, and chains);
# an asset whose front matter did not parse is never offered (status
# invalid, listed with its error); Git LFS pointer files are a lint finding
# and never offered.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	mkdir outside && echo "SECRET-OUTSIDE-CONTENT {{title}}" >outside/blog.md &&
	echo "<html>SECRET-OUTSIDE-REPORT</html>" >outside/report.html &&
	mkdir -p outside/content outside/report && cp outside/blog.md outside/content/blog.md &&
	cp outside/report.html outside/report/report.html &&
	printf "content: [\"content/**/*.md\"]\n# SECRET-OUTSIDE-CONFIG\n" >outside/contentcal.yml
'

test_expect_success 'a template file linking outside the repository is refused by new' '
	make_repo t1 && mkdir -p t1/templates/content &&
	ln -s "$PWD/outside/blog.md" t1/templates/content/blog.md && commit t1 one &&
	test_must_fail 2 contentcal -C t1 new blog "A title" >out 2>err &&
	expect_grep "outside the repository" err &&
	! grep -r SECRET-OUTSIDE t1/content 2>/dev/null
'

test_expect_success 'a chain of links ending outside is refused too' '
	make_repo t2 && mkdir -p t2/templates/content &&
	ln -s "$PWD/outside/blog.md" t2/hop1 && ln -s ../../hop1 t2/templates/content/blog.md &&
	commit t2 one &&
	test_must_fail 2 contentcal -C t2 new blog "A title" >out 2>err &&
	expect_grep "outside the repository" err &&
	! grep -r SECRET-OUTSIDE t2/content 2>/dev/null
'

test_expect_success 'a templates directory (or a directory in the middle) linking outside is refused' '
	make_repo t3 && ln -s "$PWD/outside" t3/templates && commit t3 one &&
	test_must_fail 2 contentcal -C t3 new blog "A title" >out 2>err &&
	expect_grep "outside the repository" err &&
	test_must_fail 2 contentcal -C t3 new --list >out 2>err &&
	expect_grep "outside the repository" err &&
	make_repo t4 && mkdir t4/templates && ln -s "$PWD/outside/content" t4/templates/content &&
	commit t4 one &&
	test_must_fail 2 contentcal -C t4 new blog "A title" >out 2>err &&
	! grep -r SECRET-OUTSIDE t4/content 2>/dev/null
'

test_expect_success 'a template linking inside the repository still works' '
	make_repo t5 && mkdir -p t5/templates/content t5/shared &&
	printf -- "---\ntitle: \"{{title}}\"\nstatus: draft\n---\n\nINSIDE-TEMPLATE\n" >t5/shared/blog.md &&
	ln -s ../../shared/blog.md t5/templates/content/blog.md && commit t5 one &&
	contentcal -C t5 new blog "A title" >out 2>err &&
	grep -rq INSIDE-TEMPLATE t5/content
'

test_expect_success 'a report template linking outside is refused by report' '
	make_repo t6 && add_asset t6 content/a.md "title: A" "date: 2026-01-05" &&
	mkdir -p t6/templates/report && ln -s "$PWD/outside/report.html" t6/templates/report/report.html &&
	commit t6 one &&
	test_must_fail 2 contentcal -C t6 report --quarter FY2026Q1 -o "$PWD/r.html" >out 2>err &&
	expect_grep "outside the repository" err &&
	! grep -q SECRET-OUTSIDE r.html out 2>/dev/null
'

test_expect_success 'a contentcal.yml found by discovery that links outside is refused, like --config' '
	mkdir -p t7 && git -C t7 init -q && ln -s "$PWD/outside/contentcal.yml" t7/contentcal.yml &&
	add_asset t7 content/a.md "title: A" && commit t7 one &&
	test_must_fail 2 contentcal -C t7 list >out 2>err &&
	expect_grep "outside the repository" err &&
	test_must_fail 2 contentcal -C t7 --config contentcal.yml list >out 2>err &&
	expect_grep "outside the repository" err
'

test_expect_success 'a config found through a symlinked directory in the middle is refused' '
	mkdir -p t8 && git -C t8 init -q && ln -s "$PWD/outside" t8/site &&
	git -C t8 commit -q --allow-empty -m empty &&
	test_must_fail 2 contentcal -C t8/site list >out 2>err
'

test_expect_success 'front matter that does not parse: status invalid, never offered' '
	make_repo f && cat >>f/contentcal.yml <<-\YML &&
	url: "https://example.com/{slug}"
	YML
	printf -- "---\ntitle: Pricing 2027: the new tiers\nstatus: draft\npersona: cio\nstage: awareness\n---\n\nPricing secret body words.\n" >f/colon.md &&
	mkdir -p f/content && mv f/colon.md f/content/colon.md &&
	printf -- "---\ntitle: \"Unclosed quote\nstatus: draft\n---\n\nPricing secret body words.\n" >f/content/quote.md &&
	printf -- "{\"title\": \"json broken\", \"status\": \"draft\"\n\nPricing secret body words.\n" >f/content/json.md &&
	add_asset f content/good.md "title: Good pricing" "status: published" "persona: cio" "stage: awareness" &&
	commit f one &&
	contentcal -C f list --format jsonl >out &&
	grep "content/colon.md" out | grep -q "\"status\":\"invalid\"" &&
	grep "content/quote.md" out | grep -q "\"status\":\"invalid\"" &&
	grep "content/json.md" out | grep -q "\"status\":\"invalid\"" &&
	contentcal -C f search --format json pricing >out; test $? -le 1 &&
	expect_no_grep "colon.md" out && expect_no_grep "quote.md" out && expect_no_grep "json.md" out &&
	expect_grep "good.md" out &&
	contentcal -C f search --format json --persona cio --stage awareness >out2 2>/dev/null;
	expect_no_grep "colon.md" out2 &&
	contentcal -C f relevance --format json >out3; test $? -le 1 &&
	expect_no_grep "colon.md" out3 && expect_no_grep "quote.md" out3 &&
	test_must_fail 1 contentcal -C f lint --format line >lint &&
	expect_grep "content/colon.md:2" lint
'

test_expect_success 'coverage counts an unparseable asset nowhere' '
	contentcal -C f coverage --format json --as-of 2026-03-01 >cov 2>/dev/null; test $? -le 1 &&
	expect_no_grep "colon.md" cov
'

test_expect_success 'a Git LFS pointer is a lint finding (lfs-pointer, git lfs pull) and never offered' '
	make_repo l && mkdir -p l/content &&
	printf "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n" >l/content/pricing.md &&
	add_asset l content/good.md "title: Good" "status: published" &&
	commit l one &&
	test_must_fail 1 contentcal -C l lint --format line >lint &&
	expect_grep "content/pricing.md:1:1: .*lfs-pointer" lint &&
	expect_grep "git lfs pull" lint &&
	contentcal -C l list --format jsonl >out &&
	grep "content/pricing.md" out | grep -q "\"status\":\"invalid\"" &&
	contentcal -C l search --format json pricing >s; test $? -le 1 &&
	expect_no_grep "pricing.md" s &&
	contentcal -C l relevance --format json >rel; test $? -le 1 &&
	expect_no_grep "pricing.md" rel
'

test_expect_success 'text that only looks a bit like a pointer is an ordinary asset' '
	make_repo l2 && mkdir -p l2/content &&
	printf "version https://git-lfs.github.com/spec/v1\nnot a pointer after all\n" >l2/content/x.md &&
	commit l2 one &&
	contentcal -C l2 lint --format line >lint; test $? -le 1 &&
	expect_no_grep "lfs-pointer" lint
'

test_expect_success 'a work-tree directory replaced by a link outside is never read through on a cold build (the blob is)' '
	make_repo wl && mkdir -p wl/content/blog &&
	add_asset wl content/blog/x.md "title: Inside AAAA" "status: published" &&
	for i in $(seq 1 70); do
		add_asset wl content/f$i.md "title: Filler $i" || return 1
	done &&
	commit wl one &&
	sleep 1 && git -C wl status >/dev/null &&
	mkdir -p outside/blog &&
	sed "s/Inside AAAA/Outside BBB/" wl/content/blog/x.md >outside/blog/x.md &&
	test "$(wc -c <outside/blog/x.md)" = "$(wc -c <wl/content/blog/x.md)" &&
	touch -r wl/content/blog/x.md outside/blog/x.md &&
	rm -rf wl/content/blog && ln -s "$TEST_DIR/outside/blog" wl/content/blog &&
	contentcal -C wl list --format jsonl >out &&
	expect_grep "Inside AAAA" out &&
	expect_no_grep "Outside" out
'

test_done
