/*
 * report_influence.c — the report's influence section (report.h): per
 * asset the influenced pipeline and won revenue under influence.model, and
 * with CRM data the same by persona × stage; left out when there is no
 * influence data. Its own file, so the rest of the report can change
 * without it.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "text.h"

#define INFLUENCE_N 25 /* assets shown, most pipeline first */

static int cmp_credit(const void *a, const void *b, void *ctx)
{
	const struct cc_influence_row *x = *(const struct cc_influence_row *const *)a;
	const struct cc_influence_row *y = *(const struct cc_influence_row *const *)b;
	int m = *(const int *)ctx;
	if (x->pipeline[m] != y->pipeline[m])
		return x->pipeline[m] > y->pipeline[m] ? -1 : 1;
	if (x->revenue[m] != y->revenue[m])
		return x->revenue[m] > y->revenue[m] ? -1 : 1;
	return strcmp(x->key, y->key);
}

int cc_report_influence_build(struct cc_report_influence *out, struct cc_db *db, const struct cc_config *cfg,
			      int64_t as_of)
{
	memset(out, 0, sizeof(*out));
	out->model = cfg->influence.model;
	if (cc_influence_load(&out->assets, db, cfg, as_of, out->model) < 0)
		return -1;
	out->source = out->assets.source;
	if (out->source && !strcmp(out->source, "crm")) {
		struct cc_influence_options o = {0};
		o.since = INT64_MIN;
		o.as_of = as_of;
		o.models[out->model] = true;
		o.by = CC_BY_PERSONA_STAGE;
		if (cc_influence_compute(&out->cells, db, cfg, &o) < 0)
			return -1;
	}
	/* Most pipeline first, then revenue, then path. */
	struct cc_influence_row *v = out->assets.rows;
	size_t n = out->assets.n;
	out->order = cc_xcalloc(n ? n : 1, sizeof(*out->order));
	for (size_t i = 0; i < n; i++)
		if (v[i].pipeline[out->model] > 0)
			out->order[out->nshown++] = &v[i];
	if (out->nshown > 1)
		qsort_r(out->order, out->nshown, sizeof(*out->order), cmp_credit, &out->model);
	for (size_t i = 0; i < out->nshown; i++) {
		out->pipeline += out->order[i]->pipeline[out->model];
		out->revenue += out->order[i]->revenue[out->model];
	}
	if (!out->nshown)
		out->source = NULL; /* nothing to show: the section is left out */
	return 0;
}

void cc_report_influence_release(struct cc_report_influence *ri)
{
	cc_influence_result_release(&ri->assets);
	cc_influence_result_release(&ri->cells);
	free(ri->order);
	memset(ri, 0, sizeof(*ri));
}

/* The row of path (rows sorted by path in byp), or NULL. */
static const struct cc_row *row_of(const struct cc_row *const *byp, size_t n, const char *path)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(byp[mid]->path, path);
		if (c == 0)
			return byp[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int cmp_row_path(const void *a, const void *b)
{
	return strcmp((*(const struct cc_row *const *)a)->path, (*(const struct cc_row *const *)b)->path);
}

static const struct cc_row **by_path(const struct cc_rows *rows)
{
	const struct cc_row **v = cc_xcalloc(rows->n ? rows->n : 1, sizeof(*v));
	for (size_t i = 0; i < rows->n; i++)
		v[i] = &rows->v[i];
	if (rows->n > 1)
		qsort(v, rows->n, sizeof(*v), cmp_row_path);
	return v;
}

static const char *source_words(const struct cc_report_influence *ri)
{
	return !strcmp(ri->source, "crm") ? "from the CRM exports (contentcal crm import)"
					  : "from the per-asset results committed under engagement.files";
}

static void html_cents(struct cc_buf *b, int64_t cents)
{
	cc_buf_add_cents(b, cents);
}

void cc_report_influence_html(struct cc_buf *b, const struct cc_report *r)
{
	const struct cc_report_influence *ri = &r->influence;
	const char *model = cc_model_name(ri->model);
	char as[11];
	if (!ri->source)
		return;
	cc_day_format(as, r->as_of);
	const struct cc_row **byp = by_path(&r->rows);
	cc_buf_adds(b, "<section class=\"block\" id=\"influence\">\n<h2>Influence on pipeline</h2>\n<p class=\"muted\">");
	cc_buf_addf(b, "Opportunities created up to %s, credited to content under the %s model, %s. "
		       "Total: ", as, model, source_words(ri));
	html_cents(b, ri->pipeline);
	cc_buf_adds(b, " pipeline, ");
	html_cents(b, ri->revenue);
	cc_buf_addf(b, " won revenue over %zu asset%s.</p>\n", ri->nshown, ri->nshown == 1 ? "" : "s");
	cc_buf_adds(b, "<div class=\"table-wrap\"><table class=\"ranking influence\"><thead><tr><th scope=\"col\">#</th>"
		       "<th scope=\"col\">asset</th><th scope=\"col\" class=\"num\">opportunities</th>"
		       "<th scope=\"col\" class=\"num\">pipeline</th><th scope=\"col\" class=\"num\">revenue</th>"
		       "</tr></thead><tbody>\n");
	for (size_t i = 0; i < ri->nshown && i < INFLUENCE_N; i++) {
		const struct cc_influence_row *x = ri->order[i];
		const struct cc_row *row = row_of(byp, r->rows.n, x->key);
		cc_buf_adds(b, "<tr data-filter=\"");
		cc_buf_add_html(b, x->key);
		cc_buf_addf(b, "\"><td class=\"num\">%zu</td><td class=\"asset\">", i + 1);
		cc_buf_add_html(b, row ? row->title : x->key);
		if (row) {
			cc_buf_adds(b, "<span class=\"entry-meta\">");
			cc_buf_add_html(b, row->format);
			cc_buf_adds(b, "</span>");
		}
		cc_buf_addf(b, "</td><td class=\"num\">%lld</td><td class=\"num\">", (long long)x->opps[ri->model]);
		html_cents(b, x->pipeline[ri->model]);
		cc_buf_adds(b, "</td><td class=\"num\">");
		html_cents(b, x->revenue[ri->model]);
		cc_buf_adds(b, "</td></tr>\n");
	}
	cc_buf_adds(b, "</tbody></table></div>\n");
	if (ri->nshown > INFLUENCE_N)
		cc_buf_addf(b, "<p class=\"muted\">%zu more assets with influence: <code>contentcal influence</code> "
			       "lists them all.</p>\n", ri->nshown - INFLUENCE_N);
	if (ri->cells.n) {
		cc_buf_adds(b, "<h3>By persona × stage</h3>\n<div class=\"table-wrap\"><table class=\"ranking "
			       "influence-cells\"><thead><tr><th scope=\"col\">persona</th><th scope=\"col\">stage</th>"
			       "<th scope=\"col\" class=\"num\">pipeline</th><th scope=\"col\" class=\"num\">revenue</th>"
			       "</tr></thead><tbody>\n");
		for (size_t i = 0; i < ri->cells.n; i++) {
			const struct cc_influence_row *c = &ri->cells.rows[i];
			cc_buf_adds(b, "<tr><td>");
			cc_buf_add_html(b, c->key);
			cc_buf_adds(b, "</td><td>");
			cc_buf_add_html(b, c->key2 ? c->key2 : "");
			cc_buf_adds(b, "</td><td class=\"num\">");
			html_cents(b, c->pipeline[ri->model]);
			cc_buf_adds(b, "</td><td class=\"num\">");
			html_cents(b, c->revenue[ri->model]);
			cc_buf_adds(b, "</td></tr>\n");
		}
		cc_buf_adds(b, "</tbody></table></div>\n<p class=\"muted\">Each asset counts in the cell of its first "
			       "persona and first stage (docs/influence.md).</p>\n");
	}
	cc_buf_adds(b, "</section>\n");
	free(byp);
}

void cc_report_influence_markdown(struct cc_buf *b, const struct cc_report *r)
{
	const struct cc_report_influence *ri = &r->influence;
	char as[11];
	if (!ri->source)
		return;
	cc_day_format(as, r->as_of);
	const struct cc_row **byp = by_path(&r->rows);
	cc_buf_addf(b, "\n## Influence on pipeline\n\nOpportunities created up to %s, credited to content under the "
		       "%s model, %s. Total: ", as, cc_model_name(ri->model), source_words(ri));
	cc_buf_add_cents(b, ri->pipeline);
	cc_buf_adds(b, " pipeline, ");
	cc_buf_add_cents(b, ri->revenue);
	cc_buf_addf(b, " won revenue over %zu asset%s.\n\n| # | asset | opportunities | pipeline | revenue |\n"
		       "|---:|---|---:|---:|---:|\n", ri->nshown, ri->nshown == 1 ? "" : "s");
	for (size_t i = 0; i < ri->nshown && i < INFLUENCE_N; i++) {
		const struct cc_influence_row *x = ri->order[i];
		const struct cc_row *row = row_of(byp, r->rows.n, x->key);
		cc_buf_addf(b, "| %zu | ", i + 1);
		cc_buf_add_md(b, row ? row->title : x->key);
		cc_buf_addf(b, " | %lld | ", (long long)x->opps[ri->model]);
		cc_buf_add_cents(b, x->pipeline[ri->model]);
		cc_buf_adds(b, " | ");
		cc_buf_add_cents(b, x->revenue[ri->model]);
		cc_buf_adds(b, " |\n");
	}
	if (ri->nshown > INFLUENCE_N)
		cc_buf_addf(b, "\n%zu more assets with influence: `contentcal influence` lists them all.\n",
			    ri->nshown - INFLUENCE_N);
	if (ri->cells.n) {
		cc_buf_adds(b, "\n### By persona × stage\n\n| persona | stage | pipeline | revenue |\n|---|---|---:|---:|\n");
		for (size_t i = 0; i < ri->cells.n; i++) {
			const struct cc_influence_row *c = &ri->cells.rows[i];
			cc_buf_adds(b, "| ");
			cc_buf_add_md(b, c->key);
			cc_buf_adds(b, " | ");
			cc_buf_add_md(b, c->key2 ? c->key2 : "");
			cc_buf_adds(b, " | ");
			cc_buf_add_cents(b, c->pipeline[ri->model]);
			cc_buf_adds(b, " | ");
			cc_buf_add_cents(b, c->revenue[ri->model]);
			cc_buf_adds(b, " |\n");
		}
		cc_buf_adds(b, "\nEach asset counts in the cell of its first persona and first stage.\n");
	}
	free(byp);
}
