/*
 * lint.c — `contentcal lint`: every problem the indexer recorded.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "text.h"

const char cmd_lint_usage[] =
	"usage: contentcal lint [--format text|line|json|github] [--fail-on error|warning]\n"
	"\n"
	"Reports every problem found in front matter and content, located in the file:\n"
	"invalid front matter, unparseable dates, unknown vocabulary values (with the\n"
	"nearest known value), missing required fields, duplicate slugs, statuses\n"
	"outside the workflow, and more (see docs/lint.md).\n"
	"\n"
	"  --format F     text (default; with a summary), line (path:line:col: severity:\n"
	"                 rule: message), json, or github (workflow annotations)\n"
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

static void print_github(const struct cc_problem *p)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *level = p->severity == CC_SEV_ERROR ? "error" : p->severity == CC_SEV_WARNING ? "warning" : "notice";
	cc_buf_addf(&b, "::%s ", level);
	if (*p->path) {
		cc_buf_adds(&b, "file=");
		cc_buf_add_gha(&b, p->path, true);
		if (p->line > 0)
			cc_buf_addf(&b, ",line=%d,col=%d", p->line, p->col > 0 ? p->col : 1);
		cc_buf_addch(&b, ',');
	}
	cc_buf_adds(&b, "title=");
	cc_buf_add_gha(&b, p->rule, true);
	cc_buf_adds(&b, "::");
	cc_buf_add_gha(&b, p->message, false);
	struct cc_buf safe = CC_BUF_INIT;
	cc_buf_add_safe(&safe, b.buf, false);
	puts(safe.buf);
	cc_buf_release(&safe);
	cc_buf_release(&b);
}

int cmd_lint(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"fail-on", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {"text", "line", "json", "github", NULL};
	struct cc_problems list = CC_PROBLEMS_INIT;
	int format = 0, fail_on = CC_SEV_ERROR, c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((format = cc_parse_format(env, optarg, formats)) < 0)
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
	if (format == 2) {
		json_t *arr = json_array();
		for (size_t i = 0; i < list.n; i++) {
			const struct cc_problem *p = &list.v[i];
			json_array_append_new(arr, json_pack("{s:o, s:i, s:i, s:s, s:s, s:o}", "path",
							     cc_json_text(p->path), "line", p->line, "col", p->col,
							     "severity", cc_severity_name(p->severity), "rule",
							     p->rule, "message", cc_json_text(p->message)));
		}
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
		fputc('\n', stdout);
		json_decref(arr);
	} else {
		for (size_t i = 0; i < list.n; i++) {
			if (format == 3)
				print_github(&list.v[i]);
			else
				cc_print_problem(stdout, &list.v[i]);
		}
		if (format == 0) {
			size_t e = cc_problems_count(&list, CC_SEV_ERROR);
			size_t w = cc_problems_count(&list, CC_SEV_WARNING) - e;
			fprintf(stderr, "%zu error%s, %zu warning%s\n", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
		}
	}
	int ret = cc_problems_count(&list, (enum cc_severity)fail_on) ? CC_EXIT_FINDINGS : CC_EXIT_OK;
	cc_problems_release(&list);
	return ret;
}
