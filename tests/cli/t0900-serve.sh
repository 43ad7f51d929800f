#!/bin/sh
# serve: the sales library over HTTP on a free loopback port — pages, the
# CLI's JSON under /api, stale assets never offered unmarked, share links,
# security headers, HTTP edge cases, authentication, background indexing,
# SIGTERM and SIGKILL, the activity file and `demand`.
. "$(dirname "$0")/lib.sh"

command -v curl >/dev/null 2>&1 || { test_skip "serve" "curl is not installed"; test_done; exit 0; }

# Polls below wait at most WAIT tenths of a second: 10 s, or 60 s under
# CONTENTCAL_WRAP (valgrind on a loaded machine takes over 10 s to start
# a server).
WAIT=100
[ -n "${CONTENTCAL_WRAP:-}" ] && WAIT=600

doc() { # doc PATH TITLE STAGE PERSONA EXTRA-LINES BODY
	mkdir -p "$(dirname "r/$1")" &&
	printf -- "---\ntitle: %s\nstatus: published\nstage: %s\npersona: %s\ntopic: cloud\nformat: whitepaper\nsummary: About %s\n%b---\n\n%s\n" \
		"$2" "$3" "$4" "$2" "$5" "$6" >"r/$1"
}

# start_server NAME ARGS...: starts `serve` on a free port; sets PORT, PID_NAME.
start_server() {
	name=$1
	shift
	rm -f "$name.out" "$name.err" "$name.rc" "$name.pid"
	(
		${CONTENTCAL_WRAP:-} "$CONTENTCAL" -C r serve --listen 127.0.0.1:0 --poll-ms 200 "$@" \
			>"$name.out" 2>"$name.err" &
		echo $! >"$name.pid"
		wait $!
		echo $? >"$name.rc"
	) &
	i=0
	while [ ! -s "$name.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	i=0
	while [ $i -lt $WAIT ]; do
		if grep -q "^serving http://127.0.0.1:" "$name.out" 2>/dev/null; then
			PORT=$(sed -n 's|^serving http://127.0.0.1:\([0-9]*\)/$|\1|p' "$name.out")
			echo "$PORT" >"$name.port"
			return 0
		fi
		kill -0 "$(cat "$name.pid")" 2>/dev/null || { cat "$name.err" >&2; return 1; }
		sleep 0.1
		i=$((i + 1))
	done
	echo "server did not start" >&2
	cat "$name.err" >&2
	return 1
}

# stop_server NAME: SIGTERM; the server must exit 0 (within WAIT).
stop_server() {
	kill -TERM "$(cat "$1.pid")" 2>/dev/null # it may be on its way out already
	i=0
	while [ ! -s "$1.rc" ] && [ $i -lt $WAIT ]; do sleep 0.1; i=$((i + 1)); done
	if [ "$(cat "$1.rc" 2>/dev/null)" != 0 ]; then
		echo "server exit status: $(cat "$1.rc" 2>/dev/null)" >&2
		cat "$1.err" >&2
		return 1
	fi
}

# Every server still running when the script ends is killed.
cleanup_servers() {
	for f in "$TEST_DIR"/*.pid; do
		[ -s "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null
	done
	rm -rf "$TEST_DIR"
}
trap cleanup_servers EXIT

get() { # get PATH [CURL-ARGS...]: body to out, status to code, headers to hdr
	p=$1
	shift
	curl -s -o out -D hdr -w "%{http_code}" "$@" "http://127.0.0.1:$PORT$p" >code
}

expect_code() {
	if [ "$(cat code)" != "$1" ]; then
		echo "expected HTTP $1, got $(cat code)" >&2
		cat hdr out >&2
		return 1
	fi
}

# wait_for PATH PATTERN: polls PATH (at most WAIT) until its body matches PATTERN.
wait_for() {
	i=0
	while [ $i -lt $WAIT ]; do
		get "$1" && grep -q "$2" out && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "$1 never matched $2" >&2
	cat out >&2
	return 1
}

test_expect_success 'setup: a library with fresh, stale, expired, draft and internal assets' '
	make_repo r &&
	cat >>r/contentcal.yml <<-\EOF &&
	url: "https://example.com/r/{slug}"
	formats: [whitepaper, datasheet]
	serve: {utm: {source: library, medium: email, campaign: "q4 push"}}
	EOF
	doc content/fresh.md "Cloud Pricing Guide" decision cfo "review_by: 2099-01-01\n" "What cloud migration costs, zero surprises." &&
	doc content/aware.md "Why Cloud Now" awareness cfo "" "Cloud migration for finance leaders." &&
	doc content/consider.md "Cloud Options Compared" consideration cfo "" "Comparing cloud migration paths." &&
	doc content/stale.md "Old Cloud Report" decision cfo "review_by: 2020-01-01\n" "Cloud migration numbers from long ago." &&
	doc content/expired.md "Expired Cloud Offer" decision cfo "expires: 2020-06-01\n" "Cloud migration pricing offer." &&
	doc content/internal.md "Cloud Battlecard" decision cfo "external: false\n" "Internal cloud migration objection handling." &&
	doc content/esc.md "Tags <script>alert(1)</script> & more" awareness cio "" "Cloud migration escaping." &&
	mkdir -p r/content && printf -- "---\ntitle: Draft Cloud Plan\nstatus: draft\nstage: decision\npersona: cfo\ntopic: cloud\n---\n\nCloud migration plan.\n" >r/content/draft.md &&
	commit r "library" "$(date -u +%Y-%m-%dT10:00:00+00:00)" &&
	start_server s1
'

PORT=$(cat s1.port 2>/dev/null)

test_expect_success 'search page: fresh assets offered; stale, expired, drafts withheld and counted' '
	get "/search?q=cloud+migration" &&
	expect_code 200 &&
	expect_grep "Cloud Pricing Guide" out &&
	expect_no_grep "Old Cloud Report" out &&
	expect_no_grep "Expired Cloud Offer" out &&
	expect_no_grep "Draft Cloud Plan" out &&
	expect_grep "3 more match but are stale" out
'

test_expect_success 'ticking "also show" lists them, clearly marked' '
	get "/search?q=cloud+migration&stale=1" &&
	expect_grep "Old Cloud Report" out &&
	expect_grep "badge stale" out &&
	expect_grep "badge expired" out &&
	expect_grep "badge unpublished" out &&
	expect_grep "Not for sending: review-by date 2020-01-01 passed" out
'

test_expect_success 'vocabulary words become facet filters; stop words are ignored' '
	get "/search?q=what+should+I+send+a+cfo+at+bofu+about+cloud" &&
	expect_grep "Filtering on persona <strong>cfo</strong>, stage <strong>decision</strong>" out &&
	expect_grep "Ignored common words: what, should" out &&
	expect_grep "Cloud Pricing Guide" out &&
	expect_no_grep "Why Cloud Now" out &&
	expect_grep "name=\"persona\" value=\"cfo\" checked" out
'

test_expect_success 'not every word matches: any-word ranking, and it says so' '
	get "/search?q=pricing+unobtainium" &&
	expect_grep "No asset matches every word" out &&
	expect_grep "Cloud Pricing Guide" out &&
	get "/search?q=unobtainium" &&
	expect_grep "0 assets" out &&
	expect_grep "Nothing to send for this yet" out
'

test_expect_success 'facets: checkbox filters with counts, OR within a facet' '
	get "/search?q=cloud&stage=awareness&stage=consideration" &&
	expect_grep "Why Cloud Now" out &&
	expect_grep "Cloud Options Compared" out &&
	expect_no_grep "Cloud Pricing Guide" out &&
	expect_grep "value=\"decision\"> decision<span class=\"n\">" out
'

test_expect_success 'every value is escaped' '
	get "/search?q=%3Cscript%3Ealert(2)%3C/script%3E+escaping" &&
	expect_no_grep "<script>alert" out &&
	expect_grep "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" out
'

test_expect_success 'asset page: share link with UTM parameters, email blurb, what to send next' '
	get /asset/aware &&
	expect_code 200 &&
	expect_grep "https://example.com/r/aware?utm_source=library&amp;utm_medium=email&amp;utm_campaign=q4%20push" out &&
	expect_grep "id=\"email-blurb\"" out &&
	expect_grep "What to send next" out &&
	expect_grep "Cloud Options Compared" out
'

test_expect_success 'owner and authors on every card and the asset page, escaped' '
	doc content/people.md "Kubernetes Costs Explained" awareness cio "owner: \"Ana <b>Ops</b>\"\nauthors: [\"Bo & Co\", Cy]\n" "Kubernetes cost allocation." &&
	commit r "people" "$(date -u +%Y-%m-%dT10:30:00+00:00)" &&
	wait_for "/search?q=kubernetes" "Kubernetes Costs Explained" &&
	expect_grep "<span class=\"owner\">owner Ana &lt;b&gt;Ops&lt;/b&gt;</span>" out &&
	expect_grep "<span class=\"authors\">by Bo &amp; Co and Cy</span>" out &&
	get /asset/people &&
	expect_grep "<dt>Owner</dt><dd class=\"owner\">Ana &lt;b&gt;Ops&lt;/b&gt;</dd>" out &&
	expect_grep "<dt>Authors</dt><dd class=\"authors\">Bo &amp; Co and Cy</dd>" out &&
	expect_no_grep "<b>Ops" out &&
	get /asset/aware &&
	expect_grep "<dt>Owner</dt><dd class=\"owner\">none named</dd>" out
'

test_expect_success 'facets for every dimension the index keeps: owner and author too (names as written, any case)' '
	get "/search?q=cloud" &&
	expect_grep "<legend>Owner</legend><label><input type=\"checkbox\" name=\"owner\" value=\"Ana &lt;b&gt;Ops&lt;/b&gt;\"> Ana &lt;b&gt;Ops&lt;/b&gt;<span class=\"n\">1</span></label>" out &&
	expect_grep "<legend>Author</legend>" out &&
	expect_grep "name=\"author\" value=\"Bo &amp; Co\"> Bo &amp; Co<span class=\"n\">1</span>" out &&
	get "/search?q=cloud&owner=ana+%3Cb%3Eops%3C/b%3E" &&
	expect_grep "Kubernetes Costs Explained" out &&
	expect_no_grep "Why Cloud Now" out &&
	expect_grep "name=\"owner\" value=\"Ana &lt;b&gt;Ops&lt;/b&gt;\" checked>" out &&
	expect_grep "<p class=\"count\">1 asset</p>" out &&
	get "/search?author=Cy&author=Nobody" &&
	expect_grep "Kubernetes Costs Explained" out &&
	expect_grep "name=\"author\" value=\"Nobody\" checked> Nobody<span class=\"n\">0</span>" out &&
	get "/search?q=ana" && expect_no_grep "Filtering on" out
'

test_expect_success 'buyer page: topic and format, the other configured dimensions, narrow the pick' '
	get "/buyer" &&
	expect_grep "<select name=\"topic\">" out &&
	expect_grep "<select name=\"format\">" out &&
	get "/buyer?persona=cfo&stage=awareness&topic=cloud" &&
	expect_grep "<h2>Best for cfo at awareness on cloud</h2>" out &&
	expect_grep "Why Cloud Now" out &&
	expect_grep "<option value=\"cloud\" selected>" out &&
	get "/buyer?persona=cfo&stage=awareness&topic=security" &&
	expect_grep "Nothing offered for cfo at awareness on security yet" out &&
	get "/buyer?persona=cfo&stage=awareness&format=datasheet" &&
	expect_grep "Nothing offered for cfo at awareness as datasheet yet" out &&
	get "/buyer?persona=cfo&stage=awareness&format=whitepaper&topic=nonsense" &&
	expect_grep "<h2>Best for cfo at awareness as whitepaper</h2>" out
'

test_expect_success 'internal-only and stale assets carry no share link' '
	get /asset/internal &&
	expect_grep "Internal only" out &&
	expect_no_grep "utm_source" out &&
	get /asset/stale &&
	expect_grep "Not for sending:" out &&
	expect_no_grep "utm_source" out &&
	get /asset/expired &&
	expect_no_grep "utm_source" out
'

test_expect_success 'buyer page: ranked matches, next stage, plain statement for an empty cell' '
	get "/buyer?persona=cfo&stage=awareness" &&
	expect_grep "Why Cloud Now" out &&
	expect_grep "To move them on: consideration" out &&
	get "/buyer?persona=developer&stage=decision" &&
	expect_grep "Nothing offered for developer at decision yet" out &&
	expect_no_grep "nearest stage" out &&
	get "/buyer?persona=cio&stage=decision" &&
	expect_grep "Nothing offered for cio at decision yet" out &&
	expect_grep "The nearest stage with assets for this persona is <strong>awareness</strong>" out &&
	expect_grep "Tags &lt;script&gt;" out
'

test_expect_success '/api/search prints exactly what search --format json prints' '
	get "/api/search?q=cloud+migration" &&
	expect_code 200 &&
	contentcal -C r --no-index search cloud migration --format json >cli.json &&
	test_cmp cli.json out &&
	get "/api/search?q=cloud&persona=cfo&limit=2" &&
	contentcal -C r --no-index search cloud --persona cfo --limit 2 --format json >cli.json &&
	test_cmp cli.json out
'

test_expect_success '/api/assets prints what list --format json prints' '
	get "/api/assets?stage=decision" &&
	contentcal -C r --no-index list --stage decision --format json >cli.json &&
	test_cmp cli.json out
'

test_expect_success '/api/recommend prints what recommend --format json prints' '
	get "/api/recommend?persona=cfo&stage=awareness" &&
	expect_code 200 &&
	contentcal -C r --no-index recommend --persona cfo --stage awareness --format json >cli.json &&
	test_cmp cli.json out &&
	get "/api/recommend?persona=cio&stage=decision&limit=1&include_stale=1" &&
	{ contentcal -C r --no-index recommend --persona cio --stage decision --limit 1 --include-stale \
		--format json >cli.json; test $? -le 1; } &&
	test_cmp cli.json out &&
	expect_grep "\"empty\": true" out &&
	get "/api/recommend?persona=cfo" &&
	expect_code 400
'

test_expect_success '/api/coverage, /api/gaps, /api/calendar print what the CLI prints' '
	get "/api/coverage" &&
	contentcal -C r --no-index coverage --format json >cli.json &&
	test_cmp cli.json out &&
	get "/api/coverage?by=topic&quarter=FY2026Q1&as_of=2026-02-01" &&
	contentcal -C r --no-index coverage --by topic --quarter FY2026Q1 --as-of 2026-02-01 --format json >cli.json &&
	test_cmp cli.json out &&
	get "/api/gaps" &&
	{ contentcal -C r --no-index gaps --format json >cli.json; test $? -le 1; } &&
	test_cmp cli.json out &&
	get "/api/calendar?persona=cfo" &&
	contentcal -C r --no-index calendar --persona cfo --format json >cli.json &&
	test_cmp cli.json out &&
	get "/api/coverage?quarter=nonsense" &&
	expect_code 400
'

test_expect_success '/report is the library report, with its inline code allowed by hash only' '
	get "/report" &&
	expect_code 200 &&
	expect_grep "Content-Security-Policy: default-src .none.; script-src .sha256-" hdr &&
	expect_no_grep "unsafe-inline" hdr &&
	expect_grep "frame-ancestors .none." hdr &&
	contentcal -C r --no-index report -o "$TEST_DIR/report.html" 2>/dev/null &&
	grep -v "^<nav class=\"quarter-pick" out | sed "s/form-action .self.\">/form-action '"'"'none'"'"'\">/" >served &&
	test_cmp report.html served
'

test_expect_success '/report has a quarter picker: a GET form over the quarters the library has, and the current one' '
	get "/report" &&
	expect_grep "^<nav class=\"quarter-pick page\" aria-label=\"Quarter\"><form method=\"get\" action=\"/report\"><label for=\"quarter\">Quarter</label> <select id=\"quarter\" name=\"quarter\">" out &&
	now=$(contentcal -C r --no-index coverage --format json | sed -n "s/^ *\"name\": \"\(FY[0-9]*Q[1-4]\)\".*/\1/p" | head -1) &&
	expect_grep "<option value=\"$now\" selected>$now (current)</option>" out &&
	expect_grep "form-action .self." out &&
	grep -o "<option value=\"FY[0-9]*Q[1-4]\"" out | sort -u | wc -l >nq && test "$(cat nq)" -ge 1 &&
	get "/report?quarter=FY2020Q1" &&
	expect_code 200 &&
	expect_grep "<option value=\"FY2020Q1\" selected>FY2020Q1</option>" out &&
	expect_grep "<option value=\"$now\">$now (current)</option>" out &&
	get "/report?quarter=%3Cb%3E" && expect_code 400
'

test_expect_success 'security headers on every response' '
	for p in / /asset/aware /api/search?q=cloud /nope /static/app.js /report /api/gaps; do
		get "$p" &&
		expect_grep "Content-Security-Policy: default-src .none.; script-src [^;]*;.*frame-ancestors .none." hdr &&
		expect_no_grep "unsafe-inline" hdr &&
		expect_grep "X-Content-Type-Options: nosniff" hdr &&
		expect_grep "Referrer-Policy: same-origin" hdr || return 1
	done
'

test_expect_success 'unknown routes are a 404 page; /healthz answers' '
	get /no/such/page &&
	expect_code 404 &&
	expect_grep "There is no page at this address" out &&
	get /healthz &&
	expect_code 200 &&
	expect_grep "\"status\": \"ok\"" out
'

test_expect_success 'path traversal spellings never reach the file system' '
	for p in "/../contentcal.yml" "/asset/../contentcal.yml" "/asset/..%2f..%2fcontentcal.yml" \
		"/static/..%2f..%2fcontentcal.yml" "/%2e%2e/%2e%2e/etc/passwd" "/static/../../etc/passwd" \
		"//etc/passwd" "/asset/%2e%2e" "/static/app.css/.." "/asset/%00../contentcal.yml"; do
		get "$p" --path-as-is &&
		expect_no_grep "personas:" out &&
		expect_no_grep "root:" out &&
		case $(cat code) in 400|404) ;; *) echo "$p: $(cat code)" >&2; return 1 ;; esac || return 1
	done
'

test_expect_success 'over-long URL is 414, over-long headers 431' '
	long=$(printf "%040000d" 0) &&
	get "/search?q=$long" &&
	expect_code 414 &&
	get / -H "X-Long: $long" &&
	expect_code 431
'

test_expect_success 'invalid UTF-8 is 400; bad percent-encoding stays text' '
	get "/search?q=%ff%fe" &&
	expect_code 400 &&
	get "/search?q=%zz%4" &&
	expect_code 200
'

test_expect_success 'only GET, HEAD and the activity POST; a cross-site POST is refused' '
	get / -X PUT &&
	expect_code 405 &&
	get / -X DELETE &&
	expect_code 405 &&
	get /activity/share -d slug=aware &&
	expect_code 403 &&
	get /activity/share -d slug=aware -H "Origin: http://evil.example" &&
	expect_code 403 &&
	get /search -d q=x -H "Origin: http://127.0.0.1:$PORT" &&
	expect_code 405
'

test_expect_success 'a Host header naming another site is refused (DNS rebinding)' '
	get / -H "Host: evil.example" &&
	expect_code 421
'

test_expect_success 'share-link copy is recorded (same-origin POST), then counted by demand' '
	get /activity/share -d slug=aware -H "Origin: http://127.0.0.1:$PORT" &&
	expect_code 303 &&
	expect_grep "Location: /asset/aware?copied=1#share" hdr &&
	get /activity/share -d slug=internal -H "Origin: http://127.0.0.1:$PORT" &&
	expect_code 404 &&
	sleep 1.5 &&
	contentcal -C r demand --format json >d.json &&
	expect_grep "\"path\": \"content/aware.md\"" d.json &&
	contentcal -C r demand --format csv >d.csv &&
	expect_grep "^asset,date,metric,value$" d.csv &&
	expect_grep "^content/aware.md,[0-9-]*,shares,1$" d.csv
'

test_expect_success 'demand: unmet searches grouped, empty cells asked for; no addresses stored' '
	contentcal -C r demand >d.txt &&
	expect_grep "\"unobtainium\"" d.txt &&
	expect_grep "developer at decision" d.txt &&
	sqlite3 "r/.git/contentcal/activity.db" "PRAGMA application_id" >app &&
	echo 1667449187 >want && test_cmp want app &&
	sqlite3 "r/.git/contentcal/activity.db" ".dump" >dump &&
	expect_no_grep "127.0.0.1" dump &&
	expect_no_grep "curl" dump
'

test_expect_success 'demand --format csv is an engagement export ingest accepts' '
	contentcal -C r ingest "$TEST_DIR/d.csv" --source shares >err 2>&1 &&
	expect_grep "1 values stored" err
'

test_expect_success 'a slow client is cut off by the timeout; others are served meanwhile' '
	stop_server s1 &&
	start_server s1 --timeout 1 &&
	PORT=$(cat s1.port) &&
	cat >slow.py <<-\EOF &&
	import socket, subprocess, sys, time
	port = int(sys.argv[1])
	s = socket.create_connection(("127.0.0.1", port))
	s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
	code = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
	                       "http://127.0.0.1:%d/healthz" % port], capture_output=True, text=True).stdout
	assert code == "200", "healthz while a client is slow: " + code
	s.settimeout(5)
	start = time.time()
	data = s.recv(4096)
	assert time.time() - start < 4.5, "not cut off"
	assert not data or b"408" in data or b"HTTP/1.1 4" in data, data
	EOF
	python3 slow.py "$PORT"
'

PORT=$(cat s1.port 2>/dev/null)

test_expect_success 'connection cap: beyond --max-connections a client waits until a slot frees' '
	start_server s6 --workers 1 --max-connections 3 --timeout 3 &&
	cat >cap.py <<-\EOF &&
	import socket, subprocess, sys, time
	port = int(sys.argv[1])
	idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
	time.sleep(0.3)
	extra = socket.create_connection(("127.0.0.1", port))
	extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port)
	extra.settimeout(1.0)
	try:
	    got = extra.recv(100)
	    raise SystemExit("served beyond the cap: %r" % got)
	except socket.timeout:
	    pass  # waits in the listen queue while the cap is reached
	for s in idle:
	    s.close()
	extra.settimeout(5)
	got = extra.recv(100)
	assert got.startswith(b"HTTP/1.1 200"), got  # served once a slot frees
	EOF
	python3 cap.py "$(cat s6.port)" &&
	stop_server s6
'

test_expect_success 'a new commit is indexed in the background; requests do not wait' '
	doc content/new.md "Brand New Cloud Primer" awareness cfo "" "Fresh cloud primer." &&
	commit r "new" "$(date -u +%Y-%m-%dT11:00:00+00:00)" &&
	i=0 &&
	while [ $i -lt 100 ]; do
		get "/search?q=primer" &&
		if grep -q "Brand New Cloud Primer" out; then break; fi
		sleep 0.1
		i=$((i + 1))
	done &&
	expect_grep "Brand New Cloud Primer" out
'

test_expect_success 'SIGTERM: in-flight requests finish, exit 0' '
	cat >inflight.py <<-\EOF &&
	import os, signal, socket, sys
	port, pid = int(sys.argv[1]), int(sys.argv[2])
	socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(4)]
	for s in socks:
	    s.sendall(b"GET /search?stale=1 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port)
	os.kill(pid, signal.SIGTERM)
	for s in socks:
	    s.settimeout(10)
	    data = b""
	    while True:
	        chunk = s.recv(65536)
	        if not chunk:
	            break
	        data += chunk
	    head, _, body = data.partition(b"\r\n\r\n")
	    assert head.startswith(b"HTTP/1.1 200"), head[:80]
	    length = [int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0]
	    assert len(body) == length and body.rstrip().endswith(b"</html>"), (len(body), length)
	EOF
	python3 inflight.py "$PORT" "$(cat s1.pid)" &&
	stop_server s1
'

test_expect_success 'SIGTERM just after requests reached the kernel, not yet the server: they are answered too' '
	start_server s7 &&
	cat >queued.py <<-\EOF &&
	import os, signal, socket, sys
	port, pid = int(sys.argv[1]), int(sys.argv[2])
	os.kill(pid, signal.SIGSTOP)  # the connections wait in the listen queue
	socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(8)]
	for s in socks:
	    s.sendall(b"GET /search?q=cloud HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port)
	os.kill(pid, signal.SIGTERM)
	os.kill(pid, signal.SIGCONT)
	for s in socks:
	    s.settimeout(10)
	    data = b""
	    while True:
	        chunk = s.recv(65536)
	        if not chunk:
	            break
	        data += chunk
	    assert data.startswith(b"HTTP/1.1 200"), data[:80]
	EOF
	python3 queued.py "$(cat s7.port)" "$(cat s7.pid)" &&
	stop_server s7
'

test_expect_success 'non-loopback without authentication is refused' '
	test_must_fail 2 contentcal -C r serve --listen 0.0.0.0:0 2>err &&
	expect_grep "refusing to listen on 0.0.0.0 without authentication" err &&
	test_must_fail 2 contentcal -C r serve --listen nonsense 2>err &&
	expect_grep "HOST:PORT" err
'

test_expect_success 'auth token: sign-in form, HttpOnly SameSite cookie, bearer for scripts' '
	printf "s3cret-token-0123456789\n" >token &&
	start_server s2 --auth-token-file token &&
	PORT=$(cat s2.port) &&
	get / &&
	expect_code 303 &&
	expect_grep "Location: /login" hdr &&
	get /api/assets &&
	expect_code 401 &&
	get /login -d token=wrong -H "Origin: http://127.0.0.1:$PORT" &&
	expect_code 403 &&
	get /login -d token=s3cret-token-0123456789 &&
	expect_code 403 &&
	get /login -d token=s3cret-token-0123456789 -H "Origin: http://127.0.0.1:$PORT" &&
	expect_code 303 &&
	expect_grep "Set-Cookie: contentcal_session=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict" hdr &&
	cookie=$(sed -n "s/^Set-Cookie: \(contentcal_session=[0-9a-f]*\);.*/\1/p" hdr) &&
	get / -H "Cookie: $cookie" &&
	expect_code 200 &&
	expect_no_grep "s3cret" hdr &&
	get /api/assets -H "Authorization: Bearer s3cret-token-0123456789" &&
	expect_code 200 &&
	get / -H "Cookie: contentcal_session=0000" &&
	expect_code 303 &&
	stop_server s2
'

test_expect_success 'trusted proxy header: only from the configured proxy address' '
	start_server s3 --trusted-proxy 127.0.0.1 &&
	PORT=$(cat s3.port) &&
	get / -H "X-Forwarded-User: seller" &&
	expect_code 200 &&
	get / &&
	expect_code 303 &&
	stop_server s3 &&
	start_server s3 --trusted-proxy 127.0.0.2 &&
	PORT=$(cat s3.port) &&
	get / -H "X-Forwarded-User: seller" &&
	expect_code 303 &&
	stop_server s3
'

test_expect_success 'SIGKILL while the activity file is written: it reopens intact' '
	start_server s4 &&
	PORT=$(cat s4.port) &&
	for n in 1 2 3 4; do
		( i=0; while [ $i -lt 150 ]; do curl -s -o /dev/null "http://127.0.0.1:$PORT/search?q=kill$n+$i"; i=$((i + 1)); done ) &
	done &&
	sleep 1.2 &&
	kill -KILL "$(cat s4.pid)" &&
	wait &&
	sqlite3 r/.git/contentcal/activity.db "PRAGMA integrity_check" >ic &&
	echo ok >want && test_cmp want ic &&
	start_server s4 &&
	contentcal -C r demand --format json >d.json &&
	expect_grep "\"searches\": [1-9]" d.json &&
	stop_server s4
'

test_expect_success 'the serve section of the config is checked, located' '
	mkdir badcfg && make_repo badcfg/r && add_asset badcfg/r content/a.md "title: A" "status: published" &&
	printf "serve:\n  utm: {source: \"\", medium: x, cmpaign: y}\n  internal: [nonsense]\n" >>badcfg/r/contentcal.yml &&
	commit badcfg/r a &&
	test_must_fail 2 contentcal -C badcfg/r index 2>err &&
	expect_grep "contentcal.yml:[0-9]*:[0-9]*: error: invalid-config: .serve.utm.source. must not be empty" err &&
	expect_grep "unknown key .serve.utm.cmpaign. (did you mean .campaign.?)" err &&
	expect_grep "takes KEY=VALUE tests, not .nonsense." err
'

test_expect_success 'gaps: a demand finding for each search and empty cell asked for at least demand.min_searches times' '
	cp r/contentcal.yml saved.yml &&
	printf "demand: {min_searches: 1, window_days: 30}\n" >>r/contentcal.yml &&
	{ contentcal -C r gaps --format json >g.json; test $? -le 1; } &&
	expect_grep "\"kind\": \"demand\"" g.json &&
	expect_grep "\"subject\": \"search:unobtainium\"" g.json &&
	expect_grep "\"subject\": \"cell:developer/decision\"" g.json &&
	expect_grep "\"demand\": [1-9]" g.json &&
	{ contentcal -C r gaps >g.txt; test $? -le 1; } &&
	expect_grep "^demand$" g.txt &&
	expect_grep "sellers searched for .unobtainium. [0-9]* times\{0,1\} in the 30 days to [0-9-]* and found nothing" g.txt &&
	expect_grep "sellers asked for developer at decision [0-9]* times\{0,1\} in the 30 days to [0-9-]* and found nothing to send" g.txt &&
	{ contentcal -C r gaps --format github >g.gh; test $? -le 1; } &&
	expect_grep "^::warning file=contentcal.yml,line=[0-9]*,col=[0-9]*,title=demand gap%3A search%3Aunobtainium::" g.gh &&
	contentcal -C r report --format markdown -o "$PWD/rep.md" &&
	expect_grep "^### demand: [1-9]" rep.md &&
	n=$(grep -c "\"kind\": \"demand\"" g.json) &&
	printf "demand: {min_searches: 1000, window_days: 30}\n" >>saved.yml.many && cp saved.yml r/contentcal.yml && cat saved.yml.many >>r/contentcal.yml &&
	{ contentcal -C r gaps --format json >g2.json; test $? -le 1; } &&
	expect_no_grep "\"kind\": \"demand\"" g2.json &&
	cp saved.yml r/contentcal.yml && printf "demand: {min_searches: 1, window_days: 30}\n" >>r/contentcal.yml &&
	{ contentcal -C r gaps --as-of 2099-01-01 --format json >g3.json; test $? -le 1; } &&
	expect_no_grep "\"kind\": \"demand\"" g3.json &&
	{ contentcal -C r gaps --since HEAD --format json >g4.json; test $? -le 1; } &&
	expect_no_grep "\"kind\": \"demand\"" g4.json &&
	printf "demand: {min_searches: -1, window: 3}\n" >>saved.yml.bad && cp saved.yml r/contentcal.yml && cat saved.yml.bad >>r/contentcal.yml &&
	test_must_fail 2 contentcal -C r gaps 2>err &&
	expect_grep "contentcal.yml:[0-9]*:[0-9]*: error: invalid-config: .demand.min_searches. must be a count of searches" err &&
	expect_grep "unknown key .demand.window." err &&
	cp saved.yml r/contentcal.yml &&
	{ contentcal -C r gaps --format json >g5.json; test $? -le 1; } &&
	expect_no_grep "\"kind\": \"demand\"" g5.json && test "$n" -ge 2
'

test_expect_success 'a file that is not an activity file is left untouched' '
	mkdir notact && make_repo notact/r && add_asset notact/r content/a.md "title: A" "status: published" &&
	commit notact/r a && contentcal -C notact/r index &&
	sqlite3 notact/r/.git/contentcal/activity.db "CREATE TABLE mine(x); INSERT INTO mine VALUES (42);" &&
	test_must_fail 2 contentcal -C notact/r serve --listen 127.0.0.1:0 2>err &&
	expect_grep "not a contentcal activity file" err &&
	sqlite3 notact/r/.git/contentcal/activity.db "SELECT x FROM mine" >x &&
	echo 42 >want && test_cmp want x
'


test_expect_success 'a committed config change takes effect in the next snapshot, without a restart' '
	mkdir cfgr && make_repo cfgr/r &&
	printf "url: \"https://example.com/{slug}\"\nserve: {utm: {campaign: autumn}}\n" >>cfgr/r/contentcal.yml &&
	add_asset cfgr/r content/a.md "title: Alpha" "status: published" "persona: cfo" "stage: awareness" &&
	commit cfgr/r a &&
	(cd cfgr && start_server s6) &&
	PORT=$(cat cfgr/s6.port) &&
	get /asset/a && expect_grep "utm_campaign=autumn" out &&
	get "/search?q=finance" && expect_no_grep "Alpha" out &&
	sed -i "s/campaign: autumn/campaign: spring/; s/personas: \[cio, cfo, developer\]/personas: [cio, {name: cfo, aliases: [finance]}, developer]/" cfgr/r/contentcal.yml &&
	commit cfgr/r "config" &&
	wait_for /asset/a "utm_campaign=spring" &&
	get "/search?q=finance" && expect_grep "Filtering on persona <strong>cfo</strong>" out &&
	expect_grep "Alpha" out &&
	git -C cfgr/r hash-object contentcal.yml >want &&
	get /healthz && sed -n "s/.*\"config\": \"\([0-9a-f]*\)\".*/\1/p" out >got && test_cmp want got
'

test_expect_success 'a config edited in the work tree (not committed) takes effect too; a bad one is reported and the last one stays' '
	PORT=$(cat cfgr/s6.port) &&
	sed -i "s/campaign: spring/campaign: summer/" cfgr/r/contentcal.yml &&
	wait_for /asset/a "utm_campaign=summer" &&
	cp cfgr/r/contentcal.yml good.yml &&
	printf "stages: [one, one]\n" >>cfgr/r/contentcal.yml &&
	wait_for /healthz "contentcal.yml:[0-9]*:[0-9]*: .*serving with the last config" &&
	get /asset/a && expect_code 200 && expect_grep "utm_campaign=summer" out &&
	add_asset cfgr/r content/b.md "title: Bravo Brief" "status: published" "persona: cfo" "stage: decision" &&
	git -C cfgr/r add content/b.md && commit cfgr/r "new content while the config is bad" &&
	wait_for "/search?q=bravo" "Bravo Brief" &&
	get /healthz && expect_grep "serving with the last config" out &&
	cp good.yml cfgr/r/contentcal.yml && touch cfgr/r/contentcal.yml &&
	i=0 && while [ $i -lt 100 ] && get /healthz && grep -q "index_error\": \"" out; do sleep 0.1; i=$((i + 1)); done &&
	expect_grep "index_error\": null" out
'

test_expect_success '/api/gaps carries the demand findings too, as the CLI prints them' '
	PORT=$(cat cfgr/s6.port) &&
	printf "demand: {min_searches: 1}\n" >>cfgr/r/contentcal.yml &&
	wait_for /api/gaps "search:finance" &&
	{ contentcal -C cfgr/r gaps --format json >cli.json; test $? -le 1; } &&
	test_cmp cli.json out &&
	(cd cfgr && stop_server s6)
'

if command -v wrk >/dev/null 2>&1; then
	test_expect_success 'load smoke: 2 s of mixed queries at 16 connections, no errors' '
		start_server s5 &&
		PORT=$(cat s5.port) &&
		cat >mix.lua <<-\EOF &&
		local paths = {"/search?q=cloud", "/search?q=cfo+bofu", "/search?q=pricing+unobtainium",
		  "/asset/aware", "/buyer?persona=cfo&stage=awareness", "/api/search?q=migration", "/search"}
		local i = 0
		request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end
		done = function(summary, latency, requests)
		  io.write(string.format("errors %d %d %d %d %d\n", summary.errors.connect, summary.errors.read,
		    summary.errors.write, summary.errors.status, summary.errors.timeout))
		end
		EOF
		wrk -t2 -c16 -d2s -s mix.lua "http://127.0.0.1:$PORT" >wrk.out 2>&1 &&
		expect_grep "^errors 0 0 0 0 0$" wrk.out &&
		stop_server s5
	'
else
	test_skip "load smoke" "wrk is not installed"
fi

test_done
