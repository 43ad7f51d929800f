/*
 * global.c — the options before the command, one table for the full
 * program (contentcal.c) and the front end (front.c) alike.
 */
#include <string.h>

#include "cmd.h"

static struct cc_global_args ga;

static const struct cc_option global_options[] = {
	CC_OPT_STRING('C', NULL, &ga.g.dir, "DIR", "run as if started in DIR"),
	CC_OPT_STRING(0, "db", &ga.g.db, "PATH", "index database (default: GIT_DIR/contentcal/index.db)"),
	CC_OPT_STRING(0, "config", &ga.g.config, "FILE", "config file (default: contentcal.yml in DIR or a parent)"),
	CC_OPT_STRING(0, "rev", &ga.g.rev, "REV", "revision to index and report on (default: HEAD)"),
	CC_OPT_FLAG(0, "worktree", &ga.g.worktree, "index the working tree, drafts included, instead of a commit"),
	CC_OPT_FLAG(0, "no-index", &ga.g.no_index, "use the index as it is; do not bring it up to date first"),
	CC_OPT_INT(0, "threads", &ga.threads, "N", "parser threads (default: one per core)", 1, INT_MAX),
	{CC_OPT_T_FLAG, 'h', "help", &ga.help, NULL, "show this help", NULL, 0, 0, NULL, CC_OPT_HIDDEN},
	CC_OPT_FLAG(0, "version", &ga.version, "print the version"),
	CC_OPT_END(),
};

const struct cc_option *cc_global_options(void)
{
	return global_options;
}

int cc_global_parse(int argc, char **argv, struct cc_global_args *out, struct cc_buf *err)
{
	memset(&ga, 0, sizeof(ga));
	int first = cc_options_parse(argc, argv, global_options, CC_PARSE_STOP_AT_OPERAND, err);
	ga.g.threads = (int)ga.threads;
	*out = ga;
	return first;
}
