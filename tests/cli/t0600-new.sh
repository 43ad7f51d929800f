#!/bin/sh
# contentcal new: templates, slugs, vocabulary, collisions, paths kept inside the repository.
. "$(dirname "$0")/lib.sh"

test_expect_success 'new writes a case study with YAML-safe front matter and prints its path' '
	make_repo r &&
	cat >>r/contentcal.yml <<-YML &&
	formats: [blog, whitepaper, case-study, webinar, datasheet, ebook]
	YML
	(cd r && contentcal new case-study "Ça marche: Zürich Bank cuts \"cloud\" costs — 40%" \
		--stage bofu --persona CFO --topic security --date 2026-12-01) >out &&
	echo "content/case-study/ca-marche-zurich-bank-cuts-cloud-costs-40.md" >expect &&
	test_cmp expect out &&
	f=r/content/case-study/ca-marche-zurich-bank-cuts-cloud-costs-40.md &&
	expect_grep "^title: \"Ça marche: Zürich Bank cuts \\\\\"cloud\\\\\" costs — 40%\"$" $f &&
	expect_grep "^stage: \"decision\"$" $f &&
	expect_grep "^persona: \"cfo\"$" $f &&
	expect_grep "^status: \"draft\"$" $f &&
	expect_grep "^date: \"2026-12-01\"" $f &&
	expect_grep "^author: \"Test Author\"$" $f &&
	expect_grep "^## Customer snapshot" $f &&
	expect_grep "^## Results" $f &&
	expect_grep "^## In their words" $f &&
	commit r "a case study" &&
	contentcal -C r list --format json >list.json &&
	python3 -c "
import json, sys
a = json.load(open(\"list.json\"))
assert len(a) == 1, a
a = a[0]
assert a[\"title\"] == \"Ça marche: Zürich Bank cuts \\\"cloud\\\" costs — 40%\", a[\"title\"]
assert a[\"stages\"] == [\"decision\"] and a[\"personas\"] == [\"cfo\"] and a[\"topics\"] == [\"security\"]
assert a[\"status\"] == \"draft\" and a[\"format\"] == \"case-study\" and a[\"date\"] == \"2026-12-01\"
" &&
	contentcal -C r lint >lint.out 2>&1 &&
	expect_grep "0 errors" lint.out
'

test_expect_success 'every built-in template gives an asset that lints clean' '
	for f in blog whitepaper webinar datasheet ebook; do
		contentcal -C r new $f "A $f about Cloud Security" --stage awareness --persona cio >>made || return 1
	done &&
	test $(wc -l <made) -eq 5 &&
	expect_grep "content/webinar/a-webinar-about-cloud-security.md" made &&
	contentcal -C r --worktree lint >lint.out 2>&1 &&
	expect_grep "0 errors" lint.out &&
	contentcal -C r --worktree sql "SELECT count(*) FROM assets WHERE status = '"'"'draft'"'"'" --format csv >n &&
	expect_grep "^6" n
'

test_expect_success 'a path is printed relative to the directory contentcal runs in' '
	mkdir -p r/content/blog &&
	(cd r/content && contentcal new blog "Relative Path") >out &&
	echo "blog/relative-path.md" >expect && test_cmp expect out
'

test_expect_success 'an existing file is never overwritten (exit 2, file untouched)' '
	f=r/content/blog/relative-path.md &&
	echo "precious" >$f &&
	test_must_fail 2 contentcal -C r new blog "Relative   PATH!" 2>err &&
	expect_grep "already exists; not overwriting" err &&
	echo precious >expect && test_cmp expect $f
'

test_expect_success 'unknown vocabulary values are exit 2 naming the nearest value' '
	test_must_fail 2 contentcal -C r new blog "X" --stage decison 2>err &&
	expect_grep "did you mean .decision." err &&
	test_must_fail 2 contentcal -C r new blog "X" --persona cfoo 2>err &&
	expect_grep "did you mean .cfo." err &&
	test_must_fail 2 contentcal -C r new blgo "X" 2>err &&
	expect_grep "unknown format .blgo.; did you mean .blog." err &&
	test_must_fail 2 contentcal -C r new blog "X" --status publshed 2>err &&
	expect_grep "did you mean .published." err &&
	test_must_fail 2 contentcal -C r new blog "X" --date 2026-02-30 2>err &&
	test_must_fail 2 contentcal -C r new blog "!!!" 2>err &&
	expect_grep "empty slug" err &&
	test_must_fail 2 contentcal -C r new blog "two
lines" 2>err &&
	test_must_fail 2 contentcal -C r new blog 2>err &&
	test ! -e r/content/blog/x.md
'

test_expect_success 'a format with no template lists the available ones' '
	make_repo free &&
	test_must_fail 2 contentcal -C free new podcast "X" 2>err &&
	expect_grep "no template for format .podcast. (available: blog, case-study" err
'

test_expect_success 'new.path with ".." cannot leave the repository' '
	make_repo esc &&
	printf "new: {path: \"../../outside/{slug}.md\"}\n" >>esc/contentcal.yml &&
	test_must_fail 2 contentcal -C esc new blog "Escape" 2>err &&
	expect_grep "outside the repository" err &&
	test ! -e outside && test ! -e ../outside &&
	make_repo esc2 &&
	printf "new: {path: \".git/hooks/{slug}.md\"}\n" >>esc2/contentcal.yml &&
	test_must_fail 2 contentcal -C esc2 new blog "Hook" 2>err &&
	expect_grep "git directory" err &&
	test ! -e esc2/.git/hooks/hook.md
'

test_expect_success 'a config pattern with placeholders and ".." that stays inside works (with --force outside the globs)' '
	make_repo sub && mkdir -p sub/site &&
	mv sub/contentcal.yml sub/site/ &&
	printf "new: {path: \"../posts/{year}/{month}/{stage}-{slug}.md\"}\n" >>sub/site/contentcal.yml &&
	(cd sub/site && test_must_fail 2 contentcal new blog "Nested" --date 2027-03-04 --stage tofu) 2>err &&
	expect_grep "posts/2027/03/awareness-nested.md. is outside the content globs (site: content/\*\*/\*.md, content/\*\*/\*.mdx), so it would not be indexed" err &&
	test ! -e sub/posts &&
	(cd sub/site && contentcal new blog "Nested" --date 2027-03-04 --stage tofu --force) >out 2>err &&
	expect_grep "warning: .posts/2027/03/awareness-nested.md. is outside the content globs" err &&
	echo "$TEST_DIR/sub/posts/2027/03/awareness-nested.md" >expect && test_cmp expect out &&
	test -f sub/posts/2027/03/awareness-nested.md &&
	test_must_fail 2 contentcal -C sub/site new blog "No stage" --force 2>err &&
	expect_grep "uses {stage}" err
'

test_expect_success 'a symlinked directory on the way is refused' '
	make_repo sl && mkdir -p elsewhere sl/content &&
	ln -s "$TEST_DIR/elsewhere" sl/content/blog &&
	test_must_fail 2 contentcal -C sl new blog "Through Link" 2>err &&
	expect_grep "symbolic link .content/blog." err &&
	test -z "$(ls elsewhere)" &&
	mkdir -p sl/content/ebook && ln -s "$TEST_DIR/elsewhere/target.md" sl/content/ebook/dangling.md &&
	test_must_fail 2 contentcal -C sl new ebook "Dangling" 2>err &&
	test ! -e elsewhere/target.md
'

test_expect_success 'a symlinked file at the target is not written through' '
	make_repo sf && mkdir -p sf/content/blog &&
	ln -s "$TEST_DIR/elsewhere/victim.md" sf/content/blog/victim.md &&
	test_must_fail 2 contentcal -C sf new blog "Victim" 2>err &&
	expect_grep "already exists" err &&
	test ! -e elsewhere/victim.md
'

test_expect_success 'templates in the content repository override and add to the built-in ones' '
	make_repo ov && mkdir -p ov/templates/content &&
	printf -- "---\ntitle: {{title}}\nformat: {{format}}\nstatus: {{status}}\nstage: {{stage}}\npersona: {{persona}}\n---\n\n# House style: {{title}}\n" >ov/templates/content/blog.md &&
	printf -- "---\ntitle: {{ title }}\nformat: {{format}}\nstage: {{stage}}\npersona: {{persona}}\n---\n\n## Show notes\n" >ov/templates/content/podcast.md &&
	contentcal -C ov new --list >list &&
	expect_grep "^blog  *repository  *templates/content/blog.md$" list &&
	expect_grep "^podcast  *repository  *templates/content/podcast.md$" list &&
	expect_grep "^blog  *built-in  *.*/content/blog.md (overridden)$" list &&
	expect_grep "^whitepaper  *built-in" list &&
	contentcal -C ov new blog "Mine" --stage awareness --persona cio >out &&
	expect_grep "^# House style: Mine$" ov/content/blog/mine.md &&
	contentcal -C ov new podcast "Episode 1" >out &&
	expect_grep "^title: \"Episode 1\"$" ov/content/podcast/episode-1.md &&
	expect_grep "^stage:$" ov/content/podcast/episode-1.md
'

test_expect_success 'an unknown placeholder in a template is a located error' '
	printf -- "---\ntitle: {{title}}\n---\n\nBy {{writer}}\n" >ov/templates/content/memo.md &&
	test_must_fail 2 contentcal -C ov new memo "M" 2>err &&
	expect_grep "templates/content/memo.md:5:4: unknown placeholder {{writer}} (known: title, slug," err &&
	test ! -e ov/content/memo/m.md &&
	printf -- "---\ntitle: {{ title }}\nstage: {{stage\n---\n" >ov/templates/content/memo.md &&
	test_must_fail 2 contentcal -C ov new memo "M" 2>err &&
	expect_grep "templates/content/memo.md:3:8: unclosed placeholder {{stage}}" err &&
	test ! -e ov/content/memo/m.md
'

test_expect_success 'blanks inside {{ name }}; text that is no placeholder stays as it is' '
	printf -- "---\ntitle: {{ title }}\n---\n\n{{< figure src=x >}} {{ .Title }} by {{\tauthor }}\n" \
		>ov/templates/content/memo.md &&
	contentcal -C ov new memo "Blank Memo" >/dev/null &&
	expect_grep "^title: \"Blank Memo\"$" ov/content/memo/blank-memo.md &&
	expect_grep "^{{< figure src=x >}} {{ .Title }} by " ov/content/memo/blank-memo.md &&
	expect_no_grep "author" ov/content/memo/blank-memo.md
'

test_expect_success 'CONTENTCAL_TEMPLATES replaces the built-in set' '
	mkdir -p alt/content &&
	printf -- "---\ntitle: {{title}}\n---\nalt\n" >alt/content/note.md &&
	CONTENTCAL_TEMPLATES="$TEST_DIR/alt" contentcal -C free new --list >list &&
	expect_grep "^note  *CONTENTCAL_TEMPLATES" list &&
	expect_no_grep "^blog" list
'

test_expect_success 'new refuses a path the content globs would not index' '
	make_repo globs && printf "content: [\"site/**/*.md\"]\nexclude: [\"site/drafts/**\"]\n" >globs/contentcal.yml &&
	test_must_fail 2 contentcal -C globs new blog "Lost Post" 2>err &&
	expect_grep "content/blog/lost-post.md. is outside the content globs (site/\*\*/\*.md; not site/drafts/\*\*), so it would not be indexed; change new.path or content, or give --force" err &&
	test ! -e globs/content &&
	printf "new: {path: \"site/drafts/{slug}.md\"}\n" >>globs/contentcal.yml &&
	test_must_fail 2 contentcal -C globs new blog "Excluded" 2>err &&
	expect_grep "is outside the content globs" err &&
	printf "new: {path: \"site/{format}/{slug}.md\"}\n" >globs/contentcal.yml.new &&
	printf "content: [\"site/**/*.md\"]\n" >globs/contentcal.yml && cat globs/contentcal.yml.new >>globs/contentcal.yml &&
	contentcal -C globs new blog "Found Post" >out &&
	test -f globs/site/blog/found-post.md && git -C globs add -A && git -C globs commit -qm x &&
	contentcal -C globs list --format csv >out && expect_grep "^site/blog/found-post.md," out
'

test_done
