/*
 * date.h — dates as people write them in front matter and CSV files.
 *
 * Accepts every form Hugo accepts: "2024-03-08", "2024-03-08T10:00:00Z",
 * RFC 3339 with offsets and fractions, "2024-03-08 10:00:00 -0500",
 * "2024-03-08 10:00", "2024-03-08T9:05:00" (single-digit hour), "2024-3-8",
 * "08 Mar 2024", "March 8, 2024", RFC 1123 forms; leading and trailing white
 * space and surrounding quotes are ignored. Impossible dates
 * (2024-02-30, month 13, hour 25) are rejected.
 */
#ifndef CC_DATE_H
#define CC_DATE_H

#include <stdbool.h>
#include <stdint.h>

struct cc_date {
	int year, month, day;  /* the civil date as written (local to its offset) */
	int hour, min, sec;    /* 0 when no time was given */
	int tz_min;            /* offset from UTC in minutes, as written; 0 when none */
	bool has_time;
	bool has_tz;
};

/* Returns 0 and fills *out, or -1 when s is not a date (out is untouched). */
int cc_date_parse(struct cc_date *out, const char *s);

/* Days since 1970-01-01 of a civil date (proleptic Gregorian); any year. */
int64_t cc_days_from_civil(int year, int month, int day);
/* Inverse of cc_days_from_civil. */
void cc_civil_from_days(int64_t days, int *year, int *month, int *day);
/* 0 = Monday … 6 = Sunday. */
int cc_weekday(int64_t days);
bool cc_date_valid(int year, int month, int day);

/* Days since the epoch of the date as written (ignores time and offset). */
int64_t cc_date_days(const struct cc_date *d);
/* Seconds since the epoch in UTC (applies the offset). */
int64_t cc_date_epoch(const struct cc_date *d);

/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void cc_day_format(char *out, int64_t days);
/* Parses exactly "YYYY-MM-DD" (also via cc_date_parse forms); -1 on failure. */
int cc_day_parse(int64_t *days, const char *s);
/* "No day": a date that is absent or does not parse, wherever days are int64_t. */
#define CC_NO_DAY INT64_MIN
/*
 * The day of a stored date or timestamp ("2026-03-01", "2026-03-01T09:30:00+01:00":
 * the day as written, before any offset is applied), or CC_NO_DAY for NULL or
 * text that is not a date. What every reader of the index uses, so that rows
 * carry days as integers and nobody compares date strings.
 */
int64_t cc_day_of(const char *s);
/* Today's date in UTC as days since the epoch. */
int64_t cc_today(void);

#endif
