#!/bin/sh
# Plain text without template syntax: Hugo shortcodes, Liquid tags and
# outputs, and MDX expressions never reach summaries, word counts, the
# full-text index or search snippets; the prose around them does.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: Hugo, Jekyll and MDX pages full of template syntax' '
	make_repo r &&
	mkdir -p r/content &&
	cat >r/content/hugo.md <<-\EOF &&
	---
	title: Hugo page
	stage: awareness
	persona: cio
	---

	{{< img-right src="/images/zebra.png" alt="zebra stripes" >}}
	Migration planning {{< ref "setup.md" >}} starts early. {{% note %}}Budget twice.{{% /note %}}

	{{< tabs >}}
	Second paragraph with words.
	{{< /tabs >}}
	EOF
	cat >r/content/jekyll.md <<-\EOF &&
	---
	title: Jekyll page
	stage: awareness
	persona: cio
	---

	Welcome to {{ site.title | upcase }} and {% include giraffe.html %} enjoy.
	{% if page.comments %}Comment below.{% endif %}
	EOF
	cat >r/content/page.mdx <<-\EOF &&
	---
	title: MDX page
	stage: awareness
	persona: cio
	---

	import Chart from "./chart"

	Pricing is {props.okapi} per seat {/* hidden remark */} today.
	EOF
	commit r pages
'

test_expect_success 'summaries and word counts leave the template syntax out' '
	contentcal -C r list --format json >out.json &&
	python3 - out.json <<-\PY
	import json, sys
	a = {x["path"]: x for x in json.load(open(sys.argv[1]))}
	h, j, m = a["content/hugo.md"], a["content/jekyll.md"], a["content/page.mdx"]
	assert h["summary"] == "Migration planning starts early. Budget twice.", h["summary"]
	# Migration planning starts early Budget twice Second paragraph with words
	assert h["words"] == 10, h["words"]
	assert j["summary"] == "Welcome to and enjoy. Comment below.", j["summary"]
	assert j["words"] == 6, j["words"]
	assert m["summary"] == "Pricing is per seat today.", m["summary"]
	assert m["words"] == 5, m["words"]
	PY
'

test_expect_success 'search never matches inside a tag, and snippets never show one' '
	test_must_fail 1 contentcal -C r search zebra --format json >out.json &&
	expect_grep "\"total\": 0" out.json &&
	test_must_fail 1 contentcal -C r search giraffe --format json >out.json &&
	expect_grep "\"total\": 0" out.json &&
	test_must_fail 1 contentcal -C r search okapi --format json >out.json &&
	expect_grep "\"total\": 0" out.json &&
	contentcal -C r search migration --format json >out.json &&
	python3 - out.json <<-\PY
	import json, sys
	hits = json.load(open(sys.argv[1]))["results"]
	assert [h["path"] for h in hits] == ["content/hugo.md"], hits
	s = hits[0]["snippet"]
	assert "{{" not in s and "img-right" not in s and "ref" not in s.split(), s
	assert "Migration planning starts early." in s, s
	PY
'

test_expect_success 'a lone {{ in prose, or one left open, stays text' '
	add_asset r content/prose.md "title: Prose" "stage: awareness" "persona: cio" &&
	printf "Use {{ to open a template.\n\nAnd }} to close it.\n" >>r/content/prose.md &&
	commit r prose &&
	contentcal -C r search template --format json >out.json &&
	expect_grep "Use {{ to open a template" out.json
'

test_done
