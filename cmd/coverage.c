/*
 * coverage.c — `contentcal coverage`: the persona (or topic) x stage matrix.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "render.h"
#include "date.h"
#include "gaps.h"
#include "text.h"

static struct {
	struct cc_calopts co;
	int by;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};
static const char *const bys[] = {"persona", "topic", NULL};

static const struct cc_option options[] = {
	CC_OPT_CALENDAR(a.co, "the day to report as of (default: today)"),
	CC_OPT_CHOICE(0, "by", &a.by, "D", "persona (default) or topic", bys),
	CC_OPT_FORMAT(&a.format, "text (default; fresh/live +scheduled, '!' below the minimum),\n"
		      "json, or csv (one row per cell)", formats),
	CC_OPT_END(),
};

const struct cc_help cmd_coverage_help = {
	"usage: contentcal coverage [--quarter Q] [--as-of DATE] [--by persona|topic]\n"
	"                           [--format text|json|csv]\n"
	"\n"
	"Shows the persona x stage (or topic x stage) matrix. Per cell: live assets\n"
	"(published by as-of, not expired), fresh ones (updated within\n"
	"coverage.fresh_days) and scheduled ones (from as-of to the quarter's end).\n"
	"A cell whose fresh plus scheduled count is below coverage.min_per_cell is\n"
	"thin, and marked; `contentcal gaps` reports it.\n",
	options, NULL};

int cmd_coverage(int argc, char **argv, struct cc_env *env)
{
	struct cc_coverage m;

	memset(&a, 0, sizeof(a));
	if (cc_parse_only(env, argc, argv, options))
		return CC_EXIT_ERROR;
	if (cc_calopts_resolve(&a.co, env))
		return CC_EXIT_ERROR;
	if (cc_coverage_compute(env->ctx->db, &env->ctx->cfg, &a.co.quarter, a.co.as_of,
				a.by ? CC_DIM_TOPIC : CC_DIM_PERSONA, &m) < 0)
		return cc_fail_lib();
	struct cc_buf out = CC_BUF_INIT;
	if (a.format == CC_FMT_JSON)
		cc_render_coverage_json(&out, &m, &a.co.quarter, a.co.as_of);
	else if (a.format == CC_FMT_CSV)
		cc_render_coverage_csv(&out, &m);
	else
		cc_render_coverage_text(&out, &m, &a.co.quarter, a.co.as_of);
	cc_put_buf(stdout, &out, false);
	cc_buf_release(&out);
	cc_coverage_release(&m);
	return CC_EXIT_OK;
}
