/*
 * fuzz_query.c — search query translation (cc_search_translate) and
 * --where parsing (cc_where_parse).
 *
 * Promises checked: a translation either fails with a message and no
 * output, or reports at least one positive term and yields an expression
 * that SQLite's FTS5 accepts: it is run against an in-memory FTS5 table
 * with the index's columns and tokenizer, and any error (an FTS5 syntax
 * error above all) is a finding. A parsed --where expression has a key of
 * the documented characters and points into the input.
 */
#include <sqlite3.h>
#include <string.h>

#include "buf.h"
#include "fulltext.h"
#include "fuzz.h"
#include "query.h"

static sqlite3 *db;
static sqlite3_stmt *match;

static void setup(void)
{
	FUZZ_ASSERT(sqlite3_open(":memory:", &db) == SQLITE_OK);
	/* The columns and tokenizer of assets_fts (lib/fulltext.c). */
	FUZZ_ASSERT(sqlite3_exec(db,
				 "CREATE VIRTUAL TABLE t USING fts5(title, summary, body, "
				 "tokenize = 'porter unicode61 remove_diacritics 2');"
				 "INSERT INTO t VALUES ('Cloud security guide', 'Zero trust', "
				 "'Migrating to the cloud: \xc3\xa9t\xc3\xa9, r\xc3\xa9sum\xc3\xa9, "
				 "NOT OR AND NEAR title body');",
				 NULL, NULL, NULL) == SQLITE_OK);
	FUZZ_ASSERT(sqlite3_prepare_v2(db, "SELECT rowid, bm25(t) FROM t WHERE t MATCH ?1", -1,
				       &match, NULL) == SQLITE_OK);
}

static void check_where(const char *q, size_t len)
{
	char *s = cc_xstrndup(q, len);
	struct cc_where w;
	cc_error_clear();
	if (cc_where_parse(&w, s) == 0) {
		FUZZ_ASSERT(w.key && w.value && *w.key);
		FUZZ_ASSERT(w.key >= s && w.key < s + len + 1);
		FUZZ_ASSERT(w.value >= s && w.value <= s + len);
		FUZZ_ASSERT(w.op == CC_WHERE_EQ || w.op == CC_WHERE_NE);
		for (const char *k = w.key; *k; k++)
			FUZZ_ASSERT((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
				    (*k >= '0' && *k <= '9') || *k == '_' || *k == '-' || *k == '.');
	} else {
		FUZZ_ASSERT(cc_error_last() && *cc_error_last());
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_buf out = CC_BUF_INIT;
	char *q = cc_xstrndup((const char *)data, size); /* up to the first NUL, as argv would */
	size_t len = strlen(q);
	int rc;

	if (!db)
		setup();
	cc_error_clear();
	int n = cc_search_translate(q, &out);
	if (n < 0) {
		FUZZ_ASSERT(n == -1 && out.len == 0);
		FUZZ_ASSERT(cc_error_last() && *cc_error_last());
	} else {
		FUZZ_ASSERT(n >= 1 && out.len > 0);
		sqlite3_bind_text(match, 1, out.buf, (int)out.len, SQLITE_STATIC);
		while ((rc = sqlite3_step(match)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "query: %s\nfts5: %s\nerror: %s\n", q, out.buf, sqlite3_errmsg(db));
			FUZZ_ASSERT(!"the translated query is valid FTS5");
		}
		sqlite3_reset(match);
		sqlite3_clear_bindings(match);
	}
	check_where(q, len);
	cc_buf_release(&out);
	free(q);
	return 0;
}
