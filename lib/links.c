/*
 * links.c — internal links resolved, external links listed (see links.h).
 */
#include "links.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "problem.h"

struct set {
	char **v;
	size_t n, alloc;
};

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void set_add(struct set *s, const char *p, size_t n)
{
	CC_GROW(s->v, s->alloc, s->n + 1);
	s->v[s->n++] = cc_xstrndup(p, n);
}

static void set_done(struct set *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(char *), str_cmp);
}

static bool set_has(const struct set *s, const char *k)
{
	return s->n && bsearch(&k, s->v, s->n, sizeof(char *), str_cmp) != NULL;
}

static void set_release(struct set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

struct known {
	struct set paths, urls, slugs;
	int rootfd;
};

/* Normalises a/b/../c into out (no leading or trailing '/'); false when it climbs above the root. */
static bool normalise(struct cc_buf *out, const char *p)
{
	cc_buf_reset(out);
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (!out->len)
				return false;
			char *slash = strrchr(out->buf, '/');
			cc_buf_setlen(out, slash ? (size_t)(slash - out->buf) : 0);
		} else {
			if (out->len)
				cc_buf_addch(out, '/');
			cc_buf_add(out, p, n);
		}
		p += n + (e ? 1 : 0);
	}
	return true;
}

static bool exists(const struct known *k, const char *rel)
{
	struct stat st;
	if (!*rel)
		return true; /* the root */
	if (set_has(&k->paths, rel))
		return true;
	return k->rootfd >= 0 && fstatat(k->rootfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* Is rel an asset or a file, directly or as a page (x.md, x/index.md …)? */
static bool page_exists(const struct known *k, const char *rel)
{
	static const char *const ends[] = {"", ".md", ".mdx", "/index.md", "/_index.md", "/index.mdx", NULL};
	struct cc_buf b = CC_BUF_INIT;
	bool ok = false;
	for (size_t i = 0; ends[i] && !ok; i++) {
		cc_buf_reset(&b);
		cc_buf_addf(&b, "%s%s", rel, !*rel && ends[i][0] == '/' ? ends[i] + 1 : ends[i]);
		ok = exists(k, b.buf);
	}
	cc_buf_release(&b);
	return ok;
}

static bool last_is_slug(const struct known *k, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	const char *last = slash ? slash + 1 : rel;
	char *copy = cc_xstrdup(last), *dot = strrchr(copy, '.');
	if (dot && (!strcmp(dot, ".md") || !strcmp(dot, ".html") || !strcmp(dot, ".mdx")))
		*dot = '\0';
	bool ok = *copy && set_has(&k->slugs, copy);
	free(copy);
	return ok;
}

/* Does internal link url, in the file at path, lead somewhere? */
static bool resolves(const struct known *k, const char *path, const char *url)
{
	size_t n = strcspn(url, "#?");
	if (!n || strstr(url, "{{"))
		return true; /* an anchor on the page, or a template */
	struct cc_buf raw = CC_BUF_INIT, norm = CC_BUF_INIT;
	bool ok = false;
	if (url[0] == '/') {
		cc_buf_add(&raw, url, n);
		char *core = cc_xstrndup(url, n);
		size_t cl = strlen(core);
		while (cl > 1 && core[cl - 1] == '/')
			core[--cl] = '\0';
		ok = set_has(&k->urls, core);
		free(core);
		if (!ok && normalise(&norm, raw.buf))
			ok = page_exists(k, norm.buf) || last_is_slug(k, norm.buf);
		if (!ok) {
			cc_buf_reset(&raw);
			cc_buf_adds(&raw, "static/");
			cc_buf_add(&raw, url + 1, n - 1);
			ok = normalise(&norm, raw.buf) && exists(k, norm.buf);
		}
	} else {
		const char *slash = strrchr(path, '/');
		if (slash)
			cc_buf_add(&raw, path, (size_t)(slash - path) + 1);
		cc_buf_add(&raw, url, n);
		if (normalise(&norm, raw.buf))
			ok = page_exists(k, norm.buf) || last_is_slug(k, norm.buf);
	}
	cc_buf_release(&raw);
	cc_buf_release(&norm);
	return ok;
}

static void ref_add(struct cc_link_refs *r, const char *path, int line, const char *url)
{
	CC_GROW(r->v, r->alloc, r->n + 1);
	r->v[r->n++] = (struct cc_link_ref){cc_xstrdup(path), line, cc_xstrdup(url)};
}

int cc_links_check(struct cc_db *db, const char *root, struct cc_link_refs *broken,
		   struct cc_link_refs *external)
{
	struct known k = {.rootfd = root ? open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1};
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	if (cc_db_prepare(db, &st, "SELECT path, slug, url FROM assets") < 0)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);
		const char *slug = (const char *)sqlite3_column_text(st, 1);
		const char *url = (const char *)sqlite3_column_text(st, 2);
		set_add(&k.paths, p, strlen(p));
		if (slug && *slug)
			set_add(&k.slugs, slug, strlen(slug));
		if (url && *url) {
			const char *s = strstr(url, "://");
			const char *up = s ? strchr(s + 3, '/') : url[0] == '/' ? url : NULL;
			if (up) {
				size_t n = strcspn(up, "#?");
				while (n > 1 && up[n - 1] == '/')
					n--;
				set_add(&k.urls, up, n);
			}
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "reading assets");
		goto out;
	}
	set_done(&k.paths);
	set_done(&k.slugs);
	set_done(&k.urls);
	if (cc_db_prepare(db, &st, "SELECT a.path, json_extract(l.value, '$.line'), json_extract(l.value, '$.url'), "
				   "json_extract(l.value, '$.internal') FROM assets a, json_each(a.links) l "
				   "ORDER BY a.path, l.key") < 0)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);
		int line = sqlite3_column_int(st, 1);
		const char *url = (const char *)sqlite3_column_text(st, 2);
		bool internal = sqlite3_column_int(st, 3) != 0;
		if (!url)
			continue;
		if (internal) {
			if (broken && !resolves(&k, p, url))
				ref_add(broken, p, line, url);
		} else if (external) {
			ref_add(external, p, line, url);
		}
	}
	if (rc != SQLITE_DONE) {
		cc_db_error(db, "reading links");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	set_release(&k.paths);
	set_release(&k.urls);
	set_release(&k.slugs);
	if (k.rootfd >= 0)
		close(k.rootfd);
	return ret;
}

void cc_link_refs_release(struct cc_link_refs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].path);
		free(r->v[i].url);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}
