/* Unit tests for lib/buf.c and lib/problem.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "problem.h"
#include "text.h"

#include <jansson.h>

static void test_buf_basics(void **state)
{
	struct cc_buf b = CC_BUF_INIT;
	assert_string_equal(b.buf, "");
	cc_buf_adds(&b, "abc");
	cc_buf_addch(&b, 'd');
	cc_buf_addf(&b, "-%d-%s", 42, "x");
	assert_string_equal(b.buf, "abcd-42-x");
	assert_int_equal(b.len, 9);
	cc_buf_adds(&b, "  \n\t");
	cc_buf_rtrim(&b);
	assert_string_equal(b.buf, "abcd-42-x");
	size_t len;
	char *s = cc_buf_detach(&b, &len);
	assert_string_equal(s, "abcd-42-x");
	assert_int_equal(len, 9);
	assert_string_equal(b.buf, "");
	free(s);
	cc_buf_release(&b);
}

static void test_buf_grows(void **state)
{
	struct cc_buf b = CC_BUF_INIT;
	for (int i = 0; i < 10000; i++)
		cc_buf_addch(&b, 'a' + i % 26);
	assert_int_equal(b.len, 10000);
	assert_int_equal(b.buf[9999], 'a' + 9999 % 26);
	assert_int_equal(b.buf[10000], '\0');
	cc_buf_reset(&b);
	assert_int_equal(b.len, 0);
	char *s = cc_buf_detach(&b, NULL);
	assert_string_equal(s, "");
	free(s);
	struct cc_buf e = CC_BUF_INIT;
	s = cc_buf_detach(&e, NULL); /* detaching an untouched buffer gives a fresh string */
	assert_string_equal(s, "");
	free(s);
}

static void test_problems_sort_count(void **state)
{
	struct cc_problems p = CC_PROBLEMS_INIT;
	cc_problems_add(&p, "b.md", 3, 1, CC_SEV_WARNING, "r", "second %d", 2);
	cc_problems_add(&p, "a.md", 9, 2, CC_SEV_ERROR, "r", "first");
	cc_problems_add(&p, "b.md", 1, 1, CC_SEV_INFO, "r", "x");
	cc_problems_sort(&p);
	assert_string_equal(p.v[0].path, "a.md");
	assert_int_equal(p.v[1].line, 1);
	assert_string_equal(p.v[2].message, "second 2");
	assert_int_equal(cc_problems_count(&p, CC_SEV_WARNING), 2);
	assert_int_equal(cc_problems_count(&p, CC_SEV_ERROR), 1);
	struct cc_problems q = CC_PROBLEMS_INIT;
	cc_problems_take(&q, &p);
	assert_int_equal(q.n, 3);
	assert_int_equal(p.n, 0);
	cc_problems_release(&q);
	cc_problems_release(&p);
}

static void test_error_channel(void **state)
{
	cc_error_clear();
	assert_string_equal(cc_error_last(), "");
	assert_int_equal(cc_error("cannot open '%s'", "x"), -1);
	assert_string_equal(cc_error_last(), "cannot open 'x'");
	assert_int_equal(cc_severity_parse("warning"), CC_SEV_WARNING);
	assert_int_equal(cc_severity_parse("bogus"), -1);
}

/* The indexer's own JSON string writer must agree with jansson's reader. */
static void test_json_string_round_trip(void **state)
{
	static const char *const cases[] = {"", "plain", "quote \" and \\ backslash",
					    "tab\tnewline\ncr\r", "\x01\x1f control", "caf\xc3\xa9 \xe2\x80\x94 utf-8",
					    "</script>"};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cc_buf b = CC_BUF_INIT;
		json_error_t err;
		cc_buf_adds(&b, "[");
		cc_buf_add_json_string(&b, cases[i]);
		cc_buf_adds(&b, "]");
		json_t *v = json_loads(b.buf, 0, &err);
		assert_non_null(v);
		assert_string_equal(json_string_value(json_array_get(v, 0)), cases[i]);
		json_decref(v);
		cc_buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_basics),
		cmocka_unit_test(test_buf_grows),
		cmocka_unit_test(test_problems_sort_count),
		cmocka_unit_test(test_error_channel),
		cmocka_unit_test(test_json_string_round_trip),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
