/* Unit tests for lib/relevance.c, lib/search.c (query translation) and the
 * CSV cell parsers of lib/engagement.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "engagement.h"
#include "relevance.h"
#include "fulltext.h"

static void test_decay(void **state)
{
	(void)state;
	assert_true(cc_relevance_decay(0, 90) == 1.0);
	assert_true(cc_relevance_decay(90, 90) == 0.5);
	assert_true(cc_relevance_decay(180, 90) == 0.25);
	assert_true(cc_relevance_decay(270, 90) == 0.125);
	/* 2^(-45/90) = 1/sqrt(2) */
	assert_true(fabs(cc_relevance_decay(45, 90) - 0.70710678118654752) < 1e-15);
	assert_true(cc_relevance_decay(7, 7) == 0.5);
	/* the curve, not points on it: halving every half-life, monotone, never negative */
	for (int age = 0; age < 720; age += 7) {
		double d = cc_relevance_decay(age, 90);
		assert_true(d > 0 && d <= 1);
		assert_true(fabs(cc_relevance_decay(age + 90, 90) - d / 2) < 1e-12);
		assert_true(cc_relevance_decay(age + 1, 90) < d);
	}
}

static struct cc_relevance_set make_set(const double *scores, const bool *data, size_t n)
{
	struct cc_relevance_set s = {0};
	s.v = calloc(n, sizeof(*s.v));
	s.n = s.alloc = n;
	for (size_t i = 0; i < n; i++) {
		s.v[i].id = (int64_t)i + 1;
		s.v[i].path = strdup("x");
		s.v[i].score = scores[i];
		s.v[i].has_data = data[i];
	}
	return s;
}

static void test_rank_groups_and_fallback(void **state)
{
	(void)state;
	/* five "decision" assets (enough for min_sample 5), two "awareness" (too few) */
	double scores[] = {10, 20, 30, 40, 50, 1000, 5, 0};
	bool data[] = {true, true, true, true, true, true, true, false};
	char *groups[] = {"decision", "decision", "decision", "decision", "decision",
			  "awareness", "awareness", "awareness"};
	struct cc_relevance_set s = make_set(scores, data, 8);
	cc_relevance_rank(&s, groups, 5);
	/* within decision: 10 → 0, 20 → 25, 30 → 50, 40 → 75, 50 → 100 */
	assert_true(s.v[0].percentile == 0);
	assert_true(s.v[1].percentile == 25);
	assert_true(s.v[2].percentile == 50);
	assert_true(s.v[4].percentile == 100);
	assert_false(s.v[4].fallback);
	assert_int_equal(s.v[4].group_size, 5);
	assert_string_equal(s.v[4].group, "decision");
	/* awareness has 2 assets with data < 5: ranked within all 7 with data */
	assert_true(s.v[5].fallback);
	assert_int_equal(s.v[5].group_size, 7);
	assert_true(s.v[5].percentile == 100); /* 1000 is the best of all */
	assert_true(s.v[6].percentile == 0);   /* 5 is the worst of all */
	assert_string_equal(s.v[6].group, "awareness");
	/* no data: no percentile, not in any population */
	assert_false(s.v[7].has_data);
	assert_true(s.v[7].percentile == 0);
	assert_int_equal(s.v[7].group_size, 0);
	cc_relevance_set_release(&s);

	/* ties share the mid-rank; a group of one is 100 */
	double s2[] = {5, 5, 9, 1};
	bool d2[] = {true, true, true, true};
	char *g2[] = {"a", "a", "a", "b"};
	s = make_set(s2, d2, 4);
	cc_relevance_rank(&s, g2, 1);
	assert_true(s.v[0].percentile == 25); /* (0 + 1/2) / 2 */
	assert_true(s.v[1].percentile == 25);
	assert_true(s.v[2].percentile == 100);
	assert_true(s.v[3].percentile == 100);
	assert_false(s.v[3].fallback);
	cc_relevance_set_release(&s);
}

static void expect_translate(const char *q, const char *want)
{
	struct cc_buf b = CC_BUF_INIT;
	print_message("# %s\n", q);
	assert_true(cc_search_translate(q, &b) > 0);
	assert_string_equal(b.buf, want);
	cc_buf_release(&b);
}

static void expect_reject(const char *q)
{
	struct cc_buf b = CC_BUF_INIT;
	print_message("# reject %s\n", q);
	assert_int_equal(cc_search_translate(q, &b), -1);
	assert_true(*cc_error_last());
	cc_buf_release(&b);
}

static void test_translate(void **state)
{
	(void)state;
	expect_translate("zero trust", "\"zero\" \"trust\"");
	expect_translate("\"zero trust\" audit", "\"zero trust\" \"audit\"");
	expect_translate("cloud -aws", "(\"cloud\") NOT \"aws\"");
	expect_translate("cloud -\"public cloud\" -aws", "(\"cloud\") NOT \"public cloud\" NOT \"aws\"");
	expect_translate("migr*", "\"migr\" *");
	expect_translate("\"data gov\"*", "\"data gov\" *");
	expect_translate("title:pricing", "title : \"pricing\"");
	expect_translate("Summary:cost body:\"run book\"", "summary : \"cost\" body : \"run book\"");
	expect_translate("-title:draft cost", "(\"cost\") NOT title : \"draft\"");
	/* unknown columns and FTS5 operators are plain text */
	expect_translate("author:ann", "\"author:ann\"");
	expect_translate("a OR b NOT c NEAR(d)", "\"a\" \"OR\" \"b\" \"NOT\" \"c\" \"NEAR(d)\"");
	/* quotes, parentheses, carets and the like are only text */
	expect_translate("say \"hi", "\"say\" \"hi\"");
	expect_translate("it's (x) ^y {z}", "\"it's\" \"(x)\" \"^y\" \"{z}\"");
	expect_translate("a\"b", "\"a\"\"b\"");
	expect_translate("- c++ ***", "\"c++\"");
	expect_translate("café", "\"café\"");
	expect_reject("");
	expect_reject("   ");
	expect_reject("-only -excluded");
	expect_reject("!!! ***");
}

static void test_cells(void **state)
{
	int64_t d;
	double v;
	const char *why;
	(void)state;
	assert_int_equal(cc_engagement_parse_day("2026-11-23", &d), 0);
	assert_int_equal(d, cc_days_from_civil(2026, 11, 23));
	assert_int_equal(cc_engagement_parse_day("20261123", &d), 0);
	assert_int_equal(d, cc_days_from_civil(2026, 11, 23));
	assert_int_equal(cc_engagement_parse_day("23 Nov 2026", &d), 0);
	assert_int_equal(d, cc_days_from_civil(2026, 11, 23));
	assert_int_equal(cc_engagement_parse_day("2026-02-30", &d), -1);
	assert_int_equal(cc_engagement_parse_day("20260230", &d), -1);
	assert_int_equal(cc_engagement_parse_day("yesterday", &d), -1);
	assert_int_equal(cc_engagement_parse_day("", &d), -1);
	assert_int_equal(cc_engagement_parse_value(" 12 ", &v, &why), 0);
	assert_true(v == 12);
	assert_int_equal(cc_engagement_parse_value("0.5", &v, &why), 0);
	assert_true(v == 0.5);
	assert_int_equal(cc_engagement_parse_value("1e3", &v, &why), 0);
	assert_true(v == 1000);
	assert_int_equal(cc_engagement_parse_value("-1", &v, &why), -1);
	assert_string_equal(why, "negative");
	assert_int_equal(cc_engagement_parse_value("12 views", &v, &why), -1);
	assert_string_equal(why, "not a number");
	assert_int_equal(cc_engagement_parse_value("nan", &v, &why), -1);
	assert_int_equal(cc_engagement_parse_value("inf", &v, &why), -1);
	assert_int_equal(cc_engagement_parse_value("0x10", &v, &why), -1);
	assert_int_equal(cc_engagement_parse_value("", &v, &why), -1);
	assert_string_equal(why, "empty");
}

static void test_paths(void **state)
{
	(void)state;
	char *p = cc_engagement_path("/r/.git/contentcal/index.db");
	assert_string_equal(p, "/r/.git/contentcal/engagement.db");
	free(p);
	p = cc_engagement_path("/r/.git/contentcal/index-docs.db");
	assert_string_equal(p, "/r/.git/contentcal/engagement-docs.db");
	free(p);
	p = cc_engagement_path("/tmp/my.db");
	assert_string_equal(p, "/tmp/my-engagement.db");
	free(p);
	p = cc_engagement_path("plain");
	assert_string_equal(p, "plain-engagement.db");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decay),     cmocka_unit_test(test_rank_groups_and_fallback),
		cmocka_unit_test(test_translate), cmocka_unit_test(test_cells),
		cmocka_unit_test(test_paths),
	};
	return cmocka_run_group_tests_name("relevance", tests, NULL, NULL);
}
