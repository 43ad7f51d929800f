/* Unit tests for lib/glob.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "glob.h"

static void test_globs(void **state)
{
	assert_true(cc_glob_match("**/*.md", "a.md"));
	assert_true(cc_glob_match("**/*.md", "x/y/a.md"));
	assert_false(cc_glob_match("**/*.md", "x/y/a.mdx"));
	assert_true(cc_glob_match("content/**/*.md", "content/a.md"));
	assert_true(cc_glob_match("content/**/*.md", "content/blog/2024/a.md"));
	assert_false(cc_glob_match("content/**/*.md", "other/a.md"));
	assert_false(cc_glob_match("content/*.md", "content/blog/a.md"));
	assert_true(cc_glob_match("content/*.md", "content/a.md"));
	assert_true(cc_glob_match("./content/*.md", "content/a.md"));
	assert_true(cc_glob_match("content/**", "content/a/b/c"));
	assert_true(cc_glob_match("**/README.md", "README.md"));
	assert_true(cc_glob_match("**/README.md", "docs/README.md"));
	assert_true(cc_glob_match("a/**/b/*.md", "a/b/x.md"));
	assert_true(cc_glob_match("a/**/b/*.md", "a/q/r/b/x.md"));
	assert_false(cc_glob_match("a/**/b/*.md", "a/q/r/c/x.md"));
	assert_true(cc_glob_match("[ab]?.md", "bc.md"));
	assert_false(cc_glob_match("a.md", "a.md/b"));
	assert_false(cc_glob_match("a/b.md", "a"));
	assert_true(cc_glob_match("posts/file with spaces.md", "posts/file with spaces.md"));
	/* component matching: stars backtrack, classes, ranges, negation, escapes */
	assert_true(cc_glob_match("*.md", ".md"));
	assert_true(cc_glob_match("a*b*c.md", "axxbyybzc.md"));
	assert_false(cc_glob_match("a*b*c.md", "axxbyyb.md"));
	assert_true(cc_glob_match("post-[0-9][0-9].md", "post-42.md"));
	assert_false(cc_glob_match("post-[0-9][0-9].md", "post-4x.md"));
	assert_true(cc_glob_match("[!_]*.md", "page.md"));
	assert_false(cc_glob_match("[!_]*.md", "_index.md"));
	assert_true(cc_glob_match("[]a].md", "].md"));
	assert_true(cc_glob_match("\\*.md", "*.md"));
	assert_false(cc_glob_match("\\*.md", "x.md"));
	assert_false(cc_glob_match("*.md", "a.mdx"));
	assert_true(cc_glob_match("**/*.md*", "x/a.mdx"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_globs),
	};
	return cmocka_run_group_tests_name("glob", tests, NULL, NULL);
}
