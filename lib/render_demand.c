/*
 * render_demand.c — the text of `contentcal demand` (the document of
 * cc_demand_compute, lib/activity.h; its JSON is that document as is).
 */
#include <jansson.h>

#include "render.h"
#include "text.h"

static const char *str(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static long num(const json_t *o, const char *k)
{
	return (long)json_integer_value(json_object_get(o, k));
}

void cc_render_demand_text(struct cc_buf *out, const json_t *doc)
{
	const json_t *unmet = json_object_get(doc, "unmet"), *cells = json_object_get(doc, "cells"),
		     *shared = json_object_get(doc, "shared"), *e;
	struct cc_buf b = CC_BUF_INIT;
	size_t i;

	cc_buf_addf(&b, "%ld searches, %ld shares%s%s\n\n", num(doc, "searches"), num(doc, "shares"),
		    str(doc, "since") ? " since " : "", str(doc, "since") ? str(doc, "since") : "");
	cc_buf_addf(&b, "Searches with fewer than %ld results:\n", num(doc, "weak_below"));
	if (!json_array_size(unmet))
		cc_buf_adds(&b, "  none\n");
	json_array_foreach(unmet, i, e)
	{
		const char *q = str(e, "query");
		cc_buf_addf(&b, "  %4ldx  \"%s\"", num(e, "searches"), q ? q : "");
		static const char *const keys[] = {"persona", "stage", "topic", "format"};
		for (int k = 0; k < 4; k++)
			if (str(e, keys[k]))
				cc_buf_addf(&b, " %s=%s", keys[k], str(e, keys[k]));
		cc_buf_addf(&b, "  (best %ld result%s, last %s)\n", num(e, "best_results"),
			    num(e, "best_results") == 1 ? "" : "s", str(e, "last") ? str(e, "last") : "?");
	}
	cc_buf_adds(&b, "\nPersona x stage asked for, with nothing to offer:\n");
	if (!json_array_size(cells))
		cc_buf_adds(&b, "  none\n");
	json_array_foreach(cells, i, e)
		cc_buf_addf(&b, "  %4ldx  %s at %s\n", num(e, "asked"), str(e, "persona"), str(e, "stage"));
	cc_buf_adds(&b, "\nMost shared:\n");
	if (!json_array_size(shared))
		cc_buf_adds(&b, "  none\n");
	json_array_foreach(shared, i, e)
		cc_buf_addf(&b, "  %4ldx  %s\n", num(e, "shares"), str(e, "path"));
	cc_buf_add_safe(out, b.buf, true);
	cc_buf_release(&b);
}

