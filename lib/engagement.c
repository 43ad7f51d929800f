/*
 * engagement.c — the engagement file (attach, version, schema) and CSV
 * import with libcsv (see engagement.h).
 */
#include "engagement.h"

#include <csv.h>
#include <jansson.h>
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
#include "influence.h"
#include "preset.h"
#include "date.h"
#include "text.h"

static const char eng_schema[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE assets(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE engagement(asset INTEGER NOT NULL, metric TEXT NOT NULL,\n"
	"  day INTEGER NOT NULL, source TEXT NOT NULL, value REAL NOT NULL, batch INTEGER NOT NULL,\n"
	"  prev REAL, days INTEGER NOT NULL DEFAULT 1, PRIMARY KEY(asset, metric, day, source)) WITHOUT ROWID;\n"
	"CREATE TABLE unmatched(name TEXT NOT NULL, metric TEXT NOT NULL, day INTEGER NOT NULL,\n"
	"  source TEXT NOT NULL, value REAL NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,\n"
	"  reason TEXT NOT NULL, days INTEGER NOT NULL DEFAULT 1,\n"
	"  PRIMARY KEY(name, metric, day, source)) WITHOUT ROWID;\n"
	"CREATE TABLE imports(id INTEGER PRIMARY KEY, file TEXT NOT NULL, source TEXT NOT NULL,\n"
	"  at TEXT NOT NULL, rows INTEGER NOT NULL, stored INTEGER NOT NULL, replaced INTEGER NOT NULL,\n"
	"  unchanged INTEGER NOT NULL, unknown INTEGER NOT NULL, bad INTEGER NOT NULL);\n"
	"CREATE TABLE metrics(name TEXT PRIMARY KEY) WITHOUT ROWID;\n"
	"INSERT INTO meta(key, value) VALUES ('generation', '0');\n"
	"CREATE TABLE ratings(asset INTEGER NOT NULL, who TEXT NOT NULL,\n"
	"  day INTEGER NOT NULL, rating INTEGER NOT NULL, comment TEXT NOT NULL, file TEXT NOT NULL,\n"
	"  line INTEGER NOT NULL, PRIMARY KEY(asset, who, day)) WITHOUT ROWID;\n";

/* Version 3 added ratings (feedback from sales and readers): a version 2 file gains the table in place. */
static const char eng_ratings_v3[] =
	"BEGIN IMMEDIATE;\n"
	"CREATE TABLE IF NOT EXISTS eng.ratings(asset INTEGER NOT NULL, who TEXT NOT NULL,\n"
	"  day INTEGER NOT NULL, rating INTEGER NOT NULL, comment TEXT NOT NULL, file TEXT NOT NULL,\n"
	"  line INTEGER NOT NULL, PRIMARY KEY(asset, who, day)) WITHOUT ROWID;\n"
	"PRAGMA eng.user_version = 3;\n"
	"COMMIT;\n";

static const char *const eng_has[] = {"meta", "assets", "engagement", "imports", NULL};
static const char *const eng_lacks[] = {"problems", "history", "asset_text", NULL};
const struct cc_db_kind cc_engagement_kind = {
	CC_ENGAGEMENT_APPLICATION_ID, "engagement file", CC_ENGAGEMENT_VERSION, eng_has, eng_lacks,
};

char *cc_engagement_path(const char *index_path)
{
	return cc_db_sibling_path(index_path, "engagement");
}

int cc_engagement_attach(struct cc_db *db, const char *path)
{
	int version = 0, owner;

	if (cc_db_attached(db, "eng"))
		return 0;
	owner = cc_db_identify(path, &cc_engagement_kind);
	if (owner < 0)
		return -1;
	if (owner == CC_DB_UNKNOWN)
		return cc_error("'%s' is not a contentcal engagement database (not an SQLite file); it "
				"was left untouched", path);
	/* Created whole under a temporary name and linked into place: two runs
	 * creating it at once both end up with the one file. */
	if (owner == CC_DB_ABSENT &&
	    cc_db_create_owned(path, &cc_engagement_kind, eng_schema, "engagement", true, &owner) < 0)
		return -1;
	if (cc_db_attach_file(db, path, "eng", &cc_engagement_kind, &version) < 0)
		return -1;
	if (owner == CC_DB_LEGACY && sqlite3_db_readonly(db->db, "eng") != 1) {
		/* An older contentcal's file: label it ours, rows untouched. */
		char *q = sqlite3_mprintf("PRAGMA eng.application_id = %ld;", (long)CC_ENGAGEMENT_APPLICATION_ID);
		int r = cc_db_exec(db, q);
		sqlite3_free(q);
		if (r < 0)
			goto detach;
	}
	/* Migrations, in place, one step at a time, never dropping rows:
	 * 1 -> 2 period totals (days) and the metrics list, 2 -> 3 ratings. */
	bool writable = sqlite3_db_readonly(db->db, "eng") != 1;
	if (version == 1 && writable &&
	    cc_db_exec(db, "BEGIN IMMEDIATE; "
			   "ALTER TABLE eng.engagement ADD COLUMN days INTEGER NOT NULL DEFAULT 1; "
			   "ALTER TABLE eng.unmatched ADD COLUMN days INTEGER NOT NULL DEFAULT 1; "
			   "CREATE TABLE eng.metrics(name TEXT PRIMARY KEY) WITHOUT ROWID; "
			   "INSERT OR IGNORE INTO eng.metrics SELECT DISTINCT metric FROM eng.engagement; "
			   "PRAGMA eng.user_version = 2; COMMIT;") < 0) {
		cc_db_rollback(db);
		goto detach;
	}
	if (version == 1 && writable)
		version = 2;
	if (version == 2 && writable && cc_db_exec(db, eng_ratings_v3) < 0) {
		cc_db_rollback(db);
		goto detach;
	}
	return 0;
detach:
	cc_db_detach(db, "eng");
	return -1;
}

/* ---- parsing cells ---- */

int cc_engagement_version(struct cc_db *db, char **out)
{
	sqlite3_stmt *st = NULL;
	int rc;
	*out = NULL;
	/* The local file's version, and the committed exports' when the index has them. */
	if (cc_db_prepare(db, &st, cc_engagement_committed_present(db)
		? "SELECT (SELECT group_concat(value, ':') FROM (SELECT value FROM eng.meta WHERE key IN "
		  "('generation', 'token') ORDER BY key)) || '+' || (SELECT group_concat(value, ':') FROM "
		  "(SELECT value FROM c_meta WHERE key IN ('generation', 'token') ORDER BY key))"
		: "SELECT group_concat(value, ':') FROM (SELECT value FROM eng.meta "
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
	return cc_cell_parse(s, CC_CELL_NUMBER, out, why);
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
	char **slugs, **dates; /* per asset: slug, publish date YYYY-MM-DD or "" */
	int64_t *eng_id; /* id in eng.assets; 0 until needed */
	size_t n, alloc, salloc, dalloc;
	struct name_map map;
};

static int load_assets(struct cc_db *db, const struct cc_config *cfg, struct assets *a)
{
	sqlite3_stmt *st = NULL;
	size_t dirlen = cfg->dir ? strlen(cfg->dir) : 0;
	int rc;
	if (cc_db_prepare(db, &st, "SELECT path, slug, site_url, coalesce(date, '') FROM assets ORDER BY path") < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		const char *slug = (const char *)sqlite3_column_text(st, 1);
		const char *url = (const char *)sqlite3_column_text(st, 2);
		int idx = (int)a->n;
		CC_GROW(a->paths, a->alloc, a->n + 1);
		CC_GROW(a->slugs, a->salloc, a->n + 1);
		CC_GROW(a->dates, a->dalloc, a->n + 1);
		a->slugs[a->n] = cc_xstrdup(slug ? slug : "");
		a->dates[a->n] = cc_xstrdup((const char *)sqlite3_column_text(st, 3));
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
	/* Front-matter aliases (Hugo's old URLs) and canonical also name the asset. */
	if (cc_db_prepare(db, &st, "SELECT a.path, f.value_text FROM asset_fields f JOIN assets a ON "
				   "a.id = f.asset WHERE f.key IN ('aliases', 'canonical', 'canonical_url', "
				   "'canonicalURL') AND f.value_text IS NOT NULL ORDER BY a.path") < 0)
		return -1;
	size_t k = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 1);
		while (k < a->n && strcmp(a->paths[k], path) < 0)
			k++;
		if (k == a->n || strcmp(a->paths[k], path) || !*v)
			continue;
		const char *up = url_path(v);
		map_put(&a->map, v, url_core(v, strlen(v)), (int)k);
		if (up)
			map_put(&a->map, up, url_core(up, strlen(up)), (int)k);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cc_db_error(db, "reading asset aliases");
	a->eng_id = cc_xcalloc(a->n ? a->n : 1, sizeof(*a->eng_id));
	return 0;
}

static void assets_release(struct assets *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->paths[i]);
		free(a->slugs[i]);
		free(a->dates[i]);
	}
	free(a->paths);
	free(a->slugs);
	free(a->dates);
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

/* ---- the import ---- */

enum {
	Q_NEW_ASSET, Q_GET_ASSET, Q_SELECT, Q_UNMATCHED, Q_COUNT
};

static const char *const q_sql[Q_COUNT] = {
	[Q_NEW_ASSET] = "INSERT OR IGNORE INTO eng.assets(path) VALUES (?1)",
	[Q_GET_ASSET] = "SELECT id FROM eng.assets WHERE path = ?1",
	[Q_SELECT] = "SELECT value, batch, prev, days FROM eng.engagement WHERE asset = ?1 AND "
		     "metric = ?2 AND day = ?3 AND source = ?4",
	[Q_UNMATCHED] = "INSERT INTO eng.unmatched(name, metric, day, source, value, file, line, "
			"reason, days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO "
			"UPDATE SET value = excluded.value, file = excluded.file, line = "
			"excluded.line, reason = excluded.reason, days = excluded.days",
};

struct unknown_name {
	char *name;
	const char *reason;
	int line;
	size_t rows;
};

/* What a column is for. */
enum col_role { COL_IGNORED, COL_DATE, COL_ASSET, COL_METRIC, COL_LONG_METRIC, COL_LONG_VALUE,
		COL_EVENT };

struct col {
	enum col_role role;
	char *name;        /* as in the header, trimmed */
	char *metric;      /* COL_METRIC: the cleaned metric name */
	enum cc_cell_form form;
	bool gauge;
};

/* A count waiting in the write buffer. */
struct pending {
	int64_t asset, day, days;
	double value;
	const char *metric; /* interned in struct ingest's metrics map */
};

/* One measurement of a row, validated, before it is stored. */
struct val {
	const char *metric;
	double value;
	bool gauge;
};

struct ingest {
	struct cc_db *db;
	const struct cc_config *cfg;
	const struct cc_ingest_options *opts;
	const char *file; /* display path */
	const char *source;
	int64_t batch;
	struct assets assets;
	sqlite3_stmt *q[Q_COUNT];
	struct cc_ingest_stats *st;
	struct cc_problems *bad, *warn;
	int64_t today, earliest, latest_ok; /* day range accepted (latest_ok = today + future_days) */

	/* the record being parsed */
	struct cc_buf *fields;
	size_t nfields, afields;
	int nul_col;    /* 1-based column of the first NUL byte in this record; 0 = none */
	int line;       /* physical line being fed */
	int rec_line;   /* line where the current record starts */
	bool header_done, ended;
	int fail;       /* 1: a database error happened; 2: a bad header */

	/* the preamble (GA4: "# Start date: 20261101") */
	int64_t pre_start, pre_end;
	bool pre_start_set, pre_end_set;

	/* the header */
	const struct cc_preset *preset; /* NULL: the generic long or wide shape */
	size_t ncols;
	struct col *cols;
	int c_date, c_metric, c_value, c_event; /* column indexes, -1 when absent */
	int c_asset[4];                          /* asset columns, first non-empty wins */
	size_t nasset;
	int64_t period_start, period_days;       /* dateless files: the period (days > 0) */
	size_t future_rows;
	int future_line;
	struct cc_buf ignored; /* names of ignored columns, for one warning */

	struct unknown_name *unknown;
	size_t nunknown, aunknown;
	struct name_map unknown_map;
	struct name_map metrics; /* metric names stored, for eng.metrics */
	struct pending *pending; /* counts not yet written (BATCH_ROWS) */
	size_t npending;
	sqlite3_stmt *q_batch, *q_gauge;
	struct cc_buf last_raw; /* the long shape's last metric cell, and its cleaned name */
	char *last_clean;
};

static void on_field(void *data, size_t len, void *ctx)
{
	struct ingest *in = ctx;
	struct cc_buf *f = cc_bufs_next(&in->fields, &in->nfields, &in->afields);
	if (data) {
		if (!in->nul_col && memchr(data, '\0', len))
			in->nul_col = (int)in->nfields;
		cc_buf_add(f, data, len);
	}
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

static void bad_header(struct ingest *in, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void bad_header(struct ingest *in, int col, const char *fmt, ...)
{
	va_list ap;
	struct cc_buf b = CC_BUF_INIT;
	va_start(ap, fmt);
	cc_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	cc_problems_add(in->bad, in->file, in->rec_line, col, CC_SEV_ERROR, "bad-header", "%s",
			b.buf);
	cc_buf_release(&b);
}

static bool in_list(const struct cc_strlist *names, const char *s)
{
	for (size_t k = 0; k < names->n; k++)
		if (!strcasecmp(s, names->v[k]))
			return true;
	return false;
}

/* The first column named by names (in the order of names), or -1. */
static int find_col(struct ingest *in, const struct cc_strlist *names)
{
	for (size_t k = 0; k < names->n; k++)
		for (size_t i = 0; i < in->ncols; i++)
			if (!strcasecmp(in->cols[i].name, names->v[k]))
				return (int)i;
	return -1;
}

static void note_ignored(struct ingest *in, const char *name)
{
	if (in->ignored.len)
		cc_buf_adds(&in->ignored, ", ");
	cc_buf_addf(&in->ignored, "'%s'", name);
}

/* The list of presets and what each needs, for a header that fits none. */
static void tried(struct cc_buf *b, const struct cc_config *cfg)
{
	for (const struct cc_preset *p = cc_presets; p->name; p++)
		cc_buf_addf(b, "%s (%s: %s); ", p->name, p->label, p->hint);
	cc_buf_addf(b, "generic (a date column '%s' or a period, an asset column '%s', and metric "
		       "columns or metric,value)",
		    cfg->engagement.columns_date.n ? cfg->engagement.columns_date.v[0] : "date",
		    cfg->engagement.columns_asset.n ? cfg->engagement.columns_asset.v[0] : "asset");
}

/* A second column for a role already taken is an error, never a silent choice. */
static int check_second(struct ingest *in, size_t i, const char *role, int taken)
{
	if (taken < 0 || (size_t)taken == i)
		return 0;
	bad_header(in, (int)i + 1, "a second %s column '%s' (column %d is the %s): remove one",
		   role, in->cols[i].name, taken + 1, role);
	return -1;
}

static int header_preset(struct ingest *in, const struct cc_preset *p)
{
	in->preset = p;
	in->st->preset = p->name;
	for (size_t k = 0; p->needs[k]; k++) {
		bool found = false;
		for (size_t i = 0; i < in->ncols && !found; i++)
			found = cc_header_is(in->cols[i].name, p->needs[k]);
		if (!found) {
			bad_header(in, 0, "not a %s export: it needs %s (missing '%.*s')", p->name,
				   p->hint, (int)strcspn(p->needs[k], "|"), p->needs[k]);
			return -1;
		}
	}
	for (size_t k = 0; p->asset_cols && p->asset_cols[k]; k++)
		for (size_t i = 0; i < in->ncols; i++)
			if (!strcasecmp(in->cols[i].name, p->asset_cols[k]) && in->nasset < 4) {
				in->cols[i].role = COL_ASSET;
				in->c_asset[in->nasset++] = (int)i;
				break;
			}
	for (size_t k = 0; p->date_cols && p->date_cols[k]; k++)
		for (size_t i = 0; i < in->ncols; i++)
			if (in->cols[i].role == COL_IGNORED && !strcasecmp(in->cols[i].name, p->date_cols[k])) {
				if (check_second(in, i, "date", in->c_date) < 0)
					return -1;
				in->cols[i].role = COL_DATE;
				in->c_date = (int)i;
			}
	for (size_t i = 0; i < in->ncols; i++) {
		struct col *c = &in->cols[i];
		if (c->role != COL_IGNORED)
			continue;
		if (p->events && !strcasecmp(c->name, "event_name")) {
			c->role = COL_EVENT;
			in->c_event = (int)i;
			continue;
		}
		const struct cc_preset_col *pc = cc_preset_col(p, c->name);
		if (!pc) {
			if (!p->events)
				note_ignored(in, c->name);
			continue;
		}
		if (!pc->metric || pc->form == CC_CELL_TEXT)
			continue;
		for (size_t j = 0; j < i; j++)
			if (in->cols[j].metric && !strcmp(in->cols[j].metric, pc->metric)) {
				bad_header(in, (int)i + 1, "columns '%s' and '%s' are both %s: remove one",
					   in->cols[j].name, c->name, pc->metric);
				return -1;
			}
		c->role = COL_METRIC;
		c->metric = cc_xstrdup(pc->metric);
		c->form = pc->form;
		c->gauge = cc_metric_is_gauge(pc->metric);
	}
	if (!in->nasset && !in->opts->asset) {
		bad_header(in, 0, "this is a %s: it holds the whole site's figures, with no page "
				  "column; export it filtered to one page and name that page with --asset",
			   p->label);
		return -1;
	}
	return 0;
}

static int header_generic(struct ingest *in)
{
	const struct cc_config *cfg = in->cfg;
	int a = find_col(in, &cfg->engagement.columns_asset);
	in->c_date = find_col(in, &cfg->engagement.columns_date);
	in->c_metric = find_col(in, &cfg->engagement.columns_metric);
	in->c_value = find_col(in, &cfg->engagement.columns_value);
	if (a < 0 && !in->opts->asset) {
		struct cc_buf b = CC_BUF_INIT;
		tried(&b, cfg);
		bad_header(in, 0, "the header matches no export preset and names no asset column; "
				  "tried %s; or force one with --preset NAME", b.buf);
		cc_buf_release(&b);
		return -1;
	}
	if (a >= 0) {
		in->c_asset[in->nasset++] = a;
		in->cols[a].role = COL_ASSET;
	}
	if (in->c_date >= 0)
		in->cols[in->c_date].role = COL_DATE;
	bool lng = in->c_metric >= 0 && in->c_value >= 0;
	in->st->wide = !lng;
	if (lng) {
		in->cols[in->c_metric].role = COL_LONG_METRIC;
		in->cols[in->c_value].role = COL_LONG_VALUE;
	}
	/* Every other column: a second date, asset, metric or value column is an
	 * error; in the long shape anything else is ignored with a warning; in
	 * the wide shape it is a metric. */
	size_t metrics = 0;
	struct name_map seen = {0}; /* metric names so far: a header may have 100000 columns */
	int r = 0;
	for (size_t i = 0; i < in->ncols && !r; i++) {
		struct col *c = &in->cols[i];
		if (c->role != COL_IGNORED)
			continue;
		if (in_list(&cfg->engagement.columns_date, c->name)) {
			check_second(in, i, "date", in->c_date);
			r = -1;
			break;
		}
		if (in_list(&cfg->engagement.columns_asset, c->name)) {
			check_second(in, i, "asset", a);
			r = -1;
			break;
		}
		if (lng && in_list(&cfg->engagement.columns_value, c->name)) {
			check_second(in, i, "value", in->c_value);
			r = -1;
			break;
		}
		if (lng && in_list(&cfg->engagement.columns_metric, c->name)) {
			check_second(in, i, "metric", in->c_metric);
			r = -1;
			break;
		}
		if (lng) {
			note_ignored(in, c->name);
			continue;
		}
		char *m = cc_vocab_clean(c->name);
		if (!*m) {
			free(m);
			bad_header(in, (int)i + 1, "column %zu has no name", i + 1);
			r = -1;
			break;
		}
		if (map_get(&seen, m, strlen(m)) >= 0) {
			bad_header(in, (int)i + 1, "metric column '%s' appears twice", m);
			free(m);
			r = -1;
			break;
		}
		map_put(&seen, m, strlen(m), (int)i);
		c->role = COL_METRIC;
		c->metric = m;
		c->form = CC_CELL_NUMBER;
		c->gauge = cc_metric_is_gauge(m);
		metrics++;
	}
	map_release(&seen);
	if (r < 0)
		return -1;
	if (!lng && !metrics) {
		bad_header(in, 0, "the header has no metric columns: expected date,asset,metric,value or "
				  "date,asset,METRIC…");
		return -1;
	}
	return 0;
}

static int header(struct ingest *in)
{
	in->ncols = in->nfields;
	in->cols = cc_xcalloc(in->ncols ? in->ncols : 1, sizeof(*in->cols));
	char **names = cc_xcalloc(in->ncols ? in->ncols : 1, sizeof(char *));
	for (size_t i = 0; i < in->nfields; i++) {
		struct cc_buf *f = &in->fields[i];
		cc_buf_rtrim(f);
		size_t skip = strspn(f->buf, " \t");
		in->cols[i].name = names[i] = cc_xstrdup(f->buf + skip);
	}
	if (in->nul_col) {
		free(names);
		bad_header(in, in->nul_col, "a NUL byte in column %d of the header", in->nul_col);
		return -1;
	}
	/* Per-asset influence results are not engagement; engagement.files reads them (influence.h). */
	struct cc_buf joined = CC_BUF_INIT;
	for (size_t i = 0; i < in->ncols; i++)
		cc_buf_addf(&joined, "%s%s", i ? "," : "", names[i]);
	bool results = cc_influence_results_header(joined.buf, joined.len);
	cc_buf_release(&joined);
	if (results) {
		free(names);
		bad_header(in, 0, "per-asset influence results (asset, model, opportunities, pipeline, revenue) "
				  "are not engagement data: commit the file where engagement.files finds it and "
				  "'index' reads it (docs/influence.md)");
		return -1;
	}
	const struct cc_preset *p = NULL;
	int r;
	if (in->opts->preset) {
		p = cc_preset_find(in->opts->preset);
	} else {
		bool has_asset = find_col(in, &in->cfg->engagement.columns_asset) >= 0;
		/* Column names the config gives explicitly win over the presets. */
		if (!(in->cfg->engagement.columns_configured && has_asset &&
		      find_col(in, &in->cfg->engagement.columns_date) >= 0))
			p = cc_preset_detect(names, in->ncols, has_asset);
	}
	free(names);
	r = p ? header_preset(in, p) : header_generic(in);
	if (r < 0)
		return -1;
	if (in->ignored.len)
		cc_problems_add(in->warn, in->file, in->rec_line, 0, CC_SEV_WARNING, "ignored-column",
				"column%s %s ignored: not a metric %s reads", strchr(in->ignored.buf, ',') ? "s" : "",
				in->ignored.buf, p ? p->name : "the long shape");
	/* A dateless file covers a period: --period, else the preamble. */
	if (in->c_date < 0) {
		if (in->opts->has_period) {
			in->period_start = in->opts->period_start;
			in->period_days = in->opts->period_end - in->opts->period_start + 1;
		} else if (in->pre_start_set && in->pre_end_set && in->pre_end >= in->pre_start) {
			in->period_start = in->pre_start;
			in->period_days = in->pre_end - in->pre_start + 1;
		} else {
			bad_header(in, 0, "the file has no date column and no period: give the days it "
					  "covers with --period YYYY-MM-DD..YYYY-MM-DD");
			return -1;
		}
		in->st->period_start = in->period_start;
		in->st->period_end = in->period_start + in->period_days - 1;
	} else if (in->opts->has_period) {
		bad_header(in, in->c_date + 1, "--period is for exports without a date column; this "
					       "file has one ('%s')", in->cols[in->c_date].name);
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

/*
 * Measurements are written by one UPSERT: a new key is inserted; a key
 * from an earlier import is replaced (its old value kept in prev); a key
 * seen earlier in this file (same batch) adds up for counts and keeps the
 * later row for gauges. Counts go through a buffer of BATCH_ROWS rows a
 * statement. What was new, replaced or unchanged is counted once at the
 * end (count_outcome), from batch and prev.
 */
#define BATCH_ROWS 64
#define UPSERT_TAIL " ON CONFLICT DO UPDATE SET prev = CASE WHEN batch = excluded.batch THEN prev " \
		    "ELSE value END, value = CASE WHEN batch = excluded.batch THEN %s ELSE " \
		    "excluded.value END, batch = excluded.batch, days = excluded.days"

static char *upsert_sql(size_t rows, bool gauge)
{
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_adds(&b, "INSERT INTO eng.engagement(asset, metric, day, source, value, batch, days) VALUES ");
	for (size_t r = 0; r < rows; r++)
		cc_buf_addf(&b, "%s(?%zu, ?%zu, ?%zu, ?%zu, ?%zu, ?%zu, ?%zu)", r ? ", " : "", r * 7 + 1,
			    r * 7 + 2, r * 7 + 3, r * 7 + 4, r * 7 + 5, r * 7 + 6, r * 7 + 7);
	cc_buf_addf(&b, UPSERT_TAIL, gauge ? "excluded.value" : "value + excluded.value");
	return cc_buf_detach(&b, NULL);
}

static int prep(struct ingest *in, sqlite3_stmt **st, const char *sql);

static int bind_row(struct ingest *in, sqlite3_stmt *s, size_t r, const struct pending *p)
{
	int k = (int)(r * 7);
	sqlite3_bind_int64(s, k + 1, p->asset);
	sqlite3_bind_text(s, k + 2, p->metric, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, k + 3, p->day);
	sqlite3_bind_text(s, k + 4, in->source, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, k + 5, p->value);
	sqlite3_bind_int64(s, k + 6, in->batch);
	sqlite3_bind_int64(s, k + 7, p->days);
	return 0;
}

/* Writes the buffered counts; -1 on a database error. */
static int flush(struct ingest *in)
{
	sqlite3_stmt *s = NULL;
	bool full = in->npending == BATCH_ROWS;
	int rc;
	if (!in->npending)
		return 0;
	if (full && !in->q_batch) {
		char *sql = upsert_sql(BATCH_ROWS, false);
		int r = prep(in, &in->q_batch, sql);
		free(sql);
		if (r < 0)
			return -1;
	}
	if (full) {
		s = in->q_batch;
	} else {
		char *sql = upsert_sql(in->npending, false);
		int r = prep(in, &s, sql);
		free(sql);
		if (r < 0)
			return -1;
	}
	for (size_t r = 0; r < in->npending; r++)
		bind_row(in, s, r, &in->pending[r]);
	rc = sqlite3_step(s);
	if (full)
		sqlite3_reset(s);
	else
		sqlite3_finalize(s);
	in->npending = 0;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Stores one measurement (counts: buffered); -1 on a database error. */
static int store(struct ingest *in, int64_t asset, const struct val *x, int64_t day, int64_t days)
{
	in->st->values++;
	/* The metric names of this file, interned: the buffer points at them. */
	size_t ml = strlen(x->metric);
	if (map_get(&in->metrics, x->metric, ml) < 0)
		map_put(&in->metrics, x->metric, ml, 1);
	const char *metric = in->metrics.keys[map_slot(&in->metrics, x->metric, ml)];
	if (!x->gauge) {
		struct pending *p = &in->pending[in->npending++];
		p->asset = asset;
		p->day = day;
		p->days = days;
		p->value = x->value;
		p->metric = metric;
		return in->npending == BATCH_ROWS ? flush(in) : 0;
	}
	/* A gauge given twice in this file keeps the later row: say so. */
	sqlite3_stmt *s = in->q[Q_SELECT];
	sqlite3_bind_int64(s, 1, asset);
	sqlite3_bind_text(s, 2, x->metric, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, day);
	sqlite3_bind_text(s, 4, in->source, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 1) == in->batch &&
	    sqlite3_column_double(s, 0) != x->value)
		cc_problems_add(in->warn, in->file, in->rec_line, 0, CC_SEV_WARNING, "gauge-twice",
				"%s given twice for the same asset and day: a gauge is not added up, "
				"this row's value is kept", x->metric);
	sqlite3_reset(s);
	if (!in->q_gauge) {
		char *sql = upsert_sql(1, true);
		int r = prep(in, &in->q_gauge, sql);
		free(sql);
		if (r < 0)
			return -1;
	}
	struct pending one = {asset, day, days, x->value, metric};
	bind_row(in, in->q_gauge, 0, &one);
	int rc = sqlite3_step(in->q_gauge);
	sqlite3_reset(in->q_gauge);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * new / replaced / unchanged, from the rows this import wrote: prev is NULL
 * for a key new in this import, else the value before it. A table that was
 * empty before needs no scan: every row is new.
 */
static int count_outcome(struct ingest *in, bool was_empty)
{
	sqlite3_stmt *s = NULL;
	int r = prep(in, &s, was_empty ? "SELECT count(*), 0, 0 FROM eng.engagement"
				       : "SELECT count(*) FILTER (WHERE prev IS NULL), count(*) FILTER "
					 "(WHERE prev IS NOT NULL AND prev <> value), count(*) FILTER "
					 "(WHERE prev = value) FROM eng.engagement WHERE batch = ?1");
	if (r < 0)
		return -1;
	if (!was_empty)
		sqlite3_bind_int64(s, 1, in->batch);
	if (sqlite3_step(s) == SQLITE_ROW) {
		in->st->stored = (size_t)sqlite3_column_int64(s, 0);
		in->st->replaced = (size_t)sqlite3_column_int64(s, 1);
		in->st->unchanged = (size_t)sqlite3_column_int64(s, 2);
		r = 0;
	} else {
		r = -1;
	}
	sqlite3_finalize(s);
	return r;
}

static int keep_unmatched(struct ingest *in, const char *name, const struct val *x, int64_t day,
			  int64_t days, const char *reason)
{
	sqlite3_stmt *s = in->q[Q_UNMATCHED];
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, x->metric, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, day);
	sqlite3_bind_text(s, 4, in->source, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 5, x->value);
	sqlite3_bind_text(s, 6, in->file, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 7, in->rec_line);
	sqlite3_bind_text(s, 8, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 9, days);
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

/* The day checks every date passes: inside [earliest, today + future_days]. */
static int check_day(struct ingest *in, int64_t day, const char *what)
{
	char d[16], lim[16];
	if (day < in->earliest) {
		cc_day_format(d, day);
		cc_day_format(lim, in->earliest);
		bad_row(in, "%s %s is before %s (engagement.earliest): a typo?", what, d, lim);
		return -1;
	}
	if (day > in->latest_ok) {
		cc_day_format(d, day);
		bad_row(in, "%s %s is more than %d days in the future (engagement.future_days): a typo?",
			what, d, in->cfg->engagement.future_days);
		return -1;
	}
	if (day > in->today && !in->future_rows++)
		in->future_line = in->rec_line;
	return 0;
}

/* Stores a validated row: its values for one asset name and day (or period). */
static void take_row(struct ingest *in, const char *name, int64_t day, int64_t days,
		     const struct val *v, size_t n)
{
	int idx = resolve(&in->assets, name);
	if (idx < 0) {
		const char *reason = idx == AMBIGUOUS ? "names several assets" : "unknown asset";
		in->st->unknown++;
		note_unknown(in, name, reason);
		for (size_t i = 0; i < n; i++)
			if (keep_unmatched(in, name, &v[i], day, days, reason) < 0) {
				in->fail = 1;
				return;
			}
		return;
	}
	int64_t id = eng_asset_id(in, idx);
	if (id < 0) {
		in->fail = 1;
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (store(in, id, &v[i], day, days) < 0) {
			in->fail = 1;
			return;
		}
}

/* "page_view" → views; other events keep their (cleaned) name. */
static char *event_metric(const char *event)
{
	static const char *const map[][2] = {
		{"page_view", "views"},
		{"session_start", "sessions"},
		{"file_download", "downloads"},
		{"screen_view", "views"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(event, map[i][0]))
			return cc_xstrdup(map[i][1]);
	return cc_vocab_clean(event);
}

static bool is_total(const char *name)
{
	while (*name == ' ')
		name++;
	return !strcasecmp(name, "total") || !strcasecmp(name, "grand total") ||
	       !strcasecmp(name, "totals");
}

/* The asset named by a row: the first non-empty asset column, or --asset. */
static const char *row_asset(struct ingest *in, struct cc_buf *tmp)
{
	for (size_t k = 0; k < in->nasset; k++) {
		const char *s = in->fields[in->c_asset[k]].buf;
		if (!s[strspn(s, " \t")])
			continue;
		if (in->preset && in->preset->bare_labels && in->cols[in->c_asset[k]].name &&
		    !strcasecmp(in->cols[in->c_asset[k]].name, "label")) {
			/* Matomo labels: "blog/x" is the URL path "/blog/x". */
			s += strspn(s, " \t");
			if (*s != '/' && !strstr(s, "://")) {
				cc_buf_reset(tmp);
				cc_buf_addch(tmp, '/');
				cc_buf_adds(tmp, s);
				return tmp->buf;
			}
		}
		return s;
	}
	return in->nasset ? NULL : in->opts->asset;
}

static void record(struct ingest *in)
{
	int64_t day, days = 1;
	const char *name;
	struct cc_buf tmp = CC_BUF_INIT;

	if (in->fail || in->ended)
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
			bad_row(in, "missing column '%s' (%zu of %zu fields)", in->cols[in->nfields].name,
				in->nfields, in->ncols);
		else
			bad_row(in, "%zu fields, the header has %zu", in->nfields, in->ncols);
		return;
	}
	if (in->nul_col) {
		bad_row(in, "a NUL byte in column %d ('%s')", in->nul_col, in->cols[in->nul_col - 1].name);
		return;
	}
	name = row_asset(in, &tmp);
	/* Totals: a "Total"/"Grand total" row, or (GA4) a row with no page at all. */
	if (in->preset && in->preset->total_rows && ((!name && in->nasset) || (name && is_total(name)))) {
		in->st->rows--;
		in->st->totals++;
		goto out;
	}
	if (in->c_date >= 0) {
		const char *ds = in->fields[in->c_date].buf;
		if (!ds[strspn(ds, " \t")]) {
			if (in->preset && in->preset->total_rows && name && !*name) {
				in->st->rows--, in->st->totals++;
				goto out;
			}
			bad_row(in, "missing date");
			goto out;
		}
		if (cc_engagement_parse_day(ds, &day) < 0) {
			bad_row(in, "bad date '%.40s'", ds);
			goto out;
		}
		if (check_day(in, day, "day") < 0)
			goto out;
	} else {
		day = in->period_start;
		days = in->period_days;
	}
	if (!name || !name[strspn(name, " \t")]) {
		bad_row(in, "missing asset");
		goto out;
	}
	/* Validate every cell before storing anything of the row. */
	struct val vals[64];
	struct val *v = in->ncols <= 64 ? vals : cc_xmalloc(in->ncols * sizeof(*v));
	char *owned = NULL;
	size_t nv = 0;
	const char *why;
	if (in->c_event >= 0) {
		const char *e = in->fields[in->c_event].buf;
		owned = event_metric(e + strspn(e, " \t"));
		if (!*owned) {
			bad_row(in, "missing event_name");
			goto done;
		}
		v[nv++] = (struct val){owned, 1, false};
	} else if (in->c_metric >= 0 && !in->st->wide) {
		/* Long files repeat a handful of metric names: clean each once. */
		const char *raw = in->fields[in->c_metric].buf;
		if (!in->last_clean || strcmp(raw, in->last_raw.buf)) {
			free(in->last_clean);
			in->last_clean = cc_vocab_clean(raw);
			cc_buf_reset(&in->last_raw);
			cc_buf_adds(&in->last_raw, raw);
		}
		const char *metric = in->last_clean;
		const char *s = in->fields[in->c_value].buf;
		double x;
		if (!*metric) {
			bad_row(in, "missing metric");
			goto done;
		}
		if (cc_cell_parse(s, CC_CELL_NUMBER, &x, &why) < 0) {
			if (!strcmp(why, "empty"))
				bad_row(in, "missing value in column '%s'", in->cols[in->c_value].name);
			else
				bad_row(in, "%s value '%.40s' in column '%s'", why, s, in->cols[in->c_value].name);
			goto done;
		}
		v[nv++] = (struct val){metric, x, cc_metric_is_gauge(metric)};
	} else {
		for (size_t i = 0; i < in->ncols; i++) {
			const struct col *c = &in->cols[i];
			const char *s = in->fields[i].buf;
			double x;
			if (c->role != COL_METRIC)
				continue;
			if (!s[strspn(s, " \t")])
				continue; /* an empty cell: no measurement */
			if (cc_cell_parse(s, c->form, &x, &why) < 0) {
				bad_row(in, "%s value '%.40s' in column '%s'", why, s, c->name);
				goto done;
			}
			v[nv++] = (struct val){c->metric, x, c->gauge};
		}
	}
	take_row(in, name, day, days, v, nv);
done:
	free(owned);
	if (v != vals)
		free(v);
out:
	cc_buf_release(&tmp);
}

static void on_record(int c, void *ctx)
{
	struct ingest *in = ctx;
	(void)c;
	if (in->nfields == 1 && !in->fields[0].len && !in->nul_col) {
		in->nfields = 0; /* a blank line */
		return;
	}
	record(in);
	in->nfields = 0;
	in->nul_col = 0;
}

/* A comment line before the header (GA4's preamble): "# Start date: 20261101". */
static void preamble(struct ingest *in, const char *s, size_t n)
{
	static const char *const keys[] = {"Start date:", "End date:"};
	s++, n--;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	for (int k = 0; k < 2; k++) {
		size_t kl = strlen(keys[k]);
		if (n < kl || strncasecmp(s, keys[k], kl))
			continue;
		char *v = cc_xstrndup(s + kl, n - kl);
		size_t e = strlen(v);
		while (e && (v[e - 1] == '\n' || v[e - 1] == '\r' || v[e - 1] == ' '))
			v[--e] = '\0';
		int64_t d;
		if (cc_engagement_parse_day(v, &d) == 0) {
			if (k == 0)
				in->pre_start = d, in->pre_start_set = true;
			else
				in->pre_end = d, in->pre_end_set = true;
		}
		free(v);
	}
}

/* The next line end libcsv accepts (LF, CRLF or a bare CR): the length of the line with it. */
static size_t line_len(const char *s, size_t n)
{
	const char *lf = memchr(s, '\n', n);
	size_t upto = lf ? (size_t)(lf - s) : n;
	const char *cr = memchr(s, '\r', upto);
	if (cr && (size_t)(cr - s) + 1 < n && cr[1] != '\n')
		return (size_t)(cr - s) + 1;
	if (cr && (size_t)(cr - s) + 1 == n)
		return n;
	return lf ? upto + 1 : n;
}

/* ---- GA4 BigQuery events as JSON lines ---- */

static const char *json_str(json_t *o, const char *key, char *num, size_t numsz)
{
	json_t *v = json_object_get(o, key);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(num, numsz, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return num;
	}
	return NULL;
}

/* page_location: a top-level field, or event_params[].{key, value.string_value}. */
static const char *json_page(json_t *o)
{
	json_t *v = json_object_get(o, "page_location"), *params, *p;
	size_t i;
	if (json_is_string(v))
		return json_string_value(v);
	params = json_object_get(o, "event_params");
	json_array_foreach(params, i, p)
	{
		json_t *k = json_object_get(p, "key");
		if (json_is_string(k) && !strcmp(json_string_value(k), "page_location")) {
			json_t *sv = json_object_get(json_object_get(p, "value"), "string_value");
			return json_is_string(sv) ? json_string_value(sv) : NULL;
		}
	}
	return NULL;
}

static void json_lines(struct ingest *in, const char *text, size_t off, size_t len)
{
	in->preset = cc_preset_find("ga4-bigquery");
	in->st->preset = in->preset->name;
	in->header_done = true;
	in->line = 0;
	while (off < len && !in->fail) {
		size_t n = line_len(text + off, len - off);
		const char *s = text + off;
		in->line++;
		in->rec_line = in->line;
		off += n;
		while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
			n--;
		size_t sp = 0;
		while (sp < n && (s[sp] == ' ' || s[sp] == '\t'))
			sp++;
		if (sp == n)
			continue;
		in->st->rows++;
		if (memchr(s, '\0', n)) {
			bad_row(in, "a NUL byte in the line");
			continue;
		}
		json_error_t err;
		json_t *o = json_loadb(s, n, JSON_REJECT_DUPLICATES, &err);
		if (!json_is_object(o)) {
			bad_row(in, "not a JSON object: %s", o ? "another JSON value" : err.text);
			json_decref(o);
			continue;
		}
		char num[32];
		const char *ds = json_str(o, "event_date", num, sizeof(num));
		const char *ev = json_str(o, "event_name", NULL, 0);
		const char *page = json_page(o);
		int64_t day;
		if (!ds)
			bad_row(in, "missing event_date");
		else if (cc_engagement_parse_day(ds, &day) < 0)
			bad_row(in, "bad date '%.40s'", ds);
		else if (check_day(in, day, "day") < 0)
			;
		else if (!ev || !*ev)
			bad_row(in, "missing event_name");
		else if (!page || !*page)
			bad_row(in, "missing page_location (top level or in event_params)");
		else {
			char *m = event_metric(ev);
			struct val v = {m, 1, false};
			take_row(in, page, day, 1, &v, 1);
			free(m);
		}
		json_decref(o);
	}
}

/*
 * Reads the whole file, or fails once it holds more than max bytes: a
 * device (/dev/zero) or an endless pipe must not run memory out.
 */
static int read_file(const char *path, const char *display, uint64_t max, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct cc_buf b = CC_BUF_INIT;
	char chunk[65536];
	size_t n;
	if (!f)
		return cc_error("cannot read '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if ((uint64_t)b.len + n > max) {
			fclose(f);
			cc_buf_release(&b);
			return cc_error("'%s' is larger than %llu bytes, the most ingest reads "
					"(engagement.max_bytes in contentcal.yml, or --max-bytes)",
					display, (unsigned long long)max);
		}
		cc_buf_add(&b, chunk, n);
	}
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


/*
 * A url pattern that would make name match an asset, or NULL: the last
 * path segment is a slug; the other segments that equal its publish date's
 * year, month or day or its section become placeholders.
 */
static char *suggest_url(const struct assets *a, const char *name)
{
	const char *p = url_path(name), *host_end = p;
	if (!p)
		p = name;
	size_t n = strcspn(p, "?#");
	while (n && p[n - 1] == '/')
		n--;
	const char *last = p + n;
	while (last > p && last[-1] != '/')
		last--;
	int idx = map_get(&a->map, last, (size_t)(p + n - last));
	if (idx < 0 || strlen(a->slugs[idx]) != (size_t)(p + n - last) ||
	    strncmp(a->slugs[idx], last, (size_t)(p + n - last)))
		return NULL;
	const char *date = a->dates[idx], *path = a->paths[idx];
	if (!strncmp(path, "content/", 8))
		path += 8;
	size_t sec = strcspn(path, "/");
	struct cc_buf b = CC_BUF_INIT;
	if (host_end)
		cc_buf_add(&b, name, (size_t)(host_end - name));
	for (const char *q = p; q < p + n;) {
		if (*q == '/') {
			cc_buf_addch(&b, '/');
			q++;
			continue;
		}
		size_t k = strcspn(q, "/");
		if (q + k > p + n)
			k = (size_t)(p + n - q);
		if (q == last)
			cc_buf_adds(&b, "{slug}");
		else if (strlen(date) == 10 && k == 4 && !strncmp(q, date, 4))
			cc_buf_adds(&b, "{year}");
		else if (strlen(date) == 10 && k == 2 && !strncmp(q, date + 5, 2) && !strstr(b.buf ? b.buf : "", "{month}"))
			cc_buf_adds(&b, "{month}");
		else if (strlen(date) == 10 && k == 2 && !strncmp(q, date + 8, 2))
			cc_buf_adds(&b, "{day}");
		else if (path[sec] == '/' && k == sec && !strncmp(q, path, k))
			cc_buf_adds(&b, "{section}");
		else
			cc_buf_add(&b, q, k);
		q += k;
	}
	if (p[n] == '/')
		cc_buf_addch(&b, '/');
	return cc_buf_detach(&b, NULL);
}

static int cmp_unknown_rows(const void *x, const void *y)
{
	const struct unknown_name *a = x, *b = y;
	if (a->rows != b->rows)
		return a->rows < b->rows ? 1 : -1;
	return a->line - b->line;
}

/* One warning naming the most common unmatched names and the likely fix. */
static void unmatched_summary(struct ingest *in)
{
	if (!in->nunknown)
		return;
	struct unknown_name *v = cc_xcalloc(in->nunknown, sizeof(*v));
	memcpy(v, in->unknown, in->nunknown * sizeof(*v));
	qsort(v, in->nunknown, sizeof(*v), cmp_unknown_rows);
	struct cc_buf b = CC_BUF_INIT;
	char *fix = NULL;
	size_t top = in->nunknown < 5 ? in->nunknown : 5;
	for (size_t i = 0; i < top; i++) {
		cc_buf_addf(&b, "%s'%s' (%zu row%s)", i ? ", " : "", v[i].name, v[i].rows,
			    v[i].rows == 1 ? "" : "s");
		if (!fix)
			fix = suggest_url(&in->assets, v[i].name);
	}
	if (in->nunknown > top)
		cc_buf_addf(&b, " and %zu more", in->nunknown - top);
	if (fix && (!in->cfg->url || strcmp(fix, in->cfg->url)))
		cc_buf_addf(&b, "; likely fix: url: \"%s\" in contentcal.yml (the last part names an "
				"asset's slug)", fix);
	else
		cc_buf_adds(&b, "; likely fix: check 'url' in contentcal.yml against the export's "
				"paths, or list a moved page's old URL under its front-matter 'aliases'");
	cc_problems_add(in->warn, in->file, 0, 0, CC_SEV_WARNING, "unmatched",
			"%zu row%s matched no asset; most rows: %s", in->st->unknown,
			in->st->unknown == 1 ? "" : "s", b.buf);
	free(fix);
	cc_buf_release(&b);
	free(v);
}

/* The SQL for where this import goes: eng.X, or c_X in the index for committed exports. */
static char *target_sql(const struct ingest *in, const char *sql)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *p;
	if (!in->opts->committed)
		return cc_xstrdup(sql);
	while ((p = strstr(sql, "eng."))) {
		cc_buf_add(&b, sql, (size_t)(p - sql));
		cc_buf_adds(&b, "c_");
		sql = p + 4;
	}
	cc_buf_adds(&b, sql);
	return cc_buf_detach(&b, NULL);
}

static int prep(struct ingest *in, sqlite3_stmt **st, const char *sql)
{
	char *q = target_sql(in, sql);
	int r = cc_db_prepare(in->db, st, q);
	free(q);
	return r;
}

static int exec_sql(struct ingest *in, const char *sql)
{
	char *q = target_sql(in, sql);
	int r = cc_db_exec(in->db, q);
	free(q);
	return r;
}

/* The options a run cannot start with: -1 with cc_error, else 0. */
static int check_ingest_options(const struct cc_ingest_options *opts)
{
	if (opts->preset && !cc_preset_find(opts->preset)) {
		struct cc_buf b = CC_BUF_INIT;
		for (const struct cc_preset *q = cc_presets; q->name; q++)
			cc_buf_addf(&b, "%s%s", q == cc_presets ? "" : ", ", q->name);
		cc_error("unknown preset '%s' (known: %s)", opts->preset, b.buf);
		cc_buf_release(&b);
		return -1;
	}
	if (opts->has_period && (opts->period_end < opts->period_start))
		return cc_error("--period ends before it starts");
	return 0;
}

static void ingest_init(struct ingest *in, struct cc_db *db, const struct cc_config *cfg, const char *path,
			const struct cc_ingest_options *opts, struct cc_ingest_stats *stats,
			struct cc_problems *bad, struct cc_problems *warn)
{
	memset(stats, 0, sizeof(*stats));
	in->db = db;
	in->cfg = cfg;
	in->opts = opts;
	in->file = opts->display_path ? opts->display_path : path;
	in->source = opts->source && *opts->source ? opts->source : "default";
	in->st = stats;
	in->bad = bad;
	in->warn = warn;
	in->c_date = in->c_metric = in->c_value = in->c_event = -1;
	in->today = cc_today();
	in->earliest = cfg->engagement.earliest;
	in->latest_ok = in->today + cfg->engagement.future_days;
	cc_buf_init(&in->ignored);
	cc_buf_init(&in->last_raw);
}

static void ingest_release(struct ingest *in)
{
	for (int k = 0; k < Q_COUNT; k++)
		sqlite3_finalize(in->q[k]);
	sqlite3_finalize(in->q_batch);
	sqlite3_finalize(in->q_gauge);
	free(in->pending);
	cc_buf_release(&in->last_raw);
	free(in->last_clean);
	for (size_t i = 0; i < in->afields; i++)
		cc_buf_release(&in->fields[i]);
	free(in->fields);
	for (size_t i = 0; i < in->ncols; i++) {
		free(in->cols[i].name);
		free(in->cols[i].metric);
	}
	free(in->cols);
	cc_buf_release(&in->ignored);
	for (size_t i = 0; i < in->nunknown; i++)
		free(in->unknown[i].name);
	free(in->unknown);
	map_release(&in->unknown_map);
	map_release(&in->metrics);
	assets_release(&in->assets);
}

/* The export's bytes (the caller's, or the file's up to the size cap), NUL-ended and valid UTF-8. */
static int read_export(struct ingest *in, const char *path, char **text, size_t *len)
{
	const struct cc_ingest_options *opts = in->opts;
	int uline, ucol;
	if (opts->data) {
		*text = cc_xmalloc(opts->len + 1);
		memcpy(*text, opts->data, opts->len);
		(*text)[opts->len] = '\0';
		*len = opts->len;
	} else if (read_file(path, in->file, opts->max_bytes ? opts->max_bytes : in->cfg->engagement.max_bytes,
			     text, len) < 0) {
		return -1;
	}
	if (!cc_utf8_check(*text, *len, &uline, &ucol))
		return cc_error("%s:%d:%d: not valid UTF-8 (export the file as UTF-8)", in->file, uline, ucol);
	return 0;
}

/* Inside the transaction: the statements, whether eng.engagement was empty, and this import's row. */
static int begin_import(struct ingest *in, bool *was_empty)
{
	sqlite3_stmt *s = NULL;
	char at[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	for (int k = 0; k < Q_COUNT; k++)
		if (prep(in, &in->q[k], q_sql[k]) < 0)
			return -1;
	in->pending = cc_xcalloc(BATCH_ROWS, sizeof(*in->pending));
	if (prep(in, &s, "SELECT NOT EXISTS (SELECT 1 FROM eng.engagement)") < 0)
		return -1;
	*was_empty = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (prep(in, &s, "INSERT INTO eng.imports(file, source, at, rows, stored, "
			 "replaced, unchanged, unknown, bad) VALUES (?1, ?2, ?3, 0, 0, 0, 0, 0, 0)") < 0)
		return -1;
	sqlite3_bind_text(s, 1, in->file, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, in->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, at, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return cc_db_error(in->db, "recording the import");
	in->batch = sqlite3_last_insert_rowid(in->db->db);
	return 0;
}

/*
 * Feeds text[off..len) to libcsv one physical line at a time (LF, CRLF or
 * bare CR, as libcsv reads them), so each record knows where it starts.
 * Returns -1 with cc_error on a libcsv failure, else 0 (row problems are
 * in in->bad and in->warn, a database error in in->fail).
 */
static int parse_csv(struct ingest *in, const char *text, size_t off, size_t len)
{
	struct csv_parser p;
	int ret = 0;
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		return cc_error("cannot set up the CSV parser");
	in->line = 0;
	while (off < len && !in->fail && !in->ended) {
		size_t n = line_len(text + off, len - off);
		in->line++;
		if (p.pstate == 0) { /* ROW_NOT_BEGUN: this line starts a record */
			in->rec_line = in->line;
			if (text[off] == '#') {
				/* A comment line: before the header, the preamble; after the
				 * data, the start of another table (GA4), which is not read. */
				if (!in->header_done) {
					preamble(in, text + off, n);
				} else if (in->st->rows) {
					cc_problems_add(in->warn, in->file, in->line, 0, CC_SEV_WARNING,
							"second-table", "another table starts here; only "
							"the first table of the file is read");
					in->ended = true;
				}
				off += n;
				continue;
			}
		}
		if (csv_parse(&p, text + off, n, on_field, on_record, in) != n) {
			ret = cc_error("%s:%d: %s", in->file, in->line, csv_strerror(csv_error(&p)));
			goto done;
		}
		off += n;
	}
	/* pstate 2 (FIELD_BEGUN) with quoted set: inside a quote at the end of the file. */
	if (!in->fail && !in->ended && p.pstate == 2 && p.quoted) {
		/* The last quoted field never ends: everything after its quote is lost. */
		cc_problems_add(in->bad, in->file, in->rec_line, 0, CC_SEV_ERROR, "bad-row",
				"a quoted field opened here is never closed");
		in->st->rows++;
		in->st->bad++;
	} else if (!in->fail && !in->ended) {
		csv_fini(&p, on_field, on_record, in);
	}
done:
	csv_free(&p);
	return ret;
}

/* The warnings about names that matched no asset and about future days. */
static void report_names(struct ingest *in)
{
	for (size_t i = 0; i < in->nunknown; i++) {
		struct unknown_name *u = &in->unknown[i];
		cc_problems_add(in->warn, in->file, u->line, 0, CC_SEV_WARNING, "unknown-asset",
				"'%s' %s (%zu row%s kept aside in the unmatched table)", u->name, u->reason,
				u->rows, u->rows == 1 ? "" : "s");
	}
	unmatched_summary(in);
	if (in->future_rows)
		cc_problems_add(in->warn, in->file, in->future_line, 0, CC_SEV_WARNING, "future-day",
				"%zu row%s dated after today: %s count from their day on", in->future_rows,
				in->future_rows == 1 ? " is" : "s are", in->future_rows == 1 ? "it" : "they");
}

/* The metrics seen, the import's counts and, when measurements changed, a new generation. */
static int finish_import(struct ingest *in)
{
	const struct cc_ingest_stats *stats = in->st;
	sqlite3_stmt *s = NULL;
	int rc;
	if (prep(in, &s, "INSERT OR IGNORE INTO eng.metrics(name) VALUES (?1)") < 0)
		return -1;
	for (size_t i = 0; i < in->metrics.cap; i++) {
		if (!in->metrics.keys || !in->metrics.keys[i])
			continue;
		sqlite3_bind_text(s, 1, in->metrics.keys[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(s);
			return cc_db_error(in->db, "recording the metrics");
		}
	}
	sqlite3_finalize(s);
	s = NULL;
	if (prep(in, &s, "UPDATE eng.imports SET rows = ?2, stored = ?3, replaced = ?4, "
			 "unchanged = ?5, unknown = ?6, bad = ?7 WHERE id = ?1") < 0)
		return -1;
	sqlite3_bind_int64(s, 1, in->batch);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)stats->rows);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)stats->stored);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)stats->replaced);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)stats->unchanged);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)stats->unknown);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)stats->bad);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	/* Only a change to the measurements is a new generation: derived data
	 * (the relevance cache) is keyed by it. The token tells apart two
	 * files that reached the same count (a file restored or replaced). */
	if (rc != SQLITE_DONE ||
	    ((stats->stored || stats->replaced) &&
	     exec_sql(in, "UPDATE eng.meta SET value = value + 1 WHERE key = 'generation';"
			  "INSERT OR REPLACE INTO eng.meta(key, value) "
			  "VALUES ('token', lower(hex(randomblob(8))))") < 0))
		return cc_db_error(in->db, "recording the import");
	return 0;
}

int cc_engagement_ingest(struct cc_db *db, const struct cc_config *cfg, const char *path,
			 const struct cc_ingest_options *opts, struct cc_ingest_stats *stats,
			 struct cc_problems *bad, struct cc_problems *warn)
{
	struct ingest in = {0};
	char *text = NULL;
	size_t len = 0;
	int ret = -1;
	bool in_tx = false, was_empty = false;

	ingest_init(&in, db, cfg, path, opts, stats, bad, warn);
	if (check_ingest_options(opts) < 0 || read_export(&in, path, &text, &len) < 0 ||
	    load_assets(db, cfg, &in.assets) < 0)
		goto cleanup;
	if (opts->committed ? cc_db_exec(db, "SAVEPOINT cc_export") < 0 : cc_db_begin(db) < 0)
		goto cleanup;
	in_tx = true;
	if (begin_import(&in, &was_empty) < 0)
		goto cleanup;

	size_t off = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
	size_t first = off + strspn(text + off, " \t\r\n");
	if (first < len && text[first] == '{' && (!opts->preset || !strcmp(opts->preset, "ga4-bigquery")))
		json_lines(&in, text, off, len);
	else if (parse_csv(&in, text, off, len) < 0)
		goto cleanup;
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
	if (flush(&in) < 0 || count_outcome(&in, was_empty) < 0) {
		cc_db_error(db, "storing engagement");
		goto cleanup;
	}
	report_names(&in);
	if (stats->bad && !opts->skip_bad) {
		ret = 1;
		goto cleanup;
	}
	if (finish_import(&in) < 0)
		goto cleanup;
	if (opts->committed ? cc_db_exec(db, "RELEASE cc_export") < 0 : cc_db_commit(db) < 0)
		goto cleanup;
	in_tx = false;
	stats->committed = true;
	ret = 0;
cleanup:
	/* the statements first: a rollback waits for none */
	ingest_release(&in);
	if (in_tx && opts->committed)
		sqlite3_exec(db->db, "ROLLBACK TO cc_export; RELEASE cc_export", NULL, NULL, NULL);
	else if (in_tx)
		cc_db_rollback(db);
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

int cc_engagement_sources(struct cc_db *db, const char *path, int64_t as_of,
			  struct cc_engagement_source **out, size_t *n)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (cc_db_prepare(db, &st, cc_engagement_committed_present(db)
		? "SELECT e.metric, e.source, e.days, min(e.day), max(e.day + e.days - 1), count(*), "
		  "sum(e.value) FROM (SELECT asset, metric, source, day, days, value, 0 AS c FROM "
		  "eng.engagement WHERE asset = (SELECT id FROM eng.assets WHERE path = ?1) UNION ALL "
		  "SELECT asset, metric, source, day, days, value, 1 FROM c_engagement WHERE asset = "
		  "(SELECT id FROM c_assets WHERE path = ?1)) e WHERE e.day <= ?2 GROUP BY e.metric, e.c, "
		  "e.source, CASE WHEN e.days = 1 THEN -1 ELSE e.day END, e.days "
		  "ORDER BY e.metric, e.c, e.source, min(e.day)"
		: "SELECT e.metric, e.source, e.days, min(e.day), max(e.day + e.days - 1), "
		  "count(*), sum(e.value) FROM eng.engagement e JOIN eng.assets a ON "
		  "a.id = e.asset WHERE a.path = ?1 AND e.day <= ?2 GROUP BY e.metric, "
		  "e.source, CASE WHEN e.days = 1 THEN -1 ELSE e.day END, e.days "
		  "ORDER BY e.metric, e.source, min(e.day)") < 0)
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, as_of);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		CC_GROW(*out, alloc, *n + 1);
		struct cc_engagement_source *s = &(*out)[(*n)++];
		s->metric = cc_xstrdup((const char *)sqlite3_column_text(st, 0));
		s->source = cc_xstrdup((const char *)sqlite3_column_text(st, 1));
		s->days = sqlite3_column_int64(st, 2);
		s->first = sqlite3_column_int64(st, 3);
		s->last = sqlite3_column_int64(st, 4);
		s->rows = (size_t)sqlite3_column_int64(st, 5);
		s->total = sqlite3_column_double(st, 6);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cc_engagement_sources_free(*out, *n);
		*out = NULL;
		*n = 0;
		return cc_db_error(db, "reading engagement sources");
	}
	return 0;
}

void cc_engagement_sources_free(struct cc_engagement_source *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].metric);
		free(v[i].source);
	}
	free(v);
}

/* ---- exports committed in the repository (engagement.files) ---- */

/* The c_ tables in the index: the engagement tables' shape, plus the files read. */
static int committed_schema(struct cc_db *db)
{
	struct cc_buf b = CC_BUF_INIT;
	const char *p = eng_schema, *q;
	static const char create[] = "CREATE TABLE ", insert[] = "INSERT INTO ";
	for (;;) {
		const char *c = strstr(p, create), *ins = strstr(p, insert);
		q = c && (!ins || c < ins) ? c : ins;
		if (!q)
			break;
		cc_buf_add(&b, p, (size_t)(q - p));
		if (q == c) {
			cc_buf_adds(&b, "CREATE TABLE IF NOT EXISTS c_");
			p = q + sizeof(create) - 1;
		} else {
			cc_buf_adds(&b, "INSERT OR IGNORE INTO c_");
			p = q + sizeof(insert) - 1;
		}
	}
	cc_buf_adds(&b, p);
	cc_buf_adds(&b, "CREATE TABLE IF NOT EXISTS c_files(path TEXT PRIMARY KEY, blob TEXT NOT NULL, "
			"assets TEXT NOT NULL) WITHOUT ROWID;\n"
			"CREATE TABLE IF NOT EXISTS c_problems(path TEXT NOT NULL, line INTEGER NOT NULL, "
			"col INTEGER NOT NULL, severity INTEGER NOT NULL, rule TEXT NOT NULL, "
			"message TEXT NOT NULL);\n"
			/* per-asset influence results (influence.h, cc_influence_results_read) */
			"CREATE TABLE IF NOT EXISTS c_influence(file TEXT NOT NULL, path TEXT NOT NULL, "
			"model TEXT NOT NULL, opportunities INTEGER NOT NULL, pipeline INTEGER NOT NULL, "
			"revenue INTEGER NOT NULL, line INTEGER NOT NULL, indexed INTEGER NOT NULL, "
			"PRIMARY KEY(file, path, model)) WITHOUT ROWID;\n");
	int r = cc_db_exec(db, b.buf);
	cc_buf_release(&b);
	return r;
}

/* A fingerprint of everything asset matching depends on: paths, slugs, URLs, aliases. */
static int assets_key(struct cc_db *db, char out[17])
{
	sqlite3_stmt *st = NULL;
	uint64_t h = 1469598103934665603ULL;
	int rc = SQLITE_DONE;
	static const char *const sql[] = {
		"SELECT path, slug, site_url FROM assets ORDER BY path",
		"SELECT a.path, f.key, f.value_text FROM asset_fields f JOIN assets a ON a.id = f.asset "
		"WHERE f.key IN ('aliases', 'canonical', 'canonical_url', 'canonicalURL') "
		"ORDER BY a.path, f.key, f.idx",
	};
	for (int k = 0; k < 2 && rc == SQLITE_DONE; k++) {
		if (cc_db_prepare(db, &st, sql[k]) < 0)
			return -1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			for (int c = 0; c < 3; c++) {
				const unsigned char *t = sqlite3_column_text(st, c);
				for (; t && *t; t++)
					h = (h ^ *t) * 1099511628211ULL;
				h = (h ^ 0xff) * 1099511628211ULL;
			}
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_DONE)
		return cc_db_error(db, "reading assets");
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	return 0;
}

static int c_exec_path(struct cc_db *db, const char *sql, const char *a)
{
	sqlite3_stmt *st = NULL;
	if (cc_db_prepare(db, &st, sql) < 0)
		return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cc_db_error(db, "updating committed engagement");
}

/* Forgets everything read from the committed file at path. */
static int forget_file(struct cc_db *db, const char *path)
{
	char *src = NULL;
	struct cc_buf b = CC_BUF_INIT;
	cc_buf_addf(&b, "git:%s", path);
	src = cc_buf_detach(&b, NULL);
	int r = c_exec_path(db, "DELETE FROM c_engagement WHERE source = ?1", src) < 0 ||
			c_exec_path(db, "DELETE FROM c_unmatched WHERE source = ?1", src) < 0 ||
			c_exec_path(db, "DELETE FROM c_problems WHERE path = ?1", path) < 0 ||
			c_exec_path(db, "DELETE FROM c_influence WHERE file = ?1", path) < 0 ||
			c_exec_path(db, "DELETE FROM c_files WHERE path = ?1", path) < 0
		? -1 : 0;
	free(src);
	return r;
}

/* Reads one committed export into the c_ tables; its problems go to c_problems. */
static int read_committed(struct cc_db *db, const struct cc_config *cfg, const struct cc_blob_source *blobs,
			  const struct cc_committed_file *f, const char *akey)
{
	void *blob = NULL;
	const void *data;
	size_t len;
	struct cc_problems bad = CC_PROBLEMS_INIT, warn = CC_PROBLEMS_INIT;
	struct cc_ingest_stats st;
	struct cc_buf src = CC_BUF_INIT;
	int ret = -1;

	if (blobs->read(blobs->arg, f, &data, &len, &blob) < 0)
		return cc_error("cannot read the committed export '%s'", f->path);
	cc_buf_addf(&src, "git:%s", f->path);
	struct cc_ingest_options o = {0};
	o.source = src.buf;
	o.display_path = f->path;
	o.committed = true;
	o.data = data;
	o.len = len;
	/* Per-asset influence results (a warehouse's) have their own reader and table. */
	int r = cc_influence_results_header(o.data, o.len)
		? cc_influence_results_read(db, f->path, o.data, o.len, &bad, &warn)
		: cc_engagement_ingest(db, cfg, f->path, &o, &st, &bad, &warn);
	if (r < 0) {
		/* A file the parser refuses (not UTF-8, …) is a problem of that file only. */
		const char *msg = cc_error_last();
		cc_problems_add(&bad, f->path, 0, 0, CC_SEV_ERROR, "bad-export", "%s",
				msg ? msg : "cannot read the export");
	} else if (r == 1) {
		cc_problems_add(&bad, f->path, 0, 0, CC_SEV_ERROR, "bad-export",
				"nothing of this committed export counts until its bad rows are fixed");
	}
	if (cc_db_problems_store(db, "c_problems", &bad, "recording export problems") < 0 ||
	    cc_db_problems_store(db, "c_problems", &warn, "recording export problems") < 0)
		goto done;
	sqlite3_stmt *s = NULL;
	if (cc_db_prepare(db, &s, "INSERT OR REPLACE INTO c_files(path, blob, assets) VALUES (?1, ?2, ?3)") < 0)
		goto done;
	sqlite3_bind_text(s, 1, f->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, f->oid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, akey, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "recording a committed export");
		goto done;
	}
	ret = 0;
done:
	cc_buf_release(&src);
	cc_problems_release(&bad);
	cc_problems_release(&warn);
	blobs->done(blob);
	return ret;
}

int cc_engagement_committed_update(struct cc_db *db, const struct cc_config *cfg,
				   const struct cc_blob_source *blobs, const struct cc_committed_file *files,
				   size_t n, struct cc_problems *problems, size_t *reread)
{
	sqlite3_stmt *st = NULL;
	char akey[17];
	char **old_path = NULL, **old_blob = NULL, **old_akey = NULL;
	size_t nold = 0, aold = 0, a2 = 0, a3 = 0;
	bool changed = false, forgot = false;
	int rc, ret = -1;

	*reread = 0;
	if (committed_schema(db) < 0 || assets_key(db, akey) < 0)
		return -1;
	if (cc_db_prepare(db, &st, "SELECT path, blob, assets FROM c_files ORDER BY path") < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		CC_GROW(old_path, aold, nold + 1);
		CC_GROW(old_blob, a2, nold + 1);
		CC_GROW(old_akey, a3, nold + 1);
		old_path[nold] = cc_xstrdup((const char *)sqlite3_column_text(st, 0));
		old_blob[nold] = cc_xstrdup((const char *)sqlite3_column_text(st, 1));
		old_akey[nold++] = cc_xstrdup((const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "reading committed exports");
		goto cleanup;
	}
	/* Both lists are sorted by path (files by the caller). */
	size_t i = 0, j = 0;
	while (i < n || j < nold) {
		int c = i >= n ? 1 : j >= nold ? -1 : strcmp(files[i].path, old_path[j]);
		if (c > 0) { /* gone from the tree */
			if (forget_file(db, old_path[j]) < 0)
				goto cleanup;
			changed = forgot = true;
			j++;
			continue;
		}
		if (c == 0 && !strcmp(files[i].oid, old_blob[j]) && !strcmp(akey, old_akey[j])) {
			i++, j++; /* the same blob, matched against the same assets */
			continue;
		}
		if ((c == 0 && forget_file(db, old_path[j]) < 0) ||
		    read_committed(db, cfg, blobs, &files[i], akey) < 0)
			goto cleanup;
		changed = true;
		forgot |= c == 0;
		(*reread)++;
		if (c == 0)
			j++;
		i++;
	}
	/* Each read adds its metrics to c_metrics; only a forgotten file can leave
	 * names that no longer hold data. */
	if (forgot && cc_db_exec(db, "DELETE FROM c_metrics; INSERT INTO c_metrics "
				     "SELECT DISTINCT metric FROM c_engagement") < 0)
		goto cleanup;
	if (changed && cc_db_exec(db, "UPDATE c_meta SET value = value + 1 WHERE key = 'generation'; "
				      "INSERT OR REPLACE INTO c_meta(key, value) VALUES ('token', "
				      "lower(hex(randomblob(8))))") < 0)
		goto cleanup;
	/* Every committed export's problems, read now or before, are the index's. */
	if (cc_db_prepare(db, &st, "SELECT path, line, col, severity, rule, message FROM c_problems "
				   "ORDER BY rowid") < 0)
		goto cleanup;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		cc_problems_add(problems, (const char *)sqlite3_column_text(st, 0),
				sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
				(enum cc_severity)sqlite3_column_int(st, 3),
				(const char *)sqlite3_column_text(st, 4), "%s",
				(const char *)sqlite3_column_text(st, 5));
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "reading export problems");
		goto cleanup;
	}
	ret = 0;
cleanup:
	sqlite3_finalize(st);
	for (size_t k = 0; k < nold; k++) {
		free(old_path[k]);
		free(old_blob[k]);
		free(old_akey[k]);
	}
	free(old_path);
	free(old_blob);
	free(old_akey);
	return ret;
}

bool cc_engagement_committed_present(struct cc_db *db)
{
	sqlite3_stmt *st = NULL;
	bool yes = false;
	if (sqlite3_prepare_v2(db->db, "SELECT 1 FROM main.sqlite_schema WHERE name = 'c_engagement'",
			       -1, &st, NULL) == SQLITE_OK)
		yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
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
	struct cc_buf *f = cc_bufs_next(&r->fields, &r->nfields, &r->afields);
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
	if (read_file(path, display ? display : path, cfg->engagement.max_bytes, &text, &len) < 0)
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
