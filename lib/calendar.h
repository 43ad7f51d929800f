/*
 * calendar.h — fiscal quarters and weeks, the calendar model every report
 * (calendar, coverage, gaps) shares. Pure arithmetic on days since the
 * epoch (date.h); no database, no config lookups.
 *
 * Fiscal years start on the first of month `fy_start` (1–12) and are named
 * after the calendar year in which they end: with fy_start 2, February 2026
 * to January 2027 is FY2027; with fy_start 1 the fiscal year is the
 * calendar year. Quarters are three months each, named "FY2027Q1".
 *
 * Weeks start on `week_start` (0 = Monday … 6 = Sunday). A week belongs to
 * the quarter that holds most of its days, i.e. the quarter of its fourth
 * day (for Monday weeks that is the Thursday, ISO 8601's rule), so every
 * week belongs to exactly one quarter, a quarter has 13 whole weeks (12 or 14 now and then: a
 * 90-day quarter may hold only 12 fourth days, a 92-day one 14),
 * and the calendar never shows half weeks. The quarter's first week may
 * start a few days before its first day, its last week may end after it.
 */
#ifndef CC_CALENDAR_H
#define CC_CALENDAR_H

#include <stdbool.h>
#include <jansson.h>
#include <stdint.h>

struct cc_quarter {
	int fy;          /* fiscal year (named after the calendar year it ends in) */
	int q;           /* 1–4 */
	int fy_start;    /* month the fiscal year starts in, 1–12 */
	int week_start;  /* 0 = Monday … 6 = Sunday */
	int64_t first;   /* first day of the quarter (days since the epoch) */
	int64_t last;    /* last day of the quarter, inclusive */
	int64_t wfirst;  /* first day of the quarter's first week */
	int64_t wlast;   /* last day of the quarter's last week, inclusive */
	int nweeks;      /* whole weeks in [wfirst, wlast]: 12 to 14 */
};

/*
 * Fills *out with fiscal quarter q (1–4) of fiscal year fy. Returns -1 with
 * cc_error when an argument is out of range (fy 2–9998).
 */
int cc_quarter_make(struct cc_quarter *out, int fy, int q, int fy_start, int week_start);

/* Fills *out with the quarter that holds the calendar day `day`. */
int cc_quarter_of(struct cc_quarter *out, int64_t day, int fy_start, int week_start);

/* Moves *q by n quarters (negative: back), keeping its fy_start and week_start. */
int cc_quarter_step(struct cc_quarter *q, int n);

/*
 * Parses a --quarter value: "FY2026Q4" (case-insensitive; "FY2026-Q4" too),
 * or "current", "next", "previous" relative to as_of. Returns -1 with
 * cc_error naming the accepted forms.
 */
int cc_quarter_parse(struct cc_quarter *out, const char *s, int64_t as_of, int fy_start, int week_start);

/* Writes the quarter's name ("FY2026Q4") into out. */
void cc_quarter_name(const struct cc_quarter *q, char out[16]);

/* First day of the week (starting on week_start) that holds day. */
int64_t cc_week_first(int64_t day, int week_start);

/* First day of the quarter's week i (0-based, i < nweeks). */
int64_t cc_quarter_week(const struct cc_quarter *q, int i);

/* The index of the quarter's week holding day, or -1 when day is outside [wfirst, wlast]. */
int cc_quarter_week_index(const struct cc_quarter *q, int64_t day);

/* ISO 8601 week-numbering year and week (1–53) of day. */
void cc_iso_week(int64_t day, int *year, int *week);

/*
 * Writes a week's label into out: "2026-W42" (ISO) for Monday weeks,
 * otherwise "" — ISO numbers only describe Monday weeks.
 */
void cc_week_label(char out[16], int64_t week_first, int week_start);

/* {"name":"FY2026Q4","fiscal_year":2026,"quarter":4,"start":…,"end":…,"weeks_start":…,"weeks_end":…,"weeks":13} */
json_t *cc_quarter_json(const struct cc_quarter *q);

#endif
