/*
 * sales.c — the sales library's snapshot and the seller's search (see
 * sales.h).
 */
#include "sales.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "asset.h"
#include "buf.h"
#include "date.h"
#include "engagement.h"
#include "fulltext.h"
#include "problem.h"
#include "text.h"

#define TREND_DAYS 14

const char *const cc_sales_sort_names[] = {"relevance", "popularity", "trending", "newest", NULL};

const char *cc_facet_name(int f)
{
	static const char *const names[] = {"persona", "stage", "topic", "format", "owner", "author"};
	return f >= 0 && f < CC_NFACETS ? names[f] : "?";
}

static int row_id_cmp(const void *a, const void *b)
{
	const struct cc_row *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int slug_cmp(const void *a, const void *b, void *payload)
{
	const struct cc_sales *s = payload;
	const size_t *x = a, *y = b;
	return strcmp(s->a[*x].row->slug, s->a[*y].row->slug);
}

struct path_idx {
	const char *path;
	size_t i;
};

static int path_idx_cmp(const void *a, const void *b)
{
	return strcmp(((const struct path_idx *)a)->path, ((const struct path_idx *)b)->path);
}

/* Weighted engagement of the last TREND_DAYS days and the TREND_DAYS before. */
static int load_trend(struct cc_sales *s, struct cc_db *db, const struct cc_config *cfg)
{
	sqlite3_stmt *st = NULL;
	struct path_idx *idx = cc_xcalloc(s->n ? s->n : 1, sizeof(*idx));
	int rc, ret = -1;

	for (size_t i = 0; i < s->n; i++)
		idx[i] = (struct path_idx){s->a[i].row->path, i};
	if (s->n > 1)
		qsort(idx, s->n, sizeof(*idx), path_idx_cmp);
	if (cc_db_prepare(db, &st, "SELECT ea.path, e.metric, "
				   "sum(CASE WHEN e.day > ?1 - ?2 THEN e.value ELSE 0 END), "
				   "sum(CASE WHEN e.day <= ?1 - ?2 THEN e.value ELSE 0 END) "
				   "FROM eng.engagement e JOIN eng.assets ea ON ea.id = e.asset "
				   "WHERE e.day <= ?1 AND e.day > ?1 - 2 * ?2 GROUP BY ea.path, e.metric") < 0)
		goto cleanup;
	sqlite3_bind_int64(st, 1, s->as_of);
	sqlite3_bind_int(st, 2, TREND_DAYS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct path_idx key = {(const char *)sqlite3_column_text(st, 0), 0};
		struct path_idx *hit = key.path && s->n ? bsearch(&key, idx, s->n, sizeof(*idx), path_idx_cmp) : NULL;
		if (!hit)
			continue;
		double w = cc_relevance_weight(cfg, (const char *)sqlite3_column_text(st, 1));
		if (w <= 0)
			continue;
		s->a[hit->i].recent += w * sqlite3_column_double(st, 2);
		s->a[hit->i].prior += w * sqlite3_column_double(st, 3);
	}
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "cannot read engagement");
		goto cleanup;
	}
	ret = 0;
cleanup:
	sqlite3_finalize(st);
	free(idx);
	return ret;
}

int cc_sales_build(struct cc_sales **out, struct cc_db *db, const struct cc_config *cfg, int64_t as_of)
{
	struct cc_sales *s = cc_xcalloc(1, sizeof(*s));
	struct cc_filter f = {0};
	struct cc_relevance_set *rel = &s->rel;

	char *run_after = NULL;
	*out = NULL;
	s->as_of = as_of;
	/* The run before and after the rows: equal, the rows are all of it. */
	if (cc_db_meta_get(db, "run", &s->run) < 0 || cc_query_assets(db, &f, &s->rows) < 0 ||
	    cc_db_meta_get(db, "run", &run_after) < 0)
		goto fail;
	if (!s->run || !run_after || strcmp(s->run, run_after)) {
		free(s->run);
		s->run = cc_xstrdup("");
	}
	free(run_after);
	if (s->rows.n > 1)
		qsort(s->rows.v, s->rows.n, sizeof(*s->rows.v), row_id_cmp);
	s->n = s->rows.n;
	s->a = cc_xcalloc(s->n ? s->n : 1, sizeof(*s->a));
	s->by_slug = cc_xcalloc(s->n ? s->n : 1, sizeof(*s->by_slug));
	if (cc_relevance_compute(db, cfg, as_of, rel) < 0 || cc_intent_compute(&s->intent, db, cfg, as_of) < 0)
		goto fail;
	cc_intent_mark(&s->rows, &s->intent);
	for (size_t i = 0; i < s->n; i++) {
		struct cc_sales_asset *a = &s->a[i];
		const struct cc_relevance *r;
		a->row = &s->rows.v[i];
		cc_serve_verdict(&a->verdict, cfg, a->row, as_of);
		a->internal = cc_serve_internal(cfg, a->row);
		if ((r = cc_relevance_find(rel, a->row->id)) && r->has_data) {
			a->has_data = true;
			a->percentile = r->percentile;
			a->popularity = r->score;
		}
		a->fresh = a->verdict.fresh;
		s->by_slug[i] = i;
	}
	qsort_r(s->by_slug, s->n, sizeof(*s->by_slug), slug_cmp, s);
	if (load_trend(s, db, cfg) < 0)
		goto fail;
	if (cc_db_meta_get(db, "commit", &s->revision) < 0 || cc_engagement_version(db, &s->eng_version) < 0)
		goto fail;
	if (!s->revision)
		s->revision = cc_xstrdup("");
	if (!s->eng_version)
		s->eng_version = cc_xstrdup("");
	*out = s;
	return 0;
fail:
	cc_sales_free(s);
	return -1;
}

void cc_sales_free(struct cc_sales *s)
{
	if (!s)
		return;
	cc_rows_release(&s->rows);
	free(s->a);
	free(s->by_slug);
	free(s->revision);
	free(s->eng_version);
	free(s->run);
	cc_relevance_set_release(&s->rel);
	cc_intent_set_release(&s->intent);
	free(s);
}

const struct cc_sales_asset *cc_sales_find_id(const struct cc_sales *s, int64_t id)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->rows.v[mid].id < id)
			lo = mid + 1;
		else if (s->rows.v[mid].id > id)
			hi = mid;
		else
			return &s->a[mid];
	}
	return NULL;
}

const struct cc_sales_asset *cc_sales_find(const struct cc_sales *s, const char *slug)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->a[s->by_slug[mid]].row->slug, slug);
		if (!c)
			return &s->a[s->by_slug[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *cc_sales_next_stage(const struct cc_config *cfg, const char *stage)
{
	const char *canon;
	int i = stage ? cc_vocab_lookup(&cfg->stages, stage, &canon) : -1;
	return i >= 0 && (size_t)i + 1 < cfg->stages.n ? cfg->stages.v[i + 1].name : NULL;
}

bool cc_sales_stop_word(const char *w)
{
	static const char *const stop[] = {
		"a",     "about", "an",    "and",  "any",   "are",   "as",    "at",    "be",    "best",
		"by",    "can",   "do",    "for",  "from",  "get",   "give",  "has",   "have",  "how",
		"i",     "in",    "into",  "is",   "it",    "its",   "me",    "my",    "need",  "of",
		"on",    "or",    "our",   "should", "send", "so",   "some",  "that",  "the",   "their",
		"them",  "they",  "this",  "to",   "us",    "want",  "was",   "we",    "what",  "when",
		"where", "which", "who",   "why",  "will",  "with",  "worried", "you", "your", NULL,
	};
	for (int i = 0; stop[i]; i++)
		if (!strcmp(stop[i], w))
			return true;
	return false;
}

/* ---- the query ---- */

static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c >= 0x80;
}

/* Splits q into lower-cased words (no leading/trailing '-'). */
static void split_words(struct cc_strlist *out, const char *q)
{
	const unsigned char *p = (const unsigned char *)(q ? q : "");
	while (*p) {
		while (*p && !word_byte(*p))
			p++;
		const unsigned char *st = p;
		while (*p && word_byte(*p))
			p++;
		while (st < p && *st == '-')
			st++;
		const unsigned char *en = p;
		while (en > st && en[-1] == '-')
			en--;
		if (en > st && out->n < 64) {
			char *w = cc_xstrndup((const char *)st, (size_t)(en - st));
			cc_strlist_add(out, cc_ascii_lower(w));
			free(w);
		}
	}
}

static const struct cc_vocab *facet_vocab(const struct cc_config *cfg, int f)
{
	switch (f) {
	case CC_FACET_PERSONA:
		return &cfg->personas;
	case CC_FACET_STAGE:
		return &cfg->stages;
	case CC_FACET_TOPIC:
		return &cfg->topics;
	default:
		return &cfg->formats;
	}
}

/* The facet and canonical value a vocabulary word names, or -1. */
static int vocab_word(const struct cc_config *cfg, const char *w, const char **canon)
{
	for (int f = 0; f < CC_NVOCAB_FACETS; f++)
		if (cc_vocab_lookup(facet_vocab(cfg, f), w, canon) >= 0)
			return f;
	return -1;
}

static void add_unique(struct cc_strlist *l, const char *s)
{
	if (!cc_strlist_has(l, s))
		cc_strlist_add(l, s);
}

/* The asset's values of people facet f. */
static const struct cc_strlist *people_of(const struct cc_row *r, int f)
{
	return f == CC_FACET_OWNER ? &r->owners : &r->authors;
}

/* Whether the asset has value for facet f. */
static bool asset_has(const struct cc_sales_asset *a, int f, const char *value)
{
	if (f == CC_FACET_FORMAT)
		return !strcmp(a->row->format, value);
	if (f >= CC_NVOCAB_FACETS) {
		const struct cc_strlist *l = people_of(a->row, f);
		for (size_t i = 0; i < l->n; i++)
			if (!strcasecmp(l->v[i], value))
				return true;
		return false;
	}
	return cc_strlist_has(&a->row->tags[f], value);
}

static bool passes(const struct cc_sales_asset *a, const struct cc_sales_result *r, int skip)
{
	for (int f = 0; f < CC_NFACETS; f++) {
		if (f == skip || !r->selected[f].n)
			continue;
		bool any = false;
		for (size_t i = 0; i < r->selected[f].n && !any; i++)
			any = asset_has(a, f, r->selected[f].v[i]);
		if (!any)
			return false;
	}
	return true;
}

/*
 * The words of text that start with one of the query terms (at most three
 * bytes longer: "costs" for "cost", "migrations" for "migration"), case
 * folded for ASCII, between \x01 and \x02. NULL when nothing is marked.
 */
static char *mark_terms(const char *text, const struct cc_strlist *terms)
{
	struct cc_buf b = CC_BUF_INIT;
	bool any = false;
	const char *p = text;
	while (*p) {
		if (!word_byte((unsigned char)*p) || *p == '-') {
			cc_buf_addch(&b, *p++);
			continue;
		}
		const char *st = p;
		while (*p && word_byte((unsigned char)*p) && *p != '-')
			p++;
		size_t n = (size_t)(p - st);
		bool hit = false;
		for (size_t t = 0; t < terms->n && !hit; t++) {
			size_t tl = strlen(terms->v[t]);
			hit = tl >= 2 && n >= tl && n <= tl + 3 && !strncasecmp(st, terms->v[t], tl);
		}
		if (hit) {
			cc_buf_addch(&b, '\x01');
			cc_buf_add(&b, st, n);
			cc_buf_addch(&b, '\x02');
			any = true;
		} else {
			cc_buf_add(&b, st, n);
		}
	}
	if (!any) {
		cc_buf_release(&b);
		return NULL;
	}
	return cc_buf_detach(&b, NULL);
}

struct cand {
	size_t asset;
	double bm25;
	bool matched;
};

/* FTS5 matches of the words (AND, or OR when any), into cand by asset. */
static int fts_match(struct cc_db *db, const struct cc_sales *s, const struct cc_strlist *words, bool any,
		     struct cand *cand, size_t *nmatched, struct cc_buf *expr)
{
	sqlite3_stmt *st = NULL;
	int rc;
	cc_buf_reset(expr);
	for (size_t i = 0; i < words->n; i++) {
		struct cc_buf one = CC_BUF_INIT;
		if (cc_search_translate(words->v[i], &one) > 0) {
			if (expr->len)
				cc_buf_adds(expr, any ? " OR " : " ");
			cc_buf_add(expr, one.buf, one.len);
		}
		cc_buf_release(&one);
	}
	*nmatched = 0;
	if (!expr->len)
		return 0;
	if (cc_db_prepare(db, &st, "SELECT rowid, bm25(assets_fts, 10.0, 4.0, 1.0) FROM assets_fts "
				   "WHERE assets_fts MATCH ?1") < 0)
		return -1;
	sqlite3_bind_text(st, 1, expr->buf, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cc_row key = {.id = sqlite3_column_int64(st, 0)};
		const struct cc_row *r = s->n ? bsearch(&key, s->rows.v, s->n, sizeof(key), row_id_cmp) : NULL;
		if (!r)
			continue;
		struct cand *c = &cand[r - s->rows.v];
		c->matched = true;
		c->bm25 = sqlite3_column_double(st, 1);
		(*nmatched)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cc_error("cannot search: %s", sqlite3_errmsg(db->db));
	return 0;
}

struct sort_ctx {
	const struct cc_sales *snap;
	enum cc_sales_sort key;
};

static double sort_value(const struct sort_ctx *c, const struct cc_sales_hit *h)
{
	const struct cc_sales_asset *a = &c->snap->a[h->asset];
	switch (c->key) {
	case CC_SORT_POPULARITY:
		return a->popularity;
	case CC_SORT_TRENDING:
		return a->recent - a->prior;
	case CC_SORT_NEWEST:
		return a->verdict.publish == CC_NO_DAY ? -1e18 : (double)a->verdict.publish;
	default:
		return h->score;
	}
}

static int hit_cmp(const void *x, const void *y, void *payload)
{
	const struct sort_ctx *c = payload;
	const struct cc_sales_hit *a = x, *b = y;
	double va = sort_value(c, a), vb = sort_value(c, b);
	if (va != vb)
		return va < vb ? 1 : -1;
	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return strcmp(c->snap->a[a->asset].row->path, c->snap->a[b->asset].row->path);
}

static int count_cmp(const void *x, const void *y)
{
	const struct cc_facet_count *a = x, *b = y;
	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return strcmp(a->value, b->value);
}

static void add_count(struct cc_sales_result *r, int f, const char *value, size_t *alloc)
{
	for (size_t i = 0; i < r->nfacets[f]; i++)
		if (!strcmp(r->facets[f][i].value, value)) {
			r->facets[f][i].count++;
			return;
		}
	CC_GROW(r->facets[f], *alloc, r->nfacets[f] + 1);
	struct cc_facet_count *c = &r->facets[f][r->nfacets[f]++];
	c->value = cc_xstrdup(value);
	c->count = 1;
	c->selected = false;
	for (size_t i = 0; i < r->selected[f].n && !c->selected; i++)
		c->selected = f >= CC_NVOCAB_FACETS ? !strcasecmp(r->selected[f].v[i], value)
						    : !strcmp(r->selected[f].v[i], value);
}

int cc_sales_search(struct cc_sales_result *out, const struct cc_sales *s, struct cc_db *db,
		    const struct cc_config *cfg, const struct cc_sales_query *q)
{
	struct cc_strlist words = {0}, text = {0};
	struct cc_buf norm = CC_BUF_INIT, expr = CC_BUF_INIT;
	struct cand *cand = cc_xcalloc(s->n ? s->n : 1, sizeof(*cand));
	size_t nmatched = 0;
	long limit = q->limit > 0 ? q->limit : 20, offset = q->offset > 0 ? q->offset : 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	/* Ticked values: people as written (trimmed), the others canonical. */
	for (int f = CC_NVOCAB_FACETS; f < CC_NFACETS; f++)
		for (size_t i = 0; i < q->want[f].n; i++) {
			struct cc_buf t = CC_BUF_INIT;
			const char *v = q->want[f].v[i];
			while (*v == ' ' || *v == '\t')
				v++;
			cc_buf_adds(&t, v);
			cc_buf_rtrim(&t);
			if (t.len)
				add_unique(&out->selected[f], t.buf);
			cc_buf_release(&t);
		}
	for (int f = 0; f < CC_NVOCAB_FACETS; f++)
		for (size_t i = 0; i < q->want[f].n; i++) {
			const char *canon = NULL;
			char *clean = cc_vocab_clean(q->want[f].v[i]);
			const struct cc_vocab *v = facet_vocab(cfg, f);
			if (v->n && cc_vocab_lookup(v, clean, &canon) >= 0)
				add_unique(&out->selected[f], canon);
			else if (!v->n && *clean)
				add_unique(&out->selected[f], clean);
			free(clean);
		}
	/* Words: vocabulary (two words joined by '-' first), stop words, text. */
	split_words(&words, q->q);
	for (size_t i = 0; i < words.n; i++) {
		const char *canon = NULL;
		int f = -1;
		if (i + 1 < words.n) {
			char *two = cc_xstrdup(words.v[i]);
			struct cc_buf b = CC_BUF_INIT;
			cc_buf_addf(&b, "%s-%s", two, words.v[i + 1]);
			if ((f = vocab_word(cfg, b.buf, &canon)) >= 0)
				i++;
			cc_buf_release(&b);
			free(two);
		}
		if (f < 0)
			f = vocab_word(cfg, words.v[i], &canon);
		if (f >= 0) {
			add_unique(&out->from_query[f], canon);
			add_unique(&out->selected[f], canon);
		} else if (cc_sales_stop_word(words.v[i])) {
			add_unique(&out->ignored, words.v[i]);
		} else {
			cc_strlist_add(&text, words.v[i]);
			if (norm.len)
				cc_buf_addch(&norm, ' ');
			cc_buf_adds(&norm, words.v[i]);
		}
	}
	out->normalised = cc_xstrdup(norm.buf);
	if (text.n) {
		if (fts_match(db, s, &text, false, cand, &nmatched, &expr) < 0)
			goto cleanup;
		if (!nmatched && text.n > 1) {
			out->fallback = true;
			if (fts_match(db, s, &text, true, cand, &nmatched, &expr) < 0)
				goto cleanup;
		}
	} else {
		for (size_t i = 0; i < s->n; i++)
			cand[i].matched = true;
	}
	/* Offered, then facet counts, then the results. */
	double best = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (!cand[i].matched)
			continue;
		if (s->a[i].verdict.offer != CC_SERVE_LIVE && !q->include_stale) {
			if (passes(&s->a[i], out, -1))
				out->withheld++;
			cand[i].matched = false;
			continue;
		}
		if (-cand[i].bm25 > best)
			best = -cand[i].bm25;
	}
	size_t falloc[CC_NFACETS] = {0};
	struct cc_sales_hit *all = NULL;
	size_t nall = 0, aall = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (!cand[i].matched)
			continue;
		const struct cc_sales_asset *a = &s->a[i];
		for (int f = 0; f < CC_NFACETS; f++) {
			if (!passes(a, out, f))
				continue;
			if (f == CC_FACET_FORMAT) {
				if (*a->row->format)
					add_count(out, f, a->row->format, &falloc[f]);
			} else if (f >= CC_NVOCAB_FACETS) {
				const struct cc_strlist *l = people_of(a->row, f);
				for (size_t k = 0; k < l->n; k++)
					add_count(out, f, l->v[k], &falloc[f]);
			} else {
				for (size_t k = 0; k < a->row->tags[f].n; k++)
					add_count(out, f, a->row->tags[f].v[k], &falloc[f]);
			}
		}
		if (!passes(a, out, -1))
			continue;
		CC_GROW(all, aall, nall + 1);
		struct cc_sales_hit *h = &all[nall++];
		memset(h, 0, sizeof(*h));
		h->asset = i;
		h->text = text.n && best > 0 ? -cand[i].bm25 / best : 0;
		h->score = cc_search_blend(cfg, h->text, a->has_data ? a->percentile / 100.0 : 0, a->fresh);
	}
	for (int f = 0; f < CC_NFACETS; f++) {
		/* A ticked value with no result still shows, with 0. */
		for (size_t k = 0; k < out->selected[f].n; k++) {
			bool found = false;
			for (size_t j = 0; j < out->nfacets[f] && !found; j++)
				found = f >= CC_NVOCAB_FACETS ? !strcasecmp(out->facets[f][j].value, out->selected[f].v[k])
							      : !strcmp(out->facets[f][j].value, out->selected[f].v[k]);
			if (!found) {
				add_count(out, f, out->selected[f].v[k], &falloc[f]);
				out->facets[f][out->nfacets[f] - 1].count = 0;
			}
		}
		if (out->nfacets[f] > 1)
			qsort(out->facets[f], out->nfacets[f], sizeof(*out->facets[f]), count_cmp);
	}
	struct sort_ctx sc = {s, q->sort};
	if (nall > 1)
		qsort_r(all, nall, sizeof(*all), hit_cmp, &sc);
	out->total = nall;
	for (size_t i = (size_t)offset; i < nall && out->n < (size_t)limit; i++) {
		CC_GROW(out->v, out->alloc, out->n + 1);
		out->v[out->n++] = all[i];
	}
	free(all);
	/* Highlights in the summary, for the page only: the summary is what a
	 * seller reads. Marked here, not by FTS5 (a highlight query per row
	 * costs more than the search). */
	for (size_t i = 0; text.n && i < out->n; i++)
		out->v[i].snippet = mark_terms(s->a[out->v[i].asset].row->summary, &text);
	ret = 0;
cleanup:
	free(cand);
	cc_strlist_clear(&words);
	cc_strlist_clear(&text);
	cc_buf_release(&norm);
	cc_buf_release(&expr);
	return ret;
}

void cc_sales_result_release(struct cc_sales_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].snippet);
	free(r->v);
	free(r->normalised);
	for (int f = 0; f < CC_NFACETS; f++) {
		cc_strlist_clear(&r->from_query[f]);
		cc_strlist_clear(&r->selected[f]);
		for (size_t i = 0; i < r->nfacets[f]; i++)
			free(r->facets[f][i].value);
		free(r->facets[f]);
	}
	cc_strlist_clear(&r->ignored);
	memset(r, 0, sizeof(*r));
}

void cc_sales_query_release(struct cc_sales_query *q)
{
	for (int f = 0; f < CC_NFACETS; f++)
		cc_strlist_clear(&q->want[f]);
}
