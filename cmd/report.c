/*
 * report.c — `contentcal report`: the quarter on one page, for a planning
 * meeting (HTML) or a wiki or pull request (Markdown).
 *
 * lib/report.h builds the report and renders it; the HTML page comes from
 * templates/report/report.html (found like `new`'s templates,
 * lib/templates.h). A file is written atomically and never through a
 * symbolic link (cc_safe_write_file). docs/report.md describes the report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "render.h"
#include "report.h"
#include "safefile.h"
#include "templates.h"

static struct {
	struct cc_calopts co;
	const char *output;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_HTML, CC_FMT_MARKDOWN, CC_FMT_COUNT};

static const struct cc_option options[] = {
	CC_OPT_CALENDAR(a.co, "the day to report as of (default: today), for reproducible runs"),
	CC_OPT_FORMAT(&a.format, "html (default) or markdown", formats),
	CC_OPT_STRING('o', "output", &a.output, "FILE", "where to write (relative to -C DIR); - is standard output.\n"
		      "Default: contentcal-report.html for html, standard output for\n"
		      "markdown. The file is replaced atomically; a symbolic link is\n"
		      "never written through (exit 2)"),
	CC_OPT_END(),
};

const struct cc_help cmd_report_help = {
	"usage: contentcal report [--quarter Q] [--as-of DATE] [--format html|markdown]\n"
	"                         [-o FILE]\n"
	"\n"
	"Writes the quarter's report: the persona x stage coverage heatmap, the\n"
	"calendar week by week (published, scheduled, planned, overdue; empty weeks\n"
	"marked), the gaps with their severity, the plan's briefs for them and the\n"
	"workload by owner, and the top and bottom published assets by relevance in\n"
	"each stage (docs/report.md).\n"
	"\n"
	"html is one self-contained page (inline CSS and script, no network\n"
	"requests) with a filter box, from templates/report/report.html (next to\n"
	"contentcal.yml, else $CONTENTCAL_TEMPLATES or the built-in set); markdown\n"
	"is the same report as GitHub-flavoured Markdown tables.\n",
	options,
	"Exit status: 0 written (gaps are shown, not failed on: see 'contentcal gaps'),\n"
	"2 usage, config or runtime error.\n"};


/* The HTML page from the report template (found like `new`'s templates). */
static int render_html(struct cc_buf *out, const struct cc_report *r, struct cc_env *env)
{
	struct cc_tdirs t;
	struct cc_buf tmpl = CC_BUF_INIT;
	char *where = NULL;
	int ret;

	cc_template_dirs(env->ctx, "report", &t);
	ret = cc_template_read(&t, "report.html", &tmpl, &where);
	cc_tdirs_release(&t);
	if (ret < 0)
		ret = cc_fail_lib();
	else if (ret == 1)
		ret = cc_fail("no report template: no templates/report/report.html next to the config and no "
			     "built-in set (set CONTENTCAL_TEMPLATES)");
	if (!ret && cc_render_report_html(out, r, tmpl.buf, where, CONTENTCAL_VERSION) < 0)
		ret = cc_fail_lib();
	cc_buf_release(&tmpl);
	free(where);
	return ret;
}

int cmd_report(int argc, char **argv, struct cc_env *env)
{
	struct cc_report r = {0};
	struct cc_buf out = CC_BUF_INIT, path = CC_BUF_INIT;
	char *config_path = NULL;
	int ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	a.format = CC_FMT_HTML;
	if (cc_parse_only(env, argc, argv, options))
		goto cleanup;
	if (a.output && !*a.output) {
		cc_usage_error(env, "-o takes a file name (or - for standard output)");
		goto cleanup;
	}
	struct cc_calopts co = a.co;
	enum cc_format format = a.format;
	const char *output = a.output;
	if (!output)
		output = format == CC_FMT_HTML ? "contentcal-report.html" : "-";
	if (cc_calopts_resolve(&co, env) || cc_engagement_open(env))
		goto cleanup;
	if (env->ctx->has_config && env->ctx->cfg.path)
		config_path = cc_ctx_repo_path(env->ctx, env->ctx->cfg.path);
	if (cc_report_build(&r, env->ctx->db, &env->ctx->cfg, &co.quarter, co.as_of, config_path) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	if (format == CC_FMT_HTML) {
		if (render_html(&out, &r, env))
			goto cleanup;
	} else {
		cc_render_report_markdown(&out, &r);
	}
	if (!strcmp(output, "-")) {
		cc_put_buf(stdout, &out, false);
	} else {
		if (output[0] != '/')
			cc_buf_addf(&path, "%s/", env->ctx->start_dir);
		cc_buf_adds(&path, output);
		if (cc_safe_write_file(path.buf, output, out.buf, out.len) < 0) {
			cc_fail_lib();
			goto cleanup;
		}
		struct cc_buf msg = CC_BUF_INIT;
		cc_buf_addf(&msg, "report written to %s (", output);
		cc_report_summary(&msg, &r);
		cc_buf_addch(&msg, ')');
		cc_put_safe(stderr, msg.buf);
		fputc('\n', stderr);
		cc_buf_release(&msg);
	}
	ret = CC_EXIT_OK;
cleanup:
	free(config_path);
	cc_report_release(&r);
	cc_buf_release(&out);
	cc_buf_release(&path);
	return ret;
}
