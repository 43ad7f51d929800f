/*
 * db.h — the SQLite index: schema, versioning, meta values.
 *
 * The index is derived data: everything in it can be rebuilt from git and
 * the config, so when PRAGMA user_version differs from CC_SCHEMA_VERSION
 * the tables are dropped and created again (and the next index run is a
 * cold one). Engagement data is primary and lives in a separate file
 * (see engagement.h); nothing here ever touches it.
 *
 * The database runs in WAL mode so readers work while a writer runs; a
 * second writer waits up to the busy timeout and then fails naming the lock.
 * The documented schema is docs/schema.md.
 */
#ifndef CC_DB_H
#define CC_DB_H

#include <sqlite3.h>
#include <stdbool.h>

#define CC_SCHEMA_VERSION 6
#define CC_BUSY_TIMEOUT_MS 10000

enum cc_db_flags {
	CC_DB_READONLY = 1, /* open read-only (sql command); fails if the file is missing */
};

struct cc_db {
	sqlite3 *db;
	char *path;
	bool rebuilt;   /* the schema was (re)created by this open */
	bool recovered; /* a damaged file was moved to PATH.corrupt by this open */
};

/* True when the last error on db says the file is damaged (SQLITE_CORRUPT,
 * SQLITE_NOTADB): the index should be set aside and rebuilt. */
bool cc_db_corrupt(const struct cc_db *db);

/* Runs PRAGMA integrity_check: 1 when the file is sound, 0 when damaged
 * (cc_error holds the first complaint), -1 when the check itself failed. */
int cc_db_check(struct cc_db *db);

/*
 * Opens (creating parent directories and the file as needed) the index at
 * path. A file that is not a database, or fails a quick check, is moved
 * aside to PATH.corrupt and rebuilt (rebuilt = true). Returns 0, or -1
 * with cc_error set.
 */
int cc_db_open(struct cc_db **out, const char *path, int flags);
void cc_db_close(struct cc_db *db);

/* The secondary indexes of the schema (CREATE INDEX IF NOT EXISTS …). */
extern const char cc_db_index_sql[];

/* Runs SQL with no results; -1 with cc_error on failure. */
int cc_db_exec(struct cc_db *db, const char *sql);
/* Prepares a statement; -1 with cc_error naming the SQL on failure. */
int cc_db_prepare(struct cc_db *db, sqlite3_stmt **out, const char *sql);

/* Reads a meta value into a new string (*out NULL when absent). */
int cc_db_meta_get(struct cc_db *db, const char *key, char **out);
int cc_db_meta_set(struct cc_db *db, const char *key, const char *value);

int cc_db_begin(struct cc_db *db);    /* BEGIN IMMEDIATE: takes the write lock now */
int cc_db_commit(struct cc_db *db);
void cc_db_rollback(struct cc_db *db);

/* Records the SQLite error of db as cc_error, prefixed with what. Returns -1. */
int cc_db_error(struct cc_db *db, const char *what);

#endif
