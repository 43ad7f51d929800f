#!/bin/sh
# bench/bench-search.sh — issue #10's search target, run by bench/run.sh or alone:
#
#   bench/bench-search.sh [BINARY] [CORPUS_DIR]
#
# A warm `search` as a whole process against a whole sqlite3 process running
# the same FTS5 MATCH with bm25 ordering and LIMIT on the same database file
# (bench/search.sh; target <= 1.5x), on CORPUS_DIR (the 10k corpus bench/run.sh
# makes), then on real text: ../shared/corpora/hugo-docs, copied and committed
# once into bench/out/hugo-docs (target < 20 ms), when it is there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-build/contentcal}
c=${2:-$here/out/corpus-10000}
echo "== search: 10k corpus, target <= 1.5x sqlite3"
sh "$here/search.sh" "$c" "$bin"
hugo=$here/../../shared/corpora/hugo-docs
if [ -d "$hugo" ]; then
	h=$here/out/hugo-docs
	if [ ! -f "$h/.done" ]; then
		rm -rf "$h" && mkdir -p "$here/out" && cp -r "$hugo" "$h" &&
			git -C "$h" init -q && git -C "$h" add -A &&
			git -C "$h" -c user.name=bench -c user.email=bench@example.com commit -qm import &&
			touch "$h/.done" || { echo "bench-search: cannot set up $h" >&2; exit 1; }
	fi
	echo "== search: hugo-docs, target < 20 ms"
	sh "$here/search.sh" "$h" "$bin" shortcode "front matter" "image processing"
fi
