/*
 * sqlrun.h — one read-only SQL statement on the index, its rows streamed
 * as text (aligned columns), JSON (an array of typed objects) or CSV.
 *
 * The index file is opened with SQLITE_OPEN_READONLY, so a write is
 * refused by SQLite itself; on top of that the statement must pass
 * sqlite3_stmt_readonly() (which also refuses writes to TEMP tables), and
 * an authorizer denies ATTACH, DETACH and every PRAGMA but a list of
 * read-only ones. The engagement database, when it exists, is attached
 * read-only as "engagement" first. Memory does not grow with the result.
 */
#ifndef CC_SQLRUN_H
#define CC_SQLRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "db.h"
#include "render.h"

struct cc_sql_options {
	enum cc_format format; /* CC_FMT_TEXT, CC_FMT_JSON or CC_FMT_CSV */
	double timeout;        /* seconds of computing before the statement is stopped; 0 = none */
	long max_rows;         /* rows written at most; 0 = all; -1 = the default (text 10000, else all) */
};

struct cc_sql_stats {
	size_t rows; /* rows written */
	bool cut;    /* more rows than max_rows existed */
};

/*
 * Opens db_path read-only for cc_sql_run, with the engagement database
 * beside it attached when there is one. Returns 0 (*warning: a new
 * string saying why engagement data is missing, or NULL), or -1 with
 * cc_error.
 */
int cc_sql_open(struct cc_db **out, const char *db_path, char **warning);

/*
 * Runs the one statement of sql on db (from cc_sql_open) and writes its
 * rows to out. Returns 0; -1 with cc_error on a refused statement, an SQL
 * error or the timeout (output may be incomplete: JSON then stays an open
 * array); -2 with cc_error when sql holds no statement or several.
 */
int cc_sql_run(struct cc_db *db, const char *sql, const struct cc_sql_options *o, FILE *out,
	       struct cc_sql_stats *stats);

#endif
