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

test_expect_success 'lint locates a declared duplicate slug on its line' '
	contentcal -C hd lint --format line >out; test $? -eq 1 &&
	line=$(grep -n "^slug:" hd/docs/content/en/commands/hugo.md | cut -d: -f1) &&
	expect_grep "docs/content/en/commands/hugo.md:$line:1: error: duplicate-slug" out &&
	expect_no_grep "missing-field" out
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
