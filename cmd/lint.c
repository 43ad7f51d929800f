/*
 * lint.c — `contentcal lint`: every problem the indexer recorded.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "render.h"
#include "text.h"

const char cmd_lint_usage[] =
	"usage: contentcal lint [--format text|line|json|github|sarif|junit]\n"
	"                       [--fail-on error|warning]\n"
	"\n"
	"Reports every problem found in front matter and content, located in the file:\n"
	"invalid front matter, unparseable dates, unknown vocabulary values (with the\n"
	"nearest known value), missing required fields, duplicate slugs, statuses\n"
	"outside the workflow, and more (see docs/lint.md).\n"
	"\n"
	"  --format F     text (default; with a summary), line (path:line:col: severity:\n"
	"                 rule: message), json, github (workflow annotations), sarif\n"
	"                 (2.1.0, for code scanning) or junit (one suite per rule)\n"
	"  --fail-on S    exit 1 when a problem reaches severity S (default: error)\n";

static void load(struct cc_db *db, struct cc_problems *out)
{
	sqlite3_stmt *st = NULL;
	if (cc_db_prepare(db, &st, "SELECT path, line, col, severity, rule, message FROM problems") < 0)
		return;
	while (sqlite3_step(st) == SQLITE_ROW)
		cc_problems_add(out, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1),
				sqlite3_column_int(st, 2), (enum cc_severity)sqlite3_column_int(st, 3),
				(const char *)sqlite3_column_text(st, 4), "%s",
				(const char *)sqlite3_column_text(st, 5));
	sqlite3_finalize(st);
}

int cmd_lint(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"fail-on", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_LINE, CC_FMT_JSON, CC_FMT_GITHUB,
						 CC_FMT_SARIF, CC_FMT_JUNIT, CC_FMT_COUNT};
	struct cc_problems list = CC_PROBLEMS_INIT;
	enum cc_format format = CC_FMT_TEXT;
	int fail_on = CC_SEV_ERROR, c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				return CC_EXIT_ERROR;
			break;
		case 'F':
			if ((fail_on = cc_severity_parse(optarg)) < CC_SEV_WARNING)
				return cc_usage_error(env, "--fail-on takes error or warning, not '%s'", optarg);
			break;
		default:
			return cc_usage_error(env, "unknown option");
		}
	}
	if (cc_no_operands(env, argc, argv))
		return CC_EXIT_ERROR;

	load(env->ctx->db, &list);
	cc_problems_sort(&list);
	struct cc_item *items = cc_xcalloc(list.n + 1, sizeof(*items));
	for (size_t i = 0; i < list.n; i++) {
		const struct cc_problem *p = &list.v[i];
		items[i] = (struct cc_item){p->rule, p->severity, NULL, NULL, p->path, p->line, p->col, p->message, NULL};
	}
	struct cc_findings_doc doc = {"lint", NULL, CONTENTCAL_VERSION, items, list.n, NULL, 0,
				      (enum cc_severity)fail_on, false};
	struct cc_buf out = CC_BUF_INIT;
	switch (format) {
	case CC_FMT_JSON: {
		json_t *arr = json_array();
		for (size_t i = 0; i < list.n; i++) {
			const struct cc_problem *p = &list.v[i];
			json_array_append_new(arr, json_pack("{s:o, s:i, s:i, s:s, s:o, s:o}", "path",
							     cc_json_text(p->path), "line", p->line, "col", p->col,
							     "severity", cc_severity_name(p->severity), "rule",
							     cc_json_text(p->rule), "message", cc_json_text(p->message)));
		}
		cc_render_json(&out, arr);
		break;
	}
	case CC_FMT_GITHUB:
		cc_render_findings_github(&out, &doc);
		break;
	case CC_FMT_SARIF:
		cc_render_findings_sarif(&out, &doc);
		break;
	case CC_FMT_JUNIT:
		cc_render_findings_junit(&out, &doc);
		break;
	default:
		cc_render_findings_line(&out, &doc);
		break;
	}
	fwrite(out.buf, 1, out.len, stdout);
	cc_buf_release(&out);
	free(items);
	if (format == CC_FMT_TEXT) {
		size_t e = cc_problems_count(&list, CC_SEV_ERROR);
		size_t w = cc_problems_count(&list, CC_SEV_WARNING) - e;
		fprintf(stderr, "%zu error%s, %zu warning%s\n", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
	}
	int ret = cc_problems_count(&list, (enum cc_severity)fail_on) ? CC_EXIT_FINDINGS : CC_EXIT_OK;
	cc_problems_release(&list);
	return ret;
}
