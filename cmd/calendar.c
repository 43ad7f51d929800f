/*
 * calendar.c — `contentcal calendar`: the quarter week by week, or an
 * iCalendar feed of publish dates (or due dates).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calopts.h"
#include "cmd.h"
#include "date.h"
#include "gaps.h"
#include "render.h"
#include "text.h"

const char cmd_calendar_usage[] =
	"usage: contentcal calendar [--quarter Q] [--as-of DATE] [--format text|json|csv|ics]\n"
	"                           [--deadlines] [--stage S] [--persona P] [--topic T]\n"
	"                           [--status S]\n"
	"\n"
	"Shows the quarter's weeks as rows with what is published, scheduled, planned\n"
	"(a target date on an unpublished asset), overdue (a past target date, not\n"
	"published) and due (a deadline) in each; weeks with nothing dated to go out\n"
	"are marked empty. Weeks start on calendar.week_start and belong to the\n"
	"quarter that holds most of their days (docs/gaps.md).\n"
	"\n"
	"  --quarter Q    FY2026Q4, current (default), next or previous\n"
	"  --as-of DATE   the day to report as of (default: today)\n"
	"  --format F     text (default), json, csv (one row per entry), or ics: an\n"
	"                 iCalendar feed (RFC 5545) of publish dates; every dated asset\n"
	"                 unless --quarter is given\n"
	"  --deadlines    with --format ics: a feed of due dates instead\n"
	"  --stage S, --persona P, --topic T, --status S   filter assets\n";


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

static void print_text(const struct cc_entries *es, const struct cc_rows *rows, const struct cc_calopts *co,
		       int week_start)
{
	static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
	struct cc_buf b = CC_BUF_INIT, safe = CC_BUF_INIT;
	char name[16], a[11], z[11], as[11];
	size_t k = 0;
	cc_quarter_name(&co->quarter, name);
	cc_day_format(a, co->quarter.first);
	cc_day_format(z, co->quarter.last);
	cc_day_format(as, co->as_of);
	cc_buf_addf(&b, "%s (%s to %s) as of %s; weeks start on %s\n", name, a, z, as, days[week_start]);
	for (int w = 0; w < co->quarter.nweeks; w++) {
		int64_t ws = cc_quarter_week(&co->quarter, w);
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
			cc_buf_addf(&b, "]  %s\n", r->path);
		}
	}
	cc_buf_add_safe(&safe, b.buf, true);
	fwrite(safe.buf, 1, safe.len, stdout);
	cc_buf_release(&safe);
	cc_buf_release(&b);
}

static void print_json(const struct cc_entries *es, const struct cc_rows *rows, const struct cc_calopts *co,
		       const struct cc_config *cfg)
{
	int week_start = cfg->calendar.week_start;
	char as[11];
	json_t *weeks = json_array();
	size_t k = 0;
	cc_day_format(as, co->as_of);
	for (int w = 0; w < co->quarter.nweeks; w++) {
		int64_t ws = cc_quarter_week(&co->quarter, w);
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
	cc_json_print(json_pack("{s:i, s:s, s:o, s:o}", "version", 1, "as_of", as, "quarter",
				cc_quarter_json(&co->quarter), "weeks", weeks));
}

static void print_csv(const struct cc_entries *es, const struct cc_rows *rows, const struct cc_calopts *co,
		      int week_start)
{
	struct cc_buf b = CC_BUF_INIT, tmp = CC_BUF_INIT;
	size_t k = 0;
	cc_buf_adds(&b, "week,iso_week,date,kind,status,title,path,stages,personas,topics,url\r\n");
	for (int w = 0; w < co->quarter.nweeks; w++) {
		int64_t ws = cc_quarter_week(&co->quarter, w);
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
	fwrite(b.buf, 1, b.len, stdout);
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

static void print_ics(const struct cc_entries *es, const struct cc_rows *rows, const struct cc_calopts *co,
		      bool deadlines, bool all, const struct cc_ctx *ctx)
{
	struct cc_buf out = CC_BUF_INIT, line = CC_BUF_INIT, tmp = CC_BUF_INIT;
	const char *base = strrchr(ctx->root, '/');
	char stamp[11];
	cc_day_format(stamp, co->as_of);
	ics_line(&out, "BEGIN:VCALENDAR");
	ics_line(&out, "VERSION:2.0");
	ics_line(&out, "PRODID:-//contentcal//contentcal " CONTENTCAL_VERSION "//EN");
	ics_line(&out, "CALSCALE:GREGORIAN");
	ics_line(&out, "METHOD:PUBLISH");
	cc_buf_addf(&tmp, "%s %s", base ? base + 1 : ctx->root, deadlines ? "deadlines" : "publishing calendar");
	ics_prop(&out, &line, "X-WR-CALNAME", tmp.buf);
	for (size_t i = 0; i < es->n; i++) {
		const struct cc_entry *e = &es->v[i];
		const struct cc_row *r = &rows->v[e->row];
		if (is_publish_entry(e) == deadlines)
			continue;
		if (!all && !in_range(e, co->quarter.wfirst, co->quarter.wlast))
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
		cc_buf_addf(&tmp, "\nauthor: %s\npath: %s", r->author, r->path);
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
	fwrite(out.buf, 1, out.len, stdout);
	cc_buf_release(&out);
	cc_buf_release(&line);
	cc_buf_release(&tmp);
}

int cmd_calendar(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"quarter", required_argument, NULL, 'q'},
		{"as-of", required_argument, NULL, 'a'},
		{"format", required_argument, NULL, 'f'},
		{"deadlines", no_argument, NULL, 'D'},
		{"stage", required_argument, NULL, 's'},
		{"persona", required_argument, NULL, 'p'},
		{"topic", required_argument, NULL, 't'},
		{"status", required_argument, NULL, 'S'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_ICS, CC_FMT_COUNT};
	struct cc_calopts co = {0};
	struct cc_filter f = {0};
	struct cc_rows rows = {0};
	struct cc_entries es = {0};
	char *values[CC_DIM_COUNT] = {0}, *status = NULL;
	enum cc_format format = CC_FMT_TEXT;
	int c, dim, ret = CC_EXIT_ERROR;
	bool deadlines = false;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			co.quarter_arg = optarg;
			break;
		case 'a':
			co.as_of_arg = optarg;
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				goto cleanup;
			break;
		case 'D':
			deadlines = true;
			break;
		case 's':
		case 'p':
		case 't':
			if ((dim = cc_tag_option(env, c, optarg, values)) < 0)
				goto cleanup;
			f.tags[dim] = values[dim];
			break;
		case 'S':
			free(status);
			status = cc_vocab_clean(optarg);
			f.status = status;
			break;
		default:
			cc_usage_error(env, "unknown option");
			goto cleanup;
		}
	}
	if (cc_no_operands(env, argc, argv))
		goto cleanup;
	if (deadlines && format != CC_FMT_ICS) {
		cc_usage_error(env, "--deadlines needs --format ics (the other formats show due dates already)");
		goto cleanup;
	}
	if (cc_calopts_resolve(&co, env))
		goto cleanup;
	f.lean = format != CC_FMT_JSON; /* only the JSON of an asset holds its front matter */
	if (cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_die_lib();
		goto cleanup;
	}
	cc_calendar_entries(&es, &env->ctx->cfg, &rows, co.as_of);
	int ws = env->ctx->cfg.calendar.week_start;
	switch (format) {
	case CC_FMT_TEXT:
		print_text(&es, &rows, &co, ws);
		break;
	case CC_FMT_JSON:
		print_json(&es, &rows, &co, &env->ctx->cfg);
		break;
	case CC_FMT_CSV:
		print_csv(&es, &rows, &co, ws);
		break;
	case CC_FMT_ICS:
		print_ics(&es, &rows, &co, deadlines, !co.quarter_arg, env->ctx);
		break;
	default: /* not among its formats */
		break;
	}
	ret = CC_EXIT_OK;
cleanup:
	for (int d = 0; d < CC_DIM_COUNT; d++)
		free(values[d]);
	free(status);
	cc_entries_release(&es);
	cc_rows_release(&rows);
	return ret;
}
