#!/bin/sh
# set and reschedule: in-place front-matter edits, byte for byte.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: files with comments, CRLF, BOM, flow and block lists, quotes' '
	make_repo r && mkdir -p r/content &&
	printf -- "---\n# planning note\ntitle: \"Plain: quoted\"   # keep me\nstatus: draft\nstage: awareness\npersona: [cio, '\''cfo'\'']\n---\n\nBody with stage: awareness in it.\n" >r/content/a.md &&
	printf -- "\357\273\277---\r\ntitle: '\''Single'\''\r\nstatus: \"draft\"\r\nstage: '\''awareness'\''\r\npersona:\r\n  - cio   # first\r\n  - cfo\r\n---\r\nCRLF body\r\n" >r/content/b.md &&
	printf -- "---\ntitle: Published one\nstatus: published\nstage: awareness\n---\nbody\n" >r/content/c.md &&
	commit r "assets" &&
	cp r/content/a.md a.orig && cp r/content/b.md b.orig && cp r/content/c.md c.orig
'

test_expect_success 'set --dry-run prints a unified diff and writes nothing' '
	contentcal -C r set --where status=draft stage=decision owner="Ana Lopez" --dry-run >diff 2>err &&
	expect_grep "^--- a/content/a.md" diff &&
	expect_grep "^+++ b/content/b.md" diff &&
	expect_grep "^-stage: awareness$" diff &&
	expect_grep "^+stage: decision$" diff &&
	expect_grep "^+owner: Ana Lopez$" diff &&
	expect_grep "2 assets matched, 2 would change (dry run" err &&
	cmp a.orig r/content/a.md && cmp b.orig r/content/b.md
'

test_expect_success 'set changes only the values: exact bytes' '
	contentcal -C r set --where status=draft stage=decision "persona=cfo,developer" owner="Ana Lopez" 2>err &&
	expect_grep "2 assets matched, 2 changed" err &&
	printf -- "---\n# planning note\ntitle: \"Plain: quoted\"   # keep me\nstatus: draft\nstage: decision\npersona: [cfo, '\''developer'\'']\nowner: Ana Lopez\n---\n\nBody with stage: awareness in it.\n" >a.want &&
	printf -- "\357\273\277---\r\ntitle: '\''Single'\''\r\nstatus: \"draft\"\r\nstage: '\''decision'\''\r\npersona:\r\n  - cfo   # first\r\n  - developer\r\nowner: Ana Lopez\r\n---\r\nCRLF body\r\n" >b.want &&
	cmp a.want r/content/a.md && cmp b.want r/content/b.md && cmp c.orig r/content/c.md &&
	test -z "$(find r -name ".*.contentcal-*")"
'

test_expect_success 'set: list lengths change in the list s own form; aliases become canonical' '
	contentcal -C r set --where title=Single persona=cio,cfo,developer stage=BOFU 2>err &&
	printf -- "\357\273\277---\r\ntitle: '\''Single'\''\r\nstatus: \"draft\"\r\nstage: '\''decision'\''\r\npersona:\r\n  - cio   # first\r\n  - cfo\r\n  - developer\r\nowner: Ana Lopez\r\n---\r\nCRLF body\r\n" >b.want &&
	cmp b.want r/content/b.md &&
	contentcal -C r set --where title=Single persona=cio 2>err &&
	printf -- "\357\273\277---\r\ntitle: '\''Single'\''\r\nstatus: \"draft\"\r\nstage: '\''decision'\''\r\npersona:\r\n  - cio   # first\r\nowner: Ana Lopez\r\n---\r\nCRLF body\r\n" >b.want &&
	cmp b.want r/content/b.md
'

test_expect_success 'set checks values against the vocabulary and workflow' '
	cp r/content/a.md a.now &&
	test_must_fail 2 contentcal -C r set --where status=draft stage=decison 2>err &&
	expect_grep "unknown stage .decison.; did you mean .decision.?" err &&
	test_must_fail 2 contentcal -C r set --where status=draft status=publishd 2>err &&
	expect_grep "did you mean .published.?" err &&
	test_must_fail 2 contentcal -C r set --where status=draft date=2026-02-30 2>err &&
	expect_grep "must be a date" err &&
	test_must_fail 2 contentcal -C r set --where status=draft title=x 2>err &&
	expect_grep "cannot be set" err &&
	test_must_fail 2 contentcal -C r set stage=decision 2>err &&
	expect_grep "at least one --where" err &&
	cmp a.now r/content/a.md
'

test_expect_success 'one file that cannot be edited: all named, nothing written' '
	printf "{\"title\": \"J\", \"status\": \"review\"}\nbody\n" >r/content/j.md &&
	printf -- "---\ntitle: K\nstatus: review\nstage: |\n  block\n---\n" >r/content/k.md &&
	printf -- "---\ntitle: L\nstatus: review\n---\n" >r/content/l.md &&
	commit r "more" && cp r/content/l.md l.orig &&
	test_must_fail 2 contentcal -C r set --where status=review stage=decision 2>err &&
	expect_grep "content/j.md:1:1: JSON front matter is not edited in place" err &&
	expect_grep "content/k.md:4:1: .stage. is not changed in place: it is a block scalar" err &&
	expect_grep "2 files cannot be edited; nothing was changed" err &&
	cmp l.orig r/content/l.md &&
	test -z "$(find r -name ".*.contentcal-*")"
'

test_expect_success 'never through a symbolic link; never outside the work tree' '
	make_repo s && mkdir -p s/content/sub outside &&
	printf -- "---\ntitle: S\nstatus: draft\n---\n" >s/content/sub/s.md && commit s "s" &&
	contentcal -C s index >/dev/null &&
	mv s/content/sub outside/sub && ln -s ../../outside/sub s/content/sub &&
	cp outside/sub/s.md s.orig &&
	test_must_fail 2 contentcal -C s --no-index set --where status=draft stage=decision 2>err &&
	expect_grep "symbolic link" err &&
	cmp s.orig outside/sub/s.md &&
	rm s/content/sub && mkdir s/content/sub && ln -s ../../outside/sub/s.md s/content/sub/s.md &&
	test_must_fail 2 contentcal -C s --no-index set --where status=draft stage=decision 2>err &&
	expect_grep "symbolic link" err &&
	cmp s.orig outside/sub/s.md &&
	ls -a s/content/sub >names && test $(wc -l <names) -eq 3
'

test_expect_success 'reschedule ASSET DATE by path or slug; file mode kept' '
	chmod 640 r/content/c.md &&
	contentcal -C r reschedule content/c.md 2026-12-01 2>err &&
	printf -- "---\ntitle: Published one\nstatus: published\nstage: awareness\ndate: 2026-12-01\n---\nbody\n" >c.want &&
	cmp c.want r/content/c.md &&
	test "$(stat -c %a r/content/c.md)" = 640 &&
	contentcal -C r reschedule c 2027-01-05 --dry-run >diff 2>err &&
	expect_grep "^-date: 2026-12-01" diff && expect_grep "^+date: 2027-01-05" diff &&
	cmp c.want r/content/c.md &&
	test_must_fail 2 contentcal -C r reschedule nosuch 2026-12-01 2>err &&
	expect_grep "no indexed asset" err &&
	test_must_fail 2 contentcal -C r reschedule c someday 2>err &&
	expect_grep "must be a date" err
'

test_done
