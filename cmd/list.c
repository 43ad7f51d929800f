/*
 * list.c — `contentcal list`: assets, filtered and sorted.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "lifecycle.h"
#include "query.h"
#include "render.h"
#include "text.h"

const char cmd_list_usage[] =
	"usage: contentcal list [--stage S] [--persona P] [--topic T] [--status S]\n"
	"                       [--where KEY=VALUE]... [--sort FIELD[-]] [--limit N]\n"
	"                       [--as-of DATE] [--format text|json|jsonl|csv]\n"
	"\n"
	"Lists indexed assets. Filters combine with AND. Stage, persona and topic\n"
	"values go through the config's vocabulary (aliases work).\n"
	"\n"
	"  --stage S, --persona P, --topic T, --status S   filter by value\n"
	"  --where KEY=VALUE   any front-matter key, nested with dots (params.audience);\n"
	"                      a list key matches when any element does; KEY!=VALUE negates\n"
	"  --sort FIELD[-]     path (default), date, title, slug, status, format, words,\n"
	"                      created, updated, author, due; a trailing '-' sorts descending\n"
	"  --limit N           at most N assets\n"
	"  --as-of DATE        the day each asset's state and freshness are judged on\n"
	"                      (default: today; docs/lifecycle.md)\n"
	"  --format F          text (default), json (an array), jsonl (one object a line), csv\n";

int cmd_list(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"stage", required_argument, NULL, 's'},
		{"persona", required_argument, NULL, 'p'},
		{"topic", required_argument, NULL, 't'},
		{"status", required_argument, NULL, 'S'},
		{"where", required_argument, NULL, 'w'},
		{"sort", required_argument, NULL, 'o'},
		{"limit", required_argument, NULL, 'l'},
		{"format", required_argument, NULL, 'f'},
		{"as-of", required_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_JSONL, CC_FMT_CSV, CC_FMT_COUNT};
	struct cc_filter f = {0};
	struct cc_rows rows = {0};
	struct cc_where *where = NULL;
	size_t nwhere = 0, walloc = 0;
	char *values[CC_DIM_COUNT] = {0}, *sort = NULL, *status = NULL;
	struct cc_lifecycle *lc = NULL;
	int64_t as_of = cc_today();
	enum cc_format format = CC_FMT_TEXT;
	int c, ret = CC_EXIT_ERROR, dim;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'p':
		case 't':
			if ((dim = cc_tag_option(env, c, optarg, values)) < 0)
				goto cleanup;
			f.tags[dim] = values[dim];
			break;
		case 'S':
			free(status);
			status = cc_vocab_clean(optarg);
			f.status = status;
			break;
		case 'w':
			CC_GROW(where, walloc, nwhere + 1);
			if (cc_where_parse(&where[nwhere], optarg) < 0) {
				cc_usage_error(env, "%s", cc_error_last());
				goto cleanup;
			}
			nwhere++;
			break;
		case 'o': {
			free(sort);
			sort = cc_xstrdup(optarg);
			size_t n = strlen(sort);
			f.desc = n > 1 && sort[n - 1] == '-';
			if (f.desc)
				sort[n - 1] = '\0';
			if (cc_parse_choice(sort, cc_query_sort_keys) < 0) {
				cc_usage_error(env, "cannot sort by '%s' (path, date, title, slug, status, format, "
						    "words, created, updated, author, due)", sort);
				goto cleanup;
			}
			f.sort = sort;
			break;
		}
		case 'l':
			if ((f.limit = cc_parse_positive(env, "--limit", optarg)) < 0)
				goto cleanup;
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				goto cleanup;
			break;
		case 'a':
			if (cc_parse_as_of(env, optarg, &as_of))
				goto cleanup;
			break;
		default:
			cc_usage_error(env, "unknown option");
			goto cleanup;
		}
	}
	if (cc_no_operands(env, argc, argv))
		goto cleanup;
	f.where = where;
	f.nwhere = nwhere;
	if (cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	lc = cc_xcalloc(rows.n + 1, sizeof(*lc));
	for (size_t i = 0; i < rows.n; i++)
		cc_lifecycle_of(&lc[i], &env->ctx->cfg, &rows.v[i], as_of);
	struct cc_buf out = CC_BUF_INIT;
	if (format == CC_FMT_JSON || format == CC_FMT_JSONL)
		cc_render_assets_json(&out, &rows, lc, format == CC_FMT_JSONL);
	else if (format == CC_FMT_CSV)
		cc_render_assets_csv(&out, &rows, lc);
	else
		cc_render_assets_text(&out, &rows, lc);
	fwrite(out.buf, 1, out.len, stdout);
	cc_buf_release(&out);
	if (format == CC_FMT_TEXT)
		fprintf(stderr, "%zu asset%s\n", rows.n, rows.n == 1 ? "" : "s");
	ret = CC_EXIT_OK;
cleanup:
	for (int d = 0; d < CC_DIM_COUNT; d++)
		free(values[d]);
	free(sort);
	free(status);
	free(where);
	free(lc);
	cc_rows_release(&rows);
	return ret;
}
