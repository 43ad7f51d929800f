/*
 * render_gaps.c — gap findings as text, JSON and Markdown, with the
 * coverage a change adds (--since) (see gaps.h; the line, GitHub, SARIF and
 * JUnit forms are the findings renderers of render_findings.c).
 */
#include "gaps.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "text.h"

static const char *delta_change(const struct cc_cell_delta *d)
{
	if (d->gap_before && !d->gap_after)
		return "closes";
	if (!d->gap_before && d->gap_after)
		return "opens";
	return d->after > d->before ? "more" : "fewer";
}

static json_t *finding_json(const struct cc_finding *x);

static json_t *since_json(const struct cc_gaps_since *s)
{
	json_t *cells = json_array();
	for (int k = 0; k < (s->by_topic ? 2 : 1); k++)
		for (size_t i = 0; i < s->delta[k].n; i++) {
			const struct cc_cell_delta *d = &s->delta[k].v[i];
			json_array_append_new(cells, json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "by",
							       k ? "topic" : "persona", "value", d->row, "stage",
							       d->stage, "before", d->before, "after", d->after,
							       "change", delta_change(d)));
		}
	json_t *doc = json_pack("{s:o, s:s, s:o}", "rev", cc_json_text(s->rev), "base", s->base, "cells", cells);
	if (s->judge) {
		json_t *closed = json_array();
		for (size_t i = 0; i < s->closed.n; i++)
			json_array_append_new(closed, finding_json(&s->closed.v[i]));
		json_object_set_new(doc, "closed", closed);
		json_object_set_new(doc, "unchanged", json_integer((json_int_t)s->kept));
	}
	return doc;
}

/* ---- output ---- */

static void header_line(struct cc_buf *b, const struct cc_gaps_view *co)
{
	char name[16], a[11], z[11], as[11];
	cc_quarter_name(co->quarter, name);
	cc_day_format(a, co->quarter->first);
	cc_day_format(z, co->quarter->last);
	cc_day_format(as, co->as_of);
	cc_buf_addf(b, "%s (%s to %s) as of %s", name, a, z, as);
}

void cc_render_gaps_summary(struct cc_buf *b, const struct cc_findings *f)
{
	size_t e = 0, w = 0, i = 0;
	for (size_t k = 0; k < f->n; k++) {
		e += f->v[k].severity == CC_SEV_ERROR;
		w += f->v[k].severity == CC_SEV_WARNING;
		i += f->v[k].severity == CC_SEV_INFO;
	}
	cc_buf_addf(b, "%zu error%s, %zu warning%s", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
	if (i)
		cc_buf_addf(b, ", %zu info", i);
}

void cc_render_gaps_text(struct cc_buf *out, const struct cc_gaps_view *co)
{
	const struct cc_findings *f = co->findings;
	const struct cc_gaps_since *s = co->since;
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_adds(&b, "gaps in ");
	header_line(&b, co);
	cc_buf_addch(&b, '\n');
	for (int k = 0; k < CC_GAP_NKINDS; k++) {
		bool head = false;
		for (size_t i = 0; i < f->n; i++) {
			const struct cc_finding *x = &f->v[i];
			if ((int)x->kind != k)
				continue;
			if (!head)
				cc_buf_addf(&b, "\n%s\n", cc_gap_kind_name((enum cc_gap_kind)k));
			head = true;
			cc_buf_addf(&b, "  %-7s  ", cc_severity_name(x->severity));
			if (x->kind == CC_GAP_OVERDUE || x->kind == CC_GAP_STALE || x->kind == CC_GAP_VOCABULARY)
				cc_buf_addf(&b, "%s\n           ", x->subject);
			cc_buf_addf(&b, "%s\n", x->message);
		}
	}
	if (!f->n)
		cc_buf_adds(&b, s && s->judge ? "\nno gap opened by the change\n" : "\nno gaps\n");
	if (s && s->rev) {
		cc_buf_addf(&b, "\ncoverage since %s\n", s->rev);
		size_t n = 0;
		for (int k = 0; k < (s->by_topic ? 2 : 1); k++)
			for (size_t i = 0; i < s->delta[k].n; i++, n++) {
				const struct cc_cell_delta *d = &s->delta[k].v[i];
				const char *c = delta_change(d);
				cc_buf_addf(&b, "  %s/%s: %d -> %d%s\n", d->row, d->stage, d->before, d->after,
					    !strcmp(c, "closes")  ? " (closes a gap)"
					    : !strcmp(c, "opens") ? " (opens a gap)"
								  : "");
			}
		if (!n)
			cc_buf_adds(&b, "  no cell changed\n");
	}
	if (s && s->judge) {
		cc_buf_addf(&b, "\nthe change (since %s) opens %zu finding%s (above), closes %zu, leaves %zu as they were\n",
			    s->rev, f->n, f->n == 1 ? "" : "s", s->closed.n, s->kept);
		for (size_t i = 0; i < s->closed.n; i++) {
			const struct cc_finding *x = &s->closed.v[i];
			cc_buf_addf(&b, "  closed   %s %s: %s\n", cc_gap_kind_name(x->kind), x->subject, x->message);
		}
	}
	cc_buf_add_safe(out, b.buf, true);
	cc_buf_release(&b);
}

static json_t *finding_json(const struct cc_finding *x)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:i, s:i, s:O}", "kind", cc_gap_kind_name(x->kind), "severity",
			 cc_severity_name(x->severity), "subject", cc_json_text(x->subject), "message",
			 cc_json_text(x->message), "path", *x->path ? cc_json_text(x->path) : json_null(), "line",
			 x->line, "col", x->col, "data", x->data);
}

void cc_render_gaps_json(struct cc_buf *out, const struct cc_gaps_view *co)
{
	const struct cc_findings *f = co->findings;
	const struct cc_gaps_since *s = co->since;
	char as[11];
	json_t *arr = json_array(), *kinds = json_object();
	cc_day_format(as, co->as_of);
	for (int k = 0; k < CC_GAP_NKINDS; k++)
		json_object_set_new(kinds, cc_gap_kind_name((enum cc_gap_kind)k), json_integer(0));
	for (size_t i = 0; i < f->n; i++) {
		json_array_append_new(arr, finding_json(&f->v[i]));
		const char *kn = cc_gap_kind_name(f->v[i].kind);
		json_object_set_new(kinds, kn, json_integer(json_integer_value(json_object_get(kinds, kn)) + 1));
	}
	size_t e = cc_findings_count(f, CC_SEV_ERROR), w = cc_findings_count(f, CC_SEV_WARNING) - e;
	json_t *doc = json_pack("{s:i, s:s, s:o, s:{s:I, s:I, s:I, s:o}, s:o}", "version", 1, "as_of", as, "quarter",
				cc_quarter_json(co->quarter), "summary", "error", (json_int_t)e, "warning",
				(json_int_t)w, "info", (json_int_t)(f->n - e - w), "by_kind", kinds, "findings", arr);
	if (s && s->rev)
		json_object_set_new(doc, "since", since_json(s));
	cc_render_json(out, doc);
}

void cc_render_gaps_markdown(struct cc_buf *b, const struct cc_gaps_view *co)
{
	const struct cc_findings *f = co->findings;
	const struct cc_gaps_since *s = co->since;
	cc_buf_adds(b, "## contentcal gaps: ");
	header_line(b, co);
	cc_buf_adds(b, "\n\n");
	cc_render_gaps_summary(b, f);
	cc_buf_adds(b, ".\n\n");
	cc_render_findings_markdown(b, co->doc);
	if (s && s->rev) {
		cc_buf_adds(b, "\n### Coverage since ");
		cc_buf_add_md(b, s->rev);
		cc_buf_adds(b, "\n\n");
		size_t n = 0;
		for (int k = 0; k < (s->by_topic ? 2 : 1); k++)
			n += s->delta[k].n;
		if (!n) {
			cc_buf_adds(b, "No cell changed.\n");
		} else {
			cc_buf_adds(b, "| cell | before | after | change |\n|---|---|---|---|\n");
			for (int k = 0; k < (s->by_topic ? 2 : 1); k++)
				for (size_t i = 0; i < s->delta[k].n; i++) {
					const struct cc_cell_delta *d = &s->delta[k].v[i];
					cc_buf_adds(b, "| ");
					cc_buf_add_md(b, d->row);
					cc_buf_adds(b, " / ");
					cc_buf_add_md(b, d->stage);
					cc_buf_addf(b, " | %d | %d | %s |\n", d->before, d->after, delta_change(d));
				}
		}
	}
	if (s && s->judge) {
		cc_buf_addf(b, "\n### What the change does to the findings\n\nOpens %zu (the table above), closes %zu, "
			       "leaves %zu as they were (not judged).\n",
			    f->n, s->closed.n, s->kept);
		if (s->closed.n) {
			cc_buf_adds(b, "\n| closed | kind | subject | message |\n|---|---|---|---|\n");
			for (size_t i = 0; i < s->closed.n; i++) {
				const struct cc_finding *x = &s->closed.v[i];
				cc_buf_addf(b, "| %s | %s | ", cc_severity_name(x->severity), cc_gap_kind_name(x->kind));
				cc_buf_add_md(b, x->subject);
				cc_buf_adds(b, " | ");
				cc_buf_add_md(b, x->message);
				cc_buf_adds(b, " |\n");
			}
		}
	}
}

void cc_render_gaps(struct cc_buf *out, enum cc_format f, const struct cc_gaps_view *v)
{
	switch (f) {
	case CC_FMT_LINE:
		cc_render_findings_line(out, v->doc);
		break;
	case CC_FMT_JSON:
		cc_render_gaps_json(out, v);
		break;
	case CC_FMT_GITHUB:
		cc_render_findings_github(out, v->doc);
		break;
	case CC_FMT_SARIF:
		cc_render_findings_sarif(out, v->doc);
		break;
	case CC_FMT_JUNIT:
		cc_render_findings_junit(out, v->doc);
		break;
	case CC_FMT_MARKDOWN:
		cc_render_gaps_markdown(out, v);
		break;
	default:
		cc_render_gaps_text(out, v);
		break;
	}
}
