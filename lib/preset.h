/*
 * preset.h — what analytics exports look like: the canonical metrics, the
 * export presets (GA4, GA4 BigQuery, Plausible, Search Console, Matomo,
 * HubSpot) that map a vendor's columns onto them, and the cell forms real
 * exports use (thousands separators, percentages, hh:mm:ss durations).
 *
 * A metric is a count (views, clicks, …: summed and decayed into the
 * relevance score) or a gauge (rates, averages, positions: stored as
 * measured, never summed into a score). The kind is a property of the
 * canonical name, so a gauge stays a gauge whichever file it came from.
 * See docs/relevance.md, "Export presets".
 */
#ifndef CC_PRESET_H
#define CC_PRESET_H

#include <stdbool.h>
#include <stddef.h>

enum cc_metric_kind { CC_METRIC_COUNT, CC_METRIC_GAUGE };

/* How a cell is read. */
enum cc_cell_form {
	CC_CELL_NUMBER,   /* 1834, "1,834", 12.5; a trailing % divides by 100 */
	CC_CELL_PERCENT,  /* a percentage: "2.4%" or 2.4 both mean 0.024 */
	CC_CELL_DURATION, /* seconds: 65, "1:05", "00:01:05" */
	CC_CELL_TEXT,     /* not a metric (a page title): ignored */
};

/* A canonical metric: its (cleaned) name, kind and default weight. */
struct cc_metric {
	const char *name;
	enum cc_metric_kind kind;
	double weight; /* default weight in the relevance score; 0 for gauges */
	const char *about;
};

/* The canonical metric named name (cleaned, e.g. "bounce-rate"), or NULL. */
const struct cc_metric *cc_metric_find(const char *name);

/* Every canonical metric, NULL-terminated by name. */
extern const struct cc_metric cc_metrics[];

/* true when the (cleaned) metric name is a canonical gauge. */
bool cc_metric_is_gauge(const char *name);

/* One column a preset knows. */
struct cc_preset_col {
	const char *header; /* header name, matched case-insensitively */
	const char *metric; /* canonical metric; NULL = ignored (text, or a figure it does not use) */
	enum cc_cell_form form;
};

struct cc_preset {
	const char *name;  /* for --preset */
	const char *label; /* for messages: "GA4 report export" */
	/* Detection: every one of needs (alternatives split by '|') is a header column. */
	const char *const *needs;
	const char *const *asset_cols; /* the asset column: first present; NULL list = none */
	const char *const *date_cols;  /* optional date column */
	const struct cc_preset_col *cols; /* terminated by a NULL header */
	bool events;      /* one event per row: counted per page, day and event_name */
	bool total_rows;  /* rows whose asset is "Total"/"Grand total" are totals: skipped */
	bool bare_labels; /* asset "blog/x" is the URL path "/blog/x" (Matomo labels) */
	const char *hint; /* what the preset needs, for "no preset matched" */
};

/* Every preset, in detection order, terminated by a NULL name. */
extern const struct cc_preset cc_presets[];

/* The preset called name, or NULL. */
const struct cc_preset *cc_preset_find(const char *name);

/*
 * The first preset whose needs are all among the header names (n of them),
 * or NULL. has_asset_col: the header also holds a column the config names
 * as the asset; presets without an asset column then do not match (the
 * generic wide shape is meant).
 */
const struct cc_preset *cc_preset_detect(char *const *names, size_t n, bool has_asset_col);

/* The preset's column for a header name, or NULL. */
const struct cc_preset_col *cc_preset_col(const struct cc_preset *p, const char *header);

/* true when header matches one of the preset's alternatives list ("a|b"). */
bool cc_header_is(const char *header, const char *alternatives);

/*
 * Parses a cell in the given form into *out (finite, >= 0, at most
 * CC_MAX_VALUE). Blanks around are allowed. Returns 0, or -1 with *why set
 * to a static reason ("empty", "not a number", "negative", "too large").
 */
int cc_cell_parse(const char *s, enum cc_cell_form form, double *out, const char **why);

/* The largest value a cell may hold: sums of millions of them stay finite. */
#define CC_MAX_VALUE 1e15

#endif
