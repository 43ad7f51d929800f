#!/bin/sh
# Installable: the Debian package builds, installs into a temporary root and
# runs the demo; the GitHub Action's steps run as shell (tests/cli/action-run.py
# plays the runner); a checkout that belongs to another user gets the true
# message and the fix, and the action trusts it before running.
. "$(dirname "$0")/lib.sh"

have() { command -v "$1" >/dev/null 2>&1; }

# ---- the Debian package ----

if have dpkg-buildpackage && have dh && have fakeroot; then
	test_expect_success 'make deb builds a Debian package with the binary, man page, templates, completion' '
		make -s -C "$SRC_DIR" deb BUILD="$TEST_DIR/debbuild" >deb.out 2>&1 || { cat deb.out; false; } &&
		deb=$(ls "$TEST_DIR"/debbuild/deb/contentcal_*.deb) &&
		test "$(dpkg-deb -f "$deb" Package)" = contentcal &&
		version=$(contentcal --version | cut -d" " -f2) &&
		test "$(dpkg-deb -f "$deb" Version)" = "$version" &&
		dpkg-deb -c "$deb" | awk "{print \$6}" >files &&
		for f in ./usr/bin/contentcal ./usr/libexec/contentcal/contentcal-full \
			./usr/share/man/man1/contentcal.1.gz \
			./usr/share/bash-completion/completions/contentcal \
			./usr/share/contentcal/templates/content/blog.md \
			./usr/share/contentcal/templates/report/report.html; do
			expect_grep "^$f\$" files || return 1
		done &&
		expect_no_grep "^./usr/local" files
	'

	test_expect_success 'the host has every package the .deb depends on' '
		deb=$(ls "$TEST_DIR"/debbuild/deb/contentcal_*.deb) &&
		dpkg-deb -f "$deb" Depends | tr "," "\n" | sed "s/(.*//; s/|.*//; s/ //g" >deps &&
		test -s deps && expect_grep "^libgit2" deps &&
		while read -r p; do
			test "$(dpkg-query -W -f="\${db:Status-Status}" "$p" 2>/dev/null)" = installed ||
				{ echo "not installed: $p"; return 1; }
		done <deps
	'

	# dpkg --root installs into a root of its own with its own package
	# database: as root it is a real install; otherwise --force-not-root.
	test_expect_success 'dpkg installs the package into a temporary root' '
		deb=$(ls "$TEST_DIR"/debbuild/deb/contentcal_*.deb) &&
		R=$TEST_DIR/root &&
		mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" && : >"$R/var/lib/dpkg/status" &&
		dpkg --root="$R" --log="$TEST_DIR/dpkg.log" --force-depends --force-not-root -i "$deb" >dpkg.out 2>&1 ||
			{ cat dpkg.out; false; } &&
		dpkg --root="$R" -s contentcal >status &&
		expect_grep "^Status: install ok installed" status &&
		dpkg --root="$R" -L contentcal >listed &&
		expect_grep "^/usr/bin/contentcal$" listed &&
		test -x "$R/usr/bin/contentcal"
	'

	test_expect_success 'the installed binary runs the demo on content-sample with the installed templates' '
		R=$TEST_DIR/root &&
		mkdir demo && cp -r "$SRC_DIR/content-sample" demo/content-sample &&
		git -C demo/content-sample init -q && commit demo/content-sample import &&
		(cd demo && sh "$SRC_DIR/tests/demo.sh" "$R/usr/bin/contentcal") >demo.out 2>&1 ||
			{ cat demo.out; false; } &&
		expect_grep "^== gaps" demo.out &&
		expect_grep "assets" demo.out &&
		"$R/usr/bin/contentcal" -C demo/content-sample new --list >list &&
		expect_grep "$R/usr/share/contentcal/templates/content/blog.md" list &&
		zcat "$R/usr/share/man/man1/contentcal.1.gz" | grep -q "^.SH EXIT STATUS"
	'
else
	test_skip "make deb and the installed package" "dpkg-buildpackage, debhelper or fakeroot missing: .ci/deps deb"
fi

# ---- the GitHub Action ----

# run_action ARGS...: the action's steps, from a copy of the source tree, as shell.
run_action() {
	GITHUB_WORKSPACE=$TEST_DIR/r python3 "$SRC_DIR/tests/cli/action-run.py" "$TEST_DIR/action" "$@"
}

test_expect_success 'setup: a content repository and a copy of contentcal for the action' '
	"$SRC_DIR/.ci/source-copy" "$TEST_DIR/action" &&
	test -f action/action.yml && test ! -d action/build &&
	make_repo r &&
	add_asset r content/a.md "title: A" "stage: awareness" "persona: cio" "date: 2026-01-05" &&
	commit r base &&
	git -C r branch base &&
	add_asset r content/b.md "title: B" "stage: decision" "persona: cfo" "date: 2026-01-06" &&
	add_asset r content/typo.md "title: T" "stage: desicion" "persona: cio" "date: 2026-01-07" &&
	commit r change
'

test_expect_success 'the action builds contentcal from source and runs gaps with annotations' '
	run_action working-directory="$TEST_DIR/r" args="--as-of 2026-01-15 --quarter FY2026Q1" >out 2>&1
	test $? -eq 1 || { cat out; false; } &&
	expect_grep "^contentcal: built sources [0-9a-f]\{32\}$" out &&
	expect_grep "^contentcal 0" out &&
	test -x action/build/action/contentcal && test -x action/build/action/contentcal-full &&
	expect_grep "^::error file=contentcal.yml,line=[0-9]*,col=[0-9]*,title=coverage gap%3A cio/consideration::" out &&
	expect_grep "skip .restore the built binary. (uses: actions/cache@v4)" out
'

test_expect_success 'a second run uses the cached build; the action trusts the workspace first' '
	run_action working-directory="$TEST_DIR/r" fail-on=none args="--as-of 2026-01-15 --quarter FY2026Q1" >out 2>&1 ||
		{ cat out; false; } &&
	expect_grep "^contentcal: cached build of sources" out &&
	expect_no_grep "built sources" out &&
	git config --global --get-all safe.directory >trusted &&
	expect_grep "^$TEST_DIR/r$" trusted &&
	run_action working-directory="$TEST_DIR/r" fail-on=none args="--as-of 2026-01-15 --quarter FY2026Q1" >out 2>&1 &&
	git config --global --get-all safe.directory >trusted &&
	test $(grep -c "^$TEST_DIR/r$" trusted) -eq 1
'

test_expect_success 'the action runs lint with its inputs; a bad command is an annotated usage error' '
	run_action working-directory="$TEST_DIR/r" command=lint fail-on=warning >out 2>&1
	test $? -eq 1 || { cat out; false; } &&
	expect_grep "^contentcal lint --format github --fail-on warning$" out &&
	expect_grep "^::warning file=content/typo.md,line=3,col=8,title=unknown-value::unknown stage" out &&
	run_action working-directory="$TEST_DIR/r" command="lint; rm -rf /" >out 2>&1
	test $? -eq 2 || { cat out; false; } &&
	expect_grep "^::error title=contentcal action::input .command. is gaps or lint" out
'

test_expect_success 'inputs reach the command as arguments, never as shell' '
	run_action working-directory="$TEST_DIR/r" command=lint args="--format \$(touch\${IFS}pwned) *" >out 2>&1
	test $? -eq 2 || { cat out; false; } &&
	test ! -e pwned && test ! -e r/pwned &&
	expect_grep "format" out
'

# The README's recipe, followed literally: its copy command vendors the
# action into the content repository, and every `uses:` of its workflow is
# either a GitHub action or a path that then exists there (no placeholder).
test_expect_success 'the README recipe: copy the action in, and the workflow'"'"'s uses: paths exist and run' '
	cp -r r vendored &&
	python3 - "$SRC_DIR/README.md" <<-\PY &&
	import re, sys, yaml
	text = open(sys.argv[1], encoding="utf-8").read()
	sh = [b for b in re.findall(r"```sh\n(.*?)```", text, re.S) if "CONTENT is your content repository" in b]
	assert len(sh) == 1, sh
	open("copy.sh", "w").write(sh[0])
	wf = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "# .github/workflows/content.yml" in b]
	assert len(wf) == 1
	uses = [s["uses"] for j in yaml.safe_load(wf[0])["jobs"].values() for s in j["steps"] if "uses" in s]
	local = sorted({u for u in uses if u.startswith("./")})
	assert local and all(re.fullmatch(r"actions/[a-z-]+@v\d+", u) for u in uses if u not in local), uses
	open("uses.txt", "w").write("\n".join(local) + "\n")
	PY
	(cd "$SRC_DIR" && CONTENT="$TEST_DIR/vendored" sh -e "$TEST_DIR/copy.sh") >copy.out 2>&1 ||
		{ cat copy.out; false; } &&
	test $(wc -l <uses.txt) -eq 1 &&
	dir=vendored/$(cut -c3- uses.txt) &&
	test -f "$dir/action.yml" && test ! -d "$dir/build" &&
	git -C vendored ls-files --error-unmatch "$(cut -c3- uses.txt)/action.yml" >/dev/null &&
	cp -r action/build "$dir/build" &&
	GITHUB_WORKSPACE=$TEST_DIR/vendored python3 "$SRC_DIR/tests/cli/action-run.py" "$dir" \
		working-directory="$TEST_DIR/vendored" command=lint >out 2>&1
	test $? -eq 0 || { cat out; false; } &&
	expect_grep "^contentcal: cached build of sources" out &&
	expect_grep "::warning file=content/typo.md,line=3,col=8" out &&
	expect_no_grep "file=.github/" out
'

# ---- the pre-commit hooks ----

# run_hook ID FILE...: runs the hook's entry as the pre-commit framework
# would (language: system), with the staged files that match its `files`.
run_hook() {
	python3 - "$SRC_DIR/.pre-commit-hooks.yaml" "$@" <<-\PY
	import re, shlex, subprocess, sys, yaml
	hooks = {h["id"]: h for h in yaml.safe_load(open(sys.argv[1]))}
	h = hooks[sys.argv[2]]
	assert h["language"] == "system"
	files = [f for f in sys.argv[3:] if re.search(h.get("files", ""), f)]
	cmd = shlex.split(h["entry"]) + (files if h.get("pass_filenames", True) else [])
	print("hook:", " ".join(cmd), flush=True)
	sys.exit(subprocess.call(cmd))
	PY
}

test_expect_success 'the pre-commit hooks run the installed binary on the staged files' '
	mkdir -p bin && ln -sf "$CONTENTCAL" bin/contentcal &&
	git -C r checkout -q main 2>/dev/null || true &&
	add_asset r content/staged.md "title: S" "stage: awarness" "persona: cio" &&
	git -C r add content/staged.md &&
	(cd r && PATH="$TEST_DIR/bin:$PATH" run_hook contentcal-lint content/staged.md README.txt) >out 2>&1 &&
	expect_grep "^hook: contentcal --worktree lint --format line content/staged.md$" out &&
	expect_grep "^content/staged.md:3:8: warning: unknown-value: unknown stage .awarness." out &&
	expect_no_grep "typo.md" out &&
	(cd r && PATH="$TEST_DIR/bin:$PATH" run_hook contentcal-gaps content/staged.md) >out 2>&1
	test $? -eq 1 &&
	expect_grep "^hook: contentcal --worktree gaps --format line$" out &&
	expect_grep "error: coverage" out &&
	git -C r rm -q --cached content/staged.md && rm r/content/staged.md
'

# ---- a checkout that belongs to another user ----

if [ "$(id -u)" -eq 0 ]; then
	test_expect_success 'a repository of another user: the true message and the fix' '
		cp -r r own && chown -R 4242:4242 own &&
		test_must_fail 2 contentcal -C own list 2>err &&
		expect_grep "belongs to another user (uid 4242" err &&
		expect_grep "dubious ownership" err &&
		expect_grep "git config --global --add safe.directory $TEST_DIR/own$" err &&
		expect_no_grep "not a git repository" err &&
		test_must_fail 2 contentcal -C own/content list 2>err &&
		expect_grep "safe.directory $TEST_DIR/own$" err &&
		git config --global --add safe.directory "$TEST_DIR/own" &&
		contentcal -C own list >out &&
		expect_grep "content/a.md" out
	'

	test_expect_success 'the action trusts a checkout of another user before running' '
		rm -rf own && cp -r r own && chown -R 4242:4242 own &&
		git config --global --unset-all safe.directory &&
		GITHUB_WORKSPACE=$TEST_DIR/own python3 "$SRC_DIR/tests/cli/action-run.py" "$TEST_DIR/action" \
			working-directory="$TEST_DIR/own" command=lint >out 2>&1 ||
			{ cat out; false; } &&
		expect_grep "::warning file=content/typo.md" out
	'
else
	test_skip "a repository of another user" "not root: cannot chown a repository to another uid"
fi

test_done
