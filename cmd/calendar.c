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
		cc_fail_lib();
		goto cleanup;
	}
	cc_calendar_entries(&es, &env->ctx->cfg, &rows, co.as_of);
	struct cc_calendar_view v = {&env->ctx->cfg, &co.quarter, co.as_of, &rows, &es};
	struct cc_buf out = CC_BUF_INIT;
	const char *base = strrchr(env->ctx->root, '/');
	switch (format) {
	case CC_FMT_TEXT:
		cc_render_calendar_text(&out, &v);
		break;
	case CC_FMT_JSON:
		cc_render_calendar_json(&out, &v);
		break;
	case CC_FMT_CSV:
		cc_render_calendar_csv(&out, &v);
		break;
	case CC_FMT_ICS:
		cc_render_calendar_ics(&out, &v, deadlines, !co.quarter_arg, base ? base + 1 : env->ctx->root,
				       CONTENTCAL_VERSION);
		break;
	default: /* not among its formats */
		break;
	}
	fwrite(out.buf, 1, out.len, stdout);
	cc_buf_release(&out);
	ret = CC_EXIT_OK;
cleanup:
	for (int d = 0; d < CC_DIM_COUNT; d++)
		free(values[d]);
	free(status);
	cc_entries_release(&es);
	cc_rows_release(&rows);
	return ret;
}
