/*
 * render_recommend.c — recommendations (the buyer's cell, the next stage,
 * a substitute) as text and JSON (see render.h).
 */
#include "render.h"

#include <stdio.h>
#include <string.h>

#include "relevance.h"
#include "text.h"

static void print_picks(struct cc_buf *out, const struct cc_picks *c, long limit, const char *marker)
{
	struct cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < c->n && i < (size_t)limit; i++) {
		const struct cc_pick *p = &c->v[i];
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
		cc_render_unoffered(&b, &p->lc, p->row->status, "     ");
		cc_render_intent(&b, p->row->intent, "     ");
		cc_buf_add_safe(out, b.buf, true);
	}
	cc_buf_release(&b);
}

static json_t *picks_json(const struct cc_picks *c, long limit, const char *from_stage)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->n && i < (size_t)limit; i++) {
		const struct cc_pick *p = &c->v[i];
		json_t *o = cc_asset_json(p->row, &p->lc);
		json_object_set_new(o, "stage", cc_json_text(c->stage));
		json_object_set_new(o, "percentile", p->rel && p->rel->has_data ? json_real(p->rel->percentile) : json_null());
		json_object_set_new(o, "fresh_score", json_real(p->fresh));
		json_object_set_new(o, "rank_value", json_real(p->rank));
		if (from_stage)
			json_object_set_new(o, "substitute_from", cc_json_text(from_stage));
		json_array_append_new(a, o);
	}
	return a;
}

void cc_render_recommend_json(struct cc_buf *out, const struct cc_recommend_view *v)
{
	const char *persona = v->persona, *stage = v->stage, *topic = v->topic, *next_stage = v->next_stage;
	const struct cc_picks *now = &v->now, *next = &v->next, *near = &v->near;
	long limit = v->limit;
	{
		json_t *o = json_object();
		json_object_set_new(o, "persona", cc_json_text(persona));
		json_object_set_new(o, "stage", cc_json_text(stage));
		json_object_set_new(o, "topic", topic ? cc_json_text(topic) : json_null());
		json_object_set_new(o, "now", picks_json(now, limit, NULL));
		json_object_set_new(o, "empty", json_boolean(!now->n));
		json_object_set_new(o, "substitute", near->n ? picks_json(near, limit, near->stage) : json_array());
		json_object_set_new(o, "next_stage", next_stage ? cc_json_text(next_stage) : json_null());
		json_object_set_new(o, "next", picks_json(next, limit, NULL));
		json_object_set_new(o, "left_out_stale", json_integer((json_int_t)(now->left_out + next->left_out)));
		cc_render_json(out, o);
	}
}

void cc_render_recommend_text(struct cc_buf *out, const struct cc_recommend_view *v)
{
	const char *persona = v->persona, *stage = v->stage, *topic = v->topic, *next_stage = v->next_stage;
	const struct cc_picks *now = &v->now, *next = &v->next, *near = &v->near;
	long limit = v->limit;
	{
		struct cc_buf b = CC_BUF_INIT;
		cc_buf_addf(&b, "Best for %s at %s%s%s now:\n", persona, stage, topic ? " on " : "", topic ? topic : "");
		cc_buf_add_safe(out, b.buf, true);
		if (now->n) {
			print_picks(out, now, limit, NULL);
		} else {
			cc_buf_reset(&b);
			cc_buf_addf(&b, "  nothing published for %s at %s%s%s: a coverage gap\n", persona, stage,
				    topic ? " on " : "", topic ? topic : "");
			if (near->n)
				cc_buf_addf(&b, "  nearest stage with assets for %s: %s; its best instead:\n", persona, near->stage);
			cc_buf_add_safe(out, b.buf, true);
			if (near->n) {
				char marker[96];
				snprintf(marker, sizeof(marker), "  [from %s, not %s]", near->stage, stage);
				print_picks(out, near, limit, marker);
			}
		}
		cc_buf_reset(&b);
		if (!next_stage)
			cc_buf_addf(&b, "\n%s is the last stage: nothing comes next\n", stage);
		else if (!next->n)
			cc_buf_addf(&b, "\nNext (%s): nothing published for %s yet\n", next_stage, persona);
		else
			cc_buf_addf(&b, "\nTo move them on (%s):\n", next_stage);
		cc_buf_add_safe(out, b.buf, true);
		if (next->n)
			print_picks(out, next, limit, NULL);
		cc_buf_release(&b);
	}
}
