/*
 * render_assets.c — a list of assets as text, CSV and JSON (see render.h).
 */
#include "render.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "text.h"

void cc_buf_add_joined(struct cc_buf *b, const struct cc_strlist *l, const char *sep)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			cc_buf_adds(b, sep);
		cc_buf_adds(b, l->v[i]);
	}
}

void cc_render_assets_text(struct cc_buf *out, const struct cc_rows *rows, const struct cc_lifecycle *lc)
{
	struct cc_buf line = CC_BUF_INIT, tmp = CC_BUF_INIT;
	size_t wstage = 5, wpersona = 8, wstatus = 6, wstate = 5, wauthor = 1;

	/* Column widths from the data, so long persona lists stay aligned. */
	for (size_t i = 0; i < rows->n; i++) {
		const struct cc_row *r = &rows->v[i];
		cc_buf_reset(&tmp);
		cc_buf_add_joined(&tmp, &r->tags[CC_DIM_STAGE], ",");
		wstage = tmp.len > wstage ? tmp.len : wstage;
		cc_buf_reset(&tmp);
		cc_buf_add_joined(&tmp, &r->tags[CC_DIM_PERSONA], ",");
		wpersona = tmp.len > wpersona ? tmp.len : wpersona;
		wstatus = strlen(r->status) > wstatus ? strlen(r->status) : wstatus;
		wstate = strlen(cc_lifecycle_label(&lc[i])) > wstate ? strlen(cc_lifecycle_label(&lc[i])) : wstate;
		cc_buf_reset(&tmp);
		cc_buf_add_joined(&tmp, &r->authors, ",");
		wauthor = tmp.len > wauthor ? tmp.len : wauthor;
	}
	for (size_t i = 0; i < rows->n; i++) {
		const struct cc_row *r = &rows->v[i];
		char day[11] = "-";
		if (lc[i].publish != CC_NO_DAY)
			cc_day_format(day, lc[i].publish);
		cc_buf_reset(&line);
		cc_buf_addf(&line, "%-10s  %-*s  %-*s  ", day, (int)wstatus, r->status, (int)wstate,
			    cc_lifecycle_label(&lc[i]));
		cc_buf_reset(&tmp);
		cc_buf_add_joined(&tmp, &r->tags[CC_DIM_STAGE], ",");
		cc_buf_addf(&line, "%-*s  ", (int)wstage, tmp.buf);
		cc_buf_reset(&tmp);
		cc_buf_add_joined(&tmp, &r->tags[CC_DIM_PERSONA], ",");
		cc_buf_addf(&line, "%-*s  ", (int)wpersona, tmp.buf);
		cc_buf_reset(&tmp);
		cc_buf_add_joined(&tmp, &r->authors, ",");
		cc_buf_addf(&line, "%-*s  %s  (%s)", (int)wauthor, tmp.len ? tmp.buf : "-", r->title, r->path);
		cc_buf_add_safe(out, line.buf, false);
		cc_buf_addch(out, '\n');
	}
	cc_buf_release(&line);
	cc_buf_release(&tmp);
}

void cc_render_assets_csv(struct cc_buf *out, const struct cc_rows *rows, const struct cc_lifecycle *lc)
{
	static const char *const head[] = {"path", "slug", "title", "date", "status", "format", "stages",
					   "personas", "topics", "words", "reading_minutes", "created",
					   "updated", "author", "url", "state", "freshness", "authors", "owner", NULL};
	struct cc_buf b = CC_BUF_INIT;
	for (int i = 0; head[i]; i++)
		cc_buf_addf(&b, "%s%s", i ? "," : "", head[i]);
	cc_buf_adds(&b, "\r\n");
	for (size_t i = 0; i < rows->n; i++) {
		const struct cc_row *r = &rows->v[i];
		struct cc_buf tmp = CC_BUF_INIT;
		char day[11] = "";
		const char *fresh = cc_freshness_name(lc[i].freshness);
		if (r->date != CC_NO_DAY)
			cc_day_format(day, r->date);
		const char *cells[] = {r->path, r->slug, r->title, r->date_full ? r->date_full : day,
				       r->status, r->format};
		for (size_t k = 0; k < sizeof(cells) / sizeof(cells[0]); k++) {
			if (k)
				cc_buf_addch(&b, ',');
			cc_buf_add_csv(&b, cells[k] ? cells[k] : "");
		}
		for (int d = CC_DIM_STAGE, k = 0; k < 3; k++) {
			static const int order[] = {CC_DIM_STAGE, CC_DIM_PERSONA, CC_DIM_TOPIC};
			d = order[k];
			cc_buf_reset(&tmp);
			cc_buf_add_joined(&tmp, &r->tags[d], ";");
			cc_buf_addch(&b, ',');
			cc_buf_add_csv(&b, tmp.buf);
		}
		cc_buf_addf(&b, ",%ld,%d,", r->words, r->reading_minutes);
		cc_buf_add_csv(&b, r->created ? r->created : "");
		cc_buf_addch(&b, ',');
		cc_buf_add_csv(&b, r->updated ? r->updated : "");
		cc_buf_addch(&b, ',');
		cc_buf_add_csv(&b, r->author);
		cc_buf_addch(&b, ',');
		cc_buf_add_csv(&b, r->url);
		cc_buf_addf(&b, ",%s,%s,", cc_state_name(lc[i].state), fresh ? fresh : "");
		cc_buf_reset(&tmp);
		cc_buf_add_joined(&tmp, &r->authors, ";");
		cc_buf_add_csv(&b, tmp.buf);
		cc_buf_addch(&b, ',');
		cc_buf_add_csv(&b, r->owners.n ? r->owners.v[0] : "");
		cc_buf_adds(&b, "\r\n");
		cc_buf_release(&tmp);
	}
	cc_buf_add(out, b.buf, b.len);
	cc_buf_release(&b);
}

void cc_render_assets_json(struct cc_buf *out, const struct cc_rows *rows, const struct cc_lifecycle *lc,
			   bool lines)
{
	json_t *arr = lines ? NULL : json_array();
	for (size_t i = 0; i < rows->n; i++) {
		json_t *o = cc_asset_json(&rows->v[i], &lc[i]);
		if (arr)
			json_array_append_new(arr, o);
		else
			cc_render_jsonl(out, o);
	}
	if (arr)
		cc_render_json(out, arr);
}

