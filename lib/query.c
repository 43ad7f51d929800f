/*
 * query.c — filtered, sorted reads of indexed assets (see query.h).
 */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "problem.h"
#include "text.h"

const char *const cc_query_sort_keys[] = {"path", "date", "title", "slug", "status", "format",
					  "words", "created", "updated", "author", "due", NULL};

static const char *const sort_sql[] = {"a.path", "a.date", "a.title COLLATE NOCASE", "a.slug",
				       "a.status", "a.format", "a.words", "h.created", "h.updated",
				       "a.author COLLATE NOCASE", "a.due"};

int cc_where_parse(struct cc_where *out, char *s)
{
	char *eq = strchr(s, '=');
	if (!eq || eq == s)
		return cc_error("--where takes KEY=VALUE or KEY!=VALUE, not '%s'", s);
	out->op = CC_WHERE_EQ;
	if (eq > s && eq[-1] == '!') {
		out->op = CC_WHERE_NE;
		eq[-1] = '\0';
	}
	*eq = '\0';
	out->key = s;
	out->value = eq + 1;
	if (!*s)
		return cc_error("--where needs a key");
	for (const char *p = s; *p; p++)
		if (!(((*p | 32) >= 'a' && (*p | 32) <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-' || *p == '.'))
			return cc_error("--where key '%s' may hold only letters, digits, '_', '-' and '.'", s);
	return 0;
}

struct tag {
	int dim, ord;
	char *value;
};

static int tag_cmp(const void *a, const void *b)
{
	const struct tag *x = a, *y = b;
	if (x->dim != y->dim)
		return x->dim - y->dim;
	return x->ord - y->ord;
}

struct id_pos {
	int64_t id;
	size_t pos;
};

static int id_pos_cmp(const void *a, const void *b)
{
	const struct id_pos *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* asset_tags.dimension as a slot: the tag dimensions, then authors and owners; -1 when unknown. */
static int tag_slot(const char *dim)
{
	int d = cc_dim_parse(dim);
	if (d >= 0)
		return d;
	if (!strcmp(dim, CC_PEOPLE_AUTHOR))
		return CC_DIM_COUNT;
	if (!strcmp(dim, CC_PEOPLE_OWNER))
		return CC_DIM_COUNT + 1;
	return -1;
}

static struct cc_strlist *slot_list(struct cc_row *r, int slot)
{
	if (slot < CC_DIM_COUNT)
		return &r->tags[slot];
	return slot == CC_DIM_COUNT ? &r->authors : &r->owners;
}

/* Moves buf[0..n) (one asset's tags) into r in front-matter order (frees them when r is NULL). */
static void flush_tags(struct cc_row *r, struct tag *buf, size_t n)
{
	qsort(buf, n, sizeof(*buf), tag_cmp);
	for (size_t i = 0; i < n; i++) {
		if (!r) {
			free(buf[i].value);
			continue;
		}
		struct cc_strlist *l = slot_list(r, buf[i].dim);
		CC_GROW(l->v, l->alloc, l->n + 1);
		l->v[l->n++] = buf[i].value; /* the list owns it now */
	}
}

/*
 * The tags of rows v[0..n), in one pass over asset_tags in key order
 * (asset, dimension, value), merged with the rows sorted by id: for many
 * rows this is far cheaper than one query per row.
 */
static int tags_all(struct cc_db *db, struct cc_row *v, size_t n)
{
	sqlite3_stmt *st = NULL;
	struct id_pos *byid = cc_xcalloc(n ? n : 1, sizeof(*byid));
	struct tag *buf = NULL;
	size_t nbuf = 0, abuf = 0, k = 0;
	int64_t cur = -1;
	int rc = SQLITE_DONE;

	for (size_t i = 0; i < n; i++)
		byid[i] = (struct id_pos){v[i].id, i};
	qsort(byid, n, sizeof(*byid), id_pos_cmp);
	if (cc_db_prepare(db, &st, "SELECT asset, dimension, ord, value FROM asset_tags ORDER BY asset") < 0) {
		free(byid);
		return -1;
	}
	for (;;) {
		rc = sqlite3_step(st);
		int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -2;
		if (id != cur && nbuf) {
			while (k < n && byid[k].id < cur)
				k++;
			flush_tags(k < n && byid[k].id == cur ? &v[byid[k].pos] : NULL, buf, nbuf);
			nbuf = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		cur = id;
		int d = tag_slot((const char *)sqlite3_column_text(st, 1));
		if (d < 0)
			continue;
		CC_GROW(buf, abuf, nbuf + 1);
		buf[nbuf].dim = d;
		buf[nbuf].ord = sqlite3_column_int(st, 2);
		buf[nbuf++].value = cc_xstrdup((const char *)sqlite3_column_text(st, 3));
	}
	/* Rows sharing an id (not possible from one query, but cheap to honour). */
	for (size_t i = 1; i < n; i++) {
		if (byid[i].id != byid[i - 1].id)
			continue;
		for (int d = 0; d < CC_DIM_COUNT + 2; d++) {
			struct cc_strlist *from = slot_list(&v[byid[i - 1].pos], d);
			for (size_t t = 0; t < from->n; t++)
				cc_strlist_add(slot_list(&v[byid[i].pos], d), from->v[t]);
		}
	}
	free(buf);
	free(byid);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cc_db_error(db, "reading tags");
}

/* The tags of rows v[0..n), one indexed query per row: for a few rows. */
static int tags_each(struct cc_db *db, struct cc_row *v, size_t n)
{
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_DONE;
	if (cc_db_prepare(db, &st, "SELECT dimension, value FROM asset_tags WHERE asset = ?1 "
				   "ORDER BY dimension, ord") < 0)
		return -1;
	for (size_t i = 0; i < n && (rc == SQLITE_DONE); i++) {
		sqlite3_bind_int64(st, 1, v[i].id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int d = tag_slot((const char *)sqlite3_column_text(st, 0));
			if (d >= 0)
				cc_strlist_add(slot_list(&v[i], d), (const char *)sqlite3_column_text(st, 1));
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cc_db_error(db, "reading tags");
}

/* Above this many rows, tags are read in one pass over the whole table. */
#define TAGS_ONE_PASS 64

/* Records an unknown-value problem's place on its row: the first of each dimension. */
static void unknown_value(struct cc_row *r, const char prefix[][32], const char *msg, int line, int col)
{
	for (int d = 0; msg && d < CC_DIM_COUNT; d++) {
		if (r->unknown_line[d] || strncmp(msg, prefix[d], strlen(prefix[d])))
			continue;
		r->unknown_line[d] = line;
		r->unknown_col[d] = col;
	}
}

/*
 * The place of the first unknown value of each dimension of rows v[0..n),
 * from the index's unknown-value problems ("unknown stage 'x'…", asset.c):
 * for a few rows one indexed query per row, else one pass merged with the
 * rows sorted by id.
 */
static int unknown_values(struct cc_db *db, struct cc_row *v, size_t n)
{
	sqlite3_stmt *st = NULL;
	struct id_pos *byid = NULL;
	char prefix[CC_DIM_COUNT][32];
	bool few = n <= TAGS_ONE_PASS;
	int rc = SQLITE_DONE;

	for (int d = 0; d < CC_DIM_COUNT; d++)
		snprintf(prefix[d], sizeof(prefix[d]), "unknown %s '", cc_dim_name((enum cc_dim)d));
	if (few) {
		if (cc_db_prepare(db, &st, "SELECT message, line, col FROM problems "
					   "WHERE asset = ?1 AND rule = 'unknown-value' ORDER BY line, col") < 0)
			return -1;
		for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
			sqlite3_bind_int64(st, 1, v[i].id);
			while ((rc = sqlite3_step(st)) == SQLITE_ROW)
				unknown_value(&v[i], prefix, (const char *)sqlite3_column_text(st, 0),
					      sqlite3_column_int(st, 1), sqlite3_column_int(st, 2));
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? 0 : cc_db_error(db, "reading unknown values");
	}
	byid = cc_xcalloc(n, sizeof(*byid));
	for (size_t i = 0; i < n; i++)
		byid[i] = (struct id_pos){v[i].id, i};
	qsort(byid, n, sizeof(*byid), id_pos_cmp);
	if (cc_db_prepare(db, &st, "SELECT asset, message, line, col FROM problems "
				   "WHERE rule = 'unknown-value' AND asset IS NOT NULL ORDER BY asset, line, col") < 0) {
		free(byid);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct id_pos key = {sqlite3_column_int64(st, 0), 0};
		struct id_pos *hit = bsearch(&key, byid, n, sizeof(*byid), id_pos_cmp);
		if (hit)
			unknown_value(&v[hit->pos], prefix, (const char *)sqlite3_column_text(st, 1),
				      sqlite3_column_int(st, 2), sqlite3_column_int(st, 3));
	}
	sqlite3_finalize(st);
	free(byid);
	return rc == SQLITE_DONE ? 0 : cc_db_error(db, "reading unknown values");
}

int cc_query_assets(struct cc_db *db, const struct cc_filter *f, struct cc_rows *out)
{
	struct cc_buf sql = CC_BUF_INIT, ids = CC_BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t first = out->n;
	int n = 0, rc, ret = -1, sort = 0;

	if (f->sort) {
		sort = -1;
		for (int i = 0; cc_query_sort_keys[i]; i++)
			if (!strcmp(f->sort, cc_query_sort_keys[i]))
				sort = i;
		if (sort < 0)
			return cc_error("cannot sort by '%s'", f->sort);
	}
	if (f->ids && !f->nids)
		return 0;
	cc_buf_adds(&sql, "SELECT a.id, a.path, a.slug, a.title, a.summary, a.status, a.format, a.author, "
			  "a.url, a.date_full, h.created, h.updated, a.date, a.due, a.review_by, a.expires, "
			  "coalesce(h.commits, 0), a.words, a.reading_minutes, a.date_line, a.due_line, "
			  "a.review_line, a.expires_line, a.fm_ok, coalesce(a.revised, h.revised)");
	if (!f->lean)
		cc_buf_adds(&sql, ", a.fields, (SELECT count(*) FROM problems p WHERE p.asset = a.id), "
				  "a.lang, a.site_url, a.translations");
	cc_buf_adds(&sql, " FROM assets a LEFT JOIN history h ON h.path = a.path WHERE 1");
	if (f->ids) {
		/* One parameter for any number of ids: a JSON array, unpacked by json_each. */
		cc_buf_addch(&ids, '[');
		for (size_t i = 0; i < f->nids; i++)
			cc_buf_addf(&ids, "%s%lld", i ? "," : "", (long long)f->ids[i]);
		cc_buf_addch(&ids, ']');
		cc_buf_addf(&sql, " AND a.id IN (SELECT value FROM json_each(?%d))", ++n);
	}
	for (int d = 0; d < CC_DIM_COUNT; d++)
		if (f->tags[d])
			cc_buf_addf(&sql, " AND EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset = a.id "
					  "AND t.dimension = ?%d AND t.value = ?%d)", n + 1, n + 2), n += 2;
	if (f->status)
		cc_buf_addf(&sql, " AND a.status = ?%d", ++n);
	for (size_t i = 0; i < f->nwhere; i++) {
		cc_buf_addf(&sql, " AND %sEXISTS (SELECT 1 FROM asset_fields x WHERE x.asset = a.id "
				  "AND x.key = ?%d AND x.value_text = ?%d)",
			    f->where[i].op == CC_WHERE_NE ? "NOT " : "", n + 1, n + 2);
		n += 2;
	}
	cc_buf_addf(&sql, " ORDER BY %s %s, a.path", sort_sql[sort], f->desc ? "DESC" : "ASC");
	if (f->limit > 0)
		cc_buf_addf(&sql, " LIMIT %ld", f->limit);

	if (cc_db_prepare(db, &st, sql.buf) < 0)
		goto cleanup;
	n = 0;
	if (f->ids)
		sqlite3_bind_text(st, ++n, ids.buf, (int)ids.len, SQLITE_STATIC);
	for (int d = 0; d < CC_DIM_COUNT; d++) {
		if (f->tags[d]) {
			sqlite3_bind_text(st, ++n, cc_dim_name((enum cc_dim)d), -1, SQLITE_STATIC);
			sqlite3_bind_text(st, ++n, f->tags[d], -1, SQLITE_STATIC);
		}
	}
	if (f->status)
		sqlite3_bind_text(st, ++n, f->status, -1, SQLITE_STATIC);
	for (size_t i = 0; i < f->nwhere; i++) {
		sqlite3_bind_text(st, ++n, f->where[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, ++n, f->where[i].value, -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		CC_GROW(out->v, out->alloc, out->n + 1);
		struct cc_row *r = &out->v[out->n++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		/* Columns 1–11 are strings: one allocation holds them all. */
		char **dst[] = {&r->path, &r->slug, &r->title, &r->summary, &r->status, &r->format,
				&r->author, &r->url, &r->date_full, &r->created, &r->updated};
		enum { NSTR = sizeof(dst) / sizeof(dst[0]) };
		const char *txt[NSTR];
		size_t len[NSTR], total = 0;
		for (int c = 0; c < NSTR; c++) {
			txt[c] = (const char *)sqlite3_column_text(st, c + 1);
			len[c] = txt[c] ? (size_t)sqlite3_column_bytes(st, c + 1) : 0;
			total += len[c] + 1;
		}
		char *p = r->block = cc_xmalloc(total);
		for (int c = 0; c < NSTR; c++) {
			/* path … url (0–7) are never NULL: "" when absent */
			if (!txt[c] && c >= 8) {
				*dst[c] = NULL;
				continue;
			}
			*dst[c] = p;
			if (len[c])
				memcpy(p, txt[c], len[c]);
			p[len[c]] = '\0';
			p += len[c] + 1;
		}
		r->created_day = cc_day_of(r->created);
		r->updated_day = cc_day_of(r->updated);
		r->date = cc_day_of((const char *)sqlite3_column_text(st, 12));
		r->due = cc_day_of((const char *)sqlite3_column_text(st, 13));
		r->review_by = cc_day_of((const char *)sqlite3_column_text(st, 14));
		r->expires = cc_day_of((const char *)sqlite3_column_text(st, 15));
		r->commits = sqlite3_column_int(st, 16);
		r->words = sqlite3_column_int(st, 17);
		r->reading_minutes = sqlite3_column_int(st, 18);
		r->date_line = sqlite3_column_int(st, 19);
		r->due_line = sqlite3_column_int(st, 20);
		r->review_line = sqlite3_column_int(st, 21);
		r->expires_line = sqlite3_column_int(st, 22);
		r->fm_ok = sqlite3_column_int(st, 23);
		r->revised = cc_day_of((const char *)sqlite3_column_text(st, 24));
		if (!f->lean) {
			r->fields = json_loads((const char *)sqlite3_column_text(st, 25), 0, NULL);
			if (!r->fields)
				r->fields = json_object();
			r->problems = sqlite3_column_int(st, 26);
			json_t *tr = json_loads((const char *)sqlite3_column_text(st, 29), 0, NULL);
			r->site = json_pack("{s:s, s:s, s:o}", "lang", (const char *)sqlite3_column_text(st, 27),
					    "site_url", (const char *)sqlite3_column_text(st, 28), "translations",
					    json_is_array(tr) ? tr : json_array());
			if (tr && !json_is_array(tr))
				json_decref(tr);
		}
	}
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "reading assets");
		goto cleanup;
	}
	if (out->n - first > TAGS_ONE_PASS ? tags_all(db, out->v + first, out->n - first) < 0
					   : tags_each(db, out->v + first, out->n - first) < 0)
		goto cleanup;
	if (out->n > first && unknown_values(db, out->v + first, out->n - first) < 0)
		goto cleanup;
	ret = 0;
cleanup:
	sqlite3_finalize(st);
	cc_buf_release(&sql);
	cc_buf_release(&ids);
	return ret;
}

static void row_release(struct cc_row *r)
{
	char **strs[] = {&r->path, &r->slug, &r->title, &r->summary, &r->status, &r->format, &r->author,
			 &r->url, &r->date_full, &r->created, &r->updated};
	if (r->block)
		free(r->block);
	else
		for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
			free(*strs[i]);
	for (int d = 0; d < CC_DIM_COUNT; d++)
		cc_strlist_clear(&r->tags[d]);
	cc_strlist_clear(&r->authors);
	cc_strlist_clear(&r->owners);
	json_decref(r->fields);
	json_decref(r->site);
}

void cc_rows_release(struct cc_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		row_release(&rows->v[i]);
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

int64_t cc_row_publish_day(const struct cc_row *r)
{
	if (r->date != CC_NO_DAY)
		return r->date;
	if (!strcmp(r->status, "published"))
		return r->created_day;
	return CC_NO_DAY;
}

void cc_row_lifecycle_read(struct cc_row *r, sqlite3_stmt *st, int col)
{
	const char *status = (const char *)sqlite3_column_text(st, col);
	r->status = (char *)(status ? status : "");
	r->fm_ok = sqlite3_column_int(st, col + 1);
	r->date = cc_day_of((const char *)sqlite3_column_text(st, col + 2));
	r->due = cc_day_of((const char *)sqlite3_column_text(st, col + 3));
	r->review_by = cc_day_of((const char *)sqlite3_column_text(st, col + 4));
	r->expires = cc_day_of((const char *)sqlite3_column_text(st, col + 5));
	r->created_day = cc_day_of((const char *)sqlite3_column_text(st, col + 6));
	r->updated_day = cc_day_of((const char *)sqlite3_column_text(st, col + 7));
	r->revised = cc_day_of((const char *)sqlite3_column_text(st, col + 8));
}
