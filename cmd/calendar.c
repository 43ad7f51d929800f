/*
 * calendar.c — `contentcal calendar`: the quarter week by week, or an
 * iCalendar feed of publish dates (or due dates).
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "gaps.h"
#include "render.h"
#include "text.h"

static struct {
	struct cc_calopts co;
	const char *tags[CC_DIM_COUNT], *status;
	bool deadlines;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_ICS, CC_FMT_COUNT};

static const struct cc_option options[] = {
	CC_OPT_CALENDAR(a.co, "the day to report as of (default: today)"),
	CC_OPT_FORMAT(&a.format, "text (default), json, csv (one row per entry), or ics: an\n"
		      "iCalendar feed (RFC 5545) of publish dates; every dated asset\n"
		      "unless --quarter is given", formats),
	CC_OPT_FLAG(0, "deadlines", &a.deadlines, "with --format ics: a feed of due dates instead"),
	CC_OPT_TAGS(a.tags, NULL),
	CC_OPT_STRING(0, "status", &a.status, "S", "filter assets"),
	CC_OPT_END(),
};

const struct cc_help cmd_calendar_help = {
	"usage: contentcal calendar [--quarter Q] [--as-of DATE] [--format text|json|csv|ics]\n"
	"                           [--deadlines] [--stage S] [--persona P] [--topic T]\n"
	"                           [--status S]\n"
	"\n"
	"Shows the quarter's weeks as rows with what is published, scheduled, planned\n"
	"(a target date on an unpublished asset), overdue (a past target date, not\n"
	"published) and due (a deadline) in each; weeks with nothing dated to go out\n"
	"are marked empty. Weeks start on calendar.week_start and belong to the\n"
	"quarter that holds most of their days (docs/gaps.md).\n",
	options, NULL};

int cmd_calendar(int argc, char **argv, struct cc_env *env)
{
	struct cc_filter f = {0};
	struct cc_rows rows = {0};
	struct cc_entries es = {0};
	char *values[CC_DIM_COUNT] = {0}, *status = NULL;
	int ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	if (cc_parse_only(env, argc, argv, options) || cc_tags_resolve(env, a.tags, values))
		goto cleanup;
	memcpy(f.tags, values, sizeof(f.tags));
	f.status = status = a.status ? cc_vocab_clean(a.status) : NULL;
	if (a.deadlines && a.format != CC_FMT_ICS) {
		cc_usage_error(env, "--deadlines needs --format ics (the other formats show due dates already)");
		goto cleanup;
	}
	if (cc_calopts_resolve(&a.co, env))
		goto cleanup;
	f.lean = a.format != CC_FMT_JSON; /* only the JSON of an asset holds its front matter */
	if (cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	cc_calendar_entries(&es, &env->ctx->cfg, &rows, a.co.as_of);
	struct cc_calendar_view v = {&env->ctx->cfg, &a.co.quarter, a.co.as_of, &rows, &es};
	struct cc_buf out = CC_BUF_INIT;
	const char *base = strrchr(env->ctx->root, '/');
	switch (a.format) {
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
		cc_render_calendar_ics(&out, &v, a.deadlines, !a.co.quarter_arg, base ? base + 1 : env->ctx->root,
				       CONTENTCAL_VERSION);
		break;
	default: /* not among its formats */
		break;
	}
	cc_put_buf(stdout, &out, false);
	cc_buf_release(&out);
	ret = CC_EXIT_OK;
cleanup:
	cc_tags_release(values);
	free(status);
	cc_entries_release(&es);
	cc_rows_release(&rows);
	return ret;
}
