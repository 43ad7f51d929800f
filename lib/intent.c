/*
 * intent.c — intent assets, declared and measured, and their cache in the
 * index (see intent.h).
 */
#include "intent.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "crm.h"
#include "db.h"
#include "influence.h"
#include "query.h"

static int cmp_id(const void *a, const void *b)
{
	const struct cc_intent *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

void cc_intent_set_release(struct cc_intent_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].stage);
		free(s->v[i].next);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

const struct cc_intent *cc_intent_find(const struct cc_intent_set *s, int64_t id)
{
	struct cc_intent key = {.id = id};
	return s->n ? bsearch(&key, s->v, s->n, sizeof(key), cmp_id) : NULL;
}

void cc_intent_mark(struct cc_rows *rows, const struct cc_intent_set *s)
{
	for (size_t i = 0; i < rows->n; i++)
		rows->v[i].intent = cc_intent_find(s, rows->v[i].id);
}

const char *cc_intent_label(const struct cc_intent *i)
{
	return i->declared && i->measured ? "declared, measured" : i->measured ? "measured" : "declared";
}

/* ---- computing ---- */

struct entry {
	int64_t id;
	const char *path;
};

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

static struct cc_intent *add(struct cc_intent_set *s, size_t *alloc, int64_t id)
{
	CC_GROW(s->v, *alloc, s->n + 1);
	struct cc_intent *i = &s->v[s->n++];
	memset(i, 0, sizeof(*i));
	i->id = id;
	return i;
}

static void set_figures(struct cc_intent *i, const struct cc_progression *p)
{
	free(i->stage);
	free(i->next);
	i->figures = true;
	i->stage = cc_xstrdup(p->stage);
	i->next = cc_xstrdup(p->next);
	i->lift = (double)p->k1 / (double)p->n1 - (p->n0 ? (double)p->k0 / (double)p->n0 : 0);
	i->ci[0] = p->lo1 - p->hi0;
	i->ci[1] = p->hi1 - p->lo0;
	i->n1 = p->n1;
	i->n0 = p->n0;
}

static int compute(struct cc_intent_set *out, struct cc_db *db, const struct cc_config *cfg, int64_t as_of,
		   bool crm)
{
	sqlite3_stmt *st = NULL;
	struct entry *idx = NULL;
	size_t n = 0, nalloc = 0, alloc = 0;
	struct cc_nurture_result nr;
	int rc, ret = -1;

	memset(&nr, 0, sizeof(nr));
	/* Every asset by path (progression rows name paths), with its declaration. */
	if (cc_db_prepare(db, &st, "SELECT a.id, a.path, EXISTS (SELECT 1 FROM asset_fields f WHERE f.asset = a.id "
				   "AND f.key = 'intent' AND lower(f.value_text) IN ('true', 'yes')) FROM assets a "
				   "ORDER BY a.id") < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (sqlite3_column_int(st, 2))
			add(out, &alloc, id)->declared = true;
		if (crm) {
			CC_GROW(idx, nalloc, n + 1);
			idx[n].id = id;
			idx[n++].path = cc_xstrdup((const char *)sqlite3_column_text(st, 1));
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "reading intent declarations");
		goto cleanup;
	}
	if (crm) {
		if (cc_nurture_compute(&nr, db, cfg, INT64_MIN, as_of) < 0)
			goto cleanup;
		if (n > 1)
			qsort(idx, n, sizeof(*idx), cmp_path);
		for (size_t k = 0; k < nr.nprog; k++) {
			const struct cc_progression *p = &nr.prog[k];
			struct entry key = {0, p->asset};
			const struct entry *e = n ? bsearch(&key, idx, n, sizeof(key), cmp_path) : NULL;
			bool enough = p->n1 >= (size_t)nr.min_sample && p->n0 >= (size_t)nr.min_sample;
			if (!e || (!p->intent && !p->declared) || !enough)
				continue;
			struct cc_intent *i = NULL;
			for (size_t j = 0; j < out->n && !i; j++) /* few intent assets: a scan */
				if (out->v[j].id == e->id)
					i = &out->v[j];
			if (!i)
				i = add(out, &alloc, e->id);
			double lift = (double)p->k1 / (double)p->n1 - (double)p->k0 / (double)p->n0;
			if (p->intent) {
				/* Measured: the stage with the largest lift. */
				if (!i->measured || lift > i->lift)
					set_figures(i, p);
				i->measured = true;
			} else if (!i->measured && (!i->figures || p->lo1 - p->hi0 > i->ci[0])) {
				set_figures(i, p);
			}
		}
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_id);
	ret = 0;
cleanup:
	for (size_t k = 0; k < n; k++)
		free((char *)idx[k].path);
	free(idx);
	cc_nurture_result_release(&nr);
	return ret;
}

/* ---- the cache (table intent_cache in the index, one row) ---- */

static char *cache_key(struct cc_db *db, const struct cc_config *cfg, int64_t as_of)
{
	char *run = NULL, *crm = NULL, *key = NULL;
	if (cc_db_meta_get(db, "run", &run) == 0 && run && cc_crm_version(db, &crm) == 0) {
		struct cc_buf b = CC_BUF_INIT;
		cc_buf_addf(&b, "v1;run=%s;crm=%s;as_of=%lld;config=%s", run, crm ? crm : "none", (long long)as_of,
			    cfg->hash);
		key = cc_buf_detach(&b, NULL);
	}
	free(run);
	free(crm);
	return key;
}

static const char *opt_text(json_t *a, size_t k)
{
	const char *s = json_string_value(json_array_get(a, k));
	return s ? s : NULL;
}

static int cache_load(struct cc_db *db, const char *key, struct cc_intent_set *out)
{
	sqlite3_stmt *st = NULL;
	int hit = 0;
	size_t alloc = 0;
	if (sqlite3_prepare_v2(db->db, "SELECT data FROM intent_cache WHERE key = ?1", -1, &st, NULL) != SQLITE_OK)
		return 0; /* no table yet */
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		json_t *doc = json_loadb((const char *)sqlite3_column_blob(st, 0),
					 (size_t)sqlite3_column_bytes(st, 0), 0, NULL);
		if (json_is_array(doc)) {
			size_t k;
			json_t *a;
			hit = 1;
			json_array_foreach(doc, k, a) {
				/* [id, declared, measured, stage|null, next|null, lift, lo, hi, n1, n0] */
				if (!json_is_array(a) || json_array_size(a) != 10) {
					hit = 0;
					break;
				}
				struct cc_intent *i = add(out, &alloc, json_integer_value(json_array_get(a, 0)));
				i->declared = json_is_true(json_array_get(a, 1));
				i->measured = json_is_true(json_array_get(a, 2));
				if (opt_text(a, 3) && opt_text(a, 4)) {
					i->figures = true;
					i->stage = cc_xstrdup(opt_text(a, 3));
					i->next = cc_xstrdup(opt_text(a, 4));
					i->lift = json_number_value(json_array_get(a, 5));
					i->ci[0] = json_number_value(json_array_get(a, 6));
					i->ci[1] = json_number_value(json_array_get(a, 7));
					i->n1 = (size_t)json_integer_value(json_array_get(a, 8));
					i->n0 = (size_t)json_integer_value(json_array_get(a, 9));
				}
			}
		}
		json_decref(doc);
	}
	sqlite3_finalize(st);
	if (!hit)
		cc_intent_set_release(out);
	return hit;
}

/* Stores the set (cc_db_cache_put: never waits for a lock, never fails the caller). */
static void cache_store(struct cc_db *db, const char *key, const struct cc_intent_set *s)
{
	json_t *doc = json_array();
	for (size_t k = 0; k < s->n; k++) {
		const struct cc_intent *i = &s->v[k];
		/* Doubles round-trip exactly at 17 significant digits. */
		json_array_append_new(
			doc, json_pack("[I, b, b, o, o, f, f, f, I, I]", (json_int_t)i->id, i->declared, i->measured,
				       i->figures ? json_string(i->stage) : json_null(),
				       i->figures ? json_string(i->next) : json_null(), i->lift, i->ci[0], i->ci[1],
				       (json_int_t)i->n1, (json_int_t)i->n0));
	}
	char *text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(17));
	json_decref(doc);
	if (!text)
		return;
	cc_db_cache_put(db, "intent_cache", key, text, strlen(text));
	free(text);
}

int cc_intent_compute(struct cc_intent_set *out, struct cc_db *db, const struct cc_config *cfg, int64_t as_of)
{
	memset(out, 0, sizeof(*out));
	bool crm = cc_db_attached(db, "crm");
	char *key = cache_key(db, cfg, as_of);
	if (key && cache_load(db, key, out)) {
		free(key);
		return 0;
	}
	int r = compute(out, db, cfg, as_of, crm);
	if (r == 0 && key) {
		/* Only what still describes the index and the data once computed. */
		char *again = cache_key(db, cfg, as_of);
		if (again && !strcmp(again, key))
			cache_store(db, key, out);
		free(again);
	}
	free(key);
	if (r < 0)
		cc_intent_set_release(out);
	return r;
}
