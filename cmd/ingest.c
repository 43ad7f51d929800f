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
#include "relevance.h"

const char cmd_ingest_usage[] =
	"usage: contentcal ingest FILE [--preset NAME] [--period A..B] [--asset NAME]\n"
	"                         [--source NAME] [--skip-bad] [--strict] [--format text|json]\n"
	"                         [--max-bytes N]\n"
	"   or: contentcal ingest --ratings FILE.csv [--format text|json]\n"
	"\n"
	"Imports engagement (views, downloads, …) from a CSV file into the engagement\n"
	"database beside the index (GIT_DIR/contentcal/engagement.db by default). It is\n"
	"primary data: re-indexing never touches it.\n"
	"\n"
	"Vendor exports go in as downloaded; the preset is detected from the header:\n"
	"  ga4                   GA4 report (# preamble, Page path…, optional Date)\n"
	"  ga4-bigquery          GA4 BigQuery events_* as CSV or JSON lines\n"
	"  plausible-pages       Plausible pages.csv\n"
	"  plausible-visitors    Plausible visitors.csv (one page: needs --asset)\n"
	"  search-console-pages  Search Console Pages.csv\n"
	"  search-console-dates  Search Console Dates.csv (one page: needs --asset)\n"
	"  matomo                Matomo page URLs (label,nb_visits,nb_hits,…)\n"
	"  hubspot               HubSpot page analytics\n"
	"Otherwise two generic shapes, told apart by the header:\n"
	"  long  date,asset,metric,value          one measurement a row\n"
	"  wide  date,asset,views,downloads,…     one column per metric (empty = no data)\n"
	"Column names come from engagement.columns in contentcal.yml. The asset is a\n"
	"slug, a repository path (or one relative to the config), or a URL. Counts\n"
	"(views, clicks…) are summed; rates, averages and positions are gauges, stored\n"
	"but never summed into a score. A file without a date column covers a period:\n"
	"its preamble's, or --period; it is stored as period totals, spread evenly\n"
	"over the period's days by the decay.\n"
	"\n"
	"One row per asset, day, metric and source: importing a file again changes\n"
	"nothing, a corrected file replaces the values it holds. Rows of one file with\n"
	"the same key add up. All or nothing: any bad row (bad date, negative or\n"
	"non-numeric value, missing column) fails the import, each reported as\n"
	"file:line: message, and nothing is stored. Rows naming no known asset are kept\n"
	"aside in the unmatched table and reported.\n"
	"\n"
	"  --preset NAME   read the file as this preset (default: detected)\n"
	"  --period A..B   the days a dateless export covers (YYYY-MM-DD..YYYY-MM-DD)\n"
	"  --asset NAME    the asset of an export with no page column\n"
	"  --source NAME   where the numbers come from (default: default)\n"
	"  --strict        exit 1 when any row matched no asset\n"
	"  --skip-bad      store the good rows, list the bad ones (exit 1 all the same)\n"
	"  --format F      text (default) or json summary on stdout\n"
	"  --max-bytes N   refuse a file (or standard input) larger than N bytes\n"
	"                  (default engagement.max_bytes, 1073741824 = 1 GiB)\n"
	"  --ratings FILE  import feedback instead: a CSV with a header naming asset,\n"
	"                  rating (1-5), date, and optionally comment and who; one bad\n"
	"                  row and nothing is stored; the same asset, person and day\n"
	"                  again replaces the earlier rating\n"
	"\n"
	"Exit status: 0 stored, 1 bad rows (nothing stored without --skip-bad) or,\n"
	"with --strict, unmatched rows; 2 error.\n";

int cc_engagement_open(struct cc_env *env)
{
	char *path = cc_engagement_path(env->ctx->db_path);
	int r = cc_engagement_attach(env->ctx->db, path);
	free(path);
	return r < 0 ? cc_fail_lib() : 0;
}

void cc_warn_unweighted(struct cc_env *env)
{
	struct cc_problems w = CC_PROBLEMS_INIT;
	const char *path = env->ctx->config_display ? env->ctx->config_display : "contentcal.yml";
	if (cc_relevance_check_weights(env->ctx->db, &env->ctx->cfg, path, &w) == 0)
		for (size_t i = 0; i < w.n; i++) {
			cc_put_safe(stderr, w.v[i].path);
			fputs(": warning: ", stderr);
			cc_put_safe(stderr, w.v[i].message);
			fputc('\n', stderr);
		}
	cc_problems_release(&w);
}

/* file:line: message (file:line:col: for header columns); warnings say so. */
static void print_row_problem(const struct cc_problem *p)
{
	cc_put_safe(stderr, p->path);
	if (p->line > 0)
		fprintf(stderr, ":%d:", p->line);
	else
		fputc(':', stderr);
	if (p->line > 0 && p->col > 0)
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
		{"max-bytes", required_argument, NULL, 'm'},
		{"preset", required_argument, NULL, 'p'},
		{"period", required_argument, NULL, 'P'},
		{"asset", required_argument, NULL, 'a'},
		{"strict", no_argument, NULL, 'S'},
		{"ratings", required_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_COUNT};
	long max_bytes;
	const char *ratings = NULL;
	struct cc_ingest_options o = {0};
	struct cc_ingest_stats st;
	struct cc_problems bad = CC_PROBLEMS_INIT, unknown = CC_PROBLEMS_INIT;
	enum cc_format format = CC_FMT_TEXT;
	int c, ret;
	bool strict = false;
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
		case 'p':
			o.preset = optarg;
			break;
		case 'S':
			strict = true;
			break;
		case 'a':
			if (!*optarg) {
				free(source);
				return cc_usage_error(env, "--asset needs a name");
			}
			o.asset = optarg;
			break;
		case 'P': {
			const char *dots = strstr(optarg, "..");
			char *a = dots ? cc_xstrndup(optarg, (size_t)(dots - optarg)) : NULL;
			int ok = dots && cc_day_parse(&o.period_start, a) == 0 &&
				 cc_day_parse(&o.period_end, dots + 2) == 0 && o.period_end >= o.period_start;
			free(a);
			if (!ok) {
				free(source);
				return cc_usage_error(env, "--period must be START..END, two dates "
							   "(YYYY-MM-DD), START not after END");
			}
			o.has_period = true;
			break;
		}
		case 'r':
			ratings = optarg;
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format)) {
				free(source);
				return CC_EXIT_ERROR;
			}
			break;
		case 'm':
			if ((max_bytes = cc_parse_count(optarg)) < 1) {
				free(source);
				return cc_usage_error(env, "--max-bytes takes a number of bytes (at least "
							   "1), not '%s'", optarg);
			}
			o.max_bytes = (uint64_t)max_bytes;
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
		return cc_usage_error(env, optind >= argc ? "which export file?" : "one file at a time");
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
	if (st.committed)
		cc_warn_unweighted(env);
	if (format == CC_FMT_JSON) {
		json_t *j = json_pack("{s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "file",
				      argv[optind], "shape", st.preset ? st.preset : st.wide ? "wide" : "long", "stored_any",
				      st.committed, "rows", (json_int_t)st.rows, "values",
				      (json_int_t)st.values, "new", (json_int_t)st.stored, "replaced",
				      (json_int_t)st.replaced, "unchanged", (json_int_t)st.unchanged,
				      "unknown", (json_int_t)st.unknown, "bad", (json_int_t)st.bad);
		json_object_set_new(j, "preset", st.preset ? json_string(st.preset) : json_null());
		json_object_set_new(j, "totals_skipped", json_integer((json_int_t)st.totals));
		if (st.period_end) {
			char a[16], b[16];
			cc_day_format(a, st.period_start);
			cc_day_format(b, st.period_end);
			json_object_set_new(j, "period", json_pack("{s:s, s:s}", "start", a, "end", b));
		} else {
			json_object_set_new(j, "period", json_null());
		}
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
		fputc('\n', stdout);
		json_decref(j);
	} else {
		cc_put_safe(stdout, argv[optind]);
		char shape[64];
		if (st.preset)
			snprintf(shape, sizeof(shape), "%s preset", st.preset);
		else
			snprintf(shape, sizeof(shape), "%s shape", st.wide ? "wide" : "long");
		printf(": %zu rows read (%s): %zu values stored (%zu new, %zu replaced, "
		       "%zu unchanged), %zu unknown-asset rows kept aside, %zu bad rows\n",
		       st.rows, shape, st.committed ? st.values : 0,
		       st.committed ? st.stored : 0, st.committed ? st.replaced : 0,
		       st.committed ? st.unchanged : 0, st.unknown, st.bad);
		if (st.period_end) {
			char a[16], b[16];
			cc_day_format(a, st.period_start);
			cc_day_format(b, st.period_end);
			printf("period totals for %s..%s (%lld days, spread evenly by the decay)\n", a, b,
			       (long long)(st.period_end - st.period_start + 1));
		}
		if (st.totals)
			printf("%zu total row%s skipped\n", st.totals, st.totals == 1 ? "" : "s");
		if (!st.committed)
			printf("nothing was stored%s\n", st.bad ? "; fix the rows above or use --skip-bad" : "");
	}
	free(source);
	cc_problems_release(&bad);
	cc_problems_release(&unknown);
	return ret == 1 || st.bad || (strict && st.unknown) ? CC_EXIT_FINDINGS : CC_EXIT_OK;
}
