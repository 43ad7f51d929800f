/*
 * fulltext.c — the FTS5 table over asset_text, query translation, and the
 * blended ranking (see fulltext.h).
 */
#include "fulltext.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "crm.h"
#include "engagement.h"
#include "problem.h"
#include "query.h"

static const char fts_sql[] =
	"CREATE VIRTUAL TABLE assets_fts USING fts5(title, summary, body, content='asset_text',\n"
	"  content_rowid='asset', tokenize='porter unicode61 remove_diacritics 2');\n"
	"CREATE TRIGGER asset_text_fts_ai AFTER INSERT ON asset_text BEGIN\n"
	"  INSERT INTO assets_fts(rowid, title, summary, body) VALUES (new.asset, new.title, new.summary, new.body);\n"
	"END;\n"
	"CREATE TRIGGER asset_text_fts_ad AFTER DELETE ON asset_text BEGIN\n"
	"  INSERT INTO assets_fts(assets_fts, rowid, title, summary, body)\n"
	"    VALUES ('delete', old.asset, old.title, old.summary, old.body);\n"
	"END;\n"
	"CREATE TRIGGER asset_text_fts_au AFTER UPDATE ON asset_text BEGIN\n"
	"  INSERT INTO assets_fts(assets_fts, rowid, title, summary, body)\n"
	"    VALUES ('delete', old.asset, old.title, old.summary, old.body);\n"
	"  INSERT INTO assets_fts(rowid, title, summary, body) VALUES (new.asset, new.title, new.summary, new.body);\n"
	"END;\n"
	"INSERT INTO assets_fts(assets_fts) VALUES ('rebuild');\n";

int cc_search_ensure(struct cc_db *db)
{
	sqlite3_stmt *st = NULL;
	int have = 0;
	if (cc_db_prepare(db, &st, "SELECT count(*) FROM sqlite_schema WHERE name IN ('assets_fts', "
				   "'asset_text_fts_ai', 'asset_text_fts_ad', 'asset_text_fts_au')") < 0)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (have == 4)
		return 0;
	if (cc_db_begin(db) < 0)
		return -1;
	if (cc_db_exec(db, "DROP TRIGGER IF EXISTS asset_text_fts_ai; DROP TRIGGER IF EXISTS asset_text_fts_ad;"
			   "DROP TRIGGER IF EXISTS asset_text_fts_au; DROP TABLE IF EXISTS assets_fts;") < 0 ||
	    cc_db_exec(db, fts_sql) < 0 || cc_db_commit(db) < 0) {
		cc_db_rollback(db);
		return -1;
	}
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* True when s[0..n) holds something a tokenizer keeps (a letter, digit or non-ASCII). */
static bool has_token(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'))
			return true;
	}
	return false;
}

static void add_term(struct cc_buf *b, const char *col, const char *s, size_t n, bool prefix)
{
	if (col)
		cc_buf_addf(b, "%s : ", col);
	cc_buf_addch(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			cc_buf_addch(b, '"');
		cc_buf_addch(b, s[i]);
	}
	cc_buf_addch(b, '"');
	if (prefix)
		cc_buf_adds(b, " *");
}

int cc_search_translate(const char *query, struct cc_buf *out)
{
	static const char *const cols[] = {"title", "summary", "body", NULL};
	struct cc_buf pos = CC_BUF_INIT, neg = CC_BUF_INIT;
	const char *p = query;
	int npos = 0, nneg = 0;

	while (*p) {
		while (is_space(*p))
			p++;
		if (!*p)
			break;
		bool negate = false, prefix = false;
		const char *col = NULL, *s;
		size_t n;
		if (*p == '-' && p[1] && !is_space(p[1])) {
			negate = true;
			p++;
		}
		for (int i = 0; cols[i]; i++) {
			size_t k = strlen(cols[i]);
			if (!strncasecmp(p, cols[i], k) && p[k] == ':' && p[k + 1] && !is_space(p[k + 1])) {
				col = cols[i];
				p += k + 1;
				break;
			}
		}
		if (*p == '"') {
			s = ++p;
			while (*p && *p != '"')
				p++;
			n = (size_t)(p - s);
			if (*p == '"')
				p++;
			if (*p == '*') {
				prefix = true;
				while (*p == '*')
					p++;
			}
		} else {
			s = p;
			while (*p && !is_space(*p))
				p++;
			n = (size_t)(p - s);
			while (n && s[n - 1] == '*') {
				n--;
				prefix = true;
			}
		}
		if (!has_token(s, n))
			continue;
		if (npos + nneg >= CC_SEARCH_MAX_TERMS) {
			cc_buf_release(&pos);
			cc_buf_release(&neg);
			return cc_error("a search takes at most %d words, phrases and prefixes",
					CC_SEARCH_MAX_TERMS);
		}
		struct cc_buf *b = negate ? &neg : &pos;
		if (negate) {
			cc_buf_adds(b, " NOT ");
			nneg++;
		} else if (npos++) {
			cc_buf_addch(b, ' ');
		}
		add_term(b, col, s, n, prefix);
	}
	int ret = npos;
	if (!npos) {
		ret = nneg ? cc_error("a search needs at least one word that is not excluded with '-'")
			   : cc_error("nothing to search for: give a word, a \"phrase\" or a prefix*");
	} else if (nneg) {
		cc_buf_addf(out, "(%s)%s", pos.buf, neg.buf);
	} else {
		cc_buf_add(out, pos.buf, pos.len);
	}
	cc_buf_release(&pos);
	cc_buf_release(&neg);
	return ret;
}

double cc_search_blend(const struct cc_config *cfg, double text, double relevance, double fresh)
{
	return cfg->search.w_text * text + cfg->search.w_relevance * relevance + cfg->search.w_fresh * fresh;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct cc_search_hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * The priors: what a search needs of every asset besides its text match,
 * as of a day — the relevance percentile, the freshness score and whether
 * it is offered (shown by default) or published (shown with
 * --include-stale, counted as left out otherwise). Computing them reads
 * every asset, its history and its engagement; they are kept in the index
 * (tables search_priors and search_prior_chunks) keyed by everything they depend on: the
 * index run (meta "run", drawn anew by every index run that writes), the
 * engagement data version, the as-of day and the config's blob id.
 */
#define PRIOR_OFFERED 1
#define PRIOR_PUBLISHED 2
struct prior {
	int64_t id;
	double relevance, fresh;
	unsigned char flags;
};
#define PRIOR_SIZE (8 + 8 + 8 + 1)

/*
 * Stored, the priors are split by id into chunks of at most PRIOR_CHUNK
 * (chunk = id >> PRIOR_CHUNK_BITS), each a row of search_prior_chunks small
 * enough for one page: a search reads the chunks of its matches only.
 */
#define PRIOR_CHUNK_BITS 7
#define PRIOR_CHUNK (1 << PRIOR_CHUNK_BITS)

struct priors {
	struct prior *v; /* by id: every prior (computed), or one chunk's (stored) */
	size_t n, alloc;
	sqlite3_stmt *chunks; /* reads a stored chunk; NULL when v holds every prior */
	int64_t chunk;        /* the chunk in v, or -1 */
	struct cc_db *tx;     /* the read transaction the chunks are read in (ended on release) */
};

static bool prior_shows(enum cc_offer o, const struct prior *p)
{
	switch (o) {
	case CC_OFFER_ALL:
		return true;
	case CC_OFFER_STALE:
		return p->flags & PRIOR_PUBLISHED;
	case CC_OFFER_FRESH:
		break;
	}
	return p->flags & PRIOR_OFFERED;
}

/* Decodes packed priors (PRIOR_SIZE bytes each, in id order) into ps->v. */
static void priors_unpack(struct priors *ps, const unsigned char *b, size_t len)
{
	ps->n = 0;
	CC_GROW(ps->v, ps->alloc, len / PRIOR_SIZE + 1);
	for (; len >= PRIOR_SIZE; len -= PRIOR_SIZE, b += PRIOR_SIZE) {
		struct prior *p = &ps->v[ps->n++];
		memcpy(&p->id, b, 8);
		memcpy(&p->relevance, b + 8, 8);
		memcpy(&p->fresh, b + 16, 8);
		p->flags = b[24];
	}
}

/* The prior of asset id, or NULL when the index has no such asset (or its chunk cannot be read). */
static const struct prior *prior_find(struct priors *ps, int64_t id)
{
	if (ps->chunks && id >> PRIOR_CHUNK_BITS != ps->chunk) {
		ps->chunk = id >> PRIOR_CHUNK_BITS;
		ps->n = 0;
		sqlite3_bind_int64(ps->chunks, 1, ps->chunk);
		if (sqlite3_step(ps->chunks) == SQLITE_ROW)
			priors_unpack(ps, sqlite3_column_blob(ps->chunks, 0),
				      (size_t)sqlite3_column_bytes(ps->chunks, 0));
		sqlite3_reset(ps->chunks);
	}
	size_t lo = 0, hi = ps->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ps->v[mid].id < id)
			lo = mid + 1;
		else if (ps->v[mid].id > id)
			hi = mid;
		else
			return &ps->v[mid];
	}
	return NULL;
}

static void priors_release(struct priors *ps)
{
	sqlite3_finalize(ps->chunks);
	if (ps->tx)
		sqlite3_exec(ps->tx->db, "COMMIT", NULL, NULL, NULL);
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

static int priors_compute(struct cc_db *db, const struct cc_config *cfg, int64_t as_of, struct priors *out)
{
	struct cc_relevance_set rel = {0};
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;
	if (cc_relevance_compute(db, cfg, as_of, &rel) < 0)
		return -1;
	if (cc_db_prepare(db, &st, "SELECT a.id, " CC_ROW_LIFECYCLE_COLS " FROM assets a "
				   "LEFT JOIN history h ON h.path = a.path ORDER BY a.id") < 0)
		goto cleanup;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cc_row row = {0};
		struct cc_lifecycle lc;
		cc_row_lifecycle_read(&row, st, 1);
		cc_lifecycle_of(&lc, cfg, &row, as_of);
		CC_GROW(out->v, out->alloc, out->n + 1);
		struct prior *p = &out->v[out->n++];
		p->id = sqlite3_column_int64(st, 0);
		p->fresh = cc_lifecycle_freshness_score(&lc);
		const struct cc_relevance *r = cc_relevance_find(&rel, p->id);
		p->relevance = r && r->has_data ? r->percentile / 100.0 : 0;
		p->flags = (cc_offer_shows(CC_OFFER_FRESH, &lc) ? PRIOR_OFFERED : 0) |
			   (cc_offer_shows(CC_OFFER_STALE, &lc) ? PRIOR_PUBLISHED : 0);
	}
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "reading assets");
		goto cleanup;
	}
	ret = 0;
cleanup:
	sqlite3_finalize(st);
	cc_relevance_set_release(&rel);
	return ret;
}

/* The cache key of the priors now, or NULL when it cannot be told. */
static char *priors_key(struct cc_db *db, const struct cc_config *cfg, int64_t as_of)
{
	char *run = NULL, *data = NULL, *crm = NULL, *key = NULL;
	const uint16_t probe = 1;
	/* Relevance fed by CRM influence (influence.h) depends on the CRM data too. */
	if (cc_db_meta_get(db, "run", &run) == 0 && cc_engagement_version(db, &data) == 0 &&
	    (cfg->influence.relevance_weight <= 0 || cc_crm_version(db, &crm) == 0)) {
		struct cc_buf b = CC_BUF_INIT;
		cc_buf_addf(&b, "v1;%s;run=%s;data=%s;crm=%s;as_of=%lld;config=%s", *(const char *)&probe ? "le" : "be",
			    run ? run : "", data ? data : "", crm ? crm : "", (long long)as_of, cfg->hash);
		key = cc_buf_detach(&b, NULL);
	}
	free(run);
	free(data);
	free(crm);
	return key;
}

/* 1 when the stored priors are those of key (out then reads their chunks on demand), else 0. */
static int priors_load(struct cc_db *db, const char *key, struct priors *out)
{
	sqlite3_stmt *st = NULL;
	int hit = 0;
	/* no table yet, or one of an older layout: a miss */
	if (sqlite3_prepare_v2(db->db, "SELECT key FROM search_priors", -1, &st, NULL) != SQLITE_OK)
		return 0;
	hit = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
	      !strcmp((const char *)sqlite3_column_text(st, 0), key) &&
	      sqlite3_prepare_v2(db->db, "SELECT data FROM search_prior_chunks WHERE chunk = ?1", -1, &out->chunks,
				 NULL) == SQLITE_OK;
	sqlite3_finalize(st);
	out->chunk = -1;
	return hit;
}

/* Stores the priors (by id) in chunks; never waits for a lock, never fails the search. */
static void priors_store(struct cc_db *db, const char *key, const struct priors *ps)
{
	sqlite3_stmt *st = NULL;
	unsigned char blob[PRIOR_CHUNK * PRIOR_SIZE];
	bool ok;
	/* a derived cache: dropped and written again whole, in one savepoint (db.h) */
	ok = cc_db_cache_begin(db, "search_priors", "DROP TABLE IF EXISTS search_priors; "
						    "DROP TABLE IF EXISTS search_prior_chunks; "
						    "CREATE TABLE search_priors(key TEXT NOT NULL); "
						    "CREATE TABLE search_prior_chunks(chunk INTEGER PRIMARY KEY, "
						    "data BLOB NOT NULL)") &&
	     sqlite3_prepare_v2(db->db, "INSERT INTO search_prior_chunks(chunk, data) VALUES (?1, ?2)", -1, &st,
				NULL) == SQLITE_OK;
	for (size_t i = 0; ok && i < ps->n;) {
		int64_t chunk = ps->v[i].id >> PRIOR_CHUNK_BITS;
		size_t len = 0;
		/* ids are unique and in order (priors_compute): at most PRIOR_CHUNK a chunk */
		for (; i < ps->n && ps->v[i].id >> PRIOR_CHUNK_BITS == chunk && len < sizeof(blob);
		     i++, len += PRIOR_SIZE) {
			memcpy(blob + len, &ps->v[i].id, 8);
			memcpy(blob + len + 8, &ps->v[i].relevance, 8);
			memcpy(blob + len + 16, &ps->v[i].fresh, 8);
			blob[len + 24] = ps->v[i].flags;
		}
		sqlite3_bind_int64(st, 1, chunk);
		sqlite3_bind_blob(st, 2, blob, (int)len, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	ok = ok && sqlite3_prepare_v2(db->db, "INSERT INTO search_priors(key) VALUES (?1)", -1, &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	cc_db_cache_end(db, "search_priors", ok);
}

/*
 * The priors as of as_of: the stored ones when they describe the index
 * and the data now (read chunk by chunk in a read transaction that
 * priors_release ends, unless the caller holds one), else computed, and
 * stored when nothing changed meanwhile.
 */
static int priors_get(struct cc_db *db, const struct cc_config *cfg, int64_t as_of, struct priors *out)
{
	/* the key and the chunks read from one snapshot: never half of another run's priors */
	if (sqlite3_get_autocommit(db->db) && sqlite3_exec(db->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK)
		out->tx = db;
	char *key = priors_key(db, cfg, as_of);
	if (key && priors_load(db, key, out)) {
		free(key);
		return 0;
	}
	priors_release(out);
	int r = priors_compute(db, cfg, as_of, out);
	if (r == 0 && key && sqlite3_get_autocommit(db->db)) {
		/* Only what still describes the index and the data once computed. */
		char *again = priors_key(db, cfg, as_of);
		if (again && !strcmp(again, key))
			priors_store(db, key, out);
		free(again);
	}
	free(key);
	return r;
}

int cc_search_warm(struct cc_db *db, const struct cc_config *cfg, int64_t as_of)
{
	struct priors ps = {0};
	int r = priors_get(db, cfg, as_of, &ps);
	priors_release(&ps);
	return r;
}

int cc_search_run(struct cc_db *db, const struct cc_config *cfg, const struct cc_search_options *o,
		  struct cc_search_hits *out)
{
	struct cc_buf expr = CC_BUF_INIT, sql = CC_BUF_INIT;
	struct priors ps = {0};
	sqlite3_stmt *st = NULL, *snip = NULL, *life = NULL;
	int rc, ret = -1, n = 1;
	long limit = o->limit > 0 ? o->limit : 10;

	if (cc_search_translate(o->query, &expr) < 0)
		return -1;
	if (priors_get(db, cfg, o->as_of, &ps) < 0)
		goto cleanup;
	/* The text match alone; everything else about a match is in its prior. */
	cc_buf_adds(&sql, "SELECT rowid, bm25(assets_fts, 10.0, 4.0, 1.0) FROM assets_fts WHERE assets_fts MATCH ?1");
	for (int d = 0; d < CC_DIM_COUNT; d++)
		if (o->tags[d])
			cc_buf_addf(&sql, " AND EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset = assets_fts.rowid "
					  "AND t.dimension = ?%d AND t.value = ?%d)", n + 1, n + 2), n += 2;
	/* in id order (FTS5's own), so that each stored chunk of priors is read once */
	cc_buf_adds(&sql, " ORDER BY rowid");
	if (cc_db_prepare(db, &st, sql.buf) < 0)
		goto cleanup;
	sqlite3_bind_text(st, 1, expr.buf, -1, SQLITE_STATIC);
	n = 1;
	for (int d = 0; d < CC_DIM_COUNT; d++) {
		if (o->tags[d]) {
			sqlite3_bind_text(st, ++n, cc_dim_name((enum cc_dim)d), -1, SQLITE_STATIC);
			sqlite3_bind_text(st, ++n, o->tags[d], -1, SQLITE_STATIC);
		}
	}
	double best = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const struct prior *p = prior_find(&ps, sqlite3_column_int64(st, 0));
		if (!p)
			continue; /* text of no indexed asset */
		if (!prior_shows(o->offer, p)) {
			out->left_out += (p->flags & PRIOR_PUBLISHED) != 0;
			continue;
		}
		CC_GROW(out->v, out->alloc, out->n + 1);
		struct cc_search_hit *h = &out->v[out->n++];
		memset(h, 0, sizeof(*h));
		h->id = p->id;
		h->bm25 = sqlite3_column_double(st, 1);
		h->fresh = p->fresh;
		h->relevance = p->relevance;
		if (-h->bm25 > best)
			best = -h->bm25;
	}
	if (rc != SQLITE_DONE) {
		cc_error("cannot search for '%s': %s", o->query, sqlite3_errmsg(db->db));
		goto cleanup;
	}
	for (size_t i = 0; i < out->n; i++) {
		struct cc_search_hit *h = &out->v[i];
		h->text = best > 0 ? -h->bm25 / best : 0;
		h->score = cc_search_blend(cfg, h->text, h->relevance, h->fresh);
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_hit);
	out->total = out->n;
	if (out->n > (size_t)limit)
		out->n = (size_t)limit;
	/* The lifecycle and the snippet of the hits shown only. */
	if (cc_db_prepare(db, &snip, "SELECT snippet(assets_fts, -1, char(1), char(2), '…', 16) "
				     "FROM assets_fts WHERE assets_fts MATCH ?1 AND rowid = ?2") < 0 ||
	    cc_db_prepare(db, &life, "SELECT " CC_ROW_LIFECYCLE_COLS " FROM assets a "
				     "LEFT JOIN history h ON h.path = a.path WHERE a.id = ?1") < 0)
		goto cleanup;
	sqlite3_bind_text(snip, 1, expr.buf, -1, SQLITE_STATIC);
	for (size_t i = 0; i < out->n; i++) {
		struct cc_search_hit *h = &out->v[i];
		sqlite3_bind_int64(snip, 2, h->id);
		if (sqlite3_step(snip) == SQLITE_ROW && sqlite3_column_text(snip, 0))
			h->snippet = cc_xstrdup((const char *)sqlite3_column_text(snip, 0));
		else
			h->snippet = cc_xstrdup("");
		sqlite3_reset(snip);
		sqlite3_bind_int64(life, 1, h->id);
		if (sqlite3_step(life) == SQLITE_ROW) {
			struct cc_row row = {0};
			cc_row_lifecycle_read(&row, life, 0);
			cc_lifecycle_of(&h->lc, cfg, &row, o->as_of);
		}
		sqlite3_reset(life);
	}
	ret = 0;
cleanup:
	sqlite3_finalize(st);
	sqlite3_finalize(snip);
	sqlite3_finalize(life);
	priors_release(&ps);
	cc_buf_release(&expr);
	cc_buf_release(&sql);
	return ret;
}

void cc_search_hits_release(struct cc_search_hits *hits)
{
	for (size_t i = 0; i < hits->alloc && i < hits->total; i++)
		free(hits->v[i].snippet);
	free(hits->v);
	memset(hits, 0, sizeof(*hits));
}
