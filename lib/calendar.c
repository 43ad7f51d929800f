/*
 * calendar.c — fiscal quarters and weeks (see calendar.h).
 */
#include "calendar.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "problem.h"

/* Floor division and modulo that work for negative days. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t d = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? d - 1 : d;
}

int64_t cc_week_first(int64_t day, int week_start)
{
	int back = (cc_weekday(day) - week_start + 7) % 7;
	return day - back;
}

/* The first day of the month that is k months after January of year y. */
static int64_t month_day(int y, int k)
{
	int64_t yy = y + floor_div(k, 12);
	int m = (int)(k - floor_div(k, 12) * 12) + 1;
	return cc_days_from_civil((int)yy, m, 1);
}

int cc_quarter_make(struct cc_quarter *out, int fy, int q, int fy_start, int week_start)
{
	if (q < 1 || q > 4)
		return cc_error("quarter must be 1-4, not %d", q);
	if (fy_start < 1 || fy_start > 12)
		return cc_error("fiscal year start must be a month 1-12, not %d", fy_start);
	if (week_start < 0 || week_start > 6)
		return cc_error("week start must be 0-6, not %d", week_start);
	if (fy < 2 || fy > 9998)
		return cc_error("fiscal year %d is out of range", fy);
	/* FY n starts in calendar year n (fy_start 1) or n - 1 (later starts). */
	int base = fy_start == 1 ? fy : fy - 1;
	int k = fy_start - 1 + 3 * (q - 1);
	memset(out, 0, sizeof(*out));
	out->fy = fy;
	out->q = q;
	out->fy_start = fy_start;
	out->week_start = week_start;
	out->first = month_day(base, k);
	out->last = month_day(base, k + 3) - 1;
	/* A week belongs to the quarter of its fourth day. */
	int64_t w = cc_week_first(out->first, week_start);
	if (w + 3 < out->first)
		w += 7;
	out->wfirst = w;
	w = cc_week_first(out->last, week_start);
	if (w + 3 > out->last)
		w -= 7;
	out->wlast = w + 6;
	out->nweeks = (int)((out->wlast + 1 - out->wfirst) / 7);
	return 0;
}

int cc_quarter_of(struct cc_quarter *out, int64_t day, int fy_start, int week_start)
{
	int y, m, d, fy, idx;
	cc_civil_from_days(day, &y, &m, &d);
	if (fy_start == 1 || m < fy_start)
		fy = y;
	else
		fy = y + 1;
	idx = (m - fy_start + 12) % 12;
	return cc_quarter_make(out, fy, idx / 3 + 1, fy_start, week_start);
}

int cc_quarter_step(struct cc_quarter *q, int n)
{
	int64_t i = (int64_t)q->fy * 4 + (q->q - 1) + n;
	return cc_quarter_make(q, (int)floor_div(i, 4), (int)(i - floor_div(i, 4) * 4) + 1,
			       q->fy_start, q->week_start);
}

int cc_quarter_parse(struct cc_quarter *out, const char *s, int64_t as_of, int fy_start, int week_start)
{
	static const char *const rel[] = {"previous", "current", "next"};
	for (int i = 0; i < 3; i++) {
		if (!strcasecmp(s, rel[i])) {
			if (cc_quarter_of(out, as_of, fy_start, week_start) < 0)
				return -1;
			return cc_quarter_step(out, i - 1);
		}
	}
	const char *p = s;
	if (strncasecmp(p, "FY", 2) != 0)
		goto bad;
	p += 2;
	int fy = 0, digits = 0;
	while (isdigit((unsigned char)*p) && digits < 5) {
		fy = fy * 10 + (*p++ - '0');
		digits++;
	}
	if (digits != 4)
		goto bad;
	if (*p == '-')
		p++;
	if ((*p != 'Q' && *p != 'q') || p[1] < '1' || p[1] > '4' || p[2])
		goto bad;
	if (cc_quarter_make(out, fy, p[1] - '0', fy_start, week_start) < 0)
		return -1;
	return 0;
bad:
	return cc_error("'%s' is not a quarter (FY2026Q4, current, next or previous)", s);
}

void cc_quarter_name(const struct cc_quarter *q, char out[16])
{
	snprintf(out, 16, "FY%04dQ%d", q->fy % 10000, q->q % 10);
}

int64_t cc_quarter_week(const struct cc_quarter *q, int i)
{
	return q->wfirst + 7 * (int64_t)i;
}

int cc_quarter_week_index(const struct cc_quarter *q, int64_t day)
{
	if (day < q->wfirst || day > q->wlast)
		return -1;
	return (int)((day - q->wfirst) / 7);
}

void cc_iso_week(int64_t day, int *year, int *week)
{
	int64_t thursday = day - cc_weekday(day) + 3;
	int y, m, d;
	cc_civil_from_days(thursday, &y, &m, &d);
	*year = y;
	*week = (int)((thursday - cc_days_from_civil(y, 1, 1)) / 7) + 1;
}

void cc_week_label(char out[16], int64_t week_first, int week_start)
{
	int y, w;
	out[0] = '\0';
	if (week_start != 0)
		return;
	cc_iso_week(week_first, &y, &w);
	snprintf(out, 16, "%04d-W%02d", y % 10000, w % 100);
}

json_t *cc_quarter_json(const struct cc_quarter *q)
{
	char name[16], a[11], b[11], c[11], d[11];
	cc_quarter_name(q, name);
	cc_day_format(a, q->first);
	cc_day_format(b, q->last);
	cc_day_format(c, q->wfirst);
	cc_day_format(d, q->wlast);
	return json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:s, s:i}", "name", name, "fiscal_year", q->fy, "quarter",
			 q->q, "start", a, "end", b, "weeks_start", c, "weeks_end", d, "weeks", q->nweeks);
}
