/* Unit tests for lib/db.c: the derived-cache row (cc_db_cache_put). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"

/* The rows of t as "key=data;" (data as text). */
static void cache_rows(struct cc_db *db, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db->db, "SELECT key, data, typeof(data) FROM t_cache ORDER BY key", -1,
					    &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_string_equal((const char *)sqlite3_column_text(st, 2), "blob");
		n += (size_t)snprintf(out + n, size - n, "%s=%.*s;", sqlite3_column_text(st, 0),
				      sqlite3_column_bytes(st, 1), (const char *)sqlite3_column_blob(st, 1));
	}
	sqlite3_finalize(st);
}

static void test_cache_put(void **state)
{
	(void)state;
	char dir[] = "/tmp/cc-db-XXXXXX", path[64], rows[256], cmd[128];
	struct cc_db *db = NULL;
	sqlite3 *other = NULL;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/index.db", dir);
	assert_int_equal(cc_db_open(&db, path, 0), 0);

	/* the table is made when missing and holds only the last key */
	cc_db_cache_put(db, "t_cache", "k1", "abc", 3);
	cache_rows(db, rows, sizeof(rows));
	assert_string_equal(rows, "k1=abc;");
	cc_db_cache_put(db, "t_cache", "k2", NULL, 0); /* empty data is a blob, not NULL */
	cache_rows(db, rows, sizeof(rows));
	assert_string_equal(rows, "k2=;");

	/* another writer holds the lock: no wait, no change, no error */
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE; DELETE FROM t_cache", NULL, NULL, NULL), SQLITE_OK);
	time_t t0 = time(NULL);
	cc_db_cache_put(db, "t_cache", "k3", "xyz", 3);
	assert_true(time(NULL) - t0 < 3); /* the busy timeout is 10 s */
	cache_rows(db, rows, sizeof(rows));
	assert_string_equal(rows, "k2=;");
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);

	/* the savepoint was released: the next store goes through */
	cc_db_cache_put(db, "t_cache", "k4", "d", 1);
	cache_rows(db, rows, sizeof(rows));
	assert_string_equal(rows, "k4=d;");
	assert_int_equal(sqlite3_get_autocommit(db->db), 1);

	cc_db_close(db);
	snprintf(cmd, sizeof(cmd), "rm -r %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache_put),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
