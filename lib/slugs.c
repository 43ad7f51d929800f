/*
 * slugs.c — languages, translation sets, resolved URLs, duplicate URLs and
 * lagging translations (see slugs.h).
 */
#include "slugs.h"

#include <ctype.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "lifecycle.h"
#include "problem.h"
#include "query.h"
#include "template.h"

/* ---- one path ---- */

/* A language code: two lowercase letters, optionally '-' or '_' and a 2–4 letter region. */
static bool looks_like_lang(const char *s, size_t n)
{
	if (n < 2 || !islower((unsigned char)s[0]) || !islower((unsigned char)s[1]))
		return false;
	if (n == 2)
		return true;
	if (n < 5 || n > 7 || (s[2] != '-' && s[2] != '_'))
		return false;
	for (size_t i = 3; i < n; i++)
		if (!isalpha((unsigned char)s[i]))
			return false;
	return true;
}

/* Offset of the content root in path: just after "…/content/", else after the config dir. */
static size_t content_root(const char *path, const struct cc_config *cfg)
{
	size_t start = cfg->dir && *cfg->dir && !strncmp(path, cfg->dir, strlen(cfg->dir)) &&
				       path[strlen(cfg->dir)] == '/'
			       ? strlen(cfg->dir) + 1
			       : 0;
	for (const char *p = path + start; (p = strstr(p, "content/")); p++)
		if (p == path + start || p[-1] == '/')
			return (size_t)(p - path) + 8;
	return start;
}

/* The component at offset at of path (up to '/'), as its length; 0 when it is the file name. */
static size_t component(const char *path, size_t at)
{
	const char *slash = strchr(path + at, '/');
	return slash ? (size_t)(slash - path - at) : 0;
}

/* The language suffix of the file name (x.fr.md): its offset ('.') and length, or 0. */
static size_t lang_suffix(const char *path, size_t *at)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *ext = strrchr(base, '.');
	if (!ext || ext == base)
		return 0;
	const char *dot = ext - 1;
	while (dot > base && *dot != '.')
		dot--;
	if (dot == base || *dot != '.')
		return 0;
	size_t n = (size_t)(ext - dot - 1);
	if (!looks_like_lang(dot + 1, n))
		return 0;
	*at = (size_t)(dot - path);
	return n;
}

static bool is_index(const char *stem, size_t n)
{
	return (n == 5 && !strncmp(stem, "index", 5)) || (n == 6 && !strncmp(stem, "_index", 6));
}

/* {lang} of a default-language page is empty: "/{lang}/x" gives "/x", not "//x". */
static int emit_url(struct cc_buf *out, const struct cc_template_var *v, const char *rest, size_t nrest,
		    void *arg)
{
	const char *val = v->value ? v->value : "";
	cc_buf_adds(out, val);
	return !*val && out->len && out->buf[out->len - 1] == '/' && nrest && rest[0] == '/';
}

/*
 * The URL's language: the page's (configured or detected), else the
 * front matter's, else a language-looking suffix of the file name
 * (x.fr.md alone, with no sibling to prove it).
 */
static const char *url_lang(const struct cc_site_input *in, char *buf, size_t size)
{
	size_t at, n;
	if (*in->lang)
		return in->lang;
	if (in->fm_lang && *in->fm_lang)
		return in->fm_lang;
	if ((n = lang_suffix(in->path, &at)) && n < size) {
		memcpy(buf, in->path + at + 1, n);
		buf[n] = '\0';
		return buf;
	}
	return "";
}

int cc_url_expand(struct cc_buf *out, const char *pattern, const struct cc_url_values *u)
{
	const struct cc_template_var vars[] = {
		{"slug", u->slug},	 {"path", u->path}, {"format", u->format},
		{"stem", u->stem},	 {"section", u->section}, {"lang", u->lang},
		{"year", u->year},	 {"month", u->month}, {"day", u->day},
	};
	struct cc_template t = {.syntax = CC_TEMPLATE_PATH,
				.vars = vars,
				.nvars = sizeof(vars) / sizeof(vars[0]),
				.emit = emit_url};
	return cc_template_run(&t, pattern, strlen(pattern), out);
}

int cc_site_resolve(struct cc_site_page *out, const struct cc_config *cfg, const struct cc_site_input *in)
{
	struct cc_buf key = CC_BUF_INIT, dirs = CC_BUF_INIT, url = CC_BUF_INIT;
	const char *path = in->path, *lang = in->lang;
	size_t len = strlen(path);
	int lang_at = in->lang_at, ret = 0;

	memset(out, 0, sizeof(*out));
	/* the translation key: path without the language component or suffix */
	if (lang_at >= 0 && *lang) {
		size_t n = strlen(lang);
		cc_buf_add(&key, path, (size_t)lang_at);
		size_t skip = n + 1; /* "fr/" or ".fr" */
		if ((size_t)lang_at + skip <= len)
			cc_buf_adds(&key, path + lang_at + skip);
	} else {
		cc_buf_adds(&key, path);
	}

	/* directories under the content root, language removed */
	size_t root = content_root(key.buf, cfg);
	const char *rel = key.buf + root;
	const char *base = strrchr(rel, '/');
	const char *file = base ? base + 1 : rel;
	const char *dot = strrchr(file, '.');
	size_t stem_n = dot && dot != file ? (size_t)(dot - file) : strlen(file);
	bool bundle = is_index(file, stem_n);
	if (base)
		cc_buf_add(&dirs, rel, (size_t)(base - rel));
	char section[256] = "", stem[256] = "";
	size_t sn = strcspn(rel, "/");
	if (rel[sn] == '/' && sn < sizeof(section))
		memcpy(section, rel, sn), section[sn] = '\0';
	/* {stem}: the file name without extension and language; a bundle's is its directory's */
	const char *sp = file;
	if (bundle && dirs.len) {
		const char *up = strrchr(dirs.buf, '/');
		sp = up ? up + 1 : dirs.buf;
		stem_n = dirs.len - (size_t)(sp - dirs.buf);
	}
	if (stem_n < sizeof(stem))
		memcpy(stem, sp, stem_n), stem[stem_n] = '\0';
	if (bundle) {
		/* a bundle is its directory; the slug replaces the directory's name */
		char *up = strrchr(dirs.buf, '/');
		cc_buf_setlen(&dirs, up ? (size_t)(up - dirs.buf) : 0);
	}

	if (in->fm_url && *in->fm_url) {
		/* the page says where it is served (Hugo's url front matter) */
		cc_buf_adds(&url, in->fm_url);
	} else if (cfg->url) {
		char y[5] = "", m[3] = "", d[3] = "", lbuf[16];
		const char *date = in->date;
		if (date && strlen(date) >= 10) {
			memcpy(y, date, 4);
			memcpy(m, date + 5, 2);
			memcpy(d, date + 8, 2);
		}
		struct cc_url_values u = {.slug = in->slug, .path = path, .format = in->format ? in->format : "",
					  .stem = stem, .section = section,
					  .lang = url_lang(in, lbuf, sizeof(lbuf)), .year = y, .month = m, .day = d};
		ret = cc_url_expand(&url, cfg->url, &u);
	} else {
		if (*lang && *in->source && strcmp(lang, in->source))
			cc_buf_addf(&url, "/%s", lang);
		if (dirs.len)
			cc_buf_addf(&url, "/%s", dirs.buf);
		bool home = bundle && !base;
		if (!home && *in->slug)
			cc_buf_addf(&url, "/%s", in->slug);
		cc_buf_addch(&url, '/');
	}
	out->lang = cc_xstrdup(lang);
	out->tkey = cc_buf_detach(&key, NULL);
	out->url = cc_buf_detach(&url, NULL);
	out->stated = cc_xstrdup((in->fm_url && *in->fm_url) || cfg->url ? out->url : "");
	cc_buf_release(&dirs);
	return ret;
}

void cc_site_page_release(struct cc_site_page *p)
{
	free(p->lang);
	free(p->tkey);
	free(p->url);
	free(p->stated);
	memset(p, 0, sizeof(*p));
}

/* ---- every asset ---- */

struct page {
	int64_t id;
	char *path, *slug, *date, *format;
	bool declared;
	int line, col;
	char *old_lang, *old_url, *old_trans, *old_stated;
	char *fm_url, *fm_lang; /* front matter's url and lang (or language), NULL when none */
	char lang[16];
	int lang_at;
	struct cc_site_page site;
	char *trans; /* JSON array of the other members of the translation set */
};

static char *col_dup(sqlite3_stmt *st, int c)
{
	const unsigned char *t = sqlite3_column_text(st, c);
	return t ? cc_xstrdup((const char *)t) : NULL;
}

/* The front matter's url and lang (or language) of an asset row, as text or NULL. */
#define FM_URL_LANG                                                                                \
	"CASE json_type(fields, '$.url') WHEN 'text' THEN json_extract(fields, '$.url') END, "       \
	"CASE WHEN json_type(fields, '$.lang') = 'text' THEN json_extract(fields, '$.lang') "        \
	"WHEN json_type(fields, '$.language') = 'text' THEN json_extract(fields, '$.language') END"

static int read_pages(struct cc_db *db, struct page **out, size_t *n)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (cc_db_prepare(db, &st, "SELECT id, path, slug, slug_declared, slug_line, slug_col, date, format, lang, "
				   "site_url, translations, url, " FM_URL_LANG " FROM assets ORDER BY path") < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		CC_GROW(*out, alloc, *n + 1);
		struct page *p = &(*out)[(*n)++];
		memset(p, 0, sizeof(*p));
		p->id = sqlite3_column_int64(st, 0);
		p->path = col_dup(st, 1);
		p->slug = col_dup(st, 2);
		p->declared = sqlite3_column_int(st, 3) != 0;
		p->line = sqlite3_column_int(st, 4);
		p->col = sqlite3_column_int(st, 5);
		p->date = col_dup(st, 6);
		p->format = col_dup(st, 7);
		p->old_lang = col_dup(st, 8);
		p->old_url = col_dup(st, 9);
		p->old_trans = col_dup(st, 10);
		p->old_stated = col_dup(st, 11);
		p->fm_url = col_dup(st, 12);
		p->fm_lang = col_dup(st, 13);
		p->lang_at = -1;
		if (!p->path || !p->slug) {
			free(p->path);
			free(p->slug);
			(*n)--;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cc_db_error(db, "reading assets for URLs");
}

static void pages_free(struct page *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].slug);
		free(v[i].date);
		free(v[i].format);
		free(v[i].old_lang);
		free(v[i].old_url);
		free(v[i].old_trans);
		free(v[i].old_stated);
		free(v[i].fm_url);
		free(v[i].fm_lang);
		free(v[i].trans);
		cc_site_page_release(&v[i].site);
	}
	free(v);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool configured(const struct cc_config *cfg, const char *s, size_t n)
{
	for (size_t i = 0; i < cfg->locales.n; i++)
		if (strlen(cfg->locales.v[i]) == n && !strncmp(cfg->locales.v[i], s, n))
			return true;
	return false;
}

/* How many of the sorted keys[0..n) equal key (binary search, then its neighbours). */
static size_t count_key(char **keys, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(keys[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t c = 0;
	while (lo + c < n && !strcmp(keys[lo + c], key))
		c++;
	return c;
}

/* A content root and whether the directories right under it are languages. */
struct root_verdict {
	char *root;
	bool langs;
};

static int root_cmp(const void *a, const void *b)
{
	return strcmp(((const struct root_verdict *)a)->root, ((const struct root_verdict *)b)->root);
}

/*
 * Languages of every page. A directory code counts when configured, or
 * when the root it sits under holds at least two codes and nothing but
 * codes at that position; a suffix when configured, or when another file
 * has the same path without it (or with another code). O(n log n).
 */
static void detect_langs(struct page *v, size_t n, const struct cc_config *cfg, char *source, size_t source_size)
{
	/* "root\x01code" or "root\x02name" for each directory right under a content root */
	char **dirs = cc_xcalloc(n + 1, sizeof(char *)), **bases = cc_xcalloc(n + 1, sizeof(char *));
	struct root_verdict *roots = cc_xcalloc(n + 1, sizeof(*roots));
	size_t nd = 0, nb = 0, nr = 0;
	for (size_t i = 0; i < n; i++) {
		const char *path = v[i].path;
		size_t root = content_root(path, cfg), c = component(path, root);
		if (c) {
			struct cc_buf b = CC_BUF_INIT;
			cc_buf_add(&b, path, root);
			cc_buf_addch(&b, looks_like_lang(path + root, c) ? 1 : 2);
			cc_buf_add(&b, path + root, c);
			dirs[nd++] = cc_buf_detach(&b, NULL);
		}
		size_t at, sl = lang_suffix(path, &at);
		struct cc_buf b = CC_BUF_INIT;
		if (sl) {
			cc_buf_add(&b, path, at);
			cc_buf_adds(&b, path + at + 1 + sl);
		} else {
			cc_buf_adds(&b, path);
		}
		bases[nb++] = cc_buf_detach(&b, NULL);
	}
	qsort(dirs, nd, sizeof(char *), str_cmp);
	qsort(bases, nb, sizeof(char *), str_cmp);
	/* one verdict per root: two or more distinct codes and nothing else */
	for (size_t k = 0; k < nd;) {
		size_t rl = strcspn(dirs[k], "\x01\x02");
		size_t codes = 0, others = 0, j = k;
		for (; j < nd && !strncmp(dirs[j], dirs[k], rl) && (dirs[j][rl] == 1 || dirs[j][rl] == 2); j++) {
			if (j > k && !strcmp(dirs[j], dirs[j - 1]))
				continue;
			if (dirs[j][rl] == 1)
				codes++;
			else
				others++;
		}
		roots[nr].root = cc_xstrndup(dirs[k], rl);
		roots[nr++].langs = codes >= 2 && !others;
		k = j;
	}
	qsort(roots, nr, sizeof(*roots), root_cmp);
	for (size_t i = 0; i < n; i++) {
		struct page *p = &v[i];
		const char *path = p->path;
		size_t root = content_root(path, cfg), c = component(path, root);
		bool found = false;
		if (c && c < sizeof(p->lang) && looks_like_lang(path + root, c)) {
			bool ok = configured(cfg, path + root, c);
			if (!ok && !cfg->locales.n) {
				char *r = cc_xstrndup(path, root);
				struct root_verdict key = {r, false}, *hit = nr ? bsearch(&key, roots, nr, sizeof(*roots), root_cmp) : NULL;
				ok = hit && hit->langs;
				free(r);
			}
			if (ok) {
				memcpy(p->lang, path + root, c);
				p->lang[c] = '\0';
				p->lang_at = (int)root;
				found = true;
			}
		}
		size_t at, sl = lang_suffix(path, &at);
		if (!found && sl && sl < sizeof(p->lang)) {
			bool ok = configured(cfg, path + at + 1, sl);
			if (!ok && !cfg->locales.n) {
				/* x.fr.md beside x.md or x.de.md: their path without the code is the same */
				struct cc_buf b = CC_BUF_INIT;
				cc_buf_add(&b, path, at);
				cc_buf_adds(&b, path + at + 1 + sl);
				ok = count_key(bases, nb, b.buf) >= 2;
				cc_buf_release(&b);
			}
			if (ok) {
				memcpy(p->lang, path + at + 1, sl);
				p->lang[sl] = '\0';
				p->lang_at = (int)at;
			}
		}
	}
	/* the source language: the first configured locale, else en (Hugo's default language) */
	snprintf(source, source_size, "%s", cfg->locales.n ? cfg->locales.v[0] : "en");
	/* x.md beside x.fr.md is the page in the source language */
	for (size_t i = 0; i < n; i++)
		if (!v[i].lang[0] && count_key(bases, nb, v[i].path) >= 2 && strlen(source) < sizeof(v[i].lang))
			snprintf(v[i].lang, sizeof(v[i].lang), "%s", source);
	for (size_t i = 0; i < nd; i++)
		free(dirs[i]);
	for (size_t i = 0; i < nb; i++)
		free(bases[i]);
	for (size_t i = 0; i < nr; i++)
		free(roots[i].root);
	free(dirs);
	free(bases);
	free(roots);
}

static _Thread_local struct page *sort_pages;

static int by_tkey(const void *a, const void *b)
{
	const struct page *x = &sort_pages[*(const size_t *)a], *y = &sort_pages[*(const size_t *)b];
	int c = strcmp(x->site.tkey, y->site.tkey);
	return c ? c : strcmp(x->path, y->path);
}

static int by_url(const void *a, const void *b)
{
	const struct page *x = &sort_pages[*(const size_t *)a], *y = &sort_pages[*(const size_t *)b];
	int c = strcmp(x->site.lang, y->site.lang);
	if (!c)
		c = strcmp(x->site.url, y->site.url);
	return c ? c : strcmp(x->path, y->path);
}

static bool differs(const char *a, const char *b)
{
	return !a || strcmp(a, b);
}

/*
 * The fast path: 1 when every changed asset keeps its URL (computed with
 * its stored language) and is alone at it, 0 when a full pass is needed,
 * -1 on error.
 */
static int unchanged_urls(struct cc_db *db, const struct cc_config *cfg, const int64_t *changed, size_t nchanged)
{
	sqlite3_stmt *get = NULL, *count = NULL, *set = NULL;
	int ret = -1;
	const char *source = cfg->locales.n ? cfg->locales.v[0] : "en";
	if (cc_db_prepare(db, &get, "SELECT path, slug, slug_declared, date, format, lang, site_url, url, "
				    FM_URL_LANG " FROM assets WHERE id = ?1") < 0 ||
	    cc_db_prepare(db, &count, "SELECT count(*) FROM assets WHERE site_url = ?1 AND lang = ?2") < 0 ||
	    cc_db_prepare(db, &set, "UPDATE assets SET url = ?2 WHERE id = ?1") < 0)
		goto cleanup;
	ret = 1;
	for (size_t i = 0; i < nchanged && ret == 1; i++) {
		sqlite3_bind_int64(get, 1, changed[i]);
		if (sqlite3_step(get) != SQLITE_ROW) {
			ret = 0;
			break;
		}
		const char *path = (const char *)sqlite3_column_text(get, 0);
		const char *lang = (const char *)sqlite3_column_text(get, 5);
		const char *stored = (const char *)sqlite3_column_text(get, 6);
		char *slug = cc_xstrdup((const char *)sqlite3_column_text(get, 1));
		bool declared = sqlite3_column_int(get, 2) != 0;
		/* where the stored language stands in the path, as detection found it */
		int at = -1;
		size_t ll = strlen(lang), root = content_root(path, cfg);
		if (ll && !strncmp(path + root, lang, ll) && path[root + ll] == '/')
			at = (int)root;
		size_t sat, sl = lang_suffix(path, &sat);
		if (at < 0 && ll && sl == ll && !strncmp(path + sat + 1, lang, ll))
			at = (int)sat;
		size_t n = strlen(slug);
		if (!declared && at >= 0 && path[at] == '.' && n > ll + 1 && slug[n - ll - 1] == '-' &&
		    !strcmp(slug + n - ll, lang))
			slug[n - ll - 1] = '\0';
		struct cc_site_page pg;
		struct cc_site_input in = {.path = path, .slug = slug, .date = (const char *)sqlite3_column_text(get, 3),
					   .format = (const char *)sqlite3_column_text(get, 4), .lang = lang,
					   .lang_at = at, .source = source,
					   .fm_url = (const char *)sqlite3_column_text(get, 8),
					   .fm_lang = (const char *)sqlite3_column_text(get, 9)};
		if (cc_site_resolve(&pg, cfg, &in) < 0) {
			ret = -1;
		} else if (strcmp(pg.url, stored)) {
			ret = 0;
		} else if (strcmp(pg.stated, (const char *)sqlite3_column_text(get, 7))) {
			/* the parser stored the front matter's url alone: the stated URL is ours to write */
			sqlite3_bind_int64(set, 1, changed[i]);
			sqlite3_bind_text(set, 2, pg.stated, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(set) != SQLITE_DONE)
				ret = cc_db_error(db, "storing URLs");
			sqlite3_reset(set);
		}
		if (ret == 1) {
			sqlite3_bind_text(count, 1, stored, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(count, 2, lang, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(count) != SQLITE_ROW)
				ret = cc_db_error(db, "counting URLs");
			else if (sqlite3_column_int(count, 0) != 1)
				ret = 0;
			sqlite3_reset(count);
		}
		cc_site_page_release(&pg);
		free(slug);
		sqlite3_reset(get);
	}
cleanup:
	sqlite3_finalize(get);
	sqlite3_finalize(count);
	sqlite3_finalize(set);
	return ret;
}

int cc_slugs_check(struct cc_db *db, const struct cc_config *cfg, const int64_t *changed, size_t nchanged,
		   bool paths_changed)
{
	struct page *v = NULL;
	size_t n = 0;
	sqlite3_stmt *up = NULL, *ins = NULL;
	char source[16];
	int ret = -1;

	if (!paths_changed) {
		int same = unchanged_urls(db, cfg, changed, nchanged);
		if (same != 0)
			return same < 0 ? -1 : 0;
	}
	if (read_pages(db, &v, &n) < 0)
		goto cleanup;
	detect_langs(v, n, cfg, source, sizeof(source));
	for (size_t i = 0; i < n; i++) {
		struct page *p = &v[i];
		/* a slug derived from x.fr.md is "x-fr": the page is x, in French */
		size_t sl = strlen(p->slug), ll = strlen(p->lang);
		if (!p->declared && p->lang_at >= 0 && p->path[p->lang_at] == '.' && sl > ll + 1 &&
		    p->slug[sl - ll - 1] == '-' && !strcmp(p->slug + sl - ll, p->lang))
			p->slug[sl - ll - 1] = '\0';
		struct cc_site_input in = {.path = p->path, .slug = p->slug, .date = p->date, .format = p->format,
					   .lang = p->lang, .lang_at = p->lang_at, .source = source,
					   .fm_url = p->fm_url, .fm_lang = p->fm_lang};
		if (cc_site_resolve(&p->site, cfg, &in) < 0)
			goto cleanup;
	}

	size_t *ord = cc_xcalloc(n + 1, sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		ord[i] = i;
	sort_pages = v;
	/* translation sets: the same key in several languages */
	qsort(ord, n, sizeof(size_t), by_tkey);
	for (size_t a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && !strcmp(v[ord[b]].site.tkey, v[ord[a]].site.tkey); b++)
			;
		bool set = false; /* two or more members with a language */
		for (size_t i = a, with = 0; i < b && !set; i++)
			set = v[ord[i]].lang[0] && ++with >= 2;
		for (size_t i = a; i < b; i++) {
			if (!set) {
				v[ord[i]].trans = cc_xstrdup("[]");
				continue;
			}
			json_t *arr = json_array();
			for (size_t k = a; k < b && v[ord[i]].lang[0]; k++)
				if (k != i && v[ord[k]].lang[0])
					json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "lang", v[ord[k]].lang,
									     "path", v[ord[k]].path, "url",
									     v[ord[k]].site.url));
			v[ord[i]].trans = json_dumps(arr, JSON_COMPACT | JSON_ENSURE_ASCII);
			json_decref(arr);
		}
	}
	if (cc_db_prepare(db, &up, "UPDATE assets SET lang = ?2, site_url = ?3, translations = ?4, url = ?5 WHERE id = ?1") < 0)
		goto cleanup_ord;
	for (size_t i = 0; i < n; i++) {
		struct page *p = &v[i];
		if (!differs(p->old_lang, p->lang) && !differs(p->old_url, p->site.url) &&
		    !differs(p->old_trans, p->trans) && !differs(p->old_stated, p->site.stated))
			continue;
		sqlite3_bind_int64(up, 1, p->id);
		sqlite3_bind_text(up, 2, p->lang, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 3, p->site.url, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 4, p->trans, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 5, p->site.stated, -1, SQLITE_STATIC);
		if (sqlite3_step(up) != SQLITE_DONE) {
			cc_db_error(db, "storing URLs");
			goto cleanup_ord;
		}
		sqlite3_reset(up);
	}

	/* duplicates: the same URL in the same language, reported once */
	if (cc_db_exec(db, "DELETE FROM problems WHERE rule = 'duplicate-slug'") < 0 ||
	    cc_db_prepare(db, &ins, "INSERT INTO problems(asset, path, line, col, severity, rule, message) "
				    "VALUES (?1, ?2, ?3, ?4, ?5, 'duplicate-slug', ?6)") < 0)
		goto cleanup_ord;
	qsort(ord, n, sizeof(size_t), by_url);
	for (size_t a = 0, b; a < n; a = b) {
		const struct page *first = &v[ord[a]];
		for (b = a + 1; b < n && !strcmp(v[ord[b]].site.url, first->site.url) &&
				!strcmp(v[ord[b]].site.lang, first->site.lang);
		     b++)
			;
		if (b - a < 2 || !*first->site.url)
			continue;
		const struct page *at = first;
		bool declared = false;
		for (size_t i = a; i < b; i++)
			if (v[ord[i]].declared && !declared) {
				declared = true;
				at = &v[ord[i]];
			}
		struct cc_buf m = CC_BUF_INIT;
		cc_buf_addf(&m, "URL '%s'%s%s%s is resolved for %zu files: ", first->site.url,
			    *first->site.lang ? " (language " : "", first->site.lang, *first->site.lang ? ")" : "", b - a);
		for (size_t i = a; i < b; i++)
			cc_buf_addf(&m, "%s'%s'", i > a ? ", " : "", v[ord[i]].path);
		cc_buf_addf(&m, " (slug '%s'); set slug: or url: in front matter to tell them apart", at->slug);
		sqlite3_bind_int64(ins, 1, at->id);
		sqlite3_bind_text(ins, 2, at->path, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 3, at->line);
		sqlite3_bind_int(ins, 4, at->col);
		sqlite3_bind_int(ins, 5, declared ? 2 : 1);
		sqlite3_bind_text(ins, 6, m.buf, -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		cc_buf_release(&m);
		if (rc != SQLITE_DONE) {
			cc_db_error(db, "writing duplicate URLs");
			goto cleanup_ord;
		}
	}
	ret = 0;
cleanup_ord:
	sort_pages = NULL;
	free(ord);
cleanup:
	sqlite3_finalize(up);
	sqlite3_finalize(ins);
	pages_free(v, n);
	return ret;
}

struct pair {
	int64_t tr, src;       /* asset ids: the translation and its source */
	char *tr_lang, *src_path, *src_lang;
};

static int cmp_row_id(const void *a, const void *b)
{
	const struct cc_row *const *x = a, *const *y = b;
	return (*x)->id < (*y)->id ? -1 : (*x)->id > (*y)->id;
}

static const struct cc_row *row_by_id(struct cc_row **byid, size_t n, int64_t id)
{
	struct cc_row key = {.id = id}, *kp = &key, **hit = bsearch(&kp, byid, n, sizeof(*byid), cmp_row_id);
	return hit ? *hit : NULL;
}

int cc_translations_check(struct cc_db *db, const struct cc_config *cfg)
{
	/* The source of each translation: the member of its set in the source
	 * language. A translation set is stored per asset as JSON; the source's
	 * language is the first locale (config) or en. Both sides are judged by
	 * their content-revision day (lifecycle.h, cc_row_revised_day): a
	 * commit that only retags the source does not make its translations
	 * lag. */
	const char *source = cfg->locales.n ? cfg->locales.v[0] : "en";
	sqlite3_stmt *st = NULL;
	struct pair *pairs = NULL;
	size_t npairs = 0, alloc = 0;
	int64_t *ids = NULL;
	struct cc_rows rows = {0};
	struct cc_row **byid = NULL;
	int rc, ret = -1;

	if (cc_db_exec(db, "DELETE FROM problems WHERE rule = 'lagging-translation'") < 0)
		return -1;
	if (cc_db_prepare(db, &st,
			  "SELECT a.id, a.lang, s.id, s.path, s.lang "
			  "FROM assets a INDEXED BY assets_translated JOIN json_each(a.translations) t "
			  "JOIN assets s ON s.path = json_extract(t.value, '$.path') AND s.lang = ?1 "
			  "WHERE a.translations <> '[]' AND a.lang <> '' AND a.lang <> ?1") < 0)
		return -1;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		CC_GROW(pairs, alloc, npairs + 1);
		pairs[npairs++] = (struct pair){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 2),
						cc_xstrdup((const char *)sqlite3_column_text(st, 1)),
						cc_xstrdup((const char *)sqlite3_column_text(st, 3)),
						cc_xstrdup((const char *)sqlite3_column_text(st, 4))};
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "reading translation sets");
		goto cleanup;
	}
	if (!npairs) {
		ret = 0;
		goto cleanup;
	}
	ids = cc_xcalloc(2 * npairs, sizeof(*ids));
	for (size_t i = 0; i < npairs; i++) {
		ids[2 * i] = pairs[i].tr;
		ids[2 * i + 1] = pairs[i].src;
	}
	struct cc_filter f = {.ids = ids, .nids = 2 * npairs, .lean = true};
	if (cc_query_assets(db, &f, &rows) < 0)
		goto cleanup;
	byid = cc_xcalloc(rows.n + 1, sizeof(*byid));
	for (size_t i = 0; i < rows.n; i++)
		byid[i] = &rows.v[i];
	qsort(byid, rows.n, sizeof(*byid), cmp_row_id);
	if (cc_db_prepare(db, &st,
			  "INSERT INTO problems(asset, path, line, col, severity, rule, message) "
			  "VALUES (?1, ?2, 1, 1, 1, 'lagging-translation', ?3)") < 0)
		goto cleanup;
	for (size_t i = 0; i < npairs; i++) {
		const struct cc_row *tr = row_by_id(byid, rows.n, pairs[i].tr);
		const struct cc_row *src = row_by_id(byid, rows.n, pairs[i].src);
		if (!tr || !src)
			continue;
		int64_t rt = cc_row_revised_day(tr), rs = cc_row_revised_day(src);
		if (rt == CC_NO_DAY || rs == CC_NO_DAY || rs <= rt)
			continue;
		char dt[11], ds[11];
		struct cc_buf m = CC_BUF_INIT;
		cc_day_format(dt, rt);
		cc_day_format(ds, rs);
		cc_buf_addf(&m, "translation (%s) last revised %s, before its source '%s' (%s, revised %s)",
			    pairs[i].tr_lang, dt, pairs[i].src_path, pairs[i].src_lang, ds);
		sqlite3_bind_int64(st, 1, tr->id);
		sqlite3_bind_text(st, 2, tr->path, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, m.buf, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		cc_buf_release(&m);
		if (rc != SQLITE_DONE) {
			cc_db_error(db, "writing lagging translations");
			goto cleanup;
		}
	}
	ret = 0;
cleanup:
	sqlite3_finalize(st);
	for (size_t i = 0; i < npairs; i++) {
		free(pairs[i].tr_lang);
		free(pairs[i].src_path);
		free(pairs[i].src_lang);
	}
	free(pairs);
	free(ids);
	free(byid);
	cc_rows_release(&rows);
	return ret;
}
