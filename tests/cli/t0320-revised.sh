#!/bin/sh
# Freshness by content: an asset's revision is its front-matter lastmod /
# updated (fields.revised), else the last commit that changed its body; a
# commit that only retags (front matter) changes neither `revised` nor
# coverage.
. "$(dirname "$0")/lib.sh"

revised() {
	contentcal -C r list --format json >list.json &&
	python3 - list.json "$1" <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	rows = d if isinstance(d, list) else d["assets"]
	a = {x["path"]: x for x in rows}[sys.argv[2]]
	print(a["revised"], a["updated"][:10] if a["updated"] else None)
	PY
}

test_expect_success 'setup: two old posts, written in 2024' '
	make_repo r &&
	add_asset r content/blog/old.md "title: Old" "status: published" "date: 2024-01-10" "stage: awareness" "persona: cio" "topic: security" &&
	add_asset r content/blog/kept.md "title: Kept" "status: published" "date: 2024-01-10" "stage: awareness" "persona: cio" "topic: security" "lastmod: 2025-12-01" &&
	commit r "two posts" 2024-01-10T09:00:00+00:00 &&
	contentcal -C r index 2>/dev/null &&
	revised content/blog/old.md >got &&
	echo "2024-01-10 2024-01-10" >expect && test_cmp expect got &&
	revised content/blog/kept.md >got &&
	echo "2025-12-01 2024-01-10" >expect && test_cmp expect got &&
	contentcal -C r coverage --as-of 2026-03-01 --format json >cov.before
'

test_expect_success 'a retagging commit leaves revised and coverage unchanged (incremental history)' '
	sed -i "s/^persona: cio$/persona: cfo/" r/content/blog/old.md &&
	sed -i "s/^stage: awareness$/stage: awareness/; s/^topic: security$/topic: cloud/" r/content/blog/kept.md &&
	commit r "retag old posts" 2026-02-20T09:00:00+00:00 &&
	contentcal -C r index 2>/dev/null &&
	revised content/blog/old.md >got &&
	echo "2024-01-10 2026-02-20" >expect && test_cmp expect got &&
	test_must_fail 1 contentcal -C r gaps --as-of 2026-03-01 >gaps.out 2>&1 &&
	expect_grep "persona .cfo. has 0 fresh or scheduled awareness-stage assets, below the minimum of 1 (0 fresh, 0 scheduled; 1 live but stale (past review-by, or not updated within 365 days))" gaps.out &&
	contentcal -C r coverage --as-of 2026-03-01 --format json >cov.after &&
	python3 - cov.before cov.after <<-"PY"
	import json, sys
	def fresh(p):
	    return sum(c["fresh"] for c in json.load(open(p))["cells"])
	b, a = fresh(sys.argv[1]), fresh(sys.argv[2])
	assert b == a == 1, (b, a)
	PY
'

test_expect_success 'the same from a cold index (full history walk)' '
	rm -f r/.git/contentcal/index.db* &&
	contentcal -C r index 2>/dev/null &&
	revised content/blog/old.md >got &&
	echo "2024-01-10 2026-02-20" >expect && test_cmp expect got
'

test_expect_success 'a body change is a revision' '
	echo "A new paragraph." >>r/content/blog/old.md &&
	commit r "rewrite old" 2026-02-25T09:00:00+00:00 &&
	contentcal -C r index 2>/dev/null &&
	revised content/blog/old.md >got &&
	echo "2026-02-25 2026-02-25" >expect && test_cmp expect got &&
	contentcal -C r coverage --as-of 2026-03-01 --format json >cov.new &&
	python3 - cov.new <<-"PY"
	import json, sys
	assert sum(c["fresh"] for c in json.load(open(sys.argv[1]))["cells"]) == 2
	PY
'

test_expect_success 'fields.revised names other front-matter keys' '
	cat >>r/contentcal.yml <<-"YML" &&
	fields: {revised: [reviewed_on]}
	YML
	sed -i "s/^lastmod: 2025-12-01$/reviewed_on: 2026-01-05/" r/content/blog/kept.md &&
	commit r "reviewed" 2026-02-26T09:00:00+00:00 &&
	contentcal -C r index 2>/dev/null &&
	revised content/blog/kept.md >got &&
	echo "2026-01-05 2026-02-26" >expect && test_cmp expect got
'

test_done
