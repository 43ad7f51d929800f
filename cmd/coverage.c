/*
 * coverage.c — `contentcal coverage`: the persona (or topic) x stage matrix.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calopts.h"
#include "cmd.h"
#include "render.h"
#include "date.h"
#include "gaps.h"
#include "text.h"

const char cmd_coverage_usage[] =
	"usage: contentcal coverage [--quarter Q] [--as-of DATE] [--by persona|topic]\n"
	"                           [--format text|json|csv]\n"
	"\n"
	"Shows the persona x stage (or topic x stage) matrix. Per cell: live assets\n"
	"(published by as-of, not expired), fresh ones (updated within\n"
	"coverage.fresh_days) and scheduled ones (from as-of to the quarter's end).\n"
	"A cell whose fresh plus scheduled count is below coverage.min_per_cell is\n"
	"thin, and marked; `contentcal gaps` reports it.\n"
	"\n"
	"  --quarter Q   FY2026Q4, current (default), next or previous\n"
	"  --as-of DATE  the day to report as of (default: today)\n"
	"  --by D        persona (default) or topic\n"
	"  --format F    text (default; fresh/live +scheduled, '!' below the minimum),\n"
	"                json, or csv (one row per cell)\n";

int cmd_coverage(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"quarter", required_argument, NULL, 'q'},
		{"as-of", required_argument, NULL, 'a'},
		{"by", required_argument, NULL, 'b'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};
	static const char *const bys[] = {"persona", "topic", NULL};
	struct cc_calopts co = {0};
	struct cc_coverage m;
	enum cc_format format = CC_FMT_TEXT;
	int by = 0, c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			co.quarter_arg = optarg;
			break;
		case 'a':
			co.as_of_arg = optarg;
			break;
		case 'b':
			if ((by = cc_parse_choice(optarg, bys)) < 0)
				return cc_usage_error(env, "--by takes persona or topic, not '%s'", optarg);
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				return CC_EXIT_ERROR;
			break;
		default:
			return cc_usage_error(env, "unknown option");
		}
	}
	if (cc_no_operands(env, argc, argv))
		return CC_EXIT_ERROR;
	if (cc_calopts_resolve(&co, env))
		return CC_EXIT_ERROR;
	if (cc_coverage_compute(env->ctx->db, &env->ctx->cfg, &co.quarter, co.as_of,
				by ? CC_DIM_TOPIC : CC_DIM_PERSONA, &m) < 0)
		return cc_fail_lib();
	struct cc_buf out = CC_BUF_INIT;
	if (format == CC_FMT_JSON)
		cc_render_coverage_json(&out, &m, &co.quarter, co.as_of);
	else if (format == CC_FMT_CSV)
		cc_render_coverage_csv(&out, &m);
	else
		cc_render_coverage_text(&out, &m, &co.quarter, co.as_of);
	fwrite(out.buf, 1, out.len, stdout);
	cc_buf_release(&out);
	cc_coverage_release(&m);
	return CC_EXIT_OK;
}
