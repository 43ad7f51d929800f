/*
 * demand.c — `contentcal demand`: what sellers looked for in the sales
 * library (`serve`) and did not find, the persona x stage cells they asked
 * for that are empty, and the assets they shared (lib/activity.h).
 */
#include <getopt.h>
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

const char cmd_demand_usage[] =
	"usage: contentcal demand [--since DATE] [--weak N] [--limit N] [--format text|json|csv]\n"
	"\n"
	"Reads the activity file that 'contentcal serve' writes beside the index (no IP\n"
	"addresses, no user names) and lists what sellers searched for and did not find\n"
	"(no result, or fewer than --weak), grouped by query and filters; the persona x\n"
	"stage cells they asked for that had nothing; and the most shared assets.\n"
	"\n"
	"  --since DATE    count activity from this day on (default: all)\n"
	"  --weak N        a search with fewer than N results is unmet (default 3)\n"
	"  --limit N       rows per list (default 20)\n"
	"  --format F      text (default), json, or csv: share counts per asset and day\n"
	"                  as engagement rows (asset,date,metric,value; metric 'shares'),\n"
	"                  a file 'ingest' reads and that can be committed as an export\n";

static void put(const char *s)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add_safe(&b, s, true);
	fwrite(b.buf, 1, b.len, stdout);
	cc_buf_release(&b);
}

static const char *str(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static long num(const json_t *o, const char *k)
{
	return (long)json_integer_value(json_object_get(o, k));
}

static void print_text(const json_t *doc)
{
	const json_t *unmet = json_object_get(doc, "unmet"), *cells = json_object_get(doc, "cells"),
		     *shared = json_object_get(doc, "shared"), *e;
	struct cc_buf b = CC_BUF_INIT;
	size_t i;

	cc_buf_addf(&b, "%ld searches, %ld shares%s%s\n\n", num(doc, "searches"), num(doc, "shares"),
		    str(doc, "since") ? " since " : "", str(doc, "since") ? str(doc, "since") : "");
	cc_buf_addf(&b, "Searches with fewer than %ld results:\n", num(doc, "weak_below"));
	if (!json_array_size(unmet))
		cc_buf_adds(&b, "  none\n");
	json_array_foreach(unmet, i, e)
	{
		const char *q = str(e, "query");
		cc_buf_addf(&b, "  %4ldx  \"%s\"", num(e, "searches"), q ? q : "");
		static const char *const keys[] = {"persona", "stage", "topic", "format"};
		for (int k = 0; k < 4; k++)
			if (str(e, keys[k]))
				cc_buf_addf(&b, " %s=%s", keys[k], str(e, keys[k]));
		cc_buf_addf(&b, "  (best %ld result%s, last %s)\n", num(e, "best_results"),
			    num(e, "best_results") == 1 ? "" : "s", str(e, "last") ? str(e, "last") : "?");
	}
	cc_buf_adds(&b, "\nPersona x stage asked for, with nothing to offer:\n");
	if (!json_array_size(cells))
		cc_buf_adds(&b, "  none\n");
	json_array_foreach(cells, i, e)
		cc_buf_addf(&b, "  %4ldx  %s at %s\n", num(e, "asked"), str(e, "persona"), str(e, "stage"));
	cc_buf_adds(&b, "\nMost shared:\n");
	if (!json_array_size(shared))
		cc_buf_adds(&b, "  none\n");
	json_array_foreach(shared, i, e)
		cc_buf_addf(&b, "  %4ldx  %s\n", num(e, "shares"), str(e, "path"));
	put(b.buf);
	cc_buf_release(&b);
}

int cmd_demand(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"since", required_argument, NULL, 's'},
		{"weak", required_argument, NULL, 'w'},
		{"limit", required_argument, NULL, 'l'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};
	struct cc_demand_options o = {INT64_MIN, 3, 20};
	struct cc_activity *act = NULL;
	struct stat sb;
	char *path = NULL;
	enum cc_format format = CC_FMT_TEXT;
	int c, ret = CC_EXIT_ERROR;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (cc_parse_as_of(env, optarg, &o.since))
				goto cleanup;
			break;
		case 'w':
			if ((o.weak = cc_parse_positive(env, "--weak", optarg)) < 0)
				goto cleanup;
			break;
		case 'l':
			if ((o.limit = cc_parse_positive(env, "--limit", optarg)) < 0)
				goto cleanup;
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
	if (cc_no_operands(env, argc, argv))
		goto cleanup;
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
	if (format == CC_FMT_CSV) {
		struct cc_buf b = CC_BUF_INIT;
		if (cc_demand_csv(cc_activity_db(act), &o, &b) < 0) {
			cc_buf_release(&b);
			cc_fail_lib();
			goto cleanup;
		}
		fwrite(b.buf, 1, b.len, stdout);
		cc_buf_release(&b);
	} else {
		json_t *doc = cc_demand_compute(cc_activity_db(act), &o);
		if (!doc) {
			cc_fail_lib();
			goto cleanup;
		}
		if (format == CC_FMT_JSON) {
			struct cc_buf b = CC_BUF_INIT;
			cc_render_json(&b, doc);
			fwrite(b.buf, 1, b.len, stdout);
			cc_buf_release(&b);
		} else {
			print_text(doc);
			json_decref(doc);
		}
	}
	ret = CC_EXIT_OK;
cleanup:
	cc_activity_close(act);
	free(path);
	return ret;
}
