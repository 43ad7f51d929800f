#!/bin/sh
# search: syntax and escaping, stemming and accents, filters, drafts never
# shown by default, and the FTS table kept in sync (also on cascaded deletes).
. "$(dirname "$0")/lib.sh"

doc() { # doc PATH TITLE STATUS STAGE PERSONA BODY [EXTRA]
	mkdir -p "$(dirname "r/$1")" &&
	printf -- "---\ntitle: %s\nstatus: %s\ndate: 2026-01-10\nstage: %s\npersona: %s\nsummary: About %s\n%b---\n\n%s\n" \
		"$2" "$3" "$4" "$5" "$2" "${7:-}" "$6" >"r/$1"
}

test_expect_success 'setup' '
	make_repo r &&
	doc content/a.md "Cloud Migration Checklist" published awareness cio "Plan each migration wave. Zero trust matters." &&
	doc content/b.md "Zero Trust Field Guide" published consideration cio "Identity first. The café network is untrusted." &&
	doc content/c.md "Secret Draft Plan" draft awareness cio "Migration of the secret roadmap, zero trust too." &&
	doc content/d.md "Expired Offer" published decision cfo "Migration pricing offer." "expires: 2026-01-31\n" &&
	doc content/e.md "Pricing Datasheet" published decision cfo "What the migration costs, zero surprises." &&
	commit r "docs"
'

titles() { python3 -c "import json,sys; print(\"\n\".join(r[\"title\"] for r in json.load(sys.stdin)[\"results\"]))"; }

test_expect_success 'words, stemming: migrations finds migration; drafts and expired hidden' '
	contentcal -C r search migrations --as-of 2026-11-23 --format json | titles >out &&
	expect_grep "Cloud Migration Checklist" out &&
	expect_grep "Pricing Datasheet" out &&
	expect_no_grep "Secret Draft" out &&
	expect_no_grep "Expired Offer" out
'

test_expect_success '--all shows drafts and expired assets' '
	contentcal -C r search migration --all --as-of 2026-11-23 --format json | titles >out &&
	expect_grep "Secret Draft" out && expect_grep "Expired Offer" out &&
	contentcal -C r search migration --all --as-of 2026-11-23 >out 2>/dev/null &&
	expect_grep "status: draft" out
'

test_expect_success 'titles rank above bodies; phrase; exclusion; prefix; title:' '
	contentcal -C r search "zero trust" --as-of 2026-11-23 --format json | titles >out &&
	head -1 out | grep -q "Zero Trust Field Guide" &&
	contentcal -C r search "\"trust matters\"" --as-of 2026-11-23 --format json | titles >out &&
	test "$(cat out)" = "Cloud Migration Checklist" &&
	contentcal -C r search "zero -identity" --as-of 2026-11-23 --format json | titles >out &&
	expect_no_grep "Field Guide" out && expect_grep "Checklist" out &&
	contentcal -C r search "check*" --as-of 2026-11-23 --format json | titles >out &&
	test "$(cat out)" = "Cloud Migration Checklist" &&
	contentcal -C r search "title:pricing" --as-of 2026-11-23 --format json | titles >out &&
	test "$(cat out)" = "Pricing Datasheet" &&
	contentcal -C r search "cafe" --as-of 2026-11-23 --format json | titles >out &&
	test "$(cat out)" = "Zero Trust Field Guide"
'

test_expect_success 'filters and a highlighted snippet' '
	contentcal -C r search migration --stage decision --as-of 2026-11-23 --format json >j &&
	titles <j >out && test "$(cat out)" = "Pricing Datasheet" &&
	expect_grep "\[migration\]" j &&
	contentcal -C r search migration --persona cio --explain --as-of 2026-11-23 >out 2>/dev/null &&
	expect_grep "x text" out && expect_grep "x relevance" out
'

test_expect_success 'queries FTS5 would reject are text, never SQL errors' '
	for q in "\"" "AND" "a OR" "(" "NEAR(x y)" "x:y" "*" "^zero" "{title}:x" "zero\"\"trust" "-" "NOT zero"; do
		contentcal -C r search "$q" --as-of 2026-11-23 >out 2>err
		rc=$?
		test $rc -le 2 || { echo "exit $rc for $q"; return 1; }
		if grep -qi "sql\|fts5\|syntax error" err; then echo "raw error for $q"; cat err; return 1; fi
	done &&
	test_must_fail 2 contentcal -C r search "" 2>err &&
	expect_grep "nothing to search for" err &&
	test_must_fail 2 contentcal -C r search -- -zero 2>err &&
	expect_grep "at least one word that is not excluded" err &&
	test_must_fail 1 contentcal -C r search nonexistentword --as-of 2026-11-23 2>err
'

test_expect_success 'edits, removals and cascaded deletes keep the FTS table in sync' '
	doc content/b.md "Zero Trust Handbook" published consideration cio "Identity first, renamed." &&
	git -C r rm -q content/a.md &&
	commit r "edit and remove" &&
	contentcal -C r search checklist --as-of 2026-11-23 --format json | titles >out; test -z "$(cat out)" &&
	contentcal -C r search handbook --as-of 2026-11-23 --format json | titles >out &&
	test "$(cat out)" = "Zero Trust Handbook" &&
	sqlite3 r/.git/contentcal/index.db "INSERT INTO assets_fts(assets_fts, rank) VALUES (\"integrity-check\", 1)" &&
	cp r/.git/contentcal/index.db copy.db &&
	sqlite3 copy.db "PRAGMA foreign_keys = ON; DELETE FROM assets WHERE path = \"content/e.md\"; INSERT INTO assets_fts(assets_fts, rank) VALUES (\"integrity-check\", 1); SELECT count(*) FROM assets_fts WHERE assets_fts MATCH \"datasheet\";" >out &&
	echo 0 >expect && test_cmp expect out
'

test_expect_success 'recommend: the cell, the next stage, and an empty cell' '
	contentcal -C r recommend --persona cio --stage tofu --as-of 2026-11-23 >out;
	test $? -eq 1 && expect_grep "nothing published for cio at awareness" out &&
	expect_grep "nearest stage with assets for cio: consideration" out &&
	expect_grep "Zero Trust Handbook.*from consideration, not awareness" out &&
	expect_grep "To move them on (consideration)" out &&
	contentcal -C r recommend --persona cio --stage consideration --as-of 2026-11-23 >out &&
	expect_grep "1. Zero Trust Handbook" out &&
	expect_grep "Next (decision): nothing published for cio yet" out &&
	expect_no_grep "Secret Draft" out &&
	test_must_fail 1 contentcal -C r recommend --persona cfo --stage consideration --as-of 2026-11-23 --format json >j &&
	python3 -c "import json,sys; d=json.load(open(\"j\")); assert d[\"empty\"] and d[\"substitute\"] and d[\"substitute\"][0][\"substitute_from\"] == \"decision\", d" &&
	test_must_fail 2 contentcal -C r recommend --persona cio 2>err
'

test_done
