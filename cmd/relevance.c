/*
 * relevance.c — `contentcal relevance`: assets ranked by decayed, weighted
 * engagement, as percentiles within their peer group (see lib/relevance.h).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "crm.h"
#include "date.h"
#include "engagement.h"
#include "lifecycle.h"
#include "query.h"
#include "relevance.h"
#include "render.h"
#include "text.h"

const char cmd_relevance_usage[] =
	"usage: contentcal relevance [--stage S] [--persona P] [--topic T] [--top N | --bottom N]\n"
	"                            [--retire] [--explain] [--all] [--as-of DATE]\n"
	"                            [--format text|json|csv]\n"
	"\n"
	"Ranks published assets by engagement, fairly across funnel stages:\n"
	"  score = sum over metrics of weight x sum over days of value x 2^(-age/half_life)\n"
	"then a percentile (0-100) within the asset's peer group (engagement.group_by,\n"
	"default its stage) when the group has at least engagement.min_sample assets\n"
	"with data, else within all assets (shown as 'all'). Assets are ordered by\n"
	"percentile, then score. See docs/relevance.md.\n"
	"\n"
	"  --stage S, --persona P, --topic T   only these assets (ranks stay group-wide)\n"
	"  --top N, --bottom N   the N best or the N worst\n"
	"  --retire        refresh-or-retire candidates: every expired or past-review\n"
	"                  asset, and assets not updated within coverage.fresh_days (or\n"
	"                  undated) in the bottom quartile of their group or without\n"
	"                  data (docs/lifecycle.md); exit 1 when there are any\n"
	"  --explain       every term: metric, raw sum, decayed sum, weight, contribution\n"
	"  --all           every status, not only published assets\n"
	"  --as-of DATE    score as of this day (default: today)\n"
	"  --format F      text (default), json or csv\n";


static int cmp_item(const void *a, const void *b)
{
	const struct cc_ranked *x = a, *y = b;
	if (x->rel->percentile != y->rel->percentile)
		return x->rel->percentile < y->rel->percentile ? 1 : -1;
	if (x->rel->score != y->rel->score)
		return x->rel->score < y->rel->score ? 1 : -1;
	return strcmp(x->row->path, y->row->path);
}

int cmd_relevance(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"stage", required_argument, NULL, 's'},   {"persona", required_argument, NULL, 'p'},
		{"topic", required_argument, NULL, 't'},   {"top", required_argument, NULL, 'T'},
		{"bottom", required_argument, NULL, 'B'},  {"retire", no_argument, NULL, 'r'},
		{"explain", no_argument, NULL, 'e'},       {"all", no_argument, NULL, 'a'},
		{"as-of", required_argument, NULL, 'o'},   {"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};
	struct cc_filter f = {0};
	struct cc_rows rows = {0};
	struct cc_relevance_set set = {0};
	struct cc_ranked *items = NULL;
	char *values[CC_DIM_COUNT] = {0};
	long top = 0, bottom = 0;
	bool explain = false, all = false, retire = false;
	int64_t as_of = cc_today();
	enum cc_format format = CC_FMT_TEXT;
	int c, ret = CC_EXIT_ERROR, dim;
	size_t n = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'p':
		case 't':
			if ((dim = cc_tag_option(env, c, optarg, values)) < 0)
				goto cleanup;
			f.tags[dim] = values[dim];
			break;
		case 'T':
		case 'B':
			if (cc_parse_count(optarg) < 1) {
				cc_usage_error(env, "--%s takes a positive number, not '%s'",
					       c == 'T' ? "top" : "bottom", optarg);
				goto cleanup;
			}
			*(c == 'T' ? &top : &bottom) = cc_parse_count(optarg);
			break;
		case 'r':
			retire = true;
			break;
		case 'e':
			explain = true;
			break;
		case 'a':
			all = true;
			break;
		case 'o':
			if (cc_parse_as_of(env, optarg, &as_of))
				goto cleanup;
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				goto cleanup;
			break;
		default:
			cc_usage_error(env, "unknown option");
			goto cleanup;
		}
	}
	if (cc_no_operands(env, argc, argv))
		goto cleanup;
	if (top && bottom) {
		cc_usage_error(env, "--top and --bottom exclude each other");
		goto cleanup;
	}
	if (!all)
		f.status = "published";
	f.lean = format != CC_FMT_JSON; /* only the JSON of an asset holds its front matter */
	if (cc_engagement_open(env))
		goto cleanup;
	if (env->ctx->cfg.influence.relevance_weight > 0) {
		/* Influenced pipeline joins the score: the CRM data, when there is any. */
		char *crm = cc_crm_path(env->ctx->db_path);
		struct stat sb;
		int r = stat(crm, &sb) == 0 ? cc_crm_attach(env->ctx->db, crm, false, NULL) : 0;
		free(crm);
		if (r < 0) {
			cc_fail_lib();
			goto cleanup;
		}
	}
	if (cc_relevance_compute(env->ctx->db, &env->ctx->cfg, as_of, &set) < 0 ||
	    cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	cc_warn_unweighted(env);
	items = cc_xcalloc(rows.n ? rows.n : 1, sizeof(*items));
	for (size_t i = 0; i < rows.n; i++) {
		struct cc_ranked *it = &items[n];
		if (!(it->rel = cc_relevance_find(&set, rows.v[i].id)))
			continue;
		it->row = &rows.v[i];
		cc_lifecycle_of(&it->lc, &env->ctx->cfg, it->row, as_of);
		if (retire && !cc_lifecycle_retire(&it->lc, it->rel->has_data, it->rel->percentile))
			continue;
		if (it->lc.freshness == CC_FRESHNESS_STALE) {
			struct cc_buf why = CC_BUF_INIT;
			cc_lifecycle_why(&why, &it->lc);
			it->stale = cc_buf_detach(&why, NULL);
		}
		n++;
	}
	qsort(items, n, sizeof(*items), cmp_item);
	size_t from = 0, to = n;
	if (top && (size_t)top < n)
		to = (size_t)top;
	if (bottom && (size_t)bottom < n)
		from = n - (size_t)bottom;

	/* --explain names the source of every figure it shows. */
	for (size_t i = from; explain && format == CC_FMT_TEXT && i < to; i++) {
		struct cc_engagement_source *src = NULL;
		if (cc_engagement_sources(env->ctx->db, items[i].row->path, as_of, &src, &items[i].nsrc) < 0)
			items[i].nsrc = 0; /* the terms are still right; only their origin is not shown */
		items[i].src = src;
	}
	struct cc_ranking_view view = {&env->ctx->cfg, as_of, items, from, to, n, retire, explain};
	struct cc_buf out = CC_BUF_INIT;
	if (format == CC_FMT_JSON)
		cc_render_ranking_json(&out, &view);
	else if (format == CC_FMT_CSV)
		cc_render_ranking_csv(&out, &view);
	else
		cc_render_ranking_text(&out, &view);
	fwrite(out.buf, 1, out.len, stdout);
	if (format == CC_FMT_TEXT) {
		char day[11];
		cc_day_format(day, as_of);
		fprintf(stderr, "%zu of %zu asset%s, as of %s (half-life %g days, groups by %s, min_sample %d)\n",
			to - from, n, n == 1 ? "" : "s", day, env->ctx->cfg.engagement.half_life_days,
			env->ctx->cfg.engagement.group_by, env->ctx->cfg.engagement.min_sample);
	}
	cc_buf_release(&out);
	ret = retire && n ? CC_EXIT_FINDINGS : CC_EXIT_OK;
cleanup:
	for (int d = 0; d < CC_DIM_COUNT; d++)
		free(values[d]);
	for (size_t i = 0; i < n; i++) {
		free(items[i].stale);
		cc_engagement_sources_free((struct cc_engagement_source *)items[i].src, items[i].nsrc);
	}
	free(items);
	cc_rows_release(&rows);
	cc_relevance_set_release(&set);
	return ret;
}
