#!/bin/sh
# audit: verdicts and reasons; near-duplicates; broken links (also a lint rule); ratings ingest.
. "$(dirname "$0")/lib.sh"

words() { # words N SEED: N distinct-looking words
	python3 -c "import random,sys; r=random.Random(int(sys.argv[2])); print(' '.join('w%d' % r.randrange(100000) for _ in range(int(sys.argv[1]))))" "$1" "$2"
}

test_expect_success 'setup: duplicates, thin, expired, broken links, healthy' '
	make_repo r && mkdir -p r/content/blog r/static/img &&
	printf "audit: {similarity: 0.7, min_words: 50, window_days: 30}\n" >>r/contentcal.yml &&
	base=$(words 400 1) &&
	printf -- "---\ntitle: Orig\nstatus: published\ndate: 2026-09-01\nstage: awareness\npersona: cio\n---\n\n%s\n\nSee [twin](twin.md) and [gone](../blog/gone.md) and [site](/blog/healthy/) and [img](/img/x.png) and [ext](https://example.com/a).\n" "$base" >r/content/blog/orig.md &&
	twin=$(echo "$base" | python3 -c "import sys; w=sys.stdin.read().split(); w[200:240]=[\"z%d\" % i for i in range(40)]; print(\" \".join(w))") &&
	printf -- "---\ntitle: Twin\nstatus: published\ndate: 2026-09-02\nstage: awareness\npersona: cio\n---\n\n%s\n" "$twin" >r/content/blog/twin.md &&
	printf -- "---\ntitle: Healthy\nstatus: published\ndate: 2026-09-03\nstage: awareness\npersona: cio\n---\n\n%s\n\n[missing page](/blog/nowhere/)\n" "$(words 300 2)" >r/content/blog/healthy.md &&
	printf -- "---\ntitle: Thin\nstatus: published\ndate: 2026-09-04\nstage: awareness\npersona: cio\n---\n\nToo short to matter.\n" >r/content/blog/thin.md &&
	printf -- "---\ntitle: Expired\nstatus: published\ndate: 2026-01-04\nexpires: 2026-06-01\nstage: awareness\npersona: cio\n---\n\n%s\n" "$(words 300 3)" >r/content/blog/expired.md &&
	printf -- "---\ntitle: Fine\nstatus: published\ndate: 2026-09-05\nstage: awareness\npersona: cio\n---\n\n%s\n" "$(words 300 4)" >r/content/blog/fine.md &&
	touch r/static/img/x.png &&
	commit r "content" 2026-09-06T10:00:00+00:00
'

test_expect_success 'ingest --ratings: located errors, all or nothing' '
	printf "asset,rating,comment,who,date\nfine,5,Great for CFOs,Sam (sales),2026-09-10\norig,9,too high,Ann,2026-09-11\nnosuch,3,,Ann,2026-09-11\ntwin,2,,Ann,someday\n" >bad.csv &&
	test_must_fail 1 contentcal -C r ingest --ratings "$TEST_DIR/bad.csv" >out 2>err &&
	expect_grep "bad.csv:3:2: rating .9. is not a whole number from 1 to 5" err &&
	expect_grep "bad.csv:4:1: .nosuch. names no indexed asset" err &&
	expect_grep "bad.csv:5:5: .someday. is not a date" err &&
	expect_grep "nothing was stored" out &&
	contentcal -C r sql "SELECT count(*) AS n FROM engagement.ratings" --format csv >n && expect_grep "^0" n &&
	printf "Asset,Rating,Date,Comment,Who\nfine,5,2026-09-10,\"Great, for CFOs\",Sam\nfine,4,2026-09-12,Still good,Lee\nthin,1,2026-09-12,Useless,Lee\nthin,2,2026-09-13,,Sam\n" >good.csv &&
	contentcal -C r ingest --ratings "$TEST_DIR/good.csv" >out &&
	expect_grep "4 ratings stored" out &&
	contentcal -C r ingest --ratings "$TEST_DIR/good.csv" >out &&
	contentcal -C r sql "SELECT count(*) AS n FROM engagement.ratings" --format csv >n && expect_grep "^4" n &&
	printf "asset,stars\nfine,5\n" >hdr.csv &&
	test_must_fail 1 contentcal -C r ingest --ratings "$TEST_DIR/hdr.csv" 2>err &&
	expect_grep "hdr.csv:1:2: unknown column .stars." err
'

test_expect_success 'audit: verdicts, reasons and figures' '
	contentcal -C r audit --as-of 2026-10-01 --format json >a.json &&
	python3 - a.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	a = {x["path"].split("/")[-1]: x for x in d["assets"]}
	v = {k: x["verdict"] for k, x in a.items()}
	assert v == {"orig.md": "consolidate", "twin.md": "consolidate", "healthy.md": "update",
	    "thin.md": "retire", "expired.md": "retire", "fine.md": "keep"}, v
	assert d["pairs"] == 1
	dup = a["orig.md"]["duplicates"]
	assert [x["path"] for x in dup] == ["content/blog/twin.md"] and 0.7 <= dup[0]["similarity"] < 0.95, dup
	assert a["orig.md"]["broken_links"] == ["../blog/gone.md (line 11)"], a["orig.md"]["broken_links"]
	assert a["orig.md"]["external_links"] == ["https://example.com/a"]
	assert a["healthy.md"]["broken_links"] == ["/blog/nowhere/ (line 11)"], a["healthy.md"]
	assert a["expired.md"]["expired"] and "expired on 2026-06-01" in a["expired.md"]["stale"]
	assert a["thin.md"]["reasons"][0].startswith("trivial: 4 words (under 50)"), a["thin.md"]["reasons"]
	r = a["fine.md"]["ratings"]
	assert r["count"] == 2 and r["average"] == 4.5, r
	assert r["latest_comments"] == ["2026-09-12 Lee (4/5): Still good", "2026-09-10 Sam (5/5): Great, for CFOs"], r
	assert any(x.startswith("poorly rated: 1.5 of 5 from 2") for x in a["thin.md"]["reasons"]), a["thin.md"]
	PY
'

test_expect_success 'audit --format csv: path,verdict,reasons first; text summary' '
	contentcal -C r audit --as-of 2026-10-01 --format csv >a.csv &&
	head -1 a.csv | grep -q "^path,verdict,reasons,status,words," &&
	expect_grep "^content/blog/orig.md,consolidate,redundant: [0-9]*% like content/blog/twin.md; outdated: 1 broken link,published," a.csv &&
	python3 -c "import csv,sys; rows=list(csv.DictReader(open(sys.argv[1]))); assert len(rows)==6; f=[r for r in rows if r[\"path\"].endswith(\"fine.md\")][0]; assert f[\"rating_average\"]==\"4.50\" and f[\"ratings\"]==\"2\", f" a.csv &&
	contentcal -C r audit --as-of 2026-10-01 >a.txt &&
	expect_grep "^6 assets: 1 keep, 1 update, 2 consolidate, 2 retire; 1 near-duplicate pair" a.txt
'

test_expect_success 'lint reports broken-link at the link line' '
	contentcal -C r lint --format line >l.txt &&
	expect_grep "^content/blog/orig.md:11:1: warning: broken-link: link to .../blog/gone.md. leads to no asset or file" l.txt &&
	expect_grep "^content/blog/healthy.md:11:1: warning: broken-link" l.txt &&
	test $(grep -c broken-link l.txt) -eq 2
'

test_expect_success 'an engagement file of version 2 gains the ratings table in place, rows kept' '
	e=r/.git/contentcal/engagement.db &&
	sqlite3 "$e" "DROP TABLE ratings; PRAGMA user_version = 2;" &&
	n1=$(sqlite3 "$e" "SELECT count(*) FROM assets") &&
	contentcal -C r ingest --ratings "$TEST_DIR/good.csv" >out &&
	test "$(sqlite3 "$e" "PRAGMA user_version")" = 3 &&
	test "$(sqlite3 "$e" "SELECT count(*) FROM ratings")" = 4 &&
	test "$(sqlite3 "$e" "SELECT count(*) FROM assets")" = "$n1"
'

test_expect_success 'audit: usage errors and config validation' '
	test_must_fail 2 contentcal -C r audit --format xml 2>err &&
	make_repo bad && printf "audit: {similarity: 1.5, min_words: -1}\n" >>bad/contentcal.yml && commit bad init &&
	test_must_fail 2 contentcal -C bad audit 2>err &&
	expect_grep "contentcal.yml:5:9: error: invalid-config: .audit.similarity. must be a similarity above 0 and at most 1, not 1.5" err &&
	expect_grep "audit.min_words. must be a number of words" err
'

test_done
