/*
 * relevance.h — engagement-weighted relevance, explainable and fair across
 * funnel stages.
 *
 * For every indexed asset, as of a day:
 *
 *   raw score = Σ_metric weight(metric) × Σ_day value × 2^(−age_days / half_life_days)
 *
 * where age_days = as_of − day and days after as_of are ignored. Weights and
 * the half-life come from the config's engagement section; a metric with no
 * configured weight has weight 0 (it is still listed among the terms, with
 * weighted = false, so --explain shows what was left out).
 *
 * The score is then turned into a percentile (0–100) within the asset's
 * peer group (engagement.group_by: its first stage, or first stage and
 * format, …) when that group holds at least engagement.min_sample assets
 * with data; otherwise within all assets with data, and `fallback` says so.
 * Percentile = 100 × (assets below + (ties − 1) / 2) / (group size − 1):
 * the best asset of a group is 100, the worst 0, ties share the mid-rank, a
 * group of one is 100. Assets without engagement data up to as_of have
 * score 0 and percentile 0 and has_data false. See docs/relevance.md.
 *
 * Needs the engagement database attached (cc_engagement_attach).
 */
#ifndef CC_RELEVANCE_H
#define CC_RELEVANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "db.h"
#include "problem.h"

struct cc_relevance_term {
	char *metric;
	double raw;          /* Σ values up to as_of */
	double decayed;      /* Σ value × 2^(−age/half_life) */
	double weight;       /* from the config; 0 when unweighted */
	double contribution; /* weight × decayed */
	bool weighted;       /* the metric has a configured weight */
};

struct cc_relevance {
	int64_t id;          /* assets.id in the index */
	char *path;
	double score;        /* Σ contributions */
	double percentile;   /* 0–100 within the group used */
	char *group;         /* the peer group's name, e.g. "decision" or "decision/datasheet" */
	bool fallback;       /* the group was too small: the percentile is within "all" */
	size_t group_size;   /* assets with data in the population the percentile uses */
	bool has_data;
	int64_t last_day;    /* latest day with data (days since epoch); -1 when none */
	struct cc_relevance_term *terms;
	size_t nterms;
};

struct cc_relevance_set {
	struct cc_relevance *v; /* sorted by id */
	size_t n, alloc;
	int64_t as_of;
};

/*
 * Computes relevance for every asset in the index as of as_of (days since
 * the epoch). out must be zeroed; release with cc_relevance_set_release.
 * Returns 0 or -1 with cc_error set.
 *
 * The per-(asset, metric) sums come from a cache in the index (tables
 * relevance_cache and relevance_sums, created on first use): a slot holds
 * the raw sums and the sums decayed to a reference day ref — the latest
 * data day up to the as-of day it was built for — and serves every as-of
 * day in [ref, next data day), where decayed(as_of) = decayed(ref) ×
 * 2^(−(as_of − ref)/half_life): one multiplication, no scan. For the
 * usual as-of on or after the latest data day that range is open-ended; a
 * history view (as-of inside the data) gets its own slot. A slot is keyed
 * by the engagement data version (cc_engagement_version) and the
 * half-life: any import that changes a measurement, or a new half-life,
 * makes the next call scan exactly once and store a new slot (at most 4
 * are kept). Weights are applied after the cache, so they are not part of
 * the key. Writing the cache never waits for a lock and never fails the
 * call: a locked or read-only index only costs a scan.
 */
int cc_relevance_compute(struct cc_db *db, const struct cc_config *cfg, int64_t as_of,
			 struct cc_relevance_set *out);

/* The same, by the exact scan of the engagement table, without reading or
 * writing the cache (for tests and comparisons). */
int cc_relevance_compute_exact(struct cc_db *db, const struct cc_config *cfg, int64_t as_of,
			       struct cc_relevance_set *out);
void cc_relevance_set_release(struct cc_relevance_set *set);

/* The entry for an asset id, or NULL. */
const struct cc_relevance *cc_relevance_find(const struct cc_relevance_set *set, int64_t id);

/* 2^(−age_days / half_life_days); 1 for age 0. */
double cc_relevance_decay(double age_days, double half_life_days);

/* The weight configured for a (cleaned) metric name; -1 when none. */
double cc_relevance_weight(const struct cc_config *cfg, const char *metric);

/*
 * Fills percentile, group, fallback and group_size of set's entries from
 * their scores and the group keys given (one per entry, same order; NULL
 * = no group value). Exposed for tests; cc_relevance_compute calls it.
 */
void cc_relevance_rank(struct cc_relevance_set *set, char **groups, int min_sample);

/*
 * Adds a warning (rule "unweighted-metric", at path) to out for every metric
 * holding engagement data whose weight is 0 because none is configured and
 * it is no canonical count (gauges never count, so they are not reported),
 * from the attached engagement file and the committed exports, whichever
 * are present. Returns 0, or -1 with cc_error.
 */
int cc_relevance_check_weights(struct cc_db *db, const struct cc_config *cfg, const char *path,
			       struct cc_problems *out);

#endif
