/*
 * ingest.c — `contentcal ingest`: import engagement from a CSV export, and
 * the helpers the engagement commands share.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "render.h"
#include "crm.h"
#include "date.h"
#include "engagement.h"
#include "relevance.h"

static struct {
	const char *source, *preset, *asset, *ratings;
	bool skip_bad, strict;
	long max_bytes;
	enum cc_format format;
	bool has_period;
	int64_t period_start, period_end; /* days */
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_COUNT};

/* --period START..END: two days, START not after END. */
static int parse_period(const struct cc_option *opt, const char *arg, struct cc_buf *err)
{
	const char *dots = strstr(arg, "..");
	char *start = dots ? cc_xstrndup(arg, (size_t)(dots - arg)) : NULL;
	int64_t s, e;
	bool ok = dots && cc_day_parse(&s, start) == 0 && cc_day_parse(&e, dots + 2) == 0 && e >= s;
	free(start);
	if (!ok) {
		cc_buf_adds(err, "--period must be START..END, two dates (YYYY-MM-DD), START not after END");
		return -1;
	}
	a.period_start = s;
	a.period_end = e;
	a.has_period = true;
	return 0;
}

static const struct cc_option options[] = {
	CC_OPT_STRING(0, "preset", &a.preset, "NAME", "read the file as this preset (default: detected)"),
	CC_OPT_CALLBACK(0, "period", NULL, "A..B", "the days a dateless export covers (YYYY-MM-DD..YYYY-MM-DD)",
			parse_period),
	CC_OPT_STRING(0, "asset", &a.asset, "NAME", "the asset of an export with no page column"),
	CC_OPT_STRING(0, "source", &a.source, "NAME", "where the numbers come from (default: default)"),
	CC_OPT_FLAG(0, "strict", &a.strict, "exit 1 when any row matched no asset"),
	CC_OPT_FLAG(0, "skip-bad", &a.skip_bad, "store the good rows, list the bad ones (exit 1 all the same)"),
	CC_OPT_FORMAT(&a.format, "text (default) or json summary on stdout", formats),
	CC_OPT_INT(0, "max-bytes", &a.max_bytes, "N", "refuse a file (or standard input) larger than N bytes\n"
		   "(default engagement.max_bytes, 1073741824 = 1 GiB)", 1, LONG_MAX),
	CC_OPT_STRING(0, "ratings", &a.ratings, "FILE", "import feedback instead: a CSV with a header naming asset,\n"
		      "rating (1-5), date, and optionally comment and who; one bad\n"
		      "row and nothing is stored; the same asset, person and day\n"
		      "again replaces the earlier rating"),
	CC_OPT_END(),
};

const struct cc_help cmd_ingest_help = {
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
	"aside in the unmatched table and reported.\n",
	options,
	"Exit status: 0 stored, 1 bad rows (nothing stored without --skip-bad) or,\n"
	"with --strict, unmatched rows; 2 error.\n"};

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
	struct cc_buf out = CC_BUF_INIT;
	cc_print_row_problems(&bad);
	cc_render_ratings(&out, format, arg, r == 0, stored, bad.n);
	cc_put_buf(stdout, &out, false);
	cc_buf_release(&out);
	cc_problems_release(&bad);
	return r ? CC_EXIT_FINDINGS : CC_EXIT_OK;
}

int cmd_ingest(int argc, char **argv, struct cc_env *env)
{
	struct cc_ingest_options o = {0};
	struct cc_ingest_stats st;
	struct cc_problems bad = CC_PROBLEMS_INIT, unknown = CC_PROBLEMS_INIT;
	struct cc_buf file = CC_BUF_INIT, out = CC_BUF_INIT;
	int first, ret;

	memset(&a, 0, sizeof(a));
	if ((first = cc_parse(env, argc, argv, options)) < 0)
		return CC_EXIT_ERROR;
	if (a.source && !*a.source)
		return cc_usage_error(env, "--source needs a name");
	if (a.asset && !*a.asset)
		return cc_usage_error(env, "--asset needs a name");
	if (a.ratings) {
		if (first < argc)
			return cc_usage_error(env, "--ratings takes the file; no other file with it");
		return ingest_ratings(env, a.ratings, a.format);
	}
	if (first + 1 != argc)
		return cc_usage_error(env, first >= argc ? "which export file?" : "one file at a time");
	o.source = a.source;
	o.preset = a.preset;
	o.asset = a.asset;
	o.skip_bad = a.skip_bad;
	o.max_bytes = (uint64_t)a.max_bytes;
	o.has_period = a.has_period;
	o.period_start = a.period_start;
	o.period_end = a.period_end;
	o.display_path = argv[first];
	if (cc_engagement_open(env))
		return CC_EXIT_ERROR;
	input_path(&file, env, argv[first]);
	ret = cc_engagement_ingest(env->ctx->db, &env->ctx->cfg, file.buf, &o, &st, &bad, &unknown);
	cc_buf_release(&file);
	if (ret < 0)
		return cc_fail_lib();
	cc_print_row_problems(&bad);
	cc_print_row_problems(&unknown);
	if (st.committed)
		cc_warn_unweighted(env);
	cc_render_ingest(&out, a.format, argv[first], &st);
	cc_put_buf(stdout, &out, false);
	cc_buf_release(&out);
	cc_problems_release(&bad);
	cc_problems_release(&unknown);
	return ret == 1 || st.bad || (a.strict && st.unknown) ? CC_EXIT_FINDINGS : CC_EXIT_OK;
}
