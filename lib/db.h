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
#include <stddef.h>
#include <stdint.h>

#define CC_SCHEMA_VERSION 12
#define CC_BUSY_TIMEOUT_MS 10000

/*
 * The SQLite application_id of each kind of file contentcal creates
 * (docs/schema.md): "CCix" for the index, "CCeg" for the engagement file,
 * "CCcr" for the CRM file (crm.h).
 */
#define CC_INDEX_APPLICATION_ID 0x43436978u
#define CC_ENGAGEMENT_APPLICATION_ID 0x43436567u
#define CC_CRM_APPLICATION_ID 0x43436372u

enum cc_db_flags {
	CC_DB_READONLY = 1, /* open read-only (sql command); fails if the file is missing */
	CC_DB_OWN_DIR = 2,  /* the file lies in contentcal's own directory (GIT_DIR/contentcal):
			     * a file there that is not even SQLite is taken as a damaged index */
	CC_DB_AS_IS = 4,    /* the index as it is, or fail: nothing is created, set aside or
			     * migrated (a missing, damaged or older file is left to an open without) */
};

/* A kind of database file contentcal creates, and how to recognise one. */
struct cc_db_kind {
	uint32_t application_id;
	const char *name;           /* "index", "engagement file" (for messages) */
	int version;                /* the current PRAGMA user_version */
	const char *const *has;     /* tables an older file of this kind (no application_id) has */
	const char *const *lacks;   /* … and does not have */
};
extern const struct cc_db_kind cc_db_index_kind;

enum cc_db_owner {
	CC_DB_ABSENT = 0,  /* no file, or an empty one: may be created */
	CC_DB_OURS = 1,    /* an SQLite file with the kind's application_id */
	CC_DB_LEGACY = 2,  /* no application_id, but an older contentcal's file of this kind */
	CC_DB_UNKNOWN = 3, /* not an SQLite file (random bytes, text, a damaged header) */
};

/*
 * Tells whether path is a file contentcal made (enum cc_db_owner), or -1
 * with cc_error naming the file when it is a symbolic link, not a regular
 * file, has a -wal/-shm side file that is not a regular file, or is an
 * SQLite database of someone else's (another application_id, or none and
 * not the tables of an older contentcal). Reads the file, never writes.
 */
int cc_db_identify(const char *path, const struct cc_db_kind *kind);

/*
 * Creates the database at path atomically: under a temporary name in the
 * same directory, schema (SQL of CREATE statements) and application_id and
 * user_version of kind inside, then linked into place. *created is false
 * when another process created path first (the caller identifies it
 * again). Returns 0, or -1 with cc_error set.
 */
int cc_db_create_file(const char *path, const struct cc_db_kind *kind, const char *schema, bool *created);



struct cc_db {
	sqlite3 *db;
	char *path;
	bool rebuilt;   /* the schema was (re)created by this open */
	bool recovered; /* a damaged file was moved to PATH.corrupt by this open */
	sqlite3_stmt *meta_get; /* cc_db_meta_get's statement, prepared once */
};

/* Moves an unusable file of ours to PATH.corrupt and removes its -wal and
 * -shm files (only ever called on a file cc_db_identify said is ours, or
 * one in contentcal's own directory). Returns 0, or -1 with cc_error set. */
int cc_db_set_aside(const char *path);

/* The file an SQLite error on db concerns: the attached engagement file
 * when it is the read-only or the locked one, else db->path. */
const char *cc_db_culprit(struct cc_db *db);

/* True when the last error on db says the file is damaged (SQLITE_CORRUPT,
 * SQLITE_NOTADB): the index should be set aside and rebuilt. */
bool cc_db_corrupt(const struct cc_db *db);

/* Runs PRAGMA integrity_check: 1 when the file is sound, 0 when damaged
 * (cc_error holds the first complaint), -1 when the check itself failed. */
int cc_db_check(struct cc_db *db);

/*
 * Opens (creating parent directories and the file as needed) the index at
 * path. Only a file contentcal can prove it made (cc_db_identify) is ever
 * rebuilt or moved aside; any other file is refused (-1, left untouched).
 * An index of ours that cannot be read, or (with CC_DB_OWN_DIR) a file
 * that is not SQLite at all, is moved aside to PATH.corrupt and rebuilt
 * (recovered = rebuilt = true). Returns 0, or -1 with cc_error set.
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

/*
 * Files beside the index, attached to its connection (the engagement, CRM
 * and activity files). cc_db_sibling_path gives the file called name next
 * to index_path: "NAME.db" for "index.db", "NAME-x.db" for "index-x.db",
 * "x-NAME.db" for any other "x.db". New string.
 */
char *cc_db_sibling_path(const char *index_path, const char *name);

/* True when a database is attached to db as schema. */
bool cc_db_attached(struct cc_db *db, const char *schema);

/*
 * Writing a derived cache (search's priors, the intent set): what is
 * written must never wait for a lock nor fail the caller; a cache that
 * could not be written is computed again next time. cc_db_cache_begin
 * sets the busy timeout to 0, opens SAVEPOINT name and runs sql (which
 * makes or empties the cache's tables); it returns whether the writing can
 * go on. cc_db_cache_end, called in every case, releases the savepoint
 * when ok (else rolls it back, leaving the tables as they were) and puts
 * the busy timeout back to CC_BUSY_TIMEOUT_MS.
 */
bool cc_db_cache_begin(struct cc_db *db, const char *name, const char *sql);
void cc_db_cache_end(struct cc_db *db, const char *name, bool ok);
/*
 * One cache row, as above: table (a name written by the code, created when
 * missing as (key TEXT PRIMARY KEY, data BLOB NOT NULL)) is left holding
 * only key with data[0..len), or as it was.
 */
void cc_db_cache_put(struct cc_db *db, const char *table, const char *key, const void *data, size_t len);

/* Runs sql (a query or PRAGMA) and reads the first column of its first row
 * into *out. Returns 0, or -1 (nothing set, no message) when it fails or
 * gives no row. */
int cc_db_int(struct cc_db *db, const char *sql, int *out);

/*
 * Creates the file of kind at path (cc_db_create_file) with schema; when
 * another process created it first, identifies it again: it must be ours
 * (or, with legacy_ok, an older contentcal's). *owner receives its
 * enum cc_db_owner. Returns 0, or -1 with cc_error set ("… is not a
 * contentcal WHAT database; it was left untouched").
 */
int cc_db_create_owned(const char *path, const struct cc_db_kind *kind, const char *schema, const char *what,
		       bool legacy_ok, int *owner);

/*
 * ATTACHes path (already identified as ours) to db as schema, reads its
 * user_version into *version, refuses one newer than kind->version, and
 * puts a writable file in WAL mode. Returns 0, or -1 with cc_error naming
 * the file (and nothing left attached).
 */
int cc_db_attach_file(struct cc_db *db, const char *path, const char *schema, const struct cc_db_kind *kind,
		      int *version);

/* DETACHes schema, ignoring any error. */
void cc_db_detach(struct cc_db *db, const char *schema);

/*
 * Appends every problem of list to table ("problems", whose asset stays
 * NULL, or the committed exports' "c_problems"), one row each. Returns 0,
 * or -1 with cc_error ("WHAT: database …") on the first failure.
 */
struct cc_problems;
struct cc_problem;
int cc_db_problems_store(struct cc_db *db, const char *table, const struct cc_problems *list, const char *what);
/* Binds p's path, line, col, severity, rule and message to parameters at..at+5 (the text not copied). */
void cc_db_bind_problem(sqlite3_stmt *st, int at, const struct cc_problem *p);

#endif
