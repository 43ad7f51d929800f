/*
 * relevance.c — decayed, weighted engagement scores and peer-group
 * percentiles (see relevance.h).
 */
#include "relevance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "asset.h"
#include "buf.h"
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
	if (cc_db_prepare(db, &st, "SELECT asset, dimension, value FROM asset_tags ORDER BY asset, dimension, ord") < 0)
		goto fail;
	size_t pos = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		while (pos < set->n && set->v[pos].id < id)
			pos++;
		if (pos >= set->n || set->v[pos].id != id)
			continue;
		int d = cc_dim_parse((const char *)sqlite3_column_text(st, 1));
		if (d >= 0 && !first[d][pos])
			first[d][pos] = cc_xstrdup((const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "reading tags");
		goto fail;
	}
	char **groups = cc_xcalloc(set->n ? set->n : 1, sizeof(char *));
	const char *spec = cfg->engagement.group_by && *cfg->engagement.group_by ? cfg->engagement.group_by : "stage";
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

int cc_relevance_compute(struct cc_db *db, const struct cc_config *cfg, int64_t as_of,
			 struct cc_relevance_set *out)
{
	sqlite3_stmt *st = NULL;
	char **formats = NULL, **groups = NULL;
	int64_t *eng_to_idx = NULL;
	size_t neng = 0;
	double *decay = NULL;
	int64_t ndecay = 0;
	int rc, ret = -1;
	double hl = cfg->engagement.half_life_days > 0 ? cfg->engagement.half_life_days : 90;

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
		formats = cc_xrealloc(formats, out->n * sizeof(char *));
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

	/* One pass over the data in key order (asset, metric, day, source). */
	if (cc_db_prepare(db, &st, "SELECT asset, metric, day, value FROM eng.engagement WHERE day <= ?1") < 0)
		goto cleanup;
	sqlite3_bind_int64(st, 1, as_of);
	{
		struct cc_relevance *cur = NULL;
		struct cc_relevance_term *term = NULL;
		int64_t cur_asset = -1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t a = sqlite3_column_int64(st, 0);
			if (a != cur_asset) {
				cur_asset = a;
				term = NULL;
				cur = a >= 0 && a < (int64_t)neng && eng_to_idx[a] >= 0 ? &out->v[eng_to_idx[a]] : NULL;
			}
			if (!cur)
				continue; /* engagement for an asset no longer indexed */
			const char *m = (const char *)sqlite3_column_text(st, 1);
			if (!term || strcmp(term->metric, m)) {
				term = NULL;
				for (size_t k = 0; k < cur->nterms; k++)
					if (!strcmp(cur->terms[k].metric, m))
						term = &cur->terms[k];
				if (!term) {
					cur->terms = cc_xrealloc(cur->terms, (cur->nterms + 1) * sizeof(*cur->terms));
					term = &cur->terms[cur->nterms++];
					memset(term, 0, sizeof(*term));
					term->metric = cc_xstrdup(m);
					double w = cc_relevance_weight(cfg, m);
					term->weighted = w >= 0;
					term->weight = w >= 0 ? w : 0;
				}
			}
			int64_t day = sqlite3_column_int64(st, 2);
			double v = sqlite3_column_double(st, 3);
			int64_t age = as_of - day;
			if (age >= ndecay) {
				int64_t want = age + 1 > 4096 ? age + 1 : 4096;
				decay = cc_xrealloc(decay, (size_t)want * sizeof(double));
				for (int64_t k = ndecay; k < want; k++)
					decay[k] = cc_relevance_decay((double)k, hl);
				ndecay = want;
			}
			term->raw += v;
			term->decayed += v * decay[age];
			cur->has_data = true;
			if (day > cur->last_day)
				cur->last_day = day;
		}
		if (rc != SQLITE_DONE) {
			cc_db_error(db, "reading engagement");
			goto cleanup;
		}
	}
	for (size_t i = 0; i < out->n; i++) {
		struct cc_relevance *r = &out->v[i];
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
	free(decay);
	return ret;
}
