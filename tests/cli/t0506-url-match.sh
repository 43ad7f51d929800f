#!/bin/sh
# ingest: URL matching that fits real sites — date, section and language
# placeholders, front-matter url/aliases/canonical, the unmatched summary and
# --strict.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a Hugo-style site with dated permalinks' '
	make_repo h &&
	add_asset h content/posts/alpha.md "title: Alpha" "status: published" "date: 2025-01-02" "stage: awareness" &&
	add_asset h content/posts/beta.md "title: Beta" "status: published" "date: 2025-03-14" "stage: awareness" "lang: de" &&
	add_asset h content/posts/gamma.md "title: Gamma" "status: published" "date: 2024-12-31" "stage: decision" "aliases: [/old/gamma-post/, /2019/gamma]" &&
	add_asset h content/docs/delta.fr.md "title: Delta" "slug: delta" "status: published" "date: 2025-06-01" "stage: decision" &&
	add_asset h content/docs/omega.md "title: Omega" "status: published" "date: 2025-06-02" "stage: decision" "canonical: https://partner.example.org/omega-guide" &&
	commit h "five posts" &&
	cat >rows.csv <<-"CSV"
	date,page,views
	2026-11-01,/2025/01/02/alpha/,5
	2026-11-01,/2025/03/14/beta/,4
	2026-11-02,/2025/01/02/alpha/,3
	2026-11-01,/2024/12/31/gamma/,2
	2026-11-01,https://example.com/2025/03/14/beta/?utm_source=x,1
	CSV
	test_must_fail 1 contentcal -C h ingest --strict "$PWD/rows.csv" >out 2>err &&
	expect_grep "rows.csv: warning: 5 rows matched no asset; most rows: ./2025/01/02/alpha/. (2 rows), ./2025/03/14/beta/. (1 row), ./2024/12/31/gamma/. (1 row)" err &&
	expect_grep "likely fix: url: \"/{year}/{month}/{day}/{slug}/\" in contentcal.yml" err &&
	contentcal -C h ingest "$PWD/rows.csv" >out 2>err
'

test_expect_success 'with {year}/{month}/{day} in url every row matches' '
	echo "url: \"/{year}/{month}/{day}/{slug}/\"" >>h/contentcal.yml &&
	commit h "permalinks" &&
	contentcal -C h ingest --strict --source again "$PWD/rows.csv" >out 2>err &&
	expect_grep "5 values stored" out &&
	expect_no_grep "matched no asset" err &&
	contentcal -C h list --format json >list.json &&
	python3 - list.json <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	urls = {a["path"]: a["url"] for a in (d if isinstance(d, list) else d["assets"])}
	assert urls["content/posts/alpha.md"] == "/2025/01/02/alpha/", urls
	PY
'

test_expect_success '{section} and {lang}; an empty {lang} leaves no double slash' '
	sed -i "s|^url: .*|url: \"https://example.com/{lang}/{section}/{slug}/\"|" h/contentcal.yml &&
	commit h "sections" &&
	contentcal -C h list --format json >list.json &&
	python3 - list.json <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	urls = {a["path"]: a["url"] for a in (d if isinstance(d, list) else d["assets"])}
	assert urls["content/docs/delta.fr.md"] == "https://example.com/fr/docs/delta/", urls
	assert urls["content/posts/beta.md"] == "https://example.com/de/posts/beta/", urls
	assert urls["content/posts/alpha.md"] == "https://example.com/posts/alpha/", urls
	PY
'

test_expect_success 'front-matter aliases and canonical also name the asset' '
	printf "date,page,views\n2026-11-03,/old/gamma-post/,7\n2026-11-03,https://www.example.com/2019/gamma,1\n2026-11-03,https://partner.example.org/omega-guide/,2\n" >alias.csv &&
	contentcal -C h ingest --strict --source alias "$PWD/alias.csv" >out 2>err &&
	sqlite3 h/.git/contentcal/engagement.db "SELECT a.path, e.value FROM engagement e JOIN assets a ON a.id = e.asset WHERE e.source = \"alias\" ORDER BY 1" >v &&
	printf "content/docs/omega.md|2.0\ncontent/posts/gamma.md|8.0\n" >expect && test_cmp expect v
'

test_expect_success 'an unmatched name with no slug in it gets the general advice' '
	printf "date,page,views\n2026-11-03,/pricing/,7\n" >other.csv &&
	test_must_fail 1 contentcal -C h ingest --strict --source other "$PWD/other.csv" >out 2>err &&
	expect_grep "likely fix: check .url. in contentcal.yml against the export.s paths, or list a moved page.s old URL under its front-matter .aliases." err &&
	contentcal -C h ingest --source other "$PWD/other.csv" >out 2>err
'

test_expect_success 'without a url pattern, rows match the URL the site serves (site_url) and a front-matter url' '
	make_repo s &&
	add_asset s content/posts/first.md "title: First" "status: published" "date: 2025-01-02" "stage: awareness" &&
	add_asset s content/guides/setup/index.md "title: Setup" "status: published" "date: 2025-01-03" "stage: decision" &&
	add_asset s content/posts/moved.md "title: Moved" "status: published" "date: 2025-01-04" "stage: decision" "url: /landing/moved/" &&
	commit s "three pages" &&
	printf "date,page,views\n2026-11-01,/posts/first/,3\n2026-11-01,https://example.com/guides/setup/?x=1,4\n2026-11-01,/landing/moved/,5\n" >site.csv &&
	contentcal -C s ingest --strict --source site "$PWD/site.csv" >out 2>err &&
	sqlite3 s/.git/contentcal/engagement.db "SELECT a.path, e.value FROM engagement e JOIN assets a ON a.id = e.asset ORDER BY 1" >v &&
	printf "content/guides/setup/index.md|4.0\ncontent/posts/first.md|3.0\ncontent/posts/moved.md|5.0\n" >expect && test_cmp expect v
'

test_done
