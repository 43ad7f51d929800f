/*
 * engagement.h — engagement data (views, downloads, …) imported from CSV.
 *
 * Engagement is primary data: git cannot rebuild it. It lives in its own
 * SQLite file beside the index (see cc_engagement_path), attached to the
 * index connection as schema "eng", so rebuilding or migrating the index
 * never touches it. The file carries its own PRAGMA user_version
 * (CC_ENGAGEMENT_VERSION); a newer version or a file that is not a
 * contentcal engagement database is never written to: attaching fails.
 *
 * Tables (documented in docs/relevance.md):
 *   eng.assets(id, path)       stable ids for repository paths
 *   eng.engagement(asset, metric, day, source, value, batch)
 *                              one row per (asset, metric, day, source);
 *                              day is days since 1970-01-01
 *   eng.unmatched(name, metric, day, source, value, file, line, reason)
 *                              rows naming no known asset, kept aside
 *   eng.imports(id, file, source, at, …)  one row per successful import
 *   eng.ratings(asset, who, day, rating, comment, file, line)
 *                              feedback from sales and readers (version 2);
 *                              one rating per asset, person and day
 *   eng.meta(key, value)       "generation" grows with every import that
 *                              stores or replaces a measurement; "token" is
 *                              a random value drawn anew at the same time
 */
#ifndef CC_ENGAGEMENT_H
#define CC_ENGAGEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "db.h"
#include "problem.h"

#define CC_ENGAGEMENT_VERSION 2

/*
 * The engagement file for an index at index_path: same directory,
 * "engagement.db" for "index.db", "engagement-X.db" for "index-X.db",
 * else the index path with ".db" (if any) replaced by "-engagement.db".
 * Returns a new string.
 */
char *cc_engagement_path(const char *index_path);

/* How an engagement file is recognised (application_id CC_ENGAGEMENT_APPLICATION_ID). */
extern const struct cc_db_kind cc_engagement_kind;

/*
 * Attaches the engagement file at path to db as schema "eng", creating it
 * (and its tables) when it does not exist. Attaching twice is a no-op.
 * Returns 0, or -1 with cc_error set when the file is newer than this
 * program, is not a contentcal engagement database, or cannot be opened;
 * the file is then left exactly as it was.
 */
int cc_engagement_attach(struct cc_db *db, const char *path);

struct cc_ingest_options {
	const char *source;       /* source name; NULL = "default" */
	const char *display_path; /* the file as named in messages; NULL = the path */
	bool skip_bad;            /* store the good rows even when some are bad */
};

struct cc_ingest_stats {
	size_t rows;      /* data records read (header excluded) */
	size_t values;    /* measurements in the good, matched rows */
	size_t stored;    /* measurements new to the database */
	size_t replaced;  /* measurements that changed an earlier value */
	size_t unchanged; /* measurements equal to what was stored */
	size_t unknown;   /* records naming no known asset (kept in eng.unmatched) */
	size_t bad;       /* records rejected */
	bool wide;        /* the file has the wide shape (one column per metric) */
	bool committed;   /* something was written */
};

/*
 * Imports a CSV file (long shape date,asset,metric,value or wide shape
 * date,asset,METRIC…; see docs/relevance.md) into the attached engagement
 * database, in one transaction. Assets are matched against db's assets by
 * slug, repository path, path relative to cfg->dir, URL, or URL path.
 *
 * Every bad record is added to bad (path:line, rule "bad-row"), every
 * unknown asset name once to unknown (rule "unknown-asset", with its first
 * line and row count). Returns 0 when the import was stored, 1 when bad
 * rows made it fail (nothing stored) without skip_bad, or -1 with cc_error
 * on a file or database error (nothing stored).
 */
int cc_engagement_ingest(struct cc_db *db, const struct cc_config *cfg, const char *path,
			 const struct cc_ingest_options *opts, struct cc_ingest_stats *stats,
			 struct cc_problems *bad, struct cc_problems *unknown);

/*
 * The version of the attached engagement data: "GENERATION:TOKEN" (just
 * "GENERATION" before the first change). It changes with every import that
 * changes a measurement and never repeats for different data, so derived
 * data keyed by it is current exactly when the key matches. Sets *out to a
 * new string; 0, or -1 with cc_error.
 */
int cc_engagement_version(struct cc_db *db, char **out);

/*
 * Parses a CSV date cell: YYYY-MM-DD, YYYYMMDD (analytics exports) or any
 * form cc_date_parse accepts. Returns 0 and sets *days, or -1.
 */
int cc_engagement_parse_day(const char *s, int64_t *days);

/*
 * Parses a value cell: a finite number >= 0 (surrounding blanks allowed).
 * Returns 0, or -1 with *why set to a static reason.
 */
int cc_engagement_parse_value(const char *s, double *out, const char **why);

/*
 * The asset-name matcher the import uses, for other importers (CRM
 * touches): names resolve to repository paths by slug, repository path,
 * path relative to cfg->dir, URL or URL path, exactly as engagement rows
 * do. cc_asset_names_load reads db's assets; 0, or -1 with cc_error.
 * cc_asset_names_resolve returns the asset's repository path (borrowed
 * from m) or NULL, with *ambiguous set when the name fits several assets.
 * cc_asset_names_free(NULL) is a no-op.
 */
struct cc_asset_names;
int cc_asset_names_load(struct cc_asset_names **out, struct cc_db *db, const struct cc_config *cfg);
const char *cc_asset_names_resolve(const struct cc_asset_names *m, const char *name, bool *ambiguous);
void cc_asset_names_free(struct cc_asset_names *m);

/*
 * Imports a ratings CSV (columns asset, rating, date, and optional comment
 * and who, any order, named in a header) into eng.ratings, in one
 * transaction. asset is matched as in cc_engagement_ingest; rating is a
 * whole number 1–5. Every bad cell is added to bad as file:line:col (rule
 * "bad-row" or "bad-header"); one bad row and nothing is stored. A row for
 * an asset, person and day already stored replaces it (importing a file
 * twice changes nothing). Returns 0 (*stored rows written), 1 when bad rows
 * stopped the import, or -1 with cc_error.
 */
int cc_ratings_ingest(struct cc_db *db, const struct cc_config *cfg, const char *path, const char *display,
		      size_t *stored, struct cc_problems *bad);

#endif
