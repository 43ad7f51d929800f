/* Unit tests for lib/calendar.c: fiscal quarters, weeks, ISO week numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "calendar.h"
#include "date.h"

static int64_t D(int y, int m, int d)
{
	return cc_days_from_civil(y, m, d);
}

static void expect_quarter(int64_t day, int fy_start, int week_start, const char *name, int64_t first,
			   int64_t last, int64_t wfirst, int nweeks)
{
	struct cc_quarter q;
	char n[16], s[11];
	cc_day_format(s, day);
	print_message("# %s fy_start %d -> %s\n", s, fy_start, name);
	assert_int_equal(cc_quarter_of(&q, day, fy_start, week_start), 0);
	cc_quarter_name(&q, n);
	assert_string_equal(n, name);
	assert_int_equal(q.first, first);
	assert_int_equal(q.last, last);
	assert_int_equal(q.wfirst, wfirst);
	assert_int_equal(q.nweeks, nweeks);
	assert_int_equal(q.wlast, wfirst + 7 * nweeks - 1);
}

static void test_calendar_year(void **state)
{
	/* The sample's quarter: Q4 2026 starts on a Thursday, so its first week starts 09-28. */
	expect_quarter(D(2026, 11, 23), 1, 0, "FY2026Q4", D(2026, 10, 1), D(2026, 12, 31), D(2026, 9, 28), 14);
	expect_quarter(D(2026, 1, 1), 1, 0, "FY2026Q1", D(2026, 1, 1), D(2026, 3, 31), D(2025, 12, 29), 13);
	expect_quarter(D(2026, 3, 31), 1, 0, "FY2026Q1", D(2026, 1, 1), D(2026, 3, 31), D(2025, 12, 29), 13);
	expect_quarter(D(2026, 4, 1), 1, 0, "FY2026Q2", D(2026, 4, 1), D(2026, 6, 30), D(2026, 3, 30), 13);
}

static void test_fiscal_years(void **state)
{
	/* Named after the calendar year the fiscal year ends in. */
	expect_quarter(D(2026, 11, 23), 2, 0, "FY2027Q4", D(2026, 11, 1), D(2027, 1, 31), D(2026, 11, 2), 13);
	expect_quarter(D(2027, 1, 31), 2, 0, "FY2027Q4", D(2026, 11, 1), D(2027, 1, 31), D(2026, 11, 2), 13);
	expect_quarter(D(2027, 2, 1), 2, 0, "FY2028Q1", D(2027, 2, 1), D(2027, 4, 30), D(2027, 2, 1), 13);
	expect_quarter(D(2026, 1, 31), 2, 0, "FY2026Q4", D(2025, 11, 1), D(2026, 1, 31), D(2025, 11, 3), 13);
	/* US federal: October. */
	expect_quarter(D(2026, 11, 23), 10, 0, "FY2027Q1", D(2026, 10, 1), D(2026, 12, 31), D(2026, 9, 28), 14);
	expect_quarter(D(2026, 9, 30), 10, 0, "FY2026Q4", D(2026, 7, 1), D(2026, 9, 30), D(2026, 6, 29), 13);
	/* UK / India: April. */
	expect_quarter(D(2026, 2, 15), 4, 0, "FY2026Q4", D(2026, 1, 1), D(2026, 3, 31), D(2025, 12, 29), 13);
	expect_quarter(D(2026, 4, 1), 4, 0, "FY2027Q1", D(2026, 4, 1), D(2026, 6, 30), D(2026, 3, 30), 13);
	/* December start, over a leap February. */
	expect_quarter(D(2024, 2, 29), 12, 0, "FY2024Q1", D(2023, 12, 1), D(2024, 2, 29), D(2023, 12, 4), 13);
	expect_quarter(D(2023, 12, 1), 12, 0, "FY2024Q1", D(2023, 12, 1), D(2024, 2, 29), D(2023, 12, 4), 13);
	/* A 90-day quarter can hold only 12 whole weeks: Jan-Mar 2027 (Jan 1 is a Friday). */
	expect_quarter(D(2027, 2, 1), 1, 0, "FY2027Q1", D(2027, 1, 1), D(2027, 3, 31), D(2027, 1, 4), 12);
	expect_quarter(D(2023, 11, 30), 12, 0, "FY2023Q4", D(2023, 9, 1), D(2023, 11, 30), D(2023, 9, 4), 13);
}

static void test_week_53(void **state)
{
	int y, w;
	cc_iso_week(D(2020, 12, 31), &y, &w);
	assert_int_equal(y, 2020), assert_int_equal(w, 53);
	cc_iso_week(D(2021, 1, 3), &y, &w);
	assert_int_equal(y, 2020), assert_int_equal(w, 53);
	cc_iso_week(D(2021, 1, 4), &y, &w);
	assert_int_equal(y, 2021), assert_int_equal(w, 1);
	cc_iso_week(D(2024, 12, 30), &y, &w);
	assert_int_equal(y, 2025), assert_int_equal(w, 1);
	cc_iso_week(D(2026, 12, 28), &y, &w);
	assert_int_equal(y, 2026), assert_int_equal(w, 53);
	cc_iso_week(D(2026, 10, 12), &y, &w);
	assert_int_equal(y, 2026), assert_int_equal(w, 42);
	/* A 53-week year's Q4 has 14 weeks and ends with week 53. */
	expect_quarter(D(2020, 11, 1), 1, 0, "FY2020Q4", D(2020, 10, 1), D(2020, 12, 31), D(2020, 9, 28), 14);
	struct cc_quarter q;
	char label[16];
	assert_int_equal(cc_quarter_of(&q, D(2020, 11, 1), 1, 0), 0);
	cc_week_label(label, cc_quarter_week(&q, q.nweeks - 1), 0);
	assert_string_equal(label, "2020-W53");
	cc_week_label(label, cc_quarter_week(&q, 0), 0);
	assert_string_equal(label, "2020-W40");
	/* The next quarter starts with ISO week 1 of 2021. */
	assert_int_equal(cc_quarter_step(&q, 1), 0);
	cc_week_label(label, q.wfirst, 0);
	assert_string_equal(label, "2021-W01");
	/* Not Monday weeks: no ISO label. */
	cc_week_label(label, D(2026, 11, 22), 6);
	assert_string_equal(label, "");
}

static void test_week_start(void **state)
{
	assert_int_equal(cc_week_first(D(2026, 11, 23), 0), D(2026, 11, 23));
	assert_int_equal(cc_week_first(D(2026, 11, 29), 0), D(2026, 11, 23));
	assert_int_equal(cc_week_first(D(2026, 11, 23), 6), D(2026, 11, 22));
	assert_int_equal(cc_week_first(D(2026, 11, 21), 6), D(2026, 11, 15));
	/* Sunday weeks: Q4 2026 starts on a Thursday; the week of Sun 09-27 has Wed 09-30 as its fourth day. */
	expect_quarter(D(2026, 11, 1), 1, 6, "FY2026Q4", D(2026, 10, 1), D(2026, 12, 31), D(2026, 10, 4), 13);
	/* Before the epoch. */
	assert_int_equal(cc_week_first(D(1969, 12, 31), 0), D(1969, 12, 29));
	struct cc_quarter q;
	assert_int_equal(cc_quarter_of(&q, D(1969, 12, 31), 1, 0), 0);
	assert_int_equal(q.fy, 1969);
	assert_int_equal(q.q, 4);
	/* Wednesday 1969-12-31 lies in the week whose Thursday is 1970-01-01: the next quarter's. */
	assert_int_equal(cc_quarter_week_index(&q, D(1969, 12, 31)), -1);
	assert_int_equal(cc_quarter_week_index(&q, D(1969, 12, 28)), q.nweeks - 1);
	assert_int_equal(cc_quarter_week_index(&q, q.wlast + 1), -1);
	assert_int_equal(cc_quarter_week_index(&q, q.wfirst - 1), -1);
}

/* Every quarter of 2000–2040 for every start month and week start tiles time without gaps or overlaps. */
static void test_tiling(void **state)
{
	for (int start = 1; start <= 12; start++)
		for (int ws = 0; ws < 7; ws++) {
			struct cc_quarter q, next;
			assert_int_equal(cc_quarter_make(&q, 2000, 1, start, ws), 0);
			for (int i = 0; i < 4 * 40; i++) {
				next = q;
				assert_int_equal(cc_quarter_step(&next, 1), 0);
				assert_int_equal(next.first, q.last + 1);
				assert_int_equal(next.wfirst, q.wlast + 1);
				assert_true(q.nweeks >= 12 && q.nweeks <= 14);
				assert_true(q.last - q.first + 1 < 91 || q.nweeks >= 13);
				assert_true(q.wfirst <= q.first + 3 && q.wfirst >= q.first - 3);
				assert_int_equal((cc_weekday(q.wfirst) - ws + 7) % 7, 0);
				struct cc_quarter back = next;
				assert_int_equal(cc_quarter_step(&back, -1), 0);
				assert_int_equal(back.first, q.first);
				struct cc_quarter of;
				assert_int_equal(cc_quarter_of(&of, q.last, start, ws), 0);
				assert_int_equal(of.fy, q.fy);
				assert_int_equal(of.q, q.q);
				q = next;
			}
		}
}

static void test_parse(void **state)
{
	struct cc_quarter q;
	char n[16];
	int64_t today = D(2026, 11, 23);
	assert_int_equal(cc_quarter_parse(&q, "FY2026Q4", today, 1, 0), 0);
	assert_int_equal(q.first, D(2026, 10, 1));
	assert_int_equal(cc_quarter_parse(&q, "fy2026-q2", today, 1, 0), 0);
	assert_int_equal(q.first, D(2026, 4, 1));
	assert_int_equal(cc_quarter_parse(&q, "current", today, 1, 0), 0);
	cc_quarter_name(&q, n);
	assert_string_equal(n, "FY2026Q4");
	assert_int_equal(cc_quarter_parse(&q, "next", today, 1, 0), 0);
	cc_quarter_name(&q, n);
	assert_string_equal(n, "FY2027Q1");
	assert_int_equal(q.first, D(2027, 1, 1));
	assert_int_equal(cc_quarter_parse(&q, "Previous", today, 1, 0), 0);
	cc_quarter_name(&q, n);
	assert_string_equal(n, "FY2026Q3");
	assert_int_equal(cc_quarter_parse(&q, "next", today, 2, 0), 0);
	cc_quarter_name(&q, n);
	assert_string_equal(n, "FY2028Q1");
	assert_int_equal(q.first, D(2027, 2, 1));
	const char *bad[] = {"FY26Q4", "FY2026Q5", "FY2026Q0", "2026Q4", "", "FY2026Q4x", "FY20260Q1", "Q4", "now"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("# bad '%s'\n", bad[i]);
		assert_int_equal(cc_quarter_parse(&q, bad[i], today, 1, 0), -1);
	}
	assert_int_equal(cc_quarter_make(&q, 2026, 5, 1, 0), -1);
	assert_int_equal(cc_quarter_make(&q, 2026, 1, 13, 0), -1);
	assert_int_equal(cc_quarter_make(&q, 2026, 1, 1, 7), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar_year), cmocka_unit_test(test_fiscal_years),
		cmocka_unit_test(test_week_53),       cmocka_unit_test(test_week_start),
		cmocka_unit_test(test_tiling),        cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
