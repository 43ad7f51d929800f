/*
 * recommend.c — `contentcal recommend`: the best assets offered to sales
 * for a buyer now (persona at a stage), and the next stage's.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "lifecycle.h"
#include "query.h"
#include "relevance.h"
#include "render.h"
#include "text.h"

const char cmd_recommend_usage[] =
	"usage: contentcal recommend --persona P --stage S [--topic T] [--limit N]\n"
	"                            [--include-stale] [--as-of DATE] [--format text|json]\n"
	"\n"
	"The best assets offered to sales for a buyer now (persona at a stage): live\n"
	"and fresh (docs/lifecycle.md), ranked by relevance percentile and freshness,\n"
	"then the best of the next stage (the config's stage order) to move them on.\n"
	"When a cell is empty, says so and offers the nearest stage's best for that\n"
	"persona instead, marked as such. Says how many stale or expired assets were\n"
	"left out.\n"
	"\n"
	"  --persona P, --stage S   the buyer (required)\n"
	"  --topic T       only this topic\n"
	"  --limit N       assets per list (default 3)\n"
	"  --include-stale also stale and expired published assets, marked\n"
	"  --as-of DATE    day for relevance and freshness (default: today)\n"
	"  --format F      text (default) or json\n";


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

struct cell {
	const char *stage;
	struct cc_rows rows;
	struct cc_pick *picks;
	size_t n;
	size_t left_out; /* stale or expired, not shown */
};

struct ask {
	struct cc_env *env;
	const char *persona, *topic;
	int64_t as_of;
	enum cc_offer offer;
	bool lean;
	const struct cc_relevance_set *rel;
};

/* The assets of persona × stage (× topic) that q->offer shows, best first. */
static int fill_cell(const struct ask *q, struct cell *c, const char *stage)
{
	const struct cc_config *cfg = &q->env->ctx->cfg;
	struct cc_filter f = {0};
	f.tags[CC_DIM_PERSONA] = q->persona;
	f.tags[CC_DIM_STAGE] = stage;
	f.tags[CC_DIM_TOPIC] = q->topic;
	f.lean = q->lean;
	c->stage = stage;
	if (cc_query_assets(q->env->ctx->db, &f, &c->rows) < 0)
		return cc_fail_lib();
	c->picks = cc_xcalloc(c->rows.n ? c->rows.n : 1, sizeof(*c->picks));
	for (size_t i = 0; i < c->rows.n; i++) {
		const struct cc_row *r = &c->rows.v[i];
		struct cc_pick *p = &c->picks[c->n];
		cc_lifecycle_of(&p->lc, cfg, r, q->as_of);
		if (!cc_offer_shows(q->offer, &p->lc)) {
			c->left_out += p->lc.state == CC_STATE_LIVE || p->lc.state == CC_STATE_EXPIRED;
			continue;
		}
		c->n++;
		p->row = r;
		p->rel = cc_relevance_find(q->rel, r->id);
		p->fresh = cc_lifecycle_freshness_score(&p->lc);
		p->rank = cfg->search.w_relevance * (p->rel && p->rel->has_data ? p->rel->percentile / 100.0 : 0) +
			  cfg->search.w_fresh * p->fresh;
	}
	qsort(c->picks, c->n, sizeof(*c->picks), cmp_pick);
	return 0;
}

static void cell_release(struct cell *c)
{
	cc_rows_release(&c->rows);
	free(c->picks);
	memset(c, 0, sizeof(*c));
}

int cmd_recommend(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"stage", required_argument, NULL, 's'},  {"persona", required_argument, NULL, 'p'},
		{"topic", required_argument, NULL, 't'},  {"limit", required_argument, NULL, 'l'},
		{"as-of", required_argument, NULL, 'o'},  {"format", required_argument, NULL, 'f'},
		{"include-stale", no_argument, NULL, 'i'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_COUNT};
	const struct cc_config *cfg = &env->ctx->cfg;
	enum cc_offer offer = CC_OFFER_FRESH;
	struct cc_relevance_set rel = {0};
	struct cell now = {0}, next = {0}, near = {0};
	char *values[CC_DIM_COUNT] = {0};
	long limit = 3;
	int64_t as_of = cc_today();
	enum cc_format format = CC_FMT_TEXT;
	int c, ret = CC_EXIT_ERROR, dim;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'p':
		case 't':
			if ((dim = cc_tag_option(env, c, optarg, values)) < 0)
				goto cleanup;
			break;
		case 'l':
			if ((limit = cc_parse_positive(env, "--limit", optarg)) < 0)
				goto cleanup;
			break;
		case 'o':
			if (cc_parse_as_of(env, optarg, &as_of))
				goto cleanup;
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				goto cleanup;
			break;
		case 'i':
			offer = CC_OFFER_STALE;
			break;
		default:
			cc_usage_error(env, "unknown option");
			goto cleanup;
		}
	}
	if (cc_no_operands(env, argc, argv))
		goto cleanup;
	if (!values[CC_DIM_PERSONA] || !values[CC_DIM_STAGE]) {
		cc_usage_error(env, "--persona and --stage are required");
		goto cleanup;
	}
	const char *persona = values[CC_DIM_PERSONA], *stage = values[CC_DIM_STAGE],
		   *topic = values[CC_DIM_TOPIC];
	const char *canon = NULL;
	int si = cc_vocab_lookup(&cfg->stages, stage, &canon);
	if (si < 0) {
		cc_usage_error(env, "'%s' is not one of the configured stages", stage);
		goto cleanup;
	}
	if (cc_engagement_open(env))
		goto cleanup;
	if (cc_relevance_compute(env->ctx->db, cfg, as_of, &rel) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	struct ask q = {env, persona, topic, as_of, offer, format != CC_FMT_JSON, &rel};
	if (fill_cell(&q, &now, stage))
		goto cleanup;
	const char *next_stage = (size_t)si + 1 < cfg->stages.n ? cfg->stages.v[si + 1].name : NULL;
	if (next_stage && fill_cell(&q, &next, next_stage))
		goto cleanup;
	if (!now.n) {
		/* The nearest stage (earlier first on a tie) with something for this buyer. */
		for (size_t d = 1; d < cfg->stages.n && !near.n; d++) {
			long cand[2] = {si - (long)d, si + (long)d};
			for (int k = 0; k < 2 && !near.n; k++) {
				if (cand[k] < 0 || cand[k] >= (long)cfg->stages.n)
					continue;
				cell_release(&near);
				if (fill_cell(&q, &near, cfg->stages.v[cand[k]].name))
					goto cleanup;
			}
		}
	}
	struct cc_recommend_view view = {persona, stage, topic, next_stage, limit,
					 {now.stage, now.picks, now.n, now.left_out},
					 {next.stage, next.picks, next.n, next.left_out},
					 {near.stage, near.picks, near.n, near.left_out}};
	struct cc_buf out = CC_BUF_INIT;
	if (format == CC_FMT_JSON)
		cc_render_recommend_json(&out, &view);
	else
		cc_render_recommend_text(&out, &view);
	fwrite(out.buf, 1, out.len, stdout);
	cc_buf_release(&out);
	if (format == CC_FMT_TEXT && now.left_out + next.left_out)
		fprintf(stderr, "%zu stale or expired asset%s left out (--include-stale shows them)\n",
			now.left_out + next.left_out, now.left_out + next.left_out == 1 ? "" : "s");
	ret = now.n ? CC_EXIT_OK : CC_EXIT_FINDINGS;
cleanup:
	for (int d = 0; d < CC_DIM_COUNT; d++)
		free(values[d]);
	cell_release(&now);
	cell_release(&next);
	cell_release(&near);
	cc_relevance_set_release(&rel);
	return ret;
}
