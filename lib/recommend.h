/*
 * recommend.h — the best assets for a buyer (persona at a stage) now, the
 * next stage's, and for an empty cell the nearest stage's: the model that
 * `contentcal recommend` and `serve`'s /api/recommend print (render.h).
 *
 * A cell holds the assets of persona × stage (× topic) that the offer
 * policy shows (lifecycle.h), ranked by w_relevance × percentile/100 +
 * w_fresh × freshness (search.weights), then engagement score, then path.
 */
#ifndef CC_RECOMMEND_H
#define CC_RECOMMEND_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "db.h"
#include "intent.h"
#include "lifecycle.h"
#include "query.h"
#include "relevance.h"
#include "render.h"

struct cc_recommend_cell {
	const char *stage;     /* borrowed from the config; NULL for an unused cell */
	struct cc_rows rows;
	struct cc_pick *picks; /* best first */
	size_t n;
	size_t left_out;       /* stale or expired, not shown */
};

struct cc_recommend_options {
	const char *persona, *stage, *topic; /* canonical; topic may be NULL */
	int64_t as_of;
	enum cc_offer offer;
	bool lean;                           /* rows without front matter (text output) */
	const struct cc_relevance_set *rel;  /* may be NULL */
};

struct cc_recommend {
	struct cc_recommend_cell now, next, near;
	const char *next_stage; /* NULL at the last stage */
	struct cc_intent_set intent; /* the intent assets the rows point at (intent.h) */
};

/*
 * Fills *out (release with cc_recommend_release, also after a failure).
 * o->stage must be a configured stage. Returns 0 or -1 with cc_error.
 */
int cc_recommend_compute(struct cc_recommend *out, struct cc_db *db, const struct cc_config *cfg,
			 const struct cc_recommend_options *o);
void cc_recommend_release(struct cc_recommend *r);

/* The renderers' view of r, limit picks per list. Borrows r and o. */
void cc_recommend_view_of(struct cc_recommend_view *out, const struct cc_recommend *r,
			  const struct cc_recommend_options *o, long limit);

#endif
