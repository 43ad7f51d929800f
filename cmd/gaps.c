/*
 * gaps.c — `contentcal gaps`: every calendar and coverage gap as a finding,
 * in a format for people (text, markdown) or machines (line, json, github,
 * sarif, junit), with an exit status CI can gate on.
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
	const char *since;
	bool fail_on_new;
	int fail_on; /* index in fail_ons */
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_LINE, CC_FMT_JSON, CC_FMT_GITHUB, CC_FMT_SARIF,
					 CC_FMT_JUNIT, CC_FMT_MARKDOWN, CC_FMT_COUNT};
static const char *const fail_ons[] = {"error", "warning", "info", "none", NULL};

static const struct cc_option options[] = {
	CC_OPT_CALENDAR(a.co, "the day to report as of (default: today), for reproducible runs;\n"
			"commit: the committer date of the revision under test"),
	CC_OPT_STRING(0, "since", &a.since, "REV", "also report how coverage changed since REV (a pull request's\n"
		      "base; from where the revision branched off it): which cells it\n"
		      "fills or empties, which gaps it closes or opens"),
	CC_OPT_FLAG(0, "fail-on-new", &a.fail_on_new, "with --since: judge the change, not the repository: report and\n"
		    "fail on only the findings it opens (same kind and subject absent\n"
		    "at the base), list the ones it closes, and treat a vocabulary\n"
		    "finding in a file it touches as an error"),
	CC_OPT_FORMAT(&a.format, "text (default), line (path:line:col: severity: kind: message),\n"
		      "json, github (workflow annotations; appends a Markdown summary\n"
		      "to $GITHUB_STEP_SUMMARY when set), sarif (2.1.0), junit, markdown", formats),
	CC_OPT_CHOICE(0, "fail-on", &a.fail_on, "S", "exit 1 when a finding reaches severity S (default: error);\n"
		      "none never fails", fail_ons),
	CC_OPT_END(),
};

const struct cc_help cmd_gaps_help = {
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
	"Severities come from coverage.severity in the config.\n",
	options,
	"Exit status: 0 no finding reaches --fail-on, 1 some does, 2 usage, config or\n"
	"runtime error.\n"};

/* With --format github: the Markdown summary appended to $GITHUB_STEP_SUMMARY when set. */
static void append_step_summary(const struct cc_gaps_view *v)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	struct cc_buf b = CC_BUF_INIT;
	if (!path || !*path)
		return;
	FILE *out = fopen(path, "a");
	if (!out) {
		cc_fail("cannot append to GITHUB_STEP_SUMMARY '%s'", path);
		return;
	}
	cc_render_gaps_markdown(&b, v);
	cc_buf_addch(&b, '\n');
	fwrite(b.buf, 1, b.len, out);
	if (fclose(out) != 0)
		cc_fail("cannot write GITHUB_STEP_SUMMARY '%s'", path);
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
	struct cc_gaps_since since = {0};
	struct cc_rows rows = {0};
	struct cc_findings findings = {0};
	int ret = CC_EXIT_ERROR;
	char *config_path = NULL;

	memset(&a, 0, sizeof(a));
	if (cc_parse_only(env, argc, argv, options))
		return CC_EXIT_ERROR;
	since.rev = a.since;
	since.judge = a.fail_on_new;
	if (since.judge && !since.rev)
		return cc_usage_error(env, "--fail-on-new judges a change: it needs --since REV");
	bool never = a.fail_on == 3;
	enum cc_severity fail_on = never ? CC_SEV_ERROR : (enum cc_severity)(CC_SEV_ERROR - a.fail_on);
	struct cc_calopts co = a.co;
	enum cc_format format = a.format;
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
	/* Demand is about what sellers asked for, not about a change. */
	if (!since.rev && cc_gaps_demand(&findings, &env->ctx->cfg, env->ctx->db_path, co.as_of, config_path) < 0) {
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
	cc_gaps_doc_init(&gd, &findings, &env->ctx->cfg, fail_on, never);
	gd.doc.version = CONTENTCAL_VERSION;
	struct cc_gaps_view v = {&findings, &gd.doc, &co.quarter, co.as_of, &since};
	cc_render_gaps(&out, format, &v);
	if (format == CC_FMT_GITHUB)
		append_step_summary(&v);
	cc_put_buf(stdout, &out, false);
	if (format == CC_FMT_TEXT) {
		cc_buf_reset(&out);
		cc_render_gaps_summary(&out, &findings);
		fflush(stdout);
		fprintf(stderr, "%s\n", out.buf);
	}
	cc_buf_release(&out);
	cc_gaps_doc_release(&gd);
	ret = !never && cc_findings_count(&findings, fail_on) ? CC_EXIT_FINDINGS : CC_EXIT_OK;
cleanup:
	cc_gaps_since_release(&since);
	cc_findings_release(&findings);
	cc_rows_release(&rows);
	free(config_path);
	return ret;
}
