/*
 * contentcal.c — entry point: global options, the command table, help.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static int cmd_help(int argc, char **argv, struct cc_env *env);
static const char cmd_help_usage[] =
	"usage: contentcal help [COMMAND]\n"
	"\n"
	"Shows the list of commands, or the full help of one command.\n";

static const struct cc_command commands[] = {
	{"index", cmd_index, CC_NEED_REPO, "bring the index up to date with a revision", cmd_index_usage},
	{"list", cmd_list, CC_NEED_REPO | CC_NEED_INDEX, "list assets, filtered and sorted", cmd_list_usage},
	{"lint", cmd_lint, CC_NEED_REPO | CC_NEED_INDEX, "report problems in front matter and content", cmd_lint_usage},
	{"new", cmd_new, CC_NEED_REPO, "create a new asset from a template", cmd_new_usage},
	{"sql", cmd_sql, CC_NEED_REPO | CC_NEED_INDEX, "run a read-only SQL query on the index", cmd_sql_usage},
	{"calendar", cmd_calendar, CC_NEED_REPO | CC_NEED_INDEX, "the quarter week by week: published, scheduled, planned, overdue", cmd_calendar_usage},
	{"coverage", cmd_coverage, CC_NEED_REPO | CC_NEED_INDEX, "persona or topic x stage coverage matrix", cmd_coverage_usage},
	{"gaps", cmd_gaps, CC_NEED_REPO | CC_NEED_INDEX, "calendar and coverage gaps as findings (a CI gate)", cmd_gaps_usage},
	{"ingest", cmd_ingest, CC_NEED_REPO | CC_NEED_INDEX, "import engagement from a CSV export", cmd_ingest_usage},
	{"relevance", cmd_relevance, CC_NEED_REPO | CC_NEED_INDEX, "rank assets by engagement within their stage", cmd_relevance_usage},
	{"search", cmd_search, CC_NEED_REPO, "full-text search for published assets", cmd_search_usage},
	{"recommend", cmd_recommend, CC_NEED_REPO | CC_NEED_INDEX, "best assets for a persona and stage, and what comes next", cmd_recommend_usage},
	{"report", cmd_report, CC_NEED_REPO | CC_NEED_INDEX, "the quarter on one page: heatmap, calendar, gaps, relevance (HTML or Markdown)", cmd_report_usage},
	{"crm", cmd_crm, CC_NEED_REPO | CC_NEED_INDEX, "import CRM exports (touches, opportunities, contacts), personal data hashed", cmd_crm_usage},
	{"influence", cmd_influence, CC_NEED_REPO | CC_NEED_INDEX, "pipeline and revenue influenced by content, model by model", cmd_influence_usage},
	{"serve", cmd_serve, CC_NEED_REPO, "the sales library and the editors' JSON as a web application", cmd_serve_usage},
	{"demand", cmd_demand, CC_NEED_REPO, "what sellers searched for and did not find, and what they shared", cmd_demand_usage},
	{"workload", cmd_workload, CC_NEED_REPO | CC_NEED_INDEX, "per person and week: due, scheduled, overdue, over capacity", cmd_workload_usage},
	{"set", cmd_set, CC_NEED_REPO | CC_NEED_INDEX, "change front-matter values in place across matching assets", cmd_set_usage},
	{"reschedule", cmd_reschedule, CC_NEED_REPO | CC_NEED_INDEX, "move one asset's publish date, in place", cmd_reschedule_usage},
	{"plan", cmd_plan, CC_NEED_REPO | CC_NEED_INDEX, "a brief for every gap of the quarter; --apply writes the drafts", cmd_plan_usage},
	{"audit", cmd_audit, CC_NEED_REPO | CC_NEED_INDEX, "keep, update, consolidate or retire each asset, with reasons", cmd_audit_usage},
	{"help", cmd_help, 0, "show help for a command", cmd_help_usage},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char main_usage[] =
	"usage: contentcal [-C DIR] [--db PATH] [--config FILE] [--rev REV] [--worktree]\n"
	"                  [--no-index] [--threads N] COMMAND [ARGS]\n"
	"\n"
	"Editorial calendar and content relevance for Markdown content in git.\n"
	"\n"
	"Global options:\n"
	"  -C DIR          run as if started in DIR\n"
	"  --db PATH       index database (default: GIT_DIR/contentcal/index.db)\n"
	"  --config FILE   config file (default: contentcal.yml in DIR or a parent)\n"
	"  --rev REV       revision to index and report on (default: HEAD)\n"
	"  --worktree      index the working tree, drafts included, instead of a commit\n"
	"  --no-index      use the index as it is; do not bring it up to date first\n"
	"  --threads N     parser threads (default: one per core)\n"
	"  --version       print the version\n"
	"\n"
	"Commands:\n";

static void print_main_usage(FILE *f)
{
	fputs(main_usage, f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'contentcal help COMMAND' for a command's options.\n"
	      "Exit status: 0 clean, 1 findings, 2 usage, config or runtime error.\n", f);
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
	fputs(c->usage, stdout);
	return 0;
}

static int setup(const struct cc_command *c, struct cc_env *env)
{
	struct cc_ctx_options o = {env->g.dir, env->g.db, env->g.config};
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
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"config", required_argument, NULL, 'c'},
		{"rev", required_argument, NULL, 'r'},
		{"worktree", no_argument, NULL, 'w'},
		{"no-index", no_argument, NULL, 'n'},
		{"threads", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct cc_env env = {0};
	int c, ret;

	setlocale(LC_CTYPE, "C.UTF-8");
	while ((c = getopt_long(argc, argv, "+C:h", opts, NULL)) != -1) {
		switch (c) {
		case 'C':
			env.g.dir = optarg;
			break;
		case 'd':
			env.g.db = optarg;
			break;
		case 'c':
			env.g.config = optarg;
			break;
		case 'r':
			env.g.rev = optarg;
			break;
		case 'w':
			env.g.worktree = true;
			break;
		case 'n':
			env.g.no_index = true;
			break;
		case 't':
			env.g.threads = (int)cc_parse_count(optarg);
			if (env.g.threads < 1)
				return cc_fail("--threads takes a positive number, not '%s'", optarg);
			break;
		case 'h':
			print_main_usage(stdout);
			return 0;
		case 'V':
			printf("contentcal %s\n", CONTENTCAL_VERSION);
			return 0;
		default:
			fputs("see 'contentcal help'\n", stderr);
			return CC_EXIT_ERROR;
		}
	}
	if (optind >= argc) {
		print_main_usage(stderr);
		return CC_EXIT_ERROR;
	}
	const struct cc_command *cmd = find_command(argv[optind]);
	if (!cmd)
		return cc_fail("'%s' is not a contentcal command; see 'contentcal help'", argv[optind]);
	env.name = cmd->name;
	argc -= optind;
	argv += optind;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(cmd->usage, stdout);
			return 0;
		}
	}
	for (int attempt = 0;; attempt++) {
		optind = 0; /* glibc: re-initialise getopt for the command's own options */
		ret = setup(cmd, &env);
		if (!ret)
			ret = cmd->fn(argc, argv, &env);
		if (env.ctx && env.ctx->db && env.ctx->db->recovered)
			fprintf(stderr, "contentcal: warning: the index '%s' was damaged; it was moved to "
					"'%s.corrupt' and rebuilt from git\n", env.ctx->db_path, env.ctx->db_path);
		/* The index is derived data: one found damaged mid-run is set
		 * aside and the command runs again on a rebuilt one. */
		if (ret != CC_EXIT_ERROR || attempt || !env.ctx || !env.ctx->db || !cc_db_corrupt(env.ctx->db))
			break;
		fprintf(stderr, "contentcal: warning: the index '%s' is damaged; moving it to '%s.corrupt' "
				"and rebuilding it from git\n", env.ctx->db_path, env.ctx->db_path);
		if (cc_ctx_set_aside_db(env.ctx) < 0) {
			cc_fail_lib();
			break;
		}
		cc_ctx_free(env.ctx);
		env.ctx = NULL;
	}
	cc_ctx_free(env.ctx);
	if (fflush(stdout) != 0 && !ret)
		ret = cc_fail("cannot write output");
	return ret;
}
