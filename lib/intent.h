/*
 * intent.h — intent assets: content that signals a buyer is ready
 * (docs/influence.md, "Intent assets").
 *
 * An asset is an intent asset when it is declared (front matter
 * `intent: true`) and/or measured: at some funnel stage S the opportunities
 * that consumed it reached the next stage within influence.progression_days
 * clearly more often than those that did not (cc_nurture_compute: both
 * samples at least influence.min_sample, the consumers' 95% Wilson interval
 * entirely above the others'). This is the one place that rule is applied
 * per asset; search, recommend and the sales library mark what it yields
 * (the "intent" key of cc_asset_json, render.h).
 *
 * Measuring reads the whole CRM database (and the declarations every
 * asset's fields), so the set is kept in the index (table intent_cache, one
 * row) keyed by the index run, the CRM data version (cc_crm_version;
 * "none" without CRM data, when only declarations count), the as-of day
 * and the config's blob id.
 */
#ifndef CC_INTENT_H
#define CC_INTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cc_db;
struct cc_config;
struct cc_rows;

struct cc_intent {
	int64_t id;         /* the asset's index id */
	bool declared;      /* front matter intent: true (or yes) */
	bool measured;      /* a clear stage-progression lift at some stage */
	bool figures;       /* stage, next, lift and ci are set */
	char *stage, *next; /* the stage the figures are for, and the next one */
	double lift;        /* k1/n1 - k0/n0: the consumers' rate minus the others' */
	double ci[2];       /* [lo1 - hi0, hi1 - lo0] (Wilson bounds); measured: ci[0] > 0 */
	size_t n1, n0;      /* the two sample sizes */
};

/* The intent assets (declared or measured), sorted by id. */
struct cc_intent_set {
	struct cc_intent *v;
	size_t n;
};

/*
 * Fills out with every asset that is declared or measured as of as_of
 * (measured only when the CRM database is attached as "crm"). The figures
 * of a measured asset are those of its stage with the largest lift; of a
 * declared asset not measured, those of its stage with the largest lower
 * bound among stages with both samples at least min_sample (none when no
 * stage has). Returns 0, or -1 with cc_error; out is always safe to release.
 */
int cc_intent_compute(struct cc_intent_set *out, struct cc_db *db, const struct cc_config *cfg, int64_t as_of);
void cc_intent_set_release(struct cc_intent_set *s);

/* The entry for asset id, or NULL. */
const struct cc_intent *cc_intent_find(const struct cc_intent_set *s, int64_t id);

/* Points each row's intent at its entry in s (NULL when none); s must outlive rows. */
void cc_intent_mark(struct cc_rows *rows, const struct cc_intent_set *s);

/* "measured", "declared" or "declared, measured". */
const char *cc_intent_label(const struct cc_intent *i);

#endif
