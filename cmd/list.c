/*
 * list.c — `contentcal list`: assets, filtered and sorted.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "lifecycle.h"
#include "query.h"
#include "render.h"
#include "text.h"

static struct {
	const char *tags[CC_DIM_COUNT], *status, *sort, *as_of;
	struct cc_strlist where;
	long limit;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_JSONL, CC_FMT_CSV, CC_FMT_COUNT};

static const struct cc_option options[] = {
	CC_OPT_TAGS(a.tags, NULL),
	CC_OPT_STRING(0, "status", &a.status, "S", "filter by value"),
	CC_OPT_LIST(0, "where", &a.where, "KEY=VALUE", "any front-matter key, nested with dots (params.audience);\n"
		    "a list key matches when any element does; KEY!=VALUE negates"),
	CC_OPT_STRING(0, "sort", &a.sort, "FIELD[-]", "path (default), date, title, slug, status, format, words,\n"
		      "created, updated, author, due; a trailing '-' sorts descending"),
	CC_OPT_LIMIT(&a.limit, "at most N assets"),
	CC_OPT_AS_OF(&a.as_of, "the day each asset's state and freshness are judged on\n"
		     "(default: today; docs/lifecycle.md)"),
	CC_OPT_FORMAT(&a.format, "text (default), json (an array), jsonl (one object a line), csv", formats),
	CC_OPT_END(),
};

const struct cc_help cmd_list_help = {
	"usage: contentcal list [--stage S] [--persona P] [--topic T] [--status S]\n"
	"                       [--where KEY=VALUE]... [--sort FIELD[-]] [--limit N]\n"
	"                       [--as-of DATE] [--format text|json|jsonl|csv]\n"
	"\n"
	"Lists indexed assets. Filters combine with AND. Stage, persona and topic\n"
	"values go through the config's vocabulary (aliases work).\n",
	options, NULL};

/* The filter the options give; 0 or CC_EXIT_ERROR after printing. */
static int make_filter(struct cc_env *env, struct cc_filter *f, char *values[], char **status, char **sort,
		       struct cc_where **where)
{
	if (cc_tags_resolve(env, a.tags, values))
		return CC_EXIT_ERROR;
	memcpy(f->tags, values, sizeof(f->tags));
	if (a.status)
		f->status = *status = cc_vocab_clean(a.status);
	if (a.sort) {
		size_t n = strlen(a.sort);
		*sort = cc_xstrdup(a.sort);
		if ((f->desc = n > 1 && a.sort[n - 1] == '-'))
			(*sort)[n - 1] = '\0';
		f->sort = *sort;
		bool known = false;
		for (int i = 0; cc_query_sort_keys[i]; i++)
			known |= !strcmp(*sort, cc_query_sort_keys[i]);
		if (!known)
			return cc_usage_error(env, "cannot sort by '%s' (path, date, title, slug, status, format, "
						   "words, created, updated, author, due)", *sort);
	}
	f->where = *where = cc_xcalloc(a.where.n + 1, sizeof(**where));
	for (; f->nwhere < a.where.n; f->nwhere++)
		if (cc_where_parse(&(*where)[f->nwhere], a.where.v[f->nwhere]) < 0)
			return cc_usage_error(env, "%s", cc_error_last());
	f->limit = a.limit;
	return 0;
}

int cmd_list(int argc, char **argv, struct cc_env *env)
{
	struct cc_filter f = {0};
	struct cc_rows rows = {0};
	char *values[CC_DIM_COUNT] = {0}, *sort = NULL, *status = NULL;
	struct cc_lifecycle *lc = NULL;
	struct cc_where *where = NULL;
	int64_t as_of;
	int ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	if (cc_parse_only(env, argc, argv, options) || make_filter(env, &f, values, &status, &sort, &where) ||
	    cc_parse_as_of(env, a.as_of, &as_of))
		goto cleanup;
	if (cc_query_assets(env->ctx->db, &f, &rows) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	lc = cc_xcalloc(rows.n + 1, sizeof(*lc));
	for (size_t i = 0; i < rows.n; i++)
		cc_lifecycle_of(&lc[i], &env->ctx->cfg, &rows.v[i], as_of);
	struct cc_buf out = CC_BUF_INIT;
	if (a.format == CC_FMT_JSON || a.format == CC_FMT_JSONL)
		cc_render_assets_json(&out, &rows, lc, a.format == CC_FMT_JSONL);
	else if (a.format == CC_FMT_CSV)
		cc_render_assets_csv(&out, &rows, lc);
	else
		cc_render_assets_text(&out, &rows, lc);
	cc_put_buf(stdout, &out, false);
	cc_buf_release(&out);
	if (a.format == CC_FMT_TEXT)
		fprintf(stderr, "%zu asset%s\n", rows.n, rows.n == 1 ? "" : "s");
	ret = CC_EXIT_OK;
cleanup:
	cc_tags_release(values);
	cc_strlist_clear(&a.where);
	free(sort);
	free(status);
	free(where);
	free(lc);
	cc_rows_release(&rows);
	return ret;
}
