/*
 * activity.c — the activity file of `serve` and the demand report (see
 * activity.h).
 */
#include "activity.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "date.h"
#include "problem.h"
#include "text.h"

#define QUEUE_MAX 100000

enum ev_kind { EV_SEARCH, EV_SHARE };

struct event {
	enum ev_kind kind;
	int64_t at;
	struct cc_activity_search s; /* EV_SEARCH */
	char *path, *slug;           /* EV_SHARE */
};

struct cc_activity {
	struct cc_db *db;
	pthread_mutex_t lock;
	struct event *q;
	size_t n, alloc;
	size_t dropped;
};

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS searches(id INTEGER PRIMARY KEY, at INTEGER NOT NULL,\n"
	"  day INTEGER NOT NULL, query TEXT NOT NULL, persona TEXT, stage TEXT, topic TEXT,\n"
	"  format TEXT, results INTEGER NOT NULL, fallback INTEGER NOT NULL DEFAULT 0,\n"
	"  source TEXT NOT NULL DEFAULT 'search');\n"
	"CREATE INDEX IF NOT EXISTS searches_day ON searches(day);\n"
	"CREATE TABLE IF NOT EXISTS shares(id INTEGER PRIMARY KEY, at INTEGER NOT NULL,\n"
	"  day INTEGER NOT NULL, path TEXT NOT NULL, slug TEXT NOT NULL);\n"
	"CREATE INDEX IF NOT EXISTS shares_day ON shares(day);\n";

char *cc_activity_path(const char *index_path)
{
	return cc_db_sibling_path(index_path, "activity");
}

int cc_activity_open(struct cc_activity **out, const char *path, bool readonly)
{
	struct cc_activity *a = cc_xcalloc(1, sizeof(*a));
	struct stat sb;
	bool existed = stat(path, &sb) == 0 && sb.st_size > 0;
	int app = 0, version = 0, tables = 0;

	*out = NULL;
	pthread_mutex_init(&a->lock, NULL);
	a->db = cc_xcalloc(1, sizeof(*a->db));
	a->db->path = cc_xstrdup(path);
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &a->db->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		cc_error("cannot open activity file '%s': %s", path,
			 a->db->db ? sqlite3_errmsg(a->db->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(a->db->db, CC_BUSY_TIMEOUT_MS);
	if (cc_db_int(a->db, "PRAGMA application_id", &app) < 0 ||
	    cc_db_int(a->db, "PRAGMA user_version", &version) < 0 ||
	    cc_db_int(a->db, "SELECT count(*) FROM sqlite_schema", &tables) < 0) {
		cc_error("'%s' is not a contentcal activity file (%s); it was left untouched", path,
			 sqlite3_errmsg(a->db->db));
		goto fail;
	}
	if (existed && (app != CC_ACTIVITY_APP_ID && (app != 0 || tables > 0))) {
		cc_error("'%s' is not a contentcal activity file; it was left untouched", path);
		goto fail;
	}
	if (version > CC_ACTIVITY_VERSION) {
		cc_error("activity file '%s' has version %d, newer than this contentcal understands (%d); "
			 "it was left untouched", path, version, CC_ACTIVITY_VERSION);
		goto fail;
	}
	if (readonly) {
		if (app != CC_ACTIVITY_APP_ID) {
			cc_error("'%s' is not a contentcal activity file", path);
			goto fail;
		}
		*out = a;
		return 0;
	}
	if (cc_db_exec(a->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;") < 0)
		goto fail;
	if (app != CC_ACTIVITY_APP_ID || version != CC_ACTIVITY_VERSION) {
		struct cc_buf sql = CC_BUF_INIT;
		cc_buf_addf(&sql, "BEGIN IMMEDIATE; %s PRAGMA application_id = %d; PRAGMA user_version = %d; COMMIT;",
			    schema_sql, CC_ACTIVITY_APP_ID, CC_ACTIVITY_VERSION);
		int r = cc_db_exec(a->db, sql.buf);
		cc_buf_release(&sql);
		if (r < 0) {
			sqlite3_exec(a->db->db, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
	}
	*out = a;
	return 0;
fail:
	cc_activity_close(a);
	return -1;
}

static void event_release(struct event *e)
{
	free(e->s.query);
	free(e->s.persona);
	free(e->s.stage);
	free(e->s.topic);
	free(e->s.format);
	free(e->path);
	free(e->slug);
}

void cc_activity_close(struct cc_activity *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		event_release(&a->q[i]);
	free(a->q);
	cc_db_close(a->db);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

static char *dup_or_null(const char *s)
{
	return s && *s ? cc_xstrdup(s) : NULL;
}

static struct event *push(struct cc_activity *a)
{
	if (a->n >= QUEUE_MAX) {
		a->dropped++;
		return NULL;
	}
	CC_GROW(a->q, a->alloc, a->n + 1);
	struct event *e = &a->q[a->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

void cc_activity_queue_search(struct cc_activity *a, const struct cc_activity_search *s, int64_t at)
{
	pthread_mutex_lock(&a->lock);
	struct event *e = push(a);
	if (e) {
		e->kind = EV_SEARCH;
		e->at = at;
		e->s.query = cc_xstrdup(s->query ? s->query : "");
		e->s.persona = dup_or_null(s->persona);
		e->s.stage = dup_or_null(s->stage);
		e->s.topic = dup_or_null(s->topic);
		e->s.format = dup_or_null(s->format);
		e->s.results = s->results;
		e->s.fallback = s->fallback;
		e->s.source = s->source ? s->source : "search";
	}
	pthread_mutex_unlock(&a->lock);
}

void cc_activity_queue_share(struct cc_activity *a, const char *path, const char *slug, int64_t at)
{
	pthread_mutex_lock(&a->lock);
	struct event *e = push(a);
	if (e) {
		e->kind = EV_SHARE;
		e->at = at;
		e->path = cc_xstrdup(path);
		e->slug = cc_xstrdup(slug);
	}
	pthread_mutex_unlock(&a->lock);
}

size_t cc_activity_dropped(struct cc_activity *a)
{
	pthread_mutex_lock(&a->lock);
	size_t n = a->dropped;
	pthread_mutex_unlock(&a->lock);
	return n;
}

struct cc_db *cc_activity_db(struct cc_activity *a)
{
	return a->db;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

long cc_activity_flush(struct cc_activity *a)
{
	struct event *q;
	size_t n;
	sqlite3_stmt *ss = NULL, *sh = NULL;
	long ret = -1;

	/* Take the queue; new events go to a fresh one meanwhile. */
	pthread_mutex_lock(&a->lock);
	q = a->q;
	n = a->n;
	a->q = NULL;
	a->n = a->alloc = 0;
	pthread_mutex_unlock(&a->lock);
	if (!n) {
		free(q);
		return 0;
	}
	if (cc_db_exec(a->db, "BEGIN IMMEDIATE") < 0)
		goto requeue;
	if (cc_db_prepare(a->db, &ss, "INSERT INTO searches(at, day, query, persona, stage, topic, format, "
				      "results, fallback, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)") < 0 ||
	    cc_db_prepare(a->db, &sh, "INSERT INTO shares(at, day, path, slug) VALUES (?1, ?2, ?3, ?4)") < 0)
		goto rollback;
	for (size_t i = 0; i < n; i++) {
		struct event *e = &q[i];
		sqlite3_stmt *st = e->kind == EV_SEARCH ? ss : sh;
		int64_t day = e->at >= 0 ? e->at / 86400 : -((-e->at + 86399) / 86400);
		sqlite3_bind_int64(st, 1, e->at);
		sqlite3_bind_int64(st, 2, day);
		if (e->kind == EV_SEARCH) {
			sqlite3_bind_text(st, 3, e->s.query, -1, SQLITE_STATIC);
			bind_opt(st, 4, e->s.persona);
			bind_opt(st, 5, e->s.stage);
			bind_opt(st, 6, e->s.topic);
			bind_opt(st, 7, e->s.format);
			sqlite3_bind_int64(st, 8, e->s.results);
			sqlite3_bind_int(st, 9, e->s.fallback);
			sqlite3_bind_text(st, 10, e->s.source, -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_text(st, 3, e->path, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, e->slug, -1, SQLITE_STATIC);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			cc_db_error(a->db, "cannot record activity");
			goto rollback;
		}
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	if (cc_db_exec(a->db, "COMMIT") < 0)
		goto rollback;
	for (size_t i = 0; i < n; i++)
		event_release(&q[i]);
	free(q);
	sqlite3_finalize(ss);
	sqlite3_finalize(sh);
	return (long)n;
rollback:
	sqlite3_exec(a->db->db, "ROLLBACK", NULL, NULL, NULL);
requeue:
	sqlite3_finalize(ss);
	sqlite3_finalize(sh);
	/* Put the events back in front of whatever arrived meanwhile. */
	pthread_mutex_lock(&a->lock);
	size_t total = n + a->n, alloc = n;
	CC_GROW(q, alloc, total);
	memcpy(q + n, a->q, a->n * sizeof(*q));
	free(a->q);
	a->q = q;
	a->n = total;
	a->alloc = alloc;
	pthread_mutex_unlock(&a->lock);
	return ret;
}

/* ---- demand ---- */

static json_t *col_json(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return json_null();
	if (sqlite3_column_type(st, i) == SQLITE_INTEGER)
		return json_integer(sqlite3_column_int64(st, i));
	return cc_json_text((const char *)sqlite3_column_text(st, i));
}

static json_t *day_json(sqlite3_stmt *st, int i)
{
	char d[11];
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return json_null();
	cc_day_format(d, sqlite3_column_int64(st, i));
	return json_string(d);
}

/* Rows of sql (binding ?1 since, ?2 weak, ?3 limit, ?4 until) as objects named by keys;
 * keys ending in '@' are days. */
static int rows_json(struct cc_db *db, const char *sql, const char *const *keys, const struct cc_demand_options *o,
		     json_t *arr)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (cc_db_prepare(db, &st, sql) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, o->since);
	sqlite3_bind_int64(st, 2, o->weak > 0 ? o->weak : 3);
	sqlite3_bind_int64(st, 3, o->limit > 0 ? o->limit : 20);
	sqlite3_bind_int64(st, 4, o->until > 0 ? o->until : INT64_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *obj = json_object();
		for (int i = 0; keys[i]; i++) {
			size_t kl = strlen(keys[i]);
			if (keys[i][kl - 1] == '@') {
				char *k = cc_xstrndup(keys[i], kl - 1);
				json_object_set_new(obj, k, day_json(st, i));
				free(k);
			} else {
				json_object_set_new(obj, keys[i], col_json(st, i));
			}
		}
		json_array_append_new(arr, obj);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cc_db_error(db, "cannot read the activity file");
	return 0;
}

static long count_of(struct cc_db *db, const char *sql, int64_t since)
{
	sqlite3_stmt *st = NULL;
	long n = -1;
	if (cc_db_prepare(db, &st, sql) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

json_t *cc_demand_compute(struct cc_db *db, const struct cc_demand_options *o)
{
	static const char *const unmet_keys[] = {"query", "persona", "stage", "topic", "format",
						 "searches", "zero", "best_results", "last@", NULL};
	static const char *const cell_keys[] = {"persona", "stage", "asked", "last@", NULL};
	static const char *const shared_keys[] = {"path", "slug", "shares", "last@", NULL};
	json_t *unmet = json_array(), *cells = json_array(), *shared = json_array();
	long searches = count_of(db, "SELECT count(*) FROM searches WHERE day >= ?1", o->since);
	long shares = count_of(db, "SELECT count(*) FROM shares WHERE day >= ?1", o->since);
	char since[11];

	if (searches < 0 || shares < 0 ||
	    rows_json(db,
		      "SELECT query, persona, stage, topic, format, count(*) AS n, sum(results = 0), max(results), "
		      "max(day) FROM searches WHERE day >= ?1 AND day <= ?4 AND source = 'search' "
		      "GROUP BY query, persona, stage, topic, format HAVING max(results) < ?2 "
		      "ORDER BY n DESC, sum(results = 0) DESC, query LIMIT ?3",
		      unmet_keys, o, unmet) < 0 ||
	    rows_json(db,
		      "SELECT persona, stage, count(*) AS n, max(day) FROM searches WHERE day >= ?1 AND day <= ?4 "
		      "AND persona IS NOT NULL AND stage IS NOT NULL AND instr(persona, ',') = 0 "
		      "AND instr(stage, ',') = 0 AND topic IS NULL AND format IS NULL AND results = 0 AND query = '' "
		      "GROUP BY persona, stage ORDER BY n DESC, persona, stage LIMIT ?3",
		      cell_keys, o, cells) < 0 ||
	    rows_json(db,
		      "SELECT path, slug, count(*) AS n, max(day) FROM shares WHERE day >= ?1 AND day <= ?4 "
		      "GROUP BY path ORDER BY n DESC, path LIMIT ?3",
		      shared_keys, o, shared) < 0) {
		json_decref(unmet);
		json_decref(cells);
		json_decref(shared);
		return NULL;
	}
	if (o->since != INT64_MIN)
		cc_day_format(since, o->since);
	return json_pack("{s:i, s:o, s:I, s:I, s:I, s:o, s:o, s:o}", "version", 1, "since",
			 o->since == INT64_MIN ? json_null() : json_string(since), "weak_below",
			 (json_int_t)(o->weak > 0 ? o->weak : 3), "searches", (json_int_t)searches, "shares",
			 (json_int_t)shares, "unmet", unmet, "cells", cells, "shared", shared);
}

int cc_demand_csv(struct cc_db *db, const struct cc_demand_options *o, struct cc_buf *out)
{
	sqlite3_stmt *st = NULL;
	int rc;
	char d[11];
	if (cc_db_prepare(db, &st, "SELECT path, day, count(*) FROM shares WHERE day >= ?1 "
				   "GROUP BY path, day ORDER BY path, day") < 0)
		return -1;
	sqlite3_bind_int64(st, 1, o->since);
	cc_buf_adds(out, "asset,date,metric,value\n");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cc_buf_add_csv(out, (const char *)sqlite3_column_text(st, 0));
		cc_day_format(d, sqlite3_column_int64(st, 1));
		cc_buf_addf(out, ",%s,shares,%lld\n", d, (long long)sqlite3_column_int64(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cc_db_error(db, "cannot read the activity file");
	return 0;
}
