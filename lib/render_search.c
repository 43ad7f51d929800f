/*
 * render_search.c — search results as text and JSON, and the mark of an
 * asset that is not offered to sales (see render.h).
 */
#include "render.h"

#include <stdio.h>
#include <string.h>

#include "fulltext.h"
#include "text.h"

void cc_render_unoffered(struct cc_buf *b, const struct cc_lifecycle *l, const char *status, const char *indent)
{
	if (l->offered)
		return;
	cc_buf_addf(b, "%s%s: ", indent, cc_lifecycle_label(l));
	if (l->freshness == CC_FRESHNESS_STALE)
		cc_lifecycle_why(b, l);
	else
		cc_buf_addf(b, "status %s, not offered to sales", status);
	cc_buf_addch(b, '\n');
}

void cc_render_intent(struct cc_buf *b, const struct cc_intent *i, const char *indent)
{
	if (!i)
		return;
	cc_buf_addf(b, "%sintent asset (%s): ", indent, cc_intent_label(i));
	if (i->figures)
		cc_buf_addf(b, "%s -> %s %+.2f (95%% CI %.2f to %.2f; %zu consumed, %zu not)\n", i->stage, i->next,
			    i->lift, i->ci[0], i->ci[1], i->n1, i->n0);
	else
		cc_buf_adds(b, "no stage measured\n");
}

/* The snippet with its \x01 \x02 markers replaced by open / close. */
static char *mark(const char *s, const char *open, const char *close)
{
	struct cc_buf b = CC_BUF_INIT;
	for (; *s; s++) {
		if (*s == '\x01')
			cc_buf_adds(&b, open);
		else if (*s == '\x02')
			cc_buf_adds(&b, close);
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			cc_buf_addch(&b, ' ');
		else
			cc_buf_addch(&b, *s);
	}
	return cc_buf_detach(&b, NULL);
}

static const struct cc_row *find_row(const struct cc_rows *rows, int64_t id)
{
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i].id == id)
			return &rows->v[i];
	return NULL;
}

void cc_render_search_json(struct cc_buf *out, const struct cc_search_view *v)
{
	const struct cc_config *cfg = v->cfg;
	const struct cc_search_hits hits = *v->hits;
	const struct cc_rows rows = *v->rows;
	{
		json_t *arr = json_array();
		for (size_t i = 0; i < hits.n; i++) {
			const struct cc_search_hit *h = &hits.v[i];
			const struct cc_row *r = find_row(&rows, h->id);
			if (!r)
				continue;
			char *plain = mark(h->snippet, "", "");
			char *marked = mark(h->snippet, "[", "]");
			json_t *o = cc_asset_json(r, &h->lc);
			json_object_set_new(o, "rank", json_integer((json_int_t)(i + 1)));
			json_object_set_new(o, "score", json_real(h->score));
			json_object_set_new(o, "snippet", cc_json_text(plain));
			json_object_set_new(o, "snippet_marked", cc_json_text(marked));
			json_object_set_new(o, "explain",
					    json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:f}", "bm25", h->bm25,
						      "text", h->text, "w_text", cfg->search.w_text,
						      "relevance", h->relevance, "w_relevance",
						      cfg->search.w_relevance, "fresh", h->fresh, "w_fresh",
						      cfg->search.w_fresh));
			json_array_append_new(arr, o);
			free(plain);
			free(marked);
		}
		json_t *doc = json_pack("{s:o, s:I, s:I, s:o}", "query", cc_json_text(v->query), "total",
					(json_int_t)hits.total, "left_out_stale", (json_int_t)hits.left_out, "results", arr);
		cc_render_json(out, doc);
	}
}

void cc_render_search_text(struct cc_buf *out, const struct cc_search_view *v)
{
	const struct cc_config *cfg = v->cfg;
	const struct cc_search_hits hits = *v->hits;
	const struct cc_rows rows = *v->rows;
	{
		struct cc_buf b = CC_BUF_INIT;
		for (size_t i = 0; i < hits.n; i++) {
			const struct cc_search_hit *h = &hits.v[i];
			const struct cc_row *r = find_row(&rows, h->id);
			if (!r)
				continue;
			char *marked = mark(h->snippet, "[", "]");
			cc_buf_reset(&b);
			cc_buf_addf(&b, "%zu. %s  (%.3f)\n   ", i + 1, r->title, h->score);
			cc_buf_add_joined(&b, &r->tags[CC_DIM_STAGE], ",");
			cc_buf_adds(&b, " · ");
			cc_buf_add_joined(&b, &r->tags[CC_DIM_PERSONA], ",");
			cc_buf_addf(&b, " · %s%s%s\n", r->format, *r->url ? " · " : "", r->url);
			if (h->lc.cls != CC_ST_PUBLISHED)
				cc_buf_addf(&b, "   status: %s\n", r->status);
			cc_render_unoffered(&b, &h->lc, r->status, "   ");
			cc_render_intent(&b, r->intent, "   ");
			cc_buf_addf(&b, "   %s\n", marked);
			if (v->explain)
				cc_buf_addf(&b, "   = %g x text %.3f (bm25 %.3f) + %g x relevance %.3f + %g x fresh %.3f\n",
					    cfg->search.w_text, h->text, h->bm25, cfg->search.w_relevance,
					    h->relevance, cfg->search.w_fresh, h->fresh);
			cc_buf_addch(&b, '\n');
			cc_buf_add_safe(out, b.buf, true);
			free(marked);
		}
		cc_buf_release(&b);
	}
}
