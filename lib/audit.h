/*
 * audit.h — the content audit: one verdict per asset, with its reasons.
 *
 * For every indexed asset, as of a day:
 *
 *   redundant  its plain text is a near-duplicate of another asset's:
 *              shingle Jaccard at least audit.similarity (dupes.h finds the
 *              candidates without comparing all pairs; each is then
 *              measured exactly), each pair with its score
 *   outdated   stale or expired (the lifecycle rule, lifecycle.h: review-by
 *              passed, expired, not revised within coverage.fresh_days), or
 *              internal links that lead nowhere (links.h); external links
 *              are listed for checking by hand
 *   trivial    published, fewer than audit.min_words words, and no
 *              engagement within audit.window_days before as-of
 *   ratings    the average of eng.ratings (ingest --ratings) and the
 *              latest comments; an average of 2 or less is "poorly rated"
 *
 * Verdict, first that applies: retire (expired, or trivial), consolidate
 * (redundant), update (outdated or poorly rated), keep.
 */
#ifndef CC_AUDIT_H
#define CC_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "db.h"
#include "query.h"
#include "relevance.h"

enum cc_verdict { CC_VERDICT_KEEP, CC_VERDICT_UPDATE, CC_VERDICT_CONSOLIDATE, CC_VERDICT_RETIRE };

struct cc_audit_dupe {
	size_t row;   /* the other asset (index into rows) */
	double score; /* exact shingle Jaccard */
};

struct cc_audit_row {
	size_t row;                 /* index into the rows audited */
	enum cc_verdict verdict;
	struct cc_strlist reasons;  /* human-readable, most serious first */
	bool redundant, outdated, trivial, poorly_rated;
	char *stale;                /* why it is stale (lifecycle.h); NULL when not stale */
	bool expired;               /* the lifecycle state is expired */
	bool published;             /* live or expired */
	struct cc_audit_dupe *dupes;
	size_t ndupes, adupes;
	struct cc_strlist broken;   /* "URL (line N)" */
	struct cc_strlist external; /* URLs */
	double score;               /* relevance score (relevance.h); 0 without data */
	int64_t last_engagement;    /* day, -1 when none */
	bool engaged;               /* engagement within the window */
	int nratings;
	double rating_avg;
	struct cc_strlist comments; /* latest first, at most 3: "2026-10-01 who (4/5): text" */
};

struct cc_audit {
	const struct cc_rows *rows;
	struct cc_audit_row *v; /* one per row, in row order */
	size_t n;
	int64_t as_of;
	size_t pairs;           /* near-duplicate pairs found */
};

/*
 * Audits rows (every asset, in path order; lean is enough) as of as_of.
 * The asset texts come from db (asset_text); ratings from eng.ratings when
 * the engagement database is attached (ratings false: not read). rel may
 * be NULL. root is the work tree (for links). Returns 0 or -1 with
 * cc_error; release with cc_audit_release either way.
 */
int cc_audit_compute(struct cc_audit *out, struct cc_db *db, const struct cc_config *cfg, const char *root,
		     const struct cc_rows *rows, const struct cc_relevance_set *rel, bool ratings, int64_t as_of);
void cc_audit_release(struct cc_audit *a);

const char *cc_verdict_name(enum cc_verdict v);

/* Renderers. CSV columns: path,verdict,reasons, then the figures (docs/editors.md). */
void cc_audit_text(struct cc_buf *out, const struct cc_audit *a);
void cc_audit_csv(struct cc_buf *out, const struct cc_audit *a);
json_t *cc_audit_json(const struct cc_audit *a);

#endif
