#!/bin/sh
# The main job on content-sample/: index it, summarise what was indexed,
# then the reports (each section appears once its command exists).
set -eu
bin=${1:-build/contentcal}
cc() { "$bin" -C content-sample "$@"; }
has() { "$bin" help "$1" >/dev/null 2>&1; }

echo "== index"
cc index
echo
echo "== what was indexed"
cc list --format json | python3 -c '
import collections, json, sys
assets = json.load(sys.stdin)
print(f"{len(assets)} assets")
for dim in ("stages", "personas", "topics"):
    c = collections.Counter(v for a in assets for v in a[dim])
    print(f"  {dim:9} " + ", ".join(f"{k} {n}" for k, n in sorted(c.items())))
c = collections.Counter(a["status"] for a in assets)
print("  status    " + ", ".join(f"{k} {n}" for k, n in sorted(c.items())))
' 2>/dev/null || cc list
echo
echo "== lint"
cc lint
echo
echo "== calendar (FY2026Q4 as of 2026-11-23)"
cc calendar --as-of 2026-11-23 --quarter FY2026Q4
echo
echo "== coverage"
cc coverage --as-of 2026-11-23 --quarter FY2026Q4
echo
echo "== gaps"
# Gaps are findings, not failures of the demo: show them, whatever the exit status.
cc gaps --as-of 2026-11-23 --quarter FY2026Q4 || true
if has sql; then
	echo
	echo "== sql: published assets per stage and format (docs/schema.md)"
	cc sql "SELECT t.value AS stage, a.format, count(*) AS assets FROM assets a
		JOIN asset_tags t ON t.asset = a.id AND t.dimension = 'stage'
		WHERE a.status = 'published' GROUP BY 1, 2 ORDER BY 1, 2" 2>/dev/null
fi
if has ingest && has relevance; then
	echo
	echo "== engagement: the committed GA4 export (content-sample/analytics/, read by index) plus"
	echo "== a local ingest of content-sample/engagement.csv; both add up"
	cc ingest engagement.csv
	for stage in awareness consideration decision; do
		echo
		echo "== top 3 $stage assets by relevance (as of 2026-11-23)"
		cc relevance --stage "$stage" --top 3 --as-of 2026-11-23 2>/dev/null
	done
	echo
	echo "== where the top awareness asset's figures come from (--explain)"
	cc relevance --stage awareness --top 1 --explain --as-of 2026-11-23 2>/dev/null
fi
if has crm && has influence; then
	echo
	echo "== crm: import the synthetic CRM exports (content-sample/crm/; e-mails and ids hashed)"
	cc crm import crm/contacts.csv crm/touches.csv crm/form-submissions.csv \
		crm/opportunities.csv crm/opportunity-history.csv
	echo
	echo "== influence by persona x stage (first touch, W-shaped, last touch)"
	cc influence --by persona-stage --models first-touch,w-shaped,last-touch --as-of 2026-11-23
	echo
	echo "== the nurturing effect: velocity and intent assets"
	cc influence --nurture --as-of 2026-11-23 | sed -n '1,/^stage scores/p'
	echo
	echo "== intent assets marked where sales look (recommend; search and serve too)"
	cc recommend --persona cfo --stage consideration --include-stale --as-of 2026-11-23
fi
if has report; then
	echo
	echo "== report"
	mkdir -p build
	cc report --as-of 2026-11-23 --quarter FY2026Q4 -o "$PWD/build/report.html"
fi
