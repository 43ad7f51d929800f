/*
 * date.c — hand-written parser for the date forms Hugo accepts, and civil
 * calendar arithmetic (see date.h).
 *
 * strptime() is not used: it depends on the locale and cannot express
 * optional parts. The parser works on a cursor over the trimmed string;
 * every form must be consumed completely, or the string is not a date.
 *
 * Zone abbreviations: UTC, GMT, UT and Z are offset 0; the North American
 * EST/EDT/CST/CDT/MST/MDT/PST/PDT carry their offsets. Any other run of 3–5
 * upper-case letters is accepted with offset 0 and has_tz false, as Go does
 * for an abbreviation it does not know. Fractions of a second are accepted
 * and dropped. A weekday name ("Mon,") is checked for syntax only.
 */
#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct cursor {
	const char *p;
	const char *end;
};

static const char *const month_names[12] = {"january", "february", "march",     "april",
					     "may",     "june",     "july",      "august",
					     "september", "october", "november", "december"};
static const char *const day_names[7] = {"monday", "tuesday",  "wednesday", "thursday",
					 "friday", "saturday", "sunday"};

int64_t cc_days_from_civil(int year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void cc_civil_from_days(int64_t days, int *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(y + (m <= 2));
	*month = m;
	*day = d;
}

int cc_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (3). */
	int64_t r = days % 7;
	if (r < 0)
		r += 7;
	return (int)((r + 3) % 7);
}

static int is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool cc_date_valid(int year, int month, int day)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12 || day < 1)
		return false;
	if (month == 2 && is_leap(year))
		return day <= 29;
	return day <= mdays[month - 1];
}

int64_t cc_date_days(const struct cc_date *d)
{
	return cc_days_from_civil(d->year, d->month, d->day);
}

int64_t cc_date_epoch(const struct cc_date *d)
{
	return cc_date_days(d) * 86400 + d->hour * 3600 + d->min * 60 + d->sec -
	       (int64_t)d->tz_min * 60;
}

void cc_day_format(char *out, int64_t days)
{
	int y, m, d;
	cc_civil_from_days(days, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

int cc_day_parse(int64_t *days, const char *s)
{
	struct cc_date d;
	if (cc_date_parse(&d, s) < 0)
		return -1;
	*days = cc_date_days(&d);
	return 0;
}

int64_t cc_day_of(const char *s)
{
	int64_t d;
	if (!s)
		return CC_NO_DAY;
	/* The stored form first: YYYY-MM-DD, then the end or a time. */
	bool digits = true;
	for (int i = 0; i < 10 && digits; i++)
		digits = i == 4 || i == 7 ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9');
	if (digits && (!s[10] || s[10] == 'T' || s[10] == ' ')) {
		int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		int m = (s[5] - '0') * 10 + (s[6] - '0'), dd = (s[8] - '0') * 10 + (s[9] - '0');
		return cc_date_valid(y, m, dd) ? cc_days_from_civil(y, m, dd) : CC_NO_DAY;
	}
	return cc_day_parse(&d, s) < 0 ? CC_NO_DAY : d;
}

int64_t cc_today(void)
{
	time_t now = time(NULL);
	int64_t t = (int64_t)now;
	int64_t days = t / 86400;
	if (t % 86400 < 0)
		days--;
	return days;
}

/* --- the parser ------------------------------------------------------- */

static int at_end(const struct cursor *c)
{
	return c->p >= c->end;
}

static int peek(const struct cursor *c)
{
	return at_end(c) ? -1 : (unsigned char)*c->p;
}

static int accept(struct cursor *c, int ch)
{
	if (peek(c) != ch)
		return 0;
	c->p++;
	return 1;
}

static int skip_spaces(struct cursor *c)
{
	int n = 0;
	while (peek(c) == ' ' || peek(c) == '\t') {
		c->p++;
		n++;
	}
	return n;
}

/* Reads between min and max digits; returns the count (0 on failure). */
static int digits(struct cursor *c, int min, int max, int *out)
{
	int n = 0, v = 0;
	while (n < max && isdigit(peek(c))) {
		v = v * 10 + (*c->p - '0');
		c->p++;
		n++;
	}
	if (n < min || isdigit(peek(c)))
		return 0;
	*out = v;
	return n;
}

/* Reads a run of letters into word (lower-cased); returns its length. */
static size_t word(struct cursor *c, char *w, size_t size)
{
	size_t n = 0;
	while (isalpha(peek(c))) {
		if (n + 1 >= size)
			return 0;
		w[n++] = (char)tolower((unsigned char)*c->p);
		c->p++;
	}
	w[n] = '\0';
	return n;
}

/* "jan", "January", "Sept" → 1..12; 0 when not a month. */
static int month_from(const char *w, size_t n)
{
	for (int i = 0; i < 12; i++) {
		if (n == 3 && !strncmp(w, month_names[i], 3))
			return i + 1;
		if (n == strlen(month_names[i]) && !strcmp(w, month_names[i]))
			return i + 1;
		if (i == 8 && !strcmp(w, "sept"))
			return 9;
	}
	return 0;
}

static int is_day_name(const char *w, size_t n)
{
	for (int i = 0; i < 7; i++) {
		if (n == 3 && !strncmp(w, day_names[i], 3))
			return 1;
		if (!strcmp(w, day_names[i]))
			return 1;
	}
	return 0;
}

/*
 * Time of day: H[H]:MM[:SS[.fraction]]. Returns 0 on success, -1 when the
 * text does not match or a field is out of range.
 */
static int parse_time(struct cursor *c, struct cc_date *d)
{
	int h, m, s = 0;
	if (!digits(c, 1, 2, &h) || !accept(c, ':') || !digits(c, 2, 2, &m))
		return -1;
	if (accept(c, ':')) {
		if (!digits(c, 2, 2, &s))
			return -1;
		if (accept(c, '.') || accept(c, ',')) {
			if (!isdigit(peek(c)))
				return -1;
			while (isdigit(peek(c)))
				c->p++;
		}
	}
	if (h > 23 || m > 59 || s > 60)
		return -1;
	d->hour = h;
	d->min = m;
	d->sec = s;
	d->has_time = true;
	return 0;
}

/* ±HH[:MM] or ±HHMM; the sign is at the cursor. */
static int parse_offset(struct cursor *c, struct cc_date *d)
{
	int sign = *c->p == '-' ? -1 : 1;
	int h, m = 0, n;
	c->p++;
	n = digits(c, 2, 4, &h);
	if (n == 4) {
		m = h % 100;
		h /= 100;
	} else if (n != 2) {
		return -1;
	} else if (accept(c, ':') && !digits(c, 2, 2, &m)) {
		return -1;
	}
	if (m > 59 || h * 60 + m > 14 * 60)
		return -1;
	d->tz_min = sign * (h * 60 + m);
	d->has_tz = true;
	return 0;
}

static int parse_zone_name(struct cursor *c, struct cc_date *d)
{
	static const struct {
		const char *name;
		int off;
	} zones[] = {{"UTC", 0},       {"GMT", 0},       {"UT", 0},        {"Z", 0},
		     {"EST", -5 * 60}, {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60},
		     {"MST", -7 * 60}, {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60}};
	const char *s = c->p;
	size_t n = 0;
	while (s + n < c->end && isupper((unsigned char)s[n]))
		n++;
	if (!n || n > 5 || (s + n < c->end && isalnum((unsigned char)s[n])))
		return -1;
	c->p += n;
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		if (strlen(zones[i].name) == n && !strncmp(zones[i].name, s, n)) {
			d->tz_min = zones[i].off;
			d->has_tz = true;
			return 0;
		}
	}
	if (n < 3)
		return -1;
	d->tz_min = 0; /* unknown abbreviation: offset 0, like Go */
	return 0;
}

/* Optional zone after a time: [space] (Z | ±hh[:mm] | ±hhmm | ABBR). */
static int parse_zone(struct cursor *c, struct cc_date *d)
{
	const char *save = c->p;
	skip_spaces(c);
	if (at_end(c)) {
		c->p = save;
		return 0;
	}
	if (peek(c) == 'z') {
		c->p++;
		d->has_tz = true;
		return 0;
	}
	if (peek(c) == '+' || peek(c) == '-')
		return parse_offset(c, d);
	return parse_zone_name(c, d);
}

/* YYYY-M[M]-D[D][(T|t| )H[H]:MM[:SS[.f]][zone]] */
static int parse_iso(struct cursor *c, struct cc_date *d)
{
	int y, m, day;
	if (digits(c, 4, 4, &y) != 4 || !accept(c, '-') || !digits(c, 1, 2, &m) ||
	    !accept(c, '-') || !digits(c, 1, 2, &day))
		return -1;
	d->year = y;
	d->month = m;
	d->day = day;
	if (at_end(c))
		return 0;
	if (!accept(c, 'T') && !accept(c, 't') && !skip_spaces(c))
		return -1;
	if (parse_time(c, d) < 0)
		return -1;
	return parse_zone(c, d);
}

static int two_digit_year(int yy)
{
	return yy >= 69 ? 1900 + yy : 2000 + yy;
}

static int parse_year(struct cursor *c, int *year)
{
	int n = digits(c, 2, 4, year);
	if (n == 2)
		*year = two_digit_year(*year);
	else if (n != 4)
		return -1;
	return 0;
}

/* Optional " H:MM[:SS] [zone]" after a written-out date. */
static int parse_opt_time(struct cursor *c, struct cc_date *d)
{
	if (!skip_spaces(c) || at_end(c))
		return at_end(c) ? 0 : -1;
	if (parse_time(c, d) < 0)
		return -1;
	return parse_zone(c, d);
}

/* [Weekday[,]] D[D] Month YY[YY] [time [zone]] */
static int parse_dmy(struct cursor *c, struct cc_date *d)
{
	char w[16];
	size_t n;
	int day, m;
	if (isalpha(peek(c))) {
		n = word(c, w, sizeof(w));
		if (!n || !is_day_name(w, n))
			return -1;
		accept(c, ',');
		if (!skip_spaces(c))
			return -1;
	}
	if (!digits(c, 1, 2, &day) || !skip_spaces(c))
		return -1;
	n = word(c, w, sizeof(w));
	if (!(m = month_from(w, n)))
		return -1;
	accept(c, '.');
	if (!skip_spaces(c) || parse_year(c, &d->year) < 0)
		return -1;
	d->month = m;
	d->day = day;
	return parse_opt_time(c, d);
}

/* Month D[D], YYYY [time [zone]] */
static int parse_mdy(struct cursor *c, struct cc_date *d)
{
	char w[16];
	size_t n = word(c, w, sizeof(w));
	int m, day;
	if (!(m = month_from(w, n)))
		return -1;
	accept(c, '.');
	if (!skip_spaces(c) || !digits(c, 1, 2, &day))
		return -1;
	accept(c, ',');
	if (!skip_spaces(c) || digits(c, 4, 4, &d->year) != 4)
		return -1;
	d->month = m;
	d->day = day;
	return parse_opt_time(c, d);
}

int cc_date_parse(struct cc_date *out, const char *s)
{
	struct cursor c;
	struct cc_date d = {0};
	const char *end;
	const char *start;
	int r;

	if (!s)
		return -1;
	end = s + strlen(s);
	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if (end - s >= 2 && (*s == '"' || *s == '\'') && end[-1] == *s) {
		s++;
		end--;
		while (s < end && isspace((unsigned char)*s))
			s++;
		while (end > s && isspace((unsigned char)end[-1]))
			end--;
	}
	if (s == end)
		return -1;
	start = s;
	c.p = s;
	c.end = end;

	if (end - start >= 5 && isdigit((unsigned char)start[0]) && isdigit((unsigned char)start[3]) &&
	    start[4] == '-')
		r = parse_iso(&c, &d);
	else if (isdigit((unsigned char)*start))
		r = parse_dmy(&c, &d);
	else {
		r = parse_mdy(&c, &d);
		if (r < 0) {
			memset(&d, 0, sizeof(d));
			c.p = start;
			r = parse_dmy(&c, &d);
		}
	}
	if (r < 0 || !at_end(&c) || !cc_date_valid(d.year, d.month, d.day))
		return -1;
	*out = d;
	return 0;
}
