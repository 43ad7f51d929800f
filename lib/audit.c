/*
 * audit.c — verdicts and reasons per asset (see audit.h).
 */
#include "audit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dupes.h"
#include "gaps.h"
#include "lifecycle.h"
#include "links.h"
#include "text.h"

const char *cc_verdict_name(enum cc_verdict v)
{
	static const char *const names[] = {"keep", "update", "consolidate", "retire"};
	return (unsigned)v < 4 ? names[v] : "?";
}

/* The row of path (rows are in path order), or -1. */
static long row_of(const struct cc_rows *rows, const char *path)
{
	size_t lo = 0, hi = rows->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(rows->v[mid].path, path);
		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; i < rows->n; i++) /* not sorted as expected: look everywhere */
		if (!strcmp(rows->v[i].path, path))
			return (long)i;
	return -1;
}

struct id_row {
	int64_t id;
	size_t row;
};

static int id_cmp(const void *a, const void *b)
{
	const struct id_row *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void add_dupe(struct cc_audit_row *r, size_t other, double score)
{
	CC_GROW(r->dupes, r->adupes, r->ndupes + 1);
	r->dupes[r->ndupes++] = (struct cc_audit_dupe){other, score};
}

static int dupe_cmp(const void *a, const void *b)
{
	const struct cc_audit_dupe *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static char *body_of(struct cc_db *db, sqlite3_stmt *st, int64_t id, size_t *len)
{
	char *s = NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		s = cc_xstrndup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "", *len);
	}
	sqlite3_reset(st);
	(void)db;
	return s;
}

/* Near-duplicates: MinHash candidates, each measured exactly. */
static int find_dupes(struct cc_audit *out, struct cc_db *db, const struct cc_config *cfg)
{
	const struct cc_rows *rows = out->rows;
	struct id_row *ids = cc_xcalloc(rows->n + 1, sizeof(*ids));
	size_t *doc_row = cc_xcalloc(rows->n + 1, sizeof(*doc_row));
	struct cc_minhash *m = cc_minhash_new();
	struct cc_dupe_pairs cand = {0};
	sqlite3_stmt *st = NULL, *one = NULL;
	size_t ndocs = 0;
	int rc, ret = -1;

	for (size_t i = 0; i < rows->n; i++)
		ids[i] = (struct id_row){rows->v[i].id, i};
	qsort(ids, rows->n, sizeof(*ids), id_cmp);
	if (cc_db_prepare(db, &st, "SELECT asset, body FROM asset_text ORDER BY asset") < 0 ||
	    cc_db_prepare(db, &one, "SELECT body FROM asset_text WHERE asset = ?1") < 0)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct id_row key = {sqlite3_column_int64(st, 0), 0};
		struct id_row *hit = rows->n ? bsearch(&key, ids, rows->n, sizeof(*ids), id_cmp) : NULL;
		if (!hit)
			continue;
		const char *body = (const char *)sqlite3_column_text(st, 1);
		cc_minhash_add(m, body ? body : "", (size_t)sqlite3_column_bytes(st, 1));
		doc_row[ndocs++] = hit->row;
	}
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "reading asset text");
		goto out;
	}
	double want = cfg->audit.similarity;
	/* The estimate's error is about 0.04 at 128 bins: look a little below the bar, then measure. */
	cc_minhash_pairs(m, want - 0.15 > 0 ? want - 0.15 : 0, &cand);
	for (size_t i = 0; i < cand.n; i++) {
		size_t ra = doc_row[cand.v[i].a], rb = doc_row[cand.v[i].b], la = 0, lb = 0;
		char *ta = body_of(db, one, rows->v[ra].id, &la), *tb = body_of(db, one, rows->v[rb].id, &lb);
		double j = ta && tb ? cc_shingle_jaccard(ta, la, tb, lb) : 0;
		free(ta);
		free(tb);
		if (j < want)
			continue;
		add_dupe(&out->v[ra], rb, j);
		add_dupe(&out->v[rb], ra, j);
		out->pairs++;
	}
	for (size_t i = 0; i < out->n; i++)
		if (out->v[i].ndupes > 1)
			qsort(out->v[i].dupes, out->v[i].ndupes, sizeof(*out->v[i].dupes), dupe_cmp);
	ret = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(one);
	cc_dupe_pairs_release(&cand);
	cc_minhash_free(m);
	free(ids);
	free(doc_row);
	return ret;
}

/* The one place the audit asks "is it stale": the lifecycle rule (lifecycle.h). */
static void mark_stale(struct cc_audit *out, const struct cc_config *cfg, int64_t as_of)
{
	for (size_t i = 0; i < out->n; i++) {
		struct cc_lifecycle l;
		cc_lifecycle_of(&l, cfg, &out->rows->v[i], as_of);
		struct cc_audit_row *a = &out->v[i];
		a->published = l.state == CC_STATE_LIVE || l.state == CC_STATE_EXPIRED;
		a->expired = l.state == CC_STATE_EXPIRED;
		if (l.freshness != CC_FRESHNESS_STALE)
			continue;
		struct cc_buf b = CC_BUF_INIT;
		cc_lifecycle_why(&b, &l);
		a->stale = cc_buf_detach(&b, NULL);
	}
}

static int read_ratings(struct cc_audit *out, struct cc_db *db)
{
	sqlite3_stmt *st = NULL;
	int rc, have = 0;
	/* A version 1 engagement file opened read-only has no ratings yet. */
	if (cc_db_prepare(db, &st, "SELECT count(*) FROM eng.sqlite_schema WHERE name = 'ratings'") < 0)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (!have)
		return 0;
	if (cc_db_prepare(db, &st, "SELECT a.path, r.rating, r.comment, r.who, r.day FROM eng.ratings r "
				   "JOIN eng.assets a ON a.id = r.asset ORDER BY a.path, r.day DESC, r.who") < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long r = row_of(out->rows, (const char *)sqlite3_column_text(st, 0));
		if (r < 0)
			continue;
		struct cc_audit_row *a = &out->v[r];
		int rating = sqlite3_column_int(st, 1);
		const char *comment = (const char *)sqlite3_column_text(st, 2);
		const char *who = (const char *)sqlite3_column_text(st, 3);
		a->rating_avg = (a->rating_avg * a->nratings + rating) / (a->nratings + 1);
		a->nratings++;
		if (comment && *comment && a->comments.n < 3) {
			char day[11];
			struct cc_buf b = CC_BUF_INIT;
			cc_day_format(day, sqlite3_column_int64(st, 4));
			cc_buf_addf(&b, "%s %s (%d/5): %s", day, who && *who ? who : "someone", rating, comment);
			cc_strlist_add(&a->comments, b.buf);
			cc_buf_release(&b);
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cc_db_error(db, "reading ratings");
}

int cc_audit_compute(struct cc_audit *out, struct cc_db *db, const struct cc_config *cfg, const char *root,
		     const struct cc_rows *rows, const struct cc_relevance_set *rel, bool ratings, int64_t as_of)
{
	struct cc_link_refs broken = {0}, external = {0};
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->rows = rows;
	out->as_of = as_of;
	out->n = rows->n;
	out->v = cc_xcalloc(rows->n + 1, sizeof(*out->v));
	for (size_t i = 0; i < rows->n; i++) {
		out->v[i].row = i;
		out->v[i].last_engagement = -1;
		const struct cc_relevance *rv = rel ? cc_relevance_find(rel, rows->v[i].id) : NULL;
		if (rv && rv->has_data) {
			out->v[i].score = rv->score;
			out->v[i].last_engagement = rv->last_day;
			out->v[i].engaged = rv->last_day > as_of - cfg->audit.window_days;
		}
	}
	if (find_dupes(out, db, cfg) < 0)
		goto out;
	mark_stale(out, cfg, as_of);
	if (cc_links_check(db, root, &broken, &external) < 0)
		goto out;
	for (size_t i = 0; i < broken.n; i++) {
		long r = row_of(rows, broken.v[i].path);
		if (r >= 0) {
			struct cc_buf b = CC_BUF_INIT;
			cc_buf_addf(&b, "%s (line %d)", broken.v[i].url, broken.v[i].line);
			cc_strlist_add(&out->v[r].broken, b.buf);
			cc_buf_release(&b);
		}
	}
	for (size_t i = 0; i < external.n; i++) {
		long r = row_of(rows, external.v[i].path);
		if (r >= 0 && !cc_strlist_has(&out->v[r].external, external.v[i].url))
			cc_strlist_add(&out->v[r].external, external.v[i].url);
	}
	if (ratings && read_ratings(out, db) < 0)
		goto out;

	for (size_t i = 0; i < out->n; i++) {
		struct cc_audit_row *a = &out->v[i];
		const struct cc_row *r = &rows->v[i];
		bool published = a->published;
		struct cc_buf b = CC_BUF_INIT;
		a->redundant = a->ndupes > 0;
		a->outdated = a->stale || a->broken.n;
		a->trivial = published && cfg->audit.min_words > 0 && r->words < cfg->audit.min_words && !a->engaged;
		a->poorly_rated = a->nratings && a->rating_avg <= 2.0;
		if (a->expired || a->trivial)
			a->verdict = CC_VERDICT_RETIRE;
		else if (a->redundant)
			a->verdict = CC_VERDICT_CONSOLIDATE;
		else if (a->outdated || a->poorly_rated)
			a->verdict = CC_VERDICT_UPDATE;
		else
			a->verdict = CC_VERDICT_KEEP;
		if (a->trivial) {
			cc_buf_addf(&b, "trivial: %ld words (under %d) and no engagement in %d days", r->words,
				    cfg->audit.min_words, cfg->audit.window_days);
			cc_strlist_add(&a->reasons, b.buf);
		}
		if (a->redundant) {
			cc_buf_reset(&b);
			cc_buf_addf(&b, "redundant: %.0f%% like %s", 100 * a->dupes[0].score, rows->v[a->dupes[0].row].path);
			if (a->ndupes > 1)
				cc_buf_addf(&b, " and %zu more", a->ndupes - 1);
			cc_strlist_add(&a->reasons, b.buf);
		}
		if (a->stale) {
			cc_buf_reset(&b);
			cc_buf_addf(&b, "outdated: %s", a->stale);
			cc_strlist_add(&a->reasons, b.buf);
		}
		if (a->broken.n) {
			cc_buf_reset(&b);
			cc_buf_addf(&b, "outdated: %zu broken link%s", a->broken.n, a->broken.n == 1 ? "" : "s");
			cc_strlist_add(&a->reasons, b.buf);
		}
		if (a->poorly_rated) {
			cc_buf_reset(&b);
			cc_buf_addf(&b, "poorly rated: %.1f of 5 from %d rating%s", a->rating_avg, a->nratings,
				    a->nratings == 1 ? "" : "s");
			cc_strlist_add(&a->reasons, b.buf);
		}
		cc_buf_release(&b);
	}
	ret = 0;
out:
	cc_link_refs_release(&broken);
	cc_link_refs_release(&external);
	return ret;
}

void cc_audit_release(struct cc_audit *a)
{
	for (size_t i = 0; i < a->n; i++) {
		struct cc_audit_row *r = &a->v[i];
		cc_strlist_clear(&r->reasons);
		free(r->stale);
		free(r->dupes);
		cc_strlist_clear(&r->broken);
		cc_strlist_clear(&r->external);
		cc_strlist_clear(&r->comments);
	}
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* ---- renderers ---- */

static void join(struct cc_buf *b, const struct cc_strlist *l, const char *sep)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			cc_buf_adds(b, sep);
		cc_buf_adds(b, l->v[i]);
	}
}

static void dupes_text(struct cc_buf *b, const struct cc_audit *a, const struct cc_audit_row *r)
{
	for (size_t k = 0; k < r->ndupes; k++)
		cc_buf_addf(b, "%s%s=%.3f", k ? ";" : "", a->rows->v[r->dupes[k].row].path, r->dupes[k].score);
}

void cc_audit_text(struct cc_buf *out, const struct cc_audit *a)
{
	size_t counts[4] = {0};
	for (size_t i = 0; i < a->n; i++) {
		const struct cc_audit_row *r = &a->v[i];
		counts[r->verdict]++;
		cc_buf_addf(out, "%-11s  %s", cc_verdict_name(r->verdict), a->rows->v[r->row].path);
		if (r->reasons.n) {
			cc_buf_adds(out, "  ");
			join(out, &r->reasons, "; ");
		}
		if (r->nratings)
			cc_buf_addf(out, "  [rated %.1f/5 by %d]", r->rating_avg, r->nratings);
		cc_buf_addch(out, '\n');
	}
	cc_buf_addf(out, "\n%zu asset%s: %zu keep, %zu update, %zu consolidate, %zu retire; %zu near-duplicate pair%s\n",
		    a->n, a->n == 1 ? "" : "s", counts[0], counts[1], counts[2], counts[3], a->pairs,
		    a->pairs == 1 ? "" : "s");
}

void cc_audit_csv(struct cc_buf *out, const struct cc_audit *a)
{
	struct cc_buf tmp = CC_BUF_INIT;
	cc_buf_adds(out, "path,verdict,reasons,status,words,relevance_score,last_engagement,rating_average,ratings,"
			 "latest_comments,duplicates,max_similarity,broken_links,external_links,stale\r\n");
	for (size_t i = 0; i < a->n; i++) {
		const struct cc_audit_row *r = &a->v[i];
		const struct cc_row *row = &a->rows->v[r->row];
		char day[11] = "";
		cc_buf_add_csv(out, row->path);
		cc_buf_addf(out, ",%s,", cc_verdict_name(r->verdict));
		cc_buf_reset(&tmp);
		join(&tmp, &r->reasons, "; ");
		cc_buf_add_csv(out, tmp.buf);
		cc_buf_addch(out, ',');
		cc_buf_add_csv(out, row->status);
		if (r->last_engagement >= 0)
			cc_day_format(day, r->last_engagement);
		cc_buf_addf(out, ",%ld,%.3f,%s,", row->words, r->score, day);
		if (r->nratings)
			cc_buf_addf(out, "%.2f", r->rating_avg);
		cc_buf_addf(out, ",%d,", r->nratings);
		cc_buf_reset(&tmp);
		join(&tmp, &r->comments, " | ");
		cc_buf_add_csv(out, tmp.buf);
		cc_buf_addch(out, ',');
		cc_buf_reset(&tmp);
		dupes_text(&tmp, a, r);
		cc_buf_add_csv(out, tmp.buf);
		cc_buf_addch(out, ',');
		if (r->ndupes)
			cc_buf_addf(out, "%.3f", r->dupes[0].score);
		cc_buf_addch(out, ',');
		cc_buf_reset(&tmp);
		join(&tmp, &r->broken, " ");
		cc_buf_add_csv(out, tmp.buf);
		cc_buf_addch(out, ',');
		cc_buf_reset(&tmp);
		join(&tmp, &r->external, " ");
		cc_buf_add_csv(out, tmp.buf);
		cc_buf_addch(out, ',');
		cc_buf_add_csv(out, r->stale ? r->stale : "");
		cc_buf_adds(out, "\r\n");
	}
	cc_buf_release(&tmp);
}

static json_t *list_json(const struct cc_strlist *l)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(arr, cc_json_text(l->v[i]));
	return arr;
}

json_t *cc_audit_json(const struct cc_audit *a)
{
	json_t *assets = json_array();
	char as[11];
	cc_day_format(as, a->as_of);
	for (size_t i = 0; i < a->n; i++) {
		const struct cc_audit_row *r = &a->v[i];
		const struct cc_row *row = &a->rows->v[r->row];
		json_t *dupes = json_array();
		for (size_t k = 0; k < r->ndupes; k++)
			json_array_append_new(dupes, json_pack("{s:o, s:f}", "path",
							       cc_json_text(a->rows->v[r->dupes[k].row].path),
							       "similarity", floor(r->dupes[k].score * 1000 + 0.5) / 1000));
		char day[11] = "";
		if (r->last_engagement >= 0)
			cc_day_format(day, r->last_engagement);
		json_t *o = json_pack("{s:o, s:s, s:o, s:o, s:I, s:f, s:o, s:b}", "path", cc_json_text(row->path),
				      "verdict", cc_verdict_name(r->verdict), "reasons", list_json(&r->reasons), "status",
				      cc_json_text(row->status), "words", (json_int_t)row->words, "relevance_score",
				      r->score, "last_engagement", *day ? json_string(day) : json_null(),
				      "engaged_in_window", r->engaged);
		json_object_set_new(o, "ratings", json_pack("{s:i, s:o, s:o}", "count", r->nratings, "average",
							    r->nratings ? json_real(r->rating_avg) : json_null(),
							    "latest_comments", list_json(&r->comments)));
		json_object_set_new(o, "duplicates", dupes);
		json_object_set_new(o, "broken_links", list_json(&r->broken));
		json_object_set_new(o, "external_links", list_json(&r->external));
		json_object_set_new(o, "stale", r->stale ? cc_json_text(r->stale) : json_null());
		json_object_set_new(o, "expired", json_boolean(r->expired));
		json_array_append_new(assets, o);
	}
	return json_pack("{s:i, s:s, s:I, s:o}", "version", 1, "as_of", as, "pairs", (json_int_t)a->pairs, "assets",
			 assets);
}
