/*
 * render_calendar.c — the calendar (entries of a quarter) as text, JSON,
 * CSV and iCalendar (RFC 5545) (see render.h).
 */
#include "render.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "gaps.h"
#include "text.h"

static void join(struct cc_buf *b, const struct cc_strlist *l, const char *sep)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			cc_buf_adds(b, sep);
		cc_buf_adds(b, l->v[i]);
	}
}

static bool in_range(const struct cc_entry *e, int64_t from, int64_t to)
{
	return e->day >= from && e->day <= to;
}

static bool is_publish_entry(const struct cc_entry *e)
{
	return e->kind != CC_ENTRY_DUE && e->kind != CC_ENTRY_DUE_OVERDUE;
}

void cc_render_calendar_text(struct cc_buf *out, const struct cc_calendar_view *v)
{
	const struct cc_entries *es = v->entries;
	const struct cc_rows *rows = v->rows;
	const struct cc_calendar_view *co = v;
	int week_start = v->cfg->calendar.week_start;
	static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
	struct cc_buf b = CC_BUF_INIT;
	char name[16], a[11], z[11], as[11];
	size_t k = 0;
	cc_quarter_name(co->quarter, name);
	cc_day_format(a, co->quarter->first);
	cc_day_format(z, co->quarter->last);
	cc_day_format(as, co->as_of);
	cc_buf_addf(&b, "%s (%s to %s) as of %s; weeks start on %s\n", name, a, z, as, days[week_start]);
	for (int w = 0; w < co->quarter->nweeks; w++) {
		int64_t ws = cc_quarter_week(co->quarter, w);
		char start[11], end[11], label[16];
		bool empty = true;
		cc_day_format(start, ws);
		cc_day_format(end, ws + 6);
		cc_week_label(label, ws, week_start);
		while (k < es->n && es->v[k].day < ws)
			k++;
		for (size_t j = k; j < es->n && es->v[j].day <= ws + 6; j++)
			if (is_publish_entry(&es->v[j]))
				empty = false;
		cc_buf_addf(&b, "\n%s%sweek of %s to %s%s%s\n", label, *label ? "  " : "", start, end,
			    ws <= co->as_of && co->as_of <= ws + 6 ? "  (this week)" : "", empty ? "  (empty)" : "");
		for (size_t j = k; j < es->n && es->v[j].day <= ws + 6; j++) {
			const struct cc_entry *e = &es->v[j];
			const struct cc_row *r = &rows->v[e->row];
			char d[11];
			cc_day_format(d, e->day);
			cc_buf_addf(&b, "  %s  %-11s  %s  [", d, cc_entry_kind_name(e->kind), r->title);
			join(&b, &r->tags[CC_DIM_STAGE], ",");
			cc_buf_adds(&b, "; ");
			join(&b, &r->tags[CC_DIM_PERSONA], ",");
			cc_buf_adds(&b, "]  ");
			if (r->authors.n || r->owners.n) {
				cc_buf_adds(&b, "by ");
				join(&b, &r->authors, ", ");
				if (r->owners.n)
					cc_buf_addf(&b, "%sowner %s", r->authors.n ? "; " : "", r->owners.v[0]);
				cc_buf_adds(&b, "  ");
			}
			cc_buf_addf(&b, "%s\n", r->path);
		}
	}
	cc_buf_add_safe(out, b.buf, true);
	cc_buf_release(&b);
}

void cc_render_calendar_json(struct cc_buf *out, const struct cc_calendar_view *v)
{
	const struct cc_entries *es = v->entries;
	const struct cc_rows *rows = v->rows;
	const struct cc_config *cfg = v->cfg;
	const struct cc_calendar_view *co = v;
	int week_start = cfg->calendar.week_start;
	char as[11];
	json_t *weeks = json_array();
	size_t k = 0;
	cc_day_format(as, co->as_of);
	for (int w = 0; w < co->quarter->nweeks; w++) {
		int64_t ws = cc_quarter_week(co->quarter, w);
		char start[11], end[11], label[16];
		json_t *entries = json_array(), *counts = json_object();
		bool empty = true;
		cc_day_format(start, ws);
		cc_day_format(end, ws + 6);
		cc_week_label(label, ws, week_start);
		for (int kind = CC_ENTRY_PUBLISHED; kind <= CC_ENTRY_DUE_OVERDUE; kind++)
			json_object_set_new(counts, cc_entry_kind_name((enum cc_entry_kind)kind), json_integer(0));
		while (k < es->n && es->v[k].day < ws)
			k++;
		for (size_t j = k; j < es->n && es->v[j].day <= ws + 6; j++) {
			const struct cc_entry *e = &es->v[j];
			const struct cc_row *r = &rows->v[e->row];
			const char *kn = cc_entry_kind_name(e->kind);
			char d[11];
			cc_day_format(d, e->day);
			empty = empty && !is_publish_entry(e);
			json_object_set_new(counts, kn, json_integer(json_integer_value(json_object_get(counts, kn)) + 1));
			struct cc_lifecycle l;
			cc_lifecycle_of(&l, cfg, r, co->as_of);
			json_t *o = cc_asset_json(r, &l);
			json_object_set_new(o, "day", json_string(d));
			json_object_set_new(o, "kind", json_string(kn));
			json_array_append_new(entries, o);
		}
		json_array_append_new(weeks, json_pack("{s:s, s:s, s:s?, s:b, s:o, s:o}", "start", start, "end", end,
						       "iso_week", *label ? label : NULL, "empty", empty, "counts",
						       counts, "entries", entries));
	}
	cc_render_json(out, json_pack("{s:i, s:s, s:o, s:o}", "version", 1, "as_of", as, "quarter",
				      cc_quarter_json(co->quarter), "weeks", weeks));
}

void cc_render_calendar_csv(struct cc_buf *out, const struct cc_calendar_view *v)
{
	const struct cc_entries *es = v->entries;
	const struct cc_rows *rows = v->rows;
	const struct cc_calendar_view *co = v;
	int week_start = v->cfg->calendar.week_start;
	struct cc_buf b = CC_BUF_INIT, tmp = CC_BUF_INIT;
	size_t k = 0;
	cc_buf_adds(&b, "week,iso_week,date,kind,status,title,path,stages,personas,topics,url\r\n");
	for (int w = 0; w < co->quarter->nweeks; w++) {
		int64_t ws = cc_quarter_week(co->quarter, w);
		char start[11], label[16];
		bool empty = true;
		cc_day_format(start, ws);
		cc_week_label(label, ws, week_start);
		while (k < es->n && es->v[k].day < ws)
			k++;
		for (size_t j = k; j < es->n && es->v[j].day <= ws + 6; j++) {
			const struct cc_entry *e = &es->v[j];
			const struct cc_row *r = &rows->v[e->row];
			char d[11];
			cc_day_format(d, e->day);
			empty = empty && !is_publish_entry(e);
			cc_buf_addf(&b, "%s,%s,%s,%s,", start, label, d, cc_entry_kind_name(e->kind));
			const char *cells[] = {r->status, r->title, r->path};
			for (size_t c = 0; c < 3; c++) {
				cc_buf_add_csv(&b, cells[c]);
				cc_buf_addch(&b, ',');
			}
			static const int dims[] = {CC_DIM_STAGE, CC_DIM_PERSONA, CC_DIM_TOPIC};
			for (size_t c = 0; c < 3; c++) {
				cc_buf_reset(&tmp);
				join(&tmp, &r->tags[dims[c]], ";");
				cc_buf_add_csv(&b, tmp.buf);
				cc_buf_addch(&b, ',');
			}
			cc_buf_add_csv(&b, r->url);
			cc_buf_adds(&b, "\r\n");
		}
		if (empty)
			cc_buf_addf(&b, "%s,%s,,empty,,,,,,,\r\n", start, label);
	}
	cc_buf_add(out, b.buf, b.len);
	cc_buf_release(&tmp);
	cc_buf_release(&b);
}

/* ---- iCalendar (RFC 5545) ---- */

/* Appends one content line, folded at 75 octets (never inside a UTF-8 sequence), ended by CRLF. */
static void ics_line(struct cc_buf *out, const char *line)
{
	size_t n = strlen(line), col = 0;
	for (size_t i = 0; i < n;) {
		size_t len = 1;
		unsigned char c = (unsigned char)line[i];
		if (c >= 0xf0)
			len = 4;
		else if (c >= 0xe0)
			len = 3;
		else if (c >= 0xc0)
			len = 2;
		if (i + len > n)
			len = n - i;
		if (col + len > 75) {
			cc_buf_adds(out, "\r\n ");
			col = 1;
		}
		cc_buf_add(out, line + i, len);
		col += len;
		i += len;
	}
	cc_buf_adds(out, "\r\n");
}

/* Appends s as an iCalendar TEXT value: \ ; , escaped, newlines as \n, other controls dropped. */
static void ics_text(struct cc_buf *b, const char *s)
{
	struct cc_buf safe = CC_BUF_INIT;
	cc_buf_add_safe(&safe, s, true);
	for (const char *p = safe.buf; *p; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			cc_buf_addch(b, '\\'), cc_buf_addch(b, *p);
		else if (*p == '\n')
			cc_buf_adds(b, "\\n");
		else if (*p == '\t')
			cc_buf_addch(b, ' ');
		else
			cc_buf_addch(b, *p);
	}
	cc_buf_release(&safe);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

static void ics_prop(struct cc_buf *out, struct cc_buf *line, const char *name, const char *text)
{
	cc_buf_reset(line);
	cc_buf_addf(line, "%s:", name);
	ics_text(line, text);
	ics_line(out, line->buf);
}

void cc_render_calendar_ics(struct cc_buf *outp, const struct cc_calendar_view *v, bool deadlines, bool all,
			    const char *name, const char *version)
{
	const struct cc_entries *es = v->entries;
	const struct cc_rows *rows = v->rows;
	const struct cc_calendar_view *co = v;
	struct cc_buf out = CC_BUF_INIT, line = CC_BUF_INIT, tmp = CC_BUF_INIT;
	char stamp[11];
	cc_day_format(stamp, co->as_of);
	ics_line(&out, "BEGIN:VCALENDAR");
	ics_line(&out, "VERSION:2.0");
	cc_buf_addf(&tmp, "PRODID:-//contentcal//contentcal %s//EN", version);
	ics_line(&out, tmp.buf);
	cc_buf_reset(&tmp);
	ics_line(&out, "CALSCALE:GREGORIAN");
	ics_line(&out, "METHOD:PUBLISH");
	cc_buf_addf(&tmp, "%s %s", name, deadlines ? "deadlines" : "publishing calendar");
	ics_prop(&out, &line, "X-WR-CALNAME", tmp.buf);
	for (size_t i = 0; i < es->n; i++) {
		const struct cc_entry *e = &es->v[i];
		const struct cc_row *r = &rows->v[e->row];
		if (is_publish_entry(e) == deadlines)
			continue;
		if (!all && !in_range(e, co->quarter->wfirst, co->quarter->wlast))
			continue;
		int y, m, d;
		char st[11];
		ics_line(&out, "BEGIN:VEVENT");
		cc_buf_reset(&line);
		cc_buf_adds(&line, "UID:");
		cc_buf_addf(&line, "%s%s-%016llx@contentcal", deadlines ? "due-" : "",
			    *r->slug ? r->slug : "asset", (unsigned long long)fnv1a(r->path));
		ics_line(&out, line.buf);
		cc_buf_reset(&line);
		cc_buf_addf(&line, "DTSTAMP:%.4s%.2s%.2sT000000Z", stamp, stamp + 5, stamp + 8);
		ics_line(&out, line.buf);
		cc_civil_from_days(e->day, &y, &m, &d);
		cc_buf_reset(&line);
		cc_buf_addf(&line, "DTSTART;VALUE=DATE:%04d%02d%02d", y, m, d);
		ics_line(&out, line.buf);
		cc_civil_from_days(e->day + 1, &y, &m, &d);
		cc_buf_reset(&line);
		cc_buf_addf(&line, "DTEND;VALUE=DATE:%04d%02d%02d", y, m, d);
		ics_line(&out, line.buf);
		cc_buf_reset(&tmp);
		cc_buf_addf(&tmp, "%s%s [%s]", deadlines ? "Due: " : "", r->title, cc_entry_kind_name(e->kind));
		ics_prop(&out, &line, "SUMMARY", tmp.buf);
		cc_buf_reset(&tmp);
		cc_day_format(st, e->day);
		cc_buf_addf(&tmp, "status: %s\nformat: %s\nstage: ", r->status, r->format);
		join(&tmp, &r->tags[CC_DIM_STAGE], ", ");
		cc_buf_adds(&tmp, "\npersonas: ");
		join(&tmp, &r->tags[CC_DIM_PERSONA], ", ");
		cc_buf_adds(&tmp, "\ntopics: ");
		join(&tmp, &r->tags[CC_DIM_TOPIC], ", ");
		cc_buf_adds(&tmp, "\nauthors: ");
		join(&tmp, &r->authors, ", ");
		if (r->owners.n)
			cc_buf_addf(&tmp, "\nowner: %s", r->owners.v[0]);
		cc_buf_addf(&tmp, "\npath: %s", r->path);
		ics_prop(&out, &line, "DESCRIPTION", tmp.buf);
		cc_buf_reset(&line);
		cc_buf_adds(&line, "CATEGORIES:");
		ics_text(&line, cc_entry_kind_name(e->kind));
		for (int dim = 0; dim < CC_DIM_COUNT; dim++)
			for (size_t k = 0; k < r->tags[dim].n; k++) {
				cc_buf_addch(&line, ',');
				ics_text(&line, r->tags[dim].v[k]);
			}
		ics_line(&out, line.buf);
		if (*r->url && !strpbrk(r->url, " \"<>\\^`{|}") ) {
			cc_buf_reset(&line);
			cc_buf_adds(&line, "URL:");
			cc_buf_add_safe(&line, r->url, false);
			ics_line(&out, line.buf);
		}
		ics_line(&out, e->kind == CC_ENTRY_PUBLISHED ? "STATUS:CONFIRMED" : "STATUS:TENTATIVE");
		ics_line(&out, "TRANSP:TRANSPARENT");
		ics_line(&out, "END:VEVENT");
	}
	ics_line(&out, "END:VCALENDAR");
	cc_buf_add(outp, out.buf, out.len);
	cc_buf_release(&out);
	cc_buf_release(&line);
	cc_buf_release(&tmp);
}

