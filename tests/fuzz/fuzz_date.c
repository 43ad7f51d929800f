/*
 * fuzz_date.c — date parsing (cc_date_parse) and the day arithmetic behind
 * it: a parsed date must be valid and survive a round trip through days.
 */
#include <string.h>

#include "date.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_date d;
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (cc_date_parse(&d, s) == 0) {
		int y, m, day;
		char out[64];
		FUZZ_ASSERT(cc_date_valid(d.year, d.month, d.day));
		FUZZ_ASSERT(d.hour >= 0 && d.hour <= 24 && d.min >= 0 && d.min < 60);
		FUZZ_ASSERT(d.sec >= 0 && d.sec <= 60);
		FUZZ_ASSERT(d.tz_min > -24 * 60 && d.tz_min < 24 * 60);
		int64_t days = cc_date_days(&d);
		cc_civil_from_days(days, &y, &m, &day);
		FUZZ_ASSERT(y == d.year && m == d.month && day == d.day);
		FUZZ_ASSERT(cc_weekday(days) >= 0 && cc_weekday(days) <= 6);
		(void)cc_date_epoch(&d);
		if (d.year >= 0 && d.year <= 9999) {
			int64_t back;
			cc_day_format(out, days);
			FUZZ_ASSERT(cc_day_parse(&back, out) == 0 && back == days);
		}
	}
	int64_t days;
	(void)cc_day_parse(&days, s);
	free(s);
	return 0;
}
