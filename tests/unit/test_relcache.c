/* Unit tests for the relevance cache (lib/relevance.c): the cached path
 * gives the exact scan's scores, history views stay exact, and an import
 * that changes something (only that) invalidates the cache. Also the lean
 * and id-filtered reads of lib/query.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "date.h"
#include "db.h"
#include "engagement.h"
#include "problem.h"
#include "query.h"
#include "relevance.h"

struct fixture {
	char dir[64];
	char path[128], eng[128], csv[128];
	struct cc_db *db;
	struct cc_config cfg;
};

static int64_t day(const char *s)
{
	int64_t d;
	assert_int_equal(cc_day_parse(&d, s), 0);
	return d;
}

static void add_asset(struct cc_db *db, int id, const char *path, const char *stage, const char *format)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(cc_db_prepare(db, &st,
				       "INSERT INTO assets(id, path, blob, fm_kind, fm_ok, slug, title, summary, "
				       "status, format, author, url, words, reading_minutes, body_line, slug_line, "
				       "slug_col, slug_declared, fields, headings, links) VALUES (?1, ?2, 'x', 'yaml', 1, "
				       "?3, ?3, '', 'published', ?4, '', '', 100, 1, 1, 1, 1, 1, '{\"a\":1}', '[]', '[]')"),
			 0);
	char slug[64];
	snprintf(slug, sizeof(slug), "a%d", id);
	sqlite3_bind_int(st, 1, id);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, slug, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, format, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(cc_db_prepare(db, &st, "INSERT INTO asset_tags(asset, dimension, value, ord) "
						"VALUES (?1, 'stage', ?2, 0), (?1, 'persona', 'cfo', 0), "
						"(?1, 'persona', 'cio', 1)"),
			 0);
	sqlite3_bind_int(st, 1, id);
	sqlite3_bind_text(st, 2, stage, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/cc-relcache-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/index.db", f->dir);
	snprintf(f->csv, sizeof(f->csv), "%s/e.csv", f->dir);
	assert_int_equal(cc_db_open(&f->db, f->path, 0), 0);
	char *eng = cc_engagement_path(f->path);
	snprintf(f->eng, sizeof(f->eng), "%s", eng);
	free(eng);
	assert_int_equal(cc_engagement_attach(f->db, f->eng), 0);
	cc_config_defaults(&f->cfg);
	f->cfg.engagement.min_sample = 2;
	static const char *const stages[] = {"awareness", "decision"};
	static const char *const formats[] = {"blog", "datasheet", "webinar"};
	for (int i = 1; i <= 80; i++) {
		char path[64];
		snprintf(path, sizeof(path), "content/a%02d.md", i);
		add_asset(f->db, i, path, stages[i % 2], formats[i % 3]);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[256];
	cc_db_close(f->db);
	cc_config_release(&f->cfg);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* Writes text to the fixture's CSV file and imports it; returns the stats. */
static struct cc_ingest_stats ingest(struct fixture *f, const char *text)
{
	struct cc_ingest_options o = {0};
	struct cc_ingest_stats st;
	struct cc_problems bad = {0}, unknown = {0};
	FILE *fp = fopen(f->csv, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	assert_int_equal(cc_engagement_ingest(f->db, &f->cfg, f->csv, &o, &st, &bad, &unknown), 0);
	cc_problems_release(&bad);
	cc_problems_release(&unknown);
	return st;
}

/* A deterministic data set: assets 1–10 with views on many days, some downloads. */
static void ingest_data(struct fixture *f)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_adds(&b, "date,asset,metric,value\n");
	unsigned x = 12345;
	for (int a = 1; a <= 10; a++) {
		for (int64_t d = day("2026-01-01"); d <= day("2026-12-31"); d += 1 + (int64_t)(x % 9)) {
			char ds[11];
			x = x * 1103515245u + 12345u;
			cc_day_format(ds, d);
			cc_buf_addf(&b, "%s,content/a%02d.md,views,%u\n", ds, a, 1 + (x >> 16) % 500);
			if ((x >> 8) % 4 == 0)
				cc_buf_addf(&b, "%s,a%d,downloads,%u\n", ds, a, 1 + (x >> 20) % 17);
		}
	}
	ingest(f, b.buf);
	cc_buf_release(&b);
}

static bool close_to(double a, double b)
{
	if (a == b)
		return true;
	return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

/* Both sets agree: scores and every term to 1e-9 relative, the rest exactly. */
static void expect_same(const struct cc_relevance_set *x, const struct cc_relevance_set *y)
{
	assert_int_equal(x->n, y->n);
	for (size_t i = 0; i < x->n; i++) {
		const struct cc_relevance *a = &x->v[i], *b = &y->v[i];
		assert_int_equal(a->id, b->id);
		assert_int_equal(a->has_data, b->has_data);
		assert_int_equal(a->last_day, b->last_day);
		assert_true(close_to(a->score, b->score));
		assert_true(a->percentile == b->percentile);
		assert_string_equal(a->group, b->group);
		assert_int_equal(a->nterms, b->nterms);
		for (size_t k = 0; k < a->nterms; k++) {
			assert_string_equal(a->terms[k].metric, b->terms[k].metric);
			assert_true(a->terms[k].raw == b->terms[k].raw);
			assert_true(close_to(a->terms[k].decayed, b->terms[k].decayed));
			assert_true(close_to(a->terms[k].contribution, b->terms[k].contribution));
		}
	}
}

static int count(struct cc_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int n = -1;
	assert_int_equal(cc_db_prepare(db, &st, sql), 0);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Cached (miss, then hit) = exact, for as-of days after, at and inside the data. */
static void test_cached_equals_exact(void **state)
{
	struct fixture *f = *state;
	const char *days[] = {"2027-03-01", "2026-12-31", "2026-12-30", "2026-07-15", "2025-06-01", "2028-01-01"};
	ingest_data(f);
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		int64_t as_of = day(days[i]);
		struct cc_relevance_set exact = {0}, miss = {0}, hit = {0};
		assert_int_equal(cc_relevance_compute_exact(f->db, &f->cfg, as_of, &exact), 0);
		assert_int_equal(cc_relevance_compute(f->db, &f->cfg, as_of, &miss), 0);
		int slots = count(f->db, "SELECT count(*) FROM relevance_cache");
		assert_int_equal(cc_relevance_compute(f->db, &f->cfg, as_of, &hit), 0);
		/* the second call was served from the cache: no new slot */
		assert_int_equal(count(f->db, "SELECT count(*) FROM relevance_cache"), slots);
		expect_same(&exact, &miss);
		expect_same(&exact, &hit);
		if (i == 0)
			assert_true(exact.v[0].has_data && exact.v[0].nterms >= 1);
		cc_relevance_set_release(&exact);
		cc_relevance_set_release(&miss);
		cc_relevance_set_release(&hit);
	}
	/* 2028-01-01 used the slot built for 2027-03-01 (both after the data) */
	assert_true(count(f->db, "SELECT count(*) FROM relevance_cache") <= 4);
	assert_int_equal(count(f->db, "SELECT count(*) FROM relevance_cache WHERE next > 100000"), 1);
	/* every per-call query is indexed */
	sqlite3_stmt *st = NULL;
	assert_int_equal(cc_db_prepare(f->db, &st, "EXPLAIN QUERY PLAN SELECT slot, ref FROM relevance_cache "
						   "WHERE data = ?1 AND half_life = ?2 AND ref <= ?3 AND next > ?3 "
						   "ORDER BY ref DESC LIMIT 1"),
			 0);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_non_null(strstr((const char *)sqlite3_column_text(st, 3), "USING INDEX relevance_cache_key"));
	sqlite3_finalize(st);
}

/* A later as-of hit on a slot decays by one multiplication: check against the formula. */
static void test_decay_from_reference(void **state)
{
	struct fixture *f = *state;
	ingest(f, "date,asset,metric,value\n2026-06-01,a1,views,100\n2026-08-30,a1,views,40\n"
		  "2026-08-30,a1,downloads,8\n");
	struct cc_relevance_set a = {0}, b = {0};
	assert_int_equal(cc_relevance_compute(f->db, &f->cfg, day("2026-08-30"), &a), 0);
	assert_int_equal(cc_relevance_compute(f->db, &f->cfg, day("2026-11-28"), &b), 0); /* +90 days */
	const struct cc_relevance *r = cc_relevance_find(&b, 1);
	assert_non_null(r);
	assert_int_equal(r->nterms, 2);
	assert_string_equal(r->terms[0].metric, "downloads");
	assert_true(r->terms[0].raw == 8);
	assert_true(close_to(r->terms[0].decayed, 4));
	assert_string_equal(r->terms[1].metric, "views");
	assert_true(r->terms[1].raw == 140);
	assert_true(close_to(r->terms[1].decayed, 100 * 0.25 + 40 * 0.5));
	assert_true(close_to(r->score, 1 * 45 + 5 * 4));
	assert_int_equal(r->last_day, day("2026-08-30"));
	assert_int_equal(count(f->db, "SELECT count(*) FROM relevance_cache"), 1);
	cc_relevance_set_release(&a);
	cc_relevance_set_release(&b);
}

static void test_ingest_invalidates(void **state)
{
	struct fixture *f = *state;
	int64_t as_of = day("2027-01-10");
	struct cc_relevance_set s1 = {0}, s2 = {0}, s3 = {0}, exact = {0};
	char *v1 = NULL, *v2 = NULL, *v3 = NULL;

	ingest(f, "date,asset,metric,value\n2026-12-01,a1,views,10\n2026-12-02,a2,views,30\n");
	assert_int_equal(cc_engagement_version(f->db, &v1), 0);
	assert_int_equal(cc_relevance_compute(f->db, &f->cfg, as_of, &s1), 0);
	/* the same file again changes nothing: the version and the cache stay */
	struct cc_ingest_stats st = ingest(f, "date,asset,metric,value\n2026-12-01,a1,views,10\n");
	assert_int_equal(st.unchanged, 1);
	assert_int_equal(cc_engagement_version(f->db, &v2), 0);
	assert_string_equal(v1, v2);
	/* a changed value: new version, and the next call sees the new data */
	ingest(f, "date,asset,metric,value\n2026-12-01,a1,views,1000\n");
	assert_int_equal(cc_engagement_version(f->db, &v3), 0);
	assert_string_not_equal(v1, v3);
	assert_int_equal(cc_relevance_compute(f->db, &f->cfg, as_of, &s2), 0);
	assert_int_equal(cc_relevance_compute(f->db, &f->cfg, as_of, &s3), 0);
	assert_int_equal(cc_relevance_compute_exact(f->db, &f->cfg, as_of, &exact), 0);
	assert_true(cc_relevance_find(&s2, 1)->terms[0].raw == 1000);
	assert_true(cc_relevance_find(&s1, 1)->terms[0].raw == 10);
	expect_same(&exact, &s2);
	expect_same(&exact, &s3);
	/* the stale slot was dropped */
	assert_int_equal(count(f->db, "SELECT count(*) FROM relevance_cache"), 1);
	/* a new half-life is a new key too */
	f->cfg.engagement.half_life_days = 30;
	struct cc_relevance_set h = {0}, he = {0};
	assert_int_equal(cc_relevance_compute(f->db, &f->cfg, as_of, &h), 0);
	assert_int_equal(cc_relevance_compute_exact(f->db, &f->cfg, as_of, &he), 0);
	expect_same(&he, &h);
	assert_false(close_to(h.v[0].score, s2.v[0].score));
	cc_relevance_set_release(&h);
	cc_relevance_set_release(&he);
	free(v1);
	free(v2);
	free(v3);
	cc_relevance_set_release(&s1);
	cc_relevance_set_release(&s2);
	cc_relevance_set_release(&s3);
	cc_relevance_set_release(&exact);
}

/* A replaced engagement file that reaches the same generation is still new data. */
static void test_replaced_file(void **state)
{
	struct fixture *f = *state;
	int64_t as_of = day("2027-01-10");
	struct cc_relevance_set a = {0}, b = {0};
	ingest(f, "date,asset,metric,value\n2026-12-01,a1,views,10\n");
	assert_int_equal(cc_relevance_compute(f->db, &f->cfg, as_of, &a), 0);
	assert_int_equal(sqlite3_exec(f->db->db, "DETACH eng", NULL, NULL, NULL), SQLITE_OK);
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -f '%s' '%s-wal' '%s-shm'", f->eng, f->eng, f->eng);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(cc_engagement_attach(f->db, f->eng), 0);
	ingest(f, "date,asset,metric,value\n2026-12-01,a1,views,77\n");
	assert_int_equal(cc_relevance_compute(f->db, &f->cfg, as_of, &b), 0);
	assert_true(cc_relevance_find(&b, 1)->terms[0].raw == 77);
	cc_relevance_set_release(&a);
	cc_relevance_set_release(&b);
}

static void test_lean_and_ids(void **state)
{
	struct fixture *f = *state;
	struct cc_rows full = {0}, lean = {0}, some = {0}, none = {0};
	struct cc_filter all = {0}, l = {0}, ids = {0}, empty = {0};
	int64_t want[] = {7, 3, 7, 99};
	l.lean = true;
	ids.ids = want;
	ids.nids = 4;
	ids.lean = true;
	empty.ids = want;
	empty.nids = 0;
	assert_int_equal(cc_query_assets(f->db, &all, &full), 0);
	assert_int_equal(cc_query_assets(f->db, &l, &lean), 0);
	assert_int_equal(cc_query_assets(f->db, &ids, &some), 0);
	assert_int_equal(cc_query_assets(f->db, &empty, &none), 0);
	assert_int_equal(full.n, 80);
	assert_int_equal(lean.n, 80);
	assert_int_equal(none.n, 0);
	assert_int_equal(some.n, 2);
	assert_string_equal(some.v[0].path, "content/a03.md");
	assert_string_equal(some.v[1].path, "content/a07.md");
	for (size_t i = 0; i < full.n; i++) {
		assert_string_equal(full.v[i].path, lean.v[i].path);
		assert_non_null(full.v[i].fields);
		assert_null(lean.v[i].fields);
		for (int d = 0; d < CC_DIM_COUNT; d++) {
			assert_int_equal(full.v[i].tags[d].n, lean.v[i].tags[d].n);
			for (size_t k = 0; k < full.v[i].tags[d].n; k++)
				assert_string_equal(full.v[i].tags[d].v[k], lean.v[i].tags[d].v[k]);
		}
	}
	/* tags in front-matter order, from both readers (one pass for many rows, one query per row for few) */
	assert_int_equal(full.v[0].tags[CC_DIM_PERSONA].n, 2);
	assert_string_equal(full.v[0].tags[CC_DIM_PERSONA].v[0], "cfo");
	assert_string_equal(some.v[0].tags[CC_DIM_PERSONA].v[1], "cio");
	assert_string_equal(some.v[1].tags[CC_DIM_STAGE].v[0], "decision");
	cc_rows_release(&full);
	cc_rows_release(&lean);
	cc_rows_release(&some);
	cc_rows_release(&none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cached_equals_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decay_from_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest_invalidates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lean_and_ids, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
