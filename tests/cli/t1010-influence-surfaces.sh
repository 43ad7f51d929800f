#!/bin/sh
# Influence where people look: intent assets (declared and measured) marked
# in search, recommend and the sales library; the report's influence
# section; and a warehouse's per-asset results (bench/influence.sql run by
# sqlite3) committed under engagement.files and read back while indexing.
. "$(dirname "$0")/lib.sh"

AS_OF=2026-11-23
PRICING=content/datasheet/northwind-platform-pricing-datasheet.md
MERIDIAN=content/case-study/meridian-logistics-migration.md

# The sample library with its CRM exports; the pricing datasheet no longer
# declares intent (so it is measured only), the Meridian case study still
# does (declared, and no stage measures it).
test_expect_success 'setup: the sample library with CRM data' '
	cp -R "$SRC_DIR/content-sample" cs &&
	sed -i "/^intent: true$/d" "cs/$PRICING" &&
	git -C cs init -q && git -C cs add -A && git -C cs commit -q -m sample &&
	contentcal -C cs crm import crm/contacts.csv crm/touches.csv crm/form-submissions.csv \
		crm/opportunities.csv crm/opportunity-history.csv >out 2>err &&
	contentcal -C cs influence --nurture --as-of $AS_OF >nurture &&
	expect_grep "^$PRICING at Qualification: 20/23 consumed .*INTENT ASSET$" nurture &&
	expect_grep "^  $MERIDIAN$" nurture
'

test_expect_success 'search JSON: the intent key, measured and declared, absent elsewhere' '
	contentcal -C cs search packaging --all --as-of $AS_OF --format json >p.json &&
	contentcal -C cs search meridian --all --as-of $AS_OF --format json >m.json &&
	python3 - p.json m.json <<-PY
	import json, sys
	p = {r["path"]: r for r in json.load(open(sys.argv[1]))["results"]}
	m = {r["path"]: r for r in json.load(open(sys.argv[2]))["results"]}
	i = p["$PRICING"]["intent"]
	assert i["measured"] is True and i["declared"] is False, i
	assert (i["stage"], i["next"], i["consumed"], i["others"]) == ("Qualification", "Proposal", 23, 17), i
	assert abs(i["lift"] - (20 / 23 - 2 / 17)) < 1e-9, i
	assert 0 < i["ci"][0] < i["lift"] < i["ci"][1], i
	i = m["$MERIDIAN"]["intent"]
	assert i["declared"] is True and i["measured"] is False, i
	assert i["ci"][0] <= 0, i
	others = [r for path, r in list(p.items()) + list(m.items()) if path not in ("$PRICING", "$MERIDIAN")]
	assert others and all("intent" not in r for r in others), [r["path"] for r in others if "intent" in r]
	PY
'

test_expect_success 'search text marks them; the cache gives the same marks and follows new CRM data' '
	contentcal -C cs search packaging --all --as-of $AS_OF >t1 2>/dev/null &&
	expect_grep "^   intent asset (measured): Qualification -> Proposal +0.75 (95% CI 0.34 to 0.92; 23 consumed, 17 not)$" t1 &&
	contentcal -C cs search meridian --all --as-of $AS_OF >t2 2>/dev/null &&
	expect_grep "^   intent asset (declared): Proposal -> Negotiation" t2 &&
	test "$(sqlite3 cs/.git/contentcal/index.db "SELECT count(*) FROM intent_cache")" = 1 &&
	contentcal -C cs search packaging --all --as-of $AS_OF >t3 2>/dev/null && test_cmp t1 t3 &&
	sqlite3 cs/.git/contentcal/index.db "DROP TABLE intent_cache" &&
	contentcal -C cs search packaging --all --as-of $AS_OF >t4 2>/dev/null && test_cmp t1 t4 &&
	key1=$(sqlite3 cs/.git/contentcal/index.db "SELECT key FROM intent_cache") &&
	printf "email,date,asset\nnew.person@example.test,2026-11-01,%s\n" "$PRICING" >cs/more.csv &&
	contentcal -C cs crm import more.csv >/dev/null 2>&1 &&
	contentcal -C cs search packaging --all --as-of $AS_OF >/dev/null 2>&1 &&
	key2=$(sqlite3 cs/.git/contentcal/index.db "SELECT key FROM intent_cache") &&
	test "$key1" != "$key2"
'

test_expect_success 'recommend marks them in text and JSON' '
	contentcal -C cs recommend --persona cfo --stage consideration --include-stale --as-of $AS_OF >r.txt &&
	expect_grep "^     intent asset (measured): Qualification -> Proposal +0.75" r.txt &&
	contentcal -C cs recommend --persona it-director --stage decision --include-stale --as-of $AS_OF \
		--limit 50 --format json >r.json &&
	python3 - r.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	picks = {p["path"]: p for p in d["now"]}
	assert picks["$MERIDIAN"]["intent"]["declared"] is True, picks["$MERIDIAN"]
	assert all("intent" not in p for k, p in picks.items() if k != "$MERIDIAN")
	PY
'

test_expect_success 'without CRM data only the declaration counts' '
	mv cs/.git/contentcal/crm.db crm.db.aside &&
	contentcal -C cs search packaging --all --as-of $AS_OF --format json >n1.json &&
	contentcal -C cs search meridian --all --as-of $AS_OF --format json >n2.json &&
	mv crm.db.aside cs/.git/contentcal/crm.db &&
	python3 - n1.json n2.json <<-PY
	import json, sys
	r = {x["path"]: x for f in sys.argv[1:] for x in json.load(open(f))["results"]}
	assert "intent" not in r["$PRICING"], r["$PRICING"]
	assert r["$MERIDIAN"]["intent"] == {"declared": True, "measured": False}, r["$MERIDIAN"]["intent"]
	PY
'

command -v curl >/dev/null 2>&1 && have_curl=1 || have_curl=
# A server still running when the script ends is killed.
trap '[ -s "$TEST_DIR/srv.pid" ] && kill -KILL "$(cat "$TEST_DIR/srv.pid")" 2>/dev/null; rm -rf "$TEST_DIR"' EXIT

test_expect_success 'the sales library: a badge on the card and on the asset page' '
	if [ -z "$have_curl" ]; then echo "# curl missing: skipped"; return 0; fi
	( "$CONTENTCAL" -C cs serve --listen 127.0.0.1:0 --poll-ms 200 >srv.out 2>srv.err & echo $! >srv.pid; wait ) &
	i=0 && while ! grep -q "^serving http://127.0.0.1:" srv.out 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done &&
	PORT=$(sed -n "s|^serving http://127.0.0.1:\([0-9]*\)/$|\1|p" srv.out) &&
	curl -s "http://127.0.0.1:$PORT/search?q=packaging&stale=1" >card.html &&
	curl -s "http://127.0.0.1:$PORT/asset/northwind-platform-pricing-datasheet?stale=1" >page.html &&
	curl -s "http://127.0.0.1:$PORT/asset/meridian-logistics-migration?stale=1" >page2.html &&
	curl -s "http://127.0.0.1:$PORT/asset/northwind-kubernetes-service-datasheet?stale=1" >page3.html &&
	kill -TERM "$(cat srv.pid)" && wait &&
	expect_grep "<span class=\"badge intent\" title=\"intent asset (measured): Qualification -&gt; Proposal +0.75 (95% CI 0.34 to 0.92; 23 consumed, 17 not)\">intent asset · measured</span>" card.html &&
	expect_grep "badge intent.*intent asset · measured" page.html &&
	expect_grep "badge intent.*intent asset · declared" page2.html &&
	expect_no_grep "badge intent" page3.html
'

test_expect_success 'the report: influence per asset and by persona x stage, Markdown and HTML' '
	contentcal -C cs report --as-of $AS_OF --format markdown >rep.md &&
	expect_grep "^## Influence on pipeline$" rep.md &&
	expect_grep "under the w-shaped model, from the CRM exports" rep.md &&
	expect_grep "^| 3 | Northwind Cloud Platform: Pricing and Packaging | 17 | 177146.29 | 121337.42 |$" rep.md &&
	expect_grep "^| cfo | consideration | 358673.97 | 222151.67 |$" rep.md &&
	contentcal -C cs influence --as-of $AS_OF --format csv | tr -d "\r" >inf.csv &&
	expect_grep "^$PRICING,w-shaped,17,177146.29,121337.42$" inf.csv &&
	awk -F"|" "/^\| [a-z-]+ \| [a-z]+ \| [0-9.]+ \|/ { p += \$4 * 100 } END { printf \"%d\n\", p + 0.5 }" rep.md >sum &&
	echo 192052059 >expect && test_cmp expect sum &&
	contentcal -C cs report --as-of $AS_OF -o rep.html 2>/dev/null &&
	expect_grep "<section class=\"block\" id=\"influence\">" cs/rep.html &&
	expect_grep "<td class=\"asset\">Northwind Cloud Platform: Pricing and Packaging<span class=\"entry-meta\">datasheet</span></td><td class=\"num\">17</td><td class=\"num\">177146.29</td><td class=\"num\">121337.42</td>" cs/rep.html &&
	expect_grep "<td>cfo</td><td>consideration</td><td class=\"num\">358673.97</td><td class=\"num\">222151.67</td>" cs/rep.html &&
	sed "s/^influence:.*//" cs/contentcal.yml >c.yml && printf "influence: {model: first-touch}\n" >>c.yml && mv c.yml cs/contentcal.yml &&
	git -C cs commit -q -am "first-touch" &&
	contentcal -C cs report --as-of $AS_OF --format markdown >rep2.md &&
	expect_grep "under the first-touch model" rep2.md &&
	contentcal -C cs influence --as-of $AS_OF --format csv | tr -d "\r" >ft &&
	expect_grep "^[^,]*,first-touch," ft && expect_no_grep ",w-shaped," ft
'

test_expect_success 'no influence data: the section is left out' '
	make_repo plain &&
	add_asset plain content/blog/a.md "title: A" "status: published" "date: 2026-01-05" "stage: awareness" &&
	commit plain "one asset" &&
	contentcal -C plain report --as-of $AS_OF --format markdown >p.md &&
	expect_no_grep "Influence" p.md &&
	contentcal -C plain report --as-of $AS_OF -o p.html 2>/dev/null &&
	expect_grep "id=\"relevance\"" plain/p.html &&
	expect_no_grep "influence" plain/p.html
'

# A repository with CRM data, the same as t1000's: bench/influence.sql
# computes its per-asset results as a warehouse would.
crm_repo() {
	make_repo w &&
	cat >>w/contentcal.yml <<-'YML' &&
	url: "https://example.com/w/{slug}"
	engagement: {files: ["warehouse/*.csv"]}
	influence: {relevance_weight: 0.5}
	YML
	add_asset w content/blog/alpha.md "title: Alpha" "slug: alpha" "status: published" "stage: awareness" "persona: cio" &&
	add_asset w content/blog/beta.md "title: Beta" "slug: beta" "status: published" "stage: consideration" "persona: cfo" &&
	add_asset w content/blog/gamma.md "title: Gamma" "slug: gamma" "status: published" "stage: decision" "persona: cio" &&
	add_asset w content/blog/delta.md "title: Delta" "slug: delta" "status: published" "stage: decision" "persona: cfo" &&
	commit w "four assets" &&
	cat >w/opps.csv <<-'CSV' &&
	Id,AccountId,Amount,CreatedDate,CloseDate,StageName,IsClosed,IsWon
	006A00000000001,001A00000000AAA,1000.00,2026-03-01,2026-05-01,Closed Won,true,true
	006A00000000002,001A00000000AAA,500,2026-04-01,2026-09-01,Prospecting,false,false
	CSV
	cat >w/contacts.csv <<-'CSV' &&
	Id,Email,AccountId,CreatedDate
	003A00000SECRET1,alice.secret@acme.example,001A00000000AAA,2026-02-01
	CSV
	cat >w/touches.csv <<-'CSV' &&
	email,date,asset,channel
	alice.secret@acme.example,2026-01-10,alpha,web
	alice.secret@acme.example,2026-02-01,beta,web
	alice.secret@acme.example,2026-02-20,gamma,email
	alice.secret@acme.example,2026-04-20,delta,web
	CSV
	contentcal -C w crm import opps.csv contacts.csv touches.csv >/dev/null 2>&1
}

test_expect_success 'a warehouse runs bench/influence.sql; its export is committed and read back' '
	crm_repo &&
	sed -e "s/@AS_OF@/20605/" -e "s/@SINCE@/-1000000/" -e "s/@LOOKBACK@/365/" -e "s/@HALF_LIFE@/7.0/" \
		"$SRC_DIR/bench/influence.sql" >q.sql &&
	sqlite3 -csv w/.git/contentcal/crm.db <q.sql | tr -d "\r" >cents.csv &&
	test -s cents.csv &&
	mkdir -p w/warehouse &&
	{ echo "asset,model,opportunities,pipeline,revenue" &&
	  awk -F, "{ printf \"%s,%s,%d,%d.%02d,%d.%02d\n\", \$1, \$2, \$3, \$4 / 100, \$4 % 100, \$5 / 100, \$5 % 100 }" cents.csv; } \
		>w/warehouse/influence.csv &&
	expect_grep "^content/blog/alpha.md,w-shaped,2,500.01,333.34$" w/warehouse/influence.csv &&
	contentcal -C w relevance --all --explain --as-of 2026-06-01 >from_crm &&
	contentcal -C w search alpha --all --as-of 2026-06-01 --format json >/dev/null &&
	sqlite3 w/.git/contentcal/index.db "SELECT key FROM search_priors" >pk &&
	expect_grep ";crm=3:3:" pk &&
	mv w/.git/contentcal/crm.db crm-aside.db && mv w/.git/contentcal/crm.key crm-aside.key &&
	commit w "warehouse: influence results" &&
	contentcal -C w index 2>err &&
	expect_grep "1 committed engagement export, 1 read" err &&
	contentcal -C w relevance --all --explain --as-of 2026-06-01 >from_file &&
	expect_grep "influenced-pipeline raw       500.01" from_file &&
	test_cmp from_crm from_file &&
	contentcal -C w report --as-of 2026-06-01 --format markdown >w.md &&
	expect_grep "from the per-asset results committed under engagement.files" w.md &&
	expect_grep "^| 1 | Alpha | 2 | 500.01 | 333.34 |$" w.md &&
	expect_no_grep "By persona" w.md &&
	test_must_fail 1 contentcal -C w ingest warehouse/influence.csv 2>err &&
	expect_grep "warehouse/influence.csv:1: per-asset influence results (asset, model, opportunities, pipeline, revenue) are not engagement data: commit the file where engagement.files finds it" err
'

test_expect_success 'a malformed warehouse file: located errors, nothing of it counts' '
	cp w/warehouse/influence.csv good.csv &&
	{ cat good.csv &&
	  echo "content/blog/alpha.md,sideways,1,1.00,0.00" &&
	  echo "content/blog/beta.md,linear,x,1.00,0.00" &&
	  echo "content/blog/beta.md,u-shaped,1,1.005,0.00" &&
	  echo "content/blog/gamma.md,first-touch,1,1.00,2.00" &&
	  echo "content/blog/alpha.md,w-shaped,2,500.01,333.34" &&
	  echo "content/blog/gone.md,w-shaped,1,1.00,0.00"; } >w/warehouse/influence.csv &&
	n=$(wc -l <good.csv) &&
	commit w "a bad warehouse export" &&
	contentcal -C w index 2>err &&
	test_must_fail 1 contentcal -C w lint >lint.out 2>&1 &&
	expect_grep "warehouse/influence.csv:$((n + 1)):2: error: .*unknown model .sideways." lint.out &&
	expect_grep "warehouse/influence.csv:$((n + 2)):3: error: .*bad opportunities .x." lint.out &&
	expect_grep "warehouse/influence.csv:$((n + 3)):4: error: .*bad pipeline .1.005." lint.out &&
	expect_grep "warehouse/influence.csv:$((n + 4)):5: error: .*revenue .2.00. exceeds the pipeline" lint.out &&
	expect_grep "warehouse/influence.csv: error: bad-export: nothing of this committed export counts" lint.out &&
	contentcal -C w relevance --all --explain --as-of 2026-06-01 >bad &&
	expect_no_grep "influenced-pipeline" bad &&
	contentcal -C w report --as-of 2026-06-01 --format markdown >bad.md &&
	expect_no_grep "Influence" bad.md
'

test_expect_success 'a duplicate row and an unknown asset: told apart' '
	n=$(wc -l <good.csv) &&
	first=$(grep -n "^content/blog/alpha.md,w-shaped," good.csv | cut -d: -f1) &&
	{ cat good.csv && echo "content/blog/alpha.md,w-shaped,2,500.01,333.34"; } >w/warehouse/influence.csv &&
	commit w "a duplicate" &&
	contentcal -C w index 2>/dev/null &&
	test_must_fail 1 contentcal -C w lint >lint.out 2>&1 &&
	expect_grep "warehouse/influence.csv:$((n + 1)):1: error: .*a second row for this asset and model (the first is on line $first)" lint.out &&
	{ cat good.csv && echo "content/blog/gone.md,w-shaped,1,1.00,0.00"; } >w/warehouse/influence.csv &&
	commit w "an unknown asset" &&
	contentcal -C w index 2>/dev/null &&
	contentcal -C w lint >lint.out 2>&1 &&
	expect_grep "warehouse/influence.csv:$((n + 1)):1: warning: .*content/blog/gone.md. is not an indexed asset" lint.out &&
	contentcal -C w relevance --all --explain --as-of 2026-06-01 >back &&
	test_cmp from_crm back
'

test_expect_success 'config: influence.model validated with its location' '
	make_repo c &&
	printf "influence:\n  model: sideways\n" >>c/contentcal.yml &&
	git -C c commit -q --allow-empty -m e &&
	test_must_fail 2 contentcal -C c influence 2>err &&
	expect_grep "contentcal.yml:6:3: error: invalid-config: .influence.model. must be one of first-touch, .*, not .sideways." err &&
	printf "influence:\n  model: custom\n" >c/extra.yml && sed -i "/^influence:/,\$d" c/contentcal.yml && cat c/extra.yml >>c/contentcal.yml &&
	test_must_fail 2 contentcal -C c influence 2>err &&
	expect_grep "influence.model. must be custom only with influence.weights, not .custom." err
'

test_done
