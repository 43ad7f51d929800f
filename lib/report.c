/*
 * report.c — the quarter's report as a model (cc_report_build) and its two
 * renderers, HTML (a template filled with fragments) and Markdown (see
 * report.h; the sections are described in docs/report.md).
 *
 * Every value from content goes through the one escaper of its target:
 * cc_buf_add_html (control characters dropped, & < > " ' escaped) and
 * cc_buf_add_md.
 */
#include "report.h"

#include "plan.h"
#include "workload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "template.h"
#include "text.h"

#define REL_N 5       /* assets shown at each end of a stage's ranking */
#define GROUP_OPEN 10 /* a kind's findings shown open up to this many; more are collapsed */
#define MD_GROUP_N 10 /* Markdown: the first findings of each kind, then "and K more" */
#define WEEK_N 8      /* calendar entries shown in a week's card before "K more" */
#define MD_WEEK_N 12  /* Markdown: entries named in a week's row */

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct ranked {
	const struct cc_row *row;
	const struct cc_relevance *rel;
};

/* ---- escaping: the one escaper of each target (text.h) ---- */

static void html(struct cc_buf *b, const char *s)
{
	cc_buf_add_html(b, s ? s : "");
}

static void md(struct cc_buf *b, const char *s)
{
	cc_buf_add_md(b, s ? s : "");
}

/* A path with a line-break opportunity after every '/'. */
static void html_path(struct cc_buf *b, const char *s)
{
	struct cc_buf part = CC_BUF_INIT;
	for (const char *p = s; *p; p++) {
		cc_buf_addch(&part, *p);
		if (*p == '/' || !p[1]) {
			html(b, part.buf);
			if (*p == '/')
				cc_buf_adds(b, "<wbr>");
			cc_buf_reset(&part);
		}
	}
	cc_buf_release(&part);
}

static bool web_url(const char *u)
{
	return u && (!strncmp(u, "https://", 8) || !strncmp(u, "http://", 7));
}

/* "Oct 12" */
static void short_day(char out[16], int64_t day)
{
	int y, m, d;
	cc_civil_from_days(day, &y, &m, &d);
	snprintf(out, 16, "%s %d", months[m - 1], d);
}

/* "Oct 12 – 18" or "Sep 28 – Oct 4" */
static void week_range(struct cc_buf *b, int64_t ws)
{
	int y1, m1, d1, y2, m2, d2;
	cc_civil_from_days(ws, &y1, &m1, &d1);
	cc_civil_from_days(ws + 6, &y2, &m2, &d2);
	if (m1 == m2)
		cc_buf_addf(b, "%s %d – %d", months[m1 - 1], d1, d2);
	else
		cc_buf_addf(b, "%s %d – %s %d", months[m1 - 1], d1, months[m2 - 1], d2);
}

static void join(struct cc_buf *b, const struct cc_strlist *l, const char *sep)
{
	for (size_t i = 0; i < l->n; i++)
		cc_buf_addf(b, "%s%s", i ? sep : "", l->v[i]);
}

static bool is_publish_entry(const struct cc_entry *e)
{
	return e->kind != CC_ENTRY_DUE && e->kind != CC_ENTRY_DUE_OVERDUE;
}

static const char *kind_label(enum cc_entry_kind k)
{
	static const char *const labels[] = {"published", "scheduled", "planned", "overdue", "due", "due, overdue"};
	return labels[k];
}

/* ---- what the filter matches ---- */

/*
 * The filter box matches a row by its visible text and by its
 * data-filter words: for an asset its path, format, status, every persona,
 * stage and topic with the vocabulary's aliases (typing `finance` finds
 * the cfo's assets), its authors and owners.
 */
static const struct cc_vocab *dim_vocab(const struct cc_config *cfg, enum cc_dim d)
{
	return d == CC_DIM_PERSONA ? &cfg->personas : d == CC_DIM_STAGE ? &cfg->stages : &cfg->topics;
}

/* value and, when it is a term of voc, the term's aliases. */
static void term_keys(struct cc_buf *b, const struct cc_vocab *voc, const char *value)
{
	cc_buf_addf(b, " %s", value);
	for (size_t i = 0; i < voc->n; i++)
		if (!strcmp(voc->v[i].name, value))
			for (size_t k = 0; k < voc->v[i].naliases; k++)
				cc_buf_addf(b, " %s", voc->v[i].aliases[k]);
}

static void row_keys(struct cc_buf *b, const struct cc_config *cfg, const struct cc_row *row)
{
	cc_buf_addf(b, " %s %s %s", row->path, row->format, row->status);
	for (int d = 0; d < CC_DIM_COUNT; d++)
		for (size_t i = 0; i < row->tags[d].n; i++)
			term_keys(b, dim_vocab(cfg, (enum cc_dim)d), row->tags[d].v[i]);
	for (size_t i = 0; i < row->authors.n; i++)
		cc_buf_addf(b, " %s", row->authors.v[i]);
	for (size_t i = 0; i < row->owners.n; i++)
		cc_buf_addf(b, " %s", row->owners.v[i]);
}

/* ` data-filter="…"` with keys HTML-escaped. */
static void html_filter_attr(struct cc_buf *b, const struct cc_buf *keys)
{
	cc_buf_adds(b, " data-filter=\"");
	html(b, keys->len ? keys->buf + (keys->buf[0] == ' ') : "");
	cc_buf_adds(b, "\"");
}

/* ---- the model ---- */

static int cmp_row_path(const void *key, const void *elem)
{
	return strcmp(key, ((const struct cc_row *)elem)->path);
}

/* The row of an asset path: rows come sorted by path (query.h). */
static const struct cc_row *row_of(const struct cc_report *r, const char *path)
{
	return r->rows.n ? bsearch(path, r->rows.v, r->rows.n, sizeof(r->rows.v[0]), cmp_row_path) : NULL;
}

static const struct cc_lifecycle *row_lifecycle(const struct cc_report *r, const char *path)
{
	const struct cc_row *row = row_of(r, path);
	return row ? &r->lc[row - r->rows.v] : NULL;
}

int cc_report_build(struct cc_report *r, struct cc_db *db, const struct cc_config *cfg, const struct cc_quarter *q,
		    int64_t as_of, const char *config_path)
{
	struct cc_gaps_options go = {q, as_of, config_path};
	struct cc_filter all = {0};

	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	r->quarter = *q;
	r->as_of = as_of;
	all.lean = true; /* the report needs no front matter */
	if (cc_query_assets(db, &all, &r->rows) < 0 ||
	    cc_coverage_from_rows(&r->cov, cfg, &r->rows, q, as_of, CC_DIM_PERSONA) < 0 ||
	    cc_gaps_from_rows(&r->gaps, cfg, &r->rows, &go) < 0 ||
	    cc_gaps_demand(&r->gaps, cfg, db->path, as_of, config_path) < 0 ||
	    cc_relevance_compute(db, cfg, as_of, &r->rel) < 0)
		return -1;
	cc_calendar_entries(&r->entries, cfg, &r->rows, as_of);
	for (size_t i = 0; i < r->rel.n; i++)
		r->has_engagement = r->has_engagement || r->rel.v[i].has_data;
	cc_workload_compute(&r->wl, cfg, &r->rows, q, as_of, true);
	if (cc_plan_compute(&r->plan, cfg, &r->rows, &r->rel, q, as_of) < 0)
		return -1;
	if (cc_report_influence_build(&r->influence, db, cfg, as_of) < 0)
		return -1;

	r->lc = cc_xcalloc(r->rows.n + 1, sizeof(*r->lc));
	for (size_t i = 0; i < r->rows.n; i++) {
		cc_lifecycle_of(&r->lc[i], cfg, &r->rows.v[i], as_of);
		r->states[r->lc[i].state]++;
		r->stale += r->lc[i].state == CC_STATE_LIVE && r->lc[i].freshness == CC_FRESHNESS_STALE;
	}
	size_t k = 0;
	for (int w = 0; w < q->nweeks; w++) {
		int64_t ws = cc_quarter_week(q, w);
		bool empty = true;
		while (k < r->entries.n && r->entries.v[k].day < ws)
			k++;
		for (size_t j = k; j < r->entries.n && r->entries.v[j].day <= ws + 6; j++) {
			r->kind[r->entries.v[j].kind]++;
			empty = empty && !is_publish_entry(&r->entries.v[j]);
		}
		r->empty_weeks += empty;
	}
	for (size_t i = 0; i < r->gaps.n; i++) {
		const struct cc_finding *f = &r->gaps.v[i];
		r->errors += f->severity == CC_SEV_ERROR;
		r->warnings += f->severity == CC_SEV_WARNING;
		r->infos += f->severity == CC_SEV_INFO;
		r->by_kind[f->kind]++;
		r->by_sev[f->kind][f->severity]++;
		if (f->kind == CC_GAP_STALE) {
			const struct cc_lifecycle *l = row_lifecycle(r, f->subject);
			r->stale_expired += l && l->state == CC_STATE_EXPIRED;
			r->stale_live += !l || l->state != CC_STATE_EXPIRED;
		}
	}
	size_t stale_expired = 0;
	for (size_t i = 0; i < r->rows.n; i++)
		stale_expired += r->lc[i].state == CC_STATE_EXPIRED && r->lc[i].freshness == CC_FRESHNESS_STALE;
	r->exempt_live = r->stale > r->stale_live ? r->stale - r->stale_live : 0;
	r->exempt_expired = stale_expired > r->stale_expired ? stale_expired - r->stale_expired : 0;
	return 0;
}

void cc_report_release(struct cc_report *r)
{
	cc_rows_release(&r->rows);
	cc_entries_release(&r->entries);
	cc_coverage_release(&r->cov);
	cc_findings_release(&r->gaps);
	cc_relevance_set_release(&r->rel);
	cc_workload_release(&r->wl);
	cc_plan_release(&r->plan);
	cc_report_influence_release(&r->influence);
	free(r->lc);
	memset(r, 0, sizeof(*r));
}

void cc_report_summary(struct cc_buf *b, const struct cc_report *r)
{
	if (!r->gaps.n) {
		cc_buf_adds(b, "no gaps");
		return;
	}
	cc_buf_addf(b, "%zu error%s, %zu warning%s", r->errors, r->errors == 1 ? "" : "s", r->warnings,
		    r->warnings == 1 ? "" : "s");
	if (r->infos)
		cc_buf_addf(b, ", %zu info", r->infos);
}

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->rel->percentile != y->rel->percentile)
		return x->rel->percentile < y->rel->percentile ? 1 : -1;
	if (x->rel->score != y->rel->score)
		return x->rel->score < y->rel->score ? 1 : -1;
	return strcmp(x->row->path, y->row->path);
}

/*
 * The published assets of stage with engagement data, best first, into
 * *out (caller frees); *nodata gets the number of published ones without.
 */
static size_t stage_ranking(const struct cc_report *r, const char *stage, struct ranked **out, size_t *nodata)
{
	struct ranked *v = cc_xcalloc(r->rows.n ? r->rows.n : 1, sizeof(*v));
	size_t n = 0;
	*nodata = 0;
	for (size_t i = 0; i < r->rows.n; i++) {
		const struct cc_row *row = &r->rows.v[i];
		if (r->lc[i].state != CC_STATE_LIVE || !cc_strlist_has(&row->tags[CC_DIM_STAGE], stage))
			continue;
		const struct cc_relevance *rel = cc_relevance_find(&r->rel, row->id);
		if (!rel || !rel->has_data) {
			(*nodata)++;
			continue;
		}
		v[n++] = (struct ranked){row, rel};
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_ranked);
	*out = v;
	return n;
}

/* The ranges [0, *top) and [*bottom_from, n) shown for a ranking of n. */
static void split_ranking(size_t n, size_t *top, size_t *bottom_from)
{
	*top = n < REL_N ? n : REL_N;
	*bottom_from = n > 2 * REL_N ? n - REL_N : *top;
}

/* Strength of a coverage cell: "gap", "thin", or "s1".."s4" (relative to the fullest cell). */
static const char *cell_class(const struct cc_report *r, const struct cc_cell *c, int max)
{
	int n = cc_cell_count(c), min = r->cov.min_per_cell;
	if ((min > 0 && n < min) || (min <= 0 && n == 0))
		return "gap";
	if (min > 0 && n < 2 * min)
		return "thin";
	int lvl = max > 0 ? (4 * n + max - 1) / max : 1;
	static const char *const s[] = {"s1", "s1", "s2", "s3", "s4"};
	return s[lvl < 1 ? 1 : lvl > 4 ? 4 : lvl];
}

/* ---- HTML fragments ---- */

/*
 * One tile. kind (a gap kind's name, or NULL) links the tile to its group
 * of findings; data-tile and data-count let a test compare the tile with
 * the group (tests/cli/t0641).
 */
static void html_tile(struct cc_buf *b, const char *name, size_t n, const char *cls, const char *label,
		      const char *kind, const char *note)
{
	cc_buf_addf(b, "<div class=\"stat %s\" data-tile=\"%s\" data-count=\"%zu\">", cls, name, n);
	if (kind)
		cc_buf_addf(b, "<a class=\"stat-link\" href=\"#gaps-%s\">", kind);
	cc_buf_addf(b, "<span class=\"stat-n\">%zu</span><span class=\"stat-label\">%s</span>", n, label);
	if (note && *note) {
		cc_buf_adds(b, "<span class=\"stat-note\">");
		html(b, note);
		cc_buf_adds(b, "</span>");
	}
	if (kind)
		cc_buf_adds(b, "</a>");
	cc_buf_adds(b, "</div>\n");
}

static void html_stats(struct cc_buf *b, const struct cc_report *r)
{
	struct cc_buf note = CC_BUF_INIT;
	size_t overdue_q = r->kind[CC_ENTRY_OVERDUE] + r->kind[CC_ENTRY_DUE_OVERDUE];

	html_tile(b, "assets", r->rows.n, "", "assets indexed", NULL, NULL);
	html_tile(b, "live", r->states[CC_STATE_LIVE], "", "live", NULL, "published by as-of, not expired");
	if (r->exempt_live)
		cc_buf_addf(&note, "%zu more exempt by overrides", r->exempt_live);
	html_tile(b, "stale", r->stale_live, r->stale_live ? "warn" : "", "of them stale", "stale", note.buf);
	cc_buf_reset(&note);
	if (r->exempt_expired)
		cc_buf_addf(&note, "%zu more exempt by overrides", r->exempt_expired);
	html_tile(b, "expired", r->stale_expired, r->stale_expired ? "warn" : "", "expired", "stale", note.buf);
	cc_buf_reset(&note);
	cc_buf_addf(&note, "%zu of them in this quarter's weeks", overdue_q);
	html_tile(b, "overdue", r->by_kind[CC_GAP_OVERDUE], "k-overdue", "overdue", "overdue",
		  r->by_kind[CC_GAP_OVERDUE] ? note.buf : NULL);
	html_tile(b, "published", r->kind[CC_ENTRY_PUBLISHED], "k-published", "published this quarter", NULL, NULL);
	html_tile(b, "scheduled", r->kind[CC_ENTRY_SCHEDULED], "k-scheduled", "scheduled", NULL, NULL);
	html_tile(b, "planned", r->kind[CC_ENTRY_PLANNED], "k-planned", "planned", NULL, NULL);
	cc_buf_reset(&note);
	cc_buf_addf(&note, "of %d", r->quarter.nweeks);
	html_tile(b, "empty-weeks", r->empty_weeks, r->empty_weeks ? "warn" : "", "empty weeks", NULL, note.buf);
	cc_buf_release(&note);
}

static void html_heatmap(struct cc_buf *b, const struct cc_report *r)
{
	const struct cc_coverage *m = &r->cov;
	int max = 0;
	for (size_t i = 0; i < m->rows.n * m->stages.n; i++)
		if (cc_cell_count(&m->cells[i]) > max)
			max = cc_cell_count(&m->cells[i]);
	if (!m->rows.n || !m->stages.n) {
		cc_buf_adds(b, "<p class=\"none\">No personas or stages to show: the config has no persona vocabulary "
			       "and no asset names a persona.</p>\n");
		return;
	}
	cc_buf_adds(b, "<div class=\"table-wrap\"><table class=\"heatmap\">\n<thead><tr><th scope=\"col\">persona</th>");
	for (size_t s = 0; s < m->stages.n; s++) {
		cc_buf_adds(b, "<th scope=\"col\">");
		html(b, m->stages.v[s]);
		cc_buf_adds(b, "</th>");
	}
	cc_buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < m->rows.n; i++) {
		struct cc_buf keys = CC_BUF_INIT;
		term_keys(&keys, &r->cfg->personas, m->rows.v[i]);
		cc_buf_adds(b, "<tr");
		html_filter_attr(b, &keys);
		cc_buf_release(&keys);
		cc_buf_adds(b, "><th scope=\"row\">");
		html(b, m->rows.v[i]);
		cc_buf_adds(b, "</th>");
		for (size_t s = 0; s < m->stages.n; s++) {
			const struct cc_cell *c = cc_coverage_cell(m, i, s);
			int stale = c->live - c->fresh;
			struct cc_buf title = CC_BUF_INIT;
			cc_buf_addf(&title, "%s / %s: %d fresh + %d scheduled (%d live)", m->rows.v[i],
				    m->stages.v[s], c->fresh, c->scheduled, c->live);
			cc_buf_addf(b, "<td class=\"cell %s%s\" title=\"", cell_class(r, c, max), stale > 0 ? " stale" : "");
			html(b, title.buf);
			cc_buf_addf(b, "\"><span class=\"cell-n\">%d</span><span class=\"cell-sub\">%d fresh",
				    cc_cell_count(c), c->fresh);
			if (c->scheduled)
				cc_buf_addf(b, " · +%d", c->scheduled);
			cc_buf_adds(b, "</span>");
			if (stale > 0)
				cc_buf_addf(b, "<span class=\"cell-stale\">%d stale</span>", stale);
			if (!strcmp(cell_class(r, c, max), "gap"))
				cc_buf_adds(b, "<span class=\"cell-flag\">gap</span>");
			else if (!strcmp(cell_class(r, c, max), "thin"))
				cc_buf_adds(b, "<span class=\"cell-flag\">thin</span>");
			cc_buf_adds(b, "</td>");
			cc_buf_release(&title);
		}
		cc_buf_adds(b, "</tr>\n");
	}
	cc_buf_adds(b, "</tbody></table></div>\n");
	cc_buf_addf(b, "<p class=\"legend\"><span class=\"swatch gap\"></span>gap: below the minimum of %d "
		       "<span class=\"swatch thin\"></span>thin <span class=\"swatch s1\"></span>"
		       "<span class=\"swatch s2\"></span><span class=\"swatch s3\"></span>"
		       "<span class=\"swatch s4\"></span>stronger <span class=\"swatch stale\"></span>"
		       "has stale assets (live, not updated within %d days)</p>\n",
		    m->min_per_cell, r->cfg->coverage.fresh_days);
}

static void html_calendar(struct cc_buf *b, const struct cc_report *r)
{
	const struct cc_quarter *q = &r->quarter;
	int ws_day = r->cfg->calendar.week_start;
	size_t k = 0;

	cc_buf_adds(b, "<p class=\"legend\">");
	for (int kind = CC_ENTRY_PUBLISHED; kind <= CC_ENTRY_DUE_OVERDUE; kind++)
		cc_buf_addf(b, "<span class=\"chip k-%s\">%s</span> ", cc_entry_kind_name((enum cc_entry_kind)kind),
			    kind_label((enum cc_entry_kind)kind));
	cc_buf_adds(b, "<span class=\"chip k-empty\">empty week</span></p>\n<ol class=\"weeks\">\n");
	for (int w = 0; w < q->nweeks; w++) {
		int64_t ws = cc_quarter_week(q, w);
		char label[16];
		bool empty = true;
		cc_week_label(label, ws, ws_day);
		while (k < r->entries.n && r->entries.v[k].day < ws)
			k++;
		for (size_t j = k; j < r->entries.n && r->entries.v[j].day <= ws + 6; j++)
			empty = empty && !is_publish_entry(&r->entries.v[j]);
		const char *when = ws + 6 < r->as_of ? "past" : ws <= r->as_of ? "current" : "upcoming";
		cc_buf_addf(b, "<li class=\"week %s%s\"><header><span class=\"wk\">", when, empty ? " empty" : "");
		if (*label)
			cc_buf_addf(b, "%s", strchr(label, 'W'));
		else
			cc_buf_addf(b, "Week %d", w + 1);
		cc_buf_adds(b, "</span><span class=\"range\">");
		week_range(b, ws);
		cc_buf_adds(b, "</span>");
		if (!strcmp(when, "current"))
			cc_buf_adds(b, "<span class=\"now\">this week</span>");
		cc_buf_adds(b, "</header>\n");
		if (empty)
			cc_buf_adds(b, "<p class=\"empty-note\">nothing published or scheduled</p>\n");
		bool open = false;
		size_t shown = 0, nweek = 0;
		for (size_t j = k; j < r->entries.n && r->entries.v[j].day <= ws + 6; j++)
			nweek++;
		for (size_t j = k; j < r->entries.n && r->entries.v[j].day <= ws + 6; j++, shown++) {
			const struct cc_entry *e = &r->entries.v[j];
			const struct cc_row *row = &r->rows.v[e->row];
			struct cc_buf meta = CC_BUF_INIT, keys = CC_BUF_INIT;
			char d[16];
			if (!open)
				cc_buf_adds(b, "<ul>\n");
			open = true;
			/* A busy week shows its first entries; the rest fold away
			 * (<details>: no script needed; the filter opens it). */
			if (shown == WEEK_N && nweek > WEEK_N + 1)
				cc_buf_addf(b, "</ul>\n<details class=\"more\"><summary>%zu more</summary>\n<ul>\n",
					    nweek - WEEK_N);
			short_day(d, e->day);
			join(&meta, &row->tags[CC_DIM_STAGE], ", ");
			if (row->tags[CC_DIM_PERSONA].n) {
				cc_buf_adds(&meta, meta.len ? " · " : "");
				join(&meta, &row->tags[CC_DIM_PERSONA], ", ");
			}
			if (row->authors.n) {
				cc_buf_adds(&meta, meta.len ? " · by " : "by ");
				join(&meta, &row->authors, ", ");
			}
			if (row->owners.n) {
				cc_buf_adds(&meta, meta.len ? " · owner " : "owner ");
				cc_buf_adds(&meta, row->owners.v[0]);
			}
			row_keys(&keys, r->cfg, row);
			cc_buf_addf(b, "<li class=\"entry k-%s\"", cc_entry_kind_name(e->kind));
			html_filter_attr(b, &keys);
			cc_buf_adds(b, " title=\"");
			html(b, row->path);
			cc_buf_addf(b, "\"><span class=\"entry-kind\">%s · %s</span><span class=\"entry-title\">",
				    kind_label(e->kind), d);
			html(b, row->title);
			cc_buf_adds(b, "</span>");
			if (meta.len) {
				cc_buf_adds(b, "<span class=\"entry-meta\">");
				html(b, meta.buf);
				cc_buf_adds(b, "</span>");
			}
			cc_buf_adds(b, "</li>\n");
			cc_buf_release(&meta);
			cc_buf_release(&keys);
		}
		if (open)
			cc_buf_adds(b, nweek > WEEK_N + 1 ? "</ul>\n</details>\n" : "</ul>\n");
		cc_buf_adds(b, "</li>\n");
	}
	cc_buf_adds(b, "</ol>\n");
}

/* The filter words of a finding: its asset's (row_keys), or its cell's or topic's terms with aliases. */
static void finding_keys(struct cc_buf *b, const struct cc_report *r, const struct cc_finding *x)
{
	const struct cc_config *cfg = r->cfg;
	const struct cc_row *row;
	const char *slash;
	switch (x->kind) {
	case CC_GAP_OVERDUE:
	case CC_GAP_STALE:
	case CC_GAP_VOCABULARY:
		if ((row = row_of(r, x->subject)))
			row_keys(b, cfg, row);
		break;
	case CC_GAP_COVERAGE: /* "cfo/decision" (or "security/decision" by topic) */
		slash = strchr(x->subject, '/');
		if (slash) {
			char *first = cc_xstrndup(x->subject, (size_t)(slash - x->subject));
			term_keys(b, &cfg->personas, first);
			term_keys(b, &cfg->topics, first);
			term_keys(b, &cfg->stages, slash + 1);
			free(first);
		}
		break;
	case CC_GAP_ROTATION:
		term_keys(b, &cfg->topics, x->subject);
		break;
	case CC_GAP_DEMAND: /* "cell:cfo/decision", or "search:QUERY persona=cfo …" (the words are in the text) */
		if (!strncmp(x->subject, "cell:", 5) && (slash = strchr(x->subject + 5, '/'))) {
			char *first = cc_xstrndup(x->subject + 5, (size_t)(slash - x->subject - 5));
			term_keys(b, &cfg->personas, first);
			term_keys(b, &cfg->stages, slash + 1);
			free(first);
		}
		break;
	default:
		break;
	}
}

/* "3 errors, 1 warning" of one kind. */
static void kind_counts(struct cc_buf *b, const struct cc_report *r, enum cc_gap_kind k)
{
	static const char *const names[] = {"info", "warning", "error"};
	const char *sep = "";
	for (int sev = CC_SEV_ERROR; sev >= CC_SEV_INFO; sev--) {
		size_t n = r->by_sev[k][sev];
		if (!n)
			continue;
		cc_buf_addf(b, "%s%zu %s%s", sep, n, names[sev], n == 1 || sev == CC_SEV_INFO ? "" : "s");
		sep = ", ";
	}
}

static enum cc_severity kind_worst(const struct cc_report *r, enum cc_gap_kind k)
{
	return r->by_sev[k][CC_SEV_ERROR] ? CC_SEV_ERROR : r->by_sev[k][CC_SEV_WARNING] ? CC_SEV_WARNING : CC_SEV_INFO;
}

/* The findings by kind with their counts, each linking to its group: next to the heatmap. */
static void html_findings_summary(struct cc_buf *b, const struct cc_report *r)
{
	if (!r->gaps.n) {
		cc_buf_adds(b, "<p class=\"none\">No gaps: coverage, cadence, rotation, overdue and stale checks all "
			       "pass.</p>\n");
		return;
	}
	cc_buf_adds(b, "<div class=\"table-wrap\"><table class=\"kinds\">\n<thead><tr><th scope=\"col\">kind</th>"
		       "<th scope=\"col\" class=\"num\">findings</th><th scope=\"col\">severity</th>"
		       "<th scope=\"col\">what it means</th></tr></thead>\n<tbody>\n");
	for (int k = 0; k < CC_GAP_NKINDS; k++) {
		if (!r->by_kind[k])
			continue;
		const char *name = cc_gap_kind_name((enum cc_gap_kind)k);
		cc_buf_addf(b, "<tr data-kind=\"%s\" data-count=\"%zu\"><td><a href=\"#gaps-%s\">%s</a></td>"
			       "<td class=\"num\">%zu</td><td><span class=\"badge sev-%s\">",
			    name, r->by_kind[k], name, name, r->by_kind[k],
			    cc_severity_name(kind_worst(r, (enum cc_gap_kind)k)));
		kind_counts(b, r, (enum cc_gap_kind)k);
		cc_buf_adds(b, "</span></td><td>");
		html(b, cc_gap_kind_title((enum cc_gap_kind)k));
		cc_buf_adds(b, "</td></tr>\n");
	}
	cc_buf_adds(b, "</tbody></table></div>\n");
}

/*
 * Every finding, grouped by kind (the order of gaps.h), each group a
 * <details> with its count: open when short, collapsed when long (no
 * script needed to open it; print shows the summary line).
 */
static void html_gaps_list(struct cc_buf *b, const struct cc_report *r)
{
	if (!r->gaps.n) {
		cc_buf_adds(b, "<p class=\"none\">No gaps: coverage, cadence, rotation, overdue and stale checks all "
			       "pass.</p>\n");
		return;
	}
	size_t i = 0;
	while (i < r->gaps.n) {
		enum cc_gap_kind k = r->gaps.v[i].kind;
		const char *name = cc_gap_kind_name(k);
		size_t n = 0;
		while (i + n < r->gaps.n && r->gaps.v[i + n].kind == k)
			n++;
		cc_buf_addf(b, "<details class=\"group\" id=\"gaps-%s\" data-kind=\"%s\" data-count=\"%zu\"%s>\n"
			       "<summary><span class=\"group-kind\">%s</span> <span class=\"group-n\">%zu</span> "
			       "<span class=\"badge sev-%s\">",
			    name, name, n, n <= GROUP_OPEN ? " open" : "", name, n, cc_severity_name(kind_worst(r, k)));
		kind_counts(b, r, k);
		cc_buf_adds(b, "</span> <span class=\"muted\">");
		html(b, cc_gap_kind_title(k));
		cc_buf_adds(b, "</span></summary>\n<div class=\"table-wrap\"><table class=\"gaps\">\n<thead><tr>"
			       "<th scope=\"col\">severity</th><th scope=\"col\">subject</th><th scope=\"col\">finding</th>"
			       "</tr></thead>\n<tbody>\n");
		for (size_t j = i; j < i + n; j++) {
			const struct cc_finding *x = &r->gaps.v[j];
			const char *sev = cc_severity_name(x->severity);
			struct cc_buf keys = CC_BUF_INIT;
			finding_keys(&keys, r, x);
			cc_buf_addf(b, "<tr data-kind=\"%s\"", name);
			if (x->kind == CC_GAP_STALE) {
				const struct cc_lifecycle *l = row_lifecycle(r, x->subject);
				cc_buf_addf(b, " data-state=\"%s\"", l ? cc_state_name(l->state) : "");
			}
			html_filter_attr(b, &keys);
			cc_buf_addf(b, "><td><span class=\"badge sev-%s\">%s</span></td><td class=\"subject\">", sev, sev);
			html_path(b, x->subject);
			cc_buf_adds(b, "</td><td>");
			html(b, x->message);
			cc_buf_adds(b, "</td></tr>\n");
			cc_buf_release(&keys);
		}
		cc_buf_adds(b, "</tbody></table></div>\n</details>\n");
		i += n;
	}
}

/*
 * A person's filter words: the terms of the assets on their desk this
 * quarter (the calendar's entries whose workload owner they are), so that
 * typing a persona keeps the people working for it.
 */
static void html_person_keys(struct cc_buf *b, const struct cc_report *r, const char *name)
{
	struct cc_buf keys = CC_BUF_INIT;
	const struct cc_row *last = NULL;
	for (size_t j = 0; j < r->entries.n; j++) {
		const struct cc_row *row = &r->rows.v[r->entries.v[j].row];
		const char *who = cc_workload_owner(row);
		if (row == last || !who || strcmp(who, name))
			continue;
		last = row;
		for (int d = 0; d < CC_DIM_COUNT; d++)
			for (size_t i = 0; i < row->tags[d].n; i++)
				if (!strstr(keys.len ? keys.buf : "", row->tags[d].v[i]))
					term_keys(&keys, dim_vocab(r->cfg, (enum cc_dim)d), row->tags[d].v[i]);
	}
	html_filter_attr(b, &keys);
	cc_buf_release(&keys);
}

/* The plan's briefs and the workload, under the gaps they answer. */
static void html_plan_workload(struct cc_buf *b, const struct cc_report *r)
{
	cc_buf_addf(b, "<h3>Plan: %zu brief%s</h3>\n", r->plan.n, r->plan.n == 1 ? "" : "s");
	if (r->plan.n) {
		cc_buf_adds(b, "<div class=\"table-wrap\"><table class=\"plan\">\n<thead><tr><th scope=\"col\">date</th>"
			       "<th scope=\"col\">brief</th><th scope=\"col\">format</th><th scope=\"col\">owner</th>"
			       "<th scope=\"col\">covers</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < r->plan.n; i++) {
			const struct cc_brief *x = &r->plan.v[i];
			char d[11];
			struct cc_buf keys = CC_BUF_INIT;
			cc_day_format(d, x->date);
			cc_buf_addf(&keys, " %s", x->kind);
			if (*x->persona)
				term_keys(&keys, &r->cfg->personas, x->persona);
			if (*x->stage)
				term_keys(&keys, &r->cfg->stages, x->stage);
			if (*x->topic)
				term_keys(&keys, &r->cfg->topics, x->topic);
			if (x->refresh)
				cc_buf_addf(&keys, " %s", x->refresh);
			cc_buf_adds(b, "<tr");
			html_filter_attr(b, &keys);
			cc_buf_release(&keys);
			cc_buf_addf(b, "><td>%s</td><td>", d);
			html(b, x->title);
			cc_buf_adds(b, "</td><td>");
			html(b, x->format);
			cc_buf_adds(b, "</td><td>");
			html(b, x->owner ? x->owner : "-");
			cc_buf_adds(b, "</td><td>");
			for (size_t k = 0; k < x->covers.n; k++) {
				if (k)
					cc_buf_adds(b, ", ");
				html(b, x->covers.v[k]);
			}
			cc_buf_adds(b, "</td></tr>\n");
		}
		cc_buf_adds(b, "</tbody></table></div>\n");
	}
	cc_buf_adds(b, "<h3>Workload by owner</h3>\n");
	if (!r->wl.n) {
		cc_buf_adds(b, "<p class=\"none\">Nothing due or scheduled this quarter.</p>\n");
		return;
	}
	cc_buf_adds(b, "<div class=\"table-wrap\"><table class=\"workload\">\n<thead><tr><th scope=\"col\">person</th>"
		       "<th scope=\"col\">due</th><th scope=\"col\">scheduled</th><th scope=\"col\">overdue</th>"
		       "<th scope=\"col\">capacity a week</th><th scope=\"col\">weeks over</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < r->wl.n; i++) {
		const struct cc_workload_person *p = &r->wl.v[i];
		cc_buf_adds(b, "<tr");
		html_person_keys(b, r, p->name);
		cc_buf_adds(b, "><td>");
		html(b, p->name);
		cc_buf_addf(b, "</td><td>%d</td><td>%d</td><td>%d</td><td>", p->due, p->scheduled, p->overdue);
		if (p->capacity)
			cc_buf_addf(b, "%d", p->capacity);
		else
			cc_buf_adds(b, "no limit");
		cc_buf_addf(b, "</td><td>%d</td></tr>\n", p->over_weeks);
	}
	cc_buf_adds(b, "</tbody></table></div>\n");
}

static void html_gaps(struct cc_buf *b, const struct cc_report *r)
{
	html_gaps_list(b, r);
	html_plan_workload(b, r);
}


/*
 * Which of a stage's ranking v[0..n) the page holds: 1 for the top and
 * bottom REL_N shown to everyone, 2 for extras that only the filter
 * shows: the top and bottom REL_N of each persona and each topic, so that
 * typing `cfo` leaves the cfo's own best and weakest assets in every
 * stage instead of an empty table. Caller frees.
 */
static unsigned char *ranking_marks(const struct cc_report *r, const struct ranked *v, size_t n, size_t top,
				    size_t bottom_from)
{
	unsigned char *mark = cc_xcalloc(n + 1, 1);
	static const enum cc_dim dims[] = {CC_DIM_PERSONA, CC_DIM_TOPIC};
	for (size_t i = 0; i < n; i++)
		mark[i] = i < top || i >= bottom_from;
	for (size_t d = 0; d < sizeof(dims) / sizeof(dims[0]); d++) {
		const struct cc_vocab *voc = dim_vocab(r->cfg, dims[d]);
		for (size_t t = 0; t < voc->n; t++) {
			size_t seen = 0;
			for (size_t i = 0; i < n && seen < REL_N; i++)
				if (cc_strlist_has(&v[i].row->tags[dims[d]], voc->v[t].name)) {
					mark[i] = mark[i] ? mark[i] : 2;
					seen++;
				}
			seen = 0;
			for (size_t i = n; i-- > 0 && seen < REL_N;)
				if (cc_strlist_has(&v[i].row->tags[dims[d]], voc->v[t].name)) {
					mark[i] = mark[i] ? mark[i] : 2;
					seen++;
				}
		}
	}
	return mark;
}

static void html_ranked_rows(struct cc_buf *b, const struct cc_report *r, const struct ranked *v, size_t from,
			     size_t to, const unsigned char *mark)
{
	for (size_t i = from; i < to; i++) {
		const struct cc_row *row = v[i].row;
		const struct cc_relevance *rel = v[i].rel;
		int decile = (int)(rel->percentile / 10.0 + 0.5);
		struct cc_buf keys = CC_BUF_INIT;
		if (!mark[i])
			continue;
		row_keys(&keys, r->cfg, row);
		cc_buf_adds(b, "<tr");
		html_filter_attr(b, &keys);
		cc_buf_release(&keys);
		if (mark[i] == 2)
			cc_buf_adds(b, " data-extra hidden");
		cc_buf_addf(b, "><td class=\"num\">%zu</td><td class=\"asset\">", i + 1);
		if (web_url(row->url)) {
			cc_buf_adds(b, "<a href=\"");
			html(b, row->url);
			cc_buf_adds(b, "\" rel=\"noopener noreferrer\">");
			html(b, row->title);
			cc_buf_adds(b, "</a>");
		} else {
			html(b, row->title);
		}
		cc_buf_adds(b, "<span class=\"entry-meta\">");
		html(b, row->format);
		cc_buf_adds(b, "</span></td><td class=\"pct\"><span class=\"bar\"><span class=\"fill p");
		cc_buf_addf(b, "%d\"></span></span>%.0f%s</td><td class=\"num\">%.1f</td></tr>\n", decile,
			    rel->percentile, rel->fallback ? "*" : "", rel->score);
	}
}

static void html_relevance(struct cc_buf *b, const struct cc_report *r)
{
	char as[11];
	cc_day_format(as, r->as_of);
	if (!r->has_engagement) {
		cc_buf_addf(b, "<p class=\"none\">No engagement data up to %s, so assets cannot be ranked by "
			       "relevance. Import an analytics export with <code>contentcal ingest FILE.csv</code> "
			       "and run the report again.</p>\n",
			    as);
		return;
	}
	cc_buf_adds(b, "<div class=\"stages\">\n");
	for (size_t s = 0; s < r->cov.stages.n; s++) {
		const char *stage = r->cov.stages.v[s];
		struct ranked *v;
		size_t nodata, n = stage_ranking(r, stage, &v, &nodata), top, bottom_from;
		split_ranking(n, &top, &bottom_from);
		cc_buf_adds(b, "<section class=\"stage card\"><h3>");
		html(b, stage);
		cc_buf_addf(b, "</h3><p class=\"muted\">%zu published asset%s with data", n, n == 1 ? "" : "s");
		if (nodata)
			cc_buf_addf(b, ", %zu without", nodata);
		cc_buf_adds(b, "</p>\n");
		if (!n) {
			cc_buf_adds(b, "<p class=\"none\">No published asset of this stage has engagement data.</p>\n");
		} else {
			static const char head[] = "<table class=\"ranking\"><thead><tr><th scope=\"col\">#</th>"
						   "<th scope=\"col\">asset</th><th scope=\"col\">percentile</th>"
						   "<th scope=\"col\">score</th></tr></thead><tbody>\n";
			unsigned char *mark = ranking_marks(r, v, n, top, bottom_from);
			size_t mid = bottom_from < n ? n / 2 : n; /* extras above the middle go with the top */
			if (mid < top)
				mid = top;
			cc_buf_addf(b, "<h4>Top</h4>\n%s", head);
			html_ranked_rows(b, r, v, 0, mid, mark);
			cc_buf_adds(b, "</tbody></table>\n");
			if (bottom_from < n) {
				cc_buf_addf(b, "<h4>Bottom</h4>\n%s", head);
				html_ranked_rows(b, r, v, mid, n, mark);
				cc_buf_adds(b, "</tbody></table>\n");
			}
			free(mark);
		}
		cc_buf_adds(b, "</section>\n");
		free(v);
	}
	cc_buf_addf(b, "</div>\n<p class=\"muted\">Percentile within the asset's peer group (engagement.group_by: %s; "
		       "* = group smaller than %d assets, ranked among all); score = weighted engagement decayed "
		       "with a half-life of %g days, as of %s. Typing in the filter also shows the best and "
		       "weakest assets of each persona and topic it names.</p>\n",
		    r->cfg->engagement.group_by, r->cfg->engagement.min_sample, r->cfg->engagement.half_life_days, as);
}

int cc_render_report_html(struct cc_buf *out, const struct cc_report *r, const char *tmpl, const char *where,
			  const char *version)
{
	struct cc_buf page = CC_BUF_INIT, scripts = CC_BUF_INIT, styles = CC_BUF_INIT;
	struct cc_buf frag[12];
	char name[16], a[11], z[11], as[11];
	int ret = 0;

	for (size_t i = 0; i < sizeof(frag) / sizeof(frag[0]); i++)
		cc_buf_init(&frag[i]);
	cc_quarter_name(&r->quarter, name);
	cc_day_format(a, r->quarter.first);
	cc_day_format(z, r->quarter.last);
	cc_day_format(as, r->as_of);
	html(&frag[0], name);
	cc_buf_addf(&frag[1], "%s to %s", a, z);
	cc_report_summary(&frag[2], r);
	html_stats(&frag[3], r);
	html_heatmap(&frag[4], r);
	html_calendar(&frag[5], r);
	html_gaps(&frag[6], r);
	html_relevance(&frag[7], r);
	cc_buf_adds(&frag[8], r->errors ? "error" : r->warnings ? "warning" : "ok");
	cc_buf_addf(&frag[9], "%zu", r->gaps.n);
	html_findings_summary(&frag[10], r);
	cc_report_influence_html(&frag[11], r);
	struct cc_template_var vars[] = {
		{"quarter", frag[0].buf},
		{"range", frag[1].buf},
		{"as_of", as},
		{"summary", frag[2].buf},
		{"stats", frag[3].buf},
		{"heatmap", frag[4].buf},
		{"calendar", frag[5].buf},
		{"gaps", frag[6].buf},
		{"relevance", frag[7].buf},
		{"findings", frag[10].buf},
		{"status", frag[8].buf},
		{"ngaps", frag[9].buf},
		{"influence", frag[11].buf},
		{"version", version},
		{"csp_script", ""},
		{"csp_style", ""},
	};
	const size_t nvars = sizeof(vars) / sizeof(vars[0]);
	/* Once to find the inline code, then again with its hashes in the policy. */
	if (cc_template_expand(&page, tmpl, where, vars, nvars) < 0) {
		ret = -1;
		goto cleanup;
	}
	cc_csp_hashes(page.buf, &scripts, &styles);
	vars[nvars - 2].value = scripts.len ? scripts.buf : "'none'";
	vars[nvars - 1].value = styles.len ? styles.buf : "'none'";
	if (cc_template_expand(out, tmpl, where, vars, nvars) < 0)
		ret = -1;
cleanup:
	for (size_t i = 0; i < sizeof(frag) / sizeof(frag[0]); i++)
		cc_buf_release(&frag[i]);
	cc_buf_release(&page);
	cc_buf_release(&scripts);
	cc_buf_release(&styles);
	return ret;
}

/* ---- Markdown ---- */

static void md_ranked(struct cc_buf *b, const struct ranked *v, size_t from, size_t to)
{
	cc_buf_adds(b, "| # | asset | format | percentile | score |\n|---:|---|---|---:|---:|\n");
	for (size_t i = from; i < to; i++) {
		cc_buf_addf(b, "| %zu | ", i + 1);
		md(b, v[i].row->title);
		cc_buf_adds(b, " | ");
		md(b, v[i].row->format);
		cc_buf_addf(b, " | %.0f%s | %.1f |\n", v[i].rel->percentile, v[i].rel->fallback ? "\\*" : "",
			    v[i].rel->score);
	}
}

static void md_plan_workload(struct cc_buf *b, const struct cc_report *r)
{
	cc_buf_addf(b, "\n## Plan\n\n%zu brief%s for the gaps above (`contentcal plan`; `--apply` writes the drafts).\n",
		    r->plan.n, r->plan.n == 1 ? "" : "s");
	if (r->plan.n) {
		cc_buf_adds(b, "\n| date | brief | format | owner | covers |\n|---|---|---|---|---|\n");
		for (size_t i = 0; i < r->plan.n; i++) {
			const struct cc_brief *x = &r->plan.v[i];
			char d[11];
			cc_day_format(d, x->date);
			cc_buf_addf(b, "| %s | ", d);
			md(b, x->title);
			cc_buf_adds(b, " | ");
			md(b, x->format);
			cc_buf_adds(b, " | ");
			md(b, x->owner ? x->owner : "-");
			cc_buf_adds(b, " | ");
			for (size_t k = 0; k < x->covers.n; k++) {
				if (k)
					cc_buf_adds(b, ", ");
				md(b, x->covers.v[k]);
			}
			cc_buf_adds(b, " |\n");
		}
	}
	cc_buf_adds(b, "\n## Workload by owner\n\n");
	if (!r->wl.n) {
		cc_buf_adds(b, "Nothing due or scheduled this quarter.\n");
		return;
	}
	cc_buf_adds(b, "| person | due | scheduled | overdue | capacity a week | weeks over |\n|---|---:|---:|---:|---:|---:|\n");
	for (size_t i = 0; i < r->wl.n; i++) {
		const struct cc_workload_person *p = &r->wl.v[i];
		cc_buf_adds(b, "| ");
		md(b, p->name);
		cc_buf_addf(b, " | %d | %d | %d | ", p->due, p->scheduled, p->overdue);
		if (p->capacity)
			cc_buf_addf(b, "%d", p->capacity);
		else
			cc_buf_adds(b, "no limit");
		cc_buf_addf(b, " | %d |\n", p->over_weeks);
	}
}

static void md_coverage(struct cc_buf *b, const struct cc_report *r)
{
	const struct cc_coverage *m = &r->cov;
	int max = 0;
	cc_buf_adds(b, ".\n\n## Coverage: persona × stage\n\n");
	for (size_t i = 0; i < m->rows.n * m->stages.n; i++)
		if (cc_cell_count(&m->cells[i]) > max)
			max = cc_cell_count(&m->cells[i]);
	if (!m->rows.n || !m->stages.n) {
		cc_buf_adds(b, "No personas or stages to show.\n");
		return;
	}
	cc_buf_addf(b, "Each cell: fresh + scheduled (what counts against the minimum of %d), then fresh, "
		       "scheduled and stale (live, not updated within %d days). **Bold**: a gap; *italic*: "
		       "thin.\n\n| persona |",
		    m->min_per_cell, r->cfg->coverage.fresh_days);
	for (size_t s = 0; s < m->stages.n; s++) {
		cc_buf_addch(b, ' ');
		md(b, m->stages.v[s]);
		cc_buf_adds(b, " |");
	}
	cc_buf_adds(b, "\n|---|");
	for (size_t s = 0; s < m->stages.n; s++)
		cc_buf_adds(b, "---:|");
	cc_buf_addch(b, '\n');
	for (size_t i = 0; i < m->rows.n; i++) {
		cc_buf_adds(b, "| ");
		md(b, m->rows.v[i]);
		cc_buf_adds(b, " |");
		for (size_t s = 0; s < m->stages.n; s++) {
			const struct cc_cell *c = cc_coverage_cell(m, i, s);
			const char *cls = cell_class(r, c, max);
			const char *em = !strcmp(cls, "gap") ? "**" : !strcmp(cls, "thin") ? "*" : "";
			cc_buf_addf(b, " %s%d%s%s (%d fresh", em, cc_cell_count(c),
				    !strcmp(cls, "gap") ? " gap" : !strcmp(cls, "thin") ? " thin" : "", em, c->fresh);
			if (c->scheduled)
				cc_buf_addf(b, ", +%d scheduled", c->scheduled);
			if (c->live > c->fresh)
				cc_buf_addf(b, ", %d stale", c->live - c->fresh);
			cc_buf_adds(b, ") |");
		}
		cc_buf_addch(b, '\n');
	}
}

static void md_calendar(struct cc_buf *b, const struct cc_report *r)
{
	const struct cc_quarter *q = &r->quarter;
	cc_buf_adds(b, "\n## Calendar\n\n| week | dates | published | scheduled | planned | overdue | assets |\n"
		       "|---|---|---:|---:|---:|---:|---|\n");
	size_t k = 0;
	for (int w = 0; w < q->nweeks; w++) {
		int64_t ws = cc_quarter_week(q, w);
		char label[16];
		size_t n[CC_ENTRY_DUE_OVERDUE + 1] = {0};
		struct cc_buf items = CC_BUF_INIT;
		cc_week_label(label, ws, r->cfg->calendar.week_start);
		while (k < r->entries.n && r->entries.v[k].day < ws)
			k++;
		size_t named = 0, more = 0;
		for (size_t j = k; j < r->entries.n && r->entries.v[j].day <= ws + 6; j++) {
			const struct cc_entry *e = &r->entries.v[j];
			char d[16];
			n[e->kind]++;
			if (named == MD_WEEK_N) { /* a busy week names its first entries */
				more++;
				continue;
			}
			named++;
			short_day(d, e->day);
			if (items.len)
				cc_buf_adds(&items, "; ");
			md(&items, r->rows.v[e->row].title);
			cc_buf_addf(&items, " (%s, %s", kind_label(e->kind), d);
			if (r->rows.v[e->row].authors.n) {
				cc_buf_adds(&items, ", by ");
				for (size_t ai = 0; ai < r->rows.v[e->row].authors.n; ai++) {
					if (ai)
						cc_buf_adds(&items, ", ");
					md(&items, r->rows.v[e->row].authors.v[ai]);
				}
			}
			cc_buf_addch(&items, ')');
		}
		if (more)
			cc_buf_addf(&items, "; and %zu more", more);
		bool empty = !(n[CC_ENTRY_PUBLISHED] + n[CC_ENTRY_SCHEDULED] + n[CC_ENTRY_PLANNED] +
			       n[CC_ENTRY_OVERDUE]);
		if (*label)
			cc_buf_addf(b, "| %s%s", label, ws <= r->as_of && r->as_of <= ws + 6 ? " (this week)" : "");
		else
			cc_buf_addf(b, "| week %d", w + 1);
		cc_buf_adds(b, " | ");
		week_range(b, ws);
		cc_buf_addf(b, " | %zu | %zu | %zu | %zu | %s%s%s |\n", n[CC_ENTRY_PUBLISHED], n[CC_ENTRY_SCHEDULED],
			    n[CC_ENTRY_PLANNED], n[CC_ENTRY_OVERDUE] + n[CC_ENTRY_DUE_OVERDUE],
			    empty ? "**empty week**" : "", empty && items.len ? "; " : "", items.buf);
		cc_buf_release(&items);
	}
}

static void md_gaps(struct cc_buf *b, const struct cc_report *r)
{
	cc_buf_adds(b, "\n## Gaps\n\n");
	if (!r->gaps.n) {
		cc_buf_adds(b, "No gaps.\n");
		return;
	}
	cc_buf_adds(b, "| kind | findings | severity | what it means |\n|---|---:|---|---|\n");
	for (int k = 0; k < CC_GAP_NKINDS; k++) {
		if (!r->by_kind[k])
			continue;
		cc_buf_addf(b, "| %s | %zu | ", cc_gap_kind_name((enum cc_gap_kind)k), r->by_kind[k]);
		kind_counts(b, r, (enum cc_gap_kind)k);
		cc_buf_adds(b, " | ");
		md(b, cc_gap_kind_title((enum cc_gap_kind)k));
		cc_buf_adds(b, " |\n");
	}
	size_t i = 0;
	while (i < r->gaps.n) {
		enum cc_gap_kind k = r->gaps.v[i].kind;
		size_t n = 0;
		while (i + n < r->gaps.n && r->gaps.v[i + n].kind == k)
			n++;
		cc_buf_addf(b, "\n### %s: %zu (", cc_gap_kind_name(k), n);
		kind_counts(b, r, k);
		cc_buf_adds(b, ")\n\n| severity | subject | finding |\n|---|---|---|\n");
		for (size_t j = i; j < i + n && j < i + MD_GROUP_N; j++) {
			const struct cc_finding *x = &r->gaps.v[j];
			cc_buf_addf(b, "| %s | ", cc_severity_name(x->severity));
			md(b, x->subject);
			cc_buf_adds(b, " | ");
			md(b, x->message);
			cc_buf_adds(b, " |\n");
		}
		if (n > MD_GROUP_N)
			cc_buf_addf(b, "\n…and %zu more %s finding%s (`contentcal gaps --format line` lists every one).\n",
				    n - MD_GROUP_N, cc_gap_kind_name(k), n - MD_GROUP_N == 1 ? "" : "s");
		i += n;
	}
}

static void md_relevance(struct cc_buf *b, const struct cc_report *r, const char *as)
{
	const struct cc_coverage *m = &r->cov;
	cc_buf_adds(b, "\n## Relevance by stage\n\n");
	if (!r->has_engagement) {
		cc_buf_addf(b, "No engagement data up to %s, so assets cannot be ranked by relevance. Import an "
			       "analytics export with `contentcal ingest FILE.csv`.\n",
			    as);
		return;
	}
	for (size_t s = 0; s < m->stages.n; s++) {
		struct ranked *v;
		size_t nodata, n = stage_ranking(r, m->stages.v[s], &v, &nodata), top, bottom_from;
		split_ranking(n, &top, &bottom_from);
		cc_buf_adds(b, "### ");
		md(b, m->stages.v[s]);
		cc_buf_addf(b, "\n\n%zu published asset%s with data", n, n == 1 ? "" : "s");
		if (nodata)
			cc_buf_addf(b, ", %zu without", nodata);
		cc_buf_adds(b, ".\n\n");
		if (n) {
			cc_buf_adds(b, "Top:\n\n");
			md_ranked(b, v, 0, top);
			if (bottom_from < n) {
				cc_buf_adds(b, "\nBottom:\n\n");
				md_ranked(b, v, bottom_from, n);
			}
			cc_buf_addch(b, '\n');
		}
		free(v);
	}
	cc_buf_addf(b, "Percentile within the peer group (engagement.group_by: %s; \\* = group smaller than %d, "
		       "ranked among all assets); score = weighted engagement with a half-life of %g days.\n",
		    r->cfg->engagement.group_by, r->cfg->engagement.min_sample, r->cfg->engagement.half_life_days);
}

void cc_render_report_markdown(struct cc_buf *b, const struct cc_report *r)
{
	const struct cc_quarter *q = &r->quarter;
	char name[16], a[11], z[11], as[11];
	cc_quarter_name(q, name);
	cc_day_format(a, q->first);
	cc_day_format(z, q->last);
	cc_day_format(as, r->as_of);

	cc_buf_addf(b, "# Content report %s\n\n", name);
	/* The figures of the HTML tiles: stale, expired and overdue count the findings. */
	cc_buf_addf(b, "%s (%s to %s), as of %s: %zu assets indexed, %zu live (%zu of them stale), %zu expired, "
		       "%zu overdue (%zu in this quarter's weeks). This quarter: %zu published, "
		       "%zu scheduled, %zu planned; %zu of %d weeks empty. Gaps: ",
		    name, a, z, as, r->rows.n, r->states[CC_STATE_LIVE], r->stale_live, r->stale_expired,
		    r->by_kind[CC_GAP_OVERDUE], r->kind[CC_ENTRY_OVERDUE] + r->kind[CC_ENTRY_DUE_OVERDUE],
		    r->kind[CC_ENTRY_PUBLISHED], r->kind[CC_ENTRY_SCHEDULED], r->kind[CC_ENTRY_PLANNED],
		    r->empty_weeks, q->nweeks);
	cc_report_summary(b, r);
	md_coverage(b, r);
	md_calendar(b, r);
	md_gaps(b, r);
	md_plan_workload(b, r);
	md_relevance(b, r, as);
	cc_report_influence_markdown(b, r);
}

