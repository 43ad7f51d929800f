/*
 * db.c — opening, versioning and small helpers for the SQLite index.
 */
#include "db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "problem.h"

static const char schema_sql[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE assets(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  path TEXT NOT NULL UNIQUE,\n"
	"  blob TEXT NOT NULL,\n"
	"  fm_kind TEXT NOT NULL,\n"
	"  fm_ok INTEGER NOT NULL,\n"
	"  slug TEXT NOT NULL, title TEXT NOT NULL, summary TEXT NOT NULL,\n"
	"  status TEXT NOT NULL, format TEXT NOT NULL, author TEXT NOT NULL, url TEXT NOT NULL,\n"
	"  date TEXT, date_full TEXT, due TEXT, review_by TEXT, expires TEXT,\n"
	"  words INTEGER NOT NULL, reading_minutes INTEGER NOT NULL, body_line INTEGER NOT NULL,\n"
	"  slug_line INTEGER NOT NULL, slug_col INTEGER NOT NULL, slug_declared INTEGER NOT NULL,\n"
	"  date_line INTEGER NOT NULL DEFAULT 0, due_line INTEGER NOT NULL DEFAULT 0,\n"
	"  review_line INTEGER NOT NULL DEFAULT 0,\n"
	"  expires_line INTEGER NOT NULL DEFAULT 0,\n"
	"  fields TEXT NOT NULL, headings TEXT NOT NULL, links TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX assets_slug ON assets(slug);\n"
	"CREATE TABLE asset_tags(asset INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,\n"
	"  dimension TEXT NOT NULL, value TEXT NOT NULL, ord INTEGER NOT NULL,\n"
	"  PRIMARY KEY(asset, dimension, value)) WITHOUT ROWID;\n"
	"CREATE TABLE asset_fields(asset INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,\n"
	"  key TEXT NOT NULL, idx INTEGER NOT NULL, value_text TEXT, value_num REAL, value_date TEXT);\n"
	"CREATE TABLE asset_text(asset INTEGER PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,\n"
	"  title TEXT NOT NULL, summary TEXT NOT NULL, body TEXT NOT NULL);\n"
	"CREATE TABLE problems(asset INTEGER REFERENCES assets(id) ON DELETE CASCADE,\n"
	"  path TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL, severity INTEGER NOT NULL,\n"
	"  rule TEXT NOT NULL, message TEXT NOT NULL);\n"
	"CREATE TABLE history(path TEXT PRIMARY KEY, created TEXT, updated TEXT,\n"
	"  commits INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;\n"
	"CREATE TABLE history_authors(path TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL,\n"
	"  commits INTEGER NOT NULL, PRIMARY KEY(path, email, name)) WITHOUT ROWID;\n";

const char cc_db_index_sql[] =
	"CREATE INDEX IF NOT EXISTS asset_tags_value ON asset_tags(dimension, value);\n"
	"CREATE INDEX IF NOT EXISTS asset_fields_asset ON asset_fields(asset);\n"
	"CREATE INDEX IF NOT EXISTS problems_asset ON problems(asset);\n";

int cc_db_error(struct cc_db *db, const char *what)
{
	return cc_error("%s: %s", what, db && db->db ? sqlite3_errmsg(db->db) : "no database");
}

int cc_db_exec(struct cc_db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		cc_error("database '%s': %s", db->path, msg ? msg : sqlite3_errmsg(db->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int cc_db_prepare(struct cc_db *db, sqlite3_stmt **out, const char *sql)
{
	if (sqlite3_prepare_v3(db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK) {
		cc_error("cannot prepare statement: %s (in: %.80s)", sqlite3_errmsg(db->db), sql);
		return -1;
	}
	return 0;
}

int cc_db_meta_get(struct cc_db *db, const char *key, char **out)
{
	sqlite3_stmt *st = NULL;
	int rc;
	*out = NULL;
	if (cc_db_prepare(db, &st, "SELECT value FROM meta WHERE key = ?1") < 0)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		*out = cc_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : cc_db_error(db, "reading meta");
}

int cc_db_meta_set(struct cc_db *db, const char *key, const char *value)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (cc_db_prepare(db, &st, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)") < 0)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cc_db_error(db, "writing meta");
}

int cc_db_begin(struct cc_db *db)
{
	if (sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		int code = sqlite3_errcode(db->db);
		if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
			return cc_error("index '%s' is locked by another contentcal run (waited %d ms)",
					db->path, CC_BUSY_TIMEOUT_MS);
		return cc_db_error(db, "cannot start a transaction");
	}
	return 0;
}

int cc_db_commit(struct cc_db *db)
{
	return sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK
		       ? 0
		       : cc_db_error(db, "cannot commit");
}

void cc_db_rollback(struct cc_db *db)
{
	if (!sqlite3_get_autocommit(db->db))
		sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Creates every missing directory of the file path's parent. */
static int make_parents(const char *path)
{
	char *dir = cc_xstrdup(path);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
			int e = errno;
			cc_error("cannot create directory '%s': %s", dir, strerror(e));
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

static int create_schema(struct cc_db *db)
{
	struct cc_buf sql = CC_BUF_INIT;
	int ret;
	/* Drop whatever an older (or newer) version left, then create ours. */
	sqlite3_stmt *st = NULL;
	if (cc_db_prepare(db, &st, "SELECT type, name FROM sqlite_schema WHERE type IN ('table','view') "
				   "AND name NOT LIKE 'sqlite_%'") < 0)
		return -1;
	cc_buf_adds(&sql, "PRAGMA foreign_keys = OFF; BEGIN;");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		char *q = sqlite3_mprintf("DROP %s IF EXISTS \"%w\";", type, name);
		cc_buf_adds(&sql, q);
		sqlite3_free(q);
	}
	sqlite3_finalize(st);
	cc_buf_adds(&sql, schema_sql);
	cc_buf_adds(&sql, cc_db_index_sql);
	cc_buf_addf(&sql, "PRAGMA user_version = %d; COMMIT; PRAGMA foreign_keys = ON;", CC_SCHEMA_VERSION);
	ret = cc_db_exec(db, sql.buf);
	if (ret < 0)
		cc_db_rollback(db);
	cc_buf_release(&sql);
	db->rebuilt = true;
	return ret;
}

static int user_version(struct cc_db *db, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (sqlite3_prepare_v2(db->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int open_raw(struct cc_db *db, int flags)
{
	int oflags = (flags & CC_DB_READONLY) ? SQLITE_OPEN_READONLY
					      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(db->path, &db->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return cc_error("cannot open index '%s': %s", db->path,
				db->db ? sqlite3_errmsg(db->db) : "out of memory");
	sqlite3_busy_timeout(db->db, CC_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db->db, 1);
	return 0;
}

int cc_db_open(struct cc_db **out, const char *path, int flags)
{
	struct cc_db *db = cc_xcalloc(1, sizeof(*db));
	int version = -1;

	*out = NULL;
	db->path = cc_xstrdup(path);
	if (!(flags & CC_DB_READONLY) && make_parents(path) < 0)
		goto fail;
	if (open_raw(db, flags) < 0)
		goto fail;
	if (user_version(db, &version) < 0) {
		/* Not a database at all: keep it for inspection and start again. */
		if (flags & CC_DB_READONLY) {
			cc_error("'%s' is not a contentcal index (%s)", path, sqlite3_errmsg(db->db));
			goto fail;
		}
		sqlite3_close(db->db);
		db->db = NULL;
		char *aside = sqlite3_mprintf("%s.corrupt", path);
		rename(path, aside);
		sqlite3_free(aside);
		db->recovered = true;
		if (open_raw(db, flags) < 0 || user_version(db, &version) < 0)
			goto fail;
		db->rebuilt = true;
	}
	if (flags & CC_DB_READONLY) {
		if (version != CC_SCHEMA_VERSION) {
			cc_error("index '%s' has schema version %d, expected %d; run 'contentcal index'",
				 path, version, CC_SCHEMA_VERSION);
			goto fail;
		}
	} else {
		if (cc_db_exec(db, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
				   "PRAGMA foreign_keys = ON;"
				   "PRAGMA cache_size = -16384;") < 0)
			goto fail;
		if (version != CC_SCHEMA_VERSION && create_schema(db) < 0)
			goto fail;
	}
	*out = db;
	return 0;
fail:
	cc_db_close(db);
	return -1;
}

bool cc_db_corrupt(const struct cc_db *db)
{
	int code = db && db->db ? sqlite3_errcode(db->db) & 0xff : SQLITE_OK;
	return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

int cc_db_check(struct cc_db *db)
{
	sqlite3_stmt *st = NULL;
	int rc, ret;
	if (sqlite3_prepare_v2(db->db, "PRAGMA integrity_check(1)", -1, &st, NULL) != SQLITE_OK) {
		ret = cc_db_corrupt(db) ? 0 : -1;
		cc_db_error(db, "checking the index");
		return ret;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		ret = r && !strcmp(r, "ok") ? 1 : 0;
		if (!ret)
			cc_error("%s", r ? r : "integrity check failed");
	} else {
		ret = cc_db_corrupt(db) ? 0 : -1;
		cc_db_error(db, "checking the index");
	}
	sqlite3_finalize(st);
	return ret;
}

void cc_db_close(struct cc_db *db)
{
	if (!db)
		return;
	if (db->db)
		sqlite3_close_v2(db->db);
	free(db->path);
	free(db);
}
