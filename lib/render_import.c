/*
 * render_import.c — the summaries of the imports: `ingest` (engagement and
 * ratings) and `crm import`, as text and JSON.
 */
#include <jansson.h>

#include "crm.h"
#include "date.h"
#include "engagement.h"
#include "render.h"
#include "text.h"

static json_t *period_json(const struct cc_ingest_stats *st)
{
	char a[16], b[16];
	if (!st->period_end)
		return json_null();
	cc_day_format(a, st->period_start);
	cc_day_format(b, st->period_end);
	return json_pack("{s:s, s:s}", "start", a, "end", b);
}

void cc_render_ingest(struct cc_buf *out, enum cc_format f, const char *file, const struct cc_ingest_stats *st)
{
	if (f == CC_FMT_JSON) {
		json_t *j = json_pack("{s:o, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "file",
				      cc_json_text(file), "shape", st->preset ? st->preset : st->wide ? "wide" : "long",
				      "stored_any", st->committed, "rows", (json_int_t)st->rows, "values",
				      (json_int_t)st->values, "new", (json_int_t)st->stored, "replaced",
				      (json_int_t)st->replaced, "unchanged", (json_int_t)st->unchanged, "unknown",
				      (json_int_t)st->unknown, "bad", (json_int_t)st->bad);
		json_object_set_new(j, "preset", st->preset ? json_string(st->preset) : json_null());
		json_object_set_new(j, "totals_skipped", json_integer((json_int_t)st->totals));
		json_object_set_new(j, "period", period_json(st));
		cc_render_json(out, j);
		return;
	}
	cc_buf_add_safe(out, file, false);
	cc_buf_addf(out, ": %zu rows read (", st->rows);
	if (st->preset)
		cc_buf_addf(out, "%s preset", st->preset);
	else
		cc_buf_addf(out, "%s shape", st->wide ? "wide" : "long");
	cc_buf_addf(out, "): %zu values stored (%zu new, %zu replaced, %zu unchanged), %zu unknown-asset rows "
			 "kept aside, %zu bad rows\n",
		    st->committed ? st->values : 0, st->committed ? st->stored : 0, st->committed ? st->replaced : 0,
		    st->committed ? st->unchanged : 0, st->unknown, st->bad);
	if (st->period_end) {
		char a[16], b[16];
		cc_day_format(a, st->period_start);
		cc_day_format(b, st->period_end);
		cc_buf_addf(out, "period totals for %s..%s (%lld days, spread evenly by the decay)\n", a, b,
			    (long long)(st->period_end - st->period_start + 1));
	}
	if (st->totals)
		cc_buf_addf(out, "%zu total row%s skipped\n", st->totals, st->totals == 1 ? "" : "s");
	if (!st->committed)
		cc_buf_addf(out, "nothing was stored%s\n", st->bad ? "; fix the rows above or use --skip-bad" : "");
}

void cc_render_ratings(struct cc_buf *out, enum cc_format f, const char *file, bool stored, size_t ratings,
		       size_t bad)
{
	if (f == CC_FMT_JSON) {
		cc_render_json(out, json_pack("{s:o, s:b, s:I, s:I}", "file", cc_json_text(file), "stored_any",
					      stored, "ratings", (json_int_t)ratings, "bad", (json_int_t)bad));
		return;
	}
	cc_buf_add_safe(out, file, false);
	if (stored)
		cc_buf_addf(out, ": %zu rating%s stored\n", ratings, ratings == 1 ? "" : "s");
	else
		cc_buf_addf(out, ": %zu bad row%s; nothing was stored\n", bad, bad == 1 ? "" : "s");
}

json_t *cc_crm_stats_json(const char *file, const struct cc_crm_stats *st)
{
	const char *pname = st->preset >= 0 ? cc_crm_preset_name(st->preset) : "unknown";
	return json_pack("{s:o, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "file", cc_json_text(file), "preset",
			 pname, "stored", st->committed, "rows", (json_int_t)st->rows, "new", (json_int_t)st->added,
			 "updated", (json_int_t)st->updated, "unchanged", (json_int_t)st->unchanged, "skipped",
			 (json_int_t)st->skipped, "unknown", (json_int_t)st->unknown, "bad", (json_int_t)st->bad);
}

void cc_render_crm_text(struct cc_buf *out, const char *file, const struct cc_crm_stats *st)
{
	const char *pname = st->preset >= 0 ? cc_crm_preset_name(st->preset) : "unknown";
	cc_buf_add_safe(out, file, false);
	cc_buf_addf(out, " (%s): %zu rows: %zu new, %zu updated, %zu unchanged, %zu skipped, "
			 "%zu unknown-asset rows kept aside, %zu bad rows%s\n",
		    pname, st->rows, st->committed ? st->added : 0, st->committed ? st->updated : 0,
		    st->committed ? st->unchanged : 0, st->skipped, st->unknown, st->bad,
		    st->committed ? "" : "; nothing of this file was stored");
}
