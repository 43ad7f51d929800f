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
#include "query.h"

/* Whether an asset may be offered to a seller as of a day. */
enum cc_serve_offer {
	CC_SERVE_LIVE,        /* published, live, fresh: offered */
	CC_SERVE_STALE,       /* published and live but past review-by or not revised within fresh_days */
	CC_SERVE_EXPIRED,     /* published, expiry date passed */
	CC_SERVE_UNPUBLISHED, /* not published (or published with a future date, or retired) */
};

struct cc_verdict {
	enum cc_serve_offer offer;
	const char *badge;  /* "fresh", "stale", "expired", "unpublished", "scheduled" (static) */
	char reason[160];   /* a plain sentence when not offered; "" when live */
	int64_t review_by;  /* days since the epoch; INT64_MIN when none */
	int64_t updated;    /* last revision day (git, else publish); INT64_MIN when unknown */
	int64_t publish;    /* publish day; INT64_MIN when unknown */
};

/* The verdict of row as of as_of (days since the epoch). */
void cc_serve_verdict(struct cc_verdict *out, const struct cc_config *cfg, const struct cc_row *r, int64_t as_of);

/* True when the row's front matter matches one of serve.internal's tests
 * (needs a row read with fields, not lean). */
bool cc_serve_internal(const struct cc_config *cfg, const struct cc_row *r);

/* Appends the share link of row (its public URL with the serve.utm
 * parameters) to out; nothing when the row has no URL. */
void cc_serve_share_link(struct cc_buf *out, const struct cc_config *cfg, const struct cc_row *r);

/* The asset object (the one `list --format json` prints). New reference. */
json_t *cc_serve_asset_json(const struct cc_row *r);

/*
 * The document `search QUERY --format json` prints for these hits and
 * rows (rows holds at least the hits' assets). New reference.
 */
json_t *cc_serve_search_json(const struct cc_config *cfg, const char *query, const struct cc_search_hits *hits,
			     const struct cc_rows *rows);

/* How the CLI dumps a JSON document: appended to out, with a final newline. */
void cc_serve_json_dump(struct cc_buf *out, const json_t *doc);

#endif
