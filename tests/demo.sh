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
if has ingest && has relevance; then
	echo
	echo "== engagement: ingest content-sample/engagement.csv"
	cc ingest engagement.csv
	for stage in awareness consideration decision; do
		echo
		echo "== top 3 $stage assets by relevance (as of 2026-11-23)"
		cc relevance --stage "$stage" --top 3 --as-of 2026-11-23 2>/dev/null
	done
fi
