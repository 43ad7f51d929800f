#!/bin/sh
# Duplicate slugs the way sites resolve them: assets collide only when they
# resolve to the same URL in the same language; translations form sets
# (list JSON shows them) and a translation older than its source is
# reported as lagging.
. "$(dirname "$0")/lib.sh"

page() { # REPO PATH [FRONT-MATTER-LINES...]
	r=$1 p=$2
	shift 2
	add_asset "$r" "$p" "title: $p" "stage: awareness" "persona: cio" "$@"
}

test_expect_success 'section-scoped and translated duplicates are not duplicates' '
	make_repo r &&
	page r content/topics/cloud.md &&
	page r content/communities/cloud.md &&
	page r content/topics/edge/index.md &&
	page r content/communities/edge/_index.md &&
	page r content/docs/setup.md "slug: start" &&
	page r content/guides/setup.md "slug: start" &&
	commit r pages &&
	contentcal -C r lint --format line --fail-on warning >out &&
	expect_no_grep "duplicate-slug" out &&
	make_repo t &&
	for l in en fr de; do
		page t content/$l/guide.md "slug: guide" &&
		page t content/$l/faq/_index.md || return 1
	done &&
	commit t translations &&
	contentcal -C t lint --format line --fail-on warning >out &&
	expect_no_grep "duplicate-slug" out &&
	make_repo x &&
	page x content/about.md && page x content/about.fr.md && page x content/about.de.md &&
	commit x suffixes &&
	contentcal -C x lint --format line --fail-on warning >out &&
	expect_no_grep "duplicate-slug" out
'

test_expect_success 'a true URL collision is reported exactly once, with the URL and every file' '
	page r content/blog/a.md "slug: same" &&
	page r content/blog/b.md "slug: same" &&
	page r content/blog/same.md &&
	commit r collision &&
	test_must_fail 1 contentcal -C r lint --format line >out &&
	test $(grep -c "duplicate-slug" out) -eq 1 &&
	expect_grep "^content/blog/a.md:5:1: error: duplicate-slug: URL ./blog/same/. is resolved for 3 files: .content/blog/a.md., .content/blog/b.md., .content/blog/same.md. (slug .same.); set slug: or url: in front matter to tell them apart$" out
'

test_expect_success 'incremental: editing a body keeps the collision; a slug edit makes or ends one' '
	echo "More text." >>r/content/blog/a.md && commit r "edit a body" &&
	test_must_fail 1 contentcal -C r lint --format line >out &&
	test $(grep -c "duplicate-slug" out) -eq 1 &&
	sed -i "s/^slug: same$/slug: other/" r/content/blog/b.md && commit r "b moves" &&
	test_must_fail 1 contentcal -C r lint --format line >out &&
	expect_grep "URL ./blog/same/. is resolved for 2 files: .content/blog/a.md., .content/blog/same.md." out &&
	sed -i "s/^slug: same$/slug: alone/" r/content/blog/a.md && commit r "a moves" &&
	contentcal -C r lint --format line >out &&
	expect_no_grep "duplicate-slug" out &&
	sed -i "s/^slug: alone$/slug: other/" r/content/blog/a.md && commit r "a joins b" &&
	test_must_fail 1 contentcal -C r lint --format line >out &&
	expect_grep "URL ./blog/other/. is resolved for 2 files: .content/blog/a.md., .content/blog/b.md." out &&
	contentcal -C r list --format json >out.json &&
	expect_grep "\"site_url\": \"/blog/other/\"" out.json
'

test_expect_success 'derived slugs that collide are one warning' '
	make_repo w &&
	page w content/x/page.md && mkdir -p w/content/x/page && page w content/x/page/index.md &&
	commit w derived &&
	contentcal -C w lint --format line >out &&
	test $(grep -c "duplicate-slug" out) -eq 1 &&
	expect_grep "^content/x/page.md:1:1: warning: duplicate-slug: URL ./x/page/. is resolved for 2 files" out
'

test_expect_success 'the url pattern decides: without {section} sections collide' '
	echo "url: \"https://example.com/{slug}/\"" >>r/contentcal.yml && commit r url &&
	test_must_fail 1 contentcal -C r lint --format line >out &&
	expect_grep "URL .https://example.com/cloud/. is resolved for 2 files: .content/communities/cloud.md., .content/topics/cloud.md." out &&
	sed -i "s|{slug}/|{section}/{slug}/|" r/contentcal.yml && commit r url2 &&
	test_must_fail 1 contentcal -C r lint --format line >out &&
	expect_no_grep "cloud" out &&
	test $(grep -c "duplicate-slug" out) -eq 1
'

test_expect_success 'url placeholders {lang}, {year}, {month}, {day}, {section} resolve; an unknown one is an error' '
	make_repo u &&
	echo "url: \"/{lang}/{section}/{year}/{month}/{day}/{slug}\"" >>u/contentcal.yml &&
	for l in en fr; do page u content/$l/news/launch.md "date: 2026-03-04" || return 1; done &&
	commit u dated &&
	contentcal -C u list --format json >out.json &&
	python3 -c "
import json
a = {x[\"path\"]: x for x in json.load(open(\"out.json\"))}
assert a[\"content/fr/news/launch.md\"][\"site_url\"] == \"/fr/news/2026/03/04/launch\", a
assert a[\"content/en/news/launch.md\"][\"lang\"] == \"en\"
" &&
	echo "url: \"/{nope}/{slug}\"" >>u/contentcal.yml &&
	test_must_fail 2 contentcal -C u list 2>err &&
	expect_grep "unknown placeholder .{nope}. in .url. (expected {slug}, {path}, {format}, {stem}, {section}, {lang}, {year}, {month} or {day})" err
'

test_expect_success 'translation sets are in the list JSON (directory and suffix layouts)' '
	contentcal -C t list --format json >out.json &&
	python3 - out.json <<-\PY
	import json, sys
	a = {x["path"]: x for x in json.load(open(sys.argv[1]))}
	g = a["content/fr/guide.md"]
	assert g["lang"] == "fr" and g["site_url"] == "/fr/guide/", g
	assert [(t["lang"], t["path"]) for t in g["translations"]] == [
	    ("de", "content/de/guide.md"), ("en", "content/en/guide.md")], g["translations"]
	assert a["content/en/guide.md"]["site_url"] == "/guide/"
	assert a["content/de/faq/_index.md"]["site_url"] == "/de/faq/", a["content/de/faq/_index.md"]
	PY
	contentcal -C x list --format json >out.json &&
	python3 - out.json <<-\PY
	import json, sys
	a = {x["path"]: x for x in json.load(open(sys.argv[1]))}
	ab = a["content/about.fr.md"]
	assert ab["lang"] == "fr" and ab["site_url"] == "/fr/about/", ab
	assert [t["path"] for t in ab["translations"]] == ["content/about.de.md", "content/about.md"], ab["translations"]
	assert a["content/about.md"]["lang"] == "en" and a["content/about.md"]["site_url"] == "/about/", a["content/about.md"]
	PY
'

test_expect_success 'one language directory alone is a section, not a language; locales: says otherwise' '
	make_repo s &&
	page s content/it/security.md && page s content/blog/security.md &&
	commit s sections &&
	contentcal -C s list --format json >out.json &&
	expect_grep "\"site_url\": \"/it/security/\"" out.json &&
	expect_grep "\"lang\": \"\"" out.json &&
	make_repo c && echo "locales: [de, en]" >>c/contentcal.yml &&
	page c content/de/a.md && page c content/x.en.md &&
	commit c locales &&
	contentcal -C c list --format json >out.json &&
	python3 -c "
import json
a = {x[\"path\"]: x for x in json.load(open(\"out.json\"))}
assert a[\"content/de/a.md\"][\"lang\"] == \"de\" and a[\"content/de/a.md\"][\"site_url\"] == \"/a/\", a
assert a[\"content/x.en.md\"][\"lang\"] == \"en\" and a[\"content/x.en.md\"][\"site_url\"] == \"/en/x/\", a
"
'

test_expect_success 'a translation whose source was revised after it is lagging' '
	make_repo g &&
	page g content/en/guide.md && page g content/fr/guide.md && page g content/de/guide.md &&
	commit g "all three" 2026-01-10T10:00:00+00:00 &&
	echo "A new paragraph." >>g/content/en/guide.md &&
	commit g "revise the source" 2026-02-01T10:00:00+00:00 &&
	echo "Mis à jour." >>g/content/de/guide.md &&
	commit g "update German" 2026-02-05T10:00:00+00:00 &&
	contentcal -C g lint --format line >out &&
	expect_grep "^content/fr/guide.md:1:1: warning: lagging-translation: translation (fr) last revised 2026-01-10, before its source .content/en/guide.md. (en, revised 2026-02-01)$" out &&
	expect_no_grep "content/de/guide.md" out &&
	expect_no_grep "content/en/guide.md:" out &&
	test_must_fail 1 contentcal -C g lint --fail-on warning &&
	echo "lint: {rules: {lagging-translation: off}}" >>g/contentcal.yml && commit g off 2026-02-06T10:00:00+00:00 &&
	contentcal -C g lint --fail-on warning
'

# Lagging is judged by the content-revision day (lifecycle.h): a commit that
# only retags the source is not a revision; one that changes its body is.
test_expect_success 'retagging the source does not make its translations lag; a body change does' '
	make_repo rt &&
	page rt content/en/pricing.md && page rt content/fr/pricing.md &&
	commit rt "both" 2026-03-01T10:00:00+00:00 &&
	sed -i "s/^persona: cio$/persona: [cio, cfo]/" rt/content/en/pricing.md &&
	commit rt "retag the source" 2026-03-10T10:00:00+00:00 &&
	contentcal -C rt lint --format line --fail-on warning >out &&
	expect_no_grep "lagging-translation" out &&
	echo "A new section on discounts." >>rt/content/en/pricing.md &&
	commit rt "revise the source" 2026-03-20T10:00:00+00:00 &&
	test_must_fail 1 contentcal -C rt lint --format line --fail-on warning >out &&
	expect_grep "^content/fr/pricing.md:1:1: warning: lagging-translation: translation (fr) last revised 2026-03-01, before its source .content/en/pricing.md. (en, revised 2026-03-20)$" out &&
	sed -i "s/^persona: cio$/persona: developer/" rt/content/fr/pricing.md &&
	commit rt "retag the translation" 2026-03-25T10:00:00+00:00 &&
	test_must_fail 1 contentcal -C rt lint --format line --fail-on warning >out &&
	expect_grep "lagging-translation: translation (fr) last revised 2026-03-01" out
'

test_expect_success 'one resolver: a front-matter url is the site URL; url and site_url agree on {lang}, {section}, {stem}' '
	make_repo f &&
	page f content/blog/a.md "slug: same" "url: /a-page/" &&
	page f content/blog/b.md "slug: same" &&
	page f content/news/c.md "url: /a-page/" &&
	commit f urls &&
	test_must_fail 1 contentcal -C f lint --format line >out &&
	test $(grep -c "duplicate-slug" out) -eq 1 &&
	expect_grep "URL ./a-page/. is resolved for 2 files: .content/blog/a.md., .content/news/c.md." out &&
	expect_no_grep "/blog/same/" out &&
	make_repo p &&
	echo "url: \"/{lang}/{section}/{stem}/\"" >>p/contentcal.yml &&
	page p content/en/blog/post.md && page p content/fr/blog/post.md &&
	page p content/en/guides/setup/index.md && page p content/fr/guides/setup/index.md &&
	commit p pattern &&
	contentcal -C p list --format json >out.json &&
	python3 - out.json <<-\PY &&
	import json, sys
	a = {x["path"]: x for x in json.load(open(sys.argv[1]))}
	want = {"content/en/blog/post.md": "/en/blog/post/", "content/fr/blog/post.md": "/fr/blog/post/",
	        "content/fr/guides/setup/index.md": "/fr/guides/setup/"}
	for p, u in want.items():
	    assert a[p]["url"] == u and a[p]["site_url"] == u, (p, a[p]["url"], a[p]["site_url"])
	PY
	echo "More." >>p/content/fr/blog/post.md && commit p "a body edit" &&
	contentcal -C p list --format json >out2.json &&
	python3 -c "
import json
a = {x[\"path\"]: x for x in json.load(open(\"out2.json\"))}
assert a[\"content/fr/blog/post.md\"][\"url\"] == \"/fr/blog/post/\", a[\"content/fr/blog/post.md\"]
"
'

test_done
