/*
 * sqlrun.c — read-only SQL on the index, streamed as text, JSON or CSV
 * (sqlrun.h); `contentcal sql` runs it.
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
 *
 * Output streams in every format: memory does not grow with the result.
 * Text measures its column widths on the first TEXT_MEASURE_ROWS rows and
 * keeps them (a wider later cell pushes the rest of its row right); JSON
 * writes one object at a time through the JSON writer (cc_render_json_item),
 * reals exactly, as CSV does. A progress handler stops a statement that
 * has computed for --timeout seconds (time spent writing output does not
 * count), and --max-rows cuts the output, with a note on stderr.
 */
#include "sqlrun.h"

#include <jansson.h> /* a row is built as a json_t; lib/render.c writes it */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "engagement.h"
#include "problem.h"
#include "render.h"
#include "text.h"

#define TEXT_CELL_MAX 60       /* characters shown per cell in text output */
#define TEXT_MEASURE_ROWS 200  /* rows whose cells set the text column widths */
#define DEFAULT_TEXT_ROWS 10000 /* rows shown in text output unless max_rows says */
#define PROGRESS_OPS 10000     /* virtual machine steps between two clock checks */

/* PRAGMAs that only read; with an argument only where it names a table or index. */
static const char *const read_pragmas[] = {
	"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
	"table_list", NULL};
static const char *const read_pragmas_noarg[] = {
	"database_list", "user_version", "schema_version", "application_id", "page_count",
	"page_size", "freelist_count", "encoding", "compile_options", "function_list",
	"pragma_list", "collation_list", "module_list", "integrity_check", "quick_check",
	"data_version", "foreign_key_check", NULL};

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

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
		if (in_list(a1, read_pragmas) || (!a2 && in_list(a1, read_pragmas_noarg)))
			return SQLITE_OK;
		*why = "this PRAGMA is not allowed (only PRAGMAs that read, without a value)";
		return SQLITE_DENY;
	default:
		return SQLITE_OK;
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
		cc_buf_add_utf8(&b, t ? t : "", (size_t)sqlite3_column_bytes(st, i));
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

/* A statement being run: the limits and the clock the progress handler reads. */
struct run {
	sqlite3_stmt *st;
	FILE *out;
	size_t max_rows;     /* 0 = no cap */
	size_t rows;         /* rows printed */
	bool cut;            /* a row past max_rows exists and was not printed */
	double timeout;      /* seconds; 0 = none */
	double spent;        /* seconds spent in sqlite3_step() before the current call */
	struct timespec t0;  /* start of the current sqlite3_step() call */
	bool stepping;
	bool timed_out;
};

static double since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* sqlite3_progress_handler callback: nonzero interrupts the statement. */
static int progress(void *payload)
{
	struct run *r = payload;
	if (!r->stepping || r->timeout <= 0)
		return 0;
	if (r->spent + since(&r->t0) > r->timeout) {
		r->timed_out = true;
		return 1;
	}
	return 0;
}

/*
 * The next row: SQLITE_ROW, SQLITE_DONE (also when max_rows rows were
 * printed; r->cut says whether more were there), or an error code.
 */
static int next_row(struct run *r)
{
	int rc;
	if (r->max_rows && r->rows >= r->max_rows) {
		r->stepping = true;
		clock_gettime(CLOCK_MONOTONIC, &r->t0);
		rc = sqlite3_step(r->st);
		r->stepping = false;
		r->spent += since(&r->t0);
		if (rc == SQLITE_ROW) {
			r->cut = true;
			return SQLITE_DONE;
		}
		return rc;
	}
	r->stepping = true;
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
	rc = sqlite3_step(r->st);
	r->stepping = false;
	r->spent += since(&r->t0);
	if (rc == SQLITE_ROW)
		r->rows++;
	return rc;
}

/* One text row, each cell padded to its column's width. */
static void text_line(FILE *out, struct cc_buf *line, char **cells, int ncols, const size_t *w,
		      const bool *numeric, bool head)
{
	cc_buf_reset(line);
	for (int i = 0; i < ncols; i++) {
		const char *c = cells[i];
		size_t cw = width(c), pad = w[i] > cw ? w[i] - cw : 0;
		bool right = !head && numeric[i];
		if (i)
			cc_buf_adds(line, "  ");
		for (size_t k = 0; right && k < pad; k++)
			cc_buf_addch(line, ' ');
		cc_buf_adds(line, c);
		for (size_t k = 0; !right && k < pad && i + 1 < ncols; k++)
			cc_buf_addch(line, ' ');
	}
	cc_buf_rtrim(line);
	cc_buf_addch(line, '\n');
	fwrite(line->buf, 1, line->len, out);
}

/* The cells of the current row (or of the header), sanitised and cut; new strings. */
static void text_cells(sqlite3_stmt *st, char **cells, int ncols, bool head)
{
	for (int i = 0; i < ncols; i++) {
		struct cc_buf b = CC_BUF_INIT;
		char *v = head ? cc_xstrdup(sqlite3_column_name(st, i)) : col_text(st, i);
		cc_buf_add_safe(&b, v ? v : "", false);
		if (!head)
			cut(&b, TEXT_CELL_MAX);
		free(v);
		cells[i] = cc_buf_detach(&b, NULL);
	}
}

static int print_text(struct run *r)
{
	sqlite3_stmt *st = r->st;
	int ncols = sqlite3_column_count(st), rc;
	size_t n = (size_t)ncols + 1, kept = 0;
	char **head = cc_xcalloc(n, sizeof(*head));
	char **cells = cc_xcalloc(TEXT_MEASURE_ROWS * n, sizeof(*cells));
	bool *numeric = cc_xcalloc(n, sizeof(*numeric));
	size_t *w = cc_xcalloc(n, sizeof(*w));
	struct cc_buf line = CC_BUF_INIT;

	for (int i = 0; i < ncols; i++)
		numeric[i] = true;
	text_cells(st, head, ncols, true);
	/* Measure: keep the first rows, then print them with the widths they set. */
	while (kept < TEXT_MEASURE_ROWS && (rc = next_row(r)) == SQLITE_ROW) {
		for (int i = 0; i < ncols; i++) {
			int type = sqlite3_column_type(st, i);
			if (type != SQLITE_NULL && type != SQLITE_INTEGER && type != SQLITE_FLOAT)
				numeric[i] = false;
		}
		text_cells(st, cells + kept * n, ncols, false);
		kept++;
	}
	if (kept < TEXT_MEASURE_ROWS && rc != SQLITE_DONE)
		goto cleanup; /* an error before any output: print nothing */
	for (int i = 0; i < ncols; i++) {
		w[i] = width(head[i]);
		for (size_t k = 0; k < kept; k++)
			if (width(cells[k * n + (size_t)i]) > w[i])
				w[i] = width(cells[k * n + (size_t)i]);
	}
	text_line(r->out, &line, head, ncols, w, numeric, true);
	cc_buf_reset(&line);
	for (int i = 0; i < ncols; i++) {
		if (i)
			cc_buf_adds(&line, "  ");
		for (size_t k = 0; k < (w[i] ? w[i] : 1); k++)
			cc_buf_addch(&line, '-');
	}
	cc_buf_addch(&line, '\n');
	fwrite(line.buf, 1, line.len, r->out);
	for (size_t k = 0; k < kept; k++)
		text_line(r->out, &line, cells + k * n, ncols, w, numeric, false);
	/* Stream the rest with the same widths; a later numeric column that
	 * turns out to hold text stays right-aligned. */
	if (kept == TEXT_MEASURE_ROWS) {
		char **row = cc_xcalloc(n, sizeof(*row));
		while ((rc = next_row(r)) == SQLITE_ROW) {
			text_cells(st, row, ncols, false);
			text_line(r->out, &line, row, ncols, w, numeric, false);
			for (int i = 0; i < ncols; i++)
				free(row[i]);
		}
		free(row);
	}
cleanup:
	cc_buf_release(&line);
	for (size_t k = 0; k < kept * n; k++)
		free(cells[k]);
	for (int i = 0; i < ncols; i++)
		free(head[i]);
	free(head);
	free(cells);
	free(numeric);
	free(w);
	return rc;
}

/* Writes b out once it holds more than 64 KiB. */
static void flush_big(FILE *out, struct cc_buf *b)
{
	if (b->len > 65536) {
		fwrite(b->buf, 1, b->len, out);
		cc_buf_reset(b);
	}
}

static int print_json(struct run *r)
{
	sqlite3_stmt *st = r->st;
	int rc;
	int n = sqlite3_column_count(st);
	char **names = cc_xcalloc((size_t)n + 1, sizeof(*names));
	bool any = false;
	struct cc_buf b = CC_BUF_INIT;

	/* Column names, made unique ("id", "id_2") so no value is lost. */
	for (int i = 0; i < n; i++) {
		struct cc_buf nb = CC_BUF_INIT;
		const char *base = sqlite3_column_name(st, i);
		cc_buf_add_utf8(&nb, base, strlen(base));
		for (int k = 2;; k++) {
			bool dup = false;
			for (int j = 0; j < i; j++)
				dup |= !strcmp(names[j], nb.buf);
			if (!dup)
				break;
			cc_buf_reset(&nb);
			cc_buf_add_utf8(&nb, base, strlen(base));
			cc_buf_addf(&nb, "_%d", k);
		}
		names[i] = cc_buf_detach(&nb, NULL);
	}
	while ((rc = next_row(r)) == SQLITE_ROW) {
		json_t *o = json_object();
		for (int i = 0; i < n; i++) {
			json_t *v;
			char *s;
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_INTEGER:
				v = json_integer(sqlite3_column_int64(st, i));
				break;
			case SQLITE_FLOAT: /* written exactly; an infinity as null */
				v = json_real(sqlite3_column_double(st, i));
				break;
			case SQLITE_NULL:
				v = json_null();
				break;
			default: /* text (repaired to UTF-8), a blob as x'…' */
				s = col_text(st, i);
				v = json_string(s);
				free(s);
			}
			json_object_set_new(o, names[i], v ? v : json_null());
		}
		cc_render_json_item(&b, o, !any);
		any = true;
		flush_big(r->out, &b);
	}
	if (rc == SQLITE_DONE) /* after an error the array stays open: not valid JSON */
		cc_render_json_items_end(&b, any);
	fwrite(b.buf, 1, b.len, r->out);
	cc_buf_release(&b);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int print_csv(struct run *r)
{
	sqlite3_stmt *st = r->st;
	int rc;
	struct cc_buf b = CC_BUF_INIT;
	int n = sqlite3_column_count(st);

	for (int i = 0; i < n; i++) {
		if (i)
			cc_buf_addch(&b, ',');
		cc_buf_add_csv(&b, sqlite3_column_name(st, i));
	}
	cc_buf_adds(&b, "\r\n");
	while ((rc = next_row(r)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			int type = sqlite3_column_type(st, i);
			if (i)
				cc_buf_addch(&b, ',');
			if (type == SQLITE_INTEGER) {
				cc_buf_addf(&b, "%lld", (long long)sqlite3_column_int64(st, i));
			} else if (type == SQLITE_FLOAT) {
				double d = sqlite3_column_double(st, i); /* as exact as JSON's */
				cc_buf_addf(&b, "%.*g", cc_double_digits(d), d);
			} else if (type != SQLITE_NULL) {
				char *s = col_text(st, i);
				cc_buf_add_csv(&b, s);
				free(s);
			}
		}
		cc_buf_adds(&b, "\r\n");
		flush_big(r->out, &b);
	}
	fwrite(b.buf, 1, b.len, r->out);
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

int cc_sql_open(struct cc_db **out, const char *db_path, char **warning)
{
	char *path = cc_engagement_path(db_path);
	sqlite3_stmt *st = NULL;
	struct cc_buf w = CC_BUF_INIT;

	*warning = NULL;
	if (cc_db_open(out, db_path, CC_DB_READONLY) < 0) {
		free(path);
		return -1;
	}
	sqlite3 *db = (*out)->db;
	int owner = cc_db_identify(path, &cc_engagement_kind);
	if (owner < 0 || owner == CC_DB_UNKNOWN) {
		cc_buf_addf(&w, "engagement data not attached: %s",
			    owner < 0 ? cc_error_last() : "not a contentcal engagement database");
	} else if (owner != CC_DB_ABSENT &&
		   sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS engagement", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			cc_buf_addf(&w, "engagement data in '%s' not attached: %s", path, sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	free(path);
	if (w.len)
		*warning = cc_buf_detach(&w, NULL);
	cc_buf_release(&w);
	return 0;
}

/* A second statement after the first: -1 (it writes) or -2 (usage), with cc_error. */
static int refuse_tail(sqlite3 *db, const char *tail, const char **why)
{
	sqlite3_stmt *next = NULL;
	int ret;
	*why = NULL;
	if (sqlite3_prepare_v2(db, tail, -1, &next, NULL) != SQLITE_OK && *why)
		ret = cc_error("refused: %s", *why);
	else if (next && !sqlite3_stmt_readonly(next))
		ret = cc_error("refused: the index is read-only here; a later statement writes");
	else
		ret = cc_error("give one statement at a time") - 1;
	sqlite3_finalize(next);
	return ret;
}

/*
 * Prepares the one statement of sql under the authorizer (which stays
 * installed: a statement prepared again after a schema change is checked
 * again; *why is where it says why it refused). 0 with *out, or -1 / -2
 * (usage) with cc_error.
 */
static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out, const char **why)
{
	const char *tail;
	int ret = 0;
	sqlite3_set_authorizer(db, authorize, why);
	if (sqlite3_prepare_v2(db, sql, -1, out, &tail) != SQLITE_OK)
		ret = *why ? cc_error("refused: %s", *why) : cc_error("%s", sqlite3_errmsg(db));
	else if (!*out)
		ret = cc_error("the query is empty") - 1;
	else if (!sqlite3_stmt_readonly(*out))
		ret = cc_error("refused: the index is read-only here; only statements that read (SELECT, "
			       "WITH, EXPLAIN, read-only PRAGMAs) can run");
	else if (!blank_sql(tail))
		ret = refuse_tail(db, tail, why); /* say plainly whether the next statement would write */
	return ret;
}

int cc_sql_run(struct cc_db *db, const char *sql, const struct cc_sql_options *o, FILE *out,
	       struct cc_sql_stats *stats)
{
	struct run run = {.timeout = o->timeout, .out = out};
	sqlite3_stmt *st = NULL;
	const char *why = NULL;
	int ret = prepare(db->db, sql, &st, &why);

	memset(stats, 0, sizeof(*stats));
	if (ret < 0)
		goto cleanup;
	run.st = st;
	run.max_rows = o->max_rows >= 0 ? (size_t)o->max_rows : o->format == CC_FMT_TEXT ? DEFAULT_TEXT_ROWS : 0;
	sqlite3_progress_handler(db->db, PROGRESS_OPS, progress, &run);
	int rc = o->format == CC_FMT_JSON ? print_json(&run)
		 : o->format == CC_FMT_CSV ? print_csv(&run)
					   : print_text(&run);
	sqlite3_progress_handler(db->db, 0, NULL, NULL);
	stats->rows = run.rows;
	stats->cut = run.cut;
	if (rc != SQLITE_DONE && run.timed_out)
		ret = cc_error("the query was stopped after %g seconds of computing (--timeout; 0 = no limit)",
			       run.timeout);
	else if (rc != SQLITE_DONE)
		ret = cc_error("%s", sqlite3_errmsg(db->db));
cleanup:
	sqlite3_finalize(st);
	sqlite3_set_authorizer(db->db, NULL, NULL);
	return ret;
}
