/*
 * demand.c — `contentcal demand`: what sellers looked for in the sales
 * library (`serve`) and did not find, the persona x stage cells they asked
 * for that are empty, and the assets they shared (lib/activity.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "activity.h"
#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "render.h"
#include "text.h"

static struct {
	const char *since;
	long weak, limit;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};

static const struct cc_option options[] = {
	CC_OPT_STRING(0, "since", &a.since, "DATE", "count activity from this day on (default: all)"),
	CC_OPT_INT(0, "weak", &a.weak, "N", "a search with fewer than N results is unmet (default 3)", 1, LONG_MAX),
	CC_OPT_LIMIT(&a.limit, "rows per list (default 20)"),
	CC_OPT_FORMAT(&a.format, "text (default), json, or csv: share counts per asset and day\n"
		      "as engagement rows (asset,date,metric,value; metric 'shares'),\n"
		      "a file 'ingest' reads and that can be committed as an export", formats),
	CC_OPT_END(),
};

const struct cc_help cmd_demand_help = {
	"usage: contentcal demand [--since DATE] [--weak N] [--limit N] [--format text|json|csv]\n"
	"\n"
	"Reads the activity file that 'contentcal serve' writes beside the index (no IP\n"
	"addresses, no user names) and lists what sellers searched for and did not find\n"
	"(no result, or fewer than --weak), grouped by query and filters; the persona x\n"
	"stage cells they asked for that had nothing; and the most shared assets.\n",
	options, NULL};

int cmd_demand(int argc, char **argv, struct cc_env *env)
{
	struct cc_demand_options o = {INT64_MIN, 3, 20};
	struct cc_activity *act = NULL;
	struct cc_buf b = CC_BUF_INIT;
	struct stat sb;
	char *path = NULL;
	int ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	a.weak = 3;
	a.limit = 20;
	if (cc_parse_only(env, argc, argv, options) || (a.since && cc_parse_as_of(env, a.since, &o.since)))
		goto cleanup;
	o.weak = a.weak;
	o.limit = a.limit;
	path = cc_activity_path(env->ctx->db_path);
	if (stat(path, &sb) < 0) {
		/* Nothing recorded yet: an empty activity file in memory. */
		free(path);
		path = cc_xstrdup(":memory:");
		if (cc_activity_open(&act, path, false) < 0) {
			cc_fail_lib();
			goto cleanup;
		}
		fprintf(stderr, "contentcal: no activity recorded yet ('contentcal serve' records it)\n");
	} else if (cc_activity_open(&act, path, true) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	json_t *doc = NULL;
	if (a.format == CC_FMT_CSV ? cc_demand_csv(cc_activity_db(act), &o, &b) < 0
				   : !(doc = cc_demand_compute(cc_activity_db(act), &o))) {
		cc_fail_lib();
		goto cleanup;
	}
	if (a.format == CC_FMT_JSON)
		cc_render_json(&b, doc); /* takes the reference */
	else if (doc)
		cc_render_demand_text(&b, doc), json_decref(doc);
	cc_put_buf(stdout, &b, false);
	ret = CC_EXIT_OK;
cleanup:
	cc_activity_close(act);
	cc_buf_release(&b);
	free(path);
	return ret;
}
