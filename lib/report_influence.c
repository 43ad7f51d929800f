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

/* ---- the two tables, in HTML or Markdown ---- */

/* A column: its heading, and whether it holds numbers (right-aligned). */
struct col {
	const char *head;
	bool num;
};

static const struct col asset_cols[] = {
	{"#", true}, {"asset", false}, {"opportunities", true}, {"pipeline", true}, {"revenue", true}, {NULL, false},
};
static const struct col cell_cols[] = {
	{"persona", false}, {"stage", false}, {"pipeline", true}, {"revenue", true}, {NULL, false},
};

static void table_head(struct cc_buf *b, bool html, const char *cls, const struct col *cols)
{
	if (html) {
		cc_buf_addf(b, "<div class=\"table-wrap\"><table class=\"%s\"><thead><tr>", cls);
		/* the rank's heading stays left, as in the report's other rankings */
		for (const struct col *c = cols; c->head; c++)
			cc_buf_addf(b, "<th scope=\"col\"%s>%s</th>", c->num && strcmp(c->head, "#") ? " class=\"num\"" : "",
				    c->head);
		cc_buf_adds(b, "</tr></thead><tbody>\n");
		return;
	}
	for (const struct col *c = cols; c->head; c++)
		cc_buf_addf(b, "| %s ", c->head);
	cc_buf_adds(b, "|\n");
	for (const struct col *c = cols; c->head; c++)
		cc_buf_adds(b, c->num ? "|---:" : "|---");
	cc_buf_adds(b, "|\n");
}

/* A row's start; filter (HTML only) is what the page's filter box matches. */
static void row_start(struct cc_buf *b, bool html, const char *filter)
{
	if (!html) {
		cc_buf_addch(b, '|');
	} else if (filter) {
		cc_buf_adds(b, "<tr data-filter=\"");
		cc_buf_add_html(b, filter);
		cc_buf_adds(b, "\">");
	} else {
		cc_buf_adds(b, "<tr>");
	}
}

static void cell_open(struct cc_buf *b, bool html, const char *cls)
{
	if (!html)
		cc_buf_addch(b, ' ');
	else if (cls)
		cc_buf_addf(b, "<td class=\"%s\">", cls);
	else
		cc_buf_adds(b, "<td>");
}

static void cell_close(struct cc_buf *b, bool html)
{
	cc_buf_adds(b, html ? "</td>" : " |");
}

/* Text, escaped for the target. */
static void cell_text(struct cc_buf *b, bool html, const char *s)
{
	cell_open(b, html, NULL);
	if (html)
		cc_buf_add_html(b, s);
	else
		cc_buf_add_md(b, s);
	cell_close(b, html);
}

static void cell_int(struct cc_buf *b, bool html, long long v)
{
	cell_open(b, html, "num");
	cc_buf_addf(b, "%lld", v);
	cell_close(b, html);
}

static void cell_cents(struct cc_buf *b, bool html, int64_t cents)
{
	cell_open(b, html, "num");
	cc_buf_add_cents(b, cents);
	cell_close(b, html);
}

/* The assets, most pipeline first (at most INFLUENCE_N), or with cells the persona × stage cells. */
static void influence_table(struct cc_buf *b, bool html, const struct cc_report *r, bool cells)
{
	const struct cc_report_influence *ri = &r->influence;
	const struct cc_row **byp = cells ? NULL : by_path(&r->rows);
	size_t n = cells ? ri->cells.n : ri->nshown < INFLUENCE_N ? ri->nshown : INFLUENCE_N;
	int m = ri->model;

	table_head(b, html, cells ? "ranking influence-cells" : "ranking influence", cells ? cell_cols : asset_cols);
	for (size_t i = 0; i < n; i++) {
		const struct cc_influence_row *x = cells ? &ri->cells.rows[i] : ri->order[i];
		row_start(b, html, cells ? NULL : x->key);
		if (cells) {
			cell_text(b, html, x->key);
			cell_text(b, html, x->key2 ? x->key2 : "");
		} else {
			const struct cc_row *row = row_of(byp, r->rows.n, x->key);
			cell_int(b, html, (long long)(i + 1));
			cell_open(b, html, "asset");
			if (!html) {
				cc_buf_add_md(b, row ? row->title : x->key);
			} else {
				cc_buf_add_html(b, row ? row->title : x->key);
				if (row) {
					cc_buf_adds(b, "<span class=\"entry-meta\">");
					cc_buf_add_html(b, row->format);
					cc_buf_adds(b, "</span>");
				}
			}
			cell_close(b, html);
			cell_int(b, html, (long long)x->opps[m]);
		}
		cell_cents(b, html, x->pipeline[m]);
		cell_cents(b, html, x->revenue[m]);
		cc_buf_adds(b, html ? "</tr>\n" : "\n");
	}
	if (html)
		cc_buf_adds(b, "</tbody></table></div>\n");
	free(byp);
}

/* The section's first sentences: what is counted, from where, and the totals (plain text). */
static void summary(struct cc_buf *b, const struct cc_report *r)
{
	const struct cc_report_influence *ri = &r->influence;
	char as[11];
	cc_day_format(as, r->as_of);
	cc_buf_addf(b, "Opportunities created up to %s, credited to content under the %s model, %s. Total: ", as,
		    cc_model_name(ri->model), source_words(ri));
	cc_buf_add_cents(b, ri->pipeline);
	cc_buf_adds(b, " pipeline, ");
	cc_buf_add_cents(b, ri->revenue);
	cc_buf_addf(b, " won revenue over %zu asset%s.", ri->nshown, ri->nshown == 1 ? "" : "s");
}

void cc_report_influence_html(struct cc_buf *b, const struct cc_report *r)
{
	const struct cc_report_influence *ri = &r->influence;
	if (!ri->source)
		return;
	cc_buf_adds(b, "<section class=\"block\" id=\"influence\">\n<h2>Influence on pipeline</h2>\n<p class=\"muted\">");
	summary(b, r);
	cc_buf_adds(b, "</p>\n");
	influence_table(b, true, r, false);
	if (ri->nshown > INFLUENCE_N)
		cc_buf_addf(b, "<p class=\"muted\">%zu more assets with influence: <code>contentcal influence</code> "
			       "lists them all.</p>\n", ri->nshown - INFLUENCE_N);
	if (ri->cells.n) {
		cc_buf_adds(b, "<h3>By persona × stage</h3>\n");
		influence_table(b, true, r, true);
		cc_buf_adds(b, "<p class=\"muted\">Each asset counts in the cell of its first persona and first stage "
			       "(docs/influence.md).</p>\n");
	}
	cc_buf_adds(b, "</section>\n");
}

void cc_report_influence_markdown(struct cc_buf *b, const struct cc_report *r)
{
	const struct cc_report_influence *ri = &r->influence;
	if (!ri->source)
		return;
	cc_buf_adds(b, "\n## Influence on pipeline\n\n");
	summary(b, r);
	cc_buf_adds(b, "\n\n");
	influence_table(b, false, r, false);
	if (ri->nshown > INFLUENCE_N)
		cc_buf_addf(b, "\n%zu more assets with influence: `contentcal influence` lists them all.\n",
			    ri->nshown - INFLUENCE_N);
	if (ri->cells.n) {
		cc_buf_adds(b, "\n### By persona × stage\n\n");
		influence_table(b, false, r, true);
		cc_buf_adds(b, "\nEach asset counts in the cell of its first persona and first stage.\n");
	}
}
