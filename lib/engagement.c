/*
 * engagement.c — the engagement file (attach, version, schema) and CSV
 * import with libcsv (see engagement.h).
 */
#include "engagement.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "date.h"
#include "text.h"

static const char eng_schema[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE assets(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE engagement(asset INTEGER NOT NULL, metric TEXT NOT NULL,\n"
	"  day INTEGER NOT NULL, source TEXT NOT NULL, value REAL NOT NULL, batch INTEGER NOT NULL,\n"
	"  prev REAL, PRIMARY KEY(asset, metric, day, source)) WITHOUT ROWID;\n"
	"CREATE TABLE unmatched(name TEXT NOT NULL, metric TEXT NOT NULL, day INTEGER NOT NULL,\n"
	"  source TEXT NOT NULL, value REAL NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,\n"
	"  reason TEXT NOT NULL, PRIMARY KEY(name, metric, day, source)) WITHOUT ROWID;\n"
	"CREATE TABLE imports(id INTEGER PRIMARY KEY, file TEXT NOT NULL, source TEXT NOT NULL,\n"
	"  at TEXT NOT NULL, rows INTEGER NOT NULL, stored INTEGER NOT NULL, replaced INTEGER NOT NULL,\n"
	"  unchanged INTEGER NOT NULL, unknown INTEGER NOT NULL, bad INTEGER NOT NULL);\n"
	"INSERT INTO meta(key, value) VALUES ('generation', '0');\n"
	"CREATE TABLE ratings(asset INTEGER NOT NULL, who TEXT NOT NULL,\n"
	"  day INTEGER NOT NULL, rating INTEGER NOT NULL, comment TEXT NOT NULL, file TEXT NOT NULL,\n"
	"  line INTEGER NOT NULL, PRIMARY KEY(asset, who, day)) WITHOUT ROWID;\n";

/* Version 2 added ratings (feedback from sales and readers): a version 1 file gains the table in place. */
static const char eng_ratings_v2[] =
	"BEGIN IMMEDIATE;\n"
	"CREATE TABLE IF NOT EXISTS eng.ratings(asset INTEGER NOT NULL, who TEXT NOT NULL,\n"
	"  day INTEGER NOT NULL, rating INTEGER NOT NULL, comment TEXT NOT NULL, file TEXT NOT NULL,\n"
	"  line INTEGER NOT NULL, PRIMARY KEY(asset, who, day)) WITHOUT ROWID;\n"
	"PRAGMA eng.user_version = 2;\n"
	"COMMIT;\n";

static const char *const eng_has[] = {"meta", "assets", "engagement", "imports", NULL};
static const char *const eng_lacks[] = {"problems", "history", "asset_text", NULL};
const struct cc_db_kind cc_engagement_kind = {
	CC_ENGAGEMENT_APPLICATION_ID, "engagement file", CC_ENGAGEMENT_VERSION, eng_has, eng_lacks,
};

char *cc_engagement_path(const char *index_path)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *slash = strrchr(index_path, '/');
	const char *base = slash ? slash + 1 : index_path;
	size_t dirlen = (size_t)(base - index_path);
	size_t n = strlen(base);

	cc_buf_add(&b, index_path, dirlen);
	if (!strcmp(base, "index.db")) {
		cc_buf_adds(&b, "engagement.db");
	} else if (!strncmp(base, "index-", 6)) {
		cc_buf_adds(&b, "engagement");
		cc_buf_adds(&b, base + 5);
	} else {
		if (n > 3 && !strcmp(base + n - 3, ".db"))
			n -= 3;
		cc_buf_add(&b, base, n);
		cc_buf_adds(&b, "-engagement.db");
	}
	return cc_buf_detach(&b, NULL);
}

static int attached(struct cc_db *db)
{
	sqlite3_stmt *st = NULL;
	int found = 0;
	if (sqlite3_prepare_v2(db->db, "PRAGMA database_list", -1, &st, NULL) != SQLITE_OK)
		return 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		if (!strcmp((const char *)sqlite3_column_text(st, 1), "eng"))
			found = 1;
	sqlite3_finalize(st);
	return found;
}

/* Reads one integer from a query on eng; -1 on any failure. */
static int eng_int(struct cc_db *db, const char *sql, int *out)
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

int cc_engagement_attach(struct cc_db *db, const char *path)
{
	sqlite3_stmt *st = NULL;
	int version = 0, owner;
	bool created = false;

	if (attached(db))
		return 0;
	owner = cc_db_identify(path, &cc_engagement_kind);
	if (owner < 0)
		return -1;
	if (owner == CC_DB_UNKNOWN)
		return cc_error("'%s' is not a contentcal engagement database (not an SQLite file); it "
				"was left untouched", path);
	if (owner == CC_DB_ABSENT) {
		/* Created whole under a temporary name and linked into place: two runs
		 * creating it at once both end up with the one file. */
		if (cc_db_create_file(path, &cc_engagement_kind, eng_schema, &created) < 0)
			return -1;
		if (!created && (owner = cc_db_identify(path, &cc_engagement_kind)) != CC_DB_OURS &&
		    owner != CC_DB_LEGACY) {
			if (owner >= 0)
				cc_error("'%s' appeared while contentcal created it and is not a contentcal "
					 "engagement database; it was left untouched", path);
			return -1;
		}
	}
	if (sqlite3_prepare_v2(db->db, "ATTACH ?1 AS eng", -1, &st, NULL) != SQLITE_OK)
		return cc_db_error(db, "cannot attach the engagement file");
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		cc_error("cannot open engagement file '%s': %s", path, sqlite3_errmsg(db->db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (eng_int(db, "PRAGMA eng.user_version", &version) < 0) {
		cc_error("cannot read engagement file '%s': %s; it was left untouched", path,
			 sqlite3_errmsg(db->db));
		goto detach;
	}
	if (version > CC_ENGAGEMENT_VERSION) {
		cc_error("engagement file '%s' has version %d, newer than this contentcal understands "
			 "(%d); it was left untouched — use a newer contentcal",
			 path, version, CC_ENGAGEMENT_VERSION);
		goto detach;
	}
	if (sqlite3_db_readonly(db->db, "eng") != 1 &&
	    cc_db_exec(db, "PRAGMA eng.journal_mode = WAL; PRAGMA eng.synchronous = NORMAL;") < 0)
		goto detach;
	if (owner == CC_DB_LEGACY && sqlite3_db_readonly(db->db, "eng") != 1) {
		/* An older contentcal's file: label it ours, rows untouched. */
		char *q = sqlite3_mprintf("PRAGMA eng.application_id = %ld;", (long)CC_ENGAGEMENT_APPLICATION_ID);
		int r = cc_db_exec(db, q);
		sqlite3_free(q);
		if (r < 0)
			goto detach;
	}
	/* Older versions migrate here, in place, one step at a time, never dropping rows. */
	if (version == 1 && sqlite3_db_readonly(db->db, "eng") != 1 && cc_db_exec(db, eng_ratings_v2) < 0) {
		cc_db_rollback(db);
		goto detach;
	}
	return 0;
detach:
	sqlite3_exec(db->db, "DETACH eng", NULL, NULL, NULL);
	return -1;
}

/* ---- parsing cells ---- */

int cc_engagement_version(struct cc_db *db, char **out)
{
	sqlite3_stmt *st = NULL;
	int rc;
	*out = NULL;
	if (cc_db_prepare(db, &st, "SELECT group_concat(value, ':') FROM (SELECT value FROM eng.meta "
				   "WHERE key IN ('generation', 'token') ORDER BY key)") < 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = cc_xstrdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : cc_db_error(db, "reading the engagement generation");
}

int cc_engagement_parse_day(const char *s, int64_t *days)
{
	const char *p = s;
	int v[8], n = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	/* Fast paths: YYYY-MM-DD and YYYYMMDD. */
	for (const char *q = p; *q >= '0' && *q <= '9' && n < 8; q++)
		v[n++] = *q - '0';
	if (n == 4 && p[4] == '-' && p[5] >= '0' && p[5] <= '9' && p[6] >= '0' && p[6] <= '9' &&
	    p[7] == '-' && p[8] >= '0' && p[8] <= '9' && p[9] >= '0' && p[9] <= '9' &&
	    (p[10] == '\0' || p[10] == ' ' || p[10] == 'T')) {
		int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
		int m = (p[5] - '0') * 10 + (p[6] - '0');
		int d = (p[8] - '0') * 10 + (p[9] - '0');
		if (p[10] == '\0') {
			if (!cc_date_valid(y, m, d))
				return -1;
			*days = cc_days_from_civil(y, m, d);
			return 0;
		}
	} else if (n == 8 && (p[8] == '\0' || p[8] == ' ')) {
		int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
		int m = v[4] * 10 + v[5];
		int d = v[6] * 10 + v[7];
		const char *q = p + 8;
		while (*q == ' ')
			q++;
		if (*q || !cc_date_valid(y, m, d))
			return -1;
		*days = cc_days_from_civil(y, m, d);
		return 0;
	}
	return cc_day_parse(days, s);
}

int cc_engagement_parse_value(const char *s, double *out, const char **why)
{
	char *end;
	double d;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s) {
		*why = "empty";
		return -1;
	}
	errno = 0;
	d = strtod(s, &end);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == s || *end || errno == ERANGE || !isfinite(d)) {
		*why = "not a number";
		return -1;
	}
	/* strtod takes "0x10", "nan", "inf": only plain decimal notation is data. */
	for (const char *p = s; p < end; p++)
		if ((*p | 32) == 'x' || (*p | 32) == 'n' || (*p | 32) == 'i') {
			*why = "not a number";
			return -1;
		}
	if (d < 0) {
		*why = "negative";
		return -1;
	}
	*out = d;
	return 0;
}

/* ---- asset names → paths, an open-addressing hash map ---- */

#define AMBIGUOUS (-2)

struct name_map {
	char **keys;
	int *vals; /* index into paths, or AMBIGUOUS */
	size_t cap, n;
};

static uint64_t hash_str(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t map_slot(const struct name_map *m, const char *k, size_t n)
{
	size_t i = hash_str(k, n) & (m->cap - 1);
	while (m->keys[i] && (strlen(m->keys[i]) != n || memcmp(m->keys[i], k, n)))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void map_put(struct name_map *m, const char *k, size_t n, int val)
{
	if (!n)
		return;
	if ((m->n + 1) * 2 > m->cap) {
		struct name_map big = {NULL, NULL, m->cap ? m->cap * 2 : 1024, 0};
		big.keys = cc_xcalloc(big.cap, sizeof(*big.keys));
		big.vals = cc_xcalloc(big.cap, sizeof(*big.vals));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->keys[i])
				continue;
			size_t s = map_slot(&big, m->keys[i], strlen(m->keys[i]));
			big.keys[s] = m->keys[i];
			big.vals[s] = m->vals[i];
			big.n++;
		}
		free(m->keys);
		free(m->vals);
		*m = big;
	}
	size_t s = map_slot(m, k, n);
	if (m->keys[s]) {
		if (m->vals[s] != val)
			m->vals[s] = AMBIGUOUS;
		return;
	}
	m->keys[s] = cc_xstrndup(k, n);
	m->vals[s] = val;
	m->n++;
}

/* Looks k[0..n) up: the value, or -1 when absent. */
static int map_get(const struct name_map *m, const char *k, size_t n)
{
	if (!m->cap || !n)
		return -1;
	size_t s = map_slot(m, k, n);
	return m->keys[s] ? m->vals[s] : -1;
}

static void map_release(struct name_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* The length of a URL or path once query, fragment and trailing '/' are cut. */
static size_t url_core(const char *s, size_t n)
{
	size_t k = strcspn(s, "?#");
	if (k < n)
		n = k;
	while (n > 1 && s[n - 1] == '/')
		n--;
	return n;
}

/* The path part of an absolute URL ("/resources/x"), or NULL. */
static const char *url_path(const char *s)
{
	const char *p = strstr(s, "://");
	if (!p)
		return NULL;
	return strchr(p + 3, '/');
}

struct assets {
	char **paths;
	int64_t *eng_id; /* id in eng.assets; 0 until needed */
	size_t n, alloc;
	struct name_map map;
};

static int load_assets(struct cc_db *db, const struct cc_config *cfg, struct assets *a)
{
	sqlite3_stmt *st = NULL;
	size_t dirlen = cfg->dir ? strlen(cfg->dir) : 0;
	int rc;
	if (cc_db_prepare(db, &st, "SELECT path, slug, url FROM assets ORDER BY path") < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		const char *slug = (const char *)sqlite3_column_text(st, 1);
		const char *url = (const char *)sqlite3_column_text(st, 2);
		int idx = (int)a->n;
		CC_GROW(a->paths, a->alloc, a->n + 1);
		a->paths[a->n++] = cc_xstrdup(path);
		map_put(&a->map, path, strlen(path), idx);
		if (dirlen && !strncmp(path, cfg->dir, dirlen) && path[dirlen] == '/')
			map_put(&a->map, path + dirlen + 1, strlen(path + dirlen + 1), idx);
		if (slug && *slug)
			map_put(&a->map, slug, strlen(slug), idx);
		if (url && *url) {
			const char *up = url_path(url);
			map_put(&a->map, url, url_core(url, strlen(url)), idx);
			if (up)
				map_put(&a->map, up, url_core(up, strlen(up)), idx);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cc_db_error(db, "reading assets");
	a->eng_id = cc_xcalloc(a->n ? a->n : 1, sizeof(*a->eng_id));
	return 0;
}

static void assets_release(struct assets *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->paths[i]);
	free(a->paths);
	free(a->eng_id);
	map_release(&a->map);
}

/* Resolves an asset name: an index into a->paths, -1 unknown, AMBIGUOUS. */
static int resolve(const struct assets *a, const char *name)
{
	size_t n = strlen(name);
	int r;
	while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		n--;
	while (n && (*name == ' ' || *name == '\t'))
		name++, n--;
	if ((r = map_get(&a->map, name, n)) != -1)
		return r;
	if (n > 2 && name[0] == '.' && name[1] == '/' && (r = map_get(&a->map, name + 2, n - 2)) != -1)
		return r;
	size_t core = url_core(name, n);
	if (core != n && (r = map_get(&a->map, name, core)) != -1)
		return r;
	char *tmp = cc_xstrndup(name, n);
	const char *up = url_path(tmp);
	r = -1;
	if (up)
		r = map_get(&a->map, up, url_core(up, strlen(up)));
	free(tmp);
	return r;
}

/* ---- the import ---- */

enum {
	Q_NEW_ASSET, Q_GET_ASSET, Q_INSERT, Q_SELECT, Q_UPDATE, Q_UNMATCHED, Q_COUNT
};

static const char *const q_sql[Q_COUNT] = {
	[Q_NEW_ASSET] = "INSERT OR IGNORE INTO eng.assets(path) VALUES (?1)",
	[Q_GET_ASSET] = "SELECT id FROM eng.assets WHERE path = ?1",
	[Q_INSERT] = "INSERT INTO eng.engagement(asset, metric, day, source, value, batch) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
	[Q_SELECT] = "SELECT value, batch, prev FROM eng.engagement WHERE asset = ?1 AND metric = ?2 "
		     "AND day = ?3 AND source = ?4",
	[Q_UPDATE] = "UPDATE eng.engagement SET value = ?5, batch = ?6, prev = ?7 WHERE asset = ?1 AND "
		     "metric = ?2 AND day = ?3 AND source = ?4",
	[Q_UNMATCHED] = "INSERT INTO eng.unmatched(name, metric, day, source, value, file, line, reason) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO UPDATE SET "
			"value = excluded.value, file = excluded.file, line = excluded.line, "
			"reason = excluded.reason",
};

struct unknown_name {
	char *name;
	const char *reason;
	int line;
	size_t rows;
};

struct ingest {
	struct cc_db *db;
	const struct cc_config *cfg;
	const char *file; /* display path */
	const char *source;
	int64_t batch;
	struct assets assets;
	sqlite3_stmt *q[Q_COUNT];
	struct cc_ingest_stats *st;
	struct cc_problems *bad;

	/* the record being parsed */
	struct cc_buf *fields;
	size_t nfields, afields;
	int line;       /* physical line being fed */
	int rec_line;   /* line where the current record starts */
	bool header_done;
	int fail;       /* a database error happened */

	/* the header */
	size_t ncols;
	int c_date, c_asset, c_metric, c_value; /* column indexes, -1 when absent */
	char **metric_names;                    /* per column for the wide shape; NULL = not a metric */
	char **col_names;

	struct unknown_name *unknown;
	size_t nunknown, aunknown;
	struct name_map unknown_map;
};

static void on_field(void *data, size_t len, void *ctx)
{
	struct ingest *in = ctx;
	if (in->nfields == in->afields) {
		size_t old = in->afields;
		CC_GROW(in->fields, in->afields, in->nfields + 1);
		for (size_t i = old; i < in->afields; i++)
			cc_buf_init(&in->fields[i]);
	}
	struct cc_buf *f = &in->fields[in->nfields++];
	cc_buf_reset(f);
	if (data)
		cc_buf_add(f, data, len);
}

static int find_col(struct ingest *in, const struct cc_strlist *names)
{
	for (size_t k = 0; k < names->n; k++)
		for (size_t i = 0; i < in->nfields; i++)
			if (!strcasecmp(in->col_names[i], names->v[k]))
				return (int)i;
	return -1;
}

static void bad_row(struct ingest *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bad_row(struct ingest *in, const char *fmt, ...)
{
	va_list ap;
	struct cc_buf b = CC_BUF_INIT;
	va_start(ap, fmt);
	cc_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	cc_problems_add(in->bad, in->file, in->rec_line, 0, CC_SEV_ERROR, "bad-row", "%s", b.buf);
	cc_buf_release(&b);
	in->st->bad++;
}

static int header(struct ingest *in)
{
	const struct cc_config *cfg = in->cfg;
	in->ncols = in->nfields;
	in->col_names = cc_xcalloc(in->ncols, sizeof(char *));
	in->metric_names = cc_xcalloc(in->ncols, sizeof(char *));
	for (size_t i = 0; i < in->nfields; i++) {
		struct cc_buf *f = &in->fields[i];
		cc_buf_rtrim(f);
		size_t skip = strspn(f->buf, " \t");
		in->col_names[i] = cc_xstrdup(f->buf + skip);
	}
	in->c_date = find_col(in, &cfg->engagement.columns_date);
	in->c_asset = find_col(in, &cfg->engagement.columns_asset);
	in->c_metric = find_col(in, &cfg->engagement.columns_metric);
	in->c_value = find_col(in, &cfg->engagement.columns_value);
	if (in->c_date < 0 || in->c_asset < 0) {
		cc_problems_add(in->bad, in->file, in->rec_line, 0, CC_SEV_ERROR, "bad-header",
				"the header needs a date column (%s) and an asset column (%s)",
				cfg->engagement.columns_date.n ? cfg->engagement.columns_date.v[0] : "date",
				cfg->engagement.columns_asset.n ? cfg->engagement.columns_asset.v[0] : "asset");
		return -1;
	}
	if (in->c_metric >= 0 && in->c_value >= 0) {
		in->st->wide = false;
		return 0;
	}
	in->st->wide = true;
	size_t metrics = 0;
	for (size_t i = 0; i < in->ncols; i++) {
		if ((int)i == in->c_date || (int)i == in->c_asset)
			continue;
		char *m = cc_vocab_clean(in->col_names[i]);
		if (!*m) {
			free(m);
			cc_problems_add(in->bad, in->file, in->rec_line, (int)i + 1, CC_SEV_ERROR,
					"bad-header", "column %zu has no name", i + 1);
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (in->metric_names[j] && !strcmp(in->metric_names[j], m)) {
				cc_problems_add(in->bad, in->file, in->rec_line, (int)i + 1, CC_SEV_ERROR,
						"bad-header", "metric column '%s' appears twice", m);
				free(m);
				return -1;
			}
		in->metric_names[i] = m;
		metrics++;
	}
	if (!metrics) {
		cc_problems_add(in->bad, in->file, in->rec_line, 0, CC_SEV_ERROR, "bad-header",
				"the header has no metric columns: expected date,asset,metric,value or "
				"date,asset,METRIC…");
		return -1;
	}
	return 0;
}

static int64_t eng_asset_id(struct ingest *in, int idx)
{
	if (in->assets.eng_id[idx])
		return in->assets.eng_id[idx];
	sqlite3_stmt *a = in->q[Q_NEW_ASSET], *g = in->q[Q_GET_ASSET];
	int64_t id = 0;
	sqlite3_bind_text(a, 1, in->assets.paths[idx], -1, SQLITE_STATIC);
	int rc = sqlite3_step(a);
	sqlite3_reset(a);
	if (rc != SQLITE_DONE)
		return -1;
	sqlite3_bind_text(g, 1, in->assets.paths[idx], -1, SQLITE_STATIC);
	if (sqlite3_step(g) == SQLITE_ROW)
		id = sqlite3_column_int64(g, 0);
	sqlite3_reset(g);
	if (!id)
		return -1;
	return in->assets.eng_id[idx] = id;
}

/* Stores one measurement; -1 on a database error. */
static int store(struct ingest *in, int64_t asset, const char *metric, int64_t day, double value)
{
	sqlite3_stmt *s = in->q[Q_INSERT];
	sqlite3_bind_int64(s, 1, asset);
	sqlite3_bind_text(s, 2, metric, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, day);
	sqlite3_bind_text(s, 4, in->source, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 5, value);
	sqlite3_bind_int64(s, 6, in->batch);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return -1;
	in->st->values++;
	if (sqlite3_changes(in->db->db)) {
		in->st->stored++;
		return 0;
	}
	/* The key exists: from an earlier import (replace) or from this file (add up). */
	s = in->q[Q_SELECT];
	sqlite3_bind_int64(s, 1, asset);
	sqlite3_bind_text(s, 2, metric, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, day);
	sqlite3_bind_text(s, 4, in->source, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return -1;
	}
	double old = sqlite3_column_double(s, 0);
	int64_t batch = sqlite3_column_int64(s, 1);
	bool had_prev = sqlite3_column_type(s, 2) != SQLITE_NULL;
	double prev = sqlite3_column_double(s, 2);
	sqlite3_reset(s);
	double now = value;
	if (batch == in->batch) {
		/* Same key again in this file: add up, and re-classify a key that existed before. */
		now = old + value;
		if (had_prev) {
			if (prev == old)
				in->st->unchanged--;
			else
				in->st->replaced--;
			if (prev == now)
				in->st->unchanged++;
			else
				in->st->replaced++;
		}
	} else {
		had_prev = true;
		prev = old;
		if (old == value)
			in->st->unchanged++;
		else
			in->st->replaced++;
	}
	s = in->q[Q_UPDATE];
	sqlite3_bind_int64(s, 1, asset);
	sqlite3_bind_text(s, 2, metric, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, day);
	sqlite3_bind_text(s, 4, in->source, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 5, now);
	sqlite3_bind_int64(s, 6, in->batch);
	if (had_prev)
		sqlite3_bind_double(s, 7, prev);
	else
		sqlite3_bind_null(s, 7);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int keep_unmatched(struct ingest *in, const char *name, const char *metric, int64_t day,
			  double value, const char *reason)
{
	sqlite3_stmt *s = in->q[Q_UNMATCHED];
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, metric, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, day);
	sqlite3_bind_text(s, 4, in->source, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 5, value);
	sqlite3_bind_text(s, 6, in->file, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 7, in->rec_line);
	sqlite3_bind_text(s, 8, reason, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void note_unknown(struct ingest *in, const char *name, const char *reason)
{
	size_t n = strlen(name);
	int k = map_get(&in->unknown_map, name, n);
	if (k >= 0) {
		in->unknown[k].rows++;
		return;
	}
	CC_GROW(in->unknown, in->aunknown, in->nunknown + 1);
	struct unknown_name *u = &in->unknown[in->nunknown];
	u->name = cc_xstrdup(name);
	u->reason = reason;
	u->line = in->rec_line;
	u->rows = 1;
	map_put(&in->unknown_map, name, n, (int)in->nunknown++);
}

/* A value cell: 0 stored, 1 empty (wide shape: no measurement), -1 bad (reported). */
static int cell_value(struct ingest *in, size_t col, bool empty_ok, double *out)
{
	const char *why;
	const char *s = in->fields[col].buf;
	if (empty_ok && !s[strspn(s, " \t")])
		return 1;
	if (cc_engagement_parse_value(s, out, &why) < 0) {
		if (!strcmp(why, "empty"))
			bad_row(in, "missing value in column '%s'", in->col_names[col]);
		else
			bad_row(in, "%s value '%.40s' in column '%s'", why, s, in->col_names[col]);
		return -1;
	}
	return 0;
}

static void record(struct ingest *in)
{
	int64_t day;
	double value;
	const char *name;

	if (in->fail)
		return;
	if (!in->header_done) {
		in->header_done = true;
		if (header(in) < 0)
			in->fail = 2;
		return;
	}
	in->st->rows++;
	if (in->nfields != in->ncols) {
		if (in->nfields < in->ncols)
			bad_row(in, "missing column '%s' (%zu of %zu fields)", in->col_names[in->nfields],
				in->nfields, in->ncols);
		else
			bad_row(in, "%zu fields, the header has %zu", in->nfields, in->ncols);
		return;
	}
	const char *ds = in->fields[in->c_date].buf;
	if (!ds[strspn(ds, " \t")]) {
		bad_row(in, "missing date");
		return;
	}
	if (cc_engagement_parse_day(ds, &day) < 0) {
		bad_row(in, "bad date '%.40s'", ds);
		return;
	}
	name = in->fields[in->c_asset].buf;
	if (!name[strspn(name, " \t")]) {
		bad_row(in, "missing asset");
		return;
	}
	/* Validate every cell before storing anything of the row. */
	size_t nvals = 0;
	double vals[64];
	double *v = in->ncols <= 64 ? vals : cc_xmalloc(in->ncols * sizeof(double));
	const char *metric = NULL;
	char *clean_metric = NULL;
	int bad = 0;
	bool *has = cc_xcalloc(in->ncols, sizeof(bool));
	if (!in->st->wide) {
		const char *m = in->fields[in->c_metric].buf;
		clean_metric = cc_vocab_clean(m);
		if (!*clean_metric) {
			bad_row(in, "missing metric");
			bad = 1;
		} else if (cell_value(in, (size_t)in->c_value, false, &value) < 0) {
			bad = 1;
		} else {
			metric = clean_metric;
			v[in->c_value] = value;
			has[in->c_value] = true;
			nvals = 1;
		}
	} else {
		for (size_t i = 0; i < in->ncols && !bad; i++) {
			if (!in->metric_names[i])
				continue;
			int r = cell_value(in, i, true, &v[i]);
			if (r < 0)
				bad = 1;
			else if (r == 0)
				has[i] = true, nvals++;
		}
	}
	if (bad)
		goto done;
	int idx = resolve(&in->assets, name);
	if (idx < 0) {
		const char *reason = idx == AMBIGUOUS ? "names several assets" : "unknown asset";
		in->st->unknown++;
		note_unknown(in, name, reason);
		for (size_t i = 0; i < in->ncols; i++) {
			if (!has[i])
				continue;
			const char *m = in->st->wide ? in->metric_names[i] : metric;
			if (keep_unmatched(in, name, m, day, v[i], reason) < 0) {
				in->fail = 1;
				goto done;
			}
		}
		goto done;
	}
	int64_t id = eng_asset_id(in, idx);
	if (id < 0) {
		in->fail = 1;
		goto done;
	}
	for (size_t i = 0; i < in->ncols; i++) {
		if (!has[i])
			continue;
		const char *m = in->st->wide ? in->metric_names[i] : metric;
		if (store(in, id, m, day, v[i]) < 0) {
			in->fail = 1;
			break;
		}
	}
done:
	free(has);
	free(clean_metric);
	if (v != vals)
		free(v);
}

static void on_record(int c, void *ctx)
{
	struct ingest *in = ctx;
	(void)c;
	if (in->nfields == 1 && !in->fields[0].len && !in->header_done) {
		in->nfields = 0; /* blank lines before the header */
		return;
	}
	record(in);
	in->nfields = 0;
}

static int read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct cc_buf b = CC_BUF_INIT;
	char chunk[65536];
	size_t n;
	if (!f)
		return cc_error("cannot read '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		cc_buf_add(&b, chunk, n);
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		cc_buf_release(&b);
		return cc_error("cannot read '%s': %s", path, strerror(e));
	}
	fclose(f);
	*out = cc_buf_detach(&b, len);
	return 0;
}

int cc_engagement_ingest(struct cc_db *db, const struct cc_config *cfg, const char *path,
			 const struct cc_ingest_options *opts, struct cc_ingest_stats *stats,
			 struct cc_problems *bad, struct cc_problems *unknown)
{
	struct ingest in = {0};
	struct csv_parser p;
	char *text = NULL;
	size_t len = 0;
	int ret = -1;
	bool in_tx = false, parser = false;

	memset(stats, 0, sizeof(*stats));
	in.db = db;
	in.cfg = cfg;
	in.file = opts->display_path ? opts->display_path : path;
	in.source = opts->source && *opts->source ? opts->source : "default";
	in.st = stats;
	in.bad = bad;
	in.c_date = in.c_asset = in.c_metric = in.c_value = -1;

	if (read_file(path, &text, &len) < 0)
		return -1;
	int uline, ucol;
	if (!cc_utf8_check(text, len, &uline, &ucol)) {
		cc_error("%s:%d:%d: not valid UTF-8 (export the file as UTF-8)", in.file, uline, ucol);
		goto cleanup;
	}
	if (load_assets(db, cfg, &in.assets) < 0)
		goto cleanup;
	if (cc_db_begin(db) < 0)
		goto cleanup;
	in_tx = true;
	for (int k = 0; k < Q_COUNT; k++)
		if (cc_db_prepare(db, &in.q[k], q_sql[k]) < 0)
			goto cleanup;
	{
		sqlite3_stmt *s = NULL;
		char at[32];
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (cc_db_prepare(db, &s, "INSERT INTO eng.imports(file, source, at, rows, stored, "
					  "replaced, unchanged, unknown, bad) VALUES (?1, ?2, ?3, 0, 0, 0, 0, 0, 0)") < 0)
			goto cleanup;
		sqlite3_bind_text(s, 1, in.file, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, in.source, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, at, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE) {
			cc_db_error(db, "recording the import");
			goto cleanup;
		}
		in.batch = sqlite3_last_insert_rowid(db->db);
	}

	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		cc_error("cannot set up the CSV parser");
		goto cleanup;
	}
	parser = true;
	/* Feed one physical line at a time, so each record knows where it starts. */
	size_t off = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
	in.line = 0;
	while (off < len && !in.fail) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) + 1 : len - off;
		in.line++;
		if (p.pstate == 0) /* ROW_NOT_BEGUN: this line starts a record */
			in.rec_line = in.line;
		if (csv_parse(&p, text + off, n, on_field, on_record, &in) != n) {
			cc_error("%s:%d: %s", in.file, in.line, csv_strerror(csv_error(&p)));
			goto cleanup;
		}
		off += n;
	}
	/* pstate 2 (FIELD_BEGUN) with quoted set: inside a quote at the end of the file. */
	if (!in.fail && p.pstate == 2 && p.quoted) {
		/* The last quoted field never ends: everything after its quote is lost. */
		cc_problems_add(bad, in.file, in.rec_line, 0, CC_SEV_ERROR, "bad-row",
				"a quoted field opened here is never closed");
		stats->rows++;
		stats->bad++;
	} else if (!in.fail) {
		csv_fini(&p, on_field, on_record, &in);
	}
	if (in.fail == 1) {
		cc_db_error(db, "storing engagement");
		goto cleanup;
	}
	if (in.fail == 2 || !in.header_done) {
		if (!in.header_done)
			cc_problems_add(bad, in.file, 1, 0, CC_SEV_ERROR, "bad-header", "the file is empty");
		stats->bad = stats->rows = 0;
		ret = 1;
		goto cleanup;
	}
	for (size_t i = 0; i < in.nunknown; i++) {
		struct unknown_name *u = &in.unknown[i];
		cc_problems_add(unknown, in.file, u->line, 0, CC_SEV_WARNING, "unknown-asset",
				"'%s' %s (%zu row%s kept aside in the unmatched table)", u->name, u->reason,
				u->rows, u->rows == 1 ? "" : "s");
	}
	if (stats->bad && !opts->skip_bad) {
		ret = 1;
		goto cleanup;
	}
	{
		sqlite3_stmt *s = NULL;
		if (cc_db_prepare(db, &s, "UPDATE eng.imports SET rows = ?2, stored = ?3, replaced = ?4, "
					  "unchanged = ?5, unknown = ?6, bad = ?7 WHERE id = ?1") < 0)
			goto cleanup;
		sqlite3_bind_int64(s, 1, in.batch);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)stats->rows);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)stats->stored);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)stats->replaced);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)stats->unchanged);
		sqlite3_bind_int64(s, 6, (sqlite3_int64)stats->unknown);
		sqlite3_bind_int64(s, 7, (sqlite3_int64)stats->bad);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		/* Only a change to the measurements is a new generation: derived data
		 * (the relevance cache) is keyed by it. The token tells apart two
		 * files that reached the same count (a file restored or replaced). */
		if (rc != SQLITE_DONE ||
		    ((stats->stored || stats->replaced) &&
		     cc_db_exec(db, "UPDATE eng.meta SET value = value + 1 WHERE key = 'generation';"
				    "INSERT OR REPLACE INTO eng.meta(key, value) "
				    "VALUES ('token', lower(hex(randomblob(8))))") < 0)) {
			cc_db_error(db, "recording the import");
			goto cleanup;
		}
	}
	if (cc_db_commit(db) < 0)
		goto cleanup;
	in_tx = false;
	stats->committed = true;
	ret = 0;
cleanup:
	for (int k = 0; k < Q_COUNT; k++)
		sqlite3_finalize(in.q[k]);
	if (in_tx)
		cc_db_rollback(db);
	if (parser)
		csv_free(&p);
	for (size_t i = 0; i < in.afields; i++)
		cc_buf_release(&in.fields[i]);
	free(in.fields);
	for (size_t i = 0; i < in.ncols; i++) {
		free(in.col_names[i]);
		free(in.metric_names[i]);
	}
	free(in.col_names);
	free(in.metric_names);
	for (size_t i = 0; i < in.nunknown; i++)
		free(in.unknown[i].name);
	free(in.unknown);
	map_release(&in.unknown_map);
	assets_release(&in.assets);
	free(text);
	return ret;
}

/* ---- the matcher for other importers (engagement.h) ---- */

struct cc_asset_names {
	struct assets a;
};

int cc_asset_names_load(struct cc_asset_names **out, struct cc_db *db, const struct cc_config *cfg)
{
	struct cc_asset_names *m = cc_xcalloc(1, sizeof(*m));
	*out = NULL;
	if (load_assets(db, cfg, &m->a) < 0) {
		cc_asset_names_free(m);
		return -1;
	}
	*out = m;
	return 0;
}

const char *cc_asset_names_resolve(const struct cc_asset_names *m, const char *name, bool *ambiguous)
{
	int r = resolve(&m->a, name);
	*ambiguous = r == AMBIGUOUS;
	return r >= 0 ? m->a.paths[r] : NULL;
}

void cc_asset_names_free(struct cc_asset_names *m)
{
	if (!m)
		return;
	assets_release(&m->a);
	free(m);
}

/* ---- ratings ---- */

struct rating_row {
	int line;
	int asset; /* index into assets */
	int rating;
	int64_t day;
	char *who, *comment;
};

struct rparse {
	const char *file;
	struct cc_buf *fields;
	size_t nfields, afields;
	int line, rec_line;
	bool header_done, header_bad;
	size_t bad_before;
	int c_asset, c_rating, c_comment, c_who, c_date;
	const struct assets *assets;
	struct rating_row *rows;
	size_t nrows, arows, records;
	struct cc_problems *bad;
};

static void r_field(void *data, size_t len, void *ctx)
{
	struct rparse *r = ctx;
	if (r->nfields == r->afields) {
		size_t old = r->afields;
		CC_GROW(r->fields, r->afields, r->nfields + 1);
		for (size_t i = old; i < r->afields; i++)
			cc_buf_init(&r->fields[i]);
	}
	struct cc_buf *f = &r->fields[r->nfields++];
	cc_buf_reset(f);
	if (data)
		cc_buf_add(f, data, len);
}

static const char *r_cell(struct rparse *r, int col)
{
	return col >= 0 && (size_t)col < r->nfields ? r->fields[col].buf : "";
}

static void r_record(int c, void *ctx)
{
	struct rparse *r = ctx;
	(void)c;
	if (r->nfields == 1 && !r->fields[0].len) {
		r->nfields = 0; /* a blank line */
		return;
	}
	if (!r->header_done) {
		static const char *const names[] = {"asset", "rating", "comment", "who", "date"};
		int *cols[] = {&r->c_asset, &r->c_rating, &r->c_comment, &r->c_who, &r->c_date};
		r->header_done = true;
		for (size_t i = 0; i < r->nfields; i++) {
			bool known = false;
			for (size_t k = 0; k < 5; k++)
				if (!strcasecmp(r->fields[i].buf, names[k])) {
					if (*cols[k] >= 0)
						cc_problems_add(r->bad, r->file, r->rec_line, (int)i + 1, CC_SEV_ERROR,
								"bad-header", "column '%s' appears twice", names[k]);
					*cols[k] = (int)i;
					known = true;
				}
			if (!known)
				cc_problems_add(r->bad, r->file, r->rec_line, (int)i + 1, CC_SEV_ERROR, "bad-header",
						"unknown column '%s' (expected asset, rating, comment, who, date)",
						r->fields[i].buf);
		}
		r->header_bad = r->bad->n > r->bad_before;
		for (size_t k = 0; k < 5; k++)
			if (*cols[k] < 0 && (k == 0 || k == 1 || k == 4) && (r->header_bad = true))
				cc_problems_add(r->bad, r->file, r->rec_line, 0, CC_SEV_ERROR, "bad-header",
						"the header has no '%s' column (expected asset, rating, comment, who, date)",
						names[k]);
		r->nfields = 0;
		return;
	}
	r->records++;
	int need = r->c_asset > r->c_rating ? r->c_asset : r->c_rating;
	need = need > r->c_date ? need : r->c_date;
	if (r->header_bad || r->nfields < (size_t)need + 1) {
		if (!r->header_bad)
			cc_problems_add(r->bad, r->file, r->rec_line, 0, CC_SEV_ERROR, "bad-row",
					"the row has %zu fields, fewer than the header", r->nfields);
		r->nfields = 0;
		return;
	}
	struct rating_row row = {r->rec_line, -1, 0, 0, NULL, NULL};
	const char *asset = r_cell(r, r->c_asset), *rating = r_cell(r, r->c_rating), *date = r_cell(r, r->c_date);
	bool ok = true;
	if ((row.asset = resolve(r->assets, asset)) < 0) {
		cc_problems_add(r->bad, r->file, r->rec_line, r->c_asset + 1, CC_SEV_ERROR, "bad-row",
				row.asset == -1 ? "'%s' names no indexed asset (a slug, path or URL)"
						: "'%s' names more than one asset",
				asset);
		ok = false;
	}
	char *end = NULL;
	long v = strtol(rating, &end, 10);
	while (end && (*end == ' ' || *end == '\t'))
		end++;
	if (!*rating || !end || *end || v < 1 || v > 5) {
		cc_problems_add(r->bad, r->file, r->rec_line, r->c_rating + 1, CC_SEV_ERROR, "bad-row",
				"rating '%s' is not a whole number from 1 to 5", rating);
		ok = false;
	}
	if (cc_engagement_parse_day(date, &row.day) < 0) {
		cc_problems_add(r->bad, r->file, r->rec_line, r->c_date + 1, CC_SEV_ERROR, "bad-row",
				"'%s' is not a date (YYYY-MM-DD)", date);
		ok = false;
	}
	if (ok) {
		row.rating = (int)v;
		row.who = cc_xstrdup(r_cell(r, r->c_who));
		row.comment = cc_xstrdup(r_cell(r, r->c_comment));
		CC_GROW(r->rows, r->arows, r->nrows + 1);
		r->rows[r->nrows++] = row;
	}
	r->nfields = 0;
}

int cc_ratings_ingest(struct cc_db *db, const struct cc_config *cfg, const char *path, const char *display,
		      size_t *stored, struct cc_problems *bad)
{
	struct rparse r = {0};
	struct assets assets = {0};
	struct csv_parser p;
	sqlite3_stmt *a = NULL, *g = NULL, *ins = NULL;
	char *text = NULL;
	size_t len = 0, nbad = bad->n;
	int ret = -1;
	bool parser = false, in_tx = false;

	*stored = 0;
	r.file = display ? display : path;
	r.bad = bad;
	r.bad_before = bad->n;
	r.assets = &assets;
	r.c_asset = r.c_rating = r.c_comment = r.c_who = r.c_date = -1;
	if (read_file(path, &text, &len) < 0)
		return -1;
	int uline, ucol;
	if (!cc_utf8_check(text, len, &uline, &ucol)) {
		cc_error("%s:%d:%d: not valid UTF-8 (export the file as UTF-8)", r.file, uline, ucol);
		goto cleanup;
	}
	if (load_assets(db, cfg, &assets) < 0)
		goto cleanup;
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		cc_error("cannot set up the CSV parser");
		goto cleanup;
	}
	parser = true;
	size_t off = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) + 1 : len - off;
		r.line++;
		if (p.pstate == 0)
			r.rec_line = r.line;
		if (csv_parse(&p, text + off, n, r_field, r_record, &r) != n) {
			cc_error("%s:%d: %s", r.file, r.line, csv_strerror(csv_error(&p)));
			goto cleanup;
		}
		off += n;
	}
	if (p.pstate == 2 && p.quoted)
		cc_problems_add(bad, r.file, r.rec_line, 0, CC_SEV_ERROR, "bad-row",
				"a quoted field opened here is never closed");
	else
		csv_fini(&p, r_field, r_record, &r);
	if (!r.header_done)
		cc_problems_add(bad, r.file, 1, 0, CC_SEV_ERROR, "bad-header", "the file is empty");
	if (bad->n > nbad) {
		ret = 1; /* one bad row: nothing stored */
		goto cleanup;
	}
	if (cc_db_begin(db) < 0)
		goto cleanup;
	in_tx = true;
	if (cc_db_prepare(db, &a, "INSERT OR IGNORE INTO eng.assets(path) VALUES (?1)") < 0 ||
	    cc_db_prepare(db, &g, "SELECT id FROM eng.assets WHERE path = ?1") < 0 ||
	    cc_db_prepare(db, &ins, "INSERT OR REPLACE INTO eng.ratings(asset, who, day, rating, comment, file, line) "
				    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)") < 0)
		goto cleanup;
	for (size_t i = 0; i < r.nrows; i++) {
		const struct rating_row *row = &r.rows[i];
		const char *ap = assets.paths[row->asset];
		int64_t id = 0;
		sqlite3_bind_text(a, 1, ap, -1, SQLITE_STATIC);
		int rc = sqlite3_step(a);
		sqlite3_reset(a);
		sqlite3_bind_text(g, 1, ap, -1, SQLITE_STATIC);
		if (rc == SQLITE_DONE && sqlite3_step(g) == SQLITE_ROW)
			id = sqlite3_column_int64(g, 0);
		sqlite3_reset(g);
		if (!id) {
			cc_db_error(db, "storing ratings");
			goto cleanup;
		}
		sqlite3_bind_int64(ins, 1, id);
		sqlite3_bind_text(ins, 2, row->who, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, row->day);
		sqlite3_bind_int(ins, 4, row->rating);
		sqlite3_bind_text(ins, 5, row->comment, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, r.file, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 7, row->line);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc != SQLITE_DONE) {
			cc_db_error(db, "storing ratings");
			goto cleanup;
		}
	}
	if (cc_db_commit(db) < 0)
		goto cleanup;
	in_tx = false;
	*stored = r.nrows;
	ret = 0;
cleanup:
	sqlite3_finalize(a);
	sqlite3_finalize(g);
	sqlite3_finalize(ins);
	if (in_tx)
		cc_db_rollback(db);
	if (parser)
		csv_free(&p);
	for (size_t i = 0; i < r.afields; i++)
		cc_buf_release(&r.fields[i]);
	free(r.fields);
	for (size_t i = 0; i < r.nrows; i++) {
		free(r.rows[i].who);
		free(r.rows[i].comment);
	}
	free(r.rows);
	assets_release(&assets);
	free(text);
	return ret;
}
