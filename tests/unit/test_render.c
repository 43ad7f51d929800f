/*
 * Unit tests for lib/render*.c: format names, the escaper of each target,
 * and the findings renderers (parsed back with jansson where the output is
 * JSON; XML well-formedness is checked end to end with a real XML parser in
 * tests/cli/t0820-render.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "text.h"

typedef void (*escaper)(struct cc_buf *b, const char *s);

static void expect_escaped(escaper f, const char *in, const char *want)
{
	struct cc_buf b = CC_BUF_INIT;
	f(&b, in);
	assert_string_equal(b.buf, want);
	cc_buf_release(&b);
}

static void gha_message(struct cc_buf *b, const char *s)
{
	cc_buf_add_gha(b, s, false);
}

static void gha_property(struct cc_buf *b, const char *s)
{
	cc_buf_add_gha(b, s, true);
}

static void test_formats(void **state)
{
	static const enum cc_format allowed[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_JUNIT, CC_FMT_COUNT};
	enum cc_format f = CC_FMT_HTML;
	(void)state;
	for (int i = 0; i < CC_FMT_COUNT; i++)
		assert_string_not_equal(cc_format_name((enum cc_format)i), "?");
	assert_int_equal(cc_format_parse(&f, "junit", allowed), 0);
	assert_int_equal(f, CC_FMT_JUNIT);
	assert_int_equal(cc_format_parse(&f, "csv", allowed), -1);
	assert_int_equal(f, CC_FMT_JUNIT); /* untouched */
	assert_int_equal(cc_format_parse(&f, "JSON", allowed), -1);
}

static void test_escapers(void **state)
{
	(void)state;
	/* XML 1.0: C0 controls but tab and newline, U+FFFE and U+FFFF are not characters */
	expect_escaped(cc_buf_add_xml, "a\x01" "b\x1b[31m\xef\xbf\xbe\xef\xbf\xbf<&>\"'\tz\n",
		       "ab[31m&lt;&amp;&gt;&quot;&#39;\tz\n");
	/* bytes that are not UTF-8 become U+FFFD; other characters stay */
	expect_escaped(cc_buf_add_xml, "x\xff\xc3\xa9", "x\xef\xbf\xbd\xc3\xa9");
	expect_escaped(cc_buf_add_html, "<script>\x07", "&lt;script&gt;");
	expect_escaped(gha_message, "50% done\r\nnext: a,b", "50%25 done%0D%0Anext: a,b");
	expect_escaped(gha_property, "a:b,c%\n", "a%3Ab%2Cc%25%0A");
	expect_escaped(cc_buf_add_md, "# a|b <i> *x* [l](u) ~s~ `c`\nz",
		       "\\# a\\|b &lt;i&gt; \\*x\\* \\[l\\](u) \\~s\\~ \\`c\\` z");
	expect_escaped(cc_buf_add_md, "  - item", "\\- item");
	expect_escaped(cc_buf_add_csv, "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
	expect_escaped(cc_buf_add_csv, "plain", "plain");
	expect_escaped(cc_buf_add_uri_path, "content/a b%\xc3\xa9.md", "content/a%20b%25%C3%A9.md");
	expect_escaped(cc_buf_add_yaml_quoted, "say \"hi\"\\ \x01\n\t\x7f\xc3\xa9",
		       "\"say \\\"hi\\\"\\\\ \\x01\\n\\t\\x7f\xc3\xa9\"");
}

/* Two findings: one on a hostile path, one on no file. */
static const struct cc_item items[] = {
	{"stale", CC_SEV_WARNING, "content/x\n::error::y.md", "stale gap: x", "content/x\n::error::y.md", 4, 2,
	 "review-by date passed; 100% sure\r\n::error::injected", NULL},
	{"coverage", CC_SEV_ERROR, "cfo/decision", NULL, "", 0, 0, "below the minimum", NULL},
};
static const struct cc_rule_info rules[] = {
	{"coverage", "cell below the minimum", CC_SEV_ERROR},
	{"stale", "stale asset", CC_SEV_WARNING},
	{"rotation", "topic not rotated", CC_SEV_INFO},
};

static struct cc_findings_doc doc(void)
{
	return (struct cc_findings_doc){"gaps", "https://example.com/gaps#", "1.2.3", items, 2, rules, 3,
					CC_SEV_ERROR, false};
}

static void test_line_and_github(void **state)
{
	struct cc_findings_doc d = doc();
	struct cc_buf b = CC_BUF_INIT;
	(void)state;
	cc_render_findings_line(&b, &d);
	assert_string_equal(b.buf, "content/x ::error::y.md:4:2: warning: stale: review-by date passed; 100% sure "
				   " ::error::injected\n"
				   "(repository): error: coverage: below the minimum\n");
	cc_buf_reset(&b);
	cc_render_findings_github(&b, &d);
	/* one workflow command a line: nothing a runner would read as a second one */
	assert_string_equal(b.buf, "::warning file=content/x%0A%3A%3Aerror%3A%3Ay.md,line=4,col=2,title=stale gap%3A x"
				   "::review-by date passed; 100%25 sure%0D%0A::error::injected\n"
				   "::error title=coverage::below the minimum\n");
	cc_buf_release(&b);
}

static void test_sarif(void **state)
{
	struct cc_findings_doc d = doc();
	struct cc_buf b = CC_BUF_INIT;
	json_error_t err;
	(void)state;
	cc_render_findings_sarif(&b, &d);
	json_t *root = json_loads(b.buf, 0, &err);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "version")), "2.1.0");
	json_t *run = json_array_get(json_object_get(root, "runs"), 0);
	json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
	assert_int_equal(json_array_size(json_object_get(driver, "rules")), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(driver, "rules"), 1),
								"helpUri")),
			    "https://example.com/gaps#stale");
	json_t *results = json_object_get(run, "results");
	assert_int_equal(json_array_size(results), 2);
	json_t *r0 = json_array_get(results, 0);
	assert_int_equal(json_integer_value(json_object_get(r0, "ruleIndex")), 1);
	assert_string_equal(json_string_value(json_object_get(r0, "level")), "warning");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r0, "message"), "text")),
			    "review-by date passed; 100% sure\r\n::error::injected");
	json_t *loc = json_object_get(json_object_get(json_array_get(json_object_get(r0, "locations"), 0),
						      "physicalLocation"),
				      "artifactLocation");
	assert_string_equal(json_string_value(json_object_get(loc, "uri")), "content/x%0A%3A%3Aerror%3A%3Ay.md");
	assert_int_equal(json_array_size(json_object_get(json_array_get(results, 1), "locations")), 0);
	/* ASCII only: a non-UTF-8 message is kept as U+FFFD, not dropped */
	json_decref(root);
	struct cc_item bad = {"x", CC_SEV_INFO, NULL, NULL, "a\xff.md", 1, 1, "bad \xff byte", NULL};
	d.v = &bad;
	d.n = 1;
	cc_buf_reset(&b);
	cc_render_findings_sarif(&b, &d);
	for (size_t i = 0; i < b.len; i++)
		assert_true((unsigned char)b.buf[i] < 0x80);
	root = json_loads(b.buf, 0, &err);
	assert_non_null(root);
	json_t *r = json_array_get(json_object_get(json_array_get(json_object_get(root, "runs"), 0), "results"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "message"), "text")),
			    "bad \xef\xbf\xbd byte");
	json_decref(root);
	cc_buf_release(&b);
}

static void test_junit(void **state)
{
	struct cc_findings_doc d = doc();
	struct cc_buf b = CC_BUF_INIT;
	(void)state;
	cc_render_findings_junit(&b, &d);
	/* one suite per rule, an empty rule passes, errors fail at --fail-on error */
	assert_non_null(strstr(b.buf, "<testsuites name=\"contentcal gaps\" tests=\"3\" failures=\"1\">"));
	assert_non_null(strstr(b.buf, "<testsuite name=\"gaps.rotation\" tests=\"1\" failures=\"0\""));
	assert_non_null(strstr(b.buf, "name=\"no rotation findings\"/>"));
	assert_non_null(strstr(b.buf, "<failure type=\"error\" message=\"below the minimum\">"));
	assert_non_null(strstr(b.buf, "<system-out>warning: review-by date passed; 100% sure \n::error::injected"));
	assert_null(strchr(b.buf, '\r'));
	d.fail_on = CC_SEV_WARNING;
	cc_buf_reset(&b);
	cc_render_findings_junit(&b, &d);
	assert_non_null(strstr(b.buf, "tests=\"3\" failures=\"2\">"));
	d.never_fail = true;
	cc_buf_reset(&b);
	cc_render_findings_junit(&b, &d);
	assert_non_null(strstr(b.buf, "tests=\"3\" failures=\"0\">"));
	cc_buf_release(&b);
}

static void test_markdown(void **state)
{
	struct cc_findings_doc d = doc();
	struct cc_buf b = CC_BUF_INIT;
	(void)state;
	cc_render_findings_markdown(&b, &d);
	assert_string_equal(b.buf, "| severity | kind | subject | message |\n|---|---|---|---|\n"
				   "| warning | stale | content/x ::error::y.md | review-by date passed; 100% sure  "
				   "::error::injected |\n"
				   "| error | coverage | cfo/decision | below the minimum |\n");
	d.n = 0;
	cc_buf_reset(&b);
	cc_render_findings_markdown(&b, &d);
	assert_int_equal(b.len, 0);
	cc_buf_release(&b);
}

static void expect_double(double d, const char *want)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add_json_double(&b, d);
	assert_string_equal(b.buf, want);
	if (isfinite(d)) { /* reads back as the very same double, sign of zero included */
		double back = strtod(b.buf, NULL);
		assert_true(back == d && signbit(back) == signbit(d));
	}
	cc_buf_release(&b);
}

/* The doubles `SELECT sql` gives back, as sqlite computes them. */
static double sqlite_double(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	double d;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(st, 0), SQLITE_FLOAT);
	d = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return d;
}

static void test_exact_doubles(void **state)
{
	(void)state;
	expect_double(0.1, "0.1");
	expect_double(1e300, "1e300");
	expect_double(-0.0, "-0.0");
	expect_double(1.0, "1.0");
	expect_double(1.0 / 3, "0.3333333333333333");   /* 16 digits */
	expect_double(0.1 + 0.2, "0.30000000000000004"); /* 17 */
	expect_double(5e-324, "4.94065645841247e-324");  /* subnormal: 15 digits suffice */
	expect_double(9007199254740992.0, "9007199254740992.0");
	assert_int_equal(cc_double_digits(0.1), 15);
	assert_int_equal(cc_double_digits(0.1 + 0.2), 17);
	/* JSON has no infinity or NaN: null */
	expect_double(sqlite_double("SELECT 1e999"), "null");
	expect_double(sqlite_double("SELECT -1e999"), "null");
	expect_double(NAN, "null");
	expect_double(sqlite_double("SELECT 0.1"), "0.1");
	expect_double(sqlite_double("SELECT 2.0 / 3"), "0.6666666666666666");
}

/* Items streamed one at a time read as cc_render_json writes the whole array. */
static void test_json_items(void **state)
{
	struct cc_buf whole = CC_BUF_INIT, streamed = CC_BUF_INIT;
	json_t *arr = json_array();
	(void)state;
	for (int i = 0; i < 2; i++) {
		json_t *o = json_pack("{s:I, s:o, s:n, s:s, s:b}", "n", (json_int_t)9007199254740993LL, "t",
				      cc_json_text(i ? "bad \xff \"q\"\n" : "caf\xc3\xa9"), "none", "\xc3\xa9 key",
				      "x'00ff'", "ok", i);
		json_array_append(arr, o);
		cc_render_json_item(&streamed, o, i == 0);
	}
	cc_render_json_items_end(&streamed, true);
	cc_render_json(&whole, arr);
	assert_string_equal(streamed.buf, whole.buf);
	assert_non_null(strstr(streamed.buf, "\"n\": 9007199254740993,"));
	assert_non_null(strstr(streamed.buf, "\"bad \\uFFFD \\\"q\\\"\\n\""));
	assert_non_null(strstr(streamed.buf, "\"\\u00E9 key\": \"x'00ff'\""));
	/* reals exactly, where cc_render_json keeps 10 digits */
	cc_buf_reset(&streamed);
	cc_render_json_item(&streamed, json_pack("{s:f, s:f}", "a", 0.1 + 0.2, "b", 1e300), true);
	cc_render_json_items_end(&streamed, true);
	assert_string_equal(streamed.buf, "[\n  {\n    \"a\": 0.30000000000000004,\n    \"b\": 1e300\n  }\n]\n");
	cc_buf_reset(&streamed);
	cc_render_json_item(&streamed, json_object(), true);
	cc_render_json_items_end(&streamed, true);
	assert_string_equal(streamed.buf, "[\n  {}\n]\n");
	cc_buf_reset(&streamed);
	cc_render_json_items_end(&streamed, false);
	assert_string_equal(streamed.buf, "[]\n");
	cc_buf_release(&streamed);
	cc_buf_release(&whole);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),         cmocka_unit_test(test_escapers),
		cmocka_unit_test(test_line_and_github), cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_junit),           cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_exact_doubles),   cmocka_unit_test(test_json_items),
	};
	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
