/*
 * gaps.c — calendar entries, the coverage matrix and gap findings (see gaps.h).
 */
#include "gaps.h"

#include <unistd.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asset.h"
#include "activity.h"
#include "buf.h"
#include "date.h"
#include "lintconf.h"

/* Every asset, in path order, without the front matter. */
static int read_rows(struct cc_db *db, struct cc_rows *out)
{
	struct cc_filter f = {0};
	f.lean = true;
	return cc_query_assets(db, &f, out);
}

/* ---- what the calendar counts: lifecycle.h decides ---- */

/* Went out on or before as_of (live, expired or since retired). */
static bool went_out(const struct cc_lifecycle *l)
{
	return (l->state == CC_STATE_LIVE || l->state == CC_STATE_EXPIRED || l->state == CC_STATE_RETIRED) &&
	       l->publish != CC_NO_DAY && l->publish <= l->as_of;
}

/* Going out on or after as_of: scheduled (a scheduled status, or published with a future date). */
static bool is_upcoming(const struct cc_lifecycle *l)
{
	return l->state == CC_STATE_SCHEDULED && l->publish != CC_NO_DAY && l->publish >= l->as_of;
}

/* Not yet published by its status: planned or scheduled (not published with a future date). */
static bool unpublished(const struct cc_lifecycle *l)
{
	return (l->state == CC_STATE_PLANNED || l->state == CC_STATE_SCHEDULED) && l->cls != CC_ST_PUBLISHED;
}

static struct cc_lifecycle *judge_all(const struct cc_config *cfg, const struct cc_rows *rows, int64_t as_of)
{
	struct cc_lifecycle *v = cc_xcalloc(rows->n + 1, sizeof(*v));
	for (size_t i = 0; i < rows->n; i++)
		cc_lifecycle_of(&v[i], cfg, &rows->v[i], as_of);
	return v;
}

/* ---- entries ---- */

const char *cc_entry_kind_name(enum cc_entry_kind k)
{
	static const char *const names[] = {"published", "scheduled", "planned", "overdue", "due", "due-overdue"};
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

static _Thread_local const struct cc_rows *sort_rows;

static int entry_cmp(const void *a, const void *b)
{
	const struct cc_entry *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(sort_rows->v[x->row].path, sort_rows->v[y->row].path);
}

static void add_entry(struct cc_entries *out, int64_t day, enum cc_entry_kind k, size_t row)
{
	CC_GROW(out->v, out->alloc, out->n + 1);
	out->v[out->n++] = (struct cc_entry){day, k, row};
}

void cc_calendar_entries(struct cc_entries *out, const struct cc_config *cfg, const struct cc_rows *rows,
			 int64_t as_of)
{
	size_t start = out->n;
	for (size_t i = 0; i < rows->n; i++) {
		struct cc_lifecycle l;
		cc_lifecycle_of(&l, cfg, &rows->v[i], as_of);
		if (l.state == CC_STATE_INVALID)
			continue;
		bool done = !unpublished(&l);
		if (l.publish != CC_NO_DAY) {
			enum cc_entry_kind k;
			if (done)
				k = l.state == CC_STATE_SCHEDULED ? CC_ENTRY_SCHEDULED : CC_ENTRY_PUBLISHED;
			else if (l.publish < as_of)
				k = CC_ENTRY_OVERDUE;
			else
				k = l.state == CC_STATE_SCHEDULED ? CC_ENTRY_SCHEDULED : CC_ENTRY_PLANNED;
			add_entry(out, l.publish, k, i);
		}
		if (!done && rows->v[i].due != CC_NO_DAY)
			add_entry(out, rows->v[i].due, rows->v[i].due < as_of ? CC_ENTRY_DUE_OVERDUE : CC_ENTRY_DUE, i);
	}
	/* qsort has no payload argument: the rows go through a thread-local. */
	sort_rows = rows;
	qsort(out->v + start, out->n - start, sizeof(*out->v), entry_cmp);
	sort_rows = NULL;
}

void cc_entries_release(struct cc_entries *e)
{
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/* ---- coverage ---- */

int cc_cell_count(const struct cc_cell *c)
{
	return c->fresh + c->scheduled;
}

struct cc_cell *cc_coverage_cell(const struct cc_coverage *m, size_t r, size_t s)
{
	return &m->cells[r * m->stages.n + s];
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_index(const struct cc_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return (int)i;
	return -1;
}

int cc_coverage_from_rows(struct cc_coverage *out, const struct cc_config *cfg, const struct cc_rows *rows,
			  const struct cc_quarter *q, int64_t as_of, enum cc_dim by)
{
	const struct cc_vocab *voc = by == CC_DIM_TOPIC ? &cfg->topics : &cfg->personas;

	memset(out, 0, sizeof(*out));
	if (by != CC_DIM_PERSONA && by != CC_DIM_TOPIC)
		return cc_error("coverage is by persona or topic, not '%s'", cc_dim_name(by));
	out->by = by;
	out->min_per_cell = cfg->coverage.min_per_cell;
	for (size_t i = 0; i < cfg->stages.n; i++)
		cc_strlist_add(&out->stages, cfg->stages.v[i].name);
	if (voc->n) {
		for (size_t i = 0; i < voc->n; i++)
			cc_strlist_add(&out->rows, voc->v[i].name);
	} else {
		for (size_t i = 0; i < rows->n; i++)
			for (size_t k = 0; k < rows->v[i].tags[by].n; k++)
				if (!cc_strlist_has(&out->rows, rows->v[i].tags[by].v[k]))
					cc_strlist_add(&out->rows, rows->v[i].tags[by].v[k]);
		if (out->rows.n)
			qsort(out->rows.v, out->rows.n, sizeof(char *), str_cmp);
	}
	out->cells = cc_xcalloc(out->rows.n * out->stages.n + 1, sizeof(*out->cells));
	for (size_t i = 0; i < rows->n; i++) {
		const struct cc_row *r = &rows->v[i];
		struct cc_lifecycle l;
		cc_lifecycle_of(&l, cfg, r, as_of);
		bool live = l.state == CC_STATE_LIVE;
		bool fresh = l.offered;
		bool sched = is_upcoming(&l) && l.publish <= q->last;
		if (!live && !sched)
			continue;
		for (size_t a = 0; a < r->tags[by].n; a++) {
			int ri = list_index(&out->rows, r->tags[by].v[a]);
			if (ri < 0)
				continue;
			for (size_t b = 0; b < r->tags[CC_DIM_STAGE].n; b++) {
				int si = list_index(&out->stages, r->tags[CC_DIM_STAGE].v[b]);
				if (si < 0)
					continue;
				struct cc_cell *c = cc_coverage_cell(out, (size_t)ri, (size_t)si);
				c->live += live;
				c->fresh += fresh;
				c->scheduled += sched;
			}
		}
	}
	return 0;
}

int cc_coverage_compute(struct cc_db *db, const struct cc_config *cfg, const struct cc_quarter *q,
			int64_t as_of, enum cc_dim by, struct cc_coverage *out)
{
	struct cc_rows rows = {0};
	memset(out, 0, sizeof(*out));
	if (read_rows(db, &rows) < 0) {
		cc_rows_release(&rows);
		return -1;
	}
	int ret = cc_coverage_from_rows(out, cfg, &rows, q, as_of, by);
	cc_rows_release(&rows);
	return ret;
}

void cc_coverage_release(struct cc_coverage *m)
{
	cc_strlist_clear(&m->rows);
	cc_strlist_clear(&m->stages);
	free(m->cells);
	memset(m, 0, sizeof(*m));
}

static const struct cc_cell *find_cell(const struct cc_coverage *m, const char *row, const char *stage)
{
	int r = list_index(&m->rows, row), s = list_index(&m->stages, stage);
	return r < 0 || s < 0 ? NULL : cc_coverage_cell(m, (size_t)r, (size_t)s);
}

static void add_delta(struct cc_coverage_delta *out, const char *row, const char *stage,
		      const struct cc_cell *b, const struct cc_cell *a, int min)
{
	int nb = b ? cc_cell_count(b) : 0, na = a ? cc_cell_count(a) : 0;
	if (nb == na)
		return;
	CC_GROW(out->v, out->alloc, out->n + 1);
	struct cc_cell_delta *d = &out->v[out->n++];
	d->row = cc_xstrdup(row);
	d->stage = cc_xstrdup(stage);
	d->before = nb;
	d->after = na;
	d->gap_before = nb < min;
	d->gap_after = na < min;
}

void cc_coverage_diff(struct cc_coverage_delta *out, const struct cc_coverage *before,
		      const struct cc_coverage *after)
{
	for (size_t r = 0; r < after->rows.n; r++)
		for (size_t s = 0; s < after->stages.n; s++)
			add_delta(out, after->rows.v[r], after->stages.v[s],
				  find_cell(before, after->rows.v[r], after->stages.v[s]),
				  cc_coverage_cell(after, r, s), after->min_per_cell);
	for (size_t r = 0; r < before->rows.n; r++)
		for (size_t s = 0; s < before->stages.n; s++)
			if (!find_cell(after, before->rows.v[r], before->stages.v[s]))
				add_delta(out, before->rows.v[r], before->stages.v[s],
					  cc_coverage_cell(before, r, s), NULL, after->min_per_cell);
}

void cc_coverage_delta_release(struct cc_coverage_delta *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].row);
		free(d->v[i].stage);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* ---- findings ---- */

const char *cc_gap_kind_name(enum cc_gap_kind k)
{
	static const char *const names[] = {"coverage", "cadence", "rotation", "overdue", "stale", "vocabulary",
						     "demand"};
	return (unsigned)k < CC_GAP_NKINDS ? names[k] : "?";
}

const char *cc_gap_kind_title(enum cc_gap_kind k)
{
	static const char *const titles[CC_GAP_NKINDS] = {
		"persona or topic x stage cell below the minimum",
		"week below the publishing cadence",
		"topic not published or scheduled within the rotation",
		"scheduled, planned or due date passed without publication",
		"published asset past its review-by or expiry date, or not updated",
		"asset left out of coverage by a value outside the vocabulary",
		"sellers asked for something the library does not have",
	};
	return (unsigned)k < CC_GAP_NKINDS ? titles[k] : "?";
}

struct loc {
	const char *path;
	int line, col;
};

static struct cc_finding *add_finding(struct cc_findings *out, enum cc_gap_kind kind, enum cc_severity sev,
				      const char *subject, const struct loc *where, json_t *data,
				      const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static struct cc_finding *add_finding(struct cc_findings *out, enum cc_gap_kind kind, enum cc_severity sev,
				      const char *subject, const struct loc *where, json_t *data,
				      const char *fmt, ...)
{
	struct cc_buf b = CC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	cc_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	CC_GROW(out->v, out->alloc, out->n + 1);
	struct cc_finding *f = &out->v[out->n++];
	f->kind = kind;
	f->severity = sev;
	f->subject = cc_xstrdup(subject);
	f->path = cc_xstrdup(where && where->path ? where->path : "");
	f->line = where && where->path ? where->line : 0;
	f->col = where && where->path ? where->col : 0;
	f->message = cc_buf_detach(&b, NULL);
	f->data = data;
	return f;
}

/* The location of the first of the config keys that is known. */
static struct loc config_loc(const struct cc_config *cfg, const char *config_path, const char *const *keys)
{
	struct loc l = {config_path, 0, 0};
	if (!config_path)
		return l;
	for (size_t i = 0; keys[i]; i++) {
		const struct cc_loc *c = cc_config_loc(cfg, keys[i]);
		if (c) {
			l.line = c->line;
			l.col = c->col;
			break;
		}
	}
	return l;
}

static json_t *day_json(int64_t d)
{
	char buf[11];
	if (d == CC_NO_DAY)
		return json_null();
	cc_day_format(buf, d);
	return json_string(buf);
}

static void coverage_findings(struct cc_findings *out, const struct cc_config *cfg, const struct cc_rows *rows,
			      const struct cc_gaps_options *o, enum cc_dim by)
{
	struct cc_coverage m;
	if (cfg->coverage.min_per_cell <= 0 || cc_coverage_from_rows(&m, cfg, rows, o->quarter, o->as_of, by) < 0)
		return;
	const char *dim = cc_dim_name(by);
	const char *vocab = by == CC_DIM_TOPIC ? "topics" : "personas";
	for (size_t r = 0; r < m.rows.n; r++) {
		for (size_t s = 0; s < m.stages.n; s++) {
			const struct cc_cell *c = cc_coverage_cell(&m, r, s);
			int n = cc_cell_count(c);
			if (n >= m.min_per_cell)
				continue;
			char key1[64], key2[64], subject[256];
			snprintf(key1, sizeof(key1), "%s.%zu", vocab, r);
			snprintf(key2, sizeof(key2), "%s", vocab);
			const char *keys[] = {key1, key2, "coverage.min_per_cell", "coverage", NULL};
			struct loc l = config_loc(cfg, o->config_path, keys);
			snprintf(subject, sizeof(subject), "%s/%s", m.rows.v[r], m.stages.v[s]);
			json_t *data = json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:i}", "by", dim, "value",
						 m.rows.v[r], "stage", m.stages.v[s], "live", c->live, "fresh",
						 c->fresh, "scheduled", c->scheduled, "count", n, "min",
						 m.min_per_cell);
			struct cc_buf why = CC_BUF_INIT;
			if (c->live > c->fresh)
				cc_buf_addf(&why, "; %d live but stale (past review-by, or not updated within %d days)",
					    c->live - c->fresh, cfg->coverage.fresh_days);
			add_finding(out, CC_GAP_COVERAGE, cfg->coverage.cell_severity, subject, &l, data,
				    "%s '%s' has %d fresh or scheduled %s-stage asset%s, below the minimum of %d "
				    "(%d fresh, %d scheduled%s)",
				    dim, m.rows.v[r], n, m.stages.v[s], n == 1 ? "" : "s", m.min_per_cell, c->fresh,
				    c->scheduled, why.buf);
			cc_buf_release(&why);
		}
	}
	cc_coverage_release(&m);
}

static void cadence_findings(struct cc_findings *out, const struct cc_config *cfg,
			     const struct cc_lifecycle *views, size_t nviews, const struct cc_gaps_options *o)
{
	const struct cc_quarter *q = o->quarter;
	int want = cfg->calendar.cadence_per_week;
	if (want <= 0)
		return;
	int *pub = cc_xcalloc((size_t)q->nweeks, sizeof(int));
	int *sched = cc_xcalloc((size_t)q->nweeks, sizeof(int));
	for (size_t i = 0; i < nviews; i++) {
		const struct cc_lifecycle *v = &views[i];
		if (v->publish == CC_NO_DAY)
			continue;
		int w = cc_quarter_week_index(q, v->publish);
		if (w < 0)
			continue;
		if (went_out(v))
			pub[w]++;
		else if (is_upcoming(v))
			sched[w]++;
	}
	int64_t current = cc_week_first(o->as_of, q->week_start);
	const char *keys[] = {"calendar.cadence_per_week", "calendar", NULL};
	struct loc l = config_loc(cfg, o->config_path, keys);
	for (int w = 0; w < q->nweeks; w++) {
		int64_t ws = cc_quarter_week(q, w);
		const char *when;
		int have;
		if (ws + 6 < o->as_of) {
			when = "past";
			have = pub[w];
		} else if ((ws - current) / 7 < cfg->calendar.horizon_weeks) {
			when = ws <= o->as_of ? "current" : "upcoming";
			have = pub[w] + sched[w];
		} else {
			continue; /* beyond the planning horizon */
		}
		if (have >= want)
			continue;
		char start[11], end[11], label[16];
		cc_day_format(start, ws);
		cc_day_format(end, ws + 6);
		cc_week_label(label, ws, q->week_start);
		json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i}", "week", start, "end", end, "iso_week",
					 label, "when", when, "published", pub[w], "scheduled", sched[w], "min", want);
		struct cc_buf lab = CC_BUF_INIT;
		if (*label)
			cc_buf_addf(&lab, " (%s)", label);
		if (!strcmp(when, "past"))
			add_finding(out, CC_GAP_CADENCE, cfg->coverage.cadence_severity, start, &l, data,
				    "past week of %s%s: %d published, below the cadence of %d a week%s", start,
				    lab.buf, have, want, have ? "" : " (empty week)");
		else if (!strcmp(when, "current"))
			add_finding(out, CC_GAP_CADENCE, cfg->coverage.cadence_severity, start, &l, data,
				    "current week of %s%s: %d published and %d scheduled, below the cadence of %d a week",
				    start, lab.buf, pub[w], sched[w], want);
		else
			add_finding(out, CC_GAP_CADENCE, cfg->coverage.cadence_severity, start, &l, data,
				    "upcoming week of %s%s: %d scheduled, below the cadence of %d a week", start,
				    lab.buf, have, want);
		cc_buf_release(&lab);
	}
	free(pub);
	free(sched);
}

static void rotation_findings(struct cc_findings *out, const struct cc_config *cfg, const struct cc_rows *rows,
			      const struct cc_lifecycle *views, const struct cc_gaps_options *o)
{
	int weeks = cfg->calendar.topic_rotation_weeks;
	if (weeks <= 0)
		return;
	for (size_t t = 0; t < cfg->topics.n; t++) {
		const char *topic = cfg->topics.v[t].name;
		int64_t last = CC_NO_DAY, next = CC_NO_DAY;
		for (size_t i = 0; i < rows->n; i++) {
			const struct cc_lifecycle *v = &views[i];
			if (v->publish == CC_NO_DAY || !cc_strlist_has(&rows->v[i].tags[CC_DIM_TOPIC], topic))
				continue;
			if (went_out(v)) {
				if (last == CC_NO_DAY || v->publish > last)
					last = v->publish;
			} else if (is_upcoming(v)) {
				if (next == CC_NO_DAY || v->publish < next)
					next = v->publish;
			}
		}
		int64_t window = 7 * (int64_t)weeks;
		if ((last != CC_NO_DAY && o->as_of - last < window) || (next != CC_NO_DAY && next - o->as_of < window))
			continue;
		char key[64], ls[11] = "", ns[11] = "";
		snprintf(key, sizeof(key), "topics.%zu", t);
		const char *keys[] = {key, "topics", "calendar.topic_rotation_weeks", NULL};
		struct loc l = config_loc(cfg, o->config_path, keys);
		json_t *data = json_pack("{s:s, s:o, s:o, s:i}", "topic", topic, "last_published", day_json(last),
					 "next_scheduled", day_json(next), "rotation_weeks", weeks);
		struct cc_buf m = CC_BUF_INIT;
		if (last != CC_NO_DAY) {
			cc_day_format(ls, last);
			cc_buf_addf(&m, "topic '%s': last published on %s (%lld weeks ago)", topic, ls,
				    (long long)((o->as_of - last) / 7));
		} else {
			cc_buf_addf(&m, "topic '%s': never published", topic);
		}
		if (next != CC_NO_DAY) {
			cc_day_format(ns, next);
			cc_buf_addf(&m, ", next scheduled on %s", ns);
		} else {
			cc_buf_adds(&m, ", nothing scheduled");
		}
		add_finding(out, CC_GAP_ROTATION, cfg->coverage.rotation_severity, topic, &l, data,
			    "%s; the rotation is every %d weeks", m.buf, weeks);
		cc_buf_release(&m);
	}
}

static void overdue_finding(struct cc_findings *out, const struct cc_config *cfg, const struct cc_row *r,
			    const struct cc_lifecycle *v)
{
	int64_t as_of = v->as_of;
	bool late_pub = v->publish != CC_NO_DAY && v->publish < as_of;
	bool late_due = r->due != CC_NO_DAY && r->due < as_of;
	struct loc l = {r->path, 1, 1}; /* the front matter opens the file */
	struct cc_buf m = CC_BUF_INIT;
	char d[11];
	if (!late_pub && !late_due)
		return;
	if (late_pub) {
		cc_day_format(d, v->publish);
		cc_buf_addf(&m, "%s for %s (%lld days ago) but not published",
			    v->state == CC_STATE_SCHEDULED ? "scheduled" : "planned", d, (long long)(as_of - v->publish));
	}
	if (late_due) {
		cc_day_format(d, r->due);
		cc_buf_addf(&m, "%sdue %s (%lld days ago)", late_pub ? "; " : "", d, (long long)(as_of - r->due));
	}
	cc_buf_addf(&m, "; status is '%s'", r->status);
	json_t *data = json_pack("{s:s, s:o, s:o, s:I}", "status", r->status, "date",
				 day_json(late_pub ? v->publish : CC_NO_DAY), "due", day_json(late_due ? r->due : CC_NO_DAY),
				 "days_late", (json_int_t)(as_of - (late_pub ? v->publish : r->due)));
	/* On the line of the date that is late. */
	l.line = late_pub ? r->date_line : r->due_line;
	if (l.line <= 0)
		l.line = 1;
	int level = cc_gap_level(cfg, r->path, "overdue", (int)cfg->coverage.overdue_severity);
	if (level == CC_LEVEL_OFF) /* overrides: {paths: [...], overdue: off} */
		json_decref(data);
	else
		add_finding(out, CC_GAP_OVERDUE, (enum cc_severity)level, r->path, &l, data, "%s", m.buf);
	cc_buf_release(&m);
}

static void stale_finding(struct cc_findings *out, const struct cc_config *cfg, const struct cc_row *r,
			  const struct cc_lifecycle *v)
{
	struct loc l = {r->path, 1, 1}; /* the front matter opens the file */
	struct cc_buf m = CC_BUF_INIT;
	json_t *reasons = json_array();
	for (int i = 0; i < CC_STALE_NREASONS; i++)
		if (v->stale & (1u << i))
			json_array_append_new(reasons, json_string(cc_stale_reason_name(i)));
	cc_lifecycle_why(&m, v);
	json_t *data = json_pack("{s:o, s:o, s:o, s:o}", "reasons", reasons, "review_by", day_json(v->review_by),
				 "expires", day_json(v->expires), "updated", day_json(v->revised));
	/* On the line of the date that passed, else the file's top. */
	if ((v->stale & CC_STALE_EXPIRED) && r->expires_line > 0)
		l.line = r->expires_line;
	else if ((v->stale & CC_STALE_REVIEW) && r->review_line > 0)
		l.line = r->review_line;
	int level = cc_gap_level(cfg, r->path, "stale", (int)cfg->coverage.stale_severity);
	if (level == CC_LEVEL_OFF) /* overrides: {paths: [...], stale: off} */
		json_decref(data);
	else
		add_finding(out, CC_GAP_STALE, (enum cc_severity)level, r->path, &l, data, "%s", m.buf);
	cc_buf_release(&m);
}

static void asset_findings(struct cc_findings *out, const struct cc_config *cfg, const struct cc_rows *rows,
			   const struct cc_lifecycle *views)
{
	/* overdue first, then stale: findings are grouped by kind */
	for (size_t i = 0; i < rows->n; i++)
		if (unpublished(&views[i]))
			overdue_finding(out, cfg, &rows->v[i], &views[i]);
	for (size_t i = 0; i < rows->n; i++)
		if (views[i].freshness == CC_FRESHNESS_STALE)
			stale_finding(out, cfg, &rows->v[i], &views[i]);
}

/*
 * An asset that would count in coverage (not retired) but has a persona or
 * stage (a topic, with coverage.by_topic) outside the configured
 * vocabulary is left out of those cells: a finding, not a silence. One per
 * asset, naming every such value.
 */
static void vocabulary_findings(struct cc_findings *out, const struct cc_config *cfg, const struct cc_rows *rows,
				const struct cc_lifecycle *views)
{
	static const enum cc_dim dims[] = {CC_DIM_PERSONA, CC_DIM_STAGE, CC_DIM_TOPIC};
	for (size_t i = 0; i < rows->n; i++) {
		const struct cc_row *r = &rows->v[i];
		if (views[i].state == CC_STATE_RETIRED)
			continue;
		struct cc_buf m = CC_BUF_INIT;
		json_t *values = json_array();
		struct loc l = {r->path, 0, 0}; /* at the first value named */
		for (size_t d = 0; d < sizeof(dims) / sizeof(dims[0]); d++) {
			const struct cc_vocab *voc = dims[d] == CC_DIM_PERSONA ? &cfg->personas
						     : dims[d] == CC_DIM_STAGE ? &cfg->stages
									       : &cfg->topics;
			if (!voc->n || (dims[d] == CC_DIM_TOPIC && !cfg->coverage.by_topic))
				continue;
			for (size_t k = 0; k < r->tags[dims[d]].n; k++) {
				const char *v = r->tags[dims[d]].v[k], *canon;
				if (cc_vocab_lookup(voc, v, &canon) >= 0)
					continue;
				const char *near = cc_vocab_nearest(voc, v);
				int ul = r->unknown_line[dims[d]], uc = r->unknown_col[dims[d]];
				if (ul > 0 && (!l.line || ul < l.line || (ul == l.line && uc < l.col))) {
					l.line = ul;
					l.col = uc;
				}
				cc_buf_addf(&m, "%s%s '%s'", m.len ? ", " : "", cc_dim_name(dims[d]), v);
				if (near)
					cc_buf_addf(&m, " (did you mean '%s'?)", near);
				json_array_append_new(values, json_pack("{s:s, s:s, s:s?}", "dimension",
									cc_dim_name(dims[d]), "value", v, "nearest",
									near));
			}
		}
		if (json_array_size(values)) {
			if (!l.line) /* no problem recorded (an older index): the file's top */
				l = (struct loc){r->path, 1, 1};
			add_finding(out, CC_GAP_VOCABULARY, cfg->coverage.vocabulary_severity, r->path, &l,
				    json_pack("{s:o}", "values", values),
				    "left out of coverage: %s not in the config's vocabulary", m.buf);
		} else {
			json_decref(values);
		}
		cc_buf_release(&m);
	}
}

int cc_gaps_from_rows(struct cc_findings *out, const struct cc_config *cfg, const struct cc_rows *rows,
		      const struct cc_gaps_options *opts)
{
	if (!opts->quarter)
		return cc_error("gaps need a quarter");
	struct cc_lifecycle *views = judge_all(cfg, rows, opts->as_of);
	coverage_findings(out, cfg, rows, opts, CC_DIM_PERSONA);
	if (cfg->coverage.by_topic)
		coverage_findings(out, cfg, rows, opts, CC_DIM_TOPIC);
	cadence_findings(out, cfg, views, rows->n, opts);
	rotation_findings(out, cfg, rows, views, opts);
	asset_findings(out, cfg, rows, views);
	vocabulary_findings(out, cfg, rows, views);
	free(views);
	return 0;
}

int cc_gaps_compute(struct cc_db *db, const struct cc_config *cfg, const struct cc_gaps_options *opts,
		    struct cc_findings *out)
{
	struct cc_rows rows = {0};
	if (read_rows(db, &rows) < 0) {
		cc_rows_release(&rows);
		return -1;
	}
	int ret = cc_gaps_from_rows(out, cfg, &rows, opts);
	cc_rows_release(&rows);
	return ret;
}

/* " persona=cfo stage=decision": the filters of a demand row, in facet order. */
static void demand_filters(struct cc_buf *b, const json_t *row, bool words)
{
	static const char *const f[] = {"persona", "stage", "topic", "format"};
	bool any = false;
	for (int i = 0; i < 4; i++) {
		const char *v = json_string_value(json_object_get(row, f[i]));
		if (!v)
			continue;
		if (words)
			cc_buf_addf(b, "%s%s %s", any ? ", " : " (", f[i], v);
		else
			cc_buf_addf(b, " %s=%s", f[i], v);
		any = true;
	}
	if (words && any)
		cc_buf_addch(b, ')');
}

int cc_gaps_demand(struct cc_findings *out, const struct cc_config *cfg, const char *index_path, int64_t as_of,
		   const char *config_path)
{
	static const char *const keys[] = {"demand.min_searches", "demand", NULL};
	struct cc_activity *a = NULL;
	long min = cfg->demand.min_searches, days = cfg->demand.window_days;
	if (min <= 0 || !index_path)
		return 0;
	char *path = cc_activity_path(index_path);
	int r = access(path, F_OK) != 0 ? 1 : cc_activity_open(&a, path, true);
	free(path);
	if (r != 0)
		return r > 0 ? 0 : -1;
	struct cc_demand_options o = {as_of - days + 1, cfg->demand.weak_results, 100000, as_of};
	json_t *doc = cc_demand_compute(cc_activity_db(a), &o), *row;
	cc_activity_close(a);
	if (!doc)
		return -1;
	struct loc l = config_loc(cfg, config_path, keys);
	char to[11];
	size_t i;
	cc_day_format(to, as_of);
	json_array_foreach(json_object_get(doc, "unmet"), i, row) {
		const char *q = json_string_value(json_object_get(row, "query"));
		long n = (long)json_integer_value(json_object_get(row, "searches"));
		long zero = (long)json_integer_value(json_object_get(row, "zero"));
		long best = (long)json_integer_value(json_object_get(row, "best_results"));
		if (!q || !*q || n < min)
			continue; /* a filter-only search is a cell (below), or too rare */
		struct cc_buf subj = CC_BUF_INIT, what = CC_BUF_INIT;
		cc_buf_addf(&subj, "search:%s", q);
		demand_filters(&subj, row, false);
		cc_buf_addf(&what, "'%s'", q);
		demand_filters(&what, row, true);
		json_t *data = json_deep_copy(row);
		json_object_set_new(data, "window_days", json_integer(days));
		json_object_set_new(data, "min_searches", json_integer(min));
		if (best == 0)
			add_finding(out, CC_GAP_DEMAND, cfg->coverage.demand_severity, subj.buf, &l, data,
				    "sellers searched for %s %ld time%s in the %ld days to %s and found nothing",
				    what.buf, n, n == 1 ? "" : "s", days, to);
		else
			add_finding(out, CC_GAP_DEMAND, cfg->coverage.demand_severity, subj.buf, &l, data,
				    "sellers searched for %s %ld time%s in the %ld days to %s and found at most %ld "
				    "result%s (%ld with none; fewer than %d is weak)",
				    what.buf, n, n == 1 ? "" : "s", days, to, best, best == 1 ? "" : "s", zero,
				    cfg->demand.weak_results);
		cc_buf_release(&subj);
		cc_buf_release(&what);
	}
	json_array_foreach(json_object_get(doc, "cells"), i, row) {
		const char *p = json_string_value(json_object_get(row, "persona"));
		const char *st = json_string_value(json_object_get(row, "stage"));
		long n = (long)json_integer_value(json_object_get(row, "asked"));
		if (!p || !st || n < min)
			continue;
		struct cc_buf subj = CC_BUF_INIT;
		cc_buf_addf(&subj, "cell:%s/%s", p, st);
		json_t *data = json_deep_copy(row);
		json_object_set_new(data, "window_days", json_integer(days));
		json_object_set_new(data, "min_searches", json_integer(min));
		add_finding(out, CC_GAP_DEMAND, cfg->coverage.demand_severity, subj.buf, &l, data,
			    "sellers asked for %s at %s %ld time%s in the %ld days to %s and found nothing to send",
			    p, st, n, n == 1 ? "" : "s", days, to);
		cc_buf_release(&subj);
	}
	json_decref(doc);
	return 0;
}

void cc_gaps_doc_init(struct cc_gaps_doc *out, const struct cc_findings *f, const struct cc_config *cfg,
		      enum cc_severity fail_on, bool never_fail)
{
	const enum cc_severity sev[CC_GAP_NKINDS] = {cfg->coverage.cell_severity, cfg->coverage.cadence_severity,
						     cfg->coverage.rotation_severity, cfg->coverage.overdue_severity,
						     cfg->coverage.stale_severity, cfg->coverage.vocabulary_severity,
						     cfg->coverage.demand_severity};
	memset(out, 0, sizeof(*out));
	for (int k = 0; k < CC_GAP_NKINDS; k++)
		out->rules[k] = (struct cc_rule_info){cc_gap_kind_name((enum cc_gap_kind)k),
						     cc_gap_kind_title((enum cc_gap_kind)k), sev[k]};
	out->items = cc_xcalloc(f->n + 1, sizeof(*out->items));
	out->titles = cc_xcalloc(f->n + 1, sizeof(*out->titles));
	for (size_t i = 0; i < f->n; i++) {
		const struct cc_finding *x = &f->v[i];
		struct cc_buf t = CC_BUF_INIT;
		cc_buf_addf(&t, "%s gap: %s", cc_gap_kind_name(x->kind), x->subject);
		out->titles[i] = cc_buf_detach(&t, NULL);
		out->items[i] = (struct cc_item){cc_gap_kind_name(x->kind), x->severity, x->subject, out->titles[i],
						 x->path, x->line, x->col, x->message, x->data};
	}
	out->doc = (struct cc_findings_doc){"gaps", "https://contentcal.dev/docs/gaps#", NULL, out->items, f->n,
					    out->rules, CC_GAP_NKINDS, fail_on, never_fail};
}

void cc_gaps_doc_release(struct cc_gaps_doc *d)
{
	for (size_t i = 0; i < d->doc.n; i++)
		free(d->titles[i]);
	free(d->titles);
	free(d->items);
	memset(d, 0, sizeof(*d));
}

char *cc_finding_id(const struct cc_finding *f)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_addf(&b, "%s:%s", cc_gap_kind_name(f->kind), f->subject);
	return cc_buf_detach(&b, NULL);
}

static int id_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted identities of f, for bsearch. */
static char **sorted_ids(const struct cc_findings *f)
{
	char **ids = cc_xcalloc(f->n + 1, sizeof(*ids));
	for (size_t i = 0; i < f->n; i++)
		ids[i] = cc_finding_id(&f->v[i]);
	if (f->n)
		qsort(ids, f->n, sizeof(*ids), id_cmp);
	return ids;
}

static void free_ids(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* Indexes of the findings of a whose identity is not among ids (sorted, n). */
static size_t *missing_from(size_t *nout, const struct cc_findings *a, char **ids, size_t n)
{
	size_t *v = cc_xcalloc(a->n + 1, sizeof(*v));
	*nout = 0;
	for (size_t i = 0; i < a->n; i++) {
		char *id = cc_finding_id(&a->v[i]);
		if (!n || !bsearch(&id, ids, n, sizeof(*ids), id_cmp))
			v[(*nout)++] = i;
		free(id);
	}
	return v;
}

void cc_findings_diff(struct cc_findings_delta *out, const struct cc_findings *before,
		      const struct cc_findings *after)
{
	char **b = sorted_ids(before), **a = sorted_ids(after);
	out->opened = missing_from(&out->nopened, after, b, before->n);
	out->closed = missing_from(&out->nclosed, before, a, after->n);
	free_ids(b, before->n);
	free_ids(a, after->n);
}

void cc_findings_delta_release(struct cc_findings_delta *d)
{
	free(d->opened);
	free(d->closed);
	memset(d, 0, sizeof(*d));
}

/* Whether row r counts in the by × stage cell (value, stage) at as_of: fresh, or scheduled within the quarter. */
static bool counts_in(const struct cc_config *cfg, const struct cc_row *r, const struct cc_gaps_options *o,
		      enum cc_dim by, const char *value, const char *stage)
{
	struct cc_lifecycle l;
	cc_lifecycle_of(&l, cfg, r, o->as_of);
	bool sched = is_upcoming(&l) && l.publish <= o->quarter->last;
	return (l.offered || sched) && cc_strlist_has(&r->tags[by], value) &&
	       cc_strlist_has(&r->tags[CC_DIM_STAGE], stage);
}

static const struct cc_row *row_at(const struct cc_rows *rows, const char *path)
{
	for (size_t i = 0; i < rows->n; i++)
		if (!strcmp(rows->v[i].path, path))
			return &rows->v[i];
	return NULL;
}

void cc_findings_blame(struct cc_findings *after, const struct cc_findings_delta *d, const struct cc_config *cfg,
		       const struct cc_rows *base_rows, const struct cc_rows *rows, const struct cc_strlist *changed,
		       const struct cc_gaps_options *opts)
{
	for (size_t k = 0; k < d->nopened; k++) {
		struct cc_finding *f = &after->v[d->opened[k]];
		if (f->kind != CC_GAP_COVERAGE || !f->data)
			continue;
		const char *by = json_string_value(json_object_get(f->data, "by"));
		const char *value = json_string_value(json_object_get(f->data, "value"));
		const char *stage = json_string_value(json_object_get(f->data, "stage"));
		if (!by || !value || !stage)
			continue;
		enum cc_dim dim = !strcmp(by, "topic") ? CC_DIM_TOPIC : CC_DIM_PERSONA;
		for (size_t i = 0; i < base_rows->n; i++) {
			const struct cc_row *b = &base_rows->v[i];
			if (!cc_strlist_has(changed, b->path) || !counts_in(cfg, b, opts, dim, value, stage))
				continue;
			const struct cc_row *now = row_at(rows, b->path);
			if (now && counts_in(cfg, now, opts, dim, value, stage))
				continue;
			struct cc_buf m = CC_BUF_INIT;
			cc_buf_adds(&m, f->message);
			if (now) {
				cc_buf_addf(&m, "; this change made '%s' leave the cell", b->path);
				free(f->path);
				f->path = cc_xstrdup(b->path);
				f->line = 1;
				f->col = 1;
			} else {
				cc_buf_addf(&m, "; this change deleted '%s', which counted here", b->path);
			}
			json_object_set_new(f->data, "caused_by", json_pack("{s:s, s:b}", "path", b->path, "deleted", !now));
			free(f->message);
			f->message = cc_buf_detach(&m, NULL);
			break;
		}
	}
}

size_t cc_findings_count(const struct cc_findings *f, enum cc_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].severity >= sev;
	return n;
}

void cc_findings_release(struct cc_findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].subject);
		free(f->v[i].path);
		free(f->v[i].message);
		json_decref(f->v[i].data);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}
