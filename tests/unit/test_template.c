/* Unit tests for lib/template.c: placeholders and CSP hashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "problem.h"
#include "template.h"

static const struct cc_template_var vars[] = {
	{"title", "Q4 &amp; more"},
	{"n", "3"},
	{"empty", ""},
};

static void test_expand(void **state)
{
	struct cc_buf b = CC_BUF_INIT;
	assert_int_equal(cc_template_expand(&b, "<h1>{{title}}</h1>{{n}}{{empty}}.", "t", vars, 3), 0);
	assert_string_equal(b.buf, "<h1>Q4 &amp; more</h1>3.");
	cc_buf_release(&b);
}

static void test_braces_kept(void **state)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *css = "a{{color:red}} {{ n }} {{N}} {{n} {{ {{n}}";
	assert_int_equal(cc_template_expand(&b, css, "t", vars, 3), 0);
	assert_string_equal(b.buf, "a{{color:red}} {{ n }} {{N}} {{n} {{ 3");
	cc_buf_release(&b);
}

static void test_unknown_located(void **state)
{
	struct cc_buf b = CC_BUF_INIT;
	assert_int_equal(cc_template_expand(&b, "one\ntwo {{n}} {{nope}}\n", "report.html", vars, 3), -1);
	assert_string_equal(cc_error_last(), "report.html:2:11: unknown placeholder {{nope}}");
	cc_buf_release(&b);
}

static void test_hash_vectors(void **state)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_csp_hash(&b, "", 0);
	assert_string_equal(b.buf, "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
	cc_buf_reset(&b);
	/* The example of the CSP specification (and MDN). */
	const char *js = "alert('Hello, world.');";
	cc_csp_hash(&b, js, strlen(js));
	assert_string_equal(b.buf, "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
	cc_buf_release(&b);
}

static void test_hashes_of_page(void **state)
{
	struct cc_buf s = CC_BUF_INIT, c = CC_BUF_INIT, want = CC_BUF_INIT;
	const char *html = "<head><STYLE media=\"all\">p{}</style><scripted></scripted>"
			   "<script>alert('Hello, world.');</script></head><body><script>\n</SCRIPT></body>";
	cc_csp_hashes(html, &s, &c);
	cc_csp_hash(&want, "alert('Hello, world.');", 23);
	cc_buf_addch(&want, ' ');
	cc_csp_hash(&want, "\n", 1);
	assert_string_equal(s.buf, want.buf);
	cc_buf_reset(&want);
	cc_csp_hash(&want, "p{}", 3);
	assert_string_equal(c.buf, want.buf);
	cc_buf_release(&s);
	cc_buf_release(&c);
	cc_buf_release(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_braces_kept),
		cmocka_unit_test(test_unknown_located),
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_hashes_of_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
