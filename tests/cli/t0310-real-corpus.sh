#!/bin/sh
# The real-world corpus (Hugo's own documentation, in ../shared/corpora):
# every file accounted for, problems located on the right line.
. "$(dirname "$0")/lib.sh"

corpus=$SRC_DIR/../shared/corpora/hugo-docs
if [ ! -d "$corpus" ]; then
	test_skip "hugo-docs corpus" "not found at $corpus"
	test_done
	exit
fi

test_expect_success 'every Markdown file of hugo-docs is indexed' '
	cp -r "$corpus" hd && git -C hd init -q && git -C hd add -A && git -C hd commit -q -m import &&
	contentcal -C hd index 2>err &&
	want=$(git -C hd ls-files "*.md" "*.mdx" | wc -l) &&
	got=$(contentcal -C hd list --format jsonl | wc -l) &&
	test "$want" -eq "$got" && test "$got" -gt 900 &&
	expect_grep "+$want added" err
'

# hugo-docs declares slug: hugo in commands/hugo.md, and functions/hugo/_index.md
# takes hugo from its directory: Hugo serves /commands/hugo/ and
# /functions/hugo/, so they are not duplicates (before URLs were resolved,
# lint reported 281 duplicate-slug problems here, 1 of them an error).
# commands/hugo.md also sets url: /commands/hugo/, and a url with a leading
# slash is relative to the baseURL, without the language prefix (Hugo's
# content-management/urls.md, "Leading slashes").
test_expect_success 'lint resolves URLs as Hugo does: no duplicate among the docs' '
	contentcal -C hd lint --format line >out &&
	expect_no_grep "duplicate-slug" out &&
	expect_no_grep "missing-field" out &&
	contentcal -C hd list --format json >urls.json &&
	python3 -c "
import json, collections
a = {x[\"path\"]: x for x in json.load(open(\"urls.json\"))}
assert a[\"docs/content/en/commands/hugo.md\"][\"site_url\"] == \"/commands/hugo/\"
assert a[\"docs/content/en/functions/hugo/_index.md\"][\"site_url\"] == \"/en/functions/hugo/\"
c = collections.Counter(x[\"site_url\"] for x in a.values())
assert max(c.values()) == 1, [u for u, n in c.items() if n > 1]
"
'

test_expect_success 'titles come from front matter, else the first heading' '
	contentcal -C hd list --format jsonl --where title=License >out &&
	test $(wc -l <out) -ge 1 &&
	contentcal -C hd list --format json >all.json &&
	python3 -c "
import json
a = json.load(open(\"all.json\"))
assert all(x[\"title\"] for x in a), [x[\"path\"] for x in a if not x[\"title\"]]
"
'

test_done
