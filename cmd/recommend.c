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

struct pick {
	const struct cc_row *row;
	const struct cc_relevance *rel;
	struct cc_lifecycle lc;
	double fresh, rank;
};

static int cmp_pick(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;
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
	struct pick *picks;
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
		return cc_die_lib();
	c->picks = cc_xcalloc(c->rows.n ? c->rows.n : 1, sizeof(*c->picks));
	for (size_t i = 0; i < c->rows.n; i++) {
		const struct cc_row *r = &c->rows.v[i];
		struct pick *p = &c->picks[c->n];
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

static void print_picks(const struct cell *c, long limit, const char *marker)
{
	struct cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < c->n && i < (size_t)limit; i++) {
		const struct pick *p = &c->picks[i];
		cc_buf_reset(&b);
		cc_buf_addf(&b, "  %zu. %s (%s", i + 1, p->row->title, p->row->format);
		if (p->rel && p->rel->has_data)
			cc_buf_addf(&b, ", relevance %.0f within %s", p->rel->percentile,
				    p->rel->fallback ? "all" : p->rel->group);
		else
			cc_buf_adds(&b, ", no engagement data");
		cc_buf_addf(&b, ", freshness %.2f)%s\n", p->fresh, marker ? marker : "");
		if (*p->row->url)
			cc_buf_addf(&b, "     %s\n", p->row->url);
		cc_mark_unoffered(&b, &p->lc, p->row->status, "     ");
		cc_put_text(b.buf);
	}
	cc_buf_release(&b);
}

static json_t *picks_json(const struct cell *c, long limit, const char *from_stage)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->n && i < (size_t)limit; i++) {
		const struct pick *p = &c->picks[i];
		json_t *o = cc_asset_json(p->row, &p->lc);
		json_object_set_new(o, "stage", json_string(c->stage));
		json_object_set_new(o, "percentile", p->rel && p->rel->has_data ? json_real(p->rel->percentile) : json_null());
		json_object_set_new(o, "fresh_score", json_real(p->fresh));
		json_object_set_new(o, "rank_value", json_real(p->rank));
		if (from_stage)
			json_object_set_new(o, "substitute_from", json_string(from_stage));
		json_array_append_new(a, o);
	}
	return a;
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
		cc_die_lib();
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
	if (format == CC_FMT_JSON) {
		json_t *o = json_object();
		json_object_set_new(o, "persona", json_string(persona));
		json_object_set_new(o, "stage", json_string(stage));
		json_object_set_new(o, "topic", topic ? json_string(topic) : json_null());
		json_object_set_new(o, "now", picks_json(&now, limit, NULL));
		json_object_set_new(o, "empty", json_boolean(!now.n));
		json_object_set_new(o, "substitute", near.n ? picks_json(&near, limit, near.stage) : json_array());
		json_object_set_new(o, "next_stage", next_stage ? json_string(next_stage) : json_null());
		json_object_set_new(o, "next", picks_json(&next, limit, NULL));
		json_object_set_new(o, "left_out_stale", json_integer((json_int_t)(now.left_out + next.left_out)));
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(8));
		fputc('\n', stdout);
		json_decref(o);
	} else {
		struct cc_buf b = CC_BUF_INIT;
		cc_buf_addf(&b, "Best for %s at %s%s%s now:\n", persona, stage, topic ? " on " : "", topic ? topic : "");
		cc_put_text(b.buf);
		if (now.n) {
			print_picks(&now, limit, NULL);
		} else {
			cc_buf_reset(&b);
			cc_buf_addf(&b, "  nothing published for %s at %s%s%s: a coverage gap\n", persona, stage,
				    topic ? " on " : "", topic ? topic : "");
			if (near.n)
				cc_buf_addf(&b, "  nearest stage with assets for %s: %s; its best instead:\n", persona, near.stage);
			cc_put_text(b.buf);
			if (near.n) {
				char marker[96];
				snprintf(marker, sizeof(marker), "  [from %s, not %s]", near.stage, stage);
				print_picks(&near, limit, marker);
			}
		}
		cc_buf_reset(&b);
		if (!next_stage)
			cc_buf_addf(&b, "\n%s is the last stage: nothing comes next\n", stage);
		else if (!next.n)
			cc_buf_addf(&b, "\nNext (%s): nothing published for %s yet\n", next_stage, persona);
		else
			cc_buf_addf(&b, "\nTo move them on (%s):\n", next_stage);
		cc_put_text(b.buf);
		if (next.n)
			print_picks(&next, limit, NULL);
		cc_buf_release(&b);
		if (now.left_out + next.left_out)
			fprintf(stderr, "%zu stale or expired asset%s left out (--include-stale shows them)\n",
				now.left_out + next.left_out, now.left_out + next.left_out == 1 ? "" : "s");
	}
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
