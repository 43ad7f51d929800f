/*
 * relevance.c — `contentcal relevance`: assets ranked by decayed, weighted
 * engagement, as percentiles within their peer group (see lib/relevance.h).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "engagement.h"
#include "lifecycle.h"
#include "query.h"
#include "relevance.h"
#include "render.h"
#include "text.h"

static struct {
	const char *tags[CC_DIM_COUNT], *as_of;
	long top, bottom;
	bool retire, explain, all;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};

static const struct cc_option options[] = {
	CC_OPT_TAGS(a.tags, "only these assets (ranks stay group-wide)"),
	CC_OPT_INT(0, "top", &a.top, "N", NULL, 1, LONG_MAX),
	CC_OPT_INT(0, "bottom", &a.bottom, "N", "the N best or the N worst", 1, LONG_MAX),
	CC_OPT_FLAG(0, "retire", &a.retire, "refresh-or-retire candidates: every expired or past-review\n"
		    "asset, and assets not updated within coverage.fresh_days (or\n"
		    "undated) in the bottom quartile of their group or without\n"
		    "data (docs/lifecycle.md); exit 1 when there are any"),
	CC_OPT_FLAG(0, "explain", &a.explain, "every term: metric, raw sum, decayed sum, weight, contribution"),
	CC_OPT_FLAG(0, "all", &a.all, "every status, not only published assets"),
	CC_OPT_AS_OF(&a.as_of, "score as of this day (default: today)"),
	CC_OPT_FORMAT(&a.format, "text (default), json or csv", formats),
	CC_OPT_END(),
};

const struct cc_help cmd_relevance_help = {
	"usage: contentcal relevance [--stage S] [--persona P] [--topic T] [--top N | --bottom N]\n"
	"                            [--retire] [--explain] [--all] [--as-of DATE]\n"
	"                            [--format text|json|csv]\n"
	"\n"
	"Ranks published assets by engagement, fairly across funnel stages:\n"
	"  score = sum over metrics of weight x sum over days of value x 2^(-age/half_life)\n"
	"then a percentile (0-100) within the asset's peer group (engagement.group_by,\n"
	"default its stage) when the group has at least engagement.min_sample assets\n"
	"with data, else within all assets (shown as 'all'). Assets are ordered by\n"
	"percentile, then score. See docs/relevance.md.\n",
	options, NULL};

static int cmp_item(const void *x, const void *y)
{
	const struct cc_ranked *p = x, *q = y;
	if (p->rel->percentile != q->rel->percentile)
		return p->rel->percentile < q->rel->percentile ? 1 : -1;
	if (p->rel->score != q->rel->score)
		return p->rel->score < q->rel->score ? 1 : -1;
	return strcmp(p->row->path, q->row->path);
}

/* The engagement data, and the CRM data (influenced pipeline) when there is some. */
static int attach_data(struct cc_env *env)
{
	if (cc_engagement_open(env))
		return CC_EXIT_ERROR; /* it attaches the CRM data too, when there is any */
	return 0;
}

/* The ranked assets the options ask for, sorted; returns how many. */
static size_t rank(struct cc_ranked *items, struct cc_env *env, const struct cc_rows *rows,
		   const struct cc_relevance_set *set, int64_t as_of)
{
	size_t n = 0;
	for (size_t i = 0; i < rows->n; i++) {
		struct cc_ranked *it = &items[n];
		if (!(it->rel = cc_relevance_find(set, rows->v[i].id)))
			continue;
		it->row = &rows->v[i];
		cc_lifecycle_of(&it->lc, &env->ctx->cfg, it->row, as_of);
		if (a.retire && !cc_lifecycle_retire(&it->lc, it->rel->has_data, it->rel->percentile))
			continue;
		if (it->lc.freshness == CC_FRESHNESS_STALE) {
			struct cc_buf why = CC_BUF_INIT;
			cc_lifecycle_why(&why, &it->lc);
			it->stale = cc_buf_detach(&why, NULL);
		}
		n++;
	}
	qsort(items, n, sizeof(*items), cmp_item);
	return n;
}

/* Writes the ranking in the chosen format; --explain names the source of every figure it shows. */
static void render(struct cc_env *env, struct cc_ranked *items, const struct cc_ranking_view *view)
{
	struct cc_buf out = CC_BUF_INIT;
	for (size_t i = view->from; a.explain && a.format == CC_FMT_TEXT && i < view->to; i++) {
		struct cc_engagement_source *src = NULL;
		struct cc_ranked *it = &items[i];
		if (cc_engagement_sources(env->ctx->db, it->row->path, view->as_of, &src, &it->nsrc) < 0)
			it->nsrc = 0; /* the terms are still right; only their origin is not shown */
		it->src = src;
	}
	if (a.format == CC_FMT_JSON)
		cc_render_ranking_json(&out, view);
	else if (a.format == CC_FMT_CSV)
		cc_render_ranking_csv(&out, view);
	else
		cc_render_ranking_text(&out, view);
	cc_put_buf(stdout, &out, false);
	cc_buf_release(&out);
	if (a.format == CC_FMT_TEXT) {
		const struct cc_config *cfg = &env->ctx->cfg;
		char day[11];
		cc_day_format(day, view->as_of);
		fprintf(stderr, "%zu of %zu asset%s, as of %s (half-life %g days, groups by %s, min_sample %d)\n",
			view->to - view->from, view->n, view->n == 1 ? "" : "s", day, cfg->engagement.half_life_days,
			cfg->engagement.group_by, cfg->engagement.min_sample);
	}
}

int cmd_relevance(int argc, char **argv, struct cc_env *env)
{
	struct cc_filter f = {0};
	struct cc_rows rows = {0};
	struct cc_relevance_set set = {0};
	struct cc_ranked *items = NULL;
	char *values[CC_DIM_COUNT] = {0};
	int64_t as_of;
	int ret = CC_EXIT_ERROR;
	size_t n = 0;

	memset(&a, 0, sizeof(a));
	if (cc_parse_only(env, argc, argv, options) || cc_tags_resolve(env, a.tags, values) ||
	    cc_parse_as_of(env, a.as_of, &as_of))
		goto cleanup;
	if (a.top && a.bottom) {
		cc_usage_error(env, "--top and --bottom exclude each other");
		goto cleanup;
	}
	memcpy(f.tags, values, sizeof(f.tags));
	f.status = a.all ? NULL : "published";
	f.lean = a.format != CC_FMT_JSON; /* only the JSON of an asset holds its front matter */
	if (attach_data(env))
		goto cleanup;
	if (cc_relevance_compute(env->ctx->db, &env->ctx->cfg, as_of, &set) < 0 ||
	    cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	cc_warn_unweighted(env);
	items = cc_xcalloc(rows.n ? rows.n : 1, sizeof(*items));
	n = rank(items, env, &rows, &set, as_of);
	size_t from = a.bottom && (size_t)a.bottom < n ? n - (size_t)a.bottom : 0;
	size_t to = a.top && (size_t)a.top < n ? (size_t)a.top : n;
	struct cc_ranking_view view = {&env->ctx->cfg, as_of, items, from, to, n, a.retire, a.explain};
	render(env, items, &view);
	ret = a.retire && n ? CC_EXIT_FINDINGS : CC_EXIT_OK;
cleanup:
	cc_tags_release(values);
	for (size_t i = 0; i < n; i++) {
		free(items[i].stale);
		cc_engagement_sources_free((struct cc_engagement_source *)items[i].src, items[i].nsrc);
	}
	free(items);
	cc_rows_release(&rows);
	cc_relevance_set_release(&set);
	return ret;
}
