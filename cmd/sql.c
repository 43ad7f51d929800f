/*
 * sql.c — `contentcal sql "SELECT …"`: read-only queries on the index
 * (lib/sqlrun.h runs them). The index is brought up to date first (the
 * command table's CC_NEED_INDEX); then the read-write handle is closed and
 * the file opened again read-only. docs/schema.md documents the tables.
 */
#include <errno.h>
#include <stdlib.h>

#include "cmd.h"
#include "sqlrun.h"

static struct {
	long max_rows;
	double timeout;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};

/* --timeout SECONDS: a number, 0 for none. */
static int parse_timeout(const struct cc_option *opt, const char *arg, struct cc_buf *err)
{
	char *end;
	errno = 0;
	a.timeout = strtod(arg, &end);
	if (errno || end == arg || *end || !(a.timeout >= 0) || a.timeout > 1e9) {
		cc_buf_addf(err, "--timeout takes a number of seconds (0 = no limit), not '%s'", arg);
		return -1;
	}
	return 0;
}

static const struct cc_option options[] = {
	CC_OPT_FORMAT(&a.format, "text (default: aligned columns, long values cut at 60\n"
		      "characters), json (an array of objects, typed values), csv\n"
		      "(RFC 4180, cells that could run as spreadsheet formulas are\n"
		      "prefixed with an apostrophe). Every format streams; text\n"
		      "sets its column widths from the first 200 rows", formats),
	CC_OPT_CALLBACK(0, "timeout", NULL, "S", "stop the statement after S seconds of computing (default 30;\n"
			"0 = no limit): exit status 2", parse_timeout),
	CC_OPT_INT(0, "max-rows", &a.max_rows, "N", "print at most N rows (text default 10000, json and csv\n"
		   "default all; 0 = all); a note on stderr says when rows were cut", 0, LONG_MAX),
	CC_OPT_END(),
};

const struct cc_help cmd_sql_help = {
	"usage: contentcal sql \"SELECT ...\" [--format text|json|csv] [--timeout SECONDS]\n"
	"                      [--max-rows N]\n"
	"\n"
	"Runs one read-only SQL statement on the index (brought up to date first)\n"
	"and prints the rows. The database is opened read-only: INSERT, UPDATE,\n"
	"DELETE, CREATE, DROP, ATTACH, DETACH and writing PRAGMAs are refused with\n"
	"exit status 2. The engagement database, when there is one, is attached as\n"
	"'engagement'. The tables are documented in docs/schema.md.\n",
	options, NULL};

int cmd_sql(int argc, char **argv, struct cc_env *env)
{
	struct cc_db *ro = NULL;
	struct cc_sql_stats st;
	char *warning = NULL;
	int first, r;

	memset(&a, 0, sizeof(a));
	a.timeout = 30;
	a.max_rows = -1;
	if ((first = cc_parse(env, argc, argv, options)) < 0)
		return CC_EXIT_ERROR;
	if (argc - first != 1)
		return cc_usage_error(env, argc - first ? "give the query as one argument (quote it)"
							: "give a query, e.g. \"SELECT path, title FROM assets\"");
	/* The index is current; read it through a read-only connection only. */
	cc_db_close(env->ctx->db);
	env->ctx->db = NULL;
	if (cc_sql_open(&ro, env->ctx->db_path, &warning) < 0)
		return cc_fail_lib();
	if (warning)
		fprintf(stderr, "contentcal: warning: %s\n", warning);
	struct cc_sql_options o = {a.format, a.timeout, a.max_rows};
	r = cc_sql_run(ro, argv[first], &o, stdout, &st);
	fflush(stdout);
	cc_db_close(ro);
	free(warning);
	if (r == -2)
		return cc_usage_error(env, "%s", cc_error_last());
	if (r < 0)
		return cc_fail_lib();
	if (a.format == CC_FMT_TEXT)
		fprintf(stderr, "(%zu row%s)\n", st.rows, st.rows == 1 ? "" : "s");
	if (st.cut)
		fprintf(stderr, "contentcal: note: output cut after %zu rows (--max-rows N to change, "
				"0 for all)\n", st.rows);
	return CC_EXIT_OK;
}
