/*
 * render_json.c — the JSON object of an asset (see render.h).
 */
#include "render.h"

#include "date.h"
#include "text.h"

static json_t *list_json(const struct cc_strlist *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, cc_json_text(l->v[i]));
	return a;
}

static json_t *str_or_null(const char *s)
{
	return s ? cc_json_text(s) : json_null();
}

static json_t *day_or_null(int64_t d)
{
	char buf[11];
	if (d == CC_NO_DAY)
		return json_null();
	cc_day_format(buf, d);
	return json_string(buf);
}

json_t *cc_asset_json(const struct cc_row *r, const struct cc_lifecycle *l)
{
	json_t *o = json_object();
	const char *fresh = cc_freshness_name(l->freshness);
	json_t *reasons = json_array();
	for (int i = 0; i < CC_STALE_NREASONS; i++)
		if (l->stale & (1u << i))
			json_array_append_new(reasons, json_string(cc_stale_reason_name(i)));
	json_object_set_new(o, "path", cc_json_text(r->path));
	json_object_set_new(o, "slug", cc_json_text(r->slug));
	json_object_set_new(o, "title", cc_json_text(r->title));
	json_object_set_new(o, "summary", cc_json_text(r->summary));
	json_object_set_new(o, "date", r->date_full ? cc_json_text(r->date_full) : day_or_null(r->date));
	json_object_set_new(o, "status", cc_json_text(r->status));
	json_object_set_new(o, "state", json_string(cc_state_name(l->state)));
	json_object_set_new(o, "freshness", fresh ? json_string(fresh) : json_null());
	json_object_set_new(o, "stale_reasons", reasons);
	json_object_set_new(o, "offered", json_boolean(l->offered));
	json_object_set_new(o, "format", cc_json_text(r->format));
	json_object_set_new(o, "author", cc_json_text(r->author));
	json_object_set_new(o, "authors", list_json(&r->authors));
	json_object_set_new(o, "owner", r->owners.n ? cc_json_text(r->owners.v[0]) : json_null());
	json_object_set_new(o, "stages", list_json(&r->tags[CC_DIM_STAGE]));
	json_object_set_new(o, "personas", list_json(&r->tags[CC_DIM_PERSONA]));
	json_object_set_new(o, "topics", list_json(&r->tags[CC_DIM_TOPIC]));
	json_object_set_new(o, "words", json_integer(r->words));
	json_object_set_new(o, "reading_minutes", json_integer(r->reading_minutes));
	json_object_set_new(o, "due", day_or_null(r->due));
	json_object_set_new(o, "review_by", day_or_null(r->review_by));
	json_object_set_new(o, "expires", day_or_null(r->expires));
	json_object_set_new(o, "created", str_or_null(r->created));
	json_object_set_new(o, "updated", str_or_null(r->updated));
	json_object_set_new(o, "revised", day_or_null(r->revised));
	json_object_set_new(o, "commits", json_integer(r->commits));
	json_object_set_new(o, "url", cc_json_text(r->url));
	json_object_set_new(o, "problems", json_integer(r->problems));
	json_object_set_new(o, "fields", r->fields ? json_incref(r->fields) : json_object());
	if (r->site) /* lang, site_url, translations (slugs.h) */
		json_object_update(o, r->site);
	if (r->intent)
		json_object_set_new(o, "intent", cc_intent_json(r->intent));
	return o;
}

json_t *cc_intent_json(const struct cc_intent *i)
{
	json_t *o = json_pack("{s:b, s:b}", "declared", i->declared, "measured", i->measured);
	if (i->figures) {
		json_object_set_new(o, "stage", cc_json_text(i->stage));
		json_object_set_new(o, "next", cc_json_text(i->next));
		json_object_set_new(o, "lift", json_real(i->lift));
		json_object_set_new(o, "ci", json_pack("[f, f]", i->ci[0], i->ci[1]));
		json_object_set_new(o, "consumed", json_integer((json_int_t)i->n1));
		json_object_set_new(o, "others", json_integer((json_int_t)i->n0));
	}
	return o;
}
