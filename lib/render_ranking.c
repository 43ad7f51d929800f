/*
 * render_ranking.c — assets ranked by relevance (relevance) as text, JSON
 * and CSV (see render.h).
 */
#include "render.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "engagement.h"
#include "preset.h"
#include "relevance.h"
#include "text.h"

static const char *within(const struct cc_relevance *r)
{
	return r->fallback ? "all" : r->group;
}

static json_t *terms_json(const struct cc_relevance *r)
{
	json_t *a = json_array();
	for (size_t k = 0; k < r->nterms; k++) {
		const struct cc_relevance_term *t = &r->terms[k];
		json_array_append_new(a, json_pack("{s:o, s:f, s:f, s:f, s:f, s:b}", "metric", cc_json_text(t->metric),
						   "raw", t->raw, "decayed", t->decayed, "weight",
						   t->weight, "contribution", t->contribution,
						   "weighted", t->weighted));
	}
	return a;
}


/* The sources of one metric's figures, one line each. */
static void add_sources(struct cc_buf *b, const struct cc_engagement_source *src, size_t nsrc,
			const char *metric)
{
	for (size_t i = 0; i < nsrc; i++) {
		const struct cc_engagement_source *s = &src[i];
		char a[16], z[16];
		if (strcmp(s->metric, metric))
			continue;
		cc_day_format(a, s->first);
		cc_day_format(z, s->last);
		if (cc_metric_is_gauge(metric) && s->days > 1)
			cc_buf_addf(b, "        from %s: %g for the period %s..%s\n", s->source, s->total, a, z);
		else if (cc_metric_is_gauge(metric))
			cc_buf_addf(b, "        from %s: mean %g over %zu day%s, %s..%s\n", s->source,
				    s->total / (double)s->rows, s->rows, s->rows == 1 ? "" : "s", a, z);
		else if (s->days > 1)
			cc_buf_addf(b, "        from %s: period total %g for %s..%s (%lld days, spread "
				       "evenly)\n", s->source, s->total, a, z, (long long)s->days);
		else
			cc_buf_addf(b, "        from %s: %g over %zu day%s, %s..%s\n", s->source, s->total,
				    s->rows, s->rows == 1 ? "" : "s", a, z);
	}
}

static void explain(struct cc_buf *out, const struct cc_ranked *it)
{
	const struct cc_relevance *r = it->rel;
	struct cc_buf b = CC_BUF_INIT;
	for (size_t k = 0; k < r->nterms; k++) {
		const struct cc_relevance_term *t = &r->terms[k];
		cc_buf_reset(&b);
		cc_buf_addf(&b, "      %-16s raw %12.2f  decayed %12.4f  x weight %-6g = %12.4f%s\n",
			    t->metric, t->raw, t->decayed, t->weight, t->contribution,
			    t->weighted ? "" : "  (no weight configured: not counted)");
		add_sources(&b, it->src, it->nsrc, t->metric);
		cc_buf_add_safe(out, b.buf, true);
	}
	/* Gauges (rates, averages, positions) are stored but never scored. */
	for (size_t i = 0; i < it->nsrc; i++) {
		if (!cc_metric_is_gauge(it->src[i].metric) ||
		    (i && !strcmp(it->src[i - 1].metric, it->src[i].metric)))
			continue;
		cc_buf_reset(&b);
		cc_buf_addf(&b, "      %-16s gauge: stored, never summed into the score\n", it->src[i].metric);
		add_sources(&b, it->src, it->nsrc, it->src[i].metric);
		cc_buf_add_safe(out, b.buf, true);
	}
	if (!r->has_data) {
		cc_buf_adds(out, "      no engagement data up to the as-of date\n");
		cc_buf_release(&b);
		return;
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
	cc_buf_add_safe(out, b.buf, true);
	cc_buf_release(&b);
}


void cc_render_ranking_json(struct cc_buf *out, const struct cc_ranking_view *v)
{
	const struct cc_ranked *items = v->v;
	char day[11];
	cc_day_format(day, v->as_of);
	{
		json_t *arr = json_array();
		for (size_t i = v->from; i < v->to; i++) {
			const struct cc_ranked *it = &items[i];
			json_t *o = cc_asset_json(it->row, &it->lc);
			json_object_set_new(o, "rank", json_integer((json_int_t)(i + 1)));
			json_object_set_new(o, "score", json_real(it->rel->score));
			json_object_set_new(o, "percentile", json_real(it->rel->percentile));
			json_object_set_new(o, "group", cc_json_text(it->rel->group));
			json_object_set_new(o, "within", cc_json_text(within(it->rel)));
			json_object_set_new(o, "fallback", json_boolean(it->rel->fallback));
			json_object_set_new(o, "group_size", json_integer((json_int_t)it->rel->group_size));
			json_object_set_new(o, "has_data", json_boolean(it->rel->has_data));
			json_object_set_new(o, "stale", it->stale ? cc_json_text(it->stale) : json_null());
			json_object_set_new(o, "terms", terms_json(it->rel));
			json_array_append_new(arr, o);
		}
		json_t *doc = json_pack("{s:s, s:f, s:i, s:s, s:o}", "as_of", day, "half_life_days",
					v->cfg->engagement.half_life_days, "min_sample", v->cfg->engagement.min_sample,
					"group_by", v->cfg->engagement.group_by, "assets", arr);
		cc_render_json(out, doc);
	}
}

void cc_render_ranking_csv(struct cc_buf *out, const struct cc_ranking_view *v)
{
	const struct cc_ranked *items = v->v;
	{
		struct cc_buf b = CC_BUF_INIT;
		cc_buf_adds(&b, "rank,path,title,stages,format,score,percentile,group,within,group_size,has_data,stale\r\n");
		for (size_t i = v->from; i < v->to; i++) {
			const struct cc_ranked *it = &items[i];
			struct cc_buf tmp = CC_BUF_INIT;
			cc_buf_addf(&b, "%zu,", i + 1);
			cc_buf_add_csv(&b, it->row->path);
			cc_buf_addch(&b, ',');
			cc_buf_add_csv(&b, it->row->title);
			cc_buf_addch(&b, ',');
			cc_buf_add_joined(&tmp, &it->row->tags[CC_DIM_STAGE], ";");
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
		cc_buf_add(out, b.buf, b.len);
		cc_buf_release(&b);
	}
}

void cc_render_ranking_text(struct cc_buf *out, const struct cc_ranking_view *v)
{
	const struct cc_ranked *items = v->v;
	{
		struct cc_buf line = CC_BUF_INIT;
		cc_buf_addf(out, "%-4s %10s %6s  %-22s %s\n", "rank", "score", "pct", "within", "asset");
		for (size_t i = v->from; i < v->to; i++) {
			const struct cc_ranked *it = &items[i];
			cc_buf_reset(&line);
			if (it->rel->has_data)
				cc_buf_addf(&line, "%-4zu %10.1f %6.1f  %-22s ", i + 1, it->rel->score,
					    it->rel->percentile, within(it->rel));
			else
				cc_buf_addf(&line, "%-4zu %10s %6s  %-22s ", i + 1, "-", "-", "no data");
			cc_buf_addf(&line, "%s (%s)", it->row->title, it->row->path);
			if (v->retire && it->stale)
				cc_buf_addf(&line, " — %s", it->stale);
			cc_buf_add_safe(out, line.buf, false);
			cc_buf_addch(out, '\n');
			if (v->explain)
				explain(out, it);
		}
		cc_buf_release(&line);
	}
}
