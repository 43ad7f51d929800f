/*
 * serve_model.h — everything `serve` asks of the model, in one place: is
 * an asset offered to sales (and if not, why), is it internal only, what is
 * its share link, and the JSON the /api routes print (the CLI's JSON).
 *
 * The web server decides nothing about assets by itself: a page or an API
 * route asks here, and here asks the library's rules (gaps.h for the
 * status classes and the stale rule, query.h for the asset object).
 */
#ifndef CC_SERVE_MODEL_H
#define CC_SERVE_MODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "fulltext.h"
#include "lifecycle.h"
#include "query.h"

/* Whether an asset may be offered to a seller as of a day. */
enum cc_serve_offer {
	CC_SERVE_LIVE,        /* offered (lifecycle: live and fresh) */
	CC_SERVE_STALE,       /* live but stale: past review-by, not revised within fresh_days, undated */
	CC_SERVE_EXPIRED,     /* published, expiry date passed */
	CC_SERVE_UNPUBLISHED, /* planned, scheduled, retired or invalid */
};

struct cc_verdict {
	struct cc_lifecycle lc; /* the library's verdict (lifecycle.h): the one rule */
	enum cc_serve_offer offer;
	const char *badge;  /* "fresh", "stale", "expired", "scheduled", "unpublished" (static) */
	char reason[200];   /* a plain sentence when not offered; "" when offered */
	int64_t review_by;  /* days since the epoch; CC_NO_DAY when none */
	int64_t updated;    /* last revision day; CC_NO_DAY when unknown */
	int64_t publish;    /* publish day; CC_NO_DAY when unknown */
	double fresh;       /* freshness score 0–1 (cc_lifecycle_freshness_score) */
};

/* The verdict of row as of as_of (days since the epoch), from cc_lifecycle_of. */
void cc_serve_verdict(struct cc_verdict *out, const struct cc_config *cfg, const struct cc_row *r, int64_t as_of);

/* True when the row's front matter matches one of serve.internal's tests
 * (needs a row read with fields, not lean). */
bool cc_serve_internal(const struct cc_config *cfg, const struct cc_row *r);

/* Appends the share link of row (its public URL with the serve.utm
 * parameters) to out; nothing when the row has no URL. */
void cc_serve_share_link(struct cc_buf *out, const struct cc_config *cfg, const struct cc_row *r);

#endif
