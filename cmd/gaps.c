/*
 * gaps.c — `contentcal gaps`: every calendar and coverage gap as a finding,
 * in a format for people (text, markdown) or machines (line, json, github,
 * sarif, junit), with an exit status CI can gate on.
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

const char cmd_gaps_usage[] =
	"usage: contentcal gaps [--quarter Q] [--as-of DATE|commit] [--since REV [--fail-on-new]]\n"
	"                       [--format text|line|json|github|sarif|junit|markdown]\n"
	"                       [--fail-on error|warning|info|none]\n"
	"\n"
	"Reports every gap of the quarter as a finding with a kind, a severity and a\n"
	"message (docs/gaps.md):\n"
	"  coverage  a persona x stage cell (and topic x stage with coverage.by_topic)\n"
	"            with fewer fresh published plus scheduled assets than\n"
	"            coverage.min_per_cell\n"
	"  cadence   a past week with fewer published assets than\n"
	"            calendar.cadence_per_week, or the current or an upcoming week (within\n"
	"            calendar.horizon_weeks) with too little published plus scheduled\n"
	"  rotation  a configured topic with nothing published or scheduled within\n"
	"            calendar.topic_rotation_weeks of as-of\n"
	"  overdue   a scheduled or planned publish date, or a due date, before as-of\n"
	"            on an unpublished asset\n"
	"  stale     a published asset past its review_by or expires date, or not updated\n"
	"            within coverage.fresh_days\n"
	"  vocabulary an asset left out of coverage by a persona or stage outside the\n"
	"            vocabulary\n"
	"Severities come from coverage.severity in the config.\n"
	"\n"
	"  --quarter Q     FY2026Q4, current (default), next or previous\n"
	"  --as-of DATE    the day to report as of (default: today), for reproducible runs;\n"
	"                  commit: the committer date of the revision under test\n"
	"  --since REV     also report how coverage changed since REV (a pull request's\n"
	"                  base; from where the revision branched off it): which cells it\n"
	"                  fills or empties, which gaps it closes or opens\n"
	"  --fail-on-new   with --since: judge the change, not the repository: report and\n"
	"                  fail on only the findings it opens (same kind and subject absent\n"
	"                  at the base), list the ones it closes, and treat a vocabulary\n"
	"                  finding in a file it touches as an error\n"
	"  --format F      text (default), line (path:line:col: severity: kind: message),\n"
	"                  json, github (workflow annotations; appends a Markdown summary\n"
	"                  to $GITHUB_STEP_SUMMARY when set), sarif (2.1.0), junit, markdown\n"
	"  --fail-on S     exit 1 when a finding reaches severity S (default: error);\n"
	"                  none never fails\n"
	"\n"
	"Exit status: 0 no finding reaches --fail-on, 1 some does, 2 usage, config or\n"
	"runtime error.\n";



/* Annotations, and the Markdown summary appended to $GITHUB_STEP_SUMMARY when set. */
static void print_github(const struct cc_gaps_view *v)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_render_findings_github(&b, v->doc);
	fwrite(b.buf, 1, b.len, stdout);
	cc_buf_reset(&b);
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	if (path && *path) {
		FILE *out = fopen(path, "a");
		if (!out) {
			cc_fail("cannot append to GITHUB_STEP_SUMMARY '%s'", path);
			cc_buf_release(&b);
			return;
		}
		cc_render_gaps_markdown(&b, v);
		cc_buf_addch(&b, '\n');
		fwrite(b.buf, 1, b.len, out);
		if (fclose(out) != 0)
			cc_fail("cannot write GITHUB_STEP_SUMMARY '%s'", path);
	}
	cc_buf_release(&b);
}

/* The config's path relative to the repository root, for locating findings; NULL without one. */
static char *config_repo_path(const struct cc_ctx *ctx)
{
	if (!ctx->has_config || !ctx->cfg.path)
		return NULL;
	return cc_ctx_repo_path(ctx, ctx->cfg.path);
}

int cmd_gaps(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"quarter", required_argument, NULL, 'q'},
		{"as-of", required_argument, NULL, 'a'},
		{"since", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"fail-on", required_argument, NULL, 'F'},
		{"fail-on-new", no_argument, NULL, 'N'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_LINE, CC_FMT_JSON, CC_FMT_GITHUB, CC_FMT_SARIF, CC_FMT_JUNIT, CC_FMT_MARKDOWN, CC_FMT_COUNT};
	struct cc_calopts co = {0};
	struct cc_gaps_since since = {0};
	struct cc_rows rows = {0};
	struct cc_findings findings = {0};
	enum cc_format format = CC_FMT_TEXT;
	int fail_on = CC_SEV_ERROR, c, ret = CC_EXIT_ERROR;
	bool never = false;
	char *config_path = NULL;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			co.quarter_arg = optarg;
			break;
		case 'a':
			co.as_of_arg = optarg;
			break;
		case 's':
			since.rev = optarg;
			break;
		case 'N':
			since.judge = true;
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				return CC_EXIT_ERROR;
			break;
		case 'F':
			never = !strcmp(optarg, "none");
			if (!never && (fail_on = cc_severity_parse(optarg)) < 0)
				return cc_usage_error(env, "--fail-on takes error, warning, info or none, not '%s'",
						      optarg);
			break;
		default:
			return cc_usage_error(env, "unknown option");
		}
	}
	if (cc_no_operands(env, argc, argv))
		return CC_EXIT_ERROR;
	if (since.judge && !since.rev)
		return cc_usage_error(env, "--fail-on-new judges a change: it needs --since REV");
	since.head = env->g.rev;
	since.worktree = env->g.worktree;
	if (cc_calopts_resolve(&co, env))
		return CC_EXIT_ERROR;

	config_path = config_repo_path(env->ctx);
	struct cc_gaps_options go = {&co.quarter, co.as_of, config_path};
	struct cc_filter all = {0};
	all.lean = true;
	if (cc_query_assets(env->ctx->db, &all, &rows) < 0 ||
	    cc_gaps_from_rows(&findings, &env->ctx->cfg, &rows, &go) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	if (since.rev && cc_gaps_since_compute(&since, env->ctx, env->g.threads, &rows, &co.quarter, co.as_of) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	if (since.judge)
		cc_gaps_judge(&since, &findings, &env->ctx->cfg, &rows, &go);

	struct cc_gaps_doc gd;
	struct cc_buf out = CC_BUF_INIT;
	cc_gaps_doc_init(&gd, &findings, &env->ctx->cfg, (enum cc_severity)fail_on, never);
	gd.doc.version = CONTENTCAL_VERSION;
	struct cc_gaps_view v = {&findings, &gd.doc, &co.quarter, co.as_of, &since};
	switch (format) {
	case CC_FMT_TEXT:
		cc_render_gaps_text(&out, &v);
		break;
	case CC_FMT_LINE:
		cc_render_findings_line(&out, &gd.doc);
		break;
	case CC_FMT_JSON:
		cc_render_gaps_json(&out, &v);
		break;
	case CC_FMT_GITHUB:
		print_github(&v);
		break;
	case CC_FMT_SARIF:
		cc_render_findings_sarif(&out, &gd.doc);
		break;
	case CC_FMT_JUNIT:
		cc_render_findings_junit(&out, &gd.doc);
		break;
	case CC_FMT_MARKDOWN:
		cc_render_gaps_markdown(&out, &v);
		break;
	default: /* not among its formats */
		break;
	}
	fwrite(out.buf, 1, out.len, stdout);
	if (format == CC_FMT_TEXT) {
		cc_buf_reset(&out);
		cc_render_gaps_summary(&out, &findings);
		fflush(stdout);
		fprintf(stderr, "%s\n", out.buf);
	}
	cc_buf_release(&out);
	cc_gaps_doc_release(&gd);
	ret = !never && cc_findings_count(&findings, (enum cc_severity)fail_on) ? CC_EXIT_FINDINGS : CC_EXIT_OK;
cleanup:
	cc_gaps_since_release(&since);
	cc_findings_release(&findings);
	cc_rows_release(&rows);
	free(config_path);
	return ret;
}
