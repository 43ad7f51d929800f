/*
 * contentcal.c — the full program (contentcal-full): the command table, help,
 * and every command; the front end (front.c) hands it every run it does not
 * answer itself.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "cmd.h"

static int cmd_help(int argc, char **argv, struct cc_env *env);
static const struct cc_option help_options[] = {CC_OPT_END()};
static const struct cc_help cmd_help_help = {
	"usage: contentcal help [COMMAND]\n"
	"\n"
	"Shows the list of commands, or the full help of one command.\n",
	help_options, NULL};

static const struct cc_command commands[] = {
	{"index", cmd_index, CC_NEED_REPO, "bring the index up to date with a revision", &cmd_index_help},
	{"list", cmd_list, CC_NEED_REPO | CC_NEED_INDEX, "list assets, filtered and sorted", &cmd_list_help},
	{"lint", cmd_lint, CC_NEED_REPO | CC_NEED_INDEX, "report problems in front matter and content", &cmd_lint_help},
	{"new", cmd_new, CC_NEED_REPO, "create a new asset from a template", &cmd_new_help},
	{"sql", cmd_sql, CC_NEED_REPO | CC_NEED_INDEX, "run a read-only SQL query on the index", &cmd_sql_help},
	{"calendar", cmd_calendar, CC_NEED_REPO | CC_NEED_INDEX, "the quarter week by week: published, scheduled, planned, overdue", &cmd_calendar_help},
	{"coverage", cmd_coverage, CC_NEED_REPO | CC_NEED_INDEX, "persona or topic x stage coverage matrix", &cmd_coverage_help},
	{"gaps", cmd_gaps, CC_NEED_REPO | CC_NEED_INDEX, "calendar and coverage gaps as findings (a CI gate)", &cmd_gaps_help},
	{"ingest", cmd_ingest, CC_NEED_REPO | CC_NEED_INDEX, "import engagement from a CSV export", &cmd_ingest_help},
	{"relevance", cmd_relevance, CC_NEED_REPO | CC_NEED_INDEX, "rank assets by engagement within their stage", &cmd_relevance_help},
	{"search", cmd_search, CC_NEED_REPO, "full-text search for published assets", &cmd_search_help},
	{"recommend", cmd_recommend, CC_NEED_REPO | CC_NEED_INDEX, "best assets for a persona and stage, and what comes next", &cmd_recommend_help},
	{"report", cmd_report, CC_NEED_REPO | CC_NEED_INDEX, "the quarter on one page: heatmap, calendar, gaps, relevance (HTML or Markdown)", &cmd_report_help},
	{"crm", cmd_crm, CC_NEED_REPO | CC_NEED_INDEX, "import CRM exports (touches, opportunities, contacts), personal data hashed", &cmd_crm_help},
	{"influence", cmd_influence, CC_NEED_REPO | CC_NEED_INDEX, "pipeline and revenue influenced by content, model by model", &cmd_influence_help},
	{"serve", cmd_serve, CC_NEED_REPO, "the sales library and the editors' JSON as a web application", &cmd_serve_help},
	{"demand", cmd_demand, CC_NEED_REPO, "what sellers searched for and did not find, and what they shared", &cmd_demand_help},
	{"workload", cmd_workload, CC_NEED_REPO | CC_NEED_INDEX, "per person and week: due, scheduled, overdue, over capacity", &cmd_workload_help},
	{"set", cmd_set, CC_NEED_REPO | CC_NEED_INDEX, "change front-matter values in place across matching assets", &cmd_set_help},
	{"reschedule", cmd_reschedule, CC_NEED_REPO | CC_NEED_INDEX, "move one asset's publish date, in place", &cmd_reschedule_help},
	{"plan", cmd_plan, CC_NEED_REPO | CC_NEED_INDEX, "a brief for every gap of the quarter; --apply writes the drafts", &cmd_plan_help},
	{"audit", cmd_audit, CC_NEED_REPO | CC_NEED_INDEX, "keep, update, consolidate or retire each asset, with reasons", &cmd_audit_help},
	{"help", cmd_help, 0, "show help for a command", &cmd_help_help},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static struct cc_env g_env;

static int commit_day(int64_t *out, struct cc_ctx *ctx, const char *rev)
{
	git_repository *repo = cc_ctx_git(ctx);
	return repo ? cc_commit_day(out, repo, rev) : -1;
}

static const struct cc_git_ops git_ops = {cc_index_update, commit_day};

static void print_main_usage(FILE *f)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_adds(&b, "usage: contentcal [-C DIR] [--db PATH] [--config FILE] [--rev REV] [--worktree]\n"
			"                  [--no-index] [--threads N] COMMAND [ARGS]\n"
			"\n"
			"Editorial calendar and content relevance for Markdown content in git.\n"
			"\n"
			"Global options:\n");
	cc_options_help(&b, cc_global_options());
	cc_buf_adds(&b, "\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		cc_buf_addf(&b, "  %-10s %s\n", commands[i].name, commands[i].summary);
	cc_buf_adds(&b, "\nRun 'contentcal help COMMAND' for a command's options.\n"
			"Exit status: 0 clean, 1 findings, 2 usage, config or runtime error.\n");
	fwrite(b.buf, 1, b.len, f);
	cc_buf_release(&b);
}

static const struct cc_command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int cmd_help(int argc, char **argv, struct cc_env *env)
{
	if (argc < 2) {
		print_main_usage(stdout);
		return 0;
	}
	const struct cc_command *c = find_command(argv[1]);
	if (!c)
		return cc_fail("'%s' is not a contentcal command; see 'contentcal help'", argv[1]);
	cc_print_help(stdout, c->help);
	return 0;
}

static int setup(const struct cc_command *c, struct cc_env *env)
{
	struct cc_ctx_options o = {env->g.dir, env->g.db, env->g.config, c->fn == cmd_search && !env->g.rev && !env->g.worktree};
	struct cc_problems problems = CC_PROBLEMS_INIT;
	int ret = 0;

	if (!(c->flags & CC_NEED_REPO))
		return 0;
	if (cc_ctx_open(&env->ctx, &o, &problems) < 0) {
		cc_print_problems(&problems);
		ret = problems.n && cc_problems_count(&problems, CC_SEV_ERROR)
			      ? cc_fail("invalid config; nothing was done")
			      : cc_fail_lib();
	} else {
		cc_print_problems(&problems);
		if ((c->flags & CC_NEED_INDEX) && cc_auto_index(env))
			ret = CC_EXIT_ERROR;
	}
	cc_problems_release(&problems);
	return ret;
}

int main(int argc, char **argv)
{
	struct cc_buf err = CC_BUF_INIT;
	struct cc_global_args ga;
	int first, ret;

	setlocale(LC_CTYPE, "C.UTF-8");
	if ((first = cc_global_parse(argc, argv, &ga, &err)) < 0) {
		fprintf(stderr, "contentcal: %s\nsee 'contentcal help'\n", err.buf);
		cc_buf_release(&err);
		return CC_EXIT_ERROR;
	}
	g_env.g = ga.g;
	g_env.git = &git_ops;
	if (ga.help) {
		print_main_usage(stdout);
		return 0;
	}
	if (ga.version) {
		printf("contentcal %s\n", CONTENTCAL_VERSION);
		return 0;
	}
	if (first >= argc) {
		print_main_usage(stderr);
		return CC_EXIT_ERROR;
	}
	const struct cc_command *cmd = find_command(argv[first]);
	if (!cmd)
		return cc_fail("'%s' is not a contentcal command; see 'contentcal help'", argv[first]);
	g_env.name = cmd->name;
	argc -= first;
	argv += first;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			cc_print_help(stdout, cmd->help);
			return 0;
		}
	}
	for (int attempt = 0;; attempt++) {
		ret = setup(cmd, &g_env);
		if (!ret)
			ret = cmd->fn(argc, argv, &g_env);
		if (g_env.ctx && g_env.ctx->db && g_env.ctx->db->recovered)
			fprintf(stderr, "contentcal: warning: the index '%s' was damaged; it was moved to "
					"'%s.corrupt' and rebuilt from git\n", g_env.ctx->db_path, g_env.ctx->db_path);
		/* The index is derived data: one found damaged mid-run is set
		 * aside and the command runs again on a rebuilt one. */
		if (ret != CC_EXIT_ERROR || attempt || !g_env.ctx || !g_env.ctx->db || !cc_db_corrupt(g_env.ctx->db))
			break;
		fprintf(stderr, "contentcal: warning: the index '%s' is damaged; moving it to '%s.corrupt' "
				"and rebuilding it from git\n", g_env.ctx->db_path, g_env.ctx->db_path);
		if (cc_ctx_set_aside_db(g_env.ctx) < 0) {
			cc_fail_lib();
			break;
		}
		cc_ctx_free(g_env.ctx);
		g_env.ctx = NULL;
	}
	cc_ctx_free(g_env.ctx);
	if (fflush(stdout) != 0 && !ret)
		ret = cc_fail("cannot write output");
	return ret;
}
