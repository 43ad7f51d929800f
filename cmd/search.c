/*
 * search.c — `contentcal search` (full text, blended with relevance and
 * freshness) and `contentcal recommend` (the best assets for a buyer now,
 * and the next stage's).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "query.h"
#include "relevance.h"
#include "fulltext.h"
#include "text.h"

const char cmd_search_usage[] =
	"usage: contentcal search QUERY [--stage S] [--persona P] [--topic T] [--limit N]\n"
	"                         [--all] [--explain] [--as-of DATE] [--format text|json]\n"
	"\n"
	"Full-text search over titles, summaries and bodies. Only published, unexpired\n"
	"assets are shown unless --all. The first search builds the full-text index;\n"
	"later index runs keep it current.\n"
	"\n"
	"Query syntax:\n"
	"  word word      every word must match (stemmed: 'migrations' finds 'migration')\n"
	"  \"a phrase\"     the words in this order\n"
	"  -word          must not match (also -\"a phrase\")\n"
	"  prefix*        words starting with prefix\n"
	"  title:word     in the title only (also summary: and body:)\n"
	"Anything else is plain text: no character of the query has a special meaning.\n"
	"\n"
	"Ranking: w_text x text match (bm25; titles above summaries above bodies)\n"
	"  + w_relevance x relevance percentile + w_fresh x freshness, weights from\n"
	"  search.weights in contentcal.yml (defaults 1, 0.3, 0.2); --explain shows each.\n"
	"\n"
	"  --stage S, --persona P, --topic T   filters\n"
	"  --limit N       at most N results (default 10)\n"
	"  --all           include drafts, unpublished and expired assets\n"
	"  --explain       show the ranking terms of each result\n"
	"  --as-of DATE    day for relevance, freshness and expiry (default: today)\n"
	"  --format F      text (default) or json\n"
	"\n"
	"Exit status: 0 results, 1 no results, 2 error.\n";

const char cmd_recommend_usage[] =
	"usage: contentcal recommend --persona P --stage S [--topic T] [--limit N]\n"
	"                            [--as-of DATE] [--format text|json]\n"
	"\n"
	"The best published assets for a buyer now (persona at a stage), ranked by\n"
	"relevance percentile and freshness, then the best of the next stage (the\n"
	"config's stage order) to move them on. When a cell is empty, says so and offers\n"
	"the nearest stage's best for that persona instead, marked as such.\n"
	"\n"
	"  --persona P, --stage S   the buyer (required)\n"
	"  --topic T       only this topic\n"
	"  --limit N       assets per list (default 3)\n"
	"  --as-of DATE    day for relevance and freshness (default: today)\n"
	"  --format F      text (default) or json\n";

/* Index up to date with full text on (unless --no-index), FTS table in place. */
static int prepare_full_text(struct cc_env *env)
{
	struct cc_index_options o = CC_INDEX_OPTIONS_INIT;
	struct cc_index_stats st;
	if (cc_ctx_open_db(env->ctx, 0) < 0 || cc_search_ensure(env->ctx->db) < 0)
		return cc_die_lib();
	if (env->g.no_index) {
		char *text = NULL;
		cc_db_meta_get(env->ctx->db, "text", &text);
		bool on = text && !strcmp(text, "1");
		free(text);
		if (!on)
			return cc_die("the index has no full text yet; run 'contentcal search' once without --no-index");
		return 0;
	}
	o.rev = env->g.rev;
	o.worktree = env->g.worktree;
	o.threads = env->g.threads;
	o.full_text = true;
	if (cc_index_update(env->ctx, &o, &st) < 0)
		return cc_die_lib();
	return 0;
}

/* Writes s to stdout, sanitised, keeping its newlines. */
static void put_text(const char *s)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_add_safe(&b, s, true);
	fwrite(b.buf, 1, b.len, stdout);
	cc_buf_release(&b);
}

static void join(struct cc_buf *b, const struct cc_strlist *l, const char *sep)
{
	for (size_t i = 0; i < l->n; i++)
		cc_buf_addf(b, "%s%s", i ? sep : "", l->v[i]);
}

/* The snippet with its \x01 \x02 markers replaced by open / close. */
static char *mark(const char *s, const char *open, const char *close)
{
	struct cc_buf b = CC_BUF_INIT;
	for (; *s; s++) {
		if (*s == '\x01')
			cc_buf_adds(&b, open);
		else if (*s == '\x02')
			cc_buf_adds(&b, close);
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			cc_buf_addch(&b, ' ');
		else
			cc_buf_addch(&b, *s);
	}
	return cc_buf_detach(&b, NULL);
}

static json_t *strlist_json(const struct cc_strlist *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static const struct cc_row *find_row(const struct cc_rows *rows, int64_t id)
{
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i].id == id)
			return &rows->v[i];
	return NULL;
}

int cmd_search(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"stage", required_argument, NULL, 's'},  {"persona", required_argument, NULL, 'p'},
		{"topic", required_argument, NULL, 't'},  {"limit", required_argument, NULL, 'l'},
		{"all", no_argument, NULL, 'a'},          {"explain", no_argument, NULL, 'e'},
		{"as-of", required_argument, NULL, 'o'},  {"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {"text", "json", NULL};
	struct cc_search_options so = {0};
	struct cc_search_hits hits = {0};
	struct cc_relevance_set rel = {0};
	struct cc_rows rows = {0};
	struct cc_buf query = CC_BUF_INIT;
	char *values[CC_DIM_COUNT] = {0};
	bool explain = false;
	int format = 0, c, ret = CC_EXIT_ERROR, dim;

	so.as_of = cc_today();
	so.limit = 10;
	/* The query may come before or after the options. */
	while ((c = getopt_long(argc, argv, "-", opts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (query.len)
				cc_buf_addch(&query, ' ');
			cc_buf_adds(&query, optarg);
			break;
		case 's':
		case 'p':
		case 't':
			if ((dim = cc_tag_option(env, c, optarg, values)) < 0)
				goto cleanup;
			so.tags[dim] = values[dim];
			break;
		case 'l':
			if ((so.limit = cc_parse_positive(env, "--limit", optarg)) < 0)
				goto cleanup;
			break;
		case 'a':
			so.all = true;
			break;
		case 'e':
			explain = true;
			break;
		case 'o':
			if (cc_parse_as_of(env, optarg, &so.as_of))
				goto cleanup;
			break;
		case 'f':
			if ((format = cc_parse_format(env, optarg, formats)) < 0)
				goto cleanup;
			break;
		default:
			cc_usage_error(env, "unknown option");
			goto cleanup;
		}
	}
	for (int i = optind; i < argc; i++) { /* after "--" */
		if (query.len)
			cc_buf_addch(&query, ' ');
		cc_buf_adds(&query, argv[i]);
	}
	{
		struct cc_buf probe = CC_BUF_INIT;
		int r = cc_search_translate(query.buf, &probe);
		cc_buf_release(&probe);
		if (r < 0) {
			cc_usage_error(env, "%s", cc_error_last());
			goto cleanup;
		}
	}
	so.query = query.buf;
	if (prepare_full_text(env) || cc_engagement_open(env))
		goto cleanup;
	if (cc_relevance_compute(env->ctx->db, &env->ctx->cfg, so.as_of, &rel) < 0) {
		cc_die_lib();
		goto cleanup;
	}
	so.relevance = &rel;
	if (cc_search_run(env->ctx->db, &env->ctx->cfg, &so, &hits) < 0) {
		cc_die_lib();
		goto cleanup;
	}
	{
		/* Only the rows of the hits shown. */
		struct cc_filter f = {0};
		int64_t *ids = cc_xcalloc(hits.n ? hits.n : 1, sizeof(*ids));
		for (size_t i = 0; i < hits.n; i++)
			ids[i] = hits.v[i].id;
		f.ids = ids;
		f.nids = hits.n;
		f.lean = true;
		int r = cc_query_assets(env->ctx->db, &f, &rows);
		free(ids);
		if (r < 0) {
			cc_die_lib();
			goto cleanup;
		}
	}
	const struct cc_config *cfg = &env->ctx->cfg;
	if (format == 1) {
		json_t *arr = json_array();
		for (size_t i = 0; i < hits.n; i++) {
			const struct cc_search_hit *h = &hits.v[i];
			const struct cc_row *r = find_row(&rows, h->id);
			if (!r)
				continue;
			char *plain = mark(h->snippet, "", "");
			char *marked = mark(h->snippet, "[", "]");
			json_t *o = json_object();
			json_object_set_new(o, "rank", json_integer((json_int_t)(i + 1)));
			json_object_set_new(o, "title", cc_json_text(r->title));
			json_object_set_new(o, "path", cc_json_text(r->path));
			json_object_set_new(o, "slug", cc_json_text(r->slug));
			json_object_set_new(o, "url", cc_json_text(r->url));
			json_object_set_new(o, "status", cc_json_text(r->status));
			json_object_set_new(o, "format", cc_json_text(r->format));
			json_object_set_new(o, "stages", strlist_json(&r->tags[CC_DIM_STAGE]));
			json_object_set_new(o, "personas", strlist_json(&r->tags[CC_DIM_PERSONA]));
			json_object_set_new(o, "topics", strlist_json(&r->tags[CC_DIM_TOPIC]));
			json_object_set_new(o, "score", json_real(h->score));
			json_object_set_new(o, "snippet", json_string(plain));
			json_object_set_new(o, "snippet_marked", json_string(marked));
			json_object_set_new(o, "explain",
					    json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:f}", "bm25", h->bm25,
						      "text", h->text, "w_text", cfg->search.w_text,
						      "relevance", h->relevance, "w_relevance",
						      cfg->search.w_relevance, "fresh", h->fresh, "w_fresh",
						      cfg->search.w_fresh));
			json_array_append_new(arr, o);
			free(plain);
			free(marked);
		}
		json_t *doc = json_pack("{s:s, s:I, s:o}", "query", so.query, "total", (json_int_t)hits.total,
					"results", arr);
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(8));
		fputc('\n', stdout);
		json_decref(doc);
	} else {
		struct cc_buf b = CC_BUF_INIT;
		for (size_t i = 0; i < hits.n; i++) {
			const struct cc_search_hit *h = &hits.v[i];
			const struct cc_row *r = find_row(&rows, h->id);
			if (!r)
				continue;
			char *marked = mark(h->snippet, "[", "]");
			cc_buf_reset(&b);
			cc_buf_addf(&b, "%zu. %s  (%.3f)\n   ", i + 1, r->title, h->score);
			join(&b, &r->tags[CC_DIM_STAGE], ",");
			cc_buf_adds(&b, " · ");
			join(&b, &r->tags[CC_DIM_PERSONA], ",");
			cc_buf_addf(&b, " · %s%s%s\n", r->format, *r->url ? " · " : "", r->url);
			if (so.all && strcmp(r->status, "published"))
				cc_buf_addf(&b, "   status: %s\n", r->status);
			cc_buf_addf(&b, "   %s\n", marked);
			if (explain)
				cc_buf_addf(&b, "   = %g x text %.3f (bm25 %.3f) + %g x relevance %.3f + %g x fresh %.3f\n",
					    cfg->search.w_text, h->text, h->bm25, cfg->search.w_relevance,
					    h->relevance, cfg->search.w_fresh, h->fresh);
			cc_buf_addch(&b, '\n');
			put_text(b.buf);
			free(marked);
		}
		cc_buf_release(&b);
		fprintf(stderr, "%zu of %zu result%s%s\n", hits.n, hits.total, hits.total == 1 ? "" : "s",
			so.all ? "" : " (published and unexpired only; --all for every status)");
	}
	ret = hits.n ? CC_EXIT_OK : CC_EXIT_FINDINGS;
cleanup:
	for (int d = 0; d < CC_DIM_COUNT; d++)
		free(values[d]);
	cc_buf_release(&query);
	cc_search_hits_release(&hits);
	cc_relevance_set_release(&rel);
	cc_rows_release(&rows);
	return ret;
}

struct pick {
	const struct cc_row *row;
	const struct cc_relevance *rel;
	double fresh, rank;
};

static int cmp_pick(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? 1 : -1;
	double sx = x->rel ? x->rel->score : 0, sy = y->rel ? y->rel->score : 0;
	if (sx != sy)
		return sx < sy ? 1 : -1;
	return strcmp(x->row->path, y->row->path);
}

struct cell {
	const char *stage;
	struct cc_rows rows;
	struct pick *picks;
	size_t n;
};

/* The published, live assets of persona × stage (× topic), best first. */
static int fill_cell(struct cc_env *env, struct cell *c, const char *persona, const char *stage,
		     const char *topic, int64_t as_of, const struct cc_relevance_set *rel)
{
	const struct cc_config *cfg = &env->ctx->cfg;
	struct cc_filter f = {0};
	char day[11];
	f.tags[CC_DIM_PERSONA] = persona;
	f.tags[CC_DIM_STAGE] = stage;
	f.tags[CC_DIM_TOPIC] = topic;
	f.status = "published";
	f.lean = true;
	c->stage = stage;
	if (cc_query_assets(env->ctx->db, &f, &c->rows) < 0)
		return cc_die_lib();
	cc_day_format(day, as_of);
	c->picks = cc_xcalloc(c->rows.n ? c->rows.n : 1, sizeof(*c->picks));
	for (size_t i = 0; i < c->rows.n; i++) {
		const struct cc_row *r = &c->rows.v[i];
		if ((r->expires && strcmp(r->expires, day) < 0) || (r->date && strcmp(r->date, day) > 0))
			continue;
		const char *upd = r->updated ? r->updated : r->date;
		int64_t ud = -1;
		if (upd && cc_day_parse(&ud, upd) < 0)
			ud = -1;
		struct pick *p = &c->picks[c->n++];
		p->row = r;
		p->rel = cc_relevance_find(rel, r->id);
		p->fresh = cc_search_freshness(ud, as_of, cfg->coverage.fresh_days);
		p->rank = cfg->search.w_relevance * (p->rel && p->rel->has_data ? p->rel->percentile / 100.0 : 0) +
			  cfg->search.w_fresh * p->fresh;
	}
	qsort(c->picks, c->n, sizeof(*c->picks), cmp_pick);
	return 0;
}

static void cell_release(struct cell *c)
{
	cc_rows_release(&c->rows);
	free(c->picks);
	memset(c, 0, sizeof(*c));
}

static void print_picks(const struct cell *c, long limit, const char *marker)
{
	struct cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < c->n && i < (size_t)limit; i++) {
		const struct pick *p = &c->picks[i];
		cc_buf_reset(&b);
		cc_buf_addf(&b, "  %zu. %s (%s", i + 1, p->row->title, p->row->format);
		if (p->rel && p->rel->has_data)
			cc_buf_addf(&b, ", relevance %.0f within %s", p->rel->percentile,
				    p->rel->fallback ? "all" : p->rel->group);
		else
			cc_buf_adds(&b, ", no engagement data");
		cc_buf_addf(&b, ", freshness %.2f)%s\n", p->fresh, marker ? marker : "");
		if (*p->row->url)
			cc_buf_addf(&b, "     %s\n", p->row->url);
		put_text(b.buf);
	}
	cc_buf_release(&b);
}

static json_t *picks_json(const struct cell *c, long limit, const char *from_stage)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->n && i < (size_t)limit; i++) {
		const struct pick *p = &c->picks[i];
		json_t *o = json_object();
		json_object_set_new(o, "title", json_string(p->row->title));
		json_object_set_new(o, "path", json_string(p->row->path));
		json_object_set_new(o, "url", json_string(p->row->url));
		json_object_set_new(o, "format", json_string(p->row->format));
		json_object_set_new(o, "stage", json_string(c->stage));
		json_object_set_new(o, "percentile", p->rel && p->rel->has_data ? json_real(p->rel->percentile) : json_null());
		json_object_set_new(o, "freshness", json_real(p->fresh));
		json_object_set_new(o, "rank_value", json_real(p->rank));
		if (from_stage)
			json_object_set_new(o, "substitute_from", json_string(from_stage));
		json_array_append_new(a, o);
	}
	return a;
}

int cmd_recommend(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"stage", required_argument, NULL, 's'},  {"persona", required_argument, NULL, 'p'},
		{"topic", required_argument, NULL, 't'},  {"limit", required_argument, NULL, 'l'},
		{"as-of", required_argument, NULL, 'o'},  {"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {"text", "json", NULL};
	const struct cc_config *cfg = &env->ctx->cfg;
	struct cc_relevance_set rel = {0};
	struct cell now = {0}, next = {0}, near = {0};
	char *values[CC_DIM_COUNT] = {0};
	long limit = 3;
	int64_t as_of = cc_today();
	int format = 0, c, ret = CC_EXIT_ERROR, dim;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'p':
		case 't':
			if ((dim = cc_tag_option(env, c, optarg, values)) < 0)
				goto cleanup;
			break;
		case 'l':
			if ((limit = cc_parse_positive(env, "--limit", optarg)) < 0)
				goto cleanup;
			break;
		case 'o':
			if (cc_parse_as_of(env, optarg, &as_of))
				goto cleanup;
			break;
		case 'f':
			if ((format = cc_parse_format(env, optarg, formats)) < 0)
				goto cleanup;
			break;
		default:
			cc_usage_error(env, "unknown option");
			goto cleanup;
		}
	}
	if (cc_no_operands(env, argc, argv))
		goto cleanup;
	if (!values[CC_DIM_PERSONA] || !values[CC_DIM_STAGE]) {
		cc_usage_error(env, "--persona and --stage are required");
		goto cleanup;
	}
	const char *persona = values[CC_DIM_PERSONA], *stage = values[CC_DIM_STAGE],
		   *topic = values[CC_DIM_TOPIC];
	const char *canon = NULL;
	int si = cc_vocab_lookup(&cfg->stages, stage, &canon);
	if (si < 0) {
		cc_usage_error(env, "'%s' is not one of the configured stages", stage);
		goto cleanup;
	}
	if (cc_engagement_open(env))
		goto cleanup;
	if (cc_relevance_compute(env->ctx->db, cfg, as_of, &rel) < 0) {
		cc_die_lib();
		goto cleanup;
	}
	if (fill_cell(env, &now, persona, stage, topic, as_of, &rel))
		goto cleanup;
	const char *next_stage = (size_t)si + 1 < cfg->stages.n ? cfg->stages.v[si + 1].name : NULL;
	if (next_stage && fill_cell(env, &next, persona, next_stage, topic, as_of, &rel))
		goto cleanup;
	if (!now.n) {
		/* The nearest stage (earlier first on a tie) with something for this buyer. */
		for (size_t d = 1; d < cfg->stages.n && !near.n; d++) {
			long cand[2] = {si - (long)d, si + (long)d};
			for (int k = 0; k < 2 && !near.n; k++) {
				if (cand[k] < 0 || cand[k] >= (long)cfg->stages.n)
					continue;
				cell_release(&near);
				if (fill_cell(env, &near, persona, cfg->stages.v[cand[k]].name, topic, as_of, &rel))
					goto cleanup;
			}
		}
	}
	if (format == 1) {
		json_t *o = json_object();
		json_object_set_new(o, "persona", json_string(persona));
		json_object_set_new(o, "stage", json_string(stage));
		json_object_set_new(o, "topic", topic ? json_string(topic) : json_null());
		json_object_set_new(o, "now", picks_json(&now, limit, NULL));
		json_object_set_new(o, "empty", json_boolean(!now.n));
		json_object_set_new(o, "substitute", near.n ? picks_json(&near, limit, near.stage) : json_array());
		json_object_set_new(o, "next_stage", next_stage ? json_string(next_stage) : json_null());
		json_object_set_new(o, "next", picks_json(&next, limit, NULL));
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(8));
		fputc('\n', stdout);
		json_decref(o);
	} else {
		struct cc_buf b = CC_BUF_INIT;
		cc_buf_addf(&b, "Best for %s at %s%s%s now:\n", persona, stage, topic ? " on " : "", topic ? topic : "");
		put_text(b.buf);
		if (now.n) {
			print_picks(&now, limit, NULL);
		} else {
			cc_buf_reset(&b);
			cc_buf_addf(&b, "  nothing published for %s at %s%s%s: a coverage gap\n", persona, stage,
				    topic ? " on " : "", topic ? topic : "");
			if (near.n)
				cc_buf_addf(&b, "  nearest stage with assets for %s: %s; its best instead:\n", persona, near.stage);
			put_text(b.buf);
			if (near.n) {
				char marker[96];
				snprintf(marker, sizeof(marker), "  [from %s, not %s]", near.stage, stage);
				print_picks(&near, limit, marker);
			}
		}
		cc_buf_reset(&b);
		if (!next_stage)
			cc_buf_addf(&b, "\n%s is the last stage: nothing comes next\n", stage);
		else if (!next.n)
			cc_buf_addf(&b, "\nNext (%s): nothing published for %s yet\n", next_stage, persona);
		else
			cc_buf_addf(&b, "\nTo move them on (%s):\n", next_stage);
		put_text(b.buf);
		if (next.n)
			print_picks(&next, limit, NULL);
		cc_buf_release(&b);
	}
	ret = now.n ? CC_EXIT_OK : CC_EXIT_FINDINGS;
cleanup:
	for (int d = 0; d < CC_DIM_COUNT; d++)
		free(values[d]);
	cell_release(&now);
	cell_release(&next);
	cell_release(&near);
	cc_relevance_set_release(&rel);
	return ret;
}
