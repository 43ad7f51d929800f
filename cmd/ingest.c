/*
 * ingest.c — `contentcal ingest`: import engagement from a CSV export, and
 * the helpers the engagement commands share.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "render.h"
#include "date.h"
#include "engagement.h"

const char cmd_ingest_usage[] =
	"usage: contentcal ingest FILE.csv [--source NAME] [--skip-bad] [--format text|json]\n"
	"   or: contentcal ingest --ratings FILE.csv [--format text|json]\n"
	"\n"
	"Imports engagement (views, downloads, …) from a CSV file into the engagement\n"
	"database beside the index (GIT_DIR/contentcal/engagement.db by default). It is\n"
	"primary data: re-indexing never touches it.\n"
	"\n"
	"Two shapes, told apart by the header:\n"
	"  long  date,asset,metric,value          one measurement a row\n"
	"  wide  date,asset,views,downloads,…     one column per metric (empty = no data)\n"
	"Column names come from engagement.columns in contentcal.yml. The asset is a\n"
	"slug, a repository path (or one relative to the config), or a URL.\n"
	"\n"
	"One row per asset, day, metric and source: importing a file again changes\n"
	"nothing, a corrected file replaces the values it holds. Rows of one file with\n"
	"the same key add up. All or nothing: any bad row (bad date, negative or\n"
	"non-numeric value, missing column) fails the import, each reported as\n"
	"file:line: message, and nothing is stored. Rows naming no known asset are kept\n"
	"aside in the unmatched table and reported.\n"
	"\n"
	"  --source NAME   where the numbers come from (default: default)\n"
	"  --skip-bad      store the good rows, list the bad ones (exit 1 all the same)\n"
	"  --format F      text (default) or json summary on stdout\n"
	"  --ratings FILE  import feedback instead: a CSV with a header naming asset,\n"
	"                  rating (1-5), date, and optionally comment and who; one bad\n"
	"                  row and nothing is stored; the same asset, person and day\n"
	"                  again replaces the earlier rating\n"
	"\n"
	"Exit status: 0 stored, 1 bad rows (nothing stored without --skip-bad), 2 error.\n";

int cc_engagement_open(struct cc_env *env)
{
	char *path = cc_engagement_path(env->ctx->db_path);
	int r = cc_engagement_attach(env->ctx->db, path);
	free(path);
	return r < 0 ? cc_fail_lib() : 0;
}

/* file:line: message (file:line:col: for header columns); warnings say so. */
static void print_row_problem(const struct cc_problem *p)
{
	cc_put_safe(stderr, p->path);
	fprintf(stderr, ":%d:", p->line);
	if (p->col > 0)
		fprintf(stderr, "%d:", p->col);
	fputs(p->severity == CC_SEV_WARNING ? " warning: " : " ", stderr);
	cc_put_safe(stderr, p->message);
	fputc('\n', stderr);
}

/* FILE relative to the start directory (-C), like every path argument; "-" is standard input. */
static void input_path(struct cc_buf *file, const struct cc_env *env, const char *arg)
{
	if (!strcmp(arg, "-"))
		cc_buf_adds(file, "/dev/stdin");
	else if (arg[0] == '/')
		cc_buf_adds(file, arg);
	else
		cc_buf_addf(file, "%s/%s", env->ctx->start_dir, arg);
}

static int ingest_ratings(struct cc_env *env, const char *arg, enum cc_format format)
{
	struct cc_problems bad = CC_PROBLEMS_INIT;
	struct cc_buf file = CC_BUF_INIT;
	size_t stored = 0;
	if (cc_engagement_open(env))
		return CC_EXIT_ERROR;
	input_path(&file, env, arg);
	int r = cc_ratings_ingest(env->ctx->db, &env->ctx->cfg, file.buf, arg, &stored, &bad);
	cc_buf_release(&file);
	if (r < 0)
		return cc_fail_lib();
	for (size_t i = 0; i < bad.n; i++)
		print_row_problem(&bad.v[i]);
	if (format == CC_FMT_JSON) {
		json_t *j = json_pack("{s:s, s:b, s:I, s:I}", "file", arg, "stored_any", r == 0, "ratings",
				      (json_int_t)stored, "bad", (json_int_t)bad.n);
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
		fputc('\n', stdout);
		json_decref(j);
	} else {
		cc_put_safe(stdout, arg);
		if (r == 0)
			printf(": %zu rating%s stored\n", stored, stored == 1 ? "" : "s");
		else
			printf(": %zu bad row%s; nothing was stored\n", bad.n, bad.n == 1 ? "" : "s");
	}
	cc_problems_release(&bad);
	return r ? CC_EXIT_FINDINGS : CC_EXIT_OK;
}

int cmd_ingest(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"source", required_argument, NULL, 's'},
		{"skip-bad", no_argument, NULL, 'k'},
		{"format", required_argument, NULL, 'f'},
		{"ratings", required_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_COUNT};
	const char *ratings = NULL;
	struct cc_ingest_options o = {0};
	struct cc_ingest_stats st;
	struct cc_problems bad = CC_PROBLEMS_INIT, unknown = CC_PROBLEMS_INIT;
	enum cc_format format = CC_FMT_TEXT;
	int c, ret;
	char *source = NULL;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			free(source);
			source = cc_xstrdup(optarg);
			if (!*source) {
				free(source);
				return cc_usage_error(env, "--source needs a name");
			}
			break;
		case 'k':
			o.skip_bad = true;
			break;
		case 'r':
			ratings = optarg;
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format)) {
				free(source);
				return CC_EXIT_ERROR;
			}
			break;
		default:
			free(source);
			return cc_usage_error(env, "unknown option");
		}
	}
	if (ratings) {
		free(source);
		if (optind < argc)
			return cc_usage_error(env, "--ratings takes the file; no other file with it");
		return ingest_ratings(env, ratings, format);
	}
	if (optind + 1 != argc) {
		free(source);
		return cc_usage_error(env, optind >= argc ? "which CSV file?" : "one CSV file at a time");
	}
	o.source = source;
	o.display_path = argv[optind];
	if (cc_engagement_open(env)) {
		free(source);
		return CC_EXIT_ERROR;
	}
	/* Like every path argument, FILE is relative to the start directory (-C). */
	struct cc_buf file = CC_BUF_INIT;
	if (argv[optind][0] == '/' || !strcmp(argv[optind], "-"))
		cc_buf_adds(&file, argv[optind]);
	else
		cc_buf_addf(&file, "%s/%s", env->ctx->start_dir, argv[optind]);
	if (!strcmp(argv[optind], "-"))
		cc_buf_reset(&file), cc_buf_adds(&file, "/dev/stdin");
	ret = cc_engagement_ingest(env->ctx->db, &env->ctx->cfg, file.buf, &o, &st, &bad, &unknown);
	cc_buf_release(&file);
	if (ret < 0) {
		free(source);
		return cc_fail_lib();
	}
	for (size_t i = 0; i < bad.n; i++)
		print_row_problem(&bad.v[i]);
	for (size_t i = 0; i < unknown.n; i++)
		print_row_problem(&unknown.v[i]);
	if (format == CC_FMT_JSON) {
		json_t *j = json_pack("{s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "file",
				      argv[optind], "shape", st.wide ? "wide" : "long", "stored_any",
				      st.committed, "rows", (json_int_t)st.rows, "values",
				      (json_int_t)st.values, "new", (json_int_t)st.stored, "replaced",
				      (json_int_t)st.replaced, "unchanged", (json_int_t)st.unchanged,
				      "unknown", (json_int_t)st.unknown, "bad", (json_int_t)st.bad);
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
		fputc('\n', stdout);
		json_decref(j);
	} else {
		cc_put_safe(stdout, argv[optind]);
		printf(": %zu rows read (%s shape): %zu values stored (%zu new, %zu replaced, "
		       "%zu unchanged), %zu unknown-asset rows kept aside, %zu bad rows\n",
		       st.rows, st.wide ? "wide" : "long", st.committed ? st.values : 0,
		       st.committed ? st.stored : 0, st.committed ? st.replaced : 0,
		       st.committed ? st.unchanged : 0, st.unknown, st.bad);
		if (!st.committed)
			printf("nothing was stored%s\n", st.bad ? "; fix the rows above or use --skip-bad" : "");
	}
	free(source);
	cc_problems_release(&bad);
	cc_problems_release(&unknown);
	return ret == 1 || st.bad ? CC_EXIT_FINDINGS : CC_EXIT_OK;
}
