# tests/cli/lib.sh — a small TAP harness for end-to-end tests of the binary.
#
# Each test script sources this file, then calls `test_expect_success`
# (or `test_expect_failure_code`) with a description and a shell snippet.
# Every script works in its own throwaway directory with its own git
# repositories, made with `make_repo`. Output is TAP, run under `prove`.
#
#   CONTENTCAL       the binary under test (absolute path; set by make)
#   CONTENTCAL_WRAP  optional wrapper, e.g. valgrind (make leakcheck)

set -u
: "${CONTENTCAL:?set CONTENTCAL to the binary under test}"
SRC_DIR=$(cd "$(dirname "$0")/../.." && pwd)
TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/contentcal-test.XXXXXX")
trap 'rm -rf "$TEST_DIR"' EXIT
cd "$TEST_DIR" || exit 1
export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL="author@example.com"
export GIT_COMMITTER_NAME="Test Committer" GIT_COMMITTER_EMAIL="committer@example.com"
export GIT_CONFIG_NOSYSTEM=1 HOME="$TEST_DIR" LC_ALL=C.UTF-8 TZ=UTC
git config --global init.defaultBranch main
git config --global user.name "Test Author"
git config --global user.email "author@example.com"

test_count=0
test_failed=0

# contentcal ARGS...: runs the binary (through the wrapper, if any).
contentcal() {
	${CONTENTCAL_WRAP:-} "$CONTENTCAL" "$@"
}

test_expect_success() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TEST_DIR/.out" 2>&1; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1"
		sed 's/^/# /' "$TEST_DIR/.out"
		test_failed=$((test_failed + 1))
	fi
}

# test_must_fail CODE CMD...: CMD must exit with exactly CODE.
test_must_fail() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "expected exit $want, got $got: $*" >&2
		return 1
	fi
	return 0
}

# test_cmp EXPECTED ACTUAL: files must be equal (shows a diff otherwise).
test_cmp() {
	diff -u "$1" "$2"
}

# grep that shows what it searched when it fails.
expect_grep() {
	if ! grep -q -- "$1" "$2"; then
		echo "expected '$1' in $2:" >&2
		cat "$2" >&2
		return 1
	fi
}

expect_no_grep() {
	if grep -q -- "$1" "$2"; then
		echo "did not expect '$1' in $2:" >&2
		cat "$2" >&2
		return 1
	fi
}

# make_repo DIR: a new git repository with a minimal config.
make_repo() {
	mkdir -p "$1" && git -C "$1" init -q && cat >"$1/contentcal.yml" <<'YML'
content: ["content/**/*.md", "content/**/*.mdx"]
stages: hubspot
personas: [cio, cfo, developer]
topics: [security, cloud]
YML
}

# add_asset REPO PATH FRONT-MATTER-LINES...: writes a Markdown file with front matter.
add_asset() {
	repo=$1 path=$2
	shift 2
	mkdir -p "$(dirname "$repo/$path")"
	{
		echo "---"
		for line in "$@"; do echo "$line"; done
		echo "---"
		echo
		echo "# Heading of $path"
		echo
		echo "Some body text for $path with a [link](https://example.com) in it."
	} >"$repo/$path"
}

# commit REPO MESSAGE [DATE]: commits everything with a fixed date.
commit() {
	d=${3:-2026-01-15T10:00:00+00:00}
	git -C "$1" add -A && GIT_AUTHOR_DATE="$d" GIT_COMMITTER_DATE="$d" git -C "$1" commit -q -m "$2"
}

# test_skip DESCRIPTION REASON: a visible skip in TAP.
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1 ($2)"
}

test_done() {
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
}
