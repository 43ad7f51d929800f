/* Unit tests for lib/activity.c (the activity file of serve and the demand
 * report) and the share links of lib/serve_model.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "activity.h"
#include "buf.h"
#include "config.h"
#include "problem.h"
#include "serve_model.h"

static char *temp_path(const char *name)
{
	char *dir = strdup("/tmp/cc-activity-XXXXXX");
	assert_non_null(mkdtemp(dir));
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_addf(&b, "%s/%s", dir, name);
	free(dir);
	return cc_buf_detach(&b, NULL);
}

static void test_path(void **state)
{
	char *p = cc_activity_path("/r/.git/contentcal/index.db");
	assert_string_equal(p, "/r/.git/contentcal/activity.db");
	free(p);
	p = cc_activity_path("/r/.git/contentcal/index-docs.db");
	assert_string_equal(p, "/r/.git/contentcal/activity-docs.db");
	free(p);
	p = cc_activity_path("x/my.db");
	assert_string_equal(p, "x/my-activity.db");
	free(p);
}

static void search(struct cc_activity *a, const char *q, const char *persona, const char *stage, long results,
		   const char *source, int64_t at)
{
	struct cc_activity_search s = {0};
	s.query = (char *)q;
	s.persona = (char *)persona;
	s.stage = (char *)stage;
	s.results = results;
	s.source = source;
	cc_activity_queue_search(a, &s, at);
}

static void test_queue_flush_demand(void **state)
{
	char *path = temp_path("activity.db");
	struct cc_activity *a = NULL;
	int64_t day = 20000, at = day * 86400 + 3600;

	assert_int_equal(cc_activity_open(&a, path, false), 0);
	search(a, "pricing calculator", NULL, NULL, 0, "search", at);
	search(a, "pricing calculator", NULL, NULL, 1, "search", at + 10);
	search(a, "cloud", NULL, NULL, 12, "search", at + 20);   /* met: not listed */
	search(a, "", "cfo", "decision", 0, "buyer", at + 30);   /* an empty cell */
	search(a, "", "cfo", "decision", 0, "buyer", at + 40);
	search(a, "", "cio,cfo", "decision", 0, "search", at + 50); /* several values: not a cell */
	cc_activity_queue_share(a, "content/a.md", "a", at);
	cc_activity_queue_share(a, "content/a.md", "a", at + 86400);
	cc_activity_queue_share(a, "content/b.md", "b", at);
	assert_int_equal(cc_activity_flush(a), 9);
	assert_int_equal(cc_activity_flush(a), 0); /* the queue is empty now */

	struct cc_demand_options o = {INT64_MIN, 3, 20};
	json_t *doc = cc_demand_compute(cc_activity_db(a), &o);
	assert_non_null(doc);
	assert_int_equal(json_integer_value(json_object_get(doc, "searches")), 6);
	assert_int_equal(json_integer_value(json_object_get(doc, "shares")), 3);
	json_t *unmet = json_object_get(doc, "unmet");
	assert_int_equal(json_array_size(unmet), 2); /* "pricing calculator" grouped; the cio,cfo search */
	json_t *first = json_array_get(unmet, 0);
	assert_string_equal(json_string_value(json_object_get(first, "query")), "pricing calculator");
	assert_int_equal(json_integer_value(json_object_get(first, "searches")), 2);
	assert_int_equal(json_integer_value(json_object_get(first, "zero")), 1);
	assert_int_equal(json_integer_value(json_object_get(first, "best_results")), 1);
	json_t *cells = json_object_get(doc, "cells");
	assert_int_equal(json_array_size(cells), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(cells, 0), "persona")), "cfo");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(cells, 0), "asked")), 2);
	json_t *shared = json_object_get(doc, "shared");
	assert_string_equal(json_string_value(json_object_get(json_array_get(shared, 0), "path")), "content/a.md");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(shared, 0), "shares")), 2);
	json_decref(doc);

	/* --since leaves the earlier day out. */
	o.since = day + 1;
	doc = cc_demand_compute(cc_activity_db(a), &o);
	assert_int_equal(json_integer_value(json_object_get(doc, "shares")), 1);
	json_decref(doc);

	struct cc_buf csv = CC_BUF_INIT;
	o.since = INT64_MIN;
	assert_int_equal(cc_demand_csv(cc_activity_db(a), &o, &csv), 0);
	assert_string_equal(csv.buf, "asset,date,metric,value\n"
				     "content/a.md,2024-10-04,shares,1\n"
				     "content/a.md,2024-10-05,shares,1\n"
				     "content/b.md,2024-10-04,shares,1\n");
	cc_buf_release(&csv);
	cc_activity_close(a);

	/* Reopened read-only, the data is there. */
	assert_int_equal(cc_activity_open(&a, path, true), 0);
	o.since = INT64_MIN;
	doc = cc_demand_compute(cc_activity_db(a), &o);
	assert_int_equal(json_integer_value(json_object_get(doc, "searches")), 6);
	json_decref(doc);
	cc_activity_close(a);
	unlink(path);
	free(path);
}

static void test_refuses_other_files(void **state)
{
	char *path = temp_path("other.db");
	struct cc_activity *a = NULL;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'CREATE TABLE mine(x); INSERT INTO mine VALUES (1)'", path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(cc_activity_open(&a, path, false), -1);
	assert_non_null(strstr(cc_error_last(), "not a contentcal activity file"));
	assert_null(a);
	/* Left untouched. */
	snprintf(cmd, sizeof(cmd), "test \"$(sqlite3 '%s' 'SELECT x FROM mine; PRAGMA application_id')\" = \"$(printf '1\\n0')\"", path);
	assert_int_equal(system(cmd), 0);
	/* A file that is not SQLite at all. */
	FILE *f = fopen(path, "w");
	fputs("not a database, just text that is long enough to have a header page........", f);
	fclose(f);
	assert_int_equal(cc_activity_open(&a, path, false), -1);
	unlink(path);
	free(path);
}

static void test_share_link(void **state)
{
	struct cc_config cfg;
	struct cc_row r = {0};
	struct cc_buf b = CC_BUF_INIT;
	cc_config_defaults(&cfg);
	free(cfg.serve.utm_campaign);
	cfg.serve.utm_campaign = strdup("q4 push&more");
	r.url = "https://example.com/r/a";
	cc_serve_share_link(&b, &cfg, &r);
	assert_string_equal(b.buf, "https://example.com/r/a?utm_source=contentcal&utm_medium=sales&utm_campaign=q4%20push%26more");
	cc_buf_reset(&b);
	r.url = "https://example.com/r/a?lang=en#top";
	cc_serve_share_link(&b, &cfg, &r);
	assert_string_equal(b.buf, "https://example.com/r/a?lang=en&utm_source=contentcal&utm_medium=sales&utm_campaign=q4%20push%26more#top");
	cc_buf_reset(&b);
	r.url = "";
	cc_serve_share_link(&b, &cfg, &r);
	assert_string_equal(b.buf, "");
	cc_buf_release(&b);
	cc_config_release(&cfg);
}

static void test_internal(void **state)
{
	struct cc_config cfg;
	struct cc_row r = {0};
	cc_config_defaults(&cfg);
	r.fields = json_pack("{s:b}", "external", 0);
	assert_true(cc_serve_internal(&cfg, &r));
	json_decref(r.fields);
	r.fields = json_pack("{s:b}", "external", 1);
	assert_false(cc_serve_internal(&cfg, &r));
	json_decref(r.fields);
	cc_strlist_add(&cfg.serve.internal, "audience=internal");
	r.fields = json_pack("{s:[s,s]}", "audience", "sales", "Internal");
	assert_true(cc_serve_internal(&cfg, &r)); /* any list element, case-insensitive */
	json_decref(r.fields);
	r.fields = NULL; /* a lean row: never internal by accident of missing data */
	assert_false(cc_serve_internal(&cfg, &r));
	cc_config_release(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_queue_flush_demand),
		cmocka_unit_test(test_refuses_other_files),
		cmocka_unit_test(test_share_link),
		cmocka_unit_test(test_internal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
