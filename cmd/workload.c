/*
 * workload.c — `contentcal workload`: per person, per week, what is due,
 * scheduled and overdue, with weeks over capacity flagged.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calopts.h"
#include "render.h"
#include "cmd.h"
#include "text.h"
#include "workload.h"

const char cmd_workload_usage[] =
	"usage: contentcal workload [--quarter Q] [--as-of DATE] [--by owner|author]\n"
	"                           [--format text|json|csv]\n"
	"\n"
	"Per person and week of the quarter: assets due (a deadline), scheduled (a\n"
	"target publish date) and overdue (either date passed, not published), and\n"
	"the load (assets with either date in the week). Weeks whose load is above\n"
	"calendar.capacity_per_week (a number, or a mapping of person to number with\n"
	"an optional 'default') are flagged; exit status 1 when any week is over.\n"
	"By owner (default), an asset counts against its owner, else its first\n"
	"author; by author, against each of its authors.\n"
	"\n"
	"  --quarter Q    FY2026Q4, current (default), next or previous\n"
	"  --as-of DATE   the day to report as of (default: today)\n"
	"  --by WHO       owner (default) or author\n"
	"  --format F     text (default), json, csv (one row per person and week)\n";

int cmd_workload(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"quarter", required_argument, NULL, 'q'},
		{"as-of", required_argument, NULL, 'a'},
		{"by", required_argument, NULL, 'b'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};
	static const char *const bys[] = {"owner", "author", NULL};
	struct cc_calopts co = {0};
	struct cc_filter f = {.lean = true};
	struct cc_rows rows = {0};
	struct cc_workload w = {0};
	struct cc_buf out = CC_BUF_INIT, safe = CC_BUF_INIT;
	enum cc_format format = CC_FMT_TEXT;
	int by = 0, c, ret = CC_EXIT_ERROR;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			co.quarter_arg = optarg;
			break;
		case 'a':
			co.as_of_arg = optarg;
			break;
		case 'b':
			if ((by = cc_parse_choice(optarg, bys)) < 0) {
				cc_usage_error(env, "--by takes owner or author, not '%s'", optarg);
				goto cleanup;
			}
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				goto cleanup;
			break;
		default:
			cc_usage_error(env, "unknown option");
			goto cleanup;
		}
	}
	if (cc_no_operands(env, argc, argv) || cc_calopts_resolve(&co, env))
		goto cleanup;
	if (cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	const struct cc_config *cfg = &env->ctx->cfg;
	cc_workload_compute(&w, cfg, &rows, &co.quarter, co.as_of, by == 0);
	if (format == CC_FMT_JSON) {
		json_t *doc = cc_workload_json(&w, cfg->calendar.week_start);
		json_object_set_new(doc, "quarter", cc_quarter_json(&co.quarter));
		cc_render_json(&out, doc);
		fwrite(out.buf, 1, out.len, stdout);
	} else if (format == CC_FMT_CSV) {
		cc_workload_csv(&out, &w, cfg->calendar.week_start);
		fwrite(out.buf, 1, out.len, stdout);
	} else {
		cc_workload_text(&out, &w, cfg->calendar.week_start);
		cc_buf_add_safe(&safe, out.buf, true);
		fwrite(safe.buf, 1, safe.len, stdout);
	}
	ret = CC_EXIT_OK;
	for (size_t i = 0; i < w.n; i++)
		if (w.v[i].over_weeks)
			ret = CC_EXIT_FINDINGS;
cleanup:
	cc_buf_release(&out);
	cc_buf_release(&safe);
	cc_workload_release(&w);
	cc_rows_release(&rows);
	return ret;
}
