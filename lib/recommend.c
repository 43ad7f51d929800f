/*
 * recommend.c — a buyer's recommendations (see recommend.h).
 */
#include "recommend.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static int cmp_pick(const void *a, const void *b)
{
	const struct cc_pick *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? 1 : -1;
	double sx = x->rel ? x->rel->score : 0, sy = y->rel ? y->rel->score : 0;
	if (sx != sy)
		return sx < sy ? 1 : -1;
	return strcmp(x->row->path, y->row->path);
}

static void cell_release(struct cc_recommend_cell *c)
{
	cc_rows_release(&c->rows);
	free(c->picks);
	memset(c, 0, sizeof(*c));
}

/* The assets of persona × stage (× topic) that o->offer shows, best first. */
static int fill_cell(struct cc_recommend_cell *c, struct cc_db *db, const struct cc_config *cfg,
		     const struct cc_recommend_options *o, const char *stage, const struct cc_intent_set *intent)
{
	struct cc_filter f = {0};
	f.tags[CC_DIM_PERSONA] = o->persona;
	f.tags[CC_DIM_STAGE] = stage;
	f.tags[CC_DIM_TOPIC] = o->topic;
	f.lean = o->lean;
	c->stage = stage;
	if (cc_query_assets(db, &f, &c->rows) < 0)
		return -1;
	cc_intent_mark(&c->rows, intent);
	c->picks = cc_xcalloc(c->rows.n ? c->rows.n : 1, sizeof(*c->picks));
	for (size_t i = 0; i < c->rows.n; i++) {
		const struct cc_row *r = &c->rows.v[i];
		struct cc_pick *p = &c->picks[c->n];
		cc_lifecycle_of(&p->lc, cfg, r, o->as_of);
		if (!cc_offer_shows(o->offer, &p->lc)) {
			c->left_out += p->lc.state == CC_STATE_LIVE || p->lc.state == CC_STATE_EXPIRED;
			continue;
		}
		c->n++;
		p->row = r;
		p->rel = o->rel ? cc_relevance_find(o->rel, r->id) : NULL;
		p->fresh = cc_lifecycle_freshness_score(&p->lc);
		p->rank = cfg->search.w_relevance * (p->rel && p->rel->has_data ? p->rel->percentile / 100.0 : 0) +
			  cfg->search.w_fresh * p->fresh;
	}
	if (c->n > 1)
		qsort(c->picks, c->n, sizeof(*c->picks), cmp_pick);
	return 0;
}

int cc_recommend_compute(struct cc_recommend *out, struct cc_db *db, const struct cc_config *cfg,
			 const struct cc_recommend_options *o)
{
	const char *canon = NULL;
	int si = cc_vocab_lookup(&cfg->stages, o->stage, &canon);

	memset(out, 0, sizeof(*out));
	if (si < 0)
		return cc_error("'%s' is not one of the configured stages", o->stage);
	if (cc_intent_compute(&out->intent, db, cfg, o->as_of) < 0)
		return -1;
	if (fill_cell(&out->now, db, cfg, o, cfg->stages.v[si].name, &out->intent) < 0)
		return -1;
	out->next_stage = (size_t)si + 1 < cfg->stages.n ? cfg->stages.v[si + 1].name : NULL;
	if (out->next_stage && fill_cell(&out->next, db, cfg, o, out->next_stage, &out->intent) < 0)
		return -1;
	if (!out->now.n) {
		/* The nearest stage (earlier first on a tie) with something for this buyer. */
		for (size_t d = 1; d < cfg->stages.n && !out->near.n; d++) {
			long cand[2] = {si - (long)d, si + (long)d};
			for (int k = 0; k < 2 && !out->near.n; k++) {
				if (cand[k] < 0 || cand[k] >= (long)cfg->stages.n)
					continue;
				cell_release(&out->near);
				if (fill_cell(&out->near, db, cfg, o, cfg->stages.v[cand[k]].name, &out->intent) < 0)
					return -1;
			}
		}
	}
	return 0;
}

void cc_recommend_release(struct cc_recommend *r)
{
	cell_release(&r->now);
	cell_release(&r->next);
	cell_release(&r->near);
	cc_intent_set_release(&r->intent);
}

void cc_recommend_view_of(struct cc_recommend_view *out, const struct cc_recommend *r,
			  const struct cc_recommend_options *o, long limit)
{
	memset(out, 0, sizeof(*out));
	out->persona = o->persona;
	out->stage = o->stage;
	out->topic = o->topic;
	out->next_stage = r->next_stage;
	out->limit = limit;
	out->now = (struct cc_picks){r->now.stage, r->now.picks, r->now.n, r->now.left_out};
	out->next = (struct cc_picks){r->next.stage, r->next.picks, r->next.n, r->next.left_out};
	out->near = (struct cc_picks){r->near.stage, r->near.picks, r->near.n, r->near.left_out};
}
