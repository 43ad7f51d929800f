/*
 * influence.h — pipeline influence: how the content touches of an account
 * share out each opportunity's amount, under the models of
 * docs/influence.md.
 *
 * Two layers. The model layer (cc_influence_positions, cc_influence_credit)
 * is pure: one journey (the counted touches of one opportunity, in order)
 * in, one credit per touch out, in integer cents that add up to exactly the
 * amount. The report layer (cc_influence_compute) reads the CRM database
 * (crm.h, attached as schema "crm"), builds every opportunity's journey and
 * adds the credits up per asset, per cell, or for one asset touch by touch
 * (explain). Renderers write a result as text, JSON or CSV.
 */
#ifndef CC_INFLUENCE_H
#define CC_INFLUENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "db.h"
#include "problem.h"

enum cc_model {
	CC_MODEL_FIRST,  /* first-touch: FT 100% */
	CC_MODEL_LAST,   /* last-touch: OC 100% */
	CC_MODEL_LEAD,   /* lead-creation: LC 100% */
	CC_MODEL_LINEAR, /* every counted touch equally */
	CC_MODEL_U,      /* FT 40, LC 40, between 20 */
	CC_MODEL_W,      /* FT 30, LC 30, OC 30, between 10 */
	CC_MODEL_FULL,   /* FT, LC, OC, CW 22.5 each, between 10 */
	CC_MODEL_DECAY,  /* touches up to OC, weight 2^(-days before OC / half-life) */
	CC_MODEL_CUSTOM, /* influence.weights from the config */
	CC_MODEL_COUNT
};

/* "first-touch", "last-touch", … "custom"; NULL when out of range. */
const char *cc_model_name(int m);
/* The model named s, or -1. */
int cc_model_parse(const char *s);

enum { CC_POS_FT, CC_POS_LC, CC_POS_OC, CC_POS_CW, CC_POS_COUNT };

/* One opportunity's counted touches, as the models see them. */
struct cc_journey {
	const int64_t *day; /* touch days (days since 1970-01-01), ascending; n of them */
	size_t n;
	int64_t created;    /* opportunity creation day */
	int64_t lead;       /* earliest creation day of its contacts; INT64_MIN when unknown */
	bool won;           /* closed won (as of the report date) */
	int64_t amount;     /* cents, >= 0 */
};

struct cc_model_params {
	double half_life_days; /* time decay; > 0 */
	double custom[5];      /* first, lead, opportunity, won, between; sum > 0 */
};

/*
 * The positions of a journey (touch indexes, -1 when missing): FT the
 * first touch; LC the last touch on or before the lead day (FT when the
 * lead day is unknown or precedes every touch); OC the last touch on or
 * before the creation day (missing when every touch comes after it); CW
 * for a won opportunity the last touch of the journey (missing otherwise).
 * All missing when n is 0.
 */
void cc_influence_positions(const struct cc_journey *j, long pos[CC_POS_COUNT]);

/* Scratch memory for cc_influence_credit; zero-initialise, release when done. */
struct cc_credit_work {
	uint64_t *w, *rem;
	uint32_t *idx;
	size_t alloc;
};
void cc_credit_work_release(struct cc_credit_work *w);

/*
 * Shares j->amount out over j's touches under model m: credit[i] (cents)
 * for touch i, adding up to exactly j->amount when j->n > 0 (remainder
 * cents go to the largest fractional shares, ties to the earlier touch).
 * share[i], when share is not NULL, is set to whether touch i has a
 * share above zero (so opportunities of amount 0 still count). The rules
 * for coinciding and missing positions are those of docs/influence.md.
 */
void cc_influence_credit(int64_t *credit, bool *share, const struct cc_journey *j, int m,
			 const struct cc_model_params *p, struct cc_credit_work *work);

/* ---- the report ---- */

enum cc_influence_by { CC_BY_ASSET, CC_BY_PERSONA_STAGE, CC_BY_TOPIC, CC_BY_FORMAT };

struct cc_influence_options {
	int64_t since;     /* opportunities created on or after; INT64_MIN = all */
	int64_t as_of;     /* report day: later touches and opportunities do not exist yet */
	bool models[CC_MODEL_COUNT];
	int by;            /* enum cc_influence_by */
	const char *explain; /* an asset name (slug, path, URL): the explain result; NULL = none */
};

struct cc_influence_row {
	char *key;  /* asset path, or the cell ("persona × stage", topic, format) */
	char *key2; /* persona-stage: the stage; else NULL */
	int64_t opps[CC_MODEL_COUNT];     /* opportunities it has a share of */
	int64_t pipeline[CC_MODEL_COUNT]; /* cents */
	int64_t revenue[CC_MODEL_COUNT];  /* cents, won opportunities */
};

struct cc_explain_touch {
	int64_t day;
	const char *asset; /* path, borrowed from the result */
	unsigned positions; /* bit CC_POS_* set for each position the touch holds */
	int64_t credit[CC_MODEL_COUNT];
};

struct cc_explain_opp {
	char *id;
	int64_t amount, created, close; /* close: -1 while open */
	bool won, lost;
	struct cc_explain_touch *touches;
	size_t n;
};

struct cc_influence_result {
	bool models[CC_MODEL_COUNT];
	int by;
	struct cc_influence_row *rows; /* sorted by key (key2) */
	size_t n;
	size_t opportunities;  /* created in the window */
	size_t influenced;     /* of those, with at least one counted touch */
	int64_t pipeline, revenue; /* cents: every influenced opportunity / the won ones */
	int64_t since, as_of;
	char *explain_asset;   /* the explained asset's path, or NULL */
	struct cc_explain_opp *explain;
	size_t nexplain;
	char **paths;          /* crm asset paths, owned */
	size_t npaths;
	const char *source;    /* cc_influence_load: "crm", "committed", or NULL (no data) */
};

/*
 * Computes influence from the attached CRM database (schema "crm") with
 * the index's assets for grouping. Returns 0, or -1 with cc_error (an
 * explain asset that names no asset is an error). out is always safe to
 * release.
 */
int cc_influence_compute(struct cc_influence_result *out, struct cc_db *db,
			 const struct cc_config *cfg, const struct cc_influence_options *o);
void cc_influence_result_release(struct cc_influence_result *r);

/* Renderers: append the result to b. */
void cc_influence_write_csv(struct cc_buf *b, const struct cc_influence_result *r);
void cc_influence_write_json(struct cc_buf *b, const struct cc_influence_result *r);
void cc_influence_write_text(struct cc_buf *b, const struct cc_influence_result *r);

/* Appends cents as a decimal amount ("1234.50"). */
void cc_buf_add_cents(struct cc_buf *b, int64_t cents);

/* ---- per-asset results read back (a warehouse's, committed) ---- */

/*
 * true when the first line of data is the header of per-asset results:
 * the columns asset, model, opportunities, pipeline and revenue (any case,
 * any order, others ignored) — what `influence --format csv` writes and
 * what a warehouse running bench/influence.sql exports.
 */
bool cc_influence_results_header(const char *data, size_t len);

/*
 * Reads per-asset results (file: the committed path, for the rows and the
 * problems) into the index table c_influence. Every bad row is an error
 * in bad (file:line:col), and then nothing of the file is kept; a row
 * naming no indexed asset is a warning in warn, and is left out of the
 * figures. Returns 0, 1 when the file has errors, or -1 with cc_error.
 */
int cc_influence_results_read(struct cc_db *db, const char *file, const char *data, size_t len,
			      struct cc_problems *bad, struct cc_problems *warn);

/*
 * Per-asset influence under one model, every opportunity created up to
 * as_of, for the feeds (relevance, the report): computed from the CRM
 * database when it is attached (source "crm"), else the committed results
 * (source "committed", several files adding up), else nothing (source
 * NULL, n 0). Rows are sorted by path. 0, or -1 with cc_error; out is
 * always safe to release.
 */
int cc_influence_load(struct cc_influence_result *out, struct cc_db *db, const struct cc_config *cfg,
		      int64_t as_of, int model);

/* ---- feeds ---- */

struct cc_relevance_set;
/*
 * Adds to every asset of set with influenced pipeline (influence.model,
 * default w-shaped; every opportunity created up to as_of; from
 * cc_influence_load: the CRM database, else committed results) a relevance
 * term "influenced-pipeline": raw = decayed = the pipeline in currency
 * units, weight influence.relevance_weight. A no-op unless the weight is
 * above 0 and there is influence data. 0, or -1 with cc_error.
 */
int cc_influence_feed(struct cc_db *db, const struct cc_config *cfg, int64_t as_of,
		      struct cc_relevance_set *set);

/* ---- the nurturing effect ---- */

/* Wilson score interval (95%, z = 1.96) of k successes in n; [0, 1] when n is 0. */
void cc_wilson(size_t k, size_t n, double *lo, double *hi);
/* The p-quantile (0..1) of sorted v[0..n) by linear interpolation (type 7); n > 0. */
double cc_quantile(const int64_t *v, size_t n, double p);

struct cc_velocity {
	char quarter[16]; /* "FY2026Q1" */
	size_t n;         /* opportunities created in the quarter with a touch before */
	double median, q1, q3; /* days from the first content touch to creation */
};

struct cc_progression {
	const char *asset; /* path, borrowed from the result */
	char *stage, *next; /* the funnel stage S and the next one */
	size_t n1, k1;      /* opportunities at S that consumed the asset, and reached next in N days */
	size_t n0, k0;      /* those that did not */
	double lo1, hi1, lo0, hi0; /* Wilson intervals of k1/n1 and k0/n0 */
	bool intent;        /* lo1 > hi0 with n1, n0 >= min_sample */
	bool declared;      /* front matter intent: true */
};

struct cc_stage_score {
	const char *asset;
	char *stage;
	double score; /* sum over opportunities reaching the stage of the asset's share of their touches */
	size_t opps;  /* opportunities reaching the stage with a touch of the asset */
};

struct cc_nurture_result {
	struct cc_velocity *velocity;
	size_t nvelocity;
	double slope;     /* least-squares change of the median per quarter, days */
	char *trend;      /* "shrinking", "growing", "flat", or "unknown" (fewer than 2 quarters) */
	char **funnel;    /* funnel stages in order (from opportunity history) */
	size_t nfunnel;
	struct cc_progression *prog; /* sorted by stage order, then lift descending */
	size_t nprog;
	struct cc_stage_score *scores; /* sorted by stage order, score descending */
	size_t nscores;
	char **declared_only; /* intent: true but not measured as intent assets */
	size_t ndeclared_only;
	int progression_days, min_sample;
	int64_t since, as_of;
	char **paths; /* owned */
	size_t npaths;
};

/*
 * The nurturing effect over the opportunities created in the window: nurture
 * velocity per fiscal quarter, stage progression per asset and stage with
 * Wilson intervals, intent assets (measured and declared), and Kapost-style
 * stage scores. Stages come from OpportunityHistory (crm.stages); without
 * it only velocity is reported. 0, or -1 with cc_error; out is always safe
 * to release.
 */
int cc_nurture_compute(struct cc_nurture_result *out, struct cc_db *db, const struct cc_config *cfg,
		       int64_t since, int64_t as_of);
void cc_nurture_result_release(struct cc_nurture_result *r);
void cc_nurture_write_json(struct cc_buf *b, const struct cc_nurture_result *r);
void cc_nurture_write_text(struct cc_buf *b, const struct cc_nurture_result *r);

#endif
