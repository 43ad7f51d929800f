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
	/* An opener not followed by a name is text; blanks around a name are allowed. */
	const char *css = "a{color:red} {{ n }} {{\tn}} {{N}} {{ {{n}} {{< fig >}} {{ .Title }} {{% x %}} {{}}";
	assert_int_equal(cc_template_expand(&b, css, "t", vars, 3), 0);
	assert_string_equal(b.buf, "a{color:red} 3 3 {{N}} {{ 3 {{< fig >}} {{ .Title }} {{% x %}} {{}}");
	cc_buf_release(&b);
}

static void test_unclosed(void **state)
{
	struct cc_buf b = CC_BUF_INIT;
	assert_int_equal(cc_template_expand(&b, "x\n  {{ title\n}}", "new.md", vars, 3), -1);
	assert_string_equal(cc_error_last(), "new.md:2:3: unclosed placeholder {{title}} (known: title, n, empty)");
	cc_buf_reset(&b);
	assert_int_equal(cc_template_expand(&b, "{{n}", "t", vars, 3), -1);
	assert_string_equal(cc_error_last(), "t:1:1: unclosed placeholder {{n}} (known: title, n, empty)");
	cc_buf_reset(&b);
	assert_int_equal(cc_template_expand(&b, "{{color:red}}", "t", vars, 3), -1);
	cc_buf_release(&b);
}

/* Upper case; an empty value is an error; "!" after a placeholder is skipped. */
static int upper(struct cc_buf *out, const struct cc_template_var *v, const char *rest, size_t nrest, void *arg)
{
	(void)arg;
	if (!*v->value)
		return -1;
	for (const char *p = v->value; *p; p++)
		cc_buf_addch(out, (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p);
	return nrest && *rest == '!';
}

static void test_path_syntax(void **state)
{
	static const struct cc_template_var pv[] = {{"slug", "q4-plan"}, {"format", "blog"}, {"empty", ""}};
	static const char *const known[] = {"slug", "format", NULL};
	struct cc_buf b = CC_BUF_INIT;
	struct cc_template t = {.syntax = CC_TEMPLATE_PATH, .vars = pv, .nvars = 3};
	const char *pat = "/{format}/{ slug }/{{x}}";
	assert_int_equal(cc_template_run(&t, pat, strlen(pat), &b), -1); /* {x}: unknown */
	assert_string_equal(cc_error_last(), "unknown placeholder {x} (known: slug, format, empty)");
	cc_buf_reset(&b);
	pat = "/{format}/{ slug }/{}";
	assert_int_equal(cc_template_run(&t, pat, strlen(pat), &b), 0);
	assert_string_equal(b.buf, "/blog/q4-plan/{}");
	cc_buf_reset(&b);
	/* emit: a transformation, and a way to stop */
	t.emit = upper;
	pat = "{slug}!.md{format}!";
	assert_int_equal(cc_template_run(&t, pat, strlen(pat), &b), 0);
	assert_string_equal(b.buf, "Q4-PLAN.mdBLOG");
	cc_buf_reset(&b);
	pat = "{empty}.md";
	assert_int_equal(cc_template_run(&t, pat, strlen(pat), &b), -1);
	cc_buf_release(&b);
	assert_int_equal(cc_template_check_path("{slug}/{format}.md", known), 0);
	assert_int_equal(cc_template_check_path("{slug}/{slug.md", known), -1);
	assert_string_equal(cc_error_last(), "unclosed placeholder {slug} (known: slug, format)");
	assert_int_equal(cc_template_check_path("https://x/{title}", known), -1);
	assert_string_equal(cc_error_last(), "unknown placeholder {title} (known: slug, format)");
}

static void test_unknown_located(void **state)
{
	struct cc_buf b = CC_BUF_INIT;
	assert_int_equal(cc_template_expand(&b, "one\ntwo {{n}} {{nope}}\n", "report.html", vars, 3), -1);
	assert_string_equal(cc_error_last(), "report.html:2:11: unknown placeholder {{nope}} (known: title, n, empty)");
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
		cmocka_unit_test(test_unclosed),
		cmocka_unit_test(test_path_syntax),
		cmocka_unit_test(test_unknown_located),
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_hashes_of_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
