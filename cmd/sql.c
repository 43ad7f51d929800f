/*
 * sql.c — `contentcal sql "SELECT …"`: read-only queries on the index.
 *
 * The index is brought up to date first (the command table's
 * CC_NEED_INDEX); then the read-write handle is closed and the file is
 * opened again with SQLITE_OPEN_READONLY, so a write is refused by SQLite
 * itself. On top of that every statement must pass sqlite3_stmt_readonly()
 * (which also refuses writes to TEMP tables), and an authorizer denies
 * ATTACH, DETACH and every PRAGMA but a list of read-only ones. The
 * engagement database, when it exists, is attached read-only as
 * "engagement" before the authorizer is installed. docs/schema.md
 * documents the tables.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cmd.h"
#include "engagement.h"
#include "render.h"
#include "text.h"

#define TEXT_CELL_MAX 60 /* characters shown per cell in text output */

const char cmd_sql_usage[] =
	"usage: contentcal sql \"SELECT ...\" [--format text|json|csv]\n"
	"\n"
	"Runs one read-only SQL statement on the index (brought up to date first)\n"
	"and prints the rows. The database is opened read-only: INSERT, UPDATE,\n"
	"DELETE, CREATE, DROP, ATTACH, DETACH and writing PRAGMAs are refused with\n"
	"exit status 2. The engagement database, when there is one, is attached as\n"
	"'engagement'. The tables are documented in docs/schema.md.\n"
	"\n"
	"  --format F   text (default: aligned columns, long values cut at 60\n"
	"               characters), json (an array of objects, typed values), csv\n"
	"               (RFC 4180, cells that could run as spreadsheet formulas are\n"
	"               prefixed with an apostrophe)\n";

/* PRAGMAs that only read; with an argument only where it names a table or index. */
static const char *const read_pragmas[] = {
	"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
	"table_list", NULL};
static const char *const read_pragmas_noarg[] = {
	"database_list", "user_version", "schema_version", "application_id", "page_count",
	"page_size", "freelist_count", "encoding", "compile_options", "function_list",
	"pragma_list", "collation_list", "module_list", "integrity_check", "quick_check",
	"data_version", "foreign_key_check", NULL};

static int authorize(void *payload, int action, const char *a1, const char *a2, const char *db,
		     const char *trigger)
{
	const char **why = payload;
	switch (action) {
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		*why = "ATTACH and DETACH are not allowed";
		return SQLITE_DENY;
	case SQLITE_PRAGMA:
		if (cc_parse_choice(a1, read_pragmas) >= 0)
			return SQLITE_OK;
		if (!a2 && cc_parse_choice(a1, read_pragmas_noarg) >= 0)
			return SQLITE_OK;
		*why = "this PRAGMA is not allowed (only PRAGMAs that read, without a value)";
		return SQLITE_DENY;
	default:
		return SQLITE_OK;
	}
}

/* Appends s with invalid UTF-8 bytes replaced by U+FFFD. */
static void add_utf8(struct cc_buf *b, const char *s, size_t n)
{
	int line, col;
	size_t off = 0;
	while (off < n) {
		if (cc_utf8_check(s + off, n - off, &line, &col)) {
			cc_buf_add(b, s + off, n - off);
			return;
		}
		/* Find the bad byte's offset: lines and columns are 1-based. */
		size_t k = off;
		for (int l = 1; l < line; k++)
			if (s[k] == '\n')
				l++;
		k += (size_t)col - 1;
		cc_buf_add(b, s + off, k - off);
		cc_buf_adds(b, "\xEF\xBF\xBD");
		off = k + 1;
	}
}

/* The text of column i, as UTF-8 (NULL stays NULL); new string. */
static char *col_text(sqlite3_stmt *st, int i)
{
	struct cc_buf b = CC_BUF_INIT;
	int type = sqlite3_column_type(st, i);
	if (type == SQLITE_NULL)
		return NULL;
	if (type == SQLITE_BLOB) {
		const unsigned char *p = sqlite3_column_blob(st, i);
		int n = sqlite3_column_bytes(st, i);
		cc_buf_adds(&b, "x'");
		for (int k = 0; k < n; k++)
			cc_buf_addf(&b, "%02x", p[k]);
		cc_buf_addch(&b, '\'');
	} else {
		const char *t = (const char *)sqlite3_column_text(st, i);
		add_utf8(&b, t ? t : "", (size_t)sqlite3_column_bytes(st, i));
	}
	return cc_buf_detach(&b, NULL);
}

/* Display width in characters (UTF-8 continuation bytes do not count). */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* Cuts s to at most max characters, ending in "…" when cut. */
static void cut(struct cc_buf *b, size_t max)
{
	size_t w = 0;
	for (size_t i = 0; i < b->len; i++) {
		if (((unsigned char)b->buf[i] & 0xC0) == 0x80)
			continue;
		if (++w == max && width(b->buf + i) > 1) {
			cc_buf_setlen(b, i);
			cc_buf_adds(b, "\xE2\x80\xA6");
			return;
		}
	}
}

struct table {
	int ncols;
	char **cells; /* rows * ncols, sanitised; header first */
	bool *numeric; /* per column: every non-null value a number */
	size_t nrows, alloc;
};

static int print_text(sqlite3_stmt *st)
{
	struct table t = {0};
	int rc = SQLITE_DONE;

	t.ncols = sqlite3_column_count(st);
	t.numeric = cc_xcalloc((size_t)t.ncols + 1, sizeof(*t.numeric));
	for (int i = 0; i < t.ncols; i++)
		t.numeric[i] = true;
	for (bool head = true;; head = false) {
		if (!head && (rc = sqlite3_step(st)) != SQLITE_ROW)
			break;
		CC_GROW(t.cells, t.alloc, (t.nrows + 1) * (size_t)t.ncols);
		for (int i = 0; i < t.ncols; i++) {
			struct cc_buf b = CC_BUF_INIT;
			char *v = head ? cc_xstrdup(sqlite3_column_name(st, i)) : col_text(st, i);
			int type = head ? SQLITE_NULL : sqlite3_column_type(st, i);
			if (!head && type != SQLITE_NULL && type != SQLITE_INTEGER && type != SQLITE_FLOAT)
				t.numeric[i] = false;
			cc_buf_add_safe(&b, v ? v : "", false);
			if (!head)
				cut(&b, TEXT_CELL_MAX);
			free(v);
			t.cells[t.nrows * (size_t)t.ncols + (size_t)i] = cc_buf_detach(&b, NULL);
		}
		t.nrows++;
	}
	size_t *w = cc_xcalloc((size_t)t.ncols + 1, sizeof(*w));
	for (size_t r = 0; r < t.nrows; r++)
		for (int i = 0; i < t.ncols; i++) {
			size_t cw = width(t.cells[r * (size_t)t.ncols + (size_t)i]);
			if (cw > w[i])
				w[i] = cw;
		}
	struct cc_buf line = CC_BUF_INIT;
	for (size_t r = 0; r < t.nrows; r++) {
		cc_buf_reset(&line);
		for (int i = 0; i < t.ncols; i++) {
			const char *c = t.cells[r * (size_t)t.ncols + (size_t)i];
			size_t pad = w[i] - width(c);
			bool right = r > 0 && t.numeric[i];
			if (i)
				cc_buf_adds(&line, "  ");
			for (size_t k = 0; right && k < pad; k++)
				cc_buf_addch(&line, ' ');
			cc_buf_adds(&line, c);
			for (size_t k = 0; !right && k < pad && i + 1 < t.ncols; k++)
				cc_buf_addch(&line, ' ');
		}
		cc_buf_rtrim(&line);
		cc_buf_addch(&line, '\n');
		fwrite(line.buf, 1, line.len, stdout);
		if (r == 0) {
			cc_buf_reset(&line);
			for (int i = 0; i < t.ncols; i++) {
				if (i)
					cc_buf_adds(&line, "  ");
				for (size_t k = 0; k < (w[i] ? w[i] : 1); k++)
					cc_buf_addch(&line, '-');
			}
			cc_buf_addch(&line, '\n');
			fwrite(line.buf, 1, line.len, stdout);
		}
	}
	fprintf(stderr, "(%zu row%s)\n", t.nrows - 1, t.nrows == 2 ? "" : "s");
	cc_buf_release(&line);
	for (size_t k = 0; k < t.nrows * (size_t)t.ncols; k++)
		free(t.cells[k]);
	free(t.cells);
	free(t.numeric);
	free(w);
	return rc;
}

static int print_json(sqlite3_stmt *st)
{
	int rc;
	json_t *arr = json_array();
	int n = sqlite3_column_count(st);
	char **names = cc_xcalloc((size_t)n + 1, sizeof(*names));

	/* Column names, made unique ("id", "id_2") so no value is lost. */
	for (int i = 0; i < n; i++) {
		struct cc_buf b = CC_BUF_INIT;
		const char *base = sqlite3_column_name(st, i);
		add_utf8(&b, base, strlen(base));
		for (int k = 2;; k++) {
			bool dup = false;
			for (int j = 0; j < i; j++)
				dup |= !strcmp(names[j], b.buf);
			if (!dup)
				break;
			cc_buf_reset(&b);
			add_utf8(&b, base, strlen(base));
			cc_buf_addf(&b, "_%d", k);
		}
		names[i] = cc_buf_detach(&b, NULL);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();
		for (int i = 0; i < n; i++) {
			json_t *v;
			char *s;
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_INTEGER:
				v = json_integer(sqlite3_column_int64(st, i));
				break;
			case SQLITE_FLOAT:
				v = json_real(sqlite3_column_double(st, i));
				break;
			case SQLITE_NULL:
				v = json_null();
				break;
			default:
				s = col_text(st, i);
				v = json_string(s);
				free(s);
			}
			json_object_set_new(o, names[i], v ? v : json_null());
		}
		json_array_append_new(arr, o);
	}
	json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(arr);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int print_csv(sqlite3_stmt *st)
{
	int rc;
	struct cc_buf b = CC_BUF_INIT;
	int n = sqlite3_column_count(st);

	for (int i = 0; i < n; i++) {
		if (i)
			cc_buf_addch(&b, ',');
		cc_buf_add_csv(&b, sqlite3_column_name(st, i));
	}
	cc_buf_adds(&b, "\r\n");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			int type = sqlite3_column_type(st, i);
			if (i)
				cc_buf_addch(&b, ',');
			if (type == SQLITE_INTEGER) {
				cc_buf_addf(&b, "%lld", (long long)sqlite3_column_int64(st, i));
			} else if (type == SQLITE_FLOAT) {
				cc_buf_addf(&b, "%.17g", sqlite3_column_double(st, i));
			} else if (type != SQLITE_NULL) {
				char *s = col_text(st, i);
				cc_buf_add_csv(&b, s);
				free(s);
			}
		}
		cc_buf_adds(&b, "\r\n");
		if (b.len > 65536) {
			fwrite(b.buf, 1, b.len, stdout);
			cc_buf_reset(&b);
		}
	}
	fwrite(b.buf, 1, b.len, stdout);
	cc_buf_release(&b);
	return rc;
}

/* Only white space and comments left? */
static bool blank_sql(const char *s)
{
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == ';') {
			s++;
		} else if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
		} else if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");
			if (!e)
				return true;
			s = e + 2;
		} else {
			return false;
		}
	}
	return true;
}

/*
 * Attaches the engagement file every other command uses (cc_engagement_path
 * of the index) read-only, when it exists and is a contentcal one.
 */
static void attach_engagement(sqlite3 *db, const struct cc_ctx *ctx)
{
	char *path = cc_engagement_path(ctx->db_path);
	sqlite3_stmt *st = NULL;
	int owner = cc_db_identify(path, &cc_engagement_kind);
	if (owner < 0 || owner == CC_DB_UNKNOWN) {
		fprintf(stderr, "contentcal: warning: engagement data not attached: %s\n",
			owner < 0 ? cc_error_last() : "not a contentcal engagement database");
	} else if (owner != CC_DB_ABSENT &&
		   sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS engagement", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			fprintf(stderr, "contentcal: warning: engagement data in '%s' not attached: %s\n",
				path, sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	free(path);
}

int cmd_sql(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};
	struct cc_db *ro = NULL;
	sqlite3_stmt *st = NULL;
	const char *why = NULL, *tail;
	enum cc_format format = CC_FMT_TEXT;
	int c, ret = CC_EXIT_ERROR;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				return CC_EXIT_ERROR;
			break;
		default:
			return cc_usage_error(env, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cc_usage_error(env, argc - optind ? "give the query as one argument (quote it)"
						       : "give a query, e.g. \"SELECT path, title FROM assets\"");
	const char *sql = argv[optind];

	/* The index is current; read it through a read-only connection only. */
	cc_db_close(env->ctx->db);
	env->ctx->db = NULL;
	if (cc_db_open(&ro, env->ctx->db_path, CC_DB_READONLY) < 0)
		return cc_fail_lib();
	attach_engagement(ro->db, env->ctx);
	sqlite3_set_authorizer(ro->db, authorize, &why);

	if (sqlite3_prepare_v2(ro->db, sql, -1, &st, &tail) != SQLITE_OK) {
		if (why)
			cc_fail("refused: %s", why);
		else
			cc_fail("%s", sqlite3_errmsg(ro->db));
		goto cleanup;
	}
	if (!st) {
		cc_usage_error(env, "the query is empty");
		goto cleanup;
	}
	if (!sqlite3_stmt_readonly(st)) {
		cc_fail("refused: the index is read-only here; only statements that read (SELECT, "
		       "WITH, EXPLAIN, read-only PRAGMAs) can run");
		goto cleanup;
	}
	if (!blank_sql(tail)) {
		/* Say plainly whether the next statement would write. */
		sqlite3_stmt *next = NULL;
		why = NULL;
		if (sqlite3_prepare_v2(ro->db, tail, -1, &next, NULL) != SQLITE_OK && why)
			cc_fail("refused: %s", why);
		else if (next && !sqlite3_stmt_readonly(next))
			cc_fail("refused: the index is read-only here; a later statement writes");
		else
			cc_usage_error(env, "give one statement at a time");
		sqlite3_finalize(next);
		goto cleanup;
	}
	int rc = format == CC_FMT_JSON ? print_json(st) : format == CC_FMT_CSV ? print_csv(st) : print_text(st);
	if (rc != SQLITE_DONE) {
		cc_fail("%s", sqlite3_errmsg(ro->db));
		goto cleanup;
	}
	ret = CC_EXIT_OK;
cleanup:
	sqlite3_finalize(st);
	cc_db_close(ro);
	return ret;
}
