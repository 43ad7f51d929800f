/*
 * sales.h — the sales library behind `serve`: a snapshot of the index
 * (every asset with its verdict, relevance and trend, built once per index
 * run) and the seller's search over it.
 *
 * A snapshot is immutable once built and shared by every request thread;
 * the server swaps in a new one after each index run (readers keep the one
 * they started with).
 *
 * The seller's search (docs/serve.md):
 *   - the query is split into words (letters, digits, '-', and any
 *     non-ASCII byte); ASCII is lower-cased;
 *   - a word, or two neighbouring words joined by '-', that names a
 *     persona, stage, topic or format (or an alias of one) becomes a
 *     filter of that facet and leaves the text query ("cfo", "bofu");
 *   - stop words ("the", "for", "what", …) are ignored;
 *   - the remaining words must all match (FTS5, stemmed, over title,
 *     summary and body); when none match every word and there are two or
 *     more, any-word matching ranks instead and `fallback` says so;
 *   - facets: OR within a facet, AND across facets; each count is the
 *     number of results with that value under the other facets' filters;
 *   - stale, expired and unpublished assets are left out (and counted in
 *     `withheld`) unless include_stale, which keeps them, marked.
 * Sorts: relevance (the search blend of fulltext.h: w_text × text +
 * w_relevance × relevance percentile + w_fresh × freshness; text is 0
 * with no text query), popularity (the relevance score: weighted, decayed
 * engagement), trending (weighted engagement of the last 14 days minus the
 * 14 days before), newest (publish day).
 */
#ifndef CC_SALES_H
#define CC_SALES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "db.h"
#include "query.h"
#include "relevance.h"
#include "serve_model.h"

/*
 * The facets: every dimension the config declares and the index keeps —
 * the tag dimensions, format, then the people (fields.owner, fields.author).
 * The vocabulary facets (persona to format) take canonical values or
 * aliases and are named by query words; the people facets take names as
 * written (compared ignoring ASCII case) and are never named by query words.
 */
enum {
	CC_FACET_PERSONA,
	CC_FACET_STAGE,
	CC_FACET_TOPIC,
	CC_FACET_FORMAT,
	CC_FACET_OWNER,
	CC_FACET_AUTHOR,
	CC_NFACETS
};
#define CC_NVOCAB_FACETS CC_FACET_OWNER

const char *cc_facet_name(int f);

struct cc_sales_asset {
	const struct cc_row *row;
	struct cc_verdict verdict;
	bool internal;
	double percentile;  /* 0–100; 0 without data */
	bool has_data;
	double popularity;  /* relevance score */
	double recent, prior; /* weighted engagement, last 14 days and the 14 before */
	double fresh;       /* 0–1 */
};

struct cc_sales {
	struct cc_rows rows;          /* every asset, with fields */
	struct cc_sales_asset *a;     /* one per row, same order (sorted by id) */
	size_t n;
	size_t *by_slug;              /* indices into a, sorted by slug */
	int64_t as_of;
	char *revision;               /* indexed revision; "" when unknown */
	char *eng_version;            /* engagement data version; "" when none */
	char *run;                    /* the index run (meta "run") rows are of; "" when unsure */
	struct cc_relevance_set rel;  /* relevance as of as_of (for /api/search) */
	struct cc_intent_set intent;  /* intent assets (intent.h); rows point into it */
};

/* Builds a snapshot from db (engagement attached) as of as_of. Returns 0
 * or -1 with cc_error. */
int cc_sales_build(struct cc_sales **out, struct cc_db *db, const struct cc_config *cfg, int64_t as_of);
void cc_sales_free(struct cc_sales *s);

/* The asset with this id, or NULL. */
const struct cc_sales_asset *cc_sales_find_id(const struct cc_sales *s, int64_t id);

/* The asset with this slug, or NULL. */
const struct cc_sales_asset *cc_sales_find(const struct cc_sales *s, const char *slug);

enum cc_sales_sort { CC_SORT_RELEVANCE, CC_SORT_POPULARITY, CC_SORT_TRENDING, CC_SORT_NEWEST };
extern const char *const cc_sales_sort_names[]; /* NULL-terminated, in enum order */

struct cc_sales_query {
	const char *q;                       /* may be NULL or empty */
	struct cc_strlist want[CC_NFACETS];  /* ticked values (canonical or alias) */
	enum cc_sales_sort sort;
	bool include_stale;
	long limit;                          /* <= 0: 20 */
	long offset;
};

struct cc_facet_count {
	char *value;
	size_t count;
	bool selected;
};

struct cc_sales_hit {
	size_t asset;       /* index into snapshot a */
	double text, score;
	char *snippet;      /* the summary with \x01 \x02 around matched words; NULL
			     * without a text query or when the summary has none */
};

struct cc_sales_result {
	struct cc_sales_hit *v; /* the page */
	size_t n, alloc;
	size_t total;           /* results before the page cut */
	size_t withheld;        /* matches left out as stale, expired or unpublished */
	bool fallback;          /* any-word matching */
	char *normalised;       /* the words searched: lower case, stop words out */
	struct cc_strlist from_query[CC_NFACETS]; /* facet values named in the query */
	struct cc_strlist ignored;                /* stop words dropped */
	struct cc_strlist selected[CC_NFACETS];   /* every filter applied (canonical) */
	struct cc_facet_count *facets[CC_NFACETS];
	size_t nfacets[CC_NFACETS];
};

/*
 * Runs a seller's search on snapshot s, with db for the full-text part
 * (read-only use). Returns 0 or -1 with cc_error; out is filled either way
 * (release it).
 */
int cc_sales_search(struct cc_sales_result *out, const struct cc_sales *s, struct cc_db *db,
		    const struct cc_config *cfg, const struct cc_sales_query *q);
void cc_sales_result_release(struct cc_sales_result *r);
void cc_sales_query_release(struct cc_sales_query *q);

/* The stage after stage in the config's funnel, or NULL (last, unknown). */
const char *cc_sales_next_stage(const struct cc_config *cfg, const char *stage);

/* True for the words the seller's search ignores. */
bool cc_sales_stop_word(const char *w);

#endif
