/* Unit tests for lib/date.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

static void expect_date(const char *s, int y, int mo, int d, int h, int mi, int sec, bool has_time,
			bool has_tz, int tz)
{
	struct cc_date dt;
	print_message("# %s\n", s);
	assert_int_equal(cc_date_parse(&dt, s), 0);
	assert_int_equal(dt.year, y);
	assert_int_equal(dt.month, mo);
	assert_int_equal(dt.day, d);
	assert_int_equal(dt.hour, h);
	assert_int_equal(dt.min, mi);
	assert_int_equal(dt.sec, sec);
	assert_int_equal(dt.has_time, has_time);
	assert_int_equal(dt.has_tz, has_tz);
	assert_int_equal(dt.tz_min, tz);
}

static void expect_bad(const char *s)
{
	struct cc_date dt = {.year = 77};
	print_message("# bad %s\n", s);
	assert_int_equal(cc_date_parse(&dt, s), -1);
	assert_int_equal(dt.year, 77); /* untouched */
}

static void test_iso_forms(void **state)
{
	expect_date("2024-03-08", 2024, 3, 8, 0, 0, 0, false, false, 0);
	expect_date("2024-3-8", 2024, 3, 8, 0, 0, 0, false, false, 0);
	expect_date("2024-03-08T10:00:00Z", 2024, 3, 8, 10, 0, 0, true, true, 0);
	expect_date("2024-03-08t10:00:00z", 2024, 3, 8, 10, 0, 0, true, true, 0);
	expect_date("2024-03-08T10:00:00+05:30", 2024, 3, 8, 10, 0, 0, true, true, 330);
	expect_date("2024-03-08T10:00:00-07:00", 2024, 3, 8, 10, 0, 0, true, true, -420);
	expect_date("2024-03-08T10:00:00.123456789-07:00", 2024, 3, 8, 10, 0, 0, true, true,
		    -420);
	expect_date("2024-03-08T10:20:30.5Z", 2024, 3, 8, 10, 20, 30, true, true, 0);
	expect_date("2024-03-08T10:20:30", 2024, 3, 8, 10, 20, 30, true, false, 0);
	expect_date("2024-03-08 10:00:00 -0500", 2024, 3, 8, 10, 0, 0, true, true, -300);
	expect_date("2024-03-08 10:00:00+01:00", 2024, 3, 8, 10, 0, 0, true, true, 60);
	expect_date("2024-03-08 10:00:00Z", 2024, 3, 8, 10, 0, 0, true, true, 0);
	expect_date("2024-03-08 10:00:00", 2024, 3, 8, 10, 0, 0, true, false, 0);
	expect_date("2024-03-08T15:04", 2024, 3, 8, 15, 4, 0, true, false, 0);
	expect_date("2024-03-08 15:04", 2024, 3, 8, 15, 4, 0, true, false, 0);
	expect_date("2024-03-08T9:05:00", 2024, 3, 8, 9, 5, 0, true, false, 0);
	expect_date("2024-03-08T10:00:00+0100", 2024, 3, 8, 10, 0, 0, true, true, 60);
	expect_date("2024-03-08T10:00:00+14:00", 2024, 3, 8, 10, 0, 0, true, true, 840);
	expect_date("2024-03-08T10:00:00-14:00", 2024, 3, 8, 10, 0, 0, true, true, -840);
	expect_date("2016-12-31T23:59:60Z", 2016, 12, 31, 23, 59, 60, true, true, 0);
	expect_date("2024-03-08 10:00:00 UTC", 2024, 3, 8, 10, 0, 0, true, true, 0);
	/* white space and quotes */
	expect_date("  \"2024-03-08\" ", 2024, 3, 8, 0, 0, 0, false, false, 0);
	expect_date("'2024-03-08T10:00:00Z'", 2024, 3, 8, 10, 0, 0, true, true, 0);
	expect_date("\t2024-03-08\n", 2024, 3, 8, 0, 0, 0, false, false, 0);
}

static void test_written_forms(void **state)
{
	expect_date("02 Jan 06 15:04 MST", 2006, 1, 2, 15, 4, 0, true, true, -420);
	expect_date("02 Jan 70 15:04 UTC", 1970, 1, 2, 15, 4, 0, true, true, 0);
	expect_date("Mon, 02 Jan 2006 15:04:05 MST", 2006, 1, 2, 15, 4, 5, true, true, -420);
	expect_date("Mon, 02 Jan 2006 15:04:05 GMT", 2006, 1, 2, 15, 4, 5, true, true, 0);
	expect_date("Mon, 02 Jan 2006 15:04:05 -0700", 2006, 1, 2, 15, 4, 5, true, true, -420);
	expect_date("Fri, 08 Mar 2024 09:30:00 PST", 2024, 3, 8, 9, 30, 0, true, true, -480);
	/* unknown abbreviation: offset 0, no zone (as Go) */
	expect_date("Mon, 02 Jan 2006 15:04:05 CEST", 2006, 1, 2, 15, 4, 5, true, false, 0);
	expect_date("January 2, 2006", 2006, 1, 2, 0, 0, 0, false, false, 0);
	expect_date("Jan 2, 2006", 2006, 1, 2, 0, 0, 0, false, false, 0);
	expect_date("March 8, 2024", 2024, 3, 8, 0, 0, 0, false, false, 0);
	expect_date("march 8 2024", 2024, 3, 8, 0, 0, 0, false, false, 0);
	expect_date("Sept 30, 2024", 2024, 9, 30, 0, 0, 0, false, false, 0);
	expect_date("2 January 2006", 2006, 1, 2, 0, 0, 0, false, false, 0);
	expect_date("08 Mar 2024", 2024, 3, 8, 0, 0, 0, false, false, 0);
	expect_date("8 March 2024 10:15", 2024, 3, 8, 10, 15, 0, true, false, 0);
}

static void test_bad_dates(void **state)
{
	const char *bad[] = {
		"",
		"   ",
		"hello",
		"2024",
		"2024-03",
		"2024-02-30",
		"2023-02-29",
		"1900-02-29",
		"2100-02-29",
		"2024-13-01",
		"2024-00-10",
		"2024-04-31",
		"2024-01-00",
		"2024-03-08x",
		"2024-03-08T",
		"2024-03-08T25:00:00",
		"2024-03-08T24:00:00",
		"2024-03-08T10:60:00",
		"2024-03-08T10:00:61",
		"2024-03-08T10:0",
		"2024-03-08T10:00:00+15:00",
		"2024-03-08T10:00:00+14:01",
		"2024-03-08T10:00:00+05:60",
		"2024-03-08T10:00:00+5",
		"2024-03-08T10:00:00.Z",
		"2024-03-08T10:00:00Z junk",
		"24-03-08",
		"12024-03-08",
		"32 Jan 2024",
		"31 Feb 2024",
		"Foo 3, 2024",
		"Mon, 2024-03-08",
		"Blursday, 02 Jan 2006",
		"Jan 2006",
		"March 32, 2024",
		"\"2024-03-08",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_bad(bad[i]);
	expect_bad(NULL);
}

static void test_leap_years(void **state)
{
	assert_true(cc_date_valid(2024, 2, 29));
	assert_true(cc_date_valid(2000, 2, 29));
	assert_false(cc_date_valid(1900, 2, 29));
	assert_false(cc_date_valid(2023, 2, 29));
	assert_true(cc_date_valid(-4, 2, 29)); /* proleptic: 5 BC is a leap year */
	assert_false(cc_date_valid(-100, 2, 29));
	assert_true(cc_date_valid(-400, 2, 29));
	assert_false(cc_date_valid(2024, 6, 31));
	assert_true(cc_date_valid(2024, 12, 31));
	assert_false(cc_date_valid(2024, 0, 1));
	expect_date("2000-02-29", 2000, 2, 29, 0, 0, 0, false, false, 0);
	expect_date("2024-02-29T23:59:59Z", 2024, 2, 29, 23, 59, 59, true, true, 0);
}

static void test_civil_days(void **state)
{
	int y, m, d;
	assert_int_equal(cc_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(cc_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(cc_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(cc_days_from_civil(2024, 3, 8), 19790);
	assert_int_equal(cc_days_from_civil(0, 3, 1), -719468);
	assert_int_equal(cc_days_from_civil(1, 1, 1), -719162);
	cc_civil_from_days(-719468, &y, &m, &d);
	assert_int_equal(y, 0);
	assert_int_equal(m, 3);
	assert_int_equal(d, 1);
	cc_civil_from_days(19790, &y, &m, &d);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 3);
	assert_int_equal(d, 8);

	/* Round trips, with consecutive days, across negative and far years. */
	int64_t prev = cc_days_from_civil(-1000000, 1, 1) - 1;
	for (int64_t day = prev + 1; day < cc_days_from_civil(1000000, 1, 1); day += 997) {
		cc_civil_from_days(day, &y, &m, &d);
		assert_true(cc_date_valid(y, m, d));
		assert_int_equal(cc_days_from_civil(y, m, d), day);
	}
	prev = cc_days_from_civil(-2001, 1, 1) - 1;
	for (int year = -2001; year <= 2401; year++) {
		for (int month = 1; month <= 12; month++) {
			for (int day = 1; day <= 31; day++) {
				if (!cc_date_valid(year, month, day))
					continue;
				int64_t n = cc_days_from_civil(year, month, day);
				assert_int_equal(n, prev + 1);
				prev = n;
				cc_civil_from_days(n, &y, &m, &d);
				assert_int_equal(y, year);
				assert_int_equal(m, month);
				assert_int_equal(d, day);
			}
		}
	}
	cc_civil_from_days(cc_days_from_civil(-1000000, 2, 29), &y, &m, &d);
	assert_int_equal(y, -1000000);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
}

static void test_weekday(void **state)
{
	assert_int_equal(cc_weekday(0), 3); /* 1970-01-01 was a Thursday */
	assert_int_equal(cc_weekday(cc_days_from_civil(2024, 3, 8)), 4);  /* Friday */
	assert_int_equal(cc_weekday(cc_days_from_civil(1969, 12, 29)), 0); /* Monday */
	assert_int_equal(cc_weekday(cc_days_from_civil(1969, 12, 28)), 6); /* Sunday */
	assert_int_equal(cc_weekday(cc_days_from_civil(2000, 1, 1)), 5);   /* Saturday */
	assert_int_equal(cc_weekday(cc_days_from_civil(1600, 1, 1)), 5);   /* Saturday */
	for (int64_t n = -3000; n < 3000; n++)
		assert_int_equal(cc_weekday(n + 1), (cc_weekday(n) + 1) % 7);
}

static void test_epoch_and_format(void **state)
{
	struct cc_date d;
	char buf[11];
	int64_t days;

	assert_int_equal(cc_date_parse(&d, "2024-03-08T10:00:00+01:00"), 0);
	assert_int_equal(cc_date_days(&d), 19790);
	assert_int_equal(cc_date_epoch(&d), 19790LL * 86400 + 9 * 3600);
	assert_int_equal(cc_date_parse(&d, "2024-03-08T00:30:00-05:00"), 0);
	assert_int_equal(cc_date_days(&d), 19790); /* the date as written */
	assert_int_equal(cc_date_epoch(&d), 19790LL * 86400 + 5 * 3600 + 1800);
	assert_int_equal(cc_date_parse(&d, "1969-12-31T23:59:59Z"), 0);
	assert_int_equal(cc_date_epoch(&d), -1);

	cc_day_format(buf, 19790);
	assert_string_equal(buf, "2024-03-08");
	cc_day_format(buf, 0);
	assert_string_equal(buf, "1970-01-01");
	cc_day_format(buf, cc_days_from_civil(33, 7, 4));
	assert_string_equal(buf, "0033-07-04");

	assert_int_equal(cc_day_parse(&days, "2024-03-08"), 0);
	assert_int_equal(days, 19790);
	assert_int_equal(cc_day_parse(&days, "March 8, 2024"), 0);
	assert_int_equal(days, 19790);
	days = 5;
	assert_int_equal(cc_day_parse(&days, "2024-02-30"), -1);
	assert_int_equal(days, 5);

	int64_t today = cc_today();
	int64_t now = (int64_t)time(NULL) / 86400;
	assert_true(today == now || today == now - 1 || today == now + 1);
	assert_true(today > cc_days_from_civil(2024, 1, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_forms),    cmocka_unit_test(test_written_forms),
		cmocka_unit_test(test_bad_dates),    cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_civil_days),   cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_epoch_and_format),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
