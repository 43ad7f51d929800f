/*
 * relevance.c — decayed, weighted engagement scores and peer-group
 * percentiles (see relevance.h).
 */
#include "relevance.h"
#include "preset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "asset.h"
#include "buf.h"
#include "engagement.h"
#include "influence.h"
#include "problem.h"

double cc_relevance_decay(double age_days, double half_life_days)
{
	return exp2(-age_days / half_life_days);
}

double cc_relevance_weight(const struct cc_config *cfg, const char *metric)
{
	for (size_t i = 0; i < cfg->engagement.nweights; i++)
		if (!strcmp(cfg->engagement.weights[i].metric, metric))
			return cfg->engagement.weights[i].weight;
	/* A canonical count not named in the config has its default weight. */
	const struct cc_metric *m = cc_metric_find(metric);
	if (m && m->kind == CC_METRIC_COUNT)
		return m->weight;
	return -1;
}

const struct cc_relevance *cc_relevance_find(const struct cc_relevance_set *set, int64_t id)
{
	size_t lo = 0, hi = set->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set->v[mid].id < id)
			lo = mid + 1;
		else if (set->v[mid].id > id)
			hi = mid;
		else
			return &set->v[mid];
	}
	return NULL;
}

void cc_relevance_set_release(struct cc_relevance_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		struct cc_relevance *r = &set->v[i];
		for (size_t k = 0; k < r->nterms; k++)
			free(r->terms[k].metric);
		free(r->terms);
		free(r->path);
		free(r->group);
	}
	free(set->v);
	memset(set, 0, sizeof(*set));
}

struct rank_item {
	const char *group;
	double score;
	size_t idx;
};

static int cmp_group_score(const void *a, const void *b)
{
	const struct rank_item *x = a, *y = b;
	int c = strcmp(x->group, y->group);
	if (c)
		return c;
	return x->score < y->score ? -1 : x->score > y->score;
}

/* Sets percentiles for items[0..n), sorted ascending by score, one population. */
static void rank_population(struct cc_relevance_set *set, struct rank_item *items, size_t n,
			    bool fallback)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && items[j].score == items[i].score)
			j++;
		double p = n == 1 ? 100.0 : 100.0 * ((double)i + (double)(j - i - 1) / 2.0) / (double)(n - 1);
		for (size_t k = i; k < j; k++) {
			struct cc_relevance *r = &set->v[items[k].idx];
			r->percentile = p;
			r->fallback = fallback;
			r->group_size = n;
		}
		i = j;
	}
}

void cc_relevance_rank(struct cc_relevance_set *set, char **groups, int min_sample)
{
	struct rank_item *items = cc_xcalloc(set->n ? set->n : 1, sizeof(*items));
	struct rank_item *all = cc_xcalloc(set->n ? set->n : 1, sizeof(*all));
	size_t n = 0, nall = 0;

	for (size_t i = 0; i < set->n; i++) {
		struct cc_relevance *r = &set->v[i];
		free(r->group);
		r->group = cc_xstrdup(groups[i] ? groups[i] : "-");
		r->percentile = 0;
		r->fallback = false;
		r->group_size = 0;
		if (!r->has_data)
			continue;
		items[n++] = (struct rank_item){r->group, r->score, i};
		all[nall++] = (struct rank_item){"", r->score, i};
	}
	qsort(items, n, sizeof(*items), cmp_group_score);
	qsort(all, nall, sizeof(*all), cmp_group_score);
	bool any_small = false;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && !strcmp(items[j].group, items[i].group))
			j++;
		if (j - i >= (size_t)min_sample)
			rank_population(set, items + i, j - i, false);
		else
			any_small = true;
		i = j;
	}
	if (any_small) {
		/* Rank everyone within all, then keep that only for small groups. */
		double *keep = cc_xcalloc(set->n ? set->n : 1, sizeof(double));
		size_t *keep_size = cc_xcalloc(set->n ? set->n : 1, sizeof(size_t));
		bool *small = cc_xcalloc(set->n ? set->n : 1, sizeof(bool));
		for (size_t i = 0; i < n;) {
			size_t j = i;
			while (j < n && !strcmp(items[j].group, items[i].group))
				j++;
			if (j - i < (size_t)min_sample)
				for (size_t k = i; k < j; k++)
					small[items[k].idx] = true;
			i = j;
		}
		for (size_t i = 0; i < set->n; i++) {
			keep[i] = set->v[i].percentile;
			keep_size[i] = set->v[i].group_size;
		}
		rank_population(set, all, nall, true);
		for (size_t i = 0; i < set->n; i++) {
			if (small[i] || !set->v[i].has_data)
				continue;
			set->v[i].percentile = keep[i];
			set->v[i].group_size = keep_size[i];
			set->v[i].fallback = false;
		}
		free(keep);
		free(keep_size);
		free(small);
	}
	free(items);
	free(all);
}

/* The group key of each asset, from engagement.group_by. */
static int load_groups(struct cc_db *db, const struct cc_config *cfg, struct cc_relevance_set *set,
		       char **formats, char ***out)
{
	/* first tag per asset and dimension */
	char **first[CC_DIM_COUNT];
	sqlite3_stmt *st = NULL;
	int rc;
	for (int d = 0; d < CC_DIM_COUNT; d++)
		first[d] = cc_xcalloc(set->n ? set->n : 1, sizeof(char *));
	/* The first tag of a dimension is the one with the lowest ord. */
	int *ord[CC_DIM_COUNT];
	for (int d = 0; d < CC_DIM_COUNT; d++)
		ord[d] = cc_xcalloc(set->n ? set->n : 1, sizeof(int));
	const char *spec = cfg->engagement.group_by && *cfg->engagement.group_by ? cfg->engagement.group_by : "stage";
	/* Only the dimensions the groups use (usually just stage). */
	struct cc_buf q = CC_BUF_INIT;
	/* "+dimension": a scan of the table, in key order, reads a tenth of what
	 * one lookup per entry of the (dimension, value) index does. */
	cc_buf_adds(&q, "SELECT asset, dimension, ord, value FROM asset_tags WHERE +dimension IN (''");
	for (int d = 0; d < CC_DIM_COUNT; d++)
		if (strstr(spec, cc_dim_name((enum cc_dim)d)))
			cc_buf_addf(&q, ", '%s'", cc_dim_name((enum cc_dim)d));
	cc_buf_adds(&q, ")");
	rc = cc_db_prepare(db, &st, q.buf);
	cc_buf_release(&q);
	if (rc < 0) {
		for (int d = 0; d < CC_DIM_COUNT; d++)
			free(ord[d]);
		goto fail;
	}
	/* Any order (the index on dimension, value leads): positions by binary search. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const struct cc_relevance *hit = cc_relevance_find(set, sqlite3_column_int64(st, 0));
		if (!hit)
			continue;
		size_t pos = (size_t)(hit - set->v);
		int d = cc_dim_parse((const char *)sqlite3_column_text(st, 1));
		int o = sqlite3_column_int(st, 2);
		if (d < 0 || (first[d][pos] && ord[d][pos] <= o))
			continue;
		free(first[d][pos]);
		first[d][pos] = cc_xstrdup((const char *)sqlite3_column_text(st, 3));
		ord[d][pos] = o;
	}
	for (int d = 0; d < CC_DIM_COUNT; d++)
		free(ord[d]);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "reading tags");
		goto fail;
	}
	char **groups = cc_xcalloc(set->n ? set->n : 1, sizeof(char *));
	for (size_t i = 0; i < set->n; i++) {
		struct cc_buf b = CC_BUF_INIT;
		const char *s = spec;
		while (*s) {
			size_t n = strcspn(s, ",");
			const char *v = NULL;
			if (n == 6 && !strncmp(s, "format", 6))
				v = formats[i] && *formats[i] ? formats[i] : NULL;
			else if (n == 5 && !strncmp(s, "stage", 5))
				v = first[CC_DIM_STAGE][i];
			else if (n == 7 && !strncmp(s, "persona", 7))
				v = first[CC_DIM_PERSONA][i];
			else if (n == 5 && !strncmp(s, "topic", 5))
				v = first[CC_DIM_TOPIC][i];
			if (b.len)
				cc_buf_addch(&b, '/');
			cc_buf_adds(&b, v ? v : "-");
			s += n + (s[n] == ',');
		}
		groups[i] = cc_buf_detach(&b, NULL);
	}
	*out = groups;
	for (int d = 0; d < CC_DIM_COUNT; d++) {
		for (size_t i = 0; i < set->n; i++)
			free(first[d][i]);
		free(first[d]);
	}
	return 0;
fail:
	for (int d = 0; d < CC_DIM_COUNT; d++) {
		for (size_t i = 0; i < set->n; i++)
			free(first[d][i]);
		free(first[d]);
	}
	return -1;
}

struct path_pos {
	const char *path;
	size_t idx;
};

static int cmp_path_pos(const void *a, const void *b)
{
	return strcmp(((const struct path_pos *)a)->path, ((const struct path_pos *)b)->path);
}

/* ---- per-(asset, metric) sums: scanned, or read from the cache ---- */

struct sum {
	int64_t asset;    /* eng.assets id */
	const char *metric; /* interned in struct sums */
	double raw, decayed; /* decayed: at the as-of day asked for */
	int64_t last_day;
};

struct sums {
	struct sum *v;
	size_t n, alloc;
	char **metrics; /* distinct metric names, owned */
	size_t nmetrics, ametrics;
};

static const char *intern(struct sums *s, const char *m)
{
	for (size_t i = 0; i < s->nmetrics; i++)
		if (!strcmp(s->metrics[i], m))
			return s->metrics[i];
	CC_GROW(s->metrics, s->ametrics, s->nmetrics + 1);
	return s->metrics[s->nmetrics++] = cc_xstrdup(m);
}

static void sums_release(struct sums *s)
{
	for (size_t i = 0; i < s->nmetrics; i++)
		free(s->metrics[i]);
	free(s->metrics);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/*
 * The exact scan: one pass over eng.engagement in key order (asset, metric,
 * day, source), summing the rows with day <= as_of. Also finds the latest
 * data day <= as_of (*ref, or as_of when none) and the first data day after
 * it (*next, or INT64_MAX when none): the sums hold for any as-of in
 * [*ref, *next), decayed further by 2^(−Δ/h).
 */
static int scan_sums(struct cc_db *db, int64_t as_of, double hl, struct sums *out, int64_t *ref,
		     int64_t *next)
{
	sqlite3_stmt *st = NULL;
	double *decay = NULL;
	int64_t ndecay = 0, cur_asset = -1, latest = INT64_MIN;
	const char *cur_metric = NULL;
	struct sum *cur = NULL;
	int rc;

	*next = INT64_MAX;
	/* The local engagement file, then the exports committed in the repository
	 * (their asset ids negated: c_assets ids are another sequence). */
	bool committed = cc_engagement_committed_present(db);
	if (cc_db_prepare(db, &st, committed ? "SELECT asset, metric, day, value, days FROM eng.engagement "
					       "UNION ALL SELECT -asset, metric, day, value, days FROM c_engagement"
					     : "SELECT asset, metric, day, value, days FROM eng.engagement") < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t day = sqlite3_column_int64(st, 2);
		int64_t days = sqlite3_column_int64(st, 4);
		if (days < 1)
			days = 1;
		if (day > as_of) {
			if (day < *next)
				*next = day;
			continue;
		}
		const char *m = (const char *)sqlite3_column_text(st, 1);
		if (cc_metric_is_gauge(m))
			continue; /* rates, averages, positions: never summed into a score */
		/* A period total counts as spread evenly over its days; the days
		 * after as_of do not count yet. */
		int64_t last = day + days - 1, end = last <= as_of ? last : as_of;
		if (last > as_of && as_of + 1 < *next)
			*next = as_of + 1;
		if (end > latest)
			latest = end;
		int64_t a = sqlite3_column_int64(st, 0);
		if (!cur || a != cur_asset || strcmp(cur_metric, m)) {
			CC_GROW(out->v, out->alloc, out->n + 1);
			cur = &out->v[out->n++];
			memset(cur, 0, sizeof(*cur));
			cur->asset = cur_asset = a;
			cur->metric = cur_metric = intern(out, m);
			cur->last_day = -1;
		}
		double v = sqlite3_column_double(st, 3);
		int64_t age = as_of - day;
		if (age >= ndecay) {
			int64_t want = age + 1 > 4096 ? age + 1 : 4096;
			decay = cc_xrealloc(decay, (size_t)want * sizeof(double));
			for (int64_t k = ndecay; k < want; k++)
				decay[k] = cc_relevance_decay((double)k, hl);
			ndecay = want;
		}
		if (days == 1) {
			cur->raw += v;
			cur->decayed += v * decay[age];
		} else {
			double share = v / (double)days, d = 0;
			for (int64_t k = as_of - end; k <= age; k++)
				d += decay[k];
			cur->raw += share * (double)(end - day + 1);
			cur->decayed += share * d;
		}
		if (end > cur->last_day)
			cur->last_day = end;
	}
	sqlite3_finalize(st);
	free(decay);
	if (rc != SQLITE_DONE)
		return cc_db_error(db, "reading engagement");
	*ref = latest == INT64_MIN ? as_of : latest;
	return 0;
}

static const char cache_sql[] =
	"CREATE TABLE IF NOT EXISTS relevance_cache(slot INTEGER PRIMARY KEY, data TEXT NOT NULL,\n"
	"  half_life REAL NOT NULL, ref INTEGER NOT NULL, next INTEGER NOT NULL);\n"
	"CREATE INDEX IF NOT EXISTS relevance_cache_key ON relevance_cache(data, half_life, ref);\n"
	"CREATE TABLE IF NOT EXISTS relevance_sums(slot INTEGER NOT NULL, asset INTEGER NOT NULL,\n"
	"  metric TEXT NOT NULL, raw REAL NOT NULL, decayed REAL NOT NULL, last_day INTEGER NOT NULL,\n"
	"  PRIMARY KEY(slot, asset, metric)) WITHOUT ROWID;\n";

/* Cache slots kept per index (a few as-of ranges: today's, a CI job's fixed --as-of, …). */
#define CACHE_SLOTS 4

static bool cache_tables(struct cc_db *db)
{
	sqlite3_stmt *st = NULL;
	int have = 0;
	if (sqlite3_prepare_v2(db->db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
				       "('relevance_cache', 'relevance_cache_key', 'relevance_sums')",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return have == 3;
}

/*
 * Reads the cached sums that hold for as_of into out, decayed to as_of.
 * Returns 1 on a hit, 0 on a miss (no table, no slot), -1 on an error.
 */
static int cache_load(struct cc_db *db, const char *data, double hl, int64_t as_of, struct sums *out)
{
	sqlite3_stmt *st = NULL;
	int64_t slot = -1, ref = 0;
	int rc;

	if (!cache_tables(db))
		return 0;
	if (cc_db_prepare(db, &st, "SELECT slot, ref FROM relevance_cache WHERE data = ?1 AND half_life = ?2 "
				   "AND ref <= ?3 AND next > ?3 ORDER BY ref DESC LIMIT 1") < 0)
		return -1;
	sqlite3_bind_text(st, 1, data, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 2, hl);
	sqlite3_bind_int64(st, 3, as_of);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		slot = sqlite3_column_int64(st, 0);
		ref = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : cc_db_error(db, "reading the relevance cache");
	double f = cc_relevance_decay((double)(as_of - ref), hl);
	if (cc_db_prepare(db, &st, "SELECT asset, metric, raw, decayed, last_day FROM relevance_sums "
				   "WHERE slot = ?1 ORDER BY asset, metric") < 0)
		return -1;
	sqlite3_bind_int64(st, 1, slot);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		CC_GROW(out->v, out->alloc, out->n + 1);
		struct sum *x = &out->v[out->n++];
		x->asset = sqlite3_column_int64(st, 0);
		x->metric = intern(out, (const char *)sqlite3_column_text(st, 1));
		x->raw = sqlite3_column_double(st, 2);
		x->decayed = sqlite3_column_double(st, 3) * f;
		x->last_day = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 1 : cc_db_error(db, "reading the relevance cache");
}

/*
 * Stores scanned sums (decayed to as_of) as a slot for [ref, next), dropping
 * slots of other data or half-lives and, beyond CACHE_SLOTS, the oldest
 * history slots: the open-ended slot (as-of after the data, the usual case)
 * is never pushed out by history views.
 * A failure (a locked or read-only index) only costs the next run a scan:
 * it is not an error.
 */
static void cache_store(struct cc_db *db, const char *data, double hl, int64_t as_of, int64_t ref,
			int64_t next, const struct sums *s)
{
	sqlite3_stmt *st = NULL;
	int64_t slot;
	/* Sums at as_of, referred back to ref: no data lies in (ref, as_of]. */
	double f = exp2((double)(as_of - ref) / hl);

	if (sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return;
	if (sqlite3_exec(db->db, cache_sql, NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(db->db, "DELETE FROM relevance_sums WHERE slot IN (SELECT slot FROM relevance_cache "
				       "WHERE data IS NOT ?1 OR half_life IS NOT ?2 OR (next < ?4 AND slot NOT IN (SELECT slot "
				       "FROM relevance_cache WHERE next < ?4 ORDER BY slot DESC LIMIT ?3)))"
				       , -1, &st, NULL) != SQLITE_OK)
		goto fail;
	for (int k = 0; k < 2; k++) {
		sqlite3_bind_text(st, 1, data, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 2, hl);
		sqlite3_bind_int(st, 3, CACHE_SLOTS - 2);
		sqlite3_bind_int64(st, 4, INT64_MAX);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		sqlite3_finalize(st);
		st = NULL;
		if (k == 0 &&
		    sqlite3_prepare_v2(db->db, "DELETE FROM relevance_cache WHERE data IS NOT ?1 OR half_life IS NOT ?2 "
					       "OR (next < ?4 AND slot NOT IN (SELECT slot FROM relevance_cache WHERE next < ?4 "
					       "ORDER BY slot DESC LIMIT ?3))",
				       -1, &st, NULL) != SQLITE_OK)
			goto fail;
	}
	if (sqlite3_prepare_v2(db->db, "INSERT INTO relevance_cache(data, half_life, ref, next) VALUES (?1, ?2, ?3, ?4)",
			       -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, data, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 2, hl);
	sqlite3_bind_int64(st, 3, ref);
	sqlite3_bind_int64(st, 4, next);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	slot = sqlite3_last_insert_rowid(db->db);
	if (sqlite3_prepare_v2(db->db, "INSERT INTO relevance_sums(slot, asset, metric, raw, decayed, last_day) "
				       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, slot);
	for (size_t i = 0; i < s->n; i++) {
		sqlite3_bind_int64(st, 2, s->v[i].asset);
		sqlite3_bind_text(st, 3, s->v[i].metric, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 4, s->v[i].raw);
		sqlite3_bind_double(st, 5, s->v[i].decayed * f);
		sqlite3_bind_int64(st, 6, s->v[i].last_day);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return;
	st = NULL;
fail:
	sqlite3_finalize(st);
	cc_db_rollback(db);
}

/* The sums as of as_of: from the cache when it holds them, else scanned (and cached). */
static int relevance_sums(struct cc_db *db, const struct cc_config *cfg, int64_t as_of, bool use_cache,
			  struct sums *out)
{
	double hl = cfg->engagement.half_life_days > 0 ? cfg->engagement.half_life_days : 90;
	char *data = NULL;
	int64_t ref = 0, next = 0;
	int r;
	/* One read transaction: the data version, the slot and its rows agree. */
	bool own_tx = sqlite3_get_autocommit(db->db) && use_cache;

	if (own_tx && cc_db_exec(db, "BEGIN") < 0)
		return -1;
	if (use_cache) {
		if (cc_engagement_version(db, &data) < 0) {
			r = -1;
			goto done;
		}
		r = cache_load(db, data, hl, as_of, out);
		if (r != 0) {
			r = r < 0 ? -1 : 0;
			goto done;
		}
	}
	r = scan_sums(db, as_of, hl, out, &ref, &next);
	if (own_tx) {
		cc_db_rollback(db); /* only read so far */
		own_tx = false;
	}
	if (r == 0 && use_cache) {
		/* Never wait for another writer for the sake of a cache. */
		sqlite3_busy_timeout(db->db, 0);
		cache_store(db, data, hl, as_of, ref, next, out);
		sqlite3_busy_timeout(db->db, CC_BUSY_TIMEOUT_MS);
	}
done:
	if (own_tx)
		cc_db_rollback(db);
	free(data);
	return r;
}

static int compute(struct cc_db *db, const struct cc_config *cfg, int64_t as_of, bool use_cache,
		   struct cc_relevance_set *out);

int cc_relevance_compute(struct cc_db *db, const struct cc_config *cfg, int64_t as_of,
			 struct cc_relevance_set *out)
{
	return compute(db, cfg, as_of, true, out);
}

int cc_relevance_compute_exact(struct cc_db *db, const struct cc_config *cfg, int64_t as_of,
			       struct cc_relevance_set *out)
{
	return compute(db, cfg, as_of, false, out);
}

static int cmp_term(const void *a, const void *b)
{
	return strcmp(((const struct cc_relevance_term *)a)->metric,
		      ((const struct cc_relevance_term *)b)->metric);
}

static int compute(struct cc_db *db, const struct cc_config *cfg, int64_t as_of, bool use_cache,
		   struct cc_relevance_set *out)
{
	sqlite3_stmt *st = NULL;
	char **formats = NULL, **groups = NULL;
	int64_t *eng_to_idx = NULL, *c_to_idx = NULL;
	size_t neng = 0, nc = 0, aformats = 0;
	struct sums sums = {0};
	int rc, ret = -1;

	out->as_of = as_of;
	if (cc_db_prepare(db, &st, "SELECT id, path, format FROM assets ORDER BY id") < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		CC_GROW(out->v, out->alloc, out->n + 1);
		size_t fa = out->n;
		struct cc_relevance *r = &out->v[out->n++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->path = cc_xstrdup((const char *)sqlite3_column_text(st, 1));
		r->last_day = -1;
		CC_GROW(formats, aformats, out->n); /* geometric: one realloc per row was quadratic */
		formats[fa] = cc_xstrdup((const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "reading assets");
		goto cleanup;
	}

	/* eng.assets ids → positions in out, through the paths (sorted, binary search). */
	{
		struct path_pos *byp = cc_xcalloc(out->n ? out->n : 1, sizeof(*byp));
		for (size_t i = 0; i < out->n; i++)
			byp[i] = (struct path_pos){out->v[i].path, i};
		qsort(byp, out->n, sizeof(*byp), cmp_path_pos);
		if (cc_db_prepare(db, &st, "SELECT id, path FROM eng.assets ORDER BY id") < 0) {
			free(byp);
			goto cleanup;
		}
		size_t alloc = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			const char *path = (const char *)sqlite3_column_text(st, 1);
			size_t lo = 0, hi = out->n;
			int64_t found = -1;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				int c = strcmp(byp[mid].path, path);
				if (c < 0)
					lo = mid + 1;
				else if (c > 0)
					hi = mid;
				else {
					found = (int64_t)byp[mid].idx;
					break;
				}
			}
			if (id >= (int64_t)neng) {
				size_t want = (size_t)id + 1;
				size_t old = alloc;
				CC_GROW(eng_to_idx, alloc, want);
				for (size_t k = old; k < alloc; k++)
					eng_to_idx[k] = -1;
				neng = want;
			}
			eng_to_idx[id] = found;
		}
		sqlite3_finalize(st);
		st = NULL;
		free(byp);
		if (rc != SQLITE_DONE) {
			cc_db_error(db, "reading engagement assets");
			goto cleanup;
		}
	}

	/* c_assets ids (committed exports) → positions, the same way. */
	if (cc_engagement_committed_present(db)) {
		sqlite3_stmt *cs = NULL;
		size_t alloc = 0;
		if (cc_db_prepare(db, &cs, "SELECT c.id, a.rowid FROM c_assets c LEFT JOIN "
					   "(SELECT id AS rowid, path FROM assets) a ON a.path = c.path") < 0)
			goto cleanup;
		while ((rc = sqlite3_step(cs)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(cs, 0);
			int64_t aid = sqlite3_column_type(cs, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64(cs, 1);
			if (id < 0)
				continue;
			if ((size_t)id >= nc) {
				size_t old = alloc;
				CC_GROW(c_to_idx, alloc, (size_t)id + 1);
				for (size_t k = old; k < alloc; k++)
					c_to_idx[k] = -1;
				nc = (size_t)id + 1;
			}
			/* out is sorted by id: find the position */
			int64_t pos = -1;
			size_t lo = 0, hi = out->n;
			while (aid >= 0 && lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (out->v[mid].id < aid)
					lo = mid + 1;
				else if (out->v[mid].id > aid)
					hi = mid;
				else {
					pos = (int64_t)mid;
					break;
				}
			}
			c_to_idx[id] = pos;
		}
		sqlite3_finalize(cs);
		if (rc != SQLITE_DONE) {
			cc_db_error(db, "reading committed engagement assets");
			goto cleanup;
		}
	}
	if (relevance_sums(db, cfg, as_of, use_cache, &sums) < 0)
		goto cleanup;
	/* The sums come in (asset, metric) order: each asset's terms by metric name. */
	for (size_t i = 0; i < sums.n; i++) {
		const struct sum *x = &sums.v[i];
		int64_t pos = -1;
		if (x->asset >= 0 && x->asset < (int64_t)neng)
			pos = eng_to_idx[x->asset];
		else if (x->asset < 0 && -x->asset < (int64_t)nc)
			pos = c_to_idx[-x->asset];
		if (pos < 0)
			continue; /* engagement for an asset no longer indexed */
		struct cc_relevance *r = &out->v[pos];
		/* Local and committed figures of one metric add up into one term. */
		struct cc_relevance_term *term = NULL;
		for (size_t k = 0; k < r->nterms && !term; k++)
			if (!strcmp(r->terms[k].metric, x->metric))
				term = &r->terms[k];
		if (!term) {
			r->terms = cc_xrealloc(r->terms, (r->nterms + 1) * sizeof(*r->terms));
			term = &r->terms[r->nterms++];
			memset(term, 0, sizeof(*term));
			term->metric = cc_xstrdup(x->metric);
			double w = cc_relevance_weight(cfg, x->metric);
			term->weighted = w >= 0;
			term->weight = w >= 0 ? w : 0;
		}
		term->raw += x->raw;
		term->decayed += x->decayed;
		r->has_data = true;
		if (x->last_day > r->last_day)
			r->last_day = x->last_day;
	}
	/* Influenced pipeline, when influence.relevance_weight asks for it (influence.h). */
	if (cc_influence_feed(db, cfg, as_of, out) < 0)
		goto cleanup;
	for (size_t i = 0; i < out->n; i++) {
		struct cc_relevance *r = &out->v[i];
		if (r->nterms > 1)
			qsort(r->terms, r->nterms, sizeof(*r->terms), cmp_term);
		r->score = 0;
		for (size_t k = 0; k < r->nterms; k++) {
			r->terms[k].contribution = r->terms[k].weight * r->terms[k].decayed;
			r->score += r->terms[k].contribution;
		}
	}
	if (load_groups(db, cfg, out, formats, &groups) < 0)
		goto cleanup;
	cc_relevance_rank(out, groups, cfg->engagement.min_sample > 0 ? cfg->engagement.min_sample : 1);
	ret = 0;
cleanup:
	sqlite3_finalize(st);
	for (size_t i = 0; i < out->n; i++) {
		free(formats ? formats[i] : NULL);
		free(groups ? groups[i] : NULL);
	}
	free(formats);
	free(groups);
	free(eng_to_idx);
	free(c_to_idx);
	sums_release(&sums);
	return ret;
}

int cc_relevance_check_weights(struct cc_db *db, const struct cc_config *cfg, const char *path,
			       struct cc_problems *out)
{
	sqlite3_stmt *st = NULL;
	int rc;
	bool local = sqlite3_db_filename(db->db, "eng") != NULL;
	bool committed = cc_engagement_committed_present(db);
	if (!local && !committed)
		return 0;
	if (cc_db_prepare(db, &st, local && committed
				   ? "SELECT name FROM eng.metrics UNION SELECT name FROM c_metrics ORDER BY 1"
				   : local ? "SELECT name FROM eng.metrics ORDER BY name"
					   : "SELECT name FROM c_metrics ORDER BY name") < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		if (cc_metric_is_gauge(m) || cc_relevance_weight(cfg, m) >= 0)
			continue;
		cc_problems_add(out, path, 0, 0, CC_SEV_WARNING, "unweighted-metric",
				"metric '%s' holds engagement data but has weight 0 (no weight "
				"configured): give it one under engagement.weights, or it never counts", m);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cc_db_error(db, "reading the engagement metrics");
}
