/*
 * search.c — `contentcal search`: full text, blended with relevance and
 * freshness; only assets offered to sales (lifecycle.h) unless asked.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "fulltext.h"
#include "lifecycle.h"
#include "query.h"
#include "relevance.h"
#include "render.h"
#include "text.h"

static struct {
	const char *tags[CC_DIM_COUNT], *as_of;
	long limit;
	bool all, stale, explain;
	enum cc_format format;
} a;

static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_COUNT};

static const struct cc_option options[] = {
	CC_OPT_TAGS(a.tags, "filters"),
	CC_OPT_LIMIT(&a.limit, "at most N results (default 10)"),
	CC_OPT_FLAG(0, "include-stale", &a.stale, "also stale and expired published assets, marked"),
	CC_OPT_FLAG(0, "all", &a.all, "every asset, drafts and unparseable ones too, marked"),
	CC_OPT_FLAG(0, "explain", &a.explain, "show the ranking terms of each result"),
	CC_OPT_AS_OF(&a.as_of, "day for relevance, freshness and expiry (default: today)"),
	CC_OPT_FORMAT(&a.format, "text (default) or json", formats),
	CC_OPT_END(),
};

const struct cc_help cmd_search_help = {
	"usage: contentcal search QUERY [--stage S] [--persona P] [--topic T] [--limit N]\n"
	"                         [--include-stale | --all] [--explain] [--as-of DATE]\n"
	"                         [--format text|json]\n"
	"\n"
	"Full-text search over titles, summaries and bodies. Only assets offered to\n"
	"sales are shown: live (published, not expired) and fresh (not past review_by,\n"
	"updated within coverage.fresh_days; docs/lifecycle.md). How many stale or\n"
	"expired matches were left out is said. The first search builds the full-text\n"
	"index; later index runs keep it current.\n"
	"\n"
	"Query syntax:\n"
	"  word word      every word must match (stemmed: 'migrations' finds 'migration')\n"
	"  \"a phrase\"     the words in this order\n"
	"  -word          must not match (also -\"a phrase\")\n"
	"  prefix*        words starting with prefix\n"
	"  title:word     in the title only (also summary: and body:)\n"
	"Anything else is plain text: no character of the query has a special meaning.\n"
	"At most 100 words, phrases and prefixes.\n"
	"\n"
	"Ranking: w_text x text match (bm25; titles above summaries above bodies)\n"
	"  + w_relevance x relevance percentile + w_fresh x freshness, weights from\n"
	"  search.weights in contentcal.yml (defaults 1, 0.3, 0.2); --explain shows each.\n",
	options, "Exit status: 0 results, 1 no results, 2 error.\n"};

/* Index up to date with full text on (unless --no-index), FTS table in place. */
static int prepare_full_text(struct cc_env *env)
{
	struct cc_index_options o = CC_INDEX_OPTIONS_INIT;
	struct cc_index_stats st;
	o.rev = env->g.rev;
	o.worktree = env->g.worktree;
	o.threads = env->g.threads;
	o.full_text = true;
	/* Proven current (the only context the front end, without libgit2,
	 * runs on): no counts to report, only the full-text index to bring up. */
	if (env->ctx->proven_current && !env->g.no_index)
		return cc_index_ensure_text(env->ctx, &o) < 0 ? cc_fail_lib() : 0;
	if (cc_ctx_open_db(env->ctx, 0) < 0 || cc_search_ensure(env->ctx->db) < 0)
		return cc_fail_lib();
	if (env->g.no_index) {
		char *text = NULL;
		cc_db_meta_get(env->ctx->db, "text", &text);
		bool on = text && !strcmp(text, "1");
		free(text);
		if (!on)
			return cc_fail("the index has no full text yet; run 'contentcal search' once without --no-index");
		return 0;
	}
	if (!env->git)
		return cc_fail("internal error: no repository access");
	if (env->git->index_update(env->ctx, &o, &st) < 0)
		return cc_fail_lib();
	return 0;
}

/* A query with something to search for (else -1 with cc_error). */
static int check_query(const char *query)
{
	struct cc_buf probe = CC_BUF_INIT;
	int r = cc_search_translate(query, &probe);
	cc_buf_release(&probe);
	return r < 0 ? -1 : 0;
}

/* Only the rows of the hits shown; only the JSON of an asset holds its front matter. */
static int hit_rows(struct cc_env *env, const struct cc_search_hits *hits, enum cc_format format,
		    struct cc_rows *rows)
{
	struct cc_filter f = {0};
	int64_t *ids = cc_xcalloc(hits->n ? hits->n : 1, sizeof(*ids));
	for (size_t i = 0; i < hits->n; i++)
		ids[i] = hits->v[i].id;
	f.ids = ids;
	f.nids = hits->n;
	f.lean = format != CC_FMT_JSON;
	int r = cc_query_assets(env->ctx->db, &f, rows);
	free(ids);
	return r;
}

/* The text format's summary line, on stderr. */
static void print_counts(const struct cc_search_hits *hits, enum cc_offer offer)
{
	fprintf(stderr, "%zu of %zu result%s%s", hits->n, hits->total, hits->total == 1 ? "" : "s",
		offer == CC_OFFER_FRESH ? " (live and fresh only; --all for every status)" : "");
	if (hits->left_out)
		fprintf(stderr, "; %zu stale or expired left out (--include-stale shows them)", hits->left_out);
	fputc('\n', stderr);
}

int cmd_search(int argc, char **argv, struct cc_env *env)
{
	struct cc_search_options so = {0};
	struct cc_search_hits hits = {0};
	struct cc_rows rows = {0};
	struct cc_intent_set intent = {0};
	struct cc_buf query = CC_BUF_INIT;
	char *values[CC_DIM_COUNT] = {0};
	int first, ret = CC_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	a.limit = 10;
	/* The query may come before or after the options: the operands, in order. */
	if ((first = cc_parse(env, argc, argv, options)) < 0 || cc_tags_resolve(env, a.tags, values) ||
	    cc_parse_as_of(env, a.as_of, &so.as_of))
		goto cleanup;
	for (int i = first; i < argc; i++) {
		if (query.len)
			cc_buf_addch(&query, ' ');
		cc_buf_adds(&query, argv[i]);
	}
	if (check_query(query.buf) < 0) {
		cc_usage_error(env, "%s", cc_error_last());
		goto cleanup;
	}
	memcpy(so.tags, values, sizeof(so.tags));
	so.limit = a.limit;
	so.offer = a.all ? CC_OFFER_ALL : a.stale ? CC_OFFER_STALE : CC_OFFER_FRESH;
	so.query = query.buf;
	if (prepare_full_text(env) || cc_engagement_open(env))
		goto cleanup;
	if (cc_search_run(env->ctx->db, &env->ctx->cfg, &so, &hits) < 0 || hit_rows(env, &hits, a.format, &rows) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	if (cc_intent_compute(&intent, env->ctx->db, &env->ctx->cfg, so.as_of) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	cc_intent_mark(&rows, &intent);
	struct cc_search_view view = {&env->ctx->cfg, so.query, &hits, &rows, a.explain};
	struct cc_buf out = CC_BUF_INIT;
	if (a.format == CC_FMT_JSON)
		cc_render_search_json(&out, &view);
	else
		cc_render_search_text(&out, &view);
	cc_put_buf(stdout, &out, false);
	cc_buf_release(&out);
	if (a.format == CC_FMT_TEXT)
		print_counts(&hits, so.offer);
	ret = hits.n ? CC_EXIT_OK : CC_EXIT_FINDINGS;
cleanup:
	cc_tags_release(values);
	cc_buf_release(&query);
	cc_search_hits_release(&hits);
	cc_rows_release(&rows);
	cc_intent_set_release(&intent);
	return ret;
}
