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
 *
 * Output streams in every format: memory does not grow with the result.
 * Text measures its column widths on the first TEXT_MEASURE_ROWS rows and
 * keeps them (a wider later cell pushes the rest of its row right); JSON
 * writes one object at a time. A progress handler stops a statement that
 * has computed for --timeout seconds (time spent writing output does not
 * count), and --max-rows cuts the output, with a note on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "cmd.h"
#include "engagement.h"
#include "render.h"
#include "text.h"

#define TEXT_CELL_MAX 60       /* characters shown per cell in text output */
#define TEXT_MEASURE_ROWS 200  /* rows whose cells set the text column widths */
#define DEFAULT_TIMEOUT 30     /* seconds of computation before a statement is stopped */
#define DEFAULT_TEXT_ROWS 10000 /* rows shown in text output unless --max-rows says */
#define PROGRESS_OPS 10000     /* virtual machine steps between two clock checks */

const char cmd_sql_usage[] =
	"usage: contentcal sql \"SELECT ...\" [--format text|json|csv] [--timeout SECONDS]\n"
	"                      [--max-rows N]\n"
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
	"               prefixed with an apostrophe). Every format streams; text\n"
	"               sets its column widths from the first 200 rows\n"
	"  --timeout S  stop the statement after S seconds of computing (default 30;\n"
	"               0 = no limit): exit status 2\n"
	"  --max-rows N print at most N rows (text default 10000, json and csv\n"
	"               default all; 0 = all); a note on stderr says when rows were cut\n";

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

/* A statement being run: the limits and the clock the progress handler reads. */
struct run {
	sqlite3_stmt *st;
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
static void text_line(struct cc_buf *line, char **cells, int ncols, const size_t *w,
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
	fwrite(line->buf, 1, line->len, stdout);
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
	text_line(&line, head, ncols, w, numeric, true);
	cc_buf_reset(&line);
	for (int i = 0; i < ncols; i++) {
		if (i)
			cc_buf_adds(&line, "  ");
		for (size_t k = 0; k < (w[i] ? w[i] : 1); k++)
			cc_buf_addch(&line, '-');
	}
	cc_buf_addch(&line, '\n');
	fwrite(line.buf, 1, line.len, stdout);
	for (size_t k = 0; k < kept; k++)
		text_line(&line, cells + k * n, ncols, w, numeric, false);
	/* Stream the rest with the same widths; a later numeric column that
	 * turns out to hold text stays right-aligned. */
	if (kept == TEXT_MEASURE_ROWS) {
		char **row = cc_xcalloc(n, sizeof(*row));
		while ((rc = next_row(r)) == SQLITE_ROW) {
			text_cells(st, row, ncols, false);
			text_line(&line, row, ncols, w, numeric, false);
			for (int i = 0; i < ncols; i++)
				free(row[i]);
		}
		free(row);
	}
	if (rc == SQLITE_DONE)
		fprintf(stderr, "(%zu row%s)\n", r->rows, r->rows == 1 ? "" : "s");
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

/* Writes the JSON of v indented one level deeper (as an element of the top array). */
static void put_json_element(json_t *v, bool first)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
	fputs(first ? "[\n  " : ",\n  ", stdout);
	/* JSON_ENSURE_ASCII escapes every control character: '\n' only separates lines. */
	for (const char *p = s; *p; p++) {
		fputc(*p, stdout);
		if (*p == '\n')
			fputs("  ", stdout);
	}
	free(s);
}

static int print_json(struct run *r)
{
	sqlite3_stmt *st = r->st;
	int rc;
	int n = sqlite3_column_count(st);
	char **names = cc_xcalloc((size_t)n + 1, sizeof(*names));
	bool any = false;

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
	while ((rc = next_row(r)) == SQLITE_ROW) {
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
		put_json_element(o, !any);
		any = true;
		json_decref(o);
	}
	if (rc == SQLITE_DONE) /* after an error the array stays open: not valid JSON */
		fputs(any ? "\n]\n" : "[]\n", stdout);
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
		{"timeout", required_argument, NULL, 't'},
		{"max-rows", required_argument, NULL, 'm'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_TEXT, CC_FMT_JSON, CC_FMT_CSV, CC_FMT_COUNT};
	struct run run = {.timeout = DEFAULT_TIMEOUT};
	long max_rows = -1;
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
		case 't': {
			char *end;
			errno = 0;
			run.timeout = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(run.timeout >= 0) || run.timeout > 1e9)
				return cc_usage_error(env, "--timeout takes a number of seconds (0 = no "
							   "limit), not '%s'", optarg);
			break;
		}
		case 'm':
			if ((max_rows = cc_parse_count(optarg)) < 0)
				return cc_usage_error(env, "--max-rows takes a count (0 = all), not '%s'",
						      optarg);
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
	run.st = st;
	run.max_rows = max_rows >= 0 ? (size_t)max_rows : format == CC_FMT_TEXT ? DEFAULT_TEXT_ROWS : 0;
	sqlite3_progress_handler(ro->db, PROGRESS_OPS, progress, &run);
	int rc = format == CC_FMT_JSON ? print_json(&run)
		 : format == CC_FMT_CSV  ? print_csv(&run)
					 : print_text(&run);
	fflush(stdout);
	if (rc != SQLITE_DONE && run.timed_out) {
		cc_fail("the query was stopped after %g seconds of computing (--timeout; 0 = no limit)",
		       run.timeout);
		goto cleanup;
	}
	if (rc != SQLITE_DONE) {
		cc_fail("%s", sqlite3_errmsg(ro->db));
		goto cleanup;
	}
	if (run.cut)
		fprintf(stderr, "contentcal: note: output cut after %zu rows (--max-rows N to change, "
				"0 for all)\n", run.rows);
	ret = CC_EXIT_OK;
cleanup:
	sqlite3_finalize(st);
	cc_db_close(ro);
	return ret;
}
