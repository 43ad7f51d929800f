/*
 * db.c — opening, versioning and small helpers for the SQLite index.
 */
#include "db.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
	"  revised TEXT,\n"
	"  fields TEXT NOT NULL, headings TEXT NOT NULL, links TEXT NOT NULL,\n"
	"  lang TEXT NOT NULL DEFAULT '', site_url TEXT NOT NULL DEFAULT '',\n"
	"  translations TEXT NOT NULL DEFAULT '[]'\n"
	");\n"
	"CREATE INDEX assets_slug ON assets(slug);\n"
	"CREATE INDEX assets_site_url ON assets(site_url);\n"
	"CREATE INDEX assets_translated ON assets(lang) WHERE translations <> '[]';\n"
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
	"  commits INTEGER NOT NULL DEFAULT 0, revised TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE history_authors(path TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL,\n"
	"  commits INTEGER NOT NULL, PRIMARY KEY(path, email, name)) WITHOUT ROWID;\n";

const char cc_db_index_sql[] =
	"CREATE INDEX IF NOT EXISTS asset_tags_value ON asset_tags(dimension, value);\n"
	"CREATE INDEX IF NOT EXISTS asset_fields_asset ON asset_fields(asset);\n"
	"CREATE INDEX IF NOT EXISTS problems_asset ON problems(asset);\n"
	/* What relevance reads of every asset, without the large columns of
	 * its rows (fields, headings, links): a covering index. */
	"CREATE INDEX IF NOT EXISTS assets_id_path_format ON assets(id, path, format);\n";

const char *cc_db_culprit(struct cc_db *db)
{
	static char name[4096];
	int code;
	if (!db || !db->db)
		return db && db->path ? db->path : "?";
	code = sqlite3_errcode(db->db) & 0xff;
	/* A read-only or locked attached file: name that one, not the index. */
	for (int i = 0; i < 2; i++) {
		const char *schema = i ? "main" : "eng";
		const char *file = sqlite3_db_filename(db->db, schema);
		if (!file || !*file)
			continue;
		if (code == SQLITE_READONLY && sqlite3_db_readonly(db->db, schema) == 1) {
			snprintf(name, sizeof(name), "%s", file);
			return name;
		}
		if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
			sqlite3 *probe = NULL;
			int busy = 0;
			if (sqlite3_open_v2(file, &probe, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
				busy = (sqlite3_exec(probe, "BEGIN IMMEDIATE", NULL, NULL, NULL) & 0xff) == SQLITE_BUSY;
			sqlite3_close(probe);
			if (busy) {
				snprintf(name, sizeof(name), "%s", file);
				return name;
			}
		}
	}
	return db->path;
}

int cc_db_error(struct cc_db *db, const char *what)
{
	return cc_error("%s: database '%s': %s", what, cc_db_culprit(db),
			db && db->db ? sqlite3_errmsg(db->db) : "no database");
}

int cc_db_exec(struct cc_db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		cc_error("database '%s': %s", cc_db_culprit(db), msg ? msg : sqlite3_errmsg(db->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int cc_db_prepare(struct cc_db *db, sqlite3_stmt **out, const char *sql)
{
	if (sqlite3_prepare_v3(db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK) {
		cc_error("database '%s': cannot prepare statement: %s (in: %.80s)", cc_db_culprit(db),
			 sqlite3_errmsg(db->db), sql);
		return -1;
	}
	return 0;
}

int cc_db_meta_get(struct cc_db *db, const char *key, char **out)
{
	int rc;
	*out = NULL;
	if (!db->meta_get && cc_db_prepare(db, &db->meta_get, "SELECT value FROM meta WHERE key = ?1") < 0)
		return -1;
	sqlite3_bind_text(db->meta_get, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(db->meta_get);
	if (rc == SQLITE_ROW && sqlite3_column_text(db->meta_get, 0))
		*out = cc_xstrdup((const char *)sqlite3_column_text(db->meta_get, 0));
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		cc_db_error(db, "reading meta");
	sqlite3_reset(db->meta_get);
	sqlite3_clear_bindings(db->meta_get);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
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
			return cc_error("database '%s' is locked by another contentcal run (waited %d ms)",
					cc_db_culprit(db), CC_BUSY_TIMEOUT_MS);
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

/* ---- ownership: only files contentcal can prove it created are written ---- */

static const char *const index_has[] = {"meta", "assets", "problems", "history", NULL};
static const char *const index_lacks[] = {"engagement", "imports", NULL};
const struct cc_db_kind cc_db_index_kind = {
	CC_INDEX_APPLICATION_ID, "index", CC_SCHEMA_VERSION, index_has, index_lacks,
};

static int side_file_ok(const char *path, const char *suffix)
{
	char side[4096];
	struct stat st;
	snprintf(side, sizeof(side), "%s%s", path, suffix);
	if (lstat(side, &st) < 0)
		return errno == ENOENT ? 0 : cc_error("cannot inspect '%s': %s", side, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return cc_error("'%s' is %s, not a file contentcal created; refusing to use '%s'", side,
				S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file", path);
	return 0;
}

/* Whether an SQLite file with no application_id is one an older contentcal made. */
static bool legacy_ours(const char *path, const struct cc_db_kind *kind)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	bool ok = false;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		goto done;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		goto done;
	int version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (version < 1 || version > kind->version)
		goto done;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		goto done;
	ok = true;
	for (int pass = 0; pass < 2 && ok; pass++) {
		for (const char *const *t = pass ? kind->lacks : kind->has; *t && ok; t++) {
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, *t, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_ROW)
				ok = false;
			else if ((sqlite3_column_int(st, 0) > 0) == (pass == 1))
				ok = false;
		}
	}
done:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok;
}

int cc_db_identify(const char *path, const struct cc_db_kind *kind)
{
	struct stat st;
	unsigned char h[100];
	ssize_t n = 0;
	int fd;

	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return CC_DB_ABSENT;
		return cc_error("cannot inspect %s '%s': %s", kind->name, path, strerror(errno));
	}
	if (S_ISLNK(st.st_mode))
		return cc_error("'%s' is a symbolic link; contentcal only writes a %s file it created "
				"itself, not through a link (the file was left untouched)", path, kind->name);
	if (!S_ISREG(st.st_mode))
		return cc_error("'%s' is not a regular file; refusing to use it as the %s (it was left "
				"untouched)", path, kind->name);
	if (side_file_ok(path, "-wal") < 0 || side_file_ok(path, "-shm") < 0 ||
	    side_file_ok(path, "-journal") < 0)
		return -1;
	if (st.st_size == 0)
		return CC_DB_ABSENT;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return cc_error("cannot read %s '%s': %s", kind->name, path, strerror(errno));
	while (n < (ssize_t)sizeof(h)) {
		ssize_t r = read(fd, h + n, sizeof(h) - (size_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += r;
	}
	close(fd);
	if (n < (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16))
		return CC_DB_UNKNOWN;
	uint32_t id = (uint32_t)h[68] << 24 | (uint32_t)h[69] << 16 | (uint32_t)h[70] << 8 | h[71];
	if (id == kind->application_id)
		return CC_DB_OURS;
	if (id == 0 && legacy_ours(path, kind))
		return CC_DB_LEGACY;
	return cc_error("'%s' is an SQLite database that contentcal did not create as its %s "
			"(application_id %#x, expected %#x); refusing to touch it (it was left untouched)",
			path, kind->name, id, kind->application_id);
}

int cc_db_create_file(const char *path, const struct cc_db_kind *kind, const char *schema, bool *created)
{
	char tmp[4096];
	sqlite3 *db = NULL;
	struct cc_buf sql = CC_BUF_INIT;
	struct stat st;
	int ret = -1;
	char *msg = NULL;

	*created = false;
	snprintf(tmp, sizeof(tmp), "%s.new-%ld", path, (long)getpid());
	unlink(tmp);
	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		cc_error("cannot create %s '%s': %s", kind->name, tmp, db ? sqlite3_errmsg(db) : "out of memory");
		goto done;
	}
	cc_buf_addf(&sql, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; BEGIN; %s "
			  "PRAGMA application_id = %ld; PRAGMA user_version = %d; COMMIT;",
		    schema, (long)kind->application_id, kind->version);
	if (sqlite3_exec(db, sql.buf, NULL, NULL, &msg) != SQLITE_OK) {
		cc_error("cannot create %s '%s': %s", kind->name, path, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		goto done;
	}
	if (sqlite3_close(db) != SQLITE_OK) {
		cc_error("cannot create %s '%s': %s", kind->name, path, sqlite3_errmsg(db));
		goto done;
	}
	db = NULL;
	/* Into place atomically: link fails when another run got there first. */
	if (link(tmp, path) == 0) {
		*created = true;
		ret = 0;
	} else if (errno == EEXIST) {
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) {
			if (rename(tmp, path) == 0)
				*created = true;
		}
		ret = 0;
	} else {
		cc_error("cannot create %s '%s': %s", kind->name, path, strerror(errno));
	}
done:
	if (db)
		sqlite3_close(db);
	unlink(tmp);
	cc_buf_release(&sql);
	return ret;
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
	cc_buf_addf(&sql, "PRAGMA application_id = %ld; PRAGMA user_version = %d; COMMIT; PRAGMA foreign_keys = ON;",
		    (long)CC_INDEX_APPLICATION_ID, CC_SCHEMA_VERSION);
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

int cc_db_set_aside(const char *path)
{
	char *aside = sqlite3_mprintf("%s.corrupt", path);
	int ret = 0;
	if (rename(path, aside) < 0)
		ret = cc_error("cannot move the damaged index '%s' aside: %s", path, strerror(errno));
	sqlite3_free(aside);
	for (int i = 0; i < 2 && !ret; i++) {
		char *side = sqlite3_mprintf("%s%s", path, i ? "-shm" : "-wal");
		unlink(side);
		sqlite3_free(side);
	}
	return ret;
}

int cc_db_open(struct cc_db **out, const char *path, int flags)
{
	struct cc_db *db = cc_xcalloc(1, sizeof(*db));
	int version = -1, owner;
	bool created = false;

	*out = NULL;
	db->path = cc_xstrdup(path);
	if (!(flags & CC_DB_READONLY) && make_parents(path) < 0)
		goto fail;
	owner = cc_db_identify(path, &cc_db_index_kind);
	if (owner < 0)
		goto fail;
	if (owner != CC_DB_OURS && (flags & CC_DB_AS_IS)) {
		cc_error("'%s' is not a current contentcal index", path);
		goto fail;
	}
	if (owner == CC_DB_UNKNOWN) {
		/*
		 * Not an SQLite file: nothing proves contentcal made it, unless it
		 * lies in contentcal's own directory (the default location).
		 */
		if ((flags & CC_DB_READONLY) || !(flags & CC_DB_OWN_DIR)) {
			cc_error("'%s' is not a contentcal index (not an SQLite database); refusing to "
				 "touch it (it was left untouched)", path);
			goto fail;
		}
		if (cc_db_set_aside(path) < 0)
			goto fail;
		db->recovered = true;
		owner = CC_DB_ABSENT;
	}
	if (owner == CC_DB_ABSENT) {
		if (flags & CC_DB_READONLY) {
			cc_error("index '%s' does not exist; run 'contentcal index'", path);
			goto fail;
		}
		struct cc_buf sql = CC_BUF_INIT;
		cc_buf_adds(&sql, schema_sql);
		cc_buf_adds(&sql, cc_db_index_sql);
		int r = cc_db_create_file(path, &cc_db_index_kind, sql.buf, &created);
		cc_buf_release(&sql);
		if (r < 0)
			goto fail;
		if (!created && (owner = cc_db_identify(path, &cc_db_index_kind)) != CC_DB_OURS) {
			if (owner >= 0)
				cc_error("'%s' appeared while contentcal created it and is not a contentcal "
					 "index; it was left untouched", path);
			goto fail;
		}
		db->rebuilt = true;
	}
	if (open_raw(db, flags) < 0)
		goto fail;
	if (user_version(db, &version) < 0 || ((flags & CC_DB_AS_IS) && version != CC_SCHEMA_VERSION)) {
		/* Ours (its application_id says so) but damaged beyond reading. */
		if (flags & (CC_DB_READONLY | CC_DB_AS_IS)) {
			cc_error("'%s' is not a readable contentcal index (%s)", path, sqlite3_errmsg(db->db));
			goto fail;
		}
		sqlite3_close(db->db);
		db->db = NULL;
		if (cc_db_set_aside(path) < 0)
			goto fail;
		cc_db_close(db);
		if (cc_db_open(&db, path, flags) < 0)
			return -1;
		db->recovered = true;
		*out = db;
		return 0;
	}
	if (flags & CC_DB_READONLY) {
		if (version != CC_SCHEMA_VERSION) {
			cc_error("index '%s' has schema version %d, expected %d; run 'contentcal index'",
				 path, version, CC_SCHEMA_VERSION);
			goto fail;
		}
	} else {
		/*
		 * Back to WAL if a cold build left it in rollback mode. While
		 * another run builds (holding the file in rollback mode) the switch
		 * is refused as busy without waiting: this run then works in
		 * rollback mode, waiting on the lock like any writer, and that run
		 * switches back when it is done.
		 */
		if (!(flags & CC_DB_AS_IS) && sqlite3_exec(db->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK &&
		    (sqlite3_errcode(db->db) & 0xff) != SQLITE_BUSY) {
			cc_db_error(db, "cannot set the journal mode");
			goto fail;
		}
		if (cc_db_exec(db, "PRAGMA synchronous = NORMAL;"
				   "PRAGMA foreign_keys = ON;"
				   "PRAGMA cache_size = -16384;") < 0)
			goto fail;
		if (version != CC_SCHEMA_VERSION && create_schema(db) < 0)
			goto fail;
		if (owner == CC_DB_LEGACY && version == CC_SCHEMA_VERSION) {
			char *q = sqlite3_mprintf("PRAGMA application_id = %ld;", (long)CC_INDEX_APPLICATION_ID);
			int r = cc_db_exec(db, q);
			sqlite3_free(q);
			if (r < 0)
				goto fail;
		}
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
	sqlite3_finalize(db->meta_get);
	if (db->db)
		sqlite3_close_v2(db->db);
	free(db->path);
	free(db);
}

/* ---- files beside the index, attached to it ---- */

char *cc_db_sibling_path(const char *index_path, const char *name)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *slash = strrchr(index_path, '/');
	const char *base = slash ? slash + 1 : index_path;
	size_t n = strlen(base);

	cc_buf_add(&b, index_path, (size_t)(base - index_path));
	if (!strcmp(base, "index.db")) {
		cc_buf_addf(&b, "%s.db", name);
	} else if (!strncmp(base, "index-", 6)) {
		cc_buf_adds(&b, name);
		cc_buf_adds(&b, base + 5);
	} else {
		if (n > 3 && !strcmp(base + n - 3, ".db"))
			n -= 3;
		cc_buf_add(&b, base, n);
		cc_buf_addf(&b, "-%s.db", name);
	}
	return cc_buf_detach(&b, NULL);
}

bool cc_db_cache_begin(struct cc_db *db, const char *name, const char *sql)
{
	char *begin = sqlite3_mprintf("SAVEPOINT \"%w\"", name);
	bool ok;
	sqlite3_busy_timeout(db->db, 0);
	ok = begin && sqlite3_exec(db->db, begin, NULL, NULL, NULL) == SQLITE_OK &&
	     sqlite3_exec(db->db, sql, NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_free(begin);
	return ok;
}

void cc_db_cache_end(struct cc_db *db, const char *name, bool ok)
{
	char *release = sqlite3_mprintf("RELEASE \"%w\"", name);
	char *undo = sqlite3_mprintf("ROLLBACK TO \"%w\"; RELEASE \"%w\"", name, name);
	if (release && undo && (!ok || sqlite3_exec(db->db, release, NULL, NULL, NULL) != SQLITE_OK))
		sqlite3_exec(db->db, undo, NULL, NULL, NULL);
	sqlite3_busy_timeout(db->db, CC_BUSY_TIMEOUT_MS);
	sqlite3_free(release);
	sqlite3_free(undo);
}

void cc_db_cache_put(struct cc_db *db, const char *table, const char *key, const void *data, size_t len)
{
	sqlite3_stmt *st = NULL;
	char *create = sqlite3_mprintf("CREATE TABLE IF NOT EXISTS \"%w\"(key TEXT PRIMARY KEY, data BLOB NOT NULL); "
				       "DELETE FROM \"%w\"",
				       table, table);
	char *insert = sqlite3_mprintf("INSERT INTO \"%w\"(key, data) VALUES (?1, ?2)", table);
	bool ok = create && insert && len <= INT_MAX && cc_db_cache_begin(db, table, create) &&
		  sqlite3_prepare_v2(db->db, insert, -1, &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 2, len ? data : "", (int)len, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	cc_db_cache_end(db, table, ok);
	sqlite3_free(create);
	sqlite3_free(insert);
}

bool cc_db_attached(struct cc_db *db, const char *schema)
{
	sqlite3_stmt *st = NULL;
	bool found = false;
	if (sqlite3_prepare_v2(db->db, "PRAGMA database_list", -1, &st, NULL) != SQLITE_OK)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW)
		if (!strcmp((const char *)sqlite3_column_text(st, 1), schema))
			found = true;
	sqlite3_finalize(st);
	return found;
}

int cc_db_int(struct cc_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int cc_db_create_owned(const char *path, const struct cc_db_kind *kind, const char *schema, const char *what,
		       bool legacy_ok, int *owner)
{
	bool created = false;
	if (cc_db_create_file(path, kind, schema, &created) < 0)
		return -1;
	*owner = CC_DB_OURS;
	if (created)
		return 0;
	/* Another process created it first: it must be ours all the same. */
	*owner = cc_db_identify(path, kind);
	if (*owner == CC_DB_OURS || (legacy_ok && *owner == CC_DB_LEGACY))
		return 0;
	if (*owner >= 0)
		cc_error("'%s' appeared while contentcal created it and is not a contentcal %s database; it "
			 "was left untouched",
			 path, what);
	return -1;
}

int cc_db_attach_file(struct cc_db *db, const char *path, const char *schema, const struct cc_db_kind *kind,
		      int *version)
{
	sqlite3_stmt *st = NULL;
	char *sql = sqlite3_mprintf("ATTACH ?1 AS \"%w\"", schema);
	int rc = sqlite3_prepare_v2(db->db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		struct cc_buf what = CC_BUF_INIT;
		cc_buf_addf(&what, "cannot attach the %s", kind->name);
		cc_db_error(db, what.buf);
		cc_buf_release(&what);
		return -1;
	}
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		cc_error("cannot open %s '%s': %s", kind->name, path, sqlite3_errmsg(db->db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	*version = 0;
	sql = sqlite3_mprintf("PRAGMA \"%w\".user_version", schema);
	rc = cc_db_int(db, sql, version);
	sqlite3_free(sql);
	if (rc < 0) {
		cc_error("cannot read %s '%s': %s; it was left untouched", kind->name, path, sqlite3_errmsg(db->db));
		goto detach;
	}
	if (*version > kind->version) {
		cc_error("%s '%s' has version %d, newer than this contentcal understands (%d); it was left "
			 "untouched — use a newer contentcal",
			 kind->name, path, *version, kind->version);
		goto detach;
	}
	if (sqlite3_db_readonly(db->db, schema) != 1) {
		sql = sqlite3_mprintf("PRAGMA \"%w\".journal_mode = WAL; PRAGMA \"%w\".synchronous = NORMAL;", schema,
				      schema);
		rc = cc_db_exec(db, sql);
		sqlite3_free(sql);
		if (rc < 0)
			goto detach;
	}
	return 0;
detach:
	cc_db_detach(db, schema);
	return -1;
}

void cc_db_detach(struct cc_db *db, const char *schema)
{
	char *sql = sqlite3_mprintf("DETACH \"%w\"", schema);
	sqlite3_exec(db->db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
}

void cc_db_bind_problem(sqlite3_stmt *st, int at, const struct cc_problem *p)
{
	sqlite3_bind_text(st, at, p->path, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, at + 1, p->line);
	sqlite3_bind_int(st, at + 2, p->col);
	sqlite3_bind_int(st, at + 3, p->severity);
	sqlite3_bind_text(st, at + 4, p->rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, at + 5, p->message, -1, SQLITE_STATIC);
}

int cc_db_problems_store(struct cc_db *db, const char *table, const struct cc_problems *list, const char *what)
{
	sqlite3_stmt *st = NULL;
	int ret = 0;
	char *sql = sqlite3_mprintf("INSERT INTO \"%w\"(path, line, col, severity, rule, message) "
				    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", table);
	ret = cc_db_prepare(db, &st, sql);
	sqlite3_free(sql);
	for (size_t i = 0; i < list->n && !ret; i++) {
		cc_db_bind_problem(st, 1, &list->v[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			ret = cc_db_error(db, what);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return ret;
}
