/*
 * newasset.c — a new asset from a template (newasset.h).
 *
 * Placeholders {{name}} (or {{ name }}; lib/template.h): title, slug, date,
 * today, status, format, stage, persona, topic, author. In the front
 * matter a non-empty value becomes a double-quoted YAML scalar (escaped)
 * and an empty one becomes nothing (a YAML null); in the body the value is
 * written as text. An unknown placeholder is an error located in the
 * template.
 *
 * The file is created with O_CREAT|O_EXCL, through directories opened one
 * by one with O_NOFOLLOW from the work-tree root, so neither an existing
 * file nor a symbolic link (file or directory) is ever written through.
 */
#include "newasset.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asset.h"
#include "date.h"
#include "index.h"
#include "template.h"
#include "text.h"

#define USAGE (-2) /* the caller's input is wrong: cc_error says how */

/* A template name is a cleaned vocabulary word usable as a file name. */
static bool valid_name(const char *s)
{
	if (!*s || *s == '-' || *s == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		      *s == '.'))
			return false;
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The template names (FORMAT of FORMAT.md) in dir, sorted. */
static void list_names(const char *dir, struct cc_strlist *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n <= 3 || strcmp(e->d_name + n - 3, ".md"))
			continue;
		char *name = cc_xstrndup(e->d_name, n - 3);
		if (valid_name(name))
			cc_strlist_add(out, name);
		free(name);
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

static const char *shown_dir(const struct cc_ctx *ctx, const struct cc_tdir *t)
{
	size_t n = strlen(ctx->root);
	if (t->src == CC_TSRC_REPO && !strncmp(t->dir, ctx->root, n) && t->dir[n] == '/')
		return t->dir + n + 1;
	return t->dir;
}

int cc_new_list(struct cc_buf *out, const struct cc_ctx *ctx)
{
	struct cc_tdirs t;
	struct cc_strlist seen = {0};
	int ret = 0;

	cc_template_dirs(ctx, "content", &t);
	if (!t.n)
		ret = cc_error("no templates found: no templates/content/ next to the config and no "
			       "built-in set (set CONTENTCAL_TEMPLATES)");
	for (size_t i = 0; i < t.n && !ret; i++) {
		struct cc_strlist names = {0};
		if (t.v[i].refused) {
			ret = cc_error("template directory: %s", t.v[i].refused);
			break;
		}
		list_names(t.v[i].dir, &names);
		for (size_t k = 0; k < names.n; k++) {
			struct cc_buf line = CC_BUF_INIT;
			cc_buf_addf(&line, "%-14s %-20s %s/%s.md%s", names.v[k], cc_tsrc_names[t.v[i].src],
				    shown_dir(ctx, &t.v[i]), names.v[k],
				    cc_strlist_has(&seen, names.v[k]) ? " (overridden)" : "");
			cc_buf_add_safe(out, line.buf, false);
			cc_buf_addch(out, '\n');
			cc_buf_release(&line);
			cc_strlist_add(&seen, names.v[k]);
		}
		cc_strlist_clear(&names);
	}
	cc_strlist_clear(&seen);
	cc_tdirs_release(&t);
	return ret;
}

/* Reads the first template FORMAT.md; *where gets its path. 0, or -1 / USAGE with cc_error. */
static int read_template(const struct cc_ctx *ctx, const char *format, struct cc_buf *out, char **where)
{
	struct cc_tdirs t;
	struct cc_buf p = CC_BUF_INIT, names = CC_BUF_INIT;
	struct cc_strlist all = {0};

	cc_template_dirs(ctx, "content", &t);
	cc_buf_addf(&p, "%s.md", format);
	int r = cc_template_read(&t, p.buf, out, where);
	if (r == 1) {
		for (size_t i = 0; i < t.n; i++)
			if (!t.v[i].refused)
				list_names(t.v[i].dir, &all);
		for (size_t i = 0; i < all.n; i++)
			if (!i || strcmp(all.v[i], all.v[i - 1]))
				cc_buf_addf(&names, "%s%s", names.len ? ", " : "", all.v[i]);
		if (names.len)
			cc_error("no template for format '%s' (available: %s; see 'contentcal new --list')", format,
				 names.buf);
		else
			cc_error("no template for format '%s' and no templates found", format);
		r = USAGE;
	}
	cc_buf_release(&names);
	cc_strlist_clear(&all);
	cc_buf_release(&p);
	cc_tdirs_release(&t);
	return r;
}

/* Appends s as a YAML double-quoted scalar. */
/* In the front matter: a non-empty value as a quoted YAML scalar, an empty one as nothing. */
static int emit_yaml(struct cc_buf *out, const struct cc_template_var *v, const char *rest, size_t nrest,
		     void *arg)
{
	(void)rest, (void)nrest, (void)arg;
	if (*v->value)
		cc_buf_add_yaml_quoted(out, v->value);
	return 0;
}

/*
 * Expands the template into out (lib/template.h: {{ name }}). Front
 * matter: the block between a first line "---" and the next "---" or "..."
 * line. Returns 0, or -1 with cc_error (located).
 */
static int expand(const char *tmpl, const char *where, const struct cc_template_var *vals, size_t nvals,
		  struct cc_buf *out)
{
	const char *p = tmpl;
	int line = 1, fm = 0; /* 0 before, 1 inside, 2 after the front matter */
	int utf_line, utf_col;
	struct cc_template t = {.syntax = CC_TEMPLATE_TEXT, .where = where, .vars = vals, .nvars = nvals};

	if (!cc_utf8_check(tmpl, strlen(tmpl), &utf_line, &utf_col))
		return cc_error("%s:%d:%d: template is not valid UTF-8", where, utf_line, utf_col);
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		size_t start = out->len;
		bool fence = (len == 3 || (len == 4 && p[3] == '\r')) &&
			     (!strncmp(p, "---", 3) || (fm == 1 && !strncmp(p, "...", 3)));

		if (fence && fm == 0 && line == 1)
			fm = 1;
		else if (fence && fm == 1)
			fm = 2;
		else if (line == 1)
			fm = 2; /* no front matter */
		t.line = line;
		t.emit = fm == 1 ? emit_yaml : NULL;
		if (cc_template_run(&t, p, len, out) < 0)
			return -1;
		if (fm == 1) /* "persona: " with an empty value: drop the blank */
			while (out->len > start && (out->buf[out->len - 1] == ' ' || out->buf[out->len - 1] == '\t'))
				cc_buf_setlen(out, out->len - 1);
		if (!eol)
			break;
		cc_buf_addch(out, '\n');
		p = eol + 1;
		line++;
	}
	return 0;
}

/* In new.path: slugified, so that no value adds a '/' or ".."; an empty one is a usage error. */
static int emit_slug(struct cc_buf *out, const struct cc_template_var *v, const char *rest, size_t nrest,
		     void *arg)
{
	(void)rest, (void)nrest;
	char *slug = cc_slugify(v->value);
	if (!*slug) {
		free(slug);
		*(bool *)arg = true;
		return cc_error("new.path uses {%s}, which has no value: give --%s", v->name, v->name);
	}
	cc_buf_adds(out, slug);
	free(slug);
	return 0;
}

/* Expands new.path (lib/template.h: {name}), each value slugified. 0, or -1 / USAGE with cc_error. */
static int expand_path(const struct cc_ctx *ctx, const struct cc_template_var *vals, size_t nvals,
		       struct cc_buf *out)
{
	const char *pat = ctx->cfg.new_asset.path;
	bool usage = false;
	struct cc_template t = {.syntax = CC_TEMPLATE_PATH, .vars = vals, .nvars = nvals, .emit = emit_slug, .arg = &usage};
	if (cc_template_run(&t, pat, strlen(pat), out) == 0)
		return 0;
	if (usage)
		return USAGE;
	char *why = cc_xstrdup(cc_error_last());
	cc_error("new.path '%s': %s", pat, why);
	free(why);
	return -1;
}

/*
 * Creates rel (repository-relative, normalised) under root with O_EXCL,
 * creating missing directories, refusing symbolic links at every step.
 * Returns 0 with *fd_out open for writing, or -1 with cc_error.
 */
static int create_file(const char *root, const char *rel, int *fd_out)
{
	char *copy = cc_xstrdup(rel), *save = NULL;
	int dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret = -1;
	struct cc_buf done = CC_BUF_INIT;
	char *part = strtok_r(copy, "/", &save);

	if (dfd < 0) {
		cc_error("cannot open '%s': %s", root, strerror(errno));
		goto out;
	}
	while (part) {
		char *next = strtok_r(NULL, "/", &save);
		cc_buf_addf(&done, "%s%s", done.len ? "/" : "", part);
		if (!strcmp(part, ".git")) {
			cc_error("refusing to write inside the git directory: '%s'", done.buf);
			goto out;
		}
		if (!next) {
			int fd = openat(dfd, part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
			if (fd < 0) {
				if (errno == EEXIST)
					cc_error("'%s' already exists; not overwriting it", done.buf);
				else
					cc_error("cannot create '%s': %s", done.buf, strerror(errno));
				goto out;
			}
			*fd_out = fd;
			ret = 0;
			goto out;
		}
		if (mkdirat(dfd, part, 0777) < 0 && errno != EEXIST) {
			cc_error("cannot create directory '%s': %s", done.buf, strerror(errno));
			goto out;
		}
		int sub = openat(dfd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0) {
			struct stat st;
			if (fstatat(dfd, part, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
				cc_error("refusing to write through the symbolic link '%s'", done.buf);
			else
				cc_error("cannot open directory '%s': %s", done.buf, strerror(errno));
			goto out;
		}
		close(dfd);
		dfd = sub;
		part = next;
	}
	cc_error("empty path");
out:
	if (dfd >= 0)
		close(dfd);
	cc_buf_release(&done);
	free(copy);
	return ret;
}

static char *git_user_name(const struct cc_ctx *ctx)
{
	git_config *cfg = NULL, *snap = NULL;
	const char *name = NULL;
	char *ret;

	if (git_repository_config(&cfg, ctx->repo) == 0 && git_config_snapshot(&snap, cfg) == 0)
		git_config_get_string(&name, snap, "user.name");
	ret = cc_xstrdup(name ? name : "");
	git_config_free(snap);
	git_config_free(cfg);
	return ret;
}

/*
 * Creates rel under the work tree (create_file: never an existing file,
 * never through a link) and writes text; a failed write removes the file
 * it created. Returns 0, or -1 with cc_error.
 */
static int write_new_file(const char *root, const char *rel, const struct cc_buf *text)
{
	int fd = -1;
	if (create_file(root, rel, &fd) < 0)
		return -1;
	size_t off = 0;
	while (off < text->len) {
		ssize_t n = write(fd, text->buf + off, text->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			struct cc_buf path = CC_BUF_INIT;
			close(fd);
			cc_buf_addf(&path, "%s/%s", root, rel);
			unlink(path.buf);
			cc_buf_release(&path);
			return cc_error("cannot write '%s': %s", rel, strerror(e));
		}
		off += (size_t)n;
	}
	if (close(fd) < 0)
		return cc_error("cannot write '%s': %s", rel, strerror(errno));
	return 0;
}

/* Checks a status against the workflow: a new string, or NULL with cc_error. */
static char *check_status(const struct cc_config *cfg, const char *value)
{
	const struct cc_strlist *st = &cfg->statuses;
	char *c = cc_vocab_clean(value);
	struct cc_vocab v = {0};
	struct cc_buf all = CC_BUF_INIT;

	if (!st->n || cc_strlist_has(st, c))
		return c;
	for (size_t i = 0; i < st->n; i++) {
		cc_vocab_add(&v, st->v[i]);
		cc_buf_addf(&all, "%s%s", i ? ", " : "", st->v[i]);
	}
	const char *near = cc_vocab_nearest(&v, c);
	if (near)
		cc_error("unknown status '%s'; did you mean '%s'?", value, near);
	else
		cc_error("unknown status '%s' (workflow: %s)", value, all.buf);
	cc_vocab_release(&v);
	cc_buf_release(&all);
	free(c);
	return NULL;
}

/* The canonical format for FORMAT, or NULL with cc_error. */
static char *check_format(const struct cc_config *cfg, const char *value)
{
	const struct cc_vocab *v = &cfg->formats;
	char *c = cc_vocab_clean(value);
	const char *canon = NULL;

	if (v->n) {
		if (cc_vocab_lookup(v, c, &canon) < 0) {
			char *valid = cc_vocab_suggest(v, c);
			cc_error("unknown format '%s'%s", value, valid);
			free(valid);
			free(c);
			return NULL;
		}
		free(c);
		c = cc_xstrdup(canon);
	}
	if (!valid_name(c)) {
		cc_error("'%s' cannot name a template (letters, digits and '-' only)", value);
		free(c);
		return NULL;
	}
	return c;
}

/* A title is one line of valid UTF-8, with a slug. 0, or USAGE with cc_error. */
static int check_title(const char *title, const char *slug)
{
	if (!cc_utf8_check(title, strlen(title), NULL, NULL))
		return cc_error("the title is not valid UTF-8") - 1;
	for (const unsigned char *p = (const unsigned char *)title; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return cc_error("the title must be one line of text") - 1;
	if (!*slug)
		return cc_error("the title '%s' gives an empty slug; use letters or digits", title) - 1;
	return 0;
}

/* The values a new asset's template and path see. */
struct new_values {
	char *format, *slug, *status, *author;
	char date[32], year[8], month[4], today[11];
};

static void new_values_release(struct new_values *v)
{
	free(v->format);
	free(v->slug);
	free(v->status);
	free(v->author);
}

/* Checks the options into *v. 0, or USAGE with cc_error. */
static int new_values_of(struct new_values *v, const struct cc_ctx *ctx, const struct cc_new_options *o)
{
	const struct cc_strlist *st = &ctx->cfg.statuses;
	struct cc_date d;

	memset(v, 0, sizeof(*v));
	cc_day_format(v->today, cc_today());
	if (o->date) {
		if (cc_date_parse(&d, o->date) < 0)
			return cc_error("--date takes a date (YYYY-MM-DD), not '%s'", o->date) - 1;
		if (d.has_time)
			snprintf(v->date, sizeof(v->date), "%s", o->date);
		else
			cc_day_format(v->date, cc_date_days(&d));
		snprintf(v->year, sizeof(v->year), "%04d", d.year);
		snprintf(v->month, sizeof(v->month), "%02d", d.month);
	} else {
		snprintf(v->year, sizeof(v->year), "%.4s", v->today);
		snprintf(v->month, sizeof(v->month), "%.2s", v->today + 5);
	}
	if (o->status && !(v->status = check_status(&ctx->cfg, o->status)))
		return USAGE;
	if (!v->status)
		v->status = cc_xstrdup(!st->n || cc_strlist_has(st, "draft") ? "draft" : st->v[0]);
	v->slug = cc_slugify(o->title);
	if (check_title(o->title, v->slug) || !(v->format = check_format(&ctx->cfg, o->format)))
		return USAGE;
	v->author = git_user_name(ctx);
	return 0;
}

/* The repository-relative path of the new file, checked against the content globs. */
static int new_path(char **rel, char **warning, const struct cc_ctx *ctx, const struct cc_new_options *o,
		    const struct cc_template_var *pvals, size_t npvals)
{
	const struct cc_config *cfg = &ctx->cfg;
	struct cc_buf path = CC_BUF_INIT, globs = CC_BUF_INIT;
	int ret = 0;

	/* The path: config directory + pattern, kept inside the work tree. */
	cc_buf_addf(&path, "%s%s%s/", ctx->root, *cfg->dir ? "/" : "", cfg->dir);
	if ((ret = expand_path(ctx, pvals, npvals, &path)) < 0)
		goto out;
	if (!(*rel = cc_ctx_repo_path(ctx, path.buf))) {
		char *why = cc_xstrdup(cc_error_last());
		ret = cc_error("new.path '%s' leads outside the repository: %s", cfg->new_asset.path, why);
		free(why);
		goto out;
	}
	if (!**rel) {
		ret = cc_error("new.path '%s' names the work tree itself", cfg->new_asset.path);
		goto out;
	}
	bool in_git = !strncmp(*rel, ".git/", 5) || strstr(*rel, "/.git/"); /* create_file refuses it */
	if (in_git || cc_index_is_content(ctx, *rel))
		goto out;
	/* A file outside content: would silently never be indexed. */
	for (size_t i = 0; i < cfg->content.n; i++)
		cc_buf_addf(&globs, "%s%s", i ? ", " : "", cfg->content.v[i]);
	for (size_t i = 0; i < cfg->exclude.n; i++)
		cc_buf_addf(&globs, "%s%s", i ? ", " : "; not ", cfg->exclude.v[i]);
	if (!o->force) {
		ret = cc_error("'%s' is outside the content globs (%s%s%s), so it would not be indexed; "
			       "change new.path or content, or give --force", *rel, *cfg->dir ? cfg->dir : "",
			       *cfg->dir ? ": " : "", globs.buf);
		goto out;
	}
	cc_buf_reset(&path);
	cc_buf_addf(&path, "'%s' is outside the content globs (%s); it will not be indexed", *rel, globs.buf);
	*warning = cc_buf_detach(&path, NULL);
out:
	cc_buf_release(&globs);
	cc_buf_release(&path);
	return ret;
}

int cc_new_asset(char **created, char **warning, const struct cc_ctx *ctx, const struct cc_new_options *o)
{
	struct new_values v;
	struct cc_buf tmpl = CC_BUF_INIT, text = CC_BUF_INIT;
	char *where = NULL, *rel = NULL;
	int ret;

	*created = *warning = NULL;
	if ((ret = new_values_of(&v, ctx, o)))
		goto out;
	const char *stage = o->tags[CC_DIM_STAGE] ? o->tags[CC_DIM_STAGE] : "";
	const char *persona = o->tags[CC_DIM_PERSONA] ? o->tags[CC_DIM_PERSONA] : "";
	const char *topic = o->tags[CC_DIM_TOPIC] ? o->tags[CC_DIM_TOPIC] : "";
	const struct cc_template_var vals[] = {
		{"title", o->title}, {"slug", v.slug}, {"date", v.date}, {"today", v.today},
		{"status", v.status}, {"format", v.format}, {"stage", stage}, {"persona", persona},
		{"topic", topic}, {"author", v.author},
	};
	const struct cc_template_var pvals[] = {
		{"format", v.format}, {"slug", v.slug}, {"date", *v.date ? v.date : v.today},
		{"year", v.year}, {"month", v.month}, {"stage", stage}, {"persona", persona}, {"topic", topic},
	};
	if ((ret = read_template(ctx, v.format, &tmpl, &where)) ||
	    (ret = expand(tmpl.buf, where, vals, sizeof(vals) / sizeof(vals[0]), &text)) ||
	    (ret = new_path(&rel, warning, ctx, o, pvals, sizeof(pvals) / sizeof(pvals[0]))) ||
	    (ret = write_new_file(ctx->root, rel, &text)))
		goto out;
	*created = rel;
	rel = NULL;
out:
	if (ret) {
		free(*warning);
		*warning = NULL;
	}
	new_values_release(&v);
	free(where);
	free(rel);
	cc_buf_release(&tmpl);
	cc_buf_release(&text);
	return ret;
}
