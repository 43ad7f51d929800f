/*
 * recommend.c — `contentcal recommend`: the best assets offered to sales
 * for a buyer now (persona at a stage), and the next stage's.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "lifecycle.h"
#include "query.h"
#include "recommend.h"
#include "relevance.h"
#include "render.h"
#include "text.h"

static struct {
	const char *tags[CC_DIM_COUNT], *as_of;
	long limit;
	bool stale;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_COUNT};

static const struct cc_option options[] = {
	CC_OPT_STRING(0, "persona", &a.tags[CC_DIM_PERSONA], "P", NULL),
	CC_OPT_STRING(0, "stage", &a.tags[CC_DIM_STAGE], "S", "the buyer (required)"),
	CC_OPT_STRING(0, "topic", &a.tags[CC_DIM_TOPIC], "T", "only this topic"),
	CC_OPT_LIMIT(&a.limit, "assets per list (default 3)"),
	CC_OPT_FLAG(0, "include-stale", &a.stale, "also stale and expired published assets, marked"),
	CC_OPT_AS_OF(&a.as_of, "day for relevance and freshness (default: today)"),
	CC_OPT_FORMAT(&a.format, "text (default) or json", formats),
	CC_OPT_END(),
};

const struct cc_help cmd_recommend_help = {
	"usage: contentcal recommend --persona P --stage S [--topic T] [--limit N]\n"
	"                            [--include-stale] [--as-of DATE] [--format text|json]\n"
	"\n"
	"The best assets offered to sales for a buyer now (persona at a stage): live\n"
	"and fresh (docs/lifecycle.md), ranked by relevance percentile and freshness,\n"
	"then the best of the next stage (the config's stage order) to move them on.\n"
	"When a cell is empty, says so and offers the nearest stage's best for that\n"
	"persona instead, marked as such. Says how many stale or expired assets were\n"
	"left out.\n",
	options, NULL};


int cmd_recommend(int argc, char **argv, struct cc_env *env)
{
	const struct cc_config *cfg = &env->ctx->cfg;
	struct cc_relevance_set rel = {0};
	struct cc_recommend rc = {0};
	char *values[CC_DIM_COUNT] = {0};
	int64_t as_of;
	int ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	a.limit = 3;
	if (cc_parse_only(env, argc, argv, options) || cc_tags_resolve(env, a.tags, values) ||
	    cc_parse_as_of(env, a.as_of, &as_of))
		goto cleanup;
	if (!values[CC_DIM_PERSONA] || !values[CC_DIM_STAGE]) {
		cc_usage_error(env, "--persona and --stage are required");
		goto cleanup;
	}
	enum cc_offer offer = a.stale ? CC_OFFER_STALE : CC_OFFER_FRESH;
	enum cc_format format = a.format;
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
	struct cc_recommend_options ro = {persona, stage, topic, as_of, offer, format != CC_FMT_JSON, &rel};
	if (cc_recommend_compute(&rc, env->ctx->db, cfg, &ro) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	struct cc_recommend_view view;
	cc_recommend_view_of(&view, &rc, &ro, a.limit);
	struct cc_buf out = CC_BUF_INIT;
	if (format == CC_FMT_JSON)
		cc_render_recommend_json(&out, &view);
	else
		cc_render_recommend_text(&out, &view);
	cc_put_buf(stdout, &out, false);
	cc_buf_release(&out);
	if (format == CC_FMT_TEXT && rc.now.left_out + rc.next.left_out)
		fprintf(stderr, "%zu stale or expired asset%s left out (--include-stale shows them)\n",
			rc.now.left_out + rc.next.left_out, rc.now.left_out + rc.next.left_out == 1 ? "" : "s");
	ret = rc.now.n ? CC_EXIT_OK : CC_EXIT_FINDINGS;
cleanup:
	cc_tags_release(values);
	cc_recommend_release(&rc);
	cc_relevance_set_release(&rel);
	return ret;
}
