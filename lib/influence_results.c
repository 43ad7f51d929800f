/*
 * influence_results.c — per-asset influence results read back: the CSV of
 * `influence --format csv` (asset,model,opportunities,pipeline,revenue),
 * as a warehouse running bench/influence.sql writes it, committed and read
 * through engagement.files into the index (table c_influence); and the one
 * accessor the feeds use, which takes the CRM database when there is one
 * and these results otherwise (see influence.h).
 */
#include "influence.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "crm.h"
#include "problem.h"
#include "text.h"

enum { C_ASSET, C_MODEL, C_OPPS, C_PIPELINE, C_REVENUE, C_COUNT };
static const char *const col_names[C_COUNT] = {"asset", "model", "opportunities", "pipeline", "revenue"};

/* Trims blanks, a CR and surrounding quotes from [s, s+n) in place; the new length. */
static size_t trim(const char **s, size_t n)
{
	while (n && (**s == ' ' || **s == '\t' || **s == '"'))
		(*s)++, n--;
	while (n && ((*s)[n - 1] == ' ' || (*s)[n - 1] == '\t' || (*s)[n - 1] == '\r' || (*s)[n - 1] == '"'))
		n--;
	return n;
}

bool cc_influence_results_header(const char *data, size_t len)
{
	const char *p = data, *end;
	unsigned seen = 0;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3, len -= 3;
	end = memchr(p, '\n', len);
	if (!end)
		end = p + len;
	while (p <= end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		const char *stop = c ? c : end, *s = p;
		size_t n = trim(&s, (size_t)(stop - p));
		for (int k = 0; k < C_COUNT; k++)
			if (n == strlen(col_names[k]) && !strncasecmp(s, col_names[k], n))
				seen |= 1u << k;
		if (!c)
			break;
		p = c + 1;
	}
	return seen == (1u << C_COUNT) - 1;
}

/* ---- reading ---- */

struct reader {
	struct cc_db *db;
	const char *file;
	struct cc_problems *bad, *warn;
	sqlite3_stmt *known, *insert, *dup;
	struct cc_buf *fields;
	size_t nfields, afields;
	int line, rec_line;
	int col[C_COUNT]; /* field index of each column; -1 before the header */
	size_t ncols;
	bool header_done, header_bad;
	int fail; /* 1: a database error */
	size_t rows, errors, unknown;
};

static void on_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	struct cc_buf *f = cc_bufs_next(&r->fields, &r->nfields, &r->afields);
	if (data)
		cc_buf_add(f, data, len);
	if (!f->buf)
		cc_buf_adds(f, "");
}

static void row_error(struct reader *r, int k, const char *fmt, const char *value)
{
	struct cc_buf m = CC_BUF_INIT;
	cc_buf_addf(&m, fmt, value ? value : "");
	cc_problems_add(r->bad, r->file, r->rec_line, k >= 0 ? r->col[k] + 1 : 0, CC_SEV_ERROR, "bad-row", "%s",
			m.buf);
	cc_buf_release(&m);
	r->errors++;
}

static const char *cell(const struct reader *r, int k)
{
	const char *s = r->fields[r->col[k]].buf;
	return s ? s : "";
}

static int parse_count(const char *s, int64_t *out)
{
	int64_t v = 0;
	int digits = 0;
	while (*s == ' ')
		s++;
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	while (*s == ' ')
		s++;
	if (*s || !digits)
		return -1;
	*out = v;
	return 0;
}

static void record(struct reader *r)
{
	if (!r->header_done) {
		r->header_done = true;
		r->ncols = r->nfields;
		for (size_t i = 0; i < r->nfields; i++) {
			const char *s = r->fields[i].buf ? r->fields[i].buf : "";
			size_t n = trim(&s, strlen(s));
			for (int k = 0; k < C_COUNT; k++)
				if (n == strlen(col_names[k]) && !strncasecmp(s, col_names[k], n) && r->col[k] < 0)
					r->col[k] = (int)i;
		}
		for (int k = 0; k < C_COUNT; k++)
			if (r->col[k] < 0) {
				cc_problems_add(r->bad, r->file, 1, 0, CC_SEV_ERROR, "bad-header",
						"per-asset influence results need the columns asset, model, "
						"opportunities, pipeline and revenue; '%s' is missing", col_names[k]);
				r->errors++;
				r->header_bad = true;
			}
		return;
	}
	if (r->nfields == 1 && !r->fields[0].len)
		return; /* a blank line */
	r->rows++;
	if (r->header_bad)
		return;
	if (r->nfields != r->ncols) {
		char n[32];
		snprintf(n, sizeof(n), "%zu", r->nfields);
		struct cc_buf m = CC_BUF_INIT;
		cc_buf_addf(&m, "expected %zu fields as in the header, found %%s", r->ncols);
		row_error(r, -1, m.buf, n);
		cc_buf_release(&m);
		return;
	}
	const char *asset = cell(r, C_ASSET), *model = cell(r, C_MODEL);
	int64_t opps = 0, pipeline = 0, revenue = 0;
	bool ok = true;
	int m = cc_model_parse(model);
	if (!*asset)
		row_error(r, C_ASSET, "the asset (a repository path) is empty%s", NULL), ok = false;
	if (m < 0)
		row_error(r, C_MODEL,
			  "unknown model '%.60s' (first-touch, last-touch, lead-creation, linear, u-shaped, "
			  "w-shaped, full-path, time-decay, custom)", model), ok = false;
	if (parse_count(cell(r, C_OPPS), &opps) < 0)
		row_error(r, C_OPPS, "bad opportunities '%.40s' (a count)", cell(r, C_OPPS)), ok = false;
	if (cc_crm_parse_amount(cell(r, C_PIPELINE), &pipeline) < 0)
		row_error(r, C_PIPELINE,
			  "bad pipeline '%.40s' (an amount in currency units, at most 2 decimals; a warehouse "
			  "query that gives cents divides by 100)", cell(r, C_PIPELINE)), ok = false;
	if (cc_crm_parse_amount(cell(r, C_REVENUE), &revenue) < 0)
		row_error(r, C_REVENUE, "bad revenue '%.40s' (an amount in currency units, at most 2 decimals)",
			  cell(r, C_REVENUE)), ok = false;
	else if (ok && revenue > pipeline)
		row_error(r, C_REVENUE, "revenue '%.40s' exceeds the pipeline (won opportunities are part of it)",
			  cell(r, C_REVENUE)), ok = false;
	if (!ok || r->errors)
		return;
	/* A second row for the same asset and model is an error naming the first. */
	sqlite3_reset(r->dup);
	sqlite3_bind_text(r->dup, 1, r->file, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->dup, 2, asset, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->dup, 3, cc_model_name(m), -1, SQLITE_STATIC);
	int rc = sqlite3_step(r->dup);
	if (rc == SQLITE_ROW) {
		char first[32];
		snprintf(first, sizeof(first), "%d", sqlite3_column_int(r->dup, 0));
		struct cc_buf msg = CC_BUF_INIT;
		cc_buf_addf(&msg, "a second row for this asset and model (the first is on line %s)", first);
		row_error(r, C_ASSET, "%s", msg.buf);
		cc_buf_release(&msg);
		return;
	}
	if (rc != SQLITE_DONE) {
		r->fail = 1;
		return;
	}
	sqlite3_reset(r->known);
	sqlite3_bind_text(r->known, 1, asset, -1, SQLITE_STATIC);
	rc = sqlite3_step(r->known);
	if (rc == SQLITE_DONE) {
		r->unknown++;
		cc_problems_add(r->warn, r->file, r->rec_line, r->col[C_ASSET] + 1, CC_SEV_WARNING, "unknown-asset",
				"'%.200s' is not an indexed asset; its row is left out", asset);
	} else if (rc != SQLITE_ROW) {
		r->fail = 1;
		return;
	}
	/* Rows of unknown assets are stored too (so duplicates are told), marked. */
	sqlite3_reset(r->insert);
	sqlite3_bind_text(r->insert, 1, r->file, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->insert, 2, asset, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->insert, 3, cc_model_name(m), -1, SQLITE_STATIC);
	sqlite3_bind_int64(r->insert, 4, opps);
	sqlite3_bind_int64(r->insert, 5, pipeline);
	sqlite3_bind_int64(r->insert, 6, revenue);
	sqlite3_bind_int(r->insert, 7, r->rec_line);
	sqlite3_bind_int(r->insert, 8, rc == SQLITE_ROW);
	if (sqlite3_step(r->insert) != SQLITE_DONE)
		r->fail = 1;
}

static void on_record(int c, void *ctx)
{
	struct reader *r = ctx;
	(void)c;
	if (!r->fail)
		record(r);
	r->nfields = 0;
}

int cc_influence_results_read(struct cc_db *db, const char *file, const char *data, size_t len,
			      struct cc_problems *bad, struct cc_problems *warn)
{
	struct reader r = {0};
	struct csv_parser p;
	int ret = -1, uline, ucol;
	bool parser = false;

	r.db = db;
	r.file = file;
	r.bad = bad;
	r.warn = warn;
	for (int k = 0; k < C_COUNT; k++)
		r.col[k] = -1;
	if (!cc_utf8_check(data, len, &uline, &ucol)) {
		cc_problems_add(bad, file, uline, ucol, CC_SEV_ERROR, "bad-export", "not valid UTF-8");
		return 1;
	}
	if (cc_db_exec(db, "SAVEPOINT c_influence") < 0)
		return -1;
	if (cc_db_prepare(db, &r.known, "SELECT 1 FROM assets WHERE path = ?1") < 0 ||
	    cc_db_prepare(db, &r.dup, "SELECT line FROM c_influence WHERE file = ?1 AND path = ?2 AND model = ?3") < 0 ||
	    cc_db_prepare(db, &r.insert, "INSERT INTO c_influence(file, path, model, opportunities, pipeline, revenue, "
					 "line, indexed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)") < 0)
		goto cleanup;
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		cc_error("cannot set up the CSV parser");
		goto cleanup;
	}
	parser = true;
	size_t off = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (off < len && !r.fail) {
		const char *nl = memchr(data + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (data + off)) + 1 : len - off;
		r.line++;
		if (p.pstate == 0)
			r.rec_line = r.line;
		if (csv_parse(&p, data + off, n, on_field, on_record, &r) != n) {
			cc_problems_add(bad, file, r.line, 0, CC_SEV_ERROR, "bad-row", "%s", csv_strerror(csv_error(&p)));
			r.errors++;
			break;
		}
		off += n;
	}
	if (!r.fail && !r.errors && p.pstate == 2 && p.quoted) {
		cc_problems_add(bad, file, r.rec_line, 0, CC_SEV_ERROR, "bad-row", "a quoted field opened here is never closed");
		r.errors++;
	} else if (!r.fail) {
		csv_fini(&p, on_field, on_record, &r);
	}
	if (r.fail) {
		cc_db_error(db, "storing influence results");
		goto cleanup;
	}
	ret = r.errors ? 1 : 0;
cleanup:
	if (parser)
		csv_free(&p);
	sqlite3_finalize(r.known);
	sqlite3_finalize(r.dup);
	sqlite3_finalize(r.insert);
	/* All or nothing: a file with a bad row keeps none of its rows. */
	if (ret == 0)
		cc_db_exec(db, "RELEASE c_influence");
	else
		sqlite3_exec(db->db, "ROLLBACK TO c_influence; RELEASE c_influence", NULL, NULL, NULL);
	for (size_t i = 0; i < r.afields; i++)
		cc_buf_release(&r.fields[i]);
	free(r.fields);
	return ret;
}

/* ---- the accessor ---- */

static bool has_results(struct cc_db *db)
{
	sqlite3_stmt *st = NULL;
	bool yes = false;
	if (sqlite3_prepare_v2(db->db, "SELECT 1 FROM main.c_influence WHERE indexed LIMIT 1", -1, &st, NULL) ==
	    SQLITE_OK)
		yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

int cc_influence_load(struct cc_influence_result *out, struct cc_db *db, const struct cc_config *cfg,
		      int64_t as_of, int model)
{
	memset(out, 0, sizeof(*out));
	if (cc_db_attached(db, "crm")) {
		struct cc_influence_options o = {0};
		o.since = INT64_MIN;
		o.as_of = as_of;
		o.models[model] = true;
		if (cc_influence_compute(out, db, cfg, &o) < 0)
			return -1;
		out->source = "crm";
		return 0;
	}
	if (!has_results(db))
		return 0;
	sqlite3_stmt *st = NULL;
	int rc;
	size_t alloc = 0;
	out->models[model] = true;
	out->by = CC_BY_ASSET;
	out->since = INT64_MIN;
	out->as_of = as_of;
	out->source = "committed";
	/* Several committed files add up (one per region, say); a path sorts the rows. */
	if (cc_db_prepare(db, &st, "SELECT path, sum(opportunities), sum(pipeline), sum(revenue) FROM c_influence "
				   "WHERE indexed AND model = ?1 GROUP BY path ORDER BY path") < 0)
		return -1;
	sqlite3_bind_text(st, 1, cc_model_name(model), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		CC_GROW(out->rows, alloc, out->n + 1);
		struct cc_influence_row *row = &out->rows[out->n++];
		memset(row, 0, sizeof(*row));
		row->key = cc_xstrdup((const char *)sqlite3_column_text(st, 0));
		row->opps[model] = sqlite3_column_int64(st, 1);
		row->pipeline[model] = sqlite3_column_int64(st, 2);
		row->revenue[model] = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cc_db_error(db, "reading committed influence results");
	return 0;
}
