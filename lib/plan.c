/*
 * plan.c — briefs that close a quarter's gaps (see plan.h).
 */
#include "plan.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "gaps.h"
#include "text.h"
#include "workload.h"

/* ---- small counted lists ---- */

struct need {
	char *key; /* "kind:subject" */
	int n;     /* briefs still wanted */
};

struct needs {
	struct need *v;
	size_t n, alloc;
};

static struct need *need_find(struct needs *ns, const char *key)
{
	for (size_t i = 0; i < ns->n; i++)
		if (!strcmp(ns->v[i].key, key))
			return &ns->v[i];
	return NULL;
}

static void need_add(struct needs *ns, const char *key, int n)
{
	CC_GROW(ns->v, ns->alloc, ns->n + 1);
	ns->v[ns->n++] = (struct need){cc_xstrdup(key), n};
}

static void needs_release(struct needs *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i].key);
	free(ns->v);
}

/* ---- the state a plan is made against ---- */

struct fmt_stat {
	char *stage, *format;
	double score, pct;
	int n;
};

struct state {
	const struct cc_config *cfg;
	const struct cc_rows *rows;
	const struct cc_quarter *q;
	int64_t as_of;
	int *week_dated;      /* publish entries per week */
	struct needs needs;   /* coverage:…, cadence:WEEK, rotation:TOPIC */
	struct cc_coverage cells; /* persona × stage counts, bumped by briefs */
	int *topic_count;     /* per cfg->topics term: live and scheduled assets, bumped by briefs */
	struct cc_strlist people;
	int *load;            /* people.n × nweeks */
	struct fmt_stat *fmts;
	size_t nfmts, afmts;
	struct cc_strlist slugs; /* existing and planned slugs */
};

/* The people's weekly load (workload.h, by owner), computed when the first owner is picked. */
static void need_load(struct state *s)
{
	struct cc_workload wl;
	if (s->load)
		return;
	s->load = cc_xcalloc(s->people.n * (size_t)s->q->nweeks + 1, sizeof(int));
	cc_workload_compute(&wl, s->cfg, s->rows, s->q, s->as_of, true);
	for (size_t i = 0; i < s->people.n; i++) {
		const struct cc_workload_person *wp = cc_workload_find(&wl, s->people.v[i]);
		for (int w = 0; wp && w < s->q->nweeks; w++)
			s->load[i * (size_t)s->q->nweeks + (size_t)w] = wp->weeks[w].load;
	}
	cc_workload_release(&wl);
}

static int64_t week_day(const struct state *s, int w)
{
	int64_t ws = cc_quarter_week(s->q, w);
	return ws > s->as_of ? ws : s->as_of;
}

static bool week_ok(const struct state *s, int w, int64_t max_day)
{
	int64_t ws = cc_quarter_week(s->q, w), d = week_day(s, w);
	return d <= ws + 6 && d <= s->q->last && d <= max_day;
}

/* The week for a brief: one short of the cadence first, else the least dated; earliest on ties. */
static int pick_week(const struct state *s, int64_t max_day)
{
	int best = -1;
	for (int w = 0; w < s->q->nweeks; w++) {
		if (!week_ok(s, w, max_day))
			continue;
		char start[11], key[32];
		cc_day_format(start, cc_quarter_week(s->q, w));
		snprintf(key, sizeof(key), "cadence:%s", start);
		struct need *nd = need_find((struct needs *)&s->needs, key);
		if (nd && nd->n > 0)
			return w;
		if (best < 0 || s->week_dated[w] < s->week_dated[best])
			best = w;
	}
	return best;
}

static int topic_index(const struct state *s, const char *topic)
{
	for (size_t i = 0; i < s->cfg->topics.n; i++)
		if (!strcmp(s->cfg->topics.v[i].name, topic))
			return (int)i;
	return -1;
}

/* A topic for a brief dated day: one due in the rotation (if day is within its window), else the least covered. */
static const char *pick_topic(const struct state *s, int64_t day)
{
	int64_t window = 7 * (int64_t)s->cfg->calendar.topic_rotation_weeks;
	int best = -1;
	for (size_t i = 0; i < s->cfg->topics.n; i++) {
		char key[300];
		snprintf(key, sizeof(key), "rotation:%s", s->cfg->topics.v[i].name);
		struct need *nd = need_find((struct needs *)&s->needs, key);
		if (nd && nd->n > 0 && day - s->as_of < window)
			return s->cfg->topics.v[i].name;
		if (best < 0 || s->topic_count[i] < s->topic_count[best])
			best = (int)i;
	}
	return best < 0 ? "" : s->cfg->topics.v[best].name;
}

/* The thinnest persona × stage cell (stage fixed when stage >= 0); vocabulary order on ties. */
static void pick_cell(const struct state *s, int stage, const char **persona, const char **stg)
{
	int br = -1, bs = -1, bc = INT_MAX;
	for (size_t r = 0; r < s->cells.rows.n; r++)
		for (size_t k = 0; k < s->cells.stages.n; k++) {
			if (stage >= 0 && (int)k != stage)
				continue;
			int c = cc_cell_count(cc_coverage_cell(&s->cells, r, k));
			if (c < bc) {
				bc = c;
				br = (int)r;
				bs = (int)k;
			}
		}
	*persona = br >= 0 ? s->cells.rows.v[br] : "";
	*stg = bs >= 0 ? s->cells.stages.v[bs] : (stage >= 0 && (size_t)stage < s->cfg->stages.n ? s->cfg->stages.v[stage].name : "");
	if (bs < 0 && stage < 0 && s->cfg->stages.n)
		*stg = s->cfg->stages.v[0].name;
}

static int stage_index(const struct state *s, const char *stage)
{
	for (size_t i = 0; i < s->cells.stages.n; i++)
		if (!strcmp(s->cells.stages.v[i], stage))
			return (int)i;
	return -1;
}

static void fmt_add(struct state *s, const char *stage, const char *format, double score, double pct)
{
	for (size_t i = 0; i < s->nfmts; i++)
		if (!strcmp(s->fmts[i].stage, stage) && !strcmp(s->fmts[i].format, format)) {
			s->fmts[i].score += score;
			s->fmts[i].pct += pct;
			s->fmts[i].n++;
			return;
		}
	CC_GROW(s->fmts, s->afmts, s->nfmts + 1);
	s->fmts[s->nfmts++] = (struct fmt_stat){cc_xstrdup(stage), cc_xstrdup(format), score, pct, 1};
}

/* The best format at stage: highest mean score among assets with data; more assets, then name, on ties. */
static void pick_format(const struct state *s, const char *stage, struct cc_brief *b)
{
	const struct fmt_stat *best = NULL;
	for (size_t i = 0; i < s->nfmts; i++) {
		const struct fmt_stat *f = &s->fmts[i];
		if (strcmp(f->stage, stage))
			continue;
		double m = f->score / f->n, bm = best ? best->score / best->n : 0;
		if (!best || m > bm || (m == bm && (f->n > best->n || (f->n == best->n && strcmp(f->format, best->format) < 0))))
			best = f;
	}
	if (best) {
		b->format = cc_xstrdup(best->format);
		b->format_measured = true;
		b->format_score = best->score / best->n;
		b->format_percentile = best->pct / best->n;
		b->format_assets = best->n;
		return;
	}
	/* No engagement at this stage: the most common format there. */
	struct cc_strlist names = {0};
	int *counts = cc_xcalloc(s->rows->n + 1, sizeof(int));
	for (size_t i = 0; i < s->rows->n; i++) {
		const struct cc_row *r = &s->rows->v[i];
		if (!*r->format || !cc_strlist_has(&r->tags[CC_DIM_STAGE], stage))
			continue;
		size_t k = 0;
		while (k < names.n && strcmp(names.v[k], r->format))
			k++;
		if (k == names.n)
			cc_strlist_add(&names, r->format);
		counts[k]++;
	}
	int bk = -1;
	for (size_t k = 0; k < names.n; k++)
		if (bk < 0 || counts[k] > counts[bk] || (counts[k] == counts[bk] && strcmp(names.v[k], names.v[bk]) < 0))
			bk = (int)k;
	b->format = cc_xstrdup(bk >= 0 ? names.v[bk] : s->cfg->formats.n ? s->cfg->formats.v[0].name : "blog");
	b->format_assets = bk >= 0 ? counts[bk] : 0;
	free(counts);
	cc_strlist_clear(&names);
}

/* The person with the most room in week w (no limit counts as room); by name on ties. */
static void pick_owner(struct state *s, int w, struct cc_brief *b)
{
	int bi = -1;
	need_load(s);
	long broom = LONG_MIN;
	for (size_t i = 0; i < s->people.n; i++) {
		int cap = cc_config_capacity(s->cfg, s->people.v[i]);
		int load = w >= 0 ? s->load[i * (size_t)s->q->nweeks + (size_t)w] : 0;
		long room = cap > 0 ? (long)cap - load : 1000000L - load;
		if (room > broom) {
			broom = room;
			bi = (int)i;
		}
	}
	if (bi < 0)
		return;
	b->owner = cc_xstrdup(s->people.v[bi]);
	b->owner_capacity = cc_config_capacity(s->cfg, s->people.v[bi]);
	if (w >= 0)
		b->owner_load = ++s->load[(size_t)bi * (size_t)s->q->nweeks + (size_t)w];
}

static void cover(struct state *s, struct cc_brief *b, const char *key)
{
	struct need *nd = need_find(&s->needs, key);
	if (nd && nd->n > 0) {
		nd->n--;
		if (!cc_strlist_has(&b->covers, key))
			cc_strlist_add(&b->covers, key);
	}
}

static void make_title(struct state *s, struct cc_brief *b, const char *base)
{
	struct cc_buf t = CC_BUF_INIT;
	for (int k = 1;; k++) {
		cc_buf_reset(&t);
		cc_buf_adds(&t, base);
		if (k > 1)
			cc_buf_addf(&t, " (%d)", k);
		char *slug = cc_slugify(t.buf);
		bool taken = cc_strlist_has(&s->slugs, slug);
		if (!taken)
			cc_strlist_add(&s->slugs, slug);
		free(slug);
		if (!taken)
			break;
	}
	b->title = cc_buf_detach(&t, NULL);
}

/* Adds a brief for a new asset: persona, stage, topic, week decided by the caller. */
static void new_brief(struct cc_plan *p, struct state *s, const char *kind, const char *persona, const char *stage,
		      const char *topic, int w)
{
	CC_GROW(p->v, p->alloc, p->n + 1);
	struct cc_brief *b = &p->v[p->n++];
	memset(b, 0, sizeof(*b));
	b->kind = cc_xstrdup(kind);
	b->persona = cc_xstrdup(persona);
	b->stage = cc_xstrdup(stage);
	b->topic = cc_xstrdup(topic);
	b->date = week_day(s, w);
	pick_format(s, stage, b);
	pick_owner(s, w, b);

	struct cc_buf base = CC_BUF_INIT;
	char *st = cc_xstrdup(*stage ? stage : "any");
	st[0] = (char)(st[0] >= 'a' && st[0] <= 'z' ? st[0] - 32 : st[0]);
	cc_buf_addf(&base, "%s-stage %s", st, b->format);
	if (*persona)
		cc_buf_addf(&base, " for %s", persona);
	if (*topic)
		cc_buf_addf(&base, " on %s", topic);
	free(st);
	make_title(s, b, base.buf);
	cc_buf_release(&base);

	/* what it covers, and the state it leaves */
	char key[600], start[11];
	int si = stage_index(s, stage);
	snprintf(key, sizeof(key), "coverage:%s/%s", persona, stage);
	cover(s, b, key);
	snprintf(key, sizeof(key), "coverage:%s/%s", topic, stage);
	if (*topic)
		cover(s, b, key);
	for (size_t r = 0; si >= 0 && r < s->cells.rows.n; r++)
		if (!strcmp(s->cells.rows.v[r], persona))
			cc_coverage_cell(&s->cells, r, (size_t)si)->scheduled++;
	cc_day_format(start, cc_quarter_week(s->q, w));
	snprintf(key, sizeof(key), "cadence:%s", start);
	cover(s, b, key);
	s->week_dated[w]++;
	int ti = topic_index(s, topic);
	if (ti >= 0) {
		s->topic_count[ti]++;
		if (b->date - s->as_of < 7 * (int64_t)s->cfg->calendar.topic_rotation_weeks) {
			snprintf(key, sizeof(key), "rotation:%s", topic);
			cover(s, b, key);
		}
	}
}

static void plan_stale(struct cc_plan *p, struct state *s, const struct cc_finding *f)
{
	const struct cc_row *r = NULL;
	for (size_t i = 0; i < s->rows->n && !r; i++)
		if (!strcmp(s->rows->v[i].path, f->subject))
			r = &s->rows->v[i];
	if (!r)
		return;
	int w = pick_week(s, INT64_MAX);
	CC_GROW(p->v, p->alloc, p->n + 1);
	struct cc_brief *b = &p->v[p->n++];
	memset(b, 0, sizeof(*b));
	b->kind = cc_xstrdup("stale");
	b->persona = cc_xstrdup(r->tags[CC_DIM_PERSONA].n ? r->tags[CC_DIM_PERSONA].v[0] : "");
	b->stage = cc_xstrdup(r->tags[CC_DIM_STAGE].n ? r->tags[CC_DIM_STAGE].v[0] : "");
	b->topic = cc_xstrdup(r->tags[CC_DIM_TOPIC].n ? r->tags[CC_DIM_TOPIC].v[0] : "");
	b->refresh = cc_xstrdup(r->path);
	b->date = w >= 0 ? week_day(s, w) : s->as_of;
	pick_format(s, b->stage, b);
	if (*r->format && strcmp(b->format, r->format)) {
		/* a refresh keeps its own format; the figures are then the stage's best, not its own */
		free(b->format);
		b->format = cc_xstrdup(r->format);
		b->format_measured = false;
		b->format_assets = 0;
	}
	if (r->owners.n || r->authors.n) {
		const char *who = cc_workload_owner(r);
		need_load(s);
		for (size_t i = 0; i < s->people.n; i++)
			if (!strcmp(s->people.v[i], who)) {
				b->owner = cc_xstrdup(who);
				b->owner_capacity = cc_config_capacity(s->cfg, who);
				if (w >= 0)
					b->owner_load = ++s->load[i * (size_t)s->q->nweeks + (size_t)w];
			}
	}
	if (!b->owner)
		pick_owner(s, w, b);
	struct cc_buf t = CC_BUF_INIT;
	cc_buf_addf(&t, "Refresh: %s", r->title);
	b->title = cc_buf_detach(&t, NULL);
	char key[600];
	snprintf(key, sizeof(key), "stale:%s", r->path);
	cc_strlist_add(&b->covers, key);
}

static void state_release(struct state *s)
{
	free(s->week_dated);
	needs_release(&s->needs);
	cc_coverage_release(&s->cells);
	free(s->topic_count);
	cc_strlist_clear(&s->people);
	free(s->load);
	for (size_t i = 0; i < s->nfmts; i++) {
		free(s->fmts[i].stage);
		free(s->fmts[i].format);
	}
	free(s->fmts);
	cc_strlist_clear(&s->slugs);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cc_plan_compute(struct cc_plan *out, const struct cc_config *cfg, const struct cc_rows *rows,
		    const struct cc_relevance_set *rel, const struct cc_quarter *q, int64_t as_of)
{
	struct state s = {.cfg = cfg, .rows = rows, .q = q, .as_of = as_of};
	struct cc_findings fs = {0};
	struct cc_gaps_options go = {.quarter = q, .as_of = as_of};
	struct cc_entries es = {0};
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->quarter = *q;
	out->as_of = as_of;
	if (cc_gaps_from_rows(&fs, cfg, rows, &go) < 0)
		goto out;
	/* Nothing a brief could answer (no gap, or only past weeks): no state to build. */
	bool plannable = false;
	for (size_t i = 0; i < fs.n; i++) {
		const struct cc_finding *f = &fs.v[i];
		const char *when = json_string_value(json_object_get(f->data, "when"));
		if (f->kind == CC_GAP_CADENCE && when && !strcmp(when, "past"))
			out->uncovered++;
		else if (f->kind != CC_GAP_OVERDUE)
			plannable = true;
	}
	if (!plannable) {
		ret = 0;
		goto out;
	}
	out->uncovered = 0; /* counted again below, with the rest */
	if (cc_coverage_from_rows(&s.cells, cfg, rows, q, as_of, CC_DIM_PERSONA) < 0)
		goto out;

	s.week_dated = cc_xcalloc((size_t)q->nweeks + 1, sizeof(int));
	cc_calendar_entries(&es, cfg, rows, as_of);
	for (size_t i = 0; i < es.n; i++) {
		int w = cc_quarter_week_index(q, es.v[i].day);
		if (w >= 0 && es.v[i].kind != CC_ENTRY_DUE && es.v[i].kind != CC_ENTRY_DUE_OVERDUE)
			s.week_dated[w]++;
	}
	s.topic_count = cc_xcalloc(cfg->topics.n + 1, sizeof(int));
	for (size_t i = 0; i < rows->n; i++) {
		const struct cc_row *r = &rows->v[i];
		enum cc_status_class cls = cc_status_class(cfg, r->status);
		cc_strlist_add(&s.slugs, r->slug);
		for (size_t k = 0; k < r->owners.n; k++)
			if (!cc_strlist_has(&s.people, r->owners.v[k]))
				cc_strlist_add(&s.people, r->owners.v[k]);
		for (size_t k = 0; k < r->authors.n; k++)
			if (!cc_strlist_has(&s.people, r->authors.v[k]))
				cc_strlist_add(&s.people, r->authors.v[k]);
		if (cls == CC_ST_PUBLISHED || cls == CC_ST_SCHEDULED)
			for (size_t k = 0; k < r->tags[CC_DIM_TOPIC].n; k++) {
				int ti = topic_index(&s, r->tags[CC_DIM_TOPIC].v[k]);
				if (ti >= 0)
					s.topic_count[ti]++;
			}
		const struct cc_relevance *rv = rel ? cc_relevance_find(rel, r->id) : NULL;
		if (rv && rv->has_data && *r->format)
			for (size_t k = 0; k < r->tags[CC_DIM_STAGE].n; k++)
				fmt_add(&s, r->tags[CC_DIM_STAGE].v[k], r->format, rv->score, rv->percentile);
	}
	if (s.people.n)
		qsort(s.people.v, s.people.n, sizeof(char *), str_cmp);

	/* what the gaps ask for */
	for (size_t i = 0; i < fs.n; i++) {
		const struct cc_finding *f = &fs.v[i];
		char key[600];
		snprintf(key, sizeof(key), "%s:%s", cc_gap_kind_name(f->kind), f->subject);
		if (f->kind == CC_GAP_COVERAGE) {
			json_int_t min = json_integer_value(json_object_get(f->data, "min"));
			json_int_t have = json_integer_value(json_object_get(f->data, "count"));
			need_add(&s.needs, key, (int)(min - have));
		} else if (f->kind == CC_GAP_CADENCE) {
			const char *when = json_string_value(json_object_get(f->data, "when"));
			json_int_t min = json_integer_value(json_object_get(f->data, "min"));
			json_int_t have = json_integer_value(json_object_get(f->data, "published")) +
					  json_integer_value(json_object_get(f->data, "scheduled"));
			if (when && !strcmp(when, "past"))
				out->uncovered++;
			else
				need_add(&s.needs, key, (int)(min - have));
		} else if (f->kind == CC_GAP_ROTATION) {
			need_add(&s.needs, key, 1);
		}
	}

	/* coverage first: each brief also takes a short week and a due topic when it can */
	for (size_t i = 0; i < fs.n; i++) {
		const struct cc_finding *f = &fs.v[i];
		if (f->kind != CC_GAP_COVERAGE)
			continue;
		char key[600];
		snprintf(key, sizeof(key), "coverage:%s", f->subject);
		const char *by = json_string_value(json_object_get(f->data, "by"));
		const char *value = json_string_value(json_object_get(f->data, "value"));
		const char *stage = json_string_value(json_object_get(f->data, "stage"));
		struct need *nd;
		while ((nd = need_find(&s.needs, key)) && nd->n > 0) {
			int w = pick_week(&s, INT64_MAX);
			if (w < 0) {
				out->uncovered += (size_t)nd->n;
				nd->n = 0;
				break;
			}
			if (by && !strcmp(by, "topic")) {
				const char *persona, *stg;
				pick_cell(&s, stage_index(&s, stage), &persona, &stg);
				new_brief(out, &s, "coverage", persona, stage, value, w);
			} else {
				new_brief(out, &s, "coverage", value, stage, pick_topic(&s, week_day(&s, w)), w);
			}
		}
	}
	/* weeks still short of the cadence */
	for (size_t i = 0; i < s.needs.n; i++) {
		struct need *nd = &s.needs.v[i];
		if (strncmp(nd->key, "cadence:", 8))
			continue;
		int64_t ws;
		if (cc_day_parse(&ws, nd->key + 8) < 0)
			continue;
		int w = cc_quarter_week_index(q, ws);
		while (nd->n > 0) {
			if (w < 0 || !week_ok(&s, w, INT64_MAX)) {
				out->uncovered += (size_t)nd->n;
				nd->n = 0;
				break;
			}
			const char *persona, *stage;
			pick_cell(&s, -1, &persona, &stage);
			new_brief(out, &s, "cadence", persona, stage, pick_topic(&s, week_day(&s, w)), w);
		}
	}
	/* topics still due in the rotation */
	int64_t window = 7 * (int64_t)cfg->calendar.topic_rotation_weeks;
	for (size_t i = 0; i < s.needs.n; i++) {
		struct need *nd = &s.needs.v[i];
		if (strncmp(nd->key, "rotation:", 9) || nd->n <= 0)
			continue;
		int w = pick_week(&s, as_of + window - 1);
		if (w < 0) {
			out->uncovered += (size_t)nd->n;
			nd->n = 0;
			continue;
		}
		char topic[300];
		snprintf(topic, sizeof(topic), "%s", nd->key + 9);
		const char *persona, *stage;
		pick_cell(&s, -1, &persona, &stage);
		new_brief(out, &s, "rotation", persona, stage, topic, w);
	}
	/* stale assets: a refresh each */
	for (size_t i = 0; i < fs.n; i++)
		if (fs.v[i].kind == CC_GAP_STALE)
			plan_stale(out, &s, &fs.v[i]);
	ret = 0;
out:
	cc_entries_release(&es);
	cc_findings_release(&fs);
	state_release(&s);
	return ret;
}

void cc_plan_release(struct cc_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct cc_brief *b = &p->v[i];
		free(b->kind);
		free(b->title);
		free(b->persona);
		free(b->stage);
		free(b->topic);
		free(b->format);
		free(b->owner);
		free(b->refresh);
		cc_strlist_clear(&b->covers);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* ---- renderers ---- */

static void md_text(struct cc_buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>|#!~", *s))
			cc_buf_addch(b, '\\');
		if ((unsigned char)*s < 0x20)
			cc_buf_addch(b, ' ');
		else
			cc_buf_addch(b, *s);
	}
}

static void format_figures(struct cc_buf *b, const struct cc_brief *br)
{
	if (br->refresh && !br->format_measured)
		cc_buf_adds(b, "its own format");
	else if (br->format_measured)
		cc_buf_addf(b, "best at this stage: mean relevance score %.1f, mean percentile %.0f, over %d asset%s with engagement",
			    br->format_score, br->format_percentile, br->format_assets, br->format_assets == 1 ? "" : "s");
	else if (br->format_assets)
		cc_buf_addf(b, "no engagement data at this stage; the most common format there (%d asset%s)",
			    br->format_assets, br->format_assets == 1 ? "" : "s");
	else
		cc_buf_adds(b, "no engagement data and no asset at this stage; a default");
}

void cc_plan_markdown(struct cc_buf *out, const struct cc_plan *p)
{
	char name[16], as[11];
	size_t covered = 0;
	cc_quarter_name(&p->quarter, name);
	cc_day_format(as, p->as_of);
	for (size_t i = 0; i < p->n; i++)
		covered += p->v[i].covers.n;
	cc_buf_addf(out, "# Plan for %s as of %s\n\n%zu brief%s covering %zu gap%s", name, as, p->n,
		    p->n == 1 ? "" : "s", covered, covered == 1 ? "" : "s");
	if (p->uncovered)
		cc_buf_addf(out, "; %zu gap%s cannot be planned (past weeks)", p->uncovered,
			    p->uncovered == 1 ? "" : "s");
	cc_buf_adds(out, ".\n");
	for (size_t i = 0; i < p->n; i++) {
		const struct cc_brief *b = &p->v[i];
		char d[11], label[16];
		cc_day_format(d, b->date);
		cc_week_label(label, cc_week_first(b->date, p->quarter.week_start), p->quarter.week_start);
		cc_buf_addf(out, "\n## %zu. ", i + 1);
		md_text(out, b->title);
		cc_buf_adds(out, "\n\n- gap: ");
		md_text(out, b->kind);
		cc_buf_adds(out, "; covers ");
		for (size_t k = 0; k < b->covers.n; k++) {
			if (k)
				cc_buf_adds(out, ", ");
			md_text(out, b->covers.v[k]);
		}
		if (b->refresh) {
			cc_buf_adds(out, "\n- refresh: ");
			md_text(out, b->refresh);
		}
		cc_buf_adds(out, "\n- persona: ");
		md_text(out, *b->persona ? b->persona : "-");
		cc_buf_adds(out, "; stage: ");
		md_text(out, *b->stage ? b->stage : "-");
		cc_buf_adds(out, "; topic: ");
		md_text(out, *b->topic ? b->topic : "-");
		cc_buf_adds(out, "\n- format: ");
		md_text(out, b->format);
		cc_buf_adds(out, " (");
		format_figures(out, b);
		cc_buf_addf(out, ")\n- date: %s%s%s%s", d, *label ? " (" : "", label, *label ? ")" : "");
		cc_buf_adds(out, "\n- owner: ");
		if (b->owner) {
			md_text(out, b->owner);
			if (b->owner_capacity)
				cc_buf_addf(out, " (%d of %d that week)", b->owner_load, b->owner_capacity);
			else
				cc_buf_addf(out, " (%d that week, no limit)", b->owner_load);
		} else {
			cc_buf_adds(out, "nobody named in the content yet");
		}
		cc_buf_addch(out, '\n');
	}
}

static void yaml_str(struct cc_buf *b, const char *s)
{
	cc_buf_addch(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			cc_buf_addch(b, '\\'), cc_buf_addch(b, (char)*p);
		else if (*p < 0x20 || *p == 0x7f)
			cc_buf_addf(b, "\\x%02x", *p);
		else
			cc_buf_addch(b, (char)*p);
	}
	cc_buf_addch(b, '"');
}

void cc_plan_yaml(struct cc_buf *out, const struct cc_plan *p)
{
	char name[16], as[11];
	cc_quarter_name(&p->quarter, name);
	cc_day_format(as, p->as_of);
	cc_buf_addf(out, "quarter: %s\nas_of: %s\nuncovered: %zu\nbriefs:%s\n", name, as, p->uncovered,
		    p->n ? "" : " []");
	for (size_t i = 0; i < p->n; i++) {
		const struct cc_brief *b = &p->v[i];
		char d[11];
		cc_day_format(d, b->date);
		const char *keys[] = {"kind", "title", "persona", "stage", "topic", "format"};
		const char *vals[] = {b->kind, b->title, b->persona, b->stage, b->topic, b->format};
		for (size_t k = 0; k < 6; k++) {
			cc_buf_addf(out, "%s%s: ", k ? "    " : "  - ", keys[k]);
			yaml_str(out, vals[k]);
			cc_buf_addch(out, '\n');
		}
		cc_buf_adds(out, "    format_reason: ");
		struct cc_buf why = CC_BUF_INIT;
		format_figures(&why, b);
		yaml_str(out, why.buf);
		cc_buf_release(&why);
		cc_buf_addch(out, '\n');
		if (b->format_measured)
			cc_buf_addf(out, "    format_score: %.3f\n    format_percentile: %.1f\n    format_assets: %d\n",
				    b->format_score, b->format_percentile, b->format_assets);
		cc_buf_addf(out, "    date: %s\n    owner: ", d);
		if (b->owner)
			yaml_str(out, b->owner);
		else
			cc_buf_adds(out, "null");
		cc_buf_adds(out, "\n    refresh: ");
		if (b->refresh)
			yaml_str(out, b->refresh);
		else
			cc_buf_adds(out, "null");
		cc_buf_addf(out, "\n    covers:%s\n", b->covers.n ? "" : " []");
		for (size_t k = 0; k < b->covers.n; k++) {
			cc_buf_adds(out, "      - ");
			yaml_str(out, b->covers.v[k]);
			cc_buf_addch(out, '\n');
		}
	}
}

json_t *cc_plan_json(const struct cc_plan *p)
{
	char name[16], as[11];
	json_t *briefs = json_array();
	cc_quarter_name(&p->quarter, name);
	cc_day_format(as, p->as_of);
	for (size_t i = 0; i < p->n; i++) {
		const struct cc_brief *b = &p->v[i];
		char d[11];
		cc_day_format(d, b->date);
		json_t *covers = json_array();
		for (size_t k = 0; k < b->covers.n; k++)
			json_array_append_new(covers, cc_json_text(b->covers.v[k]));
		json_t *fmt = json_pack("{s:o, s:b, s:i}", "name", cc_json_text(b->format), "measured",
					b->format_measured, "assets", b->format_assets);
		if (b->format_measured) {
			json_object_set_new(fmt, "mean_score", json_real(b->format_score));
			json_object_set_new(fmt, "mean_percentile", json_real(b->format_percentile));
		}
		json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o}", "kind", b->kind, "title",
				      cc_json_text(b->title), "persona", cc_json_text(b->persona), "stage",
				      cc_json_text(b->stage), "topic", cc_json_text(b->topic), "format", fmt, "date", d,
				      "refresh", b->refresh ? cc_json_text(b->refresh) : json_null(), "covers", covers);
		if (b->owner)
			json_object_set_new(o, "owner", json_pack("{s:o, s:i, s:i}", "name", cc_json_text(b->owner),
								  "load", b->owner_load, "capacity", b->owner_capacity));
		else
			json_object_set_new(o, "owner", json_null());
		json_array_append_new(briefs, o);
	}
	return json_pack("{s:i, s:s, s:s, s:I, s:o}", "version", 1, "quarter", name, "as_of", as, "uncovered",
			 (json_int_t)p->uncovered, "briefs", briefs);
}
