/*
 * lint.c — `contentcal lint`: every problem the indexer recorded.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "buf.h"
#include "change.h"
#include "engagement.h"
#include "relevance.h"
#include "cmd.h"
#include "lintconf.h"
#include "render.h"
#include "text.h"

static struct {
	const char *since;
	int fail_on; /* index in fail_ons */
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_LINE, CC_FMT_JSON, CC_FMT_GITHUB,
					 CC_FMT_SARIF, CC_FMT_JUNIT, CC_FMT_COUNT};
static const char *const fail_ons[] = {"error", "warning", NULL};

static const struct cc_option options[] = {
	CC_OPT_FORMAT(&a.format, "text (default; with a summary), line (path:line:col: severity:\n"
		      "rule: message), json, github (workflow annotations), sarif\n"
		      "(2.1.0, for code scanning) or junit (one suite per rule)", formats),
	CC_OPT_CHOICE(0, "fail-on", &a.fail_on, "S", "exit 1 when a problem reaches severity S (default: error)", fail_ons),
	CC_OPT_STRING(0, "since", &a.since, "REV", "only the files the change touches: those that differ between\n"
		      "the merge base of REV and the revision (or the work tree with\n"
		      "--worktree) and it"),
	CC_OPT_END(),
};

const struct cc_help cmd_lint_help = {
	"usage: contentcal lint [--format text|line|json|github|sarif|junit]\n"
	"                       [--fail-on error|warning] [--since REV] [PATH...]\n"
	"\n"
	"Reports every problem found in front matter and content, located in the file:\n"
	"invalid front matter, unparseable dates, unknown vocabulary values (with the\n"
	"valid ones, nearest first), missing required fields, duplicate slugs, statuses\n"
	"outside the workflow, and more (see docs/config.md). lint.rules and overrides\n"
	"in the config set each rule's severity, or turn it off, per path.\n"
	"With PATHs (files or directories) or --since, only the problems of those files\n"
	"are reported; duplicates are still judged against the whole repository.\n",
	options, NULL};

int cmd_lint(int argc, char **argv, struct cc_env *env)
{
	struct cc_problems list = CC_PROBLEMS_INIT;
	struct cc_strlist only = {0};
	char *config_path = NULL;
	int first, ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	if ((first = cc_parse(env, argc, argv, options)) < 0)
		return CC_EXIT_ERROR;
	const char *since = a.since;
	enum cc_format format = a.format;
	enum cc_severity fail_on = a.fail_on ? CC_SEV_WARNING : CC_SEV_ERROR;
	for (int i = first; i < argc; i++) {
		char *p = cc_ctx_repo_path(env->ctx, argv[i]);
		if (!p) {
			cc_usage_error(env, "%s", cc_error_last());
			goto cleanup;
		}
		cc_strlist_add(&only, p);
		free(p);
	}
	if (since && cc_change_paths(&only, env->ctx->repo, since, env->g.rev, env->g.worktree) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	if (env->ctx->has_config && env->ctx->cfg.path)
		config_path = cc_ctx_repo_path(env->ctx, env->ctx->cfg.path);
	if (cc_lint_collect(&list, env->ctx->db, &env->ctx->cfg, first < argc || since ? &only : NULL,
			    config_path, env->ctx->root) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	if (first >= argc && !since) {
		/* Engagement data nobody weighs: from the engagement file when it
		 * exists (lint never creates it) and from committed exports. */
		char *eng = cc_engagement_path(env->ctx->db_path);
		struct stat sb;
		if ((stat(eng, &sb) == 0 && sb.st_size > 0 &&
		     cc_engagement_attach(env->ctx->db, eng) == 0) ||
		    cc_engagement_committed_present(env->ctx->db))
			cc_relevance_check_weights(env->ctx->db, &env->ctx->cfg,
						   env->ctx->config_display ? env->ctx->config_display
									    : "contentcal.yml",
						   &list);
		free(eng);
	}
	cc_problems_sort(&list);
	struct cc_buf out = CC_BUF_INIT;
	cc_render_problems(&out, format, &list, fail_on, CONTENTCAL_VERSION);
	cc_put_buf(stdout, &out, false);
	cc_buf_release(&out);
	if (format == CC_FMT_TEXT) {
		size_t e = cc_problems_count(&list, CC_SEV_ERROR);
		size_t w = cc_problems_count(&list, CC_SEV_WARNING) - e;
		fprintf(stderr, "%zu error%s, %zu warning%s\n", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
	}
	ret = cc_problems_count(&list, fail_on) ? CC_EXIT_FINDINGS : CC_EXIT_OK;
cleanup:
	cc_problems_release(&list);
	cc_strlist_clear(&only);
	free(config_path);
	return ret;
}
