#!/bin/sh
# bench/bench-serve.sh BINARY CORPUS: `serve` under load (part of make bench).
#
# For the real corpus (../shared/corpora/hugo-docs, when present) and a
# synthetic 10k-document one with a year of engagement (bench/gencorpus.py,
# generated once into bench/out/serve-corpus-10k; CORPUS is not used because
# it has no engagement): wrk on loopback, 64
# connections for BENCH_SERVE_SECONDS (10), a mix of seller searches (HTML
# and /api/search); requests/s, p50 and p99 latency, errors, RSS before and
# after the run and at its peak; halfway through, a new commit is pushed
# into the served clone and the run must keep answering while it is indexed.
# Then sqlite3 alone runs the same FTS5 queries back to back on the same
# index for the throughput ratio (target: the server at least half).
# BENCH_HUGO: the real corpus (default ../shared/corpora/hugo-docs beside the
# repository); BENCH_SERVE_10K=0 skips the 10k corpus. Each line also gives
# the server's CPU time per request and the 1-minute load average before
# and after the run: latency on a shared machine is mostly waiting for a core.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$1
c10k=$2
out=$here/out
secs=${BENCH_SERVE_SECONDS:-10}
hugo=${BENCH_HUGO:-$here/../../shared/corpora/hugo-docs}
mkdir -p "$out"
command -v wrk >/dev/null 2>&1 || { echo "serve: wrk is not installed (.ci/deps bench); skipped"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "serve: sqlite3 is not installed; skipped"; exit 0; }

rss_kb() { sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status"; }
# CPU time (user + system, clock ticks) of process $1: what a request costs,
# whatever else the machine runs (2 cores shared with other work).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
load1() { cut -d' ' -f1 /proc/loadavg; }

run() { # run NAME REPO ROUTE QUERY...: ROUTE is /search (the seller's page) or /api/search
	name=$1 repo=$2 route=$3
	shift 3
	eng=${ENGAGEMENT:-}
	label=$name
	name=$(printf '%s' "$name" | tr ' /' '--')
	# One index (and engagement) per corpus, built by the first run.
	db=$out/serve-$(printf '%s' "$label" | cut -d' ' -f1).db
	if [ ! -f "$db.ready" ]; then
		rm -f "$db" "$db"-* "${db%.db}"-*.db*
		"$bin" -C "$repo" --db "$db" search "$1" >/dev/null 2>&1 || true
		[ -z "$eng" ] || "$bin" -C "$repo" --db "$db" ingest "$eng" >/dev/null 2>&1
		touch "$db.ready"
	fi
	rm -f "$out/serve-$name.out"
	"$bin" -C "$repo" --db "$db" serve --listen 127.0.0.1:0 --poll-ms 500 >"$out/serve-$name.out" 2>"$out/serve-$name.err" &
	pid=$!
	i=0
	while ! grep -q '^serving' "$out/serve-$name.out" 2>/dev/null && [ $i -lt 3000 ]; do sleep 0.1; i=$((i + 1)); done
	url=$(sed -n 's|^serving \(http://[0-9.:]*\)/$|\1|p' "$out/serve-$name.out")
	if [ -z "$url" ]; then
		echo "$label: the server did not start: $(head -c 300 "$out/serve-$name.err")"
		kill -TERM "$pid" 2>/dev/null || true
		return 0
	fi
	{
		echo 'local paths = {'
		for q in "$@"; do
			e=$(printf '%s' "$q" | sed 's/ /+/g')
			echo "\"$route?q=$e\","
		done
		echo '}'
		cat <<-\LUA
		local i = 0
		request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end
		done = function(s, lat, req)
		  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n", s.requests / (s.duration / 1e6),
		    lat:percentile(50) / 1000, lat:percentile(99) / 1000,
		    s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout, s.errors.status))
		end
		LUA
	} >"$out/serve-$name.lua"
	# RSS is taken after a 2 s warm-up at full load (page caches filled), then
	# at the end: growth between the two is what a leak would show.
	wrk -t2 -c64 -d2s --timeout 5s -s "$out/serve-$name.lua" "$url" >/dev/null 2>&1 || true
	rss0=$(rss_kb "$pid" VmRSS)
	# Halfway: a new commit in the served clone, indexed while the load runs.
	( sleep $((secs / 2)); mkdir -p "$repo/content/bench" &&
	  printf -- '---\ntitle: Bench insert %s\nstatus: published\n---\n\nA new page.\n' "$name" >"$repo/content/bench/new-$name-$$.md" &&
	  git -C "$repo" add -A && git -C "$repo" -c user.name=b -c user.email=b@e commit -qm "bench insert" ) &
	la0=$(load1)
	t0=$(cpu_ticks "$pid")
	wrk -t2 -c64 -d"${secs}s" --timeout 5s -s "$out/serve-$name.lua" "$url" >"$out/serve-$name.wrk" 2>&1 || true
	t1=$(cpu_ticks "$pid")
	la1=$(load1)
	wait $! 2>/dev/null || true
	sleep 1
	indexed=$(curl -s "$url/search?q=bench+insert" | grep -c "Bench insert" || true)
	rss1=$(rss_kb "$pid" VmRSS)
	hwm=$(rss_kb "$pid" VmHWM)
	kill -TERM "$pid"
	wait "$pid" || true
	set -- $(sed -n 's/^RESULT //p' "$out/serve-$name.wrk")
	rps=$1 p50=$2 p99=$3 sockerr=$4 status=$5
	# sqlite3 alone: the same FTS5 queries (bm25, LIMIT 20), back to back.
	n=0
	: >"$out/serve-$name.sql"
	while [ $n -lt 50 ]; do
		for q in $(sed -n 's|^"/[a-z/]*?q=\([^"]*\)".*|\1|p' "$out/serve-$name.lua"); do
			w=$(printf '%s' "$q" | sed 's/+/ /g')
			echo "SELECT rowid, bm25(assets_fts, 10.0, 4.0, 1.0) FROM assets_fts WHERE assets_fts MATCH '$w' ORDER BY 2 LIMIT 20;" >>"$out/serve-$name.sql"
		done
		n=$((n + 1))
	done
	nq=$(wc -l <"$out/serve-$name.sql")
	s=$(date +%s.%N)
	sqlite3 "$db" <"$out/serve-$name.sql" >/dev/null
	e=$(date +%s.%N)
	sqps=$(echo "$nq / ($e - $s)" | bc -l)
	cpu=$(echo "($t1 - $t0) * 1000 / $(getconf CLK_TCK) / ($rps * $secs)" | bc -l)
	printf '%-22s %9s req/s  p50 %7s ms  p99 %7s ms  CPU %.3f ms/req  errors %s+%s  RSS %s -> %s MB (peak %s MB)  new commit served: %s  sqlite3 alone %.0f q/s (ratio %.2f)  load %s -> %s\n' \
		"$label" "$rps" "$p50" "$p99" "$cpu" "$sockerr" "$status" "$((rss0 / 1024))" "$((rss1 / 1024))" "$((hwm / 1024))" \
		"$([ "$indexed" -gt 0 ] && echo yes || echo NO)" "$sqps" "$(echo "$rps / $sqps" | bc -l)" "$la0" "$la1"
}

echo
echo "serve under load: wrk, 64 connections, ${secs}s, $(nproc) cores (targets: p99 < 50 ms and >= 0.5 x sqlite3 on the real corpus; 0 errors)"
if [ -d "$hugo" ]; then
	r=$out/serve-hugo-repo
	rm -rf "$r"
	cp -R "$hugo" "$r" && chmod -R u+w "$r" && git -C "$r" init -q && git -C "$r" add -A &&
		git -C "$r" -c user.name=b -c user.email=b@e commit -qm import
	rm -f "$out/serve-hugo-docs.db.ready"
	for route in /search /api/search; do
	run "hugo-docs $route" "$r" "$route" "template" "shortcode" "front matter" "taxonomy" "image processing" "menu" \
		"page bundle" "render hook" "multilingual" "deploy netlify"
	done
	rm -rf "$r"
fi
[ "${BENCH_SERVE_10K:-1}" = 1 ] || exit 0
c10k=$out/serve-corpus-10k
if [ ! -f "$c10k/.done" ]; then
	rm -rf "$c10k"
	GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=gc.auto GIT_CONFIG_VALUE_0=0 \
		python3 "$here/gencorpus.py" "$c10k" --docs 10000 --engagement-days 365 >/dev/null
	touch "$c10k/.done"
fi
r=$out/serve-10k-repo
rm -rf "$r"
git clone -q --shared "$c10k" "$r"
rm -f "$out/serve-10k.db.ready"
ENGAGEMENT=$c10k/engagement.csv
for route in /search /api/search; do
run "10k $route" "$r" "$route" "pipeline revenue" "zero trust" "migration budget" "churn retention" "board executive" \
	"latency" "vendor contract renewal" "epiphany" "compliance audit" "security identity"
done
rm -rf "$r"
