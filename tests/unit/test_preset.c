/* Unit tests for lib/preset.c: cell forms, detection, canonical metrics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "preset.h"

static double cell(const char *s, enum cc_cell_form f)
{
	double v = -1;
	const char *why = NULL;
	if (cc_cell_parse(s, f, &v, &why) < 0)
		return -1;
	return v;
}

static void test_numbers(void **state)
{
	(void)state;
	assert_true(cell("1,834", CC_CELL_NUMBER) == 1834);
	assert_true(cell(" 1,234,567.5 ", CC_CELL_NUMBER) == 1234567.5);
	assert_true(cell("12", CC_CELL_NUMBER) == 12);
	assert_true(cell("1,83", CC_CELL_NUMBER) == -1);
	assert_true(cell("1,8345", CC_CELL_NUMBER) == -1);
	assert_true(cell("1234,567", CC_CELL_NUMBER) == -1);
	assert_true(cell(",100", CC_CELL_NUMBER) == -1);
	assert_true(cell("1,000,", CC_CELL_NUMBER) == -1);
	assert_true(cell("1.5,000", CC_CELL_NUMBER) == -1);
	assert_true(cell("1e15", CC_CELL_NUMBER) == 1e15);
	assert_true(cell("1.1e15", CC_CELL_NUMBER) == -1);
	assert_true(cell("1e308", CC_CELL_NUMBER) == -1);
	assert_true(cell("inf", CC_CELL_NUMBER) == -1);
	assert_true(cell("nan", CC_CELL_NUMBER) == -1);
	assert_true(cell("0x10", CC_CELL_NUMBER) == -1);
	assert_true(cell("", CC_CELL_NUMBER) == -1);
	assert_true(cell("-2", CC_CELL_NUMBER) == -1);
}

static void test_percent_and_duration(void **state)
{
	(void)state;
	assert_true(cell("2.4%", CC_CELL_NUMBER) == 2.4 / 100);
	assert_true(cell("2.4 %", CC_CELL_PERCENT) == 2.4 / 100);
	assert_true(cell("45", CC_CELL_PERCENT) == 0.45);
	assert_true(cell("%", CC_CELL_PERCENT) == -1);
	assert_true(cell("65", CC_CELL_DURATION) == 65);
	assert_true(cell("1:05", CC_CELL_DURATION) == 65);
	assert_true(cell("00:01:05", CC_CELL_DURATION) == 65);
	assert_true(cell("2:00:00.5", CC_CELL_DURATION) == 7200.5);
	assert_true(cell("1:60", CC_CELL_DURATION) == -1);
	assert_true(cell("1:2:3:4", CC_CELL_DURATION) == -1);
	assert_true(cell("1::3", CC_CELL_DURATION) == -1);
	assert_true(cell("1:", CC_CELL_DURATION) == -1);
	assert_true(cell(":30", CC_CELL_DURATION) == -1);
}

static void test_detect(void **state)
{
	(void)state;
	char *ga4[] = {"Page path and screen class", "Views", "Active users"};
	char *gsc[] = {"Top pages", "Clicks", "Impressions", "CTR", "Position"};
	char *dates[] = {"Date", "Clicks", "Impressions", "CTR", "Position"};
	char *matomo[] = {"label", "nb_visits", "nb_hits", "url"};
	char *generic[] = {"date", "asset", "views"};
	assert_string_equal(cc_preset_detect(ga4, 3, false)->name, "ga4");
	assert_string_equal(cc_preset_detect(gsc, 5, false)->name, "search-console-pages");
	assert_string_equal(cc_preset_detect(dates, 5, false)->name, "search-console-dates");
	/* with a config asset column, a page-less preset is not meant */
	assert_null(cc_preset_detect(dates, 5, true));
	assert_string_equal(cc_preset_detect(matomo, 4, true)->name, "matomo");
	assert_null(cc_preset_detect(generic, 3, true));
	assert_true(cc_header_is("page PATH", "Landing page|Page path"));
	assert_false(cc_header_is("Page", "Landing page|Page path"));
}

static void test_metrics(void **state)
{
	(void)state;
	assert_true(cc_metric_is_gauge("ctr"));
	assert_true(cc_metric_is_gauge("bounce-rate"));
	assert_false(cc_metric_is_gauge("views"));
	assert_false(cc_metric_is_gauge("demo-requests"));
	assert_true(cc_metric_find("views")->weight == 1);
	for (const struct cc_preset *p = cc_presets; p->name; p++)
		for (const struct cc_preset_col *c = p->cols; c->header; c++)
			if (c->metric)
				assert_non_null(cc_metric_find(c->metric));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_percent_and_duration),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_metrics),
	};
	return cmocka_run_group_tests_name("preset", tests, NULL, NULL);
}
