/*
 * relevance.c — `contentcal relevance`: assets ranked by decayed, weighted
 * engagement, as percentiles within their peer group (see lib/relevance.h).
 */
#include <getopt.h>
#include <jansson.h>
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

struct item {
	const struct cc_row *row;
	const struct cc_relevance *rel;
	struct cc_lifecycle lc;
	char *stale; /* why it is stale, or NULL; owned */
};

/* A refresh-or-retire candidate: a date that passed, or stale by age and ranked low. */
static bool retire_candidate(const struct item *it)
{
	if (it->lc.freshness != CC_FRESHNESS_STALE)
		return false;
	if (it->lc.stale & (CC_STALE_EXPIRED | CC_STALE_REVIEW))
		return true;
	return !it->rel->has_data || it->rel->percentile <= 25.0;
}

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->rel->percentile != y->rel->percentile)
		return x->rel->percentile < y->rel->percentile ? 1 : -1;
	if (x->rel->score != y->rel->score)
		return x->rel->score < y->rel->score ? 1 : -1;
	return strcmp(x->row->path, y->row->path);
}

static const char *within(const struct cc_relevance *r)
{
	return r->fallback ? "all" : r->group;
}

static json_t *terms_json(const struct cc_relevance *r)
{
	json_t *a = json_array();
	for (size_t k = 0; k < r->nterms; k++) {
		const struct cc_relevance_term *t = &r->terms[k];
		json_array_append_new(a, json_pack("{s:s, s:f, s:f, s:f, s:f, s:b}", "metric", t->metric,
						   "raw", t->raw, "decayed", t->decayed, "weight",
						   t->weight, "contribution", t->contribution,
						   "weighted", t->weighted));
	}
	return a;
}

static void put_text(const char *s)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add_safe(&b, s, true);
	fwrite(b.buf, 1, b.len, stdout);
	cc_buf_release(&b);
}

static void print_explain(const struct cc_relevance *r, int64_t as_of)
{
	struct cc_buf b = CC_BUF_INIT;
	if (!r->has_data) {
		fputs("      no engagement data up to the as-of date\n", stdout);
		return;
	}
	for (size_t k = 0; k < r->nterms; k++) {
		const struct cc_relevance_term *t = &r->terms[k];
		cc_buf_reset(&b);
		cc_buf_addf(&b, "      %-16s raw %12.2f  decayed %12.4f  x weight %-6g = %12.4f%s\n",
			    t->metric, t->raw, t->decayed, t->weight, t->contribution,
			    t->weighted ? "" : "  (no weight configured: not counted)");
		put_text(b.buf);
	}
	char day[11];
	cc_day_format(day, r->last_day);
	cc_buf_reset(&b);
	cc_buf_addf(&b, "      score %.4f; percentile %.1f within %s (%zu assets with data)%s; latest data %s\n",
		    r->score, r->percentile, within(r), r->group_size,
		    r->fallback ? "" : "", day);
	if (r->fallback)
		cc_buf_addf(&b, "      group '%s' has fewer assets with data than engagement.min_sample, "
				"so the percentile is within all assets\n", r->group);
	put_text(b.buf);
	cc_buf_release(&b);
	(void)as_of;
}

static void join(struct cc_buf *b, const struct cc_strlist *l, const char *sep)
{
	for (size_t i = 0; i < l->n; i++)
		cc_buf_addf(b, "%s%s", i ? sep : "", l->v[i]);
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
	struct item *items = NULL;
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
	if (cc_relevance_compute(env->ctx->db, &env->ctx->cfg, as_of, &set) < 0 ||
	    cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_die_lib();
		goto cleanup;
	}
	items = cc_xcalloc(rows.n ? rows.n : 1, sizeof(*items));
	for (size_t i = 0; i < rows.n; i++) {
		struct item *it = &items[n];
		if (!(it->rel = cc_relevance_find(&set, rows.v[i].id)))
			continue;
		it->row = &rows.v[i];
		cc_lifecycle_of(&it->lc, &env->ctx->cfg, it->row, as_of);
		if (retire && !retire_candidate(it))
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

	char day[11];
	cc_day_format(day, as_of);
	if (format == CC_FMT_JSON) {
		json_t *arr = json_array();
		for (size_t i = from; i < to; i++) {
			const struct item *it = &items[i];
			json_t *o = cc_asset_json(it->row, &it->lc);
			json_object_set_new(o, "rank", json_integer((json_int_t)(i + 1)));
			json_object_set_new(o, "score", json_real(it->rel->score));
			json_object_set_new(o, "percentile", json_real(it->rel->percentile));
			json_object_set_new(o, "group", json_string(it->rel->group));
			json_object_set_new(o, "within", json_string(within(it->rel)));
			json_object_set_new(o, "fallback", json_boolean(it->rel->fallback));
			json_object_set_new(o, "group_size", json_integer((json_int_t)it->rel->group_size));
			json_object_set_new(o, "has_data", json_boolean(it->rel->has_data));
			json_object_set_new(o, "stale", it->stale ? cc_json_text(it->stale) : json_null());
			json_object_set_new(o, "terms", terms_json(it->rel));
			json_array_append_new(arr, o);
		}
		json_t *doc = json_pack("{s:s, s:f, s:i, s:s, s:o}", "as_of", day, "half_life_days",
					env->ctx->cfg.engagement.half_life_days, "min_sample",
					env->ctx->cfg.engagement.min_sample, "group_by",
					env->ctx->cfg.engagement.group_by, "assets", arr);
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(10));
		fputc('\n', stdout);
		json_decref(doc);
	} else if (format == CC_FMT_CSV) {
		struct cc_buf b = CC_BUF_INIT;
		cc_buf_adds(&b, "rank,path,title,stages,format,score,percentile,group,within,group_size,has_data,stale\r\n");
		for (size_t i = from; i < to; i++) {
			const struct item *it = &items[i];
			struct cc_buf tmp = CC_BUF_INIT;
			cc_buf_addf(&b, "%zu,", i + 1);
			cc_buf_add_csv(&b, it->row->path);
			cc_buf_addch(&b, ',');
			cc_buf_add_csv(&b, it->row->title);
			cc_buf_addch(&b, ',');
			join(&tmp, &it->row->tags[CC_DIM_STAGE], ";");
			cc_buf_add_csv(&b, tmp.buf);
			cc_buf_addch(&b, ',');
			cc_buf_add_csv(&b, it->row->format);
			cc_buf_addf(&b, ",%.4f,%.1f,", it->rel->score, it->rel->percentile);
			cc_buf_add_csv(&b, it->rel->group);
			cc_buf_addch(&b, ',');
			cc_buf_add_csv(&b, within(it->rel));
			cc_buf_addf(&b, ",%zu,%d,", it->rel->group_size, it->rel->has_data);
			cc_buf_add_csv(&b, it->stale ? it->stale : "");
			cc_buf_adds(&b, "\r\n");
			cc_buf_release(&tmp);
		}
		fwrite(b.buf, 1, b.len, stdout);
		cc_buf_release(&b);
	} else {
		struct cc_buf line = CC_BUF_INIT;
		printf("%-4s %10s %6s  %-22s %s\n", "rank", "score", "pct", "within", "asset");
		for (size_t i = from; i < to; i++) {
			const struct item *it = &items[i];
			cc_buf_reset(&line);
			if (it->rel->has_data)
				cc_buf_addf(&line, "%-4zu %10.1f %6.1f  %-22s ", i + 1, it->rel->score,
					    it->rel->percentile, within(it->rel));
			else
				cc_buf_addf(&line, "%-4zu %10s %6s  %-22s ", i + 1, "-", "-", "no data");
			cc_buf_addf(&line, "%s (%s)", it->row->title, it->row->path);
			if (retire && it->stale)
				cc_buf_addf(&line, " — %s", it->stale);
			cc_put_safe(stdout, line.buf);
			fputc('\n', stdout);
			if (explain)
				print_explain(it->rel, as_of);
		}
		cc_buf_release(&line);
		fprintf(stderr, "%zu of %zu asset%s, as of %s (half-life %g days, groups by %s, min_sample %d)\n",
			to - from, n, n == 1 ? "" : "s", day, env->ctx->cfg.engagement.half_life_days,
			env->ctx->cfg.engagement.group_by, env->ctx->cfg.engagement.min_sample);
	}
	ret = retire && n ? CC_EXIT_FINDINGS : CC_EXIT_OK;
cleanup:
	for (int d = 0; d < CC_DIM_COUNT; d++)
		free(values[d]);
	for (size_t i = 0; i < n; i++)
		free(items[i].stale);
	free(items);
	cc_rows_release(&rows);
	cc_relevance_set_release(&set);
	return ret;
}
