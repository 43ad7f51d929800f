/*
 * workload.c — `contentcal workload`: per person, per week, what is due,
 * scheduled and overdue, with weeks over capacity flagged.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "render.h"
#include "cmd.h"
#include "text.h"
#include "workload.h"

static struct {
	struct cc_calopts co;
	int by;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};
static const char *const bys[] = {"owner", "author", NULL};

static const struct cc_option options[] = {
	CC_OPT_CALENDAR(a.co, "the day to report as of (default: today)"),
	CC_OPT_CHOICE(0, "by", &a.by, "WHO", "owner (default) or author", bys),
	CC_OPT_FORMAT(&a.format, "text (default), json, csv (one row per person and week)", formats),
	CC_OPT_END(),
};

const struct cc_help cmd_workload_help = {
	"usage: contentcal workload [--quarter Q] [--as-of DATE] [--by owner|author]\n"
	"                           [--format text|json|csv]\n"
	"\n"
	"Per person and week of the quarter: assets due (a deadline), scheduled (a\n"
	"target publish date) and overdue (either date passed, not published), and\n"
	"the load (assets with either date in the week). Weeks whose load is above\n"
	"calendar.capacity_per_week (a number, or a mapping of person to number with\n"
	"an optional 'default') are flagged; exit status 1 when any week is over.\n"
	"By owner (default), an asset counts against its owner, else its first\n"
	"author; by author, against each of its authors.\n",
	options, NULL};

int cmd_workload(int argc, char **argv, struct cc_env *env)
{
	struct cc_filter f = {.lean = true};
	struct cc_rows rows = {0};
	struct cc_workload w = {0};
	struct cc_buf out = CC_BUF_INIT;
	int ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	if (cc_parse_only(env, argc, argv, options) || cc_calopts_resolve(&a.co, env))
		goto cleanup;
	if (cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	const struct cc_config *cfg = &env->ctx->cfg;
	cc_workload_compute(&w, cfg, &rows, &a.co.quarter, a.co.as_of, a.by == 0);
	if (a.format == CC_FMT_JSON) {
		json_t *doc = cc_workload_json(&w, cfg->calendar.week_start);
		json_object_set_new(doc, "quarter", cc_quarter_json(&a.co.quarter));
		cc_render_json(&out, doc);
		cc_put_buf(stdout, &out, false);
	} else if (a.format == CC_FMT_CSV) {
		cc_workload_csv(&out, &w, cfg->calendar.week_start);
		cc_put_buf(stdout, &out, false);
	} else {
		cc_workload_text(&out, &w, cfg->calendar.week_start);
		cc_put_buf(stdout, &out, true);
	}
	ret = CC_EXIT_OK;
	for (size_t i = 0; i < w.n; i++)
		if (w.v[i].over_weeks)
			ret = CC_EXIT_FINDINGS;
cleanup:
	cc_buf_release(&out);
	cc_workload_release(&w);
	cc_rows_release(&rows);
	return ret;
}
