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
 *   eng.engagement(asset, metric, day, source, value, batch, prev, days)
 *                              one row per (asset, metric, day, source);
 *                              day is days since 1970-01-01; days > 1: a
 *                              period total for days day … day + days − 1,
 *                              spread evenly over them by the decay
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

#define CC_ENGAGEMENT_VERSION 3

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
	uint64_t max_bytes;       /* largest file read, in bytes; 0 = cfg->engagement.max_bytes */
	const char *preset;       /* force this export preset (cc_presets); NULL = detect */
	const char *asset;        /* the asset of a file with no page column; NULL = none */
	const char *data;         /* the file's bytes (a committed blob); NULL = read path */
	size_t len;
	bool committed;           /* store into the index's c_ tables (cc_engagement_committed_update) */
	bool has_period;          /* the period a dateless file covers: */
	int64_t period_start, period_end; /* days since the epoch, inclusive */
};

struct cc_ingest_stats {
	size_t rows;      /* data records read (header excluded) */
	size_t values;    /* measurements in the good, matched rows */
	size_t stored;    /* measurements new to the database */
	size_t replaced;  /* measurements that changed an earlier value */
	size_t unchanged; /* measurements equal to what was stored */
	size_t unknown;   /* records naming no known asset (kept in eng.unmatched) */
	size_t bad;       /* records rejected */
	size_t totals;    /* "Total" rows of a preset, skipped (not in rows) */
	bool wide;        /* the file has the wide shape (one column per metric) */
	const char *preset; /* the preset used (static), NULL for the generic shapes */
	int64_t period_start, period_end; /* a dateless file's period; 0, 0 when dated */
	bool committed;   /* something was written */
};

/*
 * Imports an analytics export into the attached engagement database, in
 * one transaction: a vendor export a preset recognises (preset.h; GA4,
 * GA4 BigQuery as CSV or JSON lines, Plausible, Search Console, Matomo,
 * HubSpot), or the generic long shape date,asset,metric,value or wide
 * shape date,asset,METRIC… (see docs/relevance.md). A file without a date
 * column covers a period (opts, else its preamble) and is stored as period
 * totals. Assets are matched against db's assets by slug, repository path,
 * path relative to cfg->dir, URL, or URL path.
 *
 * Every bad record or header is added to bad (path:line, rule "bad-row"
 * or "bad-header"); warnings to warn: every unknown asset name once (rule
 * "unknown-asset", with its first line and row count), ignored columns,
 * rows dated after today, a gauge given twice. Returns 0 when the import
 * was stored, 1 when bad rows made it fail (nothing stored) without
 * skip_bad, or -1 with cc_error on a file or database error (nothing
 * stored).
 */
int cc_engagement_ingest(struct cc_db *db, const struct cc_config *cfg, const char *path,
			 const struct cc_ingest_options *opts, struct cc_ingest_stats *stats,
			 struct cc_problems *bad, struct cc_problems *warn);

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
 * Parses a value cell: a finite number >= 0 and at most CC_MAX_VALUE
 * (surrounding blanks, thousands separators and a trailing % allowed).
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

/* Where an asset's figures come from, for --explain. */
struct cc_engagement_source {
	char *metric;
	char *source;    /* the --source name */
	int64_t days;    /* 1: daily figures; n > 1: one period total of n days */
	int64_t first, last; /* first and last day covered (days since the epoch) */
	size_t rows;     /* daily figures: how many days hold data */
	double total;    /* Σ of the stored values */
};

/*
 * The figures of the asset at repository path with day <= as_of, grouped
 * by metric and source: daily figures as one entry, each period total as
 * its own. Sets *out (free with cc_engagement_sources_free) and *n; 0, or
 * -1 with cc_error.
 */
int cc_engagement_sources(struct cc_db *db, const char *path, int64_t as_of,
			  struct cc_engagement_source **out, size_t *n);
void cc_engagement_sources_free(struct cc_engagement_source *v, size_t n);

/* A committed export in the indexed tree. */
struct cc_committed_file {
	char *path;    /* repository path */
	char oid[41];  /* blob id, hex */
};

/* Where a committed export's bytes come from (index.c: git's object store). */
struct cc_blob_source {
	/* The bytes of f's blob, valid until done(*handle); -1 when it cannot be read. */
	int (*read)(void *arg, const struct cc_committed_file *f, const void **data, size_t *len, void **handle);
	void (*done)(void *handle);
	void *arg;
};

/*
 * Brings the index's committed engagement (tables c_engagement, c_assets,
 * c_unmatched, c_files, c_problems, c_meta, c_metrics: the engagement
 * tables' shape, in the index, because they derive from git) up to date
 * with files (sorted by path): a file whose blob and asset fingerprint are
 * those read last time is not read again; a changed one is read again with
 * the ingest parser (source "git:PATH"); a removed one is forgotten. Must
 * run inside the index's transaction, after the assets are written. Every
 * committed export's problems (bad rows: errors; unknown assets: warnings)
 * are appended to problems; a bad export stores nothing of itself and
 * never stops the others. *reread counts the files read. 0, or -1 with
 * cc_error on a database or repository error.
 */
int cc_engagement_committed_update(struct cc_db *db, const struct cc_config *cfg,
				   const struct cc_blob_source *blobs, const struct cc_committed_file *files,
				   size_t n, struct cc_problems *problems, size_t *reread);

/* true when the index holds committed engagement tables. */
bool cc_engagement_committed_present(struct cc_db *db);
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
