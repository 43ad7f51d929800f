/* Unit tests for the escaping helpers of lib/text.c (hardening). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static char *safe(const char *s, bool keep_newlines)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add_safe(&b, s, keep_newlines);
	return cc_buf_detach(&b, NULL);
}

#define assert_safe(in, keep, want)              \
	do {                                         \
		char *got_ = safe(in, keep);             \
		assert_string_equal(got_, want);         \
		free(got_);                              \
	} while (0)

static void test_safe_controls(void **state)
{
	assert_safe("plain text", false, "plain text");
	assert_safe("a\033[31mred\033[0m", false, "a[31mred[0m");
	assert_safe("\033]0;title\007x", false, "]0;titlex");
	assert_safe("a\nb\tc\rd", false, "a b c d");
	assert_safe("a\nb\tc\rd", true, "a\nb\tc d");
	assert_safe("del\177x", false, "delx");
	/* C1 controls as UTF-8 (U+009B is CSI) are dropped. */
	assert_safe("x\xc2\x9b" "31my", false, "x31my");
	assert_safe("caf\xc3\xa9" " \xe6\x97\xa5\xf0\x9f\x98\x80", false, "caf\xc3\xa9" " \xe6\x97\xa5\xf0\x9f\x98\x80");
	assert_safe("\xc2\xa0" "nbsp", false, "\xc2\xa0" "nbsp");
}

/* Regression (hardening): file names are bytes; a raw 0x9B is CSI to an
 * 8-bit terminal and used to pass through. */
static void test_safe_invalid_utf8(void **state)
{
	assert_safe("a\x9b" "[2Jb", false, "a\xef\xbf\xbd" "[2Jb");
	assert_safe("\xff\xfe", false, "\xef\xbf\xbd\xef\xbf\xbd");
	assert_safe("\xc3", false, "\xef\xbf\xbd");           /* cut short at the end */
	assert_safe("\xe6\x97", false, "\xef\xbf\xbd\xef\xbf\xbd");
	assert_safe("\xc0\xaf", false, "\xef\xbf\xbd\xef\xbf\xbd"); /* overlong '/' */
	assert_safe("\xed\xa0\x80", false, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* surrogate */
}

static void test_safe_bidi(void **state)
{
	assert_safe("abc\xe2\x80\xae" "evil.md", false, "abcevil.md");  /* U+202E */
	assert_safe("\xe2\x81\xa6x\xe2\x81\xa9", false, "x");        /* U+2066, U+2069 */
	assert_safe("\xe2\x80\x8f" "mark", false, "\xe2\x80\x8f" "mark");  /* U+200F stays */
}

static char *csv(const char *s)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add_csv(&b, s);
	return cc_buf_detach(&b, NULL);
}

static void test_csv(void **state)
{
	const char *cases[][2] = {
		{"plain", "plain"},
		{"a,b", "\"a,b\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"=1+1", "\"'=1+1\""},
		{"+1", "\"'+1\""},
		{"-1", "\"'-1\""},
		{"@SUM(A1)", "\"'@SUM(A1)\""},
		{"\t=1", "\"'\t=1\""},
		{"\r=1", "\"'\r=1\""},
		{"=\"a\",b", "\"'=\"\"a\"\",b\""},
		{"a\nb", "\"a\nb\""},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = csv(cases[i][0]);
		assert_string_equal(got, cases[i][1]);
		free(got);
	}
}

static char *gha(const char *s, bool property)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add_gha(&b, s, property);
	return cc_buf_detach(&b, NULL);
}

static void test_gha(void **state)
{
	char *m = gha("x\n::error file=a::pwned%0A\r", false);
	assert_string_equal(m, "x%0A::error file=a::pwned%250A%0D");
	free(m);
	char *p = gha("a,line=1::b\nc%", true);
	assert_string_equal(p, "a%2Cline=1%3A%3Ab%0Ac%25");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe_controls),
		cmocka_unit_test(test_safe_invalid_utf8),
		cmocka_unit_test(test_safe_bidi),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_gha),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
