#!/bin/sh
# plan: a brief for every gap; --apply writes drafts that close them (the round trip).
. "$(dirname "$0")/lib.sh"

# As of Wednesday 2026-10-14: FY2026Q4 weeks start 09-28 (past), 10-05 (past), 10-12 (current), 10-19 ...
test_expect_success 'setup: a small library with gaps and engagement' '
	mkdir -p r && git -C r init -q && cat >r/contentcal.yml <<-\YML &&
	content: ["content/**/*.md"]
	stages: hubspot
	personas: [cio, cfo]
	topics: [security, cloud]
	formats: [blog, whitepaper, case-study, datasheet]
	calendar: {cadence_per_week: 1, topic_rotation_weeks: 4, horizon_weeks: 2, capacity_per_week: {default: 1}}
	coverage: {min_per_cell: 1, fresh_days: 400}
	YML
	add_asset r content/blog/a.md "title: A" "format: blog" "status: published" "date: 2026-09-30" "stage: awareness" "persona: cio" "topic: security" "author: Ana Lopez" &&
	add_asset r content/whitepaper/b.md "title: B" "format: whitepaper" "status: published" "date: 2026-06-01" "stage: consideration" "persona: cio" "topic: security" "author: Ben Ng" &&
	add_asset r content/case-study/c.md "title: C" "format: case-study" "status: published" "date: 2026-05-01" "stage: decision" "persona: cio" "topic: security" "author: Ben Ng" &&
	add_asset r content/datasheet/d.md "title: D" "format: datasheet" "status: published" "date: 2026-05-02" "stage: decision" "persona: cio" "topic: security" "author: Ben Ng" &&
	add_asset r content/blog/e.md "title: E" "format: blog" "status: published" "date: 2026-08-01" "review_by: 2026-10-01" "stage: awareness" "persona: cfo" "topic: cloud" "owner: Cy Dee" &&
	commit r "library" 2026-09-30T10:00:00+00:00 &&
	printf "date,asset,metric,value\n2026-09-01,c,views,100\n2026-09-01,c,downloads,10\n2026-09-01,d,views,20\n2026-09-01,b,views,50\n" >eng.csv &&
	contentcal -C r ingest "$TEST_DIR/eng.csv" >/dev/null
'

test_expect_success 'plan: one brief per gap, covering what it can, with figures' '
	contentcal -C r plan --as-of 2026-10-14 --quarter FY2026Q4 --format json >plan.json &&
	python3 - plan.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["quarter"] == "FY2026Q4" and d["as_of"] == "2026-10-14" and d["uncovered"] == 1, d
	b = d["briefs"]
	got = [(x["kind"], x["persona"], x["stage"], x["topic"], x["format"]["name"], x["date"]) for x in b]
	# e is stale (review-by passed), so by the lifecycle rule it no longer covers cfo/awareness
	assert got == [
	    ("coverage", "cfo", "awareness", "cloud", "blog", "2026-10-14"),
	    ("coverage", "cfo", "consideration", "cloud", "whitepaper", "2026-10-19"),
	    ("coverage", "cfo", "decision", "cloud", "case-study", "2026-10-26"),
	    ("stale", "cfo", "awareness", "cloud", "blog", "2026-11-02")], got
	assert b[0]["covers"] == ["coverage:cfo/awareness", "cadence:2026-10-12", "rotation:cloud"], b[0]["covers"]
	assert b[1]["covers"] == ["coverage:cfo/consideration", "cadence:2026-10-19"], b[1]["covers"]
	assert b[2]["covers"] == ["coverage:cfo/decision"], b[2]["covers"]
	assert b[3]["covers"] == ["stale:content/blog/e.md"] and b[3]["refresh"] == "content/blog/e.md"
	assert not b[0]["format"]["measured"] and b[0]["format"]["assets"] == 2, b[0]["format"]
	f = b[2]["format"]
	# case-study beats datasheet at decision: c has 100 views + 10 downloads (weight 5), d 20 views
	assert f["measured"] and f["assets"] == 1 and f["mean_score"] > 100, f
	assert b[0]["owner"] == {"name": "Ana Lopez", "load": 1, "capacity": 1}, b[0]["owner"]
	assert b[3]["owner"]["name"] == "Cy Dee", b[3]["owner"]
	assert b[1]["title"] == "Consideration-stage whitepaper for cfo on cloud", b[1]["title"]
	PY
'

test_expect_success 'plan is deterministic; markdown and yaml say the same' '
	contentcal -C r plan --as-of 2026-10-14 --quarter FY2026Q4 --format json >again.json &&
	test_cmp plan.json again.json &&
	contentcal -C r plan --as-of 2026-10-14 --quarter FY2026Q4 >plan.md &&
	expect_grep "^4 briefs covering 7 gaps; 1 gap cannot be planned (past weeks)." plan.md &&
	expect_grep "^## 3. Decision-stage case-study for cfo on cloud" plan.md &&
	expect_grep "format: case-study (best at this stage: mean relevance score" plan.md &&
	expect_grep "owner: Ana Lopez (1 of 1 that week)" plan.md &&
	contentcal -C r plan --as-of 2026-10-14 --quarter FY2026Q4 --format yaml >plan.yml &&
	{ ! python3 -c "import yaml" 2>/dev/null || python3 - plan.yml plan.json <<-\PY
	import json, sys, yaml
	y = yaml.safe_load(open(sys.argv[1])); j = json.load(open(sys.argv[2]))
	assert [b["title"] for b in y["briefs"]] == [b["title"] for b in j["briefs"]]
	assert [str(b["date"]) for b in y["briefs"]] == [b["date"] for b in j["briefs"]]
	PY
	} &&
	expect_grep "^  - kind: \"coverage\"" plan.yml
'

test_expect_success 'the report shows the plan and the workload' '
	contentcal -C r report --as-of 2026-10-14 --quarter FY2026Q4 --format markdown >rep.md &&
	expect_grep "^## Plan" rep.md &&
	expect_grep "^| 2026-10-26 | Decision-stage case-study for cfo on cloud | case-study | Ana Lopez | coverage:cfo/decision |" rep.md &&
	expect_grep "^## Workload by owner" rep.md &&
	contentcal -C r report --as-of 2026-10-14 --quarter FY2026Q4 -o rep.html &&
	expect_grep "<h3>Plan: 4 briefs</h3>" r/rep.html &&
	expect_grep "Refresh: E" r/rep.html && rm r/rep.html
'

test_expect_success 'plan --apply: drafts from templates; gaps --worktree no longer reports what they cover' '
	test_must_fail 1 contentcal -C r gaps --as-of 2026-10-14 --quarter FY2026Q4 --format json >before.json &&
	contentcal -C r plan --as-of 2026-10-14 --quarter FY2026Q4 --apply >created 2>err &&
	expect_grep "3 drafts written" err &&
	test $(wc -l <created) -eq 3 &&
	expect_grep "content/whitepaper/consideration-stage-whitepaper-for-cfo-on-cloud.md" created &&
	f=r/content/whitepaper/consideration-stage-whitepaper-for-cfo-on-cloud.md &&
	expect_grep "^status: \"scheduled\"" $f && expect_grep "^date: \"2026-10-19\"" $f &&
	expect_grep "^owner: Ana Lopez" $f &&
	contentcal -C r --worktree gaps --as-of 2026-10-14 --quarter FY2026Q4 --format json >after.json &&
	python3 - before.json after.json plan.json <<-\PY
	import json, sys
	before, after, plan = (json.load(open(p)) for p in sys.argv[1:4])
	key = lambda f: "%s:%s" % (f["kind"], f["subject"])
	b = {key(f) for f in before["findings"]}
	a = {key(f) for f in after["findings"]}
	covered = {c for x in plan["briefs"] if x["kind"] != "stale" for c in x["covers"]}
	assert covered and covered <= b, (covered, b)
	assert not (covered & a), covered & a
	assert b - a == covered, (b - a, covered)
	assert a == {"cadence:2026-10-05", "stale:content/blog/e.md"}, a
	PY
'

test_expect_success 'plan --apply never overwrites' '
	cp r/content/whitepaper/consideration-stage-whitepaper-for-cfo-on-cloud.md keep &&
	test_must_fail 2 contentcal -C r plan --as-of 2026-10-14 --quarter FY2026Q4 --apply >/dev/null 2>err &&
	expect_grep "already exists; not overwriting it" err &&
	cmp keep r/content/whitepaper/consideration-stage-whitepaper-for-cfo-on-cloud.md
'

test_expect_success 'plan: usage errors' '
	test_must_fail 2 contentcal -C r plan --format html 2>err &&
	test_must_fail 2 contentcal -C r plan --quarter FY2026Q9 2>err &&
	test_must_fail 2 contentcal -C r plan extra 2>err
'

test_done
