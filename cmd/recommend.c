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
#include "recommend.h"
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
	struct cc_recommend rc = {0};
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
	struct cc_recommend_options ro = {persona, stage, topic, as_of, offer, format != CC_FMT_JSON, &rel};
	if (cc_recommend_compute(&rc, env->ctx->db, cfg, &ro) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	struct cc_recommend_view view;
	cc_recommend_view_of(&view, &rc, &ro, limit);
	struct cc_buf out = CC_BUF_INIT;
	if (format == CC_FMT_JSON)
		cc_render_recommend_json(&out, &view);
	else
		cc_render_recommend_text(&out, &view);
	fwrite(out.buf, 1, out.len, stdout);
	cc_buf_release(&out);
	if (format == CC_FMT_TEXT && rc.now.left_out + rc.next.left_out)
		fprintf(stderr, "%zu stale or expired asset%s left out (--include-stale shows them)\n",
			rc.now.left_out + rc.next.left_out, rc.now.left_out + rc.next.left_out == 1 ? "" : "s");
	ret = rc.now.n ? CC_EXIT_OK : CC_EXIT_FINDINGS;
cleanup:
	for (int d = 0; d < CC_DIM_COUNT; d++)
		free(values[d]);
	cc_recommend_release(&rc);
	cc_relevance_set_release(&rel);
	return ret;
}
