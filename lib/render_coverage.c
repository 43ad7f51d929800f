/*
 * render_coverage.c — the coverage matrix as text, JSON and CSV (see render.h).
 */
#include "render.h"

#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "gaps.h"
#include "text.h"

void cc_render_coverage_text(struct cc_buf *out, const struct cc_coverage *m, const struct cc_quarter *q,
			     int64_t as_of)
{
	struct cc_buf b = CC_BUF_INIT;
	char name[16], a[11], z[11], as[11];
	size_t w0 = 12;
	cc_quarter_name(q, name);
	cc_day_format(a, q->first);
	cc_day_format(z, q->last);
	cc_day_format(as, as_of);
	cc_buf_addf(&b, "%s x stage coverage, %s (%s to %s) as of %s\n", cc_dim_name(m->by), name, a, z, as);
	cc_buf_addf(&b, "cells: fresh/live +scheduled; '!' marks fewer than %d fresh or scheduled\n\n",
		    m->min_per_cell);
	for (size_t r = 0; r < m->rows.n; r++)
		if (strlen(m->rows.v[r]) + 2 > w0)
			w0 = strlen(m->rows.v[r]) + 2;
	cc_buf_addf(&b, "%-*s", (int)w0, "");
	for (size_t s = 0; s < m->stages.n; s++)
		cc_buf_addf(&b, "%-16s", m->stages.v[s]);
	cc_buf_rtrim(&b);
	cc_buf_addch(&b, '\n');
	for (size_t r = 0; r < m->rows.n; r++) {
		cc_buf_addf(&b, "%-*s", (int)w0, m->rows.v[r]);
		for (size_t s = 0; s < m->stages.n; s++) {
			const struct cc_cell *c = cc_coverage_cell(m, r, s);
			char cell[64];
			snprintf(cell, sizeof(cell), "%d/%d +%d%s", c->fresh, c->live, c->scheduled,
				 cc_cell_count(c) < m->min_per_cell ? " !" : "");
			cc_buf_addf(&b, "%-16s", cell);
		}
		cc_buf_rtrim(&b);
		cc_buf_addch(&b, '\n');
	}
	cc_buf_add_safe(out, b.buf, true);
	cc_buf_release(&b);
}

void cc_render_coverage_json(struct cc_buf *out, const struct cc_coverage *m, const struct cc_quarter *q,
			     int64_t as_of)
{
	char as[11];
	json_t *rows = json_array(), *stages = json_array(), *cells = json_array();
	cc_day_format(as, as_of);
	for (size_t r = 0; r < m->rows.n; r++)
		json_array_append_new(rows, cc_json_text(m->rows.v[r]));
	for (size_t s = 0; s < m->stages.n; s++)
		json_array_append_new(stages, json_string(m->stages.v[s]));
	for (size_t r = 0; r < m->rows.n; r++)
		for (size_t s = 0; s < m->stages.n; s++) {
			const struct cc_cell *c = cc_coverage_cell(m, r, s);
			int n = cc_cell_count(c);
			json_array_append_new(cells, json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:b}", "value",
							       m->rows.v[r], "stage", m->stages.v[s], "live",
							       c->live, "fresh", c->fresh, "scheduled", c->scheduled,
							       "count", n, "gap", n < m->min_per_cell));
		}
	cc_render_json(out, json_pack("{s:i, s:s, s:s, s:o, s:i, s:o, s:o, s:o}", "version", 1, "by", cc_dim_name(m->by),
				"as_of", as, "quarter", cc_quarter_json(q), "min_per_cell",
				m->min_per_cell, "rows", rows, "stages", stages, "cells", cells));
}

void cc_render_coverage_csv(struct cc_buf *out, const struct cc_coverage *m)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_addf(&b, "%s,stage,live,fresh,scheduled,count,min,gap\r\n", cc_dim_name(m->by));
	for (size_t r = 0; r < m->rows.n; r++)
		for (size_t s = 0; s < m->stages.n; s++) {
			const struct cc_cell *c = cc_coverage_cell(m, r, s);
			cc_buf_add_csv(&b, m->rows.v[r]);
			cc_buf_addch(&b, ',');
			cc_buf_add_csv(&b, m->stages.v[s]);
			cc_buf_addf(&b, ",%d,%d,%d,%d,%d,%s\r\n", c->live, c->fresh, c->scheduled, cc_cell_count(c),
				    m->min_per_cell, cc_cell_count(c) < m->min_per_cell ? "true" : "false");
		}
	cc_buf_add(out, b.buf, b.len);
	cc_buf_release(&b);
}

