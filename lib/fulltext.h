/*
 * fulltext.h — full-text search over the index with SQLite FTS5.
 *
 * The full-text source is asset_text(asset, title, summary, body), which
 * the indexer fills once full text is on (cc_index_update with
 * opts.full_text). assets_fts is an external-content FTS5 table over it
 * (content='asset_text', content_rowid='asset'), tokenised with
 * "porter unicode61 remove_diacritics 2": Unicode-aware word splitting,
 * accents folded (é = e), and English Porter stemming on top so that
 * "migrations" finds "migration" and "securing" finds "secure". Triggers on
 * asset_text keep it in sync, including deletes cascaded from assets.
 *
 * (Not "search.h": with -Ilib that name would shadow the C library's
 * <search.h>, which lib/history.c uses.)
 *
 * Ranking: text = −bm25(assets_fts, 10, 4, 1) (title over summary over
 * body), normalised by the best match of the query to 0–1; relevance =
 * the asset's percentile / 100 (lib/relevance.h); freshness =
 * cc_lifecycle_freshness_score() (lifecycle.h). score =
 * w_text × text + w_relevance × relevance + w_fresh × freshness, weights
 * from search.weights (defaults 1, 0.3, 0.2). See docs/relevance.md.
 */
#ifndef CC_FULLTEXT_H
#define CC_FULLTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asset.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "lifecycle.h"
#include "relevance.h"

/*
 * Creates assets_fts and its triggers when missing and fills it from
 * asset_text (then it is kept current by the triggers). Returns 0, or -1
 * with cc_error set.
 */
int cc_search_ensure(struct cc_db *db);

/*
 * Translates a user query into an FTS5 expression, appended to out.
 * Syntax: words (all must match), "a phrase", -word or -"phrase" (must not
 * match), prefix* (prefix match), title:word, summary:word, body:word (also
 * with a phrase or prefix). Every term is quoted as an FTS5 string, so
 * operators and punctuation in the input are only ever text; OR, AND, NOT
 * and NEAR are words. A column name other than title, summary and body
 * makes "name:word" an ordinary term. Returns the number of positive
 * terms, or -1 with cc_error set when nothing would be searched for (an
 * empty query, or only excluded words) or when the query has more than
 * CC_SEARCH_MAX_TERMS terms (FTS5's time grows with the square of the
 * number of terms: 100000 took 9 s); out is then unchanged.
 */
#define CC_SEARCH_MAX_TERMS 100

int cc_search_translate(const char *query, struct cc_buf *out);

struct cc_search_options {
	const char *query;
	const char *tags[CC_DIM_COUNT]; /* canonical filter values, or NULL */
	enum cc_offer offer; /* which assets a match may be (lifecycle.h); CC_OFFER_FRESH by default */
	long limit;        /* <= 0: 10 */
	int64_t as_of;     /* days since the epoch */
};

struct cc_search_hit {
	int64_t id;
	double bm25;       /* as FTS5 returns it: lower is better */
	double text;       /* −bm25 / best −bm25 of this query, 0–1 */
	double relevance;  /* percentile / 100 */
	double fresh;      /* 0–1 */
	double score;      /* the blend */
	char *snippet;     /* matched words between \x01 and \x02 */
	struct cc_lifecycle lc; /* the asset as of the search's as-of day */
};

struct cc_search_hits {
	struct cc_search_hit *v;
	size_t n, alloc;
	size_t total;      /* matches shown before the limit */
	size_t left_out;   /* published matches left out because they are stale or expired */
};

/*
 * Runs a search; hits are sorted best first. Which matches are shown is
 * o->offer applied to each match's lifecycle: by default only assets that
 * are offered to sales (live and fresh); out->left_out counts the stale and
 * expired ones that were not shown. Needs the engagement database attached
 * (relevance.h). What a match needs besides its text score (relevance
 * percentile, freshness, offered or not) is every asset's prior as of
 * o->as_of, kept in the index (tables search_priors and search_prior_chunks,
 * created on first use) keyed by the index run (meta "run"), the engagement data
 * version, the CRM data version when relevance is fed by influence
 * (cc_crm_version), the as-of day and the config's blob id, so a repeated search
 * reads the chunks of its matches instead of every asset, its history and its engagement.
 * The results are those of computing everything afresh (dropping the table).
 * Returns 0 or -1 with cc_error.
 */
int cc_search_run(struct cc_db *db, const struct cc_config *cfg, const struct cc_search_options *o,
		  struct cc_search_hits *out);
/*
 * Makes sure the stored priors of o->as_of describe the index and the
 * data now (computing and storing them when not), so that searches through
 * read-only connections (serve's request threads, which cannot store them)
 * read them instead of recomputing every asset's prior per request.
 * db must be writable. Returns 0 or -1 with cc_error.
 */
int cc_search_warm(struct cc_db *db, const struct cc_config *cfg, int64_t as_of);

void cc_search_hits_release(struct cc_search_hits *hits);

/* The ranking blend: w_text × text + w_relevance × relevance + w_fresh ×
 * fresh, weights from search.weights. */
double cc_search_blend(const struct cc_config *cfg, double text, double relevance, double fresh);

#endif
