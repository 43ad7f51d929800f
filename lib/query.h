/*
 * query.h — reading assets back out of the index, filtered and sorted.
 *
 * Every report (list, calendar, coverage, gaps, relevance, search, report)
 * reads assets through here, so filters mean the same thing everywhere.
 * All values are bound as SQL parameters; sort keys and --where keys are
 * checked against a whitelist / a key syntax before they reach SQL.
 */
#ifndef CC_QUERY_H
#define CC_QUERY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "asset.h"
#include "date.h"
#include "db.h"
#include "intent.h"

struct cc_row {
	int64_t id;
	char *path, *slug, *title, *summary, *status, *format, *author, *url; /* never NULL */
	char *date_full;         /* the publish date as written (ISO 8601), NULL when absent */
	char *created, *updated; /* git author dates (ISO 8601), NULL when unknown */
	/* Days since the epoch, CC_NO_DAY when absent: the front-matter dates,
	 * and the day (as written) of the git dates. */
	int64_t date, due, review_by, expires, created_day, updated_day;
	int fm_ok; /* 0 when the front matter failed to parse (lifecycle.h: invalid) */
	long commits;
	/* The content's last revision, days since the epoch:
	 * front-matter fields.revised (lastmod, updated…), else the author date
	 * of the last commit that changed the body (front-matter-only commits
	 * do not count); CC_NO_DAY when unknown. The lifecycle's freshness
	 * (lifecycle.h) uses this, not `updated`. */
	int64_t revised;
	long words;
	int reading_minutes;
	int date_line, due_line, review_line, expires_line; /* where each date stands in the file; 0 = absent */
	int problems; /* problems recorded for the asset; 0 in lean mode */
	/* Where the first value outside the vocabulary of each dimension stands
	 * (the unknown-value problem of lint); 0 when none. */
	int unknown_line[CC_DIM_COUNT], unknown_col[CC_DIM_COUNT];
	struct cc_strlist tags[CC_DIM_COUNT];
	struct cc_strlist authors; /* every author from front matter, in order (author is the first) */
	struct cc_strlist owners;  /* the owner field (usually one name) */
	json_t *fields; /* all front matter; owned; NULL in lean mode */
	json_t *site;   /* {lang, site_url, translations: [{lang, path, url}]} (slugs.h); owned; NULL in lean mode */
	const struct cc_intent *intent; /* borrowed (intent.h, cc_intent_mark); NULL: not an intent asset,
					 * or not asked */
	char *block;    /* when not NULL, the one allocation every string above
			 * lives in (rows from cc_query_assets): strings are
			 * not freed or replaced one by one */
};

struct cc_rows {
	struct cc_row *v;
	size_t n, alloc;
};

enum cc_where_op { CC_WHERE_EQ, CC_WHERE_NE };

struct cc_where {
	const char *key;   /* front-matter key, dotted for nested keys */
	const char *value;
	enum cc_where_op op;
};

struct cc_filter {
	const char *tags[CC_DIM_COUNT]; /* canonical values, or NULL for any */
	const char *status;             /* NULL for any */
	const struct cc_where *where;
	size_t nwhere;
	const int64_t *ids; /* only these asset ids (any order, duplicates allowed) */
	size_t nids;        /* with ids: how many; ids NULL = no id filter */
	const char *sort;  /* a field of cc_query_sort_keys; NULL = path */
	bool desc;
	long limit;        /* <= 0: no limit */
	bool lean;         /* skip the front matter (fields stays NULL) and the
			    * problem count (0): what every report but list and
			    * the JSON of an asset needs, at a fraction of the cost */
};

/* The sort keys --sort accepts, NULL-terminated. */
extern const char *const cc_query_sort_keys[];

/*
 * Parses KEY=VALUE or KEY!=VALUE into *out (pointing into s, which it
 * modifies). Keys are letters, digits, '_', '-' and '.'. Returns -1 with
 * cc_error on a malformed expression.
 */
int cc_where_parse(struct cc_where *out, char *s);

/*
 * Reads matching assets into out (appending), with their tags. The one
 * reader of assets: every report goes through it (lean where it needs no
 * front matter). An ids filter with nids 0 matches nothing. Returns 0 or
 * -1 with cc_error.
 */
int cc_query_assets(struct cc_db *db, const struct cc_filter *f, struct cc_rows *out);
void cc_rows_release(struct cc_rows *rows);

/*
 * The publish day of an asset: the front-matter date, else the day of the
 * git created date for published assets, else CC_NO_DAY.
 */
int64_t cc_row_publish_day(const struct cc_row *r);

/*
 * The columns cc_row_lifecycle_read() reads, for a query over
 * `assets a LEFT JOIN history h ON h.path = a.path`: what the lifecycle
 * (lifecycle.h) needs of a row, for readers that do not load whole rows
 * (full-text search).
 */
#define CC_ROW_LIFECYCLE_COLS "a.status, a.fm_ok, a.date, a.due, a.review_by, a.expires, h.created, h.updated, " \
			      "coalesce(a.revised, h.revised)"
#define CC_ROW_LIFECYCLE_NCOLS 9
/*
 * Fills the lifecycle fields of *r (status, fm_ok and the days) from the
 * CC_ROW_LIFECYCLE_COLS starting at column col of st. r->status is borrowed
 * from the statement: valid until it steps or is reset.
 */
void cc_row_lifecycle_read(struct cc_row *r, sqlite3_stmt *st, int col);

#endif
