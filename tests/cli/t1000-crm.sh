#!/bin/sh
# crm import and influence: every preset, detection from the header, the
# hashing of personal data (no e-mail address or raw contact id anywhere in
# the database files), idempotent re-imports, located errors, all or
# nothing per file, unknown assets, the key, and exact influence figures.
. "$(dirname "$0")/lib.sh"

crm_setup() {
	make_repo r &&
	cat >>r/contentcal.yml <<'YML' &&
url: "https://example.com/r/{slug}"
influence:
  campaigns: {701A000000CAMP1: gamma, "Spring Webinar": beta}
YML
	add_asset r content/blog/alpha.md "title: Alpha" "slug: alpha" "stage: awareness" "persona: cio" "topics: [security]" &&
	add_asset r content/blog/beta.md "title: Beta" "slug: beta" "stage: consideration" "persona: cfo" "topics: [cloud]" &&
	add_asset r content/blog/gamma.md "title: Gamma" "slug: gamma" "stage: decision" "persona: cio" "topics: [security]" &&
	add_asset r content/blog/delta.md "title: Delta" "slug: delta" "stage: decision" "persona: cfo" &&
	commit r "four assets" &&
	cat >r/opps.csv <<-'CSV' &&
	Id,Name,AccountId,Amount,CreatedDate,CloseDate,StageName,IsClosed,IsWon
	006A00000000001,Acme expansion,001A00000000AAA,1000.00,2026-03-01T10:00:00.000+0000,2026-05-01,Closed Won,true,true
	006A00000000002,Acme renewal,001A00000000AAA,500,2026-04-01,2026-09-01,Prospecting,false,false
	CSV
	cat >r/contacts.csv <<-'CSV' &&
	Id,FirstName,LastName,Email,AccountId,CreatedDate
	003A00000SECRET1,Alice,Example,alice.secret@acme.example,001A00000000AAA,2026-02-01
	CSV
	cat >r/touches.csv <<-'CSV'
	email,date,asset,channel
	alice.secret@acme.example,2026-01-10,alpha,web
	Alice.Secret@ACME.example,2026-02-01T09:00:00Z,https://example.com/r/beta?utm_source=x,web
	alice.secret@acme.example,2026-02-20,gamma,email
	alice.secret@acme.example,2026-04-20,delta,web
	alice.secret@acme.example,2026-04-21,https://example.com/r/gone?email=alice.secret@acme.example,web
	CSV
}

test_expect_success 'import detects each export, hashes people, keeps unknown assets aside' '
	crm_setup &&
	contentcal -C r crm import opps.csv contacts.csv touches.csv >out 2>err &&
	expect_grep "opps.csv (salesforce-opportunity): 2 rows: 2 new" out &&
	expect_grep "contacts.csv (contacts): 1 rows: 1 new" out &&
	expect_grep "touches.csv (touches): 5 rows: 4 new, 0 updated, 0 unchanged, 0 skipped, 1 unknown-asset" out &&
	expect_grep "touches.csv:6: warning: .https://example.com/r/gone. names no known asset" err &&
	expect_no_grep "alice" err &&
	sqlite3 r/.git/contentcal/crm.db "SELECT count(*) FROM touches; SELECT count(*) FROM people; SELECT name FROM unmatched" >got &&
	printf "4\n2\nhttps://example.com/r/gone\n" >expect && test_cmp expect got
'

test_expect_success 'no e-mail, contact id or name in any CRM file, WAL included' '
	for f in r/.git/contentcal/crm.db*; do
		for s in alice.secret Alice.Secret acme.example 003A00000SECRET1 SECRET1 Example Alice; do
			if grep -a -q -- "$s" "$f"; then echo "$s in $f" >&2; return 1; fi
		done || return 1
	done &&
	sqlite3 r/.git/contentcal/crm.db "PRAGMA application_id; SELECT length(hash) FROM people LIMIT 1" >got &&
	printf "1128489842\n16\n" >expect && test_cmp expect got &&
	stat -c %a r/.git/contentcal/crm.key >mode && echo 600 >expect && test_cmp expect mode &&
	test "$(stat -c %s r/.git/contentcal/crm.key)" = 32 &&
	git -C r status --porcelain --ignored >st && expect_no_grep crm st
'

test_expect_success 'hashes survive a second connection with its WAL still open' '
	cat >r/more.csv <<-CSV &&
	contact,account,timestamp,url,channel
	003B00000SECRET2,001A00000000BBB,2026-03-03 10:00,alpha,web
	CSV
	contentcal -C r crm import more.csv >out &&
	(sqlite3 r/.git/contentcal/crm.db "PRAGMA wal_autocheckpoint=0; BEGIN; INSERT INTO meta VALUES(\"x\", \"y\"); COMMIT;" && true) &&
	for f in r/.git/contentcal/crm.db*; do
		if grep -a -q -- "SECRET2" "$f"; then echo "id in $f" >&2; return 1; fi
	done &&
	sqlite3 r/.git/contentcal/crm.db "DELETE FROM meta WHERE key = \"x\"; DELETE FROM touches WHERE account != 0; DELETE FROM accounts WHERE name = \"001A00000000BBB\""
'

test_expect_success 're-importing the same files changes nothing' '
	sqlite3 r/.git/contentcal/crm.db "SELECT * FROM touches; SELECT * FROM opportunities; SELECT * FROM contacts; SELECT * FROM people" | cut -d"|" -f1-8 >before &&
	contentcal -C r crm import opps.csv contacts.csv touches.csv >out 2>err &&
	expect_grep "opps.csv (salesforce-opportunity): 2 rows: 0 new, 0 updated, 2 unchanged" out &&
	expect_grep "contacts.csv (contacts): 1 rows: 0 new, 0 updated, 1 unchanged" out &&
	expect_grep "touches.csv (touches): 5 rows: 0 new, 0 updated, 4 unchanged" out &&
	sqlite3 r/.git/contentcal/crm.db "SELECT * FROM touches; SELECT * FROM opportunities; SELECT * FROM contacts; SELECT * FROM people" | cut -d"|" -f1-8 >after &&
	test_cmp before after
'

test_expect_success 'influence: exact figures per model, csv columns as documented' '
	contentcal -C r influence --models all --as-of 2026-06-01 --format csv >raw && tr -d "\r" <raw >out &&
	head -1 out >h && echo "asset,model,opportunities,pipeline,revenue" >expect && test_cmp expect h &&
	expect_grep "^content/blog/alpha.md,first-touch,2,1500.00,1000.00$" out &&
	expect_grep "^content/blog/beta.md,lead-creation,2,1500.00,1000.00$" out &&
	expect_grep "^content/blog/gamma.md,last-touch,2,1500.00,1000.00$" out &&
	expect_grep "^content/blog/alpha.md,w-shaped,2,500.01,333.34$" out &&
	expect_grep "^content/blog/delta.md,full-path,1,250.00,250.00$" out &&
	expect_grep "^content/blog/delta.md,linear,2,375.00,250.00$" out &&
	for m in first-touch last-touch lead-creation linear u-shaped w-shaped full-path time-decay; do
		awk -F, -v m=$m "\$2 == m { p += \$4 * 100; r += \$5 * 100 } END { printf \"%d %d\n\", p + 0.5, r + 0.5 }" out >sum &&
		echo "150000 100000" >expect && test_cmp expect sum || return 1
	done
'

test_expect_success 'influence --explain lists every touch with its credit' '
	contentcal -C r influence --explain alpha --model w-shaped --as-of 2026-06-01 >out &&
	expect_grep "opportunity 006A00000000001: amount 1000.00, created 2026-03-01, won 2026-05-01" out &&
	expect_grep "2026-01-10  FT          \*content/blog/alpha.md  *333.34" out &&
	expect_grep "2026-04-20  CW           content/blog/delta.md  *0.00" out &&
	contentcal -C r influence --explain content/blog/alpha.md --models linear,u-shaped --as-of 2026-06-01 --format json >j &&
	python3 - j <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	ex = d["explain"]["opportunities"]
	assert [o["opportunity"] for o in ex] == ["006A00000000001", "006A00000000002"], ex
	for o in ex:
	    for m in ("linear", "u-shaped"):
	        assert sum(t["credit_cents"][m] for t in o["touches"]) == o["amount_cents"]
	assert ex[1]["status"] == "open" and ex[0]["touches"][0]["positions"] == ["FT"]
	PY
	test_must_fail 2 contentcal -C r influence --explain nosuch 2>err &&
	expect_grep "has no touches" err
'

test_expect_success 'influence by persona-stage, topic and format; --since; --as-of' '
	contentcal -C r influence --by persona-stage --model first-touch --as-of 2026-06-01 --format csv >raw && tr -d "\r" <raw >out &&
	expect_grep "^persona,stage,model,opportunities,pipeline,revenue$" out &&
	expect_grep "^cio,awareness,first-touch,2,1500.00,1000.00$" out &&
	contentcal -C r influence --by topic --model linear --as-of 2026-06-01 --format csv >raw && tr -d "\r" <raw >out &&
	expect_grep "^security,linear,4,750.00,500.00$" out &&
	expect_grep "^(none),linear,2,375.00,250.00$" out &&
	contentcal -C r influence --since 2026-03-15 --model first-touch --as-of 2026-06-01 --format csv >raw && tr -d "\r" <raw >out &&
	expect_grep "^content/blog/alpha.md,first-touch,1,500.00,0.00$" out &&
	contentcal -C r influence --model first-touch --as-of 2026-04-15 --format csv >raw && tr -d "\r" <raw >out &&
	expect_grep "^content/blog/alpha.md,first-touch,2,1500.00,0.00$" out
'

test_expect_success 'located errors: nothing of a bad file is stored, the others are' '
	cat >r/bad.csv <<-'CSV' &&
	Id,AccountId,Amount,CreatedDate,CloseDate,StageName,IsClosed,IsWon
	006A00000000009,001A00000000AAA,12.345,2026-03-01,2026-05-01,Closed Won,true,true
	006A00000000010,001A00000000AAA,10,2026-02-30,,Prospecting,false,false
	006A00000000011,001A00000000AAA,10,2026-03-01,,Prospecting,maybe,false
	006A00000000012,001A00000000AAA,10
	006A00000000013,001A00000000AAA,10,2026-03-01,,Prospecting,true,false
	006A00000000014,001A00000000AAA,10,2026-03-01,2026-04-01,Prospecting,false,false
	CSV
	cat >r/badtouch.csv <<-'CSV' &&
	email,date,asset
	not-an-address,2026-01-10,alpha
	,2026-01-10,alpha
	x@y.example,yesterday,alpha
	x@y.example,hidden@swap.example,alpha
	CSV
	test_must_fail 1 contentcal -C r crm import bad.csv badtouch.csv opps.csv >out 2>err &&
	expect_grep "^bad.csv:2:3: bad amount .12.345." err &&
	expect_grep "^bad.csv:3:4: bad creation date .2026-02-30." err &&
	expect_grep "^bad.csv:4:7: bad IsClosed .maybe." err &&
	expect_grep "^bad.csv:5: missing column .CreatedDate. (3 of 8 fields)" err &&
	expect_grep "^bad.csv:6:5: closed without a close date" err &&
	expect_grep "^badtouch.csv:2:1: not an e-mail address" err &&
	expect_grep "^badtouch.csv:3: no contact" err &&
	expect_grep "^badtouch.csv:4:2: bad date .yesterday." err &&
	expect_grep "^badtouch.csv:5:2: bad date .(hidden: looks like an e-mail)." err &&
	expect_no_grep "swap.example" err &&
	expect_grep "bad.csv (salesforce-opportunity): 6 rows: 0 new.*5 bad rows; nothing of this file was stored" out &&
	expect_grep "opps.csv (salesforce-opportunity): 2 rows: 0 new, 0 updated, 2 unchanged" out &&
	sqlite3 r/.git/contentcal/crm.db "SELECT count(*) FROM opportunities" >n && echo 2 >expect && test_cmp expect n &&
	printf "whatever,else\n1,2\n" >r/odd.csv &&
	test_must_fail 1 contentcal -C r crm import odd.csv 2>err &&
	expect_grep "odd.csv:1: the header fits no CRM export" err &&
	test_must_fail 1 contentcal -C r crm import --preset salesforce-opportunity contacts.csv 2>err &&
	expect_grep "contacts.csv:1: not a salesforce-opportunity export: missing columns Amount, CloseDate, StageName, IsClosed, IsWon" err &&
	test_must_fail 2 contentcal -C r crm import --preset nope opps.csv 2>err &&
	expect_grep "unknown preset .nope." err
'

test_expect_success 'a newer opportunity export updates; history, roles, campaign members' '
	sed "s/Prospecting,false,false/Closed Lost,true,false/" r/opps.csv >r/opps2.csv &&
	contentcal -C r crm import opps2.csv >out &&
	expect_grep "2 rows: 0 new, 1 updated, 1 unchanged" out &&
	cat >r/hist.csv <<-'CSV' &&
	Id,OpportunityId,StageName,Amount,CreatedDate
	008A1,006A00000000001,Prospecting,1000,2026-03-01T10:00:00.000+0000
	008A2,006A00000000001,Closed Won,1000,2026-05-01T10:00:00.000+0000
	CSV
	cat >r/roles.csv <<-'CSV' &&
	Id,OpportunityId,ContactId,Role,IsPrimary
	00KA1,006A00000000002,003A00000SECRET1,Decision Maker,true
	CSV
	cat >r/cm.csv <<-'CSV' &&
	Id,CampaignId,ContactId,LeadId,Status,HasResponded,FirstRespondedDate,CreatedDate
	00vA1,701A000000CAMP1,003A00000SECRET1,,Responded,true,2026-03-20,2026-03-01
	00vA2,701A000000CAMP1,003A00000SECRET1,,Sent,false,,2026-03-01
	00vA3,701A000000OTHER,,00QA0000LEAD001,Responded,true,2026-03-21,2026-03-01
	CSV
	contentcal -C r crm import hist.csv roles.csv cm.csv >out 2>err &&
	expect_grep "hist.csv (salesforce-opportunity-history): 2 rows: 2 new" out &&
	expect_grep "roles.csv (salesforce-contact-role): 1 rows: 1 new" out &&
	expect_grep "cm.csv (salesforce-campaign-member): 3 rows: 1 new, 0 updated, 0 unchanged, 1 skipped, 1 unknown" out &&
	expect_grep "cm.csv:4: warning: campaign .701A000000OTHER. has no asset in influence.campaigns" err &&
	for f in r/.git/contentcal/crm.db*; do
		if grep -a -q -- "LEAD001" "$f"; then echo "lead id in $f" >&2; return 1; fi
	done &&
	contentcal -C r influence --model last-touch --as-of 2026-06-01 --format csv >raw && tr -d "\r" <raw >out &&
	expect_grep "^content/blog/gamma.md,last-touch,2,1500.00,1000.00$" out
'

test_expect_success 'influence --nurture: velocity per quarter, funnel from history' '
	contentcal -C r influence --nurture --as-of 2026-06-01 --format json >j &&
	python3 - j <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	v = {q["quarter"]: q for q in d["velocity"]}
	# first touch 2026-01-10; opportunities created 03-01 (50 days) and 04-01 (81 days)
	assert v["FY2026Q1"]["median_days"] == 50 and v["FY2026Q1"]["opportunities"] == 1, v
	assert v["FY2026Q2"]["median_days"] == 81, v
	assert d["velocity_trend"]["trend"] == "growing", d["velocity_trend"]
	assert d["velocity_trend"]["median_change_per_quarter_days"] == 31
	assert d["funnel"] == ["Prospecting", "Closed Won"], d["funnel"]
	PY
	test_must_fail 2 contentcal -C r influence --nurture --format csv 2>err &&
	expect_grep "text or json" err
'

test_expect_success 'the sample library: an intent asset measured, one declared only' '
	cp -R "$SRC_DIR/content-sample" cs &&
	git -C cs init -q && git -C cs add -A && git -C cs commit -q -m sample &&
	contentcal -C cs crm import crm/contacts.csv crm/touches.csv crm/form-submissions.csv \
		crm/opportunities.csv crm/opportunity-history.csv >out 2>err &&
	expect_no_grep "unknown-asset" err &&
	contentcal -C cs influence --nurture --as-of 2026-11-23 >out &&
	expect_grep "^content/datasheet/northwind-platform-pricing-datasheet.md at Qualification: .*INTENT ASSET (declared)$" out &&
	expect_grep "^  content/case-study/meridian-logistics-migration.md$" out &&
	contentcal -C cs influence --by persona-stage --models all --as-of 2026-11-23 --format csv >raw && tr -d "\r" <raw >cells &&
	for m in first-touch last-touch lead-creation linear u-shaped w-shaped full-path time-decay; do
		awk -F, -v m=$m "\$3 == m { p += \$5 * 100 } END { printf \"%d\n\", p + 0.5 }" cells >sum &&
		echo 192052059 >expect && test_cmp expect sum || return 1
	done
'

test_expect_success 'relevance: influenced pipeline as a weighted term, shown by --explain' '
	contentcal -C r relevance --all --explain --as-of 2026-06-01 >before &&
	expect_no_grep "influenced-pipeline" before &&
	sed "s/^influence:$/influence:\n  relevance_weight: 0.5/" r/contentcal.yml >r/c.yml && mv r/c.yml r/contentcal.yml &&
	commit r "weight" &&
	contentcal -C r relevance --all --explain --as-of 2026-06-01 >out &&
	expect_grep "influenced-pipeline raw       483.34  decayed     483.3400  x weight 0.5    =     241.6700" out &&
	expect_grep "^1         266.7  100.0  all                    Gamma" out
'

test_expect_success 'HubSpot deals, form submissions and contact activity' '
	make_repo hs &&
	echo "url: \"https://example.com/r/{slug}\"" >>hs/contentcal.yml &&
	add_asset hs content/blog/alpha.md "title: Alpha" "slug: alpha" "stage: awareness" "persona: cio" &&
	add_asset hs content/blog/beta.md "title: Beta" "slug: beta" "stage: decision" "persona: cio" &&
	commit hs "two" &&
	cat >hs/deals.csv <<-'CSV' &&
	Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Associated Company IDs,Associated Contact IDs
	9001,Big one,closedwon,2000,2026-05-01 12:00,2026-03-01 09:00,5001,701;702
	9002,Small,Appointment Scheduled,300,,2026-04-01 09:00,5001,
	CSV
	cat >hs/contacts.csv <<-'CSV' &&
	Record ID,First Name,Email,Create Date,Associated Company IDs
	701,Bob,bob.hidden@beta.example,2026-01-15 10:00,5001
	CSV
	cat >hs/forms.csv <<-'CSV' &&
	Conversion Date,Email,Page URL,Form Name
	2026-02-01 10:00,bob.hidden@beta.example,https://example.com/r/alpha/,Demo request
	CSV
	cat >hs/activity.csv <<-'CSV' &&
	Record ID,Email,Activity Date,Activity Type,URL
	701,,2026-02-15 08:00,Page view,https://example.com/r/beta
	CSV
	contentcal -C hs crm import deals.csv contacts.csv forms.csv activity.csv >out 2>err &&
	expect_grep "deals.csv (hubspot-deals): 2 rows: 2 new" out &&
	expect_grep "contacts.csv (contacts): 1 rows: 1 new" out &&
	expect_grep "forms.csv (hubspot-forms): 1 rows: 1 new" out &&
	expect_grep "activity.csv (hubspot-activity): 1 rows: 1 new" out &&
	sqlite3 hs/.git/contentcal/crm.db "SELECT id, amount, closed, won FROM opportunities ORDER BY id; SELECT count(*) FROM roles; SELECT channel FROM touches ORDER BY ts" >got &&
	printf "9001|200000|1|1\n9002|30000|0|0\n2\nform\npage-view\n" >expect && test_cmp expect got &&
	for f in hs/.git/contentcal/crm.db*; do
		if grep -a -q -e bob -e Bob -e beta.example "$f"; then echo "personal data in $f" >&2; return 1; fi
	done &&
	contentcal -C hs influence --model u-shaped --as-of 2026-06-01 --format csv >raw && tr -d "\r" <raw >out &&
	expect_grep "^content/blog/alpha.md,u-shaped,2,2300.00,2000.00$" out &&
	contentcal -C hs influence --model first-touch --as-of 2026-06-01 --format json >j &&
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"influenced\"] == 2 and d[\"pipeline_cents\"] == 230000, d" j
'

test_expect_success 'the key: a lost or foreign key is refused, a foreign file untouched' '
	mv r/.git/contentcal/crm.key r/key.saved &&
	test_must_fail 2 contentcal -C r crm import touches.csv 2>err &&
	expect_grep "the CRM key .*crm.key. is missing" err &&
	head -c 32 /dev/zero >r/.git/contentcal/crm.key && chmod 600 r/.git/contentcal/crm.key &&
	test_must_fail 2 contentcal -C r crm import touches.csv 2>err &&
	expect_grep "is not the key of" err &&
	mv r/key.saved r/.git/contentcal/crm.key &&
	chmod 644 r/.git/contentcal/crm.key &&
	test_must_fail 2 contentcal -C r crm import touches.csv 2>err &&
	expect_grep "readable by others" err &&
	chmod 600 r/.git/contentcal/crm.key &&
	contentcal -C r crm import touches.csv >out &&
	make_repo f && git -C f commit -q --allow-empty -m e &&
	mkdir -p f/.git/contentcal && sqlite3 f/.git/contentcal/crm.db "CREATE TABLE mine(x); INSERT INTO mine VALUES (42)" &&
	cp f/.git/contentcal/crm.db before.db &&
	test_must_fail 2 contentcal -C f crm import ../r/touches.csv 2>err &&
	expect_grep "did not create as its CRM file" err &&
	cmp before.db f/.git/contentcal/crm.db &&
	make_repo l && git -C l commit -q --allow-empty -m e && mkdir -p l/.git/contentcal &&
	ln -s "$TEST_DIR/elsewhere.db" l/.git/contentcal/crm.db &&
	test_must_fail 2 contentcal -C l crm import ../r/touches.csv 2>err &&
	expect_grep "is a symbolic link" err && test ! -e elsewhere.db && test ! -e l/.git/contentcal/crm.key &&
	make_repo e && git -C e commit -q --allow-empty -m e &&
	test_must_fail 2 contentcal -C e influence 2>err &&
	expect_grep "no CRM data yet" err
'

test_expect_success 'config: influence section validated with locations' '
	make_repo c &&
	cat >>c/contentcal.yml <<-'YML' &&
	influence:
	  lookback_days: -3
	  weights: {first: 0, between: 0}
	  campaigns: {x: 5}
	  bogus: 1
	YML
	git -C c commit -q --allow-empty -m e &&
	test_must_fail 2 contentcal -C c influence 2>err &&
	expect_grep "contentcal.yml:6:3: error: invalid-config: .influence.lookback_days. must be a number of days (0-36500), not -3" err &&
	expect_grep "contentcal.yml:7:3: error: invalid-config: .influence.weights. must give at least one position" err &&
	expect_grep "contentcal.yml:8:15: error: invalid-config: .influence.campaigns.x. must be a string" err &&
	expect_grep "contentcal.yml:9:3: warning: unknown-config-key: unknown key .influence.bogus." err
'

# sql_vs_c REPO AS_OF_DAY AS_OF_DATE: bench/influence.sql and influence --models all agree.
sql_vs_c() {
	sed -e "s/@AS_OF@/$2/" -e "s/@SINCE@/-1000000/" -e "s/@LOOKBACK@/365/" -e "s/@HALF_LIFE@/7.0/" \
		"$SRC_DIR/bench/influence.sql" >q.sql &&
	sqlite3 -csv "$1/.git/contentcal/crm.db" <q.sql | tr -d "\r" | sort >sql.csv &&
	contentcal -C "$1" influence --models all --as-of "$3" --format csv | tr -d "\r" |
		awk -F, "NR > 1 && \$3 > 0 { for (k = 4; k <= 5; k++) { sub(/\\./, \"\", \$k); sub(/^0+/, \"\", \$k); if (\$k == \"\") \$k = 0 } print \$1 \",\" \$2 \",\" \$3 \",\" \$4 \",\" \$5 }" |
		sort >c.csv &&
	test -s c.csv && test_cmp c.csv sql.csv
}

test_expect_success 'the portable SQL of docs/influence.md computes the same figures' '
	sql_vs_c r 20605 2026-06-01 &&
	sql_vs_c r 20530 2026-03-18 &&
	sql_vs_c hs 20605 2026-06-01
'

test_done
