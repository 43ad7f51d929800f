/*
 * activity.h — what sellers searched for and shared, recorded by `serve`.
 *
 * Activity is primary data (git cannot rebuild it), like engagement: it
 * lives in its own SQLite file beside the index (cc_activity_path), marked
 * with PRAGMA application_id CC_ACTIVITY_APP_ID and its own user_version,
 * and is never dropped or rebuilt. A file that is not a contentcal activity
 * file, or a newer one, is never written to: opening fails.
 *
 * No IP address, user name, cookie or header is ever stored: a search is
 * its normalised query, the filters, the result count and the time; a
 * share is the asset and the time.
 *
 * Tables (documented in docs/serve.md):
 *   searches(id, at, day, query, persona, stage, topic, format, results, fallback, source)
 *       at: Unix seconds; day: days since 1970-01-01 (UTC); filters are
 *       the canonical values, comma-separated when several; source is
 *       "search" or "buyer"
 *   shares(id, at, day, path, slug)
 *
 * Writes are queued (cc_activity_queue_*, any thread) and written by
 * cc_activity_flush in one transaction, so a request never waits for the
 * disk and a kill loses at most the queue, never the file.
 */
#ifndef CC_ACTIVITY_H
#define CC_ACTIVITY_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define CC_ACTIVITY_APP_ID 0x63634163 /* "ccAc" */
#define CC_ACTIVITY_VERSION 1

/* The activity file for an index at index_path: "activity.db" beside
 * "index.db", "activity-X.db" beside "index-X.db", else the index path with
 * ".db" replaced by "-activity.db". Returns a new string. */
char *cc_activity_path(const char *index_path);

struct cc_activity_search {
	char *query;   /* normalised: lower case, stop words out, single spaces */
	char *persona, *stage, *topic, *format; /* NULL when not filtered */
	long results;
	bool fallback; /* any-word matching was used */
	const char *source; /* "search" or "buyer" (static) */
};

struct cc_activity;

/*
 * Opens (creating when missing) the activity file at path. readonly opens
 * an existing file for reading only (demand). Returns 0, or -1 with
 * cc_error set: not an activity file, newer version, cannot open.
 */
int cc_activity_open(struct cc_activity **out, const char *path, bool readonly);
void cc_activity_close(struct cc_activity *a);

/* Queue one search / one share (copies everything). Thread-safe; never
 * touches the disk. At most 100000 events wait; more are dropped and
 * counted. */
void cc_activity_queue_search(struct cc_activity *a, const struct cc_activity_search *s, int64_t at);
void cc_activity_queue_share(struct cc_activity *a, const char *path, const char *slug, int64_t at);

/* Writes the queued events in one transaction. Returns the number written,
 * or -1 with cc_error (the events stay queued). One thread at a time. */
long cc_activity_flush(struct cc_activity *a);

/* Events dropped because the queue was full. */
size_t cc_activity_dropped(struct cc_activity *a);

/* The database, for the demand queries. */
struct cc_db *cc_activity_db(struct cc_activity *a);

/* ---- demand: what sellers looked for and did not find ---- */

struct cc_demand_options {
	int64_t since;   /* first day counted (days since the epoch); INT64_MIN = all */
	long weak;       /* a search with fewer results than this is weak; default 3 */
	long limit;      /* rows per list; <= 0 = 20 */
	int64_t until;   /* last day counted (days since the epoch); 0 = no bound */
};

/*
 * The demand report as one JSON object (documented in docs/serve.md):
 * {"since", "searches", "shares", "unmet": [{query, persona, stage, topic,
 * format, searches, zero, best_results, last}], "cells": [{persona, stage,
 * asked}], "shared": [{path, slug, shares, last}]}. cells lists the
 * persona x stage pairs asked for (buyer page, or search filters) that had
 * no result. New reference, or NULL with cc_error.
 */
json_t *cc_demand_compute(struct cc_db *db, const struct cc_demand_options *o);

/*
 * Share counts per asset and day as engagement rows, CSV with the header
 * "asset,date,metric,value" (metric "shares"), appended to out: a file
 * `ingest` or engagement.files reads. Returns 0 or -1 with cc_error.
 */
struct cc_buf;
int cc_demand_csv(struct cc_db *db, const struct cc_demand_options *o, struct cc_buf *out);

#endif
