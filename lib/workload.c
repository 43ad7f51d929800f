/*
 * workload.c — per person, per week: due, scheduled, overdue (see workload.h).
 */
#include "workload.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "gaps.h"
#include "text.h"

const char *cc_workload_owner(const struct cc_row *r)
{
	if (r->owners.n)
		return r->owners.v[0];
	return r->authors.n ? r->authors.v[0] : NULL;
}

static int person_cmp(const void *a, const void *b)
{
	const struct cc_workload_person *x = a, *y = b;
	return strcmp(x->name, y->name);
}

static struct cc_workload_person *person(struct cc_workload *w, size_t *alloc, const struct cc_config *cfg,
					 const char *name)
{
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->v[i].name, name))
			return &w->v[i];
	CC_GROW(w->v, *alloc, w->n + 1);
	struct cc_workload_person *p = &w->v[w->n++];
	memset(p, 0, sizeof(*p));
	p->name = cc_xstrdup(name);
	p->capacity = cc_config_capacity(cfg, name);
	p->weeks = cc_xcalloc((size_t)w->quarter.nweeks + 1, sizeof(*p->weeks));
	return p;
}

const struct cc_workload_person *cc_workload_find(const struct cc_workload *w, const char *name)
{
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->v[i].name, name))
			return &w->v[i];
	return NULL;
}

void cc_workload_compute(struct cc_workload *out, const struct cc_config *cfg, const struct cc_rows *rows,
			 const struct cc_quarter *q, int64_t as_of, bool by_owner)
{
	struct cc_entries es = {0};
	size_t alloc = 0;
	int nw = q->nweeks;
	memset(out, 0, sizeof(*out));
	out->quarter = *q;
	out->as_of = as_of;
	out->by_owner = by_owner;
	cc_calendar_entries(&es, cfg, rows, as_of);
	for (size_t i = 0; i < es.n; i++) {
		const struct cc_entry *e = &es.v[i];
		if (e->kind == CC_ENTRY_PUBLISHED)
			continue;
		int wi = cc_quarter_week_index(q, e->day);
		if (wi < 0)
			continue;
		const struct cc_row *r = &rows->v[e->row];
		const char *single = by_owner ? cc_workload_owner(r) : NULL;
		size_t np = by_owner ? 1 : (r->authors.n ? r->authors.n : 1);
		for (size_t k = 0; k < np; k++) {
			const char *name = by_owner ? single : (r->authors.n ? r->authors.v[k] : NULL);
			struct cc_workload_person *p = person(out, &alloc, cfg, name ? name : CC_WORKLOAD_UNASSIGNED);
			struct cc_workload_week *wk = &p->weeks[wi];
			bool due = e->kind == CC_ENTRY_DUE || e->kind == CC_ENTRY_DUE_OVERDUE;
			bool late = e->kind == CC_ENTRY_OVERDUE || e->kind == CC_ENTRY_DUE_OVERDUE;
			if (due)
				wk->due++, p->due++;
			else
				wk->scheduled++, p->scheduled++;
			if (late)
				wk->overdue++, p->overdue++;
			/* An asset counts once in a week's load, though it may have two
			 * entries there (publish and due); entries are sorted by day. */
			bool counted = false;
			for (size_t j = i; j-- > 0 && es.v[j].day >= cc_quarter_week(q, wi);)
				if (es.v[j].row == e->row && es.v[j].kind != CC_ENTRY_PUBLISHED)
					counted = true;
			if (!counted)
				wk->load++;
		}
	}
	cc_entries_release(&es);
	for (size_t i = 0; i < out->n; i++) {
		struct cc_workload_person *p = &out->v[i];
		for (int w = 0; w < nw; w++) {
			p->weeks[w].over = p->capacity > 0 && p->weeks[w].load > p->capacity;
			p->over_weeks += p->weeks[w].over;
		}
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), person_cmp);
}

void cc_workload_release(struct cc_workload *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].name);
		free(w->v[i].weeks);
	}
	free(w->v);
	memset(w, 0, sizeof(*w));
}

void cc_workload_text(struct cc_buf *out, const struct cc_workload *w, int week_start)
{
	char name[16], a[11], z[11], as[11];
	cc_quarter_name(&w->quarter, name);
	cc_day_format(a, w->quarter.first);
	cc_day_format(z, w->quarter.last);
	cc_day_format(as, w->as_of);
	cc_buf_addf(out, "%s (%s to %s) as of %s; workload by %s\n", name, a, z, as,
		    w->by_owner ? "owner" : "author");
	if (!w->n)
		cc_buf_adds(out, "\nnothing due or scheduled this quarter\n");
	for (size_t i = 0; i < w->n; i++) {
		const struct cc_workload_person *p = &w->v[i];
		cc_buf_addf(out, "\n%s: %d due, %d scheduled, %d overdue", p->name, p->due, p->scheduled, p->overdue);
		if (p->capacity)
			cc_buf_addf(out, "; capacity %d a week, %d week%s over", p->capacity, p->over_weeks,
				    p->over_weeks == 1 ? "" : "s");
		cc_buf_addch(out, '\n');
		for (int k = 0; k < w->quarter.nweeks; k++) {
			const struct cc_workload_week *wk = &p->weeks[k];
			if (!wk->load)
				continue;
			int64_t ws = cc_quarter_week(&w->quarter, k);
			char start[11], label[16];
			cc_day_format(start, ws);
			cc_week_label(label, ws, week_start);
			cc_buf_addf(out, "  %s%s%s  due %d  scheduled %d  overdue %d  load %d", *label ? label : "",
				    *label ? "  " : "", start, wk->due, wk->scheduled, wk->overdue, wk->load);
			if (wk->over)
				cc_buf_addf(out, "  OVER CAPACITY (%d > %d)", wk->load, p->capacity);
			cc_buf_addch(out, '\n');
		}
	}
}

void cc_workload_csv(struct cc_buf *out, const struct cc_workload *w, int week_start)
{
	cc_buf_adds(out, "person,week,iso_week,due,scheduled,overdue,load,capacity,over\r\n");
	for (size_t i = 0; i < w->n; i++) {
		const struct cc_workload_person *p = &w->v[i];
		for (int k = 0; k < w->quarter.nweeks; k++) {
			const struct cc_workload_week *wk = &p->weeks[k];
			int64_t ws = cc_quarter_week(&w->quarter, k);
			char start[11], label[16];
			cc_day_format(start, ws);
			cc_week_label(label, ws, week_start);
			cc_buf_add_csv(out, p->name);
			cc_buf_addf(out, ",%s,%s,%d,%d,%d,%d,%d,%s\r\n", start, label, wk->due, wk->scheduled,
				    wk->overdue, wk->load, p->capacity, wk->over ? "yes" : "no");
		}
	}
}

json_t *cc_workload_json(const struct cc_workload *w, int week_start)
{
	json_t *people = json_array();
	char as[11];
	cc_day_format(as, w->as_of);
	for (size_t i = 0; i < w->n; i++) {
		const struct cc_workload_person *p = &w->v[i];
		json_t *weeks = json_array();
		for (int k = 0; k < w->quarter.nweeks; k++) {
			const struct cc_workload_week *wk = &p->weeks[k];
			int64_t ws = cc_quarter_week(&w->quarter, k);
			char start[11], label[16];
			cc_day_format(start, ws);
			cc_week_label(label, ws, week_start);
			json_array_append_new(weeks, json_pack("{s:s, s:s?, s:i, s:i, s:i, s:i, s:b}", "start", start,
							       "iso_week", *label ? label : NULL, "due", wk->due,
							       "scheduled", wk->scheduled, "overdue", wk->overdue,
							       "load", wk->load, "over", wk->over));
		}
		json_array_append_new(people, json_pack("{s:o, s:i, s:i, s:i, s:i, s:i, s:o}", "person",
							cc_json_text(p->name), "capacity", p->capacity, "due", p->due,
							"scheduled", p->scheduled, "overdue", p->overdue, "over_weeks",
							p->over_weeks, "weeks", weeks));
	}
	return json_pack("{s:i, s:s, s:s, s:o}", "version", 1, "as_of", as, "by", w->by_owner ? "owner" : "author",
			 "people", people);
}
